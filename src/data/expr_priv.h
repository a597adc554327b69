/* expr_priv.h — inside the figures of the text (expr.c): the previous
 * year's figures (expr_prev.c) and the formatting of figures, shares and
 * changes (expr_fmt.c). Values are exact (decimal.h, at EXPR_SCALE). */
#ifndef BP_EXPR_PRIV_H
#define BP_EXPR_PRIV_H

#include "expr.h"
#include "term_eval.h"

#define EXPR_SCALE BP_EXACT_SCALE

/* One named figure of the previous year: a term and its value. */
typedef struct expr_prev_fig {
    bp_term term;
    bp_decimal value;
    int line, col; /* of its key */
} expr_prev_fig;

/* The file department.yaml's `previous:` names. */
typedef struct expr_prev {
    const char *file;
    int year;
    expr_prev_fig *figs;
    int n;
} expr_prev;

/* Loads dept->previous (NULL *out when department.yaml names none). */
int expr_prev_load(bp_arena *a, const bp_layout_set *set, const bp_department *dept,
                   expr_prev **out, bp_error *e);
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
 * department's. */
const char *expr_fmt_change(bp_arena *a, const bp_figures *f, bp_exact d, int scale,
                            const char *unit);

#endif
