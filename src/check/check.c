/* check.c — the check engine: evaluates the rules of check.h over bound
 * table data with exact decimal arithmetic (128-bit integers at a fixed
 * scale of 10^-7, no floating point), classifies each difference as a
 * rounding warning or an error, and runs the built-in checks (空表 notes,
 * leftover template text, year and department name). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "check_priv.h"
#include "check_text.h"
#include "data_form.h"
#include "numbering.h"
#include "term_eval.h"

static bool cond_holds(const bp_cond *c, const bp_table_data *d, int r)
{
    /* a label merged across columns equals (or starts with) its text in
     * each column it spans; emptiness and length are the cell's own */
    bool text = c->op == BP_WHEN_EQUALS || c->op == BP_WHEN_PREFIX;
    return spec_when_matches(c, text ? term_cell_text(d, r, c->column)
                                     : check_cell_text(d, r, c->column));
}

static bool conds_hold(const bp_conds *cs, const bp_table_data *d, int r)
{
    for (int i = 0; i < cs->n; i++)
        if (!cond_holds(&cs->items[i], d, r)) return false;
    return true;
}

static const char *cond_text(run *R, const bp_table_spec *t, const bp_conds *cs)
{
    char *s = bp_strdup(R->c->a, "");
    for (int i = 0; i < cs->n; i++) {
        const bp_cond *c = &cs->items[i];
        const char *col = check_column_name(R->c->a, t, c->column);
        const char *part = "";
        switch (c->op) {
        case BP_WHEN_EQUALS:
        case BP_WHEN_PREFIX: {
            char *v = bp_strdup(R->c->a, "");
            for (int k = 0; k < c->nvalues; k++)
                v = bp_sprintf(R->c->a, "%s%s%s", v, k ? "|" : "", c->values[k]);
            part = bp_sprintf(R->c->a, "%s %s %s", col, c->op == BP_WHEN_EQUALS ? "=" : "^=", v);
            break;
        }
        case BP_WHEN_LENGTH:
            part = bp_sprintf(R->c->a, _("%s of length %d"), col, c->length);
            break;
        case BP_WHEN_EMPTY:
            part = bp_sprintf(R->c->a, "%s %s", col, c->empty ? _("empty") : _("not empty"));
            break;
        }
        s = bp_sprintf(R->c->a, "%s%s%s", s, i ? _(" and ") : "", part);
    }
    return s;
}

/* Whether a cell is an amount: a number or an empty cell (zero); a cell
 * covered by a merged area is not. */
static bool amount_at(const bp_table_data *d, int r, int c, bp_exact *v, bool *valued)
{
    bp_decimal x;
    if (!term_amount(d, r, c, &x, valued)) return false;
    *v = bp_exact_of(x);
    return true;
}

/* Where a comparison is: the table, the row (its label, computed only when
 * needed, or given) and the column. */
typedef struct place {
    const bp_table_spec *t;
    const bp_table_data *d;
    int row;
    const char *row_text; /* NULL: the label of row */
    int col;
    /* the cells the figure at (row, col) is compared with, for findings */
    const int *rows; /* column and hierarchy rules: these rows of col */
    int nrows;
    const bp_expr *x;             /* row rules: the terms' columns in row */
    const bp_finding_cell *terms; /* selector rules: the terms' cells (table, row, column) */
    int nterms;
} place;

static const char *where(run *R, const place *p)
{
    const char *row = p->row_text ? p->row_text : check_row_label(R, p->t, p->d, p->row);
    return bp_sprintf(R->c->a, _("%s, %s, %s"), check_table_name(R, p->t), row,
                      check_column_name(R->c->a, p->t, p->col));
}

/* A finding at p: its table, row and column, the cell there (wrong) and
 * those it was compared with. */
static bp_finding finding_at(run *R, const char *kind, const char *rule, const place *p)
{
    bp_finding f = check_finding(R, kind, rule, p->t);
    if (p->row_text) f.row = p->row_text;
    f.column = check_column_name(R->c->a, p->t, p->col);
    check_cell(R, &f, p->t, p->d, p->row, p->col, true);
    for (int i = 0; i < p->nrows; i++) /* never the total's own row */
        check_add_cell(R, &f, p->t, p->d, p->rows[i], p->col, false, true);
    for (int k = 0; p->x && k < 2; k++)
        for (int i = 0; i < p->x->n[k]; i++)
            check_cell(R, &f, p->t, p->d, p->row, p->x->side[k][i].column, false);
    for (int i = 0; i < p->nterms; i++) {
        const bp_finding_cell *c = &p->terms[i];
        check_cell(R, &f, &R->set->tables[c->table], R->tables[c->table], c->row, c->column,
                   c->wrong);
    }
    return f;
}

static const char *kind_of(const bp_check_rule *r)
{
    static const char *const kinds[] = {"row", "column", "hierarchy", "rule"};
    return kinds[r->kind];
}

/* ---- rounding ---------------------------------------------------------- */

/* The rounding of the figures a comparison adds up. Each printed figure is
 * its exact value rounded to its last digit: an error uniform in ± half its
 * unit u, of variance u²/12, independent of the others. The sum of the
 * errors of every figure compared (the total's own included) has the
 * variance Σu²/12; a difference beyond 4σ = √(4Σu²/3) is not rounding (the
 * chance is below 1 in 10,000 for any number of figures). The worst case,
 * half a unit of each summed figure (`cap`), bounds it too. */
