/* bind_score.c — how well a cell fits the words around a typed figure: the
 * names of its row and column said in the clause, and the section heading
 * against its table's title (a heading speaks of the tables whose titles
 * share its distinctive pairs of characters: 收入预算总体情况 → 收入总体情况表). */
#include <string.h>

#include "bind_priv.h"

/* How many pairs of consecutive characters of a word of Han characters
 * (3 bytes each) s holds: 专户管理的教育收费 holds 3 of 财政专户管理资金. */
static int pairs_in(const char *w, const char *s)
{
    int n = 0;
    size_t len = strlen(w);
    char pair[7];
    for (size_t i = 0; i + 6 <= len; i += 3) {
        if ((unsigned char)w[i] < 0xE0 || (unsigned char)w[i + 3] < 0xE0) continue;
        memcpy(pair, w + i, 6);
        pair[6] = 0;
        n += strstr(s, pair) != NULL;
    }
    return n;
}

/* Whether word k's place in s lies inside the place of a longer word of
 * x said there (运行费 inside 公务用车购置及运行费 names nothing more). */
static bool covered(const bind_cell *x, int k, const char *s, const char *at)
{
    size_t n = strlen(x->words[k]);
    for (int j = 0; j < x->nwords; j++) {
        size_t m = strlen(x->words[j]);
        if (j == k || m <= n) continue;
        const char *p = strstr(s, x->words[j]);
        if (p && p <= at && at + n <= p + m) return true;
    }
    return false;
}

int bind_words(const bind_cell *x, const char *s, bool parts)
{
    int score = 0;
    for (int k = 0; k < x->nwords && parts; k++)
        parts = !strstr(s, x->words[k]); /* parts of names only when no word is said whole */
    for (int k = 0; k < x->nwords; k++) {
        const char *at = strstr(s, x->words[k]);
        int n = (int)bp_utf8_count(x->words[k], strlen(x->words[k]));
        /* a name, or a level of its header long enough to name it */
        bool name = k < x->nnames || n >= 4;
        if (at) {
            if (!covered(x, k, s, at)) score += name ? 1000 * n : n;
        } else if (parts && k < x->nnames) {
            int p = pairs_in(x->words[k], s);
            score += p >= 3 ? 400 * p : 0; /* a part of a name: 专户管理 of 财政专户管理资金 */
        }
    }
    return score;
}

/* The pairs of consecutive Han characters of s (each 6 bytes), as a list
 * "ab|cd|…|". */
static char *pairs_of(bp_arena *a, const char *s)
{
    size_t n = strlen(s);
    char *out = bp_alloc(a, n * 3 + 1), *o = out;
    for (size_t i = 0; i + 6 <= n;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0xE0 || c >= 0xF0 || (unsigned char)s[i + 3] < 0xE0 ||
            (unsigned char)s[i + 3] >= 0xF0) {
            i++;
            continue;
        }
        memcpy(o, s + i, 6);
        o += 6;
        *o++ = '|';
        i += 3;
    }
    *o = 0;
    return out;
}

static bool has_pair(const char *list, const char *p)
{
    for (const char *s = list; *s; s += 7)
        if (!memcmp(s, p, 6)) return true;
    return false;
}

void bind_title_pairs(bind_dept *d)
{
    int n = d->set->ntables;
    char **all = bp_alloc(d->a, (size_t)(n ? n : 1) * sizeof *all);
    d->title_words = bp_alloc(d->a, (size_t)(n ? n : 1) * sizeof *d->title_words);
    for (int t = 0; t < n; t++) {
        const bp_template *tp = d->set->tables[t].title;
        all[t] = pairs_of(d->a, tp && tp->src ? tp->src : "");
    }
    for (int t = 0; t < n; t++) {
        char *keep = bp_alloc(d->a, strlen(all[t]) + 1), *o = keep;
        for (const char *p = all[t]; *p; p += 7) {
            int in = 0;
            for (int u = 0; u < n; u++)
                in += has_pair(all[u], p);
            if (2 * in <= n && !has_pair(keep, p)) {
                memcpy(o, p, 7);
                o += 7;
                *o = 0;
            }
        }
        *o = 0;
        d->title_words[t] = keep;
    }
}

int bind_named(const bind_dept *d, int t, const char *clause)
{
    int n = 0;
    const char *w = d->title_words[t];
    for (const char *p = w; *p; p += 7) {
        char pair[7];
        memcpy(pair, p, 6);
        pair[6] = 0;
        n += strstr(clause, pair) != NULL;
    }
    return n;
}

/* The Han characters of s (3 bytes each), at most max, into out; a
 * placeholder {…} and the 年 after it left out. */
static int han_of(const char *s, uint32_t *out, int max)
{
    int n = 0;
    for (size_t i = 0; s[i] && n < max;) {
        if (s[i] == '{') {
            const char *e = strchr(s + i, '}');
            if (!e) break;
            i = (size_t)(e - s) + 1;
            if (!strncmp(s + i, "年", 3)) i += 3;
            continue;
        }
        uint32_t cp;
        int len = bp_utf8_decode(s + i, 4, &cp);
        if (len <= 0) len = 1, cp = 0;
        if (len == 3 && cp >= 0x3400) out[n++] = cp;
        i += (size_t)len;
    }
    return n;
}

int bind_section(const bind_dept *d, int t, const char *heading)
{
    enum { MAX = 64 };
    uint32_t h[MAX], w[MAX];
    const bp_template *tp = d->set->tables[t].title;
    int nh = han_of(heading, h, MAX), nw = han_of(tp && tp->src ? tp->src : "", w, MAX);
    if (!nh || !nw) return 0;
    /* the longest common subsequence, over the title's length */
    int row[MAX + 1], prev[MAX + 1];
    memset(prev, 0, sizeof prev);
    for (int i = 1; i <= nh; i++) {
        row[0] = 0;
        for (int j = 1; j <= nw; j++)
            row[j] = h[i - 1] == w[j - 1]   ? prev[j - 1] + 1
                     : prev[j] > row[j - 1] ? prev[j]
                                            : row[j - 1];
        memcpy(prev, row, sizeof row);
    }
    /* and, to tell 一般公共预算基本支出表 from 一般公共预算支出情况表 under
     * 一般公共预算基本支出情况说明, the longest run they share */
    int run = 0;
    for (int i = 0; i < nh; i++)
        for (int j = 0; j < nw; j++) {
            int k = 0;
            while (i + k < nh && j + k < nw && h[i + k] == w[j + k])
                k++;
            if (k > run) run = k;
        }
    return prev[nw] * 100 / nw + 2 * run;
}
