/* workbook_xlsx_sheet.c — one worksheet part of an .xlsx, streamed: each
 * <c> that holds a value (<v>, an inline string, or a formula) becomes a
 * bp_wb_cell; styled empty cells and rows cost nothing. Cells without an
 * r= reference take the place after the previous one (rows likewise).
 * <mergeCells> gives the merges. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "workbook_xlsx.h"
#include "i18n.h"

typedef struct sheet_state {
    bp_wb_sheet *s;
    wb_sheet_builder b;
    int row, col; /* the current row, the last cell's column */
    /* the open <c> */
    bool in_c, in_v, in_is, has_v, has_is, formula;
    int rph; /* depth inside <rPh> of an inline string */
    int c_row, c_col, style;
    char t[16]; /* the t= attribute (for messages) */
    int kind;   /* cell_kind of t */
    const char *v;
} sheet_state;

/* What parse_ref found. */
enum { REF_OK, REF_BAD, REF_PAST_COL, REF_PAST_ROW };

/* "B7" → (6, 1); with end the position past it (else nothing may follow).
 * REF_PAST_COL / REF_PAST_ROW: a reference past Excel's last column or
 * row, with *row and *col set (saturated at 2^30) for the message. */
static int parse_ref(const char *s, int *row, int *col, const char **end)
{
    long c = 0, r = 0;
    int nl = 0, nd = 0;
    const long big = 1L << 30;
    if (*s == '$') s++;
    for (; *s >= 'A' && *s <= 'Z'; s++, nl++)
        c = c > big ? c : c * 26 + (*s - 'A' + 1);
    if (*s == '$') s++;
    for (; *s >= '0' && *s <= '9'; s++, nd++)
        r = r > big ? r : r * 10 + (*s - '0');
    if (end)
        *end = s;
    else if (*s)
        return REF_BAD;
    if (!nl || !nd || r < 1) return REF_BAD;
    *row = (int)(r > big ? big : r) - 1;
    *col = (int)(c > big ? big : c) - 1;
    if (c > BP_WB_MAX_COLS) return REF_PAST_COL;
    return r > BP_WB_MAX_ROWS ? REF_PAST_ROW : REF_OK;
}

/* The one message of a row past the last one (row: 1-based, as written
 * or as counted) or of a cell past the last column (col: 0-based), whether
 * the file numbers it (r=) or it follows the one before. */
static void fail_past(wb_xlsx *x, const sheet_state *st, long row, int col)
{
    char place[600], a1[16];
    if (col < BP_WB_MAX_COLS) {
        snprintf(place, sizeof place, "sheet %s, row %ld", st->s->name, row);
        wb_xlsx_fail_at(x, BP_EINPUT, place,
                        "past the last row a sheet may have, %d (docs/limits.md)", BP_WB_MAX_ROWS);
        return;
    }
    snprintf(place, sizeof place, "sheet %s, cell %s", st->s->name,
             workbook_a1(a1, (int)(row - 1), col));
    wb_xlsx_fail_at(x, BP_EINPUT, place,
                    "past the last column a sheet may have, XFD (%d; docs/limits.md)",
                    BP_WB_MAX_COLS);
}

/* Where the sheet's reading is, for wb_xlsx_fail: the open cell, else
 * the current row. */
static void sheet_place(const wb_xlsx *x, char *buf, size_t n)
{
    const sheet_state *st = x->place_ud;
    char a1[16];
    if (st->in_c)
        snprintf(buf, n, "sheet %s, cell %s", st->s->name, workbook_a1(a1, st->c_row, st->c_col));
    else if (st->row >= 0)
        snprintf(buf, n, "sheet %s, row %d", st->s->name, st->row + 1);
    else
        snprintf(buf, n, "sheet %s", st->s->name);
}

/* The types a <c t=...> can have (ECMA-376 18.18.11), and K_UNKNOWN. */
enum { K_NUMBER, K_SHARED, K_STR, K_INLINE, K_DATE, K_BOOL, K_ERROR, K_UNKNOWN };

/* t= as a kind: the one-letter types (nearly every cell) without strcmp. */
static int cell_kind(const char *t)
{
    bool one = t[0] && !t[1];
    switch (t[0]) {
    case 'n':
        return one ? K_NUMBER : K_UNKNOWN;
    case 's':
        return one ? K_SHARED : strcmp(t, "str") == 0 ? K_STR : K_UNKNOWN;
    case 'i':
        return strcmp(t, "inlineStr") == 0 ? K_INLINE : K_UNKNOWN;
    case 'd':
        return one ? K_DATE : K_UNKNOWN;
    case 'b':
        return one ? K_BOOL : K_UNKNOWN;
    case 'e':
        return one ? K_ERROR : K_UNKNOWN;
    default:
        return K_UNKNOWN;
    }
}

