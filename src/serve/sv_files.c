/* sv_files.c — the uploaded and derived files, stored by content:
 * BUREAU_DIR/files/ab/abcdef… (sha256). A file enters the store synced,
 * by rename, and is never replaced; its folder is synced after. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "serve_priv.h"

bool sv_path(char *out, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(out, size, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < size) return true;
    if (size) out[0] = 0;
    errno = ENAMETOOLONG;
    return false;
}

int sv_bureau_check(const char *bureau, const char *who)
{
    char cwd[PATH_MAX], *real = realpath(bureau, NULL);
    size_t n = strlen(bureau);
    if (bureau[0] != '/') n += getcwd(cwd, sizeof cwd) ? strlen(cwd) + 1 : PATH_MAX;
    if (real && strlen(real) > n) n = strlen(real);
    free(real);
    if (n <= SV_BUREAU_MAX) return 0;
    fprintf(stderr,
            "%s: BUREAU_DIR is too long (%zu bytes as a full path; at most %d, as SQLite opens "
            "no store whose path is longer than 512 bytes): %.64s…\n",
            who, n, SV_BUREAU_MAX, bureau);
    return -1;
}

int sv_mkdirs(const char *path)
{
    char p[PATH_MAX];
    if (!sv_path(p, sizeof p, "%s", path)) return -1;
    for (char *s = p + 1; *s; s++)
        if (*s == '/') {
            *s = 0;
            if (mkdir(p, 0750) && errno != EEXIST) return -1;
            *s = '/';
        }
    return mkdir(p, 0750) && errno != EEXIST ? -1 : 0;
}

static int sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0) return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

void sv_file_path(const char *bureau, const char *sha, char *out, size_t size)
{
    sv_path(out, size, "%s/files/%.2s/%s", bureau, sha, sha); /* too long: "" */
}

int sv_file_adopt(const char *bureau, const char *tmp, const char *sha)
{
    char dir[PATH_MAX], path[PATH_MAX];
    if (!sv_path(dir, sizeof dir, "%s/files/%.2s", bureau, sha)) return -1;
    sv_file_path(bureau, sha, path, sizeof path);
    if (!path[0] || sv_mkdirs(dir)) return -1;
    struct stat st;
    if (!stat(path, &st)) { /* the same bytes are stored already */
        unlink(tmp);
        return 0;
    }
    if (rename(tmp, path)) return -1;
    return sync_dir(dir);
}

int sv_file_put_copy(const char *bureau, const char *path, char sha[65])
{
    char tmp[PATH_MAX];
    if (!sv_path(tmp, sizeof tmp, "%s/tmp/copy.XXXXXX", bureau)) return -1;
    int in = open(path, O_RDONLY), out = in < 0 ? -1 : mkstemp(tmp);
    if (out < 0) {
        if (in >= 0) close(in);
        return -1;
    }
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    char buf[65536];
    ssize_t n;
    int rc = 0;
    while ((n = read(in, buf, sizeof buf)) > 0) {
        crypto_hash_sha256_update(&h, (unsigned char *)buf, (size_t)n);
        if (write(out, buf, (size_t)n) != n) rc = -1;
    }
    if (n < 0 || fsync(out)) rc = -1;
    close(in);
    close(out);
    unsigned char d[32];
    crypto_hash_sha256_final(&h, d);
    sv_hex(sha, d, 32);
    if (!rc) rc = sv_file_adopt(bureau, tmp, sha);
    if (rc) unlink(tmp);
    return rc;
}

int sv_write_file(const char *path, const char *p, size_t n)
{
    char tmp[PATH_MAX];
    if (!sv_path(tmp, sizeof tmp, "%s.tmpXXXXXX", path)) return -1;
    int fd = mkstemp(tmp);
    if (fd < 0) return -1;
    int rc = write(fd, p, n) == (ssize_t)n && !fsync(fd) ? 0 : -1;
    fchmod(fd, 0640);
    close(fd);
    if (!rc) rc = rename(tmp, path);
    if (rc) unlink(tmp);
    return rc;
}
