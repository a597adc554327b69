/* workbook_biff_rec.c — reading inside BIFF8 records: a position that
 * follows a record into its CONTINUE records (every read bounded by the
 * record it is in), the strings of the format (shared strings split
 * across CONTINUE records, with the flags byte repeated where their
 * characters go on; rich-text runs and phonetic blocks skipped), and the
 * one message of a corrupt record, naming the workbook, the sheet and
 * cell when there is one, and the record and its offset. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "workbook_biff.h"
#include "i18n.h"

void biff_cur_open(biff_cur *c, const unsigned char *s, size_t n, size_t rec, size_t skip)
{
    c->s = s;
    c->n = n;
    c->d = rec + 4;
    c->len = biff_u16(s + rec + 2);
    c->at = skip < c->len ? skip : c->len;
    c->nconts = 0;
}

/* Into the CONTINUE record after the current one; false when none. */
static bool next_continue(biff_cur *c)
{
    size_t h = c->d + c->len;
    if (h + 4 > c->n || biff_u16(c->s + h) != BIFF_CONTINUE) return false;
    size_t len = biff_u16(c->s + h + 2);
    if (h + 4 + len > c->n || ++c->nconts > XLS_MAX_CONTINUES) return false;
    c->d = h + 4, c->len = len, c->at = 0;
    return true;
}

bool biff_cur_read(biff_cur *c, unsigned char *out, size_t k)
{
    while (k > 0) {
        if (c->at == c->len && !next_continue(c)) return false;
        size_t m = c->len - c->at < k ? c->len - c->at : k;
        memcpy(out, c->s + c->d + c->at, m);
        out += m, c->at += m, k -= m;
    }
    return true;
}

bool biff_cur_skip(biff_cur *c, size_t k)
{
    while (k > 0) {
        if (c->at == c->len && !next_continue(c)) return false;
        size_t m = c->len - c->at < k ? c->len - c->at : k;
        c->at += m, k -= m;
    }
    return true;
}

/* The code point of the units at u[*i] (a pair, or a lone surrogate as
 * U+FFFD); *i moves past them. */
static uint32_t code_point(const uint16_t *u, size_t n, size_t *i)
{
    uint32_t cp = u[(*i)++];
    if (cp >= 0xD800 && cp < 0xDC00 && *i < n && u[*i] >= 0xDC00 && u[*i] < 0xE000)
        return 0x10000 + ((cp - 0xD800) << 10) + (u[(*i)++] - 0xDC00u);
    return cp >= 0xD800 && cp < 0xE000 ? 0xFFFD : cp;
}

/* UTF-16 code units as UTF-8, in as many bytes as that takes. */
static char *utf16_to_utf8(bp_arena *a, const uint16_t *u, size_t n)
{
    size_t len = 0;
    char tmp[4];
    for (size_t i = 0; i < n;)
        len += (size_t)bp_utf8_encode(code_point(u, n, &i), tmp);
    char *out = bp_alloc(a, len + 1), *o = out;
    for (size_t i = 0; i < n;)
        o += bp_utf8_encode(code_point(u, n, &i), o);
    *o = 0;
    return out;
}

/* The characters: as many as the record holds, then on in each CONTINUE
 * after its flags byte. */
static bool string_chars(biff_cur *c, uint16_t *u, unsigned cch, bool wide)
{
    unsigned got = 0;
    while (got < cch) {
        size_t w = wide ? 2 : 1, avail = (c->len - c->at) / w, k = cch - got;
        if (avail < k) k = avail;
        const unsigned char *p = c->s + c->d + c->at;
        for (size_t i = 0; i < k; i++)
            u[got + i] = (uint16_t)(wide ? biff_u16(p + 2 * i) : p[i]);
        c->at += k * w, got += (unsigned)k;
        if (got == cch) break;
        if (c->at != c->len) return false; /* a character cut in two */
        unsigned char flags;
        if (!next_continue(c) || !biff_cur_read(c, &flags, 1)) return false;
        wide = flags & 1;
    }
    return true;
}

bool biff_cur_string(biff_book *bk, biff_cur *c, int cchw, const char **out)
{
    unsigned char h[4] = {0};
    if (!biff_cur_read(c, h, (size_t)cchw)) return false;
    unsigned cch = cchw == 1 ? h[0] : biff_u16(h);
    unsigned char flags;
    if (!biff_cur_read(c, &flags, 1)) return false;
    uint32_t runs = 0, ext = 0;
    if (flags & 8) { /* fRichSt: the count of formatting runs */
        if (!biff_cur_read(c, h, 2)) return false;
        runs = biff_u16(h);
    }
    if (flags & 4) { /* fExtSt: the size of the phonetic block */
        if (!biff_cur_read(c, h, 4)) return false;
        ext = biff_u32(h);
    }
    if (!bk->units.size) bp_vec_init(&bk->units, sizeof(uint16_t));
    bp_vec_reserve(bk->a, &bk->units, (int)cch + 1);
    uint16_t *u = bk->units.items;
    if (!string_chars(c, u, cch, flags & 1)) return false;
    if (!biff_cur_skip(c, 4 * (size_t)runs) || !biff_cur_skip(c, ext)) return false;
    *out = utf16_to_utf8(bk->a, u, cch);
    return true;
}

const char *biff_record_name(bp_arena *a, unsigned type)
{
    static const struct {
        unsigned type;
        const char *name;
    } names[] = {
        {BIFF_FORMULA, "FORMULA"},
        {BIFF_EOF, "EOF"},
        {BIFF_FILEPASS, "FILEPASS"},
        {BIFF_CONTINUE, "CONTINUE"},
        {BIFF_BOUNDSHEET, "BOUNDSHEET"},
        {BIFF_MULRK, "MULRK"},
        {BIFF_RSTRING, "RSTRING"},
        {BIFF_XF, "XF"},
        {BIFF_MERGEDCELLS, "MERGEDCELLS"},
        {BIFF_SST, "SST"},
        {BIFF_LABELSST, "LABELSST"},
        {BIFF_NUMBER, "NUMBER"},
        {BIFF_LABEL, "LABEL"},
        {BIFF_BOOLERR, "BOOLERR"},
        {BIFF_STRING, "STRING"},
        {BIFF_RK, "RK"},
        {BIFF_FORMAT, "FORMAT"},
        {BIFF_BOF, "BOF"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].type == type) return names[i].name;
    return bp_sprintf(a, "0x%04X", type);
}

int biff_corrupt(biff_book *bk, bp_error *e, unsigned type, size_t off, int row, int col,
                 const char *fmt, ...)
{
    char why[512], ref[16];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    const char *where =
        bk->sheet ? bp_sprintf(bk->a, ": sheet %s%s%s", bk->sheet, row >= 0 ? ", cell " : "",
                               row >= 0 ? workbook_a1(ref, row, col) : "")
                  : "";
    return bp_fail(e, BP_EINPUT,
                   _("%s%s: the .xls workbook is corrupt: the %s record at offset %zu of its "
                     "Workbook stream: %s; open and save it again in Excel or WPS, or save it as "
                     ".xlsx and give that file"),
                   bk->shown, where, biff_record_name(bk->a, type), off, why);
}
