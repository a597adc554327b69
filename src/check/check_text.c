/* check_text.c — the checks on the document's text: reads document.md,
 * runs each check (check_text_figures.c, check_text_words.c) at its
 * built-in severity, and owns the two that read years and percentages:
 * a year that is neither the budget year nor the one before (or a year
 * compared with itself), and shares listed in one sentence that do not
 * add up to 100%. The readers the checks share are check_text_chars.c's
 * (characters, numbers with their unit) and check_text_emit.c's (a finding
 * at a place). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_text_priv.h"
#include "doc_source.h"
#include "i18n.h"
#include "in_file.h"

static int cmp_found(const void *x, const void *y)
{
    const tx_found *a = x, *b = y;
    if (a->line != b->line) return a->line < b->line ? -1 : 1;
    if (a->col != b->col) return a->col < b->col ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Reports what the checks found, in the order of their places: each a
 * finding of no table whose source is the place in the text, with the
 * table cell it names, if any. */
static void report_found(run *R, tx_doc *d)
{
    tx_found *x = d->found.items;
    if (!d->found.n) return;
    qsort(x, (size_t)d->found.n, sizeof *x, cmp_found);
    for (int i = 0; i < d->found.n; i++) {
        bp_finding f = check_finding(R, x[i].kind ? x[i].kind : "text_shares", x[i].rule, NULL);
        if (x[i].table >= 0) {
            const bp_table_spec *t = &R->set->tables[x[i].table];
            check_cell(R, &f, t, R->tables[x[i].table], x[i].row, x[i].column, false);
        }
        f.where = x[i].where;
        f.expected = x[i].expected;
        f.found = x[i].found;
        f.unit = x[i].unit;
        f.text_start = (long long)x[i].src_from;
        f.text_end = (long long)x[i].src_to;
        check_emit(R, x[i].severity, &f, "%s", x[i].message);
    }
}

/* ---- years ------------------------------------------------------------- */

static const char *const rule_year = N_("years in the text are the budget year or the one before");

/* A sentence ends at 。！？ (or ! ?) and at the end of its block. */
static bool sentence_end(const char *s)
{
    return !strncmp(s, "。", 3) || !strncmp(s, "！", 3) || !strncmp(s, "？", 3) || *s == '!' ||
           *s == '?';
}

/* Whether the text before off (spaces skipped) ends with one of words. */
static bool ends_with_word(const char *t, size_t off, const char *const *words)
{
    while (off > 0 && (t[off - 1] == ' ' || t[off - 1] == '\n'))
        off--;
    for (const char *const *w = words; *w; w++) {
        size_t n = strlen(*w);
        if (off >= n && !memcmp(t + off - n, *w, n)) return true;
    }
    return false;
}

/* Whether the text at s (spaces skipped) starts with one of words. */
static bool starts_with_word(const char *t, size_t i, const char *const *words)
{
    i = tx_skip_space(t, i);
    for (const char *const *w = words; *w; w++)
        if (!strncmp(t + i, *w, strlen(*w))) return true;
    return false;
}

/* A year compared with: 比2024年, 与2024年预算相比, 较2024年. */
static bool compared_with(const char *t, size_t off)
{
    static const char *const words[] = {"比", "较", "与", "同", "和", "对比", "相比", NULL};
    return ends_with_word(t, off, words);
}

/* A year in a span of time or before the budget's: 拟从2020年起, 自2018年以来,
 * 截至2023年底, 2020年至今. */
static bool time_context(const char *t, size_t at, size_t after)
{
    static const char *const before[] = {"从", "自", "于", "截至", "截止", "至", "到", "在", NULL};
    static const char *const next[] = {"起",   "以来", "以前", "之前", "前",   "后", "以后", "底",
                                       "末",   "初",   "至",   "到",   "—",    "-",  "~",    "～",
                                       "开始", "、",   "和",   "及",   "决算", NULL};
    return ends_with_word(t, at, before) || starts_with_word(t, after, next);
}

/* Whether a year opening its block (a title line: the cover's title is the
 * text's first paragraphs) is followed, in its sentence, by 预算:
 * 2024年某某中心部门预算公开. */
static bool titles_budget(const tx_block *b, size_t at, size_t after)
{
    if (tx_skip_space(b->text, 0) != at) return false;
    for (size_t i = after; i < b->n && !sentence_end(b->text + i); i++)
        if (!strncmp(b->text + i, "预算", 6)) return true;
    return false;
}

/* Whether the year, followed by t[after..], is given as the year of the
 * budget: 2023年部门预算, 2023年收入, 2023年“三公”经费 (a heading's year
 * too, and a title line's). */
static bool claims_budget(const tx_block *b, size_t at, size_t after)
{
    static const char *const words[] = {
        "部门预算", "预算", "收入",     "支出",     "一般公共预算", "政府性基金", "“三公”",
        "\"三公",   "三公", "机构运转", "政府采购", "本部门",       "本单位",     "部门",
        "单位",     "年初", "全年",     "项目",     "基本",         "财政拨款",   NULL};
    if (b->kind == TX_HEADING || titles_budget(b, at, after)) return true;
    size_t i = tx_skip_space(b->text, after);
    if (!strncmp(b->text + i, "度", 3)) i += 3;
    return starts_with_word(b->text, i, words);
}

