/* layout_table_stream.c — a table's first pagination, page by page with
 * local repairs ("simulate, then commit", as Typst's grid layouter lays a
 * rowspan out once across pages): the pager stops at each page's end; each
 * merged cell is checked once the rows it spans are all on finished pages
 * (where it ends), laid over their boxes as table_place will lay it; one
 * that lacks room in its last row grows that row, and the pager goes back
 * only to the page where that row's keep chain is decided. The table is
 * paginated once, plus those local repairs, never again from its start.
 * Also the per-item flags and heads a row's growth changes (the row before
 * a final bold row, section heads), which table_paginate sets too. */
#include "layout_table_priv.h"

/* How many times one merged cell may grow its last row (past that its
 * remaining lines are set smaller, never across the border). */
#define MAX_REPAIRS 8

/* A final bold row (合计) never stands alone: the row before it keeps
 * with it when it fits a page. */
void table_keep_final_row(table_job *j)
{
    int nr = j->d->nrows;
    if (nr < 2) return;
    bp_pag_item *items = j->items;
    items[nr - 2].keep_with_next =
        j->keep_before_last || (j->row_bold[nr - 1] && items[nr - 1].height <= j->cap + 1e-6);
}

/* Per pager item: the height of its section head (repeated above it when
 * it starts a page), else 0. */
void table_section_heads(table_job *j)
{
    int nr = j->d->nrows;
    if (!j->head) j->head = bp_alloc(j->a, (size_t)(j->nitems + 1) * sizeof *j->head);
    for (int i = 0; i < j->nitems; i++) {
        int s = i < nr ? j->sect_of[i] : -1;
        j->head[i] = s >= 0 ? j->rowh[s] + j->extra[s] : 0;
    }
}

typedef struct stream {
    table_job *j;
    bp_pag_job *job;
    int *by_end;            /* the cells by their last row */
    int next;               /* by_end[next..]: the cells not checked */
    unsigned char *repairs; /* per cell: how many times it grew its last row */
    double *top, *hgt;      /* per part: its top y and its height there */
    int ntop, cap_top;      /* parts with top and hgt; room for */
    double *h;              /* per fragment of the cell checked */
    int *first, *count;
    int cap_frag;
} stream;

static int last_row(const cell_box *b)
{
    return b->row + b->rowspan - 1;
}

/* The cells ordered by their last row (a counting sort). */
static void order_by_end(stream *s)
{
    table_job *j = s->j;
    int nr = j->d->nrows;
    int *start = bp_alloc(j->a, (size_t)(nr + 2) * sizeof *start);
    for (int i = 0; i < j->ncells; i++)
        start[last_row(&j->cells[i]) + 1]++;
    for (int r = 0; r < nr; r++)
        start[r + 1] += start[r];
    s->by_end = bp_alloc(j->a, (size_t)(j->ncells + 1) * sizeof *s->by_end);
    for (int i = 0; i < j->ncells; i++)
        s->by_end[start[last_row(&j->cells[i])]++] = i;
}

