/* spec_form.h — the parser of the form model (form.h), called by spec.c
 * for the keys `kind` and `form` of a table layout. */
#ifndef BP_SPEC_FORM_H
#define BP_SPEC_FORM_H

#include "form.h"
#include "yamlq.h"

/* Reads `kind` (table, the default, or form) and, for a form, `form`
 * (record, bookmark, grid and blocks); sets t->form (NULL for a table).
 * Called once the columns are known. `form` on a table, and the table-only
 * keys on a form, are errors. */
int spec_parse_form(bp_yaml *y, yaml_node_t *root, bp_arena *a, bp_table_spec *t, bp_error *e);

#endif
