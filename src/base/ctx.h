/* ctx.h — the context of one library call (as MuPDF's fz_context): the
 * arena it allocates in, the error it fails with, where its warnings go
 * and the caches the stages keep between documents, passed to the stages
 * as one argument. A driver (src/drive) makes it from the public
 * budgetpdf_context and options at the start of a call and drops it at
 * the end; nothing in it is process-wide. */
#ifndef BP_CTX_H
#define BP_CTX_H

#include "util.h"

/* Where a warning goes: a line for the user, valid during the call. */
typedef void (*bp_warn_fn)(void *ud, const char *msg);

/* The caches, opaque here: each is understood by the stage that owns it. */
struct bp_font_cache;  /* text.h: font chains */
struct pdf_face_cache; /* pdf_font.h: hb-subset input faces */
struct spec_set_cache; /* spec.h: parsed layout sets */

typedef struct bp_ctx {
    bp_arena *a;     /* everything the call allocates; freed by its driver */
    bp_error *e;     /* the call's error */
    bp_warn_fn warn; /* may be NULL: warnings dropped */
    void *warn_ud;
    struct bp_font_cache *fonts;  /* where text_fonts_open opens fonts (required by it) */
    struct pdf_face_cache *faces; /* pdf_write's subsetting faces (NULL: none kept) */
    struct spec_set_cache *sets;  /* spec_load_set_cached's sets (NULL: none kept) */
} bp_ctx;

/* A context of an arena and an error alone (no warnings, no caches). */
static inline bp_ctx bp_ctx_of(bp_arena *a, bp_error *e)
{
    return (bp_ctx){.a = a, .e = e};
}

/* A context of an arena and an error alone, as a pointer: a compound
 * literal, valid in the enclosing block (tests; a caller that has no
 * context yet). */
#define BP_CTX(arena, err) (&(bp_ctx){.a = (arena), .e = (err)})

/* Passes msg to the context's warnings, if any. */
static inline void bp_ctx_warn(const bp_ctx *c, const char *msg)
{
    if (c->warn) c->warn(c->warn_ud, msg);
}

#endif
