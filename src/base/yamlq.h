/* yamlq.h — strict YAML reading on top of libyaml's document API: typed
 * accessors that report file:line:column, and key checking with
 * did-you-mean suggestions. Used by the spec and data stages. */
#ifndef BP_YAMLQ_H
#define BP_YAMLQ_H

#include <yaml.h>

#include "util.h"

/* The file a node was read from, and that file's text (for positions
 * inside a value). */
typedef struct yq_origin {
    const char *file, *text;
    size_t len;
} yq_origin;

typedef struct bp_yaml {
    yaml_document_t doc;
    const char *file;
    const char *text; /* the source text (not owned) */
    size_t len;
    /* A document built by merging others (yqmerge.h): the origin of each
     * node (index: node id - 1); NULL when every node is from file. */
    yq_origin *origins;
    int norigins;
    bool loaded;
} bp_yaml;

/* Loads the one YAML document of text (a second document is an error).
 * Between yq_load and yq_done, arena allocations that may run out of
 * memory run under a guard of their own (bp_arena_guard), so that the
 * document is deleted on every path. */
int yq_load(bp_yaml *y, const char *file, const char *text, size_t len, bp_error *e);
void yq_done(bp_yaml *y);
/* Runs fn(y, a, ctx) under a guard of its own (bp_arena_guard), then
 * deletes y's document (yq_done): running out of memory in fn returns
 * BP_ERESOURCE with the document released, as any other error does. */
int yq_run(bp_yaml *y, bp_arena *a, int (*fn)(bp_yaml *y, bp_arena *a, void *ctx), void *ctx,
           bp_error *e);
yaml_node_t *yq_root(bp_yaml *y);

/* Fails unless n is a mapping whose keys are all in allowed (NULL-terminated). */
int yq_check_map(bp_yaml *y, yaml_node_t *n, const char *what, const char *const *allowed,
                 bp_error *e);
yaml_node_t *yq_get(bp_yaml *y, yaml_node_t *map, const char *key);
int yq_fail(bp_yaml *y, yaml_node_t *n, bp_error *e, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Like yq_fail, at the `occurrence`-th (0-based) appearance of token in
 * scalar n's source text (at n itself when it cannot be found). */
int yq_fail_token(bp_yaml *y, yaml_node_t *n, const char *token, size_t toklen, int occurrence,
                  bp_error *e, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* The origin (file, text) of a node of y. */
yq_origin yq_node_origin(bp_yaml *y, yaml_node_t *n);
/* Required-key variant of yq_get: error if missing. */
int yq_require(bp_yaml *y, yaml_node_t *map, const char *key, const char *what, yaml_node_t **out,
               bp_error *e);

int yq_string(bp_yaml *y, yaml_node_t *n, const char *what, bp_arena *a, const char **out,
              bp_error *e);
/* The text of a scalar without copying it (valid until yq_done), checked
 * like yq_string's: for keywords compared on the spot. */
int yq_word(bp_yaml *y, yaml_node_t *n, const char *what, const char **out, bp_error *e);
int yq_number(bp_yaml *y, yaml_node_t *n, const char *what, double min, double max, double *out,
              bp_error *e);
int yq_int(bp_yaml *y, yaml_node_t *n, const char *what, long min, long max, long *out,
           bp_error *e);
int yq_bool(bp_yaml *y, yaml_node_t *n, const char *what, bool *out, bp_error *e);
/* A sequence of scalars (a single scalar is accepted as a list of one when
 * allow_scalar). */
int yq_string_list(bp_yaml *y, yaml_node_t *n, const char *what, bp_arena *a, bool allow_scalar,
                   const char ***out, int *count, bp_error *e);

/* Items of a sequence node. */
static inline int yq_seq_len(yaml_node_t *n)
{
    return (int)(n->data.sequence.items.top - n->data.sequence.items.start);
}
static inline yaml_node_t *yq_seq_item(bp_yaml *y, yaml_node_t *n, int i)
{
    return yaml_document_get_node(&y->doc, n->data.sequence.items.start[i]);
}

/* Levenshtein distance on bytes, for suggestions. */
int yq_distance(const char *a, const char *b);

#endif
