/* test_spec.c — layout parsing: header tree spans from paths, strict keys
 * with file:line:column errors, defaults and number formats. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "spec.h"

static int parse(bp_arena *a, const char *yaml, bp_table_spec *t, bp_error *e)
{
    return spec_parse_table(a, "t.yaml", yaml, strlen(yaml), t, e);
}

static const bp_header_cell *find_cell(const bp_table_spec *t, const char *text)
{
    for (int i = 0; i < t->nheader; i++)
        if (!strcmp(t->header[i].text, text)) return &t->header[i];
    return NULL;
}

static void assert_span(const bp_table_spec *t, const char *text, int row, int col, int rowspan,
                        int colspan)
{
    const bp_header_cell *h = find_cell(t, text);
    assert_non_null(h);
    assert_int_equal(h->row, row);
    assert_int_equal(h->col, col);
    assert_int_equal(h->rowspan, rowspan);
    assert_int_equal(h->colspan, colspan);
}

static const char *gpb =
    "title: \"{year}年一般公共预算支出情况表\"\n"
    "data: x.csv\n"
    "columns:\n"
    "  - {key: code, header: [科目编码], width: 22}\n"
    "  - {key: name, header: [科目名称], width: 2*}\n"
    "  - {key: total, header: [合计], type: amount}\n"
    "  - {key: b_sum, header: [基本支出, 小计], type: amount}\n"
    "  - {key: b_wage, header: [基本支出, 人员经费, 工资福利支出], type: amount}\n"
    "  - {key: b_care, header: [基本支出, 人员经费, 对个人和家庭的补助], type: amount}\n"
    "  - {key: b_goods, header: [基本支出, 公用经费, 商品和服务支出], type: amount}\n"
    "  - {key: p_sum, header: [项目支出, 小计], type: amount}\n"
    "  - {key: p_run, header: [项目支出, 其他运转类], type: amount}\n";

static void header_tree_from_paths(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_table_spec t;
    bp_error e = {0};
    assert_int_equal(parse(&a, gpb, &t, &e), 0);
    assert_int_equal(t.ncolumns, 9);
    assert_int_equal(t.header_rows, 3);
    assert_span(&t, "科目编码", 0, 0, 3, 1);
    assert_span(&t, "合计", 0, 2, 3, 1);
    assert_span(&t, "基本支出", 0, 3, 1, 4);
    assert_span(&t, "人员经费", 1, 4, 1, 2);
    assert_span(&t, "公用经费", 1, 6, 1, 1);
    assert_span(&t, "工资福利支出", 2, 4, 1, 1);
    assert_span(&t, "商品和服务支出", 2, 6, 1, 1);
    assert_span(&t, "项目支出", 0, 7, 1, 2);
    assert_span(&t, "其他运转类", 1, 8, 2, 1);
    /* two 小计 cells: one under each parent, both spanning two rows */
    int n = 0;
    for (int i = 0; i < t.nheader; i++)
        if (!strcmp(t.header[i].text, "小计")) {
            n++;
            assert_int_equal(t.header[i].rowspan, 2);
            assert_int_equal(t.header[i].row, 1);
        }
    assert_int_equal(n, 2);
    /* every column is covered exactly once in every header row */
    for (int r = 0; r < 3; r++)
        for (int c = 0; c < t.ncolumns; c++) {
            int cover = 0;
            for (int i = 0; i < t.nheader; i++) {
                const bp_header_cell *h = &t.header[i];
                if (r >= h->row && r < h->row + h->rowspan && c >= h->col &&
                    c < h->col + h->colspan)
                    cover++;
            }
            assert_int_equal(cover, 1);
        }
    /* widths: fixed mm and weights */
    assert_true(t.columns[0].width_mm == 22);
    assert_true(t.columns[1].weight == 2);
    assert_true(t.columns[2].weight == 1);
    assert_int_equal(t.columns[2].align, BP_ALIGN_RIGHT);
    assert_int_equal(t.columns[0].align, BP_ALIGN_LEFT);
    bp_arena_free(&a);
}

