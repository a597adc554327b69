/* test_form.c — forms (`kind: form`): parsing the grid and its blocks,
 * with file:line:column errors; grouping the bound rows into records. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>
#include <string.h>

#include "data_form.h"

#define COLUMNS                                                                                    \
    "columns:\n"                                                                                   \
    "  - {key: code, header: [项目编码]}\n"                                                    \
    "  - {key: name, header: [项目名称]}\n"                                                    \
    "  - {key: total, header: [年度资金总额], type: amount}\n"                               \
    "  - {key: gov, header: [当年财政拨款], type: amount}\n"                                 \
    "  - {key: ind, header: [三级指标]}\n"                                                     \
    "  - {key: val, header: [指标值]}\n"

static const char *const good =
    "kind: form\n"
    "title: 项目支出绩效目标表\n"
    "data: p.csv\n" COLUMNS "form:\n"
    "  record: code\n"
    "  bookmark: name\n"
    "  grid: [25, \"1*\", 30]\n"
    "  head:\n"
    "    - [{label: 项目名称}, {value: name, span: 2}]\n"
    "  fields:\n"
    "    - [{label: 项目资金, rows: 2}, {label: 总额}, {value: total}]\n"
    "    - [{label: 其中：财政拨款}, {value: gov}]\n"
    "  items:\n"
    "    header:\n"
    "      - [{label: 指标, span: 2}, {label: 指标值}]\n"
    "    row: [{value: ind, span: 2, merge: true}, {value: val}]\n";

static int parse(bp_arena *a, const char *yaml, bp_table_spec *t, bp_error *e)
{
    return spec_parse_table(a, "t.yaml", yaml, strlen(yaml), t, e);
}

static void form_places_cells_on_the_grid(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_table_spec t;
    bp_error e = {0};
    if (parse(&a, good, &t, &e)) fail_msg("%s", e.msg);
    const bp_form_spec *f = t.form;
    assert_non_null(f);
    assert_int_equal(f->record, 0);
    assert_int_equal(f->bookmark, 1);
    assert_int_equal(f->ngrid, 3);
    assert_true(f->grid_mm[0] == 25 && f->grid_weight[1] == 1 && f->grid_mm[2] == 30);
    assert_int_equal(f->head.nrows, 1);
    assert_int_equal(f->head.cells[1].kind, BP_FCELL_VALUE);
    assert_int_equal(f->head.cells[1].col, 1);
    assert_int_equal(f->head.cells[1].colspan, 2);
    /* the second fields row starts after the rowspan of 项目资金 */
    assert_int_equal(f->fields.nrows, 2);
    assert_int_equal(f->fields.ncells, 5);
    assert_int_equal(f->fields.cells[0].rowspan, 2);
    assert_string_equal(f->fields.cells[3].label->src, "其中：财政拨款");
    assert_int_equal(f->fields.cells[3].row, 1);
    assert_int_equal(f->fields.cells[3].col, 1);
    assert_int_equal(f->fields.cells[4].col, 2);
    assert_int_equal(f->fields.cells[4].column, 3);
    assert_int_equal(f->items.nrows, 1);
    assert_true(f->items.cells[0].merge);
    assert_int_equal(f->items_header.cells[1].col, 2);
    /* a table has no form */
    const char *table = "title: T\ndata: t.csv\n" COLUMNS;
    if (parse(&a, table, &t, &e)) fail_msg("%s", e.msg);
    assert_null(t.form);
    bp_arena_free(&a);
}

/* Replaces the first occurrence of `from` in good by `to` and expects an
 * error starting with `where` (t.yaml:LINE:COLUMN) and containing `what`. */
static void expect_error(const char *from, const char *to, const char *where, const char *what)
{
    char buf[4096];
    const char *p = strstr(good, from);
    if (!p) fail_msg("'%s' is not in the good layout", from);
    snprintf(buf, sizeof buf, "%.*s%s%s", (int)(p - good), good, to, p + strlen(from));
    bp_arena a;
    bp_arena_init(&a);
    bp_table_spec t;
    bp_error e = {0};
    int rc = parse(&a, buf, &t, &e);
    if (rc != BP_EINPUT || strncmp(e.msg, where, strlen(where)) || !strstr(e.msg, what))
        fail_msg("expected '%s … %s', got rc=%d '%s'", where, what, rc, e.msg);
    bp_arena_free(&a);
}

