/* workbook_merges.c — the merged areas of a sheet checked against each
 * other, for both readers (wb_builder_finish): no two may overlap. Excel
 * refuses such a file as damaged, and the binder would read a cell of
 * both areas into either. One sweep down the areas in order of their
 * first row, with a segment tree over the columns holding, for each
 * column, the last row of the area that covers it so far: O(n log
 * columns) for n areas, whatever their shapes. */
#include <stdlib.h>

#include "workbook_priv.h"
#include "i18n.h"

#define NONE (-2) /* no assignment pending */

/* Leaves: columns 0 .. n-1 (n a power of two). max[k]: the largest last
 * row in the node's columns (-1: no area); set[k]: a value assigned to
 * the whole node and not yet to its children. */
typedef struct seg {
    int *max, *set;
    int n;
} seg;

static void push_down(seg *t, int k)
{
    if (t->set[k] == NONE) return;
    for (int c = 2 * k; c <= 2 * k + 1; c++)
        t->max[c] = t->set[c] = t->set[k];
    t->set[k] = NONE;
}

/* Columns a..b of node k (columns lo..hi) all get v. */
static void assign(seg *t, int k, int lo, int hi, int a, int b, int v)
{
    if (b < lo || hi < a) return;
    if (a <= lo && hi <= b) {
        t->max[k] = t->set[k] = v;
        return;
    }
    push_down(t, k);
    int mid = lo + (hi - lo) / 2;
    assign(t, 2 * k, lo, mid, a, b, v);
    assign(t, 2 * k + 1, mid + 1, hi, a, b, v);
    t->max[k] = t->max[2 * k] > t->max[2 * k + 1] ? t->max[2 * k] : t->max[2 * k + 1];
}

/* The largest value in columns a..b of node k. */
static int query(seg *t, int k, int lo, int hi, int a, int b)
{
    if (b < lo || hi < a) return -1;
    if (a <= lo && hi <= b) return t->max[k];
    push_down(t, k);
    int mid = lo + (hi - lo) / 2;
    int l = query(t, 2 * k, lo, mid, a, b), r = query(t, 2 * k + 1, mid + 1, hi, a, b);
    return l > r ? l : r;
}

static int by_row0(const void *x, const void *y)
{
    const bp_wb_merge *a = *(const bp_wb_merge *const *)x, *b = *(const bp_wb_merge *const *)y;
    if (a->row0 != b->row0) return a->row0 < b->row0 ? -1 : 1;
    return (a->col0 > b->col0) - (a->col0 < b->col0);
}

static bool overlap(const bp_wb_merge *a, const bp_wb_merge *b)
{
    return a->row0 <= b->row1 && b->row0 <= a->row1 && a->col0 <= b->col1 && b->col0 <= a->col1;
}

static int fail_overlap(bp_error *e, const char *what, const bp_wb_merge *a, const bp_wb_merge *b)
{
    char a0[16], a1[16], b0[16], b1[16];
    return bp_fail(e, BP_EINPUT,
                   _("%s: the merged areas %s:%s and %s:%s overlap (a cell may be in one merged "
                     "area only: unmerge one of them)"),
                   what, workbook_a1(a0, a->row0, a->col0), workbook_a1(a1, a->row1, a->col1),
                   workbook_a1(b0, b->row0, b->col0), workbook_a1(b1, b->row1, b->col1));
}

int wb_merges_check(bp_arena *a, const bp_wb_merge *m, int n, const char *what, bp_error *e)
{
    if (n < 2) return BP_OK;
    bp_arena *s = bp_arena_scratch(a);
    const bp_wb_merge **v = bp_alloc(s, (size_t)n * sizeof *v);
    int cols = 1, k = 0;
    for (int i = 0; i < n; i++) {
        if (m[i].col0 < 0 || m[i].col1 < m[i].col0 || m[i].row1 < m[i].row0) continue;
        v[k++] = &m[i];
        while (cols <= m[i].col1 && cols < (1 << 30))
            cols *= 2;
    }
    n = k;
    qsort(v, (size_t)n, sizeof *v, by_row0);
    seg t = {bp_alloc(s, 2 * (size_t)cols * sizeof(int)),
             bp_alloc(s, 2 * (size_t)cols * sizeof(int)), cols};
    for (int i = 0; i < 2 * cols; i++)
        t.max[i] = -1, t.set[i] = NONE;
    int rc = BP_OK;
    for (int i = 0; i < n && !rc; i++) {
        if (query(&t, 1, 0, cols - 1, v[i]->col0, v[i]->col1) < v[i]->row0) {
            assign(&t, 1, 0, cols - 1, v[i]->col0, v[i]->col1, v[i]->row1);
            continue;
        }
        for (int j = 0; j < i && !rc; j++) /* which one: once, at the first overlap */
            if (overlap(v[j], v[i])) rc = fail_overlap(e, what, v[j], v[i]);
    }
    bp_arena_free(s);
    return rc;
}
