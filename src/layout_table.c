/* layout_table.c — one table: formats and wraps cells, sizes columns and
 * rows, groups rows joined by merged cells into unbreakable units,
 * paginates them, and draws title, caption, repeated header rows, body,
 * grid and notes into the display list. */
#include "layout_priv.h"

#include <stdio.h>
#include <string.h>

#define RULE_INNER 0.5
#define RULE_OUTER 0.9

typedef struct row_style {
    bool bold;
    double fill; /* < 0 none */
    int align;   /* -1 none */
    int indent_column, indent_level;
} row_style;

typedef struct cell_box {
    int row, col, rowspan, colspan;
    text_block text;
    double fill; /* < 0 none */
    int line;    /* source line */
} cell_box;

typedef struct table_geo {
    double left, top, bottom, width, height; /* content area, points */
    double *colx;                             /* ncolumns + 1 */
} table_geo;

static bool rule_matches(const bp_row_rule *r, const bp_table_data *d, int row)
{
    const bp_cell *c = data_cell(d, row, r->column);
    const char *s = data_cell(d, c->origin_row, c->origin_col)->text;
    switch (r->op) {
    case BP_WHEN_EQUALS:
        for (int i = 0; i < r->nvalues; i++)
            if (!strcmp(s, r->values[i])) return true;
        return false;
    case BP_WHEN_PREFIX:
        for (int i = 0; i < r->nvalues; i++)
            if (!strncmp(s, r->values[i], strlen(r->values[i]))) return true;
        return false;
    case BP_WHEN_LENGTH:
        return (int)bp_utf8_count(s, strlen(s)) == r->length;
    case BP_WHEN_EMPTY:
        return (s[0] == 0) == r->empty;
    }
    return false;
}

static row_style style_of(const bp_table_spec *t, const bp_table_data *d, int row)
{
    row_style st = {false, -1, -1, -1, 0};
    for (int i = 0; i < t->nrules; i++) {
        const bp_row_rule *r = &t->rules[i];
        if (!rule_matches(r, d, row)) continue;
        if (r->bold >= 0) st.bold = r->bold;
        if (r->fill >= 0) st.fill = r->fill;
        if (r->align >= 0) st.align = r->align;
        if (r->indent_column >= 0) st.indent_column = r->indent_column, st.indent_level = r->indent_level;
    }
    return st;
}

static const char *cell_text(bp_arena *a, const bp_column *col, const bp_cell *c)
{
    if (col->type == BP_COL_AMOUNT && c->has_value) {
        char buf[64];
        number_format(c->value, &col->fmt, buf, sizeof buf);
        return bp_strdup(a, buf);
    }
    return c->text;
}

static double span_width(const table_geo *g, int col, int colspan)
{
    return g->colx[col + colspan] - g->colx[col];
}

/* Draws the bottom and right edges of a box; the table draws its own top
 * and left edges. */
static void draw_edges(bp_doc *doc, bp_page *pg, double x0, double x1, double top, double bot)
{
    dl_line(doc, pg, x0, bot, x1, bot, RULE_INNER);
    dl_line(doc, pg, x1, top, x1, bot, RULE_INNER);
}

static void draw_caption_and_title(bp_layout_ctx *ctx, const bp_table_spec *t, bp_doc *doc,
                                   bp_page *pg, const table_geo *g, const char *title,
                                   const char *subtitle, const char *capl, const char *capr,
                                   double *y)
{
    const bp_font *tf = ctx->fonts->role[BP_ROLE_TITLE];
    const bp_font *bf = ctx->fonts->role[BP_ROLE_BODY];
    double ts = t->title_size;
    double tw = font_measure(tf, ts, title, strlen(title));
    double scale = tw > g->width ? g->width / tw : 1;
    *y -= ts * 1.2;
    dl_text(doc, pg, g->left + (g->width - tw * scale) / 2, *y, BP_ROLE_TITLE, ts * scale, false,
            title, strlen(title));
    *y -= ts * 0.5;
    if (subtitle && subtitle[0]) {
        double fs = t->font_size + 1;
        double sw = font_measure(bf, fs, subtitle, strlen(subtitle));
        *y -= fs * 1.3;
        dl_text(doc, pg, g->left + (g->width - sw) / 2, *y, BP_ROLE_BODY, fs, false, subtitle,
                strlen(subtitle));
        *y -= fs * 0.4;
    }
    if ((capl && capl[0]) || (capr && capr[0])) {
        double fs = t->font_size;
        *y -= fs * 1.5;
        if (capl && capl[0]) dl_text(doc, pg, g->left, *y, BP_ROLE_BODY, fs, false, capl, strlen(capl));
        if (capr && capr[0]) {
            double w = font_measure(bf, fs, capr, strlen(capr));
            dl_text(doc, pg, g->left + g->width - w, *y, BP_ROLE_BODY, fs, false, capr, strlen(capr));
        }
        *y -= fs * 0.6;
    }
}

