/* expr.c — the figures of the document's text (expr.h): parses and
 * evaluates the expression between `{{` and `}}` in one pass over its
 * text. A figure is a term of the check rules (term.h), a number, a signed
 * sum of them, or a function: sum, diff, pct, share, prev, change. Exact
 * decimals throughout (expr_priv.h); formatting in expr_fmt.c, the previous
 * year's figures in expr_prev.c. */
#include <stdio.h>
#include <string.h>

#include "expr_priv.h"

#define EXPR_MAX_DEPTH 32 /* functions inside one another */

struct bp_figure_env {
    bp_arena *a;
    const bp_layout_set *set;
    const bp_department *dept;
    bp_table_data *const *tables;
    const bp_figures *fmt;
    expr_prev *prev; /* NULL: department.yaml names none */
};

bp_figure_env *expr_env_new(bp_arena *a, const bp_layout_set *set, const bp_department *dept,
                            bp_table_data *const *tables, bp_error *e)
{
    bp_figure_env *env = bp_alloc(a, sizeof *env);
    env->a = a;
    env->set = set;
    env->dept = dept;
    env->tables = tables;
    env->fmt = set->figures ? set->figures : &bp_figures_default;
    if (expr_prev_load(a, set, dept, &env->prev, e)) return NULL;
    return env;
}

/* A value: a figure (exact, written with `scale` decimals) or text (a
 * percentage, the wording of a change). */
typedef struct val {
    const char *text; /* NULL: a figure */
    bp_exact v;
    int scale;
} val;

/* The parse of one expression: its text, where it is, the cursor. */
typedef struct parser {
    bp_figure_env *env;
    const char *s;
    size_t len, pos;
    const char *file;
    int line, col; /* of the `{{` */
    int depth;     /* calls open at the cursor */
    bp_term_src src;
} parser;

/* file:line:col of byte off of the text: the `{{` is 2 characters before
 * it; a line break inside the braces starts a new line. */
static void text_place(void *ctx, size_t off, const char **file, size_t *line, size_t *col)
{
    const parser *p = ctx;
    size_t from = 0, nl = 0;
    if (off > p->len) off = p->len;
    for (size_t i = 0; i < off && i < p->len; i++)
        if (p->s[i] == '\n') nl++, from = i + 1;
    *file = p->file;
    *line = (size_t)p->line + nl;
    *col = (nl ? 1 : (size_t)p->col + 2) + bp_utf8_count(p->s + from, off - from);
}

