/* test_pdf.c — the PDF backend: writes hand-built display lists and checks
 * the result with real tools (qpdf, poppler's pdffonts/pdftotext/pdfinfo/
 * pdftoppm, mutool): fonts embedded+subset+ToUnicode, extractable text with
 * no poppler warnings, metadata, outlines, links, print boxes, CMYK only,
 * byte-identical output, and atomic failure behaviour. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dlist.h"
#include "pdf.h"
#include "text.h"

#define A4W 595.276
#define A4H 841.89

static char g_dir[64];
static bp_fonts g_fonts;      /* body = UMing, title = WenQuanYi Zen Hei */
static bp_fonts g_same_fonts; /* both roles UMing */
static bp_font_cache *g_cache;

static const char *T_TITLE = "2024年部门收支总体情况表";
static const char *T_TITLE2 = "2024年部门收支总体情况表（续表）";
static const char *T_ROW1 = "一般公共预算拨款收入";
static const char *T_ROW2 = "政府性基金预算拨款收入";
static const char *T_NOTE = "注：本表为郑州高新技术产业开发区预算。";
static const char *T_LINK = "见下页（续表）";
static const char *T_ROW3 = "“三公”经费";
static const char *T_ROW4 = "其他支出合计";

/* ---- helpers ------------------------------------------------------------ */

static char *path_in(const char *name)
{
    static char buf[4][256];
    static int k;
    char *p = buf[k++ & 3];
    snprintf(p, 256, "%s/%s", g_dir, name);
    return p;
}

/* Runs a shell command; returns its exit status, stdout in *out (malloc'd,
 * may be NULL). */
