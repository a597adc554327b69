/* sv_publish.c — the publication set of every approved department:
 * BUREAU_DIR/publish/<date>[-n]/ with each department's approved PDF
 * (the bytes the check's render wrote, named by code and name), index.html
 * and publication.csv; written whole in a hidden folder, synced, renamed
 * into place, then recorded (the departments become 已发布). */
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

typedef struct pub_item {
    long long dept, vid, n, pages;
    char code[64], name[256], sha[65], file[400];
} pub_item;

static void csv_cell(sv_buf *b, const char *s, bool last)
{
    sv_put(b, "\"");
    for (const char *p = s; *p; p++)
        sv_putn(b, *p == '"' ? "\"\"" : p, *p == '"' ? 2 : 1);
    sv_put(b, last ? "\"\r\n" : "\",");
}

/* name with / and control characters replaced. */
static void file_name(pub_item *it)
{
    snprintf(it->file, sizeof it->file, "%s-%s.pdf", it->code, it->name);
    for (char *p = it->file; *p; p++)
        if (*p == '/' || *p == '\\' || (unsigned char)*p < 0x20) *p = '_';
}

static int list_approved(sqlite3 *db, pub_item **out)
{
    sqlite3_stmt *st = sv_query(db, "SELECT id, code, name FROM departments ORDER BY code", "");
    int n = 0, cap = 0;
    pub_item *v = NULL;
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        long long vid = 0, dept = sqlite3_column_int64(st, 0);
        if (strcmp(sv_last_action(db, dept, &vid), "approve")) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            pub_item *p = realloc(v, (size_t)cap * sizeof *v);
            if (!p) break;
            v = p;
        }
        pub_item *it = &v[n];
        *it = (pub_item){.dept = dept, .vid = vid};
        snprintf(it->code, sizeof it->code, "%s", sv_col(st, 1));
        snprintf(it->name, sizeof it->name, "%s", sv_col(st, 2));
        sqlite3_stmt *q = sv_query(
            db, "SELECT COALESCE(pdf_sha256,''), n, pages FROM versions WHERE id=?", "i", vid);
        if (q && sqlite3_step(q) == SQLITE_ROW) {
            snprintf(it->sha, sizeof it->sha, "%s", sv_col(q, 0));
            it->n = sqlite3_column_int64(q, 1), it->pages = sqlite3_column_int64(q, 2);
        }
        sqlite3_finalize(q);
        file_name(it);
        if (it->sha[0]) n++;
    }
    sqlite3_finalize(st);
    *out = v;
    return n;
}

static int write_set(const char *bureau, const char *tmp, const pub_item *v, int n)
{
    sv_buf idx = {0}, csv = {0};
    char path[PATH_MAX], src[PATH_MAX];
    sv_put(&idx, "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                 "<title>部门预算公开</title></head><body><h1>部门预算公开</h1><ul>\n");
    sv_put(&csv, "\xEF\xBB\xBF部门代码,部门名称,文件,版本,sha256\r\n");
    int rc = 0;
    for (int i = 0; i < n && !rc; i++) {
        sv_file_path(bureau, v[i].sha, src, sizeof src);
        snprintf(path, sizeof path, "%s/%s", tmp, v[i].file);
        rc = link(src, path);
        sv_put(&idx, "<li><a href=\"");
        sv_url(&idx, v[i].file);
        sv_put(&idx, "\">");
        sv_esc(&idx, v[i].name);
        sv_put(&idx, "</a></li>\n");
        char num[32];
        snprintf(num, sizeof num, "%lld", v[i].n);
        csv_cell(&csv, v[i].code, false), csv_cell(&csv, v[i].name, false);
        csv_cell(&csv, v[i].file, false), csv_cell(&csv, num, false);
        csv_cell(&csv, v[i].sha, true);
    }
    sv_put(&idx, "</ul></body></html>\n");
    snprintf(path, sizeof path, "%s/index.html", tmp);
    if (!rc) rc = sv_write_file(path, idx.p, idx.n);
    snprintf(path, sizeof path, "%s/publication.csv", tmp);
    if (!rc) rc = sv_write_file(path, csv.p, csv.n);
    free(idx.p);
    free(csv.p);
    int fd = open(tmp, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) fsync(fd), close(fd);
    return rc;
}

/* Renames tmp to publish/<date>, -2, -3 ... (final: the name taken). */
static int place(const char *bureau, const char *tmp, char *final, size_t size)
{
    char day[16];
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(day, sizeof day, "%Y-%m-%d", &tm);
    for (int k = 1; k < 1000; k++) {
        if (k == 1)
            snprintf(final, size, "%s/publish/%s", bureau, day);
        else
            snprintf(final, size, "%s/publish/%s-%d", bureau, day, k);
        struct stat st;
        if (!stat(final, &st)) continue;
        if (!rename(tmp, final)) {
            char dir[PATH_MAX];
            snprintf(dir, sizeof dir, "%s/publish", bureau);
            int fd = open(dir, O_RDONLY | O_DIRECTORY);
            if (fd >= 0) fsync(fd), close(fd);
            return 0;
        }
        return -1;
    }
    return -1;
}

static void record(sv_req *r, const pub_item *v, int n, const char *final, long long pid)
{
    char now[32];
    sv_now(now);
    sv_exec(r->db, "BEGIN IMMEDIATE", "");
    for (int i = 0; i < n; i++)
        sv_exec(r->db,
                "INSERT INTO reviews(department_id, version_id, user_id, action, created)"
                " VALUES(?,?,?,'publish',?)",
                "iiit", v[i].dept, v[i].vid, r->uid, now);
    sv_exec(r->db, "UPDATE publications SET state='done', dir=?, departments=? WHERE id=?", "tii",
            final, (long long)n, pid);
    sv_audit(r->db, r->uid, r->ip, "publish", final);
    sv_exec(r->db, "COMMIT", "");
}

int sv_publish(sv_req *r)
{
    if (!strcmp(r->role, "clerk")) return sv_reply_error(r, 403, "只有审核员可以发布");
    pub_item *v = NULL;
    int n = list_approved(r->db, &v);
    if (!n) {
        free(v);
        return sv_reply_error(r, 409, "没有已通过审核的部门");
    }
    char now[32], tmp[PATH_MAX], final[PATH_MAX];
    sv_now(now);
    sv_exec(r->db, "INSERT INTO publications(created, user_id, state) VALUES(?,?,'running')", "ti",
            now, r->uid);
    long long pid = sqlite3_last_insert_rowid(r->db);
    snprintf(tmp, sizeof tmp, "%s/publish", r->srv->o.bureau);
    sv_mkdirs(tmp);
    snprintf(tmp, sizeof tmp, "%s/publish/.tmp-%lld", r->srv->o.bureau, pid);
    int rc = mkdir(tmp, 0750) || write_set(r->srv->o.bureau, tmp, v, n) ||
             place(r->srv->o.bureau, tmp, final, sizeof final);
    if (rc) {
        sv_exec(r->db, "UPDATE publications SET state='failed' WHERE id=?", "i", pid);
        free(v);
        return sv_reply_error(r, 500, "发布失败，请查看服务器日志");
    }
    record(r, v, n, final, pid);
    free(v);
    return sv_redirect(r, "/review", NULL);
}
