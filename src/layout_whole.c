/* layout_whole.c — the whole 部门预算公开: the document's own cover, its
 * 目录 (parts, their sections, the 附件 and its tables, with their pages,
 * as links), the text parts (layout_prose.c), the annex's cover and tables
 * (layout_doc.c), page numbers, nested bookmarks, and each landscape page
 * turned on portrait paper (dl_turn_page). docs/document.md. */
#include "layout.h"

#include <string.h>

#include "layout_prose.h"

/* A line of the contents: its text, level, the page it leads to. */
typedef struct toc_entry {
    const char *text;
    int level, page;
} toc_entry;

/* Room of the contents pages: entries below the title. */
static int toc_per_page(const bp_doc_style *st)
{
    double h = (st->page_h - st->margin[0] - st->margin[2]) * BP_MM - 3 * st->pitch;
    int n = (int)(h / st->pitch);
    return n > 1 ? n : 1;
}

static void set_metadata(bp_layout_ctx *ctx, const char *title, bp_doc *doc)
{
    char *flat = bp_strdup(ctx->a, title);
    for (char *p = flat; *p; p++)
        if (*p == '\n') *p = ' ';
    doc->title = flat;
    doc->author = ctx->dept->name;
    doc->subject = bp_sprintf(ctx->a, "%d年部门预算公开", ctx->dept->year);
    doc->keywords = bp_sprintf(ctx->a, "部门预算, %d, %s", ctx->dept->year, ctx->dept->name);
}

static int draw_cover(bp_layout_ctx *ctx, const bp_doc_style *st, const char *title, bp_doc *doc)
{
    bp_page *pg = dl_add_page(doc, st->page_w * BP_MM, st->page_h * BP_MM);
    double y;
    double width = (st->page_w - st->margin[1] - st->margin[3]) * BP_MM;
    return layout_centered_lines(ctx, doc, pg, BP_ROLE_TITLE, st->title_size, title, width,
                                 pg->height * 0.68, &y);
}

/* One entry: indented by level, dotted leader, page number, link. */
static void draw_entry(bp_layout_ctx *ctx, const bp_doc_style *st, bp_doc *doc, bp_page *pg,
                       const toc_entry *en, const char *num, double y)
{
    const bp_font *f = ctx->fonts->role[BP_ROLE_BODY];
    double size = st->contents_size;
    double x0 = st->margin[3] * BP_MM + en->level * 2 * size;
    double x1 = pg->width - st->margin[1] * BP_MM;
    bp_role role = en->level ? BP_ROLE_BODY : BP_ROLE_TITLE;
    double nw = font_measure(f, size, num, strlen(num));
    double sw = font_measure(ctx->fonts->role[role], size, en->text, strlen(en->text));
    double avail = x1 - x0 - nw - 2 * size, sc = sw > avail ? avail / sw : 1;
    layout_text_out(ctx, doc, pg, x0, y, role, size * sc, false, en->text, strlen(en->text));
    layout_text_out(ctx, doc, pg, x1 - nw, y, BP_ROLE_BODY, size, false, num, strlen(num));
    double dot = font_measure(f, size, "·", strlen("·"));
    double lx0 = x0 + sw * sc + 4, lx1 = x1 - nw - 4;
    int ndots = dot > 0 ? (int)((lx1 - lx0) / dot) : 0;
    if (ndots > 0) {
        char *dots = bp_alloc(ctx->a, (size_t)ndots * 2 + 1);
        for (int k = 0; k < ndots; k++)
            memcpy(dots + 2 * k, "\xC2\xB7", 2);
        layout_text_out(ctx, doc, pg, lx1 - ndots * dot, y, BP_ROLE_BODY, size, false, dots,
                        (size_t)ndots * 2);
    }
    dl_link(doc, pg, x0, y - size * 0.3, x1, y + size, en->page);
}

static int draw_contents(bp_layout_ctx *ctx, const bp_doc_style *st, int first_page, int npages,
                         const toc_entry *en, int n, int first_numbered, bp_doc *doc)
{
    const char *title = layout_expand(ctx->a, st->contents_title, ctx->dept, -1, -1, NULL);
    BP_TRY(layout_check_text(ctx, BP_ROLE_TITLE, title,
                             tpl_where(st->contents_title, "the document style's contents_title")));
    int per = toc_per_page(st);
    for (int p = 0; p < npages; p++) {
        bp_page *pg = dl_page(doc, first_page + p);
        double top = pg->height - st->margin[0] * BP_MM, size = st->title_size;
        double tw = font_measure(ctx->fonts->role[BP_ROLE_TITLE], size, title, strlen(title));
        if (p == 0)
            layout_text_out(ctx, doc, pg, (pg->width - tw) / 2, top - size, BP_ROLE_TITLE, size,
                            false, title, strlen(title));
        double y = top - 3 * st->pitch;
        for (int i = p * per; i < (p + 1) * per && i < n; i++, y -= st->pitch) {
            const char *num = bp_sprintf(ctx->a, "%d", en[i].page - first_numbered + 1);
            BP_TRY(layout_check_text(ctx, en[i].level ? BP_ROLE_BODY : BP_ROLE_TITLE, en[i].text,
                                     "a contents entry"));
            draw_entry(ctx, st, doc, pg, &en[i], num, y);
        }
    }
    return BP_OK;
}

