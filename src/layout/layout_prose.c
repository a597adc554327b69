/* layout_prose.c — the text parts on pages (layout_prose.h), in phases as
 * the tables are: wrap (each block into lines: first-line indent, an
 * item's label with the hanging indent, full justification), paginate
 * (line boxes on pages by the widow/orphan and heading rules, through
 * layout_paginate's keep chains), draw (at the fixed line pitch). */
#include "layout_prose.h"

#include <math.h>
#include <string.h>

/* ---- wrap ---------------------------------------------------------------- */

double layout_justify_gap(double slack, int nplaces, double max_gap, bool ragged)
{
    if (ragged || nplaces <= 0 || slack <= 0) return 0;
    double g = slack / nplaces;
    return g > max_gap ? 0 : g;
}

static const char *chinese_number(bp_arena *a, int n)
{
    static const char *const d[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (n <= 0 || n >= 100) return bp_sprintf(a, "%d", n);
    if (n < 10) return d[n];
    return bp_sprintf(a, "%s十%s", n / 10 > 1 ? d[n / 10] : "", n % 10 ? d[n % 10] : "");
}

/* The label of item n: the style's label with {n} in its numerals. */
static const char *item_label(bp_arena *a, const bp_doc_style *st, int n)
{
    const char *at = strstr(st->list_label, "{n}");
    const char *num = st->list_chinese ? chinese_number(a, n) : bp_sprintf(a, "%d", n);
    return bp_sprintf(a, "%.*s%s%s", (int)(at - st->list_label), st->list_label, num, at + 3);
}

static double pitch_of(const bp_doc_style *st, const bp_doc_elem *el)
{
    return el->pitch > 0 ? el->pitch : st->pitch;
}

/* True when the line ends at a hard break of the text (not justified). */
static bool ends_hard(const char *s, size_t len, const char *end)
{
    const char *p = s + len;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    return p < end && *p == '\n';
}

/* The character grid (line_chars a line): the points by which line_chars
 * characters of el's size exceed a text block width wide (0 when they
 * fit). A justified line is broken as if it had that much more room, then
 * squeezed into its own (justify). */
static double grid_over(const bp_doc_style *st, const bp_doc_elem *el, double width)
{
    double over = st->line_chars * el->size - width;
    return over > 0 ? over : 0;
}

/* Justifies line l in place: its gap, negative for a line of the grid
 * squeezed into its room, or its scale when it is too wide. */
static int justify(bp_layout_ctx *ctx, const bp_doc_style *st, const bp_doc_elem *el, prose_line *l,
                   bool ragged)
{
    l->scale = 1;
    size_t *offs;
    int n;
    BP_TRY(text_break_offsets(ctx->c->a, ctx->fonts->role[el->role], l->s, l->len, &offs, &n));
    double over = l->width - l->avail;
    if (over > BP_TEXT_WIDTH_EPSILON) {
        if (n > 0 && over <= grid_over(st, el, l->x + l->avail) + BP_TEXT_WIDTH_EPSILON &&
            over / n <= el->size / 8)
            l->gap = -over / n;
        else
            l->scale = l->avail / l->width;
        return BP_OK;
    }
    if (ragged || el->align != BP_ALIGN_LEFT) return BP_OK;
    l->gap = layout_justify_gap(l->avail - l->width, n, st->max_gap * el->size, false);
    return BP_OK;
}

int layout_wrap_balanced(bp_arena *a, const bp_font *f, double size, const char *s, size_t len,
                         double width, bp_line **lines, int *nlines)
{
    return text_wrap_title(a, f, size, s, len, width, lines, nlines);
}

/* A centred line of a block's hard line [s, end): each wraps at the
 * narrowest width that keeps its count of lines, so that a title's last
 * line is not a lone character. */
/* One block being wrapped: its element's style, its index, the width of
 * the text block, where its lines go and its place for messages. */
typedef struct block_wrap {
    bp_layout_ctx *ctx;
    const bp_doc_style *st;
    const bp_doc_elem *el;
    int bi;
    double width;
    bp_vec *out;
    const char *where;
} block_wrap;

/* How a justified block's lines start: the first at first_x (after its
 * label at label_x, if any), the others at rest_x. */
typedef struct line_starts {
    double first_x, rest_x;
    const char *label;
    double label_x;
} line_starts;

static int wrap_centered(const block_wrap *w, const char *s, const char *end)
{
    bp_layout_ctx *ctx = w->ctx;
    const bp_doc_elem *el = w->el;
    int bi = w->bi;
    double width = w->width;
    bp_vec *out = w->out;
    const char *where = w->where;
    const bp_font *f = ctx->fonts->role[el->role];
    bp_line *ls;
    int n;
    if (layout_wrap_balanced(ctx->c->a, f, el->size, s, (size_t)(end - s), width, &ls, &n))
        return bp_fail(ctx->c->e, BP_EINPUT, "%s: cannot break the text into lines", where);
    for (int i = 0; i < n; i++) {
        prose_line *l = bp_vec_push(ctx->c->a, out);
        double sc = ls[i].width > width ? width / ls[i].width : 1;
        double x = (width - ls[i].width * sc) / 2;
        *l = (prose_line){bi, ls[i].s, ls[i].len, ls[i].width, x,     width - x,
                          0,  sc,      NULL,      0,           false, false};
    }
    return BP_OK;
}

/* The lines of a justified block from s: the first wrapped at its own
 * room, the rest at theirs (greedy filling makes this the wrap of the
 * whole), each the first line of what is left (text_wrap_first reads
 * only as much of it as that line needs: linear in the block's length). */
static int wrap_justified(const block_wrap *w, const char *s, const char *end,
                          const line_starts *at)
{
    bp_layout_ctx *ctx = w->ctx;
    const bp_doc_style *st = w->st;
    const bp_doc_elem *el = w->el;
    int bi = w->bi;
    double width = w->width, first_x = at->first_x, rest_x = at->rest_x, label_x = at->label_x;
    const char *label = at->label, *where = w->where;
    bp_vec *out = w->out;
    const bp_font *f = ctx->fonts->role[el->role];
    for (bool at_first = true; s < end; at_first = false) {
        double x = at_first ? first_x : rest_x;
        bp_line ln;
        int n;
        double room = width - x + grid_over(st, el, width);
        int rc = text_wrap_first(ctx->c->a, f, el->size, s, (size_t)(end - s), room, &ln, &n);
        if (rc) return bp_fail(ctx->c->e, rc, "%s: cannot break the text into lines", where);
        if (n == 0) break;
        prose_line *l = bp_vec_push(ctx->c->a, out);
        *l = (prose_line){bi, ln.s, ln.len, ln.width, x, width - x, 0, 1, NULL, 0, false, false};
        if (at_first && label) l->label = label, l->label_x = label_x;
        const char *next = ln.s + ln.next; /* past a newline of any kind: \r too */
        while (next < end && (*next == ' ' || *next == '\t' || *next == '\n'))
            next++;
        BP_TRY(justify(ctx, st, el, l, next >= end || ends_hard(l->s, l->len, end)));
        s = next;
    }
    return BP_OK;
}

/* A heading's lines, as titles are broken (text_wrap_title: between
 * words, evened out) in the room of its first line, set ragged (squeezed
 * only to the grid), the first at first_x, the others at rest_x. */
static int wrap_heading(const block_wrap *w, const char *s, const char *end, const line_starts *at)
{
    const bp_font *f = w->ctx->fonts->role[w->el->role];
    double room = w->width - at->first_x + grid_over(w->st, w->el, w->width);
    bp_line *ls;
    int n;
    if (text_wrap_title(w->ctx->c->a, f, w->el->size, s, (size_t)(end - s), room, &ls, &n))
        return bp_fail(w->ctx->c->e, BP_EINPUT, "%s: cannot break the text into lines", w->where);
    for (int i = 0; i < n; i++) {
        prose_line *l = bp_vec_push(w->ctx->c->a, w->out);
        double x = i ? at->rest_x : at->first_x;
        *l = (prose_line){w->bi, ls[i].s, ls[i].len, ls[i].width, x,     w->width - x,
                          0,     1,       NULL,      0,           false, false};
        BP_TRY(justify(w->ctx, w->st, w->el, l, true));
    }
    return BP_OK;
}

int prose_fit(bp_layout_ctx *ctx, const bp_text *t, int bi, const char *s, size_t len, double width,
              double room)
{
    bool fits = width <= room / PROSE_MIN_SCALE + BP_TEXT_WIDTH_EPSILON;
    if (fits && len <= PROSE_MAX_ITEM) return BP_OK;
    const bp_block *b = &t->blocks[bi];
    int line, col;
    doc_text_place(b, (size_t)(s - b->text), &line, &col);
    char q[160];
    bp_quote(q, sizeof q, bp_strndup(ctx->c->a, s, len < 128 ? len : 128), 24);
    if (!fits)
        return bp_fail(ctx->c->e, BP_EINPUT,
                       "%s:%d:%d: an unbreakable run of %zu characters ('%s') is %.1f times as "
                       "wide as the line (a run up to %g times its width is set smaller); break "
                       "it with a space or a punctuation mark, or shorten it",
                       t->file, line, col, bp_utf8_count(s, len), q, width / room,
                       1 / PROSE_MIN_SCALE);
    return bp_fail(ctx->c->e, BP_EINPUT,
                   "%s:%d:%d: a line of %zu bytes ('%s'), more than the %d bytes a PDF text item "
                   "holds; break it with a space or a punctuation mark, or shorten it",
                   t->file, line, col, len, q, PROSE_MAX_ITEM);
}

/* The lines of block bi. */
static int wrap_block(bp_layout_ctx *ctx, const bp_doc_style *st, const bp_text *t, int bi,
                      double width, bp_vec *out)
{
    const bp_block *b = &t->blocks[bi];
    const bp_doc_elem *el = &st->elem[b->kind];
    const bp_font *f = ctx->fonts->role[el->role];
    const char *where = bp_sprintf(ctx->c->a, "%s:%d", t->file, b->line);
    BP_TRY(layout_check_text(ctx, el->role, b->text, where));
    double indent = el->indent * el->size, first_x = indent, rest_x = 0;
    const char *label = NULL;
    if (b->kind == BP_DOC_ITEM) { /* the label, then the text hanging after it */
        label = item_label(ctx->c->a, st, b->number > 0 ? b->number : 1);
        BP_TRY(layout_check_text(ctx, el->role, label, "the document style's list label"));
        first_x = rest_x = indent + font_measure(f, el->size, label, strlen(label));
        if (b->number <= 0) label = NULL;
    }
    const char *s = b->text, *end = b->text + strlen(b->text);
    int first = out->n;
    block_wrap w = {ctx, st, el, bi, width, out, where};
    if (el->align == BP_ALIGN_CENTER) {
        /* each hard line on its own; one too long for a line breaks at its
         * spaces first (第一部分 概况) */
        for (const char *p = s; p < end;) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            const char *e = nl ? nl : end;
            bool fits = font_measure(f, el->size, p, (size_t)(e - p)) <= width;
            for (const char *q = p; q < e;) {
                const char *sp = fits ? NULL : memchr(q, ' ', (size_t)(e - q));
                const char *qe = sp ? sp : e;
                if (qe > q) BP_TRY(wrap_centered(&w, q, qe));
                q = sp ? sp + 1 : e;
            }
            p = nl ? nl + 1 : end;
        }
    } else {
        line_starts at = {first_x, rest_x, label, indent};
        if (b->kind < BP_DOC_BODY) /* a heading: a title */
            BP_TRY(wrap_heading(&w, s, end, &at));
        else
            BP_TRY(wrap_justified(&w, s, end, &at));
    }
    prose_line *ls = out->items;
    for (int i = first; i < out->n; i++)
        BP_TRY(prose_fit(ctx, t, bi, ls[i].s, ls[i].len, ls[i].width, ls[i].avail));
    if (out->n > first) {
        ls[first].first = true;
        ls[out->n - 1].last = true;
    }
    return BP_OK;
}

