/* batch_summary.c — the summary CSV of budgetpdf batch: one row per
 * department of the run (and per folder skipped), written to a temporary
 * file whose name no other process uses and renamed into place, so two
 * runs into one folder never write the same file at once. */
#define _GNU_SOURCE /* O_CLOEXEC */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "batch_priv.h"

const char *batch_status_word(int status)
{
    switch (status) {
    case BUDGETPDF_OK:
        return "ok";
    case BUDGETPDF_ECHECK:
        return "check";
    case BUDGETPDF_EUSAGE:
        return "usage";
    case BUDGETPDF_EINPUT:
        return "input";
    case BUDGETPDF_EIO:
        return "io";
    case BUDGETPDF_ERESOURCE:
        return "resource";
    case BATCH_SKIPPED:
        return "skipped";
    default:
        return "error";
    }
}

/* A CSV text cell: quoted when needed; a leading = + - @ is neutralised
 * with an apostrophe so that spreadsheet programs do not run it as a
 * formula; line breaks of multi-line messages become "; ". */
static void csv_text(FILE *f, const char *raw)
{
    /* a folder's name (or a message naming it) may hold any bytes: the
     * summary stays UTF-8, with \xHH for each byte that is not */
    char s[4 * 8192 + 1];
    bp_utf8_escape(s, sizeof s, raw);
    bool formula = strchr("=+-@", *s) && *s;
    bool quote = formula || strpbrk(s, ",\"\r\n") != NULL;
    if (quote) fputc('"', f);
    if (formula) fputc('\'', f);
    for (const char *p = s; *p; p++) {
        if (*p == '"') {
            fputs("\"\"", f);
        } else if (*p == '\r' || *p == '\n') {
            while (p[1] == '\r' || p[1] == '\n' || p[1] == ' ')
                p++;
            fputs("; ", f);
        } else {
            fputc(*p, f);
        }
    }
    if (quote) fputc('"', f);
}

static void write_rows(FILE *f, const batch_dept *const *rows, int nrows)
{
    fputs("\xEF\xBB\xBF"
          "folder,code,name,status,pages,bytes,milliseconds,file,message\r\n",
          f);
    for (int k = 0; k < nrows; k++) {
        const batch_dept *d = rows[k];
        csv_text(f, d->folder);
        fputc(',', f);
        csv_text(f, d->code ? d->code : "");
        fputc(',', f);
        csv_text(f, d->name ? d->name : "");
        fprintf(f, ",%s,%d,%lld,%.1f,", batch_status_word(d->status), d->pages, d->bytes, d->ms);
        csv_text(f, d->status ? "" : d->file);
        fputc(',', f);
        csv_text(f, d->message ? d->message : "");
        fputs("\r\n", f);
    }
}

/* Creates path + ".tmp" + 6 letters, a name no other process or thread
 * holds (O_EXCL), with the permissions the umask gives; *tmp receives the
 * name (free it). The same pattern as the PDFs' temporary files. */
static FILE *create_temp(const char *path, char **tmp, int *err)
{
    size_t n = strlen(path);
    char *name = malloc(n + 11);
    if (!name) {
        *err = ENOMEM;
        return NULL;
    }
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    unsigned long long x = (unsigned long long)t.tv_nsec ^ (unsigned long long)t.tv_sec << 20 ^
                           (unsigned long long)getpid() << 32 ^ (unsigned long long)(size_t)name;
    for (int attempt = 0; attempt < 100; attempt++) {
        memcpy(name, path, n);
        memcpy(name + n, ".tmp", 4);
        for (int i = 0; i < 6; i++) {
            x = x * 6364136223846793005ull + 1442695040888963407ull;
            name[n + 4 + i] =
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"[(x >> 33) % 52];
        }
        name[n + 10] = 0;
        int fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno == EEXIST) continue;
        if (fd < 0) break;
        FILE *f = fdopen(fd, "w");
        if (!f) {
            *err = errno;
            close(fd);
            unlink(name);
            free(name);
            return NULL;
        }
        *tmp = name;
        return f;
    }
    *err = errno;
    free(name);
    return NULL;
}

int batch_write_summary(const char *path, const batch_dept *const *rows, int nrows, bp_error *e)
{
    char *tmp = NULL;
    int err = 0;
    FILE *f = create_temp(path, &tmp, &err);
    if (!f)
        return bp_fail(e, err == ENOMEM ? BP_ERESOURCE : BP_EIO,
                       "cannot write %s: cannot create a temporary file next to it: %s", path,
                       strerror(err));
    write_rows(f, rows, nrows);
    err = ferror(f) ? EIO : 0;
    if (fclose(f) != 0 && !err) err = errno;
    if (!err && rename(tmp, path) != 0) err = errno;
    int rc = BP_OK;
    if (err) {
        unlink(tmp);
        rc = bp_fail(e, BP_EIO, "cannot write %s: %s", path, strerror(err));
    }
    free(tmp);
    return rc;
}
