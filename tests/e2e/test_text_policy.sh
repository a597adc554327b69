#!/usr/bin/env bash
# test_text_policy.sh — issue 23, the figures of the text and one policy for
# text and tables: a figure's unit in the expression ({{ … 万元 }}) and for
# the whole text (figures: unit:), `/ 10000` accepted; the previous year
# from last year's department folder or workbook; `check` evaluates every
# {{ }} as render does (a malformed one in an HTML comment fails with exit
# 3 and its place); render refuses a text error as a table error
# (--no-check renders anyway); a typed figure near a table figure is an
# error naming the cell; the year check passes comparisons and earlier
# years in their context; shares are checked when one of them is typed; the
# seed's check is unchanged (0 errors, 4 rounding warnings).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tool pdftotext

check "the seed: check unchanged (0 errors, 4 rounding warnings), render writes it"
run "$BP" check "$SEED"
expect_rc 0 "check the seed"
tail -n 1 "$RUN_OUT" | grep -q ": 0 errors, 4 rounding warnings (" ||
    fail "the seed's summary: $(tail -n 1 "$RUN_OUT")"
render "$SEED" "$TMP/seed.pdf"
pdftotext "$TMP/seed.pdf" - | tr -d ' \n\f' >"$TMP/seed.txt"

# a table in 元 (the variant: one table, department unit 元)
V="$TMP/yuan"
cp -r "$SRC/examples/variant-yuan-2024" "$V"
chmod -R u+w "$V"
G='gpb-expenditure-yuan[name=合计]'
cat >"$V/document.md" <<EOF
# 第一部分 部门预算情况说明

一般公共预算支出{{ $G.total 万元 }}万元，其中：基本支出{{ $G.basic_total / 10000 }}万元，占{{ share($G.basic_total, $G.basic_total, $G.project_total) }}；项目支出{{ $G.project_total }}元。
EOF

check "units: {{ … 万元 }} converts a 元 table's figure exactly; / 10000 is accepted"
render "$V" "$TMP/yuan.pdf"
pdftotext "$TMP/yuan.pdf" - | tr -d ' \n\f' >"$TMP/yuan.txt"
grep -qF "一般公共预算支出6828.4万元，其中：基本支出1619.4万元，占23.72%；项目支出52090000元。" "$TMP/yuan.txt" ||
    { cat "$TMP/yuan.txt" >&2; fail "the figures in 万元 over a 元 table"; }
run "$BP" check "$V"
expect_rc 0 "check with units in the figures"

check "units: figures: unit: in department.yaml's overrides prints every figure in 万元, once"
printf 'overrides:\n  figures: {unit: 万元, decimals: 2}\n' >>"$V/department.yaml"
render "$V" "$TMP/yuan2.pdf"
pdftotext "$TMP/yuan2.pdf" - | tr -d ' \n\f' >"$TMP/yuan2.txt"
grep -qF "基本支出1619.4万元" "$TMP/yuan2.txt" || fail "/ 10000 converted twice under figures: unit:"
grep -qF "项目支出5209元" "$TMP/yuan2.txt" || { cat "$TMP/yuan2.txt" >&2; fail "figures: unit: 万元 not applied"; }

check "units: a unit on a number is an error naming its place"
printf '# 第一部分\n\n合计{{ 100 万元 }}。\n' >"$V/document.md"
run "$BP" check "$V"
expect_rc 3 "check a number with a unit"
expect_err_has "document.md:3:10: '100' has no unit to convert to 万元" "the unit's place"

# last year's department: a folder and a workbook, bound by this year's set
Y="$TMP/years"
mkdir -p "$Y/2024" "$Y/2023"
copy_seed "$Y/2024/dept"
copy_seed "$Y/2023/dept"
P="$Y/2023/dept"
rm "$P/document.md" "$P/previous-2023.yaml"
sed -i 's/^year: 2024/year: 2023/; /^previous:/d' "$P/department.yaml"
sed -i 's/^收入总计,6828.4,支出总计,6828.4/收入总计,2237.8,支出总计,2237.8/' "$P/01-income-expense.csv"
sed -i 's/^收入合计:,6828.4,支出合计,6828.4,6828.4,6828.4,,/收入合计:,2237.8,支出合计,2237.8,2237.8,2237.8,,/' \
    "$P/04-fiscal-income-expense.csv"