/* The first part whose item (key 0) or page (key 1) is at least v. */
static int lower(const bp_piece *pc, int n, int key, int v)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if ((key ? pc[mid].page : pc[mid].item) < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The tops and heights of the parts of the pages finished since the last
 * call, computed as place_parts and page_sections will (a page's section
 * head above its first part, out of that part's height). */
static void top_pages(stream *s)
{
    table_job *j = s->j;
    const bp_piece *pc = j->partv.items;
    int n = j->partv.n;
    if (n > s->cap_top) {
        int cap = 2 * n + 16;
        double *t = bp_alloc(j->a, (size_t)cap * sizeof *t);
        double *h = bp_alloc(j->a, (size_t)cap * sizeof *h);
        for (int k = 0; k < s->ntop; k++)
            t[k] = s->top[k], h[k] = s->hgt[k];
        s->top = t, s->hgt = h, s->cap_top = cap;
    }
    for (int k = s->ntop; k < n;) {
        int p = pc[k].page, item = pc[k].item, k0 = k;
        double hd = p > 0 && j->head[item] > 0 ? j->head[item] : 0;
        double y = table_body_top(j, p);
        if (hd > 0) {
            int sc = j->sect_of[item];
            y -= j->rowh[sc] + j->extra[sc];
        }
        for (; k < n && pc[k].page == p; k++) {
            s->top[k] = y;
            s->hgt[k] = k == k0 ? pc[k].height - hd : pc[k].height;
            y -= s->hgt[k];
        }
    }
    s->ntop = n;
}

/* What cell i lacks in its last fragment when laid over the boxes its
 * rows occupy (flow_cell's numbers); 0 on one page. */
static double cell_lack(stream *s, int i)
{
    table_job *j = s->j;
    const cell_box *b = &j->cells[i];
    const bp_piece *pc = j->partv.items;
    int n = j->partv.n;
    int k0 = lower(pc, n, 0, b->row), k1 = lower(pc, n, 0, last_row(b) + 1) - 1;
    int p0 = pc[k0].page, nfrag = pc[k1].page - p0 + 1;
    if (nfrag == 1) return 0;
    if (nfrag > s->cap_frag) {
        s->cap_frag = 2 * nfrag;
        s->h = bp_alloc(j->a, (size_t)s->cap_frag * sizeof *s->h);
        s->first = bp_alloc(j->a, (size_t)s->cap_frag * sizeof *s->first);
        s->count = bp_alloc(j->a, (size_t)s->cap_frag * sizeof *s->count);
    }
    for (int f = 0; f < nfrag; f++) {
        int p = p0 + f;
        int ps = lower(pc, n, 1, p), pe = lower(pc, n, 1, p + 1);
        int a0 = k0 > ps ? k0 : ps, a1 = k1 < pe - 1 ? k1 : pe - 1;
        s->h[f] = s->top[a0] - (s->top[a1] - s->hgt[a1]);
    }
    const text_block *t = &b->text;
    double lh = t->size * t->line_spacing * t->scale;
    return layout_flow_lines(t->nlines, lh, j->pad, s->h, nfrag, s->first, s->count);
}

/* Checks the cells that end in rows finished (below `done`) in row order;
 * the first that lacks room grows its last row: returns that row, else
 * -1. */
static int check_cells(stream *s, int done)
{
    table_job *j = s->j;
    while (s->next < j->ncells) {
        int i = s->by_end[s->next];
        int r1 = last_row(&j->cells[i]);
        if (r1 >= done) break;
        s->next++;
        double l = cell_lack(s, i);
        if (l <= 1e-6 || s->repairs[i] >= MAX_REPAIRS) continue;
        s->repairs[i]++;
        j->extra[r1] += l;
        j->repairs++;
        return r1;
    }
    return -1;
}

/* Row r grew: its new height, the pager set back to the page where r's
 * keep chain is decided, and the cells ending from that page on to be
 * checked again. */
static void repair(stream *s, int r)
{
    table_job *j = s->j;
    int nr = j->d->nrows;
    j->items[r].height = j->rowh[r] + j->extra[r];
    if (j->row_sect[r]) table_section_heads(j);
    table_keep_final_row(j);
    layout_paginate_resume(s->job, r == nr - 1 && nr >= 2 ? nr - 2 : r);
    if (s->ntop > j->partv.n) s->ntop = j->partv.n;
    while (s->next > 0 && last_row(&j->cells[s->by_end[s->next - 1]]) >= s->job->from_item)
        s->next--;
}

int table_paginate_stream(table_job *j, bp_pag_job *job)
{
    stream s = {.j = j, .job = job};
    order_by_end(&s);
    s.repairs = bp_alloc(j->a, (size_t)(j->ncells + 1));
    j->body_top = table_title_bottom(j) - j->header_h;
    int nr = j->d->nrows;
    for (;;) {
        job->stop_page = job->from_page + 1;
        BP_TRY(layout_paginate_job(job));
        top_pages(&s);
        int done = job->done || job->from_item > nr ? nr : job->from_item;
        int r = check_cells(&s, done);
        if (r >= 0)
            repair(&s, r);
        else if (job->done)
            break;
    }
    job->stop_page = 0;
    return BP_OK;
}
