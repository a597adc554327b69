#!/usr/bin/env bash
# test_install.sh — `cmake --install BUILD --prefix P` puts everything under
# P (binary, shared library, header, pkg-config file, man page, layouts) and
# nothing elsewhere; the installed binary renders the seed from outside the
# source tree with the installed layouts (found beside the binary, also after
# the prefix is moved); and a small C program built with
# `pkg-config --cflags --libs budgetpdf` against the installed header and
# library renders a PDF.
#
# The install is staged with DESTDIR, so that a rule with an absolute
# destination cannot write outside the test's temp folder (it is reported
# instead), then moved to P, where it is used.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tool cmake pkg-config cc pdftotext pdfinfo qpdf find

PREFIX="$TMP/prefix"
STAGE="$TMP/stage"
unset BUDGETPDF_LAYOUTS PKG_CONFIG_PATH PKG_CONFIG_LIBDIR SOURCE_DATE_EPOCH || true

check "cmake --install --prefix installs under the prefix only"
run env DESTDIR="$STAGE" cmake --install "$BUILD" --prefix "$PREFIX"
expect_rc 0 "cmake --install"
# every file installed must be inside the prefix
outside=$(find "$STAGE" \( -type f -o -type l \) ! -path "$STAGE$PREFIX/*" | sed "s|^$STAGE||")
if [ -n "$outside" ]; then
    printf '%s\n' "$outside" | head -n 20 | sed 's/^/  /' >&2
    soft_fail "cmake --install --prefix $PREFIX installs files outside the prefix (listed above; an absolute DESTINATION in CMakeLists.txt?)"
fi
[ -d "$STAGE$PREFIX" ] || fail "nothing installed under $PREFIX"
mv "$STAGE$PREFIX" "$PREFIX"

check "the prefix holds binary, library, header, pkg-config file, man page"
[ -x "$PREFIX/bin/budgetpdf" ] || fail "no bin/budgetpdf"
libso=$(find "$PREFIX" -path "$PREFIX/lib*/libbudgetpdf.so*" | head -n 1)
[ -n "$libso" ] || fail "no lib*/libbudgetpdf.so*"
LIBDIR=$(dirname "$libso")
[ -e "$LIBDIR/libbudgetpdf.so" ] || fail "no development symlink $LIBDIR/libbudgetpdf.so"
ls "$LIBDIR"/libbudgetpdf.so.[0-9]* >/dev/null 2>&1 || fail "no versioned libbudgetpdf.so.N"
[ -f "$PREFIX/include/budgetpdf.h" ] || fail "no include/budgetpdf.h"
pc=$(find "$PREFIX" -path "$PREFIX/lib*/pkgconfig/budgetpdf.pc" | head -n 1)
[ -n "$pc" ] || fail "no lib*/pkgconfig/budgetpdf.pc"
[ -f "$PREFIX/share/man/man1/budgetpdf.1" ] || fail "no share/man/man1/budgetpdf.1"
grep -q '^\.TH' "$PREFIX/share/man/man1/budgetpdf.1" || fail "budgetpdf.1 is not a man page (no .TH)"

check "pkg-config (PKG_CONFIG_PATH into the prefix) gives the prefix's folders"
export PKG_CONFIG_PATH
PKG_CONFIG_PATH=$(dirname "$pc")
run pkg-config --modversion budgetpdf
expect_rc 0 "pkg-config --modversion budgetpdf"
pc_version=$(cat "$RUN_OUT")
run "$PREFIX/bin/budgetpdf" --version
expect_rc 0 "installed budgetpdf --version"
cli_version=$(awk '{print $NF}' "$RUN_OUT")
[ "$pc_version" = "$cli_version" ] || fail "budgetpdf.pc says $pc_version, budgetpdf --version $cli_version"
flags=$(pkg-config --cflags --libs budgetpdf) || fail "pkg-config --cflags --libs budgetpdf failed"
note "pkg-config: $flags"
# the -I and -L folders must be the prefix's (compared after resolving ..)
incs=""
libs=""
for w in $flags; do
    case $w in
    -I*) incs="$incs $(realpath -m "${w#-I}")" ;;
    -L*) libs="$libs $(realpath -m "${w#-L}")" ;;
    esac
done
case " $incs " in *" $(realpath "$PREFIX/include") "*) ;;
*) soft_fail "pkg-config --cflags gives '$flags', not the prefix's include folder (budgetpdf.pc does not follow the install prefix)" ;;
esac
case " $libs " in *" $(realpath "$LIBDIR") "*) ;;
*) soft_fail "pkg-config --libs gives '$flags', not -L$LIBDIR (budgetpdf.pc does not follow the install prefix)" ;;
esac

