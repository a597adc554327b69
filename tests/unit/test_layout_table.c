/* test_layout_table.c — the table layouter's phases one by one, on small
 * tables given as YAML and CSV text: measure (cells, row flags), fit
 * widths (page, columns, type size), row heights, paginate, place (a
 * merged cell laid out once over every page it touches), draw. Needs
 * fonts-arphic-uming and fonts-wqy-zenhei. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fontconfig/fontconfig.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "layout_table_priv.h"

#include "fonts_fixture.h"

/* One table and what the phases need. */
typedef struct fixture {
    bp_arena a, scratch;
    bp_error e;
    bp_department dept;
    bp_ctx c;
    bp_layout_ctx ctx;
    bp_table_spec t;
    bp_table_data *d;
    table_job j;
} fixture;

static void setup(fixture *f, const char *yaml, const char *csv)
{
    memset(f, 0, sizeof *f);
    bp_arena_init(&f->a);
    bp_arena_init(&f->scratch);
    f->dept.name = "测试单位";
    f->dept.code = "1";
    f->dept.year = 2024;
    f->dept.unit = "万元";
    f->c = bp_ctx_of(&f->a, &f->e);
    f->ctx = (bp_layout_ctx){&f->c, &g_fonts, NULL, &f->dept, false};
    assert_int_equal(spec_parse_table(&f->a, "t.yaml", yaml, strlen(yaml), &f->t, &f->e), 0);
    bp_csv *c;
    assert_int_equal(data_parse_csv(&f->a, "t.csv", csv, strlen(csv), "utf-8", &c, &f->e), 0);
    assert_int_equal(data_bind(&f->a, &f->t, c, &f->d, &f->e), 0);
    f->j.ctx = &f->ctx, f->j.a = &f->scratch, f->j.t = &f->t, f->j.d = f->d;
}

static void teardown(fixture *f)
{
    bp_arena_free(&f->scratch);
    bp_arena_free(&f->a);
}

/* CSV text: a header line, then n rows "r<i>,<text>" (text "" for short). */
static char *rows_csv(bp_arena *a, int n, int tall_row, const char *tall)
{
    size_t cap = (size_t)n * 64 + strlen(tall) + 64;
    char *s = bp_alloc(a, cap);
    size_t len = (size_t)snprintf(s, cap, "name,text\n");
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(s + len, cap - len, "r%d,\"%s\"\n", i, i == tall_row ? tall : "x");
    return s;
}

static const char *TWO_COLS = "title: 表\n"
                              "data: t.csv\n"
                              "columns:\n"
                              "  - {key: name, header: [名称], width: 30}\n"
                              "  - {key: text, header: [内容], width: \"1*\"}\n"
                              "rows:\n"
                              "  - {when: {column: name, equals: [r0]}, bold: true}\n"
                              "  - {when: {column: name, equals: [r1]}, keep_with_next: true}\n";

static void measure_makes_cells_and_row_flags(void **state)
{
    (void)state;
    fixture f;
    setup(&f, TWO_COLS, "name,text\nr0,a\nr1,b\nr2,c\n");
    f.j.title = "表";
    assert_int_equal(table_measure(&f.j), 0);
    assert_int_equal(f.j.ncells, 6);
    assert_true(f.j.row_bold[0] && !f.j.row_bold[1]);
    assert_true(f.j.row_keep[1] && !f.j.row_keep[0] && !f.j.row_keep[2]);
    assert_int_equal(f.j.cells[3].row, 1);
    assert_int_equal(f.j.cells[3].col, 1);
    assert_string_equal(f.j.texts[3], "b");
    assert_true(f.j.cells[0].text.bold);
    teardown(&f);
}

static void fit_widths_fills_the_page(void **state)
{
    (void)state;
    fixture f;
    setup(&f, TWO_COLS, "name,text\nr0,a\n");
    f.j.title = "表";
    assert_int_equal(table_measure(&f.j), 0);
    assert_int_equal(table_fit_widths(&f.j), 0);
    /* A4 portrait, 15 mm side margins: 180 mm; the fixed column 30 mm */
    assert_true(fabs(f.j.g.colx[2] - f.j.g.colx[0] - 180 * BP_MM) < 1e-6);
    assert_true(fabs(f.j.g.colx[1] - f.j.g.colx[0] - 30 * BP_MM) < 1e-6);
    assert_true(f.j.size == 9);
    teardown(&f);
}

