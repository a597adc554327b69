#!/usr/bin/env bash
# test_check.sh — `budgetpdf check` and the checks `render` runs first: the
# seed and the examples pass; broken copies of the seed (a figure changed in
# a body row, a total that disagrees with another table, a 款 row that is
# not the sum of its 项 rows, leftover template text) report exactly the
# expected violations and exit 1; `render` on a broken copy writes no file
# unless --no-check; a bad rule is an input error naming file:line:column.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# The seed's own rounding (table 6 prints 552.6 for items adding up to
# 552.5, and table 7, built from it, too): warnings, not errors, in every
# run below.
ROUNDING='06 一般公共预算基本支出表, 合计, 合计: 1619.3 ≈ 1619.4, rounding within 0.44 (合计 = 30101 + … + 30211)
06 一般公共预算基本支出表, 合计, 人员经费: 552.5 ≈ 552.6, rounding within 0.32 (合计 = 30101 + … + 30211)
07 支出经济分类汇总表, 301 工资福利支出, 合计: 552.5 ≈ 552.6, rounding within 0.32 (301 = 30101 + … + 30199)
07 支出经济分类汇总表, 301 工资福利支出, 基本支出: 552.5 ≈ 552.6, rounding within 0.32 (301 = 30101 + … + 30199)'

# expect_out TEXT WHAT: the last run's stdout is exactly TEXT.
expect_out() {
    if [ "$(cat "$RUN_OUT")" != "$1" ]; then
        diff <(printf '%s\n' "$1") "$RUN_OUT" >&2 || true
        fail "$2: stdout differs from the expected lines (diff above: < expected, > actual)"
    fi
}

# break_copy NAME FILE SED: a copy of the seed with one sed edit to FILE,
# which must change it.
break_copy() {
    local dir="$TMP/$1"
    copy_seed "$dir"
    sed -i "$3" "$dir/$2"
    ! cmp -s "$SEED/$2" "$dir/$2" || fail "break_copy $1: '$3' did not change $2"
}

# check_broken NAME ERRORS: `check -q` lists exactly ERRORS and exits 1;
# the full output adds the seed's rounding warnings and the summary.
check_broken() {
    local dir="$TMP/$1" n
    n=$(printf '%s\n' "$2" | wc -l | tr -d ' ')
    run "$BP" check -q "$dir"
    expect_rc 1 "check $1"
    expect_out "$2" "check -q $1"
    run "$BP" check "$dir"
    expect_rc 1 "check $1"
    [ ! -s "$RUN_ERR" ] || { cat "$RUN_ERR" >&2; fail "check $1 printed on stderr"; }
    grep -qxF -- "$dir: $n error$([ "$n" = 1 ] || echo s), 4 rounding warnings ($(rules_and_comparisons))" \
        "$RUN_OUT" || { cat "$RUN_OUT" >&2; fail "check $1: no summary line for $n errors"; }
    while IFS= read -r line; do
        grep -qxF -- "$line" "$RUN_OUT" || fail "check $1: lacks the rounding warning '$line'"
    done <<<"$ROUNDING"
}

check "the seed passes: the four rounding warnings, then the summary, exit 0"
run "$BP" check "$SEED"
expect_rc 0 "check the seed"
summary=$(tail -n 1 "$RUN_OUT")
[[ "$summary" =~ ^"$SEED: 0 errors, 4 rounding warnings ("([0-9]+)" rules, "([0-9]+)" comparisons)"$ ]] ||
    fail "check the seed: summary line is '$summary'"
rules=${BASH_REMATCH[1]} comparisons=${BASH_REMATCH[2]}
[ "$rules" -ge 40 ] && [ "$comparisons" -ge 200 ] || fail "only $rules rules, $comparisons comparisons"
note "$rules rules, $comparisons comparisons"
rules_and_comparisons() { echo "$rules rules, $comparisons comparisons"; }
expect_out "$ROUNDING
$summary" "check the seed"
[ ! -s "$RUN_ERR" ] || { cat "$RUN_ERR" >&2; fail "check the seed printed on stderr"; }

