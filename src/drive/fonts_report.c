/* fonts_report.c — budgetpdf_fonts: which file draws each font role, and
 * whether the fonts cover every character a department's annex uses (found
 * by laying the annex out — the whole document when the folder has its
 * text — without writing it, and reading the display list). No state outside the call: two threads
 * may report at once. */
#include "budgetpdf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "doc_text.h"
#include "layout.h"
#include "render_priv.h"
#include "text.h"

static void say(void (*line)(void *, const char *), void *ud, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void say(void (*line)(void *, const char *), void *ud, const char *fmt, ...)
{
    char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (line) line(ud, buf);
}

/* The lines naming each role's fonts. */
static void report_fonts(const bp_fonts *fonts, void (*line)(void *, const char *), void *ud)
{
    for (int r = 0; r < BP_ROLE_COUNT; r++) {
        const bp_font *f = fonts->role[r];
        for (int i = 0; font_chain(f, i); i++) {
            const bp_font *g = font_chain(f, i);
            say(line, ud, "%-7s %s%s: %s, face %d, TrueType outlines", i ? "" : role_name(r),
                i ? "fallback " : "", font_family(g), font_path(g), font_face_index(g));
        }
    }
}

/* The coverage line of each role: the distinct code points the laid-out
 * annex draws with it, and those no font of the role has. Returns how many
 * are missing in all. */
static int report_coverage(bp_arena *a, const bp_doc *doc, const bp_fonts *fonts,
                           void (*line)(void *, const char *), void *ud)
{
    int missing_total = 0;
    unsigned char *seen = bp_alloc(a, 0x110000 / 8);
    for (int r = 0; r < BP_ROLE_COUNT; r++) {
        memset(seen, 0, 0x110000 / 8);
        int used = 0, missing = 0;
        char list[2048] = "";
        size_t ll = 0;
        for (int p = 0; p < dl_page_count(doc); p++) {
            const bp_page *pg = dl_page(doc, p);
            const bp_dl_item *it = pg->items.items;
            for (int k = 0; k < pg->items.n; k++, it++) {
                if (it->kind != BP_DL_TEXT || (int)it->role != r) continue;
                for (size_t i = 0; i < it->len;) {
                    uint32_t cp;
                    int n = bp_utf8_decode(it->text + i, it->len - i, &cp);
                    if (n <= 0) break;
                    i += (size_t)n;
                    if (seen[cp / 8] & (1u << (cp % 8))) continue;
                    seen[cp / 8] |= (unsigned char)(1u << (cp % 8));
                    used++;
                    if (font_covers(fonts->role[r], cp)) continue;
                    missing++;
                    if (ll + 32 < sizeof list)
                        ll += (size_t)snprintf(list + ll, sizeof list - ll, " U+%04X %.*s", cp, n,
                                               it->text + i - (size_t)n);
                }
            }
        }
        if (!used) {
            say(line, ud, "%-7s coverage: not used by this annex", role_name(r));
            continue;
        }
        if (missing)
            say(line, ud, "%-7s coverage: %d characters, %d in no font of the role:%s",
                role_name(r), used, missing, list);
        else
            say(line, ud, "%-7s coverage: %d characters, all covered", role_name(r), used);
        missing_total += missing;
    }
    return missing_total;
}

static int report(bp_ctx *c, const char *dept_dir, const budgetpdf_options *opt,
                  void (*line)(void *, const char *), void *ud)
{
    bp_arena *a = c->a;
    bp_department dept;
    const bp_layout_set *set = NULL;
    bp_layout_set none, *loaded;
    bp_table_data **tables = NULL;
    int rc;
    if (dept_dir) {
        if ((rc = render_load_inputs(c, dept_dir, opt, &dept, &set, &tables))) return rc;
    } else if (opt && opt->layouts_dir) {
        bp_set_source src = {render_layout_search(a, opt), NULL};
        if ((rc = spec_load_set_from(c, opt->layouts_dir, &src, &loaded))) return rc;
        set = loaded;
    } else {
        memset(&none, 0, sizeof none); /* the built-in default families */
        set = &none;
    }
    bp_fonts *fonts;
    if ((rc = render_open_fonts(c, set, opt, true, &fonts))) return rc;
    report_fonts(fonts, line, ud);
    int missing = 0;
    if (dept_dir) {
        bp_doc doc;
        dl_init(&doc, a);
        bp_layout_ctx lctx = {c, fonts, set, &dept, true};
        bp_text *text = NULL; /* the whole document when the folder has its text */
        if (!(opt && opt->annex_only) && (rc = render_load_text(c, &dept, set, tables, &text)))
            return rc;
        if ((rc = text ? layout_whole_document(&lctx, tables, text, &doc)
                       : layout_document(&lctx, tables, &doc, NULL)))
            return rc;
        missing = report_coverage(a, &doc, fonts, line, ud);
    }
    return missing ? BP_ECHECK : BP_OK; /* the fonts close with the arena */
}

typedef struct report_call {
    budgetpdf_context *ctx;
    const char *dept_dir;
    const budgetpdf_options *opt;
    void (*line)(void *, const char *);
    void *ud;
    bp_error *e;
} report_call;

static int report_guarded(bp_arena *a, void *ctx)
{
    report_call *c = ctx;
    bp_ctx cx = context_ctx(c->ctx, a, c->e);
    return report(&cx, c->dept_dir, c->opt, c->line, c->ud);
}

int budgetpdf_fonts(const char *dept_dir, const budgetpdf_options *opt,
                    void (*line)(void *ud, const char *text), void *ud, char *err, size_t errlen)
{
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0, ""};
    budgetpdf_context *own;
    report_call c = {context_of(opt, &own), dept_dir, opt, line, ud, &e};
    const char *what = dept_dir ? dept_dir : "budgetpdf fonts";
    int rc = c.ctx ? bp_arena_guard(&a, report_guarded, &c, what, &e)
                   : bp_fail(&e, BP_ERESOURCE, "%s: out of memory", what);
    if (err && errlen) snprintf(err, errlen, "%s", rc && rc != BP_ECHECK ? e.msg : "");
    bp_arena_free(&a); /* before the context: it releases the fonts and set it holds */
    budgetpdf_context_free(own);
    return rc;
}
