/* yqmerge.c — merged YAML documents that remember where each node came
 * from (see yqmerge.h). */
#include "yqmerge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Nodes in one merged document: as many as one file may hold (yamlq.c);
 * copying a tree of aliases multiplies it, and this bounds the copy. */
#define YQM_MAX_NODES 100000

bool yqm_is_null(yaml_node_t *n)
{
    if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    const char *s = (const char *)n->data.scalar.value;
    return !strcmp(s, "") || !strcmp(s, "~") || !strcmp(s, "null");
}

/* Records the origin and position of new node id of dst: those of n in
 * src. BP_ERESOURCE when out of memory. */
static int note_origin(bp_yaml *dst, int id, bp_yaml *src, yaml_node_t *n, bp_error *e)
{
    if (id > dst->norigins) {
        int cap = dst->norigins ? dst->norigins : 64;
        while (cap < id)
            cap *= 2;
        yq_origin *o = realloc(dst->origins, (size_t)cap * sizeof *dst->origins);
        if (!o) return bp_fail(e, BP_ERESOURCE, "%s: out of memory merging YAML", src->file);
        dst->origins = o;
        memset(dst->origins + dst->norigins, 0,
               (size_t)(cap - dst->norigins) * sizeof *dst->origins);
        dst->norigins = cap;
    }
    dst->origins[id - 1] = yq_node_origin(src, n);
    yaml_node_t *d = yaml_document_get_node(&dst->doc, id);
    d->start_mark = n->start_mark;
    d->end_mark = n->end_mark;
    return BP_OK;
}

static int count_nodes(bp_yaml *y)
{
    return (int)(y->doc.nodes.top - y->doc.nodes.start);
}

/* Copies node n of src (and all under it) into dst; *id is the copy. */
static int copy_node(bp_yaml *dst, bp_yaml *src, yaml_node_t *n, int *id, bp_error *e)
{
    if (count_nodes(dst) >= YQM_MAX_NODES)
        return yq_fail(src, n, e,
                       "more than %d values, lists and mappings once merged "
                       "(docs/limits.md)",
                       YQM_MAX_NODES);
    yaml_document_t *d = &dst->doc;
    int me = 0;
    switch (n->type) {
    case YAML_SCALAR_NODE:
        me = yaml_document_add_scalar(d, n->tag, n->data.scalar.value, (int)n->data.scalar.length,
                                      n->data.scalar.style);
        break;
    case YAML_SEQUENCE_NODE:
        me = yaml_document_add_sequence(d, n->tag, n->data.sequence.style);
        break;
    case YAML_MAPPING_NODE:
        me = yaml_document_add_mapping(d, n->tag, n->data.mapping.style);
        break;
    default:
        return yq_fail(src, n, e, "empty node");
    }
    if (!me) return bp_fail(e, BP_ERESOURCE, "%s: out of memory merging YAML", src->file);
    BP_TRY(note_origin(dst, me, src, n, e));
    if (n->type == YAML_SEQUENCE_NODE) {
        for (int i = 0; i < yq_seq_len(n); i++) {
            int c;
            BP_TRY(copy_node(dst, src, yq_seq_item(src, n, i), &c, e));
            if (!yaml_document_append_sequence_item(d, me, c))
                return bp_fail(e, BP_ERESOURCE, "%s: out of memory merging YAML", src->file);
        }
    } else if (n->type == YAML_MAPPING_NODE) {
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
             p++) {
            int k, v;
            BP_TRY(copy_node(dst, src, yaml_document_get_node(&src->doc, p->key), &k, e));
            BP_TRY(copy_node(dst, src, yaml_document_get_node(&src->doc, p->value), &v, e));
            if (!yaml_document_append_mapping_pair(d, me, k, v))
                return bp_fail(e, BP_ERESOURCE, "%s: out of memory merging YAML", src->file);
        }
    }
    *id = me;
    return BP_OK;
}

int yqm_copy(bp_yaml *dst, bp_yaml *src, yaml_node_t *n, int *id, bp_error *e)
{
    return copy_node(dst, src, n, id, e);
}

int yqm_start(bp_yaml *dst, const char *file, bp_yaml *src, yaml_node_t *n, bp_error *e)
{
    memset(dst, 0, sizeof *dst);
    dst->file = file;
    if (!yaml_document_initialize(&dst->doc, NULL, NULL, NULL, 1, 1))
        return bp_fail(e, BP_ERESOURCE, "%s: out of memory merging YAML", file);
    dst->loaded = true;
    int id;
    int rc = copy_node(dst, src, n, &id, e);
    if (rc) yq_done(dst);
    return rc;
}

static const char *scalar_of(yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* The index of the pair of mapping `map` (an id of y) with key `key`, or -1. */
static int pair_index(bp_yaml *y, int map, const char *key)
{
    yaml_node_t *m = yaml_document_get_node(&y->doc, map);
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        const char *k = scalar_of(yaml_document_get_node(&y->doc, p->key));
        if (k && !strcmp(k, key)) return (int)(p - m->data.mapping.pairs.start);
    }
    return -1;
}

