/* test_layout_form.c — the layout of a form (layout_form.c) read back from
 * the display list: each record from a new page with a bookmark under the
 * table's, the head block repeated on a record's continuation pages,
 * merge cells joined within the merge cells left of them, and groups of
 * the innermost merge cell kept on one page. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <string.h>

#include "data_form.h"
#include "layout_priv.h"

#include "fonts_fixture.h"

static const char layout[] = "kind: form\n"
                             "title: \"{year}年绩效目标表\"\n"
                             "data: p.csv\n"
                             "columns:\n"
                             "  - {key: code, header: [编码]}\n"
                             "  - {key: name, header: [名称]}\n"
                             "  - {key: total, header: [金额], type: amount}\n"
                             "  - {key: l1, header: [一级]}\n"
                             "  - {key: l2, header: [二级]}\n"
                             "  - {key: ind, header: [指标]}\n"
                             "form:\n"
                             "  record: code\n"
                             "  bookmark: name\n"
                             "  grid: [30, 30, \"1*\"]\n"
                             "  head:\n"
                             "    - [{label: 项目名称}, {value: name, span: 2}]\n"
                             "  fields:\n"
                             "    - [{label: 金额}, {value: total, span: 2}]\n"
                             "  items:\n"
                             "    header:\n"
                             "      - [{label: 一级指标}, {label: 二级指标}, {label: 三级指标}]\n"
                             "    row: [{value: l1, merge: true}, {value: l2, merge: true}, "
                             "{value: ind}]\n";

/* Lays out the form over csv; doc receives the pages. */
static void lay(bp_arena *a, const char *csv, bp_doc *doc)
{
    bp_error e = {0};
    static bp_table_spec t;
    if (spec_parse_table(a, "f.yaml", layout, strlen(layout), &t, &e)) fail_msg("%s", e.msg);
    bp_csv *c;
    bp_table_data *d;
    if (data_parse_csv(a, "p.csv", csv, strlen(csv), NULL, &c, &e)) fail_msg("%s", e.msg);
    if (data_bind(a, &t, c, &d, &e)) fail_msg("%s", e.msg);
    static bp_layout_set set;
    memset(&set, 0, sizeof set);
    set.name = "s", set.file = "set.yaml", set.tables = &t, set.ntables = 1;
    static bp_department dept;
    dept.name = "测试部门", dept.code = "1", dept.unit = "元", dept.year = 2024, dept.date = -1;
    bp_ctx cx = bp_ctx_of(a, &e);
    bp_layout_ctx ctx = {.c = &cx, .fonts = &g_fonts, .set = &set, .dept = &dept};
    dl_init(doc, a);
    if (layout_document(&ctx, &d, doc, NULL)) fail_msg("%s", e.msg);
}

/* How many text items of page p read exactly s. */
static int count_text(const bp_doc *doc, int p, const char *s)
{
    const bp_page *pg = dl_page(doc, p);
    const bp_dl_item *it = pg->items.items;
    int n = 0;
    for (int i = 0; i < pg->items.n; i++)
        if (it[i].kind == BP_DL_TEXT && it[i].len == strlen(s) && !memcmp(it[i].text, s, it[i].len))
            n++;
    return n;
}

static void records_start_pages_with_bookmarks(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_doc doc;
    lay(&a,
        "code,name,total,l1,l2,ind\n"
        "P1,甲项目,100.00,产出,数量,一\n"
        ",,,产出,数量,二\n"
        "P2,乙项目,50.00,效益,社会,三\n",
        &doc);
    assert_int_equal(dl_page_count(&doc), 2);
    assert_int_equal(count_text(&doc, 0, "甲项目"), 1);
    assert_int_equal(count_text(&doc, 0, "乙项目"), 0);
    assert_int_equal(count_text(&doc, 1, "乙项目"), 1);
    assert_int_equal(count_text(&doc, 0, "100.0"), 1); /* the column's format */
    const bp_outline *o = doc.outlines.items;
    assert_int_equal(doc.outlines.n, 3);
    assert_int_equal(o[0].level, 0);
    assert_string_equal(o[1].title, "甲项目");
    assert_int_equal(o[1].level, 1);
    assert_int_equal(o[1].page, 0);
    assert_string_equal(o[2].title, "乙项目");
    assert_int_equal(o[2].page, 1);
    bp_arena_free(&a);
}

static void head_repeats_on_continuation_pages(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    char csv[16384];
    size_t n = (size_t)snprintf(csv, sizeof csv, "code,name,total,l1,l2,ind\n");
    for (int i = 0; i < 120; i++)
        n += (size_t)snprintf(csv + n, sizeof csv - n, "%s,%s,,产出,数量,指标%d\n", i ? "" : "P1",
                              i ? "" : "甲项目", i);
    bp_doc doc;
    lay(&a, csv, &doc);
    int pages = dl_page_count(&doc);
    assert_true(pages >= 3);
    for (int p = 0; p < pages; p++) {
        assert_int_equal(count_text(&doc, p, "项目名称"), 1);
        assert_int_equal(count_text(&doc, p, "甲项目"), 1);
        assert_int_equal(count_text(&doc, p, "一级指标"), 1);
        assert_int_equal(count_text(&doc, p, "金额"), p == 0); /* fields: once */
        assert_int_equal(count_text(&doc, p, "2024年绩效目标表（续表）"), p > 0);
        assert_int_equal(count_text(&doc, p, "产出"), 1); /* a merged cell split: on each page */
    }
    assert_int_equal(count_text(&doc, pages - 1, "指标119"), 1);
    assert_int_equal(doc.outlines.n, 2); /* one record, one bookmark */
    bp_arena_free(&a);
}

static void merge_cells_join_within_their_parent(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_doc doc;
    lay(&a,
        "code,name,total,l1,l2,ind\n"
        "P1,甲项目,1,产出,数量,一\n"
        ",,,产出,数量,二\n"
        ",,,效益,数量,三\n"
        ",,,效益,数量,四\n",
        &doc);
    assert_int_equal(count_text(&doc, 0, "产出"), 1);
    assert_int_equal(count_text(&doc, 0, "效益"), 1);
    assert_int_equal(count_text(&doc, 0, "数量"), 2); /* once under 产出, once under 效益 */
    bp_arena_free(&a);
}

static void groups_of_the_innermost_merge_cell_keep_together(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    char csv[16384];
    size_t n = (size_t)snprintf(csv, sizeof csv, "code,name,total,l1,l2,ind\n");
    for (int i = 0; i < 150; i++)
        n += (size_t)snprintf(csv + n, sizeof csv - n, "%s,%s,,产出,组%d,指标%d\n", i ? "" : "P1",
                              i ? "" : "甲项目", i / 3, i);
    bp_doc doc;
    lay(&a, csv, &doc);
    int pages = dl_page_count(&doc);
    assert_true(pages >= 3);
    for (int g = 0; g < 50; g++) { /* each group of three on one page: its label once */
        char label[32];
        snprintf(label, sizeof label, "组%d", g);
        int seen = 0;
        for (int p = 0; p < pages; p++)
            seen += count_text(&doc, p, label);
        if (seen != 1)
            fail_msg("%s printed %d times: its group is split between pages", label, seen);
    }
    bp_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(records_start_pages_with_bookmarks),
        cmocka_unit_test(head_repeats_on_continuation_pages),
        cmocka_unit_test(merge_cells_join_within_their_parent),
        cmocka_unit_test(groups_of_the_innermost_merge_cell_keep_together),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
