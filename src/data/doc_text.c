/* doc_text.c — reading document.md (doc_text.h): its figures are found and
 * evaluated first, each replaced by a private-use placeholder (U+E000) so
 * that no expression passes through the Markdown parser, then md4c parses
 * the text and the blocks are collected with the figures' values put back.
 * md4c reports running out of memory instead of aborting, and its text
 * pointers lead back to the source line of each block. */
#include "doc_text.h"

#include <md4c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "doc_place.h"
#include "in_file.h"
#include "i18n.h"

#define PLACEHOLDER "\xEE\x80\x80" /* U+E000 */
#define PLACEHOLDER_LEN 3

/* A place in a text read forward: byte off of s is at line:col (1-based,
 * col in characters). Moving it forward reads only the bytes in between,
 * so the places of a file's figures and blocks, asked in order, cost one
 * pass over the file (asked backwards, it starts again from the top). */
typedef struct src_pos {
    const char *s;
    size_t off;
    int line, col;
} src_pos;

static void pos_move(src_pos *p, size_t off)
{
    if (off < p->off) p->off = 0, p->line = 1, p->col = 1;
    for (; p->off < off; p->off++) {
        if (p->s[p->off] == '\n')
            p->line++, p->col = 1;
        else if (((unsigned char)p->s[p->off] & 0xC0) != 0x80)
            p->col++;
    }
}

/* 1-based line and character column of byte off of s. */
static void position(const char *s, size_t off, int *line, int *col)
{
    src_pos p = {s, 0, 1, 1};
    pos_move(&p, off);
    *line = p.line;
    *col = p.col;
}

const char *doc_text_map_place(const bp_text_map *map, const char *file, int *line, int *col)
{
    if (!map || *line < 1 || *line > map->nlines) return file;
    int n = *line - 1, c = *col - map->shift[n];
    if (map->file && map->file[n]) file = map->file[n];
    for (const int *p = map->adj ? map->adj[n] : NULL; p && p[0]; p += 2)
        if (*col >= p[0]) c -= p[1];
    *line = map->line[n];
    *col = c < 1 ? 1 : c;
    return file;
}

static int fail_at(bp_error *e, const char *file, const char *s, size_t off, const char *what,
                   const bp_text_map *map)
{
    int line, col;
    position(s, off, &line, &col);
    file = doc_text_map_place(map, file, &line, &col);
    return bp_fail(e, BP_EINPUT, _("%s:%d:%d: %s"), file, line, col, _(what));
}

/* Phase 1: the figures. dst receives src with each `{{ … }}` replaced by
 * the placeholder; vals[i] the value of the i-th, at[i] where it is. A
 * figure stays on one line (so that the lines of dst are those of src). */
typedef struct fig_at {
    size_t dst;    /* its placeholder's offset in dst */
    size_t srclen; /* the bytes of `{{ … }}` in src */
} fig_at;

typedef struct figures {
    bp_vec vals; /* const char * */
    bp_vec at;   /* fig_at */
    const char *src;
    char *dst;
    size_t len;
} figures;