static void same_prefix_not_adjacent_does_not_merge(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_table_spec t;
    bp_error e = {0};
    const char *y = "title: t\ndata: x.csv\ncolumns:\n"
                    "  - {key: a, header: [收入, 项目]}\n"
                    "  - {key: b, header: [收入, 金额]}\n"
                    "  - {key: c, header: [支出, 项目]}\n"
                    "  - {key: d, header: [支出, 金额]}\n";
    assert_int_equal(parse(&a, y, &t, &e), 0);
    assert_int_equal(t.header_rows, 2);
    assert_span(&t, "收入", 0, 0, 1, 2);
    assert_span(&t, "支出", 0, 2, 1, 2);
    assert_int_equal(t.nheader, 6);
    bp_arena_free(&a);
}

static void expect_error(const char *yaml, const char *needle)
{
    bp_arena a;
    bp_arena_init(&a);
    bp_table_spec t;
    bp_error e = {0};
    int rc = parse(&a, yaml, &t, &e);
    if (rc != BP_EINPUT || !strstr(e.msg, needle))
        fail_msg("expected error containing '%s', got rc=%d '%s'", needle, rc, e.msg);
    bp_arena_free(&a);
}

static void errors_name_file_line_column(void **state)
{
    (void)state;
    expect_error("title: t\ndata: x.csv\ncolumns:\n  - {key: a, header: [x], widht: 3}\n",
                 "t.yaml:4:27: unknown key 'widht' in column (did you mean 'width'?)");
    expect_error("title: t\ndata: x.csv\ncolumns: []\n",
                 "t.yaml:3:10: columns must be a non-empty");
    expect_error("data: x.csv\ncolumns:\n  - {key: a, header: [x]}\n",
                 "missing required key 'title'");
    expect_error("title: t\ndata: x.csv\ncolumns:\n  - {key: a, header: [x], width: wide}\n",
                 "t.yaml:4:34: column width must be a number");
    expect_error("title: t\ndata: x.csv\ncolumns:\n  - {key: a, header: [x], align: middle}\n",
                 "column align must be left, center or right");
    expect_error("title: t\ndata: x.csv\ncolumns:\n  - {key: a, header: [1, 2, 3, 4, 5, 6, 7]}\n",
                 "has 7 levels; at most 6");
    expect_error("title: \"{yaer}\"\ndata: x.csv\ncolumns:\n  - {key: a, header: [x]}\n",
                 "unknown placeholder '{yaer}'");
    expect_error(
        "title: t\ndata: x.csv\ncolumns:\n  - {key: a, header: [x]}\n  - {key: a, header: [y]}\n",
        "column key 'a' is used twice");
    expect_error("title: t\ndata: x.csv\npage: {size: A4, margins: [150, 15, 150, 15]}\ncolumns:\n"
                 "  - {key: a, header: [x]}\n",
                 "leave no room");
    expect_error("title: t\ndata: x.csv\ncolumns:\n  - {key: a, header: [x]}\nrows:\n"
                 "  - {when: {column: b, equals: [合计]}, bold: true}\n",
                 "no column with key 'b'");
    expect_error("title: t\ndata: [x\n", "malformed YAML");
    expect_error(
        "title: t\ndata: x.csv\ncolumns:\n  - {key: a, header: [x], format: {decimals: 1}}\n",
        "format applies to amount columns only");
}

static void page_and_formats(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_table_spec t;
    bp_error e = {0};
    const char *y = "title: t\ndata: x.csv\npage: {size: A4, orientation: landscape, margins: [10, "
                    "11, 12, 13]}\n"
                    "format: {decimals: 2, thousands: false, zero: \"0.00\"}\n"
                    "columns:\n  - {key: a, header: [x], type: amount}\n"
                    "  - {key: b, header: [y], type: amount, format: {zero: \"\"}}\n";
    assert_int_equal(parse(&a, y, &t, &e), 0);
    assert_true(t.page_w == 297 && t.page_h == 210);
    assert_true(t.margin[0] == 10 && t.margin[3] == 13);
    assert_int_equal(t.columns[0].fmt.decimals, 2);
    assert_false(t.columns[0].fmt.thousands);
    assert_string_equal(t.columns[0].fmt.zero, "0.00");
    assert_string_equal(t.columns[1].fmt.zero, "");
    assert_int_equal(t.columns[1].fmt.decimals, 2);
    assert_string_equal(t.continued->src, "{title}（续表）");
    bp_arena_free(&a);
}

/* keep_with_next in a row rule: a sub-header row; unset is -1, a non-bool
 * an error naming the place. */
