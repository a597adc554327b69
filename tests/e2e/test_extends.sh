#!/usr/bin/env bash
# test_extends.sh — layout sets that build on another (docs/layouts.md):
# a set with `extends: standard-2024` that replaces one table, drops one,
# overrides keys of one table (title, a column's header and format) and
# set keys (cover, footer); a department.yaml whose `overrides:` change the
# decimals of a column; header cells as templates ({year}年预算数); and
# overrides of nothing reported at their file:line:column.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tool pdfinfo pdftotext

STD="$SRC/layouts/standard-2024"
LAY="$TMP/layouts"
mkdir -p "$LAY/regional"
# found by name through the search path, as departments find their sets
export BUDGETPDF_LAYOUTS="$LAY:$SRC/layouts"

# the replacement of table 8: its own file in the extending set's folder,
# with a header cell that is a template
sed 's/header: \[“三公”经费合计\]/header: ["{year}年“三公”经费合计"]/' \
    "$STD/08-three-public.yaml" >"$LAY/regional/08-sangong.yaml"
grep -qF '{year}年“三公”经费合计' "$LAY/regional/08-sangong.yaml" ||
    fail "setup: the 08 header did not change (has standard-2024 changed?)"
cat >"$LAY/regional/set.yaml" <<'EOF'
extends: standard-2024
name: regional-2024
cover:
  label: 附件二
footer: "— {page} —"
replace:
  08-three-public: 08-sangong.yaml
drop: [12-project-performance]
override:
  05-gpb-expenditure:
    title: 一般公共预算支出情况表
    columns:
      total: {header: ["{year}年预算数"]}
EOF

D="$TMP/dept"
copy_seed "$D"
sed -i 's/^layouts: .*/layouts: regional/' "$D/department.yaml"

check "a set extending standard-2024 renders, checks clean, and differs only where it says"
render "$D" "$TMP/r.pdf"
run "$BP" check "$D"
expect_rc 0 "budgetpdf check with the extending set"
pdf_text "$TMP/r.pdf" | squash >"$TMP/r.sq"
pdf_text "$TMP/r.pdf" | tr -d '\f' >"$TMP/r.txt"
grep -qF '附件二' "$TMP/r.sq" || fail "the overridden cover label 附件二 is missing"
grep -qF "$(echo '郑州高新技术产业开发区新型智慧城市运行中心' | squash)" "$TMP/r.sq" ||
    fail "the base's cover title (kept) is missing"
grep -qF '—1—' "$TMP/r.sq" || fail "the overridden footer '— 1 —' is missing"
! grep -qE '第[0-9]+页共' "$TMP/r.sq" || fail "the base's footer is printed"
grep -qF '十一、部门（单位）整体绩效目标表' "$TMP/r.sq" || fail "table 11 is missing"
! grep -qF '部门预算项目绩效目标汇总表' "$TMP/r.sq" || fail "the dropped table 12 is printed or in the contents"
grep -qF '2024年“三公”经费合计' "$TMP/r.sq" ||
    fail "the replacement table 8 (header {year}年“三公”经费合计) is not printed"
grep -qF '2024年预算数' "$TMP/r.sq" || fail "the overridden header {year}年预算数 is not 2024年预算数"
! grep -qF '{year}' "$TMP/r.sq" || fail "a {year} is printed literally"
grep -qxF '一般公共预算支出情况表' "$TMP/r.txt" || fail "the overridden title (without the year) is missing"
! grep -qF '2024年一般公共预算支出情况表' "$TMP/r.sq" || fail "table 5 still has the base's title"
grep -qF '2024年一般公共预算基本支出表' "$TMP/r.sq" || fail "table 6 lost its title"
grep -qE '(^| )6,828\.4( |$)' "$TMP/r.txt" || fail "table 5's total is not 6,828.4 (one decimal)"

check "a department's overrides: of its set change the decimals of one column"
cat >>"$D/department.yaml" <<'EOF'
overrides:
  override:
    05-gpb-expenditure:
      columns:
        total: {format: {decimals: 2}}
