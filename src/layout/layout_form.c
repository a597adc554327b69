/* layout_form.c — a table layout of `kind: form` (form.h): one form per
 * record of its data, each from a new page. A form is a grid of cells:
 * the title, caption and `head` block on every page of a record, the
 * `fields` block once, then the `items` block (its header, repeated when
 * the items go on over a page, and one row per item of the record; equal
 * `merge` cells joined). Rows are kept whole; rows joined by a cell of
 * several rows are kept together. Produces display-list items, as
 * layout_table.c does, with the text helpers of layout_text.c. */
#include "data_form.h"
#include "layout_priv.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define RULE_INNER 0.5
#define RULE_OUTER 0.9
#define FORM_EPS 1e-6 /* the pager's tolerance (layout_paginate.c) */

typedef struct fbox {
    text_block text;
    int row, col, rowspan, colspan; /* in its block */
    int cell;                       /* the block's cell it shows */
    int drow, dcol;                 /* the data cell it shows (provenance), -1: a label */
} fbox;

/* A block laid out: boxes (in the order of their first rows) and row
 * heights (points). */
typedef struct fblock {
    bp_vec boxes; /* fbox */
    int nrows;
    int maxspan; /* the most rows a box spans */
    double *rowh;
    double *ycum; /* ycum[r]: the height of rows 0..r-1 */
} fblock;

/* The texts every page of the table shares, expanded and checked. */
typedef struct form_texts {
    const char *title, *cont, *subtitle, *capl, *capr;
} form_texts;

typedef struct form_run {
    bp_layout_ctx *ctx;
    bp_arena *a; /* scratch, freed when the table is drawn */
    const bp_table_spec *t;
    const bp_form_spec *f;
    const bp_table_data *d;
    bp_doc *doc;
    int source; /* the table's index in the set (provenance), -1: unknown */
    grid_geo g; /* its page and grid columns */
    form_texts tx;
    double pad, size;
    char where[1024];
} form_run;

/* A cell, or the top-left cell of the merged area (< and ^) it is in. */
static const bp_cell *data_origin(const bp_table_data *d, int row, int col)
{
    const bp_cell *c = data_cell(d, row, col);
    return data_cell(d, c->origin_row, c->origin_col);
}

static const char *value_text(form_run *fr, const bp_column *col, const bp_cell *c)
{
    if (!c) return "";
    if (col->type == BP_COL_AMOUNT && c->has_value) {
        char buf[64];
        number_format(c->value, &col->fmt, buf, sizeof buf);
        return bp_strdup(fr->ctx->c->a, buf);
    }
    return c->text;
}

/* The text of a cell: a label's expanded template, or the record's value
 * (row < 0) or an item row's value. */
static int cell_text(form_run *fr, const bp_form_cell *c, const bp_form_record *rec, int row,
                     const char **out, bp_role *role, const bp_cell **shown)
{
    *role = BP_ROLE_BODY;
    *shown = NULL;
    if (c->kind == BP_FCELL_LABEL) {
        *out = layout_expand(fr->ctx->c->a, c->label, fr->ctx->dept, -1, -1, NULL);
        snprintf(fr->where, sizeof fr->where, "%s (form label)", c->origin);
        return layout_check_text(fr->ctx, *role, *out, fr->where);
    }
    const bp_column *col = &fr->t->columns[c->column];
    const bp_cell *cell = row >= 0 ? data_origin(fr->d, row, c->column)
                          : rec    ? data_form_value(fr->d, rec, c->column)
                                   : NULL;
    if (cell && col->type == BP_COL_AMOUNT && cell->has_value) *role = BP_ROLE_NUMBER;
    *shown = cell;
    *out = value_text(fr, col, cell);
    if (layout_text_ok(fr->ctx, *role, *out)) return BP_OK;
    text_origin o = {NULL, fr->tx.title, fr->d->path, col->key, cell ? cell->line : 0};
    layout_origin_format(&o, fr->where, sizeof fr->where);
    return layout_check_text(fr->ctx, *role, *out, fr->where);
}

