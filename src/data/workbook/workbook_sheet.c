/* workbook_sheet.c — the parts of a bp_wb_sheet both readers build the
 * same way: cells gathered in any order and sorted once, and the decimal
 * text of a number as Excel shows it in General format. */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "workbook_priv.h"
#include "i18n.h"

void wb_builder_init(wb_sheet_builder *b, long *book_cells)
{
    b->book_cells = book_cells;
    b->book_merges = NULL;
    b->max_book_merges = 0;
    bp_vec_init(&b->cells, sizeof(bp_wb_cell));
    bp_vec_init(&b->merges, sizeof(bp_wb_merge));
}

bp_wb_cell *wb_builder_cell(bp_arena *a, wb_sheet_builder *b, int row, int col)
{
    if (*b->book_cells >= WB_MAX_CELLS) return NULL;
    ++*b->book_cells;
    bp_wb_cell *c = bp_vec_push(a, &b->cells);
    c->row = row;
    c->col = col;
    return c;
}

bool wb_builder_merge(bp_arena *a, wb_sheet_builder *b, bp_wb_merge m)
{
    if (b->merges.n >= WB_MAX_MERGES) return false;
    if (b->book_merges && *b->book_merges >= b->max_book_merges) return false;
    *(bp_wb_merge *)bp_vec_push(a, &b->merges) = m;
    if (b->book_merges) ++*b->book_merges;
    return true;
}

int wb_too_many_cells(bp_error *e, const char *what, int row, int col)
{
    char ref[16];
    return bp_fail(e, BP_EINPUT,
                   _("%s, cell %s: more than %d cells with a value in the workbook; the limit is "
                     "%d (docs/limits.md)"),
                   what, workbook_a1(ref, row, col), WB_MAX_CELLS, WB_MAX_CELLS);
}

static int cmp_cell(const void *pa, const void *pb)
{
    const bp_wb_cell *x = pa, *y = pb;
    if (x->row != y->row) return x->row < y->row ? -1 : 1;
    return x->col < y->col ? -1 : x->col > y->col;
}

int wb_builder_finish(bp_arena *a, wb_sheet_builder *b, bp_wb_sheet *s, const char *what,
                      bp_error *e)
{
    bp_wb_cell *c = b->cells.items;
    int n = b->cells.n;
    bool sorted = true;
    for (int i = 1; i < n && sorted; i++)
        sorted = cmp_cell(&c[i - 1], &c[i]) < 0;
    if (!sorted) qsort(c, (size_t)n, sizeof *c, cmp_cell);
    s->nrows = s->ncols = 0;
    for (int i = 0; i < n; i++) {
        if (i > 0 && cmp_cell(&c[i - 1], &c[i]) == 0) {
            char ref[16];
            return bp_fail(e, BP_EINPUT, _("%s, cell %s: the cell is stored twice"), what,
                           workbook_a1(ref, c[i].row, c[i].col));
        }
        if (c[i].row + 1 > s->nrows) s->nrows = c[i].row + 1;
        if (c[i].col + 1 > s->ncols) s->ncols = c[i].col + 1;
    }
    s->cells = n ? c : bp_alloc(a, sizeof *c);
    s->ncells = n;
    BP_TRY(wb_merges_check(a, b->merges.items, b->merges.n, what, e));
    s->merges = b->merges.n ? b->merges.items : bp_alloc(a, sizeof(bp_wb_merge));
    s->nmerges = b->merges.n;
    return BP_OK;
}

/* digits (no dot, no trailing zeros) times 10^exp10 of the first digit,
 * written without exponent. */
static void plain_decimal(char *out, bool neg, const char *digits, int exp10)
{
    size_t nd = strlen(digits);
    char *o = out;
    if (neg) *o++ = '-';
    if (exp10 < 0) {
        *o++ = '0', *o++ = '.';
        for (int i = -1; i > exp10; i--)
            *o++ = '0';
        memcpy(o, digits, nd), o += nd;
    } else {
        for (int i = 0; i <= exp10; i++)
            *o++ = (size_t)i < nd ? digits[i] : '0';
        if (nd > (size_t)exp10 + 1) {
            *o++ = '.';
            memcpy(o, digits + exp10 + 1, nd - (size_t)exp10 - 1);
            o += nd - (size_t)exp10 - 1;
        }
    }
    *o = 0;
}

