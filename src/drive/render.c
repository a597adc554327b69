/* render.c — the library's front door: runs the pipeline (department →
 * layout set → data → fonts → layout → PDF) for one department. */
#include "budgetpdf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "data.h"
#include "data_workbook.h"
#include "doc_source.h"
#include "expr.h"
#include "layout.h"
#include "out_file.h"
#include "pdf.h"
#include "render_priv.h"
#include "report.h"
#include "rules.h"
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

const char *budgetpdf_status_word(int status)
{
    switch (status) {
    case BUDGETPDF_OK:
        return "ok";
    case BUDGETPDF_ECHECK:
        return "check";
    case BUDGETPDF_EUSAGE:
        return "usage";
    case BUDGETPDF_EINPUT:
        return "input";
    case BUDGETPDF_EIO:
        return "io";
    case BUDGETPDF_ERESOURCE:
        return "resource";
    case BUDGETPDF_ECRASHED:
        return "crashed";
    case BUDGETPDF_ETIMEOUT:
        return "timeout";
    }
    return "error";
}

/* The folders where layout sets are looked up by name (colon-separated):
 * opt->layouts_path or $BUDGETPDF_LAYOUTS, the installed sets, the
 * source tree's. */
const char *render_layout_search(bp_arena *a, const budgetpdf_options *opt)
{
    const char *path = opt && opt->layouts_path ? opt->layouts_path : getenv("BUDGETPDF_LAYOUTS");
    return bp_sprintf(a, "%s%s%s:%s", path ? path : "", path ? ":" : "", BP_INSTALL_LAYOUTS,
                      BP_SOURCE_LAYOUTS);
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
    char *search = bp_strdup(a, render_layout_search(a, opt));
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

/* Where a render's warnings go: the caller's callback, counted. */
typedef struct render_warnings {
    const budgetpdf_options *opt;
    int count;
} render_warnings;

static void forward_warning(void *ud, const char *msg)
{
    render_warnings *w = ud;
    w->count++;
    if (w->opt && w->opt->warn) w->opt->warn(w->opt->warn_ud, msg);
}

int render_load_set(bp_ctx *c, const char *dept_dir, const budgetpdf_options *opt,
                    bp_department *dept, const bp_layout_set **set)
{
    bp_arena *a = c->a;
    bp_error *e = c->e;
    BP_TRY(data_load_department(c, dept_dir, dept));
    const char *set_dir = NULL;
    BP_TRY(find_layout_set(a, dept, opt, &set_dir, e));
    /* a set's base sets (extends:) are looked up where sets are */
    const char *search = render_layout_search(a, opt);
    if (opt && opt->cache_layouts && !dept->overrides)
        return spec_load_set_cached(c, set_dir, search, set);
    bp_set_source src = {search, dept->overrides ? dept->file : NULL};
    bp_layout_set *s;
    BP_TRY(spec_load_set_from(c, set_dir, &src, &s));
    *set = s;
    return BP_OK;
}

int render_load_tables(bp_ctx *c, const bp_department *dept, const bp_layout_set *set,
                       bp_table_data ***tables)
{
    bp_arena *a = c->a;
    *tables = bp_alloc(a, (size_t)set->ntables * sizeof **tables);
    if (dept->workbook) return data_wb_load_tables(c, dept, set, *tables);
    for (int i = 0; i < set->ntables; i++)
        BP_TRY(data_load_table(c, dept, &set->tables[i], &(*tables)[i]));
    return BP_OK;
}

int render_load_inputs(bp_ctx *c, const char *dept_dir, const budgetpdf_options *opt,
                       bp_department *dept, const bp_layout_set **set, bp_table_data ***tables)
{
    BP_TRY(render_load_set(c, dept_dir, opt, dept, set));
    return render_load_tables(c, dept, *set, tables);
}

/* Check failures met while rendering, kept for the error message. */
typedef struct render_checks {
    const budgetpdf_options *opt;
    const bp_ctx *c; /* where its warnings go */
    char list[1600];
    size_t len;
    int listed, failed;
    bool text; /* the text's checks: their warnings (typed figures) are check's to list */
} render_checks;

static void on_render_check(void *ud, const bp_finding *f)
{
    render_checks *rc = ud;
    const char *line = f->message;
    int severity = f->severity;
    if (rc->opt && rc->opt->finding) rc->opt->finding(rc->opt->finding_ud, f);
    /* Rounding differences never stop a render, and are not printed here:
     * published figures carry them (the seed does), so a sound department
     * renders silently; `budgetpdf check` lists them. */
    if (severity == BP_CHECK_WARNING) { /* a built-in check the set lowered */
        if (!rc->text) bp_ctx_warn(rc->c, line);
        return;
    }
    if (severity != BP_CHECK_ERROR) return;
    if (rc->opt && rc->opt->no_check) {
        bp_ctx_warn(rc->c, line);
        return;
    }
    rc->failed++;
    size_t n = strlen(line);
    if (rc->len + n + 4 < sizeof rc->list) {
        rc->len += (size_t)snprintf(rc->list + rc->len, sizeof rc->list - rc->len, "\n  %s", line);
        rc->listed++;
    }
}

/* Runs the checks before layout: a failed rule stops the render (no file
 * is written) unless opt->no_check; rounding differences are warnings.
 * One policy for tables and text: when the text is rendered too, its
 * checks run as `budgetpdf check` runs them, and an error in the text
 * stops the render as a table's does. */
static int render_check(bp_ctx *c, const char *dept_dir, const bp_layout_set *set,
                        const bp_department *dept, bp_table_data **tables,
                        const budgetpdf_options *opt)
{
    render_checks rc = {opt, c, "", 0, 0, 0, false};
    bp_check_stats st;
    bp_check_in in = {c, set, dept, tables, on_render_check, &rc, &st};
    int r = check_run(&in, opt ? opt->catalogue : NULL);
    rc.text = true;
    if (!r && !(opt && opt->annex_only)) r = check_run_document(&in);
    if (r || !rc.failed || (opt && opt->no_check)) return r;
    return bp_fail(
        c->e, BP_ECHECK,
        "%d check%s failed, no PDF written (budgetpdf check %s lists them; --no-check "
        "renders anyway):%s%s",
        rc.failed, rc.failed == 1 ? "" : "s", dept_dir, rc.list,
        rc.listed < rc.failed ? bp_sprintf(c->a, "\n  … and %d more", rc.failed - rc.listed) : "");
}

/* The creation date: SOURCE_DATE_EPOCH when set, else department.yaml's
 * date, else the clock only when asked (opt->date_now), else none. */
static int document_date(const bp_department *dept, const budgetpdf_options *opt, long long *out,
                         bp_error *e)
{
    *out = -1;
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        errno = 0;
        long long v = strtoll(sde, &end, 10);
        if (*end || v < 0 || errno || v > 253402300799LL)
            return bp_fail(e, BP_EUSAGE,
                           "SOURCE_DATE_EPOCH='%s' is not a number of seconds since 1970 (before "
                           "year 10000)",
                           sde);
        *out = v;
    } else if (dept->date >= 0) {
        *out = dept->date;
    } else if (opt && opt->date_now) {
        *out = (long long)time(NULL);
    }
    return BP_OK;
}

