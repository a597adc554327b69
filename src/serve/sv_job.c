/* sv_job.c — the check of one uploaded version: its file linked into a job
 * folder (BUREAU_DIR/work/v<id>), the worker process (sv_worker.c) run
 * under limits, the report's pages drawn to images and its notes'
 * rectangles read (mutool run; its pages are drawn to images when first
 * asked for, mutool draw), then the result, the findings with their page
 * and box, and the PDFs recorded in the store. docs/server.md, "Checks". */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "serve_priv.h"

/* The notes of the check report, one line each: "P page w h" and
 * "A page x0 y0 x1 y1 contents", in the page's coordinates as drawn. */
static const char annots_js[] =
    "var doc = new PDFDocument(scriptArgs[0]);\n"
    "function esc(s) { return s.replace(/[\\t\\n\\\\]/g, function (x) {\n"
    "  return x == '\\t' ? '\\\\t' : x == '\\n' ? '\\\\n' : '\\\\\\\\'; }); }\n"
    "for (var i = 0; i < doc.countPages(); i++) {\n"
    "  var page = doc.loadPage(i), b = page.bound();\n"
    "  print('P\\t' + i + '\\t' + (b[2] - b[0]) + '\\t' + (b[3] - b[1]));\n"
    "  var an = page.getAnnotations();\n"
    "  for (var k = 0; k < an.length; k++) {\n"
    "    var r = an[k].bound();\n"
    "    print('A\\t' + i + '\\t' + r.join('\\t') + '\\t' + esc(an[k].getContents() || ''));\n"
    "  }\n"
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

typedef struct sv_annot {
    int page;
    double x0, y0, x1, y1, w, h;
    char *text;
    bool used;
} sv_annot;

typedef struct sv_annots {
    sv_annot a[4096];
    int n, pages;
    double pw[2048], ph[2048];
} sv_annots;

static void read_annots(const char *path, sv_annots *an)
{
    FILE *f = fopen(path, "r");
    char *line = NULL, *fl[8];
    size_t cap = 0;
    while (f && getline(&line, &cap, f) > 0) {
        int n = split(line, fl, 8);
        if (n == 4 && !strcmp(fl[0], "P") && an->pages < 2048) {
            an->pw[an->pages] = atof(fl[2]);
            an->ph[an->pages++] = atof(fl[3]);
        } else if (n == 7 && !strcmp(fl[0], "A") && an->n < 4096) {
            int p = atoi(fl[1]);
            sv_annot *a = &an->a[an->n++];
            *a = (sv_annot){p,
                            atof(fl[2]),
                            atof(fl[3]),
                            atof(fl[4]),
                            atof(fl[5]),
                            p < an->pages ? an->pw[p] : 0,
                            p < an->pages ? an->ph[p] : 0,
                            strdup(fl[6]),
                            false};
        }
    }
    free(line);
    if (f) fclose(f);
}

/* The first unused note that quotes the finding's message. */
static sv_annot *annot_of(sv_annots *an, const char *message)
{
    for (int i = 0; i < an->n; i++)
        if (!an->a[i].used && an->a[i].text && strstr(an->a[i].text, message)) {
            an->a[i].used = true;
            return &an->a[i];
        }
    return NULL;
}

static void record_findings(sqlite3 *db, long long vid, const char *dir, sv_annots *an)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/findings.tsv", dir);
    FILE *f = fopen(path, "r");
    char *line = NULL, *fl[9];
    size_t cap = 0;
    int seq = 0;
    while (f && getline(&line, &cap, f) > 0) {
        if (split(line, fl, 9) != 9) continue;
        sv_annot *a = annot_of(an, fl[8]);
        size_t dl = strlen(dir); /* sources name the upload, not the job folder */
        if (!strncmp(fl[7], dir, dl) && fl[7][dl] == '/') fl[7] += dl + 1;
        if (!strncmp(fl[7], "dept/", 5)) fl[7] += 5;
        sv_exec(db,
                "INSERT INTO findings(version_id, seq, severity, kind, table_name, row_label,"
                " column_name, expected, found, source, message, page, x0, y0, x1, y1, page_w,"
                " page_h) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                a ? "iitttttttttidddddd" : "iittttttttt", vid, (long long)seq++, fl[0], fl[1],
                fl[2], fl[3], fl[4], fl[5], fl[6], fl[7], fl[8], a ? (long long)a->page : 0LL,
                a ? a->x0 : 0.0, a ? a->y0 : 0.0, a ? a->x1 : 0.0, a ? a->y1 : 0.0, a ? a->w : 0.0,
                a ? a->h : 0.0);
    }
    free(line);
    if (f) fclose(f);
}

/* Reads the notes of report.pdf (and its pages' sizes); the pages are
 * drawn when first asked for (sv_job_page). */
