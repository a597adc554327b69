/* form.h — the form model: a table layout of `kind: form` prints one
 * label/value form per record of its data (for example one 项目绩效目标表
 * per project). The form is a grid of columns; its blocks are rows of
 * cells placed on that grid: `head` (repeated on every page of a record),
 * `fields` (once per record) and `items` (a header, then one row per CSV
 * row of the record that has an item). Parsed by spec_form.c, records
 * grouped by data_form.c, laid out by layout_form.c. */
#ifndef BP_FORM_H
#define BP_FORM_H

#include "data.h"
#include "spec.h"

#define BP_MAX_FORM_GRID 40  /* columns of a form's grid */
#define BP_MAX_FORM_ROWS 200 /* rows of one block */

typedef enum { BP_FCELL_LABEL, BP_FCELL_VALUE } bp_fcell_kind;

/* A cell of a block, placed on the grid. */
typedef struct bp_form_cell {
    bp_fcell_kind kind;
    const bp_template *label; /* LABEL: {department} {code} {year} {unit} */
    int column;               /* VALUE: index of the bound column of the table layout */
    int row, col;             /* grid position in its block (0-based) */
    int rowspan, colspan;
    bp_align align;
    bool bold;
    bool merge;         /* items only: join equal neighbours above, within a record */
    const char *origin; /* "file:line:column" where declared, for messages */
} bp_form_cell;

typedef struct bp_form_block {
    bp_form_cell *cells;
    int ncells, nrows;
} bp_form_block;

typedef struct bp_form_spec {
    int record;   /* column whose change starts a record */
    int bookmark; /* column that names a record in the bookmarks */
    int ngrid;
    double *grid_mm;     /* > 0: fixed width of a grid column */
    double *grid_weight; /* > 0: share of the remaining width */
    bp_form_block head, fields, items_header, items;
} bp_form_spec;

/* A record: rows first .. first + nrows - 1 of the bound data. */
typedef struct bp_form_record {
    int first, nrows;
} bp_form_record;

/* data_form.c: groups the bound rows into records. A row whose record
 * column is empty or equal to the row above continues the record above;
 * any other value starts a new one. */
int data_form_records(bp_arena *a, const bp_table_spec *t, const bp_table_data *d,
                      bp_form_record **out, int *n);
/* The record's value of a column: its first row where the cell is not
 * empty, or NULL when every row is empty. */
const bp_cell *data_form_value(const bp_table_data *d, const bp_form_record *r, int column);
/* True when a row of a record shows an item (one of its value cells is
 * not empty). */
bool data_form_has_item(const bp_form_spec *f, const bp_table_data *d, int row);

#endif
