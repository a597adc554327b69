/* workbook_priv.h — what the workbook readers (workbook_xlsx*.c,
 * workbook_xls.c and its workbook_biff*.c) share: the builder that turns cells read in any order
 * into a bp_wb_sheet, and the decimal text of a number. */
#ifndef BP_WORKBOOK_PRIV_H
#define BP_WORKBOOK_PRIV_H

#include "workbook.h"

/* Cells holding a value in one workbook, as many as one CSV file may
 * hold (BP_MAX_CELLS): a department's workbook has a few ten thousand;
 * the limit bounds the memory a crafted workbook can take (about 50 bytes
 * a cell), however many sheets it has. */
#define WB_MAX_CELLS 2000000

/* Merged areas in one sheet: a budget table has a few dozen; the limit
 * bounds workbook_merge_at, which looks through all of them. */
#define WB_MAX_MERGES 100000

/* A sheet being read: cells and merges are pushed as they come. */
typedef struct wb_sheet_builder {
    bp_vec cells;      /* bp_wb_cell */
    bp_vec merges;     /* bp_wb_merge */
    long *book_cells;  /* the cells of the whole workbook so far */
    long *book_merges; /* the merged areas of the whole workbook so far (NULL:
                          not counted; set after wb_builder_init) */
    long max_book_merges;
} wb_sheet_builder;

/* book_cells: the workbook's count, shared by its sheets' builders. */
void wb_builder_init(wb_sheet_builder *b, long *book_cells);
/* A new cell (zeroed but for row and col) to fill in; NULL when the
 * workbook already holds WB_MAX_CELLS (the caller reports it, with
 * wb_too_many_cells). */
bp_wb_cell *wb_builder_cell(bp_arena *a, wb_sheet_builder *b, int row, int col);
/* Adds a merged area; false when the sheet already holds WB_MAX_MERGES,
 * or the workbook max_book_merges (with book_merges). */
bool wb_builder_merge(bp_arena *a, wb_sheet_builder *b, bp_wb_merge m);
/* "<what>, cell B7: more than 2000000 cells ..." */
int wb_too_many_cells(bp_error *e, const char *what, int row, int col);
/* Sorts the cells by row then column and fills s (name and hidden are
 * the caller's). Two cells at the same place, or two merged areas that
 * overlap: BP_EINPUT naming the cell or both areas (what: "book.xlsx:
 * sheet X" for the message). */
int wb_builder_finish(bp_arena *a, wb_sheet_builder *b, bp_wb_sheet *s, const char *what,
                      bp_error *e);

/* No two of the n merged areas m overlap; else BP_EINPUT naming both
 * ("<what>: the merged areas B3:C4 and C4:D5 overlap"). workbook_merges.c;
 * wb_builder_finish calls it. */
int wb_merges_check(bp_arena *a, const bp_wb_merge *m, int n, const char *what, bp_error *e);

/* The text of x as workbook.h says: the shortest decimal that reads back
 * to x rounded to 15 significant digits, without exponent below 1e15.
 * out must hold 400 bytes. Returns false for an infinite or NaN x. */
bool wb_number_text(double x, char out[400]);

/* strtod of a number as a file writes it ('.' as the decimal point),
 * in any locale. */
double wb_strtod(const char *v, char **end);

/* The same for a number written as a plain decimal (v: "-0137.50") of at
 * most 15 significant digits, from its text alone, without a conversion
 * to double and back: fast for the numbers most workbooks hold. False when v needs wb_number_text
 * (an exponent, more digits, not a plain decimal). */
bool wb_decimal_text(const char *v, char out[400]);

/* The code of Excel's built-in number format id (the same in .xlsx
 * and .xls), or NULL for General and the locale-dependent ones. */
const char *wb_builtin_format(int id);

/* path as valid UTF-8 for messages (arena). */
const char *wb_shown(bp_arena *a, const char *path);

/* Opening inputs (workbook_open.c). wb_open_sniff opens path as a
 * regular file, its descriptor (+1) in closer->p (closed by wb_close_fd),
 * and reads its first 8 bytes into magic; wb_zip_of_fd makes that
 * descriptor a zip archive (kind: ".xlsx", ".docx", for messages). */
struct zip;
void wb_close_fd(void *p);
int wb_open_sniff(bp_arena *a, const char *path, const char *shown, bp_cleanup *closer,
                  unsigned char magic[8], bp_error *e);
int wb_zip_of_fd(const char *shown, const char *kind, bp_cleanup *closer, struct zip **z,
                 bp_error *e);
/* A zip archive (an .xlsx, a .docx: kind, for messages) opened from the
 * regular file path or from memory (bytes must outlive it). The caller
 * owns *z (zip_discard). Errors name shown. */
int wb_zip_open_path(bp_arena *a, const char *path, const char *shown, const char *kind,
                     struct zip **z, bp_error *e);
int wb_zip_open_mem(const char *shown, const void *bytes, size_t len, const char *kind,
                    struct zip **z, bp_error *e);

/* The readers. z (a libzip archive) is owned from the call on: discarded
 * before the return or, should memory run out, with a. shown: the
 * workbook's name in messages. */
struct zip;
int wb_xlsx_read(bp_arena *a, const char *path, const char *shown, struct zip *z, bp_workbook **out,
                 bp_error *e);
int wb_xls_read(bp_arena *a, const char *path, const char *shown, bp_workbook **out, bp_error *e);

/* One stream of an OLE2 compound file in memory (workbook_cfb.c).
 * Returns 0 with *out (arena) and *len, 1 when there is no such stream,
 * -1 when the file is corrupt (*why: which part of it). */
int wb_cfb_stream(bp_arena *a, const void *file, size_t n, const char *name, unsigned char **out,
                  size_t *len, const char **why);

/* An .xls read from memory (workbook_xls.c): the whole compound file, or
 * its Workbook stream alone (the BIFF8 records; fuzzing). path: the
 * workbook's path for bp_workbook, shown: its name in messages. */
int wb_xls_parse(bp_arena *a, const char *path, const char *shown, const void *file, size_t n,
                 bp_workbook **out, bp_error *e);
int wb_xls_parse_stream(bp_arena *a, const char *path, const char *shown,
                        const unsigned char *stream, size_t n, bp_workbook **out, bp_error *e);

#endif
