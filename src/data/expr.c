/* expr.c — the figures of the document's text (expr.h): the one evaluator
 * of the expression language. The text between `{{` and `}}` is parsed
 * once by the language's parser (spec/expr_parse.c) into a tree, then
 * evaluated here over the bound tables: terms (term.h), numbers, + - * /
 * with exact decimals (decimal.h; a quotient rounded half away from zero
 * at EXPR_SCALE), units (a trailing `万元`, expr_unit.c), and the functions
 * of expr_fn.c. Formatting in
 * expr_fmt.c, the previous year's figures in expr_prev.c. */
#include <stdio.h>
#include <string.h>

#include "expr_lex.h"
#include "i18n.h"
#include "expr_priv.h"

bp_figure_env *expr_env_new(bp_ctx *c, const bp_layout_set *set, const bp_department *dept,
                            bp_table_data *const *tables)
{
    bp_arena *a = c->a;
    bp_figure_env *env = bp_alloc(a, sizeof *env);
    env->a = a;
    env->set = set;
    env->dept = dept;
    env->tables = tables;
    env->fmt = set->figures ? set->figures : &bp_figures_default;
    if (expr_prev_load(c, set, dept, &env->prev)) return NULL;
    return env;
}

/* ---- terms ---------------------------------------------------------------- */

static const char *table_of(expr_ev *x, const bp_term *t)
{
    return check_table_stem(x->env->a, &x->env->set->tables[t->table]);
}

/* A term's figure in tables (this year's, or last year's department's:
 * whose, for messages). */
static int table_term(expr_ev *x, size_t at, const bp_term *t, bp_table_data *const *tables,
                      const bp_department *dept, const char *whose, expr_val *out)
{
    const bp_table_data *d = tables[t->table];
    const bp_table_spec *ts = &x->env->set->tables[t->table];
    int count;
    int row = term_select_row(d, t, &count);
    out->exp = expr_term_exp(x->env->set, dept, t);
    if (row == -1) return BP_OK; /* a table without rows: zero */
    if (row == -2 && count == 0)
        return expr_fail(x, at, _("'%s': no row %s in %s%s"), t->text,
                         term_sel_text(x->env->a, ts, t), table_of(x, t), whose);
    if (row == -2)
        return expr_fail(x, at, _("'%s': %d rows match %s in %s%s, a figure needs one"), t->text,
                         count, term_sel_text(x->env->a, ts, t), table_of(x, t), whose);
    bp_decimal v;
    bool valued;
    if (!term_amount(d, row, t->column, &v, &valued))
        return expr_fail(x, at, _("'%s': a merged cell, not an amount"), t->text);
    out->v = bp_exact_of(v);
    out->scale = v.scale;
    return BP_OK;
}

/* A term's figure last year: from the file `previous:` names, or from
 * last year's department's tables. */
static int prev_term(expr_ev *x, size_t at, const bp_term *t, expr_val *out)
{
    const expr_prev *pv = x->env->prev;
    if (!pv)
        return expr_fail(x, at,
                         _("'%s': no previous-year figures: department.yaml names no file of them "
                           "(previous: FILE, or last year's department folder or workbook; "
                           "docs/document.md)"),
                         t->text);
    if (pv->tables)
        return table_term(x, at, t, pv->tables, pv->dept,
                          bp_sprintf(x->env->a, _(" of %d (%s)"), pv->year, pv->file), out);
    const expr_prev_fig *f = expr_prev_find(pv, t);
    if (!f)
        return expr_fail(x, at, _("'%s': %s has no %d figure for it (add \"%s\": AMOUNT)"), t->text,
                         pv->file, pv->year, t->text);
    out->v = bp_exact_of(f->value);
    out->scale = f->value.scale;
    out->exp = f->exp != BP_NO_UNIT ? f->exp : expr_term_exp(x->env->set, x->env->dept, t);
    return BP_OK;
}

/* A term's figure in this year's tables. */
static int this_term(expr_ev *x, size_t at, const bp_term *t, expr_val *out)
{
    return table_term(x, at, t, x->env->tables, x->env->dept, "", out);
}

/* ---- arithmetic ------------------------------------------------------------ */