static int run(const char *cmd, char **out)
{
    FILE *f = popen(cmd, "r");
    assert_non_null(f);
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t r;
    while ((r = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += r;
        if (cap - n - 1 == 0) buf = realloc(buf, cap *= 2);
    }
    buf[n] = 0;
    int st = pclose(f);
    if (out)
        *out = buf;
    else
        free(buf);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static char *slurp(const char *path, long *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
    b[n] = 0;
    fclose(f);
    if (len) *len = n;
    return b;
}

/* No "*.tmp*" leftovers in the test directory. */
static void assert_no_temp_files(void)
{
    DIR *d = opendir(g_dir);
    assert_non_null(d);
    struct dirent *de;
    while ((de = readdir(d)))
        if (strstr(de->d_name, ".tmp")) fail_msg("temporary file left behind: %s", de->d_name);
    closedir(d);
}

/* Collapses runs of spaces into one (pdfinfo aligns its columns). */
static void squeeze_spaces(char *s)
{
    char *o = s;
    for (char *p = s; *p; p++)
        if (!(*p == ' ' && o > s && o[-1] == ' ')) *o++ = *p;
    *o = 0;
}

static void text(bp_doc *d, bp_page *p, double x, double y, bp_role r, double size, bool bold,
                 const char *s)
{
    dl_text(d, p, &(bp_text_run){x, y, r, size, bold, s, strlen(s)});
}

/* A 2-page table document: titles (title role, bold), body text, a gray
 * header band, grid rules, a link to page 2 and a two-level outline. */
static void build_doc(bp_doc *d, bp_arena *a)
{
    dl_init(d, a);
    d->title = "郑州市2024年部门预算";
    d->author = "郑州市财政局";
    d->subject = "部门收支总体情况";
    d->keywords = "预算, 公开";
    d->source_date = 1709256600; /* 2024-03-01 01:30:00 UTC */

    bp_page *p = dl_add_page(d, A4W, A4H);
    text(d, p, 150, 780, BP_ROLE_TITLE, 18, true, T_TITLE);
    dl_rect(d, p, 60, 700, 535, 730, 0.85);
    for (int i = 0; i < 4; i++)
        dl_line(d, p, 60, 730 - 30 * i, 535, 730 - 30 * i, i % 3 ? 0.5 : 1);
    dl_line(d, p, 60, 640, 60, 730, 1);
    dl_line(d, p, 300, 640, 300, 730, 0.5);
    dl_line(d, p, 535, 640, 535, 730, 1);
    text(d, p, 70, 710, BP_ROLE_TITLE, 11, false, "项目");
    text(d, p, 310, 710, BP_ROLE_TITLE, 11, false, "金额（万元）");
    text(d, p, 70, 681, BP_ROLE_BODY, 10.5, false, T_ROW1);
    text(d, p, 310, 681, BP_ROLE_BODY, 10.5, false, "6,828.4");
    text(d, p, 70, 651, BP_ROLE_BODY, 10.5, false, T_ROW2);
    text(d, p, 310, 651, BP_ROLE_BODY, 10.5, true, "1,234.5");
    text(d, p, 60, 600, BP_ROLE_BODY, 9, false, T_NOTE);
    text(d, p, 60, 570, BP_ROLE_BODY, 10.5, false, T_LINK);
    dl_link(d, p, 58, 566, 135, 582, 1);

    p = dl_add_page(d, A4W, A4H);
    text(d, p, 120, 780, BP_ROLE_TITLE, 18, true, T_TITLE2);
    dl_line(d, p, 60, 730, 535, 730, 1);
    dl_line(d, p, 60, 700, 535, 700, 0.5);
    text(d, p, 70, 710, BP_ROLE_BODY, 10.5, false, T_ROW3);
    text(d, p, 310, 710, BP_ROLE_BODY, 10.5, false, "123.0");
    text(d, p, 70, 680, BP_ROLE_BODY, 10.5, true, T_ROW4);

    dl_outline(d, "第一章 收支总表", 0, 0);
    dl_outline(d, "一、收入", 0, 1);
    dl_outline(d, "第二章 支出明细（续表）", 1, 0);
}

static int write_doc(const bp_doc *d, const bp_fonts *f, const char *path, bp_error *e)
{
    memset(e, 0, sizeof *e);
    return pdf_write(BP_CTX(NULL, e), d, f, path, NULL);
}

/* ---- fixtures ----------------------------------------------------------- */

static int group_setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof g_dir, "/tmp/test_pdf_XXXXXX");
    if (!mkdtemp(g_dir)) return -1;
    static const char *body[] = {"AR PL UMing CN", NULL};
    static const char *title[] = {"WenQuanYi Zen Hei", NULL};
    const char *const *fam[BP_ROLE_COUNT] = {body, title};
    bp_error e = {0};
    if (!(g_cache = text_font_cache_new(16))) return -1;
    if (text_fonts_open(&(bp_ctx){.e = &e, .fonts = g_cache}, fam, NULL, &g_fonts) != BP_OK) {
        fprintf(stderr, "text_fonts_open: %s\n", e.msg);
        return -1;
    }
    const char *const *fam2[BP_ROLE_COUNT] = {body, body};
    if (text_fonts_open(&(bp_ctx){.e = &e, .fonts = g_cache}, fam2, NULL, &g_same_fonts) != BP_OK) {
        fprintf(stderr, "text_fonts_open: %s\n", e.msg);
        return -1;
    }
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    text_fonts_close(&g_fonts);
    text_fonts_close(&g_same_fonts);
    text_font_cache_free(g_cache);
    if (!getenv("BP_KEEP_TEST_OUTPUT")) {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
        if (system(cmd) != 0) return -1;
    } else {
        fprintf(stderr, "test output kept in %s\n", g_dir);
    }
    return 0;
}

/* ---- tests -------------------------------------------------------------- */

static void test_valid_pdf(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_doc d;
    build_doc(&d, &a);
    bp_error e;
    const char *out = path_in("doc.pdf");
    assert_int_equal(write_doc(&d, &g_fonts, out, &e), BP_OK);
    bp_arena_free(&a);

    char cmd[1024], *s;
    snprintf(cmd, sizeof cmd, "qpdf --check '%s' 2>&1", out);
    int rc = run(cmd, &s);
    if (rc != 0) fail_msg("qpdf --check failed (%d):\n%s", rc, s);
    assert_non_null(strstr(s, "No syntax or stream encoding errors"));
    free(s);

    long size = file_size(out);
    assert_true(size > 1000);
    if (size >= 60 * 1024) fail_msg("PDF is %ld bytes: fonts not subset?", size);
    assert_no_temp_files();
}

