/* data_form.h — the records of a `kind: form` table (spec/form.h): its
 * bound rows grouped by the record column (data_form.c). */
#ifndef BP_DATA_FORM_H
#define BP_DATA_FORM_H

#include "data.h"
#include "form.h"

/* A record: rows first .. first + nrows - 1 of the bound data. */
typedef struct bp_form_record {
    int first, nrows;
} bp_form_record;

/* data_form.c: groups the bound rows into records. A row whose record
 * column is empty or equal to the row above continues the record above;
 * any other value starts a new one. */
int data_form_records(bp_arena *a, const bp_table_spec *t, const bp_table_data *d,
                      bp_form_record **out, int *n);
/* The record's value of a column: its first row where the cell is not
 * empty, or NULL when every row is empty. */
const bp_cell *data_form_value(const bp_table_data *d, const bp_form_record *r, int column);
/* True when a row of a record shows an item (one of its value cells is
 * not empty). */
bool data_form_has_item(const bp_form_spec *f, const bp_table_data *d, int row);

#endif
