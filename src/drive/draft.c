/* draft.c — budgetpdf_draft (include/budgetpdf.h): this year's text from
 * last year's department. Last year's text is bound first (bind.c) where
 * its figures are typed; the budget year and the year before are advanced
 * (2024年 → 2025年, 与2023年 → 与2024年); every {{ }} figure is evaluated on
 * both years' tables, and each sentence whose words no longer fit is
 * listed: a change whose direction turned (增加 now 减少, 持平 now 增加), a
 * difference whose sign turned, 持平 or 无变化 typed beside a figure that
 * changed, a figure this year's tables cannot give. */
#include <stdio.h>
#include <string.h>

#include "bind_priv.h"
#include "context.h"
#include "out_file.h"

typedef struct draft_call {
    const char *dept_dir, *from_dir, *out_md;
    const budgetpdf_options *opt;
    void (*flag)(void *ud, const char *line);
    void *ud;
    budgetpdf_bind_result *res;
    bp_error *e;
    budgetpdf_context *ctx; /* the caches: opt's context, or the call's own */
} draft_call;

/* A year at t[i] (four digits, not part of a longer number, then 年). */
static int year_at(const char *t, size_t len, size_t i)
{
    if (i + 7 > len || (i > 0 && ((t[i - 1] >= '0' && t[i - 1] <= '9') || t[i - 1] == '.')))
        return 0;
    int y = 0;
    for (int k = 0; k < 4; k++) {
        if (t[i + (size_t)k] < '0' || t[i + (size_t)k] > '9') return 0;
        y = y * 10 + t[i + (size_t)k] - '0';
    }
    size_t k = i + 4;
    while (k < len && t[k] == ' ')
        k++;
    return k + 3 <= len && !memcmp(t + k, "年", 3) ? y : 0;
}

/* text with the budget year and the year before moved by delta outside
 * the {{ }} figures (same length: four digits for four). */
static void advance_years(char *t, size_t len, int last_year, int delta)
{
    size_t i = 0, open, close, at = 0;
    for (;;) {
        bool more = bind_next_figure(t, len, &i, &open, &close);
        size_t stop = more ? open : len;
        for (size_t k = at; k < stop; k++) {
            int y = year_at(t, len, k);
            if (y == last_year || y == last_year - 1) {
                char buf[8];
                snprintf(buf, sizeof buf, "%04d", (y + delta) % 10000);
                memcpy(t + k, buf, 4);
                k += 3;
            }
        }
        if (!more) break;
        at = close + 2;
    }
}

static bool is_end(const char *s)
{
    return !strncmp(s, "。", 3) || !strncmp(s, "！", 3) || !strncmp(s, "？", 3);
}

/* The sentence around byte off of t: [*from, *to). */
static void sentence_of(const char *t, size_t len, size_t off, size_t *from, size_t *to)
{
    size_t s = off;
    while (s > 0 && !(s >= 3 && is_end(t + s - 3)) && !(s >= 2 && !memcmp(t + s - 2, "\n\n", 2)))
        s--;
    size_t e = off;
    while (e < len && !is_end(t + e) && !(e + 1 < len && !memcmp(t + e, "\n\n", 2)))
        e++;
    *from = s;
    *to = e < len && is_end(t + e) ? e + 3 : e;
}

/* The words of a sentence, its figures as this year prints them, on one
 * line (cut at about 80 characters). */
static const char *words_of(bind_dept *now, const char *t, size_t from, size_t to)
{
    char *o = bp_alloc(now->a, (to - from) * 2 + 64);
    size_t n = 0, i = from, open, close, at = from;
    while (bind_next_figure(t, to, &i, &open, &close) && open < to) {
        memcpy(o + n, t + at, open - at), n += open - at;
        const char *err,
            *v = bind_eval(now, bp_strndup(now->a, t + open + 2, close - open - 2), &err);
        v = v ? v : "?";
        size_t vl = strlen(v) < 64 ? strlen(v) : 64;
        memcpy(o + n, v, vl), n += vl;
        at = close + 2;
    }
    if (at < to) memcpy(o + n, t + at, to - at), n += to - at;
    o[n] = 0;
    for (char *p = o; *p; p++)
        if (*p == '\n') *p = ' ';
    if (bp_utf8_count(o, n) > 80) {
        size_t cut = 0;
        for (int k = 0; k < 80 && cut < n; k++) {
            cut++;
            while (cut < n && ((unsigned char)o[cut] & 0xC0) == 0x80)
                cut++;
        }
        strcpy(o + cut, "…");
    }
    return o;
}

/* The direction a figure printed: +1 增加, -1 减少 or a negative number,
 * 0 持平 or zero; 2 when it is neither a change nor a number. */
static int direction(const char *v)
{
    if (!strncmp(v, "增加", 6)) return 1;
    if (!strncmp(v, "减少", 6)) return -1;
    if (!strcmp(v, "持平")) return 0;
    bp_decimal d;
    if (number_parse(v, strlen(v), &d)) return 2;
    return d.units > 0 ? 1 : d.units < 0 ? -1 : 0;
}

static bool is_comparison(const char *expr)
{
    return strstr(expr, "change(") || strstr(expr, "diff(") || strstr(expr, "prev(");
}

static const char *dir_word(int d)
{
    return d > 0 ? "增加" : d < 0 ? "减少" : "持平";
}

