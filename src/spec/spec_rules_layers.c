/* spec_rules_layers.c — the set's rules built in layers, as tables are
 * (docs/checks.md, "Rules in layers"): a rules file may `extends:` another
 * rules file, and a set.yaml or a department's `overrides:` may give
 * `rules:` as a mapping of changes to the rules of the set beneath. Each
 * layer adds rules (`rules:`), removes them (`drop:`), changes them
 * (`override:`, by key, name or rule text) and changes `builtin:`,
 * `leftovers:` and `catalogue:`; the layers are merged as YAML trees
 * (yqmerge.h), so a message names the file and line where a value was
 * written, and then parsed once (spec_checks.c). */
#include <stdlib.h>
#include <string.h>

#include "in_file.h"
#include "spec_checks.h"
#include "yqmerge.h"

#define RULES_MAX_CHAIN 8 /* rules files in one extends chain */

void spec_rules_layers_done(spec_rules_layers *L)
{
    for (int i = 0; i < L->ndocs; i++) {
        yq_done(L->docs[i]);
        free(L->docs[i]);
    }
    L->ndocs = 0;
    if (L->have) yq_done(&L->merged);
    L->have = false;
}

int spec_rules_layers_add(spec_rules_layers *L, bp_yaml *y, yaml_node_t *v, bp_error *e)
{
    if (L->n >= SPEC_MAX_RULE_LAYERS) return yq_fail(y, v, e, "rules: too many layers");
    L->y[L->n] = y;
    L->v[L->n++] = v;
    return BP_OK;
}

static const char *dir_of(bp_arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? bp_strndup(a, path, (size_t)(slash - path)) : ".";
}

/* Reads and parses path (inside dir) into a document kept until done. */
static int keep_doc(spec_rules_layers *L, bp_arena *a, const char *dir, const char *where,
                    const char *path, bp_yaml **out, bp_error *e)
{
    if (L->ndocs >= SPEC_MAX_RULE_DOCS)
        return bp_fail(e, BP_EINPUT, "%s: more than %d rules files in one set", path,
                       SPEC_MAX_RULE_DOCS);
    char *text;
    size_t len;
    BP_TRY(bp_read_file_in(a, dir, where, path, &text, &len, e));
    bp_yaml *y = calloc(1, sizeof *y);
    if (!y) return bp_fail(e, BP_ERESOURCE, "%s: out of memory", path);
    int rc = yq_load(y, path, text, len, e);
    if (rc) {
        free(y);
        return rc;
    }
    L->docs[L->ndocs] = y;
    L->files[L->ndocs++] = path;
    *out = y;
    return BP_OK;
}

