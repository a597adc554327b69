/* test_decimal.c — the one exact-decimal module (src/base/decimal.c):
 * units, rounding half away from zero, and the one formatter with its
 * styles (exact, rounded, trimmed, thousands), cut to the buffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "decimal.h"

static void fmt(bp_exact v, int scale, int dec, int min, bool th, const char *want)
{
    bp_exact_style st = {dec, min, th};
    char buf[100];
    size_t n = bp_exact_format(v, scale, &st, buf, sizeof buf);
    if (strcmp(buf, want) || n != strlen(want))
        fail_msg("format(%lld / 10^%d, %d..%d) = '%s', want '%s'", (long long)v, scale, min, dec,
                 buf, want);
}

static void formats(void **state)
{
    (void)state;
    fmt(68284, 1, 1, 1, true, "6,828.4");
    fmt(68284, 1, 2, 2, false, "6828.40");        /* more decimals than written */
    fmt(52090, 1, 1, 0, false, "5209");           /* trimmed */
    fmt(2000, 4, 2, 0, false, "0.2");             /* 0.20 trimmed to 0.2 */
    fmt(5, 2, 1, 1, false, "0.1");                /* 0.05: half away from zero */
    fmt(-5, 2, 1, 1, false, "-0.1");              /* and below zero */
    fmt(-4, 2, 1, 1, false, "0.0");               /* -0.04 rounds to 0.0, no '-' */
    fmt(99995, 2, 1, 1, true, "1,000.0");         /* a carry into a new group */
    fmt(-1234, 0, 0, 0, true, "-1,234");          /* no decimals, no point */
    fmt(0, 3, 3, 3, false, "0.000");              /* zero keeps its decimals */
    fmt(123456789, 7, 7, 1, false, "12.3456789"); /* exact */
    fmt(120000000, 7, 7, 1, false, "12.0");       /* trimmed down to one */
}

static void units_and_rounding(void **state)
{
    (void)state;
    bp_decimal d = {68284, 1}; /* 6828.4 */
    assert_true(bp_exact_of(d) == (bp_exact)68284 * 1000000);
    assert_true(bp_exact_in_unit(d, 4) == (bp_exact)68284 * 10000000000LL); /* 万元 in 元 */
    assert_true(bp_exact_round_abs(15, 1, 0) == 2);                         /* 1.5 -> 2 */
    assert_true(bp_exact_round_abs(-15, 1, 0) == 2);                        /* |-1.5| -> 2 */
    assert_true(bp_exact_round_abs(14, 1, 0) == 1);
    assert_true(bp_exact_pow10(20) / bp_exact_pow10(19) == 10);
}

static void plain_and_cut(void **state)
{
    (void)state;
    bp_arena arena, *a = &arena;
    bp_arena_init(a);
    assert_string_equal(bp_exact_plain(a, 521, 2, 2), "5.21");
    assert_string_equal(bp_exact_plain(a, 5200, 3, 1), "5.2");
    assert_string_equal(bp_exact_plain(a, -7, 0, 0), "-7");
    bp_exact_style st = {2, 2, true};
    char small[6];
    size_t n = bp_exact_format((bp_exact)123456789, 2, &st, small, sizeof small);
    assert_int_equal(n, strlen("1,234,567.89")); /* the whole length, cut in buf */
    assert_string_equal(small, "1,234");
    bp_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(formats),
        cmocka_unit_test(units_and_rounding),
        cmocka_unit_test(plain_and_cut),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
