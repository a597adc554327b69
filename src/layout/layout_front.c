/* layout_front.c — the front matter of both documents (layout_front.h):
 * the page styles (also a table's: page_style_table), the one cover, centred lines, the one page
 * numbering (numbers on pages, the set's footer on table pages, page labels) and the metadata. The
 * contents are in layout_front_toc.c. */
#include "layout_front.h"

#include <string.h>

#include "layout_prose.h"

#define A4_W (210 * BP_MM)
#define A4_H (297 * BP_MM)
#define ANNEX_MARGIN (25 * BP_MM)

bp_page_style page_style_annex(bool landscape)
{
    double w = landscape ? A4_H : A4_W, h = landscape ? A4_W : A4_H;
    return (bp_page_style){.w = w,
                           .h = h,
                           .left = ANNEX_MARGIN,
                           .right = w - ANNEX_MARGIN,
                           .top = h - ANNEX_MARGIN,
                           .bottom = ANNEX_MARGIN,
                           .width = w - 2 * ANNEX_MARGIN,
                           .height = h - 2 * ANNEX_MARGIN};
}

bp_page_style page_style_doc(const bp_doc_style *st)
{
    double w = st->page_w * BP_MM, h = st->page_h * BP_MM;
    return (bp_page_style){.w = w,
                           .h = h,
                           .left = st->margin[3] * BP_MM,
                           .right = w - st->margin[1] * BP_MM,
                           .top = h - st->margin[0] * BP_MM,
                           .bottom = st->margin[2] * BP_MM,
                           .width = (st->page_w - st->margin[1] - st->margin[3]) * BP_MM,
                           .height = (st->page_h - st->margin[0] - st->margin[2]) * BP_MM};
}

bp_page_style page_style_table(const bp_table_spec *t, double w, double h)
{
    bp_page_style ps = {.w = w, .h = h};
    ps.left = t->margin[3] * BP_MM;
    ps.right = w - t->margin[1] * BP_MM;
    ps.width = w - ps.left - t->margin[1] * BP_MM;
    ps.top = h - t->margin[0] * BP_MM;
    ps.bottom = t->margin[2] * BP_MM;
    ps.height = ps.top - ps.bottom;
    return ps;
}

int page_style_lines(const bp_page_style *ps, double reserve, double pitch)
{
    int n = pitch > 0 ? (int)((ps->height - reserve) / pitch) : 1;
    return n > 0 ? n : 1;
}

bp_page *page_style_add(bp_doc *doc, const bp_page_style *ps)
{
    return dl_add_page(doc, ps->w, ps->h);
}

/* Shrink mode: the size (down to 2/3) at which each of text's own lines
 * fits the width. */
static double shrunk_size(const bp_font *f, double size, const char *text, double width)
{
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        double w = font_measure(f, size, p, len);
        if (w > width && size * width / w >= size * 2 / 3) size = size * width / w;
        p += len + (nl ? 1 : 0);
    }
    return size;
}

static int centred_shrink(bp_layout_ctx *ctx, bp_doc *doc, bp_page *pg, const bp_centred *c,
                          const char *text, double *yio)
{
    const bp_font *f = ctx->fonts->role[c->role];
    double size = shrunk_size(f, c->size, text, c->width), width = c->width, y = *yio;
    bp_line *lines;
    int n;
    int rc = text_wrap_title(ctx->c->a, f, size, text, strlen(text), width, &lines, &n);
    if (rc) return bp_fail(ctx->c->e, rc, "cannot break '%s' into lines", text);
    for (int i = 0; i < n; i++) {
        double w = lines[i].width;
        double s = w > width ? size * width / w : size;
        w = w > width ? width : w;
        y -= size * 1.5;
        layout_text_out(
            ctx, doc, pg,
            &(bp_text_run){(pg->width - w) / 2, y, c->role, s, false, lines[i].s, lines[i].len});
    }
    *yio = y;
    return BP_OK;
}

static int centred_balance(bp_layout_ctx *ctx, bp_doc *doc, bp_page *pg, const bp_centred *c,
                           const char *text, double *yio)
{
    const bp_font *f = ctx->fonts->role[c->role];
    double size = c->size, pitch = size * 1.6, width = c->width, y = *yio;
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        bp_line *ls;
        int n;
        if (layout_wrap_balanced(ctx->c->a, f, size, p, len, width, &ls, &n))
            return bp_fail(ctx->c->e, BP_EINPUT, "cannot break the title '%s' into lines", text);
        for (int i = 0; i < n; i++, y -= pitch) {
            if (ls[i].width > width && c->too_wide)
                BP_TRY(c->too_wide->fn(c->too_wide->ud, &ls[i], width));
            double sc = ls[i].width > width ? width / ls[i].width : 1;
            layout_text_out(ctx, doc, pg,
                            &(bp_text_run){(pg->width - ls[i].width * sc) / 2, y, c->role,
                                           size * sc, false, ls[i].s, ls[i].len});
        }
        p += len + (nl ? 1 : 0);
    }
    *yio = y;
    return BP_OK;
}

