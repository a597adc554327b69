#!/usr/bin/env bash
# test_long_text.sh — a long document.md costs time and memory linear in
# its size (issue 22, point 7), and a run that cannot fit a line names its
# place:
#   - one paragraph of 300 KB (tools/gen-long-text.sh: the seed's
#     paragraphs, figures and all, on one source line) and 100,000 short
#     paragraphs: `render` and `check` succeed under a memory limit of
#     1 GB (ulimit -v; the quadratic wrapping needed 2.9 GB for the
#     paragraph), and the PDF has the pages and the text it should;
#   - `check` of texts that made the text checks quadratic: a paragraph of
#     30,000 "…中心部门预算" (a name scanned back from each, 3.4 GB), a
#     paragraph of 100,000 "{" without "}", 20,000 equal paragraphs;
#   - an unbreakable run more than twice as wide as its line (5,000 digits,
#     letters) in a paragraph, a heading, a list item, the cover's title is
#     an error naming document.md:LINE:COLUMN (was drawn at 1 % of its
#     size, or failed naming a page), and nothing is written; a run a
#     little wider than its line is still set smaller.
# Every command runs under resource limits, as the memory one: 30 s of
# processor time (ulimit -t; a linear run takes about one, the quadratic
# ones took minutes: 100,000 paragraphs 167 s), and `timeout` as a guard
# against a hang. Speed itself is measured by bench/run.sh.
# AddressSanitizer reserves terabytes of address space, so under it the
# commands run without the memory limit (and with 300 s of processor time).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tool pdfinfo pdftotext timeout awk

GEN="$SRC/tools/gen-long-text.sh"
if sanitizer_build; then
    LIMIT=unlimited CPU=300
    note "an AddressSanitizer build: no memory limit (ulimit -v cannot apply)"
    # md4c (the system's library, not instrumented) calls strcspn on the
    # rest of the document; strict_string_checks makes the sanitizer
    # measure that whole rest at each call, quadratic in a 4 MB file
    export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}strict_string_checks=0"
else
    LIMIT=1000000 CPU=30 # KB of address space; seconds of processor time
fi

# limited CMD ARGS...: `run`, under the limits (and a wall-clock guard).
limited() {
    run bash -c 'ulimit -v "$1" -t "$2" && shift 2 && exec timeout 900 "$@"' _ "$LIMIT" "$CPU" "$@"
}

# text_of PDF FIRST LAST: the pages' text, without page numbers, squashed.
text_of() {
    pdftotext -f "$2" -l "$3" "$1" - | grep -vE '^— [0-9]+ —$' | squash
}

# annex_page PDF PAGES: the annex's first page (its cover, "附件…"), among
# the last 40; the text's pages end before it.
annex_page() {
    local from=$(($2 > 40 ? $2 - 40 : 1))
    pdftotext -f "$from" -l "$2" "$1" - |
        awk -v from="$from" 'BEGIN { RS = "\f" } { gsub(/[ \t\n]/, "") } !found && /^附件/ { print from + NR - 1; found = 1 }'
}

