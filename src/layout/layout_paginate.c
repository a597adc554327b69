/* layout_paginate.c — pure numbers of the layout: the one pager
 * (layout_paginate, layout_paginate_job), distributing rows over
 * pages ("simulate, then commit": keep-with-next chains move whole, long
 * chains break, rows taller than a page break between lines, sub-header
 * rows never end a page), flowing a cell's lines over the pages it
 * touches, and column widths. */
#include "layout.h"

#include <math.h>

#define EPS 1e-6

/* The pagination in progress: the page being filled and the parts so far. */
typedef struct pager {
    const bp_pag_item *items;
    const double *head;  /* NULL: none */
    bool on_top;         /* heads above a page's first item only (bp_pag_job.head_on_top) */
    const double *space; /* NULL: none (bp_pag_job.space) */
    bp_arena *a;
    bp_vec *out;
    int page, page_start; /* parts of this page: out[page_start..] */
    double room, used, cap;
    long visits; /* parts placed */
} pager;

static bool breakable(const bp_pag_item *it, double cap)
{
    return it->line_h > 0 && it->height > cap + EPS;
}

/* The height of item i from line `shown` on. */
static double rest_of(const bp_pag_item *it, int shown)
{
    return shown ? it->height - shown * it->line_h : it->height;
}

/* The room item i's head takes on this page: its head when its run starts
 * here (the page's first item, or the item before has no head); or the
 * space above it, unless it begins the page. */
static double lead(const pager *p, int i)
{
    double sp = p->space && p->out->n > p->page_start ? p->space[i] : 0;
    if (!p->head || p->head[i] <= 0) return sp;
    if (p->on_top) return p->out->n == p->page_start ? p->head[i] : 0;
    return p->out->n == p->page_start || p->head[i - 1] <= 0 ? p->head[i] : 0;
}

/* The head (or the space) item k (inside a chain) takes after item k - 1
 * on one page. */
static double run_head(const pager *p, int k)
{
    if (p->space) return p->space[k];
    return p->head && !p->on_top && p->head[k] > 0 && p->head[k - 1] <= 0 ? p->head[k] : 0;
}

static double head_of(const pager *p, int i)
{
    return p->head ? p->head[i] : 0;
}

static void put(pager *p, int item, int line0, int line1, bool sliced, double h)
{
    bp_piece *pc = bp_vec_push(p->a, p->out);
    *pc = (bp_piece){item, p->page, line0, line1, sliced, h};
    p->used += h;
    p->visits++;
}

/* Ends the page. A page never ends with keep_hard items when something
 * else is on it: they are taken back, and *i / *shown set to go on from
 * them on the next page. */
static void next_page(pager *p, int *i, int *shown)
{
    bp_piece *pc = p->out->items;
    int k = p->out->n;
    while (k > p->page_start && p->items[pc[k - 1].item].keep_hard && pc[k - 1].line1 < 0)
        k--;
    if (k > p->page_start && k < p->out->n) {
        *i = pc[k].item;
        *shown = pc[k].line0;
        p->out->n = k;
    }
    p->page++;
    p->page_start = p->out->n;
    p->room = p->cap;
    p->used = 0;
}

/* Puts as many lines of breakable item i (from line *shown) as fit on this
 * page; at least one on an empty page. Returns false when none fit. */
static bool put_lines(pager *p, int i, int *shown)
{
    const bp_pag_item *it = &p->items[i];
    double hd = p->on_top ? lead(p, i) : 0;
    int k = (int)floor((p->room - p->used - it->frame - hd) / it->line_h + EPS);
    if (k < 1 && p->out->n == p->page_start) k = 1;
    if (k < 1) return false;
    put(p, i, *shown, *shown + k, true, k * it->line_h + it->frame + hd);
    *shown += k;
    return true;
}

int layout_paginate(const bp_pag_item *items, int n, double first_cap, double cap, bp_arena *a,
                    bp_vec *out, int *npages, bp_error *e)
{
    bp_pag_job job = {
        .items = items, .n = n, .first_cap = first_cap, .cap = cap, .a = a, .out = out, .e = e};
    BP_TRY(layout_paginate_job(&job));
    *npages = job.npages;
    return BP_OK;
}

