/* layout_table_paginate.c — a table's rows onto pages, and where each row
 * and each cell's fragments go on them. One mechanism continues any cell on
 * the next page: a cell (a merged cell, or a cell of a row taller than a
 * page) is laid out once over the boxes its rows occupy on every page it
 * touches, its text continuing where it stopped (layout_flow_lines). */
#include "layout_table_priv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The pagination items: one per body row, then the notes. */
static void row_items(table_job *j)
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
    j->items = items;
    if (nr >= 2) j->keep_before_last = items[nr - 2].keep_with_next;
    table_keep_final_row(j);
    if (j->nnotes) { /* notes travel with the last row */
        if (nr) items[nr - 1].keep_with_next = true;
        items[n++] = (bp_pag_item){j->notes_h, false, false, 0, 0};
    }
    j->nitems = n;
}

/* After rows grew (from j->grown on): their new heights (and the 合计
 * rule, when the last row grew), and the pager set to go on from the
 * page where the first grown row's keep chain is decided. */
static void resume_point(table_job *j, bp_pag_job *job)
{
    int nr = j->d->nrows, r = j->grown;
    if (r == nr - 1 && nr >= 2) r = nr - 2; /* the flag of the row before the 合计 row */
    for (int k = r; k < nr; k++)
        j->items[k].height = j->rowh[k] + j->extra[k];
    table_keep_final_row(j);
    layout_paginate_resume(job, r);
    j->grown = -1;
}

/* first_part, last_part and page_part from part k0 and page p0 on (those
 * before are kept). */
static void index_parts(table_job *j, int k0, int p0)
{
    int nr = j->d->nrows;
    if (!j->first_part) {
        j->first_part = bp_alloc(j->a, (size_t)(nr + 1) * sizeof *j->first_part);
        j->last_part = bp_alloc(j->a, (size_t)(nr + 1) * sizeof *j->last_part);
    }
    /* a row broken over the page where this starts keeps its first part */
    int keep = k0 > 0 && k0 < j->nrowparts && j->parts[k0 - 1].item == j->parts[k0].item;
    int kept = keep ? j->first_part[j->parts[k0].item] : 0;
    for (int k = j->nrowparts - 1; k >= k0; k--)
        j->first_part[j->parts[k].item] = k;
    if (keep) j->first_part[j->parts[k0].item] = kept;
    for (int k = k0; k < j->nrowparts; k++)
        j->last_part[j->parts[k].item] = k;
    int *pp = bp_alloc(j->a, (size_t)(j->npages + 1) * sizeof *pp);
    if (p0) memcpy(pp, j->page_part, (size_t)p0 * sizeof *pp);
    for (int p = p0, k = k0; p <= j->npages; p++) {
        while (k < j->nrowparts && j->parts[k].page < p)
            k++;
        pp[p] = k;
    }
    j->page_part = pp;
}

/* The section head each page from p0 on repeats at its top (its first
 * part's height then holds it: taken out of the part). */
static void page_sections(table_job *j, int k0, int p0)
{
    int *ps = bp_alloc(j->a, (size_t)(j->npages + 1) * sizeof *ps);
    if (p0) memcpy(ps, j->page_sect, (size_t)p0 * sizeof *ps);
    for (int p = p0; p < j->npages; p++) {
        int k = j->page_part[p];
        ps[p] = -1;
        if (p == 0 || k < k0 || k >= j->page_part[p + 1]) continue;
        int item = j->parts[k].item;
        if (j->head[item] <= 0) continue;
        ps[p] = j->sect_of[item];
        j->parts[k].height -= j->head[item];
    }
    j->page_sect = ps;
}

int table_paginate(table_job *j)
{
    bp_pag_job job = {.first_cap = j->cap,
                      .cap = j->cont_cap,
                      .head_on_top = true,
                      .a = j->a,
                      .out = &j->partv,
                      .npages = 1,
                      .e = j->ctx->c->e};
    bool first = !j->items;
    if (first) {
        row_items(j);
        bp_vec_init(&j->partv, sizeof(bp_piece));
        bp_vec_reserve(j->a, &j->partv, j->nitems + 1);
        j->grown = -1;
    }
    job.items = j->items, job.n = j->nitems;
    table_section_heads(j);
    job.head = j->head;
    if (j->grown >= 0) resume_point(j, &job);
    int k0 = j->partv.n, p0 = job.from_page; /* what is kept */
    /* the first pagination page by page with local repairs; another (when
     * table_place still finds a cell lacking room) from where it grew */
    if (j->nitems && (first ? table_paginate_stream(j, &job) : layout_paginate_job(&job)))
        return bp_fail(j->ctx->c->e, BP_EINPUT, "%s (%s): the notes do not fit on one page",
                       j->t->file, j->title);
    j->npages = job.npages;
    j->visits += job.visits;
    j->parts = j->partv.items;
    j->nparts = j->partv.n;
    j->nrowparts = j->nnotes && j->nitems ? j->nparts - 1 : j->nparts;
    j->notes_page = j->nnotes && j->nitems ? j->parts[j->nparts - 1].page : -1;
    index_parts(j, k0, p0);
    page_sections(j, k0, p0);
    return BP_OK;
}

