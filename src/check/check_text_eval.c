/* check_text_eval.c — the check reads the figures of the text as render
 * does: every `{{ }}` of document.md (in an HTML comment too) evaluated by
 * the one evaluator (data/expr.h) through the one reader of the text
 * (data/doc_text.h), so that a figure render refuses fails the check with
 * the same file:line:column, and the values are kept, by the place of
 * their `{{`, for the checks that need them (shares that add up). */
#include <string.h>

#include "check_text_priv.h"
#include "doc_text.h"
#include "expr.h"

typedef struct recorder {
    bp_figure_env *env;
    bp_arena *a;
    bp_vec *figs; /* tx_fig */
} recorder;

static int record(void *ud, const char *src, size_t len, const char *file, int line, int col,
                  const char **out, bp_error *e)
{
    recorder *r = ud;
    BP_TRY(expr_figure(r->env, src, len, file, line, col, out, e));
    *(tx_fig *)bp_vec_push(r->a, r->figs) = (tx_fig){file, line, col, *out};
    return BP_OK;
}

int tx_eval_figures(run *R, tx_doc *d, const char *text, size_t len, bp_error *e)
{
    bp_vec figs;
    bp_vec_init(&figs, sizeof(tx_fig));
    bp_figure_env *env = expr_env_new(BP_CTX(R->a, e), R->set, R->dept, R->tables);
    if (!env) return e->code ? e->code : BP_EINPUT;
    recorder r = {env, R->a, &figs};
    bp_text out;
    BP_TRY(doc_text_parse_mapped(R->a, d->path, text, len, record, &r, d->map, &out, e));
    d->figs = figs.items;
    d->nfigs = figs.n;
    return BP_OK;
}

const char *tx_figure_at(const tx_doc *d, const tx_block *b, size_t off)
{
    int line, col;
    tx_place(b, off, &line, &col);
    if (d->map) { /* places through the source's map: in order within a file only */
        const char *file = doc_text_map_place(d->map, d->path, &line, &col);
        for (int i = 0; i < d->nfigs; i++)
            if (d->figs[i].line == line && d->figs[i].col == col &&
                !strcmp(d->figs[i].file, file))
                return d->figs[i].value;
        return NULL;
    }
    int lo = 0, hi = d->nfigs; /* the figures in the order of their places */
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        const tx_fig *f = &d->figs[mid];
        if (f->line < line || (f->line == line && f->col < col))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < d->nfigs && d->figs[lo].line == line && d->figs[lo].col == col)
        return d->figs[lo].value;
    return NULL;
}
