/* sv_pages_dept.c — the clerk's side: the home page (one's departments),
 * a department's page (status, the reviewer's comment, upload, versions,
 * submit; for a reviewer also return and approve), an upload and a
 * submission. */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "serve_priv.h"

int sv_home(sv_req *r)
{
    if (strcmp(r->role, "clerk")) return sv_redirect(r, "/review", NULL);
    sv_buf b = {0};
    sv_page_begin(&b, r, "我的部门");
    sqlite3_stmt *st = sv_query(r->db,
                                "SELECT d.id, d.code, d.name FROM departments d JOIN"
                                " user_departments ud ON ud.department_id=d.id WHERE ud.user_id=?"
                                " ORDER BY d.code",
                                "i", r->uid);
    sv_put(&b, "<table><tr><th>代码</th><th>部门</th><th>状态</th></tr>");
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        sv_put(&b, "<tr><td>");
        sv_esc(&b, sv_col(st, 1));
        sv_put(&b, "</td><td><a href=\"/d/");
        sv_url(&b, sv_col(st, 1));
        sv_put(&b, "\">");
        sv_esc(&b, sv_col(st, 2));
        sv_printf(&b, "</a></td><td>%s</td></tr>",
                  sv_dept_status(r->db, sqlite3_column_int64(st, 0), NULL, 0));
    }
    sqlite3_finalize(st);
    sv_put(&b, "</table>");
    sv_page_end(&b);
    return sv_reply_html(r, 200, &b);
}

static void form_open(sv_buf *b, const sv_req *r, const sv_dept *d, const char *action,
                      const char *extra)
{
    sv_put(b, "<form method=\"post\" action=\"/d/");
    sv_url(b, d->code);
    sv_printf(b, "/%s\"%s><input type=\"hidden\" name=\"csrf\" value=\"%s\">", action, extra,
              r->csrf);
}

static void versions_html(sv_buf *b, sqlite3 *db, const sv_dept *d)
{
    sqlite3_stmt *st =
        sv_query(db,
                 "SELECT " SV_RESULT_COLS ", v.id, v.n, v.created, u.name, v.filename"
                 " FROM versions v JOIN users u ON u.id=v.user_id"
                 " WHERE v.department_id=? ORDER BY v.n DESC",
                 "i", d->id);
    sv_put(b, "<h2>历次版本</h2><table id=\"versions\"><tr><th>版本</th><th>上传时间</th>"
              "<th>上传人</th><th>文件</th><th>检查结果</th></tr>");
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        sv_printf(b, "<tr><td><a href=\"/v/%lld\">第 %lld 版</a></td><td>",
                  sqlite3_column_int64(st, 5), sqlite3_column_int64(st, 6));
        for (int i = 7; i <= 9; i++) {
            sv_esc(b, sv_col(st, i));
            sv_put(b, i < 9 ? "</td><td>" : "</td><td>");
        }
        sv_result_html(b, st, 0);
        sv_put(b, "</td></tr>");
    }
    sqlite3_finalize(st);
    sv_put(b, "</table>");
}

static void reviews_html(sv_buf *b, sqlite3 *db, const sv_dept *d)
{
    static const char *const zh[][2] = {
        {"submit", "提交审核"}, {"return", "退回"}, {"approve", "审核通过"}, {"publish", "发布"}};
    sqlite3_stmt *st = sv_query(db,
                                "SELECT r.action, r.created, u.name, COALESCE(r.comment,''),"
                                " COALESCE(v.n,0), COALESCE(v.id,0) FROM reviews r JOIN users u"
                                " ON u.id=r.user_id"
                                " LEFT JOIN versions v ON v.id=r.version_id"
                                " WHERE r.department_id=? ORDER BY r.id DESC",
                                "i", d->id);
    sv_put(b, "<h2>审核记录</h2><table id=\"reviews\"><tr><th>操作</th><th>版本</th><th>时间</th>"
              "<th>操作人</th><th>意见</th></tr>");
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        const char *a = sv_col(st, 0), *w = a;
        for (int i = 0; i < 4; i++)
            if (!strcmp(a, zh[i][0])) w = zh[i][1];
        sv_printf(b, "<tr><td>%s</td><td><a href=\"/v/%lld\">第 %lld 版</a></td><td>", w,
                  sqlite3_column_int64(st, 5), sqlite3_column_int64(st, 4));
        sv_esc(b, sv_col(st, 1));
        sv_put(b, "</td><td>");
        sv_esc(b, sv_col(st, 2));
        sv_put(b, "</td><td>");
        sv_esc(b, sv_col(st, 3));
        sv_put(b, "</td></tr>");
    }
    sqlite3_finalize(st);
    sv_put(b, "</table>");
}

