/* sv_reply.c — answers: HTML pages in the house style (one stylesheet,
 * no script from elsewhere), redirects, files, errors; every answer
 * carries the security headers (CSP, nosniff, no framing, no caching). */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "serve_priv.h"

static const char css[] =
    "body{font-family:'WenQuanYi Zen Hei','Noto Sans CJK SC',sans-serif;margin:0;color:#222}"
    "header{background:#8b1a1a;color:#fff;padding:.6em 1em;display:flex;gap:1em;align-items:center}"
    "header a{color:#fff}header button{color:#fff;background:none;border:1px solid #fff;"
    "border-radius:3px;cursor:pointer}header .who{margin-left:auto}"
    "main{padding:1em 1.5em;max-width:1300px}table{border-collapse:collapse;margin:.5em 0}"
    "td,th{border:1px solid #bbb;padding:.25em .5em;text-align:left;vertical-align:top}"
    "th{background:#f3eee6}.ok{color:#176b2c;font-weight:bold}.bad{color:#b00;font-weight:bold}"
    ".warn{color:#a86400}.msg{background:#fff6d6;border:1px solid #e0c060;padding:.5em}"
    ".page{position:relative;display:inline-block;margin:.5em 0;border:1px solid #999}"
    ".page img{display:block;max-width:100%;height:auto}"
    ".box{position:absolute;border:3px solid #e00;box-sizing:border-box}"
    ".box.rounding,.box.warning{border-color:#e90}"
    ".box{scroll-margin:40vh 0}.box:target{outline:4px solid #06f;outline-offset:3px}"
    "tr.finding:target{background:#ffe9a8}td.pg{white-space:nowrap}"
    "form.inline{display:inline}textarea{width:30em;height:4em}";

static int queue(sv_req *r, int status, struct MHD_Response *resp)
{
    if (!resp) return MHD_NO;
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self'; style-src 'self' 'unsafe-inline';"
                            " script-src 'self'; frame-ancestors 'none'; form-action 'self'");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    r->status = status;
    int rc = MHD_queue_response(r->conn, (unsigned)status, resp);
    MHD_destroy_response(resp);
    return rc;
}

int sv_reply(sv_req *r, int status, const char *type, char *body, size_t n)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(n, body, MHD_RESPMEM_MUST_FREE);
    if (resp)
        MHD_add_response_header(resp, "Content-Type", type);
    else
        free(body);
    return queue(r, status, resp);
}

int sv_reply_html(sv_req *r, int status, sv_buf *b)
{
    size_t n = b->n;
    return sv_reply(r, status, "text/html; charset=utf-8", sv_take(b), n);
}

int sv_reply_text(sv_req *r, int status, const char *text)
{
    char *p = strdup(text);
    if (!p) return MHD_NO;
    return sv_reply(r, status, "text/plain; charset=utf-8", p, strlen(p));
}

int sv_redirect(sv_req *r, const char *to, const char *cookie)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
    if (!resp) return MHD_NO;
    MHD_add_response_header(resp, "Location", to);
    if (cookie) MHD_add_response_header(resp, "Set-Cookie", cookie);
    return queue(r, 303, resp);
}

int sv_reply_file(sv_req *r, const char *path, const char *type, const char *download_name)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st)) {
        if (fd >= 0) close(fd);
        return sv_reply_error(r, 404, "文件不存在");
    }
    struct MHD_Response *resp = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
    if (!resp) {
        close(fd);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", type);
    if (download_name) {
        sv_buf b = {0};
        sv_put(&b, "attachment; filename=\"document.pdf\"; filename*=UTF-8''");
        sv_url(&b, download_name);
        MHD_add_response_header(resp, "Content-Disposition", b.p);
        free(b.p);
    }
    return queue(r, 200, resp);
}

void sv_page_begin(sv_buf *b, const sv_req *r, const char *title)
{
    sv_put(&*b, "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>");
    sv_esc(b, title);
    sv_printf(b,
              " · 预算公开工作台</title><style>%s</style></head><body><header>"
              "<b>预算公开工作台</b>",
              css);
    if (r->uid > 0) {
        sv_put(b, "<a href=\"/\">首页</a><span class=\"who\">");
        sv_esc(b, r->user);
        sv_put(b, "（");
        sv_put(b, !strcmp(r->role, "clerk")      ? "部门填报员"
                  : !strcmp(r->role, "reviewer") ? "审核员"
                                                 : "管理员");
        sv_put(b, "）</span><form class=\"inline\" method=\"post\" action=\"/logout\">"
                  "<input type=\"hidden\" name=\"csrf\" value=\"");
        sv_esc(b, r->csrf);
        sv_put(b, "\"><button>退出</button></form>");
    }
    sv_put(b, "</header><main><h1>");
    sv_esc(b, title);
    sv_put(b, "</h1>");
}

void sv_page_end(sv_buf *b)
{
    sv_put(b, "</main></body></html>\n");
}

int sv_reply_error(sv_req *r, int status, const char *message)
{
    sv_buf b = {0};
    sv_page_begin(&b, r, status == 404 ? "未找到" : status == 403 ? "无权访问" : "出错了");
    sv_put(&b, "<p class=\"msg\">");
    sv_esc(&b, message);
    sv_put(&b, "</p><p><a href=\"/\">返回首页</a></p>");
    sv_page_end(&b);
    return sv_reply_html(r, status, &b);
}
