/* data_empty.c — the one definition of an empty table (no figures), shared
 * by the layout (empty_note, `empty:`) and the built-in 空表 check, and the
 * body an empty table prints (its rows, none, or one blank total row). */
#include "data.h"

bool data_table_is_empty(const bp_table_spec *t, const bp_table_data *d)
{
    bool amounts = false;
    for (int c = 0; c < t->ncolumns; c++)
        if (t->columns[c].type == BP_COL_AMOUNT) amounts = true;
    if (!amounts) return d->nrows == 0;
    for (int r = 0; r < d->nrows; r++)
        for (int c = 0; c < t->ncolumns; c++) {
            const bp_cell *cell = data_cell(d, r, c);
            if (t->columns[c].type == BP_COL_AMOUNT && cell->has_value && cell->value.units)
                return false;
        }
    return true;
}

const bp_table_data *data_empty_view(bp_arena *a, const bp_table_spec *t, const bp_table_data *d)
{
    if (t->empty_body == BP_EMPTY_ROWS || !data_table_is_empty(t, d)) return d;
    bp_table_data *v = bp_alloc(a, sizeof *v);
    v->path = d->path;
    v->ncols = t->ncolumns;
    v->nrows = t->empty_body == BP_EMPTY_TOTAL ? 1 : 0;
    v->cells = bp_alloc(a, (size_t)v->ncols * sizeof *v->cells);
    for (int c = 0; c < v->nrows * v->ncols; c++) {
        bp_cell *cell = &v->cells[c];
        cell->text = c == t->empty_total_column ? t->empty_total : "";
        cell->origin_col = c;
        cell->rowspan = cell->colspan = 1;
    }
    return v;
}
