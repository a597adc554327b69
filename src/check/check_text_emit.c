/* check_text_emit.c — what a check of the text found, kept at its place
 * in document.md (file:line:column) until the run reports every finding
 * in the order of their places (check_text.c). */
#include <stdarg.h>
#include <stdio.h>

#include "check_text_priv.h"
#include "doc_text.h"

tx_found *tx_emit(run *R, tx_doc *d, const tx_block *b, size_t off, int severity, const char *rule,
                  const char *fmt, ...)
{
    char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    tx_found *f = bp_vec_push(R->a, &d->found);
    tx_place(b, off, &f->line, &f->col);
    const char *file = doc_text_map_place(R->text_map, d->path, &f->line, &f->col);
    f->severity = severity;
    f->seq = d->found.n;
    f->rule = rule;
    f->where = bp_sprintf(R->a, "%s:%d:%d", file, f->line, f->col);
    f->message = bp_sprintf(R->a, "%s: %s (%s)", f->where, buf, rule);
    f->table = -1;
    return f;
}

const char *tx_at(run *R, const tx_block *b, size_t off)
{
    int line, col;
    tx_place(b, off, &line, &col);
    doc_text_map_place(R->text_map, NULL, &line, &col);
    return bp_sprintf(R->a, "%d:%d", line, col);
}
