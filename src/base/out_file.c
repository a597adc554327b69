/* out_file.c — atomic output files (see out_file.h): the temp file's
 * name, creation, locking and renaming; the sweep of interrupted runs'
 * temp files; the refusal of an output that is an input. */
#define _GNU_SOURCE /* flock, getrandom, openat, fstatat */
#include "out_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#define SUFFIX ".tmpXXXXXX"
#define SUFFIX_LEN 10
#define EXT_MAX 16 /* longest extension kept when a name is shortened */

static const char letters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/* Heap copies; NULL when memory runs out (a: its guard's fail_after hook
 * may refuse them, for tests; NULL: none). */
static char *copy_n(bp_arena *a, const char *s, size_t n)
{
    char *p = bp_try_malloc(a, n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

/* The folder part of path ("." when none), heap (NULL: out of memory). */
static char *dir_of(bp_arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return copy_n(a, ".", 1);
    if (slash == path) return copy_n(a, "/", 1);
    return copy_n(a, path, (size_t)(slash - path));
}

static char *temp_name(bp_arena *a, const char *path, long name_max, size_t *xs)
{
    const char *slash = strrchr(path, '/');
    size_t dlen = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = path + dlen;
    size_t blen = strlen(base), head = blen, ext = 0;
    if (name_max < SUFFIX_LEN + 1) name_max = SUFFIX_LEN + 1;
    if (blen + SUFFIX_LEN > (size_t)name_max) {
        const char *dot = strrchr(base, '.');
        if (dot && dot > base && blen - (size_t)(dot - base) <= EXT_MAX &&
            blen - (size_t)(dot - base) + SUFFIX_LEN < (size_t)name_max)
            ext = blen - (size_t)(dot - base);
        head = (size_t)name_max - SUFFIX_LEN - ext;
        /* cut on a character boundary: never inside a UTF-8 sequence */
        while (head > 0 && ((unsigned char)base[head] & 0xC0) == 0x80)
            head--;
    }
    char *tmp = bp_try_malloc(a, dlen + head + ext + SUFFIX_LEN + 1);
    if (!tmp) return NULL;
    memcpy(tmp, path, dlen + head);
    memcpy(tmp + dlen + head, base + blen - ext, ext);
    memcpy(tmp + dlen + head + ext, SUFFIX, SUFFIX_LEN + 1);
    *xs = dlen + head + ext + SUFFIX_LEN - 6;
    return tmp;
}

char *bp_out_temp_name(const char *path, long name_max, size_t *xs)
{
    return temp_name(NULL, path, name_max, xs);
}

void bp_out_fill_random(char *x, unsigned attempt)
{
    unsigned char r[6];
    if (getrandom(r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        unsigned long long v = (unsigned long long)ts.tv_nsec ^
                               ((unsigned long long)getpid() << 32) ^ (attempt * 0x9E3779B9u);
        for (int i = 0; i < 6; i++, v = v * 6364136223846793005ull + 1442695040888963407ull)
            r[i] = (unsigned char)(v >> 56);
    }
    for (int i = 0; i < 6; i++)
        x[i] = letters[r[i] % (sizeof letters - 1)];
}

static int io_fail(const char *path, int err, bp_error *e)
{
    /* out of file descriptors (or of memory) is a resource, not the output */
    return bp_fail(e, bp_errno_status(err, BP_EIO), "cannot write %s: %s", path, strerror(err));
}

static void out_free(bp_out_file *f)
{
    free(f->path);
    free(f->tmp);
    f->path = f->tmp = NULL;
    f->fd = -1;
}

int bp_out_open_in(bp_out_file *f, bp_arena *a, const char *path, bp_error *e)
{
    memset(f, 0, sizeof *f);
    f->fd = -1;
    struct stat st;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) return io_fail(path, EISDIR, e);
        /* the rename would replace a device, pipe or socket (-o /dev/null
         * as root would replace /dev/null) */
        if (!S_ISREG(st.st_mode))
            return bp_fail(e, BP_EIO,
                           "cannot write %s: it is not a regular file (a device, a pipe or a "
                           "socket), which budgetpdf would replace",
                           path);
        f->keep_mode = true;
        f->mode = st.st_mode & 0777;
    }
    char *dir = dir_of(a, path);
    if (!dir) return bp_fail(e, BP_ERESOURCE, "cannot write %s: out of memory", path);
    long name_max = pathconf(dir, _PC_NAME_MAX);
    free(dir);
    size_t xs;
    f->tmp = temp_name(a, path, name_max > 0 ? name_max : NAME_MAX, &xs);
    f->path = f->tmp ? copy_n(a, path, strlen(path)) : NULL;
    if (!f->path) {
        out_free(f);
        return bp_fail(e, BP_ERESOURCE, "cannot write %s: out of memory", path);
    }
    /* a new file: 0666 less the umask, applied by the kernel; a replaced
     * one: private until it gets the old file's mode at the commit */
    mode_t create = f->keep_mode ? 0600 : 0666;
    for (unsigned attempt = 0; f->fd < 0; attempt++) {
        bp_out_fill_random(f->tmp + xs, attempt);
        f->fd = open(f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, create);
        if (f->fd < 0 && (errno != EEXIST || attempt >= 100)) {
            int rc = io_fail(path, errno, e);
            out_free(f);
            return rc;
        }
    }
    /* held until the rename: bp_out_sweep leaves a locked temp alone */
    flock(f->fd, LOCK_EX | LOCK_NB);
    return BP_OK;
}

int bp_out_open(bp_out_file *f, const char *path, bp_error *e)
{
    return bp_out_open_in(f, NULL, path, e);
}

int bp_out_write(bp_out_file *f, const void *data, size_t n, bp_error *e)
{
    const unsigned char *p = data;
    while (n > 0) {
        ssize_t w = write(f->fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return io_fail(f->path, errno, e);
        }
        p += w;
        n -= (size_t)w;
    }
    return BP_OK;
}

void bp_out_abort(bp_out_file *f)
{
    if (f->fd >= 0) close(f->fd);
    if (f->tmp) unlink(f->tmp);
    out_free(f);
}

int bp_out_commit(bp_out_file *f, bool sync, bp_error *e)
{
    int err = 0;
    if (sync && fsync(f->fd) != 0) err = errno;
    if (!err && f->keep_mode && fchmod(f->fd, f->mode) != 0) err = errno;
    /* renamed while still open, so still locked: a sweep never takes it */
    if (!err && rename(f->tmp, f->path) != 0) err = errno;
    if (close(f->fd) != 0 && !err) err = errno;
    f->fd = -1;
    if (err) {
        int rc = io_fail(f->path, err, e);
        bp_out_abort(f);
        return rc;
    }
    out_free(f);
    return BP_OK;
}

/* "*.pdf.tmpXXXXXX" or "*.csv.tmpXXXXXX" (letters and digits for X). */
static bool is_temp_name(const char *name)
{
    size_t n = strlen(name);
    if (n < 4 + SUFFIX_LEN) return false;
    const char *x = name + n - 6;
    for (int i = 0; i < 6; i++)
        if (!x[i] || !strchr(letters, x[i])) return false;
    if (memcmp(x - 4, ".tmp", 4) != 0) return false;
    const char *ext = x - 8;
    return ext[0] == '.' && (!strncasecmp(ext + 1, "pdf", 3) || !strncasecmp(ext + 1, "csv", 3));
}

static bool before_time(const struct timespec *t, const struct timespec *limit)
{
    return t->tv_sec < limit->tv_sec || (t->tv_sec == limit->tv_sec && t->tv_nsec < limit->tv_nsec);
}

/* Removes name from dfd if it is a stale, unlocked regular temp file. */
static bool sweep_one(int dfd, const char *name, const struct timespec *before)
{
    struct stat st, now;
    if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode) ||
        !before_time(&st.st_mtim, before))
        return false;
    int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return false;
    bool gone = false;
    if (fstat(fd, &now) == 0 && now.st_dev == st.st_dev && now.st_ino == st.st_ino &&
        flock(fd, LOCK_EX | LOCK_NB) == 0 && fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
        st.st_ino == now.st_ino && st.st_dev == now.st_dev)
        gone = unlinkat(dfd, name, 0) == 0;
    close(fd);
    return gone;
}

