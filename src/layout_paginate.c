/* layout_paginate.c — distributing row groups over pages ("simulate, then
 * commit"): keep-with-next chains move whole, long chains break. */
#include "layout.h"

int layout_paginate(const bp_pag_item *items, int n, double first_cap, double cap, int *page_of,
                    int *npages, bp_error *e)
{
    const double eps = 1e-6;
    int page = 0, on_page = 0;
    double room = first_cap, used = 0;
    int i = 0;
    while (i < n) {
        if (items[i].height > (page == 0 ? first_cap : cap) + eps && items[i].height > cap + eps)
            return bp_fail(e, BP_EINPUT, "item %d is %.1f pt tall; a page holds %.1f pt", i,
                           items[i].height, cap);
        /* simulate: the chain starting at i */
        int j = i;
        double h = items[i].height;
        while (items[j].keep_with_next && j + 1 < n)
            h += items[++j].height;
        if (used + h <= room + eps) {
            for (int k = i; k <= j; k++)
                page_of[k] = page;
            used += h;
            on_page += j - i + 1;
            i = j + 1;
            continue;
        }
        /* a chain no page could hold is broken at once, from this page on
         * (when at least its first item fits here); others move whole */
        bool unbreakable_fits = h <= cap + eps;
        if ((on_page > 0 && (unbreakable_fits || items[i].height > room - used + eps)) ||
            items[i].height > room + eps) {
            /* start a new page and try the chain again */
            page++;
            room = cap;
            used = 0;
            on_page = 0;
            continue;
        }
        /* the chain is longer than a whole page: fill this page item by item
         * (at least one item: it fits, checked above) */
        while (i <= j && used + items[i].height <= room + eps) {
            page_of[i] = page;
            used += items[i].height;
            on_page++;
            i++;
        }
        if (i <= j) {
            page++;
            room = cap;
            used = 0;
            on_page = 0;
        }
    }
    *npages = on_page > 0 || page == 0 ? page + 1 : page;
    return BP_OK;
}

int layout_slice_row(int row, double h, int lines, int repeated, double cap, double lh, double pad,
                     bp_piece *out, int *per_out)
{
    if (h <= cap + 1e-6 || lines <= 0) {
        out[0] = (bp_piece){row, 0, lines, false, h};
        *per_out = 0;
        return 1;
    }
    int per = (int)((cap - 2 * pad) / lh);
    if (per < 1) per = 1;
    if (repeated > per) repeated = per;
    int n = 0;
    for (int l = 0; l < lines; l += per) {
        bp_piece *p = &out[n++];
        p->row = row;
        p->line0 = l;
        p->line1 = l + per < lines ? l + per : lines;
        p->sliced = true;
        int shown = p->line1 - p->line0 > repeated ? p->line1 - p->line0 : repeated;
        p->height = shown * lh + 2 * pad;
    }
    *per_out = per;
    return n;
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
