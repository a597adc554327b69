/* spec_checks.c — parses check rules: the `checks:` list of a table layout
 * and the layout set's rules file (rules.yaml), into the model of rules.h;
 * a rule's expression is read by the expression language's parser
 * (expr_parse.c) and its tree turned into a bp_expr here. Every key is
 * checked; errors name file:line:column. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "in_file.h"
#include "spec_checks.h"
#include "expr_tree.h"
#include "term.h"

/* Fails at byte offset off inside scalar n. */
static int fail_at(bp_yaml *y, yaml_node_t *n, size_t off, bp_error *e, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int fail_at(bp_yaml *y, yaml_node_t *n, size_t off, bp_error *e, const char *fmt, ...)
{
    char buf[1536];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    bp_term_node at = {y, n};
    bp_term_src src = {NULL, e, NULL, NULL, term_node_place, &at, NULL};
    return term_fail(&src, off, "%s", buf);
}

/* ---- naming ----------------------------------------------------------- */

/* ---- parse context ---------------------------------------------------- */

typedef enum { MODE_ROW, MODE_TABLE, MODE_SET } expr_mode;

typedef struct pctx {
    bp_yaml *y;
    bp_arena *a;
    bp_error *e;
    const bp_table_spec *self; /* MODE_ROW, MODE_TABLE */
    const bp_layout_set *set;  /* MODE_SET */
} pctx;

/* A term source for node n: offsets are bytes of its scalar. */
#define NODE_SRC(p, n)                                                                             \
    bp_term_node at_ = {(p)->y, (n)};                                                              \
    bp_term_src src_ = {(p)->a, (p)->e, (p)->set, (p)->self, term_node_place, &at_, NULL}

static int column_ref(pctx *p, yaml_node_t *n, size_t off, const bp_table_spec *t, const char *ref,
                      bool amount, const char *what, int *out)
{
    NODE_SRC(p, n);
    return term_column(&src_, off, t, ref, amount, what, out);
}

static int scalar_ref(pctx *p, yaml_node_t *n, const char *what, const char **out)
{
    if (n->type != YAML_SCALAR_NODE)
        return yq_fail(p->y, n, p->e, "%s must be a column key or name", what);
    *out = (const char *)n->data.scalar.value;
    return BP_OK;
}

/* ---- conditions ------------------------------------------------------- */

static int parse_cond(pctx *p, yaml_node_t *n, const bp_table_spec *t, const char *what, bp_cond *c)
{
    static const char *const keys[] = {"column", "equals", "length", "empty", "prefix", NULL};
    bp_yaml *y = p->y;
    BP_TRY(yq_check_map(y, n, what, keys, p->e));
    yaml_node_t *v;
    const char *ref = NULL;
    BP_TRY(yq_require(y, n, "column", what, &v, p->e));
    BP_TRY(scalar_ref(p, v, "condition column", &ref));
    BP_TRY(column_ref(p, v, 0, t, ref, false, "condition column", &c->column));
    int ops = 0;
    if ((v = yq_get(y, n, "equals"))) {
        ops++;
        c->op = BP_WHEN_EQUALS;
        BP_TRY(yq_string_list(y, v, "equals", p->a, true, &c->values, &c->nvalues, p->e));
    }
    if ((v = yq_get(y, n, "prefix"))) {
        ops++;
        c->op = BP_WHEN_PREFIX;
        BP_TRY(yq_string_list(y, v, "prefix", p->a, true, &c->values, &c->nvalues, p->e));
    }
    if ((v = yq_get(y, n, "length"))) {
        ops++;
        long len;
        c->op = BP_WHEN_LENGTH;
        BP_TRY(yq_int(y, v, "length", 0, 1000, &len, p->e));
        c->length = (int)len;
    }
    if ((v = yq_get(y, n, "empty"))) {
        ops++;
        c->op = BP_WHEN_EMPTY;
        BP_TRY(yq_bool(y, v, "empty", &c->empty, p->e));
    }
    if (ops != 1)
        return yq_fail(y, n, p->e, "%s needs exactly one of equals, prefix, length or empty", what);
    return BP_OK;
}

/* A condition, or a list of conditions that must all hold. */
static int parse_conds(pctx *p, yaml_node_t *n, const bp_table_spec *t, const char *what,
                       bp_conds *out)
{
    if (n->type == YAML_SEQUENCE_NODE) {
        out->n = yq_seq_len(n);
        if (out->n == 0) return yq_fail(p->y, n, p->e, "%s: the list of conditions is empty", what);
        out->items = bp_alloc(p->a, (size_t)out->n * sizeof *out->items);
        for (int i = 0; i < out->n; i++)
            BP_TRY(parse_cond(p, yq_seq_item(p->y, n, i), t, what, &out->items[i]));
        return BP_OK;
    }
    out->n = 1;
    out->items = bp_alloc(p->a, sizeof *out->items);
    return parse_cond(p, n, t, what, &out->items[0]);
}

/* `all`, one column, or a list of columns (amount columns). */
static int parse_columns(pctx *p, yaml_node_t *n, const bp_table_spec *t, const char *what,
                         int **cols, int *ncols)
{
    if (n->type == YAML_SCALAR_NODE && !strcmp((const char *)n->data.scalar.value, "all")) {
        *cols = bp_alloc(p->a, (size_t)t->ncolumns * sizeof **cols);
        *ncols = 0;
        for (int i = 0; i < t->ncolumns; i++)
            if (t->columns[i].type == BP_COL_AMOUNT) (*cols)[(*ncols)++] = i;
        if (*ncols == 0) return yq_fail(p->y, n, p->e, "%s: the table has no amount column", what);
        return BP_OK;
    }
    int cnt = n->type == YAML_SEQUENCE_NODE ? yq_seq_len(n) : 1;
    if (cnt == 0) return yq_fail(p->y, n, p->e, "%s must list at least one column", what);
    *cols = bp_alloc(p->a, (size_t)cnt * sizeof **cols);
    *ncols = cnt;
    for (int i = 0; i < cnt; i++) {
        yaml_node_t *it = n->type == YAML_SEQUENCE_NODE ? yq_seq_item(p->y, n, i) : n;
        const char *ref = NULL;
        BP_TRY(scalar_ref(p, it, what, &ref));
        BP_TRY(column_ref(p, it, 0, t, ref, true, what, &(*cols)[i]));
    }
    return BP_OK;
}

/* ---- expressions ------------------------------------------------------ */

#define MAX_FACTOR 100000000LL /* 10^8 */

/* The rule's unit: when the terms' columns declare units (unit:), they are
 * compared in the smallest of them, each multiplied by 10^(its unit − that
 * unit) and by its factor. A column without a unit takes the unit of the
 * others when they all have the same; when they differ, it is an error. */
static int expr_units(pctx *p, yaml_node_t *n, bp_expr *x)
{
    const bp_column *without = NULL;
    const char *without_term = NULL;
    int low = 99, high = -1;
    const char *low_name = NULL, *high_name = NULL;
    bool factors = false;
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < x->n[k]; i++) {
            const bp_term *t = &x->side[k][i];
            const bp_table_spec *ts = t->table >= 0 ? &p->set->tables[t->table] : p->self;
            const bp_column *c = &ts->columns[t->column];
            if (t->factor != 1) factors = true;
            if (!c->unit) {
                without = c, without_term = t->text;
                continue;
            }
            if (c->unit_exp < low) low = c->unit_exp, low_name = c->unit;
            if (c->unit_exp > high) high = c->unit_exp, high_name = c->unit;
        }
    if (without && high > low)
        return fail_at(p->y, n, 0, p->e,
                       "the rule compares %s with %s and '%s', whose column declares no unit (add "
                       "unit: to its column or table)",
                       high_name, low_name, without_term);
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < x->n[k]; i++) {
            bp_term *t = &x->side[k][i];
            const bp_table_spec *ts = t->table >= 0 ? &p->set->tables[t->table] : p->self;
            const bp_column *c = &ts->columns[t->column];
            int64_t m = t->factor;
            for (int d = c->unit ? c->unit_exp - low : 0; d > 0; d--) {
                if (m > MAX_FACTOR)
                    return fail_at(p->y, n, 0, p->e, "'%s': factor and unit exceed 10^8", t->text);
                m *= 10;
            }
            t->mult = m;
        }
    if (factors || high > low) x->unit = high > low ? low_name : "";
    return BP_OK;
}

