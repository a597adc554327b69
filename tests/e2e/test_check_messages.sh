#!/usr/bin/env bash
# test_check_messages.sh — findings a clerk can act on (docs/checks.md,
# "What a line says"): a workbook's findings name their sheet and cell in
# the plain text as in JSON (rounding warnings included); a missing 合计 row
# names the sheet and the column it was looked for in; a sum that fails
# over a leaf another rule singles out blames that leaf, not its correct
# total, in the text, the JSON and the report's frames.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

GEN="$BUILD/gen-annex-workbook"
[ -x "$GEN" ] || fail "no $GEN (build first)"

check "a workbook's rounding warnings name their sheet and cell in the text, as in JSON"
"$GEN" "$SEED" "$SRC/layouts/standard-2024" "$TMP/book.xlsx" || fail "gen-annex-workbook"
run "$BP" check "$TMP/book.xlsx" --format json
expect_rc 0 "check --format json BOOK.xlsx"
cp "$RUN_OUT" "$TMP/book.json"
run "$BP" check "$TMP/book.xlsx"
expect_rc 0 "check BOOK.xlsx"
python3 - "$TMP/book.json" "$RUN_OUT" <<'EOF' || fail "text and JSON disagree on the cells"
import json, sys
j = json.load(open(sys.argv[1], encoding="utf-8"))
text = open(sys.argv[2], encoding="utf-8").read().splitlines()
assert len(j["findings"]) == 4, j["findings"]
for f, line in zip(j["findings"], text):
    s = f["source"]
    ref = "[%s!%s]" % (s["sheet"], s["cell"])
    assert line.endswith(ref), (line, ref)
    assert f["message"] == line, (f["message"], line)
EOF

check "a missing 合计 row names the workbook's sheet and the column it was looked for in"
D="$TMP/nototal"
copy_seed "$D"
sed -i 's/^,合计,6828.4,1619.4,5209.0$/,总计,6828.4,1619.4,5209.0/' "$D/07-economic.csv"
"$GEN" "$D" "$SRC/layouts/standard-2024" "$TMP/nototal.xlsx" || fail "gen-annex-workbook"
run "$BP" check -q "$TMP/nototal.xlsx"
expect_rc 1 "check a workbook without table 07's 合计 row"
grep -qE '^07 支出经济分类汇总表: no row \[name=合计\] .* \[表7!B:B\]$' "$RUN_OUT" ||
    fail "the missing row names no sheet and column: $(cat "$RUN_OUT")"
grep -qE '^07 支出经济分类汇总表: no total row where .* \[表7!B:B\]$' "$RUN_OUT" ||
    fail "the missing total row of the column rule names no sheet and column: $(cat "$RUN_OUT")"
run "$BP" check -q "$TMP/nototal.xlsx" --format json
python3 - "$RUN_OUT" "$TMP/nototal.xlsx" <<'EOF' || fail "the JSON of the missing row"
import json, sys
j = json.load(open(sys.argv[1], encoding="utf-8"))
f = [f for f in j["findings"] if "no row [name=合计]" in f["message"]][0]
assert f["column"] == "科目名称", f
assert f["source"]["where"] == sys.argv[2] + ": 表7!B:B", f["source"]
EOF

check "a changed leaf is blamed, not its correct total"
B="$TMP/leaf"
copy_seed "$B"
sed -i 's/^2120102,一般行政管理事务,100.0,0,0,0,0,0,100.0,0,100.0$/2120102,一般行政管理事务,100.0,0,0,0,0,0,110.0,0,100.0/' "$B/05-gpb-expenditure.csv"
run "$BP" check -q "$B"
expect_rc 1 "a leaf's 项目支出 changed"
expect_out_has "05 一般公共预算支出情况表, 21201 城乡社区管理事务, 项目支出: 5219.0 ≠ 5209.0 (21201 = 2120102 + 2120199; 2120102 一般行政管理事务 fails another rule too: it is the likely wrong figure, not the total)" "the blame on the leaf"
run "$BP" check -q "$B" --format json
python3 - "$RUN_OUT" <<'EOF' || fail "the JSON of the blamed leaf"
import json, sys
j = json.load(open(sys.argv[1], encoding="utf-8"))
f = [f for f in j["findings"] if f["kind"] == "hierarchy"][0]
wrong = [c for c in f["cells"] if c["role"] == "wrong"]
assert len(wrong) == 1 and f["cells"][0] == wrong[0], f
# the leaf 2120102 (line 8 of the CSV), column 9 (项目支出), not 21201 (line 7)
assert f["source"]["line"] == 8 and f["source"]["column"] == 9, f["source"]
assert any(c["source"]["line"] == 7 and c["role"] == "compared" for c in f["cells"]), f
EOF

pass
