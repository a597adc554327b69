/* check_text_src.c — reads document.md for the text checks: splits the
 * CommonMark source into blocks (paragraphs, headings, list items) and
 * strips their markdown syntax, keeping for
 * every byte of plain text the line and column (in characters) of the
 * source it came from. {{ … }} expressions become one placeholder
 * character. Not a CommonMark parser: it finds what the checks read. */
#include <string.h>

#include "check_text_priv.h"

/* The block being built, and the state that crosses lines. */
typedef struct builder {
    bp_arena *a;
    bp_vec blocks; /* tx_block */
    bool open;
    tx_kind kind;
    bp_vec text, at;         /* char, tx_span: the places where the columns jump */
    int next_line, next_col; /* the place a character put next continues */
    int span_chars;          /* characters put since the last place recorded */
    bool in_expr, in_comment;
} builder;

/* A position in the source: the line, and the column of byte p of it. */
typedef struct cursor {
    int line;
    const char *base; /* bytes before base are counted in col */
    int col;
    const char *no_gt; /* no '>' from here to the line's end (NULL: not known) */
} cursor;

static int col_at(cursor *c, const char *p)
{
    while (c->base < p) {
        size_t n;
        tx_cp(c->base, &n);
        c->base += n ? n : 1;
        c->col++;
    }
    return c->col;
}

/* A place is recorded at least every SPAN_CHARS characters, so that
 * finding one (tx_place) reads a bounded piece of a long line. */
#define SPAN_CHARS 64

