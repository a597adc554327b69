/* workbook_priv.h — what the workbook readers (workbook_xlsx*.c,
 * workbook_xls.c) share: the builder that turns cells read in any order
 * into a bp_wb_sheet, and the decimal text of a number. */
#ifndef BP_WORKBOOK_PRIV_H
#define BP_WORKBOOK_PRIV_H

#include "workbook.h"

/* A sheet being read: cells and merges are pushed as they come. */
typedef struct wb_sheet_builder {
    bp_vec cells;  /* bp_wb_cell */
    bp_vec merges; /* bp_wb_merge */
} wb_sheet_builder;

void wb_builder_init(wb_sheet_builder *b);
/* A new cell (zeroed but for row and col) to fill in. */
bp_wb_cell *wb_builder_cell(bp_arena *a, wb_sheet_builder *b, int row, int col);
/* Sorts the cells by row then column and fills s (name and hidden are
 * the caller's). Two cells at the same place: BP_EINPUT naming the cell
 * (what: "book.xlsx: sheet X" for the message). */
int wb_builder_finish(bp_arena *a, wb_sheet_builder *b, bp_wb_sheet *s, const char *what,
                      bp_error *e);

/* The text of x as workbook.h says: the shortest decimal that reads back
 * to x rounded to 15 significant digits, without exponent below 1e15.
 * out must hold 400 bytes. Returns false for an infinite or NaN x. */
bool wb_number_text(double x, char out[400]);

/* path as valid UTF-8 for messages (arena). */
const char *wb_shown(bp_arena *a, const char *path);

/* The readers. z (a libzip archive) is owned from the call on: discarded
 * before the return or, should memory run out, with a. shown: the
 * workbook's name in messages. */
struct zip;
int wb_xlsx_read(bp_arena *a, const char *path, const char *shown, struct zip *z, bp_workbook **out,
                 bp_error *e);
int wb_xls_read(bp_arena *a, const char *path, const char *shown, bp_workbook **out, bp_error *e);

#endif