static void form_errors_name_file_line_column(void **state)
{
    (void)state;
    expect_error("kind: form", "kind: from", "t.yaml:1:7:", "kind must be table or form");
    expect_error("record: code", "record: kode", "t.yaml:12:11:", "no column with key 'kode'");
    expect_error("  record: code\n", "", "t.yaml:12:3:", "missing required key 'record' in form");
    expect_error("kind: form\n", "", "t.yaml:11:3:", "form applies to forms only");
    expect_error("{value: name, span: 2}", "{value: name}",
                 "t.yaml:16:7:", "leaves grid column 3 of 3 empty");
    expect_error("{value: name, span: 2}", "{value: name, span: 3}",
                 "t.yaml:16:23:", "spans grid columns 2 to 4, but the grid has 3 columns");
    expect_error("{value: name, span: 2}", "{value: nmae, span: 2}",
                 "t.yaml:16:31:", "no column with key 'nmae'");
    expect_error("{label: 项目名称}", "{label: 项目名称, value: name}",
                 "t.yaml:16:8:", "exactly one of label (text) or value");
    expect_error("{label: 项目名称}", "{label: \"{departmnet}\"}",
                 "t.yaml:16:17:", "unknown placeholder '{departmnet}'");
    expect_error("{label: 项目资金, rows: 2}", "{label: 项目资金, rows: 3}",
                 "t.yaml:18:8:", "3 rows from row 1 go past the block's 2");
    expect_error("{label: 总额}", "{label: 总额, merge: true}",
                 "t.yaml:18:51:", "merge applies to the cells of items");
    expect_error("{value: ind, span: 2, merge: true}", "{value: ind, span: 2, rows: 2}",
                 "t.yaml:23:39:", "an item row's cells are one row high");
    expect_error("grid: [25, \"1*\", 30]", "grid: [25, \"x*\", 30]",
                 "t.yaml:14:14:", "a weight must be a positive number");
    expect_error("\nform:\n", "\nrows: []\nform:\n", "t.yaml:11:7:", "rows applies to tables only");
    expect_error("\nform:\n", "\nempty: {body: none}\nform:\n",
                 "t.yaml:11:8:", "empty applies to tables only");
    expect_error("header: [指标值]}", "header: [指标值], width: 20}",
                 "t.yaml:10:38:", "column width applies to tables only");
    expect_error("  head:", "  haed:", "t.yaml:15:3:", "unknown key 'haed'");
}

static void records_group_rows_by_the_record_column(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_table_spec t;
    bp_error e = {0};
    if (parse(&a, good, &t, &e)) fail_msg("%s", e.msg);
    const char *csv = "code,name,total,gov,ind,val\n"
                      "P1,甲,100.00,100.00,a,1\n"
                      ",,,,b,2\n"
                      "P1,,,,c,3\n"
                      "P2,乙,50.00,50.00,d,4\n"
                      "P3,丙,,,,\n"
                      ",,7.00,,e,5\n";
    bp_csv *c;
    bp_table_data *d;
    if (data_parse_csv(&a, "p.csv", csv, strlen(csv), NULL, &c, &e)) fail_msg("%s", e.msg);
    if (data_bind(&a, &t, c, &d, &e)) fail_msg("%s", e.msg);
    bp_form_record *r;
    int n;
    assert_int_equal(data_form_records(&a, &t, d, &r, &n), BP_OK);
    assert_int_equal(n, 3);
    assert_int_equal(r[0].first, 0);
    assert_int_equal(r[0].nrows, 3); /* empty and equal codes continue the record */
    assert_int_equal(r[1].first, 3);
    assert_int_equal(r[1].nrows, 1);
    assert_int_equal(r[2].first, 4);
    assert_int_equal(r[2].nrows, 2);
    assert_string_equal(data_form_value(d, &r[0], 1)->text, "甲");
    assert_string_equal(data_form_value(d, &r[2], 2)->text, "7.00"); /* first non-empty row */
    assert_null(data_form_value(d, &r[2], 3));                       /* every row empty */
    assert_false(data_form_has_item(t.form, d, 4)); /* P3's first row has no indicator */
    assert_true(data_form_has_item(t.form, d, 5));
    bp_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(form_places_cells_on_the_grid),
        cmocka_unit_test(form_errors_name_file_line_column),
        cmocka_unit_test(records_group_rows_by_the_record_column),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
