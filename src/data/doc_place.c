/* doc_place.c — the placement markers of document.md (doc_place.h):
 * recognised among the figures, kept in the text, and checked to stand
 * alone in a paragraph. What they place is the layout's (layout_whole.c). */
#include "doc_place.h"
#include "i18n.h"

#include <string.h>

static void trim(const char *s, size_t *b, size_t *e)
{
    while (*b < *e && (s[*b] == ' ' || s[*b] == '\t'))
        (*b)++;
    while (*e > *b && (s[*e - 1] == ' ' || s[*e - 1] == '\t'))
        (*e)--;
}

static bool word_is(const char *s, size_t b, size_t e, const char *w)
{
    size_t n = strlen(w);
    return e - b >= n && !memcmp(s + b, w, n) &&
           (e - b == n || s[b + n] == ' ' || s[b + n] == '\t');
}

bool doc_place_is(const char *s, size_t len)
{
    size_t b = 0, e = len;
    trim(s, &b, &e);
    return word_is(s, b, e, "table") || word_is(s, b, e, "annex");
}

const char *doc_place_value(bp_arena *a, const char *s, size_t len)
{
    size_t b = 0, e = len;
    trim(s, &b, &e);
    char *v = bp_alloc(a, e - b + 3);
    v[0] = DOC_PLACE_MARK;
    memcpy(v + 1, s + b, e - b);
    v[e - b + 1] = DOC_PLACE_END;
    v[e - b + 2] = 0;
    return v;
}

static int refuse(const bp_text *t, const bp_block *b, size_t off, const char *why,
                  doc_place_fn where, bp_error *e)
{
    int line, col;
    where(b, off, &line, &col);
    return bp_fail(e, BP_EINPUT,
                   _("%s:%d:%d: a table marker ({{ table … }}, {{ annex }}) %s: write it alone in "
                     "its paragraph, with a blank line before and after"),
                   t->file, line, col, why);
}

int doc_place_blocks(bp_text *t, doc_place_fn where, bp_error *e)
{
    for (int i = 0; i < t->nblocks; i++) {
        bp_block *b = &t->blocks[i];
        const char *m = strchr(b->text, DOC_PLACE_MARK);
        if (!m) continue;
        size_t off = (size_t)(m - b->text);
        if (b->kind != BP_DOC_BODY)
            return refuse(t, b, off,
                          b->kind < BP_DOC_BODY ? "cannot be in a heading" : "cannot be in a list",
                          where, e);
        bool in = false; /* inside a marker's words */
        for (size_t k = 0; b->text[k]; k++) {
            char c = b->text[k];
            if (c == DOC_PLACE_MARK || c == DOC_PLACE_END)
                in = c == DOC_PLACE_MARK;
            else if (!in && c != ' ' && c != '\n')
                return refuse(t, b, off, "shares its paragraph with text", where, e);
        }
        b->place = true;
    }
    return BP_OK;
}

doc_marker *doc_place_markers(bp_arena *a, const bp_block *b, int *n)
{
    int count = 0;
    for (const char *p = b->text; (p = strchr(p, DOC_PLACE_MARK)); p++)
        count++;
    doc_marker *m = bp_alloc(a, (size_t)(count ? count : 1) * sizeof *m);
    int k = 0;
    for (const char *p = b->text; (p = strchr(p, DOC_PLACE_MARK)); k++) {
        const char *s = p + 1, *end = strchr(s, DOC_PLACE_END);
        size_t len = end ? (size_t)(end - s) : strlen(s);
        m[k] = (doc_marker){s, len, (size_t)(p - b->text)};
        p = s + len;
    }
    *n = k;
    return m;
}
