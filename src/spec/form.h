/* form.h — the form model: a table layout of `kind: form` prints one
 * label/value form per record of its data (for example one 项目绩效目标表
 * per project). The form is a grid of columns; its blocks are rows of
 * cells placed on that grid: `head` (repeated on every page of a record),
 * `fields` (once per record) and `items` (a header, then one row per CSV
 * row of the record that has an item). Parsed by spec_form.c, records
 * grouped by data_form.c (data/data_form.h), laid out by layout_form.c. */
#ifndef BP_FORM_H
#define BP_FORM_H

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

#endif