check "check -q on the seed prints nothing"
run "$BP" check -q "$SEED"
expect_rc 0 "check -q the seed"
expect_out "" "check -q the seed"

check "the examples pass"
for ex in long-table-2024 variant-yuan-2024; do
    run "$BP" check -q "$SRC/examples/$ex"
    expect_rc 0 "check examples/$ex"
    expect_out "" "check -q examples/$ex"
done

check "a figure changed in a body row (05: 212 合计 5209.0 → 5219.0)"
break_copy figure 05-gpb-expenditure.csv 's/^212,城乡社区支出,5209.0,/212,城乡社区支出,5219.0,/'
check_broken figure '05 一般公共预算支出情况表, 212 城乡社区支出, 合计: 5209.0 ≠ 5219.0 (合计 = 基本支出 + 项目支出)
05 一般公共预算支出情况表, 合计, 合计: 6838.4 ≠ 6828.4 (合计 = 206 + 212; 212 城乡社区支出 fails another rule too: it is the likely wrong figure, not the total)
05 一般公共预算支出情况表, 212 城乡社区支出, 合计: 5209.0 ≠ 5219.0 (212 = 21201)'

check "a total that disagrees with another table (10: a project +10.0, its totals too)"
break_copy across 10-projects.csv 's/^\(特定目标类,网格化基层治理工作经费,[^,]*\),100.0,100.0,/\1,110.0,110.0,/; s/^,,,5209.0,5209.0,/,,,5219.0,5219.0,/; s/^\(,033,[^,]*\),5209.0,5209.0,/\1,5219.0,5219.0,/'
check_broken across '10 项目支出表, 合计, 合计: 5209.0 ≠ 5219.0 (项目支出表 合计 = 部门支出总体情况表 项目支出)
10 项目支出表, 合计, 本年拨款一般公共预算: 5209.0 ≠ 5219.0 (项目支出表 本年拨款一般公共预算 = 一般公共预算支出情况表 项目支出)'

check "a 款 row that is not the sum of its 项 rows (05: 2120199 5109.0 → 5100.0)"
break_copy kuan 05-gpb-expenditure.csv 's/^2120199,\(.*\),5109.0,0,0,0,0,0,5109.0,0,5109.0$/2120199,\1,5100.0,0,0,0,0,0,5100.0,0,5100.0/'
check_broken kuan '05 一般公共预算支出情况表, 21201 城乡社区管理事务, 合计: 5200.0 ≠ 5209.0 (21201 = 2120102 + 2120199)
05 一般公共预算支出情况表, 21201 城乡社区管理事务, 项目支出: 5200.0 ≠ 5209.0 (21201 = 2120102 + 2120199)
05 一般公共预算支出情况表, 21201 城乡社区管理事务, 特定目标类: 5200.0 ≠ 5209.0 (21201 = 2120102 + 2120199)'

check "leftover template text in a cell"
break_copy leftover 10-projects.csv 's/^特定目标类,智慧高新运维专项经费,/特定目标类,XX专项经费,/'
check_broken leftover "10 项目支出表, XX专项经费, 项目名称: leftover template text 'XX' (no leftover template text)"

check "+50.0 on one of 3,000 projects is an error, not rounding (issue 13 item 6)"
"$BUILD/gen-departments" -n 1 --projects 3000-3000 "$TMP/big" >/dev/null
big="$TMP/big/dept-0001"
run "$BP" check -q "$big"
expect_rc 0 "check the generated 3,000-project department"
# the first project holding both a 合计 and a 本年拨款一般公共预算 gets +50.0 in
# both (its own row still adds up); nothing else is adjusted
awk -F, 'BEGIN { OFS = "," }
    !done && NR > 1 && $1 != "" && $4 != "" && $5 != "" {
        $4 = sprintf("%.1f", $4 + 50); $5 = sprintf("%.1f", $5 + 50); done = 1 }
    { print }' "$big/10-projects.csv" >"$TMP/projects.csv"
