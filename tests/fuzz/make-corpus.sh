#!/usr/bin/env bash
# make-corpus.sh — (re)builds the seed corpora in tests/fuzz/corpus/ from
# the seed layouts and data: one small file per input. Run from anywhere;
# the result is committed, so run it only when the seed files change.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
lay=$src/layouts/standard-2024
seed=$src/data/zzgx-smartcity-2024
var=$src/examples/variant-yuan-2024
reg=$src/examples/region-yuan-2024
c=$here/corpus
rm -rf "$c"
mkdir -p "$c"/fuzz_document "$c"/fuzz_layout "$c"/fuzz_department "$c"/fuzz_csv_utf8 "$c"/fuzz_csv_gb18030 "$c"/fuzz_render "$c"/fuzz_rules "$c"/fuzz_font_profile "$c"/fuzz_figures "$c"/fuzz_check_text

for y in "$lay"/*.yaml "$var"/layouts/*.yaml; do
    b=$(basename "$y" .yaml)
    case $y in "$var"/*) b=variant-$b ;; esac
    cp "$y" "$c/fuzz_layout/$b.yaml"
done
cp "$seed/document.md" "$c/fuzz_document/seed.md"
cp "$src/tests/fixtures/document/document.md" "$c/fuzz_document/typed.md"
printf '# 一\n\n正文{{ x! }}\n' >"$c/fuzz_document/bad-figure.md"
printf '第一部分\n概况\n===\n\n1. 甲\n2. 乙\n\n   续\n\n- 丙\n\n> 引\n\n文\\\n行 *强* [链](http://x) &amp; &#x4E00; \t tab\n' \
    >"$c/fuzz_document/constructs.md"
cp "$seed/department.yaml" "$c/fuzz_department/seed.yaml"
cp "$var/department.yaml" "$c/fuzz_department/variant.yaml"
printf 'name: X\ncode: "1"\nyear: 2024\nlayouts: s\n' >"$c/fuzz_department/minimal.yaml"

for f in "$seed"/*.csv; do
    b=$(basename "$f" .csv)
    cp "$f" "$c/fuzz_csv_utf8/$b.csv"
    iconv -f UTF-8 -t GB18030 "$f" >"$c/fuzz_csv_gb18030/$b.csv"
done
printf '\xEF\xBB\xBFcode,name,total\r\n"1","a ""b""\r\nc",1,234.5\r\n' >"$c/fuzz_csv_utf8/bom-crlf-quotes.csv"
cp "$var/gpb-expenditure-yuan.csv" "$c/fuzz_csv_gb18030/variant.csv"

# render: layout, a NUL byte, then its CSV
for y in "$lay"/[0-9]*.yaml; do
    b=$(basename "$y" .yaml)
    csv=$(sed -n 's/^data: *//p' "$y" | tr -d '"'"'"' \r')
    [ -f "$seed/$csv" ] || continue
    { cat "$y"; printf '\0'; cat "$seed/$csv"; } >"$c/fuzz_render/$b.bin"
done
{ cat "$var/layouts/gpb-expenditure-yuan.yaml"; printf '\0'; cat "$var/gpb-expenditure-yuan.csv"; } \
    >"$c/fuzz_render/variant.bin"
# a form (kind: form): the regional example's 项目支出绩效目标表
cp "$reg/layouts/09-project-performance.yaml" "$c/fuzz_layout/region-09-project-performance.yaml"
{ cat "$reg/layouts/09-project-performance.yaml"; printf '\0'; cat "$reg/09-project-performance.csv"; } \
    >"$c/fuzz_render/region-form.bin"
find "$c" -type f | wc -l

