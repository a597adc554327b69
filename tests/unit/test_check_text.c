/* test_check_text.c — the checks on the document's text (check_text.h),
 * run by check_run_document (as budgetpdf check does, after check_run)
 * over a document.md written in a scratch folder: typed
 * figures and the table figure named for them (the same, a rounding apart,
 * another unit, another label, none), shares that do not add up to 100%,
 * years, the department's name, repeated words, clauses and paragraphs,
 * leftover template text, the places (line and column in characters) under
 * markdown syntax, and the severities of rules.yaml's builtin:. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_fixture.h"
#define TMPDIR_FIXTURE_NAME "check-text"
#include "tmpdir_fixture.h"

static char g_cwd[4096];

static int text_setup(void **state)
{
    if (setup(state)) return -1;
    if (!getcwd(g_cwd, sizeof g_cwd) || chdir(g_dir)) return -1;
    return 0;
}

static int text_teardown(void **state)
{
    if (chdir(g_cwd)) return -1;
    return teardown(state);
}

static void write_doc(const char *text)
{
    FILE *f = fopen("document.md", "wb");
    assert_non_null(f);
    fwrite(text, 1, strlen(text), f);
    fclose(f);
}

/* A department in the scratch folder (the current one) with one table:
 * 合计 30.5 = 基本支出 10.5 + 项目支出 20.0, in 万元. */
static fx *dept_fx(void)
{
    fx *f = fx_new();
    f->dept.dir = ".";
    add_table(f, "05-gpb.yaml",
              "title: 支出表\n"
              "data: x.csv\n"
              "format: {decimals: 1}\n"
              "columns:\n"
              "  - {key: name, header: [项目]}\n"
              "  - {key: total, header: [合计], type: amount}\n"
              "  - {key: basic, header: [基本支出], type: amount}\n"
              "  - {key: project, header: [项目支出], type: amount}\n",
              "name,total,basic,project\n"
              "合计,30.5,10.5,20.0\n"
              "人员经费,3.0,3.0,\n");
    return f;
}

/* The lines budgetpdf check reports: check_run's, then the text's. */
static const char *check_all(fx *f)
{
    bp_error e = {0, ""};
    run_checks(f);
    assert_int_equal(check_run_document(&(bp_check_in){BP_CTX(&f->a, &e), &f->set, &f->dept, f->d,
                                                       collect, f, &f->st}),
                     0);
    return f->out;
}

static const char *lint(fx *f, const char *text)
{
    write_doc(text);
    return check_all(f);
}

static void typed_figures_name_the_table_figure(void **state)
{
    (void)state;
    fx *f = dept_fx();
    const char *out = lint(
        f, "支出合计 30.5 万元，其中：基本支出 10.5 万元；项目支出 {{ 05[name=合计].project }} "
           "万元。\n"
           "\n"
           "合计 305000 元。单位价值 50 万元以上的设备 3 台，共 12345 人。\n");
    assert_string_equal(out,
                        "W ./document.md:1:6: figure typed as text: 30.5 万元, which 05 支出表, "
                        "合计, 合计 holds (a figure in the text is a {{ }} expression)\n"
                        "W ./document.md:1:22: figure typed as text: 10.5 万元, which 05 支出表, "
                        "合计, 基本支出 holds (a figure in the text is a {{ }} expression)\n"
                        "W ./document.md:3:4: figure typed as text: 305000 元, which 05 支出表, "
                        "合计, 合计 holds (a figure in the text is a {{ }} expression)\n");
    assert_int_equal(f->st.warnings, 3);
    assert_int_equal(f->st.errors, 0);
    /* as data: the place in the text, the table cell the figure stands for,
     * both figures in the text's unit */
    assert_string_equal(f->data,
                        "text_figures|a figure in the text is a {{ }} expression|-1 - -|-|-|"
                        "30.5 30.5 - - 万元|./document.md:1:6| 0.0.1@x.csv:2:2\n"
                        "text_figures|a figure in the text is a {{ }} expression|-1 - -|-|-|"
                        "10.5 10.5 - - 万元|./document.md:1:22| 0.0.2@x.csv:2:3\n"
                        "text_figures|a figure in the text is a {{ }} expression|-1 - -|-|-|"
                        "305000.0 305000 - - 元|./document.md:3:4| 0.0.1@x.csv:2:2\n");
    fx_free(f);
}

