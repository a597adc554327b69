/* check_text_figures.c — figures typed in the text: a number before 万元,
 * 元 or % that is not a {{ }} expression is reported, with the table
 * figure it stands for when there is one: the same amount (named by
 * table, row and column, preferring the cell whose row or column the
 * clause before the number names), one a rounding apart or in another
 * unit, or the figure of the label the clause names when no table holds
 * the typed one. A zero is matched only to the cells its clause names, and
 * is not reported when it names none (nothing could give it). A typed
 * figure that no table holds but that is near one (a digit dropped, added
 * or swapped, a 万元/元 slip) is an error naming the cell it was meant to
 * be (one policy with the tables: render refuses it). */
#include <string.h>

#include "check_text_priv.h"
#include "i18n.h"
#include "numbering.h"

static const char *const rule_figures = N_("a figure in the text is a {{ }} expression");
static const char *const rule_missed = N_("a figure typed in the text is a figure of the tables");

/* An amount cell of the bound tables. */
typedef struct cell_ref {
    int t, r, c;
    bp_exact v; /* in 10^-7 元 */
    bool valued;
    int exp, dec;             /* its unit (power of ten of 元), the decimals it is printed with */
    const char *const *terms; /* the names of its row and column, without spaces */
    int nterms;
    int nnames; /* terms[0..nnames): the row's names and the column's name;
                   then the column's header levels (a tie-break only) */
} cell_ref;

typedef struct cells {
    cell_ref *c;
    int n;
} cells;

static int dept_exp(const run *R)
{
    static const struct {
        const char *name;
        int exp;
    } u[] = {{"元", 0}, {"千元", 3}, {"万元", 4}, {"百万元", 6}, {"亿元", 8}};
    for (size_t i = 0; R->dept->unit && i < sizeof u / sizeof u[0]; i++)
        if (!strcmp(R->dept->unit, u[i].name)) return u[i].exp;
    return 4;
}

static const char *dept_unit(const run *R)
{
    return R->dept->unit && R->dept->unit[0] ? R->dept->unit : "万元";
}

/* s without white space; NULL when it holds no Han character (a code) or
 * fewer than two characters. */
static const char *term_of(bp_arena *a, const char *s, size_t n)
{
    char *t = bp_alloc(a, n + 1), *o = t;
    bool han = false;
    for (size_t i = 0; i < n;) {
        size_t len;
        if (tx_is_space(s + i, &len)) {
            i += len;
            continue;
        }
        uint32_t cp = tx_cp(s + i, &len);
        if (!len) break;
        han = han || tx_is_han(cp);
        memcpy(o, s + i, len);
        o += len, i += len;
    }
    *o = 0;
    if (!han || bp_utf8_count(t, strlen(t)) < 2) return NULL;
    return t;
}

/* The department's name (on every unit row of table 3, and in most
 * sentences) says nothing about which figure a sentence quotes. */
static const char *drop_name(const run *R, const char *term)
{
    return term && R->dept->name && !strcmp(term, R->dept->name) ? NULL : term;
}

/* The names of a row: its label's parts without codes and numbering. */
static int row_terms(run *R, const bp_table_spec *t, const bp_table_data *d, int r,
                     const char **out, int max)
{
    const char *label = check_row_label(R, t, d, r);
    int n = 0;
    for (const char *p = label; *p && n < max;) {
        const char *sp = strchr(p, ' ');
        size_t len = sp ? (size_t)(sp - p) : strlen(p);
        const char *part = bp_skip_numbering(bp_strndup(R->c->a, p, len));
        if (!strncmp(part, "其中：", strlen("其中："))) part += strlen("其中：");
        if (!strpbrk(part, "0123456789") &&
            (out[n] = drop_name(R, term_of(R->c->a, part, strlen(part)))))
            n++;
        p += len + (sp ? 1 : 0);
    }
    return n;
}

/* The names of an amount column: its name in messages and the levels of
 * its header (收入 and 金额 of 收入金额). */
static int column_terms(run *R, const bp_table_spec *t, int c, const char **out)
{
    const bp_column *col = &t->columns[c];
    const char *name = check_column_name(R->c->a, t, c);
    int n = 0;
    if ((out[n] = term_of(R->c->a, name, strlen(name)))) n++;
    for (int k = 0; k < col->depth && k < BP_MAX_HEADER_DEPTH; k++) {
        const char *h = col->header[k];
        if (!h || strchr(h, '{') || !(out[n] = term_of(R->c->a, h, strlen(h)))) continue;
        bool dup = false;
        for (int i = 0; i < n; i++)
            dup = dup || !strcmp(out[i], out[n]);
        n += !dup;
    }
    return n;
}

