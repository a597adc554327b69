#!/usr/bin/env bash
# test_check_report.sh — `budgetpdf check --report FILE` and `--format json`
# (docs/checks.md, "The report" and "Findings as JSON"), on the broken
# copies of test_check.sh (a figure changed in a body row, a total that
# disagrees with another table, a 款 row that is not the sum of its 项
# rows): the report is the whole document with summary pages in front, one
# Square annotation per finding on the page and over the very cell the
# finding names (the words inside its rectangle are the printed figure),
# /Contents naming the rule, summary links to those pages, 校验报告 outside
# the trim of every page; the JSON has the text output's findings, one for
# one, and validates against docs/check-report.schema.json; a clean
# department gives an empty summary and no annotation; batch --format json
# gives one valid line per department with the same findings.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tool qpdf pdftotext pdfinfo
PY=/usr/bin/python3 # Debian's, with python3-jsonschema (Makefile: DEB_PACKAGES)
[ -x "$PY" ] || PY=python3
"$PY" -c 'import jsonschema' 2>/dev/null || fail "needs python3-jsonschema (apt-get install python3-jsonschema)"
SCHEMA="$SRC/docs/check-report.schema.json"
READ="$SRC/tests/e2e/report_pdf.py"

# validate FILE...: every line of the files is a JSON object the schema accepts.
validate() {
    "$PY" - "$SCHEMA" "$@" <<'EOF' || fail "JSON does not validate against the schema: $*"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1], encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
for path in sys.argv[2:]:
    for line in open(path, encoding="utf-8"):
        if line.strip():
            v.validate(json.loads(line))
EOF
}

# break_copy NAME FILE SED (as in test_check.sh)
break_copy() {
    local dir="$TMP/$1"
    copy_seed "$dir"
    sed -i "$3" "$dir/$2"
    ! cmp -s "$SEED/$2" "$dir/$2" || fail "break_copy $1: '$3' did not change $2"
}

check "the schema rejects what it should (so validating means something)"
echo '{"version":1,"department":"d","findings":[],"status":"ok","message":null,"report":null,"errors":0,"warnings":0,"roundings":0,"rules":1,"comparisons":1}' >"$TMP/good.json"
validate "$TMP/good.json"
sed 's/"status":"ok"/"status":"fine"/' "$TMP/good.json" >"$TMP/bad.json"
if "$PY" - "$SCHEMA" "$TMP/bad.json" <<'EOF' 2>/dev/null; then
import json, sys, jsonschema
jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate(json.load(open(sys.argv[2])))
EOF
    fail "the schema accepts a status 'fine'"
fi

break_copy figure 05-gpb-expenditure.csv 's/^212,城乡社区支出,5209.0,/212,城乡社区支出,5219.0,/'
break_copy across 10-projects.csv 's/^\(特定目标类,网格化基层治理工作经费,[^,]*\),100.0,100.0,/\1,110.0,110.0,/; s/^,,,5209.0,5209.0,/,,,5219.0,5219.0,/; s/^\(,033,[^,]*\),5209.0,5209.0,/\1,5219.0,5219.0,/'
break_copy kuan 05-gpb-expenditure.csv 's/^2120199,\(.*\),5109.0,0,0,0,0,0,5109.0,0,5109.0$/2120199,\1,5100.0,0,0,0,0,0,5100.0,0,5100.0/'

