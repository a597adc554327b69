#!/usr/bin/env bash
# test_docx.sh — the department's text from a .docx (docs/document.md,
# "Text sources"): the seed's document.md written as a clerk's .docx by
# gen_docx.py (python3-docx) in three shapes — Word's heading styles,
# LibreOffice/WPS outline levels without heading styles, and headings known
# only by their typed numbering — renders with the same words as the
# document.md (figures as {{ }} in one, typed in another); `check` places
# its text findings at the paragraph and column; department.yaml `text:`
# chooses the source; a table or an image names its paragraph (exit 3), a
# corrupt .docx gives a clean error and no PDF.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tool pdftotext

PY=python3
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import docx' 2>/dev/null; then PY=$p; break; fi
done
"$PY" -c 'import docx' 2>/dev/null || fail "needs python3-docx (Debian: apt-get install python3-docx)"
GEN="$SRC/tests/e2e/gen_docx.py"
TYPED="$SRC/tests/fixtures/document/document.md" # the seed's text, figures typed

# render_typed DEPT OUT: renders the published seed text (its figures
# typed, and its two known text errors: a doubled 主要原因 and a year
# compared with itself) with --no-check; stderr may hold only those two,
# as warnings
render_typed() {
    run "$BP" render "$1" -o "$2" --no-check
    expect_rc 0 "budgetpdf render $1 --no-check"
    [ -s "$2" ] || fail "budgetpdf render $1: exit 0 but no $2"
    [ "$(grep -c '^budgetpdf: warning: ' "$RUN_ERR")" = 2 ] && [ "$(wc -l <"$RUN_ERR")" = 2 ] ||
        { cat "$RUN_ERR" >&2; fail "budgetpdf render $1 --no-check: not the two known warnings"; }
}

# words DEPT_OR_PDF: the PDF's text without spaces and page breaks
words() { pdftotext "$1" - | tr -d ' \t\n\f'; }

# dept NAME [DOCUMENT.md]: a copy of the seed without its document.md
dept() {
    local d="$TMP/$1"
    rm -rf "$d"
    mkdir -p "$d"
    cp -r "$SEED"/. "$d"/
    rm -f "$d/document.md"
    printf '%s\n' "$d"
}

check "the seed's document.md and a typed copy render (the references)"
render "$SEED" "$TMP/md.pdf"
ref=$(dept ref-typed)
cp "$TYPED" "$ref/document.md"
render_typed "$ref" "$TMP/typed-md.pdf"
words "$TMP/md.pdf" >"$TMP/md.txt"
words "$TMP/typed-md.pdf" >"$TMP/typed-md.txt"

for shape in styles outline typed; do
    check "a .docx in the '$shape' shape, figures as {{ }}: the same words as document.md"
    d=$(dept "fig-$shape")
    "$PY" "$GEN" "$SEED/document.md" "$d/document.docx" --shape "$shape"
    render "$d" "$TMP/fig-$shape.pdf"
    words "$TMP/fig-$shape.pdf" >"$TMP/fig-$shape.txt"
    cmp -s "$TMP/md.txt" "$TMP/fig-$shape.txt" ||
        { diff <(fold -w 60 "$TMP/md.txt") <(fold -w 60 "$TMP/fig-$shape.txt") | head >&2;
          soft_fail "the $shape .docx does not render the words of document.md"; }

    check "a .docx in the '$shape' shape, figures typed: the same words as its document.md"
    d=$(dept "typed-$shape")
    "$PY" "$GEN" "$TYPED" "$d/document.docx" --shape "$shape"
    render_typed "$d" "$TMP/typed-$shape.pdf"
    words "$TMP/typed-$shape.pdf" >"$TMP/typed-$shape.txt"
    cmp -s "$TMP/typed-md.txt" "$TMP/typed-$shape.txt" ||
        { diff <(fold -w 60 "$TMP/typed-md.txt") <(fold -w 60 "$TMP/typed-$shape.txt") | head >&2;
          soft_fail "the typed $shape .docx does not render the words of its document.md"; }
done
# the text pages are there: the first duty and the last glossary entry
grep -qF '（一）贯彻落实国家和河南省' "$TMP/fig-styles.txt" || fail "the first duty's label"
grep -qF '十、行政（事业）单位机构运转经费情况' "$TMP/fig-styles.txt" || fail "the glossary"

