/* test_out_file.c — atomic output files (out_file.h) and guarded input
 * reads (in_file.h): temp names within NAME_MAX and cut on a character
 * boundary, the umask's permissions and a kept mode, commit and abort,
 * the sweep of stale temps (and only them), an output that is an input,
 * inputs refused outside their folder or when not regular files. */
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
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "in_file.h"
#include "out_file.h"

#define TMPDIR_FIXTURE_NAME "out"
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

static void set_mtime(const char *path, time_t ago)
{
    struct timespec t[2];
    clock_gettime(CLOCK_REALTIME, &t[0]);
    t[0].tv_sec -= ago;
    t[1] = t[0];
    assert_int_equal(utimensat(AT_FDCWD, path, t, 0), 0);
}

static void test_temp_name_short(void **state)
{
    (void)state;
    size_t xs;
    char *t = bp_out_temp_name("out/annex.pdf", 255, &xs);
    assert_string_equal(t, "out/annex.pdf.tmpXXXXXX");
    assert_int_equal(xs, strlen("out/annex.pdf.tmp"));
    free(t);
    t = bp_out_temp_name("annex.pdf", 255, &xs);
    assert_string_equal(t, "annex.pdf.tmpXXXXXX");
    free(t);
}

/* A name of name_max bytes gives a temp of name_max bytes, keeping .pdf. */
static void test_temp_name_long(void **state)
{
    (void)state;
    char name[300];
    for (int len = 240; len <= 255; len++) {
        memset(name, 'x', (size_t)len - 4);
        strcpy(name + len - 4, ".pdf");
        size_t xs;
        char *t = bp_out_temp_name(name, 255, &xs);
        size_t n = strlen(t);
        assert_true(n <= 255);
        assert_int_equal(n, len + 10 <= 255 ? (size_t)len + 10 : 255);
        assert_memory_equal(t + n - 14, ".pdf.tmpXXXXXX", 14);
        assert_int_equal(xs, n - 6);
        free(t);
    }
}

/* The cut never falls inside a UTF-8 sequence. */
static void test_temp_name_utf8(void **state)
{
    (void)state;
    char name[300] = "dir/";
    for (int i = 0; i < 81; i++)
        strcat(name, "预");
    strcat(name, "abcdefgh.pdf"); /* 243 + 12 = 255 bytes after dir/ */
    for (long max = 250; max <= 255; max++) {
        size_t xs;
        char *t = bp_out_temp_name(name, max, &xs);
        const char *base = t + 4;
        assert_true(strlen(base) <= (size_t)max);
        assert_int_equal(bp_utf8_invalid(base, strlen(base)), -1);
        assert_string_equal(base + strlen(base) - 14, ".pdf.tmpXXXXXX");
        free(t);
    }
}

static void test_permissions(void **state)
{
    (void)state;
    bp_error e;
    bp_out_file f;
    struct stat st;
    mode_t old = umask(027);
    const char *p = path_in("new.pdf");
    assert_int_equal(bp_out_open(&f, p, &e), BP_OK);
    assert_int_equal(bp_out_write(&f, "%PDF", 4, &e), BP_OK);
    assert_int_equal(bp_out_commit(&f, false, &e), BP_OK);
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    /* an existing file keeps its mode, narrower or wider than the umask */
    umask(022);
    chmod(p, 0600);
    assert_int_equal(bp_out_open(&f, p, &e), BP_OK);
    assert_int_equal(bp_out_commit(&f, true, &e), BP_OK);
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(st.st_size, 0);
    umask(077);
    chmod(p, 0664);
    assert_int_equal(bp_out_open(&f, p, &e), BP_OK);
    assert_int_equal(bp_out_commit(&f, false, &e), BP_OK);
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0664);
    umask(old);
}

static void test_abort_and_refusals(void **state)
{
    (void)state;
    bp_error e;
    bp_out_file f;
    const char *p = path_in("kept.pdf");
    put(p, "old");
    assert_int_equal(bp_out_open(&f, p, &e), BP_OK);
    char *tmp = strdup(f.tmp);
    assert_int_equal(access(tmp, F_OK), 0);
    bp_out_abort(&f);
    assert_int_equal(access(tmp, F_OK), -1);
    free(tmp);
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_size, 3);
    assert_int_equal(bp_out_open(&f, g_dir, &e), BP_EIO);
    assert_int_equal(bp_out_open(&f, "/dev/null", &e), BP_EIO);
    assert_non_null(strstr(e.msg, "not a regular file"));
}

/* Out of memory for the names: BP_ERESOURCE (not an abort), no temp file
 * left and nothing to free; with memory again, the open succeeds. */
typedef struct open_job {
    bp_out_file f;
    const char *path;
} open_job;

static int open_guarded(bp_arena *a, void *ctx)
{
    open_job *j = ctx;
    bp_error e = {0, ""};
    int rc = bp_out_open_in(&j->f, a, j->path, &e);
    if (rc == BP_ERESOURCE) assert_non_null(strstr(e.msg, "out of memory"));
    return rc;
}

static int oom_temps_in_dir(void)
{
    DIR *d = opendir(g_dir);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *de; (de = readdir(d));)
        n += strncmp(de->d_name, "oom.pdf.tmp", 11) == 0;
    closedir(d);
    return n;
}

