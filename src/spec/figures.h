/* figures.h — how the figures of the document's text print: the layout
 * set's `figures:` key (spec_figures.c), read with the set. The figures
 * themselves are evaluated by the data stage (data/expr.h). */
#ifndef BP_FIGURES_H
#define BP_FIGURES_H

#include "spec.h"
#include "yamlq.h"

/* How figures print in running text: the layout set's `figures:` key
 * (spec_figures.c). */
typedef struct bp_figures {
    int decimals;           /* -1: as the figures are written (exactly); else rounded to this */
    bool trim_zeros;        /* 5209.0 -> 5209, 0.20 -> 0.2 */
    bool thousands;         /* 6,828.4 */
    int pct_decimals;       /* pct() and share(): 23.72 */
    const char *pct_suffix; /* "%" */
    const char *change_up, *change_down, *change_same; /* {value} {unit}: 增加{value}{unit} */
    int unit_exp; /* `unit:`: every figure with a unit printed in this one (万元: 4), or
                     BP_NO_UNIT (expr_lex.h): each in its column's */
} bp_figures;

/* The defaults: the seed's way (6828.4, 5209, 0; 23.72%; 增加4590.6万元,
 * 减少…, 持平). */
extern const bp_figures bp_figures_default;

/* Parses set.yaml's `figures:` mapping n into s->figures. */
int spec_parse_figures(bp_yaml *y, yaml_node_t *n, bp_arena *a, bp_layout_set *s, bp_error *e);

#endif
