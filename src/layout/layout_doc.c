/* layout_doc.c — the whole annex: every table in order with its bookmarks,
 * and the annex's front matter described for the one front-matter module
 * (layout_front.h): its cover, its contents with links, footers with page
 * numbers, page labels and the document's metadata. */
#include "layout_front.h"

#include <stdio.h>
#include <string.h>

/* The annex's cover page (set.yaml `cover:`): its label, title and lines
 * expanded and checked, then set by the one cover (front_cover). */
int layout_annex_cover(bp_layout_ctx *ctx, bp_doc *doc, bool landscape)
{
    const bp_layout_set *set = ctx->set;
    const bp_cover_style *cs = &set->cover;
    const char *label = layout_expand(ctx->c->a, set->cover_label, ctx->dept, -1, -1, NULL);
    const char *title = layout_expand(ctx->c->a, set->cover_title, ctx->dept, -1, -1, NULL);
    BP_TRY(layout_check_text(ctx, BP_ROLE_TITLE, label, tpl_where(set->cover_label, set->file)));
    BP_TRY(layout_check_text(ctx, BP_ROLE_TITLE, title, tpl_where(set->cover_title, set->file)));
    const char **lines = bp_alloc(ctx->c->a, (size_t)(cs->nlines + 1) * sizeof *lines);
    for (int i = 0; i < cs->nlines; i++) {
        lines[i] = layout_expand(ctx->c->a, cs->lines[i], ctx->dept, -1, -1, NULL);
        BP_TRY(layout_check_text(ctx, BP_ROLE_BODY, lines[i], tpl_where(cs->lines[i], set->file)));
    }
    bp_cover c = {page_style_annex(cs->landscape || landscape),
                  label,
                  cs->label_size,
                  title,
                  cs->title_size,
                  0.68,
                  BP_CENTRE_SHRINK,
                  lines,
                  cs->nlines,
                  cs->lines_size,
                  NULL};
    return front_cover(ctx, doc, &c);
}

/* The annex's contents style (set.yaml `contents:`): one line per table,
 * the title on every contents page. */
static bp_toc_style annex_toc_style(const bp_layout_set *set, const char *title)
{
    const bp_contents_style *cs = &set->contents;
    bp_toc_style st = {.page = page_style_annex(cs->landscape),
                       .title = title,
                       .title_size = cs->title_size,
                       .title_each_page = true,
                       .first_entry = 70,
                       .size = cs->entry_size,
                       .pitch = cs->line_height,
                       .numbers = cs->page_numbers,
                       .leaders = cs->leaders,
                       .leader_gap = 6,
                       .link_below = 4,
                       .per_table = set->numbers_per_table};
    st.per_page = page_style_lines(&st.page, 80, cs->line_height);
    return st;
}

/* Phase 1 of layout_document: the document's metadata (title, author,
 * subject, keywords). */
static void set_metadata(bp_layout_ctx *ctx, bp_doc *doc)
{
    const bp_layout_set *set = ctx->set;
    bp_arena *a = ctx->c->a;
    const char *doc_title =
        set->cover_title ? layout_expand(a, set->cover_title, ctx->dept, -1, -1, NULL)
                         : bp_sprintf(a, "%s%d年部门预算表", ctx->dept->name, ctx->dept->year);
    front_metadata(ctx, doc, doc_title,
                   bp_sprintf(a, "%d年部门预算公开：部门预算表", ctx->dept->year));
}

int layout_annex_table(bp_layout_ctx *ctx, int i, bp_table_data *const *tables, bp_doc *doc,
                       bp_table_pages *tp, const char **entry, int level)
{
    const bp_table_spec *t = &ctx->set->tables[i];
    bp_vec marks; /* a form's records (layout_form.c) */
    bp_vec_init(&marks, sizeof(bp_outline));
    BP_TRY(t->form ? layout_form(ctx, t, tables[i], doc, tp, &marks)
                   : layout_table(ctx, t, tables[i], doc, tp));
    *entry =
        layout_expand(ctx->c->a, t->contents ? t->contents : t->title, ctx->dept, -1, -1, NULL);
    BP_TRY(layout_check_text(ctx, BP_ROLE_BODY, *entry, t->file));
    dl_outline(doc, *entry, tp->first_page, level);
    for (int k = 0; k < marks.n; k++) {
        const bp_outline *o = (const bp_outline *)marks.items + k;
        BP_TRY(layout_check_text(ctx, BP_ROLE_BODY, o->title, t->file));
        dl_outline(doc, o->title, o->page, level + o->level);
    }
    return BP_OK;
}

/* Phase 2 of layout_document: each table's (or form's) pages, its contents
 * entry and its outline entries (from outline level level0 on). */
int layout_annex_tables(bp_layout_ctx *ctx, bp_table_data *const *tables, bp_doc *doc,
                        bp_table_pages *tp, const char **entries, int level0)
{
    for (int i = 0; i < ctx->set->ntables; i++)
        BP_TRY(layout_annex_table(ctx, i, tables, doc, &tp[i], &entries[i], level0));
    return BP_OK;
}

/* The contents pages' entries: one per table, leading to its first page. */
static bp_toc_entry *annex_entries(bp_layout_ctx *ctx)
{
    int n = ctx->set->ntables;
    bp_toc_entry *en = bp_alloc(ctx->c->a, (size_t)(n + 1) * sizeof *en);
    memset(en, 0, (size_t)(n + 1) * sizeof *en);
    for (int i = 0; i < n; i++)
        en[i].role = BP_ROLE_BODY, en[i].table = i + 1;
    return en;
}

int layout_document(bp_layout_ctx *ctx, bp_table_data *const *tables, bp_doc *doc,
                    bp_table_pages *out_pages)
{
    const bp_layout_set *set = ctx->set;
    bp_arena *a = ctx->c->a;
    set_metadata(ctx, doc);

    if (set->cover_title) BP_TRY(layout_annex_cover(ctx, doc, false));
    int ntoc = 0, first_toc = dl_page_count(doc);
    bp_toc_entry *en = annex_entries(ctx);
    bp_toc_style st;
    if (set->contents_title) {
        const char *title = layout_expand(a, set->contents_title, ctx->dept, -1, -1, NULL);
        st = annex_toc_style(set, title);
        BP_TRY(front_contents_plan(ctx, &st, en, set->ntables, &ntoc));
        for (int i = 0; i < ntoc; i++)
            page_style_add(doc, &st.page);
    }
    int first_numbered = dl_page_count(doc);
    bp_table_pages *tp = bp_alloc(a, (size_t)set->ntables * sizeof *tp);
    const char **entries = bp_alloc(a, (size_t)set->ntables * sizeof *entries);
    BP_TRY(layout_annex_tables(ctx, tables, doc, tp, entries, 0));
    if (ntoc) {
        BP_TRY(layout_check_text(ctx, BP_ROLE_TITLE, st.title,
                                 tpl_where(set->contents_title, set->file)));
        for (int i = 0; i < set->ntables; i++)
            en[i].text = entries[i], en[i].page = tp[i].first_page;
        BP_TRY(front_contents_draw(ctx, &st, en, set->ntables, first_toc, first_numbered, doc));
    }
    /* page numbers: per document, from the first table page; or per table.
     * Footers and page labels (what a viewer shows) agree. */
    front_page_labels(ctx, doc, first_numbered, false, tp);
    if (!tpl_empty(set->footer)) BP_TRY(front_table_footers(ctx, doc, tp, first_numbered));
    if (out_pages) memcpy(out_pages, tp, (size_t)set->ntables * sizeof *tp);
    return BP_OK;
}
