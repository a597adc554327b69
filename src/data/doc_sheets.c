/* doc_sheets.c — the workbook's text sheets as the document's Markdown
 * (doc_source.h): for each text sheet of the layout set (set.yaml `text:`),
 * in the set's order, the visible sheets whose name (or title, its first
 * row) matches, as the bureaus' templates are filled: one paragraph a
 * non-empty row (its cells' texts joined), or one paragraph a line of a
 * large cell; a row that repeats the sheet's title or its headings is left
 * out. The set's part and section headings go before each sheet's text (a
 * part once for the sheets under it). Places name the sheet and its row. */
#include <string.h>

#include "data_workbook.h"
#include "doc_source.h"
#include "i18n.h"

/* s with {department} and {year} replaced by d's. */
static const char *expand(bp_arena *a, const char *s, const bp_department *d)
{
    const char *out = s, *p;
    while ((p = strstr(out, "{department}")))
        out = bp_sprintf(a, "%.*s%s%s", (int)(p - out), out, d->name, p + strlen("{department}"));
    while ((p = strstr(out, "{year}")))
        out = bp_sprintf(a, "%.*s%d%s", (int)(p - out), out, d->year, p + strlen("{year}"));
    return out;
}

/* The text of row r of s: its cells' texts joined (NULL: none); *first the
 * index of its first cell (cells are sorted by row). */
static const char *row_text(bp_arena *a, const bp_wb_sheet *s, int *k)
{
    int row = s->cells[*k].row;
    const char *t = NULL;
    for (; *k < s->ncells && s->cells[*k].row == row; (*k)++) {
        const char *c = s->cells[*k].text;
        if (!c || data_wb_blank(c)) continue;
        t = t ? bp_sprintf(a, "%s%s", t, c) : c;
    }
    return t;
}

static bool matches(bp_arena *a, const char *pattern, const bp_wb_sheet *s)
{
    const char *pat = data_wb_title_key(a, pattern);
    if (data_wb_glob(pat, data_wb_title_key(a, s->name))) return true;
    int k = 0; /* the title: the sheet's first row holding text */
    const char *t = s->ncells ? row_text(a, s, &k) : NULL;
    return t && data_wb_glob(pat, data_wb_title_key(a, t));
}

/* True when t, compared as a label, is the sheet's name or a heading. */
static bool is_title(bp_arena *a, const char *t, const char *const *names, int n)
{
    const char *k = data_wb_title_key(a, t);
    for (int i = 0; i < n; i++)
        if (names[i] && !strcmp(k, data_wb_title_key(a, names[i]))) return true;
    return false;
}

/* One line of a row as a paragraph. */
static void put_line(md_builder *b, int row, const char *line)
{
    const char *t = doc_skip_spaces(line);
    int level = doc_typed_level(t), skip = 0, number = 0;
    if (level == 1) level = 0; /* a part comes from the set */
    if (!level) number = doc_typed_number(t, &skip);
    int lead = (int)bp_utf8_count(line, (size_t)(t - line));
    for (int k = 0; k < skip; k++) /* the typed label: the list's number stands for it */
        t += (unsigned char)*t < 0x80 ? 1 : (unsigned char)*t < 0xE0 ? 2 : 3;
    md_builder_para(b, row, level, number, t, lead + skip);
}

/* Sheet s's rows, each line of a row a paragraph. */
static void put_sheet(bp_arena *a, md_builder *b, const bp_wb_sheet *s, const char *const *names)
{
    for (int k = 0; k < s->ncells;) {
        int row = s->cells[k].row + 1;
        const char *t = row_text(a, s, &k);
        if (!t || is_title(a, t, names, 3)) continue;
        for (const char *p = t; *p;) { /* a large cell: a paragraph a line */
            const char *nl = strchr(p, '\n');
            size_t n = nl ? (size_t)(nl - p) : strlen(p);
            char *line = bp_strndup(a, p, n);
            if (n && line[n - 1] == '\r') line[n - 1] = 0;
            if (!data_wb_blank(line)) put_line(b, row, line);
            p += n + (nl != NULL);
        }
    }
}

static bool has_text(const bp_wb_sheet *s)
{
    for (int i = 0; i < s->ncells; i++)
        if (s->cells[i].text && !data_wb_blank(s->cells[i].text)) return true;
    return false;
}

int doc_sheets_markdown(bp_ctx *c, const bp_department *d, const bp_layout_set *set,
                        bp_text_md *out)
{
    bp_arena *a = c->a;
    bp_error *e = c->e;
    const char *path = d->text ? d->text : d->workbook;
    const bp_workbook *wb = d->book;
    if (!wb || strcmp(wb->path, path)) {
        bp_workbook *w;
        BP_TRY(workbook_load(c, path, &w));
        wb = w;
    }
    bool *used = bp_alloc(a, (size_t)(wb->nsheets + 1) * sizeof *used);
    memset(used, 0, (size_t)(wb->nsheets + 1) * sizeof *used);
    md_builder b;
    md_builder_init(&b, a);
    const char *last_part = NULL;
    for (int i = 0; i < set->ntext_sheets; i++) {
        const bp_text_sheet *ts = &set->text_sheets[i];
        for (int j = 0; j < wb->nsheets; j++) {
            const bp_wb_sheet *s = &wb->sheets[j];
            if (used[j] || s->hidden || !has_text(s) || !matches(a, ts->pattern, s)) continue;
            used[j] = true;
            b.file = bp_sprintf(a, "%s!%s", path, s->name);
            const char *part = expand(a, ts->part, d);
            const char *section = ts->section ? expand(a, ts->section, d) : NULL;
            int first = s->cells[0].row + 1;
            if (!last_part || strcmp(part, last_part)) md_builder_para(&b, first, 1, 0, part, 0);
            last_part = part;
            if (section) md_builder_para(&b, first, 2, 0, section, 0);
            const char *names[3] = {s->name, part, section};
            put_sheet(a, &b, s, names);
        }
    }
    if (!last_part && d->text)
        return bp_fail(e, BP_EINPUT,
                       _("%s:%d:%d: text: no sheet of %s holds text under a title the layout set "
                         "maps (`text:` in %s, the first: '%s')"),
                       d->file, d->text_line, d->text_col, path, set->file,
                       set->text_sheets[0].pattern);
    BP_TRY(md_builder_finish(&b, out, path, e));
    out->kind = last_part ? BP_TEXT_SHEETS : BP_TEXT_NONE;
    out->file = path;
    return BP_OK;
}