static void typed_figures_near_or_elsewhere(void **state)
{
    (void)state;
    fx *f = dept_fx();
    const char *out = lint(f, "基本支出 11 万元。\n\n"   /* a rounding apart */
                              "基本支出 10.5 元。\n\n"   /* another unit */
                              "基本支出 20.0 万元。\n\n" /* 项目支出's figure */
                              "基本支出 99.5 万元。\n\n" /* no table holds it */
                              "收入增加 99.5 万元。\n\n" /* a change: no label named */
                              "占 23.72%。\n");
    assert_string_equal(
        out,
        "W ./document.md:1:6: figure typed as text: 11 万元; 05 支出表, 合计, 基本支出 holds "
        "10.5 万元 (a rounding apart) (a figure in the text is a {{ }} expression)\n"
        "E ./document.md:3:6: typed figure 10.5 元 is in the wrong unit: 05 支出表, 合计, 基本支出 "
        "holds 10.5 万元 (a 万元/元 slip) (a figure typed in the text is a figure of the "
        "tables)\n"
        "W ./document.md:5:6: figure typed as text: 20.0 万元, which 05 支出表, 合计, 项目支出 "
        "holds, not 基本支出 (05 支出表, 合计, 基本支出: 10.5 万元) (a figure in the text is a "
        "{{ }} expression)\n"
        "W ./document.md:7:6: figure typed as text: 99.5 万元, which no table holds; 基本支出 "
        "is 10.5 万元 in 05 支出表, 合计, 基本支出 (a figure in the text is a {{ }} "
        "expression)\n"
        "W ./document.md:9:6: figure typed as text: 99.5 万元, which no table holds (a figure "
        "in the text is a {{ }} expression)\n"
        "W ./document.md:11:3: figure typed as text: 23.72% (a figure in the text is a {{ }} "
        "expression)\n");
    fx_free(f);
}

/* Near misses (issue 23): a typed figure that no table holds but that is a
 * digit added, dropped or swapped, or a 万元/元 slip, away from one is an
 * error naming the cell it was meant to be; one far from every figure
 * stays a warning. */
static void typed_near_misses(void **state)
{
    (void)state;
    fx *f = dept_fx();
    add_table(f, "06-misc.yaml",
              "title: 其他表\n"
              "data: y.csv\n"
              "columns:\n"
              "  - {key: name, header: [项目]}\n"
              "  - {key: amount, header: [金额], type: amount}\n",
              "name,amount\n"
              "培训费,87.36\n"
              "维修费,1234.5\n");
    const char *out = lint(f, "培训费 887.36 万元。\n\n"   /* a digit added */
                              "培训费 87.3 万元。\n\n"     /* a digit dropped, not a rounding */
                              "维修费 1243.5 万元。\n\n"   /* two digits swapped */
                              "维修费 12345000 万元。\n\n" /* 元 figures written 万元: 10^4 */
                              "维修费 0.12345 万元。\n\n"  /* 元 read as 万元 */
                              "维修费 999.9 万元。\n");    /* far: a warning */
    assert_string_equal(
        out,
        "E ./document.md:1:5: typed figure 887.36 万元 is no table figure; it was meant to be "
        "06 其他表, 培训费, 金额, 87.36 万元 (a digit added) (a figure typed in the text is a "
        "figure of the tables)\n"
        "E ./document.md:3:5: typed figure 87.3 万元 is no table figure; it was meant to be 06 "
        "其他表, 培训费, 金额, 87.36 万元 (a digit dropped) (a figure typed in the text is a "
        "figure of the tables)\n"
        "E ./document.md:5:5: typed figure 1243.5 万元 is no table figure; it was meant to be "
        "06 其他表, 维修费, 金额, 1234.5 万元 (two digits swapped) (a figure typed in the text "
        "is a figure of the tables)\n"
        "E ./document.md:7:5: typed figure 12345000 万元 is no table figure; it was meant to be "
        "06 其他表, 维修费, 金额, 1234.5 万元 (a 万元/元 slip) (a figure typed in the text is a "
        "figure of the tables)\n"
        "E ./document.md:9:5: typed figure 0.12345 万元 is no table figure; it was meant to be "
        "06 其他表, 维修费, 金额, 1234.5 万元 (a 万元/元 slip) (a figure typed in the text is a "
        "figure of the tables)\n"
        "W ./document.md:11:5: figure typed as text: 999.9 万元, which no table holds; 维修费 is "
        "1234.5 万元 in 06 其他表, 维修费, 金额 (a figure in the text is a {{ }} expression)\n");
    assert_int_equal(f->st.errors, 5);
    assert_int_equal(f->st.warnings, 1);
    /* as data: the cell named, its figure in the text's unit */
    assert_non_null(strstr(f->data, "87.36 887.36"));
    fx_free(f);
}

