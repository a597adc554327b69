/* data_workbook.h — binding a workbook's sheets (workbook.h) to table
 * layouts: each layout finds its sheet (by name or title), its header rows
 * (by the layout's header tree) and its columns (by header path, not
 * position); the body becomes the same bp_table_data the CSV path gives
 * (data_bind runs on a grid taken from the sheet). Also the department
 * read from a workbook. Errors name the workbook, the sheet and the cell.
 * docs/workbook.md. */
#ifndef BP_DATA_WORKBOOK_H
#define BP_DATA_WORKBOOK_H

#include "data.h"
#include "workbook.h"

/* True when path names a workbook by its extension (.xlsx, .xls, .et:
 * workbook_load says what to do with the last). */
bool data_wb_is_workbook(const char *path);

/* The sheet of t in wb: a visible sheet whose name, else whose title (a
 * text among its first rows), matches one of t->sheets (or, without
 * `sheet:`, t's title and contents), compared as labels (data_wb_label)
 * without year and numbering. vals: the department's values (the title's
 * {year}). Missing: BP_EINPUT naming the sheets there are. */
int data_wb_find_sheet(bp_arena *a, const bp_workbook *wb, const bp_table_spec *t,
                       const bp_tpl_values *vals, const bp_wb_sheet **out, bp_error *e);

/* Binds t's sheet of wb: the table's cells, as data_bind gives them for
 * the CSV file the sheet amounts to. */
int data_wb_bind(bp_arena *a, const bp_workbook *wb, const bp_table_spec *t,
                 const bp_department *dept, bp_table_data **out, bp_error *e);
/* The same, up to the grid data_bind takes (for import and tests): row 0
 * holds the layout's column keys, then one row per body row. */
int data_wb_grid(bp_arena *a, const bp_workbook *wb, const bp_table_spec *t,
                 const bp_department *dept, bp_csv **out, bp_error *e);

/* Binds every table of set from dept->book, or from dept->workbook loaded
 * for the call when dept->book is NULL. */
int data_wb_load_tables(bp_ctx *c, const bp_department *dept, const bp_layout_set *set,
                        bp_table_data **tables);

/* The department of a workbook at path: department.yaml beside it when
 * there is one (its name, code, year, unit, layouts), else what the
 * workbook says: name from a 部门名称：/编制部门： line, year from a title,
 * unit from a 单位： line, layouts standard-<year>, code from a 部门编码：
 * line or "". */
int data_wb_department(bp_ctx *c, const char *path, bp_department *d);
/* The second half: the department wb (read from path) says it is. */
int data_wb_department_of(bp_ctx *c, const char *path, bp_workbook *wb, bp_department *d);

/* ---- texts (data_wb_text.c) ---- */

/* A label as compared: full-width ASCII as half-width, every space
 * (U+3000, NBSP, tabs, line breaks) left out. */
const char *data_wb_label(bp_arena *a, const char *s);
/* True when s holds only spaces (or nothing). */
bool data_wb_blank(const char *s);
/* A title or sheet name as compared with a layout's sheet patterns: the
 * label without a year (2024年, 2024年度) and without leading numbering
 * (表1, 附表3-1, 1., 一、, (一)). */
const char *data_wb_title_key(bp_arena *a, const char *s);
/* True when the label-compared text matches pattern ('*' any run). */
bool data_wb_glob(const char *pattern, const char *text);
/* Levenshtein distance in code points (for "the nearest label"). */
int data_wb_distance(const char *a, const char *b);
/* The text a cell gives column c (NULL for an empty cell): why, when it
 * cannot, is set to a static explanation and NULL returned. */
const char *data_wb_cell_text(bp_arena *a, const bp_column *c, const bp_wb_cell *cell,
                              const char **why);
/* The code a number cell's digits give column c: zeros added in front up
 * to the first of c->digits (or of the number format's "000") that is at
 * least as long; digits itself when none is. */
const char *data_wb_code(bp_arena *a, const bp_column *c, const char *digits, const char *numfmt);
/* True when text, written to a sheet as a number, comes back as text
 * through data_wb_code (for the test generator and import). */
bool data_wb_code_as_number(const bp_column *c, const char *text);

#endif
