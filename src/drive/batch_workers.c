/* batch_workers.c — the rendering of one department of a batch
 * (batch_render_one: budgetpdf_render_ex through the run's context,
 * recording what it returns: status, pages, bytes, the error or the
 * warnings, the findings), its report to the progress callback, and the
 * in-process mode (budgetpdf_batch_options.in_process): N threads take the
 * next department in turn, sharing one context (fonts, faces and layout
 * sets parsed once, for every thread). The isolated mode runs
 * batch_render_one in worker processes instead (batch_pool.c).
 * Departments are independent, so each one's PDF is the same bytes
 * whatever N and whichever mode. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "batch_priv.h"

typedef struct workers {
    const budgetpdf_batch_options *opt;
    budgetpdf_context *ctx;
    batch_dept *d;
    const int *todo; /* indexes into d */
    int ntodo;
    pthread_mutex_t lock; /* guards next, done, failed and the progress calls */
    int next, done, failed;
} workers;

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Warnings of one render, joined by "; ". */
typedef struct warnings {
    char *buf;
    size_t len, cap;
} warnings;

static void collect_warning(void *ud, const char *msg)
{
    warnings *w = ud;
    size_t n = strlen(msg);
    if (w->len > 4000) return; /* enough to read; the count says the rest */
    if (w->len + n + 3 > w->cap) {
        size_t cap = (w->len + n + 3) * 2;
        char *p = realloc(w->buf, cap);
        if (!p) return; /* the warning is lost, the render goes on */
        w->buf = p;
        w->cap = cap;
    }
    if (w->len) {
        memcpy(w->buf + w->len, "; ", 2);
        w->len += 2;
    }
    memcpy(w->buf + w->len, msg, n + 1);
    w->len += n;
}

/* A finding of a department's checks, copied (with its cells and strings,
 * in one block) until its progress call; lost when memory runs out. */
void batch_keep_finding(void *ud, const budgetpdf_finding *f)
{
    batch_dept *d = ud;
    if (d->findings_lost) return;
    const char *const *strs[] = {
        &f->kind,  &f->rule,     &f->table_id,  &f->table_name, &f->row,   &f->column, &f->expected,
        &f->found, &f->relation, &f->tolerance, &f->unit,       &f->where, &f->message};
    enum { NS = sizeof strs / sizeof strs[0] };
    size_t need = (size_t)f->ncells * sizeof *f->cells + 1;
    for (int i = 0; i < NS; i++)
        need += *strs[i] ? strlen(*strs[i]) + 1 : 0;
    for (int i = 0; i < f->ncells; i++)
        need += f->cells[i].where ? strlen(f->cells[i].where) + 1 : 0;
    if (d->nfindings == d->capfindings) {
        int cap = d->capfindings ? d->capfindings * 2 : 16;
        budgetpdf_finding *p = realloc(d->findings, (size_t)cap * sizeof *p);
        if (!p) {
            d->findings_lost = true;
            return;
        }
        d->findings = p, d->capfindings = cap;
    }
    budgetpdf_finding_cell *cells = malloc(need);
    if (!cells) {
        d->findings_lost = true;
        return;
    }
    char *s = (char *)(cells + f->ncells);
    budgetpdf_finding *k = &d->findings[d->nfindings++];
    *k = *f;
    const char **dst[] = {&k->kind,   &k->rule,     &k->table_id, &k->table_name, &k->row,
                          &k->column, &k->expected, &k->found,    &k->relation,   &k->tolerance,
                          &k->unit,   &k->where,    &k->message};
    for (int i = 0; i < NS; i++) {
        if (!*strs[i]) continue;
        size_t n = strlen(*strs[i]) + 1;
        *dst[i] = memcpy(s, *strs[i], n);
        s += n;
    }
    for (int i = 0; i < f->ncells; i++) {
        cells[i] = f->cells[i];
        if (!f->cells[i].where) continue;
        size_t n = strlen(f->cells[i].where) + 1;
        cells[i].where = memcpy(s, f->cells[i].where, n);
        s += n;
    }
    k->cells = cells;
}

