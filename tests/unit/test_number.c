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
    bp_numfmt f = {.decimals = decimals, .thousands = thousands, .zero = zero};
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

static void fmt_with(const char *in, const bp_numfmt *f, const char *want)
{
    bp_decimal v;
    const char *why = number_parse(in, strlen(in), &v);
    if (why) fail_msg("'%s' %s", in, why);
    char buf[64];
    number_format(v, f, buf, sizeof buf);
    if (strcmp(buf, want)) fail_msg("format('%s') = '%s', want '%s'", in, buf, want);
}

/* decimals: as_entered — each figure with the decimals it was written
 * with, rounded to at most f.decimals */
static void as_entered(void **state)
{
    (void)state;
    bp_numfmt f = {.decimals = 2, .thousands = true, .zero = "", .as_entered = true};
    fmt_with("12.5", &f, "12.5");
    fmt_with("0.3", &f, "0.3");
    fmt_with("3", &f, "3");
    fmt_with("40.18", &f, "40.18");
    fmt_with("40.10", &f, "40.10"); /* as written, trailing zero kept */
    fmt_with("1234.5", &f, "1,234.5");
    fmt_with("40.185", &f, "40.19"); /* more than the maximum: rounded */
    fmt_with("-0.004", &f, "");      /* rounds to zero: the zero text */
    fmt_with("0", &f, "");
    f.zero_number = true; /* zero: number — zero as written */
    fmt_with("0", &f, "0");
    fmt_with("0.00", &f, "0.00");
    fmt_with("-0.004", &f, "0.00"); /* never -0.00 */
}

/* zero: blank, "0", "-", or number (zero with the format's decimals) */
static void zero_texts(void **state)
{
    (void)state;
    bp_numfmt f = {.decimals = 2, .thousands = true, .zero = "-"};
    fmt_with("0", &f, "-");
    fmt_with("0.001", &f, "-");
    f.zero = "0";
    fmt_with("0.00", &f, "0");
    f.zero_number = true;
    fmt_with("0", &f, "0.00");
    fmt_with("-0.001", &f, "0.00");
    fmt_with("12", &f, "12.00");
}

/* a row rule's format sets only the keys it names */
static void overrides(void **state)
{
    (void)state;
    bp_numfmt col = {.decimals = 1, .thousands = true, .zero = ""};
    bp_numfmt row = {.decimals = 0, .thousands = false, .zero = "-"};
    bp_numfmt f = col;
    number_format_override(&f, &row, BP_FMT_ZERO);
    fmt_with("0", &f, "-");
    fmt_with("1234.56", &f, "1,234.6");
    f = col;
    number_format_override(&f, &row, BP_FMT_DECIMALS | BP_FMT_THOUSANDS);
    fmt_with("1234.56", &f, "1235");
    fmt_with("0", &f, "");
    f = col;
    row.as_entered = true, row.decimals = 3;
    number_format_override(&f, &row, BP_FMT_DECIMALS);
    fmt_with("1234.56", &f, "1,234.56");
    f = col;
    number_format_override(&f, &row, 0);
    fmt_with("1234.56", &f, "1,234.6");
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
        cmocka_unit_test(formats),    cmocka_unit_test(rejects),   cmocka_unit_test(as_entered),
        cmocka_unit_test(zero_texts), cmocka_unit_test(overrides),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