/* The part tops, page by page, and each page's bottom. */
static void place_parts(table_job *j)
{
    j->body_top = table_title_bottom(j) - j->header_h;
    j->ptop = bp_alloc(j->a, (size_t)(j->nrowparts + 1) * sizeof *j->ptop);
    j->page_bottom = bp_alloc(j->a, (size_t)(j->npages + 1) * sizeof *j->page_bottom);
    for (int p = 0; p < j->npages; p++) {
        double y = table_body_top(j, p);
        int s = j->page_sect[p];
        if (s >= 0) y -= j->rowh[s] + j->extra[s];
        for (int k = j->page_part[p]; k < j->page_part[p + 1]; k++)
            j->ptop[k] = y, y -= j->parts[k].height;
        j->page_bottom[p] = y;
    }
}

/* Cell i's fragments, one per page its rows touch, with the lines each
 * shows: the first in j->frags[i], the others pushed to conts. What the
 * last fragment lacks goes to extra[] of the cell's last row, and to
 * *lack. */
static void flow_cell(table_job *j, int i, bp_vec *conts, double *h, int *first, int *count,
                      double *lack)
{
    const cell_box *b = &j->cells[i];
    int r1 = b->row + b->rowspan - 1;
    int k0 = j->first_part[b->row], k1 = j->last_part[r1];
    int p0 = j->parts[k0].page, nfrag = j->parts[k1].page - p0 + 1;
    if (nfrag == 1) { /* on one page: the whole text (the rows were sized for it) */
        j->frags[i] = (cell_frag){
            i, p0, 0, b->text.nlines, j->ptop[k0], j->ptop[k1] - j->parts[k1].height, false, false};
        return;
    }
    cell_frag *out = &j->frags[i];
    for (int f = 0; f < nfrag; f++) {
        int p = p0 + f;
        if (f > 0) out = bp_vec_push(j->a, conts);
        int a0 = k0 > j->page_part[p] ? k0 : j->page_part[p];
        int a1 = k1 < j->page_part[p + 1] - 1 ? k1 : j->page_part[p + 1] - 1;
        *out =
            (cell_frag){i, p, 0, 0, j->ptop[a0], j->ptop[a1] - j->parts[a1].height, false, false};
        h[f] = out->top - out->bot;
    }
    const text_block *t = &b->text;
    double lh = t->size * t->line_spacing * t->scale;
    double l = layout_flow_lines(t->nlines, lh, j->pad, h, nfrag, first, count);
    j->frags[i].first = first[0], j->frags[i].count = count[0];
    cell_frag *c = (cell_frag *)conts->items + conts->n - (nfrag - 1);
    for (int f = 1; f < nfrag; f++)
        c[f - 1].first = first[f], c[f - 1].count = count[f];
    /* a short label (its whole text on its first page) again on the others */
    bool label = j->t->repeat_labels != BP_LABELS_NONE && t->nlines > 0 && count[0] == t->nlines &&
                 j->t->columns[b->col].type == BP_COL_TEXT;
    for (int f = 1; label && f < nfrag; f++)
        c[f - 1].first = 0, c[f - 1].count = t->nlines, c[f - 1].repeat = true;
    if (l > 1e-6) {
        j->extra[r1] += l;
        *lack += l;
        if (j->grown < 0 || r1 < j->grown) j->grown = r1;
    }
}

static int by_page(const void *pa, const void *pb)
{
    const cell_frag *a = pa, *b = pb;
    if (a->page != b->page) return a->page < b->page ? -1 : 1;
    return (a->cell > b->cell) - (a->cell < b->cell);
}

double table_place(table_job *j)
{
    place_parts(j);
    int np = j->npages;
    double *h = bp_alloc(j->a, (size_t)(np + 1) * sizeof *h);
    int *first = bp_alloc(j->a, (size_t)(np + 1) * sizeof *first);
    int *count = bp_alloc(j->a, (size_t)(np + 1) * sizeof *count);
    bp_vec frags; /* not zeroed: every entry is written */
    bp_vec_init(&frags, sizeof(cell_frag));
    bp_vec_reserve(j->a, &frags, j->ncells + 1);
    j->frags = frags.items;
    bp_vec conts;
    bp_vec_init(&conts, sizeof(cell_frag));
    /* cells are in row order: their first fragments are in page order */
    j->page_frag = bp_alloc(j->a, (size_t)(np + 1) * sizeof *j->page_frag);
    double lack = 0;
    int p = 0;
    for (int i = 0; i < j->ncells; i++) {
        flow_cell(j, i, &conts, h, first, count, &lack);
        while (p < j->frags[i].page)
            j->page_frag[++p] = i;
    }
    while (p < np)
        j->page_frag[++p] = j->ncells;
    /* the fragments continuing a cell from an earlier page, by page */
    j->conts = conts.items;
    if (conts.n > 1) qsort(j->conts, (size_t)conts.n, sizeof *j->conts, by_page);
    j->page_cont = bp_alloc(j->a, (size_t)(np + 1) * sizeof *j->page_cont);
    for (int p = 0, i = 0; p <= np; p++) {
        while (i < conts.n && j->conts[i].page < p)
            i++;
        j->page_cont[p] = i;
    }
    return lack;
}
