/* data_where.c — where a bound cell came from (data_cell_where): the file,
 * line and column of its CSV field, or the workbook, sheet and cell of its
 * workbook cell, for check findings, reports and messages; the same for a
 * column (data_column_where) and a workbook cell's short reference
 * (data_cell_ref). */
#include "data.h"
#include "workbook.h"

#include <string.h>

const char *data_cell_where(bp_arena *a, const bp_table_data *t, int row, int col)
{
    const char *path = t->path ? t->path : "";
    if (row < 0 || row >= t->nrows || col < 0 || col >= t->ncols) return path;
    int line = data_cell(t, row, col)->line;
    if (line <= 0) return path;
    if (t->sheet && t->src_cols && t->src_cols[col] > 0) {
        char a1[16];
        return bp_sprintf(a, "%s: %s!%s", path, t->sheet,
                          workbook_a1(a1, line - 1, t->src_cols[col] - 1));
    }
    if (t->sheet) return bp_sprintf(a, "%s: %s, row %d", path, t->sheet, line);
    if (!t->src_cols || t->src_cols[col] <= 0) return bp_sprintf(a, "%s:%d", path, line);
    return bp_sprintf(a, "%s:%d:%d", path, line, t->src_cols[col]);
}

const char *data_cell_ref(bp_arena *a, const bp_table_data *t, int row, int col)
{
    if (!t->sheet || row < 0 || row >= t->nrows || col < 0 || col >= t->ncols) return NULL;
    int line = data_cell(t, row, col)->line;
    if (line <= 0 || !t->src_cols || t->src_cols[col] <= 0) return bp_strdup(a, t->sheet);
    char a1[16];
    return bp_sprintf(a, "%s!%s", t->sheet, workbook_a1(a1, line - 1, t->src_cols[col] - 1));
}

const char *data_column_where(bp_arena *a, const bp_table_data *t, int col, const char **ref)
{
    const char *path = t->path ? t->path : "";
    *ref = NULL;
    if (!t->sheet) return path;
    if (col < 0 || col >= t->ncols || !t->src_cols || t->src_cols[col] <= 0) {
        *ref = bp_strdup(a, t->sheet);
        return bp_sprintf(a, "%s: %s", path, t->sheet);
    }
    char a1[16];
    workbook_a1(a1, 0, t->src_cols[col] - 1);
    a1[strcspn(a1, "0123456789")] = 0; /* the column's letters */
    *ref = bp_sprintf(a, "%s!%s:%s", t->sheet, a1, a1);
    return bp_sprintf(a, "%s: %s", path, *ref);
}
