/* text_title.c — titles broken between words and balanced (text.h,
 * text_wrap_title; GB/T 9704: 词意完整，排列对称): the places a line may
 * break are ICU's dictionary word boundaries (UBRK_WORD, locale zh) where
 * UAX #14 and the 避头尾 rules (text_wrap.c) allow a break; inside a word
 * wider than the line, every place UAX #14 allows. Among those, the fewest
 * lines, then the widest line as narrow as possible, then the lines as even
 * as possible, the last no longer than needed. */
#include <math.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "text.h"

/* Titles longer than this (bytes) or with more break places are wrapped
 * by text_wrap, evened out no further (the search is quadratic). */
#define TITLE_MAX_LEN 4096
#define TITLE_MAX_PLACES 512

static bool is_han(uint32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF);
}

/* True when the word [from, to) of s is one Han character. */
static bool one_han(const char *s, size_t from, size_t to)
{
    uint32_t cp;
    int n = bp_utf8_decode(s + from, to - from, &cp);
    return n > 0 && (size_t)n == to - from && is_han(cp);
}

/* Marks in wb[0..len] the word boundaries of s: ICU's, less those before a
 * word of one Han character, which binds to the word before it (开发|区,
 * 2024|年, 预算|表), unless it starts a run of such words, which makes one
 * word (高|新 in 郑州|高|新|技术, 汇|总|表). False when ICU cannot segment s
 * (then every allowed break is a boundary). */
static bool word_bounds(bp_arena *a, const char *s, size_t len, bool *wb)
{
    /* allocated before ICU's objects are open: an arena out of memory
     * jumps out of this function (util.c), which would leak them */
    size_t *b = bp_alloc(a, (len + 2) * sizeof *b);
    UErrorCode st = U_ZERO_ERROR;
    UText *ut = utext_openUTF8(NULL, s, (int64_t)len, &st);
    UBreakIterator *bi = U_SUCCESS(st) ? ubrk_open(UBRK_WORD, "zh", NULL, 0, &st) : NULL;
    if (bi && U_SUCCESS(st)) ubrk_setUText(bi, ut, &st);
    bool ok = bi && U_SUCCESS(st);
    int n = 0;
    for (int32_t at = ok ? ubrk_first(bi) : UBRK_DONE; at != UBRK_DONE; at = ubrk_next(bi))
        if (at >= 0 && (size_t)at <= len && (n == 0 || (size_t)at > b[n - 1])) b[n++] = (size_t)at;
    if (bi) ubrk_close(bi);
    if (ut) utext_close(ut);
    for (int k = 0; k < n; k++) {
        bool single = k + 1 < n && one_han(s, b[k], b[k + 1]);
        bool after_single = k > 0 && one_han(s, b[k - 1], b[k]);
        bool run = single && k + 2 < n && one_han(s, b[k + 1], b[k + 2]);
        wb[b[k]] = !single || (!after_single && run);
    }
    return ok;
}

/* A candidate line [from, to): its length without trailing spaces. */
static size_t trimmed(const char *s, size_t from, size_t to)
{
    while (to > from && (s[to - 1] == ' ' || s[to - 1] == '\t'))
        to--;
    return to - from;
}

/* The places a title may break (with 0 and len at the ends), in *pts. */
static int title_places(bp_arena *a, const bp_font *f, double size, const char *s, size_t len,
                        double max_width, size_t **pts, int *npts)
{
    size_t *offs;
    int n;
    BP_TRY(text_break_offsets(a, f, s, len, &offs, &n));
    bool *wb = bp_alloc(a, len + 1);
    memset(wb, 0, len + 1);
    if (!word_bounds(a, s, len, wb)) memset(wb, 1, len + 1);
    size_t *p = bp_alloc(a, (size_t)(n + 2) * sizeof *p);
    int k = 0, next = 0; /* next: the first allowed break not yet looked at */
    p[k++] = 0;
    for (int i = 0; i <= n; i++) {
        size_t at = i < n ? offs[i] : len;
        if (i < n && !wb[at]) continue;
        /* the word [p[k - 1], at): wider than a line, it breaks between characters */
        size_t from = p[k - 1];
        bool wide = font_measure(f, size, s + from, trimmed(s, from, at)) >
                    max_width + BP_TEXT_WIDTH_EPSILON;
        for (; next < i; next++)
            if (wide && offs[next] > from) p[k++] = offs[next];
        next = i + 1;
        p[k++] = at;
    }
    *pts = p;
    *npts = k;
    return BP_OK;
}

