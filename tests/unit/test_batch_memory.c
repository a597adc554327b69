/* test_batch_memory.c — out of memory in budgetpdf batch's own
 * bookkeeping (the folder listing, the output names, the summary and its
 * temp file's name: heap memory outside any arena) is BUDGETPDF_ERESOURCE
 * from budgetpdf_batch with a message, never an abort, a leak or a temp
 * file left. The library is linked statically with malloc, calloc and
 * realloc wrapped (-Wl,--wrap, tests/CMakeLists.txt): the N-th call fails,
 * for every N up to the run's last allocation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "budgetpdf.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);

static long g_fail_at; /* the call to refuse (0: none) */
static long g_calls;   /* calls counted since armed */

static bool refuse(void)
{
    return g_fail_at && ++g_calls == g_fail_at;
}

void *__wrap_malloc(size_t n)
{
    return refuse() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
    return refuse() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
    return refuse() ? NULL : __real_realloc(p, n);
}

#define TMPDIR_FIXTURE_NAME "batchmem"
#include "tmpdir_fixture.h"

static void put(const char *rel, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", g_dir, rel);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void make_dir(const char *rel)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", g_dir, rel);
    assert_int_equal(mkdir(path, 0777), 0);
}

/* Files in out whose name holds ".tmp". */
static int temps_in(const char *out)
{
    DIR *d = opendir(out);
    if (!d) return 0;
    int n = 0;
    for (struct dirent *de; (de = readdir(d));)
        n += strstr(de->d_name, ".tmp") != NULL;
    closedir(d);
    return n;
}

/* The sweep over a batch in worker processes (the default: the parent's
 * bookkeeping, the pool and the results it reads back; each worker starts
 * with a copy of the counter, so a refusal there is a department's own
 * failure) or on threads (in_process). */
static void sweep(bool in_process)
{
    char root[128], out[128];
    snprintf(root, sizeof root, "%s/root", g_dir);
    snprintf(out, sizeof out, "%s/out", g_dir);
    budgetpdf_batch_options opt;
    memset(&opt, 0, sizeof opt);
    opt.jobs = 1; /* the counting stays on this thread */
    opt.in_process = in_process;
    int eresource = 0;
    for (long n = 1;; n++) {
        assert_true(n < 100000);
        budgetpdf_batch_result res;
        char err[1024] = "";
        g_calls = 0;
        g_fail_at = n;
        int rc = budgetpdf_batch(root, out, &opt, &res, err, sizeof err);
        g_fail_at = 0;
        assert_int_equal(temps_in(out), 0);
        if (g_calls < n) { /* nothing refused: the run as it is */
            print_message("%s: %ld allocations, %d refused with status 5\n",
                          in_process ? "threads" : "worker processes", g_calls, eresource);
            assert_int_equal(rc, BUDGETPDF_ECHECK);
            assert_int_equal(res.failed, 2);
            break;
        }
        if (rc == BUDGETPDF_ERESOURCE) {
            eresource++;
            if (!strstr(err, "out of memory"))
                fail_msg("allocation %ld refused: status 5 with the message '%s'", n, err);
        } else if (rc != BUDGETPDF_ECHECK) { /* a department's own failure */
            fail_msg("allocation %ld refused: status %d (%s)", n, rc, err);
        }
    }
    assert_true(eresource > 0);
}

static void bookkeeping_out_of_memory_is_eresource(void **state)
{
    (void)state;
    /* two departments whose department.yaml does not parse (failed
     * departments, nothing rendered) and a folder that is none */
    make_dir("root");
    make_dir("root/d1");
    make_dir("root/d2");
    make_dir("root/other");
    put("root/d1/department.yaml", "code: [\n");
    put("root/d2/department.yaml", "code: [\n");
    sweep(false);
    sweep(true);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bookkeeping_out_of_memory_is_eresource),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
