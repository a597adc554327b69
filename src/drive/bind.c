/* bind.c — `budgetpdf bind`: each figure typed in a department's text
 * bound to the table figure its sentence speaks of, and the text written
 * again with a {{ }} expression in its place, the words kept exactly
 * (docs/document.md, "bind"). An amount is bound to a cell holding it
 * (exactly, or as the text rounds or truncates it, in the text's unit),
 * the one whose names the clause says, in a table the section's heading
 * speaks of, the first in the set's order among equals (one quantity in
 * several tables is one binding); shares and changes: bind_more.c. */
#include <stdio.h>
#include <string.h>

#include "bind_priv.h"
#include "context.h"
#include "doc_text.h"
#include "in_file.h"
#include "out_file.h"
#include "render_priv.h"

/* The department's text: document.md (the text source; a .docx or the
 * workbook's text sheets come in through the text loader, doc_text.h). */
static int read_text(bind_dept *d, bp_error *e)
{
    d->src = NULL;
    d->len = 0;
    d->map = NULL;
    d->path = bp_path_join(d->a, d->dept.dir, BP_DOC_TEXT_FILE);
    bp_text_md *md = bp_alloc(d->a, sizeof *md);
    /* the one choice of source (doc_source.h): document.md, a .docx, text sheets */
    BP_TRY(doc_source_markdown(BP_CTX(d->a, e), &d->dept, d->set, md));
    if (md->kind == BP_TEXT_NONE) return BP_OK;
    d->path = md->file;
    d->src = bp_strndup(d->a, md->md, md->len);
    d->len = md->len;
    if (md->map.nlines) d->map = &md->map;
    long bad = bp_utf8_invalid(d->src, d->len);
    if (bad >= 0)
        return bp_fail(e, BP_EINPUT, "%s: byte %ld: not UTF-8 (the document's text is UTF-8)",
                       d->path, bad + 1);
    return BP_OK;
}

int bind_load(bp_ctx *c, const char *dept_dir, const budgetpdf_options *opt, bind_dept *d)
{
    bp_error *e = c->e;
    memset(d, 0, sizeof *d);
    d->a = c->a;
    BP_TRY(render_load_inputs(c, dept_dir, opt, &d->dept, &d->set, &d->tables));
    d->env = expr_env_new(c, d->set, &d->dept, d->tables);
    if (!d->env) return e->code ? e->code : BP_EINPUT;
    BP_TRY(read_text(d, e));
    bind_index(d);
    return BP_OK;
}

/* ---- one amount ---------------------------------------------------------- */

typedef struct scored {
    int i, score, match;
} scored;

/* The cells that may be the typed amount f, best first, in *out (at most
 * max); how many there are in all. */
static int candidates(bind_dept *d, const bp_typed *t, scored *out, int max)
{
    int n = 0, spoken = 0, nt = d->set->ntables;
    if (d->sec_of != t->heading) { /* the heading's scores, kept while it lasts */
        d->sec_of = t->heading;
        d->sec = bp_alloc(d->a, (size_t)(nt ? nt : 1) * sizeof *d->sec);
        for (int k = 0; k < nt; k++)
            d->sec[k] = bind_section(d, k, t->heading);
    }
    int *named = bp_alloc(d->a, (size_t)(nt ? nt : 1) * sizeof *named);
    for (int k = 0; k < nt; k++) {
        if (d->sec[k] > spoken) spoken = d->sec[k];
        named[k] = bind_named(d, k, t->clause);
    }
    bool zero = number_is_zero(t->v);
    bind_match mt = bind_match_of(t);
    /* the cells by value (bind_index): those within a unit of the typed figure */
    int lo = 0, hi = d->ncells;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (d->cells[d->by_value[mid]].v < mt.typed - mt.unit)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (int k = lo; k < d->ncells && d->cells[d->by_value[k]].v <= mt.typed + mt.unit; k++) {
        int i = d->by_value[k];
        const bind_cell *x = &d->cells[i];
        int m = bind_match_is(&mt, x->v);
        if (!m || (!zero && !x->valued)) continue;
        int w = bind_words(x, t->clause, true);
        if (zero && w < 600) continue; /* a 0: only where the clause names the cell */
        int sec = d->sec[x->t];
        /* the clause names the cell, or its table (一般公共预算基本支出 →
         * 一般公共预算基本支出情况表); a table the heading speaks of first */
        int said = w + (named[x->t] >= 3 ? 1000 * named[x->t] : 0);
        int score = said + (spoken >= 60 && sec == spoken ? (said >= 1000 ? 5000 : 1500) : 0) +
                    sec + (m == 2 ? 300 : 0) + bind_words(x, t->sentence, false) / 100 +
                    (x->total ? 200 : 0);
        scored s = {i, score, m};
        int at = n < max ? n : max;
        while (at > 0 &&
               (out[at - 1].score < score || (out[at - 1].score == score && out[at - 1].i > i))) {
            if (at < max) out[at] = out[at - 1];
            at--;
        }
        if (at < max) out[at] = s;
        n++;
    }
    return n;
}

