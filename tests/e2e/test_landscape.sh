#!/usr/bin/env bash
# test_landscape.sh — the whole document as the regions that print it
# landscape set it: text pages in landscape (`document: orientation:`),
# tables placed between the text's sections by markers in document.md
# ({{ table 01 }}, {{ annex }}), the 目录 and the bookmarks in that order
# with the pages their pages carry, and one page number style and sequence
# on every numbered page (text, the 附件 divider, tables). Bad markers name
# document.md's line and column. docs/document.md, "Tables between the
# sections"; docs/layouts.md, `document:`.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tool qpdf pdfinfo pdftotext mutool

EX="$SRC/examples/region-landscape-2024"
A4L='841.89 x 595.276'
A4P='595.276 x 841.89'

# page_of DIR NP TEXT: the first page (1-based) after the cover and the
# 目录 (from the page whose first line is 第一部分…) whose squeezed text
# holds TEXT; 0: none.
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

# numbers_ok DIR NP FIRST WHAT: every page from FIRST on carries "— N —"
# with N its place from FIRST (1 on FIRST), and no other page number style.
numbers_ok() {
    local dir=$1 np=$2 first=$3 p n
    for ((p = first; p <= np; p++)); do
        n=$((p - first + 1))
        grep -qx -- "— $n —" "$dir/$p.txt" ||
            { cat "$dir/$p.txt" >&2; fail "$4: page $p does not carry '— $n —'"; }
        ! grep -q '第 *[0-9]* *页' "$dir/$p.txt" || fail "$4: page $p carries a second page number style"
    done
    for ((p = 1; p < first; p++)); do
        ! grep -qE '^— [0-9]+ —$' "$dir/$p.txt" || fail "$4: the cover or 目录 page $p is numbered"
    done
}

