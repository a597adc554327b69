#!/usr/bin/env bash
# test_long_table.sh — renders examples/long-table-2024 (about 600 projects
# in 10-projects.csv) and checks the 项目支出表 across its pages: every page
# repeats the header row, pages after the first carry the （续表） title,
# every project name is printed (in file order), and no page holds only a
# title and a header.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tool qpdf pdfinfo pdftotext awk

DEPT="$SRC/examples/long-table-2024"
CSV="$DEPT/10-projects.csv"
PDF="$TMP/long.pdf"
TITLE=2024年项目支出表
CONT=2024年项目支出表（续表）
NEXT_TITLE=部门（单位）整体绩效目标表 # the table after it
[ -f "$CSV" ] || fail "$CSV not found"

check "render exits 0, silently"
render "$DEPT" "$PDF"

check "qpdf --check passes"
run qpdf --check "$PDF"
expect_rc 0 "qpdf --check"

check "page count agrees between pdfinfo and pdftotext"
pages=$(split_pages "$PDF" "$TMP/p")
note "$pages pages, $(file_size "$PDF") bytes"

check "the 项目支出表 spans several pages"
# its pages: from the page with its title up to the page before the next
# table's (the contents page lists 十、项目支出表, not the title). Each
# .sq file is one line: one record per page.
for ((p = 1; p <= pages; p++)); do echo "$TMP/p/$p.sq"; done >"$TMP/pagefiles"
read -r first last <<<"$(xargs awk -v t="$TITLE" -v nt="$NEXT_TITLE" '
    !first && index($0, t) { first = NR }
    first && !last && NR > first && index($0, nt) { last = NR - 1 }
    END { print first + 0, last + 0 }' <"$TMP/pagefiles")"
[ "$first" != 0 ] || fail "no page has the title $TITLE"
[ "$last" != 0 ] || fail "no page after the 项目支出表 has the title $NEXT_TITLE"
n=$((last - first + 1))
note "项目支出表 on pages $first..$last ($n pages)"
[ "$n" -ge 5 ] || fail "the 项目支出表 of ~600 projects takes only $n page(s)"

check "every page of it: title (续表 after the first), header row, caption"
for ((p = first; p <= last; p++)); do echo "$TMP/p/$p.sq"; done |
    xargs awk -v first="$first" -v t="$TITLE" -v cont="$CONT" '
    BEGIN {
        nh = split("类型 项目名称 项目单位 合计 本年拨款 一般公共预算 政府性基金预算 国有资本经营预算 " \
                   "财政拨款结转结余 财政专户管理资金 单位资金 部门名称：郑州高新技术产业开发区新型智慧城市运行中心", H, " ")
    }
    function err(msg) { printf "  page %d: %s\n", page, msg > "/dev/stderr"; bad++ }
    {
        page = first + NR - 1
        if (page == first) {
            if (!index($0, t)) err("no title " t)
            if (index($0, "（续表）")) err("the first page says （续表）")
        } else if (!index($0, cont)) err("no continuation title " cont)
        for (i = 1; i <= nh; i++) if (!index($0, H[i])) err("header/caption text " H[i] " missing")
    }
    END { exit bad > 0 }' || fail "pages of the 项目支出表 lack their title or header (listed above)"

check "no page of it holds only the title and header: each has a body row"
# a body row prints at least one amount (a word like 245.6 or 1,776.3);
# the header and footer have none
for ((p = first; p <= last; p++)); do echo "$TMP/p/$p.txt"; done |
    xargs awk -v first="$first" '
    FNR == 1 { page = first + nf++; seen[page] = 0 }
    { for (i = 1; i <= NF; i++) if ($i ~ /^-?[0-9][0-9,]*\.[0-9]+$/) seen[page] = 1 }
    END { for (p in seen) if (!seen[p]) { printf "  page %d\n", p > "/dev/stderr"; bad++ }
          exit bad > 0 }' || fail "pages with only a title and header, no body row (listed above)"

check "every project name of the CSV is printed, in file order"
csv_rows "$CSV" | awk 'BEGIN { RS = "\036"; FS = "\037" }
    NR == 1 { for (i = 1; i <= NF; i++) if ($i == "name") c = i; if (!c) exit 3; next }
    $c != "" { print $c }' >"$TMP/names" || fail "$CSV has no name column"
nnames=$(wc -l <"$TMP/names" | tr -d ' ')
[ "$nnames" -ge 500 ] || fail "only $nnames names in $CSV (expected about 600)"
for ((p = first; p <= last; p++)); do cat "$TMP/p/$p.sq"; done | tr -d '\n' >"$TMP/table.sq"
awk 'NR == FNR { hay = hay $0; next }
    {
        n = $0; gsub(/[ \t\r\n]/, "", n)
        k = index(substr(hay, pos + 1), n)
        if (!k) {
            if (index(hay, n)) printf "  name %d out of order: %s\n", FNR, $0 > "/dev/stderr"
            else printf "  name %d missing: %s\n", FNR, $0 > "/dev/stderr"
            bad++; next
        }
        pos += k + length(n) - 1
    }
    END { exit bad > 0 }' "$TMP/table.sq" "$TMP/names" ||
    fail "project names missing or out of order (listed above)"
note "$nnames names found"
# the longest name, quoted names
for s in 郑州高新区智慧城市运行管理平台二期数据治理与共享交换能力提升及网格化基层治理工作经费（含12345热线联动处置） \
    '"一网统管"应用场景流程再造工作经费'; do
    grep -qF -- "$s" "$TMP/table.sq" || fail "name $s not printed whole"
done

check "the 合计 row's figures (sums of the project rows)"
read -r tot gpb <<<"$(awk -F, 'NR == 2 { print $4, $5 }' "$CSV")"
fmt() { # 248602.3 -> 248,602.3
    awk -v v="$1" 'BEGIN { split(v, a, "."); i = a[1]; g = "";
        while (length(i) > 3) { g = "," substr(i, length(i) - 2) g; i = substr(i, 1, length(i) - 3) }
        print i g "." a[2] }'
}
printf '%s\n' "$(fmt "$tot")" "$(fmt "$gpb")" | expect_words "$TMP/p/$first.txt" "合计 row"

check "footers: 第 N 页 共 M 页 with one M"
for ((p = 3; p <= pages; p++)); do cat "$TMP/p/$p.sq"; echo; done |
    grep -oE '第[0-9]+页共[0-9]+页' | sed -E 's/第([0-9]+)页共([0-9]+)页/\1 \2/' >"$TMP/footers" || true
[ "$(wc -l <"$TMP/footers")" = $((pages - 2)) ] || fail "not every table page has a footer"
[ "$(cut -d' ' -f2 "$TMP/footers" | sort -u)" = $((pages - 2)) ] || fail "footers disagree on 共 M 页"
awk '$1 != NR { exit 1 }' "$TMP/footers" || fail "footer page numbers are not 1, 2, 3, ..."

pass
