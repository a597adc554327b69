/* test_workbook_bind.c — binding workbook sheets (built in memory, shaped
 * like the printed tables by tests/wb_shape.c) to the standard layouts:
 * the seed's twelve tables bind to exactly what their CSV files give;
 * sheets found by name or title (hidden and cover sheets ignored);
 * labels compared without spaces and full-width forms; codes get their
 * leading zeros back; amounts as text; notes and padding rows left out;
 * the errors name the workbook, sheet and cell; cell source locations;
 * the department read from a workbook. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "data_workbook.h"
#include "wb_shape.h"

#define SEED BP_TEST_SOURCE_DIR "/data/zzgx-smartcity-2024"
#define LAYOUTS BP_TEST_SOURCE_DIR "/layouts/standard-2024"

typedef struct fx {
    bp_arena a;
    bp_layout_set *set;
    bp_department dept;
    bp_table_data *csv[BP_MAX_TABLES];
    wb_shape shape[BP_MAX_TABLES];
    bp_wb_sheet sheets[BP_MAX_TABLES + 2];
    bp_workbook wb;
    bp_error e;
} fx;

static const wb_shape_opts all_opts = {true, true, true, true};

/* The sheet name of table i: its title without year for even i, 表N
 * (found by its title row) for odd i. */
static const char *sheet_name(fx *f, int i)
{
    if (i % 2) return bp_sprintf(&f->a, "表%d", i + 1);
    char year[16];
    snprintf(year, sizeof year, "%d", f->dept.year);
    bp_tpl_values v = {{[BP_TPL_YEAR] = year, [BP_TPL_DEPARTMENT] = f->dept.name}};
    return data_wb_title_key(&f->a, tpl_expand(&f->a, f->set->tables[i].title, &v));
}

/* The workbook: 封面, a hidden sheet named like table 0 holding junk, then
 * one sheet per table. */
static void make_book(fx *f)
{
    bp_wb_sheet *s = f->sheets;
    static bp_wb_cell cover = {0, 0, BP_WB_TEXT, false, false, "2024年部门预算表", NULL};
    s[0] = (bp_wb_sheet){.name = "封面", .nrows = 1, .ncols = 1, .cells = &cover, .ncells = 1};
    static bp_wb_cell junk = {0, 0, BP_WB_TEXT, false, false, "旧数据", NULL};
    s[1] = (bp_wb_sheet){.name = "部门收支总体情况表",
                         .hidden = true,
                         .nrows = 1,
                         .ncols = 1,
                         .cells = &junk,
                         .ncells = 1};
    for (int i = 0; i < f->set->ntables; i++)
        wb_shape_sheet(&f->a, &f->shape[i], sheet_name(f, i), &s[i + 2]);
    f->wb = (bp_workbook){"book.xlsx", "xlsx", s, f->set->ntables + 2};
}

static int setup(void **state)
{
    fx *f = test_calloc(1, sizeof *f);
    bp_arena_init(&f->a);
    if (spec_load_set(BP_CTX(&f->a, &f->e), LAYOUTS, &f->set)) fail_msg("%s", f->e.msg);
    if (data_load_department(BP_CTX(&f->a, &f->e), SEED, &f->dept)) fail_msg("%s", f->e.msg);
    for (int i = 0; i < f->set->ntables; i++) {
        if (data_load_table(BP_CTX(&f->a, &f->e), &f->dept, &f->set->tables[i], &f->csv[i]))
            fail_msg("%s", f->e.msg);
        wb_shape_table(&f->a, &f->set->tables[i], f->csv[i], &f->dept, &all_opts, &f->shape[i]);
    }
    make_book(f);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    bp_arena_free(&f->a);
    test_free(f);
    return 0;
}

/* The index of the table whose layout file ends in name. */
static int table(fx *f, const char *stem)
{
    for (int i = 0; i < f->set->ntables; i++)
        if (!strcmp(f->set->tables[i].stem, stem)) return i;
    fail_msg("no table %s", stem);
    return -1;
}

