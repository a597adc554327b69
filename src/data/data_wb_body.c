/* data_wb_body.c — a table's body in its sheet: the rows under the header
 * down to the last row with content (note rows, empty and spacer rows
 * left out), each cell's text for its layout column, merged areas as the
 * CSV's '<' and '^' markers; then data_bind, so that the table is the one
 * the CSV file would give (docs/workbook.md, "The body"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data_wb_priv.h"
#include "i18n.h"

static int by_row0(const void *x, const void *y)
{
    const bp_wb_merge *a = *(const bp_wb_merge *const *)x, *b = *(const bp_wb_merge *const *)y;
    return (a->row0 > b->row0) - (a->row0 < b->row0);
}

void wb_merges_init(bp_arena *a, wb_merges *m, const bp_wb_sheet *s)
{
    int n = s->nmerges;
    m->s = s;
    m->sorted = bp_alloc(a, (size_t)(n > 0 ? n : 1) * sizeof *m->sorted);
    m->active = bp_alloc(a, (size_t)(n > 0 ? n : 1) * sizeof *m->active);
    for (int i = 0; i < n; i++)
        m->sorted[i] = &s->merges[i];
    qsort(m->sorted, (size_t)n, sizeof *m->sorted, by_row0);
    m->next = m->nactive = 0;
    m->row = -1;
}

const bp_wb_merge *wb_merge_at(wb_merges *m, int row, int col)
{
    if (row < m->row) m->next = m->nactive = 0; /* back up: start again */
    if (row != m->row) {
        int k = 0; /* drop the areas that ended above row */
        for (int i = 0; i < m->nactive; i++)
            if (m->active[i]->row1 >= row) m->active[k++] = m->active[i];
        m->nactive = k;
        while (m->next < m->s->nmerges && m->sorted[m->next]->row0 <= row) {
            if (m->sorted[m->next]->row1 >= row) m->active[m->nactive++] = m->sorted[m->next];
            m->next++;
        }
        m->row = row;
    }
    for (int i = 0; i < m->nactive; i++)
        if (col >= m->active[i]->col0 && col <= m->active[i]->col1) return m->active[i];
    return NULL;
}

static int by_int(const void *x, const void *y)
{
    int a = *(const int *)x, b = *(const int *)y;
    return (a > b) - (a < b);
}

/* A row whose first text is a note (注：…, 说明：…) ends the body. */
static bool is_note(bp_arena *a, const char *label)
{
    (void)a;
    static const char *const lead[] = {"注:", "说明:", "备注:", "注1", "注①", NULL};
    if (!strcmp(label, "注")) return true;
    for (int i = 0; lead[i]; i++)
        if (!strncmp(label, lead[i], strlen(lead[i]))) return true;
    return false;
}

/* Whether a text may be a note's (is_note of its label): a note's label
 * starts with 注, 说 or 备, so a text whose first character is another,
 * and no space, is none; most rows are answered without their label. */
static bool may_be_note(const char *s)
{
    size_t n = 0;
    while (n < 4 && s[n])
        n++;
    uint32_t cp;
    if (bp_utf8_decode(s, n, &cp) <= 0) return true;
    bool space = cp <= ' ' || cp == 0xA0 || cp == 0x3000 || cp == 0x200B || cp == 0xFEFF;
    return space || cp == 0x6CE8 || cp == 0x8BF4 || cp == 0x5907;
}

static bool has_text(const bp_wb_cell *c)
{
    return c->type != BP_WB_TEXT || !data_wb_blank(c->text);
}

/* The sheet column's layout column, or -1. */
static int layout_col(const wb_frame *f, int x)
{
    for (int c = 0; c < f->t->ncolumns; c++)
        if (f->col_of[c] == x) return c;
    return -1;
}

/* Phase 1: the body rows, in order: rows with content from body0 down to
 * the first note row, and rows inside a merged area that starts in the
 * body. A value outside the layout's columns is an error. */