int prose_wrap(bp_layout_ctx *ctx, const bp_doc_style *st, const bp_text *t, double width,
               bp_vec *lines)
{
    bp_vec_init(lines, sizeof(prose_line));
    for (int i = 0; i < t->nblocks; i++)
        BP_TRY(wrap_block(ctx, st, t, i, width, lines));
    return BP_OK;
}

/* ---- paginate ------------------------------------------------------------ */

/* Boxes [from, to): one run of pages (no new_page inside but at from). */
/* The boxes being paginated, the height a page holds, and where each
 * box's page goes. */
typedef struct prose_pag {
    const prose_box *b;
    double cap;
    bp_arena *a;
    int *page_of;
    bp_error *e;
} prose_pag;

static int paginate_run(const prose_pag *P, int from, int to, int page0, int *npages)
{
    const prose_box *b = P->b;
    double cap = P->cap;
    bp_arena *a = P->a;
    int *page_of = P->page_of;
    bp_error *e = P->e;
    int n = to - from;
    bp_pag_item *items = bp_alloc(a, (size_t)n * sizeof *items);
    for (int s = 0; s < n;) { /* the lines [s, e) of one block */
        int e = s + 1;
        while (e < n && b[from + e].block == b[from + s].block)
            e++;
        for (int i = s, nb = e - s; i < e; i++) {
            const prose_box *x = &b[from + i];
            int k = i - s; /* its place in its block */
            items[i] = (bp_pag_item){x->height, false, false, 0, 0};
            if (x->heading)
                items[i].keep_with_next = items[i].keep_hard = true;
            else if (nb >= 2 && (k == 0 || k == nb - 2))
                items[i].keep_with_next = true; /* no orphan, no widow */
        }
        s = e;
    }
    bp_vec pieces;
    bp_vec_init(&pieces, sizeof(bp_piece));
    int np;
    BP_TRY(layout_paginate(items, n, cap, cap, a, &pieces, &np, e));
    const bp_piece *pc = pieces.items;
    for (int i = 0; i < pieces.n; i++)
        page_of[from + pc[i].item] = page0 + pc[i].page;
    *npages = np;
    return BP_OK;
}