static void assert_same_table(const bp_table_data *x, const bp_table_data *y, const char *what)
{
    if (x->nrows != y->nrows || x->ncols != y->ncols)
        fail_msg("%s: %dx%d rows, the CSV %dx%d", what, x->nrows, x->ncols, y->nrows, y->ncols);
    for (int r = 0; r < x->nrows; r++)
        for (int c = 0; c < x->ncols; c++) {
            const bp_cell *p = data_cell(x, r, c), *q = data_cell(y, r, c);
            if (strcmp(p->text, q->text) || p->has_value != q->has_value ||
                p->value.units != q->value.units || p->value.scale != q->value.scale ||
                p->origin_row != q->origin_row || p->origin_col != q->origin_col ||
                p->rowspan != q->rowspan || p->colspan != q->colspan)
                fail_msg("%s: row %d column %d: '%s' (%d %lld/%d, origin %d,%d span %dx%d), the "
                         "CSV '%s' (%d %lld/%d, origin %d,%d span %dx%d)",
                         what, r, c, p->text, p->has_value, (long long)p->value.units,
                         p->value.scale, p->origin_row, p->origin_col, p->rowspan, p->colspan,
                         q->text, q->has_value, (long long)q->value.units, q->value.scale,
                         q->origin_row, q->origin_col, q->rowspan, q->colspan);
        }
}

static void seed_tables_bind_as_their_csv(void **state)
{
    fx *f = *state;
    for (int i = 0; i < f->set->ntables; i++) {
        bp_table_data *d;
        if (data_wb_bind(&f->a, &f->wb, &f->set->tables[i], &f->dept, &d, &f->e))
            fail_msg("%s", f->e.msg);
        assert_same_table(d, f->csv[i], f->set->tables[i].file);
        assert_string_equal(d->sheet, f->sheets[i + 2].name);
    }
}

static void plain_sheets_bind_too(void **state)
{
    /* numbers as numbers, codes as text, no note and no padding row */
    fx *f = *state;
    wb_shape_opts o = {false, false, false, false};
    for (int i = 0; i < f->set->ntables; i++) {
        wb_shape_table(&f->a, &f->set->tables[i], f->csv[i], &f->dept, &o, &f->shape[i]);
        wb_shape_sheet(&f->a, &f->shape[i], sheet_name(f, i), &f->sheets[i + 2]);
    }
    for (int i = 0; i < f->set->ntables; i++) {
        bp_table_data *d;
        if (data_wb_bind(&f->a, &f->wb, &f->set->tables[i], &f->dept, &d, &f->e))
            fail_msg("%s", f->e.msg);
        assert_same_table(d, f->csv[i], f->set->tables[i].file);
    }
}

static void labels_ignore_spaces_and_width(void **state)
{
    fx *f = *state;
    assert_string_equal(data_wb_label(&f->a, " 单位（科目 名称）\n"), "单位(科目名称)");
    assert_string_equal(data_wb_label(&f->a, "合\xE3\x80\x80计"), "合计");
    assert_string_equal(data_wb_label(&f->a, "ＡＢ１：2"), "AB1:2");
    assert_string_equal(data_wb_title_key(&f->a, "2024年部门收支总体情况表"), "部门收支总体情况表");
    assert_string_equal(data_wb_title_key(&f->a, "表3 部门支出总体情况表"), "部门支出总体情况表");
    assert_string_equal(data_wb_title_key(&f->a, "附表3-1 部门支出总表"), "部门支出总表");
    assert_string_equal(data_wb_title_key(&f->a, "十二、部门预算项目绩效目标汇总表"),
                        "部门预算项目绩效目标汇总表");
    assert_string_equal(data_wb_title_key(&f->a, "（一）收入表（2024年度）"), "收入表");
    assert_string_equal(data_wb_title_key(&f->a, "表格说明"), "表格说明");
    assert_true(data_wb_glob("部门*情况表", "部门收支总体情况表"));
    assert_false(data_wb_glob("部门*情况表", "部门收支总体情况"));
}

static void header_labels_match_in_either_width(void **state)
{
    /* 03's header written with full-width parentheses turned half-width
     * and spaces inside: still found */
    fx *f = *state;
    int i = table(f, "03-expenditure");
    wb_put *p = wb_shape_at(&f->shape[i], f->shape[i].header0, 4);
    assert_non_null(p);
    assert_string_equal(p->text, "单位（科目名称）");
    p->text = "单位 (科目名称)";
    wb_shape_sheet(&f->a, &f->shape[i], sheet_name(f, i), &f->sheets[i + 2]);
    bp_table_data *d;
    if (data_wb_bind(&f->a, &f->wb, &f->set->tables[i], &f->dept, &d, &f->e))
        fail_msg("%s", f->e.msg);
    assert_same_table(d, f->csv[i], "03");
}