static int add_box(form_run *fr, fblock *b, const bp_form_cell *c, int cell, int row, const char *s,
                   bp_role role, const bp_cell *shown)
{
    fbox *x = bp_vec_push(fr->a, &b->boxes);
    x->row = row, x->col = c->col, x->rowspan = c->rowspan, x->colspan = c->colspan;
    x->cell = cell;
    x->drow = x->dcol = -1;
    if (shown && fr->d->ncols > 0) {
        size_t at = (size_t)(shown - fr->d->cells);
        x->drow = (int)(at / (size_t)fr->d->ncols);
        x->dcol = (int)(at % (size_t)fr->d->ncols);
    }
    x->text.role = role;
    x->text.size = fr->size;
    x->text.line_spacing = fr->t->line_spacing;
    x->text.scale = 1;
    x->text.align = c->align;
    x->text.bold = c->bold;
    double inner = fr->g.colx[c->col + c->colspan] - fr->g.colx[c->col] - 2 * fr->pad;
    text_origin o = {fr->where, NULL, NULL, NULL, 0};
    snprintf(fr->where, sizeof fr->where, "%s (form cell)", c->origin);
    return layout_wrap_block(fr->ctx, fr->a, &x->text, s, inner, &o);
}

/* Row heights: each box's padded text; boxes of several rows spread what
 * they lack over their rows. */
static void size_rows(form_run *fr, fblock *b)
{
    b->rowh = bp_alloc(fr->a, (size_t)(b->nrows + 1) * sizeof *b->rowh);
    for (int r = 0; r < b->nrows; r++)
        b->rowh[r] = fr->t->min_row_height * BP_MM;
    fbox *x = b->boxes.items;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < b->boxes.n; i++) {
            double need = block_height(&x[i].text) + 2 * fr->pad, have = 0;
            if ((x[i].rowspan == 1) != (pass == 0)) continue;
            for (int r = x[i].row; r < x[i].row + x[i].rowspan; r++)
                have += b->rowh[r];
            for (int r = x[i].row; need > have && r < x[i].row + x[i].rowspan; r++)
                b->rowh[r] += (need - have) / x[i].rowspan;
        }
    b->ycum = bp_alloc(fr->a, (size_t)(b->nrows + 1) * sizeof *b->ycum);
    for (int r = 0; r < b->nrows; r++)
        b->ycum[r + 1] = b->ycum[r] + b->rowh[r];
    b->maxspan = 1;
    for (int i = 0; i < b->boxes.n; i++)
        if (x[i].rowspan > b->maxspan) b->maxspan = x[i].rowspan;
}

/* A fixed block (head, fields, items header) for one record. */
static int build_block(form_run *fr, const bp_form_block *fb, const bp_form_record *rec, fblock *b)
{
    bp_vec_init(&b->boxes, sizeof(fbox));
    b->nrows = fb->nrows;
    for (int i = 0; i < fb->ncells; i++) {
        const char *s;
        bp_role role;
        const bp_cell *shown;
        BP_TRY(cell_text(fr, &fb->cells[i], rec, -1, &s, &role, &shown));
        BP_TRY(add_box(fr, b, &fb->cells[i], i, fb->cells[i].row, s, role, shown));
    }
    size_rows(fr, b);
    return BP_OK;
}

/* The items of a record: one row per CSV row that has an item; a merge
 * cell equal to the one above joins it when the merge cells left of it
 * in the row joined theirs (二级指标 merges within its 一级指标). */
static int build_items(form_run *fr, const bp_form_record *rec, fblock *b)
{
    const bp_form_block *fb = &fr->f->items;
    bp_vec_init(&b->boxes, sizeof(fbox));
    b->nrows = 0;
    int *last = bp_alloc(fr->a, (size_t)fb->ncells * sizeof *last); /* box of each cell above */
    const char **prev = bp_alloc(fr->a, (size_t)fb->ncells * sizeof *prev);
    for (int row = rec->first; row < rec->first + rec->nrows; row++) {
        if (!data_form_has_item(fr->f, fr->d, row)) continue;
        bool chain = b->nrows > 0;
        for (int i = 0; i < fb->ncells; i++) {
            const bp_form_cell *c = &fb->cells[i];
            const char *s;
            bp_role role;
            const bp_cell *shown;
            BP_TRY(cell_text(fr, c, rec, row, &s, &role, &shown));
            if (c->merge) {
                chain = chain && s[0] && !strcmp(s, prev[i]);
                if (chain) {
                    ((fbox *)b->boxes.items)[last[i]].rowspan++;
                    continue;
                }
            }
            BP_TRY(add_box(fr, b, c, i, b->nrows, s, role, shown));
            last[i] = b->boxes.n - 1;
            prev[i] = s;
        }
        b->nrows++;
    }
    size_rows(fr, b);
    return BP_OK;
}

