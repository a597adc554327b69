/* spec_template.c — a layout's text as a template (template.h), read from
 * a YAML scalar: the pieces parsed at load time, and an error that names
 * the line and column of the bad part. Used by every parser of the set. */
#include "spec_priv.h"

#include <string.h>

/* A template (template.h) from scalar n; an error names the line and
 * column of the bad part. */
int spec_template_node(bp_yaml *y, yaml_node_t *n, const char *what, unsigned fields, bp_arena *a,
                       const bp_template **out, bp_error *e)
{
    const char *s;
    BP_TRY(yq_string(y, n, what, a, &s, e));
    bp_tpl_error te;
    const char *origin = bp_sprintf(a, "%s:%zu:%zu", yq_node_origin(y, n).file,
                                    n->start_mark.line + 1, n->start_mark.column + 1);
    if (!tpl_parse(a, s, origin, fields, out, &te)) return BP_OK;
    const char *tok = bp_strndup(a, s + te.offset, te.len);
    int occurrence = 0; /* the same text earlier in the value */
    for (const char *p = s; (p = strstr(p, tok)) && p < s + te.offset; p++)
        occurrence++;
    return yq_fail_token(y, n, s + te.offset, te.len, occurrence, e, "%s: %s", what, te.msg);
}

int spec_template(bp_yaml *y, yaml_node_t *n, const char *what, bp_arena *a,
                  const bp_template **out, bp_error *e)
{
    return spec_template_node(y, n, what, BP_TPL_DEPT_FIELDS, a, out, e);
}
