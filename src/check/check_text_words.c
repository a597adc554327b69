/* check_text_words.c — the text checks that read words: the department's
 * name (a name that looks like department.yaml's but is not, and the name
 * in front of 部门预算), words and clauses printed twice in a row, a
 * paragraph printed twice, and leftover template text. */
#define _GNU_SOURCE /* memmem */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_text_priv.h"
#include "i18n.h"

/* ---- the department's name -------------------------------------------- */

static const char *const rule_name = N_("the department name in the text is department.yaml's");

/* The endings of the names of departments and units. */
static const char *const org_suffixes[] = {"委员会", "办公室", "中心", "局", "厅", "委", "院",
                                           "所",     "站",     "处",   "馆", "队", "部", "办",
                                           "会",     "社",     "校",   "园", "场", "室", NULL};

/* Characters that end a name: words that join two names. */
static bool name_stop(uint32_t cp)
{
    return cp == 0x548C /* 和 */ || cp == 0x53CA /* 及 */ || cp == 0x4E0E /* 与 */ ||
           cp == 0x7684 /* 的 */ || cp == 0x6216 /* 或 */;
}

static bool ends_with(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && !memcmp(s + n - k, suffix, k);
}

static const char *org_suffix(const char *s, size_t n)
{
    for (const char *const *x = org_suffixes; *x; x++)
        if (ends_with(s, n, *x)) return *x;
    return NULL;
}

static size_t chars(const char *s, size_t n)
{
    return bp_utf8_count(s, n);
}

/* strstr(p, w) for p in a string that ends at end: the same answer, but
 * the search reads from p only to the match (a sanitizer's strstr measures
 * all of p first, every time, which makes a loop over a long paragraph
 * quadratic there). */
static const char *find(const char *p, const char *end, const char *w)
{
    return memmem(p, (size_t)(end - p), w, strlen(w));
}

typedef struct names {
    const char *name; /* department.yaml's, without white space */
    size_t len;
    const char *suffix; /* its ending (中心), or its last two characters */
    char anchor[32];    /* its first four characters */
} names;

/* True when s[0..n) holds at least k characters (reading at most k). */
static bool chars_at_least(const char *s, size_t n, size_t k)
{
    size_t i = 0, c = 0;
    for (; i < n && c < k; c++) {
        i++;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
    }
    return c >= k;
}

/* The bytes of the first max characters of s[0..n) (n when it has fewer). */
static size_t first_chars(const char *s, size_t n, size_t max)
{
    size_t i = 0;
    for (size_t c = 0; i < n && c < max; c++) {
        i++;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
    }
    return i;
}

static void report_name(run *R, tx_doc *d, const tx_block *b, size_t from, size_t to)
{
    /* a name is quoted to BP_QUOTE_CHARS characters, then "…" */
    size_t n = first_chars(b->sq + from, to - from, BP_QUOTE_CHARS);
    tx_emit(R, d, b, b->sq_at[from], BP_BUILTIN_LINE(BP_BUILTIN_DEPT_NAME), rule_name,
            _("names the department '%.*s%s', department.yaml '%s'"), (int)n, b->sq + from,
            n < to - from ? "…" : "", R->dept->name);
}

/* A name that begins as department.yaml's and ends as it does, within a
 * few characters of its length, but is not it ("…运行中心" written
 * "…管理中心"). Records where each one found ends in ends. */
static void variants(run *R, tx_doc *d, const tx_block *b, const names *nm, size_t *ends,
                     int *nends)
{
    size_t alen = strlen(nm->anchor), max = chars(nm->name, nm->len) + 4;
    const char *end = b->sq + strlen(b->sq);
    for (const char *p = b->sq; (p = find(p, end, nm->anchor)); p += alen) {
        size_t from = (size_t)(p - b->sq);
        if (!strncmp(p, nm->name, nm->len)) {
            p += nm->len - alen;
            continue;
        }
        size_t i = from, n = 0, len;
        while (b->sq[i] && n < max) {
            uint32_t cp = tx_cp(b->sq + i, &len);
            if (!tx_is_han(cp) || name_stop(cp)) break;
            i += len, n++;
            if (ends_with(b->sq + from, i - from, nm->suffix)) {
                report_name(R, d, b, from, i);
                if (*nends < 64) ends[(*nends)++] = i;
                break;
            }
        }
    }
}

/* The name in front of 部门预算 ("2024 年X部门预算", "X 2024 年部门预算"): a
 * name of a department (its ending) that is not department.yaml's, nor
 * the end of it. */
