/* test_util.c — the shared plumbing: arena allocation (zeroed memory,
 * large blocks), growable vectors owned by an arena, out of memory under
 * a guard (failures injected through the arena), reading files without
 * file descriptors, quoting long texts, and the content hash behind the
 * PDF /ID. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cmocka.h>

#include "util.h"

static void arena_memory_is_zeroed_and_separate(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    unsigned char *small[100];
    for (int i = 0; i < 100; i++) {
        small[i] = bp_alloc(&a, 300);
        for (int k = 0; k < 300; k++)
            assert_int_equal(small[i][k], 0);
        memset(small[i], i + 1, 300);
    }
    /* a block larger than the arena's blocks, between small ones */
    unsigned char *big = bp_alloc(&a, 1 << 20);
    for (int k = 0; k < (1 << 20); k += 4093)
        assert_int_equal(big[k], 0);
    memset(big, 0xAB, 1 << 20);
    unsigned char *after = bp_alloc(&a, 64);
    for (int k = 0; k < 64; k++)
        assert_int_equal(after[k], 0);
    for (int i = 0; i < 100; i++)
        for (int k = 0; k < 300; k += 37)
            assert_int_equal(small[i][k], i + 1);
    assert_true(((uintptr_t)after % _Alignof(max_align_t)) == 0);
    assert_true(((uintptr_t)big % _Alignof(max_align_t)) == 0);
    bp_arena_free(&a);
}

static void vectors_grow_and_keep_their_items(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_vec v, w;
    bp_vec_init(&v, sizeof(int64_t));
    bp_vec_init(&w, 3);
    for (int i = 0; i < 100000; i++) {
        int64_t *p = bp_vec_push(&a, &v);
        assert_int_equal(*p, 0); /* pushed zeroed */
        *p = (int64_t)i * 7;
        unsigned char *q = bp_vec_push(&a, &w);
        q[0] = (unsigned char)i, q[2] = (unsigned char)(i >> 8);
        if (i % 1000 == 0) bp_alloc(&a, 100); /* interleaved arena use */
    }
    assert_int_equal(v.n, 100000);
    bp_vec r;
    bp_vec_init(&r, sizeof(int));
    bp_vec_reserve(&a, &r, 1000);
    assert_int_equal(r.cap, 1000);
    const void *before = r.items;
    for (int i = 0; i < 1000; i++)
        *(int *)bp_vec_push(&a, &r) = i;
    assert_ptr_equal(r.items, before); /* no growth within the reserve */
    bp_vec_reserve(&a, &r, 10);        /* never shrinks */
    assert_int_equal(r.cap, 1000);
    assert_int_equal(((int *)r.items)[999], 999);
    assert_true(v.cap >= v.n);
    const int64_t *items = v.items;
    for (int i = 0; i < 100000; i++)
        assert_int_equal(items[i], (int64_t)i * 7);
    const unsigned char *wi = w.items;
    assert_int_equal(wi[3 * 70000], (unsigned char)70000);
    assert_int_equal(wi[3 * 70000 + 1], 0);
    assert_int_equal(wi[3 * 70000 + 2], (unsigned char)(70000 >> 8));
    bp_arena_free(&a); /* frees the vectors' blocks too (ASan/valgrind check) */
    assert_null(a.heap);
}

static void hash_of(const char *s, unsigned char out[16])
{
    bp_hash h;
    bp_hash_init(&h);
    bp_hash_put(&h, s, strlen(s));
    bp_hash_final(&h, out);
}