static void read_report(const sv_server *s, const char *dir, sv_annots *an)
{
    char report[PATH_MAX], js[PATH_MAX], out[PATH_MAX], why[256];
    snprintf(report, sizeof report, "%s/report.pdf", dir);
    if (access(report, R_OK)) return;
    snprintf(js, sizeof js, "%s/annots.js", dir);
    snprintf(out, sizeof out, "%s/annots.tsv", dir);
    sv_write_file(js, annots_js, strlen(annots_js));
    char *run[] = {"/usr/bin/mutool", "run", js, report, NULL};
    if (sv_spawn(run, out, s->o.job_timeout_s, why, sizeof why))
        fprintf(stderr, "serve: mutool run %s: %s\n", report, why);
    read_annots(out, an);
}

int sv_job_page(const sv_server *s, long long vid, int page, char *out, size_t size)
{
    char dir[PATH_MAX], report[PATH_MAX], tmp[PATH_MAX], num[16], why[256];
    sv_job_dir(s, vid, dir, sizeof dir);
    snprintf(out, size, "%s/p%d.png", dir, page);
    if (!access(out, R_OK)) return 0;
    snprintf(report, sizeof report, "%s/report.pdf", dir);
    snprintf(tmp, sizeof tmp, "%s/p%d.png.tmp%d", dir, page, (int)gettid());
    snprintf(num, sizeof num, "%d", page);
    char *draw[] = {"/usr/bin/mutool", "draw", "-q", "-r", "96", "-o", tmp, report, num, NULL};
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

/* The version's files linked into dir: the workbook under its name, the
 * text as document.md, the previous year's as previous.yaml. */
typedef struct sv_inputs {
    char book[PATH_MAX], text[PATH_MAX], prev[PATH_MAX], dept[256];
} sv_inputs;

static int stage_input(const sv_server *s, sqlite3 *db, long long vid, const char *dir,
                       sv_inputs *in)
{
    sqlite3_stmt *st = sv_query(db,
                                "SELECT v.sha256, v.filename, COALESCE(v.text_sha256,''),"
                                " COALESCE(v.previous_sha256,''), d.name FROM versions v"
                                " JOIN departments d ON d.id=v.department_id WHERE v.id=?",
                                "i", vid);
    int rc = -1;
    if (st && sqlite3_step(st) == SQLITE_ROW) {
        snprintf(in->dept, sizeof in->dept, "%s", sv_col(st, 4));
        rc = link_stored(s, sv_col(st, 0), dir, sv_col(st, 1), in->book, sizeof in->book) ||
                     link_stored(s, sv_col(st, 2), dir, "document.md", in->text, sizeof in->text) ||
                     link_stored(s, sv_col(st, 3), dir, "previous.yaml", in->prev, sizeof in->prev)
                 ? -1
                 : 0;
    }
    sqlite3_finalize(st);
    return rc;
}

typedef struct sv_result {
    char status[32], message[4096];
    long long errors, warnings, pages;
    char pdf[65], report[65];
} sv_result;

/* s without the job folder in its paths ("DIR/dept/x", "DIR/x": "x"). */
static void unpath(char *s, const char *dir)
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
        unpath(r->message, dir);
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
    const char *outs[] = {"doc.pdf", "report.pdf", "result.tsv", "findings.tsv"};
    for (int i = 0; i < 4; i++) { /* of a run a crash cut short */
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

/* One job at a time per slot: waits while max_jobs run. */
static void slot_take(sv_server *s, int d)
{
    pthread_mutex_lock(&s->mu);
    while (d > 0 && s->jobs_running >= s->o.max_jobs)
        pthread_cond_wait(&s->cv, &s->mu);
    s->jobs_running += d;
    if (d < 0) pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

void sv_job_check(sv_server *s, sqlite3 *db, long long vid)
{
    char dir[PATH_MAX], now[32];
    sv_result res = {0};
    sv_annots *an = calloc(1, sizeof *an);
    if (!an) return;
    sv_job_dir(s, vid, dir, sizeof dir);
    slot_take(s, 1);
    sv_inputs *in = calloc(1, sizeof *in);
    if (!in || sv_mkdirs(dir) || stage_input(s, db, vid, dir, in)) {
        snprintf(res.status, sizeof res.status, "io");
        snprintf(res.message, sizeof res.message, "无法准备检查目录 %s", dir);
    } else {
        run_worker(s, dir, in, &res);
        if (strcmp(res.status, "crashed")) read_report(s, dir, an);
        store_pdf(s, dir, "doc.pdf", res.pdf);
        store_pdf(s, dir, "report.pdf", res.report);
    }
    slot_take(s, -1);
    free(in);
    sv_now(now);
    sv_exec(db, "BEGIN IMMEDIATE", "");
    sv_exec(db, "DELETE FROM findings WHERE version_id=?", "i", vid);
    record_findings(db, vid, dir, an);
    sv_exec(db,
            "UPDATE versions SET state=?, status=?, errors=?, warnings=?, message=?,"
            " pdf_sha256=?, report_sha256=?, pages=?, checked=? WHERE id=?",
            "ttiitttiti", strcmp(res.status, "crashed") ? "done" : "failed", res.status, res.errors,
            res.warnings, res.message, res.pdf[0] ? res.pdf : NULL,
            res.report[0] ? res.report : NULL, (long long)an->pages, now, vid);
    sv_exec(db, "COMMIT", "");
    for (int i = 0; i < an->n; i++)
        free(an->a[i].text);
    free(an);
}
