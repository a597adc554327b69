/* yamlq.c — strict, position-reporting YAML access (see yamlq.h). */
#include "yamlq.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libyaml takes time proportional to the nesting depth for each token it
 * scans, and to the number of anchors for each anchor or alias it loads:
 * [[[…]]] nested 100 000 deep, or 100 000 anchors, take minutes. So the
 * events are counted before the document is loaded (docs/limits.md). */
#define YQ_MAX_DEPTH 64
#define YQ_MAX_ANCHORS 1000
#define YQ_MAX_ALIASES 10000
/* Scalars, lists and mappings in one file (a table layout has a few
 * hundred): bounds every list, such as notes or the values of a rule. */
#define YQ_MAX_NODES 100000

/* libyaml's own allocation failures are resources, not the file's fault. */
static int parser_fail(yaml_parser_t *p, const char *file, bp_error *e)
{
    if (p->error == YAML_MEMORY_ERROR)
        return bp_fail(e, BP_ERESOURCE, "%s: out of memory while reading YAML", file);
    return bp_fail(e, BP_EINPUT, "%s:%zu:%zu: malformed YAML: %s%s%s", file,
                   p->problem_mark.line + 1, p->problem_mark.column + 1,
                   p->problem ? p->problem : "syntax error", p->context ? " " : "",
                   p->context ? p->context : "");
}

static int check_shape(const char *file, const char *text, size_t len, bp_error *e)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) return bp_fail(e, BP_ERESOURCE, "%s: out of memory", file);
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    int depth = 0, anchors = 0, aliases = 0, nodes = 0, rc = BP_OK;
    for (bool end = false; !end && !rc;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) { /* yaml_parser_load reports the syntax */
            if (p.error == YAML_MEMORY_ERROR) rc = parser_fail(&p, file, e);
            break;
        }
        const char *anchor = NULL;
        switch (ev.type) {
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            anchor = ev.type == YAML_SEQUENCE_START_EVENT
                         ? (const char *)ev.data.sequence_start.anchor
                         : (const char *)ev.data.mapping_start.anchor;
            if (++depth > YQ_MAX_DEPTH)
                rc = bp_fail(e, BP_EINPUT,
                             "%s:%zu:%zu: nested more than %d levels deep (docs/limits.md)", file,
                             ev.start_mark.line + 1, ev.start_mark.column + 1, YQ_MAX_DEPTH);
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            depth--;
            break;
        case YAML_SCALAR_EVENT:
            anchor = (const char *)ev.data.scalar.anchor;
            break;
        case YAML_ALIAS_EVENT:
            if (++aliases > YQ_MAX_ALIASES)
                rc =
                    bp_fail(e, BP_EINPUT, "%s:%zu:%zu: more than %d aliases (docs/limits.md)", file,
                            ev.start_mark.line + 1, ev.start_mark.column + 1, YQ_MAX_ALIASES);
            break;
        case YAML_STREAM_END_EVENT:
            end = true;
            break;
        default:
            break;
        }
        bool node = ev.type == YAML_SCALAR_EVENT || ev.type == YAML_SEQUENCE_START_EVENT ||
                    ev.type == YAML_MAPPING_START_EVENT;
        if (node && !rc && ++nodes > YQ_MAX_NODES)
            rc = bp_fail(e, BP_EINPUT,
                         "%s:%zu:%zu: more than %d values, lists and mappings (docs/limits.md)",
                         file, ev.start_mark.line + 1, ev.start_mark.column + 1, YQ_MAX_NODES);
        if (anchor && !rc && ++anchors > YQ_MAX_ANCHORS)
            rc = bp_fail(e, BP_EINPUT, "%s:%zu:%zu: more than %d anchors (docs/limits.md)", file,
                         ev.start_mark.line + 1, ev.start_mark.column + 1, YQ_MAX_ANCHORS);
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    return rc;
}

