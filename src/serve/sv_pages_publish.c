/* sv_pages_publish.c — a publication's progress page (/publish/ID: N / M
 * departments, the one being rendered, failures with their reasons; it
 * refreshes itself with <meta http-equiv="refresh"> while the job runs,
 * no script) and, once done, the files of its set (/publish/ID/FILE). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve_priv.h"

static const char *state_word(const char *state)
{
    return !strcmp(state, "done")      ? "已完成"
           : !strcmp(state, "failed")  ? "失败"
           : !strcmp(state, "running") ? "进行中"
           : !strcmp(state, "queued")  ? "排队中"
                                       : "等待";
}

static const char *item_word(const char *state)
{
    return !strcmp(state, "done")      ? "已生成"
           : !strcmp(state, "failed")  ? "失败"
           : !strcmp(state, "running") ? "生成中"
                                       : "等待";
}

/* The house page, with a refresh every 2 s when live. */
static void begin(sv_buf *b, const sv_req *r, bool live)
{
    sv_buf t = {0};
    sv_page_begin(&t, r, "发布进度");
    const char *at = live && t.p ? strstr(t.p, "<title>") : NULL;
    if (at) {
        sv_putn(b, t.p, (size_t)(at - t.p));
        sv_put(b, "<meta http-equiv=\"refresh\" content=\"2\">");
        sv_put(b, at);
    } else if (t.p)
        sv_put(b, t.p);
    free(t.p);
}

static void items_html(sv_buf *b, sqlite3 *db, long long pid, bool done)
{
    sqlite3_stmt *st = sv_query(db,
                                "SELECT seq, code, name, file, state, COALESCE(message,'')"
                                " FROM publication_items WHERE publication_id=? ORDER BY seq",
                                "i", pid);
    sv_put(b, "<table id=\"pub-items\"><tr><th>序号</th><th>代码</th><th>部门</th><th>状态</th>"
              "<th>文件或原因</th></tr>");
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        const char *state = sv_col(st, 4);
        sv_printf(b, "<tr class=\"item %s\"><td>%lld</td><td>", state, sqlite3_column_int64(st, 0));
        sv_esc(b, sv_col(st, 1));
        sv_put(b, "</td><td>");
        sv_esc(b, sv_col(st, 2));
        sv_printf(b, "</td><td>%s</td><td>", item_word(state));
        if (done) {
            sv_printf(b, "<a href=\"/publish/%lld/", pid);
            sv_url(b, sv_col(st, 3));
            sv_put(b, "\">");
            sv_esc(b, sv_col(st, 3));
            sv_put(b, "</a>");
        } else
            sv_esc(b, sv_col(st, 5));
        sv_put(b, "</td></tr>");
    }
    sqlite3_finalize(st);
    sv_put(b, "</table>");
}

static void summary_html(sv_buf *b, sv_req *r, long long pid, sqlite3_stmt *p)
{
    const char *state = sv_col(p, 0);
    long long total = sqlite3_column_int64(p, 1);
    long long done = sv_scalar(
        r->db, "SELECT count(*) FROM publication_items WHERE publication_id=? AND state='done'", 0,
        "i", pid);
    sv_printf(b, "<p>状态：<b id=\"pub-state\">%s</b>（开始于 ", state_word(state));
    sv_esc(b, sv_col(p, 3));
    sv_printf(b,
              "）</p><p id=\"pub-progress\">已生成 <b>%lld</b> / %lld 个部门 "
              "<progress value=\"%lld\" max=\"%lld\"></progress></p>",
              done, total, done, total);
    sqlite3_stmt *cur = sv_query(r->db,
                                 "SELECT code, name FROM publication_items WHERE"
                                 " publication_id=? AND state='running' LIMIT 1",
                                 "i", pid);
    if (cur && sqlite3_step(cur) == SQLITE_ROW) {
        sv_put(b, "<p id=\"pub-current\">正在生成：");
        sv_esc(b, sv_col(cur, 0));
        sv_put(b, " ");
        sv_esc(b, sv_col(cur, 1));
        sv_put(b, "</p>");
    }
    sqlite3_finalize(cur);
    if (!strcmp(state, "failed")) {
        sv_put(b, "<p class=\"msg\" id=\"pub-reason\">发布失败：");
        sv_esc(b, sv_col(p, 2));
        sv_printf(b,
                  "</p><form method=\"post\" action=\"/publish\"><input type=\"hidden\" "
                  "name=\"csrf\" value=\"%s\"><button id=\"republish\">重新发布</button></form>",
                  r->csrf);
    }
    if (!strcmp(state, "done")) {
        const char *dir = sv_col(p, 4), *bureau = r->srv->o.bureau;
        size_t n = strlen(bureau);
        if (!strncmp(dir, bureau, n) && dir[n] == '/') dir += n + 1; /* publish/DATE */
        sv_put(b, "<p id=\"pub-links\">发布目录 ");
        sv_esc(b, dir);
        sv_printf(b,
                  "：<a href=\"/publish/%lld/index.html\">索引页 index.html</a> · "
                  "<a href=\"/publish/%lld/publication.csv\">清单 publication.csv</a></p>",
                  pid, pid);
    }
}

int sv_publish_page(sv_req *r, long long pid)
{
    if (!strcmp(r->role, "clerk")) return sv_reply_error(r, 403, "只有审核员可以查看");
    sqlite3_stmt *p = sv_query(r->db,
                               "SELECT state, COALESCE(total,0), COALESCE(reason,''), created,"
                               " COALESCE(dir,'') FROM publications WHERE id=?",
                               "i", pid);
    if (!p || sqlite3_step(p) != SQLITE_ROW) {
        sqlite3_finalize(p);
        return sv_reply_error(r, 404, "没有这次发布");
    }
    const char *state = sv_col(p, 0);
    bool live = !strcmp(state, "queued") || !strcmp(state, "running");
    bool done = !strcmp(state, "done");
    sv_buf b = {0};
    begin(&b, r, live);
    summary_html(&b, r, pid, p);
    sqlite3_finalize(p);
    items_html(&b, r->db, pid, done);
    sv_put(&b, "<p><a href=\"/review\">返回各部门审核</a></p>");
    sv_page_end(&b);
    return sv_reply_html(r, 200, &b);
}

int sv_publish_file(sv_req *r, long long pid, const char *name)
{
    if (!strcmp(r->role, "clerk")) return sv_reply_error(r, 403, "只有审核员可以查看");
    char dir[PATH_MAX] = "", path[PATH_MAX + 512];
    sqlite3_stmt *st = sv_query(
        r->db, "SELECT COALESCE(dir,'') FROM publications WHERE id=? AND state='done'", "i", pid);
    if (st && sqlite3_step(st) == SQLITE_ROW) snprintf(dir, sizeof dir, "%s", sv_col(st, 0));
    sqlite3_finalize(st);
    if (!dir[0]) return sv_reply_error(r, 404, "这次发布没有完成");
    const char *type = !strcmp(name, "index.html")        ? "text/html; charset=utf-8"
                       : !strcmp(name, "publication.csv") ? "text/csv; charset=utf-8"
                                                          : NULL;
    /* only the set's own names: no path from the request reaches the disk */
    if (!type && !sv_scalar(r->db,
                            "SELECT count(*) FROM publication_items WHERE publication_id=?"
                            " AND file=?",
                            0, "it", pid, name))
        return sv_reply_error(r, 404, "发布目录中没有这个文件");
    snprintf(path, sizeof path, "%s/%s", dir, name);
    sv_audit(r->db, r->uid, r->ip, "download publication", path);
    return sv_reply_file(r, path, type ? type : "application/pdf", NULL);
}
