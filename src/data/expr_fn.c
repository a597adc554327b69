/* expr_fn.c — the functions of the figures of the text (expr_priv.h): sum,
 * diff, pct, share, prev and change, over the values of their arguments
 * (evaluated first, left to right, by expr.c), with their arity and the
 * messages of their misuse. */
#include <string.h>

#include "expr_lex.h"
#include "expr_priv.h"
#include "i18n.h"

const char *const expr_fn_names[] = {"sum", "diff", "pct", "share", "prev", "change", NULL};

typedef struct arg {
    expr_val v;
    size_t b, e; /* its text */
} arg;

typedef struct call {
    const char *name;
    size_t at; /* of the name */
    arg *args;
    int n;
    bool prev;
    const bp_xnode *node;
} call;

typedef struct fn {
    const char *name;
    int min, max; /* max 0: any number */
    int (*run)(expr_ev *x, const call *c, expr_val *out);
    const char *usage;
} fn;

static int need_figure(expr_ev *x, const call *c, int i)
{
    if (c->args[i].v.text)
        return expr_fail(x, c->args[i].b, _("%s: argument %d is text ('%s'), not a figure"),
                         c->name, i + 1, c->args[i].v.text);
    return BP_OK;
}

static int fn_sum(expr_ev *x, const call *c, expr_val *out)
{
    for (int i = 0; i < c->n; i++) {
        BP_TRY(need_figure(x, c, i));
        expr_val *g = &c->args[i].v;
        BP_TRY(expr_align(x, out, g, c->at));
        out->v += g->v;
        BP_TRY(expr_bounded(x, out->v, c->at, c->name));
        if (c->args[i].v.scale > out->scale) out->scale = c->args[i].v.scale;
    }
    return BP_OK;
}

static int fn_diff(expr_ev *x, const call *c, expr_val *out)
{
    BP_TRY(need_figure(x, c, 0));
    BP_TRY(need_figure(x, c, 1));
    expr_val a = c->args[0].v, b = c->args[1].v;
    BP_TRY(expr_align(x, &a, &b, c->at));
    *out = a;
    out->v = a.v - b.v;
    if (b.scale > out->scale) out->scale = b.scale;
    return expr_bounded(x, out->v, c->at, c->name);
}

static int fn_pct(expr_ev *x, const call *c, expr_val *out)
{
    BP_TRY(need_figure(x, c, 0));
    BP_TRY(need_figure(x, c, 1));
    expr_val part = c->args[0].v, whole = c->args[1].v;
    BP_TRY(expr_align(x, &part, &whole, c->at));
    if (whole.v == 0) return expr_fail(x, c->args[1].b, _("pct: the whole is zero"));
    out->text = expr_fmt_pct(x->env->a, x->env->fmt, part.v, whole.v);
    return BP_OK;
}

/* The text of an argument without spaces, to find the part among the parts. */
static const char *squeezed(expr_ev *x, const arg *g)
{
    char *s = bp_alloc(x->env->a, g->e - g->b + 1), *o = s;
    for (size_t i = g->b; i < g->e; i++)
        if (!bp_lex_space(x->s[i])) *o++ = x->s[i];
    *o = 0;
    return s;
}

static int fn_share(expr_ev *x, const call *c, expr_val *out)
{
    int n = c->n - 1, k = -1, low = BP_NO_UNIT;
    bp_exact *parts = bp_alloc(x->env->a, (size_t)n * sizeof *parts), sum = 0;
    const char *part = squeezed(x, &c->args[0]);
    for (int i = 0; i < n; i++) /* the parts in the smallest of their units */
        if (c->args[i + 1].v.exp != BP_NO_UNIT && (low == BP_NO_UNIT || c->args[i + 1].v.exp < low))
            low = c->args[i + 1].v.exp;
    for (int i = 0; i < n; i++) {
        const arg *g = &c->args[i + 1];
        BP_TRY(need_figure(x, c, i + 1));
        expr_val gv = g->v;
        BP_TRY(expr_convert(x, &gv, low, c->at));
        parts[i] = gv.v;
        if (parts[i] < 0)
            return expr_fail(x, g->b, _("share: the part '%.*s' is negative"), (int)(g->e - g->b),
                             x->s + g->b);
        sum += parts[i];
        BP_TRY(expr_bounded(x, sum, c->at, c->name));
        if (k < 0 && !strcmp(squeezed(x, g), part)) k = i;
    }
    if (k < 0)
        return expr_fail(x, c->args[0].b,
                         _("share: '%.*s' is not one of the parts that follow it (write it as one "
                           "of them is written)"),
                         (int)(c->args[0].e - c->args[0].b), x->s + c->args[0].b);
    if (sum == 0) return expr_fail(x, c->at, _("share: the parts add up to zero"));
    out->text = expr_fmt_share(x->env->a, x->env->fmt, parts, n, k);
    return BP_OK;
}

