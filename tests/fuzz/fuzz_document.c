/* fuzz_document.c — the text of a whole document: the input is parsed as
 * a department's document.md (src/doc_text.c, md4c) with a figure
 * callback that answers "6828.4" (and fails for an expression holding
 * '!', as an unknown table would), then its text parts are laid out in the
 * default document style (src/layout_prose.c: wrap, justify, paginate)
 * with the standard fonts (opened once) and written as a PDF to a scratch
 * folder. Bad input must give BP_EINPUT naming document.md; the PDF
 * backend must never fail on what the layout stage produced. The low bit
 * of the input's size chooses allow_missing_glyphs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "doc_text.h"
#include "layout_prose.h"
#include "pdf.h"

static bp_fonts fonts;
static bp_font_cache *g_cache; /* lives as long as the process */
static const char *out_pdf;

static void no_warning(void *ud, const char *msg)
{
    (void)ud;
    if (bp_utf8_invalid(msg, strlen(msg)) >= 0 && strlen(msg) < 2000) __builtin_trap();
}

static int figure(void *env, const char *src, size_t len, const char *file, int line, int col,
                  const char **out, bp_error *e)
{
    (void)env;
    if (memchr(src, '!', len))
        return bp_fail(e, BP_EINPUT, "%s:%d:%d: no such table", file, line, col);
    *out = "6828.4";
    return BP_OK;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    static const char *const body[] = {"AR PL UMing CN", NULL};
    static const char *const title[] = {"WenQuanYi Zen Hei", NULL};
    const char *const *families[BP_ROLE_COUNT] = {body, title};
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/fonts", fz_source_dir());
    bp_error e = {0, ""};
    if (!(g_cache = text_font_cache_new(4))) exit(1);
    if (text_fonts_open(&(bp_ctx){.e = &e, .fonts = g_cache}, families,
                        bp_dir_exists(dir) ? dir : NULL, &fonts)) {
        fprintf(stderr, "fuzz_document: %s\n", e.msg);
        exit(1);
    }
    static char path[4200];
    snprintf(path, sizeof path, "%s/out.pdf", fz_tmpdir());
    out_pdf = path;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int allowed[] = {BP_EINPUT, 0};
    bp_arena a;
    bp_error e = {0, ""};
    bp_arena_init(&a);
    bp_text t;
    int rc = doc_text_parse(&a, "document.md", (const char *)data, size, figure, NULL, &t, &e);
    fz_expect("fuzz_document (parse)", rc, &e, "document.md", allowed);
    if (!rc) {
        bp_doc doc;
        dl_init(&doc, &a);
        doc.source_date = -1;
        bp_ctx c = {.a = &a, .e = &e, .warn = no_warning};
        bp_layout_ctx ctx = {.c = &c, .fonts = &fonts, .allow_missing_glyphs = size & 1};
        bp_vec heads;
        bp_vec_init(&heads, sizeof(prose_head));
        rc = layout_prose(&ctx, doc_style_default(&a), &t, &doc, &heads);
        fz_expect("fuzz_document (layout)", rc, &e, "document.md", allowed);
        if (!rc && dl_page_count(&doc) > 0) {
            rc = pdf_write(&c, &doc, &fonts, out_pdf, NULL);
            fz_expect("fuzz_document (pdf)", rc, &e, NULL, allowed);
        }
    }
    bp_arena_free(&a);
    return 0;
}
