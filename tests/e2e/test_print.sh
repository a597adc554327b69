#!/usr/bin/env bash
# test_print.sh — what the print shop and the reader's viewer get: pure
# black (DeviceCMYK) with no RGB anywhere, TrimBox and BleedBox on every
# page, bookmarks (one per table, in order, under the annex title), page
# labels that match the footers, and reproducible bytes.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tool qpdf
need_tool mutool
need_tool pdfinfo

pdf="$TMP/annex.pdf"
render "$SEED" "$pdf" --annex-only
pages=$(pdf_pages "$pdf")

check "no RGB or gray colour operators in any content stream; text and rules in CMYK"
qpdf --qdf --object-streams=disable "$pdf" "$TMP/qdf.pdf"
# QDF output marks each page's content stream ("%% Contents for page N")
# and holds its operators one per line: keep only those streams
awk '/^%% Contents for page/ { c = 1 } c && /^endstream/ { c = 0 } c' "$TMP/qdf.pdf" >"$TMP/content.txt"
[ "$(grep -ac '^%% Contents for page' "$TMP/content.txt")" = "$pages" ] || fail "not every page's content stream was found"
if grep -aE '(^| )(rg|RG|g|G|sc|SC|scn|SCN|cs|CS)$' "$TMP/content.txt" >"$TMP/colour.txt"; then
    head -5 "$TMP/colour.txt" >&2
    fail "a non-CMYK colour operator is in a content stream"
fi
grep -aqE '^0 0 0 1 k$' "$TMP/content.txt" || fail "no CMYK black fill (0 0 0 1 k)"
grep -aqE '^0 0 0 1 K$' "$TMP/content.txt" || fail "no CMYK black stroke (0 0 0 1 K)"
! grep -aq '/DeviceRGB' "$TMP/qdf.pdf" || fail "/DeviceRGB appears in the file"
! grep -aqE '/(SMask|CA|ca) ' "$TMP/qdf.pdf" || fail "transparency (SMask/CA/ca) appears in the file"

check "every page has a MediaBox, a TrimBox and a BleedBox, equal for pages without bleed"
quiet_tool pdfinfo -box -f 1 -l "$pages" "$pdf" >"$TMP/boxes.txt"
for box in MediaBox TrimBox BleedBox; do
    n=$(grep -c "^Page *[0-9]* *$box:" "$TMP/boxes.txt" || true)
    [ "$n" = "$pages" ] || fail "$box on $n of $pages pages"
done
awk '/^Page +[0-9]+ +(MediaBox|TrimBox|BleedBox):/ {
        p = $2; $1 = $2 = $3 = ""; box[p] = box[p] "|" $0
    }
    END { for (p in box) { split(box[p], b, "|"); if (b[2] != b[3] || b[2] != b[4]) { print p; exit 1 } } }' \
    "$TMP/boxes.txt" || fail "a page whose TrimBox/BleedBox differ from its MediaBox"

check "bookmarks: the annex title, then one entry per table in order, each on its table's first page"
mutool show "$pdf" outline >"$TMP/outline.txt"
head -1 "$TMP/outline.txt" | grep -q "2024年部门预算表" || fail "the first bookmark is not the annex title"
entries=$(grep -c '^|' "$TMP/outline.txt" || true)
[ "$entries" = 12 ] || fail "$entries table bookmarks, expected 12"
want="一、部门收支总体情况表 二、部门收入总体情况表 三、部门支出总体情况表 四、财政拨款收支总体情况表 五、一般公共预算支出情况表 六、一般公共预算基本支出表 七、支出经济分类汇总表 八、一般公共预算“三公”经费支出情况表 九、政府性基金预算支出情况表 十、项目支出表 十一、部门（单位）整体绩效目标表 十二、部门预算项目绩效目标汇总表"
got=$(grep '^|' "$TMP/outline.txt" | sed -E 's/^\|[[:space:]]*"([^"]*)".*/\1/' | tr '\n' ' ' | sed 's/ $//')
[ "$got" = "$want" ] || fail "bookmarks: got '$got'"
# each bookmark points at the page whose text starts with that table's title
split_pages "$pdf" "$TMP/pages" >/dev/null
i=0
while IFS= read -r line; do
    i=$((i + 1))
    page=$(sed -E 's/.*#page=([0-9]+).*/\1/' <<<"$line")
    title=$(sed -E 's/^\|[[:space:]]*"[^、]*、([^"]*)".*/\1/' <<<"$line")
    head -3 "$TMP/pages/$page.txt" | squash | grep -qF "$(squash <<<"$title")" ||
        fail "bookmark $i ($title) points at page $page, which does not start that table"
