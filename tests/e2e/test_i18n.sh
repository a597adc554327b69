#!/usr/bin/env bash
# test_i18n.sh — messages in the user's language (docs/i18n.md): with a
# Chinese locale (LANG=zh_CN.UTF-8, installed or not) the check lines and
# the summary are Chinese, with no English words left, and the catalogue
# compiles cleanly; with C or en the output is English, byte for byte the
# same as without a locale.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

export BUDGETPDF_LOCALEDIR="$BUILD/locale"
[ -f "$BUDGETPDF_LOCALEDIR/zh_CN/LC_MESSAGES/budgetpdf.mo" ] || fail "no compiled catalogue in $BUDGETPDF_LOCALEDIR"
need_tool msgfmt

check "the zh_CN catalogue is complete and its formats agree with the English"
msgfmt --check --statistics -o /dev/null "$SRC/po/zh_CN.po" 2>"$TMP/stats" || fail "msgfmt --check: $(cat "$TMP/stats")"
grep -qE '^[0-9]+ translated messages\.$' "$TMP/stats" || fail "untranslated or fuzzy messages: $(cat "$TMP/stats")"

check "the seed's check report in Chinese under LANG=zh_CN.UTF-8"
run env -u LC_ALL -u LANGUAGE LANG=zh_CN.UTF-8 "$BP" check "$SEED"
expect_rc 0 "check in Chinese"
expect_out_has "06 一般公共预算基本支出表，合计，合计：1619.3 ≈ 1619.4，舍入差异，容差 0.44（合计 = 30101 + … + 30211）" "a rounding line in Chinese"
expect_out_has "错误 0 项，舍入差异 4 项（61 条规则，319 次比较）" "the summary in Chinese"
! sed "s|$SEED||" "$RUN_OUT" | grep -qiE 'rounding|within|errors|rules|comparisons' ||
    fail "English left: $(cat "$RUN_OUT")"

check "a failing check in Chinese: no English words in its lines"
D="$TMP/broken"
copy_seed "$D"
sed -i 's/^2120102,一般行政管理事务,100.0,0,0,0,0,0,100.0,0,100.0$/2120102,一般行政管理事务,100.0,0,0,0,0,0,110.0,0,100.0/' "$D/05-gpb-expenditure.csv"
sed -i 's/^,合计,6828.4,1619.4,5209.0$/,总计,6828.4,1619.4,5209.0/' "$D/07-economic.csv"
run env -u LC_ALL -u LANGUAGE LANG=zh_CN.UTF-8 "$BP" check "$D"
expect_rc 1 "a broken copy in Chinese"
expect_out_has "也未通过另一条规则：应是该数有误，而非合计" "the blame in Chinese"
expect_out_has "07 支出经济分类汇总表：没有 [name=合计] 的行" "a missing row in Chinese"
! grep -qE '[A-Za-z]{3,}' <(sed "s|$D||; s/\[[a-z_]*=[^]]*\]//g; s/empty_note//g" "$RUN_OUT") ||
    fail "English words in the Chinese lines: $(grep -E '[A-Za-z]{3,}' "$RUN_OUT")"

check "C and English locales: English, the same bytes as without a locale"
run env -u LC_ALL -u LANG -u LANGUAGE "$BP" check "$D"
cp "$RUN_OUT" "$TMP/plain"
grep -qF "rounding within 0.44" "$TMP/plain" || fail "no English without a locale"
for loc in C C.UTF-8 en_US.UTF-8; do
    run env -u LC_ALL -u LANGUAGE LANG=$loc "$BP" check "$D"
    cmp -s "$RUN_OUT" "$TMP/plain" || fail "LANG=$loc: the output differs from the English"
done

pass
