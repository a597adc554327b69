/* workbook_open.c — opening an input as a regular file (never blocking
 * on a FIFO) and a zip archive (an .xlsx, a .docx) from a file or from
 * memory, with the message that names what it should have been. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "workbook_priv.h"
#include "i18n.h"

void wb_close_fd(void *p)
{
    close((int)((intptr_t)p - 1));
}

/* Opens path as a regular file (never blocking on a FIFO) and reads its
 * first 8 bytes into magic (zeros past its end). */
int wb_open_sniff(bp_arena *a, const char *path, const char *shown, bp_cleanup *closer,
                  unsigned char magic[8], bp_error *e)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        int err = errno;
        return bp_fail(e, bp_errno_status(err, BP_EINPUT), _("%s: cannot open: %s"), shown,
                       strerror(err));
    }
    closer->p = (void *)((intptr_t)fd + 1);
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        return bp_fail(e, BP_EINPUT, _("%s: not a regular file"), shown);
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0) fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    memset(magic, 0, 8);
    ssize_t r = pread(fd, magic, 8, 0);
    if (r < 0) {
        int err = errno;
        return bp_fail(e, bp_errno_status(err, BP_EIO), _("%s: read error: %s"), shown,
                       strerror(err));
    }
    (void)a;
    return BP_OK;
}

/* fd (closer's) as a zip archive; kind names the format in messages. */
int wb_zip_of_fd(const char *shown, const char *kind, bp_cleanup *closer, zip_t **z, bp_error *e)
{
    int fd = (int)((intptr_t)closer->p - 1);
    int zerr = 0;
    *z = zip_fdopen(fd, 0, &zerr);
    if (!*z) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        int rc = zerr == ZIP_ER_MEMORY ? BP_ERESOURCE : BP_EINPUT;
        bp_fail(e, rc, _("%s: not a readable %s (a zip archive): %s (truncated or corrupt?)"),
                shown, kind, zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return rc;
    }
    closer->p = NULL; /* the archive owns fd now */
    return BP_OK;
}

int wb_zip_open_path(bp_arena *a, const char *path, const char *shown, const char *kind, zip_t **z,
                     bp_error *e)
{
    bp_cleanup *closer = bp_arena_defer(a, wb_close_fd);
    unsigned char magic[8];
    BP_TRY(wb_open_sniff(a, path, shown, closer, magic, e));
    static const unsigned char ole2[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    if (memcmp(magic, ole2, 8) == 0) /* Office 97-2003: a .doc, a .wps, an .xls */
        return bp_fail(e, BP_EINPUT,
                       _("%s: an Office 97-2003 file (.doc, .wps or .xls), not a %s: open it in "
                         "Word, WPS or LibreOffice and save it as %s (文件 → 另存为)"),
                       shown, kind, kind);
    if (memcmp(magic, "PK", 2) != 0)
        return bp_fail(e, BP_EINPUT, _("%s: not a %s file (it does not start as a zip archive)"),
                       shown, kind);
    return wb_zip_of_fd(shown, kind, closer, z, e);
}

int wb_zip_open_mem(const char *shown, const void *bytes, size_t len, const char *kind, zip_t **z,
                    bp_error *e)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(bytes, len, 0, &ze);
    *z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
    if (!*z) {
        if (src) zip_source_free(src);
        int rc = zip_error_code_zip(&ze) == ZIP_ER_MEMORY ? BP_ERESOURCE : BP_EINPUT;
        bp_fail(e, rc, _("%s: not a readable %s (a zip archive): %s (truncated or corrupt?)"),
                shown, kind, zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return rc;
    }
    zip_error_fini(&ze);
    return BP_OK;
}
