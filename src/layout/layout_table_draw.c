/* layout_table_draw.c — the last phase of a table: each page's title,
 * caption, repeated header rows, the cell fragments placed on it, the grid
 * (inner rules light, the frame and the rule under the header heavier)
 * and, on the last page, the notes. */
#include "layout_table_priv.h"

#include <math.h>
#include <string.h>

/* Title, subtitle and caption from *y down; leaves *y under them. With
 * pg NULL only moves *y (table_title_bottom). */
static void draw_caption_and_title(const table_job *j, bp_doc *doc, bp_page *pg, const char *title,
                                   double *y)
{
    bp_layout_ctx *ctx = j->ctx;
    const bp_table_spec *t = j->t;
    const grid_geo *g = &j->g;
    const char *subtitle = j->subtitle, *capl = j->capl, *capr = j->capr;
    const bp_font *tf = ctx->fonts->role[BP_ROLE_TITLE];
    const bp_font *bf = ctx->fonts->role[BP_ROLE_BODY];
    double ts = t->title_size;
    *y -= ts * 1.2;
    if (pg) {
        double tw = font_measure(tf, ts, title, strlen(title));
        double scale = tw > g->page.width ? g->page.width / tw : 1;
        layout_text_out(ctx, doc, pg,
                        &(bp_text_run){g->page.left + (g->page.width - tw * scale) / 2, *y,
                                       BP_ROLE_TITLE, ts * scale, false, title, strlen(title)});
    }
    *y -= ts * 0.5;
    if (subtitle && subtitle[0]) {
        double fs = t->font_size + 1;
        *y -= fs * 1.3;
        if (pg) {
            double sw = font_measure(bf, fs, subtitle, strlen(subtitle));
            layout_text_out(ctx, doc, pg,
                            &(bp_text_run){g->page.left + (g->page.width - sw) / 2, *y,
                                           BP_ROLE_BODY, fs, false, subtitle, strlen(subtitle)});
        }
        *y -= fs * 0.4;
    }
    if ((capl && capl[0]) || (capr && capr[0])) {
        double fs = t->font_size;
        *y -= fs * 1.5;
        if (pg) {
            double lw = capl && capl[0] ? font_measure(bf, fs, capl, strlen(capl)) : 0;
            double rw = capr && capr[0] ? font_measure(bf, fs, capr, strlen(capr)) : 0;
            /* both on one line; a long department name is set smaller, never over the unit */
            double room = g->page.width - rw - fs * 2;
            double ls = lw > room && lw > 0 ? fs * room / lw : fs;
            if (lw > 0)
                layout_text_out(
                    ctx, doc, pg,
                    &(bp_text_run){g->page.left, *y, BP_ROLE_BODY, ls, false, capl, strlen(capl)});
            if (rw > 0)
                layout_text_out(ctx, doc, pg,
                                &(bp_text_run){g->page.left + g->page.width - rw, *y, BP_ROLE_BODY,
                                               fs, false, capr, strlen(capr)});
        }
        *y -= fs * 0.6;
    }
}

double table_title_bottom(const table_job *j)
{
    double y = j->g.page.top;
    draw_caption_and_title(j, NULL, NULL, NULL, &y);
    return y;
}

/* Draws the bottom and right edges of a box; the table draws its own top
 * and left edges. */
static void draw_edges(bp_arena *a, bp_vec *rules, double x0, double x1, double top, double bot)
{
    rules_add(a, rules, x0, bot, x1, bot, RULE_INNER);
    rules_add(a, rules, x1, top, x1, bot, RULE_INNER);
}

/* The header rows from y down. */
static void draw_header(table_job *j, bp_doc *doc, bp_page *pg, bp_vec *rules, double y)
{
    for (int i = 0; i < j->nh; i++) {
        cell_box *b = &j->hcells[i];
        double top = y;
        for (int r = 0; r < b->row; r++)
            top -= j->headh[r];
        double h = 0;
        for (int r = b->row; r < b->row + b->rowspan; r++)
            h += j->headh[r];
        double x0 = j->g.colx[b->col], x1 = j->g.colx[b->col + b->colspan];
        layout_draw_lines(j->ctx, doc, pg, &b->text, &(bp_cell_box){x0, top, x1 - x0, h, j->pad});
        draw_edges(j->a, rules, x0, x1, top, top - h);
    }
}

/* A short label repeated with （续） (repeat_labels: continued): its text
 * and the mark wrapped in its column; the label alone if that fails. */
static text_block continued_label(table_job *j, const cell_box *b, double width)
{
    text_block t = b->text;
    const char *s =
        bp_sprintf(j->ctx->c->a, "%s（续）", j->texts[b - j->cells]); /* drawn: lives on */
    text_origin o = {NULL, j->title, j->d->path, j->t->columns[b->col].key, b->line};
    bp_error saved = *j->ctx->c->e;
    if (layout_wrap_block(j->ctx, j->a, &t, s, width - 2 * j->pad - t.indent, &o)) {
        *j->ctx->c->e = saved;
        return b->text;
    }
    return t;
}

