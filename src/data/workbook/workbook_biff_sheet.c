/* workbook_biff_sheet.c — one worksheet substream of a BIFF8 Workbook
 * stream, from its BOF to its EOF (charts embedded in it, nested BOF ..
 * EOF, are passed over), into a bp_wb_sheet: the cells holding a value
 * (LABELSST, LABEL, RSTRING, NUMBER, RK, MULRK, BOOLERR, FORMULA with its
 * cached value, and STRING for a text result) with the number format of
 * their XF, and the merged areas (MERGEDCELLS). DIMENSIONS is not read:
 * the cells are what the records hold. Every record is checked against
 * its length before it is read. */
#include <stdio.h>
#include <string.h>

#include "workbook_biff.h"
#include "i18n.h"

typedef struct sheet_rd {
    biff_book *bk;
    wb_sheet_builder b;
    const char *what; /* "book.xls: sheet X" */
    int pending;      /* the formula cell waiting for its STRING record, or -1 */
    unsigned type;    /* the record being read */
    size_t rec;       /* its offset */
    bp_error *e;
} sheet_rd;

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

/* A new cell at (row, col) with the format of XF ixfe; NULL with *rc set. */
static bp_wb_cell *new_cell(sheet_rd *r, unsigned row, unsigned col, unsigned ixfe, int *rc)
{
    if (col >= BP_WB_MAX_COLS) {
        *rc = biff_corrupt(r->bk, r->e, r->type, r->rec, -1, 0, "column %u is past the last (%d)",
                           col + 1, BP_WB_MAX_COLS);
        return NULL;
    }
    bp_wb_cell *c = wb_builder_cell(r->bk->a, &r->b, (int)row, (int)col);
    if (!c) {
        *rc = wb_too_many_cells(r->e, r->what, (int)row, (int)col);
        return NULL;
    }
    c->numfmt = ixfe < (unsigned)r->bk->xfs.n ? r->bk->xf_fmt[ixfe] : NULL;
    return c;
}

static int number_cell(sheet_rd *r, unsigned row, unsigned col, unsigned ixfe, double x)
{
    char num[400];
    int rc = BP_OK;
    if (!wb_number_text(x, num))
        return biff_corrupt(r->bk, r->e, r->type, r->rec, (int)row, (int)col,
                            "a number that is not finite");
    bp_wb_cell *c = new_cell(r, row, col, ixfe, &rc);
    if (!c) return rc;
    c->type = BP_WB_NUMBER;
    c->text = bp_strdup(r->bk->a, num);
    return BP_OK;
}

/* A text cell; an empty text is no cell, as in .xlsx. */
static int text_cell(sheet_rd *r, unsigned row, unsigned col, unsigned ixfe, const char *text)
{
    int rc = BP_OK;
    if (!text[0]) return BP_OK;
    bp_wb_cell *c = new_cell(r, row, col, ixfe, &rc);
    if (!c) return rc;
    c->type = BP_WB_TEXT;
    c->text = text;
    return BP_OK;
}

static int formula_cell(sheet_rd *r, const unsigned char *d, unsigned row, unsigned col,
                        unsigned ixfe)
{
    const unsigned char *v = d + 6;
    int rc = BP_OK;
    if (biff_u16(v + 6) != 0xFFFF) {
        double x;
        memcpy(&x, v, 8);
        BP_TRY(number_cell(r, row, col, ixfe, x));
    } else {
        bp_wb_cell *c = new_cell(r, row, col, ixfe, &rc);
        if (!c) return rc;
        c->type = BP_WB_TEXT, c->text = "";
        if (v[0] == 1)
            c->type = BP_WB_BOOL, c->text = v[2] ? "TRUE" : "FALSE";
        else if (v[0] == 2)
            c->type = BP_WB_ERROR, c->text = error_text(v[2]);
        else if (v[0] == 0) /* a text: in the STRING record that follows */
            r->pending = r->b.cells.n - 1;
    }
    ((bp_wb_cell *)r->b.cells.items)[r->b.cells.n - 1].formula = true;
    return BP_OK;
}

