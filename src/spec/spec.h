/* spec.h — the table model: layout sets and table layouts parsed from YAML
 * (columns, header tree built from header paths, row rules, number formats,
 * notes). Every key is checked; errors name file:line:column. */
#ifndef BP_SPEC_H
#define BP_SPEC_H

#include "number.h"
#include "role.h"
#include "ctx.h"
#include "template.h"
#include "util.h"

#define BP_MAX_HEADER_DEPTH 6
#define BP_MAX_FAMILIES 8
#define BP_MAX_COLUMNS 1000   /* columns of a table layout */
#define BP_MAX_ROW_RULES 1000 /* `rows:` rules of a table layout */
#define BP_MAX_TABLES 200     /* tables of a layout set */
#define BP_MAX_DIGITS 4       /* lengths in a column's `digits:` */

typedef enum { BP_ALIGN_LEFT, BP_ALIGN_CENTER, BP_ALIGN_RIGHT } bp_align;
typedef enum { BP_COL_TEXT, BP_COL_AMOUNT } bp_coltype;
/* `code:` of a column: it holds 功能分类 or 经济分类 codes, or the names
 * of the codes in the code column(s) to its left (docs/checks.md). */
typedef enum { BP_CODE_NONE, BP_CODE_FUNCTION, BP_CODE_ECONOMIC, BP_CODE_NAME } bp_code_kind;

typedef struct bp_column {
    const char *key;
    const char *header[BP_MAX_HEADER_DEPTH];            /* the path as written */
    const bp_template *header_tpl[BP_MAX_HEADER_DEPTH]; /* the same, parsed */
    int depth;
    double width_mm; /* > 0: fixed width */
    double weight;   /* > 0: relative share of the remaining width */
    double min_mm;   /* 0: none */
    bp_align align;
    bp_coltype type;
    bp_numfmt fmt;
    bool merge; /* merge equal vertical neighbours */
    bp_code_kind code;
    int code_part;             /* `code_part:` 0 the whole code, 1 类, 2 款, 3 项 */
    const char *unit;          /* `unit:` of an amount column (元, 万元…), or the
                                  table's; NULL: not declared */
    int unit_exp;              /* the unit as a power of ten of 元 (万元: 4) */
    int digits[BP_MAX_DIGITS]; /* `digits:` the lengths of its codes, increasing: a */
    int ndigits;               /* code a workbook stores as a number is padded to one */
    int line, col;             /* where declared (1-based) */
} bp_column;

/* A cell of the header grid, built from the columns' paths. */
typedef struct bp_header_cell {
    const char *text;       /* as written */
    const bp_template *tpl; /* parsed (NULL: text is printed as it is) */
    int row, col, rowspan, colspan;
} bp_header_cell;

typedef enum { BP_WHEN_EQUALS, BP_WHEN_LENGTH, BP_WHEN_EMPTY, BP_WHEN_PREFIX } bp_when_op;

/* A condition on one cell of a row (`when:` of row rules and checks). */
typedef struct bp_when {
    int column; /* index of the tested column */
    bp_when_op op;
    const char **values; /* EQUALS, PREFIX: nvalues strings */
    int nvalues;
    int length; /* LENGTH: code points */
    bool empty; /* EMPTY: true = cell empty, false = not empty */
} bp_when;

/* True when the condition holds for text (the tested cell's text). */
bool spec_when_matches(const bp_when *w, const char *text);

typedef struct bp_row_rule {
    bp_when when;
    int bold;          /* -1 unset, 0, 1 */
    double fill;       /* < 0 unset */
    int align;         /* -1 unset, else bp_align */
    int indent_column; /* -1 unset */
    int indent_level;
    bp_numfmt fmt;      /* `format:` for the row's amount columns: */
    unsigned fmt_keys;  /* the BP_FMT_* keys it sets (0: none) */
    int keep_with_next; /* -1 unset, 0, 1: a sub-header row, never the last of a page */
    int section_head;   /* -1 unset, 0, 1: heads the rows under it (to the next such row),
                           repeated at the top of a page they continue on */
} bp_row_rule;

