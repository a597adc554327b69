/* test_out_dir.c — atomic output folders (out_dir.h): the target resolved
 * (trailing slash, symbolic link, missing parent, not a folder), a new
 * folder put in place, an existing one refused without force and replaced
 * whole with it (its content as NAME.old, an older NAME.old removed), with
 * and without RENAME_EXCHANGE, an empty one replaced keeping its mode, a
 * failed write leaving nothing, the sweep of killed runs' temp folders (and
 * only them: never a live run's or a previous content), and a target that is, holds or lies in an
 * input's folder. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "out_dir.h"

#define TMPDIR_FIXTURE_NAME "outdir"
#include "tmpdir_fixture.h"

static char *path_in(const char *name)
{
    static char buf[8][1024];
    static int k;
    char *p = buf[k++ % 8];
    snprintf(p, sizeof buf[0], "%s/%s", g_dir, name);
    return p;
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* The text of a small file ("" when missing). */
static const char *text_of(const char *path)
{
    static char buf[256];
    buf[0] = 0;
    FILE *f = fopen(path, "r");
    if (!f) return buf;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    fclose(f);
    return buf;
}

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* How many entries of g_dir are hidden (the temp folders). */
static int hidden_entries(void)
{
    DIR *d = opendir(g_dir);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *de; (de = readdir(d));)
        if (de->d_name[0] == '.' && strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) n++;
    closedir(d);
    return n;
}

static void set_mtime(const char *path, time_t ago)
{
    struct timespec t[2];
    clock_gettime(CLOCK_REALTIME, &t[0]);
    t[0].tv_sec -= ago;
    t[1] = t[0];
    assert_int_equal(utimensat(AT_FDCWD, path, t, 0), 0);
}

/* A whole run: resolve, open, write the files "a" and "b", commit. */
static int import_like(const char *target, bool force, bool no_exchange, const char *a,
                       const char *b, bp_error *e)
{
    bp_out_dir d;
    int rc = bp_out_dir_resolve(&d, target, e);
    if (rc) return rc;
    d.no_exchange = no_exchange;
    if ((rc = bp_out_dir_open(&d, force, e))) return rc;
    assert_int_equal(hidden_entries(), 1); /* the temp folder, hidden */
    if (!rc) rc = bp_out_dir_write(&d, "a.csv", a, strlen(a), e);
    if (!rc) rc = bp_out_dir_write(&d, "b.csv", b, strlen(b), e);
    if (!rc) rc = bp_out_dir_commit(&d, e);
    bp_out_dir_abort(&d);
    return rc;
}

static void test_resolve(void **state)
{
    (void)state;
    bp_out_dir d;
    bp_error e;
    assert_int_equal(bp_out_dir_resolve(&d, path_in("new/"), &e), BP_OK);
    assert_string_equal(d.name, "new");
    assert_false(d.exists);
    assert_int_equal(bp_out_dir_resolve(&d, path_in("missing/new"), &e), BP_EIO);
    put(path_in("file"), "x");
    assert_int_equal(bp_out_dir_resolve(&d, path_in("file"), &e), BP_EUSAGE);
    assert_int_equal(bp_out_dir_resolve(&d, "/", &e), BP_EUSAGE);
    assert_int_equal(bp_out_dir_resolve(&d, "", &e), BP_EUSAGE);
    assert_int_equal(symlink("nowhere", path_in("dangling")), 0);
    assert_int_equal(bp_out_dir_resolve(&d, path_in("dangling"), &e), BP_EUSAGE);
    /* a link to a folder: the folder it leads to is the target */
    assert_int_equal(mkdir(path_in("real"), 0755), 0);
    assert_int_equal(symlink("real", path_in("link")), 0);
    assert_int_equal(bp_out_dir_resolve(&d, path_in("link"), &e), BP_OK);
    assert_string_equal(d.name, "real");
    assert_true(d.exists && d.empty);
    assert_string_equal(d.path, path_in("link"));
}

static void test_new_folder(void **state)
{
    (void)state;
    bp_error e;
    const char *t = path_in("dept");
    assert_int_equal(import_like(t, false, false, "1\n", "2\n", &e), BP_OK);
    assert_string_equal(text_of(path_in("dept/a.csv")), "1\n");
    assert_string_equal(text_of(path_in("dept/b.csv")), "2\n");
    assert_false(exists(path_in("dept/" BP_OUT_DIR_MARKER)));
    assert_false(exists(path_in("dept.old")));
    assert_int_equal(hidden_entries(), 0);
}

/* An existing folder: refused untouched without force; with it replaced
 * whole, the old content as NAME.old and an older NAME.old gone. */