/* The terms of sum n, each with its sign, onto side: a rule's tree
 * (expr_tree.h) holds sums and differences of terms, N * term products and
 * parentheses, as the parser allows in a rule. The left spine of a sum is
 * walked without recursion (a rule may add many terms). */
static void flatten(bp_arena *a, const bp_xnode *n, int sign, bp_vec *side)
{
    int k = 0;
    for (const bp_xnode *m = n; m->kind == BP_XN_ADD || m->kind == BP_XN_SUB; m = m->kid[0])
        k++;
    const bp_xnode **spine = bp_alloc(a, (size_t)(k + 1) * sizeof *spine);
    spine[0] = n;
    for (int i = 1; i <= k; i++)
        spine[i] = spine[i - 1]->kid[0];
    /* the sign of spine[i]: each '-' above it on the spine keeps its left sign */
    for (int i = k; i >= 0; i--) {
        const bp_xnode *m = i == k ? spine[k] : spine[i]->kid[1];
        int s = sign * (i < k && spine[i]->kind == BP_XN_SUB ? -1 : 1);
        if (i < k && (m->kind == BP_XN_ADD || m->kind == BP_XN_SUB)) {
            flatten(a, m, s, side); /* a sum in parentheses */
            continue;
        }
        bp_term *t = bp_vec_push(a, side);
        const bp_xnode *term = m->kind == BP_XN_MUL ? m->kid[1] : m;
        *t = term->term;
        t->sign = s;
        t->factor = m->kind == BP_XN_MUL ? m->kid[0]->num.units : 1;
    }
}