/* A typed zero is matched only where the clause names the cell (an empty
 * cell is a zero), and a zero no table names is not reported. */
static void typed_zero(void **state)
{
    (void)state;
    fx *f = dept_fx();
    const char *out = lint(f, "人员经费的项目支出 0 万元；政府采购 0 万元；基本支出 0 万元。\n");
    assert_string_equal(
        out, "W ./document.md:1:11: figure typed as text: 0 万元, which 05 支出表, "
             "人员经费, 项目支出 holds (a figure in the text is a {{ }} expression)\n"
             "W ./document.md:1:31: figure typed as text: 0 万元, which no table "
             "holds; 基本支出 is 10.5 万元 in 05 支出表, 合计, 基本支出 (a figure in the "
             "text is a {{ }} expression)\n");
    fx_free(f);
}

static void shares_add_up_to_100(void **state)
{
    (void)state;
    fx *f = dept_fx();
    add_rules(f, "builtin: {text_figures: off}\n");
    const char *out = lint(
        f, "甲占 23.72%，乙占 76.28%。\n\n" /* 100.00 */
           "甲占 23.72%，乙占 76.27%。\n\n" /* within rounding */
           "甲占比 30%，乙占 60%。\n\n"     /* not 100 */
           /* an expression's share is known: checked when one share is typed */
           "甲占 30%，乙占 {{ share(05[name=合计].project, 05[name=合计].basic, "
           "05[name=合计].project) }}。甲占 {{ share(05[name=合计].basic, 05[name=合计].basic, "
           "05[name=合计].project) }}，乙占 {{ share(05[name=合计].project, 05[name=合计].basic, "
           "05[name=合计].project) }}。\n\n"
           "增长 30%，增长 60%。甲占 40%。乙占 50%。\n"); /* not shares, alone */
    assert_string_equal(out,
                        "R ./document.md:3:4: the shares 23.72% + 76.27% add up to 99.99%, "
                        "rounding within 0.01% (the shares listed in one sentence add up to 100%)\n"
                        "E ./document.md:5:5: the shares 30% + 60% add up to 90%, not 100% (the "
                        "shares listed in one sentence add up to 100%)\n"
                        "E ./document.md:7:4: the shares 30% + 65.57% add up to 95.57%, not 100% "
                        "(the shares listed in one sentence add up to 100%)\n");
    fx_free(f);
}

static void years(void **state)
{
    (void)state;
    fx *f = dept_fx();
    add_rules(f, "builtin: {text_figures: off}\n");
    const char *out = lint(f, "# 2024 年部门预算\n\n"
                              "2024 年收入与 2023 年预算相比增加。2023 年期末。\n\n"
                              "2024 年“三公”经费支出预算数比 2024 年增加。\n\n"
                              "根据 2019 年的文件，{{ 05[name=合计].total }} 年比 2024 年。12345 "
                              "年度 2024年度\n\n"
                              /* comparisons and earlier years in their context */
                              "比2022年预算增加，与2021年预算持平，拟从2020年起，自2018年以来，"
                              "截至2023年底，2019年决算。\n\n"
                              /* a year given as the budget's */
                              "2023年部门预算收入 30.5 万元。2025年度一般公共预算支出。\n\n"
                              "## 2022年情况\n");
    assert_string_equal(out, "E ./document.md:5:1: 2024年 is compared with 2024年 (at 5:20), the "
                             "same year; the budget year is 2024 (years in the text are the budget "
                             "year or the one before)\n"
                             "E ./document.md:11:1: 2023年 is given as the year of the budget, "
                             "which is 2024 (write 2024年, or compare: 比2023年…) (years in the "
                             "text are the budget year or the one before)\n"
                             "E ./document.md:11:21: 2025年 is given as the year of the budget, "
                             "which is 2024 (write 2024年, or compare: 比2025年…) (years in the "
                             "text are the budget year or the one before)\n"
                             "E ./document.md:13:4: 2022年 is given as the year of the budget, "
                             "which is 2024 (write 2024年, or compare: 比2022年…) (years in the "
                             "text are the budget year or the one before)\n");
    fx_free(f);
}