static double rows_height(const fblock *b, int r0, int r1)
{
    return r1 < r0 ? 0 : b->ycum[r1 + 1] - b->ycum[r0];
}

/* The first box that may reach row r: boxes start in row order, and none
 * spans more than maxspan rows. */
static int first_box(const fblock *b, int r)
{
    const fbox *x = b->boxes.items;
    int lo = 0, hi = b->boxes.n, from = r - b->maxspan + 1;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (x[mid].row < from)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Draws rows r0..r1 of a block from top down: boxes that reach into the
 * range are drawn over their part of it (a merged item cell split
 * between pages shows its text on each). Returns the height. */
static double draw_rows(form_run *fr, bp_page *pg, const fblock *b, int r0, int r1, double top,
                        bp_vec *rules)
{
    const fbox *x = b->boxes.items;
    for (int i = first_box(b, r0); i < b->boxes.n && x[i].row <= r1; i++) {
        int a0 = x[i].row > r0 ? x[i].row : r0;
        int a1 = x[i].row + x[i].rowspan - 1 < r1 ? x[i].row + x[i].rowspan - 1 : r1;
        if (a0 > a1) continue;
        double y0 = top - rows_height(b, r0, a0 - 1), h = rows_height(b, a0, a1);
        double x0 = fr->g.colx[x[i].col], x1 = fr->g.colx[x[i].col + x[i].colspan];
        if (fr->doc->provenance && fr->source >= 0 && x[i].drow >= 0)
            dl_source(fr->doc, pg,
                      (bp_dl_source){x0, y0 - h, x1, y0, 0, fr->source, x[i].drow, x[i].dcol, 1, 1,
                                     0, 0});
        layout_draw_lines(fr->ctx, fr->doc, pg, &x[i].text,
                          &(bp_cell_box){x0, y0, x1 - x0, h, fr->pad});
        rules_add(fr->a, rules, x0, y0, x1, y0, RULE_INNER);
        rules_add(fr->a, rules, x0, y0 - h, x1, y0 - h, RULE_INNER);
        rules_add(fr->a, rules, x0, y0, x0, y0 - h, RULE_INNER);
        rules_add(fr->a, rules, x1, y0, x1, y0 - h, RULE_INNER);
    }
    return rows_height(b, r0, r1);
}

static double title_height(const form_run *fr)
{
    const bp_table_spec *t = fr->t;
    double h = t->title_size * 1.7;
    if (fr->tx.subtitle && fr->tx.subtitle[0]) h += (t->font_size + 1) * 1.7;
    if ((fr->tx.capl && fr->tx.capl[0]) || (fr->tx.capr && fr->tx.capr[0])) h += t->font_size * 2.1;
    return h;
}

static void draw_line_at(form_run *fr, bp_page *pg, bp_role role, double size, const char *s,
                         double y, int where) /* where: 0 left, 1 centre, 2 right */
{
    const bp_font *f = fr->ctx->fonts->role[role];
    double w = font_measure(f, size, s, strlen(s));
    if (w > fr->g.page.width) size *= fr->g.page.width / w, w = fr->g.page.width;
    double x = where == 0   ? fr->g.page.left
               : where == 1 ? fr->g.page.left + (fr->g.page.width - w) / 2
                            : fr->g.page.left + fr->g.page.width - w;
    layout_text_out(fr->ctx, fr->doc, pg, &(bp_text_run){x, y, role, size, false, s, strlen(s)});
}

/* Title (or the continued title), subtitle and caption; returns the y
 * below them. */
static double draw_title(form_run *fr, bp_page *pg, bool first)
{
    const bp_table_spec *t = fr->t;
    double y = fr->g.page.top - t->title_size * 1.2;
    draw_line_at(fr, pg, BP_ROLE_TITLE, t->title_size, first ? fr->tx.title : fr->tx.cont, y, 1);
    y -= t->title_size * 0.5;
    if (fr->tx.subtitle && fr->tx.subtitle[0]) {
        y -= (t->font_size + 1) * 1.3;
        draw_line_at(fr, pg, BP_ROLE_BODY, t->font_size + 1, fr->tx.subtitle, y, 1);
        y -= (t->font_size + 1) * 0.4;
    }
    if ((fr->tx.capl && fr->tx.capl[0]) || (fr->tx.capr && fr->tx.capr[0])) {
        y -= t->font_size * 1.5;
        if (fr->tx.capl && fr->tx.capl[0])
            draw_line_at(fr, pg, BP_ROLE_BODY, t->font_size, fr->tx.capl, y, 0);
        if (fr->tx.capr && fr->tx.capr[0])
            draw_line_at(fr, pg, BP_ROLE_BODY, t->font_size, fr->tx.capr, y, 2);
        y -= t->font_size * 0.6;
    }
    return y;
}

/* The frame of the form drawn on a page: the inner rules on it give way
 * to the heavier outer rules. */
static void emit_frame(form_run *fr, bp_page *pg, bp_vec *rules, double top, double bot)
{
    double l = fr->g.colx[0], r = fr->g.colx[fr->f->ngrid];
    rule_seg *rs = rules->items;
    int kept = 0;
    for (int i = 0; i < rules->n; i++) {
        bool on = rs[i].horizontal ? fabs(rs[i].pos - top) < 1e-6 || fabs(rs[i].pos - bot) < 1e-6
                                   : fabs(rs[i].pos - l) < 1e-6 || fabs(rs[i].pos - r) < 1e-6;
        if (!on) rs[kept++] = rs[i];
    }
    rules->n = kept;
    rules_add(fr->a, rules, l, top, r, top, RULE_OUTER);
    rules_add(fr->a, rules, l, bot, r, bot, RULE_OUTER);
    rules_add(fr->a, rules, l, top, l, bot, RULE_OUTER);
    rules_add(fr->a, rules, r, top, r, bot, RULE_OUTER);
    rules_emit(fr->doc, pg, rules);
}

/* A slice of a record's rows kept on one page, or the notes. */
typedef enum { U_FIELDS, U_ITEMS, U_IHEAD, U_NOTES } unit_kind;
typedef struct unit {
    unit_kind kind;
    int r0, r1;
    double h;
    bool keep; /* items: the innermost merge cell goes on to the next row */
} unit;

/* Units: runs of fields rows joined by cells of several rows, then each
 * item row (the items header travels with the first; a record without
 * items shows the header alone), then the notes. */
static void make_units(form_run *fr, const fblock *fields, const fblock *ihead, const fblock *items,
                       double notes_h, bp_vec *out)
{
    bp_vec_init(out, sizeof(unit));
    const fbox *x = fields->boxes.items;
    for (int r = 0; r < fields->nrows;) {
        int end = r;
        for (int k = r; k <= end; k++)
            for (int i = 0; i < fields->boxes.n; i++)
                if (x[i].row == k && x[i].row + x[i].rowspan - 1 > end)
                    end = x[i].row + x[i].rowspan - 1;
        unit *u = bp_vec_push(fr->a, out);
        u->kind = U_FIELDS, u->r0 = r, u->r1 = end, u->h = rows_height(fields, r, end);
        r = end + 1;
    }
    if (items->nrows == 0 && ihead->nrows > 0) {
        unit *u = bp_vec_push(fr->a, out);
        u->kind = U_IHEAD, u->h = rows_height(ihead, 0, ihead->nrows - 1);
    }
    int first_item = out->n, inner = -1; /* the last merge cell of the items row */
    for (int i = 0; i < fr->f->items.ncells; i++)
        if (fr->f->items.cells[i].merge) inner = i;
    for (int r = 0; r < items->nrows; r++) {
        unit *u = bp_vec_push(fr->a, out);
        u->kind = U_ITEMS, u->r0 = u->r1 = r, u->h = items->rowh[r];
    }
    const fbox *ib = items->boxes.items;
    for (int i = 0; i < items->boxes.n; i++)
        if (ib[i].cell == inner)
            for (int r = ib[i].row; r < ib[i].row + ib[i].rowspan - 1; r++)
                ((unit *)out->items)[first_item + r].keep = true;
    if (notes_h > 0) {
        unit *u = bp_vec_push(fr->a, out);
        u->kind = U_NOTES, u->h = notes_h;
    }
}

/* A record's units on pages through the one pager (layout_paginate): a
 * group of rows joined by the innermost merge cell is a keep_with_next
 * chain (it moves on whole when it fits a page), the items header a head
 * (drawn above the first item row of each page). Units [start[p],
 * start[p + 1]) go on page p; *npages receives the count (at least 1). */
static int paginate_units(form_run *fr, const unit *u, int n, double cap, double ihead_h,
                          int **start, int *npages)
{
    bp_pag_item *items = bp_alloc(fr->a, (size_t)(n + 1) * sizeof *items);
    double *head = bp_alloc(fr->a, (size_t)(n + 1) * sizeof *head);
    for (int k = 0; k < n; k++) {
        head[k] = u[k].kind == U_ITEMS ? ihead_h : 0;
        if (u[k].h + head[k] > cap + FORM_EPS)
            return bp_fail(fr->ctx->c->e, BP_EINPUT,
                           "%s (%s): a form row (or rows joined by a cell of several rows, or "
                           "the notes) is %.0f mm high; the page has room for %.0f mm",
                           fr->t->file, fr->tx.title, (u[k].h + head[k]) / BP_MM, cap / BP_MM);
        items[k] = (bp_pag_item){u[k].h, u[k].keep, false, 0, 0};
    }
    bp_vec pieces;
    bp_vec_init(&pieces, sizeof(bp_piece));
    bp_pag_job job = {.items = items,
                      .n = n,
                      .head = head,
                      .first_cap = cap,
                      .cap = cap,
                      .a = fr->a,
                      .out = &pieces,
                      .npages = 1,
                      .e = fr->ctx->c->e};
    if (n) BP_TRY(layout_paginate_job(&job));
    *npages = job.npages;
    /* rows are never broken: piece k is unit k */
    const bp_piece *pc = pieces.items;
    int *st = bp_alloc(fr->a, (size_t)(*npages + 1) * sizeof *st);
    for (int p = 0, k = 0; p <= *npages; p++) {
        while (k < pieces.n && pc[k].page < p)
            k++;
        st[p] = k;
    }
    *start = st;
    return BP_OK;
}

static void draw_notes(form_run *fr, bp_page *pg, const bp_vec *notes, double y)
{
    const text_block *nb = notes->items;
    y -= fr->t->font_size * 0.8;
    for (int i = 0; i < notes->n; i++) {
        double h = block_height(&nb[i]);
        layout_draw_lines(fr->ctx, fr->doc, pg, &nb[i],
                          &(bp_cell_box){fr->g.page.left, y, fr->g.page.width, h, 0});
        y -= h + fr->t->font_size * 0.4;
    }
}

/* A record's blocks, laid out. */
typedef struct record_blocks {
    fblock head, fields, ihead, items;
} record_blocks;

static int build_record(form_run *fr, const bp_form_record *rec, record_blocks *rb)
{
    BP_TRY(build_block(fr, &fr->f->head, rec, &rb->head));
    BP_TRY(build_block(fr, &fr->f->fields, rec, &rb->fields));
    BP_TRY(build_block(fr, &fr->f->items_header, rec, &rb->ihead));
    if (rec) return build_items(fr, rec, &rb->items);
    bp_vec_init(&rb->items.boxes, sizeof(fbox));
    rb->items.nrows = 0;
    size_rows(fr, &rb->items);
    return BP_OK;
}

/* Draws one page of a record: the title (continued after its first
 * page), the head rows, then units [k0, k1) (the items header above each
 * page's first item row), the frame and, on the last page, the notes. */
static void draw_page(form_run *fr, const record_blocks *rb, const unit *u, int k0, int k1,
                      bool first, const bp_vec *notes)
{
    bp_vec rules;
    bp_vec_init(&rules, sizeof(rule_seg));
    bp_page *pg = dl_add_page(fr->doc, fr->g.page.w, fr->g.page.h);
    double y = draw_title(fr, pg, first), top = y;
    y -= draw_rows(fr, pg, &rb->head, 0, rb->head.nrows - 1, y, &rules);
    bool notes_here = false;
    for (int j = k0; j < k1; j++) {
        if (u[j].kind == U_NOTES) {
            notes_here = true;
        } else if (u[j].kind == U_IHEAD) {
            y -= draw_rows(fr, pg, &rb->ihead, 0, rb->ihead.nrows - 1, y, &rules);
        } else if (u[j].kind == U_FIELDS) {
            y -= draw_rows(fr, pg, &rb->fields, u[j].r0, u[j].r1, y, &rules);
        } else {
            int j1 = j;
            while (j1 + 1 < k1 && u[j1 + 1].kind == U_ITEMS)
                j1++;
            y -= draw_rows(fr, pg, &rb->ihead, 0, rb->ihead.nrows - 1, y, &rules);
            y -= draw_rows(fr, pg, &rb->items, u[j].r0, u[j1].r1, y, &rules);
            j = j1;
        }
    }
    if (y < top - 1e-6) emit_frame(fr, pg, &rules, top, y);
    if (notes_here) draw_notes(fr, pg, notes, y);
}

/* Lays out one record (NULL: the blank form of an empty table) from a new
 * page on, with the notes after it when notes_h > 0. */
static int lay_record(form_run *fr, const bp_form_record *rec, const bp_vec *notes, double notes_h,
                      int *npages)
{
    record_blocks rb;
    BP_TRY(build_record(fr, rec, &rb));
    bp_vec units;
    make_units(fr, &rb.fields, &rb.ihead, &rb.items, notes_h, &units);
    double head_h = rows_height(&rb.head, 0, rb.head.nrows - 1);
    double ihead_h = rows_height(&rb.ihead, 0, rb.ihead.nrows - 1);
    double cap = fr->g.page.top - fr->g.page.bottom - title_height(fr) - head_h;
    if (cap < fr->t->min_row_height * BP_MM * 2)
        return bp_fail(fr->ctx->c->e, BP_EINPUT,
                       "%s (%s): the title and the form's head rows leave no room for the rest "
                       "of the form",
                       fr->t->file, fr->tx.title);
    int *start = NULL, np = 0;
    BP_TRY(paginate_units(fr, units.items, units.n, cap, ihead_h, &start, &np));
    for (int p = 0; p < np; p++)
        draw_page(fr, &rb, units.items, start[p], start[p + 1], p == 0, notes);
    *npages += np;
    return BP_OK;
}

/* Page geometry and the grid's columns: fixed widths, then weights share
 * what is left. */
static int set_geometry(form_run *fr)
{
    const bp_table_spec *t = fr->t;
    const bp_form_spec *f = fr->f;
    grid_geo *g = &fr->g;
    g->page = page_style_table(t, t->page_w * BP_MM, t->page_h * BP_MM);
    double fixed = 0, weights = 0;
    for (int i = 0; i < f->ngrid; i++)
        fixed += f->grid_mm[i] * BP_MM, weights += f->grid_weight[i];
    double rest = g->page.width - fixed;
    if (rest < -0.01 || (weights > 0 && rest < f->ngrid * 2 * BP_MM))
        return bp_fail(fr->ctx->c->e, BP_EINPUT,
                       "%s (%s): the form grid's fixed widths (%.0f mm) leave no room on a page "
                       "with %.0f mm between the margins",
                       t->file, fr->tx.title, fixed / BP_MM, g->page.width / BP_MM);
    g->colx = bp_alloc(fr->a, (size_t)(f->ngrid + 1) * sizeof *g->colx);
    g->colx[0] = g->page.left;
    for (int i = 0; i < f->ngrid; i++) {
        double w = f->grid_mm[i] > 0 ? f->grid_mm[i] * BP_MM : rest * f->grid_weight[i] / weights;
        g->colx[i + 1] = g->colx[i] + w;
    }
    if (weights == 0) { /* fixed widths only: centre the form */
        double shift = (g->page.width - fixed) / 2;
        for (int i = 0; i <= f->ngrid; i++)
            g->colx[i] += shift;
    }
    return BP_OK;
}

static int expand_texts(form_run *fr)
{
    bp_layout_ctx *ctx = fr->ctx;
    const bp_table_spec *t = fr->t;
    form_texts *x = &fr->tx;
    x->title = layout_expand(ctx->c->a, t->title, ctx->dept, -1, -1, NULL);
    x->cont = layout_expand(ctx->c->a, t->continued, ctx->dept, -1, -1, x->title);
    x->subtitle =
        t->subtitle ? layout_expand(ctx->c->a, t->subtitle, ctx->dept, -1, -1, NULL) : NULL;
    x->capl =
        t->caption_left ? layout_expand(ctx->c->a, t->caption_left, ctx->dept, -1, -1, NULL) : NULL;
    x->capr = t->caption_right ? layout_expand(ctx->c->a, t->caption_right, ctx->dept, -1, -1, NULL)
                               : NULL;
    snprintf(fr->where, sizeof fr->where, "%s (%s)", t->file, x->title);
    BP_TRY(layout_check_text(ctx, BP_ROLE_TITLE, x->title, fr->where));
    BP_TRY(layout_check_text(ctx, BP_ROLE_TITLE, x->cont, fr->where));
    if (x->subtitle) BP_TRY(layout_check_text(ctx, BP_ROLE_BODY, x->subtitle, fr->where));
    if (x->capl) BP_TRY(layout_check_text(ctx, BP_ROLE_BODY, x->capl, fr->where));
    if (x->capr) BP_TRY(layout_check_text(ctx, BP_ROLE_BODY, x->capr, fr->where));
    return BP_OK;
}

/* The notes (and, for a table without figures, the empty note), wrapped;
 * their height, or 0. */
static int wrap_notes(form_run *fr, bool empty, bp_vec *notes, double *h)
{
    const bp_table_spec *t = fr->t;
    bp_vec_init(notes, sizeof(text_block));
    *h = 0;
    for (int i = -1; i < t->nnotes; i++) {
        const bp_template *tmpl = i < 0 ? (empty ? t->empty_note : NULL) : t->notes[i];
        if (!tmpl) continue;
        const char *s = layout_expand(fr->ctx->c->a, tmpl, fr->ctx->dept, -1, -1, NULL);
        snprintf(fr->where, sizeof fr->where, "%s, note", tpl_where(tmpl, t->file));
        BP_TRY(layout_check_text(fr->ctx, BP_ROLE_NOTE, s, fr->where));
        text_block *b = bp_vec_push(fr->a, notes);
        b->role = BP_ROLE_NOTE, b->size = t->font_size, b->line_spacing = t->line_spacing;
        b->scale = 1, b->align = BP_ALIGN_LEFT;
        text_origin o = {fr->where, NULL, NULL, NULL, 0};
        BP_TRY(layout_wrap_block(fr->ctx, fr->a, b, s, fr->g.page.width, &o));
        *h += block_height(b) + t->font_size * 0.4;
    }
    if (notes->n) *h += t->font_size * 0.8;
    return BP_OK;
}

static int lay_form(form_run *fr, bp_table_pages *pages, bp_vec *marks)
{
    BP_TRY(expand_texts(fr));
    BP_TRY(set_geometry(fr));
    bp_form_record *recs;
    int nrec;
    BP_TRY(data_form_records(fr->a, fr->t, fr->d, &recs, &nrec));
    bp_vec notes;
    double notes_h;
    BP_TRY(wrap_notes(fr, data_table_is_empty(fr->t, fr->d), &notes, &notes_h));
    pages->first_page = dl_page_count(fr->doc);
    pages->npages = 0;
    if (nrec == 0) return lay_record(fr, NULL, &notes, notes_h, &pages->npages);
    const bp_column *bcol = &fr->t->columns[fr->f->bookmark];
    for (int i = 0; i < nrec; i++) {
        int page = dl_page_count(fr->doc);
        BP_TRY(lay_record(fr, &recs[i], &notes, i == nrec - 1 ? notes_h : 0, &pages->npages));
        const char *name = value_text(fr, bcol, data_form_value(fr->d, &recs[i], fr->f->bookmark));
        bp_outline *o = bp_vec_push(fr->ctx->c->a, marks);
        o->title = name[0] ? name : bp_sprintf(fr->ctx->c->a, "%d", i + 1);
        o->page = page;
        o->level = 1;
    }
    return BP_OK;
}

int layout_form(bp_layout_ctx *ctx, const bp_table_spec *t, const bp_table_data *d, bp_doc *doc,
                bp_table_pages *pages, bp_vec *marks)
{
    bp_arena *scratch = bp_arena_scratch(ctx->c->a); /* also freed with ctx->c->a */
    form_run fr = {.ctx = ctx, .a = scratch, .t = t, .f = t->form, .d = d, .doc = doc};
    const bp_layout_set *set = ctx->set;
    bool in_set = set && t >= set->tables && t < set->tables + set->ntables;
    fr.source = in_set ? (int)(t - set->tables) : -1;
    fr.pad = t->padding * BP_MM;
    fr.size = t->font_size;
    int rc = lay_form(&fr, pages, marks);
    bp_arena_free(scratch);
    return rc;
}