done < <(grep '^|' "$TMP/outline.txt")

check "page labels: front matter i, ii; table pages 1..N like their footers"
mutool show "$pdf" trailer/Root/PageLabels >"$TMP/labels.txt"
tr -s ' \n' ' ' <"$TMP/labels.txt" | grep -qE '/Nums \[ 0 << /S /r /St 1 >> 2 << /S /D /St 1 >> \]' ||
    { cat "$TMP/labels.txt" >&2; fail "page labels are not roman from page 1 and decimal from page 3"; }
for p in 3 7 "$pages"; do
    n=$((p - 2))
    grep -q "第 $n 页" "$TMP/pages/$p.txt" || fail "page $p's footer does not say 第 $n 页 (its label is $n)"
done

check "reproducible bytes: two renders are identical, also with SOURCE_DATE_EPOCH"
render "$SEED" "$TMP/again.pdf" --annex-only
cmp -s "$pdf" "$TMP/again.pdf" || fail "two renders differ"
SOURCE_DATE_EPOCH=1709254800 render "$SEED" "$TMP/d1.pdf" --annex-only
sleep 1
SOURCE_DATE_EPOCH=1709254800 render "$SEED" "$TMP/d2.pdf" --annex-only
cmp -s "$TMP/d1.pdf" "$TMP/d2.pdf" || fail "two renders with SOURCE_DATE_EPOCH differ"
quiet_tool pdfinfo "$TMP/d1.pdf" | grep -q "CreationDate:.*2024" || fail "no 2024 CreationDate from SOURCE_DATE_EPOCH"

check "--profile print: black overprint in every page's graphics state, PDF 1.4"
render "$SEED" "$TMP/print.pdf" --annex-only --profile print
head -c 8 "$TMP/print.pdf" | grep -q '%PDF-1.4' || fail "the print profile is not PDF 1.4"
qpdf --qdf --object-streams=disable "$TMP/print.pdf" "$TMP/print-qdf.pdf"
grep -aq '/OP true' "$TMP/print-qdf.pdf" && grep -aq '/op true' "$TMP/print-qdf.pdf" &&
    grep -aq '/OPM 1' "$TMP/print-qdf.pdf" || fail "no overprint graphics state (/OP /op /OPM)"
awk '/^%% Contents for page/ { c = 1; seen = 0 } c && / gs$/ { seen = 1 }
     c && /^endstream/ { c = 0; if (!seen) bad++ } END { exit bad > 0 }' "$TMP/print-qdf.pdf" ||
    fail "a page's content does not set the overprint graphics state"
! grep -aq '/OP true' "$TMP/qdf.pdf" || fail "the screen profile sets overprint"

check "--crop-marks: 10 mm of paper around the trim; TrimBox and BleedBox stay the page"
render "$SEED" "$TMP/crop.pdf" --annex-only --profile print --crop-marks
quiet_tool pdfinfo -box -f 3 -l 3 "$TMP/crop.pdf" >"$TMP/crop-box.txt"
grep -qE 'Page +3 +MediaBox: +0\.00 +0\.00 +651\.97 +898\.58' "$TMP/crop-box.txt" &&
    grep -qE 'Page +3 +TrimBox: +28\.35 +28\.35 +623\.62 +870\.24' "$TMP/crop-box.txt" &&
    grep -qE 'Page +3 +BleedBox: +28\.35 +28\.35 +623\.62 +870\.24' "$TMP/crop-box.txt" ||
    { cat "$TMP/crop-box.txt" >&2; fail "crop-mark page boxes"; }
# the text is where it was, shifted by the margin: the title's box moves by 28.35 pt
quiet_tool pdftotext -bbox -f 3 -l 3 "$pdf" "$TMP/b1.html"
quiet_tool pdftotext -bbox -f 3 -l 3 "$TMP/crop.pdf" "$TMP/b2.html"
x1=$(grep -m1 -F '2024年部门收支总体情况表' "$TMP/b1.html" | sed -E 's/.*xMin="([0-9.]+)".*/\1/')
x2=$(grep -m1 -F '2024年部门收支总体情况表' "$TMP/b2.html" | sed -E 's/.*xMin="([0-9.]+)".*/\1/')
awk -v a="$x1" -v b="$x2" 'BEGIN { d = b - a - 28.35; exit !(d < 0.2 && d > -0.2) }' ||
    fail "the page content is not shifted by the crop margin ($x1 -> $x2)"
run "$BP" render "$SEED" -o "$TMP/x.pdf" --annex-only --crop-marks
expect_rc 2 "--crop-marks without --profile print"
pass
