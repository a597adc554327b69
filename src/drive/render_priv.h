/* render_priv.h — the pipeline steps of render.c that other library entry
 * points (check, fonts) share. */
#ifndef BP_RENDER_PRIV_H
#define BP_RENDER_PRIV_H

#include "budgetpdf.h"
#include "context.h"
#include "data.h"
#include "spec.h"
#include "text.h"

/* The inputs of a run: department, layout set and every table's data.
 * With opt->cache_layouts the set comes from c's cache, held by c->a
 * until it is freed. */
int render_load_inputs(bp_ctx *c, const char *dept_dir, const budgetpdf_options *opt,
                       bp_department *dept, const bp_layout_set **set, bp_table_data ***tables);
/* The same in two steps: the department and its layout set, then the
 * tables' data. */
int render_load_set(bp_ctx *c, const char *dept_dir, const budgetpdf_options *opt,
                    bp_department *dept, const bp_layout_set **set);
int render_load_tables(bp_ctx *c, const bp_department *dept, const bp_layout_set *set,
                       bp_table_data ***tables);
/* The document's text (document.md, doc_text.h) with its figures evaluated
 * over the tables (expr.h); *text NULL when the folder has none. */
struct bp_text;
int render_load_text(bp_ctx *c, const bp_department *dept, const bp_layout_set *set,
                     bp_table_data **tables, struct bp_text **text);
/* The folders where layout sets are looked up by name, colon-separated
 * (also where a set's `extends:` is looked up). */
const char *render_layout_search(bp_arena *a, const budgetpdf_options *opt);
/* The fonts of the layout set's roles, or of the font profile's, from
 * c's font cache; held by c->a and released when it is freed. text_roles
 * false (an annex alone): the roles of the text parts (text, kai) take the
 * body's face instead of opening their own. */
int render_open_fonts(bp_ctx *c, const bp_layout_set *set, const budgetpdf_options *opt,
                      bool text_roles, bp_fonts **fonts);
/* budgetpdf_render_ex in the caller's arena (tests set a->fail_after) and
 * context, under the arena's guard: out of memory returns BP_ERESOURCE.
 * The caller frees a, then (if it made it) ctx. */
int render_in(bp_arena *a, budgetpdf_context *ctx, const char *dept_dir, const char *out_pdf,
              const budgetpdf_options *opt, budgetpdf_render_result *res, bp_error *e);

#endif
