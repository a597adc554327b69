#!/usr/bin/env bash
# test_bind.sh — budgetpdf bind and draft (docs/document.md, "bind" and
# "draft"): (1) the seed's text with its figures typed (made here with
# bind --typed) is bound again and renders the same words and figures as
# the seed; (2) a clerk's text typed in 万元 over the 元 tables of
# examples/region-yuan-2024 (typed-text/) binds at least 8 in 10 of its
# money figures to the cell a person would choose, and lists the rest;
# (3) draft --from the seed to a 2025 department whose figures changed
# lists every sentence whose comparison turned, and the draft renders;
# (4) the seed's typed text as a clerk's .docx binds the same, its places
# the .docx's paragraphs, and renders the seed's words and figures.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tool pdftotext

# ---- (1) the seed, typed and bound again ----------------------------------

check "bind --typed writes the seed's text with each figure as it prints"
copy_seed "$TMP/seed"
run "$BP" bind "$TMP/seed" --typed -o "$TMP/typed.md"
expect_rc 0 "bind --typed"
! grep -q '{{' "$TMP/typed.md" || fail "the typed copy still has {{ }}"
grep -qF '收入总计6828.4万元，支出总计6828.4万元，与2023年预算相比，收入增加4590.6万元。' "$TMP/typed.md" ||
    fail "the typed copy lacks the seed's figures"
no_tmp_left "$TMP" "bind --typed"

check "bind reports every typed figure: bound to its expression, or unbound with its place and why"
cp "$TMP/typed.md" "$TMP/seed/document.md"
run "$BP" bind "$TMP/seed"
expect_rc 0 "bind (report)"
expect_out_has "35 of 37 typed figures bound, 2 left typed" "bind's summary"
for want in \
    ':30:31	6828.4万元	{{ 01[in_item=收入总计].in_amount }}' \
    ':30:68	4590.6万元	{{ change(01[in_item=收入总计].in_amount) }}' \
    ':34:78	0万元	{{ 02[name=合计].special }}' \
    ':38:57	23.72%	{{ pct(03[name=合计].basic_total, 03[name=合计].total) }}' \
    ':42:80	4590.6万元	{{ change(04[out_item=支出合计].out_gpb) }}' \
    ':46:40	6828.4万元	{{ 05[name=合计].total }}' \
    ':50:42	1619.4万元	{{ 06[dept_code=合计].total }}' \
    ':50:69	34.12%	{{ pct(06[dept_code=合计].personnel, 06[dept_code=合计].total) }}' \
    ':60:9	0.2万元	{{ 08[#1].reception }}' \
    ':62:41	0万元	{{ 08[#1].car_running }}' \
    ':54:66	持平	{{ change(08[#1].total) }}' \
    ':62:97	持平	{{ change(08[#1].car_total) }}'; do
    grep -qF -- "$want" "$RUN_OUT" || { cat "$RUN_OUT" >&2; fail "bind: no line '$want'"; }
done
grep -qE "/seed/document.md:76:35	0万元	unbound: .*candidates: none" "$RUN_OUT" ||
    fail "the 政府采购 0 万元 no table gives is not listed as unbound"
grep -qE "/seed/document.md:72:37	1066.8万元	unbound: .*candidates: .*basic_goods" "$RUN_OUT" ||
    fail "the 1066.8 万元 the words do not tell is not listed with its candidates"
[ ! -e "$TMP/seed/document.md.bound" ] || fail "bind without -o wrote a file"

check "bind -o refuses to write over its own text, and leaves it as it was"
cp "$TMP/seed/document.md" "$TMP/before.md"
run "$BP" bind "$TMP/seed" -o "$TMP/seed/document.md"
expect_rc 2 "bind -o onto the text"
cmp -s "$TMP/before.md" "$TMP/seed/document.md" || fail "bind -o onto the text changed it"

