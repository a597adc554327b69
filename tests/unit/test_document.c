/* test_document.c — the text parts of the whole document: document.md's
 * blocks and figures (doc_text.c), the document style (doc_style.c),
 * justification (slack spread over a line's break places, a paragraph's
 * last line ragged, no gap wider than a character) and the pagination
 * rules (no orphan, no widow, a heading never last on a page, a part on
 * a new page) of layout_prose.c. Needs fonts-arphic-uming. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "layout_prose.h"

#include "fonts_fixture.h"

/* ---- document.md ---------------------------------------------------------- */

/* A figure callback for the tests: records each call, returns "V<n>". */
typedef struct calls {
    int n;
    char src[4][64];
    int line[4], col[4];
} calls;

static int test_figure(void *env, const char *src, size_t len, const char *file, int line, int col,
                       const char **out, bp_error *e)
{
    calls *c = env;
    (void)e;
    assert_string_equal(file, "doc.md");
    if (c->n < 4) {
        snprintf(c->src[c->n], sizeof c->src[0], "%.*s", (int)len, src);
        c->line[c->n] = line, c->col[c->n] = col;
    }
    *out = c->n++ ? "V2" : "V1";
    return BP_OK;
}

static int failing_figure(void *env, const char *src, size_t len, const char *file, int line,
                          int col, const char **out, bp_error *e)
{
    (void)env, (void)out;
    return bp_fail(e, BP_EINPUT, "%s:%d:%d: unknown table in '%.*s'", file, line, col, (int)len,
                   src);
}

static int parse(bp_arena *a, const char *src, bp_figure_fn fig, void *env, bp_text *t, bp_error *e)
{
    return doc_text_parse(a, "doc.md", src, strlen(src), fig, env, t, e);
}

/* Each byte of a block's text has its place in document.md: line and
 * column in characters of the source, a figure's value at its {{, an
 * entity at its &, the text after them at its own place. */
static void text_places(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0};
    bp_text t;
    calls c = {0};
    const char *src = "# 标题\n\n甲{{ 长的 表达式 }}乙&amp;丙 x\n  丁戊\n\n1. 项{{y}}目\n";
    assert_int_equal(parse(&a, src, test_figure, &c, &t, &e), BP_OK);
    assert_int_equal(t.nblocks, 3);
    const bp_block *b = &t.blocks[1];
    assert_string_equal(b->text, "甲V1乙&丙 x 丁戊");
    static const struct {
        const char *at; /* the text from there */
        int line, col;
    } want[] = {{"甲", 3, 1},  {"V1", 3, 2}, {"1乙", 3, 2}, {"乙", 3, 14}, {"&", 3, 15},
                {"丙", 3, 20}, {"x", 3, 22}, {"丁", 4, 3},  {"戊", 4, 4}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const char *p = strstr(b->text, want[i].at);
        assert_non_null(p);
        int line, col;
        doc_text_place(b, (size_t)(p - b->text), &line, &col);
        if (line != want[i].line || col != want[i].col)
            fail_msg("'%s' at %d:%d, not %d:%d", want[i].at, line, col, want[i].line, want[i].col);
    }
    const bp_block *item = &t.blocks[2];
    assert_string_equal(item->text, "项V2目");
    int line, col;
    doc_text_place(item, strlen("项V2"), &line, &col);
    assert_int_equal(line, 6);
    assert_int_equal(col, 10); /* 目, after {{y}} */
    doc_text_place(&t.blocks[0], 0, &line, &col);
    assert_int_equal(line, 1);
    assert_int_equal(col, 3);
    bp_arena_free(&a);
}

/* Each character of a block's text leads back to the bytes of document.md
 * it was set from (the spans a finding of the text is framed by): plain
 * text its own bytes, a figure's value its whole `{{ … }}`, an entity its
 * `&…;`, a leading byte order mark counted in the file's bytes. */
