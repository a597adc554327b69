/* pdf.c — the PDF backend entry point (pdf_write): validates the display
 * list, drives libharu 2.3.0 (pages and print boxes, drawing in DeviceCMYK,
 * links, outlines, metadata, a deterministic /ID) and writes the file
 * atomically (out_file.h: temp file + fsync + rename). Font subsetting,
 * loading and the ToUnicode rewrite live in pdf_font.c. */
#include "pdf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hpdf_catalog.h>
#include <hpdf_page_label.h>

#include "out_file.h"
#include "pdf_deflate.h"
#include "pdf_font.h"
#include "pdf_fontjob.h"

#ifndef BP_VERSION
#define BP_VERSION "dev"
#endif

/* libharu limits (hpdf_consts.h) checked up front so that a bad display
 * list gives a clear BP_EINPUT instead of a libharu error code. */
#define PDF_MIN_PAGE 3.0
#define PDF_MAX_PAGE 14400.0
#define PDF_BOLD_STROKE 0.035 /* stroke width of faux bold, in ems */

typedef struct pdf_herr {
    HPDF_STATUS code, detail;
} pdf_herr;

/* One embedded font. Roles that resolve to the same face share a slot (one
 * subset of the union of their code points). */
typedef struct pdf_slot {
    const char *path;
    int index;
    pdf_cpset *cps;
    HPDF_Font font;
    HPDF_Dict file;    /* the embedded font file (FontFile2) */
    pdf_font_job *job; /* its subset and compressed file, made on a thread */
} pdf_slot;

typedef struct pdf_ctx {
    const bp_doc *doc;
    const bp_fonts *fonts;
    struct pdf_face_cache *faces; /* the context's (NULL: none kept) */
    const char *path;
    bp_error *e;
    HPDF_Doc pdf;
    pdf_herr err;
    const char *where; /* what libharu was doing, for messages */
    int where_page;    /* 1-based, 0 = none */
    HPDF_Page *pages;
    /* by font key = role * BP_MAX_FACES + face (the font's place in the
     * role's fallback chain) */
    pdf_cpset *role_cps[BP_ROLE_COUNT * BP_MAX_FACES]; /* NULL = unused */
    int role_slot[BP_ROLE_COUNT * BP_MAX_FACES];
    pdf_slot slots[BP_ROLE_COUNT * BP_MAX_FACES];
    int nslots;
    HPDF_ExtGState overprint; /* NULL unless the print profile asks for it */
    pdf_deflater *z;          /* compresses pages and fonts (pdf_deflate.c) */
    char *tbuf;               /* NUL-terminated copy of a text item */
    size_t tcap;
} pdf_ctx;

static void on_hpdf_error(HPDF_STATUS code, HPDF_STATUS detail, void *ud)
{
    pdf_herr *h = ud;
    if (!h->code) {
        h->code = code;
        h->detail = detail;
    }
}

/* Reports a libharu failure (from the handler, the document's sticky
 * error or a return value). */
static int hfail(pdf_ctx *c, HPDF_STATUS ret)
{
    HPDF_STATUS code = c->err.code ? c->err.code : HPDF_GetError(c->pdf);
    HPDF_STATUS detail = c->err.code ? c->err.detail : HPDF_GetErrorDetail(c->pdf);
    if (!code) code = ret;
    char page[32] = "";
    if (c->where_page > 0) snprintf(page, sizeof page, " on page %d", c->where_page);
    if (code == HPDF_FAILD_TO_ALLOC_MEM) /* libharu's allocation failed */
        return bp_fail(c->e, BP_ERESOURCE, "cannot write %s: out of memory while %s%s", c->path,
                       c->where, page);
    return bp_fail(c->e, BP_EIO, "cannot write %s: PDF library error 0x%04X (detail %u) while %s%s",
                   c->path, (unsigned)code, (unsigned)detail, c->where, page);
}

#define HOK(c, expr)                                                                               \
    do {                                                                                           \
        HPDF_STATUS hok_ret_ = (expr);                                                             \
        if (hok_ret_ != HPDF_OK || (c)->err.code) return hfail((c), hok_ret_);                     \
    } while (0)
#define HNN(c, var, expr)                                                                          \
    do {                                                                                           \
        (var) = (expr);                                                                            \
        if (!(var) || (c)->err.code) return hfail((c), 0);                                         \
    } while (0)

/* ---- validation --------------------------------------------------------- */

/* Up to ~60 bytes of s, cut at a character boundary, for messages. */
static void snippet(const char *s, size_t len, char *out, size_t outsz)
{
    size_t n = len < 60 ? len : 60;
    if (n >= outsz) n = outsz - 1;
    while (n > 0 && n < len && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    memcpy(out, s, n);
    out[n] = 0;
    if (n < len && n + 4 <= outsz - 1) strcat(out, "...");
}

/* Checks that s is valid UTF-8 of BMP characters without C0 controls and
 * adds its code points to cps (if not NULL). what: "text", "outline
 * title"... for messages; page: 1-based or 0. */
static int check_text(pdf_ctx *c, const char *s, size_t len, const char *what, int page,
                      pdf_cpset *cps)
{
    char where[48] = "";
    if (page > 0) snprintf(where, sizeof where, "page %d: ", page);
    if (len && !s) return bp_fail(c->e, BP_EINPUT, "%s%s has no data", where, what);
    long bad = bp_utf8_invalid(s, len);
    if (bad >= 0) {
        char q[80];
        snippet(s, (size_t)bad, q, sizeof q);
        return bp_fail(c->e, BP_EINPUT, "%sinvalid UTF-8 in %s at byte %ld (after \"%s\")", where,
                       what, bad, q);
    }
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        int n = bp_utf8_decode(s + i, len - i, &cp);
        if (n <= 0) return bp_fail(c->e, BP_EINPUT, "%sinvalid UTF-8 in %s", where, what);
        if (cp > 0xFFFF || cp < 0x20 || cp == 0x7F) {
            char q[80];
            snippet(s, len, q, sizeof q);
            if (cp > 0xFFFF)
                return bp_fail(c->e, BP_EINPUT,
                               "%scharacter U+%04X (%.*s) is outside the Basic Multilingual "
                               "Plane, which the PDF backend cannot encode (%s \"%s\")",
                               where, (unsigned)cp, n, s + i, what, q);
            return bp_fail(c->e, BP_EINPUT, "%scontrol character U+%04X in %s \"%s\"", where,
                           (unsigned)cp, what, q);
        }
        if (cps) pdf_cpset_add(cps, cp);
        i += (size_t)n;
    }
    if (len > HPDF_LIMIT_MAX_STRING_LEN)
        return bp_fail(c->e, BP_EINPUT, "%s%s is longer than %d bytes", where, what,
                       HPDF_LIMIT_MAX_STRING_LEN);
    return BP_OK;
}

