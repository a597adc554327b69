#!/usr/bin/env bash
# test_typeset.sh — the finishing a print shop expects (issue 24, point 9,
# and the table keys of points 4 and 5), on the seed's whole document:
# the cover, part titles, section headings and 目录 entries break between
# words (开发区, 新型智慧城市 never split) and a 目录 entry that fits stays
# on one line;
# a text page's full lines hold 28 characters (the GB/T 9704 grid); the 楷
# role is AR PL KaitiM GB; the 整体绩效目标表's continuation pages repeat
# the indicator section's column heads and its 一级/二级 labels (plain or
# with （续）); a table with repeat_header: false has no header on its
# second page; padding_rows puts N empty ruled rows before the total, or
# as many as the source has (as_in_workbook: blank CSV lines, empty sheet
# rows of a workbook).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tool pdfinfo pdftotext pdffonts python3

# a department and a copy of its layout set that the test may change
DEPT="$TMP/dept"
LAY="$TMP/lay"
cp -r "$SEED" "$DEPT"
cp -r "$SRC/layouts/standard-2024" "$LAY"
sed -i 's|^layouts: .*|layouts: ../lay|' "$DEPT/department.yaml"

check "the seed's whole document renders"
render "$DEPT" "$TMP/whole.pdf"
pages=$(pdf_pages "$TMP/whole.pdf")
note "$pages pages"
for ((p = 1; p <= pages; p++)); do
    pdftotext -layout -f "$p" -l "$p" "$TMP/whole.pdf" "$TMP/L$p.txt"
    pdftotext -raw -f "$p" -l "$p" "$TMP/whole.pdf" "$TMP/R$p.txt"
done

# split_words FILE: the words of the title lines in FILE split across two
# lines (a line ending with a word's start, the next starting with its rest)
split_words() {
    python3 - "$1" <<'EOF'
import sys
words = ["开发区", "新型", "智慧", "城市", "运行", "中心", "新型智慧城市", "高新技术", "部门",
         "预算", "公开", "情况", "说明", "名词", "解释", "概况", "职责", "汇总表"]
lines = [l.replace(" ", "").replace("·", "").rstrip("0123456789") for l in open(sys.argv[1])]
lines = [l for l in lines if l.strip()]
for a, b in zip(lines, lines[1:]):
    for w in words:
        for k in range(1, len(w)):
            if a.endswith(w[:k]) and b.startswith(w[k:]):
                print(f"{w}: '{a}' / '{b}'")
EOF
}

check "the cover's title keeps 开发区 and 新型智慧城市 whole"
out=$(split_words "$TMP/L1.txt")
[ -z "$out" ] || fail "cover: words split: $out"
grep -q '新型智慧城市' "$TMP/L1.txt" || fail "cover: 新型智慧城市 not on one line"
grep -q '开发区' "$TMP/L1.txt" || fail "cover: 开发区 not on one line"

check "the 目录 breaks entries between words; an entry that fits is on one line"
toc=$(grep -l '目 *录' "$TMP"/L[23].txt | tr '\n' ' ')
[ -n "$toc" ] || fail "no 目录 page"
for f in $toc; do
    out=$(split_words "$f")
    [ -z "$out" ] || fail "目录: words split: $out"
done
# shellcheck disable=SC2086
grep -h '七、一般公共预算“三公”经费支出预算情况说明 *·' $toc >/dev/null ||
    fail "目录: the 三公 entry wraps though it fits before its number"

check "part titles keep their words whole"
nparts=0
for ((p = 3; p <= pages; p++)); do
    grep -qE '^ *第[一二三]部分 *$' "$TMP/L$p.txt" || continue
    nparts=$((nparts + 1))
    # the title: from 第N部分 to the first blank line
    awk '/^ *第[一二三]部分 *$/ {on = 1} on && /^ *$/ {exit} on' "$TMP/L$p.txt" >"$TMP/part$p.txt"
    out=$(split_words "$TMP/part$p.txt")
    [ -z "$out" ] || fail "page $p: part title words split: $out"
