/* term_eval.h — the evaluation of a term (spec/term.h) over bound data:
 * the row a term selects and the amount in a cell. Used by the checks and
 * by the figures of the document's text. */
#ifndef BP_TERM_EVAL_H
#define BP_TERM_EVAL_H

#include "data.h"
#include "term.h"

/* The row a term's selectors match: the row when exactly one does; -1 when
 * the table has no rows (the term is zero); -2 when none or several match
 * (*count says how many). */
int term_select_row(const bp_table_data *d, const bp_term *t, int *count);

/* Whether cell (r, c) is the top-left cell of its merged area (a cell that
 * holds its own text and amount). */
bool term_is_origin(const bp_table_data *d, int r, int c);

/* A cell's text as a selector or a condition reads it: its own text, or
 * for a cell covered by a merged area that starts on its row (a label
 * merged across columns, such as 合计 across the code and name columns),
 * the area's text, so the label satisfies a selector on every column it
 * spans; "" for a cell covered from a row above. */
const char *term_cell_text(const bp_table_data *d, int r, int c);

/* A cell's amount: false for a cell covered by a merged area; an empty
 * cell is zero (*valued false). */
bool term_amount(const bp_table_data *d, int r, int c, bp_decimal *v, bool *valued);

#endif
