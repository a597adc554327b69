/* test_workbook_xls.c — the .xls reader on files built here record by
 * record: an OLE2 compound file (512-byte sectors, the Workbook stream in
 * regular sectors) holding a BIFF8 workbook with formula results of each
 * kind with the STRING record, booleans, merged cells, a hidden sheet,
 * number formats, a date as its number, and RK and MULRK numbers, read
 * through workbook_load; the same file damaged (a MERGEDCELLS record
 * counting more areas than it holds, the stream's FAT chain in a cycle):
 * errors naming the place; and what crashed libfreexl 1.0.6, which
 * budgetpdf once used (a second DIMENSIONS record, a directory name longer
 * than MS-CFB allows): read. test_workbook_biff.c has the rest. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "workbook_priv.h"

#define TMPDIR_FIXTURE_NAME "workbook-xls"
#include "tmpdir_fixture.h"

/* How write_xls damages the file. */
enum damage { INTACT, BAD_MERGES, FAT_CYCLE, TWO_DIMENSIONS, LONG_NAME, NDAMAGE, ENCRYPTED };

typedef struct buf {
    unsigned char b[16384];
    size_t n;
} buf;

static void put(buf *o, const void *p, size_t n)
{
    assert_true(o->n + n <= sizeof o->b);
    memcpy(o->b + o->n, p, n);
    o->n += n;
}

static void p16(buf *o, unsigned v)
{
    unsigned char b[2] = {(unsigned char)v, (unsigned char)(v >> 8)};
    put(o, b, 2);
}

static void p32(buf *o, uint32_t v)
{
    p16(o, v & 0xFFFF);
    p16(o, v >> 16);
}

static void record(buf *o, unsigned type, const buf *data)
{
    p16(o, type);
    p16(o, (unsigned)data->n);
    put(o, data->b, data->n);
}

static void bof(buf *o, unsigned dt)
{
    buf d = {.n = 0};
    p16(&d, 0x0600), p16(&d, dt), p32(&d, 0), p32(&d, 0), p32(&d, 0);
    record(o, 0x0809, &d);
}

/* row, col, ixfe, then the 8 bytes of a FORMULA's value and its tail */
static void formula(buf *o, unsigned row, unsigned col, unsigned ixfe, const unsigned char v[8])
{
    buf d = {.n = 0};
    p16(&d, row), p16(&d, col), p16(&d, ixfe), put(&d, v, 8);
    p16(&d, 0), p32(&d, 0), p16(&d, 3);
    unsigned char rgce[3] = {0x1E, 1, 0}; /* PtgInt 1: the formula itself is not read */
    put(&d, rgce, 3);
    record(o, 0x0006, &d);
}