static void columns_found_by_header_not_position(void **state)
{
    /* 01's two halves swapped (支出 left of 收入): the same table */
    fx *f = *state;
    int i = table(f, "01-income-expense");
    wb_shape *s = &f->shape[i];
    for (int k = 0; k < s->ncells; k++)
        if (s->cells[k].row >= s->header0 && s->cells[k].row < s->body0 + s->body_rows)
            s->cells[k].col = (s->cells[k].col + 2) % 4;
    for (int k = 0; k < s->nmerges; k++)
        if (s->merges[k].row0 >= s->header0 && s->merges[k].row0 < s->body0 + s->body_rows) {
            s->merges[k].col0 = (s->merges[k].col0 + 2) % 4;
            s->merges[k].col1 = (s->merges[k].col1 + 2) % 4;
        }
    wb_shape_sheet(&f->a, s, sheet_name(f, i), &f->sheets[i + 2]);
    bp_table_data *d;
    if (data_wb_bind(&f->a, &f->wb, &f->set->tables[i], &f->dept, &d, &f->e))
        fail_msg("%s", f->e.msg);
    assert_same_table(d, f->csv[i], "01");
    assert_int_equal(d->src_cols[0], 3); /* in_item from column C */
}

static void codes_get_their_zeros_back(void **state)
{
    fx *f = *state;
    int i = table(f, "03-expenditure");
    const bp_wb_sheet *sh = &f->sheets[i + 2];
    /* 款 01 of the row 206 01 01 is stored as the number 1 */
    int body0 = f->shape[i].body0;
    const bp_wb_cell *kuan = workbook_cell(sh, body0 + 2, 1);
    assert_non_null(kuan);
    assert_int_equal(kuan->type, BP_WB_NUMBER);
    assert_string_equal(kuan->text, "1");
    bp_table_data *d;
    if (data_wb_bind(&f->a, &f->wb, &f->set->tables[i], &f->dept, &d, &f->e))
        fail_msg("%s", f->e.msg);
    assert_string_equal(data_cell(d, 2, 1)->text, "01");
    assert_string_equal(data_cell(d, 1, 3)->text, "033"); /* digits: [3, 6] */
    bp_column c = {.type = BP_COL_TEXT, .digits = {3, 6}, .ndigits = 2};
    assert_string_equal(data_wb_code(&f->a, &c, "33", NULL), "033");
    assert_string_equal(data_wb_code(&f->a, &c, "33001", NULL), "033001");
    assert_string_equal(data_wb_code(&f->a, &c, "1234567", NULL), "1234567");
    bp_column none = {.type = BP_COL_TEXT};
    assert_string_equal(data_wb_code(&f->a, &none, "7", "000"), "007");
    assert_string_equal(data_wb_code(&f->a, &none, "7", NULL), "7");
    assert_true(data_wb_code_as_number(&c, "033001"));
    assert_false(data_wb_code_as_number(&c, "0033"));
    assert_false(data_wb_code_as_number(&none, "033"));
}

static void amounts_as_text_and_formats(void **state)
{
    fx *f = *state;
    bp_column amt = {.type = BP_COL_AMOUNT};
    const char *why;
    bp_wb_cell c = {.type = BP_WB_TEXT, .text = "1,619.4"};
    assert_string_equal(data_wb_cell_text(&f->a, &amt, &c, &why), "1619.4");
    c.text = "6828.4 ";
    assert_string_equal(data_wb_cell_text(&f->a, &amt, &c, &why), "6828.4");
    c.text = "\xE3\x80\x80";
    assert_string_equal(data_wb_cell_text(&f->a, &amt, &c, &why), "");
    c.text = "一千";
    assert_null(data_wb_cell_text(&f->a, &amt, &c, &why));
    assert_non_null(strstr(why, "is text, not a number"));
    c = (bp_wb_cell){.type = BP_WB_NUMBER, .text = "5209", .numfmt = "#,##0.0_ ;[Red]-#,##0.0"};
    assert_string_equal(data_wb_cell_text(&f->a, &amt, &c, &why), "5209.0");
    c.numfmt = "0.00";
    c.text = "12.5";
    assert_string_equal(data_wb_cell_text(&f->a, &amt, &c, &why), "12.50");
    c.numfmt = NULL;
    assert_string_equal(data_wb_cell_text(&f->a, &amt, &c, &why), "12.5");
    c.formula = c.no_cache = true;
    c.text = "";
    assert_null(data_wb_cell_text(&f->a, &amt, &c, &why));
    assert_non_null(strstr(why, "formula without a computed value"));
}