typedef struct tol_acc {
    bp_exact cap;      /* Σ u/2 over the summed (expected) figures holding a number */
    bp_exact var;      /* Σ u² over every figure holding a number */
    bp_exact unit;     /* the smallest u */
    bp_exact sum_unit; /* the smallest u of the summed figures */
    bp_exact act_u;    /* Σ u of the other side's figures (the printed total) */
    int act_n, n;      /* figures holding a number: of the other side, in all */
} tol_acc;

static void acc_add(tol_acc *a, bp_exact u, bool summed)
{
    if (summed) {
        a->cap += u / 2;
        if (!a->sum_unit || u < a->sum_unit) a->sum_unit = u;
    } else {
        a->act_u += u;
        a->act_n++;
    }
    a->var += u * u;
    if (!a->unit || u < a->unit) a->unit = u;
    a->n++;
}

/* The worst case: half a unit of each summed figure, plus, for a printed
 * total coarser than them (万元 against 元), the half of its unit they do
 * not cover. A total as fine as its parts adds nothing: one figure against
 * the same figure in the same unit must be exact. */
static bp_exact worst_case(const tol_acc *a)
{
    if (!a->sum_unit) return a->cap;
    bp_exact extra = a->act_u - a->act_n * a->sum_unit;
    return a->cap + (extra > 0 ? extra / 2 : 0);
}

/* ⌈√m⌉ for m >= 0, exactly. */
static bp_exact isqrt_ceil(bp_exact m)
{
    if (m <= 0) return 0;
    bp_exact x = (bp_exact)sqrtl((long double)m);
    while (x > 0 && x * x >= m)
        x--;
    while (x * x < m)
        x++;
    return x;
}

/* The statistical bound 4σ, rounded down to a tenth of the smallest unit. */
static bp_exact four_sigma(const tol_acc *a)
{
    bp_exact b = isqrt_ceil((4 * a->var + 2) / 3);
    bp_exact step = a->unit / 10 > 0 ? a->unit / 10 : 1;
    return b / step * step;
}

/* The tolerance of a comparison: the rule's `tolerance:`, else the lesser of
 * 4σ and the worst case (so one figure against one allows half a unit,
 * which no difference of printed figures fits in). */
static bp_exact tolerance_of(const bp_check_rule *r, const tol_acc *a)
{
    if (r->has_tolerance) return bp_exact_of(r->tolerance);
    bp_exact b = four_sigma(a), w = worst_case(a);
    return b < w ? b : w;
}

/* The printed relation that fails: for `a ≤ b` it is "a > b". */
static const char *violated(bp_op op)
{
    switch (op) {
    case BP_OP_EQ:
        return "≠";
    case BP_OP_LE:
        return ">";
    case BP_OP_GE:
        return "<";
    case BP_OP_LT:
        return "≥";
    case BP_OP_GT:
        return "≤";
    }
    return "≠";
}

/* Compares and reports. For `=`: lhs is the sum (expected), rhs the printed
 * total (actual); otherwise the two sides as written. unit: printed after
 * each figure ("" or NULL: none). */
/* One comparison of a rule: lhs OP rhs, the figures' rounding (acc), the
 * decimals to show them with and their unit (NULL: none). */
typedef struct comparison {
    bp_exact lhs, rhs;
    bp_op op;
    const tol_acc *acc;
    int decimals;
    const char *unit;
} comparison;

static void judge(run *R, const place *p, const bp_check_rule *r, const comparison *c,
                  const char *rule)
{
    bp_exact lhs = c->lhs, rhs = c->rhs;
    bp_op op = c->op;
    const tol_acc *acc = c->acc;
    int decimals = c->decimals;
    const char *unit = c->unit;
    R->st->comparisons++;
    bp_exact v = 0;
    bool fails = false;
    switch (op) {
    case BP_OP_EQ:
        v = rhs > lhs ? rhs - lhs : lhs - rhs;
        fails = v != 0;
        break;
    case BP_OP_LE:
    case BP_OP_LT:
        v = lhs - rhs;
        fails = op == BP_OP_LE ? v > 0 : v >= 0;
        break;
    case BP_OP_GE:
    case BP_OP_GT:
        v = rhs - lhs;
        fails = op == BP_OP_GE ? v > 0 : v >= 0;
        break;
    }
    if (!fails) return;
    bp_exact tol = tolerance_of(r, acc);
    const char *u = unit && unit[0] ? bp_sprintf(R->c->a, " %s", unit) : "";
    const char *x =
        bp_sprintf(R->c->a, "%s%s", bp_exact_plain(R->c->a, lhs, BP_EXACT_SCALE, decimals), u);
    const char *y =
        bp_sprintf(R->c->a, "%s%s", bp_exact_plain(R->c->a, rhs, BP_EXACT_SCALE, decimals), u);
    const char *t = bp_exact_plain(R->c->a, tol, BP_EXACT_SCALE, 0);
    bool rounding = tol > 0 && v <= tol;
    bp_finding f = finding_at(R, kind_of(r), rule, p);
    /* for =, lhs is the sum and rhs the printed total; else the sides */
    f.expected = bp_exact_plain(R->c->a, op == BP_OP_EQ ? lhs : rhs, BP_EXACT_SCALE, decimals);
    f.found = bp_exact_plain(R->c->a, op == BP_OP_EQ ? rhs : lhs, BP_EXACT_SCALE, decimals);
    f.relation = rounding && op == BP_OP_EQ ? "≈" : violated(op);
    f.tolerance = t;
    f.unit = unit && unit[0] ? unit : NULL;
    if (rounding) {
        check_emit(R, BP_CHECK_ROUNDING, &f, _("%s: %s %s %s, rounding within %s%s (%s)"),
                   where(R, p), x, f.relation, y, t, u, rule);
    } else if (!r->has_tolerance && v <= worst_case(acc)) {
        /* within the worst case, beyond what rounding makes */
        check_emit(R, BP_CHECK_ERROR, &f,
                   _("%s: %s %s %s, more than the rounding of %d figures (4σ = %s%s) (%s)"),
                   where(R, p), x, violated(op), y, acc->n,
                   bp_exact_plain(R->c->a, four_sigma(acc), BP_EXACT_SCALE, 0), u, rule);
    } else {
        check_emit(R, BP_CHECK_ERROR, &f, _("%s: %s %s %s (%s)"), where(R, p), x, violated(op), y,
                   rule);
    }
}

