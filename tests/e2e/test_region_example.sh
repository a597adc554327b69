#!/usr/bin/env bash
# test_region_example.sh — examples/region-landscape-2024 shows at once
# what a region's whole document needs (issue 24): a landscape whole
# document with its tables between the text's parts; a heading right
# before a table marker kept on the table's first page (not left alone at
# the bottom of a text page, or on a page of its own, while the table
# starts on the next); a rules file that `extends:` another (adds rules,
# drops one, raises a built-in check to an error); 合计 merged across the
# 类/款/项 and 科目名称 columns (`合计,<,<,<`) with rules selecting
# [name=合计]; three empty ruled rows before table 01's 收入总计
# (padding_rows). docs/document.md, "Tables between the sections";
# docs/checks.md, "Rules in layers"; docs/layouts.md.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tool pdfinfo pdftotext mutool python3

EX="$SRC/examples/region-landscape-2024"
A4L='841.89 x 595.276'

# page_of DIR NP TEXT: the first page after the 目录 (from the page whose
# first line is 第一部分…) whose squeezed text holds TEXT; 0: none.
page_of() {
    local p from=1
    for ((p = 2; p <= $2; p++)); do
        head -1 "$1/$p.txt" | grep -q '^第一部分' && { from=$p; break; }
    done
    for ((p = from; p <= $2; p++)); do
        grep -qF -- "$3" "$1/$p.sq" && { echo "$p"; return; }
    done
    echo 0
}

# trace PDF PAGE WHAT ARGS…: reads `mutool trace` of one page (points, y
# up). WHAT: `y TEXT` (`x TEXT`) the baseline (the left) of the first run
# of glyphs spelling TEXT; `rules Y_LOW Y_HIGH` the horizontal rules as
# wide as the widest one (the table's) strictly between the two heights;
# `vrules Y X` the vertical rules crossing height Y between the table's
# left edge and X.
trace() {
    mutool trace "$1" "$2" 2>/dev/null | python3 -c '
import re, sys
what, args = sys.argv[1], sys.argv[2:]
glyphs, rules, vert, at = [], [], [], None
for line in sys.stdin:
    g = re.search(r"<g unicode=\"(.)\" .*? x=\"([-0-9.]+)\" y=\"([-0-9.]+)\"", line)
    if g:
        glyphs.append((g.group(1), float(g.group(3)), float(g.group(2))))
        continue
    m = re.search(r"<(moveto|lineto) x=\"([-0-9.]+)\" y=\"([-0-9.]+)\"", line)
    if m:
        x, y = float(m.group(2)), float(m.group(3))
        if m.group(1) == "moveto":
            at = (x, y)
        elif at and abs(at[1] - y) < 0.01:
            rules.append((abs(x - at[0]), y))
        elif at and abs(at[0] - x) < 0.01:
            vert.append((x, min(y, at[1]), max(y, at[1])))
if what in ("y", "x"):
    s = "".join(g[0] for g in glyphs)
    i = s.find(args[0])
    print(glyphs[i][1 if what == "y" else 2] if i >= 0 else -1)
elif what == "vrules":
    y, xmax = float(args[0]), float(args[1])
    left = min(x for x, _, _ in vert)
    print(len({round(x, 1) for x, lo, hi in vert if left + 0.5 < x < xmax and lo < y < hi}))
else:
    lo, hi = float(args[0]), float(args[1])
    wide = max(w for w, _ in rules)
    print(len({round(y, 1) for w, y in rules if w > wide - 1 and lo < y < hi}))
' "${@:3}"
}

check "the 合计 labels are merged across 类/款/项 and 科目名称; check passes with the extended rules"
for f in 02-income 03-expenditure 05-gpb-expenditure 08-state-capital; do
    grep -q '^合计,<,<,<,' "$EX/$f.csv" || fail "$f.csv: 合计 is not merged across the code and name columns"
