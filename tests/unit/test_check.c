/* test_check.c — check rules: parsing errors name file:line:column, exact
 * decimal arithmetic, the rounding-warning/error boundary, per-rule
 * tolerance, column and hierarchy (code prefix) rules, cross-table rules,
 * and the built-in checks (空表 notes, leftovers, year). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "check_fixture.h"

/* A table with a total and two parts; `extra` is appended (checks). */
static const char *abc_yaml(bp_arena *a, int decimals, const char *extra)
{
    return bp_sprintf(a,
                      "title: \"{year}年测试表\"\n"
                      "contents: 一、测试表\n"
                      "data: x.csv\n"
                      "format: {decimals: %d}\n"
                      "columns:\n"
                      "  - {key: name, header: [项目]}\n"
                      "  - {key: total, header: [合计], type: amount}\n"
                      "  - {key: a, header: [甲, 小计], type: amount}\n"
                      "  - {key: b, header: [乙], type: amount}\n"
                      "%s",
                      decimals, extra);
}

static void row_rule_rounding_boundary(void **state)
{
    (void)state;
    fx *f = fx_new();
    add_table(f, "01-test.yaml", abc_yaml(&f->a, 1, "checks:\n  - row: total = a + b\n"),
              "name,total,a,b\n"
              "r1,3.0,1.0,2.0\n" /* exact */
              "r2,0.3,0.1,0.2\n" /* exact in decimal (not in binary floating point) */
              "r3,3.1,1.0,2.0\n" /* 0.1 = 2 × 0.05: rounding */
              "r4,3.2,1.0,2.0\n" /* 0.2 > 0.1: error */
              "r5,1.1,1.0,\n"    /* an empty cell is an exact zero: 1 term, 0.05 */
              "r6,2,2.00,\n"     /* scales differ, values agree */
              "r7,-0.1,0.1,-0.2\n");
    assert_string_equal(run_checks(f),
                        "R 01 测试表, r3, 合计: 3.0 ≈ 3.1, rounding within 0.1 (合计 = 甲 + 乙)\n"
                        "E 01 测试表, r4, 合计: 3.0 ≠ 3.2 (合计 = 甲 + 乙)\n"
                        "E 01 测试表, r5, 合计: 1.0 ≠ 1.1 (合计 = 甲 + 乙)\n");
    assert_int_equal(f->st.errors, 2);
    assert_int_equal(f->st.roundings, 1);
    assert_int_equal(f->st.comparisons, 7);
    fx_free(f);
}

static void large_amounts_are_exact(void **state)
{
    (void)state;
    fx *f = fx_new();
    /* 2^53 + 1 is not a double; 6 decimals at 1e11 are beyond a double too */
    add_table(f, "01-test.yaml", abc_yaml(&f->a, 6, "checks:\n  - row: total = a + b\n"),
              "name,total,a,b\n"
              "big,9007199254740993,9007199254740992,1\n"
              "fine,200000000000.000003,100000000000.000001,100000000000.000002\n"
              "off,200000000000.000005,100000000000.000001,100000000000.000002\n");
    /* 2 terms of 6 decimals: 0.000001 is rounding, 0.000002 is not */
    assert_string_equal(run_checks(f), "E 01 测试表, off, 合计: 200000000000.000003 ≠ "
                                       "200000000000.000005 (合计 = 甲 + 乙)\n");
    fx_free(f);
}

static void tolerance_scales_with_decimals(void **state)
{
    (void)state;
    fx *f = fx_new();
    add_table(f, "01-test.yaml", abc_yaml(&f->a, 2, "checks:\n  - row: total = a + b\n"),
              "name,total,a,b\n"
              "r1,3.01,1.00,2.00\n" /* 0.01 = 2 × 0.005 */
              "r2,3.02,1.00,2.00\n");
    assert_string_equal(
        run_checks(f), "R 01 测试表, r1, 合计: 3.00 ≈ 3.01, rounding within 0.01 (合计 = 甲 + 乙)\n"
                       "E 01 测试表, r2, 合计: 3.00 ≠ 3.02 (合计 = 甲 + 乙)\n");
    fx_free(f);
}

/* A column of n figures 0.1 (one decimal) and its total printed as
 * 0.1 n + delta tenths: the check's output. */
static const char *sum_of_n(fx *f, int n, int delta)
{
    char *csv =
        bp_sprintf(&f->a, "name,total,a,b\n合计,%d.%d,,\n", (n + delta) / 10, (n + delta) % 10);
    for (int i = 0; i < n; i++)
        csv = bp_sprintf(&f->a, "%sp%d,0.1,,\n", csv, i);
    f->set.ntables = 0;
    add_table(f, "01-test.yaml",
              abc_yaml(&f->a, 1,
                       "checks:\n"
                       "  - column: total\n"
                       "    total: {column: name, equals: 合计}\n"
                       "    name: sum\n"),
              csv);
    return run_checks(f);
}

/* The rounding tolerance: the lesser of n half units and 4σ of the n + 1
 * rounding errors (σ² = (n + 1) u²/12), shown rounded down to u/10. */
static void rounding_bound(void **state)
{
    (void)state;
    fx *f = fx_new();
    /* n <= 6: the worst case n × 0.05 is the smaller */
    assert_string_equal(sum_of_n(f, 6, 3),
                        "R 01 测试表, 合计, 合计: 0.6 ≈ 0.9, rounding within 0.3 (sum)\n");
    assert_string_equal(sum_of_n(f, 6, 4), "E 01 测试表, 合计, 合计: 0.6 ≠ 1.0 (sum)\n");
    /* n = 7: 4σ = 4 × 0.1 × √(8/12) = 0.3266 < 0.35 */
    assert_string_equal(sum_of_n(f, 7, 3),
                        "R 01 测试表, 合计, 合计: 0.7 ≈ 1.0, rounding within 0.32 (sum)\n");
    /* n = 100: 4σ = 4 × 0.1 × √(101/12) = 1.1605; the worst case is 5.0 */
    assert_string_equal(sum_of_n(f, 100, 11),
                        "R 01 测试表, 合计, 合计: 10.0 ≈ 11.1, rounding within 1.16 (sum)\n");
    assert_string_equal(sum_of_n(f, 100, -11),
                        "R 01 测试表, 合计, 合计: 10.0 ≈ 8.9, rounding within 1.16 (sum)\n");
    assert_string_equal(sum_of_n(f, 100, 12),
                        "E 01 测试表, 合计, 合计: 10.0 ≠ 11.2, more than the rounding of 101 "
                        "figures (4σ = 1.16) (sum)\n");
    /* n = 3000: 4σ = 6.3245, the worst case 150: +50.0 is an error */
    assert_string_equal(sum_of_n(f, 3000, 500),
                        "E 01 测试表, 合计, 合计: 300.0 ≠ 350.0, more than the rounding of 3001 "
                        "figures (4σ = 6.32) (sum)\n");
    assert_string_equal(sum_of_n(f, 3000, 63),
                        "R 01 测试表, 合计, 合计: 300.0 ≈ 306.3, rounding within 6.32 (sum)\n");
    /* beyond the worst case: the plain error */
    assert_string_equal(sum_of_n(f, 10, 6), "E 01 测试表, 合计, 合计: 1.0 ≠ 1.6 (sum)\n");
    fx_free(f);
}