check "the example renders a landscape whole document"
render "$EX" "$TMP/ex.pdf"
quiet_tool qpdf --check "$TMP/ex.pdf" >/dev/null
np=$(split_pages "$TMP/ex.pdf" "$TMP/ex")
note "$np pages"
pdfinfo -f 1 -l "$np" "$TMP/ex.pdf" >"$TMP/ex.info"
sizes=$(grep -cE "^Page +[0-9]+ size: +$A4L" "$TMP/ex.info" || true)
[ "$sizes" = "$np" ] || { grep size "$TMP/ex.info" >&2; fail "$sizes of $np pages are A4 landscape"; }
! grep -qE '^Page +[0-9]+ rot: +[1-9]' "$TMP/ex.info" || fail "a page of a landscape document is turned"
part1=$(page_of "$TMP/ex" "$np" 第一部分青川县农业农村局概况)
[ "$part1" -gt 2 ] || fail "no text page with part one"
grep -qE "^Page +$part1 size: +$A4L" "$TMP/ex.info" || fail "the first text page is not landscape"
# line length follows the width: a landscape line holds more than the
# portrait block's 28 characters at the body size
longest=0
while IFS= read -r line; do
    [ "${#line}" -le "$longest" ] || longest=${#line}
done < <(pdftotext -f "$part1" -l "$part1" "$TMP/ex.pdf" -)
note "the longest line of page $part1: $longest characters"
[ "$longest" -gt 34 ] || fail "the landscape text lines hold only $longest characters"

check "the example: 第二部分 holds tables 01-08 between the parts, 09 in the annex"
t01=$(page_of "$TMP/ex" "$np" 2024年部门收支预算总表)
t08=$(page_of "$TMP/ex" "$np" 2024年国有资本经营预算支出预算表)
part2=$(page_of "$TMP/ex" "$np" 第二部分2024年部门预算表)
part3=$(page_of "$TMP/ex" "$np" 第三部分2024年部门预算情况说明)
divider=$(page_of "$TMP/ex" "$np" 附件青川县农业农村局2024年项目支出绩效目标表)
t09=$(page_of "$TMP/ex" "$np" 2024年项目支出绩效目标表编制部门)
note "part 2: $part2, table 01: $t01, table 08: $t08, part 3: $part3, divider: $divider, table 09: $t09"
# (第二部分's heading, right before its marker, is on table 01's page: test_region_example.sh)
[ "$part1" -lt "$part2" ] && [ "$part2" -le "$t01" ] && [ "$t01" -lt "$t08" ] && [ "$t08" -lt "$part3" ] &&
    [ "$part3" -lt "$divider" ] && [ "$divider" -lt "$t09" ] || fail "the example's pages are out of order"
numbers_ok "$TMP/ex" "$np" "$part1" "example"
# the number stands at one place on text, table, divider and form pages
# (the example puts it 10 mm above the edge, inside the tables' margin)
places=$(for p in "$part1" "$t01" "$part3" "$divider" "$t09"; do
    n=$((p - part1 + 1))
    pdftotext -bbox -f "$p" -l "$p" "$TMP/ex.pdf" - | grep -E ">$n</word>" | tail -1 |
        sed -E 's/.*yMin="([0-9.]+)".*/\1/'
done | sort -u | wc -l)
[ "$places" = 1 ] || fail "the page number moves between text, table and divider pages ($places places)"

# A document.md that places single tables between sections, in an order
# of its own, and the annex between two parts.
DEPT="$TMP/dept"
cp -r "$EX" "$DEPT"
sed -i "s|^extends: .*|extends: $SRC/examples/region-yuan-2024/layouts|" "$DEPT/layouts/set.yaml"
sed -i "s|^extends: .*|extends: $SRC/examples/region-yuan-2024/layouts/rules.yaml|" "$DEPT/layouts/rules.yaml"
cat >"$DEPT/document.md" <<'EOF'
青川县农业农村局2024年部门预算

# 第一部分 概况

## 一、主要职能

甲段落：主要职能的说明。

{{ table 03 }}

## 二、机构设置

乙段落：机构设置的说明。

{{ table 05-gpb-expenditure }}
{{ table 01 }}

# 第二部分 附表

丙段落：附表的说明。

{{ annex }}

# 第三部分 名词解释

丁段落：名词解释。
EOF

check "tables between the sections, in the order the markers give"
render "$DEPT" "$TMP/d.pdf"
nd=$(split_pages "$TMP/d.pdf" "$TMP/d")
order=""
for t in 第一部分概况 甲段落 2024年部门支出预算总表 二、机构设置 2024年一般公共预算支出预算表 2024年部门收支预算总表 \
    第二部分附表 丙段落 附件青川县农业农村局 2024年部门收入预算总表 2024年财政拨款收支预算总表 \
    2024年项目支出绩效目标表编制部门 第三部分名词解释 丁段落; do
    p=$(page_of "$TMP/d" "$nd" "$t")
    [ "$p" -gt 0 ] || fail "no page holds $t"
    order="$order $p"
done
note "pages in document order:$order"
sort -n -c <(tr ' ' '\n' <<<"${order# }") 2>/dev/null || fail "pages out of the document's order:$order"
# a table placed in the text is not repeated in the annex
c=$(grep -lF 2024年部门支出预算总表 "$TMP"/d/[0-9]*.sq | wc -l)
[ "$c" = 1 ] || fail "table 03 is on $c pages (placed in the text, it is not in the annex)"

check "the 目录 and the bookmarks follow the text's order, with the pages their pages carry"
first=$(page_of "$TMP/d" "$nd" 第一部分概况)
mutool show "$TMP/d.pdf" outline >"$TMP/outline"
got=$(sed -E 's/^[-|+]?\t*"([^"]*)".*/\1/' "$TMP/outline" | tr '\n' '|')
want='青川县农业农村局2024年部门预算|第一部分 概况|一、主要职能|三、部门支出预算总表|二、机构设置|五、一般公共预算支出预算表|一、部门收支预算总表|第二部分 附表|附件：2024年项目支出绩效目标表|二、部门收入预算总表|四、财政拨款收支预算总表|六、“三公”经费和机关运行经费预算表|七、政府性基金预算支出预算表|八、国有资本经营预算支出预算表|九、项目支出绩效目标表|'
case "$got" in "$want"*) ;; *) cat "$TMP/outline" >&2; fail "bookmarks: $got" ;; esac
# nesting: a table placed under a section is a level deeper than the section,
# the annex placed in a part is under it
depth() { grep -F -- "\"$1\"" "$TMP/outline" | head -1 | sed -E 's/^[-|+]?(\t*)".*/\1/' | tr -d '\n' | wc -c; }
[ "$(depth 第一部分\ 概况)" = 2 ] && [ "$(depth 一、主要职能)" = 3 ] && [ "$(depth 三、部门支出预算总表)" = 4 ] &&
    [ "$(depth 附件：2024年项目支出绩效目标表)" = 3 ] && [ "$(depth 二、部门收入预算总表)" = 4 ] ||
    { cat "$TMP/outline" >&2; fail "bookmark levels"; }
