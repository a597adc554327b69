/* spec_text.c — a layout set's `text:` (docs/layouts.md): the workbook's
 * text sheets, each a sheet title (a pattern: '*' any characters) with the
 * part and section headings its text stands under. */
#include <string.h>

#include "spec_priv.h"
#include "yamlq.h"

#define SPEC_MAX_TEXT_SHEETS 100

static int one_sheet(bp_yaml *y, yaml_node_t *n, bp_arena *a, bp_text_sheet *t, bp_error *e)
{
    static const char *const keys[] = {"sheet", "part", "section", NULL};
    BP_TRY(yq_check_map(y, n, "text sheet", keys, e));
    yaml_node_t *v;
    BP_TRY(yq_require(y, n, "sheet", "text sheet", &v, e));
    BP_TRY(yq_string(y, v, "sheet", a, &t->pattern, e));
    if (!t->pattern[0]) return yq_fail(y, v, e, "a text sheet's title must not be empty");
    BP_TRY(yq_require(y, n, "part", "text sheet", &v, e));
    BP_TRY(yq_string(y, v, "part", a, &t->part, e));
    if (!t->part[0]) return yq_fail(y, v, e, "a text sheet's part heading must not be empty");
    t->section = NULL;
    if ((v = yq_get(y, n, "section"))) BP_TRY(yq_string(y, v, "section", a, &t->section, e));
    return BP_OK;
}

int spec_parse_text_sheets(bp_yaml *y, yaml_node_t *n, bp_arena *a, bp_layout_set *s, bp_error *e)
{
    if (n->type != YAML_SEQUENCE_NODE)
        return yq_fail(y, n, e, "text must be a list of text sheets (sheet:, part:, section:)");
    int count = yq_seq_len(n);
    if (count > SPEC_MAX_TEXT_SHEETS)
        return yq_fail(y, n, e, "text: more than %d text sheets", SPEC_MAX_TEXT_SHEETS);
    bp_text_sheet *t = bp_alloc(a, (size_t)(count ? count : 1) * sizeof *t);
    for (int i = 0; i < count; i++)
        BP_TRY(one_sheet(y, yq_seq_item(y, n, i), a, &t[i], e));
    s->text_sheets = t;
    s->ntext_sheets = count;
    return BP_OK;
}