int yq_load(bp_yaml *y, const char *file, const char *text, size_t len, bp_error *e)
{
    yaml_parser_t p;
    y->file = file;
    y->text = text;
    y->len = len;
    y->origins = NULL;
    y->norigins = 0;
    y->loaded = false;
    int shape = check_shape(file, text, len, e);
    if (shape) return shape;
    if (!yaml_parser_initialize(&p))
        return bp_fail(e, BP_ERESOURCE, "%s: out of memory while reading YAML", file);
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    if (!yaml_parser_load(&p, &y->doc)) {
        int rc = parser_fail(&p, file, e);
        yaml_parser_delete(&p);
        return rc;
    }
    y->loaded = true;
    if (!yaml_document_get_root_node(&y->doc)) {
        yaml_parser_delete(&p);
        yq_done(y);
        return bp_fail(e, BP_EINPUT, "%s:1:1: empty YAML document", file);
    }
    /* one document per file: a second one (after ---) would be ignored */
    yaml_document_t next;
    if (!yaml_parser_load(&p, &next)) {
        int rc = parser_fail(&p, file, e);
        yaml_parser_delete(&p);
        yq_done(y);
        return rc;
    }
    yaml_node_t *extra = yaml_document_get_root_node(&next);
    size_t line = next.start_mark.line + 1, col = next.start_mark.column + 1;
    yaml_document_delete(&next);
    yaml_parser_delete(&p);
    if (extra) {
        yq_done(y);
        return bp_fail(e, BP_EINPUT,
                       "%s:%zu:%zu: a second YAML document (after ---); a file holds one", file,
                       line, col);
    }
    return BP_OK;
}

void yq_done(bp_yaml *y)
{
    if (y->loaded) yaml_document_delete(&y->doc);
    y->loaded = false;
    free(y->origins);
    y->origins = NULL;
    y->norigins = 0;
}

typedef struct yq_call {
    bp_yaml *y;
    int (*fn)(bp_yaml *y, bp_arena *a, void *ctx);
    void *ctx;
} yq_call;

static int yq_call_run(bp_arena *a, void *ctx)
{
    yq_call *c = ctx;
    return c->fn(c->y, a, c->ctx);
}

int yq_run(bp_yaml *y, bp_arena *a, int (*fn)(bp_yaml *y, bp_arena *a, void *ctx), void *ctx,
           bp_error *e)
{
    yq_call c = {y, fn, ctx};
    int rc = bp_arena_guard(a, yq_call_run, &c, y->file, e);
    yq_done(y);
    return rc;
}

yaml_node_t *yq_root(bp_yaml *y)
{
    return yaml_document_get_root_node(&y->doc);
}

yq_origin yq_node_origin(bp_yaml *y, yaml_node_t *n)
{
    yq_origin o = {y->file, y->text, y->len};
    long id = n ? (long)(n - y->doc.nodes.start) : -1;
    if (y->origins && id >= 0 && id < y->norigins && y->origins[id].file) o = y->origins[id];
    return o;
}

int yq_fail(bp_yaml *y, yaml_node_t *n, bp_error *e, const char *fmt, ...)
{
    /* as large as bp_error's msg: bp_fail cuts the whole message between
     * characters, so buf must not be cut first */
    char buf[sizeof e->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (!n) return bp_fail(e, BP_EINPUT, "%s: %s", y->file, buf);
    return bp_fail(e, BP_EINPUT, "%s:%zu:%zu: %s", yq_node_origin(y, n).file,
                   n->start_mark.line + 1, n->start_mark.column + 1, buf);
}

/* The line and column (1-based, in characters) of byte `at` of text. */
static void text_position(const char *text, size_t at, size_t *line, size_t *col)
{
    size_t l = 1, bol = 0;
    for (size_t i = 0; i < at; i++)
        if (text[i] == '\n') l++, bol = i + 1;
    *line = l;
    *col = bp_utf8_count(text + bol, at - bol) + 1;
}

/* The byte offset of character `index` of UTF-8 text (libyaml's marks
 * count characters). */
static size_t char_offset(const char *text, size_t len, size_t index)
{
    size_t i = len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3) ? 3 : 0; /* not counted */
    while (index > 0 && i < len) {
        uint32_t cp;
        int k = bp_utf8_decode(text + i, len - i, &cp);
        i += k > 0 ? (size_t)k : 1;
        index--;
    }
    return i;
}

