/* term_eval.c — a parsed term (spec/term.h) evaluated over a bound table:
 * the row its selectors match and the amount in a cell. */
#include "term_eval.h"

#include <string.h>

bool term_is_origin(const bp_table_data *d, int r, int c)
{
    const bp_cell *cell = data_cell(d, r, c);
    return cell->origin_row == r && cell->origin_col == c;
}

const char *term_cell_text(const bp_table_data *d, int r, int c)
{
    const bp_cell *cell = data_cell(d, r, c);
    if (cell->origin_row == r && cell->origin_col == c) return cell->text;
    if (cell->origin_row != r || cell->origin_col < 0) return "";
    return data_cell(d, r, cell->origin_col)->text;
}

bool term_amount(const bp_table_data *d, int r, int c, bp_decimal *v, bool *valued)
{
    if (!term_is_origin(d, r, c)) return false;
    const bp_cell *cell = data_cell(d, r, c);
    *valued = cell->has_value;
    *v = cell->has_value ? cell->value : (bp_decimal){0, 0};
    return true;
}

int term_select_row(const bp_table_data *d, const bp_term *term, int *count)
{
    *count = 0;
    if (d->nrows == 0) return -1;
    int found = -1;
    for (int r = 0; r < d->nrows; r++) {
        bool ok = true;
        for (int i = 0; i < term->nsel && ok; i++) {
            const bp_sel *sl = &term->sel[i];
            if (sl->column < 0) {
                ok = r == sl->index;
            } else {
                const char *s = term_cell_text(d, r, sl->column);
                ok = sl->prefix ? !strncmp(s, sl->value, strlen(sl->value)) : !strcmp(s, sl->value);
            }
        }
        if (ok) found = r, (*count)++;
    }
    return *count == 1 ? found : -2;
}
