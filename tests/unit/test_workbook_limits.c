/* test_workbook_limits.c — the .xlsx reader on hostile archives built here
 * (xlsx_fixture.h): a small file with a big count of sheets,
 * relationships, zip entries, cell formats, number formats, shared
 * strings' text or merged areas is refused at the first one past the limit
 * (docs/limits.md), with a message naming the workbook and the part, and
 * with the memory it held bounded; rows and columns past Excel's last are
 * refused with one message whether the file numbers them (r=) or not;
 * overlapping merged areas are refused naming both (workbook_merges.c,
 * checked against a brute force on random areas). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "workbook_priv.h"
#include "xlsx_fixture.h"

#define SHEET_REL                                                                                  \
    "<Relationship Id=\"rId1\" Type=\"" RELTYPE "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
#define RELS_HEAD                                                                                  \
    "<?xml version=\"1.0\"?><Relationships "                                                       \
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"

/* A growing text, in heap memory. */
typedef struct text {
    char *s;
    size_t n, cap;
} text;

static void put(text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    while (t->n + (size_t)k + 1 > t->cap) {
        t->cap = t->cap ? 2 * t->cap : 4096;
        t->s = realloc(t->s, t->cap);
        assert_non_null(t->s);
    }
    va_start(ap, fmt);
    vsnprintf(t->s + t->n, (size_t)k + 1, fmt, ap);
    va_end(ap);
    t->n += (size_t)k;
}

/* The parts of a workbook of one visible sheet (表一) holding 1 in A1. */
static int std_parts(part *p)
{
    p[0] = (part){"_rels/.rels", root_rels, 0, false};
    p[1] = (part){"xl/workbook.xml",
                  "<workbook " NS " " RNS "><sheets><sheet name=\"表一\" sheetId=\"1\" "
                  "r:id=\"rId1\"/></sheets></workbook>",
                  0, false};
    p[2] = (part){"xl/_rels/workbook.xml.rels", RELS_HEAD SHEET_REL "</Relationships>", 0, false};
    p[3] = (part){"xl/worksheets/sheet1.xml",
                  "<worksheet " NS "><sheetData><row><c><v>1</v></c></row></sheetData></worksheet>",
                  0, false};
    return 4;
}

static int parse(bp_arena *a, const part *parts, int n, bp_error *e)
{
    size_t len;
    char *zip = make_zip(parts, n, &len);
    bp_workbook *wb = NULL;
    int rc = workbook_parse_xlsx(a, "预算.xlsx", zip, len, &wb, e);
    free(zip);
    return rc;
}

/* Reads the standard workbook (std_parts) with the parts of over in their
 * place (same name) or added. The arena is the caller's (a->total: what
 * the reading held). */
static int read_with(bp_arena *a, const part *over, int nover, bp_error *e)
{
    part parts[64];
    int n = std_parts(parts);
    for (int i = 0; i < nover; i++) {
        int k = 0;
        while (k < n && strcmp(parts[k].name, over[i].name))
            k++;
        assert_true(k < 64);
        parts[k] = over[i];
        if (k == n) n++;
    }
    return parse(a, parts, n, e);
}

static int read_sheet(bp_arena *a, const char *sheet, bp_error *e)
{
    part p = {"xl/worksheets/sheet1.xml", sheet, 0, false};
    return read_with(a, &p, 1, e);
}

static void expect(int rc, const bp_error *e, const char *what)
{
    if (rc != BP_EINPUT) fail_msg("rc %d, expected 3 with \"%s\" (%s)", rc, what, e->msg);
    if (!strstr(e->msg, what)) fail_msg("message \"%s\" lacks \"%s\"", e->msg, what);
}

/* The message without its part location ("(xl/...:1:94)"), which differs
 * between two files that differ. */
static void without_location(const char *msg, char *out, size_t n)
{
    const char *open = strstr(msg, " (xl/"), *close = open ? strstr(open, "): ") : NULL;
    assert_non_null(close);
    snprintf(out, n, "%.*s%s", (int)(open - msg), msg, close + 1);
}