/* lhs OP rhs (OP: =, <=, >=, <, >, ≤, ≥); terms separated by '+' or '-' (a
 * '-' inside a word is part of it: write "a - b" to subtract), each
 * optionally preceded by a factor: 10000 * term; parentheses group. Parsed
 * by the expression language's parser (expr_parse.c) as a rule. */
static int rule_expr(pctx *p, yaml_node_t *n, expr_mode mode, bp_expr *out)
{
    static const bp_term_mode modes[] = {BP_TERM_ROW, BP_TERM_SELF, BP_TERM_SET};
    if (n->type != YAML_SCALAR_NODE)
        return yq_fail(p->y, n, p->e, "a rule must be text such as \"total = basic + project\"");
    const char *s = (const char *)n->data.scalar.value;
    size_t len = n->data.scalar.length;
    out->text = bp_strndup(p->a, s, len);
    NODE_SRC(p, n);
    bp_xparse o = {&src_, modes[mode], true, NULL};
    bp_xnode *root;
    BP_TRY(bp_expr_parse(&o, s, len, &root));
    out->op = root->op;
    for (int k = 0; k < 2; k++) {
        bp_vec side;
        bp_vec_init(&side, sizeof(bp_term));
        flatten(p->a, root->kid[k], 1, &side);
        out->side[k] = side.items;
        out->n[k] = side.n;
    }
    return expr_units(p, n, out);
}

/* ---- rules ------------------------------------------------------------ */

