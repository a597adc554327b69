#!/usr/bin/env bash
# test_workbook.sh — a department given as a workbook (docs/workbook.md):
# the seed's twelve tables written as a workbook shaped like the printed
# tables (tests/gen_annex_workbook.c) render to exactly the bytes of the
# CSV folder, directly, through department.yaml's workbook:, and in a
# batch; check and fonts take it; department.yaml beside the workbook
# wins; import writes the CSV folder back (the seed's very files) and
# rendering it gives the same bytes; bad workbooks (missing sheet, renamed
# header, shifted column, text in an amount cell) fail with the sheet and
# cell named, exit 3, and write nothing.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

GEN="$BUILD/gen-annex-workbook"
[ -x "$GEN" ] || fail "no $GEN (build first)"
LAYOUTS="$SRC/layouts/standard-2024"
export SOURCE_DATE_EPOCH=1700000000

# beside DIR: the seed's files a render reads besides its tables (the
# previous year's figures, the text of the whole document) copied into DIR
beside() {
    cp "$SEED/department.yaml" "$1/"
    local f
    for f in document.md $(sed -n 's/^previous: *//p' "$SEED/department.yaml" | tr -d '"'); do
        [ -e "$SEED/$f" ] && cp "$SEED/$f" "$1/"
    done
    return 0
}

check "the seed as a workbook renders to the CSV folder's bytes (the annex)"
mkdir -p "$TMP/w"
"$GEN" "$SEED" "$LAYOUTS" "$TMP/w/book.xlsx" || fail "gen-annex-workbook"
render "$SEED" "$TMP/annex.pdf" --annex-only
render "$TMP/w/book.xlsx" "$TMP/book.pdf"
cmp "$TMP/annex.pdf" "$TMP/book.pdf" || fail "render BOOK.xlsx differs from render DIR --annex-only"
no_tmp_left "$TMP" "render BOOK.xlsx"

check "the 600-project example as a workbook renders to the same bytes"
mkdir -p "$TMP/long"
"$GEN" "$SRC/examples/long-table-2024" "$LAYOUTS" "$TMP/long/long.xlsx" || fail "gen long"
render "$SRC/examples/long-table-2024" "$TMP/long-dir.pdf"
render "$TMP/long/long.xlsx" "$TMP/long-book.pdf"
cmp "$TMP/long-dir.pdf" "$TMP/long-book.pdf" || fail "the long table's workbook differs"

check "check and fonts take a workbook"
run "$BP" check "$TMP/w/book.xlsx"
expect_rc 0 "check BOOK.xlsx"
expect_out_has "book.xlsx: 0 errors" "check BOOK.xlsx"
run "$BP" fonts "$TMP/w/book.xlsx"
expect_rc 0 "fonts BOOK.xlsx"
expect_out_has "coverage" "fonts BOOK.xlsx"

check "a check finding names the workbook's sheet and cell"
"$GEN" "$SEED" "$LAYOUTS" "$TMP/w/wrong.xlsx" wrong-amount:03-expenditure || fail "gen wrong-amount"
run "$BP" check "$TMP/w/wrong.xlsx" --format json
expect_rc 1 "check --format json, a wrong figure"
expect_out_has '"source":{"where":"'"$TMP"'/w/wrong.xlsx: 表3!F7","file":"'"$TMP"'/w/wrong.xlsx","sheet":"表3","cell":"F7"}' \
    "check --format json, a wrong figure"

check "the workbook with the seed's department.yaml and text beside it: the whole document's bytes"
render "$SEED" "$TMP/whole.pdf"
mkdir -p "$TMP/full"
cp "$TMP/w/book.xlsx" "$TMP/full/"
beside "$TMP/full"
render "$TMP/full/book.xlsx" "$TMP/full.pdf"
cmp "$TMP/whole.pdf" "$TMP/full.pdf" || fail "render BOOK.xlsx beside the seed's files differs from render DIR"

check "department.yaml's workbook: reads the tables from it"
mkdir -p "$TMP/named"
cp "$TMP/w/book.xlsx" "$TMP/named/tables.xlsx"
beside "$TMP/named"
echo "workbook: tables.xlsx" >>"$TMP/named/department.yaml"
render "$TMP/named" "$TMP/named.pdf"
cmp "$TMP/whole.pdf" "$TMP/named.pdf" || fail "workbook: in department.yaml differs"

check "a department.yaml beside the workbook wins over what the workbook says"
mkdir -p "$TMP/other"
cp "$TMP/w/book.xlsx" "$TMP/other/"
sed 's/^name: .*/name: 另一个测试部门/' "$SEED/department.yaml" >"$TMP/other/department.yaml"
render "$TMP/other/book.xlsx" "$TMP/other.pdf"
pdf_text "$TMP/other.pdf" >"$TMP/other.txt"
grep -q "另一个测试部门" "$TMP/other.txt" || fail "the name of department.yaml beside is not used"

