/* doc_text.h — the text parts of a whole 部门预算公开: a department folder's
 * document.md (CommonMark, parsed with md4c) as a list of blocks (parts,
 * sections, sub-sections, paragraphs, numbered items), each figure
 * `{{ expr }}` replaced by its value through a callback. docs/document.md:
 * "The text file". */
#ifndef BP_DOC_TEXT_H
#define BP_DOC_TEXT_H

#include "doc_style.h"
#include "util.h"

/* Evaluates one figure: src[0..len) is the text between `{{` and `}}`
 * (spaces included); file, line and col (1-based, col in characters) are
 * where its `{{` is in document.md. Sets *out (valid as long as the
 * document's arena) and returns BP_OK, or fails e naming that place.
 * (The same type is declared in expr.h, which implements it.) */
typedef int (*bp_figure_fn)(void *env, const char *src, size_t len, const char *file, int line,
                            int col, const char **out, bp_error *e);

/* Where the bytes of a block's text come from in document.md: from byte
 * off of the text on, the source's line and column (in characters) and
 * byte src, each further character one column and its bytes further; a
 * fixed place (a figure's value, an entity, a line break) is the place of
 * all its bytes, which stand for the srclen bytes of the source from src
 * (a figure's whole `{{ … }}`). The one tree of document.md: the
 * typesetter sets these blocks and the text checks read them, so a
 * finding's source bytes lead to the characters set on a page. */
typedef struct bp_text_at {
    size_t off;
    int line, col;
    bool fixed;
    size_t src, srclen;
} bp_text_at;

/* One block of the text. kind is BP_DOC_PART (`#`), _SECTION (`##`),
 * _SUBSECTION (`###`), _HEADING4 (`####` and deeper), _BODY (a paragraph)
 * or _ITEM (a paragraph of an ordered list's item). */
typedef struct bp_block {
    bp_doc_elem_kind kind;
    const char *text;     /* UTF-8, figures replaced; "\n" where the source has a hard
                             break (and, in a heading, a line break) */
    int number;           /* _ITEM: its number; 0 for a further paragraph of the item */
    int line;             /* where it starts in document.md (1-based) */
    const bp_text_at *at; /* the places of its text, by increasing off */
    int nat;
    bool place; /* a paragraph of table markers, {{ table 01 }} (doc_place.h) */
} bp_block;

typedef struct bp_text {
    const char *file; /* document.md's path */
    bp_block *blocks;
    int nblocks;
} bp_text;

/* The line and column in document.md of byte off of b's text (the
 * block's line and column 1 when b has no places). */
void doc_text_place(const bp_block *b, size_t off, int *line, int *col);

/* The bytes [*from, *to) of document.md that the character at byte off
 * of b's text was set from (a figure's value: its whole `{{ … }}`). */
void doc_text_src(const bp_block *b, size_t off, size_t *from, size_t *to);

/* The file name of the text in a department folder. */
#define BP_DOC_TEXT_FILE "document.md"

/* Where the lines of a Markdown text made from another source (a .docx:
 * doc_source.h) come from: markdown line n (1-based) is the source's line
 * (a .docx: its paragraph) line[n - 1]; a column c of it is column
 * c - shift[n - 1] there, less the adjustments of the columns before c
 * (adj[n - 1]: pairs from_col, delta, ended by 0: from markdown column
 * from_col on, the markdown has delta characters more, as a backslash
 * put before a character that Markdown would read; NULL: none). Every
 * place doc_text_parse gives (its errors, the figures' places, the
 * blocks') is the source's. */
typedef struct bp_text_map {
    int nlines;
    const int *line, *shift;
    const int *const *adj;
    const char *const *file; /* per line, the source's name in messages when it is not the
                                text's file ("book.xlsx!名词解释": a text sheet); NULL: none */
} bp_text_map;

/* Parses src (document.md's text, named file in messages). fig may be NULL
 * only for a text without figures. */
int doc_text_parse(bp_arena *a, const char *file, const char *src, size_t len, bp_figure_fn fig,
                   void *env, bp_text *out, bp_error *e);
/* The same for a Markdown text made from another source, whose places
 * map gives (NULL: src's own). */
int doc_text_parse_mapped(bp_arena *a, const char *file, const char *src, size_t len,
                          bp_figure_fn fig, void *env, const bp_text_map *map, bp_text *out,
                          bp_error *e);
/* What doc_text_parse_in reads: the text (named file in messages), its
 * figures' evaluator (fig, env: NULL only for a text without figures) and
 * the source's map (NULL: src's own). With md_places, the messages and
 * the figures' places are still the source's, but the blocks' places are
 * left the markdown's: for a reader that maps each place itself through
 * map (the text checks, which name a text sheet's file line by line). */
typedef struct bp_text_in {
    const char *file, *src;
    size_t len;
    bp_figure_fn fig;
    void *env;
    const bp_text_map *map;
    bool md_places;
} bp_text_in;
int doc_text_parse_in(bp_arena *a, const bp_text_in *in, bp_text *out, bp_error *e);
/* Line and column of the source for markdown line and col (doc_text.c);
 * returns the name of the source there (file, unless the map names
 * another). */
const char *doc_text_map_place(const bp_text_map *map, const char *file, int *line, int *col);
/* True when anything is at dir/document.md (a folder, a pipe or a link
 * that leads out of dir too: reading it is then refused, never skipped). */
bool doc_text_exists(bp_arena *a, const char *dir);
/* Reads and parses dir/document.md; *out NULL when the folder has none. */
int doc_text_load(bp_ctx *c, const char *dir, bp_figure_fn fig, void *env, bp_text **out);

#endif