mv "$TMP/projects.csv" "$big/10-projects.csv"
[ "$(grep -c . "$big/10-projects.csv")" -eq 3003 ] || fail "expected 3,000 projects"
run "$BP" check -q "$big"
expect_rc 1 "check with +50.0 on one of 3,000 projects"
[ "$(wc -l <"$RUN_OUT")" -eq 2 ] || { cat "$RUN_OUT" >&2; fail "expected two errors"; }
grep -qE '^10 项目支出表, [0-9]+, 合计: [0-9.]+ ≠ [0-9.]+, more than the rounding of 3001 figures \(4σ = 6\.32\) \(单位 = 其项目之和\)$' \
    "$RUN_OUT" || { cat "$RUN_OUT" >&2; fail "no error for the unit row's 合计"; }
grep -q '本年拨款一般公共预算: .* ≠ ' "$RUN_OUT" || fail "no error for 本年拨款一般公共预算"

check "render on a broken copy: exit 1, the failures named, no file written"
out="$TMP/broken.pdf"
run "$BP" render "$TMP/figure" -o "$out"
expect_rc 1 "render a broken copy"
[ ! -e "$out" ] || fail "render of a broken copy wrote $out"
no_tmp_left "$TMP" "render of a broken copy"
expect_err_has "budgetpdf: 3 checks failed, no PDF written" "render a broken copy"
expect_err_has "  05 一般公共预算支出情况表, 212 城乡社区支出, 合计: 5209.0 ≠ 5219.0 (合计 = 基本支出 + 项目支出)" \
    "render a broken copy"
if grep -q "rounding within" "$RUN_ERR"; then
    fail "render printed rounding differences (only budgetpdf check lists them)"
fi

check "render --no-check on a broken copy: exit 0, the file written, failures as warnings"
run "$BP" render "$TMP/figure" -o "$out" --no-check
expect_rc 0 "render --no-check"
[ -s "$out" ] || fail "render --no-check wrote no $out"
expect_err_has "budgetpdf: warning: 05 一般公共预算支出情况表, 212 城乡社区支出, 合计: 5209.0 ≠ 5219.0" \
    "render --no-check"
run "$BP" render "$TMP/figure" -o "$TMP/quiet.pdf" --no-check -q
expect_rc 0 "render --no-check -q"
[ ! -s "$RUN_ERR" ] || { cat "$RUN_ERR" >&2; fail "render --no-check -q printed on stderr"; }

check "a rule naming an unknown column is an input error naming file:line:column"
layouts="$TMP/layouts"
cp -r "$SRC/layouts/standard-2024" "$layouts"
sed -i 's/^  - row: total = personnel + public$/  - row: total = personnel + pubic/' "$layouts/06-gpb-basic.yaml"
line=$(grep -n 'total = personnel + pubic' "$layouts/06-gpb-basic.yaml" | cut -d: -f1)
[ -n "$line" ] || fail "could not break 06-gpb-basic.yaml"
run "$BP" check "$SEED" --layouts "$layouts"
expect_rc 3 "check with a bad rule"
expect_err_has "$layouts/06-gpb-basic.yaml:$line:30: row rule: no column 'pubic' in 06-gpb-basic.yaml (did you mean 'public'?)" \
    "check with a bad rule"
run "$BP" render "$SEED" -o "$out.2" --layouts "$layouts"
expect_rc 3 "render with a bad rule"
[ ! -e "$out.2" ] || fail "render with a bad rule wrote a file"

check "an unknown table in rules.yaml names the file and line"
cp -r "$SRC/layouts/standard-2024" "$TMP/layouts2"
sed -i 's/^  - rule: "07\[name=合计\].total = 03\[name=合计\].total"$/  - rule: "17[name=合计].total = 03[name=合计].total"/' \
    "$TMP/layouts2/rules.yaml"