/* One fragment of a cell: its fill, its lines, its edges. */
__attribute__((always_inline)) static inline void draw_frag(table_job *j, bp_doc *doc, bp_page *pg,
                                                            bp_vec *rules, const cell_frag *f)
{
    const cell_box *b = &j->cells[f->cell];
    double x0 = j->g.colx[b->col], x1 = j->g.colx[b->col + b->colspan];
    double top = f->top, bot = f->bot, h = top - bot;
    int row = j->src_row ? j->src_row[b->row] : b->row;
    if (doc->provenance && j->source >= 0 && !f->copy && row >= 0)
        dl_source(doc, pg,
                  (bp_dl_source){x0, bot, x1, top, 0, j->source, row, b->col, b->rowspan,
                                 b->colspan, 0, 0});
    if (b->fill >= 0) dl_rect(doc, pg, x0, bot, x1, top, b->fill);
    if (f->count == b->text.nlines && f->count > 0) { /* the whole text */
        text_block whole = f->repeat && j->t->repeat_labels == BP_LABELS_CONTINUED
                               ? continued_label(j, b, x1 - x0)
                               : b->text;
        double need = block_height(&whole), avail = h - 2 * j->pad;
        if (need > avail + 1e-6 && avail > 0) whole.scale *= avail / need;
        layout_draw_lines(j->ctx, doc, pg, &whole, &(bp_cell_box){x0, top, x1 - x0, h, j->pad});
    } else if (f->count > 0) {
        text_block part = b->text;
        part.lines = b->text.lines + f->first;
        part.nlines = f->count;
        /* text that still lacks room (pagination gave up growing its row)
         * is set smaller, never across the border */
        double need = block_height(&part), avail = h - 2 * j->pad;
        if (need > avail + 1e-6 && avail > 0) part.scale *= avail / need;
        layout_draw_lines(j->ctx, doc, pg, &part, &(bp_cell_box){x0, top, x1 - x0, h, j->pad});
    }
    draw_edges(j->a, rules, x0, x1, top, bot);
}

/* The section head row page p repeats, at the top of its body: its cells
 * of one row (a cell it merges with rows under it is not repeated). */
static void draw_section(table_job *j, bp_doc *doc, bp_page *pg, bp_vec *rules, int p)
{
    int s = j->page_sect[p];
    double top = table_body_top(j, p), bot = top - (j->rowh[s] + j->extra[s]);
    for (int c = j->row_cell[s]; c < j->row_cell[s + 1]; c++)
        if (j->cells[c].rowspan == 1)
            draw_frag(j, doc, pg, rules,
                      &(cell_frag){c, p, 0, j->cells[c].text.nlines, top, bot, false, true});
}

/* The frame and the rule under the header are heavier; inner rules lying
 * on them are dropped. */
static void draw_frame(table_job *j, bp_vec *rules, double table_top, double table_bot,
                       bool has_rows, bool header)
{
    int nc = j->t->ncolumns;
    const double *colx = j->g.colx;
    double yh = table_top - j->header_h;
    bool under_header = header && j->hr && has_rows;
    rule_seg *rs = rules->items;
    int kept = 0;
    for (int i = 0; i < rules->n; i++) {
        rule_seg r = rs[i];
        bool on_frame = r.horizontal ? fabs(r.pos - table_bot) < 1e-6 ||
                                           (under_header && fabs(r.pos - yh) < 1e-6)
                                     : fabs(r.pos - colx[nc]) < 1e-6;
        if (!on_frame) rs[kept++] = r;
    }
    rules->n = kept;
    rules_add(j->a, rules, colx[0], table_top, colx[nc], table_top, RULE_OUTER);
    rules_add(j->a, rules, colx[0], table_top, colx[0], table_bot, RULE_OUTER);
    rules_add(j->a, rules, colx[nc], table_top, colx[nc], table_bot, RULE_OUTER);
    rules_add(j->a, rules, colx[0], table_bot, colx[nc], table_bot, RULE_OUTER);
    if (under_header) rules_add(j->a, rules, colx[0], yh, colx[nc], yh, RULE_OUTER * 0.8);
}

static void draw_notes(table_job *j, bp_doc *doc, bp_page *pg, double table_bot)
{
    double ny = table_bot - j->note_size * 0.8;
    for (int i = 0; i < j->nnotes; i++) {
        double h = block_height(&j->notes[i]);
        layout_draw_lines(j->ctx, doc, pg, &j->notes[i],
                          &(bp_cell_box){j->g.page.left, ny, j->g.page.width, h, 0});
        ny -= h + j->note_size * 0.4;
    }
}

void table_draw(table_job *j, bp_doc *doc)
{
    bp_vec rules;
    bp_vec_init(&rules, sizeof(rule_seg));
    for (int p = 0; p < j->npages; p++) {
        bp_page *pg = dl_add_page(doc, j->g.page.w, j->g.page.h);
        double y = j->g.page.top;
        draw_caption_and_title(j, doc, pg, p == 0 ? j->title : j->cont, &y);
        double table_top = y;
        bool header = p == 0 || j->t->repeat_header;
        if (header) draw_header(j, doc, pg, &rules, y);
        if (j->page_sect[p] >= 0) draw_section(j, doc, pg, &rules, p);
        /* cells continued from earlier pages, then those starting here,
         * in cell order */
        for (int f = j->page_cont[p]; f < j->page_cont[p + 1]; f++)
            draw_frag(j, doc, pg, &rules, &j->conts[f]);
        for (int f = j->page_frag[p]; f < j->page_frag[p + 1]; f++)
            draw_frag(j, doc, pg, &rules, &j->frags[f]);
        bool has_rows = j->page_part[p] < j->page_part[p + 1];
        double table_bot = j->page_bottom[p];
        if ((header && j->hr) || has_rows)
            draw_frame(j, &rules, table_top, table_bot, has_rows, header);
        rules_emit(doc, pg, &rules);
        if (j->notes_page == p) draw_notes(j, doc, pg, table_bot);
    }
}
