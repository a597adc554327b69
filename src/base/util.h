/* util.h — shared plumbing: arena allocation, error reporting, growable
 * buffers and UTF-8 helpers used by every pipeline stage. */
#ifndef BP_UTIL_H
#define BP_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Exit/status codes shared by the library and the CLI. */
enum {
    BP_OK = 0,
    BP_ECHECK = 1,    /* a check rule failed */
    BP_EUSAGE = 2,    /* bad command line */
    BP_EINPUT = 3,    /* bad layout or data */
    BP_EIO = 4,       /* output or I/O error */
    BP_ERESOURCE = 5, /* out of memory or of another system resource (file descriptors) */
};

typedef struct bp_error {
    int code;
    char msg[2048];
} bp_error;

/* Returns from the calling function with x's status when it is not BP_OK. */
#define BP_TRY(x)                                                                                  \
    do {                                                                                           \
        int bp_try_rc_ = (x);                                                                      \
        if (bp_try_rc_) return bp_try_rc_;                                                         \
    } while (0)

/* Sets e (if not NULL) and returns code. Formats like printf. */
int bp_fail(bp_error *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Arena: many small allocations freed at once, and the context of one
 * library call (MuPDF's fz_context in small). An allocation never returns
 * NULL: when memory runs out it jumps to the guard the call's entry point
 * set (bp_arena_guard), which returns BP_ERESOURCE; the entry point then
 * frees the arena, which runs the cleanups of what was open (fonts, YAML
 * documents, scratch arenas). Only the thread that runs the guard may
 * allocate from the arena: worker threads (pdf_fontjob.c) return errors.
 * An arena used outside any guard aborts when memory runs out. */
typedef struct bp_arena_block bp_arena_block;
typedef struct bp_arena_heap bp_arena_heap;
typedef struct bp_guard bp_guard;
typedef struct bp_cleanup {
    void (*fn)(void *p);
    void *p; /* fn(p) runs when the arena is freed, unless p is NULL */
    struct bp_cleanup *next;
} bp_cleanup;
typedef struct bp_arena {
    bp_arena_block *head;
    bp_arena_heap *heap; /* growable arrays (bp_vec) freed with the arena */
    size_t total;
    bp_cleanup *cleanups; /* run, newest first, by bp_arena_free */
    bp_guard *guard;      /* where a failed allocation jumps (NULL: abort) */
    /* Tests: the fail_after-th allocation from the system (a new block, a
     * vector growing, bp_malloc) under the next guard of this arena, its
     * scratch arenas included, fails as if memory had run out (0: none
     * fails). allocs counts those allocations. */
    long fail_after;
    long allocs;
} bp_arena;

void bp_arena_init(bp_arena *a);
void bp_arena_free(bp_arena *a);
void *bp_alloc(bp_arena *a, size_t n); /* zeroed */
char *bp_strdup(bp_arena *a, const char *s);
char *bp_strndup(bp_arena *a, const char *s, size_t n);
char *bp_sprintf(bp_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Runs fn(a, ctx) so that an allocation from a (or from a scratch arena
 * of a) that fails returns BP_ERESOURCE here, with e saying what ran out
 * (what: the department or file, for the message). The caller frees a
 * afterwards in both cases. Guards nest; each thread has its own. */
int bp_arena_guard(bp_arena *a, int (*fn)(bp_arena *a, void *ctx), void *ctx, const char *what,
                   bp_error *e);
/* Out of memory in a's context: jumps to a's guard (aborts without one).
 * For code that allocates outside the arena (malloc, a library) and has
 * released what it held. */
_Noreturn void bp_arena_oom(bp_arena *a, size_t n);
/* Heap memory (freed by the caller with free) whose failure jumps like an
 * arena allocation's (a may be NULL: no guard). */
void *bp_malloc(bp_arena *a, size_t n);
void *bp_realloc(bp_arena *a, void *p, size_t n);
/* Heap memory like bp_malloc's whose failure (real, or injected by a's
 * guard's fail_after hook; a may be NULL) returns NULL instead of jumping:
 * for code that reports out of memory itself (out_file.c). */
void *bp_try_malloc(bp_arena *a, size_t n);
/* Registers fn to run at bp_arena_free with the p set later in the
 * returned record (register first, then acquire: the record's own
 * allocation may fail); set p back to NULL when the resource is released. */
bp_cleanup *bp_arena_defer(bp_arena *a, void (*fn)(void *p));
/* A scratch arena inside a: freed with bp_arena_free(s) when done, or with
 * a; its allocations share a's guard. */
bp_arena *bp_arena_scratch(bp_arena *a);

/* The status of a failed system call's errno: BP_ERESOURCE when a
 * resource ran out (memory, file descriptors), else fallback. */
int bp_errno_status(int err, int fallback);

/* Growable array owned by an arena: push returns the new element
 * (zeroed). Its items live in one heap block that grows in place where it
 * can (realloc) and is freed with the arena, so a push may move them:
 * pointers into a vector hold only until its next push, and a vector is
 * used through one bp_vec (never a copy of it). */
typedef struct bp_vec {
    void *items;
    int n, cap;
    size_t size;
    bp_arena_heap *owner; /* the arena's record of items */
} bp_vec;
void bp_vec_init(bp_vec *v, size_t elem_size);
void *bp_vec_push(bp_arena *a, bp_vec *v);
/* Makes room for at least n items in all (no effect when n <= v->cap). */
void bp_vec_reserve(bp_arena *a, bp_vec *v, int n);

/* A fast 128-bit hash of a byte sequence fed in pieces (not
 * cryptographic): for identifiers derived from content, such as a PDF's
 * /ID. The same pieces give the same value on every machine. */
typedef struct bp_hash {
    uint64_t a, b, total;
    unsigned char buf[8];
    size_t nbuf;
} bp_hash;
void bp_hash_init(bp_hash *h);
void bp_hash_put(bp_hash *h, const void *p, size_t n);
void bp_hash_final(bp_hash *h, unsigned char out[16]);
/* bp_hash_final's first 8 bytes as a number (little-endian): for hash
 * tables and short tags. The project's one hash: use it, not a copy. */
uint64_t bp_hash_final64(bp_hash *h);

/* Largest input file read (layouts, department.yaml, CSV). */
#define BP_MAX_FILE_BYTES (64L * 1024 * 1024)

/* Reads a whole file into arena memory, NUL-terminated; refuses files over
 * BP_MAX_FILE_BYTES before reading them. */
int bp_read_file(bp_arena *a, const char *path, char **data, size_t *len, bp_error *e);

/* UTF-8: decodes one code point at s (n bytes available). Returns the
 * sequence length, or 0 for an invalid/truncated sequence. */
int bp_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Returns the byte offset of the first invalid sequence, or -1 if valid. */
long bp_utf8_invalid(const char *s, size_t n);
/* Number of code points. */
size_t bp_utf8_count(const char *s, size_t n);
int bp_utf8_encode(uint32_t cp, char out[4]);

/* s as valid UTF-8 for a report (a folder name, a message naming a
 * path): each byte that is not part of a valid UTF-8 sequence becomes the
 * four characters \xHH. Cut at a character boundary to fit out[size]
 * (4 * strlen(s) + 1 always suffices). Returns out. */
const char *bp_utf8_escape(char *out, size_t size, const char *s);

/* s shortened for a message: at most max_chars characters, and what fits
 * in out[size], cut at a character boundary and ended by "…" when
 * shortened. Returns out. */
const char *bp_quote(char *out, size_t size, const char *s, size_t max_chars);
/* The length a message quotes of a text (a title, a cell) in characters. */
#define BP_QUOTE_CHARS 60

/* Joins dir and name with '/', in the arena. */
char *bp_path_join(bp_arena *a, const char *dir, const char *name);
bool bp_file_exists(const char *path);
bool bp_dir_exists(const char *path);

#endif
