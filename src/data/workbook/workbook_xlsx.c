/* workbook_xlsx.c — an .xlsx workbook's own parts: the package
 * relationships (_rels/.rels: where the workbook part is), the workbook
 * part (the sheets, their names, states and relationship ids), its
 * relationships (each sheet's part, the shared strings and the styles),
 * the shared strings and the number formats of the cell styles; then each
 * sheet through workbook_xlsx_sheet.c. Element and attribute names are
 * compared by local name: Excel, WPS and LibreOffice differ in prefixes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "workbook_xlsx.h"
#include "i18n.h"

/* ---- relationships ---- */

typedef struct rel {
    const char *id, *type, *target; /* target: a part name, resolved */
} rel;

typedef struct rels {
    const char *base; /* folder of the part the relationships belong to ("xl/") */
    bp_vec v;         /* rel */
} rels;

/* base + target as a part name: "/" at the start means from the root;
 * "." and ".." segments are resolved. */
static const char *resolve_target(bp_arena *a, const char *base, const char *target)
{
    const char *full = target[0] == '/' ? target + 1 : bp_sprintf(a, "%s%s", base, target);
    char *out = bp_alloc(a, strlen(full) + 1);
    size_t n = 0;
    for (const char *s = full; *s;) {
        const char *slash = strchr(s, '/');
        size_t len = slash ? (size_t)(slash - s) : strlen(s);
        if (len == 2 && s[0] == '.' && s[1] == '.') {
            while (n > 0 && out[n - 1] == '/')
                n--;
            while (n > 0 && out[n - 1] != '/')
                n--;
        } else if (len > 0 && !(len == 1 && s[0] == '.')) {
            memcpy(out + n, s, len);
            n += len;
            if (slash) out[n++] = '/';
        }
        s += len + (slash != NULL);
    }
    out[n] = 0;
    return out;
}

static void rels_start(wb_xlsx *x, void *ud, const char *name, const char **atts)
{
    rels *r = ud;
    if (!wb_name_is(name, "Relationship")) return;
    const char *id = wb_attr(atts, "Id"), *type = wb_attr(atts, "Type");
    const char *target = wb_attr(atts, "Target"), *mode = wb_attr(atts, "TargetMode");
    if (!id || !type || !target || (mode && strcmp(mode, "External") == 0)) return;
    if (r->v.n >= WB_MAX_RELS) {
        wb_xlsx_fail(x, BP_EINPUT,
                     _("more than %d relationships; the limit is %d (docs/limits.md)"), WB_MAX_RELS,
                     WB_MAX_RELS);
        return;
    }
    rel *e = bp_vec_push(x->a, &r->v);
    e->id = bp_strdup(x->a, id);
    e->type = bp_strdup(x->a, type);
    e->target = resolve_target(x->a, r->base, target);
}

/* The relationships of part ("xl/workbook.xml": "xl/_rels/workbook.xml.rels"). */
static int read_rels(wb_xlsx *x, const char *part, rels *r, bool *found)
{
    const char *slash = strrchr(part, '/');
    size_t dir = slash ? (size_t)(slash - part + 1) : 0;
    r->base = bp_strndup(x->a, part, dir);
    bp_vec_init(&r->v, sizeof(rel));
    const char *name = bp_sprintf(x->a, "%s_rels/%s.rels", r->base, part + dir);
    return wb_xlsx_stream(x, name, rels_start, NULL, r, found);
}

/* The target of the first relationship whose type ends with /suffix. */
static const char *rel_by_type(const rels *r, const char *suffix)
{
    const rel *e = r->v.items;
    size_t m = strlen(suffix);
    for (int i = 0; i < r->v.n; i++) {
        size_t n = strlen(e[i].type);
        if (n > m && e[i].type[n - m - 1] == '/' && strcmp(e[i].type + n - m, suffix) == 0)
            return e[i].target;
    }
    return NULL;
}

static const char *rel_by_id(const rels *r, const char *id)
{
    const rel *e = r->v.items;
    for (int i = 0; i < r->v.n; i++)
        if (strcmp(e[i].id, id) == 0) return e[i].target;
    return NULL;
}

/* ---- the workbook part: the sheets ---- */

typedef struct sheet_ref {
    const char *name, *rid;
    bool hidden;
} sheet_ref;

