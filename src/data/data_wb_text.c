/* data_wb_text.c — the texts of workbook binding: labels compared without
 * spaces and full-width forms, titles without year and numbering, and the
 * text a cell gives a column (amounts as the CSV writes them, codes with
 * their leading zeros back). */
#include <stdio.h>
#include <string.h>

#include "data_workbook.h"
#include "i18n.h"

static bool is_space_cp(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000 || cp == 0xA0 ||
           cp == 0x200B || cp == 0xFEFF;
}

bool data_wb_blank(const char *s)
{
    if ((unsigned char)*s > ' ' && (unsigned char)*s < 0x80) return false; /* most texts */
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int k = bp_utf8_decode(s + i, n - i, &cp);
        if (k <= 0 || !is_space_cp(cp)) return false;
        i += (size_t)k;
    }
    return true;
}

const char *data_wb_label(bp_arena *a, const char *s)
{
    size_t n = strlen(s), o = 0;
    char *out = bp_alloc(a, n + 1);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int k = bp_utf8_decode(s + i, n - i, &cp);
        if (k <= 0) { /* not UTF-8 (the readers give UTF-8): kept as it is */
            out[o++] = s[i++];
            continue;
        }
        i += (size_t)k;
        if (is_space_cp(cp)) continue;
        if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0; /* full-width ASCII */
        o += (size_t)bp_utf8_encode(cp, out + o);
    }
    out[o] = 0;
    return out;
}

static bool starts(const char *s, const char *prefix)
{
    return !strncmp(s, prefix, strlen(prefix));
}

static const char *skip_digits(const char *s)
{
    while (*s >= '0' && *s <= '9')
        s++;
    return s;
}

/* Past one leading numbering (表1, 附表3-1, 1., 1、, 一、, (一), (1)), or s. */
static const char *skip_numbering(const char *s)
{
    static const char *const cn[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
    const char *p = s;
    if (starts(p, "附表"))
        p += strlen("附表");
    else if (starts(p, "表"))
        p += strlen("表");
    bool table = p != s;
    if (*p == '(') p++;
    const char *q = p;
    if (*q >= '0' && *q <= '9') {
        q = skip_digits(q);
        while ((*q == '-' || *q == '.') && q[1] >= '0' && q[1] <= '9')
            q = skip_digits(q + 1);
    } else {
        for (bool more = true; more;) {
            more = false;
            for (size_t k = 0; k < sizeof cn / sizeof *cn; k++)
                if (starts(q, cn[k])) q += strlen(cn[k]), more = true;
        }
    }
    if (q == p) return s;
    if (*q == ')') return q + 1;
    if (starts(q, "、")) return q + strlen("、");
    if (*q == '.' || *q == ':') return q + 1;
    return table ? q : s;
}

const char *data_wb_title_key(bp_arena *a, const char *s)
{
    const char *l = data_wb_label(a, s);
    for (const char *p; (p = skip_numbering(l)) != l;)
        l = p;
    /* a year: 2024年 or 2024年度, anywhere (also (2024年度)) */
    size_t n = strlen(l), o = 0;
    char *out = bp_alloc(a, n + 1);
    for (size_t i = 0; i < n;) {
        const char *d = skip_digits(l + i);
        if (d - (l + i) == 4 && starts(d, "年")) {
            d += strlen("年");
            if (starts(d, "度")) d += strlen("度");
            if (o > 0 && out[o - 1] == '(' && *d == ')') o--, d++;
            i = (size_t)(d - l);
            continue;
        }
        out[o++] = l[i++];
    }
    out[o] = 0;
    return out;
}

bool data_wb_glob(const char *p, const char *t)
{
    if (!*p) return !*t;
    if (*p == '*') {
        for (;; t++) {
            if (data_wb_glob(p + 1, t)) return true;
            if (!*t) return false;
        }
    }
    return *p == *t && data_wb_glob(p + 1, t + 1);
}

/* The code points of s (at most max). */
static int code_points(const char *s, uint32_t *out, int max)
{
    int n = 0;
    size_t len = strlen(s);
    for (size_t i = 0; i < len && n < max;) {
        int k = bp_utf8_decode(s + i, len - i, &out[n]);
        if (k <= 0) out[n] = (unsigned char)s[i], k = 1;
        i += (size_t)k;
        n++;
    }
    return n;
}

int data_wb_distance(const char *a, const char *b)
{
    uint32_t x[64], y[64];
    int la = code_points(a, x, 64), lb = code_points(b, y, 64);
    int d[65][65];
    for (int i = 0; i <= la; i++)
        d[i][0] = i;
    for (int j = 0; j <= lb; j++)
        d[0][j] = j;
    for (int i = 1; i <= la; i++)
        for (int j = 1; j <= lb; j++) {
            int c = d[i - 1][j - 1] + (x[i - 1] != y[j - 1]);
            if (d[i - 1][j] + 1 < c) c = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < c) c = d[i][j - 1] + 1;
            d[i][j] = c;
        }
    return d[la][lb];
}

/* Decimals a number format shows at least: the zeros after the point of
 * its first section ("#,##0.00" 2, "0.0_ " 1, General 0). */