static void test_fonts(void **state)
{
    (void)state;
    const char *out = path_in("doc.pdf");
    const char *err = path_in("pdffonts.err");
    char cmd[1024], *s;
    snprintf(cmd, sizeof cmd, "pdffonts '%s' 2>'%s'", out, err);
    assert_int_equal(run(cmd, &s), 0);
    assert_int_equal(file_size(err), 0);
    /* name type encoding emb sub uni object ID: two fonts, both a tagged
     * subset ("ABCDEF+Name"), CID TrueType, Identity-H, emb/sub/uni yes. */
    int fonts = 0;
    char *line = strtok(s, "\n");
    bool saw_uming = false, saw_wqy = false;
    while (line) {
        if (strstr(line, "CID TrueType")) {
            fonts++;
            assert_true(strlen(line) > 8 && line[6] == '+');
            for (int i = 0; i < 6; i++)
                assert_true(line[i] >= 'A' && line[i] <= 'Z');
            assert_non_null(strstr(line, "Identity-H"));
            assert_non_null(strstr(line, "yes yes yes"));
            if (strstr(line, "UMing")) saw_uming = true;
            if (strstr(line, "WenQuanYi") || strstr(line, "ZenHei")) saw_wqy = true;
        }
        line = strtok(NULL, "\n");
    }
    free(s);
    assert_int_equal(fonts, 2);
    assert_true(saw_uming);
    assert_true(saw_wqy);
}

static void test_text_extraction(void **state)
{
    (void)state;
    const char *out = path_in("doc.pdf");
    const char *err = path_in("pdftotext.err");
    char cmd[1024], *s;
    snprintf(cmd, sizeof cmd, "pdftotext -raw '%s' - 2>'%s'", out, err);
    assert_int_equal(run(cmd, &s), 0);
    if (file_size(err) != 0) {
        char *w = slurp(err, NULL);
        fail_msg("poppler printed warnings:\n%s", w);
    }
    const char *want[] = {T_TITLE, T_TITLE2,  T_ROW1,    T_ROW2,         T_NOTE, T_LINK, T_ROW3,
                          T_ROW4,  "6,828.4", "1,234.5", "金额（万元）", "项目", "123.0"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(s, want[i])) fail_msg("pdftotext output lacks \"%s\":\n%s", want[i], s);
    /* Page order: page 2's title comes after page 1's note. */
    assert_true(strstr(s, T_NOTE) < strstr(s, T_TITLE2));
    free(s);

    /* mutool agrees (a second, independent ToUnicode consumer). */
    snprintf(cmd, sizeof cmd, "mutool draw -q -F txt -o - '%s' 2>&1", out);
    assert_int_equal(run(cmd, &s), 0);
    assert_non_null(strstr(s, T_ROW3));
    assert_non_null(strstr(s, T_NOTE));
    free(s);
}

static void test_info_and_boxes(void **state)
{
    (void)state;
    const char *out = path_in("doc.pdf");
    char cmd[1024], *s;
    snprintf(cmd, sizeof cmd, "pdfinfo -box -isodates '%s' 2>&1", out);
    assert_int_equal(run(cmd, &s), 0);
    squeeze_spaces(s);
    const char *want[] = {
        "Title: 郑州市2024年部门预算",
        "Subject: 部门收支总体情况",
        "Keywords: 预算, 公开",
        "Author: 郑州市财政局",
        "Creator: budgetpdf ",
        "CreationDate: 2024-03-01T01:30:00Z", /* written as +00'00' */
        "ModDate: 2024-03-01T01:30:00Z",
        "Pages: 2",
        "MediaBox: 0.00 0.00 595.28 841.89",
        "TrimBox: 0.00 0.00 595.28 841.89",
        "BleedBox: 0.00 0.00 595.28 841.89",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(s, want[i])) fail_msg("pdfinfo output lacks \"%s\":\n%s", want[i], s);
    free(s);
}

