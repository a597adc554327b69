#!/usr/bin/env bash
# test_libharu_version.sh — CMake refuses a libharu version the PDF backend
# was not written for (docs/architecture.md, libharu internals), naming the
# version found and the supported ones; the installed 2.3.0 is accepted.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tmp=$TMP
inc=$(dirname "$(grep -l HPDF_VERSION_TEXT /usr/include/hpdf_version.h /usr/local/include/hpdf_version.h 2>/dev/null | head -1)")
[ -n "$inc" ] || fail "no hpdf_version.h found"

# A copy of the installed headers that claims another version.
mkdir -p "$tmp/inc"
cp "$inc"/hpdf*.h "$tmp/inc/"
sed -i 's/#define HPDF_VERSION_TEXT ".*"/#define HPDF_VERSION_TEXT "2.4.6"/' "$tmp/inc/hpdf_version.h"
if cmake -S "$SRC" -B "$tmp/b1" -DBUILD_TESTING=OFF -DHPDF_INCLUDE_DIR="$tmp/inc" >"$tmp/out1" 2>&1; then
  cat "$tmp/out1"; fail "cmake accepted libharu 2.4.6"
fi
grep -q "libharu 2.4.6 found" "$tmp/out1" || { cat "$tmp/out1"; fail "message does not name the version found"; }
grep -q "written for libharu 2.3.0" "$tmp/out1" || { cat "$tmp/out1"; fail "message does not name the supported versions"; }

# Headers without a version at all.
sed -i '/HPDF_VERSION_TEXT/d' "$tmp/inc/hpdf_version.h"
if cmake -S "$SRC" -B "$tmp/b2" -DBUILD_TESTING=OFF -DHPDF_INCLUDE_DIR="$tmp/inc" >"$tmp/out2" 2>&1; then
  fail "cmake accepted a libharu without a version"
fi
grep -q "libharu unknown" "$tmp/out2" || { cat "$tmp/out2"; fail "no 'unknown' version message"; }

# The installed one passes.
cmake -S "$SRC" -B "$tmp/b3" -DBUILD_TESTING=OFF >"$tmp/out3" 2>&1 || { cat "$tmp/out3"; fail "cmake refused the installed libharu"; }
grep -q "libharu 2.3.0 (supported: 2.3.0)" "$tmp/out3" || fail "no version status line"
pass
