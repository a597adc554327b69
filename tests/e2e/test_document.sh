#!/usr/bin/env bash
# test_document.sh — the whole 部门预算公开: a department folder with a
# document.md (the fixture: the seed's text parts, figures typed) renders
# cover, 目录, text and annex; pdftotext gives back every paragraph (and,
# for the seed's own document.md, with the figures it computes); the
# bookmarks nest parts > sections and 附件 > tables; the contents' page
# numbers lead to the pages that carry them; landscape tables are turned
# (/Rotate 90) on portrait paper; --annex-only (render and batch) gives the
# annex's bytes; a bad document.md names its line and column.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tool qpdf pdfinfo pdftotext mutool

DEPT="$TMP/dept"
mkdir -p "$DEPT"
cp -r "$SEED"/. "$DEPT"/
cp "$SRC/tests/fixtures/document/document.md" "$DEPT/document.md"

check "the folder with document.md renders the whole document"
# the fixture is the published text, with its two errors (a doubled
# 主要原因, a year compared with itself): render refuses it as it refuses a
# table's error (test_text_policy.sh), --no-check renders it
run "$BP" render "$DEPT" -o "$TMP/whole.pdf"
expect_rc 1 "render of the published text with its two errors"
run "$BP" render "$DEPT" -o "$TMP/whole.pdf" --no-check
expect_rc 0 "render --no-check"
render "$SEED" "$TMP/annex.pdf" --annex-only
quiet_tool qpdf --check "$TMP/whole.pdf" >/dev/null
whole_pages=$(pdfinfo "$TMP/whole.pdf" | awk '/^Pages:/ {print $2}')
annex_pages=$(pdfinfo "$TMP/annex.pdf" | awk '/^Pages:/ {print $2}')
note "$whole_pages pages (the annex alone: $annex_pages)"
[ "$whole_pages" -gt $((annex_pages + 5)) ] || fail "the whole document has $whole_pages pages"
pdfinfo "$TMP/whole.pdf" | grep -q '^Title: *2024年郑州高新技术产业开发区新型智慧城市运行中心部门预算公开$' ||
    fail "the document's title"
pdftotext -f 1 -l 1 "$TMP/whole.pdf" - | tr -d ' \n' |
    grep -q '2024年郑州高新技术产业开发区新型智慧城市运行中心部门预算公开' || fail "the cover's title"

check "pdftotext gives back every paragraph and heading of document.md"
# the text without the page numbers ("— 2 —") between a paragraph's pages
pdftotext "$TMP/whole.pdf" - | grep -vE '^— [0-9]+ —$' | tr -d ' \t\n\f' >"$TMP/text"
n=0
while IFS= read -r line; do
    case "$line" in '' | '===' | '<!--'* | *'-->') continue ;; esac
    para=$(printf '%s' "$line" | sed -E 's/^(#+|[0-9]+\.) //' | tr -d ' \t')
    n=$((n + 1))
    grep -qF -- "$para" "$TMP/text" || soft_fail "not in the PDF's text: $para"
done <"$SRC/tests/fixtures/document/document.md"
note "$n paragraphs and headings found"
[ "$n" -gt 40 ] || fail "only $n lines read from the fixture"
# the items' labels: the ordered list of duties, numbered （一）…（十）
grep -qF '（十）完成党工委、管委会交办的其他工作。' "$TMP/text" || fail "the tenth duty's label"

check "bookmarks nest parts > sections and 附件 > tables"
mutool show "$TMP/whole.pdf" outline >"$TMP/outline"
depth() { # the depth (tabs before the title) of the first bookmark holding $1
    grep -F -- "$1" "$TMP/outline" | head -1 | sed -E 's/^[-|+]?(\t*)".*/\1/' | tr -d '\n' | wc -c
}
[ "$(depth '"第一部分 郑州高新技术产业开发区新型智慧城市运行中心概况"')" = 2 ] ||
    { cat "$TMP/outline" >&2; fail "part one is not a top bookmark"; }
