/* layout_whole.c — the whole 部门预算公开 in order: its own cover and its
 * 目录 (parts, their sections, the 附件 and its tables, with their pages,
 * as links), described for the one front-matter module (layout_front.h),
 * the text parts (layout_prose.c), the annex's cover and tables
 * (layout_doc.c), page numbers, nested bookmarks, and each landscape page
 * turned on portrait paper (dl_turn_page). docs/document.md. */
#include "layout_front.h"

#include <string.h>

#include "layout_prose.h"

/* The document's contents style: entries wrapped in their room, indented
 * by level, the title on the first contents page. */
static bp_toc_style doc_toc_style(const bp_doc_style *st, const char *title)
{
    bp_toc_style ts = {.page = page_style_doc(st),
                       .title = title,
                       .title_size = st->title_size,
                       .title_each_page = false,
                       .first_entry = 3 * st->pitch,
                       .size = st->contents_size,
                       .pitch = st->pitch,
                       .wrap = true,
                       .numbers = true,
                       .leaders = true,
                       .leader_gap = 4,
                       .link_below = st->contents_size * 0.3};
    ts.per_page = page_style_lines(&ts.page, 3 * st->pitch, st->pitch);
    return ts;
}

/* The contents entries, known before layout (their pages are filled in
 * after it): parts and sections, the annex, its tables; each checked
 * against the fonts of its role (a part's: the title's). */