static void text_source_bytes(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0};
    bp_text t;
    calls c = {0};
    const char *src = "\xEF\xBB\xBF甲{{ 长的 表达式 }}乙&amp;丙\n丁\n";
    assert_int_equal(parse(&a, src, test_figure, &c, &t, &e), BP_OK);
    assert_int_equal(t.nblocks, 1);
    const bp_block *b = &t.blocks[0];
    assert_string_equal(b->text, "甲V1乙&丙丁");
    static const struct {
        const char *at, *src; /* a character of the text, the source bytes it was set from */
    } want[] = {{"甲", "甲"},
                {"V1", "{{ 长的 表达式 }}"},
                {"1乙", "{{ 长的 表达式 }}"},
                {"乙", "乙"},
                {"&", "&amp;"},
                {"丙", "丙"},
                {"丁", "丁"}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const char *p = strstr(b->text, want[i].at);
        size_t from, to;
        doc_text_src(b, (size_t)(p - b->text), &from, &to);
        assert_true(to > from && to <= strlen(src));
        if (to - from != strlen(want[i].src) || memcmp(src + from, want[i].src, to - from))
            fail_msg("'%s' from '%.*s', not '%s'", want[i].at, (int)(to - from), src + from,
                     want[i].src);
    }
    int line, col;
    doc_text_place(b, 0, &line, &col);
    assert_int_equal(line, 1);
    assert_int_equal(col, 1); /* the byte order mark is not a column */
    bp_arena_free(&a);
}

static void blocks_and_figures(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0};
    bp_text t;
    calls c = {0};
    const char *src = "第一部分\n概况\n===\n"
                      "\n## 一、主要职责\n"
                      "\n正文{{ 03.total[合计] }}万元，\n续行 *强调* text\nmore。\n"
                      "\n1. 甲\n2. 乙\n\n3. 丙{{x}}\n\n   丙的第二段\n"
                      "\n### （一）小节\n\n#### 1. 细目\n\n<!-- a comment -->\n";
    assert_int_equal(parse(&a, src, test_figure, &c, &t, &e), BP_OK);
    assert_int_equal(t.nblocks, 9);
    const bp_block *b = t.blocks;
    assert_int_equal(b[0].kind, BP_DOC_PART);
    assert_string_equal(b[0].text, "第一部分\n概况"); /* a setext heading's lines */
    assert_int_equal(b[0].line, 1);
    assert_int_equal(b[1].kind, BP_DOC_SECTION);
    assert_string_equal(b[1].text, "一、主要职责");
    assert_int_equal(b[2].kind, BP_DOC_BODY);
    /* Chinese lines join without a space, Latin words keep one; emphasis
     * is text */
    assert_string_equal(b[2].text, "正文V1万元，续行 强调 text more。");
    assert_int_equal(b[2].line, 7);
    for (int i = 3; i < 6; i++) {
        assert_int_equal(b[i].kind, BP_DOC_ITEM);
        assert_int_equal(b[i].number, i - 2);
    }
    assert_string_equal(b[5].text, "丙V2");
    assert_int_equal(b[6].kind, BP_DOC_ITEM); /* the item's second paragraph: no number */
    assert_int_equal(b[6].number, 0);
    assert_string_equal(b[6].text, "丙的第二段");
    assert_int_equal(b[7].kind, BP_DOC_SUBSECTION);
    assert_int_equal(b[8].kind, BP_DOC_HEADING4);
    assert_string_equal(b[8].text, "1. 细目");
    /* the callback: the text between the braces, where its {{ is
     * (column in characters) */
    assert_int_equal(c.n, 2);
    assert_string_equal(c.src[0], " 03.total[合计] ");
    assert_int_equal(c.line[0], 7);
    assert_int_equal(c.col[0], 3);
    assert_string_equal(c.src[1], "x");
    assert_int_equal(c.line[1], 14);
    assert_int_equal(c.col[1], 5);
    bp_arena_free(&a);
}

static void expect_error(const char *src, bp_figure_fn fig, const char *want)
{
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0};
    bp_text t;
    calls c = {0};
    assert_int_not_equal(parse(&a, src, fig, &c, &t, &e), BP_OK);
    if (!strstr(e.msg, want)) fail_msg("'%s' does not hold '%s'", e.msg, want);
    bp_arena_free(&a);
}

static void text_errors(void **state)
{
    (void)state;
    expect_error("一\n\n正文{{ 03.total\n}}\n", test_figure, "doc.md:3:3: '{{' without '}}'");
    expect_error("正文{{ x }}\n", NULL, "doc.md:1:3: a figure");
    expect_error("a\n\n文 {{ 99.x }}\n", failing_figure, "doc.md:3:3: unknown table in ' 99.x '");
    expect_error("文\n\n```\ncode\n```\n", test_figure, "a code block is not part");
    expect_error("文\xff\n", test_figure, "doc.md:1:2: invalid UTF-8");
}

/* ---- the document style ------------------------------------------------- */

