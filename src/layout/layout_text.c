/* layout_text.c — text helpers of the layout stage: template expansion,
 * coverage checks (every character drawable by its font), and placing a
 * block of wrapped lines in a box. */
#include "layout_priv.h"

#include <stdio.h>
#include <string.h>

const char *layout_expand(bp_arena *a, const bp_template *tmpl, const bp_department *d, int page,
                          int pages, const char *title)
{
    char num[3][24];
    snprintf(num[0], sizeof num[0], "%d", d ? d->year : 0);
    snprintf(num[1], sizeof num[1], "%d", page);
    snprintf(num[2], sizeof num[2], "%d", pages);
    bp_tpl_values v = {{
        [BP_TPL_DEPARTMENT] = d ? d->name : NULL,
        [BP_TPL_CODE] = d ? d->code : NULL,
        [BP_TPL_YEAR] = d ? num[0] : NULL,
        [BP_TPL_UNIT] = d ? d->unit : NULL,
        [BP_TPL_PAGE] = page >= 0 ? num[1] : NULL,
        [BP_TPL_PAGES] = pages >= 0 ? num[2] : NULL,
        [BP_TPL_TITLE] = title,
    }};
    const char *s = tpl_expand(a, tmpl, &v);
    return s ? s : "";
}

void layout_text_out(bp_layout_ctx *ctx, bp_doc *doc, bp_page *pg, const bp_text_run *run)
{
    double x = run->x, y = run->y, size = run->size;
    bp_role role = run->role;
    bool bold = run->bold;
    const char *s = run->s;
    size_t len = run->len;
    const bp_font *f = ctx->fonts->role[role];
    size_t start = 0, i = 0;
    int face = -2;
    while (i <= len) {
        uint32_t cp = 0;
        int k = i < len ? bp_utf8_decode(s + i, len - i, &cp) : 0;
        if (i < len && k <= 0) k = 1;
        int fc = i < len ? font_face_of(f, cp) : -3;
        if (fc < 0 && i < len) fc = 0; /* missing everywhere: the role's font (checked earlier) */
        if (face != -2 && (fc != face || i == len)) {
            dl_text(doc, pg, &(bp_text_run){x, y, role, size, bold, s + start, i - start});
            ((bp_dl_item *)pg->items.items)[pg->items.n - 1].face = face;
            x += font_measure(f, size, s + start, i - start);
            start = i;
        }
        face = fc;
        if (i == len) break;
        i += (size_t)k;
    }
}

void layout_origin_format(const text_origin *o, char *buf, size_t n)
{
    /* the place first: a long title is shortened after it */
    char title[256];
    if (o->text)
        snprintf(buf, n, "%s", o->text);
    else
        snprintf(buf, n, "%s line %d, column '%s' (%s)", o->path, o->line, o->column,
                 bp_quote(title, sizeof title, o->title, BP_QUOTE_CHARS));
}

/* Where a character at s[i] comes from when it is part of the department's
 * name or unit as expanded into s: department.yaml's line and column of
 * the value. False when it does not. */
static bool dept_origin(const bp_layout_ctx *ctx, const char *s, size_t i, char *buf, size_t n)
{
    const bp_department *d = ctx->dept;
    if (!d || !d->file) return false;
    const struct {
        const char *key, *value;
        int line, col;
    } vals[] = {{"name", d->name, d->name_line, d->name_col},
                {"unit", d->unit, d->unit_line, d->unit_col}};
    for (size_t v = 0; v < sizeof vals / sizeof vals[0]; v++) {
        size_t len = vals[v].value ? strlen(vals[v].value) : 0;
        if (!len || vals[v].line <= 0) continue;
        for (const char *p = strstr(s, vals[v].value); p; p = strstr(p + 1, vals[v].value)) {
            size_t at = (size_t)(p - s);
            if (i >= at && i < at + len) {
                snprintf(buf, n, "%s:%d:%d: %s", d->file, vals[v].line, vals[v].col, vals[v].key);
                return true;
            }
        }
    }
    return false;
}

bool layout_text_ok(bp_layout_ctx *ctx, bp_role role, const char *s)
{
    const bp_font *f = ctx->fonts->role[role];
    for (size_t i = 0, n = strlen(s); i < n;) {
        uint32_t cp;
        int k = bp_utf8_decode(s + i, n - i, &cp);
        if (k <= 0 || cp > 0xFFFF) return false;
        if (!font_covers(f, cp)) return false;
        i += (size_t)k;
    }
    return true;
}

