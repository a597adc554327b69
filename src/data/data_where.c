/* data_where.c — where a bound cell came from (data_cell_where): the file,
 * line and column of its CSV field, or the workbook, sheet and cell of its
 * workbook cell, for check findings, reports and messages. */
#include "data.h"
#include "workbook.h"

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