/* A note's text: valid UTF-8 (any character: it is not drawn). */
static int check_note(pdf_ctx *c, const bp_dl_item *it, int p)
{
    if (it->len && !it->text) return bp_fail(c->e, BP_EINPUT, "page %d: note has no text", p + 1);
    if (bp_utf8_invalid(it->text, it->len) >= 0)
        return bp_fail(c->e, BP_EINPUT, "page %d: invalid UTF-8 in a note", p + 1);
    return BP_OK;
}

static int check_meta(pdf_ctx *c, const char *s, const char *what)
{
    return s ? check_text(c, s, strlen(s), what, 0, NULL) : BP_OK;
}

/* Phase 1 of validate: page p's size and display items; collects each
 * role's code points. */
static int validate_page(pdf_ctx *c, int p, int np, const bp_page *pg)
{
    if (!(pg->width >= PDF_MIN_PAGE && pg->width <= PDF_MAX_PAGE && pg->height >= PDF_MIN_PAGE &&
          pg->height <= PDF_MAX_PAGE))
        return bp_fail(c->e, BP_EINPUT, "page %d: size %gx%g pt is outside %g..%g pt", p + 1,
                       pg->width, pg->height, PDF_MIN_PAGE, PDF_MAX_PAGE);
    const bp_dl_item *it = pg->items.items;
    for (int i = 0; i < pg->items.n; i++, it++) {
        if (it->kind == BP_DL_TEXT) {
            if (it->role >= BP_ROLE_COUNT)
                return bp_fail(c->e, BP_EINPUT, "page %d: text with invalid font role %d", p + 1,
                               (int)it->role);
            if (!(it->size > 0 && it->size <= HPDF_MAX_FONTSIZE))
                return bp_fail(c->e, BP_EINPUT, "page %d: font size %g pt is outside 0..%d", p + 1,
                               it->size, HPDF_MAX_FONTSIZE);
            if (it->face < 0 || it->face >= BP_MAX_FACES)
                return bp_fail(c->e, BP_EINPUT, "page %d: text with invalid font face %d", p + 1,
                               it->face);
            if (it->len == 0) continue;
            int key = (int)it->role * BP_MAX_FACES + it->face;
            if (!c->role_cps[key]) c->role_cps[key] = calloc(1, sizeof(pdf_cpset));
            if (!c->role_cps[key])
                return bp_fail(c->e, BP_ERESOURCE, "cannot write %s: out of memory", c->path);
            int rc = check_text(c, it->text, it->len, "text", p + 1, c->role_cps[key]);
            if (rc) return rc;
        } else if (it->kind == BP_DL_LINK) {
            if (it->target < 0 || it->target >= np)
                return bp_fail(c->e, BP_EINPUT, "page %d: link to page %d, which does not exist",
                               p + 1, it->target + 1);
        } else if (it->kind == BP_DL_LINE) {
            if (!(it->line_width >= 0))
                return bp_fail(c->e, BP_EINPUT, "page %d: negative line width %g", p + 1,
                               it->line_width);
        } else if (it->kind == BP_DL_MARK || it->kind == BP_DL_NOTE) {
            if (it->role >= BP_MARK_COUNT)
                return bp_fail(c->e, BP_EINPUT, "page %d: mark with invalid style %d", p + 1,
                               (int)it->role);
            if (it->kind == BP_DL_MARK && !(it->line_width >= 0))
                return bp_fail(c->e, BP_EINPUT, "page %d: negative line width %g", p + 1,
                               it->line_width);
            if (it->kind == BP_DL_NOTE) BP_TRY(check_note(c, it, p));
        } else if (it->kind != BP_DL_RECT) {
            return bp_fail(c->e, BP_EINPUT, "page %d: unknown display item kind %d", p + 1,
                           (int)it->kind);
        }
    }
    return BP_OK;
}

/* Phase 2 of validate: the outline entries and the document's metadata. */
static int validate_outlines(pdf_ctx *c, int np)
{
    const bp_doc *d = c->doc;
    const bp_outline *o = d->outlines.items;
    for (int i = 0; i < d->outlines.n; i++, o++) {
        if (o->page < 0 || o->page >= np)
            return bp_fail(c->e, BP_EINPUT,
                           "outline entry \"%s\" points to page %d, which does not exist",
                           o->title ? o->title : "", o->page + 1);
        if (!o->title) return bp_fail(c->e, BP_EINPUT, "outline entry %d has no title", i + 1);
        int rc = check_text(c, o->title, strlen(o->title), "outline title", 0, NULL);
        if (rc) return rc;
    }
    int rc;
    if ((rc = check_meta(c, d->title, "document title")) ||
        (rc = check_meta(c, d->author, "author")) || (rc = check_meta(c, d->subject, "subject")) ||
        (rc = check_meta(c, d->keywords, "keywords")))
        return rc;
    return BP_OK;
}

/* Phase 3 of validate: map used roles to font slots; roles sharing a face
 * share a slot. */
