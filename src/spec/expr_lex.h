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

/* The units of money, as powers of ten of 元: 元 0, 十元 1, 百元 2, 千元 3,
 * 万元 4, 十万元 5, 百万元 6, 千万元 7, 亿元 8 (a column's `unit:`, a
 * figure's trailing unit, `figures: unit:`). The one list of them. */
#define BP_NO_UNIT (-100) /* a value without a unit (a number, a ratio) */
/* The power of ten of the unit named s[0..n) exactly, BP_NO_UNIT when it is
 * none. */
int bp_lex_unit_exp(const char *s, size_t n);
/* The name of the unit of power exp (0..8), NULL for another. */
const char *bp_lex_unit_name(int exp);
/* The length of the unit word that ends s[0..n) (the longest: 万元, not 元),
 * 0 when none does; *exp its power. */
size_t bp_lex_unit_suffix(const char *s, size_t n, int *exp);
/* "元, 千元, 万元, 百万元 or 亿元 (or 十元, 百元, 十万元, 千万元)": for messages. */
extern const char bp_lex_unit_list[];

#endif
