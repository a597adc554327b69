/* check_typed.h — the figures typed in a document's text, found the way
 * the text checks find them (check_text_figures.c: a number followed by
 * 万元, 元, 千元, 亿元 or %, not inside {{ }}, not a threshold such as
 * "50 万元以上"), each with its place in the source and the words around
 * it. For `budgetpdf bind` and `draft` (drive/bind*.c), which write an
 * expression in a typed figure's place: the numbers are found once, here,
 * by the check stage's reader. */
#ifndef BP_CHECK_TYPED_H
#define BP_CHECK_TYPED_H

#include "decimal.h"
#include "util.h"

/* One typed figure. Byte offsets are into the source given. */
typedef struct bp_typed {
    size_t at, end;           /* the digits in the source */
    size_t unit_at, unit_end; /* its unit in the source (% included) */
    int line, col;            /* of the first digit (col in characters) */
    bp_decimal v;             /* the number (parsed: at most 6 decimals) */
    int unit_exp;             /* 元 0, 千元 3, 万元 4, 亿元 8; -1 a percentage */
    const char *clause;       /* the clause before it (back to ，。；：、), no white space */
    const char *sentence;     /* the sentence before it (back to 。！？), no white space */
    const char *heading;      /* the last heading above it ("" before any) */
    int block;                /* the paragraph, heading or item it is in (0, 1, …) */
    int sentence_no;          /* the sentence it is in, counted over the whole text */
} bp_typed;

/* The typed figures of src[0..len) (valid UTF-8, document.md's markdown;
 * path names it), in the order of the text, into out (bp_typed). Numbers
 * whose digits are not found as such in the source (broken by markdown)
 * are left out. A text render would refuse (a code block, a table) is an
 * input error in e. */
int check_typed_figures(bp_arena *a, const char *path, const char *src, size_t len, bp_vec *out,
                        bp_error *e);

/* Byte offset in src of line:col (1-based, col in characters); len when
 * past the end. */
size_t check_typed_offset(const char *src, size_t len, int line, int col);

#endif
