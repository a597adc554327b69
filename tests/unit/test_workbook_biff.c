/* test_workbook_biff.c — the BIFF8 reader record by record, on .xls
 * files written here (tests/biff_writer.c) the ways LibreOffice, Excel
 * and WPS write them: the three read alike and as written (LABELSST,
 * LABEL, RK, MULRK, NUMBER, FORMULA with STRING, BOOLERR, MERGEDCELLS,
 * FORMAT/XF, hidden sheets, a chart inside a sheet); the SST split across
 * CONTINUE records at every place (in a string's characters, where the
 * flags byte is repeated, switching between 8 and 16 bits; exactly
 * between header and characters; in rich-text runs and phonetic blocks);
 * and what a damaged or older file gives: an error naming the workbook,
 * the sheet and cell or the record and its offset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "biff_writer.h"
#include "workbook_biff.h"

/* Reads the stream of b as a whole .xls file from memory. */
static int read_book(bp_arena *a, const bw_book *b, bp_workbook **wb, bp_error *e)
{
    bw_buf s = {0}, f = {0};
    bw_stream(&s, b);
    bw_compound(&f, &s, "Workbook");
    int rc = wb_xls_parse(a, "t.xls", "t.xls", f.b, f.n, wb, e);
    bw_free(&s), bw_free(&f);
    return rc;
}

static bp_workbook *read_ok(bp_arena *a, const bw_book *b)
{
    bp_error e = {0, ""};
    bp_workbook *wb = NULL;
    if (read_book(a, b, &wb, &e)) fail_msg("%s", e.msg);
    return wb;
}

static int count_records(const bw_book *b, unsigned type)
{
    bw_buf s = {0};
    bw_stream(&s, b);
    int n = 0;
    for (size_t p = 0; p + 4 <= s.n; p += 4 + biff_u16(s.b + p + 2))
        n += biff_u16(s.b + p) == type;
    bw_free(&s);
    return n;
}

static void expect(const bp_wb_sheet *s, int row, int col, int type, bool formula, const char *text,
                   const char *numfmt)
{
    const bp_wb_cell *c = workbook_cell(s, row, col);
    if (!c) fail_msg("%s: no cell at %d,%d", s->name, row, col);
    assert_int_equal(c->type, type);
    assert_int_equal(c->formula, formula);
    assert_string_equal(c->text, text);
    if (numfmt)
        assert_string_equal(c->numfmt, numfmt);
    else
        assert_null(c->numfmt);
}

static void check_sample(const bp_workbook *wb)
{
    assert_string_equal(wb->format, "xls");
    assert_int_equal(wb->nsheets, 3);
    assert_string_equal(wb->sheets[0].name, "封面");
    assert_string_equal(wb->sheets[1].name, "表1 部门支出总体情况表");
    assert_string_equal(wb->sheets[2].name, "说明");
    assert_false(wb->sheets[0].hidden || wb->sheets[1].hidden);
    assert_true(wb->sheets[2].hidden);
    expect(&wb->sheets[0], 2, 1, BP_WB_TEXT, false, "  ", NULL);
    const bp_wb_sheet *s = &wb->sheets[1];
    expect(s, 0, 0, BP_WB_TEXT, false, "2024年部门支出总体情况表", NULL);
    expect(s, 4, 0, BP_WB_NUMBER, false, "2010301", NULL);
    expect(s, 4, 2, BP_WB_NUMBER, false, "6828.4", "#,##0.0");
    expect(s, 4, 3, BP_WB_NUMBER, false, "5209", "#,##0.0");
    expect(s, 5, 1, BP_WB_TEXT, false, "事业运行𠀋", NULL);
    expect(s, 5, 2, BP_WB_NUMBER, true, "0.3", "0.00_ ");
    expect(s, 5, 3, BP_WB_TEXT, true, "合计", NULL);
    expect(s, 5, 4, BP_WB_BOOL, true, "TRUE", NULL);
    expect(s, 5, 5, BP_WB_ERROR, true, "#DIV/0!", NULL);
    expect(s, 6, 0, BP_WB_BOOL, false, "FALSE", NULL);
    expect(s, 6, 1, BP_WB_ERROR, false, "#REF!", NULL);
    expect(s, 6, 2, BP_WB_NUMBER, false, "1E+16", NULL);
    expect(s, 6, 3, BP_WB_NUMBER, false, "-0.5", NULL);
    expect(s, 7, 2, BP_WB_NUMBER, false, "12", "#,##0.0");
    expect(s, 7, 3, BP_WB_NUMBER, false, "3", "#,##0.0");
    expect(s, 7, 4, BP_WB_NUMBER, false, "9.5", "0.00_ ");
    assert_int_equal(s->ncells, 28); /* not the chart's NUMBER */
    assert_int_equal(s->nrows, 9);
    assert_int_equal(s->ncols, 6);
    assert_int_equal(s->nmerges, 3);
    const bp_wb_merge *m = workbook_merge_at(s, 3, 2);
    assert_non_null(m);
    assert_int_equal(m->row0, 2), assert_int_equal(m->row1, 3);
    assert_int_equal(m->col0, 2), assert_int_equal(m->col1, 2);
    assert_non_null(workbook_merge_at(s, 0, 5));
    assert_null(workbook_merge_at(s, 4, 0));
    expect(&wb->sheets[2], 1, 1, BP_WB_NUMBER, false, "42", NULL);
}