static int assign_slots(pdf_ctx *c)
{
    for (int key = 0; key < BP_ROLE_COUNT * BP_MAX_FACES; key++) {
        int r = key / BP_MAX_FACES;
        c->role_slot[key] = -1;
        if (!c->role_cps[key]) continue;
        const bp_font *f = c->fonts ? font_chain(c->fonts->role[r], key % BP_MAX_FACES) : NULL;
        if (!f) return bp_fail(c->e, BP_EINPUT, "no font for the %s role", role_name(r));
        const char *fp = font_path(f);
        int fi = font_face_index(f);
        if (!fp) return bp_fail(c->e, BP_EINPUT, "the %s font has no file", role_name(r));
        int s = 0;
        while (s < c->nslots && !(strcmp(c->slots[s].path, fp) == 0 && c->slots[s].index == fi))
            s++;
        if (s == c->nslots) {
            c->slots[s].path = fp;
            c->slots[s].index = fi;
            c->slots[s].cps = calloc(1, sizeof(pdf_cpset));
            if (!c->slots[s].cps)
                return bp_fail(c->e, BP_ERESOURCE, "cannot write %s: out of memory", c->path);
            c->nslots++;
        }
        pdf_cpset *dst = c->slots[s].cps;
        const pdf_cpset *src = c->role_cps[key];
        for (size_t w = 0; w < sizeof src->bits / sizeof src->bits[0]; w++) {
            uint32_t add = src->bits[w] & ~dst->bits[w];
            dst->bits[w] |= add;
            dst->count += __builtin_popcount(add);
        }
        c->role_slot[key] = s;
    }
    return BP_OK;
}

static int validate(pdf_ctx *c)
{
    const bp_doc *d = c->doc;
    int np = dl_page_count(d);
    if (np < 1)
        return bp_fail(c->e, BP_EINPUT, "cannot write %s: the document has no pages", c->path);
    for (int p = 0; p < np; p++)
        BP_TRY(validate_page(c, p, np, dl_page(d, p)));
    BP_TRY(validate_outlines(c, np));
    return assign_slots(c);
}

/* ---- drawing ------------------------------------------------------------ */

enum { M_NONE, M_TEXT, M_LINE, M_RECT };

typedef struct pdf_gs {
    int mode;        /* open text object or path being built */
    double lw;       /* current line width, -1 = unknown */
    double fill_k;   /* current CMYK fill K, -1 = not set */
    bool stroke_set; /* stroke colour set to 0 0 0 1 */
    HPDF_Font font;
    double size;
    bool bold; /* text rendering mode fill+stroke */
} pdf_gs;

static int flush(pdf_ctx *c, HPDF_Page pg, pdf_gs *gs)
{
    if (gs->mode == M_TEXT)
        HOK(c, HPDF_Page_EndText(pg));
    else if (gs->mode == M_LINE)
        HOK(c, HPDF_Page_Stroke(pg));
    else if (gs->mode == M_RECT)
        HOK(c, HPDF_Page_Fill(pg));
    gs->mode = M_NONE;
    return BP_OK;
}

/* Coordinates go to libharu rounded to 1/8 pt (0.04 mm): exact in its
 * 32-bit floats, so they print with at most three decimals, and the
 * content streams stay small. */
static HPDF_REAL q8(double v)
{
    return (HPDF_REAL)(floor(v * 8 + 0.5) / 8);
}

static int set_lw(pdf_ctx *c, HPDF_Page pg, pdf_gs *gs, double w)
{
    if (gs->lw != w) {
        HOK(c, HPDF_Page_SetLineWidth(pg, (HPDF_REAL)w));
        gs->lw = w;
    }
    return BP_OK;
}

static int set_fill_k(pdf_ctx *c, HPDF_Page pg, pdf_gs *gs, double k)
{
    if (gs->fill_k != k) {
        HOK(c, HPDF_Page_SetCMYKFill(pg, 0, 0, 0, (HPDF_REAL)k));
        gs->fill_k = k;
    }
    return BP_OK;
}

static int draw_text(pdf_ctx *c, HPDF_Page pg, pdf_gs *gs, const bp_dl_item *it)
{
    if (it->len == 0) return BP_OK;
    int rc;
    if (gs->mode != M_TEXT) {
        if ((rc = flush(c, pg, gs))) return rc;
        HOK(c, HPDF_Page_BeginText(pg));
        gs->mode = M_TEXT;
    }
    if ((rc = set_fill_k(c, pg, gs, 1))) return rc;
    HPDF_Font f = c->slots[c->role_slot[(int)it->role * BP_MAX_FACES + it->face]].font;
    if (f != gs->font || it->size != gs->size) {
        HOK(c, HPDF_Page_SetFontAndSize(pg, f, (HPDF_REAL)it->size));
        gs->font = f;
        gs->size = it->size;
    }
    if (it->bold) {
        if (!gs->stroke_set) {
            HOK(c, HPDF_Page_SetCMYKStroke(pg, 0, 0, 0, 1));
            gs->stroke_set = true;
        }
        if ((rc = set_lw(c, pg, gs, it->size * PDF_BOLD_STROKE))) return rc;
    }
    if (it->bold != gs->bold) {
        HOK(c, HPDF_Page_SetTextRenderingMode(pg, it->bold ? HPDF_FILL_THEN_STROKE : HPDF_FILL));
        gs->bold = it->bold;
    }
    if (it->len + 1 > c->tcap) {
        size_t cap = it->len + 1 > 256 ? it->len + 1 : 256;
        char *t = realloc(c->tbuf, cap);
        if (!t) return bp_fail(c->e, BP_ERESOURCE, "cannot write %s: out of memory", c->path);
        c->tbuf = t;
        c->tcap = cap;
    }
    memcpy(c->tbuf, it->text, it->len);
    c->tbuf[it->len] = 0;
    HOK(c, HPDF_Page_TextOut(pg, q8(it->x), q8(it->y), c->tbuf));
    return BP_OK;
}