# dept_with NAME: a copy of the seed's data (no text) in $TMP/NAME.
dept_with() {
    local d="$TMP/$1"
    mkdir -p "$d"
    cp "$SEED"/department.yaml "$SEED"/*.csv "$SEED"/previous-*.yaml "$d"/
    printf '%s' "$d"
}

# ---------------------------------------------------------------------
check "one paragraph of 300 KB: render and check under ${LIMIT} KB"
P="$TMP/para"
sh "$GEN" paragraph 300000 "$SEED" "$P"
size=$(file_size "$P/document.md")
[ "$size" -ge 300000 ] && [ "$size" -lt 301000 ] || fail "the generated document.md has $size bytes"
[ "$(grep -c '' "$P/document.md")" = 5 ] || fail "the paragraph is not one source line"
limited "$BP" render "$P" -o "$TMP/para.pdf"
expect_rc 0 "render of a 300 KB paragraph"
[ ! -s "$RUN_ERR" ] || { cat "$RUN_ERR" >&2; fail "render printed on stderr"; }
pages=$(pdf_pages "$TMP/para.pdf")
annex=$(annex_page "$TMP/para.pdf" "$pages")
note "$pages pages, the annex from page ${annex:-?}"
# about 100,000 characters at some 30 a line, 22 lines a page: ~150 text
# pages after the cover and the contents
[ -n "$annex" ] && [ "$annex" -ge 130 ] && [ "$annex" -le 200 ] || fail "the text takes pages 3 to ${annex:-?}"
# the paragraph goes on from page to page: a duty of the seed's text it
# repeats, as many times as the source has it, and its last characters
want=$(grep -o '负责区级新型智慧城市运行管理平台运行和维护' "$P/document.md" | wc -l)
text_of "$TMP/para.pdf" 3 $((annex - 1)) >"$TMP/para.txt"
got=$(grep -o '负责区级新型智慧城市运行管理平台运行和维护' "$TMP/para.txt" | wc -l)
[ "$want" -gt 20 ] && [ "$got" = "$want" ] || fail "the duty is in the PDF $got times, in the text $want"
last=$(tail -1 "$P/document.md" | grep -oE '。[^。{}]{30,}。' | tail -1 | squash)
[ -n "$last" ] && grep -qF -- "$last" "$TMP/para.txt" ||
    fail "the paragraph's last sentence '$last' is not in the PDF"
limited "$BP" check "$P"
expect_rc 0 "check of a 300 KB paragraph"
expect_out_has "0 errors" "check of a 300 KB paragraph"

# ---------------------------------------------------------------------
check "100,000 short paragraphs: render and check under ${LIMIT} KB"
S="$TMP/short"
sh "$GEN" paragraphs 100000 "$SEED" "$S"
[ "$(grep -c '^（' "$S/document.md")" = 100000 ] || fail "the generated document.md"
limited "$BP" render "$S" -o "$TMP/short.pdf"
expect_rc 0 "render of 100,000 paragraphs"
[ ! -s "$RUN_ERR" ] || { cat "$RUN_ERR" >&2; fail "render printed on stderr"; }
pages=$(pdf_pages "$TMP/short.pdf")
annex=$(annex_page "$TMP/short.pdf" "$pages")
note "$pages pages, the annex from page ${annex:-?}"
# a line each (and the heading's), 22 a page: 4,546 text pages from page 3
[ "$annex" = 4549 ] || fail "the text takes pages 3 to ${annex:-?}, not 3 to 4548"
text_of "$TMP/short.pdf" 3 3 | grep -qF '第一部分概况（1）开展相关政策研究。（2）' ||
    fail "the first paragraphs"
text_of "$TMP/short.pdf" $((annex - 1)) $((annex - 1)) | grep -qE '^（99989）.*（100000）[^（]+。$' ||
    fail "the last paragraphs are not on the last text page"
limited "$BP" check "$S"
expect_rc 0 "check of 100,000 paragraphs"
expect_out_has "0 errors" "check of 100,000 paragraphs"

# ---------------------------------------------------------------------
check "texts the checks read in linear time"
# 30,000 names before 部门预算, each a name that is not department.yaml's
D=$(dept_with names)
awk 'BEGIN { printf "标题\n\n# 第一部分 概况\n\n"; for (i = 0; i < 30000; i++) printf "某某中心部门预算"; print "" }' \
    >"$D/document.md"
limited "$BP" check "$D"
expect_rc 1 "check of 30,000 names"
[ "$(grep -c "names the department" "$RUN_OUT")" = 30000 ] || fail "not every name reported"
# each from the paragraph's start, quoted to 60 characters and "…"
grep -qF "document.md:5:1: names the department '某某中心部门预算某某中心部门预算" "$RUN_OUT" ||
    fail "a long name"
grep -qF "…', department.yaml" "$RUN_OUT" || fail "a long name is not shortened"
LC_ALL=C awk 'length($0) > 1000 { exit 1 }' "$RUN_OUT" || fail "a name is quoted whole"
# 100,000 { without }: no {placeholder}
D=$(dept_with braces)
awk 'BEGIN { printf "标题\n\n# 第一部分 概况\n\n"; for (i = 0; i < 100000; i++) printf "文{"; print "" }' \
    >"$D/document.md"
limited "$BP" check "$D"
expect_rc 0 "check of 100,000 {"
# 20,000 equal paragraphs: each reported with the line of the first
D=$(dept_with equal)
awk 'BEGIN { print "标题\n\n# 第一部分 概况\n"; for (i = 0; i < 20000; i++) print "这是同一段重复的文字内容。\n" }' \
    >"$D/document.md"
limited "$BP" check "$D"
expect_rc 1 "check of 20,000 equal paragraphs"
[ "$(grep -c "the paragraph of line 5 printed again" "$RUN_OUT")" = 19999 ] ||
    fail "not every repeat reported against line 5"

# ---------------------------------------------------------------------
check "an unbreakable run that cannot fit a line names document.md:LINE:COLUMN"
D=$(dept_with runs)
digits=$(awk 'BEGIN { for (i = 0; i < 5000; i++) printf "7" }')
# (y, not x: a run of x is leftover template text, an error of the text's
# checks, which render runs before it lays out: docs/document.md)
letters=$(awk 'BEGIN { for (i = 0; i < 5000; i++) printf "y" }')
# expect_run_error LINE:COL CHARS WHAT: render fails (exit 3) naming the
# place, and writes no PDF
expect_run_error() {
    rm -f "$TMP/runs.pdf"
    limited "$BP" render "$D" -o "$TMP/runs.pdf"
    expect_rc 3 "$3"
    expect_err_has "$D/document.md:$1: an unbreakable run of $2 characters" "$3"
    expect_err_match "is [0-9.]+ times as wide as the line" "$3"
    [ ! -e "$TMP/runs.pdf" ] || fail "$3: a PDF was written"
}
# in a paragraph, after two figures on its line (columns in characters of the source)
printf '标题\n\n# 第一部分 概况\n\n第一段文字。\n\n第一段{{ 03[name=合计].total }}文字{{ 03[name=合计].total }}，编号%s。\n' \
    "$digits" >"$D/document.md"
expect_run_error 7:55 5001 "digits in a paragraph (and the 。 that cannot start a line)"
# after an entity, in a list item
printf '标题\n\n# 第一部分 概况\n\n1. 文字&amp;%s\n' "$letters" >"$D/document.md"
expect_run_error 5:6 5001 "letters after an entity in an item"
# in a heading
printf '标题\n\n# 第一部分 概况\n\n## 一、%s\n\n文字。\n' "$letters" >"$D/document.md"
expect_run_error 5:6 5000 "letters in a section heading"
# in the cover's title (the paragraphs before the first heading), on its second paragraph
printf '标题\n\n副标题%s\n\n# 第一部分 概况\n\n文字。\n' "$letters" >"$D/document.md"
expect_run_error 3:4 5000 "letters in the cover's title"
# 70,000 digits: more than a PDF text item holds (was "page 3: text is longer than 65535 bytes")
printf '标题\n\n# 第一部分 概况\n\n中文%s\n' "$(awk 'BEGIN { for (i = 0; i < 70000; i++) printf "7" }')" \
    >"$D/document.md"
expect_run_error 5:3 70000 "70,000 digits"
# a run a little wider than its line is set smaller, as before
printf '标题\n\n# 第一部分 概况\n\n编号%s结束。\n' "$(awk 'BEGIN { for (i = 0; i < 60; i++) printf "7" }')" \
    >"$D/document.md"
limited "$BP" render "$D" -o "$TMP/runs.pdf"
expect_rc 0 "a run of 60 digits"
text_of "$TMP/runs.pdf" 3 3 | grep -qE '7{60}' || fail "the 60 digits are not on the first text page"

pass
