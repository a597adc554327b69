/* test_docx.c — a .docx's paragraphs (workbook_docx.c) made the
 * document's Markdown (doc_docx.c, doc_md_builder.c) and parsed
 * (doc_text_parse_mapped): runs joined, headings by outline level, by
 * heading style or by typed numbering, list items, Markdown's characters
 * kept as text, and every place (a figure's, a block's) the paragraph and
 * column of the .docx; a table stops the reading naming its paragraph. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "doc_source.h"
#include "workbook_docx.h"

#define W "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
#define STYLES                                                                                     \
    "<w:styles " W "><w:style w:type=\"paragraph\" w:styleId=\"H1\"><w:name w:val=\"heading "      \
    "1\"/></w:style><w:style w:type=\"paragraph\" w:styleId=\"T\"><w:name w:val=\"Title\"/>"       \
    "</w:style></w:styles>"

/* A .docx in memory (heap) of document.xml body and STYLES. */
static char *docx_of(const char *body, size_t *len)
{
    char *doc = malloc(strlen(body) + 200);
    sprintf(doc, "<w:document %s><w:body>%s</w:body></w:document>", W, body);
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_source_keep(src);
    zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    zip_file_add(z, "word/document.xml", zip_source_buffer(z, doc, strlen(doc), 0), 0);
    zip_file_add(z, "word/styles.xml", zip_source_buffer(z, STYLES, strlen(STYLES), 0), 0);
    assert_int_equal(zip_close(z), 0);
    zip_source_open(src);
    zip_source_seek(src, 0, SEEK_END);
    *len = (size_t)zip_source_tell(src);
    zip_source_seek(src, 0, SEEK_SET);
    char *buf = malloc(*len);
    zip_source_read(src, buf, *len);
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&ze);
    free(doc);
    return buf;
}

typedef struct seen {
    int n, line[4], col[4];
} seen;

static int figure(void *env, const char *src, size_t len, const char *file, int line, int col,
                  const char **out, bp_error *e)
{
    (void)src, (void)len, (void)e;
    seen *s = env;
    assert_string_equal(file, "t.docx");
    if (s->n < 4) s->line[s->n] = line, s->col[s->n] = col;
    s->n++;
    *out = "42";
    return BP_OK;
}

/* body read as t.docx and parsed into t; the return code. */
static int read_text(bp_arena *a, const char *body, seen *s, bp_text *t, bp_error *e)
{
    size_t len;
    char *bytes = docx_of(body, &len);
    bp_docx *d;
    int rc = docx_parse(a, "t.docx", bytes, len, &d, e);
    bp_text_md md;
    if (!rc) rc = doc_docx_markdown(a, d, &md, e);
    if (!rc) rc = doc_text_parse_mapped(a, md.file, md.md, md.len, figure, s, &md.map, t, e);
    free(bytes);
    return rc;
}

#define P(text) "<w:p><w:r><w:t xml:space=\"preserve\">" text "</w:t></w:r></w:p>"