/* n / d rounded half away from zero (d != 0). */
static bp_exact div_round(bp_exact n, bp_exact d)
{
    bool neg = (n < 0) != (d < 0);
    bp_exact an = n < 0 ? -n : n, ad = d < 0 ? -d : d;
    bp_exact q = an / ad, r = an % ad;
    if (2 * r >= ad) q++;
    return neg ? -q : q;
}

/* The decimals v (at EXPR_SCALE) needs, at least min. */
static int decimals_of(bp_exact v, int min)
{
    int s = EXPR_SCALE;
    while (s > min && v % bp_exact_pow10(EXPR_SCALE - s + 1) == 0)
        s--;
    return s;
}

/* The unit of l * r or l / r: a quotient of two amounts is a ratio, and a
 * figure multiplied or divided by a number is scaled by hand (x / 10000:
 * the writer's unit, converted no further). */
static int product_unit(expr_ev *x, const bp_xnode *n, expr_val *l, expr_val *r)
{
    if (n->kind == BP_XN_DIV && l->exp != BP_NO_UNIT && r->exp != BP_NO_UNIT)
        BP_TRY(expr_align(x, l, r, n->at));
    l->exp = BP_NO_UNIT;
    return BP_OK;
}

/* l OP r for the binary node n, into l. */
static int apply(expr_ev *x, const bp_xnode *n, expr_val *l, expr_val *r)
{
    const char *op = bp_strndup(x->env->a, x->s + n->at, n->oplen);
    if (l->text || r->text)
        return expr_fail(x, l->text ? n->b : n->at + n->oplen,
                         _("'%s' is text (a percentage or a change): '%s' takes figures"),
                         l->text ? l->text : r->text, op);
    if (n->kind == BP_XN_ADD || n->kind == BP_XN_SUB) {
        BP_TRY(expr_align(x, l, r, n->at));
        l->v += n->kind == BP_XN_ADD ? r->v : -r->v;
        if (r->scale > l->scale) l->scale = r->scale;
        return expr_bounded(x, l->v, n->at, op);
    }
    BP_TRY(product_unit(x, n, l, r));
    if (n->kind == BP_XN_MUL) {
        bp_exact ar = r->v < 0 ? -r->v : r->v, al = l->v < 0 ? -l->v : l->v;
        if (ar && al > BP_EXPR_BOUND * bp_exact_pow10(EXPR_SCALE) / ar)
            return expr_bounded(x, BP_EXPR_BOUND + 1, n->at, op);
        l->v = div_round(l->v * r->v, bp_exact_pow10(EXPR_SCALE));
        l->scale = l->scale + r->scale > EXPR_SCALE ? EXPR_SCALE : l->scale + r->scale;
        return expr_bounded(x, l->v, n->at, op);
    }
    if (r->v == 0)
        return expr_fail(x, n->kid[1]->b, _("'%.*s' is zero: a figure cannot be divided by zero"),
                         (int)(n->kid[1]->e - n->kid[1]->b), x->s + n->kid[1]->b);
    l->v = div_round(l->v * bp_exact_pow10(EXPR_SCALE), r->v);
    l->scale = decimals_of(l->v, l->scale);
    return expr_bounded(x, l->v, n->at, op);
}

static bool arith(const bp_xnode *n)
{
    return n->kind == BP_XN_ADD || n->kind == BP_XN_SUB || n->kind == BP_XN_MUL ||
           n->kind == BP_XN_DIV;
}

/* A chain of + - * /: its left spine walked without recursion (a figure
 * may add many terms), left to right. */
static int eval_chain(expr_ev *x, const bp_xnode *n, bool prev, expr_val *out)
{
    int k = 0;
    for (const bp_xnode *m = n; arith(m); m = m->kid[0])
        k++;
    const bp_xnode **spine = bp_alloc(x->env->a, (size_t)(k + 1) * sizeof *spine);
    spine[0] = n;
    for (int i = 1; i <= k; i++)
        spine[i] = spine[i - 1]->kid[0];
    BP_TRY(expr_eval(x, spine[k], prev, out));
    for (int i = k - 1; i >= 0; i--) {
        expr_val r;
        BP_TRY(expr_eval(x, spine[i]->kid[1], prev, &r));
        BP_TRY(apply(x, spine[i], out, &r));
    }
    return BP_OK;
}

