/* expr_lex.h — the characters of the one expression language (the rules,
 * the figures of the text; docs/architecture.md, "The expression
 * language"): white space, comparisons, the signs of multiplication and
 * division, identifiers (function names), UTF-8 character lengths. The one
 * copy of these helpers, shared by the parser (expr_parse.c) and the terms
 * (term.c). */
#ifndef BP_EXPR_LEX_H
#define BP_EXPR_LEX_H

#include <stdbool.h>
#include <stddef.h>

#include "rules.h"

/* ' ', tab, CR or LF: what separates tokens. */
bool bp_lex_space(char c);
/* The comparison at s[0..n): =, <=, >=, <, >, ≤, ≥; its length in bytes, 0
 * when there is none. */
size_t bp_lex_cmp(const char *s, size_t n);
/* The comparison of length len (bp_lex_cmp) at s. */
bp_op bp_lex_cmp_op(const char *s, size_t len);
/* '*' or '×' at s[0..n): its length in bytes, else 0. */
size_t bp_lex_mul(const char *s, size_t n);
/* '/' or '÷' at s[0..n): its length in bytes, else 0. */
size_t bp_lex_div(const char *s, size_t n);
/* A function name: [A-Za-z_][A-Za-z0-9_]*. */
bool bp_lex_ident_start(char c);
bool bp_lex_ident_char(char c);
/* The length in bytes of the UTF-8 character at s (stops at a NUL). */
size_t bp_lex_char_len(const char *s);

#endif
