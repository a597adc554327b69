#!/usr/bin/env bash
# test_merged_labels.sh — a 合计 label merged across the code and name
# columns (as the real WPS template has it) satisfies the selectors and
# row conditions on every column it spans (docs/checks.md): the seed with
# its 合计 rows merged so (`合计,<` in the CSV; merged cells in a workbook
# written from it) checks with the seed's own result, 0 errors, and a
# wrong total under the merged label is still found, named by its sheet
# and cell.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

GEN="$BUILD/gen-annex-workbook"
[ -x "$GEN" ] || fail "no $GEN (build first)"
D="$TMP/merged"
copy_seed "$D"
sed -i 's/^,合计,/合计,<,/' "$D/02-income.csv" "$D/05-gpb-expenditure.csv" "$D/07-economic.csv"
sed -i 's/^,,,,合计,/合计,<,<,<,<,/' "$D/03-expenditure.csv"
grep -q '^合计,<,6828.4' "$D/05-gpb-expenditure.csv" || fail "setup: table 05's 合计 row is not merged"
grep -q '^合计,<,<,<,<,' "$D/03-expenditure.csv" || fail "setup: table 03's 合计 row is not merged"

check "the CSV folder with 合计 merged across the code and name columns: 0 errors"
run "$BP" check "$D"
expect_rc 0 "check with merged 合计 labels"
expect_out_has "0 errors, 4 rounding warnings" "the seed's own result"

check "the same as a workbook (merged cells): 0 errors"
"$GEN" "$D" "$SRC/layouts/standard-2024" "$TMP/book.xlsx" || fail "gen-annex-workbook"
python3 - "$TMP/book.xlsx" <<'EOF' || fail "the workbook has no 合计 merged across two columns"
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
strings = z.read("xl/sharedStrings.xml").decode()
idx = [m for m in re.findall(r"<si>(.*?)</si>", strings, re.S)]
total = [i for i, s in enumerate(idx) if re.sub(r"<[^>]+>", "", s) == "合计"]
ok = False
for name in z.namelist():
    if not name.startswith("xl/worksheets/sheet"):
        continue
    x = z.read(name).decode()
    for a, b in re.findall(r'<mergeCell ref="([A-Z]+\d+):([A-Z]+\d+)"', x):
        ra, rb = re.sub(r"\D", "", a), re.sub(r"\D", "", b)
        if ra != rb or a[0] == b[0]:
            continue
        m = re.search(r'<c r="%s"[^>]*t="s"[^>]*><v>(\d+)</v>' % a, x)
        if m and int(m.group(1)) in total:
            ok = True
sys.exit(0 if ok else 1)
EOF
run "$BP" check "$TMP/book.xlsx"
expect_rc 0 "check BOOK.xlsx with merged 合计 labels"
expect_out_has "0 errors, 4 rounding warnings" "the workbook's result"

check "a wrong total under a merged 合计 label is found"
sed -i 's/^合计,<,6828.4/合计,<,6829.4/' "$D/07-economic.csv"
run "$BP" check "$D"
expect_rc 1 "a wrong 07 合计"
expect_out_has "07 支出经济分类汇总表, 合计, 合计: 6828.4 ≠ 6829.4" "the wrong total, by its label"

pass