static int find_figures(bp_arena *a, const char *file, const char *src, size_t len,
                        bp_figure_fn fig, void *env, const bp_text_map *map, figures *f,
                        bp_error *e)
{
    bp_vec_init(&f->vals, sizeof(const char *));
    bp_vec_init(&f->at, sizeof(fig_at));
    f->src = src;
    f->dst = bp_alloc(a, len + 1);
    f->len = 0;
    src_pos pos = {src, 0, 1, 1};
    for (size_t i = 0; i < len;) {
        if (len - i >= PLACEHOLDER_LEN && !memcmp(src + i, PLACEHOLDER, PLACEHOLDER_LEN))
            return fail_at(e, file, src, i, N_("character U+E000 (private use) is not allowed"),
                           map);
        unsigned char ch = (unsigned char)src[i];
        if ((ch < 0x20 && ch != '\n' && ch != '\r' && ch != '\t') || ch == 0x7F)
            return fail_at(e, file, src, i,
                           bp_sprintf(a, "control character U+%04X is not allowed", ch), map);
        if (src[i] != '{' || i + 1 >= len || src[i + 1] != '{') {
            f->dst[f->len++] = src[i++];
            continue;
        }
        size_t j = i + 2;
        while (j + 1 < len && !(src[j] == '}' && src[j + 1] == '}') && src[j] != '\n' &&
               !(src[j] == '{' && src[j + 1] == '{'))
            j++;
        if (j + 1 >= len || src[j] == '\n')
            return fail_at(e, file, src, i, N_("'{{' without '}}' on the same line"), map);
        if (src[j] == '{')
            return fail_at(e, file, src, i, N_("'{{' is not closed by '}}' before the next '{{'"),
                           map);
        bool place = doc_place_is(src + i + 2, j - i - 2); /* {{ table 01 }} */
        if (!fig && !place)
            return fail_at(e, file, src, i,
                           N_("a figure ({{ … }}) needs the expression evaluator, which this call "
                              "was not given"),
                           map);
        pos_move(&pos, i);
        int fl = pos.line, fc = pos.col;
        const char *ff = doc_text_map_place(map, file, &fl, &fc);
        const char *v = place ? doc_place_value(a, src + i + 2, j - i - 2) : NULL;
        if (!place) BP_TRY(fig(env, src + i + 2, j - i - 2, ff, fl, fc, &v, e));
        *(const char **)bp_vec_push(a, &f->vals) = v ? v : "";
        *(fig_at *)bp_vec_push(a, &f->at) = (fig_at){f->len, j + 2 - i};
        memcpy(f->dst + f->len, PLACEHOLDER, PLACEHOLDER_LEN);
        f->len += PLACEHOLDER_LEN;
        i = j + 2;
    }
    f->dst[f->len] = 0;
    return BP_OK;
}

/* Phase 2: the blocks, as md4c reports them. While md4c runs, nothing is
 * allocated in the arena (running out of memory there jumps, which would
 * leak md4c's own buffers): the callbacks build the blocks on the heap,
 * freed by the arena's cleanup, and report running out by returning
 * non-zero, which ends md_parse cleanly. */
typedef struct raw_block {
    bp_block b; /* text, at: unset; their places in texts and ats below */
    size_t off, len;
    size_t at0, nat;
} raw_block;

typedef struct heap_out {
    char *buf; /* the text of the block being built */
    size_t blen, bcap;
    char *texts; /* every finished block's text */
    size_t tlen, tcap;
    raw_block *blocks;
    int nblocks, cap;
    bp_text_at *ats; /* the places of the blocks' texts, block after block */
    size_t nats, acap;
    bool oom;
} heap_out;

static void heap_out_free(void *p)
{
    heap_out *h = p;
    free(h->buf);
    free(h->texts);
    free(h->blocks);
    free(h->ats);
    free(h);
}

/* Makes room for n more bytes at *len in the heap buffer *p. */
static bool grow(char **p, size_t *len, size_t *cap, size_t n)
{
    if (*len + n <= *cap) return true;
    size_t c = *cap ? *cap * 2 : 256;
    while (c < *len + n)
        c *= 2;
    char *q = realloc(*p, c);
    if (!q) return false;
    *p = q;
    *cap = c;
    return true;
}

typedef struct collect {
    const char *file;
    const figures *f;
    int nused; /* figures put back so far */
    heap_out *h;
    bool open; /* a block is being built */
    bool heading;
    bp_block cur;
    int list_depth; /* lists entered */
    bool ordered[16];
    int next_number[16];
    bool item_fresh; /* an item entered, its first paragraph not yet begun */
    int item_number;
    size_t at0;    /* the block's first place in h->ats */
    src_pos src;   /* document.md, read forward */
    int fig_k;     /* figures before the last place asked */
    size_t shift;  /* what they add in src: dst offset + shift = src offset */
    size_t last;   /* the last dst offset asked */
    int line, col; /* the place of the last text in dst */
    size_t srcoff; /* and its byte in the file (src + base) */
    size_t base;   /* the bytes before src in the file (a byte order mark) */
    bp_error *e;
    int rc;
} collect;

/* The line and column in document.md of byte d of dst: d, plus what the
 * figures before it are longer in src than their placeholders. */
static void place_of(collect *c, size_t d)
{
    const fig_at *fa = c->f->at.items;
    if (d < c->last) c->fig_k = 0, c->shift = 0;
    c->last = d;
    while (c->fig_k < c->f->at.n && fa[c->fig_k].dst < d) {
        c->shift += fa[c->fig_k].srclen - PLACEHOLDER_LEN;
        c->fig_k++;
    }
    pos_move(&c->src, d + c->shift);
    c->line = c->src.line;
    c->col = c->src.col;
    c->srcoff = c->base + d + c->shift;
}

