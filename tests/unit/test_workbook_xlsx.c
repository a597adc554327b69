/* test_workbook_xlsx.c — the .xlsx reader on archives built here with
 * libzip, part by part: the XML other writers produce (inline strings
 * without r=, prefixed names, rich text and phonetic runs, booleans and
 * errors, built-in formats, relative and absolute targets, a formula
 * without a cached value), and hostile or broken archives (a truncated
 * zip, a corrupt part, zip bombs declared and hidden, entity expansion,
 * an external entity, more cells than the limit): each an error naming
 * the workbook and the part or the cell. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "workbook.h"

#include "xlsx_fixture.h"

static const char book_xml[] = "<?xml version=\"1.0\"?><workbook " NS " " RNS "><sheets>"
                               "<sheet name=\"表一\" sheetId=\"1\" r:id=\"rId1\"/>"
                               "</sheets></workbook>";
static const char book_rels[] =
    "<?xml version=\"1.0\"?><Relationships "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"" RELTYPE "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"" RELTYPE "sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"" RELTYPE "styles\" Target=\"/xl/styles.xml\"/>"
    "</Relationships>";
static const char styles_xml[] =
    "<styleSheet " NS "><numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"0.0\"/>"
    "</numFmts><cellStyleXfs count=\"1\"><xf numFmtId=\"3\"/></cellStyleXfs>"
    "<cellXfs count=\"3\"><xf numFmtId=\"0\"/><xf numFmtId=\"4\"/><xf numFmtId=\"164\"/>"
    "</cellXfs></styleSheet>";
static const char sst_xml[] = "<sst " NS " count=\"2\" uniqueCount=\"2\">"
                              "<si><t xml:space=\"preserve\"> 合计 </t></si>"
                              "<si><r><rPr><b/></rPr><t>部门</t></r><r><t>名称</t></r>"
                              "<rPh sb=\"0\" eb=\"2\"><t>ぶもん</t></rPh></si>"
                              "</sst>";

/* Reads a workbook of the standard parts with sheet1.xml = sheet (and
 * sharedStrings.xml = sst, when not NULL). */
static int read_book(bp_arena *a, const char *sheet, const char *sst, bp_workbook **wb, bp_error *e)
{
    part parts[6] = {{"_rels/.rels", root_rels, 0, false},
                     {"xl/workbook.xml", book_xml, 0, false},
                     {"xl/_rels/workbook.xml.rels", book_rels, 0, false},
                     {"xl/styles.xml", styles_xml, 0, false},
                     {"xl/worksheets/sheet1.xml", sheet, 0, false},
                     {"xl/sharedStrings.xml", sst ? sst : sst_xml, 0, false}};
    size_t len;
    char *zip = make_zip(parts, 6, &len);
    int rc = workbook_parse_xlsx(a, "预算.xlsx", zip, len, wb, e);
    free(zip);
    return rc;
}

static const bp_wb_sheet *read_ok(bp_arena *a, const char *sheet)
{
    bp_error e = {0, ""};
    bp_workbook *wb = NULL;
    int rc = read_book(a, sheet, NULL, &wb, &e);
    if (rc) fail_msg("%s", e.msg);
    assert_int_equal(wb->nsheets, 1);
    assert_string_equal(wb->sheets[0].name, "表一");
    return &wb->sheets[0];
}

static void expect_cell(const bp_wb_sheet *s, int row, int col, int type, const char *text)
{
    const bp_wb_cell *c = workbook_cell(s, row, col);
    if (!c) fail_msg("no cell at %d,%d", row, col);
    assert_int_equal(c->type, type);
    assert_string_equal(c->text, text);
}

