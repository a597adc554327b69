/* sv_job.c — the check of one uploaded version: its file linked into a job
 * folder (BUREAU_DIR/work/v<id>), the worker process (sv_worker.c) run
 * under limits, then the result, the findings with their boxes on the
 * rendered document (the worker's, from the check as check --format json
 * gives them), and the PDFs recorded in the store; the pages of the
 * document shown are drawn to images when first asked for (mutool draw;
 * their sizes read with mutool run). docs/server.md, "Checks". */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "serve_priv.h"

/* The size of each page of a PDF as drawn (its frame: a turned landscape
 * page's width is its paper's height), one line "w\th" a page. */
static const char sizes_js[] = "var doc = new PDFDocument(scriptArgs[0]);\n"
                               "for (var i = 0; i < doc.countPages(); i++) {\n"
                               "  var b = doc.loadPage(i).bound();\n"
                               "  print((b[2] - b[0]) + '\\t' + (b[3] - b[1]));\n"
                               "}\n";

void sv_job_dir(const sv_server *s, long long vid, char *out, size_t size)
{
    snprintf(out, size, "%s/work/v%lld", s->o.bureau, vid);
}

/* Splits a TSV line in place into at most max fields, unescaping them. */
static int split(char *line, char **f, int max)
{
    int n = 0;
    line[strcspn(line, "\n")] = 0;
    for (char *p = line; n < max;) {
        f[n++] = p;
        char *t = strchr(p, '\t');
        if (!t) break;
        *t = 0;
        p = t + 1;
    }
    for (int i = 0; i < n; i++) {
        char *w = f[i];
        for (char *r = f[i]; *r; r++) {
            if (*r == '\\' && r[1]) {
                r++;
                *w++ = *r == 't' ? '\t' : *r == 'n' ? '\n' : *r;
            } else
                *w++ = *r;
        }
        *w = 0;
    }
    return n;
}

/* The pages of the document shown (mutool run sizes_js over it). */
typedef struct sv_sizes {
    int n;
    double w[4096], h[4096];
} sv_sizes;

static void read_sizes(const sv_server *s, const char *dir, const char *pdf, sv_sizes *z)
{
    char js[PATH_MAX], out[PATH_MAX], why[256], *line = NULL, *fl[2];
    size_t cap = 0;
    snprintf(js, sizeof js, "%s/sizes.js", dir);
    snprintf(out, sizeof out, "%s/sizes.tsv", dir);
    sv_write_file(js, sizes_js, strlen(sizes_js));
    char *run[] = {"/usr/bin/mutool", "run", js, (char *)pdf, NULL};
    if (sv_spawn(run, out, s->o.job_timeout_s, why, sizeof why)) {
        fprintf(stderr, "serve: mutool run %s: %s\n", pdf, why);
        return;
    }
    FILE *f = fopen(out, "r");
    while (f && getline(&line, &cap, f) > 0 && z->n < 4096)
        if (split(line, fl, 2) == 2) z->w[z->n] = atof(fl[0]), z->h[z->n++] = atof(fl[1]);
    free(line);
    if (f) fclose(f);
}

/* The boxes "page x y x2 y2;…" of finding fid (PDF points from the
 * bottom left) stored from the top left of their page, as drawn. */
static void record_boxes(sqlite3 *db, long long fid, char *boxes, const sv_sizes *z)
{
    for (char *b = strtok(boxes, ";"); b; b = strtok(NULL, ";")) {
        int p;
        double x, y, x2, y2;
        if (sscanf(b, "%d %lf %lf %lf %lf", &p, &x, &y, &x2, &y2) != 5 || p < 0 || p >= z->n)
            continue;
        sv_exec(db,
                "INSERT INTO finding_boxes(finding_id, page, x0, y0, x1, y1, page_w, page_h)"
                " VALUES(?,?,?,?,?,?,?,?)",
                "iidddddd", fid, (long long)p, x, z->h[p] - y2, x2, z->h[p] - y, z->w[p], z->h[p]);
    }
}