check "check places a typed figure at the .docx's paragraph and column"
d="$TMP/typed-styles"
run "$BP" check "$ref"
md_at=$(cat "$RUN_OUT" "$RUN_ERR" | grep -oE 'document\.md:[0-9]+:[0-9]+: figure typed as text: 6828\.4' | head -1 || true)
run "$BP" check "$d"
[ "$RC" -le 1 ] || fail "check of the .docx: exit $RC"
docx_at=$(cat "$RUN_OUT" "$RUN_ERR" | grep -oE 'document\.docx:[0-9]+:[0-9]+: figure typed as text: 6828\.4' | head -1 || true)
[ -n "$md_at" ] && [ -n "$docx_at" ] || { cat "$RUN_OUT" "$RUN_ERR" >&2; fail "no typed-figure finding"; }
# the paragraph: counted in the file itself, every paragraph of the body
# paragraph_of DOCX WORDS: the number of the first paragraph holding WORDS
paragraph_of() {
    "$PY" -c '
import docx, sys
ps = docx.Document(sys.argv[1]).paragraphs
print(next(i for i, p in enumerate(ps, 1) if sys.argv[2] in p.text))' "$1" "$2"
}
para=$(paragraph_of "$d/document.docx" "收入总计 6828.4")
want_col=${md_at#*:*:}
want_col=${want_col%%:*}
[ "$docx_at" = "document.docx:$para:$want_col: figure typed as text: 6828.4" ] ||
    fail "the finding is at '$docx_at', expected paragraph $para, column $want_col"
note "document.md's ${md_at%%: *} is document.docx:$para:$want_col"

check "a figure's error in a .docx names the paragraph; no PDF is written"
d=$(dept bad-figure)
sed 's/01\[in_item=收入总计\]\.in_amount }}万元，支出/01[in_item=收入总计].nosuch }}万元，支出/' \
    "$SEED/document.md" >"$TMP/bad.md"
"$PY" "$GEN" "$TMP/bad.md" "$d/document.docx" --shape outline
run "$BP" render "$d" -o "$TMP/bad.pdf"
expect_rc 3 "a bad figure in the .docx"
para=$(paragraph_of "$d/document.docx" "nosuch")
expect_err_match "document\.docx:$para:51: .*no column 'nosuch'" "the bad figure's place"
[ ! -e "$TMP/bad.pdf" ] || fail "a PDF was written for a bad .docx"

check "department.yaml text: chooses the source; document.md comes first by default"
d=$(dept choose)
cp "$TYPED" "$d/document.md"
"$PY" "$GEN" "$SEED/document.md" "$d/document.docx"
render_typed "$d" "$TMP/choose-default.pdf"
cmp -s <(words "$TMP/choose-default.pdf") "$TMP/typed-md.txt" || fail "document.md was not the default"
printf 'text: document.docx\n' >>"$d/department.yaml"
render "$d" "$TMP/choose-docx.pdf"
cmp -s <(words "$TMP/choose-docx.pdf") "$TMP/md.txt" || fail "text: document.docx was not read"
printf 'text: ../outside.docx\n' >"$TMP/text-line"
sed -i '$d' "$d/department.yaml"
cat "$TMP/text-line" >>"$d/department.yaml"
run "$BP" render "$d" -o "$TMP/x.pdf"
expect_rc 3 "text: outside the folder"
expect_err_has "text must be a file name in the department folder" "text: outside the folder"
sed -i '$d' "$d/department.yaml"
printf 'text: missing.docx\n' >>"$d/department.yaml"
run "$BP" render "$d" -o "$TMP/x.pdf"
expect_rc 3 "text: a missing file"
expect_err_has "missing.docx" "text: a missing file"

check "a table or an image in the .docx is an error naming its paragraph (exit 3)"
d=$(dept table)
"$PY" "$GEN" "$SEED/document.md" "$d/document.docx" --table 12
run "$BP" render "$d" -o "$TMP/x.pdf"
expect_rc 3 "a table in the .docx"
expect_err_match 'document\.docx: paragraph 13 \(word/document\.xml:[0-9]+:[0-9]+\): a table' "the table's place"
run "$BP" check "$d"
expect_rc 3 "check of a .docx with a table"
"$PY" "$GEN" "$SEED/document.md" "$d/document.docx" --image 5
run "$BP" render "$d" -o "$TMP/x.pdf"
expect_rc 3 "an image in the .docx"
expect_err_match 'document\.docx: paragraph 6 .*an image' "the image's place"
[ ! -e "$TMP/x.pdf" ] || fail "a PDF was written"

check "a corrupt or truncated .docx is a clean error"
d=$(dept corrupt)
"$PY" "$GEN" "$SEED/document.md" "$TMP/good.docx"
head -c 4000 "$TMP/good.docx" >"$d/document.docx"
run "$BP" render "$d" -o "$TMP/x.pdf"
expect_rc 3 "a truncated .docx"
expect_err_has "document.docx: not a readable .docx" "a truncated .docx"
printf 'plain text\n' >"$d/document.docx"
run "$BP" render "$d" -o "$TMP/x.pdf"
expect_rc 3 "a .docx that is no zip"
expect_err_has "document.docx: not a .docx file" "a .docx that is no zip"
printf '\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 a Word 97 file' >"$d/document.docx"
run "$BP" render "$d" -o "$TMP/x.pdf"
expect_rc 3 "a .doc saved as .docx"
expect_err_has "an Office 97-2003 file (.doc, .wps or .xls), not a .docx" "a .doc saved as .docx"
[ ! -e "$TMP/x.pdf" ] || fail "a PDF was written"

check "a workbook with filled text sheets renders the text parts (standard-2024's text: map)"
GENWB="$BUILD/gen-annex-workbook"
[ -x "$GENWB" ] || fail "gen-annex-workbook not built at $GENWB"
"$PY" -c 'import openpyxl' 2>/dev/null || fail "needs python3-openpyxl (Debian: apt-get install python3-openpyxl)"
W="$TMP/wb"
mkdir -p "$W"
"$GENWB" "$SEED" "$SRC/layouts/standard-2024" "$W/tables.xlsx" >/dev/null || fail "gen-annex-workbook"
# text sheets the way the templates are filled: a title row, then one
# paragraph a row; or one large merged cell, a paragraph a line
"$PY" - "$W/tables.xlsx" "$W/book.xlsx" "$W/book-bad.xlsx" <<'PYEOF'
import sys, openpyxl
def fill(wb, extra=None):
    ws = wb.create_sheet("部门主要职能")
    ws["A1"] = "部门主要职能"
    ws["A2"] = "1.贯彻落实国家和河南省推进新型智慧城市建设的方针政策。"
    ws["A3"] = "2．统筹全区“一网统管”工作。"
    ws = wb.create_sheet("预算编制说明")
    ws.merge_cells("A1:H20")
    ws["A1"] = ("（一）收入支出预算总体情况\n"
                "本部门2024年收入总计{{ 01[in_item=收入总计].in_amount }}万元。\n"
                "（二）其他\n收入预算全部为一般公共预算拨款。")
    ws = wb.create_sheet("名词解释")
    ws["A1"] = "名词解释"
    ws["A3"] = "一、财政拨款收入：是指省级财政当年拨付的资金。"
    ws["A4"] = extra or "二、基本支出：是指为保障机构正常运转的支出。"
wb = openpyxl.load_workbook(sys.argv[1]); fill(wb); wb.save(sys.argv[2])
wb = openpyxl.load_workbook(sys.argv[1])
fill(wb, "二、合计{{ 01[in_item=收入总计].nosuch }}万元，另有4590.6万元。")
wb.save(sys.argv[3])
PYEOF
render "$W/book.xlsx" "$TMP/wb.pdf"
words "$TMP/wb.pdf" >"$TMP/wb.txt"
for want in '一、部门主要职能（一）贯彻落实国家和河南省' '（二）统筹全区“一网统管”工作。' \
    '（一）收入支出预算总体情况本部门2024年收入总计6828.4万元。' \
    '第三部分名词解释一、财政拨款收入：是指省级财政当年拨付的资金。'; do
    grep -qF -- "$want" "$TMP/wb.txt" || soft_fail "the text sheets' render lacks '$want'"
done
grep -qF '部门主要职能部门主要职能' "$TMP/wb.txt" && soft_fail "the sheet's title row was printed"
run "$BP" render "$W/book-bad.xlsx" -o "$TMP/x.pdf"
expect_rc 3 "a bad figure in a text sheet"
expect_err_match 'book-bad\.xlsx!名词解释:4:[0-9]+: .*no column .nosuch.' "the bad figure's sheet and row"
[ ! -e "$TMP/x.pdf" ] || fail "a PDF was written"

check "text: names the workbook of a folder whose tables are CSV files"
d=$(dept text-wb)
cp "$W/book.xlsx" "$d/text.xlsx"
printf 'text: text.xlsx\n' >>"$d/department.yaml"
render "$d" "$TMP/text-wb.pdf"
words "$TMP/text-wb.pdf" | grep -qF '（一）收入支出预算总体情况本部门2024年收入总计6828.4万元。' ||
    fail "the text sheets of text: text.xlsx"
# a workbook without text sheets: its tables alone, no text (the default)
render "$W/tables.xlsx" "$TMP/tables.pdf"
words "$TMP/tables.pdf" | grep -qF '第三部分' && fail "a workbook without text sheets printed a text part"
cp "$W/tables.xlsx" "$d/text.xlsx"
run "$BP" render "$d" -o "$TMP/x.pdf"
expect_rc 3 "text: a workbook without text sheets"
expect_err_has "text: no sheet of" "text: a workbook without text sheets"

pass
