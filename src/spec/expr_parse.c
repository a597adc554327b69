/* expr_parse.c — the one parser of the expression language (expr_tree.h):
 * recursive descent over the text, a comparison (rules) over sums (+ -)
 * over products (* × / ÷) over operands: a term (term.c, resolved as it is
 * read), a number, a parenthesised sum, a function call (figures). Rules
 * are its subset, checked as they are read, so that each fault is named at
 * its place and in the words the rules have always used. */
#include <stdio.h>
#include <string.h>

#include "expr_lex.h"
#include "i18n.h"
#include "expr_tree.h"

#define MAX_FACTOR 100000000LL /* 10^8 */

typedef struct xp {
    const bp_xparse *o;
    const char *s;
    size_t len, pos;
    int depth;   /* parentheses and calls open at the cursor */
    bool cmp;    /* a rule: its comparison read */
    size_t last; /* a rule: the offset of its last '+', '-' or comparison */
} xp;

static int fail(xp *p, size_t off, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(xp *p, size_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = term_vfail(p->o->src, off, fmt, ap);
    va_end(ap);
    return rc;
}

static bp_arena *arena(xp *p)
{
    return p->o->src->a;
}

static void skip(xp *p)
{
    while (p->pos < p->len && bp_lex_space(p->s[p->pos]))
        p->pos++;
}

static bp_xnode *node(xp *p, bp_xkind k, size_t b, size_t e)
{
    bp_xnode *n = bp_alloc(arena(p), sizeof *n);
    memset(n, 0, sizeof *n);
    n->kind = k, n->b = n->sb = b, n->e = n->se = e;
    return n;
}

static bp_xnode *binary(xp *p, bp_xkind k, bp_xnode *l, bp_xnode *r, size_t at, size_t oplen)
{
    bp_xnode *n = node(p, k, l->sb, r->se);
    n->kid = bp_alloc(arena(p), 2 * sizeof *n->kid);
    n->kid[0] = l, n->kid[1] = r, n->nkid = 2;
    n->at = at, n->oplen = oplen;
    return n;
}

/* The text from off on, shortened, for a figure's messages. */
static const char *rest(xp *p, size_t off)
{
    char buf[256];
    bp_arena *a = arena(p);
    return bp_strdup(a, bp_quote(buf, sizeof buf, bp_strndup(a, p->s + off, p->len - off), 20));
}

static int parse_sum(xp *p, bp_xnode **out);
static int parse_operand(xp *p, bool after_factor, bp_xnode **out);

/* ---- the end of the text, where an operand was expected ------------------ */

static int no_comparison(xp *p)
{
    return fail(p, 0,
                _("a rule needs the form A = B + C (or A <= B, A >= B, A < B, A > B; no comparison "
                  "in '%s')"),
                bp_strndup(arena(p), p->s, p->len));
}

static int end_of_text(xp *p, bool after_factor)
{
    if (!p->o->rule)
        return fail(
            p, p->pos,
            _("expected a figure: a term such as 03[name=合计].total, a number or a function"));
    if (after_factor) return fail(p, p->last, _("the rule ends with a factor and no term"));
    if (!p->cmp) return no_comparison(p);
    return fail(p, p->last, _("the rule ends without a term"));
}

/* ---- terms, numbers and factors ------------------------------------------- */

static int term_node(xp *p, size_t b, size_t e, bp_xnode **out)
{
    bp_xnode *n = node(p, BP_XN_TERM, b, e);
    BP_TRY(term_parse(p->o->src, p->o->mode, p->s, b, e, &n->term));
    *out = n;
    return BP_OK;
}

/* A rule's factor: a whole number from 1 to 10^8. */
static int parse_factor(xp *p, size_t b, size_t e, int64_t *out)
{
    int64_t v = 0;
    for (size_t i = b; i < e; i++) {
        if (p->s[i] < '0' || p->s[i] > '9' || v > MAX_FACTOR)
            return fail(p, b,
                        _("'%.*s *': a factor is a whole number from 1 to 10^8, such as 10000"),
                        (int)(e - b), p->s + b);
        v = v * 10 + (p->s[i] - '0');
    }
    if (v < 1 || v > MAX_FACTOR)
        return fail(p, b, _("a factor is a whole number from 1 to 10^8, not '%.*s'"), (int)(e - b),
                    p->s + b);
    *out = v;
    return BP_OK;
}

/* A rule's token s[b..e): a term, or the factor of the term after a '*'. */
static int rule_token(xp *p, size_t b, size_t e, bool after_factor, bp_xnode **out)
{
    size_t after = e;
    while (after < p->len && bp_lex_space(p->s[after]))
        after++;
    size_t ml = bp_lex_mul(p->s + after, p->len - after);
    if (ml && after_factor) return fail(p, after, _("a term takes one factor: N * term"));
    if (!ml) return term_node(p, b, e, out);
    int64_t f = 1;
    BP_TRY(parse_factor(p, b, e, &f));
    bp_xnode *num = node(p, BP_XN_NUM, b, e), *t;
    num->num = (bp_decimal){f, 0};
    p->pos = after + ml;
    BP_TRY(parse_operand(p, true, &t));
    *out = binary(p, BP_XN_MUL, num, t, after, ml);
    return BP_OK;
}

/* A term or a number at the cursor. */
static int parse_token(xp *p, bool after_factor, bp_xnode **out)
{
    size_t b = p->pos, e;
    unsigned stops = p->o->rule ? (p->depth ? BP_TERM_STOP_NEST : 0) : BP_TERM_STOP_CALL;
    BP_TRY(term_scan(p->o->src, p->s, p->len, b, stops, &e));
    p->pos = e;
    if (p->o->rule) return rule_token(p, b, e, after_factor, out);
    bp_decimal num;
    if (!memchr(p->s + b, '[', e - b) && !number_parse(p->s + b, e - b, &num)) {
        *out = node(p, BP_XN_NUM, b, e);
        (*out)->num = num;
        return BP_OK;
    }
    return term_node(p, b, e, out);
}

/* ---- parentheses and calls ------------------------------------------------- */

static int parse_group(xp *p, bp_xnode **out)
{
    size_t open = p->pos++;
    if (p->depth >= BP_EXPR_MAX_DEPTH)
        return fail(p, open, _("more than %d parentheses inside one another"), BP_EXPR_MAX_DEPTH);
    p->depth++;
    BP_TRY(parse_sum(p, out));
    p->depth--;
    skip(p);
    if (p->pos >= p->len) return fail(p, open, _("'(' is not closed"));
    if (p->s[p->pos] != ')') return fail(p, p->pos, _("expected ')' before '%s'"), rest(p, p->pos));
    p->pos++;
    (*out)->sb = open, (*out)->se = p->pos;
    return BP_OK;
}

static int unknown_function(xp *p, size_t at, const char *name)
{
    const char *best = NULL, *list = "";
    int bestd = 3;
    for (const char *const *f = p->o->functions; *f; f++) {
        int d = yq_distance(name, *f);
        if (d < bestd) bestd = d, best = *f;
        list = bp_sprintf(arena(p), "%s%s%s", list, list[0] ? ", " : "", *f);
    }
    const char *mean = best ? bp_sprintf(arena(p), _(" (did you mean '%s'?)"), best) : "";
    return fail(p, at, _("unknown function '%s'%s (functions: %s)"), name, mean, list);
}

/* The arguments of the call n up to its ')'; open: the offset of its '('. */
static int parse_args(xp *p, bp_xnode *n, size_t open)
{
    bp_vec args;
    bp_vec_init(&args, sizeof(bp_xnode *));
    skip(p);
    if (p->pos < p->len && p->s[p->pos] == ')') {
        p->pos++;
        return BP_OK;
    }
    for (;;) {
        skip(p);
        BP_TRY(parse_sum(p, (bp_xnode **)bp_vec_push(arena(p), &args)));
        skip(p);
        if (p->pos >= p->len) return fail(p, open, _("'%s(' is not closed"), n->name);
        char ch = p->s[p->pos++];
        if (ch == ')') break;
        if (ch != ',')
            return fail(p, p->pos - 1, _("%s: expected ',' or ')' before '%s'"), n->name,
                        rest(p, p->pos - 1));
    }
    n->kid = args.items;
    n->nkid = args.n;
    return BP_OK;
}

/* NAME( args ): the name is s[pos..name_e). */
static int parse_call(xp *p, size_t name_e, bp_xnode **out)
{
    size_t at = p->pos;
    const char *name = bp_strndup(arena(p), p->s + at, name_e - at);
    if (p->o->rule)
        return fail(p, at,
                    _("'%s(': a rule adds and compares terms and calls no function (functions are "
                      "for the figures of the text)"),
                    name);
    p->pos = name_e;
    skip(p);
    size_t open = p->pos++;
    bool known = false;
    for (const char *const *f = p->o->functions; *f && !known; f++)
        known = !strcmp(*f, name);
    if (!known) return unknown_function(p, at, name);
    if (p->depth >= BP_EXPR_MAX_DEPTH)
        return fail(p, at, _("more than %d functions inside one another"), BP_EXPR_MAX_DEPTH);
    bp_xnode *n = node(p, BP_XN_CALL, at, at);
    n->at = at, n->name = name;
    p->depth++;
    BP_TRY(parse_args(p, n, open));
    p->depth--;
    n->e = n->se = p->pos;
    *out = n;
    return BP_OK;
}

/* ---- operands, products, sums ----------------------------------------------- */

static int parse_operand(xp *p, bool after_factor, bp_xnode **out)
{
    skip(p);
    if (p->pos >= p->len) return end_of_text(p, after_factor);
    const char *c = p->s + p->pos;
    size_t n = p->len - p->pos, w = bp_lex_cmp(c, n);
    if (!w && *c == '+') w = 1;
    if (w) return fail(p, p->pos, _("expected a term before '%.*s'"), (int)w, c);
    if (*c == '(' && p->o->rule && after_factor)
        return fail(p, p->pos, _("a factor multiplies one term: N * term"));
    if (*c == '(') return parse_group(p, out);
    if (bp_lex_ident_start(*c)) {
        size_t e = p->pos, k;
        while (e < p->len && bp_lex_ident_char(p->s[e]))
            e++;
        for (k = e; k < p->len && bp_lex_space(p->s[k]); k++)
            ;
        if (k < p->len && p->s[k] == '(') return parse_call(p, e, out);
    }
    return parse_token(p, after_factor, out);
}

static int parse_product(xp *p, bp_xnode **out)
{
    BP_TRY(parse_operand(p, false, out));
    for (;;) {
        skip(p);
        size_t at = p->pos, ml = bp_lex_mul(p->s + at, p->len - at);
        size_t dl = ml ? 0 : bp_lex_div(p->s + at, p->len - at);
        if (!ml && !dl) return BP_OK;
        if (p->o->rule && dl)
            return fail(p, at,
                        _("'%.*s': a rule does not divide; it adds and subtracts terms, each "
                          "with a whole factor (N * term)"),
                        (int)dl, p->s + at);
        if (p->o->rule) return fail(p, at, _("a factor multiplies one term: N * term"));
        p->pos += ml + dl;
        bp_xnode *r;
        BP_TRY(parse_operand(p, false, &r));
        *out = binary(p, ml ? BP_XN_MUL : BP_XN_DIV, *out, r, at, ml + dl);
    }
}

static int parse_sum(xp *p, bp_xnode **out)
{
    BP_TRY(parse_product(p, out));
    for (;;) {
        skip(p);
        if (p->pos >= p->len || (p->s[p->pos] != '+' && p->s[p->pos] != '-')) return BP_OK;
        size_t at = p->pos++;
        p->last = at;
        bp_xnode *r;
        BP_TRY(parse_product(p, &r));
        *out = binary(p, p->s[at] == '+' ? BP_XN_ADD : BP_XN_SUB, *out, r, at, 1);
    }
}

/* ---- the whole text ------------------------------------------------------------ */

static int parse_rule(xp *p, bp_xnode **out)
{
    bp_xnode *l, *r;
    BP_TRY(parse_sum(p, &l));
    skip(p);
    size_t at = p->pos, cl = bp_lex_cmp(p->s + at, p->len - at);
    if (!cl && at < p->len)
        return fail(p, at, _("expected '+', '-' or '=' before '%.*s'"), (int)(p->len - at),
                    p->s + at);
    if (!cl) return no_comparison(p);
    p->cmp = true, p->last = at, p->pos += cl;
    BP_TRY(parse_sum(p, &r));
    skip(p);
    if (bp_lex_cmp(p->s + p->pos, p->len - p->pos))
        return fail(p, p->pos, _("a rule has one comparison (=, <=, >=, <, >, ≤ or ≥)"));
    if (p->pos < p->len)
        return fail(p, p->pos, _("expected '+', '-' or '=' before '%.*s'"), (int)(p->len - p->pos),
                    p->s + p->pos);
    *out = binary(p, BP_XN_CMP, l, r, at, cl);
    (*out)->op = bp_lex_cmp_op(p->s + at, cl);
    return BP_OK;
}

/* A figure's trailing unit (`… 万元`): the root wraps the figure before it. */
static int parse_unit(xp *p, size_t end, size_t ulen, int exp, bp_xnode **out)
{
    size_t b = end - ulen;
    p->len = b;
    BP_TRY(parse_sum(p, out));
    skip(p);
    if (p->pos < p->len)
        return fail(p, p->pos, _("expected '+', '-' or the end of the figure before '%s'"),
                    rest(p, p->pos));
    bp_xnode *u = node(p, BP_XN_UNIT, (*out)->sb, end);
    u->kid = bp_alloc(arena(p), sizeof *u->kid);
    u->kid[0] = *out, u->nkid = 1;
    u->at = b, u->oplen = ulen, u->unit_exp = exp;
    *out = u;
    return BP_OK;
}

int bp_expr_parse(const bp_xparse *o, const char *s, size_t len, bp_xnode **out)
{
    xp p = {o, s, len, 0, 0, false, 0};
    if (o->rule) return parse_rule(&p, out);
    size_t end = len, ulen;
    int exp = 0;
    while (end > 0 && bp_lex_space(s[end - 1]))
        end--;
    if ((ulen = bp_lex_unit_suffix(s, end, &exp)) > 0 && ulen < end) {
        int rc = parse_unit(&p, end, ulen, exp, out);
        p.len = len;
        return rc;
    }
    BP_TRY(parse_sum(&p, out));
    skip(&p);
    if (p.pos < len)
        return fail(&p, p.pos, _("expected '+', '-' or the end of the figure before '%s'"),
                    rest(&p, p.pos));
    return BP_OK;
}
