#!/usr/bin/env bash
# test_seed_annex.sh — renders the seed department (data/zzgx-smartcity-2024)
# and checks the PDF: valid (qpdf), fonts embedded with Unicode maps,
# metadata, every figure of every CSV in its layout's number format, all
# twelve titles and the contents page, page footers, size.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tool qpdf pdffonts pdfinfo pdftotext awk

PDF="$TMP/seed.pdf"
SET="$SRC/layouts/standard-2024"

TITLES=(
    2024年部门收支总体情况表
    2024年部门收入总体情况表
    2024年部门支出总体情况表
    2024年财政拨款收支总体情况表
    2024年一般公共预算支出情况表
    2024年一般公共预算基本支出表
    2024年支出经济分类汇总表
    '2024年一般公共预算“三公”经费支出情况表'
    2024年政府性基金预算支出情况表
    2024年项目支出表
    部门（单位）整体绩效目标表
    2024年部门预算项目绩效目标汇总表
)
CONTENTS=(
    一、部门收支总体情况表
    二、部门收入总体情况表
    三、部门支出总体情况表
    四、财政拨款收支总体情况表
    五、一般公共预算支出情况表
    六、一般公共预算基本支出表
    七、支出经济分类汇总表
    '八、一般公共预算“三公”经费支出情况表'
    九、政府性基金预算支出情况表
    十、项目支出表
    十一、部门（单位）整体绩效目标表
    十二、部门预算项目绩效目标汇总表
)

check "render exits 0, silently"
render "$SEED" "$PDF" --annex-only # the folder also holds the text (test_document.sh)

check "qpdf --check passes"
run qpdf --check "$PDF"
expect_rc 0 "qpdf --check"

check "fonts: at least 2, all embedded, all with a ToUnicode map"
quiet_tool pdffonts "$PDF" >"$TMP/fonts"
awk 'NR > 2' "$TMP/fonts" >"$TMP/fonts.body"
nfonts=$(wc -l <"$TMP/fonts.body" | tr -d ' ')
[ "$nfonts" -ge 2 ] || { cat "$TMP/fonts" >&2; fail "pdffonts lists $nfonts fonts, expected >= 2"; }
# columns counted from the right: emb sub uni object-number generation
awk '{ if ($(NF-4) != "yes" || $(NF-2) != "yes") { print > "/dev/stderr"; bad = 1 } } END { exit bad }' \
    "$TMP/fonts.body" || fail "a font is not embedded or has no ToUnicode map (emb/uni != yes)"
note "$nfonts fonts"

check "pdfinfo: title and author"
quiet_tool pdfinfo "$PDF" >"$TMP/info"
grep -q '^Title: *郑州高新技术产业开发区新型智慧城市运行中心 *2024年部门预算表' "$TMP/info" ||
    { cat "$TMP/info" >&2; fail "pdfinfo Title is not '<department> 2024年部门预算表'"; }
grep -q '^Author: *郑州高新技术产业开发区新型智慧城市运行中心' "$TMP/info" ||
    { cat "$TMP/info" >&2; fail "pdfinfo Author is not the department"; }

check "page count: pdftotext sees as many pages as pdfinfo reports"
pages=$(split_pages "$PDF" "$TMP/p") # fails on a mismatch
ALL="$TMP/p/all.txt"
note "$pages pages"
awk '/^tables:/ {t = 1; next} /^[^ #-]/ {t = 0} t && /^ *- / {sub(/^ *- */, ""); print}' "$SET/set.yaml" >"$TMP/tables"
[ "$(wc -l <"$TMP/tables")" -eq 12 ] || fail "$SET/set.yaml does not list 12 tables"
for ((p = 3; p <= pages; p++)); do echo "$TMP/p/$p.sq"; done >"$TMP/pagefiles"
printf '%s\n' "${TITLES[@]}" >"$TMP/titles"
# first table page (footer numbering) of each title
xargs awk -v titles="$TMP/titles" '
    BEGIN { while ((getline t < titles) > 0) T[++nt] = t }
    FNR == 1 { page++ }
    { for (i = 1; i <= nt; i++) if (!(i in first) && index($0, T[i])) first[i] = page }
    END { for (i = 1; i <= nt; i++) print (i in first) ? first[i] : "none" }' <"$TMP/pagefiles" >"$TMP/first"
