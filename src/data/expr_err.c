/* expr_err.c — where a figure's fault is and how it is said (expr_priv.h):
 * the file, line and column of an offset of the text between `{{` and
 * `}}`, failing there, and the bound of what a figure may hold. Below the
 * evaluator (expr.c) and the functions (expr_fn.c), which both use it. */
#include <stdio.h>

#include "expr_priv.h"
#include "i18n.h"

/* file:line:col of byte off of the text: the `{{` is 2 characters before
 * it; a line break inside the braces starts a new line. */
void expr_place(void *ctx, size_t off, const char **file, size_t *line, size_t *col)
{
    const expr_ev *x = ctx;
    size_t from = 0, nl = 0;
    if (off > x->len) off = x->len;
    for (size_t i = 0; i < off && i < x->len; i++)
        if (x->s[i] == '\n') nl++, from = i + 1;
    *file = x->file;
    *line = (size_t)x->line + nl;
    *col = (nl ? 1 : (size_t)x->col + 2) + bp_utf8_count(x->s + from, off - from);
}

int expr_fail(expr_ev *x, size_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = term_vfail(&x->src, off, fmt, ap);
    va_end(ap);
    return rc;
}

int expr_bounded(expr_ev *x, bp_exact v, size_t off, const char *what)
{
    if (v > BP_EXPR_BOUND || v < -BP_EXPR_BOUND)
        return expr_fail(x, off, _("'%s' gives a figure beyond 10^23, too large to compute"), what);
    return BP_OK;
}
