#!/usr/bin/env bash
# test_rules_layers.sh — rules layered like tables (docs/checks.md, "Rules
# in layers"): a unit set whose rules file `extends:` standard-2024's and
# adds two rules; the same as a mapping of changes in set.yaml, which also
# drops and overrides rules of the base; a department turning off the 空表
# note check in its `overrides:`; and changes that name nothing, reported
# at the file, line and column where they were written.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

LAY="$TMP/layouts"
mkdir -p "$LAY/unit"
cp -r "$SRC/layouts/standard-2024" "$LAY/standard-2024"
export BUDGETPDF_LAYOUTS="$LAY:$SRC/layouts"
D="$TMP/dept"
copy_seed "$D"
sed -i 's/^layouts: .*/layouts: unit/' "$D/department.yaml"

base_rules=$("$BP" check "$SEED" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["rules"])')

# rules -> the number of rules run and the failing rules' names
rules_of() {
    python3 -c 'import json,sys
d=json.load(sys.stdin)
print(d["rules"], d["errors"], ";".join(f["rule"] for f in d["findings"] if f["severity"]=="error"))'
}

check "a rules file that extends standard-2024's and adds two rules"
cat >"$LAY/unit/set.yaml" <<'EOF'
extends: standard-2024
name: unit-2024
rules: unit-rules.yaml
EOF
cat >"$LAY/unit/unit-rules.yaml" <<'EOF'
extends: ../standard-2024/rules.yaml    # a path from this file's folder
rules:
  - rule: "02[name=合计].total = 03[name=合计].total"
    name: 收入合计 = 支出合计
  - rule: "07[name=合计].total = 2 * 02[name=合计].total"
    name: a rule that fails
EOF
run "$BP" check "$D" --format json
expect_rc 1 "check with a failing added rule"
read -r n errs names < <(rules_of <"$RUN_OUT")
[ "$n" = $((base_rules + 2)) ] || fail "rules run: $n, expected $((base_rules + 2)) (the base's $base_rules and two added)"
[ "$errs" = 1 ] || fail "errors: $errs, expected 1 (the added failing rule): $names"
[ "$names" = "a rule that fails" ] || fail "the failing rule is '$names'"

check "set.yaml's rules: as a mapping of changes: add, drop, override by name"
cat >"$LAY/unit/set.yaml" <<'EOF'
extends: standard-2024
name: unit-2024
rules:
  rules:
    - rule: "02[name=合计].total = 03[name=合计].total"
      name: 收入合计 = 支出合计
      key: in-out
    - rule: "07[name=合计].basic = 06[dept_code=合计].total"
      key: econ-basic
  drop: [收入总计 = 支出总计]
  override:
    "06[dept_code=合计].total = 05[name=合计].basic_total": ~
    支出经济分类汇总表 合计 = 部门支出总体情况表 合计: {tolerance: 0}
EOF
run "$BP" check "$D" --format json
expect_rc 0 "check with the rules changed in set.yaml"
read -r n errs names < <(rules_of <"$RUN_OUT")
[ "$n" = "$base_rules" ] || fail "rules run: $n, expected $base_rules (two added, two dropped)"
grep -q '"rule":"收入总计 = 支出总计"' "$RUN_OUT" && fail "the dropped rule still reports"

check "a department layers its own changes: the 空表 note check turned off in overrides:"
cp "$SEED/department.yaml" "$D/department.yaml"
cat >>"$D/department.yaml" <<'EOF'
overrides:
  override:
    09-fund: {empty_note: ~}
EOF
run "$BP" check "$D"
expect_rc 1 "check with table 09's empty_note removed"
expect_out_has "no figures, but no 空表 note" "the 空表 note check"
cat >>"$D/department.yaml" <<'EOF'
  rules:
    builtin: {empty_note: "off"}
EOF
run "$BP" check "$D"
expect_rc 0 "check with empty_note off in the department's overrides"
grep -qF '空表' "$RUN_OUT" && fail "the 空表 check still reports: $(cat "$RUN_OUT")"
run "$BP" render "$D" -o "$TMP/d.pdf"
expect_rc 0 "render with empty_note off"

check "changes that name nothing are errors at their file, line and column"
cp "$SEED/department.yaml" "$D/department.yaml"
sed -i 's/^layouts: .*/layouts: unit/' "$D/department.yaml"
cat >"$LAY/unit/set.yaml" <<'EOF'
extends: standard-2024
name: unit-2024
rules:
  drop: [收入总计 = 支出总计]
  override:
    no such rule: {tolerance: 0}
EOF
run "$BP" check "$D"
expect_rc 3 "an override of no rule"
expect_err_has "unit/set.yaml:6:5: override: 'no such rule' overrides nothing" "the override's place"
cat >"$LAY/unit/set.yaml" <<'EOF'
extends: standard-2024
name: unit-2024
rules:
  rules:
    - rule: "07[name=合计].totl = 03[name=合计].total"
EOF
run "$BP" check "$D"
expect_rc 3 "an added rule with an unknown column"
expect_err_match "unit/set.yaml:5:[0-9]+: .*totl" "the added rule's place in set.yaml"
cat >"$LAY/unit/set.yaml" <<'EOF'
extends: standard-2024
name: unit-2024
rules:
  builtin: {empty_notes: "off"}
EOF
run "$BP" check "$D"
expect_rc 3 "a misspelt built-in check"
expect_err_match "unit/set.yaml:4:[0-9]+: .*empty_notes" "the misspelt key's place in set.yaml"
cat >"$LAY/unit/r2.yaml" <<'EOF'
drop: [收入总计 = 支出总计]
EOF
printf 'extends: standard-2024\nname: unit-2024\nrules: r2.yaml\n' >"$LAY/unit/set.yaml"
run "$BP" check "$D"
expect_rc 3 "drop: without extends"
expect_err_has "r2.yaml:1:7: drop: needs extends:" "drop without extends"

pass
