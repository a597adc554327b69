/* spec_form.c — parses the form keys of a table layout (`kind: form`,
 * `form`: record, bookmark, grid, head, fields, items) into the form
 * model of form.h, placing every cell on the grid. Errors name
 * file:line:column. */
#include "spec_form.h"
#include "spec_priv.h"

#include <stdlib.h>
#include <string.h>

static int column_key(bp_yaml *y, yaml_node_t *v, const bp_table_spec *t, const char *what,
                      int *out, bp_error *e)
{
    if (v->type != YAML_SCALAR_NODE) return yq_fail(y, v, e, "%s must be a column key", what);
    const char *s = (const char *)v->data.scalar.value;
    *out = spec_column_index(t, s);
    if (*out < 0) return yq_fail(y, v, e, "%s: no column with key '%s'", what, s);
    return BP_OK;
}

/* `grid: [28, 30, "1*"]`: widths in mm, or weights ending in '*'. */
static int parse_grid(bp_yaml *y, yaml_node_t *n, bp_arena *a, bp_form_spec *f, bp_error *e)
{
    if (n->type != YAML_SEQUENCE_NODE || yq_seq_len(n) == 0)
        return yq_fail(y, n, e, "form grid must be a non-empty list of column widths");
    f->ngrid = yq_seq_len(n);
    if (f->ngrid > BP_MAX_FORM_GRID)
        return yq_fail(y, n, e, "form grid has %d columns; at most %d are allowed (docs/limits.md)",
                       f->ngrid, BP_MAX_FORM_GRID);
    f->grid_mm = bp_alloc(a, (size_t)f->ngrid * sizeof *f->grid_mm);
    f->grid_weight = bp_alloc(a, (size_t)f->ngrid * sizeof *f->grid_weight);
    for (int i = 0; i < f->ngrid; i++) {
        yaml_node_t *v = yq_seq_item(y, n, i);
        const char *s = v->type == YAML_SCALAR_NODE ? (const char *)v->data.scalar.value : "";
        size_t len = strlen(s);
        if (len > 1 && s[len - 1] == '*') {
            char *end;
            double w = strtod(s, &end);
            if (end != s + len - 1 || !(w > 0) || w > 1000)
                return yq_fail(y, v, e,
                               "form grid width '%s': a weight must be a positive number "
                               "followed by '*'",
                               s);
            f->grid_weight[i] = w;
        } else {
            BP_TRY(yq_number(y, v, "form grid width", 2, 1000, &f->grid_mm[i], e));
        }
    }
    return BP_OK;
}

static int parse_cell(bp_yaml *y, yaml_node_t *n, bp_arena *a, const bp_table_spec *t, bool items,
                      bp_form_cell *c, bp_error *e)
{
    static const char *const keys[] = {"label", "value", "span",  "rows",
                                       "align", "bold",  "merge", NULL};
    BP_TRY(yq_check_map(y, n, "form cell", keys, e));
    c->origin = bp_sprintf(a, "%s:%zu:%zu", yq_node_origin(y, n).file, n->start_mark.line + 1,
                           n->start_mark.column + 1);
    yaml_node_t *label = yq_get(y, n, "label"), *value = yq_get(y, n, "value"), *v;
    if (!label == !value)
        return yq_fail(y, n, e,
                       "a form cell needs exactly one of label (text) or value (a column)");
    if (label) {
        c->kind = BP_FCELL_LABEL;
        BP_TRY(spec_template(y, label, "form label", a, &c->label, e));
        c->align = BP_ALIGN_CENTER;
    } else {
        c->kind = BP_FCELL_VALUE;
        BP_TRY(column_key(y, value, t, "form value", &c->column, e));
        c->align = t->columns[c->column].align;
    }
    long span = 1, rows = 1;
    if ((v = yq_get(y, n, "span")))
        BP_TRY(yq_int(y, v, "form cell span", 1, BP_MAX_FORM_GRID, &span, e));
    if ((v = yq_get(y, n, "rows"))) {
        if (items)
            return yq_fail(y, v, e,
                           "form cell rows: an item row's cells are one row high (use merge: "
                           "true to join equal cells)");
        BP_TRY(yq_int(y, v, "form cell rows", 1, BP_MAX_FORM_ROWS, &rows, e));
    }
    c->colspan = (int)span, c->rowspan = (int)rows;
    if ((v = yq_get(y, n, "align"))) {
        const char *s;
        BP_TRY(yq_string(y, v, "form cell align", a, &s, e));
        if (!strcmp(s, "left"))
            c->align = BP_ALIGN_LEFT;
        else if (!strcmp(s, "center") || !strcmp(s, "centre"))
            c->align = BP_ALIGN_CENTER;
        else if (!strcmp(s, "right"))
            c->align = BP_ALIGN_RIGHT;
        else
            return yq_fail(y, v, e, "form cell align must be left, center or right, not '%s'", s);
    }
    if ((v = yq_get(y, n, "bold"))) BP_TRY(yq_bool(y, v, "form cell bold", &c->bold, e));
    if ((v = yq_get(y, n, "merge"))) {
        if (!items)
            return yq_fail(y, v, e, "form cell merge applies to the cells of items: row only");
        BP_TRY(yq_bool(y, v, "form cell merge", &c->merge, e));
    }
    return BP_OK;
}

