#!/usr/bin/env bash
# test_check_candidates.sh — a failing sum that cannot tell which figure is
# wrong (docs/checks.md, "Which figure is wrong"): two leaves of one 款
# changed, each failing its row rule, so the 款's sum fails with two summed
# rows singled out by other errors. The line says it cannot tell; the JSON
# gives the total and both leaves the role "candidate" (no "wrong" cell)
# and validates against docs/check-report.schema.json; the report frames
# the three cells alike, each with a note titled as a candidate (over the
# printed figure), explains the frame in its legend, and says it all in
# Chinese under LANG=zh_CN.UTF-8.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tool qpdf pdftotext
PY=/usr/bin/python3 # Debian's, with python3-jsonschema (Makefile: DEB_PACKAGES)
[ -x "$PY" ] || PY=python3
"$PY" -c 'import jsonschema' 2>/dev/null || fail "needs python3-jsonschema (apt-get install python3-jsonschema)"
SCHEMA="$SRC/docs/check-report.schema.json"
READ="$SRC/tests/e2e/report_pdf.py"
export BUDGETPDF_LOCALEDIR="$BUILD/locale"

D="$TMP/two-leaves"
copy_seed "$D"
sed -i 's/^2120102,一般行政管理事务,100.0,0,0,0,0,0,100.0,0,100.0$/2120102,一般行政管理事务,100.0,0,0,0,0,0,110.0,0,100.0/' "$D/05-gpb-expenditure.csv"
sed -i 's/^2120199,\(.*\),5109.0,0,0,0,0,0,5109.0,0,5109.0$/2120199,\1,5109.0,0,0,0,0,0,5119.0,0,5109.0/' "$D/05-gpb-expenditure.csv"
grep -qF ',110.0,0,100.0' "$D/05-gpb-expenditure.csv" && grep -qF ',5119.0,0,5109.0' "$D/05-gpb-expenditure.csv" ||
    fail "the seed's leaves were not changed"

check "the line says it cannot tell"
run env -u LC_ALL -u LANG -u LANGUAGE "$BP" check -q "$D"
expect_rc 1 "two leaves changed"
expect_out_has "05 一般公共预算支出情况表, 21201 城乡社区管理事务, 项目支出: 5229.0 ≠ 5209.0 (21201 = 2120102 + 2120199; cannot tell whether 21201 or a row it sums is wrong)" "the sum that cannot tell"

check "the JSON: the total and both leaves are candidates, none wrong; valid against the schema"
run env -u LC_ALL -u LANG -u LANGUAGE "$BP" check -q "$D" --format json
cp "$RUN_OUT" "$TMP/check.json"
"$PY" - "$SCHEMA" "$TMP/check.json" <<'EOF' || fail "the JSON of the candidates"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1], encoding="utf-8"))
j = json.load(open(sys.argv[2], encoding="utf-8"))
jsonschema.Draft202012Validator(schema).validate(j)
# the schema knows the role, and still refuses an unknown one
bad = json.loads(json.dumps(j))
f = [f for f in bad["findings"] if "cannot tell" in f["message"]][0]
f["cells"][0]["role"] = "maybe"
try:
    jsonschema.Draft202012Validator(schema).validate(bad)
    raise SystemExit("the schema accepts a role 'maybe'")
except jsonschema.ValidationError:
    pass
f = [f for f in j["findings"] if "cannot tell" in f["message"]]
assert len(f) == 1, f
f = f[0]
assert f["kind"] == "hierarchy", f
roles = {(c["source"]["line"], c["source"]["column"]): c["role"] for c in f["cells"]}
# 21201 (line 7), 2120102 (line 8), 2120199 (line 9); 项目支出 is column 9
cand = sorted(k for k, r in roles.items() if r == "candidate")
assert cand == [(7, 9), (8, 9), (9, 9)], roles
assert "wrong" not in roles.values(), roles
assert f["cells"][0]["role"] == "candidate" and f["cells"][0]["source"]["line"] == 7, f["cells"][0]
assert f["source"]["line"] == 7 and f["source"]["column"] == 9, f["source"]
# a finding whose cell is plainly wrong keeps its role
row = [f for f in j["findings"] if f["kind"] == "row"]
assert row and all(any(c["role"] == "wrong" for c in r["cells"]) for r in row), row
EOF

check "the report (zh_CN): the three cells framed as candidates, the legend explains it, no English"
run env -u LC_ALL -u LANGUAGE LANG=zh_CN.UTF-8 "$BP" check -q "$D" --report "$TMP/r.pdf"
expect_rc 1 "check --report"
pdftotext "$TMP/r.pdf" "$TMP/r.txt"
tr -d ' \n' <"$TMP/r.txt" >"$TMP/r.joined" # lines wrapped on the page, joined
grep -qF "紫色虚线框：可能有误的单元格" "$TMP/r.joined" || fail "the legend does not explain the candidates' frame"
grep -qF "无法判断是21201还是其所加的某一行有误" "$TMP/r.joined" || fail "the summary does not say it cannot tell: $(grep -F 21201 "$TMP/r.txt")"
"$PY" "$READ" annots "$TMP/r.pdf" >"$TMP/annots.tsv"
"$PY" - "$TMP/annots.tsv" <<'EOF' || fail "the candidates' notes: $(cat "$TMP/annots.tsv")"
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8")]
cand = [r for r in rows if r[3].startswith("校验：可能有误")]
inside = sorted(r[2] for r in cand)
# one note on each candidate, over its printed figure: 21201's 5209.0, the leaves' 110.0 and 5119.0
assert inside == ["110.0", "5,119.0", "5,209.0"], cand
assert all("无法判断是 21201 还是其所加的某一行有误" in r[4] for r in cand), cand
EOF
# English words, but the department's own (its text quotes 各类APP…)
sed 's/{{[^}]*}}//g' "$D/document.md" | grep -oE '[A-Za-z]{3,}' | sort -u >"$TMP/own"
sed -e "s|$D||g" -e 's/[A-Za-z0-9_./-]*\.\(md\|csv\|yaml\)//g; s/\[[^]]*[=!][^]]*\]//g' "$TMP/r.joined" |
    { grep -oE '[A-Za-z]{3,}' || true; } | sort -u | comm -23 - "$TMP/own" >"$TMP/english"
[ ! -s "$TMP/english" ] || fail "English words in the Chinese report: $(tr '\n' ' ' <"$TMP/english")"

pass
