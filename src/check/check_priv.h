/* check_priv.h — what the files of the check stage share: the state of one
 * run (check.c), and the helpers below every check: naming places and
 * reporting findings (check_findings.c), leftover text (check_leftover.c).
 * Not for other stages. */
#ifndef BP_CHECK_PRIV_H
#define BP_CHECK_PRIV_H

#include "check.h"

/* The 科目 catalogue: code → name, from a CSV file. */
typedef struct bp_catalogue {
    const char *path;
    const char **codes, **names; /* sorted by code */
    const char **keys;           /* the names as compared (check_codes.c) */
    int n;
} bp_catalogue;

typedef struct run {
    bp_ctx *c; /* the call's context: its arena, error and warnings */
    const bp_layout_set *set;
    const bp_department *dept;
    bp_table_data *const *tables;
    bp_check_report report;
    void *ud;
    bp_check_stats *st;
    bp_severity sev[BP_BUILTIN_COUNT]; /* of the built-in checks */
    const bp_catalogue *cat;           /* NULL: no catalogue */
    bp_vec cells;                      /* bp_finding_cell: the cells of the finding being built */
    bp_vec failed;      /* bp_finding_cell: every cell of the errors reported so far (blame) */
    const char *at_ref; /* check_at_column's sheet and column, for the next check_emit */
    /* the text's places when it is not document.md (a .docx: doc_source.h); NULL: its own */
    const struct bp_text_map *text_map;
} run;

/* The severity to report a line of built-in check b with: check_emit maps
 * it to the set's severity for b (or drops the line when b is off). */
#define BP_BUILTIN_LINE(b) (16 + (int)(b))

/* ---- check_findings.c: naming places, reporting findings ------------- */

/* Starts a finding of rule `rule` (kind: "row", "column", "hierarchy",
 * "rule"; a built-in check's lines get their check's name when reported)
 * about table t (NULL: none). */
bp_finding check_finding(run *R, const char *kind, const char *rule, const bp_table_spec *t);
/* Adds a cell of table t (data d) to the finding: the first wrong cell
 * also gives the finding its row, column and source. */
void check_cell(run *R, bp_finding *f, const bp_table_spec *t, const bp_table_data *d, int row,
                int col, bool wrong);
/* The same; unique: the cell is known not to be in the finding yet (the
 * rows of a column rule: thousands), so it is not looked for. */
void check_add_cell(run *R, bp_finding *f, const bp_table_spec *t, const bp_table_data *d, int row,
                    int col, bool wrong, bool unique);
/* Reports finding f with a printf-formatted message line (cut at 4,096
 * bytes): severity is BP_CHECK_* or BP_BUILTIN_LINE(b). */
void check_emit(run *R, int severity, bp_finding *f, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
bool check_builtin_on(const run *R, bp_builtin b);
/* A finding that names no cell (a row or a total row not found): it names
 * the table's column col (-1: the table) and its source, the CSV file or
 * the workbook's sheet and column. */
void check_at_column(run *R, bp_finding *f, const bp_table_spec *t, const bp_table_data *d,
                     int col);
/* "05 一般公共预算支出情况表" */
const char *check_table_name(run *R, const bp_table_spec *t);
/* A row's label ("212 城乡社区支出", 第N行); short: its first label part. */
const char *check_row_label(run *R, const bp_table_spec *t, const bp_table_data *d, int r);
const char *check_row_short(run *R, const bp_table_spec *t, const bp_table_data *d, int r);
/* The texts of cells cols[0..n) of row r, joined. */
const char *check_row_parts(run *R, const bp_table_data *d, int r, const int *cols, int n);
/* A cell's text, "" for a cell covered by a merged area. */
const char *check_cell_text(const bp_table_data *d, int r, int c);
/* A layout text (template.h) for this department ({department}, {code},
 * {year}, {unit}); page numbers and titles expand to "". */
const char *check_expand(run *R, const bp_template *tmpl);
/* The decimals of the last printed digit of the figure in row r, column c
 * (its column's format, with the row rules' `format:`). */
int check_col_decimals(const bp_table_spec *t, const bp_table_data *d, int r, int c);

/* ---- check_leftover.c ----------------------------------------------- */

/* The leftover template text found in s (a run of XX not touching letters
 * or digits, ＸＸ, ××, a {placeholder}, a listed word or one of the set's
 * `leftovers:`), or NULL. */
const char *check_find_leftover(run *R, const char *s);
/* The length of the leftover that starts at p in s, 0 when none does. */
size_t check_leftover_at(const run *R, const char *s, const char *p);

/* check_codes.c */
int check_load_catalogue(bp_ctx *c, const char *path, const bp_catalogue **out);
/* The structure of the table's code columns, and their codes and names
 * against the catalogue. */
void check_codes(run *R, const bp_table_spec *t, const bp_table_data *d);
/* Whether the table has a code column (code: function or economic). */
bool check_has_codes(const bp_table_spec *t);

#endif
