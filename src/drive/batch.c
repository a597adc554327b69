/* batch.c — budgetpdf_batch: every department folder under a root rendered
 * into one output folder. This file lists the folders (reporting each one
 * that is not a department, and failing each entry that leads out of the
 * root), then runs the jobs of batch_priv.h in order: naming, rendering
 * (in worker processes, batch_pool.c, or on threads with in_process), the
 * summary.
 *
 * Order and names are decided before rendering, over the sorted list of all
 * departments: sharding only picks which of them this run renders, so the
 * shards of a root are disjoint, cover it, and name files identically.
 * Pages and bytes of each PDF are what budgetpdf_render_ex reports. */
#define _GNU_SOURCE /* syncfs, sync */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch_priv.h"
#include "data_workbook.h"
#include "in_file.h"
#include "out_file.h"

/* The folders under root: departments (sorted), and folders skipped. */
typedef struct listing {
    batch_dept *dept, *skip;
    int ndept, nskip, capdept, capskip;
} listing;

static void listing_free(listing *l)
{
    batch_dept *all[2] = {l->dept, l->skip};
    int n[2] = {l->ndept, l->nskip};
    for (int k = 0; k < 2; k++) {
        for (int i = 0; i < n[k]; i++) {
            batch_dept *d = &all[k][i];
            free(d->folder);
            free(d->dir);
            free(d->code);
            free(d->name);
            free(d->out);
            free(d->message);
        }
        free(all[k]);
    }
}

/* Appends a record to the list of departments or of skips; NULL when out
 * of memory. */
static batch_dept *listing_add(listing *l, bool skip, const char *folder, int status,
                               const char *message)
{
    batch_dept **v = skip ? &l->skip : &l->dept;
    int *n = skip ? &l->nskip : &l->ndept, *cap = skip ? &l->capskip : &l->capdept;
    if (*n == *cap) {
        int c = *cap ? *cap * 2 : 64;
        batch_dept *p = realloc(*v, sizeof *p * (size_t)c);
        if (!p) return NULL;
        *v = p;
        *cap = c;
    }
    batch_dept *d = &(*v)[*n];
    memset(d, 0, sizeof *d);
    d->status = status;
    d->folder = batch_strdup(folder);
    d->message = message ? batch_strdup(message) : NULL;
    if (!d->folder || (message && !d->message)) {
        free(d->folder);
        free(d->message);
        return NULL;
    }
    ++*n;
    return d;
}

static const char *kind_of(mode_t m)
{
    return S_ISDIR(m) ? "a folder" : S_ISFIFO(m) ? "a FIFO" : "a device or socket";
}

/* What entry `name` of root is: a department (status OK, or the failure
 * of a department.yaml that is no regular file), or a skip with its
 * reason (why[0] set); "" in why and not a department: ignore it. */