/* Records that the block's text from here on comes from c's place (fixed:
 * all of it stands for the srclen bytes there). */
static void mark(collect *c, bool fixed, size_t srclen)
{
    heap_out *h = c->h;
    if (h->oom) return;
    if (h->nats > c->at0 && h->ats[h->nats - 1].off == h->blen) h->nats--; /* nothing put since */
    if (h->nats == h->acap) {
        size_t cap = h->acap ? h->acap * 2 : 64;
        bp_text_at *v = realloc(h->ats, cap * sizeof *v);
        if (!v) {
            h->oom = true;
            return;
        }
        h->ats = v;
        h->acap = cap;
    }
    h->ats[h->nats++] = (bp_text_at){h->blen, c->line, c->col, fixed, c->srcoff, srclen};
}

static void put(collect *c, const char *s, size_t n)
{
    heap_out *h = c->h;
    if (h->oom) return;
    if (!grow(&h->buf, &h->blen, &h->bcap, n)) {
        h->oom = true;
        return;
    }
    memcpy(h->buf + h->blen, s, n);
    h->blen += n;
}

static void begin(collect *c, bp_doc_elem_kind kind)
{
    c->open = true;
    c->heading = kind < BP_DOC_BODY;
    c->cur = (bp_block){.kind = kind};
    c->h->blen = 0;
    c->at0 = c->h->nats;
    if (kind == BP_DOC_ITEM) c->cur.number = c->item_fresh ? c->item_number : 0;
    c->item_fresh = false;
}

static void finish(collect *c)
{
    if (!c->open) return;
    c->open = false;
    heap_out *h = c->h;
    /* trailing hard breaks and spaces go */
    while (h->blen > 0 && (h->buf[h->blen - 1] == '\n' || h->buf[h->blen - 1] == ' '))
        h->blen--;
    if ((h->blen == 0 && c->cur.kind != BP_DOC_ITEM) || h->oom) {
        h->nats = c->at0; /* no block: no places */
        return;
    }
    if (h->nblocks == h->cap) {
        int cap = h->cap ? h->cap * 2 : 64;
        raw_block *v = realloc(h->blocks, (size_t)cap * sizeof *v);
        if (!v) {
            h->oom = true;
            return;
        }
        h->blocks = v;
        h->cap = cap;
    }
    if (!grow(&h->texts, &h->tlen, &h->tcap, h->blen + 1)) {
        h->oom = true;
        return;
    }
    raw_block *r = &h->blocks[h->nblocks++];
    r->b = c->cur;
    r->off = h->tlen;
    r->len = h->blen;
    r->at0 = c->at0;
    r->nat = h->nats - c->at0;
    if (h->blen) memcpy(h->texts + h->tlen, h->buf, h->blen);
    h->texts[h->tlen + h->blen] = 0;
    h->tlen += h->blen + 1;
}

static int refuse(collect *c, const char *what)
{
    c->rc = bp_fail(c->e, BP_EINPUT,
                    _("%s: %s is not part of a budget document's text (headings, "
                      "paragraphs and lists are)"),
                    c->file, _(what));
    return 1;
}

static int enter_block(MD_BLOCKTYPE t, void *detail, void *ud)
{
    collect *c = ud;
    switch (t) {
    case MD_BLOCK_H: {
        finish(c);
        unsigned lv = ((MD_BLOCK_H_DETAIL *)detail)->level;
        begin(c, lv == 1   ? BP_DOC_PART
                 : lv == 2 ? BP_DOC_SECTION
                 : lv == 3 ? BP_DOC_SUBSECTION
                           : BP_DOC_HEADING4);
        break;
    }
    case MD_BLOCK_P:
        finish(c);
        begin(c, c->list_depth > 0 && c->ordered[c->list_depth - 1] ? BP_DOC_ITEM : BP_DOC_BODY);
        break;
    case MD_BLOCK_OL:
    case MD_BLOCK_UL:
        finish(c);
        if (c->list_depth >= 16) return refuse(c, N_("a list nested 16 deep"));
        c->ordered[c->list_depth] = t == MD_BLOCK_OL;
        c->next_number[c->list_depth] =
            t == MD_BLOCK_OL ? (int)((MD_BLOCK_OL_DETAIL *)detail)->start : 0;
        c->list_depth++;
        break;
    case MD_BLOCK_LI:
        finish(c);
        /* a tight item's text comes without a paragraph: `text` begins the
         * block of c->cur's kind; the item's first paragraph takes its number */
        c->item_fresh = c->ordered[c->list_depth - 1];
        if (c->item_fresh) c->item_number = c->next_number[c->list_depth - 1]++;
        c->cur.kind = c->item_fresh ? BP_DOC_ITEM : BP_DOC_BODY;
        break;
    case MD_BLOCK_CODE:
        return refuse(c, N_("a code block"));
    case MD_BLOCK_HTML: /* a comment: left out (its text is MD_TEXT_HTML) */
        finish(c);
        break;
    case MD_BLOCK_TABLE:
        return refuse(c, N_("a table (the tables come from the data)"));
    default: /* the document, quotes, rules: their content counts */
        break;
    }
    return 0;
}