static void actions_html(sv_buf *b, const sv_req *r, const sv_dept *d, const char *status)
{
    bool clerk = !strcmp(r->role, "clerk");
    if (clerk || !strcmp(r->role, "admin")) {
        sv_put(b, "<h2>上传工作簿</h2>");
        form_open(b, r, d, "upload", " enctype=\"multipart/form-data\"");
        sv_put(b, "<p><label>工作簿（必选）<input type=\"file\" name=\"workbook\" id=\"workbook\" "
                  "accept=\".xlsx,.xls\"></label></p><p><label>文本（可选，.md 或 .docx）"
                  "<input type=\"file\" name=\"text\" id=\"text\" accept=\".md,.txt,.docx\">"
                  "</label> <label>上年数（可选，.yaml 或上年工作簿）<input type=\"file\" "
                  "name=\"previous\" id=\"previous\" accept=\".yaml,.yml,.xlsx,.xls\">"
                  "</label></p>"
                  "<p><button id=\"upload\">上传并检查</button></p></form>");
        long long ok = sv_scalar(r->db,
                                 "SELECT status='ok' FROM versions WHERE department_id=?"
                                 " ORDER BY n DESC LIMIT 1",
                                 0, "i", d->id);
        if (ok && (!strcmp(status, "未提交") || !strcmp(status, "已退回"))) {
            form_open(b, r, d, "submit", "");
            sv_put(b, "<button id=\"submit\">提交最新版本审核</button></form>");
        }
    }
    if (!clerk && !strcmp(status, "待审核")) {
        sv_put(b, "<h2>审核</h2>");
        form_open(b, r, d, "return", "");
        sv_put(b,
               "<p><textarea name=\"comment\" id=\"comment\" placeholder=\"退回意见\"></textarea>"
               "</p><button id=\"return\">退回修改</button></form><p></p>");
        form_open(b, r, d, "approve", "");
        sv_put(b, "<button id=\"approve\">审核通过</button></form>");
    }
}

int sv_dept_page(sv_req *r, const sv_dept *d)
{
    char comment[2048];
    const char *status = sv_dept_status(r->db, d->id, comment, sizeof comment);
    sv_buf b = {0};
    sv_page_begin(&b, r, d->name);
    sv_put(&b, "<p>部门代码 ");
    sv_esc(&b, d->code);
    sv_printf(&b, " · 状态：<b id=\"dept-status\">%s</b></p>", status);
    if (*comment) {
        sv_put(&b, "<p class=\"msg\" id=\"return-comment\">审核意见：");
        sv_esc(&b, comment);
        sv_put(&b, "</p>");
    }
    actions_html(&b, r, d, status);
    versions_html(&b, r->db, d);
    reviews_html(&b, r->db, d);
    sv_page_end(&b);
    return sv_reply_html(r, 200, &b);
}

/* The upload's name made safe: no folders, no control or shell-special
 * characters, no leading dot; "" unless it ends in one of exts. */
static void safe_name(const char *in, char *out, size_t size, const char *const *exts)
{
    const char *base = in;
    for (const char *p = in; *p; p++)
        if (*p == '/' || *p == '\\') base = p + 1;
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)base; *p && n + 1 < size && n < 150; p++) {
        if (*p < 0x20 || *p == 0x7f || strchr("\"<>|:*?'`$", *p)) continue;
        if (n == 0 && (*p == '.' || *p == ' ' || *p == '-')) continue;
        out[n++] = (char)*p;
    }
    while (n && ((unsigned char)out[n - 1] & 0xC0) == 0x80 && n >= 150)
        n--; /* never cut a character in two */
    out[n] = 0;
    const char *dot = strrchr(out, '.');
    bool ok = false;
    for (int i = 0; exts[i]; i++)
        ok |= dot && dot != out && !strcasecmp(dot, exts[i]);
    if (!ok) out[0] = 0;
}

static const char *const exts[SV_UPLOADS][5] = {{".xlsx", ".xls", NULL},
                                                {".md", ".txt", ".docx", NULL},
                                                {".yaml", ".yml", ".xlsx", ".xls", NULL}};
static const char *const refused[SV_UPLOADS] = {"只接受 .xlsx 或 .xls 工作簿",
                                                "文本只接受 .md、.txt 或 .docx 文件",
                                                "上年数只接受 .yaml 文件或 .xlsx、.xls 工作簿"};

/* Whether the file at path is what its name says: a .docx or .xlsx a zip
 * (PK\3\4), an .xls an OLE2 compound file, a .md, .txt or .yaml text
 * (neither of those, no NUL in its first 4 KB). Only the text and the
 * previous year are looked at here; the workbook's reader says why. */
