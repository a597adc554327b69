/* workbook_xls.c — an .xls workbook (BIFF8, and the older BIFF5/2-4 that
 * libfreexl reads) through libfreexl 1.0.6: its sheets in order, with the
 * value and type of every cell. freexl 1.0.6 gives no formula cells (not
 * even their cached values), booleans (it gives 0 and 1), error values,
 * merged areas, hidden states nor number formats, and gives dates as text:
 * for a BIFF8 file (Excel 97 and later, what every current program
 * writes) workbook_biff.c reads those from the Workbook stream, and the
 * cells here become what the same workbook saved as .xlsx gives. An older
 * BIFF5 file gets no more than freexl gives (docs/workbook.md). */
#include <freexl.h>
#include <stdio.h>
#include <string.h>

#include "workbook_priv.h"

static const char *freexl_reason(int rc)
{
    switch (rc) {
    case FREEXL_INSUFFICIENT_MEMORY:
        return "out of memory";
    case FREEXL_INVALID_CHARACTER:
    case FREEXL_UNSUPPORTED_CHARSET:
        return "its text is in an unsupported character set";
    case FREEXL_BIFF_WORKBOOK_NOT_FOUND:
        return "the OLE2 file holds no Excel workbook (a password-protected .xlsx, a WPS .et or "
               "a Word file?)";
    case FREEXL_CRAFTED_FILE:
        return "the file is corrupt (or crafted)";
    default:
        return "the file is corrupt or not an Excel 97-2003 workbook";
    }
}

static void close_xls(void *h)
{
    freexl_close(h);
}

static int xls_fail(const char *shown, int rc, const char *what, bp_error *e)
{
    int code = rc == FREEXL_INSUFFICIENT_MEMORY ? BP_ERESOURCE : BP_EINPUT;
    return bp_fail(e, code,
                   "%s: cannot read the .xls workbook%s: %s (libfreexl error %d); save "
                   "it as .xlsx and give that file",
                   shown, what, freexl_reason(rc), rc);
}

/* The value of one cell into b (nothing for an empty cell): BP_EINPUT
 * when it cannot be read, -1 when the sheet holds too many cells. */
static int read_cell(bp_arena *a, wb_sheet_builder *b, const FreeXL_CellValue *v, int row, int col,
                     bool biff)
{
    char num[400];
    const char *text = NULL;
    int type = BP_WB_TEXT;
    switch (v->type) {
    case FREEXL_CELL_INT:
        snprintf(num, sizeof num, "%d", v->value.int_value);
        text = num, type = BP_WB_NUMBER;
        break;
    case FREEXL_CELL_DOUBLE:
        if (!wb_number_text(v->value.double_value, num)) return BP_EINPUT;
        text = num, type = BP_WB_NUMBER;
        break;
    case FREEXL_CELL_DATE:
    case FREEXL_CELL_DATETIME:
    case FREEXL_CELL_TIME:
        if (biff) return BP_OK; /* the number, as in .xlsx: from the BIFF records */
        text = v->value.text_value;
        break;
    case FREEXL_CELL_TEXT:
    case FREEXL_CELL_SST_TEXT:
        text = v->value.text_value;
        break;
    default:
        return BP_OK;
    }
    if (!text || !*text) return BP_OK;
    if (bp_utf8_invalid(text, strlen(text)) >= 0) return BP_EINPUT;
    bp_wb_cell *c = wb_builder_cell(a, b, row, col);
    if (!c) return -1;
    c->type = (unsigned char)type;
    c->text = bp_strdup(a, text);
    return BP_OK;
}

/* The index of the cell (row, col) among the first n sorted cells, or -1. */
static int find_cell(const bp_wb_cell *c, int n, int row, int col)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (c[mid].row < row || (c[mid].row == row && c[mid].col < col))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && c[lo].row == row && c[lo].col == col ? lo : -1;
}

/* What the BIFF records add to the cells freexl gave (sorted: read row by
 * row): formats, formula flags, the cells freexl left out. */
static int add_biff(bp_arena *a, wb_sheet_builder *b, const wb_biff_sheet *bs, bp_wb_sheet *s,
                    const char *what, bp_error *e)
{
    int n0 = b->cells.n;
    const wb_biff_cell *bc = bs->cells.items;
    for (int i = 0; i < bs->cells.n; i++) {
        int k = find_cell(b->cells.items, n0, bc[i].row, bc[i].col);
        bp_wb_cell *c = k >= 0 ? &((bp_wb_cell *)b->cells.items)[k] : NULL;
        bool number = !c && !bc[i].has_value && bc[i].has_number; /* a date freexl made text */
        if (!c && ((bc[i].has_value && (bc[i].formula || bc[i].text[0])) || number)) {
            c = wb_builder_cell(a, b, bc[i].row, bc[i].col);
            if (!c) return wb_too_many_cells(e, what, bc[i].row, bc[i].col);
        }
        if (!c) continue;
        if (number) {
            char num[400];
            if (!wb_number_text(bc[i].number, num)) {
                char ref[16];
                return bp_fail(e, BP_EINPUT, "%s, cell %s: a number that is not finite", what,
                               workbook_a1(ref, bc[i].row, bc[i].col));
            }
            c->type = BP_WB_NUMBER;
            c->text = bp_strdup(a, num);
        }
        if (bc[i].has_value) { /* freexl reads a boolean as the number 0 or 1 */
            c->type = bc[i].type;
            c->text = bc[i].text;
        }
        c->numfmt = bc[i].numfmt;
        c->formula = bc[i].formula;
    }
    for (int i = 0; i < bs->merges.n; i++)
        if (!wb_builder_merge(a, b, ((const bp_wb_merge *)bs->merges.items)[i]))
            return bp_fail(e, BP_EINPUT, "%s: more than %d merged areas; the limit is %d", what,
                           WB_MAX_MERGES, WB_MAX_MERGES);
    s->hidden = bs->hidden;
    return BP_OK;
}

