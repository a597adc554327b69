/* test_paginate.c — pagination with given row heights: which rows land on
 * which page, keep-together chains, long chains broken, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
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
    for (int i = 0; i < 10; i++)
        it[i] = (bp_pag_item){20, false};
    int pg[10];
    /* 50 pt first page: 2 rows; then 100 pt: 5 rows per page */
    int np = run(it, 10, 50, 100, pg);
    assert_int_equal(np, 3);
    int want[10] = {0, 0, 1, 1, 1, 1, 1, 2, 2, 2};
    for (int i = 0; i < 10; i++)
        assert_int_equal(pg[i], want[i]);
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
    bp_pag_item it[6] = {{30, false}, {30, false}, {20, true},
                         {20, true},  {20, false}, {10, false}};
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
    for (int i = 1; i < 9; i++)
        it[i] = (bp_pag_item){30, i < 8};
    int pg[9];
    int np = run(it, 9, 100, 100, pg);
    assert_int_equal(np, 3);
    int want[9] = {0, 0, 0, 1, 1, 1, 2, 2, 2};
    for (int i = 0; i < 9; i++)
        assert_int_equal(pg[i], want[i]);
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

static void row_that_fits_is_one_piece(void **state)
{
    (void)state;
    bp_piece out[4];
    int per = -1;
    assert_int_equal(layout_slice_row(3, 80, 6, 2, 100, 10, 2, out, &per), 1);
    assert_int_equal(per, 0);
    assert_false(out[0].sliced);
    assert_true(out[0].height == 80);
    assert_int_equal(out[0].row, 3);
}

static void tall_row_splits_between_lines(void **state)
{
    (void)state;
    /* 25 lines of 10 pt + 2×2 pt padding on 100 pt pages: 9 lines per piece */
    bp_piece out[26];
    int per = 0;
    int n = layout_slice_row(7, 254, 25, 3, 100, 10, 2, out, &per);
    assert_int_equal(per, 9);
    assert_int_equal(n, 3);
    int covered = 0;
    for (int i = 0; i < n; i++) {
        assert_true(out[i].sliced);
        assert_int_equal(out[i].row, 7);
        assert_int_equal(out[i].line0, covered); /* no line lost or repeated */
        covered = out[i].line1;
        assert_true(out[i].height <= 100);
    }
    assert_int_equal(covered, 25);
    /* the last piece has 7 lines; repeated cells need 3: height for 7 */
    assert_true(out[2].height == 7 * 10 + 4);
    /* a repeated cell longer than the last slice sets that piece's height */
    n = layout_slice_row(7, 214, 21, 5, 100, 10, 2, out, &per);
    assert_int_equal(n, 3);
    assert_int_equal(out[2].line1 - out[2].line0, 3);
    assert_true(out[2].height == 5 * 10 + 4);
}

static void sliced_pieces_paginate_one_per_page(void **state)
{
    (void)state;
    /* a normal row, then a sliced row's 3 pieces, then a total row */
    bp_piece out[30];
    int per;
    int n = layout_slice_row(1, 254, 25, 1, 100, 10, 2, out, &per);
    bp_pag_item it[6];
    it[0] = (bp_pag_item){20, false};
    for (int i = 0; i < n; i++)
        it[1 + i] = (bp_pag_item){out[i].height, false};
    it[4] = (bp_pag_item){10, false};
    int pg[6];
    int np = run(it, 5, 100, 100, pg);
    /* row 0 and the first slice do not fit together: 20 + 94 > 100 */
    assert_int_equal(pg[0], 0);
    assert_int_equal(pg[1], 1);
    assert_int_equal(pg[2], 2);
    assert_int_equal(pg[3], 3);
    assert_int_equal(pg[4], 3);
    assert_int_equal(np, 4);
}