static int body_rows(bp_arena *a, wb_frame *f, bp_vec *rows, bp_error *e)
{
    const bp_wb_sheet *s = f->s;
    int lo = 0, hi = s->ncells;
    while (lo < hi) { /* the first cell at or below body0 */
        int mid = lo + (hi - lo) / 2;
        if (s->cells[mid].row < f->body0)
            lo = mid + 1;
        else
            hi = mid;
    }
    int end = s->nrows; /* the first row not in the body */
    bp_vec marks;
    bp_vec_init(&marks, sizeof(int));
    for (int i = lo; i < s->ncells;) {
        int r = s->cells[i].row;
        bool content = false, seen = false;
        for (; i < s->ncells && s->cells[i].row == r; i++) {
            const bp_wb_cell *c = &s->cells[i];
            if (!has_text(c)) continue;
            if (!seen && c->type == BP_WB_TEXT && may_be_note(c->text) &&
                is_note(a, data_wb_label(a, c->text)))
                break;
            seen = true;
            const bp_wb_merge *m = wb_merge_at(&f->merges, r, c->col);
            if (m && (m->row0 != r || m->col0 != c->col)) continue; /* hidden under an area */
            if (layout_col(f, c->col) < 0)
                return bp_fail(e, BP_EINPUT,
                               _("%s: '%s' is in a column the table %s does not have (its header "
                                 "is empty: is a column shifted, or a value typed beside the "
                                 "table?)"),
                               wb_where(a, f, r, c->col), wb_quote(a, c->text), f->t->file);
            content = true;
        }
        if (i < s->ncells && s->cells[i].row == r) { /* a note: the body ended */
            end = r;
            break;
        }
        if (content) *(int *)bp_vec_push(a, &marks) = r;
    }
    /* rows inside an area that starts in the body and covers a layout column */
    for (int m = 0; m < s->nmerges; m++) {
        const bp_wb_merge *mg = &s->merges[m];
        if (mg->row0 < f->body0 || mg->row0 >= end || mg->row1 == mg->row0) continue;
        bool ours = false;
        for (int x = mg->col0; x <= mg->col1 && !ours; x++)
            ours = layout_col(f, x) >= 0;
        for (int r = mg->row0 + 1; ours && r <= mg->row1 && r < end; r++)
            *(int *)bp_vec_push(a, &marks) = r;
    }
    /* sorted, each row once */
    int *v = marks.items;
    if (marks.n > 1) qsort(v, (size_t)marks.n, sizeof *v, by_int);
    bp_vec_init(rows, sizeof(int));
    for (int i = 0; i < marks.n; i++)
        if (!i || v[i] != v[i - 1]) *(int *)bp_vec_push(a, rows) = v[i];
    if (rows->n > BP_MAX_ROWS) /* the first row past the limit */
        return bp_fail(e, BP_EINPUT,
                       _("%s: more than %d rows in the table's body; the limit is %d "
                         "(docs/limits.md)"),
                       wb_where(a, f, ((const int *)rows->items)[BP_MAX_ROWS],
                                f->t->ncolumns ? f->col_of[0] : 0),
                       BP_MAX_ROWS, BP_MAX_ROWS);
    return BP_OK;
}

/* The cells of the body row being read: found by walking the sheet's
 * sorted cells down as the rows go down (a binary search of the whole
 * sheet for every field cost more than the rest of the field). */
typedef struct row_cells {
    const bp_wb_sheet *s;
    int next;            /* the first cell of a row below the last one found */
    int row;             /* the row found: */
    const bp_wb_cell *c; /* its cells, */
    int n;               /* how many */
} row_cells;

static void row_cells_find(row_cells *rc, int row)
{
    const bp_wb_sheet *s = rc->s;
    int i = rc->next;
    while (i < s->ncells && s->cells[i].row < row)
        i++;
    rc->row = row;
    rc->c = &s->cells[i];
    while (i < s->ncells && s->cells[i].row == row)
        i++;
    rc->n = (int)(&s->cells[i] - rc->c);
    rc->next = i;
}

/* The cell at (row, col), or NULL: in the row found when row is its row,
 * else (a merged area's first cell, above) anywhere in the sheet. */
static const bp_wb_cell *row_cell(const row_cells *rc, int row, int col)
{
    if (rc->row != row) return workbook_cell(rc->s, row, col);
    int lo = 0, hi = rc->n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (rc->c[mid].col < col)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < rc->n && rc->c[lo].col == col ? &rc->c[lo] : NULL;
}

/* Phase 2, one field: the text of the cell at (r, x) for layout column c
 * (prev: the body row above, -1 none; rc: row r's cells). A cell inside a merged area is the
 * CSV's marker: '<' beside the area's first cell, '^' under it, or, in a
 * `merge: true` column of one column's width, the area's text again (as
 * the CSV repeats it). */
