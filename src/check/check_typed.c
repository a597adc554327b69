/* check_typed.c — the figures typed in a document's text with their
 * places and words (check_typed.h), over the blocks and the number reader
 * the text checks use (the one tree: check_text_tree.c; check_text_chars.c). */
#include <string.h>

#include "check_text_priv.h"
#include "check_typed.h"

/* A unit followed by 以上, 以下…: a threshold ("50 万元以上"), not a figure. */
static bool threshold(const char *s)
{
    static const char *const words[] = {"以上", "以下", "以内", "以外", "及以上", "及以下", NULL};
    for (const char *const *w = words; *w; w++)
        if (!strncmp(s, *w, strlen(*w))) return true;
    return false;
}

static bool is_mark(const char *s, const char *const *marks)
{
    for (const char *const *m = marks; *m; m++)
        if (!strncmp(s, *m, strlen(*m))) return true;
    return false;
}

static const char *const clause_marks[] = {"，", "。", "；", "：", "！", "？", "、",
                                           ",",  ";",  ":",  "!",  "?",  NULL};
static const char *const sentence_marks[] = {"。", "！", "？", "!", "?", NULL};

/* The text of b before off back to one of marks (at most max characters),
 * without white space. */
static const char *before(bp_arena *a, const tx_block *b, size_t off, const char *const *marks,
                          int max)
{
    size_t from = off;
    for (int n = 0; from > 0 && n < max; n++) {
        size_t s = from - 1;
        while (s > 0 && ((unsigned char)b->text[s] & 0xC0) == 0x80)
            s--;
        if (is_mark(b->text + s, marks)) break;
        from = s;
    }
    char *t = bp_alloc(a, off - from + 1), *o = t;
    for (size_t i = from; i < off;) {
        size_t len;
        if (tx_is_space(b->text + i, &len)) {
            i += len;
            continue;
        }
        tx_cp(b->text + i, &len);
        if (!len) break;
        memcpy(o, b->text + i, len);
        o += len, i += len;
    }
    *o = 0;
    return t;
}

/* Where line:col is, from a cursor at the start of a line before it
 * (figures come in order: the source is read once). */
typedef struct cursor {
    size_t at; /* the start of line */
    int line;
} cursor;

static size_t offset_from(cursor *c, const char *src, size_t len, int line, int col)
{
    if (line < c->line) c->at = 0, c->line = 1;
    for (; c->line < line && c->at < len; c->at++)
        if (src[c->at] == '\n') c->line++;
    size_t i = c->at;
    for (int c = 1; c < col && i < len; c++) {
        i++;
        while (i < len && ((unsigned char)src[i] & 0xC0) == 0x80)
            i++;
    }
    return i;
}

size_t check_typed_offset(const char *src, size_t len, int line, int col)
{
    cursor c = {0, 1};
    return offset_from(&c, src, len, line, col);
}

/* The typed figure n of block b, placed in the source; false when its
 * digits and unit are not found there as they are in the block. */
static bool place(const char *src, size_t len, cursor *c, const tx_block *b, const tx_num *n,
                  bp_typed *t)
{
    tx_place(b, n->at, &t->line, &t->col);
    t->at = offset_from(c, src, len, t->line, t->col);
    size_t nd = n->end - n->at, nu = n->unit_end - n->end;
    if (t->at + nd + nu > len || memcmp(src + t->at, b->text + n->at, nd)) return false;
    t->end = t->at + nd;
    if (memcmp(src + t->end, b->text + n->end, nu)) return false;
    t->unit_at = t->end + (n->unit_at - n->end);
    t->unit_end = t->end + nu;
    return true;
}

/* Counts the sentence ends of b's text from *from to off (moving *from). */
static int sentences_to(const tx_block *b, size_t *from, size_t off)
{
    int k = 0;
    for (; *from < off; (*from)++)
        if (is_mark(b->text + *from, sentence_marks)) k++;
    return k;
}

int check_typed_figures(bp_arena *a, const char *path, const char *src, size_t len, bp_vec *out,
                        bp_error *e)
{
    tx_doc d;
    BP_TRY(tx_parse(BP_CTX(a, e), path, bp_strndup(a, src, len), len, &d));
    const char *heading = "";
    int sentence = 0;
    cursor c = {0, 1};
    for (int k = 0; k < d.n; k++) {
        const tx_block *b = &d.blocks[k];
        if (b->kind == TX_HEADING) heading = before(a, b, b->n, sentence_marks, 256);
        size_t counted = 0;
        for (size_t i = 0; i < b->n; i++) {
            tx_num n;
            if (!tx_number_at(b->text, i, &n)) continue;
            i = n.end - 1;
            if (n.unit_exp == TX_NO_UNIT || !n.parsed || threshold(b->text + n.unit_end)) continue;
            bp_typed t;
            memset(&t, 0, sizeof t);
            if (!place(src, len, &c, b, &n, &t)) continue;
            t.v = n.v;
            t.unit_exp = n.unit_exp == TX_PERCENT ? -1 : n.unit_exp;
            t.clause = before(a, b, n.at, clause_marks, 64);
            t.sentence = before(a, b, n.at, sentence_marks, 256);
            t.heading = heading;
            t.block = k;
            sentence += sentences_to(b, &counted, n.at);
            t.sentence_no = sentence;
            *(bp_typed *)bp_vec_push(a, out) = t;
        }
        sentence += sentences_to(b, &counted, b->n) + 1;
    }
    return BP_OK;
}
