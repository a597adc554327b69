/* test_check_spans.c — the rounding tolerance of figures printed as
 * entered (the decimals each figure prints, not the column's most), and
 * merged label cells that satisfy selectors and row conditions on every
 * column they span (a 合计 merged across the code and name columns). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "check_fixture.h"

/* Whole-元 figures in a column printed as entered with up to two
 * decimals: a figure written without decimals is exact to the 元, so a
 * 1-元 difference of two such figures is rounding, not an error. */
static void as_entered_tolerance_follows_printed_decimals(void **state)
{
    (void)state;
    fx *f = fx_new();
    add_table(f, "01-test.yaml",
              "title: 测试表\n"
              "contents: 一、测试表\n"
              "data: x.csv\n"
              "format: {decimals: as_entered, max_decimals: 2}\n"
              "columns:\n"
              "  - {key: name, header: [项目]}\n"
              "  - {key: total, header: [合计], type: amount}\n"
              "  - {key: a, header: [甲], type: amount}\n"
              "  - {key: b, header: [乙], type: amount}\n"
              "checks:\n"
              "  - row: total = a + b\n",
              "name,total,a,b\n"
              "r1,3,1,1\n"          /* 1 元 = 2 × 0.5 元: rounding */
              "r2,3.01,1.00,2.00\n" /* 0.01 = 2 × 0.005: rounding */
              "r3,3.02,1.00,2.00\n" /* more than 0.01: an error */
              "r4,5,1,2\n");        /* 2 元: an error */
    assert_string_equal(
        run_checks(f), "R 01 测试表, r1, 合计: 2 ≈ 3, rounding within 1 (合计 = 甲 + 乙)\n"
                       "R 01 测试表, r2, 合计: 3.00 ≈ 3.01, rounding within 0.01 (合计 = 甲 + 乙)\n"
                       "E 01 测试表, r3, 合计: 3.00 ≠ 3.02 (合计 = 甲 + 乙)\n"
                       "E 01 测试表, r4, 合计: 3 ≠ 5 (合计 = 甲 + 乙)\n");
    fx_free(f);
}

static const char *coded_yaml =
    "title: 测试表\n"
    "contents: 一、测试表\n"
    "data: x.csv\n"
    "format: {decimals: 1}\n"
    "columns:\n"
    "  - {key: code, header: [科目编码], code: function}\n"
    "  - {key: name, header: [科目名称], code: name}\n"
    "  - {key: total, header: [合计], type: amount}\n"
    "checks:\n"
    "  - column: total\n"
    "    total: {column: name, equals: 合计}\n"
    "    rows: {column: code, length: 3}\n"
    "  - rule: \"[name=合计].total = [code=212].total + [code=201].total\"\n"
    "    name: by selector\n";

/* 合计 merged across the code and name columns (the CSV's `<`): the label
 * is the code cell's text, and [name=合计] and {column: name, equals: 合计}
 * find it as they find a 合计 written in the name column. */
static void merged_label_satisfies_every_column(void **state)
{
    (void)state;
    fx *f = fx_new();
    add_table(f, "01-test.yaml", coded_yaml,
              "code,name,total\n"
              "合计,<,30.0\n"
              "201,一般公共服务支出,10.0\n"
              "212,城乡社区支出,20.0\n");
    /* and across tables, the set's rules */
    add_rules(f, "rules:\n  - rule: \"01[name=合计].total = 01[code=合计].total\"\n");
    assert_string_equal(run_checks(f), "");
    assert_int_equal(f->st.comparisons, 3);
    f->set.rules = NULL;
    /* and a wrong total is still found, named by its merged label */
    f->set.ntables = 0;
    add_table(f, "01-test.yaml", coded_yaml,
              "code,name,total\n"
              "合计,<,31.0\n"
              "201,一般公共服务支出,10.0\n"
              "212,城乡社区支出,20.0\n");
    const char *out = run_checks(f);
    assert_non_null(strstr(out, "E 01 测试表, 合计, 合计: 30.0 ≠ 31.0 (合计 = 201 + 212)\n"));
    assert_non_null(strstr(out, "E 01 测试表, 合计, 合计: 30.0 ≠ 31.0 (by selector)\n"));
    fx_free(f);
}

/* A label merged from a row above (a vertical merge) is not the row's own:
 * a selector on the covered cell does not match the lower row. */
static void vertical_merge_is_not_the_rows_label(void **state)
{
    (void)state;
    fx *f = fx_new();
    add_table(f, "01-test.yaml",
              "title: 测试表\n"
              "contents: 一、测试表\n"
              "data: x.csv\n"
              "format: {decimals: 1}\n"
              "columns:\n"
              "  - {key: unit, header: [单位]}\n"
              "  - {key: name, header: [项目]}\n"
              "  - {key: total, header: [合计], type: amount}\n"
              "checks:\n"
              "  - rule: \"[unit=甲][name=x].total = [name=y].total\"\n",
              "unit,name,total\n"
              "甲,x,1.0\n"
              "^,y,1.0\n");
    assert_string_equal(run_checks(f), "");
    fx_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(as_entered_tolerance_follows_printed_decimals),
        cmocka_unit_test(merged_label_satisfies_every_column),
        cmocka_unit_test(vertical_merge_is_not_the_rows_label),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
