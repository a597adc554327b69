/* batch_priv.h — private to budgetpdf_batch: the record of one department
 * (or skipped folder) of a run, and the jobs the run is made of: naming
 * (batch_names.c), rendering (batch_workers.c: one department, and the
 * in-process mode's threads), the worker processes of the isolated mode
 * (batch_pool.c, their results as bytes: batch_wire.c) and the summary CSV
 * (batch_summary.c). batch.c lists the folders and runs the jobs in
 * order. */
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
    int signal; /* that ended its worker process (crashed, timeout, resource) */
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
/* The first half for one department (status OK): its code and name, or
 * its status and message. BP_OK, or BP_ERESOURCE (batch's own memory). */
int batch_load_name(batch_dept *d);
/* The second half: the file names of d[0..n) whose status is still OK,
 * in order. BP_OK, or BP_ERESOURCE. */
int batch_take_names(batch_dept *d, int n);

/* ---- workers (batch_workers.c) ---- */

/* Renders d (status OK) with opt's render options through ctx, filling its
 * status, pages, bytes, ms, message and (opt->findings) findings. */
void batch_render_one(const budgetpdf_batch_options *opt, budgetpdf_context *ctx, batch_dept *d);
/* Calls opt->progress for d (index: in the list of all departments), then
 * drops d's findings. */
void batch_report(const budgetpdf_batch_options *opt, batch_dept *d, int index, int done,
                  int failed, int total);
/* A finding copied into ud (a batch_dept) as render's finding callback;
 * the copies are freed by batch_drop_findings. */
void batch_keep_finding(void *ud, const budgetpdf_finding *f);
void batch_drop_findings(batch_dept *d);

/* Renders d[todo[0..ntodo)] (those whose status is still OK) with opt's
 * render options through ctx, on `jobs` threads, calling opt->progress
 * after each. Fills each department's status, pages, bytes, ms, message;
 * *failed counts the failures. */
void batch_render_all(const budgetpdf_batch_options *opt, budgetpdf_context *ctx, batch_dept *d,
                      const int *todo, int ntodo, int jobs, int *failed);

/* ---- worker processes (batch_pool.c) ---- */

typedef struct batch_pool batch_pool;
/* What a pool's jobs do with their department: read its code and name
 * (batch_load_name), or render it (batch_render_one). */
enum { BATCH_JOB_NAME = 1, BATCH_JOB_RENDER = 2 };
/* A pool of `jobs` worker processes for the nd departments d, forked
 * (lazily, and again when one dies) from this one with its context: NULL
 * when out of memory. */
batch_pool *batch_pool_new(const budgetpdf_batch_options *opt, budgetpdf_context *ctx,
                           batch_dept *d, int nd, int jobs);
/* Runs kind on d[todo[0..ntodo)] (those whose status is OK; the others
 * are only reported) in the workers. A department whose worker died is
 * set to BUDGETPDF_ECRASHED, _ETIMEOUT or _ERESOURCE with the cause in its
 * message. With report (renders), opt->progress is called after each;
 * *failed counts the failures. */
void batch_pool_run(batch_pool *p, int kind, const int *todo, int ntodo, bool report, int *failed);
/* Ends the workers (waiting for them) and frees p (NULL allowed). */
void batch_pool_free(batch_pool *p);

/* ---- a result as bytes (batch_wire.c) ---- */

/* The frame a worker sends for d (the department at index): its status,
 * pages, bytes, ms, signal, code, name, message and findings, as a heap
 * block of *len bytes that starts with its length; NULL when out of
 * memory. */
char *batch_wire_encode(const batch_dept *d, int index, size_t *len);
/* The frame of p[0..n) (without its length) into d, the department at
 * index. BP_OK; BP_EINPUT when the frame is malformed or names another
 * department (d is then untouched, and the worker taken for crashed);
 * BP_ERESOURCE when memory runs out (what was lost is marked). */
int batch_wire_decode(const char *p, size_t n, int index, batch_dept *d);
/* The longest frame. */
#define BATCH_WIRE_MAX (64u << 20)

/* ---- summary (batch_summary.c) ---- */

/* The status word of the summary: ok, check, usage, input, io, resource,
 * crashed, timeout, skipped (error for any other). */
const char *batch_status_word(int status);
/* Writes the summary CSV of rows to path through out_file.h (a temporary
 * file of a name no other run uses, renamed into place). BP_OK, BP_EIO or
 * BP_ERESOURCE (message in e). */
int batch_write_summary(const char *path, const batch_dept *const *rows, int nrows, bp_error *e);

#endif