static int parse_style(bp_arena *a, const char *yaml, const bp_doc_style **out, bp_error *e)
{
    bp_yaml y;
    int rc = yq_load(&y, "set.yaml", yaml, strlen(yaml), e);
    if (rc) return rc;
    rc = doc_style_parse(&y, yq_get(&y, yq_root(&y), "document"), a, out, e);
    yq_done(&y);
    return rc;
}

static void style_defaults_and_keys(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0};
    const bp_doc_style *d = doc_style_default(&a);
    /* GB/T 9704-2012: 3号 body in the 仿宋 role, 22 lines in 225 mm */
    assert_int_equal(d->elem[BP_DOC_BODY].role, BP_ROLE_TEXT);
    assert_true(d->elem[BP_DOC_BODY].size == 16);
    assert_true(fabs(d->pitch * 22 - 225 * BP_MM) < 1e-9);
    assert_int_equal(d->elem[BP_DOC_SECTION].role, BP_ROLE_TITLE);
    assert_int_equal(d->elem[BP_DOC_SUBSECTION].role, BP_ROLE_KAI);
    const bp_doc_style *s;
    assert_int_equal(parse_style(&a,
                                 "document:\n  line_pitch: 30\n  body: {size: 15, indent: 2}\n"
                                 "  list: {label: '{n}.', numerals: arabic}\n",
                                 &s, &e),
                     BP_OK);
    assert_true(s->pitch == 30 && s->elem[BP_DOC_BODY].size == 15);
    assert_string_equal(s->list_label, "{n}.");
    assert_false(s->list_chinese);
    assert_true(s->elem[BP_DOC_ITEM].size == 16); /* the others keep their defaults */
    assert_int_not_equal(parse_style(&a, "document:\n  body: {font: fangsong}\n", &s, &e), BP_OK);
    assert_non_null(strstr(e.msg, "set.yaml:2:"));
    assert_non_null(strstr(e.msg, "font role"));
    assert_int_not_equal(parse_style(&a, "document:\n  bodi: {}\n", &s, &e), BP_OK);
    assert_non_null(strstr(e.msg, "set.yaml:2:"));
    bp_arena_free(&a);
}

/* ---- justification ------------------------------------------------------ */

static void justify_gap(void **state)
{
    (void)state;
    assert_true(layout_justify_gap(10, 5, 16, false) == 2);  /* spread evenly */
    assert_true(layout_justify_gap(10, 5, 16, true) == 0);   /* a last line: ragged */
    assert_true(layout_justify_gap(10, 0, 16, false) == 0);  /* nowhere to put it */
    assert_true(layout_justify_gap(40, 2, 16, false) == 0);  /* gaps wider than a character */
    assert_true(layout_justify_gap(32, 2, 16, false) == 16); /* exactly one */
}

typedef struct prose_fixture {
    bp_arena a;
    bp_error e;
    bp_ctx c;
    bp_layout_ctx ctx;
    const bp_doc_style *st;
    bp_text t;
    bp_block b[2];
} prose_fixture;

static void prose_init(prose_fixture *f, const char *p0, const char *p1)
{
    memset(f, 0, sizeof *f);
    bp_arena_init(&f->a);
    f->c = bp_ctx_of(&f->a, &f->e);
    f->ctx = (bp_layout_ctx){&f->c, &g_fonts, NULL, NULL, false};
    f->st = doc_style_default(&f->a);
    f->b[0] = (bp_block){BP_DOC_BODY, p0, 0, 1, NULL, 0, false};
    f->b[1] = (bp_block){BP_DOC_ITEM, p1, 3, 3, NULL, 0, false};
    f->t = (bp_text){"doc.md", f->b, p1 ? 2 : 1};
}

#define PARA                                                                                                                          \
    "郑州高新技术产业开发区新型智慧城市运行中心2024年收入总计6828.4万元，支出总计6828.4万元，"    \
    "与2023年预算相比，收入增加4590.6万元。主要原因是部门职责调整，新增项目支出。其中：基本支" \
    "出1619.4万元，占23.72%；项目支出5209万元，占76.28%。"