static void inline_strings_without_references(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    const bp_wb_sheet *s =
        read_ok(&a, "<worksheet " NS "><sheetData>"
                    "<row><c t=\"inlineStr\"><is><t>科目编码</t></is></c><c/>"
                    "<c t=\"inlineStr\"><is><r><t>金</t></r><r><t>额</t></r></is></c></row>"
                    "<row><c><v>2010301</v></c><c t=\"inlineStr\"><is><t>行政运行</t></is></c>"
                    "<c s=\"1\"><v>6828.3999999999996</v></c></row>"
                    "<row r=\"5\"><c t=\"s\"><v>0</v></c><c t=\"s\"><v>1</v></c></row>"
                    "</sheetData></worksheet>");
    expect_cell(s, 0, 0, BP_WB_TEXT, "科目编码");
    assert_null(workbook_cell(s, 0, 1)); /* <c/>: no value, but it takes a place */
    expect_cell(s, 0, 2, BP_WB_TEXT, "金额");
    expect_cell(s, 1, 0, BP_WB_NUMBER, "2010301");
    expect_cell(s, 1, 1, BP_WB_TEXT, "行政运行");
    expect_cell(s, 1, 2, BP_WB_NUMBER, "6828.4");
    assert_string_equal(workbook_cell(s, 1, 2)->numfmt, "#,##0.00"); /* built-in id 4 */
    /* shared strings: whitespace kept, rich runs joined, phonetic runs dropped */
    expect_cell(s, 4, 0, BP_WB_TEXT, " 合计 ");
    expect_cell(s, 4, 1, BP_WB_TEXT, "部门名称");
    assert_int_equal(s->ncells, 7);
    assert_int_equal(s->nrows, 5);
    bp_arena_free(&a);
}

static void prefixed_names_and_value_types(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    const bp_wb_sheet *s = read_ok(
        &a, "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
            "<x:sheetData><x:row x:r=\"2\" x:spans=\"1:9\">"
            "<x:c r=\"B2\" s=\"2\"><x:v>1e-3</x:v></x:c>"
            "<x:c r=\"C2\" t=\"b\"><x:v>1</x:v></x:c>"
            "<x:c r=\"D2\" t=\"e\"><x:v>#DIV/0!</x:v></x:c>"
            "<x:c r=\"E2\" t=\"str\"><x:f>A1&amp;\"x\"</x:f><x:v>a_x000D_b</x:v></x:c>"
            "<x:c r=\"F2\"><x:f>SUM(B2:B9)</x:f></x:c>"
            "<x:c r=\"G2\" s=\"1\"/><x:c r=\"H2\" t=\"inlineStr\"><x:is><x:t></x:t></x:is></x:c>"
            "<x:c r=\"I2\" s=\"1\"><x:v></x:v></x:c><x:c r=\"J2\" t=\"n\"><x:v> 12\n</x:v></x:c>"
            "</x:row></x:sheetData>"
            "<x:mergeCells count=\"2\"><x:mergeCell ref=\"A1:F1\"/><x:mergeCell ref=\"B3\"/>"
            "</x:mergeCells></x:worksheet>");
    expect_cell(s, 1, 1, BP_WB_NUMBER, "0.001");
    assert_string_equal(workbook_cell(s, 1, 1)->numfmt, "0.0");
    expect_cell(s, 1, 2, BP_WB_BOOL, "TRUE");
    expect_cell(s, 1, 3, BP_WB_ERROR, "#DIV/0!");
    expect_cell(s, 1, 4, BP_WB_TEXT, "a\rb");
    assert_true(workbook_cell(s, 1, 4)->formula);
    assert_false(workbook_cell(s, 1, 4)->no_cache);
    /* a formula without a cached value: a cell, marked */
    const bp_wb_cell *f = workbook_cell(s, 1, 5);
    assert_non_null(f);
    assert_true(f->formula);
    assert_true(f->no_cache);
    assert_string_equal(f->text, "");
    assert_null(workbook_cell(s, 1, 6));      /* style only */
    assert_null(workbook_cell(s, 1, 7));      /* empty inline string */
    assert_null(workbook_cell(s, 1, 8));      /* empty <v/>: no value */
    expect_cell(s, 1, 9, BP_WB_NUMBER, "12"); /* spaces around a number */
    assert_int_equal(s->ncells, 6);
    assert_int_equal(s->nmerges, 1);
    assert_non_null(workbook_merge_at(s, 0, 5));
    bp_arena_free(&a);
}

static int read_err(const char *sheet, const char *sst, bp_error *e)
{
    bp_arena a;
    bp_arena_init(&a);
    bp_workbook *wb = NULL;
    int rc = read_book(&a, sheet, sst, &wb, e);
    bp_arena_free(&a);
    return rc;
}

