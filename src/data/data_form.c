/* data_form.c — the records of a form (form.h): which rows of the bound
 * data make up each record, a record's value of a column, and which rows
 * show an item. */
#include "data_form.h"

#include <string.h>

int data_form_records(bp_arena *a, const bp_table_spec *t, const bp_table_data *d,
                      bp_form_record **out, int *n)
{
    int col = t->form->record, count = 0;
    bp_form_record *r = bp_alloc(a, (size_t)(d->nrows + 1) * sizeof *r);
    const char *key = NULL;
    for (int row = 0; row < d->nrows; row++) {
        const char *s = data_cell(d, row, col)->text;
        if (count == 0 || (s[0] && strcmp(s, key))) {
            r[count].first = row;
            r[count].nrows = 0;
            count++;
            key = s;
        }
        r[count - 1].nrows++;
    }
    *out = r;
    *n = count;
    return BP_OK;
}

const bp_cell *data_form_value(const bp_table_data *d, const bp_form_record *r, int column)
{
    for (int row = r->first; row < r->first + r->nrows; row++) {
        const bp_cell *c = data_cell(d, row, column);
        if (c->text[0]) return c;
    }
    return NULL;
}

bool data_form_has_item(const bp_form_spec *f, const bp_table_data *d, int row)
{
    for (int i = 0; i < f->items.ncells; i++) {
        const bp_form_cell *c = &f->items.cells[i];
        if (c->kind == BP_FCELL_VALUE && data_cell(d, row, c->column)->text[0]) return true;
    }
    return false;
}
