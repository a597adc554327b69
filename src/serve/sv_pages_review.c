/* sv_pages_review.c — the reviewer's side: every department in one table
 * (status, last upload, counts; a filter by status), return with a
 * comment or approve a submission, and the publications so far. */
#include <stdio.h>
#include <string.h>

#include "serve_priv.h"

static const char *const statuses[] = {"未提交", "有错误", "待审核", "已退回", "已通过", "已发布"};

static void filter_html(sv_buf *b, const char *want)
{
    sv_put(b, "<p>筛选：<a href=\"/review\">全部</a>");
    for (int i = 0; i < 6; i++) {
        sv_put(b, " · <a href=\"/review?status=");
        sv_url(b, statuses[i]);
        sv_printf(b, "\">%s%s%s</a>", want && !strcmp(want, statuses[i]) ? "<b>" : "", statuses[i],
                  want && !strcmp(want, statuses[i]) ? "</b>" : "");
    }
    sv_put(b, "</p>");
}

static void row_html(sv_buf *b, sqlite3_stmt *st, const char *status)
{
    sv_put(b, "<tr class=\"dept\"><td>");
    sv_esc(b, sv_col(st, 5));
    sv_put(b, "</td><td><a href=\"/d/");
    sv_url(b, sv_col(st, 5));
    sv_put(b, "\">");
    sv_esc(b, sv_col(st, 6));
    sv_printf(b, "</a></td><td class=\"status\">%s</td><td>", status);
    sv_esc(b, sv_col(st, 7));
    sv_put(b, "</td><td>");
    if (sqlite3_column_type(st, 0) != SQLITE_NULL) sv_result_html(b, st, 0);
    sv_put(b, "</td></tr>");
}

static void publications_html(sv_buf *b, sqlite3 *db)
{
    sqlite3_stmt *st = sv_query(db,
                                "SELECT created, dir, state, COALESCE(total, departments),"
                                " id FROM publications"
                                " ORDER BY id DESC LIMIT 20",
                                "");
    sv_put(b, "<h2>发布记录</h2><table id=\"publications\"><tr><th>时间</th><th>目录</th>"
              "<th>状态</th><th>部门数</th></tr>");
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        const char *state = sv_col(st, 2);
        sv_printf(b, "<tr><td><a href=\"/publish/%lld\">", sqlite3_column_int64(st, 4));
        sv_esc(b, sv_col(st, 0));
        sv_put(b, "</a></td><td>");
        sv_esc(b, sv_col(st, 1));
        sv_printf(b, "</td><td>%s</td><td>",
                  !strcmp(state, "done")     ? "已完成"
                  : !strcmp(state, "failed") ? "失败"
                  : !strcmp(state, "queued") ? "排队中"
                                             : "进行中");
        sv_printf(b, "%lld</td></tr>", sqlite3_column_int64(st, 3));
    }
    sqlite3_finalize(st);
    sv_put(b, "</table>");
}

int sv_review_page(sv_req *r)
{
    if (!strcmp(r->role, "clerk")) return sv_reply_error(r, 403, "只有审核员可以查看");
    const char *want = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "status");
    sv_buf b = {0};
    sv_page_begin(&b, r, "各部门预算公开审核");
    filter_html(&b, want);
    sqlite3_stmt *st = sv_query(r->db,
                                "SELECT " SV_RESULT_COLS ", d.code, d.name, COALESCE(v.created,''),"
                                " d.id FROM departments d LEFT JOIN versions v ON v.id=(SELECT id"
                                " FROM versions WHERE department_id=d.id ORDER BY n DESC LIMIT 1)"
                                " ORDER BY d.code",
                                "");
    sv_put(&b, "<table id=\"departments\"><tr><th>代码</th><th>部门</th><th>状态</th>"
               "<th>最近上传</th><th>最新版本检查结果</th></tr>");
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        const char *status = sv_dept_status(r->db, sqlite3_column_int64(st, 8), NULL, 0);
        if (!want || !*want || !strcmp(want, status)) row_html(&b, st, status);
    }
    sqlite3_finalize(st);
    long long live = sv_scalar(
        r->db, "SELECT id FROM publications WHERE state IN ('queued','running') LIMIT 1", 0, "");
    sv_put(&b, "</table>");
    if (live)
        sv_printf(&b, "<p id=\"publishing\">正在发布：<a href=\"/publish/%lld\">查看进度</a></p>",
                  live);
    sv_printf(&b,
              "<form method=\"post\" action=\"/publish\"><input type=\"hidden\" "
              "name=\"csrf\" value=\"%s\"><button id=\"publish\">发布全部已通过的部门</button>"
              "</form>",
              r->csrf);
    publications_html(&b, r->db);
    sv_page_end(&b);
    return sv_reply_html(r, 200, &b);
}

int sv_review_action(sv_req *r, const sv_dept *d, const char *action)
{
    if (!strcmp(r->role, "clerk")) return sv_reply_error(r, 403, "只有审核员可以审核");
    long long vid = 0;
    if (strcmp(sv_last_action(r->db, d->id, &vid), "submit"))
        return sv_reply_error(r, 409, "该部门没有待审核的提交");
    const char *comment = sv_field(r, "comment");
    if (!strcmp(action, "return") && (!comment || !*comment))
        return sv_reply_error(r, 400, "退回时请填写意见");
    char now[32], to[200];
    sv_now(now);
    sv_exec(r->db,
            "INSERT INTO reviews(department_id, version_id, user_id, action, comment, created)"
            " VALUES(?,?,?,?,?,?)",
            "iiittt", d->id, vid, r->uid, action, comment, now);
    sv_audit(r->db, r->uid, r->ip, action, d->code);
    snprintf(to, sizeof to, "/d/%s", d->code);
    return sv_redirect(r, to, NULL);
}
