/* fonts_dir.c — a fonts folder's tree listed before fontconfig sees it
 * (see fonts_dir.h): regular files kept, anything else (a FIFO, a device,
 * a socket, a dangling link) left out; folders followed once each, to a
 * bounded depth. */
#define _GNU_SOURCE /* fstatat, dirfd */
#include "fonts_dir.h"

#include <dirent.h>
#include <fcntl.h>
#include <fontconfig/fontconfig.h>
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
    char **files; /* regular files, heap paths */
    int nfiles, cap;
    struct {
        dev_t dev;
        ino_t ino;
    } seen[MAX_DIRS]; /* folders listed (a link loop is listed once) */
    int nseen;
    bool other; /* something that is neither a regular file nor a folder */
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

static void add_file(listing *l, const char *path)
{
    if (l->nfiles == MAX_FILES) return;
    if (l->nfiles == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->files = bp_xrealloc(l->files, (size_t)l->cap * sizeof *l->files);
    }
    size_t n = strlen(path) + 1;
    l->files[l->nfiles] = bp_xmalloc(n);
    memcpy(l->files[l->nfiles++], path, n);
}

/* Lists dir (whose stat is st) into l. Entries are looked at through
 * their links (as fontconfig does); nothing is opened but folders. */
static void list_dir(listing *l, const char *dir, const struct stat *st, int depth)
{
    if (depth > MAX_DEPTH || seen_before(l, st)) return;
    DIR *d = opendir(dir);
    if (!d) return;
    for (struct dirent *de; (de = readdir(d));) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
        struct stat es;
        char *path = bp_xmalloc(strlen(dir) + strlen(de->d_name) + 2);
        sprintf(path, "%s/%s", dir, de->d_name);
        if (fstatat(dirfd(d), de->d_name, &es, 0) != 0)
            l->other = true; /* a dangling link: fontconfig would skip it too */
        else if (S_ISREG(es.st_mode))
            add_file(l, path);
        else if (S_ISDIR(es.st_mode))
            list_dir(l, path, &es, depth + 1);
        else
            l->other = true;
        free(path);
    }
    closedir(d);
}

void fonts_dir_add(FcConfig *fc, const char *dir)
{
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) return;
    listing *l = calloc(1, sizeof *l);
    if (!l) return;
    list_dir(l, dir, &st, 0);
    if (!l->other && l->nfiles < MAX_FILES && l->nseen < MAX_DIRS)
        FcConfigAppFontAddDir(fc, (const FcChar8 *)dir);
    else
        for (int i = 0; i < l->nfiles; i++)
            FcConfigAppFontAddFile(fc, (const FcChar8 *)l->files[i]);
    for (int i = 0; i < l->nfiles; i++)
        free(l->files[i]);
    free(l->files);
    free(l);
}