/* The message prefix naming the cell being read. */
static void cell_fail(wb_xlsx *x, const sheet_state *st, const char *msg, const char *arg)
{
    char ref[16];
    bp_fail(x->e, BP_EINPUT, "%s: sheet %s, cell %s: %s%s", x->shown, st->s->name,
            workbook_a1(ref, st->c_row, st->c_col), msg, arg ? arg : "");
    wb_xlsx_stop(x, BP_EINPUT);
}

static void start_row(wb_xlsx *x, sheet_state *st, const char **atts)
{
    const char *r = wb_attr(atts, "r");
    long v = st->row + 2; /* 1-based: the row after the last */
    if (r) {
        char *end;
        v = strtol(r, &end, 10);
        if (*end || end == r || v < 1) {
            char q[96];
            wb_xlsx_fail(x, BP_EINPUT, _("a row numbered \"%s\" (rows are 1 to %d)"),
                         bp_quote(q, sizeof q, r, 20), BP_WB_MAX_ROWS);
            return;
        }
    }
    if (v > BP_WB_MAX_ROWS) {
        fail_past(x, st, v, 0);
        return;
    }
    st->row = (int)v - 1;
    st->col = -1;
}

/* strtol(s, 10) as *v, and whether s is that number alone; plain digits
 * (nearly every style and string index) without the call. */
static bool whole_number(const char *s, long *v)
{
    long n = 0;
    int k = 0;
    for (; k < 9 && s[k] >= '0' && s[k] <= '9'; k++)
        n = n * 10 + (s[k] - '0');
    if (k > 0 && !s[k]) {
        *v = n;
        return true;
    }
    char *end;
    *v = strtol(s, &end, 10);
    return end != s && !*end;
}

/* The r=, t= and s= attributes of a <c>, in one pass (the first of each
 * counts, as with wb_attr). */
static void cell_atts(const char **atts, const char **r, const char **t, const char **s)
{
    *r = *t = *s = NULL;
    for (; atts[0]; atts += 2) {
        const char *n = wb_local_name(atts[0]);
        if (!n[0] || n[1]) continue;
        const char **slot = n[0] == 'r' ? r : n[0] == 't' ? t : n[0] == 's' ? s : NULL;
        if (slot && !*slot) *slot = atts[1];
    }
}

static void start_cell(wb_xlsx *x, sheet_state *st, const char **atts)
{
    const char *r, *t, *s;
    cell_atts(atts, &r, &t, &s);
    if (r) {
        int ref = parse_ref(r, &st->c_row, &st->c_col, NULL);
        if (ref == REF_BAD) {
            char q[96];
            wb_xlsx_fail(x, BP_EINPUT, _("a cell reference \"%s\" that is not one (A1 to XFD%d)"),
                         bp_quote(q, sizeof q, r, 20), BP_WB_MAX_ROWS);
            return;
        }
        if (ref != REF_OK) {
            fail_past(x, st, (long)st->c_row + 1, ref == REF_PAST_COL ? st->c_col : 0);
            return;
        }
    } else {
        if (st->row < 0) st->row = 0;
        st->c_row = st->row;
        st->c_col = st->col + 1;
        if (st->c_col >= BP_WB_MAX_COLS) {
            fail_past(x, st, (long)st->c_row + 1, st->c_col);
            return;
        }
    }
    st->row = st->c_row;
    st->col = st->c_col;
    st->in_c = true;
    st->has_v = st->has_is = st->formula = false;
    st->rph = 0;
    st->v = NULL;
    /* a longer t= is no type Excel knows: "?" reads as an unknown type */
    size_t tn = 0;
    while (t && tn < sizeof st->t && t[tn])
        tn++;
    if (!t)
        strcpy(st->t, "n");
    else if (tn < sizeof st->t)
        memcpy(st->t, t, tn + 1);
    else
        strcpy(st->t, "?");
    st->kind = cell_kind(st->t);
    st->style = 0;
    long v;
    if (s && whole_number(s, &v))
        st->style = v < 0 || v >= x->nxf ? 0 : (int)v; /* unknown: General */
}

