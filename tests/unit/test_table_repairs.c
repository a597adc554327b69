/* test_table_repairs.c — a long table with many merged cells that lack
 * room where they continue is paginated once plus local repairs
 * (layout_table_stream.c): each such cell grows its last row where it
 * ends and the pager goes back only to the page where that row's group
 * is decided; the work (parts the pager placed) stays near one
 * pagination, the result is a pagination from the start with the grown
 * rows, and every line of every label is shown once, inside its boxes.
 * Needs fonts-arphic-uming and fonts-wqy-zenhei. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <string.h>

#include "layout_table_priv.h"

#include "fonts_fixture.h"

#define GROUPS 24
#define LINES 150 /* lines of each label: its three rows span three pages */

static const char *TWO_COLS = "title: 表\n"
                              "data: t.csv\n"
                              "columns:\n"
                              "  - {key: name, header: [名称], width: 30}\n"
                              "  - {key: text, header: [内容], width: \"1*\"}\n";

/* GROUPS times: 5 one-line rows, then a label of LINES lines merged over
 * three one-line rows (the rows share its height, so its group breaks
 * between them and each page's box loses its padding and part of a line:
 * the label lacks lines on its last page). */
static char *csv_text(bp_arena *a)
{
    size_t cap = (size_t)GROUPS * (LINES * 4 + 128) + 64, len;
    char *s = bp_alloc(a, cap);
    len = (size_t)snprintf(s, cap, "name,text\n");
    for (int g = 0; g < GROUPS; g++) {
        for (int i = 0; i < 5; i++)
            len += (size_t)snprintf(s + len, cap - len, "r%d.%d,x\n", g, i);
        len += (size_t)snprintf(s + len, cap - len, "\"");
        for (int i = 0; i < LINES; i++)
            len += (size_t)snprintf(s + len, cap - len, "%s标", i ? "\n" : "");
        len += (size_t)snprintf(s + len, cap - len, "\",x\n^,y\n^,z\n");
    }
    return s;
}

/* Every line of cell i shown once, in order, each fragment's lines inside
 * its box. */
static void shown_once(const table_job *j, int i)
{
    const cell_frag *fr = &j->frags[i];
    double lh = 9 * 1.25;
    int shown = fr->count;
    for (int p = fr->page + 1; p < j->npages; p++)
        for (int k = j->page_cont[p]; k < j->page_cont[p + 1]; k++) {
            const cell_frag *c = &j->conts[k];
            if (c->cell != i) continue;
            assert_int_equal(c->first, shown);
            shown += c->count;
            assert_true(c->count * lh <= c->top - c->bot - 2 * j->pad + 1e-6);
        }
    assert_int_equal(shown, j->cells[i].text.nlines);
}

static void many_rowspans_one_pass_and_local_repairs(void **state)
{
    (void)state;
    bp_arena a, scratch, tmp;
    bp_arena_init(&a), bp_arena_init(&scratch), bp_arena_init(&tmp);
    bp_error e = {0};
    bp_department dept = {.name = "测试单位", .code = "1", .year = 2024, .unit = "万元"};
    bp_ctx cx = bp_ctx_of(&a, &e);
    bp_layout_ctx ctx = {&cx, &g_fonts, NULL, &dept, false};
    bp_table_spec t;
    const char *csv = csv_text(&tmp);
    assert_int_equal(spec_parse_table(&a, "t.yaml", TWO_COLS, strlen(TWO_COLS), &t, &e), 0);
    bp_csv *c;
    bp_table_data *d;
    assert_int_equal(data_parse_csv(&a, "t.csv", csv, strlen(csv), "utf-8", &c, &e), 0);
    assert_int_equal(data_bind(&a, &t, c, &d, &e), 0);
    table_job j;
    memset(&j, 0, sizeof j);
    j.ctx = &ctx, j.a = &scratch, j.t = &t, j.d = d;
    assert_int_equal(table_layout_job(&j), 0);

    /* every label was repaired where it ends, and placing found nothing
     * more: the table was paginated once */
    assert_true(j.repairs >= GROUPS);
    assert_int_equal(j.passes, 1);
    int labels = 0;
    for (int i = 0; i < j.ncells; i++) {
        if (j.cells[i].rowspan != 3) continue;
        int r1 = j.cells[i].row + 2;
        assert_true(j.extra[r1] > 0);
        shown_once(&j, i);
        labels++;
    }
    assert_int_equal(labels, GROUPS);

    /* the same parts as one pagination from the start with the grown rows */
    bp_vec full;
    bp_vec_init(&full, sizeof(bp_piece));
    bp_pag_job job = {.items = j.items,
                      .n = j.nitems,
                      .head = j.head,
                      .first_cap = j.cap,
                      .cap = j.cont_cap,
                      .a = &tmp,
                      .out = &full,
                      .e = &e,
                      .head_on_top = true};
    assert_int_equal(layout_paginate_job(&job), 0);
    assert_int_equal(job.npages, j.npages);
    assert_int_equal(full.n, j.nparts);
    const bp_piece *fp = full.items;
    for (int k = 0; k < full.n; k++) {
        assert_int_equal(fp[k].item, j.parts[k].item);
        assert_int_equal(fp[k].page, j.parts[k].page);
        assert_int_equal(fp[k].line0, j.parts[k].line0);
        assert_int_equal(fp[k].line1, j.parts[k].line1);
    }
    /* the work: one pagination, and per repair the parts of the pages it
     * goes back over (the page where the label's group is decided and the
     * three the group spans: at most 16 parts here); the pages before them
     * are never paginated again */
    long one = job.visits;
    print_message("parts %ld, placed %ld, repairs %d, pages %d\n", one, j.visits, j.repairs,
                  j.npages);
    assert_true(j.visits <= one + 16L * j.repairs);
    assert_true(j.visits < 3 * one);
    bp_arena_free(&tmp), bp_arena_free(&scratch), bp_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(many_rowspans_one_pass_and_local_repairs),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