static void expect_error(int rc, const bp_error *e, const char *what)
{
    assert_int_equal(rc, BP_EINPUT);
    if (!strstr(e->msg, what)) fail_msg("message \"%s\" lacks \"%s\"", e->msg, what);
}

static void bad_cells_are_named(void **state)
{
    (void)state;
    bp_error e = {0, ""};
    expect_error(read_err("<worksheet " NS "><sheetData><row r=\"7\"><c r=\"B7\" t=\"s\">"
                          "<v>9</v></c></row></sheetData></worksheet>",
                          NULL, &e),
                 &e, "预算.xlsx: sheet 表一, cell B7: shared string 9 does not exist");
    expect_error(read_err("<worksheet " NS "><sheetData><row><c r=\"C3\"><v>0x10</v></c>"
                          "</row></sheetData></worksheet>",
                          NULL, &e),
                 &e, "预算.xlsx: sheet 表一, cell C3: a number cell whose value is not a number");
    expect_error(read_err("<worksheet " NS "><sheetData><row><c r=\"XFE1\"><v>1</v></c>"
                          "</row></sheetData></worksheet>",
                          NULL, &e),
                 &e, "预算.xlsx: sheet 表一, cell XFE1 (xl/worksheets/sheet1.xml:1:");
    expect_error(read_err("<worksheet " NS "><sheetData><row><c r=\"A1\"><v>1</v></c>"
                          "<c r=\"A1\"><v>2</v></c></row></sheetData></worksheet>",
                          NULL, &e),
                 &e, "预算.xlsx: sheet 表一, cell A1: the cell is stored twice");
    expect_error(read_err("<worksheet " NS "><sheetData><row>", NULL, &e), &e,
                 "预算.xlsx: sheet 表一, row 1 (xl/worksheets/sheet1.xml:1:");
    assert_non_null(strstr(e.msg, "not well-formed XML"));
}

static void entity_declarations_are_refused(void **state)
{
    (void)state;
    bp_error e = {0, ""};
    /* billion laughs */
    static const char laughs[] =
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
        "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
        "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">"
        "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
        "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">"
        "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">"
        "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">"
        "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">"
        "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">"
        "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]>"
        "<worksheet " NS "><sheetData><row><c t=\"inlineStr\"><is><t>&lol9;</t></is></c>"
        "</row></sheetData></worksheet>";
    expect_error(read_err(laughs, NULL, &e), &e,
                 "预算.xlsx: sheet 表一 (xl/worksheets/sheet1.xml:1:");
    assert_non_null(strstr(e.msg, ": a DOCTYPE declaration"));
    /* an external entity, in the shared strings */
    static const char external[] =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE sst [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
        "<sst " NS "><si><t>&xxe;</t></si></sst>";
    expect_error(read_err("<worksheet " NS "/>", external, &e), &e,
                 "预算.xlsx: xl/sharedStrings.xml:2:");
    assert_non_null(strstr(e.msg, ": a DOCTYPE declaration"));
    /* an entity without a declaration: not well-formed */
    expect_error(read_err("<worksheet " NS "><sheetData><row><c t=\"inlineStr\"><is><t>&xxe;"
                          "</t></is></c></row></sheetData></worksheet>",
                          NULL, &e),
                 &e, "预算.xlsx: sheet 表一, cell A1 (xl/worksheets/sheet1.xml:1:");
    assert_non_null(strstr(e.msg, "undefined entity"));
}

/* The byte offset of the first "PK<a><b>" header naming name. */
static size_t find_header(const char *zip, size_t len, char a, char b, const char *name)
{
    size_t nl = strlen(name), hdr = a == 1 ? 46 : 30;
    for (size_t i = 0; i + hdr + nl <= len; i++)
        if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == a && zip[i + 3] == b &&
            memcmp(zip + i + hdr, name, nl) == 0)
            return i;
    fail_msg("no header for %s", name);
    return 0;
}

static void put32(char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (char)(v >> (8 * i));
}

/* A workbook whose sheet is 8 MiB of blanks inside the XML (it deflates
 * about a thousand times); with lie, the archive declares it 1,000 bytes. */
