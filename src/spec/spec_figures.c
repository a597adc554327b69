/* spec_figures.c — the layout set's `figures:` key: how the figures of the
 * document's text print (expr.h, docs/document.md), and the unit they print
 * in (`unit:`, scaled exactly by data/expr_unit.c). Every key is checked;
 * errors name set.yaml's line and column. */
#include <string.h>

#include "expr_lex.h"
#include "figures.h"

const bp_figures bp_figures_default = {
    .decimals = -1,
    .trim_zeros = true,
    .thousands = false,
    .pct_decimals = 2,
    .pct_suffix = "%",
    .change_up = "增加{value}{unit}",
    .change_down = "减少{value}{unit}",
    .change_same = "持平",
    .unit_exp = BP_NO_UNIT,
};

/* A wording of change: text with {value} and {unit} only. */
static int change_words(bp_yaml *y, yaml_node_t *n, const char *what, bp_arena *a, const char **out,
                        bp_error *e)
{
    BP_TRY(yq_string(y, n, what, a, out, e));
    for (const char *p = strchr(*out, '{'); p; p = strchr(p + 1, '{'))
        if (strncmp(p, "{value}", 7) && strncmp(p, "{unit}", 6))
            return yq_fail(y, n, e, "change %s: '%s' holds an unknown field (only {value}, {unit})",
                           what, *out);
    return BP_OK;
}

static int parse_percent(bp_yaml *y, yaml_node_t *n, bp_arena *a, bp_figures *f, bp_error *e)
{
    static const char *const keys[] = {"decimals", "suffix", NULL};
    BP_TRY(yq_check_map(y, n, "figures percent", keys, e));
    yaml_node_t *v;
    long d;
    if ((v = yq_get(y, n, "decimals"))) {
        BP_TRY(yq_int(y, v, "percent decimals", 0, 4, &d, e));
        f->pct_decimals = (int)d;
    }
    if ((v = yq_get(y, n, "suffix")))
        BP_TRY(yq_string(y, v, "percent suffix", a, &f->pct_suffix, e));
    return BP_OK;
}

static int parse_change(bp_yaml *y, yaml_node_t *n, bp_arena *a, bp_figures *f, bp_error *e)
{
    static const char *const keys[] = {"up", "down", "same", NULL};
    BP_TRY(yq_check_map(y, n, "figures change", keys, e));
    yaml_node_t *v;
    if ((v = yq_get(y, n, "up"))) BP_TRY(change_words(y, v, "up", a, &f->change_up, e));
    if ((v = yq_get(y, n, "down"))) BP_TRY(change_words(y, v, "down", a, &f->change_down, e));
    if ((v = yq_get(y, n, "same"))) BP_TRY(change_words(y, v, "same", a, &f->change_same, e));
    return BP_OK;
}

int spec_parse_figures(bp_yaml *y, yaml_node_t *n, bp_arena *a, bp_layout_set *s, bp_error *e)
{
    static const char *const keys[] = {"decimals", "trim_zeros", "thousands", "percent",
                                       "change",   "unit",       NULL};
    BP_TRY(yq_check_map(y, n, "figures", keys, e));
    bp_figures *f = bp_alloc(a, sizeof *f);
    *f = bp_figures_default;
    yaml_node_t *v;
    if ((v = yq_get(y, n, "decimals"))) {
        const char *w;
        long d;
        if (v->type == YAML_SCALAR_NODE && !yq_word(y, v, "decimals", &w, e) &&
            !strcmp(w, "as_entered")) {
            f->decimals = -1;
        } else {
            BP_TRY(yq_int(y, v, "figures decimals (or as_entered)", 0, BP_DEC_MAX_SCALE, &d, e));
            f->decimals = (int)d;
        }
    }
    if ((v = yq_get(y, n, "trim_zeros"))) BP_TRY(yq_bool(y, v, "trim_zeros", &f->trim_zeros, e));
    if ((v = yq_get(y, n, "thousands"))) BP_TRY(yq_bool(y, v, "thousands", &f->thousands, e));
    if ((v = yq_get(y, n, "percent"))) BP_TRY(parse_percent(y, v, a, f, e));
    if ((v = yq_get(y, n, "change"))) BP_TRY(parse_change(y, v, a, f, e));
    if ((v = yq_get(y, n, "unit"))) { /* the text's unit: 万元 over tables in 元 */
        const char *u;
        BP_TRY(yq_string(y, v, "figures unit", a, &u, e));
        if ((f->unit_exp = bp_lex_unit_exp(u, strlen(u))) == BP_NO_UNIT)
            return yq_fail(y, v, e, "figures unit must be %s, not '%s'", bp_lex_unit_list, u);
    }
    s->figures = f;
    return BP_OK;
}