check "the bound text renders the same words and figures as the seed's document"
run "$BP" bind "$TMP/seed" -o "$TMP/bound.md"
expect_rc 0 "bind -o"
[ "$(grep -o '{{' "$TMP/bound.md" | wc -l)" -ge 31 ] || fail "the bound text has too few expressions"
# the words kept exactly: the bound text typed again is the typed text
cp -r "$TMP/seed" "$TMP/seed2"
cp "$TMP/bound.md" "$TMP/seed2/document.md"
run "$BP" bind "$TMP/seed2" --typed -o "$TMP/retyped.md"
expect_rc 0 "bind --typed of the bound text"
cmp -s "$TMP/retyped.md" "$TMP/typed.md" || { diff "$TMP/retyped.md" "$TMP/typed.md" >&2; fail "bind changed the words or figures"; }
cp "$TMP/bound.md" "$TMP/seed/document.md"
render "$TMP/seed" "$TMP/bound.pdf"
render "$SEED" "$TMP/seed.pdf"
pdftotext "$TMP/bound.pdf" "$TMP/bound.txt"
pdftotext "$TMP/seed.pdf" "$TMP/seed.txt"
diff "$TMP/bound.txt" "$TMP/seed.txt" >&2 || fail "the bound text does not render as the seed's"

# ---- (2) a clerk's text in 万元 over tables in 元 --------------------------