/* The words that name a cell: its row's (rt) and its column's (ct). */
typedef struct cell_words {
    const char **rt;
    int nr;
    const char **ct;
    int nc;
} cell_words;

static void add_cell(run *R, int ti, int r, int c, const cell_words *w, bp_vec *v)
{
    const char **rt = w->rt, **ct = w->ct;
    int nr = w->nr, nc = w->nc;
    const bp_table_spec *t = &R->set->tables[ti];
    const bp_table_data *d = R->tables[ti];
    const bp_cell *cell = data_cell(d, r, c);
    cell_ref *x = bp_vec_push(R->c->a, v);
    x->t = ti, x->r = r, x->c = c;
    x->exp = t->columns[c].unit ? t->columns[c].unit_exp : dept_exp(R);
    x->valued = cell->has_value;
    x->v = cell->has_value ? bp_exact_in_unit(cell->value, x->exp) : 0;
    x->dec = check_col_decimals(t, d, r, c);
    if (x->valued && cell->value.scale > x->dec) x->dec = cell->value.scale;
    const char **all = bp_alloc(R->c->a, (size_t)(nr + nc + 1) * sizeof *all);
    memcpy(all, rt, (size_t)nr * sizeof *all);
    memcpy(all + nr, ct, (size_t)nc * sizeof *all);
    x->terms = all;
    x->nterms = nr + nc;
    x->nnames = nr + (nc > 0);
}

static void add_table_cells(run *R, int ti, bp_vec *v)
{
    const bp_table_spec *t = &R->set->tables[ti];
    const bp_table_data *d = R->tables[ti];
    enum { MAXT = BP_MAX_HEADER_DEPTH + 1 };
    const char **ct =
        bp_alloc(R->c->a, (size_t)(t->ncolumns ? t->ncolumns : 1) * MAXT * sizeof *ct);
    int *nct = bp_alloc(R->c->a, (size_t)(t->ncolumns ? t->ncolumns : 1) * sizeof *nct);
    for (int c = 0; c < t->ncolumns; c++)
        if (t->columns[c].type == BP_COL_AMOUNT) nct[c] = column_terms(R, t, c, ct + c * MAXT);
    for (int r = 0; r < d->nrows; r++) {
        const char *rt[8];
        int nr = row_terms(R, t, d, r, rt, 8);
        for (int c = 0; c < t->ncolumns; c++) {
            const bp_cell *cell = data_cell(d, r, c);
            if (t->columns[c].type == BP_COL_AMOUNT && cell->origin_row == r &&
                cell->origin_col == c)
                add_cell(R, ti, r, c, &(cell_words){rt, nr, ct + c * MAXT, nct[c]}, v);
        }
    }
}

static cells index_cells(run *R)
{
    bp_vec v;
    bp_vec_init(&v, sizeof(cell_ref));
    for (int ti = 0; ti < R->set->ntables; ti++)
        if (R->tables[ti]) add_table_cells(R, ti, &v);
    return (cells){v.items, v.n};
}

/* ---- one figure ---------------------------------------------------------- */

/* The best cell of a kind: the highest score, the first of equals. */
typedef struct pick {
    int i; /* -1: none */
    int score;
    const char *term; /* the longest of its names the clause says */
} pick;

static void consider(pick *p, int i, int score, const char *term)
{
    if (p->i < 0 || score > p->score) *p = (pick){i, score, term};
}

/* How much of a cell's names the clause says: the characters of its
 * names, times 1000, plus those of its header levels (收入, 支出: words
 * too common to name a figure alone, which only break ties). */
static int score_of(const cell_ref *x, const char *clause, const char **term)
{
    int s = 0, best = 0;
    *term = NULL;
    for (int k = 0; k < x->nterms; k++)
        if (strstr(clause, x->terms[k])) {
            int n = (int)bp_utf8_count(x->terms[k], strlen(x->terms[k]));
            s += k < x->nnames ? 1000 * n : n;
            if (k < x->nnames && n > best) best = n, *term = x->terms[k];
        }
    return s;
}