static void same_sheets(const bp_workbook *x, const bp_workbook *y)
{
    assert_int_equal(x->nsheets, y->nsheets);
    for (int i = 0; i < x->nsheets; i++) {
        const bp_wb_sheet *s = &x->sheets[i], *t = &y->sheets[i];
        assert_string_equal(s->name, t->name);
        assert_int_equal(s->hidden, t->hidden);
        assert_int_equal(s->ncells, t->ncells);
        for (int k = 0; k < s->ncells; k++) {
            const bp_wb_cell *c = &s->cells[k], *d = &t->cells[k];
            assert_int_equal(c->row, d->row), assert_int_equal(c->col, d->col);
            assert_int_equal(c->type, d->type), assert_int_equal(c->formula, d->formula);
            assert_string_equal(c->text, d->text);
            assert_true(c->numfmt == d->numfmt || !strcmp(c->numfmt, d->numfmt));
        }
        assert_int_equal(s->nmerges, t->nmerges);
        if (s->nmerges)
            assert_memory_equal(s->merges, t->merges, sizeof *s->merges * (size_t)s->nmerges);
    }
}

/* LibreOffice-, Excel- and WPS-shaped files of one workbook read alike,
 * and as written; each shape writes what it is known for. */
static void three_shapes_read_alike(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bw_book lo = bw_sample(BW_LIBREOFFICE), xl = bw_sample(BW_EXCEL), wps = bw_sample(BW_WPS);
    const bp_workbook *w[3] = {read_ok(&a, &lo), read_ok(&a, &xl), read_ok(&a, &wps)};
    for (int i = 0; i < 3; i++)
        check_sample(w[i]);
    same_sheets(w[0], w[1]);
    same_sheets(w[0], w[2]);
    assert_true(count_records(&xl, BIFF_MULRK) >= 1);
    assert_true(count_records(&xl, BIFF_CONTINUE) >= 1);
    assert_int_equal(count_records(&lo, BIFF_MULRK), 0);
    assert_true(count_records(&lo, BIFF_RK) >= 1);
    assert_int_equal(count_records(&wps, BIFF_LABELSST), 0);
    assert_true(count_records(&wps, BIFF_LABEL) >= 1);
    assert_int_equal(count_records(&wps, BIFF_RK), 0);
    bp_arena_free(&a);
}

/* The SST in records of every size from 12 to 80 bytes: each string cut
 * at every place (in its characters, where a CONTINUE repeats the flags
 * byte; right after its header; between two strings), 8-bit characters
 * going on as 8 or as 16 bits, rich-text runs and phonetic blocks cut
 * anywhere: every text reads as written. */
static void sst_split_everywhere(void **state)
{
    (void)state;
    for (int variant = 0; variant < 4; variant++)
        for (size_t max = 12; max <= 80; max++) {
            bp_arena a;
            bp_arena_init(&a);
            bw_book b = bw_sample(BW_EXCEL);
            b.sst_max = max;
            b.sst_mixed = variant & 1;
            b.sst_rich = variant & 2;
            assert_true(count_records(&b, BIFF_CONTINUE) >= 3);
            check_sample(read_ok(&a, &b));
            bp_arena_free(&a);
        }
}

/* A stream of records patched by the tests below. */
typedef struct patched {
    bw_buf s;
    size_t sst, labelsst, bof1; /* offsets: the SST, the first LABELSST, the first sheet's BOF */
} patched;

