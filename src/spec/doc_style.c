/* doc_style.c — the document style of a layout set (`document:` of
 * set.yaml, doc_style.h): its defaults, after GB/T 9704-2012, and its
 * parser; every key is checked and a bad value names file:line:column. */
#include "doc_style.h"

#include <string.h>

#include "template.h"

static const char *const elem_names[BP_DOC_NELEMS] = {"part",     "section", "subsection",
                                                      "heading4", "body",    "item"};

const bp_doc_style *doc_style_default(bp_arena *a)
{
    bp_doc_style *s = bp_alloc(a, sizeof *s);
    memset(s, 0, sizeof *s);
    s->page_w = 210, s->page_h = 297;
    /* 版心 156 × 225 mm: top 37, left (binding side) 28 */
    s->margin[0] = 37, s->margin[1] = 26, s->margin[2] = 35, s->margin[3] = 28;
    s->pitch = 225 * (72.0 / 25.4) / 22; /* 22 lines a page */
    s->max_gap = 1;
    s->line_chars = 28; /* 28 characters a line: 3号 (16 pt) x 28 is 158 mm, set in 156 */
    bp_doc_elem body = {BP_ROLE_TEXT, 16, false, BP_ALIGN_LEFT, 2, 0, 0, 0, false};
    for (int i = 0; i < BP_DOC_NELEMS; i++)
        s->elem[i] = body;
    s->elem[BP_DOC_PART] =
        (bp_doc_elem){BP_ROLE_TITLE, 22, false, BP_ALIGN_CENTER, 0, 0, 1, 0, true};
    s->elem[BP_DOC_SECTION].role = BP_ROLE_TITLE;
    s->elem[BP_DOC_SUBSECTION].role = BP_ROLE_KAI;
    s->elem[BP_DOC_HEADING4].bold = true;
    s->list_label = "（{n}）";
    s->list_chinese = true;
    s->title = tpl_must(a, "{year}年{department}部门预算公开");
    s->title_size = 22;
    s->contents_title = tpl_must(a, "目　录");
    s->contents_size = 16;
    s->annex_entry = tpl_must(a, "附件：{department}{year}年部门预算表");
    s->page_number = tpl_must(a, "— {page} —");
    s->page_number_size = 14;
    s->page_number_gap = 7;
    return s;
}

const bp_doc_style *doc_style_of(bp_arena *a, const bp_layout_set *set)
{
    return set && set->document ? set->document : doc_style_default(a);
}

static int number(bp_yaml *y, yaml_node_t *m, const char *key, double min, double max, double *out,
                  bp_error *e)
{
    yaml_node_t *n = yq_get(y, m, key);
    if (!n) return BP_OK;
    return yq_number(y, n, key, min, max, out, e);
}

static int template_of(bp_yaml *y, yaml_node_t *m, const char *key, unsigned fields, bp_arena *a,
                       const bp_template **out, bp_error *e)
{
    yaml_node_t *n = yq_get(y, m, key);
    if (!n) return BP_OK;
    const char *s;
    BP_TRY(yq_string(y, n, key, a, &s, e));
    yq_origin o = yq_node_origin(y, n);
    const char *where = bp_sprintf(a, "%s:%d:%d", o.file, (int)n->start_mark.line + 1,
                                   (int)n->start_mark.column + 1);
    bp_tpl_error te;
    if (tpl_parse(a, s, where, fields, out, &te))
        return yq_fail(y, n, e, "document %s: %s", key, te.msg);
    return BP_OK;
}

