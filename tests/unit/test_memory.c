/* test_memory.c — out of memory at any point of a render is an error of
 * that render (BP_ERESOURCE), never an abort, a leak or a partial file:
 * failures injected through the arena (bp_arena.fail_after) at allocations
 * spread over the whole of the seed department's render, check and fonts
 * report. The sanitizer build (LeakSanitizer) proves nothing is left. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "render_priv.h"

#define SEED BP_TEST_SOURCE_DIR "/data/zzgx-smartcity-2024"

static char out_dir[64];
static char out_pdf[128];
static budgetpdf_context *g_ctx; /* the renders' caches, as a program keeps them */

static int setup(void **state)
{
    (void)state;
    if (!(g_ctx = budgetpdf_context_new())) return -1;
    snprintf(out_dir, sizeof out_dir, "/tmp/bp-test-memory-XXXXXX");
    if (!mkdtemp(out_dir)) return -1;
    snprintf(out_pdf, sizeof out_pdf, "%s/annex.pdf", out_dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(out_pdf);
    budgetpdf_context_free(g_ctx);
    return rmdir(out_dir);
}

static budgetpdf_options options(void)
{
    budgetpdf_options opt;
    memset(&opt, 0, sizeof opt);
    opt.layouts_path = BP_TEST_SOURCE_DIR "/layouts";
    opt.no_sync = true;
    return opt;
}

/* Files in out_dir (the PDF or a temporary file left behind). */
static int files_left(void)
{
    DIR *d = opendir(out_dir);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *ent; (ent = readdir(d));)
        n += ent->d_name[0] != '.';
    closedir(d);
    return n;
}

/* The render with the k-th allocation failing (0: none). */
static int render_failing_at(long k, long *allocs, bp_error *e)
{
    budgetpdf_options opt = options();
    bp_arena a;
    bp_arena_init(&a);
    a.fail_after = k;
    e->code = 0;
    e->msg[0] = 0;
    budgetpdf_render_result res;
    int rc = render_in(&a, g_ctx, SEED, out_pdf, &opt, &res, e);
    if (allocs) *allocs = a.allocs;
    bp_arena_free(&a);
    return rc;
}

static void a_render_survives_running_out_anywhere(void **state)
{
    (void)state;
    bp_error e;
    long total = 0;
    assert_int_equal(render_failing_at(0, &total, &e), BP_OK);
    assert_int_equal(files_left(), 1);
    unlink(out_pdf);
    /* every allocation of the first ones (department, layouts), then
     * spread over the rest (tables, layout, fonts, PDF) */
    assert_true(total > 50);
    long step = total / 150 > 1 ? total / 150 : 1;
    int failures = 0;
    for (long k = 1; k <= total; k += k < 30 ? 1 : step) {
        int rc = render_failing_at(k, NULL, &e);
        assert_int_equal(rc, BP_ERESOURCE);
        /* named by the department, or by the file being read */
        if (!strstr(e.msg, ": out of memory")) fail_msg("k=%ld: %s", k, e.msg);
        assert_int_equal(files_left(), 0); /* no PDF, no temporary file */
        failures++;
    }
    assert_true(failures >= 100);
    /* past the last allocation nothing fails */
    assert_int_equal(render_failing_at(total + 1, NULL, &e), BP_OK);
    unlink(out_pdf);
}

/* Out of file descriptors is a resource too (exit 5, batch status
 * resource), not bad input (3) as a file that cannot be opened is. */
static void a_check_without_file_descriptors_is_eresource(void **state)
{
    (void)state;
    struct rlimit old;
    assert_int_equal(getrlimit(RLIMIT_NOFILE, &old), 0);
    struct rlimit low = {64, old.rlim_max};
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &low), 0);
    int held[80], n = 0;
    while (n < 80 && (held[n] = open("/dev/null", O_RDONLY)) >= 0)
        n++;
    int err = errno;
    budgetpdf_options opt = options();
    char msg[4096];
    int rc = budgetpdf_check(SEED, &opt, NULL, NULL, NULL, msg, sizeof msg);
    for (int i = 0; i < n; i++)
        close(held[i]);
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &old), 0);
    assert_int_equal(err, EMFILE);
    assert_int_equal(rc, BUDGETPDF_ERESOURCE);
    if (!strstr(msg, "department.yaml: cannot open: Too many open files")) fail_msg("%s", msg);
    /* with descriptors again, the same department checks */
    assert_int_equal(budgetpdf_check(SEED, &opt, NULL, NULL, NULL, msg, sizeof msg), BP_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_render_survives_running_out_anywhere),
        cmocka_unit_test(a_check_without_file_descriptors_is_eresource),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