static bool ends_clause(const char *s)
{
    static const char *const marks[] = {"，", "。", "；", "：", "！", "？", "、",
                                        ",",  ";",  ":",  "!",  "?",  NULL};
    for (const char *const *m = marks; *m; m++)
        if (!strncmp(s, *m, strlen(*m))) return true;
    return false;
}

/* The clause before byte off (back to ，。；： or the like, at most 64
 * characters), without white space. */
static const char *clause_before(bp_arena *a, const tx_block *b, size_t off)
{
    size_t from = off;
    for (int n = 0; from > 0 && n < 64; n++) {
        size_t s = from - 1;
        while (s > 0 && ((unsigned char)b->text[s] & 0xC0) == 0x80)
            s--;
        if (ends_clause(b->text + s)) break;
        from = s;
    }
    const char *t = term_of(a, b->text + from, off - from);
    return t ? t : "";
}

static const char *where_cell(run *R, const cell_ref *x)
{
    const bp_table_spec *t = &R->set->tables[x->t];
    return bp_sprintf(R->c->a, _("%s, %s, %s"), check_table_name(R, t),
                      check_row_label(R, t, R->tables[x->t], x->r),
                      check_column_name(R->c->a, t, x->c));
}

static const char *figure_of(run *R, const cell_ref *x)
{
    const bp_table_spec *t = &R->set->tables[x->t];
    const bp_cell *cell = data_cell(R->tables[x->t], x->r, x->c);
    bp_decimal v = cell->has_value ? cell->value : (bp_decimal){0, 0};
    bp_numfmt f = {x->dec > v.scale ? x->dec : v.scale, false, "0", false, true};
    char buf[64];
    number_format(v, &f, buf, sizeof buf);
    return bp_sprintf(R->c->a, "%s %s", buf,
                      t->columns[x->c].unit ? t->columns[x->c].unit : dept_unit(R));
}

/* Whether the cell's figure is the typed one written in another unit:
 * the same digits (6828.4 元 against 6828.4 万元). */
static bool other_unit(const cell_ref *x, const tx_num *n, const bp_cell *cell)
{
    if (!x->valued || x->exp == n->unit_exp) return false;
    return bp_exact_in_unit(cell->value, 0) == bp_exact_in_unit(n->v, 0);
}

/* A rounding apart: within half a unit of the typed figure's last digit,
 * or a unit of the table figure's last digit. */
static bool rounding_apart(const cell_ref *x, bp_exact typed, const tx_num *n)
{
    if (!x->valued) return false;
    bp_exact diff = x->v > typed ? x->v - typed : typed - x->v;
    bp_exact half_typed = bp_exact_pow10(BP_EXACT_SCALE - n->v.scale + n->unit_exp) / 2;
    bp_exact unit_cell = bp_exact_pow10(BP_EXACT_SCALE - x->dec + x->exp);
    return diff && (diff <= half_typed || diff <= unit_cell);
}

/* ---- near misses: a digit dropped, added or swapped, a 万元/元 slip ---- */

/* |v| (in 10^-7 元) written in the unit 10^exp 元, every decimal it has. */
static const char *digits_in(bp_arena *a, bp_exact v, int exp)
{
    return bp_exact_plain(a, v < 0 ? -v : v, BP_EXACT_SCALE + exp, 0);
}

/* l is s with one digit more (887.36 and 87.36). */
static bool one_digit_more(const char *l, const char *s)
{
    size_t nl = strlen(l), ns = strlen(s), i = 0;
    if (nl != ns + 1) return false;
    while (i < ns && l[i] == s[i])
        i++;
    return tx_is_digit(l[i]) && !strcmp(l + i + 1, s + i);
}

/* a is b with two neighbouring digits swapped (87.63 and 87.36). */
static bool swapped(const char *a, const char *b)
{
    size_t n = strlen(a), i = 0;
    if (n != strlen(b)) return false;
    while (i < n && a[i] == b[i])
        i++;
    if (i + 1 >= n) return false;
    return a[i] == b[i + 1] && a[i + 1] == b[i] && tx_is_digit(a[i]) && tx_is_digit(a[i + 1]) &&
           !strcmp(a + i + 2, b + i + 2);
}

static int ndigits(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += tx_is_digit(*s);
    return n;
}

/* How the typed figure misses the cell's (NULL: it does not): both in
 * the typed unit, at least two digits each. */
