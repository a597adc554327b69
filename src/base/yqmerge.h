/* yqmerge.h — merging YAML trees before the parsers read them: a layout
 * set that extends another, and a department's overrides of its set
 * (docs/layouts.md, "Sets that build on another"). The merged document
 * keeps, for every node, the file it came from and its position there, so
 * a parser's message names the file where a value was written.
 *
 * Rules (yqm_merge): mappings merge key by key (a key the base lacks is
 * added, and the parser checks it as in any file; a key overridden by
 * null is removed, so the parser's default applies); scalars and lists
 * replace; a list of mappings that each have a `key:` (columns) is
 * overridden by a mapping from key to override, and an item overridden by
 * null is removed. An override that names an item the base has not is an
 * error at the override's line and column. */
#ifndef BP_YQMERGE_H
#define BP_YQMERGE_H

#include "yamlq.h"

/* Starts dst as a document holding a copy of node n of src (its root).
 * dst->file names the document in messages without a node. */
int yqm_start(bp_yaml *dst, const char *file, bp_yaml *src, yaml_node_t *n, bp_error *e);
/* Merges mapping ov of src into the mapping node `at` (an id) of dst;
 * keys listed in skip (NULL-terminated, may be NULL) are left out. */
int yqm_merge(bp_yaml *dst, int at, bp_yaml *src, yaml_node_t *ov, const char *const *skip,
              bp_error *e);
/* Copies node n of src (and all under it) into dst, keeping where each
 * node was written; *id is the copy (not yet part of any mapping or list). */
int yqm_copy(bp_yaml *dst, bp_yaml *src, yaml_node_t *n, int *id, bp_error *e);
/* The id of a node of y. */
static inline int yqm_id(bp_yaml *y, yaml_node_t *n)
{
    return (int)(n - y->doc.nodes.start) + 1;
}
/* True for a plain null scalar (~, null or nothing). */
bool yqm_is_null(yaml_node_t *n);

#endif