static void close_fonts(void *fonts)
{
    text_fonts_close(fonts);
}

int render_open_fonts(bp_ctx *c, const bp_layout_set *set, const budgetpdf_options *opt,
                      bool text_roles, bp_fonts **out)
{
    bp_arena *a = c->a;
    bp_error *e = c->e;
    const char *fam[BP_ROLE_COUNT][BP_MAX_FAMILIES + 1];
    memcpy(fam, set->families, sizeof fam);
    const char *profile = opt && opt->font_profile ? opt->font_profile : getenv("BUDGETPDF_FONTS");
    if (profile && *profile) {
        int rc = spec_load_font_profile(c, profile, fam);
        if (rc) return rc;
    }
    const char *const *families[BP_ROLE_COUNT];
    for (int r = 0; r < BP_ROLE_COUNT; r++)
        families[r] = fam[r];
    /* an annex draws nothing in the text parts' roles: they take the body's
     * face, so no font file is opened for them */
    if (!text_roles) families[BP_ROLE_TEXT] = families[BP_ROLE_KAI] = families[BP_ROLE_BODY];
    const char *fonts_dir = opt && opt->fonts_dir ? opt->fonts_dir : BP_SOURCE_FONTS;
    if (opt && opt->fonts_dir && !bp_dir_exists(opt->fonts_dir))
        return bp_fail(e, BP_EUSAGE, "--fonts-dir %s: no such folder", opt->fonts_dir);
    /* in the arena, closed when it is freed (also after running out of
     * memory half way through the document) */
    bp_cleanup *closer = bp_arena_defer(a, close_fonts);
    bp_fonts *fonts = bp_alloc(a, sizeof *fonts);
    BP_TRY(text_fonts_open(c, families, bp_dir_exists(fonts_dir) ? fonts_dir : NULL, fonts));
    closer->p = fonts;
    *out = fonts;
    return BP_OK;
}

