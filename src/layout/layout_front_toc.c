/* layout_front_toc.c — the one contents (目录) of both documents
 * (layout_front.h): entries wrapped or shrunk to their room, placed on
 * contents pages by the one pager (layout_paginate), drawn with the page
 * number (or the table's first page label), a dotted leader and a link. */
#include "layout_front.h"

#include <stdio.h>
#include <string.h>

#include "layout_prose.h"

/* The room of an entry's text: a wrapped entry's line less its indent and
 * the room of a page number and its leader; a one-line entry's less its
 * number and the gaps around a leader. */
static double entry_room(const bp_toc_style *st, const bp_toc_entry *en, double x0, double x1,
                         double nw)
{
    double size = st->size;
    if (st->wrap && en->nlines > 1) return st->page.width - en->level * 2 * size - 4 * size;
    return x1 - x0 - nw - (st->wrap ? 2 * st->leader_gap : 24);
}

/* Wraps an entry: on one line when it fits before its page number (of up
 * to three digits), else between words into evened-out lines in its room
 * (layout_wrap_balanced). */
static int wrap_entry(bp_layout_ctx *ctx, const bp_toc_style *st, bp_toc_entry *en)
{
    const bp_font *f = ctx->fonts->role[en->role];
    double size = st->size, x1 = st->page.width - en->level * 2 * size;
    double nw = font_measure(ctx->fonts->role[BP_ROLE_BODY], size, "999", 3);
    size_t len = strlen(en->text);
    double w = font_measure(f, size, en->text, len);
    en->nlines = 1;
    if (w <= entry_room(st, en, 0, x1, st->numbers ? nw : 0) && !memchr(en->text, '\n', len)) {
        bp_line *l = bp_alloc(ctx->c->a, sizeof *l);
        *l = (bp_line){en->text, len, w, len};
        en->lines = l;
        return BP_OK;
    }
    en->nlines = 2; /* the room of a wrapped entry */
    if (layout_wrap_balanced(ctx->c->a, f, size, en->text, len, entry_room(st, en, 0, 0, 0),
                             &en->lines, &en->nlines))
        return bp_fail(ctx->c->e, BP_EINPUT, "cannot break the contents entry '%s' into lines",
                       en->text);
    return BP_OK;
}

int front_contents_plan(bp_layout_ctx *ctx, const bp_toc_style *st, bp_toc_entry *en, int n,
                        int *npages)
{
    *npages = 0;
    if (n == 0) return BP_OK;
    bp_pag_item *items = bp_alloc(ctx->c->a, (size_t)n * sizeof *items);
    for (int i = 0; i < n; i++) {
        if (st->wrap)
            BP_TRY(wrap_entry(ctx, st, &en[i]));
        else
            en[i].nlines = 1;
        if (en[i].nlines > st->per_page) en[i].nlines = st->per_page;
        items[i] = (bp_pag_item){(double)en[i].nlines, false, false, 0, 0};
    }
    /* heights in lines, a page holds per_page of them */
    bp_vec pieces;
    bp_vec_init(&pieces, sizeof(bp_piece));
    double cap = st->per_page;
    BP_TRY(layout_paginate(items, n, cap, cap, ctx->c->a, &pieces, npages, ctx->c->e));
    const bp_piece *pc = pieces.items;
    for (int k = 0; k < pieces.n; k++)
        en[pc[k].item].toc_page = pc[k].page;
    return BP_OK;
}

/* One entry from y down: its lines indented by level, the page number and
 * a dotted leader on its last line, a link over it all. Returns the y
 * under it. */
static double draw_entry(bp_layout_ctx *ctx, const bp_toc_style *st, bp_doc *doc, bp_page *pg,
                         const bp_toc_entry *en, const char *num, double y)
{
    const bp_font *f = ctx->fonts->role[BP_ROLE_BODY];
    double size = st->size;
    double x0 = st->page.left + en->level * 2 * size, x1 = st->page.right, top = y + size;
    if (!st->numbers) num = "";
    double nw = font_measure(f, size, num, strlen(num));
    double room = entry_room(st, en, x0, x1, nw), w = 0, base = y;
    for (int k = 0; k < en->nlines; k++, y -= st->pitch) {
        const bp_line *l = &en->lines[k];
        double sc = l->width > room ? room / l->width : 1;
        w = l->width * sc;
        base = y;
        layout_text_out(ctx, doc, pg,
                        &(bp_text_run){x0, y, en->role, size * sc, false, l->s, l->len});
    }
    if (num[0])
        layout_text_out(ctx, doc, pg,
                        &(bp_text_run){x1 - nw, base, BP_ROLE_BODY, size, false, num, strlen(num)});
    if (st->leaders)
        layout_leader(ctx, doc, pg, x0 + w + st->leader_gap, x1 - nw - st->leader_gap, base, size);
    dl_link(doc, pg, x0, base - st->link_below, x1, top, en->page);
    return y;
}

/* The number an entry shows: its page's, or its table's first page label
 * when numbers restart with each table. */
static const char *entry_number(bp_layout_ctx *ctx, const bp_toc_style *st, const bp_toc_entry *en,
                                int first_numbered)
{
    char num[32];
    if (en->table > 0 && st->per_table)
        snprintf(num, sizeof num, "%d-1", en->table);
    else
        snprintf(num, sizeof num, "%d", en->page - first_numbered + 1);
    return bp_strdup(ctx->c->a, num);
}

static void draw_title(bp_layout_ctx *ctx, const bp_toc_style *st, bp_doc *doc, bp_page *pg)
{
    double ts = st->title_size;
    const char *title = st->title;
    double tw = font_measure(ctx->fonts->role[BP_ROLE_TITLE], ts, title, strlen(title));
    layout_text_out(ctx, doc, pg,
                    &(bp_text_run){(pg->width - tw) / 2, st->page.top - ts, BP_ROLE_TITLE, ts,
                                   false, title, strlen(title)});
}

int front_contents_draw(bp_layout_ctx *ctx, const bp_toc_style *st, bp_toc_entry *en, int n,
                        int first_page, int first_numbered, bp_doc *doc)
{
    double y = 0;
    for (int i = 0; i < n; i++) {
        bp_page *pg = dl_page(doc, first_page + en[i].toc_page);
        if (i == 0 || en[i].toc_page != en[i - 1].toc_page) {
            y = st->page.top - st->first_entry;
            if (i == 0 || st->title_each_page) draw_title(ctx, st, doc, pg);
        }
        if (!st->wrap) { /* one line, measured now that the text is known */
            bp_line *l = bp_alloc(ctx->c->a, sizeof *l);
            const bp_font *f = ctx->fonts->role[en[i].role];
            size_t n = strlen(en[i].text);
            *l = (bp_line){en[i].text, n, font_measure(f, st->size, en[i].text, n), n};
            en[i].lines = l;
        }
        y = draw_entry(ctx, st, doc, pg, &en[i], entry_number(ctx, st, &en[i], first_numbered), y);
    }
    return BP_OK;
}