static void test_structure(void **state)
{
    (void)state;
    const char *out = path_in("doc.pdf");
    const char *qdf = path_in("doc.qdf");
    char cmd[1024], *s;
    snprintf(cmd, sizeof cmd, "qpdf --qdf --object-streams=disable '%s' '%s'", out, qdf);
    assert_int_equal(run(cmd, NULL), 0);
    long n;
    s = slurp(qdf, &n);
    assert_non_null(s);
    /* Binary font data may contain NULs: search line by line over the text
     * parts by replacing NULs. */
    for (long i = 0; i < n; i++)
        if (!s[i]) s[i] = ' ';
    const char *want[] = {
        "/Subtype /Link",                      /* the link annotation */
        "/Border [\n    0\n    0\n    0\n  ]", /* without a border */
        "/XYZ",                                /* destinations */
        "/PageMode /UseOutlines",
        "0 0 0 1 k",    /* CMYK black text */
        "0 0 0 1 K",    /* CMYK black rules */
        "0 0 0 0.15 k", /* the gray band as K only */
        "2 Tr",         /* faux bold */
        "0 Tr",
        "/Adobe-Identity-UCS", /* our ToUnicode */
        "beginbfrange",
        "/ID [",
        "/Ordering (Identity)", /* CIDSystemInfo of Identity-H */
        "/TrimBox [",
        "/BleedBox [",
        "/CreationDate (D:20240301013000+00'00')", /* not 'Z' */
        "/ModDate (D:20240301013000+00'00')",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(s, want[i])) fail_msg("QDF lacks \"%s\"", want[i]);
    const char *unwanted[] = {" rg\n",         " RG\n",     " g\n",        " G\n",
                              "begincidrange", "DeviceRGB", "(Identity-H)"};
    for (size_t i = 0; i < sizeof unwanted / sizeof unwanted[0]; i++)
        if (strstr(s, unwanted[i])) fail_msg("QDF contains \"%s\"", unwanted[i]);
    free(s);

    snprintf(cmd, sizeof cmd, "mutool show '%s' outline 2>&1", out);
    assert_int_equal(run(cmd, &s), 0);
    const char *titles[] = {"郑州市2024年部门预算", "第一章 收支总表", "一、收入",
                            "第二章 支出明细（续表）"};
    const char *prev = s;
    for (size_t i = 0; i < 4; i++) {
        const char *t = strstr(prev, titles[i]);
        if (!t) fail_msg("outline lacks (or misorders) \"%s\":\n%s", titles[i], s);
        prev = t;
    }
    /* Nesting: root at depth 0, chapters at 1, "一、收入" at 2. */
    assert_non_null(strstr(s, "\t\t\"一、收入\"") ? s : strstr(s, "\t\t+\"一、收入\"") ? s : NULL);
    free(s);
}