/* The output must not be a file the run reads (department.yaml, a CSV, a
 * layout file, the font profile, a font): checked before anything is
 * drawn, so that a mistyped -o never replaces an input. */
static int refuse_output_onto_input(bp_arena *a, const char *out, const bp_department *d,
                                    const bp_layout_set *set, const budgetpdf_options *opt,
                                    const bp_fonts *fonts, bp_error *e)
{
    int n = 0;
    const char **in =
        bp_alloc(a, (size_t)(10 + set->nsources + 3 * set->ntables + BP_ROLE_COUNT * BP_MAX_FACES) *
                        sizeof *in);
    in[n++] = d->file;
    if (d->workbook) in[n++] = d->workbook;
    in[n++] = set->file;
    for (int i = 0; i < set->nsources; i++) /* the sets it extends */
        in[n++] = set->sources[i];
    if (set->rules) in[n++] = set->rules->file;
    for (int i = 0; i < set->ntables; i++) {
        in[n++] = set->tables[i].file;
        in[n++] = bp_path_join(a, d->dir, set->tables[i].data);
    }
    in[n++] = opt && opt->font_profile ? opt->font_profile : getenv("BUDGETPDF_FONTS");
    in[n++] = bp_path_join(a, d->dir, BP_DOC_TEXT_FILE);
    if (d->text) in[n++] = d->text;
    in[n++] = bp_path_join(a, d->dir, BP_DOC_DOCX_FILE);
    if (d->previous) in[n++] = bp_path_join(a, d->dir, d->previous);
    if (d->previous && bp_dir_exists(in[n - 1])) { /* last year's department folder */
        const char *prev = in[n - 1];
        in[n++] = bp_path_join(a, prev, "department.yaml");
        for (int i = 0; i < set->ntables; i++)
            in[n++] = bp_path_join(a, prev, set->tables[i].data);
    }
    for (int r = 0; fonts && r < BP_ROLE_COUNT; r++)
        for (int i = 0; i < BP_MAX_FACES && font_chain(fonts->role[r], i); i++)
            in[n++] = font_path(font_chain(fonts->role[r], i));
    return bp_out_check_not_input(out, in, n, e);
}

int render_load_text(bp_ctx *c, const bp_department *dept, const bp_layout_set *set,
                     bp_table_data **tables, bp_text **text)
{
    bp_arena *a = c->a;
    bp_error *e = c->e;
    *text = NULL;
    bp_text_md md; /* document.md, a .docx or text sheets (doc_source.h) */
    BP_TRY(doc_source_markdown(c, dept, set, &md));
    if (md.kind == BP_TEXT_NONE) return BP_OK;
    bp_figure_env *env = expr_env_new(c, set, dept, tables);
    if (!env) return e->code ? e->code : BP_EINPUT;
    return doc_source_parse(a, &md, expr_figure, env, text, e);
}

/* What a caller adds to render's document between layout and PDF (the
 * check report: report.h). */