int yq_fail_token(bp_yaml *y, yaml_node_t *n, const char *token, size_t toklen, int occurrence,
                  bp_error *e, const char *fmt, ...)
{
    char buf[sizeof e->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    yq_origin o = yq_node_origin(y, n);
    size_t from = o.text ? char_offset(o.text, o.len, n->start_mark.index) : 0;
    size_t to = o.text ? char_offset(o.text, o.len, n->end_mark.index) : 0;
    if (o.text && toklen && from < to) {
        for (size_t i = from; i + toklen <= to; i++) {
            if (memcmp(o.text + i, token, toklen)) continue;
            if (occurrence-- > 0) continue;
            size_t line, col;
            text_position(o.text, i, &line, &col);
            return bp_fail(e, BP_EINPUT, "%s:%zu:%zu: %s", o.file, line, col, buf);
        }
    }
    return yq_fail(y, n, e, "%s", buf);
}

static const char *node_kind(yaml_node_t *n)
{
    switch (n->type) {
    case YAML_SCALAR_NODE:
        return "a scalar";
    case YAML_SEQUENCE_NODE:
        return "a list";
    case YAML_MAPPING_NODE:
        return "a mapping";
    default:
        return "nothing";
    }
}

int yq_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64) return 99;
    int d[65][65];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            int c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < c) c = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < c) c = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < c)
                c = d[i - 2][j - 2] + 1;
            d[i][j] = c;
        }
    return d[la][lb];
}

int yq_check_map(bp_yaml *y, yaml_node_t *n, const char *what, const char *const *allowed,
                 bp_error *e)
{
    if (n->type != YAML_MAPPING_NODE)
        return yq_fail(y, n, e, "%s must be a mapping, not %s", what, node_kind(n));
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(&y->doc, p->key);
        if (k->type != YAML_SCALAR_NODE)
            return yq_fail(y, k, e, "keys in %s must be plain words", what);
        const char *key = (const char *)k->data.scalar.value;
        bool ok = false;
        for (const char *const *a = allowed; *a && !ok; a++)
            ok = !strcmp(*a, key);
        if (!ok) { /* the nearest allowed key, for the message only */
            const char *best = NULL;
            int bestd = 3;
            for (const char *const *a = allowed; *a; a++) {
                int d = yq_distance(*a, key);
                if (d < bestd) bestd = d, best = *a;
            }
            if (best)
                return yq_fail(y, k, e, "unknown key '%s' in %s (did you mean '%s'?)", key, what,
                               best);
            return yq_fail(y, k, e, "unknown key '%s' in %s", key, what);
        }
        for (yaml_node_pair_t *q = n->data.mapping.pairs.start; q < p; q++) {
            yaml_node_t *k2 = yaml_document_get_node(&y->doc, q->key);
            if (k2->type == YAML_SCALAR_NODE && !strcmp((const char *)k2->data.scalar.value, key))
                return yq_fail(y, k, e, "duplicate key '%s' in %s", key, what);
        }
    }
    return BP_OK;
}

yaml_node_t *yq_get(bp_yaml *y, yaml_node_t *map, const char *key)
{
    if (!map || map->type != YAML_MAPPING_NODE) return NULL;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(&y->doc, p->key);
        if (k->type == YAML_SCALAR_NODE && !strcmp((const char *)k->data.scalar.value, key))
            return yaml_document_get_node(&y->doc, p->value);
    }
    return NULL;
}

int yq_require(bp_yaml *y, yaml_node_t *map, const char *key, const char *what, yaml_node_t **out,
               bp_error *e)
{
    *out = yq_get(y, map, key);
    if (!*out) return yq_fail(y, map, e, "missing required key '%s' in %s", key, what);
    return BP_OK;
}

static bool is_null_scalar(yaml_node_t *n)
{
    if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    const char *s = (const char *)n->data.scalar.value;
    return !strcmp(s, "") || !strcmp(s, "~") || !strcmp(s, "null");
}

