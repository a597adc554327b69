#!/usr/bin/env bash
# test_i18n_input.sh — the input errors a clerk meets in the user's language
# (docs/i18n.md): a CSV with a word in an amount column, a workbook without
# one of its sheets, a .docx holding a table and a CSV that is not UTF-8
# and a document.md with a wrong figure {{ … }} (an unknown column, row or
# table, a syntax error, a '{{' not closed before the next one)
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
# names and the places (the sheet, the paragraph, the part), a quoted
# figure {{ … }}, a term or row selector (02[name=合计].total), the
# layout's table stems (01-income-expense.yaml) and the quoted column keys
# (“in_amout”) are removed
no_english() {
    local left
    left=$(sed "s|$TMP[^：:]*||g; s/{{ .* }}//g; s/[0-9]*\[[^]]*\]\.[a-z_]*//g; s/\[[^]]*\]//g; s/[0-9][0-9]-[a-z-]*\(\.yaml\)\{0,1\}//g; s/sheet [^ ,：:]*//g; s/, cell [A-Z]*[0-9]*//g; s/paragraph [0-9]*//g; s/([^()]*\.xml:[0-9:]*)//g; s/“[a-z_0-9]*”//g; s/budgetpdf//g; s/UTF-8//g; s/docs\/[a-z]*\.md//g" "$RUN_ERR" |
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

# figure_case NAME LINE SED: a copy of the seed whose document.md has the
# edit SED on line LINE (a wrong figure); figure_zh NAME ERE and
# figure_en NAME ERE check it under zh_CN and C: exit 3 and the message.
figure_case() {
    D="$TMP/fig-$1"
    copy_seed "$D"
    sed -i "$2s/$3/" "$D/document.md"
    ! cmp -s "$SEED/document.md" "$D/document.md" || fail "$1: the seed's line $2 changed"
}
figure_zh() { # NAME ERE
    zh check "$TMP/fig-$1"
    expect_rc 3 "zh: check of a document.md with $1"
    expect_err_match "$2" "zh: $1 in Chinese with its place"
    no_english "zh: $1"
}
figure_en() { # NAME ERE
    en check "$TMP/fig-$1"
    expect_rc 3 "C: check of a document.md with $1"
    expect_err_match "$2" "C: $1 in English"
}

check "a figure naming a column that is not in the table"
figure_case column 30 '01\[in_item=收入总计\]\.in_amount }}/01[in_item=收入总计].in_amout }}'
figure_zh column 'document\.md:30:51：数字：栏目“in_amout”不在 01-income-expense\.yaml 中（是否应为“in_amount”？）（在 \{\{ +01\[in_item=收入总计\]\.in_amout +\}\} 中）'
figure_en column "document\.md:30:51: figure: no column 'in_amout' in 01-income-expense\.yaml \(did you mean 'in_amount'\?\) \(in \{\{ +01\[in_item=收入总计\]\.in_amout +\}\}\)"

check "a figure naming a row that is not in the table"
figure_case row 34 '{{ 02\[name=合计\]\.total }}/{{ 02[name=合计计].total }}'
figure_zh row 'document\.md:34:[0-9]+：“02\[name=合计计\]\.total”：行 \[name=合计计\] 不在 02-income 中（在 \{\{ '
figure_en row "document\.md:34:[0-9]+: '02\[name=合计计\]\.total': no row \[name=合计计\] in 02-income \(in \{\{ "

check "a figure naming a table that is not in the layout set"
figure_case table 34 '{{ 02\[name=合计\]\.total }}/{{ 14[name=合计].total }}'
figure_zh table 'document\.md:34:[0-9]+：版式中没有表“14”（现有的表：01-income-expense, .*）（在 \{\{ +14\[name=合计\]\.total +\}\} 中）'
figure_en table "document\.md:34:[0-9]+: no table '14' in the layout set \(tables: 01-income-expense, .*\) \(in \{\{ "

check "a figure with a syntax error"
figure_case syntax 34 '{{ 02\[name=合计\]\.total }}/{{ * }}'
figure_zh syntax 'document\.md:34:[0-9]+：“\*”前面缺少项（在 \{\{ +\* +\}\} 中）'
figure_en syntax "document\.md:34:[0-9]+: expected a term before '\*' \(in \{\{ +\* +\}\}\)"

check "a '{{' not closed before the next '{{'"
figure_case unclosed 46 '05\[name=合计\]\.total }}万元。/05[name=合计].total万元。'
figure_zh unclosed 'document\.md:46:40：“\{\{”在下一个“\{\{”之前没有用“\}\}”闭合'
figure_en unclosed "document\.md:46:40: '\{\{' is not closed by '\}\}' before the next '\{\{'"

pass