/* A BIFF8 Workbook stream: sheets 表一 (visible) and 隐藏 (hidden). */
static void workbook_stream(buf *o, enum damage damage)
{
    buf d = {.n = 0};
    size_t sheet_pos[2];
    bof(o, 0x0005);
    d.n = 0, p16(&d, 1200), record(o, 0x0042, &d); /* CODEPAGE: UTF-16 */
    d.n = 0, p16(&d, 164), p16(&d, 3),
    put(&d,
        "\0"
        "0.0",
        4),
    record(o, 0x041E, &d);
    for (int i = 0; i < 19; i++) { /* XF 0-15 style, 16 General, 17 format 164, 18 a date */
        d.n = 0, p16(&d, 0), p16(&d, i == 17 ? 164 : i == 18 ? 14 : 0);
        for (int k = 0; k < 16; k++)
            put(&d, "", 1);
        record(o, 0x00E0, &d);
    }
    static const char *names[2] = {"\x68\x88\x00\x4E", "\x90\x96\xCF\x85"}; /* 表一, 隐藏 */
    size_t at[2];
    for (int i = 0; i < 2; i++) {
        d.n = 0, p32(&d, 0), put(&d, i ? "\1" : "\0", 1), put(&d, "\0", 1);
        put(&d, "\2\1", 2), put(&d, names[i], 4);
        at[i] = o->n + 4;
        record(o, 0x0085, &d);
    }
    d.n = 0, record(o, 0x000A, &d);
    for (int i = 0; i < 2; i++) {
        sheet_pos[i] = o->n;
        for (int k = 0; k < 4; k++)
            o->b[at[i] + (size_t)k] = (unsigned char)(sheet_pos[i] >> (8 * k));
        bof(o, 0x0010);
        d.n = 0, p32(&d, 0), p32(&d, 4), p16(&d, 0), p16(&d, 6), p16(&d, 0);
        record(o, 0x0200, &d); /* DIMENSIONS: 4 rows, 6 columns */
        if (damage == TWO_DIMENSIONS && i == 0) record(o, 0x0200, &d);
        if (i == 0) {
            double x = 6828.3999999999996;
            d.n = 0, p16(&d, 0), p16(&d, 0), p16(&d, 17), put(&d, &x, 8);
            record(o, 0x0203, &d); /* NUMBER A1, format 0.0 */
            unsigned char num[8];
            x = 0.1 + 0.2;
            memcpy(num, &x, 8);
            formula(o, 0, 1, 16, num); /* B1 = 0.3 */
            static const unsigned char str[8] = {0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
            formula(o, 0, 2, 16, str); /* C1 = "合计" */
            d.n = 0, p16(&d, 2), put(&d, "\1", 1), put(&d, "\x08\x54\xA1\x8B", 4);
            record(o, 0x0207, &d);
            static const unsigned char err[8] = {2, 0, 0x07, 0, 0, 0, 0xFF, 0xFF};
            formula(o, 0, 3, 16, err); /* D1 = #DIV/0! */
            static const unsigned char boo[8] = {1, 0, 1, 0, 0, 0, 0xFF, 0xFF};
            formula(o, 0, 4, 16, boo); /* E1 = TRUE */
            d.n = 0, p16(&d, 1), p16(&d, 5), p16(&d, 16), put(&d, "\0\0", 2);
            record(o, 0x0205, &d); /* BOOLERR F2 = FALSE */
            x = 45322;
            d.n = 0, p16(&d, 1), p16(&d, 0), p16(&d, 18), put(&d, &x, 8);
            record(o, 0x0203, &d); /* NUMBER A2, a date: its number */
            d.n = 0, p16(&d, 1), p16(&d, 1), p16(&d, 16), p32(&d, 123u << 2 | 2);
            record(o, 0x027E, &d); /* RK B2 = 123 */
            d.n = 0, p16(&d, 1), p16(&d, 2), p16(&d, 16), p32(&d, 150u << 2 | 3);
            p16(&d, 17), p32(&d, 0x40040000u), p16(&d, 3);
            record(o, 0x00BD, &d); /* MULRK C2 = 1.5, D2 = 2.5 (format 164) */
            d.n = 0, p16(&d, 1), p16(&d, 2), p16(&d, 3), p16(&d, 0), p16(&d, 1);
            record(o, 0x00E5, &d);      /* MERGEDCELLS A3:B4 */
            if (damage == BAD_MERGES) { /* MERGEDCELLS counting 5 areas, holding 1 */
                d.n = 0, p16(&d, 5), p16(&d, 2), p16(&d, 3), p16(&d, 0), p16(&d, 1);
                record(o, 0x00E5, &d);
            }
        }
        d.n = 0, record(o, 0x000A, &d);
    }
    while (o->n < 4096 + 100)
        put(o, "", 1); /* over the mini stream cutoff: regular sectors */
}

/* An OLE2 compound file around the stream: header, FAT sector 0,
 * directory sector 1, the stream from sector 2. */
static size_t compound_file(unsigned char *out, const buf *stream, enum damage damage)
{
    size_t nsect = (stream->n + 511) / 512, total = 512 * (3 + nsect);
    memset(out, 0, total);
    static const unsigned char sig[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    buf h = {.n = 0};
    put(&h, sig, 8), put(&h, (char[16]){0}, 16);
    p16(&h, 0x3E), p16(&h, 3), p16(&h, 0xFFFE), p16(&h, 9), p16(&h, 6);
    put(&h, (char[10]){0}, 10);
    p32(&h, 1), p32(&h, 1), p32(&h, 0), p32(&h, 4096); /* FAT sectors, dir, txn, cutoff */
    p32(&h, 0xFFFFFFFE), p32(&h, 0), p32(&h, 0xFFFFFFFE), p32(&h, 0);
    p32(&h, 0);
    while (h.n < 512)
        p32(&h, 0xFFFFFFFF);
    memcpy(out, h.b, 512);
    buf f = {.n = 0};
    p32(&f, 0xFFFFFFFD), p32(&f, 0xFFFFFFFE);
    for (size_t i = 0; i < nsect; i++)
        p32(&f, i + 1 < nsect ? (uint32_t)(3 + i) : damage == FAT_CYCLE ? 2 : 0xFFFFFFFE);
    while (f.n < 512)
        p32(&f, 0xFFFFFFFF);
    memcpy(out + 512, f.b, 512);
    unsigned char *dir = out + 1024;
    const char *en[2] = {"Root Entry", damage == ENCRYPTED ? "EncryptedPackage" : "Workbook"};
    for (int i = 0; i < 4; i++) {
        unsigned char *e = dir + 128 * i;
        memset(e + 0x44, 0xFF, 12); /* no siblings, no child */
        if (i >= 2) continue;
        for (size_t k = 0; en[i][k]; k++)
            e[2 * k] = (unsigned char)en[i][k];
        e[0x40] = (unsigned char)(2 * (strlen(en[i]) + 1));
        e[0x41] = damage == LONG_NAME && i == 0 ? 0x1F : 0;
        e[0x42] = i == 0 ? 5 : 2;
        e[0x43] = 1;
        uint32_t start = i == 0 ? 0xFFFFFFFE : 2, size = i == 0 ? 0 : (uint32_t)stream->n;
        if (i == 0) memcpy(e + 0x4C, (unsigned char[4]){1, 0, 0, 0}, 4); /* child: Workbook */
        for (int k = 0; k < 4; k++)
            e[0x74 + k] = (unsigned char)(start >> (8 * k)),
                     e[0x78 + k] = (unsigned char)(size >> (8 * k));
    }
    memcpy(out + 1536, stream->b, stream->n);
    return total;
}

static const char *write_xls(enum damage damage)
{
    static buf stream;
    static unsigned char file[32768];
    static char path[256];
    stream.n = 0;
    workbook_stream(&stream, damage);
    size_t n = compound_file(file, &stream, damage);
    snprintf(path, sizeof path, "%s/预算.xls", g_dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(file, 1, n, f), n);
    fclose(f);
    return path;
}

static void expect(const bp_wb_sheet *s, int row, int col, int type, bool formula, const char *text,
                   const char *numfmt)
{
    const bp_wb_cell *c = workbook_cell(s, row, col);
    if (!c) fail_msg("no cell at %d,%d", row, col);
    assert_int_equal(c->type, type);
    assert_int_equal(c->formula, formula);
    assert_string_equal(c->text, text);
    if (numfmt)
        assert_string_equal(c->numfmt, numfmt);
    else
        assert_null(c->numfmt);
}

static void every_kind_of_cell(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0, ""};
    bp_workbook *wb = NULL;
    int rc = workbook_load(BP_CTX(&a, &e), write_xls(INTACT), &wb);
    if (rc) fail_msg("%s", e.msg);
    assert_string_equal(wb->format, "xls");
    assert_int_equal(wb->nsheets, 2);
    assert_string_equal(wb->sheets[0].name, "表一");
    assert_string_equal(wb->sheets[1].name, "隐藏");
    assert_false(wb->sheets[0].hidden);
    assert_true(wb->sheets[1].hidden);
    const bp_wb_sheet *s = &wb->sheets[0];
    expect(s, 0, 0, BP_WB_NUMBER, false, "6828.4", "0.0");
    expect(s, 0, 1, BP_WB_NUMBER, true, "0.3", NULL);
    expect(s, 0, 2, BP_WB_TEXT, true, "合计", NULL);
    expect(s, 0, 3, BP_WB_ERROR, true, "#DIV/0!", NULL);
    expect(s, 0, 4, BP_WB_BOOL, true, "TRUE", NULL);
    expect(s, 1, 5, BP_WB_BOOL, false, "FALSE", NULL);
    expect(s, 1, 0, BP_WB_NUMBER, false, "45322", "mm-dd-yy"); /* a date: a number, as in .xlsx */
    expect(s, 1, 1, BP_WB_NUMBER, false, "123", NULL);
    expect(s, 1, 2, BP_WB_NUMBER, false, "1.5", NULL);
    expect(s, 1, 3, BP_WB_NUMBER, false, "2.5", "0.0");
    assert_int_equal(s->ncells, 10);
    assert_int_equal(s->nmerges, 1);
    const bp_wb_merge *m = workbook_merge_at(s, 3, 1);
    assert_non_null(m);
    assert_int_equal(m->row0, 2), assert_int_equal(m->col0, 0);
    assert_int_equal(m->row1, 3), assert_int_equal(m->col1, 1);
    bp_arena_free(&a);
}

/* Each damage named: the workbook, the sheet where there is one, the
 * record and its offset, or the part of the compound file. */
static void damaged_streams_are_errors(void **state)
{
    (void)state;
    static const char *const says[] = {
        [BAD_MERGES] = "预算.xls: sheet 表一: the .xls workbook is corrupt: the MERGEDCELLS record "
                       "at offset ",
        [FAT_CYCLE] = "预算.xls: the .xls workbook is corrupt: its compound file does not hold "
                      "together (the stream's chain of sectors",
    };
    bp_error e = {0, ""};
    for (int k = BAD_MERGES; k <= FAT_CYCLE; k++) {
        bp_arena a;
        bp_arena_init(&a);
        bp_workbook *wb = NULL;
        int rc = workbook_load(BP_CTX(&a, &e), write_xls((enum damage)k), &wb);
        assert_int_equal(rc, BP_EINPUT);
        if (!strstr(e.msg, says[k])) fail_msg("%s", e.msg);
        bp_arena_free(&a);
    }
}

/* What crashed libfreexl 1.0.6 (a second DIMENSIONS record, a directory
 * name longer than MS-CFB allows) and was refused for it: the reader
 * does not trust DIMENSIONS nor read other entries' names, so the files
 * read as the intact one. */
static void what_crashed_freexl_reads(void **state)
{
    (void)state;
    for (int k = TWO_DIMENSIONS; k <= LONG_NAME; k++) {
        bp_arena a;
        bp_arena_init(&a);
        bp_error e = {0, ""};
        bp_workbook *wb = NULL;
        if (workbook_load(BP_CTX(&a, &e), write_xls((enum damage)k), &wb)) fail_msg("%s", e.msg);
        assert_int_equal(wb->nsheets, 2);
        assert_int_equal(wb->sheets[0].ncells, 10);
        expect(&wb->sheets[0], 0, 2, BP_WB_TEXT, true, "合计", NULL);
        bp_arena_free(&a);
    }
}

/* A password-protected .xlsx is an OLE2 file without a Workbook stream. */
static void an_encrypted_xlsx_is_named(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_workbook *wb = NULL;
    bp_error e = {0, ""};
    assert_int_equal(workbook_load(BP_CTX(&a, &e), write_xls(ENCRYPTED), &wb), BP_EINPUT);
    if (!strstr(e.msg, "预算.xls: cannot read the .xls workbook: the OLE2 file holds no Excel "
                       "workbook (a password-protected .xlsx"))
        fail_msg("%s", e.msg);
    bp_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(every_kind_of_cell, setup, teardown),
        cmocka_unit_test_setup_teardown(damaged_streams_are_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(what_crashed_freexl_reads, setup, teardown),
        cmocka_unit_test_setup_teardown(an_encrypted_xlsx_is_named, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