/* findings.tsv into the store: a finding a line, its page the first of
 * its boxes (NULL: not drawn), its boxes in finding_boxes. */
static void record_findings(sqlite3 *db, long long vid, const char *dir, const sv_sizes *z)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/findings.tsv", dir);
    FILE *f = fopen(path, "r");
    char *line = NULL, *fl[10];
    size_t cap = 0;
    int seq = 0;
    while (f && getline(&line, &cap, f) > 0) {
        if (split(line, fl, 10) != 10) continue;
        sv_job_unpath(fl[7], dir); /* sources name the upload, not the job folder */
        sv_job_unpath(fl[8], dir);
        int page = -1;
        if (sscanf(fl[9], "%d", &page) != 1 || page < 0 || page >= z->n) page = -1;
        sv_exec(db,
                "INSERT INTO findings(version_id, seq, severity, kind, table_name, row_label,"
                " column_name, expected, found, source, message, page)"
                " VALUES(?,?,?,?,?,?,?,?,?,?,?,?)",
                page >= 0 ? "iittttttttti" : "iittttttttt", vid, (long long)seq++, fl[0], fl[1],
                fl[2], fl[3], fl[4], fl[5], fl[6], fl[7], fl[8], (long long)page);
        record_boxes(db, sqlite3_last_insert_rowid(db), fl[9], z);
    }
    free(line);
    if (f) fclose(f);
}

int sv_job_page(const sv_server *s, sqlite3 *db, long long vid, int page, char *out, size_t size)
{
    char dir[PATH_MAX], pdf[PATH_MAX], tmp[PATH_MAX], num[16], why[256];
    sv_job_dir(s, vid, dir, sizeof dir);
    snprintf(out, size, "%s/p%d.png", dir, page);
    if (!access(out, R_OK)) return 0;
    /* the document shown (a version checked before it was kept: its report) */
    sqlite3_stmt *st = sv_query(db,
                                "SELECT COALESCE(pages_sha256, report_sha256, '') FROM versions"
                                " WHERE id=?",
                                "i", vid);
    pdf[0] = 0;
    if (st && sqlite3_step(st) == SQLITE_ROW && *sv_col(st, 0))
        sv_file_path(s->o.bureau, sv_col(st, 0), pdf, sizeof pdf);
    sqlite3_finalize(st);
    if (!pdf[0] || sv_mkdirs(dir)) return -1; /* work/ is derived: it may have been removed */
    snprintf(tmp, sizeof tmp, "%s/p%d.png.tmp%d", dir, page, (int)gettid());
    snprintf(num, sizeof num, "%d", page);
    char *draw[] = {"/usr/bin/mutool", "draw", "-q", "-r", "96", "-o", tmp, pdf, num, NULL};
    int rc = sv_spawn(draw, NULL, s->o.job_timeout_s, why, sizeof why);
    if (rc == 0) rc = rename(tmp, out);
    if (rc) unlink(tmp);
    return rc ? -1 : 0;
}

/* Links the stored file sha into dir under name (path in out; "" when
 * sha is empty). 0 or -1. */
static int link_stored(const sv_server *s, const char *sha, const char *dir, const char *name,
                       char *out, size_t size)
{
    out[0] = 0;
    if (!*sha) return 0;
    char stored[PATH_MAX];
    sv_file_path(s->o.bureau, sha, stored, sizeof stored);
    snprintf(out, size, "%s/%s", dir, name);
    unlink(out);
    return link(stored, out);
}

/* sv_inputs (serve_priv.h): the kind of a text or previous year's file
 * comes from the name the upload was stored under, its content checked
 * then. */

/* The name a text or previous year's file is linked under: base and the
 * extension of name when it is one of exts[1..], else exts[0]. */
static void input_name(const char *name, const char *base, const char *const *exts, char *out,
                       size_t size)
{
    const char *dot = strrchr(name, '.'), *ext = exts[0];
    for (int i = 1; exts[i] && dot; i++)
        if (!strcasecmp(dot, exts[i])) ext = exts[i];
    snprintf(out, size, "%s%s", base, ext);
}