static int field(bp_arena *a, wb_frame *f, const row_cells *rc, int r, int prev, int c,
                 const char **out, bp_error *e)
{
    const bp_column *col = &f->t->columns[c];
    int x = f->col_of[c], rr = r, xx = x;
    const bp_wb_merge *m = wb_merge_at(&f->merges, r, x);
    bool inside = m && (m->row0 != r || m->col0 != x);
    if (inside && m->row0 < f->body0) {
        *out = ""; /* an area from above the body: nothing */
        return BP_OK;
    }
    if (inside && !(col->merge && m->col0 == m->col1)) {
        bool left = m->row0 == r;
        if (left ? c == 0 || f->col_of[c - 1] != x - 1 : prev != r - 1)
            return bp_fail(e, BP_EINPUT,
                           _("%s: the merged cell %s (the area %s) spans columns or rows that are "
                             "not side by side in the table %s (unmerge it)"),
                           wb_where(a, f, r, x), workbook_a1((char[16]){0}, m->row0, m->col0),
                           wb_range(a, m), f->t->file);
        *out = left ? "<" : "^";
        return BP_OK;
    }
    if (inside) rr = m->row0, xx = m->col0;
    const char *why;
    const bp_wb_cell *cell = row_cell(rc, rr, xx);
    *out = data_wb_cell_text(a, col, cell, &why);
    if (!*out)
        return bp_fail(e, BP_EINPUT, _("%s: column '%s' (%s): '%s' %s"), wb_where(a, f, rr, xx),
                       col->key, col->header[col->depth - 1], wb_quote(a, cell->text), _(why));
    return BP_OK;
}

/* Phase 2: the grid, row 0 the layout's keys. */
static int make_grid(bp_arena *a, wb_frame *f, const bp_vec *rows, bp_csv **out, bp_error *e)
{
    int n = f->t->ncolumns;
    bp_csv *g = bp_alloc(a, sizeof *g);
    g->path = f->wb->path;
    g->sheet = f->s->name;
    g->encoding = "UTF-8";
    g->nrows = rows->n + 1;
    g->ncols = n;
    g->src_cols = f->col_of;
    g->lines = bp_alloc(a, (size_t)g->nrows * sizeof *g->lines);
    const char **fields = bp_alloc(a, (size_t)g->nrows * (size_t)(n > 0 ? n : 1) * sizeof *fields);
    g->lines[0] = f->nheader ? f->header0 + f->nheader : f->body0; /* the header's last row */
    for (int c = 0; c < n; c++)
        fields[c] = f->t->columns[c].key;
    const int *rv = rows->items; /* going down */
    row_cells rc = {.s = f->s};
    for (int i = 0; i < rows->n; i++) {
        g->lines[i + 1] = rv[i] + 1;
        row_cells_find(&rc, rv[i]);
        for (int c = 0; c < n; c++)
            BP_TRY(field(a, f, &rc, rv[i], i ? rv[i - 1] : -1, c,
                         &fields[(size_t)(i + 1) * (size_t)n + (size_t)c], e));
    }
    g->fields = fields;
    *out = g;
    return BP_OK;
}

static void dept_values(const bp_department *d, char *year, bp_tpl_values *v)
{
    snprintf(year, 16, "%d", d->year);
    *v = (bp_tpl_values){{[BP_TPL_DEPARTMENT] = d->name,
                          [BP_TPL_CODE] = d->code,
                          [BP_TPL_YEAR] = year,
                          [BP_TPL_UNIT] = d->unit}};
}

int data_wb_grid(bp_arena *a, const bp_workbook *wb, const bp_table_spec *t,
                 const bp_department *dept, bp_csv **out, bp_error *e)
{
    char year[16];
    bp_tpl_values vals;
    dept_values(dept, year, &vals);
    wb_frame f = {.wb = wb, .t = t};
    BP_TRY(data_wb_find_sheet(a, wb, t, &vals, &f.s, e));
    BP_TRY(wb_find_columns(a, &f, &vals, e));
    wb_merges_init(a, &f.merges, f.s);
    bp_vec rows;
    BP_TRY(body_rows(a, &f, &rows, e));
    return make_grid(a, &f, &rows, out, e);
}

int data_wb_bind(bp_arena *a, const bp_workbook *wb, const bp_table_spec *t,
                 const bp_department *dept, bp_table_data **out, bp_error *e)
{
    bp_csv *g;
    BP_TRY(data_wb_grid(a, wb, t, dept, &g, e));
    return data_bind(a, t, g, out, e);
}
