/* text_wrap.c — line breaking: UAX #14 break opportunities from libunibreak,
 * tightened with Chinese 避头尾 rules and "numbers stay whole" rules, then
 * greedy line filling with widths from font_advance (exactly the widths the
 * PDF backend will use). Also the narrowest width a column may have. */
#include "text.h"

#include <linebreak.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t lb_once = PTHREAD_ONCE_INIT;

static void lb_init(void)
{
    init_linebreak();
}

/* No line may start with these (closing punctuation, full-width and ASCII). */
static bool is_closing(uint32_t c)
{
    switch (c) {
    case 0xFF0C: /* ， */
    case 0x3002: /* 。 */
    case 0x3001: /* 、 */
    case 0xFF1B: /* ； */
    case 0xFF1A: /* ： */
    case 0xFF1F: /* ？ */
    case 0xFF01: /* ！ */
    case 0xFF09: /* ） */
    case 0x300D: /* 」 */
    case 0x300F: /* 』 */
    case 0x3011: /* 】 */
    case 0x300B: /* 》 */
    case 0x3009: /* 〉 */
    case 0x3015: /* 〕 */
    case 0x3017: /* 〗 */
    case 0xFF3D: /* ］ */
    case 0xFF5D: /* ｝ */
    case 0x201D: /* ” */
    case 0x2019: /* ’ */
    case 0xFF05: /* ％ */
    case 0x2030: /* ‰ */
    case 0x00B7: /* · */
    case 0x30FB: /* ・ */
    case 0x2026: /* … */
    case 0x2025: /* ‥ */
    case 0x2014: /* — */
    case 0x2015: /* ― */
    case 0xFF0E: /* ． */
    case 0xFF61: /* ｡ */
    case 0xFF64: /* ､ */
    case ':':
    case ';':
    case ',':
    case '.':
    case '!':
    case '?':
    case ')':
    case ']':
    case '}':
    case '%':
        return true;
    default:
        return false;
    }
}

/* No line may end with these (opening brackets and quotes). */
static bool is_opening(uint32_t c)
{
    switch (c) {
    case 0xFF08: /* （ */
    case 0x300C: /* 「 */
    case 0x300E: /* 『 */
    case 0x3010: /* 【 */
    case 0x300A: /* 《 */
    case 0x3008: /* 〈 */
    case 0x3014: /* 〔 */
    case 0x3016: /* 〖 */
    case 0xFF3B: /* ［ */
    case 0xFF5B: /* ｛ */
    case 0x201C: /* “ */
    case 0x2018: /* ‘ */
    case '(':
    case '[':
    case '{':
        return true;
    default:
        return false;
    }
}

static bool is_digit(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19);
}

/* Separators inside a number: 6,828.4  12:30  1/2  2024-2025 */
static bool is_num_sep(uint32_t c)
{
    return c == ',' || c == '.' || c == ':' || c == '/' || c == '-' || c == 0xFF0E;
}

/* Signs that belong to the number after them: ≥90%  ¥1,000  -5  ±0.5 */
static bool is_num_prefix(uint32_t c)
{
    switch (c) {
    case '+':
    case '-':
    case '<':
    case '>':
    case '=':
    case '~':
    case '$':
    case 0x00B1: /* ± */
    case 0x2212: /* − */
    case 0x2264: /* ≤ */
    case 0x2265: /* ≥ */
    case 0x2248: /* ≈ */
    case 0x2260: /* ≠ */
    case 0x226E: /* ≮ */
    case 0x226F: /* ≯ */
    case 0xFF0B: /* ＋ */
    case 0xFF0D: /* － */
    case 0xFF1C: /* ＜ */
    case 0xFF1E: /* ＞ */
    case 0xFF1D: /* ＝ */
    case 0xFF5E: /* ～ */
    case 0x00A5: /* ¥ */
    case 0xFFE5: /* ￥ */
    case 0xFF04: /* ＄ */
    case 0x20AC: /* € */
    case 0x00A3: /* £ */
        return true;
    default:
        return false;
    }
}

/* Signs that belong to the number before them: 90%  3.5‰  25℃ */
static bool is_num_postfix(uint32_t c)
{
    return c == '%' || c == 0xFF05 || c == 0x2030 || c == 0x2031 || c == 0x2103 || c == 0x00B0;
}

/* Trimmed from a line's end (and not counted in its width). */
static bool is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == 0x3000;
}

static bool is_newline(uint32_t c)
{
    return c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x85 || c == 0x2028 ||
           c == 0x2029;
}