/* Puts one character s[0..n) (TX_EXPR counts as one) from line:col. */
static void put(builder *b, const char *s, size_t n, int line, int col)
{
    /* not the column after the last, or far from the last place */
    if (line != b->next_line || col != b->next_col || ++b->span_chars >= SPAN_CHARS) {
        *(tx_span *)bp_vec_push(b->a, &b->at) = (tx_span){(size_t)b->text.n, line, col};
        b->span_chars = 0;
    }
    b->next_line = line;
    b->next_col = col + 1;
    if (b->text.n + (int)n > b->text.cap)
        bp_vec_reserve(b->a, &b->text, b->text.cap * 2 > 64 ? b->text.cap * 2 : 64);
    memcpy((char *)b->text.items + b->text.n, s, n);
    b->text.n += (int)n;
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

static void close_block(builder *b, int line, int col)
{
    if (!b->open) return;
    b->open = false;
    b->in_expr = b->in_comment = false;
    int n = b->text.n;
    while (n > 0 &&
           (((char *)b->text.items)[n - 1] == '\n' || ((char *)b->text.items)[n - 1] == ' '))
        n--;
    if (n == 0) return;
    tx_block *k = bp_vec_push(b->a, &b->blocks);
    k->kind = b->kind;
    char *t = bp_alloc(b->a, (size_t)n + 1);
    memcpy(t, b->text.items, (size_t)n);
    const tx_span *at = b->at.items;
    int nat = 0; /* the places of the text kept, then its end */
    while (nat < b->at.n && at[nat].off < (size_t)n)
        nat++;
    tx_span *kat = bp_alloc(b->a, ((size_t)nat + 1) * sizeof *kat);
    memcpy(kat, at, (size_t)nat * sizeof *kat);
    kat[nat] = (tx_span){(size_t)n, line, col};
    k->text = t;
    k->n = (size_t)n;
    k->at = kat;
    k->nat = nat + 1;
    squeeze(b->a, k);
}

static void open_block(builder *b, tx_kind kind, int line, int col)
{
    close_block(b, line, col);
    b->open = true;
    b->kind = kind;
    b->text.n = b->at.n = 0;
    b->next_line = 0;
}

static bool ascii_punct(char c)
{
    return c > ' ' && c < 0x7f &&
           !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

static const char *find(const char *p, const char *end, const char *what)
{
    size_t n = strlen(what);
    for (; p + n <= end; p++)
        if (!memcmp(p, what, n)) return p;
    return NULL;
}

/* One piece of inline markdown at p: what it skips or puts. */
static const char *inline_step(builder *b, cursor *c, const char *p, const char *end)
{
    if (b->in_expr || b->in_comment) {
        const char *q = find(p, end, b->in_expr ? "}}" : "-->");
        if (!q) return end;
        b->in_expr = b->in_comment = false;
        return q + (q[0] == '}' ? 2 : 3);
    }
    if (p + 1 < end && p[0] == '{' && p[1] == '{') {
        put(b, TX_EXPR, TX_EXPR_LEN, c->line, col_at(c, p));
        b->in_expr = true;
        return p + 2;
    }
    if (end - p >= 4 && !memcmp(p, "<!--", 4)) {
        b->in_comment = true;
        return p + 4;
    }
    if (*p == '\\') {
        if (p + 1 < end && ascii_punct(p[1])) {
            put(b, p + 1, 1, c->line, col_at(c, p + 1));
            return p + 2;
        }
        if (p + 1 == end) return end; /* a hard line break */
    }
    if (*p == '*' || *p == '_' || *p == '`' || *p == '[' ||
        (*p == '!' && p + 1 < end && p[1] == '['))
        return p + 1;
    if (*p == ']') {
        if (p + 1 < end && p[1] == '(') {
            const char *q = memchr(p, ')', (size_t)(end - p));
            return q ? q + 1 : end;
        }
        return p + 1;
    }
    if (*p == '<' && p + 1 < end && !(c->no_gt && p >= c->no_gt) &&
        ((p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z') || p[1] == '/')) {
        const char *q = memchr(p, '>', (size_t)(end - p));
        if (q) return q + 1;
        c->no_gt = p; /* the line's later '<' need not look again */
    }
    size_t n;
    tx_cp(p, &n);
    if (!n) n = 1;
    put(b, p, n, c->line, col_at(c, p));
    return p + n;
}

static void add_inline(builder *b, cursor *c, const char *p, const char *end)
{
    while (p < end)
        p = inline_step(b, c, p, end);
}

/* The end of an ATX heading's content: without a closing run of #. */
static const char *heading_end(const char *p, const char *end)
{
    while (end > p && end[-1] == ' ')
        end--;
    const char *q = end;
    while (q > p && q[-1] == '#')
        q--;
    if (q < end && (q == p || q[-1] == ' ')) end = q;
    while (end > p && end[-1] == ' ')
        end--;
    return end;
}

/* A list marker at p ("- ", "+ ", "* ", "1. ", "1) "): the content's start. */
static const char *list_content(const char *p, const char *end)
{
    const char *q = p;
    if (q < end && (*q == '-' || *q == '+' || *q == '*'))
        q++;
    else {
        while (q < end && q - p < 9 && *q >= '0' && *q <= '9')
            q++;
        if (q == p || q >= end || (*q != '.' && *q != ')')) return NULL;
        q++;
    }
    if (q < end && *q != ' ' && *q != '\t') return NULL;
    while (q < end && (*q == ' ' || *q == '\t'))
        q++;
    return q;
}

/* A line of three or more of one of - * _ = (spaces allowed): a thematic
 * break or a setext underline; its character, or 0. */
static char rule_line(const char *p, const char *end)
{
    char ch = 0;
    int n = 0;
    for (; p < end; p++) {
        if (*p == ' ' || *p == '\t') continue;
        if (!ch && (*p == '-' || *p == '*' || *p == '_' || *p == '=')) ch = *p;
        if (*p != ch) return 0;
        n++;
    }
    return n >= 3 || (ch == '=' && n >= 1) ? ch : 0;
}

static bool fence_at(const char *p, const char *end, char *ch)
{
    if (end - p < 3 || (p[0] != '`' && p[0] != '~')) return false;
    if (p[1] != p[0] || p[2] != p[0]) return false;
    *ch = p[0];
    return true;
}

typedef struct lines {
    bool fence;
    char fence_ch;
} lines;

/* One source line of block syntax, then its inline content. */
static void block_line(builder *b, lines *st, cursor *c, const char *p, const char *end)
{
    if (b->in_expr || b->in_comment) { /* a span that goes on */
        put(b, "\n", 1, c->line, col_at(c, p));
        add_inline(b, c, p, end);
        return;
    }
    const char *q = p;
    while (q < end && *q == ' ')
        q++;
    bool shallow = q - p <= 3;
    if (q == end) {
        close_block(b, c->line, col_at(c, q));
        return;
    }
    char ch;
    if (shallow && fence_at(q, end, &ch)) {
        close_block(b, c->line, col_at(c, q));
        st->fence = true;
        st->fence_ch = ch;
        return;
    }
    if (shallow && (ch = rule_line(q, end))) {
        if ((ch == '=' || ch == '-') && b->open && b->kind == TX_PARA) b->kind = TX_HEADING;
        if (ch != '=' || b->open) {
            close_block(b, c->line, col_at(c, q));
            return;
        }
    }
    while (shallow && q < end && *q == '>') { /* block quotes: their content */
        q++;
        while (q < end && *q == ' ')
            q++;
    }
    if (shallow && *q == '#') {
        const char *h = q;
        while (h < end && *h == '#')
            h++;
        if (h - q <= 6 && (h == end || *h == ' ' || *h == '\t')) {
            while (h < end && (*h == ' ' || *h == '\t'))
                h++;
            open_block(b, TX_HEADING, c->line, col_at(c, h));
            add_inline(b, c, h, heading_end(h, end));
            close_block(b, c->line, col_at(c, end));
            return;
        }
    }
    const char *item = shallow ? list_content(q, end) : NULL;
    if (item) {
        open_block(b, TX_ITEM, c->line, col_at(c, item));
        q = item;
    } else if (!b->open) {
        open_block(b, TX_PARA, c->line, col_at(c, q));
    } else {
        while (q < end && (*q == ' ' || *q == '\t'))
            q++;
        put(b, "\n", 1, c->line, col_at(c, q));
    }
    add_inline(b, c, q, end);
}

static void one_line(builder *b, lines *st, cursor *c, const char *p, const char *end)
{
    if (st->fence) {
        const char *q = p;
        while (q < end && *q == ' ')
            q++;
        char ch;
        if (fence_at(q, end, &ch) && ch == st->fence_ch) st->fence = false;
        return;
    }
    block_line(b, st, c, p, end);
}

void tx_place(const tx_block *b, size_t off, int *line, int *col)
{
    int lo = 0, hi = b->nat - 1, k = 0; /* the last place at or before off */
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (b->at[mid].off <= off)
            k = mid, lo = mid + 1;
        else
            hi = mid - 1;
    }
    const tx_span *p = &b->at[k];
    *line = p->line;
    *col = p->col;
    for (size_t i = p->off; i < off && i < b->n; i++) /* a character a column */
        *col += ((unsigned char)b->text[i] & 0xC0) != 0x80;
}

void tx_parse(bp_arena *a, const char *path, const char *src, size_t len, tx_doc *out)
{
    builder b = {.a = a};
    bp_vec_init(&b.blocks, sizeof(tx_block));
    bp_vec_init(&b.text, 1);
    bp_vec_init(&b.at, sizeof(tx_span));
    lines st = {false, 0};
    const char *p = src, *end = src + len;
    if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) p += 3;
    int line = 1;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end, *stop = e;
        if (stop > p && stop[-1] == '\r') stop--;
        cursor c = {line, p, 1, NULL};
        one_line(&b, &st, &c, p, stop);
        p = nl ? nl + 1 : end;
        line++;
    }
    close_block(&b, line, 1);
    out->path = path;
    out->blocks = b.blocks.items;
    out->n = b.blocks.n;
}