static int parse_tolerance(pctx *p, yaml_node_t *v, bp_check_rule *r)
{
    if (v->type != YAML_SCALAR_NODE || v->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return yq_fail(p->y, v, p->e, "tolerance must be a number, such as 0.1 or 0");
    const char *s = (const char *)v->data.scalar.value;
    const char *why = number_parse(s, strlen(s), &r->tolerance);
    if (why) return yq_fail(p->y, v, p->e, "tolerance '%s' %s", s, why);
    if (r->tolerance.units < 0) return yq_fail(p->y, v, p->e, "tolerance must not be negative");
    r->has_tolerance = true;
    return BP_OK;
}

static int parse_common(pctx *p, yaml_node_t *n, bp_check_rule *r)
{
    yaml_node_t *v;
    r->file = yq_node_origin(p->y, n).file; /* in a merged document, where it was written */
    r->line = (int)n->start_mark.line + 1;
    r->col = (int)n->start_mark.column + 1;
    if ((v = yq_get(p->y, n, "tolerance"))) BP_TRY(parse_tolerance(p, v, r));
    if ((v = yq_get(p->y, n, "name"))) {
        BP_TRY(yq_string(p->y, v, "name", p->a, &r->name, p->e));
        if (!r->name[0]) r->name = NULL;
    }
    return BP_OK;
}

static int parse_label(pctx *p, yaml_node_t *v, bp_table_checks *c)
{
    if (v->type != YAML_SEQUENCE_NODE || yq_seq_len(v) == 0)
        return yq_fail(p->y, v, p->e,
                       "label must be a list of columns, for example [code, name] (a nested "
                       "list joins columns: [[cls, kuan, xiang], name])");
    c->nlabel = yq_seq_len(v);
    c->label = bp_alloc(p->a, (size_t)c->nlabel * sizeof *c->label);
    for (int i = 0; i < c->nlabel; i++) {
        yaml_node_t *it = yq_seq_item(p->y, v, i);
        bp_label_part *lp = &c->label[i];
        lp->ncols = it->type == YAML_SEQUENCE_NODE ? yq_seq_len(it) : 1;
        if (lp->ncols == 0) return yq_fail(p->y, it, p->e, "label: empty list of columns");
        lp->cols = bp_alloc(p->a, (size_t)lp->ncols * sizeof *lp->cols);
        for (int j = 0; j < lp->ncols; j++) {
            yaml_node_t *cn = it->type == YAML_SEQUENCE_NODE ? yq_seq_item(p->y, it, j) : it;
            const char *ref = NULL;
            BP_TRY(scalar_ref(p, cn, "label", &ref));
            BP_TRY(column_ref(p, cn, 0, p->self, ref, false, "label", &lp->cols[j]));
        }
    }
    return BP_OK;
}

static const char *rule_kind(bp_yaml *y, yaml_node_t *n, bool set_file)
{
    static const char *const table_kinds[] = {"row",   "column", "hierarchy", "rule",
                                              "label", "fund",   NULL};
    const char *kind = NULL;
    int count = 0;
    for (const char *const *k = table_kinds; *k; k++) {
        if (set_file && strcmp(*k, "rule")) continue;
        if (yq_get(y, n, *k)) kind = *k, count++;
    }
    return count == 1 ? kind : NULL;
}

/* A phase of parse_table_rule: the row label entry (label, blank). */
static int parse_label_entry(pctx *p, yaml_node_t *n, bp_table_checks *c)
{
    static const char *const label_keys[] = {"label", "blank", NULL};
    bp_yaml *y = p->y;
    yaml_node_t *v;
    BP_TRY(yq_check_map(y, n, "label", label_keys, p->e));
    if (c->label) return yq_fail(y, n, p->e, "checks: the row label is declared twice");
    if ((v = yq_get(y, n, "blank"))) {
        BP_TRY(yq_string(y, v, "blank", p->a, &c->blank, p->e));
        if (!c->blank[0]) c->blank = NULL;
    }
    return parse_label(p, yq_get(y, n, "label"), c);
}

/* A phase of parse_table_rule: a column check (a column's total against
 * the rows it adds up). */
static int parse_column_check(pctx *p, yaml_node_t *n, bp_check_rule *r)
{
    static const char *const column_keys[] = {"column", "total",     "rows", "range", "until",
                                              "except", "tolerance", "name", NULL};
    bp_yaml *y = p->y;
    const bp_table_spec *t = p->self;
    yaml_node_t *v;
    BP_TRY(yq_check_map(y, n, "column check", column_keys, p->e));
    r->kind = BP_CHECK_COLUMN;
    BP_TRY(parse_columns(p, yq_get(y, n, "column"), t, "column", &r->columns, &r->ncolumns));
    BP_TRY(yq_require(y, n, "total", "column check", &v, p->e));
    BP_TRY(parse_conds(p, v, t, "total", &r->total));
    if ((v = yq_get(y, n, "rows"))) BP_TRY(parse_conds(p, v, t, "rows", &r->rows));
    r->range = BP_RANGE_ALL;
    if ((v = yq_get(y, n, "range"))) {
        const char *s;
        BP_TRY(yq_string(y, v, "range", p->a, &s, p->e));
        if (!strcmp(s, "above"))
            r->range = BP_RANGE_ABOVE;
        else if (!strcmp(s, "below"))
            r->range = BP_RANGE_BELOW;
        else if (strcmp(s, "all"))
            return yq_fail(y, v, p->e, "range must be all, above or below, not '%s'", s);
    }
    if ((v = yq_get(y, n, "until"))) {
        if (r->range == BP_RANGE_ALL)
            return yq_fail(y, v, p->e, "until needs range: above or range: below");
        BP_TRY(parse_conds(p, v, t, "until", &r->until));
    }
    if ((v = yq_get(y, n, "except"))) {
        /* a list of conditions: each one excludes; a mapping: one */
        r->nexcept = v->type == YAML_SEQUENCE_NODE ? yq_seq_len(v) : 1;
        r->except = bp_alloc(p->a, (size_t)(r->nexcept ? r->nexcept : 1) * sizeof *r->except);
        for (int i = 0; i < r->nexcept; i++)
            BP_TRY(parse_conds(p, v->type == YAML_SEQUENCE_NODE ? yq_seq_item(y, v, i) : v, t,
                               "except", &r->except[i]));
    }
    return BP_OK;
}

/* A phase of parse_table_rule: a hierarchy check (code columns and the
 * amount columns each level adds up). */
static int parse_hierarchy_check(pctx *p, yaml_node_t *n, bp_check_rule *r)
{
    static const char *const hier_keys[] = {"hierarchy", "columns", "when",
                                            "tolerance", "name",    NULL};
    bp_yaml *y = p->y;
    const bp_table_spec *t = p->self;
    yaml_node_t *v;
    BP_TRY(yq_check_map(y, n, "hierarchy check", hier_keys, p->e));
    r->kind = BP_CHECK_HIERARCHY;
    v = yq_get(y, n, "hierarchy");
    int cnt = v->type == YAML_SEQUENCE_NODE ? yq_seq_len(v) : 1;
    if (cnt == 0) return yq_fail(y, v, p->e, "hierarchy must name the code column(s)");
    r->code_cols = bp_alloc(p->a, (size_t)cnt * sizeof *r->code_cols);
    r->ncode_cols = cnt;
    for (int i = 0; i < cnt; i++) {
        yaml_node_t *cn = v->type == YAML_SEQUENCE_NODE ? yq_seq_item(y, v, i) : v;
        const char *ref = NULL;
        BP_TRY(scalar_ref(p, cn, "hierarchy", &ref));
        BP_TRY(column_ref(p, cn, 0, t, ref, false, "hierarchy", &r->code_cols[i]));
        if (t->columns[r->code_cols[i]].type != BP_COL_TEXT)
            return yq_fail(y, cn, p->e, "hierarchy: the code column '%s' must be a text column",
                           ref);
    }
    v = yq_get(y, n, "columns");
    if (v) {
        BP_TRY(parse_columns(p, v, t, "columns", &r->columns, &r->ncolumns));
    } else {
        r->columns = bp_alloc(p->a, (size_t)t->ncolumns * sizeof *r->columns);
        for (int i = 0; i < t->ncolumns; i++)
            if (t->columns[i].type == BP_COL_AMOUNT) r->columns[r->ncolumns++] = i;
        if (!r->ncolumns) return yq_fail(y, n, p->e, "hierarchy: the table has no amount column");
    }
    if ((v = yq_get(y, n, "when"))) BP_TRY(parse_conds(p, v, t, "when", &r->when));
    return BP_OK;
}

static int parse_table_rule(pctx *p, yaml_node_t *n, bp_table_checks *c, bp_vec *rules)
{
    static const char *const row_keys[] = {"row", "when", "tolerance", "name", NULL};
    static const char *const expr_keys[] = {"rule", "tolerance", "name", NULL};
    bp_yaml *y = p->y;
    const bp_table_spec *t = p->self;
    if (n->type != YAML_MAPPING_NODE)
        return yq_fail(y, n, p->e,
                       "a check must be a mapping with one of row, column, hierarchy, rule, "
                       "label or fund");
    const char *kind = rule_kind(y, n, false);
    if (!kind)
        return yq_fail(y, n, p->e,
                       "a check needs exactly one of the keys row, column, hierarchy, rule, "
                       "label or fund");
    yaml_node_t *v;
    if (!strcmp(kind, "label")) return parse_label_entry(p, n, c);
    if (!strcmp(kind, "fund")) { /* the fund the table's 空表 note names */
        static const char *const fund_keys[] = {"fund", NULL};
        BP_TRY(yq_check_map(y, n, "fund", fund_keys, p->e));
        if (c->fund) return yq_fail(y, n, p->e, "checks: the fund is declared twice");
        BP_TRY(yq_string(y, yq_get(y, n, "fund"), "fund", p->a, &c->fund, p->e));
        if (!c->fund[0]) return yq_fail(y, n, p->e, "fund: empty text");
        return BP_OK;
    }
    bp_check_rule *r = bp_vec_push(p->a, rules);
    if (!strcmp(kind, "row")) {
        BP_TRY(yq_check_map(y, n, "row check", row_keys, p->e));
        r->kind = BP_CHECK_ROW;
        BP_TRY(rule_expr(p, yq_get(y, n, "row"), MODE_ROW, &r->expr));
        if ((v = yq_get(y, n, "when"))) BP_TRY(parse_conds(p, v, t, "when", &r->when));
    } else if (!strcmp(kind, "rule")) {
        BP_TRY(yq_check_map(y, n, "rule check", expr_keys, p->e));
        r->kind = BP_CHECK_EXPR;
        BP_TRY(rule_expr(p, yq_get(y, n, "rule"), MODE_TABLE, &r->expr));
    } else if (!strcmp(kind, "column")) {
        BP_TRY(parse_column_check(p, n, r));
    } else { /* hierarchy */
        BP_TRY(parse_hierarchy_check(p, n, r));
    }
    return parse_common(p, n, r);
}

int spec_parse_checks(bp_yaml *y, yaml_node_t *n, bp_arena *a, bp_table_spec *t, bp_error *e)
{
    if (n->type != YAML_SEQUENCE_NODE) return yq_fail(y, n, e, "checks must be a list of rules");
    pctx p = {y, a, e, t, NULL};
    bp_table_checks *c = bp_alloc(a, sizeof *c);
    bp_vec rules;
    bp_vec_init(&rules, sizeof(bp_check_rule));
    for (int i = 0; i < yq_seq_len(n); i++)
        BP_TRY(parse_table_rule(&p, yq_seq_item(y, n, i), c, &rules));
    c->rules = rules.items;
    c->nrules = rules.n;
    t->checks = c;
    return BP_OK;
}

const char *const bp_builtin_names[BP_BUILTIN_COUNT + 1] = {
    "empty_note", "leftovers",    "year",        "department_name", "codes",
    "catalogue",  "text_figures", "text_shares", "text_repeats",    NULL};

const bp_severity bp_builtin_defaults[BP_BUILTIN_COUNT] = {[BP_BUILTIN_TEXT_FIGURES] =
                                                               BP_SEV_WARNING};

/* `builtin: {empty_note: warning, leftovers: off}`: severities. */
static int parse_builtin(bp_yaml *y, yaml_node_t *v, bp_arena *a, bp_set_rules *out, bp_error *e)
{
    static const char *const sev[] = {"error", "warning", "off", NULL};
    BP_TRY(yq_check_map(y, v, "builtin", bp_builtin_names, e));
    for (int b = 0; b < BP_BUILTIN_COUNT; b++) {
        yaml_node_t *n = yq_get(y, v, bp_builtin_names[b]);
        if (!n) continue;
        const char *s;
        BP_TRY(yq_string(y, n, bp_builtin_names[b], a, &s, e));
        int k = 0;
        while (sev[k] && strcmp(sev[k], s))
            k++;
        if (!sev[k])
            return yq_fail(y, n, e, "builtin %s must be error, warning or off, not '%s'",
                           bp_builtin_names[b], s);
        out->builtin[b] = (bp_severity)k;
    }
    return BP_OK;
}

/* `catalogue: FILE`: the 科目 catalogue CSV, a file in the set folder. */
static int parse_catalogue(bp_yaml *y, yaml_node_t *v, bp_arena *a, bp_set_rules *out, bp_error *e)
{
    const char *file;
    BP_TRY(yq_string(y, v, "catalogue", a, &file, e));
    if (!file[0] || strchr(file, '/'))
        return yq_fail(
            y, v, e,
            "catalogue must be a file name in the layout set folder, not '%s' (budgetpdf "
            "check --catalogue takes any path)",
            file);
    /* beside the rules file (or set.yaml) that names it */
    const char *from = yq_node_origin(y, v).file, *slash = strrchr(from, '/');
    out->catalogue = slash ? bp_path_join(a, bp_strndup(a, from, (size_t)(slash - from)), file)
                           : bp_strdup(a, file);
    return BP_OK;
}

/* `each: {columns: [06.dept_code, 07.code], length: 5}`: a rule run once
 * for each text of those columns (docs/checks.md). */
static int parse_each(pctx *p, yaml_node_t *n, bp_check_rule *r)
{
    static const char *const keys[] = {"columns", "length", NULL};
    bp_yaml *y = p->y;
    BP_TRY(yq_check_map(y, n, "each", keys, p->e));
    yaml_node_t *v;
    BP_TRY(yq_require(y, n, "columns", "each", &v, p->e));
    const char **refs;
    BP_TRY(yq_string_list(y, v, "each columns", p->a, true, &refs, &r->neach, p->e));
    if (!r->neach) return yq_fail(y, v, p->e, "each: columns must list at least one TABLE.column");
    r->each_tables = bp_alloc(p->a, (size_t)r->neach * sizeof *r->each_tables);
    r->each_cols = bp_alloc(p->a, (size_t)r->neach * sizeof *r->each_cols);
    for (int i = 0; i < r->neach; i++) {
        yaml_node_t *it = v->type == YAML_SEQUENCE_NODE ? yq_seq_item(y, v, i) : v;
        const char *dot = strchr(refs[i], '.');
        if (!dot || dot == refs[i] || !dot[1])
            return yq_fail(y, it, p->e, "each: '%s' must be TABLE.column, such as 06.dept_code",
                           refs[i]);
        NODE_SRC(p, it);
        BP_TRY(term_table(&src_, 0, bp_strndup(p->a, refs[i], (size_t)(dot - refs[i])),
                          &r->each_tables[i]));
        BP_TRY(column_ref(p, it, (size_t)(dot + 1 - refs[i]), &p->set->tables[r->each_tables[i]],
                          dot + 1, false, "each column", &r->each_cols[i]));
    }
    if ((v = yq_get(y, n, "length"))) {
        long len;
        BP_TRY(yq_int(y, v, "each length", 1, 100, &len, p->e));
        r->each_length = (int)len;
    }
    bool dollar = false;
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < r->expr.n[k]; i++)
            for (int j = 0; j < r->expr.side[k][i].nsel; j++) {
                const bp_sel *sl = &r->expr.side[k][i].sel[j];
                dollar = dollar || (sl->column >= 0 && !strcmp(sl->value, "$"));
            }
    if (!dollar)
        return yq_fail(y, n, p->e, "each: the rule has no selector [column=$] to take each text");
    return BP_OK;
}