done
note "$nparts part title pages"
first_part=$(grep -l '^ *第一部分 *$' "$TMP"/L*.txt | head -1 | sed -E 's/.*L([0-9]+)\.txt/\1/')
[ "$nparts" -ge 2 ] || fail "only $nparts part titles found"

check "section headings break between words too"
tr -d ' ' <"$TMP/L$first_part.txt" | grep -q '^新型智慧城市运行中心主要职责$' ||
    fail "page $first_part: the heading 一、…主要职责 is not broken between words"

check "a full line of the text holds 28 characters (the grid)"
first_text=$first_part
counts=$(for ((p = first_text; p < first_text + 5; p++)); do
    pdftotext -f "$p" -l "$p" "$TMP/whole.pdf" -
done | python3 -c '
import sys, collections
c = collections.Counter()
for l in sys.stdin:
    l = l.strip()
    # lines of Chinese only (no digits, no Latin): their count is their width
    if len(l) >= 20 and all(ord(ch) > 0x2000 for ch in l):
        c[len(l)] += 1
print(max(c) if c else 0, c[28])')
read -r longest n28 <<<"$counts"
note "the longest all-Chinese line: $longest characters; $n28 lines of 28"
[ "$longest" = 28 ] || fail "the longest full line holds $longest characters, not 28"
[ "$n28" -ge 5 ] || fail "only $n28 lines of 28 characters"

check "the 楷 role is AR PL KaitiM GB (GBZenKai), not UKai"
pdffonts "$TMP/whole.pdf" >"$TMP/fonts"
grep -q 'GBZenKai' "$TMP/fonts" || { cat "$TMP/fonts" >&2; fail "AR PL KaitiM GB not embedded"; }
! grep -q 'UKai' "$TMP/fonts" || fail "AR PL UKai still embedded"

# cont_pages TITLE: the （续表） pages of the table titled TITLE
cont_pages() {
    grep -lxF -- "$1（续表）" "$TMP"/R*.txt | sed -E 's/.*R([0-9]+)\.txt/\1/' | sort -n
}

check "the 整体绩效目标表's continuation pages repeat the section heads and labels"
mapfile -t cp < <(cont_pages '部门（单位）整体绩效目标表')
[ "${#cp[@]}" -ge 2 ] || fail "the 整体绩效目标表 has ${#cp[@]} continuation pages"
for p in "${cp[@]}"; do
    sq=$(tr -d ' \n' <"$TMP/R$p.txt")
    for head in 一级指标 二级指标 三级指标 指标值说明 投入管理指标; do
        [[ $sq == *"$head"* ]] || fail "page $p (continued) lacks '$head'"
    done
done
sq=$(tr -d ' \n' <"$TMP/R${cp[0]}.txt")
[[ $sq == *预算和财务管理* ]] || fail "page ${cp[0]}: the 二级指标 label 预算和财务管理 not repeated"
[[ $sq != *（续）* ]] || fail "page ${cp[0]}: （续） with repeat_labels: plain"

check "the variants: labels with （续）, no repeated header, padding rows"
sed -i 's/^repeat_labels: plain.*/repeat_labels: continued/' "$LAY/11-dept-performance.yaml"
grep -q '^repeat_labels: continued' "$LAY/11-dept-performance.yaml" || fail "cannot set repeat_labels"
sed -i 's/^group: code/group: code\nrepeat_header: false/' "$LAY/12-project-performance.yaml"
sed -i 's/^rows:/padding_rows: 3\nrows:/' "$LAY/01-income-expense.yaml"
render "$DEPT" "$TMP/var.pdf" --annex-only
render "$SEED" "$TMP/annex.pdf" --annex-only
vp=$(pdf_pages "$TMP/var.pdf")
for ((p = 1; p <= vp; p++)); do
    pdftotext -raw -f "$p" -l "$p" "$TMP/var.pdf" "$TMP/V$p.txt"
    pdftotext -raw -f "$p" -l "$p" "$TMP/annex.pdf" "$TMP/A$p.txt"
done
c11=$(grep -lxF '部门（单位）整体绩效目标表（续表）' "$TMP"/V*.txt | head -1)
[ -n "$c11" ] || fail "no continuation page of the 整体绩效目标表"
tr -d ' \n' <"$c11" | grep -q '投入管理指标（续）' || fail "$c11: no 投入管理指标（续）"

p12=$(grep -lxF '2024年部门预算项目绩效目标汇总表（续表）' "$TMP"/V*.txt | head -1 |
    sed -E 's/.*V([0-9]+)\.txt/\1/')
[ -n "$p12" ] || fail "no second page of the 项目绩效目标汇总表"
grep -qxF '2024年部门预算项目绩效目标汇总表（续表）' "$TMP/A$p12.txt" ||
    fail "page $p12 is not the 项目绩效目标汇总表's second page in the seed's annex"
grep -q '单位编码' "$TMP/A$p12.txt" || fail "by default the second page repeats the header"
! grep -q '单位编码' "$TMP/V$p12.txt" || fail "repeat_header: false, yet the header is on page $p12"

# y_of FILE WORD: the top of WORD where it first shows (pdftotext -bbox)
y_of() {
    pdftotext -bbox "$1" - | grep -F ">$2<" | head -1 | sed -E 's/.*yMin="([0-9.]+)".*/\1/'
}
pad_rows() { # PDF: (the total's y - the row above) / the row pitch above, less 1
    local above total before
    above=$(y_of "$1" '上年结转结余')
    total=$(y_of "$1" '收入总计')
    before=$(y_of "$TMP/annex.pdf" '上年结转结余')
    local pitch
    pitch=$(python3 -c "print($(y_of "$TMP/annex.pdf" '收入总计') - $before)")
    python3 -c "print(round(($total - $above) / $pitch) - 1)"
}
n=$(pad_rows "$TMP/var.pdf")
[ "$n" = 3 ] || fail "padding_rows: 3 gave $n empty rows before the total"
[ "$(pad_rows "$TMP/annex.pdf")" = 0 ] || fail "empty rows before the total without padding_rows"

check "padding_rows: as_in_workbook: the empty rows of the source before the total"
sed -i 's/^padding_rows: 3/padding_rows: as_in_workbook/' "$LAY/01-income-expense.yaml"
python3 - "$DEPT/01-income-expense.csv" <<'EOF'
import sys
p = sys.argv[1]
lines = open(p, encoding="utf-8").read().rstrip("\n").split("\n")
open(p, "w", encoding="utf-8").write("\n".join(lines[:-1] + ["", ""] + lines[-1:]) + "\n")
EOF
render "$DEPT" "$TMP/src.pdf" --annex-only
n=$(pad_rows "$TMP/src.pdf")
[ "$n" = 2 ] || fail "as_in_workbook gave $n empty rows, the source has 2"
# the seed as a workbook (tests/gen_annex_workbook.c) has one empty sheet
# row before each table's last row
GEN="$BUILD/gen-annex-workbook"
[ -x "$GEN" ] || fail "no $GEN (build first)"
mkdir -p "$TMP/wb"
"$GEN" "$SEED" "$LAY" "$TMP/wb/book.xlsx" || fail "gen-annex-workbook"
cp "$SEED/department.yaml" "$SEED/previous-2023.yaml" "$TMP/wb/"
sed -i 's|^layouts: .*|layouts: ../lay\nworkbook: book.xlsx|' "$TMP/wb/department.yaml"
render "$TMP/wb" "$TMP/wb.pdf" --annex-only
n=$(pad_rows "$TMP/wb.pdf")
[ "$n" = 1 ] || fail "as_in_workbook gave $n empty rows, the workbook has 1"

pass