static void book_start(wb_xlsx *x, void *ud, const char *name, const char **atts)
{
    if (!wb_name_is(name, "sheet")) return;
    const char *sname = wb_attr(atts, "name"), *rid = wb_attr(atts, "id");
    const char *state = wb_attr(atts, "state");
    if (!sname || !rid) {
        wb_xlsx_fail(x, BP_EINPUT, _("a <sheet> without %s"), sname ? "r:id" : "name");
        return;
    }
    if (((bp_vec *)ud)->n >= WB_MAX_SHEETS) {
        wb_xlsx_fail(x, BP_EINPUT, _("more than %d sheets; the limit is %d (docs/limits.md)"),
                     WB_MAX_SHEETS, WB_MAX_SHEETS);
        return;
    }
    if (strlen(sname) > WB_MAX_SHEET_NAME) {
        char q[96];
        wb_xlsx_fail(
            x, BP_EINPUT,
            _("the name of sheet %d (\"%s\") is over %d bytes; the limit is %d (Excel's is 31 "
              "characters; docs/limits.md)"),
            ((bp_vec *)ud)->n + 1, bp_quote(q, sizeof q, sname, 20), WB_MAX_SHEET_NAME,
            WB_MAX_SHEET_NAME);
        return;
    }
    sheet_ref *s = bp_vec_push(x->a, ud);
    s->name = bp_strdup(x->a, sname);
    s->rid = bp_strdup(x->a, rid);
    s->hidden = state && (strcmp(state, "hidden") == 0 || strcmp(state, "veryHidden") == 0);
}

/* ---- shared strings ---- */

typedef struct sst_state {
    bp_vec v; /* const char * */
    int rph;  /* depth inside <rPh> (phonetic runs, ignored) */
    bool in_si;
} sst_state;

/* Where the shared strings' reading is, for wb_xlsx_fail. */
static void sst_place(const wb_xlsx *x, char *buf, size_t n)
{
    const sst_state *st = x->place_ud;
    if (st->in_si)
        snprintf(buf, n, "shared string %d", st->v.n);
    else
        buf[0] = 0;
}

static void sst_start(wb_xlsx *x, void *ud, const char *name, const char **atts)
{
    (void)atts;
    sst_state *st = ud;
    if (wb_name_is(name, "si")) {
        st->in_si = true;
        st->rph = 0;
        wb_text_begin(x);
        x->collecting = false;
    } else if (wb_name_is(name, "rPh"))
        st->rph++;
    else if (wb_name_is(name, "t") && st->in_si && !st->rph)
        x->collecting = true;
}

static void sst_end(wb_xlsx *x, void *ud, const char *name)
{
    sst_state *st = ud;
    if (wb_name_is(name, "t"))
        x->collecting = false;
    else if (wb_name_is(name, "rPh") && st->rph > 0)
        st->rph--;
    else if (wb_name_is(name, "si") && st->in_si) {
        if (st->v.n >= WB_MAX_CELLS) {
            wb_xlsx_fail(x, BP_EINPUT,
                         _("more than %d shared strings; the limit is %d "
                           "(docs/limits.md)"),
                         WB_MAX_CELLS, WB_MAX_CELLS);
            return;
        }
        const char *t = wb_text_end(x);
        size_t n = strlen(t);
        if (n > WB_MAX_SST_BYTES - x->sst_bytes) {
            wb_xlsx_fail(x, BP_EINPUT,
                         _("the shared strings hold more than %u bytes of text; the limit is %u "
                           "(docs/limits.md)"),
                         WB_MAX_SST_BYTES, WB_MAX_SST_BYTES);
            return;
        }
        x->sst_bytes += n;
        st->in_si = false;
        const char **s = bp_vec_push(x->a, &st->v);
        *s = wb_unescape(x->a, bp_strdup(x->a, t));
    }
}

/* ---- styles: the number format of each cell style ---- */

typedef struct fmt_def {
    int id;
    const char *code;
} fmt_def;

typedef struct styles_state {
    bp_vec fmts; /* fmt_def: <numFmts> */
    bp_vec xfs;  /* int: numFmtId of each <cellXfs><xf> */
    bool in_cellxfs;
} styles_state;

static int parse_id(const char *s)
{
    char *end;
    long v = s ? strtol(s, &end, 10) : -1;
    return s && *s && !*end && v >= 0 && v < 100000 ? (int)v : -1;
}

static void styles_start(wb_xlsx *x, void *ud, const char *name, const char **atts)
{
    styles_state *st = ud;
    if (wb_name_is(name, "numFmt")) {
        int id = parse_id(wb_attr(atts, "numFmtId"));
        const char *code = wb_attr(atts, "formatCode");
        if (id < 0 || !code) return;
        if (st->fmts.n >= WB_MAX_NUMFMTS) {
            wb_xlsx_fail(x, BP_EINPUT,
                         _("more than %d number formats (<numFmt>); the limit is %d "
                           "(docs/limits.md)"),
                         WB_MAX_NUMFMTS, WB_MAX_NUMFMTS);
            return;
        }
        fmt_def *d = bp_vec_push(x->a, &st->fmts);
        d->id = id;
        d->code = bp_strdup(x->a, code);
    } else if (wb_name_is(name, "cellXfs"))
        st->in_cellxfs = true;
    else if (wb_name_is(name, "xf") && st->in_cellxfs) {
        if (st->xfs.n >= WB_MAX_XFS) {
            wb_xlsx_fail(x, BP_EINPUT,
                         _("more than %d cell formats (<xf> of <cellXfs>); the limit is %d "
                           "(docs/limits.md)"),
                         WB_MAX_XFS, WB_MAX_XFS);
            return;
        }
        int *id = bp_vec_push(x->a, &st->xfs);
        *id = parse_id(wb_attr(atts, "numFmtId"));
    }
}