static void per_rule_tolerance(void **state)
{
    (void)state;
    fx *f = fx_new();
    add_table(f, "01-test.yaml",
              abc_yaml(&f->a, 1,
                       "checks:\n"
                       "  - row: total = a + b\n"
                       "    tolerance: 0\n"
                       "    name: exact\n"
                       "  - row: total = a + b\n"
                       "    tolerance: 0.5\n"
                       "    name: wide\n"),
              "name,total,a,b\n"
              "r1,3.1,1.0,2.0\n"
              "r2,3.5,1.0,2.0\n"
              "r3,3.6,1.0,2.0\n");
    assert_string_equal(run_checks(f),
                        "E 01 测试表, r1, 合计: 3.0 ≠ 3.1 (exact)\n"
                        "E 01 测试表, r2, 合计: 3.0 ≠ 3.5 (exact)\n"
                        "E 01 测试表, r3, 合计: 3.0 ≠ 3.6 (exact)\n"
                        "R 01 测试表, r1, 合计: 3.0 ≈ 3.1, rounding within 0.5 (wide)\n"
                        "R 01 测试表, r2, 合计: 3.0 ≈ 3.5, rounding within 0.5 (wide)\n"
                        "E 01 测试表, r3, 合计: 3.0 ≠ 3.6 (wide)\n");
    fx_free(f);
}

static void column_rule_counts_rows(void **state)
{
    (void)state;
    fx *f = fx_new();
    add_table(f, "01-test.yaml",
              abc_yaml(&f->a, 1,
                       "checks:\n"
                       "  - column: [total, 乙]\n"
                       "    total: {column: name, equals: 合计}\n"
                       "    except: {column: name, prefix: 其中}\n"),
              "name,total,a,b\n"
              "合计,6.1,,1.3\n"
              "x,1.0,,0.4\n"
              "其中：y,1.0,,0.4\n"
              "y,2.0,,0.4\n"
              "z,3.0,,\n"); /* b: 0.4 × 2 = 0.8 ≠ 1.3 (2 terms: 0.1); total: 3 terms, 0.15 */
    assert_string_equal(
        run_checks(f),
        "R 01 测试表, 合计, 合计: 6.0 ≈ 6.1, rounding within 0.15 (合计 = x + y + z)\n"
        "E 01 测试表, 合计, 乙: 0.8 ≠ 1.3 (合计 = x + y + z)\n");
    fx_free(f);
}

static void column_rule_ranges(void **state)
{
    (void)state;
    fx *f = fx_new();
    add_table(f, "01-test.yaml",
              abc_yaml(&f->a, 1,
                       "checks:\n"
                       "  - column: total\n"
                       "    total: {column: name, prefix: 单位}\n"
                       "    range: below\n"
                       "    until: {column: name, prefix: 单位}\n"
                       "  - column: total\n"
                       "    total: {column: name, equals: 本年合计}\n"
                       "    range: above\n"),
              "name,total,a,b\n"
              "单位一,3.0,,\n"
              "p1,1.0,,\n"
              "p2,2.0,,\n"
              "单位二,5.0,,\n"
              "p3,4.0,,\n"
              "本年合计,8.0,,\n");
    /* 单位二 = p3 + 本年合计 (no until below it); 本年合计 = everything above:
     * both totals are in both sums, so the second cannot tell which is wrong */
    assert_string_equal(run_checks(f),
                        "E 01 测试表, 单位二, 合计: 12.0 ≠ 5.0 (单位二 = p3 + 本年合计)\n"
                        "E 01 测试表, 本年合计, 合计: 15.0 ≠ 8.0 (本年合计 = 单位一 + … + p3; "
                        "cannot tell whether 本年合计 or a row it sums is wrong)\n");
    /* the first sum frames its total wrong; the second cannot tell: its
     * total (row 5) and the row the first error singles out (单位二, row 3)
     * are candidates, the other rows compared */
    const char *second = strstr(f->data, "\ncolumn|");
    assert_non_null(second);
    assert_non_null(strstr(f->data, " 0.3.1!@x.csv:5:2"));
    assert_non_null(strstr(second, " 0.5.1?@x.csv:7:2"));
    assert_non_null(strstr(second, " 0.3.1?@x.csv:5:2"));
    assert_non_null(strstr(second, " 0.1.1@x.csv:3:2"));
    assert_null(strstr(second, "!@"));
    fx_free(f);
}

static void hierarchy_by_code_prefix(void **state)
{
    (void)state;
    fx *f = fx_new();
    add_table(f, "05-gpb.yaml",
              "title: t\n"
              "contents: 五、一般公共预算支出情况表\n"
              "data: x.csv\n"
              "columns:\n"
              "  - {key: code, header: [科目编码]}\n"
              "  - {key: name, header: [科目名称]}\n"
              "  - {key: total, header: [合计], type: amount}\n"
              "  - {key: project, header: [项目支出, 小计], type: amount}\n"
              "checks:\n"
              "  - hierarchy: code\n",
              "code,name,total,project\n"
              ",合计,6828.4,5209.0\n"
              "206,科学技术支出,1619.4,\n"
              "20601,科学技术管理事务,1619.4,\n"
              "2060101,行政运行,1619.4,\n"
              "212,城乡社区支出,5209.0,5209.0\n"
              "21201,城乡社区管理事务,5209.0,5209.0\n"
              "2120102,一般行政管理事务,100.0,100.0\n"
              "2120199,其他城乡社区管理事务支出,5100.0,5100.0\n"
              "213,农林水支出,1.0,\n"
              "2130101,行政运行,1.0,\n"); /* no 款 row: 项 rows are the next level */
    assert_string_equal(
        run_checks(f), "E 05 一般公共预算支出情况表, 21201 城乡社区管理事务, 合计: 5200.0 ≠ 5209.0 "
                       "(21201 = 2120102 + 2120199)\n"
                       "E 05 一般公共预算支出情况表, 21201 城乡社区管理事务, 项目支出: 5200.0 ≠ "
                       "5209.0 (21201 = 2120102 + 2120199)\n");
    /* 206=20601, 20601=2060101, 212=21201 (2 columns each), 21201 (2), 213 (2) */
    assert_int_equal(f->st.comparisons, 10);
    fx_free(f);
}

