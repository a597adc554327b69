/* layout_table_pad.c — a table's padding rows (`padding_rows:`): the
 * empty ruled rows some regions print before the total row, as a view of
 * the body with them inserted (layout_table_priv.h, table_padded). */
#include <string.h>

#include "layout_table_priv.h"

/* The empty rows the source has between rows at - 1 and at (their source
 * lines or sheet rows apart); 0 when it cannot tell. */
static int source_gap(const bp_table_data *d, int at)
{
    if (at < 1 || at >= d->nrows) return 0;
    int above = 0, below = 0;
    for (int c = 0; c < d->ncols; c++) {
        int l0 = data_cell(d, at - 1, c)->line, l1 = data_cell(d, at, c)->line;
        if (l0 > above) above = l0;
        if (l1 > 0 && (below == 0 || l1 < below)) below = l1;
    }
    return above > 0 && below > above ? below - above - 1 : 0;
}

const bp_table_data *table_padded(bp_arena *a, const bp_table_spec *t, const bp_table_data *d,
                                  const int **src_row)
{
    *src_row = NULL;
    int nr = d->nrows, nc = d->ncols;
    if (t->padding_rows == 0 || nr == 0) return d;
    int at = table_row_bold(t, d, nr - 1) ? nr - 1 : nr; /* before the total */
    int n = t->padding_rows == BP_PADDING_AS_IN_SOURCE ? source_gap(d, at) : t->padding_rows;
    for (int c = 0; at < nr && c < nc; c++) /* a merged area across it: no room for rows */
        if (data_cell(d, at, c)->origin_row < at) n = 0;
    if (n <= 0) return d;
    bp_table_data *v = bp_alloc(a, sizeof *v);
    *v = *d;
    v->nrows = nr + n;
    v->cells = bp_alloc(a, (size_t)v->nrows * (size_t)nc * sizeof *v->cells);
    int *map = bp_alloc(a, (size_t)v->nrows * sizeof *map);
    int line = at > 0 ? data_cell(d, at - 1, 0)->line : 0;
    for (int r = 0; r < v->nrows; r++) {
        int from = r < at ? r : r >= at + n ? r - n : -1;
        map[r] = from;
        for (int c = 0; c < nc; c++) {
            bp_cell *x = data_cell(v, r, c);
            if (from < 0) {
                *x = (bp_cell){" ", false, {0}, r, c, 1, 1, line}; /* a line high */
                continue;
            }
            *x = *data_cell(d, from, c);
            if (x->origin_row >= at) x->origin_row += n;
        }
    }
    *src_row = map;
    return v;
}
