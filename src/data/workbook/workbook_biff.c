/* workbook_biff.c — what libfreexl 1.0.6 does not give of a BIFF8 .xls,
 * read from its "Workbook" stream (workbook_cfb.c): each sheet's state
 * (hidden), its merged areas (MERGEDCELLS), the cached values of its
 * formulas (FORMULA, with STRING for a text result), booleans and error
 * values (BOOLERR), and the number format of each cell (XF → FORMAT).
 * Records are bounds-checked; what cannot be read is an error. It runs
 * before freexl sees the file, and refuses what is known to crash freexl. */
#include <stdio.h>
#include <string.h>

#include "workbook_priv.h"

static unsigned u16(const unsigned char *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t u32(const unsigned char *p)
{
    return (uint32_t)u16(p) | (uint32_t)u16(p + 2) << 16;
}

/* An XLUnicodeString's characters (after cch and the flags byte) as UTF-8;
 * *used: the bytes taken. NULL if they run past end. */
static char *unicode_text(bp_arena *a, const unsigned char *p, const unsigned char *end,
                          unsigned cch, size_t *used)
{
    if (p >= end) return NULL;
    unsigned flags = *p++;
    bool wide = flags & 1;
    size_t skip = 0;
    if (flags & 8) { /* rich text: run count */
        if (end - p < 2) return NULL;
        skip += 2;
    }
    if (flags & 4) { /* phonetic: size of its block */
        if (end - p < (ptrdiff_t)(skip + 4)) return NULL;
        skip += 4;
    }
    p += skip;
    size_t nb = (size_t)cch * (wide ? 2 : 1);
    if ((size_t)(end - p) < nb) return NULL;
    char *out = bp_alloc(a, (size_t)cch * 3 + 1), *o = out;
    for (unsigned i = 0; i < cch; i++) {
        uint32_t cp = wide ? u16(p + 2 * i) : p[i];
        if (wide && cp >= 0xD800 && cp < 0xDC00 && i + 1 < cch) {
            uint32_t lo = u16(p + 2 * i + 2);
            if (lo >= 0xDC00 && lo < 0xE000) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00), i++;
                if ((size_t)(o - out) + 4 > (size_t)cch * 3) break;
            }
        }
        if (cp >= 0xD800 && cp < 0xE000) cp = 0xFFFD;
        o += bp_utf8_encode(cp, o);
    }
    *o = 0;
    *used = 1 + skip + nb;
    return out;
}

static const char *error_text(unsigned code)
{
    switch (code) {
    case 0x00:
        return "#NULL!";
    case 0x07:
        return "#DIV/0!";
    case 0x0F:
        return "#VALUE!";
    case 0x17:
        return "#REF!";
    case 0x1D:
        return "#NAME?";
    case 0x24:
        return "#NUM!";
    default:
        return "#N/A";
    }
}

typedef struct globals {
    bp_vec fmts; /* {id, code} */
    bp_vec xfs;  /* int: ifmt of each XF */
} globals;

typedef struct fmt_def {
    int id;
    const char *code;
} fmt_def;

static const char *xf_format(const globals *g, unsigned ixfe)
{
    if (ixfe >= (unsigned)g->xfs.n) return NULL;
    int id = ((const int *)g->xfs.items)[ixfe];
    const fmt_def *d = g->fmts.items;
    for (int i = 0; i < g->fmts.n; i++)
        if (d[i].id == id) return strcmp(d[i].code, "General") == 0 ? NULL : d[i].code;
    return wb_builtin_format(id);
}

/* An RK number: 30 bits of an integer or of a double's high bits, /100 or not. */
static double rk_value(uint32_t rk)
{
    double x;
    if (rk & 2)
        x = (double)((int32_t)rk >> 2);
    else {
        uint64_t bits = (uint64_t)(rk & 0xFFFFFFFCu) << 32;
        memcpy(&x, &bits, 8);
    }
    return rk & 1 ? x / 100 : x;
}

/* The cells records give numfmt (and formulas their values). */
static bool cell_record(bp_arena *a, const globals *g, wb_biff_sheet *s, unsigned type,
                        const unsigned char *d, unsigned len, const unsigned char *next,
                        const unsigned char *end)
{
    if (type == 0x00BD) { /* MULRK: row, first col, (ixfe, rk)*, last col */
        if (len < 6) return false;
        unsigned row = u16(d), col = u16(d + 2);
        for (unsigned off = 4; off + 6 + 2 <= len; off += 6, col++) {
            wb_biff_cell *c = bp_vec_push(a, &s->cells);
            c->row = (int)row, c->col = (int)col, c->numfmt = xf_format(g, u16(d + off));
            c->has_number = true, c->number = rk_value(u32(d + off + 2));
        }
        return true;
    }
    if (len < 6) return false;
    wb_biff_cell *c = bp_vec_push(a, &s->cells);
    c->row = (int)u16(d), c->col = (int)u16(d + 2);
    c->numfmt = xf_format(g, u16(d + 4));
    if (type == 0x0203 || type == 0x027E) { /* NUMBER, RK */
        if (len < (type == 0x0203 ? 14u : 10u)) return false;
        c->has_number = true;
        if (type == 0x0203)
            memcpy(&c->number, d + 6, 8);
        else
            c->number = rk_value(u32(d + 6));
    } else if (type == 0x0205) { /* BOOLERR */
        if (len < 8) return false;
        c->has_value = true;
        c->type = d[7] ? BP_WB_ERROR : BP_WB_BOOL;
        c->text = d[7] ? error_text(d[6]) : d[6] ? "TRUE" : "FALSE";
    } else if (type == 0x0006) { /* FORMULA: its cached result */
        if (len < 20) return false;
        const unsigned char *v = d + 6;
        c->has_value = c->formula = true;
        if (u16(v + 6) != 0xFFFF) {
            double x;
            char num[400];
            memcpy(&x, v, 8);
            if (!wb_number_text(x, num)) return false;
            c->type = BP_WB_NUMBER, c->text = bp_strdup(a, num);
        } else if (v[0] == 1)
            c->type = BP_WB_BOOL, c->text = v[2] ? "TRUE" : "FALSE";
        else if (v[0] == 2)
            c->type = BP_WB_ERROR, c->text = error_text(v[2]);
        else if (v[0] == 3)
            c->type = BP_WB_TEXT, c->text = "";
        else { /* a text: the STRING record that follows (SHRFMLA/ARRAY may come first) */
            c->type = BP_WB_TEXT, c->text = "";
            for (const unsigned char *p = next; p + 4 <= end;) {
                unsigned t = u16(p), l = u16(p + 2);
                if (p + 4 + l > end) return false;
                if (t == 0x0207) {
                    size_t used;
                    if (l < 3) return false;
                    c->text = unicode_text(a, p + 6, p + 4 + l, u16(p + 4), &used);
                    if (!c->text) return false;
                    break;
                }
                if (t != 0x04BC && t != 0x0221 && t != 0x0236) break;
                p += 4 + l;
            }
        }
    }
    return true;
}

