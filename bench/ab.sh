#!/usr/bin/env bash
# ab.sh — two builds of budgetpdf timed against each other in one run:
# the seed annex, the seed's whole document, a generated 3,000-project
# department (every table) and `batch -j2` of 200 generated departments,
# the two builds interleaved in two rounds on the same inputs, so that a
# change is judged by ratios measured together (README "Performance").
#
# usage: bench/ab.sh OLD_BUILD NEW_BUILD   (Release build folders, as
# `make bench` makes build-bench; NEW_BUILD provides bench-measure and
# gen-departments)
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: bench/ab.sh OLD_BUILD NEW_BUILD" >&2; exit 2; }
SRC=$(cd "$(dirname "$0")/.." && pwd)
OLD=$(cd "$1" && pwd)
NEW=$(cd "$2" && pwd)
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
M=$NEW/bench-measure
"$NEW/gen-departments" -n 1 -s 2024 --projects 3000-3000 "$W/gen3000" >/dev/null
"$NEW/gen-departments" -n 200 -s 2024 "$W/bureau" >/dev/null
S=$SRC/data/zzgx-smartcity-2024
echo "machine load_1min=$(cut -d' ' -f1 /proc/loadavg) date=$(date -u +%Y-%m-%dT%H:%MZ)"
for round in 1 2; do
    for b in OLD NEW; do
        B=${!b}/budgetpdf
        echo "round=$round $b seed_annex $("$M" 5 "$B" render "$S" -o "$W/a.pdf" --annex-only)"
        echo "round=$round $b seed_whole $("$M" 5 "$B" render "$S" -o "$W/w.pdf")"
        echo "round=$round $b dept3000 $("$M" 3 "$B" render "$W"/gen3000/* -o "$W/p.pdf" --annex-only)"
        rm -rf "$W/out"
        echo "round=$round $b batch200_j2 $("$M" 1 "$B" batch "$W/bureau" -o "$W/out" -j2)"
    done
done
echo "load_1min=$(cut -d' ' -f1 /proc/loadavg)"