static void merged_group_longer_than_page_starts_at_once(void **state)
{
    (void)state;
    /* rows 1..6 are joined by a merged cell (6 × 30 pt > 100): the group is
     * broken between rows from the page where it starts, not pushed to a
     * new page leaving a blank */
    bp_pag_item it[7] = {{40, false}, {30, true}, {30, true}, {30, true},
                         {30, true},  {30, true}, {30, false}};
    int pg[7];
    int np = run(it, 7, 100, 100, pg);
    int want[7] = {0, 0, 0, 1, 1, 1, 2};
    for (int i = 0; i < 7; i++)
        assert_int_equal(pg[i], want[i]);
    assert_int_equal(np, 3);
}

/* a table spec with the given columns: width_mm > 0 fixed, else weight */
static bp_table_spec spec_of(bp_column *cols, int n)
{
    bp_table_spec t;
    memset(&t, 0, sizeof t);
    t.file = "t.yaml";
    t.columns = cols;
    t.ncolumns = n;
    return t;
}

static double sum(const double *w, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += w[i];
    return s;
}

static void widths_fixed_then_weights(void **state)
{
    (void)state;
    bp_column c[3] = {{.width_mm = 20}, {.weight = 2}, {.weight = 1}};
    bp_table_spec t = spec_of(c, 3);
    double out[3], deficit = -1;
    double avail = 110 * BP_MM;
    assert_int_equal(layout_column_widths(&t, avail, NULL, false, out, &deficit, NULL), 0);
    assert_true(deficit == 0);
    assert_true(fabs(out[0] - 20 * BP_MM) < 1e-9);
    assert_true(fabs(out[1] - 60 * BP_MM) < 1e-9);
    assert_true(fabs(out[2] - 30 * BP_MM) < 1e-9);
}

static void widths_widen_for_content(void **state)
{
    (void)state;
    /* column 0 holds a code needing 30 mm: it takes room from the others */
    bp_column c[3] = {{.width_mm = 20}, {.weight = 1}, {.weight = 1}};
    bp_table_spec t = spec_of(c, 3);
    double need[3] = {30 * BP_MM, 0, 0}, out[3], deficit = -1;
    double avail = 100 * BP_MM;
    assert_int_equal(layout_column_widths(&t, avail, need, false, out, &deficit, NULL), 0);
    assert_true(deficit == 0);
    assert_true(out[0] >= 30 * BP_MM - 1e-6);
    assert_true(fabs(sum(out, 3) - avail) < 1e-6);
}

static void widths_narrow_fixed_to_minimum(void **state)
{
    (void)state;
    /* fixed columns 3 × 50 mm on a 120 mm page, minimum 35 mm each */
    bp_column c[3] = {{.width_mm = 50, .min_mm = 35},
                      {.width_mm = 50, .min_mm = 35},
                      {.width_mm = 50, .min_mm = 35}};
    bp_table_spec t = spec_of(c, 3);
    double out[3], deficit = -1;
    assert_int_equal(layout_column_widths(&t, 120 * BP_MM, NULL, true, out, &deficit, NULL), 0);
    assert_true(deficit == 0);
    assert_true(fabs(sum(out, 3) - 120 * BP_MM) < 1e-6);
    for (int i = 0; i < 3; i++)
        assert_true(out[i] >= 35 * BP_MM - 1e-6);
    /* without narrowing, the declared 150 mm stay: 30 mm missing */
    assert_int_equal(layout_column_widths(&t, 120 * BP_MM, NULL, false, out, &deficit, NULL), 0);
    assert_true(fabs(deficit - 30 * BP_MM) < 0.1);
    /* on a 90 mm page the minimums (105 mm) cannot fit: 15 mm missing */
    assert_int_equal(layout_column_widths(&t, 90 * BP_MM, NULL, true, out, &deficit, NULL), 0);
    assert_true(fabs(deficit - 15 * BP_MM) < 0.1);
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
        cmocka_unit_test(row_that_fits_is_one_piece),
        cmocka_unit_test(tall_row_splits_between_lines),
        cmocka_unit_test(sliced_pieces_paginate_one_per_page),
        cmocka_unit_test(merged_group_longer_than_page_starts_at_once),
        cmocka_unit_test(widths_fixed_then_weights),
        cmocka_unit_test(widths_widen_for_content),
        cmocka_unit_test(widths_narrow_fixed_to_minimum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
