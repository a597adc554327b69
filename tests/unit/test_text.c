/* test_text.c — unit tests for font resolution, measurement and line breaking. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "text.h"

static void test_fonts_resolve(void **state)
{
    (void)state;
    bp_fonts fonts;
    bp_error e = {0};
    assert_int_equal(text_fonts_open(NULL, NULL, &fonts, &e), BP_OK);
    text_fonts_close(&fonts);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fonts_resolve),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