static int parse_rules_root(bp_yaml *y, yaml_node_t *root, bp_arena *a, bp_layout_set *s,
                            bp_set_rules *out, bp_error *e)
{
    static const char *const keys[] = {"rules", "leftovers", "builtin", "catalogue", NULL};
    static const char *const rule_keys[] = {"rule", "tolerance", "name", "key", "each", NULL};
    BP_TRY(yq_check_map(y, root, "rules file", keys, e));
    pctx p = {y, a, e, NULL, s};
    yaml_node_t *v;
    if ((v = yq_get(y, root, "leftovers"))) {
        BP_TRY(yq_string_list(y, v, "leftovers", a, true, &out->leftovers, &out->nleftovers, e));
        for (int i = 0; i < out->nleftovers; i++)
            if (!out->leftovers[i][0]) return yq_fail(y, v, e, "leftovers: empty text");
    }
    if ((v = yq_get(y, root, "builtin"))) BP_TRY(parse_builtin(y, v, a, out, e));
    if ((v = yq_get(y, root, "catalogue"))) BP_TRY(parse_catalogue(y, v, a, out, e));
    v = yq_get(y, root, "rules");
    if (!v) {
        if (!yq_get(y, root, "builtin") && !yq_get(y, root, "catalogue"))
            return yq_fail(y, root, e,
                           "rules file: missing key 'rules' (or builtin: or catalogue:)");
        return BP_OK;
    }
    if (v->type != YAML_SEQUENCE_NODE) return yq_fail(y, v, e, "rules must be a list");
    out->nrules = yq_seq_len(v);
    out->rules = bp_alloc(a, (size_t)(out->nrules ? out->nrules : 1) * sizeof *out->rules);
    for (int i = 0; i < out->nrules; i++) {
        yaml_node_t *n = yq_seq_item(y, v, i);
        bp_check_rule *r = &out->rules[i];
        if (n->type != YAML_MAPPING_NODE || !yq_get(y, n, "rule"))
            return yq_fail(y, n, e,
                           "a rule here is a mapping with a `rule:` such as "
                           "\"06[dept_code=合计].total = 05[name=合计].basic_total\"");
        BP_TRY(yq_check_map(y, n, "rule", rule_keys, e));
        r->kind = BP_CHECK_EXPR;
        BP_TRY(rule_expr(&p, yq_get(y, n, "rule"), MODE_SET, &r->expr));
        BP_TRY(parse_common(&p, n, r));
        yaml_node_t *ev = yq_get(y, n, "each");
        if (ev) BP_TRY(parse_each(&p, ev, r));
    }
    return BP_OK;
}

