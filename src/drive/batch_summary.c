/* batch_summary.c — the summary CSV of budgetpdf batch: one row per
 * department of the run (and per folder skipped), built in memory and
 * written through out_file.h (a temporary file whose name no other run
 * uses, renamed into place), so two runs into one folder never write the
 * same file at once. */
#define _GNU_SOURCE /* open_memstream */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch_priv.h"
#include "out_file.h"

const char *batch_status_word(int status)
{
    return status == BATCH_SKIPPED ? "skipped" : budgetpdf_status_word(status);
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

int batch_write_summary(const char *path, const batch_dept *const *rows, int nrows, bp_error *e)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return bp_fail(e, BP_ERESOURCE, "cannot write %s: out of memory", path);
    write_rows(f, rows, nrows);
    bool bad = ferror(f) != 0;
    if (fclose(f) != 0 || bad) {
        free(buf);
        return bp_fail(e, BP_ERESOURCE, "cannot write %s: out of memory", path);
    }
    /* written as the PDFs are (out_file.h): a temp file unique to this
     * run, renamed over the summary when complete */
    bp_out_file out;
    int rc = bp_out_open(&out, path, e);
    if (!rc && (rc = bp_out_write(&out, buf, len, e))) bp_out_abort(&out);
    if (!rc) rc = bp_out_commit(&out, false, e);
    free(buf);
    return rc;
}