static void rows_are_numbered_one_way(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0, ""};
    /* the last row may be used, by number or by counting */
    assert_int_equal(read_sheet(&a,
                                "<worksheet " NS "><sheetData><row r=\"1048575\"><c><v>1</v></c>"
                                "</row><row><c><v>2</v></c></row></sheetData></worksheet>",
                                &e),
                     BP_OK);
    char implicit[1024], explicit[1024], cell[1024];
    expect(read_sheet(&a,
                      "<worksheet " NS "><sheetData><row r=\"1048576\"><c><v>1</v></c></row>"
                      "<row><c><v>2</v></c></row></sheetData></worksheet>",
                      &e),
           &e, "预算.xlsx: sheet 表一, row 1048577 (xl/worksheets/sheet1.xml:1:");
    without_location(e.msg, implicit, sizeof implicit);
    expect(read_sheet(&a,
                      "<worksheet " NS "><sheetData><row r=\"1048576\"><c><v>1</v></c></row>"
                      "<row r=\"1048577\"><c><v>2</v></c></row></sheetData></worksheet>",
                      &e),
           &e, "预算.xlsx: sheet 表一, row 1048577 (xl/worksheets/sheet1.xml:1:");
    without_location(e.msg, explicit, sizeof explicit);
    expect(read_sheet(&a,
                      "<worksheet " NS "><sheetData><row><c r=\"B1048577\"><v>2</v></c></row>"
                      "</sheetData></worksheet>",
                      &e),
           &e, "预算.xlsx: sheet 表一, row 1048577 (xl/worksheets/sheet1.xml:1:");
    without_location(e.msg, cell, sizeof cell);
    assert_string_equal(implicit, explicit);
    assert_string_equal(cell, explicit);
    assert_string_equal(explicit, "预算.xlsx: sheet 表一, row 1048577: past the last row a sheet "
                                  "may have, 1048576 (docs/limits.md)");
    bp_arena_free(&a);
}

static void columns_are_numbered_one_way(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0, ""};
    assert_int_equal(read_sheet(&a,
                                "<worksheet " NS "><sheetData><row><c r=\"XFC1\"><v>1</v></c>"
                                "<c><v>2</v></c></row></sheetData></worksheet>",
                                &e),
                     BP_OK);
    char implicit[1024], explicit[1024];
    expect(read_sheet(&a,
                      "<worksheet " NS "><sheetData><row r=\"3\"><c r=\"XFD3\"><v>1</v></c>"
                      "<c><v>2</v></c></row></sheetData></worksheet>",
                      &e),
           &e, "预算.xlsx: sheet 表一, cell XFE3 (xl/worksheets/sheet1.xml:1:");
    without_location(e.msg, implicit, sizeof implicit);
    expect(read_sheet(&a,
                      "<worksheet " NS "><sheetData><row r=\"3\"><c r=\"XFD3\"><v>1</v></c>"
                      "<c r=\"XFE3\"><v>2</v></c></row></sheetData></worksheet>",
                      &e),
           &e, "预算.xlsx: sheet 表一, cell XFE3 (xl/worksheets/sheet1.xml:1:");
    without_location(e.msg, explicit, sizeof explicit);
    assert_string_equal(implicit, explicit);
    assert_string_equal(explicit, "预算.xlsx: sheet 表一, cell XFE3: past the last column a sheet "
                                  "may have, XFD (16384; docs/limits.md)");
    bp_arena_free(&a);
}