static int leave_block(MD_BLOCKTYPE t, void *detail, void *ud)
{
    (void)detail;
    collect *c = ud;
    if (t == MD_BLOCK_H || t == MD_BLOCK_P || t == MD_BLOCK_LI) finish(c);
    if (t == MD_BLOCK_LI) c->item_fresh = false;
    if (t == MD_BLOCK_OL || t == MD_BLOCK_UL) c->list_depth--;
    return c->h->oom;
}

static int span(MD_SPANTYPE t, void *detail, void *ud)
{
    (void)t, (void)detail, (void)ud;
    return 0; /* emphasis, links: their text counts, their style does not */
}

/* An entity as text: the numeric ones and the few a Chinese text may use. */
static void put_entity(collect *c, const char *s, size_t n)
{
    static const struct {
        const char *name, *utf8;
    } named[] = {{"&amp;", "&"},
                 {"&lt;", "<"},
                 {"&gt;", ">"},
                 {"&quot;", "\""},
                 {"&nbsp;", "\xC2\xA0"},
                 {"&emsp;", "\xE2\x80\x83"},
                 {"&ensp;", "\xE2\x80\x82"}};
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (strlen(named[i].name) == n && !memcmp(s, named[i].name, n))
            return put(c, named[i].utf8, strlen(named[i].utf8));
    if (n > 3 && s[1] == '#') {
        unsigned long cp = 0;
        bool hex = s[2] == 'x' || s[2] == 'X';
        for (size_t i = hex ? 3 : 2; i + 1 < n; i++)
            cp = cp * (hex ? 16 : 10) + (unsigned long)(s[i] <= '9'   ? s[i] - '0'
                                                        : s[i] <= 'F' ? s[i] - 'A' + 10
                                                                      : s[i] - 'a' + 10);
        char u[4];
        int k = 0;
        if (cp > 0 && cp < 0x80)
            u[k++] = (char)cp;
        else if (cp < 0x800)
            u[k++] = (char)(0xC0 | (cp >> 6)), u[k++] = (char)(0x80 | (cp & 0x3F));
        else if (cp < 0x10000 && (cp < 0xD800 || cp > 0xDFFF))
            u[k++] = (char)(0xE0 | (cp >> 12)), u[k++] = (char)(0x80 | ((cp >> 6) & 0x3F)),
            u[k++] = (char)(0x80 | (cp & 0x3F));
        if (k) return put(c, u, (size_t)k);
    }
    put(c, s, n);
}

/* Normal text, with the figures' values in place of their placeholders
 * (each value at the place of its `{{`, the text after it at its own). */
static void put_text(collect *c, const char *s, size_t n, bool in_src)
{
    for (size_t i = 0; i < n;) {
        if (n - i >= PLACEHOLDER_LEN && !memcmp(s + i, PLACEHOLDER, PLACEHOLDER_LEN)) {
            if (in_src) {
                place_of(c, (size_t)(s + i - c->f->dst));
                const fig_at *fa = c->f->at.items;
                mark(c, true, c->fig_k < c->f->at.n ? fa[c->fig_k].srclen : 0);
            }
            if (c->nused < c->f->vals.n) {
                const char *v = ((const char **)c->f->vals.items)[c->nused];
                put(c, v, strlen(v));
            }
            c->nused++;
            i += PLACEHOLDER_LEN;
            if (in_src) place_of(c, (size_t)(s + i - c->f->dst)), mark(c, false, 0);
            continue;
        }
        put(c, s[i] == '\t' ? " " : s + i, 1); /* a tab is a space */
        i++;
    }
}