static void row_rule_keep_with_next(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_table_spec t;
    bp_error e = {0};
    const char *y = "title: t\ndata: x.csv\ncolumns:\n  - {key: a, header: [x]}\nrows:\n"
                    "  - {when: {column: a, equals: [任务名称]}, keep_with_next: true}\n"
                    "  - {when: {column: a, equals: [合计]}, bold: true}\n";
    assert_int_equal(parse(&a, y, &t, &e), 0);
    assert_int_equal(t.nrules, 2);
    assert_int_equal(t.rules[0].keep_with_next, 1);
    assert_int_equal(t.rules[1].keep_with_next, -1);
    bp_arena_free(&a);
    expect_error("title: t\ndata: x.csv\ncolumns:\n  - {key: a, header: [x]}\nrows:\n"
                 "  - {when: {column: a, empty: true}, keep_with_next: often}\n",
                 "t.yaml:6:54: keep_with_next must be");
}

/* Number formats: decimals as_entered with max_decimals, zero: number,
 * and a row rule's format (only the keys it names). */
static void as_entered_and_row_formats(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_table_spec t;
    bp_error e = {0};
    const char *y = "title: t\ndata: x.csv\n"
                    "format: {decimals: as_entered, max_decimals: 2, zero: \"-\"}\n"
                    "columns:\n  - {key: n, header: [n]}\n"
                    "  - {key: a, header: [x], type: amount}\n"
                    "  - {key: b, header: [y], type: amount, format: {decimals: 1, zero: number}}\n"
                    "  - {key: c, header: [z], type: amount, format: {decimals: as_entered}}\n"
                    "rows:\n  - when: {column: n, equals: [合计]}\n"
                    "    format: {zero: \"0.00\", thousands: false}\n"
                    "  - when: {column: n, equals: [x]}\n    bold: true\n";
    if (parse(&a, y, &t, &e)) fail_msg("%s", e.msg);
    assert_true(t.columns[1].fmt.as_entered);
    assert_int_equal(t.columns[1].fmt.decimals, 2);
    assert_string_equal(t.columns[1].fmt.zero, "-");
    assert_false(t.columns[2].fmt.as_entered);
    assert_int_equal(t.columns[2].fmt.decimals, 1);
    assert_true(t.columns[2].fmt.zero_number);
    assert_true(t.columns[3].fmt.as_entered);
    assert_int_equal(t.columns[3].fmt.decimals, 6); /* no max_decimals: up to 6 */
    assert_int_equal(t.rules[0].fmt_keys, BP_FMT_ZERO | BP_FMT_THOUSANDS);
    assert_string_equal(t.rules[0].fmt.zero, "0.00");
    assert_false(t.rules[0].fmt.thousands);
    assert_int_equal(t.rules[1].fmt_keys, 0);
    bp_arena_free(&a);
    expect_error("title: t\ndata: x.csv\ncolumns:\n  - {key: a, header: [x], type: amount, "
                 "format: {decimals: 2, max_decimals: 3}}\n",
                 "t.yaml:4:77: format max_decimals applies to decimals: as_entered only");
    expect_error("title: t\ndata: x.csv\ncolumns:\n  - {key: a, header: [x], type: amount, "
                 "format: {decimals: many}}\n",
                 "t.yaml:4:60: format decimals must be a number, not 'many'");
    expect_error("title: t\ndata: x.csv\ncolumns:\n  - {key: a, header: [x]}\nrows:\n"
                 "  - {when: {column: a, equals: [合计]}, format: {decimals: 2}}\n",
                 "t.yaml:6:47: row rule format: the table has no amount columns");
}

static void empty_keys(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_table_spec t;
    bp_error e = {0};
    static const char *cols = "title: t\ndata: x.csv\ncolumns:\n  - {key: a, header: [x], type: "
                              "amount}\n  - {key: n, header: [n]}\n";
    char y[512];
    assert_int_equal(parse(&a, cols, &t, &e), 0);
    assert_int_equal(t.empty_body, BP_EMPTY_ROWS);
    snprintf(y, sizeof y, "%sempty: {total_row: 合计}\n", cols);
    assert_int_equal(parse(&a, y, &t, &e), 0);
    assert_int_equal(t.empty_body, BP_EMPTY_TOTAL);
    assert_string_equal(t.empty_total, "合计");
    assert_int_equal(t.empty_total_column, 1); /* the first text column */
    snprintf(y, sizeof y, "%sempty: {body: none}\n", cols);
    assert_int_equal(parse(&a, y, &t, &e), 0);
    assert_int_equal(t.empty_body, BP_EMPTY_NONE);
    bp_arena_free(&a);
    snprintf(y, sizeof y, "%sempty: {body: none, total_row: 合计}\n", cols);
    expect_error(y, "t.yaml:6:32: empty: total_row and column apply to body: total only");
    snprintf(y, sizeof y, "%sempty: {body: blank}\n", cols);
    expect_error(y, "t.yaml:6:15: empty body must be rows, none or total, not 'blank'");
    snprintf(y, sizeof y, "%sempty: {column: b}\n", cols);
    expect_error(y, "empty column: no column with key 'b'");
}