int sv_job_inputs(const sv_server *s, sqlite3 *db, long long vid, const char *dir, sv_inputs *in)
{
    static const char *const text_ext[] = {".md", ".docx", NULL};
    static const char *const prev_ext[] = {".yaml", ".xlsx", ".xls", NULL};
    sqlite3_stmt *st = sv_query(db,
                                "SELECT v.sha256, v.filename, COALESCE(v.text_sha256,''),"
                                " COALESCE(v.previous_sha256,''), d.name,"
                                " COALESCE(v.text_name,''), COALESCE(v.previous_name,'')"
                                " FROM versions v JOIN departments d ON d.id=v.department_id"
                                " WHERE v.id=?",
                                "i", vid);
    int rc = -1;
    if (st && sqlite3_step(st) == SQLITE_ROW) {
        char tname[32], pname[32];
        snprintf(in->dept, sizeof in->dept, "%s", sv_col(st, 4));
        input_name(sv_col(st, 5), "document", text_ext, tname, sizeof tname);
        input_name(sv_col(st, 6), "previous", prev_ext, pname, sizeof pname);
        if (!strcasecmp(pname, sv_col(st, 1))) /* a workbook itself named previous.xlsx */
            input_name(sv_col(st, 6), "previous-year", prev_ext, pname, sizeof pname);
        rc = link_stored(s, sv_col(st, 0), dir, sv_col(st, 1), in->book, sizeof in->book) ||
                     link_stored(s, sv_col(st, 2), dir, tname, in->text, sizeof in->text) ||
                     link_stored(s, sv_col(st, 3), dir, pname, in->prev, sizeof in->prev)
                 ? -1
                 : 0;
    }
    sqlite3_finalize(st);
    return rc;
}

typedef struct sv_result {
    char status[32], message[4096];
    long long errors, warnings, pages;
    char pdf[65], report[65], shown[65]; /* shown: the document whose pages are shown */
} sv_result;

void sv_job_unpath(char *s, const char *dir)
{
    char pre[2][PATH_MAX + 8];
    snprintf(pre[0], sizeof pre[0], "%s/dept/", dir);
    snprintf(pre[1], sizeof pre[1], "%s/", dir);
    for (int k = 0; k < 2; k++) {
        size_t n = strlen(pre[k]);
        for (char *p = strstr(s, pre[k]); p; p = strstr(p, pre[k]))
            memmove(p, p + n, strlen(p + n) + 1);
    }
}

static void read_result(const char *dir, sv_result *r)
{
    char path[PATH_MAX], *line = NULL, *fl[5];
    size_t cap = 0;
    snprintf(path, sizeof path, "%s/result.tsv", dir);
    FILE *f = fopen(path, "r");
    if (f && getline(&line, &cap, f) > 0 && split(line, fl, 5) == 5) {
        snprintf(r->status, sizeof r->status, "%s", fl[0]);
        r->errors = atoll(fl[1]), r->warnings = atoll(fl[2]), r->pages = atoll(fl[3]);
        snprintf(r->message, sizeof r->message, "%s", fl[4]);
        sv_job_unpath(r->message, dir);
    } else {
        snprintf(r->status, sizeof r->status, "crashed");
        snprintf(r->message, sizeof r->message, "检查进程没有写出结果");
    }
    free(line);
    if (f) fclose(f);
}

