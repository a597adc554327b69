#!/usr/bin/env bash
# test_fonts.sh — per-character font fallback and coverage: a character the
# body font lacks is drawn from the next family of the role, on the same
# baseline, and extracts as itself; with no family that has it, the render
# stops naming the character, the table, the CSV line and the column.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tool pdffonts
need_tool pdftotext

HANGUL=$'\xea\xb0\x80' # U+AC00 가: in WenQuanYi Zen Hei, not in AR PL UMing
dept="$TMP/dept"
copy_seed "$dept"
# the name of the 一般公共预算支出 表's 行政运行 row gets the character
sed -i "s/,行政运行,/,行政运行${HANGUL},/" "$dept/05-gpb-expenditure.csv"
grep -q "行政运行${HANGUL}" "$dept/05-gpb-expenditure.csv" || fail "fixture: the edit did not apply"
line=$(grep -n "行政运行${HANGUL}" "$dept/05-gpb-expenditure.csv" | cut -d: -f1)

check "a character no font of the role has stops the render, named with its place"
run "$BP" render "$dept" -o "$TMP/missing.pdf"
expect_rc 3 "render with U+AC00 and no fallback"
expect_err_has "U+AC00" "missing character"
expect_err_has "05-gpb-expenditure.csv line $line" "missing character's CSV line"
expect_err_has "column 'name'" "missing character's column"
expect_err_has "一般公共预算支出情况表" "missing character's table"
[ ! -e "$TMP/missing.pdf" ] || fail "a PDF was written despite the missing character"

check "with a fallback family that has it, the character is drawn and extracts"
layouts="$TMP/layouts"
cp -r "$SRC/layouts/standard-2024" "$layouts"
sed -i 's/^  body: .*/  body: [AR PL UMing CN, WenQuanYi Zen Hei]/' "$layouts/set.yaml"
grep -q "body: \[AR PL UMing CN, WenQuanYi Zen Hei\]" "$layouts/set.yaml" || fail "fixture: set.yaml edit"
render "$dept" "$TMP/fallback.pdf" --layouts "$layouts"
quiet_tool pdftotext -raw "$TMP/fallback.pdf" "$TMP/fallback.txt"
grep -qF "行政运行${HANGUL}" "$TMP/fallback.txt" || fail "the fallback character does not extract after 行政运行"
quiet_tool pdffonts "$TMP/fallback.pdf" >"$TMP/fonts.txt"
grep -q "UMingCN" "$TMP/fonts.txt" || fail "AR PL UMing is not embedded"
grep -q "WenQuanYiZenHei" "$TMP/fonts.txt" || fail "WenQuanYi Zen Hei is not embedded"
if awk 'NR > 2 && ($(NF-4) != "yes" || $(NF-2) != "yes") { bad = 1 } END { exit !bad }' "$TMP/fonts.txt"; then
    cat "$TMP/fonts.txt" >&2
    fail "a font is not embedded or has no ToUnicode map"
fi

check "the fallback glyph continues the line: same baseline box, advance of a full em"
# pdftotext -bbox gives each word's box: the word 行政运行가 must be one
# word (no gap where the font changes), 5 em wide at 9 pt, with the same
# vertical box as the row's code 2060101 (same baseline, same font size)
quiet_tool pdftotext -bbox "$TMP/fallback.pdf" "$TMP/bbox.html"
word=$(grep -F "行政运行${HANGUL}<" "$TMP/bbox.html" | head -1)
[ -n "$word" ] || fail "行政运行${HANGUL} is not one word in the PDF"
# the word before it in reading order: the row's code, on the same page
code=$(grep -B1 -F "行政运行${HANGUL}<" "$TMP/bbox.html" | head -1)
grep -qF ">2060101<" <<<"$code" || fail "the word before 行政运行${HANGUL} is not its code: $code"
attr() { sed -E "s/.*$1=\"([0-9.]+)\".*/\1/" <<<"$2"; }
awk -v x0="$(attr xMin "$word")" -v x1="$(attr xMax "$word")" \
    -v y0="$(attr yMin "$word")" -v y1="$(attr yMax "$word")" \
    -v c0="$(attr yMin "$code")" -v c1="$(attr yMax "$code")" 'BEGIN {
        w = x1 - x0
        if (w < 44.8 || w > 45.2) { print "width " w " pt, expected 45"; exit 1 }
        if (y0 - c0 > 0.01 || c0 - y0 > 0.01 || y1 - c1 > 0.01 || c1 - y1 > 0.01) {
            print "box " y0 ".." y1 " differs from that of the row code " c0 ".." c1; exit 1 }
    }' || fail "the fallback glyph is misplaced"

