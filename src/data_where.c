/* data_where.c — where a bound cell came from (data_cell_where): the file,
 * line and column of its CSV field, for check findings and reports. */
#include "data.h"

const char *data_cell_where(bp_arena *a, const bp_table_data *t, int row, int col)
{
    const char *path = t->path ? t->path : "";
    if (row < 0 || row >= t->nrows || col < 0 || col >= t->ncols) return path;
    int line = data_cell(t, row, col)->line;
    if (line <= 0) return path;
    if (!t->src_cols || t->src_cols[col] <= 0) return bp_sprintf(a, "%s:%d", path, line);
    return bp_sprintf(a, "%s:%d:%d", path, line, t->src_cols[col]);
}
