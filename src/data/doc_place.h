/* doc_place.h — the placement markers of document.md: `{{ table 01 }}`
 * (one or more tables, `{{ table 01, 02 }}`) and `{{ annex }}` (the annex:
 * its divider and the tables placed nowhere else), each a paragraph of its
 * own, which put tables between the text's sections (docs/document.md,
 * "Tables between the sections"). doc_text.c keeps each marker in its
 * block's text as DOC_PLACE_MARK and its words; the layout reads them. */
#ifndef BP_DOC_PLACE_H
#define BP_DOC_PLACE_H

#include "doc_text.h"

/* Begin and end each marker's words in a block's text (control
 * characters, which document.md cannot hold). */
#define DOC_PLACE_MARK '\x01'
#define DOC_PLACE_END '\x02'

/* True when s[0..len) (the text between `{{` and `}}`) is a placement
 * marker rather than a figure: its first word is `table` or `annex`. */
bool doc_place_is(const char *s, size_t len);
/* The marker's text in a block: its words between DOC_PLACE_MARK and
 * DOC_PLACE_END. */
const char *doc_place_value(bp_arena *a, const char *s, size_t len);
/* Where byte off of a block's text is in document.md (doc_text_place). */
typedef void (*doc_place_fn)(const bp_block *b, size_t off, int *line, int *col);
/* Marks the blocks that are placement markers (bp_block.place); a marker
 * in a heading, a list or a paragraph with other text is an error naming
 * document.md's line and column (found by where). */
int doc_place_blocks(bp_text *t, doc_place_fn where, bp_error *e);

/* One marker of a place block: its words (without the mark) and the byte
 * offset of its mark in the block's text. */
typedef struct doc_marker {
    const char *words;
    size_t len, off;
} doc_marker;

/* The markers of block b (a place block), in order, in a (*n: their count). */
doc_marker *doc_place_markers(bp_arena *a, const bp_block *b, int *n);

#endif