static const char *near_miss(bp_arena *a, const cell_ref *x, bp_exact typed, const tx_num *n)
{
    if (!x->valued || !x->v || !typed) return NULL;
    for (int k = 4; k <= 8; k += 4) {
        bp_exact m = bp_exact_pow10(k);
        if (x->v == typed * m || typed == x->v * m) return _("a 万元/元 slip");
    }
    const char *t = digits_in(a, typed, n->unit_exp), *c = digits_in(a, x->v, n->unit_exp);
    if (ndigits(t) < 2 || ndigits(c) < 2) return NULL;
    if (one_digit_more(t, c)) return _("a digit added");
    if (one_digit_more(c, t)) return _("a digit dropped");
    if (swapped(t, c)) return _("two digits swapped");
    return NULL;
}

typedef struct picks {
    pick same, near, label, miss;
    bool near_unit;   /* near is the figure in another unit, not a rounding */
    const char *how;  /* how the typed figure misses miss */
    bool miss_others; /* cells of other figures miss it too */
} picks;

static void consider_miss(picks *p, const cells *cs, int i, int score, const char *term,
                          const char *how)
{
    if (p->miss.i >= 0 && cs->c[p->miss.i].v != cs->c[i].v) p->miss_others = true;
    if (p->miss.i < 0 || score > p->miss.score) {
        p->miss = (pick){i, score, term};
        p->how = how;
    }
}

static picks pick_cells(run *R, const cells *cs, const tx_num *n, const char *clause)
{
    picks p = {{-1, 0, NULL}, {-1, 0, NULL}, {-1, 0, NULL}, {-1, 0, NULL}, false, NULL, false};
    bp_exact typed = bp_exact_in_unit(n->v, n->unit_exp);
    for (int i = 0; i < cs->n; i++) {
        const cell_ref *x = &cs->c[i];
        const char *term;
        int score = score_of(x, clause, &term);
        bool named = score >= 1000;
        if (!typed && !named) continue; /* a zero: only where the clause names the cell */
        if (x->v == typed && (x->valued || !typed)) {
            consider(&p.same, i, score, term);
            continue;
        }
        if (named) consider(&p.label, i, score, term);
        bool unit = other_unit(x, n, data_cell(R->tables[x->t], x->r, x->c));
        if (unit || rounding_apart(x, typed, n)) {
            bool better = p.near.i < 0 || score > p.near.score;
            consider(&p.near, i, score, term);
            if (better) p.near_unit = unit;
        } else {
            const char *how = near_miss(R->c->a, x, typed, n);
            if (how) consider_miss(&p, cs, i, score, term, how);
        }
    }
    return p;
}

/* Whether the clause gives a change (收入增加 X): its figure is a
 * difference, not the figure its words name. */
static bool says_change(const char *clause)
{
    static const char *const words[] = {"增加", "减少", "增长", "下降",
                                        "增减", "变化", "相比", NULL};
    for (const char *const *w = words; *w; w++)
        if (strstr(clause, *w)) return true;
    return false;
}

/* The finding names cell x: the table figure the typed one stands for, or
 * the one the sentence's words name, given (as data) in the typed unit. */
static void name_cell(run *R, tx_found *f, const cell_ref *x, const tx_num *n)
{
    f->table = x->t, f->row = x->r, f->column = x->c;
    const bp_cell *cell = data_cell(R->tables[x->t], x->r, x->c);
    bp_decimal v = cell->has_value ? cell->value : (bp_decimal){0, 0};
    int shift = x->exp - n->unit_exp;
    f->expected = shift >= 0 ? bp_exact_plain(R->c->a, (bp_exact)v.units * bp_exact_pow10(shift),
                                              v.scale, v.scale)
                             : bp_exact_plain(R->c->a, v.units, v.scale - shift, v.scale - shift);
}

/* The typed figure as data: its digits and unit. */
static void typed_figure(run *R, tx_found *f, const tx_block *b, const tx_num *n)
{
    f->found = n->parsed ? bp_exact_plain(R->c->a, n->v.units, n->v.scale, n->v.scale) : NULL;
    f->unit = bp_strndup(R->c->a, b->text + n->unit_at, n->unit_end - n->unit_at);
}

/* Whether the near miss is the cell the figure was meant to be: one the
 * clause names, or the only figure of the tables it misses (a label named
 * and missed by nothing says another figure). */
static bool miss_meant(const picks *p, const cell_ref *label)
{
    if (p->miss.i < 0) return false;
    if (p->miss.score >= 1000) return true;
    return !label && !p->miss_others;
}

