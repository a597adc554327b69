/* render_priv.h — the pipeline steps of render.c that other library entry
 * points (check, fonts) share. */
#ifndef BP_RENDER_PRIV_H
#define BP_RENDER_PRIV_H

#include "budgetpdf.h"
#include "data.h"
#include "spec.h"
#include "text.h"

/* The inputs of a run: department, layout set and every table's data. */
int render_load_inputs(bp_arena *a, const char *dept_dir, const budgetpdf_options *opt,
                       bp_department *dept, const bp_layout_set **set, bp_table_data ***tables,
                       bp_error *e);
/* The same in two steps: the department and its layout set, then the
 * tables' data. */
int render_load_set(bp_arena *a, const char *dept_dir, const budgetpdf_options *opt,
                    bp_department *dept, const bp_layout_set **set, bp_error *e);
int render_load_tables(bp_arena *a, const bp_department *dept, const bp_layout_set *set,
                       bp_table_data ***tables, bp_error *e);
/* The folders where layout sets are looked up by name, colon-separated
 * (also where a set's `extends:` is looked up). */
const char *render_layout_search(bp_arena *a, const budgetpdf_options *opt);
/* The fonts of the layout set's roles, or of the font profile's, in a and
 * closed when a is freed. */
int render_open_fonts(bp_arena *a, const bp_layout_set *set, const budgetpdf_options *opt,
                      bp_fonts **fonts, bp_error *e);
/* budgetpdf_render in the caller's arena (tests set a->fail_after), under
 * its guard: out of memory returns BP_ERESOURCE. The caller frees a. */
int render_in(bp_arena *a, const char *dept_dir, const char *out_pdf, const budgetpdf_options *opt,
              bp_error *e);

#endif
