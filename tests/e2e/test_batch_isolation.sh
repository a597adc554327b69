#!/usr/bin/env bash
# test_batch_isolation.sh — a batch survives any single department: each
# department is rendered in a worker process, so one that crashes, hangs
# or exhausts memory is reported in summary.csv and in the JSON lines
# (crashed / timeout / resource, with the signal or cause) and every other
# department is rendered. The faults come from tests/preload/fault_preload.c
# (LD_PRELOAD; FAULT_PRELOAD is set by ctest): it fails the process that
# opens a CSV file whose path holds CRASHME, HANGME or HOGME, which in a
# batch is the render of that department alone. The exit code is the
# documented one for failed departments (1), no temp file is left, and
# the JSON lines validate against docs/check-report.schema.json.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tool pdfinfo

GEN=${GEN:-$BUILD/gen-departments}
[ -x "$GEN" ] || fail "generator not found at GEN=$GEN (build the gen-departments target)"
: "${FAULT_PRELOAD:=$BUILD/tests/bp_fault_preload.so}"
[ -f "$FAULT_PRELOAD" ] || fail "the fault preload is not built at FAULT_PRELOAD=$FAULT_PRELOAD"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
"$PY" -c 'import jsonschema' 2>/dev/null || fail "needs python3-jsonschema (apt-get install python3-jsonschema)"
SCHEMA="$SRC/docs/check-report.schema.json"
# the preload comes before an AddressSanitizer runtime in the load order
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

validate() {
    "$PY" - "$SCHEMA" "$@" <<'PYEOF' || fail "JSON does not validate against the schema: $*"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1], encoding="utf-8"))
v = jsonschema.Draft202012Validator(schema)
for path in sys.argv[2:]:
    for line in open(path, encoding="utf-8"):
        if line.strip():
            v.validate(json.loads(line))
PYEOF
}

# batch_faulty ROOT OUT ARGS...: budgetpdf batch with the fault preloaded.
batch_faulty() {
    local root=$1 out=$2
    shift 2
    run env LD_PRELOAD="$FAULT_PRELOAD" "$BP" batch "$root" -o "$out" "$@"
}

# good_ones OUT SUMMARY N: N departments ok, each with its PDF.
good_ones() {
    local out=$1 n=$3 f
    [ "$(grep -c ',ok,' "$2")" = "$n" ] || { cat "$2" >&2; fail "expected $n departments ok"; }
    for f in $(grep ',ok,' "$2" | cut -d, -f8); do
        pdfinfo "$out/$f" >/dev/null 2>&1 || fail "$out/$f: missing or not a PDF"
    done
    [ "$(find "$out" -name '*.pdf' | wc -l)" = "$n" ] || fail "$out: expected exactly $n PDFs"
    local temps
    temps=$(find "$out" -name '*.tmp*')
    [ -z "$temps" ] || fail "temp files left: $temps"
}

ROOT=$TMP/root
"$GEN" -n 4 -s 7 --projects 10-40 "$ROOT" >/dev/null || fail "gen-departments failed"
cp -r "$ROOT/dept-0002" "$ROOT/dept-0003-CRASHME"
mv "$ROOT/dept-0003" "$ROOT/dept-0005"
# its code and name differ from dept-0002's
sed -i 's|^code: .*|code: "903"|; s|^name: .*|name: 崩溃测试局|' "$ROOT/dept-0003-CRASHME/department.yaml"

check "the fault preload itself: render of a CRASHME department dies of SIGSEGV"
run env LD_PRELOAD="$FAULT_PRELOAD" "$BP" render "$ROOT/dept-0003-CRASHME" -o "$TMP/x.pdf"
[ "$RC" = 139 ] || fail "render under the preload: exit $RC, expected 139 (SIGSEGV)"

check "a department that crashes: reported crashed with its signal, the others rendered"
for j in 1 2; do
    OUT=$TMP/out-crash-j$j
    batch_faulty "$ROOT" "$OUT" -j $j
    expect_rc 1 "batch -j $j with a crashing department"
    S=$OUT/summary.csv
    [ -f "$S" ] || fail "batch -j $j: no summary.csv"
    grep -q '^dept-0003-CRASHME,903,崩溃测试局,crashed,0,0,.*signal 11 (SIGSEGV' "$S" ||
        { cat "$S" >&2; fail "batch -j $j: no crashed row naming SIGSEGV for dept-0003-CRASHME"; }
    good_ones "$OUT" "$S" 4
    expect_err_has "dept-0003-CRASHME (903 崩溃测试局): crashed:" "batch -j $j"
    expect_out_has "4 of 5 departments rendered, 1 failed" "batch -j $j"
done