static void department_name(void **state)
{
    (void)state;
    fx *f = dept_fx();
    add_rules(f, "builtin: {text_figures: off}\n");
    f->dept.name = "郑州高新技术产业开发区新型智慧城市运行中心";
    const char *out =
        lint(f, "**2024 年郑州高新技术产业开发区  \n新型智慧城市运行中心部门预算公开**\n\n"
                "郑州高新技术产业开发区新型智慧城市管理中心负责。\n\n"
                "郑州高新技术产业开发区管委会和郑州高新技术产业开发区新型智慧城市运行中心。\n\n"
                "2024 年郑州市财政局部门预算公开。本部门预算。智慧城市运行中心部门预算。\n\n"
                "# 第二部分 郑州市民政局 2024 年部门预算情况说明\n");
    assert_string_equal(
        out,
        "E ./document.md:4:1: names the department '郑州高新技术产业开发区新型智慧城市管理中心', "
        "department.yaml '郑州高新技术产业开发区新型智慧城市运行中心' (the department name in the "
        "text is department.yaml's)\n"
        "E ./document.md:8:7: names the department '郑州市财政局', department.yaml "
        "'郑州高新技术产业开发区新型智慧城市运行中心' (the department name in the text is "
        "department.yaml's)\n"
        "E ./document.md:10:8: names the department '郑州市民政局', department.yaml "
        "'郑州高新技术产业开发区新型智慧城市运行中心' (the department name in the text is "
        "department.yaml's)\n");
    fx_free(f);
}

static void repeats(void **state)
{
    (void)state;
    fx *f = dept_fx();
    add_rules(f, "builtin: {text_figures: off}\n");
    const char *out = lint(f, "主要原因主要原因是部门职责调整，一一对应。\n\n"
                              "新增项目支出，新增项目支出；无。\n\n"
                              "- 负责全区统一的平台建设。\n\n"
                              "无。\n\n"
                              "无。\n\n"
                              "- 负责全区统一的平台建设。\n");
    assert_string_equal(out,
                        "E ./document.md:1:5: '主要原因' twice in a row: '主要原因主要原因' (no "
                        "word, clause or paragraph printed twice)\n"
                        "E ./document.md:3:8: the clause '新增项目支出' twice in a row (no word, "
                        "clause or paragraph printed twice)\n"
                        "E ./document.md:11:3: the paragraph of line 5 printed again (no word, "
                        "clause or paragraph printed twice)\n");
    fx_free(f);
}

static void leftovers(void **state)
{
    (void)state;
    fx *f = dept_fx();
    add_rules(f, "leftovers: [某某]\nbuiltin: {text_figures: off}\n");
    const char *out = lint(f, "XX部门收入 x,xxx 万元，某某科室……待填写。\n\n"
                              "{{ 05[name=合计].total + 0 }} 与 {department}；XXL 301XX xx。\n");
    assert_string_equal(
        out, "E ./document.md:1:1: leftover template text 'XX' (no leftover template text)\n"
             "E ./document.md:1:8: leftover template text 'x,xxx' (no leftover template text)\n"
             "E ./document.md:1:17: leftover template text '某某' (no leftover template "
             "text)\n"
             "E ./document.md:1:21: leftover template text '……' (no leftover template "
             "text)\n"
             "E ./document.md:1:23: leftover template text '待填' (no leftover template "
             "text)\n"
             "E ./document.md:3:31: leftover template text '{department}' (no leftover "
             "template text)\n");
    fx_free(f);
}

/* Lines and columns in characters, under markdown syntax; what is not
 * printed (comments, link targets) is not read (a code block is refused,
 * by check as by render). */
static void places_under_markdown(void **state)
{
    (void)state;
    fx *f = dept_fx();
    add_rules(f, "builtin: {text_figures: off}\n");
    const char *out = lint(f, "\xEF\xBB\xBF<!-- 2020 年 -->\r\n"
                              "标题 2019 年部门预算\r\n"
                              "\r\n"
                              "## 2018 年\r\n"
                              "1. 中文 **2017** 年预算\r\n"
                              "   续行 {{ 05[#1].total }}2016 年收入\r\n"
                              "<!-- 2014 年\r\n"
                              "2013 年 -->\r\n" /* an HTML block: its line is left out */
                              "见[说明](http://x/2012年) \\*2011 年预算\r\n");
    assert_string_equal(
        out,
        "E ./document.md:2:4: 2019年 is given as the year of the budget, which is 2024 (write "
        "2024年, or compare: 比2019年…) (years in the text are the budget year or the one before)\n"
        "E ./document.md:4:4: 2018年 is given as the year of the budget, which is 2024 (write "
        "2024年, or compare: 比2018年…) (years in the text are the budget year or the one before)\n"
        "E ./document.md:5:9: 2017年 is given as the year of the budget, which is 2024 (write "
        "2024年, or compare: 比2017年…) (years in the text are the budget year or the one before)\n"
        "E ./document.md:6:25: 2016年 is given as the year of the budget, which is 2024 (write "
        "2024年, or compare: 比2016年…) (years in the text are the budget year or the one before)\n"
        "E ./document.md:9:25: 2011年 is given as the year of the budget, which is 2024 (write "
        "2024年, or compare: 比2011年…) (years in the text are the budget year or the one "
        "before)\n");
    fx_free(f);
}

