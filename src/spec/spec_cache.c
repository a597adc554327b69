/* spec_cache.c — layout sets kept between the documents of one
 * budgetpdf_context (the layouts part of it). `budgetpdf batch` renders
 * hundreds of departments with one or two layout sets; parsing a set's
 * dozen YAML files for each would cost more than laying out a small
 * department. A cached set is used again only while every file it was read
 * from (set.yaml, each table, the rules file) is unchanged (the set.yaml
 * files of an extends chain included): same size, modification time and
 * inode. A set is read-only once loaded, so threads
 * share it; each document holds a reference, released when its arena is
 * freed. An
 * entry whose files changed is replaced, and freed when the last document
 * using it releases it; at most `max` entries are kept, the least recently
 * used unreferenced one dropped first. Sets are keyed, loaded and named in
 * messages by their canonical folder path and the search path of their
 * `extends:`. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "spec.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rules.h"

typedef struct file_stamp {
    const char *path;
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
} file_stamp;

typedef struct set_entry {
    bp_arena arena; /* owns dir, search, set and stamps */
    const char *dir, *search;
    const bp_layout_set *set;
    file_stamp *stamps;
    int nstamps;
    int refs;           /* documents using the set */
    bool stale;         /* replaced by a newer entry: freed at its last release */
    unsigned long used; /* the cache clock at the last use */
    bp_error *err;      /* while loading */
    struct spec_set_cache *cache;
    struct set_entry *next;
} set_entry;

struct spec_set_cache {
    pthread_mutex_t lock; /* guards everything below */
    set_entry *sets;
    unsigned long clock;
    int max;
};

spec_set_cache *spec_set_cache_new(int max_sets)
{
    spec_set_cache *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    if (pthread_mutex_init(&c->lock, NULL) != 0) {
        free(c);
        return NULL;
    }
    c->max = max_sets > 0 ? max_sets : 1;
    return c;
}

static void entry_free(set_entry *c)
{
    bp_arena_free(&c->arena);
    free(c);
}

void spec_set_cache_free(spec_set_cache *c)
{
    if (!c) return;
    while (c->sets) {
        set_entry *s = c->sets;
        c->sets = s->next;
        entry_free(s);
    }
    pthread_mutex_destroy(&c->lock);
    free(c);
}

int spec_set_cache_count(spec_set_cache *c)
{
    pthread_mutex_lock(&c->lock);
    int n = 0;
    for (set_entry *s = c->sets; s; s = s->next)
        n++;
    pthread_mutex_unlock(&c->lock);
    return n;
}

static bool stamp_file(const char *path, file_stamp *out)
{
    struct stat st;
    if (stat(path, &st) != 0) return false;
    out->path = path;
    out->dev = st.st_dev;
    out->ino = st.st_ino;
    out->size = st.st_size;
    out->mtime = st.st_mtim;
    return true;
}

static bool stamp_same(const file_stamp *s)
{
    file_stamp now;
    return stamp_file(s->path, &now) && now.dev == s->dev && now.ino == s->ino &&
           now.size == s->size && now.mtime.tv_sec == s->mtime.tv_sec &&
           now.mtime.tv_nsec == s->mtime.tv_nsec;
}

static bool entry_fresh(const set_entry *c)
{
    for (int i = 0; i < c->nstamps; i++)
        if (!stamp_same(&c->stamps[i])) return false;
    return true;
}

/* Parses the set into c's arena and stamps its files. */
static int entry_fill(bp_arena *a, void *ctx)
{
    set_entry *c = ctx;
    bp_layout_set *set;
    bp_set_source src = {c->search, NULL};
    BP_TRY(spec_load_set_from(BP_CTX(a, c->err), c->dir, &src, &set));
    c->dir = bp_strdup(a, c->dir);
    c->search = bp_strdup(a, c->search ? c->search : "");
    c->set = set;
    int n = set->nsources + set->ntables + (set->rules ? set->rules->nfiles : 0);
    c->stamps = bp_alloc(a, (size_t)(n + 1) * sizeof *c->stamps);
    bool ok = true;
    for (int i = 0; ok && i < set->nsources; i++) /* set.yaml, and those it extends */
        ok = stamp_file(set->sources[i], &c->stamps[c->nstamps++]);
    for (int i = 0; ok && i < set->ntables; i++)
        ok = stamp_file(set->tables[i].file, &c->stamps[c->nstamps++]);
    for (int i = 0; ok && set->rules && i < set->rules->nfiles; i++) /* the rules files */
        ok = stamp_file(set->rules->files[i], &c->stamps[c->nstamps++]);
    if (!ok) c->nstamps = -1; /* usable once, never cached */
    return BP_OK;
}