done
grep -q '^extends: \.\./\.\./region-yuan-2024/layouts/rules.yaml' "$EX/layouts/rules.yaml" ||
    fail "the example's rules file does not extend region-yuan-2024's"
run "$BP" check "$EX"
expect_rc 0 "budgetpdf check $EX"
expect_out_has "0 errors, 0 rounding warnings" "budgetpdf check $EX"

check "a landscape whole document: every page A4 landscape"
render "$EX" "$TMP/ex.pdf"
np=$(split_pages "$TMP/ex.pdf" "$TMP/ex")
pdfinfo -f 1 -l "$np" "$TMP/ex.pdf" >"$TMP/ex.info"
sizes=$(grep -cE "^Page +[0-9]+ size: +$A4L" "$TMP/ex.info" || true)
[ "$sizes" = "$np" ] || fail "$sizes of $np pages are A4 landscape"

check "table 02's 合计: one cell across 类, 款, 项 and 科目名称 (no rule between them on its row)"
t02=$(page_of "$TMP/ex" "$np" 2024年部门收入预算总表编制部门)
[ "$t02" -gt 0 ] || fail "no page of table 02"
yt=$(trace "$TMP/ex.pdf" "$t02" y 合计6,736,480.00)
xr=$(trace "$TMP/ex.pdf" "$t02" x 农林水支出) # the 科目名称 column
n=$(trace "$TMP/ex.pdf" "$t02" vrules "$yt" "$xr")
[ "$n" = 0 ] || fail "page $t02: $n rules cross the 合计 row left of the names: not merged"
n=$(trace "$TMP/ex.pdf" "$t02" vrules "$(trace "$TMP/ex.pdf" "$t02" y 农林水支出)" "$xr")
[ "$n" = 3 ] || fail "page $t02: the 类/款/项 rules on a row under 合计: $n, not 3"

check "the tables between the text's parts, 第二部分's heading on table 01's page, above its title"
part1=$(page_of "$TMP/ex" "$np" 第一部分青川县农业农村局概况)
part2=$(page_of "$TMP/ex" "$np" 第二部分2024年部门预算表)
t01=$(page_of "$TMP/ex" "$np" 2024年部门收支预算总表编制部门)
t08=$(page_of "$TMP/ex" "$np" 2024年国有资本经营预算支出预算表编制部门)
part3=$(page_of "$TMP/ex" "$np" 第三部分2024年部门预算情况说明)
note "part 1: $part1, part 2: $part2, table 01: $t01, table 08: $t08, part 3: $part3"
[ "$part1" -gt 0 ] && [ "$part1" -lt "$t01" ] && [ "$t01" -lt "$t08" ] && [ "$t08" -lt "$part3" ] ||
    fail "the tables are not between part one and part three"
[ "$part2" = "$t01" ] ||
    fail "第二部分's heading (page $part2) is not on the page table 01 starts ($t01): a heading alone before its table"
yh=$(trace "$TMP/ex.pdf" "$t01" y 第二部分)
yt=$(trace "$TMP/ex.pdf" "$t01" y 2024年部门收支预算总表)
python3 -c "import sys; sys.exit(0 if $yh > $yt > 0 else 1)" ||
    fail "page $t01: the heading ($yh) is not above the table's title ($yt)"
mutool show "$TMP/ex.pdf" outline | grep -F '第二部分' | grep -q "#page=$t01&" ||
    fail "the bookmark of 第二部分 does not lead to page $t01"
num=$(pdftotext -layout -f 2 -l $((part1 - 1)) "$TMP/ex.pdf" - | grep -F '第二部分' | grep -oE '[0-9]+ *$' | tr -d ' ')
grep -qx -- "— $num —" "$TMP/ex/$t01.txt" || fail "the 目录 gives 第二部分 page $num, not table 01's"