static int draw_line(pdf_ctx *c, HPDF_Page pg, pdf_gs *gs, const bp_dl_item *it)
{
    int rc;
    if (gs->mode != M_LINE || gs->lw != it->line_width) {
        if ((rc = flush(c, pg, gs))) return rc;
        if (!gs->stroke_set) {
            HOK(c, HPDF_Page_SetCMYKStroke(pg, 0, 0, 0, 1));
            gs->stroke_set = true;
        }
        if ((rc = set_lw(c, pg, gs, it->line_width))) return rc;
        gs->mode = M_LINE;
    }
    HOK(c, HPDF_Page_MoveTo(pg, q8(it->x), q8(it->y)));
    HOK(c, HPDF_Page_LineTo(pg, q8(it->x2), q8(it->y2)));
    return BP_OK;
}

static int draw_rect(pdf_ctx *c, HPDF_Page pg, pdf_gs *gs, const bp_dl_item *it)
{
    int rc;
    double k = 1 - it->gray;
    if (k < 0) k = 0;
    if (k > 1) k = 1;
    if (gs->mode != M_RECT || gs->fill_k != k) {
        if ((rc = flush(c, pg, gs))) return rc;
        if ((rc = set_fill_k(c, pg, gs, k))) return rc;
        gs->mode = M_RECT;
    }
    double x0 = it->x < it->x2 ? it->x : it->x2, x1 = it->x < it->x2 ? it->x2 : it->x;
    double y0 = it->y < it->y2 ? it->y : it->y2, y1 = it->y < it->y2 ? it->y2 : it->y;
    HOK(c, HPDF_Page_Rectangle(pg, q8(x0), q8(y0), q8(x1) - q8(x0), q8(y1) - q8(y0)));
    return BP_OK;
}

/* Paper around the trim: for crop marks, or for the items a layout set
 * outside the page (the check report's slug). */
static double paper_margin(const bp_doc *d)
{
    return d->print.crop_margin > d->print.slug_margin ? d->print.crop_margin
                                                       : d->print.slug_margin;
}

/* The check report's marks (dlist.h, bp_mark_style): the wrong cell red,
 * the cells compared with it blue, rounding and warnings a dashed amber,
 * the cells that may be the wrong one (a check cannot tell which) a
 * dashed purple.
 * CMYK, like everything else; a report is not for print, so colour is
 * allowed here. */
static const struct mark_look {
    HPDF_REAL c, m, y, k;
    HPDF_UINT16 dash;  /* on and off, points; 0: solid */
    const char *title; /* the annotation's /T */
} mark_looks[BP_MARK_COUNT] = {
    {0, 0.9f, 0.85f, 0, 0, "校验：错误"},
    {0.9f, 0.45f, 0, 0, 0, "校验：比较的单元格"},
    {0, 0.35f, 0.9f, 0, 3, "校验：舍入差异或警告"},
    {0.55f, 0.9f, 0, 0, 2, "校验：可能有误的单元格（无法判定是哪一个）"},
};

static int draw_mark(pdf_ctx *c, HPDF_Page pg, pdf_gs *gs, const bp_dl_item *it)
{
    int rc;
    if ((rc = flush(c, pg, gs))) return rc;
    const struct mark_look *l = &mark_looks[it->role];
    HOK(c, HPDF_Page_SetCMYKStroke(pg, l->c, l->m, l->y, l->k));
    gs->stroke_set = false; /* not black any more */
    if ((rc = set_lw(c, pg, gs, it->line_width))) return rc;
    if (l->dash) HOK(c, HPDF_Page_SetDash(pg, &l->dash, 1, 0));
    double x0 = it->x < it->x2 ? it->x : it->x2, x1 = it->x < it->x2 ? it->x2 : it->x;
    double y0 = it->y < it->y2 ? it->y : it->y2, y1 = it->y < it->y2 ? it->y2 : it->y;
    HOK(c, HPDF_Page_Rectangle(pg, q8(x0), q8(y0), q8(x1) - q8(x0), q8(y1) - q8(y0)));
    HOK(c, HPDF_Page_Stroke(pg));
    if (l->dash) HOK(c, HPDF_Page_SetDash(pg, NULL, 0, 0));
    return BP_OK;
}

/* [page /XYZ 0 top null]: the top of the page, or the point of it at y
 * (page coordinates, 0: the top), keeping the viewer's zoom (libharu's
 * SetXYZ rejects a zoom of 0/null). */
static HPDF_Destination make_dest_at(pdf_ctx *c, int page, double y)
{
    HPDF_Page target = c->pages[page];
    HPDF_Destination dst = HPDF_Page_CreateDestination(target);
    if (!dst) return NULL;
    HPDF_Array_Clear(dst);
    HPDF_STATUS ret = HPDF_Array_Add(dst, target);
    ret += HPDF_Array_AddName(dst, "XYZ");
    ret += HPDF_Array_AddReal(dst, 0);
    /* y > 0: that height on the page; else the top of the page as shown
     * (on a turned page, rotate 90, the paper's left edge, whose top-left
     * corner is the paper's (0, 0)) */
    double top = dl_page(c->doc, page)->rotate ? 0
                 : y > 0                       ? q8(y + paper_margin(c->doc))
                                               : HPDF_Page_GetHeight(target);
    ret += HPDF_Array_AddReal(dst, top);
    ret += HPDF_Array_Add(dst, HPDF_Null_New(c->pdf->mmgr));
    return ret == HPDF_OK ? dst : NULL;
}

static HPDF_Destination make_dest(pdf_ctx *c, int page)
{
    return make_dest_at(c, page, 0);
}

/* Crop marks: at each corner of the trim box, two short rules in the
 * margin, starting 3 mm away from the trim so they never touch the page. */
