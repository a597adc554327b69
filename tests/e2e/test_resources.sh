#!/usr/bin/env bash
# test_resources.sh — running out of a resource is an error of the
# department at hand (exit 5, batch status `resource`), never an abort of
# the process, a wrong classification or a lost report:
#   - a batch under a memory limit (ulimit -v, i.e. setrlimit RLIMIT_AS)
#     with one oversized department among small ones renders the small
#     ones and writes summary.csv with `resource` for the big one;
#   - under any memory limit a render exits 0 or 5 (never 3 "cannot read
#     font file" or 134 abort), with a message and no file left behind;
#   - a report written to a full device (fonts, check > /dev/full) fails
#     with exit 4.
# AddressSanitizer reserves terabytes of address space for its shadow
# memory, so an address-space limit cannot apply to a sanitizer build: the
# memory-limit cases then print SKIP (tests/unit/test_memory.c injects the
# same failures through the arena in every build instead).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tool iconv timeout

GEN=${GEN:-$BUILD/gen-departments}
[ -x "$GEN" ] || fail "generator not found at GEN=$GEN (build the gen-departments target)"

# valid_message: the last run's stderr is a non-empty, valid UTF-8 message.
valid_message() {
    [ -s "$RUN_ERR" ] || fail "$1: exit $RC without a message"
    iconv -f UTF-8 -t UTF-8 "$RUN_ERR" >/dev/null 2>&1 || fail "$1: the message is not valid UTF-8"
}

# ---------------------------------------------------------------------
check "a report written to a full device fails (exit 4)"
[ -w /dev/full ] || fail "no /dev/full on this system"
run sh -c "\"$BP\" fonts >/dev/full"
expect_rc 4 "budgetpdf fonts >/dev/full"
expect_err_has "cannot write the report to standard output" "budgetpdf fonts >/dev/full"
run sh -c "\"$BP\" fonts \"$SEED\" >/dev/full"
expect_rc 4 "budgetpdf fonts DEPT >/dev/full"
run sh -c "\"$BP\" check \"$SEED\" >/dev/full"
expect_rc 4 "budgetpdf check >/dev/full"
expect_err_has "No space left on device" "budgetpdf check >/dev/full"
# nothing to write is no failure
run sh -c "\"$BP\" check -q \"$SEED\" >/dev/full"
expect_rc 0 "budgetpdf check -q >/dev/full (prints nothing)"

# ---------------------------------------------------------------------
if sanitizer_build; then
    echo "$TEST_NAME: SKIP memory limits: $BP is an AddressSanitizer build (ulimit -v cannot apply)"
    pass
    exit 0
fi

check "under any memory limit a render exits 0 or 5, never 3 or 134"
OUT="$TMP/limits"
mkdir -p "$OUT"
tried=0
for kb in 40000 60000 80000 90000 100000 110000 120000 140000 160000 200000; do
    # below what the program needs to start (its libraries), nothing is ours to test
    (ulimit -v "$kb" && "$BP" --version) >/dev/null 2>&1 || continue
    run bash -c "ulimit -v $kb && exec timeout 120 \"$BP\" render \"$SEED\" -o \"$OUT/annex.pdf\""
    case $RC in
    0) [ -s "$OUT/annex.pdf" ] || fail "ulimit -v $kb: exit 0 without a PDF" ;;
    5)
        valid_message "ulimit -v $kb"
        expect_err_match 'out of memory|Cannot allocate memory' "ulimit -v $kb"
        ;;
    *)
        cat "$RUN_ERR" >&2
        fail "ulimit -v $kb: exit $RC (expected 0, or 5 for out of memory)"
        ;;
    esac
    note "ulimit -v $kb: exit $RC $(head -c 150 "$RUN_ERR")"
    tried=$((tried + 1))
    # no partial file, no temporary file
    left=$(find "$OUT" -name 'annex.pdf.tmp*' -print)
    [ -z "$left" ] || fail "ulimit -v $kb: left behind: $left"
    rm -f "$OUT/annex.pdf"
done
[ "$tried" -ge 5 ] || fail "only $tried memory limits could start budgetpdf"

# ---------------------------------------------------------------------
check "a batch under a memory limit: the oversized department fails (resource), the others render"
ROOT="$TMP/root"
"$GEN" -n 4 -s 7 --projects 10-30 "$ROOT" >/dev/null || fail "gen-departments failed"
"$GEN" -n 1 -s 3 --projects 30000-30000 "$TMP/big" >/dev/null || fail "gen-departments failed"
# between the small ones in folder order: departments after it must render too
mv "$TMP/big/dept-0001" "$ROOT/dept-0002-big"
LIMIT=250000 # KiB: the small ones need about 120 MB, the big one about 300 MB
for jobs in 1 2; do
    B="$TMP/batch-j$jobs"
    run bash -c "ulimit -v $LIMIT && exec timeout 300 \"$BP\" batch \"$ROOT\" -o \"$B\" -j $jobs -q"
    [ "$RC" != 124 ] || fail "batch -j $jobs under ulimit -v $LIMIT did not finish in 300 s"
    expect_rc 1 "batch -j $jobs under ulimit -v $LIMIT (some failed)"
    S="$B/summary.csv"
    [ -s "$S" ] || fail "batch -j $jobs: no summary.csv"
    iconv -f UTF-8 -t UTF-8 "$S" >/dev/null 2>&1 || fail "batch -j $jobs: summary.csv is not UTF-8"
    grep -q '^dept-0002-big,.*,resource,0,0,.*out of memory' "$S" ||
        { cat "$S" >&2; fail "batch -j $jobs: the big department's row lacks status resource"; }
    [ "$(grep -c '^dept-' "$S")" = 5 ] || { cat "$S" >&2; fail "batch -j $jobs: not 5 rows"; }
    if [ "$jobs" = 1 ]; then
        # one at a time, the small ones before and after the big one render
        [ "$(grep -c ',ok,' "$S")" = 4 ] || { cat "$S" >&2; fail "batch -j 1: the 4 small departments are not all ok"; }
        [ "$(find "$B" -name '*.pdf' | wc -l)" = 4 ] || fail "batch -j 1: expected 4 PDFs"
    else
        # a small one rendered while the big one holds the memory may run
        # out too: then it says so, as the big one does
        bad=$(grep '^dept-' "$S" | grep -v ',ok,\|,resource,' || true)
        [ -z "$bad" ] || fail "batch -j $jobs: a status other than ok or resource: $bad"
        [ "$(grep -c ',ok,' "$S")" -ge 1 ] || fail "batch -j $jobs: nothing rendered"
    fi
    left=$(find "$B" -name '*.tmp*' -print)
    [ -z "$left" ] || fail "batch -j $jobs: left behind: $left"
done

check "render of the oversized department alone: exit 5, nothing written"
run bash -c "ulimit -v $LIMIT && exec timeout 300 \"$BP\" render \"$ROOT/dept-0002-big\" -o \"$TMP/big.pdf\""
expect_rc 5 "render under ulimit -v $LIMIT"
valid_message "render under ulimit -v $LIMIT"
expect_err_has "dept-0002-big: out of memory" "render under ulimit -v $LIMIT"
[ ! -e "$TMP/big.pdf" ] || fail "render under ulimit -v $LIMIT: a PDF was written"
[ -z "$(find "$TMP" -maxdepth 1 -name 'big.pdf.tmp*')" ] || fail "a temporary file was left"

pass