static void justified_lines(void **state)
{
    (void)state;
    prose_fixture f;
    prose_init(&f, PARA, PARA);
    double width = (210 - 26 - 28) * BP_MM;
    bp_vec v;
    assert_int_equal(prose_wrap(&f.ctx, f.st, &f.t, width, &v), BP_OK);
    const prose_line *l = v.items;
    assert_true(v.n >= 6);
    const bp_font *font = g_fonts.role[BP_ROLE_TEXT];
    double size = 16;
    for (int i = 0; i < v.n; i++) {
        size_t *offs;
        int n;
        assert_int_equal(text_break_offsets(&f.a, font, l[i].s, l[i].len, &offs, &n), BP_OK);
        if (l[i].last) { /* ragged: no extra space */
            assert_true(l[i].gap == 0);
            continue;
        }
        /* the slack spread over the break places (or, for a line of the
         * 28-character grid, the excess taken from them): the line ends at
         * the right edge, and no gap is wider than a character */
        assert_true(l[i].gap != 0);
        assert_true(fabs(l[i].gap) <= size);
        assert_true(fabs(l[i].x + l[i].width + n * l[i].gap - width) < 1e-6);
    }
    /* the first line's 2-character indent; an item's label and hanging
     * indent: its lines all start after the label */
    assert_true(fabs(l[0].x - 2 * size) < 1e-9);
    int k = 0;
    while (l[k].block == 0)
        k++;
    assert_string_equal(l[k].label, "（三）");
    assert_true(fabs(l[k].label_x - 2 * size) < 1e-9);
    for (int i = k; i < v.n; i++)
        assert_true(fabs(l[i].x - l[k].x) < 1e-9 && l[k].x > 4 * size);
    bp_arena_free(&f.a);
}

/* The 28-character grid (GB/T 9704): 28 characters of 3号 (448 pt) are
 * wider than the 156 mm text block (442.2 pt); a full line still holds 28,
 * squeezed into the block, the first line 26 after its 2-character indent. */
static void grid_of_28(void **state)
{
    (void)state;
    prose_fixture f;
    char text[100 * 3 + 1] = "";
    for (int i = 0; i < 100; i++)
        strcat(text, "测");
    prose_init(&f, text, NULL);
    double width = (210 - 26 - 28) * BP_MM;
    bp_vec v;
    assert_int_equal(prose_wrap(&f.ctx, f.st, &f.t, width, &v), BP_OK);
    const prose_line *l = v.items;
    assert_int_equal(v.n, 4); /* 26 + 28 + 28 + 18 */
    assert_int_equal(bp_utf8_count(l[0].s, l[0].len), 26);
    assert_int_equal(bp_utf8_count(l[1].s, l[1].len), 28);
    assert_int_equal(bp_utf8_count(l[2].s, l[2].len), 28);
    for (int i = 0; i < 3; i++) {
        assert_true(l[i].gap < 0 && l[i].scale == 1); /* squeezed, not shrunk */
        assert_true(fabs(l[i].x + l[i].width + (bp_utf8_count(l[i].s, l[i].len) - 1) * l[i].gap -
                         width) < 1e-6);
    }
    assert_true(l[3].gap == 0);
    bp_arena_free(&f.a);
}

/* A line whose slack has one place to go, wider than a character: it is
 * set ragged rather than with a hole. */
static void no_hole_wider_than_a_character(void **state)
{
    (void)state;
    prose_fixture f;
    prose_init(&f,
               "词AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA "
               "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB",
               NULL);
    double width = (210 - 26 - 28) * BP_MM;
    bp_vec v;
    assert_int_equal(prose_wrap(&f.ctx, f.st, &f.t, width, &v), BP_OK);
    const prose_line *l = v.items;
    assert_int_equal(v.n, 2);
    assert_false(l[0].last);
    assert_true(width - l[0].x - l[0].width > 16); /* more than a character of slack */
    assert_true(l[0].gap == 0);
    bp_arena_free(&f.a);
}

/* Drawn: the justified line's last piece ends at the right edge. */
static void justified_drawing(void **state)
{
    (void)state;
    prose_fixture f;
    prose_init(&f, PARA, NULL);
    bp_doc doc;
    dl_init(&doc, &f.a);
    bp_vec heads;
    bp_vec_init(&heads, sizeof(prose_head));
    assert_int_equal(layout_prose(&f.ctx, f.st, &f.t, &doc, &heads), BP_OK);
    assert_int_equal(dl_page_count(&doc), 1);
    const bp_page *pg = dl_page(&doc, 0);
    double right = (210 - 26) * BP_MM, first_y = 0;
    int ends = 0;
    const bp_dl_item *it = pg->items.items;
    for (int i = 0; i < pg->items.n; i++) {
        if (it[i].kind != BP_DL_TEXT) continue;
        if (!first_y) first_y = it[i].y;
        bool line_end = i + 1 == pg->items.n || it[i + 1].y != it[i].y;
        if (!line_end || i + 1 == pg->items.n) continue; /* the last line is ragged */
        double end = it[i].x + font_measure(font_chain(g_fonts.role[BP_ROLE_TEXT], it[i].face),
                                            it[i].size, it[i].text, it[i].len);
        assert_true(fabs(end - right) < 0.01);
        ends++;
    }
    assert_true(ends >= 2);
    /* the first line in the first pitch under the text block's top */
    double top = (297 - 37) * BP_MM;
    assert_true(first_y < top && first_y > top - f.st->pitch);
    bp_arena_free(&f.a);
}