grep -qx none "$TMP/first" && fail "a table title is on no page (first pages: $(tr '\n' ' ' <"$TMP/first"))"
awk 'NR > 1 && $1 < prev { bad = 1 } { prev = $1 } END { exit bad }' "$TMP/first" ||
    fail "the tables are not in the order of set.yaml (first pages: $(tr '\n' ' ' <"$TMP/first"))"

# ---------------------------------------------------------------------
check "the seed's figures, as the published annex prints them"
printf '%s\n' 6,828.4 1,619.4 552.6 1,066.8 5,209.0 100.0 5,109.0 349.0 4,760.0 \
    123.3 17.2 3.0 35.0 310.8 33.2 30.0 4.5 0.2 1.5 1,056.6 1.0 6,275.8 0.0 |
    expect_words "$ALL" "seed figure"

check "every amount of every CSV, in its layout's number format"
# For each table of the set: the CSV named by `data:`, the table's
# `format:` and its `type: amount` columns (flow-style column lines, as the
# standard set writes them; a column's own `format: {...}` overrides).
i=0
while read -r yaml; do
    i=$((i + 1))
    awk -v table=$i '
        function get(spec, name, dflt,   s) {
            if (spec !~ name ":") return dflt
            s = spec; sub(".*" name ":[ \t]*", "", s)
            if (s ~ /^"/) { s = substr(s, 2); sub(/".*/, "", s); return s }
            sub(/[,} ].*/, "", s); return s
        }
        /^data:/ { sub(/^data:[ \t]*/, ""); gsub(/["\047]/, ""); data = $0 }
        /^format:/ { tf = $0 }
        /^[ \t]*- *\{.*key:/ {
            line = $0
            k = line; sub(/.*key:[ \t]*/, "", k); sub(/[,} ].*/, "", k)
            if (line ~ /type:[ \t]*amount/) {
                cf = ""
                if (match(line, /format:[ \t]*\{[^}]*\}/)) cf = substr(line, RSTART, RLENGTH)
                amt[++n] = k; cfmt[n] = cf
            }
        }
        END {
            d = get(tf, "decimals", "2"); th = get(tf, "thousands", "true"); z = get(tf, "zero", "0")
            for (i = 1; i <= n; i++)
                printf "%s\t%s\t%s\t%s\t%s\t%s\n", data, amt[i], get(cfmt[i], "decimals", d),
                    get(cfmt[i], "thousands", th), get(cfmt[i], "zero", z), table
        }' "$SET/$yaml"
done <"$TMP/tables" >"$TMP/amount-columns"
[ -s "$TMP/amount-columns" ] || fail "found no amount columns in $SET"

# expected: csv<TAB>record<TAB>key<TAB>csv text<TAB>printed text ("?" = not
# checked)<TAB>table number
: >"$TMP/expected"
for csv in $(cut -f1 "$TMP/amount-columns" | sort -u); do
    [ -f "$SEED/$csv" ] || fail "seed lacks $csv"
    csv_rows "$SEED/$csv" | awk -v csv="$csv" -v cols="$TMP/amount-columns" '
        BEGIN {
            while ((getline l < cols) > 0) {
                split(l, p, "\t")
                if (p[1] != csv) continue
                nk++; key[nk] = p[2]; dec[nk] = p[3] + 0; th[nk] = p[4]; zero[nk] = p[5]; table = p[6]
            }
            close(cols)
            RS = "\036"; FS = "\037"
        }
        NR == 1 {
            for (k = 1; k <= nk; k++) {
                col[k] = 0
                for (i = 1; i <= NF; i++) if ($i == key[k]) col[k] = i
                if (!col[k]) { print csv ": no column " key[k] > "/dev/stderr"; exit 3 }
            }
            next
        }
        {
            for (k = 1; k <= nk; k++) {
                v = $(col[k]); d = dec[k]
                if (v == "" || v == "<" || v == "^") continue
                s = v; neg = 0
                if (substr(s, 1, 1) == "-") { neg = 1; s = substr(s, 2) }
                gsub(/,/, "", s)
                ip = s; fp = ""
                if (index(s, ".")) { ip = substr(s, 1, index(s, ".") - 1); fp = substr(s, index(s, ".") + 1) }
                out = ""
                while (length(fp) > d) { # would need rounding: only exact cases are checked
                    if (substr(fp, length(fp)) != "0") { out = "?"; break }
                    fp = substr(fp, 1, length(fp) - 1)
                }
                if (out == "") {
                    while (length(fp) < d) fp = fp "0"
                    sub(/^0+/, "", ip); if (ip == "") ip = "0"
                    if ((ip fp) ~ /^0+$/) {
                        if (zero[k] == "") continue
                        out = zero[k]
                    } else {
                        if (th[k] == "true") {
                            g = ""
                            while (length(ip) > 3) { g = "," substr(ip, length(ip) - 2) g; ip = substr(ip, 1, length(ip) - 3) }
                            ip = ip g
                        }
                        out = (neg ? "-" : "") ip (d > 0 ? "." fp : "")
                    }
                }
                print csv "\t" NR "\t" key[k] "\t" v "\t" out "\t" table
            }
        }' >>"$TMP/expected" || fail "$csv: its header line lacks an amount column of its layout"
done
nfig=$(wc -l <"$TMP/expected" | tr -d ' ')
[ "$nfig" -gt 100 ] || fail "only $nfig amounts found in the seed's CSV files (expected well over 100)"
# each amount must be a word on one of its own table's pages
for ((p = 3; p <= pages; p++)); do echo "$TMP/p/$p.txt"; done |
    xargs awk -v first="$TMP/first" -v expected="$TMP/expected" '
    BEGIN { while ((getline l < first) > 0) start[++nt] = l + 0 }
    FNR == 1 { page++; tab = 0; for (i = 1; i <= nt; i++) if (start[i] <= page) tab = i }
    { for (i = 1; i <= NF; i++) w[tab, $i] = 1 }
    END {
        while ((getline l < expected) > 0) {
            split(l, f, "\t")
            if (f[5] == "?") continue
            if (!((f[6], f[5]) in w)) {
                printf "  %s record %s column %s: \"%s\" should print as \"%s\" on the pages of table %s\n", f[1], f[2], f[3], f[4], f[5], f[6] > "/dev/stderr"
                bad++
            }
        }
        exit bad > 0
    }' || fail "amounts of the seed's CSV files are missing from their tables' pages (listed above)"
note "$nfig amount cells checked"

# ---------------------------------------------------------------------
check "the twelve table titles"
printf '%s\n' "${TITLES[@]}" "（2024年度）" | expect_texts "$ALL" "title"

check "texts of the tables (wrapped cells joined)"
expect_texts "$ALL" "text" <<'EOF'
网格化基层治理工作经费
智慧高新运维专项经费
智慧高新建设专项经费
41019123000000073113
41019124000000008808
41019124000000008818
专项资金细化率
备注：本表仅含当年财政拨款安排的支出
注：本部门2024年无政府性基金预算财政拨款安排的支出，此表为空表。
部门名称：郑州高新技术产业开发区新型智慧城市运行中心
单位：万元
(三十一) 债务还本支出
维修(护)费
收入合计:
≤45元/人月
各部门对信息化建设满意度
2060101
2120199
委托业务费
033001
EOF

# ---------------------------------------------------------------------
check "pages: cover, contents, then table pages with 第 N 页 共 M 页 footers"
grep -qF 附件 "$TMP/p/1.sq" || fail "page 1 (cover) lacks 附件"
grep -qF 郑州高新技术产业开发区新型智慧城市运行中心2024年部门预算表 "$TMP/p/1.sq" ||
    fail "page 1 (cover) lacks the department name and 2024年部门预算表"
grep -qF 目录 "$TMP/p/2.sq" || fail "page 2 is not the contents page (no 目录)"
# one awk over all pages: "page N M" per page (N M empty when no footer)
for ((p = 1; p <= pages; p++)); do echo "$TMP/p/$p.sq"; done |
    xargs awk '{ if (match($0, /第[0-9]+页共[0-9]+页/)) last[FILENAME] = substr($0, RSTART, RLENGTH) }
        END { for (i = 1; i < ARGC; i++) { f = ARGV[i]; s = last[f]; gsub(/[^0-9]+/, " ", s); print i, s } }' \
    >"$TMP/footers"
M=""
while read -r p n m; do
    if [ "$p" -le 2 ]; then
        [ -z "$n" ] || fail "page $p (cover/contents) has a page footer"
        continue
    fi
    [ -n "$n" ] || fail "page $p has no 第 N 页 共 M 页 footer"
    [ "$n" = $((p - 2)) ] || fail "page $p: footer says 第 $n 页, expected 第 $((p - 2)) 页"
    [ -z "$M" ] || [ "$m" = "$M" ] || fail "page $p: footer says 共 $m 页, earlier pages 共 $M 页"
    M=$m
done <"$TMP/footers"
[ "$M" = $((pages - 2)) ] || fail "footers say 共 $M 页, but there are $((pages - 2)) table pages"
note "table pages 1..$M"

check "contents page lists all twelve tables, each with the page its title is first on"
mapfile -t FIRST <"$TMP/first"
for i in "${!CONTENTS[@]}"; do
    entry=${CONTENTS[$i]}
    # the raw line "一、部门收支总体情况表 1"
    num=$(awk -v e="$entry" 'index($0, e) == 1 { n = $NF; print n; exit }' "$TMP/p/2.txt")
    [ -n "$num" ] || fail "contents page lacks the entry $entry"
    [ "${FIRST[$i]}" != none ] || fail "title ${TITLES[$i]} is on no table page"
    [ "$num" = "${FIRST[$i]}" ] ||
        fail "contents says $entry is on page $num, but its title is first on table page ${FIRST[$i]}"
done

check "every table page shows a title: its table's own or a （续表） title"
xargs awk -v titles="$TMP/titles" '
    BEGIN { while ((getline t < titles) > 0) T[++nt] = t }
    FNR == 1 { page++; ok[page] = 0 }
    { for (i = 1; i <= nt; i++) if (index($0, T[i])) ok[page] = 1 }
    END { for (p = 1; p <= page; p++) if (!ok[p]) { print "  table page " p " has no title" > "/dev/stderr"; bad++ }
          exit bad > 0 }' <"$TMP/pagefiles" || fail "pages without a table title"
n_cont=$( (xargs grep -lF '（续表）' <"$TMP/pagefiles" || true) | wc -l | tr -d ' ')
[ "$n_cont" = $((pages - 2 - 12)) ] ||
    fail "$n_cont pages carry （续表）, expected one per page beyond each table's first ($((pages - 14)))"

check "every text cell of every seed CSV extracts from the PDF as written"
pdf_text "$PDF" | squash >"$TMP/all.sq"
for csv in "$SEED"/*.csv; do
    # all cells but the header line, the merge markers and the amounts
    # (checked above with their formats): compared without whitespace
    csv_rows "$csv" | awk 'BEGIN { RS = "\036"; FS = "\037" }
        NR > 1 { for (i = 1; i <= NF; i++) {
            c = $i; gsub(/[ \t\r\n]/, "", c)
            if (c == "" || c == "<" || c == "^" || c ~ /^-?[0-9][0-9,]*(\.[0-9]+)?$/) continue
            print c } }'
done | sort -u >"$TMP/cells.txt"
[ "$(wc -l <"$TMP/cells.txt")" -gt 150 ] || fail "fixture: only $(wc -l <"$TMP/cells.txt") text cells found"
awk 'NR == FNR { hay = hay $0; next } { if (!index(hay, $0)) { print "  missing: " $0 > "/dev/stderr"; bad++ } }
     END { exit bad > 0 }' "$TMP/all.sq" "$TMP/cells.txt" || fail "seed text cells missing from the PDF text"
note "$(wc -l <"$TMP/cells.txt") distinct text cells extracted"

check "size under 200 KB; the fonts are subsets"
size=$(file_size "$PDF")
note "PDF size: $size bytes, $pages pages"
[ "$size" -lt 200000 ] || fail "PDF is $size bytes, expected under 200 KB"
need_tool mutool
mkdir "$TMP/extracted"
(cd "$TMP/extracted" && mutool extract "$PDF" >/dev/null 2>&1)
nfonts=$(find "$TMP/extracted" -name 'font-*' | wc -l)
[ "$nfonts" -ge 2 ] || fail "mutool extracted $nfonts fonts"
for f in "$TMP/extracted"/font-*; do
    fs=$(file_size "$f")
    note "embedded $(basename "$f"): $fs bytes (uncompressed)"
    # AR PL UMing's full face is 21 MB (the .ttc) and WenQuanYi Zen Hei's
    # 17 MB: an embedded font over 400 KB is not a subset of ~600 characters
    [ "$fs" -lt 400000 ] || fail "embedded font $(basename "$f") is $fs bytes: not subset"
done

pass