check "--allow-missing-glyphs: the render goes on with a warning naming the character"
run "$BP" render "$dept" -o "$TMP/allowed.pdf" --allow-missing-glyphs
expect_rc 0 "render --allow-missing-glyphs"
expect_err_has "warning:" "missing character warning"
expect_err_has "U+AC00" "missing character warning"
expect_err_has "placeholder" "missing character warning"
quiet_tool pdftotext -raw "$TMP/allowed.pdf" "$TMP/allowed.txt"
grep -qF "行政运行${HANGUL}" "$TMP/allowed.txt" ||
    fail "the placeholder character does not extract as itself"

check "budgetpdf fonts: each role's file, and the department's coverage"
run "$BP" fonts "$SEED"
expect_rc 0 "fonts on the seed"
expect_out_has "uming.ttc, face 0, TrueType outlines" "fonts: body file"
expect_out_has "wqy-zenhei.ttc, face 0" "fonts: title file"
for role in body title number note; do
    grep -qE "^$role +coverage: [0-9]+ characters, all covered" "$RUN_OUT" ||
        { cat "$RUN_OUT" >&2; fail "fonts: no full coverage line for $role"; }
done
run "$BP" fonts "$dept"
expect_rc 1 "fonts on a department with a missing character"
grep -qE "^body +coverage: [0-9]+ characters, 1 in no font of the role: U\+AC00 ${HANGUL}" "$RUN_OUT" ||
    { cat "$RUN_OUT" >&2; fail "fonts: U+AC00 not listed as missing from body"; }
run "$BP" fonts "$dept" --layouts "$layouts"
expect_rc 0 "fonts with the fallback layout set"
expect_out_has "fallback WenQuanYi Zen Hei" "fonts: the fallback family"

check "a font profile replaces the layout set's families without editing layouts"
printf 'body: [WenQuanYi Zen Hei]\nnumber: [WenQuanYi Zen Hei]\nnote: [WenQuanYi Zen Hei]\ntext: [WenQuanYi Zen Hei]\nkai: [WenQuanYi Zen Hei]\n' >"$TMP/profile.yaml"
render "$SEED" "$TMP/profile.pdf" --fonts "$TMP/profile.yaml"
quiet_tool pdffonts "$TMP/profile.pdf" >"$TMP/pfonts.txt"
! grep -q UMing "$TMP/pfonts.txt" || fail "AR PL UMing is still embedded with a profile that replaces it"
BUDGETPDF_FONTS="$TMP/profile.yaml" render "$SEED" "$TMP/profile-env.pdf"
cmp -s "$TMP/profile.pdf" "$TMP/profile-env.pdf" || fail "BUDGETPDF_FONTS differs from --fonts"
printf 'body: [WenQuanYi Zen Hei]\nheading: [x]\n' >"$TMP/bad-profile.yaml"
run "$BP" render "$SEED" -o "$TMP/bad.pdf" --fonts "$TMP/bad-profile.yaml"
expect_rc 3 "a font profile with an unknown role"
expect_err_has "bad-profile.yaml:2:1: unknown key 'heading'" "font profile error position"
pass