typedef struct unit_buf {
    utf32_t *cp;
    size_t *off; /* byte offset of each unit; off[n] == len */
    int32_t *w;  /* thousandths of an em */
    char *brk;   /* break after unit i: LINEBREAK_MUSTBREAK / ALLOWBREAK / NOBREAK */
    size_t n;
    void *heap;
} unit_buf;

#define BP_STACK_UNITS 256

typedef struct stack_units {
    utf32_t cp[BP_STACK_UNITS];
    size_t off[BP_STACK_UNITS + 1];
    int32_t w[BP_STACK_UNITS];
    char brk[BP_STACK_UNITS];
} stack_units;

/* Splits s into code points (an invalid byte is a unit of its own with
 * width 0, as in font_measure) and decides where breaks may go. */
static void units_build(unit_buf *u, stack_units *st, bp_arena *a, const bp_font *f, const char *s,
                        size_t len)
{
    memset(u, 0, sizeof *u);
    if (len <= BP_STACK_UNITS) {
        u->cp = st->cp;
        u->off = st->off;
        u->w = st->w;
        u->brk = st->brk;
    } else {
        size_t per = sizeof(utf32_t) + sizeof(size_t) + sizeof(int32_t) + 1;
        /* on the heap, freed by units_free (a caller that allocates from
         * the arena while using it frees it in a cleanup too: units_guard) */
        size_t bytes = per * len + sizeof(size_t) + 16;
        char *p = bp_malloc(a, bytes);
        u->heap = p;
        u->off = (size_t *)(void *)p;
        p += sizeof(size_t) * (len + 1);
        u->cp = (utf32_t *)(void *)p;
        p += sizeof(utf32_t) * len;
        u->w = (int32_t *)(void *)p;
        p += sizeof(int32_t) * len;
        u->brk = p;
    }

    size_t n = 0, i = 0;
    while (i < len) {
        uint32_t c;
        int k = bp_utf8_decode(s + i, len - i, &c);
        u->off[n] = i;
        if (k <= 0) {
            u->cp[n] = 0xFFFD;
            u->w[n] = 0;
            i++;
        } else {
            u->cp[n] = c;
            u->w[n] = font_advance(f, c);
            i += (size_t)k;
        }
        n++;
    }
    u->off[n] = len;
    u->n = n;
    if (!n) return;

    pthread_once(&lb_once, lb_init);
    set_linebreaks_utf32(u->cp, n, "zh", u->brk);

    for (size_t j = 0; j + 1 < n; j++) {
        if (u->brk[j] != LINEBREAK_ALLOWBREAK) continue;
        uint32_t a = u->cp[j], b = u->cp[j + 1];
        uint32_t prev = j > 0 ? u->cp[j - 1] : 0, next = j + 2 < n ? u->cp[j + 2] : 0;
        bool no = is_closing(b) || is_opening(a) || (is_digit(a) && is_digit(b)) ||
                  (is_digit(a) && is_num_sep(b) && is_digit(next)) ||
                  (is_num_sep(a) && is_digit(prev) && is_digit(b)) ||
                  (is_digit(a) && is_num_postfix(b)) || (is_num_prefix(a) && is_digit(b));
        if (no) u->brk[j] = LINEBREAK_NOBREAK;
    }
    for (size_t j = 0; j + 1 < n; j++)
        if (u->brk[j] != LINEBREAK_MUSTBREAK && u->brk[j] != LINEBREAK_ALLOWBREAK)
            u->brk[j] = LINEBREAK_NOBREAK;
    /* The end of the text ends the last line; it is a hard break only after
     * a newline character (libunibreak marks it MUSTBREAK regardless). */
    u->brk[n - 1] = LINEBREAK_MUSTBREAK;
}

static void units_free(unit_buf *u)
{
    free(u->heap);
}

/* A cleanup of a that frees units a caller builds while it allocates from
 * a (running out there jumps past units_free): set its p to the units'
 * heap block, and to NULL once they are freed. NULL for a short text
 * (its units are on the stack). */
static bp_cleanup *units_guard(bp_arena *a, size_t len)
{
    return len > BP_STACK_UNITS ? bp_arena_defer(a, free) : NULL;
}

/* Receives each line as units [from, to) with width in thousandths of an
 * em; the next line starts at unit next (past this one's trailing spaces
 * and the newline that ended it). */
typedef void (*line_fn)(void *ud, const unit_buf *u, size_t from, size_t to, size_t next,
                        long units);

/* Index just past the last unit of [from, to) that is neither a space nor a
 * newline; *trail gets the width of what is cut. */
