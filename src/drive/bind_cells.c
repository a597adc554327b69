/* bind_cells.c — the amount cells a typed figure may stand for: each with
 * its value in 元, the term that names it in the figure language
 * (TABLE[SELECTOR].column, the selector a label that only its row has, else
 * [#n]) and the words of its row and column. */
#include <stdlib.h>
#include <string.h>

#include "bind_priv.h"
#include "numbering.h"
#include "rules.h"

/* s without white space; NULL when it holds no byte above ASCII (a code,
 * a number) or is shorter than two characters. */
static const char *word_of(bp_arena *a, const char *s)
{
    size_t n = strlen(s);
    char *t = bp_alloc(a, n + 1), *o = t;
    bool wide = false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') continue;
        if (!strncmp(s + i, "\xE3\x80\x80", 3)) {
            i += 2;
            continue;
        }
        wide = wide || (unsigned char)s[i] >= 0x80;
        *o++ = s[i];
    }
    *o = 0;
    return wide && bp_utf8_count(t, strlen(t)) >= 2 ? t : NULL;
}

static const char *table_id(bp_arena *a, const bp_table_spec *t)
{
    size_t n = strspn(t->stem, "0123456789");
    return n && t->stem[n] == '-' ? bp_strndup(a, t->stem, n) : t->stem;
}

/* The label columns of amount column c: the run of label columns nearest
 * on its left (in_item for in_amount, out_item for out_amount), [*lo, *hi). */
static void labels_of(const bp_table_spec *t, int c, int *lo, int *hi)
{
    int k = c;
    while (k > 0 && t->columns[k - 1].type == BP_COL_AMOUNT)
        k--;
    *hi = k;
    while (k > 0 && t->columns[k - 1].type != BP_COL_AMOUNT)
        k--;
    *lo = k;
}

/* Whether row r is the only row whose column c reads as it does. */
static bool only_row(const bp_table_data *d, int r, int c)
{
    const char *v = data_cell(d, r, c)->text;
    for (int k = 0; k < d->nrows; k++)
        if (k != r && !strcmp(data_cell(d, k, c)->text, v)) return false;
    return true;
}

/* The selector of row r: a label column (Chinese first) whose text no other
 * row has, quoted when it needs to be; [#n] when none. Tables of many rows
 * try the first label only (the search is quadratic). */
static const char *selector(bp_arena *a, const bp_table_spec *t, const bp_table_data *d, int r,
                            int lo, int hi)
{
    const char *first = NULL;
    int fc = -1;
    for (int pass = 0; pass < 2; pass++)
        for (int c = lo; c < hi; c++) {
            const char *v = data_cell(d, r, c)->text;
            if (!v || !*v || strchr(v, '"')) continue;
            bool wide = false;
            for (const char *p = v; *p; p++)
                wide = wide || (unsigned char)*p >= 0x80;
            if (wide != (pass == 0)) continue;
            if (!first) first = v, fc = c;
            if (d->nrows > 400 && pass == 1) break;
            if (!only_row(d, r, c)) continue;
            bool quote = strpbrk(v, "] \t,()") != NULL;
            return bp_sprintf(a, quote ? "[%s=\"%s\"]" : "[%s=%s]", t->columns[c].key, v);
        }
    /* a label other rows have too: the longest label and the row's number */
    for (int c = lo; c < hi; c++) {
        const char *v = data_cell(d, r, c)->text;
        if (v && first && !strchr(v, '"') && strlen(v) > strlen(first)) first = v, fc = c;
    }
    if (first)
        return bp_sprintf(a, strpbrk(first, "] \t,()") ? "[%s=\"%s\"][#%d]" : "[%s=%s][#%d]",
                          t->columns[fc].key, first, r + 1);
    return bp_sprintf(a, "[#%d]", r + 1);
}

/* The names of row r: its label cells' words, without numbering (一、),
 * 其中： and the department's name (a unit row says nothing). */