/* The unit of the last printed digit of a figure, at BP_EXACT_SCALE, times mult. */
static bp_exact unit_of(const bp_table_spec *t, const bp_table_data *d, int r, int c, int64_t mult)
{
    return bp_exact_pow10(BP_EXACT_SCALE - check_col_decimals(t, d, r, c)) * mult;
}

/* Decimals of column c's figures in a rule's unit (万元 with 1 decimal is
 * 元 with none). */
static int scaled_decimals(const bp_table_spec *t, const bp_table_data *data, int r, int c,
                           int64_t mult)
{
    int d = check_col_decimals(t, data, r, c);
    while (d > 0 && mult % 10 == 0)
        d--, mult /= 10;
    return d;
}

static const char *op_text(bp_op op)
{
    static const char *const ops[] = {"=", "≤", "≥", "<", ">"};
    return ops[op];
}

/* "A = B + C" with the columns' names. */
static const char *expr_names(run *R, const bp_table_spec *t, const bp_expr *x)
{
    char *s = bp_strdup(R->c->a, "");
    for (int k = 0; k < 2; k++) {
        if (k) s = bp_sprintf(R->c->a, "%s %s", s, op_text(x->op));
        for (int i = 0; i < x->n[k]; i++) {
            const bp_term *term = &x->side[k][i];
            const char *op = term->sign < 0 ? "-" : (i ? "+" : "");
            const char *f =
                term->factor != 1 ? bp_sprintf(R->c->a, "%lld × ", (long long)term->factor) : "";
            s = bp_sprintf(R->c->a, "%s%s%s%s%s%s", s, s[0] ? " " : "", op, op[0] && i ? " " : "",
                           f, check_column_name(R->c->a, t, term->column));
        }
    }
    return s;
}

/* "合计 = 206 + 212", "合计 = 30101 + … + 30211". */
static const char *sum_text(run *R, const char *total, const char **parts, int n)
{
    char *s = bp_sprintf(R->c->a, "%s =", total);
    if (n == 0) return bp_sprintf(R->c->a, _("%s (no rows)"), s);
    for (int i = 0; i < n; i++) {
        if (n > 4 && i > 0 && i < n - 1) {
            if (i == 1) s = bp_sprintf(R->c->a, "%s + …", s);
            continue;
        }
        s = bp_sprintf(R->c->a, "%s%s %s", s, i ? " +" : "", parts[i]);
    }
    return s;
}

/* ---- the rule kinds --------------------------------------------------- */

/* Which side is the printed total (actual) and which the sum (expected):
 * a single term against several; else the left side is the actual. */
static void pick_sides(const bp_expr *x, int *actual, int *expected)
{
    if (x->n[0] > 1 && x->n[1] == 1) {
        *actual = 1, *expected = 0;
    } else {
        *actual = 0, *expected = 1;
    }
}

/* Compares the two sums of an expression rule (row or cell terms). */
static void judge_expr(run *R, const place *p, const bp_check_rule *r, const bp_exact sum[2],
                       const tol_acc *acc, int decimals, const char *desc)
{
    const bp_expr *x = &r->expr;
    int act, exp;
    pick_sides(x, &act, &exp);
    if (x->op == BP_OP_EQ)
        judge(R, p, r, &(comparison){sum[exp], sum[act], x->op, acc, decimals, x->unit}, desc);
    else
        judge(R, p, r, &(comparison){sum[0], sum[1], x->op, acc, decimals, x->unit}, desc);
}

/* Adds a term's figure to its side: its value in the rule's unit, its
 * rounding and its decimals. */
/* A term's figure: the term, the row it was read in, its value, whether it
 * holds a number and whether it is on the summed (expected) side. */
typedef struct term_value {
    const bp_term *term;
    int row;
    bp_exact v;
    bool valued, summed;
} term_value;