static int parse_elem(bp_yaml *y, yaml_node_t *v, const char *name, bp_doc_elem *el, bp_error *e)
{
    static const char *const keys[] = {"font",   "size",  "bold",  "align",    "indent",
                                       "before", "after", "pitch", "new_page", NULL};
    BP_TRY(yq_check_map(y, v, name, keys, e));
    yaml_node_t *n;
    if ((n = yq_get(y, v, "font"))) {
        const char *w;
        BP_TRY(yq_word(y, n, "font", &w, e));
        int r = role_from_name(w);
        if (r < 0)
            return yq_fail(y, n, e,
                           "document %s font must be a font role (body, title, number, note, "
                           "text, kai), not '%s'",
                           name, w);
        el->role = (bp_role)r;
    }
    BP_TRY(number(y, v, "size", 4, 72, &el->size, e));
    BP_TRY(number(y, v, "indent", 0, 10, &el->indent, e));
    BP_TRY(number(y, v, "before", 0, 10, &el->before, e));
    BP_TRY(number(y, v, "after", 0, 10, &el->after, e));
    BP_TRY(number(y, v, "pitch", 0, 200, &el->pitch, e));
    if ((n = yq_get(y, v, "bold"))) BP_TRY(yq_bool(y, n, "bold", &el->bold, e));
    if ((n = yq_get(y, v, "new_page"))) BP_TRY(yq_bool(y, n, "new_page", &el->new_page, e));
    if ((n = yq_get(y, v, "align"))) {
        const char *w;
        BP_TRY(yq_word(y, n, "align", &w, e));
        if (!strcmp(w, "left") || !strcmp(w, "justify"))
            el->align = BP_ALIGN_LEFT;
        else if (!strcmp(w, "center") || !strcmp(w, "centre"))
            el->align = BP_ALIGN_CENTER;
        else
            return yq_fail(y, n, e, "document %s align must be justify or center, not '%s'", name,
                           w);
    }
    double pitch = el->pitch;
    if (pitch > 0 && pitch < el->size)
        return yq_fail(y, yq_get(y, v, "pitch"), e,
                       "document %s pitch (%g pt) is smaller than its size (%g pt)", name, pitch,
                       el->size);
    return BP_OK;
}

static int parse_list(bp_yaml *y, yaml_node_t *v, bp_arena *a, bp_doc_style *s, bp_error *e)
{
    static const char *const keys[] = {"label", "numerals", NULL};
    BP_TRY(yq_check_map(y, v, "list", keys, e));
    yaml_node_t *n;
    if ((n = yq_get(y, v, "label"))) {
        BP_TRY(yq_string(y, n, "list label", a, &s->list_label, e));
        if (!strstr(s->list_label, "{n}"))
            return yq_fail(y, n, e, "document list label must hold {n}, the item's number");
    }
    if ((n = yq_get(y, v, "numerals"))) {
        const char *w;
        BP_TRY(yq_word(y, n, "numerals", &w, e));
        if (!strcmp(w, "chinese"))
            s->list_chinese = true;
        else if (!strcmp(w, "arabic"))
            s->list_chinese = false;
        else
            return yq_fail(y, n, e, "document list numerals must be chinese or arabic, not '%s'",
                           w);
    }
    return BP_OK;
}

static int parse_margins(bp_yaml *y, yaml_node_t *n, bp_doc_style *s, bp_error *e)
{
    if (n->type != YAML_SEQUENCE_NODE || yq_seq_len(n) != 4)
        return yq_fail(y, n, e,
                       "document margins must be a list of four (top right bottom left, "
                       "mm)");
    for (int i = 0; i < 4; i++)
        BP_TRY(yq_number(y, yq_seq_item(y, n, i), "document margin", 0, 200, &s->margin[i], e));
    return BP_OK;
}

/* The text block must hold a line of a few characters and a few lines. */
static int check_geometry(bp_yaml *y, yaml_node_t *v, const bp_doc_style *s, bp_error *e)
{
    double w = (s->page_w - s->margin[1] - s->margin[3]) * (72.0 / 25.4);
    double h = (s->page_h - s->margin[0] - s->margin[2]) * (72.0 / 25.4);
    for (int i = 0; i < BP_DOC_NELEMS; i++) {
        const bp_doc_elem *el = &s->elem[i];
        double pitch = el->pitch > 0 ? el->pitch : s->pitch;
        if (w < el->size * (el->indent + 6) || h < pitch * 4)
            return yq_fail(y, v, e,
                           "document: the text block (%.0f × %.0f mm) is too small for %s text "
                           "of %g pt",
                           w / (72.0 / 25.4), h / (72.0 / 25.4), elem_names[i], el->size);
    }
    return BP_OK;
}