static int toc_entries(bp_layout_ctx *ctx, const bp_doc_style *st, const bp_text *t,
                       bp_toc_entry **out, int *n)
{
    const bp_layout_set *set = ctx->set;
    bp_toc_entry *en = bp_alloc(ctx->a, (size_t)(t->nblocks + 1 + set->ntables) * sizeof *en);
    int k = 0;
    memset(en, 0, (size_t)(t->nblocks + 1 + set->ntables) * sizeof *en);
    for (int i = 0; i < t->nblocks; i++)
        if (t->blocks[i].kind == BP_DOC_PART || t->blocks[i].kind == BP_DOC_SECTION) {
            en[k].text = layout_one_line(ctx->a, t->blocks[i].text);
            en[k++].level = t->blocks[i].kind == BP_DOC_PART ? 0 : 1;
        }
    en[k++].text = layout_expand(ctx->a, st->annex_entry, ctx->dept, -1, -1, NULL);
    for (int i = 0; i < set->ntables; i++) {
        const bp_table_spec *ts = &set->tables[i];
        en[k].text =
            layout_expand(ctx->a, ts->contents ? ts->contents : ts->title, ctx->dept, -1, -1, NULL);
        en[k].level = 1;
        en[k++].table = i + 1;
    }
    for (int i = 0; i < k; i++) {
        en[i].role = en[i].level ? BP_ROLE_BODY : BP_ROLE_TITLE;
        BP_TRY(layout_check_text(ctx, en[i].role, en[i].text, "a contents entry"));
    }
    *out = en;
    *n = k;
    return BP_OK;
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

/* The cover's title: the paragraphs before the text's first heading, one
 * line each, when it has some (then body holds the rest); else the
 * style's template. */
static int cover_title(bp_layout_ctx *ctx, const bp_doc_style *st, const bp_text *text,
                       bp_text *body, const char **title)
{
    *body = *text;
    int k = 0;
    while (k < text->nblocks && text->blocks[k].kind == BP_DOC_BODY)
        k++;
    if (!k) {
        *title = layout_expand(ctx->a, st->title, ctx->dept, -1, -1, NULL);
        return layout_check_text(ctx, BP_ROLE_TITLE, *title,
                                 tpl_where(st->title, "the document style's title"));
    }
    size_t len = 0; /* the paragraphs joined by "\n", in one pass */
    for (int i = 0; i < k; i++)
        len += strlen(text->blocks[i].text) + (i ? 1 : 0);
    char *t = bp_alloc(ctx->a, len + 1), *o = t;
    for (int i = 0; i < k; i++) {
        size_t n = strlen(text->blocks[i].text);
        if (i) *o++ = '\n';
        memcpy(o, text->blocks[i].text, n);
        o += n;
    }
    *o = 0;
    BP_TRY(layout_check_text(ctx, BP_ROLE_TITLE, t,
                             bp_sprintf(ctx->a, "%s:%d", text->file, text->blocks[0].line)));
    body->blocks += k;
    body->nblocks -= k;
    *title = t;
    return BP_OK;
}

/* The cover's title as the text's first ncover paragraphs joined by "\n"
 * (NULL: the style's title), for a line of it wider than the page. */
typedef struct cover_src {
    bp_layout_ctx *ctx;
    const char *title;
    const bp_text *whole;
    int ncover;
} cover_src;

/* A line of the cover's title wider than the page: as prose_fit says of a
 * line of the text (l->s points into the joined title). */
static int cover_fit(void *ud, const bp_line *l, double width)
{
    const cover_src *c = ud;
    size_t off = (size_t)(l->s - c->title), start = 0;
    for (int j = 0; j < c->ncover; j++) {
        size_t n = strlen(c->whole->blocks[j].text);
        if (off <= start + n)
            return prose_fit(c->ctx, c->whole, j, c->whole->blocks[j].text + (off - start), l->len,
                             l->width, width);
        start += n + 1;
    }
    return BP_OK;
}

/* The document's metadata, its cover and its contents entries, placed on
 * the contents pages added after the cover. */
static int lay_out_front(bp_layout_ctx *ctx, const bp_doc_style *st, const bp_text *text,
                         cover_src *cover, bp_doc *doc, bp_toc_style *ts, bp_toc_entry **en,
                         int *nent)
{
    const char *title = cover->title;
    front_metadata(ctx, doc, title, bp_sprintf(ctx->a, "%d年部门预算公开", ctx->dept->year));
    bp_too_wide too_wide = {cover_fit, cover};
    bp_cover c = {page_style_doc(st), NULL, 0, title, st->title_size, 0.66,
                  BP_CENTRE_BALANCE,  NULL, 0, 0,     &too_wide};
    BP_TRY(front_cover(ctx, doc, &c));
    if (doc->provenance && cover->ncover) /* the check report: findings on the title */
        prose_cover_sources(ctx, doc, dl_page_count(doc) - 1, cover->whole, cover->ncover, title);
    *ts = doc_toc_style(st, layout_expand(ctx->a, st->contents_title, ctx->dept, -1, -1, NULL));
    int ntoc;
    BP_TRY(toc_entries(ctx, st, text, en, nent));
    BP_TRY(front_contents_plan(ctx, ts, *en, *nent, &ntoc));
    for (int i = 0; i < ntoc; i++)
        page_style_add(doc, &ts->page);
    return BP_OK;
}

/* The page numbers of the text pages [from, to) and of the tables, and
 * the page labels. */
static int number_pages(bp_layout_ctx *ctx, const bp_doc_style *st, bp_doc *doc,
                        const bp_number_run *text, const bp_table_pages *tp)
{
    bp_number_style ns = {
        st->page_number, tpl_where(st->page_number, "the document style's page_number"),
        st->page_number_size, true, (st->margin[2] - st->page_number_gap) * BP_MM};
    if (!tpl_empty(st->page_number)) BP_TRY(front_page_numbers(ctx, doc, &ns, text));
    if (!tpl_empty(ctx->set->footer)) BP_TRY(front_table_footers(ctx, doc, tp, text->first));
    front_page_labels(ctx, doc, text->first, true, tp);
    return BP_OK;
}

int layout_whole_document(bp_layout_ctx *ctx, bp_table_data *const *tables, const bp_text *whole,
                          bp_doc *doc)
{
    const bp_layout_set *set = ctx->set;
    bp_arena *a = ctx->a;
    const bp_doc_style *st = doc_style_of(a, set);
    const char *title;
    bp_text body;
    BP_TRY(cover_title(ctx, st, whole, &body, &title));
    const bp_text *text = &body;
    bp_toc_style ts;
    bp_toc_entry *en;
    int nent, first_toc = dl_page_count(doc) + 1; /* after the cover */
    cover_src cover = {ctx, title, whole, (int)(body.blocks - whole->blocks)};
    BP_TRY(lay_out_front(ctx, st, text, &cover, doc, &ts, &en, &nent));
    int first_numbered = dl_page_count(doc);
    bp_vec heads;
    bp_vec_init(&heads, sizeof(prose_head));
    BP_TRY(layout_prose(ctx, st, text, doc, &heads));
    int text_end = dl_page_count(doc);
    const prose_head *h = heads.items;
    for (int i = 0; i < heads.n; i++) {
        dl_outline(doc, h[i].title, h[i].page, h[i].kind == BP_DOC_PART ? 0 : 1);
        en[i].page = h[i].page; /* the heads come in the entries' order */
    }
    bp_table_pages *tp = bp_alloc(a, (size_t)set->ntables * sizeof *tp);
    const char **entries = bp_alloc(a, (size_t)set->ntables * sizeof *entries), *annex;
    int annex_page = dl_page_count(doc);
    BP_TRY(lay_out_annex(ctx, st, tables, doc, tp, entries, &annex));
    en[heads.n].page = annex_page;
    for (int i = 0; i < set->ntables; i++)
        en[heads.n + 1 + i].page = tp[i].first_page;
    BP_TRY(layout_check_text(ctx, BP_ROLE_TITLE, ts.title,
                             tpl_where(st->contents_title, "the document style's contents_title")));
    BP_TRY(front_contents_draw(ctx, &ts, en, nent, first_toc, first_numbered, doc));
    bp_number_run run = {first_numbered, text_end, first_numbered,
                         dl_page_count(doc) - first_numbered};
    BP_TRY(number_pages(ctx, st, doc, &run, tp));
    for (int i = annex_page; i < dl_page_count(doc); i++)
        dl_turn_page(dl_page(doc, i));
    return BP_OK;
}