check "the prefix holds the layout sets: share/budgetpdf/layouts/standard-2024"
LAYOUTS="$PREFIX/share/budgetpdf/layouts"
[ -f "$LAYOUTS/standard-2024/set.yaml" ] || fail "no share/budgetpdf/layouts/standard-2024/set.yaml"
for f in "$SRC"/layouts/standard-2024/*.yaml; do
    cmp -s "$f" "$LAYOUTS/standard-2024/$(basename "$f")" || fail "installed layout $(basename "$f") differs from the source"
done
[ ! -e "$PREFIX/bin/CMakeCache.txt" ] || fail "a CMakeCache.txt was installed beside the binary"

# Mark the installed layout set, so that the output proves which set was used
# (not the source tree's, nor one in a system folder).
MARK=（已安装的版式）
sed -i "s/^title: .*/title: \"{year}年部门收支总体情况表$MARK\"/" "$LAYOUTS/standard-2024/01-income-expense.yaml"
grep -qF "$MARK" "$LAYOUTS/standard-2024/01-income-expense.yaml" || fail "could not mark the installed layouts"

check "the installed binary renders a copy of the seed from outside the source tree"
copy_seed "$TMP/dept"
mkdir -p "$TMP/work"
cd "$TMP/work"
run "$PREFIX/bin/budgetpdf" render ../dept -o annex.pdf
cd "$SRC"
expect_rc 0 "installed budgetpdf render ../dept -o annex.pdf (in $TMP/work)"
[ -s "$TMP/work/annex.pdf" ] || fail "installed budgetpdf render ../dept -o annex.pdf wrote no PDF"
run qpdf --check "$TMP/work/annex.pdf"
expect_rc 0 "qpdf --check of the installed binary's PDF"
pdf_text "$TMP/work/annex.pdf" >"$TMP/annex.txt"
expect_texts "$TMP/annex.txt" "installed render" <<EOF
2024年部门收支总体情况表$MARK
2024年部门预算项目绩效目标汇总表
6,828.4
EOF

check "a moved prefix still finds its layouts"
mv "$PREFIX" "$TMP/moved"
cd "$TMP/work"
run "$TMP/moved/bin/budgetpdf" render "$TMP/dept" -o moved.pdf
cd "$SRC"
expect_rc 0 "the moved binary"
[ -s "$TMP/work/moved.pdf" ] || fail "the moved binary wrote no PDF"
pdf_text "$TMP/work/moved.pdf" >"$TMP/moved.txt"
grep -qF "$MARK" "$TMP/moved.txt" || fail "the moved binary did not use the moved prefix's layouts"
mv "$TMP/moved" "$PREFIX"

check "a C program links and renders through the installed library"
cat >"$TMP/prog.c" <<'EOF'
/* A program using only the installed public API. */
#include <budgetpdf.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 5) return 64;
    const char *v = budgetpdf_version();
    if (!v || !*v) return 65;
    printf("%s\n", v);
    budgetpdf_options opt;
    memset(&opt, 0, sizeof opt);
    opt.layouts_path = argv[4];
    char err[2048];
    int rc = budgetpdf_render(argv[1], argv[2], &opt, err, sizeof err);
    if (rc != BUDGETPDF_OK) {
        fprintf(stderr, "budgetpdf_render: %d: %s\n", rc, err);
        return 66;
    }
    rc = budgetpdf_render(argv[3], argv[2], &opt, err, sizeof err);
    if (rc != BUDGETPDF_EINPUT || !strstr(err, argv[3])) {
        fprintf(stderr, "missing department: %d: %s\n", rc, err);
        return 67;
    }
    return 0;
}
EOF
# shellcheck disable=SC2086
cc -std=c11 -Wall -Wextra -Werror -o "$TMP/prog" "$TMP/prog.c" $flags ||
    fail "the C program does not compile/link with: cc prog.c $flags"
cd "$TMP/work"
run env LD_LIBRARY_PATH="$LIBDIR" "$TMP/prog" "$TMP/dept" api.pdf "$TMP/no-such-dept" "$LAYOUTS"
cd "$SRC"
expect_rc 0 "the C program"
grep -qxF "$cli_version" "$RUN_OUT" || fail "budgetpdf_version() printed '$(cat "$RUN_OUT")', expected $cli_version"
[ -s "$TMP/work/api.pdf" ] || fail "the C program wrote no PDF"
run qpdf --check "$TMP/work/api.pdf"
expect_rc 0 "qpdf --check of the C program's PDF"
pdf_text "$TMP/work/api.pdf" >"$TMP/api.txt"
grep -qF "$MARK" "$TMP/api.txt" || fail "the C program's PDF was not made with the installed layouts"
# the program really uses the installed shared library
if command -v ldd >/dev/null 2>&1; then
    # (captured first: grep -q closing the pipe early would fail the
    # pipeline under pipefail)
    linked=$(LD_LIBRARY_PATH="$LIBDIR" ldd "$TMP/prog")
    grep -qF "$LIBDIR/libbudgetpdf.so" <<<"$linked" ||
        fail "the C program is not linked against $LIBDIR/libbudgetpdf.so"
fi
n1=$(pdf_pages "$TMP/work/api.pdf")
n2=$(pdf_pages "$TMP/work/annex.pdf")
[ "$n1" = "$n2" ] || fail "the API's PDF has $n1 pages, the CLI's $n2"

pass