static int bomb(bool lie, bp_error *e)
{
    size_t n = 8u << 20;
    char *sheet = malloc(n + 1);
    const char *head = "<worksheet " NS ">", *tail = "</worksheet>";
    memset(sheet, ' ', n);
    memcpy(sheet, head, strlen(head));
    memcpy(sheet + n - strlen(tail), tail, strlen(tail));
    sheet[n] = 0;
    part parts[5] = {{"_rels/.rels", root_rels, 0, false},
                     {"xl/workbook.xml", book_xml, 0, false},
                     {"xl/_rels/workbook.xml.rels", book_rels, 0, false},
                     {"xl/styles.xml", styles_xml, 0, false},
                     {"xl/worksheets/sheet1.xml", sheet, n, false}};
    size_t len;
    char *zip = make_zip(parts, 5, &len);
    free(sheet);
    if (lie) {
        const char *name = "xl/worksheets/sheet1.xml";
        put32(zip + find_header(zip, len, 3, 4, name) + 22, 1000);
        put32(zip + find_header(zip, len, 1, 2, name) + 24, 1000);
    }
    bp_arena a;
    bp_arena_init(&a);
    bp_workbook *wb = NULL;
    int rc = workbook_parse_xlsx(&a, "预算.xlsx", zip, len, &wb, e);
    bp_arena_free(&a);
    free(zip);
    return rc;
}

static void zip_bombs_are_refused(void **state)
{
    (void)state;
    bp_error e = {0, ""};
    expect_error(bomb(false, &e), &e, "预算.xlsx: xl/worksheets/sheet1.xml: the part inflates");
    assert_non_null(strstr(e.msg, "zip bomb"));
    assert_non_null(strstr(e.msg, "8388608 uncompressed")); /* declared */
    expect_error(bomb(true, &e), &e,
                 "预算.xlsx: xl/worksheets/sheet1.xml: the part inflates more than 200 times");
}

static void broken_archives_are_named(void **state)
{
    (void)state;
    bp_error e = {0, ""};
    char sheet[4096];
    snprintf(sheet, sizeof sheet, "<worksheet " NS "><sheetData>");
    for (int r = 1; r <= 40; r++)
        snprintf(sheet + strlen(sheet), sizeof sheet - strlen(sheet),
                 "<row r=\"%d\"><c r=\"A%d\"><v>%d</v></c></row>", r, r, r * 7919);
    strcat(sheet, "</sheetData></worksheet>");
    part parts[5] = {{"_rels/.rels", root_rels, 0, false},
                     {"xl/workbook.xml", book_xml, 0, false},
                     {"xl/_rels/workbook.xml.rels", book_rels, 0, false},
                     {"xl/styles.xml", styles_xml, 0, false},
                     {"xl/worksheets/sheet1.xml", sheet, 0, false}};
    size_t len;
    char *zip = make_zip(parts, 5, &len);
    bp_arena a;
    bp_arena_init(&a);
    bp_workbook *wb = NULL;
    /* truncated: the central directory is gone */
    expect_error(workbook_parse_xlsx(&a, "预算.xlsx", zip, len - 30, &wb, &e), &e,
                 "预算.xlsx: not a readable .xlsx (a zip archive)");
    /* the sheet's compressed bytes damaged */
    size_t at = find_header(zip, len, 3, 4, "xl/worksheets/sheet1.xml") + 30 + 24 + 20;
    for (int i = 0; i < 40; i++)
        zip[at + (size_t)i] ^= 0x5A;
    expect_error(workbook_parse_xlsx(&a, "预算.xlsx", zip, len, &wb, &e), &e,
                 "预算.xlsx: xl/worksheets/sheet1.xml: ");
    /* not a workbook: a zip without the parts */
    part other[1] = {{"readme.txt", "hello", 0, false}};
    free(zip);
    zip = make_zip(other, 1, &len);
    expect_error(workbook_parse_xlsx(&a, "预算.xlsx", zip, len, &wb, &e), &e,
                 "预算.xlsx: the part xl/_rels/… is missing");
    free(zip);
    bp_arena_free(&a);
}