static void notes_padding_and_spacers_left_out(void **state)
{
    fx *f = *state;
    int i = table(f, "07-economic");
    const bp_wb_sheet *sh = &f->sheets[i + 2];
    /* the note row and the padding row are there */
    int last = f->shape[i].body0 + f->shape[i].body_rows;
    const bp_wb_cell *note = workbook_cell(sh, last, 0);
    assert_non_null(note);
    assert_non_null(strstr(note->text, "注："));
    assert_null(workbook_cell(sh, last - 2, 0)); /* the padding row */
    bp_table_data *d;
    if (data_wb_bind(&f->a, &f->wb, &f->set->tables[i], &f->dept, &d, &f->e))
        fail_msg("%s", f->e.msg);
    assert_int_equal(d->nrows, f->csv[i]->nrows);
}

static void missing_sheet_names_the_sheets_there_are(void **state)
{
    fx *f = *state;
    int i = table(f, "05-gpb-expenditure");
    f->sheets[i + 2].name = "Sheet7"; /* and its title row another table's */
    wb_put *title = wb_shape_at(&f->shape[i], 1, 0);
    assert_non_null(title);
    title->text = "2024年部门预算表";
    wb_shape_sheet(&f->a, &f->shape[i], "Sheet7", &f->sheets[i + 2]);
    bp_table_data *d;
    assert_int_equal(data_wb_bind(&f->a, &f->wb, &f->set->tables[i], &f->dept, &d, &f->e),
                     BP_EINPUT);
    const char *m = f->e.msg;
    assert_non_null(strstr(m, "book.xlsx: no sheet for the table 一般公共预算支出情况表"));
    assert_non_null(strstr(m, "封面 (not a table)"));
    assert_non_null(strstr(m, "部门收支总体情况表 (hidden)"));
    assert_non_null(strstr(m, "Sheet7"));
    /* the hidden sheet named like table 01 is not taken, the visible one is */
    bp_table_data *d1;
    if (data_wb_bind(&f->a, &f->wb, &f->set->tables[0], &f->dept, &d1, &f->e))
        fail_msg("%s", f->e.msg);
    assert_string_equal(d1->sheet, "部门收支总体情况表");
    assert_ptr_not_equal(d1->nrows, 0);
    /* a `sheet:` pattern finds it by its own name */
    const char *pat[] = {"Sheet*"};
    bp_table_spec t = f->set->tables[i];
    t.sheets = pat, t.nsheets = 1;
    if (data_wb_bind(&f->a, &f->wb, &t, &f->dept, &d, &f->e)) fail_msg("%s", f->e.msg);
    assert_same_table(d, f->csv[i], "05 by sheet:");
}

static void renamed_header_names_the_nearest_label(void **state)
{
    fx *f = *state;
    int i = table(f, "03-expenditure");
    wb_put *p = NULL;
    for (int k = 0; k < f->shape[i].ncells; k++)
        if (!strcmp(f->shape[i].cells[k].text, "资本性支出")) p = &f->shape[i].cells[k];
    assert_non_null(p);
    p->text = "资本支出";
    wb_shape_sheet(&f->a, &f->shape[i], sheet_name(f, i), &f->sheets[i + 2]);
    bp_table_data *d;
    assert_int_equal(data_wb_bind(&f->a, &f->wb, &f->set->tables[i], &f->dept, &d, &f->e),
                     BP_EINPUT);
    char a1[16], want[64];
    snprintf(want, sizeof want, "'资本支出' in cell %s", workbook_a1(a1, p->row, p->col));
    assert_non_null(strstr(f->e.msg, "book.xlsx: sheet 部门支出总体情况表: the header (rows 4-6) "
                                     "has no label '资本性支出'"));
    assert_non_null(strstr(f->e.msg, "column 'basic_capital'"));
    assert_non_null(strstr(f->e.msg, want));
}

