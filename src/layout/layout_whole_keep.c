/* layout_whole_keep.c — a heading right before a table marker kept with
 * the table (layout_whole.h): set at the top of the table's first page,
 * above its title, the table laid out in the room left under it, so that
 * no heading is left alone at the bottom of a text page (or on a page of
 * its own) while its table starts on the next. docs/document.md, "Tables
 * between the sections". */
#include "layout_whole.h"

#include <string.h>

#include "layout_prose.h"

int whole_lead_count(const bp_text *t)
{
    int k = 0;
    while (k < t->nblocks && t->blocks[t->nblocks - 1 - k].kind < BP_DOC_BODY)
        k++;
    return k;
}

/* The narrower and the longer side of table t's paper (mm): its text
 * block is at least as wide, and as tall, as they leave whatever its
 * orientation. */
static void table_sides(const bp_table_spec *ts, double *narrow, double *tall)
{
    bool wide = ts->page_w > ts->page_h;
    *narrow = wide ? ts->page_h : ts->page_w;
    *tall = wide ? ts->page_w : ts->page_h;
}

int whole_lead_height(bp_layout_ctx *ctx, const bp_doc_style *st, const bp_text *lead, int t,
                      double *height)
{
    const bp_table_spec *ts = &ctx->set->tables[t];
    double narrow, tall;
    table_sides(ts, &narrow, &tall);
    double width = (narrow - ts->margin[1] - ts->margin[3]) * BP_MM;
    double room = (narrow - ts->margin[0] - ts->margin[2]) * BP_MM; /* a landscape page's */
    *height = -1;
    if (width <= 0 || room <= 0) return BP_OK;
    double h;
    BP_TRY(prose_lead_height(ctx, st, lead, width, &h));
    if (h <= room / 3) *height = h;
    return BP_OK;
}

/* Moves the items of pages [from, to), and their sources, up by dy. */
static void shift_pages(bp_doc *doc, int from, int to, double dy)
{
    for (int p = from; p < to; p++) {
        bp_page *pg = dl_page(doc, p);
        bp_dl_item *it = pg->items.items;
        for (int i = 0; i < pg->items.n; i++) {
            it[i].y += dy;
            if (it[i].kind != BP_DL_TEXT) it[i].y2 += dy;
        }
    }
    bp_dl_source *s = doc->sources.items;
    for (int i = 0; from < to && i < doc->sources.n; i++)
        if (s[i].page >= from && s[i].page < to) s[i].y += dy, s[i].y2 += dy;
}

int whole_keep_table(bp_layout_ctx *ctx, const whole_keep *k, int t, bp_table_pages *tp)
{
    const bp_layout_set *set = ctx->set;
    /* the table as its spec has it but for height more points of top
     * margin: a copy of the set, so that the spec the caller shares is
     * not touched */
    bp_layout_set s2 = *set;
    bp_table_spec *specs = bp_alloc(ctx->c->a, (size_t)set->ntables * sizeof *specs);
    memcpy(specs, set->tables, (size_t)set->ntables * sizeof *specs);
    specs[t].margin[0] += k->height / BP_MM;
    s2.tables = specs;
    bp_layout_ctx c2 = *ctx;
    c2.set = &s2;
    const char *entry;
    BP_TRY(layout_annex_table(&c2, t, k->tables, k->doc, tp, &entry, k->level));
    /* its later pages have the table's own top margin again */
    shift_pages(k->doc, tp->first_page + 1, tp->first_page + tp->npages, k->height);
    const bp_table_spec *ts = &set->tables[t];
    const bp_page *pg = dl_page(k->doc, tp->first_page);
    double w = dl_frame_width(pg), h = dl_frame_height(pg);
    prose_at at = {tp->first_page, ts->margin[3] * BP_MM, h - ts->margin[0] * BP_MM,
                   w - (ts->margin[1] + ts->margin[3]) * BP_MM};
    bp_vec heads;
    bp_vec_init(&heads, sizeof(prose_head));
    return prose_lead_draw(ctx, k->st, k->lead, &at, k->doc, &heads);
}
