#!/usr/bin/env bash
# test_files.sh — faults of the file system (issue 13; docs/limits.md,
# Files): a named pipe in a fonts folder never hangs render, fonts or batch
# (1); an output that is one of the run's inputs is refused and the input
# left as it was (3); an input that leads out of its folder through a link
# is refused without showing its content (4); the PDF gets the umask's
# permissions and a replaced file keeps its mode (5); the temporary files
# of interrupted runs are removed by the next run, and nothing else is (8);
# a 255-byte output name works (11). Every command runs under `timeout`, so
# that a hang fails the test instead of blocking it.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tool timeout cmp stat touch mkfifo flock

LAY0="$SRC/layouts/standard-2024"
T=60 # seconds before a command counts as hung

# ---------------------------------------------------------------------
check "1: a named pipe in a fonts folder (render, fonts, batch) does not hang"
FD=$TMP/fonts-fifo
mkdir -p "$FD/sub"
cp /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc "$FD/" 2>/dev/null || true
mkfifo "$FD/x.ttf" "$FD/sub/y.otf"
run timeout 20 "$BP" render "$SEED" -o "$TMP/fifo.pdf" --fonts-dir "$FD"
[ "$RC" != 124 ] || fail "render --fonts-dir with a named pipe in it hung"
expect_rc 0 "render --fonts-dir with a named pipe in it"
[ -s "$TMP/fifo.pdf" ] || fail "render --fonts-dir with a named pipe: no PDF"
run timeout 20 "$BP" fonts "$SEED" --fonts-dir "$FD"
[ "$RC" != 124 ] || fail "fonts --fonts-dir with a named pipe in it hung"
expect_rc 0 "fonts --fonts-dir with a named pipe in it"
mkdir -p "$TMP/fifo-root"
cp -r "$SEED" "$TMP/fifo-root/dept-a"
run timeout 20 "$BP" batch "$TMP/fifo-root" -o "$TMP/fifo-out" --fonts-dir "$FD"
[ "$RC" != 124 ] || fail "batch --fonts-dir with a named pipe in it hung"
expect_rc 0 "batch --fonts-dir with a named pipe in it"
# a device and a dangling link are left out the same way
ln -s "$TMP/nowhere.ttf" "$FD/dangling.ttf"
ln -s /dev/zero "$FD/zero.ttf"
run timeout 20 "$BP" render "$SEED" -o "$TMP/fifo.pdf" --fonts-dir "$FD"
expect_rc 0 "render --fonts-dir with a pipe, a device and a dangling link"

# ---------------------------------------------------------------------
check "3: an output that is one of the run's inputs is refused, the input untouched"
D=$TMP/dept3
copy_seed "$D"
L=$TMP/layouts3
cp -r "$LAY0" "$L"
cp -r "$D" "$TMP/dept3-before"
cp -r "$L" "$TMP/layouts3-before"
# refuse OUT WHAT [ARGS...]: render D to OUT fails with status 2, names it,
# and leaves every input as it was, with no temporary file
refuse() {
    local out=$1 what=$2
    shift 2
    run timeout "$T" "$BP" render "$D" -o "$out" "$@"
    expect_rc 2 "$what"
    expect_err_has "an input of this run" "$what"
    diff -r "$TMP/dept3-before" "$D" >/dev/null || fail "$what: the department folder changed"
    diff -r "$TMP/layouts3-before" "$L" >/dev/null || fail "$what: the layout set folder changed"
    no_tmp_left "$D" "$what"
    no_tmp_left "$L" "$what"
}
refuse "$D/05-gpb-expenditure.csv" "-o a CSV of the department"
refuse "$D/department.yaml" "-o department.yaml"
refuse "$L/set.yaml" "-o the layout set's set.yaml" --layouts "$L"
refuse "$L/05-gpb-expenditure.yaml" "-o a table layout" --layouts "$L"
refuse "$L/rules.yaml" "-o rules.yaml" --layouts "$L"
ln "$D/02-income.csv" "$TMP/hardlink.csv"
refuse "$TMP/hardlink.csv" "-o a hard link to a CSV"
ln -s "$D/department.yaml" "$TMP/symlink.yaml"
refuse "$TMP/symlink.yaml" "-o a symbolic link to department.yaml"
cmp -s "$D/department.yaml" "$TMP/dept3-before/department.yaml" || fail "department.yaml changed"
printf 'body: ["AR PL UMing CN"]\n' >"$TMP/profile.yaml"
cp "$TMP/profile.yaml" "$TMP/profile-before.yaml"
refuse "$TMP/profile.yaml" "-o the font profile" --fonts "$TMP/profile.yaml"
cmp -s "$TMP/profile.yaml" "$TMP/profile-before.yaml" || fail "the font profile changed"
# the same folder is fine for an output that is not an input
run timeout "$T" "$BP" render "$D" -o "$D/annex.pdf"
expect_rc 0 "-o a new file in the department folder"

