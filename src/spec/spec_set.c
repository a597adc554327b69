/* spec_set.c — loading a layout set: its set.yaml, the sets it extends
 * (`extends:`), a department's `overrides:`, and its tables. The layers
 * are merged as YAML trees (yqmerge.h) before the parsers of spec.c run,
 * so every key works the same in a base set, an extending set and a
 * department; the list of tables is built layer by layer (`tables:`,
 * `replace:`, `drop:`, `override:`), each table's file read from the
 * folder of the layer that named it. docs/layouts.md has the rules. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "figures.h"
#include "in_file.h"
#include "spec_checks.h"
#include "spec_priv.h"
#include "yqmerge.h"

#define SPEC_MAX_CHAIN 8                     /* set.yaml files in one extends chain */
#define SPEC_MAX_LAYERS (SPEC_MAX_CHAIN + 1) /* and a department's overrides */

/* A table of the set being built: its file and the overrides of its keys
 * (each a mapping node of a loaded layer), in layer order. */
typedef struct table_src {
    const char *stem, *path;
    const char *dir, *where; /* the folder path must be inside, for messages */
    int nov;
    bp_yaml *ovy[SPEC_MAX_LAYERS];
    yaml_node_t *ov[SPEC_MAX_LAYERS];
} table_src;

typedef struct layers {
    bp_arena *a;
    const char *search;              /* colon-separated folders for extends */
    bp_yaml *files[SPEC_MAX_LAYERS]; /* loaded layer files (heap) */
    char *real[SPEC_MAX_CHAIN];      /* canonical folders of the chain (heap) */
    int nfiles, nreal;
    bp_yaml merged; /* the set keys of every layer, merged */
    bool have_merged;
    spec_rules_layers rules; /* each layer's `rules:` (spec_checks.h) */
    table_src *tables;
    int ntables;
} layers;

static void layers_done(layers *L)
{
    for (int i = 0; i < L->nfiles; i++) {
        yq_done(L->files[i]);
        free(L->files[i]);
    }
    for (int i = 0; i < L->nreal; i++)
        free(L->real[i]);
    if (L->have_merged) yq_done(&L->merged);
    spec_rules_layers_done(&L->rules);
}

/* Loads path, a file that must be inside the folder dir (in_file.h). */
static int load_file(layers *L, const char *dir, const char *where, const char *path, bp_yaml **out,
                     bp_error *e)
{
    char *text;
    size_t len;
    BP_TRY(bp_read_file_in(L->a, dir, where, path, &text, &len, e));
    bp_yaml *y = malloc(sizeof *y);
    if (!y) return bp_fail(e, BP_ERESOURCE, "%s: out of memory", path);
    int rc = yq_load(y, path, text, len, e);
    if (rc) {
        free(y);
        return rc;
    }
    L->files[L->nfiles++] = y;
    *out = y;
    return BP_OK;
}

