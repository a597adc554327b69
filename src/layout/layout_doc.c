/* layout_doc.c — the whole annex: cover page, contents page with links,
 * every table in order, footers with page numbers, bookmarks and the
 * document's metadata. */
#include "layout_priv.h"

#include <stdio.h>
#include <string.h>

#define A4_W (210 * BP_MM)
#define A4_H (297 * BP_MM)
#define FRONT_MARGIN (25 * BP_MM)

/* The size of the cover or the contents page: A4, portrait or landscape. */
static void front_page_size(bool landscape, double *w, double *h)
{
    *w = landscape ? A4_H : A4_W;
    *h = landscape ? A4_W : A4_H;
}

int layout_centered_lines(bp_layout_ctx *ctx, bp_doc *doc, bp_page *pg, bp_role role, double size,
                          const char *text, double width, double y, double *yout)
{
    const bp_font *f = ctx->fonts->role[role];
    bp_line *lines;
    int n;
    /* shrink (down to 2/3) so that each of the text's own lines fits on one line */
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        double w = font_measure(f, size, p, len);
        if (w > width && size * width / w >= size * 2 / 3) size = size * width / w;
        p += len + (nl ? 1 : 0);
    }
    int rc = text_wrap(ctx->a, f, size, text, strlen(text), width, &lines, &n);
    if (rc) return bp_fail(ctx->e, rc, "cannot break '%s' into lines", text);
    for (int i = 0; i < n; i++) {
        double w = lines[i].width;
        double s = w > width ? size * width / w : size;
        w = w > width ? width : w;
        y -= size * 1.5;
        layout_text_out(ctx, doc, pg, (pg->width - w) / 2, y, role, s, false, lines[i].s,
                        lines[i].len);
    }
    *yout = y;
    return BP_OK;
}

int layout_annex_cover(bp_layout_ctx *ctx, bp_doc *doc)
{
    const bp_layout_set *set = ctx->set;
    const bp_cover_style *cs = &set->cover;
    double pw, ph;
    front_page_size(cs->landscape, &pw, &ph);
    bp_page *pg = dl_add_page(doc, pw, ph);
    int rc;
    const char *label = layout_expand(ctx->a, set->cover_label, ctx->dept, -1, -1, NULL);
    const char *title = layout_expand(ctx->a, set->cover_title, ctx->dept, -1, -1, NULL);
    if ((rc = layout_check_text(ctx, BP_ROLE_TITLE, label, tpl_where(set->cover_label, set->file))))
        return rc;
    if ((rc = layout_check_text(ctx, BP_ROLE_TITLE, title, tpl_where(set->cover_title, set->file))))
        return rc;
    if (label[0])
        layout_text_out(ctx, doc, pg, FRONT_MARGIN, ph - FRONT_MARGIN - cs->label_size,
                        BP_ROLE_TITLE, cs->label_size, false, label, strlen(label));
    double y = ph * 0.68;
    if ((rc = layout_centered_lines(ctx, doc, pg, BP_ROLE_TITLE, cs->title_size, title,
                                    pw - 2 * FRONT_MARGIN, y, &y)))
        return rc;
    if (cs->nlines) y -= cs->title_size * 1.5; /* a blank title line, then the lines */
    for (int i = 0; i < cs->nlines; i++) {
        const char *s = layout_expand(ctx->a, cs->lines[i], ctx->dept, -1, -1, NULL);
        if ((rc = layout_check_text(ctx, BP_ROLE_BODY, s, tpl_where(cs->lines[i], set->file))))
            return rc;
        if ((rc = layout_centered_lines(ctx, doc, pg, BP_ROLE_BODY, cs->lines_size, s,
                                        pw - 2 * FRONT_MARGIN, y, &y)))
            return rc;
    }
    return BP_OK;
}

/* Contents entries per page. */
static int toc_per_page(const bp_contents_style *cs)
{
    double pw, ph;
    front_page_size(cs->landscape, &pw, &ph);
    int n = cs->line_height > 0 ? (int)((ph - 2 * FRONT_MARGIN - 80) / cs->line_height) : 1;
    return n > 0 ? n : 1;
}

/* One contents line: the entry, the dotted leader and the page number (as
 * the set's contents style shows them), and a link to the table. */