static int classify_entry(int dirfd, const char *name, bool *dept, char *why, size_t whylen)
{
    struct stat st;
    *dept = false;
    why[0] = 0;
    if (fstatat(dirfd, name, &st, 0) != 0) {
        if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
            snprintf(why, whylen, "a symbolic link to nothing");
        else
            snprintf(why, whylen, "cannot be read: %s", strerror(errno));
        return BP_OK;
    }
    if (S_ISREG(st.st_mode) && data_wb_is_workbook(name)) { /* a department as a workbook */
        if (name[0] == '.' || !strncmp(name, "~$", 2))
            snprintf(why, whylen, "%s", name[0] == '.' ? "a hidden file" : "an Excel lock file");
        else
            *dept = true;
        return BP_OK;
    }
    if (!S_ISDIR(st.st_mode)) {
        if (S_ISREG(st.st_mode) || !data_wb_is_workbook(name) || name[0] == '.')
            return BP_OK; /* a file beside the folders */
        /* named as a workbook, but no file: reported, not dropped */
        *dept = true;
        snprintf(why, whylen, "%s is %s, not a file", name, kind_of(st.st_mode));
        return BP_EINPUT;
    }
    if (name[0] == '.') {
        snprintf(why, whylen, "a hidden folder");
        return BP_OK;
    }
    char yaml[NAME_MAX + 32];
    snprintf(yaml, sizeof yaml, "%s/department.yaml", name);
    if (fstatat(dirfd, yaml, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT) {
            snprintf(why, whylen, "no department.yaml");
            return BP_OK;
        }
        *dept = true;
        snprintf(why, whylen, "cannot read %s: %s", yaml, strerror(errno));
        return bp_errno_status(errno, BP_EIO);
    }
    *dept = true;
    bool link = S_ISLNK(st.st_mode);
    if (link && fstatat(dirfd, yaml, &st, 0) != 0) {
        snprintf(why, whylen, "%s is a symbolic link to nothing (%s)", yaml, strerror(errno));
        return errno == ENOENT || errno == ELOOP ? BP_EINPUT : bp_errno_status(errno, BP_EIO);
    }
    if (S_ISREG(st.st_mode)) return BP_OK;
    snprintf(why, whylen, "%s is %s, not a file", yaml, kind_of(st.st_mode));
    return BP_EINPUT;
}

/* classify_entry, and a department that is a symbolic link leading out of
 * root is refused as every input that leads out of its folder is
 * (in_file.h). */
static int classify(const char *root, int dirfd, const char *name, bool *dept, char *why,
                    size_t whylen)
{
    int rc = classify_entry(dirfd, name, dept, why, whylen);
    struct stat st;
    if (rc || !*dept || fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISLNK(st.st_mode))
        return rc;
    char *path = batch_join(root, name), *real = NULL;
    if (!path) {
        snprintf(why, whylen, "out of memory");
        return BP_ERESOURCE;
    }
    bp_error e = {0, ""};
    rc = bp_inside(root, "the batch folder", path, &real, &e);
    if (rc) snprintf(why, whylen, "%s", e.msg);
    free(real);
    free(path);
    return rc;
}

static int cmp_dept(const void *a, const void *b)
{
    return strcmp(((const batch_dept *)a)->folder, ((const batch_dept *)b)->folder);
}

/* Lists root: departments sorted by folder name, and the folders skipped
 * (reported to opt->skipped, in name order). */
static int list_folders(const char *root, const budgetpdf_batch_options *opt, listing *l,
                        bp_error *e)
{
    DIR *dir = opendir(root);
    if (!dir)
        return bp_fail(
            e, errno == ENOENT || errno == ENOTDIR ? BP_EINPUT : bp_errno_status(errno, BP_EIO),
            "cannot read folder %s: %s", root, strerror(errno));
    struct dirent *ent;
    int rc = BP_OK;
    errno = 0;
    while (!rc && (ent = readdir(dir))) {
        if (!strcmp(ent->d_name, ".") || !strcmp(ent->d_name, "..")) continue;
        bool dept;
        char why[PATH_MAX + 512];
        int status = classify(root, dirfd(dir), ent->d_name, &dept, why, sizeof why);
        if (!dept && !why[0]) continue;
        if (!listing_add(l, !dept, ent->d_name, dept ? status : BATCH_SKIPPED, why[0] ? why : NULL))
            rc = bp_fail(e, BP_ERESOURCE, "out of memory listing %s", root);
        errno = 0;
    }
    if (!rc && errno)
        rc = bp_fail(e, bp_errno_status(errno, BP_EIO), "cannot read folder %s: %s", root,
                     strerror(errno));
    closedir(dir);
    if (rc) return rc;
    if (l->ndept > 1) qsort(l->dept, (size_t)l->ndept, sizeof *l->dept, cmp_dept);
    if (l->nskip > 1) qsort(l->skip, (size_t)l->nskip, sizeof *l->skip, cmp_dept);
    for (int i = 0; i < l->nskip && opt->skipped; i++)
        opt->skipped(opt->skipped_ud, l->skip[i].folder, l->skip[i].message);
    return BP_OK;
}

