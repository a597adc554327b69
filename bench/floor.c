/* floor.c — the benchmark's floor: the least work that draws a document's
 * cells. Two steps, two processes:
 *
 *   bench-floor dump DEPT_DIR OUT.dl [LAYOUT_SET_DIR]
 *       runs budgetpdf's own pipeline (data, layout set, fonts, layout;
 *       libbudgetpdf_static) and writes the display list it produces:
 *       every text run with its position, font and size, every rule and
 *       every filled box, and the file and face index of each font.
 *   bench-floor draw IN.dl OUT.pdf
 *       the floor proper, timed by the benchmark: reads that list and
 *       draws it with plain libharu calls (one text object per run of text,
 *       one path per run of rules, the font set only when it changes),
 *       embedding each font subset to the characters drawn with it through
 *       the project's own subsetting code (pdf_font_embed: hb-subset, loaded
 *       into libharu from memory), and saves with HPDF_SaveToFile, libharu
 *       writing the fonts and compressing every stream (zlib) itself, as a
 *       plain libharu program does.
 *
 * What the floor leaves out is budgetpdf's own work: reading and checking
 * the data, the layout, validating the display list, bookmarks, page
 * labels, links, the corrected ToUnicode map and /W array, the document ID
 * and the atomic, fsync'ed write; and what budgetpdf does better than
 * plain libharu: it compresses with libdeflate and embeds hb-subset's font
 * file as it is (src/pdf_deflate.c). budgetpdf's time over the floor's is
 * the engine's overhead net of those (bench/run.sh). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "budgetpdf.h"
#include "layout.h"
#include "pdf_font.h"
#include "render_priv.h"

#define MAGIC "bpfloor1"
#define NKEYS (BP_ROLE_COUNT * BP_MAX_FACES)
enum { NONE, TEXT, LINE, RECT };

static void die(const char *fmt, const char *arg)
{
    fprintf(stderr, "bench-floor: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n");
    exit(1);
}

static void put(FILE *f, const void *p, size_t n)
{
    if (fwrite(p, 1, n, f) != n) die("write error: %s", strerror(errno));
}

static void get(FILE *f, void *p, size_t n)
{
    if (fread(p, 1, n, f) != n) die("%s: truncated display list", "input");
}

static int dump(const char *dept_dir, const char *out, const char *layouts)
{
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0, ""};
    budgetpdf_options opt;
    memset(&opt, 0, sizeof opt);
    opt.layouts_dir = layouts;
    bp_department dept;
    const bp_layout_set *set;
    bp_table_data **tables;
    bp_fonts *fonts = NULL;
    bp_doc doc;
    budgetpdf_context *bctx = budgetpdf_context_new();
    if (!bctx) die("%s", "out of memory");
    bp_ctx c = context_ctx(bctx, &a, &e);
    int rc = render_load_inputs(&c, dept_dir, &opt, &dept, &set, &tables);
    if (!rc) rc = render_open_fonts(&c, set, &opt, false, &fonts);
    if (rc) die("%s", e.msg);
    dl_init(&doc, &a);
    bp_layout_ctx ctx = {&c, fonts, set, &dept, true};
    if ((rc = layout_document(&ctx, tables, &doc, NULL))) die("%s", e.msg);

    FILE *f = fopen(out, "wb");
    if (!f) die("cannot write %s", out);
    put(f, MAGIC, 8);
    for (int k = 0; k < NKEYS; k++) { /* the font of each role and fallback */
        const bp_font *fo = font_chain(fonts->role[k / BP_MAX_FACES], k % BP_MAX_FACES);
        const char *path = fo ? font_path(fo) : "";
        int32_t len = (int32_t)strlen(path), index = fo ? font_face_index(fo) : 0;
        put(f, &len, sizeof len);
        put(f, path, (size_t)len);
        put(f, &index, sizeof index);
    }
    int32_t np = dl_page_count(&doc);
    put(f, &np, sizeof np);
    for (int p = 0; p < np; p++) {
        const bp_page *pg = dl_page(&doc, p);
        double wh[2] = {pg->width, pg->height};
        int32_t n = pg->items.n;
        put(f, wh, sizeof wh);
        put(f, &n, sizeof n);
        const bp_dl_item *it = pg->items.items;
        for (int i = 0; i < n; i++, it++) {
            int32_t k[4] = {(int32_t)it->kind, (int32_t)it->role * BP_MAX_FACES + it->face,
                            it->bold, (int32_t)it->len};
            double v[7] = {it->x, it->y, it->x2, it->y2, it->line_width, it->gray, it->size};
            put(f, k, sizeof k);
            put(f, v, sizeof v);
            if (it->kind == BP_DL_TEXT) put(f, it->text, it->len);
        }
    }
    if (fclose(f) != 0) die("cannot write %s", out);
    bp_arena_free(&a); /* closes the fonts */
    budgetpdf_context_free(bctx);
    return 0;
}