static int draw_crop_marks(pdf_ctx *c, HPDF_Page pg, double w, double h, double m)
{
    const double gap = 3 * 72 / 25.4, len = m - gap > 2 ? m - gap - 1 : 1;
    const double xs[2] = {m, m + w}, ys[2] = {m, m + h};
    HOK(c, HPDF_Page_SetCMYKStroke(pg, 0, 0, 0, 1));
    HOK(c, HPDF_Page_SetLineWidth(pg, 0.25));
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            double x = xs[i], y = ys[j];
            double dx = i ? 1 : -1, dy = j ? 1 : -1;
            HOK(c, HPDF_Page_MoveTo(pg, (HPDF_REAL)(x + dx * gap), (HPDF_REAL)y));
            HOK(c, HPDF_Page_LineTo(pg, (HPDF_REAL)(x + dx * (gap + len)), (HPDF_REAL)y));
            HOK(c, HPDF_Page_MoveTo(pg, (HPDF_REAL)x, (HPDF_REAL)(y + dy * gap)));
            HOK(c, HPDF_Page_LineTo(pg, (HPDF_REAL)x, (HPDF_REAL)(y + dy * (gap + len))));
        }
    HOK(c, HPDF_Page_Stroke(pg));
    return BP_OK;
}

/* A note: a Square annotation over its box, in its style's colour and
 * line, with its text as /Contents and its style's title as /T (both
 * UTF-16BE text strings: libharu's own /T is raw UTF-8, which viewers
 * show as mojibake). */
static int add_note(pdf_ctx *c, HPDF_Page pg, const bp_dl_item *it, HPDF_Rect r)
{
    HPDF_Encoder enc;
    HPDF_Annotation an;
    HNN(c, enc, HPDF_GetEncoder(c->pdf, "UTF-8"));
    HNN(c, an, HPDF_Page_CreateSquareAnnot(pg, r, it->text, enc));
    const struct mark_look *l = &mark_looks[it->role];
    HOK(c, HPDF_Dict_Add(an, "Contents", HPDF_String_New(c->pdf->mmgr, it->text, enc)));
    HOK(c, HPDF_Dict_Add(an, "T", HPDF_String_New(c->pdf->mmgr, l->title, enc)));
    HPDF_CMYKColor col = {l->c, l->m, l->y, l->k};
    HOK(c, HPDF_Annot_SetCMYKColor(an, col));
    HPDF_Dict bs;
    HNN(c, bs, HPDF_Dict_New(c->pdf->mmgr));
    HOK(c, HPDF_Dict_Add(an, "BS", bs));
    HOK(c, HPDF_Dict_AddNumber(bs, "W", 1));
    HOK(c, HPDF_Dict_AddName(bs, "S", l->dash ? "D" : "S"));
    return BP_OK;
}

/* The page's links and notes (annotations), shifted by the paper margin. */
static int add_annotations(pdf_ctx *c, HPDF_Page pg, const bp_page *page, double m)
{
    c->where = "adding links";
    const bp_dl_item *it = page->items.items;
    for (int i = 0; i < page->items.n; i++, it++) {
        if (it->kind != BP_DL_LINK && it->kind != BP_DL_NOTE) continue;
        double x0 = it->x < it->x2 ? it->x : it->x2, x1 = it->x < it->x2 ? it->x2 : it->x;
        double y0 = it->y < it->y2 ? it->y : it->y2, y1 = it->y < it->y2 ? it->y2 : it->y;
        if (page->rotate) { /* (x, y) of the frame is (width - y, x) on the paper */
            double nx0 = page->width - y1, nx1 = page->width - y0;
            y0 = x0, y1 = x1, x0 = nx0, x1 = nx1;
        }
        HPDF_Rect r = {(HPDF_REAL)(m + x0), (HPDF_REAL)(m + y0), (HPDF_REAL)(m + x1),
                       (HPDF_REAL)(m + y1)};
        if (it->kind == BP_DL_NOTE) {
            BP_TRY(add_note(c, pg, it, r));
            continue;
        }
        HPDF_Destination dst;
        HPDF_Annotation an;
        HNN(c, dst, make_dest_at(c, it->target, it->dest_y));
        HNN(c, an, HPDF_Page_CreateLinkAnnot(pg, r, dst));
        HOK(c, HPDF_LinkAnnot_SetBorderStyle(an, 0, 0, 0));
    }
    c->where_page = 0;
    return BP_OK;
}

static int draw_page(pdf_ctx *c, int p)
{
    const bp_page *page = dl_page(c->doc, p);
    HPDF_Page pg = c->pages[p];
    pdf_gs gs = {.mode = M_NONE, .lw = -1, .fill_k = -1};
    c->where = "drawing";
    c->where_page = p + 1;
    const bp_dl_item *it = page->items.items;
    int rc = BP_OK;
    double m = paper_margin(c->doc);
    if (c->overprint) HOK(c, HPDF_Page_SetExtGState(pg, c->overprint));
    if (m > 0) {
        if (c->doc->print.crop_margin > 0 &&
            (rc = draw_crop_marks(c, pg, page->width, page->height, m)))
            return rc;
        HOK(c, HPDF_Page_GSave(pg));
        HOK(c, HPDF_Page_Concat(pg, 1, 0, 0, 1, (HPDF_REAL)m, (HPDF_REAL)m));
    }
    if (page->rotate) { /* the landscape frame, its top to the paper's left */
        HOK(c, HPDF_Page_GSave(pg));
        HOK(c, HPDF_Page_Concat(pg, 0, 1, -1, 0, (HPDF_REAL)page->width, 0));
    }
    for (int i = 0; i < page->items.n && !rc; i++, it++) {
        switch (it->kind) {
        case BP_DL_TEXT:
            rc = draw_text(c, pg, &gs, it);
            break;
        case BP_DL_LINE:
            rc = draw_line(c, pg, &gs, it);
            break;
        case BP_DL_RECT:
            rc = draw_rect(c, pg, &gs, it);
            break;
        case BP_DL_MARK:
            rc = draw_mark(c, pg, &gs, it);
            break;
        case BP_DL_LINK:
        case BP_DL_NOTE:
            break;
        }
    }
    if (rc || (rc = flush(c, pg, &gs))) return rc;
    if (page->rotate) HOK(c, HPDF_Page_GRestore(pg));
    if (m > 0) HOK(c, HPDF_Page_GRestore(pg));
    return add_annotations(c, pg, page, m);
}

/* ---- document ----------------------------------------------------------- */