/* The best way found so far to set the title's start up to a place. */
typedef struct title_best {
    double widest, squares;
    int from; /* the place where its last line starts; -1: not reached */
} title_best;

static bool better(double widest, double squares, const title_best *b)
{
    if (b->from < 0) return true;
    if (widest < b->widest - 0.01) return true;
    return widest <= b->widest + 0.01 && squares < b->squares - 1e-6;
}

/* The fewest lines: greedy filling over the places. */
static int fewest_lines(const double *w, int np, double max_width)
{
    int lines = 0;
    for (int i = 0; i < np - 1; lines++) {
        int j = i + 1;
        while (j + 1 < np && w[i * np + j + 1] <= max_width + BP_TEXT_WIDTH_EPSILON)
            j++;
        i = j;
    }
    return lines;
}

/* Exactly nl lines over the np places, each no wider than max_width (a
 * line of one piece may be): the widest as narrow as possible, then the
 * sum of squared widths least; from[] receives the line starts. */
static void even_lines(bp_arena *a, const double *w, int np, int nl, double max_width, int *from)
{
    title_best *b = bp_alloc(a, (size_t)(nl + 1) * (size_t)np * sizeof *b);
    for (int k = 0; k <= nl; k++)
        for (int j = 0; j < np; j++)
            b[k * np + j] = (title_best){0, 0, -1};
    b[0] = (title_best){0, 0, 0};
    for (int k = 1; k <= nl; k++)
        for (int j = 1; j < np; j++)
            for (int i = j - 1; i >= 0; i--) { /* the last line as short as it can be */
                const title_best *p = &b[(k - 1) * np + i];
                double lw = w[i * np + j];
                if (p->from < 0 || (i != 0 && k == 1)) continue;
                if (lw > max_width + BP_TEXT_WIDTH_EPSILON && i != j - 1) continue;
                double widest = fmax(p->widest, lw), sq = p->squares + lw * lw;
                if (better(widest, sq, &b[k * np + j])) b[k * np + j] = (title_best){widest, sq, i};
            }
    for (int k = nl, j = np - 1; k > 0; k--) {
        from[k - 1] = b[k * np + j].from;
        j = from[k - 1];
    }
}

int text_wrap_title(bp_arena *a, const bp_font *f, double size, const char *s, size_t len,
                    double max_width, bp_line **lines, int *nlines)
{
    size_t *p;
    int np;
    if (len == 0 || len > TITLE_MAX_LEN || memchr(s, '\n', len))
        return text_wrap(a, f, size, s, len, max_width, lines, nlines);
    BP_TRY(title_places(a, f, size, s, len, max_width, &p, &np));
    if (np > TITLE_MAX_PLACES) return text_wrap(a, f, size, s, len, max_width, lines, nlines);
    double *w = bp_alloc(a, (size_t)np * (size_t)np * sizeof *w);
    for (int i = 0; i < np; i++)
        for (int j = i + 1; j < np; j++)
            w[i * np + j] = font_measure(f, size, s + p[i], trimmed(s, p[i], p[j]));
    int nl = fewest_lines(w, np, max_width);
    int *from = bp_alloc(a, (size_t)(nl + 1) * sizeof *from);
    even_lines(a, w, np, nl, max_width, from);
    bp_line *ls = bp_alloc(a, (size_t)nl * sizeof *ls);
    for (int k = 0; k < nl; k++) {
        int i = from[k], j = k + 1 < nl ? from[k + 1] : np - 1;
        ls[k] = (bp_line){s + p[i], trimmed(s, p[i], p[j]), w[i * np + j], p[j] - p[i]};
    }
    *lines = ls;
    *nlines = nl;
    return BP_OK;
}