static const char *scalar_of(yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* The merged `rules:` list (its node id), or 0 when it has none. */
static int rules_seq(spec_rules_layers *L)
{
    bp_yaml *m = &L->merged;
    yaml_node_t *root = yq_root(m);
    yaml_node_t *s = yq_get(m, root, "rules");
    return s && s->type == YAML_SEQUENCE_NODE ? yqm_id(m, s) : 0;
}

/* Whether rule item it answers to id: its key:, its name: or its rule:. */
static bool rule_is(bp_yaml *m, yaml_node_t *it, const char *id)
{
    static const char *const by[] = {"key", "name", "rule"};
    for (int k = 0; k < 3; k++) {
        const char *s = scalar_of(yq_get(m, it, by[k]));
        if (s && !strcmp(s, id)) return true;
    }
    return false;
}

/* The index in the merged list of the rule named by node k of y, or an error there. */
static int find_rule(spec_rules_layers *L, bp_arena *a, bp_yaml *y, yaml_node_t *k,
                     const char *what, int *out, bp_error *e)
{
    const char *id = scalar_of(k);
    if (!id || !id[0])
        return yq_fail(y, k, e, "%s: name a rule by its key:, its name: or its rule text", what);
    int seq = rules_seq(L);
    yaml_node_t *s = seq ? yaml_document_get_node(&L->merged.doc, seq) : NULL;
    int found = -1, count = 0;
    char *known = bp_strdup(a, "");
    for (int i = 0; s && i < yq_seq_len(s); i++) {
        yaml_node_t *it = yq_seq_item(&L->merged, s, i);
        if (rule_is(&L->merged, it, id)) found = i, count++;
        const char *nm = scalar_of(yq_get(&L->merged, it, "key"));
        if (!nm) nm = scalar_of(yq_get(&L->merged, it, "name"));
        if (nm && strlen(known) < 300)
            known = bp_sprintf(a, "%s%s%s", known, known[0] ? "; " : "", nm);
    }
    if (count > 1)
        return yq_fail(y, k, e, "%s: '%s' names %d rules of the base (give them key:)", what, id,
                       count);
    if (found < 0)
        return yq_fail(y, k, e,
                       "%s: '%s' %s nothing: the base has no rule with that key, name or "
                       "rule text (its rules: %s)",
                       what, id, !strcmp(what, "drop") ? "drops" : "overrides",
                       known[0] ? known : "none");
    *out = found;
    return BP_OK;
}

static void remove_rule(spec_rules_layers *L, int i)
{
    yaml_node_t *s = yaml_document_get_node(&L->merged.doc, rules_seq(L));
    yaml_node_item_t *items = s->data.sequence.items.start;
    int n = yq_seq_len(s);
    memmove(items + i, items + i + 1, (size_t)(n - i - 1) * sizeof *items);
    s->data.sequence.items.top--;
}

static int layer_drop(spec_rules_layers *L, bp_arena *a, bp_yaml *y, yaml_node_t *d, bp_error *e)
{
    if (d->type != YAML_SEQUENCE_NODE && d->type != YAML_SCALAR_NODE)
        return yq_fail(y, d, e, "drop must be a list of rules (each its key:, name: or rule text)");
    int n = d->type == YAML_SEQUENCE_NODE ? yq_seq_len(d) : 1;
    for (int j = 0; j < n; j++) {
        int i;
        yaml_node_t *k = d->type == YAML_SEQUENCE_NODE ? yq_seq_item(y, d, j) : d;
        BP_TRY(find_rule(L, a, y, k, "drop", &i, e));
        remove_rule(L, i);
    }
    return BP_OK;
}

static int layer_override(spec_rules_layers *L, bp_arena *a, bp_yaml *y, yaml_node_t *m,
                          bp_error *e)
{
    if (m->type != YAML_MAPPING_NODE)
        return yq_fail(y, m, e,
                       "override must be a mapping: rule (key, name or text) -> its changes");
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(&y->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(&y->doc, p->value);
        int i;
        BP_TRY(find_rule(L, a, y, k, "override", &i, e));
        if (yqm_is_null(v)) {
            remove_rule(L, i);
            continue;
        }
        if (v->type != YAML_MAPPING_NODE)
            return yq_fail(y, v, e,
                           "the override of rule '%s' must be a mapping of its keys "
                           "(rule:, name:, tolerance:), or ~ to drop it",
                           scalar_of(k));
        yaml_node_t *s = yaml_document_get_node(&L->merged.doc, rules_seq(L));
        int item = s->data.sequence.items.start[i];
        BP_TRY(yqm_merge(&L->merged, item, y, v, NULL, e));
    }
    return BP_OK;
}

/* `rules:` of a layer: added after the base's. */
static int layer_add(spec_rules_layers *L, bp_yaml *y, yaml_node_t *key, yaml_node_t *list,
                     bp_error *e)
{
    if (list->type != YAML_SEQUENCE_NODE) return yq_fail(y, list, e, "rules must be a list");
    bp_yaml *m = &L->merged;
    int seq = rules_seq(L);
    if (!seq) {
        if (yq_get(m, yq_root(m), "rules"))
            return yq_fail(m, yq_get(m, yq_root(m), "rules"), e, "rules must be a list");
        int kid, vid;
        BP_TRY(yqm_copy(m, y, key, &kid, e));
        BP_TRY(yqm_copy(m, y, list, &vid, e));
        if (!yaml_document_append_mapping_pair(&m->doc, 1, kid, vid))
            return bp_fail(e, BP_ERESOURCE, "%s: out of memory merging rules", y->file);
        return BP_OK;
    }
    for (int i = 0; i < yq_seq_len(list); i++) {
        int id;
        BP_TRY(yqm_copy(m, y, yq_seq_item(y, list, i), &id, e));
        if (!yaml_document_append_sequence_item(&m->doc, seq, id))
            return bp_fail(e, BP_ERESOURCE, "%s: out of memory merging rules", y->file);
    }
    return BP_OK;
}

/* A layer of changes (mapping m of y) over the merged rules: builtin:,
 * leftovers: and catalogue: merged key by key, then drop:, override:, and
 * the rules it adds. */
static int apply_changes(spec_rules_layers *L, bp_arena *a, bp_yaml *y, yaml_node_t *m, bp_error *e)
{
    static const char *const skip[] = {"extends", "rules", "drop", "override", NULL};
    if (m->type != YAML_MAPPING_NODE)
        return yq_fail(y, m, e,
                       "rules: a file name, or a mapping of the changes to the rules "
                       "of the set it extends (rules:, drop:, override:, builtin:, …)");
    if (!L->have)
        return yq_fail(y, m, e,
                       "rules: these changes have no rules to change (the set beneath "
                       "names no rules file; name one: rules: FILE)");
    BP_TRY(yqm_merge(&L->merged, 1, y, m, skip, e));
    yaml_node_t *v;
    yaml_node_t *key = NULL;
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        const char *k = scalar_of(yaml_document_get_node(&y->doc, p->key));
        if (k && !strcmp(k, "rules")) key = yaml_document_get_node(&y->doc, p->key);
    }
    if ((v = yq_get(y, m, "drop"))) BP_TRY(layer_drop(L, a, y, v, e));
    if ((v = yq_get(y, m, "override"))) BP_TRY(layer_override(L, a, y, v, e));
    if (key) BP_TRY(layer_add(L, y, key, yq_get(y, m, "rules"), e));
    return BP_OK;
}