static void add_term(const bp_table_spec *t, const bp_table_data *d, const term_value *tv,
                     bp_exact *sum, tol_acc *acc, int *decimals)
{
    const bp_term *term = tv->term;
    int row = tv->row;
    bp_exact v = tv->v;
    bool valued = tv->valued, summed = tv->summed;
    *sum += term->sign * v * term->mult;
    int dd = scaled_decimals(t, d, row, term->column, term->mult);
    if (dd > *decimals) *decimals = dd;
    if (valued) acc_add(acc, unit_of(t, d, row, term->column, term->mult), summed);
}

static void run_row_rule(run *R, const bp_table_spec *t, const bp_table_data *d,
                         const bp_check_rule *r)
{
    const bp_expr *x = &r->expr;
    const char *desc = r->name ? r->name : expr_names(R, t, x);
    int act, exp;
    pick_sides(x, &act, &exp);
    for (int row = 0; row < d->nrows; row++) {
        if (!conds_hold(&r->when, d, row)) continue;
        bp_exact sum[2] = {0, 0};
        tol_acc acc = {0, 0, 0, 0, 0, 0, 0};
        bool skip = false;
        int decimals = 0;
        for (int k = 0; k < 2 && !skip; k++)
            for (int i = 0; i < x->n[k]; i++) {
                const bp_term *term = &x->side[k][i];
                bp_exact v;
                bool valued;
                if (!amount_at(d, row, term->column, &v, &valued)) {
                    skip = true;
                    break;
                }
                add_term(t, d, &(term_value){term, row, v, valued, k == exp}, &sum[k], &acc,
                         &decimals);
            }
        if (skip) continue;
        place pl = {t, d, row, NULL, x->side[act][0].column, NULL, 0, x, NULL, 0};
        judge_expr(R, &pl, r, sum, &acc, decimals, desc);
    }
}

static bool excepted(const bp_check_rule *r, const bp_table_data *d, int row)
{
    for (int i = 0; i < r->nexcept; i++)
        if (conds_hold(&r->except[i], d, row)) return true;
    return false;
}

static void run_column_rule(run *R, const bp_table_spec *t, const bp_table_data *d,
                            const bp_check_rule *r)
{
    if (d->nrows == 0) return;
    int *rows = bp_alloc(R->c->a, (size_t)d->nrows * sizeof *rows);
    const char **names = bp_alloc(R->c->a, (size_t)d->nrows * sizeof *names);
    bool found = false;
    for (int tr = 0; tr < d->nrows; tr++) {
        if (!conds_hold(&r->total, d, tr)) continue;
        found = true;
        int n = 0;
        int from = 0, to = d->nrows, step = 1;
        if (r->range == BP_RANGE_ABOVE) from = tr - 1, to = -1, step = -1;
        if (r->range == BP_RANGE_BELOW) from = tr + 1;
        for (int i = from; i != to; i += step) {
            if (i == tr) continue;
            if (r->range != BP_RANGE_ALL && r->until.n && conds_hold(&r->until, d, i)) break;
            if (!conds_hold(&r->rows, d, i) || excepted(r, d, i)) continue;
            rows[n++] = i;
        }
        if (step < 0) /* list the rows in table order */
            for (int i = 0; i < n / 2; i++) {
                int tmp = rows[i];
                rows[i] = rows[n - 1 - i];
                rows[n - 1 - i] = tmp;
            }
        for (int i = 0; i < n; i++)
            names[i] = check_row_short(R, t, d, rows[i]);
        const char *desc = r->name ? r->name : sum_text(R, check_row_short(R, t, d, tr), names, n);
        for (int k = 0; k < r->ncolumns; k++) {
            int c = r->columns[k];
            bp_exact actual, v, sum = 0;
            tol_acc acc = {0, 0, 0, 0, 0, 0, 0};
            bool valued;
            if (!amount_at(d, tr, c, &actual, &valued)) continue;
            int dec = check_col_decimals(t, d, tr, c);
            if (valued) acc_add(&acc, unit_of(t, d, tr, c, 1), false);
            for (int i = 0; i < n; i++)
                if (amount_at(d, rows[i], c, &v, &valued)) {
                    sum += v;
                    if (valued) acc_add(&acc, unit_of(t, d, rows[i], c, 1), true);
                    if (valued && check_col_decimals(t, d, rows[i], c) > dec)
                        dec = check_col_decimals(t, d, rows[i], c);
                }
            place pl = {t, d, tr, NULL, c, rows, n, NULL, NULL, 0};
            judge(R, &pl, r, &(comparison){sum, actual, BP_OP_EQ, &acc, dec, NULL}, desc);
        }
    }
    if (!found) {
        const char *desc = r->name ? r->name : _("a column check");
        bp_finding f = check_finding(R, "column", desc, t);
        check_at_column(R, &f, t, d, r->total.n ? r->total.items[0].column : -1);
        check_emit(R, BP_CHECK_ERROR, &f, _("%s: no total row where %s (%s)"),
                   check_table_name(R, t), cond_text(R, t, &r->total), desc);
    }
}