# ---------------------------------------------------------------------
check "4: an input leading out of its folder is refused without showing its content"
SECRET='root:$6$Zsecret-hash-line-4711:19000:0:99999:7:::'
printf '%s\nsecond line\n' "$SECRET" >"$TMP/secret"
chmod 600 "$TMP/secret"
# refuse_link DIR FILE WHAT [ARGS...]: DIR/FILE is a link to the secret;
# check and render fail with status 3, name FILE, never show the secret
refuse_link() {
    local dir=$1 file=$2 what=$3 cmd
    shift 3
    ln -sf "$TMP/secret" "$dir/$file"
    for cmd in check render; do
        if [ "$cmd" = render ]; then
            run timeout "$T" "$BP" render "$D4" -o "$TMP/out4/a.pdf" "$@"
        else
            run timeout "$T" "$BP" check "$D4" "$@"
        fi
        expect_rc 3 "$cmd: $what"
        expect_err_has "$file: refused: it leads out of the" "$cmd: $what"
        if grep -qF "Zsecret" "$RUN_ERR" "$RUN_OUT" || grep -qF "$TMP/secret" "$RUN_ERR"; then
            cat "$RUN_ERR" >&2
            fail "$cmd: $what: the message shows the linked file"
        fi
    done
    [ ! -e "$TMP/out4/a.pdf" ] || fail "$what: a PDF was written"
}
mkdir -p "$TMP/out4"
D4=$TMP/dept4
copy_seed "$D4"
refuse_link "$D4" 05-gpb-expenditure.csv "a CSV linked out of the department folder"
copy_seed "$D4"
refuse_link "$D4" department.yaml "department.yaml linked out of the department folder"
L4=$TMP/layouts4
copy_seed "$D4"
cp -r "$LAY0" "$L4"
refuse_link "$L4" 05-gpb-expenditure.yaml "a table layout linked out of the layout set" --layouts "$L4"
rm -rf "$L4"
cp -r "$LAY0" "$L4"
refuse_link "$L4" rules.yaml "rules.yaml linked out of the layout set" --layouts "$L4"
rm -rf "$L4"
cp -r "$LAY0" "$L4"
refuse_link "$L4" set.yaml "set.yaml linked out of the layout set" --layouts "$L4"
# data: .. names the parent folder, not a file in the department folder
rm -rf "$L4"
cp -r "$LAY0" "$L4"
copy_seed "$D4"
sed -i 's/^data: .*/data: ../' "$L4/02-income.yaml"
run timeout "$T" "$BP" check "$D4" --layouts "$L4"
expect_rc 3 "data: .."
expect_err_match "02-income.yaml:[0-9]+:[0-9]+: data must be a file name in the department folder, not '\.\.'" "data: .."
# a link inside the folder is fine, and so is a folder reached by a link
copy_seed "$D4"
mkdir "$D4/raw"
mv "$D4/05-gpb-expenditure.csv" "$D4/raw/"
ln -s raw/05-gpb-expenditure.csv "$D4/05-gpb-expenditure.csv"
ln -s "$D4" "$TMP/dept4-link"
run timeout "$T" "$BP" render "$TMP/dept4-link" -o "$TMP/out4/inside.pdf"
expect_rc 0 "a CSV linked inside the department folder, the folder reached by a link"
# a named pipe as a CSV: refused at once
copy_seed "$D4"
rm "$D4/05-gpb-expenditure.csv"
mkfifo "$D4/05-gpb-expenditure.csv"
run timeout 20 "$BP" check "$D4"
[ "$RC" != 124 ] || fail "check with a named pipe as a CSV hung"
expect_rc 3 "a named pipe as a CSV"
expect_err_has "05-gpb-expenditure.csv: not a regular file" "a named pipe as a CSV"

# ---------------------------------------------------------------------
check "5: the PDF gets the umask's permissions; a replaced file keeps its mode"
O5=$TMP/out5
mkdir -p "$O5"
mode() { stat -c %a "$1"; }
(umask 077 && "$BP" render "$SEED" -o "$O5/u077.pdf") || fail "render under umask 077"
[ "$(mode "$O5/u077.pdf")" = 600 ] || fail "umask 077 gave mode $(mode "$O5/u077.pdf"), expected 600"
(umask 027 && "$BP" render "$SEED" -o "$O5/u027.pdf") || fail "render under umask 027"
[ "$(mode "$O5/u027.pdf")" = 640 ] || fail "umask 027 gave mode $(mode "$O5/u027.pdf"), expected 640"
(umask 022 && "$BP" render "$SEED" -o "$O5/u022.pdf") || fail "render under umask 022"
[ "$(mode "$O5/u022.pdf")" = 644 ] || fail "umask 022 gave mode $(mode "$O5/u022.pdf"), expected 644"
echo old >"$O5/private.pdf"
chmod 600 "$O5/private.pdf"
(umask 022 && "$BP" render "$SEED" -o "$O5/private.pdf") || fail "render over a 0600 file"
[ "$(mode "$O5/private.pdf")" = 600 ] || fail "an existing 0600 PDF became $(mode "$O5/private.pdf")"
cmp -s "$O5/private.pdf" "$O5/u022.pdf" || fail "the 0600 file was not replaced by the PDF"
echo old >"$O5/shared.pdf"
chmod 664 "$O5/shared.pdf"
(umask 077 && "$BP" render "$SEED" -o "$O5/shared.pdf") || fail "render over a 0664 file"
[ "$(mode "$O5/shared.pdf")" = 664 ] || fail "an existing 0664 PDF became $(mode "$O5/shared.pdf")"
no_tmp_left "$O5" "permissions"

