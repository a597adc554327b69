#!/usr/bin/env bash
# test_text_findings.sh — a finding in the document's text on its page
# (docs/checks.md, "The report"): the text checks and the typesetter read
# document.md once (doc_text.h), every character set keeps the bytes of
# the source it came from, so `check --report` frames the phrase of a text
# finding on the page it was set on (an annotation over exactly its
# characters), lists it in the summary as 正文 with a link to that page
# and no "(null)", and `check --format json` gives its page and boxes
# (validated against docs/check-report.schema.json). A phrase set over
# two lines is framed on both; one in the cover's title on the cover.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tool qpdf pdftotext pdfinfo
PY=/usr/bin/python3 # Debian's, with python3-jsonschema (Makefile: DEB_PACKAGES)
[ -x "$PY" ] || PY=python3
"$PY" -c 'import jsonschema' 2>/dev/null || fail "needs python3-jsonschema (apt-get install python3-jsonschema)"
SCHEMA="$SRC/docs/check-report.schema.json"
READ="$SRC/tests/e2e/report_pdf.py"

check "a wrong figure typed in the text: framed on its text page, listed as 正文 with a link"
D="$TMP/typed"
copy_seed "$D"
# the total income typed (wrong) where the seed has its expression, and
# the two shares of section 三 typed so that they do not add up to 100%
sed -i 's/收入总计{{ 01\[in_item=收入总计\].in_amount }}万元/收入总计1691.4万元/' "$D/document.md"
sed -i 's/占{{ share(03\[name=合计\].basic_total, [^}]*}}/占23.72%/; s/占{{ share(03\[name=合计\].project_total, [^}]*}}/占65.78%/' "$D/document.md"
# and a year of the cover's title (the text's first paragraph) that is not the budget's
sed -i '1s/^2024年/2019年/' "$D/document.md"
grep -qF '收入总计1691.4万元' "$D/document.md" || fail "the seed's sentence was not changed"
grep -qF '占65.78%' "$D/document.md" || fail "the seed's share was not typed"
line=$(grep -n '1691.4万元' "$D/document.md" | cut -d: -f1)
run "$BP" check "$D" --report "$TMP/typed.pdf"
expect_rc 1 "check --report (a share error)"
expect_out_has "document.md:$line:" "the typed figure's place"
"$PY" "$READ" marked "$TMP/typed.pdf" >"$TMP/marked.tsv"
"$PY" "$READ" links "$TMP/typed.pdf" >"$TMP/links.tsv"
pdftotext "$TMP/typed.pdf" "$TMP/typed.txt"
! grep -qF "(null)" "$TMP/marked.tsv" "$TMP/typed.txt" || fail "the report prints (null)"
"$PY" - "$TMP/marked.tsv" "$TMP/links.tsv" "$TMP/typed.pdf" "$line" <<'EOF' || fail "the text findings in the report"
import subprocess, sys
marked = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8")]
links = [l.rstrip("\n").split("\t") for l in open(sys.argv[2], encoding="utf-8")]
pdf, line = sys.argv[3], sys.argv[4]
def page_text(n):
    return subprocess.check_output(["pdftotext", "-f", str(n), "-l", str(n), pdf, "-"]).decode()
# the typed figure: one annotation, over exactly its characters, on the
# page whose text holds the sentence
fig = [m for m in marked if "1691.4万元" in m[2] and f"document.md:{line}:" in m[2]]
assert len(fig) == 1, marked
page, inner = int(fig[0][0]), fig[0][1]
assert inner == "1691.4万元", inner
assert "收入总计1691.4万元" in page_text(page).replace("\n", ""), page
assert "表中为 6828.4 万元" in fig[0][2], fig[0]
# the shares: framed where the first typed share stands
sh = [m for m in marked if "23.72% + 65.78%" in m[2]]
assert len(sh) == 1 and sh[0][1] == "23.72%", sh
# the cover's title (after the one summary page): the year framed there
cov = [m for m in marked if "2019年 is given as the year of the budget" in m[2]]
assert len(cov) == 1 and cov[0][0] == "2" and cov[0][1] == "2019年", cov
assert [l for l in links if "2019年" in l[3] and l[1] == "2" and "正文，文件第 2 页" in l[3]], links
# the summary: each listed as 正文 (its page), linking to the page it is framed on
for text, to in (("1691.4", page), ("23.72% + 65.78%", int(sh[0][0]))):
    ls = [l for l in links if l[0] in ("1", "2") and text in l[3]]
    assert ls, (text, links)
    assert all(int(l[1]) == to for l in ls), (text, to, ls)
    assert "正文，第" in ls[0][3] and "版式文字" not in ls[0][3] and "表无数据行" not in ls[0][3], ls
