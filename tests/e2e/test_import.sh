#!/usr/bin/env bash
# test_import.sh — budgetpdf import is atomic and never writes an input
# (issue 22, points 4 and 5; docs/workbook.md, "import"):
#   1. -o the workbook's own folder, a link to it, a folder inside it or
#      above it, or the layout set's folder: exit 2, every input
#      byte-identical, nothing written;
#   2. over an existing folder: exit 2 and untouched without --force; with
#      it the new content complete, no old file left in it, DIR.old holding
#      the old content (an older DIR.old replaced);
#   3. a full disk (a file size limit, and a small tmpfs where one can be
#      mounted): exit 4 naming the file, DIR absent or the old one intact,
#      no temp folder left;
#   4. kill -9 at each step of an import (strace's fault injection) and at
#      a few delays: DIR is always the complete old or new folder, the old
#      content is never lost, nothing a later run loads is left (batch
#      skips a complete temp folder), and the next import sweeps the temp
#      folders.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tool sha256sum strace find

GEN="$BUILD/gen-annex-workbook"
[ -x "$GEN" ] || fail "no $GEN (build first)"
LAYOUTS="$SRC/layouts/standard-2024"
MARKER=.budgetpdf-import-temp # a temp folder's marker (src/out_dir.h)

# tree_sum DIR: one digest of the names and bytes of every file under DIR
# (the marker left out: a run killed just after putting its folder in
# place leaves it there)
tree_sum() {
    (cd "$1" && find . -type f ! -name "$MARKER" -print0 | LC_ALL=C sort -z |
        xargs -0 -r sha256sum) | sha256sum | cut -c1-64
}
# hidden DIR / visible DIR: the entries of DIR whose names start with a dot
# / the others, one a line
hidden() { find "$1" -mindepth 1 -maxdepth 1 -name '.*' -printf '%f\n' | LC_ALL=C sort; }
visible() { find "$1" -mindepth 1 -maxdepth 1 ! -name '.*' -printf '%f\n' | LC_ALL=C sort; }
# no_temp DIR WHAT: no hidden entry (temp folder) in DIR
no_temp() {
    local h
    h=$(hidden "$1")
    [ -z "$h" ] || fail "$2: left in $1: $h"
}

# The seed as a workbook beside its department.yaml, the previous year's
# figures and the text: every one an input of the import.
W=$TMP/w
mkdir -p "$W"
"$GEN" "$SEED" "$LAYOUTS" "$W/book.xlsx" || fail "gen-annex-workbook"
cp "$SEED/department.yaml" "$SEED/document.md" "$SEED/previous-2023.yaml" "$W/"
W_SUM=$(tree_sum "$W")

# ---------------------------------------------------------------------
check "1: -o the workbook's folder, a link to it, inside or above it: exit 2, nothing written"
ln -s w "$TMP/lnk"
mkdir -p "$TMP/cwd"
for o in "$W" "$W/" "$TMP/lnk" "$TMP/lnk/" "$W/sub" "$TMP/lnk/sub" "$W/.." "$TMP" \
    "$W --force" "$TMP/lnk --force" "$W/.. --force"; do
    # shellcheck disable=SC2086 # "$W --force": the folder and the option
    run "$BP" import "$W/book.xlsx" -o $o
    expect_rc 2 "import -o $o"
    expect_err_has "an input of this run" "import -o $o"
    cmp "$SEED/department.yaml" "$W/department.yaml" ||
        fail "import -o $o changed the department.yaml beside the workbook"
    [ "$(tree_sum "$W")" = "$W_SUM" ] || fail "import -o $o changed the workbook's folder"
    [ ! -e "$W/sub" ] || fail "import -o $o created $W/sub"
    [ ! -e "$W/department.yaml.old" ] && [ ! -e "$TMP/w.old" ] || fail "import -o $o kept a .old"
    no_temp "$W" "import -o $o"
    no_temp "$TMP" "import -o $o"
done
(cd "$W" && "$BP" import book.xlsx -o . >"$RUN_OUT" 2>"$RUN_ERR") && RC=0 || RC=$?
expect_rc 2 "import -o . in the workbook's folder"
[ "$(tree_sum "$W")" = "$W_SUM" ] || fail "import -o . changed the workbook's folder"

