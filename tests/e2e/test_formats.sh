#!/usr/bin/env bash
# test_formats.sh — number formats, empty tables, the cover and contents
# pages, and contents numbering (tests/fixtures/formats/):
#   as-entered:      figures printed with the decimals they were entered with,
#                    zero as "-" or as a number, a row rule's format for 合计;
#                    the column stays an amount column (checks see it);
#   empty-total:     all-zero tables are empty: header + blank 合计 row + note,
#                    rows + note, header + note; `check` agrees (passes);
#   front-landscape: landscape cover (with more lines) and contents page,
#                    contents lines numbered 6. and （七）, check messages
#                    naming those tables without the numbering.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tool pdfinfo pdftotext awk

FIX="$SRC/tests/fixtures/formats"

# row_line TEXTFILE FIRSTWORD: the line of the raw text starting with FIRSTWORD.
row_line() {
    awk -v w="$2" '$1 == w { print; exit }' "$1"
}

check "as entered: each figure with its own decimals; zero as '-' or as written"
render "$FIX/as-entered" "$TMP/as.pdf"
pdf_text "$TMP/as.pdf" >"$TMP/as.txt"
while IFS='|' read -r first want; do
    got=$(row_line "$TMP/as.txt" "$first")
    [ "$got" = "$want" ] || fail "row $first: '$got', expected '$want'"
done <<'EOF2'
合计|合计 55.68 50.00 5.68
因公出国（境）费|因公出国（境）费 12.5 - 12.5
公务接待费|公务接待费 0 - -
公务用车购置及运行费|公务用车购置及运行费 3 2.5 0.5
机关运行经费|机关运行经费 40.18 47.5 -7.32
EOF2

check "as entered: the column is still an amount column, checked by the rules"
run "$BP" check "$FIX/as-entered"
expect_rc 0 "budgetpdf check as-entered"
cp -r "$FIX/as-entered" "$TMP/as-bad"
# (2 off: beyond the tolerance of the figures as printed, whole ones ±0.5)
sed -i 's/^机关运行经费,40.18,/机关运行经费,42.18,/' "$TMP/as-bad/three-public.csv"
run "$BP" check "$TMP/as-bad"
expect_rc 1 "budgetpdf check with a wrong as-entered figure"
expect_out_has "合计, 本年预算数: 57.68 ≠ 55.68" "the column rule over the as-entered column"
expect_out_has "机关运行经费, 增减: -5.32 ≠ -7.32" "the row rule over the as-entered column"

check "empty tables: header, a blank 合计 row, the note"
render "$FIX/empty-total" "$TMP/empty.pdf"
pages=$(split_pages "$TMP/empty.pdf" "$TMP/e")
[ "$pages" = 3 ] || fail "$pages pages, expected 3"
want1=$'2024年国有资本经营预算支出情况表\n部门名称：测试空表部门 单位：万元\n科目编码 科目名称 合计 基本支出 项目支出\n合计\n注：本部门2024年无国有资本经营预算支出，此表为空表。'
[ "$(sed '/^$/d' "$TMP/e/1.txt")" = "$want1" ] ||
    fail "page 1 (empty: {total_row: 合计}) reads: $(cat "$TMP/e/1.txt")"

check "empty tables: the CSV rows kept (default) with the note; body: none"
grep -qF "223 国有资本经营预算支出 0.0 0.0" "$TMP/e/2.txt" || fail "page 2 lacks its CSV rows"
grep -qF "注：本部门2024年无政府性基金预算支出，此表为空表。" "$TMP/e/2.txt" ||
    fail "page 2 (all zero, rows kept) lacks its empty_note"
want3=$'2024年专项转移支付支出情况表\n部门名称：测试空表部门 单位：万元\n科目编码 科目名称 合计 基本支出 项目支出\n注：本部门2024年无专项转移支付支出，此表为空表。'
[ "$(sed '/^$/d' "$TMP/e/3.txt")" = "$want3" ] ||
    fail "page 3 (empty: {body: none}) reads: $(cat "$TMP/e/3.txt")"

