/* util.c — arena allocation, error formatting, files and UTF-8 helpers. */
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

int bp_fail(bp_error *e, int code, const char *fmt, ...)
{
    if (e) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(e->msg, sizeof e->msg, fmt, ap);
        va_end(ap);
        e->code = code;
        /* a message cut at the end of msg must not end inside a character */
        if (n >= (int)sizeof e->msg) {
            size_t len = strlen(e->msg), start = len;
            while (start > 0 && ((unsigned char)e->msg[start - 1] & 0xC0) == 0x80)
                start--;
            uint32_t cp;
            if (start > 0 && ((unsigned char)e->msg[start - 1] & 0x80) &&
                bp_utf8_decode(e->msg + start - 1, len - start + 1, &cp) == 0)
                e->msg[start - 1] = 0;
        }
    }
    return code;
}

struct bp_arena_block {
    bp_arena_block *next;
    size_t used, cap;
    max_align_t data[];
};

struct bp_arena_heap {
    void *p;
    bp_arena_heap *next;
};

#define BP_ARENA_BLOCK 65536

void bp_arena_init(bp_arena *a)
{
    a->head = NULL;
    a->heap = NULL;
    a->total = 0;
}

void bp_arena_free(bp_arena *a)
{
    for (bp_arena_heap *h = a->heap; h; h = h->next)
        free(h->p);
    a->heap = NULL;
    bp_arena_block *b = a->head;
    while (b) {
        bp_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->total = 0;
}

void *bp_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fputs("budgetpdf: out of memory\n", stderr);
        abort();
    }
    return p;
}

void *bp_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fputs("budgetpdf: out of memory\n", stderr);
        abort();
    }
    return q;
}

static bp_arena_block *block_new(size_t cap)
{
    /* zeroed once here: the arena never reuses memory, so every allocation
     * comes out of a block still zero */
    bp_arena_block *b = calloc(1, sizeof *b + cap);
    if (!b) {
        fputs("budgetpdf: out of memory\n", stderr);
        abort();
    }
    b->cap = cap;
    return b;
}

/* n bytes at a multiple of align (a power of two, at most max_align_t's). */
static void *arena_take(bp_arena *a, size_t n, size_t align)
{
    if (n > BP_ARENA_BLOCK / 4 && a->head) {
        /* a large allocation gets a block of its own, behind the current
         * one, whose free room stays for the small ones */
        bp_arena_block *b = block_new(n);
        b->used = n;
        b->next = a->head->next;
        a->head->next = b;
        a->total += n;
        return b->data;
    }
    size_t off = a->head ? (a->head->used + align - 1) & ~(align - 1) : 0;
    if (!a->head || off > a->head->cap || a->head->cap - off < n) {
        bp_arena_block *b = block_new(n > BP_ARENA_BLOCK ? n : BP_ARENA_BLOCK);
        b->next = a->head;
        a->head = b;
        a->total += b->cap;
        off = 0;
    }
    a->head->used = off + n;
    return (char *)a->head->data + off;
}

void *bp_alloc(bp_arena *a, size_t n)
{
    return arena_take(a, n ? n : 1, _Alignof(max_align_t));
}