# report_case NAME ERRORS: the report and the JSON of broken copy NAME,
# which has ERRORS errors (and the seed's two rounding warnings).
report_case() {
    local name=$1 errors=$2 dir="$TMP/$1" out="$TMP/$1.out"
    mkdir -p "$out"
    check "$name: check --report: exit 1, the text output unchanged, the report written"
    run "$BP" check "$dir"
    expect_rc 1 "check $name"
    cp "$RUN_OUT" "$out/text"
    run "$BP" check "$dir" --report "$out/report.pdf"
    expect_rc 1 "check $name --report"
    cmp -s "$RUN_OUT" "$out/text" || fail "$name: --report changed check's output"
    [ -s "$out/report.pdf" ] || fail "$name: no report written"
    no_tmp_left "$out" "check $name --report"
    quiet_tool qpdf --check "$out/report.pdf" >/dev/null

    check "$name: --format json has the text output's findings, one for one, and validates"
    run "$BP" check "$dir" --format json
    expect_rc 1 "check $name --format json"
    cp "$RUN_OUT" "$out/json"
    [ "$(wc -l <"$out/json")" = 1 ] || fail "$name: the JSON is not one line"
    validate "$out/json"
    "$PY" - "$out/json" "$out/text" "$dir" "$errors" <<'EOF' || fail "$name: JSON and text disagree"
import json, sys
j = json.load(open(sys.argv[1], encoding="utf-8"))
text = open(sys.argv[2], encoding="utf-8").read().splitlines()
lines = [("warning: " if f["severity"] == "warning" else "") + f["message"] for f in j["findings"]]
assert lines == text[:-1], (lines, text)
assert j["status"] == "check" and j["errors"] == int(sys.argv[4]) and j["roundings"] == 4, j
assert text[-1] == "%s: %d errors, 4 rounding warnings (%d rules, %d comparisons)" % (
    sys.argv[3], j["errors"], j["rules"], j["comparisons"]), text[-1]
for f in j["findings"]:
    wrong = [c for c in f["cells"] if c["role"] == "wrong"]
    assert len(wrong) == 1 and f["cells"][0] == wrong[0], f
    assert f["source"] == wrong[0]["source"] and f["source"]["file"].endswith(".csv"), f
    assert f["expected"] and f["found"] and f["tolerance"], f
EOF

    check "$name: one annotation per finding, over the cell it names, on its table's page"
    run "$BP" render "$dir" -o "$out/annex.pdf" --no-check -q
    expect_rc 0 "render --no-check $name"
    local np nr
    np=$(split_pages "$out/annex.pdf" "$out/annex")
    nr=$(pdf_pages "$out/report.pdf")
    [ "$nr" -gt "$np" ] || fail "$name: the report has $nr pages, the annex $np"
    "$PY" "$READ" annots "$out/report.pdf" >"$out/annots" || fail "$name: cannot read the annotations"
    "$PY" - "$out/json" "$out/annots" "$out/annex" "$np" "$((nr - np))" <<'EOF' || fail "$name: annotations misplaced (above)"
import json, sys
j = json.load(open(sys.argv[1], encoding="utf-8"))
annots = [l.rstrip("\n").split("\t") for l in open(sys.argv[2], encoding="utf-8")]
pages, nsum = int(sys.argv[4]), int(sys.argv[5])
texts = [open("%s/%d.sq" % (sys.argv[3], p), encoding="utf-8").read() for p in range(1, pages + 1)]
def table_page(f):  # the annex's page of the table: its title with the year
    title = "2024年" + f["table"]["name"].split(" ", 1)[1]
    return 1 + next(i for i, t in enumerate(texts) if title in t)
assert len(annots) == len(j["findings"]), (len(annots), len(j["findings"]))
for f in j["findings"]:
    mine = [a for a in annots if f["message"] in a[4]]
    assert len(mine) == 1, (f["message"], mine)
    page, subtype, inner, title, contents = mine[0]
    assert subtype == "/Square", mine
    assert int(page) == table_page(f) + nsum, (f["message"], page, table_page(f), nsum)
    # the figure the finding calls found is the only text inside the rectangle
    assert inner.replace(",", "") == f["found"], (f["message"], inner)
    assert contents.startswith("[%s] %s" % ({"error": "错误", "rounding": "舍入差异"}[f["severity"]],
                                            f["rule"])), contents
    assert "应为 %s，实为 %s" % (f["expected"], f["found"]) in contents, contents
    assert title == {"error": "校验：错误", "rounding": "校验：舍入差异或警告"}[f["severity"]], title
EOF

    check "$name: the summary lists every finding with a link to its page, named as its footer"
    "$PY" "$READ" links "$out/report.pdf" >"$out/links"
    split_pages "$out/report.pdf" "$out/rep" >/dev/null
    "$PY" - "$out/json" "$out/annots" "$out/links" "$out/rep" <<'EOF' || fail "$name: summary links wrong (above)"
import json, re, sys
j = json.load(open(sys.argv[1], encoding="utf-8"))
annots = [l.rstrip("\n").split("\t") for l in open(sys.argv[2], encoding="utf-8")]
links = [l.rstrip("\n").split("\t") for l in open(sys.argv[3], encoding="utf-8")]
summary = [l for l in links if l[0] == "1"]
assert len(summary) == len(j["findings"]), summary
sq = lambda s: "".join(s.split())
for i, f in enumerate(j["findings"]):
    page = next(a[0] for a in annots if f["message"] in a[4])
    link = summary[i]
    assert sq(f["message"]) in sq(link[3]) and sq(link[3]).startswith("%d.[" % (i + 1)), link
    assert link[1] == page, (link, page)
    # the annex's footer, or in a whole document its one page number "— N —"
    footer = re.search(r"第(\d+)页共\d+页|—(\d+)—", open("%s/%s.sq" % (sys.argv[4], page), encoding="utf-8").read())
    assert footer and ("第%s页：" % (footer.group(1) or footer.group(2))) in sq(link[3]), (link, footer)
EOF
    pdf_text "$out/report.pdf" 1 1 | squash >"$out/summary"
    grep -qF "错误${errors}项，警告0项，舍入差异4项" "$out/summary" || fail "$name: summary counts"
    grep -qF "结果：未通过" "$out/summary" || fail "$name: summary result"

    check "$name: every page of the annex is in the report, 校验报告 outside every trim box"
    local p
    for ((p = 1; p <= np; p++)); do
        tr -d '\n' <"$out/annex/$p.sq" >"$out/want"
        grep -qF -f "$out/want" "$out/rep/$((p + nr - np)).sq" ||
            fail "$name: annex page $p is not report page $((p + nr - np))"
    done
    "$PY" "$READ" slug "$out/report.pdf" >"$out/slug"
    [ "$(grep -c $'\t''校验报告 · 不得作为公开文件' "$out/slug")" = "$nr" ] ||
        { cat "$out/slug" >&2; fail "$name: a page lacks 校验报告 outside its trim box"; }
    quiet_tool pdfinfo "$out/report.pdf" | grep -q '^Title: *校验报告：' || fail "$name: title"
}