EOF
render "$D" "$TMP/d.pdf"
pdf_text "$TMP/d.pdf" | tr -d '\f' >"$TMP/d.txt"
grep -qE '(^| )6,828\.40( |$)' "$TMP/d.txt" || fail "the department's decimals: 2 did not print 6,828.40"
grep -qE '(^| )1,619\.4( |$)' "$TMP/d.txt" || fail "another column changed its decimals"
grep -qF '附件二' "$TMP/d.txt" || fail "the extending set's cover label is lost"

check "header cells are templates in any set: {year}年预算数 prints 2024年预算数"
cp -r "$STD" "$TMP/std"
chmod -R u+w "$TMP/std"
sed -i 's/header: \[合计\]/header: ["{year}年预算数"]/' "$TMP/std/05-gpb-expenditure.yaml"
grep -qF '{year}年预算数' "$TMP/std/05-gpb-expenditure.yaml" || fail "setup: 05's 合计 header not found"
render "$SEED" "$TMP/h.pdf" --layouts "$TMP/std"
pdf_text "$TMP/h.pdf" | squash >"$TMP/h.sq"
grep -qF '2024年预算数' "$TMP/h.sq" || fail "header {year}年预算数 did not print 2024年预算数"
! grep -qF '{year}' "$TMP/h.sq" || fail "a header prints {year} literally"

check "check reads header cells as templates too: a header's wrong year is an error"
sed -i 's/header: \["{year}年预算数"\]/header: ["2023年预算数"]/' "$TMP/std/05-gpb-expenditure.yaml"
run "$BP" check "$SEED" --layouts "$TMP/std"
expect_rc 1 "check with a header that says 2023年"
expect_out_has "header: says 2023年, department.yaml says 2024" "the header's year is checked"

check "check reads a department's overrides, cover lines included"
D2="$TMP/dept2"
copy_seed "$D2"
sed -i 's/^layouts: .*/layouts: regional/' "$D2/department.yaml"
printf 'overrides:\n  cover:\n    lines: ["编制单位：{department}", "2023年1月"]\n' >>"$D2/department.yaml"
run "$BP" check "$D2"
expect_rc 1 "check with a cover line that says 2023年"
expect_out_has "layout set regional-2024, cover: says 2023年, department.yaml says 2024" \
    "the overridden cover line is checked"

check "a layout message about an overridden note names the department.yaml that wrote it"
D3="$TMP/dept3"
copy_seed "$D3"
printf 'overrides:\n  override:\n    05-gpb-expenditure:\n      notes: ["注：\xf0\x90\x80\x80"]\n' \
    >>"$D3/department.yaml"
n=$(grep -n '注：' "$D3/department.yaml" | cut -d: -f1)
run "$BP" render "$D3" -o "$TMP/x.pdf"
expect_rc 3 "a note with a character outside the BMP"
expect_err_has "$D3/department.yaml:$n:15, note: character U+10000" "the note's own file:line:column"

check "an override of nothing is an error at the overriding file's line and column"
sed -i 's/      total: {header/      totl: {header/' "$LAY/regional/set.yaml"
run "$BP" render "$D" -o "$TMP/x.pdf"
expect_rc 3 "an override of a column that does not exist"
expect_err_has "$LAY/regional/set.yaml:13:7: 'totl' overrides nothing" "override of nothing"
[ ! -e "$TMP/x.pdf" ] || fail "a PDF was written although the set does not load"
sed -i 's/      totl: {header/      total: {header/' "$LAY/regional/set.yaml"
sed -i 's/^drop: \[12-project-performance\]/drop: [13-nothing]/' "$LAY/regional/set.yaml"
run "$BP" render "$D" -o "$TMP/x.pdf"
expect_rc 3 "a drop of a table that does not exist"
expect_err_has "$LAY/regional/set.yaml:8:8: drop: '13-nothing' drops nothing" "drop of nothing"
sed -i 's/^drop: \[13-nothing\]/drop: [12-project-performance]/' "$LAY/regional/set.yaml"
sed -i 's/total: {format: {decimals: 2}}/total: {format: {decimals: 9}}/' "$D/department.yaml"
n=$(grep -n 'decimals: 9' "$D/department.yaml" | cut -d: -f1)
run "$BP" render "$D" -o "$TMP/x.pdf"
expect_rc 3 "a bad value in a department's override"
expect_err_has "$D/department.yaml:$n:" "the message names department.yaml"
expect_err_has "format decimals must be between 0 and 6" "the message says what is wrong"

pass
