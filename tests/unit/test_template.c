/* test_template.c — layout text templates (src/template.c): parsing into
 * pieces, expansion, errors with their offset, and the errors a layout
 * file gets at load time (file:line:column of the bad name, header cells
 * included). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "spec.h"
#include "template.h"

static bp_tpl_values dept_values(void)
{
    bp_tpl_values v = {{
        [BP_TPL_DEPARTMENT] = "某局",
        [BP_TPL_CODE] = "033",
        [BP_TPL_YEAR] = "2024",
        [BP_TPL_UNIT] = "万元",
    }};
    return v;
}

static void parses_into_pieces(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    const bp_template *t;
    bp_tpl_error err;
    assert_int_equal(tpl_parse(&a, "{year}年预算数", NULL, BP_TPL_DEPT_FIELDS, &t, &err), BP_OK);
    assert_int_equal(t->npieces, 2);
    assert_int_equal(t->pieces[0].field, BP_TPL_YEAR);
    assert_int_equal(t->pieces[1].field, -1);
    assert_int_equal(t->pieces[1].len, strlen("年预算数"));
    assert_memory_equal(t->pieces[1].text, "年预算数", t->pieces[1].len);
    assert_string_equal(t->src, "{year}年预算数");

    /* {{ and }} are literal braces, joined with the text around them */
    assert_int_equal(tpl_parse(&a, "a{{b}}c", NULL, BP_TPL_DEPT_FIELDS, &t, &err), BP_OK);
    assert_int_equal(t->npieces, 1);
    assert_int_equal(t->pieces[0].len, 5);
    assert_memory_equal(t->pieces[0].text, "a{b}c", 5);

    assert_int_equal(tpl_parse(&a, "", NULL, BP_TPL_DEPT_FIELDS, &t, &err), BP_OK);
    assert_int_equal(t->npieces, 0);
    assert_true(tpl_empty(t));
    assert_true(tpl_empty(NULL));
    bp_arena_free(&a);
}

static void expands_with_values(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_tpl_values v = dept_values();
    assert_string_equal(tpl_expand(&a, tpl_must(&a, "{year}年预算数"), &v), "2024年预算数");
    assert_string_equal(tpl_expand(&a, tpl_must(&a, "部门名称：{department}（{code}）{{x}}"), &v),
                        "部门名称：某局（033）{x}");
    assert_string_equal(tpl_expand(&a, tpl_must(&a, "单位：{unit}"), &v), "单位：万元");
    /* a field without a value (no page number here) expands to "" */
    assert_string_equal(tpl_expand(&a, tpl_must(&a, "第 {page} 页"), &v), "第  页");
    v.v[BP_TPL_PAGE] = "3";
    v.v[BP_TPL_PAGES] = "9";
    assert_string_equal(tpl_expand(&a, tpl_must(&a, "第 {page} 页 共 {pages} 页"), &v),
                        "第 3 页 共 9 页");
    assert_null(tpl_expand(&a, NULL, &v));
    bp_arena_free(&a);
}

static void expect_tpl_error(const char *src, unsigned allowed, size_t offset, size_t len,
                             const char *needle)
{
    bp_arena a;
    bp_arena_init(&a);
    const bp_template *t;
    bp_tpl_error err;
    int rc = tpl_parse(&a, src, NULL, allowed, &t, &err);
    if (rc != BP_EINPUT || !strstr(err.msg, needle) || err.offset != offset || err.len != len)
        fail_msg("'%s': expected '%s' at %zu+%zu, got rc=%d '%s' at %zu+%zu", src, needle, offset,
                 len, rc, rc ? err.msg : "", rc ? err.offset : 0, rc ? err.len : 0);
    bp_arena_free(&a);
}

static void unknown_names_are_errors(void **state)
{
    (void)state;
    expect_tpl_error("{yaer}年", BP_TPL_DEPT_FIELDS, 0, 6, "unknown placeholder '{yaer}'");
    expect_tpl_error("单位：{units}", BP_TPL_DEPT_FIELDS, strlen("单位："), 7,
                     "unknown placeholder '{units}'");
    expect_tpl_error("第 {page} 页", BP_TPL_DEPT_FIELDS, 4, 6, "'{page}' cannot be used here");
    expect_tpl_error("{title}续", BP_TPL_FOOTER_FIELDS, 0, 7, "only in continued");
    expect_tpl_error("a{b", BP_TPL_DEPT_FIELDS, 1, 1, "unclosed '{'");
    expect_tpl_error("a{b{year}}", BP_TPL_DEPT_FIELDS, 1, 1, "unclosed '{'");
    expect_tpl_error("a}b", BP_TPL_DEPT_FIELDS, 1, 1, "unmatched '}'");
}