static void split_codes_and_labels(void **state)
{
    (void)state;
    fx *f = fx_new();
    add_table(f, "03-exp.yaml",
              "title: t\n"
              "data: x.csv\n"
              "columns:\n"
              "  - {key: cls, header: [科目编码, 类]}\n"
              "  - {key: kuan, header: [科目编码, 款]}\n"
              "  - {key: xiang, header: [科目编码, 项]}\n"
              "  - {key: name, header: [科目名称]}\n"
              "  - {key: total, header: [合计], type: amount}\n"
              "checks:\n"
              "  - label: [[cls, kuan, xiang], name]\n"
              "  - hierarchy: [cls, kuan, xiang]\n",
              "cls,kuan,xiang,name,total\n"
              "212,,,城乡社区支出,10.0\n"
              "212,01,,城乡社区管理事务,10.0\n"
              "212,01,02,一般行政管理事务,4.0\n"
              "212,01,99,其他,5.0\n");
    assert_string_equal(run_checks(f), "E 03 t, 21201 城乡社区管理事务, 合计: 9.0 ≠ 10.0 "
                                       "(21201 = 2120102 + 2120199)\n");
    fx_free(f);
}

static void merged_cells_are_not_amounts(void **state)
{
    (void)state;
    fx *f = fx_new();
    add_table(f, "01-test.yaml", abc_yaml(&f->a, 1, "checks:\n  - row: total = a + b\n"),
              "name,total,a,b\n"
              "r1,3.0,1.0,2.0\n"
              "r2,^,9.0,^\n"); /* the row joins r1 in two columns: not checked */
    assert_string_equal(run_checks(f), "");
    assert_int_equal(f->st.comparisons, 1);
    fx_free(f);
}

/* Parentheses group a rule's terms (the expression language's parser):
 * a - (a - b) + a is a - a + b + a. */
static void parentheses_group_terms(void **state)
{
    (void)state;
    fx *f = fx_new();
    add_table(f, "01-test.yaml",
              abc_yaml(&f->a, 1,
                       "checks:\n  - row: total = a - (a - b) + a\n"
                       "  - row: (total) - a = (b)\n"),
              "name,total,a,b\n"
              "r1,3.0,1.0,2.0\n");
    assert_string_equal(run_checks(f), "");
    assert_int_equal(f->st.comparisons, 2);
    fx_free(f);
}

static const char *t05 = "title: t5\n"
                         "contents: 五、一般公共预算支出情况表\n"
                         "data: x.csv\n"
                         "columns:\n"
                         "  - {key: name, header: [科目名称]}\n"
                         "  - {key: total, header: [合计], type: amount}\n"
                         "  - {key: basic, header: [基本支出, 小计], type: amount}\n";
static const char *t06 = "title: t6\n"
                         "contents: 六、一般公共预算基本支出表\n"
                         "data: x.csv\n"
                         "empty_note: 此表为空表。\n"
                         "columns:\n"
                         "  - {key: name, header: [科目名称]}\n"
                         "  - {key: total, header: [合计], type: amount}\n";

static void cross_table_rules(void **state)
{
    (void)state;
    fx *f = fx_new();
    add_table(f, "05-gpb.yaml", t05, "name,total,basic\n合计,10.0,4.0\n其他,6.0,\n");
    add_table(f, "06-basic.yaml", t06, "name,total\n合计,4.1\n");
    add_table(f, "09-fund.yaml", t06, "name,total\n");
    add_rules(f, "rules:\n"
                 "  - rule: \"06[name=合计].total = 05[name=合计].basic\"\n"
                 "  - rule: \"05-gpb[name=合计].total = 05[name=合计].basic + 05[name^=其].合计\"\n"
                 "    name: 合计 = 基本 + 其他\n"
                 "  - rule: \"09[name=合计].total = 05[#2].basic\"\n" /* empty table: zero */
                 "  - rule: \"06[name=总计].total = 05[#1].basic\"\n"
                 "  - rule: \"06[name=合计].total = 05[#1].basic\"\n"
                 "    tolerance: 0.1\n");
    assert_string_equal(run_checks(f),
                        "E 06 一般公共预算基本支出表, 合计, 合计: 4.0 ≠ 4.1 (06[name=合计].total = "
                        "05[name=合计].basic)\n"
                        "E 06 一般公共预算基本支出表: no row [name=总计] (06[name=总计].total = "
                        "05[#1].basic)\n"
                        "R 06 一般公共预算基本支出表, 合计, 合计: 4.0 ≈ 4.1, rounding within 0.1 "
                        "(06[name=合计].total = 05[#1].basic)\n");
    fx_free(f);
}

/* Each violation is also reported as data: the rule, the table, row and
 * column, the figures, the tolerance, the cells involved (the wrong one
 * first) and where each came from in its CSV (file:line:column). */