static int add_outlines(pdf_ctx *c)
{
    const bp_doc *d = c->doc;
    if (d->outlines.n == 0) return BP_OK;
    c->where = "adding outlines";
    HPDF_Encoder enc;
    HNN(c, enc, HPDF_GetEncoder(c->pdf, "UTF-8"));
    HPDF_Outline root = NULL;
    HPDF_Destination dst;
    if (d->title && *d->title) {
        HNN(c, root, HPDF_CreateOutline(c->pdf, NULL, d->title, enc));
        HNN(c, dst, make_dest(c, 0));
        HOK(c, HPDF_Outline_SetDestination(root, dst));
        HOK(c, HPDF_Outline_SetOpened(root, HPDF_TRUE));
    }
    /* parent[l] = last entry at level l-1 (parent[0] = root). */
    enum { MAXLV = 16 };
    HPDF_Outline parent[MAXLV + 1] = {root};
    int depth = 0; /* levels with a valid parent: 0..depth */
    const bp_outline *o = d->outlines.items;
    for (int i = 0; i < d->outlines.n; i++, o++) {
        int lv = o->level < 0 ? 0 : o->level;
        if (lv > depth) lv = depth; /* a level-1 entry before any level-0 one */
        if (lv >= MAXLV) lv = MAXLV - 1;
        HPDF_Outline ol;
        HNN(c, ol, HPDF_CreateOutline(c->pdf, parent[lv], o->title, enc));
        HNN(c, dst, make_dest(c, o->page));
        HOK(c, HPDF_Outline_SetDestination(ol, dst));
        parent[lv + 1] = ol;
        depth = lv + 1;
    }
    HOK(c, HPDF_SetPageMode(c->pdf, HPDF_PAGE_MODE_USE_OUTLINE));
    return BP_OK;
}

/* Page labels; a prefix is written as a UTF-16BE text string (libharu's
 * own writes raw UTF-8, which readers show as mojibake). */
static int add_labels(pdf_ctx *c)
{
    const bp_doc *d = c->doc;
    if (d->labels.n == 0) return BP_OK;
    c->where = "adding page labels";
    HPDF_Encoder enc;
    HNN(c, enc, HPDF_GetEncoder(c->pdf, "UTF-8"));
    const bp_label *l = d->labels.items;
    for (int i = 0; i < d->labels.n; i++, l++) {
        if (l->page < 0 || l->page >= dl_page_count(d))
            return bp_fail(c->e, BP_EINPUT, "page label for page %d: no such page", l->page + 1);
        HPDF_PageNumStyle style = l->style == BP_LABEL_ROMAN ? HPDF_PAGE_NUM_STYLE_LOWER_ROMAN
                                                             : HPDF_PAGE_NUM_STYLE_DECIMAL;
        HPDF_Dict lab;
        HNN(c, lab, HPDF_PageLabel_New(c->pdf, style, l->first > 0 ? l->first : 1, NULL));
        if (l->style == BP_LABEL_NONE) HPDF_Dict_RemoveElement(lab, "S");
        if (l->prefix && *l->prefix)
            HOK(c, HPDF_Dict_Add(lab, "P", HPDF_String_New(c->pdf->mmgr, l->prefix, enc)));
        HOK(c, HPDF_Catalog_AddPageLabel(c->pdf->catalog, (HPDF_UINT)l->page, lab));
    }
    return BP_OK;
}

static void hash_str(bp_hash *h, const char *s)
{
    uint32_t n = s ? (uint32_t)strlen(s) + 1 : 0;
    bp_hash_put(h, &n, sizeof n);
    if (s) bp_hash_put(h, s, n);
}

/* /ID: a hash of everything that determines the output (display list,
 * metadata, fonts), so identical input gives identical bytes. Integers and
 * doubles are hashed as this machine stores them (little-endian IEEE on
 * every platform budgetpdf targets). */
static int add_id(pdf_ctx *c)
{
    const bp_doc *d = c->doc;
    bp_hash h;
    unsigned char id16[16];
    bp_hash_init(&h);
    hash_str(&h, "budgetpdf " BP_VERSION);
    hash_str(&h, d->title);
    hash_str(&h, d->author);
    hash_str(&h, d->subject);
    hash_str(&h, d->keywords);
    bp_hash_put(&h, &d->source_date, sizeof d->source_date);
    for (int s = 0; s < c->nslots; s++) {
        hash_str(&h, c->slots[s].path);
        bp_hash_put(&h, &c->slots[s].index, sizeof(int));
    }
    for (int p = 0; p < dl_page_count(d); p++) {
        const bp_page *pg = dl_page(d, p);
        double wh[2] = {pg->width, pg->height};
        bp_hash_put(&h, wh, sizeof wh);
        if (pg->rotate) bp_hash_put(&h, &pg->rotate, sizeof pg->rotate);
        const bp_dl_item *it = pg->items.items;
        for (int i = 0; i < pg->items.n; i++, it++) {
            struct {
                double v[5]; /* size: or the line width, or the gray */
                int32_t k[5];
                uint32_t n;
            } rec = {{it->x, it->y, it->x2, it->y2, it->size},
                     {it->kind, it->role, it->face, it->bold, it->target},
                     it->len};
            bp_hash_put(&h, &rec, sizeof rec);
            if ((it->kind == BP_DL_TEXT || it->kind == BP_DL_NOTE) && it->len)
                bp_hash_put(&h, it->text, it->len);
        }
    }
    const bp_outline *o = d->outlines.items;
    for (int i = 0; i < d->outlines.n; i++, o++) {
        int32_t k[2] = {o->page, o->level};
        bp_hash_put(&h, k, sizeof k);
        hash_str(&h, o->title);
    }
    const bp_label *l = d->labels.items;
    for (int i = 0; i < d->labels.n; i++, l++) {
        int32_t k[3] = {l->page, (int32_t)l->style, l->first};
        bp_hash_put(&h, k, sizeof k);
        hash_str(&h, l->prefix);
    }
    double pr[2] = {d->print.crop_margin, d->print.overprint ? 1 : 0};
    bp_hash_put(&h, pr, sizeof pr);
    if (d->print.slug_margin > 0) /* the report's: no change to other documents' IDs */
        bp_hash_put(&h, &d->print.slug_margin, sizeof d->print.slug_margin);
    bp_hash_final(&h, id16);

    c->where = "adding the document ID";
    HPDF_Array id;
    HNN(c, id, HPDF_Array_New(c->pdf->mmgr));
    HOK(c, HPDF_Dict_Add(c->pdf->trailer, "ID", id));
    HOK(c, HPDF_Array_Add(id, HPDF_Binary_New(c->pdf->mmgr, id16, 16)));
    HOK(c, HPDF_Array_Add(id, HPDF_Binary_New(c->pdf->mmgr, id16, 16)));
    return BP_OK;
}

