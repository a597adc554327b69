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
        while (items[j].keep_with_next && j + 1 < n) h += items[++j].height;
        if (used + h <= room + eps) {
            for (int k = i; k <= j; k++) page_of[k] = page;
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

int layout_column_widths(const bp_table_spec *t, double avail, const double *need, double *out,
                         bp_error *e)
{
    int n = t->ncolumns;
    double fixed = 0, weights = 0;
    for (int i = 0; i < n; i++) {
        if (t->columns[i].width_mm > 0)
            fixed += t->columns[i].width_mm * BP_MM;
        else
            weights += t->columns[i].weight;
    }
    if (fixed > avail + 0.01)
        return bp_fail(e, BP_EINPUT,
                       "%s: the fixed column widths add up to %.1f mm, but the page has %.1f mm "
                       "between its margins",
                       t->file, fixed / BP_MM, avail / BP_MM);
    double rest = avail - fixed;
    for (int i = 0; i < n; i++) {
        const bp_column *c = &t->columns[i];
        out[i] = c->width_mm > 0 ? c->width_mm * BP_MM : (weights > 0 ? rest * c->weight / weights : 0);
    }
    /* widen columns whose content needs more, taking room from columns with slack */
    for (int pass = 0; pass < 4; pass++) {
        double deficit = 0, slack = 0;
        for (int i = 0; i < n; i++) {
            double want = need ? need[i] : 0;
            double minw = t->columns[i].min_mm * BP_MM;
            if (minw > want) want = minw;
            if (want > out[i]) deficit += want - out[i];
            else slack += out[i] - want;
        }
        if (deficit <= 0.01 || slack <= 0.01) break;
        double take = deficit < slack ? deficit : slack;
        for (int i = 0; i < n; i++) {
            double want = need ? need[i] : 0;
            double minw = t->columns[i].min_mm * BP_MM;
            if (minw > want) want = minw;
            if (want > out[i])
                out[i] += (want - out[i]) * (take / deficit);
            else
                out[i] -= (out[i] - want) * (take / slack);
        }
    }
    return BP_OK;
}
