/* number.c — exact decimal parsing and formatting of amounts. */
#include "number.h"
#include "i18n.h"

#include <stdio.h>
#include <string.h>

#define UNITS_MAX 900000000000000000LL /* 9e17: leaves room for rounding */

const char *number_parse(const char *s, size_t len, bp_decimal *out)
{
    size_t i = 0;
    bool neg = false;
    while (i < len && s[i] == ' ')
        i++;
    while (len > i && s[len - 1] == ' ')
        len--;
    if (i < len && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
    if (i == len) return N_("is not a number");
    int64_t units = 0;
    int scale = 0, digits = 0, group = -1; /* digits since the last comma, -1 = no comma seen */
    int int_digits = 0;
    bool point = false;
    for (; i < len; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            if (point) {
                if (scale == BP_DEC_MAX_SCALE) return N_("has more than 6 decimals");
                scale++;
            } else {
                int_digits++;
                if (group >= 0) group++;
            }
            if (units > UNITS_MAX / 10) return N_("is too large");
            units = units * 10 + (c - '0');
            digits++;
        } else if (c == ',' && !point) {
            if (int_digits == 0 || (group >= 0 && group != 3) || (group < 0 && int_digits > 3))
                return N_("has misplaced thousands separators");
            group = 0;
        } else if (c == '.' && !point) {
            if (group >= 0 && group != 3) return N_("has misplaced thousands separators");
            point = true;
        } else {
            return N_("is not a number");
        }
    }
    if (!point && group >= 0 && group != 3) return N_("has misplaced thousands separators");
    if (digits == 0) return N_("is not a number");
    out->units = neg ? -units : units;
    out->scale = scale;
    return NULL;
}

bool number_rescale(bp_decimal v, int scale, bp_decimal *out)
{
    int64_t u = v.units;
    for (int s = v.scale; s < scale; s++) {
        if (u > UNITS_MAX / 10 || u < -UNITS_MAX / 10) return false;
        u *= 10;
    }
    out->units = u;
    out->scale = scale > v.scale ? scale : v.scale;
    return true;
}

bool number_is_zero(bp_decimal v)
{
    return v.units == 0;
}

void number_format_override(bp_numfmt *f, const bp_numfmt *over, unsigned keys)
{
    if (keys & BP_FMT_DECIMALS) f->decimals = over->decimals, f->as_entered = over->as_entered;
    if (keys & BP_FMT_THOUSANDS) f->thousands = over->thousands;
    if (keys & BP_FMT_ZERO) f->zero = over->zero, f->zero_number = over->zero_number;
}

void number_format(bp_decimal v, const bp_numfmt *f, char *buf, size_t size)
{
    /* as entered: the figure's own decimals, at most f->decimals */
    int want = f->as_entered && v.scale < f->decimals ? v.scale : f->decimals;
    bool zero = want < v.scale ? bp_exact_round_abs(v.units, v.scale, want) == 0 : v.units == 0;
    if (zero && !f->zero_number) {
        snprintf(buf, size, "%s", f->zero ? f->zero : "0");
        return;
    }
    bp_exact_style st = {want, want, f->thousands}; /* -0.04 at one decimal: 0.0 */
    bp_exact_format(v.units, v.scale, &st, buf, size);
}
