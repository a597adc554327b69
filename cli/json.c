/* json.c — the JSON writer of json.h. */
#include "json.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void json_init(json_out *j)
{
    memset(j, 0, sizeof *j);
}

void json_free(json_out *j)
{
    free(j->buf);
    json_init(j);
}

void json_reset(json_out *j)
{
    char *buf = j->buf;
    size_t cap = j->cap;
    json_init(j);
    j->buf = buf;
    j->cap = cap;
    if (buf) buf[0] = 0;
}

static void put(json_out *j, const char *s, size_t n)
{
    if (j->oom) return;
    if (j->len + n + 1 > j->cap) {
        size_t cap = j->cap ? j->cap : 256;
        while (cap < j->len + n + 1)
            cap *= 2;
        char *p = realloc(j->buf, cap);
        if (!p) {
            j->oom = true;
            return;
        }
        j->buf = p;
        j->cap = cap;
    }
    memcpy(j->buf + j->len, s, n);
    j->len += n;
    j->buf[j->len] = 0;
}

static void puts_(json_out *j, const char *s)
{
    put(j, s, strlen(s));
}

/* Before a value: a comma after the previous one at this depth. */
static void value(json_out *j)
{
    if (j->after_key) {
        j->after_key = false;
        return;
    }
    if (j->comma[j->depth]) put(j, ",", 1);
    j->comma[j->depth] = true;
}

static void open_(json_out *j, const char *c)
{
    value(j);
    put(j, c, 1);
    if (j->depth < JSON_MAX_DEPTH) j->depth++;
    j->comma[j->depth] = false;
}

static void close_(json_out *j, const char *c)
{
    put(j, c, 1);
    if (j->depth > 0) j->depth--;
}

void json_object(json_out *j)
{
    open_(j, "{");
}

void json_end_object(json_out *j)
{
    close_(j, "}");
}

void json_array(json_out *j)
{
    open_(j, "[");
}

void json_end_array(json_out *j)
{
    close_(j, "]");
}

/* The length of the valid UTF-8 sequence at s (1..4), 0 when it is not
 * one (overlong forms, surrogates and code points past U+10FFFF are not). */
static int utf8_len(const unsigned char *s)
{
    unsigned c = s[0];
    if (c < 0x80) return 1;
    int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (!n || c > 0xF4) return 0;
    for (int i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    if (n == 3 && c == 0xE0 && s[1] < 0xA0) return 0;
    if (n == 3 && c == 0xED && s[1] >= 0xA0) return 0;
    if (n == 4 && c == 0xF0 && s[1] < 0x90) return 0;
    if (n == 4 && c == 0xF4 && s[1] >= 0x90) return 0;
    return n;
}

static void escaped(json_out *j, const char *s)
{
    put(j, "\"", 1);
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        const unsigned char *run = p;
        int n;
        /* the longest run that needs no escape, written at once */
        while (*p && *p != '"' && *p != '\\' && *p >= 0x20 && *p != 0x7F && (n = utf8_len(p)))
            p += n;
        put(j, (const char *)run, (size_t)(p - run));
        if (!*p) break;
        char esc[8];
        switch (*p) {
        case '"':
            puts_(j, "\\\"");
            break;
        case '\\':
            puts_(j, "\\\\");
            break;
        case '\n':
            puts_(j, "\\n");
            break;
        case '\t':
            puts_(j, "\\t");
            break;
        case '\r':
            puts_(j, "\\r");
            break;
        default:
            if (*p < 0x20 || *p == 0x7F) {
                snprintf(esc, sizeof esc, "\\u%04x", *p);
                puts_(j, esc);
            } else {
                puts_(j, "\xEF\xBF\xBD"); /* not UTF-8: U+FFFD */
            }
        }
        p++;
    }
    put(j, "\"", 1);
}

void json_key(json_out *j, const char *k)
{
    value(j);
    escaped(j, k);
    put(j, ":", 1);
    j->after_key = true;
}

void json_string(json_out *j, const char *s)
{
    if (!s) {
        json_null(j);
        return;
    }
    value(j);
    escaped(j, s);
}

void json_int(json_out *j, long long v)
{
    char b[32];
    value(j);
    snprintf(b, sizeof b, "%lld", v);
    puts_(j, b);
}

void json_number(json_out *j, double v)
{
    char b[48];
    value(j);
    snprintf(b, sizeof b, "%.2f", v);
    puts_(j, b);
}

void json_bool(json_out *j, bool v)
{
    value(j);
    puts_(j, v ? "true" : "false");
}

void json_null(json_out *j)
{
    value(j);
    puts_(j, "null");
}
