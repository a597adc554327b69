/* check_text_tree.c — the text checks' view of document.md: the blocks of
 * the one tree md4c builds for the typesetter (doc_text.h), each figure
 * `{{ … }}` read as one TX_EXPR character (the checks look at what is
 * typed; its value, when evaluated, is the walk's: check_text_eval.c),
 * each block with its text squeezed of white space and the places of its
 * bytes in the source (line, column, byte). */
#include <string.h>

#include "check_text_priv.h"

/* Every figure reads as TX_EXPR, not evaluated (tx_parse: the typed figures). */
static int figure_mark(void *env, const char *src, size_t len, const char *file, int line, int col,
                       const char **out, bp_error *e)
{
    (void)env, (void)src, (void)len, (void)file, (void)line, (void)col, (void)e;
    *out = TX_EXPR;
    return BP_OK;
}

static void squeeze(bp_arena *a, tx_block *k)
{
    char *sq = bp_alloc(a, k->n + 1);
    size_t *at = bp_alloc(a, (k->n + 1) * sizeof *at), n = 0;
    for (size_t i = 0; i < k->n;) {
        size_t len;
        if (tx_is_space(k->text + i, &len)) {
            i += len;
            continue;
        }
        sq[n] = k->text[i];
        at[n++] = i++;
    }
    sq[n] = 0;
    at[n] = k->n;
    k->sq = sq;
    k->nsq = n;
    k->sq_at = at;
}

static tx_kind kind_of(bp_doc_elem_kind k)
{
    return k == BP_DOC_BODY ? TX_PARA : k == BP_DOC_ITEM ? TX_ITEM : TX_HEADING;
}

void tx_blocks(bp_ctx *c, const char *path, const bp_text *t, tx_doc *out)
{
    bp_arena *a = c->a;
    out->path = path;
    out->blocks = bp_alloc(a, (size_t)(t->nblocks ? t->nblocks : 1) * sizeof *out->blocks);
    out->n = 0;
    for (int i = 0; i < t->nblocks; i++) {
        const bp_block *b = &t->blocks[i];
        if (!b->text[0]) continue; /* an empty item: nothing to read */
        tx_block *k = &out->blocks[out->n++];
        memset(k, 0, sizeof *k);
        k->kind = kind_of(b->kind);
        k->text = b->text;
        k->n = strlen(b->text);
        k->at = b->at;
        k->nat = b->nat;
        k->src = b;
        squeeze(a, k);
    }
}

int tx_parse(bp_ctx *c, const char *path, const char *src, size_t len, tx_doc *out)
{
    bp_text t;
    BP_TRY(doc_text_parse(c->a, path, src, len, figure_mark, NULL, &t, c->e));
    tx_blocks(c, path, &t, out);
    return BP_OK;
}

void tx_place(const tx_block *b, size_t off, int *line, int *col)
{
    doc_text_place(b->src, off, line, col);
}

void tx_src_span(const tx_block *b, size_t off, size_t end, size_t *from, size_t *to)
{
    size_t f0, t0;
    doc_text_src(b->src, off < b->n ? off : (b->n ? b->n - 1 : 0), from, &t0);
    *to = t0;
    if (end > off + 1 && end <= b->n) {
        size_t last = end - 1;
        while (last > off && ((unsigned char)b->text[last] & 0xC0) == 0x80)
            last--;
        doc_text_src(b->src, last, &f0, &t0);
        if (t0 > *to) *to = t0;
    }
}
