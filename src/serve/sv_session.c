/* sv_session.c — who asks: the session cookie (a random token; the store
 * keeps only its sha256), the CSRF token of each session, login with its
 * rate limit (after 5 failures for a user from one address, each further
 * try waits, doubling up to 5 minutes) and logout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "serve_priv.h"

#define SESSION_SECONDS (12 * 3600)
#define FAILS_FREE 5

static void token_hash(const char *token, char out[65])
{
    unsigned char d[32];
    crypto_hash_sha256(d, (const unsigned char *)token, strlen(token));
    sv_hex(out, d, 32);
}

void sv_session_load(sv_req *r)
{
    const char *proto = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-Forwarded-Proto");
    r->secure = r->srv->o.secure_cookies || (proto && !strcmp(proto, "https"));
    const char *tok = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "bp_session");
    if (!tok || strlen(tok) != 64 || !sv_req_db(r)) return;
    char h[65];
    token_hash(tok, h);
    sqlite3_stmt *st = sv_query(r->db,
                                "SELECT u.id, u.name, u.role, s.csrf FROM sessions s JOIN users u"
                                " ON u.id=s.user_id WHERE s.token_hash=? AND s.expires>?",
                                "ti", h, (long long)time(NULL));
    if (st && sqlite3_step(st) == SQLITE_ROW) {
        r->uid = sqlite3_column_int64(st, 0);
        snprintf(r->user, sizeof r->user, "%s", sv_col(st, 1));
        snprintf(r->role, sizeof r->role, "%s", sv_col(st, 2));
        snprintf(r->csrf, sizeof r->csrf, "%s", sv_col(st, 3));
    }
    sqlite3_finalize(st);
}

static bool same(const char *a, const char *b)
{
    return a && b && strlen(a) == strlen(b) && strlen(a) >= 32 && !sodium_memcmp(a, b, strlen(a));
}

bool sv_csrf_ok(const sv_req *r)
{
    return r->uid > 0 && same(sv_field(r, "csrf"), r->csrf);
}

int sv_login_page(sv_req *r, const char *message, int status)
{
    char tok[65], cookie[200];
    /* the token a page loaded beside it (another tab, /favicon.ico) set */
    const char *had = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "bp_login");
    if (had && strlen(had) == 64 && strspn(had, "0123456789abcdef") == 64)
        snprintf(tok, sizeof tok, "%s", had);
    else
        sv_token(tok);
    snprintf(cookie, sizeof cookie, "bp_login=%s; Path=/; HttpOnly; SameSite=Strict%s", tok,
             r->secure ? "; Secure" : "");
    sv_buf b = {0};
    sv_page_begin(&b, r, "登录");
    if (message) {
        sv_put(&b, "<p class=\"msg\">");
        sv_esc(&b, message);
        sv_put(&b, "</p>");
    }
    sv_printf(
        &b,
        "<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"csrf\" "
        "value=\"%s\"><p><label>用户名 <input name=\"user\" id=\"user\" autofocus></label></p>"
        "<p><label>密码 <input type=\"password\" name=\"password\" id=\"password\"></label></p>"
        "<p><button id=\"login\">登录</button></p></form>",
        tok);
    sv_page_end(&b);
    size_t n = b.n;
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(n, sv_take(&b), MHD_RESPMEM_MUST_FREE);
    if (!resp) return MHD_NO;
    MHD_add_response_header(resp, "Content-Type", "text/html; charset=utf-8");
    MHD_add_response_header(resp, "Set-Cookie", cookie);
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    r->status = status;
    int rc = MHD_queue_response(r->conn, (unsigned)status, resp);
    MHD_destroy_response(resp);
    return rc;
}

