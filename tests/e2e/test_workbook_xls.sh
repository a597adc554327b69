#!/usr/bin/env bash
# test_workbook_xls.sh — a department given as an .xls (docs/workbook.md,
# ".xls files"): the seed's tables as a workbook (gen-annex-workbook),
# written again as an .xls shaped as LibreOffice, Excel and WPS write it
# (tests/xls_from_workbook.c), render to exactly the bytes of the CSV
# folder and check clean; the LibreOffice-saved fixture with the one-bit
# change of issue 22 (fExtSt set on a shared string's header, which
# crashed libfreexl in a LibreOffice .xls) fails render and check with exit 3 naming the
# workbook and the SST record, writes nothing, and in a batch beside a
# good .xls leaves that one rendered.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

GEN="$BUILD/gen-annex-workbook"
XLS="$BUILD/tests/xls-from-workbook"
[ -x "$GEN" ] || fail "no $GEN (build first)"
[ -x "$XLS" ] || fail "no $XLS (build first)"
export SOURCE_DATE_EPOCH=1700000000

check "the seed as an .xls, LibreOffice-, Excel- and WPS-shaped, renders to the CSV folder's bytes"
mkdir -p "$TMP/w"
"$GEN" "$SEED" "$SRC/layouts/standard-2024" "$TMP/w/book.xlsx" || fail "gen-annex-workbook"
render "$SEED" "$TMP/annex.pdf" --annex-only
for shape in libreoffice excel wps; do
    "$XLS" "$TMP/w/book.xlsx" "$TMP/w/$shape.xls" "$shape" || fail "xls-from-workbook $shape"
    render "$TMP/w/$shape.xls" "$TMP/$shape.pdf"
    cmp "$TMP/annex.pdf" "$TMP/$shape.pdf" || fail "render of the $shape-shaped .xls differs"
done
run "$BP" check "$TMP/w/excel.xls"
expect_rc 0 "check excel.xls"
expect_out_has "excel.xls: 0 errors" "check excel.xls"

check "the fixture with fExtSt set on a shared string: exit 3, the record named, nothing written"
mkdir -p "$TMP/bad"
python3 - "$SRC/tests/fixtures/workbooks/budget-lo.xls" "$TMP/bad/bad.xls" <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], 'rb').read())
# the SST record: type 0x00FC, then a length, the total and unique counts
for i in range(len(b) - 16):
    if b[i:i + 2] == b'\xfc\x00':
        n, total, unique = struct.unpack_from('<HII', b, i + 2)
        if 12 < n <= 8224 and 0 < unique <= total < 10000:
            b[i + 4 + 8 + 2] |= 0x04  # fExtSt of the first string
            break
else:
    sys.exit('no SST record found')
open(sys.argv[2], 'wb').write(b)
PY
for cmd in render check; do
    if [ $cmd = render ]; then run "$BP" render "$TMP/bad/bad.xls" -o "$TMP/bad/bad.pdf"; else run "$BP" check "$TMP/bad/bad.xls"; fi
    expect_rc 3 "$cmd bad.xls"
    expect_err_has "bad.xls: the .xls workbook is corrupt: the SST record at offset" "$cmd bad.xls"
done
[ "$(ls "$TMP/bad")" = bad.xls ] || fail "files left: $(ls "$TMP/bad")"

check "a batch with the damaged .xls renders the good one and names the bad one"
mkdir -p "$TMP/root"
cp "$TMP/bad/bad.xls" "$TMP/root/a-bad.xls"
cp "$TMP/w/wps.xls" "$TMP/root/b-good.xls"
run "$BP" batch "$TMP/root" -o "$TMP/out"
expect_rc 1 "batch" # some departments failed (not a signal: no crash)
expect_err_has "a-bad.xls: the .xls workbook is corrupt: the SST record" "batch"
cmp "$TMP/out/郑州高新技术产业开发区新型智慧城市运行中心.pdf" "$TMP/annex.pdf" ||
    fail "batch: the good .xls's PDF differs or is missing"
grep -q "a-bad.xls" "$TMP/out/summary.csv" || fail "summary.csv does not name a-bad.xls"

pass