static void extra_column_is_an_error(void **state)
{
    fx *f = *state;
    int i = table(f, "07-economic");
    wb_shape *s = &f->shape[i];
    wb_shape grown = *s; /* a 备注 column right of the table */
    grown.cells = bp_alloc(&f->a, (size_t)(s->ncells + 1) * sizeof *grown.cells);
    memcpy(grown.cells, s->cells, (size_t)s->ncells * sizeof *s->cells);
    grown.cells[grown.ncells++] = (wb_put){s->header0, s->ncols, false, "备 注", NULL};
    wb_shape_sheet(&f->a, &grown, sheet_name(f, i), &f->sheets[i + 2]);
    bp_table_data *d;
    assert_int_equal(data_wb_bind(&f->a, &f->wb, &f->set->tables[i], &f->dept, &d, &f->e),
                     BP_EINPUT);
    char a1[16], want[256];
    snprintf(want, sizeof want,
             "book.xlsx: sheet %s, cell %s: the sheet's column with the "
             "header 备注 is no column of the layout",
             sheet_name(f, i), workbook_a1(a1, s->header0, s->ncols));
    if (!strstr(f->e.msg, want)) fail_msg("%s", f->e.msg);
}

static void value_beside_the_table_is_an_error(void **state)
{
    /* a shifted value: in the column right of the table, under no header */
    fx *f = *state;
    int i = table(f, "02-income");
    wb_shape *s = &f->shape[i];
    wb_shape grown = *s;
    grown.cells = bp_alloc(&f->a, (size_t)(s->ncells + 1) * sizeof *grown.cells);
    memcpy(grown.cells, s->cells, (size_t)s->ncells * sizeof *s->cells);
    grown.cells[grown.ncells++] = (wb_put){s->body0 + 1, s->ncols, true, "12.5", NULL};
    wb_shape_sheet(&f->a, &grown, sheet_name(f, i), &f->sheets[i + 2]);
    bp_table_data *d;
    assert_int_equal(data_wb_bind(&f->a, &f->wb, &f->set->tables[i], &f->dept, &d, &f->e),
                     BP_EINPUT);
    char a1[16], want[256];
    snprintf(want, sizeof want, "book.xlsx: sheet 表2, cell %s: '12.5' is in a column the table",
             workbook_a1(a1, s->body0 + 1, s->ncols));
    assert_non_null(strstr(f->e.msg, want));
}

static void text_in_amount_names_the_cell(void **state)
{
    fx *f = *state;
    int i = table(f, "03-expenditure");
    wb_put *p = wb_shape_at(&f->shape[i], f->shape[i].body0 + 2, 5); /* 行政运行's total */
    assert_non_null(p);
    p->number = false;
    p->text = "1619.4万";
    wb_shape_sheet(&f->a, &f->shape[i], sheet_name(f, i), &f->sheets[i + 2]);
    bp_table_data *d;
    assert_int_equal(data_wb_bind(&f->a, &f->wb, &f->set->tables[i], &f->dept, &d, &f->e),
                     BP_EINPUT);
    char a1[16], want[256];
    snprintf(want, sizeof want,
             "book.xlsx: sheet 部门支出总体情况表, cell %s: column 'total' (合计): "
             "'1619.4万' is text, not a number",
             workbook_a1(a1, p->row, 5));
    if (!strstr(f->e.msg, want)) fail_msg("%s", f->e.msg);
}

/* The data stage (data_bind, shared with the CSV files) names the sheet's
 * cell in A1 form too: an amount of more decimals than an amount holds, a
 * control character in a text, a merged area that is no rectangle of the
 * table (two areas of the model overlapping). */