/* `… 万元`: the figure before the unit, in that unit (a change is worded
 * in it already: x->target). */
static int eval_unit(expr_ev *x, const bp_xnode *n, bool prev, expr_val *out)
{
    BP_TRY(expr_eval(x, n->kid[0], prev, out));
    const char *unit = bp_lex_unit_name(n->unit_exp);
    const bp_xnode *k = n->kid[0];
    if (out->text && k->kind == BP_XN_CALL && !strcmp(k->name, "change")) return BP_OK;
    if (out->text)
        return expr_fail(x, n->at, _("'%s' is a percentage: it takes no unit (%s)"), out->text,
                         unit);
    if (out->exp == BP_NO_UNIT)
        return expr_fail(x, n->at,
                         _("'%.*s' has no unit to convert to %s: a number, a ratio or a figure "
                           "multiplied or divided by hand (write the term and its unit: "
                           "03[name=合计].total %s)"),
                         (int)(k->se - k->sb), x->s + k->sb, unit, unit);
    return expr_convert(x, out, n->unit_exp, n->at);
}

int expr_eval(expr_ev *x, const bp_xnode *n, bool prev, expr_val *out)
{
    memset(out, 0, sizeof *out);
    out->exp = BP_NO_UNIT;
    switch (n->kind) {
    case BP_XN_UNIT:
        return eval_unit(x, n, prev, out);
    case BP_XN_NUM:
        out->v = bp_exact_of(n->num);
        out->scale = n->num.scale;
        return BP_OK;
    case BP_XN_TERM:
        return prev ? prev_term(x, n->b, &n->term, out) : this_term(x, n->b, &n->term, out);
    case BP_XN_CALL:
        return expr_call(x, n, prev, out);
    case BP_XN_CMP: /* not in a figure: the parser reads none */
        return expr_fail(x, n->at, _("a figure compares nothing"));
    default:
        return eval_chain(x, n, prev, out);
    }
}

/* ---- one figure ---------------------------------------------------------------- */

static int figure(expr_ev *x, const char **out)
{
    size_t pos = 0, len = x->len;
    while (pos < len && bp_lex_space(x->s[pos]))
        pos++;
    if (pos >= len)
        return expr_fail(x, 0, _("an empty figure: write a term such as 03[name=合计].total"));
    bp_xparse o = {&x->src, BP_TERM_SET, false, expr_fn_names};
    bp_xnode *root;
    expr_val v;
    BP_TRY(bp_expr_parse(&o, x->s, len, &root));
    x->target = root->kind == BP_XN_UNIT ? root->unit_exp : x->env->fmt->unit_exp;
    BP_TRY(expr_eval(x, root, false, &v));
    if (root->kind != BP_XN_UNIT) BP_TRY(expr_convert(x, &v, x->target, 0)); /* figures: unit: */
    *out = v.text ? v.text : expr_fmt_figure(x->env->a, x->env->fmt, v.v, v.scale);
    return BP_OK;
}

int expr_figure(void *envp, const char *src, size_t len, const char *file, int line, int col,
                const char **out, bp_error *e)
{
    bp_figure_env *env = envp;
    expr_ev x = {env, src, len, file, line, col, BP_NO_UNIT, {0}, expr_eval};
    x.src = (bp_term_src){env->a, e, env->set, NULL, expr_place, &x, N_("figure")};
    long bad = bp_utf8_invalid(src, len);
    const char *nul = memchr(src, 0, len);
    if (bad >= 0 || nul) /* not quoted: the message stays valid text */
        return expr_fail(
            &x, nul && (bad < 0 || nul - src < bad) ? (size_t)(nul - src) : (size_t)bad,
            _("the figure holds %s"), nul ? _("a NUL byte") : _("bytes that are not UTF-8"));
    int rc = figure(&x, out);
    if (rc) { /* every message quotes the figure */
        char q[512];
        const char *msg = bp_strdup(env->a, e->msg);
        bp_fail(e, rc, _("%s (in {{ %s }})"), msg,
                bp_quote(q, sizeof q, bp_strndup(env->a, src, len), 120));
    }
    return rc;
}