[ "$(depth '"一、收入支出预算总体情况说明"')" = 3 ] || fail "a section is not under its part"
[ "$(depth '"附件：郑州高新技术产业开发区新型智慧城市运行中心2024年部门预算表"')" = 2 ] ||
    fail "the annex is not a top bookmark"
[ "$(depth '"一、部门收支总体情况表"')" = 3 ] || fail "a table is not under the annex"
awk '/第二部分/ {p=NR} /一、收入支出预算总体情况说明/ {s=NR} /附件：/ {a=NR}
     /十二、部门预算项目绩效目标汇总表/ {t=NR} END {exit !(p < s && s < a && a < t)}' \
    "$TMP/outline" || fail "bookmarks out of order"

check "the 目录 lists parts, sections, 附件 and tables with the page numbers their pages carry"
pdftotext -f 2 -l 3 "$TMP/whole.pdf" - | tr -d ' ' >"$TMP/toc"
for entry in 第三部分名词解释 九、其他重要事项情况说明 十二、部门预算项目绩效目标汇总表; do
    grep -qF "$entry" "$TMP/toc" || fail "contents lack $entry"
done
# the first table: its entry's number is the "— N —" of the page holding its
# title (one page number style and sequence in the whole document: the
# table pages carry the text pages' "— N —", not the annex's footer)
num=$(grep -F '一、部门收支总体情况表' "$TMP/toc" | grep -oE '[0-9]+$')
page=$(for p in $(seq 1 "$whole_pages"); do
    pdftotext -f "$p" -l "$p" "$TMP/whole.pdf" - | grep -q '^2024年部门收支总体情况表$' && { echo "$p"; break; }
done)
pdftotext -f "$page" -l "$page" "$TMP/whole.pdf" - | grep -qx "— $num —" ||
    fail "contents say page $num for the first table; its page $page says otherwise"
pdftotext -f "$page" -l "$page" "$TMP/whole.pdf" - | grep -q "第 .* 页" &&
    fail "a table page of the whole document carries the annex's footer"
# the text pages carry "— n —", the first text page "— 1 —"
pdftotext -f 4 -l 4 "$TMP/whole.pdf" - | grep -qx '— 1 —' || fail "no '— 1 —' on the first text page"
# the links of the contents lead somewhere
links=$(qpdf --json "$TMP/whole.pdf" | grep -c '"/Subtype": "/Link"' || true)
[ "$links" -ge 20 ] || fail "only $links links (the contents' entries are links)"

check "landscape tables are turned on portrait paper (/Rotate 90), text pages are not"
pdfinfo -f 1 -l "$whole_pages" "$TMP/whole.pdf" >"$TMP/info"
grep -E '^Page +[0-9]+ size' "$TMP/info" | grep -vq '595.276 x 841.89' && fail "a page is not A4 portrait"
rot90=$(grep -cE '^Page +[0-9]+ rot: +90' "$TMP/info" || true)
[ "$rot90" -ge 1 ] || fail "no page carries /Rotate 90"
grep -qE '^Page +5 rot: +0' "$TMP/info" || fail "a text page is rotated"

check "budgetpdf fonts lays the whole document out: the text parts' roles are covered"
run "$BP" fonts "$DEPT"
expect_rc 0 "budgetpdf fonts"
grep -qE '^text +coverage: [0-9]+ characters, all covered' "$RUN_OUT" ||
    { cat "$RUN_OUT" >&2; fail "fonts: no coverage line for the text role"; }

check "--annex-only renders the annex alone, byte for byte"
render "$DEPT" "$TMP/annex-only.pdf" --annex-only
cmp -s "$TMP/annex.pdf" "$TMP/annex-only.pdf" || fail "--annex-only differs from the annex"