static const char *code_of(run *R, const bp_table_data *d, const bp_check_rule *r, int row)
{
    return check_row_parts(R, d, row, r->code_cols, r->ncode_cols);
}

static void run_hierarchy_rule(run *R, const bp_table_spec *t, const bp_table_data *d,
                               const bp_check_rule *r)
{
    const char **codes = bp_alloc(R->c->a, (size_t)(d->nrows ? d->nrows : 1) * sizeof *codes);
    for (int i = 0; i < d->nrows; i++)
        codes[i] = code_of(R, d, r, i);
    int *kids = bp_alloc(R->c->a, (size_t)(d->nrows ? d->nrows : 1) * sizeof *kids);
    const char **names = bp_alloc(R->c->a, (size_t)(d->nrows ? d->nrows : 1) * sizeof *names);
    for (int p = 0; p < d->nrows; p++) {
        const char *pc = codes[p];
        size_t pl = strlen(pc);
        if (!pl || !conds_hold(&r->when, d, p)) continue;
        /* the rows right below that extend the code; children are those
         * of the next level present */
        size_t child_len = 0;
        int end = p + 1;
        while (end < d->nrows && strlen(codes[end]) > pl && !strncmp(codes[end], pc, pl)) {
            if (!child_len || strlen(codes[end]) < child_len) child_len = strlen(codes[end]);
            end++;
        }
        int n = 0;
        for (int i = p + 1; i < end; i++)
            if (strlen(codes[i]) == child_len && conds_hold(&r->when, d, i)) {
                kids[n] = i;
                names[n++] = codes[i];
            }
        if (!n) continue;
        const char *desc = r->name ? r->name : sum_text(R, pc, names, n);
        for (int k = 0; k < r->ncolumns; k++) {
            int c = r->columns[k];
            bp_exact actual, v, sum = 0;
            tol_acc acc = {0, 0, 0, 0, 0, 0, 0};
            bool valued;
            if (!amount_at(d, p, c, &actual, &valued)) continue;
            int dec = check_col_decimals(t, d, p, c);
            if (valued) acc_add(&acc, unit_of(t, d, p, c, 1), false);
            for (int i = 0; i < n; i++)
                if (amount_at(d, kids[i], c, &v, &valued)) {
                    sum += v;
                    if (valued) acc_add(&acc, unit_of(t, d, kids[i], c, 1), true);
                    if (valued && check_col_decimals(t, d, kids[i], c) > dec)
                        dec = check_col_decimals(t, d, kids[i], c);
                }
            place pl = {t, d, p, NULL, c, kids, n, NULL, NULL, 0};
            judge(R, &pl, r, &(comparison){sum, actual, BP_OP_EQ, &acc, dec, NULL}, desc);
        }
    }
}

/* The row a term selects: -1 when the table has no rows (the term is
 * zero; also when an `each:` term selects none), -2 on a violation
 * (reported). */
static int select_row(run *R, const bp_table_spec *t, const bp_table_data *d, const bp_term *term,
                      const char *rule, bool none_is_zero)
{
    int count;
    int found = term_select_row(d, term, &count);
    if (found != -2) return found;
    if (count == 0 && none_is_zero) return -1;
    bp_finding f = check_finding(R, "rule", rule, t);
    check_at_column(R, &f, t, d, term->nsel ? term->sel[0].column : -1);
    if (count == 0)
        check_emit(R, BP_CHECK_ERROR, &f, _("%s: no row %s (%s)"), check_table_name(R, t),
                   term_sel_text(R->c->a, t, term), rule);
    else
        check_emit(R, BP_CHECK_ERROR, &f, _("%s: %d rows match %s, the rule needs one (%s)"),
                   check_table_name(R, t), count, term_sel_text(R->c->a, t, term), rule);
    return -2;
}

/* Whether a term has a selector [column=$] (a rule's `each:`). */
static bool has_dollar(const bp_term *t)
{
    for (int j = 0; j < t->nsel; j++)
        if (t->sel[j].column >= 0 && !strcmp(t->sel[j].value, "$")) return true;
    return false;
}

/* One run of a selector rule: expression x (with each's text in place of
 * `$`: each, NULL for a rule without each:). */