static int text(MD_TEXTTYPE t, const MD_CHAR *s, MD_SIZE n, void *ud)
{
    collect *c = ud;
    if (t == MD_TEXT_HTML) return 0;     /* comments and tags: left out */
    if (!c->open) begin(c, c->cur.kind); /* a tight list item's text */
    /* md4c's line breaks are its own "\n", not a place of dst */
    bool in_src = s >= c->f->dst && s < c->f->dst + c->f->len;
    if (in_src) {
        place_of(c, (size_t)(s - c->f->dst));
        if (c->cur.line == 0) c->cur.line = c->line;
    }
    bool fixed = t == MD_TEXT_SOFTBR || t == MD_TEXT_BR || t == MD_TEXT_ENTITY ||
                 t == MD_TEXT_NULLCHAR || !in_src;
    mark(c, fixed, in_src && fixed ? n : 0);
    switch (t) {
    case MD_TEXT_SOFTBR: {
        /* Chinese lines join without a space; Latin words keep one */
        char last = c->h->blen ? c->h->buf[c->h->blen - 1] : 0;
        if (c->heading)
            put(c, "\n", 1);
        else if (last && !((unsigned char)last & 0x80))
            put(c, " ", 1);
        break;
    }
    case MD_TEXT_BR:
        put(c, "\n", 1);
        break;
    case MD_TEXT_ENTITY:
        put_entity(c, s, n);
        break;
    case MD_TEXT_HTML: /* comments and tags: left out */
        break;
    case MD_TEXT_NULLCHAR:
        put(c, "\xEF\xBF\xBD", 3);
        break;
    default:
        put_text(c, s, n, in_src);
        break;
    }
    return c->h->oom;
}

/* The blocks built on the heap, copied into the arena. */
static void copy_blocks(bp_arena *a, const heap_out *h, bp_text *out)
{
    char *texts = bp_alloc(a, h->tlen ? h->tlen : 1);
    if (h->tlen) memcpy(texts, h->texts, h->tlen);
    bp_text_at *ats = bp_alloc(a, (h->nats ? h->nats : 1) * sizeof *ats);
    if (h->nats) memcpy(ats, h->ats, h->nats * sizeof *ats);
    bp_block *b = bp_alloc(a, (size_t)(h->nblocks ? h->nblocks : 1) * sizeof *b);
    for (int i = 0; i < h->nblocks; i++) {
        b[i] = h->blocks[i].b;
        b[i].text = texts + h->blocks[i].off;
        b[i].at = ats + h->blocks[i].at0;
        b[i].nat = (int)h->blocks[i].nat;
    }
    out->blocks = b;
    out->nblocks = h->nblocks;
}

/* The blocks' places in the source map gives. */
static void map_blocks(const bp_text_map *map, bp_text *t)
{
    for (int i = 0; map && i < t->nblocks; i++) {
        bp_block *b = &t->blocks[i];
        int col = 1;
        doc_text_map_place(map, NULL, &b->line, &col);
        for (int k = 0; k < b->nat; k++)
            doc_text_map_place(map, NULL, (int *)&b->at[k].line, (int *)&b->at[k].col);
    }
}

int doc_text_parse(bp_arena *a, const char *file, const char *src, size_t len, bp_figure_fn fig,
                   void *env, bp_text *out, bp_error *e)
{
    return doc_text_parse_mapped(a, file, src, len, fig, env, NULL, out, e);
}

int doc_text_parse_mapped(bp_arena *a, const char *file, const char *src, size_t len,
                          bp_figure_fn fig, void *env, const bp_text_map *map, bp_text *out,
                          bp_error *e)
{
    bp_text_in in = {file, src, len, fig, env, map, false};
    return doc_text_parse_in(a, &in, out, e);
}

/* The table markers' paragraphs (doc_place.h), refused at the source's
 * place: blocks left in the markdown's places are mapped only to name it. */
static int place_blocks(const bp_text_in *in, bp_text *out, bp_error *e)
{
    if (!in->map) return doc_place_blocks(out, doc_text_place, e);
    if (!in->md_places) {
        map_blocks(in->map, out);
        return doc_place_blocks(out, doc_text_place, e);
    }
    if (doc_place_blocks(out, doc_text_place, e) == BP_OK) return BP_OK;
    map_blocks(in->map, out); /* the same refusal again, at the source's place */
    return doc_place_blocks(out, doc_text_place, e);
}

