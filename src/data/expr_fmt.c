/* expr_fmt.c — figures as running text prints them (expr_priv.h): the
 * layout set's `figures:` (decimals, trailing zeros, thousands), the
 * percentages of pct() and share() (largest remainder: a group's shares add
 * up to exactly 100), and the wording of a change by its sign. Exact
 * integers throughout; rounding is half away from zero, as the tables'
 * (number.h). */
#include <string.h>

#include "expr_priv.h"

static expr_i128 pow10x(int n)
{
    expr_i128 v = 1;
    while (n-- > 0)
        v *= 10;
    return v;
}

expr_i128 expr_units(bp_decimal d)
{
    return (expr_i128)d.units * pow10x(EXPR_SCALE - d.scale);
}

/* |v| at EXPR_SCALE rounded half away from zero to `decimals`, in units of
 * 10^-decimals. */
static expr_i128 round_abs(expr_i128 v, int decimals)
{
    if (v < 0) v = -v;
    expr_i128 unit = pow10x(EXPR_SCALE - decimals);
    expr_i128 q = v / unit, r = v % unit;
    return 2 * r >= unit ? q + 1 : q;
}

/* q / 10^decimals as text: sign, digits (with ',' every three when
 * thousands), the decimals (trailing zeros dropped when trim). */
static const char *digits_text(bp_arena *a, bool neg, expr_i128 q, int decimals, bool thousands,
                               bool trim)
{
    char frac[16], ip[64];
    int nf = 0, ni = 0;
    expr_i128 scale = pow10x(decimals), whole = q / scale, part = q % scale;
    for (int k = decimals - 1; k >= 0; k--)
        frac[nf++] = (char)('0' + (int)(part / pow10x(k) % 10));
    while (trim && nf > 0 && frac[nf - 1] == '0')
        nf--;
    char rev[64];
    int nr = 0;
    do {
        if (thousands && nr % 4 == 3) rev[nr++] = ',';
        rev[nr++] = (char)('0' + (int)(whole % 10));
        whole /= 10;
    } while (whole > 0 && nr < 60);
    if (neg && (q != 0)) ip[ni++] = '-';
    while (nr > 0)
        ip[ni++] = rev[--nr];
    ip[ni] = 0;
    frac[nf] = 0;
    return nf ? bp_sprintf(a, "%s.%s", ip, frac) : bp_strdup(a, ip);
}

const char *expr_fmt_figure(bp_arena *a, const bp_figures *f, expr_i128 v, int scale)
{
    int d = f->decimals >= 0 ? f->decimals : scale;
    return digits_text(a, v < 0, round_abs(v, d), d, f->thousands, f->trim_zeros);
}

static const char *pct_text(bp_arena *a, const bp_figures *f, bool neg, expr_i128 q)
{
    return bp_sprintf(a, "%s%s", digits_text(a, neg, q, f->pct_decimals, false, false),
                      f->pct_suffix);
}

const char *expr_fmt_pct(bp_arena *a, const bp_figures *f, expr_i128 part, expr_i128 whole)
{
    bool neg = (part < 0) != (whole < 0);
    expr_i128 p = part < 0 ? -part : part, w = whole < 0 ? -whole : whole;
    expr_i128 num = p * 100 * pow10x(f->pct_decimals);
    expr_i128 q = num / w, r = num % w;
    if (2 * r >= w) q++;
    return pct_text(a, f, neg, q);
}

const char *expr_fmt_share(bp_arena *a, const bp_figures *f, const expr_i128 *parts, int n, int k)
{
    expr_i128 sum = 0, total = 100 * pow10x(f->pct_decimals), given = 0;
    for (int i = 0; i < n; i++)
        sum += parts[i];
    expr_i128 *q = bp_alloc(a, (size_t)n * sizeof *q), *r = bp_alloc(a, (size_t)n * sizeof *r);
    for (int i = 0; i < n; i++) {
        q[i] = parts[i] * total / sum;
        r[i] = parts[i] * total % sum;
        given += q[i];
    }
    /* the units left go to the largest remainders, the first on a tie */
    for (expr_i128 left = total - given; left > 0; left--) {
        int best = -1;
        for (int i = 0; i < n; i++)
            if (r[i] >= 0 && (best < 0 || r[i] > r[best])) best = i;
        q[best]++;
        r[best] = -1;
    }
    return pct_text(a, f, false, q[k]);
}

/* tmpl with {value} and {unit} replaced. */
static const char *fill(bp_arena *a, const char *tmpl, const char *value, const char *unit)
{
    char *s = bp_strdup(a, "");
    for (const char *p = tmpl; *p;) {
        if (!strncmp(p, "{value}", 7)) {
            s = bp_sprintf(a, "%s%s", s, value);
            p += 7;
        } else if (!strncmp(p, "{unit}", 6)) {
            s = bp_sprintf(a, "%s%s", s, unit);
            p += 6;
        } else {
            const char *q = p + 1;
            while (*q && *q != '{')
                q++;
            s = bp_sprintf(a, "%s%.*s", s, (int)(q - p), p);
            p = q;
        }
    }
    return s;
}

const char *expr_fmt_change(bp_arena *a, const bp_figures *f, expr_i128 d, int scale,
                            const char *unit)
{
    int dec = f->decimals >= 0 ? f->decimals : scale;
    if (round_abs(d, dec) == 0) return fill(a, f->change_same, "", unit);
    const char *value = expr_fmt_figure(a, f, d < 0 ? -d : d, scale);
    return fill(a, d > 0 ? f->change_up : f->change_down, value, unit);
}
