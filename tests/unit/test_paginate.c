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

/* An item that is never broken. */
#define ROW(h, keep) ((bp_pag_item){(h), (keep), false, 0, 0})

/* Paginates; page_of[i] receives the page of item i's first part. */
static int run(const bp_pag_item *items, int n, double first, double cap, int *page_of)
{
    int np = -1;
    bp_error e = {0};
    bp_arena a;
    bp_arena_init(&a);
    bp_vec out;
    bp_vec_init(&out, sizeof(bp_piece));
    int rc = layout_paginate(items, n, first, cap, &a, &out, &np, &e);
    assert_int_equal(rc, 0);
    const bp_piece *pc = out.items;
    for (int k = out.n - 1; k >= 0; k--)
        page_of[pc[k].item] = pc[k].page;
    bp_arena_free(&a);
    return np;
}

/* Paginates into parts (in a). */
static bp_piece *parts_of(bp_arena *a, const bp_pag_item *items, int n, double cap, int *nparts,
                          int *npages)
{
    bp_error e = {0};
    bp_vec out;
    bp_vec_init(&out, sizeof(bp_piece));
    assert_int_equal(layout_paginate(items, n, cap, cap, a, &out, npages, &e), 0);
    *nparts = out.n;
    return out.items;
}

static void simple_rows(void **state)
{
    (void)state;
    bp_pag_item it[10];
    for (int i = 0; i < 10; i++)
        it[i] = ROW(20, false);
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
    bp_pag_item it[4] = {ROW(25, false), ROW(25, false), ROW(25, false), ROW(25, false)};
    int pg[4];
    assert_int_equal(run(it, 4, 50, 50, pg), 2);
    assert_int_equal(pg[3], 1);
}

static void chains_move_whole(void **state)
{
    (void)state;
    /* rows 2-4 are joined (merged cells): they do not fit after rows 0-1 */
    bp_pag_item it[6] = {ROW(30, false), ROW(30, false), ROW(20, true),
                         ROW(20, true),  ROW(20, false), ROW(10, false)};
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
    it[0] = ROW(30, false);
    for (int i = 1; i < 9; i++)
        it[i] = ROW(30, i < 8);
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
    bp_pag_item it[5] = {ROW(40, false), ROW(40, false), ROW(10, true), ROW(10, false)};
    int pg[5];
    int np = run(it, 4, 100, 100, pg);
    /* rows 2+3 (20 pt) fit after 80: all on page 0 */
    assert_int_equal(np, 1);
    bp_pag_item it2[4] = {ROW(45, false), ROW(45, false), ROW(9, true), ROW(9, false)};
    np = run(it2, 4, 100, 100, pg);
    assert_int_equal(np, 2);
    assert_int_equal(pg[2], 1); /* the body row goes with the total */
    assert_int_equal(pg[3], 1);
}

static void empty_table_is_one_page(void **state)
{
    (void)state;
    int np = -1, nparts = -1;
    bp_arena a;
    bp_arena_init(&a);
    parts_of(&a, NULL, 0, 100, &nparts, &np);
    assert_int_equal(np, 1);
    assert_int_equal(nparts, 0);
    bp_arena_free(&a);
}

static void too_tall_is_an_error(void **state)
{
    (void)state;
    bp_pag_item it[2] = {ROW(10, false), ROW(150, false)};
    int np;
    bp_error e = {0};
    bp_arena a;
    bp_arena_init(&a);
    bp_vec out;
    bp_vec_init(&out, sizeof(bp_piece));
    assert_int_equal(layout_paginate(it, 2, 100, 100, &a, &out, &np, &e), BP_EINPUT);
    assert_non_null(strstr(e.msg, "item 1"));
    bp_arena_free(&a);
}

/* A row of text lines (10 pt each, 2 pt padding above and below). */
#define TEXT_ROW(h) ((bp_pag_item){(h), false, false, 10, 4})

static void row_that_fits_is_one_piece(void **state)
{
    (void)state;
    bp_pag_item it[1] = {TEXT_ROW(80)};
    bp_arena a;
    bp_arena_init(&a);
    int n, np;
    bp_piece *pc = parts_of(&a, it, 1, 100, &n, &np);
    assert_int_equal(n, 1);
    assert_int_equal(np, 1);
    assert_false(pc[0].sliced);
    assert_true(pc[0].height == 80);
    bp_arena_free(&a);
}