line=$(grep -n '"17\[name=合计\]' "$TMP/layouts2/rules.yaml" | cut -d: -f1)
[ -n "$line" ] || fail "could not break rules.yaml"
run "$BP" check "$SEED" --layouts "$TMP/layouts2"
expect_rc 3 "check with an unknown table"
expect_err_has "$TMP/layouts2/rules.yaml:$line:12: no table '17' in the layout set" "check with an unknown table"

check "rules.yaml builtin: a leftover lowered to a warning never fails check or render; off drops it"
lw="$TMP/layouts-warn"
cp -r "$SRC/layouts/standard-2024" "$lw"
printf 'builtin:\n  leftovers: warning   # names: docs/checks.md\n' >>"$lw/rules.yaml"
leftover_line="10 项目支出表, XX专项经费, 项目名称: leftover template text 'XX' (no leftover template text)"
run "$BP" check "$TMP/leftover" --layouts "$lw"
expect_rc 0 "check with leftovers: warning"
expect_out_has "warning: $leftover_line" "check with leftovers: warning"
grep -qxF -- "$TMP/leftover: 0 errors, 1 warning, 4 rounding warnings ($(rules_and_comparisons))" "$RUN_OUT" ||
    { cat "$RUN_OUT" >&2; fail "check with leftovers: warning: no summary with 1 warning"; }
run "$BP" check -q "$TMP/leftover" --layouts "$lw"
expect_rc 0 "check -q with leftovers: warning"
expect_out "" "check -q with leftovers: warning"
run "$BP" render "$TMP/leftover" -o "$TMP/warn.pdf" --layouts "$lw"
expect_rc 0 "render with leftovers: warning"
[ -s "$TMP/warn.pdf" ] || fail "render with leftovers: warning wrote no file"
expect_err_has "budgetpdf: warning: $leftover_line" "render with leftovers: warning"
sed -i 's/^  leftovers: warning .*/  leftovers: off/' "$lw/rules.yaml"
run "$BP" check "$TMP/leftover" --layouts "$lw"
expect_rc 0 "check with leftovers: off"
expect_out "$ROUNDING
$TMP/leftover: 0 errors, 4 rounding warnings ($((rules - 1)) rules, $comparisons comparisons)" "check with leftovers: off"
sed -i 's/^  leftovers: off$/  leftover: off/' "$lw/rules.yaml"
line=$(grep -n '^  leftover: off' "$lw/rules.yaml" | cut -d: -f1)
run "$BP" check "$TMP/leftover" --layouts "$lw"
expect_rc 3 "check with an unknown built-in check"
expect_err_has "$lw/rules.yaml:$line:3: unknown key 'leftover' in builtin (did you mean 'leftovers'?)" \
    "check with an unknown built-in check"

check "the 科目 catalogue: the seed's codes pass; a renamed or renumbered 科目 is named with the catalogue's"
cat="$TMP/codes-2024.csv"
{
    echo "code,name"
    {
        for t in 02-income 05-gpb-expenditure 07-economic 09-fund; do
            awk -F, 'NR > 1 && $1 ~ /^[0-9]+$/ { print $1 "," $2 }' "$SEED/$t.csv"
        done
        awk -F, 'NR > 1 && $1 ~ /^[0-9]+$/ { print $1 "," $2; print $3 "," $4 }' "$SEED/06-gpb-basic.csv"
    } | sort -u
} >"$cat"
run "$BP" check -q "$SEED" --catalogue "$cat"
expect_rc 0 "check the seed against its catalogue"
expect_out "" "check the seed against its catalogue"
run "$BP" check "$SEED" --catalogue "$cat"
grep -qxF -- "$SEED: 0 errors, 4 rounding warnings ($((rules + 1)) rules, $comparisons comparisons)" "$RUN_OUT" ||
    { cat "$RUN_OUT" >&2; fail "the catalogue check is not counted as a rule"; }
