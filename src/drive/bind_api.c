/* bind_api.c — budgetpdf_bind (include/budgetpdf.h): a department's
 * typed figures bound and reported, the bound text written; or, typed,
 * the text written with each {{ }} figure replaced by what it prints. */
#include <stdio.h>
#include <string.h>

#include "bind_priv.h"
#include "context.h"
#include "doc_text.h"

typedef struct bind_call {
    const char *dept_dir, *out_md;
    bool typed;
    const budgetpdf_options *opt;
    void (*each)(void *ud, const budgetpdf_binding *b);
    void *ud;
    budgetpdf_bind_result *res;
    bp_error *e;
    budgetpdf_context *ctx; /* the caches: opt's context, or the call's own */
} bind_call;

static int write_typed(bind_dept *d, const char *out, bp_error *e)
{
    size_t i = 0, at = 0, open, close, from = 0;
    int line = 1, col = 1;
    char *o = bp_alloc(d->a, d->len * 2 + 64);
    size_t n = 0, cap = d->len * 2 + 64;
    while (bind_next_figure(d->src, d->len, &i, &open, &close)) {
        bind_line_col(d->src, open, &from, &line, &col);
        const char *val;
        BP_TRY(
            expr_figure(d->env, d->src + open + 2, close - open - 2, d->path, line, col, &val, e));
        size_t need = n + (open - at) + strlen(val) + (d->len - close) + 1;
        if (need > cap) {
            char *g = bp_alloc(d->a, need * 2);
            memcpy(g, o, n);
            o = g, cap = need * 2;
        }
        memcpy(o + n, d->src + at, open - at);
        n += open - at;
        memcpy(o + n, val, strlen(val));
        n += strlen(val);
        at = close + 2;
    }
    if (n + (d->len - at) + 1 > cap) {
        char *g = bp_alloc(d->a, n + (d->len - at) + 1);
        memcpy(g, o, n);
        o = g;
    }
    memcpy(o + n, d->src + at, d->len - at);
    n += d->len - at;
    return bind_write(d, out, o, n, e);
}

static int bind_guarded(bp_arena *a, void *ctx)
{
    bind_call *c = ctx;
    bind_dept d;
    bp_ctx cx = context_ctx(c->ctx, a, c->e);
    BP_TRY(bind_load(&cx, c->dept_dir, c->opt, &d));
    if (!d.src)
        return bp_fail(c->e, BP_EINPUT, "%s: the department folder has no text (%s)", c->dept_dir,
                       BP_DOC_TEXT_FILE);
    if (c->typed) return write_typed(&d, c->out_md, c->e);
    bind_fig *f;
    int n;
    BP_TRY(bind_text(&d, d.src, d.len, &f, &n, c->e));
    for (int i = 0; i < n; i++) {
        c->res->figures++;
        c->res->bound += f[i].expr != NULL;
        int line = f[i].ty->line, col = f[i].ty->col; /* a .docx's paragraph, or a sheet's row */
        const char *file = doc_text_map_place(d.map, d.path, &line, &col);
        budgetpdf_binding b = {bp_sprintf(a, "%s:%d:%d", file, line, col),
                               f[i].typed,
                               f[i].expr,
                               f[i].prints,
                               f[i].note,
                               f[i].cands ? f[i].cands : ""};
        if (c->each) c->each(c->ud, &b);
    }
    if (!c->out_md) return BP_OK;
    size_t len;
    char *text = bind_apply(a, d.src, d.len, f, n, &len);
    return bind_write(&d, c->out_md, text, len, c->e);
}

int budgetpdf_bind(const char *dept_dir, const char *out_md, bool typed,
                   const budgetpdf_options *opt, void (*each)(void *ud, const budgetpdf_binding *b),
                   void *ud, budgetpdf_bind_result *result, char *err, size_t errlen)
{
    budgetpdf_bind_result res = {0, 0, 0};
    bp_error e = {0, ""};
    bp_arena a;
    bp_arena_init(&a);
    budgetpdf_context *own;
    bind_call c = {dept_dir, out_md, typed, opt, each, ud, &res, &e, context_of(opt, &own)};
    int rc = typed && !out_md ? bp_fail(&e, BP_EUSAGE, "a typed copy needs -o FILE")
             : !c.ctx         ? bp_fail(&e, BP_ERESOURCE, "%s: out of memory", dept_dir)
                              : bp_arena_guard(&a, bind_guarded, &c, dept_dir, &e);
    bp_arena_free(&a); /* before the context: it releases the set it holds */
    budgetpdf_context_free(own);
    if (err && errlen) snprintf(err, errlen, "%s", rc ? e.msg : "");
    if (result) *result = res;
    return rc;
}
