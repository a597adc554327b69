/* serve.h — the bureau workbench (budgetpdf serve, docs/server.md) as the
 * CLI sees it: run the server, back up its store, the isolated check
 * worker, and the users and departments of a bureau folder. */
#ifndef BP_SERVE_H
#define BP_SERVE_H

#include <stdbool.h>
#include <stdio.h>

typedef struct bp_serve_opts {
    const char *bureau;       /* BUREAU_DIR: the whole state */
    const char *listen;       /* "127.0.0.1:8080" */
    const char *layouts_path; /* passed to the workers ("" or NULL: their own default) */
    bool secure_cookies;      /* always mark cookies Secure */
    int threads;              /* connections at once, each its thread (<= 0: 256) */
    int max_jobs;             /* checks at once (<= 0: 2) */
    int job_timeout_s;        /* per check (<= 0: 120) */
    long long max_upload;     /* bytes (<= 0: 20 MB) */
} bp_serve_opts;

/* Serves until SIGTERM or SIGINT, then finishes running requests. Returns
 * an exit status (0, 2 usage, 3 bad store, 4 I/O). */
int bp_serve_run(const bp_serve_opts *o);
/* A consistent copy of BUREAU_DIR/budgetpdf.db to file (SQLite's backup
 * API); the files/ folder is copied with cp -a (docs/server.md). */
int bp_serve_backup(const char *bureau, const char *file);
/* The isolated check of one upload (a process of its own, run by the
 * server): refuses a workbook whose department name is not dept_name
 * (NULL or "": not compared), checks input (with text, NULL or "": none,
 * as its document.md and prev as its previous year's figures), writes
 * jobdir/report.pdf, findings.tsv, result.tsv, and when the rules hold
 * renders jobdir/doc.pdf. */
int bp_serve_worker(const char *jobdir, const char *input, const char *layouts_path,
                    const char *dept_name, const char *text, const char *prev);
/* The publisher's cheaper worker (budgetpdf serve --render JOBDIR INPUT
 * TEXT PREV): the approved version's JOBDIR/doc.pdf alone (no check
 * report, no findings), then JOBDIR/result.tsv as bp_serve_worker's. */
int bp_serve_render(const char *jobdir, const char *input, const char *layouts_path,
                    const char *text, const char *prev);

/* Users and departments (budgetpdf user ...); each returns an exit status
 * and reports on stderr. depts: comma-separated department codes. */
int bp_user_add(const char *bureau, const char *name, const char *role, const char *depts,
                const char *password);
int bp_user_passwd(const char *bureau, const char *name, const char *password);
int bp_user_list(const char *bureau, FILE *out);
int bp_department_add(const char *bureau, const char *code, const char *name);

#endif