static void tall_row_splits_between_lines(void **state)
{
    (void)state;
    /* 25 lines of 10 pt + 2×2 pt padding on 100 pt pages: 9 lines a page */
    bp_pag_item it[1] = {TEXT_ROW(254)};
    bp_arena a;
    bp_arena_init(&a);
    int n, np;
    bp_piece *pc = parts_of(&a, it, 1, 100, &n, &np);
    assert_int_equal(n, 3);
    assert_int_equal(np, 3);
    int covered = 0;
    for (int i = 0; i < n; i++) {
        assert_true(pc[i].sliced);
        assert_int_equal(pc[i].item, 0);
        assert_int_equal(pc[i].page, i);
        assert_int_equal(pc[i].line0, covered); /* no line lost or repeated */
        covered = pc[i].line1 < 0 ? 25 : pc[i].line1;
        assert_true(pc[i].height <= 100);
    }
    assert_int_equal(covered, 25);
    assert_int_equal(pc[1].line1, 18);
    assert_true(pc[2].height == 7 * 10 + 4); /* the last part: what remains */
    bp_arena_free(&a);
}

static void tall_row_starts_where_a_line_fits(void **state)
{
    (void)state;
    /* a 20 pt row, then 25 lines: 7 lines fit under the row on page 0 (the
     * rest of the page is not left blank), then 9, then 9 */
    bp_pag_item it[3] = {ROW(20, false), TEXT_ROW(254), ROW(10, false)};
    bp_arena a;
    bp_arena_init(&a);
    int n, np;
    bp_piece *pc = parts_of(&a, it, 3, 100, &n, &np);
    assert_int_equal(n, 5);
    assert_int_equal(pc[1].page, 0);
    assert_int_equal(pc[1].line1 - pc[1].line0, 7);
    assert_int_equal(pc[2].page, 1);
    assert_int_equal(pc[2].line1 - pc[2].line0, 9);
    assert_int_equal(pc[3].page, 2);
    assert_int_equal(pc[3].line0, 16);
    assert_true(pc[3].height == 9 * 10 + 4);
    assert_int_equal(pc[4].page, 3); /* 94 + 10 > 100 */
    assert_int_equal(np, 4);
    /* when not even one line fits under the rows, it starts on a new page */
    it[0] = ROW(90, false);
    pc = parts_of(&a, it, 3, 100, &n, &np);
    assert_int_equal(pc[1].page, 1);
    assert_int_equal(pc[1].line0, 0);
    bp_arena_free(&a);
}

static void sub_header_never_ends_a_page(void **state)
{
    (void)state;
    /* rows of 30 pt; row 2 is a sub-header (keep_hard) and row 3 does not
     * fit under it: the sub-header moves to the next page with it */
    bp_pag_item it[5] = {ROW(30, false), ROW(30, false), ROW(20, true), ROW(60, false),
                         ROW(10, false)};
    it[2].keep_hard = true;
    int pg[5];
    int np = run(it, 5, 100, 100, pg);
    int want[5] = {0, 0, 1, 1, 1};
    for (int i = 0; i < 5; i++)
        assert_int_equal(pg[i], want[i]);
    assert_int_equal(np, 2);
    /* inside a chain longer than a page too (a merged group) */
    bp_pag_item ch[6] = {ROW(30, true), ROW(30, true),  ROW(20, true),
                         ROW(60, true), ROW(30, false), ROW(10, false)};
    ch[2].keep_hard = true;
    int pc[6];
    run(ch, 6, 100, 100, pc);
    int want2[6] = {0, 0, 1, 1, 2, 2};
    for (int i = 0; i < 6; i++)
        assert_int_equal(pc[i], want2[i]);
    /* a tall row under it starts under it on the same page */
    bp_pag_item tl[3] = {ROW(60, false), ROW(20, false), TEXT_ROW(254)};
    tl[1].keep_hard = true;
    bp_arena a;
    bp_arena_init(&a);
    int n;
    bp_piece *p = parts_of(&a, tl, 3, 100, &n, &np);
    assert_int_equal(p[1].page, 0);
    assert_int_equal(p[2].page, 0);
    assert_int_equal(p[2].line1, 1); /* 100 - 80 - 4: one line */
    /* when no line fits under it, it moves */
    tl[0] = ROW(70, false);
    p = parts_of(&a, tl, 3, 100, &n, &np);
    assert_int_equal(p[0].page, 0);
    assert_int_equal(p[1].page, 1);
    assert_int_equal(p[2].page, 1);
    /* a sub-header first on its page stays (no endless loop) */
    bp_pag_item first[2] = {ROW(20, false), ROW(95, false)};
    first[0].keep_hard = true;
    int pf[2];
    assert_int_equal(run(first, 2, 100, 100, pf), 2);
    assert_int_equal(pf[0], 0);
    assert_int_equal(pf[1], 1);
    bp_arena_free(&a);
}