D="$Y/2024/dept"
rm "$D/previous-2023.yaml"

check "previous: last year's department folder gives prev() and change() their figures"
sed -i 's|^previous:.*|previous: ../../2023/dept|' "$D/department.yaml"
render "$D" "$TMP/prev-dir.pdf"
pdftotext "$TMP/prev-dir.pdf" - | tr -d ' \n\f' >"$TMP/prev-dir.txt"
grep -qF "收入增加4590.6万元" "$TMP/prev-dir.txt" || fail "change() from last year's folder"
cmp -s "$TMP/seed.txt" "$TMP/prev-dir.txt" || fail "not the seed's text (its previous-2023.yaml's figures)"

run "$BP" render "$D" -o "$P/01-income-expense.csv"
expect_rc 2 "-o onto last year's CSV"
expect_err_has "an input of this run, which the output would replace" "last year's files are inputs"
grep -q '^收入总计,2237.8' "$P/01-income-expense.csv" || fail "last year's CSV was replaced"

check "previous: last year's workbook"
[ -x "$BUILD/gen-annex-workbook" ] || fail "needs gen-annex-workbook (tests/gen_annex_workbook.c)"
"$BUILD/gen-annex-workbook" "$P" "$SRC/layouts/standard-2024" "$Y/2023/book.xlsx" >/dev/null ||
    fail "gen-annex-workbook"
sed -i 's|^previous:.*|previous: ../../2023/book.xlsx|' "$D/department.yaml"
render "$D" "$TMP/prev-wb.pdf"
pdftotext "$TMP/prev-wb.pdf" - | tr -d ' \n\f' | cmp -s "$TMP/seed.txt" - ||
    fail "not the seed's text from last year's workbook"

check "previous: errors name department.yaml's line (missing, wrong year, not a regular file)"
sed -i 's|^previous:.*|previous: ../../2023/nothere|' "$D/department.yaml"
run "$BP" render "$D" -o "$TMP/x.pdf"
expect_rc 3 "a missing previous folder"
expect_err_match "department.yaml:[0-9]+:11: previous: last year's department: .*is not a department folder nor a workbook" \
    "a missing previous folder"
sed -i 's|^previous:.*|previous: ../../2024/dept|' "$D/department.yaml"
run "$BP" render "$D" -o "$TMP/x.pdf"
expect_rc 3 "this year as the previous"
expect_err_has "is the department of 2024, not of the year before 2024 (2023)" "the wrong year"
mkfifo "$Y/2023/pipe.xlsx"
sed -i 's|^previous:.*|previous: ../../2023/pipe.xlsx|' "$D/department.yaml"
run timeout 20 "$BP" render "$D" -o "$TMP/x.pdf"
expect_rc 3 "a FIFO as the previous workbook"
expect_err_has "pipe.xlsx: not a regular file" "a FIFO is refused"
[ ! -e "$TMP/x.pdf" ] || fail "a PDF was written"

check "check evaluates every {{ }} as render: a malformed one in an HTML comment fails with exit 3"
C="$TMP/comment"
copy_seed "$C"
printf '\n<!-- {{ 01[in_item=收入总计 }} -->\n' >>"$C/document.md"
line=$(wc -l <"$C/document.md")
run "$BP" check "$C"
expect_rc 3 "check with a malformed figure in a comment"
expect_err_has "document.md:$line:9: unclosed '[' or '\"'" "check names the figure's place"
run "$BP" render "$C" -o "$TMP/c.pdf"
expect_rc 3 "render with a malformed figure in a comment"
expect_err_has "document.md:$line:9: unclosed '[' or '\"'" "render names the same place"