static void hash_depends_on_every_byte_and_not_on_pieces(void **state)
{
    (void)state;
    const char *text = "2024年部门预算表 第 3 页 共 18 页 / 6,828.40";
    unsigned char whole[16], pieces[16], other[16];
    hash_of(text, whole);
    /* the same bytes fed in pieces of every size give the same hash */
    for (size_t step = 1; step < 20; step++) {
        bp_hash h;
        bp_hash_init(&h);
        size_t n = strlen(text);
        for (size_t i = 0; i < n; i += step)
            bp_hash_put(&h, text + i, n - i < step ? n - i : step);
        bp_hash_final(&h, pieces);
        assert_memory_equal(whole, pieces, 16);
    }
    /* one bit, one more byte, or no bytes at all change it */
    char buf[128];
    snprintf(buf, sizeof buf, "%s", text);
    buf[10] ^= 1;
    hash_of(buf, other);
    assert_memory_not_equal(whole, other, 16);
    snprintf(buf, sizeof buf, "%s ", text);
    hash_of(buf, other);
    assert_memory_not_equal(whole, other, 16);
    unsigned char empty[16], zero[16];
    hash_of("", empty);
    bp_hash h;
    bp_hash_init(&h);
    bp_hash_put(&h, "\0", 1);
    bp_hash_final(&h, zero);
    assert_memory_not_equal(empty, zero, 16); /* trailing zero bytes count */
    /* both halves of the value differ between nearby inputs */
    hash_of("a", whole);
    hash_of("b", other);
    assert_memory_not_equal(whole, other, 8);
    assert_memory_not_equal(whole + 8, other + 8, 8);
}

/* ---- out of memory under a guard ------------------------------------- */

static int freed_count;
static void count_free(void *p)
{
    (void)p;
    freed_count++;
}

typedef struct grab {
    int blocks; /* allocations to make */
    int made;
    bp_cleanup *held; /* a resource registered before the failure */
} grab;

static int grab_memory(bp_arena *a, void *ctx)
{
    grab *g = ctx;
    g->held = bp_arena_defer(a, count_free);
    g->held->p = g;                /* acquired */
    bp_arena_defer(a, count_free); /* registered, never acquired: not run */
    bp_vec v;
    bp_vec_init(&v, sizeof(int));
    bp_arena *scratch = bp_arena_scratch(a);
    for (g->made = 0; g->made < g->blocks; g->made++) {
        *(int *)bp_vec_push(a, &v) = g->made;
        bp_alloc(scratch, 40000); /* a block of its own each time */
        bp_alloc(a, 100);
    }
    return BP_OK;
}

static void guard_turns_a_failed_allocation_into_eresource(void **state)
{
    (void)state;
    for (long k = 1; k <= 40; k++) {
        bp_arena a;
        bp_arena_init(&a);
        a.fail_after = k;
        bp_error e = {0, ""};
        grab g = {100, 0, NULL};
        freed_count = 0;
        int rc = bp_arena_guard(&a, grab_memory, &g, "dept-x", &e);
        assert_int_equal(rc, BP_ERESOURCE);
        assert_int_equal(e.code, BP_ERESOURCE);
        assert_non_null(strstr(e.msg, "dept-x: out of memory"));
        assert_true(g.made < k); /* it stopped at the failure */
        assert_null(a.guard);    /* the guard is gone once it returned */
        bp_arena_free(&a);       /* the vector, the scratch arena, the cleanups */
        /* the resource acquired before the failure was released, once; the
         * one never acquired (or not yet registered) was not */
        assert_int_equal(freed_count, g.held ? 1 : 0);
    }
    /* without an injected failure the same work succeeds */
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0, ""};
    grab g = {100, 0, NULL};
    freed_count = 0;
    assert_int_equal(bp_arena_guard(&a, grab_memory, &g, "dept-x", &e), BP_OK);
    assert_int_equal(g.made, 100);
    assert_true(a.allocs >= 100); /* a scratch block each, the vector, the arena */
    assert_int_equal(freed_count, 0);
    bp_arena_free(&a);
    assert_int_equal(freed_count, 1);
}

static int nested_inner(bp_arena *a, void *ctx)
{
    (void)ctx;
    for (int i = 0; i < 1000; i++)
        bp_alloc(a, 20000); /* a block each */
    return BP_OK;
}