check "table 01: three empty ruled rows before 收入总计 (padding_rows: 3)"
pad_rules() { # PDF PAGE: the table's rules between 上年结转 and 收入总计, less 1
    local above total
    above=$(trace "$1" "$2" y 上年结转)
    total=$(trace "$1" "$2" y 收入总计)
    echo $(($(trace "$1" "$2" rules "$total" "$above") - 1))
}
n=$(pad_rules "$TMP/ex.pdf" "$t01")
[ "$n" = 3 ] || fail "table 01 has $n ruled empty rows before 收入总计, not 3"
sed -n '/上年结转/,/收入总计/p' "$TMP/ex/$t01.txt" | grep -vE '上年结转|收入总计|^ *$' |
    grep -qv '^[0-9,. ]*$' && fail "text between 上年结转 and 收入总计 on page $t01"
# a copy of the department without padding_rows: none
D="$TMP/dept"
cp -r "$EX" "$D"
sed -i "s|^extends: .*|extends: $SRC/examples/region-yuan-2024/layouts|" "$D/layouts/set.yaml"
sed -i "s|^extends: .*|extends: $SRC/examples/region-yuan-2024/layouts/rules.yaml|" "$D/layouts/rules.yaml"
sed -i '/^    padding_rows: 3/d' "$D/layouts/set.yaml"
render "$D" "$TMP/nopad.pdf"
n=$(pad_rules "$TMP/nopad.pdf" "$t01")
[ "$n" = 0 ] || fail "without padding_rows, $n empty rows before 收入总计"
cp "$EX/layouts/set.yaml" "$D/layouts/set.yaml"
sed -i "s|^extends: .*|extends: $SRC/examples/region-yuan-2024/layouts|" "$D/layouts/set.yaml"

# rules -> the number of rules run, the errors and the failing rules' names
rules_of() {
    "$BP" check "$1" --format json | python3 -c 'import json,sys
d=json.load(sys.stdin)
print(d["rules"], d["errors"], ";".join(sorted({f["rule"] for f in d["findings"] if f["severity"]=="error"})))'
}
read -r n_ext _ _ < <(rules_of "$D")

check "the extended rules: two added, one dropped ($n_ext rules)"
cp -r "$D" "$TMP/base"
sed -i '/^rules: rules.yaml/d' "$TMP/base/layouts/set.yaml" # region-yuan-2024's rules
read -r n_base errs _ < <(rules_of "$TMP/base")
[ "$errs" = 0 ] || fail "the base rules fail on the example"
[ "$n_ext" = $((n_base + 1)) ] || fail "rules run: $n_ext, the base's $n_base + 2 added - 1 dropped"

check "the dropped rule: 机关运行经费 off table 05's 商品和服务支出 passes, fails with the base's rules"
sed -i 's/,71\.158$/,75.3/' "$D/06-three-public.csv" "$TMP/base/06-three-public.csv"
read -r _ errs names < <(rules_of "$D")
[ "$errs" = 0 ] || fail "the dropped rule still runs: $names"
read -r _ errs names < <(rules_of "$TMP/base")
[ "$names" = "机关运行经费 = 一般公共预算 商品和服务支出" ] || fail "the base's rules: '$names'"
cp "$EX/06-three-public.csv" "$D/06-three-public.csv"

check "the added rules select the merged 合计 labels: a wrong 合计 is found by them"
sed -i 's/^合计,<,<,<,6736480.00,3256480.00,3480000.00$/合计,<,<,<,6736490.00,3256480.00,3480010.00/' \
    "$D/03-expenditure.csv"
grep -q '^合计,<,<,<,6736490.00' "$D/03-expenditure.csv" || fail "setup: table 03's 合计"
run "$BP" check "$D"
expect_rc 1 "a wrong 03 合计"
expect_out_has "(收入预算总表 合计 = 支出预算总表 合计)" "the added rule on the merged labels"
cp "$EX/03-expenditure.csv" "$D/03-expenditure.csv"