report_case figure 3
report_case across 2
report_case kuan 3

check "a report that would replace an input is refused, the input intact"
cp "$TMP/figure/05-gpb-expenditure.csv" "$TMP/input.csv"
run "$BP" check "$TMP/figure" --report "$TMP/figure/05-gpb-expenditure.csv"
expect_rc 2 "check --report onto an input"
expect_err_has "it is an input of this run" "check --report onto an input"
cmp -s "$TMP/input.csv" "$TMP/figure/05-gpb-expenditure.csv" || fail "the input was changed"
run "$BP" check "$TMP/figure" --report "$TMP/no-such-folder/r.pdf"
expect_rc 4 "check --report into a missing folder"

check "the marks: red for the wrong cell, blue for those compared, dashed amber for rounding"
qpdf --qdf --object-streams=disable "$TMP/figure.out/report.pdf" "$TMP/qdf.pdf"
grep -aqE '^0 0\.9 0\.85 0 K$' "$TMP/qdf.pdf" || fail "no red frame"
grep -aqE '^0\.9 0\.45 0 0 K$' "$TMP/qdf.pdf" || fail "no blue frame"
grep -aqE '^0 0\.35 0\.9 0 K$' "$TMP/qdf.pdf" || fail "no amber frame"
grep -aqE '^\[3 ?\] 0 d$' "$TMP/qdf.pdf" || fail "the amber frame is not dashed"

check "a cell that spans pages is marked on each page it appears on"
copy_seed "$TMP/span"
"$PY" - "$TMP/span/10-projects.csv" <<'EOF'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
old = "特定目标类,智慧高新运维专项经费,"
assert old in s
tall = "\n".join("第%d行说明" % i for i in range(2, 90))  # a row taller than a page
open(p, "w", encoding="utf-8").write(s.replace(old, '特定目标类,"XX专项经费\n%s",' % tall))
EOF
run "$BP" check "$TMP/span" --report "$TMP/span.pdf"
expect_rc 1 "check a cell spanning pages"
"$PY" "$READ" annots "$TMP/span.pdf" | grep -F "leftover template text 'XX'" >"$TMP/span.annots" || true
[ "$(wc -l <"$TMP/span.annots")" = 3 ] || { cat "$TMP/span.annots" >&2; fail "expected a note on each of 3 pages"; }
pages=$(cut -f1 "$TMP/span.annots" | tr '\n' ' ')
read -r p1 p2 p3 <<<"$pages"
[ "$p2" = $((p1 + 1)) ] && [ "$p3" = $((p1 + 2)) ] || fail "notes on pages $pages, not consecutive"
cut -f3 "$TMP/span.annots" | grep -q '^XX专项经费 第2行说明' || fail "the first note is not over the cell's start"
cut -f3 "$TMP/span.annots" | grep -q '第89行说明$' || fail "the last note is not over the cell's end"
"$PY" "$READ" links "$TMP/span.pdf" | awk -F'\t' -v p="$p1" '$4 ~ /XX专项经费/ && $2 == p' | grep -q . ||
    fail "the summary does not link to the cell's first page"

