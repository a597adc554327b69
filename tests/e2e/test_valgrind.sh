#!/usr/bin/env bash
# test_valgrind.sh — the seed render under valgrind's memcheck: no invalid
# read or write, no use of uninitialised memory, no definitely lost block
# (--errors-for-leak-kinds=definite); and the same for a render that fails
# after the fonts are open (a character no font has, exit 3), so that the
# error path frees what it allocated too.
#
# The one suppression is fontconfig's own: it loses 288 bytes while it
# parses its XML configuration (FcInitLoadConfigAndFonts, once per
# process). Valgrind unwinds the whole stack, so the suppression is tied to
# that fontconfig function and cannot hide a leak of budgetpdf's.
#
# A sanitizer build (BP_SANITIZE, the asan preset) cannot run under
# valgrind: there the test says so and passes (ASan checks the same).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

if grep -qE '^BP_(SANITIZE|FUZZ):BOOL=ON' "$BUILD/CMakeCache.txt" 2>/dev/null; then
    echo "$TEST_NAME: SKIP: $BUILD is a sanitizer build (AddressSanitizer checks it instead)"
    pass
    exit 0
fi
command -v valgrind >/dev/null 2>&1 ||
    fail "needs valgrind (Debian: apt-get install valgrind; make deps installs it)"

cat >"$TMP/fontconfig.supp" <<'EOF'
{
   fontconfig-loses-a-block-parsing-its-configuration
   Memcheck:Leak
   match-leak-kinds: definite
   ...
   fun:FcInitLoadConfigAndFonts
}
EOF

# memcheck WHAT RC CMD...: runs CMD under memcheck, expects exit RC (99 is
# memcheck's: an error or a leak was found).
memcheck() {
    local what=$1 want=$2
    shift 2
    run valgrind -q --num-callers=40 --error-exitcode=99 --leak-check=full \
        --errors-for-leak-kinds=definite --show-leak-kinds=definite \
        --suppressions="$TMP/fontconfig.supp" "$@"
    if [ "$RC" = 99 ] || grep -q '^==[0-9]*==' "$RUN_ERR"; then
        cat "$RUN_ERR" >&2
        fail "$what: memcheck found errors or leaks (above)"
    fi
    expect_rc "$want" "$what"
}

check "the seed render is clean under memcheck"
start=$(date +%s)
memcheck "seed render" 0 "$BP" render "$SEED" -o "$TMP/seed.pdf" -q
[ -s "$TMP/seed.pdf" ] || fail "seed render under valgrind: no PDF"
quiet_tool pdfinfo "$TMP/seed.pdf" >/dev/null
note "seed render under memcheck: $(($(date +%s) - start)) s"

check "a render failing after the fonts are open (U+0E01) is clean under memcheck"
copy_seed "$TMP/thai"
f="$TMP/thai/11-dept-performance.csv"
sed -i 's/,任务名称,/,任务ก名称,/' "$f"
grep -q 'ก' "$f" || fail "could not put U+0E01 into $f (has the seed changed?)"
memcheck "failing render" 3 "$BP" render "$TMP/thai" -o "$TMP/thai.pdf"
expect_err_has "U+0E01" "failing render"
[ ! -e "$TMP/thai.pdf" ] || fail "failing render under valgrind wrote a PDF"

pass