static void styles_runs_and_places(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0, ""};
    seen s = {0};
    bp_text t;
    int rc = read_text(&a,
                       "<w:p><w:pPr><w:pStyle w:val=\"T\"/></w:pPr><w:r><w:t>标题</w:t></w:r></w:p>"
                       "<w:p/>" /* paragraph 2: empty, counted */
                       "<w:p><w:pPr><w:pStyle w:val=\"H1\"/></w:pPr><w:r><w:t>第一部分</w:t></w:r>"
                       "</w:p>"
                       "<w:p><w:pPr><w:outlineLvl w:val=\"1\"/></w:pPr><w:r><w:t>一、收入</w:t>"
                       "</w:r></w:p>"
                       /* paragraph 5: an indent typed, Markdown's stars, a figure cut over runs */
                       "<w:p><w:r><w:t xml:space=\"preserve\">　　收入*合计*{</w:t></w:r><w:r>"
                       "<w:t>{ x }</w:t></w:r><w:r><w:t>}万元</w:t><w:tab/><w:t>_a_</w:t></w:r>"
                       "</w:p>" P("1．第二项") "<w:p><w:r><w:t>甲</w:t><w:br/><w:t>乙{{ y }}</w:t>"
                                               "</w:r></w:p>",
                       &s, &t, &e);
    assert_int_equal(rc, BP_OK);
    assert_int_equal(t.nblocks, 6);
    assert_int_equal(t.blocks[0].kind, BP_DOC_BODY); /* the Title: the cover's line */
    assert_string_equal(t.blocks[0].text, "标题");
    assert_int_equal(t.blocks[1].kind, BP_DOC_PART);
    assert_int_equal(t.blocks[1].line, 3);
    assert_int_equal(t.blocks[2].kind, BP_DOC_SECTION);
    assert_int_equal(t.blocks[3].kind, BP_DOC_BODY);
    assert_string_equal(t.blocks[3].text, "收入*合计*42万元 _a_");
    assert_int_equal(t.blocks[4].kind, BP_DOC_ITEM);
    assert_int_equal(t.blocks[4].number, 1);
    assert_string_equal(t.blocks[4].text, "第二项");
    assert_string_equal(t.blocks[5].text, "甲乙42");
    /* the figures: paragraph 5, column 9 (two spaces, 收入, *, 合计, *);
     * paragraph 7, column 4 (甲, the break, 乙) */
    assert_int_equal(s.n, 2);
    assert_int_equal(s.line[0], 5);
    assert_int_equal(s.col[0], 9);
    assert_int_equal(s.line[1], 7);
    assert_int_equal(s.col[1], 4);
    /* a block's places: 万元 after the figure in paragraph 5 is at column 16,
     * the item's text at column 3 of paragraph 6 */
    int line, col;
    const char *wan = strstr(t.blocks[3].text, "万元");
    doc_text_place(&t.blocks[3], (size_t)(wan - t.blocks[3].text), &line, &col);
    assert_int_equal(line, 5);
    assert_int_equal(col, 16);
    doc_text_place(&t.blocks[4], 0, &line, &col);
    assert_int_equal(line, 6);
    assert_int_equal(col, 3);
    bp_arena_free(&a);
}

static void typed_headings(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0, ""};
    seen s = {0};
    bp_text t;
    int rc = read_text(&a,
                       P("第二部分 情况说明") P("一、收入预算") P("（一）政府采购")
                           P("一、财政拨款收入：是指省级财政当年拨付的资金。")
                               P("（二）公务接待费10万元，主要用于接待。"),
                       &s, &t, &e);
    assert_int_equal(rc, BP_OK);
    assert_int_equal(t.nblocks, 5);
    assert_int_equal(t.blocks[0].kind, BP_DOC_PART);
    assert_int_equal(t.blocks[1].kind, BP_DOC_SECTION);
    assert_int_equal(t.blocks[2].kind, BP_DOC_SUBSECTION);
    assert_int_equal(t.blocks[3].kind, BP_DOC_BODY); /* a sentence, not a heading */
    assert_int_equal(t.blocks[4].kind, BP_DOC_BODY);
    bp_arena_free(&a);
}

static void unplaceable_named(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0, ""};
    seen s = {0};
    bp_text t;
    int rc = read_text(&a, P("甲") P("乙") "<w:tbl><w:tr><w:tc>" P("丙") "</w:tc></w:tr></w:tbl>",
                       &s, &t, &e);
    assert_int_equal(rc, BP_EINPUT);
    assert_non_null(strstr(e.msg, "t.docx: paragraph 3 (word/document.xml:"));
    assert_non_null(strstr(e.msg, "a table"));
    e = (bp_error){0, ""};
    rc = read_text(&a, "<w:p><w:r><w:drawing/></w:r></w:p>", &s, &t, &e);
    assert_int_equal(rc, BP_EINPUT);
    assert_non_null(strstr(e.msg, "paragraph 1 "));
    e = (bp_error){0, ""};
    rc = docx_parse(&a, "t.docx", "PK\x03\x04garbage", 11, &(bp_docx *){NULL}, &e);
    assert_int_equal(rc, BP_EINPUT);
    assert_non_null(strstr(e.msg, "t.docx: not a readable .docx"));
    bp_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(styles_runs_and_places),
        cmocka_unit_test(typed_headings),
        cmocka_unit_test(unplaceable_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