static void run_expr_once(run *R, int self, const bp_check_rule *r, const bp_expr *x,
                          const char *each)
{
    const char *desc = r->name ? r->name : x->text;
    int act, exp;
    pick_sides(x, &act, &exp);
    bp_exact sum[2] = {0, 0};
    tol_acc acc = {0, 0, 0, 0, 0, 0, 0};
    int decimals = 0;
    place at = {NULL, NULL, -1, NULL, 0, NULL, 0, NULL, NULL, 0};
    bp_finding_cell *cells = bp_alloc(R->c->a, (size_t)(x->n[0] + x->n[1]) * sizeof *cells);
    int ncells = 0;
    bool bad = false;
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < x->n[k]; i++) {
            const bp_term *term = &x->side[k][i];
            int ti = term->table >= 0 ? term->table : self;
            const bp_table_spec *t = &R->set->tables[ti];
            const bp_table_data *d = R->tables[ti];
            bool zero_ok = each && has_dollar(&r->expr.side[k][i]);
            int row = select_row(R, t, d, term, desc, zero_ok);
            bp_exact v = 0;
            bool valued = false;
            if (row == -2) {
                bad = true;
                continue;
            }
            if (row >= 0 && !amount_at(d, row, term->column, &v, &valued)) {
                place pl = {t, d, row, NULL, term->column, NULL, 0, NULL, NULL, 0};
                bp_finding f = finding_at(R, "rule", desc, &pl);
                check_emit(R, BP_CHECK_ERROR, &f, _("%s: is a merged cell, not an amount (%s)"),
                           where(R, &pl), desc);
                bad = true;
                continue;
            }
            add_term(t, d, &(term_value){term, row, v, valued, k == exp}, &sum[k], &acc, &decimals);
            if (row >= 0) cells[ncells++] = (bp_finding_cell){ti, row, term->column, 0, NULL};
            if (k == act && i == 0) {
                const char *none = each ? each : _("(no rows)");
                place here = {t,    d,    row, row >= 0 ? NULL : none, term->column, NULL, 0,
                              NULL, NULL, 0};
                at = here;
            }
        }
    if (bad || !at.t) return;
    at.terms = cells;
    at.nterms = ncells;
    judge_expr(R, &at, r, sum, &acc, decimals, desc);
}

/* x with text v in place of every selector value `$`. */
static bp_expr each_expr(run *R, const bp_expr *x, const char *v)
{
    bp_expr c = *x;
    for (int k = 0; k < 2; k++) {
        bp_term *side = bp_alloc(R->c->a, (size_t)(x->n[k] ? x->n[k] : 1) * sizeof *side);
        for (int i = 0; i < x->n[k]; i++) {
            side[i] = x->side[k][i];
            if (!has_dollar(&side[i])) continue;
            bp_sel *sel = bp_alloc(R->c->a, (size_t)side[i].nsel * sizeof *sel);
            for (int j = 0; j < side[i].nsel; j++) {
                sel[j] = side[i].sel[j];
                if (sel[j].column >= 0 && !strcmp(sel[j].value, "$")) sel[j].value = v;
            }
            side[i].sel = sel;
        }
        c.side[k] = side;
    }
    return c;
}

/* A rule with `each:`: once for each distinct text of its columns. */
static void run_each_rule(run *R, const bp_check_rule *r)
{
    bp_vec seen;
    bp_vec_init(&seen, sizeof(const char *));
    for (int i = 0; i < r->neach; i++) {
        const bp_table_data *d = R->tables[r->each_tables[i]];
        for (int row = 0; row < d->nrows; row++) {
            const char *s = check_cell_text(d, row, r->each_cols[i]);
            if (!s[0]) continue;
            if (r->each_length && bp_utf8_count(s, strlen(s)) != (size_t)r->each_length) continue;
            bool dup = false;
            for (int j = 0; j < seen.n && !dup; j++)
                dup = !strcmp(((const char **)seen.items)[j], s);
            if (dup) continue;
            *(const char **)bp_vec_push(R->c->a, &seen) = s;
            bp_expr x = each_expr(R, &r->expr, s);
            run_expr_once(R, -1, r, &x, s);
        }
    }
}

static void run_expr_rule(run *R, int self, const bp_check_rule *r)
{
    if (r->neach)
        run_each_rule(R, r);
    else
        run_expr_once(R, self, r, &r->expr, NULL);
}

/* ---- built-in checks -------------------------------------------------- */

#define EMPTY_WORD "空表"

/* The funds of the government budget (四本预算): a 空表 note that names
 * one says which money the table shows. */
static const char *const funds[] = {"一般公共预算", "政府性基金", "国有资本经营", "社会保险基金",
                                    NULL};

/* A 空表 note against the table's `fund:` (checks): it names that fund and
 * no other. */
static void check_note_fund(run *R, const bp_table_spec *t, const char *note)
{
    const char *fund = t->checks ? t->checks->fund : NULL;
    if (!fund) return;
    const char *rule = _("an empty table's note names its fund");
    const char *other = NULL;
    for (int i = 0; funds[i] && !other; i++)
        if (strstr(note, funds[i]) && !strstr(fund, funds[i])) other = funds[i];
    if (!other && strstr(note, fund)) return;
    bp_finding f = check_finding(R, NULL, rule, t);
    if (other)
        check_emit(R, BP_BUILTIN_LINE(BP_BUILTIN_EMPTY_NOTE), &f,
                   _("%s: the 空表 note names %s, but the table shows %s: '%s' (%s)"),
                   check_table_name(R, t), other, fund, note, rule);
    else
        check_emit(R, BP_BUILTIN_LINE(BP_BUILTIN_EMPTY_NOTE), &f,
                   _("%s: the 空表 note does not name %s, the fund the table shows: '%s' (%s)"),
                   check_table_name(R, t), fund, note, rule);
}

