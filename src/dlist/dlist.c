/* dlist.c — building the display list (pages of text, rules and links). */
#include "dlist.h"

#include <string.h>

void dl_init(bp_doc *doc, bp_arena *a)
{
    memset(doc, 0, sizeof *doc);
    doc->arena = a;
    bp_vec_init(&doc->pages, sizeof(bp_page));
    bp_vec_init(&doc->outlines, sizeof(bp_outline));
    bp_vec_init(&doc->labels, sizeof(bp_label));
    bp_vec_init(&doc->sources, sizeof(bp_dl_source));
    doc->source_date = -1;
}

bp_page *dl_add_page(bp_doc *doc, double width, double height)
{
    bp_page *p = bp_vec_push(doc->arena, &doc->pages);
    p->width = width;
    p->height = height;
    p->rotate = 0;
    bp_vec_init(&p->items, sizeof(bp_dl_item));
    return p;
}

bp_page *dl_page(const bp_doc *doc, int i)
{
    return (bp_page *)doc->pages.items + i;
}

int dl_page_count(const bp_doc *doc)
{
    return doc->pages.n;
}

static bp_dl_item *push(bp_doc *doc, bp_page *p, bp_dl_kind kind)
{
    bp_dl_item *it = bp_vec_push(doc->arena, &p->items);
    it->kind = kind;
    return it;
}

void dl_text(bp_doc *doc, bp_page *p, const bp_text_run *r)
{
    bp_dl_item *it = push(doc, p, BP_DL_TEXT);
    it->x = r->x;
    it->y = r->y;
    it->role = r->role;
    it->size = r->size;
    it->bold = r->bold;
    it->text = r->s;
    it->len = r->len;
}

void dl_line(bp_doc *doc, bp_page *p, double x, double y, double x2, double y2, double width)
{
    bp_dl_item *it = push(doc, p, BP_DL_LINE);
    it->x = x, it->y = y, it->x2 = x2, it->y2 = y2;
    it->line_width = width;
}

void dl_rect(bp_doc *doc, bp_page *p, double x, double y, double x2, double y2, double gray)
{
    bp_dl_item *it = push(doc, p, BP_DL_RECT);
    it->x = x, it->y = y, it->x2 = x2, it->y2 = y2;
    it->gray = gray;
}

void dl_link(bp_doc *doc, bp_page *p, double x, double y, double x2, double y2, int target)
{
    bp_dl_item *it = push(doc, p, BP_DL_LINK);
    it->x = x, it->y = y, it->x2 = x2, it->y2 = y2;
    it->target = target;
}

void dl_source(bp_doc *doc, const bp_page *p, bp_dl_source s)
{
    s.page = (int)(p - (const bp_page *)doc->pages.items);
    *(bp_dl_source *)bp_vec_push(doc->arena, &doc->sources) = s;
}

void dl_link_to(bp_doc *doc, bp_page *p, double x, double y, double x2, double y2, int target,
                double dest_y)
{
    dl_link(doc, p, x, y, x2, y2, target);
    bp_dl_item *it = (bp_dl_item *)p->items.items + p->items.n - 1;
    it->dest_y = dest_y;
}

void dl_mark(bp_doc *doc, bp_page *p, double x, double y, double x2, double y2, bp_mark_style style,
             double width)
{
    bp_dl_item *it = push(doc, p, BP_DL_MARK);
    it->x = x, it->y = y, it->x2 = x2, it->y2 = y2;
    it->line_width = width;
    it->role = (unsigned char)style;
}

void dl_note(bp_doc *doc, bp_page *p, double x, double y, double x2, double y2, bp_mark_style style,
             const char *text)
{
    bp_dl_item *it = push(doc, p, BP_DL_NOTE);
    it->x = x, it->y = y, it->x2 = x2, it->y2 = y2;
    it->role = (unsigned char)style;
    it->text = text;
    it->len = (uint32_t)strlen(text);
}

void dl_insert_pages(bp_doc *doc, int at, int n, double width, double height)
{
    if (n <= 0) return;
    for (int i = 0; i < n; i++)
        dl_add_page(doc, width, height);
    bp_page *pg = doc->pages.items;
    int total = doc->pages.n;
    bp_page *fresh = bp_alloc(doc->arena, (size_t)n * sizeof *fresh);
    memcpy(fresh, pg + total - n, (size_t)n * sizeof *pg);
    memmove(pg + at + n, pg + at, (size_t)(total - n - at) * sizeof *pg);
    memcpy(pg + at, fresh, (size_t)n * sizeof *pg);
    for (int p = 0; p < total; p++) {
        bp_dl_item *it = pg[p].items.items;
        for (int i = 0; i < pg[p].items.n; i++)
            if (it[i].kind == BP_DL_LINK && it[i].target >= at) it[i].target += n;
    }
    bp_outline *o = doc->outlines.items;
    for (int i = 0; i < doc->outlines.n; i++)
        if (o[i].page >= at) o[i].page += n;
    bp_label *l = doc->labels.items;
    for (int i = 0; i < doc->labels.n; i++)
        if (l[i].page >= at) l[i].page += n;
    bp_dl_source *s = doc->sources.items;
    for (int i = 0; i < doc->sources.n; i++)
        if (s[i].page >= at) s[i].page += n;
}

void dl_outline(bp_doc *doc, const char *title, int page, int level)
{
    bp_outline *o = bp_vec_push(doc->arena, &doc->outlines);
    o->title = title;
    o->page = page;
    o->level = level;
}

void dl_label(bp_doc *doc, int page, bp_label_style style, const char *prefix, int first)
{
    bp_label *l = bp_vec_push(doc->arena, &doc->labels);
    l->page = page;
    l->style = style;
    l->prefix = prefix;
    l->first = first;
}

void dl_turn_page(bp_page *p)
{
    if (p->rotate || p->width <= p->height) return;
    double w = p->width;
    p->width = p->height;
    p->height = w;
    p->rotate = 90;
}
