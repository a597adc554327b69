/* context.c — budgetpdf_context: the caches a caller creates, passes to
 * every call (budgetpdf_options.context) and frees. Each cache has its own
 * lock and bound (context.h); the library keeps no other state between
 * calls. */
#include "context.h"

#include <stdlib.h>

budgetpdf_context *context_new(int font_chains, int faces, int sets)
{
    budgetpdf_context *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->fonts = text_font_cache_new(font_chains);
    c->faces = pdf_face_cache_new(faces);
    c->sets = spec_set_cache_new(sets);
    if (!c->fonts || !c->faces || !c->sets) {
        budgetpdf_context_free(c);
        return NULL;
    }
    return c;
}

budgetpdf_context *budgetpdf_context_new(void)
{
    return context_new(BP_CONTEXT_FONT_CHAINS, BP_CONTEXT_FACES, BP_CONTEXT_SETS);
}

void budgetpdf_context_free(budgetpdf_context *c)
{
    if (!c) return;
    text_font_cache_free(c->fonts);
    pdf_face_cache_free(c->faces);
    spec_set_cache_free(c->sets);
    free(c);
}

budgetpdf_context *context_of(const budgetpdf_options *opt, budgetpdf_context **own)
{
    *own = NULL;
    if (opt && opt->context) return opt->context;
    return *own = budgetpdf_context_new();
}

bp_ctx context_ctx(budgetpdf_context *ctx, bp_arena *a, bp_error *e)
{
    bp_ctx c = bp_ctx_of(a, e);
    if (ctx) c.fonts = ctx->fonts, c.faces = ctx->faces, c.sets = ctx->sets;
    return c;
}
