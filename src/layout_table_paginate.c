/* layout_table_paginate.c — a table's rows onto pages, and where each row
 * and each cell's fragments go on them. One mechanism continues any cell on
 * the next page: a cell (a merged cell, or a cell of a row taller than a
 * page) is laid out once over the boxes its rows occupy on every page it
 * touches, its text continuing where it stopped (layout_flow_lines). */
#include "layout_table_priv.h"

#include <math.h>

/* The pagination items: one per body row, then the notes. */
static bp_pag_item *row_items(table_job *j, int *nitems)
{
    int nr = j->d->nrows, n = 0;
    bp_pag_item *items = bp_alloc(j->a, (size_t)(nr + 2) * sizeof *items);
    double lh = j->size * j->t->line_spacing;
    int reach = -1, ci = 0; /* the last row joined to row r by a merged cell */
    for (int r = 0; r < nr; r++, n++) {
        for (; ci < j->ncells && j->cells[ci].row == r; ci++) {
            int end = j->cells[ci].row + j->cells[ci].rowspan - 1;
            if (end > reach) reach = end;
        }
        bp_pag_item *it = &items[n];
        it->height = j->rowh[r] + j->extra[r];
        it->line_h = lh;
        it->frame = 2 * j->pad;
        it->keep_hard = j->row_keep[r] && r + 1 < nr;
        it->keep_with_next = reach > r || ((j->row_bold[r] || j->row_keep[r]) && r + 1 < nr);
    }
    /* a final bold row (合计) never stands alone */
    if (nr >= 2 && j->row_bold[nr - 1] && items[nr - 1].height <= j->cap + 1e-6)
        items[nr - 2].keep_with_next = true;
    if (j->nnotes) { /* notes travel with the last row */
        if (nr) items[nr - 1].keep_with_next = true;
        items[n++] = (bp_pag_item){j->notes_h, false, false, 0, 0};
    }
    *nitems = n;
    return items;
}

int table_paginate(table_job *j)
{
    int nr = j->d->nrows, nitems;
    bp_pag_item *items = row_items(j, &nitems);
    bp_vec parts;
    bp_vec_init(&parts, sizeof(bp_piece));
    bp_vec_reserve(j->a, &parts, nitems + 1);
    j->npages = 1;
    if (nitems &&
        layout_paginate(items, nitems, j->cap, j->cap, j->a, &parts, &j->npages, j->ctx->e))
        return bp_fail(j->ctx->e, BP_EINPUT, "%s (%s): the notes do not fit on one page",
                       j->t->file, j->title);
    j->parts = parts.items;
    j->nparts = parts.n;
    j->nrowparts = j->nnotes && nitems ? parts.n - 1 : parts.n;
    j->notes_page = j->nnotes && nitems ? j->parts[parts.n - 1].page : -1;
    if (!j->first_part) {
        j->first_part = bp_alloc(j->a, (size_t)(nr + 1) * sizeof *j->first_part);
        j->last_part = bp_alloc(j->a, (size_t)(nr + 1) * sizeof *j->last_part);
    }
    for (int k = j->nrowparts - 1; k >= 0; k--)
        j->first_part[j->parts[k].item] = k;
    for (int k = 0; k < j->nrowparts; k++)
        j->last_part[j->parts[k].item] = k;
    j->page_part = bp_alloc(j->a, (size_t)(j->npages + 1) * sizeof *j->page_part);
    for (int p = 0, k = 0; p <= j->npages; p++) {
        while (k < j->nrowparts && j->parts[k].page < p)
            k++;
        j->page_part[p] = k;
    }
    return BP_OK;
}

/* The part tops, page by page, and each page's bottom. */
static void place_parts(table_job *j)
{
    j->body_top = table_title_bottom(j) - j->header_h;
    j->ptop = bp_alloc(j->a, (size_t)(j->nrowparts + 1) * sizeof *j->ptop);
    j->page_bottom = bp_alloc(j->a, (size_t)(j->npages + 1) * sizeof *j->page_bottom);
    for (int p = 0; p < j->npages; p++) {
        double y = j->body_top;
        for (int k = j->page_part[p]; k < j->page_part[p + 1]; k++)
            j->ptop[k] = y, y -= j->parts[k].height;
        j->page_bottom[p] = y;
    }
}