static void sample_stream(patched *p, bw_style style)
{
    bw_book b = bw_sample(style);
    memset(p, 0, sizeof *p);
    bw_stream(&p->s, &b);
    for (size_t o = 0, nbof = 0; o + 4 <= p->s.n; o += 4 + biff_u16(p->s.b + o + 2)) {
        unsigned t = biff_u16(p->s.b + o);
        if (t == BIFF_SST) p->sst = o;
        if (t == BIFF_LABELSST && !p->labelsst) p->labelsst = o;
        if (t == BIFF_BOF && ++nbof == 2) p->bof1 = o;
    }
    assert_true(p->sst && p->bof1);
}

static void expect_error(patched *p, const char *says)
{
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0, ""};
    bp_workbook *wb = NULL;
    assert_int_equal(wb_xls_parse_stream(&a, "t.xls", "t.xls", p->s.b, p->s.n, &wb, &e), BP_EINPUT);
    if (!strstr(e.msg, says)) fail_msg("%s\nwanted: %s", e.msg, says);
    bp_arena_free(&a);
    bw_free(&p->s);
}

static void put16(bw_buf *s, size_t at, unsigned v)
{
    s->b[at] = (unsigned char)v, s->b[at + 1] = (unsigned char)(v >> 8);
}

/* Damaged records: the message names the workbook, the sheet and cell
 * where there is one, the record and its offset. */
static void damage_is_named(void **state)
{
    (void)state;
    patched p;
    char want[256];
    sample_stream(&p, BW_LIBREOFFICE); /* a shared string that is not there */
    p.s.b[p.labelsst + 4 + 6] = 200;
    snprintf(want, sizeof want,
             "t.xls: sheet 封面, cell A1: the .xls workbook is corrupt: the LABELSST record at "
             "offset %zu of its Workbook stream: shared string 200 does not exist (the workbook "
             "has 14)",
             p.labelsst);
    expect_error(&p, want);
    sample_stream(&p, BW_LIBREOFFICE); /* the SST counts one string more than it holds */
    p.s.b[p.sst + 4 + 4] = 15;
    snprintf(want, sizeof want,
             "t.xls: the .xls workbook is corrupt: the SST record at offset %zu of its Workbook "
             "stream: shared string 14 of 15 runs past the record and its CONTINUE records",
             p.sst);
    expect_error(&p, want);
    sample_stream(&p, BW_LIBREOFFICE); /* the first string with a phonetic block it lacks */
    p.s.b[p.sst + 4 + 8 + 2] |= 4;
    expect_error(&p, "the SST record at offset");
    sample_stream(&p, BW_LIBREOFFICE); /* a string of 65535 characters, every flag set */
    put16(&p.s, p.sst + 4 + 8, 0xFFFF), p.s.b[p.sst + 4 + 8 + 2] = 0x7F;
    expect_error(&p, "runs past the record and its CONTINUE records");
    sample_stream(&p, BW_LIBREOFFICE); /* the first sheet's BOUNDSHEET points into the globals */
    bw_buf *s = &p.s;
    for (size_t o = 0; o + 4 <= s->n; o += 4 + biff_u16(s->b + o + 2))
        if (biff_u16(s->b + o) == BIFF_BOUNDSHEET && biff_u32(s->b + o + 4) == p.bof1)
            s->b[o + 4] = 0, s->b[o + 5] = 0, s->b[o + 6] = 0, s->b[o + 7] = 0;
    expect_error(&p, "t.xls: sheet 封面: the .xls workbook is corrupt: the BOUNDSHEET record at "
                     "offset");
    sample_stream(&p, BW_LIBREOFFICE); /* a record running past the stream's end */
    put16(&p.s, p.s.n - 2, 10);
    expect_error(&p, "t.xls: sheet 说明: the .xls workbook is corrupt: the EOF record at offset");
}

