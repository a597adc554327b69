/* load.c — the benchmark's reading of a department's data (bench/run.sh):
 * department.yaml and the CSV files, or the workbook, read and bound to a
 * layout set already loaded, RUNS times in one process, each in a fresh
 * arena; prints the median and the best time in milliseconds as
 *     ms=12.3 best_ms=11.9 runs=5 tables=12 rows=3120
 *
 * usage: bench-load RUNS LAYOUT_SET DEPT_DIR|WORKBOOK */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "data.h"
#include "data_workbook.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* One reading: the department and every table of set. */
static int load_once(const bp_layout_set *set, const char *path, int *rows, bp_error *e)
{
    bp_arena a;
    bp_arena_init(&a);
    bp_department d;
    bp_table_data **t = bp_alloc(&a, (size_t)set->ntables * sizeof *t);
    int rc = data_load_department(BP_CTX(&a, e), path, &d);
    if (!rc && d.workbook) rc = data_wb_load_tables(BP_CTX(&a, e), &d, set, t);
    for (int i = 0; !rc && !d.workbook && i < set->ntables; i++)
        rc = data_load_table(BP_CTX(&a, e), &d, &set->tables[i], &t[i]);
    *rows = 0;
    for (int i = 0; !rc && i < set->ntables; i++)
        *rows += t[i]->nrows;
    bp_arena_free(&a);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 4 || atoi(argv[1]) < 1 || atoi(argv[1]) > 1000) {
        fprintf(stderr, "usage: bench-load RUNS LAYOUT_SET DEPT_DIR|WORKBOOK\n");
        return 2;
    }
    int runs = atoi(argv[1]), rows = 0;
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0, ""};
    bp_layout_set *set;
    if (spec_load_set(BP_CTX(&a, &e), argv[2], &set)) {
        fprintf(stderr, "bench-load: %s\n", e.msg);
        return 1;
    }
    double *ms = calloc((size_t)runs, sizeof *ms);
    if (!ms) return 1;
    for (int i = 0; i < runs; i++) {
        double t0 = now_ms();
        if (load_once(set, argv[3], &rows, &e)) {
            fprintf(stderr, "bench-load: %s\n", e.msg);
            return 1;
        }
        ms[i] = now_ms() - t0;
    }
    qsort(ms, (size_t)runs, sizeof *ms, cmp_double);
    double med = runs % 2 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
    printf("ms=%.2f best_ms=%.2f runs=%d tables=%d rows=%d\n", med, ms[0], runs, set->ntables,
           rows);
    free(ms);
    bp_arena_free(&a);
    return 0;
}