check "a share typed beside a share as an expression is checked; render refuses it, --no-check renders"
S="$TMP/shares"
copy_seed "$S"
sed -i 's/占{{ pct(06\[dept_code=合计\].personnel, 06\[dept_code=合计\].total) }}/占24.12%/' "$S/document.md"
grep -q "占24.12%" "$S/document.md" || fail "the fixture's edit"
run "$BP" check "$S"
expect_rc 1 "check a typed share that does not add up"
expect_out_has "the shares 24.12% + 65.88% add up to 90.00%, not 100%" "the share finding"
run "$BP" render "$S" -o "$TMP/s.pdf"
expect_rc 1 "render a text with a share error"
expect_err_has "1 check failed, no PDF written" "render's refusal"
expect_err_has "the shares 24.12% + 65.88% add up to 90.00%" "render names the text's error"
[ ! -e "$TMP/s.pdf" ] || fail "render wrote a PDF"
run "$BP" render "$S" -o "$TMP/s.pdf" --no-check
expect_rc 0 "render --no-check"
[ -s "$TMP/s.pdf" ] || fail "render --no-check wrote no PDF"
sed -i 's/占24.12%/占34.12%/' "$S/document.md"
run "$BP" check "$S"
expect_rc 0 "a typed share that adds up"

check "a typed figure near a table figure is an error naming the cell (added, swapped, 万元/元)"
N="$TMP/near"
copy_seed "$N"
sed -i 's/人员经费支出{{ 06\[dept_code=合计\].personnel }}万元/人员经费支出5552.6万元/' "$N/document.md"
sed -i 's/项目支出{{ 03\[name=合计\].project_total }}万元/项目支出5290万元/' "$N/document.md"
sed -i 's/公用经费支出{{ 06\[dept_code=合计\].public }}万元/公用经费支出1066.8元/' "$N/document.md"
run "$BP" check "$N"
expect_rc 1 "check near misses"
expect_out_has "typed figure 5552.6万元 is no table figure; it was meant to be 06 一般公共预算基本支出表, 合计, 人员经费, 552.6 万元 (a digit added)" "a digit added"
expect_out_has "typed figure 5290万元 is no table figure; it was meant to be 03 部门支出总体情况表, 合计, 项目支出, 5209.0 万元 (two digits swapped)" "two digits swapped"
expect_out_has "typed figure 1066.8元 is in the wrong unit: 06 一般公共预算基本支出表, 合计, 公用经费 holds 1066.8 万元 (a 万元/元 slip)" "a 万元/元 slip"
tail -n 1 "$RUN_OUT" | grep -q ": 3 errors, 4 rounding warnings (" || fail "summary: $(tail -n 1 "$RUN_OUT")"
run "$BP" render "$N" -o "$TMP/n.pdf"
expect_rc 1 "render refuses the near misses"
run "$BP" check --format json "$N"
python3 - "$RUN_OUT" <<'PY' || fail "the near misses as JSON"
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
near = [f for f in r["findings"] if f["kind"] == "text_figures" and f["severity"] == "error"]
assert sorted((f["found"], f["expected"]) for f in near) == \
    [("1066.8", "10668000.0"), ("5290", "5209.0"), ("5552.6", "552.6")], near
PY

check "years: comparisons, spans and earlier years pass; a year given as the budget's is flagged"
Yr="$TMP/year"
copy_seed "$Yr"
cat >>"$Yr/document.md" <<'EOF'

比2022年预算增加，与2023年预算持平，拟从2020年起实施，自2018年以来，截至2023年底，2019年决算数。

2023年部门预算收入合计{{ 02[name=合计].total }}万元。
EOF
n=$(wc -l <"$Yr/document.md")
run "$BP" check "$Yr"
expect_rc 1 "check a text with a year given as the budget's"
grep -c "years in the text" "$RUN_OUT" | grep -qx 1 || { cat "$RUN_OUT" >&2; fail "not exactly one year finding"; }
expect_out_has "document.md:$n:1: 2023年 is given as the year of the budget, which is 2024" "the year finding"

pass
