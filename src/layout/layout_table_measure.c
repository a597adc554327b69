/* layout_table_measure.c — the first phases of a table: its body cells
 * (text, style, role), the page and column widths that hold them, and the
 * heights of its rows once every cell is wrapped in its column. */
#include "layout_table_priv.h"

#include <stdio.h>
#include <string.h>

typedef struct row_style {
    bool bold, keep, sect;
    double fill; /* < 0 none */
    int align;   /* -1 none */
    int indent_column, indent_level;
    bp_numfmt fmt;     /* the row rules' `format:` keys, */
    unsigned fmt_keys; /* over each amount column's format */
} row_style;

/* A row rule's condition, tested on the text of the cell (for a merged
 * cell, its top-left cell's). */
static bool rule_matches(const bp_row_rule *r, const bp_table_data *d, int row)
{
    const bp_cell *c = data_cell(d, row, r->when.column);
    return spec_when_matches(&r->when, data_cell(d, c->origin_row, c->origin_col)->text);
}

static row_style style_of(const bp_table_spec *t, const bp_table_data *d, int row)
{
    row_style st = {false, false, false, -1, -1, -1, 0, {0}, 0};
    for (int i = 0; i < t->nrules; i++) {
        const bp_row_rule *r = &t->rules[i];
        if (!rule_matches(r, d, row)) continue;
        if (r->bold >= 0) st.bold = r->bold;
        if (r->keep_with_next >= 0) st.keep = r->keep_with_next;
        if (r->section_head >= 0) st.sect = r->section_head;
        if (r->fill >= 0) st.fill = r->fill;
        if (r->align >= 0) st.align = r->align;
        if (r->indent_column >= 0)
            st.indent_column = r->indent_column, st.indent_level = r->indent_level;
        number_format_override(&st.fmt, &r->fmt, r->fmt_keys);
        st.fmt_keys |= r->fmt_keys;
    }
    return st;
}

bool table_row_bold(const bp_table_spec *t, const bp_table_data *d, int row)
{
    return style_of(t, d, row).bold;
}

/* A body cell's text (in a): an amount in its column's format, with the
 * keys the row's rules set; else the CSV text. */
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

static void init_block(text_block *b, bp_role role, double size, double spacing, bp_align align)
{
    memset(b, 0, sizeof *b);
    b->role = role;
    b->size = size;
    b->line_spacing = spacing;
    b->scale = 1;
    b->align = align;
}

/* One body cell: its box, style and role in *b; its text in *text. */
static int measure_cell(table_job *j, const row_style *st, int r, int c, cell_box *b,
                        const char **text)
{
    const bp_table_spec *t = j->t;
    const bp_cell *cell = data_cell(j->d, r, c);
    const bp_column *col = &t->columns[c];
    b->row = r, b->col = c, b->rowspan = cell->rowspan, b->colspan = cell->colspan;
    b->line = cell->line;
    b->fill = st->fill;
    bp_role role = col->type == BP_COL_AMOUNT && cell->has_value ? BP_ROLE_NUMBER : BP_ROLE_BODY;
    init_block(&b->text, role, t->font_size, t->line_spacing, col->align);
    b->text.bold = st->bold;
    if (st->align >= 0 && col->type == BP_COL_TEXT) b->text.align = (bp_align)st->align;
    if (st->indent_column == c) b->text.indent = st->indent_level * t->indent * BP_MM;
    const char *s = cell_text(j->ctx->c->a, col, st, cell);
    if (!layout_text_ok(j->ctx, role, s)) { /* an error, or warnings: say where */
        char where[1024];
        text_origin o = {NULL, j->title, j->d->path, col->key, cell->line};
        layout_origin_format(&o, where, sizeof where);
        int rc = layout_check_text(j->ctx, role, s, where);
        if (rc) return rc;
    }
    *text = s;
    return BP_OK;
}

