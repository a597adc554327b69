#!/usr/bin/env bash
# test_batch.sh — budgetpdf batch over a small generated set of departments
# (tools/gen_departments.c): every department rendered, the summary
# correct, a broken department reported while the others are written, safe
# and unique output names (a department named with '/', '..' and spaces,
# two departments with the same code and name), --shard slices disjoint and
# covering, and byte-identical PDFs at -j1 and -j2; every folder skipped is
# reported, a department.yaml that is no regular file is a failed
# department, two runs into one folder do not collide, and the output
# folder is swept of stale temporary files once per batch (not per PDF).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tool pdfinfo strace flock touch

GEN=${GEN:-$BUILD/gen-departments}
[ -x "$GEN" ] || fail "generator not found at GEN=$GEN (build the gen-departments target)"

ROOT=$TMP/root
check "the generator: deterministic, and its departments pass budgetpdf check"
"$GEN" -n 6 -s 42 --projects 10-40 "$ROOT" || fail "gen-departments failed"
"$GEN" -n 6 -s 42 --projects 10-40 "$TMP/again" || fail "gen-departments failed (again)"
diff -r "$ROOT" "$TMP/again" >/dev/null || fail "the same seed gave different departments"
"$GEN" -n 2 -s 43 --projects 10-40 "$TMP/other"
if diff -r "$ROOT/dept-0001" "$TMP/other/dept-0001" >/dev/null; then
    fail "another seed gave the same department"
fi
for d in "$ROOT"/dept-*; do
    run "$BP" check "$d"
    expect_rc 0 "budgetpdf check $d"
    grep -q ": 0 errors, 0 rounding warnings" "$RUN_OUT" ||
        { cat "$RUN_OUT" >&2; fail "$d: the generated figures do not add up exactly"; }
done

check "a broken department, an odd name and a duplicate"
# broken: an amount that is not a number (bad data). A department whose
# check fails is reported the same way (tests/unit/test_batch.c).
cp -r "$ROOT/dept-0002" "$ROOT/dept-0007-broken"
{ head -1 "$ROOT/dept-0002/08-three-public.csv"; echo "12.3万元,,,,,0.1"; } \
    >"$ROOT/dept-0007-broken/08-three-public.csv"
# a name with '/', '..' and spaces (it appears in titles and captions too,
# and the built-in check compares it there as a whole)
cp -r "$ROOT/dept-0003" "$ROOT/dept-0008-odd"
sed -i 's|^name: .*|name: "../上级 部门/../名称 含 空格"|; s|^code: .*|code: "../x"|' \
    "$ROOT/dept-0008-odd/department.yaml"
# the same code and name as dept-0001
cp -r "$ROOT/dept-0001" "$ROOT/dept-0009-dup"
# not departments: a file, a folder without department.yaml, a hidden folder
echo x >"$ROOT/README.txt"
mkdir "$ROOT/empty" "$ROOT/.hidden"
cp "$ROOT/dept-0001/department.yaml" "$ROOT/.hidden/"
NDEPT=9

OUT2=$TMP/out-j2
run "$BP" batch "$ROOT" -o "$OUT2" -j 2
expect_rc 1 "batch with a broken department"
grep -qF "dept-0007-broken" "$RUN_ERR" || { cat "$RUN_ERR" >&2; fail "the broken department is not reported"; }
grep -qF "08-three-public.csv:2" "$RUN_ERR" || { cat "$RUN_ERR" >&2; fail "the failure is not explained"; }
grep -qx "budgetpdf: skipped empty: no department.yaml" "$RUN_ERR" ||
    { cat "$RUN_ERR" >&2; fail "the folder without department.yaml is not reported"; }
grep -qx "budgetpdf: skipped .hidden: a hidden folder" "$RUN_ERR" ||
    { cat "$RUN_ERR" >&2; fail "the hidden folder is not reported"; }