static int nested_outer(bp_arena *a, void *ctx)
{
    int *inner_rc = ctx;
    bp_arena inner;
    bp_arena_init(&inner);
    inner.fail_after = 5;
    bp_error e = {0, ""};
    *inner_rc = bp_arena_guard(&inner, nested_inner, NULL, "inner", &e);
    bp_arena_free(&inner);
    return bp_alloc(a, 10) ? BP_OK : BP_EIO; /* the outer guard still holds */
}

static void guards_nest_and_each_returns_to_its_own_caller(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0, ""};
    int inner_rc = -1;
    assert_int_equal(bp_arena_guard(&a, nested_outer, &inner_rc, "outer", &e), BP_OK);
    assert_int_equal(inner_rc, BP_ERESOURCE);
    bp_arena_free(&a);
}

/* Under AddressSanitizer a failing malloc aborts unless told to return
 * NULL, as the C library does. */
__attribute__((used)) const char *__asan_default_options(void);
__attribute__((used)) const char *__asan_default_options(void)
{
    return "allocator_may_return_null=1";
}

/* A vector of a billion items is refused as out of memory, not by abort(). */
static int huge_vector(bp_arena *a, void *ctx)
{
    (void)ctx;
    bp_vec v;
    bp_vec_init(&v, 4096);
    bp_vec_reserve(a, &v, 1 << 30); /* 4 TB: malloc fails */
    return BP_OK;
}

static int overflowing_vector(bp_arena *a, void *ctx)
{
    (void)ctx;
    bp_vec v;
    bp_vec_init(&v, (size_t)1 << 40);
    bp_vec_reserve(a, &v, 1 << 30); /* the size overflows size_t */
    return BP_OK;
}

static void an_impossible_vector_is_out_of_memory(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0, ""};
    assert_int_equal(bp_arena_guard(&a, huge_vector, NULL, "big", &e), BP_ERESOURCE);
    assert_non_null(strstr(e.msg, "big: out of memory"));
    assert_int_equal(bp_arena_guard(&a, overflowing_vector, NULL, "big", &e), BP_ERESOURCE);
    bp_arena_free(&a);
}

/* ---- out of file descriptors ---------------------------------------- */

static void reading_without_file_descriptors_is_eresource(void **state)
{
    (void)state;
    char path[] = "/tmp/bp-test-util-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "name: x\n", 8), 8);
    close(fd);
    struct rlimit old;
    assert_int_equal(getrlimit(RLIMIT_NOFILE, &old), 0);
    struct rlimit low = {32, old.rlim_max};
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &low), 0);
    int held[64], n = 0;
    while (n < 64 && (held[n] = open("/dev/null", O_RDONLY)) >= 0)
        n++;
    assert_true(n < 64 && errno == EMFILE);
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0, ""};
    char *data;
    size_t len;
    int rc = bp_read_file(&a, path, &data, &len, &e);
    for (int i = 0; i < n; i++)
        close(held[i]);
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &old), 0);
    assert_int_equal(rc, BP_ERESOURCE); /* not BP_EINPUT: the file is fine */
    assert_non_null(strstr(e.msg, "Too many open files"));
    /* and with descriptors again, the same file reads */
    assert_int_equal(bp_read_file(&a, path, &data, &len, &e), BP_OK);
    assert_int_equal(len, 8);
    bp_arena_free(&a);
    unlink(path);
    assert_int_equal(bp_errno_status(ENFILE, BP_EINPUT), BP_ERESOURCE);
    assert_int_equal(bp_errno_status(ENOMEM, BP_EIO), BP_ERESOURCE);
    assert_int_equal(bp_errno_status(ENOENT, BP_EINPUT), BP_EINPUT);
}

/* A file whose read fails with EIO (a sysfs attribute the kernel refuses
 * to read: "autosuspend_delay_ms" of a device without runtime power
 * management) is an I/O fault, status 4, not bad input (3). */