# the year's catalogue renames 206 and renumbers 2120199; saved as GB18030
sed -i 's/^206,科学技术支出$/206,科学技术（新）支出/; s/^2120199,/2120104,/' "$cat"
iconv -f UTF-8 -t GB18030 "$cat" >"$cat.gb" && mv "$cat.gb" "$cat"
run "$BP" check -q "$SEED" --catalogue "$cat"
expect_rc 1 "check against a newer catalogue"
for t in "02 部门收入总体情况表" "05 一般公共预算支出情况表"; do
    expect_out_has "$t, 206 科学技术支出, 科目名称: 206 is named '科学技术支出', the catalogue $cat names it '科学技术（新）支出' (codes and names agree with the catalogue)" "$t renamed"
    expect_out_has "$t, 2120199 其他城乡社区管理事务支出, 科目编码: 2120199 is not in the catalogue $cat; it has '其他城乡社区管理事务支出' as 2120104 (codes and names agree with the catalogue)" "$t renumbered"
done
expect_out_has "03 部门支出总体情况表, 2120199 其他城乡社区管理事务支出, 项: 2120199 is not in the catalogue $cat; it has '其他城乡社区管理事务支出' as 2120104" \
    "03 renumbered (类/款/项 columns)"
[ "$(wc -l <"$RUN_OUT")" -eq 5 ] || { cat "$RUN_OUT" >&2; fail "expected 5 catalogue errors"; }
# the same catalogue named by the layout set
lc="$TMP/layouts-cat"
cp -r "$SRC/layouts/standard-2024" "$lc"
cp "$cat" "$lc/codes-2024.csv"
printf 'catalogue: codes-2024.csv\n' >>"$lc/rules.yaml"
run "$BP" check -q "$SEED" --layouts "$lc"
expect_rc 1 "check with the set's catalogue:"
[ "$(wc -l <"$RUN_OUT")" -eq 5 ] || { cat "$RUN_OUT" >&2; fail "the set's catalogue: expected 5 errors"; }
run "$BP" render "$SEED" -o "$TMP/cat.pdf" --layouts "$lc"
expect_rc 1 "render with the set's catalogue:"
# render and batch take --catalogue as check does
run "$BP" render "$SEED" -o "$TMP/cat.pdf" --catalogue "$cat"
expect_rc 1 "render --catalogue with a renamed 科目"
expect_err_has "206 is named '科学技术支出', the catalogue $cat names it '科学技术（新）支出'" \
    "render --catalogue names the catalogue's name"
[ ! -e "$TMP/cat.pdf" ] || fail "render --catalogue: a PDF was written despite the failed check"
run "$BP" render "$SEED" -o "$TMP/cat.pdf" -c "$TMP/none.csv"
expect_rc 3 "render with a missing catalogue (-c)"
expect_err_has "$TMP/none.csv" "render with a missing catalogue"
mkdir -p "$TMP/cat-root" && cp -r "$SEED" "$TMP/cat-root/seed"
run "$BP" batch "$TMP/cat-root" -o "$TMP/cat-out" -j 1 --catalogue "$cat"
expect_rc 1 "batch --catalogue with a renamed 科目"
grep -F "科学技术（新）支出" "$TMP/cat-out/summary.csv" | grep -q ",check," ||
    { cat "$TMP/cat-out/summary.csv" >&2; fail "batch --catalogue: the department is not failed by the catalogue"; }
run "$BP" batch "$TMP/cat-root" -o "$TMP/cat-out" -j 1
expect_rc 0 "the same batch without --catalogue"
run "$BP" check "$SEED" --catalogue "$TMP/none.csv"
expect_rc 3 "check with a missing catalogue"
expect_err_has "$TMP/none.csv" "check with a missing catalogue"