/* Places one row's cells on the grid, left to right, skipping the grid
 * cells that rowspans from above cover; the row must fill the grid. */
/* A block's grid being filled: nrows rows of ngrid cells, used[r * ngrid +
 * c] once a cell covers it. */
typedef struct block_grid {
    int nrows, ngrid;
    bool *used;
} block_grid;

static int place_row(bp_yaml *y, yaml_node_t *rn, int r, const block_grid *g, bp_form_cell *cells,
                     int n, bp_error *e)
{
    int nrows = g->nrows, ngrid = g->ngrid;
    bool *used = g->used;
    int c = 0;
    for (int i = 0; i < n; i++) {
        bp_form_cell *fc = &cells[i];
        while (c < ngrid && used[r * ngrid + c])
            c++;
        yaml_node_t *cn = yq_seq_item(y, rn, i);
        if (c + fc->colspan > ngrid)
            return yq_fail(y, cn, e,
                           "form cell spans grid columns %d to %d, but the grid has %d columns",
                           c + 1, c + fc->colspan, ngrid);
        if (r + fc->rowspan > nrows)
            return yq_fail(y, cn, e, "form cell rows: %d rows from row %d go past the block's %d",
                           fc->rowspan, r + 1, nrows);
        for (int rr = r; rr < r + fc->rowspan; rr++)
            for (int cc = c; cc < c + fc->colspan; cc++) {
                if (used[rr * ngrid + cc])
                    return yq_fail(y, cn, e, "form cell overlaps a cell of a row above (rows:)");
                used[rr * ngrid + cc] = true;
            }
        fc->row = r, fc->col = c;
        c += fc->colspan;
    }
    for (c = 0; c < ngrid; c++)
        if (!used[r * ngrid + c])
            return yq_fail(y, rn, e,
                           "form row leaves grid column %d of %d empty: its cells' spans must "
                           "fill the grid",
                           c + 1, ngrid);
    return BP_OK;
}

/* A block: a list of rows, each a list of cells. `items` is one row. */
/* Which block a list of rows is: its name in messages, and whether it is
 * the items row (one row, one high, merge allowed). */
typedef struct block_kind {
    const char *what;
    bool items;
} block_kind;

static int parse_block(bp_yaml *y, yaml_node_t *n, bp_arena *a, const bp_table_spec *t,
                       const bp_form_spec *f, block_kind kind, bp_form_block *b, bp_error *e)
{
    const char *what = kind.what;
    bool items = kind.items;
    if (n->type != YAML_SEQUENCE_NODE || yq_seq_len(n) == 0)
        return yq_fail(y, n, e, "form %s must be a non-empty list of rows", what);
    yaml_node_t *first = yq_seq_item(y, n, 0);
    bool one_row = items && first->type == YAML_MAPPING_NODE;
    b->nrows = one_row ? 1 : yq_seq_len(n);
    if (items && !one_row)
        return yq_fail(y, n, e, "form items row must be one row: a list of cells");
    if (b->nrows > BP_MAX_FORM_ROWS)
        return yq_fail(y, n, e, "form %s has %d rows; at most %d are allowed (docs/limits.md)",
                       what, b->nrows, BP_MAX_FORM_ROWS);
    block_grid grid = {b->nrows, f->ngrid, NULL};
    grid.used = bp_alloc(a, (size_t)b->nrows * (size_t)f->ngrid * sizeof *grid.used);
    bp_vec cells;
    bp_vec_init(&cells, sizeof(bp_form_cell));
    for (int r = 0; r < b->nrows; r++) {
        yaml_node_t *rn = one_row ? n : yq_seq_item(y, n, r);
        if (rn->type != YAML_SEQUENCE_NODE || yq_seq_len(rn) == 0)
            return yq_fail(y, rn, e, "a form row must be a non-empty list of cells");
        int k = yq_seq_len(rn);
        if (k > BP_MAX_FORM_GRID)
            return yq_fail(y, rn, e, "a form row has at most %d cells (docs/limits.md)",
                           BP_MAX_FORM_GRID);
        int start = cells.n;
        for (int i = 0; i < k; i++)
            BP_TRY(parse_cell(y, yq_seq_item(y, rn, i), a, t, items, bp_vec_push(a, &cells), e));
        BP_TRY(place_row(y, rn, r, &grid, (bp_form_cell *)cells.items + start, k, e));
    }
    b->cells = cells.items;
    b->ncells = cells.n;
    return BP_OK;
}