/* Older files and passwords: refused, saying what to do. */
static void older_and_protected_files_are_refused(void **state)
{
    (void)state;
    patched p;
    sample_stream(&p, BW_WPS);
    put16(&p.s, 4, 0x0500); /* BIFF5 */
    expect_error(&p, "t.xls: an Excel 5.0/95 workbook (BIFF5), which budgetpdf does not read: "
                     "open it in Excel or WPS and save it as .xlsx (or as Excel 97-2003 .xls)");
    sample_stream(&p, BW_WPS);
    put16(&p.s, 0, 0x0409); /* a BIFF4 BOF */
    expect_error(&p, "t.xls: not an Excel 97-2003 workbook");
    sample_stream(&p, BW_WPS); /* a FILEPASS in the globals, in place of CODEPAGE */
    put16(&p.s, 20, BIFF_FILEPASS);
    expect_error(&p, "t.xls: the .xls workbook is password-protected");
    /* a BIFF5 file keeps its records in a stream named Book */
    bw_buf s = {0}, f = {0};
    bw_book b = bw_sample(BW_WPS);
    bw_stream(&s, &b);
    bw_compound(&f, &s, "Book");
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0, ""};
    bp_workbook *wb = NULL;
    assert_int_equal(wb_xls_parse(&a, "t.xls", "t.xls", f.b, f.n, &wb, &e), BP_EINPUT);
    assert_non_null(strstr(e.msg, "t.xls: an Excel 5.0/95 workbook (BIFF5)"));
    bp_arena_free(&a);
    bw_free(&s), bw_free(&f);
}

/* Counts past the limits: a clear error, before memory grows with them. */
static void limits(void **state)
{
    (void)state;
    bw_sheet *many = calloc(XLS_MAX_SHEETS + 1, sizeof *many);
    for (int i = 0; i <= XLS_MAX_SHEETS; i++)
        many[i] = (bw_sheet){.name = "s"};
    bw_book b = {.style = BW_LIBREOFFICE, .sheets = many, .nsheets = XLS_MAX_SHEETS + 1};
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0, ""};
    bp_workbook *wb = NULL;
    assert_int_equal(read_book(&a, &b, &wb, &e), BP_EINPUT);
    if (!strstr(e.msg, "the BOUNDSHEET record at offset") ||
        !strstr(e.msg, "more than 1000 worksheets; the limit is 1000 (docs/limits.md)"))
        fail_msg("%s", e.msg);
    b.nsheets = XLS_MAX_SHEETS; /* as many as allowed: read, with the same name each */
    bp_arena_free(&a);
    bp_arena_init(&a);
    assert_int_equal(read_book(&a, &b, &wb, &e), BP_OK);
    assert_int_equal(wb->nsheets, XLS_MAX_SHEETS);
    bp_arena_free(&a);
    free(many);
    patched p; /* an SST claiming 2,000,001 strings */
    sample_stream(&p, BW_LIBREOFFICE);
    p.s.b[p.sst + 4 + 4] = 0x81, p.s.b[p.sst + 4 + 5] = 0x84, p.s.b[p.sst + 4 + 6] = 0x1E;
    expect_error(&p, "2000001 shared strings; the limit is 2000000 (docs/limits.md)");
}

/* Two sheets whose records overlap (a BOUNDSHEET pointing into another
 * sheet's records) are refused: no record is read twice. */
static void overlapping_sheets_are_refused(void **state)
{
    (void)state;
    patched p;
    sample_stream(&p, BW_LIBREOFFICE);
    bw_buf *s = &p.s;
    size_t first = 0;
    for (size_t o = 0; o + 4 <= s->n; o += 4 + biff_u16(s->b + o + 2))
        if (biff_u16(s->b + o) == BIFF_BOUNDSHEET) {
            if (!first)
                first = biff_u32(s->b + o + 4);
            else
                for (int k = 0; k < 4; k++)
                    s->b[o + 4 + (size_t)k] = (unsigned char)(first >> (8 * k));
        }
    expect_error(&p, "the .xls workbook is corrupt");
    sample_stream(&p, BW_LIBREOFFICE); /* every sheet past the stream's end (found by fuzz_biff) */
    s = &p.s;
    unsigned char far = 0x10;
    for (size_t o = 0; o + 4 <= s->n; o += 4 + biff_u16(s->b + o + 2))
        if (biff_u16(s->b + o) == BIFF_BOUNDSHEET) s->b[o + 6] = far++;
    expect_error(&p, "t.xls: sheet 封面: the .xls workbook is corrupt: the BOUNDSHEET record");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(three_shapes_read_alike),
        cmocka_unit_test(sst_split_everywhere),
        cmocka_unit_test(damage_is_named),
        cmocka_unit_test(older_and_protected_files_are_refused),
        cmocka_unit_test(limits),
        cmocka_unit_test(overlapping_sheets_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
