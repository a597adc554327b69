#!/usr/bin/env bash
# test_cli_errors.sh — the command line's contract: exit codes (0 ok,
# 2 usage, 3 bad input, 4 output/I/O), messages naming file:line:column,
# no output and no temp file left on failure, an existing output file left
# untouched by a failed render, byte-identical output on re-render, and
# SOURCE_DATE_EPOCH.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tool pdfinfo cmp find

OUT="$TMP/out" # the output folder of the failing cases: must stay empty
mkdir -p "$OUT"

# expect_no_output WHAT: nothing at all was written to $OUT.
expect_no_output() {
    local left
    left=$(find "$OUT" -mindepth 1 -print)
    [ -z "$left" ] || fail "$1: left behind in the output folder: $left"
}

# ---------------------------------------------------------------------
check "usage: no arguments -> 2"
run "$BP"
expect_rc 2 "budgetpdf with no arguments"
[ -s "$RUN_ERR" ] || fail "budgetpdf with no arguments: no usage on stderr"

check "--help -> 0, mentions the render command"
run "$BP" --help
expect_rc 0 "budgetpdf --help"
expect_out_has "render" "budgetpdf --help"

check "--version -> 0"
run "$BP" --version
expect_rc 0 "budgetpdf --version"
expect_out_has "budgetpdf" "budgetpdf --version"

check "render --help -> 0, mentions every option"
run "$BP" render --help
expect_rc 0 "budgetpdf render --help"
for opt in -o --output --layouts DEPT_DIR; do
    expect_out_has "$opt" "budgetpdf render --help"
done

check "unknown command -> 2"
run "$BP" rendr "$SEED" -o "$OUT/x.pdf"
expect_rc 2 "budgetpdf rendr"
expect_err_has "rendr" "budgetpdf rendr"
expect_no_output "unknown command"

check "render without -o -> 2"
run "$BP" render "$SEED"
expect_rc 2 "render without -o"
expect_err_has "-o" "render without -o"

check "render with an unknown option -> 2"
run "$BP" render "$SEED" -o "$OUT/x.pdf" --no-such-option
expect_rc 2 "render --no-such-option"
expect_no_output "unknown option"

check "render with no department / two departments -> 2"
run "$BP" render -o "$OUT/x.pdf"
expect_rc 2 "render without a department"
run "$BP" render "$SEED" "$SEED" -o "$OUT/x.pdf"
expect_rc 2 "render with two departments"
expect_no_output "usage errors"

check "a department folder that does not exist -> 3, naming it"
run "$BP" render "$TMP/no-such-department" -o "$OUT/x.pdf"
expect_rc 3 "missing department folder"
expect_err_has "$TMP/no-such-department" "missing department folder"
expect_no_output "missing department folder"

# ---------------------------------------------------------------------
check "a misspelt key in department.yaml -> 3, department.yaml:LINE:COL, did you mean"
copy_seed "$TMP/d1"
line=$(grep -n '^layouts:' "$TMP/d1/department.yaml" | cut -d: -f1)
[ -n "$line" ] || fail "the seed's department.yaml has no layouts: line"
sed -i 's/^layouts:/layuots:/' "$TMP/d1/department.yaml"
run "$BP" render "$TMP/d1" -o "$OUT/x.pdf"
expect_rc 3 "misspelt key in department.yaml"
expect_err_has "department.yaml:$line:1" "misspelt key in department.yaml"
expect_err_has "layuots" "misspelt key in department.yaml"
expect_err_has "did you mean" "misspelt key in department.yaml"
expect_err_has "layouts" "misspelt key in department.yaml"
expect_no_output "misspelt key in department.yaml"

check "a value of the wrong type in department.yaml -> 3, department.yaml:LINE:COL"
copy_seed "$TMP/d1b"
line=$(grep -n '^year:' "$TMP/d1b/department.yaml" | cut -d: -f1)
sed -i 's/^year:.*/year: twenty-four/' "$TMP/d1b/department.yaml"
run "$BP" render "$TMP/d1b" -o "$OUT/x.pdf"
expect_rc 3 "year: twenty-four"
expect_err_match "department\.yaml:$line:[0-9]+" "year: twenty-four"
expect_no_output "year: twenty-four"