static void merged_group_longer_than_page_starts_at_once(void **state)
{
    (void)state;
    /* rows 1..6 are joined by a merged cell (6 × 30 pt > 100): the group is
     * broken between rows from the page where it starts, not pushed to a
     * new page leaving a blank */
    bp_pag_item it[7] = {ROW(40, false), ROW(30, true), ROW(30, true), ROW(30, true),
                         ROW(30, true),  ROW(30, true), ROW(30, false)};
    int pg[7];
    int np = run(it, 7, 100, 100, pg);
    int want[7] = {0, 0, 0, 1, 1, 1, 2};
    for (int i = 0; i < 7; i++)
        assert_int_equal(pg[i], want[i]);
    assert_int_equal(np, 3);
}

static void flow_fits_in_first_fragment(void **state)
{
    (void)state;
    /* 3 lines of 10 pt in boxes of 50, 80 and 40 pt: all on the first page,
     * none on the others (never printed twice) */
    double h[3] = {50, 80, 40};
    int first[3], count[3];
    assert_true(layout_flow_lines(3, 10, 2, h, 3, first, count) == 0);
    assert_int_equal(count[0], 3);
    assert_int_equal(count[1], 0);
    assert_int_equal(count[2], 0);
}

static void flow_continues_where_it_stopped(void **state)
{
    (void)state;
    /* 20 lines over boxes holding 4, 9 and 7+: 0-3, 4-12, 13-19 */
    double h[3] = {45, 94, 100};
    int first[3], count[3];
    assert_true(layout_flow_lines(20, 10, 2, h, 3, first, count) == 0);
    int want_first[3] = {0, 4, 13}, want_count[3] = {4, 9, 7};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(first[i], want_first[i]);
        assert_int_equal(count[i], want_count[i]);
    }
    /* the last box too short: it takes the rest and says what it lacks */
    double s[2] = {34, 44};
    assert_true(fabs(layout_flow_lines(10, 10, 2, s, 2, first, count) - 30) < 1e-9);
    assert_int_equal(count[0], 3);
    assert_int_equal(count[1], 7);
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

/* A head (a form's items header) takes room where its run starts on a
 * page: above the first item of a run, and again at the top of each page
 * the run goes on to; a chain moves whole when it fits a page with it. */
static void heads_where_runs_start(void **state)
{
    (void)state;
    /* a field row of 30, then item rows of 20 under a 10 pt header */
    bp_pag_item it[6] = {ROW(30, false), ROW(20, false), ROW(20, false),
                         ROW(20, true),  ROW(20, false), ROW(20, false)};
    double head[6] = {0, 10, 10, 10, 10, 10};
    bp_arena a;
    bp_arena_init(&a);
    bp_vec out;
    bp_vec_init(&out, sizeof(bp_piece));
    bp_error e = {0};
    bp_pag_job job = {.items = it,
                      .n = 6,
                      .head = head,
                      .first_cap = 100,
                      .cap = 100,
                      .a = &a,
                      .out = &out,
                      .e = &e};
    assert_int_equal(layout_paginate_job(&job), 0);
    /* page 0: 30 + (10 + 20) + 20 = 80; the chain 3-4 (40) moves on;
     * page 1: 10 + 20 + 20 + 20 = 70 */
    assert_int_equal(job.npages, 2);
    const bp_piece *pc = out.items;
    int want[6] = {0, 0, 0, 1, 1, 1};
    assert_int_equal(out.n, 6);
    for (int i = 0; i < 6; i++)
        assert_int_equal(pc[i].page, want[i]);
    assert_true(pc[1].height == 30 && pc[2].height == 20 && pc[3].height == 30);
    /* a row that fits a page only without its header is an error */
    bp_pag_item tall[1] = {ROW(95, false)};
    double th[1] = {10};
    bp_vec_init(&out, sizeof(bp_piece));
    bp_pag_job bad = {.items = tall,
                      .n = 1,
                      .head = th,
                      .first_cap = 100,
                      .cap = 100,
                      .a = &a,
                      .out = &out,
                      .e = &e};
    assert_int_equal(layout_paginate_job(&bad), BP_EINPUT);
    bp_arena_free(&a);
}

