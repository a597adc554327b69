/* spec_cache.c — layout sets kept between the documents of one process.
 * `budgetpdf batch` renders hundreds of departments with one or two
 * layout sets; parsing a set's dozen YAML files for each would cost more
 * than laying out a small department. A cached set is used again only
 * while every file it was read from (set.yaml, each table, the rules file)
 * is unchanged (the set.yaml files of an extends chain included): same
 * size, modification time and inode. A set is
 * read-only once loaded, so threads share it; an entry whose files
 * changed is replaced, the old set kept alive (a document may still be
 * using it) until the process ends. Sets are keyed, loaded and named in
 * messages by their canonical folder path. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "spec.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rules.h"

#define SET_CACHE_MAX 8

typedef struct file_stamp {
    const char *path;
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
} file_stamp;

typedef struct set_entry {
    bp_arena arena; /* owns dir, set and stamps */
    const char *dir, *search;
    const bp_layout_set *set;
    file_stamp *stamps;
    int nstamps;
    bool stale;    /* replaced by a newer entry; kept for documents using it */
    bp_error *err; /* while loading */
    struct set_entry *next;
} set_entry;

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static set_entry *cache;
static int cache_live;

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
    BP_TRY(spec_load_set_from(a, c->dir, &src, &set, c->err));
    c->dir = bp_strdup(a, c->dir);
    c->search = bp_strdup(a, c->search ? c->search : "");
    c->set = set;
    int n = set->nsources + set->ntables + (set->rules ? 1 : 0);
    c->stamps = bp_alloc(a, (size_t)(n + 1) * sizeof *c->stamps);
    bool ok = true;
    for (int i = 0; ok && i < set->nsources; i++) /* set.yaml, and those it extends */
        ok = stamp_file(set->sources[i], &c->stamps[c->nstamps++]);
    for (int i = 0; ok && i < set->ntables; i++)
        ok = stamp_file(set->tables[i].file, &c->stamps[c->nstamps++]);
    if (ok && set->rules) ok = stamp_file(set->rules->file, &c->stamps[c->nstamps++]);
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
        bp_arena_free(&c->arena);
        free(c);
        return NULL;
    }
    return c;
}

int spec_load_set_cached(bp_arena *a, const char *dir, const char *search,
                         const bp_layout_set **out, bp_error *e)
{
    bp_set_source src = {search, NULL};
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
    pthread_mutex_lock(&cache_lock);
    set_entry *hit = NULL;
    for (set_entry *c = cache; c && !hit; c = c->next)
        if (!c->stale && strcmp(c->dir, dir) == 0 && strcmp(c->search, search ? search : "") == 0) {
            if (entry_fresh(c)) {
                hit = c;
            } else {
                c->stale = true;
                cache_live--;
            }
        }
    if (hit) {
        *out = hit->set;
        pthread_mutex_unlock(&cache_lock);
        return BP_OK;
    }
    if (cache_live >= SET_CACHE_MAX) {
        pthread_mutex_unlock(&cache_lock);
        bp_layout_set *set;
        int rc = spec_load_set_from(a, dir, &src, &set, e);
        if (!rc) *out = set;
        return rc;
    }
    set_entry *c = entry_load(dir, search, e);
    if (!c) {
        pthread_mutex_unlock(&cache_lock);
        return e ? e->code : BP_EINPUT;
    }
    if (c->nstamps < 0) { /* a file vanished meanwhile: load into the document instead */
        bp_arena_free(&c->arena);
        free(c);
        pthread_mutex_unlock(&cache_lock);
        bp_layout_set *set;
        int rc = spec_load_set_from(a, dir, &src, &set, e);
        if (!rc) *out = set;
        return rc;
    }
    c->next = cache;
    cache = c;
    cache_live++;
    *out = c->set;
    pthread_mutex_unlock(&cache_lock);
    return BP_OK;
}
