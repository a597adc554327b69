/* workbook_docx.c — a .docx's body as paragraphs (workbook_docx.h): the
 * styles part gives each paragraph style its outline level and whether it
 * is a heading or the title; word/document.xml gives the paragraphs, their
 * runs' text (w:t, tabs, breaks; deleted text and field codes left out)
 * and their own outline level. A table, an image or drawing, a text box or
 * an equation stops the reading with the paragraph it stands at. Streamed
 * by workbook_zip.c within the .xlsx reader's limits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "workbook_docx.h"
#include "workbook_xlsx.h"
#include "i18n.h"

/* ---- styles ---- */

typedef struct docx_style {
    const char *id, *based_on;
    int outline; /* 0..8, -1: none given */
    int heading; /* 1..9 from the name "heading N" / "标题 N", 0: none */
    bool title;
} docx_style;

typedef struct styles_st {
    bp_vec v; /* docx_style */
    docx_style *cur;
} styles_st;

/* "heading 2" -> 2, "标题 2" -> 2; "Title" / "标题": -1; else 0. */
static int heading_of_name(const char *n)
{
    if (!strcasecmp(n, "title") || !strcmp(n, "标题")) return -1;
    const char *rest = NULL;
    if (!strncasecmp(n, "heading", 7))
        rest = n + 7;
    else if (!strncmp(n, "标题", strlen("标题")))
        rest = n + strlen("标题");
    if (!rest) return 0;
    while (*rest == ' ')
        rest++;
    return rest[0] >= '1' && rest[0] <= '9' && !rest[1] ? rest[0] - '0' : 0;
}

static int level_val(const char *v)
{
    return v && v[0] >= '0' && v[0] <= '9' && !v[1] ? v[0] - '0' : -1;
}

static void styles_start(wb_xlsx *x, void *ud, const char *name, const char **atts)
{
    styles_st *st = ud;
    if (wb_name_is(name, "style")) {
        const char *type = wb_attr(atts, "type"), *id = wb_attr(atts, "styleId");
        st->cur = NULL;
        if (!id || (type && strcmp(type, "paragraph"))) return;
        if (st->v.n >= 10000) {
            wb_xlsx_fail(x, BP_EINPUT, _("more than 10000 styles; the limit is 10000"));
            return;
        }
        st->cur = bp_vec_push(x->a, &st->v);
        *st->cur = (docx_style){bp_strdup(x->a, id), NULL, -1, 0, false};
    } else if (!st->cur)
        return;
    else if (wb_name_is(name, "name")) {
        const char *v = wb_attr(atts, "val");
        int h = v ? heading_of_name(v) : 0;
        if (h < 0) st->cur->title = true;
        if (h > 0) st->cur->heading = h;
    } else if (wb_name_is(name, "basedOn")) {
        const char *v = wb_attr(atts, "val");
        if (v) st->cur->based_on = bp_strdup(x->a, v);
    } else if (wb_name_is(name, "outlineLvl"))
        st->cur->outline = level_val(wb_attr(atts, "val"));
}

static void styles_end(wb_xlsx *x, void *ud, const char *name)
{
    (void)x;
    if (wb_name_is(name, "style")) ((styles_st *)ud)->cur = NULL;
}

static const docx_style *style_by_id(const styles_st *st, const char *id)
{
    const docx_style *s = st->v.items;
    for (int i = 0; id && i < st->v.n; i++)
        if (!strcmp(s[i].id, id)) return &s[i];
    return NULL;
}

/* The heading level a paragraph of style id has from its style (following
 * basedOn, at most 16 deep): 1..9, 0 body; *title set for Title. */
static int style_level(const styles_st *st, const char *id, bool *title)
{
    *title = false;
    const docx_style *s = style_by_id(st, id);
    for (int depth = 0; s && depth < 16; depth++, s = style_by_id(st, s->based_on)) {
        if (s->title && depth == 0) *title = true;
        if (s->outline >= 0 && s->outline <= 8) return s->outline + 1;
        if (s->outline == 9) return 0;
        if (s->heading) return s->heading;
    }
    return 0;
}

/* ---- the body ---- */