void batch_drop_findings(batch_dept *d)
{
    for (int i = 0; i < d->nfindings; i++)
        free((void *)d->findings[i].cells);
    free(d->findings);
    d->findings = NULL;
    d->nfindings = d->capfindings = 0;
}

void batch_render_one(const budgetpdf_batch_options *opt, budgetpdf_context *ctx, batch_dept *d)
{
    budgetpdf_options ro = opt->render;
    ro.context = ctx;
    /* one parse of each layout set for the whole batch, and one sync of the
     * output folder at its end (batch.c) instead of one per file */
    ro.cache_layouts = true;
    ro.no_sync = true;
    /* the output folder is swept once, at the batch's start (batch.c) */
    ro.no_sweep = true;
    /* the departments keep the processors busy (-j) */
    ro.font_threads = false;
    warnings w = {NULL, 0, 0};
    ro.warn = collect_warning;
    ro.warn_ud = &w;
    ro.finding = opt->findings ? batch_keep_finding : NULL;
    ro.finding_ud = d;
    char err[8192];
    budgetpdf_render_result res;
    double t0 = now_ms();
    int rc = budgetpdf_render_ex(d->dir, d->out, &ro, &res, err, sizeof err);
    d->ms = now_ms() - t0;
    d->status = rc;
    if (!rc) {
        d->pages = res.pages;
        d->bytes = res.bytes;
    }
    if (rc) {
        d->message = batch_strdup(err);
        free(w.buf);
    } else {
        d->message = w.buf;
    }
}

static void fill_item(const batch_dept *d, int index, budgetpdf_batch_item *it)
{
    it->index = index;
    it->folder = d->folder;
    it->code = d->code ? d->code : "";
    it->name = d->name ? d->name : "";
    it->file = d->status ? "" : d->file;
    it->status = d->status;
    it->pages = d->pages;
    it->bytes = d->bytes;
    it->milliseconds = d->ms;
    it->message = d->message ? d->message : "";
    it->findings = d->findings;
    it->nfindings = d->nfindings;
    it->findings_lost = d->findings_lost;
    it->signal = d->signal;
}

void batch_report(const budgetpdf_batch_options *opt, batch_dept *d, int index, int done,
                  int failed, int total)
{
    if (opt->progress) {
        budgetpdf_batch_item it;
        fill_item(d, index, &it);
        opt->progress(opt->progress_ud, &it, done, failed, total);
    }
    batch_drop_findings(d);
}

static void *worker(void *arg)
{
    workers *b = arg;
    for (;;) {
        pthread_mutex_lock(&b->lock);
        int k = b->next < b->ntodo ? b->next++ : -1;
        pthread_mutex_unlock(&b->lock);
        if (k < 0) return NULL;
        int i = b->todo[k];
        batch_dept *d = &b->d[i];
        if (!d->status) batch_render_one(b->opt, b->ctx, d); /* else: known to fail */
        pthread_mutex_lock(&b->lock);
        b->done++;
        if (d->status) b->failed++;
        batch_report(b->opt, d, i, b->done, b->failed, b->ntodo);
        pthread_mutex_unlock(&b->lock);
    }
}

void batch_render_all(const budgetpdf_batch_options *opt, budgetpdf_context *ctx, batch_dept *d,
                      const int *todo, int ntodo, int jobs, int *failed)
{
    workers b = {opt, ctx, d, todo, ntodo, PTHREAD_MUTEX_INITIALIZER, 0, 0, 0};
    if (jobs > ntodo) jobs = ntodo > 0 ? ntodo : 1;
    pthread_t *th = jobs > 1 ? calloc((size_t)jobs, sizeof *th) : NULL;
    int started = 0;
    for (; th && started < jobs; started++)
        if (pthread_create(&th[started], NULL, worker, &b) != 0) break;
    if (!started) worker(&b); /* one job, or no thread could start: render here */
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    free(th);
    pthread_mutex_destroy(&b.lock);
    *failed = b.failed;
}
