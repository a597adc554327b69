/* workbook.c — workbook_load: which reader a file goes to, by its content
 * (a zip: .xlsx; an OLE2 compound file: .xls; a WPS .et file: refused with
 * the way out). The model's lookups are workbook_cell.c's. */
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "workbook_priv.h"
#include "i18n.h"

static bool has_suffix_nocase(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcasecmp(s + n - m, suf) == 0;
}

static int open_zip(bp_arena *a, const char *path, const char *shown, bp_cleanup *closer,
                    bp_workbook **out, bp_error *e)
{
    zip_t *z;
    BP_TRY(wb_zip_of_fd(shown, ".xlsx", closer, &z, e));
    return wb_xlsx_read(a, path, shown, z, out, e);
}

int workbook_load(bp_ctx *c, const char *path, bp_workbook **out)
{
    bp_arena *a = c->a;
    bp_error *e = c->e;
    static const unsigned char ole2[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    const char *shown = wb_shown(a, path);
    bp_cleanup *closer = bp_arena_defer(a, wb_close_fd);
    unsigned char magic[8];
    int rc = wb_open_sniff(a, path, shown, closer, magic, e);
    if (!rc && memcmp(magic, "PK", 2) == 0) return open_zip(a, path, shown, closer, out, e);
    if (closer->p) wb_close_fd(closer->p), closer->p = NULL;
    if (rc) return rc;
    if (has_suffix_nocase(path, ".et"))
        return bp_fail(
            e, BP_EINPUT,
            _("%s: a WPS 表格 .et file, which budgetpdf cannot read: open it in WPS and "
              "save it as .xlsx (文件 → 另存为 → Excel 文件 *.xlsx), then give that file"),
            shown);
    if (memcmp(magic, ole2, 8) == 0) return wb_xls_read(a, path, shown, out, e);
    return bp_fail(e, BP_EINPUT,
                   _("%s: not an .xlsx or .xls workbook (it starts with neither a zip nor an OLE2 "
                     "header); save it from Excel or WPS as .xlsx"),
                   shown);
}
