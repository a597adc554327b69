/* rules.h — the rule model: the checks declared under `checks:` in table
 * layouts and in the layout set's rules.yaml, as parsed by spec_checks.c and
 * evaluated by check.c. Depends on the table model and exact decimals only. */
#ifndef BP_RULES_H
#define BP_RULES_H

#include "number.h"
#include "spec.h"

/* Severity of a reported line (the values of BUDGETPDF_CHECK_*): a
 * difference within rounding, a failed rule, and a built-in check lowered
 * to a warning by the set's `builtin:` (never fails a check). */
enum { BP_CHECK_ROUNDING = 1, BP_CHECK_ERROR = 2, BP_CHECK_WARNING = 3 };

/* The built-in checks, each with a name (the keys of rules.yaml's
 * `builtin:`) and a severity the set may change. */
typedef enum {
    BP_BUILTIN_EMPTY_NOTE, /* empty_note: 空表 notes */
    BP_BUILTIN_LEFTOVERS,  /* leftovers: leftover template text */
    BP_BUILTIN_YEAR,       /* year: NNNN年 agrees with department.yaml */
    BP_BUILTIN_DEPT_NAME,  /* department_name: 部门名称：… agrees */
    BP_BUILTIN_CODES,      /* codes: structure of 功能分类 / 经济分类 codes */
    BP_BUILTIN_CATALOGUE,  /* catalogue: codes and names against the catalogue */
    /* the checks on the document's text (check_text.h) */
    BP_BUILTIN_TEXT_FIGURES, /* text_figures: a figure typed, not an expression */
    BP_BUILTIN_TEXT_SHARES,  /* text_shares: shares listed together add to 100% */
    BP_BUILTIN_TEXT_REPEATS, /* text_repeats: a word, clause or paragraph twice */
    BP_BUILTIN_COUNT
} bp_builtin;

/* A built-in check's severity: error (the default), warning, or off. */
typedef enum { BP_SEV_ERROR = 0, BP_SEV_WARNING, BP_SEV_OFF } bp_severity;

/* The names of the built-in checks, in bp_builtin order, NULL-terminated. */
extern const char *const bp_builtin_names[BP_BUILTIN_COUNT + 1];
/* Their severities when rules.yaml does not set them: error, but
 * text_figures a warning. */
extern const bp_severity bp_builtin_defaults[BP_BUILTIN_COUNT];

/* How a rule compares its two sides. */
typedef enum { BP_OP_EQ, BP_OP_LE, BP_OP_GE, BP_OP_LT, BP_OP_GT } bp_op;

/* A condition on a row: the same as a row rule's `when:` (spec.h). */
typedef bp_when bp_cond;

/* Conditions that must all hold; n == 0 matches every row. */
typedef struct bp_conds {
    bp_cond *items;
    int n;
} bp_conds;

/* One row selector of an expression term: [key=value], [key^=value] or [#n]. */
typedef struct bp_sel {
    int column; /* -1: by position */
    bool prefix;
    const char *value;
    int index; /* by position: 0-based body row */
} bp_sel;

/* A term: a column of the current row (row rules), or a cell chosen by row
 * selectors in this table (table `rule:`) or in another table (rules.yaml). */
typedef struct bp_term {
    int table; /* index in the set; -1: the rule's own table */
    int column;
    bp_sel *sel;
    int nsel; /* 0: the current row */
    int sign; /* +1 or -1 */
    const char *text;
    int64_t factor; /* `N * term`: an integer factor written in the rule (1: none) */
    int64_t mult;   /* factor × 10^(the column's unit − the rule's unit): the
                       multiplier into the rule's unit */
} bp_term;

/* lhs OP rhs, each side a signed sum of terms. */
typedef struct bp_expr {
    bp_term *side[2];
    int n[2];
    bp_op op;
    const char *text; /* as written */
    const char *unit; /* the unit the terms are compared in, when their
                         columns' units (format: unit:) or factors differ;
                         NULL: all alike (figures printed without a unit) */
} bp_expr;

typedef enum { BP_CHECK_ROW, BP_CHECK_COLUMN, BP_CHECK_HIERARCHY, BP_CHECK_EXPR } bp_check_kind;
typedef enum { BP_RANGE_ALL, BP_RANGE_ABOVE, BP_RANGE_BELOW } bp_check_range;

typedef struct bp_check_rule {
    bp_check_kind kind;
    const char *file;
    int line, col;
    const char *name; /* the rule as printed; NULL: derived */
    bool has_tolerance;
    bp_decimal tolerance; /* in the figures' unit; 0: exact */
    bp_expr expr;         /* ROW, EXPR */
    bp_conds when;        /* ROW, HIERARCHY: rows it applies to */
    int *columns;         /* COLUMN, HIERARCHY: amount columns compared */
    int ncolumns;
    bp_conds total, rows, until; /* COLUMN */
    bp_conds *except;
    int nexcept;
    bp_check_range range;
    int *code_cols; /* HIERARCHY: columns whose texts, concatenated, are the code */
    int ncode_cols;
    /* EXPR of rules.yaml, `each:`: the rule is run once for each text of
     * these cells (distinct, in order; of each_length code points when not
     * 0), a selector value `$` taking the text; a `$` term that selects no
     * row is zero */
    int *each_tables, *each_cols;
    int neach, each_length;
} bp_check_rule;

/* One part of a row label: the texts of its columns, concatenated. */
typedef struct bp_label_part {
    int *cols;
    int ncols;
} bp_label_part;

/* A table's `checks:`. */
typedef struct bp_table_checks {
    bp_check_rule *rules;
    int nrules;
    bp_label_part *label; /* NULL: the first two text columns */
    int nlabel;
    const char *blank; /* label of a row whose label cells are all empty; NULL: 第N行 */
    const char *fund; /* `- fund: 政府性基金预算`: the fund a 空表 note names; NULL: any */
} bp_table_checks;

/* The layout set's rules.yaml. */
typedef struct bp_set_rules {
    const char *file;
    bp_check_rule *rules;
    int nrules;
    const char **leftovers; /* added to the built-in list of template leftovers */
    int nleftovers;
    bp_severity builtin[BP_BUILTIN_COUNT]; /* `builtin:` (default: all errors) */
    const char *catalogue; /* `catalogue:` path of the 科目 catalogue CSV; NULL: none */
    const char **files;    /* every rules file read (an extends chain), for the set cache */
    int nfiles;
} bp_set_rules;

/* Table naming shared by the parser and the engine. */
const char *check_table_id(bp_arena *a, const bp_table_spec *t); /* "05" or the file stem */
const char *check_table_stem(bp_arena *a, const bp_table_spec *t);
/* The name a column goes by in messages ("合计", "基本支出", "收入金额"). */
const char *check_column_name(bp_arena *a, const bp_table_spec *t, int col);
/* Column by key or by name (header text, spaces ignored); -1 if none. */
int check_find_column(bp_arena *a, const bp_table_spec *t, const char *ref);

#endif
