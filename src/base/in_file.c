/* in_file.c — reading input files: regular files only (a FIFO, device,
 * socket or folder is refused without blocking), and files named inside a
 * folder kept inside it after symbolic links (see in_file.h). */
#define _XOPEN_SOURCE 700 /* realpath */
#include "in_file.h"
#include "i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Opens real (flags: O_NOFOLLOW or 0) as a regular file; messages name
 * shown. O_NONBLOCK: opening a FIFO must not wait for a writer (it is then
 * refused as not a regular file); it is cleared for the reads. */
static int open_regular(const char *real, const char *shown, int flags, int *fd, struct stat *st,
                        bp_error *e)
{
    *fd = open(real, O_RDONLY | O_NONBLOCK | O_CLOEXEC | flags);
    if (*fd < 0) {
        int err = errno;
        if (err == ELOOP && (flags & O_NOFOLLOW))
            return bp_fail(e, BP_EINPUT,
                           _("%s: refused: it changed into a symbolic link while read"), shown);
        /* out of file descriptors is not the file's fault */
        return bp_fail(e, bp_errno_status(err, BP_EINPUT), _("%s: cannot open: %s"), shown,
                       strerror(err));
    }
    if (fstat(*fd, st) != 0 || !S_ISREG(st->st_mode)) {
        close(*fd);
        return bp_fail(e, BP_EINPUT, _("%s: not a regular file"), shown);
    }
    int fl = fcntl(*fd, F_GETFL);
    if (fl >= 0) fcntl(*fd, F_SETFL, fl & ~O_NONBLOCK);
    return BP_OK;
}

static void close_fd(void *p)
{
    close((int)((intptr_t)p - 1));
}

/* Reads the open regular file fd (closed here) into arena memory.
 * closer, registered on a before fd was opened, closes it if the buffer's
 * allocation runs out of memory. */
static int read_fd(bp_arena *a, bp_cleanup *closer, int fd, const struct stat *st,
                   const char *shown, char **data, size_t *len, bp_error *e)
{
    if (st->st_size > BP_MAX_FILE_BYTES) {
        close(fd);
        return bp_fail(e, BP_EINPUT, _("%s: file is %lld bytes; the limit is %ld (docs/limits.md)"),
                       shown, (long long)st->st_size, BP_MAX_FILE_BYTES);
    }
    closer->p = (void *)((intptr_t)fd + 1);
    size_t cap = (size_t)st->st_size + 1, n = 0;
    char *buf = bp_alloc(a, cap);
    closer->p = NULL;
    int err = 0;
    while (n < cap - 1) {
        ssize_t r = read(fd, buf + n, cap - 1 - n);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) err = errno;
        if (r <= 0) break;
        n += (size_t)r;
    }
    close(fd);
    /* an I/O fault (EIO) is not bad input; out of memory is a resource */
    if (err)
        return bp_fail(e, bp_errno_status(err, BP_EIO), _("%s: read error: %s"), shown,
                       strerror(err));
    buf[n] = 0;
    *data = buf;
    *len = n;
    return BP_OK;
}

int bp_read_file(bp_arena *a, const char *path, char **data, size_t *len, bp_error *e)
{
    int fd;
    struct stat st;
    bp_cleanup *closer = bp_arena_defer(a, close_fd);
    BP_TRY(open_regular(path, path, 0, &fd, &st, e));
    return read_fd(a, closer, fd, &st, path, data, len, e);
}

/* The canonical path of path (heap), or NULL with a message naming shown.
 * A buffer of PATH_MAX, not realpath's own allocation: an interposed
 * realpath (AddressSanitizer's, in a program not built with it) may reach
 * glibc's old version, which refuses a NULL buffer. */
static char *resolve(const char *path, const char *shown, bp_error *e)
{
    char *real = malloc(PATH_MAX);
    if (!real) {
        bp_fail(e, BP_ERESOURCE, _("%s: out of memory"), shown);
        return NULL;
    }
    if (!realpath(path, real)) {
        int err = errno;
        bp_fail(e, bp_errno_status(err, BP_EINPUT), _("%s: cannot open: %s"), shown, strerror(err));
        free(real);
        return NULL;
    }
    return real;
}

int bp_inside(const char *dir, const char *what, const char *path, char **real, bp_error *e)
{
    *real = NULL;
    char *real_dir = resolve(dir, dir, e);
    if (!real_dir) return e ? e->code : BP_EINPUT;
    char *r = resolve(path, path, e);
    if (!r) {
        free(real_dir);
        return e ? e->code : BP_EINPUT;
    }
    size_t n = strlen(real_dir);
    if (n == 1) n = 0; /* the root folder "/" */
    bool inside = strncmp(r, real_dir, n) == 0 && r[n] == '/';
    bool same = strcmp(r, real_dir) == 0;
    free(real_dir);
    int rc = BP_OK;
    if (same)
        rc = bp_fail(e, BP_EINPUT, _("%s: not a regular file"), path);
    else if (!inside)
        /* neither the content nor where the link leads is shown */
        rc = bp_fail(e, BP_EINPUT,
                     _("%s: refused: it leads out of %s (a symbolic link to a file elsewhere?); "
                       "inputs must be inside their folder (docs/limits.md)"),
                     path, what);
    if (rc)
        free(r);
    else
        *real = r;
    return rc;
}

/* Opens path, a regular file inside dir (see bp_read_file_in). */
static int open_in(const char *dir, const char *what, const char *path, int *fd, struct stat *st,
                   bp_error *e)
{
    char *real;
    BP_TRY(bp_inside(dir, what, path, &real, e));
    int rc = open_regular(real, path, O_NOFOLLOW, fd, st, e);
    free(real);
    return rc;
}

int bp_read_file_in(bp_arena *a, const char *dir, const char *what, const char *path, char **data,
                    size_t *len, bp_error *e)
{
    bp_cleanup *closer = bp_arena_defer(a, close_fd); /* before anything is held */
    int fd = -1;
    struct stat st;
    BP_TRY(open_in(dir, what, path, &fd, &st, e));
    return read_fd(a, closer, fd, &st, path, data, len, e);
}

int bp_check_file_in(const char *dir, const char *what, const char *path, bp_error *e)
{
    int fd = -1;
    struct stat st;
    BP_TRY(open_in(dir, what, path, &fd, &st, e));
    close(fd);
    return BP_OK;
}

bool bp_plain_file_name(const char *name)
{
    return name[0] && !strchr(name, '/') && strcmp(name, ".") && strcmp(name, "..");
}