check "1: -o the layout set's folder (--layouts): exit 2, the set untouched"
cp -r "$LAYOUTS" "$TMP/set"
SET_SUM=$(tree_sum "$TMP/set")
run "$BP" import "$W/book.xlsx" -o "$TMP/set" --layouts "$TMP/set" --force
expect_rc 2 "import -o the layout set"
expect_err_has "set.yaml, an input of this run" "import -o the layout set"
[ "$(tree_sum "$TMP/set")" = "$SET_SUM" ] || fail "import -o the layout set changed it"
[ ! -e "$TMP/set.old" ] || fail "import -o the layout set kept a .old"

# ---------------------------------------------------------------------
check "2: over an existing folder: refused without --force, replaced whole with it"
P=$TMP/p
mkdir "$P"
run "$BP" import "$W/book.xlsx" -o "$P/d"
expect_rc 0 "import into a new folder"
NEW=$(tree_sum "$P/d")
[ ! -e "$P/d/$MARKER" ] || fail "the marker is left in the new folder"
no_temp "$P" "import into a new folder"
# the folder corrected by hand since, and a CSV the new import does not write
echo "# corrected by hand" >>"$P/d/department.yaml"
echo "a,b" >"$P/d/13-extra.csv"
OLD=$(tree_sum "$P/d")
run "$BP" import "$W/book.xlsx" -o "$P/d"
expect_rc 2 "import over a folder without --force"
expect_err_has "give --force" "import over a folder without --force"
[ "$(tree_sum "$P/d")" = "$OLD" ] || fail "import without --force changed the folder"
[ ! -e "$P/d.old" ] || fail "import without --force made d.old"
no_temp "$P" "import without --force"
run "$BP" import "$W/book.xlsx" -o "$P/d" --force
expect_rc 0 "import --force"
[ "$(tree_sum "$P/d")" = "$NEW" ] || fail "import --force: the folder is not the new content"
[ ! -e "$P/d/13-extra.csv" ] || fail "import --force: an old CSV is left in the folder"
[ "$(tree_sum "$P/d.old")" = "$OLD" ] || fail "import --force: d.old is not the old content"
[ "$(visible "$P" | tr '\n' ' ')" = "d d.old " ] || fail "import --force: $(visible "$P")"
no_temp "$P" "import --force"
run "$BP" import "$W/book.xlsx" -o "$P/d" --force
expect_rc 0 "import --force again"
[ "$(tree_sum "$P/d.old")" = "$NEW" ] || fail "import --force again: the older d.old is not replaced"
[ "$(tree_sum "$P/d")" = "$NEW" ] || fail "import --force again: the folder is not the new content"
no_temp "$P" "import --force again"
render "$P/d" "$TMP/d.pdf" # the folder put in place is a department

# ---------------------------------------------------------------------
check "3: a full disk (file size limit): exit 4 naming the file, nothing written, the old folder intact"
F=$TMP/fs
mkdir "$F"
# fsz ARGS...: import under a 4 KB file size limit, SIGXFSZ ignored
fsz() {
    RC=0
    (trap '' XFSZ && ulimit -f 4 && exec "$BP" import "$W/book.xlsx" "$@") \
        >"$RUN_OUT" 2>"$RUN_ERR" || RC=$?
}
fsz -o "$F/new"
expect_rc 4 "import past the file size limit"
expect_err_match "cannot write $F/new/[^:]+\.csv: File too large; nothing was written" \
    "import past the file size limit"
[ ! -e "$F/new" ] || fail "import past the file size limit left $F/new"
no_temp "$F" "import past the file size limit"
cp -r "$P/d.old" "$F/d"
echo "# old" >>"$F/d/department.yaml"
F_OLD=$(tree_sum "$F/d")
fsz -o "$F/d" --force
expect_rc 4 "import --force past the file size limit"
expect_err_match "cannot write $F/d/[^:]+: File too large; $F/d is as it was" \
    "import --force past the file size limit"
[ "$(tree_sum "$F/d")" = "$F_OLD" ] || fail "import --force past the limit changed the old folder"
[ ! -e "$F/d.old" ] || fail "import --force past the limit made d.old"
no_temp "$F" "import --force past the file size limit"
# budgetpdf ignores SIGXFSZ itself: the same without the trap
RC=0
(ulimit -f 4 && exec "$BP" import "$W/book.xlsx" -o "$F/new") >"$RUN_OUT" 2>"$RUN_ERR" || RC=$?
expect_rc 4 "import past the file size limit, SIGXFSZ not ignored by the shell"
[ ! -e "$F/new" ] || fail "import past the file size limit (signal) left $F/new"
run "$BP" import "$W/book.xlsx" -o "$F/next"
expect_rc 0 "the next import"
no_temp "$F" "the next import"