typedef struct body_st {
    const styles_st *styles;
    bp_vec paras; /* bp_docx_para */
    bp_vec buf;   /* char: the paragraph being read */
    int depth_p;  /* inside w:p */
    int in_ppr, in_run, in_t;
    const char *style;
    int outline; /* the paragraph's own w:outlineLvl, -1: none */
    bool numbered, centered;
    int num_id;
} body_st;

static void put(wb_xlsx *x, body_st *b, const char *s, size_t n)
{
    if (b->buf.n + n + 1 > BP_DOCX_MAX_PARA_BYTES) {
        wb_xlsx_fail(x, BP_EINPUT, _("a paragraph over %u bytes; the limit is %u (docs/limits.md)"),
                     BP_DOCX_MAX_PARA_BYTES, BP_DOCX_MAX_PARA_BYTES);
        return;
    }
    if (b->buf.n + (int)n + 1 > b->buf.cap) {
        int cap = b->buf.cap ? b->buf.cap : 256;
        while (cap < b->buf.n + (int)n + 1)
            cap *= 2;
        bp_vec_reserve(x->a, &b->buf, cap);
    }
    memcpy((char *)b->buf.items + b->buf.n, s, n);
    b->buf.n += (int)n;
}

/* "paragraph 12": where the reading is, for messages. */
static void body_place(const wb_xlsx *x, char *out, size_t n)
{
    const body_st *b = x->place_ud;
    snprintf(out, n, "paragraph %d", b->paras.n + 1);
}

