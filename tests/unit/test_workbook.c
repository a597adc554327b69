/* test_workbook.c — the workbook readers on workbooks made the ways users
 * make them: written by a program (libxlsxwriter, built into the build
 * tree by gen_workbook.c), and the same workbook saved by LibreOffice as
 * .xlsx and .xls (tests/fixtures/workbooks/regen.sh); the three readings
 * agree. Also: a used range 100,000 rows past the data costs no memory,
 * the lookups, the text of numbers, and files that are not workbooks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "workbook_priv.h"

#define TMPDIR_FIXTURE_NAME "workbook"
#include "tmpdir_fixture.h"

static const char *fixture(const char *name)
{
    static char path[512];
    if (strncmp(name, "budget-lo.", 10) == 0)
        snprintf(path, sizeof path, "%s/tests/fixtures/workbooks/%s", BP_TEST_SOURCE_DIR, name);
    else
        snprintf(path, sizeof path, "%s/%s", BP_TEST_WORKBOOKS, name);
    return path;
}

static bp_workbook *load(bp_arena *a, const char *name)
{
    bp_error e = {0, ""};
    bp_workbook *wb = NULL;
    int rc = workbook_load(BP_CTX(a, &e), fixture(name), &wb);
    if (rc) fprintf(stderr, "%s\n", e.msg);
    assert_int_equal(rc, BP_OK);
    return wb;
}

static const bp_wb_sheet *sheet(const bp_workbook *wb, const char *name)
{
    for (int i = 0; i < wb->nsheets; i++)
        if (strcmp(wb->sheets[i].name, name) == 0) return &wb->sheets[i];
    fail_msg("no sheet %s", name);
    return NULL;
}

/* The table sheet as the program wrote it. */
static const struct {
    const char *ref;
    int type;
    const char *text, *numfmt;
    bool formula;
} expected[] = {
    {"A1", BP_WB_TEXT, "2024年部门支出总体情况表", NULL, false},
    {"A2", BP_WB_TEXT, "部门名称：智慧城市局", NULL, false},
    {"F2", BP_WB_TEXT, "单位：万元", NULL, false},
    {"A3", BP_WB_TEXT, "支出功能分类科目", NULL, false},
    {"C3", BP_WB_TEXT, "合计", NULL, false},
    {"D3", BP_WB_TEXT, "基本支出", NULL, false},
    {"F3", BP_WB_TEXT, "项目支出", NULL, false},
    {"A4", BP_WB_TEXT, "科目编码", NULL, false},
    {"B4", BP_WB_TEXT, "科目名称", NULL, false},
    {"D4", BP_WB_TEXT, "人员经费", NULL, false},
    {"E4", BP_WB_TEXT, "公用经费", NULL, false},
    {"A5", BP_WB_NUMBER, "2010301", NULL, false},
    {"B5", BP_WB_TEXT, "行政运行", NULL, false},
    {"C5", BP_WB_NUMBER, "6828.401", "#,##0.00", true},
    {"D5", BP_WB_NUMBER, "6828.4", "#,##0.00", false},
    {"E5", BP_WB_TEXT, "1,619.4", "@", false},
    {"F5", BP_WB_NUMBER, "0.001", "0.0", false},
    {"A6", BP_WB_TEXT, "2010302", "@", false},
    {"B6", BP_WB_TEXT, "一般行政管理事务", NULL, false},
    {"C6", BP_WB_NUMBER, "1100", "#,##0.00", true},
    {"D6", BP_WB_NUMBER, "1000", "#,##0.00", false}, /* built-in format 4 */
    {"E6", BP_WB_NUMBER, "100", "#,##0.00", false},
    {"F6", BP_WB_TEXT, "6828.4 ", NULL, false},
    {"A8", BP_WB_TEXT, "合计", NULL, false},
    {"C8", BP_WB_NUMBER, "7928.401", "#,##0.00", false},
    {"D8", BP_WB_NUMBER, "-0.5", "#,##0.00", false},
    {"E8", BP_WB_NUMBER, "123456789012.25", "#,##0.00", false},
    {"A9", BP_WB_TEXT, "注：本表金额单位为万元。", NULL, false},
};
#define NEXPECTED ((int)(sizeof expected / sizeof expected[0]))

static void check_table_sheet(const bp_wb_sheet *s)
{
    int n = 0;
    for (int i = 0; i < NEXPECTED; i++) {
        int row, col;
        const char *r = expected[i].ref;
        col = r[0] - 'A';
        row = atoi(r + 1) - 1;
        const bp_wb_cell *c = workbook_cell(s, row, col);
        n++;
        if (!c) fail_msg("%s: no cell", r);
        assert_string_equal(c->text, expected[i].text);
        assert_int_equal(c->type, expected[i].type);
        assert_int_equal(c->formula, expected[i].formula);
        assert_false(c->no_cache);
        if (expected[i].numfmt)
            assert_string_equal(c->numfmt, expected[i].numfmt);
        else
            assert_null(c->numfmt);
    }
    assert_int_equal(s->ncells, n); /* nothing else: the styled blank C7 is not a cell */
    assert_int_equal(s->nrows, 9);
    assert_int_equal(s->ncols, 6);
}

