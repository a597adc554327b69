/* layout_whole.c — the whole 部门预算公开: the document's own cover, its
 * 目录 (parts, their sections, the 附件 and its tables, with their pages,
 * as links), the text parts (layout_prose.c), the annex's cover and tables
 * (layout_doc.c), page numbers, nested bookmarks, and each landscape page
 * turned on portrait paper (dl_turn_page). docs/document.md. */
#include "layout.h"

#include <string.h>

#include "layout_prose.h"

/* A line of the contents: its text, level, the page it leads to; its
 * text wrapped (at most a few lines) and the contents page it is on. */
typedef struct toc_entry {
    const char *text;
    int level, page;
    bp_line *lines;
    int nlines, toc_page;
    int table; /* 1-based: the annex's table it leads to; 0: none */
} toc_entry;

/* Contents lines a page holds below the title. */
static int toc_per_page(const bp_doc_style *st)
{
    double h = (st->page_h - st->margin[0] - st->margin[2]) * BP_MM - 3 * st->pitch;
    int n = (int)(h / st->pitch);
    return n > 1 ? n : 1;
}

static bp_role toc_role(const toc_entry *en)
{
    return en->level ? BP_ROLE_BODY : BP_ROLE_TITLE;
}

/* The room of an entry's text: the line less its indent and the room of
 * a page number and its leader. */
static double toc_room(const bp_doc_style *st, int level)
{
    double size = st->contents_size;
    return (st->page_w - st->margin[1] - st->margin[3]) * BP_MM - level * 2 * size - 4 * size;
}

/* Wraps each entry and places it on a contents page (an entry is never
 * split); returns the count of contents pages. */