/* Argument i again, with the previous year's figures. */
static int arg_prev(expr_ev *x, const call *c, int i, expr_val *out)
{
    return x->eval(x, c->node->kid[i], true, out);
}

static int fn_prev(expr_ev *x, const call *c, expr_val *out)
{
    BP_TRY(need_figure(x, c, 0));
    if (c->prev) { /* inside prev(): the argument is last year's already */
        *out = c->args[0].v;
        return BP_OK;
    }
    return arg_prev(x, c, 0, out);
}

static int fn_change(expr_ev *x, const call *c, expr_val *out)
{
    expr_val before;
    BP_TRY(need_figure(x, c, 0));
    if (c->n == 2) {
        BP_TRY(need_figure(x, c, 1));
        before = c->args[1].v;
    } else {
        BP_TRY(arg_prev(x, c, 0, &before));
    }
    expr_val now = c->args[0].v;
    int own = now.exp; /* this year's unit (last year's department may keep another) */
    BP_TRY(expr_align(x, &now, &before, c->at));
    now.scale = now.scale > before.scale ? now.scale : before.scale;
    now.v -= before.v;
    /* worded in the unit of its column (or the one the figure prints in) */
    BP_TRY(expr_convert(x, &now, x->target != BP_NO_UNIT ? x->target : own, c->at));
    const char *unit = bp_lex_unit_name(now.exp);
    if (!unit) unit = x->env->dept->unit ? x->env->dept->unit : "";
    out->text = expr_fmt_change(x->env->a, x->env->fmt, now.v, now.scale, unit);
    return BP_OK;
}

/* In the order of expr_fn_names. */
static const fn fns[] = {
    {"sum", 1, 0, fn_sum, "sum(a, b, …)"},
    {"diff", 2, 2, fn_diff, "diff(a, b)"},
    {"pct", 2, 2, fn_pct, "pct(part, whole)"},
    {"share", 3, 0, fn_share, "share(part, part1, part2, …)"},
    {"prev", 1, 1, fn_prev, "prev(figure)"},
    {"change", 1, 2, fn_change, "change(figure) or change(now, before)"},
};
#define NFNS ((int)(sizeof fns / sizeof fns[0]))

int expr_call(expr_ev *x, const bp_xnode *n, bool prev, expr_val *out)
{
    const fn *f = NULL;
    for (int i = 0; i < NFNS && !f; i++)
        if (!strcmp(fns[i].name, n->name)) f = &fns[i];
    if (!f) return expr_fail(x, n->at, _("unknown function '%s'"), n->name); /* the parser knows */
    call c = {n->name, n->at, NULL, n->nkid, prev, n};
    c.args = bp_alloc(x->env->a, (size_t)(n->nkid ? n->nkid : 1) * sizeof *c.args);
    for (int i = 0; i < n->nkid; i++) {
        c.args[i].b = n->kid[i]->sb, c.args[i].e = n->kid[i]->se;
        BP_TRY(x->eval(x, n->kid[i], prev, &c.args[i].v));
    }
    if (c.n < f->min || (f->max && c.n > f->max))
        return expr_fail(x, c.at, _("%s takes %s (%s)"), c.name, f->usage,
                         bp_sprintf(x->env->a,
                                    dngettext(BP_TEXTDOMAIN, "%d argument given",
                                              "%d arguments given", (unsigned long)c.n),
                                    c.n));
    memset(out, 0, sizeof *out);
    out->exp = BP_NO_UNIT;
    return f->run(x, &c, out);
}