static void check_merges(const bp_wb_sheet *s)
{
    assert_int_equal(s->nmerges, 5);
    const bp_wb_merge *m = workbook_merge_at(s, 0, 3);
    assert_non_null(m);
    assert_int_equal(m->row0, 0), assert_int_equal(m->col0, 0);
    assert_int_equal(m->row1, 0), assert_int_equal(m->col1, 5);
    m = workbook_merge_at(s, 3, 2); /* 合计 spans C3:C4 */
    assert_non_null(m);
    assert_int_equal(m->row0, 2), assert_int_equal(m->row1, 3);
    assert_int_equal(m->col0, 2), assert_int_equal(m->col1, 2);
    assert_null(workbook_merge_at(s, 3, 3));
    assert_null(workbook_merge_at(s, 4, 0));
}

static void check_book(const bp_workbook *wb, const char *format)
{
    assert_string_equal(wb->format, format);
    assert_int_equal(wb->nsheets, 3);
    assert_string_equal(wb->sheets[0].name, "封面");
    assert_string_equal(wb->sheets[1].name, "部门支出总表");
    assert_string_equal(wb->sheets[2].name, "说明");
    assert_false(wb->sheets[0].hidden);
    assert_false(wb->sheets[1].hidden);
    assert_true(wb->sheets[2].hidden);
    const bp_wb_cell *c = workbook_cell(&wb->sheets[0], 2, 1);
    assert_non_null(c);
    assert_string_equal(c->text, "  "); /* only spaces: kept as written */
    c = workbook_cell(&wb->sheets[2], 1, 1);
    assert_non_null(c);
    assert_string_equal(c->text, "42");
    check_table_sheet(sheet(wb, "部门支出总表"));
    check_merges(sheet(wb, "部门支出总表"));
}

static void written_by_a_program(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    check_book(load(&a, "budget.xlsx"), "xlsx");
    bp_arena_free(&a);
}

static void saved_by_libreoffice_as_xlsx(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    check_book(load(&a, "budget-lo.xlsx"), "xlsx");
    bp_arena_free(&a);
}

static void saved_by_libreoffice_as_xls(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    check_book(load(&a, "budget-lo.xls"), "xls");
    bp_arena_free(&a);
}

/* The three readings give the same cells, formats, formula marks,
 * merges and hidden states. */
static void three_readings_agree(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    const bp_workbook *w[3] = {load(&a, "budget.xlsx"), load(&a, "budget-lo.xlsx"),
                               load(&a, "budget-lo.xls")};
    for (int k = 1; k < 3; k++)
        for (int i = 0; i < w[0]->nsheets; i++) {
            const bp_wb_sheet *s0 = &w[0]->sheets[i], *s = &w[k]->sheets[i];
            assert_string_equal(s0->name, s->name);
            int n = 0;
            for (int j = 0; j < s0->ncells; j++) {
                const bp_wb_cell *c0 = &s0->cells[j];
                const bp_wb_cell *c = workbook_cell(s, c0->row, c0->col);
                n++;
                assert_non_null(c);
                assert_string_equal(c->text, c0->text);
                assert_int_equal(c->type, c0->type);
                assert_int_equal(c->formula, c0->formula);
                assert_true(c->numfmt == c0->numfmt ||
                            (c->numfmt && c0->numfmt && !strcmp(c->numfmt, c0->numfmt)));
            }
            assert_int_equal(s->ncells, n);
            assert_int_equal(s->hidden, s0->hidden);
            assert_int_equal(s->nmerges, s0->nmerges);
            for (int j = 0; j < s0->nmerges; j++)
                assert_memory_equal(workbook_merge_at(s, s0->merges[j].row0, s0->merges[j].col0),
                                    &s0->merges[j], sizeof(bp_wb_merge));
        }
    bp_arena_free(&a);
}

/* 100,000 styled empty rows and a styled blank far past the data: the
 * same cells, and no more memory than the short workbook. */
static void a_long_used_range_costs_nothing(void **state)
{
    (void)state;
    bp_arena a, b;
    bp_arena_init(&a);
    bp_arena_init(&b);
    const bp_workbook *wa = load(&a, "budget.xlsx"), *wb = load(&b, "budget-long.xlsx");
    const bp_wb_sheet *sa = sheet(wa, "部门支出总表"), *sb = sheet(wb, "部门支出总表");
    assert_int_equal(sb->nrows, 9);
    assert_int_equal(sb->ncells, sa->ncells);
    assert_true(b.total <= a.total + (64 << 10));
    bp_arena_free(&a);
    bp_arena_free(&b);
}

