/* out_dir_target.c — where an output folder goes (see out_dir.h): the
 * target's real parent folder and name (bp_out_dir_resolve), and the
 * refusal of a target that is, holds or lies inside the folder of one of
 * the run's inputs, compared by device and inode
 * (bp_out_dir_check_inputs). */
#define _GNU_SOURCE /* realpath */
#include "out_dir.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static bool dir_is_empty(const char *path)
{
    DIR *dp = opendir(path);
    if (!dp) return false;
    bool empty = true;
    for (struct dirent *de; empty && (de = readdir(dp));)
        empty = !strcmp(de->d_name, ".") || !strcmp(de->d_name, "..");
    closedir(dp);
    return empty;
}

/* Splits the real path d->real into d->parent and d->name. */
static int split_real(bp_out_dir *d, bp_error *e)
{
    char *slash = strrchr(d->real, '/');
    if (!slash || !slash[1])
        return bp_fail(e, BP_EUSAGE, "cannot import into %s: it is the root folder", d->path);
    size_t plen = slash == d->real ? 1 : (size_t)(slash - d->real);
    memcpy(d->parent, d->real, plen);
    d->parent[plen] = 0;
    snprintf(d->name, sizeof d->name, "%s", slash + 1);
    return BP_OK;
}

/* A target that is not there yet: its parent folder must be. */
static int resolve_new(bp_out_dir *d, bp_error *e)
{
    char dir[PATH_MAX];
    const char *slash = strrchr(d->path, '/');
    const char *base = slash ? slash + 1 : d->path;
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else
        snprintf(dir, sizeof dir, "%.*s", slash == d->path ? 1 : (int)(slash - d->path), d->path);
    char real[PATH_MAX];
    struct stat st;
    int err = 0;
    if (!realpath(dir, real))
        err = errno;
    else if (stat(real, &st) != 0)
        err = errno;
    else if (!S_ISDIR(st.st_mode))
        err = ENOTDIR;
    else if (strlen(base) > NAME_MAX)
        err = ENAMETOOLONG;
    else if (snprintf(d->real, sizeof d->real, "%s/%s", strcmp(real, "/") ? real : "", base) >=
             (int)sizeof d->real)
        err = ENAMETOOLONG;
    if (err)
        return bp_fail(e, bp_errno_status(err, BP_EIO), "cannot create %s: %s: %s", d->path, dir,
                       strerror(err));
    return split_real(d, e);
}

int bp_out_dir_resolve(bp_out_dir *d, const char *path, bp_error *e)
{
    memset(d, 0, sizeof *d);
    d->parent_fd = d->fd = -1;
    size_t n = strlen(path);
    if (n >= sizeof d->path)
        return bp_fail(e, BP_EIO, "cannot write %s: %s", path, strerror(ENAMETOOLONG));
    while (n > 1 && path[n - 1] == '/') /* "DIR/" is DIR */
        n--;
    memcpy(d->path, path, n);
    d->path[n] = 0;
    if (!n) return bp_fail(e, BP_EUSAGE, "-o needs a folder name");
    struct stat st;
    if (stat(d->path, &st) != 0) {
        int err = errno;
        if (lstat(d->path, &st) == 0 && S_ISLNK(st.st_mode))
            return bp_fail(e, BP_EUSAGE, "cannot import into %s: it is a symbolic link to nothing",
                           d->path);
        if (err == ENOENT) return resolve_new(d, e);
        return bp_fail(e, bp_errno_status(err, BP_EIO), "cannot write %s: %s", d->path,
                       strerror(err));
    }
    if (!S_ISDIR(st.st_mode))
        return bp_fail(e, BP_EUSAGE,
                       "cannot import into %s: it is not a folder (import writes a department "
                       "folder)",
                       d->path);
    if (!realpath(d->path, d->real))
        return bp_fail(e, bp_errno_status(errno, BP_EIO), "cannot write %s: %s", d->path,
                       strerror(errno));
    d->exists = true;
    d->empty = dir_is_empty(d->real);
    d->mode = st.st_mode & 07777;
    return split_real(d, e);
}

static bool same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* Whether the folder `folder` is the real path `real` or one of the
 * folders it lies in (by device and inode: a bind mount shows one folder
 * at two paths). */
static bool lies_in(const char *real, const struct stat *folder)
{
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s", real);
    for (;;) {
        struct stat st;
        if (stat(p, &st) == 0 && same_file(&st, folder)) return true;
        char *slash = strrchr(p, '/');
        if (!slash || (slash == p && !p[1])) return false;
        if (slash == p)
            p[1] = 0; /* "/x" -> "/" */
        else
            *slash = 0;
    }
}

/* BP_EUSAGE when the target and the input file in overlap. */
static int check_one(const bp_out_dir *d, const struct stat *target, const char *in, bp_error *e)
{
    char real[PATH_MAX], folder[PATH_MAX];
    struct stat st;
    if (!realpath(in, real)) return BP_OK; /* not read, then */
    if (target && lies_in(real, target))
        return bp_fail(e, BP_EUSAGE,
                       "cannot import into %s: it holds %s, an input of this run, which the "
                       "import would replace or move; choose another folder (docs/workbook.md, "
                       "import)",
                       d->path, in);
    snprintf(folder, sizeof folder, "%s", real);
    char *slash = strrchr(folder, '/');
    if (!slash) return BP_OK;
    slash[slash == folder ? 1 : 0] = 0;
    if (stat(folder, &st) != 0) return BP_OK;
    /* the target inside the input's folder (the target itself when it
     * exists, else the folder it would go in); the same folder is caught
     * above, as holding the input */
    if (lies_in(target ? d->real : d->parent, &st))
        return bp_fail(e, BP_EUSAGE,
                       "cannot import into %s: it is inside %s, the folder of %s, an input of "
                       "this run; choose a folder outside it (docs/workbook.md, import)",
                       d->path, folder, in);
    return BP_OK;
}

int bp_out_dir_check_inputs(const bp_out_dir *d, const char *const *inputs, int n, bp_error *e)
{
    struct stat target;
    bool there = stat(d->real, &target) == 0;
    for (int i = 0; i < n; i++)
        if (inputs[i]) BP_TRY(check_one(d, there ? &target : NULL, inputs[i], e));
    return BP_OK;
}
