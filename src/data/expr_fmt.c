/* expr_fmt.c — figures as running text prints them (expr_priv.h): the
 * layout set's `figures:` (decimals, trailing zeros, thousands), the
 * percentages of pct() and share() (largest remainder: a group's shares add
 * up to exactly 100), and the wording of a change by its sign. Exact
 * integers throughout; rounding is half away from zero, as the tables'
 * (number.h). */
#include <string.h>

#include "expr_priv.h"

const char *expr_fmt_figure(bp_arena *a, const bp_figures *f, bp_exact v, int scale)
{
    int d = f->decimals >= 0 ? f->decimals : scale;
    bp_exact_style st = {d, f->trim_zeros ? 0 : d, f->thousands};
    return bp_exact_text(a, v, EXPR_SCALE, &st);
}

/* q hundredths of a percent (at pct_decimals) with its suffix. */
static const char *pct_text(bp_arena *a, const bp_figures *f, bool neg, bp_exact q)
{
    int d = f->pct_decimals;
    bp_exact_style st = {d, d, false};
    return bp_sprintf(a, "%s%s", bp_exact_text(a, neg ? -q : q, d, &st), f->pct_suffix);
}

const char *expr_fmt_pct(bp_arena *a, const bp_figures *f, bp_exact part, bp_exact whole)
{
    bool neg = (part < 0) != (whole < 0);
    bp_exact p = part < 0 ? -part : part, w = whole < 0 ? -whole : whole;
    bp_exact num = p * 100 * bp_exact_pow10(f->pct_decimals);
    bp_exact q = num / w, r = num % w;
    if (2 * r >= w) q++;
    return pct_text(a, f, neg, q);
}

const char *expr_fmt_share(bp_arena *a, const bp_figures *f, const bp_exact *parts, int n, int k)
{
    bp_exact sum = 0, total = 100 * bp_exact_pow10(f->pct_decimals), given = 0;
    for (int i = 0; i < n; i++)
        sum += parts[i];
    bp_exact *q = bp_alloc(a, (size_t)n * sizeof *q), *r = bp_alloc(a, (size_t)n * sizeof *r);
    for (int i = 0; i < n; i++) {
        q[i] = parts[i] * total / sum;
        r[i] = parts[i] * total % sum;
        given += q[i];
    }
    /* the units left go to the largest remainders, the first on a tie */
    for (bp_exact left = total - given; left > 0; left--) {
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

const char *expr_fmt_change(bp_arena *a, const bp_figures *f, bp_exact d, int scale,
                            const char *unit)
{
    int dec = f->decimals >= 0 ? f->decimals : scale;
    if (bp_exact_round_abs(d, EXPR_SCALE, dec) == 0) return fill(a, f->change_same, "", unit);
    const char *value = expr_fmt_figure(a, f, d < 0 ? -d : d, scale);
    return fill(a, d > 0 ? f->change_up : f->change_down, value, unit);
}
