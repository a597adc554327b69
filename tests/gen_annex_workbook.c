/* gen_annex_workbook.c — tests and bench only: writes a department's
 * tables (its CSV folder, bound to its layout set) as one .xlsx workbook
 * shaped like the printed tables (tests/wb_shape.c: title row merged
 * across, 部门名称 line with 单位 on the right, merged header rows, the
 * body with its merged areas, some amounts as text, codes as numbers, a
 * padding row, a note row), with a 封面 sheet first, a hidden sheet named
 * like the first table, odd tables on sheets named 表N (found by their
 * title), and every sheet's used range running to row 5000. A fault
 * breaks one table for the error tests:
 *
 *   gen-annex-workbook DEPT_DIR LAYOUT_SET OUT.xlsx [FAULT:TABLE_STEM]
 *
 * FAULT: missing-sheet, rename-header (the last column's lowest label
 * gets a 原 in front), shift-column (the last column's body one column
 * right), text-amount (the first amount stored as a number becomes the
 * text 一千二百), wrong-amount (the first amount stored as a number 100
 * more: a check fails), long-decimals (the first amount stored as a number
 * gets seven decimals), control-char (the first text of the body gets a
 * U+0001 inside: the data stage refuses both). An OUT ending in .txt gets the same sheets in the
 * text form of the fuzz target fuzz_wb_bind instead. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "data_workbook.h"
#include "wb_shape.h"

static void die(const char *what, const bp_error *e)
{
    fprintf(stderr, "gen-annex-workbook: %s: %s\n", what, e ? e->msg : "");
    exit(1);
}

/* One format per number format code. */
typedef struct formats {
    lxw_workbook *wb;
    const char *code[16];
    lxw_format *fmt[16];
    int n;
    lxw_format *border;
} formats;

static lxw_format *format_of(formats *f, const char *code)
{
    if (!code) return f->border;
    for (int i = 0; i < f->n; i++)
        if (!strcmp(f->code[i], code)) return f->fmt[i];
    if (f->n == 16) return f->border;
    lxw_format *x = workbook_add_format(f->wb);
    format_set_num_format(x, code);
    format_set_border(x, LXW_BORDER_THIN);
    f->code[f->n] = code;
    return f->fmt[f->n++] = x;
}

/* Applies a fault to table t's shape. */
static void break_shape(bp_arena *a, const char *fault, const bp_table_spec *t, wb_shape *s)
{
    int last = t->ncolumns - 1;
    if (!strcmp(fault, "rename-header")) {
        wb_put *p = wb_shape_at(s, s->body0 - 1, last);
        for (int r = s->body0 - 1; !p && r >= s->header0; r--)
            p = wb_shape_at(s, r, last);
        if (!p) die("rename-header: no header label in the last column", NULL);
        p->text = bp_sprintf(a, "原%s", p->text);
    } else if (!strcmp(fault, "shift-column")) {
        for (int i = 0; i < s->ncells; i++)
            if (s->cells[i].row >= s->body0 && s->cells[i].row < s->body0 + s->body_rows &&
                s->cells[i].col == last)
                s->cells[i].col++;
    } else if (!strcmp(fault, "text-amount")) {
        for (int i = 0; i < s->ncells; i++)
            if (s->cells[i].row >= s->body0 && s->cells[i].number &&
                t->columns[s->cells[i].col].type == BP_COL_AMOUNT) {
                s->cells[i].number = false;
                s->cells[i].text = "一千二百";
                return;
            }
        die("text-amount: no amount stored as a number", NULL);
    } else if (!strcmp(fault, "wrong-amount")) { /* the first figure 100 more */
        for (int i = 0; i < s->ncells; i++)
            if (s->cells[i].row >= s->body0 && s->cells[i].number &&
                t->columns[s->cells[i].col].type == BP_COL_AMOUNT) {
                s->cells[i].text = bp_sprintf(a, "%.15g", strtod(s->cells[i].text, NULL) + 100);
                return;
            }
        die("wrong-amount: no amount stored as a number", NULL);
    } else if (!strcmp(fault, "long-decimals")) {
        for (int i = 0; i < s->ncells; i++)
            if (s->cells[i].row >= s->body0 && s->cells[i].number &&
                t->columns[s->cells[i].col].type == BP_COL_AMOUNT) {
                s->cells[i].text = "1619.1234567";
                return;
            }
        die("long-decimals: no amount stored as a number", NULL);
    } else if (!strcmp(fault, "control-char")) {
        for (int i = 0; i < s->ncells; i++)
            if (s->cells[i].row >= s->body0 && !s->cells[i].number &&
                t->columns[s->cells[i].col].type != BP_COL_AMOUNT && s->cells[i].text[0]) {
                s->cells[i].text = bp_sprintf(a, "%s\x01", s->cells[i].text);
                return;
            }
        die("control-char: no text in the body", NULL);
    } else if (strcmp(fault, "missing-sheet")) {
        die(fault, NULL);
    }
}

static void write_sheet(formats *f, lxw_worksheet *ws, const wb_shape *s)
{
    worksheet_set_row(ws, (lxw_row_t)s->spacer_row, 4, NULL); /* a spacer of a few points */
    for (int i = 0; i < s->nmerges; i++) {
        const bp_wb_merge *m = &s->merges[i];
        worksheet_merge_range(ws, (lxw_row_t)m->row0, (lxw_col_t)m->col0, (lxw_row_t)m->row1,
                              (lxw_col_t)m->col1, "", f->border);
    }
    for (int i = 0; i < s->ncells; i++) {
        const wb_put *p = &s->cells[i];
        lxw_format *fmt = format_of(f, p->numfmt);
        if (p->number)
            worksheet_write_number(ws, (lxw_row_t)p->row, (lxw_col_t)p->col, strtod(p->text, NULL),
                                   fmt);
        else
            worksheet_write_string(ws, (lxw_row_t)p->row, (lxw_col_t)p->col, p->text, fmt);
    }
    worksheet_set_column(ws, 0, (lxw_col_t)(s->ncols - 1), 14, NULL);
    worksheet_write_blank(ws, 4999, 0, f->border); /* the used range runs far past the data */
}

