/* sv_publish.c — publishing as a job: POST /publish records a publication
 * (state queued) with one item per approved department and answers at
 * once with its progress page; one publisher thread runs the queue
 * (sv_publish_run.c). At start a publication a crash interrupted is kept
 * to resume. docs/server.md, "Publishing". */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve_priv.h"

/* code-name.pdf with / \ and control characters replaced. */
static void file_name(char *out, size_t size, const char *code, const char *name)
{
    snprintf(out, size, "%s-%s.pdf", code, name);
    for (char *p = out; *p; p++)
        if (*p == '/' || *p == '\\' || (unsigned char)*p < 0x20) *p = '_';
}

/* One item per approved department whose approved version has a PDF;
 * their number. Inside the caller's transaction. */
static long long queue_items(sqlite3 *db, long long pid)
{
    sqlite3_stmt *st = sv_query(db, "SELECT id, code, name FROM departments ORDER BY code", "");
    long long n = 0;
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        long long vid = 0, dept = sqlite3_column_int64(st, 0);
        if (strcmp(sv_last_action(db, dept, &vid), "approve")) continue;
        char sha[80] = "", file[400];
        sqlite3_stmt *q =
            sv_query(db, "SELECT COALESCE(pdf_sha256,'') FROM versions WHERE id=?", "i", vid);
        if (q && sqlite3_step(q) == SQLITE_ROW) snprintf(sha, sizeof sha, "%s", sv_col(q, 0));
        sqlite3_finalize(q);
        if (!sha[0]) continue;
        file_name(file, sizeof file, sv_col(st, 1), sv_col(st, 2));
        if (sv_exec(db,
                    "INSERT INTO publication_items(publication_id, seq, department_id,"
                    " version_id, code, name, file, approved_sha256) VALUES(?,?,?,?,?,?,?,?)",
                    "iiiitttt", pid, n + 1, dept, vid, sv_col(st, 1), sv_col(st, 2), file,
                    sha) == SQLITE_DONE)
            n++;
    }
    sqlite3_finalize(st);
    return n;
}

int sv_publish(sv_req *r)
{
    if (!strcmp(r->role, "clerk")) return sv_reply_error(r, 403, "只有审核员可以发布");
    char now[32], to[64];
    sv_now(now);
    if (sv_exec(r->db, "BEGIN IMMEDIATE", "") != SQLITE_DONE)
        return sv_reply_error(r, 503, "数据库忙，请稍后重试");
    long long pid = sv_scalar(
        r->db, "SELECT id FROM publications WHERE state IN ('queued','running') LIMIT 1", 0, "");
    if (pid) { /* one at a time: show the one under way */
        sv_exec(r->db, "COMMIT", "");
        snprintf(to, sizeof to, "/publish/%lld", pid);
        return sv_redirect(r, to, NULL);
    }
    sv_exec(r->db, "INSERT INTO publications(created, user_id, state) VALUES(?,?,'queued')", "ti",
            now, r->uid);
    pid = sqlite3_last_insert_rowid(r->db);
    long long n = queue_items(r->db, pid);
    if (!n) {
        sv_exec(r->db, "ROLLBACK", "");
        return sv_reply_error(r, 409, "没有已通过审核的部门");
    }
    sv_exec(r->db, "UPDATE publications SET total=? WHERE id=?", "ii", n, pid);
    snprintf(to, sizeof to, "publication %lld queued (%lld departments)", pid, n);
    sv_audit(r->db, r->uid, r->ip, "publish", to);
    if (sv_exec(r->db, "COMMIT", "") != SQLITE_DONE) {
        sv_exec(r->db, "ROLLBACK", "");
        return sv_reply_error(r, 500, "无法记录发布任务");
    }
    sv_publish_kick(r->srv);
    snprintf(to, sizeof to, "/publish/%lld", pid);
    return sv_redirect(r, to, NULL);
}

/* ---- the publisher thread ---- */

static void *publisher(void *arg)
{
    sv_server *s = arg;
    sqlite3 *db = sv_db_open(s->o.bureau);
    for (;;) {
        pthread_mutex_lock(&s->mu);
        s->pub_more = false;
        pthread_mutex_unlock(&s->mu);
        if (db) sv_publish_work(s, db);
        pthread_mutex_lock(&s->mu);
        bool again = db && s->pub_more && !s->pub_stop;
        if (!again) {
            s->pub_active = false;
            pthread_cond_broadcast(&s->pub_cv);
        }
        pthread_mutex_unlock(&s->mu);
        if (!again) break;
    }
    sqlite3_close(db);
    return NULL;
}

void sv_publish_kick(sv_server *s)
{
    pthread_mutex_lock(&s->mu);
    s->pub_more = true;
    if (!s->pub_active && !s->pub_stop) {
        pthread_t t;
        pthread_attr_t a;
        pthread_attr_init(&a);
        pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
        if (!pthread_create(&t, &a, publisher, s))
            s->pub_active = true;
        else
            fprintf(stderr, "serve: cannot start the publisher thread\n");
        pthread_attr_destroy(&a);
    }
    pthread_mutex_unlock(&s->mu);
}

void sv_publish_stop(sv_server *s)
{
    pthread_mutex_lock(&s->mu);
    s->pub_stop = true;
    while (s->pub_active)
        pthread_cond_wait(&s->pub_cv, &s->mu);
    pthread_mutex_unlock(&s->mu);
}

/* ---- after a crash ---- */

/* Removes the folders dir/<prefix>*, but (keep) those of a publication
 * still queued or running. */
static void sweep_dirs(sqlite3 *db, const char *dir, const char *prefix, bool keep)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t n = strlen(prefix);
    while (d && (e = readdir(d))) {
        if (strncmp(e->d_name, prefix, n)) continue;
        long long pid = atoll(e->d_name + n);
        if (keep && sv_scalar(db,
                              "SELECT count(*) FROM publications WHERE id=? AND"
                              " state IN ('queued','running')",
                              0, "i", pid))
            continue;
        char path[PATH_MAX], why[128];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        char *argv[] = {"/bin/rm", "-rf", "--", path, NULL};
        sv_spawn(argv, NULL, 60, why, sizeof why);
    }
    if (d) closedir(d);
}

void sv_publish_recover(sv_server *s, sqlite3 *db)
{
    char now[32], dir[PATH_MAX];
    pthread_cond_init(&s->pub_cv, NULL);
    sv_now(now);
    /* a publish of an older budgetpdf (no items) cannot be resumed */
    sv_exec(db,
            "UPDATE publications SET state='failed', finished=?, reason='服务器在发布时中断，"
            "请重新发布' WHERE state IN ('queued','running') AND id NOT IN"
            " (SELECT publication_id FROM publication_items)",
            "t", now);
    sv_exec(db, "UPDATE publication_items SET state='pending' WHERE state='running'", "");
    snprintf(dir, sizeof dir, "%s/publish", s->o.bureau);
    sweep_dirs(db, dir, ".tmp-", true);
    snprintf(dir, sizeof dir, "%s/work", s->o.bureau);
    sweep_dirs(db, dir, "pub-", false);
    long long left = sv_scalar(
        db, "SELECT count(*) FROM publications WHERE state IN ('queued','running')", 0, "");
    if (left) fprintf(stderr, "budgetpdf serve: resuming %lld interrupted publication(s)\n", left);
}
