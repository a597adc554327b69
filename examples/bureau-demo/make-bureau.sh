#!/bin/sh
# make-bureau.sh BUILD_DIR OUT — the demo bureau of `budgetpdf serve`
# (examples/bureau-demo/README.md): OUT gets the three departments of
# departments.tsv and the users clerk1, clerk2 and reviewer with the demo
# passwords below; OUT-workbooks/ gets workbooks to upload (the seed's
# tables, and the same with one wrong cell). An existing OUT is kept.
set -eu
BUILD=$1
OUT=$2
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$HERE/../..
BP=$BUILD/budgetpdf
if [ -e "$OUT/budgetpdf.db" ]; then
  echo "$OUT exists: kept"
else
  while IFS='	' read -r code name; do
    "$BP" user add-department "$OUT" "$code" "$name"
  done <"$HERE/departments.tsv"
  # demo passwords: never use these on a real server
  echo clerk1-demo-pw | "$BP" user add "$OUT" clerk1 --role clerk --department 033
  echo clerk2-demo-pw | "$BP" user add "$OUT" clerk2 --role clerk --department 118,201
  echo reviewer-demo-pw | "$BP" user add "$OUT" reviewer --role reviewer
fi
if [ -x "$BUILD/gen-annex-workbook" ]; then
  WB=$OUT-workbooks
  TMP=$(mktemp -d)
  mkdir -p "$WB"
  "$BUILD/gen-annex-workbook" "$SRC/data/zzgx-smartcity-2024" "$SRC/layouts/standard-2024" \
    "$WB/033-2024年部门预算公开表.xlsx" >/dev/null
  cp -r "$SRC/data/zzgx-smartcity-2024" "$TMP/wrong"
  sed -i 's/^30101,基本工资,50101,工资奖金津补贴,123.3,123.3,/30101,基本工资,50101,工资奖金津补贴,133.3,123.3,/' \
    "$TMP/wrong/06-gpb-basic.csv"
  "$BUILD/gen-annex-workbook" "$TMP/wrong" "$SRC/layouts/standard-2024" \
    "$WB/033-一处错误.xlsx" >/dev/null
  rm -rf "$TMP"
  echo "workbooks to upload: $WB"
fi