grep -q "README.txt" "$RUN_ERR" && fail "a file beside the folders was reported as a folder"
[ "$(grep -c . "$RUN_ERR")" -le 6 ] || { cat "$RUN_ERR" >&2; fail "more on stderr than the failure and the skips"; }
if grep -q $'\r' "$RUN_ERR" "$RUN_OUT"; then fail "a progress line was drawn although stderr is not a terminal"; fi
[ "$(wc -l <"$RUN_OUT")" = 1 ] || { cat "$RUN_OUT" >&2; fail "stdout should be one summary line"; }
expect_out_has "8 of 9 departments rendered, 1 failed" "summary line"

check "the summary"
S=$OUT2/summary.csv
[ -f "$S" ] || fail "no summary.csv"
[ "$(head -c 3 "$S" | od -An -tx1 | tr -d ' ')" = efbbbf ] || fail "summary.csv has no UTF-8 byte order mark"
head -1 "$S" | tr -d '\r' | sed 's/^\xEF\xBB\xBF//' | grep -qx "folder,code,name,status,pages,bytes,milliseconds,file,message" ||
    fail "summary header: $(head -1 "$S")"
[ "$(tail -n +2 "$S" | grep -c .)" = $((NDEPT + 2)) ] || fail "summary should have $NDEPT rows and 2 skips"
csv_rows "$S" | tr '\036' '\n' | tail -n +2 | sed 's/^\xEF\xBB\xBF//' >"$TMP/all-rows"
awk -F $'\037' '$4 != "skipped"' "$TMP/all-rows" >"$TMP/rows"
[ "$(awk -F $'\037' '$4 == "skipped" {print $1 ":" $9}' "$TMP/all-rows" | tr '\n' ' ')" = ".hidden:a hidden folder empty:no department.yaml " ] ||
    fail "the skipped folders are not the last rows of the summary, with their reasons"
folders=$(cut -d $'\037' -f1 "$TMP/rows" | tr '\n' ' ')
[ "$folders" = "dept-0001 dept-0002 dept-0003 dept-0004 dept-0005 dept-0006 dept-0007-broken dept-0008-odd dept-0009-dup " ] ||
    fail "summary rows are not the departments in folder order: $folders"
while IFS=$'\037' read -r folder code name status pages bytes ms file message; do
    if [ "$folder" = dept-0007-broken ]; then
        [ "$status" = input ] || fail "$folder: status '$status', expected input"
        [ -z "$file" ] && [ "$pages" = 0 ] && [ "$bytes" = 0 ] || fail "$folder: a failed department has a file"
        case $message in *"08-three-public.csv:2"*"12.3万元"*) ;; *) fail "$folder: message '$message'" ;; esac
        continue
    fi
    [ "$status" = ok ] || fail "$folder: status '$status' ($message)"
    [ -f "$OUT2/$file" ] || fail "$folder: summary names $file, which is not in $OUT2"
    [ "$pages" = "$(pdf_pages "$OUT2/$file")" ] || fail "$folder: $pages pages in the summary, pdfinfo says otherwise"
    [ "$bytes" = "$(file_size "$OUT2/$file")" ] || fail "$folder: $bytes bytes in the summary"
    [[ $ms =~ ^[0-9]+\.[0-9]$ ]] || fail "$folder: milliseconds '$ms'"
    want_code=$(sed -n 's/^code: "\(.*\)"$/\1/p' "$ROOT/$folder/department.yaml")
    [ "$code" = "$want_code" ] || fail "$folder: code '$code', department.yaml says '$want_code'"
done <"$TMP/rows"
[ "$(find "$OUT2" -name '*.pdf' | wc -l)" = $((NDEPT - 1)) ] || fail "expected $((NDEPT - 1)) PDFs in $OUT2"
no_tmp_left "$OUT2" "batch"

