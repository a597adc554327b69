#!/usr/bin/env bash
# test_i18n_report.sh — the text checks' findings and the check report in
# the user's language (docs/i18n.md): on a copy of the seed with a changed
# table cell and many findings in its text (a wrong typed figure, a figure
# typed in 元, shares that do not add up, a year that is not the budget's,
# a word and a clause printed twice, a wrong department name, leftover
# template text), and a layout whose title has another year and whose
# caption another name, `check` under LANG=zh_CN.UTF-8 writes every text
# finding (message and rule) and every line in Chinese, with no English
# word left, and under LANG=C in English; the report (`--report`) under zh_CN has no English
# word in its pages (pdftotext) nor in its notes (/Contents), outside file
# names, cell references and codes.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tool pdftotext qpdf
export BUDGETPDF_LOCALEDIR="$BUILD/locale"
[ -f "$BUDGETPDF_LOCALEDIR/zh_CN/LC_MESSAGES/budgetpdf.mo" ] || fail "no compiled catalogue in $BUDGETPDF_LOCALEDIR"
READ="$SRC/tests/e2e/report_pdf.py"
ZH=(env -u LC_ALL -u LANGUAGE LANG=zh_CN.UTF-8)
EN=(env -u LC_ALL -u LANGUAGE LANG=C)

D="$TMP/dept"
copy_seed "$D"
M="$D/document.md"
NAME=郑州高新技术产业开发区新型智慧城市运行中心
# a leaf's figure changed: its row rule and its 款's sum fail
sed -i 's/^2120102,一般行政管理事务,100.0,0,0,0,0,0,100.0,0,100.0$/2120102,一般行政管理事务,100.0,0,0,0,0,0,110.0,0,100.0/' "$D/05-gpb-expenditure.csv"
# the text: a typed figure with two digits swapped, a figure typed in 元,
# shares typed that do not add up, a year of the title, a doubled word and
# clause, another department's name, leftover template text
sed -i 's/收入总计{{ 01\[in_item=收入总计\].in_amount }}万元/收入总计6882.4万元/' "$M"
sed -i 's/支出总计{{ 01\[out_item=支出总计\].out_amount }}万元/支出总计6828.4元/' "$M"
sed -i 's/占{{ share(03\[name=合计\].basic_total, [^}]*}}/占23.72%/; s/占{{ share(03\[name=合计\].project_total, [^}]*}}/占65.78%/' "$M"
sed -i '1s/^2024年/2019年/' "$M"
sed -i '30s/主要原因是部门职责调整，新增项目支出。/主要原因是部门职责调整调整，新增项目支出，新增项目支出。/' "$M"
sed -i "72s/^$NAME/郑州高新技术产业开发区新型智慧城市管理中心/" "$M"
sed -i '76s/0万元。$/XX万元。/' "$M"
for s in 6882.4万元 6828.4元 占65.78% 2019年 调整调整 城市管理中心 XX万元; do
    grep -qF "$s" "$M" || fail "the seed's document.md was not changed: $s"
done
# and the layout's own texts: a title with another year, a caption with
# another department's name (findings on the layout, 标题 and 表头说明)
L="$TMP/layouts"
cp -r "$SRC/layouts/standard-2024" "$L"
chmod -R u+w "$L"
sed -i 's/^title: "{year}年一般公共预算支出情况表"$/title: "2019年一般公共预算支出情况表"/; s/^  left: "部门名称：{department}"$/  left: "部门名称：郑州高新区某某局"/' "$L/05-gpb-expenditure.yaml"
grep -qF '2019年一般' "$L/05-gpb-expenditure.yaml" && grep -qF '某某局' "$L/05-gpb-expenditure.yaml" ||
    fail "the layout's texts were not changed"

