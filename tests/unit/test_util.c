/* test_util.c — the shared plumbing: arena allocation (zeroed memory,
 * large blocks), growable vectors owned by an arena, and the content hash
 * behind the PDF /ID. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_memory_is_zeroed_and_separate),
        cmocka_unit_test(vectors_grow_and_keep_their_items),
        cmocka_unit_test(hash_depends_on_every_byte_and_not_on_pieces),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