check "output names: safe and unique"
find "$OUT2" -mindepth 1 -not -name '*.pdf' -not -name summary.csv | grep . && fail "unexpected files in $OUT2"
[ -z "$(find "$TMP" -name '*名称*' -not -path "$OUT2/*" -not -path "$ROOT/*")" ] ||
    fail "a file was written outside the output folder"
for f in "$OUT2"/*.pdf; do
    b=$(basename "$f")
    case $b in .* | -* | *..* | *' '* | *'\'*) fail "unsafe file name '$b'" ;; esac
    LC_ALL=C grep -q '[[:cntrl:]]' <<<"$b" && fail "control character in '$b'"
done
odd=$(awk -F $'\037' '$1 == "dept-0008-odd" {print $8}' "$TMP/rows")
[ "$odd" = "_x-._上级_部门_._名称_含_空格.pdf" ] || fail "odd department named '$odd'"
case $odd in */* | .* | *..*) fail "unsafe name for the odd department: $odd" ;; esac
[ -f "$OUT2/$odd" ] || fail "odd department's file $odd missing"
first=$(awk -F $'\037' '$1 == "dept-0001" {print $8}' "$TMP/rows")
dup=$(awk -F $'\037' '$1 == "dept-0009-dup" {print $8}' "$TMP/rows")
[ "$dup" = "${first%.pdf}-2.pdf" ] || fail "duplicate department named '$dup', expected ${first%.pdf}-2.pdf"
cmp -s "$OUT2/$first" "$OUT2/$dup" || fail "the duplicate's PDF differs from the original's"