static void data_stage_errors_name_the_cell(void **state)
{
    fx *f = *state;
    int i = table(f, "03-expenditure");
    int row = f->shape[i].body0 + 2;
    wb_put *p = wb_shape_at(&f->shape[i], row, 5); /* 行政运行's total */
    assert_non_null(p);
    p->number = true;
    p->text = "1619.1234567";
    wb_shape_sheet(&f->a, &f->shape[i], sheet_name(f, i), &f->sheets[i + 2]);
    bp_table_data *d;
    assert_int_equal(data_wb_bind(&f->a, &f->wb, &f->set->tables[i], &f->dept, &d, &f->e),
                     BP_EINPUT);
    char a1[16], want[256];
    snprintf(want, sizeof want,
             "book.xlsx: sheet 部门支出总体情况表, cell %s: column 'total': '1619.1234567' has "
             "more than 6 decimals",
             workbook_a1(a1, row, 5));
    if (!strstr(f->e.msg, want)) fail_msg("%s", f->e.msg);
    p->text = "1619.4";
    wb_put *name = wb_shape_at(&f->shape[i], row, 4); /* 行政运行 */
    assert_non_null(name);
    name->text = "行政\x01运行";
    wb_shape_sheet(&f->a, &f->shape[i], sheet_name(f, i), &f->sheets[i + 2]);
    assert_int_equal(data_wb_bind(&f->a, &f->wb, &f->set->tables[i], &f->dept, &d, &f->e),
                     BP_EINPUT);
    snprintf(want, sizeof want,
             "book.xlsx: sheet 部门支出总体情况表, cell %s: column 'name': control character "
             "U+0001 in the cell",
             workbook_a1(a1, row, 4));
    if (!strstr(f->e.msg, want)) fail_msg("%s", f->e.msg);
}

/* Overlapping merged areas the readers refuse (workbook_merges.c), built
 * into the model directly: the binder still names the cells. */
static void overlapping_areas_in_the_model_name_the_cells(void **state)
{
    fx *f = *state;
    int i = table(f, "03-expenditure");
    int row = f->shape[i].body0 + 2;
    bp_wb_sheet *sh = &f->sheets[i + 2];
    bp_wb_merge *m = bp_alloc(&f->a, (size_t)(sh->nmerges + 2) * sizeof *m);
    memcpy(m, sh->merges, (size_t)sh->nmerges * sizeof *m);
    m[sh->nmerges] = (bp_wb_merge){row, 6, row + 1, 7};         /* G:H of two rows */
    m[sh->nmerges + 1] = (bp_wb_merge){row + 1, 7, row + 2, 8}; /* H:I below, overlapping */
    sh->merges = m;
    sh->nmerges += 2;
    bp_table_data *d;
    assert_int_equal(data_wb_bind(&f->a, &f->wb, &f->set->tables[i], &f->dept, &d, &f->e),
                     BP_EINPUT);
    assert_null(strstr(f->e.msg, "cell :"));
    assert_non_null(strstr(f->e.msg, "book.xlsx: sheet 部门支出总体情况表, cell "));
    /* every cell the message names is one in A1 form */
    for (const char *c = strstr(f->e.msg, "cell "); c; c = strstr(c + 1, "cell ")) {
        char col[8];
        int r;
        if (sscanf(c + 5, "%7[A-Z]%d", col, &r) != 2) fail_msg("%s", f->e.msg);
    }
}

/* A body of 100,001 rows (the CSV files' limit, BP_MAX_ROWS) is refused
 * naming the first row past it, in a table without header rows. */
static void too_many_body_rows_name_the_row(void **state)
{
    fx *f = *state;
    int i = table(f, "11-dept-performance");
    int n = BP_MAX_ROWS + 1;
    bp_wb_cell *c = bp_alloc(&f->a, (size_t)n * sizeof *c);
    for (int r = 0; r < n; r++)
        c[r] = (bp_wb_cell){.row = r + 2, .col = 1, .type = BP_WB_TEXT, .text = "x"};
    f->sheets[i + 2] = (bp_wb_sheet){
        .name = sheet_name(f, i), .nrows = n + 2, .ncols = 2, .cells = c, .ncells = n};
    bp_table_data *d;
    assert_int_equal(data_wb_bind(&f->a, &f->wb, &f->set->tables[i], &f->dept, &d, &f->e),
                     BP_EINPUT);
    char want[256];
    snprintf(want, sizeof want,
             "book.xlsx: sheet %s, cell B100003: more than 100000 rows in the table's body; the "
             "limit is 100000",
             sheet_name(f, i));
    if (!strstr(f->e.msg, want)) fail_msg("%s", f->e.msg);
}