int layout_check_text(bp_layout_ctx *ctx, bp_role role, const char *s, const char *where)
{
    const bp_font *f = ctx->fonts->role[role];
    size_t n = strlen(s);
    char dept_where[1200];
    const char *layout_where = where;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int k = bp_utf8_decode(s + i, n - i, &cp);
        if (k <= 0)
            return bp_fail(ctx->c->e, BP_EINPUT, "%s: invalid UTF-8 at byte %zu", layout_where, i);
        if (cp <= 0xFFFF && font_covers(f, cp)) {
            i += (size_t)k;
            continue;
        }
        /* a character of department.yaml's own values is its fault (looked
         * up only for a character reported: the search reads all of s) */
        where = dept_origin(ctx, s, i, dept_where, sizeof dept_where) ? dept_where : layout_where;
        if (cp > 0xFFFF)
            return bp_fail(ctx->c->e, BP_EINPUT,
                           "%s: character U+%04X (%.*s) is outside the Basic Multilingual Plane, "
                           "which the PDF backend (libharu 2.3.0) cannot encode",
                           where, cp, k, s + i);
        if (!font_covers(f, cp)) {
            char fams[512] = "";
            for (int j = 0; font_chain(f, j); j++) {
                size_t n = strlen(fams);
                snprintf(fams + n, sizeof fams - n, "%s'%s'", j ? ", " : "",
                         font_family(font_chain(f, j)));
            }
            if (!ctx->allow_missing_glyphs)
                return bp_fail(ctx->c->e, BP_EINPUT,
                               "%s: character U+%04X (%.*s) is in no font of its role (%s); add a "
                               "font that has it to the role's list, or pass "
                               "--allow-missing-glyphs to draw a placeholder box",
                               where, cp, k, s + i, fams);
            if (ctx->c->warn) {
                char msg[2048];
                snprintf(msg, sizeof msg,
                         "%s: character U+%04X (%.*s) is in no font of its role (%s); drawn as a "
                         "placeholder box",
                         where, cp, k, s + i, fams);
                ctx->c->warn(ctx->c->warn_ud, msg);
            }
        }
        i += (size_t)k;
    }
    return BP_OK;
}

void layout_draw_lines(bp_layout_ctx *ctx, bp_doc *doc, bp_page *pg, const text_block *b,
                       const bp_cell_box *box)
{
    double x = box->x, top = box->top, w = box->w, h = box->h, pad = box->pad;
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
        if (ln->len)
            layout_text_out(ctx, doc, pg,
                            &(bp_text_run){lx, base, b->role, size, b->bold, ln->s, ln->len});
    }
}

int layout_wrap_block(bp_layout_ctx *ctx, bp_arena *a, text_block *b, const char *text,
                      double inner, const text_origin *origin)
{
    char where[1024];
    const bp_font *f = ctx->fonts->role[b->role];
    if (b->scale <= 0) b->scale = 1;
    if (inner < b->size * 0.5) {
        layout_origin_format(origin, where, sizeof where);
        return bp_fail(ctx->c->e, BP_EINPUT,
                       "%s: the column is too narrow for its padding and indentation (%.1f mm "
                       "left for text)",
                       where, inner / BP_MM);
    }
    int rc = text_wrap(a, f, b->size, text, strlen(text), inner, &b->lines, &b->nlines);
    if (rc) {
        layout_origin_format(origin, where, sizeof where);
        return bp_fail(ctx->c->e, rc, "%s: cannot break text into lines", where);
    }
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
            if (text_wrap(a, f, b->size, text, strlen(text), mid, &lines, &n)) break;
            bool fits = n == b->nlines;
            for (int i = 0; fits && i < n; i++)
                fits = lines[i].width <= mid;
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
        if (ctx->c->warn) {
            char msg[1100];
            layout_origin_format(origin, where, sizeof where);
            snprintf(msg, sizeof msg, "%s: text is wider than its column; drawn at %.0f%% size",
                     where, b->scale * 100);
            ctx->c->warn(ctx->c->warn_ud, msg);
        }
    }
    return BP_OK;
}

void layout_leader(bp_layout_ctx *ctx, bp_doc *doc, bp_page *pg, double x0, double x1, double y,
                   double size)
{
    double dot = font_measure(ctx->fonts->role[BP_ROLE_BODY], size, "·", strlen("·"));
    int ndots = dot > 0 ? (int)((x1 - x0) / dot) : 0;
    if (ndots <= 0) return;
    char *dots = bp_alloc(ctx->c->a, (size_t)ndots * 2 + 1);
    for (int k = 0; k < ndots; k++)
        memcpy(dots + 2 * k, "\xC2\xB7", 2);
    layout_text_out(
        ctx, doc, pg,
        &(bp_text_run){x1 - ndots * dot, y, BP_ROLE_BODY, size, false, dots, (size_t)ndots * 2});
}