typedef struct item {
    int32_t kind, key, bold, len;
    double v[7];
    char *text;
} item;

typedef struct page {
    double w, h;
    int n;
    item *items;
} page;

static int draw(const char *in, const char *out)
{
    FILE *f = fopen(in, "rb");
    if (!f) die("cannot read %s", in);
    char magic[8];
    get(f, magic, 8);
    if (memcmp(magic, MAGIC, 8)) die("%s is not a display list of bench-floor dump", in);
    char *path[NKEYS];
    int32_t index[NKEYS];
    for (int k = 0; k < NKEYS; k++) {
        int32_t len;
        get(f, &len, sizeof len);
        path[k] = calloc(1, (size_t)len + 1);
        get(f, path[k], (size_t)len);
        get(f, &index[k], sizeof index[k]);
    }
    int32_t np;
    get(f, &np, sizeof np);
    page *pages = calloc((size_t)np, sizeof *pages);
    /* the characters drawn with each font file and face */
    int slot_of[NKEYS], nslots = 0, slot_key[NKEYS];
    pdf_cpset *cps[NKEYS];
    for (int k = 0; k < NKEYS; k++)
        slot_of[k] = -1;
    for (int p = 0; p < np; p++) {
        get(f, &pages[p].w, sizeof(double));
        get(f, &pages[p].h, sizeof(double));
        get(f, &pages[p].n, sizeof(int32_t));
        pages[p].items = calloc((size_t)pages[p].n + 1, sizeof(item));
        for (int i = 0; i < pages[p].n; i++) {
            item *it = &pages[p].items[i];
            get(f, &it->kind, 4 * sizeof(int32_t));
            get(f, it->v, sizeof it->v);
            if (it->kind != BP_DL_TEXT) continue;
            it->text = malloc((size_t)it->len + 1);
            get(f, it->text, (size_t)it->len);
            it->text[it->len] = 0;
            int k = it->key;
            if (slot_of[k] < 0) {
                int s = 0;
                while (s < nslots &&
                       !(strcmp(path[slot_key[s]], path[k]) == 0 && index[slot_key[s]] == index[k]))
                    s++;
                if (s == nslots) {
                    slot_key[nslots] = k;
                    cps[nslots] = calloc(1, sizeof(pdf_cpset));
                    nslots++;
                }
                slot_of[k] = s;
            }
            for (size_t j = 0; j < (size_t)it->len;) {
                uint32_t cp;
                int n = bp_utf8_decode(it->text + j, (size_t)it->len - j, &cp);
                if (n <= 0) break;
                pdf_cpset_add(cps[slot_of[k]], cp);
                j += (size_t)n;
            }
        }
    }
    fclose(f);

    HPDF_Doc pdf = HPDF_New(NULL, NULL);
    if (!pdf) die("%s", "HPDF_New failed");
    HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(pdf);
    HPDF_SetCurrentEncoder(pdf, "UTF-8");
    if (np > 1000) HPDF_SetPagesConfiguration(pdf, 1000);
    HPDF_Font font[NKEYS];
    for (int s = 0; s < nslots; s++) {
        char tag[7];
        bp_error e = {0, ""};
        int k = slot_key[s];
        pdf_font_tag(path[k], index[k], cps[s], s, tag);
        font[s] = pdf_font_embed(pdf, NULL, path[k], index[k], cps[s], tag, &e);
        if (!font[s]) die("%s", e.msg);
    }
    for (int p = 0; p < np; p++) {
        HPDF_Page pg = HPDF_AddPage(pdf);
        HPDF_Page_SetWidth(pg, (HPDF_REAL)pages[p].w);
        HPDF_Page_SetHeight(pg, (HPDF_REAL)pages[p].h);
        int mode = NONE;
        HPDF_Font cur = NULL;
        double cur_size = 0, lw = -1;
        for (int i = 0; i < pages[p].n; i++) {
            const item *it = &pages[p].items[i];
            int want = it->kind == BP_DL_TEXT   ? TEXT
                       : it->kind == BP_DL_LINE ? LINE
                       : it->kind == BP_DL_RECT ? RECT
                                                : NONE;
            if (want == NONE || (want == TEXT && it->len == 0)) continue;
            if (want != mode || (want == LINE && it->v[4] != lw)) {
                if (mode == TEXT) HPDF_Page_EndText(pg);
                if (mode == LINE) HPDF_Page_Stroke(pg);
                if (mode == RECT) HPDF_Page_Fill(pg);
                if (want == TEXT) HPDF_Page_BeginText(pg);
                if (want == LINE && it->v[4] != lw)
                    HPDF_Page_SetLineWidth(pg, (HPDF_REAL)(lw = it->v[4]));
                if (want == RECT) HPDF_Page_SetGrayFill(pg, (HPDF_REAL)it->v[5]);
                mode = want;
            }
            if (want == TEXT) {
                HPDF_Font fo = font[slot_of[it->key]];
                if (fo != cur || it->v[6] != cur_size) {
                    HPDF_Page_SetFontAndSize(pg, fo, (HPDF_REAL)it->v[6]);
                    cur = fo;
                    cur_size = it->v[6];
                }
                HPDF_Page_TextOut(pg, (HPDF_REAL)it->v[0], (HPDF_REAL)it->v[1], it->text);
            } else if (want == LINE) {
                HPDF_Page_MoveTo(pg, (HPDF_REAL)it->v[0], (HPDF_REAL)it->v[1]);
                HPDF_Page_LineTo(pg, (HPDF_REAL)it->v[2], (HPDF_REAL)it->v[3]);
            } else {
                HPDF_Page_Rectangle(pg, (HPDF_REAL)it->v[0], (HPDF_REAL)it->v[1],
                                    (HPDF_REAL)(it->v[2] - it->v[0]),
                                    (HPDF_REAL)(it->v[3] - it->v[1]));
            }
        }
        if (mode == TEXT) HPDF_Page_EndText(pg);
        if (mode == LINE) HPDF_Page_Stroke(pg);
        if (mode == RECT) HPDF_Page_Fill(pg);
    }
    if (HPDF_SaveToFile(pdf, out) != HPDF_OK) die("cannot write %s", out);
    HPDF_Free(pdf);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 4 && !strcmp(argv[1], "dump"))
        return dump(argv[2], argv[3], argc > 4 ? argv[4] : NULL);
    if (argc == 4 && !strcmp(argv[1], "draw")) return draw(argv[2], argv[3]);
    fprintf(stderr, "usage: bench-floor dump DEPT_DIR OUT.dl [LAYOUT_SET_DIR]\n"
                    "       bench-floor draw IN.dl OUT.pdf\n");
    return 2;
}
