/* test_bind.c — the pieces of budgetpdf bind (src/drive/bind*.c,
 * check_typed.h): typed figures found with their places and words, a
 * typed figure against a table figure (exactly, rounded, truncated, in
 * another unit), the unit scaling written, and the words that name a cell
 * (a word inside a longer word said names nothing more; parts of a name). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "bind_priv.h"

static bp_typed typed_at(bp_arena *a, const char *src, int k)
{
    bp_vec v;
    bp_vec_init(&v, sizeof(bp_typed));
    bp_error e = {0, ""};
    assert_int_equal(check_typed_figures(a, "t.md", src, strlen(src), &v, &e), BP_OK);
    assert_true(k < v.n);
    return ((bp_typed *)v.items)[k];
}

static void typed_places_and_words(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    const char *src =
        "# 标题\n\n## 二、收入预算总体情况\n\n收入合计 673.65 万元，其中：一般公共预算"
        "{{ 01[#1].x }}万元，占 91.84%。\n单位价值50万元以上的设备。\n";
    bp_vec v;
    bp_vec_init(&v, sizeof(bp_typed));
    bp_error e = {0, ""};
    assert_int_equal(check_typed_figures(&a, "t.md", src, strlen(src), &v, &e), BP_OK);
    assert_int_equal(v.n, 2); /* the expression and the threshold are not typed figures */
    bp_typed *t = v.items;
    assert_int_equal(t[0].line, 5);
    assert_int_equal(t[0].col, 6);
    assert_memory_equal(src + t[0].at, "673.65", 6);
    assert_int_equal(t[0].end - t[0].at, 6);
    assert_memory_equal(src + t[0].unit_at, "万元", 6);
    assert_int_equal(t[0].unit_exp, 4);
    assert_string_equal(t[0].clause, "收入合计");
    assert_string_equal(t[0].heading, "二、收入预算总体情况");
    assert_int_equal(t[1].unit_exp, -1);
    assert_memory_equal(src + t[1].at, "91.84", 5);
    assert_memory_equal(src + t[1].unit_end - 1, "%", 1);
    assert_string_equal(t[1].clause, "占");
    assert_int_equal(t[0].sentence_no, t[1].sentence_no);
    assert_int_equal(check_typed_offset(src, strlen(src), 5, 6), t[0].at);
    bp_arena_free(&a);
}

static void matches_rounding_and_units(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_typed t = typed_at(&a, "收入673.65万元。", 0);
    bp_decimal yuan = {673648000, 2};                                 /* 6736480.00 元 */
    assert_int_equal(bind_matches(&t, bp_exact_in_unit(yuan, 0)), 1); /* rounded */
    bp_decimal exact = {67365, 2};
    assert_int_equal(bind_matches(&t, bp_exact_in_unit(exact, 4)), 2);
    bp_decimal other = {67366, 2};
    assert_int_equal(bind_matches(&t, bp_exact_in_unit(other, 4)), 0);
    bp_typed tr = typed_at(&a, "机关运行经费71.15万元。", 0);
    bp_decimal office = {71158, 3}; /* 71.158 truncated to 71.15 */
    assert_int_equal(bind_matches(&tr, bp_exact_in_unit(office, 4)), 1);
    bp_decimal far = {71170, 3};
    assert_int_equal(bind_matches(&tr, bp_exact_in_unit(far, 4)), 0);
    assert_string_equal(bind_scaled(&a, "01[#1].x", 0, 4), "01[#1].x / 10000");
    assert_string_equal(bind_scaled(&a, "01[#1].x", 4, 0), "01[#1].x * 10000");
    assert_string_equal(bind_scaled(&a, "01[#1].x", 4, 4), "01[#1].x");
    bp_arena_free(&a);
}

static void words_name_a_cell(void **state)
{
    (void)state;
    const char *running[] = {"运行费", "“三公”经费", "公务用车购置及运行费"};
    const char *total[] = {"小计", "“三公”经费", "公务用车购置及运行费"};
    bind_cell r = {0}, t = {0};
    r.words = running, r.nnames = 1, r.nwords = 3;
    t.words = total, t.nnames = 1, t.nwords = 3;
    /* 运行费 inside 公务用车购置及运行费: the two columns tie (the first wins) */
    assert_int_equal(bind_words(&r, "公务用车购置及运行费", true),
                     bind_words(&t, "公务用车购置及运行费", true));
    assert_true(bind_words(&r, "公务用车运行费", true) > bind_words(&t, "公务用车运行费", true));
    /* a part of a name: 专户管理 of 财政专户管理资金 */
    const char *special[] = {"合计", "财政专户管理资金"};
    bind_cell s = {0};
    s.words = special, s.nnames = 2, s.nwords = 2;
    assert_int_equal(bind_words(&s, "专户管理的教育收费", true), 1200);
    assert_int_equal(bind_words(&s, "专户管理的教育收费", false), 0);
    assert_int_equal(bind_words(&s, "政府采购预算安排", true), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(typed_places_and_words),
        cmocka_unit_test(matches_rounding_and_units),
        cmocka_unit_test(words_name_a_cell),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