static void before_budget(run *R, tx_doc *d, const tx_block *b, const names *nm, const size_t *ends,
                          int nends)
{
    static const char word[] = "部门预算";
    /* the last scan back over a name: from `scan_from` it stopped at
     * `scan_to`; a later scan that reaches scan_from stops there too (each
     * character read once, however many 部门预算 a long run of Han holds) */
    size_t scan_from = SIZE_MAX, scan_to = 0;
    const char *stop = b->sq + strlen(b->sq);
    for (const char *p = b->sq; (p = find(p, stop, word)); p += strlen(word)) {
        size_t end = (size_t)(p - b->sq), i = end;
        if (i >= 3 && !memcmp(b->sq + i - 3, "年", 3)) { /* X 2024 年部门预算 */
            size_t k = i - 3;
            while (k > 0 && b->sq[k - 1] >= '0' && b->sq[k - 1] <= '9')
                k--;
            if (k >= TX_EXPR_LEN && !memcmp(b->sq + k - TX_EXPR_LEN, TX_EXPR, TX_EXPR_LEN))
                k -= TX_EXPR_LEN;
            if (k < i - 3) end = i = k;
        }
        size_t scan = i;
        while (i > 0) { /* back over the name's characters */
            if (i == scan_from) {
                i = scan_to;
                break;
            }
            size_t s = i - 1, len;
            while (s > 0 && ((unsigned char)b->sq[s] & 0xC0) == 0x80)
                s--;
            uint32_t cp = tx_cp(b->sq + s, &len);
            if (!tx_is_han(cp) || name_stop(cp)) break;
            if (cp == 0x5E74 /* 年 */ && s > 0 &&
                ((b->sq[s - 1] >= '0' && b->sq[s - 1] <= '9') ||
                 (s >= TX_EXPR_LEN && !memcmp(b->sq + s - TX_EXPR_LEN, TX_EXPR, TX_EXPR_LEN))))
                break;
            i = s;
        }
        scan_from = scan, scan_to = i;
        if (!strncmp(b->sq + i, "第", 3)) { /* 第二部分 X: a heading's numbering */
            const char *part = NULL;        /* 部分 starting within 15 bytes */
            for (size_t k = i; k < i + 15 && b->sq[k] && !part; k++)
                if (!strncmp(b->sq + k, "部分", strlen("部分"))) part = b->sq + k;
            if (part && part < b->sq + end) i = (size_t)(part - b->sq) + strlen("部分");
        }
        const char *x = b->sq + i;
        size_t n = end - i;
        bool seen = false;
        for (int k = 0; k < nends; k++)
            seen = seen || ends[k] == end;
        /* department.yaml's name ends with x: x no longer than it */
        if (seen || !chars_at_least(x, n, 4) || !org_suffix(x, n) || ends_with(x, n, nm->name) ||
            (n <= nm->len && !memcmp(nm->name + nm->len - n, x, n)))
            continue;
        report_name(R, d, b, i, end);
    }
}

void tx_department(run *R, tx_doc *d)
{
    names nm;
    char *name = bp_strdup(R->c->a, R->dept->name ? R->dept->name : ""), *o = name;
    for (const char *p = name; *p;) { /* without white space, as the blocks' sq */
        size_t len;
        if (tx_is_space(p, &len))
            p += len;
        else
            *o++ = *p++;
    }
    *o = 0;
    nm.name = name;
    nm.len = strlen(name);
    if (chars(name, nm.len) < 4) return;
    nm.suffix = org_suffix(name, nm.len);
    size_t last2 = nm.len;
    for (int j = 0; j < 2 && last2 > 0; j++)
        do
            last2--;
        while (last2 > 0 && ((unsigned char)name[last2] & 0xC0) == 0x80);
    if (!nm.suffix) nm.suffix = name + last2;
    size_t i = 0, len;
    for (int k = 0; k < 4 && name[i]; k++) {
        tx_cp(name + i, &len);
        i += len;
    }
    snprintf(nm.anchor, sizeof nm.anchor, "%.*s", (int)i, name);
    bool long_name = chars(name, nm.len) >= 6;
    for (int k = 0; k < d->n; k++) {
        const tx_block *b = &d->blocks[k];
        size_t ends[64];
        int nends = 0;
        if (long_name) variants(R, d, b, &nm, ends, &nends);
        before_budget(R, d, b, &nm, ends, nends);
    }
}

/* ---- words, clauses and paragraphs printed twice ------------------------ */

static const char *const rule_repeats = N_("no word, clause or paragraph printed twice");

/* The bytes of k Han characters at s, 0 when fewer follow. */
static size_t han_run(const char *s, int k)
{
    size_t at = 0, len;
    for (int i = 0; i < k; i++) {
        uint32_t cp = tx_cp(s + at, &len);
        if (!len || !tx_is_han(cp)) return 0;
        at += len;
    }
    return at;
}

/* A word of two or more characters printed twice in a row (主要原因主要原因). */
static void doubled_words(run *R, tx_doc *d, const tx_block *b)
{
    const char *s = b->sq;
    for (size_t i = 0; i < b->nsq;) {
        size_t step, found = 0;
        tx_cp(s + i, &step);
        for (int k = 2; k <= 24 && !found; k++) {
            size_t n = han_run(s + i, k);
            if (!n) break;
            if (i + 2 * n <= b->nsq && !memcmp(s + i, s + i + n, n)) found = n;
        }
        if (found) {
            tx_emit(R, d, b, b->sq_at[i + found], BP_BUILTIN_LINE(BP_BUILTIN_TEXT_REPEATS),
                    rule_repeats, _("'%.*s' twice in a row: '%.*s'"), (int)found, s + i,
                    (int)(2 * found), s + i);
            step = 2 * found;
        }
        i += step ? step : 1;
    }
}

