/* spec_checks.h — the parsers of the rule model (rules.h), called by the
 * spec stage (spec.c) while it loads a layout set. */
#ifndef BP_SPEC_CHECKS_H
#define BP_SPEC_CHECKS_H

#include "rules.h"
#include "yamlq.h"

/* spec_checks.c: parses the `checks:` list of a table layout (called by
 * spec.c once the columns are known). */
int spec_parse_checks(bp_yaml *y, yaml_node_t *n, bp_arena *a, bp_table_spec *t, bp_error *e);
/* Parses a rules document (merged from its layers: spec_rules_layers.c)
 * into s->rules. */
int spec_parse_rules_yaml(bp_yaml *y, bp_arena *a, bp_layout_set *s, bp_error *e);

/* spec_rules_layers.c: the `rules:` of each layer of a set (set.yaml of
 * the base, of each set extending it, a department's overrides:), each a
 * file name or a mapping of changes; merged, then parsed, once every table
 * is loaded. */
#define SPEC_MAX_RULE_LAYERS 16
#define SPEC_MAX_RULE_DOCS 32
typedef struct spec_rules_layers {
    int n;
    bp_yaml *y[SPEC_MAX_RULE_LAYERS];
    yaml_node_t *v[SPEC_MAX_RULE_LAYERS];
    bp_yaml *docs[SPEC_MAX_RULE_DOCS]; /* rules files read (heap), until done */
    const char *files[SPEC_MAX_RULE_DOCS];
    int ndocs;
    bp_yaml merged;
    bool have;
} spec_rules_layers;
/* Notes the `rules:` value v of layer y (kept alive by the caller). */
int spec_rules_layers_add(spec_rules_layers *L, bp_yaml *y, yaml_node_t *v, bp_error *e);
/* Merges the layers and parses the result into s->rules (none: NULL). */
int spec_rules_layers_load(spec_rules_layers *L, bp_arena *a, bp_layout_set *s, bp_error *e);
/* Releases the documents (also after an error). */
void spec_rules_layers_done(spec_rules_layers *L);
/* Same, from memory (for tests). */
int spec_parse_rules(bp_arena *a, const char *name, const char *text, size_t len, bp_layout_set *s,
                     bp_error *e);

#endif
