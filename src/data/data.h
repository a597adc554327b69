/* data.h — department data: department.yaml, CSV loading (UTF-8 or
 * GB18030, converted with iconv, parsed with libcsv) and binding the CSV to
 * a table layout: columns matched by key, amounts parsed exactly, merged
 * cells resolved. Errors name file:line:column. */
#ifndef BP_DATA_H
#define BP_DATA_H

#include "number.h"
#include "spec.h"

#define BP_MAX_CELL_BYTES 32768
#define BP_MAX_ROWS 100000
#define BP_MAX_CELLS 2000000 /* cells (fields) in one CSV file, header included */

typedef struct bp_department {
    const char *dir, *file;
    const char *name, *code, *unit, *layouts, *encoding;
    int year;
    long long date; /* date: (YYYY-MM-DD) as seconds since 1970 UTC, or -1 */
    bool overrides; /* has `overrides:` of its layout set (docs/layouts.md) */
    /* where name and unit are written in department.yaml (1-based; 0 for
     * the default unit), for messages about their characters */
    int name_line, name_col, unit_line, unit_col;
    /* previous: the file of the previous year's figures the text quotes
     * (expr.h, docs/document.md), a name in the folder, or last year's
     * department folder or workbook (a path from the folder); NULL: none */
    const char *previous;
    int previous_line, previous_col;
    /* `workbook:` of department.yaml, or the workbook given in place of the
     * folder: the tables are read from its sheets (data_workbook.h), not
     * from CSV files (NULL: CSV files) */
    const char *workbook;
    struct bp_workbook *book; /* loaded (data_load_tables_wb); NULL until then */
    /* `text:` of department.yaml: the file the text parts come from (a
     * document.md, a .docx or the workbook with text sheets), a path in
     * the folder; NULL: the default (doc_source.h, docs/document.md) */
    const char *text;
    int text_line, text_col;
} bp_department;

/* dir: a department folder, or a workbook (.xlsx, .xls): then the
 * department.yaml beside it, if there is one, else what the workbook says
 * (data_workbook.h, data_wb_department). */
/* A folder's department.yaml alone (data_dept.c; a workbook's folder
 * beside it, data_wb_department). */
int data_dept_yaml(bp_ctx *c, const char *dir, bp_department *d);
int data_load_department(bp_ctx *c, const char *dir, bp_department *d);

/* A raw CSV: rows of UTF-8 fields with their source lines. Row 0 is the
 * header line. */
typedef struct bp_csv {
    const char *path;
    const char *encoding; /* what was detected or declared: "UTF-8" or "GB18030" */
    int nrows, ncols;     /* ncols of the header row */
    const char **fields;  /* nrows * ncols */
    int *lines;           /* source line of each row */
    /* A grid taken from a workbook sheet (data_workbook.h): path is the
     * workbook, lines the sheet's row numbers (1-based) and src_cols the
     * sheet column (0-based) of each field column; NULL for a CSV file. */
    const char *sheet;
    const int *src_cols;
} bp_csv;

/* encoding: NULL or "auto" (UTF-8 if valid, else GB18030), "utf-8", "gb18030". */
int data_load_csv(bp_ctx *c, const char *path, const char *encoding, bp_csv **out);
/* Parses CSV text that is already in memory (for tests and fuzzing). */
int data_parse_csv(bp_arena *a, const char *path, const char *bytes, size_t len,
                   const char *encoding, bp_csv **out, bp_error *e);

typedef struct bp_cell {
    const char *text; /* UTF-8, "" for empty; for amounts the CSV text */
    bool has_value;   /* amount column with a number */
    bp_decimal value;
    int origin_row, origin_col; /* the top-left cell of the merged area it belongs to */
    int rowspan, colspan;       /* on origin cells: size of the merged area */
    int line;                   /* source line (CSV) or row number (workbook sheet, 1-based) */
} bp_cell;

/* A table's body bound to its layout: cells in layout column order. */
typedef struct bp_table_data {
    const char *path; /* the CSV file, or the workbook */
    int nrows, ncols;
    bp_cell *cells; /* nrows * ncols */
    /* where each cell came from (data_cell_where): per layout column its
     * column in the source, 1-based (NULL: unknown), and the sheet of a
     * workbook (NULL: a CSV file) */
    const int *src_cols;
    const char *sheet;
} bp_table_data;

static inline bp_cell *data_cell(const bp_table_data *d, int row, int col)
{
    return &d->cells[(size_t)row * (size_t)d->ncols + (size_t)col];
}

/* Where a body cell came from, for messages and reports (data_where.c):
 * "PATH:LINE:COL" of its CSV field ("PATH:LINE" when its column is
 * unknown), or "BOOK.xlsx: SHEET!C12" of its workbook cell; PATH alone for
 * a cell with no source line (an empty table's blank row). */
const char *data_cell_where(bp_arena *a, const bp_table_data *t, int row, int col);
/* A workbook cell's short reference, "SHEET!C12" (NULL for CSV data). */
const char *data_cell_ref(bp_arena *a, const bp_table_data *t, int row, int col);
/* Where a column of the table came from: PATH, or "BOOK.xlsx: SHEET!C:C"
 * (*ref: "SHEET!C:C", NULL for CSV data). */
const char *data_column_where(bp_arena *a, const bp_table_data *t, int col, const char **ref);

int data_bind(bp_arena *a, const bp_table_spec *t, const bp_csv *csv, bp_table_data **out,
              bp_error *e);
/* True when the table has no figure: no amount cell holds a value other
 * than zero (a table without amount columns: no rows). The layout prints
 * the empty_note of such a table, and the 空表 check asks for one. */
bool data_table_is_empty(const bp_table_spec *t, const bp_table_data *d);
/* The body an empty table prints, as its `empty:` says: d itself (its
 * rows; also when d is not empty), no rows, or one blank row holding
 * t->empty_total in t->empty_total_column (allocated in a). */
const bp_table_data *data_empty_view(bp_arena *a, const bp_table_spec *t, const bp_table_data *d);

/* Where a field of a raw CSV or sheet grid: line, 0-based column j. */
const char *data_csv_where(bp_arena *a, const bp_csv *csv, int line, int j);

/* Loads dept->dir/t->data and binds it. */
int data_load_table(bp_ctx *c, const bp_department *dept, const bp_table_spec *t,
                    bp_table_data **out);

#endif