static void overlapping_merged_areas_are_named(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0, ""};
    /* side by side, one under the other, in any order: accepted */
    assert_int_equal(read_sheet(&a,
                                "<worksheet " NS "><sheetData/><mergeCells>"
                                "<mergeCell ref=\"B5:C6\"/><mergeCell ref=\"B3:C4\"/>"
                                "<mergeCell ref=\"D3:E4\"/><mergeCell ref=\"A1:XFD2\"/>"
                                "</mergeCells></worksheet>",
                                &e),
                     BP_OK);
    expect(read_sheet(&a,
                      "<worksheet " NS "><sheetData/><mergeCells><mergeCell ref=\"A9:A10\"/>"
                      "<mergeCell ref=\"C4:D5\"/><mergeCell ref=\"B3:C4\"/></mergeCells>"
                      "</worksheet>",
                      &e),
           &e,
           "预算.xlsx: sheet 表一: the merged areas B3:C4 and C4:D5 overlap (a cell may be in one "
           "merged area only: unmerge one of them)");
    expect(read_sheet(&a,
                      "<worksheet " NS "><sheetData/><mergeCells><mergeCell ref=\"B2:D9\"/>"
                      "<mergeCell ref=\"C4:C4\"/><mergeCell ref=\"C3:C5\"/></mergeCells>"
                      "</worksheet>",
                      &e),
           &e, "the merged areas B2:D9 and C3:C5 overlap");
    bp_arena_free(&a);
}

/* wb_merges_check against a brute force, on random areas of a small grid
 * (most sets overlap somewhere, some do not). */
static void merge_check_agrees_with_brute_force(void **state)
{
    (void)state;
    unsigned seed = 12345;
    int refused = 0;
    for (int round = 0; round < 3000; round++) {
        bp_wb_merge m[12];
        int n = 2 + round % 10;
        for (int i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            int r0 = (int)(seed >> 8) % 40, c0 = (int)(seed >> 16) % 40;
            seed = seed * 1103515245u + 12345u;
            int h = (int)(seed >> 8) % 3, w = (int)(seed >> 16) % 4;
            m[i] = (bp_wb_merge){r0, c0, r0 + h, c0 + w};
        }
        bool brute = false;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                brute |= m[i].row0 <= m[j].row1 && m[j].row0 <= m[i].row1 &&
                         m[i].col0 <= m[j].col1 && m[j].col0 <= m[i].col1;
        bp_arena a;
        bp_arena_init(&a);
        bp_error e = {0, ""};
        int rc = wb_merges_check(&a, m, n, "b.xlsx: sheet S", &e);
        bp_arena_free(&a);
        if ((rc != 0) != brute) fail_msg("round %d: check %d, brute force %d", round, rc, brute);
        refused += brute;
    }
    assert_true(refused > 300 && refused < 2700); /* both kinds were tried */
}

/* The case: 40,000 <sheet> entries in a small file; the reading
 * stops at the 1,001st, having held little. 1,000 sheets are read. */
static void sheets_are_limited(void **state)
{
    (void)state;
    for (int n = 1000; n <= 40000; n += 39000) {
        text t = {0};
        put(&t, "<workbook " NS " " RNS "><sheets>");
        for (int i = 1; i <= n; i++)
            put(&t, "<sheet name=\"S%d\" sheetId=\"%d\" r:id=\"rId1\"/>", i, i);
        put(&t, "</sheets></workbook>");
        part p = {"xl/workbook.xml", t.s, t.n, false};
        bp_arena a;
        bp_arena_init(&a);
        bp_error e = {0, ""};
        int rc = read_with(&a, &p, 1, &e);
        if (n == 1000)
            assert_int_equal(rc, BP_OK);
        else
            expect(rc, &e, "预算.xlsx: xl/workbook.xml:1:"); /* the position of the 1,001st */
        if (n > 1000) assert_non_null(strstr(e.msg, ": more than 1000 sheets; the limit is 1000"));
        if (a.total > (8u << 20)) fail_msg("%d sheets: %zu bytes held", n, a.total);
        bp_arena_free(&a);
        free(t.s);
    }
}