static void lookups(void **state)
{
    (void)state;
    char buf[16];
    assert_string_equal(workbook_a1(buf, 0, 0), "A1");
    assert_string_equal(workbook_a1(buf, 6, 1), "B7");
    assert_string_equal(workbook_a1(buf, 9, 25), "Z10");
    assert_string_equal(workbook_a1(buf, 0, 26), "AA1");
    assert_string_equal(workbook_a1(buf, 1048575, 16383), "XFD1048576");
    bp_wb_cell cells[4] = {
        {.row = 0, .col = 2}, {.row = 1, .col = 0}, {.row = 1, .col = 5}, {.row = 7, .col = 1}};
    bp_wb_sheet s = {.cells = cells, .ncells = 4};
    assert_ptr_equal(workbook_cell(&s, 1, 5), &cells[2]);
    assert_ptr_equal(workbook_cell(&s, 0, 2), &cells[0]);
    assert_ptr_equal(workbook_cell(&s, 7, 1), &cells[3]);
    assert_null(workbook_cell(&s, 1, 1));
    assert_null(workbook_cell(&s, 8, 0));
    assert_null(workbook_cell(&s, 0, 0));
}

static void numbers_read_as_excel_shows_them(void **state)
{
    (void)state;
    static const struct {
        double x;
        const char *text;
    } t[] = {
        {6828.3999999999996, "6828.4"},
        {2010301, "2010301"},
        {1e-3, "0.001"},
        {0.1 + 0.2, "0.3"},
        {-1619.4, "-1619.4"},
        {-0.0, "0"},
        {100, "100"},
        {123456789012345, "123456789012345"},
        {1e15, "1E+15"},
        {1.5e16, "1.5E+16"},
        {1.25e-7, "0.000000125"},
        {0.30000000000000004, "0.3"},
        {1234567.891, "1234567.891"},
        {9999999999999.99, "9999999999999.99"},
        {99999999999999.99, "100000000000000"}, /* 16 digits: rounded to 15 */
    };
    char out[400];
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        assert_true(wb_number_text(t[i].x, out));
        assert_string_equal(out, t[i].text);
    }
    assert_true(wb_number_text(5e-324, out)); /* the smallest double: no exponent, fits */
    assert_int_equal(strncmp(out, "0.000", 5), 0);
    assert_false(wb_number_text(1.0 / 0.0, out));
}

/* The fast path from a plain decimal's text gives what converting it to
 * a double and back gives, and declines what it cannot do alone. */
static void decimal_text_agrees_with_number_text(void **state)
{
    (void)state;
    static const struct {
        const char *v, *text; /* text NULL: declined */
    } t[] = {
        {"0", "0"},
        {"-0", "0"},
        {"000", "0"},
        {"-0.000", "0"},
        {".5", "0.5"},
        {"5.", "5"},
        {"-.5", "-0.5"},
        {"+5", "5"},
        {"0137.50", "137.5"},
        {"2010301", "2010301"},
        {"123456789012345", "123456789012345"},
        {"0.000000000000001234", "0.000000000000001234"},
        {"1234567890123456", NULL},
        {"6828.3999999999996", NULL},
        {"1e5", NULL},
        {"-", NULL},
        {".", NULL},
        {"1.2.3", NULL},
    };
    char out[400], slow[400];
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        bool ok = wb_decimal_text(t[i].v, out);
        if (ok != (t[i].text != NULL)) fail_msg("%s: %s", t[i].v, ok ? "taken" : "declined");
        if (ok) assert_string_equal(out, t[i].text);
    }
    /* random plain decimals of 1 to 15 digits: the same as the slow way */
    uint64_t r = 88172645463325252u;
    for (int i = 0; i < 200000; i++) {
        r ^= r << 13, r ^= r >> 7, r ^= r << 17;
        int nd = 1 + (int)(r % 15), point = (int)((r >> 8) % (uint64_t)(nd + 3));
        char v[40], *o = v;
        if (r >> 63) *o++ = '-';
        uint64_t d = r >> 12;
        for (int k = 0; k < nd; k++, d /= 10) {
            if (k == point) *o++ = '.';
            *o++ = (char)('0' + d % 10);
        }
        *o = 0;
        assert_true(wb_decimal_text(v, out));
        assert_true(wb_number_text(strtod(v, NULL), slow));
        if (strcmp(out, slow) != 0) fail_msg("%s: fast %s, slow %s", v, out, slow);
    }
}

