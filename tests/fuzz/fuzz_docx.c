/* fuzz_docx.c — the .docx reader and the text made of it, from memory. An
 * input that starts with "PK" is read as a .docx archive (docx_parse);
 * any other input is one part of a small valid .docx: its first byte
 * chooses which (word/document.xml, word/styles.xml), the rest is the
 * part's XML, stored in a zip built here (so mutations reach the XML
 * handling, not the zip's checksums). A document that reads is made
 * Markdown (doc_docx_markdown) and parsed (doc_text_parse_mapped, with a
 * figure callback that answers "1" and fails for an expression holding
 * '!'); every place of the result must be a paragraph of the file. */
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "common.h"
#include "doc_source.h"
#include "workbook_docx.h"

#define W "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

static const char *const names[2] = {"word/document.xml", "word/styles.xml"};
static const char *const defaults[2] = {
    "<w:document " W "><w:body><w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>"
    "第一部分 概况</w:t></w:r></w:p><w:p><w:r><w:t>收入{{ x</w:t></w:r><w:r><w:t> }}万元。"
    "</w:t></w:r></w:p></w:body></w:document>",
    "<w:styles " W "><w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name "
    "w:val=\"heading 1\"/><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr></w:style></w:styles>",
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

/* A stored (uncompressed) zip of the default parts with part k = data. */
static char *build(int k, const uint8_t *data, size_t size, size_t *len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_source_keep(src);
    zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    for (int i = 0; i < 2; i++) {
        const void *d = i == k ? (const void *)data : defaults[i];
        size_t n = i == k ? size : strlen(defaults[i]);
        zip_int64_t idx = zip_file_add(z, names[i], zip_source_buffer(z, d, n, 0), 0);
        zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
    }
    if (zip_close(z) != 0) abort();
    zip_source_open(src);
    zip_source_seek(src, 0, SEEK_END);
    *len = (size_t)zip_source_tell(src);
    zip_source_seek(src, 0, SEEK_SET);
    char *buf = malloc(*len ? *len : 1);
    zip_source_read(src, buf, *len);
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&ze);
    return buf;
}

static int figure(void *env, const char *src, size_t len, const char *file, int line, int col,
                  const char **out, bp_error *e)
{
    (void)env;
    if (memchr(src, '!', len)) return bp_fail(e, BP_EINPUT, "%s:%d:%d: refused", file, line, col);
    *out = "1";
    return BP_OK;
}

/* Every place of the text is a paragraph of d, at a column >= 1. */
static void check_places(const bp_docx *d, const bp_text *t)
{
    for (int i = 0; i < t->nblocks; i++) {
        const bp_block *b = &t->blocks[i];
        if (b->line < 1 || b->line > d->nparas) __builtin_trap();
        if (bp_utf8_invalid(b->text, strlen(b->text)) >= 0) __builtin_trap();
        for (int k = 0; k < b->nat; k++)
            if (b->at[k].line < 1 || b->at[k].line > d->nparas || b->at[k].col < 1)
                __builtin_trap();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int allowed[] = {BP_EINPUT, 0};
    bp_arena a;
    bp_error e = {0, ""};
    bp_arena_init(&a);
    size_t len = size;
    char *zip = NULL;
    const void *bytes = data;
    if (size > 0 && !(size >= 2 && data[0] == 'P' && data[1] == 'K')) {
        zip = build(data[0] % 2, data + 1, size - 1, &len);
        bytes = zip;
    }
    bp_docx *d = NULL;
    int rc = docx_parse(&a, "fuzz.docx", bytes, len, &d, &e);
    fz_expect("fuzz_docx", rc, &e, "fuzz.docx", allowed);
    bp_text_md md;
    if (!rc) rc = doc_docx_markdown(&a, d, &md, &e);
    bp_text t;
    if (!rc) {
        if (bp_utf8_invalid(md.md, md.len) >= 0) __builtin_trap();
        rc = doc_text_parse_mapped(&a, md.file, md.md, md.len, figure, NULL, &md.map, &t, &e);
        fz_expect("fuzz_docx", rc, &e, "fuzz.docx", allowed);
        if (!rc) check_places(d, &t);
    }
    bp_arena_free(&a);
    free(zip);
    return 0;
}