/* head_on_top (a table's section head row): a head takes room only at the
 * top of a page whose first item has one, inside that piece's height; a
 * row broken between lines leaves room for it on the next page too. */
static void heads_on_top(void **state)
{
    (void)state;
    /* a section head row of 10 (no head), then rows of 30 under it */
    bp_pag_item it[5] = {ROW(10, true), ROW(30, false), ROW(30, false), ROW(30, false),
                         ROW(30, false)};
    double head[5] = {0, 10, 10, 10, 10};
    bp_arena a;
    bp_arena_init(&a);
    bp_vec out;
    bp_vec_init(&out, sizeof(bp_piece));
    bp_error e = {0};
    bp_pag_job job = {.items = it,
                      .n = 5,
                      .head = head,
                      .first_cap = 100,
                      .cap = 100,
                      .a = &a,
                      .out = &out,
                      .e = &e,
                      .head_on_top = true};
    assert_int_equal(layout_paginate_job(&job), 0);
    /* page 0: 10 + 30 + 30 + 30 = 100, no head inside it; page 1: 10 + 30 */
    assert_int_equal(job.npages, 2);
    const bp_piece *pc = out.items;
    int want[5] = {0, 0, 0, 0, 1};
    for (int i = 0; i < 5; i++)
        assert_int_equal(pc[i].page, want[i]);
    assert_true(pc[1].height == 30 && pc[3].height == 30 && pc[4].height == 40);
    /* a row taller than a page: its part on the next page holds the head */
    bp_pag_item tall[2] = {ROW(10, true), {150, false, false, 10, 0}};
    double th[2] = {0, 10};
    bp_vec_init(&out, sizeof(bp_piece));
    job.items = tall, job.n = 2, job.head = th;
    assert_int_equal(layout_paginate_job(&job), 0);
    pc = out.items;
    assert_int_equal(out.n, 3);
    assert_true(pc[1].page == 0 && pc[1].height == 90); /* 10 + 90 */
    assert_true(pc[2].page == 1 && pc[2].height == 70); /* 10 + the last 60 */
    bp_arena_free(&a);
}

/* Pagination resumed after items from some index on changed gives the
 * parts of a pagination from the start, for random items: heights, keep
 * chains, sub-headers, rows taller than a page. */
static void resume_equals_full(void **state)
{
    (void)state;
    unsigned seed = 12345;
#define RND(m) ((seed = seed * 1103515245u + 12345u) >> 16) % (m)
    for (int round = 0; round < 400; round++) {
        bp_arena a;
        bp_arena_init(&a);
        bp_error e = {0};
        int n = 1 + (int)RND(60);
        bp_pag_item *it = bp_alloc(&a, (size_t)n * sizeof *it);
        for (int i = 0; i < n; i++) {
            double h = 5 + RND(40); /* drawn one after the other (RND steps seed) */
            bool keep = RND(3) == 0;
            it[i] = ROW(h, keep);
            it[i].keep_hard = it[i].keep_with_next && RND(3) == 0;
            if (RND(8) == 0) it[i].height = 100 + RND(150), it[i].line_h = 10, it[i].frame = 4;
        }
        bp_vec old;
        bp_vec_init(&old, sizeof(bp_piece));
        bp_pag_job job = {
            .items = it, .n = n, .first_cap = 90, .cap = 100, .a = &a, .out = &old, .e = &e};
        assert_int_equal(layout_paginate_job(&job), 0);
        int changed = (int)RND(n);
        for (int i = changed; i < n; i++) {
            if (RND(2)) it[i].height += RND(30);
            if (RND(4) == 0) it[i].keep_with_next = !it[i].keep_with_next;
        }
        bp_vec full;
        bp_vec_init(&full, sizeof(bp_piece));
        bp_pag_job fj = {
            .items = it, .n = n, .first_cap = 90, .cap = 100, .a = &a, .out = &full, .e = &e};
        int frc = layout_paginate_job(&fj);
        bp_pag_job rj = job;
        layout_paginate_resume(&rj, changed);
        int rrc = layout_paginate_job(&rj);
        assert_int_equal(rrc, frc);
        if (frc == 0) {
            assert_int_equal(rj.npages, fj.npages);
            assert_int_equal(old.n, full.n);
            assert_memory_equal(old.items, full.items, (size_t)full.n * sizeof(bp_piece));
        }
        bp_arena_free(&a);
    }
#undef RND
}