int table_measure(table_job *j)
{
    const bp_table_spec *t = j->t;
    int nc = t->ncolumns, nr = j->d->nrows, rc;
    bp_vec cells, texts;
    bp_vec_init(&cells, sizeof(cell_box));
    bp_vec_init(&texts, sizeof(const char *));
    if ((long long)nr * nc < (1 << 28)) { /* one cell per position unless merged */
        bp_vec_reserve(j->a, &cells, nr * nc);
        bp_vec_reserve(j->a, &texts, nr * nc);
    }
    j->row_bold = bp_alloc(j->a, (size_t)(nr + 1) * sizeof *j->row_bold);
    j->row_keep = bp_alloc(j->a, (size_t)(nr + 1) * sizeof *j->row_keep);
    j->row_sect = bp_alloc(j->a, (size_t)(nr + 1) * sizeof *j->row_sect);
    j->sect_of = bp_alloc(j->a, (size_t)(nr + 1) * sizeof *j->sect_of);
    j->row_cell = bp_alloc(j->a, (size_t)(nr + 1) * sizeof *j->row_cell);
    for (int r = 0, sect = -1; r < nr; r++) {
        row_style st = style_of(t, j->d, r);
        j->row_bold[r] = st.bold;
        j->row_keep[r] = st.keep || st.sect; /* a section head never ends a page */
        j->row_sect[r] = st.sect;
        j->sect_of[r] = st.sect ? -1 : sect;
        if (st.sect) sect = r;
        j->row_cell[r] = cells.n;
        for (int c = 0; c < nc; c++) {
            const bp_cell *cell = data_cell(j->d, r, c);
            if (cell->origin_row != r || cell->origin_col != c) continue;
            cell_box *b = bp_vec_push(j->a, &cells);
            const char **text = bp_vec_push(j->a, &texts);
            if ((rc = measure_cell(j, &st, r, c, b, text))) return rc;
        }
    }
    j->row_cell[nr] = cells.n;
    j->cells = cells.items;
    j->texts = texts.items;
    j->ncells = cells.n;
    /* header cells are templates: their text for this department */
    j->htext = bp_alloc(j->a, (size_t)(t->nheader + 1) * sizeof *j->htext);
    for (int i = 0; i < t->nheader; i++)
        j->htext[i] = t->header[i].tpl ? layout_expand(j->ctx->c->a, t->header[i].tpl, j->ctx->dept,
                                                       -1, -1, NULL)
                                       : t->header[i].text;
    char where[1024];
    for (int i = 0; t->show_header && i < t->nheader; i++) {
        snprintf(where, sizeof where, "%s, header '%s'", tpl_where(t->header[i].tpl, t->file),
                 j->htext[i]);
        if ((rc = layout_check_text(j->ctx, BP_ROLE_BODY, j->htext[i], where))) return rc;
    }
    return BP_OK;
}

/* Minimum column widths (points) that hold every unbreakable piece at
 * font size `size` (cells spanning one column only). */
static void content_needs(const table_job *j, double size, double hsize, double *need)
{
    const bp_table_spec *t = j->t;
    const bp_font *head = j->ctx->fonts->role[BP_ROLE_BODY];
    double pad = j->pad;
    for (int c = 0; c < t->ncolumns; c++)
        need[c] = 0;
    for (int i = 0; i < j->ncells; i++) {
        const cell_box *b = &j->cells[i];
        if (b->colspan != 1) continue;
        double indent = b->text.indent;
        const bp_font *f = j->ctx->fonts->role[b->text.role];
        const char *s = j->texts[i];
        double w = text_min_width(j->ctx->c->a, f, size, s, strlen(s)) + 2 * pad + indent + 0.5;
        if (w > need[b->col]) need[b->col] = w;
    }
    for (int i = 0; t->show_header && i < t->nheader; i++) {
        const bp_header_cell *h = &t->header[i];
        if (h->colspan != 1) continue;
        const char *ht = j->htext[i];
        double w = text_min_width(j->ctx->c->a, head, hsize, ht, strlen(ht)) + 2 * pad + 0.5;
        if (w > need[h->col]) need[h->col] = w;
    }
}

static void set_geometry(grid_geo *g, const bp_table_spec *t, bool landscape)
{
    double a = t->page_w * BP_MM, b = t->page_h * BP_MM;
    double lo = a < b ? a : b, hi = a < b ? b : a;
    double w = landscape ? hi : lo, h = landscape ? lo : hi;
    if (!landscape && t->page_w > t->page_h) w = a, h = b; /* declared landscape */
    g->page = page_style_table(t, w, h);
}