check "empty tables: check agrees with the layout (passes; without the note it fails)"
run "$BP" check "$FIX/empty-total"
expect_rc 0 "budgetpdf check empty-total"
cp -r "$FIX/empty-total" "$TMP/empty-nonote"
sed -i '/^empty_note:/d' "$TMP/empty-nonote/layouts/01-capital.yaml"
run "$BP" check "$TMP/empty-nonote"
expect_rc 1 "budgetpdf check of an empty table without its note"
expect_out_has "01 国有资本经营预算支出情况表: no figures, but no 空表 note" "the 空表 check"
cp -r "$FIX/empty-total" "$TMP/empty-figure"
sed -i 's/^223,国有资本经营预算支出,0.00,,0$/223,国有资本经营预算支出,0.10,,0.10/; s/^,合计,0,0,0$/,合计,0.1,0,0.1/' \
    "$TMP/empty-figure/capital.csv"
run "$BP" check "$TMP/empty-figure"
expect_rc 0 "budgetpdf check of a table with a figure (its empty_note is not printed)"
render "$TMP/empty-figure" "$TMP/figure.pdf"
pdf_text "$TMP/figure.pdf" 1 1 >"$TMP/figure.txt"
! grep -qF 此表为空表 "$TMP/figure.txt" || fail "a table with a figure prints its empty_note"
grep -qF "223 国有资本经营预算支出 0.1 0.1" "$TMP/figure.txt" ||
    fail "a table with a figure does not print its rows: $(cat "$TMP/figure.txt")"

check "cover and contents: landscape pages, the set's lines, no leaders"
render "$FIX/front-landscape" "$TMP/front.pdf"
sizes=$(quiet_tool pdfinfo -f 1 -l 4 "$TMP/front.pdf" |
    awk '/^Page +[0-9]+ size:/ { print $2 ":" ($4 > $6 ? "landscape" : "portrait") }' | tr '\n' ' ')
[ "$sizes" = "1:landscape 2:landscape 3:portrait 4:landscape " ] ||
    fail "page orientations: $sizes (expected cover and contents landscape, then the tables' own)"
pages=$(split_pages "$TMP/front.pdf" "$TMP/f")
[ "$pages" = 4 ] || fail "$pages pages, expected 4"
want_cover=$'附件2\n测试横版部门\n2024年部门预算表\n编制单位：测试横版部门\n2024年1月'
[ "$(sed '/^$/d' "$TMP/f/1.txt")" = "$want_cover" ] || fail "the cover reads: $(cat "$TMP/f/1.txt")"
want_toc=$'目 录\n6.一般公共预算基本支出表 1\n（七）支出经济分类汇总表 2'
[ "$(sed '/^$/d' "$TMP/f/2.txt")" = "$want_toc" ] ||
    fail "the contents page reads: $(cat "$TMP/f/2.txt") (leaders: false draws no dots)"

check "contents numbering (6. and （七）) is left out of the names in check messages"
cp -r "$FIX/front-landscape" "$TMP/front-bad"
sed -i 's/^,合计,12.5$/,合计,13.5/' "$TMP/front-bad/basic.csv" "$TMP/front-bad/wide.csv"
# the cover and contents keys of this file's previous section are left out,
# so that this section depends on the numbering alone
sed -i -E '/^  (orientation|label_size|title_size|lines|lines_size|entry_size|line_height|leaders):/d' \
    "$TMP/front-bad/layouts/set.yaml"
run "$BP" check "$TMP/front-bad"
expect_rc 1 "budgetpdf check with wrong totals"
expect_out_has "06 一般公共预算基本支出表, 合计, 合计: 12.5 ≠ 13.5" "table 06 named without '6.'"
expect_out_has "07 支出经济分类汇总表, 合计, 合计: 12.5 ≠ 13.5" "table 07 named without '（七）'"

pass