/* Where the sheets go: an .xlsx (libxlsxwriter), or, for an OUT ending in
 * .txt, the text form fuzz_wb_bind reads (tests/fuzz/fuzz_wb_bind.c). */
typedef struct sink {
    formats f;
    FILE *txt;
} sink;

static void sink_text_cell(FILE *o, int row, int col, char type, const char *fmt, const char *text)
{
    fprintf(o, "%d %d %c%s%s ", row, col, type, fmt ? ":" : "", fmt ? fmt : "");
    for (const char *p = text; *p; p++) /* a line break as \n */
        fputs(*p == '\n' ? "\\n" : (char[2]){*p, 0}, o);
    fputc('\n', o);
}

/* A sheet with one text in A1 (the cover, the hidden sheet). */
static void sink_note_sheet(sink *k, const char *name, bool hidden, const char *text)
{
    if (k->txt) {
        fprintf(k->txt, "%c %s\n", hidden ? 'H' : 'S', name);
        sink_text_cell(k->txt, 0, 0, 't', NULL, text);
        return;
    }
    lxw_worksheet *ws = workbook_add_worksheet(k->f.wb, name);
    worksheet_write_string(ws, 0, 0, text, NULL);
    if (hidden) worksheet_hide(ws);
}

static void sink_table_sheet(sink *k, const char *name, const wb_shape *s)
{
    if (!k->txt) {
        write_sheet(&k->f, workbook_add_worksheet(k->f.wb, name), s);
        return;
    }
    fprintf(k->txt, "S %s\n", name);
    for (int i = 0; i < s->nmerges; i++)
        fprintf(k->txt, "M %d %d %d %d\n", s->merges[i].row0, s->merges[i].col0, s->merges[i].row1,
                s->merges[i].col1);
    for (int i = 0; i < s->ncells; i++)
        sink_text_cell(k->txt, s->cells[i].row, s->cells[i].col, s->cells[i].number ? 'n' : 't',
                       s->cells[i].numfmt, s->cells[i].text);
}

int main(int argc, char **argv)
{
    if (argc < 4 || argc > 5) {
        fprintf(stderr, "usage: gen-annex-workbook DEPT_DIR LAYOUT_SET OUT.xlsx|OUT.txt "
                        "[FAULT:TABLE]\n");
        return 2;
    }
    char fault[64] = "", fault_table[256] = "";
    if (argc == 5 && sscanf(argv[4], "%63[^:]:%255s", fault, fault_table) != 2)
        die("FAULT:TABLE expected", NULL);
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0, ""};
    bp_layout_set *set;
    bp_department dept;
    if (data_load_department(BP_CTX(&a, &e), argv[1], &dept)) die(argv[1], &e);
    if (spec_load_set(BP_CTX(&a, &e), argv[2], &set)) die(argv[2], &e);
    sink k = {0};
    size_t n = strlen(argv[3]);
    if (n > 4 && !strcmp(argv[3] + n - 4, ".txt")) {
        if (!(k.txt = fopen(argv[3], "w"))) die(argv[3], NULL);
    } else {
        if (!(k.f.wb = workbook_new(argv[3]))) die(argv[3], NULL);
        k.f.border = workbook_add_format(k.f.wb);
        format_set_border(k.f.border, LXW_BORDER_THIN);
    }
    sink_note_sheet(&k, "封面", false, dept.name);
    char year[16];
    snprintf(year, sizeof year, "%d", dept.year);
    bp_tpl_values v = {{[BP_TPL_DEPARTMENT] = dept.name, [BP_TPL_YEAR] = year}};
    /* hidden, named as the first table's title: never taken for it */
    sink_note_sheet(&k, data_wb_title_key(&a, tpl_expand(&a, set->tables[0].title, &v)), true,
                    "旧表：不再使用");
    wb_shape_opts o = {true, true, true, true};
    for (int i = 0; i < set->ntables; i++) {
        const bp_table_spec *t = &set->tables[i];
        bp_table_data *d;
        if (data_load_table(BP_CTX(&a, &e), &dept, t, &d)) die(t->data, &e);
        wb_shape s;
        wb_shape_table(&a, t, d, &dept, &o, &s);
        bool broken = !strcmp(fault_table, t->stem);
        if (broken && !strcmp(fault, "missing-sheet")) continue;
        if (broken) break_shape(&a, fault, t, &s);
        const char *key = data_wb_title_key(&a, tpl_expand(&a, t->title, &v));
        char name[64];
        if (i % 2 == 0)
            snprintf(name, sizeof name, "表%d", i + 1);
        else
            snprintf(name, sizeof name, "%s", key);
        sink_table_sheet(&k, name, &s);
    }
    bp_arena_free(&a);
    if (k.txt) return fclose(k.txt) ? 1 : 0;
    lxw_error err = workbook_close(k.f.wb);
    if (err) {
        fprintf(stderr, "gen-annex-workbook: %s: %s\n", argv[3], lxw_strerror(err));
        return 1;
    }
    return 0;
}
