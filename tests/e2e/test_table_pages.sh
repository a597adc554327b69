#!/usr/bin/env bash
# test_table_pages.sh — tables that cross pages (tests/fixtures/table-pages):
# a merged label whose group of rows spans three pages, and one spanning
# four, shows each piece of its text exactly once, in order, continuing
# where it stopped (never restarting, never repeated); a row taller than a
# page starts under the rows before it and runs over three pages, each
# line once, its short cells once; a sub-header row (keep_with_next) is
# never the last row of a page when the row under it does not fit there.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tool pdfinfo pdftotext awk

DEPT="$SRC/tests/fixtures/table-pages/dept"
PDF="$TMP/pages.pdf"

check "render exits 0, silently"
render "$DEPT" "$PDF"
pages=$(split_pages "$PDF" "$TMP/p")
note "$pages pages"

# pages_of TITLE: the pages of the table titled TITLE (its first page and
# the （续表） pages after it), one per line.
pages_of() {
    local p
    for ((p = 1; p <= pages; p++)); do
        if grep -qxF -- "$1" "$TMP/p/$p.txt" || grep -qxF -- "$1（续表）" "$TMP/p/$p.txt"; then
            echo "$p"
        fi
    done
}

# tokens PREFIX PAGE...: the tokens PREFIX000 of those pages, in order, one a line
# (pdftotext -raw gives a cell's lines top to bottom).
tokens() {
    local re=$1 p
    shift
    for p in "$@"; do grep -oE -- "$re" "$TMP/p/$p.txt" || true; done
}

# expect_sequence N FMT WHAT: stdin is exactly the tokens 1..N in FMT, in order.
expect_sequence() {
    local n=$1 fmt=$2 what=$3
    # shellcheck disable=SC2059
    diff <(for ((k = 1; k <= n; k++)); do printf "$fmt\n" "$k"; done) - >"$TMP/seq.diff" || {
        head -20 "$TMP/seq.diff" >&2
        fail "$what: not each piece once, in order (diff: expected < > printed)"
    }
}

# merged TITLE NPAGES NTOKENS: the label's tokens once each, in order, over
# the table's pages; the first page holds the start, each later page goes on
# where the page before stopped.
merged() {
    local title=$1 want=$2 n=$3
    mapfile -t tp < <(pages_of "$title")
    [ "${#tp[@]}" = "$want" ] || fail "$title: ${#tp[@]} page(s), expected $want"
    note "$title: pages ${tp[*]}"
    tokens 'L[0-9]{3}' "${tp[@]}" | expect_sequence "$n" 'L%03d' "$title: the merged label"
    local p first last prev=0
    for p in "${tp[@]}"; do
        first=$(tokens 'L[0-9]{3}' "$p" | head -1)
        last=$(tokens 'L[0-9]{3}' "$p" | tail -1)
        [ -n "$first" ] || continue
        [ "${first#L}" = "$(printf '%03d' $((10#$prev + 1)))" ] ||
            fail "$title: page $p starts the label at $first, after L$(printf '%03d' "$prev")"
        prev=${last#L}
    done
    [ "$(tokens 'L[0-9]{3}' "${tp[0]}" | head -1)" = L001 ] ||
        fail "$title: the label does not start on the table's first page"
}

check "a merged label whose group spans three pages: each piece once, in order"
merged 合并标签跨3页表 3 70
check "a merged label whose group spans four pages: each piece once, in order"
merged 合并标签跨4页表 4 130

check "a row taller than a page: over three pages, each line once, in order"
mapfile -t tp < <(pages_of 超高行表)
[ "${#tp[@]}" = 3 ] || fail "超高行表: ${#tp[@]} page(s), expected 3"
tokens 'T[0-9]{3}' "${tp[@]}" | expect_sequence 160 'T%03d' "超高行表: the tall cell"
for p in "${tp[@]}"; do
    [ -n "$(tokens 'T[0-9]{3}' "$p")" ] || fail "超高行表: page $p holds none of the tall row"
done
grep -qF 次行 "$TMP/p/${tp[0]}.txt" || fail "超高行表: the row before the tall row is not on its first page"
[ "$(tokens 'T[0-9]{3}' "${tp[0]}" | head -1)" = T001 ] ||
    fail "超高行表: the tall row does not start under the rows before it"
n=$(cat "$TMP/p/${tp[0]}.txt" "$TMP/p/${tp[1]}.txt" "$TMP/p/${tp[2]}.txt" | grep -c 项目甲 || true)
[ "$n" = 1 ] || fail "超高行表: its short name cell is printed $n times, expected once"
grep -qF 尾行 "$TMP/p/${tp[2]}.txt" || fail "超高行表: the row after the tall row is not on its last page"

check "a sub-header row is kept with the tall row under it"
mapfile -t tp < <(pages_of 子表头表)
[ "${#tp[@]}" = 2 ] || fail "子表头表: ${#tp[@]} page(s), expected 2"
sub=$(grep -lF 任务名称 "$TMP/p/${tp[0]}.txt" "$TMP/p/${tp[1]}.txt" | head -1)
[ -n "$sub" ] || fail "子表头表: no page holds the sub-header 任务名称"
grep -qF S01 "$sub" || fail "子表头表: the sub-header ends a page: the row under it is on the next"
grep -qF 普通行30 "$TMP/p/${tp[0]}.txt" || fail "子表头表: the rows before the sub-header moved"
tokens 'S[0-9]{2}' "${tp[@]}" | expect_sequence 14 'S%02d' "子表头表: the tall row"

pass