typedef struct render_hook {
    bool provenance; /* the layout records where each cell's boxes came from */
    int (*after_layout)(void *ud, bp_layout_ctx *ctx, bp_doc *doc);
    void *ud;
} render_hook;

/* A document's run: the call's context (ctx.h) and options, and the
 * inputs loaded for it (text: NULL for the annex alone). */
typedef struct render_run {
    bp_ctx *c;
    const budgetpdf_options *opt;
    const bp_layout_set *set;
    const bp_department *dept;
    bp_table_data **tables;
    const bp_text *text;
} render_run;

/* Lays out the loaded inputs and writes the PDF (start: when the run
 * began, for the sweep of stale temporary files); hook: NULL, or what to
 * add to the document before it is written. out_pdf NULL: laid out only. */
static int render_doc(const render_run *r, const char *out_pdf, const struct timespec *start,
                      budgetpdf_render_result *res, const render_hook *hook)
{
    bp_arena *a = r->c->a;
    const budgetpdf_options *opt = r->opt;
    bp_error *e = r->c->e;
    bp_doc doc;
    dl_init(&doc, a);
    doc.provenance = hook && hook->provenance;
    BP_TRY(document_date(r->dept, opt, &doc.source_date, e));
    doc.no_sync = opt && opt->no_sync;
    doc.font_threads = opt && opt->font_threads;
    if (opt && opt->print_profile) {
        doc.print.overprint = true;
        if (opt->crop_marks) doc.print.crop_margin = 10 * 72.0 / 25.4;
    }
    bp_fonts *fonts;
    BP_TRY(render_open_fonts(r->c, r->set, opt, r->text != NULL, &fonts));
    bp_layout_ctx lctx = {r->c, fonts, r->set, r->dept, opt && opt->allow_missing_glyphs};
    if (out_pdf) BP_TRY(refuse_output_onto_input(a, out_pdf, r->dept, r->set, opt, fonts, e));
    if (r->text)
        BP_TRY(layout_whole_document(&lctx, r->tables, r->text, &doc));
    else
        BP_TRY(layout_document(&lctx, r->tables, &doc, NULL));
    if (hook && hook->after_layout) BP_TRY(hook->after_layout(hook->ud, &lctx, &doc));
    if (!out_pdf) return BP_OK; /* laid out only (check's finding boxes) */
    /* the temp files interrupted runs left in the output folder go first
     * (unless the caller sweeps once for many renders: batch) */
    if (!(opt && opt->no_sweep)) bp_out_sweep(out_pdf, start);
    BP_TRY(pdf_write(r->c, &doc, fonts, out_pdf, &res->bytes)); /* the fonts close with the arena */
    res->pages = dl_page_count(&doc);
    return BP_OK;
}

static int render(bp_ctx *c, const char *dept_dir, const char *out_pdf,
                  const budgetpdf_options *opt, budgetpdf_render_result *res)
{
    struct timespec start;
    clock_gettime(CLOCK_REALTIME, &start);
    bp_department dept;
    const bp_layout_set *set;
    bp_table_data **tables;
    bp_text *text = NULL;
    render_warnings w = {opt, 0};
    c->warn = forward_warning, c->warn_ud = &w;
    int rc = render_load_inputs(c, dept_dir, opt, &dept, &set, &tables);
    if (!rc) rc = refuse_output_onto_input(c->a, out_pdf, &dept, set, opt, NULL, c->e);
    if (!rc) rc = render_check(c, dept_dir, set, &dept, tables, opt);
    /* the whole document when the folder has its text (docs/document.md) */
    if (!rc && !(opt && opt->annex_only)) rc = render_load_text(c, &dept, set, tables, &text);
    render_run r = {c, opt, set, &dept, tables, text};
    if (!rc) rc = render_doc(&r, out_pdf, &start, res, NULL);
    res->warnings = w.count;
    return rc;
}

typedef struct render_call {
    budgetpdf_context *ctx;
    const char *dept_dir, *out_pdf;
    const budgetpdf_options *opt;
    budgetpdf_render_result *res;
    bp_error *e;
} render_call;