int table_fit_widths(table_job *j)
{
    const bp_table_spec *t = j->t;
    int nc = t->ncolumns, rc;
    double *need = bp_alloc(j->a, (size_t)nc * sizeof *need);
    double *widths = bp_alloc(j->a, (size_t)nc * sizeof *widths);
    double size = t->font_size, hsize = t->header_font_size;
    bool landscape = t->page_w > t->page_h, narrow = false;
    double deficit = 0;
    j->pad = t->padding * BP_MM;
    j->g.colx = bp_alloc(j->a, (size_t)(nc + 1) * sizeof *j->g.colx);
    for (;;) {
        set_geometry(&j->g, t, landscape);
        content_needs(j, size, hsize, need);
        rc = layout_column_widths(t, j->g.page.width, need, narrow, widths, &deficit, j->ctx->c->e);
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
        return bp_fail(j->ctx->c->e, BP_EINPUT,
                       "%s (%s): the table needs %.0f mm but its page has %.0f mm between the "
                       "margins even at %.2g pt; declare min_width for columns that may be "
                       "narrower, a smaller min_font_size, orientation: auto or a larger page",
                       t->file, j->title, (total + deficit) / BP_MM, j->g.page.width / BP_MM, size);
    }
    if (size < t->font_size && j->ctx->c->warn) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s (%s): set at %.2g pt instead of %.2g pt to fit the page",
                 t->file, j->title, size, t->font_size);
        j->ctx->c->warn(j->ctx->c->warn_ud, msg);
    }
    j->g.colx[0] = j->g.page.left;
    for (int c = 0; c < nc; c++)
        j->g.colx[c + 1] = j->g.colx[c] + widths[c];
    j->size = size;
    j->hsize = hsize;
    return BP_OK;
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

static double span_width(const grid_geo *g, int col, int colspan)
{
    return g->colx[col + colspan] - g->colx[col];
}

/* The header cells, wrapped, and the header rows' heights. */
static int header_heights(table_job *j)
{
    const bp_table_spec *t = j->t;
    j->hr = t->show_header ? t->header_rows : 0;
    j->nh = j->hr ? t->nheader : 0;
    j->hcells = bp_alloc(j->a, (size_t)(j->nh + 1) * sizeof *j->hcells);
    j->headh = bp_alloc(j->a, (size_t)(j->hr + 1) * sizeof *j->headh);
    char where[1024];
    for (int i = 0; i < j->nh; i++) {
        const bp_header_cell *h = &t->header[i];
        cell_box *b = &j->hcells[i];
        b->row = h->row, b->col = h->col, b->rowspan = h->rowspan, b->colspan = h->colspan;
        b->fill = -1;
        /* header cells: the body face in bold, as published annexes set them */
        init_block(&b->text, BP_ROLE_BODY, j->hsize, t->line_spacing, BP_ALIGN_CENTER);
        b->text.bold = true;
        b->text.balance = true;
        snprintf(where, sizeof where, "%s, header '%s'", tpl_where(h->tpl, t->file), j->htext[i]);
        double inner = span_width(&j->g, b->col, b->colspan) - 2 * j->pad;
        text_origin o = {where, NULL, NULL, NULL, 0};
        int rc = layout_wrap_block(j->ctx, j->a, &b->text, j->htext[i], inner, &o);
        if (rc) return rc;
    }
    size_rows(j->headh, j->hr, t->min_row_height * BP_MM, j->hcells, j->nh, j->pad);
    j->header_h = 0;
    for (int r = 0; r < j->hr; r++)
        j->header_h += j->headh[r];
    return BP_OK;
}

static double title_block_height(const bp_table_spec *t, const char *subtitle, bool caption)
{
    double h = t->title_size * 1.7;
    if (subtitle && subtitle[0]) h += (t->font_size + 1) * 1.7;
    if (caption) h += t->font_size * 2.1;
    return h;
}

int table_row_heights(table_job *j)
{
    const bp_table_spec *t = j->t;
    int nr = j->d->nrows, rc;
    for (int i = 0; i < j->ncells; i++) {
        cell_box *b = &j->cells[i];
        b->text.size = j->size;
        double inner = span_width(&j->g, b->col, b->colspan) - 2 * j->pad - b->text.indent;
        text_origin o = {NULL, j->title, j->d->path, t->columns[b->col].key, b->line};
        if ((rc = layout_wrap_block(j->ctx, j->a, &b->text, j->texts[i], inner, &o))) return rc;
    }
    j->rowh = bp_alloc(j->a, (size_t)(nr + 1) * sizeof *j->rowh);
    size_rows(j->rowh, nr, t->min_row_height * BP_MM, j->cells, j->ncells, j->pad);
    if ((rc = header_heights(j))) return rc;
    bool has_caption = (j->capl && j->capl[0]) || (j->capr && j->capr[0]);
    j->cap = j->g.page.height - title_block_height(t, j->subtitle, has_caption) - j->header_h;
    j->cont_cap = t->repeat_header ? j->cap : j->cap + j->header_h;
    if (j->cap < t->min_row_height * BP_MM * 2)
        return bp_fail(j->ctx->c->e, BP_EINPUT,
                       "%s (%s): the title and header rows leave no room for the body", t->file,
                       j->title);
    return BP_OK;
}
