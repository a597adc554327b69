/* workbook_xls.c — an .xls workbook (BIFF8: Excel 97 and later, what
 * Excel, WPS, LibreOffice and the budget system write), read by
 * budgetpdf's own reader, once: the Workbook stream out of the OLE2
 * compound file (workbook_cfb.c), its globals (workbook_biff_globals.c),
 * then each worksheet (workbook_biff_sheet.c), their substreams taken in
 * file order, none overlapping another (so no record is read twice). An
 * older file (BIFF5/7: Excel 5.0/95; BIFF2-4) is refused with the way out:
 * save it as .xlsx or as Excel 97-2003 .xls (docs/workbook.md). */
#include <stdlib.h>
#include <string.h>

#include "workbook_biff.h"
#include "i18n.h"

typedef struct sheet_at {
    size_t pos;
    int i;
} sheet_at;

static int by_pos(const void *x, const void *y)
{
    const sheet_at *a = x, *b = y;
    if (a->pos != b->pos) return a->pos < b->pos ? -1 : 1;
    return (a->i > b->i) - (a->i < b->i);
}

int wb_xls_parse_stream(bp_arena *a, const char *path, const char *shown,
                        const unsigned char *stream, size_t n, bp_workbook **out, bp_error *e)
{
    biff_book bk = {.a = a, .shown = shown, .s = stream, .n = n};
    BP_TRY(biff_read_globals(&bk, e));
    int ns = bk.sheets.n;
    const biff_sheet_ref *ref = bk.sheets.items;
    bp_workbook *wb = bp_alloc(a, sizeof *wb);
    wb->path = bp_strdup(a, path);
    wb->format = "xls";
    wb->sheets = bp_alloc(a, sizeof(bp_wb_sheet) * ((size_t)ns + 1));
    sheet_at *at = bp_alloc(a, sizeof *at * ((size_t)ns + 1));
    for (int i = 0; i < ns; i++)
        at[i] = (sheet_at){ref[i].pos, i};
    qsort(at, (size_t)ns, sizeof *at, by_pos);
    long cells = 0; /* with a value, all sheets */
    for (int k = 0; k < ns; k++) {
        size_t limit = k + 1 < ns && at[k + 1].pos < n ? at[k + 1].pos : n;
        BP_TRY(biff_read_sheet(&bk, at[k].i, limit, &cells, &wb->sheets[at[k].i], e));
    }
    wb->nsheets = ns;
    *out = wb;
    return BP_OK;
}

int wb_xls_parse(bp_arena *a, const char *path, const char *shown, const void *file, size_t n,
                 bp_workbook **out, bp_error *e)
{
    unsigned char *stream;
    size_t len;
    const char *why = "";
    int rc = wb_cfb_stream(a, file, n, "Workbook", &stream, &len, &why);
    if (rc == 1 && wb_cfb_stream(a, file, n, "Book", &stream, &len, &why) == 0)
        return bp_fail(
            e, BP_EINPUT,
            _("%s: an Excel 5.0/95 workbook (BIFF5), which budgetpdf does not read: open "
              "it in Excel or WPS and save it as .xlsx (or as Excel 97-2003 .xls), then "
              "give that file"),
            shown);
    if (rc == 1)
        return bp_fail(
            e, BP_EINPUT,
            _("%s: cannot read the .xls workbook: the OLE2 file holds no Excel workbook "
              "(a password-protected .xlsx, a WPS .et or a Word file?); save it as .xlsx "
              "and give that file"),
            shown);
    if (rc < 0)
        return bp_fail(e, BP_EINPUT,
                       _("%s: the .xls workbook is corrupt: its compound file does not hold "
                         "together (%s); save it as .xlsx and give that file"),
                       shown, why);
    return wb_xls_parse_stream(a, path, shown, stream, len, out, e);
}

int wb_xls_read(bp_arena *a, const char *path, const char *shown, bp_workbook **out, bp_error *e)
{
    char *file;
    size_t len;
    BP_TRY(bp_read_file(a, path, &file, &len, e));
    return wb_xls_parse(a, path, shown, file, len, out, e);
}