/* The text checks read the tree the typesetter sets (doc_text.h): what
 * render refuses, check refuses too (a code block), naming the file. */
static void one_reading_with_render(void **state)
{
    (void)state;
    fx *f = dept_fx();
    write_doc("正文。\n\n```\n2015 年\n```\n");
    run_checks(f);
    bp_error e = {0, ""};
    assert_int_equal(check_run_document(&(bp_check_in){BP_CTX(&f->a, &e), &f->set, &f->dept, f->d,
                                                       collect, f, &f->st}),
                     BP_EINPUT);
    assert_non_null(strstr(e.msg, "./document.md: a code block is not part of"));
    fx_free(f);
}

/* builtin: sets each text check's severity; render's checks (check_run)
 * and a folder without document.md: no text checks. */
static void severities_and_no_document(void **state)
{
    (void)state;
    fx *f = dept_fx();
    const char *doc = "基本支出 10.5 万元，主要原因主要原因。\n";
    assert_non_null(strstr(lint(f, doc), "W ./document.md:1:6: figure typed"));
    int rules = f->st.rules;
    assert_int_equal(rules, 3 + 3); /* the built-in checks, and the text's own three */
    add_rules(f, "builtin: {text_figures: error, text_repeats: off}\n");
    assert_string_equal(lint(f, doc),
                        "E ./document.md:1:6: figure typed as text: 10.5 万元, which "
                        "05 支出表, 合计, 基本支出 holds (a figure in the text is a {{ }} "
                        "expression)\n");
    assert_int_equal(f->st.errors, 1);
    assert_int_equal(f->st.rules, rules - 1);
    /* check_run alone (render's checks) does not read the text */
    assert_string_equal(run_checks(f), "");
    assert_int_equal(f->st.rules, 3);
    unlink("document.md");
    assert_string_equal(check_all(f), "");
    assert_int_equal(f->st.rules, 3);
    fx_free(f);
}

static void not_utf8(void **state)
{
    (void)state;
    fx *f = dept_fx();
    write_doc("第一行\n中文\xff\n");
    bp_error e = {0, ""};
    assert_int_equal(check_run_document(&(bp_check_in){BP_CTX(&f->a, &e), &f->set, &f->dept, f->d,
                                                       collect, f, &f->st}),
                     BP_EINPUT);
    assert_string_equal(e.msg, "./document.md:2:3: not UTF-8 (the document's text is UTF-8)");
    fx_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(typed_figures_name_the_table_figure, text_setup,
                                        text_teardown),
        cmocka_unit_test_setup_teardown(typed_figures_near_or_elsewhere, text_setup, text_teardown),
        cmocka_unit_test_setup_teardown(typed_zero, text_setup, text_teardown),
        cmocka_unit_test_setup_teardown(typed_near_misses, text_setup, text_teardown),
        cmocka_unit_test_setup_teardown(shares_add_up_to_100, text_setup, text_teardown),
        cmocka_unit_test_setup_teardown(years, text_setup, text_teardown),
        cmocka_unit_test_setup_teardown(department_name, text_setup, text_teardown),
        cmocka_unit_test_setup_teardown(repeats, text_setup, text_teardown),
        cmocka_unit_test_setup_teardown(leftovers, text_setup, text_teardown),
        cmocka_unit_test_setup_teardown(places_under_markdown, text_setup, text_teardown),
        cmocka_unit_test_setup_teardown(one_reading_with_render, text_setup, text_teardown),
        cmocka_unit_test_setup_teardown(severities_and_no_document, text_setup, text_teardown),
        cmocka_unit_test_setup_teardown(not_utf8, text_setup, text_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