/* "B3:A1" as "A1:B3" */
static void order(int *lo, int *hi)
{
    if (*hi < *lo) {
        int t = *lo;
        *lo = *hi, *hi = t;
    }
}

/* A <mergeCell>: its area (allocates: under a guard). */
static void start_merge(wb_xlsx *x, sheet_state *st, const char **atts)
{
    const char *ref = wb_attr(atts, "ref"), *colon;
    bp_wb_merge m;
    char place[600], q[160];
    snprintf(place, sizeof place, "sheet %s, merged area \"%s\"", st->s->name,
             bp_quote(q, sizeof q, ref ? ref : "", 40));
    if (!ref || parse_ref(ref, &m.row0, &m.col0, &colon) != REF_OK ||
        (*colon && (*colon != ':' || parse_ref(colon + 1, &m.row1, &m.col1, NULL) != REF_OK))) {
        wb_xlsx_fail_at(x, BP_EINPUT, place, "not an area of a sheet (A1 to XFD%d)",
                        BP_WB_MAX_ROWS);
        return;
    }
    if (!*colon) return; /* one cell */
    order(&m.row0, &m.row1);
    order(&m.col0, &m.col1);
    if (wb_builder_merge(x->a, &st->b, m)) return;
    if (st->b.merges.n >= WB_MAX_MERGES)
        wb_xlsx_fail_at(x, BP_EINPUT, place,
                        "more than %d merged areas in the sheet; the limit is %d (docs/limits.md)",
                        WB_MAX_MERGES, WB_MAX_MERGES);
    else
        wb_xlsx_fail_at(x, BP_EINPUT, place,
                        "more than %d merged areas in the workbook; the limit is %d "
                        "(docs/limits.md)",
                        WB_MAX_BOOK_MERGES, WB_MAX_BOOK_MERGES);
}

/* The sheet is streamed with wb_xlsx_stream_self_guarded: what allocates
 * (a merged area, an inline string, a cell) runs under wb_xlsx_guarded. */
typedef struct job {
    wb_xlsx *x;
    sheet_state *st;
    const char **atts;
} job;

static int run_merge(bp_arena *a, void *ctx)
{
    (void)a;
    job *j = ctx;
    start_merge(j->x, j->st, j->atts);
    return BP_OK;
}

static void sheet_start(wb_xlsx *x, void *ud, const char *name, const char **atts)
{
    sheet_state *st = ud;
    if (wb_name_is(name, "row"))
        start_row(x, st, atts);
    else if (wb_name_is(name, "c"))
        start_cell(x, st, atts);
    else if (!st->in_c) {
        if (wb_name_is(name, "mergeCell")) {
            job j = {x, st, atts};
            wb_xlsx_guarded(x, run_merge, &j);
        }
    } else if (wb_name_is(name, "v")) {
        st->in_v = true;
        wb_text_begin(x);
    } else if (wb_name_is(name, "f"))
        st->formula = true;
    else if (wb_name_is(name, "is")) {
        st->in_is = true;
        wb_text_begin(x);
        x->collecting = false;
    } else if (wb_name_is(name, "rPh") && st->in_is)
        st->rph++;
    else if (wb_name_is(name, "t") && st->in_is && !st->rph)
        x->collecting = true;
}

/* s without the XML whitespace around it (in place: s is x->text). */
static const char *trim(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    char *e = (char *)s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
        *--e = 0;
    return s;
}