static const char *unplaceable(const char *name)
{
    static const struct {
        const char *el, *what;
    } t[] = {{"tbl", N_("a table (the tables come from the data: remove it, or write its content "
                        "as paragraphs)")},
             {"drawing", N_("an image or drawing, which the text cannot hold: remove it")},
             {"pict", N_("an image or drawing, which the text cannot hold: remove it")},
             {"object", N_("an embedded object, which the text cannot hold: remove it")},
             {"txbxContent", N_("a text box, which the text cannot hold: move its text into a "
                                "paragraph")},
             {"oMath", N_("an equation, which the text cannot hold: write it as text")}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (wb_name_is(name, t[i].el)) return t[i].what;
    return NULL;
}

static void para_start(wb_xlsx *x, body_st *b)
{
    if (b->paras.n >= BP_DOCX_MAX_PARAS) {
        wb_xlsx_fail(x, BP_EINPUT, _("more than %d paragraphs; the limit is %d (docs/limits.md)"),
                     BP_DOCX_MAX_PARAS, BP_DOCX_MAX_PARAS);
        return;
    }
    b->buf.n = 0;
    b->style = NULL;
    b->outline = -1;
    b->numbered = b->centered = false;
    b->num_id = 0;
}

static void ppr_start(wb_xlsx *x, body_st *b, const char *name, const char **atts)
{
    const char *v = wb_attr(atts, "val");
    if (wb_name_is(name, "pStyle") && v)
        b->style = bp_strdup(x->a, v);
    else if (wb_name_is(name, "outlineLvl"))
        b->outline = level_val(v);
    else if (wb_name_is(name, "jc") && v)
        b->centered = !strcmp(v, "center");
    else if (wb_name_is(name, "numId") && v) {
        b->num_id = (int)strtol(v, NULL, 10);
        b->numbered = b->num_id > 0;
    }
}

static void run_start(wb_xlsx *x, body_st *b, const char *name, const char **atts)
{
    if (wb_name_is(name, "t")) {
        b->in_t = 1;
        wb_text_begin(x);
    } else if (wb_name_is(name, "tab"))
        put(x, b, " ", 1);
    else if (wb_name_is(name, "br") || wb_name_is(name, "cr")) {
        const char *type = wb_attr(atts, "type");
        if (!type || !strcmp(type, "textWrapping")) put(x, b, "\n", 1);
    } else if (wb_name_is(name, "noBreakHyphen"))
        put(x, b, "-", 1);
}

static void body_start(wb_xlsx *x, void *ud, const char *name, const char **atts)
{
    body_st *b = ud;
    const char *what = unplaceable(name);
    if (what) {
        wb_xlsx_fail(x, BP_EINPUT, "%s", _(what));
        return;
    }
    if (wb_name_is(name, "p")) {
        if (b->depth_p++ == 0) para_start(x, b);
    } else if (!b->depth_p)
        return;
    else if (wb_name_is(name, "pPr"))
        b->in_ppr++;
    else if (b->in_ppr) {
        if (!b->in_run) ppr_start(x, b, name, atts); /* not the paragraph mark's run properties */
    } else if (wb_name_is(name, "r"))
        b->in_run++;
    else if (b->in_run)
        run_start(x, b, name, atts);
}

static void para_end(wb_xlsx *x, body_st *b)
{
    bp_docx_para *p = bp_vec_push(x->a, &b->paras);
    char *t = bp_alloc(x->a, (size_t)b->buf.n + 1);
    if (b->buf.n) memcpy(t, b->buf.items, (size_t)b->buf.n);
    t[b->buf.n] = 0;
    bool title;
    int level = style_level(b->styles, b->style, &title);
    if (b->outline >= 0) level = b->outline <= 8 ? b->outline + 1 : 0;
    *p = (bp_docx_para){t, level, title, b->numbered, b->num_id, b->centered};
}

static void body_end(wb_xlsx *x, void *ud, const char *name)
{
    body_st *b = ud;
    if (!b->depth_p) return;
    if (wb_name_is(name, "p")) {
        if (--b->depth_p == 0) para_end(x, b);
    } else if (wb_name_is(name, "pPr")) {
        if (b->in_ppr) b->in_ppr--;
    } else if (wb_name_is(name, "r")) {
        if (b->in_run) b->in_run--;
    } else if (wb_name_is(name, "t") && b->in_t) {
        b->in_t = 0;
        const char *s = wb_text_end(x);
        put(x, b, s, strlen(s));
    }
}

/* ---- the document ---- */

static void discard_zip(void *p)
{
    zip_discard(p);
}

static int read_docx(wb_xlsx *x, bp_docx *d)
{
    zip_int64_t entries = zip_get_num_entries(x->z, 0);
    if (entries > WB_MAX_ENTRIES)
        return bp_fail(x->e, BP_EINPUT,
                       _("%s: the archive holds %lld entries (parts); the limit is %d "
                         "(docs/limits.md)"),
                       x->shown, (long long)entries, WB_MAX_ENTRIES);
    styles_st st = {.cur = NULL};
    bp_vec_init(&st.v, sizeof(docx_style));
    bool found;
    BP_TRY(wb_xlsx_stream(x, "word/styles.xml", styles_start, styles_end, &st, &found));
    body_st b = {.styles = &st};
    bp_vec_init(&b.paras, sizeof(bp_docx_para));
    bp_vec_init(&b.buf, 1);
    x->place = body_place;
    x->place_ud = &b;
    int rc = wb_xlsx_stream(x, "word/document.xml", body_start, body_end, &b, &found);
    x->place = NULL;
    BP_TRY(rc);
    if (!found)
        return bp_fail(x->e, BP_EINPUT,
                       _("%s: no word/document.xml in the archive: not a .docx document (save it "
                         "from Word, WPS文字 or LibreOffice as .docx)"),
                       x->shown);
    d->paras = b.paras.items;
    d->nparas = b.paras.n;
    return BP_OK;
}

static int read_zip(bp_arena *a, const char *path, const char *shown, zip_t *z, bp_docx **out,
                    bp_error *e)
{
    bp_cleanup *c = bp_arena_defer(a, discard_zip);
    c->p = z;
    wb_xlsx x = {.a = a, .z = z, .shown = shown, .e = e};
    bp_docx *d = bp_alloc(a, sizeof *d);
    d->path = bp_strdup(a, path);
    int rc = read_docx(&x, d);
    zip_discard(z);
    c->p = NULL;
    if (!rc) *out = d;
    return rc;
}

int docx_load(bp_ctx *c, const char *path, bp_docx **out)
{
    bp_arena *a = c->a;
    bp_error *e = c->e;
    const char *shown = wb_shown(a, path);
    zip_t *z;
    BP_TRY(wb_zip_open_path(a, path, shown, ".docx", &z, e));
    return read_zip(a, path, shown, z, out, e);
}

int docx_parse(bp_arena *a, const char *path, const void *bytes, size_t len, bp_docx **out,
               bp_error *e)
{
    const char *shown = wb_shown(a, path);
    zip_t *z;
    BP_TRY(wb_zip_open_mem(shown, bytes, len, ".docx", &z, e));
    return read_zip(a, path, shown, z, out, e);
}