/* ---- pagination ----------------------------------------------------------- */

/* Boxes of 10 pt: n[k] lines of block k; heading[k] marks headings. */
static int pages_of(const int *n, const bool *heading, const bool *new_page, int nblocks,
                    int *page_of)
{
    prose_box b[64];
    int m = 0;
    for (int k = 0; k < nblocks; k++)
        for (int i = 0; i < n[k]; i++)
            b[m++] = (prose_box){10, k, heading && heading[k], new_page && new_page[k] && i == 0};
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0};
    int np = 0;
    assert_int_equal(layout_prose_paginate(b, m, 100, &a, page_of, &np, &e), BP_OK);
    bp_arena_free(&a);
    return np;
}

static void no_orphan_no_widow(void **state)
{
    (void)state;
    int p[64];
    /* room for two lines: a paragraph of four puts two here, two there */
    pages_of((int[]){8, 4}, NULL, NULL, 2, p);
    assert_int_equal(p[8], 0), assert_int_equal(p[9], 0);
    assert_int_equal(p[10], 1), assert_int_equal(p[11], 1);
    /* room for one line: its first line would be alone (an orphan) */
    pages_of((int[]){9, 4}, NULL, NULL, 2, p);
    assert_int_equal(p[9], 1);
    /* room for three: the last line would be alone at the top (a widow) */
    pages_of((int[]){7, 4}, NULL, NULL, 2, p);
    assert_int_equal(p[7], 0), assert_int_equal(p[8], 0);
    assert_int_equal(p[9], 1), assert_int_equal(p[10], 1);
    /* a paragraph of three cannot be split: it moves whole */
    pages_of((int[]){8, 3}, NULL, NULL, 2, p);
    assert_int_equal(p[8], 1);
    /* a paragraph of one line fills the last line of a page */
    assert_int_equal(pages_of((int[]){9, 1}, NULL, NULL, 2, p), 1);
    assert_int_equal(p[9], 0);
}

static void heading_never_last(void **state)
{
    (void)state;
    int p[64];
    /* room for two: the heading and one line of its paragraph would fit,
     * but that line would be an orphan: the heading moves with it */
    pages_of((int[]){8, 1, 4}, (bool[]){false, true, false}, NULL, 3, p);
    assert_int_equal(p[8], 1);
    assert_int_equal(p[9], 1);
    /* room for three: heading and two lines stay */
    pages_of((int[]){7, 1, 4}, (bool[]){false, true, false}, NULL, 3, p);
    assert_int_equal(p[7], 0);
    assert_int_equal(p[9], 0);
    /* two headings in a row go together with the text under them */
    pages_of((int[]){7, 1, 1, 4}, (bool[]){false, true, true, false}, NULL, 4, p);
    assert_int_equal(p[7], 1);
    assert_int_equal(p[8], 1);
    /* a heading before a one-line paragraph that ends the text */
    pages_of((int[]){9, 1, 1}, (bool[]){false, true, false}, NULL, 3, p);
    assert_int_equal(p[9], 1);
}

static void part_on_a_new_page(void **state)
{
    (void)state;
    int p[64];
    int np = pages_of((int[]){1, 2, 1, 2}, (bool[]){true, false, true, false},
                      (bool[]){true, false, true, false}, 4, p);
    assert_int_equal(np, 2);
    assert_int_equal(p[0], 0), assert_int_equal(p[2], 0);
    assert_int_equal(p[3], 1), assert_int_equal(p[5], 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(blocks_and_figures),
        cmocka_unit_test(text_errors),
        cmocka_unit_test(text_places),
        cmocka_unit_test(text_source_bytes),
        cmocka_unit_test(style_defaults_and_keys),
        cmocka_unit_test(justify_gap),
        cmocka_unit_test(justified_lines),
        cmocka_unit_test(grid_of_28),
        cmocka_unit_test(no_hole_wider_than_a_character),
        cmocka_unit_test(justified_drawing),
        cmocka_unit_test(no_orphan_no_widow),
        cmocka_unit_test(heading_never_last),
        cmocka_unit_test(part_on_a_new_page),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