int layout_prose_paginate(const prose_box *b, int n, double cap, bp_arena *a, int *page_of,
                          int *npages, bp_error *e)
{
    int pages = 0;
    prose_pag P = {b, cap, a, page_of, e};
    for (int from = 0; from < n;) {
        int to = from + 1;
        while (to < n && !(b[to].new_page && b[to].block != b[to - 1].block))
            to++;
        int np;
        BP_TRY(paginate_run(&P, from, to, pages, &np));
        pages += np;
        from = to;
    }
    *npages = pages;
    return BP_OK;
}

/* ---- draw ---------------------------------------------------------------- */

/* Draws line l with its baseline at y, from the text block's left x0:
 * piece by piece between its break places, each gap wider by l->gap. */
static int draw_line(bp_layout_ctx *ctx, bp_doc *doc, bp_page *pg, const bp_doc_elem *el,
                     const prose_line *l, double x0, double y)
{
    double size = el->size * l->scale;
    if (l->label)
        layout_text_out(ctx, doc, pg,
                        &(bp_text_run){x0 + l->label_x, y, el->role, el->size, el->bold, l->label,
                                       strlen(l->label)});
    if (l->gap == 0) {
        layout_text_out(ctx, doc, pg,
                        &(bp_text_run){x0 + l->x, y, el->role, size, el->bold, l->s, l->len});
        return BP_OK;
    }
    const bp_font *f = ctx->fonts->role[el->role];
    size_t *offs;
    int n;
    BP_TRY(text_break_offsets(ctx->c->a, f, l->s, l->len, &offs, &n));
    size_t from = 0;
    double x = x0 + l->x;
    for (int k = 0; k <= n; k++) {
        size_t to = k < n ? offs[k] : l->len;
        layout_text_out(ctx, doc, pg,
                        &(bp_text_run){x, y, el->role, size, el->bold, l->s + from, to - from});
        x += font_measure(f, size, l->s + from, to - from) + l->gap;
        from = to;
    }
    return BP_OK;
}

