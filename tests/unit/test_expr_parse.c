/* test_expr_parse.c — the one parser of the expression language
 * (spec/expr_parse.c, expr_tree.h): precedence, parentheses, division,
 * comparisons, calls, the offsets of its nodes, the rules' subset (a
 * factor, no function, no division) and every error with its column. The
 * tree is printed as an s-expression. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "expr_tree.h"

static const char *t_yaml = "title: t\n"
                            "data: t.csv\n"
                            "columns:\n"
                            "  - {key: name, header: [名称]}\n"
                            "  - {key: total, header: [合计], type: amount}\n"
                            "  - {key: a, header: [甲], type: amount}\n"
                            "  - {key: b, header: [乙], type: amount}\n";

static const char *const fns[] = {"sum", "pct", NULL};

typedef struct fx {
    bp_arena a;
    bp_error e;
    bp_table_spec t;
    bp_layout_set set;
} fx;

/* Messages say t:1:COLUMN, the column the offset's character plus one. */
static void place(void *ctx, size_t off, const char **file, size_t *line, size_t *col)
{
    (void)ctx;
    *file = "t", *line = 1, *col = off + 1;
}

static const char *show(bp_arena *a, const bp_xnode *n)
{
    static const char *const ops[] = {"", "", "+", "-", "*", "/", "", ""};
    static const char *const cmps[] = {"=", "<=", ">=", "<", ">"};
    switch (n->kind) {
    case BP_XN_NUM:
        return bp_sprintf(a, "%lld/%d", (long long)n->num.units, n->num.scale);
    case BP_XN_TERM:
        return bp_sprintf(a, "%s", n->term.text);
    case BP_XN_CALL: {
        const char *s = bp_sprintf(a, "%s(", n->name);
        for (int i = 0; i < n->nkid; i++)
            s = bp_sprintf(a, "%s%s%s", s, i ? " " : "", show(a, n->kid[i]));
        return bp_sprintf(a, "%s)", s);
    }
    default:
        return bp_sprintf(a, "(%s %s %s)", n->kind == BP_XN_CMP ? cmps[n->op] : ops[n->kind],
                          show(a, n->kid[0]), show(a, n->kid[1]));
    }
}

/* The tree of s, or "error: message". */
static const char *parse(fx *f, bool rule, const char *s, bp_xnode **root)
{
    bp_term_src src = {&f->a, &f->e, &f->set, &f->t, place, NULL, NULL};
    bp_xparse o = {&src, rule ? BP_TERM_ROW : BP_TERM_SET, rule, fns};
    bp_xnode *n;
    if (bp_expr_parse(&o, s, strlen(s), &n)) return bp_sprintf(&f->a, "error: %s", f->e.msg);
    if (root) *root = n;
    return show(&f->a, n);
}

static fx *fx_new(void)
{
    fx *f = test_calloc(1, sizeof *f);
    bp_arena_init(&f->a);
    if (spec_parse_table(&f->a, "01-t.yaml", t_yaml, strlen(t_yaml), &f->t, &f->e))
        fail_msg("%s", f->e.msg);
    f->set.tables = &f->t, f->set.ntables = 1;
    return f;
}

static void fx_free(fx *f)
{
    bp_arena_free(&f->a);
    test_free(f);
}

static void figures(void **state)
{
    (void)state;
    fx *f = fx_new();
    assert_string_equal(parse(f, false, "1 + 2 * 3", NULL), "(+ 1/0 (* 2/0 3/0))");
    assert_string_equal(parse(f, false, "1 - 2 - 3", NULL), "(- (- 1/0 2/0) 3/0)");
    assert_string_equal(parse(f, false, "(1 + 2) * 3", NULL), "(* (+ 1/0 2/0) 3/0)");
    assert_string_equal(parse(f, false, "8 / 2 / 2", NULL), "(/ (/ 8/0 2/0) 2/0)");
    assert_string_equal(parse(f, false, "8 ÷ 2 × 0.5", NULL), "(* (/ 8/0 2/0) 5/1)");
    assert_string_equal(parse(f, false, "1/2", NULL), "(/ 1/0 2/0)");
    assert_string_equal(parse(f, false, "-1 - -2", NULL), "(- -1/0 -2/0)");
    assert_string_equal(parse(f, false, "01[name=合计].total / 10000", NULL),
                        "(/ 01[name=合计].total 10000/0)");
    assert_string_equal(parse(f, false, "sum(1, (2 + 3) * 4, pct(1, 2))", NULL),
                        "sum(1/0 (* (+ 2/0 3/0) 4/0) pct(1/0 2/0))");
    assert_string_equal(parse(f, false, "sum ()", NULL), "sum()");
    /* offsets: a node's text, and its text with the parentheses */
    bp_xnode *n;
    parse(f, false, " (1 + 2) * 3", &n);
    assert_int_equal(n->b, 1);
    assert_int_equal(n->e, 12);
    assert_int_equal(n->at, 9);
    assert_int_equal(n->kid[0]->b, 2);
    assert_int_equal(n->kid[0]->e, 7);
    assert_int_equal(n->kid[0]->sb, 1);
    assert_int_equal(n->kid[0]->se, 8);
    fx_free(f);
}