static void formula_without_value_names_the_cell(void **state)
{
    fx *f = *state;
    int i = table(f, "02-income");
    bp_wb_sheet *sh = &f->sheets[i + 2];
    bp_wb_cell *c = (bp_wb_cell *)workbook_cell(sh, f->shape[i].body0, 2); /* 合计's total */
    assert_non_null(c);
    c->formula = c->no_cache = true;
    c->text = "";
    bp_table_data *d;
    assert_int_equal(data_wb_bind(&f->a, &f->wb, &f->set->tables[i], &f->dept, &d, &f->e),
                     BP_EINPUT);
    char a1[16], want[256];
    snprintf(want, sizeof want, "book.xlsx: sheet 表2, cell %s: column 'total'",
             workbook_a1(a1, c->row, c->col));
    assert_non_null(strstr(f->e.msg, want));
    assert_non_null(strstr(f->e.msg, "formula without a computed value"));
}

static void cells_know_where_they_came_from(void **state)
{
    fx *f = *state;
    int i = table(f, "03-expenditure");
    bp_table_data *d;
    if (data_wb_bind(&f->a, &f->wb, &f->set->tables[i], &f->dept, &d, &f->e))
        fail_msg("%s", f->e.msg);
    char a1[16], want[96];
    snprintf(want, sizeof want, "book.xlsx: 部门支出总体情况表!%s",
             workbook_a1(a1, f->shape[i].body0 + 2, 5));
    assert_string_equal(data_cell_where(&f->a, d, 2, 5), want);
    /* the CSV: file:line:column (line 4: the header, 合计, the unit, then 206 01 01) */
    assert_string_equal(data_cell_where(&f->a, f->csv[i], 2, 5), SEED "/03-expenditure.csv:4:6");
}

static void department_from_the_workbook(void **state)
{
    fx *f = *state;
    bp_department d;
    if (data_wb_department_of(BP_CTX(&f->a, &f->e), "/x/book.xlsx", &f->wb, &d))
        fail_msg("%s", f->e.msg);
    assert_string_equal(d.name, f->dept.name);
    assert_int_equal(d.year, 2024);
    assert_string_equal(d.unit, "万元");
    assert_string_equal(d.layouts, "standard-2024");
    assert_string_equal(d.code, "");
    assert_string_equal(d.dir, "/x");
    assert_string_equal(d.workbook, "/x/book.xlsx");
    /* the name in the cell right of 编制部门： */
    bp_wb_cell cells[] = {{0, 0, BP_WB_TEXT, false, false, "2025年部门收入总体情况表", NULL},
                          {1, 0, BP_WB_TEXT, false, false, "编制部门：", NULL},
                          {1, 1, BP_WB_TEXT, false, false, " 某某局 ", NULL},
                          {1, 4, BP_WB_TEXT, false, false, "金额单位：元", NULL}};
    bp_wb_sheet s = {.name = "收入", .nrows = 2, .ncols = 5, .cells = cells, .ncells = 4};
    bp_workbook wb = {"b.xlsx", "xlsx", &s, 1};
    if (data_wb_department_of(BP_CTX(&f->a, &f->e), "b.xlsx", &wb, &d)) fail_msg("%s", f->e.msg);
    assert_string_equal(d.name, "某某局");
    assert_int_equal(d.year, 2025);
    assert_string_equal(d.unit, "元");
    assert_string_equal(d.dir, ".");
    cells[1].text = "部门：";
    assert_int_equal(data_wb_department_of(BP_CTX(&f->a, &f->e), "b.xlsx", &wb, &d), BP_EINPUT);
    assert_non_null(strstr(f->e.msg, "b.xlsx: no 部门名称：or 编制部门：line"));
}