static void test_out_of_memory_is_eresource(void **state)
{
    (void)state;
    open_job j = {.path = path_in("oom.pdf")};
    for (long k = 1;; k++) {
        bp_arena a;
        bp_arena_init(&a);
        a.fail_after = k;
        bp_error e = {0, ""};
        int rc = bp_arena_guard(&a, open_guarded, &j, "oom.pdf", &e);
        bp_arena_free(&a);
        if (rc == BP_OK) {
            assert_true(k > 3); /* the folder, the temp name and the path each failed */
            assert_int_equal(bp_out_commit(&j.f, false, &e), BP_OK);
            break;
        }
        assert_int_equal(rc, BP_ERESOURCE);
        assert_null(j.f.path);
        assert_null(j.f.tmp);
        assert_int_equal(j.f.fd, -1);
        assert_int_equal(oom_temps_in_dir(), 0);
    }
    assert_int_equal(access(path_in("oom.pdf"), F_OK), 0);
}

static void test_sweep(void **state)
{
    (void)state;
    const char *stale[] = {"a.pdf.tmpAAAAAA", "b.csv.tmp000000", "c.PDF.tmpzZ9zZ9"};
    const char *kept[] = {"d.txt.tmpAAAAAA", "e.pdf.tmp", "f.pdf.tmpAAAAA", "g.pdf.tmpAA-AAA",
                          "h.pdf"};
    for (int i = 0; i < 3; i++) {
        put(path_in(stale[i]), "x");
        set_mtime(path_in(stale[i]), 3600);
    }
    for (int i = 0; i < 5; i++) {
        put(path_in(kept[i]), "x");
        set_mtime(path_in(kept[i]), 3600);
    }
    put(path_in("fresh.pdf.tmpFRESH1"), "x");
    /* one being written: locked by its writer */
    bp_error e;
    bp_out_file live;
    assert_int_equal(bp_out_open(&live, path_in("live.pdf"), &e), BP_OK);
    set_mtime(live.tmp, 3600);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    assert_int_equal(bp_out_sweep(path_in("x.pdf"), &now), 3);
    for (int i = 0; i < 3; i++)
        assert_int_equal(access(path_in(stale[i]), F_OK), -1);
    for (int i = 0; i < 5; i++)
        assert_int_equal(access(path_in(kept[i]), F_OK), 0);
    assert_int_equal(access(path_in("fresh.pdf.tmpFRESH1"), F_OK), 0);
    assert_int_equal(access(live.tmp, F_OK), 0);
    assert_int_equal(bp_out_commit(&live, false, &e), BP_OK);
    assert_int_equal(access(path_in("live.pdf"), F_OK), 0);
}

static void test_not_input(void **state)
{
    (void)state;
    bp_error e;
    const char *in = path_in("in.csv");
    put(in, "a,b\n");
    assert_int_equal(link(in, path_in("hard.csv")), 0);
    const char *inputs[] = {path_in("other.yaml"), NULL, in};
    assert_int_equal(bp_out_check_not_input(in, inputs, 3, &e), BP_EUSAGE);
    assert_non_null(strstr(e.msg, "an input of this run"));
    assert_int_equal(bp_out_check_not_input(path_in("hard.csv"), inputs, 3, &e), BP_EUSAGE);
    assert_non_null(strstr(e.msg, "the same file as"));
    assert_int_equal(bp_out_check_not_input(path_in("nothing.pdf"), inputs, 3, &e), BP_OK);
}

static void test_read_in_folder(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_error e;
    char *data;
    size_t len;
    char sub[1024];
    snprintf(sub, sizeof sub, "%s/dept", g_dir);
    assert_int_equal(mkdir(sub, 0777), 0);
    put(path_in("secret.txt"), "SECRET LINE\n");
    put(path_in("dept/real.csv"), "ok\n");
    assert_int_equal(symlink("real.csv", path_in("dept/inside.csv")), 0);
    assert_int_equal(symlink("../secret.txt", path_in("dept/out.csv")), 0);
    assert_int_equal(symlink("nowhere.csv", path_in("dept/dangling.csv")), 0);
    assert_int_equal(mkfifo(path_in("dept/fifo.csv"), 0600), 0);
    assert_int_equal(bp_read_file_in(&a, sub, "the department folder", path_in("dept/inside.csv"),
                                     &data, &len, &e),
                     BP_OK);
    assert_string_equal(data, "ok\n");
    assert_int_equal(
        bp_read_file_in(&a, sub, "the department folder", path_in("dept/out.csv"), &data, &len, &e),
        BP_EINPUT);
    assert_non_null(strstr(e.msg, "leads out of the department folder"));
    assert_null(strstr(e.msg, "SECRET"));
    assert_null(strstr(e.msg, "secret.txt"));
    assert_int_equal(bp_read_file_in(&a, sub, "the department folder", path_in("dept/dangling.csv"),
                                     &data, &len, &e),
                     BP_EINPUT);
    assert_non_null(strstr(e.msg, "cannot open"));
    assert_int_equal(bp_read_file_in(&a, sub, "the department folder", path_in("dept/fifo.csv"),
                                     &data, &len, &e),
                     BP_EINPUT);
    assert_non_null(strstr(e.msg, "not a regular file"));
    assert_int_equal(bp_read_file_in(&a, sub, "the department folder", sub, &data, &len, &e),
                     BP_EINPUT);
    assert_int_equal(bp_read_file(&a, path_in("dept/fifo.csv"), &data, &len, &e), BP_EINPUT);
    bp_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_temp_name_short),
        cmocka_unit_test(test_temp_name_long),
        cmocka_unit_test(test_temp_name_utf8),
        cmocka_unit_test(test_permissions),
        cmocka_unit_test(test_abort_and_refusals),
        cmocka_unit_test(test_sweep),
        cmocka_unit_test(test_out_of_memory_is_eresource),
        cmocka_unit_test(test_not_input),
        cmocka_unit_test(test_read_in_folder),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