/* True when the job stops where page p->page begins: it then holds where
 * to go on (bp_pag_job.stop_page). */
static bool stop_at(bp_pag_job *job, const pager *p, int i, int shown)
{
    if (job->stop_page <= 0 || p->page < job->stop_page) return false;
    job->from_page = p->page, job->from_item = i, job->from_shown = shown;
    job->npages = p->page;
    job->done = false;
    job->visits += p->visits;
    return true;
}

int layout_paginate_job(bp_pag_job *job)
{
    const bp_pag_item *items = job->items;
    int n = job->n;
    double first_cap = job->first_cap, cap = job->cap;
    bp_vec *out = job->out;
    double room = job->from_page ? cap : first_cap;
    pager p = {.items = items,
               .head = job->head,
               .on_top = job->head_on_top,
               .space = job->space,
               .a = job->a,
               .out = out,
               .page = job->from_page,
               .page_start = out->n,
               .room = room,
               .cap = cap};
    /* item i, from its line `shown` (a broken item) */
    int i = job->from_item, shown = job->from_shown;
    while (i < n) {
        const bp_pag_item *it = &items[i];
        double tall = it->height + head_of(&p, i); /* on a page of its own */
        if (tall > first_cap + EPS && tall > cap + EPS && !breakable(it, cap))
            return bp_fail(job->e, BP_EINPUT, "item %d is %.1f pt tall; a page holds %.1f pt", i,
                           tall, cap);
        /* simulate: the chain starting at i (body: without i's head) */
        int j = i;
        double body = rest_of(it, shown), ld = lead(&p, i);
        while (items[j].keep_with_next && j + 1 < n) {
            j++;
            body += items[j].height + run_head(&p, j);
        }
        double hi = rest_of(it, shown) + ld, h = body + ld;
        bool empty = out->n == p.page_start;
        if (p.used + h <= p.room + EPS) {
            for (int k = i; k <= j; k++)
                put(&p, k, k == i ? shown : 0, -1, k == i && shown > 0,
                    k == i ? hi : items[k].height + run_head(&p, k));
            i = j + 1, shown = 0;
            continue;
        }
        /* a chain no page could hold is broken at once, from this page on
         * (when at least its first item, or a line of it, fits here);
         * others move whole */
        bool chain_fits = body + head_of(&p, i) <= cap + EPS;
        bool first_fits = hi <= p.room - p.used + EPS ||
                          (breakable(it, cap) && p.room - p.used >= it->line_h + it->frame - EPS);
        if ((!empty && (chain_fits || !first_fits)) || (hi > p.room + EPS && !breakable(it, cap))) {
            next_page(&p, &i, &shown);
            if (stop_at(job, &p, i, shown)) return BP_OK;
            continue;
        }
        /* the chain is longer than a page: fill this page item by item,
         * then line by line */
        while (i <= j) {
            hi = rest_of(&items[i], shown) + lead(&p, i);
            if (p.used + hi <= p.room + EPS) {
                put(&p, i, shown, -1, shown > 0, hi);
                i++, shown = 0;
                continue;
            }
            if (breakable(&items[i], cap)) put_lines(&p, i, &shown);
            break;
        }
        if (i <= j) {
            next_page(&p, &i, &shown);
            if (stop_at(job, &p, i, shown)) return BP_OK;
        }
    }
    bool last_empty = out->n == p.page_start;
    job->npages = !last_empty || p.page == 0 ? p.page + 1 : p.page;
    job->done = true;
    job->visits += p.visits;
    return BP_OK;
}

void layout_paginate_resume(bp_pag_job *job, int changed)
{
    const bp_pag_item *items = job->items;
    int c = changed;
    while (c > 0 && items[c - 1].keep_with_next)
        c--;
    const bp_piece *pc = job->out->items;
    int n = job->out->n, page = 0;
    if (c > 0) { /* the page of item c - 1's last part: parts are in item order */
        int lo = 0, hi = n;
        while (lo < hi) {
            int mid = lo + (hi - lo) / 2;
            if (pc[mid].item <= c - 1)
                lo = mid + 1;
            else
                hi = mid;
        }
        page = lo > 0 ? pc[lo - 1].page : 0;
    }
    int k0 = n; /* the first part of that page */
    while (k0 > 0 && pc[k0 - 1].page >= page)
        k0--;
    job->from_page = page;
    job->from_item = k0 < n ? pc[k0].item : 0;
    job->from_shown = k0 < n ? pc[k0].line0 : 0;
    job->out->n = k0;
}

