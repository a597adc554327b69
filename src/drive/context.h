/* context.h — private: what a budgetpdf_context owns (context.c), the
 * caches a caller keeps between documents: font chains (text stage),
 * hb-subset input faces (PDF backend) and parsed layout sets (spec). */
#ifndef BP_CONTEXT_H
#define BP_CONTEXT_H

#include "budgetpdf.h"
#include "ctx.h"
#include "pdf_font.h"
#include "spec.h"
#include "text.h"

/* The bounds of each cache: entries that no document holds past these are
 * dropped, the least recently used first. */
#define BP_CONTEXT_FONT_CHAINS 16
#define BP_CONTEXT_FACES 16
#define BP_CONTEXT_SETS 8

struct budgetpdf_context {
    bp_font_cache *fonts;
    pdf_face_cache *faces;
    spec_set_cache *sets;
};

/* A context with the given bounds (<= 0: 1); NULL when out of memory. */
budgetpdf_context *context_new(int font_chains, int faces, int sets);

/* The context of one library call: opt->context when set, else a new one
 * stored in *own too (free it with budgetpdf_context_free at the end of
 * the call). NULL when out of memory. */
budgetpdf_context *context_of(const budgetpdf_options *opt, budgetpdf_context **own);

/* The stages' context (ctx.h) of one call: its arena a and error e, the
 * caches of ctx (NULL: none), no warnings (the driver sets its own). */
bp_ctx context_ctx(budgetpdf_context *ctx, bp_arena *a, bp_error *e);

#endif
