/* sv_buf.c — growable text for the pages, HTML and URL escaping, the
 * clock as text, hex and random tokens. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "serve_priv.h"

void sv_putn(sv_buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = (b->n + n + 1) * 2 + 256;
        char *p = realloc(b->p, cap);
        if (!p) abort(); /* a page never grows near memory's end */
        b->p = p, b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}

void sv_put(sv_buf *b, const char *s)
{
    if (s) sv_putn(b, s, strlen(s));
}

void sv_printf(sv_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0) abort();
    sv_putn(b, s, (size_t)n);
    free(s);
}

void sv_esc(sv_buf *b, const char *s)
{
    if (!s) return;
    for (const char *p = s; *p; p++) {
        switch (*p) {
        case '&':
            sv_put(b, "&amp;");
            break;
        case '<':
            sv_put(b, "&lt;");
            break;
        case '>':
            sv_put(b, "&gt;");
            break;
        case '"':
            sv_put(b, "&quot;");
            break;
        case '\'':
            sv_put(b, "&#39;");
            break;
        default:
            sv_putn(b, p, 1);
        }
    }
}

void sv_url(sv_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.')
            sv_putn(b, (const char *)p, 1);
        else {
            char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            sv_putn(b, e, 3);
        }
    }
}

char *sv_take(sv_buf *b)
{
    char *p = b->p ? b->p : strdup("");
    if (!p) abort();
    b->p = NULL, b->n = b->cap = 0;
    return p;
}

void sv_now(char out[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void sv_hex(char *out, const unsigned char *p, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++)
        out[2 * i] = hex[p[i] >> 4], out[2 * i + 1] = hex[p[i] & 15];
    out[2 * n] = 0;
}

void sv_token(char out[65])
{
    unsigned char r[32];
    randombytes_buf(r, sizeof r);
    sv_hex(out, r, sizeof r);
}