check "a figure of a form (kind: form) is marked on the form's page"
cp -r "$SRC/examples/region-yuan-2024" "$TMP/form"
chmod -R u+w "$TMP/form"
sed -i 's/^\(118001,高标准农田建设项目,[^,]*\),2480000.00,/\1,2480100.00,/' "$TMP/form/09-project-performance.csv"
run "$BP" check "$TMP/form" --report "$TMP/form.pdf"
expect_rc 1 "check a broken form"
"$PY" "$READ" annots "$TMP/form.pdf" | grep -F '年度资金总额 = 当年财政拨款' >"$TMP/form.annots" || true
[ "$(wc -l <"$TMP/form.annots")" = 1 ] || { cat "$TMP/form.annots" >&2; fail "no note on the form"; }
[ "$(cut -f3 "$TMP/form.annots")" = "2,480,100.00" ] || { cat "$TMP/form.annots" >&2; fail "the form's note is not over 年度资金总额"; }
pdf_text "$TMP/form.pdf" "$(cut -f1 "$TMP/form.annots")" "$(cut -f1 "$TMP/form.annots")" | grep -q 高标准农田建设项目 ||
    fail "the form's note is not on the project's page"

check "a finding on a table with no rows drawn is listed on the summary"
layouts="$TMP/layouts"
cp -r "$SRC/layouts/standard-2024" "$layouts"
printf '  - rule: "09[name=合计].total = 05[name=合计].total"\n    name: 空表对比\n' >>"$layouts/rules.yaml"
run "$BP" check "$SEED" --layouts "$layouts" --report "$TMP/norows.pdf" --format json
expect_rc 1 "check with a rule on the empty table 09"
validate "$RUN_OUT"
grep -qF '"row":"(no rows)"' "$RUN_OUT" || fail "no finding on the empty table"
pdf_text "$TMP/norows.pdf" 1 1 | squash >"$TMP/norows.sum"
grep -qF "该单元格未绘出（表无数据行），比较的单元格在第" "$TMP/norows.sum" ||
    { cat "$TMP/norows.sum" >&2; fail "the summary does not list the finding on table 09"; }
grep -qF "空表对比" "$TMP/norows.sum" || fail "the summary lacks the rule"

check "a clean department: an empty summary, no annotation, no findings"
"$BUILD/gen-departments" -n 2 -s 3 "$TMP/bureau" >/dev/null
clean="$TMP/bureau/dept-0001"
run "$BP" check "$clean" --report "$TMP/clean.pdf"
expect_rc 0 "check --report a clean department"
"$PY" "$READ" annots "$TMP/clean.pdf" >"$TMP/clean.annots"
[ ! -s "$TMP/clean.annots" ] || { cat "$TMP/clean.annots" >&2; fail "annotations on a clean report"; }
pdf_text "$TMP/clean.pdf" 1 1 | squash >"$TMP/clean.sum"
grep -qF "结果：通过。错误0项，警告0项，舍入差异0项" "$TMP/clean.sum" || fail "clean summary counts"
grep -qF "问题清单未发现问题。" "$TMP/clean.sum" || { cat "$TMP/clean.sum" >&2; fail "clean summary list"; }
run "$BP" check "$clean" --format json
expect_rc 0 "check --format json a clean department"
validate "$RUN_OUT"
grep -qF '"findings":[],"status":"ok"' "$RUN_OUT" || fail "findings of a clean department"

check "batch --format json: one valid line per department, the findings of check"
cp -r "$TMP/figure" "$TMP/bureau/zz-figure"
run "$BP" batch "$TMP/bureau" -o "$TMP/bout" -j 2 --format json
expect_rc 1 "batch --format json"
validate "$RUN_OUT"
[ "$(wc -l <"$RUN_OUT")" = 3 ] || fail "batch --format json: not one line per department"
expect_err_has "2 of 3 departments rendered, 1 failed" "batch --format json: summary line on stderr"
cp "$RUN_OUT" "$TMP/batch.jsonl"
run "$BP" check "$TMP/bureau/zz-figure" --format json
"$PY" - "$TMP/batch.jsonl" "$RUN_OUT" <<'EOF' || fail "batch and check findings differ"
import json, sys
lines = {o["folder"]: o for o in map(json.loads, open(sys.argv[1], encoding="utf-8"))}
check = json.load(open(sys.argv[2], encoding="utf-8"))
fig = lines["zz-figure"]
assert fig["status"] == "check" and fig["file"] is None and fig["errors"] == 3, fig
# check lays the document out and gives each finding's page and boxes; batch does not
unplaced = [{k: v for k, v in f.items() if k not in ("page", "boxes")} for f in check["findings"]]
assert all("page" in f and "boxes" in f for f in check["findings"]), check["findings"]
assert fig["findings"] == unplaced, (fig["findings"], unplaced)
for k in ("dept-0001", "dept-0002"):
    assert lines[k]["status"] == "ok" and lines[k]["findings"] == [] and lines[k]["file"], lines[k]
EOF

pass
