/* batch_priv.h — private to budgetpdf_batch: the record of one department
 * (or skipped folder) of a run, and the three jobs the run is made of:
 * naming (batch_names.c), rendering on worker threads (batch_workers.c)
 * and the summary CSV (batch_summary.c). batch.c lists the folders and
 * runs the jobs in order. */
#ifndef BP_BATCH_PRIV_H
#define BP_BATCH_PRIV_H

#include "budgetpdf.h"
#include "util.h"

/* The status of a summary row for a folder that holds no department (it is
 * reported, not rendered, and is not a failure). */
#define BATCH_SKIPPED (-1)

typedef struct batch_dept {
    char *folder; /* name under root */
    char *dir;    /* root/folder */
    char *code, *name;
    char file[256]; /* output name, "" when the department cannot be named */
    char *out;      /* out_dir/file */
    int status;     /* BUDGETPDF_*, or BATCH_SKIPPED */
    int pages;
    long long bytes;
    double ms;
    char *message; /* the error, the warnings, or why a folder was skipped */
    /* with opt->findings, until its progress call: the findings, each a
     * copy in one block of its own (its cells first: free(cells)) */
    budgetpdf_finding *findings;
    int nfindings, capfindings;
    bool findings_lost;
} batch_dept;

/* strdup that reports running out of memory as NULL (callers fail with
 * BP_ERESOURCE). */
char *batch_strdup(const char *s);
/* dir/name, or NULL when out of memory. */
char *batch_join(const char *dir, const char *name);

/* ---- naming (batch_names.c) ---- */

/* ASCII-case-insensitive set of the output names taken so far. */
typedef struct batch_names {
    char **slot;
    size_t cap, n;
} batch_names;
/* Writes to out (256 bytes) base ("x.pdf"), or "x-2.pdf", "x-3.pdf"... the
 * first not yet taken in s (ignoring ASCII case), and takes it. BP_OK, or
 * BP_ERESOURCE when out of memory. */
int batch_names_take(batch_names *s, const char *base, char out[256]);
void batch_names_free(batch_names *s);
/* Reads the code and name of each department whose status is still OK and
 * gives it its file name, in order (so collisions are resolved in folder
 * order); a department.yaml that cannot be read sets the department's
 * status and message. BP_OK, or BP_ERESOURCE. */
int batch_name_departments(batch_dept *d, int n);

/* ---- workers (batch_workers.c) ---- */

/* Renders d[todo[0..ntodo)] (those whose status is still OK) with opt's
 * render options through ctx, on `jobs` threads, calling opt->progress
 * after each. Fills each department's status, pages, bytes, ms, message;
 * *failed counts the failures. */
void batch_render_all(const budgetpdf_batch_options *opt, budgetpdf_context *ctx, batch_dept *d,
                      const int *todo, int ntodo, int jobs, int *failed);

/* ---- summary (batch_summary.c) ---- */

/* The status word of the summary: ok, check, usage, input, io, resource,
 * skipped (error for any other). */
const char *batch_status_word(int status);
/* Writes the summary CSV of rows to path through out_file.h (a temporary
 * file of a name no other run uses, renamed into place). BP_OK, BP_EIO or
 * BP_ERESOURCE (message in e). */
int batch_write_summary(const char *path, const batch_dept *const *rows, int nrows, bp_error *e);

#endif