static void check_empty_note(run *R, const bp_table_spec *t, const bp_table_data *d)
{
    const char *rule_empty = _("an empty table carries its 空表 note");
    const char *rule_full = _("a table with figures carries no 空表 note");
    const char *note = NULL;
    for (int i = 0; i < t->nnotes && !note; i++)
        if (strstr(t->notes[i]->src, EMPTY_WORD)) note = check_expand(R, t->notes[i]);
    if (!data_table_is_empty(t, d)) {
        if (note) {
            bp_finding f = check_finding(R, NULL, rule_full, t);
            check_emit(R, BP_BUILTIN_LINE(BP_BUILTIN_EMPTY_NOTE), &f,
                       _("%s: has figures, but a note says it is empty: '%s' (%s)"),
                       check_table_name(R, t), note, rule_full);
        }
        return;
    }
    for (int i = 0; i < t->nnotes; i++) /* the notes printed: each names the fund */
        if (strstr(t->notes[i]->src, EMPTY_WORD))
            check_note_fund(R, t, check_expand(R, t->notes[i]));
    if (!tpl_empty(t->empty_note)) check_note_fund(R, t, check_expand(R, t->empty_note));
    bool printed = note || !tpl_empty(t->empty_note); /* printed when empty */
    if (printed) return;
    bp_finding f = check_finding(R, NULL, rule_empty, t);
    check_emit(R, BP_BUILTIN_LINE(BP_BUILTIN_EMPTY_NOTE), &f,
               _("%s: no figures, but no 空表 note (add empty_note) (%s)"), check_table_name(R, t),
               rule_empty);
}

static const char *const rule_leftover = N_("no leftover template text");

static void check_leftovers(run *R, const bp_table_spec *t, const bp_table_data *d)
{
    for (int r = 0; r < d->nrows; r++)
        for (int c = 0; c < t->ncolumns; c++) {
            if (t->columns[c].type != BP_COL_TEXT || !term_is_origin(d, r, c)) continue;
            const char *w = check_find_leftover(R, data_cell(d, r, c)->text);
            if (w) {
                place pl = {t, d, r, NULL, c, NULL, 0, NULL, NULL, 0};
                bp_finding f = finding_at(R, NULL, _(rule_leftover), &pl);
                check_emit(R, BP_BUILTIN_LINE(BP_BUILTIN_LEFTOVERS), &f,
                           _("%s: leftover template text '%s' (%s)"), where(R, &pl), w,
                           _(rule_leftover));
            }
        }
}

static bool is_name_end(char c)
{
    return !c || c == ' ' || c == '\n' || c == '\t';
}

/* The layout's texts, expanded: checked for leftovers, the year and the
 * department name. t: the table whose text it is (NULL: the set's). */
static void check_text(run *R, const bp_table_spec *t, const char *owner, const char *what,
                       const bp_template *tmpl)
{
    if (tpl_empty(tmpl)) return;
    /* a {placeholder} in a layout is a template: check the expansion */
    const char *s = check_expand(R, tmpl);
    const char *w = check_find_leftover(R, s);
    const char *const rule_year = _("the year agrees across department.yaml, titles and notes");
    const char *const rule_name =
        _("the department name agrees across department.yaml, titles and notes");
    bp_finding f;
    if (w) {
        f = check_finding(R, NULL, _(rule_leftover), t);
        check_emit(R, BP_BUILTIN_LINE(BP_BUILTIN_LEFTOVERS), &f,
                   _("%s, %s: leftover template text '%s' (%s)"), owner, what, w, _(rule_leftover));
    }
    for (const char *p = s; *p; p++) {
        if (!(p[0] >= '0' && p[0] <= '9') || (p > s && p[-1] >= '0' && p[-1] <= '9')) continue;
        int n = 0, y = 0;
        while (p[n] >= '0' && p[n] <= '9' && n < 5)
            y = y * 10 + (p[n] - '0'), n++;
        if (n == 4 && !strncmp(p + 4, "年", strlen("年")) && y != R->dept->year) {
            f = check_finding(R, NULL, rule_year, t);
            check_emit(R, BP_BUILTIN_LINE(BP_BUILTIN_YEAR), &f,
                       _("%s, %s: says %d年, department.yaml says %d (%s)"), owner, what, y,
                       R->dept->year, rule_year);
        }
        p += n - 1;
    }
    static const char *const labels[] = {"部门名称：", "编制部门：", "编制单位：",
                                         "单位名称：", "部门名称:",  "编制部门:",
                                         "编制单位:",  "单位名称:",  NULL};
    for (const char *const *l = labels; *l; l++) {
        const char *p = strstr(s, *l);
        if (!p) continue;
        p += strlen(*l);
        /* the name may hold spaces: it agrees when the text goes on with
         * the whole name and then ends or breaks; otherwise the text's
         * name is shown up to its first space */
        size_t len = strlen(R->dept->name);
        if (!strncmp(p, R->dept->name, len) && is_name_end(p[len])) continue;
        size_t n = 0;
        while (!is_name_end(p[n]))
            n++;
        if (n) {
            f = check_finding(R, NULL, rule_name, t);
            check_emit(R, BP_BUILTIN_LINE(BP_BUILTIN_DEPT_NAME), &f,
                       _("%s, %s: names the department '%.*s', department.yaml '%s' (%s)"), owner,
                       what, (int)n, p, R->dept->name, rule_name);
        }
    }
}