/* One sheet's substream from offset pos: to its EOF record. */
static bool read_substream(bp_arena *a, const globals *g, const unsigned char *bs, size_t n,
                           size_t pos, wb_biff_sheet *s)
{
    const unsigned char *p = bs + pos, *end = bs + n;
    int ndim = 0;
    if (pos + 4 > n || u16(p) != 0x0809) return false;
    while (p + 4 <= end) {
        unsigned type = u16(p), len = u16(p + 2);
        const unsigned char *d = p + 4;
        if (d + len > end) return false;
        p = d + len;
        if (type == 0x000A) return true; /* EOF */
        /* one DIMENSIONS, as Excel writes: a second one crashes libfreexl
         * 1.0.6 (found by mutating a LibreOffice .xls) */
        if (type == 0x0200 && ++ndim > 1) return false;
        if (type == 0x00E5) { /* MERGEDCELLS */
            if (len < 2 || 2 + 8 * (size_t)u16(d) > len) return false;
            for (unsigned i = 0; i < u16(d); i++) {
                const unsigned char *r = d + 2 + 8 * i;
                bp_wb_merge *m = bp_vec_push(a, &s->merges);
                m->row0 = (int)u16(r), m->row1 = (int)u16(r + 2);
                m->col0 = (int)u16(r + 4), m->col1 = (int)u16(r + 6);
                if (m->row1 < m->row0 || m->col1 < m->col0) return false;
            }
        } else if (type == 0x0006 || type == 0x0205 || type == 0x0203 || type == 0x027E ||
                   type == 0x00FD || type == 0x0204 || type == 0x00BD) {
            if (!cell_record(a, g, s, type, d, len, p, end)) return false;
        }
    }
    return false;
}

int wb_biff_read(bp_arena *a, const unsigned char *bs, size_t n, bp_vec *sheets)
{
    globals g;
    bp_vec_init(&g.fmts, sizeof(fmt_def));
    bp_vec_init(&g.xfs, sizeof(int));
    bp_vec_init(sheets, sizeof(wb_biff_sheet));
    bp_vec pos;
    bp_vec_init(&pos, sizeof(size_t));
    if (n < 8 || u16(bs) != 0x0809 || u16(bs + 4) != 0x0600) return 1; /* not BIFF8 */
    for (const unsigned char *p = bs; p + 4 <= bs + n;) {
        unsigned type = u16(p), len = u16(p + 2);
        const unsigned char *d = p + 4;
        if (d + len > bs + n) return -1;
        p = d + len;
        if (type == 0x000A) break;
        if (type == 0x0085) { /* BOUNDSHEET8: position, state, type, name */
            if (len < 8) return -1;
            if (d[5] != 0) continue; /* a chart, macro or VB module sheet */
            wb_biff_sheet *s = bp_vec_push(a, sheets);
            size_t used;
            s->hidden = (d[4] & 3) != 0;
            s->name = unicode_text(a, d + 7, d + len, d[6], &used);
            if (!s->name) return -1;
            bp_vec_init(&s->cells, sizeof(wb_biff_cell));
            bp_vec_init(&s->merges, sizeof(bp_wb_merge));
            *(size_t *)bp_vec_push(a, &pos) = u32(d);
        } else if (type == 0x041E) { /* FORMAT */
            size_t used;
            if (len < 5) return -1;
            fmt_def *f = bp_vec_push(a, &g.fmts);
            f->id = (int)u16(d);
            f->code = unicode_text(a, d + 4, d + len, u16(d + 2), &used);
            if (!f->code) return -1;
        } else if (type == 0x00E0) { /* XF */
            if (len < 4) return -1;
            *(int *)bp_vec_push(a, &g.xfs) = (int)u16(d + 2);
        }
    }
    for (int i = 0; i < sheets->n; i++)
        if (!read_substream(a, &g, bs, n, ((size_t *)pos.items)[i],
                            &((wb_biff_sheet *)sheets->items)[i]))
            return -1;
    return 0;
}
