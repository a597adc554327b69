/* term.h — a term of the one expression language shared by the check
 * rules (spec_checks.c, check.c) and the figures of the document's text
 * (expr.c): `TABLE[SELECTOR].column`, `[SELECTOR].column` or a column, as
 * docs/checks.md describes. Its parser, which places its messages through
 * a callback (a YAML scalar, a line of document.md). Evaluation is the data
 * stage's: data/term_eval.h. */
#ifndef BP_TERM_H
#define BP_TERM_H

#include "rules.h"
#include "yamlq.h"

/* Where the text being parsed is: place() gives the file, line and column
 * of the byte at offset off of the text, for messages. */
typedef struct bp_term_src {
    bp_arena *a;
    bp_error *e;
    const bp_layout_set *set;  /* TABLE names a table of this set */
    const bp_table_spec *self; /* a term without TABLE names this table's cells */
    void (*place)(void *ctx, size_t off, const char **file, size_t *line, size_t *col);
    void *ctx;
    const char *what; /* a column message's prefix, N_() ("figure"); NULL: "rule" */
} bp_term_src;

/* place() for a YAML scalar: ctx is a bp_term_node, offsets are bytes of
 * its value (the node's start when the offset cannot be placed: multi-line
 * or block scalars). */
typedef struct bp_term_node {
    bp_yaml *y;
    yaml_node_t *n;
} bp_term_node;
void term_node_place(void *ctx, size_t off, const char **file, size_t *line, size_t *col);

/* What a term may be: a column of the current row (row rules), a cell of
 * its own table ([SEL].column) or of any table of the set (TABLE[SEL].column). */
typedef enum { BP_TERM_ROW, BP_TERM_SELF, BP_TERM_SET } bp_term_mode;

/* Fails (BP_EINPUT) with "file:line:col: message" for offset off. */
int term_fail(const bp_term_src *s, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int term_vfail(const bp_term_src *s, size_t off, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* What else ends a term (term_scan): '(', ',' and ')' (a figure's term,
 * docs/document.md), or ',' and ')' inside parentheses (a rule's, whose
 * column names may hold them outside). */
enum { BP_TERM_STOP_CALL = 1, BP_TERM_STOP_NEST = 2 };

/* The end of the term starting at s[b]: the first space, '+', comparison,
 * '*', '×', '/' or '÷' outside brackets and quotes, or what stops adds.
 * Errors on an unclosed '[' or '"', or on an empty term. */
int term_scan(const bp_term_src *src, const char *s, size_t len, size_t b, unsigned stops,
              size_t *end);

/* Parses s[b..e) as a term of the mode. Sets table, column, sel, nsel and
 * text; not sign, factor or mult. */
int term_parse(const bp_term_src *src, bp_term_mode mode, const char *s, size_t b, size_t e,
               bp_term *out);

/* Column ref of table t (key or name, check_find_column), at offset off;
 * amount: it must be an amount column. what: the message's prefix. */
int term_column(const bp_term_src *src, size_t off, const bp_table_spec *t, const char *ref,
                bool amount, const char *what, int *out);

/* The table a name gives (number, stem or file name) at offset off. */
int term_table(const bp_term_src *src, size_t off, const char *name, int *out);

/* "[name=合计]": the selectors as keys and values, for messages. */
const char *term_sel_text(bp_arena *a, const bp_table_spec *t, const bp_term *term);

#endif