check "a non-numeric amount in a CSV -> 3, FILE:LINE:COLUMN"
copy_seed "$TMP/d2"
f="$TMP/d2/05-gpb-expenditure.csv"
# line 3, the 206 row: replace its third cell (total) by text
awk -F, -v OFS=, 'NR == 3 { $3 = "1619.4万元" } { print }' "$f" >"$f.new" && mv "$f.new" "$f"
grep -q '^206,科学技术支出,1619.4万元,' "$f" || fail "could not corrupt $f (has its format changed?)"
run "$BP" render "$TMP/d2" -o "$OUT/x.pdf"
expect_rc 3 "non-numeric amount"
expect_err_has "05-gpb-expenditure.csv:3:3" "non-numeric amount"
expect_err_has "total" "non-numeric amount"
expect_err_has "1619.4万元" "non-numeric amount"
expect_no_output "non-numeric amount"

check "a CSV with a missing column -> 3, naming the column and the layout file"
copy_seed "$TMP/d3"
f="$TMP/d3/08-three-public.csv"
awk -F, -v OFS=, '{ NF = NF - 1; print }' "$f" >"$f.new" && mv "$f.new" "$f"
run "$BP" render "$TMP/d3" -o "$OUT/x.pdf"
expect_rc 3 "missing column"
expect_err_has "08-three-public.csv:1" "missing column"
expect_err_has "08-three-public.yaml" "missing column"
expect_no_output "missing column"

check "a CSV file missing -> 3, naming it"
copy_seed "$TMP/d4"
rm "$TMP/d4/07-economic.csv"
run "$BP" render "$TMP/d4" -o "$OUT/x.pdf"
expect_rc 3 "missing CSV"
expect_err_has "07-economic.csv" "missing CSV"
expect_no_output "missing CSV"

check "a layout with an unknown key (--layouts copy) -> 3, FILE:LINE:COL"
cp -r "$SRC/layouts/standard-2024" "$TMP/lay"
y="$TMP/lay/05-gpb-expenditure.yaml"
line=$(grep -n '^caption:' "$y" | cut -d: -f1)
[ -n "$line" ] || fail "05-gpb-expenditure.yaml has no caption: line"
sed -i 's/^caption:/captoin:/' "$y"
run "$BP" render "$SEED" -o "$OUT/x.pdf" --layouts "$TMP/lay"
expect_rc 3 "unknown key in a layout"
expect_err_has "05-gpb-expenditure.yaml:$line:1" "unknown key in a layout"
expect_err_has "captoin" "unknown key in a layout"
expect_err_has "did you mean 'caption'" "unknown key in a layout"
expect_no_output "unknown key in a layout"

check "an unknown key inside a column of a layout -> 3, FILE:LINE:COL"
cp -r "$SRC/layouts/standard-2024" "$TMP/lay2"
y="$TMP/lay2/05-gpb-expenditure.yaml"
line=$(grep -n 'key: total,' "$y" | head -n 1 | cut -d: -f1)
text=$(sed -n "${line}p" "$y")
prefix=${text%%width:*}
col=$(( $(printf '%s' "$prefix" | wc -m) + 1 ))
sed -i "${line}s/width:/widht:/" "$y"
run "$BP" render "$SEED" -o "$OUT/x.pdf" -l "$TMP/lay2"
expect_rc 3 "unknown key in a column"
expect_err_has "05-gpb-expenditure.yaml:$line:$col" "unknown key in a column"
expect_err_has "widht" "unknown key in a column"
expect_no_output "unknown key in a column"

check "--layouts pointing at a folder without set.yaml -> 3"
run "$BP" render "$SEED" -o "$OUT/x.pdf" --layouts "$TMP/no-such-layouts"
expect_rc 3 "--layouts to a missing folder"
expect_err_has "no-such-layouts" "--layouts to a missing folder"
expect_no_output "--layouts to a missing folder"

check "department.yaml naming a layout set that does not exist -> 3"
copy_seed "$TMP/d5"
sed -i 's/^layouts:.*/layouts: no-such-set-2024/' "$TMP/d5/department.yaml"
run "$BP" render "$TMP/d5" -o "$OUT/x.pdf"
expect_rc 3 "unknown layout set"
expect_err_has "no-such-set-2024" "unknown layout set"
expect_no_output "unknown layout set"

# ---------------------------------------------------------------------
check "an output folder that does not exist -> 4, no file"
run "$BP" render "$SEED" -o "$OUT/missing-dir/x.pdf"
expect_rc 4 "output folder missing"
[ -s "$RUN_ERR" ] || fail "output folder missing: no message"
expect_err_has "$OUT/missing-dir" "output folder missing"
expect_no_output "output folder missing"