/* padding_rows: as_in_workbook: the empty rows the source has before the
 * table's total row. */
#define BP_PADDING_AS_IN_SOURCE (-1)

/* How a merged text cell continued on a later page shows there when its
 * whole text fits its first page's part (`repeat_labels:`). */
typedef enum {
    BP_LABELS_NONE,      /* blank: the text is not repeated (default) */
    BP_LABELS_PLAIN,     /* the text again */
    BP_LABELS_CONTINUED, /* the text again, with （续） */
} bp_repeat_labels;

/* What a table with no figures (data_table_is_empty) prints above its
 * empty_note (`empty:`). */
typedef enum {
    BP_EMPTY_ROWS,  /* its CSV rows, as they are (default) */
    BP_EMPTY_NONE,  /* no body rows: the header alone */
    BP_EMPTY_TOTAL, /* one blank row holding only empty_total (合计) */
} bp_empty_body;

typedef struct bp_table_spec {
    const char *file; /* the YAML file */
    const char *stem; /* the file name without .yaml: how sets address it */
    /* texts: templates (template.h) */
    const bp_template *title, *contents, *subtitle, *continued;
    const char *data;    /* CSV file name */
    const char **sheets; /* `sheet:` names or titles of its workbook sheet (NULL: from title) */
    int nsheets;
    double page_w, page_h; /* mm, after orientation */
    bool orientation_auto; /* portrait, landscape when the table is too wide */
    double min_font_size;  /* smallest size the table may shrink to (0: no shrinking) */
    double margin[4];      /* mm: top right bottom left */
    const bp_template *caption_left, *caption_right;
    double font_size, header_font_size, title_size, line_spacing;
    double padding, min_row_height, indent; /* mm */
    bool show_header;
    bool repeat_header;             /* the header rows on every page, else on the first */
    bp_repeat_labels repeat_labels; /* short merged labels on continuation pages */
    int padding_rows; /* empty ruled rows before the total row: N, or BP_PADDING_AS_IN_SOURCE */
    int group_column; /* -1 none */
    bp_column *columns;
    int ncolumns;
    bp_header_cell *header;
    int nheader, header_rows;
    bp_row_rule *rules;
    int nrules;
    const bp_template **notes;
    int nnotes;
    const bp_template *empty_note;
    bp_empty_body empty_body;
    const char *empty_total;        /* BP_EMPTY_TOTAL: the text of the blank row */
    int empty_total_column;         /* and the column holding it */
    struct bp_table_checks *checks; /* `checks:` (rules.h); NULL: none */
    struct bp_form_spec *form;      /* `kind: form` (form.h); NULL: a table */
} bp_table_spec;

/* How the cover page is set (set.yaml `cover:`). */
typedef struct bp_cover_style {
    bool landscape;
    double label_size, title_size, lines_size; /* points */
    const bp_template **lines;                 /* centred lines under the title */
    int nlines;
} bp_cover_style;

/* How the contents page is set (set.yaml `contents:`). */
typedef struct bp_contents_style {
    bool landscape;
    double title_size, entry_size; /* points */
    double line_height;            /* points, from one entry to the next */
    bool page_numbers, leaders;    /* what an entry line shows after its text */
} bp_contents_style;

/* A text sheet of a workbook (set.yaml `text:`, docs/layouts.md): the
 * sheets whose title matches give the text under a part and a section. */
typedef struct bp_text_sheet {
    const char *pattern; /* a sheet title; '*' matches any characters */
    const char *part;    /* the part heading the text stands under ("第一部分 部门概况") */
    const char *section; /* the section heading ("一、部门主要职能"); NULL: none */
} bp_text_sheet;

