#!/usr/bin/env bash
# test_input_rules.sh — every input follows the rule of the CSV files and
# layouts (docs/limits.md, Files): a regular file inside its folder, a
# symbolic link that leads out refused with the same message.
#   - department.yaml's `workbook:` naming a link out of the department
#     folder: render and check exit 3 with the message, nothing written;
#     naming a FIFO: exit 3, "not a regular file", without blocking;
#   - a batch ROOT entry (a department folder, a workbook) that is a link
#     leading out of ROOT: a summary row with the message, not rendered;
#     one leading to a folder inside ROOT is rendered;
#   - a FIFO named like a workbook (x.xlsx) in ROOT: a summary row and a
#     message on stderr, not silently dropped.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tool timeout

GENWB=$BUILD/gen-annex-workbook
[ -x "$GENWB" ] || fail "gen-annex-workbook not built at $GENWB"
# the seed's tables as a workbook (the same the demo renders)
WB=$TMP/seed.xlsx
"$GENWB" "$SEED" "$SRC/layouts/standard-2024" "$WB" || fail "gen-annex-workbook failed"
T=60

check "workbook: a link leading out of the department folder is refused (3)"
D=$TMP/dept
mkdir -p "$D" "$TMP/elsewhere"
cp "$WB" "$TMP/elsewhere/secret.xlsx"
cp "$SEED/department.yaml" "$D/"
echo "workbook: book.xlsx" >>"$D/department.yaml"
ln -s "$TMP/elsewhere/secret.xlsx" "$D/book.xlsx"
for cmd in render check; do
    if [ $cmd = render ]; then
        run timeout $T "$BP" render "$D" -o "$TMP/a.pdf"
    else
        run timeout $T "$BP" check "$D"
    fi
    expect_rc 3 "$cmd with workbook: linked out"
    expect_err_has "$D/book.xlsx: refused: it leads out of the department folder (a symbolic link to a file elsewhere?); inputs must be inside their folder (docs/limits.md)" "$cmd"
    if grep -qF "$TMP/elsewhere" "$RUN_ERR"; then fail "$cmd: the message shows where the link leads"; fi
done
[ ! -e "$TMP/a.pdf" ] || fail "a PDF was written"
# the same workbook as a file of the folder is read
rm "$D/book.xlsx"
cp "$WB" "$D/book.xlsx"
run timeout $T "$BP" check "$D"
expect_rc 0 "check with workbook: inside the folder"
# a link to a file inside the folder is allowed, as for a CSV
mv "$D/book.xlsx" "$D/real.xlsx"
ln -s real.xlsx "$D/book.xlsx"
run timeout $T "$BP" check "$D"
expect_rc 0 "check with workbook: linked inside the folder"

check "workbook: naming a FIFO is refused (3) without blocking"
rm "$D/book.xlsx"
mkfifo "$D/book.xlsx"
run timeout $T "$BP" render "$D" -o "$TMP/a.pdf"
expect_rc 3 "render with workbook: a FIFO"
expect_err_has "$D/book.xlsx: not a regular file" "render with workbook: a FIFO"

check "batch: ROOT entries leading out of ROOT are rows of the summary, not rendered"
R=$TMP/root
mkdir -p "$R" "$TMP/outside"
cp -r "$SEED" "$R/a-dept"
cp -r "$SEED" "$TMP/outside/b-dept"
sed -i 's|^code: .*|code: "902"|' "$TMP/outside/b-dept/department.yaml"
ln -s "$TMP/outside/b-dept" "$R/b-linked-out"
cp "$WB" "$TMP/outside/c.xlsx"
ln -s "$TMP/outside/c.xlsx" "$R/c-linked-out.xlsx"
ln -s a-dept "$R/d-linked-in" # inside ROOT: a department like any
mkfifo "$R/e-fifo.xlsx"
run timeout $T "$BP" batch "$R" -o "$TMP/out" -j 2
expect_rc 1 "batch with entries linked out and a FIFO"
S=$TMP/out/summary.csv
grep -q "^b-linked-out,,,input,0,0,.*$R/b-linked-out: refused: it leads out of the batch folder (a symbolic link to a file elsewhere?); inputs must be inside their folder (docs/limits.md)" "$S" ||
    { cat "$S" >&2; fail "no input row with the message for the folder linked out"; }
grep -q "^c-linked-out.xlsx,,,input,0,0,.*$R/c-linked-out.xlsx: refused: it leads out of the batch folder" "$S" ||
    { cat "$S" >&2; fail "no input row for the workbook linked out"; }
grep -q '^e-fifo.xlsx,,,input,0,0,.*e-fifo.xlsx is a FIFO, not a file' "$S" ||
    { cat "$S" >&2; fail "no row for the FIFO named like a workbook"; }
grep -q '^a-dept,.*,ok,' "$S" || { cat "$S" >&2; fail "a-dept not rendered"; }
grep -q '^d-linked-in,.*,ok,' "$S" || { cat "$S" >&2; fail "the link to a folder inside ROOT not rendered"; }
expect_err_has "e-fifo.xlsx" "batch: the FIFO reported on stderr"
expect_err_has "b-linked-out" "batch: the link out reported on stderr"
[ "$(find "$TMP/out" -name '*.pdf' | wc -l)" = 2 ] || { ls "$TMP/out" >&2; fail "expected 2 PDFs (a-dept, d-linked-in)"; }
if grep -rqF "902" "$S"; then fail "the department outside ROOT was read"; fi
# the same in process
run timeout $T "$BP" batch "$R" -o "$TMP/out2" -j 2 --no-isolate
expect_rc 1 "batch --no-isolate"
grep -q '^b-linked-out,,,input,' "$TMP/out2/summary.csv" || fail "--no-isolate: no row for the link out"

pass