check "the same bytes as a batch without the faulty department"
mkdir "$TMP/clean"
for d in "$ROOT"/dept-000[1245]; do cp -r "$d" "$TMP/clean/"; done
run "$BP" batch "$TMP/clean" -o "$TMP/out-clean" -j 2 -q
expect_rc 0 "batch of the good departments"
for f in "$TMP/out-clean"/*.pdf; do
    cmp -s "$f" "$TMP/out-crash-j2/$(basename "$f")" || fail "$(basename "$f") differs"
done
# and the same bytes in process (--no-isolate)
run "$BP" batch "$TMP/clean" -o "$TMP/out-threads" -j 2 -q --no-isolate
expect_rc 0 "batch --no-isolate of the good departments"
for f in "$TMP/out-clean"/*.pdf; do
    cmp -s "$f" "$TMP/out-threads/$(basename "$f")" || fail "--no-isolate: $(basename "$f") differs"
done

check "--format json: the crashed department's line, valid against the schema"
batch_faulty "$ROOT" "$TMP/out-json" -j 2 --format json
expect_rc 1 "batch --format json with a crashing department"
validate "$RUN_OUT"
"$PY" - "$RUN_OUT" <<'PYEOF' || fail "the JSON lines do not report the crash"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
assert len(lines) == 5, len(lines)
bad = [l for l in lines if l["folder"] == "dept-0003-CRASHME"][0]
assert bad["status"] == "crashed" and bad["signal"] == 11 and bad["file"] is None, bad
assert "SIGSEGV" in bad["message"], bad
assert sorted(l["status"] for l in lines) == ["crashed", "ok", "ok", "ok", "ok"]
assert all("signal" not in l for l in lines if l["status"] == "ok")
PYEOF

check "a department that hangs: killed after --timeout, reported timeout"
R2=$TMP/root-hang
mkdir "$R2"
cp -r "$ROOT/dept-0001" "$ROOT/dept-0002" "$R2/"
cp -r "$ROOT/dept-0003-CRASHME" "$R2/dept-0003-HANGME"
batch_faulty "$R2" "$TMP/out-hang" -j 2 --timeout 2 --format json
expect_rc 1 "batch --timeout 2 with a hanging department"
S=$TMP/out-hang/summary.csv
grep -q '^dept-0003-HANGME,903,崩溃测试局,timeout,0,0,.*after 2 s' "$S" ||
    { cat "$S" >&2; fail "no timeout row for dept-0003-HANGME"; }
good_ones "$TMP/out-hang" "$S" 2
validate "$RUN_OUT"
grep -q '"folder":"dept-0003-HANGME".*"status":"timeout"' "$RUN_OUT" ||
    { cat "$RUN_OUT" >&2; fail "no timeout JSON line"; }
# no worker is left behind
sleep 0.2
if pgrep -f "$R2" >/dev/null; then fail "a worker of the hanging batch is still running"; fi

check "a department that exhausts memory: reported resource, the others rendered"
# HOGME takes all the address space --memory-limit leaves and goes on: the
# render then runs out of memory (an AddressSanitizer build's allocator
# must return NULL for that, as malloc does)
R3=$TMP/root-hog
mkdir "$R3"
cp -r "$ROOT/dept-0001" "$ROOT/dept-0002" "$R3/"
cp -r "$ROOT/dept-0003-CRASHME" "$R3/dept-0003-HOGME"
cp -r "$ROOT/dept-0003-CRASHME" "$R3/dept-0004-KILLME"
sed -i 's|^code: .*|code: "904"|' "$R3/dept-0004-KILLME/department.yaml"
ASAN_OPTIONS="$ASAN_OPTIONS:allocator_may_return_null=1" \
    batch_faulty "$R3" "$TMP/out-hog" -j 1 --memory-limit 200
expect_rc 1 "batch --memory-limit 200 with departments that exhaust memory"
S=$TMP/out-hog/summary.csv
grep -q '^dept-0003-HOGME,903,崩溃测试局,resource,0,0,.*out of memory' "$S" ||
    { cat "$S" >&2; fail "no resource row for dept-0003-HOGME"; }
# killed by the kernel's out-of-memory killer (SIGKILL, not the batch's)
grep -q '^dept-0004-KILLME,904,崩溃测试局,resource,0,0,.*out of memory.*signal 9 (SIGKILL' "$S" ||
    { cat "$S" >&2; fail "no resource row naming SIGKILL for dept-0004-KILLME"; }
# the department after them gets a worker with its memory free
good_ones "$TMP/out-hog" "$S" 2
# without the limit the same department renders (the preload's hog stops at 256 MB)
run env LD_PRELOAD="$FAULT_PRELOAD" "$BP" batch "$R3" -o "$TMP/out-nolimit" -j 1 --memory-limit 0 -q
grep -q '^dept-0003-HOGME,903,崩溃测试局,ok,' "$TMP/out-nolimit/summary.csv" ||
    { cat "$TMP/out-nolimit/summary.csv" >&2; fail "without a limit the HOGME department does not render"; }

check "bad limits are usage errors"
run "$BP" batch "$ROOT" -o "$TMP/o" --timeout -1
expect_rc 2 "--timeout -1"
run "$BP" batch "$ROOT" -o "$TMP/o" --memory-limit lots
expect_rc 2 "--memory-limit lots"

pass
