/* sv_publish_set.c — the publisher's run of one publication: every item
 * not yet done (or whose file in the hidden folder publish/.tmp-ID is not
 * whole) rendered, up to --jobs at once, then index.html and publication.csv written,
 * the folder synced and renamed to publish/<date>[-n] (the name recorded
 * first, so a crash between the two is resumed), and the departments
 * recorded 已发布. A department that fails fails the publication (with
 * the reasons; no set is placed) and it can be started again. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "serve_priv.h"

typedef struct pub_run {
    long long pid, user;
    sv_pub_item *v;
    int n;
    char set[PATH_MAX], dir[PATH_MAX]; /* the hidden folder; the final one ("" until named) */
} pub_run;

static int load(sqlite3 *db, pub_run *p)
{
    sqlite3_stmt *st = sv_query(db,
                                "SELECT id, seq, department_id, version_id, code, name, file,"
                                " approved_sha256, COALESCE(sha256,''), state FROM"
                                " publication_items WHERE publication_id=? ORDER BY seq",
                                "i", p->pid);
    int cap = 0;
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        if (p->n == cap) {
            cap = cap ? cap * 2 : 16;
            sv_pub_item *q = realloc(p->v, (size_t)cap * sizeof *q);
            if (!q) break;
            p->v = q;
        }
        sv_pub_item *it = &p->v[p->n++];
        *it = (sv_pub_item){.id = sqlite3_column_int64(st, 0),
                            .pid = p->pid,
                            .seq = sqlite3_column_int64(st, 1),
                            .dept = sqlite3_column_int64(st, 2),
                            .vid = sqlite3_column_int64(st, 3)};
        snprintf(it->code, sizeof it->code, "%s", sv_col(st, 4));
        snprintf(it->name, sizeof it->name, "%s", sv_col(st, 5));
        snprintf(it->file, sizeof it->file, "%s", sv_col(st, 6));
        snprintf(it->approved, sizeof it->approved, "%s", sv_col(st, 7));
        snprintf(it->sha, sizeof it->sha, "%s", sv_col(st, 8));
        snprintf(it->state, sizeof it->state, "%s", sv_col(st, 9));
    }
    sqlite3_finalize(st);
    st = sv_query(db, "SELECT COALESCE(dir,''), user_id FROM publications WHERE id=?", "i", p->pid);
    if (st && sqlite3_step(st) == SQLITE_ROW) {
        snprintf(p->dir, sizeof p->dir, "%s", sv_col(st, 0));
        p->user = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    return p->n ? 0 : -1;
}

/* A done item whose file is in the hidden folder with its bytes. */
static bool still_done(const pub_run *p, const sv_pub_item *it)
{
    char path[PATH_MAX + 512], sha[65];
    if (strcmp(it->state, "done")) return false;
    snprintf(path, sizeof path, "%s/%s", p->set, it->file);
    return !sv_publish_hash(path, sha) && !strcmp(sha, it->sha);
}

static void csv_cell(sv_buf *b, const char *s, bool last)
{
    sv_put(b, "\"");
    for (const char *c = s; *c; c++)
        sv_putn(b, *c == '"' ? "\"\"" : c, *c == '"' ? 2 : 1);
    sv_put(b, last ? "\"\r\n" : "\",");
}

