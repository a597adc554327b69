/* layout_text.c — text helpers of the layout stage: template expansion,
 * coverage checks (every character drawable by its font), and placing a
 * block of wrapped lines in a box. */
#include "layout_priv.h"

#include <stdio.h>
#include <string.h>

const char *layout_expand(bp_arena *a, const char *tmpl, const bp_department *d, int page,
                          int pages, const char *title)
{
    size_t cap = strlen(tmpl) + 256 + (d ? strlen(d->name) * 4 : 0) + (title ? strlen(title) : 0);
    char *out = bp_alloc(a, cap);
    size_t o = 0;
    for (const char *p = tmpl; *p && o + 1 < cap;) {
        if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
            out[o++] = *p;
            p += 2;
            continue;
        }
        if (*p != '{') {
            out[o++] = *p++;
            continue;
        }
        const char *end = strchr(p, '}');
        if (!end) {
            out[o++] = *p++;
            continue;
        }
        size_t len = (size_t)(end - p - 1);
        char val[512] = "";
#define IS(name) (len == strlen(name) && !strncmp(p + 1, name, len))
        if (IS("department") && d)
            snprintf(val, sizeof val, "%s", d->name);
        else if (IS("code") && d)
            snprintf(val, sizeof val, "%s", d->code);
        else if (IS("year") && d)
            snprintf(val, sizeof val, "%d", d->year);
        else if (IS("unit") && d)
            snprintf(val, sizeof val, "%s", d->unit);
        else if (IS("page") && page >= 0)
            snprintf(val, sizeof val, "%d", page);
        else if (IS("pages") && pages >= 0)
            snprintf(val, sizeof val, "%d", pages);
        else if (IS("title") && title)
            snprintf(val, sizeof val, "%s", title);
#undef IS
        size_t vl = strlen(val);
        if (o + vl + 1 >= cap) break;
        memcpy(out + o, val, vl);
        o += vl;
        p = end + 1;
    }
    out[o] = 0;
    return out;
}

int layout_check_text(bp_layout_ctx *ctx, bp_role role, const char *s, const char *where)
{
    const bp_font *f = ctx->fonts->role[role];
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int k = bp_utf8_decode(s + i, n - i, &cp);
        if (k <= 0)
            return bp_fail(ctx->e, BP_EINPUT, "%s: invalid UTF-8 at byte %zu", where, i);
        if (cp > 0xFFFF)
            return bp_fail(ctx->e, BP_EINPUT,
                           "%s: character U+%04X (%.*s) is outside the Basic Multilingual Plane, "
                           "which the PDF backend (libharu 2.3.0) cannot encode",
                           where, cp, k, s + i);
        if (cp >= 0x20 && cp != 0x3000 && cp != 0xA0 && !font_has_char(f, cp))
            return bp_fail(ctx->e, BP_EINPUT, "%s: character U+%04X (%.*s) is not in font '%s' (%s)",
                           where, cp, k, s + i, font_family(f), font_path(f));
        i += (size_t)k;
    }
    return BP_OK;
}

void layout_draw_lines(bp_layout_ctx *ctx, bp_doc *doc, bp_page *pg, const text_block *b,
                       double x, double top, double w, double h, double pad)
{
    const bp_font *f = ctx->fonts->role[b->role];
    double size = b->size * b->scale;
    double lh = b->size * b->line_spacing * b->scale;
    double asc = font_ascent(f, size), desc = font_descent(f, size);
    double block = b->nlines * lh;
    double y0 = top - (h - block) / 2; /* top of the text block */
    int maxlines = b->nlines;
    if (block > h + 0.01 && lh > 0) { /* a piece of a split cell: show what fits */
        maxlines = (int)(h / lh);
        if (maxlines < 1) maxlines = 1;
        if (maxlines > b->nlines) maxlines = b->nlines;
        y0 = top;
    }
    for (int i = 0; i < maxlines; i++) {
        const bp_line *ln = &b->lines[i];
        double lw = ln->width * b->scale;
        double lx;
        double inner = w - 2 * pad - b->indent;
        if (b->align == BP_ALIGN_RIGHT)
            lx = x + w - pad - lw;
        else if (b->align == BP_ALIGN_CENTER)
            lx = x + pad + b->indent + (inner - lw) / 2;
        else
            lx = x + pad + b->indent;
        /* centre the glyph box (ascent..descent) in the line's height */
        double base = y0 - i * lh - (lh - (asc - desc)) / 2 - asc;
        if (ln->len) dl_text(doc, pg, lx, base, b->role, size, b->bold, ln->s, ln->len);
    }
}

int layout_wrap_block(bp_layout_ctx *ctx, text_block *b, const char *text, double inner,
                      const char *where)
{
    const bp_font *f = ctx->fonts->role[b->role];
    if (b->scale <= 0) b->scale = 1;
    int rc = text_wrap(ctx->a, f, b->size, text, strlen(text), inner, &b->lines, &b->nlines);
    if (rc) return bp_fail(ctx->e, rc, "%s: cannot break text into lines", where);
    double widest = 0;
    for (int i = 0; i < b->nlines; i++)
        if (b->lines[i].width > widest) widest = b->lines[i].width;
    if (b->balance && b->nlines > 1 && widest <= inner) {
        /* the narrowest width that keeps the same number of lines evens them
         * out (no lone character on a header's last line) */
        double lo = inner / 2, hi = inner;
        bp_line *best = b->lines;
        for (int iter = 0; iter < 10; iter++) {
            double mid = (lo + hi) / 2;
            bp_line *lines;
            int n;
            if (text_wrap(ctx->a, f, b->size, text, strlen(text), mid, &lines, &n)) break;
            bool fits = n == b->nlines;
            for (int i = 0; fits && i < n; i++) fits = lines[i].width <= mid;
            if (fits)
                hi = mid, best = lines;
            else
                lo = mid;
        }
        b->lines = best;
        widest = 0;
        for (int i = 0; i < b->nlines; i++)
            if (b->lines[i].width > widest) widest = b->lines[i].width;
    }
    if (widest > inner + 0.01 && widest > 0) {
        b->scale = inner / widest;
        if (ctx->warn) {
            char msg[1024];
            snprintf(msg, sizeof msg, "%s: text is wider than its column; drawn at %.0f%% size",
                     where, b->scale * 100);
            ctx->warn(ctx->warn_ud, msg);
        }
    }
    return BP_OK;
}