static void report_figure(run *R, tx_doc *d, const tx_block *b, const tx_num *n, const cells *cs)
{
    const char *typed = bp_strndup(R->c->a, b->text + n->at, n->unit_end - n->at);
    int sev = BP_BUILTIN_LINE(BP_BUILTIN_TEXT_FIGURES);
    const char *rule = rule_figures, *what = _("figure typed as text");
    tx_found *f;
    if (n->unit_exp == TX_PERCENT || !n->parsed) {
        f = tx_emit(R, d, b, n->at, sev, rule, _("%s: %s"), what, typed);
        typed_figure(R, f, b, n);
        return;
    }
    R->st->comparisons++;
    const char *clause = clause_before(R->c->a, b, n->at);
    picks p = pick_cells(R, cs, n, clause);
    if (says_change(clause)) p.label.i = -1; /* 增加 X: X is not the named figure */
    const cell_ref *c = cs->c, *same = p.same.i >= 0 ? &c[p.same.i] : NULL,
                   *near = p.near.i >= 0 ? &c[p.near.i] : NULL,
                   *label = p.label.i >= 0 ? &c[p.label.i] : NULL;
    if (same && !(p.same.score < 1000 && label)) {
        f = tx_emit(R, d, b, n->at, sev, rule, _("%s: %s, which %s holds"), what, typed,
                    where_cell(R, same));
        name_cell(R, f, same, n);
    } else if (same) {
        f = tx_emit(R, d, b, n->at, sev, rule, _("%s: %s, which %s holds, not %s (%s: %s)"), what,
                    typed, where_cell(R, same), p.label.term, where_cell(R, label),
                    figure_of(R, label));
        name_cell(R, f, same, n);
    } else if (near && p.near_unit && (p.near.score >= 1000 || !label)) {
        f = tx_emit(R, d, b, n->at, BP_CHECK_ERROR, rule_missed,
                    _("typed figure %s is in the wrong unit: %s holds %s (a 万元/元 slip)"), typed,
                    where_cell(R, near), figure_of(R, near));
        f->kind = "text_figures";
        name_cell(R, f, near, n);
    } else if (near && (p.near.score >= 1000 || !label)) {
        f = tx_emit(R, d, b, n->at, sev, rule, _("%s: %s; %s holds %s (a rounding apart)"), what,
                    typed, where_cell(R, near), figure_of(R, near));
        name_cell(R, f, near, n);
    } else if (miss_meant(&p, label)) {
        const cell_ref *m = &c[p.miss.i];
        f = tx_emit(R, d, b, n->at, BP_CHECK_ERROR, rule_missed,
                    _("typed figure %s is no table figure; it was meant to be %s, %s (%s)"), typed,
                    where_cell(R, m), figure_of(R, m), p.how);
        f->kind = "text_figures";
        name_cell(R, f, m, n);
    } else if (label) {
        f = tx_emit(R, d, b, n->at, sev, rule, _("%s: %s, which no table holds; %s is %s in %s"),
                    what, typed, p.label.term, figure_of(R, label), where_cell(R, label));
        name_cell(R, f, label, n);
    } else if (number_is_zero(n->v)) {
        return; /* 政府采购 0 万元: a zero no table names has nothing to be drawn from */
    } else {
        f = tx_emit(R, d, b, n->at, sev, rule, _("%s: %s, which no table holds"), what, typed);
    }
    typed_figure(R, f, b, n);
}

/* A unit followed by 以上, 以下…: a threshold ("50 万元以上"), not a figure. */
static bool threshold(const char *s)
{
    static const char *const words[] = {"以上", "以下", "以内", "以外", "及以上", "及以下", NULL};
    for (const char *const *w = words; *w; w++)
        if (!strncmp(s, *w, strlen(*w))) return true;
    return false;
}

void tx_figures(run *R, tx_doc *d)
{
    cells cs = {NULL, -1};
    for (int k = 0; k < d->n; k++) {
        const tx_block *b = &d->blocks[k];
        for (size_t i = 0; i < b->n; i++) {
            tx_num n;
            if (!tx_number_at(b->text, i, &n)) continue;
            i = n.end - 1;
            if (n.unit_exp == TX_NO_UNIT || threshold(b->text + n.unit_end)) continue;
            if (cs.n < 0) cs = index_cells(R);
            report_figure(R, d, b, &n, &cs);
        }
    }
}