static double title_block_height(const bp_table_spec *t, const char *subtitle, bool caption)
{
    double h = t->title_size * 1.7;
    if (subtitle && subtitle[0]) h += (t->font_size + 1) * 1.7;
    if (caption) h += t->font_size * 2.1;
    return h;
}

int layout_table(bp_layout_ctx *ctx, const bp_table_spec *t, const bp_table_data *d, bp_doc *doc,
                 bp_table_pages *pages)
{
    bp_arena *a = ctx->a;
    const bp_department *dept = ctx->dept;
    const bp_font *body = ctx->fonts->role[BP_ROLE_BODY];
    const bp_font *head = ctx->fonts->role[BP_ROLE_TITLE];
    int nc = t->ncolumns, nr = d->nrows;
    double pad = t->padding * BP_MM;
    table_geo g;
    double pw = t->page_w * BP_MM, ph = t->page_h * BP_MM;
    g.left = t->margin[3] * BP_MM;
    g.width = pw - g.left - t->margin[1] * BP_MM;
    g.top = ph - t->margin[0] * BP_MM;
    g.bottom = t->margin[2] * BP_MM;
    g.height = g.top - g.bottom;
    g.colx = bp_alloc(a, (size_t)(nc + 1) * sizeof *g.colx);

    const char *title = layout_expand(a, t->title, dept, -1, -1, NULL);
    const char *where_title = title;
    const char *cont = layout_expand(a, t->continued, dept, -1, -1, title);
    const char *subtitle = t->subtitle ? layout_expand(a, t->subtitle, dept, -1, -1, NULL) : NULL;
    const char *capl = t->caption_left ? layout_expand(a, t->caption_left, dept, -1, -1, NULL) : NULL;
    const char *capr = t->caption_right ? layout_expand(a, t->caption_right, dept, -1, -1, NULL) : NULL;
    char where[512];
    snprintf(where, sizeof where, "%s (%s)", t->file, where_title);
    int rc;
    if ((rc = layout_check_text(ctx, BP_ROLE_TITLE, title, where))) return rc;
    if ((rc = layout_check_text(ctx, BP_ROLE_TITLE, cont, where))) return rc;
    if (subtitle && (rc = layout_check_text(ctx, BP_ROLE_BODY, subtitle, where))) return rc;
    if (capl && (rc = layout_check_text(ctx, BP_ROLE_BODY, capl, where))) return rc;
    if (capr && (rc = layout_check_text(ctx, BP_ROLE_BODY, capr, where))) return rc;

    /* 1. body cells: text and style */
    bp_vec cells;
    bp_vec_init(&cells, sizeof(cell_box));
    double *need = bp_alloc(a, (size_t)nc * sizeof *need);
    int maxspan = 1;
    bool *row_bold = bp_alloc(a, (size_t)(nr + 1) * sizeof *row_bold);
    for (int r = 0; r < nr; r++) {
        row_style st = style_of(t, d, r);
        row_bold[r] = st.bold;
        for (int c = 0; c < nc; c++) {
            const bp_cell *cell = data_cell(d, r, c);
            if (cell->origin_row != r || cell->origin_col != c) continue;
            const bp_column *col = &t->columns[c];
            cell_box *b = bp_vec_push(a, &cells);
            b->row = r, b->col = c, b->rowspan = cell->rowspan, b->colspan = cell->colspan;
            b->line = cell->line;
            b->fill = st.fill;
            b->text.role = BP_ROLE_BODY;
            b->text.size = t->font_size;
            b->text.line_spacing = t->line_spacing;
            b->text.scale = 1;
            b->text.bold = st.bold;
            b->text.align = col->align;
            if (st.align >= 0 && col->type == BP_COL_TEXT) b->text.align = (bp_align)st.align;
            if (st.indent_column == c) b->text.indent = st.indent_level * t->indent * BP_MM;
            if (cell->rowspan > maxspan) maxspan = cell->rowspan;
            const char *s = cell_text(a, col, cell);
            snprintf(where, sizeof where, "%s, %s line %d, column '%s'", title, d->path, cell->line,
                     col->key);
            if ((rc = layout_check_text(ctx, BP_ROLE_BODY, s, where))) return rc;
            b->text.lines = (bp_line *)s; /* stash the text until wrapping */
            if (cell->colspan == 1) {
                double w = text_min_width(body, t->font_size, s, strlen(s)) + 2 * pad +
                           b->text.indent + 0.5;
                if (w > need[c]) need[c] = w;
            }
        }
    }
    /* header cells need room for their widest unbreakable piece too */
    for (int i = 0; t->show_header && i < t->nheader; i++) {
        const bp_header_cell *h = &t->header[i];
        snprintf(where, sizeof where, "%s, header '%s'", t->file, h->text);
        if ((rc = layout_check_text(ctx, BP_ROLE_TITLE, h->text, where))) return rc;
        if (h->colspan == 1) {
            double w = text_min_width(head, t->header_font_size, h->text, strlen(h->text)) +
                       2 * pad + 0.5;
            if (w > need[h->col]) need[h->col] = w;
        }
    }
    double *widths = bp_alloc(a, (size_t)nc * sizeof *widths);
    if ((rc = layout_column_widths(t, g.width, need, widths, ctx->e))) return rc;
    g.colx[0] = g.left;
    for (int c = 0; c < nc; c++) g.colx[c + 1] = g.colx[c] + widths[c];

    /* 2. wrap body cells, size rows */
    cell_box *cb = cells.items;
    double *rowh = bp_alloc(a, (size_t)(nr + 1) * sizeof *rowh);
    for (int r = 0; r < nr; r++) rowh[r] = t->min_row_height * BP_MM;
    for (int i = 0; i < cells.n; i++) {
        cell_box *b = &cb[i];
        const char *s = (const char *)b->text.lines;
        b->text.lines = NULL;
        double inner = span_width(&g, b->col, b->colspan) - 2 * pad - b->text.indent;
        snprintf(where, sizeof where, "%s, %s line %d, column '%s'", title, d->path, b->line,
                 t->columns[b->col].key);
        if ((rc = layout_wrap_block(ctx, &b->text, s, inner, where))) return rc;
    }
    /* heights include padding: fit_rows compares block heights, so add it */
    for (int i = 0; i < cells.n; i++) {
        cell_box *b = &cb[i];
        if (b->rowspan == 1) {
            double h = block_height(&b->text) + 2 * pad;
            if (h > rowh[b->row]) rowh[b->row] = h;
        }
    }
    {
        /* merged cells: padded need spread over their rows */
        for (int span = 2; span <= maxspan; span++)
            for (int i = 0; i < cells.n; i++) {
                cell_box *b = &cb[i];
                if (b->rowspan != span) continue;
                double need_h = block_height(&b->text) + 2 * pad, have = 0;
                for (int r = b->row; r < b->row + span; r++) have += rowh[r];
                if (need_h > have)
                    for (int r = b->row; r < b->row + span; r++) rowh[r] += (need_h - have) / span;
            }
    }

    /* 3. header cells */
    int hr = t->show_header ? t->header_rows : 0;
    cell_box *hcells = bp_alloc(a, (size_t)(t->nheader + 1) * sizeof *hcells);
    double *headh = bp_alloc(a, (size_t)(hr + 1) * sizeof *headh);
    int hmax = 1;
    for (int r = 0; r < hr; r++) headh[r] = t->min_row_height * BP_MM;
    for (int i = 0; i < (hr ? t->nheader : 0); i++) {
        const bp_header_cell *h = &t->header[i];
        cell_box *b = &hcells[i];
        b->row = h->row, b->col = h->col, b->rowspan = h->rowspan, b->colspan = h->colspan;
        b->fill = -1;
        b->text.role = BP_ROLE_TITLE;
        b->text.size = t->header_font_size;
        b->text.line_spacing = t->line_spacing;
        b->text.scale = 1;
        b->text.align = BP_ALIGN_CENTER;
        b->text.balance = true;
        if (h->rowspan > hmax) hmax = h->rowspan;
        snprintf(where, sizeof where, "%s, header '%s'", t->file, h->text);
        double inner = span_width(&g, b->col, b->colspan) - 2 * pad;
        if ((rc = layout_wrap_block(ctx, &b->text, h->text, inner, where))) return rc;
    }
    {
        bp_vec tmp = {hcells, hr ? t->nheader : 0, 0, sizeof(cell_box)};
        cell_box *hc = tmp.items;
        /* padded needs, then merged cells spread over their rows, as for the body */
        for (int i = 0; i < tmp.n; i++)
            if (hc[i].rowspan == 1) {
                double h = block_height(&hc[i].text) + 2 * pad;
                if (h > headh[hc[i].row]) headh[hc[i].row] = h;
            }
        for (int span = 2; span <= hmax; span++)
            for (int i = 0; i < tmp.n; i++) {
                if (hc[i].rowspan != span) continue;
                double need_h = block_height(&hc[i].text) + 2 * pad, have = 0;
                for (int r = hc[i].row; r < hc[i].row + span; r++) have += headh[r];
                if (need_h > have)
                    for (int r = hc[i].row; r < hc[i].row + span; r++)
                        headh[r] += (need_h - have) / span;
            }
    }
    double header_h = 0;
    for (int r = 0; r < hr; r++) header_h += headh[r];

    /* 4. pagination items: one per row; rows joined by merged cells keep
     * together (a chain longer than a page is broken between rows, and the
     * merged cells split there repeat their text) */
    bp_vec items;
    bp_vec_init(&items, sizeof(bp_pag_item));
    {
        int reach = -1, ci = 0;
        for (int r = 0; r < nr; r++) {
            while (ci < cells.n && cb[ci].row == r) {
                int end = cb[ci].row + cb[ci].rowspan - 1;
                if (end > reach) reach = end;
                ci++;
            }
            bp_pag_item *it = bp_vec_push(a, &items);
            it->height = rowh[r];
            it->keep_with_next = reach > r;
        }
    }
    /* a bold row (a total or a label row) never ends a page: it stays with
     * the row after it; and a bold (total) row at the end never stands alone */
    for (int r = 0; r + 1 < nr; r++)
        if (row_bold[r]) ((bp_pag_item *)items.items)[r].keep_with_next = true;
    if (nr >= 2 && row_bold[nr - 1]) ((bp_pag_item *)items.items)[nr - 2].keep_with_next = true;

    /* notes (or the empty-table note) travel with the last unit */
    bp_vec notes;
    bp_vec_init(&notes, sizeof(text_block));
    double notes_h = 0;
    double note_size = t->font_size;
    for (int i = -1; i < t->nnotes; i++) {
        const char *tmpl = i < 0 ? (nr == 0 ? t->empty_note : NULL) : t->notes[i];
        if (!tmpl) continue;
        const char *s = layout_expand(a, tmpl, dept, -1, -1, NULL);
        snprintf(where, sizeof where, "%s, note", t->file);
        if ((rc = layout_check_text(ctx, BP_ROLE_BODY, s, where))) return rc;
        text_block *b = bp_vec_push(a, &notes);
        b->role = BP_ROLE_BODY;
        b->size = note_size;
        b->line_spacing = t->line_spacing;
        b->scale = 1;
        b->align = BP_ALIGN_LEFT;
        if ((rc = layout_wrap_block(ctx, b, s, g.width, where))) return rc;
        notes_h += block_height(b) + note_size * 0.4;
    }
    if (notes.n) {
        notes_h += note_size * 0.8;
        if (nr) ((bp_pag_item *)items.items)[nr - 1].keep_with_next = true;
        bp_pag_item *it = bp_vec_push(a, &items);
        it->height = notes_h;
    }

    /* 5. paginate */
    bool has_caption = (capl && capl[0]) || (capr && capr[0]);
    double cap = g.height - title_block_height(t, subtitle, has_caption) - header_h;
    if (cap < t->min_row_height * BP_MM)
        return bp_fail(ctx->e, BP_EINPUT, "%s: the title and header rows leave no room for the body",
                       t->file);
    int *page_of = bp_alloc(a, (size_t)(items.n + 1) * sizeof *page_of);
    int npages = 1;
    snprintf(where, sizeof where, "%s", t->file);
    if (items.n && (rc = layout_paginate(items.items, items.n, cap, cap, page_of, &npages, ctx->e))) {
        /* name the row instead of the item index */
        int u = 0;
        sscanf(ctx->e->msg, "item %d", &u);
        if (u >= nr)
            return bp_fail(ctx->e, BP_EINPUT, "%s (%s): the notes do not fit on one page",
                           t->file, title);
        return bp_fail(ctx->e, BP_EINPUT,
                       "%s (%s): the row at %s line %d is taller than a page (%.0f mm of %.0f mm); "
                       "shorten its text or use a larger page",
                       t->file, title, d->path, data_cell(d, u, 0)->line, rowh[u] / BP_MM,
                       cap / BP_MM);
    }

    /* 6. draw */
    pages->first_page = dl_page_count(doc);
    pages->npages = npages;
    for (int p = 0; p < npages; p++) {
        bp_page *pg = dl_add_page(doc, pw, ph);
        double y = g.top;
        draw_caption_and_title(ctx, t, doc, pg, &g, p == 0 ? title : cont, subtitle, capl, capr, &y);
        double table_top = y;
        /* header */
        for (int i = 0; i < (hr ? t->nheader : 0); i++) {
            cell_box *b = &hcells[i];
            double top = y;
            for (int r = 0; r < b->row; r++) top -= headh[r];
            double h = 0;
            for (int r = b->row; r < b->row + b->rowspan; r++) h += headh[r];
            double x0 = g.colx[b->col], x1 = g.colx[b->col + b->colspan];
            layout_draw_lines(ctx, doc, pg, &b->text, x0, top, x1 - x0, h, pad);
            draw_edges(doc, pg, x0, x1, top, top - h);
        }
        y -= header_h;
        if (hr) dl_line(doc, pg, g.colx[0], y, g.colx[nc], y, RULE_OUTER * 0.8);
        /* body rows on this page */
        int first_row = -1, last_row = -2;
        for (int r = 0; r < nr; r++)
            if (page_of[r] == p) {
                if (first_row < 0) first_row = r;
                last_row = r;
            }
        double *rowtop = bp_alloc(a, (size_t)(nr + 1) * sizeof *rowtop);
        double yy = y;
        for (int r = first_row; first_row >= 0 && r <= last_row; r++) rowtop[r] = yy, yy -= rowh[r];
        /* cells whose area touches this page's rows (split areas are clipped) */
        for (int i = 0; first_row >= 0 && i < cells.n; i++) {
            cell_box *b = &cb[i];
            int r0 = b->row, r1 = b->row + b->rowspan - 1;
            if (r1 < first_row || r0 > last_row) continue;
            if (r0 < first_row) r0 = first_row;
            if (r1 > last_row) r1 = last_row;
            double top = rowtop[r0], bot = rowtop[r1] - rowh[r1];
            double x0 = g.colx[b->col], x1 = g.colx[b->col + b->colspan];
            if (b->fill >= 0) dl_rect(doc, pg, x0, bot, x1, top, b->fill);
            layout_draw_lines(ctx, doc, pg, &b->text, x0, top, x1 - x0, top - bot, pad);
            draw_edges(doc, pg, x0, x1, top, bot);
        }
        double table_bot = first_row >= 0 ? yy : y;
        /* frame: top and left edges, heavier outer rules */
        if (hr || first_row >= 0) {
            dl_line(doc, pg, g.colx[0], table_top, g.colx[nc], table_top, RULE_OUTER);
            dl_line(doc, pg, g.colx[0], table_top, g.colx[0], table_bot, RULE_OUTER);
            dl_line(doc, pg, g.colx[nc], table_top, g.colx[nc], table_bot, RULE_OUTER);
            dl_line(doc, pg, g.colx[0], table_bot, g.colx[nc], table_bot, RULE_OUTER);
        }
        /* notes on the page of the last item */
        if (notes.n && page_of[items.n - 1] == p) {
            double ny = table_bot - note_size * 0.8;
            text_block *nb = notes.items;
            for (int i = 0; i < notes.n; i++) {
                double h = block_height(&nb[i]);
                layout_draw_lines(ctx, doc, pg, &nb[i], g.left, ny, g.width, h, 0);
                ny -= h + note_size * 0.4;
            }
        }
    }
    return BP_OK;
}
