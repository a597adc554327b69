#!/usr/bin/env bash
# test_fit.sh — tables wider than their page: landscape when the layout
# allows it (orientation: auto), then a smaller type down to min_font_size
# (with a warning naming the table), and past that an error naming the
# table and the width it needs; per-table page numbers and labels.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tool pdfinfo

layouts="$TMP/layouts"
cp -r "$SRC/layouts/standard-2024" "$layouts"
t05="$layouts/05-gpb-expenditure.yaml"
grep -q "orientation: landscape" "$t05" || fail "fixture: 05 is no longer landscape"
page05=8 # cover, contents, tables 1-4 (04 has two pages) before it

check "orientation: auto turns a table that does not fit portrait to landscape"
sed -i 's/orientation: landscape/orientation: auto/' "$t05"
render "$SEED" "$TMP/auto.pdf" --annex-only --layouts "$layouts"
quiet_tool pdftotext -raw -f $page05 -l $page05 "$TMP/auto.pdf" "$TMP/p.txt"
grep -q "一般公共预算支出情况表" "$TMP/p.txt" || fail "page $page05 is not table 05"
quiet_tool pdfinfo -f $page05 -l $page05 "$TMP/auto.pdf" | grep -qE "Page +$page05 size: +841.89 x 595.276" ||
    fail "table 05 with orientation: auto is not landscape"
quiet_tool pdfinfo -f 3 -l 3 "$TMP/auto.pdf" | grep -qE "Page +3 size: +595.276 x 841.89" ||
    fail "table 01 (portrait) changed orientation"

check "a table too wide even in landscape is set smaller, down to min_font_size, with a warning"
# a page 140 mm wide (110 mm between the margins): ten amount columns
# narrowed to what 1,619.4 needs still do not fit at 9 pt
sed -i 's/  size: A4/  size: [140, 297]/; s/orientation: auto/orientation: portrait/' "$t05"
sed -i 's/^format:/min_font_size: 6\nformat:/' "$t05"
sed -i -E 's/width: 20,/width: 14,/g; s/min_width: 50/min_width: 10/' "$t05"
run "$BP" render "$SEED" -o "$TMP/small.pdf" --annex-only --layouts "$layouts"
expect_rc 0 "render of a table that fits only smaller"
expect_err_match "warning: .*05-gpb-expenditure.yaml .*set at [0-9.]+ pt instead of 9 pt" "shrink warning"
quiet_tool pdftotext -raw -f $page05 -l $page05 "$TMP/small.pdf" "$TMP/s.txt"
grep -q "1,619.4" "$TMP/s.txt" || fail "figures missing from the shrunk table"
# every figure stays whole inside its column: pdftotext -bbox words of the
# amounts end before the page's right margin
quiet_tool pdftotext -bbox -f $page05 -l $page05 "$TMP/small.pdf" "$TMP/s.html"
awk -F'"' '/<word / { if ($6 + 0 > 140 * 72 / 25.4 - 15 * 72 / 25.4 + 0.5) { print; bad = 1 } }
    END { exit bad }' "$TMP/s.html" || fail "text crosses the right margin of the shrunk table"

check "past min_font_size it is an error naming the table and the width it needs"
sed -i 's/^min_font_size: 6/min_font_size: 8.5/' "$t05"
run "$BP" render "$SEED" -o "$TMP/toowide.pdf" --annex-only --layouts "$layouts"
expect_rc 3 "render of a table too wide at its min_font_size"
expect_err_has "05-gpb-expenditure.yaml" "too-wide error names the layout"
expect_err_match "needs [0-9]+ mm but its page has 110 mm" "too-wide error gives the widths"
[ ! -e "$TMP/toowide.pdf" ] || fail "a PDF was written for a table that does not fit"

check "page_numbers: table restarts footers and page labels with each table"
cp -r "$SRC/layouts/standard-2024" "$TMP/pt"
printf 'page_numbers: table\n' >>"$TMP/pt/set.yaml"
render "$SEED" "$TMP/pt.pdf" --annex-only --layouts "$TMP/pt"
split_pages "$TMP/pt.pdf" "$TMP/ptp" >/dev/null
grep -q "第 1 页 共 2 页" "$TMP/ptp/6.txt" || fail "table 04's first page does not say 第 1 页 共 2 页"
grep -q "第 2 页 共 2 页" "$TMP/ptp/7.txt" || fail "table 04's second page does not say 第 2 页 共 2 页"
grep -q "第 1 页 共 1 页" "$TMP/ptp/8.txt" || fail "table 05 does not restart at 第 1 页"
mutool show "$TMP/pt.pdf" trailer/Root/PageLabels | tr -s ' \n' ' ' >"$TMP/ptl.txt"
# "4-" as a UTF-16BE text string
grep -qF '5 << /S /D /St 1 /P <FEFF0034002D> >>' "$TMP/ptl.txt" ||
    { cat "$TMP/ptl.txt" >&2; fail "no page label range 4- from table 04's first page"; }
pass
