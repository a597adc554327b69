/* expr.h — the figures of the document's text: `{{ 03[name=合计].total }}`,
 * `{{ pct(06[dept_code=合计].personnel, 06[dept_code=合计].total) }}`. One
 * expression language with the check rules (its terms and row selectors
 * are term.h's), evaluated over the bound tables with exact decimals, and
 * formatted as the layout set's `figures:` says (docs/document.md, "Figures
 * in the text"). The previous year's figures come from the file that
 * department.yaml's `previous:` names. */
#ifndef BP_EXPR_H
#define BP_EXPR_H

#include "data.h"
#include "figures.h"

/* Everything an expression is evaluated against: the set, the department,
 * its bound tables (in set order) and its previous year's figures. */
typedef struct bp_figure_env bp_figure_env;

/* Loads the previous-year figures department.yaml's `previous:` names (none
 * when it names none). NULL with c->e set when that file cannot be read or
 * parsed (its messages name its file, line and column). */
bp_figure_env *expr_env_new(bp_ctx *c, const bp_layout_set *set, const bp_department *dept,
                            bp_table_data *const *tables);

/* Evaluates src[0..len) (the text between `{{` and `}}`) written in file at
 * line, col (1-based, in characters: the place of the `{{`), and sets *out
 * to the figure as text, in env's arena. BP_OK, or BP_EINPUT with e naming
 * file:line:column of the fault inside the expression. The signature is
 * that of the document layer's figure callback (env: a bp_figure_env). */
int expr_figure(void *env, const char *src, size_t len, const char *file, int line, int col,
                const char **out, bp_error *e);

#endif