/* Loads dir into a new entry; NULL (e set) when the set does not load, or
 * when one of its files cannot be stamped (it is then not cached). */
static set_entry *entry_load(const char *dir, const char *search, bp_error *e)
{
    set_entry *c = calloc(1, sizeof *c);
    if (!c) {
        bp_fail(e, BP_ERESOURCE, "%s: out of memory", dir);
        return NULL;
    }
    c->err = e;
    bp_arena_init(&c->arena);
    c->dir = dir;
    c->search = search;
    /* the entry's own arena, guarded here: running out of memory returns
     * to this frame, which still holds the cache lock and releases it */
    if (bp_arena_guard(&c->arena, entry_fill, c, dir, e)) {
        entry_free(c);
        return NULL;
    }
    return c;
}

/* Unlinks and frees every stale unreferenced entry, then unreferenced
 * entries, least recently used first, until fewer than keep remain.
 * Returns how many remain. */
static int evict_locked(spec_set_cache *c, int keep)
{
    for (set_entry **p = &c->sets; *p;) {
        set_entry *s = *p;
        if (s->stale && !s->refs) {
            *p = s->next;
            entry_free(s);
        } else {
            p = &s->next;
        }
    }
    for (;;) {
        int n = 0;
        set_entry **victim = NULL;
        for (set_entry **p = &c->sets; *p; p = &(*p)->next) {
            n++;
            if (!(*p)->refs && (!victim || (*p)->used < (*victim)->used)) victim = p;
        }
        if (n < keep || !victim) return n;
        set_entry *s = *victim;
        *victim = s->next;
        entry_free(s);
    }
}

/* The fresh entry of dir and search, or NULL; entries found changed are
 * marked stale. */
static set_entry *find_locked(spec_set_cache *c, const char *dir, const char *search)
{
    for (set_entry *s = c->sets; s; s = s->next) {
        if (s->stale || strcmp(s->dir, dir) != 0 || strcmp(s->search, search ? search : ""))
            continue;
        if (entry_fresh(s)) return s;
        s->stale = true;
    }
    return NULL;
}

static int load_uncached(bp_arena *a, const char *dir, const char *search,
                         const bp_layout_set **out, bp_error *e)
{
    bp_layout_set *set;
    bp_set_source src = {search, NULL};
    int rc = spec_load_set_from(BP_CTX(a, e), dir, &src, &set);
    if (!rc) *out = set;
    return rc;
}

/* A document's hold on s ends (its arena is freed). */
static void release_entry(void *p)
{
    set_entry *s = p;
    spec_set_cache *c = s->cache;
    pthread_mutex_lock(&c->lock);
    if (s->refs > 0) s->refs--;
    if (s->stale && !s->refs) {
        for (set_entry **q = &c->sets; *q; q = &(*q)->next)
            if (*q == s) {
                *q = s->next;
                entry_free(s);
                break;
            }
    }
    pthread_mutex_unlock(&c->lock);
}

int spec_load_set_cached(bp_ctx *cx, const char *dir, const char *search, const bp_layout_set **out)
{
    spec_set_cache *c = cx->sets;
    bp_arena *a = cx->a;
    bp_error *e = cx->e;
    if (!c) return load_uncached(a, dir, search, out, e);
    /* one entry per folder however it is named (departments name their
     * set relative to their own folder) */
    bp_cleanup *freer = bp_arena_defer(a, free); /* the copy below may run out of memory */
    char *real = realpath(dir, NULL);
    if (real) {
        freer->p = real;
        dir = bp_strdup(a, real);
        freer->p = NULL;
        free(real);
    }
    /* the document's hold, released with its arena (made before the lock:
     * it may run out of memory) */
    bp_cleanup *hold = bp_arena_defer(a, release_entry);
    pthread_mutex_lock(&c->lock);
    set_entry *hit = find_locked(c, dir, search);
    if (!hit) {
        /* every entry in use by a document: load into the document instead */
        if (evict_locked(c, c->max) >= c->max) {
            pthread_mutex_unlock(&c->lock);
            return load_uncached(a, dir, search, out, e);
        }
        if (!(hit = entry_load(dir, search, e))) {
            pthread_mutex_unlock(&c->lock);
            return e ? e->code : BP_EINPUT;
        }
        if (hit->nstamps < 0) { /* a file vanished meanwhile: load into the document */
            entry_free(hit);
            pthread_mutex_unlock(&c->lock);
            return load_uncached(a, dir, search, out, e);
        }
        hit->cache = c;
        hit->next = c->sets;
        c->sets = hit;
    }
    hit->refs++;
    hold->p = hit;
    hit->used = ++c->clock;
    *out = hit->set;
    pthread_mutex_unlock(&c->lock);
    return BP_OK;
}