static void a_read_error_is_eio_not_einput(void **state)
{
    (void)state;
    glob_t g;
    assert_int_equal(glob("/sys/devices/*/power/autosuspend_delay_ms", 0, NULL, &g), 0);
    const char *path = NULL;
    char buf[64];
    for (size_t i = 0; !path && i < g.gl_pathc; i++) {
        int fd = open(g.gl_pathv[i], O_RDONLY);
        if (fd < 0) continue;
        if (read(fd, buf, sizeof buf) < 0 && errno == EIO) path = g.gl_pathv[i];
        close(fd);
    }
    assert_non_null(path); /* the machine has a file whose read gives EIO */
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0, ""};
    char *data;
    size_t len;
    assert_int_equal(bp_read_file(&a, path, &data, &len, &e), BP_EIO);
    assert_non_null(strstr(e.msg, "read error: Input/output error"));
    bp_arena_free(&a);
    globfree(&g);
}

/* ---- texts in messages ------------------------------------------------ */

static bool valid_utf8(const char *s)
{
    return bp_utf8_invalid(s, strlen(s)) < 0;
}

static void quote_shortens_on_a_character_boundary(void **state)
{
    (void)state;
    char out[256];
    assert_string_equal(bp_quote(out, sizeof out, "整体绩效目标表", 60), "整体绩效目标表");
    assert_string_equal(bp_quote(out, sizeof out, "整体绩效目标表", 4), "整体绩效…");
    assert_string_equal(bp_quote(out, sizeof out, NULL, 4), "");
    /* 1,500 bytes of CJK: at most 60 characters, then the ellipsis */
    char title[1501];
    for (int i = 0; i < 500; i++)
        memcpy(title + 3 * i, "很", 3);
    title[1500] = 0;
    bp_quote(out, sizeof out, title, BP_QUOTE_CHARS);
    assert_int_equal(bp_utf8_count(out, strlen(out)), BP_QUOTE_CHARS + 1);
    assert_true(valid_utf8(out));
    /* a buffer too small for 60 characters: whole characters that fit */
    for (size_t size = 4; size < 40; size++) {
        char small[40];
        bp_quote(small, size, title, BP_QUOTE_CHARS);
        assert_true(strlen(small) < size);
        assert_true(valid_utf8(small));
        assert_non_null(strstr(small, "…"));
    }
    char tiny[3];
    assert_string_equal(bp_quote(tiny, sizeof tiny, title, 10), "");
    /* exactly fitting text is not shortened */
    char exact[10];
    assert_string_equal(bp_quote(exact, sizeof exact, "123456789", 60), "123456789");
}

static void escape_keeps_reports_utf8(void **state)
{
    (void)state;
    char out[64];
    assert_string_equal(bp_utf8_escape(out, sizeof out, "dept-郑州"), "dept-郑州");
    assert_string_equal(bp_utf8_escape(out, sizeof out, "dept-\x80\xff-\xe9\x83"),
                        "dept-\\x80\\xFF-\\xE9\\x83");
    assert_true(valid_utf8(out));
    /* too small: cut between characters and escapes */
    char small[9];
    assert_string_equal(bp_utf8_escape(small, sizeof small, "ab\x80郑州"), "ab\\x80");
    assert_string_equal(bp_utf8_escape(small, sizeof small, "abcd郑州"), "abcd郑");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_memory_is_zeroed_and_separate),
        cmocka_unit_test(vectors_grow_and_keep_their_items),
        cmocka_unit_test(hash_depends_on_every_byte_and_not_on_pieces),
        cmocka_unit_test(guard_turns_a_failed_allocation_into_eresource),
        cmocka_unit_test(guards_nest_and_each_returns_to_its_own_caller),
        cmocka_unit_test(an_impossible_vector_is_out_of_memory),
        cmocka_unit_test(reading_without_file_descriptors_is_eresource),
        cmocka_unit_test(a_read_error_is_eio_not_einput),
        cmocka_unit_test(quote_shortens_on_a_character_boundary),
        cmocka_unit_test(escape_keeps_reports_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