static int row_words(bind_dept *d, int ti, int r, int lo, int hi, const char **out, int max)
{
    const bp_table_spec *t = &d->set->tables[ti];
    int n = 0;
    for (int c = lo; c < hi && n < max; c++) {
        if (t->columns[c].type == BP_COL_AMOUNT) continue;
        const char *v = bp_skip_numbering(data_cell(d->tables[ti], r, c)->text);
        if (!strncmp(v, "其中：", strlen("其中："))) v += strlen("其中：");
        const char *w = word_of(d->a, v);
        bool dup = false;
        for (int k = 0; w && k < n; k++)
            dup = dup || !strcmp(out[k], w);
        /* a label the table's title says (国有资本经营预算支出 in 国有资本经营预算
         * 支出预算表) names the table, not the row */
        const bp_template *tt = t->title;
        dup = dup || (w && tt && tt->src && strstr(tt->src, w));
        if (w && !dup && !(d->dept.name && !strcmp(w, d->dept.name))) out[n++] = w;
    }
    return n;
}

static void add_table(bind_dept *d, int ti, bp_vec *v)
{
    const bp_table_spec *t = &d->set->tables[ti];
    const bp_table_data *td = d->tables[ti];
    int dexp = 4;
    const char *u = d->dept.unit ? d->dept.unit : "万元";
    dexp = !strcmp(u, "元") ? 0 : !strcmp(u, "千元") ? 3 : !strcmp(u, "亿元") ? 8 : 4;
    const char *id = table_id(d->a, t);
    for (int r = 0; r < td->nrows; r++) {
        const char *rw[8], *sel = NULL;
        int nr = 0, lo = -1, hi = -1;
        for (int c = 0; c < t->ncolumns; c++) {
            const bp_cell *cell = data_cell(td, r, c);
            if (t->columns[c].type != BP_COL_AMOUNT || cell->origin_row != r ||
                cell->origin_col != c)
                continue;
            int l, h;
            labels_of(t, c, &l, &h);
            if (l != lo || h != hi || !sel) {
                lo = l, hi = h;
                nr = row_words(d, ti, r, lo, hi, rw, 8);
                sel = selector(d->a, t, td, r, lo, hi);
            }
            bind_cell *x = bp_vec_push(d->a, v);
            x->t = ti, x->r = r, x->c = c;
            x->exp = t->columns[c].unit ? t->columns[c].unit_exp : dexp;
            x->valued = cell->has_value;
            for (int k = 0; k < nr && !x->total; k++)
                x->total = strstr(rw[k], "合计") || strstr(rw[k], "总计");
            x->v = cell->has_value ? bp_exact_in_unit(cell->value, x->exp) : 0;
            x->term = bp_sprintf(d->a, "%s%s.%s", id, sel, t->columns[c].key);
            const bp_column *col = &t->columns[c];
            x->words = bp_alloc(d->a, (size_t)(nr + 2 + BP_MAX_HEADER_DEPTH) * sizeof *x->words);
            memcpy(x->words, rw, (size_t)nr * sizeof *rw);
            int n = nr;
            const char *cn = check_column_name(d->a, t, c), *paren = strchr(cn, '(');
            if (paren && cn[strlen(cn) - 1] == ')') cn = bp_strndup(d->a, cn, (size_t)(paren - cn));
            const char *name = word_of(d->a, cn); /* 公务用车购置及运行费(car_total): its words */
            if (name && !strchr(name, '{')) x->words[n++] = name;
            x->nnames = n;
            for (int k = 0; k < col->depth && k < BP_MAX_HEADER_DEPTH; k++) {
                const char *h = col->header[k] ? word_of(d->a, col->header[k]) : NULL;
                if (h && !strchr(h, '{') && !(name && !strcmp(h, name))) x->words[n++] = h;
            }
            x->nwords = n;
        }
    }
}

typedef struct valued {
    bp_exact v;
    int i;
} valued;

static int by_value(const void *x, const void *y)
{
    const valued *a = x, *b = y;
    if (a->v != b->v) return a->v < b->v ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

void bind_index(bind_dept *d)
{
    bp_vec v;
    bp_vec_init(&v, sizeof(bind_cell));
    for (int ti = 0; ti < d->set->ntables; ti++)
        if (d->tables[ti]) add_table(d, ti, &v);
    d->cells = v.items;
    d->ncells = v.n;
    d->by_value = bp_alloc(d->a, (size_t)(v.n ? v.n : 1) * sizeof *d->by_value);
    valued *s = bp_alloc(d->a, (size_t)(v.n ? v.n : 1) * sizeof *s);
    for (int i = 0; i < v.n; i++)
        s[i] = (valued){d->cells[i].v, i};
    qsort(s, (size_t)v.n, sizeof *s, by_value);
    for (int i = 0; i < v.n; i++)
        d->by_value[i] = s[i].i;
    bind_title_pairs(d);
}