static void test_deterministic(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_doc d;
    build_doc(&d, &a);
    bp_error e;
    const char *p1 = path_in("det1.pdf"), *p2 = path_in("det2.pdf");
    assert_int_equal(write_doc(&d, &g_fonts, p1, &e), BP_OK);
    assert_int_equal(write_doc(&d, &g_fonts, p2, &e), BP_OK);
    long n1, n2;
    char *b1 = slurp(p1, &n1), *b2 = slurp(p2, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(b1, b2, (size_t)n1);
    /* Same bytes as the first test's file (written earlier in the run). */
    long n0;
    char *b0 = slurp(path_in("doc.pdf"), &n0);
    assert_int_equal(n0, n1);
    assert_memory_equal(b0, b1, (size_t)n1);
    free(b0);
    free(b2);
    /* The fonts subset and compressed on threads of their own: the same
     * bytes as in order on this thread. */
    assert_false(d.font_threads);
    d.font_threads = true;
    assert_int_equal(write_doc(&d, &g_fonts, p2, &e), BP_OK);
    d.font_threads = false;
    b2 = slurp(p2, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(b1, b2, (size_t)n1);
    free(b1);
    free(b2);

    /* Without a source date: no dates at all, still deterministic. */
    d.source_date = -1;
    assert_int_equal(write_doc(&d, &g_fonts, p1, &e), BP_OK);
    assert_int_equal(write_doc(&d, &g_fonts, p2, &e), BP_OK);
    b1 = slurp(p1, &n1);
    b2 = slurp(p2, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(b1, b2, (size_t)n1);
    free(b1);
    free(b2);
    char cmd[512], *s;
    snprintf(cmd, sizeof cmd, "pdfinfo '%s'", p1);
    assert_int_equal(run(cmd, &s), 0);
    assert_null(strstr(s, "CreationDate"));
    free(s);
    bp_arena_free(&a);
}

static void test_same_font_both_roles(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_doc d;
    build_doc(&d, &a);
    bp_error e;
    const char *out = path_in("same.pdf");
    assert_int_equal(write_doc(&d, &g_same_fonts, out, &e), BP_OK);
    bp_arena_free(&a);
    char cmd[1024], *s;
    snprintf(cmd, sizeof cmd, "pdffonts '%s' 2>&1 | grep -c 'CID TrueType'", out);
    assert_int_equal(run(cmd, &s), 0);
    assert_int_equal(atoi(s), 1); /* one subset serves both roles */
    free(s);
    const char *err = path_in("same.err");
    snprintf(cmd, sizeof cmd, "pdftotext -raw '%s' - 2>'%s'", out, err);
    assert_int_equal(run(cmd, &s), 0);
    assert_int_equal(file_size(err), 0);
    assert_non_null(strstr(s, T_TITLE2));
    assert_non_null(strstr(s, T_ROW4));
    free(s);
}

/* Reads a binary PGM (P5, maxval 255) written by pdftoppm -gray. */
static unsigned char *read_pgm(const char *path, int *w, int *h)
{
    long n;
    char *b = slurp(path, &n);
    assert_non_null(b);
    int maxv, off = 0;
    assert_int_equal(sscanf(b, "P5 %d %d %d%n", w, h, &maxv, &off), 3);
    assert_int_equal(maxv, 255);
    off++; /* one whitespace byte after maxval */
    assert_true(n - off >= (long)*w * *h);
    unsigned char *px = malloc((size_t)*w * *h);
    memcpy(px, b + off, (size_t)*w * *h);
    free(b);
    return px;
}

/* Darkest pixel in the box (x0,y0)-(x1,y1) given in PDF points. */
static int darkest(const unsigned char *px, int w, int h, double x0, double y0, double x1,
                   double y1)
{
    double k = 1; /* rendered at 72 dpi */
    int m = 255;
    for (int y = (int)((A4H - y1) * k); y <= (int)((A4H - y0) * k); y++)
        for (int x = (int)(x0 * k); x <= (int)(x1 * k); x++)
            if (x >= 0 && y >= 0 && x < w && y < h && px[y * w + x] < m) m = px[y * w + x];
    return m;
}

static void test_render(void **state)
{
    (void)state;
    const char *out = path_in("doc.pdf");
    char cmd[1024];
    /* A PNG to look at by hand (kept with BP_KEEP_TEST_OUTPUT=1). */
    snprintf(cmd, sizeof cmd, "pdftoppm -r 50 -png -f 1 -l 1 '%s' '%s' 2>&1", out, path_in("page"));
    assert_int_equal(run(cmd, NULL), 0);
    /* A gray map to check automatically: ink where the display list put
     * it, white elsewhere. */
    snprintf(cmd, sizeof cmd, "pdftoppm -r 72 -gray -f 1 -l 1 -singlefile '%s' '%s' 2>&1", out,
             path_in("gray"));
    assert_int_equal(run(cmd, NULL), 0);
    int w, h;
    unsigned char *px = read_pgm(path_in("gray.pgm"), &w, &h);
    assert_in_range(w, 595, 596);
    assert_in_range(h, 842, 843);
    assert_true(darkest(px, w, h, 150, 780, 350, 795) < 80);  /* title glyphs */
    assert_true(darkest(px, w, h, 70, 681, 170, 690) < 100);  /* body row 1 */
    assert_true(darkest(px, w, h, 100, 669, 200, 671) < 128); /* rule at y=670 */
    assert_true(darkest(px, w, h, 59, 660, 61, 665) < 128);   /* left rule */
    int band = darkest(px, w, h, 250, 719, 290, 726);         /* gray band, no text */
    assert_true(band > 150 && band < 245);
    assert_int_equal(darkest(px, w, h, 100, 300, 500, 500), 255); /* empty area */
    assert_int_equal(darkest(px, w, h, 10, 10, 50, 830), 255);    /* left margin */
    free(px);
}

static void test_missing_dir(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_doc d;
    build_doc(&d, &a);
    bp_error e;
    const char *out = path_in("nonexistent/x.pdf");
    assert_int_equal(write_doc(&d, &g_fonts, out, &e), BP_EIO);
    assert_int_equal(e.code, BP_EIO);
    assert_non_null(strstr(e.msg, out));
    assert_non_null(strstr(e.msg, "No such file or directory"));
    assert_int_equal(file_size(out), -1);
    assert_no_temp_files();
    bp_arena_free(&a);
}

static void test_path_is_dir(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_doc d;
    build_doc(&d, &a);
    bp_error e;
    const char *out = path_in("adir");
    assert_int_equal(mkdir(out, 0755), 0);
    assert_int_equal(write_doc(&d, &g_fonts, out, &e), BP_EIO);
    assert_non_null(strstr(e.msg, out));
    struct stat st;
    assert_int_equal(stat(out, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    assert_no_temp_files();
    assert_int_equal(rmdir(out), 0);
    bp_arena_free(&a);
}

static void test_bad_text_keeps_old_file(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_doc d;
    build_doc(&d, &a);
    bp_error e;
    const char *out = path_in("keep.pdf");
    assert_int_equal(write_doc(&d, &g_fonts, out, &e), BP_OK);
    long n0;
    char *before = slurp(out, &n0);

    /* A non-BMP character (U+20BB7) fails before anything is written. */
    text(&d, dl_page(&d, 1), 70, 500, BP_ROLE_BODY, 10.5, false, "吉𠮷野家");
    assert_int_equal(write_doc(&d, &g_fonts, out, &e), BP_EINPUT);
    assert_int_equal(e.code, BP_EINPUT);
    assert_non_null(strstr(e.msg, "U+20BB7 (𠮷)"));
    assert_non_null(strstr(e.msg, "Basic Multilingual Plane"));
    assert_non_null(strstr(e.msg, "page 2"));
    long n1;
    char *after = slurp(out, &n1);
    assert_int_equal(n0, n1);
    assert_memory_equal(before, after, (size_t)n0);
    free(after);
    assert_int_equal(write_doc(&d, &g_fonts, path_in("new.pdf"), &e), BP_EINPUT);
    assert_int_equal(file_size(path_in("new.pdf")), -1);

    /* Invalid UTF-8 (a Latin-1 byte). */
    bp_doc d2;
    build_doc(&d2, &a);
    text(&d2, dl_page(&d2, 0), 70, 500, BP_ROLE_BODY, 10.5, false,
         "A\xE9"
         "12B");
    assert_int_equal(write_doc(&d2, &g_fonts, out, &e), BP_EINPUT);
    assert_non_null(strstr(e.msg, "invalid UTF-8"));
    after = slurp(out, &n1);
    assert_int_equal(n0, n1);
    assert_memory_equal(before, after, (size_t)n0);
    free(after);

    /* A link to a page that does not exist. */
    bp_doc d3;
    build_doc(&d3, &a);
    dl_link(&d3, dl_page(&d3, 0), 0, 0, 10, 10, 7);
    assert_int_equal(write_doc(&d3, &g_fonts, out, &e), BP_EINPUT);
    assert_non_null(strstr(e.msg, "page 8"));

    /* A control character. */
    bp_doc d4;
    build_doc(&d4, &a);
    text(&d4, dl_page(&d4, 0), 70, 500, BP_ROLE_BODY, 10.5, false, "a\nb");
    assert_int_equal(write_doc(&d4, &g_fonts, out, &e), BP_EINPUT);
    assert_non_null(strstr(e.msg, "U+000A"));

    after = slurp(out, &n1);
    assert_int_equal(n0, n1);
    assert_memory_equal(before, after, (size_t)n0);
    free(after);
    free(before);
    assert_no_temp_files();
    bp_arena_free(&a);
}

static void test_minimal_docs(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_error e;
    char cmd[1024];

    /* No text at all (no fonts), no outlines, no metadata. */
    bp_doc d;
    dl_init(&d, &a);
    bp_page *p = dl_add_page(&d, 300, 200);
    dl_line(&d, p, 10, 10, 290, 190, 2);
    const char *out = path_in("min.pdf");
    assert_int_equal(write_doc(&d, NULL, out, &e), BP_OK);
    snprintf(cmd, sizeof cmd, "qpdf --check '%s' >/dev/null 2>&1", out);
    assert_int_equal(run(cmd, NULL), 0);

    /* No pages. */
    bp_doc d0;
    dl_init(&d0, &a);
    assert_int_equal(write_doc(&d0, &g_fonts, path_in("zero.pdf"), &e), BP_EINPUT);
    assert_int_equal(file_size(path_in("zero.pdf")), -1);

    /* Outlines without a document title: entries at the top level. */
    bp_doc d2;
    dl_init(&d2, &a);
    p = dl_add_page(&d2, A4W, A4H);
    text(&d2, p, 100, 700, BP_ROLE_BODY, 12, false, "目录 ABC abc 123");
    dl_outline(&d2, "目录", 0, 0);
    dl_outline(&d2, "子目", 0, 1);
    out = path_in("notitle.pdf");
    assert_int_equal(write_doc(&d2, &g_fonts, out, &e), BP_OK);
    char *s;
    snprintf(cmd, sizeof cmd, "mutool show '%s' outline 2>&1", out);
    assert_int_equal(run(cmd, &s), 0);
    assert_non_null(strstr(s, "目录"));
    assert_non_null(strstr(s, "子目"));
    free(s);
    snprintf(cmd, sizeof cmd, "pdftotext '%s' - 2>&1", out);
    assert_int_equal(run(cmd, &s), 0);
    assert_non_null(strstr(s, "目录 ABC abc 123"));
    free(s);
    bp_arena_free(&a);
}

/* Odd but legal items: empty and blank text, a character missing from the
 * font (drawn as the .notdef box, still extractable), zero-size rect,
 * hairline, reversed rect corners, a 1-point font, consecutive same-role
 * bold/regular switches. */
static void test_odd_items(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_doc d;
    dl_init(&d, &a);
    bp_page *p = dl_add_page(&d, 420, 297);
    text(&d, p, 10, 280, BP_ROLE_BODY, 12, false, "");
    text(&d, p, 10, 260, BP_ROLE_BODY, 12, false, "   ");
    text(&d, p, 10, 240, BP_ROLE_BODY, 12, false, "泰文\u0E01字");
    text(&d, p, 10, 220, BP_ROLE_BODY, 1, true, "小");
    text(&d, p, 10, 200, BP_ROLE_BODY, 12, true, "粗");
    text(&d, p, 40, 200, BP_ROLE_BODY, 12, false, "细");
    text(&d, p, 70, 200, BP_ROLE_BODY, 12, true, "粗");
    dl_rect(&d, p, 100, 100, 100, 100, 0.5);
    dl_rect(&d, p, 200, 150, 150, 120, 0);
    dl_line(&d, p, 10, 50, 400, 50, 0);
    bp_error e;
    const char *out = path_in("odd.pdf");
    assert_int_equal(write_doc(&d, &g_fonts, out, &e), BP_OK);
    char cmd[1024], *s;
    snprintf(cmd, sizeof cmd, "qpdf --check '%s' >/dev/null 2>&1", out);
    assert_int_equal(run(cmd, NULL), 0);
    const char *err = path_in("odd.err");
    snprintf(cmd, sizeof cmd, "pdftotext -raw '%s' - 2>'%s'", out, err);
    assert_int_equal(run(cmd, &s), 0);
    assert_int_equal(file_size(err), 0);
    assert_non_null(strstr(s, "泰文\u0E01字"));
    assert_non_null(strstr(s, "粗"));
    free(s);
    bp_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_pdf),
        cmocka_unit_test(test_fonts),
        cmocka_unit_test(test_text_extraction),
        cmocka_unit_test(test_info_and_boxes),
        cmocka_unit_test(test_structure),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_same_font_both_roles),
        cmocka_unit_test(test_render),
        cmocka_unit_test(test_missing_dir),
        cmocka_unit_test(test_path_is_dir),
        cmocka_unit_test(test_bad_text_keeps_old_file),
        cmocka_unit_test(test_minimal_docs),
        cmocka_unit_test(test_odd_items),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
