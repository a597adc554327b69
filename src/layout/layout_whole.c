/* layout_whole.c — the whole 部门预算公开 in order: its own cover and its
 * 目录 (parts, their sections, the tables placed between them, the 附件 and
 * its tables, with their pages, as links), described for the one
 * front-matter module (layout_front.h), then the body's runs in the order
 * layout_whole_plan.c gives: text parts (layout_prose.c), tables placed in
 * the text and the annex's divider and tables (layout_doc.c); one page
 * number style and sequence on every page from the first text page on,
 * nested bookmarks, and in a portrait document each landscape page turned
 * on portrait paper (dl_turn_page). docs/document.md. */
#include "layout_whole.h"

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
                       .link_below = st->contents_size * 0.3,
                       .per_table = false};
    ts.per_page = page_style_lines(&ts.page, 3 * st->pitch, st->pitch);
    return ts;
}

/* The cover's title: the paragraphs before the text's first heading, one
 * line each, when it has some (then body holds the rest); else the
 * style's template. */
static int cover_title(bp_layout_ctx *ctx, const bp_doc_style *st, const bp_text *text,
                       bp_text *body, const char **title)
{
    *body = *text;
    int k = 0;
    while (k < text->nblocks && text->blocks[k].kind == BP_DOC_BODY && !text->blocks[k].place)
        k++;
    if (!k) {
        *title = layout_expand(ctx->c->a, st->title, ctx->dept, -1, -1, NULL);
        return layout_check_text(ctx, BP_ROLE_TITLE, *title,
                                 tpl_where(st->title, "the document style's title"));
    }
    size_t len = 0; /* the paragraphs joined by "\n", in one pass */
    for (int i = 0; i < k; i++)
        len += strlen(text->blocks[i].text) + (i ? 1 : 0);
    char *t = bp_alloc(ctx->c->a, len + 1), *o = t;
    for (int i = 0; i < k; i++) {
        size_t n = strlen(text->blocks[i].text);
        if (i) *o++ = '\n';
        memcpy(o, text->blocks[i].text, n);
        o += n;
    }
    *o = 0;
    BP_TRY(layout_check_text(ctx, BP_ROLE_TITLE, t,
                             bp_sprintf(ctx->c->a, "%s:%d", text->file, text->blocks[0].line)));
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
static int lay_out_front(bp_layout_ctx *ctx, const bp_doc_style *st, const whole_plan *plan,
                         cover_src *cover, bp_doc *doc, bp_toc_style *ts, bp_toc_entry **en,
                         int *nent)
{
    const char *title = cover->title;
    front_metadata(ctx, doc, title, bp_sprintf(ctx->c->a, "%d年部门预算公开", ctx->dept->year));
    bp_too_wide too_wide = {cover_fit, cover};
    bp_cover c = {page_style_doc(st), NULL, 0, title, st->title_size, 0.66,
                  BP_CENTRE_BALANCE,  NULL, 0, 0,     &too_wide};
    BP_TRY(front_cover(ctx, doc, &c));
    if (doc->provenance && cover->ncover) /* the check report: findings on the title */
        prose_cover_sources(ctx, doc, dl_page_count(doc) - 1, cover->whole, cover->ncover, title);
    *ts = doc_toc_style(st, layout_expand(ctx->c->a, st->contents_title, ctx->dept, -1, -1, NULL));
    int ntoc;
    BP_TRY(whole_toc_entries(ctx, st, plan, en, nent));
    BP_TRY(front_contents_plan(ctx, ts, *en, *nent, &ntoc));
    for (int i = 0; i < ntoc; i++)
        page_style_add(doc, &ts->page);
    return BP_OK;
}

/* The body laid out run by run at the end of doc: each entry of en (in
 * the runs' order) gets its page, each heading and table its bookmark. */
typedef struct body_job {
    bp_layout_ctx *ctx;
    const bp_doc_style *st;
    bp_table_data *const *tables;
    bp_doc *doc;
    bp_toc_entry *en;
    int k, nent;        /* the next entry, the entries */
    bp_table_pages *tp; /* per table of the set */
    bp_vec heads;       /* prose_head */
} body_job;

/* Gives the next entry (in the runs' order) its page. */
static int entry_page(body_job *J, int page)
{
    if (J->k >= J->nent)
        return bp_fail(J->ctx->c->e, BP_EINPUT, "the contents have %d entries, the body more",
                       J->nent);
    J->en[J->k++].page = page;
    return BP_OK;
}

static int lay_out_text(body_job *J, const bp_text *text)
{
    int h0 = J->heads.n;
    BP_TRY(layout_prose(J->ctx, J->st, text, J->doc, &J->heads));
    const prose_head *h = J->heads.items;
    for (int i = h0; i < J->heads.n; i++) { /* the heads come in the entries' order */
        dl_outline(J->doc, h[i].title, h[i].page, h[i].kind == BP_DOC_PART ? 0 : 1);
        BP_TRY(entry_page(J, h[i].page));
    }
    return BP_OK;
}

static int lay_out_tables(body_job *J, const whole_run *r, int level)
{
    for (int i = 0; i < r->ntables; i++) {
        int t = r->tables[i];
        const char *entry;
        BP_TRY(layout_annex_table(J->ctx, t, J->tables, J->doc, &J->tp[t], &entry, level));
        BP_TRY(entry_page(J, J->tp[t].first_page));
    }
    return BP_OK;
}

/* The headings lead that end a text run, then the tables run r after it,
 * the headings at the top of its first table's first page (keep with
 * next): their bookmarks and entries, then the tables'. */
static int lay_out_kept(body_job *J, const bp_text *lead, double height, const whole_run *r)
{
    int t = r->tables[0], mark = J->doc->outlines.n, k0 = J->k;
    for (int b = 0; b < lead->nblocks; b++) { /* on the page the table will start */
        const bp_block *bl = &lead->blocks[b];
        if (bl->kind != BP_DOC_PART && bl->kind != BP_DOC_SECTION) continue;
        int page = dl_page_count(J->doc);
        dl_outline(J->doc, layout_one_line(J->ctx->c->a, bl->text), page,
                   bl->kind == BP_DOC_PART ? 0 : 1);
        BP_TRY(entry_page(J, page));
    }
    whole_keep k = {J->st, lead, height, J->tables, J->doc, r->level};
    BP_TRY(whole_keep_table(J->ctx, &k, t, &J->tp[t]));
    BP_TRY(entry_page(J, J->tp[t].first_page));
    int first = J->tp[t].first_page, nh = J->k - 1 - k0; /* the headings': where it did start */
    for (int i = 0; i < nh; i++)
        ((bp_outline *)J->doc->outlines.items)[mark + i].page = first, J->en[k0 + i].page = first;
    whole_run rest = *r;
    rest.tables++, rest.ntables--;
    return lay_out_tables(J, &rest, r->level);
}

/* A text run, and the tables run after it when the headings that end the
 * text go with them (whole_lead_height); *done: both were laid out. */
static int lay_out_text_run(body_job *J, const whole_run *r, const whole_run *next, bool *done)
{
    *done = false;
    int n = whole_lead_count(&r->text);
    double height = -1;
    if (n && next && next->kind == WHOLE_TABLES && next->ntables)
        BP_TRY(whole_lead_height(J->ctx, J->st,
                                 &(bp_text){.file = r->text.file,
                                            .blocks = r->text.blocks + r->text.nblocks - n,
                                            .nblocks = n},
                                 next->tables[0], &height));
    if (height < 0) return lay_out_text(J, &r->text);
    bp_text text = r->text, lead = r->text;
    text.nblocks -= n;
    lead.blocks += text.nblocks, lead.nblocks = n;
    if (text.nblocks) BP_TRY(lay_out_text(J, &text));
    *done = true;
    return lay_out_kept(J, &lead, height, next);
}

/* The annex: its divider (set.yaml `cover:`) and its tables; its entry and
 * bookmark (unless the style's `annex:` is empty) lead to its first page. */
static int lay_out_annex(body_job *J, const whole_run *r)
{
    bp_layout_ctx *ctx = J->ctx;
    bp_doc *doc = J->doc;
    int first = dl_page_count(doc), level = r->level;
    bool landscape = J->st->page_w > J->st->page_h; /* the divider turns with the document */
    if (ctx->set->cover_title) BP_TRY(layout_annex_cover(ctx, doc, landscape));
    if (!whole_annex_entry(J->st)) return lay_out_tables(J, r, level);
    int mark = doc->outlines.n;
    dl_outline(doc, layout_expand(ctx->c->a, J->st->annex_entry, ctx->dept, -1, -1, NULL), first,
               level);
    BP_TRY(entry_page(J, first));
    BP_TRY(lay_out_tables(J, r, level + 1));
    /* the bookmark leads to the first page even without a divider */
    ((bp_outline *)doc->outlines.items)[mark].page = first;
    return BP_OK;
}

/* One page number style and sequence on every page from first on: the
 * document style's page_number under the text block (text pages, the
 * divider), on a table's page at the same height when that is 2 mm or more
 * inside its bottom margin, else centred in the margin; the page labels
 * agree. */
static int number_pages(bp_layout_ctx *ctx, const bp_doc_style *st, bp_doc *doc, int first,
                        const bp_table_pages *tp)
{
    const bp_layout_set *set = ctx->set;
    int np = dl_page_count(doc), total = np - first;
    front_page_labels(ctx, doc, first, true, NULL);
    if (tpl_empty(st->page_number)) return BP_OK;
    bp_number_style ns = {
        st->page_number, tpl_where(st->page_number, "the document style's page_number"),
        st->page_number_size, true, (st->margin[2] - st->page_number_gap) * BP_MM};
    bool *table_page = bp_alloc(ctx->c->a, (size_t)np * sizeof *table_page);
    memset(table_page, 0, (size_t)np * sizeof *table_page);
    for (int t = 0; t < set->ntables; t++) {
        bp_number_style ts = ns; /* where the text pages have it, when that is in the margin */
        double margin = set->tables[t].margin[2] * BP_MM;
        if (ns.at > margin - 2 * BP_MM) ts.under_text = false, ts.at = margin;
        bp_number_run run = {tp[t].first_page, tp[t].first_page + tp[t].npages, first, total};
        BP_TRY(front_page_numbers(ctx, doc, &ts, &run));
        for (int p = run.from; p < run.to; p++)
            table_page[p] = true;
    }
    for (int p = first; p < np; p++)
        if (!table_page[p])
            BP_TRY(front_page_numbers(ctx, doc, &ns, &(bp_number_run){p, p + 1, first, total}));
    return BP_OK;
}

static int lay_out_body(body_job *J, const whole_plan *plan)
{
    for (int i = 0; i < plan->nruns; i++) {
        const whole_run *r = &plan->runs[i];
        bool both = false;
        BP_TRY(r->kind == WHOLE_TEXT
                   ? lay_out_text_run(J, r, i + 1 < plan->nruns ? r + 1 : NULL, &both)
               : r->kind == WHOLE_TABLES ? lay_out_tables(J, r, r->level)
                                         : lay_out_annex(J, r));
        if (both) i++;
    }
    return BP_OK;
}

int layout_whole_document(bp_layout_ctx *ctx, bp_table_data *const *tables, const bp_text *whole,
                          bp_doc *doc)
{
    bp_arena *a = ctx->c->a;
    const bp_doc_style *st = doc_style_of(a, ctx->set);
    const char *title;
    bp_text body;
    BP_TRY(cover_title(ctx, st, whole, &body, &title));
    whole_plan plan;
    BP_TRY(whole_plan_make(ctx, &body, &plan));
    bp_toc_style ts;
    bp_toc_entry *en;
    int nent, first_toc = dl_page_count(doc) + 1; /* after the cover */
    cover_src cover = {ctx, title, whole, (int)(body.blocks - whole->blocks)};
    BP_TRY(lay_out_front(ctx, st, &plan, &cover, doc, &ts, &en, &nent));
    int first_numbered = dl_page_count(doc);
    body_job J = {.ctx = ctx, .st = st, .tables = tables, .doc = doc, .en = en, .nent = nent};
    J.tp = bp_alloc(a, (size_t)(ctx->set->ntables + 1) * sizeof *J.tp);
    bp_vec_init(&J.heads, sizeof(prose_head));
    BP_TRY(lay_out_body(&J, &plan));
    BP_TRY(layout_check_text(ctx, BP_ROLE_TITLE, ts.title,
                             tpl_where(st->contents_title, "the document style's contents_title")));
    BP_TRY(front_contents_draw(ctx, &ts, en, nent, first_toc, first_numbered, doc));
    BP_TRY(number_pages(ctx, st, doc, first_numbered, J.tp));
    if (st->page_w <= st->page_h) /* a portrait document: its landscape pages turned */
        for (int i = first_numbered; i < dl_page_count(doc); i++)
            dl_turn_page(dl_page(doc, i));
    return BP_OK;
}