static bool content_fits(const char *path, const char *name)
{
    static const unsigned char zip[4] = {'P', 'K', 3, 4},
                               ole[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    unsigned char head[4096];
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(head, 1, sizeof head, f) : 0;
    if (f) fclose(f);
    const char *dot = strrchr(name, '.');
    bool is_zip = n >= 4 && !memcmp(head, zip, 4), is_ole = n >= 8 && !memcmp(head, ole, 8);
    if (!strcasecmp(dot, ".docx") || !strcasecmp(dot, ".xlsx")) return is_zip;
    if (!strcasecmp(dot, ".xls")) return is_ole;
    return !is_zip && !is_ole && !memchr(head, 0, n);
}

static const char *const misfit[SV_UPLOADS] = {
    "", "文本文件的内容与其扩展名不符（.docx 应为 Word 文档，.md、.txt 应为纯文本）",
    "上年数文件的内容与其扩展名不符（.xlsx、.xls 应为工作簿，.yaml 应为纯文本）"};

/* Names the uploads and moves them into the store: NULL, or why not. */
static const char *adopt_uploads(sv_req *r, char names[SV_UPLOADS][256])
{
    sv_upload_file *wb = &r->up[0];
    if (wb->fd >= 0 || !wb->hex[0] || wb->size == 0) return "请选择要上传的工作簿文件";
    for (int i = 0; i < SV_UPLOADS; i++) {
        names[i][0] = 0;
        if (!r->up[i].hex[0] || !r->up[i].size) continue;
        safe_name(r->up[i].name, names[i], 256, exts[i]);
        if (!names[i][0]) return refused[i];
        if (i > 0 && !content_fits(r->up[i].tmp, names[i])) return misfit[i];
    }
    for (int i = 0; i < SV_UPLOADS; i++) {
        if (!names[i][0]) continue;
        if (sv_file_adopt(r->srv->o.bureau, r->up[i].tmp, r->up[i].hex))
            return "无法保存上传的文件";
        r->up[i].tmp[0] = 0;
    }
    return NULL;
}

int sv_upload(sv_req *r, const sv_dept *d)
{
    char names[SV_UPLOADS][256], now[32];
    if (!strcmp(r->role, "reviewer")) return sv_reply_error(r, 403, "审核员不能上传");
    const char *why = adopt_uploads(r, names);
    if (why) return sv_reply_error(r, 400, why);
    sv_now(now);
    sv_exec(r->db, "BEGIN IMMEDIATE", "");
    long long n = sv_scalar(
        r->db, "SELECT COALESCE(MAX(n),0)+1 FROM versions WHERE department_id=?", 1, "i", d->id);
    int rc =
        sv_exec(r->db,
                "INSERT INTO versions(department_id, n, user_id, created, filename, sha256, size,"
                " text_name, text_sha256, previous_name, previous_sha256)"
                " VALUES(?,?,?,?,?,?,?,?,?,?,?)",
                "iiitttitttt", d->id, n, r->uid, now, names[0], r->up[0].hex, r->up[0].size,
                names[1][0] ? names[1] : NULL, names[1][0] ? r->up[1].hex : NULL,
                names[2][0] ? names[2] : NULL, names[2][0] ? r->up[2].hex : NULL);
    long long vid = sqlite3_last_insert_rowid(r->db);
    sv_audit(r->db, r->uid, r->ip, "upload", r->up[0].hex);
    if (rc != SQLITE_DONE || sv_exec(r->db, "COMMIT", "") != SQLITE_DONE) {
        sv_exec(r->db, "ROLLBACK", "");
        return sv_reply_error(r, 500, "无法记录上传的版本");
    }
    sv_job_check(r->srv, r->db, vid);
    char to[64];
    snprintf(to, sizeof to, "/v/%lld", vid);
    return sv_redirect(r, to, NULL);
}

int sv_submit(sv_req *r, const sv_dept *d)
{
    char now[32];
    if (!strcmp(r->role, "reviewer")) return sv_reply_error(r, 403, "审核员不能提交");
    const char *status = sv_dept_status(r->db, d->id, NULL, 0);
    sqlite3_stmt *st = sv_query(r->db,
                                "SELECT id, status FROM versions WHERE department_id=?"
                                " ORDER BY n DESC LIMIT 1",
                                "i", d->id);
    long long vid = 0;
    if (st && sqlite3_step(st) == SQLITE_ROW && !strcmp(sv_col(st, 1), "ok"))
        vid = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (!vid || (strcmp(status, "未提交") && strcmp(status, "已退回")))
        return sv_reply_error(r, 409, "只有检查通过、尚未提交的最新版本可以提交审核");
    sv_now(now);
    sv_exec(r->db,
            "INSERT INTO reviews(department_id, version_id, user_id, action, created)"
            " VALUES(?,?,?,'submit',?)",
            "iiit", d->id, vid, r->uid, now);
    sv_audit(r->db, r->uid, r->ip, "submit", d->code);
    char to[200];
    snprintf(to, sizeof to, "/d/%s", d->code);
    return sv_redirect(r, to, NULL);
}
