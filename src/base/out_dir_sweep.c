/* out_dir_sweep.c — removing output temp folders (see out_dir.h): a whole
 * folder, never following a symbolic link, and the sweep of the stale temp
 * folders that killed runs of budgetpdf import left beside their target. */
#define _GNU_SOURCE /* flock, openat, fstatat, fdopendir */
#include "out_dir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TEMP_TAG ".import-"
#define TEMP_TAG_LEN 8
#define MAX_DEPTH 64 /* deeper trees (an old NAME.old) are left */

static const char letters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

bool bp_out_dir_is_temp_name(const char *name)
{
    size_t n = strlen(name);
    if (name[0] != '.' || n < 2 + TEMP_TAG_LEN + 6) return false;
    const char *x = name + n - 6;
    for (int i = 0; i < 6; i++)
        if (!strchr(letters, x[i])) return false;
    return memcmp(x - TEMP_TAG_LEN, TEMP_TAG, TEMP_TAG_LEN) == 0;
}

/* One pass over fd's entries, removing each (skip: a name kept for
 * last); false when one could not be removed. */
static bool remove_entries(int fd, const char *skip, int depth, bool *any)
{
    int dfd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) return false;
    DIR *dp = fdopendir(dfd);
    if (!dp) {
        close(dfd);
        return false;
    }
    bool ok = true;
    for (struct dirent *de; (de = readdir(dp));) {
        const char *n = de->d_name;
        if (!strcmp(n, ".") || !strcmp(n, "..") || (skip && !strcmp(n, skip))) continue;
        *any = true;
        struct stat st;
        if (fstatat(fd, n, &st, AT_SYMLINK_NOFOLLOW) != 0) continue; /* gone meanwhile */
        if (S_ISDIR(st.st_mode)) {
            int sub = depth < MAX_DEPTH
                          ? openat(fd, n, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                          : -1;
            bool inner = false;
            bool emptied = sub >= 0 && remove_entries(sub, NULL, depth + 1, &inner);
            /* entries removed while reading may be skipped: once more */
            if (emptied && inner) emptied = remove_entries(sub, NULL, depth + 1, &inner);
            if (sub >= 0) close(sub);
            if (!emptied || unlinkat(fd, n, AT_REMOVEDIR) != 0) ok = false;
        } else if (unlinkat(fd, n, 0) != 0) {
            ok = false;
        }
    }
    closedir(dp);
    return ok;
}

/* Whether name in parent_fd is the folder fd. */
static bool is_named(int parent_fd, const char *name, int fd)
{
    struct stat a, b;
    return fstat(fd, &a) == 0 && fstatat(parent_fd, name, &b, AT_SYMLINK_NOFOLLOW) == 0 &&
           a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

bool bp_out_dir_remove(int parent_fd, const char *name, int fd)
{
    /* a folder that is no longer at the temp's name (it was put in place)
     * is not emptied */
    if (!is_named(parent_fd, name, fd)) return false;
    bool any = true;
    for (int pass = 0; any && pass < 4; pass++) {
        any = false;
        if (!remove_entries(fd, BP_OUT_DIR_MARKER, 0, &any)) return false;
    }
    if (unlinkat(fd, BP_OUT_DIR_MARKER, 0) != 0 && errno != ENOENT) return false;
    /* by name: if the name now leads to another folder, that one is not
     * empty (a folder in place holds its files) and rmdir leaves it */
    return is_named(parent_fd, name, fd) && unlinkat(parent_fd, name, AT_REMOVEDIR) == 0;
}

/* Removes parent_fd's entry name if it is a stale temp folder: a folder
 * (not a link), its lock free, holding the marker; or empty, without the
 * marker, and older than the margin (a run killed before it marked its
 * folder: a live one marks it at once). */
/* Whether a folder last changed more than the margin before now, to the
 * nanosecond (whole seconds would make an age of 2.1 s read as 2 or 3). */
static bool past_margin(const struct stat *st, const struct timespec *now)
{
    double age = (double)(now->tv_sec - st->st_mtim.tv_sec) +
                 (double)(now->tv_nsec - st->st_mtim.tv_nsec) / 1e9;
    return age > BP_OUT_DIR_SWEEP_MARGIN;
}

static bool sweep_one(int parent_fd, const char *name, const struct timespec *now)
{
    int fd = openat(parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat st;
    bool gone = false;
    /* the lock first: a live run holds it from before the marker exists
     * until after the marker is gone from its folder */
    if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
        if (fstatat(fd, BP_OUT_DIR_MARKER, &st, AT_SYMLINK_NOFOLLOW) == 0)
            gone = S_ISREG(st.st_mode) && bp_out_dir_remove(parent_fd, name, fd);
        else if (fstat(fd, &st) == 0 && past_margin(&st, now))
            gone = unlinkat(parent_fd, name, AT_REMOVEDIR) == 0; /* only if empty */
    }
    close(fd);
    return gone;
}

int bp_out_dir_sweep(int parent_fd)
{
    int dfd = openat(parent_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) return 0;
    DIR *dp = fdopendir(dfd);
    if (!dp) {
        close(dfd);
        return 0;
    }
    int removed = 0;
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    for (struct dirent *de; (de = readdir(dp));)
        if (bp_out_dir_is_temp_name(de->d_name) && sweep_one(parent_fd, de->d_name, &now))
            removed++;
    closedir(dp);
    return removed;
}