check "-j1 gives the same bytes as -j2"
OUT1=$TMP/out-j1
run "$BP" batch "$ROOT" -o "$OUT1" -j 1 -q
expect_rc 1 "batch -j1"
[ ! -s "$RUN_OUT" ] || fail "-q printed on stdout"
for f in "$OUT2"/*.pdf; do
    cmp -s "$f" "$OUT1/$(basename "$f")" || fail "$(basename "$f") differs between -j1 and -j2"
done
[ "$(find "$OUT1" -name '*.pdf' | wc -l)" = $((NDEPT - 1)) ] || fail "-j1 wrote another number of PDFs"

check "render gives the same bytes as batch (fonts subset on threads, or not)"
for d in dept-0001 dept-0004; do
    f=$(awk -F $'\037' -v d=$d '$1 == d {print $8}' "$TMP/rows")
    [ -n "$f" ] || fail "no file for $d in the summary"
    "$BP" render "$ROOT/$d" -o "$TMP/render-$d.pdf" || fail "render $d failed"
    cmp -s "$TMP/render-$d.pdf" "$OUT2/$f" || fail "render and batch differ for $d ($f)"
done

check "--shard K/N: disjoint slices covering every department, same names"
OUTS=$TMP/out-shards
: >"$TMP/shard-folders"
for k in 1 2 3; do
    run "$BP" batch "$ROOT" -o "$OUTS" --shard "$k/3" -j 2
    [ "$RC" = 0 ] || [ "$RC" = 1 ] || expect_rc 0 "batch --shard $k/3"
    sum=$OUTS/summary-$k-of-3.csv
    [ -f "$sum" ] || fail "no $sum"
    csv_rows "$sum" | tr '\036' '\n' | tail -n +2 | grep . | awk -F $'\037' '$4 != "skipped" {print $1}' >"$TMP/shard-$k"
    # slice k holds the departments at positions i with i % 3 == k - 1
    # shellcheck disable=SC2086
    want=$(printf '%s\n' $folders | awk -v k="$k" '(NR - 1) % 3 == k - 1')
    [ "$(cat "$TMP/shard-$k")" = "$want" ] || fail "shard $k/3 holds $(tr '\n' ' ' <"$TMP/shard-$k"), expected $(tr '\n' ' ' <<<"$want")"
    cat "$TMP/shard-$k" >>"$TMP/shard-folders"
done
[ "$(sort "$TMP/shard-folders" | uniq -d)" = "" ] || fail "shards overlap"
[ "$(sort -u "$TMP/shard-folders" | wc -l)" = "$NDEPT" ] || fail "shards do not cover every department"
[ ! -e "$OUTS/summary.csv" ] || fail "a sharded run wrote summary.csv"
for f in "$OUT2"/*.pdf; do
    cmp -s "$f" "$OUTS/$(basename "$f")" || fail "$(basename "$f") differs between the sharded and the whole run"
done

check "a department.yaml that is no regular file is a failed department"
R9=$TMP/root9
mkdir -p "$R9"
cp -r "$ROOT/dept-0001" "$R9/a-ok"
cp -r "$ROOT/dept-0001" "$R9/b-dangling"
rm "$R9/b-dangling/department.yaml"
ln -s "$TMP/nowhere/department.yaml" "$R9/b-dangling/department.yaml"
cp -r "$ROOT/dept-0001" "$R9/c-folder"
rm "$R9/c-folder/department.yaml"
mkdir "$R9/c-folder/department.yaml"
mkdir "$R9/d-nothing"
cp -r "$ROOT/dept-0001" "$R9/e-fifo"
rm "$R9/e-fifo/department.yaml"
mkfifo "$R9/e-fifo/department.yaml"
run timeout 60 "$BP" batch "$R9" -o "$TMP/out9" -j 2
expect_rc 1 "batch with a dangling department.yaml"
expect_out_has "1 of 4 departments rendered, 3 failed" "summary line"
grep -q "e-fifo.*department.yaml is a FIFO, not a file" "$RUN_ERR" ||
    { cat "$RUN_ERR" >&2; fail "the FIFO department.yaml is not reported"; }
grep -q "b-dangling.*department.yaml is a symbolic link to nothing" "$RUN_ERR" ||
    { cat "$RUN_ERR" >&2; fail "the dangling department.yaml is not reported"; }
grep -q "c-folder.*department.yaml is a folder, not a file" "$RUN_ERR" ||
    { cat "$RUN_ERR" >&2; fail "the department.yaml folder is not reported"; }
grep -qx "budgetpdf: skipped d-nothing: no department.yaml" "$RUN_ERR" ||
    { cat "$RUN_ERR" >&2; fail "the empty folder is not reported"; }
csv_rows "$TMP/out9/summary.csv" | tr '\036' '\n' | tail -n +2 | grep . |
    awk -F $'\037' '{print $1 "," $4}' | tr '\n' ' ' >"$TMP/rows9"
[ "$(cat "$TMP/rows9")" = "a-ok,ok b-dangling,input c-folder,input e-fifo,input d-nothing,skipped " ] ||
    fail "summary rows of root9: $(cat "$TMP/rows9")"

check "two batch runs into one folder at once, 40 times: no collision"
# 2,000 departments whose department.yaml does not parse: each run is
# little more than writing its summary, so the two runs write it at the
# same moment (with one shared temporary name, 4 tries in 60 failed)
R7=$TMP/root7
mkdir -p "$R7"
for i in $(seq -w 1 2000); do
    mkdir "$R7/d$i"
    echo "code: [" >"$R7/d$i/department.yaml"
done
for i in $(seq 1 40); do
    "$BP" batch "$R7" -o "$TMP/out7" -j 1 -q 2>"$TMP/e7a" &
    pa=$!
    "$BP" batch "$R7" -o "$TMP/out7" -j 1 -q 2>"$TMP/e7b" &
    pb=$!
    ra=0 rb=0
    wait $pa || ra=$?
    wait $pb || rb=$?
    [ "$ra" = 1 ] && [ "$rb" = 1 ] ||
        fail "try $i: concurrent batches exited $ra and $rb (1 expected): $(cat "$TMP/e7a" "$TMP/e7b")"
done
[ "$(tail -n +2 "$TMP/out7/summary.csv" | grep -c ',input,')" = 2000 ] || fail "the summary of the concurrent runs is wrong"
[ -z "$(find "$TMP/out7" -name '*.tmp*')" ] || fail "temporary files left: $(ls "$TMP/out7")"

check "the output folder is swept once, at the start: stale temporary files go, a live writer's stay"
# 50 small departments; the renders do not sweep (budgetpdf_options.no_sweep)
R10=$TMP/root10 O10=$TMP/out10
"$GEN" -n 50 -s 10 --projects 1-3 "$R10" >/dev/null || fail "gen-departments failed (50)"
mkdir -p "$O10"
stale() { echo partial >"$O10/$1" && touch -d '1 hour ago' "$O10/$1"; }
stale old.pdf.tmpAb3dE9     # a killed render: removed
stale summary.csv.tmpq1w2e3 # a killed batch's summary: removed
stale live.pdf.tmpLOCK01    # being written by another run (locked): kept
stale notes.pdf.tmp         # not a temp's name: kept
flock "$O10/live.pdf.tmpLOCK01" sleep 30 &
locker=$!
sleep 0.5
echo fresh >"$O10/fresh.pdf.tmpNEW001" # written by a concurrent writer just now: kept
# (LeakSanitizer cannot run under ptrace: the sanitizer build checks leaks
# in the other runs)
run env ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
    strace -f -qq -e trace=openat -o "$TMP/trace10" "$BP" batch "$R10" -o "$O10" -j 2 -q
kill "$locker" 2>/dev/null || true
wait "$locker" 2>/dev/null || true
expect_rc 0 "batch of 50 into a folder with temporary files"
for f in old.pdf.tmpAb3dE9 summary.csv.tmpq1w2e3; do
    [ ! -e "$O10/$f" ] || fail "the stale temporary file $f was not removed by the batch"
done
for f in live.pdf.tmpLOCK01 notes.pdf.tmp fresh.pdf.tmpNEW001; do
    [ -e "$O10/$f" ] || fail "$f was removed by the batch (not a stale temporary file)"
done
[ "$(find "$O10" -maxdepth 1 -name '*.pdf' | wc -l)" = 50 ] || fail "the batch did not write 50 PDFs"
# the folder is listed (opendir: O_DIRECTORY|O_NONBLOCK) once, not once per
# department (it was 50); the other open is the sync at the end
sweeps=$(grep -cF "\"$O10\", O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_DIRECTORY" "$TMP/trace10" || true)
[ "$sweeps" = 1 ] || {
    grep -F "\"$O10\"" "$TMP/trace10" >&2
    fail "the output folder was listed $sweeps times for 50 departments (1 expected)"
}

check "usage errors"
for bad in "--shard 0/3" "--shard 4/3" "--shard 3" "--shard a/b" "-j 0" "-j x" \
    "--date yesterday" "--profile cmyk" "--crop-marks"; do
    # shellcheck disable=SC2086
    run "$BP" batch "$ROOT" -o "$TMP/bad" $bad
    expect_rc 2 "batch $bad"
done
run "$BP" batch "$ROOT"
expect_rc 2 "batch without -o"
expect_err_has "missing -o" "batch without -o"
run "$BP" batch "$ROOT/empty" -o "$TMP/none"
expect_rc 3 "batch of a folder without departments"
expect_err_has "no department folder" "batch of a folder without departments"
run "$BP" batch "$TMP/no-such-root" -o "$TMP/none"
expect_rc 3 "batch of a missing folder"
touch "$TMP/a-file"
run "$BP" batch "$ROOT" -o "$TMP/a-file"
expect_rc 4 "batch into a file"
check "the render options reach every department (--date now)"
(unset SOURCE_DATE_EPOCH; "$BP" batch "$ROOT" -o "$TMP/dated" --shard 1/9 -q --date now) ||
    fail "batch --date now failed"
dated=$(find "$TMP/dated" -name '*.pdf' | head -1)
[ -n "$dated" ] || fail "batch --shard 1/9 wrote no PDF"
(unset SOURCE_DATE_EPOCH; TZ=UTC pdfinfo "$dated") 2>&1 | grep -qE "^CreationDate:.* $(date -u +%Y)" ||
    fail "batch --date now: $dated has no CreationDate of $(date -u +%Y)"
run "$BP" batch --help
expect_rc 0 "batch --help"
expect_out_has "--shard K/N" "batch --help"

pass