static int parse_items(bp_yaml *y, yaml_node_t *n, bp_arena *a, const bp_table_spec *t,
                       bp_form_spec *f, bp_error *e)
{
    static const char *const keys[] = {"header", "row", NULL};
    BP_TRY(yq_check_map(y, n, "form items", keys, e));
    yaml_node_t *v;
    if ((v = yq_get(y, n, "header")))
        BP_TRY(
            parse_block(y, v, a, t, f, (block_kind){"items header", false}, &f->items_header, e));
    BP_TRY(yq_require(y, n, "row", "form items", &v, e));
    BP_TRY(parse_block(y, v, a, t, f, (block_kind){"items row", true}, &f->items, e));
    for (int i = 0; i < f->items.ncells; i++)
        if (f->items.cells[i].kind == BP_FCELL_VALUE) return BP_OK;
    return yq_fail(y, v, e, "form items row needs at least one value cell (a column)");
}

static int parse_form(bp_yaml *y, yaml_node_t *n, bp_arena *a, const bp_table_spec *t,
                      bp_form_spec *f, bp_error *e)
{
    static const char *const keys[] = {"record", "bookmark", "grid", "head",
                                       "fields", "items",    NULL};
    BP_TRY(yq_check_map(y, n, "form", keys, e));
    yaml_node_t *v;
    BP_TRY(yq_require(y, n, "record", "form", &v, e));
    BP_TRY(column_key(y, v, t, "form record", &f->record, e));
    f->bookmark = f->record;
    if ((v = yq_get(y, n, "bookmark")))
        BP_TRY(column_key(y, v, t, "form bookmark", &f->bookmark, e));
    BP_TRY(yq_require(y, n, "grid", "form", &v, e));
    BP_TRY(parse_grid(y, v, a, f, e));
    if ((v = yq_get(y, n, "head")))
        BP_TRY(parse_block(y, v, a, t, f, (block_kind){"head", false}, &f->head, e));
    if ((v = yq_get(y, n, "fields")))
        BP_TRY(parse_block(y, v, a, t, f, (block_kind){"fields", false}, &f->fields, e));
    if ((v = yq_get(y, n, "items"))) BP_TRY(parse_items(y, v, a, t, f, e));
    if (!f->head.nrows && !f->fields.nrows && !f->items.nrows)
        return yq_fail(y, n, e, "form needs at least one of head, fields or items");
    return BP_OK;
}

/* Keys of a table layout that a form does not use are errors, not
 * silently ignored. */
static int reject_table_keys(bp_yaml *y, yaml_node_t *root, bp_error *e)
{
    static const char *const keys[] = {"rows",          "group", "header", "header_font_size",
                                       "min_font_size", "empty", NULL};
    static const char *const col_keys[] = {"width", "min_width", "merge", NULL};
    yaml_node_t *v, *w;
    for (int i = 0; keys[i]; i++)
        if ((v = yq_get(y, root, keys[i])))
            return yq_fail(y, v, e, "%s applies to tables only, not to a form", keys[i]);
    if ((v = yq_get(y, root, "page")) && v->type == YAML_MAPPING_NODE &&
        (w = yq_get(y, v, "orientation")) && w->type == YAML_SCALAR_NODE &&
        !strcmp((const char *)w->data.scalar.value, "auto"))
        return yq_fail(y, w, e, "a form's orientation is portrait or landscape, not auto");
    yaml_node_t *cols = yq_get(y, root, "columns");
    for (int i = 0; cols && i < yq_seq_len(cols); i++)
        for (int k = 0; col_keys[k]; k++)
            if ((v = yq_get(y, yq_seq_item(y, cols, i), col_keys[k])))
                return yq_fail(y, v, e,
                               "column %s applies to tables only: a form places its columns "
                               "with form: grid",
                               col_keys[k]);
    return BP_OK;
}

int spec_parse_form(bp_yaml *y, yaml_node_t *root, bp_arena *a, bp_table_spec *t, bp_error *e)
{
    yaml_node_t *v = yq_get(y, root, "kind");
    bool form = false;
    if (v) {
        const char *s;
        BP_TRY(yq_string(y, v, "kind", a, &s, e));
        if (!strcmp(s, "form"))
            form = true;
        else if (strcmp(s, "table"))
            return yq_fail(y, v, e, "kind must be table or form, not '%s'", s);
    }
    if (!form) {
        if ((v = yq_get(y, root, "form")))
            return yq_fail(y, v, e, "form applies to forms only (add kind: form)");
        t->form = NULL;
        return BP_OK;
    }
    BP_TRY(reject_table_keys(y, root, e));
    bp_form_spec *f = bp_alloc(a, sizeof *f);
    BP_TRY(yq_require(y, root, "form", "form layout", &v, e));
    BP_TRY(parse_form(y, v, a, t, f, e));
    t->form = f;
    return BP_OK;
}