/* The page numbers of the text pages [from, to), from first_numbered on. */
static int number_pages(bp_layout_ctx *ctx, const bp_doc_style *st, bp_doc *doc, int from, int to,
                        int first_numbered)
{
    if (tpl_empty(st->page_number)) return BP_OK;
    const bp_font *f = ctx->fonts->role[BP_ROLE_BODY];
    double size = st->page_number_size;
    int total = dl_page_count(doc) - first_numbered;
    for (int i = from; i < to; i++) {
        bp_page *pg = dl_page(doc, i);
        const char *s =
            layout_expand(ctx->a, st->page_number, ctx->dept, i - first_numbered + 1, total, NULL);
        BP_TRY(layout_check_text(ctx, BP_ROLE_BODY, s,
                                 tpl_where(st->page_number, "the document style's page_number")));
        double w = font_measure(f, size, s, strlen(s));
        double y = (st->margin[2] - st->page_number_gap) * BP_MM - font_ascent(f, size);
        layout_text_out(ctx, doc, pg, (pg->width - w) / 2, y, BP_ROLE_BODY, size, false, s,
                        strlen(s));
    }
    return BP_OK;
}

/* The contents entries known before layout: their count fixes the
 * number of contents pages. */
static int count_entries(const bp_text *t, int ntables)
{
    int n = 1 + ntables; /* the annex and its tables */
    for (int i = 0; i < t->nblocks; i++)
        n += t->blocks[i].kind == BP_DOC_PART || t->blocks[i].kind == BP_DOC_SECTION;
    return n;
}

/* The annex: its cover (the 附件 divider) and its tables; its entry and
 * bookmark lead to its first page. */
static int lay_out_annex(bp_layout_ctx *ctx, const bp_doc_style *st, bp_table_data *const *tables,
                         bp_doc *doc, bp_table_pages *tp, const char **entries, const char **annex)
{
    const bp_layout_set *set = ctx->set;
    int first = dl_page_count(doc);
    *annex = layout_expand(ctx->a, st->annex_entry, ctx->dept, -1, -1, NULL);
    if (set->cover_title) BP_TRY(layout_annex_cover(ctx, doc));
    int mark = doc->outlines.n;
    dl_outline(doc, *annex, first, 0);
    BP_TRY(layout_annex_tables(ctx, tables, doc, tp, entries, 1));
    /* the bookmark leads to the first page even without a cover */
    ((bp_outline *)doc->outlines.items)[mark].page = first;
    return BP_OK;
}

int layout_whole_document(bp_layout_ctx *ctx, bp_table_data *const *tables, const bp_text *text,
                          bp_doc *doc)
{
    const bp_layout_set *set = ctx->set;
    bp_arena *a = ctx->a;
    const bp_doc_style *st = doc_style_of(a, set);
    const char *title = layout_expand(a, st->title, ctx->dept, -1, -1, NULL);
    BP_TRY(layout_check_text(ctx, BP_ROLE_TITLE, title,
                             tpl_where(st->title, "the document style's title")));
    set_metadata(ctx, title, doc);
    BP_TRY(draw_cover(ctx, st, title, doc));
    int nent = count_entries(text, set->ntables), per = toc_per_page(st);
    int first_toc = dl_page_count(doc), ntoc = (nent + per - 1) / per;
    for (int i = 0; i < ntoc; i++)
        dl_add_page(doc, st->page_w * BP_MM, st->page_h * BP_MM);
    int first_numbered = dl_page_count(doc);
    bp_vec heads;
    bp_vec_init(&heads, sizeof(prose_head));
    BP_TRY(layout_prose(ctx, st, text, doc, &heads));
    int text_end = dl_page_count(doc);
    const prose_head *h = heads.items;
    for (int i = 0; i < heads.n; i++)
        dl_outline(doc, h[i].title, h[i].page, h[i].kind == BP_DOC_PART ? 0 : 1);
    bp_table_pages *tp = bp_alloc(a, (size_t)set->ntables * sizeof *tp);
    const char **entries = bp_alloc(a, (size_t)set->ntables * sizeof *entries), *annex;
    int annex_page = dl_page_count(doc);
    BP_TRY(lay_out_annex(ctx, st, tables, doc, tp, entries, &annex));
    /* the contents, now that every page is known */
    toc_entry *en = bp_alloc(a, (size_t)nent * sizeof *en);
    int n = 0;
    for (int i = 0; i < heads.n; i++)
        en[n++] = (toc_entry){h[i].title, h[i].kind == BP_DOC_PART ? 0 : 1, h[i].page};
    en[n++] = (toc_entry){annex, 0, annex_page};
    for (int i = 0; i < set->ntables; i++)
        en[n++] = (toc_entry){entries[i], 1, tp[i].first_page};
    BP_TRY(draw_contents(ctx, st, first_toc, ntoc, en, n, first_numbered, doc));
    BP_TRY(number_pages(ctx, st, doc, first_numbered, text_end, first_numbered));
    if (!tpl_empty(set->footer)) BP_TRY(layout_annex_footers(ctx, doc, tp, first_numbered));
    dl_label(doc, 0, BP_LABEL_ROMAN, NULL, 1);
    dl_label(doc, first_numbered, BP_LABEL_DECIMAL, NULL, 1);
    for (int i = annex_page; i < dl_page_count(doc); i++)
        dl_turn_page(dl_page(doc, i));
    return BP_OK;
}