check "batch: the whole document per department, or the annexes with --annex-only"
mkdir -p "$TMP/root"
cp -r "$DEPT" "$TMP/root/a"
run "$BP" batch "$TMP/root" -o "$TMP/out" -j 1 --no-check
expect_rc 0 "batch"
pdf=$(ls "$TMP/out"/*.pdf)
[ "$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')" = "$whole_pages" ] || fail "batch: not the whole document"
run "$BP" batch "$TMP/root" -o "$TMP/out2" -j 1 --annex-only
expect_rc 0 "batch --annex-only"
cmp -s "$TMP/annex.pdf" "$(ls "$TMP/out2"/*.pdf)" || fail "batch --annex-only differs from the annex"

check "the seed's document.md: every paragraph of the published text, with its figures"
# The fixture holds the seed's paragraphs with the figures as published;
# the seed's document.md computes them from the tables. Two sentences of the
# published text are wrong (a doubled 主要原因, a year compared with
# itself): the seed's document.md prints them corrected.
render "$SEED" "$TMP/seed.pdf"
pdftotext "$TMP/seed.pdf" - | grep -vE '^— [0-9]+ —$' | tr -d ' \t\n\f' >"$TMP/seed.text"
n=0
while IFS= read -r line; do
    case "$line" in '' | '===' | '<!--'* | *'-->') continue ;; esac
    para=$(printf '%s' "$line" | sed -E 's/^(#+|[0-9]+\.) //' | tr -d ' \t')
    case "$para" in
    *主要原因主要原因是*) para=${para/主要原因主要原因是/主要原因是} ;;
    *2023年“三公”经费支出预算数比2023年增加0万元。)
        para=${para/2023年“三公”经费支出预算数比2023年增加0万元/2024年“三公”经费支出预算数与2023年持平} ;;
    esac
    n=$((n + 1))
    grep -qF -- "$para" "$TMP/seed.text" || soft_fail "not in the seed's PDF: $para"
done <"$SRC/tests/fixtures/document/document.md"
note "$n paragraphs of the published text found in the seed's document"
for fig in 收入总计6828.4万元 增加4590.6万元 基本支出1619.4万元，占23.72% 项目支出5209万元，占76.28% \
    人员经费支出552.6万元，占34.12% 公用经费支出1066.8万元，占65.88%; do
    grep -qF "$fig" "$TMP/seed.text" || fail "the seed's figure $fig"
done
[ "$(pdfinfo "$TMP/seed.pdf" | awk '/^Pages:/ {print $2}')" -gt "$annex_pages" ] ||
    fail "the seed folder does not render its whole document"
render "$SEED" "$TMP/seed-annex.pdf" --annex-only
[ "$(pdfinfo "$TMP/seed-annex.pdf" | awk '/^Pages:/ {print $2}')" = "$annex_pages" ] ||
    fail "the seed's --annex-only"

check "the output is never one of the text's inputs (document.md, the previous year's figures)"
for f in document.md previous-2023.yaml; do
    cp "$DEPT/$f" "$TMP/keep"
    run "$BP" render "$DEPT" -o "$DEPT/$f"
    expect_rc 2 "-o $f"
    expect_err_has "it is an input of this run" "-o $f"
    cmp -s "$DEPT/$f" "$TMP/keep" || fail "$f was replaced"
done

check "a bad document.md: file, line and column"
printf '# 第一部分\n\n正文 {{ 03.total[合计]\n' >"$DEPT/document.md"
run "$BP" render "$DEPT" -o "$TMP/bad.pdf"
expect_rc 3 "an unclosed figure"
expect_err_has "document.md:3:4: '{{' without '}}'" "the unclosed figure's place"
[ ! -e "$TMP/bad.pdf" ] || fail "a PDF was written"
printf '# 第一部分\n\n```\ncode\n```\n' >"$DEPT/document.md"
run "$BP" render "$DEPT" -o "$TMP/bad.pdf"
expect_rc 3 "a code block"
expect_err_has "a code block is not part of a budget document's text" "the code block"

rm "$DEPT/document.md" && mkdir "$DEPT/document.md"
run "$BP" render "$DEPT" -o "$TMP/bad.pdf"
expect_rc 3 "a folder named document.md"
expect_err_has "document.md: not a regular file" "a folder named document.md is refused, not skipped"

pass