static void sheet_and_digits_keys_are_parsed_and_checked(void **state)
{
    fx *f = *state;
    static const char head[] = "title: t\ndata: t.csv\n";
    bp_table_spec t;
    const char *ok = "title: \"{year}年收入表\"\ndata: t.csv\nsheet: [收入, \"表2*\"]\ncolumns:\n"
                     "  - {key: c, header: [编码], digits: [3, 6]}\n"
                     "  - {key: k, header: [款], code_part: 款}\n"
                     "  - {key: f, header: [功能], code: function}\n"
                     "  - {key: n, header: [名称]}\n";
    if (spec_parse_table(&f->a, "t.yaml", ok, strlen(ok), &t, &f->e)) fail_msg("%s", f->e.msg);
    assert_int_equal(t.nsheets, 2);
    assert_string_equal(t.sheets[1], "表2*");
    assert_int_equal(t.columns[0].ndigits, 2);
    assert_int_equal(t.columns[0].digits[1], 6);
    assert_int_equal(t.columns[1].ndigits, 1); /* 款: 2 */
    assert_int_equal(t.columns[1].digits[0], 2);
    assert_int_equal(t.columns[2].ndigits, 3); /* function: 3, 5, 7 */
    assert_int_equal(t.columns[2].digits[2], 7);
    assert_int_equal(t.columns[3].ndigits, 0);
    const char *bad[][2] = {
        {"columns:\n  - {key: c, header: [编码], digits: [6, 3]}\n", "in increasing order"},
        {"columns:\n  - {key: c, header: [金额], type: amount, digits: 3}\n",
         "digits applies to text (code) columns only"},
        {"columns:\n  - {key: c, header: [编码], digits: 16}\n", "column digits"},
        {"sheet: {a: 1}\ncolumns:\n  - {key: c, header: [编码]}\n", "sheet"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        const char *y = bp_sprintf(&f->a, "%s%s", head, bad[i][0]);
        assert_int_equal(spec_parse_table(&f->a, "t.yaml", y, strlen(y), &t, &f->e), BP_EINPUT);
        if (!strstr(f->e.msg, bad[i][1])) fail_msg("%s: %s", bad[i][1], f->e.msg);
        assert_non_null(strstr(f->e.msg, "t.yaml:"));
    }
}

typedef struct bind_call {
    fx *f;
    int table;
} bind_call;

static int bind_all(bp_arena *a, void *ctx)
{
    bind_call *c = ctx;
    bp_table_data *d;
    bp_department dept;
    BP_TRY(data_wb_department_of(BP_CTX(a, &c->f->e), "book.xlsx", &c->f->wb, &dept));
    return data_wb_bind(a, &c->f->wb, &c->f->set->tables[c->table], &dept, &d, &c->f->e);
}

static void binding_survives_running_out_anywhere(void **state)
{
    /* 12 (merged areas, repeated amounts) with its k-th allocation failing:
     * out of memory, never a crash; past the last one, bound */
    fx *f = *state;
    bind_call c = {f, table(f, "12-project-performance")};
    long total = 0, failures = 0;
    for (long k = 1;; k++) {
        bp_arena a;
        bp_arena_init(&a);
        a.fail_after = k;
        int rc = bp_arena_guard(&a, bind_all, &c, "book.xlsx", &f->e);
        total = a.allocs;
        bp_arena_free(&a);
        if (rc == BP_OK) break;
        assert_int_equal(rc, BP_ERESOURCE);
        assert_non_null(strstr(f->e.msg, "out of memory"));
        assert_true(k < 100000);
        failures++;
    }
    assert_int_equal(failures, total); /* each allocation failed once */
    assert_true(failures >= 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(seed_tables_bind_as_their_csv),
        T(plain_sheets_bind_too),
        T(labels_ignore_spaces_and_width),
        T(header_labels_match_in_either_width),
        T(columns_found_by_header_not_position),
        T(codes_get_their_zeros_back),
        T(amounts_as_text_and_formats),
        T(notes_padding_and_spacers_left_out),
        T(missing_sheet_names_the_sheets_there_are),
        T(renamed_header_names_the_nearest_label),
        T(extra_column_is_an_error),
        T(value_beside_the_table_is_an_error),
        T(text_in_amount_names_the_cell),
        T(data_stage_errors_name_the_cell),
        T(overlapping_areas_in_the_model_name_the_cells),
        T(too_many_body_rows_name_the_row),
        T(formula_without_value_names_the_cell),
        T(cells_know_where_they_came_from),
        T(department_from_the_workbook),
        T(sheet_and_digits_keys_are_parsed_and_checked),
        T(binding_survives_running_out_anywhere),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
