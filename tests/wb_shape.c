/* wb_shape.c — tests only: a table laid out as a sheet shaped like the
 * printed table (see wb_shape.h). */
#include "wb_shape.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data_workbook.h"

typedef struct builder {
    bp_arena *a;
    bp_vec cells, merges;
} builder;

static void put(builder *b, int row, int col, bool number, const char *text, const char *numfmt)
{
    wb_put *p = bp_vec_push(b->a, &b->cells);
    *p = (wb_put){row, col, number, text, numfmt};
}

static void merge(builder *b, int r0, int c0, int r1, int c1)
{
    if (r0 == r1 && c0 == c1) return;
    bp_wb_merge *m = bp_vec_push(b->a, &b->merges);
    *m = (bp_wb_merge){r0, c0, r1, c1};
}

/* "1619.4" -> "1,619.4" */
static const char *with_thousands(bp_arena *a, const char *s)
{
    const char *dot = strchr(s, '.');
    size_t ip = dot ? (size_t)(dot - s) : strlen(s), lead = s[0] == '-';
    char buf[96];
    size_t o = 0;
    for (size_t i = 0; i < ip; i++) {
        if (i > lead && (ip - i) % 3 == 0) buf[o++] = ',';
        buf[o++] = s[i];
    }
    snprintf(buf + o, sizeof buf - o, "%s", dot ? dot : "");
    return bp_strdup(a, buf);
}

/* A figure with the decimals it was written with ("5209.0"). */
static const char *exact_text(bp_arena *a, bp_decimal v)
{
    int64_t u = v.units < 0 ? -v.units : v.units, p = 1;
    for (int i = 0; i < v.scale; i++)
        p *= 10;
    const char *sign = v.units < 0 ? "-" : "";
    if (!v.scale) return bp_sprintf(a, "%s%lld", sign, (long long)u);
    return bp_sprintf(a, "%s%lld.%0*lld", sign, (long long)(u / p), v.scale, (long long)(u % p));
}

/* The readers' text of the same number (no trailing zeros after the
 * point), and a number format showing the decimals it was written with. */
static const char *number_text(bp_arena *a, bp_decimal v, const char **numfmt)
{
    static const char *const f[] = {NULL,         "#,##0.0", "#,##0.00", "#,##0.000",
                                    "#,##0.0000", "0.00000", "0.000000"};
    *numfmt = f[v.scale >= 0 && v.scale <= 6 ? v.scale : 0];
    char *t = (char *)exact_text(a, v);
    if (strchr(t, '.')) {
        size_t n = strlen(t);
        while (t[n - 1] == '0')
            t[--n] = 0;
        if (t[n - 1] == '.') t[--n] = 0;
    }
    return strcmp(t, "-0") ? t : "0";
}

static void put_amount(builder *b, const wb_shape_opts *o, int row, int col, const bp_cell *c,
                       int *count)
{
    if (!c->has_value) return;
    (*count)++;
    if (o->amounts_as_text && *count % 3 == 0) {
        const char *text = exact_text(b->a, c->value);
        put(b, row, col, false,
            *count % 2 ? with_thousands(b->a, text) : bp_sprintf(b->a, "%s ", text), NULL);
        return;
    }
    const char *numfmt, *text = number_text(b->a, c->value, &numfmt);
    put(b, row, col, true, text, numfmt);
}

static void put_text(builder *b, const wb_shape_opts *o, const bp_column *col, int row, int x,
                     const char *text)
{
    if (!text[0]) return;
    if (o->codes_as_numbers && data_wb_code_as_number(col, text)) {
        while (*text == '0' && text[1])
            text++;
        put(b, row, x, true, text, NULL);
        return;
    }
    put(b, row, x, false, text, NULL);
}

/* True when no merged area of d crosses between body rows r - 1 and r. */
static bool row_starts_clean(const bp_table_data *d, int r)
{
    for (int c = 0; c < d->ncols; c++)
        if (data_cell(d, r, c)->origin_row != r) return false;
    return true;
}