bool wb_number_text(double x, char out[400])
{
    if (!isfinite(x)) return false;
    if (x == 0) {
        strcpy(out, "0");
        return true;
    }
    /* x rounded to 15 significant digits. Its trailing zeros dropped, it
     * is also the shortest decimal that reads back to the same double: two
     * decimals of at most 15 digits never read as one double (DBL_DIG). */
    char buf[48];
    snprintf(buf, sizeof buf, "%.14e", x);
    /* buf: [-]d[.ddd]e±XX */
    bool neg = buf[0] == '-';
    char digits[20];
    int nd = 0;
    const char *q = buf + neg;
    for (; *q && *q != 'e'; q++) /* the digits, whatever the locale's decimal point */
        if (*q >= '0' && *q <= '9' && nd < 16) digits[nd++] = *q;
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    digits[nd] = 0;
    int exp10 = atoi(q + 1);
    if (exp10 >= 15) {
        /* Excel's General format: 1.5E+15 */
        snprintf(out, 400, "%s%c%s%sE+%d", neg ? "-" : "", digits[0], nd > 1 ? "." : "", digits + 1,
                 exp10);
        return true;
    }
    plain_decimal(out, neg, digits, exp10);
    return true;
}

/* Excel's built-in formats that are the same in every locale (ECMA-376
 * Part 1, 18.8.30); other built-in ids read as General. */
const char *wb_builtin_format(int id)
{
    static const char *const f[50] = {
        [1] = "0",
        [2] = "0.00",
        [3] = "#,##0",
        [4] = "#,##0.00",
        [9] = "0%",
        [10] = "0.00%",
        [11] = "0.00E+00",
        [12] = "# ?/?",
        [13] = "# ?\?/??",
        [14] = "mm-dd-yy",
        [15] = "d-mmm-yy",
        [16] = "d-mmm",
        [17] = "mmm-yy",
        [18] = "h:mm AM/PM",
        [19] = "h:mm:ss AM/PM",
        [20] = "h:mm",
        [21] = "h:mm:ss",
        [22] = "m/d/yy h:mm",
        [37] = "#,##0 ;(#,##0)",
        [38] = "#,##0 ;[Red](#,##0)",
        [39] = "#,##0.00;(#,##0.00)",
        [40] = "#,##0.00;[Red](#,##0.00)",
        [45] = "mm:ss",
        [46] = "[h]:mm:ss",
        [47] = "mmss.0",
        [48] = "##0.0E+0",
        [49] = "@",
    };
    return id > 0 && id < 50 ? f[id] : NULL;
}

double wb_strtod(const char *v, char **end)
{
    /* strtod reads the locale's decimal point; the file's is '.' */
    char buf[64];
    const char *dp = localeconv()->decimal_point;
    size_t n = strlen(v);
    if (n >= sizeof buf || (dp[0] == '.' && !dp[1])) return strtod(v, end);
    memcpy(buf, v, n + 1);
    char *dot = strchr(buf, '.');
    if (dot && !dp[1]) *dot = dp[0];
    double x = strtod(buf, end);
    *end = (char *)v + (*end - buf);
    return x;
}

bool wb_decimal_text(const char *v, char out[400])
{
    const char *p = v;
    bool neg = *p == '-';
    if (neg || *p == '+') p++;
    const char *int0 = p;
    while (*p >= '0' && *p <= '9')
        p++;
    const char *int1 = p, *frac0 = p, *frac1 = p;
    if (*p == '.') {
        frac0 = ++p;
        while (*p >= '0' && *p <= '9')
            p++;
        frac1 = p;
    }
    if (*p || (int1 == int0 && frac1 == frac0)) return false; /* exponent, sign only, other */
    while (int0 < int1 - 1 && *int0 == '0')
        int0++;
    while (frac1 > frac0 && frac1[-1] == '0')
        frac1--;
    size_t ni = (size_t)(int1 - int0), nf = (size_t)(frac1 - frac0);
    if (ni == 0) int0 = "0", ni = 1;
    bool zero_int = ni == 1 && *int0 == '0';
    /* significant digits: those of the integer part, or the fraction's
     * from its first non-zero */
    size_t sig = zero_int ? 0 : ni + nf;
    if (zero_int) {
        const char *f = frac0;
        while (f < frac1 && *f == '0')
            f++;
        sig = (size_t)(frac1 - f);
    }
    if (sig > 15 || ni > 15) return false; /* rounding, or 1E+15 and above */
    char *o = out;
    if (neg && !(zero_int && nf == 0)) *o++ = '-';
    memcpy(o, int0, ni), o += ni;
    if (nf) *o++ = '.', memcpy(o, frac0, nf), o += nf;
    *o = 0;
    return true;
}