static int fail(parser *p, size_t off, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(parser *p, size_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = term_vfail(&p->src, off, fmt, ap);
    va_end(ap);
    return rc;
}

/* The text from off on, shortened for a message. */
static const char *rest(parser *p, size_t off)
{
    char buf[256];
    return bp_strdup(
        p->env->a, bp_quote(buf, sizeof buf, bp_strndup(p->env->a, p->s + off, p->len - off), 20));
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void skip(parser *p)
{
    while (p->pos < p->len && is_space(p->s[p->pos]))
        p->pos++;
}

static bool ident_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool ident_char(char c)
{
    return ident_start(c) || (c >= '0' && c <= '9');
}

static int parse_sum(parser *p, bool prev, val *out);

/* ---- terms ---------------------------------------------------------------- */

static const char *table_of(parser *p, const bp_term *t)
{
    return check_table_stem(p->env->a, &p->env->set->tables[t->table]);
}

/* A term's figure last year: from the file `previous:` names. */
static int prev_term(parser *p, size_t at, const bp_term *t, val *out)
{
    const expr_prev *pv = p->env->prev;
    if (!pv)
        return fail(p, at,
                    "'%s': no previous-year figures: department.yaml names no file of them "
                    "(previous: FILE, docs/document.md)",
                    t->text);
    const expr_prev_fig *f = expr_prev_find(pv, t);
    if (!f)
        return fail(p, at, "'%s': %s has no %d figure for it (add \"%s\": AMOUNT)", t->text,
                    pv->file, pv->year, t->text);
    out->v = bp_exact_of(f->value);
    out->scale = f->value.scale;
    return BP_OK;
}

/* A term's figure in this year's tables. */
static int this_term(parser *p, size_t at, const bp_term *t, val *out)
{
    const bp_table_data *d = p->env->tables[t->table];
    const bp_table_spec *ts = &p->env->set->tables[t->table];
    int count;
    int row = term_select_row(d, t, &count);
    if (row == -1) return BP_OK; /* a table without rows: zero */
    if (row == -2 && count == 0)
        return fail(p, at, "'%s': no row %s in %s", t->text, term_sel_text(p->env->a, ts, t),
                    table_of(p, t));
    if (row == -2)
        return fail(p, at, "'%s': %d rows match %s in %s, a figure needs one", t->text, count,
                    term_sel_text(p->env->a, ts, t), table_of(p, t));
    bp_decimal v;
    bool valued;
    if (!term_amount(d, row, t->column, &v, &valued))
        return fail(p, at, "'%s': a merged cell, not an amount", t->text);
    out->v = bp_exact_of(v);
    out->scale = v.scale;
    return BP_OK;
}

/* A term or a number at the cursor. */
static int parse_atom(parser *p, bool prev, val *out)
{
    size_t b = p->pos, e;
    BP_TRY(term_scan(&p->src, p->s, p->len, b, true, &e));
    p->pos = e;
    memset(out, 0, sizeof *out);
    bp_decimal num;
    if (!memchr(p->s + b, '[', e - b) && !number_parse(p->s + b, e - b, &num)) {
        out->v = bp_exact_of(num);
        out->scale = num.scale;
        return BP_OK;
    }
    bp_term t;
    memset(&t, 0, sizeof t);
    BP_TRY(term_parse(&p->src, BP_TERM_SET, p->s, b, e, &t));
    return prev ? prev_term(p, b, &t, out) : this_term(p, b, &t, out);
}

/* ---- functions -------------------------------------------------------- */

typedef struct arg {
    val v;
    size_t b, e; /* its text */
} arg;

typedef struct call {
    const char *name;
    size_t at; /* of the name */
    arg *args;
    int n;
    bool prev;
} call;

typedef struct fn {
    const char *name;
    int min, max; /* max 0: any number */
    int (*run)(parser *p, const call *c, val *out);
    const char *usage;
} fn;

static int need_figure(parser *p, const call *c, int i)
{
    if (c->args[i].v.text)
        return fail(p, c->args[i].b, "%s: argument %d is text ('%s'), not a figure", c->name, i + 1,
                    c->args[i].v.text);
    return BP_OK;
}

static int fn_sum(parser *p, const call *c, val *out)
{
    for (int i = 0; i < c->n; i++) {
        BP_TRY(need_figure(p, c, i));
        out->v += c->args[i].v.v;
        if (c->args[i].v.scale > out->scale) out->scale = c->args[i].v.scale;
    }
    return BP_OK;
}

static int fn_diff(parser *p, const call *c, val *out)
{
    BP_TRY(fn_sum(p, c, out));
    out->v = c->args[0].v.v - c->args[1].v.v;
    return BP_OK;
}

static int fn_pct(parser *p, const call *c, val *out)
{
    BP_TRY(need_figure(p, c, 0));
    BP_TRY(need_figure(p, c, 1));
    if (c->args[1].v.v == 0) return fail(p, c->args[1].b, "pct: the whole is zero");
    out->text = expr_fmt_pct(p->env->a, p->env->fmt, c->args[0].v.v, c->args[1].v.v);
    return BP_OK;
}

/* The text of an argument without spaces, to find the part among the parts. */
static const char *squeezed(parser *p, const arg *g)
{
    char *s = bp_alloc(p->env->a, g->e - g->b + 1), *o = s;
    for (size_t i = g->b; i < g->e; i++)
        if (!is_space(p->s[i])) *o++ = p->s[i];
    *o = 0;
    return s;
}

static int fn_share(parser *p, const call *c, val *out)
{
    int n = c->n - 1, k = -1;
    bp_exact *parts = bp_alloc(p->env->a, (size_t)n * sizeof *parts), sum = 0;
    const char *part = squeezed(p, &c->args[0]);
    for (int i = 0; i < n; i++) {
        BP_TRY(need_figure(p, c, i + 1));
        parts[i] = c->args[i + 1].v.v;
        if (parts[i] < 0)
            return fail(p, c->args[i + 1].b, "share: the part '%.*s' is negative",
                        (int)(c->args[i + 1].e - c->args[i + 1].b), p->s + c->args[i + 1].b);
        sum += parts[i];
        if (k < 0 && !strcmp(squeezed(p, &c->args[i + 1]), part)) k = i;
    }
    if (k < 0)
        return fail(p, c->args[0].b,
                    "share: '%.*s' is not one of the parts that follow it (write it as one of "
                    "them is written)",
                    (int)(c->args[0].e - c->args[0].b), p->s + c->args[0].b);
    if (sum == 0) return fail(p, c->at, "share: the parts add up to zero");
    out->text = expr_fmt_share(p->env->a, p->env->fmt, parts, n, k);
    return BP_OK;
}

/* Evaluates argument i again with the previous year's figures. */
static int arg_prev(parser *p, const call *c, int i, val *out)
{
    size_t keep = p->pos;
    p->pos = c->args[i].b;
    memset(out, 0, sizeof *out);
    int rc = parse_sum(p, true, out);
    p->pos = keep;
    return rc;
}

static int fn_prev(parser *p, const call *c, val *out)
{
    BP_TRY(need_figure(p, c, 0));
    if (c->prev) { /* inside prev(): the argument is last year's already */
        *out = c->args[0].v;
        return BP_OK;
    }
    return arg_prev(p, c, 0, out);
}

static int fn_change(parser *p, const call *c, val *out)
{
    val before;
    BP_TRY(need_figure(p, c, 0));
    if (c->n == 2) {
        BP_TRY(need_figure(p, c, 1));
        before = c->args[1].v;
    } else {
        BP_TRY(arg_prev(p, c, 0, &before));
    }
    int scale = c->args[0].v.scale > before.scale ? c->args[0].v.scale : before.scale;
    out->text = expr_fmt_change(p->env->a, p->env->fmt, c->args[0].v.v - before.v, scale,
                                p->env->dept->unit ? p->env->dept->unit : "");
    return BP_OK;
}

static const fn fns[] = {
    {"sum", 1, 0, fn_sum, "sum(a, b, …)"},
    {"diff", 2, 2, fn_diff, "diff(a, b)"},
    {"pct", 2, 2, fn_pct, "pct(part, whole)"},
    {"share", 3, 0, fn_share, "share(part, part1, part2, …)"},
    {"prev", 1, 1, fn_prev, "prev(figure)"},
    {"change", 1, 2, fn_change, "change(figure) or change(now, before)"},
};
#define NFNS ((int)(sizeof fns / sizeof fns[0]))

static int unknown_fn(parser *p, size_t at, const char *name)
{
    const char *best = NULL;
    int bestd = 3;
    for (int i = 0; i < NFNS; i++) {
        int d = yq_distance(name, fns[i].name);
        if (d < bestd) bestd = d, best = fns[i].name;
    }
    return fail(p, at,
                "unknown function '%s'%s%s%s (functions: sum, diff, pct, share, prev, change)",
                name, best ? " (did you mean '" : "", best ? best : "", best ? "'?)" : "");
}

/* A phase of parse_call: the arguments up to the closing ')'. */
static int parse_args(parser *p, call *c, size_t open)
{
    bp_vec args;
    bp_vec_init(&args, sizeof(arg));
    skip(p);
    if (p->pos < p->len && p->s[p->pos] == ')') {
        p->pos++;
        c->args = args.items, c->n = 0;
        return BP_OK;
    }
    for (;;) {
        skip(p);
        arg g;
        g.b = p->pos;
        memset(&g.v, 0, sizeof g.v);
        BP_TRY(parse_sum(p, c->prev, &g.v));
        g.e = p->pos;
        while (g.e > g.b && is_space(p->s[g.e - 1]))
            g.e--;
        *(arg *)bp_vec_push(p->env->a, &args) = g;
        skip(p);
        if (p->pos >= p->len) return fail(p, open, "'%s(' is not closed", c->name);
        char ch = p->s[p->pos++];
        if (ch == ')') break;
        if (ch != ',')
            return fail(p, p->pos - 1, "%s: expected ',' or ')' before '%s'", c->name,
                        rest(p, p->pos - 1));
    }
    c->args = args.items;
    c->n = args.n;
    return BP_OK;
}

/* NAME( args ) at the cursor. */
static int parse_call(parser *p, bool prev, val *out)
{
    call c = {NULL, p->pos, NULL, 0, prev};
    size_t e = p->pos;
    while (e < p->len && ident_char(p->s[e]))
        e++;
    c.name = bp_strndup(p->env->a, p->s + p->pos, e - p->pos);
    p->pos = e;
    skip(p);
    size_t open = p->pos++;
    const fn *f = NULL;
    for (int i = 0; i < NFNS && !f; i++)
        if (!strcmp(fns[i].name, c.name)) f = &fns[i];
    if (!f) return unknown_fn(p, c.at, c.name);
    if (p->depth >= EXPR_MAX_DEPTH)
        return fail(p, c.at, "more than %d functions inside one another", EXPR_MAX_DEPTH);
    p->depth++;
    BP_TRY(parse_args(p, &c, open));
    p->depth--;
    if (c.n < f->min || (f->max && c.n > f->max))
        return fail(p, c.at, "%s takes %s (%d argument%s given)", c.name, f->usage, c.n,
                    c.n == 1 ? "" : "s");
    memset(out, 0, sizeof *out);
    return f->run(p, &c, out);
}

/* A function call, a term or a number. */
static int parse_unary(parser *p, bool prev, val *out)
{
    skip(p);
    if (p->pos >= p->len)
        return fail(p, p->pos,
                    "expected a figure: a term such as 03[name=合计].total, a number "
                    "or a function");
    if (ident_start(p->s[p->pos])) {
        size_t e = p->pos;
        while (e < p->len && ident_char(p->s[e]))
            e++;
        while (e < p->len && is_space(p->s[e]))
            e++;
        if (e < p->len && p->s[e] == '(') return parse_call(p, prev, out);
    }
    return parse_atom(p, prev, out);
}

/* a + b - c: figures only ('-' with a space before it, as in the rules). */
static int parse_sum(parser *p, bool prev, val *out)
{
    size_t first = p->pos;
    BP_TRY(parse_unary(p, prev, out));
    for (;;) {
        skip(p);
        if (p->pos >= p->len || (p->s[p->pos] != '+' && p->s[p->pos] != '-')) return BP_OK;
        size_t op = p->pos++;
        val rhs;
        memset(&rhs, 0, sizeof rhs);
        size_t at = p->pos;
        BP_TRY(parse_unary(p, prev, &rhs));
        if (out->text || rhs.text)
            return fail(p, out->text ? first : at,
                        "'%s' is text (a percentage or a change): '%c' takes figures",
                        out->text ? out->text : rhs.text, p->s[op]);
        out->v += p->s[op] == '+' ? rhs.v : -rhs.v;
        if (rhs.scale > out->scale) out->scale = rhs.scale;
    }
}

int expr_figure(void *envp, const char *src, size_t len, const char *file, int line, int col,
                const char **out, bp_error *e)
{
    bp_figure_env *env = envp;
    parser p = {env, src, len, 0, file, line, col, 0, {0}};
    p.src = (bp_term_src){env->a, e, env->set, NULL, text_place, &p};
    val v;
    memset(&v, 0, sizeof v);
    long bad = bp_utf8_invalid(src, len);
    const char *nul = memchr(src, 0, len);
    if (bad >= 0 || nul) /* not quoted: the message stays valid text */
        return fail(&p, nul && (bad < 0 || nul - src < bad) ? (size_t)(nul - src) : (size_t)bad,
                    "the figure holds %s", nul ? "a NUL byte" : "bytes that are not UTF-8");
    skip(&p);
    int rc = p.pos >= len ? fail(&p, 0, "an empty figure: write a term such as 03[name=合计].total")
                          : parse_sum(&p, false, &v);
    skip(&p);
    if (!rc && p.pos < len)
        rc = fail(&p, p.pos, "expected '+', '-' or the end of the figure before '%s'",
                  rest(&p, p.pos));
    if (rc) { /* every message quotes the figure */
        char q[512];
        const char *msg = bp_strdup(env->a, e->msg);
        bp_fail(e, rc, "%s (in {{ %s }})", msg,
                bp_quote(q, sizeof q, bp_strndup(env->a, src, len), 120));
        return rc;
    }
    *out = v.text ? v.text : expr_fmt_figure(env->a, env->fmt, v.v, v.scale);
    return BP_OK;
}
