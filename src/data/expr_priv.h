/* expr_priv.h — inside the figures of the text: the evaluator of the
 * expression tree (expr.c), its functions (expr_fn.c), the previous year's
 * figures (expr_prev.c) and the formatting of figures, shares and changes
 * (expr_fmt.c), units (expr_unit.c). Values are exact (decimal.h, at
 * EXPR_SCALE) and carry their unit. */
#ifndef BP_EXPR_PRIV_H
#define BP_EXPR_PRIV_H

#include "expr.h"
#include "expr_lex.h"
#include "expr_tree.h"
#include "term_eval.h"

#define EXPR_SCALE BP_EXACT_SCALE

typedef struct expr_prev expr_prev;

struct bp_figure_env {
    bp_arena *a;
    const bp_layout_set *set;
    const bp_department *dept;
    bp_table_data *const *tables;
    const bp_figures *fmt;
    expr_prev *prev; /* NULL: department.yaml names none */
};

/* A value: a figure (exact, written with `scale` decimals) or text (a
 * percentage, the wording of a change). */
typedef struct expr_val {
    const char *text; /* NULL: a figure */
    bp_exact v;
    int scale;
    int exp; /* its unit as a power of ten of 元 (a column's), or BP_NO_UNIT (a
                number, a ratio, a figure scaled by hand: x / 10000) */
} expr_val;

/* The evaluation of one figure: its text and where it is (the `{{`). */
typedef struct expr_ev {
    bp_figure_env *env;
    const char *s;
    size_t len;
    const char *file;
    int line, col;
    int target; /* the unit the figure prints in (its trailing unit, else
                   `figures: unit:`), or BP_NO_UNIT: its column's */
    bp_term_src src;
    /* expr_eval, for the functions (prev() evaluates its argument again):
     * called through here, expr_fn.c stays below expr.c */
    int (*eval)(struct expr_ev *x, const bp_xnode *n, bool prev, expr_val *out);
} expr_ev;

/* A figure holds at most 10^23 (10^30 at EXPR_SCALE): a product of two
 * such values, and a dividend times 10^EXPR_SCALE, fit in 128 bits. */
#define BP_EXPR_BOUND ((bp_exact)1000000000000000LL * (bp_exact)1000000000000000LL)

/* The bp_term_src place() of a figure (ctx: its expr_ev): the file, line
 * and column of byte off of its text (expr_err.c). */
void expr_place(void *ctx, size_t off, const char **file, size_t *line, size_t *col);

/* Fails at byte off of the figure's text (file:line:column; expr_err.c). */
int expr_fail(expr_ev *x, size_t off, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The value of n; prev: with the previous year's figures for its terms
 * (expr.c). */
int expr_eval(expr_ev *x, const bp_xnode *n, bool prev, expr_val *out);
/* Whether |v| is within what a figure may hold (BP_EXPR_BOUND); else
 * fails at off, naming what gave it (expr_err.c). */
int expr_bounded(expr_ev *x, bp_exact v, size_t off, const char *what);

/* ---- units (expr_unit.c) ---- */
/* v converted exactly to the unit of power `to` (a quotient rounded half
 * away from zero at EXPR_SCALE); off: where to fail when it grows too large. */
int expr_convert(expr_ev *x, expr_val *v, int to, size_t off);
/* l and r in one unit, for adding or comparing them: the smaller of their
 * units; a value without a unit (a number) takes the other's. */
int expr_align(expr_ev *x, expr_val *l, expr_val *r, size_t off);
/* The unit of a term's column: its `unit:`, else the department's. */
int expr_term_exp(const bp_layout_set *set, const bp_department *dept, const bp_term *t);

/* The functions a figure may call (expr_fn.c), NULL-terminated, and the
 * value of a call, its arguments evaluated first, left to right. */
extern const char *const expr_fn_names[];
int expr_call(expr_ev *x, const bp_xnode *n, bool prev, expr_val *out);

/* One named figure of the previous year: a term and its value. */
typedef struct expr_prev_fig {
    bp_term term;
    bp_decimal value;
    int exp;       /* its unit (last year's column's), BP_NO_UNIT: the term's */
    int line, col; /* of its key */
} expr_prev_fig;

/* What department.yaml's `previous:` names: a file of named figures, or
 * last year's department (a folder or a workbook), its tables bound by
 * this year's layout set. */
struct expr_prev {
    const char *file;
    int year;
    expr_prev_fig *figs;
    int n;
    const bp_department *dept;    /* last year's department; NULL: the file */
    bp_table_data *const *tables; /* its tables, in set order */
};

/* Loads last year's department at path (a folder or a workbook) into p,
 * its tables bound by set (expr_prev_dept.c). Errors name department.yaml's
 * `previous:` line and column, then the fault. */
int expr_prev_load_dept(bp_ctx *c, const bp_layout_set *set, const bp_department *dept,
                        const char *path, expr_prev *p);
/* Whether `previous:` names last year's department rather than a file of
 * named figures. */
bool expr_prev_is_dept(const char *path);

/* Loads dept->previous (NULL *out when department.yaml names none). */
int expr_prev_load(bp_ctx *c, const bp_layout_set *set, const bp_department *dept, expr_prev **out);
/* The figure written for the term (same table, column and selectors); NULL
 * when the file has none. */
const expr_prev_fig *expr_prev_find(const expr_prev *p, const bp_term *t);

/* v (at EXPR_SCALE, written with `scale` decimals) as running text prints
 * it (bp_figures: decimals, trim_zeros, thousands). */
const char *expr_fmt_figure(bp_arena *a, const bp_figures *f, bp_exact v, int scale);
/* part / whole × 100 with f->pct_decimals, rounded half away from zero, as
 * text with its suffix. whole must not be 0. */
const char *expr_fmt_pct(bp_arena *a, const bp_figures *f, bp_exact part, bp_exact whole);
/* The shares of n parts of their sum, rounded by largest remainder so that
 * they add up to exactly 100: the share of part k as text. The sum must be
 * positive and no part negative. */
const char *expr_fmt_share(bp_arena *a, const bp_figures *f, const bp_exact *parts, int n, int k);
/* The wording of a change d (增加X万元, 减少X万元, 持平), unit: the
 * figure's (its column's, or the unit it is printed in). */
const char *expr_fmt_change(bp_arena *a, const bp_figures *f, bp_exact d, int scale,
                            const char *unit);

#endif
