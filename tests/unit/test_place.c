/* test_place.c — the table markers of document.md (doc_place.c: `{{ table
 * 01 }}` and `{{ annex }}` told from figures, kept as place blocks, refused
 * in headings, lists and beside text) and the document style's orientation
 * (doc_style.c: landscape pages, the size against the orientation). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "doc_place.h"

static int figure(void *env, const char *src, size_t len, const char *file, int line, int col,
                  const char **out, bp_error *e)
{
    (void)env, (void)src, (void)len, (void)file, (void)line, (void)col, (void)e;
    *out = "6828.4";
    return BP_OK;
}

static int parse(bp_arena *a, const char *src, bp_text *t, bp_error *e)
{
    return doc_text_parse(a, "doc.md", src, strlen(src), figure, NULL, t, e);
}

static void markers_told_from_figures(void **state)
{
    (void)state;
    const char *yes[] = {"table 01", " table 01, 02 ", "annex", " annex ", "table", "table\t03"};
    const char *no[] = {"01[name=合计].total",
                        "table[#1].total",
                        "annex.total",
                        "tables 01",
                        "annexe",
                        "sum(table, 1)",
                        ""};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        assert_true(doc_place_is(yes[i], strlen(yes[i])));
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        assert_false(doc_place_is(no[i], strlen(no[i])));
}

static void place_blocks(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0};
    bp_text t;
    assert_int_equal(parse(&a,
                           "# 第一部分\n\n收入{{ 01[#1].x }}万元。\n\n{{ table 01, 02 }}\n"
                           "{{ table 05-gpb }}\n\n## 一、\n\n{{ annex }}\n",
                           &t, &e),
                     BP_OK);
    assert_int_equal(t.nblocks, 5);
    assert_false(t.blocks[1].place); /* a figure stays a figure */
    assert_non_null(strstr(t.blocks[1].text, "6828.4"));
    assert_true(t.blocks[2].place);
    int n;
    doc_marker *m = doc_place_markers(&a, &t.blocks[2], &n);
    assert_int_equal(n, 2); /* two lines, one paragraph, in order */
    assert_int_equal((int)m[0].len, (int)strlen("table 01, 02"));
    assert_memory_equal(m[0].words, "table 01, 02", m[0].len);
    assert_memory_equal(m[1].words, "table 05-gpb", m[1].len);
    int line, col;
    doc_text_place(&t.blocks[2], m[1].off, &line, &col);
    assert_int_equal(line, 6);
    assert_int_equal(col, 1);
    assert_true(t.blocks[4].place);
    m = doc_place_markers(&a, &t.blocks[4], &n);
    assert_int_equal(n, 1);
    assert_memory_equal(m[0].words, "annex", 5);
    bp_arena_free(&a);
}

static void expect_error(const char *src, const char *msg)
{
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0};
    bp_text t;
    assert_int_equal(parse(&a, src, &t, &e), BP_EINPUT);
    if (!strstr(e.msg, msg)) fail_msg("'%s' lacks '%s'", e.msg, msg);
    bp_arena_free(&a);
}

static void misplaced_markers(void **state)
{
    (void)state;
    expect_error("# 第一部分 {{ annex }}\n", "doc.md:1:8: a table marker");
    expect_error("# 第一部分 {{ annex }}\n", "cannot be in a heading");
    expect_error("1. {{ table 01 }}\n", "doc.md:1:4: a table marker");
    expect_error("1. {{ table 01 }}\n", "cannot be in a list");
    expect_error("见下表：{{ table 01 }}\n", "doc.md:1:5: a table marker");
    expect_error("见下表：{{ table 01 }}\n", "shares its paragraph with text");
    expect_error("{{ table 01 }}见下表。\n", "shares its paragraph with text");
    expect_error("{{ table 01 }}\n见下表。\n", "shares its paragraph with text");
}

static int parse_style(bp_arena *a, const char *yaml, const bp_doc_style **out, bp_error *e)
{
    bp_yaml y;
    int rc = yq_load(&y, "set.yaml", yaml, strlen(yaml), e);
    if (rc) return rc;
    rc = doc_style_parse(&y, yq_get(&y, yq_root(&y), "document"), a, out, e);
    yq_done(&y);
    return rc;
}

static void orientation(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0};
    const bp_doc_style *s;
    assert_int_equal(parse_style(&a, "document: {orientation: landscape}\n", &s, &e), BP_OK);
    assert_true(s->page_w == 297 && s->page_h == 210); /* A4 turned, the margins kept */
    assert_true(s->margin[0] == 37 && s->margin[3] == 28);
    assert_int_equal(parse_style(&a, "document: {page_width: 420, page_height: 297}\n", &s, &e),
                     BP_OK); /* wider than high: landscape, no longer refused */
    assert_int_equal(
        parse_style(&a, "document: {orientation: landscape, page_width: 400, page_height: 300}\n",
                    &s, &e),
        BP_OK);
    assert_true(s->page_w == 400);
    assert_int_equal(parse_style(&a, "document: {orientation: portrait}\n", &s, &e), BP_OK);
    assert_true(s->page_w == 210 && s->page_h == 297);
    assert_int_not_equal(
        parse_style(&a, "document:\n  page_width: 300\n  orientation: portrait\n", &s, &e), BP_OK);
    assert_non_null(strstr(e.msg, "set.yaml:3:16: document orientation is portrait"));
    assert_int_not_equal(parse_style(&a, "document: {orientation: sideways}\n", &s, &e), BP_OK);
    assert_non_null(strstr(e.msg, "portrait or landscape, not 'sideways'"));
    bp_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(markers_told_from_figures),
        cmocka_unit_test(place_blocks),
        cmocka_unit_test(misplaced_markers),
        cmocka_unit_test(orientation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