static void shape_body(builder *b, const bp_table_spec *t, const bp_table_data *d,
                       const wb_shape_opts *o, int body0, wb_shape *out)
{
    int pad_before =
        o->padding && d->nrows >= 3 && row_starts_clean(d, d->nrows - 1) ? d->nrows - 1 : -1;
    int amounts = 0;
    for (int r = 0; r < d->nrows; r++) {
        int row = body0 + r + (pad_before >= 0 && r >= pad_before);
        for (int c = 0; c < d->ncols; c++) {
            const bp_cell *cell = data_cell(d, r, c);
            if (cell->origin_row != r || cell->origin_col != c) continue;
            if (t->columns[c].type == BP_COL_AMOUNT)
                put_amount(b, o, row, c, cell, &amounts);
            else
                put_text(b, o, &t->columns[c], row, c, cell->text);
            merge(b, row, c, row + cell->rowspan - 1, c + cell->colspan - 1);
        }
    }
    out->body0 = body0;
    out->body_rows = d->nrows + (pad_before >= 0);
}

void wb_shape_table(bp_arena *a, const bp_table_spec *t, const bp_table_data *d,
                    const bp_department *dept, const wb_shape_opts *o, wb_shape *out)
{
    builder b = {a, {0}, {0}};
    bp_vec_init(&b.cells, sizeof(wb_put));
    bp_vec_init(&b.merges, sizeof(bp_wb_merge));
    char year[16];
    snprintf(year, sizeof year, "%d", dept->year);
    bp_tpl_values v = {{[BP_TPL_DEPARTMENT] = dept->name,
                        [BP_TPL_CODE] = dept->code,
                        [BP_TPL_YEAR] = year,
                        [BP_TPL_UNIT] = dept->unit}};
    int n = t->ncolumns, row = 1;
    memset(out, 0, sizeof *out);
    out->spacer_row = 0; /* row 0: a spacer of a few points */
    put(&b, row, 0, false, tpl_expand(a, t->title, &v), NULL);
    merge(&b, row, 0, row, n - 1);
    row++;
    if (t->subtitle) {
        put(&b, row, 0, false, tpl_expand(a, t->subtitle, &v), NULL);
        merge(&b, row, 0, row, n - 1);
        row++;
    }
    if (t->caption_left || t->caption_right) {
        if (t->caption_left) put(&b, row, 0, false, tpl_expand(a, t->caption_left, &v), NULL);
        if (t->caption_right) put(&b, row, n - 1, false, tpl_expand(a, t->caption_right, &v), NULL);
        row++;
    }
    out->header0 = row;
    if (t->show_header) {
        for (int i = 0; i < t->nheader; i++) {
            const bp_header_cell *h = &t->header[i];
            put(&b, row + h->row, h->col, false, tpl_expand(a, h->tpl, &v), NULL);
            merge(&b, row + h->row, h->col, row + h->row + h->rowspan - 1, h->col + h->colspan - 1);
        }
        row += t->header_rows;
    }
    shape_body(&b, t, d, o, row, out);
    row += out->body_rows;
    if (o->note) {
        put(&b, row, 0, false, "注：本表数据来源于预算管理一体化系统。", NULL);
        merge(&b, row, 0, row, n - 1);
    }
    out->cells = b.cells.items;
    out->ncells = b.cells.n;
    out->merges = b.merges.items;
    out->nmerges = b.merges.n;
    out->ncols = n;
}

wb_put *wb_shape_at(wb_shape *s, int row, int col)
{
    for (int i = 0; i < s->ncells; i++)
        if (s->cells[i].row == row && s->cells[i].col == col) return &s->cells[i];
    return NULL;
}

static int by_place(const void *x, const void *y)
{
    const bp_wb_cell *a = x, *b = y;
    return a->row != b->row ? (a->row > b->row) - (a->row < b->row)
                            : (a->col > b->col) - (a->col < b->col);
}

void wb_shape_sheet(bp_arena *a, const wb_shape *s, const char *name, bp_wb_sheet *out)
{
    memset(out, 0, sizeof *out);
    out->name = name;
    out->cells = bp_alloc(a, (size_t)(s->ncells + 1) * sizeof *out->cells);
    for (int i = 0; i < s->ncells; i++) {
        const wb_put *p = &s->cells[i];
        out->cells[i] = (bp_wb_cell){.row = p->row,
                                     .col = p->col,
                                     .type = p->number ? BP_WB_NUMBER : BP_WB_TEXT,
                                     .text = p->text,
                                     .numfmt = p->numfmt};
        if (p->row + 1 > out->nrows) out->nrows = p->row + 1;
        if (p->col + 1 > out->ncols) out->ncols = p->col + 1;
    }
    out->ncells = s->ncells;
    qsort(out->cells, (size_t)out->ncells, sizeof *out->cells, by_place);
    out->merges = s->merges;
    out->nmerges = s->nmerges;
}