/* One line in its pitch: the baseline centres the glyph box in it. */
static double baseline(const bp_font *f, double size, double top, double pitch)
{
    double asc = font_ascent(f, size), desc = font_descent(f, size);
    return top - (pitch - (asc - desc)) / 2 - asc;
}

static const char *one_line(bp_arena *a, const char *s)
{
    char *t = bp_strdup(a, s);
    for (char *p = t; *p; p++)
        if (*p == '\n') *p = ' ';
    return t;
}

static void add_head(bp_layout_ctx *ctx, const bp_text *t, int block, int page, bp_vec *heads)
{
    const bp_block *b = &t->blocks[block];
    if (b->kind != BP_DOC_PART && b->kind != BP_DOC_SECTION) return;
    prose_head *h = bp_vec_push(ctx->c->a, heads);
    *h = (prose_head){b->kind, one_line(ctx->c->a, b->text), page};
}

/* What the text's pages are drawn for: the style, the text, the document
 * and the headings' pages. */
typedef struct prose_draw {
    bp_layout_ctx *ctx;
    const bp_doc_style *st;
    const bp_text *t;
    bp_doc *doc;
    bp_vec *heads;  /* prose_head: each heading's page */
    double x0, top; /* the text block's left and top on its pages */
} prose_draw;

/* For the check report (doc->provenance): a source per character of line
 * l (baseline y, text block's left x0), its box as drawn (the gaps of a
 * justified line, the scale of a shrunk one) and the bytes of document.md
 * it was set from (doc_text_src), so that a finding's phrase in the
 * source leads to the boxes of its characters, on every line and page
 * it was set on. */
