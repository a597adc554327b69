/* biff_writer.c — tests only: BIFF8 Workbook streams and compound files
 * shaped as LibreOffice, Excel and WPS write them (see biff_writer.h). */
#include "biff_writer.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void bw_free(bw_buf *o)
{
    free(o->b);
    *o = (bw_buf){0};
}

void bw_bytes(bw_buf *o, const void *p, size_t n)
{
    if (o->n + n > o->cap) {
        o->cap = (o->n + n) * 2 + 64;
        o->b = realloc(o->b, o->cap);
        if (!o->b) abort();
    }
    if (n) memcpy(o->b + o->n, p, n);
    o->n += n;
}

void bw_u8(bw_buf *o, unsigned v)
{
    unsigned char b = (unsigned char)v;
    bw_bytes(o, &b, 1);
}

void bw_u16(bw_buf *o, unsigned v)
{
    bw_u8(o, v & 0xFF), bw_u8(o, (v >> 8) & 0xFF);
}

void bw_u32(bw_buf *o, unsigned long v)
{
    bw_u16(o, v & 0xFFFF), bw_u16(o, (v >> 16) & 0xFFFF);
}

static void put_at(bw_buf *o, size_t at, unsigned long v)
{
    for (int k = 0; k < 4; k++)
        o->b[at + (size_t)k] = (unsigned char)(v >> (8 * k));
}

void bw_record(bw_buf *o, unsigned type, const bw_buf *data)
{
    bw_u16(o, type), bw_u16(o, (unsigned)data->n);
    bw_bytes(o, data->b, data->n);
}

/* UTF-8 as UTF-16 code units; returns their count (u: 2 * strlen + 2). */
static size_t utf16(const char *s, uint16_t *u)
{
    size_t n = 0, len = strlen(s);
    for (size_t i = 0; i < len;) {
        uint32_t cp = '?';
        int k = bp_utf8_decode(s + i, len - i, &cp);
        i += k > 0 ? (size_t)k : 1;
        if (cp >= 0x10000)
            u[n++] = (uint16_t)(0xD800 + ((cp - 0x10000) >> 10)),
            u[n++] = (uint16_t)(0xDC00 + ((cp - 0x10000) & 0x3FF));
        else
            u[n++] = (uint16_t)cp;
    }
    return n;
}

static bool needs_wide(const uint16_t *u, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (u[i] > 0xFF) return true;
    return false;
}

/* An XLUnicodeString (cchw 2) or ShortXLUnicodeString (cchw 1), whole. */
static void xl_string(bw_buf *o, const char *s, int cchw)
{
    uint16_t *u = malloc(2 * strlen(s) + 2);
    size_t n = utf16(s, u);
    bool wide = needs_wide(u, n);
    if (cchw == 1)
        bw_u8(o, (unsigned)n);
    else
        bw_u16(o, (unsigned)n);
    bw_u8(o, wide);
    for (size_t i = 0; i < n; i++)
        wide ? bw_u16(o, u[i]) : bw_u8(o, u[i]);
    free(u);
}

/* The SST being written: records of at most max bytes. */
typedef struct sst_w {
    bw_buf *o;
    bw_buf cur;
    unsigned type; /* SST, then CONTINUE */
    size_t max;
} sst_w;

static void sst_flush(sst_w *w)
{
    bw_record(w->o, w->type, &w->cur);
    w->cur.n = 0;
    w->type = 0x003C;
}

/* n bytes that may be cut anywhere (runs, the phonetic block). */
static void sst_raw(sst_w *w, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (w->cur.n == w->max) sst_flush(w);
        bw_u8(&w->cur, p[i]);
    }
}