/* A sheet of 2,000,001 cells holding a value (stored, not compressed: it
 * would pass for a zip bomb): refused at the cell past the limit; one of
 * 100,001 merged areas, and 2,000,001 shared strings, likewise. */
static void too_many_cells_are_refused(void **state)
{
    (void)state;
    const char *head = "<worksheet " NS "><sheetData>", *cell = "<c><v>1</v></c>";
    size_t cap = strlen(head) + 2001 * (11 + 1000 * strlen(cell)) + 64, n = 0;
    char *sheet = malloc(cap);
    n += (size_t)sprintf(sheet + n, "%s", head);
    for (int r = 0; r < 2001; r++) {
        n += (size_t)sprintf(sheet + n, "<row>");
        for (int c = 0; c < 1000 && (r < 2000 || c < 1); c++)
            n += (size_t)sprintf(sheet + n, "%s", cell);
        n += (size_t)sprintf(sheet + n, "</row>");
    }
    n += (size_t)sprintf(sheet + n, "</sheetData></worksheet>");
    part parts[5] = {{"_rels/.rels", root_rels, 0, false},
                     {"xl/workbook.xml", book_xml, 0, false},
                     {"xl/_rels/workbook.xml.rels", book_rels, 0, false},
                     {"xl/styles.xml", styles_xml, 0, false},
                     {"xl/worksheets/sheet1.xml", sheet, n, true}};
    size_t len;
    char *zip = make_zip(parts, 5, &len);
    free(sheet);
    bp_arena a;
    bp_arena_init(&a);
    bp_workbook *wb = NULL;
    bp_error e = {0, ""};
    expect_error(workbook_parse_xlsx(&a, "预算.xlsx", zip, len, &wb, &e), &e,
                 "预算.xlsx: sheet 表一, cell A2001: more than 2000000 cells with a value in the "
                 "workbook");
    free(zip);
    /* 100,001 merged areas */
    sheet = malloc(100002 * 40 + 200);
    n = (size_t)sprintf(sheet, "<worksheet " NS "><mergeCells>");
    for (int r = 1; r <= 100001; r++)
        n += (size_t)sprintf(sheet + n, "<mergeCell ref=\"A%d:B%d\"/>", r, r);
    n += (size_t)sprintf(sheet + n, "</mergeCells></worksheet>");
    parts[4].data = sheet, parts[4].len = n;
    zip = make_zip(parts, 5, &len);
    free(sheet);
    expect_error(workbook_parse_xlsx(&a, "预算.xlsx", zip, len, &wb, &e), &e,
                 "预算.xlsx: sheet 表一, merged area \"A100001:B100001\" "
                 "(xl/worksheets/sheet1.xml:1:");
    assert_non_null(strstr(e.msg, "more than 100000 merged areas"));
    free(zip);
    /* 2,000,001 shared strings */
    sheet = malloc(2000001 * 5 + 200);
    n = (size_t)sprintf(sheet, "<sst " NS ">");
    for (int i = 0; i <= 2000000; i++)
        memcpy(sheet + n, "<si/>", 5), n += 5;
    n += (size_t)sprintf(sheet + n, "</sst>");
    part with_sst[6];
    memcpy(with_sst, parts, sizeof parts);
    with_sst[4] = (part){"xl/worksheets/sheet1.xml", "<worksheet " NS "/>", 0, false};
    with_sst[5] = (part){"xl/sharedStrings.xml", sheet, n, true};
    zip = make_zip(with_sst, 6, &len);
    free(sheet);
    expect_error(workbook_parse_xlsx(&a, "预算.xlsx", zip, len, &wb, &e), &e,
                 "预算.xlsx: shared string 2000000 (xl/sharedStrings.xml:1:");
    assert_non_null(strstr(e.msg, "more than 2000000 shared strings"));
    bp_arena_free(&a);
    free(zip);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(inline_strings_without_references),
        cmocka_unit_test(prefixed_names_and_value_types),
        cmocka_unit_test(bad_cells_are_named),
        cmocka_unit_test(entity_declarations_are_refused),
        cmocka_unit_test(zip_bombs_are_refused),
        cmocka_unit_test(broken_archives_are_named),
        cmocka_unit_test(too_many_cells_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
