/* fuzz_render.c — the whole render path: one input holds a table layout
 * (YAML) and its data (CSV), split at the first NUL byte (neither may
 * contain one). The layout is parsed, the CSV decoded (encoding: auto)
 * and bound, the annex (cover, contents, the table) laid out with the
 * standard set's fonts (opened once) and written as a PDF to a scratch
 * folder. Bad input must give BP_EINPUT naming the layout or the CSV; the
 * PDF backend must never fail on what the layout stage produced (that
 * would be BP_EIO, a finding). The low bits of the input's size choose
 * allow_missing_glyphs and page numbers per table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "data.h"
#include "layout.h"
#include "pdf.h"
#include "spec.h"
#include "text.h"

static bp_fonts fonts;
static bp_font_cache *g_cache; /* lives as long as the process */
static const char *out_pdf;

static void no_warning(void *ud, const char *msg)
{
    (void)ud;
    if (bp_utf8_invalid(msg, strlen(msg)) >= 0 && strlen(msg) < 2000) __builtin_trap();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    static const char *const body[] = {"AR PL UMing CN", NULL};
    static const char *const title[] = {"WenQuanYi Zen Hei", NULL};
    const char *const *families[BP_ROLE_COUNT] = {body, title, NULL, NULL};
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/fonts", fz_source_dir());
    bp_error e = {0, ""};
    if (!(g_cache = text_font_cache_new(4))) exit(1);
    if (text_fonts_open(&(bp_ctx){.e = &e, .fonts = g_cache}, families,
                        bp_dir_exists(dir) ? dir : NULL, &fonts)) {
        fprintf(stderr, "fuzz_render: %s\n", e.msg);
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
    const uint8_t *nul = memchr(data, 0, size);
    if (!nul) return 0;
    size_t ylen = (size_t)(nul - data);
    const char *csv_bytes = (const char *)nul + 1;
    size_t clen = size - ylen - 1;

    bp_arena a;
    bp_error e = {0, ""};
    bp_arena_init(&a);
    bp_table_spec t;
    int rc = spec_parse_table(&a, "fuzz.yaml", (const char *)data, ylen, &t, &e);
    fz_expect("fuzz_render (layout)", rc, &e, "fuzz.yaml", allowed);
    bp_csv *csv = NULL;
    if (!rc) {
        rc = data_parse_csv(&a, "fuzz.csv", csv_bytes, clen, "auto", &csv, &e);
        fz_expect("fuzz_render (csv)", rc, &e, "fuzz.csv", allowed);
    }
    bp_table_data *td = NULL;
    if (!rc) {
        rc = data_bind(&a, &t, csv, &td, &e);
        fz_expect("fuzz_render (bind)", rc, &e, "fuzz.csv", allowed);
    }
    if (!rc) {
        bp_layout_set set = {0};
        spec_set_defaults(&set);
        set.dir = fz_tmpdir();
        set.file = "fuzz-set.yaml";
        set.name = "fuzz";
        set.cover_label = tpl_must(&a, "附件");
        set.cover_title = tpl_must(&a, "{department}\n{year}年部门预算表");
        set.contents_title = tpl_must(&a, "目 录");
        set.footer = tpl_must(&a, "第 {page} 页 共 {pages} 页");
        set.numbers_per_table = size & 2;
        set.tables = &t;
        set.ntables = 1;
        bp_department dept = {0};
        dept.dir = fz_tmpdir();
        dept.file = "department.yaml";
        dept.name = "郑州高新技术产业开发区新型智慧城市运行中心";
        dept.code = "033";
        dept.unit = "万元";
        dept.layouts = "fuzz";
        dept.encoding = "auto";
        dept.year = 2024;
        bp_doc doc;
        dl_init(&doc, &a);
        doc.source_date = -1;
        bp_ctx c = {.a = &a, .e = &e, .warn = no_warning};
        bp_layout_ctx ctx = {
            .c = &c, .fonts = &fonts, .set = &set, .dept = &dept, .allow_missing_glyphs = size & 1};
        rc = layout_document(&ctx, &td, &doc, NULL);
        /* the layout names the layout file, or the CSV's line */
        fz_expect("fuzz_render (layout stage)", rc, &e, NULL, allowed);
        if (!rc) {
            rc = pdf_write(&c, &doc, &fonts, out_pdf, NULL);
            fz_expect("fuzz_render (pdf)", rc, &e, NULL, allowed);
        }
    }
    bp_arena_free(&a);
    return 0;
}