static const char *list_cands(bind_dept *d, const scored *s, int n)
{
    const char *l = "";
    for (int k = 0; k < n && k < 4; k++)
        l = bp_sprintf(d->a, "%s%s%s", l, k ? "; " : "", d->cells[s[k].i].term);
    return l;
}

static void bind_amount(bind_dept *d, bind_fig *f)
{
    enum { MAX = 8 };
    scored s[MAX];
    const bp_typed *t = f->ty;
    int n = candidates(d, t, s, MAX);
    f->cands = list_cands(d, s, n < MAX ? n : MAX);
    if (!n) {
        f->note = number_is_zero(t->v) ? "a zero whose words name no table figure"
                                       : "no table figure holds it";
        return;
    }
    const bind_cell *x = &d->cells[s[0].i];
    if (n > 1 && s[0].score < 1000 + (s[0].match == 2 ? 300 : 0)) {
        f->note = "several table figures hold it and the words name none of them";
        return;
    }
    const char *expr = bind_scaled(d->a, x->term, x->exp, t->unit_exp);
    const char *err = NULL, *prints = bind_eval(d, expr, &err);
    if (!prints) {
        f->note = err;
        return;
    }
    f->expr = expr;
    f->prints = prints;
    f->cell = s[0].i;
    f->term = x->term;
    f->from = t->at;
    f->to = t->end;
    if (s[0].match != 2) f->note = bp_sprintf(d->a, "prints %s: the text rounds it", prints);
}

/* Whether the clause gives a change (增加 X): its figure is a difference. */
static bool says_change(const char *clause)
{
    static const char *const words[] = {"增加", "减少", "增长", "下降", "增减", NULL};
    for (const char *const *w = words; *w; w++)
        if (strstr(clause, *w)) return true;
    return false;
}

int bind_text(bind_dept *d, const char *src, size_t len, bind_fig **figs, int *nfigs, bp_error *e)
{
    bp_vec v;
    bp_vec_init(&v, sizeof(bp_typed));
    BP_TRY(check_typed_figures(d->a, d->path, src, len, &v, e));
    bind_fig *f = bp_alloc(d->a, (size_t)(v.n ? v.n : 1) * sizeof *f);
    for (int i = 0; i < v.n; i++) {
        const bp_typed *t = &((const bp_typed *)v.items)[i];
        memset(&f[i], 0, sizeof f[i]);
        f[i].ty = t;
        f[i].cell = -1;
        f[i].typed = bp_strndup(d->a, src + t->at, t->unit_end - t->at);
        if (t->unit_exp < 0) {
            if (!bind_share(d, f, i)) f[i].note = f[i].note ? f[i].note : "a percentage not bound";
        } else if (says_change(t->clause)) {
            if (!bind_change(d, f, i))
                f[i].note = f[i].note ? f[i].note : "a change no figure and its previous year give";
        } else {
            bind_amount(d, &f[i]);
        }
    }
    *figs = f;
    *nfigs = v.n;
    bind_same(d, src, len, figs, nfigs);
    return BP_OK;
}

char *bind_apply(bp_arena *a, const char *src, size_t len, const bind_fig *f, int n, size_t *out)
{
    size_t cap = len + 1;
    for (int i = 0; i < n; i++)
        if (f[i].expr) cap += strlen(f[i].expr) + 8;
    char *o = bp_alloc(a, cap), *p = o;
    size_t at = 0;
    for (int i = 0; i < n; i++) {
        if (!f[i].expr || f[i].from < at) continue;
        memcpy(p, src + at, f[i].from - at);
        p += f[i].from - at;
        p += sprintf(p, "{{ %s }}", f[i].expr);
        at = f[i].to;
    }
    memcpy(p, src + at, len - at);
    p += len - at;
    *p = 0;
    *out = (size_t)(p - o);
    return o;
}

int bind_write(bind_dept *d, const char *path, const char *text, size_t len, bp_error *e)
{
    const char *in[8];
    int n = 0;
    in[n++] = d->path;
    if (d->dept.file) in[n++] = d->dept.file;
    if (d->dept.previous) in[n++] = bp_path_join(d->a, d->dept.dir, d->dept.previous);
    if (d->dept.workbook) in[n++] = d->dept.workbook;
    BP_TRY(bp_out_check_not_input(path, in, n, e));
    bp_out_file f;
    BP_TRY(bp_out_open_in(&f, d->a, path, e));
    if (bp_out_write(&f, text, len, e)) {
        bp_out_abort(&f);
        return e->code;
    }
    return bp_out_commit(&f, true, e);
}