/* A form's label cells (form.h) are layout texts too. */
static void check_form_labels(run *R, const bp_table_spec *t, const char *owner,
                              const bp_form_spec *f)
{
    const bp_form_block *blocks[] = {&f->head, &f->fields, &f->items_header, &f->items};
    for (int b = 0; b < 4; b++)
        for (int i = 0; i < blocks[b]->ncells; i++)
            if (blocks[b]->cells[i].kind == BP_FCELL_LABEL)
                check_text(R, t, owner, _("form label"), blocks[b]->cells[i].label);
}

static void check_layout_texts(run *R, const bp_table_spec *t)
{
    const char *owner = check_table_name(R, t);
    check_text(R, t, owner, _("title"), t->title);
    check_text(R, t, owner, _("contents"), t->contents);
    check_text(R, t, owner, _("subtitle"), t->subtitle);
    check_text(R, t, owner, _("caption"), t->caption_left);
    check_text(R, t, owner, _("caption"), t->caption_right);
    for (int i = 0; i < t->nnotes; i++)
        check_text(R, t, owner, _("note"), t->notes[i]);
    check_text(R, t, owner, _("empty_note"), t->empty_note);
    for (int i = 0; t->show_header && i < t->nheader; i++)
        check_text(R, t, owner, _("header"), t->header[i].tpl);
    if (t->form) check_form_labels(R, t, owner, t->form);
}

/* Counts the built-in checks that run (as rules). */
static int builtin_rules(const run *R)
{
    int n = 0;
    bool codes = false;
    for (int ti = 0; ti < R->set->ntables; ti++)
        codes = codes || check_has_codes(&R->set->tables[ti]);
    n += check_builtin_on(R, BP_BUILTIN_EMPTY_NOTE);
    n += check_builtin_on(R, BP_BUILTIN_LEFTOVERS);
    n += check_builtin_on(R, BP_BUILTIN_YEAR) || check_builtin_on(R, BP_BUILTIN_DEPT_NAME);
    n += codes && check_builtin_on(R, BP_BUILTIN_CODES);
    n += codes && R->cat && check_builtin_on(R, BP_BUILTIN_CATALOGUE);
    return n;
}

static void run_table(run *R, int ti)
{
    const bp_table_spec *t = &R->set->tables[ti];
    const bp_table_data *d = R->tables[ti];
    check_layout_texts(R, t);
    if (check_builtin_on(R, BP_BUILTIN_EMPTY_NOTE)) check_empty_note(R, t, d);
    if (check_builtin_on(R, BP_BUILTIN_LEFTOVERS)) check_leftovers(R, t, d);
    check_codes(R, t, d);
    const bp_table_checks *c = t->checks;
    for (int i = 0; c && i < c->nrules; i++) {
        const bp_check_rule *r = &c->rules[i];
        R->st->rules++;
        switch (r->kind) {
        case BP_CHECK_ROW:
            run_row_rule(R, t, d, r);
            break;
        case BP_CHECK_COLUMN:
            run_column_rule(R, t, d, r);
            break;
        case BP_CHECK_HIERARCHY:
            run_hierarchy_rule(R, t, d, r);
            break;
        case BP_CHECK_EXPR:
            run_expr_rule(R, ti, r);
            break;
        }
    }
}

/* A run's state: no catalogue yet, the set's severities; counts go on in st. */
static run run_init(const bp_check_in *in)
{
    run R;
    memset(&R, 0, sizeof R);
    R.c = in->c, R.set = in->set, R.dept = in->dept, R.tables = in->tables;
    R.report = in->report, R.ud = in->ud, R.st = in->st;
    bp_vec_init(&R.cells, sizeof(bp_finding_cell));
    bp_vec_init(&R.failed, sizeof(bp_finding_cell));
    memcpy(R.sev, in->set->rules ? in->set->rules->builtin : bp_builtin_defaults, sizeof R.sev);
    return R;
}

int check_run_text(const bp_check_in *in, const char *path, const char *text, size_t len)
{
    memset(in->st, 0, sizeof *in->st);
    run R = run_init(in);
    return check_document_text(&R, path, text, len);
}

int check_run_document(const bp_check_in *in)
{
    run R = run_init(in);
    return check_document(&R);
}

int check_run(const bp_check_in *in, const char *catalogue)
{
    bp_arena *a = in->c->a;
    const bp_layout_set *set = in->set;
    bp_check_stats *st = in->st;
    memset(st, 0, sizeof *st);
    run R = run_init(in);
    if (!catalogue && set->rules) catalogue = set->rules->catalogue;
    if (catalogue) BP_TRY(check_load_catalogue(in->c, catalogue, &R.cat));
    const char *setname = bp_sprintf(a, _("layout set %s"), set->name);
    check_text(&R, NULL, setname, _("cover"), set->cover_label);
    check_text(&R, NULL, setname, _("cover"), set->cover_title);
    for (int i = 0; set->cover_title && i < set->cover.nlines; i++)
        check_text(&R, NULL, setname, _("cover"), set->cover.lines[i]);
    check_text(&R, NULL, setname, _("contents"), set->contents_title);
    st->rules += builtin_rules(&R);
    for (int ti = 0; ti < set->ntables; ti++)
        run_table(&R, ti);
    for (int i = 0; set->rules && i < set->rules->nrules; i++) {
        st->rules++;
        run_expr_rule(&R, -1, &set->rules->rules[i]);
    }
    return BP_OK;
}