static const char *basename_of(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static const char *stem_of(bp_arena *a, const char *file)
{
    size_t n = strlen(file);
    if (n > 5 && !strcmp(file + n - 5, ".yaml"))
        n -= 5;
    else if (n > 4 && !strcmp(file + n - 4, ".yml"))
        n -= 4;
    return bp_strndup(a, file, n);
}

/* The table named by name (its stem, or its file's name or stem), or -1. */
static int find_table(layers *L, const char *name)
{
    for (int i = 0; i < L->ntables; i++) {
        const table_src *t = &L->tables[i];
        const char *file = basename_of(t->path);
        if (!strcmp(t->stem, name) || !strcmp(file, name) || !strcmp(stem_of(L->a, file), name))
            return i;
    }
    return -1;
}

/* "01-income-expense, 02-income, …" for messages. */
static const char *table_names(layers *L)
{
    char *s = bp_strdup(L->a, "");
    for (int i = 0; i < L->ntables && strlen(s) < 600; i++)
        s = bp_sprintf(L->a, "%s%s%s", s, i ? ", " : "", L->tables[i].stem);
    return s;
}

/* The table at `file` (a name in dir) of a layer, or an error at n. */
static int own_table(layers *L, bp_yaml *y, yaml_node_t *n, const char *dir, const char *file,
                     const char *where, table_src *out, bp_error *e)
{
    if (!bp_plain_file_name(file))
        return yq_fail(y, n, e, "table '%s' must be a file name in %s", file, where);
    char *path = bp_path_join(L->a, dir, file);
    if (!bp_file_exists(path))
        return yq_fail(y, n, e, "table layout '%s' does not exist (%s)", file, path);
    memset(out, 0, sizeof *out);
    out->stem = stem_of(L->a, file);
    out->path = path;
    out->dir = dir;
    out->where = where;
    return BP_OK;
}

static int check_count(bp_yaml *y, yaml_node_t *n, int count, bp_error *e)
{
    if (count == 0) return yq_fail(y, n, e, "tables must list at least one table layout");
    if (count > BP_MAX_TABLES)
        return yq_fail(y, n, e, "%d tables; at most %d are allowed (docs/limits.md)", count,
                       BP_MAX_TABLES);
    return BP_OK;
}

/* The first layer: a set without extends. */
static int start_chain(layers *L, bp_yaml *y, yaml_node_t *root, const char *dir, bp_error *e)
{
    static const char *const layered[] = {"replace", "drop", "override", NULL};
    for (const char *const *k = layered; *k; k++) {
        yaml_node_t *v = yq_get(y, root, *k);
        if (v) return yq_fail(y, v, e, "%s: needs extends: (the set it changes)", *k);
    }
    BP_TRY(yqm_start(&L->merged, y->file, y, root, e));
    L->have_merged = true;
    yaml_node_t *tl = yq_get(y, root, "rules");
    if (tl) BP_TRY(spec_rules_layers_add(&L->rules, y, tl, e));
    BP_TRY(yq_require(y, root, "tables", "layout set", &tl, e));
    const char **files;
    int n;
    BP_TRY(yq_string_list(y, tl, "tables", L->a, false, &files, &n, e));
    BP_TRY(check_count(y, tl, n, e));
    L->tables = bp_alloc(L->a, (size_t)n * sizeof *L->tables);
    for (int i = 0; i < n; i++)
        BP_TRY(own_table(L, y, yq_seq_item(y, tl, i), dir, files[i], "the layout set folder",
                         &L->tables[L->ntables++], e));
    return BP_OK;
}

/* `tables:` of a layer over a base: the whole list; each entry a file in
 * the layer's folder or a table of the base. */
static int layer_tables(layers *L, bp_yaml *y, yaml_node_t *tl, const char *dir, const char *where,
                        bp_error *e)
{
    const char **names;
    int n;
    BP_TRY(yq_string_list(y, tl, "tables", L->a, false, &names, &n, e));
    BP_TRY(check_count(y, tl, n, e));
    table_src *list = bp_alloc(L->a, (size_t)n * sizeof *list);
    for (int i = 0; i < n; i++) {
        yaml_node_t *it = yq_seq_item(y, tl, i);
        int b = find_table(L, names[i]);
        if (!strchr(names[i], '/') && bp_file_exists(bp_path_join(L->a, dir, names[i])))
            BP_TRY(own_table(L, y, it, dir, names[i], where, &list[i], e));
        else if (b >= 0)
            list[i] = L->tables[b];
        else
            return yq_fail(y, it, e,
                           "table '%s' is neither a file in %s (%s) nor a table of the base set "
                           "(%s)",
                           names[i], where, dir, table_names(L));
        for (int j = 0; j < i; j++)
            if (!strcmp(list[j].stem, list[i].stem))
                return yq_fail(y, it, e, "table '%s' is listed twice", list[i].stem);
    }
    L->tables = list;
    L->ntables = n;
    return BP_OK;
}

/* The table a key of replace:/drop:/override: names, or an error there. */
static int named_table(layers *L, bp_yaml *y, yaml_node_t *k, const char *what, int *out,
                       bp_error *e)
{
    const char *name;
    BP_TRY(yq_string(y, k, what, L->a, &name, e));
    *out = find_table(L, name);
    if (*out < 0)
        return yq_fail(y, k, e, "%s: '%s' %s nothing: the set has no table '%s' (its tables: %s)",
                       what, name,
                       !strcmp(what, "drop")      ? "drops"
                       : !strcmp(what, "replace") ? "replaces"
                                                  : "overrides",
                       name, table_names(L));
    return BP_OK;
}

static int layer_replace(layers *L, bp_yaml *y, yaml_node_t *m, const char *dir, const char *where,
                         bp_error *e)
{
    if (m->type != YAML_MAPPING_NODE)
        return yq_fail(y, m, e, "replace must be a mapping: table -> file name in %s", where);
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(&y->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(&y->doc, p->value);
        int i;
        BP_TRY(named_table(L, y, k, "replace", &i, e));
        const char *file;
        BP_TRY(yq_string(y, v, "replace", L->a, &file, e));
        const char *stem = L->tables[i].stem; /* still addressed by the base's name */
        BP_TRY(own_table(L, y, v, dir, file, where, &L->tables[i], e));
        L->tables[i].stem = stem;
    }
    return BP_OK;
}

static int layer_drop(layers *L, bp_yaml *y, yaml_node_t *d, bp_error *e)
{
    if (d->type != YAML_SEQUENCE_NODE && d->type != YAML_SCALAR_NODE)
        return yq_fail(y, d, e, "drop must be a list of tables");
    int n = d->type == YAML_SEQUENCE_NODE ? yq_seq_len(d) : 1;
    for (int j = 0; j < n; j++) {
        yaml_node_t *k = d->type == YAML_SEQUENCE_NODE ? yq_seq_item(y, d, j) : d;
        int i;
        BP_TRY(named_table(L, y, k, "drop", &i, e));
        if (L->ntables == 1) return yq_fail(y, k, e, "drop: no table would be left");
        memmove(&L->tables[i], &L->tables[i + 1], (size_t)(L->ntables - i - 1) * sizeof *L->tables);
        L->ntables--;
    }
    return BP_OK;
}

static int layer_override(layers *L, bp_yaml *y, yaml_node_t *m, bp_error *e)
{
    if (m->type != YAML_MAPPING_NODE)
        return yq_fail(y, m, e, "override must be a mapping: table -> the keys it changes");
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(&y->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(&y->doc, p->value);
        int i;
        BP_TRY(named_table(L, y, k, "override", &i, e));
        if (v->type != YAML_MAPPING_NODE)
            return yq_fail(y, v, e, "override of '%s' must be a mapping of the keys it changes",
                           L->tables[i].stem);
        table_src *t = &L->tables[i];
        if (t->nov >= SPEC_MAX_LAYERS) return yq_fail(y, k, e, "too many overrides of one table");
        t->ovy[t->nov] = y;
        t->ov[t->nov++] = v;
    }
    return BP_OK;
}

/* A layer over the base: set keys merged, then its table changes. */
static int apply_layer(layers *L, bp_yaml *y, yaml_node_t *root, const char *dir, const char *where,
                       bp_error *e)
{
    static const char *const skip[] = {"extends",  "tables", "replace", "drop",
                                       "override", "rules",  NULL};
    BP_TRY(yqm_merge(&L->merged, 1, y, root, skip, e));
    yaml_node_t *v;
    if ((v = yq_get(y, root, "rules"))) BP_TRY(spec_rules_layers_add(&L->rules, y, v, e));
    if ((v = yq_get(y, root, "tables"))) BP_TRY(layer_tables(L, y, v, dir, where, e));
    if ((v = yq_get(y, root, "replace"))) BP_TRY(layer_replace(L, y, v, dir, where, e));
    if ((v = yq_get(y, root, "drop"))) BP_TRY(layer_drop(L, y, v, e));
    if ((v = yq_get(y, root, "override"))) BP_TRY(layer_override(L, y, v, e));
    return BP_OK;
}

/* The parent folder of dir ("." for a bare name). */
static const char *parent_of(bp_arena *a, const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    while (n > 0 && dir[n - 1] != '/')
        n--;
    if (n == 0) return ".";
    return n == 1 ? "/" : bp_strndup(a, dir, n - 1);
}

/* The folder of the set `name` that a set in dir extends: a path relative
 * to dir when it has a '/'; else a set beside dir, then in the search
 * path (the folders where departments' sets are looked up). */
static int find_base(layers *L, bp_yaml *y, yaml_node_t *n, const char *dir, const char *name,
                     const char **out, bp_error *e)
{
    bp_arena *a = L->a;
    if (!name[0]) return yq_fail(y, n, e, "extends must name a layout set");
    if (strchr(name, '/')) {
        const char *d = name[0] == '/' ? name : bp_path_join(a, dir, name);
        if (bp_file_exists(bp_path_join(a, d, "set.yaml"))) return *out = d, BP_OK;
        return yq_fail(y, n, e, "extends: layout set '%s' not found (no %s/set.yaml)", name, d);
    }
    const char *d = bp_path_join(a, parent_of(a, dir), name);
    if (bp_file_exists(bp_path_join(a, d, "set.yaml"))) return *out = d, BP_OK;
    char *search = bp_strdup(a, L->search ? L->search : "");
    for (char *tok = search; tok && *tok;) {
        char *colon = strchr(tok, ':');
        if (colon) *colon = 0;
        if (*tok) {
            d = bp_path_join(a, tok, name);
            if (bp_file_exists(bp_path_join(a, d, "set.yaml"))) return *out = d, BP_OK;
        }
        tok = colon ? colon + 1 : NULL;
    }
    return yq_fail(y, n, e, "extends: layout set '%s' not found beside this set (%s)%s%s", name,
                   parent_of(a, dir), L->search && L->search[0] ? " or in " : "",
                   L->search ? L->search : "");
}

/* Loads the set in dir and, first, the sets it extends. */
static int load_chain(layers *L, const char *dir, bp_error *e)
{
    if (!bp_dir_exists(dir)) return bp_fail(e, BP_EINPUT, "%s: layout set folder not found", dir);
    char *real = realpath(dir, NULL);
    if (real) L->real[L->nreal++] = real;
    bp_yaml *y;
    BP_TRY(load_file(L, dir, "the layout set folder", bp_path_join(L->a, dir, "set.yaml"), &y, e));
    yaml_node_t *root = yq_root(y);
    BP_TRY(yq_check_map(y, root, "layout set", spec_set_keys, e));
    yaml_node_t *ext = yq_get(y, root, "extends");
    if (!ext) return start_chain(L, y, root, dir, e);
    if (L->nfiles >= SPEC_MAX_CHAIN)
        return yq_fail(y, ext, e, "extends: more than %d sets in one chain", SPEC_MAX_CHAIN);
    const char *name, *base = NULL;
    BP_TRY(yq_string(y, ext, "extends", L->a, &name, e));
    BP_TRY(find_base(L, y, ext, dir, name, &base, e));
    char *breal = realpath(base, NULL);
    for (int i = 0; breal && i < L->nreal; i++)
        if (!strcmp(breal, L->real[i])) {
            free(breal);
            return yq_fail(y, ext, e, "extends: '%s' comes back to a set of this chain (%s)", name,
                           base);
        }
    free(breal);
    BP_TRY(load_chain(L, base, e));
    return apply_layer(L, y, root, dir, "the layout set folder", e);
}

/* The `overrides:` of a department.yaml: a layer over its set. */
static int apply_department(layers *L, const char *file, bp_error *e)
{
    static const char *const keys[] = {
        "name",    "cover", "contents", "footer",   "page_numbers", "fonts", "tables", "rules",
        "replace", "drop",  "override", "document", "figures",      "text",  NULL};
    bp_yaml *y;
    BP_TRY(load_file(L, parent_of(L->a, file), "the department folder", file, &y, e));
    yaml_node_t *ov = yq_get(y, yq_root(y), "overrides");
    if (!ov) return BP_OK;
    BP_TRY(yq_check_map(y, ov, "overrides", keys, e));
    return apply_layer(L, y, ov, parent_of(L->a, file), "the department folder", e);
}

typedef struct merge_call {
    const table_src *src;
    bp_table_spec *t;
    bp_error *e;
    bp_yaml base, m;
} merge_call;

/* The table's document with the overrides merged in, parsed. */
static int merge_table(bp_arena *a, void *ctx)
{
    merge_call *c = ctx;
    BP_TRY(yqm_start(&c->m, c->src->path, &c->base, yq_root(&c->base), c->e));
    for (int i = 0; i < c->src->nov; i++)
        BP_TRY(yqm_merge(&c->m, 1, c->src->ovy[i], c->src->ov[i], NULL, c->e));
    memset(c->t, 0, sizeof *c->t);
    c->t->file = c->src->path;
    return spec_parse_table_yaml(&c->m, yq_root(&c->m), a, c->t, c->e);
}

/* Loads one table: its file, with the overrides of its keys merged in. */
static int load_table(layers *L, const table_src *src, bp_table_spec *t, bp_error *e)
{
    char *text;
    size_t len;
    BP_TRY(bp_read_file_in(L->a, src->dir, src->where, src->path, &text, &len, e));
    if (!src->nov) return spec_parse_table(L->a, src->path, text, len, t, e);
    merge_call c;
    memset(&c, 0, sizeof c);
    c.src = src;
    c.t = t;
    c.e = e;
    BP_TRY(yq_load(&c.base, src->path, text, len, e));
    /* both documents are released here, also when the parse runs out of
     * memory (its own guard) */
    int rc = bp_arena_guard(L->a, merge_table, &c, src->path, e);
    yq_done(&c.m);
    yq_done(&c.base);
    return rc;
}

static int build_set(layers *L, const char *dir, bp_layout_set **out, bp_error *e)
{
    bp_arena *a = L->a;
    bp_layout_set *s = bp_alloc(a, sizeof *s);
    s->dir = bp_strdup(a, dir);
    spec_set_defaults(s);
    s->file = bp_path_join(a, dir, "set.yaml");
    yaml_node_t *root = yq_root(&L->merged);
    BP_TRY(spec_parse_set_head(&L->merged, root, a, s, e));
    s->ntables = L->ntables;
    s->tables = bp_alloc(a, (size_t)s->ntables * sizeof *s->tables);
    for (int i = 0; i < s->ntables; i++) {
        BP_TRY(load_table(L, &L->tables[i], &s->tables[i], e));
        s->tables[i].stem = L->tables[i].stem;
    }
    yaml_node_t *v;
    BP_TRY(spec_rules_layers_load(&L->rules, a, s, e)); /* the rules of every layer */
    if ((v = yq_get(&L->merged, root, "figures")))
        BP_TRY(spec_parse_figures(&L->merged, v, a, s, e));
    if ((v = yq_get(&L->merged, root, "text")))
        BP_TRY(spec_parse_text_sheets(&L->merged, v, a, s, e));
    s->sources = bp_alloc(a, (size_t)(L->nfiles + 1) * sizeof *s->sources);
    for (int i = 0; i < L->nfiles; i++)
        s->sources[s->nsources++] = L->files[i]->file;
    *out = s;
    return BP_OK;
}

typedef struct set_call {
    layers L;
    const char *dir;
    const bp_set_source *src;
    bp_layout_set **out;
    bp_error *e;
} set_call;

static int build_guarded(bp_arena *a, void *ctx)
{
    (void)a;
    set_call *c = ctx;
    BP_TRY(load_chain(&c->L, c->dir, c->e));
    if (c->src && c->src->dept_file) BP_TRY(apply_department(&c->L, c->src->dept_file, c->e));
    return build_set(&c->L, c->dir, c->out, c->e);
}

int spec_load_set_from(bp_ctx *cx, const char *dir, const bp_set_source *src, bp_layout_set **out)
{
    bp_arena *a = cx->a;
    bp_error *e = cx->e;
    set_call c;
    memset(&c, 0, sizeof c);
    c.L.a = a;
    c.L.search = src ? src->search : NULL;
    c.dir = dir;
    c.src = src;
    c.out = out;
    c.e = e;
    /* the layers' documents are released here, also when building the
     * set runs out of memory (its own guard) */
    int rc = bp_arena_guard(a, build_guarded, &c, dir, e);
    layers_done(&c.L);
    return rc;
}

int spec_load_set(bp_ctx *c, const char *dir, bp_layout_set **out)
{
    return spec_load_set_from(c, dir, NULL, out);
}