# each bookmark leads to the page that starts its table or heading
while IFS= read -r line; do
    title=$(sed -E 's/^[-|+]?\t*"([^"]*)".*/\1/' <<<"$line")
    page=$(sed -E 's/.*#page=([0-9]+).*/\1/' <<<"$line")
    case "$title" in 青川县*) continue ;; esac
    key=$(squash <<<"${title#*、}")
    case "$title" in 附件*) key=附件青川县农业农村局 ;; 九、*) key=2024年项目支出绩效目标表编制部门 ;; esac
    [ "$(page_of "$TMP/d" "$nd" "$key")" = "$page" ] || fail "bookmark '$title' leads to page $page"
done < <(grep -vF '青川县农业农村局2024年部门预算' "$TMP/outline" | grep -E '"(第|[一二三四五六七八九]、|附件)')
# the 目录: entries in the same order, each number the "— N —" of its page
pdftotext -layout -f 2 -l $((first - 1)) "$TMP/d.pdf" - | sed -E 's/[·.]+/ /g' | tr -s ' ' >"$TMP/toc"
toc_order=$(grep -oE '(第[一二三]部分|[一二三四五六七八九]、|附件：)[^ ]*' "$TMP/toc" | head -14 | tr '\n' '|')
want_toc='第一部分|一、主要职能|三、部门支出预算总表|二、机构设置|五、一般公共预算支出预算表|一、部门收支预算总表|第二部分|附件：2024年项目支出绩效目标表|二、部门收入预算总表|'
case "$toc_order" in "$want_toc"*) ;; *) cat "$TMP/toc" >&2; fail "目录 order: $toc_order" ;; esac
for e in 三、部门支出预算总表:2024年部门支出预算总表 一、部门收支预算总表:2024年部门收支预算总表 \
    附件：2024年项目支出绩效目标表:附件青川县农业农村局 第三部分:第三部分名词解释; do
    num=$(grep -F -- "${e%%:*}" "$TMP/toc" | grep -oE '[0-9]+ *$' | tr -d ' ')
    p=$(page_of "$TMP/d" "$nd" "${e#*:}")
    [ -n "$num" ] && grep -qx -- "— $num —" "$TMP/d/$p.txt" ||
        fail "目录: '${e%%:*}' says ${num:-nothing}; its page $p carries $(grep -E '^— ' "$TMP/d/$p.txt")"
done

check "one page number style and sequence on every numbered page, the 附件 divider included"
numbers_ok "$TMP/d" "$nd" "$first" "markers"
pdfinfo -f 1 -l "$nd" "$TMP/d.pdf" | grep -qE "^Page +$first size: +$A4L" || fail "text page not landscape"