static int line_sources(const prose_draw *D, bp_page *pg, const prose_line *l, double x0, double y)
{
    const bp_block *b = &D->t->blocks[l->block];
    if (l->s < b->text) return BP_OK; /* not a slice of the block's text: no source */
    const bp_doc_elem *el = &D->st->elem[b->kind];
    const bp_font *f = D->ctx->fonts->role[el->role];
    double size = el->size * l->scale;
    double lo = y + font_descent(f, el->size), hi = y + font_ascent(f, el->size);
    size_t *offs = NULL, base = (size_t)(l->s - b->text);
    int n = 0, k = 0;
    if (l->gap != 0) BP_TRY(text_break_offsets(D->ctx->c->a, f, l->s, l->len, &offs, &n));
    double x = x0 + l->x;
    for (size_t i = 0; i < l->len;) {
        if (k < n && offs[k] == i) x += l->gap, k++;
        size_t len = 1;
        while (i + len < l->len && ((unsigned char)l->s[i + len] & 0xC0) == 0x80)
            len++;
        double w = font_measure(f, size, l->s + i, len);
        bp_dl_source src = {x, lo, x + w, hi, 0, -1, 0, 0, 0, 0, 0, 0};
        doc_text_src(b, base + i, &src.src_from, &src.src_to);
        if (src.src_to > src.src_from) dl_source(D->doc, pg, src);
        x += w;
        i += len;
    }
    return BP_OK;
}

void prose_cover_sources(bp_layout_ctx *ctx, bp_doc *doc, int page, const bp_text *whole,
                         int ncover, const char *title)
{
    bp_page *pg = dl_page(doc, page);
    size_t tlen = strlen(title);
    for (int k = 0; k < pg->items.n; k++) {
        const bp_dl_item it = ((const bp_dl_item *)pg->items.items)[k];
        if (it.kind != BP_DL_TEXT || it.text < title || it.text >= title + tlen) continue;
        const bp_font *f = ctx->fonts->role[it.role];
        double x = it.x, lo = it.y + font_descent(f, it.size), hi = it.y + font_ascent(f, it.size);
        size_t off = (size_t)(it.text - title), start = 0;
        int j = 0; /* the block the item's text is in: the title is the blocks joined by "\n" */
        while (j + 1 < ncover && off > start + strlen(whole->blocks[j].text))
            start += strlen(whole->blocks[j].text) + 1, j++;
        for (size_t i = 0; i < it.len;) {
            size_t len = 1;
            while (i + len < it.len && ((unsigned char)it.text[i + len] & 0xC0) == 0x80)
                len++;
            double w = font_measure(f, it.size, it.text + i, len);
            bp_dl_source src = {x, lo, x + w, hi, 0, -1, 0, 0, 0, 0, 0, 0};
            doc_text_src(&whole->blocks[j], off + i - start, &src.src_from, &src.src_to);
            if (src.src_to > src.src_from) dl_source(doc, pg, src);
            x += w;
            i += len;
        }
    }
}

/* Draws the lines on their pages (page0: the document's index of the
 * text's first page). */