static int read_sheet(bp_arena *a, const void *h, const char *shown, unsigned short i,
                      const wb_biff_sheet *bs, long *book_cells, bp_wb_sheet *s, bp_error *e)
{
    const char *name = NULL;
    int rc = freexl_get_worksheet_name(h, i, &name);
    if (rc != FREEXL_OK) return xls_fail(shown, rc, "", e);
    s->name = bp_strdup(a, name ? name : "");
    unsigned int rows = 0;
    unsigned short cols = 0;
    rc = freexl_select_active_worksheet(h, i);
    if (rc == FREEXL_OK) rc = freexl_worksheet_dimensions(h, &rows, &cols);
    const char *what = bp_sprintf(a, "%s: sheet %s", shown, s->name);
    if (rc != FREEXL_OK) return xls_fail(what, rc, "", e);
    wb_sheet_builder b;
    wb_builder_init(&b, book_cells);
    for (unsigned r = 0; r < rows && r < BP_WB_MAX_ROWS; r++)
        for (unsigned c = 0; c < cols && c < BP_WB_MAX_COLS; c++) {
            FreeXL_CellValue v;
            rc = freexl_get_cell_value(h, r, (unsigned short)c, &v);
            if (rc != FREEXL_OK) return xls_fail(what, rc, "", e);
            int cr = read_cell(a, &b, &v, (int)r, (int)c, bs != NULL);
            if (cr < 0) return wb_too_many_cells(e, what, (int)r, (int)c);
            if (cr) {
                char ref[16];
                return bp_fail(e, BP_EINPUT,
                               "%s, cell %s: an unreadable value (not a finite "
                               "number, or text that is not valid UTF-8)",
                               what, workbook_a1(ref, (int)r, (int)c));
            }
        }
    if (bs) BP_TRY(add_biff(a, &b, bs, s, what, e));
    return wb_builder_finish(a, &b, s, what, e);
}

/* The BIFF8 records of path that freexl does not read, per worksheet;
 * *n 0 when the file is not BIFF8 (nothing to add). */
static int read_biff(bp_arena *a, const char *path, const char *shown, wb_biff_sheet **out, int *n,
                     bp_error *e)
{
    char *file;
    size_t len, slen;
    unsigned char *stream;
    bp_vec sheets;
    *n = 0;
    BP_TRY(bp_read_file(a, path, &file, &len, e));
    int rc = wb_cfb_stream(a, file, len, "Workbook", &stream, &slen);
    if (rc == 0) rc = wb_biff_read(a, stream, slen, &sheets);
    if (rc < 0)
        return bp_fail(e, BP_EINPUT,
                       "%s: the .xls workbook is corrupt (its records do not hold together); "
                       "save it as .xlsx and give that file",
                       shown);
    if (rc == 0) *out = sheets.items, *n = sheets.n;
    return BP_OK;
}

/* The BIFF sheet of freexl's sheet i named name: by name, else by place. */
static const wb_biff_sheet *biff_sheet(const wb_biff_sheet *bs, int n, int nfreexl, int i,
                                       const char *name)
{
    for (int k = 0; k < n; k++)
        if (strcmp(bs[k].name, name) == 0) return &bs[k];
    return n == nfreexl && i < n ? &bs[i] : NULL;
}

int wb_xls_read(bp_arena *a, const char *path, const char *shown, bp_workbook **out, bp_error *e)
{
    long cells = 0; /* with a value, all sheets */
    /* the BIFF8 records first: a file they refuse never reaches freexl */
    wb_biff_sheet *bs = NULL;
    int nbs = 0;
    BP_TRY(read_biff(a, path, shown, &bs, &nbs, e));
    bp_cleanup *c = bp_arena_defer(a, close_xls);
    const void *h = NULL;
    int rc = freexl_open(path, &h);
    if (rc != FREEXL_OK) return xls_fail(shown, rc, "", e); /* freexl freed what it held */
    c->p = (void *)h;
    unsigned int n = 0, pw = 0;
    if (freexl_get_info(h, FREEXL_BIFF_PASSWORD, &pw) == FREEXL_OK && pw == FREEXL_BIFF_OBFUSCATED)
        rc = bp_fail(e, BP_EINPUT,
                     "%s: the .xls workbook is password-protected; remove the password in Excel "
                     "or WPS and save it as .xlsx",
                     shown);
    else if ((rc = freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &n)) != FREEXL_OK)
        rc = xls_fail(shown, rc, "", e);
    bp_workbook *wb = bp_alloc(a, sizeof *wb);
    wb->path = bp_strdup(a, path);
    wb->format = "xls";
    wb->sheets = bp_alloc(a, sizeof(bp_wb_sheet) * (n + 1));
    for (unsigned i = 0; !rc && i < n && i < 65536; i++, wb->nsheets++) {
        const char *name = NULL;
        if (freexl_get_worksheet_name(h, (unsigned short)i, &name) != FREEXL_OK || !name) name = "";
        const wb_biff_sheet *b = biff_sheet(bs, nbs, (int)n, (int)i, name);
        rc = read_sheet(a, h, shown, (unsigned short)i, b, &cells, &wb->sheets[i], e);
    }
    freexl_close(h);
    c->p = NULL;
    if (!rc) *out = wb;
    return rc;
}
