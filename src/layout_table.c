/* layout_table.c — one table: formats and wraps cells, fits the table to
 * its page (landscape, narrower columns, smaller type, in that order),
 * sizes rows, splits rows taller than a page between lines, keeps rows
 * joined by merged cells together, paginates, and draws title, caption,
 * repeated header rows, body, grid and notes into the display list. */
#include "layout_priv.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define RULE_INNER 0.5
#define RULE_OUTER 0.9

typedef struct row_style {
    bool bold;
    double fill; /* < 0 none */
    int align;   /* -1 none */
    int indent_column, indent_level;
    bp_numfmt fmt;     /* the row rules' `format:` keys, */
    unsigned fmt_keys; /* over each amount column's format */
} row_style;

typedef struct cell_box { /* 88 bytes: a long table has tens of thousands */
    text_block text;
    double fill; /* < 0 none */
    int row, col, rowspan, colspan;
    int line; /* source line */
} cell_box;

typedef struct table_geo {
    double pw, ph;                           /* page size, points */
    double left, top, bottom, width, height; /* content area, points */
    double *colx;                            /* ncolumns + 1 */
} table_geo;

/* A row rule's condition, tested on the text of the cell (for a merged
 * cell, its top-left cell's). */
static bool rule_matches(const bp_row_rule *r, const bp_table_data *d, int row)
{
    const bp_cell *c = data_cell(d, row, r->when.column);
    return spec_when_matches(&r->when, data_cell(d, c->origin_row, c->origin_col)->text);
}

static row_style style_of(const bp_table_spec *t, const bp_table_data *d, int row)
{
    row_style st = {false, -1, -1, -1, 0, {0}, 0};
    for (int i = 0; i < t->nrules; i++) {
        const bp_row_rule *r = &t->rules[i];
        if (!rule_matches(r, d, row)) continue;
        if (r->bold >= 0) st.bold = r->bold;
        if (r->fill >= 0) st.fill = r->fill;
        if (r->align >= 0) st.align = r->align;
        if (r->indent_column >= 0)
            st.indent_column = r->indent_column, st.indent_level = r->indent_level;
        number_format_override(&st.fmt, &r->fmt, r->fmt_keys);
        st.fmt_keys |= r->fmt_keys;
    }
    return st;
}