typedef struct rules_call {
    bp_layout_set *s;
    bp_set_rules *r;
    bp_error *e;
} rules_call;

static int parse_rules_doc(bp_yaml *y, bp_arena *a, void *ctx)
{
    rules_call *c = ctx;
    return parse_rules_root(y, yq_root(y), a, c->s, c->r, c->e);
}

int spec_parse_rules(bp_arena *a, const char *name, const char *text, size_t len, bp_layout_set *s,
                     bp_error *e)
{
    bp_yaml y;
    bp_set_rules *r = bp_alloc(a, sizeof *r);
    memcpy(r->builtin, bp_builtin_defaults, sizeof r->builtin);
    r->file = bp_strdup(a, name);
    BP_TRY(yq_load(&y, r->file, text, len, e));
    rules_call c = {s, r, e};
    int rc = yq_run(&y, a, parse_rules_doc, &c, e);
    if (!rc) s->rules = r;
    return rc;
}

int spec_parse_rules_yaml(bp_yaml *y, bp_arena *a, bp_layout_set *s, bp_error *e)
{
    bp_set_rules *r = bp_alloc(a, sizeof *r);
    memcpy(r->builtin, bp_builtin_defaults, sizeof r->builtin);
    r->file = bp_strdup(a, y->file);
    BP_TRY(parse_rules_root(y, yq_root(y), a, s, r, e));
    s->rules = r;
    return BP_OK;
}