/* Loads the rules file at path (inside dir) and, first, the file it extends. */
static int load_file(spec_rules_layers *L, bp_arena *a, const char *dir, const char *where,
                     const char *path, int depth, bp_error *e)
{
    bp_yaml *y = NULL;
    BP_TRY(keep_doc(L, a, dir, where, path, &y, e));
    yaml_node_t *root = yq_root(y);
    if (root->type != YAML_MAPPING_NODE)
        return yq_fail(y, root, e, "a rules file is a mapping (rules:, builtin:, catalogue:, …)");
    yaml_node_t *ext = yq_get(y, root, "extends");
    if (!ext) {
        static const char *const layered[] = {"drop", "override", NULL};
        for (const char *const *k = layered; *k; k++) {
            yaml_node_t *v = yq_get(y, root, *k);
            if (v) return yq_fail(y, v, e, "%s: needs extends: (the rules file it changes)", *k);
        }
        if (L->have) yq_done(&L->merged);
        L->have = false;
        BP_TRY(yqm_start(&L->merged, path, y, root, e));
        L->have = true;
        return BP_OK;
    }
    if (depth >= RULES_MAX_CHAIN)
        return yq_fail(y, ext, e,
                       "extends: more than %d rules files in one chain (does it come "
                       "back to itself?)",
                       RULES_MAX_CHAIN);
    const char *name;
    BP_TRY(yq_string(y, ext, "extends", a, &name, e));
    if (!name[0]) return yq_fail(y, ext, e, "extends must name a rules file");
    const char *base = name[0] == '/' ? name : bp_path_join(a, dir_of(a, path), name);
    if (!bp_file_exists(base))
        return yq_fail(y, ext, e, "extends: rules file '%s' not found (%s)", name, base);
    BP_TRY(load_file(L, a, dir_of(a, base), "the folder of the rules file it extends", base,
                     depth + 1, e));
    return apply_changes(L, a, y, root, e);
}

/* A `rules:` file name of a layer (set.yaml or department.yaml y). */
static int load_named(spec_rules_layers *L, bp_arena *a, bp_yaml *y, yaml_node_t *n, bp_error *e)
{
    const char *file;
    BP_TRY(yq_string(y, n, "rules", a, &file, e));
    if (!bp_plain_file_name(file))
        return yq_fail(y, n, e, "rules must be a file name in the layout set folder, not '%s'",
                       file);
    /* beside the set.yaml (or department.yaml) that names it */
    const char *from = y->file, *slash = strrchr(from, '/');
    const char *dir = slash ? bp_strndup(a, from, (size_t)(slash - from)) : ".";
    char *path = bp_path_join(a, dir, file);
    if (!bp_file_exists(path))
        return yq_fail(y, n, e, "rules file '%s' does not exist (%s)", file, path);
    const char *where = !strcmp(slash ? slash + 1 : from, "department.yaml")
                            ? "the department folder" /* its overrides: */
                            : "the layout set folder";
    BP_TRY(load_file(L, a, dir, where, path, 0, e));
    L->merged.file = path; /* the rules file the set names */
    return BP_OK;
}

int spec_rules_layers_load(spec_rules_layers *L, bp_arena *a, bp_layout_set *s, bp_error *e)
{
    for (int i = 0; i < L->n; i++) {
        bp_yaml *y = L->y[i];
        yaml_node_t *v = L->v[i];
        if (yqm_is_null(v)) { /* rules: ~ — no rules */
            if (L->have) yq_done(&L->merged);
            L->have = false;
        } else if (v->type == YAML_SCALAR_NODE) {
            BP_TRY(load_named(L, a, y, v, e));
        } else {
            BP_TRY(apply_changes(L, a, y, v, e));
        }
    }
    if (!L->have) return BP_OK;
    BP_TRY(spec_parse_rules_yaml(&L->merged, a, s, e));
    s->rules->files = bp_alloc(a, (size_t)(L->ndocs + 1) * sizeof *s->rules->files);
    for (int i = 0; i < L->ndocs; i++)
        s->rules->files[s->rules->nfiles++] = L->files[i];
    return BP_OK;
}
