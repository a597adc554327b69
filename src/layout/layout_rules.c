/* layout_rules.c — table rules as geometry: cells contribute edge
 * segments, and collinear segments of equal weight that touch are merged
 * into one rule before they enter the display list (a grid of r rows and
 * c columns becomes about r + c rules instead of 2 r c). */
#include "layout_priv.h"

#include <math.h>
#include <stdlib.h>

void rules_add(bp_arena *a, bp_vec *v, double x0, double y0, double x1, double y1, double w)
{
    rule_seg *s = bp_vec_push(a, v);
    /* normalise: horizontal left to right, vertical bottom to top */
    if (fabs(y0 - y1) < 1e-6) {
        s->horizontal = true;
        s->pos = y0;
        s->a = x0 < x1 ? x0 : x1;
        s->b = x0 < x1 ? x1 : x0;
    } else {
        s->horizontal = false;
        s->pos = x0;
        s->a = y0 < y1 ? y0 : y1;
        s->b = y0 < y1 ? y1 : y0;
    }
    s->width = w;
}

static int cmp_seg(const void *pa, const void *pb)
{
    const rule_seg *a = pa, *b = pb;
    if (a->horizontal != b->horizontal) return a->horizontal ? -1 : 1;
    if (fabs(a->pos - b->pos) > 1e-6) return a->pos < b->pos ? -1 : 1;
    if (a->width != b->width) return a->width < b->width ? -1 : 1;
    if (a->a != b->a) return a->a < b->a ? -1 : 1;
    return 0;
}

void rules_emit(bp_doc *doc, bp_page *pg, bp_vec *v)
{
    rule_seg *s = v->items;
    int n = v->n;
    if (n == 0) return;
    qsort(s, (size_t)n, sizeof *s, cmp_seg);
    rule_seg cur = s[0];
    for (int i = 1; i <= n; i++) {
        bool join = i < n && s[i].horizontal == cur.horizontal &&
                    fabs(s[i].pos - cur.pos) <= 1e-6 && s[i].width == cur.width &&
                    s[i].a <= cur.b + 1e-6;
        if (join) {
            if (s[i].b > cur.b) cur.b = s[i].b;
            continue;
        }
        if (cur.horizontal)
            dl_line(doc, pg, cur.a, cur.pos, cur.b, cur.pos, cur.width);
        else
            dl_line(doc, pg, cur.pos, cur.a, cur.pos, cur.b, cur.width);
        if (i < n) cur = s[i];
    }
    v->n = 0;
}