check "a typed figure in the text: an error with the extended rules (text_figures: error), a warning without"
sed -i 's/^2024年度实行绩效目标管理的项目3个，/2024年度实行绩效目标管理的项目3个，其中农田建设248万元，/' "$D/document.md"
grep -q 农田建设248万元 "$D/document.md" || fail "setup: no typed figure"
run "$BP" check "$D"
expect_rc 1 "a typed figure, text_figures: error"
expect_out_has "figure typed as text: 248万元" "the typed figure"
sed -i '/^builtin:/,$d' "$D/layouts/rules.yaml"
run "$BP" check "$D"
expect_rc 0 "a typed figure, text_figures as the base has it"
expect_out_has "0 errors, 1 warning" "a typed figure as a warning"
cp "$EX/document.md" "$D/document.md"

check "a section heading right before a marker at the bottom of a text page goes with its table"
# 甲段落 fills the first page but about two lines; 四、 then ends that page
{
    printf '标题\n\n# 第一部分 概况\n\n'
    printf '甲段落：'
    for i in $(seq 1 12); do printf '这一段文字说明部门的主要职能和机构设置，用来填满一页的大部分。'; done
    printf '\n\n## 四、一般公共预算支出预算表\n\n{{ table 05 }}\n\n## 五、其他\n\n乙段落。\n'
} >"$D/document.md"
render "$D" "$TMP/keep.pdf"
nk=$(split_pages "$TMP/keep.pdf" "$TMP/k")
h4=$(page_of "$TMP/k" "$nk" 四、一般公共预算支出预算表)
t05=$(page_of "$TMP/k" "$nk" 2024年一般公共预算支出预算表编制部门)
jia=$(page_of "$TMP/k" "$nk" 甲段落)
note "甲段落: page $jia, heading 四: page $h4, table 05: page $t05"
[ "$h4" = "$t05" ] || fail "heading 四 on page $h4, its table on page $t05"
[ "$t05" -gt "$jia" ] || fail "table 05 is not after the text"
# the heading's 目录 entry and bookmark lead to the table's page
mutool show "$TMP/keep.pdf" outline | grep -F '四、一般公共预算支出预算表' | grep -q "#page=$t05&" ||
    fail "the bookmark of heading 四 does not lead to page $t05"

check "a form over several pages kept with its heading: its later pages as without the heading"
printf '标题\n\n# 第一部分 概况\n\n甲段落。\n\n## 一、项目支出绩效目标表\n\n{{ table 09 }}\n' >"$D/document.md"
render "$D" "$TMP/form.pdf"
nf=$(split_pages "$TMP/form.pdf" "$TMP/f")
f1=$(page_of "$TMP/f" "$nf" 一、项目支出绩效目标表)
[ "$(page_of "$TMP/f" "$nf" 2024年项目支出绩效目标表编制部门)" = "$f1" ] || fail "heading 一、 is not on the form's first page"
c=$(page_of "$TMP/f" "$nf" 2024年项目支出绩效目标表（续表）)
[ "$c" -gt "$f1" ] || fail "no continuation page of the form"
ce=$(page_of "$TMP/ex" "$np" 2024年项目支出绩效目标表（续表）)
yc=$(trace "$TMP/form.pdf" "$c" y 2024年项目支出绩效目标表（续表）)
ye=$(trace "$TMP/ex.pdf" "$ce" y 2024年项目支出绩效目标表（续表）)
[ "$yc" = "$ye" ] || fail "the continued form's title at $yc, in the annex at $ye"
mutool show "$TMP/form.pdf" outline >"$TMP/form.outline"
for name in 一、项目支出绩效目标表 高标准农田建设项目 农村人居环境整治项目 国有农场改革发展项目; do
    key=$name
    case $name in 一、*) ;; *) key=项目名称$name ;; esac
    p=$(page_of "$TMP/f" "$nf" "$key")
    grep -F "\"$name\"" "$TMP/form.outline" | grep -q "#page=$p&" ||
        fail "the bookmark '$name' does not lead to page $p: $(cat "$TMP/form.outline")"
done

pass