check "an output path that is a folder -> 4, folder untouched"
mkdir "$OUT/adir"
run "$BP" render "$SEED" -o "$OUT/adir"
expect_rc 4 "output path is a folder"
[ -d "$OUT/adir" ] || fail "output path is a folder: the folder was replaced"
[ -z "$(find "$OUT/adir" -mindepth 1)" ] || fail "output path is a folder: files written into it"
no_tmp_left "$OUT" "output path is a folder"
rmdir "$OUT/adir"
expect_no_output "output path is a folder"

check "a failed render leaves an existing output file byte-identical"
printf '%%PDF-1.4 not really, but precious\n' >"$OUT/keep.pdf"
cp "$OUT/keep.pdf" "$TMP/keep.orig"
run "$BP" render "$TMP/d2" -o "$OUT/keep.pdf"
expect_rc 3 "bad CSV over an existing file"
cmp -s "$OUT/keep.pdf" "$TMP/keep.orig" || fail "a failed render (exit 3) changed the existing output file"
run "$BP" render "$TMP/d1" -o "$OUT/keep.pdf"
expect_rc 3 "bad department.yaml over an existing file"
cmp -s "$OUT/keep.pdf" "$TMP/keep.orig" || fail "a failed render (bad department.yaml) changed the existing output file"
no_tmp_left "$OUT" "failed render over an existing file"
rm "$OUT/keep.pdf"
expect_no_output "failed render over an existing file"

# ---------------------------------------------------------------------
check "rendering twice gives byte-identical files; no temp file left"
mkdir "$TMP/good"
render "$SEED" "$TMP/good/a.pdf"
render "$SEED" "$TMP/good/b.pdf"
cmp "$TMP/good/a.pdf" "$TMP/good/b.pdf" || fail "two renders of the same input differ"
no_tmp_left "$TMP/good" "successful render"
[ "$(find "$TMP/good" -mindepth 1 | wc -l)" = 2 ] || fail "extra files next to the output: $(ls -A "$TMP/good")"

check "a successful render replaces an existing file"
printf 'old\n' >"$TMP/good/c.pdf"
render "$SEED" "$TMP/good/c.pdf"
cmp -s "$TMP/good/a.pdf" "$TMP/good/c.pdf" || fail "rendering over an existing file did not replace it"

check "a relative output path in the current folder"
(cd "$TMP/good" && "$BP" render "$SEED" -o rel.pdf) || fail "render -o rel.pdf failed"
cmp -s "$TMP/good/a.pdf" "$TMP/good/rel.pdf" || fail "render -o rel.pdf differs"

check "without SOURCE_DATE_EPOCH the PDF carries no date"
(unset SOURCE_DATE_EPOCH; TZ=UTC pdfinfo "$TMP/good/a.pdf") >"$TMP/info0" 2>&1
! grep -qE '^CreationDate: +[A-Z]' "$TMP/info0" || fail "a CreationDate without SOURCE_DATE_EPOCH: $(grep CreationDate "$TMP/info0")"

check "SOURCE_DATE_EPOCH=1704067200 -> CreationDate in 2024"
SOURCE_DATE_EPOCH=1704067200 render "$SEED" "$TMP/good/dated.pdf"
TZ=UTC quiet_tool pdfinfo "$TMP/good/dated.pdf" >"$TMP/info1"
grep -E '^CreationDate:.*2024' "$TMP/info1" >/dev/null ||
    fail "pdfinfo CreationDate is not in 2024: $(grep -i date "$TMP/info1" || echo none)"
SOURCE_DATE_EPOCH=1704067200 render "$SEED" "$TMP/good/dated2.pdf"
cmp -s "$TMP/good/dated.pdf" "$TMP/good/dated2.pdf" || fail "two renders with SOURCE_DATE_EPOCH differ"

check "--date now -> a CreationDate of this year; bad option values -> 2"
(unset SOURCE_DATE_EPOCH; "$BP" render "$SEED" -o "$TMP/good/now.pdf" --date now) ||
    fail "render --date now failed"
(unset SOURCE_DATE_EPOCH; TZ=UTC pdfinfo "$TMP/good/now.pdf") >"$TMP/info2" 2>&1
grep -qE "^CreationDate:.* $(date -u +%Y)" "$TMP/info2" ||
    fail "render --date now: no CreationDate of $(date -u +%Y): $(grep -i date "$TMP/info2" || echo none)"
for bad in "--date yesterday" "--profile cmyk" "--crop-marks"; do
    # shellcheck disable=SC2086
    run "$BP" render "$SEED" -o "$OUT/x.pdf" $bad
    expect_rc 2 "render $bad"
    expect_err_has "${bad%% *}" "render $bad"
done
expect_no_output "bad option values"

pass