static void draw_entry(bp_layout_ctx *ctx, bp_doc *doc, bp_page *pg, const char *s, const char *ns,
                       double x0, double x1, double y, int target)
{
    const bp_contents_style *cs = &ctx->set->contents;
    const bp_font *bf = ctx->fonts->role[BP_ROLE_BODY];
    double size = cs->entry_size;
    if (!cs->page_numbers) ns = "";
    double sw = font_measure(bf, size, s, strlen(s));
    double nw = font_measure(bf, size, ns, strlen(ns));
    double avail = x1 - x0 - nw - 24;
    double sc = sw > avail ? avail / sw : 1;
    layout_text_out(ctx, doc, pg, x0, y, BP_ROLE_BODY, size * sc, false, s, strlen(s));
    if (ns[0]) layout_text_out(ctx, doc, pg, x1 - nw, y, BP_ROLE_BODY, size, false, ns, strlen(ns));
    /* dotted leader between text and number: one run of dots */
    if (cs->leaders) layout_leader(ctx, doc, pg, x0 + sw * sc + 6, x1 - nw - 6, y, size);
    dl_link(doc, pg, x0, y - 4, x1, y + size, target);
}

static int layout_contents(bp_layout_ctx *ctx, bp_doc *doc, int first_toc_page, int ntoc,
                           const char *const *entries, const bp_table_pages *tp, int first_numbered)
{
    const bp_layout_set *set = ctx->set;
    const bp_contents_style *cs = &set->contents;
    const char *title = layout_expand(ctx->a, set->contents_title, ctx->dept, -1, -1, NULL);
    int rc;
    if ((rc = layout_check_text(ctx, BP_ROLE_TITLE, title,
                                tpl_where(set->contents_title, set->file))))
        return rc;
    int per = toc_per_page(cs);
    double pw, ph, ts = cs->title_size;
    front_page_size(cs->landscape, &pw, &ph);
    double x0 = FRONT_MARGIN, x1 = pw - FRONT_MARGIN;
    for (int p = 0; p < ntoc; p++) {
        bp_page *pg = dl_page(doc, first_toc_page + p);
        double tw = font_measure(ctx->fonts->role[BP_ROLE_TITLE], ts, title, strlen(title));
        layout_text_out(ctx, doc, pg, (pw - tw) / 2, ph - FRONT_MARGIN - ts, BP_ROLE_TITLE, ts,
                        false, title, strlen(title));
        double y = ph - FRONT_MARGIN - 70;
        for (int i = p * per; i < (p + 1) * per && i < set->ntables; i++) {
            char num[32];
            if (set->numbers_per_table) /* the label of the table's first page */
                snprintf(num, sizeof num, "%d-1", i + 1);
            else
                snprintf(num, sizeof num, "%d", tp[i].first_page - first_numbered + 1);
            draw_entry(ctx, doc, pg, entries[i], bp_strdup(ctx->a, num), x0, x1, y,
                       tp[i].first_page);
            y -= cs->line_height;
        }
    }
    return BP_OK;
}

/* Phase 1 of layout_document: the document's metadata (title, author,
 * subject, keywords). */
static void set_metadata(bp_layout_ctx *ctx, bp_doc *doc)
{
    const bp_layout_set *set = ctx->set;
    bp_arena *a = ctx->a;
    const char *doc_title =
        set->cover_title ? layout_expand(a, set->cover_title, ctx->dept, -1, -1, NULL)
                         : bp_sprintf(a, "%s%d年部门预算表", ctx->dept->name, ctx->dept->year);
    /* the metadata title is one line */
    char *flat = bp_strdup(a, doc_title);
    for (char *p = flat; *p; p++)
        if (*p == '\n') *p = ' ';
    doc->title = flat;
    doc->author = ctx->dept->name;
    doc->subject = bp_sprintf(a, "%d年部门预算公开：部门预算表", ctx->dept->year);
    doc->keywords = bp_sprintf(a, "部门预算, %d, %s", ctx->dept->year, ctx->dept->name);
}

/* Phase 2 of layout_document: each table's (or form's) pages, its contents
 * entry and its outline entries (from outline level level0 on). */