static int toc_wrap(bp_layout_ctx *ctx, const bp_doc_style *st, toc_entry *en, int n, int *npages)
{
    int per = toc_per_page(st), page = 0, used = 0;
    for (int i = 0; i < n; i++) {
        const char *where = "a contents entry";
        BP_TRY(layout_check_text(ctx, toc_role(&en[i]), en[i].text, where));
        const bp_font *f = ctx->fonts->role[toc_role(&en[i])];
        double size = st->contents_size, room = toc_room(st, en[i].level);
        size_t len = strlen(en[i].text);
        if (text_wrap(ctx->a, f, size, en[i].text, len, room, &en[i].lines, &en[i].nlines))
            return bp_fail(ctx->e, BP_EINPUT, "cannot break the contents entry '%s' into lines",
                           en[i].text);
        /* a last line of a character or two: the lines evened out */
        if (en[i].nlines > 1 && en[i].lines[en[i].nlines - 1].width < 3 * size &&
            layout_wrap_balanced(ctx->a, f, size, en[i].text, len, room, &en[i].lines,
                                 &en[i].nlines))
            return bp_fail(ctx->e, BP_EINPUT, "cannot break the contents entry '%s' into lines",
                           en[i].text);
        if (en[i].nlines > per) en[i].nlines = per;
        if (used + en[i].nlines > per) page++, used = 0;
        en[i].toc_page = page;
        used += en[i].nlines;
    }
    *npages = page + 1;
    return BP_OK;
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

/* A line of the cover's title wider than the page: as prose_fit says of
 * a line of the text, when the title is the text's first ncover
 * paragraphs joined by "\n" (s points into title). */
static int cover_fit(bp_layout_ctx *ctx, const char *title, const bp_text *whole, int ncover,
                     const bp_line *l, double width)
{
    size_t off = (size_t)(l->s - title), start = 0;
    for (int j = 0; j < ncover; j++) {
        size_t n = strlen(whole->blocks[j].text);
        if (off <= start + n)
            return prose_fit(ctx, whole, j, whole->blocks[j].text + (off - start), l->len, l->width,
                             width);
        start += n + 1;
    }
    return BP_OK;
}

/* The cover: the title centred, each of its lines wrapped evenly (a long
 * title in two equal lines, not a full one and a stub). The title is the
 * first ncover paragraphs of whole, or the style's (ncover 0). */
static int draw_cover(bp_layout_ctx *ctx, const bp_doc_style *st, const char *title,
                      const bp_text *whole, int ncover, bp_doc *doc)
{
    bp_page *pg = dl_add_page(doc, st->page_w * BP_MM, st->page_h * BP_MM);
    const bp_font *f = ctx->fonts->role[BP_ROLE_TITLE];
    double size = st->title_size, pitch = size * 1.6;
    double width = (st->page_w - st->margin[1] - st->margin[3]) * BP_MM;
    double y = pg->height * 0.66;
    for (const char *p = title; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        bp_line *ls;
        int n;
        if (layout_wrap_balanced(ctx->a, f, size, p, len, width, &ls, &n))
            return bp_fail(ctx->e, BP_EINPUT, "cannot break the title '%s' into lines", title);
        for (int i = 0; i < n; i++, y -= pitch) {
            if (ls[i].width > width) BP_TRY(cover_fit(ctx, title, whole, ncover, &ls[i], width));
            double sc = ls[i].width > width ? width / ls[i].width : 1;
            layout_text_out(ctx, doc, pg, (pg->width - ls[i].width * sc) / 2, y, BP_ROLE_TITLE,
                            size * sc, false, ls[i].s, ls[i].len);
        }
        p += len + (nl ? 1 : 0);
    }
    return BP_OK;
}

/* One entry from y down: its lines indented by level, a dotted leader
 * and the page number on its last line, a link over it all. Returns the
 * y under it. */
static double draw_entry(bp_layout_ctx *ctx, const bp_doc_style *st, bp_doc *doc, bp_page *pg,
                         const toc_entry *en, const char *num, double y)
{
    const bp_font *f = ctx->fonts->role[BP_ROLE_BODY];
    double size = st->contents_size, room = toc_room(st, en->level);
    double x0 = st->margin[3] * BP_MM + en->level * 2 * size;
    double x1 = pg->width - st->margin[1] * BP_MM, top = y + size;
    double w = 0;
    for (int k = 0; k < en->nlines; k++, y -= st->pitch) {
        const bp_line *l = &en->lines[k];
        double sc = l->width > room ? room / l->width : 1;
        w = l->width * sc;
        layout_text_out(ctx, doc, pg, x0, y, toc_role(en), size * sc, false, l->s, l->len);
    }
    y += st->pitch; /* the last line's baseline */
    double nw = font_measure(f, size, num, strlen(num));
    layout_text_out(ctx, doc, pg, x1 - nw, y, BP_ROLE_BODY, size, false, num, strlen(num));
    layout_leader(ctx, doc, pg, x0 + w + 4, x1 - nw - 4, y, size);
    dl_link(doc, pg, x0, y - size * 0.3, x1, top, en->page);
    return y - st->pitch;
}

static int draw_contents(bp_layout_ctx *ctx, const bp_doc_style *st, int first_page,
                         const toc_entry *en, int n, int first_numbered, bp_doc *doc)
{
    const char *title = layout_expand(ctx->a, st->contents_title, ctx->dept, -1, -1, NULL);
    BP_TRY(layout_check_text(ctx, BP_ROLE_TITLE, title,
                             tpl_where(st->contents_title, "the document style's contents_title")));
    double y = 0;
    for (int i = 0; i < n; i++) {
        bp_page *pg = dl_page(doc, first_page + en[i].toc_page);
        double top = pg->height - st->margin[0] * BP_MM, size = st->title_size;
        if (i == 0 || en[i].toc_page != en[i - 1].toc_page) y = top - 3 * st->pitch;
        if (i == 0) {
            double tw = font_measure(ctx->fonts->role[BP_ROLE_TITLE], size, title, strlen(title));
            layout_text_out(ctx, doc, pg, (pg->width - tw) / 2, top - size, BP_ROLE_TITLE, size,
                            false, title, strlen(title));
        }
        /* a table's number is its first page's label when pages are
         * numbered per table (page_numbers: table), as in the annex */
        const char *num = en[i].table > 0 && ctx->set->numbers_per_table
                              ? bp_sprintf(ctx->a, "%d-1", en[i].table)
                              : bp_sprintf(ctx->a, "%d", en[i].page - first_numbered + 1);
        y = draw_entry(ctx, st, doc, pg, &en[i], num, y);
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

static const char *one_line(bp_arena *a, const char *s)
{
    char *t = bp_strdup(a, s);
    for (char *p = t; *p; p++)
        if (*p == '\n') *p = ' ';
    return t;
}

/* The contents entries, known before layout (their pages are filled in
 * after it): parts and sections, the annex, its tables. */
static toc_entry *toc_entries(bp_layout_ctx *ctx, const bp_doc_style *st, const bp_text *t, int *n)
{
    const bp_layout_set *set = ctx->set;
    toc_entry *en = bp_alloc(ctx->a, (size_t)(t->nblocks + 1 + set->ntables) * sizeof *en);
    int k = 0;
    memset(en, 0, (size_t)(t->nblocks + 1 + set->ntables) * sizeof *en);
    for (int i = 0; i < t->nblocks; i++)
        if (t->blocks[i].kind == BP_DOC_PART || t->blocks[i].kind == BP_DOC_SECTION) {
            en[k].text = one_line(ctx->a, t->blocks[i].text);
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
    *n = k;
    return en;
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
    set_metadata(ctx, title, doc);
    BP_TRY(draw_cover(ctx, st, title, whole, (int)(body.blocks - whole->blocks), doc));
    int nent, ntoc = 0;
    toc_entry *en = toc_entries(ctx, st, text, &nent);
    BP_TRY(toc_wrap(ctx, st, en, nent, &ntoc));
    int first_toc = dl_page_count(doc);
    for (int i = 0; i < ntoc; i++)
        dl_add_page(doc, st->page_w * BP_MM, st->page_h * BP_MM);
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
    BP_TRY(draw_contents(ctx, st, first_toc, en, nent, first_numbered, doc));
    BP_TRY(number_pages(ctx, st, doc, first_numbered, text_end, first_numbered));
    if (!tpl_empty(set->footer)) BP_TRY(layout_annex_footers(ctx, doc, tp, first_numbered));
    dl_label(doc, 0, BP_LABEL_ROMAN, NULL, 1);
    dl_label(doc, first_numbered, BP_LABEL_DECIMAL, NULL, 1);
    for (int t = 0; set->numbers_per_table && t < set->ntables; t++) /* as the annex's */
        dl_label(doc, tp[t].first_page, BP_LABEL_DECIMAL, bp_sprintf(a, "%d-", t + 1), 1);
    for (int i = annex_page; i < dl_page_count(doc); i++)
        dl_turn_page(dl_page(doc, i));
    return BP_OK;
}