check "3: a full disk (a small tmpfs)"
M=$TMP/mnt
mkdir "$M"
if mount -t tmpfs -o size=40k tmpfs "$M" 2>/dev/null; then
    trap 'umount "$M" 2>/dev/null || true; _bp_cleanup' EXIT
    run "$BP" import "$W/book.xlsx" -o "$M/new"
    expect_rc 4 "import onto a full tmpfs"
    expect_err_match "cannot write $M/new/[^:]+: No space left on device; nothing was written" \
        "import onto a full tmpfs"
    [ ! -e "$M/new" ] || fail "import onto a full tmpfs left $M/new"
    no_temp "$M" "import onto a full tmpfs"
    mkdir "$M/d"
    echo "old" >"$M/d/01-income-expense.csv"
    M_OLD=$(tree_sum "$M/d")
    run "$BP" import "$W/book.xlsx" -o "$M/d" --force
    expect_rc 4 "import --force onto a full tmpfs"
    [ "$(tree_sum "$M/d")" = "$M_OLD" ] || fail "import --force onto a full tmpfs changed the old folder"
    [ ! -e "$M/d.old" ] || fail "import --force onto a full tmpfs made d.old"
    no_temp "$M" "import --force onto a full tmpfs"
    umount "$M"
else
    note "no tmpfs can be mounted here (not root?): the file size limit above stands for it"
fi

# ---------------------------------------------------------------------
check "4: kill -9 at each step of an import (strace) and at delays"
K=$TMP/k
PREV=$OLD # d before the import: the hand-corrected seed folder
# fresh MODE: K holds nothing (new), or d and an older d.old (force)
fresh() {
    rm -rf "$K" && mkdir "$K"
    if [ "$1" = force ]; then
        cp -r "$P/d" "$K/d"
        echo "# corrected by hand" >>"$K/d/department.yaml"
        echo "a,b" >"$K/d/13-extra.csv"
        cp -r "$K/d" "$K/d.old"
        echo "# older" >>"$K/d.old/department.yaml"
        [ "$(tree_sum "$K/d")" = "$PREV" ] || fail "the kill test's set-up"
        OLDER=$(tree_sum "$K/d.old")
    fi
}

# after_kill MODE NEW WHAT: what a killed import may leave (NEW: the digest
# of the complete new folder), then what the next import leaves
LEAKS=0
after_kill() {
    local mode=$1 new=$2 what=$3 v h s found=no
    v=$(visible "$K" | tr '\n' ' ')
    case "$v" in "" | "d " | "d.old " | "d d.old ") ;; *) fail "$what: left $v" ;; esac
    for h in $(hidden "$K"); do
        [[ $h =~ ^\.d\.import-[A-Za-z0-9]{6}$ ]] || fail "$what: left $h"
    done
    if [ "$mode" = new ]; then
        [ ! -e "$K/d.old" ] || fail "$what: made d.old"
        [ ! -e "$K/d" ] || [ "$(tree_sum "$K/d")" = "$new" ] || fail "$what: d is incomplete"
    else
        # d is the complete old or new folder; the old content is never lost
        if [ -e "$K/d" ]; then
            s=$(tree_sum "$K/d")
            [ "$s" = "$PREV" ] || [ "$s" = "$new" ] || fail "$what: d is neither old nor new"
            [ "$s" = "$PREV" ] && found=yes
        fi
        if [ -e "$K/d.old" ]; then
            s=$(tree_sum "$K/d.old")
            [ "$s" = "$OLDER" ] || [ "$s" = "$PREV" ] || fail "$what: d.old is neither"
            [ "$s" = "$PREV" ] && found=yes
        fi
        for h in $(hidden "$K"); do
            [ ! -e "$K/$h/$MARKER" ] && [ "$(tree_sum "$K/$h")" = "$PREV" ] && found=yes
        done
        [ $found = yes ] || fail "$what: the previous content of d is lost"
        [ -e "$K/d" ] || [ "$(tree_sum "$K/d.old")" = "$PREV" ] || fail "$what: d is missing"
    fi
    # the next import into the same folder sweeps the killed run's temps;
    # the only hidden folder that may stay is the previous content of d
    # (a kill between the exchange and the rename to d.old), never swept
    run "$BP" import "$W/book.xlsx" -o "$K/next"
    expect_rc 0 "$what: the next import"
    # an empty folder (killed before it was marked) goes once 2 s old
    for h in $(hidden "$K"); do
        if [ -z "$(ls -A "$K/$h")" ]; then
            sleep 2.5
            rm -rf "$K/next"
            run "$BP" import "$W/book.xlsx" -o "$K/next"
            expect_rc 0 "$what: the import 2 s later"
            [ ! -e "$K/$h" ] || fail "$what: the empty temp $h is not swept"
        fi
    done
    for h in $(hidden "$K"); do
        [ ! -e "$K/$h/$MARKER" ] || fail "$what: the next import left the temp $h"
        [ "$(tree_sum "$K/$h")" = "$PREV" ] || fail "$what: the next import left $h"
        LEAKS=$((LEAKS + 1))
    done
}