typedef struct bp_layout_set {
    const char *dir, *file, *name;
    const bp_template *cover_label, *cover_title; /* NULL: no cover */
    const bp_template *contents_title;            /* NULL: no contents page */
    const bp_template *footer;                    /* NULL or "": none */
    bp_cover_style cover;
    bp_contents_style contents;
    bool numbers_per_table; /* page numbers (footers, labels) restart with each table */
    const char *families[BP_ROLE_COUNT][BP_MAX_FAMILIES + 1]; /* NULL-terminated */
    bp_table_spec *tables;
    int ntables;
    struct bp_set_rules *rules;       /* `rules:` file (rules.h); NULL: none */
    const struct bp_figures *figures; /* `figures:` (expr.h); NULL: the defaults */
    const char **sources;             /* the set.yaml files read (extends chain), department.yaml */
    int nsources;
    const struct bp_doc_style *document; /* `document:` (doc_style.h); NULL: the defaults */
    const bp_text_sheet *text_sheets;    /* `text:`: the workbook's text sheets, in order */
    int ntext_sheets;
} bp_layout_set;

/* The defaults of a set's keys that have some (the cover and contents
 * styles), for a set built without spec_load_set. */
void spec_set_defaults(bp_layout_set *s);
/* Where a set's base sets are found, and a department that varies it. */
typedef struct bp_set_source {
    const char *search;    /* colon-separated folders where `extends:` names are looked up
                            * (after the folder beside the set); NULL: none */
    const char *dept_file; /* a department.yaml whose `overrides:` apply; NULL: none */
} bp_set_source;

/* Loads dir/set.yaml, the sets it extends, and every table of the result
 * (spec_set.c; docs/layouts.md). */
int spec_load_set(bp_ctx *c, const char *dir, bp_layout_set **out);
/* The same with a search path for `extends:` and a department's overrides
 * (src may be NULL). */
int spec_load_set_from(bp_ctx *c, const char *dir, const bp_set_source *src, bp_layout_set **out);
/* Layout sets kept between documents: the layouts part of a
 * budgetpdf_context (spec_cache.c). At most max_sets sets, the least
 * recently used one no document holds dropped first. Thread-safe. NULL when
 * out of memory. */
typedef struct spec_set_cache spec_set_cache;
spec_set_cache *spec_set_cache_new(int max_sets);
/* Frees the cache and its sets; no document may still use one. */
void spec_set_cache_free(spec_set_cache *c);
/* Sets the cache holds (in use or not): for tests. */
int spec_set_cache_count(spec_set_cache *c);
/* spec_load_set_from (without a department) through the cache c->sets
 * (NULL: loaded into c->a as spec_load_set_from does): a set
 * already loaded from the same folder and search path (for `extends:`),
 * whose files have not changed since, is shared (read-only) and held by
 * the arena c->a (released when it is freed, which must be before the
 * cache is); a set is loaded into c->a only when every cached set is in use
 * and the cache is full. */
int spec_load_set_cached(bp_ctx *c, const char *dir, const char *search, const bp_layout_set **out);
/* Loads a font profile (YAML mapping of roles body/title/number/note to
 * family lists) over families: the roles it names replace those given. */
int spec_load_font_profile(bp_ctx *c, const char *path,
                           const char *families[BP_ROLE_COUNT][BP_MAX_FAMILIES + 1]);
/* Loads one table layout from a YAML file. */
int spec_load_table(bp_ctx *c, const char *path, bp_table_spec *out);
/* Same, from memory (name is used in messages). */
int spec_parse_table(bp_arena *a, const char *name, const char *text, size_t len,
                     bp_table_spec *out, bp_error *e);
/* Builds t->header from the columns' paths. Exposed for tests. */
int spec_build_header(bp_arena *a, bp_table_spec *t, bp_error *e);
/* Index of the column with this key, or -1. */
int spec_column_index(const bp_table_spec *t, const char *key);

#endif
