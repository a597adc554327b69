/* render.c — the library's front door: runs the pipeline (department →
 * layout set → data → fonts → layout → PDF) for one department. */
#include "budgetpdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "layout.h"
#include "pdf.h"
#include "spec.h"
#include "text.h"

#ifndef BP_VERSION
#define BP_VERSION "dev"
#endif
#ifndef BP_INSTALL_LAYOUTS
#define BP_INSTALL_LAYOUTS ""
#endif
#ifndef BP_SOURCE_LAYOUTS
#define BP_SOURCE_LAYOUTS ""
#endif
#ifndef BP_SOURCE_FONTS
#define BP_SOURCE_FONTS ""
#endif

const char *budgetpdf_version(void)
{
    return BP_VERSION;
}

/* Finds the layout set folder for a department. */
static int find_layout_set(bp_arena *a, const bp_department *d, const budgetpdf_options *opt,
                           const char **out, bp_error *e)
{
    if (opt && opt->layouts_dir) {
        *out = opt->layouts_dir;
        return BP_OK;
    }
    /* a path relative to the department folder */
    char *local = bp_path_join(a, d->dir, d->layouts);
    if (bp_file_exists(bp_path_join(a, local, "set.yaml"))) {
        *out = local;
        return BP_OK;
    }
    if (strchr(d->layouts, '/'))
        return bp_fail(e, BP_EINPUT, "%s: layout set '%s' not found (no %s/set.yaml)", d->file,
                       d->layouts, local);
    const char *path = opt && opt->layouts_path ? opt->layouts_path : getenv("BUDGETPDF_LAYOUTS");
    char *search = bp_sprintf(a, "%s%s%s:%s", path ? path : "", path ? ":" : "",
                              BP_INSTALL_LAYOUTS, BP_SOURCE_LAYOUTS);
    char *tried = bp_strdup(a, "");
    for (char *tok = search; tok && *tok;) {
        char *colon = strchr(tok, ':');
        if (colon) *colon = 0;
        if (*tok) {
            char *dir = bp_path_join(a, tok, d->layouts);
            if (bp_file_exists(bp_path_join(a, dir, "set.yaml"))) {
                *out = dir;
                return BP_OK;
            }
            tried = bp_sprintf(a, "%s%s%s", tried, tried[0] ? ", " : "", tok);
        }
        tok = colon ? colon + 1 : NULL;
    }
    return bp_fail(e, BP_EINPUT, "%s: layout set '%s' not found in the department folder or in %s",
                   d->file, d->layouts, tried);
}

static void forward_warning(void *ud, const char *msg)
{
    const budgetpdf_options *opt = ud;
    if (opt && opt->warn) opt->warn(opt->warn_ud, msg);
}

static int render(bp_arena *a, const char *dept_dir, const char *out_pdf,
                  const budgetpdf_options *opt, bp_error *e)
{
    bp_department dept;
    int rc = data_load_department(a, dept_dir, &dept, e);
    if (rc) return rc;
    const char *set_dir = NULL;
    if ((rc = find_layout_set(a, &dept, opt, &set_dir, e))) return rc;
    bp_layout_set *set;
    if ((rc = spec_load_set(a, set_dir, &set, e))) return rc;
    bp_table_data **tables = bp_alloc(a, (size_t)set->ntables * sizeof *tables);
    for (int i = 0; i < set->ntables; i++)
        if ((rc = data_load_table(a, &dept, &set->tables[i], &tables[i], e))) return rc;
    const char *const *families[BP_ROLE_COUNT];
    for (int r = 0; r < BP_ROLE_COUNT; r++) families[r] = set->families[r];
    const char *fonts_dir = opt && opt->fonts_dir ? opt->fonts_dir : BP_SOURCE_FONTS;
    bp_fonts fonts;
    if ((rc = text_fonts_open(families, bp_dir_exists(fonts_dir) ? fonts_dir : NULL, &fonts, e)))
        return rc;
    bp_doc doc;
    dl_init(&doc, a);
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        long long v = strtoll(sde, &end, 10);
        if (*end || v < 0) {
            text_fonts_close(&fonts);
            return bp_fail(e, BP_EUSAGE, "SOURCE_DATE_EPOCH='%s' is not a number of seconds", sde);
        }
        doc.source_date = v;
    }
    bp_layout_ctx ctx = {a, &fonts, set, &dept, forward_warning, (void *)opt, e, false};
    rc = layout_document(&ctx, tables, &doc, NULL);
    if (!rc) rc = pdf_write(&doc, &fonts, out_pdf, e);
    text_fonts_close(&fonts);
    return rc;
}

int budgetpdf_render(const char *dept_dir, const char *out_pdf, const budgetpdf_options *opt,
                     char *err, size_t errlen)
{
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0, ""};
    int rc = render(&a, dept_dir, out_pdf, opt, &e);
    if (err && errlen) snprintf(err, errlen, "%s", rc ? e.msg : "");
    bp_arena_free(&a);
    return rc;
}