static int draw_pages(const prose_draw *D, const prose_line *ls, int n, const int *page_of,
                      int page0)
{
    bp_layout_ctx *ctx = D->ctx;
    const bp_doc_style *st = D->st;
    const bp_text *t = D->t;
    bp_doc *doc = D->doc;
    bp_vec *heads = D->heads;
    double x0 = D->x0, top = D->top, y = top;
    int page = -1;
    for (int i = 0; i < n; i++) {
        const prose_line *l = &ls[i];
        const bp_doc_elem *el = &st->elem[t->blocks[l->block].kind];
        double pitch = pitch_of(st, el);
        bool top_of_page = page_of[i] != page;
        if (top_of_page) page = page_of[i], y = top;
        bp_page *pg = dl_page(doc, page0 + page);
        if (l->first && !top_of_page) y -= el->before * st->pitch;
        if (l->first) add_head(ctx, t, l->block, page0 + page, heads);
        double base = baseline(ctx->fonts->role[el->role], el->size, y, pitch);
        BP_TRY(draw_line(ctx, doc, pg, el, l, x0, base));
        if (doc->provenance) BP_TRY(line_sources(D, pg, l, x0, base));
        y -= pitch;
        if (l->last) y -= el->after * st->pitch;
    }
    return BP_OK;
}

int layout_prose(bp_layout_ctx *ctx, const bp_doc_style *st, const bp_text *t, bp_doc *doc,
                 bp_vec *heads)
{
    double width = (st->page_w - st->margin[1] - st->margin[3]) * BP_MM;
    double cap = (st->page_h - st->margin[0] - st->margin[2]) * BP_MM;
    bp_vec lines;
    BP_TRY(prose_wrap(ctx, st, t, width, &lines));
    const prose_line *ls = lines.items;
    int n = lines.n;
    if (!n) return BP_OK;
    prose_box *boxes = bp_alloc(ctx->c->a, (size_t)n * sizeof *boxes);
    for (int i = 0; i < n; i++) {
        const bp_block *b = &t->blocks[ls[i].block];
        const bp_doc_elem *el = &st->elem[b->kind];
        double h = pitch_of(st, el) + (ls[i].first ? el->before * st->pitch : 0) +
                   (ls[i].last ? el->after * st->pitch : 0);
        boxes[i] = (prose_box){h > cap ? cap : h, ls[i].block, b->kind < BP_DOC_BODY,
                               ls[i].first && el->new_page};
    }
    int *page_of = bp_alloc(ctx->c->a, (size_t)n * sizeof *page_of), npages;
    BP_TRY(layout_prose_paginate(boxes, n, cap, ctx->c->a, page_of, &npages, ctx->c->e));
    int page0 = dl_page_count(doc);
    for (int p = 0; p < npages; p++)
        dl_add_page(doc, st->page_w * BP_MM, st->page_h * BP_MM);
    prose_draw D = {
        ctx, st, t, doc, heads, st->margin[3] * BP_MM, (st->page_h - st->margin[0]) * BP_MM};
    return draw_pages(&D, ls, n, page_of, page0);
}

/* ---- headings kept with a table ------------------------------------------ */

/* The room lines [0, n) take at the top of a page: each line's pitch, the
 * space before each block but the first, after each block. */
static double lines_height(const bp_doc_style *st, const bp_text *t, const prose_line *ls, int n)
{
    double h = 0;
    for (int i = 0; i < n; i++) {
        const bp_doc_elem *el = &st->elem[t->blocks[ls[i].block].kind];
        h += pitch_of(st, el) + (ls[i].first && i ? el->before * st->pitch : 0) +
             (ls[i].last ? el->after * st->pitch : 0);
    }
    return h;
}

int prose_lead_height(bp_layout_ctx *ctx, const bp_doc_style *st, const bp_text *t, double width,
                      double *height)
{
    bp_vec lines;
    BP_TRY(prose_wrap(ctx, st, t, width, &lines));
    *height = lines_height(st, t, lines.items, lines.n);
    return BP_OK;
}

int prose_lead_draw(bp_layout_ctx *ctx, const bp_doc_style *st, const bp_text *t,
                    const prose_at *at, bp_doc *doc, bp_vec *heads)
{
    bp_vec lines;
    BP_TRY(prose_wrap(ctx, st, t, at->width, &lines));
    int *page_of = bp_alloc(ctx->c->a, (size_t)(lines.n + 1) * sizeof *page_of);
    for (int i = 0; i < lines.n; i++)
        page_of[i] = 0;
    prose_draw D = {ctx, st, t, doc, heads, at->x0, at->top};
    return draw_pages(&D, lines.items, lines.n, page_of, at->page);
}