/* The failure record of key (a free or the oldest slot when new). */
static sv_fail *fail_of(sv_server *s, const char *key)
{
    sv_fail *old = &s->fails[0];
    for (int i = 0; i < 256; i++) {
        if (!strcmp(s->fails[i].key, key)) return &s->fails[i];
        if (s->fails[i].until < old->until) old = &s->fails[i];
    }
    *old = (sv_fail){0};
    snprintf(old->key, sizeof old->key, "%s", key);
    return old;
}

/* Seconds to wait before key may try again (0: now). */
static double wait_of(sv_server *s, const char *key)
{
    pthread_mutex_lock(&s->mu);
    sv_fail *f = fail_of(s, key);
    double w = f->count >= FAILS_FREE ? f->until - (double)time(NULL) : 0;
    pthread_mutex_unlock(&s->mu);
    return w > 0 ? w : 0;
}

static void note_result(sv_server *s, const char *key, bool ok)
{
    pthread_mutex_lock(&s->mu);
    sv_fail *f = fail_of(s, key);
    if (ok)
        *f = (sv_fail){0};
    else if (++f->count >= FAILS_FREE) {
        double d = 5.0 * (1 << (f->count - FAILS_FREE < 6 ? f->count - FAILS_FREE : 6));
        f->until = (double)time(NULL) + (d < 300 ? d : 300);
    } else
        f->until = (double)time(NULL);
    pthread_mutex_unlock(&s->mu);
}

static long long verify(sqlite3 *db, const char *user, const char *password)
{
    sqlite3_stmt *st = sv_query(db, "SELECT id, pwhash FROM users WHERE name=?", "t", user);
    long long uid = 0;
    if (st && sqlite3_step(st) == SQLITE_ROW &&
        !crypto_pwhash_str_verify(sv_col(st, 1), password, strlen(password)))
        uid = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return uid;
}

int sv_login_post(sv_req *r)
{
    const char *user = sv_field(r, "user"), *pw = sv_field(r, "password");
    const char *cookie = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "bp_login");
    if (!same(sv_field(r, "csrf"), cookie)) return sv_login_page(r, "表单已过期，请重新登录", 403);
    if (!user || !pw || !*user || strlen(user) > 60 || !sv_req_db(r))
        return sv_login_page(r, "请输入用户名和密码", 400);
    char key[160], msg[160];
    snprintf(key, sizeof key, "%s|%s", user, r->ip);
    double w = wait_of(r->srv, key);
    if (w > 0) {
        snprintf(msg, sizeof msg, "登录失败次数过多，请 %.0f 秒后再试", w + 0.5);
        sv_audit(r->db, 0, r->ip, "login refused (rate)", user);
        return sv_login_page(r, msg, 429);
    }
    long long uid = verify(r->db, user, pw);
    note_result(r->srv, key, uid > 0);
    sv_audit(r->db, uid, r->ip, uid ? "login" : "login failed", user);
    if (!uid) return sv_login_page(r, "用户名或密码错误", 401);
    snprintf(r->user, sizeof r->user, "%s", user); /* the access log names who logged in */
    char tok[65], h[65], csrf[65], set[256];
    sv_token(tok);
    sv_token(csrf);
    token_hash(tok, h);
    sv_exec(r->db, "DELETE FROM sessions WHERE expires<?", "i", (long long)time(NULL));
    sv_exec(r->db, "INSERT INTO sessions VALUES(?,?,?,?)", "titi", h, uid, csrf,
            (long long)time(NULL) + SESSION_SECONDS);
    snprintf(set, sizeof set, "bp_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", tok,
             SESSION_SECONDS, r->secure ? "; Secure" : "");
    return sv_redirect(r, "/", set);
}

int sv_logout(sv_req *r)
{
    const char *tok = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "bp_session");
    if (tok && sv_req_db(r)) {
        char h[65];
        token_hash(tok, h);
        sv_exec(r->db, "DELETE FROM sessions WHERE token_hash=?", "t", h);
        sv_audit(r->db, r->uid, r->ip, "logout", r->user);
    }
    return sv_redirect(r, "/login", "bp_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
}