static int add_info(pdf_ctx *c)
{
    const bp_doc *d = c->doc;
    c->where = "setting document information";
    const struct {
        HPDF_InfoType type;
        const char *value;
    } info[] = {
        {HPDF_INFO_TITLE, d->title},
        {HPDF_INFO_AUTHOR, d->author},
        {HPDF_INFO_SUBJECT, d->subject},
        {HPDF_INFO_KEYWORDS, d->keywords},
        {HPDF_INFO_CREATOR, "budgetpdf " BP_VERSION},
    };
    for (size_t i = 0; i < sizeof info / sizeof info[0]; i++)
        if (info[i].value && *info[i].value)
            HOK(c, HPDF_SetInfoAttr(c->pdf, info[i].type, info[i].value));
    if (d->source_date >= 0) {
        time_t t = (time_t)d->source_date;
        struct tm tm;
        if ((long long)t != d->source_date || !gmtime_r(&t, &tm) || tm.tm_year + 1900 > 9999)
            return bp_fail(c->e, BP_EINPUT, "source date %lld is out of range", d->source_date);
        /* UTC as +00'00' (libharu's 'Z' breaks PDF/A metadata). */
        HPDF_Date date = {tm.tm_year + 1900,
                          tm.tm_mon + 1,
                          tm.tm_mday,
                          tm.tm_hour,
                          tm.tm_min,
                          tm.tm_sec < 60 ? tm.tm_sec : 59,
                          '+',
                          0,
                          0};
        HOK(c, HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_CREATION_DATE, date));
        HOK(c, HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_MOD_DATE, date));
    }
    return BP_OK;
}

/* Phase 1 of build: start the fonts' subset jobs and create the libharu
 * document. */
static int start_document(pdf_ctx *c, int np)
{
    const bp_doc *d = c->doc;
    /* the fonts' subsets and compressed files, made while the rest is */
    for (int s = 0; s < c->nslots; s++)
        if (!(c->slots[s].job = pdf_font_job_start(c->faces, c->slots[s].path, c->slots[s].index,
                                                   c->slots[s].cps, d->font_threads)))
            return bp_fail(c->e, BP_ERESOURCE, "cannot write %s: out of memory", c->path);
    c->where = "creating the document";
    /* Only built-in arguments here: a failure is libharu's allocation
     * failing, whatever code it reports (HPDF_New gives NULL and no code;
     * a UTF-8 encoder it could not register reads as an unknown encoding
     * name, 0x102B). */
    bool ok = (c->pdf = HPDF_New(on_hpdf_error, &c->err)) != NULL;
    /* Compression first: fonts and pages created before it stay raw. */
    ok = ok && HPDF_SetCompressionMode(c->pdf, HPDF_COMP_ALL) == HPDF_OK;
    ok = ok && HPDF_UseUTFEncodings(c->pdf) == HPDF_OK;
    ok = ok && HPDF_SetCurrentEncoder(c->pdf, "UTF-8") == HPDF_OK;
    ok = ok && (np <= 1000 || HPDF_SetPagesConfiguration(c->pdf, 1000) == HPDF_OK);
    if (!ok || c->err.code)
        return bp_fail(c->e, BP_ERESOURCE, "cannot write %s: out of memory while %s", c->path,
                       c->where);
    return BP_OK;
}

/* Phase 2 of build: load each font slot's subset into the document. */
static int load_fonts(pdf_ctx *c)
{
    c->where = "loading fonts";
    for (int s = 0; s < c->nslots; s++) {
        char tag[7];
        pdf_font_tag(c->slots[s].path, c->slots[s].index, c->slots[s].cps, s, tag);
        const char *data;
        unsigned len;
        int rc = pdf_font_job_subset(c->slots[s].job, &data, &len, c->e);
        if (rc) return rc;
        c->slots[s].font = pdf_font_load(c->pdf, c->slots[s].path, c->slots[s].index, data, len,
                                         tag, &c->slots[s].file, c->e);
        if (!c->slots[s].font) return c->e ? c->e->code : BP_EIO;
        if (c->err.code) return hfail(c, 0);
    }
    return BP_OK;
}

/* Phase 3 of build: add the pages with their sizes and boxes. */
static int add_pages(pdf_ctx *c, int np)
{
    const bp_doc *d = c->doc;
    c->where = "adding pages";
    c->pages = calloc((size_t)np, sizeof *c->pages);
    if (!c->pages) return bp_fail(c->e, BP_ERESOURCE, "cannot write %s: out of memory", c->path);
    for (int p = 0; p < np; p++) {
        const bp_page *page = dl_page(d, p);
        HPDF_Page pg;
        c->where_page = p + 1;
        double m = paper_margin(d);
        HNN(c, pg, HPDF_AddPage(c->pdf));
        HOK(c, HPDF_Page_SetWidth(pg, (HPDF_REAL)(page->width + 2 * m)));
        HOK(c, HPDF_Page_SetHeight(pg, (HPDF_REAL)(page->height + 2 * m)));
        if (page->rotate) HOK(c, HPDF_Page_SetRotate(pg, (HPDF_UINT16)page->rotate));
        /* Not HPDF_Page_SetBoxValue: it only handles existing boxes and
         * leaves a silent sticky error for TrimBox/BleedBox. The tables have
         * no bleed: BleedBox = TrimBox = the page (inside the crop margin). */
        HPDF_Box box = {(HPDF_REAL)m, (HPDF_REAL)m, (HPDF_REAL)(m + page->width),
                        (HPDF_REAL)(m + page->height)};
        HOK(c, HPDF_Dict_Add(pg, "TrimBox", HPDF_Box_Array_New(c->pdf->mmgr, box)));
        HOK(c, HPDF_Dict_Add(pg, "BleedBox", HPDF_Box_Array_New(c->pdf->mmgr, box)));
        c->pages[p] = pg;
    }
    c->where_page = 0;
    return BP_OK;
}

