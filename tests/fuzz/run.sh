#!/usr/bin/env bash
# run.sh SECONDS [TARGET...] — runs each libFuzzer target of build-fuzz/
# (`make fuzz` builds them: cmake --preset fuzz) for SECONDS, one after the
# other; default: all of them. A crash, a leak, a UBSan report, an input that
# takes more than 25 s (a hang) or more than 2.5 GB fails the target; the
# input is left in build-fuzz/fuzz-work/artifacts/ (see README.md for how
# to turn it into a regression test). The inputs a run adds to a target's
# corpus are kept in build-fuzz/fuzz-work/corpus/<target>/ for the next
# run; the seed corpus and the regression inputs are read, never written.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_layout fuzz_department fuzz_csv_utf8 fuzz_csv_gb18030 fuzz_render fuzz_rules fuzz_font_profile fuzz_workbook fuzz_figures fuzz_document fuzz_check_text fuzz_wb_bind fuzz_biff fuzz_docx)
build=${FUZZ_BUILD:-$src/build-fuzz}
work=$build/fuzz-work
mkdir -p "$work/artifacts" "$work/tmp"
export LSAN_OPTIONS="suppressions=$src/tests/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export TMPDIR="$work/tmp" # the targets' scratch folders

passed=0
failed=0
for t in "${targets[@]}"; do
    bin=$build/tests/$t
    [ -x "$bin" ] || { echo "fuzz: $bin not built (make fuzz, or cmake --preset fuzz)" >&2; exit 2; }
    mkdir -p "$work/corpus/$t"
    dirs=("$work/corpus/$t" "$src/tests/fuzz/corpus/$t")
    [ -d "$src/tests/fuzz/regressions/$t" ] && dirs+=("$src/tests/fuzz/regressions/$t")
    log=$work/$t.log
    start=$(date +%s)
    rc=0
    "$bin" -max_total_time="$secs" -timeout=25 -rss_limit_mb=2560 -print_final_stats=1 \
        -artifact_prefix="$work/artifacts/$t-" "${dirs[@]}" >"$log" 2>&1 || rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    echo "fuzz: $t: ${runs:-?} inputs in $(($(date +%s) - start)) s, exit $rc"
    if [ "$rc" = 0 ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        grep -a -E 'ERROR|SUMMARY|runtime error|unexpected|does not name|not valid|Test unit written' "$log" |
            head -n 20 | sed 's/^/    /'
        echo "    the whole log: $log"
    fi
done
rm -rf "$work/tmp"
echo "fuzz: $passed passed, $failed failed"
[ "$failed" = 0 ]
