/* check_text_eval.c — the one reading of document.md by the check: one
 * walk of the one tree (data/doc_text.h) evaluates every `{{ }}` (in an
 * HTML comment too) with the one evaluator (data/expr.h), as render does,
 * so that a figure render refuses fails the check with the same
 * file:line:column, and gives the text checks their blocks, each figure
 * read there as TX_EXPR (check_text_tree.c); the values are kept, by the
 * source byte of their `{{`, for the checks that need them (shares that
 * add up). */
#include <string.h>

#include "check_text_priv.h"
#include "doc_text.h"
#include "expr.h"

typedef struct recorder {
    bp_figure_env *env;
    bp_ctx *c;        /* the figures' arena */
    const char *text; /* the source the walk reads: a figure's bytes point into it */
    bp_vec *figs;     /* tx_fig, by increasing source byte */
} recorder;

/* Evaluates a figure as render does, keeps its value and reads it as
 * TX_EXPR in the blocks. src is the text between `{{` and `}}`. */
static int record(void *ud, const char *src, size_t len, const char *file, int line, int col,
                  const char **out, bp_error *e)
{
    recorder *r = ud;
    const char *v;
    BP_TRY(expr_figure(r->env, src, len, file, line, col, &v, e));
    *(tx_fig *)bp_vec_push(r->c->a, r->figs) = (tx_fig){(size_t)(src - r->text) - 2, v};
    *out = TX_EXPR;
    return BP_OK;
}

int tx_read(run *R, tx_doc *d, const char *text, size_t len)
{
    bp_error *e = R->c->e;
    bp_vec figs;
    bp_vec_init(&figs, sizeof(tx_fig));
    bp_figure_env *env = expr_env_new(R->c, R->set, R->dept, R->tables);
    if (!env) return e->code ? e->code : BP_EINPUT;
    recorder r = {env, R->c, text, &figs};
    /* messages and figures at the source's places, blocks at the
     * markdown's: tx_emit maps each place itself (naming a text sheet) */
    bp_text_in in = {d->path, text, len, record, &r, d->map, true};
    bp_text t;
    BP_TRY(doc_text_parse_in(R->c->a, &in, &t, e));
    d->figs = figs.items;
    d->nfigs = figs.n;
    tx_blocks(R->c, d->path, &t, d);
    return BP_OK;
}

const char *tx_figure_at(const tx_doc *d, const tx_block *b, size_t off)
{
    if (off + TX_EXPR_LEN > b->n || memcmp(b->text + off, TX_EXPR, TX_EXPR_LEN)) return NULL;
    size_t from, to;
    doc_text_src(b->src, off, &from, &to); /* a figure's value: its whole `{{ … }}` */
    int lo = 0, hi = d->nfigs;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (d->figs[mid].src < from)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < d->nfigs && d->figs[lo].src == from ? d->figs[lo].value : NULL;
}