static void row_heights_hold_the_text(void **state)
{
    (void)state;
    fixture f;
    setup(&f, TWO_COLS, "name,text\nr0,a\nr1,\"一\n二\n三\"\n");
    f.j.title = "表";
    assert_int_equal(table_measure(&f.j), 0);
    assert_int_equal(table_fit_widths(&f.j), 0);
    assert_int_equal(table_row_heights(&f.j), 0);
    /* one line of 9 pt × 1.25 and 1.2 mm padding: more than min_row_height 6 mm */
    double pad = 1.2 * BP_MM;
    assert_true(fabs(f.j.rowh[0] - (9 * 1.25 + 2 * pad)) < 1e-9);
    assert_true(fabs(f.j.rowh[1] - (3 * 9 * 1.25 + 2 * pad)) < 1e-9);
    assert_true(f.j.cap > 600 && f.j.cap < f.j.g.page.height);
    teardown(&f);
}

/* Layout of a whole table up to placement. */
static void lay(fixture *f)
{
    assert_int_equal(table_layout_job(&f->j), 0);
}

static void paginate_breaks_a_tall_row_under_the_rows_before(void **state)
{
    (void)state;
    fixture f;
    bp_arena tmp;
    bp_arena_init(&tmp);
    char tall[4000] = "";
    for (int i = 0; i < 150; i++)
        strcat(tall, "\n行");
    setup(&f, TWO_COLS, rows_csv(&tmp, 4, 2, tall));
    lay(&f);
    assert_int_equal(f.j.npages, 3);
    /* rows 0, 1 and the first part of row 2 on page 0 */
    assert_int_equal(f.j.parts[2].item, 2);
    assert_int_equal(f.j.parts[2].page, 0);
    assert_true(f.j.parts[2].sliced);
    assert_int_equal(f.j.parts[f.j.nparts - 1].item, 3);
    bp_arena_free(&tmp);
    teardown(&f);
}

static void place_lays_a_merged_cell_once_over_its_pages(void **state)
{
    (void)state;
    /* a label merged over 120 rows (four pages), 100 lines of text */
    bp_arena tmp;
    bp_arena_init(&tmp);
    size_t cap = 20000;
    char *csv = bp_alloc(&tmp, cap);
    size_t len = (size_t)snprintf(csv, cap, "name,text\n\"");
    for (int i = 0; i < 100; i++)
        len += (size_t)snprintf(csv + len, cap - len, "%s标", i ? "\n" : "");
    len += (size_t)snprintf(csv + len, cap - len, "\",x\n");
    for (int i = 1; i < 120; i++)
        len += (size_t)snprintf(csv + len, cap - len, "^,x%d\n", i);
    fixture f;
    setup(&f, TWO_COLS, csv);
    lay(&f);
    assert_int_equal(f.j.npages, 4);
    /* cell 0 (the label): lines 0.. on page 0, continued on page 1, none
     * after: every line once, in order */
    const cell_frag *fr = &f.j.frags[0];
    assert_int_equal(fr->page, 0);
    int shown = fr->count;
    assert_true(shown > 0 && shown < 100);
    int pages_with_text = 1;
    for (int p = 1; p < f.j.npages; p++)
        for (int k = f.j.page_cont[p]; k < f.j.page_cont[p + 1]; k++) {
            const cell_frag *c = &f.j.conts[k];
            if (c->cell != 0) continue;
            assert_int_equal(c->first, shown);
            shown += c->count;
            pages_with_text += c->count > 0;
            /* the lines shown fit the fragment's box */
            double lh = 9 * 1.25;
            assert_true(c->count * lh <= c->top - c->bot - 2 * f.j.pad + 1e-6);
        }
    assert_int_equal(shown, 100);
    assert_int_equal(pages_with_text, 2);
    bp_arena_free(&tmp);
    teardown(&f);
}