/* mkdir -p */
static int make_dirs(const char *path, bp_error *e)
{
    char *p = batch_strdup(path);
    if (!p) return bp_fail(e, BP_ERESOURCE, "out of memory");
    int rc = BP_OK;
    for (char *s = p + 1;; s++) {
        if (*s == '/' || !*s) {
            char c = *s;
            *s = 0;
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                rc = bp_fail(e, BP_EIO, "cannot create folder %s: %s", p, strerror(errno));
                break;
            }
            *s = c;
            if (!c) break;
        }
    }
    free(p);
    if (!rc && !bp_dir_exists(path))
        rc = bp_fail(e, BP_EIO, "cannot create folder %s: a file of that name exists", path);
    return rc;
}

/* Makes the batch's PDFs durable at once (each is written to a temporary
 * file and renamed, but not fsync'ed): Linux syncs the output folder's
 * file system; elsewhere everything is synced. */
static void sync_outputs(const char *out_dir)
{
#ifdef __linux__
    int fd = open(out_dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        if (syncfs(fd) == 0) {
            close(fd);
            return;
        }
        close(fd);
    }
#else
    (void)out_dir;
#endif
    sync();
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* The departments of this run (shard k of n, or all), with their
 * directories, names (read in the pool's workers when there is one) and
 * output paths. */
static int select_todo(const char *root, const char *out_dir, listing *l, batch_pool *pool, int k,
                       int n, int *todo, int *ntodo)
{
    *ntodo = 0;
    for (int i = 0; i < l->ndept; i++) {
        batch_dept *d = &l->dept[i];
        if (!(d->dir = batch_join(root, d->folder))) return BP_ERESOURCE;
    }
    int rc;
    if (pool) {
        for (int i = 0; i < l->ndept; i++)
            todo[i] = i;
        int failed;
        batch_pool_run(pool, BATCH_JOB_NAME, todo, l->ndept, false, &failed);
        rc = batch_take_names(l->dept, l->ndept);
    } else {
        rc = batch_name_departments(l->dept, l->ndept);
    }
    for (int i = 0; !rc && i < l->ndept; i++) {
        if (n && i % n != k - 1) continue;
        todo[(*ntodo)++] = i;
        batch_dept *d = &l->dept[i];
        if (!d->status && !(d->out = batch_join(out_dir, d->file))) rc = BP_ERESOURCE;
    }
    return rc;
}

static void no_line(void *ud, const char *text)
{
    (void)ud, (void)text;
}

/* Before the workers are forked: the context's fontconfig configuration
 * and the font chains of the default families (or of --layouts' set)
 * made once here, so that each worker starts with them instead of making
 * its own. Only the fonts installed or named by the caller are read (no
 * department's file); a failure is left for the renders to report. */
static void warm_context(const budgetpdf_batch_options *opt, budgetpdf_context *ctx)
{
    budgetpdf_options ro = opt->render;
    ro.context = ctx;
    ro.cache_layouts = true;
    char err[256];
    budgetpdf_fonts(NULL, &ro, no_line, NULL, err, sizeof err);
}

static int jobs_of(const budgetpdf_batch_options *opt)
{
    int jobs = opt->jobs;
    if (jobs <= 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = cpus > 0 ? (int)cpus : 1;
    }
    return jobs > 256 ? 256 : jobs;
}

/* Writes the summary of the run: its departments, then (unsharded or
 * shard 1) the folders skipped. */
static int summarize(const char *out_dir, const listing *l, const int *todo, int ntodo, int k,
                     int n, budgetpdf_batch_result *res, bp_error *e)
{
    char name[64] = "summary.csv";
    if (n) snprintf(name, sizeof name, "summary-%d-of-%d.csv", k, n);
    char *summary = batch_join(out_dir, name);
    int nskip = !n || k == 1 ? l->nskip : 0;
    const batch_dept **rows = malloc(sizeof *rows * (size_t)(ntodo + nskip + 1));
    if (!summary || !rows) {
        free(summary);
        free(rows);
        return bp_fail(e, BP_ERESOURCE, "out of memory");
    }
    int nrows = 0;
    for (int i = 0; i < ntodo; i++)
        rows[nrows++] = &l->dept[todo[i]];
    for (int i = 0; i < nskip; i++)
        rows[nrows++] = &l->skip[i];
    snprintf(res->summary, sizeof res->summary, "%s", summary);
    int rc = batch_write_summary(summary, rows, nrows, e);
    free(rows);
    free(summary);
    return rc;
}

static int run(const char *root, const char *out_dir, const budgetpdf_batch_options *opt,
               budgetpdf_batch_result *res, bp_error *e)
{
    int k = opt->shard_index, n = opt->shard_count;
    if ((k || n) && (n < 1 || k < 1 || k > n))
        return bp_fail(e, BP_EUSAGE, "shard %d/%d: expected K/N with 1 <= K <= N", k, n);
    struct timespec start; /* the temp files older than the run are stale */
    clock_gettime(CLOCK_REALTIME, &start);
    listing l = {NULL, NULL, 0, 0, 0, 0};
    int rc = list_folders(root, opt, &l, e);
    res->skipped = l.nskip;
    if (!rc && !l.ndept)
        rc = bp_fail(e, BP_EINPUT, "%s: no department folder (a folder holding department.yaml)",
                     root);
    if (!rc) rc = make_dirs(out_dir, e);
    int *todo = rc ? NULL : malloc(sizeof *todo * (size_t)l.ndept);
    budgetpdf_context *own = NULL, *ctx = opt->render.context;
    if (!rc && !ctx) ctx = own = budgetpdf_context_new();
    batch_pool *pool = NULL;
    if (!rc && !opt->in_process && ctx) {
        warm_context(opt, ctx);
        pool = batch_pool_new(opt, ctx, l.dept, l.ndept, jobs_of(opt));
    }
    if (!rc && (!todo || !ctx || (!opt->in_process && !pool)))
        rc = bp_fail(e, BP_ERESOURCE, "out of memory");
    int ntodo = 0;
    if (!rc && (rc = select_todo(root, out_dir, &l, pool, k, n, todo, &ntodo)))
        bp_fail(e, rc, "out of memory");
    if (!rc) {
        /* once for the whole run, before any worker writes (the renders
         * are told not to: budgetpdf_options.no_sweep) */
        bp_out_sweep_dir(out_dir, &start);
        double t0 = now_ms();
        if (pool)
            batch_pool_run(pool, BATCH_JOB_RENDER, todo, ntodo, true, &res->failed);
        else
            batch_render_all(opt, ctx, l.dept, todo, ntodo, jobs_of(opt), &res->failed);
        res->milliseconds = now_ms() - t0;
        res->departments = l.ndept;
        res->selected = ntodo;
        res->rendered = ntodo - res->failed;
        sync_outputs(out_dir);
        rc = summarize(out_dir, &l, todo, ntodo, k, n, res, e);
    }
    batch_pool_free(pool);
    budgetpdf_context_free(own);
    free(todo);
    listing_free(&l);
    if (rc) return rc;
    return res->failed ? BP_ECHECK : BP_OK;
}

int budgetpdf_batch(const char *root, const char *out_dir, const budgetpdf_batch_options *opt,
                    budgetpdf_batch_result *result, char *err, size_t errlen)
{
    budgetpdf_batch_options none;
    if (!opt) {
        memset(&none, 0, sizeof none);
        opt = &none;
    }
    budgetpdf_batch_result local;
    budgetpdf_batch_result *res = result ? result : &local;
    memset(res, 0, sizeof *res);
    bp_error e = {0, ""};
    int rc = run(root, out_dir, opt, res, &e);
    if (err && errlen) snprintf(err, errlen, "%s", rc && rc != BP_ECHECK ? e.msg : "");
    return rc;
}
