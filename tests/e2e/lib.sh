# lib.sh — helpers shared by the end-to-end tests (sourced, not run).
#
# ctest sets BP (the budgetpdf binary), SRC (the source root) and BUILD (the
# build directory). Run by hand, the defaults below find them:
#     bash tests/e2e/test_seed_annex.sh            # uses build/ or build-e2e/
#     BUILD=build-x bash tests/e2e/test_cli_errors.sh
#
# Every test script does
#     set -euo pipefail
#     . "$(dirname "$0")/lib.sh"
# and then calls `check "what"` before each group of assertions, `fail "why"`
# on a failure, and `pass` at the end.

: "${SRC:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
if [ -z "${BUILD:-}" ]; then
    for b in "$SRC/build" "$SRC/build-e2e"; do
        if [ -x "$b/budgetpdf" ]; then BUILD=$b; break; fi
    done
    : "${BUILD:=$SRC/build}"
fi
: "${BP:=$BUILD/budgetpdf}"
export SRC BUILD BP
# A UTF-8 locale (wc -m counts characters for column numbers), if there is one.
if grep -qiE '^c\.utf-?8$' <<<"$(locale -a 2>/dev/null)"; then
    export LC_ALL=C.UTF-8
fi

TEST_NAME=$(basename "$0" .sh)
SEED="$SRC/data/zzgx-smartcity-2024"

# The temporary directory of this test, removed on exit whatever happens.
TMP=$(mktemp -d "${TMPDIR:-/tmp}/bp-$TEST_NAME.XXXXXX")
_bp_cleanup() { rm -rf "$TMP"; }
trap _bp_cleanup EXIT

# fail MESSAGE...: reports a failure and stops the test.
fail() {
    printf '%s: FAIL: %s\n' "$TEST_NAME" "$*" >&2
    exit 1
}

# check MESSAGE...: says what the next assertions check.
check() {
    printf '%s: checking %s\n' "$TEST_NAME" "$*"
}

# note MESSAGE...: an informative line (sizes, timings).
note() {
    printf '%s:   %s\n' "$TEST_NAME" "$*"
}

# soft_fail MESSAGE...: reports a failure but lets the test go on, so that
# one run shows several independent problems; `pass` then fails.
SOFT_FAILURES=0
soft_fail() {
    printf '%s: FAIL: %s\n' "$TEST_NAME" "$*" >&2
    SOFT_FAILURES=$((SOFT_FAILURES + 1))
}

pass() {
    [ "$SOFT_FAILURES" = 0 ] || fail "$SOFT_FAILURES failure(s) above"
    printf '%s: PASS\n' "$TEST_NAME"
}

# need_tool TOOL...: fails (with the package to install) when a tool is missing.
need_tool() {
    local t
    for t in "$@"; do
        command -v "$t" >/dev/null 2>&1 ||
            fail "needs '$t' (Debian: apt-get install poppler-utils qpdf pkg-config)"
    done
}

[ -x "$BP" ] || fail "budgetpdf binary not found at BP=$BP (build first, or set BP)"

# sanitizer_build: true when $BP is built with AddressSanitizer, which
# reserves terabytes of address space at start, so `ulimit -v` cannot apply
# to it. Read from the binary itself (the runtime's entry symbol, linked
# statically or not). Never `ldd | grep -q` under pipefail: grep quits at
# the first match, ldd may then die of SIGPIPE, and the pipeline reads as
# false (CI ran an ASan build under ulimit -v that way).
sanitizer_build() {
    LC_ALL=C grep -qa '__asan_init' "$BP" && return 0
    case "$(ldd "$BP" 2>/dev/null)" in
    *libasan* | *libclang_rt.asan*) return 0 ;;
    esac
    return 1
}

# run CMD ARGS...: runs a command without stopping the test; sets RC and
# leaves its output in $TMP/run.out and $TMP/run.err.
RUN_OUT="$TMP/run.out"
RUN_ERR="$TMP/run.err"
run() {
    RC=0
    "$@" >"$RUN_OUT" 2>"$RUN_ERR" || RC=$?
}

# expect_rc N WHAT: the last `run` exited with N.
expect_rc() {
    if [ "$RC" != "$1" ]; then
        {
            echo "--- stdout:"; cat "$RUN_OUT"
            echo "--- stderr:"; cat "$RUN_ERR"
        } >&2
        fail "$2: exit code $RC, expected $1"
    fi
}

# expect_err_has STRING WHAT: the last `run`'s stderr contains STRING.
expect_err_has() {
    if ! grep -qF -- "$1" "$RUN_ERR"; then
        { echo "--- stderr:"; cat "$RUN_ERR"; } >&2
        fail "$2: stderr lacks '$1'"
    fi
}

# expect_err_match ERE WHAT: the last `run`'s stderr matches the extended regex.
expect_err_match() {
    if ! grep -qE -- "$1" "$RUN_ERR"; then
        { echo "--- stderr:"; cat "$RUN_ERR"; } >&2
        fail "$2: stderr does not match /$1/"
    fi
}

# expect_out_has STRING WHAT: the last `run`'s stdout contains STRING.
expect_out_has() {
    if ! grep -qF -- "$1" "$RUN_OUT"; then
        { echo "--- stdout:"; cat "$RUN_OUT"; } >&2
        fail "$2: stdout lacks '$1'"
    fi
}

# render DEPT OUT [ARGS...]: renders and fails the test unless it succeeds
# with nothing on stderr.
render() {
    local dept=$1 out=$2
    shift 2
    run "$BP" render "$dept" -o "$out" "$@"
    expect_rc 0 "budgetpdf render $dept"
    [ -s "$out" ] || fail "budgetpdf render $dept: exit 0 but no $out"
    if [ -s "$RUN_ERR" ]; then
        cat "$RUN_ERR" >&2
        fail "budgetpdf render $dept printed on stderr"
    fi
}

