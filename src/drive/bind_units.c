/* bind_units.c — a typed figure against a table figure: units (a 元 table
 * quoted in 万元: the term divided by 10000) and the document's rounding
 * (87.708 typed 87.71, or truncated 87.70), and one expression evaluated
 * as render evaluates it. */
#include <string.h>

#include "bind_priv.h"

bp_exact bind_typed_exact(const bp_typed *t)
{
    return bp_exact_in_unit(t->v, t->unit_exp < 0 ? 0 : t->unit_exp);
}

bind_match bind_match_of(const bp_typed *t)
{
    int exp = t->unit_exp < 0 ? 0 : t->unit_exp;
    return (bind_match){bind_typed_exact(t), bp_exact_pow10(BP_EXACT_SCALE - t->v.scale + exp)};
}

int bind_match_is(const bind_match *m, bp_exact v)
{
    if (m->typed == v) return 2;
    if (m->typed < 0 || v < 0) return 0;
    bp_exact diff = v - m->typed;
    if (2 * (diff < 0 ? -diff : diff) <= m->unit) return 1; /* rounded half away */
    if (diff > 0 && diff < m->unit) return 1;               /* truncated */
    return 0;
}

int bind_matches(const bp_typed *t, bp_exact v)
{
    bind_match m = bind_match_of(t);
    return bind_match_is(&m, v);
}

const char *bind_scaled(bp_arena *a, const char *term, int exp, int typed_exp)
{
    if (exp == typed_exp) return term;
    int k = exp < typed_exp ? typed_exp - exp : exp - typed_exp;
    char p[32] = "1";
    for (int i = 0; i < k && i < 20; i++)
        strcat(p, "0");
    return bp_sprintf(a, "%s %s %s", term, exp < typed_exp ? "/" : "*", p);
}

const char *bind_eval_at(bind_dept *d, const bind_place *at, const char **err)
{
    bp_error e = {0, ""};
    const char *out = NULL;
    if (expr_figure(d->env, at->src, at->len, at->file, at->line, at->col, &out, &e)) {
        *err = bp_strdup(d->a, e.msg);
        return NULL;
    }
    return out;
}

const char *bind_eval(bind_dept *d, const char *expr, const char **err)
{
    bp_error e = {0, ""};
    const char *out = NULL;
    char *src = bp_sprintf(d->a, " %s ", expr);
    if (expr_figure(d->env, src, strlen(src), d->path, 1, 1, &out, &e)) {
        *err = bp_strdup(d->a, e.msg);
        return NULL;
    }
    return out;
}
