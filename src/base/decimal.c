/* decimal.c — exact decimals (decimal.h): powers of ten, units, rounding
 * half away from zero, and the one formatter of a value's digits. */
#include "decimal.h"

#include <string.h>

bp_exact bp_exact_pow10(int n)
{
    bp_exact v = 1;
    while (n-- > 0)
        v *= 10;
    return v;
}

bp_exact bp_exact_of(bp_decimal d)
{
    return (bp_exact)d.units * bp_exact_pow10(BP_EXACT_SCALE - d.scale);
}

bp_exact bp_exact_in_unit(bp_decimal d, int exp)
{
    return (bp_exact)d.units * bp_exact_pow10(BP_EXACT_SCALE - d.scale + exp);
}

bp_exact bp_exact_round_abs(bp_exact v, int scale, int decimals)
{
    if (v < 0) v = -v;
    bp_exact unit = bp_exact_pow10(scale - decimals);
    bp_exact q = v / unit, r = v % unit;
    return 2 * r >= unit ? q + 1 : q;
}

/* The digits of q / 10^decimals, reversed, into rev (at most 96). */
static int reversed_digits(bp_exact q, int decimals, bool thousands, char *rev)
{
    int n = 0;
    for (int k = 0; k < decimals; k++, q /= 10)
        rev[n++] = (char)('0' + (int)(q % 10));
    if (decimals > 0) rev[n++] = '.';
    int ni = 0;
    do {
        if (thousands && ni > 0 && ni % 3 == 0) rev[n++] = ',';
        rev[n++] = (char)('0' + (int)(q % 10));
        q /= 10;
        ni++;
    } while (q > 0 && n < 90);
    return n;
}

size_t bp_exact_format(bp_exact v, int scale, const bp_exact_style *st, char *buf, size_t size)
{
    int dec = st->decimals;
    bp_exact q = dec <= scale ? bp_exact_round_abs(v, scale, dec)
                              : (v < 0 ? -v : v) * bp_exact_pow10(dec - scale);
    int keep = dec; /* trailing zeros dropped down to min_decimals */
    bp_exact t = q;
    while (keep > st->min_decimals && t % 10 == 0)
        keep--, t /= 10;
    char rev[96];
    int n = reversed_digits(t, keep, st->thousands, rev);
    char out[100];
    int o = 0;
    if (v < 0 && q != 0) out[o++] = '-';
    while (n > 0)
        out[o++] = rev[--n];
    out[o] = 0;
    if (size) {
        size_t m = (size_t)o < size - 1 ? (size_t)o : size - 1;
        memcpy(buf, out, m);
        buf[m] = 0;
    }
    return (size_t)o;
}

const char *bp_exact_text(bp_arena *a, bp_exact v, int scale, const bp_exact_style *st)
{
    char buf[100];
    bp_exact_format(v, scale, st, buf, sizeof buf);
    return bp_strdup(a, buf);
}

const char *bp_exact_plain(bp_arena *a, bp_exact v, int scale, int min_decimals)
{
    bp_exact_style st = {scale, min_decimals < scale ? min_decimals : scale, false};
    return bp_exact_text(a, v, scale, &st);
}
