/* doc_source.h — where the text parts of a department come from
 * (docs/document.md, "Text sources"): department.yaml's `text:` (a
 * document.md, a .docx, or the workbook with text sheets), else
 * document.md when the folder has one, else document.docx, else the
 * workbook's text sheets when the layout set maps them. Every source is
 * made the Markdown doc_text.h reads, with a map that names the source's
 * own places in messages (a .docx: its paragraph; a sheet: its row). The
 * one place render, check and the text checks get the text from. */
#ifndef BP_DOC_SOURCE_H
#define BP_DOC_SOURCE_H

#include "data.h"
#include "doc_text.h"
#include "spec.h"

struct bp_docx;

#define BP_DOC_DOCX_FILE "document.docx"

typedef enum {
    BP_TEXT_NONE,   /* the department has no text: the annex alone */
    BP_TEXT_MD,     /* a document.md */
    BP_TEXT_DOCX,   /* a .docx */
    BP_TEXT_SHEETS, /* the workbook's text sheets */
} bp_text_kind;

/* A source made Markdown, with the places of its lines. */
typedef struct bp_text_md {
    bp_text_kind kind;
    const char *file; /* the source's path, as messages name it */
    const char *md;
    size_t len;
    bp_text_map map; /* nlines 0: md's own places (a document.md) */
} bp_text_md;

/* Which source the department's text comes from, and its path (NULL for
 * BP_TEXT_NONE). set may be NULL (then no text sheets). */
int doc_source_find(bp_ctx *c, const bp_department *d, const bp_layout_set *set, bp_text_kind *kind,
                    const char **path);
/* The department's text as Markdown (out->kind BP_TEXT_NONE: none). */
int doc_source_markdown(bp_ctx *c, const bp_department *d, const bp_layout_set *set,
                        bp_text_md *out);
/* A source made Markdown, parsed, its figures evaluated by fig; *out NULL
 * for BP_TEXT_NONE. */
int doc_source_parse(bp_arena *a, const bp_text_md *md, bp_figure_fn fig, void *env, bp_text **out,
                     bp_error *e);
/* The department's text parsed, its figures evaluated by fig; *out NULL
 * when it has none. */
int doc_source_load(bp_ctx *c, const bp_department *d, const bp_layout_set *set, bp_figure_fn fig,
                    void *env, bp_text **out);

/* A .docx's paragraphs as Markdown (doc_docx.c): a heading by its outline
 * level or heading style, else (in a file without any) by the numbering
 * typed before it (第一部分, 一、, （一）); a numbered paragraph a list item;
 * Markdown's own characters escaped outside the figures ({{ }}). */
int doc_docx_markdown(bp_arena *a, const struct bp_docx *d, bp_text_md *out, bp_error *e);

/* What a clerk types (doc_docx.c): the heading level the numbering at the
 * start of a short line gives (1 第一部分, 2 一、, 3 （一）; 0 none); the
 * number of a typed list label ("1." "1．" "1)") and the characters it and
 * the spaces after it take (*skip; 0: none); s after its spaces (ASCII,
 * U+3000). */
int doc_typed_level(const char *t);
int doc_typed_number(const char *t, int *skip);
const char *doc_skip_spaces(const char *s);

/* The workbook's text sheets as Markdown (doc_sheets.c): each sheet the
 * set maps, in the set's order, under its part and section headings; one
 * paragraph a non-empty row (or the lines of one large merged cell). */
int doc_sheets_markdown(bp_ctx *c, const bp_department *d, const bp_layout_set *set,
                        bp_text_md *out);

/* A Markdown text being made line by line, with its map (doc_docx.c; the
 * text sheets use it too). */
typedef struct md_builder {
    bp_arena *a;
    bp_vec md;          /* char */
    bp_vec line, shift; /* int per markdown line */
    bp_vec adj;         /* const int * per markdown line */
    bp_vec cur_adj;     /* int pairs of the paragraph being put */
    bp_vec files;       /* const char * per markdown line */
    const char *file;   /* the source's name for the lines put next (NULL: the text's) */
    bool too_big;       /* the text passed BP_DOC_MAX_MD: nothing more was put */
} md_builder;

/* The most Markdown a .docx or text sheets make, in bytes (docs/limits.md):
 * as much as a document.md may hold. */
#define BP_DOC_MAX_MD (64u << 20)

void md_builder_init(md_builder *b, bp_arena *a);
/* Puts one paragraph of the source's line src_line as a Markdown block:
 * level 1..4 a heading, 0 body text; number > 0: an item of an ordered
 * list. text: the paragraph from its skip-th character on (leading and
 * trailing spaces are dropped). */
void md_builder_para(md_builder *b, int src_line, int level, int number, const char *text,
                     int skip);
/* The text made, into out (md, len, map); BP_EINPUT naming what (the
 * source) when it passed BP_DOC_MAX_MD. */
int md_builder_finish(md_builder *b, bp_text_md *out, const char *what, bp_error *e);

#endif