# quiet_tool CMD ARGS...: runs a poppler/qpdf tool; its stdout goes to
# stdout, and anything it prints on stderr (syntax errors, missing
# glyphs, bad ToUnicode maps) fails the test.
quiet_tool() {
    local err="$TMP/tool.err"
    "$@" 2>"$err" || { cat "$err" >&2; fail "$1 failed on ${*: -1}"; }
    if [ -s "$err" ]; then
        cat "$err" >&2
        fail "$1 printed on stderr: $*"
    fi
}

# pdf_pages PDF: the number of pages pdfinfo reports.
pdf_pages() {
    quiet_tool pdfinfo "$1" | awk '/^Pages:/ {print $2}'
}

# pdf_text PDF [FIRST LAST]: the text in content-stream order (pdftotext
# -raw): each cell's lines come out one after another, so a cell that wraps
# can be found once the whitespace is squeezed out (see expect_texts).
pdf_text() {
    if [ $# -ge 3 ]; then
        quiet_tool pdftotext -raw -f "$2" -l "$3" "$1" -
    else
        quiet_tool pdftotext -raw "$1" -
    fi
}

# pdf_layout_text PDF [FIRST LAST]: the text laid out as on the page.
pdf_layout_text() {
    if [ $# -ge 3 ]; then
        quiet_tool pdftotext -layout -f "$2" -l "$3" "$1" -
    else
        quiet_tool pdftotext -layout "$1" -
    fi
}

# squash: deletes all whitespace (and form feeds) from stdin.
squash() {
    tr -d ' \t\r\n\f\v'
}

# file_size FILE: bytes.
file_size() {
    wc -c <"$1" | tr -d ' '
}

# no_tmp_left DIR WHAT: no temporary file (*.tmp*, .*.tmp*) left in DIR.
no_tmp_left() {
    local left
    left=$(find "$1" -maxdepth 1 \( -name '*.tmp*' -o -name '.*tmp*' -o -name '*~' \) -print)
    [ -z "$left" ] || fail "$2: temporary file(s) left behind: $left"
}

# copy_seed DEST: a writable copy of the seed department.
copy_seed() {
    rm -rf "$1"
    cp -r "$SEED" "$1"
    chmod -R u+w "$1"
}

# csv_rows FILE: the CSV as records separated by \036 (RS), fields by \037
# (US); quotes removed, doubled quotes undone, line breaks inside quoted
# cells replaced by a space, CR dropped. Portable awk (mawk, gawk, busybox).
csv_rows() {
    awk 'BEGIN { RS = "\n"; q = 0; f = ""; rec = "" }
    {
        sub(/\r$/, "")
        line = $0
        n = length(line)
        for (i = 1; i <= n; i++) {
            c = substr(line, i, 1)
            if (q) {
                if (c == "\"") {
                    if (substr(line, i + 1, 1) == "\"") { f = f "\""; i++ }
                    else q = 0
                } else f = f c
            } else if (c == "\"") q = 1
            else if (c == ",") { rec = rec f "\037"; f = "" }
            else f = f c
        }
        if (q) { f = f " "; next }
        rec = rec f
        printf "%s\036", rec
        rec = ""; f = ""
    }' "$1"
}

# split_pages PDF DIR: the text of every page (pdftotext -raw, split at
# the form feed pdftotext ends each page with; one run instead of one per
# page, the same text as pdftotext -f N -l N): DIR/N.txt is page N's raw
# text and DIR/N.sq the same without any whitespace. Checks that pdftotext
# sees as many pages as pdfinfo, and prints that number.
split_pages() {
    local pdf=$1 dir=$2 n got
    n=$(pdf_pages "$pdf")
    [ -n "$n" ] && [ "$n" -gt 0 ] || fail "pdfinfo reports no pages in $pdf"
    mkdir -p "$dir"
    pdf_text "$pdf" >"$dir/all.txt"
    got=$(awk -v dir="$dir" 'BEGIN { RS = "\f" }
        {
            n = NR; f = dir "/" n ".txt"; printf "%s", $0 > f; close(f)
            sq = $0; gsub(/[ \t\r\n\v]/, "", sq)
            f = dir "/" n ".sq"; printf "%s\n", sq > f; close(f)
        }
        END { print n }' "$dir/all.txt")
    [ "$got" = "$n" ] || fail "pdfinfo says $pdf has $n pages, pdftotext produced $got"
    echo "$n"
}

# expect_texts TEXTFILE WHAT: every line of stdin occurs in TEXTFILE, both
# compared without whitespace (so text wrapped inside a cell is found). One
# awk for the whole list; names every missing line.
expect_texts() {
    awk -v what="$2" '
        NR == FNR { gsub(/[ \t\r\n\f\v]/, ""); hay = hay $0; next }
        { n = $0; gsub(/[ \t\r\n\f\v]/, "", n); if (n == "") next
          if (!index(hay, n)) { printf "  %s: \"%s\" not found\n", what, $0 > "/dev/stderr"; bad++ } }
        END { exit bad > 0 }' "$1" - || fail "$2: text(s) missing from the PDF (listed above)"
}

# expect_words TEXTFILE WHAT: every line of stdin is a whole
# whitespace-separated word of TEXTFILE (so 1.0 is not found inside 31.0).
expect_words() {
    awk -v what="$2" '
        NR == FNR { for (i = 1; i <= NF; i++) w[$i] = 1; next }
        $1 != "" { if (!($1 in w)) { printf "  %s: \"%s\" not found as a word\n", what, $1 > "/dev/stderr"; bad++ } }
        END { exit bad > 0 }' "$1" - || fail "$2: word(s) missing from the PDF (listed above)"
}