static void relationships_are_limited(void **state)
{
    (void)state;
    text t = {0};
    put(&t, RELS_HEAD SHEET_REL);
    for (int i = 2; i <= 10001; i++)
        put(&t, "<Relationship Id=\"rId%d\" Type=\"" RELTYPE "x\" Target=\"x%d.xml\"/>", i, i);
    put(&t, "</Relationships>");
    part p = {"xl/_rels/workbook.xml.rels", t.s, t.n, false};
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0, ""};
    expect(read_with(&a, &p, 1, &e), &e, "预算.xlsx: xl/_rels/workbook.xml.rels:1:");
    assert_non_null(strstr(e.msg, ": more than 10000 relationships; the limit is 10000"));
    bp_arena_free(&a);
    free(t.s);
}

/* Entries beside the workbook's four: 10,000 in all are read, 10,001
 * refused before any part is (libzip lists them as the archive opens). */
static void zip_entries_are_limited(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0, ""};
    part *p = calloc(10001, sizeof *p);
    char(*names)[16] = calloc(10001, sizeof *names);
    int n = std_parts(p);
    for (; n < 10000; n++) {
        snprintf(names[n], sizeof names[n], "x/%d", n);
        p[n] = (part){names[n], "", 1, true};
    }
    assert_int_equal(parse(&a, p, n, &e), BP_OK);
    p[n++] = (part){"x/last", "", 1, true};
    expect(parse(&a, p, n, &e), &e,
           "预算.xlsx: the archive holds 10001 entries (parts); the limit is 10000 "
           "(docs/limits.md)");
    free(names);
    free(p);
    bp_arena_free(&a);
}

static int styles(bp_arena *a, int xfs, int fmts, bp_error *e)
{
    text t = {0};
    put(&t, "<styleSheet " NS "><numFmts>");
    for (int i = 0; i < fmts; i++)
        put(&t, "<numFmt numFmtId=\"%d\" formatCode=\"0.0\"/>", 164 + i);
    put(&t, "</numFmts><cellXfs>");
    for (int i = 0; i < xfs; i++)
        put(&t, "<xf numFmtId=\"164\"/>");
    put(&t, "</cellXfs></styleSheet>");
    part p[2] = {{"xl/styles.xml", t.s, t.n, true},
                 {"xl/_rels/workbook.xml.rels",
                  RELS_HEAD SHEET_REL "<Relationship Id=\"rId2\" Type=\"" RELTYPE
                                      "styles\" Target=\"styles.xml\"/></Relationships>",
                  0, false}};
    int rc = read_with(a, p, 2, e);
    free(t.s);
    return rc;
}

static void styles_are_limited(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0, ""};
    assert_int_equal(styles(&a, 65536, 4096, &e), BP_OK);
    expect(styles(&a, 65537, 1, &e), &e, "预算.xlsx: xl/styles.xml:1:");
    assert_non_null(
        strstr(e.msg, ": more than 65536 cell formats (<xf> of <cellXfs>); the limit is 65536"));
    expect(styles(&a, 1, 4097, &e), &e, "预算.xlsx: xl/styles.xml:1:");
    assert_non_null(strstr(e.msg, ": more than 4096 number formats (<numFmt>); the limit is 4096"));
    bp_arena_free(&a);
}

/* 530 shared strings of 129,000 bytes: over the 64 MiB of text the shared
 * strings may hold together, though each is under a cell's limit. */
static void shared_strings_text_is_limited(void **state)
{
    (void)state;
    size_t one = 129000;
    char *s = malloc(one + 1);
    for (size_t i = 0; i < one; i++)
        s[i] = (char)('a' + i * 7919 % 26);
    s[one] = 0;
    text t = {0};
    put(&t, "<sst " NS ">");
    for (int i = 0; i < 530; i++)
        put(&t, "<si><t>%s</t></si>", s);
    put(&t, "</sst>");
    free(s);
    part p[2] = {{"xl/sharedStrings.xml", t.s, t.n, true},
                 {"xl/_rels/workbook.xml.rels",
                  RELS_HEAD SHEET_REL "<Relationship Id=\"rId2\" Type=\"" RELTYPE
                                      "sharedStrings\" Target=\"sharedStrings.xml\"/>"
                                      "</Relationships>",
                  0, false}};
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0, ""};
    expect(read_with(&a, p, 2, &e), &e,
           "预算.xlsx: shared string 520 (xl/sharedStrings.xml:1:"); /* 521 * 129000 > 64 MiB */
    assert_non_null(strstr(e.msg, "): the shared strings hold more than 67108864 bytes of text; "
                                  "the limit is 67108864 (docs/limits.md)"));
    bp_arena_free(&a);
    free(t.s);
}