double layout_flow_lines(int nlines, double line_h, double pad, const double *h, int nfrag,
                         int *first, int *count)
{
    int shown = 0;
    double lack = 0;
    for (int j = 0; j < nfrag; j++) {
        int rest = nlines - shown;
        double avail = h[j] - 2 * pad;
        int k = rest;
        if (rest * line_h > avail + EPS) {
            if (j + 1 < nfrag) {
                k = (int)floor(avail / line_h + EPS);
                if (k < 0) k = 0;
                if (k > rest) k = rest;
            } else {
                lack = rest * line_h - avail;
            }
        }
        first[j] = shown;
        count[j] = k;
        shown += k;
    }
    return lack;
}

/* The narrowest a column may become: what its content needs and its
 * min_width; a fixed-width column also keeps its declared width unless
 * narrowing is allowed (then it may go down to its min_width, or to what
 * its content needs when it declares none). */
static double floor_of(const bp_table_spec *t, const double *need, int i, bool narrow)
{
    const bp_column *c = &t->columns[i];
    double f = need ? need[i] : 0;
    double minw = c->min_mm * BP_MM;
    if (minw > f) f = minw;
    if (c->width_mm > 0 && !narrow && c->width_mm * BP_MM > f) f = c->width_mm * BP_MM;
    return f;
}

int layout_column_widths(const bp_table_spec *t, double avail, const double *need, bool narrow,
                         double *out, double *deficit_out, bp_error *e)
{
    int n = t->ncolumns;
    double fixed = 0, weights = 0;
    for (int i = 0; i < n; i++) {
        if (t->columns[i].width_mm > 0)
            fixed += t->columns[i].width_mm * BP_MM;
        else
            weights += t->columns[i].weight;
    }
    double rest = avail - fixed;
    for (int i = 0; i < n; i++) {
        const bp_column *c = &t->columns[i];
        if (c->width_mm > 0)
            out[i] = c->width_mm * BP_MM;
        else
            out[i] = weights > 0 && rest > 0 ? rest * c->weight / weights : 0;
    }
    if (rest < 0) {
        /* fixed columns wider than the page: narrow them in proportion to
         * their room above their floor (none unless narrowing is allowed) */
        double room = 0;
        for (int i = 0; i < n; i++) {
            double f = floor_of(t, need, i, narrow);
            if (out[i] > f) room += out[i] - f;
        }
        double take = -rest < room ? -rest : room;
        for (int i = 0; i < n && room > 0; i++) {
            double f = floor_of(t, need, i, narrow);
            if (out[i] > f) out[i] -= (out[i] - f) * take / room;
        }
    }
    /* widen columns below their floor, taking room from columns with slack */
    double deficit = 0;
    for (int pass = 0; pass < 4; pass++) {
        double slack = 0;
        deficit = 0;
        for (int i = 0; i < n; i++) {
            double f = floor_of(t, need, i, narrow);
            if (f > out[i])
                deficit += f - out[i];
            else
                slack += out[i] - f;
        }
        double total = 0;
        for (int i = 0; i < n; i++)
            total += out[i];
        slack += avail - total > 0 ? avail - total : 0; /* unused page width */
        if (deficit <= 0.01 || slack <= 0.01) break;
        double take = deficit < slack ? deficit : slack;
        double spare = avail - total > 0 ? avail - total : 0;
        double from_spare = spare < take ? spare : take;
        double from_cols = take - from_spare;
        double col_slack = slack - spare;
        for (int i = 0; i < n; i++) {
            double f = floor_of(t, need, i, narrow);
            if (f > out[i])
                out[i] += (f - out[i]) * (take / deficit);
            else if (col_slack > 0)
                out[i] -= (out[i] - f) * (from_cols / col_slack);
        }
    }
    double total = 0;
    for (int i = 0; i < n; i++)
        total += out[i];
    if (total > avail + 0.01 && deficit < total - avail) deficit = total - avail;
    *deficit_out = deficit > 0.01 ? deficit : 0;
    (void)e;
    return BP_OK;
}
