/* workbook.h — a spreadsheet workbook (.xlsx, .xls) read as sparse grids
 * of cells: the model the readers (xlsx: libzip + expat, streamed; xls:
 * budgetpdf's own BIFF8 reader) produce and the binder (data stage) consumes. The readers know
 * nothing of layouts; the binder nothing of file formats. */
#ifndef BP_WORKBOOK_H
#define BP_WORKBOOK_H

#include "ctx.h"
#include "util.h"

/* Limits of the .xlsx reader (docs/workbook.md, docs/limits.md). */
#define BP_WB_MAX_PART_BYTES (256u << 20) /* one part of the zip, uncompressed */
#define BP_WB_MAX_RATIO 200               /* uncompressed / compressed size of a part */
#define BP_WB_MAX_ROWS 1048576            /* Excel's own limits */
#define BP_WB_MAX_COLS 16384

typedef enum {
    BP_WB_TEXT,   /* a string (shared, inline or formula result) */
    BP_WB_NUMBER, /* a number; text holds it as a decimal (see below) */
    BP_WB_BOOL,   /* text "TRUE" / "FALSE" */
    BP_WB_ERROR,  /* an error value such as #DIV/0! or #REF! (text holds it) */
} bp_wb_type;

/* One cell that holds a value. Cells without a value (empty, or only a
 * style) are not stored, however far the sheet's used range runs. */
typedef struct bp_wb_cell {
    int row, col;       /* 0-based: A1 is (0, 0) */
    unsigned char type; /* bp_wb_type */
    bool formula;       /* the cell holds a formula; type/text are its cached value */
    bool no_cache;      /* a formula without a cached value (text is "") */
    const char *text;   /* UTF-8. Numbers: the shortest decimal that reads back to
                           the stored double at 15 significant digits, as Excel
                           shows it ("6828.4" for 6828.3999999999996; no exponent
                           for |x| < 1e15) */
    const char *numfmt; /* the cell's number format code ("#,##0.00"); NULL: General */
} bp_wb_cell;

/* A merged area, inclusive, 0-based. */
typedef struct bp_wb_merge {
    int row0, col0, row1, col1;
} bp_wb_merge;

typedef struct bp_wb_sheet {
    const char *name;
    bool hidden;       /* hidden or very hidden */
    int nrows, ncols;  /* 1 + the last row / column holding a value (0, 0: none) */
    bp_wb_cell *cells; /* sorted by row, then column */
    int ncells;
    bp_wb_merge *merges;
    int nmerges;
} bp_wb_sheet;

typedef struct bp_workbook {
    const char *path;
    const char *format;  /* "xlsx" or "xls" */
    bp_wb_sheet *sheets; /* in the workbook's order */
    int nsheets;
} bp_workbook;

/* Reads a workbook by its content (zip: .xlsx; OLE2 compound file: .xls;
 * a WPS .et file: an error saying to save it as .xlsx). Everything is
 * allocated in c->a. Errors (BP_EINPUT, BP_EIO; BP_ERESOURCE when memory
 * runs out inside the XML parser's callbacks) name the workbook, and where
 * they can the sheet and the cell ("book.xlsx: sheet 部门收支总表, cell B7: ...").
 * An .xls reads like the same workbook saved as .xlsx when it is BIFF8
 * (Excel 97 and later); an older one (BIFF5: Excel 5.0/95, and before) is
 * refused with the way out: save it as .xlsx (docs/workbook.md). */
int workbook_load(bp_ctx *c, const char *path, bp_workbook **out);
/* The same for an .xlsx already in memory (tests, fuzzing). */
int workbook_parse_xlsx(bp_arena *a, const char *path, const void *bytes, size_t len,
                        bp_workbook **out, bp_error *e);

/* The cell at (row, col), or NULL when it holds no value (binary search). */
const bp_wb_cell *workbook_cell(const bp_wb_sheet *s, int row, int col);
/* The merged area covering (row, col), or NULL. */
const bp_wb_merge *workbook_merge_at(const bp_wb_sheet *s, int row, int col);
/* "B7" for (6, 1); buf must hold 16 bytes. Returns buf. */
char *workbook_a1(char *buf, int row, int col);

#endif