static int render_guarded(bp_arena *a, void *ctx)
{
    render_call *c = ctx;
    bp_ctx cx = context_ctx(c->ctx, a, c->e);
    return render(&cx, c->dept_dir, c->out_pdf, c->opt, c->res);
}

int render_in(bp_arena *a, budgetpdf_context *ctx, const char *dept_dir, const char *out_pdf,
              const budgetpdf_options *opt, budgetpdf_render_result *res, bp_error *e)
{
    render_call c = {ctx, dept_dir, out_pdf, opt, res, e};
    return bp_arena_guard(a, render_guarded, &c, dept_dir, e);
}

int budgetpdf_render_ex(const char *dept_dir, const char *out_pdf, const budgetpdf_options *opt,
                        budgetpdf_render_result *result, char *err, size_t errlen)
{
    budgetpdf_render_result res = {0, 0, 0};
    bp_error e = {0, ""};
    budgetpdf_context *own;
    budgetpdf_context *ctx = context_of(opt, &own);
    int rc;
    if (!ctx) {
        rc = bp_fail(&e, BP_ERESOURCE, "%s: out of memory", dept_dir);
    } else {
        bp_arena a;
        bp_arena_init(&a);
        rc = render_in(&a, ctx, dept_dir, out_pdf, opt, &res, &e);
        bp_arena_free(&a); /* before the context: it releases the fonts and set it holds */
    }
    budgetpdf_context_free(own);
    if (err && errlen) snprintf(err, errlen, "%s", rc ? e.msg : "");
    if (result) {
        if (rc) memset(&res, 0, sizeof res);
        *result = res;
    }
    return rc;
}

int budgetpdf_render(const char *dept_dir, const char *out_pdf, const budgetpdf_options *opt,
                     char *err, size_t errlen)
{
    return budgetpdf_render_ex(dept_dir, out_pdf, opt, NULL, err, errlen);
}

typedef struct check_call {
    budgetpdf_context *ctx;
    const char *dept_dir;
    const budgetpdf_options *opt;
    const char *report_pdf; /* NULL: no report */
    bp_check_report report;
    void *ud;
    bp_check_stats st;
    bp_report rep; /* the findings, for the report */
    bp_error *e;
    bool boxes; /* opt->finding_boxes: the findings are reported after the layout */
} check_call;

static void on_finding(void *ud, const bp_finding *f)
{
    check_call *c = ud;
    bp_finding g = *f;
    if (c->opt && c->opt->strict && g.severity == BP_CHECK_WARNING)
        g.severity = BP_CHECK_ERROR; /* check --strict: a warning is an error */
    if (c->report_pdf || c->boxes) report_keep(&c->rep, &g);
    if (c->report && !c->boxes) c->report(c->ud, &g);
}

static int add_report(void *ud, bp_layout_ctx *lctx, bp_doc *doc)
{
    check_call *c = ud;
    if (!c->report_pdf) {
        report_locate(&c->rep, doc); /* the finding boxes alone */
        return BP_OK;
    }
    return report_add(lctx, doc, &c->rep);
}

/* The findings kept until the layout gave their boxes (opt->finding_boxes). */
static void report_kept(check_call *c)
{
    const bp_finding *f = c->rep.findings.items;
    for (int i = 0; c->report && i < c->rep.findings.n; i++)
        c->report(c->ud, &f[i]);
}

/* The check report: the document as render lays it out (whatever the
 * checks found), with the findings marked (report.h); without a report
 * (opt->finding_boxes alone), the layout only, for the findings' boxes. */