static bool clause_mark(const char *s, size_t *len)
{
    static const char *const marks[] = {"，", "；", "。", "、", "！", "？", ",", ";", NULL};
    for (const char *const *m = marks; *m; m++)
        if (!strncmp(s, *m, strlen(*m))) return *len = strlen(*m), true;
    return false;
}

/* A clause printed twice in a row: "…调整，…调整". */
static void doubled_clauses(run *R, tx_doc *d, const tx_block *b)
{
    const char *s = b->sq;
    size_t prev = 0, prev_n = 0, start = 0;
    for (size_t i = 0; i <= b->nsq;) {
        size_t len = 1;
        if (i < b->nsq && !clause_mark(s + i, &len)) {
            tx_cp(s + i, &len);
            i += len ? len : 1;
            continue;
        }
        size_t n = i - start;
        if (n == prev_n && chars(s + start, n) >= 4 && !memcmp(s + prev, s + start, n))
            tx_emit(R, d, b, b->sq_at[start], BP_BUILTIN_LINE(BP_BUILTIN_TEXT_REPEATS),
                    rule_repeats, _("the clause '%.*s' twice in a row"), (int)n, s + start);
        prev = start, prev_n = n;
        i += len;
        start = i;
    }
}

typedef struct para {
    const tx_block *b;
    int index;
} para;

static int cmp_para(const void *x, const void *y)
{
    const para *a = x, *b = y;
    int c = strcmp(a->b->sq, b->b->sq);
    return c ? c : (a->index > b->index) - (a->index < b->index);
}

/* A paragraph (or list item) of eight characters or more printed again. */
static void doubled_paragraphs(run *R, tx_doc *d)
{
    para *p = bp_alloc(R->c->a, (size_t)(d->n ? d->n : 1) * sizeof *p);
    int n = 0;
    for (int i = 0; i < d->n; i++) {
        const tx_block *b = &d->blocks[i];
        if ((b->kind == TX_PARA || b->kind == TX_ITEM) && chars(b->sq, b->nsq) >= 8)
            p[n++] = (para){b, i};
    }
    qsort(p, (size_t)n, sizeof *p, cmp_para);
    int first = 0; /* the first of the run of equal paragraphs i is in */
    for (int i = 1; i < n; i++) {
        if (strcmp(p[first].b->sq, p[i].b->sq)) {
            first = i;
            continue;
        }
        tx_emit(R, d, p[i].b, 0, BP_BUILTIN_LINE(BP_BUILTIN_TEXT_REPEATS), rule_repeats,
                _("the paragraph of line %d printed again"), p[first].b->at[0].line);
    }
}

void tx_repeats(run *R, tx_doc *d)
{
    for (int k = 0; k < d->n; k++) {
        doubled_words(R, d, &d->blocks[k]);
        doubled_clauses(R, d, &d->blocks[k]);
    }
    doubled_paragraphs(R, d);
}

/* ---- leftover template text -------------------------------------------- */

static bool alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* x,xxx or xxx.x or xxx: a figure not filled in (the annex's XX aside). */
static size_t x_figure(const char *s, size_t i)
{
    if ((s[i] != 'x' && s[i] != 'X') || (i > 0 && alnum(s[i - 1]))) return 0;
    size_t j = i, xs = 0;
    bool sep = false;
    while (s[j] == 'x' || s[j] == 'X' ||
           ((s[j] == ',' || s[j] == '.') && (s[j + 1] == 'x' || s[j + 1] == 'X'))) {
        if (s[j] == ',' || s[j] == '.')
            sep = true;
        else
            xs++;
        j++;
    }
    if (alnum(s[j]) || (!sep && xs < 3)) return 0;
    return j - i;
}

void tx_leftovers(run *R, tx_doc *d)
{
    static const char ellipsis[] = "……";
    for (int k = 0; k < d->n; k++) {
        const tx_block *b = &d->blocks[k];
        for (size_t i = 0; i < b->n;) {
            size_t n = check_leftover_at(R, b->text, b->text + i);
            if (!n) n = x_figure(b->text, i);
            if (!n && !strncmp(b->text + i, ellipsis, strlen(ellipsis))) n = strlen(ellipsis);
            if (n) {
                tx_emit(R, d, b, i, BP_BUILTIN_LINE(BP_BUILTIN_LEFTOVERS),
                        N_("no leftover template text"), _("leftover template text '%.*s'"), (int)n,
                        b->text + i);
                i += n;
                continue;
            }
            size_t len;
            tx_cp(b->text + i, &len);
            i += len ? len : 1;
        }
    }
}
