/* test_number.c — exact decimal parsing and formatting of amounts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "number.h"

static void fmt(const char *in, int decimals, bool thousands, const char *zero, const char *want)
{
    bp_decimal v;
    const char *why = number_parse(in, strlen(in), &v);
    if (why) fail_msg("'%s' %s", in, why);
    bp_numfmt f = {decimals, thousands, zero};
    char buf[64];
    number_format(v, &f, buf, sizeof buf);
    if (strcmp(buf, want)) fail_msg("format('%s', %d) = '%s', want '%s'", in, decimals, buf, want);
}

static void formats(void **state)
{
    (void)state;
    fmt("6828.4", 1, true, "", "6,828.4");
    fmt("6,828.4", 1, true, "", "6,828.4");
    fmt("5209", 1, true, "", "5,209.0");
    fmt("0", 1, true, "", "");
    fmt("0", 1, true, "0.0", "0.0");
    fmt("0.00", 2, true, "-", "-");
    fmt("0.04", 1, true, "", "");       /* rounds to zero: shown as zero */
    fmt("0.05", 1, true, "0.0", "0.1"); /* half away from zero */
    fmt("-0.05", 1, true, "", "-0.1");
    fmt("1234567.891", 2, true, "", "1,234,567.89");
    fmt("1234567.895", 2, false, "", "1234567.90");
    fmt("68284000", 2, true, "", "68,284,000.00");
    fmt("999.95", 1, true, "", "1,000.0");
    fmt("-1234", 0, true, "", "-1,234");
    fmt("0.2", 1, true, "", "0.2");
    fmt("100", 0, true, "", "100");
}

static void rejects(void **state)
{
    (void)state;
    const char *bad[] = {"1,2,3",
                         "12,34",
                         "1e309",
                         "abc",
                         "",
                         "-",
                         "1.2.3",
                         "1,234,56",
                         "6828.4万",
                         "1.1234567",
                         "99999999999999999999",
                         ",123",
                         "1,23.4",
                         NULL};
    for (int i = 0; bad[i]; i++) {
        bp_decimal v;
        if (!number_parse(bad[i], strlen(bad[i]), &v)) fail_msg("'%s' was accepted", bad[i]);
    }
    bp_decimal v;
    assert_null(number_parse("1,234,567.5", 11, &v));
    assert_int_equal(v.units, 12345675);
    assert_int_equal(v.scale, 1);
    assert_null(number_parse(" 12 ", 4, &v));
    assert_int_equal(v.units, 12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(formats),
        cmocka_unit_test(rejects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
