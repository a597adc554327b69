#!/usr/bin/env bash
# test_check_text.sh — `budgetpdf check` on a department whose folder has
# document.md (docs/document.md, "Checks on the text"): the seed's text as
# the seed prints it (tests/fixtures/seed-document) reports the seed's
# repeated clause and the year compared with itself as errors, and the
# typed figures as warnings naming the table figure each stands for; a copy
# whose text is right but for one figure that disagrees with the tables
# (tests/fixtures/seed-document-disagrees: 1691.4 typed for 1619.4) fails
# `check` with one error naming the cell it was meant to be; render checks
# the text as check does (issue 23: one policy for text and tables) and
# refuses the first, --no-check renders it; a document that is not UTF-8 is
# an input error of check naming line and column.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

FIX="$SRC/tests/fixtures"
RULE='(a figure in the text is a {{ }} expression)'

# with_text NAME FIXTURE: a copy of the seed with the fixture's document.md.
with_text() {
    copy_seed "$TMP/$1"
    cp "$FIX/$2/document.md" "$TMP/$1/document.md"
}

check "the seed's text: its repeated clause and its year compared with itself are errors"
with_text lint seed-document
D="$TMP/lint"
run "$BP" check -q "$D"
expect_rc 1 "check -q on the seed's text"
want="$D/document.md:44:103: '主要原因' twice in a row: '主要原因主要原因' (no word, clause or paragraph printed twice)
$D/document.md:56:48: 2023年 is compared with 2023年 (at 56:67), the same year; the budget year is 2024 (years in the text are the budget year or the one before)"
if [ "$(cat "$RUN_OUT")" != "$want" ]; then
    diff <(printf '%s\n' "$want") "$RUN_OUT" >&2 || true
    fail "check -q on the seed's text: not exactly the two errors (diff above)"
fi

check "the seed's text: each typed figure is a warning, with the table figure named"
run "$BP" check "$D"
expect_rc 1 "check on the seed's text"
# the figures the text types: a number before 万元 or %, but for thresholds (50 万元以上)
typed=$(grep -oP '(?<![0-9.,])[0-9]+(\.[0-9]+)? ?(万元|%)(?!以上)' "$D/document.md" | wc -l)
[ "$typed" -ge 30 ] || fail "only $typed typed figures in the fixture"
got=$(grep -c "^warning: $D/document.md:[0-9]*:[0-9]*: figure typed as text: " "$RUN_OUT" || true)
# all but three zeros whose clause names no table cell (比 2023 年增加 0 万元,
# 公务用车运行维护费 0 万元, 政府采购预算安排 0 万元): nothing could give them
[ "$got" = "$((typed - 3))" ] || fail "$got typed-figure warnings, the text types $typed figures"
for at in 56:76 64:46 78:38; do
    ! grep -q "document.md:$at:" "$RUN_OUT" || fail "the zero at $at is reported"
done
for line in \
    "warning: $D/document.md:32:34: figure typed as text: 6828.4 万元, which 01 部门收支总体情况表, 收入总计 支出总计, 收入金额 holds $RULE" \
    "warning: $D/document.md:32:49: figure typed as text: 6828.4 万元, which 01 部门收支总体情况表, 收入总计 支出总计, 支出金额 holds $RULE" \
    "warning: $D/document.md:40:52: figure typed as text: 1619.4 万元, which 03 部门支出总体情况表, 合计, 基本支出 holds $RULE" \
    "warning: $D/document.md:52:65: figure typed as text: 552.6 万元, which 06 一般公共预算基本支出表, 合计, 人员经费 holds $RULE" \
    "warning: $D/document.md:52:90: figure typed as text: 1066.8 万元, which 06 一般公共预算基本支出表, 合计, 公用经费 holds $RULE" \
    "warning: $D/document.md:40:64: figure typed as text: 23.72% $RULE" \
    "warning: $D/document.md:32:77: figure typed as text: 4590.6 万元, which no table holds $RULE"; do
    grep -qxF -- "$line" "$RUN_OUT" || { cat "$RUN_OUT" >&2; fail "check lacks the line '$line'"; }
done
summary=$(tail -n 1 "$RUN_OUT")
[[ "$summary" == "$D: 2 errors, $got warnings, 4 rounding warnings ("* ]] ||
    fail "summary is '$summary'"