static void replace_whole(bool no_exchange)
{
    bp_error e;
    const char *t = path_in("dept");
    assert_int_equal(mkdir(t, 0755), 0);
    put(path_in("dept/a.csv"), "old a\n");
    put(path_in("dept/stale.csv"), "old only\n");
    assert_int_equal(import_like(t, false, no_exchange, "1\n", "2\n", &e), BP_EUSAGE);
    assert_non_null(strstr(e.msg, "--force"));
    assert_string_equal(text_of(path_in("dept/a.csv")), "old a\n");
    assert_false(exists(path_in("dept/b.csv")));
    assert_int_equal(hidden_entries(), 0);
    assert_int_equal(mkdir(path_in("dept.old"), 0755), 0);
    assert_int_equal(mkdir(path_in("dept.old/sub"), 0755), 0);
    put(path_in("dept.old/sub/older.csv"), "older\n");
    assert_int_equal(import_like(t, true, no_exchange, "1\n", "2\n", &e), BP_OK);
    assert_string_equal(text_of(path_in("dept/a.csv")), "1\n");
    assert_string_equal(text_of(path_in("dept/b.csv")), "2\n");
    assert_false(exists(path_in("dept/stale.csv")));
    assert_false(exists(path_in("dept/" BP_OUT_DIR_MARKER)));
    assert_string_equal(text_of(path_in("dept.old/a.csv")), "old a\n");
    assert_string_equal(text_of(path_in("dept.old/stale.csv")), "old only\n");
    assert_false(exists(path_in("dept.old/sub")));
    assert_int_equal(hidden_entries(), 0);
}

static void test_replace_exchange(void **state)
{
    (void)state;
    replace_whole(false);
}

static void test_replace_fallback(void **state)
{
    (void)state;
    replace_whole(true);
}

