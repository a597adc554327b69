/* workbook.c — workbook_load: which reader a file goes to, by its content
 * (a zip: .xlsx; an OLE2 compound file: .xls; a WPS .et file: refused with
 * the way out). The model's lookups are workbook_cell.c's. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "workbook_priv.h"

static bool has_suffix_nocase(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcasecmp(s + n - m, suf) == 0;
}

static void close_fd(void *p)
{
    close((int)((intptr_t)p - 1));
}

/* Opens path as a regular file (never blocking on a FIFO) and reads its
 * first 8 bytes into magic (zeros past its end). */
static int open_sniff(bp_arena *a, const char *path, const char *shown, bp_cleanup *closer,
                      unsigned char magic[8], bp_error *e)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        int err = errno;
        return bp_fail(e, bp_errno_status(err, BP_EINPUT), "%s: cannot open: %s", shown,
                       strerror(err));
    }
    closer->p = (void *)((intptr_t)fd + 1);
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        return bp_fail(e, BP_EINPUT, "%s: not a regular file", shown);
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0) fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    memset(magic, 0, 8);
    ssize_t r = pread(fd, magic, 8, 0);
    if (r < 0) {
        int err = errno;
        return bp_fail(e, bp_errno_status(err, BP_EIO), "%s: read error: %s", shown, strerror(err));
    }
    (void)a;
    return BP_OK;
}

static int open_zip(bp_arena *a, const char *path, const char *shown, bp_cleanup *closer,
                    bp_workbook **out, bp_error *e)
{
    int fd = (int)((intptr_t)closer->p - 1);
    int zerr = 0;
    zip_t *z = zip_fdopen(fd, 0, &zerr);
    if (!z) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        int rc = zerr == ZIP_ER_MEMORY ? BP_ERESOURCE : BP_EINPUT;
        bp_fail(e, rc, "%s: not a readable .xlsx (a zip archive): %s (truncated or corrupt?)",
                shown, zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return rc;
    }
    closer->p = NULL; /* the archive owns fd now */
    return wb_xlsx_read(a, path, shown, z, out, e);
}

int workbook_load(bp_arena *a, const char *path, bp_workbook **out, bp_error *e)
{
    static const unsigned char ole2[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    const char *shown = wb_shown(a, path);
    bp_cleanup *closer = bp_arena_defer(a, close_fd);
    unsigned char magic[8];
    int rc = open_sniff(a, path, shown, closer, magic, e);
    if (!rc && memcmp(magic, "PK", 2) == 0) return open_zip(a, path, shown, closer, out, e);
    if (closer->p) close_fd(closer->p), closer->p = NULL;
    if (rc) return rc;
    if (has_suffix_nocase(path, ".et"))
        return bp_fail(e, BP_EINPUT,
                       "%s: a WPS 表格 .et file, which budgetpdf cannot read: open it in WPS and "
                       "save it as .xlsx (文件 → 另存为 → Excel 文件 *.xlsx), then give that file",
                       shown);
    if (memcmp(magic, ole2, 8) == 0) return wb_xls_read(a, path, shown, out, e);
    return bp_fail(e, BP_EINPUT,
                   "%s: not an .xlsx or .xls workbook (it starts with neither a zip nor an OLE2 "
                   "header); save it from Excel or WPS as .xlsx",
                   shown);
}