static void place_grows_the_last_row_a_merged_cell_lacks(void **state)
{
    (void)state;
    /* a label of 150 lines merged over three one-line rows: the rows share
     * its height (about 565 pt each), so the group breaks between them, one
     * row a page; each page's box loses its padding and part of a line, so
     * the label lacks lines on the last page: that row grows, the table is
     * paginated again, and every line is shown once, inside its box */
    bp_arena tmp;
    bp_arena_init(&tmp);
    size_t cap = 4000;
    char *csv = bp_alloc(&tmp, cap);
    size_t len = (size_t)snprintf(csv, cap, "name,text\n\"");
    for (int i = 0; i < 150; i++)
        len += (size_t)snprintf(csv + len, cap - len, "%s标", i ? "\n" : "");
    snprintf(csv + len, cap - len, "\",x\n^,y\n^,z\n");
    fixture f;
    setup(&f, TWO_COLS, csv);
    lay(&f);
    assert_int_equal(f.j.npages, 3);
    assert_true(f.j.extra[2] > 0 && f.j.extra[0] == 0 && f.j.extra[1] == 0);
    double lh = 9 * 1.25;
    int shown = f.j.frags[0].count;
    for (int p = 1; p < f.j.npages; p++)
        for (int k = f.j.page_cont[p]; k < f.j.page_cont[p + 1]; k++) {
            const cell_frag *c = &f.j.conts[k];
            if (c->cell != 0) continue;
            assert_int_equal(c->first, shown);
            shown += c->count;
            assert_true(c->count * lh <= c->top - c->bot - 2 * f.j.pad + 1e-6);
        }
    assert_int_equal(shown, 150);
    bp_arena_free(&tmp);
    teardown(&f);
}

/* The same label after 50 one-line rows: its last row grows on a later
 * page, and pagination resumes from the page where its group is decided
 * (not from the first); the parts, their indexes and the fragments are
 * those of a pagination from the start with the grown rows. */
static void place_grows_and_resumes_where_the_group_is(void **state)
{
    (void)state;
    bp_arena tmp;
    bp_arena_init(&tmp);
    size_t cap = 8000;
    char *csv = bp_alloc(&tmp, cap);
    size_t len = (size_t)snprintf(csv, cap, "name,text\n");
    for (int i = 0; i < 50; i++)
        len += (size_t)snprintf(csv + len, cap - len, "r%d,x\n", i);
    len += (size_t)snprintf(csv + len, cap - len, "\"");
    for (int i = 0; i < 150; i++)
        len += (size_t)snprintf(csv + len, cap - len, "%s标", i ? "\n" : "");
    snprintf(csv + len, cap - len, "\",x\n^,y\n^,z\n");
    fixture f;
    setup(&f, TWO_COLS, csv);
    lay(&f);
    assert_true(f.j.extra[52] > 0 && f.j.extra[50] == 0 && f.j.extra[51] == 0);
    assert_true(f.j.parts[f.j.first_part[50]].page > 0);
    /* a pagination from the start with the grown rows */
    int np = f.j.npages, nparts = f.j.nparts, nr = f.d->nrows;
    bp_piece *parts = bp_alloc(&tmp, (size_t)nparts * sizeof *parts);
    memcpy(parts, f.j.parts, (size_t)nparts * sizeof *parts);
    int *firstp = bp_alloc(&tmp, (size_t)nr * sizeof *firstp);
    int *lastp = bp_alloc(&tmp, (size_t)nr * sizeof *lastp);
    int *pagep = bp_alloc(&tmp, (size_t)(np + 1) * sizeof *pagep);
    memcpy(firstp, f.j.first_part, (size_t)nr * sizeof *firstp);
    memcpy(lastp, f.j.last_part, (size_t)nr * sizeof *lastp);
    memcpy(pagep, f.j.page_part, (size_t)(np + 1) * sizeof *pagep);
    f.j.items = NULL;
    assert_int_equal(table_paginate(&f.j), 0);
    assert_true(table_place(&f.j) == 0);
    assert_int_equal(f.j.npages, np);
    assert_int_equal(f.j.nparts, nparts);
    assert_memory_equal(f.j.parts, parts, (size_t)nparts * sizeof *parts);
    assert_memory_equal(f.j.first_part, firstp, (size_t)nr * sizeof *firstp);
    assert_memory_equal(f.j.last_part, lastp, (size_t)nr * sizeof *lastp);
    assert_memory_equal(f.j.page_part, pagep, (size_t)(np + 1) * sizeof *pagep);
    bp_arena_free(&tmp);
    teardown(&f);
}

static void draw_makes_the_pages(void **state)
{
    (void)state;
    fixture f;
    bp_arena tmp;
    bp_arena_init(&tmp);
    setup(&f, TWO_COLS, rows_csv(&tmp, 100, -1, ""));
    lay(&f);
    bp_doc doc;
    dl_init(&doc, &f.a);
    table_draw(&f.j, &doc);
    assert_int_equal(dl_page_count(&doc), f.j.npages);
    /* every page: the title, both header cells, rows; the continuation
     * title after the first */
    for (int p = 0; p < f.j.npages; p++)
        assert_true(dl_page(&doc, p)->items.n > 10);
    assert_int_equal(f.j.npages, 3);
    bp_arena_free(&tmp);
    teardown(&f);
}