static void finds_leftover_fields(void **state)
{
    (void)state;
    size_t len = 0;
    const char *s = "2024年{部门}经费";
    const char *f = tpl_find_field(s, &len);
    assert_ptr_equal(f, s + strlen("2024年"));
    assert_int_equal(len, strlen("{部门}"));
    assert_null(tpl_find_field("{} and {", &len));
    assert_null(tpl_find_field("no braces", &len));
}

static int parse(bp_arena *a, const char *yaml, bp_table_spec *t, bp_error *e)
{
    return spec_parse_table(a, "t.yaml", yaml, strlen(yaml), t, e);
}

static void expect_layout_error(const char *yaml, const char *needle)
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

static void layout_errors_name_line_and_column(void **state)
{
    (void)state;
    /* the column of the bad name itself, in characters */
    expect_layout_error("title: \"{yaer}年预算表\"\ndata: x.csv\ncolumns:\n"
                        "  - {key: a, header: [x]}\n",
                        "t.yaml:1:9: title: unknown placeholder '{yaer}'");
    expect_layout_error("title: t\ndata: x.csv\ncolumns:\n"
                        "  - {key: a, header: [合计, \"{yaer}年预算数\"]}\n",
                        "t.yaml:4:28: column header: unknown placeholder '{yaer}'");
    expect_layout_error("title: t\ndata: x.csv\ncolumns:\n  - {key: a, header: [x]}\n"
                        "notes:\n  - 注：{year}年 {year} {page}\n",
                        "t.yaml:6:22: note: '{page}' cannot be used here");
    expect_layout_error("title: t\ndata: x.csv\ncolumns:\n  - {key: a, header: [x]}\n"
                        "empty_note: \"本表为空表{\"\n",
                        "t.yaml:5:19: empty_note: unclosed '{'");
    expect_layout_error("title: t\ndata: x.csv\ncaption: {left: \"{department}\", right: "
                        "\"单位：{unti}\"}\ncolumns:\n  - {key: a, header: [x]}\n",
                        "t.yaml:3:44: caption right: unknown placeholder '{unti}'");
    /* {title} belongs to continued */
    expect_layout_error(
        "title: t\ndata: x.csv\ncontinued: \"{title}（续）\"\nsubtitle: \"{title}\"\n"
        "columns:\n  - {key: a, header: [x]}\n",
        "t.yaml:4:12: subtitle: '{title}' cannot be used here");
}

static void header_cells_are_templates(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_table_spec t;
    bp_error e = {0};
    const char *y = "title: t\ndata: x.csv\ncolumns:\n"
                    "  - {key: a, header: [科目]}\n"
                    "  - {key: b, header: [\"{year}年预算数\", 小计]}\n"
                    "  - {key: c, header: [\"{year}年预算数\", 基本]}\n";
    if (parse(&a, y, &t, &e)) fail_msg("%s", e.msg);
    bp_tpl_values v = dept_values();
    int found = 0;
    for (int i = 0; i < t.nheader; i++) {
        const bp_header_cell *h = &t.header[i];
        assert_non_null(h->tpl);
        if (!strcmp(h->text, "{year}年预算数")) {
            found++;
            assert_int_equal(h->colspan, 2);
            assert_string_equal(tpl_expand(&a, h->tpl, &v), "2024年预算数");
            assert_string_equal(tpl_where(h->tpl, "?"), "t.yaml:5:23");
        }
    }
    assert_int_equal(found, 1);
    bp_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_into_pieces),
        cmocka_unit_test(expands_with_values),
        cmocka_unit_test(unknown_names_are_errors),
        cmocka_unit_test(finds_leftover_fields),
        cmocka_unit_test(layout_errors_name_line_and_column),
        cmocka_unit_test(header_cells_are_templates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
