/* test_json.c — the JSON writer of the command line (cli/json.c, built into
 * this test): commas and nesting, null strings, escapes of quotes,
 * backslashes and control characters, UTF-8 kept as it is and bytes that
 * are not UTF-8 replaced by U+FFFD, so that the output always parses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "../../cli/json.h"

static void nesting_and_commas(void **state)
{
    (void)state;
    json_out j;
    json_init(&j);
    json_object(&j);
    json_key(&j, "a");
    json_int(&j, -12);
    json_key(&j, "b");
    json_array(&j);
    json_bool(&j, true);
    json_null(&j);
    json_string(&j, NULL);
    json_object(&j);
    json_end_object(&j);
    json_array(&j);
    json_end_array(&j);
    json_end_array(&j);
    json_key(&j, "c");
    json_string(&j, "合计");
    json_end_object(&j);
    assert_false(j.oom);
    assert_string_equal(j.buf, "{\"a\":-12,\"b\":[true,null,null,{},[]],\"c\":\"合计\"}");
    json_reset(&j);
    json_array(&j);
    json_int(&j, 1);
    json_end_array(&j);
    assert_string_equal(j.buf, "[1]");
    json_free(&j);
}

static void strings_are_escaped(void **state)
{
    (void)state;
    json_out j;
    json_init(&j);
    json_string(&j, "a\"b\\c\nd\te\rf\x01g\x7fh");
    assert_string_equal(j.buf, "\"a\\\"b\\\\c\\nd\\te\\rf\\u0001g\\u007fh\"");
    json_free(&j);
}

static void invalid_utf8_becomes_a_replacement_character(void **state)
{
    (void)state;
    json_out j;
    json_init(&j);
    /* a Latin-1 é, a lone continuation byte, a truncated 3-byte sequence,
     * an overlong '/', a surrogate; then 5209.0 ≠ 5219.0 as it is */
    json_string(&j, "caf\xe9|\x80|\xe5\x90|\xc0\xaf|\xed\xa0\x80|5209.0 ≠ 5219.0");
    assert_string_equal(j.buf, "\"caf\xEF\xBF\xBD|\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD|"
                               "\xEF\xBF\xBD\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD|"
                               "5209.0 ≠ 5219.0\"");
    json_free(&j);
}

static void a_long_document_grows(void **state)
{
    (void)state;
    json_out j;
    json_init(&j);
    json_array(&j);
    for (int i = 0; i < 10000; i++)
        json_string(&j, "一般公共预算支出情况表");
    json_end_array(&j);
    assert_false(j.oom);
    assert_int_equal(j.len, strlen(j.buf));
    assert_int_equal(j.len, 2 + 10000 * (2 + strlen("一般公共预算支出情况表")) + 9999);
    json_free(&j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nesting_and_commas),
        cmocka_unit_test(strings_are_escaped),
        cmocka_unit_test(invalid_utf8_becomes_a_replacement_character),
        cmocka_unit_test(a_long_document_grows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
