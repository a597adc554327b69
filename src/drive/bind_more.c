/* bind_more.c — the typed figures that are not a table figure: a share
 * (占 34.12%: the amount before it in its sentence over a whole, written
 * pct(part, whole)) and a change against the previous year (比2023年增加
 * 4590.6万元: change(term), or diff(term, prev(term)) scaled to the text's
 * unit, for a term of the sentence whose previous-year figure is known),
 * and 持平 typed after a figure that did not change (change(term)). */
#include <stdlib.h>
#include <string.h>

#include "bind_priv.h"

/* The share part/whole as a percentage, rounded as t is printed (or
 * truncated): whether it is t. */
static bool share_is(const bp_typed *t, bp_exact part, bp_exact whole)
{
    if (whole <= 0 || part < 0 || part > whole) return false;
    bp_exact ratio = part * bp_exact_pow10(2 + BP_EXACT_SCALE) / whole; /* % at 10^-7 */
    bp_exact unit = bp_exact_pow10(BP_EXACT_SCALE - t->v.scale);
    bp_exact typed = bp_exact_in_unit(t->v, 0);
    bp_exact diff = ratio - typed;
    return 2 * (diff < 0 ? -diff : diff) <= unit || (diff > 0 && diff < unit);
}

static bool says_share(const char *clause)
{
    return strstr(clause, "占") || strstr(clause, "比重");
}

static bool try_whole(bind_dept *d, bind_fig *f, const bind_cell *part, const bind_cell *w)
{
    if (w == part || !w->valued || !share_is(f->ty, part->v, w->v)) return false;
    const char *pe = part->term, *we = w->term;
    if (part->exp != w->exp) {
        pe = bind_scaled(d->a, pe, part->exp, 0);
        we = bind_scaled(d->a, we, w->exp, 0);
    }
    const char *expr = bp_sprintf(d->a, "pct(%s, %s)", pe, we), *err = NULL;
    const char *prints = bind_eval(d, expr, &err);
    if (!prints) return false;
    f->expr = expr;
    f->prints = prints;
    f->from = f->ty->at;
    f->to = f->ty->unit_end; /* pct prints its % */
    if (strncmp(prints, f->typed, strlen(prints)))
        f->note = bp_sprintf(d->a, "prints %s: the text rounds it", prints);
    return true;
}

bool bind_share(bind_dept *d, bind_fig *figs, int i)
{
    bind_fig *f = &figs[i];
    if (!says_share(f->ty->clause)) {
        f->note = "a percentage that is not a share (占…)";
        return false;
    }
    const bind_cell *part = NULL;
    int k = i - 1;
    for (; k >= 0 && figs[k].ty->sentence_no == f->ty->sentence_no; k--)
        if (figs[k].cell >= 0 && figs[k].ty->unit_exp >= 0) {
            part = &d->cells[figs[k].cell];
            break;
        }
    if (!part) {
        f->note = "a share with no amount bound before it in its sentence";
        return false;
    }
    /* the whole: an amount quoted before the part in the sentence (or the
     * sentence before), then a figure of the part's row or column */
    for (int j = k - 1; j >= 0 && figs[j].ty->sentence_no >= f->ty->sentence_no - 1; j--)
        if (figs[j].cell >= 0 && try_whole(d, f, part, &d->cells[figs[j].cell])) return true;
    for (int pass = 0; pass < 2; pass++)
        for (int c = 0; c < d->ncells; c++) {
            const bind_cell *w = &d->cells[c];
            if (w->t != part->t || (pass == 0 ? w->r != part->r : w->c != part->c)) continue;
            if (try_whole(d, f, part, w)) return true;
        }
    f->note = bp_sprintf(d->a, "no whole of %s gives it", part->term);
    return false;
}

/* ---- changes ------------------------------------------------------------- */

static int sign_of(const char *clause)
{
    const char *up = strstr(clause, "增加") ? strstr(clause, "增加") : strstr(clause, "增长");
    const char *down = strstr(clause, "减少") ? strstr(clause, "减少") : strstr(clause, "下降");
    if (up && (!down || up > down)) return 1;
    if (down) return -1;
    return 0;
}

/* Whether term's change against its previous-year figure is f's (sign
 * given by the clause); binds f when it is. */
static bool try_change(bind_dept *d, bind_fig *f, const char *term, int exp)
{
    const char *err = NULL;
    int sign = sign_of(f->ty->clause);
    const char *diff = bind_eval(d, bp_sprintf(d->a, "diff(%s, prev(%s))", term, term), &err);
    bp_decimal v;
    if (!diff || number_parse(diff, strlen(diff), &v)) return false;
    bp_exact x = bp_exact_in_unit(v, exp);
    if ((sign < 0 && x > 0) || (sign > 0 && x < 0)) return false;
    if (!bind_matches(f->ty, x < 0 ? -x : x)) return false;
    /* 增加4590.6万元 → change(term), when it prints exactly that */
    const char *src = d->src;
    size_t w = f->ty->at;
    if (w >= 6 && (!memcmp(src + w - 6, "增加", 6) || !memcmp(src + w - 6, "减少", 6))) {
        const char *ch = bp_sprintf(d->a, "change(%s)", term);
        const char *p = bind_eval(d, ch, &err);
        size_t n = f->ty->unit_end - (w - 6);
        if (p && strlen(p) == n && !memcmp(p, src + w - 6, n)) {
            f->expr = ch, f->prints = p, f->from = w - 6, f->to = f->ty->unit_end;
            return true;
        }
    }
    const char *e = sign < 0 ? bp_sprintf(d->a, "diff(prev(%s), %s)", term, term)
                             : bp_sprintf(d->a, "diff(%s, prev(%s))", term, term);
    e = bind_scaled(d->a, e, exp, f->ty->unit_exp);
    const char *p = bind_eval(d, e, &err);
    if (!p) return false;
    f->expr = e, f->prints = p, f->from = f->ty->at, f->to = f->ty->end;
    return true;
}