# The department's own words (its text without its {{ }} expressions, its
# tables without their header lines: 各类APP…), which the report quotes.
own_words() {
    { sed 's/{{[^}]*}}//g' "$D/document.md"; for f in "$D"/*.csv; do tail -n +2 "$f"; done; } |
        grep -oE '[A-Za-z]{3,}' | sort -u
}

# english_words FILE: the words of three letters or more left once paths,
# file names, cell references ([name=合计], [表7!B:B]), codes and the
# department's own words are taken out
english_words() {
    sed -e "s|$D||g; s|$SRC||g" \
        -e 's/[A-Za-z0-9_./-]*\.\(md\|csv\|yaml\|xlsx\|xls\|docx\|pdf\)//g' \
        -e 's/\[[^]]*[=!][^]]*\]//g; s/empty_note//g' "$1" |
        grep -oE '[A-Za-z]{3,}' | sort -u | comm -23 - <(own_words) | tr '\n' ' ' || true
}

# text_findings JSON: "rule<TAB>message" of each finding in document.md
text_findings() {
    python3 - "$1" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1], encoding="utf-8"))
for f in j["findings"]:
    src = f.get("source") or {}
    if src.get("where", "").split(":")[0].endswith("document.md"):
        print(f["rule"] + "\t" + f["message"].replace("\n", " "))
EOF
}

check "zh_CN: every text finding's message and rule is Chinese"
run "${ZH[@]}" "$BP" check -q "$D" --layouts "$L" --format json
expect_rc 1 "check in Chinese"
text_findings "$RUN_OUT" >"$TMP/zh.tsv"
n=$(wc -l <"$TMP/zh.tsv")
[ "$n" -ge 8 ] || fail "only $n text findings: $(cat "$TMP/zh.tsv")"
while IFS= read -r l; do
    grep -qP '\p{Han}' <<<"$l" || fail "a text finding without Chinese: $l"
done <"$TMP/zh.tsv"
left=$(english_words "$TMP/zh.tsv")
[ -z "$left" ] || fail "English words in the Chinese text findings ($left): $(cat "$TMP/zh.tsv")"
for s in "连续出现两次" "各项占比" "2019年被写作预算年度" "部门名称写作" "残留模板文字" \
    "两位数字顺序颠倒" "万元与元混淆" "正文中手工录入的数字应为表中的数字"; do
    grep -qF "$s" "$TMP/zh.tsv" || fail "no '$s' among the Chinese text findings: $(cat "$TMP/zh.tsv")"
done

check "zh_CN: every line of check is Chinese, the layout's texts' findings included"
run "${ZH[@]}" "$BP" check "$D" --layouts "$L"
expect_rc 1 "check in Chinese (text)"
expect_out_has "警告：$D/document.md:38:97：数字为手工录入：23.72%" "a warning in Chinese"
expect_out_has "05 一般公共预算支出情况表，标题：写的是 2019年，department.yaml 为 2024" "the title's year in Chinese"
expect_out_has "05 一般公共预算支出情况表，表头说明：部门名称为“郑州高新区某某局”" "the caption's name in Chinese"
left=$(english_words "$RUN_OUT")
[ -z "$left" ] || fail "English words in the Chinese lines ($left): $(cat "$RUN_OUT")"

check "C: the same findings in English"
run "${EN[@]}" "$BP" check -q "$D" --layouts "$L" --format json
expect_rc 1 "check in English"
text_findings "$RUN_OUT" >"$TMP/en.tsv"
[ "$(wc -l <"$TMP/en.tsv")" = "$n" ] || fail "not the same findings in English: $(cat "$TMP/en.tsv")"
for s in "twice in a row" "add up to" "is given as the year of the budget" "names the department" \
    "leftover template text" "two digits swapped" "wrong unit" "a figure typed in the text is a figure of the tables"; do
    grep -qF "$s" "$TMP/en.tsv" || fail "no '$s' among the English text findings: $(cat "$TMP/en.tsv")"
done
! grep -qE '连续出现两次|各项占比|被写作预算年度|残留模板文字' "$TMP/en.tsv" || fail "Chinese messages under LANG=C"
run "${EN[@]}" "$BP" check "$D" --layouts "$L"
expect_out_has "warning: $D/document.md:38:97: figure typed as text: 23.72%" "a warning in English"
expect_out_has "05 一般公共预算支出情况表, title: says 2019年, department.yaml says 2024" "the title's year in English"

check "zh_CN: the check report has no English word, in its pages nor in its notes"
run "${ZH[@]}" "$BP" check -q "$D" --layouts "$L" --report "$TMP/zh.pdf"
expect_rc 1 "check --report in Chinese"
pdftotext "$TMP/zh.pdf" "$TMP/zh.txt"
tr -d ' \n' <"$TMP/zh.txt" >"$TMP/zh.joined" # lines wrapped on the page, joined
grep -qF "校验报告" "$TMP/zh.joined" || fail "no report"
grep -qF "连续出现两次" "$TMP/zh.joined" || fail "the text findings are not listed in Chinese"
grep -qF "也未通过另一条规则" "$TMP/zh.joined" || fail "the leaf's blame is not listed in Chinese"
left=$(english_words "$TMP/zh.joined")
[ -z "$left" ] || fail "English words in the Chinese report's pages: $left"
python3 "$READ" annots "$TMP/zh.pdf" | cut -f4,5 >"$TMP/zh-notes.tsv"
[ "$(wc -l <"$TMP/zh-notes.tsv")" -ge "$n" ] || fail "fewer notes than text findings"
left=$(english_words "$TMP/zh-notes.tsv")
[ -z "$left" ] || fail "English words in the Chinese report's notes: $left"

check "C: the report lists the findings in English (its own words stay Chinese)"
run "${EN[@]}" "$BP" check -q "$D" --layouts "$L" --report "$TMP/en.pdf"
expect_rc 1 "check --report in English"
pdftotext "$TMP/en.pdf" "$TMP/en.txt"
grep -qF "校验报告" "$TMP/en.txt" || fail "no report"
tr '\n' ' ' <"$TMP/en.txt" | tr -s ' ' >"$TMP/en.joined"
grep -qF "twice in a row" "$TMP/en.joined" || fail "the findings are not listed in English"

pass