static void rules(void **state)
{
    (void)state;
    fx *f = fx_new();
    assert_string_equal(parse(f, true, "total = a + b", NULL), "(= total (+ a b))");
    assert_string_equal(parse(f, true, "total <= a - b + a", NULL), "(<= total (+ (- a b) a))");
    assert_string_equal(parse(f, true, "a ≥ b", NULL), "(>= a b)");
    assert_string_equal(parse(f, true, "a>b", NULL), "(> a b)");
    assert_string_equal(parse(f, true, "a < b", NULL), "(< a b)");
    assert_string_equal(parse(f, true, "10000 * total = 2 × a", NULL),
                        "(= (* 10000/0 total) (* 2/0 a))");
    assert_string_equal(parse(f, true, "total = a - (b - a)", NULL), "(= total (- a (- b a)))");
    fx_free(f);
}

/* The error of s must be want. */
static void err(fx *f, bool rule, const char *s, const char *want)
{
    const char *got = parse(f, rule, s, NULL);
    if (strcmp(got, want)) fail_msg("%s:\n got  %s\n want %s", s, got, want);
}

static void errors(void **state)
{
    (void)state;
    fx *f = fx_new();
    /* figures */
    err(f, false, "(1 + 2", "error: t:1:1: '(' is not closed");
    err(f, false, "(1 + 2 3)", "error: t:1:8: expected ')' before '3)'");
    err(f, false, "1 /",
        "error: t:1:4: expected a figure: a term such as 03[name=合计].total, a "
        "number or a function");
    err(f, false, "1 / * 2", "error: t:1:5: expected a term before '*'");
    err(f, false, "1 + <= 2", "error: t:1:5: expected a term before '<='");
    err(f, false, "1 = 2", "error: t:1:3: expected '+', '-' or the end of the figure before '= 2'");
    err(f, false, "pcts(1)",
        "error: t:1:1: unknown function 'pcts' (did you mean 'pct'?) "
        "(functions: sum, pct)");
    err(f, false, "sum(1 2)", "error: t:1:7: sum: expected ',' or ')' before '2)'");
    char deep[200] = "";
    for (int i = 0; i < 40; i++)
        strcat(deep, "(");
    err(f, false, deep, "error: t:1:33: more than 32 parentheses inside one another");
    /* rules */
    err(f, true, "total = a / b",
        "error: t:1:11: '/': a rule does not divide; it adds and subtracts terms, each with a "
        "whole factor (N * term)");
    err(f, true, "total = sum(a, b)",
        "error: t:1:9: 'sum(': a rule adds and compares terms and calls no function (functions are "
        "for the figures of the text)");
    err(f, true, "total = (a + b) * 2", "error: t:1:17: a factor multiplies one term: N * term");
    err(f, true, "total = 2 * (a + b)", "error: t:1:13: a factor multiplies one term: N * term");
    err(f, true, "total = a * 2",
        "error: t:1:9: 'a *': a factor is a whole number from 1 to 10^8, such as 10000");
    err(f, true, "total = 0 * a",
        "error: t:1:9: a factor is a whole number from 1 to 10^8, not '0'");
    err(f, true, "total = 2 * 3 * a", "error: t:1:15: a term takes one factor: N * term");
    err(f, true, "total = 2 *", "error: t:1:7: the rule ends with a factor and no term");
    err(f, true, "total + a",
        "error: t:1:1: a rule needs the form A = B + C (or A <= B, A >= B, A < B, A > B; no "
        "comparison in 'total + a')");
    err(f, true, "total = a +", "error: t:1:11: the rule ends without a term");
    err(f, true, "total = a = b",
        "error: t:1:11: a rule has one comparison (=, <=, >=, <, >, ≤ or ≥)");
    err(f, true, "total = a b", "error: t:1:11: expected '+', '-' or '=' before 'b'");
    err(f, true, "= a", "error: t:1:1: expected a term before '='");
    err(f, true, "total = (a + b", "error: t:1:9: '(' is not closed");
    err(f, true, "total = c",
        "error: t:1:9: row rule: no column 'c' in 01-t.yaml (did you mean 'a'?)");
    fx_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(figures),
        cmocka_unit_test(rules),
        cmocka_unit_test(errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