# ---------------------------------------------------------------------
check "8: temporary files of interrupted runs are removed by the next run, nothing else"
O8=$TMP/out8
mkdir -p "$O8"
stale() { echo partial >"$O8/$1" && touch -d '1 hour ago' "$O8/$1"; }
stale annex.pdf.tmpAb3dE9          # a killed run of this output: removed
stale other.pdf.tmpZZ0123          # a killed run of another PDF: removed
stale summary.csv.tmpq1w2e3        # a killed summary: removed
stale 预算.PDF.tmpx9y8z7            # extension in any case: removed
stale locked.pdf.tmpLOCK01         # being written (locked): kept
stale notes.tmpabcdef              # not a PDF's or CSV's temp: kept
stale annex.pdf.tmp                # no random part: kept
stale annex.pdf.tmp12              # too short: kept
stale annex.pdf.tmpAB-DEF          # not letters and digits: kept
mkdir "$O8/dir.pdf.tmpDIR001"       # a folder: kept
touch -d '1 hour ago' "$O8/dir.pdf.tmpDIR001"
ln -s "$TMP/secret" "$O8/link.pdf.tmpLNK001" # a link: kept (and its target)
copy_seed "$TMP/dept8"
echo partial >"$TMP/dept8/x.pdf.tmpOTHER1" # another folder: kept
touch -d '1 hour ago' "$TMP/dept8/x.pdf.tmpOTHER1"
flock "$O8/locked.pdf.tmpLOCK01" sleep 30 &
locker=$!
sleep 0.5
echo fresh >"$O8/fresh.pdf.tmpNEW001" # written just before the run: kept
run timeout "$T" "$BP" render "$TMP/dept8" -o "$O8/annex.pdf"
kill "$locker" 2>/dev/null || true
wait "$locker" 2>/dev/null || true
expect_rc 0 "render into a folder with stale temporary files"
for f in annex.pdf.tmpAb3dE9 other.pdf.tmpZZ0123 summary.csv.tmpq1w2e3 预算.PDF.tmpx9y8z7; do
    [ ! -e "$O8/$f" ] || fail "the stale temporary file $f was not removed"
done
for f in locked.pdf.tmpLOCK01 notes.tmpabcdef annex.pdf.tmp annex.pdf.tmp12 annex.pdf.tmpAB-DEF \
    fresh.pdf.tmpNEW001 dir.pdf.tmpDIR001 link.pdf.tmpLNK001; do
    [ -e "$O8/$f" ] || [ -L "$O8/$f" ] || fail "$f was removed (not a stale temporary file of budgetpdf)"
done
[ -e "$TMP/dept8/x.pdf.tmpOTHER1" ] || fail "a temporary file outside the output folder was removed"
[ -s "$TMP/secret" ] || fail "the target of a link was removed"
[ -s "$O8/annex.pdf" ] || fail "no PDF written"
# a real kill -9: whatever it left is gone after the next run
"$BP" render "$SRC/examples/long-table-2024" -q -o "$O8/long.pdf" >/dev/null 2>&1 &
pid=$!
sleep 0.3
kill -KILL "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
find "$O8" -maxdepth 1 -name 'long.pdf.tmp*' -exec touch -d '1 hour ago' {} +
run timeout "$T" "$BP" render "$SEED" -o "$O8/annex.pdf"
expect_rc 0 "render after a killed run"
[ -z "$(find "$O8" -maxdepth 1 -name 'long.pdf.tmp*')" ] || fail "the killed run's temporary file is still there"

# ---------------------------------------------------------------------
check "11: an output name of 246 to 255 bytes works (the temporary name fits NAME_MAX)"
O11=$TMP/out11
mkdir -p "$O11"
for n in 246 250 255; do
    name=$(head -c $((n - 4)) </dev/zero | tr '\0' x).pdf
    [ ${#name} = "$n" ] || fail "test name of ${#name} bytes"
    run timeout "$T" "$BP" render "$SEED" -o "$O11/$name"
    expect_rc 0 "a $n-byte output name"
    [ -s "$O11/$name" ] || fail "a $n-byte output name: no PDF"
done
# 81 three-byte characters + 8 ASCII + .pdf = 255 bytes: shortened on a
# character boundary, the extension kept
name=$(printf '预%.0s' $(seq 81))abcdefgh.pdf
[ "$(printf '%s' "$name" | wc -c)" = 255 ] || fail "test name is not 255 bytes"
run timeout "$T" "$BP" render "$SEED" -o "$O11/$name"
expect_rc 0 "a 255-byte output name of Chinese characters"
cmp -s "$O11/$name" "$O11/$(head -c 251 </dev/zero | tr '\0' x).pdf" || fail "the 255-byte outputs differ"
no_tmp_left "$O11" "long names"

pass