/* Phase 4 of build: draw and compress every page. */
static int draw_pages(pdf_ctx *c, int np)
{
    const bp_doc *d = c->doc;
    int rc;
    if (d->print.overprint) {
        c->where = "setting overprint";
        HNN(c, c->overprint, HPDF_CreateExtGState(c->pdf));
        HOK(c, HPDF_Dict_AddBoolean(c->overprint, "OP", HPDF_TRUE));
        HOK(c, HPDF_Dict_AddBoolean(c->overprint, "op", HPDF_TRUE));
        HOK(c, HPDF_Dict_AddNumber(c->overprint, "OPM", 1));
    }
    if (!(c->z = pdf_deflater_new()))
        return bp_fail(c->e, BP_ERESOURCE, "cannot write %s: out of memory", c->path);
    for (int p = 0; p < np; p++) {
        if ((rc = draw_page(c, p))) return rc;
        /* compressed now: the page's text is not kept twice until saving */
        if ((rc = pdf_deflate_page(c->z, c->pages[p], c->e))) return rc;
    }
    return BP_OK;
}

/* Phase 5 of build: the fonts' ToUnicode maps, widths and compressed
 * files. */
static int finish_fonts(pdf_ctx *c)
{
    int rc;
    c->where = "writing the ToUnicode maps";
    for (int s = 0; s < c->nslots; s++) {
        if ((rc = pdf_font_fix_tounicode(c->slots[s].font, c->slots[s].cps, c->e))) return rc;
        if ((rc = pdf_font_compact_widths(c->slots[s].font, c->slots[s].cps, c->e))) return rc;
        const unsigned char *zfile;
        size_t zlen;
        if ((rc = pdf_font_job_file(c->slots[s].job, &zfile, &zlen, c->e))) return rc;
        if ((rc = pdf_deflate_font(c->z, c->slots[s].font, c->slots[s].file, zfile, zlen, c->e)))
            return rc;
        if (c->err.code) return hfail(c, 0);
    }
    return BP_OK;
}

static int build(pdf_ctx *c)
{
    int np = dl_page_count(c->doc);
    BP_TRY(start_document(c, np));
    BP_TRY(load_fonts(c));
    BP_TRY(add_pages(c, np));
    BP_TRY(draw_pages(c, np));
    int rc;
    if ((rc = add_outlines(c)) || (rc = add_labels(c)) || (rc = add_info(c)) || (rc = add_id(c)))
        return rc;
    BP_TRY(finish_fonts(c));

    c->where = "saving";
    if (HPDF_GetError(c->pdf) != HPDF_OK) return hfail(c, 0);
    HOK(c, HPDF_SaveToStream(c->pdf));
    return BP_OK;
}

/* ---- saving --------------------------------------------------------------- */

/* Copies libharu's saved stream to the output file (out_file.h: a temp
 * file renamed over path when complete, removed on any failure). */
static int save_file(pdf_ctx *c)
{
    bp_out_file f;
    BP_TRY(bp_out_open(&f, c->path, c->e));
    int rc = BP_OK;
    enum { CHUNK = 65536 };
    unsigned char *buf = malloc(CHUNK);
    if (!buf) {
        bp_out_abort(&f);
        return bp_fail(c->e, BP_ERESOURCE, "cannot write %s: out of memory", c->path);
    }
    for (;;) {
        HPDF_UINT32 n = CHUNK;
        HPDF_STATUS ret = HPDF_ReadFromStream(c->pdf, buf, &n);
        if (ret != HPDF_OK && ret != HPDF_STREAM_EOF) {
            c->where = "reading the saved document";
            rc = hfail(c, ret);
            break;
        }
        if (n > 0 && (rc = bp_out_write(&f, buf, n, c->e))) break;
        if (ret == HPDF_STREAM_EOF || n == 0) break;
    }
    free(buf);
    if (rc) {
        bp_out_abort(&f);
        return rc;
    }
    /* Reaching the end of the stream raises HPDF_STREAM_EOF as an error. */
    HPDF_ResetError(c->pdf);
    c->err.code = 0;
    /* The data is synced before the rename, so after a crash the path
     * holds the old file or the new one, never a part of one. (Syncing the
     * folder too would make the rename itself durable, for a millisecond
     * or two more; batch syncs its output folder once, at its end.) */
    return bp_out_commit(&f, !c->doc->no_sync, c->e);
}

int pdf_write(bp_ctx *cx, const bp_doc *doc, const bp_fonts *fonts, const char *path,
              long long *bytes)
{
    pdf_ctx c = {
        .doc = doc, .fonts = fonts, .faces = cx->faces, .path = path, .e = cx->e, .where = ""};
    bp_error local;
    if (!c.e) c.e = &local;
    c.e->code = BP_OK;
    c.e->msg[0] = 0;

    int rc = validate(&c);
    if (!rc) rc = build(&c);
    if (!rc && bytes) *bytes = (long long)HPDF_GetStreamSize(c.pdf);
    if (!rc) rc = save_file(&c);

    if (c.pdf) HPDF_Free(c.pdf);
    pdf_deflater_free(c.z);
    free(c.pages);
    free(c.tbuf);
    for (int k = 0; k < BP_ROLE_COUNT * BP_MAX_FACES; k++)
        free(c.role_cps[k]);
    for (int s = 0; s < c.nslots; s++) {
        pdf_font_job_free(c.slots[s].job); /* joins its thread, which reads cps */
        free(c.slots[s].cps);
    }
    return rc;
}
