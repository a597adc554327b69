/* expr_unit.c — the units of the figures of the text (expr_priv.h): a
 * term is in its column's unit (`unit:`, else department.yaml's), a sum
 * adds in the smaller of its parts' units, and a figure converts exactly
 * to the unit it prints in (`{{ … 万元 }}`, `figures: unit:`): 元 to 万元
 * divides by 10^4 on exact integers, never in floating point. */
#include <string.h>

#include "expr_priv.h"

int expr_term_exp(const bp_layout_set *set, const bp_department *dept, const bp_term *t)
{
    const bp_column *c = &set->tables[t->table].columns[t->column];
    if (c->unit) return c->unit_exp;
    const char *u = dept->unit;
    return u ? bp_lex_unit_exp(u, strlen(u)) : BP_NO_UNIT;
}

/* n / d rounded half away from zero (d > 0). */
static bp_exact div_round(bp_exact n, bp_exact d)
{
    bp_exact an = n < 0 ? -n : n, q = an / d;
    if (2 * (an % d) >= d) q++;
    return n < 0 ? -q : q;
}

int expr_convert(expr_ev *x, expr_val *v, int to, size_t off)
{
    if (v->text || v->exp == BP_NO_UNIT || to == BP_NO_UNIT || v->exp == to) return BP_OK;
    int d = v->exp - to;
    if (d > 0) { /* 万元 to 元: more digits, fewer decimals */
        bp_exact m = bp_exact_pow10(d), av = v->v < 0 ? -v->v : v->v;
        if (av > BP_EXPR_BOUND / m)
            return expr_bounded(x, BP_EXPR_BOUND + 1, off, bp_lex_unit_name(to));
        v->v *= m;
        v->scale = v->scale > d ? v->scale - d : 0;
    } else { /* 元 to 万元: exact to 10^-EXPR_SCALE */
        v->v = div_round(v->v, bp_exact_pow10(-d));
        v->scale = v->scale - d > EXPR_SCALE ? EXPR_SCALE : v->scale - d;
    }
    v->exp = to;
    return BP_OK;
}

int expr_align(expr_ev *x, expr_val *l, expr_val *r, size_t off)
{
    if (l->exp == BP_NO_UNIT) {
        l->exp = r->exp;
        return BP_OK;
    }
    if (r->exp == BP_NO_UNIT) {
        r->exp = l->exp;
        return BP_OK;
    }
    int to = l->exp < r->exp ? l->exp : r->exp;
    BP_TRY(expr_convert(x, l, to, off));
    return expr_convert(x, r, to, off);
}
