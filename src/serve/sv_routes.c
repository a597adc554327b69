/* sv_routes.c — which page or action a request is: the login pages and
 * /healthz open to all; everything else for a logged-in user only, every
 * POST with the session's CSRF token, every department and version URL
 * through sv_dept.c's rights (not found when not the user's). */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "serve_priv.h"

static bool is(const sv_req *r, const char *method, const char *url)
{
    return !strcmp(r->method, method) && !strcmp(r->url, url);
}

/* /v/<id>[/rest] */
static int version_route(sv_req *r)
{
    long long vid = 0;
    int used = 0;
    char dir[PATH_MAX], path[PATH_MAX + 64], sha[80] = "";
    if (sscanf(r->url, "/v/%lld%n", &vid, &used) != 1 || vid <= 0) return -1;
    const char *rest = r->url + used;
    sv_dept d;
    if (!sv_version_dept(r, vid, &d)) return sv_reply_error(r, 404, "没有这个版本");
    if (!*rest && !strcmp(r->method, "GET")) return sv_version_page(r, vid, &d);
    int page = 0, n = 0;
    if (sscanf(rest, "/page/%d.png%n", &page, &n) == 1 && !rest[n] && page > 0) {
        long long pages = sv_scalar(r->db, "SELECT pages FROM versions WHERE id=?", 0, "i", vid);
        if (page > pages || sv_job_page(r->srv, r->db, vid, page, path, sizeof path))
            return sv_reply_error(r, 404, "没有这一页");
        return sv_reply_file(r, path, "image/png", NULL);
    }
    bool pdf = !strcmp(rest, "/pdf"), report = !strcmp(rest, "/report.pdf");
    if (!pdf && !report) return -1;
    sqlite3_stmt *st = sv_query(r->db,
                                pdf ? "SELECT COALESCE(pdf_sha256,'') FROM versions WHERE id=?"
                                    : "SELECT COALESCE(report_sha256,'') FROM versions WHERE id=?",
                                "i", vid);
    if (st && sqlite3_step(st) == SQLITE_ROW) snprintf(sha, sizeof sha, "%s", sv_col(st, 0));
    sqlite3_finalize(st);
    if (!sha[0]) return sv_reply_error(r, 404, "这个版本没有 PDF");
    sv_file_path(r->srv->o.bureau, sha, path, sizeof path);
    snprintf(dir, sizeof dir, "%s-%s.pdf", d.code, pdf ? d.name : "校验报告");
    sv_audit(r->db, r->uid, r->ip, pdf ? "download pdf" : "download report", d.code);
    return sv_reply_file(r, path, "application/pdf", dir);
}

/* /d/<code>[/action] */
static int dept_route(sv_req *r)
{
    char code[64] = "", action[32] = "";
    if (sscanf(r->url, "/d/%63[^/]/%31s", code, action) < 1) return -1;
    sv_dept d;
    if (!sv_dept_get(r, code, &d)) return sv_reply_error(r, 404, "没有这个部门");
    bool post = !strcmp(r->method, "POST");
    if (!action[0] && !post) return sv_dept_page(r, &d);
    if (!post) return -1;
    if (!strcmp(action, "upload")) return sv_upload(r, &d);
    if (!strcmp(action, "submit")) return sv_submit(r, &d);
    if (!strcmp(action, "return") || !strcmp(action, "approve"))
        return sv_review_action(r, &d, action);
    return -1;
}

/* /publish/<id>[/file] (GET) */
static int publish_route(sv_req *r)
{
    long long pid = 0;
    int used = 0;
    if (strcmp(r->method, "GET") || sscanf(r->url, "/publish/%lld%n", &pid, &used) != 1 || pid <= 0)
        return -1;
    const char *rest = r->url + used;
    if (!*rest) return sv_publish_page(r, pid);
    if (rest[0] != '/' || !rest[1] || strchr(rest + 1, '/')) return -1;
    return sv_publish_file(r, pid, rest + 1);
}

static int logged_in(sv_req *r)
{
    bool post = !strcmp(r->method, "POST");
    if (post && r->too_large) return sv_reply_error(r, 413, "上传的文件超过大小限制");
    if (post && !sv_csrf_ok(r)) return sv_reply_error(r, 403, "表单令牌无效，请刷新页面后重试");
    if (is(r, "GET", "/")) return sv_home(r);
    if (is(r, "GET", "/review")) return sv_review_page(r);
    if (is(r, "POST", "/publish")) return sv_publish(r);
    if (is(r, "POST", "/logout")) return sv_logout(r);
    int rc = -1;
    if (!strncmp(r->url, "/d/", 3))
        rc = dept_route(r);
    else if (!strncmp(r->url, "/v/", 3))
        rc = version_route(r);
    else if (!strncmp(r->url, "/publish/", 9))
        rc = publish_route(r);
    return rc < 0 ? sv_reply_error(r, 404, "页面不存在") : rc;
}

int sv_route(sv_req *r)
{
    if (is(r, "GET", "/healthz")) {
        if (!sv_req_db(r)) return sv_reply_text(r, 503, "store unavailable\n");
        return sv_reply_text(r, 200, "ok\n");
    }
    if (is(r, "GET", "/favicon.ico")) return sv_reply_text(r, 404, "");
    if (strcmp(r->method, "GET") && strcmp(r->method, "POST"))
        return sv_reply_text(r, 405, "method not allowed\n");
    if (!sv_req_db(r)) return sv_reply_text(r, 503, "store unavailable\n");
    sv_session_load(r);
    if (is(r, "GET", "/login")) return sv_login_page(r, NULL, 200);
    if (is(r, "POST", "/login")) return sv_login_post(r);
    if (r->uid <= 0) {
        if (!strcmp(r->method, "GET")) return sv_redirect(r, "/login", NULL);
        return sv_reply_error(r, 403, "请先登录");
    }
    return logged_in(r);
}