static int string_record(sheet_rd *r)
{
    const char *text;
    biff_cur c;
    biff_cur_open(&c, r->bk->s, r->bk->n, r->rec, 0);
    bp_wb_cell *cell = &((bp_wb_cell *)r->b.cells.items)[r->pending];
    if (!biff_cur_string(r->bk, &c, 2, &text))
        return biff_corrupt(r->bk, r->e, r->type, r->rec, cell->row, cell->col,
                            "the formula's text runs past the record");
    cell->text = text;
    return BP_OK;
}

static int mulrk(sheet_rd *r, const unsigned char *d, unsigned len)
{
    unsigned row = biff_u16(d), col = biff_u16(d + 2);
    for (unsigned off = 4; off + 6 + 2 <= len; off += 6, col++)
        BP_TRY(number_cell(r, row, col, biff_u16(d + off), rk_value(biff_u32(d + off + 2))));
    return BP_OK;
}

static int merged_cells(sheet_rd *r, const unsigned char *d, unsigned len)
{
    unsigned n = biff_u16(d);
    if (2 + 8 * (size_t)n > len)
        return biff_corrupt(r->bk, r->e, r->type, r->rec, -1, 0,
                            "it counts %u merged areas, but holds %u", n, (len - 2) / 8);
    for (unsigned i = 0; i < n; i++) {
        const unsigned char *p = d + 2 + 8 * i;
        bp_wb_merge m = {(int)biff_u16(p), (int)biff_u16(p + 4), (int)biff_u16(p + 2),
                         (int)biff_u16(p + 6)};
        if (m.row1 < m.row0 || m.col1 < m.col0 || m.col1 >= BP_WB_MAX_COLS)
            return biff_corrupt(r->bk, r->e, r->type, r->rec, m.row0, m.col0,
                                "merged area %u is no area", i + 1);
        if (!wb_builder_merge(r->bk->a, &r->b, m))
            return bp_fail(r->e, BP_EINPUT,
                           _("%s: more than %d merged areas; the limit is %d "
                             "(docs/limits.md)"),
                           r->what, WB_MAX_MERGES, WB_MAX_MERGES);
    }
    return BP_OK;
}

/* The least length of each record read here (0: not read). */
static unsigned min_len(unsigned type)
{
    switch (type) {
    case BIFF_LABELSST:
    case BIFF_RK:
        return 10;
    case BIFF_LABEL:
    case BIFF_RSTRING:
    case BIFF_BOOLERR:
        return 8;
    case BIFF_NUMBER:
        return 14;
    case BIFF_MULRK:
        return 12;
    case BIFF_FORMULA:
        return 20;
    case BIFF_MERGEDCELLS:
        return 2;
    case BIFF_STRING:
        return 3;
    default:
        return 0;
    }
}

/* LABEL and RSTRING: the text in the record (its runs are not read). */
static int label(sheet_rd *r, unsigned row, unsigned col, unsigned ixfe)
{
    const char *text;
    biff_cur c;
    biff_cur_open(&c, r->bk->s, r->bk->n, r->rec, 6);
    if (!biff_cur_string(r->bk, &c, 2, &text))
        return biff_corrupt(r->bk, r->e, r->type, r->rec, (int)row, (int)col,
                            "the text runs past the record");
    return text_cell(r, row, col, ixfe, text);
}

