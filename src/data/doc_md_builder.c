/* doc_md_builder.c — a text source's paragraphs written as the Markdown
 * doc_text.c reads (doc_source.h): one paragraph a line, a blank line
 * after it; a heading's #s or a list item's number before it; the
 * characters Markdown would read as syntax escaped, except inside a figure
 * ({{ }}), which stays as written. It keeps the map from each Markdown
 * line and column back to the source's paragraph and character. */
#include <stdio.h>
#include <string.h>

#include "doc_source.h"
#include "i18n.h"

void md_builder_init(md_builder *b, bp_arena *a)
{
    b->a = a;
    bp_vec_init(&b->md, 1);
    bp_vec_init(&b->line, sizeof(int));
    bp_vec_init(&b->shift, sizeof(int));
    bp_vec_init(&b->adj, sizeof(const int *));
    bp_vec_init(&b->cur_adj, sizeof(int));
    bp_vec_init(&b->files, sizeof(const char *));
    b->file = NULL;
    b->too_big = false;
}

static void put(md_builder *b, const char *s, size_t n)
{
    if (b->too_big || (size_t)b->md.n + n + 1 > BP_DOC_MAX_MD) {
        b->too_big = true;
        return;
    }
    if (b->md.n + (int)n + 1 > b->md.cap) {
        int cap = b->md.cap ? b->md.cap : 4096;
        while (cap < b->md.n + (int)n + 1)
            cap *= 2;
        bp_vec_reserve(b->a, &b->md, cap);
    }
    memcpy((char *)b->md.items + b->md.n, s, n);
    b->md.n += (int)n;
}

static void adjust(md_builder *b, int from_col, int delta)
{
    *(int *)bp_vec_push(b->a, &b->cur_adj) = from_col;
    *(int *)bp_vec_push(b->a, &b->cur_adj) = delta;
}

/* A space at s (ASCII space, tab, U+3000, U+00A0): its length, else 0. */
static size_t space_at(const char *s)
{
    if (*s == ' ' || *s == '\t') return 1;
    if (!strncmp(s, "\xE3\x80\x80", 3)) return 3;
    if (!strncmp(s, "\xC2\xA0", 2)) return 2;
    return 0;
}

/* Characters Markdown reads as syntax anywhere in a line, and those it
 * reads so only at its start. */
static bool special(char c, bool first)
{
    if (strchr("\\`*_[]<&#", c)) return true;
    return first && strchr(">-+=|~", c);
}

static size_t char_len(const char *s)
{
    unsigned char c = (unsigned char)*s;
    size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    for (size_t i = 1; i < n; i++)
        if (!s[i]) return i;
    return n;
}

static bool ascii_word(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* The text from s to end, escaped; col: the Markdown column of s, pcol
 * the source's. A line break joins the lines (Chinese lines without a
 * space) or, in a heading kept on several lines (setext), starts a new
 * line: breaks receives the source column each new line starts at. */
typedef struct put_state {
    int col, pcol;
    bool setext;
    int breaks[16], nbreaks;
} put_state;

static void put_text(md_builder *b, const char *s, const char *end, put_state *ps)
{
    bool in_fig = false, first = true;
    char last = 0; /* the last byte put */
    while (s < end) {
        if (b->md.n) last = ((char *)b->md.items)[b->md.n - 1];
        if (!in_fig && s + 1 < end && s[0] == '{' && s[1] == '{') in_fig = true;
        if (in_fig && s + 1 < end && s[0] == '}' && s[1] == '}') {
            put(b, s, 2), s += 2, ps->col += 2, ps->pcol += 2, in_fig = false, first = false;
            continue;
        }
        if (*s == '\n') {
            s++, ps->pcol++;
            if (ps->setext && ps->nbreaks < 16) {
                put(b, "\n", 1);
                ps->breaks[ps->nbreaks++] = ps->pcol;
                ps->col = 1, first = true;
                continue;
            }
            bool space = ascii_word(last) && s < end && ascii_word(*s);
            if (space)
                put(b, " ", 1), ps->col++;
            else
                adjust(b, ps->col, -1);
            continue;
        }
        if (!in_fig && special(*s, first)) {
            put(b, "\\", 1);
            adjust(b, ++ps->col, 1);
        }
        size_t n = char_len(s);
        put(b, s, n);
        s += n, ps->col++, ps->pcol++, first = false;
    }
}

static void push_line(md_builder *b, int src_line, int shift, const int *adj)
{
    *(int *)bp_vec_push(b->a, &b->line) = src_line;
    *(int *)bp_vec_push(b->a, &b->shift) = shift;
    *(const int **)bp_vec_push(b->a, &b->adj) = adj;
    *(const char **)bp_vec_push(b->a, &b->files) = b->file;
}

void md_builder_para(md_builder *b, int src_line, int level, int number, const char *text, int skip)
{
    int stripped = 0;
    for (size_t n; (n = space_at(text)); text += n)
        stripped++;
    const char *end = text + strlen(text);
    while (end > text && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n'))
        end--;
    while (end - text >= 3 && !strncmp(end - 3, "\xE3\x80\x80", 3))
        end -= 3;
    if (end == text) return;
    put_state ps = {.pcol = stripped + skip + 1};
    ps.setext = (level == 1 || level == 2) && memchr(text, '\n', (size_t)(end - text));
    char prefix[32] = "";
    if (level > 0 && !ps.setext) {
        memset(prefix, '#', (size_t)(level > 4 ? 4 : level));
        strcpy(prefix + (level > 4 ? 4 : level), " ");
    } else if (number > 0 && level == 0)
        snprintf(prefix, sizeof prefix, "%d. ", number);
    b->cur_adj.n = 0;
    put(b, prefix, strlen(prefix));
    int shift = (int)strlen(prefix) - stripped - skip;
    ps.col = (int)strlen(prefix) + 1;
    put_text(b, text, end, &ps);
    if (ps.setext) put(b, level == 1 ? "\n===" : "\n---", 4);
    put(b, "\n\n", 2);
    const int *adj = NULL;
    if (b->cur_adj.n) {
        int *v = bp_alloc(b->a, ((size_t)b->cur_adj.n + 1) * sizeof *v);
        memcpy(v, b->cur_adj.items, (size_t)b->cur_adj.n * sizeof *v);
        v[b->cur_adj.n] = 0;
        adj = v;
    }
    push_line(b, src_line, shift, ps.nbreaks ? NULL : adj);
    for (int k = 0; k < ps.nbreaks; k++) /* a heading's further lines */
        push_line(b, src_line, 1 - ps.breaks[k], NULL);
    if (ps.setext) push_line(b, src_line, 0, NULL); /* its underline */
    push_line(b, src_line, shift, NULL);            /* the blank line after it */
}

int md_builder_finish(md_builder *b, bp_text_md *out, const char *what, bp_error *e)
{
    if (b->too_big)
        return bp_fail(e, BP_EINPUT,
                       _("%s: its text is over %u bytes as Markdown; the limit is %u "
                         "(docs/limits.md)"),
                       what, BP_DOC_MAX_MD, BP_DOC_MAX_MD);
    b->too_big = false;
    put(b, "", 0);
    ((char *)b->md.items)[b->md.n] = 0;
    out->md = b->md.items;
    out->len = (size_t)b->md.n;
    out->map =
        (bp_text_map){b->line.n, b->line.items, b->shift.items, b->adj.items, b->files.items};
    return BP_OK;
}