check "the seed (portrait): tables, divider and text share '— N —'; the divider is numbered as the 目录 says"
render "$SEED" "$TMP/seed.pdf"
ns=$(split_pages "$TMP/seed.pdf" "$TMP/s")
sfirst=$(page_of "$TMP/s" "$ns" 第一部分郑州高新技术产业开发区新型智慧城市运行中心概况)
[ "$sfirst" -gt 2 ] || fail "the seed's first text page"
numbers_ok "$TMP/s" "$ns" "$sfirst" "seed"
sdiv=$(page_of "$TMP/s" "$ns" 附件郑州高新技术产业开发区新型智慧城市运行中心2024年部门预算表)
num=$(pdftotext -layout -f 2 -l $((sfirst - 1)) "$TMP/seed.pdf" - | grep -A1 -F '附件：' | grep -oE '[0-9]+ *$' | tail -1 | tr -d ' ')
grep -qx -- "— $num —" "$TMP/s/$sdiv.txt" || fail "the 目录 gives the divider $num; page $sdiv says otherwise"
pdfinfo -f 1 -l "$ns" "$TMP/seed.pdf" | grep -E '^Page +[0-9]+ size' | grep -vq "$A4P" &&
    fail "a page of the portrait seed is not A4 portrait"

check "every table placed in the text: no annex, no divider"
sed -i 's/^{{ annex }}$/{{ table 02, 04 }}\n\n{{ table 06, 07, 08, 09 }}/' "$DEPT/document.md"
render "$DEPT" "$TMP/all.pdf"
na=$(split_pages "$TMP/all.pdf" "$TMP/all")
[ "$(page_of "$TMP/all" "$na" 附件青川县农业农村局)" = 0 ] || fail "a divider without an annex"
! mutool show "$TMP/all.pdf" outline | grep -qF '附件：' || fail "an annex bookmark without an annex"
[ "$(page_of "$TMP/all" "$na" 2024年项目支出绩效目标表编制部门)" -lt "$(page_of "$TMP/all" "$na" 第三部分名词解释)" ] ||
    fail "table 09 is not before part three"

check "bad markers and styles: file, line and column"
bad() { # bad LINE-TEXT EXPECTED WHAT: document.md with LINE-TEXT as line 5
    printf '标题\n\n# 第一部分 概况\n\n%s\n\n正文。\n' "$1" >"$DEPT/document.md"
    run "$BP" render "$DEPT" -o "$TMP/bad.pdf"
    expect_rc 3 "$3"
    expect_err_has "$2" "$3"
    [ ! -e "$TMP/bad.pdf" ] || fail "$3: a PDF was written"
}
bad '{{ table 17 }}' "document.md:5:1: no table '17' in the layout set" "an unknown table"
bad '{{ table 01, 01 }}' "document.md:5:1: table '01' is placed twice" "a table placed twice"
bad '{{ table 03 }} 见下表。' "document.md:5:1: a table marker ({{ table … }}, {{ annex }}) shares its paragraph" \
    "a marker beside text"
bad '## 一、{{ annex }}' "document.md:5:6: a table marker ({{ table … }}, {{ annex }}) cannot be in a heading" \
    "a marker in a heading"
bad '{{ annex }} {{ annex }}' "document.md:5:13: {{ annex }}: the annex is placed twice" "two annexes"
bad '{{ table }}' "document.md:5:1: {{ table }}: name the tables" "a marker without tables"
bad '{{ table 01, 02, 03, 04, 05, 06, 07, 08, 09 }} {{ annex }}' "{{ annex }}: every table is placed in the text" \
    "an annex with no table left"
cp "$EX/document.md" "$DEPT/document.md"
printf 'document: {orientation: landscape, page_width: 210, page_height: 297}\n' >>"$DEPT/layouts/set.yaml"
sed -i '/^document:$/,/^  page_number_gap/d' "$DEPT/layouts/set.yaml"
run "$BP" render "$DEPT" -o "$TMP/bad.pdf"
expect_rc 3 "orientation against the page's size"
expect_err_match "set.yaml:[0-9]+:[0-9]+: document orientation is landscape, but the page is 210 mm wide" \
    "orientation against the page's size"

pass