static int format_decimals(const char *f)
{
    if (!f) return 0;
    for (; *f && *f != ';'; f++) {
        if (*f == '"') { /* a literal */
            for (f++; *f && *f != '"'; f++)
                ;
            if (!*f) return 0;
        } else if (*f == '\\' && f[1]) {
            f++;
        } else if (*f == '.') {
            int n = 0;
            while (f[1 + n] == '0')
                n++;
            return n;
        }
    }
    return 0;
}

/* Digits a number format pads a whole number to ("000" 3), else 0. */
static int format_zeros(const char *f)
{
    if (!f) return 0;
    int n = 0;
    while (f[n] == '0')
        n++;
    return f[n] == 0 || f[n] == ';' ? n : 0;
}

/* A number's text with at least dec decimals. */
static const char *pad_decimals(bp_arena *a, const char *s, int dec)
{
    const char *dot = strchr(s, '.');
    int have = dot ? (int)strlen(dot + 1) : 0;
    if (have >= dec || dec > BP_DEC_MAX_SCALE) return s;
    return bp_sprintf(a, "%s%s%.*s", s, dot ? "" : ".", dec - have, "000000");
}

const char *data_wb_code(bp_arena *a, const bp_column *c, const char *digits, const char *numfmt)
{
    int len = (int)strlen(digits), want = 0;
    for (int i = 0; i < c->ndigits && !want; i++)
        if (c->digits[i] >= len) want = c->digits[i];
    int z = format_zeros(numfmt);
    if (z > len && (!want || z < want)) want = z;
    if (want <= len) return digits;
    return bp_sprintf(a, "%.*s%s", want - len, "000000000000000", digits);
}

static bool all_digits(const char *s)
{
    if (!*s) return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return false;
    return true;
}

bool data_wb_code_as_number(const bp_column *c, const char *text)
{
    if (c->type != BP_COL_TEXT || !c->ndigits || !all_digits(text) || strlen(text) > 15)
        return false;
    const char *d = text;
    while (*d == '0' && d[1])
        d++;
    int len = (int)strlen(d), want = 0;
    for (int i = 0; i < c->ndigits && !want; i++)
        if (c->digits[i] >= len) want = c->digits[i];
    return (size_t)(want > len ? want : len) == strlen(text);
}

/* An amount written as text: spaces around it and full-width digits
 * allowed, thousands separators dropped ("1,619.4" -> "1619.4"). */
static const char *amount_text(bp_arena *a, const char *s, const char **why)
{
    const char *l = data_wb_label(a, s); /* no spaces, half-width */
    if (!*l) return "";
    bp_decimal v;
    const char *bad = number_parse(l, strlen(l), &v);
    if (bad) {
        *why = N_("is text, not a number (an amount column takes figures only: type the number, "
                  "or leave the cell empty)");
        return NULL;
    }
    size_t n = strlen(l), o = 0;
    char *out = bp_alloc(a, n + 1);
    for (size_t i = 0; i < n; i++)
        if (l[i] != ',') out[o++] = l[i];
    out[o] = 0;
    return out;
}

/* A text as the CSV reader keeps it: CRLF as LF, a tab or lone CR as a
 * space; only spaces: empty. */
static const char *plain_text(bp_arena *a, const char *s)
{
    if (data_wb_blank(s)) return "";
    if (!strpbrk(s, "\t\r")) return s; /* as it is (most texts): no copy */
    size_t n = strlen(s), o = 0;
    char *t = bp_alloc(a, n + 1);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\r' && s[i + 1] == '\n') continue;
        t[o++] = s[i] == '\t' || s[i] == '\r' ? ' ' : s[i];
    }
    t[o] = 0;
    return t;
}

const char *data_wb_cell_text(bp_arena *a, const bp_column *c, const bp_wb_cell *cell,
                              const char **why)
{
    *why = NULL;
    if (!cell) return "";
    if (cell->no_cache) {
        *why = N_("holds a formula without a computed value (open the workbook in Excel, WPS or "
                  "LibreOffice and save it, so that the value is stored; or type the figure)");
        return NULL;
    }
    if (cell->type == BP_WB_ERROR) {
        *why = N_("holds an error value instead of a figure (correct the formula)");
        return NULL;
    }
    if (c->type == BP_COL_AMOUNT) {
        if (cell->type == BP_WB_NUMBER) {
            if (strchr(cell->text, 'E') || strchr(cell->text, 'e')) {
                *why = N_("holds a number too large for an amount");
                return NULL;
            }
            return pad_decimals(a, cell->text, format_decimals(cell->numfmt));
        }
        if (cell->type == BP_WB_BOOL) {
            *why = N_("holds TRUE or FALSE, not a figure");
            return NULL;
        }
        return amount_text(a, cell->text, why);
    }
    if (cell->type == BP_WB_NUMBER && all_digits(cell->text))
        return data_wb_code(a, c, cell->text, cell->numfmt);
    if (cell->type == BP_WB_NUMBER && c->ndigits && strpbrk(cell->text, "Ee")) {
        *why = N_("holds a code stored as a number that has lost its last digits (more than 15): "
                  "store the code as text");
        return NULL;
    }
    return plain_text(a, cell->text);
}