/* The closed <c> as a cell, if it holds a value. */
static void end_cell(wb_xlsx *x, sheet_state *st)
{
    const char *text = NULL;
    int type = BP_WB_TEXT, kind = st->kind;
    bool str = kind == K_STR || kind == K_INLINE || kind == K_DATE;
    if (st->has_v && !st->has_is && !str) {
        /* a number, an index, a boolean, an error code: no spaces around
         * it; an empty <v/> (some generators write one) is no value */
        st->v = trim(st->v);
        if (!*st->v) st->has_v = false;
    }
    if (st->has_is && (kind == K_INLINE || !st->has_v))
        text = st->v;
    else if (!st->has_v) {
        if (!st->formula) return; /* styled, empty */
    } else if (kind == K_SHARED) {
        long i;
        if (!whole_number(st->v, &i) || i < 0 || i >= x->nsst) {
            char msg[160], q[96];
            snprintf(msg, sizeof msg, "shared string %s does not exist (the workbook has %d)",
                     bp_quote(q, sizeof q, st->v, 20), x->nsst);
            return cell_fail(x, st, msg, NULL);
        }
        text = x->sst[i];
    } else if (str)
        text = wb_unescape(x->a, bp_strdup(x->a, st->v));
    else if (kind == K_BOOL) {
        type = BP_WB_BOOL;
        text = strcmp(st->v, "0") == 0 || strcmp(st->v, "false") == 0 ? "FALSE" : "TRUE";
    } else if (kind == K_ERROR) {
        type = BP_WB_ERROR;
        text = bp_strdup(x->a, st->v);
    } else if (kind == K_NUMBER) {
        const char *v = st->v;
        char num[400];
        bool ok = wb_decimal_text(v, num); /* a plain decimal (most numbers) */
        if (!ok && v[0] && strspn(v, "0123456789+-.eE") == strlen(v)) {
            char *end; /* an exponent, or more than 15 digits */
            double d = wb_strtod(v, &end);
            ok = !*end && wb_number_text(d, num);
        }
        if (!ok) {
            char q[BP_QUOTE_CHARS * 4 + 8];
            return cell_fail(x, st, "a number cell whose value is not a number: ",
                             bp_quote(q, sizeof q, v, BP_QUOTE_CHARS));
        }
        type = BP_WB_NUMBER;
        text = bp_strdup(x->a, num);
    } else
        return cell_fail(x, st, "an unknown cell type t=", st->t);
    if (!st->formula && type == BP_WB_TEXT && (!text || !*text)) return; /* empty text */
    bp_wb_cell *c = wb_builder_cell(x->a, &st->b, st->c_row, st->c_col);
    if (!c) {
        wb_too_many_cells(x->e, bp_sprintf(x->a, "%s: sheet %s", x->shown, st->s->name), st->c_row,
                          st->c_col);
        return wb_xlsx_stop(x, BP_EINPUT);
    }
    c->type = (unsigned char)type;
    c->formula = st->formula;
    c->no_cache = st->formula && !st->has_v && !st->has_is;
    c->text = text ? text : "";
    c->numfmt = st->style < x->nxf ? x->xf_fmt[st->style] : NULL;
}

static int run_end_cell(bp_arena *a, void *ctx)
{
    (void)a;
    job *j = ctx;
    end_cell(j->x, j->st);
    return BP_OK;
}

/* The closed <is>: its text, unescaped. */
static int run_end_is(bp_arena *a, void *ctx)
{
    job *j = ctx;
    j->st->in_is = false;
    j->st->has_is = true;
    j->st->v = wb_unescape(a, bp_strdup(a, wb_text_end(j->x)));
    return BP_OK;
}

static void sheet_end(wb_xlsx *x, void *ud, const char *name)
{
    sheet_state *st = ud;
    if (!st->in_c) return;
    if (wb_name_is(name, "c")) {
        wb_xlsx_guarded(x, run_end_cell, &(job){x, st, NULL});
        st->in_c = st->in_v = st->in_is = false;
    } else if (wb_name_is(name, "v") && st->in_v) {
        st->in_v = false;
        st->has_v = true;
        if (!st->has_is) st->v = wb_text_end(x); /* x->text: read before the next <v> */
    } else if (wb_name_is(name, "is") && st->in_is)
        wb_xlsx_guarded(x, run_end_is, &(job){x, st, NULL});
    else if (wb_name_is(name, "rPh") && st->rph > 0)
        st->rph--;
    else if (wb_name_is(name, "t") && st->in_is)
        x->collecting = false;
}

int wb_xlsx_sheet(wb_xlsx *x, const char *part, bp_wb_sheet *s)
{
    sheet_state st = {.s = s, .row = -1, .col = -1};
    wb_builder_init(&st.b, &x->cells);
    st.b.book_merges = &x->merges;
    st.b.max_book_merges = WB_MAX_BOOK_MERGES;
    bool found;
    x->place = sheet_place;
    x->place_ud = &st;
    int rc = wb_xlsx_stream_self_guarded(x, part, sheet_start, sheet_end, &st, &found);
    x->place = NULL;
    BP_TRY(rc);
    if (!found)
        return bp_fail(x->e, BP_EINPUT, _("%s: sheet %s: its part %s is missing"), x->shown,
                       s->name, part);
    const char *what = bp_sprintf(x->a, "%s: sheet %s", x->shown, s->name);
    return wb_builder_finish(x->a, &st.b, s, what, x->e);
}