static void findings_as_data(void **state)
{
    (void)state;
    fx *f = fx_new();
    add_table(f, "05-gpb.yaml", t05,
              "name,basic,total\n" /* CSV columns in another order than the layout's */
              "合计,4.0,10.0\n"
              "其他,,6.0\n");
    add_table(f, "06-basic.yaml", t06, "name,total\n合计,4.1\n");
    add_table(f, "07-x.yaml",
              abc_yaml(&f->a, 1,
                       "checks:\n"
                       "  - row: total = a + b\n"
                       "  - row: a ≤ b\n"
                       "  - column: total\n"
                       "    total: {column: name, equals: 合计}\n"),
              "name,total,a,b\n"
              "合计,9.0,1.0,2.0\n"
              "p1,3.0,1.0,2.0\n"
              "p2,3.0,3.0,\n");
    add_rules(f, "rules:\n"
                 "  - rule: \"06[name=合计].total = 05[name=合计].basic\"\n");
    run_checks(f);
    assert_string_equal(
        f->data,
        /* row rule: 合计 of the row is wrong, 甲 and 乙 compared */
        "row|合计 = 甲 + 乙|2 07 07 测试表|合计|合计|3.0 9.0 ≠ 0.1 -|x.csv:2:2| 2.0.1!@x.csv:2:2 "
        "2.0.2@x.csv:2:3 2.0.3@x.csv:2:4\n"
        /* an inequality: found is the left side */
        "row|甲 ≤ 乙|2 07 07 测试表|p2|甲|0.0 3.0 > 0 -|x.csv:4:3| 2.2.2!@x.csv:4:3 "
        "2.2.3@x.csv:4:4\n"
        /* a column rule: the total row against the rows it sums */
        "column|合计 = p1 + p2|2 07 07 测试表|合计|合计|6.0 9.0 ≠ 0.1 -|x.csv:2:2| "
        "2.0.1!@x.csv:2:2 2.1.1@x.csv:3:2 2.2.1@x.csv:4:2\n"
        /* across tables: the cell in 06 wrong, the one in 05 (CSV column 2) compared */
        "rule|06[name=合计].total = 05[name=合计].basic|1 06 06 一般公共预算基本支出表|合计|合计|"
        "4.0 4.1 ≠ 0.05 -|x.csv:2:2| 1.0.1!@x.csv:2:2 0.0.2@x.csv:2:2\n");
    fx_free(f);
}

static void builtin_checks(void **state)
{
    (void)state;
    fx *f = fx_new();
    add_table(f, "05-gpb.yaml",
              "title: \"{year}年表\"\n"
              "data: x.csv\n"
              "notes: [\"注：本部门2023年无此项支出，此表为空表。\"]\n"
              "caption: {left: \"部门名称：另一部门\"}\n"
              "columns:\n"
              "  - {key: name, header: [科目名称]}\n"
              "  - {key: total, header: [合计], type: amount}\n",
              "name,total\nXX部门,1.0\n{部门}经费,\n301xx,\n");
    add_table(f, "06-basic.yaml", t06, "name,total\n合计,0\n");
    add_table(f, "09-fund.yaml", t06, "name,total\n");
    add_rules(f, "rules: []\nleftovers: [某某]\n");
    /* a table without figures but with rows: its empty_note is printed
     * (data_table_is_empty), so the 空表 check is satisfied */
    f->t[1].empty_note = tpl_must(&f->a, "无。");
    add_table(f, "10-x.yaml", t05, "name,total,basic\n某某项目,,\n");
    assert_string_equal(
        run_checks(f),
        "E 05 表, caption: names the department '另一部门', department.yaml '测试部门' (the "
        "department name agrees across department.yaml, titles and notes)\n"
        "E 05 表, note: says 2023年, department.yaml says 2024 (the year agrees across "
        "department.yaml, titles and notes)\n"
        "E 05 表: has figures, but a note says it is empty: "
        "'注：本部门2023年无此项支出，此表为空表。' "
        "(a table with figures carries no 空表 note)\n"
        "E 05 表, XX部门, 科目名称: leftover template text 'XX' (no leftover template text)\n"
        "E 05 表, {部门}经费, 科目名称: leftover template text '{部门}' (no leftover template "
        "text)\n"
        "E 10 一般公共预算支出情况表: no figures, but no 空表 note (add empty_note) (an empty "
        "table "
        "carries its 空表 note)\n"
        "E 10 一般公共预算支出情况表, 某某项目, 科目名称: leftover template text '某某' (no "
        "leftover template text)\n");
    fx_free(f);
}

/* rules.yaml's `builtin:` sets each built-in check to error, warning or
 * off; a warning is reported as such and counted apart from errors. */
static void builtin_severities(void **state)
{
    (void)state;
    fx *f = fx_new();
    add_table(f, "05-gpb.yaml",
              "title: \"2023年表\"\n"
              "data: x.csv\n"
              "caption: {left: \"部门名称：另一部门\"}\n"
              "columns:\n"
              "  - {key: name, header: [科目名称]}\n"
              "  - {key: total, header: [合计], type: amount}\n",
              "name,total\nXX部门,1.0\n");
    add_table(f, "09-fund.yaml", t05, "name,total,basic\n");
    add_rules(f, "builtin: {department_name: warning, year: off, empty_note: warning, "
                 "leftovers: off}\n");
    assert_string_equal(
        run_checks(f), "W 05 2023年表, caption: names the department '另一部门', department.yaml "
                       "'测试部门' (the department name agrees across department.yaml, titles "
                       "and notes)\n"
                       "W 09 一般公共预算支出情况表: no figures, but no 空表 note (add empty_note) "
                       "(an empty table carries its 空表 note)\n");
    assert_int_equal(f->st.errors, 0);
    assert_int_equal(f->st.warnings, 2);
    assert_int_equal(f->st.rules, 2); /* empty_note, year and department name */
    /* the default: every one an error */
    f->set.rules = NULL;
    assert_int_equal(strlen(run_checks(f)) > 0, 1);
    assert_int_equal(f->st.errors, 4);
    assert_int_equal(f->st.warnings, 0);
    assert_int_equal(f->st.rules, 3);
    fx_free(f);
}