# the lines come in the order of their places in the file
grep -oE "^(warning: )?$D/document.md:[0-9]+:[0-9]+" "$RUN_OUT" | sed 's/.*document.md://' |
    sort -t: -k1,1n -k2,2n -c || fail "the text's lines are not in the order of their places"

check "as JSON: the text's findings validate against the schema, with their place as source"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
"$PY" -c 'import jsonschema' 2>/dev/null || fail "needs python3-jsonschema (Makefile: DEB_PACKAGES)"
run "$BP" check --format json "$D"
expect_rc 1 "check --format json on the seed's text"
"$PY" - "$SRC/docs/check-report.schema.json" "$RUN_OUT" "$D/document.md" <<'EOF' || fail "the JSON of the text's findings"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1], encoding="utf-8"))
report = json.load(open(sys.argv[2], encoding="utf-8"))
jsonschema.Draft202012Validator(schema).validate(report)
text = [f for f in report["findings"] if f["source"] and f["source"].get("file") == sys.argv[3]]
kinds = sorted({f["kind"] for f in text})
assert kinds == ["text_figures", "text_repeats", "year"], kinds
f = next(f for f in text if f["source"]["line"] == 40 and f["source"]["column"] == 52)
assert (f["kind"], f["found"], f["expected"], f["unit"], f["severity"]) == \
    ("text_figures", "1619.4", "1619.4", "万元", "warning"), f
assert [c["role"] for c in f["cells"]] == ["compared"] and f["table"] is None, f
EOF

check "render checks the text as check does: the seed's text is refused, --no-check renders it"
run "$BP" render "$D" -o "$TMP/lint.pdf"
expect_rc 1 "render the seed's text"
[ ! -e "$TMP/lint.pdf" ] || fail "render wrote a PDF of a text with errors"
expect_err_has "2 checks failed, no PDF written" "render's refusal"
expect_err_has "$D/document.md:56:48: 2023年 is compared with 2023年" "the year in render's refusal"
! grep -q "figure typed as text" "$RUN_ERR" || fail "render printed the typed figures (check's warnings)"
run "$BP" render "$D" -o "$TMP/lint.pdf" --no-check
expect_rc 0 "render --no-check"
[ -s "$TMP/lint.pdf" ] || fail "render --no-check wrote no PDF"

check "a figure that disagrees with the tables: an error naming the cell it was meant to be"
with_text disagrees seed-document-disagrees
D="$TMP/disagrees"
line="$D/document.md:40:52: typed figure 1691.4 万元 is no table figure; it was meant to be 03 部门支出总体情况表, 合计, 基本支出, 1619.4 万元 (two digits swapped) (a figure typed in the text is a figure of the tables)"
run "$BP" check "$D"
expect_rc 1 "check"
grep -qxF -- "$line" "$RUN_OUT" || { cat "$RUN_OUT" >&2; fail "check lacks '$line'"; }
tail -n 1 "$RUN_OUT" | grep -q "^$D: 1 error, $((got - 1)) warnings, 4 rounding warnings (" ||
    fail "summary: $(tail -n 1 "$RUN_OUT")"
run "$BP" check --strict "$D"
expect_rc 1 "check --strict"
! grep -q "^warning: " "$RUN_OUT" || fail "check --strict still prints warnings"
tail -n 1 "$RUN_OUT" | grep -q "^$D: $got errors, 4 rounding warnings (" ||
    fail "--strict summary: $(tail -n 1 "$RUN_OUT")"
run "$BP" render "$D" -o "$TMP/disagrees.pdf"
expect_rc 1 "render of a text with a figure that disagrees"
expect_err_has "$line" "render's refusal names the figure"

check "a rules.yaml builtin: turns the text's checks off"
cp -r "$SRC/layouts/standard-2024" "$TMP/set"
printf 'builtin: {text_figures: off, text_repeats: off, year: off}\n' >>"$TMP/set/rules.yaml"
run "$BP" check -l "$TMP/set" "$TMP/lint"
expect_rc 0 "check with the text's checks off"
! grep -q "document.md" "$RUN_OUT" || fail "lines about document.md with its checks off"

check "a document that is not UTF-8 is an input error naming its line and column"
printf '# 标题\n\n正文\xff\n' >"$D/document.md"
run "$BP" check "$D"
expect_rc 3 "check a document that is not UTF-8"
expect_err_has "$D/document.md:3:3: not UTF-8 (the document's text is UTF-8)" "not UTF-8"

pass