static void sst_string(sst_w *w, const char *s, const bw_book *b)
{
    uint16_t *u = malloc(2 * strlen(s) + 2);
    size_t n = utf16(s, u), hdr = 3 + (b->sst_rich ? 6 : 0);
    bool wide = needs_wide(u, n);
    if (w->cur.n + hdr > w->max) sst_flush(w); /* a header is never cut */
    bw_u16(&w->cur, (unsigned)n);
    bw_u8(&w->cur, (wide ? 1 : 0) | (b->sst_rich ? 0x0C : 0));
    if (b->sst_rich) bw_u16(&w->cur, 2), bw_u32(&w->cur, 10);
    for (size_t i = 0; i < n;) {
        if (w->cur.n + (wide ? 2 : 1) > w->max) { /* go on in a CONTINUE, after flags */
            sst_flush(w);
            wide = wide || b->sst_mixed;
            bw_u8(&w->cur, wide);
        }
        wide ? bw_u16(&w->cur, u[i]) : bw_u8(&w->cur, u[i]);
        i++;
    }
    if (b->sst_rich) {
        static const unsigned char runs[8] = {0, 0, 1, 0, 1, 0, 0, 0};
        static const unsigned char ext[10] = {1, 0, 6, 0, 0, 0, 0, 0, 0, 0};
        sst_raw(w, runs, 8), sst_raw(w, ext, 10);
    }
    free(u);
}

/* The texts of 't' cells, in order, as the SST holds them. */
static void sst(bw_buf *o, const bw_book *b)
{
    sst_w w = {o, {0}, 0x00FC, b->sst_max ? b->sst_max : 8224};
    unsigned long total = 0;
    for (int i = 0; i < b->nsheets; i++)
        for (int k = 0; k < b->sheets[i].ncells; k++)
            total += b->sheets[i].cells[k].kind == 't';
    bw_u32(&w.cur, total), bw_u32(&w.cur, total);
    for (int i = 0; i < b->nsheets; i++)
        for (int k = 0; k < b->sheets[i].ncells; k++)
            if (b->sheets[i].cells[k].kind == 't') sst_string(&w, b->sheets[i].cells[k].text, b);
    sst_flush(&w);
    bw_free(&w.cur);
    if (b->style != BW_WPS) { /* EXTSST: not read, there as programs write it */
        bw_buf d = {0};
        bw_u16(&d, 8), bw_u32(&d, 0), bw_u16(&d, 0), bw_u16(&d, 0);
        bw_record(o, 0x00FF, &d);
        bw_free(&d);
    }
}

static void bof(bw_buf *o, unsigned dt)
{
    bw_buf d = {0};
    bw_u16(&d, 0x0600), bw_u16(&d, dt), bw_u32(&d, 0), bw_u32(&d, 0), bw_u32(&d, 0);
    bw_record(o, 0x0809, &d);
    bw_free(&d);
}

static void eof(bw_buf *o)
{
    bw_buf d = {0};
    bw_record(o, 0x000A, &d);
}

static void formats_and_xfs(bw_buf *o, const bw_book *b, bool xfs_first)
{
    bw_buf d = {0};
    for (int pass = 0; pass < 2; pass++) {
        if ((pass == 0) == xfs_first) {
            int nxf = b->nxf ? b->nxf : 16;
            for (int i = 0; i < nxf; i++) {
                d.n = 0, bw_u16(&d, 0), bw_u16(&d, b->nxf ? (unsigned)b->xf_fmt[i] : 0);
                for (int k = 0; k < 16; k++)
                    bw_u8(&d, 0);
                bw_record(o, 0x00E0, &d);
            }
        } else {
            for (int i = 0; i < b->nformats; i++) {
                d.n = 0, bw_u16(&d, 164 + (unsigned)i), xl_string(&d, b->formats[i], 2);
                bw_record(o, 0x041E, &d);
            }
        }
    }
    bw_free(&d);
}

/* BOUNDSHEETs; at[i]: where sheet i's position goes. */
static void boundsheets(bw_buf *o, const bw_book *b, size_t *at)
{
    bw_buf d = {0};
    for (int i = 0; i < b->nsheets; i++) {
        d.n = 0, bw_u32(&d, 0), bw_u8(&d, (unsigned)b->sheets[i].hidden), bw_u8(&d, 0);
        xl_string(&d, b->sheets[i].name, 1);
        at[i] = o->n + 4;
        bw_record(o, 0x0085, &d);
    }
    bw_free(&d);
}