int yq_word(bp_yaml *y, yaml_node_t *n, const char *what, const char **out, bp_error *e)
{
    if (n->type != YAML_SCALAR_NODE)
        return yq_fail(y, n, e, "%s must be text, not %s", what, node_kind(n));
    const char *s = (const char *)n->data.scalar.value;
    size_t len = n->data.scalar.length;
    long bad = bp_utf8_invalid(s, len);
    if (bad >= 0)
        return yq_fail(y, n, e, "%s is not valid UTF-8 (byte %ld of the value)", what, bad + 1);
    /* "\0" in a quoted scalar: the text would end there */
    const char *nul = memchr(s, 0, len);
    if (nul)
        return yq_fail(y, n, e, "%s holds a NUL character (\\0) at character %zu", what,
                       bp_utf8_count(s, (size_t)(nul - s)) + 1);
    *out = is_null_scalar(n) ? "" : s;
    return BP_OK;
}

int yq_string(bp_yaml *y, yaml_node_t *n, const char *what, bp_arena *a, const char **out,
              bp_error *e)
{
    if (n->type != YAML_SCALAR_NODE)
        return yq_fail(y, n, e, "%s must be text, not %s", what, node_kind(n));
    const char *s;
    BP_TRY(yq_word(y, n, what, &s, e));
    *out = bp_strndup(a, s, strlen(s));
    return BP_OK;
}

int yq_number(bp_yaml *y, yaml_node_t *n, const char *what, double min, double max, double *out,
              bp_error *e)
{
    if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return yq_fail(y, n, e, "%s must be a number, not %s", what,
                       n->type == YAML_SCALAR_NODE ? "quoted text" : node_kind(n));
    const char *s = (const char *)n->data.scalar.value;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno || !isfinite(v))
        return yq_fail(y, n, e, "%s must be a number, not '%s'", what, s);
    if (v < min || v > max)
        return yq_fail(y, n, e, "%s must be between %g and %g, not %g", what, min, max, v);
    *out = v;
    return BP_OK;
}

int yq_int(bp_yaml *y, yaml_node_t *n, const char *what, long min, long max, long *out, bp_error *e)
{
    double v;
    int rc = yq_number(y, n, what, (double)min, (double)max, &v, e);
    if (rc) return rc;
    if (v != floor(v)) return yq_fail(y, n, e, "%s must be a whole number", what);
    *out = (long)v;
    return BP_OK;
}

int yq_bool(bp_yaml *y, yaml_node_t *n, const char *what, bool *out, bp_error *e)
{
    if (n->type == YAML_SCALAR_NODE && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
        const char *s = (const char *)n->data.scalar.value;
        if (!strcmp(s, "true") || !strcmp(s, "yes")) return *out = true, BP_OK;
        if (!strcmp(s, "false") || !strcmp(s, "no")) return *out = false, BP_OK;
    }
    return yq_fail(y, n, e, "%s must be true or false", what);
}

int yq_string_list(bp_yaml *y, yaml_node_t *n, const char *what, bp_arena *a, bool allow_scalar,
                   const char ***out, int *count, bp_error *e)
{
    if (n->type == YAML_SCALAR_NODE && allow_scalar) {
        const char **v = bp_alloc(a, 2 * sizeof *v);
        int rc = yq_string(y, n, what, a, &v[0], e);
        if (rc) return rc;
        *out = v;
        *count = 1;
        return BP_OK;
    }
    if (n->type != YAML_SEQUENCE_NODE)
        return yq_fail(y, n, e, "%s must be a list, not %s", what, node_kind(n));
    int cnt = (int)(n->data.sequence.items.top - n->data.sequence.items.start);
    const char **v = bp_alloc(a, (size_t)(cnt + 1) * sizeof *v);
    for (int i = 0; i < cnt; i++) {
        yaml_node_t *it = yaml_document_get_node(&y->doc, n->data.sequence.items.start[i]);
        int rc = yq_string(y, it, what, a, &v[i], e);
        if (rc) return rc;
    }
    *out = v;
    *count = cnt;
    return BP_OK;
}
