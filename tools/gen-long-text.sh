#!/bin/sh
# gen-long-text.sh — writes a department folder whose document.md is long:
# the seed department's data (department.yaml, the CSV files, the
# previous year's figures) with a generated text, for the tests and the
# benchmark of linear text (tests/e2e/test_long_text.sh, bench/run.sh).
#
#   paragraph BYTES   the seed's title and a part heading, then ONE
#                     paragraph of about BYTES bytes: the seed's paragraphs
#                     (with their {{ }} figures) one after another, over
#                     and over, on one source line
#   paragraphs COUNT  the seed's title and a part heading, then COUNT short
#                     paragraphs, each a clause of the seed's text (without
#                     figures) after its own number "（N）", so that no two
#                     are the same
#
# The text passes `budgetpdf check` as the seed's does (no word, clause or
# paragraph twice, no typed figure, the budget year). Deterministic:
# the same arguments give the same bytes. Portable POSIX sh + awk (bytes
# counted with LC_ALL=C).
#
# usage: tools/gen-long-text.sh paragraph|paragraphs N SEED_DIR OUT_DIR
set -eu

[ $# -eq 4 ] || {
    echo "usage: $0 paragraph BYTES | paragraphs COUNT  SEED_DIR OUT_DIR" >&2
    exit 2
}
mode=$1 n=$2 seed=$3 out=$4
case $mode in paragraph | paragraphs) ;; *)
    echo "$0: unknown mode '$mode' (paragraph or paragraphs)" >&2
    exit 2
    ;;
esac
case $n in '' | *[!0-9]*)
    echo "$0: N must be a number" >&2
    exit 2
    ;;
esac

mkdir -p "$out"
for f in "$seed"/department.yaml "$seed"/*.csv "$seed"/previous-*.yaml; do
    [ -f "$f" ] && cp "$f" "$out/"
done

LC_ALL=C awk -v mode="$mode" -v n="$n" '
# the paragraphs of the seed (not headings, not blank; list markers dropped)
NR == 1 { title = $0; next }
/^#/ || /^[ \t]*$/ { next }
{
    sub(/^[0-9]+\. /, "")
    para[np++] = $0
}
END {
    print title
    print ""
    print "# 第一部分 概况"
    print ""
    if (mode == "paragraph") {
        len = 0
        for (i = 0; len < n; i = (i + 1) % np) {
            printf "%s", para[i]
            len += length(para[i])
        }
        print ""
        exit
    }
    # short clauses (4 to 12 characters) without figures, split at ， ； 。 ：
    nc = 0
    for (i = 0; i < np; i++) {
        s = para[i]
        gsub(/，|；|。|：/, "\n", s)
        k = split(s, parts, "\n")
        for (j = 1; j <= k; j++)
            if (parts[j] !~ /[{}]/ && length(parts[j]) >= 12 && length(parts[j]) <= 36)
                clause[nc++] = parts[j]
    }
    for (i = 1; i <= n; i++) {
        print "（" i "）" clause[(i - 1) % nc] "。"
        print ""
    }
}' "$seed/document.md" >"$out/document.md"