static size_t trim_end(const unit_buf *u, size_t from, size_t to, long *trail)
{
    long t = 0;
    while (to > from && (is_space(u->cp[to - 1]) || is_newline(u->cp[to - 1]))) {
        t += u->w[to - 1];
        to--;
    }
    *trail = t;
    return to;
}

/* One line of greedy filling from unit i: it takes break-to-break pieces
 * while its width (trailing spaces excluded) stays within max_width; its
 * first piece with visible content is always taken, however wide. Returns
 * where the next line starts; *te: just past its last visible unit;
 * *units: its width; *seen: the last unit whose break decided the line
 * (no unit after it was read). */
static size_t wrap_line(const unit_buf *u, size_t i, double size, double max_width, size_t *te_out,
                        long *units, size_t *seen)
{
    size_t start = i, end = i, te = i, k;
    long acc = 0, trail = 0; /* width of [start, end); of its trailing spaces */
    for (;;) {
        k = end;
        long seg = u->w[k];
        while (u->brk[k] == LINEBREAK_NOBREAK) {
            k++;
            seg += u->w[k];
        }
        long seg_trail;
        size_t ste = trim_end(u, end, k + 1, &seg_trail);
        size_t new_te = ste > end ? ste : te;
        long new_trail = ste > end ? seg_trail : trail + seg;
        long trimmed = acc + seg - new_trail;
        if (te > start && (double)trimmed * size / 1000.0 > max_width + BP_TEXT_WIDTH_EPSILON)
            break;
        acc += seg;
        end = k + 1;
        te = new_te;
        trail = new_trail;
        if (u->brk[k] == LINEBREAK_MUSTBREAK) break;
    }
    *te_out = te;
    *units = acc - trail;
    *seen = k;
    return end;
}

/* Greedy filling, line after line (wrap_line). */
static void wrap_units(const unit_buf *u, double size, double max_width, line_fn emit, void *ud)
{
    for (size_t i = 0; i < u->n;) {
        size_t te, seen;
        long units;
        size_t end = wrap_line(u, i, size, max_width, &te, &units, &seen);
        emit(ud, u, i, te, end, units);
        i = end;
    }
}

typedef struct line_acc {
    bp_arena *a;
    bp_line *v;
    int n, cap;
    bp_line local[16];
    const char *s;
    double size;
} line_acc;

static void collect_line(void *ud, const unit_buf *u, size_t from, size_t to, size_t next,
                         long units)
{
    line_acc *la = ud;
    if (la->n == la->cap) { /* in the arena: the last copy is the result */
        int cap = la->cap * 2;
        bp_line *v = bp_alloc(la->a, sizeof *la->v * (size_t)cap);
        memcpy(v, la->v, sizeof *la->v * (size_t)la->n);
        la->v = v;
        la->cap = cap;
    }
    bp_line *l = &la->v[la->n++];
    l->s = la->s + u->off[from];
    l->len = u->off[to] - u->off[from];
    l->width = (double)units * la->size / 1000.0;
    l->next = u->off[next] - u->off[from];
}

/* The common case, a text with no hard line break that fits on one line,
 * needs no break analysis: its line is what wrap_units would give (the
 * whole text less its trailing spaces). False when it does not apply. */
static bool one_line(const bp_font *f, double size, const char *s, size_t len, double max_width,
                     bp_line *out)
{
    long w = 0, content_w = 0; /* width so far; up to the last unit not a space */
    size_t content_end = 0;
    for (size_t i = 0; i < len;) {
        uint32_t c;
        int k = bp_utf8_decode(s + i, len - i, &c);
        if (k <= 0) { /* an invalid byte: a unit of width 0 */
            content_end = ++i;
            content_w = w;
            continue;
        }
        if (is_newline(c)) return false;
        w += font_advance(f, c);
        i += (size_t)k;
        if (!is_space(c)) content_end = i, content_w = w;
    }
    double width = (double)content_w * size / 1000.0;
    if (width > max_width + BP_TEXT_WIDTH_EPSILON) return false;
    out->s = s;
    out->len = content_end;
    out->width = width;
    out->next = len;
    return true;
}

