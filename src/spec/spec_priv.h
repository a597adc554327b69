/* spec_priv.h — what the set loader (spec_set.c) uses of the parsers in
 * spec.c: a set's own keys and a table layout, each from a YAML tree that
 * may have been merged from several files (yqmerge.h), and the template
 * reader every parser of the set shares. */
#ifndef BP_SPEC_PRIV_H
#define BP_SPEC_PRIV_H

#include "spec.h"
#include "yamlq.h"

/* The keys a set.yaml may have. */
extern const char *const spec_set_keys[];
/* set.yaml `text:`: the workbook's text sheets (spec_text.c). */
int spec_parse_text_sheets(bp_yaml *y, yaml_node_t *n, bp_arena *a, bp_layout_set *s, bp_error *e);
/* A set's keys other than tables and rules (name, cover, contents,
 * footer, page_numbers, fonts). */
int spec_parse_set_head(bp_yaml *y, yaml_node_t *root, bp_arena *a, bp_layout_set *s, bp_error *e);
/* A table layout from its tree; t->file is set by the caller. */
int spec_parse_table_yaml(bp_yaml *y, yaml_node_t *root, bp_arena *a, bp_table_spec *t,
                          bp_error *e);

/* A template (template.h) from scalar n, of the fields (BP_TPL_*); an
 * error names the line and column of the bad part (spec_template.c). */
int spec_template_node(bp_yaml *y, yaml_node_t *n, const char *what, unsigned fields, bp_arena *a,
                       const bp_template **out, bp_error *e);
/* The same, of the department's names ({department} {code} {year} {unit}). */
int spec_template(bp_yaml *y, yaml_node_t *n, const char *what, bp_arena *a,
                  const bp_template **out, bp_error *e);

#endif