/* A year at t[i]: four digits, not part of a longer number, then 年; *after:
 * past its 年. */
static int year_at(const char *t, size_t i, size_t *after)
{
    if (i > 0 && (tx_is_digit(t[i - 1]) || t[i - 1] == '.' || t[i - 1] == ',')) return 0;
    for (int k = 0; k < 4; k++)
        if (!tx_is_digit(t[i + (size_t)k])) return 0;
    if (tx_is_digit(t[i + 4])) return 0;
    size_t k = tx_skip_space(t, i + 4);
    if (strncmp(t + k, "年", 3)) return 0;
    *after = k + 3;
    return (t[i] - '0') * 1000 + (t[i + 1] - '0') * 100 + (t[i + 2] - '0') * 10 + (t[i + 3] - '0');
}

/* A year given as the budget's, reported unless the sentence compares it
 * with itself (then that is the finding). */
static void flush_claim(run *R, tx_doc *d, const tx_block *b, int *claim, size_t at)
{
    if (*claim)
        tx_emit(R, d, b, at, BP_BUILTIN_LINE(BP_BUILTIN_YEAR), rule_year,
                _("%d年 is given as the year of the budget, which is %d (write %d年, or compare: "
                  "比%d年…)"),
                *claim, R->dept->year, R->dept->year, *claim);
    *claim = 0;
}

/* Only a year that claims to be the budget year and is not is flagged: a
 * year compared with (比2024年预算增加, 与2024年预算持平), in a span of time
 * (拟从2020年起) or an earlier year in its context (根据2019年的文件) is
 * not; nor is the budget year compared with itself. */
static void years_in(run *R, tx_doc *d, const tx_block *b)
{
    int budget = R->dept->year, last = 0, claim = 0;
    size_t last_at = 0, after = 0;
    for (size_t i = 0; i < b->n; i++) {
        if (sentence_end(b->text + i)) {
            flush_claim(R, d, b, &claim, last_at);
            last = 0;
        }
        int y = year_at(b->text, i, &after);
        if (!y) continue;
        bool compared = compared_with(b->text, i);
        if (last == y && compared) {
            claim = 0;
            tx_emit(R, d, b, last_at, BP_BUILTIN_LINE(BP_BUILTIN_YEAR), rule_year,
                    _("%d年 is compared with %d年 (at %s), the same year; the budget year is %d"),
                    y, y, tx_at(R, b, i), budget);
        }
        flush_claim(R, d, b, &claim, last_at);
        if (y != budget && !compared && !time_context(b->text, i, after) &&
            claims_budget(b, i, after))
            claim = y;
        last = y;
        last_at = i;
        i += 3;
    }
    flush_claim(R, d, b, &claim, last_at);
}

/* ---- shares ------------------------------------------------------------ */

static const char *const rule_shares = N_("the shares listed in one sentence add up to 100%");

/* Whether the clause before off (back to ，；：、 or the sentence's start
 * at start, at most 64 characters) says 占 or 比重: the percentage after it
 * is a share of a whole. */
static bool is_share(const char *t, size_t start, size_t off)
{
    static const char *const stops[] = {"，", "；", "：", "、", ",", ";", ":", NULL};
    size_t from = off;
    for (int n = 0; from > start && n < 64; n++) {
        size_t s = from - 1;
        while (s > start && ((unsigned char)t[s] & 0xC0) == 0x80)
            s--;
        bool stop = false;
        for (const char *const *m = stops; *m && !stop; m++)
            stop = !strncmp(t + s, *m, strlen(*m));
        if (stop) break;
        from = s;
        if (!strncmp(t + s, "占", 3) || !strncmp(t + s, "比重", 6)) return true;
    }
    return false;
}

typedef struct shares {
    int n, typed; /* the shares read; of them, typed (not {{ }}) */
    bool unknown; /* a share whose figure is not known here */
    bp_exact sum, tol;
    int scale;
    size_t first;
    char list[512];
} shares;

/* Checked when one share at least is typed: shares that are all {{ share()
 * }} add up by construction (docs/document.md). */
static void shares_end(run *R, tx_doc *d, const tx_block *b, shares *s)
{
    if (s->n >= 2 && s->typed && !s->unknown) {
        R->st->comparisons++;
        bp_exact full = 100000000, diff = s->sum > full ? s->sum - full : full - s->sum;
        const char *sum = bp_exact_plain(R->c->a, s->sum, 6, s->scale);
        if (diff && diff <= s->tol)
            tx_emit(R, d, b, s->first, BP_CHECK_ROUNDING, rule_shares,
                    _("the shares %s add up to %s%%, rounding within %s%%"), s->list, sum,
                    bp_exact_plain(R->c->a, s->tol, 6, s->scale));
        else if (diff)
            tx_emit(R, d, b, s->first, BP_BUILTIN_LINE(BP_BUILTIN_TEXT_SHARES), rule_shares,
                    _("the shares %s add up to %s%%, not 100%%"), s->list, sum);
    }
    memset(s, 0, sizeof *s);
}

