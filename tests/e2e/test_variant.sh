#!/usr/bin/env bash
# test_variant.sh — renders examples/variant-yuan-2024: a regional layout set
# kept in the department folder (layouts: layouts), amounts in 元 with two
# decimals and no thousands separators, zero printed 0.00, 类/款/项 columns,
# 编制部门 caption, no cover or contents page, and a GB18030 CSV (declared
# gb18030; auto must read it the same; utf-8 must reject it by line:column).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tool qpdf pdffonts pdfinfo pdftotext iconv awk cmp

DEPT="$SRC/examples/variant-yuan-2024"
CSV="$DEPT/gpb-expenditure-yuan.csv"
PDF="$TMP/variant.pdf"
[ -f "$DEPT/department.yaml" ] || fail "$DEPT/department.yaml not found"
[ -f "$DEPT/layouts/set.yaml" ] || fail "$DEPT/layouts/set.yaml not found (layouts: layouts)"

check "the CSV really is GB18030 (not UTF-8), and department.yaml says so"
if iconv -f UTF-8 -t UTF-8 "$CSV" >/dev/null 2>&1; then
    fail "$CSV is valid UTF-8: the example no longer exercises GB18030"
fi
iconv -f GB18030 -t UTF-8 "$CSV" >"$TMP/csv.utf8" || fail "$CSV is not valid GB18030"
grep -q '^encoding: *gb18030' "$DEPT/department.yaml" || fail "department.yaml does not say encoding: gb18030"

check "render exits 0, silently; qpdf --check passes; fonts embedded"
render "$DEPT" "$PDF"
run qpdf --check "$PDF"
expect_rc 0 "qpdf --check"
quiet_tool pdffonts "$PDF" | awk 'NR > 2 { n++; if ($(NF-4) != "yes" || $(NF-2) != "yes") bad = 1 }
    END { exit bad || n < 1 }' || fail "fonts not embedded or without ToUnicode"

check "one page: no cover, no contents, the variant's own footer"
pages=$(split_pages "$PDF" "$TMP/p")
[ "$pages" = 1 ] || fail "$pages pages, expected 1 (no cover or contents page)"
ALL="$TMP/p/all.txt"
SQ="$TMP/p/1.sq"
! grep -qF 附件 "$SQ" || fail "a cover label (附件) is printed"
! grep -qF 目录 "$SQ" || fail "a contents page (目录) is printed"
! grep -qE '第[0-9]+页' "$SQ" || fail "the standard footer (第 N 页) is printed instead of the set's"
grep -qF '—1—' "$SQ" || fail "the set's footer '— 1 —' is missing"

check "title, captions, note"
expect_texts "$ALL" "variant text" <<'EOF'
2024年度部门一般公共预算财政拨款支出预算表
编制部门：郑州高新技术产业开发区新型智慧城市运行中心
单位：元
说明：本表反映2024年度一般公共预算财政拨款安排的支出，金额单位为元。
科学技术支出
科学技术管理事务
行政运行
城乡社区支出
一般行政管理事务
其他城乡社区管理事务支出
合计
类
款
项
EOF
! grep -qF 部门名称： "$SQ" || fail "the standard caption 部门名称： is printed"
! grep -qF 单位：万元 "$SQ" || fail "单位：万元 is printed"

check "figures in 元: two decimals, no thousands separators, zero as 0.00"
expect_words "$ALL" "amount" <<'EOF'
68284000.00
16194000.00
5526000.00
10668000.00
52090000.00
1000000.00
51090000.00
0.00
EOF
for bad in 68,284,000.00 6,828.4 16,194,000.00; do
    ! grep -qF -- "$bad" "$ALL" || fail "'$bad' is printed: the variant has no thousands separators / 万元"
done

check "every amount cell of the CSV is printed as written"
csv_rows "$TMP/csv.utf8" | awk 'BEGIN { RS = "\036"; FS = "\037" }
    NR == 1 { for (i = 1; i <= NF; i++) if ($i !~ /^(cls|kuan|xiang|name)$/) amt[i] = 1; next }
    { for (i in amt) if ($i != "") print $i }' >"$TMP/amounts"
[ "$(wc -l <"$TMP/amounts")" -ge 50 ] || fail "few amounts in the CSV: $(wc -l <"$TMP/amounts")"
expect_words "$ALL" "CSV amount" <"$TMP/amounts"

check "类/款/项 codes in their own columns"
# the raw text line of the 项 row: 206 01 01 行政运行 16194000.00 ...
grep -qE '^ *206 +01 +01 +行政运行 +16194000\.00' "$ALL" ||
    grep -qE '206 *01 *01 *行政运行' "$ALL" || fail "row 206 01 01 行政运行 not printed as codes + name"
grep -qE '212 *01 *99 *其他城乡社区管理事务支出' "$ALL" || fail "row 212 01 99 not printed"

check "encoding: auto reads the GB18030 file the same (identical PDF)"
cp -r "$DEPT" "$TMP/auto"
sed -i 's/^encoding:.*/encoding: auto/' "$TMP/auto/department.yaml"
render "$TMP/auto" "$TMP/auto.pdf"
cmp -s "$PDF" "$TMP/auto.pdf" || fail "encoding: auto gives a different PDF from encoding: gb18030"

check "encoding: utf-8 rejects the GB18030 file with file:line:column"
cp -r "$DEPT" "$TMP/utf8"
sed -i 's/^encoding:.*/encoding: utf-8/' "$TMP/utf8/department.yaml"
run "$BP" render "$TMP/utf8" -o "$TMP/utf8.pdf"
expect_rc 3 "encoding: utf-8 on a GB18030 file"
expect_err_match 'gpb-expenditure-yuan\.csv:[0-9]+:[0-9]+:' "encoding: utf-8 on a GB18030 file"
expect_err_has "not valid UTF-8" "encoding: utf-8 on a GB18030 file"
[ ! -e "$TMP/utf8.pdf" ] || fail "a PDF was written although the render failed"

pass
