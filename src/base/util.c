/* util.c — arena allocation, error formatting, files and UTF-8 helpers. */
#include "util.h"

#include <errno.h>
#include <setjmp.h>
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

struct bp_guard {
    jmp_buf jump;
    /* tests: allocations left before one fails (0: none), and allocations
     * from the system; a guard nested in another of the same arena shares
     * the outer one's */
    long *fail_after, *allocs;
    long own_fail_after, own_allocs;
    size_t refused; /* the size of the allocation that failed */
};

#define BP_ARENA_BLOCK 65536

void bp_arena_init(bp_arena *a)
{
    memset(a, 0, sizeof *a);
}

void bp_arena_free(bp_arena *a)
{
    /* newest first: a resource opened later may use one opened before */
    for (bp_cleanup *c = a->cleanups; c; c = c->next)
        if (c->p) {
            void *p = c->p;
            c->p = NULL;
            c->fn(p);
        }
    a->cleanups = NULL;
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

_Noreturn void bp_arena_oom(bp_arena *a, size_t n)
{
    if (a && a->guard) {
        a->guard->refused = n;
        longjmp(a->guard->jump, 1);
    }
    fprintf(stderr, "budgetpdf: out of memory (%zu bytes refused outside a guarded call)\n", n);
    abort();
}

int bp_arena_guard(bp_arena *a, int (*fn)(bp_arena *a, void *ctx), void *ctx, const char *what,
                   bp_error *e)
{
    bp_guard g;
    bp_guard *outer = a->guard;
    g.own_fail_after = a->fail_after;
    g.own_allocs = 0;
    g.fail_after = outer ? outer->fail_after : &g.own_fail_after;
    g.allocs = outer ? outer->allocs : &g.own_allocs;
    g.refused = 0;
    a->guard = &g;
    if (setjmp(g.jump)) {
        /* a's cleanups run when the caller frees it; nothing allocates
         * from a any more through this guard */
        a->guard = outer;
        a->allocs += g.own_allocs;
        return bp_fail(e, BP_ERESOURCE,
                       "%s: out of memory (%zu MB held when %zu more bytes were refused; "
                       "docs/limits.md)",
                       what ? what : "budgetpdf", (a->total + (1u << 20) - 1) >> 20, g.refused);
    }
    int rc = fn(a, ctx);
    a->guard = outer;
    a->allocs += g.own_allocs;
    return rc;
}

/* Whether the next allocation under a's guard is to fail (tests). */
static bool injected_failure(bp_arena *a)
{
    if (!a) return false;
    bp_guard *g = a->guard;
    if (!g) {
        a->allocs++;
        return false;
    }
    ++*g->allocs;
    return *g->fail_after > 0 && --*g->fail_after == 0;
}

void *bp_malloc(bp_arena *a, size_t n)
{
    void *p = injected_failure(a) ? NULL : malloc(n ? n : 1);
    if (!p) bp_arena_oom(a, n);
    return p;
}

void *bp_realloc(bp_arena *a, void *p, size_t n)
{
    void *q = injected_failure(a) ? NULL : realloc(p, n ? n : 1);
    if (!q) bp_arena_oom(a, n); /* p stays valid: its owner frees it */
    return q;
}

void *bp_try_malloc(bp_arena *a, size_t n)
{
    return injected_failure(a) ? NULL : malloc(n ? n : 1);
}

static bp_arena_block *block_new(bp_arena *a, size_t cap)
{
    /* zeroed once here: the arena never reuses memory, so every allocation
     * comes out of a block still zero */
    if (cap > SIZE_MAX - sizeof(bp_arena_block)) bp_arena_oom(a, cap);
    bp_arena_block *b = injected_failure(a) ? NULL : calloc(1, sizeof *b + cap);
    if (!b) bp_arena_oom(a, cap);
    b->cap = cap;
    return b;
}

/* n bytes at a multiple of align (a power of two, at most max_align_t's). */
static void *arena_take(bp_arena *a, size_t n, size_t align)
{
    if (n > BP_ARENA_BLOCK / 4 && a->head) {
        /* a large allocation gets a block of its own, behind the current
         * one, whose free room stays for the small ones */
        bp_arena_block *b = block_new(a, n);
        b->used = n;
        b->next = a->head->next;
        a->head->next = b;
        a->total += n;
        return b->data;
    }
    size_t off = a->head ? (a->head->used + align - 1) & ~(align - 1) : 0;
    if (!a->head || off > a->head->cap || a->head->cap - off < n) {
        bp_arena_block *b = block_new(a, n > BP_ARENA_BLOCK ? n : BP_ARENA_BLOCK);
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

bp_cleanup *bp_arena_defer(bp_arena *a, void (*fn)(void *p))
{
    bp_cleanup *c = bp_alloc(a, sizeof *c);
    c->fn = fn;
    c->next = a->cleanups;
    a->cleanups = c;
    return c;
}

static void scratch_free(void *p)
{
    bp_arena_free(p);
}

bp_arena *bp_arena_scratch(bp_arena *a)
{
    bp_cleanup *c = bp_arena_defer(a, scratch_free);
    bp_arena *s = bp_alloc(a, sizeof *s);
    bp_arena_init(s);
    s->guard = a->guard;
    c->p = s; /* freeing s twice (here after the caller) does nothing */
    return s;
}

int bp_errno_status(int err, int fallback)
{
    return err == ENOMEM || err == EMFILE || err == ENFILE ? BP_ERESOURCE : fallback;
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
    if ((size_t)cap > SIZE_MAX / v->size) bp_arena_oom(a, SIZE_MAX);
    v->items = bp_realloc(a, v->items, (size_t)cap * v->size);
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
        if (v->cap > (1 << 29)) bp_arena_oom(a, (size_t)v->cap * 2 * v->size);
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

const char *bp_utf8_escape(char *out, size_t size, const char *s)
{
    if (size == 0) return out;
    size_t len = strlen(s), o = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        int k = bp_utf8_decode(s + i, len - i, &cp);
        if (k > 0) {
            if (o + (size_t)k >= size) break;
            memcpy(out + o, s + i, (size_t)k);
            o += (size_t)k;
            i += (size_t)k;
        } else {
            if (o + 4 >= size) break;
            snprintf(out + o, 5, "\\x%02X", (unsigned char)s[i]);
            o += 4;
            i++;
        }
    }
    out[o] = 0;
    return out;
}

const char *bp_quote(char *out, size_t size, const char *s, size_t max_chars)
{
    static const char ell[] = "\xE2\x80\xA6"; /* … */
    if (size == 0) return out;
    if (!s) s = "";
    size_t len = strlen(s);
    if (len < size && bp_utf8_count(s, len) <= max_chars) {
        memcpy(out, s, len + 1);
        return out;
    }
    if (sizeof ell > size) { /* no room even for the ellipsis */
        out[0] = 0;
        return out;
    }
    /* the longest prefix of whole characters that leaves room for "…" */
    size_t i = 0, chars = 0;
    while (i < len && chars < max_chars) {
        uint32_t cp;
        int k = bp_utf8_decode(s + i, len - i, &cp);
        if (k <= 0) k = 1; /* an invalid byte counts as a character */
        if (i + (size_t)k + sizeof ell > size) break;
        i += (size_t)k;
        chars++;
    }
    memcpy(out, s, i);
    memcpy(out + i, ell, sizeof ell); /* with its NUL */
    return out;
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

uint64_t bp_hash_final64(bp_hash *h)
{
    unsigned char out[16];
    bp_hash_final(h, out);
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | out[i];
    return v;
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