bool bind_change(bind_dept *d, bind_fig *figs, int i)
{
    bind_fig *f = &figs[i];
    if (!d->dept.previous) {
        f->note = "a change, and department.yaml names no previous-year figures (previous:)";
        return false;
    }
    /* the amounts bound before it in its paragraph, the latest first */
    for (int k = i - 1; k >= 0 && figs[k].ty->block == f->ty->block; k--)
        if (figs[k].cell >= 0 &&
            try_change(d, f, d->cells[figs[k].cell].term, d->cells[figs[k].cell].exp))
            return true;
    /* the cells holding an amount bound before it in its paragraph (one
     * quantity in several tables), then the cells the clause names */
    int tried = 0;
    for (int k = i - 1; k >= 0 && figs[k].ty->block == f->ty->block && tried < 64; k--) {
        if (figs[k].cell < 0) continue;
        const bind_cell *b = &d->cells[figs[k].cell];
        for (int c = 0; c < d->ncells && tried < 64; c++) {
            const bind_cell *x = &d->cells[c];
            if (x == b || !x->valued || x->v != b->v) continue;
            tried++;
            if (try_change(d, f, x->term, x->exp)) return true;
        }
    }
    tried = 0;
    for (int c = 0; c < d->ncells && tried < 16; c++) {
        const bind_cell *x = &d->cells[c];
        if (bind_words(x, f->ty->clause, true) < 1000) continue;
        tried++;
        if (try_change(d, f, x->term, x->exp)) return true;
    }
    f->note = "a change no figure of its sentence and its previous year give";
    return false;
}

/* ---- 持平 ---------------------------------------------------------------- */

/* 持平 at off: change(T) for the latest amount bound before it in its
 * paragraph whose change against the previous year prints 持平 (the
 * set's wording of no change). */
static bool same_at(bind_dept *d, const char *src, size_t off, const bind_fig *figs, int n,
                    bind_fig *f)
{
    size_t para = off;
    while (para > 1 && memcmp(src + para - 2, "\n\n", 2))
        para--;
    for (int k = n - 1; k >= 0; k--) {
        if (figs[k].ty->at >= off) continue;
        if (figs[k].ty->at < para) break;
        if (figs[k].cell < 0 || figs[k].ty->unit_exp < 0) continue;
        const char *err, *ch = bp_sprintf(d->a, "change(%s)", d->cells[figs[k].cell].term);
        const char *p = bind_eval(d, ch, &err);
        if (p && !strcmp(p, "持平")) {
            f->expr = ch, f->prints = p, f->from = off, f->to = off + strlen("持平");
            f->term = d->cells[figs[k].cell].term;
            return true;
        }
    }
    return false;
}

static int by_place(const void *x, const void *y)
{
    const bind_fig *a = x, *b = y;
    return a->ty->at < b->ty->at ? -1 : a->ty->at > b->ty->at;
}

void bind_same(bind_dept *d, const char *src, size_t len, bind_fig **figs, int *n)
{
    if (!d->dept.previous) return;
    bp_vec v;
    bp_vec_init(&v, sizeof(bind_fig));
    size_t i = 0, at = 0, open, close, from = 0;
    int line = 1, col = 1;
    for (;;) {
        bool more = bind_next_figure(src, len, &i, &open, &close);
        size_t stop = more ? open : len;
        for (const char *p = src + at; (p = strstr(p, "持平")) && (size_t)(p - src) < stop;
             p += 6) {
            size_t off = (size_t)(p - src);
            bind_fig f;
            memset(&f, 0, sizeof f);
            f.cell = -1;
            if (!same_at(d, src, off, *figs, *n, &f)) continue;
            bp_typed *t = bp_alloc(d->a, sizeof *t);
            memset(t, 0, sizeof *t);
            bind_line_col(src, off, &from, &line, &col);
            t->at = off, t->end = t->unit_at = t->unit_end = off + 6;
            t->line = line, t->col = col, t->unit_exp = -2;
            f.ty = t;
            f.typed = "持平";
            *(bind_fig *)bp_vec_push(d->a, &v) = f;
        }
        if (!more) break;
        at = close + 2;
    }
    if (!v.n) return;
    bind_fig *all = bp_alloc(d->a, (size_t)(*n + v.n) * sizeof *all);
    memcpy(all, *figs, (size_t)*n * sizeof *all);
    memcpy(all + *n, v.items, (size_t)v.n * sizeof *all);
    qsort(all, (size_t)(*n + v.n), sizeof *all, by_place);
    *figs = all;
    *n += v.n;
}