static bool as_rk(double x, uint32_t *rk)
{
    if (x >= -536870912.0 && x < 536870912.0 && x == (double)(int32_t)x) {
        *rk = (uint32_t)(int32_t)x * 4u | 2;
        return true;
    }
    double h = x * 100;
    if (h >= -536870912.0 && h < 536870912.0 && h == (double)(int32_t)h && h / 100 == x) {
        *rk = (uint32_t)(int32_t)h * 4u | 3;
        return true;
    }
    return false;
}

static void head(bw_buf *d, const bw_cell *c)
{
    d->n = 0;
    bw_u16(d, (unsigned)c->row), bw_u16(d, (unsigned)c->col), bw_u16(d, (unsigned)c->xf);
}

static void formula(bw_buf *o, const bw_cell *c)
{
    bw_buf d = {0};
    head(&d, c);
    unsigned char v[8] = {0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    if (c->kind == 'f')
        memcpy(v, &c->num, 8);
    else if (c->kind != 's')
        v[0] = c->kind == 'B' ? 1 : 2, v[2] = (unsigned char)c->num;
    bw_bytes(&d, v, 8), bw_u16(&d, 0), bw_u32(&d, 0), bw_u16(&d, 3);
    bw_bytes(&d, "\x1E\x01\x00", 3); /* =1: the formula itself is not read */
    bw_record(o, 0x0006, &d);
    if (c->kind == 's') {
        d.n = 0, xl_string(&d, c->text, 2);
        bw_record(o, 0x0207, &d);
    }
    bw_free(&d);
}

/* Cells from k on; returns the next cell not written. */
static int cell(bw_buf *o, const bw_book *b, const bw_sheet *s, int k, int *isst)
{
    const bw_cell *c = &s->cells[k];
    bw_buf d = {0};
    uint32_t rk;
    int next = k + 1;
    head(&d, c);
    if (c->kind == 't' && b->style == BW_WPS)
        xl_string(&d, c->text, 2), bw_record(o, 0x0204, &d);
    else if (c->kind == 't')
        bw_u32(&d, (unsigned long)(*isst)++), bw_record(o, 0x00FD, &d);
    else if (c->kind == 'n' && b->style != BW_WPS && as_rk(c->num, &rk)) {
        uint32_t rk2;
        const bw_cell *n2 = next < s->ncells ? &s->cells[next] : NULL;
        if (b->style == BW_EXCEL && n2 && n2->kind == 'n' && n2->row == c->row &&
            n2->col == c->col + 1 && as_rk(n2->num, &rk2)) { /* MULRK of the run */
            d.n = 4;
            for (; next <= s->ncells; next++) {
                const bw_cell *x = &s->cells[next - 1];
                bw_u16(&d, (unsigned)x->xf), bw_u32(&d, rk);
                const bw_cell *y = next < s->ncells ? &s->cells[next] : NULL;
                if (!y || y->kind != 'n' || y->row != x->row || y->col != x->col + 1 ||
                    !as_rk(y->num, &rk))
                    break;
            }
            bw_u16(&d, (unsigned)s->cells[next - 1].col);
            bw_record(o, 0x00BD, &d);
        } else
            bw_u32(&d, rk), bw_record(o, 0x027E, &d);
    } else if (c->kind == 'n')
        bw_bytes(&d, &c->num, 8), bw_record(o, 0x0203, &d);
    else if (c->kind == 'b' || c->kind == 'e')
        bw_u8(&d, (unsigned)c->num), bw_u8(&d, c->kind == 'e'), bw_record(o, 0x0205, &d);
    else
        formula(o, c);
    bw_free(&d);
    return next;
}

static void merges(bw_buf *o, const bw_sheet *s)
{
    if (!s->nmerges) return;
    bw_buf d = {0};
    bw_u16(&d, (unsigned)s->nmerges);
    for (int i = 0; i < s->nmerges; i++) {
        const bp_wb_merge *m = &s->merges[i];
        bw_u16(&d, (unsigned)m->row0), bw_u16(&d, (unsigned)m->row1);
        bw_u16(&d, (unsigned)m->col0), bw_u16(&d, (unsigned)m->col1);
    }
    bw_record(o, 0x00E5, &d);
    bw_free(&d);
}

static void chart(bw_buf *o)
{
    bw_buf d = {0};
    bof(o, 0x0020);
    double x = 99; /* a NUMBER inside the chart: not a cell of the sheet */
    bw_u16(&d, 0), bw_u16(&d, 0), bw_u16(&d, 0), bw_bytes(&d, &x, 8);
    bw_record(o, 0x0203, &d);
    eof(o);
    bw_free(&d);
}

static void sheet(bw_buf *o, const bw_book *b, const bw_sheet *s, int *isst)
{
    bw_buf d = {0};
    bof(o, 0x0010);
    /* DIMENSIONS: WPS's says nothing is there (not trusted: not read) */
    bw_u32(&d, 0), bw_u32(&d, b->style == BW_WPS ? 0 : 65536), bw_u16(&d, 0), bw_u16(&d, 256);
    bw_u16(&d, 0), bw_record(o, 0x0200, &d);
    if (b->style == BW_WPS) merges(o, s);
    for (int k = 0; k < s->ncells;) {
        if (s->chart && k == s->ncells / 2) chart(o);
        k = cell(o, b, s, k, isst);
    }
    if (b->style != BW_WPS) merges(o, s);
    eof(o);
    bw_free(&d);
}

void bw_stream(bw_buf *o, const bw_book *b)
{
    size_t *at = calloc((size_t)b->nsheets + 1, sizeof *at);
    bw_buf d = {0};
    bof(o, 0x0005);
    bw_u16(&d, 1200), bw_record(o, 0x0042, &d); /* CODEPAGE: UTF-16 */
    if (b->style == BW_WPS) {
        formats_and_xfs(o, b, true), sst(o, b), boundsheets(o, b, at);
    } else {
        formats_and_xfs(o, b, false), boundsheets(o, b, at), sst(o, b);
    }
    eof(o);
    int isst = 0;
    for (int i = 0; i < b->nsheets; i++) {
        put_at(o, at[i], (unsigned long)o->n);
        sheet(o, b, &b->sheets[i], &isst);
    }
    bw_free(&d);
    free(at);
}

void bw_compound(bw_buf *o, const bw_buf *stream, const char *name)
{
    size_t len = stream->n < 4096 ? 4096 : stream->n; /* regular sectors */
    size_t nsect = (len + 511) / 512, nfat = 1;
    while (nfat * 128 < nfat + 1 + nsect)
        nfat++;
    static const unsigned char sig[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    bw_bytes(o, sig, 8);
    for (int i = 0; i < 16; i++)
        bw_u8(o, 0);
    bw_u16(o, 0x3E), bw_u16(o, 3), bw_u16(o, 0xFFFE), bw_u16(o, 9), bw_u16(o, 6);
    for (int i = 0; i < 10; i++)
        bw_u8(o, 0);
    bw_u32(o, nfat), bw_u32(o, nfat), bw_u32(o, 0), bw_u32(o, 4096); /* FAT, dir, -, cutoff */
    bw_u32(o, 0xFFFFFFFE), bw_u32(o, 0), bw_u32(o, 0xFFFFFFFE), bw_u32(o, 0);
    for (size_t i = 0; i < 109; i++)
        bw_u32(o, i < nfat ? i : 0xFFFFFFFF);
    for (size_t i = 0; i < nfat * 128; i++) { /* the FAT */
        size_t s = nfat + 1;
        unsigned long v = i < nfat ? 0xFFFFFFFD : i == nfat ? 0xFFFFFFFE : 0xFFFFFFFF;
        if (i >= s && i < s + nsect) v = i + 1 < s + nsect ? i + 1 : 0xFFFFFFFE;
        bw_u32(o, v);
    }
    const char *names[2] = {"Root Entry", name};
    for (int i = 0; i < 4; i++) { /* the directory */
        unsigned char e[128] = {0};
        memset(e + 0x44, 0xFF, 12);
        if (i < 2) {
            for (size_t k = 0; names[i][k]; k++)
                e[2 * k] = (unsigned char)names[i][k];
            e[0x40] = (unsigned char)(2 * (strlen(names[i]) + 1));
            e[0x42] = i == 0 ? 5 : 2;
            e[0x43] = 1;
            if (i == 0) memset(e + 0x4C, 0, 4), e[0x4C] = 1; /* child: the stream */
            uint32_t start = i == 0 ? 0xFFFFFFFE : (uint32_t)(nfat + 1);
            uint32_t size = i == 0 ? 0 : (uint32_t)len;
            for (int k = 0; k < 4; k++)
                e[0x74 + k] = (unsigned char)(start >> (8 * k)),
                         e[0x78 + k] = (unsigned char)(size >> (8 * k));
        }
        bw_bytes(o, e, 128);
    }
    bw_bytes(o, stream->b, stream->n);
    while (o->n < 512 * (1 + nfat + 1 + nsect))
        bw_u8(o, 0);
}

/* The sample: a cover, a table sheet (a merged title, merged header
 * cells, codes and amounts as numbers, formulas of each result, a
 * boolean, an error value, an embedded chart) and a hidden notes sheet. */
static const bw_cell cover[] = {
    {0, 0, 't', "2024年部门预算公开表", 0, 16},
    {2, 1, 't', "  ", 0, 16},
};
static const bw_cell table[] = {
    {0, 0, 't', "2024年部门支出总体情况表", 0, 16},
    {1, 0, 't', "部门名称：智慧城市局", 0, 16},
    {1, 5, 't', "单位：万元", 0, 16},
    {2, 0, 't', "科目编码", 0, 16},
    {2, 1, 't', "科目名称", 0, 16},
    {2, 2, 't', "合计", 0, 16},
    {2, 3, 't', "基本支出", 0, 16},
    {3, 3, 't', "人员经费", 0, 16},
    {3, 4, 't', "公用经费", 0, 16},
    {4, 0, 'n', NULL, 2010301, 16},
    {4, 1, 't', "行政运行", 0, 16},
    {4, 2, 'n', NULL, 6828.4, 17},
    {4, 3, 'n', NULL, 5209, 17},
    {4, 4, 'n', NULL, 1619.4, 17},
    {5, 0, 'n', NULL, 2010350, 16},
    {5, 1, 't', "事业运行𠀋", 0, 16},
    {5, 2, 'f', NULL, 0.1 + 0.2, 18},
    {5, 3, 's', "合计", 0, 16},
    {5, 4, 'B', NULL, 1, 16},
    {5, 5, 'E', NULL, 0x07, 16},
    {6, 0, 'b', NULL, 0, 16},
    {6, 1, 'e', NULL, 0x17, 16},
    {6, 2, 'n', NULL, 1e16, 16},
    {6, 3, 'n', NULL, -0.5, 16},
    {7, 2, 'n', NULL, 12, 17},
    {7, 3, 'n', NULL, 3, 17},
    {7, 4, 'n', NULL, 9.5, 18},
    {8, 0, 't', "注：本表数据来源于预算管理一体化系统，合计可能因四舍五入与分项之和略有差异。", 0,
     16},
};
static const bp_wb_merge table_merges[] = {{0, 0, 0, 5}, {2, 2, 3, 2}, {2, 3, 2, 4}};
static const bw_cell notes[] = {{1, 1, 'n', NULL, 42, 16}};
static const bw_sheet sample_sheets[] = {
    {"封面", 0, cover, 2, NULL, 0, false},
    {"表1 部门支出总体情况表", 0, table, (int)(sizeof table / sizeof table[0]), table_merges, 3,
     true},
    {"说明", 1, notes, 1, NULL, 0, false},
};
static const char *const sample_formats[] = {"#,##0.0", "0.00_ "};
static const int sample_xfs[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 164, 165};

bw_book bw_sample(bw_style style)
{
    return (bw_book){.style = style,
                     .sheets = sample_sheets,
                     .nsheets = 3,
                     .formats = sample_formats,
                     .nformats = 2,
                     .xf_fmt = sample_xfs,
                     .nxf = 19,
                     .sst_max = style == BW_EXCEL ? 64 : 0};
}