int text_wrap(bp_arena *a, const bp_font *f, double size, const char *s, size_t len,
              double max_width, bp_line **lines, int *nlines)
{
    *lines = NULL;
    *nlines = 0;
    if (!s || !len) return BP_OK;
    bp_line single;
    if (one_line(f, size, s, len, max_width, &single)) {
        *lines = bp_alloc(a, sizeof **lines);
        **lines = single;
        *nlines = 1;
        return BP_OK;
    }
    stack_units st;
    unit_buf u;
    bp_cleanup *cl = units_guard(a, len);
    units_build(&u, &st, a, f, s, len);
    if (cl) cl->p = u.heap;
    line_acc la = {.a = a, .cap = 16, .s = s, .size = size};
    la.v = la.local;
    wrap_units(&u, size, max_width, collect_line, &la);
    if (la.n > 0 && la.v == la.local) {
        *lines = bp_alloc(a, sizeof **lines * (size_t)la.n);
        memcpy(*lines, la.v, sizeof **lines * (size_t)la.n);
    } else if (la.n > 0) {
        *lines = la.v;
    }
    *nlines = la.n;
    units_free(&u);
    if (cl) cl->p = NULL;
    return BP_OK;
}

/* The first line of text_wrap(s, len) from the units of s's first w
 * bytes (w <= len, a character boundary): true when those decide it as
 * the whole text would. The break after unit j depends on the units up to
 * j + 2 only (libunibreak reads one unit ahead, the rules above two), so
 * the window decides a line whose last break read (seen) is at least
 * three units before its end; and a line that ends inside it is wider
 * than max_width or ends at a newline, so text_wrap's one-line shortcut
 * would not have taken the whole text either. */
static bool first_in_window(bp_arena *a, const bp_font *f, double size, const char *s, size_t w,
                            size_t len, double max_width, bp_line *out)
{
    stack_units st;
    unit_buf u;
    units_build(&u, &st, a, f, s, w);
    size_t te, seen;
    long units;
    size_t end = wrap_line(&u, 0, size, max_width, &te, &units, &seen);
    bool decided = w == len || seen + 3 <= u.n;
    if (decided) {
        out->s = s;
        out->len = u.off[te];
        out->next = u.off[end];
        out->width = (double)units * size / 1000.0;
    }
    units_free(&u);
    return decided;
}

int text_wrap_first(bp_arena *a, const bp_font *f, double size, const char *s, size_t len,
                    double max_width, bp_line *line, int *nlines)
{
    *nlines = 0;
    if (!s || !len) return BP_OK;
    *nlines = 1;
    for (size_t win = BP_STACK_UNITS;; win *= 2) {
        size_t w = win < len ? win : len;
        while (w < len && w > 0 && ((unsigned char)s[w] & 0xC0) == 0x80)
            w--; /* a character boundary */
        if (w == len && one_line(f, size, s, len, max_width, line)) return BP_OK;
        if (w > 0 && first_in_window(a, f, size, s, w, len, max_width, line)) return BP_OK;
    }
}

static void widest_line(void *ud, const unit_buf *u, size_t from, size_t to, size_t next,
                        long units)
{
    (void)u;
    (void)from;
    (void)to;
    (void)next;
    long *max = ud;
    if (units > *max) *max = units;
}

/* A plain number such as -6,828.40: every separator between two digits,
 * which the rules above never break. */
static bool plain_number(const char *s, size_t len)
{
    size_t i = s[0] == '-' || s[0] == '+' ? 1 : 0;
    if (i >= len) return false;
    for (; i < len; i++) {
        bool digit = s[i] >= '0' && s[i] <= '9';
        bool sep = (s[i] == ',' || s[i] == '.') && i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9' &&
                   i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '9';
        if (!digit && !sep) return false;
    }
    return true;
}

double text_min_width(bp_arena *a, const bp_font *f, double size, const char *s, size_t len)
{
    if (!s || !len) return 0.0;
    if (plain_number(s, len)) return font_measure(f, size, s, len); /* one piece */
    stack_units st;
    unit_buf u;
    units_build(&u, &st, a, f, s, len);
    long max = 0;
    /* With no room at all every line holds exactly one unbreakable piece. */
    wrap_units(&u, size, -1.0, widest_line, &max);
    units_free(&u);
    return (double)max * size / 1000.0;
}

int text_break_offsets(bp_arena *a, const bp_font *f, const char *s, size_t len, size_t **offs,
                       int *n)
{
    *offs = NULL;
    *n = 0;
    if (!s || !len) return BP_OK;
    *offs = bp_alloc(a, len * sizeof **offs); /* before the heap buffer: no leak on a jump */
    stack_units st;
    unit_buf u;
    units_build(&u, &st, a, f, s, len);
    for (size_t j = 0; j + 1 < u.n; j++)
        if (u.brk[j] == LINEBREAK_ALLOWBREAK) (*offs)[(*n)++] = u.off[j + 1];
    units_free(&u);
    return BP_OK;
}
