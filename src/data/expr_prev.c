/* expr_prev.c — the previous year's figures the document's text compares
 * with: the file department.yaml's `previous:` names, in the department
 * folder (docs/document.md):
 *
 *     year: 2023
 *     figures:
 *       "01[in_item=收入总计].in_amount": 2237.8
 *
 * each key a term of the layout set (term.h), each value an exact amount. */
#include <string.h>

#include "expr_priv.h"
#include "in_file.h"
#include "i18n.h"

typedef struct prev_call {
    const bp_layout_set *set;
    const bp_department *dept;
    expr_prev *p;
    bp_error *e;
} prev_call;

static bool same_term(const bp_term *a, const bp_term *b)
{
    if (a->table != b->table || a->column != b->column || a->nsel != b->nsel) return false;
    for (int i = 0; i < a->nsel; i++) {
        const bp_sel *x = &a->sel[i], *y = &b->sel[i];
        if (x->column != y->column || (x->column < 0 && x->index != y->index)) return false;
        if (x->column >= 0 && (x->prefix != y->prefix || strcmp(x->value, y->value))) return false;
    }
    return true;
}

const expr_prev_fig *expr_prev_find(const expr_prev *p, const bp_term *t)
{
    for (int i = 0; p && i < p->n; i++)
        if (same_term(&p->figs[i].term, t)) return &p->figs[i];
    return NULL;
}

/* One `"TERM": VALUE` pair of `figures:`. */
static int parse_fig(bp_yaml *y, bp_arena *a, prev_call *c, yaml_node_t *k, yaml_node_t *v,
                     expr_prev_fig *out)
{
    if (k->type != YAML_SCALAR_NODE)
        return yq_fail(y, k, c->e,
                       _("a previous-year figure is named by a term such as "
                         "\"01[in_item=收入总计].in_amount\""));
    bp_term_node at = {y, k};
    bp_term_src src = {a, c->e, c->set, NULL, term_node_place, &at, N_("figure")};
    const char *s = (const char *)k->data.scalar.value;
    BP_TRY(term_parse(&src, BP_TERM_SET, s, 0, k->data.scalar.length, &out->term));
    out->exp = BP_NO_UNIT;
    out->line = (int)k->start_mark.line + 1;
    out->col = (int)k->start_mark.column + 1;
    const char *val = v->type == YAML_SCALAR_NODE ? (const char *)v->data.scalar.value : NULL;
    const char *why = val ? number_parse(val, strlen(val), &out->value) : N_("is not a number");
    if (why) return yq_fail(y, v, c->e, _("the figure of '%s' %s"), out->term.text, _(why));
    for (int i = 0; i < c->p->n; i++)
        if (same_term(&c->p->figs[i].term, &out->term))
            return yq_fail(y, k, c->e, _("'%s' is given twice (first at line %d)"), out->term.text,
                           c->p->figs[i].line);
    return BP_OK;
}

static int parse_prev(bp_yaml *y, bp_arena *a, void *ctx)
{
    static const char *const keys[] = {"year", "figures", NULL};
    prev_call *c = ctx;
    yaml_node_t *root = yq_root(y), *v;
    BP_TRY(yq_check_map(y, root, "previous-year figures", keys, c->e));
    BP_TRY(yq_require(y, root, "year", "previous-year figures", &v, c->e));
    long year;
    BP_TRY(yq_int(y, v, "year", 1949, 2200, &year, c->e));
    if (year != c->dept->year - 1)
        return yq_fail(y, v, c->e,
                       _("year %ld is not the year before department.yaml's year %d (write %d)"),
                       year, c->dept->year, c->dept->year - 1);
    c->p->year = (int)year;
    BP_TRY(yq_require(y, root, "figures", "previous-year figures", &v, c->e));
    if (v->type != YAML_MAPPING_NODE)
        return yq_fail(y, v, c->e,
                       _("figures must map terms to amounts, such as \"01[in_item=收入总计]."
                         "in_amount\": 2237.8"));
    int n = (int)(v->data.mapping.pairs.top - v->data.mapping.pairs.start);
    c->p->figs = bp_alloc(a, (size_t)(n ? n : 1) * sizeof *c->p->figs);
    for (int i = 0; i < n; i++) {
        yaml_node_pair_t *pr = &v->data.mapping.pairs.start[i];
        yaml_node_t *k = yaml_document_get_node(&y->doc, pr->key);
        yaml_node_t *val = yaml_document_get_node(&y->doc, pr->value);
        BP_TRY(parse_fig(y, a, c, k, val, &c->p->figs[i]));
        c->p->n++;
    }
    return BP_OK;
}

int expr_prev_load(bp_ctx *cx, const bp_layout_set *set, const bp_department *dept, expr_prev **out)
{
    bp_arena *a = cx->a;
    bp_error *e = cx->e;
    *out = NULL;
    if (!dept->previous) return BP_OK;
    expr_prev *p = bp_alloc(a, sizeof *p);
    memset(p, 0, sizeof *p);
    p->file = bp_path_join(a, dept->dir ? dept->dir : ".", dept->previous);
    if (expr_prev_is_dept(dept->previous)) { /* last year's folder or workbook */
        BP_TRY(expr_prev_load_dept(cx, set, dept, p->file, p));
        *out = p;
        return BP_OK;
    }
    if (!bp_file_exists(p->file))
        return bp_fail(e, BP_EINPUT,
                       _("%s:%d:%d: previous: no file '%s' in the department folder (%s)"),
                       dept->file ? dept->file : "department.yaml", dept->previous_line,
                       dept->previous_col, dept->previous, p->file);
    char *text;
    size_t len;
    BP_TRY(bp_read_file_in(a, dept->dir ? dept->dir : ".", "the department folder", p->file, &text,
                           &len, e));
    bp_yaml y;
    BP_TRY(yq_load(&y, p->file, text, len, e));
    prev_call c = {set, dept, p, e};
    BP_TRY(yq_run(&y, a, parse_prev, &c, e));
    *out = p;
    return BP_OK;
}