/* One share x, written t[x->at..x->end) (typed, or a figure's value),
 * first seen at byte at of the block. */
static void add_share(shares *s, const tx_num *x, const char *t, bool typed, size_t at)
{
    bp_decimal v6;
    if (!x->parsed || x->unit_exp != TX_PERCENT || !number_rescale(x->v, 6, &v6)) {
        s->unknown = true;
        return;
    }
    if (!s->n) s->first = at;
    s->n++;
    s->typed += typed;
    s->sum += v6.units;
    bp_exact half = 1;
    for (int k = x->v.scale; k < 6; k++)
        half *= 10;
    s->tol += half / 2;
    if (x->v.scale > s->scale) s->scale = x->v.scale;
    size_t used = strlen(s->list);
    snprintf(s->list + used, sizeof s->list - used, "%s%.*s%%", s->n > 1 ? " + " : "",
             (int)(x->end - x->at), t + x->at);
}

/* 占{{ share(…) }}: the figure's value, as render prints it. */
static void expr_share(const tx_doc *d, const tx_block *b, size_t i, shares *s)
{
    const char *v = tx_figure_at(d, b, i);
    tx_num x;
    if (v && tx_number_at(v, 0, &x))
        add_share(s, &x, v, false, i);
    else
        s->unknown = true;
}

static void shares_in(run *R, tx_doc *d, const tx_block *b)
{
    shares s;
    memset(&s, 0, sizeof s);
    size_t start = 0;
    const char *t = b->text;
    for (size_t i = 0; i < b->n; i++) {
        if (sentence_end(t + i)) {
            shares_end(R, d, b, &s);
            start = i;
            continue;
        }
        if (!strncmp(t + i, TX_EXPR, TX_EXPR_LEN)) { /* 占{{ share(…) }} */
            if (is_share(t, start, i)) expr_share(d, b, i, &s);
            i += TX_EXPR_LEN - 1;
            continue;
        }
        tx_num x;
        if (!tx_number_at(t, i, &x)) continue;
        i = x.end - 1;
        if (x.unit_exp == TX_PERCENT && is_share(t, start, x.at)) add_share(&s, &x, t, true, x.at);
    }
    shares_end(R, d, b, &s);
}

/* ---- the run ----------------------------------------------------------- */

int check_document_text(run *R, const char *path, const char *text, size_t len)
{
    bp_error *e = R->c->e;
    long bad = bp_utf8_invalid(text, len);
    if (bad >= 0) {
        int line = 1;
        const char *ls = text;
        for (const char *p = text; p < text + bad; p++)
            if (*p == '\n') line++, ls = p + 1;
        return bp_fail(e, BP_EINPUT, _("%s:%d:%d: not UTF-8 (the document's text is UTF-8)"), path,
                       line, (int)bp_utf8_count(ls, (size_t)(text + bad - ls)) + 1);
    }
    tx_doc d = {.path = path, .map = R->text_map};
    /* one walk of the one tree (check_text_eval.c): every figure evaluated
     * as render evaluates it, so that a figure render refuses fails here
     * with render's message, and the blocks the checks read */
    BP_TRY(tx_read(R, &d, text, len));
    bp_vec_init(&d.found, sizeof(tx_found));
    /* rules: the text's own checks (year, department_name and leftovers
     * are counted once, with the layouts' texts) */
    static const bp_builtin own[] = {BP_BUILTIN_TEXT_FIGURES, BP_BUILTIN_TEXT_SHARES,
                                     BP_BUILTIN_TEXT_REPEATS};
    for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
        R->st->rules += check_builtin_on(R, own[i]);
    if (check_builtin_on(R, BP_BUILTIN_TEXT_FIGURES)) tx_figures(R, &d);
    for (int i = 0; i < d.n; i++) {
        if (check_builtin_on(R, BP_BUILTIN_TEXT_SHARES)) shares_in(R, &d, &d.blocks[i]);
        if (check_builtin_on(R, BP_BUILTIN_YEAR)) years_in(R, &d, &d.blocks[i]);
    }
    if (check_builtin_on(R, BP_BUILTIN_DEPT_NAME)) tx_department(R, &d);
    if (check_builtin_on(R, BP_BUILTIN_TEXT_REPEATS)) tx_repeats(R, &d);
    if (check_builtin_on(R, BP_BUILTIN_LEFTOVERS)) tx_leftovers(R, &d);
    report_found(R, &d);
    return BP_OK;
}

int check_document(run *R)
{
    if (!R->dept->dir) return BP_OK;
    bp_text_md md; /* document.md, or the text of another source (doc_source.h) */
    BP_TRY(doc_source_markdown(R->c, R->dept, R->set, &md));
    if (md.kind == BP_TEXT_NONE) return BP_OK;
    R->text_map = md.map.nlines ? &md.map : NULL;
    int rc = check_document_text(R, md.file, md.md, md.len);
    R->text_map = NULL;
    return rc;
}