/* 11 sheets of one part of 100,000 merged areas: the workbook's limit
 * (1,000,000) stops the 11th. */
static void merged_areas_of_a_workbook_are_limited(void **state)
{
    (void)state;
    text sheet = {0}, book = {0};
    put(&sheet, "<worksheet " NS "><sheetData/><mergeCells>");
    for (int i = 0; i < 100000; i++)
        put(&sheet, "<mergeCell ref=\"A%d:B%d\"/>", i + 1, i + 1);
    put(&sheet, "</mergeCells></worksheet>");
    put(&book, "<workbook " NS " " RNS "><sheets>");
    for (int i = 1; i <= 11; i++)
        put(&book, "<sheet name=\"S%d\" sheetId=\"%d\" r:id=\"rId1\"/>", i, i);
    put(&book, "</sheets></workbook>");
    part p[2] = {{"xl/worksheets/sheet1.xml", sheet.s, sheet.n, false},
                 {"xl/workbook.xml", book.s, book.n, false}};
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0, ""};
    expect(read_with(&a, p, 2, &e), &e,
           "预算.xlsx: sheet S11, merged area \"A1:B1\" (xl/worksheets/sheet1.xml:1:");
    assert_non_null(strstr(e.msg, "): more than 1000000 merged areas in the workbook; the limit "
                                  "is 1000000 (docs/limits.md)"));
    bp_arena_free(&a);
    free(sheet.s);
    free(book.s);
}

static void sheet_names_are_limited(void **state)
{
    (void)state;
    char name[300];
    memset(name, 'x', 256);
    name[256] = 0;
    text t = {0};
    put(&t,
        "<workbook " NS " " RNS "><sheets><sheet name=\"%s\" sheetId=\"1\" r:id=\"rId1\"/>"
        "</sheets></workbook>",
        name);
    part p = {"xl/workbook.xml", t.s, t.n, false};
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0, ""};
    expect(read_with(&a, &p, 1, &e), &e, "预算.xlsx: xl/workbook.xml:1:");
    if (!strstr(e.msg, ": the name of sheet 1 (\"xxxxxxxxxxxxxxxxxxxx…\") is over 255 bytes; the "
                       "limit is 255"))
        fail_msg("%s", e.msg);
    free(t.s);
    name[255] = 0; /* 255 bytes: read */
    t = (text){0};
    put(&t,
        "<workbook " NS " " RNS "><sheets><sheet name=\"%s\" sheetId=\"1\" r:id=\"rId1\"/>"
        "</sheets></workbook>",
        name);
    p.data = t.s, p.len = t.n;
    assert_int_equal(read_with(&a, &p, 1, &e), BP_OK);
    free(t.s);
    bp_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rows_are_numbered_one_way),
        cmocka_unit_test(columns_are_numbered_one_way),
        cmocka_unit_test(overlapping_merged_areas_are_named),
        cmocka_unit_test(merge_check_agrees_with_brute_force),
        cmocka_unit_test(sheets_are_limited),
        cmocka_unit_test(relationships_are_limited),
        cmocka_unit_test(zip_entries_are_limited),
        cmocka_unit_test(styles_are_limited),
        cmocka_unit_test(shared_strings_text_is_limited),
        cmocka_unit_test(merged_areas_of_a_workbook_are_limited),
        cmocka_unit_test(sheet_names_are_limited),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