int doc_text_parse_in(bp_arena *a, const bp_text_in *in, bp_text *out, bp_error *e)
{
    const char *file = in->file, *src = in->src;
    size_t len = in->len;
    long bad = bp_utf8_invalid(src, len);
    if (bad >= 0) return fail_at(e, file, src, (size_t)bad, N_("invalid UTF-8"), in->map);
    /* a byte order mark is neither text nor a column; the source bytes
     * (bp_text_at.src) still count it */
    size_t bom = len >= 3 && !memcmp(src, "\xEF\xBB\xBF", 3) ? 3 : 0;
    src += bom, len -= bom;
    figures f;
    BP_TRY(find_figures(a, file, src, len, in->fig, in->env, in->map, &f, e));
    collect c;
    memset(&c, 0, sizeof c);
    c.file = file, c.f = &f, c.e = e;
    c.src = (src_pos){src, 0, 1, 1};
    c.base = bom;
    c.line = c.col = 1;
    bp_cleanup *cl = bp_arena_defer(a, heap_out_free);
    c.h = calloc(1, sizeof *c.h);
    if (!c.h) return bp_fail(e, BP_ERESOURCE, _("%s: out of memory while parsing"), file);
    cl->p = c.h;
    MD_PARSER p = {0};
    p.flags = MD_FLAG_NOINDENTEDCODEBLOCKS;
    p.enter_block = enter_block;
    p.leave_block = leave_block;
    p.enter_span = span;
    p.leave_span = span;
    p.text = text;
    int r = md_parse(f.dst, (MD_SIZE)f.len, &p, &c);
    if (c.rc) return c.rc;
    if (!r) finish(&c);
    if (r || c.h->oom) return bp_fail(e, BP_ERESOURCE, _("%s: out of memory while parsing"), file);
    if (c.nused != f.vals.n)
        return bp_fail(e, BP_EINPUT,
                       _("%s: %d of its %d figures are inside a link target or another place that "
                         "is not text"),
                       file, f.vals.n - c.nused, f.vals.n);
    out->file = file;
    copy_blocks(a, c.h, out);
    return place_blocks(in, out, e);
}

void doc_text_place(const bp_block *b, size_t off, int *line, int *col)
{
    int lo = 0, hi = b->nat - 1, k = -1; /* the last place at or before off */
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (b->at[mid].off <= off)
            k = mid, lo = mid + 1;
        else
            hi = mid - 1;
    }
    *line = b->line;
    *col = 1;
    if (k < 0) return;
    const bp_text_at *p = &b->at[k];
    *line = p->line;
    *col = p->col + (p->fixed ? 0 : (int)bp_utf8_count(b->text + p->off, off - p->off));
}

void doc_text_src(const bp_block *b, size_t off, size_t *from, size_t *to)
{
    int lo = 0, hi = b->nat - 1, k = -1; /* the last place at or before off */
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (b->at[mid].off <= off)
            k = mid, lo = mid + 1;
        else
            hi = mid - 1;
    }
    *from = *to = 0;
    if (k < 0) return;
    const bp_text_at *p = &b->at[k];
    if (p->fixed) {
        *from = p->src, *to = p->src + p->srclen;
        return;
    }
    size_t n = 1;
    while (b->text[off + n] && ((unsigned char)b->text[off + n] & 0xC0) == 0x80)
        n++;
    *from = p->src + (off - p->off), *to = *from + n;
}

bool doc_text_exists(bp_arena *a, const char *dir)
{
    struct stat st;
    return lstat(bp_path_join(a, dir, BP_DOC_TEXT_FILE), &st) == 0;
}

int doc_text_load(bp_ctx *c, const char *dir, bp_figure_fn fig, void *env, bp_text **out)
{
    bp_arena *a = c->a;
    bp_error *e = c->e;
    *out = NULL;
    if (!doc_text_exists(a, dir)) return BP_OK;
    const char *path = bp_path_join(a, dir, BP_DOC_TEXT_FILE);
    char *src;
    size_t len;
    BP_TRY(bp_read_file_in(a, dir, "the department folder", path, &src, &len, e));
    bp_text *t = bp_alloc(a, sizeof *t);
    BP_TRY(doc_text_parse(a, path, src, len, fig, env, t, e));
    *out = t;
    return BP_OK;
}