/* An amount in its column's format, with the keys the row's rules set. */
static const char *cell_text(bp_arena *a, const bp_column *col, const row_style *st,
                             const bp_cell *c)
{
    if (col->type == BP_COL_AMOUNT && c->has_value) {
        char buf[64];
        bp_numfmt f = col->fmt;
        number_format_override(&f, &st->fmt, st->fmt_keys);
        number_format(c->value, &f, buf, sizeof buf);
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
static void draw_edges(bp_arena *a, bp_vec *rules, double x0, double x1, double top, double bot)
{
    rules_add(a, rules, x0, bot, x1, bot, RULE_INNER);
    rules_add(a, rules, x1, top, x1, bot, RULE_INNER);
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
    layout_text_out(ctx, doc, pg, g->left + (g->width - tw * scale) / 2, *y, BP_ROLE_TITLE,
                    ts * scale, false, title, strlen(title));
    *y -= ts * 0.5;
    if (subtitle && subtitle[0]) {
        double fs = t->font_size + 1;
        double sw = font_measure(bf, fs, subtitle, strlen(subtitle));
        *y -= fs * 1.3;
        layout_text_out(ctx, doc, pg, g->left + (g->width - sw) / 2, *y, BP_ROLE_BODY, fs, false,
                        subtitle, strlen(subtitle));
        *y -= fs * 0.4;
    }
    if ((capl && capl[0]) || (capr && capr[0])) {
        double fs = t->font_size;
        double lw = capl && capl[0] ? font_measure(bf, fs, capl, strlen(capl)) : 0;
        double rw = capr && capr[0] ? font_measure(bf, fs, capr, strlen(capr)) : 0;
        /* both on one line; a long department name is set smaller, never over the unit */
        double room = g->width - rw - fs * 2;
        double ls = lw > room && lw > 0 ? fs * room / lw : fs;
        *y -= fs * 1.5;
        if (lw > 0)
            layout_text_out(ctx, doc, pg, g->left, *y, BP_ROLE_BODY, ls, false, capl, strlen(capl));
        if (rw > 0)
            layout_text_out(ctx, doc, pg, g->left + g->width - rw, *y, BP_ROLE_BODY, fs, false,
                            capr, strlen(capr));
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

/* Row heights: each cell's padded text height; merged cells spread what
 * they lack evenly over their rows. */
static void size_rows(double *rowh, int nrows, double min_h, const cell_box *cells, int ncells,
                      double pad)
{
    int maxspan = 1;
    for (int r = 0; r < nrows; r++)
        rowh[r] = min_h;
    for (int i = 0; i < ncells; i++) {
        const cell_box *b = &cells[i];
        if (b->rowspan > maxspan) maxspan = b->rowspan;
        double h = block_height(&b->text) + 2 * pad;
        if (b->rowspan == 1 && h > rowh[b->row]) rowh[b->row] = h;
    }
    for (int span = 2; span <= maxspan; span++)
        for (int i = 0; i < ncells; i++) {
            const cell_box *b = &cells[i];
            if (b->rowspan != span) continue;
            double need = block_height(&b->text) + 2 * pad, have = 0;
            for (int r = b->row; r < b->row + span; r++)
                have += rowh[r];
            if (need > have)
                for (int r = b->row; r < b->row + span; r++)
                    rowh[r] += (need - have) / span;
        }
}

static void init_block(text_block *b, bp_role role, double size, double spacing, bp_align align)
{
    memset(b, 0, sizeof *b);
    b->role = role;
    b->size = size;
    b->line_spacing = spacing;
    b->scale = 1;
    b->align = align;
}

/* Minimum column widths (points) that hold every unbreakable piece at
 * font size `size` (cells spanning one column only). */
static void content_needs(bp_layout_ctx *ctx, const bp_table_spec *t, const cell_box *cells,
                          int ncells, const char *const *texts, const char *const *htext,
                          double size, double hsize, double pad, double *need)
{
    const bp_font *head = ctx->fonts->role[BP_ROLE_BODY];
    for (int c = 0; c < t->ncolumns; c++)
        need[c] = 0;
    for (int i = 0; i < ncells; i++) {
        const cell_box *b = &cells[i];
        if (b->colspan != 1) continue;
        double indent = b->text.indent;
        const bp_font *f = ctx->fonts->role[b->text.role];
        double w =
            text_min_width(ctx->a, f, size, texts[i], strlen(texts[i])) + 2 * pad + indent + 0.5;
        if (w > need[b->col]) need[b->col] = w;
    }
    for (int i = 0; t->show_header && i < t->nheader; i++) {
        const bp_header_cell *h = &t->header[i];
        if (h->colspan != 1) continue;
        double w = text_min_width(ctx->a, head, hsize, htext[i], strlen(htext[i])) + 2 * pad + 0.5;
        if (w > need[h->col]) need[h->col] = w;
    }
}

static void set_geometry(table_geo *g, const bp_table_spec *t, bool landscape)
{
    double a = t->page_w * BP_MM, b = t->page_h * BP_MM;
    double lo = a < b ? a : b, hi = a < b ? b : a;
    g->pw = landscape ? hi : lo;
    g->ph = landscape ? lo : hi;
    if (!landscape && t->page_w > t->page_h) g->pw = a, g->ph = b; /* declared landscape */
    g->left = t->margin[3] * BP_MM;
    g->width = g->pw - g->left - t->margin[1] * BP_MM;
    g->top = g->ph - t->margin[0] * BP_MM;
    g->bottom = t->margin[2] * BP_MM;
    g->height = g->top - g->bottom;
}

/* Draws lines [first, first + count) of b centred in the box. */
static void draw_range(bp_layout_ctx *ctx, bp_doc *doc, bp_page *pg, const text_block *b, int first,
                       int count, double x, double top, double w, double h, double pad)
{
    text_block part = *b;
    part.lines = b->lines + first;
    part.nlines = count;
    layout_draw_lines(ctx, doc, pg, &part, x, top, w, h, pad);
}

/* The work of layout_table; `a` is the table's scratch arena (freed when
 * the table is drawn), ctx->a the document's (text the display list
 * points to). */
static int lay_table(bp_layout_ctx *ctx, bp_arena *a, const bp_table_spec *t,
                     const bp_table_data *d, bp_doc *doc, bp_table_pages *pages)
{
    const bp_department *dept = ctx->dept;
    int nc = t->ncolumns, nr = d->nrows;
    double pad = t->padding * BP_MM;
    table_geo g;
    g.colx = bp_alloc(a, (size_t)(nc + 1) * sizeof *g.colx);

    const char *title = layout_expand(ctx->a, t->title, dept, -1, -1, NULL);
    const char *cont = layout_expand(ctx->a, t->continued, dept, -1, -1, title);
    const char *subtitle =
        t->subtitle ? layout_expand(ctx->a, t->subtitle, dept, -1, -1, NULL) : NULL;
    const char *capl =
        t->caption_left ? layout_expand(ctx->a, t->caption_left, dept, -1, -1, NULL) : NULL;
    const char *capr =
        t->caption_right ? layout_expand(ctx->a, t->caption_right, dept, -1, -1, NULL) : NULL;
    char where[1024], quoted[256];
    snprintf(where, sizeof where, "%s (%s)", t->file,
             bp_quote(quoted, sizeof quoted, title, BP_QUOTE_CHARS));
    int rc;
    if ((rc = layout_check_text(ctx, BP_ROLE_TITLE, title, where))) return rc;
    if ((rc = layout_check_text(ctx, BP_ROLE_TITLE, cont, where))) return rc;
    if (subtitle && (rc = layout_check_text(ctx, BP_ROLE_BODY, subtitle, where))) return rc;
    if (capl && (rc = layout_check_text(ctx, BP_ROLE_BODY, capl, where))) return rc;
    if (capr && (rc = layout_check_text(ctx, BP_ROLE_BODY, capr, where))) return rc;

    /* 1. body cells: text and style */
    bp_vec cells, texts;
    bp_vec_init(&cells, sizeof(cell_box));
    bp_vec_init(&texts, sizeof(const char *));
    if ((long long)nr * nc < (1 << 28)) { /* one cell per position unless merged */
        bp_vec_reserve(a, &cells, nr * nc);
        bp_vec_reserve(a, &texts, nr * nc);
    }
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
            bp_role role =
                col->type == BP_COL_AMOUNT && cell->has_value ? BP_ROLE_NUMBER : BP_ROLE_BODY;
            init_block(&b->text, role, t->font_size, t->line_spacing, col->align);
            b->text.bold = st.bold;
            if (st.align >= 0 && col->type == BP_COL_TEXT) b->text.align = (bp_align)st.align;
            if (st.indent_column == c) b->text.indent = st.indent_level * t->indent * BP_MM;
            const char *s = cell_text(ctx->a, col, &st, cell);
            if (!layout_text_ok(ctx, role, s)) { /* an error, or warnings: say where */
                text_origin o = {NULL, title, d->path, col->key, cell->line};
                layout_origin_format(&o, where, sizeof where);
                if ((rc = layout_check_text(ctx, role, s, where))) return rc;
            }
            *(const char **)bp_vec_push(a, &texts) = s;
        }
    }
    /* header cells are templates: their text for this department */
    const char **htext = bp_alloc(a, (size_t)(t->nheader + 1) * sizeof *htext);
    for (int i = 0; i < t->nheader; i++)
        htext[i] = t->header[i].tpl ? layout_expand(ctx->a, t->header[i].tpl, dept, -1, -1, NULL)
                                    : t->header[i].text;
    for (int i = 0; t->show_header && i < t->nheader; i++) {
        snprintf(where, sizeof where, "%s, header '%s'", tpl_where(t->header[i].tpl, t->file),
                 htext[i]);
        if ((rc = layout_check_text(ctx, BP_ROLE_BODY, htext[i], where))) return rc;
    }
    cell_box *cb = cells.items;
    const char **tx = texts.items;

    /* 2. fit the table to its page: declared orientation, then landscape
     * (orientation: auto), then narrower columns (to min_width), then
     * smaller type (down to min_font_size) */
    double *need = bp_alloc(a, (size_t)nc * sizeof *need);
    double *widths = bp_alloc(a, (size_t)nc * sizeof *widths);
    double size = t->font_size, hsize = t->header_font_size;
    bool landscape = t->page_w > t->page_h, narrow = false;
    double deficit = 0;
    for (;;) {
        set_geometry(&g, t, landscape);
        content_needs(ctx, t, cb, cells.n, tx, htext, size, hsize, pad, need);
        rc = layout_column_widths(t, g.width, need, narrow, widths, &deficit, ctx->e);
        if (rc == 0 && deficit <= 0.01) break;
        if (!landscape && t->orientation_auto) {
            landscape = true;
            continue;
        }
        if (!narrow) {
            narrow = true;
            continue;
        }
        double min_size = t->min_font_size > 0 ? t->min_font_size : t->font_size;
        if (size - 0.25 >= min_size - 1e-9) {
            size -= 0.25;
            hsize = t->header_font_size * size / t->font_size;
            continue;
        }
        double total = 0;
        for (int c = 0; c < nc; c++)
            total += widths[c];
        return bp_fail(ctx->e, BP_EINPUT,
                       "%s (%s): the table needs %.0f mm but its page has %.0f mm between the "
                       "margins even at %.2g pt; declare min_width for columns that may be "
                       "narrower, a smaller min_font_size, orientation: auto or a larger page",
                       t->file, title, (total + deficit) / BP_MM, g.width / BP_MM, size);
    }
    if (size < t->font_size && ctx->warn) {
        snprintf(where, sizeof where, "%s (%s): set at %.2g pt instead of %.2g pt to fit the page",
                 t->file, title, size, t->font_size);
        ctx->warn(ctx->warn_ud, where);
    }
    g.colx[0] = g.left;
    for (int c = 0; c < nc; c++)
        g.colx[c + 1] = g.colx[c] + widths[c];

    /* 3. wrap body cells, size rows */
    double *rowh = bp_alloc(a, (size_t)(nr + 1) * sizeof *rowh);
    for (int i = 0; i < cells.n; i++) {
        cell_box *b = &cb[i];
        b->text.size = size;
        double inner = span_width(&g, b->col, b->colspan) - 2 * pad - b->text.indent;
        text_origin o = {NULL, title, d->path, t->columns[b->col].key, b->line};
        if ((rc = layout_wrap_block(ctx, a, &b->text, tx[i], inner, &o))) return rc;
    }
    size_rows(rowh, nr, t->min_row_height * BP_MM, cb, cells.n, pad);

    /* 4. header cells */
    int hr = t->show_header ? t->header_rows : 0;
    int nh = hr ? t->nheader : 0;
    cell_box *hcells = bp_alloc(a, (size_t)(nh + 1) * sizeof *hcells);
    double *headh = bp_alloc(a, (size_t)(hr + 1) * sizeof *headh);
    for (int i = 0; i < nh; i++) {
        const bp_header_cell *h = &t->header[i];
        cell_box *b = &hcells[i];
        b->row = h->row, b->col = h->col, b->rowspan = h->rowspan, b->colspan = h->colspan;
        b->fill = -1;
        /* header cells: the body face in bold, as published annexes set them */
        init_block(&b->text, BP_ROLE_BODY, hsize, t->line_spacing, BP_ALIGN_CENTER);
        b->text.bold = true;
        b->text.balance = true;
        snprintf(where, sizeof where, "%s, header '%s'", tpl_where(h->tpl, t->file), htext[i]);
        double inner = span_width(&g, b->col, b->colspan) - 2 * pad;
        text_origin o = {where, NULL, NULL, NULL, 0};
        if ((rc = layout_wrap_block(ctx, a, &b->text, htext[i], inner, &o))) return rc;
    }
    size_rows(headh, hr, t->min_row_height * BP_MM, hcells, nh, pad);
    double header_h = 0;
    for (int r = 0; r < hr; r++)
        header_h += headh[r];

    bool has_caption = (capl && capl[0]) || (capr && capr[0]);
    double cap = g.height - title_block_height(t, subtitle, has_caption) - header_h;
    if (cap < t->min_row_height * BP_MM * 2)
        return bp_fail(ctx->e, BP_EINPUT,
                       "%s (%s): the title and header rows leave no room for the body", t->file,
                       title);

    /* 5. pieces: rows, with rows taller than a page split between lines of
     * their text (cells that fit are repeated on each piece) */
    bp_vec pieces;
    bp_vec_init(&pieces, sizeof(bp_piece));
    double lh = size * t->line_spacing;
    int *row_lines = bp_alloc(a, (size_t)(nr + 1) * sizeof *row_lines);
    for (int i = 0; i < cells.n; i++)
        if (cb[i].rowspan == 1 && cb[i].text.nlines > row_lines[cb[i].row])
            row_lines[cb[i].row] = cb[i].text.nlines;
    int *first_piece = bp_alloc(a, (size_t)(nr + 1) * sizeof *first_piece);
    int *last_piece = bp_alloc(a, (size_t)(nr + 1) * sizeof *last_piece);
    int *per_piece = bp_alloc(a, (size_t)(nr + 1) * sizeof *per_piece); /* 0: not sliced */
    bp_piece *slice = bp_alloc(a, sizeof *slice * 2);
    int slice_cap = 2;
    int per_full = (int)((cap - 2 * pad) / lh);
    int cur = 0; /* cells are in row order: one pass over them for all rows */
    for (int r = 0; r < nr; r++) {
        int repeated = 0; /* cells that fit a piece are repeated on each */
        for (; cur < cells.n && cb[cur].row == r; cur++)
            if (cb[cur].rowspan == 1 && cb[cur].text.nlines <= per_full &&
                cb[cur].text.nlines > repeated)
                repeated = cb[cur].text.nlines;
        if (row_lines[r] + 1 > slice_cap) {
            slice_cap = row_lines[r] + 1;
            slice = bp_alloc(a, sizeof *slice * (size_t)slice_cap);
        }
        int n = layout_slice_row(r, rowh[r], row_lines[r], repeated, cap, lh, pad, slice,
                                 &per_piece[r]);
        first_piece[r] = pieces.n;
        for (int k = 0; k < n; k++)
            *(bp_piece *)bp_vec_push(a, &pieces) = slice[k];
        last_piece[r] = pieces.n - 1;
    }
    bp_piece *pc = pieces.items;
    int npc = pieces.n;

    /* 6. pagination items: rows joined by merged cells keep together (a
     * chain longer than a page is broken between rows, and merged cells
     * split there continue on the next page); a bold row (a total or a
     * label row) never ends a page; a final total never stands alone;
     * notes travel with the last row */
    bp_vec items;
    bp_vec_init(&items, sizeof(bp_pag_item));
    {
        int reach = -1, ci = 0;
        for (int k = 0; k < npc; k++) {
            int r = pc[k].row;
            while (ci < cells.n && cb[ci].row == r) {
                int end = cb[ci].row + cb[ci].rowspan - 1;
                if (end > reach) reach = end;
                ci++;
            }
            bp_pag_item *it = bp_vec_push(a, &items);
            it->height = pc[k].height;
            bool last_of_row = k == last_piece[r];
            it->keep_with_next = last_of_row && (reach > r || (row_bold[r] && r + 1 < nr));
        }
    }
    if (nr >= 2 && row_bold[nr - 1] && !pc[npc - 1].sliced)
        ((bp_pag_item *)items.items)[last_piece[nr - 2]].keep_with_next = true;

    bp_vec notes;
    bp_vec_init(&notes, sizeof(text_block));
    double notes_h = 0, note_size = t->font_size;
    for (int i = -1; i < t->nnotes; i++) {
        const bp_template *tmpl =
            i < 0 ? (data_table_is_empty(t, d) ? t->empty_note : NULL) : t->notes[i];
        if (!tmpl) continue;
        const char *s = layout_expand(ctx->a, tmpl, dept, -1, -1, NULL);
        snprintf(where, sizeof where, "%s, note", tpl_where(tmpl, t->file));
        if ((rc = layout_check_text(ctx, BP_ROLE_NOTE, s, where))) return rc;
        text_block *b = bp_vec_push(a, &notes);
        init_block(b, BP_ROLE_NOTE, note_size, t->line_spacing, BP_ALIGN_LEFT);
        text_origin o = {where, NULL, NULL, NULL, 0};
        if ((rc = layout_wrap_block(ctx, a, b, s, g.width, &o))) return rc;
        notes_h += block_height(b) + note_size * 0.4;
    }
    if (notes.n) {
        notes_h += note_size * 0.8;
        if (npc) ((bp_pag_item *)items.items)[npc - 1].keep_with_next = true;
        bp_pag_item *it = bp_vec_push(a, &items);
        it->height = notes_h;
    }

    int *page_of = bp_alloc(a, (size_t)(items.n + 1) * sizeof *page_of);
    int npages = 1;
    if (items.n && (rc = layout_paginate(items.items, items.n, cap, cap, page_of, &npages, ctx->e)))
        return bp_fail(ctx->e, BP_EINPUT, "%s (%s): the notes do not fit on one page", t->file,
                       title);

    /* 7. draw */
    pages->first_page = dl_page_count(doc);
    pages->npages = npages;
    int *shown =
        bp_alloc(a, (size_t)(cells.n + 1) * sizeof *shown); /* lines of merged cells shown */
    double *ptop = bp_alloc(a, (size_t)(npc + 1) * sizeof *ptop);
    /* Each page visits only its own cells: those that start in its rows (a
     * run of the cells, which are in row order) and the cells of earlier
     * rows that go on here (merged cells, rows split between pages), in
     * cell order, as one pass over all cells would. */
    int *open = bp_alloc(a, (size_t)(cells.n + 1) * sizeof *open);
    int nopen = 0, next_cell = 0, next_piece = 0;
    bp_vec rules;
    bp_vec_init(&rules, sizeof(rule_seg));
    for (int p = 0; p < npages; p++) {
        bp_page *pg = dl_add_page(doc, g.pw, g.ph);
        double y = g.top;
        draw_caption_and_title(ctx, t, doc, pg, &g, p == 0 ? title : cont, subtitle, capl, capr,
                               &y);
        double table_top = y;
        for (int i = 0; i < nh; i++) {
            cell_box *b = &hcells[i];
            double top = y;
            for (int r = 0; r < b->row; r++)
                top -= headh[r];
            double h = 0;
            for (int r = b->row; r < b->row + b->rowspan; r++)
                h += headh[r];
            double x0 = g.colx[b->col], x1 = g.colx[b->col + b->colspan];
            layout_draw_lines(ctx, doc, pg, &b->text, x0, top, x1 - x0, h, pad);
            draw_edges(a, &rules, x0, x1, top, top - h);
        }
        y -= header_h;
        int k0 = -1, k1 = -2; /* the pieces of this page (page_of never decreases) */
        for (; next_piece < npc && page_of[next_piece] == p; next_piece++) {
            if (k0 < 0) k0 = next_piece;
            k1 = next_piece;
        }
        for (int k = k0; k0 >= 0 && k <= k1; k++)
            ptop[k] = y, y -= pc[k].height;
        int first_new = next_cell; /* cells starting on this page: first_new..next_cell-1 */
        if (k0 >= 0) {
            int kept = 0; /* drop merged cells that ended before this page */
            for (int j = 0; j < nopen; j++)
                if (cb[open[j]].row + cb[open[j]].rowspan - 1 >= pc[k0].row) open[kept++] = open[j];
            nopen = kept;
            while (next_cell < cells.n && cb[next_cell].row <= pc[k1].row)
                next_cell++;
        }
        int nvisit = k0 >= 0 ? nopen + next_cell - first_new : 0;
        for (int v = 0; v < nvisit; v++) {
            int i = v < nopen ? open[v] : first_new + v - nopen;
            cell_box *b = &cb[i];
            int r0 = b->row, r1 = b->row + b->rowspan - 1;
            /* the pieces of this page that belong to the cell's rows */
            int a0 = first_piece[r0] > k0 ? first_piece[r0] : k0;
            int a1 = last_piece[r1] < k1 ? last_piece[r1] : k1;
            if (a0 > a1) continue;
            double top = ptop[a0], bot = ptop[a1] - pc[a1].height, h = top - bot;
            double x0 = g.colx[b->col], x1 = g.colx[b->col + b->colspan];
            if (b->fill >= 0) dl_rect(doc, pg, x0, bot, x1, top, b->fill);
            int n = b->text.nlines, first = 0, count = n;
            if (b->rowspan == 1 && pc[a0].sliced && n > per_piece[b->row]) {
                /* a sliced row: this piece's lines */
                first = pc[a0].line0 < n ? pc[a0].line0 : n;
                count = (pc[a0].line1 < n ? pc[a0].line1 : n) - first;
            } else if (block_height(&b->text) > h - 2 * pad + 1e-6) {
                /* a merged cell split between pages: continue where it stopped */
                int fit =
                    (int)((h - 2 * pad) / (b->text.size * b->text.line_spacing * b->text.scale));
                if (fit < 1) fit = 1;
                first = shown[i] < n ? shown[i] : 0;
                count = n - first < fit ? n - first : fit;
                shown[i] = first + count;
            }
            if (count > 0)
                draw_range(ctx, doc, pg, &b->text, first, count, x0, top, x1 - x0, h, pad);
            draw_edges(a, &rules, x0, x1, top, bot);
        }
        for (int i = first_new; i < next_cell; i++)
            if (cb[i].row + cb[i].rowspan - 1 >= pc[k1].row) /* may go on */
                open[nopen++] = i;
        double table_bot = y;
        if (hr || k0 >= 0) {
            /* the frame and the rule under the header are heavier; inner
             * rules lying on them are dropped */
            double yh = table_top - header_h;
            rule_seg *rs = rules.items;
            int kept = 0;
            for (int i = 0; i < rules.n; i++) {
                rule_seg r = rs[i];
                bool on_frame = r.horizontal ? fabs(r.pos - table_bot) < 1e-6 ||
                                                   (hr && k0 >= 0 && fabs(r.pos - yh) < 1e-6)
                                             : fabs(r.pos - g.colx[nc]) < 1e-6;
                if (!on_frame) rs[kept++] = r;
            }
            rules.n = kept;
            rules_add(a, &rules, g.colx[0], table_top, g.colx[nc], table_top, RULE_OUTER);
            rules_add(a, &rules, g.colx[0], table_top, g.colx[0], table_bot, RULE_OUTER);
            rules_add(a, &rules, g.colx[nc], table_top, g.colx[nc], table_bot, RULE_OUTER);
            rules_add(a, &rules, g.colx[0], table_bot, g.colx[nc], table_bot, RULE_OUTER);
            if (hr && k0 >= 0)
                rules_add(a, &rules, g.colx[0], yh, g.colx[nc], yh, RULE_OUTER * 0.8);
        }
        rules_emit(doc, pg, &rules);
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

int layout_table(bp_layout_ctx *ctx, const bp_table_spec *t, const bp_table_data *d, bp_doc *doc,
                 bp_table_pages *pages)
{
    /* Cells, their wrapped lines, pieces and rules die with the table: the
     * next table, and the PDF stage, reuse their memory instead of touching
     * new pages. */
    bp_arena *scratch = bp_arena_scratch(ctx->a); /* also freed with ctx->a */
    /* an empty table prints the body its `empty:` asks for */
    int rc = lay_table(ctx, scratch, t, data_empty_view(scratch, t, d), doc, pages);
    bp_arena_free(scratch);
    return rc;
}
