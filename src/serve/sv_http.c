/* sv_http.c — libmicrohttpd's side of a request: its record (sv_req), the
 * body within the upload limit (a body over it is read and dropped,
 * then refused with 413; one announced as over 8 times the limit is
 * refused before it is read and its connection closed), the
 * form's fields and its one file streamed to BUREAU_DIR/tmp while hashed,
 * synced before the request is routed, and a structured access log line
 * on stderr when it ends. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "serve_priv.h"

#define FIELD_MAX 65536

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

const char *const sv_upload_fields[SV_UPLOADS] = {"workbook", "text", "previous"};

static void drop_upload(sv_upload_file *u)
{
    if (u->fd >= 0) close(u->fd);
    u->fd = -1;
    if (u->tmp[0]) unlink(u->tmp);
    u->tmp[0] = 0;
    u->failed = true;
}

static void drop_uploads(sv_req *r)
{
    for (int i = 0; i < SV_UPLOADS; i++)
        drop_upload(&r->up[i]);
}

static void file_data(sv_req *r, sv_upload_file *u, const char *filename, const char *data,
                      size_t size)
{
    if (u->failed) return;
    if (!u->tmp[0]) {
        if (u->hex[0]) return; /* one file a field */
        u->fd = -1;
        if (sv_path(u->tmp, sizeof u->tmp, "%s/tmp/upload.XXXXXX", r->srv->o.bureau))
            u->fd = mkstemp(u->tmp);
        if (u->fd < 0) {
            u->tmp[0] = 0;
            u->failed = true;
            return;
        }
        snprintf(u->name, sizeof u->name, "%s", filename);
        crypto_hash_sha256_init(&u->sha);
    }
    if (size && write(u->fd, data, size) != (ssize_t)size) {
        drop_upload(u);
        return;
    }
    crypto_hash_sha256_update(&u->sha, (const unsigned char *)data, size);
    u->size += (long long)size;
}

static enum MHD_Result on_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *filename, const char *ctype, const char *enc,
                                const char *data, uint64_t off, size_t size)
{
    (void)kind, (void)ctype, (void)enc, (void)off;
    sv_req *r = cls;
    if (filename) {
        for (int i = 0; i < SV_UPLOADS; i++)
            if (!strcmp(key, sv_upload_fields[i])) file_data(r, &r->up[i], filename, data, size);
        return MHD_YES;
    }
    int i = 0;
    while (i < r->nfields && strcmp(r->key[i], key))
        i++;
    if (i == r->nfields) {
        if (i == SV_MAX_FIELDS) return MHD_YES;
        r->key[i] = strdup(key), r->val[i] = calloc(1, 1);
        if (!r->key[i] || !r->val[i]) return MHD_NO;
        r->nfields++;
    }
    size_t have = strlen(r->val[i]);
    if (have + size > FIELD_MAX) return MHD_YES;
    char *v = realloc(r->val[i], have + size + 1);
    if (!v) return MHD_NO;
    memcpy(v + have, data, size);
    v[have + size] = 0;
    r->val[i] = v;
    return MHD_YES;
}

/* The files are complete: synced and their hashes taken. */
static void finish_uploads(sv_req *r)
{
    for (int i = 0; i < SV_UPLOADS; i++) {
        sv_upload_file *u = &r->up[i];
        if (u->fd < 0) continue;
        unsigned char d[32];
        crypto_hash_sha256_final(&u->sha, d);
        if (fsync(u->fd)) {
            drop_upload(u);
            continue;
        }
        close(u->fd);
        u->fd = -1;
        sv_hex(u->hex, d, 32);
    }
}

static sv_req *new_req(sv_server *s, struct MHD_Connection *c, const char *url, const char *method)
{
    sv_req *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->srv = s, r->conn = c, r->url = url, r->method = method;
    pthread_mutex_lock(&s->mu);
    s->requests++;
    pthread_mutex_unlock(&s->mu);
    for (int i = 0; i < SV_UPLOADS; i++)
        r->up[i].fd = -1;
    r->t0 = now_ms();
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = ci ? ci->client_addr : NULL;
    if (sa && sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, r->ip, sizeof r->ip);
    else if (sa && sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, r->ip, sizeof r->ip);
    else
        snprintf(r->ip, sizeof r->ip, "?");
    return r;
}

static long long body_limit(const sv_server *s)
{
    return s->o.max_upload + 65536;
}

enum MHD_Result sv_on_request(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *data,
                              size_t *size, void **con_cls)
{
    (void)version;
    sv_server *s = cls;
    sv_req *r = *con_cls;
    if (!r) {
        if (!(r = new_req(s, c, url, method))) return MHD_NO;
        *con_cls = r;
        const char *len = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        if (len && atoll(len) > body_limit(s)) {
            r->too_large = true; /* read and dropped, then refused: a browser shows the page */
            if (atoll(len) > 8 * body_limit(s)) /* refused unread; the connection is closed */
                return sv_reply_error(r, 413, "上传的文件超过大小限制");
        }
        if (!strcmp(method, "POST")) r->pp = MHD_create_post_processor(c, 65536, on_field, r);
        return MHD_YES;
    }
    if (*size) {
        r->body += (long long)*size;
        if (r->body > body_limit(s) && !r->too_large) {
            r->too_large = true;
            drop_uploads(r);
        }
        if (!r->too_large && r->pp && MHD_post_process(r->pp, data, *size) != MHD_YES)
            drop_uploads(r);
        *size = 0;
        return MHD_YES;
    }
    if (r->status) return MHD_YES; /* answered already (413 before the body) */
    finish_uploads(r);
    return (enum MHD_Result)sv_route(r);
}

static void log_str(const char *k, const char *v)
{
    fprintf(stderr, ",\"%s\":\"", k);
    for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(stderr, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(stderr, "\\u%04x", *p);
        else
            fputc(*p, stderr);
    }
    fputc('"', stderr);
}

void sv_on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                     enum MHD_RequestTerminationCode toe)
{
    (void)cls, (void)c;
    sv_req *r = *con_cls;
    if (!r) return;
    char now[32];
    sv_now(now);
    flockfile(stderr);
    fprintf(stderr, "{\"time\":\"%s\"", now);
    log_str("ip", r->ip);
    log_str("method", r->method);
    log_str("path", r->url);
    log_str("user", r->user);
    fprintf(stderr, ",\"status\":%d,\"bytes_in\":%lld,\"ms\":%.1f,\"ok\":%s}\n", r->status, r->body,
            now_ms() - r->t0, toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "true" : "false");
    funlockfile(stderr);
    if (r->pp) MHD_destroy_post_processor(r->pp);
    for (int i = 0; i < SV_UPLOADS; i++) {
        if (r->up[i].fd >= 0) close(r->up[i].fd);
        if (r->up[i].tmp[0]) unlink(r->up[i].tmp);
    }
    for (int i = 0; i < r->nfields; i++)
        free(r->key[i]), free(r->val[i]);
    if (r->db) sqlite3_close(r->db);
    pthread_mutex_lock(&r->srv->mu);
    r->srv->requests--;
    pthread_mutex_unlock(&r->srv->mu);
    free(r);
    *con_cls = NULL;
}
