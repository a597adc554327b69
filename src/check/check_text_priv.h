/* check_text_priv.h — what the files of the text checks share: the
 * document's blocks of plain text from the one tree of document.md
 * (doc_text.h, read by check_text_tree.c), each byte with the line, column
 * and byte of the source it came from, and the checks each file runs over
 * them. Not for other stages. */
#ifndef BP_CHECK_TEXT_PRIV_H
#define BP_CHECK_TEXT_PRIV_H

#include "check_text.h"
#include "doc_text.h"

/* What a {{ … }} expression is replaced by in a block's text: U+FFFC, one
 * character that is neither a digit, a letter nor punctuation. */
#define TX_EXPR "\xEF\xBF\xBC"
#define TX_EXPR_LEN 3

typedef enum { TX_PARA, TX_HEADING, TX_ITEM } tx_kind;

/* From byte off of a block's text on, the source's line, column and byte
 * (doc_text.h: the one tree of document.md). */
typedef bp_text_at tx_span;

/* A paragraph, a heading or a list item of document.md as md4c read it
 * for the typesetter (doc_text.h), without its markdown syntax: each
 * {{ }} expression is TX_EXPR; lines joined as the typesetter joins them. */
typedef struct tx_block {
    tx_kind kind;
    const char *text; /* NUL-terminated */
    size_t n;
    const tx_span *at; /* the places of its text, by increasing off (at[0]: its start) */
    int nat;
    const bp_block *src; /* the block of the tree */
    /* the text without white space (ASCII, U+3000, U+00A0), and the offset
     * in text of each of its bytes (nsq + 1 entries) */
    const char *sq;
    size_t nsq;
    const size_t *sq_at;
} tx_block;

/* A {{ }} figure's value, at the byte of its `{{` in the source text
 * (check_text_eval.c). */
typedef struct tx_fig {
    size_t src;
    const char *value;
} tx_fig;

typedef struct tx_doc {
    const char *path;
    tx_block *blocks;
    int n;
    const tx_fig *figs; /* every figure's value, as render prints it */
    int nfigs;
    const struct bp_text_map *map; /* the source's map (a .docx, text sheets), or NULL */
    bp_vec found; /* what the checks found (check_text.c), reported in source order */
} tx_doc;

/* check_text_tree.c: the text checks' blocks over the one tree of
 * document.md (t, each figure read as TX_EXPR) into out. */
void tx_blocks(bp_ctx *c, const char *path, const bp_text *t, tx_doc *out);
/* The blocks of src (valid UTF-8), its figures read as TX_EXPR and not
 * evaluated (doc_text_parse; a refused text: c->e). */
int tx_parse(bp_ctx *c, const char *path, const char *src, size_t len, tx_doc *out);
/* The line and column in the source of byte off (0..n) of b's text. */
void tx_place(const tx_block *b, size_t off, int *line, int *col);
/* The bytes of the source from which b's text [off, end) was set. */
void tx_src_span(const tx_block *b, size_t off, size_t end, size_t *from, size_t *to);

/* check_text.c */
/* What a check found at a place of the document. */
typedef struct tx_found {
    int line, col, severity, seq;
    const char *where; /* "path:line:col" */
    const char *rule;
    const char *message;     /* "path:line:col: what (rule)" */
    int table, row, column;  /* a table cell the finding names (table -1: none) */
    const char *expected;    /* that cell's figure in the text's unit (exact decimal) */
    const char *found;       /* the text's figure (exact decimal) */
    const char *unit;        /* the text's unit (万元, %) */
    size_t src_from, src_to; /* the phrase's bytes in the source (tx_emit: the number and
                                its unit, or the words, at the place; a check may widen it) */
    const char *kind;        /* the finding's kind when its severity is not a built-in
                                check's line (a near miss: text_figures); NULL: text_shares */
} tx_found;

/* Records a finding at byte off of a block's text: severity as
 * check_emit's, the rule it breaks, the message (printf). The findings
 * are reported in the order of their places, after every check ran. The
 * record returned (to add the cell it names) holds until the next call. */
tx_found *tx_emit(run *R, tx_doc *d, const tx_block *b, size_t off, int severity, const char *rule,
                  const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* "line:col" of byte off of a block's text. */
const char *tx_at(run *R, const tx_block *b, size_t off);
/* An ASCII digit. */
bool tx_is_digit(char c);
bool tx_is_space(const char *s, size_t *len); /* white space at s: its length */
bool tx_is_han(uint32_t cp);
/* The code point at s (0 at the end), its length in *len. */
uint32_t tx_cp(const char *s, size_t *len);
/* i past the white space at t + i. */
size_t tx_skip_space(const char *t, size_t i);

enum { TX_NO_UNIT = -2, TX_PERCENT = -1 };

/* A number in the text (6828.4, 5,209, 0) and the unit after it. */
typedef struct tx_num {
    size_t at, end; /* its digits */
    bool parsed;    /* v holds it (at most 6 decimals, not too large) */
    bp_decimal v;
    int unit_exp;             /* 元 0, 千元 3, 万元 4, 亿元 8, TX_PERCENT or TX_NO_UNIT */
    size_t unit_at, unit_end; /* the unit's bytes */
} tx_num;

/* The number that starts at t[i], if one does: digits (with , between
 * groups of three, and . before decimals) not part of a longer word or
 * number, then white space and a unit (亿元 万元 千元 元 % ％), if any. */
bool tx_number_at(const char *t, size_t i, tx_num *out);

/* check_text_words.c */
void tx_department(run *R, tx_doc *d);
void tx_repeats(run *R, tx_doc *d);
void tx_leftovers(run *R, tx_doc *d);

/* check_text_eval.c: the one reading of text[0..len): one walk of the
 * tree evaluates every {{ }} as render does (an error of the call,
 * BP_EINPUT at file:line:column, when one fails), keeping the values in
 * d, and gives d its blocks, each figure read as TX_EXPR (d->path and
 * d->map set by the caller). */
int tx_read(run *R, tx_doc *d, const char *text, size_t len);
/* The value of the figure whose placeholder is at byte off of b's text
 * (NULL: none known). */
const char *tx_figure_at(const tx_doc *d, const tx_block *b, size_t off);

/* check_text_figures.c */
void tx_figures(run *R, tx_doc *d);

#endif