/* Cell i's fragments, one per page its rows touch, with the lines each
 * shows, appended to v; what the last fragment lacks goes to extra[] of
 * the cell's last row. Returns the points lacked. */
static double flow_cell(table_job *j, int i, bp_vec *v, double *h, int *first, int *count)
{
    const cell_box *b = &j->cells[i];
    int r1 = b->row + b->rowspan - 1;
    int k0 = j->first_part[b->row], k1 = j->last_part[r1];
    int p0 = j->parts[k0].page, nfrag = j->parts[k1].page - p0 + 1;
    for (int f = 0; f < nfrag; f++) {
        int p = p0 + f;
        int a0 = k0 > j->page_part[p] ? k0 : j->page_part[p];
        int a1 = k1 < j->page_part[p + 1] - 1 ? k1 : j->page_part[p + 1] - 1;
        cell_frag *fr = bp_vec_push(j->a, v);
        fr->cell = i;
        fr->top = j->ptop[a0];
        fr->bot = j->ptop[a1] - j->parts[a1].height;
        h[f] = fr->top - fr->bot;
    }
    const text_block *t = &b->text;
    double lh = t->size * t->line_spacing * t->scale;
    double lack = layout_flow_lines(t->nlines, lh, j->pad, h, nfrag, first, count);
    cell_frag *fr = (cell_frag *)v->items + v->n - nfrag;
    for (int f = 0; f < nfrag; f++)
        fr[f].first = first[f], fr[f].count = count[f];
    if (nfrag > 1 && lack > 1e-6) {
        j->extra[r1] += lack;
        return lack;
    }
    return 0;
}

double table_place(table_job *j)
{
    place_parts(j);
    bp_vec v; /* in cell order */
    bp_vec_init(&v, sizeof(cell_frag));
    bp_vec_reserve(j->a, &v, j->ncells + 1);
    double *h = bp_alloc(j->a, (size_t)(j->npages + 1) * sizeof *h);
    int *first = bp_alloc(j->a, (size_t)(j->npages + 1) * sizeof *first);
    int *count = bp_alloc(j->a, (size_t)(j->npages + 1) * sizeof *count);
    double lack = 0;
    for (int i = 0; i < j->ncells; i++)
        lack += flow_cell(j, i, &v, h, first, count);
    /* group by page, keeping cell order within a page */
    int np = j->npages;
    j->page_frag = bp_alloc(j->a, (size_t)(np + 2) * sizeof *j->page_frag);
    const cell_frag *in = v.items;
    for (int p = 0; p <= np; p++)
        j->page_frag[p] = 0;
    int *page_of = bp_alloc(j->a, (size_t)(v.n + 1) * sizeof *page_of);
    for (int f = 0; f < v.n; f++) {
        /* the page of a fragment: its top part's */
        const cell_box *b = &j->cells[in[f].cell];
        int k0 = j->first_part[b->row];
        int p = f > 0 && in[f - 1].cell == in[f].cell ? page_of[f - 1] + 1 : j->parts[k0].page;
        page_of[f] = p;
        j->page_frag[p + 1]++;
    }
    for (int p = 0; p < np; p++)
        j->page_frag[p + 1] += j->page_frag[p];
    j->frags = bp_alloc(j->a, (size_t)(v.n + 1) * sizeof *j->frags);
    int *fill = bp_alloc(j->a, (size_t)(np + 1) * sizeof *fill);
    for (int p = 0; p < np; p++)
        fill[p] = j->page_frag[p];
    for (int f = 0; f < v.n; f++)
        j->frags[fill[page_of[f]]++] = in[f];
    return lack;
}
