/* spec_checks.h — the parsers of the rule model (rules.h), called by the
 * spec stage (spec.c) while it loads a layout set. */
#ifndef BP_SPEC_CHECKS_H
#define BP_SPEC_CHECKS_H

#include "rules.h"
#include "yamlq.h"

/* spec_checks.c: parses the `checks:` list of a table layout (called by
 * spec.c once the columns are known). */
int spec_parse_checks(bp_yaml *y, yaml_node_t *n, bp_arena *a, bp_table_spec *t, bp_error *e);
/* Parses the set's rules file; n is the `rules:` node of set.yaml (a file
 * name in the set folder). Called once every table is loaded. */
int spec_load_rules(bp_yaml *y, yaml_node_t *n, bp_arena *a, bp_layout_set *s, bp_error *e);
/* Same, from memory (for tests). */
int spec_parse_rules(bp_arena *a, const char *name, const char *text, size_t len, bp_layout_set *s,
                     bp_error *e);

#endif