static void run_worker(sv_server *s, const char *dir, sv_inputs *in, sv_result *res)
{
    char why[256] = "", log[PATH_MAX], old[PATH_MAX];
    const char *outs[] = {"doc.pdf", "preview.pdf", "report.pdf", "result.tsv", "findings.tsv"};
    for (int i = 0; i < 5; i++) { /* of a run a crash cut short */
        snprintf(old, sizeof old, "%s/%s", dir, outs[i]);
        unlink(old);
    }
    snprintf(log, sizeof log, "%s/worker.log", dir);
    char *argv[] = {s->self,  "serve",  "--worker", (char *)dir, in->book,
                    in->dept, in->text, in->prev,   NULL};
    int rc = sv_spawn(argv, log, s->o.job_timeout_s, why, sizeof why);
    if (rc < 0) {
        snprintf(res->status, sizeof res->status, "crashed");
        snprintf(res->message, sizeof res->message, "%s", why);
    } else
        read_result(dir, res);
}

static void store_pdf(const sv_server *s, const char *dir, const char *name, char sha[65])
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (access(path, R_OK) || sv_file_put_copy(s->o.bureau, path, sha)) sha[0] = 0;
}

void sv_job_slot(sv_server *s, int d, bool publish)
{
    pthread_mutex_lock(&s->mu);
    if (d > 0) {
        unsigned long long mine = publish ? 0 : s->tickets++;
        while (s->jobs_running >= s->o.max_jobs ||
               (publish ? s->tickets != s->turns : mine != s->turns))
            pthread_cond_wait(&s->cv, &s->mu);
        if (!publish) s->turns++;
    }
    s->jobs_running += d;
    pthread_cond_broadcast(&s->cv); /* the next turn, or a publisher, may go */
    pthread_mutex_unlock(&s->mu);
}

/* The stored PDFs of a run: the document (when the rules hold), the
 * report, and the document shown (doc.pdf, else preview.pdf) with the
 * size of each of its pages in z. */
static void store_outputs(sv_server *s, const char *dir, sv_result *res, sv_sizes *z)
{
    char path[PATH_MAX];
    store_pdf(s, dir, "doc.pdf", res->pdf);
    store_pdf(s, dir, "report.pdf", res->report);
    const char *shown = res->pdf[0] ? "doc.pdf" : "preview.pdf";
    store_pdf(s, dir, shown, res->shown);
    snprintf(path, sizeof path, "%s/%s", dir, shown);
    if (res->shown[0]) read_sizes(s, dir, path, z);
}

void sv_job_check(sv_server *s, sqlite3 *db, long long vid)
{
    char dir[PATH_MAX], now[32];
    sv_result res = {0};
    sv_sizes *z = calloc(1, sizeof *z);
    if (!z) return;
    sv_job_dir(s, vid, dir, sizeof dir);
    sv_job_slot(s, 1, false);
    sv_inputs *in = calloc(1, sizeof *in);
    if (!in || sv_mkdirs(dir) || sv_job_inputs(s, db, vid, dir, in)) {
        snprintf(res.status, sizeof res.status, "io");
        snprintf(res.message, sizeof res.message, "无法准备检查目录 %s", dir);
    } else {
        run_worker(s, dir, in, &res);
        if (strcmp(res.status, "crashed")) store_outputs(s, dir, &res, z);
    }
    sv_job_slot(s, -1, false);
    free(in);
    sv_now(now);
    sv_exec(db, "BEGIN IMMEDIATE", "");
    sv_exec(db,
            "DELETE FROM finding_boxes WHERE finding_id IN"
            " (SELECT id FROM findings WHERE version_id=?)",
            "i", vid);
    sv_exec(db, "DELETE FROM findings WHERE version_id=?", "i", vid);
    record_findings(db, vid, dir, z);
    sv_exec(db,
            "UPDATE versions SET state=?, status=?, errors=?, warnings=?, message=?,"
            " pdf_sha256=?, report_sha256=?, pages_sha256=?, pages=?, checked=? WHERE id=?",
            "ttiittttiti", strcmp(res.status, "crashed") ? "done" : "failed", res.status,
            res.errors, res.warnings, res.message, res.pdf[0] ? res.pdf : NULL,
            res.report[0] ? res.report : NULL, z->n && res.shown[0] ? res.shown : NULL,
            (long long)z->n, now, vid);
    sv_exec(db, "COMMIT", "");
    free(z);
}