/* set.yaml cover: and contents: styles; absent keys keep today's look. */
static void front_page_keys(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_layout_set *s;
    bp_error e = {0};
    int rc = spec_load_set(BP_CTX(&a, &e), BP_TEST_SOURCE_DIR "/layouts/standard-2024", &s);
    if (rc) fail_msg("%s", e.msg);
    assert_false(s->cover.landscape);
    assert_true(s->cover.label_size == 16 && s->cover.title_size == 24);
    assert_int_equal(s->cover.nlines, 0);
    assert_false(s->contents.landscape);
    assert_true(s->contents.title_size == 18 && s->contents.entry_size == 12);
    assert_true(s->contents.line_height == 26);
    assert_true(s->contents.page_numbers && s->contents.leaders);
    rc = spec_load_set(BP_CTX(&a, &e),
                       BP_TEST_SOURCE_DIR "/tests/fixtures/formats/front-landscape/layouts", &s);
    if (rc) fail_msg("%s", e.msg);
    assert_true(s->cover.landscape);
    assert_true(s->cover.label_size == 14 && s->cover.title_size == 26);
    assert_int_equal(s->cover.nlines, 2);
    assert_string_equal(s->cover.lines[1]->src, "{year}年1月");
    assert_true(s->contents.landscape);
    assert_true(s->contents.entry_size == 13 && s->contents.title_size == 20);
    assert_true(fabs(s->contents.line_height - 11 * 72.0 / 25.4) < 1e-9);
    assert_true(s->contents.page_numbers);
    assert_false(s->contents.leaders);
    bp_arena_free(&a);
}

static void standard_set_loads(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_layout_set *s;
    bp_error e = {0};
    int rc = spec_load_set(BP_CTX(&a, &e), BP_TEST_SOURCE_DIR "/layouts/standard-2024", &s);
    if (rc) fail_msg("%s", e.msg);
    assert_int_equal(s->ntables, 12);
    assert_non_null(s->families[BP_ROLE_BODY][0]);
    for (int i = 0; i < s->ntables; i++)
        assert_true(s->tables[i].ncolumns > 0);
    bp_arena_free(&a);
}

/* A table layout is one YAML document: a second (after ---) would be
 * silently ignored; NUL in a scalar would cut it; page keywords are
 * compared without a copy (yq_word) and still checked. */
static void one_document_no_nul(void **state)
{
    (void)state;
    expect_error("title: t\ndata: x.csv\ncolumns:\n  - {key: a, header: [x]}\n---\ntitle: u\n",
                 "t.yaml:5:1: a second YAML document (after ---)");
    expect_error("title: \"t\\0u\"\ndata: x.csv\ncolumns:\n  - {key: a, header: [x]}\n",
                 "t.yaml:1:8: title holds a NUL character (\\0) at character 2");
    expect_error("title: t\ndata: x.csv\npage: {size: \"A4\\0\"}\ncolumns:\n"
                 "  - {key: a, header: [x]}\n",
                 "page size holds a NUL character");
    expect_error("title: t\ndata: x.csv\npage: {orientation: sideways}\ncolumns:\n"
                 "  - {key: a, header: [x]}\n",
                 "t.yaml:3:21: page orientation must be portrait, landscape or auto, not "
                 "'sideways'");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(header_tree_from_paths),
        cmocka_unit_test(same_prefix_not_adjacent_does_not_merge),
        cmocka_unit_test(errors_name_file_line_column),
        cmocka_unit_test(page_and_formats),
        cmocka_unit_test(row_rule_keep_with_next),
        cmocka_unit_test(standard_set_loads),
        cmocka_unit_test(as_entered_and_row_formats),
        cmocka_unit_test(empty_keys),
        cmocka_unit_test(front_page_keys),
        cmocka_unit_test(one_document_no_nul),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