typedef struct draft_text {
    bind_dept *last, *now;
    const char *t, *path;
    size_t len;
    size_t flagged_at; /* the last sentence flagged (+1; 0 none) */
} draft_text;

static void flag(draft_call *c, draft_text *x, size_t off, const char *why)
{
    size_t from, to, at = 0;
    sentence_of(x->t, x->len, off, &from, &to);
    if (x->flagged_at == from + 1) return;
    x->flagged_at = from + 1;
    int line = 1, col = 1;
    bind_line_col(x->t, from, &at, &line, &col);
    while (from < to && (x->t[from] == '\n' || x->t[from] == ' '))
        bind_line_col(x->t, ++from, &at, &line, &col);
    c->res->flagged++;
    if (c->flag)
        c->flag(c->ud, bp_sprintf(x->now->a, "%s:%d:%d: %s「%s」", x->path, line, col, why,
                                  words_of(x->now, x->t, from, to)));
}

/* Whether 持平 or 无变化 is typed (outside the figures) in the sentence of off. */
static bool says_same(const draft_text *x, size_t off)
{
    size_t from, to, i, open, close;
    sentence_of(x->t, x->len, off, &from, &to);
    i = from;
    size_t at = from;
    for (;;) {
        bool more = bind_next_figure(x->t, to, &i, &open, &close) && open < to;
        size_t stop = more ? open : to;
        for (size_t k = at; k + 6 <= stop; k++)
            if (!memcmp(x->t + k, "持平", 6) || !memcmp(x->t + k, "无变化", 9)) return true;
        if (!more) return false;
        at = close + 2;
    }
}

static void check_figures(draft_call *c, draft_text *x)
{
    size_t i = 0, open, close, from = 0;
    int line = 1, col = 1;
    while (bind_next_figure(x->t, x->len, &i, &open, &close)) {
        bind_line_col(x->t, open, &from, &line, &col);
        bind_place at = {x->t + open + 2, close - open - 2, x->path, line, col};
        const char *expr = bp_strndup(x->now->a, at.src, at.len), *err = NULL, *err0 = NULL;
        const char *was = bind_eval_at(x->last, &at, &err0), *is = bind_eval_at(x->now, &at, &err);
        if (!is) {
            flag(c, x, open,
                 bp_sprintf(x->now->a, "a figure this year's tables cannot give (%s): ", err));
            continue;
        }
        if (!was) continue;
        int dw = direction(was), di = direction(is);
        if (is_comparison(expr) && dw != 2 && di != 2 && dw != di)
            flag(c, x, open,
                 bp_sprintf(x->now->a, "the sentence was written for %s (%s last year), now %s: ",
                            dir_word(dw), was, is));
        else if (strcmp(was, is) && says_same(x, open))
            flag(c, x, open,
                 bp_sprintf(x->now->a, "持平 or 无变化 is typed, but {{%s}} was %s, now %s: ", expr,
                            was, is));
    }
}

static int draft_guarded(bp_arena *a, void *ctx)
{
    draft_call *c = ctx;
    bind_dept last, now;
    bp_ctx cx = context_ctx(c->ctx, a, c->e);
    BP_TRY(bind_load(&cx, c->from_dir, c->opt, &last));
    BP_TRY(bind_load(&cx, c->dept_dir, c->opt, &now));
    if (!last.src)
        return bp_fail(c->e, BP_EINPUT, "%s: last year's department has no text", c->from_dir);
    bind_fig *f;
    int n;
    BP_TRY(bind_text(&last, last.src, last.len, &f, &n, c->e));
    for (int i = 0; i < n; i++)
        c->res->figures++, c->res->bound += f[i].expr != NULL;
    size_t len;
    char *t = bind_apply(a, last.src, last.len, f, n, &len);
    advance_years(t, len, last.dept.year, now.dept.year - last.dept.year);
    /* the inputs of both years are refused as the output */
    const char *in[3] = {last.path, last.dept.file ? last.dept.file : last.path,
                         last.dept.previous ? bp_path_join(a, last.dept.dir, last.dept.previous)
                                            : last.path};
    BP_TRY(bp_out_check_not_input(c->out_md, in, 3, c->e));
    BP_TRY(bind_write(&now, c->out_md, t, len, c->e));
    draft_text x = {&last, &now, t, c->out_md, len, 0};
    check_figures(c, &x);
    return BP_OK;
}

int budgetpdf_draft(const char *dept_dir, const char *from_dir, const char *out_md,
                    const budgetpdf_options *opt, void (*flag_fn)(void *ud, const char *line),
                    void *ud, budgetpdf_bind_result *result, char *err, size_t errlen)
{
    budgetpdf_bind_result res = {0, 0, 0};
    bp_error e = {0, ""};
    bp_arena a;
    bp_arena_init(&a);
    budgetpdf_context *own;
    draft_call c = {dept_dir, from_dir, out_md, opt, flag_fn, ud, &res, &e, context_of(opt, &own)};
    int rc = c.ctx ? bp_arena_guard(&a, draft_guarded, &c, dept_dir, &e)
                   : bp_fail(&e, BP_ERESOURCE, "%s: out of memory", dept_dir);
    bp_arena_free(&a); /* before the context: it releases the set it holds */
    budgetpdf_context_free(own);
    if (err && errlen) snprintf(err, errlen, "%s", rc ? e.msg : "");
    if (result) *result = res;
    return rc;
}