int front_centred(bp_layout_ctx *ctx, bp_doc *doc, bp_page *pg, const bp_centred *c,
                  const char *text, double *y)
{
    return c->mode == BP_CENTRE_SHRINK ? centred_shrink(ctx, doc, pg, c, text, y)
                                       : centred_balance(ctx, doc, pg, c, text, y);
}

int front_cover(bp_layout_ctx *ctx, bp_doc *doc, const bp_cover *c)
{
    const bp_page_style *ps = &c->page;
    bp_page *pg = page_style_add(doc, ps);
    if (c->label && c->label[0])
        layout_text_out(ctx, doc, pg,
                        &(bp_text_run){ps->left, ps->top - c->label_size, BP_ROLE_TITLE,
                                       c->label_size, false, c->label, strlen(c->label)});
    double y = ps->h * c->title_at;
    bp_centred title = {BP_ROLE_TITLE, c->title_size, ps->width, c->mode, c->title_too_wide};
    BP_TRY(front_centred(ctx, doc, pg, &title, c->title, &y));
    if (c->nlines) y -= c->title_size * 1.5; /* a blank title line, then the lines */
    bp_centred line = {BP_ROLE_BODY, c->lines_size, ps->width, c->mode, NULL};
    for (int i = 0; i < c->nlines; i++)
        BP_TRY(front_centred(ctx, doc, pg, &line, c->lines[i], &y));
    return BP_OK;
}

/* ---- page numbers -------------------------------------------------------- */

static double number_y(const bp_number_style *ns, const bp_font *f)
{
    if (ns->under_text) return ns->at - font_ascent(f, ns->size);
    /* in the middle of the bottom margin */
    double bottom = ns->at, size = ns->size;
    return bottom > 2.5 * size ? bottom / 2 - size / 3 : size / 2;
}

int front_page_numbers(bp_layout_ctx *ctx, bp_doc *doc, const bp_number_style *ns,
                       const bp_number_run *run)
{
    const bp_font *f = ctx->fonts->role[BP_ROLE_BODY];
    double size = ns->size, y = number_y(ns, f);
    for (int i = run->from; i < run->to; i++) {
        bp_page *pg = dl_page(doc, i);
        const char *s =
            layout_expand(ctx->c->a, ns->tmpl, ctx->dept, i - run->first + 1, run->total, NULL);
        BP_TRY(layout_check_text(ctx, BP_ROLE_BODY, s, ns->where));
        double w = font_measure(f, size, s, strlen(s));
        layout_text_out(
            ctx, doc, pg,
            &(bp_text_run){(pg->width - w) / 2, y, BP_ROLE_BODY, size, false, s, strlen(s)});
    }
    return BP_OK;
}

int front_table_footers(bp_layout_ctx *ctx, bp_doc *doc, const bp_table_pages *tp,
                        int first_numbered)
{
    const bp_layout_set *set = ctx->set;
    int total = dl_page_count(doc) - first_numbered;
    bp_number_style ns = {set->footer, tpl_where(set->footer, set->file), 9, false, 0};
    for (int t = 0; t < set->ntables; t++) {
        bool per = set->numbers_per_table;
        bp_number_run run = {tp[t].first_page, tp[t].first_page + tp[t].npages,
                             per ? tp[t].first_page : first_numbered, per ? tp[t].npages : total};
        ns.at = set->tables[t].margin[2] * BP_MM;
        BP_TRY(front_page_numbers(ctx, doc, &ns, &run));
    }
    return BP_OK;
}

void front_page_labels(bp_layout_ctx *ctx, bp_doc *doc, int first_numbered, bool text_pages,
                       const bp_table_pages *tp)
{
    const bp_layout_set *set = ctx->set;
    bool per = tp && set->numbers_per_table;
    if (first_numbered > 0) dl_label(doc, 0, BP_LABEL_ROMAN, NULL, 1);
    if (text_pages || !per) dl_label(doc, first_numbered, BP_LABEL_DECIMAL, NULL, 1);
    for (int t = 0; per && t < set->ntables; t++)
        dl_label(doc, tp[t].first_page, BP_LABEL_DECIMAL, bp_sprintf(ctx->c->a, "%d-", t + 1), 1);
}

const char *layout_one_line(bp_arena *a, const char *s)
{
    char *t = bp_strdup(a, s);
    for (char *p = t; *p; p++)
        if (*p == '\n') *p = ' ';
    return t;
}

void front_metadata(bp_layout_ctx *ctx, bp_doc *doc, const char *title, const char *subject)
{
    doc->title = layout_one_line(ctx->c->a, title);
    doc->author = ctx->dept->name;
    doc->subject = subject;
    doc->keywords = bp_sprintf(ctx->c->a, "部门预算, %d, %s", ctx->dept->year, ctx->dept->name);
}