/* True when seq (an id of y) is a non-empty list of mappings, each with a
 * scalar `key:`. */
static bool keyed_list(bp_yaml *y, int seq)
{
    yaml_node_t *s = yaml_document_get_node(&y->doc, seq);
    if (s->type != YAML_SEQUENCE_NODE || yq_seq_len(s) == 0) return false;
    for (int i = 0; i < yq_seq_len(s); i++)
        if (!scalar_of(yq_get(y, yq_seq_item(y, s, i), "key"))) return false;
    return true;
}

/* Overrides the items of keyed list `seq` (an id of dst) with mapping ov
 * of src: key -> override of that item, or null to remove it. */
static int merge_keyed(bp_yaml *dst, int seq, bp_yaml *src, yaml_node_t *ov, const char *what,
                       bp_error *e)
{
    for (yaml_node_pair_t *p = ov->data.mapping.pairs.start; p < ov->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(&src->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(&src->doc, p->value);
        const char *key = scalar_of(k);
        yaml_node_t *s = yaml_document_get_node(&dst->doc, seq);
        int found = -1;
        char keys[512] = "";
        for (int i = 0; key && i < yq_seq_len(s); i++) {
            const char *ik = scalar_of(yq_get(dst, yq_seq_item(dst, s, i), "key"));
            if (!strcmp(ik, key)) found = i;
            size_t o = strlen(keys);
            if (o < sizeof keys - 80)
                snprintf(keys + o, sizeof keys - o, "%s%s", o ? ", " : "", ik);
        }
        if (found < 0)
            return yq_fail(src, k, e,
                           "'%s' overrides nothing: %s has no item with key '%s' (keys: %s)",
                           key ? key : "?", what, key ? key : "?", keys);
        if (yqm_is_null(v)) { /* removed */
            yaml_node_item_t *items = s->data.sequence.items.start;
            int n = yq_seq_len(s);
            memmove(items + found, items + found + 1, (size_t)(n - found - 1) * sizeof *items);
            s->data.sequence.items.top--;
            continue;
        }
        if (v->type != YAML_MAPPING_NODE)
            return yq_fail(src, v, e,
                           "the override of %s '%s' must be a mapping of its keys, or "
                           "null to remove it",
                           what, key);
        int item = s->data.sequence.items.start[found];
        BP_TRY(yqm_merge(dst, item, src, v, NULL, e));
    }
    return BP_OK;
}

int yqm_merge(bp_yaml *dst, int at, bp_yaml *src, yaml_node_t *ov, const char *const *skip,
              bp_error *e)
{
    if (ov->type != YAML_MAPPING_NODE)
        return yq_fail(src, ov, e, "an override must be a mapping of the keys it changes");
    if (yaml_document_get_node(&dst->doc, at)->type != YAML_MAPPING_NODE)
        return yq_fail(src, ov, e, "this overrides a value that is not a mapping");
    for (yaml_node_pair_t *p = ov->data.mapping.pairs.start; p < ov->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(&src->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(&src->doc, p->value);
        const char *key = scalar_of(k);
        if (!key) return yq_fail(src, k, e, "keys must be plain words");
        bool skipped = false;
        for (const char *const *s = skip; s && *s && !skipped; s++)
            skipped = !strcmp(*s, key);
        if (skipped) continue;
        int i = pair_index(dst, at, key);
        if (i < 0) { /* added */
            int kid, vid;
            BP_TRY(copy_node(dst, src, k, &kid, e));
            BP_TRY(copy_node(dst, src, v, &vid, e));
            if (!yaml_document_append_mapping_pair(&dst->doc, at, kid, vid))
                return bp_fail(e, BP_ERESOURCE, "%s: out of memory merging YAML", src->file);
            continue;
        }
        yaml_node_t *m = yaml_document_get_node(&dst->doc, at);
        if (yqm_is_null(v)) { /* removed: the parser's default applies */
            yaml_node_pair_t *pairs = m->data.mapping.pairs.start;
            int n = (int)(m->data.mapping.pairs.top - pairs);
            memmove(pairs + i, pairs + i + 1, (size_t)(n - i - 1) * sizeof *pairs);
            m->data.mapping.pairs.top--;
            continue;
        }
        int old = m->data.mapping.pairs.start[i].value;
        yaml_node_type_t ot = yaml_document_get_node(&dst->doc, old)->type;
        if (ot == YAML_MAPPING_NODE && v->type == YAML_MAPPING_NODE) {
            BP_TRY(yqm_merge(dst, old, src, v, NULL, e));
        } else if (keyed_list(dst, old) && v->type == YAML_MAPPING_NODE) {
            BP_TRY(merge_keyed(dst, old, src, v, key, e));
        } else {
            int vid;
            BP_TRY(copy_node(dst, src, v, &vid, e));
            m = yaml_document_get_node(&dst->doc, at); /* the copy may move nodes */
            m->data.mapping.pairs.start[i].value = vid;
        }
    }
    return BP_OK;
}