/* A job stopped at the end of each page and called again gives the parts
 * of one call, for random items, with the same work (parts placed). */
static void stop_and_go_equals_full(void **state)
{
    (void)state;
    unsigned seed = 777;
#define RND(m) ((seed = seed * 1103515245u + 12345u) >> 16) % (m)
    for (int round = 0; round < 300; round++) {
        bp_arena a;
        bp_arena_init(&a);
        bp_error e = {0};
        int n = 1 + (int)RND(60);
        bp_pag_item *it = bp_alloc(&a, (size_t)n * sizeof *it);
        for (int i = 0; i < n; i++) {
            double h = 5 + RND(40); /* drawn one after the other (RND steps seed) */
            bool keep = RND(3) == 0;
            it[i] = ROW(h, keep);
            it[i].keep_hard = it[i].keep_with_next && RND(3) == 0;
            if (RND(8) == 0) it[i].height = 100 + RND(150), it[i].line_h = 10, it[i].frame = 4;
        }
        bp_vec full, steps;
        bp_vec_init(&full, sizeof(bp_piece));
        bp_vec_init(&steps, sizeof(bp_piece));
        bp_pag_job fj = {
            .items = it, .n = n, .first_cap = 90, .cap = 100, .a = &a, .out = &full, .e = &e};
        int frc = layout_paginate_job(&fj);
        bp_pag_job sj = {
            .items = it, .n = n, .first_cap = 90, .cap = 100, .a = &a, .out = &steps, .e = &e};
        int src = 0, calls = 0;
        while (src == 0 && !sj.done) {
            sj.stop_page = sj.from_page + 1;
            src = layout_paginate_job(&sj);
            if (src == 0 && !sj.done) assert_int_equal(sj.npages, sj.from_page);
            calls++;
        }
        assert_int_equal(src, frc);
        if (frc == 0) {
            assert_true(fj.done);
            assert_int_equal(calls, fj.npages);
            assert_int_equal(sj.npages, fj.npages);
            assert_int_equal(steps.n, full.n);
            assert_memory_equal(steps.items, full.items, (size_t)full.n * sizeof(bp_piece));
            assert_true(sj.visits == fj.visits);
        }
        bp_arena_free(&a);
    }
#undef RND
}

/* The space above an item (bp_pag_job.space) takes room after another
 * item, and none where the item begins a page. */
static void space_dropped_at_page_top(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0};
    bp_pag_item it[5] = {ROW(30, false), ROW(30, false), ROW(30, false), ROW(30, false),
                         ROW(50, false)};
    double space[5] = {0, 10, 10, 10, 20};
    bp_vec out;
    bp_vec_init(&out, sizeof(bp_piece));
    bp_pag_job job = {.items = it,
                      .n = 5,
                      .space = space,
                      .first_cap = 100,
                      .cap = 100,
                      .a = &a,
                      .out = &out,
                      .e = &e};
    assert_int_equal(layout_paginate_job(&job), 0);
    const bp_piece *pc = out.items;
    assert_int_equal(out.n, 5);
    /* 30 + (10 + 30) on page 0; the third needs 40 more of 30 left */
    int page[5] = {0, 0, 1, 1, 2};
    double h[5] = {30, 40, 30, 40, 50};
    for (int k = 0; k < 5; k++) {
        assert_int_equal(pc[k].page, page[k]);
        assert_true(fabs(pc[k].height - h[k]) < 1e-9);
    }
    assert_int_equal(job.npages, 3);
    bp_arena_free(&a);
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
        cmocka_unit_test(tall_row_starts_where_a_line_fits),
        cmocka_unit_test(sub_header_never_ends_a_page),
        cmocka_unit_test(flow_fits_in_first_fragment),
        cmocka_unit_test(flow_continues_where_it_stopped),
        cmocka_unit_test(merged_group_longer_than_page_starts_at_once),
        cmocka_unit_test(heads_where_runs_start),
        cmocka_unit_test(resume_equals_full),
        cmocka_unit_test(heads_on_top),
        cmocka_unit_test(stop_and_go_equals_full),
        cmocka_unit_test(space_dropped_at_page_top),
        cmocka_unit_test(widths_fixed_then_weights),
        cmocka_unit_test(widths_widen_for_content),
        cmocka_unit_test(widths_narrow_fixed_to_minimum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