check "import writes the seed's CSV folder back, and it renders to the same bytes"
run "$BP" import "$TMP/w/book.xlsx" -o "$TMP/imported"
expect_rc 0 "import"
for f in "$SEED"/*.csv; do
    cmp "$f" "$TMP/imported/$(basename "$f")" || fail "import: $(basename "$f") differs from the seed's"
done
grep -q '^name: "郑州高新技术产业开发区新型智慧城市运行中心"$' "$TMP/imported/department.yaml" ||
    fail "import: department.yaml lacks the name"
render "$TMP/imported" "$TMP/imported.pdf"
cmp "$TMP/annex.pdf" "$TMP/imported.pdf" || fail "render of the imported folder differs"
no_tmp_left "$TMP/imported" "import"

check "import beside the seed's files copies the text and the previous year's figures"
run "$BP" import "$TMP/full/book.xlsx" -o "$TMP/imported-full"
expect_rc 0 "import (full)"
cmp "$SEED/document.md" "$TMP/imported-full/document.md" || fail "import: document.md not copied"
render "$TMP/imported-full" "$TMP/imported-full.pdf"
cmp "$TMP/whole.pdf" "$TMP/imported-full.pdf" || fail "render of the imported folder (full) differs"

check "batch renders workbooks beside department folders, the same bytes"
mkdir -p "$TMP/root"
cp "$TMP/w/book.xlsx" "$TMP/root/a.xlsx"
cp -r "$SEED" "$TMP/root/b"
run "$BP" batch "$TMP/root" -o "$TMP/out" -j 2
expect_rc 0 "batch"
cmp "$TMP/out/郑州高新技术产业开发区新型智慧城市运行中心.pdf" "$TMP/annex.pdf" ||
    fail "batch: the workbook's PDF differs"
cmp "$TMP/out/033-郑州高新技术产业开发区新型智慧城市运行中心.pdf" "$TMP/whole.pdf" ||
    fail "batch: the folder's PDF differs"

# bad FAULT EXPECT...: a workbook with the fault fails render and import
# with every EXPECT in the message, exit 3, and nothing written.
bad() {
    local fault=$1
    shift
    mkdir -p "$TMP/bad"
    rm -f "$TMP/bad/"*
    "$GEN" "$SEED" "$LAYOUTS" "$TMP/bad/bad.xlsx" "$fault" || fail "gen $fault"
    run "$BP" render "$TMP/bad/bad.xlsx" -o "$TMP/bad/bad.pdf"
    expect_rc 3 "render, $fault"
    local s
    for s in "$@"; do expect_err_has "$s" "render, $fault"; done
    [ ! -e "$TMP/bad/bad.pdf" ] || fail "render, $fault: a PDF was written"
    run "$BP" import "$TMP/bad/bad.xlsx" -o "$TMP/bad-imported" # outside the workbook's folder (issue 22)
    expect_rc 3 "import, $fault"
    for s in "$@"; do expect_err_has "$s" "import, $fault"; done
    [ ! -e "$TMP/bad-imported" ] || fail "import, $fault: something was written"
    [ "$(ls "$TMP/bad")" = bad.xlsx ] || fail "$fault: files left: $(ls "$TMP/bad")"
}

check "a missing sheet names the table and lists the sheets there are"
bad missing-sheet:05-gpb-expenditure "bad.xlsx: no sheet for the table 一般公共预算支出情况表" \
    "the workbook's sheets are: 封面 (not a table), 部门收支总体情况表 (hidden), 表1," "表3"

check "a renamed header label names the label, the column and the nearest label's cell"
bad rename-header:03-expenditure "bad.xlsx: sheet 表3: the header (rows 4-6) has no label '特定目标类'" \
    "column 'project_targeted'" "the nearest label there is '原特定目标类' in cell N5"

check "a shifted column names the cell outside the table"
bad shift-column:03-expenditure "bad.xlsx: sheet 表3, cell O7: '5209.0 ' is in a column the table"

check "a text in an amount cell names the cell"
bad text-amount:02-income "bad.xlsx: sheet 部门收入总体情况表, cell C5: column 'total' (合计): '一千二百' is text, not a number"

check "the data stage's errors name the workbook, the sheet and the cell (A1)"
bad long-decimals:03-expenditure "bad.xlsx: sheet 表3, cell F7: column 'total': '1619.1234567' has more than 6 decimals"
bad control-char:03-expenditure "bad.xlsx: sheet 表3, cell E7: column 'name': control character U+0001 in the cell"

check "a file that is no workbook is no department"
run "$BP" render "$SEED/01-income-expense.csv" -o "$TMP/x.pdf"
expect_rc 3 "render a CSV file"
expect_err_has "department folder not found (a file, but not a workbook: .xlsx or .xls)" "render a CSV file"

check "import refuses what is not a workbook"
run "$BP" import "$SEED" -o "$TMP/x"
expect_rc 2 "import DIR"
expect_err_has "not a workbook" "import DIR"

pass