# rules: the standard set's rules file and a one-table rule
cp "$lay/rules.yaml" "$c/fuzz_rules/standard-2024.yaml"
printf 'rules:\n  - rule: "05[name=合计].total = 05[name=合计].basic_total + 05[name=合计].project_total"\n    tolerance: 0\n' >"$c/fuzz_rules/one-table.yaml"
# font profiles: lists and a scalar family
printf 'body:  [SimSun, 方正书宋_GBK, AR PL UMing CN]\ntitle: [SimHei, 方正黑体_GBK, WenQuanYi Zen Hei]\n' >"$c/fuzz_font_profile/printshop.yaml"
printf 'number: Cantarell\nnote: [AR PL UMing CN]\n' >"$c/fuzz_font_profile/scalar.yaml"
# workbooks: the LibreOffice-saved fixture, and parts of a small workbook
# (first byte: 0 sheet, 1 shared strings, 2 styles, 3 workbook, 4 rels)
mkdir -p "$c/fuzz_workbook"
cp "$src/tests/fixtures/workbooks/budget-lo.xlsx" "$c/fuzz_workbook/libreoffice.xlsx"
cp "$src/tests/fixtures/workbooks/budget-lo.xls" "$c/fuzz_workbook/libreoffice.xls"
ns='xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
printf '\0<worksheet %s><sheetData><row><c t="inlineStr"><is><t>科目</t></is></c><c s="1"><v>6828.3999999999996</v></c><c><f>A1</f></c></row><row r="3"><c r="B3" t="b"><v>1</v></c><c r="C3" t="e"><v>#REF!</v></c><c r="D3" t="str"><f>1</f><v>x_x000D_</v></c></row></sheetData><mergeCells><mergeCell ref="A1:B2"/></mergeCells></worksheet>' "$ns" >"$c/fuzz_workbook/sheet.bin"
printf '\0<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row x:r="2"><x:c r="B2" t="s"><x:v>0</x:v></x:c></x:row></x:sheetData></x:worksheet>' >"$c/fuzz_workbook/prefixed.bin"
printf '\1<sst %s><si><r><t>部门</t></r><r><t xml:space="preserve"> 名称</t></r><rPh><t>x</t></rPh></si></sst>' "$ns" >"$c/fuzz_workbook/sst.bin"
printf '\2<styleSheet %s><numFmts><numFmt numFmtId="164" formatCode="0.0"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>' "$ns" >"$c/fuzz_workbook/styles.bin"
printf '\0<!DOCTYPE x [<!ENTITY a "aa">]><worksheet/>' >"$c/fuzz_workbook/doctype.bin"
# past the last row and column, counted; overlapping merged areas; one sheet past the limit
printf '\0<worksheet %s><sheetData><row r="1048576"><c><v>1</v></c></row><row><c><v>2</v></c></row></sheetData></worksheet>' "$ns" >"$c/fuzz_workbook/row-past-last.bin"
printf '\0<worksheet %s><sheetData><row><c r="XFD1"><v>1</v></c><c><v>2</v></c></row></sheetData></worksheet>' "$ns" >"$c/fuzz_workbook/column-past-last.bin"
printf '\0<worksheet %s><sheetData/><mergeCells><mergeCell ref="C4:D5"/><mergeCell ref="A1:B2"/><mergeCell ref="B3:C4"/></mergeCells></worksheet>' "$ns" >"$c/fuzz_workbook/merges-overlap.bin"
{
    printf '\3<workbook %s xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>' "$ns"
    for i in $(seq 1 1001); do printf '<sheet name="S%d" sheetId="%d" r:id="rId1"/>' "$i" "$i"; done
    printf '</sheets></workbook>'
} >"$c/fuzz_workbook/sheets-1001.bin"
# figures: each {{ }} of the seed's document.md, and a few functions more
i=0
grep -o '{{[^}]*}}' "$seed/document.md" | sed 's/^{{//; s/}}$//' | awk '!seen[$0]++' |
    while IFS= read -r x; do printf '%s' "$x" >"$c/fuzz_figures/$(printf 'fig%02d' "$i").txt"; i=$((i + 1)); done
n=$(ls "$c/fuzz_figures" | wc -l)
for x in ' sum(1, 2.5, 01[in_item=收入总计].in_amount - 3) ' ' diff(prev(08[#1].total), 0.1) ' \
    ' pct(1, 3) ' ' share(1, 1, 1, 1) ' ' change(10, 12.5) '; do
    printf '%s' "$x" >"$c/fuzz_figures/$(printf 'fig%02d' "$n").txt"
    n=$((n + 1))
done
# the text checks: the seed's text as published, and markdown syntax with expressions
cp "$src/tests/fixtures/seed-document/document.md" "$c/fuzz_check_text/seed-document.md"
printf '\xEF\xBB\xBF---\r\ntitle: 2024 年XX部门预算\r\n---\r\n# 第一部分\n\n## 一、说明\n\n1. 基本支出 {{ 05[name=合计].basic_total }} 万元，占 23.72%%；\n   项目支出 5,209.0 万元，占 76.28%%。\n- **主要原因主要原因**[链接](http://x) <!-- 注释\n2019 年 -->\n\n```\n2019 年\n```\n\n{{ 未闭合\n' >"$c/fuzz_check_text/markdown.md"
# binding workbooks: the seed as a workbook shaped like the printed tables,
# as an archive and as the target's text form, and one with a renamed
# header (gen-annex-workbook, built with the project: BUILD, default build/)
gen=${BUILD:-$src/build}/gen-annex-workbook
if [ -x "$gen" ]; then
    mkdir -p "$c/fuzz_wb_bind"
    "$gen" "$seed" "$lay" "$c/fuzz_wb_bind/seed.xlsx"
    "$gen" "$seed" "$lay" "$c/fuzz_wb_bind/seed.txt"
    "$gen" "$seed" "$lay" "$c/fuzz_wb_bind/renamed-header.txt" rename-header:03-expenditure
    # the data stage's errors, which must name their cells
    "$gen" "$seed" "$lay" "$c/fuzz_wb_bind/long-decimals.txt" long-decimals:03-expenditure
    "$gen" "$seed" "$lay" "$c/fuzz_wb_bind/control-char.txt" control-char:02-income
    # two merged areas overlapping in the body of 部门收入总体情况表 (the readers refuse them)
    sed '/^S 部门收入总体情况表$/a M 5 2 6 3\nM 6 3 7 4' "$c/fuzz_wb_bind/seed.txt" >"$c/fuzz_wb_bind/merges-overlap.txt"
else
    echo "make-corpus: no $gen (build first): fuzz_wb_bind's corpus not made" >&2
fi
# the BIFF8 reader: Workbook streams, the LibreOffice-saved fixture's and
# the sample workbook shaped as LibreOffice, Excel and WPS write it
# (gen-biff-corpus, built with the tests: BUILD, default build/)
genb=${BUILD:-$src/build}/tests/gen-biff-corpus
if [ -x "$genb" ]; then
    mkdir -p "$c/fuzz_biff"
    "$genb" "$c/fuzz_biff" "$src/tests/fixtures/workbooks/budget-lo.xls"
    "$genb" --xls "$c/fuzz_workbook" # whole .xls files, beside libreoffice.xls
else
    echo "make-corpus: no $genb (build first): fuzz_biff's corpus not made" >&2
fi