int bp_out_sweep_dir(const char *dir, const struct timespec *before)
{
    /* File times come from a coarser clock than clock_gettime's (a few ms
     * behind), and a writer locks its temp just after creating it: a
     * margin keeps every live writer's temp out of reach. */
    struct timespec limit = *before;
    limit.tv_sec -= BP_OUT_SWEEP_MARGIN;
    DIR *d = opendir(dir);
    if (!d) return 0;
    int removed = 0;
    for (struct dirent *de; (de = readdir(d));)
        if (is_temp_name(de->d_name) && sweep_one(dirfd(d), de->d_name, &limit)) removed++;
    closedir(d);
    return removed;
}

int bp_out_sweep(const char *path, const struct timespec *before)
{
    char *dir = dir_of(NULL, path);
    if (!dir) return 0; /* out of memory: the next run sweeps */
    int removed = bp_out_sweep_dir(dir, before);
    free(dir);
    return removed;
}

int bp_out_remove_temps_of(const char *path)
{
    char *dir = dir_of(NULL, path);
    if (!dir) return 0;
    long name_max = pathconf(dir, _PC_NAME_MAX);
    size_t xs;
    char *tmp = temp_name(NULL, path, name_max > 0 ? name_max : NAME_MAX, &xs);
    DIR *d = tmp ? opendir(dir) : NULL;
    int removed = 0;
    if (d) {
        /* the temp's name up to its random letters, without the folder */
        const char *slash = strrchr(tmp, '/');
        const char *stem = slash ? slash + 1 : tmp;
        size_t n = (size_t)(tmp + xs - stem);
        struct timespec any = {.tv_sec = (time_t)1 << 62, .tv_nsec = 0}; /* whatever its age */
        for (struct dirent *de; (de = readdir(d));)
            if (!strncmp(de->d_name, stem, n) && strlen(de->d_name) == n + 6 &&
                is_temp_name(de->d_name) && sweep_one(dirfd(d), de->d_name, &any))
                removed++;
        closedir(d);
    }
    free(tmp);
    free(dir);
    return removed;
}

int bp_out_check_not_input(const char *path, const char *const *inputs, int n, bp_error *e)
{
    struct stat out, in;
    if (stat(path, &out) != 0) return BP_OK;
    for (int i = 0; i < n; i++)
        if (inputs[i] && stat(inputs[i], &in) == 0 && in.st_dev == out.st_dev &&
            in.st_ino == out.st_ino) {
            if (strcmp(path, inputs[i]) == 0)
                return bp_fail(e, BP_EUSAGE,
                               "cannot write %s: it is an input of this run, which the output "
                               "would replace; choose another output file (docs/limits.md)",
                               path);
            return bp_fail(e, BP_EUSAGE,
                           "cannot write %s: it is the same file as %s, an input of this run, "
                           "which the output would replace; choose another output file "
                           "(docs/limits.md)",
                           path, inputs[i]);
        }
    return BP_OK;
}
