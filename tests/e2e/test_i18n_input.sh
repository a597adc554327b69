#!/usr/bin/env bash
# test_i18n_input.sh — the input errors a clerk meets in the user's language
# (docs/i18n.md): a CSV with a word in an amount column, a workbook without
# one of its sheets, a .docx holding a table and a CSV that is not UTF-8
# fail (exit 3) with a Chinese message under LANG=zh_CN.UTF-8 that
# still names the place (file:line:column, sheet, paragraph), and with the
# English message as before under LANG=C.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

export BUDGETPDF_LOCALEDIR="$BUILD/locale"
[ -f "$BUDGETPDF_LOCALEDIR/zh_CN/LC_MESSAGES/budgetpdf.mo" ] || fail "no compiled catalogue in $BUDGETPDF_LOCALEDIR"

# zh ARGS...: runs budgetpdf under a Chinese locale; en ARGS...: under C
zh() { run env -u LC_ALL -u LANGUAGE -u LC_MESSAGES LANG=zh_CN.UTF-8 "$BP" "$@"; }
en() { run env -u LC_ALL -u LANGUAGE -u LC_MESSAGES LANG=C "$BP" "$@"; }

# no_english WHAT: the last stderr has no English word left once the file
# names and the places (the sheet, the paragraph, the part) are removed
no_english() {
    local left
    left=$(sed "s|$TMP[^：:]*||g; s/sheet [^ ,：:]*//g; s/, cell [A-Z]*[0-9]*//g; s/paragraph [0-9]*//g; s/([^()]*\.xml:[0-9:]*)//g; s/“[a-z_0-9]*”//g; s/budgetpdf//g; s/UTF-8//g; s/docs\/[a-z]*\.md//g" "$RUN_ERR" |
        grep -oE '[A-Za-z]{4,}' || true)
    [ -z "$left" ] || fail "$1: English words left: $left ($(cat "$RUN_ERR"))"
}

check "a CSV with a word in an amount column"
D="$TMP/csv"
copy_seed "$D"
sed -i 's/^2120102,一般行政管理事务,100.0,/2120102,一般行政管理事务,一百,/' "$D/05-gpb-expenditure.csv"
grep -q '一般行政管理事务,一百,' "$D/05-gpb-expenditure.csv" || fail "the seed's row 2120102 changed"
line=$(grep -n '一般行政管理事务,一百,' "$D/05-gpb-expenditure.csv" | cut -d: -f1)
zh render "$D" -o "$TMP/csv.pdf"
expect_rc 3 "zh: render of a CSV with 一百"
expect_err_match "05-gpb-expenditure\.csv:$line:3：栏目“[a-z_]+”：“一百”不是数字" "zh: the CSV error in Chinese with its place"
no_english "zh: the CSV error"
[ ! -e "$TMP/csv.pdf" ] || fail "a PDF was written"
en render "$D" -o "$TMP/csv.pdf"
expect_rc 3 "C: render of a CSV with 一百"
expect_err_match "05-gpb-expenditure\.csv:$line:3: column '[a-z_]+': '一百' is not a number" "C: the CSV error in English"

check "a workbook without the sheet of a table"
GEN="$BUILD/gen-annex-workbook"
[ -x "$GEN" ] || fail "no $GEN (build first)"
mkdir -p "$TMP/wb"
"$GEN" "$SEED" "$SRC/layouts/standard-2024" "$TMP/wb/bad.xlsx" missing-sheet:05-gpb-expenditure ||
    fail "gen-annex-workbook"
zh check "$TMP/wb/bad.xlsx"
expect_rc 3 "zh: check of a workbook without a sheet"
expect_err_has "bad.xlsx：找不到表 一般公共预算支出情况表" "zh: the missing sheet in Chinese"
expect_err_has "工作簿中的工作表有：" "zh: the sheets listed in Chinese"
en check "$TMP/wb/bad.xlsx"
expect_rc 3 "C: check of a workbook without a sheet"
expect_err_has "bad.xlsx: no sheet for the table 一般公共预算支出情况表" "C: the missing sheet in English"

check "a .docx holding a table"
PY=python3
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import docx' 2>/dev/null; then PY=$p; break; fi
done
"$PY" -c 'import docx' 2>/dev/null || fail "needs python3-docx (Debian: apt-get install python3-docx)"
D="$TMP/docx"
copy_seed "$D"
rm -f "$D/document.md"
"$PY" "$SRC/tests/e2e/gen_docx.py" "$SEED/document.md" "$D/document.docx" --table 12 || fail "gen_docx"
zh render "$D" -o "$TMP/docx.pdf"
expect_rc 3 "zh: render of a .docx with a table"
expect_err_match 'document\.docx: paragraph 13 \(word/document\.xml:[0-9]+:[0-9]+\): 文中有表格（表格由数据生成' \
    "zh: the table's place and message in Chinese"
no_english "zh: the .docx error"
en render "$D" -o "$TMP/docx.pdf"
expect_rc 3 "C: render of a .docx with a table"
expect_err_match 'document\.docx: paragraph 13 \(word/document\.xml:[0-9]+:[0-9]+\): a table' "C: in English"

check "a CSV that is not UTF-8"
D="$TMP/bytes"
copy_seed "$D"
sed -i 's/^2120102,一般行政管理事务,/2120102,一般行政\xff管理事务,/' "$D/05-gpb-expenditure.csv"
zh render "$D" -o "$TMP/bytes.pdf"
expect_rc 3 "zh: render of a CSV with a byte 0xFF"
expect_err_has "05-gpb-expenditure.csv:$line:13：字节 0xFF 不是有效的 UTF-8 编码" "zh: not UTF-8 in Chinese, with the place"
en render "$D" -o "$TMP/bytes.pdf"
expect_rc 3 "C: render of a CSV with a byte 0xFF"
expect_err_has "05-gpb-expenditure.csv:$line:13: byte 0xFF is not valid UTF-8" "C: in English"

check "a document.md that is not UTF-8"
D="$TMP/mdbytes"
copy_seed "$D"
sed -i '3s/^\(.\{6\}\)/\1\xff/' "$D/document.md"
zh render "$D" -o "$TMP/mdbytes.pdf"
expect_rc 3 "zh: render of a document.md with a byte 0xFF"
expect_err_match "document\.md:3:[0-9]+：不是 UTF-8 编码" "zh: the text's encoding error in Chinese, with its line"
no_english "zh: the text's encoding error"
[ ! -e "$TMP/mdbytes.pdf" ] || fail "a PDF was written"
en render "$D" -o "$TMP/mdbytes.pdf"
expect_rc 3 "C: render of a document.md with a byte 0xFF"
expect_err_match "document\.md:3:[0-9]+: not UTF-8" "C: in English"

check "a department folder that does not exist"
zh render "$TMP/nowhere" -o "$TMP/x.pdf"
expect_rc 3 "zh: a missing folder"
expect_err_has "nowhere：找不到部门文件夹" "zh: the missing folder in Chinese"
en render "$TMP/nowhere" -o "$TMP/x.pdf"
expect_rc 3 "C: a missing folder"
expect_err_has "nowhere: department folder not found" "C: in English"

pass