static void styles_end(wb_xlsx *x, void *ud, const char *name)
{
    (void)x;
    if (wb_name_is(name, "cellXfs")) ((styles_state *)ud)->in_cellxfs = false;
}

static const char *format_code(const styles_state *st, int id)
{
    const fmt_def *d = st->fmts.items;
    for (int i = st->fmts.n - 1; i >= 0; i--)
        if (d[i].id == id) return strcmp(d[i].code, "General") == 0 ? NULL : d[i].code;
    return wb_builtin_format(id);
}

static int read_styles(wb_xlsx *x, const char *part)
{
    styles_state st = {.in_cellxfs = false};
    bp_vec_init(&st.fmts, sizeof(fmt_def));
    bp_vec_init(&st.xfs, sizeof(int));
    bool found;
    BP_TRY(wb_xlsx_stream(x, part, styles_start, styles_end, &st, &found));
    x->nxf = st.xfs.n;
    x->xf_fmt = bp_alloc(x->a, sizeof(char *) * (size_t)(st.xfs.n + 1));
    const int *ids = st.xfs.items;
    for (int i = 0; i < st.xfs.n; i++)
        x->xf_fmt[i] = format_code(&st, ids[i]);
    return BP_OK;
}

/* ---- the workbook ---- */

static int read_sheets(wb_xlsx *x, const char *book_part, const rels *br, bp_workbook *wb)
{
    bp_vec refs;
    bp_vec_init(&refs, sizeof(sheet_ref));
    BP_TRY(wb_xlsx_stream(x, book_part, book_start, NULL, &refs, NULL));
    const sheet_ref *r = refs.items;
    wb->nsheets = refs.n;
    wb->sheets = bp_alloc(x->a, sizeof(bp_wb_sheet) * (size_t)(refs.n + 1));
    for (int i = 0; i < refs.n; i++) {
        bp_wb_sheet *s = &wb->sheets[i];
        s->name = r[i].name;
        s->hidden = r[i].hidden;
        const char *part = rel_by_id(br, r[i].rid);
        if (!part)
            return bp_fail(x->e, BP_EINPUT,
                           _("%s: sheet %s: its part is not listed (no relationship %s in the "
                             "workbook's relationships)"),
                           x->shown, s->name, r[i].rid);
        BP_TRY(wb_xlsx_sheet(x, part, s));
    }
    return BP_OK;
}

static int read_workbook(wb_xlsx *x, bp_workbook *wb)
{
    rels root, book;
    bool found;
    BP_TRY(read_rels(x, "", &root, &found));
    const char *book_part = found ? rel_by_type(&root, "officeDocument") : NULL;
    if (!book_part) book_part = "xl/workbook.xml";
    BP_TRY(read_rels(x, book_part, &book, &found));
    if (!found)
        return bp_fail(x->e, BP_EINPUT,
                       _("%s: the part %s_rels/… is missing: not an .xlsx workbook?"), x->shown,
                       book.base);
    const char *sst = rel_by_type(&book, "sharedStrings");
    if (sst) {
        sst_state st = {.rph = 0};
        bp_vec_init(&st.v, sizeof(char *));
        x->place = sst_place;
        x->place_ud = &st;
        int rc = wb_xlsx_stream(x, sst, sst_start, sst_end, &st, &found);
        x->place = NULL;
        BP_TRY(rc);
        x->sst = st.v.items;
        x->nsst = st.v.n;
    }
    const char *styles = rel_by_type(&book, "styles");
    if (styles) BP_TRY(read_styles(x, styles));
    return read_sheets(x, book_part, &book, wb);
}

static void discard_zip(void *p)
{
    zip_discard(p);
}

int wb_xlsx_read(bp_arena *a, const char *path, const char *shown, zip_t *z, bp_workbook **out,
                 bp_error *e)
{
    bp_cleanup *c = bp_arena_defer(a, discard_zip);
    c->p = z;
    wb_xlsx x = {.a = a, .z = z, .shown = shown, .e = e};
    bp_workbook *wb = bp_alloc(a, sizeof *wb);
    wb->path = bp_strdup(a, path);
    wb->format = "xlsx";
    zip_int64_t entries = zip_get_num_entries(z, 0);
    int rc = entries > WB_MAX_ENTRIES
                 ? bp_fail(e, BP_EINPUT,
                           _("%s: the archive holds %lld entries (parts); the limit is %d "
                             "(docs/limits.md)"),
                           shown, (long long)entries, WB_MAX_ENTRIES)
                 : read_workbook(&x, wb);
    zip_discard(z);
    c->p = NULL;
    if (!rc) *out = wb;
    return rc;
}

int workbook_parse_xlsx(bp_arena *a, const char *path, const void *bytes, size_t len,
                        bp_workbook **out, bp_error *e)
{
    const char *shown = wb_shown(a, path);
    zip_t *z;
    BP_TRY(wb_zip_open_mem(shown, bytes, len, ".xlsx", &z, e));
    return wb_xlsx_read(a, path, shown, z, out, e);
}