static int write_report(check_call *c, const bp_ctx *cx, const bp_layout_set *set,
                        const bp_department *dept, bp_table_data **tables)
{
    struct timespec start;
    clock_gettime(CLOCK_REALTIME, &start);
    if (c->report_pdf)
        BP_TRY(refuse_output_onto_input(cx->a, c->report_pdf, dept, set, c->opt, NULL, c->e));
    c->rep.st = c->st;
    render_warnings w = {c->opt, 0};
    bp_ctx wc = *cx; /* the layout's warnings go to the caller's */
    wc.warn = forward_warning, wc.warn_ud = &w;
    budgetpdf_render_result res = {0, 0, 0};
    render_hook hook = {true, add_report, c};
    /* the whole document when the folder has its text, as render draws it */
    bp_text *text = NULL;
    if (!(c->opt && c->opt->annex_only)) BP_TRY(render_load_text(&wc, dept, set, tables, &text));
    render_run r = {&wc, c->opt, set, dept, tables, text};
    return render_doc(&r, c->report_pdf, &start, &res, &hook);
}

static int check_guarded(bp_arena *a, void *ctx)
{
    check_call *c = ctx;
    bp_department dept;
    const bp_layout_set *set;
    bp_table_data **tables;
    report_init(&c->rep, a, c->dept_dir);
    bp_ctx cx = context_ctx(c->ctx, a, c->e);
    BP_TRY(render_load_inputs(&cx, c->dept_dir, c->opt, &dept, &set, &tables));
    bp_check_in in = {&cx, set, &dept, tables, on_finding, c, &c->st};
    BP_TRY(check_run(&in, c->opt ? c->opt->catalogue : NULL));
    /* the checks on the text: check's, not render's (docs/document.md) */
    BP_TRY(check_run_document(&in));
    if (c->opt && c->opt->strict) c->st.errors += c->st.warnings, c->st.warnings = 0;
    int rc = c->report_pdf || c->boxes ? write_report(c, &cx, set, &dept, tables) : BP_OK;
    if (rc == BP_EINPUT && !c->report_pdf) { /* boxes alone: a document that cannot be laid
                                                  out (as render would refuse it) has none */
        for (int i = 0; i < c->rep.findings.n; i++)
            ((bp_finding *)c->rep.findings.items)[i].nboxes = 0;
        rc = BP_OK, c->e->code = 0, c->e->msg[0] = 0;
    }
    return rc;
}

int budgetpdf_check_ex(const char *dept_dir, const budgetpdf_options *opt, const char *report_pdf,
                       void (*finding)(void *ud, const budgetpdf_finding *f), void *ud,
                       budgetpdf_check_result *result, char *err, size_t errlen)
{
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0, ""};
    budgetpdf_context *own;
    check_call c = {
        context_of(opt, &own),    dept_dir, opt, report_pdf, finding, ud, {0, 0, 0, 0, 0}, {0}, &e,
        opt && opt->finding_boxes};
    int rc = c.ctx ? bp_arena_guard(&a, check_guarded, &c, dept_dir, &e)
                   : bp_fail(&e, BP_ERESOURCE, "%s: out of memory", dept_dir);
    if (c.boxes) report_kept(&c); /* with their boxes when the layout gave them */
    if (!rc && c.st.errors) rc = BP_ECHECK;
    if (result) {
        result->rules = c.st.rules;
        result->comparisons = c.st.comparisons;
        result->errors = c.st.errors;
        result->roundings = c.st.roundings;
        result->warnings = c.st.warnings;
    }
    if (err && errlen) snprintf(err, errlen, "%s", rc && rc != BP_ECHECK ? e.msg : "");
    bp_arena_free(&a); /* before the context: it releases the set it holds */
    budgetpdf_context_free(own);
    return rc;
}

typedef struct line_report {
    void (*report)(void *ud, const char *line, int severity);
    void *ud;
} line_report;

static void on_line(void *ud, const bp_finding *f)
{
    line_report *lr = ud;
    if (lr->report) lr->report(lr->ud, f->message, f->severity);
}

int budgetpdf_check(const char *dept_dir, const budgetpdf_options *opt,
                    void (*report)(void *ud, const char *line, int severity), void *ud,
                    budgetpdf_check_result *result, char *err, size_t errlen)
{
    line_report lr = {report, ud};
    return budgetpdf_check_ex(dept_dir, opt, NULL, on_line, &lr, result, err, errlen);
}