/* orientation (portrait, the default, or landscape: A4 turned, unless
 * page_width and page_height say otherwise) against the page's size. */
static int parse_orientation(bp_yaml *y, yaml_node_t *v, bp_doc_style *s, bp_error *e)
{
    yaml_node_t *n = yq_get(y, v, "orientation");
    bool sized = yq_get(y, v, "page_width") || yq_get(y, v, "page_height");
    if (!n) return BP_OK;
    const char *w;
    BP_TRY(yq_word(y, n, "orientation", &w, e));
    bool landscape = !strcmp(w, "landscape");
    if (!landscape && strcmp(w, "portrait"))
        return yq_fail(y, n, e, "document orientation must be portrait or landscape, not '%s'", w);
    if (landscape && !sized) {
        double t = s->page_w;
        s->page_w = s->page_h, s->page_h = t;
    }
    if (landscape != (s->page_w > s->page_h))
        return yq_fail(y, n, e,
                       "document orientation is %s, but the page is %g mm wide and %g mm high", w,
                       s->page_w, s->page_h);
    return BP_OK;
}

static int parse_page(bp_yaml *y, yaml_node_t *v, bp_arena *a, bp_doc_style *s, bp_error *e)
{
    yaml_node_t *n;
    BP_TRY(number(y, v, "page_width", 50, 2000, &s->page_w, e));
    BP_TRY(number(y, v, "page_height", 50, 2000, &s->page_h, e));
    BP_TRY(parse_orientation(y, v, s, e));
    if ((n = yq_get(y, v, "margins"))) BP_TRY(parse_margins(y, n, s, e));
    BP_TRY(number(y, v, "line_pitch", 4, 200, &s->pitch, e));
    BP_TRY(number(y, v, "max_gap", 0, 10, &s->max_gap, e));
    BP_TRY(number(y, v, "line_chars", 0, 200, &s->line_chars, e));
    BP_TRY(template_of(y, v, "title", BP_TPL_DEPT_FIELDS, a, &s->title, e));
    BP_TRY(number(y, v, "title_size", 4, 72, &s->title_size, e));
    BP_TRY(template_of(y, v, "contents_title", BP_TPL_DEPT_FIELDS, a, &s->contents_title, e));
    BP_TRY(number(y, v, "contents_size", 4, 72, &s->contents_size, e));
    BP_TRY(template_of(y, v, "annex", BP_TPL_DEPT_FIELDS, a, &s->annex_entry, e));
    BP_TRY(template_of(y, v, "page_number", BP_TPL_FOOTER_FIELDS, a, &s->page_number, e));
    BP_TRY(number(y, v, "page_number_size", 4, 72, &s->page_number_size, e));
    BP_TRY(number(y, v, "page_number_gap", 0, 100, &s->page_number_gap, e));
    return BP_OK;
}

int doc_style_parse(bp_yaml *y, yaml_node_t *v, bp_arena *a, const bp_doc_style **out, bp_error *e)
{
    static const char *const keys[] = {
        "orientation", "page_width",  "page_height",      "margins",         "line_pitch",
        "max_gap",     "title",       "title_size",       "contents_title",  "contents_size",
        "annex",       "page_number", "page_number_size", "page_number_gap", "list",
        "part",        "section",     "subsection",       "heading4",        "body",
        "item",        "line_chars", /* the character grid */
        NULL};
    BP_TRY(yq_check_map(y, v, "document", keys, e));
    bp_doc_style *s = bp_alloc(a, sizeof *s);
    memcpy(s, doc_style_default(a), sizeof *s);
    BP_TRY(parse_page(y, v, a, s, e));
    yaml_node_t *n;
    if ((n = yq_get(y, v, "list"))) BP_TRY(parse_list(y, n, a, s, e));
    for (int i = 0; i < BP_DOC_NELEMS; i++)
        if ((n = yq_get(y, v, elem_names[i])))
            BP_TRY(parse_elem(y, n, elem_names[i], &s->elem[i], e));
    BP_TRY(check_geometry(y, v, s, e));
    *out = s;
    return BP_OK;
}