static int cell_record(sheet_rd *r, const unsigned char *d, unsigned len)
{
    unsigned row = biff_u16(d), col = biff_u16(d + 2), ixfe = biff_u16(d + 4);
    switch (r->type) {
    case BIFF_LABELSST: {
        uint32_t k = biff_u32(d + 6);
        if (k >= (uint32_t)r->bk->sst.n)
            return biff_corrupt(r->bk, r->e, r->type, r->rec, (int)row, (int)col,
                                "shared string %lu does not exist (the workbook has %d)",
                                (unsigned long)k, r->bk->sst.n);
        return text_cell(r, row, col, ixfe, ((const char **)r->bk->sst.items)[k]);
    }
    case BIFF_LABEL:
    case BIFF_RSTRING:
        return label(r, row, col, ixfe);
    case BIFF_NUMBER: {
        double x;
        memcpy(&x, d + 6, 8);
        return number_cell(r, row, col, ixfe, x);
    }
    case BIFF_RK:
        return number_cell(r, row, col, ixfe, rk_value(biff_u32(d + 6)));
    case BIFF_MULRK:
        if ((len - 6) % 6)
            return biff_corrupt(r->bk, r->e, r->type, r->rec, (int)row, (int)col,
                                "%u bytes long, not 6 + 6 per cell", len);
        return mulrk(r, d, len);
    case BIFF_BOOLERR: {
        int rc = BP_OK;
        bp_wb_cell *c = new_cell(r, row, col, ixfe, &rc);
        if (!c) return rc;
        c->type = d[7] ? BP_WB_ERROR : BP_WB_BOOL;
        c->text = d[7] ? error_text(d[6]) : d[6] ? "TRUE" : "FALSE";
        return BP_OK;
    }
    case BIFF_FORMULA:
        return formula_cell(r, d, row, col, ixfe);
    default:
        return BP_OK;
    }
}

static int sheet_record(sheet_rd *r, const unsigned char *d, unsigned len)
{
    unsigned need = min_len(r->type);
    if (!need) {
        /* between a FORMULA and its STRING: shared and array formulas */
        if (r->type != 0x04BC && r->type != 0x0221 && r->type != 0x0236 && r->type != BIFF_CONTINUE)
            r->pending = -1;
        return BP_OK;
    }
    if (len < need)
        return biff_corrupt(r->bk, r->e, r->type, r->rec, -1, 0, "%u bytes long, too short", len);
    if (r->type == BIFF_STRING) {
        int rc = r->pending >= 0 ? string_record(r) : BP_OK;
        r->pending = -1;
        return rc;
    }
    r->pending = -1;
    if (r->type == BIFF_MERGEDCELLS) return merged_cells(r, d, len);
    return cell_record(r, d, len);
}

int biff_read_sheet(biff_book *bk, int i, size_t limit, long *book_cells, bp_wb_sheet *s,
                    bp_error *e)
{
    const biff_sheet_ref *ref = &((const biff_sheet_ref *)bk->sheets.items)[i];
    sheet_rd r = {.bk = bk, .pending = -1, .e = e};
    r.what = bp_sprintf(bk->a, "%s: sheet %s", bk->shown, ref->name);
    wb_builder_init(&r.b, book_cells);
    bk->sheet = s->name = ref->name;
    s->hidden = ref->hidden;
    size_t p = ref->pos;
    if (p < bk->globals_end || p + 4 > limit || biff_u16(bk->s + p) != BIFF_BOF)
        return biff_corrupt(bk, e, BIFF_BOUNDSHEET, ref->rec, -1, 0,
                            "the sheet's records do not start at offset %zu, where it points", p);
    int depth = 0;
    while (p + 4 <= limit) {
        r.type = biff_u16(bk->s + p), r.rec = p;
        unsigned len = biff_u16(bk->s + p + 2);
        if (p + 4 + len > limit)
            return biff_corrupt(bk, e, r.type, p, -1, 0,
                                "%u bytes long, past the sheet's end (the next sheet or the "
                                "stream's end)",
                                len);
        if (r.type == BIFF_BOF)
            depth++;
        else if (r.type == BIFF_EOF && --depth == 0)
            return wb_builder_finish(bk->a, &r.b, s, r.what, e);
        else if (depth == 1)
            BP_TRY(sheet_record(&r, bk->s + p + 4, len));
        p += 4 + len;
    }
    return biff_corrupt(bk, e, BIFF_BOF, ref->pos, -1, 0,
                        "the sheet's records end without its EOF record");
}