char *bp_strndup(bp_arena *a, const char *s, size_t n)
{
    char *p = arena_take(a, n + 1, 1); /* text needs no alignment */
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *bp_strdup(bp_arena *a, const char *s)
{
    return s ? bp_strndup(a, s, strlen(s)) : NULL;
}

char *bp_sprintf(bp_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = arena_take(a, (size_t)n + 1, 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void bp_vec_init(bp_vec *v, size_t elem_size)
{
    v->items = NULL;
    v->n = v->cap = 0;
    v->owner = NULL;
    v->size = elem_size;
}

static void vec_grow(bp_arena *a, bp_vec *v, int cap)
{
    if (!v->owner) {
        v->owner = bp_alloc(a, sizeof *v->owner);
        v->owner->next = a->heap;
        a->heap = v->owner;
    }
    v->items = bp_xrealloc(v->items, (size_t)cap * v->size);
    v->owner->p = v->items;
    v->cap = cap;
}

void bp_vec_reserve(bp_arena *a, bp_vec *v, int n)
{
    if (n > v->cap) vec_grow(a, v, n);
}

void *bp_vec_push(bp_arena *a, bp_vec *v)
{
    if (v->n == v->cap) {
        if (v->cap > (1 << 29)) {
            fputs("budgetpdf: out of memory (array too large)\n", stderr);
            abort();
        }
        vec_grow(a, v, v->cap ? v->cap * 2 : 8);
    }
    void *p = (char *)v->items + (size_t)v->n * v->size;
    memset(p, 0, v->size);
    v->n++;
    return p;
}

int bp_utf8_decode(const char *str, size_t n, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    if (n == 0) return 0;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    int len;
    uint32_t c, min;
    if ((s[0] & 0xE0) == 0xC0) {
        len = 2, c = s[0] & 0x1F, min = 0x80;
    } else if ((s[0] & 0xF0) == 0xE0) {
        len = 3, c = s[0] & 0x0F, min = 0x800;
    } else if ((s[0] & 0xF8) == 0xF0) {
        len = 4, c = s[0] & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if ((size_t)len > n) return 0;
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    *cp = c;
    return len;
}

long bp_utf8_invalid(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        int k = bp_utf8_decode(s + i, n - i, &cp);
        if (!k) return (long)i;
        i += (size_t)k;
    }
    return -1;
}

size_t bp_utf8_count(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) count++;
    return count;
}

int bp_utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

char *bp_path_join(bp_arena *a, const char *dir, const char *name)
{
    if (name[0] == '/' || !dir || !dir[0]) return bp_strdup(a, name);
    size_t dl = strlen(dir);
    return bp_sprintf(a, "%s%s%s", dir, dir[dl - 1] == '/' ? "" : "/", name);
}

bool bp_file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool bp_dir_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Two 64-bit lanes, each mixing one little-endian 8-byte word at a time
 * with a multiply and a shift (the finalizer of splitmix64 at the end). */
static uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

static void hash_word(bp_hash *h, const unsigned char *p)
{
    uint64_t w = 0;
    for (int i = 7; i >= 0; i--)
        w = w << 8 | p[i];
    h->a = (h->a ^ w) * 0x9E3779B97F4A7C15ull;
    h->a ^= h->a >> 29;
    h->b = (h->b + w) * 0xC2B2AE3D27D4EB4Full;
    h->b ^= h->b >> 31;
}

void bp_hash_init(bp_hash *h)
{
    memset(h, 0, sizeof *h);
    h->a = 0x243F6A8885A308D3ull;
    h->b = 0x13198A2E03707344ull;
}

void bp_hash_put(bp_hash *h, const void *p, size_t n)
{
    const unsigned char *s = p;
    h->total += n;
    while (n > 0 && h->nbuf > 0) {
        h->buf[h->nbuf++] = *s++;
        n--;
        if (h->nbuf == 8) {
            hash_word(h, h->buf);
            h->nbuf = 0;
        }
    }
    for (; n >= 8; n -= 8, s += 8)
        hash_word(h, s);
    while (n-- > 0)
        h->buf[h->nbuf++] = *s++;
}

void bp_hash_final(bp_hash *h, unsigned char out[16])
{
    unsigned char pad[8] = {0};
    memcpy(pad, h->buf, h->nbuf);
    hash_word(h, pad);
    uint64_t a = mix64(h->a ^ h->total), b = mix64(h->b + h->total + a);
    for (int i = 0; i < 8; i++) {
        out[i] = (unsigned char)(a >> (8 * i));
        out[8 + i] = (unsigned char)(b >> (8 * i));
    }
}
