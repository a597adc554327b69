/* batch_names.c — the output names of budgetpdf batch: each department's
 * "<code>-<name>.pdf" made safe for file systems
 * (budgetpdf_batch_file_name), and "-2", "-3"... for names that agree,
 * ignoring ASCII case, given in folder order so that every shard names
 * files alike. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch_priv.h"
#include "data.h"

void budgetpdf_batch_file_name(const char *code, const char *name, char out[256])
{
    enum { STEM_MAX = 200 };
    char stem[STEM_MAX + 8];
    size_t n = 0;
    const char *parts[2] = {code ? code : "", name ? name : ""};
    for (int p = 0; p < 2; p++) {
        const char *s = parts[p];
        if (!*s) continue;
        if (p == 1 && n > 0 && n < STEM_MAX) stem[n++] = '-';
        size_t len = strlen(s);
        for (size_t i = 0; i < len && n < STEM_MAX;) {
            unsigned char c = (unsigned char)s[i];
            uint32_t cp;
            int k = c < 0x80 ? 1 : bp_utf8_decode(s + i, len - i, &cp);
            if (k <= 0) { /* invalid UTF-8 */
                stem[n++] = '_';
                i++;
                continue;
            }
            if (k > 1) {
                /* U+0080..U+009F are C1 controls; U+3000 is a full-width space */
                bool bad =
                    cp <= 0xA0 || cp == 0x3000 || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF;
                if (bad) {
                    stem[n++] = '_';
                } else {
                    if (n + (size_t)k > STEM_MAX) break; /* cut at a character boundary */
                    memcpy(stem + n, s + i, (size_t)k);
                    n += (size_t)k;
                }
                i += (size_t)k;
                continue;
            }
            if (c < 0x20 || c == 0x7F || c == ' ' || strchr("/\\:*?\"<>|", c)) c = '_';
            if (c == '.' && n > 0 && stem[n - 1] == '.') { /* no ".." */
                i++;
                continue;
            }
            stem[n++] = (char)c;
            i++;
        }
    }
    stem[n] = 0;
    /* no hidden file, nothing that reads as an option */
    size_t skip = 0;
    while (stem[skip] == '.' || stem[skip] == '-')
        skip++;
    /* no trailing dots or spaces (Windows drops them) */
    while (n > skip && stem[n - 1] == '.')
        stem[--n] = 0;
    snprintf(out, 256, "%s.pdf", stem[skip] ? stem + skip : "department");
}

char *batch_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p) memcpy(p, s, n);
    return p;
}

char *batch_join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *p = malloc(a + b + 2);
    if (!p) return NULL;
    memcpy(p, dir, a);
    size_t n = a;
    if (a && dir[a - 1] != '/') p[n++] = '/';
    memcpy(p + n, name, b + 1);
    return p;
}

static unsigned char ascii_lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* The project's hash (bp_hash) of the name in ASCII lower case. */
static uint64_t name_hash(const char *s)
{
    bp_hash h;
    bp_hash_init(&h);
    unsigned char buf[64];
    size_t n = 0;
    for (; *s; s++) {
        buf[n++] = ascii_lower((unsigned char)*s);
        if (n == sizeof buf) {
            bp_hash_put(&h, buf, n);
            n = 0;
        }
    }
    bp_hash_put(&h, buf, n);
    return bp_hash_final64(&h);
}

static bool name_equal(const char *a, const char *b)
{
    for (;; a++, b++) {
        unsigned char x = ascii_lower((unsigned char)*a), y = ascii_lower((unsigned char)*b);
        if (x != y) return false;
        if (!x) return true;
    }
}

static int names_grow(batch_names *s)
{
    batch_names bigger = {NULL, s->cap ? s->cap * 2 : 64, 0};
    if (!(bigger.slot = calloc(bigger.cap, sizeof *bigger.slot))) return BP_ERESOURCE;
    for (size_t i = 0; i < s->cap; i++)
        if (s->slot[i]) {
            size_t k = name_hash(s->slot[i]) & (bigger.cap - 1);
            while (bigger.slot[k])
                k = (k + 1) & (bigger.cap - 1);
            bigger.slot[k] = s->slot[i];
            bigger.n++;
        }
    free(s->slot);
    *s = bigger;
    return BP_OK;
}

/* Adds name unless present: 1 added, 0 present, BP_ERESOURCE negated. */
static int names_add(batch_names *s, const char *name)
{
    if (2 * (s->n + 1) > s->cap && names_grow(s)) return -BP_ERESOURCE;
    size_t k = name_hash(name) & (s->cap - 1);
    for (; s->slot[k]; k = (k + 1) & (s->cap - 1))
        if (name_equal(s->slot[k], name)) return 0;
    if (!(s->slot[k] = batch_strdup(name))) return -BP_ERESOURCE;
    s->n++;
    return 1;
}

int batch_names_take(batch_names *s, const char *base, char out[256])
{
    snprintf(out, 256, "%s", base);
    size_t len = strlen(base);
    int stem = (int)(len > 4 ? len - 4 : len); /* before ".pdf" */
    for (int k = 2;; k++) {
        int r = names_add(s, out);
        if (r < 0) return -r;
        if (r) return BP_OK;
        snprintf(out, 256, "%.*s-%d.pdf", stem, base, k);
    }
}

void batch_names_free(batch_names *s)
{
    for (size_t i = 0; i < s->cap; i++)
        free(s->slot[i]);
    free(s->slot);
    s->slot = NULL;
    s->cap = s->n = 0;
}

typedef struct load_call {
    const char *dir;
    bp_department *dep;
    bp_error *e;
} load_call;

static int load_department(bp_arena *a, void *ctx)
{
    load_call *c = ctx;
    return data_load_department(BP_CTX(a, c->e), c->dir, c->dep);
}

int batch_load_name(batch_dept *d)
{
    bp_arena a;
    bp_arena_init(&a);
    bp_department dep;
    bp_error e = {0, ""};
    load_call lc = {d->dir, &dep, &e};
    int lrc = bp_arena_guard(&a, load_department, &lc, d->dir, &e);
    int rc = BP_OK;
    d->code = batch_strdup(lrc ? "" : dep.code);
    d->name = batch_strdup(lrc ? "" : dep.name);
    if (!d->code || !d->name) {
        rc = BP_ERESOURCE;
    } else if (lrc) {
        d->status = lrc;
        if (!(d->message = batch_strdup(e.msg))) rc = BP_ERESOURCE;
    }
    bp_arena_free(&a);
    return rc;
}

int batch_take_names(batch_dept *d, int n)
{
    batch_names taken = {NULL, 0, 0};
    int rc = BP_OK;
    for (int i = 0; i < n && !rc; i++) {
        if (d[i].status) continue; /* failed, or no name */
        char base[256];
        budgetpdf_batch_file_name(d[i].code, d[i].name, base);
        rc = batch_names_take(&taken, base, d[i].file);
    }
    batch_names_free(&taken);
    return rc;
}

int batch_name_departments(batch_dept *d, int n)
{
    int rc = BP_OK;
    for (int i = 0; i < n && !rc; i++)
        if (!d[i].status) rc = batch_load_name(&d[i]);
    return rc ? rc : batch_take_names(d, n);
}