# traced ARGS...: strace ARGS (LeakSanitizer cannot run under ptrace: the
# sanitizer build checks leaks in the other runs)
traced() {
    env ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace "$@"
}

# killed by strace at the N-th call of a system call, before it runs: every
# step of writing and renaming
traced -f -qq -e trace=fsync -o "$TMP/strace.log" "$BP" import "$W/book.xlsx" -o "$TMP/count" ||
    fail "import under strace"
n_fsync=$(grep -c 'fsync(' "$TMP/strace.log")
[ "$n_fsync" -gt 3 ] || fail "strace counted $n_fsync fsync calls"
for mode in new force; do
    extra=()
    [ $mode = force ] && extra=(--force)
    for at in mkdirat:1 mkdirat:2 flock:1 fsync:1 fsync:$((n_fsync / 2)) fsync:$((n_fsync - 1)) \
        fsync:$n_fsync renameat2:1 renameat:1 renameat:2 unlinkat:1 unlinkat:2; do
        fresh $mode
        run traced -f -qq -o /dev/null -e trace="${at%%:*}" \
            -e inject="${at%%:*}:signal=KILL:when=${at##*:}" \
            "$BP" import "$W/book.xlsx" -o "$K/d" "${extra[@]}"
        [ "$RC" = 137 ] || [ "$RC" = 0 ] || fail "killed at $at ($mode): exit $RC"
        after_kill $mode "$NEW" "killed at $at ($mode)"
    done
done
# killed with every file written but the folder not yet in place: the
# complete temp folder, department.yaml and all, is no department to batch
fresh new
run traced -f -qq -o /dev/null -e trace=fsync -e inject=fsync:signal=KILL:when=$((n_fsync - 1)) \
    "$BP" import "$W/book.xlsx" -o "$K/d"
expect_rc 137 "killed before the rename"
ls "$K"/.d.import-*/department.yaml >/dev/null 2>&1 || fail "killed before the rename: no temp folder"
run "$BP" batch "$K" -o "$TMP/batch-out"
expect_rc 3 "batch over a killed import's parent folder"
expect_err_has "a hidden folder" "batch over a killed import's parent folder"
[ ! -e "$TMP/batch-out" ] || fail "batch rendered a killed import's temp folder"
after_kill new "$NEW" "killed before the rename (batch)"

# kill -9 at delays through the import of a bigger workbook (600 projects)
mkdir "$TMP/big"
"$GEN" "$SRC/examples/long-table-2024" "$LAYOUTS" "$TMP/big/big.xlsx" || fail "gen-annex-workbook (big)"
start=$(date +%s%N)
run "$BP" import "$TMP/big/big.xlsx" -o "$TMP/big-ref"
expect_rc 0 "import of the big workbook"
ms=$((($(date +%s%N) - start) / 1000000))
BIG=$(tree_sum "$TMP/big-ref")
for mode in new force; do
    extra=()
    [ $mode = force ] && extra=(--force)
    for k in 0 3 5 6 7 8 9; do
        fresh $mode
        "$BP" import "$TMP/big/big.xlsx" -o "$K/d" "${extra[@]}" >/dev/null 2>&1 &
        pid=$!
        [ $k = 0 ] || sleep "$(awk -v ms="$ms" -v k=$k 'BEGIN { printf "%.3f", ms * k / 9000 }')"
        kill -9 $pid 2>/dev/null || true
        wait $pid 2>/dev/null || true
        after_kill $mode "$BIG" "killed after $k/9 of its time ($mode)"
    done
done
note "one import of the bigger workbook: $ms ms; previous contents left hidden by a kill: $LEAKS"

pass