static int write_index(sqlite3 *db, const pub_run *p)
{
    sv_buf idx = {0}, csv = {0};
    char path[PATH_MAX + 32];
    sv_put(&idx, "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                 "<title>部门预算公开</title></head><body><h1>部门预算公开</h1><ul>\n");
    sv_put(&csv, "\xEF\xBB\xBF部门代码,部门名称,文件,版本,sha256\r\n");
    for (int i = 0; i < p->n; i++) {
        const sv_pub_item *it = &p->v[i];
        sv_put(&idx, "<li><a href=\"");
        sv_url(&idx, it->file);
        sv_put(&idx, "\">");
        sv_esc(&idx, it->name);
        sv_put(&idx, "</a></li>\n");
        char num[32];
        snprintf(num, sizeof num, "%lld",
                 sv_scalar(db, "SELECT n FROM versions WHERE id=?", 0, "i", it->vid));
        csv_cell(&csv, it->code, false), csv_cell(&csv, it->name, false);
        csv_cell(&csv, it->file, false), csv_cell(&csv, num, false);
        csv_cell(&csv, it->approved, true);
    }
    sv_put(&idx, "</ul></body></html>\n");
    snprintf(path, sizeof path, "%s/index.html", p->set);
    int rc = sv_write_file(path, idx.p, idx.n);
    snprintf(path, sizeof path, "%s/publication.csv", p->set);
    if (!rc) rc = sv_write_file(path, csv.p, csv.n);
    free(idx.p);
    free(csv.p);
    int fd = open(p->set, O_RDONLY | O_DIRECTORY);
    if (fd < 0 || fsync(fd)) rc = -1;
    if (fd >= 0) close(fd);
    return rc;
}

/* The final folder: publish/<date>, -2, -3 ... (the first not taken),
 * recorded before the rename. */
static int name_set(sqlite3 *db, pub_run *p, const char *bureau)
{
    char day[16];
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(day, sizeof day, "%Y-%m-%d", &tm);
    for (int k = 1; k < 1000; k++) {
        struct stat st;
        if (k == 1)
            snprintf(p->dir, sizeof p->dir, "%s/publish/%s", bureau, day);
        else
            snprintf(p->dir, sizeof p->dir, "%s/publish/%s-%d", bureau, day, k);
        if (stat(p->dir, &st) && errno == ENOENT)
            return sv_exec(db, "UPDATE publications SET dir=? WHERE id=?", "ti", p->dir, p->pid) ==
                           SQLITE_DONE
                       ? 0
                       : -1;
    }
    return -1;
}

static int place(sqlite3 *db, pub_run *p, const char *bureau)
{
    struct stat st;
    /* a crash after the rename: the set is in place already */
    if (p->dir[0] && stat(p->set, &st) && !stat(p->dir, &st)) return 0;
    if ((!p->dir[0] || !stat(p->dir, &st)) && name_set(db, p, bureau)) return -1;
    if (rename(p->set, p->dir)) return -1;
    char pub[PATH_MAX];
    snprintf(pub, sizeof pub, "%s/publish", bureau);
    int fd = open(pub, O_RDONLY | O_DIRECTORY);
    if (fd < 0 || fsync(fd)) {
        if (fd >= 0) close(fd);
        return -1;
    }
    close(fd);
    return 0;
}

/* The departments become 已发布 (those still approved at that version). */
static void record(sqlite3 *db, const pub_run *p)
{
    char now[32];
    sv_now(now);
    sv_exec(db, "BEGIN IMMEDIATE", "");
    for (int i = 0; i < p->n; i++) {
        long long vid = 0;
        if (strcmp(sv_last_action(db, p->v[i].dept, &vid), "approve") || vid != p->v[i].vid)
            continue;
        sv_exec(db,
                "INSERT INTO reviews(department_id, version_id, user_id, action, created)"
                " VALUES(?,?,?,'publish',?)",
                "iiit", p->v[i].dept, p->v[i].vid, p->user, now);
    }
    sv_exec(db, "UPDATE publications SET state='done', dir=?, departments=?, finished=? WHERE id=?",
            "titi", p->dir, (long long)p->n, now, p->pid);
    sv_audit(db, p->user, NULL, "publish done", p->dir);
    sv_exec(db, "COMMIT", "");
}

static void fail(sqlite3 *db, const pub_run *p, const char *reason)
{
    char now[32], why[128];
    sv_now(now);
    sv_exec(db, "UPDATE publications SET state='failed', reason=?, finished=? WHERE id=?", "tti",
            reason, now, p->pid);
    char *argv[] = {"/bin/rm", "-rf", "--", (char *)p->set, NULL};
    sv_spawn(argv, NULL, 60, why, sizeof why);
    fprintf(stderr, "budgetpdf serve: publication %lld failed: %s\n", p->pid, reason);
}

/* true once sv_publish_stop was called (SIGTERM). */
static bool stopping(sv_server *s)
{
    pthread_mutex_lock(&s->mu);
    bool stop = s->pub_stop;
    pthread_mutex_unlock(&s->mu);
    return stop;
}

/* The renders shared by the publisher's threads (under mu). */
typedef struct pub_pool {
    sv_server *s;
    pub_run *p;
    pthread_mutex_t mu;
    int next, failed;
    bool stopped;
} pub_pool;

/* One thread's share: the next item not yet done, until none is left or
 * the server stops; each thread has its own connection to the store. */
static void *render_some(void *arg)
{
    pub_pool *q = arg;
    sqlite3 *db = sv_db_open(q->s->o.bureau);
    for (;;) {
        pthread_mutex_lock(&q->mu);
        int i = q->next < q->p->n ? q->next++ : -1;
        if (i >= 0 && stopping(q->s)) q->stopped = true, i = -1;
        pthread_mutex_unlock(&q->mu);
        if (i < 0) break;
        if (still_done(q->p, &q->p->v[i])) continue;
        int rc = db ? sv_publish_item(q->s, db, &q->p->v[i], q->p->set) : -1;
        pthread_mutex_lock(&q->mu);
        q->failed += rc != 0;
        pthread_mutex_unlock(&q->mu);
    }
    sqlite3_close(db);
    return NULL;
}

/* Renders what is left, up to --jobs at once (each render takes one of
 * the check's slots, sv_job_slot, letting waiting checks go first); 1
 * when stopped, -1 when a department failed. */
static int render_all(sv_server *s, pub_run *p)
{
    pub_pool q = {.s = s, .p = p};
    pthread_t t[256];
    int n = s->o.max_jobs < p->n ? s->o.max_jobs : p->n, started = 0;
    if (n > 256) n = 256;
    pthread_mutex_init(&q.mu, NULL);
    while (started < n && !pthread_create(&t[started], NULL, render_some, &q))
        started++;
    if (!started) render_some(&q);
    for (int k = 0; k < started; k++)
        pthread_join(t[k], NULL);
    pthread_mutex_destroy(&q.mu);
    return q.stopped ? 1 : q.failed ? -1 : 0;
}

static void run_one(sv_server *s, sqlite3 *db, long long pid)
{
    pub_run p = {.pid = pid};
    sv_exec(db, "UPDATE publications SET state='running' WHERE id=?", "i", pid);
    snprintf(p.set, sizeof p.set, "%s/publish/.tmp-%lld", s->o.bureau, pid);
    if (load(db, &p)) {
        fail(db, &p, "发布任务没有部门");
        free(p.v);
        return;
    }
    struct stat st;
    bool placed = p.dir[0] && stat(p.set, &st) && !stat(p.dir, &st);
    int rc = 0;
    if (!placed) {
        if (mkdir(p.set, 0750) && errno != EEXIST) rc = -2;
        if (!rc) rc = render_all(s, &p);
    }
    if (rc == 1) {
        free(p.v);
        return; /* stopping: resumed at the next start */
    }
    char reason[512];
    long long nf = sv_scalar(
        db, "SELECT count(*) FROM publication_items WHERE publication_id=? AND state='failed'", 0,
        "i", pid);
    snprintf(reason, sizeof reason, "%lld 个部门未能生成，详见下表；处理后请重新发布", nf);
    if (rc == -1)
        fail(db, &p, reason);
    else if (rc || (!placed && write_index(db, &p)) || place(db, &p, s->o.bureau))
        fail(db, &p, "无法写入发布目录，请查看服务器日志");
    else
        record(db, &p);
    free(p.v);
}

void sv_publish_work(sv_server *s, sqlite3 *db)
{
    long long last = 0;
    while (!stopping(s)) {
        long long pid = sv_scalar(db,
                                  "SELECT id FROM publications WHERE state IN ('queued','running')"
                                  " ORDER BY id LIMIT 1",
                                  0, "");
        if (!pid || pid == last) return; /* none left, or one that would not move on */
        run_one(s, db, pid);
        last = pid;
    }
}