EOF

check "check --format json: the text findings' page and boxes, valid against the schema"
run "$BP" check "$D" --format json
expect_rc 1 "check --format json"
cp "$RUN_OUT" "$TMP/typed.json"
run "$BP" render "$D" -o "$TMP/typed-doc.pdf" --no-check
expect_rc 0 "render (the pages the JSON names)"
"$PY" - "$SCHEMA" "$TMP/typed.json" "$TMP/typed-doc.pdf" "$line" <<'EOF' || fail "the JSON of the text findings"
import json, re, subprocess, sys, jsonschema
schema = json.load(open(sys.argv[1], encoding="utf-8"))
doc = json.load(open(sys.argv[2], encoding="utf-8"))
jsonschema.Draft202012Validator(schema).validate(doc)
pdf, line = sys.argv[3], sys.argv[4]  # pdf: the document render writes
fs = [f for f in doc["findings"] if f["kind"] == "text_figures" and f"1691.4" in f["message"]]
assert len(fs) == 1, doc["findings"]
f = fs[0]
assert f["source"]["line"] == int(line), f["source"]
assert f["page"] and len(f["boxes"]) == 1 and f["boxes"][0]["page"] == f["page"], f
b = f["boxes"][0]
assert b["x2"] > b["x"] and b["y2"] > b["y"], b
# the box on the rendered page holds the phrase
n = f["page"]
info = subprocess.check_output(["pdfinfo", "-f", str(n), "-l", str(n), pdf]).decode()
h = float(re.search(r"size:\s+[\d.]+ x ([\d.]+)", info).group(1))
crop = subprocess.check_output(["pdftotext", "-f", str(n), "-l", str(n), "-x", str(round(b["x"] + 1)),
                                 "-y", str(round(h - b["y2"] + 1)), "-W", str(round(b["x2"] - b["x"] - 2)),
                                 "-H", str(round(b["y2"] - b["y"] - 2)), pdf, "-"]).decode()
assert "".join(crop.split()) == "1691.4万元", crop
sh = [f for f in doc["findings"] if f["kind"] == "text_shares"]
assert len(sh) == 1 and sh[0]["page"] == f["page"] and len(sh[0]["boxes"]) == 1, sh
# table findings have their page too (the wrong cell's)
assert all("page" in g and "boxes" in g for g in doc["findings"]), doc["findings"]
EOF

check "a phrase set over two lines is framed on both (the report and the JSON)"
W="$TMP/wrap"
copy_seed "$W"
pad="本段文字用于检验跨行标记的位置是否正确并且覆盖每一行上的全部字符直到段落结束为止"
{
    echo
    for k in $(seq 12 34); do
        echo "${pad:0:$k}7777.7万元。" # far from every table figure: a warning
        echo
    done
} >>"$W/document.md"
run "$BP" check "$W" --format json --report "$TMP/wrap.pdf"
expect_rc 0 "check --format json --report"
cp "$RUN_OUT" "$TMP/wrap.json"
"$PY" "$READ" marked "$TMP/wrap.pdf" >"$TMP/wrap.tsv"
"$PY" - "$SCHEMA" "$TMP/wrap.json" "$TMP/wrap.tsv" <<'EOF' || fail "a phrase over two lines"
import json, sys, jsonschema
jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate(doc := json.load(open(sys.argv[2])))
marked = [l.rstrip("\n").split("\t") for l in open(sys.argv[3], encoding="utf-8")]
typed = [f for f in doc["findings"] if f["kind"] == "text_figures" and "7777.7" in f["message"]]
assert len(typed) == 23, len(typed)
split = [f for f in typed if len(f["boxes"]) == 2]
assert split, [f["boxes"] for f in typed]
for f in split:
    a, b = f["boxes"]
    assert a["y"] > b["y"] or a["page"] < b["page"], f["boxes"]  # the second part a line lower
    # the report: an annotation on each part, the two holding the phrase between them
    parts = [m for m in marked if f["source"]["where"] + ":" in m[2]]
    assert len(parts) == 2, parts
    assert parts[0][1] + parts[1][1] == "7777.7万元", parts
    assert parts[0][1] and parts[1][1], parts
EOF

pass
