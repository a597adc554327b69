#!/usr/bin/env bash
# test_form.sh — forms (kind: form) beyond the regional example: a set of
# the one form table; an empty CSV prints one blank form with its
# empty_note (and without one, check reports the 空表 rule), records
# without figures print their forms, then the note; check reads the form's
# labels (leftovers, the department's name); a form with no
# items prints a page per record; a grid wider than the page and a row
# taller than the page are errors naming the layout file.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tool pdfinfo pdftotext qpdf

REG="$SRC/examples/region-yuan-2024"
FORM=09-project-performance
# a department of the one form table, layouts in its folder
make_dept() {
    local d=$1
    mkdir -p "$d/layouts"
    sed 's/^layouts:.*/layouts: layouts/' "$REG/department.yaml" >"$d/department.yaml"
    printf 'name: forms\ntables: [%s.yaml]\n' "$FORM" >"$d/layouts/set.yaml"
    cp "$REG/layouts/$FORM.yaml" "$d/layouts/"
    cp "$REG/$FORM.csv" "$d/"
}

check "the form table alone: one page per project, two for the long one"
D="$TMP/one"
make_dept "$D"
render "$D" "$TMP/one.pdf"
run qpdf --check "$TMP/one.pdf"
expect_rc 0 "qpdf --check"
pages=$(split_pages "$TMP/one.pdf" "$TMP/one")
[ "$pages" = 4 ] || fail "$pages pages, expected 4 (2 + 1 + 1)"
grep -qF 项目名称高标准农田建设项目 "$TMP/one/1.sq" || fail "page 1 is not the first project's"
grep -qF （续表） "$TMP/one/2.sq" || fail "page 2 is not its continuation"
grep -qF 项目名称农村人居环境整治项目 "$TMP/one/3.sq" || fail "page 3 is not the second project's"
grep -qF 项目名称国有农场改革发展项目 "$TMP/one/4.sq" || fail "page 4 is not the third project's"

check "an empty CSV: one blank form with the empty_note; check passes"
D="$TMP/empty"
make_dept "$D"
head -1 "$REG/$FORM.csv" >"$D/$FORM.csv"
printf 'empty_note: "注：本部门{year}年没有项目支出，本表为空表。"\n' >>"$D/layouts/$FORM.yaml"
run "$BP" check "$D"
expect_rc 0 "check of an empty form with its note"
render "$D" "$TMP/empty.pdf"
pages=$(split_pages "$TMP/empty.pdf" "$TMP/empty")
[ "$pages" = 1 ] || fail "$pages pages, expected 1"
expect_texts "$TMP/empty/all.txt" "empty form" <<'EOF'
2024年项目支出绩效目标表
项目名称
一级指标
注：本部门2024年没有项目支出，本表为空表。
EOF

check "rules check a form's figures: 当年财政拨款 ≤ 年度资金总额 of each project"
D="$TMP/rule"
make_dept "$D"
sed -i 's/^118002,\(.*\),650000.00,650000.00,0.00,/118002,\1,650000.00,660000.00,-10000.00,/' "$D/$FORM.csv"
grep -q '^118002,.*,660000.00,-10000.00,' "$D/$FORM.csv" || fail "the test could not edit the CSV"
run "$BP" check "$D"
expect_rc 1 "check of a project whose 当年财政拨款 exceeds its total"
expect_out_has "118002 农村人居环境整治项目, 当年财政拨款: 660000.00 > 650000.00 (当年财政拨款 ≤ 年度资金总额)" \
    "check of a project whose 当年财政拨款 exceeds its total"

check "records without figures: their forms, then the empty_note; check passes"
D="$TMP/zero"
make_dept "$D"
awk -F, 'BEGIN { OFS = "," } NR > 1 && $4 != "" { $4 = $5 = $6 = $7 = "0.00" } { print }' \
    "$REG/$FORM.csv" >"$D/$FORM.csv"
printf 'empty_note: "注：本部门{year}年项目支出为零，本表为空表。"\n' >>"$D/layouts/$FORM.yaml"
run "$BP" check "$D"
expect_rc 0 "check of a form without figures, with its note"
render "$D" "$TMP/zero.pdf"
pages=$(split_pages "$TMP/zero.pdf" "$TMP/zero")
[ "$pages" = 4 ] || fail "$pages pages, expected the 4 of the three forms"
grep -qF 注：本部门2024年项目支出为零，本表为空表。 "$TMP/zero/4.sq" || fail "the empty_note is not after the last form"
! grep -qF 本表为空表 "$TMP/zero/1.sq" || fail "the empty_note is printed on the first form"

check "an empty CSV without a note: check reports the 空表 rule"
D="$TMP/empty-bare"
make_dept "$D"
head -1 "$REG/$FORM.csv" >"$D/$FORM.csv"
run "$BP" check "$D"
expect_rc 1 "check of an empty form without a note"
expect_out_has "no figures, but no 空表 note" "check of an empty form without a note"

check "check reads a form's labels: leftover template text, another department's name"
D="$TMP/labels"
make_dept "$D"
sed -i 's/{label: "{department}", span: 4/{label: "编制部门：某某县农业局 XX", span: 4/' "$D/layouts/$FORM.yaml"
run "$BP" check "$D"
expect_rc 1 "check of a form whose label is left over from a template"
expect_out_has "form label: leftover template text 'XX'" "a form label with XX"
expect_out_has "form label: names the department '某某县农业局'" "a form label naming another department"

check "a form without items: one page per record"
D="$TMP/noitems"
make_dept "$D"
sed -i '/^  items:/,/^checks:/{/^checks:/!d}' "$D/layouts/$FORM.yaml"
render "$D" "$TMP/noitems.pdf"
pages=$(split_pages "$TMP/noitems.pdf" "$TMP/noitems")
[ "$pages" = 3 ] || fail "$pages pages, expected 3"
! grep -qF 一级指标 "$TMP/noitems/all.txt" || fail "items printed although the form has none"

check "a grid wider than the page is an error naming the layout"
D="$TMP/wide"
make_dept "$D"
sed -i 's/^  grid: .*/  grid: [60, 60, 60, "1*", 60]/' "$D/layouts/$FORM.yaml"
run "$BP" render "$D" -o "$TMP/wide.pdf"
expect_rc 3 "a form grid wider than its page"
expect_err_match "$FORM\.yaml \(2024年项目支出绩效目标表\): the form grid's fixed widths \(240 mm\)" \
    "a form grid wider than its page"
[ ! -e "$TMP/wide.pdf" ] || fail "a PDF was written although the render failed"

check "a row taller than a page is an error naming the layout"
D="$TMP/tall"
make_dept "$D"
long=$(printf '很长的总体目标%.0s' $(seq 1 900))
awk -v long="$long" -F, 'BEGIN { OFS = "," } NR == 2 { $8 = long } { print }' "$REG/$FORM.csv" >"$D/$FORM.csv"
run "$BP" render "$D" -o "$TMP/tall.pdf"
expect_rc 3 "a form row taller than its page"
expect_err_match "$FORM\.yaml \(2024年项目支出绩效目标表\): a form row .* is [0-9]+ mm high; the page has room for [0-9]+ mm" \
    "a form row taller than its page"

pass
