/* workbook_xls.c — an .xls workbook (BIFF8, and the older BIFF5/2-4 that
 * libfreexl reads) through libfreexl 1.0.6: its sheets in order, with the
 * value and type of every cell. What freexl does not give, this reader
 * cannot: merged areas (nmerges is 0), hidden sheets (hidden is false),
 * number format codes (numfmt is NULL), formulas (a formula cell reads as
 * its cached value, formula is false), booleans and error values (read
 * as empty); dates come as text ("2024-01-31"). docs/workbook.md says so. */
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

/* The value of one cell into b (nothing for an empty cell). */
static int read_cell(bp_arena *a, wb_sheet_builder *b, const FreeXL_CellValue *v, int row, int col)
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
    case FREEXL_CELL_TEXT:
    case FREEXL_CELL_SST_TEXT:
    case FREEXL_CELL_DATE:
    case FREEXL_CELL_DATETIME:
    case FREEXL_CELL_TIME:
        text = v->value.text_value;
        break;
    default:
        return BP_OK;
    }
    if (!text || !*text) return BP_OK;
    if (bp_utf8_invalid(text, strlen(text)) >= 0) return BP_EINPUT;
    bp_wb_cell *c = wb_builder_cell(a, b, row, col);
    c->type = (unsigned char)type;
    c->text = bp_strdup(a, text);
    return BP_OK;
}

static int read_sheet(bp_arena *a, const void *h, const char *shown, unsigned short i,
                      bp_wb_sheet *s, bp_error *e)
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
    wb_builder_init(&b);
    for (unsigned r = 0; r < rows && r < BP_WB_MAX_ROWS; r++)
        for (unsigned c = 0; c < cols && c < BP_WB_MAX_COLS; c++) {
            FreeXL_CellValue v;
            rc = freexl_get_cell_value(h, r, (unsigned short)c, &v);
            if (rc != FREEXL_OK) return xls_fail(what, rc, "", e);
            if (read_cell(a, &b, &v, (int)r, (int)c)) {
                char ref[16];
                return bp_fail(e, BP_EINPUT,
                               "%s, cell %s: an unreadable value (not a finite "
                               "number, or text that is not valid UTF-8)",
                               what, workbook_a1(ref, (int)r, (int)c));
            }
        }
    return wb_builder_finish(a, &b, s, what, e);
}

int wb_xls_read(bp_arena *a, const char *path, const char *shown, bp_workbook **out, bp_error *e)
{
    bp_cleanup *c = bp_arena_defer(a, close_xls);
    const void *h = NULL;
    int rc = freexl_open(path, &h);
    if (rc != FREEXL_OK) {
        if (h) freexl_close(h);
        return xls_fail(shown, rc, "", e);
    }
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
    for (unsigned i = 0; !rc && i < n && i < 65536; i++, wb->nsheets++)
        rc = read_sheet(a, h, shown, (unsigned short)i, &wb->sheets[i], e);
    freexl_close(h);
    c->p = NULL;
    if (!rc) *out = wb;
    return rc;
}