/* An empty folder needs no force and keeps its mode; no NAME.old. */
static void test_empty_folder(void **state)
{
    (void)state;
    bp_error e;
    const char *t = path_in("empty");
    assert_int_equal(mkdir(t, 0700), 0);
    assert_int_equal(chmod(t, 0750), 0);
    assert_int_equal(import_like(t, false, false, "1\n", "2\n", &e), BP_OK);
    struct stat st;
    assert_int_equal(stat(t, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0750);
    assert_string_equal(text_of(path_in("empty/a.csv")), "1\n");
    assert_false(exists(path_in("empty.old")));
}

/* A write that fails leaves the target as it was and no temp folder. */
static void test_failed_write(void **state)
{
    (void)state;
    bp_error e;
    bp_out_dir d;
    const char *t = path_in("dept");
    assert_int_equal(mkdir(t, 0755), 0);
    put(path_in("dept/a.csv"), "old a\n");
    assert_int_equal(bp_out_dir_resolve(&d, t, &e), BP_OK);
    assert_int_equal(bp_out_dir_open(&d, true, &e), BP_OK);
    assert_int_equal(bp_out_dir_write(&d, "a.csv", "1", 1, &e), BP_OK);
    assert_int_equal(bp_out_dir_write(&d, "no/such.csv", "1", 1, &e), BP_EIO);
    assert_non_null(strstr(e.msg, "dept/no/such.csv"));
    assert_non_null(strstr(e.msg, "is as it was"));
    bp_out_dir_abort(&d);
    assert_string_equal(text_of(path_in("dept/a.csv")), "old a\n");
    assert_int_equal(hidden_entries(), 0);
    assert_false(exists(path_in("dept.old")));
}

/* A killed run's temp folder (marked, lock free) goes with the next run;
 * a live run's (locked), an unmarked one, a link and other folders stay. */
static void test_sweep(void **state)
{
    (void)state;
    bp_error e;
    bp_out_dir killed, live;
    assert_int_equal(bp_out_dir_resolve(&killed, path_in("a"), &e), BP_OK);
    assert_int_equal(bp_out_dir_open(&killed, false, &e), BP_OK);
    assert_int_equal(bp_out_dir_write(&killed, "x.csv", "1", 1, &e), BP_OK);
    assert_int_equal(mkdirat(killed.fd, "sub", 0755), 0);
    char killed_tmp[300];
    snprintf(killed_tmp, sizeof killed_tmp, "%s", path_in(killed.tmp));
    close(killed.fd); /* as kill -9 would: the lock goes, the folder stays */
    close(killed.parent_fd);
    assert_int_equal(bp_out_dir_resolve(&live, path_in("b"), &e), BP_OK);
    assert_int_equal(bp_out_dir_open(&live, false, &e), BP_OK);
    assert_false(exists(killed_tmp));
    /* unmarked, not temp-named, or a link: left alone */
    assert_int_equal(mkdir(path_in(".c.import-ABCDEF"), 0755), 0);
    assert_int_equal(mkdir(path_in("d.import-ABCDEF"), 0755), 0);
    put(path_in("d.import-ABCDEF/" BP_OUT_DIR_MARKER), "x");
    assert_int_equal(mkdir(path_in("target"), 0755), 0);
    put(path_in("target/" BP_OUT_DIR_MARKER), "x");
    put(path_in("target/keep.csv"), "keep");
    assert_int_equal(symlink("target", path_in(".e.import-ABCDEF")), 0);
    /* unmarked and empty: a run killed before marking it; swept once
     * older than the margin. Unmarked with files: a previous content, kept */
    assert_int_equal(mkdir(path_in(".f.import-ABCDEF"), 0755), 0);
    assert_int_equal(mkdir(path_in(".g.import-ABCDEF"), 0755), 0);
    put(path_in(".g.import-ABCDEF/a.csv"), "previous");
    set_mtime(path_in(".f.import-ABCDEF"), 10);
    set_mtime(path_in(".g.import-ABCDEF"), 10);
    int parent = open(g_dir, O_RDONLY | O_DIRECTORY);
    assert_true(parent >= 0);
    assert_int_equal(bp_out_dir_sweep(parent), 1); /* .f; live's is locked */
    assert_false(exists(path_in(".f.import-ABCDEF")));
    assert_true(exists(path_in(".g.import-ABCDEF/a.csv")));
    assert_true(exists(path_in(live.tmp)));
    assert_true(exists(path_in(".c.import-ABCDEF")));
    assert_true(exists(path_in("d.import-ABCDEF/" BP_OUT_DIR_MARKER)));
    assert_true(exists(path_in("target/keep.csv")));
    /* another open file's lock (another process) keeps it too */
    int other = openat(parent, live.tmp, O_RDONLY | O_DIRECTORY);
    assert_int_equal(flock(other, LOCK_EX | LOCK_NB), -1);
    close(other);
    assert_int_equal(bp_out_dir_commit(&live, &e), BP_OK);
    assert_true(exists(path_in("b")));
    assert_int_equal(bp_out_dir_sweep(parent), 0);
    close(parent);
    assert_true(bp_out_dir_is_temp_name(".x.import-Ab3dE9"));
    assert_false(bp_out_dir_is_temp_name("x.import-Ab3dE9"));
    assert_false(bp_out_dir_is_temp_name(".x.import-Ab3d_9"));
    assert_false(bp_out_dir_is_temp_name(".import-Ab3dE9"));
}

/* The target is, holds or lies in an input's folder: refused, also
 * through a link; a folder beside is fine. */
static void test_inputs(void **state)
{
    (void)state;
    bp_error e;
    bp_out_dir d;
    assert_int_equal(mkdir(path_in("w"), 0755), 0);
    put(path_in("w/book.xlsx"), "x");
    char book[1024], missing[1024]; /* path_in's buffers are reused */
    snprintf(book, sizeof book, "%s", path_in("w/book.xlsx"));
    snprintf(missing, sizeof missing, "%s", path_in("w/missing.yaml"));
    const char *in[] = {NULL, book, missing};
    assert_int_equal(symlink("w", path_in("lnk")), 0);
    const char *bad[] = {"w", "w/", "lnk", "w/sub", "w/new/deeper/", "lnk/sub", "."};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        const char *t = strcmp(bad[i], ".") ? path_in(bad[i]) : g_dir;
        int rc = bp_out_dir_resolve(&d, t, &e);
        if (!strcmp(bad[i], "w/new/deeper/")) {
            assert_int_equal(rc, BP_EIO); /* its parent is missing */
            continue;
        }
        assert_int_equal(rc, BP_OK);
        if (bp_out_dir_check_inputs(&d, in, 3, &e) != BP_EUSAGE) fail_msg("%s: accepted", bad[i]);
        assert_non_null(strstr(e.msg, "book.xlsx"));
    }
    assert_int_equal(bp_out_dir_resolve(&d, path_in("beside"), &e), BP_OK);
    assert_int_equal(bp_out_dir_check_inputs(&d, in, 3, &e), BP_OK);
    assert_int_equal(mkdir(path_in("beside"), 0755), 0);
    assert_int_equal(bp_out_dir_resolve(&d, path_in("beside"), &e), BP_OK);
    assert_int_equal(bp_out_dir_check_inputs(&d, in, 3, &e), BP_OK);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_resolve),
        T(test_new_folder),
        T(test_replace_exchange),
        T(test_replace_fallback),
        T(test_empty_folder),
        T(test_failed_write),
        T(test_sweep),
        T(test_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
