#!/usr/bin/env bash
# test_workbook_limits.sh — hostile .xlsx files, small files with a big
# count (made here with python3's zipfile): 40,000 sheets (the issue's
# 225 KB file that took 1.86 GB), 100,000 relationships, 50,000 zip
# entries, 200,000 cell formats, 100,000 number formats; a row past the
# last one by counting, two overlapping merged areas. Each is refused with
# exit 3 and the message of its limit (docs/limits.md), under a memory
# limit of 300 MB (ulimit -v; not for an AddressSanitizer build, which
# reserves more address space than that whatever it uses).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tool python3

asan=false
if sanitizer_build; then asan=true; fi
LIMIT_KB=300000

# gen KIND FILE: writes the hostile workbook KIND.
gen() {
    python3 - "$1" "$2" <<'EOF'
import sys, zipfile
kind, out = sys.argv[1], sys.argv[2]
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
RT = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
RELS = '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
parts = {
    '_rels/.rels': RELS + '<Relationship Id="rId1" Type="%sofficeDocument" Target="xl/workbook.xml"/></Relationships>' % RT,
    'xl/workbook.xml': '<workbook %s %s><sheets><sheet name="表1" sheetId="1" r:id="rId1"/></sheets></workbook>' % (NS, RNS),
    'xl/_rels/workbook.xml.rels': RELS + '<Relationship Id="rId1" Type="%sworksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="%sstyles" Target="styles.xml"/></Relationships>' % (RT, RT),
    'xl/worksheets/sheet1.xml': '<worksheet %s><sheetData><row><c t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>' % NS,
    'xl/styles.xml': '<styleSheet %s/>' % NS,
}
if kind == 'sheets':
    parts['xl/workbook.xml'] = '<workbook %s %s><sheets>%s</sheets></workbook>' % (NS, RNS, ''.join(
        '<sheet name="Sheet%d" sheetId="%d" r:id="rId1"/>' % (i, i) for i in range(1, 40001)))
elif kind == 'rels':
    parts['xl/_rels/workbook.xml.rels'] = RELS + ''.join(
        '<Relationship Id="rId%d" Type="%sworksheet" Target="worksheets/sheet%d.xml"/>' % (i, RT, i)
        for i in range(1, 100001)) + '</Relationships>'
elif kind == 'entries':
    for i in range(50000):
        parts['x/%d' % i] = ''
elif kind == 'xfs':
    parts['xl/styles.xml'] = '<styleSheet %s><cellXfs>%s</cellXfs></styleSheet>' % (NS, ''.join(
        '<xf numFmtId="%d" fontId="%d"/>' % (i % 50, i) for i in range(200000)))
elif kind == 'numfmts':
    parts['xl/styles.xml'] = '<styleSheet %s><numFmts>%s</numFmts></styleSheet>' % (NS, ''.join(
        '<numFmt numFmtId="%d" formatCode="0.%s"/>' % (164 + i, '0' * (i % 7)) for i in range(100000)))
elif kind == 'rows':
    parts['xl/worksheets/sheet1.xml'] = ('<worksheet %s><sheetData><row r="1048576"><c><v>1</v></c></row>'
        '<row><c><v>2</v></c></row></sheetData></worksheet>' % NS)
elif kind == 'merges':
    parts['xl/worksheets/sheet1.xml'] = ('<worksheet %s><sheetData/><mergeCells><mergeCell ref="B3:C4"/>'
        '<mergeCell ref="C4:D5"/></mergeCells></worksheet>' % NS)
with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
    for name, data in parts.items():
        z.writestr(name, data)
EOF
}

# refused KIND MAX_BYTES MESSAGE...: the workbook KIND, at most MAX_BYTES
# long, is refused by `check` with exit 3 and every MESSAGE, within the
# memory limit.
refused() {
    local kind=$1 max=$2 f="$TMP/$1.xlsx"
    shift 2
    gen "$kind" "$f"
    local size
    size=$(stat -c %s "$f")
    [ "$size" -le "$max" ] || fail "$kind.xlsx is $size bytes, more than $max: not a small file"
    if $asan; then
        run "$BP" check "$f"
    else
        run bash -c "ulimit -v $LIMIT_KB && exec \"$BP\" check \"$f\""
    fi
    expect_rc 3 "check $kind.xlsx"
    local s
    for s in "$@"; do expect_err_has "$s" "check $kind.xlsx"; done
    note "$kind.xlsx: $size bytes: $(head -c 200 "$RUN_ERR")"
}

check "a workbook of 40,000 sheets stops at the 1,001st"
refused sheets 300000 "$TMP/sheets.xlsx: xl/workbook.xml:1:" \
    ": more than 1000 sheets; the limit is 1000 (docs/limits.md)"

check "100,000 relationships stop at the 10,001st"
refused rels 1000000 "$TMP/rels.xlsx: xl/_rels/workbook.xml.rels:1:" \
    ": more than 10000 relationships; the limit is 10000 (docs/limits.md)"

check "50,000 zip entries are refused as the archive opens"
refused entries 6000000 "$TMP/entries.xlsx: the archive holds 50005 entries (parts); the limit is 10000 (docs/limits.md)"

check "200,000 cell formats stop at the 65,537th"
refused xfs 1000000 "$TMP/xfs.xlsx: xl/styles.xml:1:" \
    ": more than 65536 cell formats (<xf> of <cellXfs>); the limit is 65536 (docs/limits.md)"

check "100,000 number formats stop at the 4,097th"
refused numfmts 1000000 "$TMP/numfmts.xlsx: xl/styles.xml:1:" \
    ": more than 4096 number formats (<numFmt>); the limit is 4096 (docs/limits.md)"

check "a row past the last one is refused when it is counted, as when it is numbered"
refused rows 10000 "$TMP/rows.xlsx: sheet 表1, row 1048577 (xl/worksheets/sheet1.xml:1:" \
    "): past the last row a sheet may have, 1048576 (docs/limits.md)"

check "two overlapping merged areas are named both"
refused merges 10000 "$TMP/merges.xlsx: sheet 表1: the merged areas B3:C4 and C4:D5 overlap"

pass
