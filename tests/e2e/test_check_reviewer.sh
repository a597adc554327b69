#!/usr/bin/env bash
# test_check_reviewer.sh — checks a reviewer makes (docs/checks.md): an
# empty table's note that names the wrong fund (`- fund:` in checks:); 科目
# names in a column without codes against the catalogue; table 06's items
# against table 07's 基本支出 by 经济分类 code (standard-2024's `each:`
# rule), which the seed's table 7 now passes (30103 奖金 310.8, as table 6),
# its rounding shown as rounding.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

check "the seed passes with its four rounding warnings only (tables 06 and 07, 552.5 ≈ 552.6)"
run "$BP" check "$SEED"
expect_rc 0 "check the seed"
[ "$(grep -c '≈' "$RUN_OUT")" = 4 ] || fail "rounding lines: $(cat "$RUN_OUT")"
[ "$(grep -c "552.5 ≈ 552.6" "$RUN_OUT")" = 3 ] || fail "the rounding is not 552.5 ≈ 552.6: $(cat "$RUN_OUT")"
expect_out_has "0 errors, 4 rounding warnings" "the seed's summary"
grep -q '^30103,奖金,310.8,310.8,$' "$SEED/07-economic.csv" || fail "table 7's 30103 奖金 is not table 6's 310.8"

check "table 07's 基本支出 of a code against table 06's items of that code"
D="$TMP/econ"
copy_seed "$D"
sed -i 's/^30201,办公费,4.5,4.5,$/30201,办公费,4.6,4.6,/; s/^30211,差旅费,1.5,1.5,$/30211,差旅费,1.4,1.4,/' "$D/07-economic.csv"
run "$BP" check -q "$D"
expect_rc 1 "07 items moved between codes (sums unchanged)"
expect_out_has "07 支出经济分类汇总表, 30201 办公费, 基本支出: 4.5 ≠ 4.6" "30201"
expect_out_has "07 支出经济分类汇总表, 30211 差旅费, 基本支出: 1.5 ≠ 1.4" "30211"
[ "$(wc -l <"$RUN_OUT")" = 2 ] || fail "more than the two codes: $(cat "$RUN_OUT")"
# a code of table 06 that table 07 lacks is compared with zero
copy_seed "$D"
sed -i '/^30217,/d; s/^302,商品和服务支出,6275.8,1066.8,5209.0$/302,商品和服务支出,6275.6,1066.6,5209.0/; s/^,合计,6828.4,1619.4,5209.0$/,合计,6828.2,1619.2,5209.0/' "$D/07-economic.csv"
run "$BP" check "$D"
expect_rc 1 "a code of table 06 missing in table 07"
expect_out_has "07 支出经济分类汇总表, 30217, 基本支出: 0.2 ≠ 0.0" "30217 missing in 07"

check "each: errors name the rules file's line and column"
L="$TMP/layouts"
cp -r "$SRC/layouts/standard-2024" "$L"
copy_seed "$D"
sed -i "s|^layouts: .*|layouts: $L|" "$D/department.yaml"
sed -i 's/each: {columns: \[06.dept_code, 07.code\], length: 5}/each: {columns: [06.dept_cod, 07.code], length: 5}/' "$L/rules.yaml"
run "$BP" check "$D"
expect_rc 3 "an unknown each column"
expect_err_match "layouts/rules.yaml:[0-9]+:[0-9]+: each column: no column .dept_cod." "the unknown column's place"
cp "$SRC/layouts/standard-2024/rules.yaml" "$L/rules.yaml"
sed -i 's/07\[code=\$\].basic = 06\[dept_code=\$\].total/07[code=30101].basic = 06[dept_code=30101].total/' "$L/rules.yaml"
run "$BP" check "$D"
expect_rc 3 "each: without a \$ selector"
expect_err_has 'each: the rule has no selector [column=$] to take each text' "each without \$"

check "an empty table's note that names another fund"
copy_seed "$D"
cat >>"$D/department.yaml" <<'EOF'
overrides:
  override:
    09-fund:
      empty_note: "注：本部门{year}年无国有资本经营预算支出，此表为空表。"
EOF
run "$BP" check "$D"
expect_rc 1 "09's 空表 note names 国有资本经营"
expect_out_has "09 政府性基金预算支出情况表: the 空表 note names 国有资本经营, but the table shows 政府性基金预算: '注：本部门2024年无国有资本经营预算支出，此表为空表。'" "the wrong fund"
R="$TMP/region"
cp -r "$SRC/examples/region-yuan-2024" "$R"
chmod -R u+w "$R"
head -n 1 "$R/08-state-capital.csv" >"$R/08.csv" && mv "$R/08.csv" "$R/08-state-capital.csv"
sed -i '/out_soc = 08/,+1d; /09\[code=118003\]/,+1d' "$R/layouts/rules.yaml"
printf 'empty_note: "注：本部门{year}年没有使用政府性基金预算拨款安排的支出，本表为空表。"\n' >>"$R/layouts/08-state-capital.yaml"
run "$BP" check -q "$R"
grep -qF "the 空表 note names 政府性基金, but the table shows 国有资本经营预算" "$RUN_OUT" ||
    fail "a 国有资本经营 table whose note says 政府性基金 passes: $(cat "$RUN_OUT")"
sed -i 's/政府性基金预算拨款安排的支出，本表为空表/国有资本经营预算拨款安排的支出，本表为空表/' "$R/layouts/08-state-capital.yaml"
run "$BP" check -q "$R"
! grep -qF "空表 note" "$RUN_OUT" || fail "the right fund is reported: $(cat "$RUN_OUT")"

check "科目 names in a column without codes, against the catalogue"
L="$TMP/names-set"
mkdir -p "$L" "$TMP/names"
cat >"$L/set.yaml" <<'EOF'
name: names
tables: [01-names.yaml]
EOF
cat >"$L/01-names.yaml" <<'EOF'
title: "{year}年支出表"
contents: 一、支出表
data: 01-names.csv
format: {decimals: 1}
columns:
  - {key: name, header: [科目名称], code: name}
  - {key: total, header: [合计], type: amount}
checks:
  - column: total
    total: {column: name, equals: 合计}
EOF
printf 'code,name\n210,卫生健康支出\n21001,卫生健康管理事务\n212,城乡社区支出\n' >"$TMP/cat.csv"
printf 'name,total\n合计,30.0\n卫生健康支出,10.0\n医疗卫生与计划生育支出,5.0\n城乡社区支出,15.0\n' >"$TMP/names/01-names.csv"
printf 'name: 测试部门\ncode: "001"\nyear: 2024\nlayouts: %s\n' "$L" >"$TMP/names/department.yaml"
run "$BP" check "$TMP/names"
expect_rc 0 "no catalogue: names are not checked"
run "$BP" check -q "$TMP/names" --catalogue "$TMP/cat.csv"
expect_rc 1 "an obsolete name against the catalogue"
[ "$(cat "$RUN_OUT")" = "01 支出表, 医疗卫生与计划生育支出, 科目名称: '医疗卫生与计划生育支出' is not a 科目 of the catalogue $TMP/cat.csv (names without codes are 科目 of the catalogue)" ] ||
    fail "the finding: $(cat "$RUN_OUT")"

pass
