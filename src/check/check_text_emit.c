/* check_text_emit.c — what a check of the text found, kept at its place
 * in document.md (file:line:column) until the run reports every finding
 * in the order of their places (check_text.c). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "check_text_priv.h"
#include "doc_text.h"
#include "i18n.h"

/* Whether the character at s ends a phrase: punctuation, a space, a figure. */
static bool phrase_stop(const char *s)
{
    static const char *const stops[] = {"，", "。", "；", "：", "、", "！",    "？", "（",
                                        "）", "“",  "”",  "《", "》", TX_EXPR, NULL};
    if (!*s || strchr(" \n\t,.;:!?()\"", *s)) return true;
    for (const char *const *p = stops; *p; p++)
        if (!strncmp(s, *p, strlen(*p))) return true;
    return false;
}

/* The end of the phrase a finding at byte off of b's text names: a number
 * with its unit (a year with 年), else the words up to the next
 * punctuation (at least one character, at most 24). */
static size_t phrase_end(const tx_block *b, size_t off)
{
    tx_num x;
    if (off < b->n && tx_number_at(b->text, off, &x)) {
        size_t end = x.unit_exp != TX_NO_UNIT ? x.unit_end : x.end;
        if (x.unit_exp == TX_NO_UNIT && !strncmp(b->text + end, "年", 3)) end += 3;
        return end;
    }
    size_t i = off, len;
    for (int n = 0; i < b->n && n < 24 && (n == 0 || !phrase_stop(b->text + i)); n++) {
        tx_cp(b->text + i, &len);
        i += len ? len : 1;
    }
    return i;
}

tx_found *tx_emit(run *R, tx_doc *d, const tx_block *b, size_t off, int severity, const char *rule,
                  const char *fmt, ...)
{
    char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    tx_found *f = bp_vec_push(R->c->a, &d->found);
    tx_place(b, off, &f->line, &f->col);
    const char *file = doc_text_map_place(R->text_map, d->path, &f->line, &f->col);
    f->severity = severity;
    f->seq = d->found.n;
    f->rule = _(rule); /* marked N_() where it is kept */
    f->where = bp_sprintf(R->c->a, "%s:%d:%d", file, f->line, f->col);
    f->message = bp_sprintf(R->c->a, _("%s: %s (%s)"), f->where, buf, f->rule);
    f->table = -1;
    tx_src_span(b, off, phrase_end(b, off), &f->src_from, &f->src_to);
    f->kind = NULL;
    return f;
}

const char *tx_at(run *R, const tx_block *b, size_t off)
{
    int line, col;
    tx_place(b, off, &line, &col);
    doc_text_map_place(R->text_map, NULL, &line, &col);
    return bp_sprintf(R->c->a, "%d:%d", line, col);
}