check "region-yuan: a clerk's text typed in 万元 binds 8 in 10 money figures to the cells a person would choose"
REG="$SRC/examples/region-yuan-2024"
cp -r "$REG" "$TMP/reg"
chmod -R u+w "$TMP/reg"
rm -rf "$TMP/reg/typed-text"
cp "$REG/typed-text/document.md" "$REG/typed-text/previous-2023.yaml" "$TMP/reg/"
echo "previous: previous-2023.yaml" >>"$TMP/reg/department.yaml"
run "$BP" bind "$TMP/reg"
expect_rc 0 "bind region-yuan"
cp "$RUN_OUT" "$TMP/reg.out"
# LINE:COLUMN and the expression a person would write (the figures of 元
# tables divided by 10000; one 0 no table gives, left typed)
cat >"$TMP/expected" <<'EXP'
13:10	01[in_item=收入总计].in_amount / 10000
13:23	01[out_item=支出总计].out_amount / 10000
13:45	diff(01[in_item=收入总计].in_amount, prev(01[in_item=收入总计].in_amount)) / 10000
17:10	02[name=合计].total / 10000
17:32	02[name=合计].gpb / 10000
17:61	02[name=合计].soc / 10000
17:83	02[name=合计].fund / 10000
17:91	02[name=合计].carryover / 10000
21:10	03[name=合计].total / 10000
21:26	03[name=合计].basic_total / 10000
21:47	03[name=合计].project_total / 10000
25:14	04[in_item=收入合计].in_amount / 10000
25:34	04[in_item=（一）一般公共预算拨款][#2].in_amount / 10000
25:53	04[in_item=（三）国有资本经营预算拨款][#4].in_amount / 10000
25:66	04[out_item=支出合计].out_total / 10000
29:14	05[name=合计].total / 10000
29:30	05[name=合计].basic_total / 10000
29:43	05[name=合计].project_total / 10000
33:14	06[#1].total
33:28	diff(prev(06[#1].total), 06[#1].total)
33:45	06[#1].abroad
33:59	06[#1].car_total
33:72	06[#1].car_purchase
33:83	06[#1].car_running
33:92	06[#1].reception
33:113	06[#1].office
37:15	04[out_item=支出合计].out_fund / 10000
41:16	08[name=合计].total / 10000
45:14	unbound
45:26	03[name=农田建设].project_total / 10000
EXP
money=$(grep -c '万元	' "$TMP/reg.out")
[ "$money" = "$(wc -l <"$TMP/expected")" ] || fail "bind found $money money figures, expected $(wc -l <"$TMP/expected")"
right=0
while IFS=$'\t' read -r at want; do
    line=$(grep -F "/reg/document.md:$at	" "$TMP/reg.out" || true)
    [ -n "$line" ] || fail "no figure reported at document.md:$at"
    if [ "$want" = unbound ]; then
        [[ "$line" == *"	unbound: "* ]] && right=$((right + 1))
    elif [[ "$line" == *"{{ $want }}"* ]]; then
        right=$((right + 1))
    else
        note "document.md:$at: expected {{ $want }}, got: $(cut -f3- <<<"$line")"
    fi
done <"$TMP/expected"
note "$right of $money money figures as a person would bind them"
[ $((right * 10)) -ge $((money * 8)) ] || fail "only $right of $money money figures bound right"
for want in ':17:42	91.84%	{{ pct(02[name=合计].gpb, 02[name=合计].total) }}' \
    ':21:54	51.66%	{{ pct(03[name=合计].project_total, 03[name=合计].total) }}' \
    ':33:113	71.15万元	{{ 06[#1].office }}	prints 71.158: the text rounds it'; do
    grep -qF -- "$want" "$TMP/reg.out" || fail "bind: no line '$want'"
done
grep -qE "/reg/document.md:45:14	0万元	unbound: " "$TMP/reg.out" || fail "the figure no table gives is not listed"

check "the bound region text renders, its figures evaluated on the 元 tables"
run "$BP" bind "$TMP/reg" -o "$TMP/reg-bound.md"
expect_rc 0 "bind -o region-yuan"
cp "$TMP/reg-bound.md" "$TMP/reg/document.md"
render "$TMP/reg" "$TMP/reg.pdf"
pdftotext "$TMP/reg.pdf" - | squash >"$TMP/reg.txt"
grep -qF '收入总计673.648万元' "$TMP/reg.txt" || fail "the bound figure does not print in 万元"
grep -qF '比2023年减少0.5万元' "$TMP/reg.txt" || fail "the change against 2023 does not print"
grep -qF '占91.84%' "$TMP/reg.txt" || fail "the share does not print"

# ---- (3) draft --from last year ---------------------------------------------

check "draft --from the seed to a 2025 department lists every sentence whose comparison turned"
copy_seed "$TMP/d25"
sed -i 's/^year: 2024/year: 2025/; s/^previous: .*/previous: previous-2024.yaml/' "$TMP/d25/department.yaml"
rm "$TMP/d25/previous-2023.yaml" "$TMP/d25/document.md"
cat >"$TMP/d25/previous-2024.yaml" <<'PREV'
year: 2024
figures:
  "01[in_item=收入总计].in_amount": 6828.4
  "04[out_item=支出合计].out_gpb": 6828.4
  "08[#1].total": 0.2
  "08[#1].abroad": 0
  "08[#1].reception": 0.2
  "08[#1].car_total": 0
PREV
# income falls (an increase on 2023 becomes a decrease on 2024); 公务接待费,
# unchanged in 2024, rises
sed -i 's/6828\.4/6028.4/g; s/5209/4409/g' "$TMP"/d25/0[1-5]*.csv
sed -i '2s/.*/0.5,,,,,0.5/' "$TMP/d25/08-three-public.csv"
run "$BP" draft "$TMP/d25" --from "$SEED" -o "$TMP/draft.md"
expect_rc 0 "draft"
cp "$RUN_OUT" "$TMP/draft.out"
for want in \
    '/draft.md:30:1: the sentence was written for 增加 (增加4590.6万元 last year), now 减少800万元' \
    '/draft.md:42:115: the sentence was written for 增加 (增加4590.6万元 last year), now 减少800万元' \
    '/draft.md:54:59: the sentence was written for 持平 (持平 last year), now 增加0.3万元' \
    '/draft.md:60:60: the sentence was written for 持平 (持平 last year), now 增加0.3万元'; do
    grep -qF -- "$want" "$TMP/draft.out" || { cat "$TMP/draft.out" >&2; fail "draft: no line '$want'"; }
done
[ "$(grep -c ': the sentence was written for' "$TMP/draft.out")" = 4 ] ||
    { cat "$TMP/draft.out" >&2; fail "draft lists sentences whose comparison did not turn"; }
expect_out_has "4 sentences to rewrite" "draft's summary"
grep -qF '2025年郑州高新技术产业开发区新型智慧城市运行中心部门预算公开' "$TMP/draft.md" || fail "the budget year is not advanced"
grep -qF '与2024年预算相比，收入{{ change(01[in_item=收入总计].in_amount) }}' "$TMP/draft.md" ||
    fail "the year compared with is not advanced, or the figure not kept"
! grep -q '2023年' "$TMP/draft.md" || fail "a 2023年 is left in the 2025 draft"

check "draft --from last year's text with its figures typed: bound first, the same sentences listed"
copy_seed "$TMP/typed24"
cp "$TMP/typed.md" "$TMP/typed24/document.md"
run "$BP" draft "$TMP/d25" --from "$TMP/typed24" -o "$TMP/draft-typed.md"
expect_rc 0 "draft from a typed text"
expect_out_has "37 typed figures of last year's text, 35 bound; 4 sentences to rewrite" "draft from a typed text"
for at in 30:1 42:115 54:59 60:60; do
    grep -qF "/draft-typed.md:$at: the sentence was written for" "$RUN_OUT" || { cat "$RUN_OUT" >&2; fail "draft from a typed text: $at not listed"; }
done

check "the draft renders on the 2025 tables"
cp "$TMP/draft.md" "$TMP/d25/document.md"
# the changed tables no longer add up across tables: render them anyway
run "$BP" render "$TMP/d25" -o "$TMP/d25.pdf" --no-check
expect_rc 0 "render the draft"
pdftotext "$TMP/d25.pdf" - | squash >"$TMP/d25.txt"
grep -qF '与2024年预算相比，收入减少800万元' "$TMP/d25.txt" || fail "the draft does not print this year's change"
grep -qF '2025年“三公”经费支出预算数与2024年增加0.3万元' "$TMP/d25.txt" || fail "the draft's 三公 change"

check "draft to a department without previous-year figures lists each change it cannot give, at its place"
cp -r "$TMP/d25" "$TMP/d25b"
sed -i '/^previous:/d' "$TMP/d25b/department.yaml"
run "$BP" draft "$TMP/d25b" --from "$SEED" -o "$TMP/draft-b.md"
expect_rc 0 "draft without previous-year figures"
expect_out_has "/draft-b.md:30:1: a figure this year's tables cannot give (" "draft: a change without previous-year figures"
expect_out_has "/draft-b.md:30:130: '01[in_item=收入总计].in_amount': no previous-year figures" "draft: the expression's place"
expect_out_has "6 sentences to rewrite" "draft: every change listed"

check "draft refuses to write over last year's text"
run "$BP" draft "$TMP/d25" --from "$TMP/seed" -o "$TMP/seed/document.md"
expect_rc 2 "draft -o onto last year's text"

check "bind and draft: a folder without text, and missing arguments"
run "$BP" bind "$SRC/examples/region-yuan-2024"
expect_rc 3 "bind a folder without text"
expect_err_has "region-yuan-2024: the department folder has no text (document.md)" "bind without text"
run "$BP" bind "$TMP/seed" --typed
expect_rc 2 "bind --typed without -o"
run "$BP" draft "$TMP/d25" -o "$TMP/x.md"
expect_rc 2 "draft without --from"

check "the seed's text as a clerk's .docx, figures typed: bind -o renders the seed's words and figures"
PYDOCX=/usr/bin/python3 # Debian's, with python3-docx (Makefile: DEB_PACKAGES)
copy_seed "$TMP/docx"
rm "$TMP/docx/document.md"
"$PYDOCX" "$SRC/tests/e2e/gen_docx.py" "$TMP/typed.md" "$TMP/docx/document.docx"
run "$BP" bind "$TMP/docx"
expect_rc 0 "bind a .docx"
expect_out_has "35 of 37 typed figures bound, 2 left typed" "bind's summary for the .docx"
# places are the .docx's paragraphs, counted here by python-docx
para=$("$PYDOCX" -c 'import docx, sys
ps = docx.Document(sys.argv[1]).paragraphs
print(next(i + 1 for i, p in enumerate(ps) if "收入总计6828.4万元" in p.text))' "$TMP/docx/document.docx")
expect_out_has "docx/document.docx:$para:31	6828.4万元	{{ 01[in_item=收入总计].in_amount }}" "the .docx's paragraph and column"
! grep -q "document\.md:" "$RUN_OUT" || fail "bind named the generated Markdown's places"
run "$BP" bind "$TMP/docx" -o "$TMP/docx-bound.md"
expect_rc 0 "bind -o from a .docx"
cp "$TMP/docx-bound.md" "$TMP/docx/document.md"
render "$TMP/docx" "$TMP/docx.pdf"
pdftotext "$TMP/docx.pdf" "$TMP/docx.txt"
diff "$TMP/docx.txt" "$TMP/seed.txt" >&2 || fail "the text bound from the .docx does not render as the seed's"

pass