static int load_guarded(bp_arena *a, void *ctx)
{
    bp_workbook *wb;
    bp_error e = {0, ""};
    int rc = workbook_load(BP_CTX(a, &e), ctx, &wb);
    /* out of memory inside an XML callback returns, named (other places
     * jump to the guard) */
    if (rc == BP_ERESOURCE) assert_non_null(strstr(e.msg, ".xlsx: out of memory"));
    if (rc && rc != BP_ERESOURCE) fail_msg("%s", e.msg);
    return rc;
}

static int open_fds(void)
{
    int n = 0;
    DIR *d = opendir("/proc/self/fd");
    assert_non_null(d);
    while (readdir(d))
        n++;
    closedir(d);
    return n;
}

/* Out of memory at any allocation of a reading is BP_ERESOURCE, and the
 * archive, the open part, the XML parser and the file
 * are released (the sanitizer build checks for leaks: a jump out through
 * expat's frames leaked the parser). */
static void running_out_anywhere_is_eresource(void **state)
{
    (void)state;
    const char *books[2] = {"budget.xlsx", "budget-lo.xls"};
    int fds = open_fds();
    for (int b = 0; b < 2; b++) {
        char p[512];
        snprintf(p, sizeof p, "%s", fixture(books[b]));
        bp_error e;
        bp_arena a;
        bp_arena_init(&a);
        assert_int_equal(bp_arena_guard(&a, load_guarded, p, p, &e), BP_OK);
        long total = a.allocs;
        bp_arena_free(&a);
        assert_true(total > 5);
        for (long k = 1; k <= total; k++) {
            bp_arena_init(&a);
            a.fail_after = k;
            assert_int_equal(bp_arena_guard(&a, load_guarded, p, p, &e), BP_ERESOURCE);
            assert_non_null(strstr(e.msg, ": out of memory"));
            bp_arena_free(&a);
        }
    }
    assert_int_equal(open_fds(), fds);
}

static const char *write_file(const char *name, const void *data, size_t n)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", g_dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
    return path;
}

static int load_err(const char *path, bp_error *e)
{
    bp_arena a;
    bp_arena_init(&a);
    bp_workbook *wb = NULL;
    int rc = workbook_load(BP_CTX(&a, e), path, &wb);
    bp_arena_free(&a);
    return rc;
}

static void not_workbooks_are_named_errors(void **state)
{
    (void)state;
    bp_error e = {0, ""};
    /* a WPS .et file: an OLE2 compound file, refused by its name */
    static const unsigned char ole2[16] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    assert_int_equal(load_err(write_file("预算.et", ole2, sizeof ole2), &e), BP_EINPUT);
    assert_non_null(strstr(e.msg, "预算.et: a WPS"));
    assert_non_null(strstr(e.msg, "save it as .xlsx"));
    /* the same bytes named .xls: a compound file too short to be one */
    assert_int_equal(load_err(write_file("bad.xls", ole2, sizeof ole2), &e), BP_EINPUT);
    assert_non_null(strstr(e.msg, "bad.xls: the .xls workbook is corrupt"));
    /* a CSV given as a workbook */
    assert_int_equal(load_err(write_file("t.xlsx", "a,b\n1,2\n", 8), &e), BP_EINPUT);
    assert_non_null(strstr(e.msg, "t.xlsx: not an .xlsx or .xls workbook"));
    /* a truncated zip */
    FILE *f = fopen(fixture("budget.xlsx"), "rb");
    assert_non_null(f);
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    assert_int_equal(load_err(write_file("cut.xlsx", buf, n / 2), &e), BP_EINPUT);
    assert_non_null(strstr(e.msg, "cut.xlsx: not a readable .xlsx"));
    /* a folder, a missing file */
    assert_int_equal(load_err(g_dir, &e), BP_EINPUT);
    assert_non_null(strstr(e.msg, "not a regular file"));
    char missing[300];
    snprintf(missing, sizeof missing, "%s/none.xlsx", g_dir);
    assert_int_equal(load_err(missing, &e), BP_EINPUT);
    assert_non_null(strstr(e.msg, "none.xlsx: cannot open"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(written_by_a_program),
        cmocka_unit_test(saved_by_libreoffice_as_xlsx),
        cmocka_unit_test(saved_by_libreoffice_as_xls),
        cmocka_unit_test(three_readings_agree),
        cmocka_unit_test(a_long_used_range_costs_nothing),
        cmocka_unit_test(lookups),
        cmocka_unit_test(numbers_read_as_excel_shows_them),
        cmocka_unit_test(decimal_text_agrees_with_number_text),
        cmocka_unit_test(running_out_anywhere_is_eresource),
        cmocka_unit_test_setup_teardown(not_workbooks_are_named_errors, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
