/* workbook_docx.h — a word-processing document (.docx: Word, WPS文字,
 * LibreOffice) read as its body's paragraphs: each paragraph's text (its
 * runs joined), its outline level (from the paragraph or its style), its
 * style's kind. Read with the .xlsx reader's zip and XML streaming and its
 * limits (workbook_zip.c). Fonts, sizes and indents are not read. The data
 * stage (doc_docx.c) makes the document's text of it. */
#ifndef BP_WORKBOOK_DOCX_H
#define BP_WORKBOOK_DOCX_H

#include "ctx.h"
#include "util.h"

/* Paragraphs of one .docx, and bytes of one paragraph's text
 * (docs/limits.md). */
#define BP_DOCX_MAX_PARAS 200000
#define BP_DOCX_MAX_PARA_BYTES (1u << 20)

typedef struct bp_docx_para {
    const char *text; /* UTF-8: runs joined; a tab a space, a line break "\n" */
    int level;        /* 1..9: a heading (outline level + 1, or the style's "heading N");
                         0: body text */
    bool title;       /* the style is Title (标题) */
    bool numbered;    /* automatic numbering (w:numPr); its label is not read */
    int num_id;       /* w:numId when numbered */
    bool centered;    /* w:jc center */
} bp_docx_para;

typedef struct bp_docx {
    const char *path;
    bp_docx_para *paras; /* every paragraph of the body, empty ones too: paragraph n
                            (1-based, as messages name it) is paras[n - 1] */
    int nparas;
} bp_docx;

/* Reads path (a regular file). Errors (BP_EINPUT; BP_ERESOURCE when memory
 * runs out) name the file and, where they can, the paragraph: a table, an
 * image or drawing, a text box or an equation in the body is an error
 * ("document.docx: paragraph 12 (word/document.xml:2:345): a table …"). */
int docx_load(bp_ctx *c, const char *path, bp_docx **out);
/* The same from memory (tests, fuzzing); path names it in messages. */
int docx_parse(bp_arena *a, const char *path, const void *bytes, size_t len, bp_docx **out,
               bp_error *e);

#endif
