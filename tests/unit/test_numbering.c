/* test_numbering.c — the numbering skipped in front of a title or a
 * contents line (numbering.h): every common form, and text that only
 * looks like one left alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "numbering.h"

static void skips(const char *in, const char *want)
{
    const char *got = bp_skip_numbering(in);
    if (strcmp(got, want)) fail_msg("bp_skip_numbering('%s') = '%s', want '%s'", in, got, want);
}

static void numbering_forms(void **state)
{
    (void)state;
    skips("一、部门收支总体情况表", "部门收支总体情况表");
    skips("十二、项目支出绩效目标表", "项目支出绩效目标表");
    skips("6.一般公共预算基本支出表", "一般公共预算基本支出表");
    skips("6. 一般公共预算基本支出表", "一般公共预算基本支出表");
    skips("12．项目支出表", "项目支出表");
    skips("6、一般公共预算基本支出表", "一般公共预算基本支出表");
    skips("６、一般公共预算基本支出表", "一般公共预算基本支出表");
    skips("（六）一般公共预算基本支出表", "一般公共预算基本支出表");
    skips("(六)一般公共预算基本支出表", "一般公共预算基本支出表");
    skips("（6）一般公共预算基本支出表", "一般公共预算基本支出表");
    skips("(6) 一般公共预算基本支出表", "一般公共预算基本支出表");
    skips("6）一般公共预算基本支出表", "一般公共预算基本支出表");
    skips("Ⅵ、一般公共预算基本支出表", "一般公共预算基本支出表");
    skips("⑥一般公共预算基本支出表", "一般公共预算基本支出表");
    skips("一、　部门收支总体情况表", "部门收支总体情况表"); /* ideographic space */
}

static void not_numbering(void **state)
{
    (void)state;
    skips("一般公共预算支出情况表", "一般公共预算支出情况表");
    skips("2024年一般公共预算支出情况表", "2024年一般公共预算支出情况表");
    skips("2024 年一般公共预算支出情况表", "2024 年一般公共预算支出情况表");
    skips("6.5万元以上项目", "6.5万元以上项目"); /* a figure, not numbering */
    skips("三公经费", "三公经费");
    skips("（单位：万元）", "（单位：万元）");
    skips("(六", "(六");
    skips("一、", "一、"); /* nothing but numbering: kept */
    skips("", "");
    skips("部门预算", "部门预算");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(numbering_forms),
        cmocka_unit_test(not_numbering),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