int layout_annex_tables(bp_layout_ctx *ctx, bp_table_data *const *tables, bp_doc *doc,
                        bp_table_pages *tp, const char **entries, int level0)
{
    const bp_layout_set *set = ctx->set;
    bp_arena *a = ctx->a;
    int rc;
    for (int i = 0; i < set->ntables; i++) {
        const bp_table_spec *t = &set->tables[i];
        bp_vec marks; /* a form's records (layout_form.c) */
        bp_vec_init(&marks, sizeof(bp_outline));
        rc = t->form ? layout_form(ctx, t, tables[i], doc, &tp[i], &marks)
                     : layout_table(ctx, t, tables[i], doc, &tp[i]);
        if (rc) return rc;
        const char *entry =
            layout_expand(a, t->contents ? t->contents : t->title, ctx->dept, -1, -1, NULL);
        if ((rc = layout_check_text(ctx, BP_ROLE_BODY, entry, t->file))) return rc;
        entries[i] = entry;
        dl_outline(doc, entry, tp[i].first_page, level0);
        for (int k = 0; k < marks.n; k++) {
            const bp_outline *o = (const bp_outline *)marks.items + k;
            if ((rc = layout_check_text(ctx, BP_ROLE_BODY, o->title, t->file))) return rc;
            dl_outline(doc, o->title, o->page, level0 + o->level);
        }
    }
    return BP_OK;
}

/* Phase 3 of layout_document: the footer (page number) of every table
 * page, centred in the bottom margin. */
int layout_annex_footers(bp_layout_ctx *ctx, bp_doc *doc, const bp_table_pages *tp,
                         int first_numbered)
{
    const bp_layout_set *set = ctx->set;
    bp_arena *a = ctx->a;
    int rc;
    int total = dl_page_count(doc) - first_numbered;
    const bp_font *bf = ctx->fonts->role[BP_ROLE_BODY];
    for (int t = 0; t < set->ntables; t++) {
        const bp_table_spec *ts = &set->tables[t];
        for (int k = 0; k < tp[t].npages; k++) {
            int i = tp[t].first_page + k;
            bp_page *pg = dl_page(doc, i);
            int page = set->numbers_per_table ? k + 1 : i - first_numbered + 1;
            int pages = set->numbers_per_table ? tp[t].npages : total;
            const char *s = layout_expand(a, set->footer, ctx->dept, page, pages, NULL);
            if ((rc = layout_check_text(ctx, BP_ROLE_BODY, s, tpl_where(set->footer, set->file))))
                return rc;
            double size = 9, w = font_measure(bf, size, s, strlen(s));
            /* the footer sits in the middle of the bottom margin */
            double bottom = ts->margin[2] * BP_MM;
            double y = bottom > 2.5 * size ? bottom / 2 - size / 3 : size / 2;
            layout_text_out(ctx, doc, pg, (pg->width - w) / 2, y, BP_ROLE_BODY, size, false, s,
                            strlen(s));
        }
    }
    return BP_OK;
}

int layout_document(bp_layout_ctx *ctx, bp_table_data *const *tables, bp_doc *doc,
                    bp_table_pages *out_pages)
{
    const bp_layout_set *set = ctx->set;
    bp_arena *a = ctx->a;
    int rc;
    set_metadata(ctx, doc);

    if (set->cover_title && (rc = layout_annex_cover(ctx, doc))) return rc;
    int ntoc = 0, first_toc = dl_page_count(doc);
    if (set->contents_title) {
        double pw, ph;
        front_page_size(set->contents.landscape, &pw, &ph);
        ntoc = (set->ntables + toc_per_page(&set->contents) - 1) / toc_per_page(&set->contents);
        for (int i = 0; i < ntoc; i++)
            dl_add_page(doc, pw, ph);
    }
    int first_numbered = dl_page_count(doc);
    bp_table_pages *tp = bp_alloc(a, (size_t)set->ntables * sizeof *tp);
    const char **entries = bp_alloc(a, (size_t)set->ntables * sizeof *entries);
    BP_TRY(layout_annex_tables(ctx, tables, doc, tp, entries, 0));
    if (ntoc && (rc = layout_contents(ctx, doc, first_toc, ntoc, entries, tp, first_numbered)))
        return rc;
    /* page numbers: per document, from the first table page; or per table.
     * Footers and page labels (what a viewer shows) agree. */
    if (first_numbered > 0) dl_label(doc, 0, BP_LABEL_ROMAN, NULL, 1);
    if (!set->numbers_per_table)
        dl_label(doc, first_numbered, BP_LABEL_DECIMAL, NULL, 1);
    else
        for (int t = 0; t < set->ntables; t++)
            dl_label(doc, tp[t].first_page, BP_LABEL_DECIMAL, bp_sprintf(a, "%d-", t + 1), 1);
    if (!tpl_empty(set->footer)) BP_TRY(layout_annex_footers(ctx, doc, tp, first_numbered));
    if (out_pages) memcpy(out_pages, tp, (size_t)set->ntables * sizeof *tp);
    return BP_OK;
}
