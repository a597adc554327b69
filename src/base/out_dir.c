/* out_dir.c — atomic output folders (see out_dir.h): the temp folder's
 * creation and lock, its files, and the renames that put it in place
 * (keeping a replaced folder's content as NAME.old) or the removal that
 * undoes it. */
#define _GNU_SOURCE /* flock, renameat2, mkdirat */
#include "out_dir.h"
#include "out_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define TEMP_FMT ".%.*s.import-XXXXXX"
#define TEMP_EXTRA 15 /* ".", ".import-", six X's */
#define OLD_SUFFIX ".old"

/* Creates, in parent_fd, a temp folder for name (its name into tmp),
 * opened into *fd, locked, with the marker; errno on failure. */
static int make_temp(int parent_fd, const char *name, char tmp[NAME_MAX + 1], int *fd)
{
    size_t head = strlen(name);
    if (head + TEMP_EXTRA > NAME_MAX) head = NAME_MAX - TEMP_EXTRA;
    while (head > 0 && ((unsigned char)name[head] & 0xC0) == 0x80) /* a character boundary */
        head--;
    snprintf(tmp, NAME_MAX + 1, TEMP_FMT, (int)head, name);
    char *x = tmp + strlen(tmp) - 6;
    for (unsigned attempt = 0;; attempt++) {
        bp_out_fill_random(x, attempt);
        if (mkdirat(parent_fd, tmp, 0777) == 0) break;
        if (errno != EEXIST || attempt >= 100) return errno;
    }
    *fd = openat(parent_fd, tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    int err = *fd < 0 ? errno : 0;
    /* the lock before the marker: the sweep takes only a marked folder
     * whose lock is free. A file system without flock sweeps nothing. */
    if (!err) flock(*fd, LOCK_EX | LOCK_NB);
    int m =
        err ? -1 : openat(*fd, BP_OUT_DIR_MARKER, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (!err && m < 0) err = errno;
    if (m >= 0) {
        static const char why[] = "budgetpdf import writes this folder; when it is left behind, "
                                  "the next import beside it removes it\n";
        if (write(m, why, sizeof why - 1) < 0) err = errno;
        close(m);
    }
    if (err) {
        if (*fd >= 0) {
            bp_out_dir_remove(parent_fd, tmp, *fd);
            close(*fd);
        } else {
            unlinkat(parent_fd, tmp, AT_REMOVEDIR);
        }
        *fd = -1;
    }
    return err;
}

static int io_fail(const bp_out_dir *d, const char *what, int err, bp_error *e)
{
    return bp_fail(e, bp_errno_status(err, BP_EIO), "cannot write %s%s%s: %s; %s%s", d->path,
                   what ? "/" : "", what ? what : "", strerror(err), d->exists ? d->path : "",
                   d->exists ? " is as it was" : "nothing was written");
}

int bp_out_dir_check_force(const bp_out_dir *d, bool force, bp_error *e)
{
    bool replace = d->exists && !d->empty;
    if (replace && !force)
        return bp_fail(e, BP_EUSAGE,
                       "cannot import into %s: the folder exists and is not empty; import "
                       "replaces a folder whole: give --force to replace it (its content is then "
                       "kept as %s%s), or choose another folder",
                       d->path, d->path, OLD_SUFFIX);
    if (replace && strlen(d->name) + strlen(OLD_SUFFIX) > NAME_MAX)
        return bp_fail(e, BP_EUSAGE, "cannot import into %s: its name is too long to keep %s%s",
                       d->path, d->name, OLD_SUFFIX);
    return BP_OK;
}

int bp_out_dir_open(bp_out_dir *d, bool force, bp_error *e)
{
    BP_TRY(bp_out_dir_check_force(d, force, e));
    d->parent_fd = open(d->parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (d->parent_fd < 0) return io_fail(d, NULL, errno, e);
    bp_out_dir_sweep(d->parent_fd);
    int err = make_temp(d->parent_fd, d->name, d->tmp, &d->fd);
    if (err) {
        bp_out_dir_abort(d);
        return bp_fail(e, bp_errno_status(err, BP_EIO),
                       "cannot write %s: cannot create a temporary folder in %s: %s", d->path,
                       d->parent, strerror(err));
    }
    return BP_OK;
}

int bp_out_dir_write(bp_out_dir *d, const char *name, const void *data, size_t n, bp_error *e)
{
    int fd = openat(d->fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0) return io_fail(d, name, errno, e);
    const unsigned char *p = data;
    int err = 0;
    while (n > 0 && !err) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno != EINTR) err = errno;
        if (w == 0) err = EIO;
        if (w > 0) {
            p += w;
            n -= (size_t)w;
        }
    }
    if (!err && fsync(fd) != 0) err = errno;
    if (close(fd) != 0 && !err) err = errno;
    return err ? io_fail(d, name, err, e) : BP_OK;
}

void bp_out_dir_abort(bp_out_dir *d)
{
    if (d->fd >= 0) {
        bp_out_dir_remove(d->parent_fd, d->tmp, d->fd);
        close(d->fd);
    }
    if (d->parent_fd >= 0) close(d->parent_fd);
    d->fd = d->parent_fd = -1;
}

/* An older NAME.old goes into a temp folder of its own (locked and
 * marked: a killed run's is swept), made beforehand so that one rename
 * sets it aside, and removed once the new folder is in place. */
typedef struct old_aside {
    char tmp[NAME_MAX + 1];
    int fd;     /* -1: there is no NAME.old */
    bool moved; /* NAME.old is in it, as "old" */
} old_aside;

static int make_aside(bp_out_dir *d, const char *old, old_aside *o)
{
    struct stat st;
    o->fd = -1;
    o->moved = false;
    if (fstatat(d->parent_fd, old, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return errno == ENOENT ? 0 : errno;
    return make_temp(d->parent_fd, d->name, o->tmp, &o->fd);
}

static int move_aside(bp_out_dir *d, const char *old, old_aside *o)
{
    if (o->fd < 0) return 0;
    if (renameat(d->parent_fd, old, o->fd, "old") != 0) return errno;
    o->moved = true;
    return 0;
}

/* ok: the new folder is in place, the older NAME.old goes; else it comes back. */
static void end_aside(bp_out_dir *d, const char *old, old_aside *o, bool ok)
{
    if (o->fd < 0) return;
    if (!ok && o->moved) renameat(o->fd, "old", d->parent_fd, old);
    bp_out_dir_remove(d->parent_fd, o->tmp, o->fd);
    close(o->fd);
    o->fd = -1;
}

/* The non-empty target replaced: after it, name holds the new folder and
 * old the previous content (an older one removed); on failure all as they
 * were (errno). With RENAME_EXCHANGE the target is never missing, and a run
 * killed between the exchange and the rename to old (two renames) leaves
 * the previous content at the temp's name without the marker: hidden,
 * never swept, never lost. */
static int swap_in(bp_out_dir *d, const char *old)
{
    int p = d->parent_fd;
    old_aside o;
    int err = make_aside(d, old, &o);
    if (err) return err;
#ifdef RENAME_EXCHANGE
    if (!d->no_exchange && renameat2(p, d->tmp, p, d->name, RENAME_EXCHANGE) == 0) {
        err = move_aside(d, old, &o);
        if (!err && renameat(p, d->tmp, p, old) != 0) err = errno;
        if (err) renameat2(p, d->tmp, p, d->name, RENAME_EXCHANGE); /* back */
        end_aside(d, old, &o, !err);
        return err;
    }
    if (!d->no_exchange && errno != EINVAL && errno != ENOSYS) {
        err = errno;
        end_aside(d, old, &o, false);
        return err;
    }
#endif
    /* no exchange here: for an instant the target is missing (its old
     * content is already complete as NAME.old) */
    err = move_aside(d, old, &o);
    if (!err && renameat(p, d->name, p, old) != 0) err = errno;
    if (!err && renameat(p, d->tmp, p, d->name) != 0) {
        err = errno;
        renameat(p, old, p, d->name);
    }
    end_aside(d, old, &o, !err);
    return err;
}

int bp_out_dir_commit(bp_out_dir *d, bp_error *e)
{
    char old[sizeof d->name + sizeof OLD_SUFFIX]; /* fits NAME_MAX: bp_out_dir_open */
    snprintf(old, sizeof old, "%s%s", d->name, OLD_SUFFIX);
    int err = fsync(d->fd) != 0 ? errno : 0;
    bool replace = d->exists && !d->empty;
    if (!err && replace) err = swap_in(d, old);
    /* a missing target appears, an empty one is replaced, in one rename */
    if (!err && !replace && renameat(d->parent_fd, d->tmp, d->parent_fd, d->name) != 0) err = errno;
    if (err) {
        int rc = io_fail(d, NULL, err, e);
        bp_out_dir_abort(d);
        return rc;
    }
    /* in place: the folder is no temp any more; the lock goes with the fd */
    unlinkat(d->fd, BP_OUT_DIR_MARKER, 0);
    /* a replaced folder's permissions, given last: they may deny writing */
    if (d->exists && fchmod(d->fd, d->mode) != 0) err = errno;
    if (!err && fsync(d->parent_fd) != 0) err = errno;
    close(d->fd);
    close(d->parent_fd);
    d->fd = d->parent_fd = -1;
    if (err)
        return bp_fail(e, bp_errno_status(err, BP_EIO),
                       "%s is in place, but could not be given its permissions or synced in %s: "
                       "%s",
                       d->path, d->parent, strerror(err));
    return BP_OK;
}
