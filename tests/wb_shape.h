/* wb_shape.h — tests only: a table laid out on a sheet as the budget
 * system exports it (title row merged across, 部门名称 line with 单位 on the
 * right, merged header rows from the layout's header tree, the body with
 * its merged areas, amounts as numbers or as text, codes as numbers, a
 * padding row, a note row), as a list of cell writes and merged areas.
 * The unit tests turn it into an in-memory bp_wb_sheet, the workbook
 * generator (gen_workbook.c) into an .xlsx with libxlsxwriter. */
#ifndef BP_TEST_WB_SHAPE_H
#define BP_TEST_WB_SHAPE_H

#include "data.h"
#include "workbook.h"

typedef struct wb_shape_opts {
    bool amounts_as_text;  /* every third amount as text ("1,619.4", "6828.4 ") */
    bool codes_as_numbers; /* codes that come back (data_wb_code_as_number) as numbers */
    bool padding;          /* an empty row before the last body row */
    bool note;             /* a 注： row under the table */
} wb_shape_opts;

typedef struct wb_put {
    int row, col;
    bool number; /* text is the number, as the readers give it */
    const char *text;
    const char *numfmt; /* NULL: General */
} wb_put;

typedef struct wb_shape {
    wb_put *cells;
    int ncells;
    bp_wb_merge *merges;
    int nmerges;
    int spacer_row;                /* a row of a few points (-1 none) */
    int header0, body0, body_rows; /* where the header and body went */
    int ncols;
} wb_shape;

/* Lays table t (its data d, the department's texts) out on a sheet. */
void wb_shape_table(bp_arena *a, const bp_table_spec *t, const bp_table_data *d,
                    const bp_department *dept, const wb_shape_opts *o, wb_shape *out);
/* The shape as a sheet of the model (cells sorted, nrows/ncols set). */
void wb_shape_sheet(bp_arena *a, const wb_shape *s, const char *name, bp_wb_sheet *out);
/* The put at (row, col), or NULL. */
wb_put *wb_shape_at(wb_shape *s, int row, int col);

#endif
