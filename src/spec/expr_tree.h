/* expr_tree.h — the one expression language's parser (expr_parse.c) and
 * the tree it builds, with the source offsets of every node: the check
 * rules (`lhs OP rhs`, spec_checks.c turns the tree into rules.h's bp_expr)
 * and the figures of the document's text (`{{ … }}`, evaluated by
 * data/expr.c). Terms are term.h's, resolved against the layout set as
 * they are read; errors are placed through the bp_term_src place()
 * callback (a YAML scalar, a line of document.md). The grammar is in
 * docs/architecture.md, "The expression language". */
#ifndef BP_EXPR_TREE_H
#define BP_EXPR_TREE_H

#include "term.h"

typedef enum {
    BP_XN_NUM,  /* a number: num */
    BP_XN_TERM, /* a term: term */
    BP_XN_ADD,  /* kid[0] + kid[1] */
    BP_XN_SUB,  /* kid[0] - kid[1] */
    BP_XN_MUL,  /* kid[0] * kid[1] (or ×) */
    BP_XN_DIV,  /* kid[0] / kid[1] (or ÷) */
    BP_XN_CMP,  /* kid[0] op kid[1]: a rule */
    BP_XN_CALL, /* name(kid[0], …): a figure's function */
    BP_XN_UNIT, /* kid[0] in the unit unit_exp: a figure's trailing unit (… 万元) */
} bp_xkind;

typedef struct bp_xnode {
    bp_xkind kind;
    size_t b, e;   /* its text, s[b..e) */
    size_t sb, se; /* the same with the parentheses written around it */
    size_t at;     /* an operator's offset, a call's name */
    size_t oplen;  /* the operator's length in bytes */
    bp_op op;      /* BP_XN_CMP */
    bp_decimal num;
    bp_term term;     /* sign, factor and mult unset */
    const char *name; /* BP_XN_CALL */
    int unit_exp;     /* BP_XN_UNIT: the power of ten of 元 (expr_lex.h) */
    struct bp_xnode **kid;
    int nkid;
} bp_xnode;

/* What is parsed. A rule (rule true): one comparison between two sums of
 * terms of the mode, each term with an optional whole factor (N * term),
 * parentheses; no function, no division, no number alone. A figure: a sum
 * of products of terms (BP_TERM_SET), numbers, parenthesised figures and
 * calls of the functions named, and at its end a unit word (元, 万元, 亿元
 * …: the root is then a BP_XN_UNIT). */
typedef struct bp_xparse {
    const bp_term_src *src;
    bp_term_mode mode;            /* the terms' */
    bool rule;                    /* a rule, else a figure */
    const char *const *functions; /* a figure's function names, NULL-terminated */
} bp_xparse;

/* Parses s[0..len) into *out (in src->a). BP_OK, or BP_EINPUT placed at
 * the fault's offset through src->place. A figure must not be empty (the
 * caller says so in its words). */
int bp_expr_parse(const bp_xparse *o, const char *s, size_t len, bp_xnode **out);

#define BP_EXPR_MAX_DEPTH 32 /* functions and parentheses inside one another */

#endif
