/* data_wb_priv.h — what the steps of workbook binding hand each other:
 * the sheet, where its header and body are, and the sheet column of each
 * layout column (data_wb_header.c finds them, data_wb_body.c reads the
 * body). */
#ifndef BP_DATA_WB_PRIV_H
#define BP_DATA_WB_PRIV_H

#include "data_workbook.h"

/* The merged areas of a sheet, looked up row by row (workbook_merge_at
 * tries every area: quadratic over a body with thousands of them). */
typedef struct wb_merges {
    const bp_wb_sheet *s;
    const bp_wb_merge **sorted; /* by first row */
    const bp_wb_merge **active; /* those covering row */
    int next, nactive, row;
} wb_merges;
void wb_merges_init(bp_arena *a, wb_merges *m, const bp_wb_sheet *s);
/* The area covering (row, col), or NULL; fastest when row does not
 * decrease from one call to the next. */
const bp_wb_merge *wb_merge_at(wb_merges *m, int row, int col);

typedef struct wb_frame {
    const bp_workbook *wb;
    const bp_wb_sheet *s;
    const bp_table_spec *t;
    int header0, nheader; /* the header rows (nheader 0: a table without header) */
    int body0;            /* the first row under the header */
    int *col_of;          /* layout column -> sheet column */
    wb_merges merges;
} wb_frame;

/* Finds f->s's header rows and maps every layout column of f->t to a
 * sheet column by its header path (a table with `header: false`: by
 * position, from the first column the body uses). */
int wb_find_columns(bp_arena *a, wb_frame *f, const bp_tpl_values *vals, bp_error *e);

/* "book.xlsx: sheet 部门收支总表, cell B7" */
const char *wb_where(bp_arena *a, const wb_frame *f, int row, int col);
/* "B3:C4", the area m in A1 form. */
const char *wb_range(bp_arena *a, const bp_wb_merge *m);
/* The text of a cell for a message, quoted and shortened. */
const char *wb_quote(bp_arena *a, const char *s);

#endif
