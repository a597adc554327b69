/* test_paginate.c — pagination with given row heights: which rows land on
 * which page, keep-together chains, long chains broken, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "layout.h"

static int run(const bp_pag_item *items, int n, double first, double cap, int *page_of)
{
    int np = -1;
    bp_error e = {0};
    int rc = layout_paginate(items, n, first, cap, page_of, &np, &e);
    assert_int_equal(rc, 0);
    return np;
}

static void simple_rows(void **state)
{
    (void)state;
    bp_pag_item it[10];
    for (int i = 0; i < 10; i++) it[i] = (bp_pag_item){20, false};
    int pg[10];
    /* 50 pt first page: 2 rows; then 100 pt: 5 rows per page */
    int np = run(it, 10, 50, 100, pg);
    assert_int_equal(np, 3);
    int want[10] = {0, 0, 1, 1, 1, 1, 1, 2, 2, 2};
    for (int i = 0; i < 10; i++) assert_int_equal(pg[i], want[i]);
}

static void exact_fit_makes_no_empty_page(void **state)
{
    (void)state;
    bp_pag_item it[4] = {{25, false}, {25, false}, {25, false}, {25, false}};
    int pg[4];
    assert_int_equal(run(it, 4, 50, 50, pg), 2);
    assert_int_equal(pg[3], 1);
}

static void chains_move_whole(void **state)
{
    (void)state;
    /* rows 2-4 are joined (merged cells): they do not fit after rows 0-1 */
    bp_pag_item it[6] = {{30, false}, {30, false}, {20, true}, {20, true}, {20, false}, {10, false}};
    int pg[6];
    int np = run(it, 6, 100, 100, pg);
    assert_int_equal(np, 2);
    assert_int_equal(pg[1], 0);
    assert_int_equal(pg[2], 1);
    assert_int_equal(pg[3], 1);
    assert_int_equal(pg[4], 1);
    assert_int_equal(pg[5], 1);
}

static void long_chain_breaks_between_rows(void **state)
{
    (void)state;
    /* a chain of 8 × 30 pt cannot fit any 100 pt page: it starts right after
     * row 0 and breaks between rows */
    bp_pag_item it[9];
    it[0] = (bp_pag_item){30, false};
    for (int i = 1; i < 9; i++) it[i] = (bp_pag_item){30, i < 8};
    int pg[9];
    int np = run(it, 9, 100, 100, pg);
    assert_int_equal(np, 3);
    int want[9] = {0, 0, 0, 1, 1, 1, 2, 2, 2};
    for (int i = 0; i < 9; i++) assert_int_equal(pg[i], want[i]);
}

static void total_row_not_alone(void **state)
{
    (void)state;
    /* the caller marks the row before a final total keep_with_next */
    bp_pag_item it[5] = {{40, false}, {40, false}, {10, true}, {10, false}};
    int pg[5];
    int np = run(it, 4, 100, 100, pg);
    /* rows 2+3 (20 pt) fit after 80: all on page 0 */
    assert_int_equal(np, 1);
    bp_pag_item it2[4] = {{45, false}, {45, false}, {9, true}, {9, false}};
    np = run(it2, 4, 100, 100, pg);
    assert_int_equal(np, 2);
    assert_int_equal(pg[2], 1); /* the body row goes with the total */
    assert_int_equal(pg[3], 1);
}

static void empty_table_is_one_page(void **state)
{
    (void)state;
    int pg[1];
    int np = -1;
    bp_error e = {0};
    assert_int_equal(layout_paginate(NULL, 0, 100, 100, pg, &np, &e), 0);
    assert_int_equal(np, 1);
}

static void too_tall_is_an_error(void **state)
{
    (void)state;
    bp_pag_item it[2] = {{10, false}, {150, false}};
    int pg[2], np;
    bp_error e = {0};
    assert_int_equal(layout_paginate(it, 2, 100, 100, pg, &np, &e), BP_EINPUT);
    assert_non_null(strstr(e.msg, "item 1"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(simple_rows),
        cmocka_unit_test(exact_fit_makes_no_empty_page),
        cmocka_unit_test(chains_move_whole),
        cmocka_unit_test(long_chain_breaks_between_rows),
        cmocka_unit_test(total_row_not_alone),
        cmocka_unit_test(empty_table_is_one_page),
        cmocka_unit_test(too_tall_is_an_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
