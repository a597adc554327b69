/* fonts_dir.c — a fonts folder's tree listed before fontconfig sees it
 * (see fonts_dir.h): regular files kept, anything else (a FIFO, a device,
 * a socket, a dangling link) left out; folders followed once each, to a
 * bounded depth. The listing lives in an arena: out of memory is
 * BP_ERESOURCE, and the folders open are closed. */
#define _GNU_SOURCE /* fstatat, dirfd */
#include "fonts_dir.h"

#include <dirent.h>
#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

#define MAX_DEPTH 8
#define MAX_FILES 10000
#define MAX_DIRS 1000

typedef struct listing {
    bp_arena *a;  /* the listing's memory (a failure jumps to its guard) */
    bp_vec files; /* char *: regular files, paths in a */
    struct {
        dev_t dev;
        ino_t ino;
    } seen[MAX_DIRS]; /* folders listed (a link loop is listed once) */
    int nseen;
    bool other; /* something that is neither a regular file nor a folder */
    FcConfig *fc;
    const char *dir;
} listing;

static bool seen_before(listing *l, const struct stat *st)
{
    for (int i = 0; i < l->nseen; i++)
        if (l->seen[i].dev == st->st_dev && l->seen[i].ino == st->st_ino) return true;
    if (l->nseen == MAX_DIRS) return true;
    l->seen[l->nseen].dev = st->st_dev;
    l->seen[l->nseen++].ino = st->st_ino;
    return false;
}

static void close_dir(void *p)
{
    closedir(p);
}

/* Lists dir (whose stat is st) into l. Entries are looked at through
 * their links (as fontconfig does); nothing is opened but folders. An
 * open folder is closed by the arena if memory runs out meanwhile. */
static void list_dir(listing *l, const char *dir, const struct stat *st, int depth)
{
    if (depth > MAX_DEPTH || seen_before(l, st)) return;
    bp_cleanup *closer = bp_arena_defer(l->a, close_dir); /* before opening */
    DIR *d = opendir(dir);
    if (!d) return;
    closer->p = d;
    char path[PATH_MAX];
    for (struct dirent *de; (de = readdir(d));) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
        struct stat es;
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, de->d_name) >= sizeof path)
            l->other = true; /* too long to name: left out */
        else if (fstatat(dirfd(d), de->d_name, &es, 0) != 0)
            l->other = true; /* a dangling link: fontconfig would skip it too */
        else if (S_ISREG(es.st_mode)) {
            if (l->files.n < MAX_FILES)
                *(char **)bp_vec_push(l->a, &l->files) = bp_strdup(l->a, path);
        } else if (S_ISDIR(es.st_mode))
            list_dir(l, path, &es, depth + 1);
        else
            l->other = true;
    }
    closer->p = NULL;
    closedir(d);
}

/* Lists l->dir and hands it, or its regular files, to fontconfig. */
static int add_listed(bp_arena *a, void *ctx)
{
    listing *l = ctx;
    struct stat st;
    if (stat(l->dir, &st) != 0 || !S_ISDIR(st.st_mode)) return BP_OK;
    l->a = a;
    bp_vec_init(&l->files, sizeof(char *));
    list_dir(l, l->dir, &st, 0);
    if (!l->other && l->files.n < MAX_FILES && l->nseen < MAX_DIRS)
        FcConfigAppFontAddDir(l->fc, (const FcChar8 *)l->dir);
    else
        for (int i = 0; i < l->files.n; i++)
            FcConfigAppFontAddFile(l->fc, (const FcChar8 *)((char **)l->files.items)[i]);
    return BP_OK;
}

int fonts_dir_add_in(bp_arena *a, FcConfig *fc, const char *dir, bp_error *e)
{
    listing *l = calloc(1, sizeof *l); /* 16 KB of folders seen: not on the stack */
    if (!l) return bp_fail(e, BP_ERESOURCE, "fonts folder %s: out of memory", dir);
    l->fc = fc;
    l->dir = dir;
    int rc = bp_arena_guard(a, add_listed, l, dir, e);
    free(l);
    return rc;
}

int fonts_dir_add(FcConfig *fc, const char *dir, bp_error *e)
{
    bp_arena a;
    bp_arena_init(&a);
    int rc = fonts_dir_add_in(&a, fc, dir, e);
    bp_arena_free(&a);
    return rc;
}