static void builtin_severity_errors(void **state)
{
    (void)state;
    static const struct {
        const char *yaml, *msg;
    } cases[] = {
        {"builtin:\n  empty_notes: off\n",
         "rules.yaml:2:3: unknown key 'empty_notes' in builtin (did you mean 'empty_note'?)"},
        {"builtin: {leftovers: warn}\n",
         "rules.yaml:1:22: builtin leftovers must be error, warning or off, not 'warn'"},
        {"leftovers: [x]\n", "rules.yaml:1:1: rules file: missing key 'rules' (or builtin: or "
                             "catalogue:)"},
        {"catalogue: ../x.csv\n", "rules.yaml:1:12: catalogue must be a file name in the layout "
                                  "set folder, not '../x.csv' (budgetpdf check --catalogue takes "
                                  "any path)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bp_arena a;
        bp_arena_init(&a);
        bp_layout_set set = {0};
        bp_error e = {0, ""};
        assert_int_equal(
            spec_parse_rules(&a, "rules.yaml", cases[i].yaml, strlen(cases[i].yaml), &set, &e),
            BP_EINPUT);
        assert_string_equal(e.msg, cases[i].msg);
        bp_arena_free(&a);
    }
}

/* ≤, ≥, <, > (and <=, >=) with the rounding tolerance of `=`. */
static void inequalities(void **state)
{
    (void)state;
    fx *f = fx_new();
    add_table(f, "01-test.yaml",
              abc_yaml(&f->a, 1,
                       "checks:\n"
                       "  - row: a <= total\n"
                       "  - row: b ≥ a\n"
                       "  - row: a + b < total\n"
                       "    name: strict\n"
                       "  - rule: \"[name=r1].total > [name=r2].total\"\n"),
              "name,total,a,b\n"
              "r1,3.0,1.0,2.0\n"  /* a ≤ total, b ≥ a; a + b = total: strict fails by 0 */
              "r2,3.0,3.1,2.0\n"  /* a > total by 0.1: error; b < a; 5.1 ≥ 3.0 */
              "r3,10.0,5.0,5.0\n" /* strict: 10.0 ≥ 10.0 */
    );
    assert_string_equal(run_checks(f),
                        "E 01 测试表, r2, 甲: 3.1 > 3.0 (甲 ≤ 合计)\n"
                        "E 01 测试表, r2, 乙: 2.0 < 3.1 (乙 ≥ 甲)\n"
                        "R 01 测试表, r1, 合计: 3.0 ≥ 3.0, rounding within 0.1 (strict)\n"
                        "E 01 测试表, r2, 合计: 5.1 ≥ 3.0 (strict)\n"
                        "R 01 测试表, r3, 合计: 10.0 ≥ 10.0, rounding within 0.1 (strict)\n"
                        "R 01 测试表, r1, 合计: 3.0 ≤ 3.0, rounding within 0.05 ([name=r1].total > "
                        "[name=r2].total)\n");
    fx_free(f);
    /* a ≤ that fails only within rounding is a rounding warning */
    f = fx_new();
    add_table(f, "01-test.yaml", abc_yaml(&f->a, 1, "checks:\n  - row: a + b <= total\n"),
              "name,total,a,b\nr1,3.0,1.0,2.1\nr2,3.0,1.0,2.2\n");
    assert_string_equal(run_checks(f),
                        "R 01 测试表, r1, 合计: 3.1 > 3.0, rounding within 0.1 (甲 + 乙 ≤ 合计)\n"
                        "E 01 测试表, r2, 合计: 3.2 > 3.0 (甲 + 乙 ≤ 合计)\n");
    fx_free(f);
}

/* Tables in 万元 and in 元 compared in 元; a term may carry a factor. */
static void units_and_factors(void **state)
{
    (void)state;
    fx *f = fx_new();
    add_table(f, "01-wan.yaml",
              "title: 万元表\ndata: x.csv\nunit: 万元\nformat: {decimals: 1}\ncolumns:\n"
              "  - {key: name, header: [项目]}\n"
              "  - {key: total, header: [合计], type: amount}\n",
              "name,total\n合计,3333.0\n其他,1.2\n");
    add_table(f, "02-yuan.yaml",
              "title: 元表\ndata: x.csv\nformat: {decimals: 2}\ncolumns:\n"
              "  - {key: name, header: [项目]}\n"
              "  - {key: total, header: [合计], type: amount, unit: 元}\n"
              "  - {key: plain, header: [无单位], type: amount}\n",
              "name,total,plain\n合计,\"33,330,000.00\",3333.0\n其他,12345.00,1.0\n");
    add_table(f, "03-none.yaml",
              "title: 无单位表\ndata: x.csv\ncolumns:\n"
              "  - {key: name, header: [项目]}\n"
              "  - {key: wan, header: [万元数], type: amount, format: {decimals: 1}}\n"
              "  - {key: yuan, header: [元数], type: amount, format: {decimals: 2}}\n",
              "name,wan,yuan\n合计,3333.0,33330000.00\n其他,1.0,12345.00\n");
    add_rules(f, "rules:\n"
                 "  - rule: \"01[name=合计].total = 02[name=合计].total\"\n"
                 "  - rule: \"01[name=其他].total = 02[name=其他].total\"\n"
                 "  - rule: \"02[name=其他].total <= 01[name=其他].total\"\n"
                 "  - rule: \"10000 * 03[name=合计].wan = 03[name=合计].yuan\"\n"
                 "  - rule: \"10000 × 03[name=其他].wan = 03[name=其他].yuan\"\n");
    /* 1.2 万元 is 11,500 to 12,500 元: 12,345.00 元 is within rounding */
    assert_string_equal(
        run_checks(f), "R 01 万元表, 其他, 合计: 12345.00 元 ≈ 12000.00 元, rounding within 500 元 "
                       "(01[name=其他].total = 02[name=其他].total)\n"
                       "R 02 元表, 其他, 合计: 12345.00 元 > 12000.00 元, rounding within 500 元 "
                       "(02[name=其他].total <= 01[name=其他].total)\n"
                       "E 03 无单位表, 其他, 万元数: 12345.00 ≠ 10000.00 (10000 × "
                       "03[name=其他].wan = 03[name=其他].yuan)\n");
    fx_free(f);
    /* a rule may not mix declared and undeclared units */
    f = fx_new();
    add_table(f, "01-wan.yaml",
              "title: t\ndata: x.csv\nunit: 万元\ncolumns:\n"
              "  - {key: name, header: [项目]}\n"
              "  - {key: total, header: [合计], type: amount}\n"
              "  - {key: plain, header: [其他], type: amount, unit: 元}\n",
              "name,total,plain\n");
    bp_error e = {0, ""};
    const char *bad[][2] = {
        {"rules:\n  - rule: \"01[name=x].total = 2 * 01[name=x].plain + 0 * 01[name=x].plain\"\n",
         "rules.yaml:2:54: a factor is a whole number from 1 to 10^8, not '0'"},
        {"rules:\n  - rule: \"01[name=x].total = 01[name=x].plain / 2\"\n",
         "rules.yaml:2:48: '/': a rule does not divide; it adds and subtracts terms, each with a "
         "whole factor (N * term)"},
        {"rules:\n  - rule: \"01[name=x].total = sum(01[name=x].plain)\"\n",
         "rules.yaml:2:31: 'sum(': a rule adds and compares terms and calls no function "
         "(functions are for the figures of the text)"},
        {"rules:\n  - rule: \"01[name=x].total = 01[name=x].plain *\"\n",
         "rules.yaml:2:31: '01[name=x].plain *': a factor is a whole number from 1 to 10^8, such "
         "as 10000"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(
            spec_parse_rules(&f->a, "rules.yaml", bad[i][0], strlen(bad[i][0]), &f->set, &e),
            BP_EINPUT);
        assert_string_equal(e.msg, bad[i][1]);
    }
    fx_free(f);
    const char *mixed = "title: t\ndata: x.csv\ncolumns:\n"
                        "  - {key: name, header: [项目]}\n"
                        "  - {key: total, header: [合计], type: amount, unit: 万元}\n"
                        "  - {key: yuan, header: [元], type: amount, unit: 元}\n"
                        "  - {key: plain, header: [其他], type: amount}\n"
                        "checks:\n  - row: total = plain\n  - row: total = yuan + plain\n";
    bp_arena a;
    bp_arena_init(&a);
    bp_table_spec t;
    assert_int_equal(spec_parse_table(&a, "t.yaml", mixed, strlen(mixed), &t, &e), BP_EINPUT);
    assert_string_equal(e.msg, "t.yaml:10:10: the rule compares 万元 with 元 and 'plain', whose "
                               "column declares no unit (add unit: to its column or table)");
    bp_arena_free(&a);
}

static const char *code_yaml = "title: t\n"
                               "data: x.csv\n"
                               "columns:\n"
                               "  - {key: code, header: [科目编码], code: function}\n"
                               "  - {key: name, header: [科目名称], code: name}\n"
                               "  - {key: econ, header: [经济分类], code: economic}\n"
                               "  - {key: total, header: [合计], type: amount}\n";

/* Codes: 类 3 digits, 款 and 项 2; a child's code begins with its parent's. */
static void code_structure(void **state)
{
    (void)state;
    fx *f = fx_new();
    add_table(f, "05-gpb.yaml", code_yaml,
              "code,name,econ,total\n"
              ",合计,,1.0\n"
              "212,城乡社区支出,302,\n"
              "21201,城乡社区管理事务,30201,\n"
              "2120102,一般行政管理事务,,\n"
              "2130102,错挂的项,3020101,\n" /* under 21201; 7-digit economic code */
              "21A01,字母,,\n"
              "20601,另一个类的款,,\n" /* its 类 row 206 is missing */
              ",小计,,\n"
              "2060101,行政运行,,\n" /* a row without a code ends the tree */
    );
    assert_string_equal(
        run_checks(f),
        "E 05 t, 2130102 错挂的项, 科目编码: 2130102 does not begin with 21201, the code of the 款 "
        "row above it (a child's code begins with its parent's)\n"
        "E 05 t, 21A01 字母, 科目编码: '21A01' is not a 功能分类 code (3, 5 or 7 digits) (codes "
        "are well formed)\n"
        "E 05 t, 20601 另一个类的款, 科目编码: 20601 does not begin with 212, the code of the 类 "
        "row above it (a child's code begins with its parent's)\n"
        "E 05 t, 2130102 错挂的项, 经济分类: '3020101' is not a 经济分类 code (3 or 5 digits) "
        "(codes are well formed)\n");
    add_rules(f, "builtin: {codes: off}\n");
    assert_string_equal(run_checks(f), "");
    fx_free(f);
}

/* Split 类/款/项 columns: each part's length, blank parts taken from the
 * tree, filled parts agreeing with it. */
static void split_code_structure(void **state)
{
    (void)state;
    fx *f = fx_new();
    add_table(f, "03-exp.yaml",
              "title: t\n"
              "data: x.csv\n"
              "columns:\n"
              "  - {key: cls, header: [科目编码, 类], code_part: 类}\n"
              "  - {key: kuan, header: [科目编码, 款], code_part: 款}\n"
              "  - {key: xiang, header: [科目编码, 项], code_part: 项}\n"
              "  - {key: unit, header: [单位代码]}\n"
              "  - {key: name, header: [单位（科目名称）], code: name}\n"
              "  - {key: total, header: [合计], type: amount}\n"
              "checks:\n"
              "  - label: [[cls, kuan, xiang], unit, name]\n",
              "cls,kuan,xiang,unit,name,total\n"
              ",,,033,某单位,1.0\n"
              "212,,,,城乡社区支出,\n"
              ",01,,,城乡社区管理事务,\n" /* 类 blank: 212 from the tree */
              ",,02,,一般行政管理事务,\n" /* 21201 from the tree */
              "206,01,99,,其他,\n"        /* 2060199 under 21201 */
              "212,1,,,短款,\n"
              ",,,034,另一单位,\n"
              ",01,01,,没有类,\n");
    assert_string_equal(run_checks(f),
                        "E 03 t, 2060199 其他, 项: 2060199 does not begin with 21201, the code of "
                        "the 款 row above it (a child's code begins with its parent's)\n"
                        "E 03 t, 2121 短款, 款: 款 '1' is not two digits (codes are well formed)\n"
                        "E 03 t, 0101 没有类, 项: 项 '01' has no 类 above it (codes are well "
                        "formed)\n");
    fx_free(f);
}

/* The column keys code:, code_part: and unit: are checked. */
static void code_and_unit_keys(void **state)
{
    (void)state;
    static const struct {
        const char *column, *msg;
    } cases[] = {
        {"{key: c, header: [编码], code: functional}",
         "t.yaml:4:34: column code must be function, economic or name, not 'functional'"},
        {"{key: c, header: [编码], code_part: 目}",
         "t.yaml:4:39: code_part must be 类, 款 or 项, not '目'"},
        {"{key: c, header: [编码], code: economic, code_part: 项}",
         "t.yaml:4:55: an economic classification code has no 项 (类 and 款 only)"},
        {"{key: c, header: [编码], code: name, code_part: 类}",
         "t.yaml:4:51: code_part belongs to a code column, not to code: name"},
        {"{key: c, header: [编码], type: amount, code: function}",
         "t.yaml:4:48: column 'c': a code column must be a text column"},
        {"{key: c, header: [金额], type: amount, unit: 美元}",
         "t.yaml:4:48: unit must be 元, 千元, 万元, 百万元 or 亿元 (or 十元, 百元, 十万元, "
         "千万元), not "
         "'美元'"},
        {"{key: c, header: [项目], unit: 元}",
         "t.yaml:4:34: column 'c': unit applies to amount columns only"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bp_arena a;
        bp_arena_init(&a);
        bp_table_spec t;
        bp_error e = {0, ""};
        const char *yaml =
            bp_sprintf(&a, "title: t\ndata: x.csv\ncolumns:\n  - %s\n", cases[i].column);
        assert_int_equal(spec_parse_table(&a, "t.yaml", yaml, strlen(yaml), &t, &e), BP_EINPUT);
        assert_string_equal(e.msg, cases[i].msg);
        bp_arena_free(&a);
    }
}

/* With a catalogue: every code exists, every name is the catalogue's. */
static void catalogue_codes_and_names(void **state)
{
    (void)state;
    char path[] = "/tmp/bp-catalogue-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *csv = "code,name\n"
                      "210,卫生健康支出\n"
                      "212,城乡社区支出\n"
                      "21201,城乡社区管理事务\n"
                      "2120104,其他城乡社区管理事务支出\n" /* renumbered from 2120199 */
                      "302,商品和服务支出\n"
                      "30213,维修（护）费\n";
    assert_int_equal(write(fd, csv, strlen(csv)), (ssize_t)strlen(csv));
    close(fd);
    fx *f = fx_new();
    add_table(f, "05-gpb.yaml", code_yaml,
              "code,name,econ,total\n"
              ",合计,,1.0\n"
              "210,医疗卫生与计划生育支出,,\n"
              "212,城乡社区支出,302,\n"
              "21201, 城乡社区 管理事务,30213,\n" /* spaces do not count */
              "2120199,其他城乡社区管理事务支出,,\n"
              "2120102,不在目录里,,\n");
    bp_error e = {0, ""};
    f->len = 0;
    assert_int_equal(
        check_run(&(bp_check_in){BP_CTX(&f->a, &e), &f->set, &f->dept, f->d, collect, f, &f->st},
                  path),
        0);
    char *want = bp_sprintf(
        &f->a,
        "E 05 t, 210 医疗卫生与计划生育支出, 科目名称: 210 is named '医疗卫生与计划生育支出', "
        "the catalogue %s names it '卫生健康支出' (codes and names agree with the catalogue)\n"
        "E 05 t, 2120199 其他城乡社区管理事务支出, 科目编码: 2120199 is not in the catalogue %s; "
        "it has '其他城乡社区管理事务支出' as 2120104 (codes and names agree with the "
        "catalogue)\n"
        "E 05 t, 2120102 不在目录里, 科目编码: 2120102 is not in the catalogue %s (codes and "
        "names agree with the catalogue)\n",
        path, path, path);
    assert_string_equal(f->out, want);
    assert_int_equal(f->st.rules, 5);
    /* the catalogue check lowered to a warning */
    add_rules(f, "builtin: {catalogue: warning}\n");
    f->len = 0;
    assert_int_equal(
        check_run(&(bp_check_in){BP_CTX(&f->a, &e), &f->set, &f->dept, f->d, collect, f, &f->st},
                  path),
        0);
    assert_int_equal(f->st.errors, 0);
    assert_int_equal(f->st.warnings, 3);
    /* a catalogue that is not one */
    const char *bad = "科目,名字\n1,x\n";
    fd = open(path, O_WRONLY | O_TRUNC);
    assert_int_equal(write(fd, bad, strlen(bad)), (ssize_t)strlen(bad));
    close(fd);
    assert_int_equal(
        check_run(&(bp_check_in){BP_CTX(&f->a, &e), &f->set, &f->dept, f->d, collect, f, &f->st},
                  path),
        BP_EINPUT);
    assert_non_null(strstr(e.msg, ":1:1: a 科目 catalogue needs a header line"));
    unlink(path);
    fx_free(f);
}

/* A department name may hold spaces: the check compares the whole name,
 * not the text up to the first space. */
static void department_name_with_spaces(void **state)
{
    (void)state;
    fx *f = fx_new();
    f->dept.name = "测试 部门 一";
    add_table(f, "05-gpb.yaml",
              "title: 表\n"
              "data: x.csv\n"
              "caption: {left: \"部门名称：{department}\", right: \"编制单位：测试 部门 一 "
              "单位：万元\"}\n"
              "subtitle: \"单位名称：测试 部门\"\n"
              "notes: [\"部门名称：测试 部门 一二\"]\n"
              "columns:\n"
              "  - {key: name, header: [科目名称]}\n"
              "  - {key: total, header: [合计], type: amount}\n",
              "name,total\n合计,1.0\n");
    add_rules(f, "rules: []\n");
    assert_string_equal(
        run_checks(f), "E 05 表, subtitle: names the department '测试', department.yaml '测试 部门 "
                       "一' (the department name agrees across department.yaml, titles and "
                       "notes)\n"
                       "E 05 表, note: names the department '测试', department.yaml '测试 部门 "
                       "一' (the department name agrees across department.yaml, titles and "
                       "notes)\n");
    fx_free(f);
}

static void expect_table_error(const char *yaml, const char *msg)
{
    bp_arena a;
    bp_arena_init(&a);
    bp_table_spec t;
    bp_error e = {0, ""};
    assert_int_equal(spec_parse_table(&a, "t.yaml", yaml, strlen(yaml), &t, &e), BP_EINPUT);
    assert_string_equal(e.msg, msg);
    bp_arena_free(&a);
}

#define COLS                                                                                       \
    "title: t\n"                                                                                   \
    "data: x.csv\n"                                                                                \
    "columns:\n"                                                                                   \
    "  - {key: name, header: [名称]}\n"                                                          \
    "  - {key: total, header: [合计], type: amount}\n"                                           \
    "  - {key: a, header: [甲], type: amount}\n"                                                  \
    "checks:\n"

static void table_rule_errors(void **state)
{
    (void)state;
    expect_table_error(COLS "  - row: total = a + totl\n",
                       "t.yaml:8:22: row rule: no column 'totl' in t.yaml (did you mean 'total'?)");
    expect_table_error(COLS "  - row: \"合计 = 甲 + 乙\"\n",
                       "t.yaml:8:20: row rule: no column '乙' in t.yaml");
    expect_table_error(COLS "  - row: total = a\n    tolerence: 0\n",
                       "t.yaml:9:5: unknown key 'tolerence' in row check (did you mean "
                       "'tolerance'?)");
    expect_table_error(COLS "  - row: total = name\n",
                       "t.yaml:8:18: row rule: column 'name' of t.yaml is not an amount column "
                       "(type: amount)");
    expect_table_error(COLS "  - row: total a\n",
                       "t.yaml:8:16: expected '+', '-' or '=' before 'a'");
    expect_table_error(COLS "  - row: total = a +\n", "t.yaml:8:20: the rule ends without a term");
    expect_table_error(COLS "  - row: total = a-b\n",
                       "t.yaml:8:18: row rule: no column 'a-b' in t.yaml (write 'a - b', with "
                       "spaces, to subtract)");
    expect_table_error(COLS "  - column: all\n    total: {column: nme, equals: 合计}\n",
                       "t.yaml:9:21: condition column: no column 'nme' in t.yaml (did you mean "
                       "'name'?)");
    expect_table_error(COLS "  - column: all\n",
                       "t.yaml:8:5: missing required key 'total' in column check");
    expect_table_error(COLS "  - rule: \"[name=合计].total = [name=x].b\"\n",
                       "t.yaml:8:39: rule: no column 'b' in t.yaml (did you mean 'a'?)");
    expect_table_error(COLS "  - rows: total = a\n",
                       "t.yaml:8:5: a check needs exactly one of the keys row, column, hierarchy, "
                       "rule, label or fund");
    expect_table_error(COLS "  - row: total = a\n    tolerance: -1\n",
                       "t.yaml:9:16: tolerance must not be negative");
}

static void set_rule_errors(void **state)
{
    (void)state;
    fx *f = fx_new();
    add_table(f, "05-gpb.yaml", t05, "name,total,basic\n");
    add_table(f, "06-basic.yaml", t06, "name,total\n");
    struct {
        const char *yaml, *msg;
    } cases[] = {
        {"rules:\n  - rule: \"99[name=合计].total = 05[name=合计].total\"\n",
         "rules.yaml:2:12: no table '99' in the layout set (tables: 05-gpb, 06-basic)"},
        {"rules:\n  - rule: \"06[name=合计].total = 05[name=合计].totl\"\n",
         "rules.yaml:2:44: rule: no column 'totl' in 05-gpb.yaml (did you mean 'total'?)"},
        {"rules:\n  - rule: \"06[nam=合计].total = 05[#1].total\"\n",
         "rules.yaml:2:15: row selector: no column 'nam' in 06-basic.yaml (did you mean "
         "'name'?)"},
        {"rules:\n  - rule: \"06.total = 05[#0].total\"\n",
         "rules.yaml:2:12: '06.total': a term here is TABLE[row].column, for example "
         "05[name=合计].total"},
        {"rules:\n  - rule: 06[name=合计].total\n",
         "rules.yaml:2:11: a rule needs the form A = "
         "B + C (or A <= B, A >= B, A < B, A > B; no comparison in '06[name=合计].total')"},
        {"rule:\n  - x\n", "rules.yaml:1:1: unknown key 'rule' in rules file (did you mean "
                           "'rules'?)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bp_error e = {0, ""};
        assert_int_equal(spec_parse_rules(&f->a, "rules.yaml", cases[i].yaml, strlen(cases[i].yaml),
                                          &f->set, &e),
                         BP_EINPUT);
        assert_string_equal(e.msg, cases[i].msg);
    }
    fx_free(f);
}

static void set_rules_file_errors(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_layout_set *s;
    bp_error e = {0, ""};
    const char *dir = BP_TEST_SOURCE_DIR "/tests/fixtures/check/missing-rules";
    assert_int_equal(spec_load_set(BP_CTX(&a, &e), dir, &s), BP_EINPUT);
    if (!strstr(e.msg, "missing-rules/set.yaml:5:8: rules file 'nope.yaml' does not exist"))
        fail_msg("%s", e.msg);
    dir = BP_TEST_SOURCE_DIR "/tests/fixtures/check/bad-rules";
    assert_int_equal(spec_load_set(BP_CTX(&a, &e), dir, &s), BP_EINPUT);
    if (!strstr(e.msg, "bad-rules/rules.yaml:4:43: rule: no column '基本' in 05-gpb.yaml"))
        fail_msg("%s", e.msg);
    bp_arena_free(&a);
}

static void standard_set_has_rules(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_layout_set *s;
    bp_error e = {0, ""};
    if (spec_load_set(BP_CTX(&a, &e), BP_TEST_SOURCE_DIR "/layouts/standard-2024", &s))
        fail_msg("%s", e.msg);
    assert_non_null(s->rules);
    assert_true(s->rules->nrules >= 10);
    int with_checks = 0;
    for (int i = 0; i < s->ntables; i++)
        with_checks += s->tables[i].checks != NULL;
    assert_true(with_checks >= 10);
    assert_string_equal(check_column_name(&a, &s->tables[4], 3), "基本支出"); /* basic_total */
    assert_string_equal(check_column_name(&a, &s->tables[0], 1), "收入金额");
    assert_string_equal(check_table_id(&a, &s->tables[4]), "05");
    bp_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(row_rule_rounding_boundary),
        cmocka_unit_test(findings_as_data),
        cmocka_unit_test(large_amounts_are_exact),
        cmocka_unit_test(tolerance_scales_with_decimals),
        cmocka_unit_test(rounding_bound),
        cmocka_unit_test(per_rule_tolerance),
        cmocka_unit_test(column_rule_counts_rows),
        cmocka_unit_test(column_rule_ranges),
        cmocka_unit_test(hierarchy_by_code_prefix),
        cmocka_unit_test(split_codes_and_labels),
        cmocka_unit_test(merged_cells_are_not_amounts),
        cmocka_unit_test(parentheses_group_terms),
        cmocka_unit_test(cross_table_rules),
        cmocka_unit_test(builtin_checks),
        cmocka_unit_test(builtin_severities),
        cmocka_unit_test(builtin_severity_errors),
        cmocka_unit_test(inequalities),
        cmocka_unit_test(units_and_factors),
        cmocka_unit_test(code_structure),
        cmocka_unit_test(split_code_structure),
        cmocka_unit_test(code_and_unit_keys),
        cmocka_unit_test(catalogue_codes_and_names),
        cmocka_unit_test(department_name_with_spaces),
        cmocka_unit_test(table_rule_errors),
        cmocka_unit_test(set_rule_errors),
        cmocka_unit_test(set_rules_file_errors),
        cmocka_unit_test(standard_set_has_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