check "code structure: a 项 code under the wrong 款 is an error in the seed's layouts"
break_copy code 05-gpb-expenditure.csv 's/^2120102,/2130102,/'
run "$BP" check -q "$TMP/code"
expect_rc 1 "check a misplaced code"
expect_out_has "05 一般公共预算支出情况表, 2130102 一般行政管理事务, 科目编码: 2130102 does not begin with 21201, the code of the 款 row above it (a child's code begins with its parent's)" \
    "check a misplaced code"

check "a rule across a 万元 table and a 元 table (unit:), and ≤"
lu="$TMP/layouts-units"
cp -r "$SRC/layouts/standard-2024" "$lu"
cp "$SRC/examples/variant-yuan-2024/layouts/gpb-expenditure-yuan.yaml" "$lu/"
sed -i 's/^format: /unit: 元\nformat: /' "$lu/gpb-expenditure-yuan.yaml"
sed -i 's/^format: /unit: 万元\nformat: /' "$lu/05-gpb-expenditure.yaml"
printf '  - gpb-expenditure-yuan.yaml\n' >"$TMP/yuan-table"
sed -i "/^  - 12-project-performance.yaml/r $TMP/yuan-table" "$lu/set.yaml"
printf '%s\n' '  - rule: "05[name=合计].total = gpb-expenditure-yuan[name=合计].total"' \
    '    name: 万元 = 元' \
    '  - rule: "10[name=\"\"].cur_gpb ≤ 10[name=\"\"].total"' \
    '    name: 本年拨款 ≤ 合计' >"$TMP/unit-rules"
sed -i "/^rules:/r $TMP/unit-rules" "$lu/rules.yaml"
du="$TMP/units"
copy_seed "$du"
iconv -f GB18030 -t UTF-8 "$SRC/examples/variant-yuan-2024/gpb-expenditure-yuan.csv" >"$du/gpb-expenditure-yuan.csv"
run "$BP" check -q "$du" --layouts "$lu"
expect_rc 0 "check 6828.4 万元 = 68284000.00 元"
expect_out "" "check 6828.4 万元 = 68284000.00 元"
sed -i '2s/^,,,合计,68284000.00,/,,,合计,68284400.00,/' "$du/gpb-expenditure-yuan.csv"
run "$BP" check "$du" --layouts "$lu"
expect_rc 0 "check 6828.4 万元 against 68284400.00 元"
expect_out_has "05 一般公共预算支出情况表, 合计, 合计: 68284400.00 元 ≈ 68284000.00 元, rounding within 500 元 (万元 = 元)" \
    "check 6828.4 万元 against 68284400.00 元"
sed -i '2s/^,,,合计,68284400.00,/,,,合计,68289000.00,/' "$du/gpb-expenditure-yuan.csv"
run "$BP" check -q "$du" --layouts "$lu"
expect_rc 1 "check 6828.4 万元 against 68289000.00 元"
expect_out "05 一般公共预算支出情况表, 合计, 合计: 68289000.00 元 ≠ 68284000.00 元 (万元 = 元)" \
    "check 6828.4 万元 against 68289000.00 元"
sed -i 's/^,,,5209.0,5209.0,/,,,5209.0,5210.0,/' "$du/10-projects.csv"
run "$BP" check -q "$du" --layouts "$lu"
expect_rc 1 "check 本年拨款 > 合计"
expect_out_has "10 项目支出表, 合计, 本年拨款一般公共预算: 5210.0 > 5209.0 (本年拨款 ≤ 合计)" "check 本年拨款 > 合计"

check "usage: no folder is exit 2; a missing folder is exit 3"
run "$BP" check
expect_rc 2 "check without a folder"
run "$BP" check "$TMP/nope"
expect_rc 3 "check a missing folder"
expect_err_has "department folder not found" "check a missing folder"
run "$BP" check --help
expect_rc 0 "check --help"
expect_out_has "Usage: budgetpdf check DEPT_DIR" "check --help"

pass