/* The box of the data cell (row, col) on page p, from the provenance. */
static const bp_dl_source *source_on(const bp_doc *doc, int p, int row, int col)
{
    const bp_dl_source *s = doc->sources.items;
    for (int i = 0; i < doc->sources.n; i++)
        if (s[i].page == p && s[i].row == row && s[i].col == col) return &s[i];
    return NULL;
}

/* With provenance asked for, every box drawn for a data cell says which
 * cell it shows (a merged label over four pages has a box on each), and
 * the cell's text is inside it; the items drawn are the same either way,
 * and without it nothing is recorded. */
static void draw_records_where_each_box_came_from(void **state)
{
    (void)state;
    bp_arena tmp;
    bp_arena_init(&tmp);
    size_t cap = 20000;
    char *csv = bp_alloc(&tmp, cap);
    size_t len = (size_t)snprintf(csv, cap, "name,text\n标签,x0\n");
    for (int i = 1; i < 120; i++)
        len += (size_t)snprintf(csv + len, cap - len, "^,x%d\n", i);
    fixture f;
    setup(&f, TWO_COLS, csv);
    lay(&f);
    assert_int_equal(f.j.npages, 4);
    f.j.source = 7;
    bp_doc plain, doc;
    dl_init(&plain, &f.a);
    table_draw(&f.j, &plain);
    assert_int_equal(plain.sources.n, 0);
    dl_init(&doc, &f.a);
    doc.provenance = true;
    table_draw(&f.j, &doc);
    assert_int_equal(doc.sources.n, 120 + 4); /* the rows' cells, the label's four boxes */
    for (int p = 0; p < 4; p++) {
        const bp_page *a = dl_page(&plain, p), *b = dl_page(&doc, p);
        assert_int_equal(a->items.n, b->items.n);
        for (int i = 0; i < a->items.n; i++) {
            const bp_dl_item *x = (const bp_dl_item *)a->items.items + i;
            const bp_dl_item *y = (const bp_dl_item *)b->items.items + i;
            assert_true(x->kind == y->kind && x->x == y->x && x->y == y->y && x->x2 == y->x2 &&
                        x->y2 == y->y2 && x->len == y->len);
        }
        const bp_dl_source *label = source_on(&doc, p, 0, 0);
        assert_non_null(label);
        assert_int_equal(label->table, 7);
        assert_int_equal(label->rowspan, 120);
        assert_int_equal(label->colspan, 1);
    }
    /* each x<r> is drawn inside the box recorded for (r, 1), and only one
     * box holds it */
    int found = 0;
    for (int p = 0; p < 4; p++) {
        const bp_page *pg = dl_page(&doc, p);
        for (int i = 0; i < pg->items.n; i++) {
            const bp_dl_item *it = (const bp_dl_item *)pg->items.items + i;
            int r;
            char tail;
            if (it->kind != BP_DL_TEXT || it->text[0] != 'x' ||
                sscanf(bp_strndup(&tmp, it->text, it->len), "x%d%c", &r, &tail) != 1)
                continue;
            const bp_dl_source *s = source_on(&doc, p, r, 1);
            assert_non_null(s);
            assert_true(it->x > s->x && it->x < s->x2 && it->y > s->y && it->y < s->y2);
            assert_int_equal(s->rowspan, 1);
            found++;
        }
    }
    assert_int_equal(found, 120);
    bp_arena_free(&tmp);
    teardown(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(measure_makes_cells_and_row_flags),
        cmocka_unit_test(fit_widths_fills_the_page),
        cmocka_unit_test(row_heights_hold_the_text),
        cmocka_unit_test(paginate_breaks_a_tall_row_under_the_rows_before),
        cmocka_unit_test(place_lays_a_merged_cell_once_over_its_pages),
        cmocka_unit_test(place_grows_the_last_row_a_merged_cell_lacks),
        cmocka_unit_test(place_grows_and_resumes_where_the_group_is),
        cmocka_unit_test(draw_makes_the_pages),
        cmocka_unit_test(draw_records_where_each_box_came_from),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
