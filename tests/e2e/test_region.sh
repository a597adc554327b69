#!/usr/bin/env bash
# test_region.sh — renders examples/region-yuan-2024, a 9-table regional
# template written in YAML alone (a set extending standard-2024): amounts in
# 元, 类/款/项 columns, 编制部门, a 国有资本经营预算 table, 三公 with
# 机关运行经费 (in 万元, each figure as entered), an empty 政府性基金 table
# with a blank 合计 row and its note, and the 项目支出绩效目标表 as a form
# (kind: form): one form per project, each from a new page, the form's
# title, caption and head block repeated on a continuation page, one
# bookmark per project under the table's.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tool qpdf pdffonts pdfinfo pdftotext mutool awk

DEPT="$SRC/examples/region-yuan-2024"
PDF="$TMP/region.pdf"
[ -f "$DEPT/layouts/09-project-performance.yaml" ] || fail "the example's form layout is missing"

check "check passes: every figure adds up, the form's amounts included"
run "$BP" check "$DEPT"
expect_rc 0 "budgetpdf check $DEPT"
expect_out_has "0 errors, 0 rounding warnings" "budgetpdf check $DEPT"

check "render exits 0; qpdf --check passes; every font embedded with ToUnicode"
render "$DEPT" "$PDF"
run qpdf --check "$PDF"
expect_rc 0 "qpdf --check"
quiet_tool pdffonts "$PDF" | awk 'NR > 2 { n++; if ($(NF-4) != "yes" || $(NF-2) != "yes") bad = 1 }
    END { exit bad || n < 1 }' || fail "fonts not embedded or without ToUnicode"

pages=$(split_pages "$PDF" "$TMP/p")
ALL="$TMP/p/all.txt"
check "every table's title ($pages pages)"
expect_texts "$ALL" "table title" <<'EOF'
2024年部门收支预算总表
2024年部门收入预算总表
2024年部门支出预算总表
2024年财政拨款收支预算总表
2024年一般公共预算支出预算表
2024年“三公”经费和机关运行经费预算表
2024年政府性基金预算支出预算表
2024年国有资本经营预算支出预算表
2024年项目支出绩效目标表
编制部门：青川县农业农村局
单位：元
机关运行经费
注：青川县农业农村局2024年没有使用政府性基金预算拨款安排的支出，本表为空表。
EOF

check "the empty 政府性基金 table: its header, a blank 合计 row and its note"
f=0
for ((i = 1; i <= pages; i++)); do
    if grep -qF 2024年政府性基金预算支出预算表 "$TMP/p/$i.sq" && ! grep -qF 目录 "$TMP/p/$i.sq"; then f=$i; fi
done
[ "$f" -gt 0 ] || fail "no page of the 政府性基金 table"
grep -qF 项目支出类款项合计注： "$TMP/p/$f.sq" ||
    fail "page $f: not the header, a blank 合计 row, then the note: $(cat "$TMP/p/$f.sq")"

check "三公 and 机关运行经费 in 万元, each figure with the decimals it has"
f=0
for ((i = 1; i <= pages; i++)); do
    if grep -qF 2024年“三公”经费和机关运行经费预算表 "$TMP/p/$i.sq" && ! grep -qF 目录 "$TMP/p/$i.sq"; then f=$i; fi
done
[ "$f" -gt 0 ] || fail "no page of the 三公 table"
grep -qF 单位：万元 "$TMP/p/$f.sq" || fail "page $f: the 三公 table is not in 万元"
grep -qE '(^|[^0-9.])8\.6 +0 +6 +0 +6 +2\.6 +71\.158( |$)' "$TMP/p/$f.txt" ||
    fail "page $f: the figures are not printed as entered (8.6 0 6 0 6 2.6 71.158): $(cat "$TMP/p/$f.txt")"

# the page (1-based) on which a text first occurs, or 0
first_page() {
    local i
    for ((i = 1; i <= pages; i++)); do
        if grep -qF "$1" "$TMP/p/$i.sq"; then echo "$i"; return; fi
    done
    echo 0
}

check "one form per project, each starting on its own page under the form's title"
projects=(高标准农田建设项目 农村人居环境整治项目 国有农场改革发展项目)
prev=0
for name in "${projects[@]}"; do
    p=$(first_page "项目名称$name")
    [ "$p" -gt 0 ] || fail "no form with 项目名称 $name"
    [ "$p" -gt "$prev" ] || fail "the form of $name (page $p) does not follow the previous one (page $prev)"
    sq="$TMP/p/$p.sq"
    grep -qF "2024年项目支出绩效目标表" "$sq" || fail "page $p ($name) has no form title"
    ! grep -qF "（续表）" "$sq" || fail "page $p, the first of $name's form, is titled as a continuation"
    for other in "${projects[@]}"; do
        [ "$other" = "$name" ] || ! grep -qF "$other" "$sq" ||
            fail "page $p holds the form of $name and also $other: a project does not start a new page"
    done
    grep -qF 主管部门青川县农业农村局 "$sq" || fail "page $p ($name): 主管部门 {department} not filled"
    prev=$p
done

check "the long form runs over a page: its head block and items header are repeated"
p=$(first_page 项目名称高标准农田建设项目)
q=$((p + 1))
sq="$TMP/p/$q.sq"
grep -qF "2024年项目支出绩效目标表（续表）" "$sq" || fail "page $q: no continued title"
grep -qF 编制部门：青川县农业农村局 "$sq" || fail "page $q: no caption"
grep -qF 项目名称高标准农田建设项目 "$sq" || fail "page $q: the head block (项目名称) is not repeated"
grep -qF 项目编码118001 "$sq" || fail "page $q: the head block (项目编码) is not repeated"
grep -qF 一级指标二级指标三级指标指标值 "$sq" || fail "page $q: the items header is not repeated"
grep -qF 新型农业经营主体满意度 "$sq" || fail "page $q: the last indicator is not there"
! grep -qF 年度资金总额 "$sq" || fail "page $q: the fields block (项目资金) is printed again"
grep -qF 2,480,000.00 "$TMP/p/$p.sq" || fail "page $p: 年度资金总额 not printed as an amount (2,480,000.00)"

check "a bookmark per project, under the form table's"
mutool show "$PDF" outline >"$TMP/outline.txt" 2>/dev/null || fail "mutool cannot read the outline"
awk '/"九、项目支出绩效目标表"/ { d = index($0, "\""); t = 1; next }
    t && /"/ { if (index($0, "\"") > d) kids = kids "|" $0; else t = 0 }
    END { n = split("高标准农田建设项目 农村人居环境整治项目 国有农场改革发展项目", want, " ")
          for (i = 1; i <= n; i++) if (!index(kids, "\"" want[i] "\"")) { print "missing " want[i]; bad = 1 }
          exit bad }' "$TMP/outline.txt" || fail "the project bookmarks are not under the table's: $(cat "$TMP/outline.txt")"

pass
