/* data_source.c — a department from the path it is given: a folder (its
 * department.yaml) or a workbook (a department.yaml beside it, or the
 * department read from its sheets: data_wb_dept.c). */
#include "data.h"

#include <string.h>

#include "data_workbook.h"
#include "i18n.h"

int data_load_department(bp_ctx *c, const char *dir, bp_department *d)
{
    bp_error *e = c->e;
    memset(d, 0, sizeof *d);
    d->date = -1;
    if (!bp_dir_exists(dir) && bp_file_exists(dir) && data_wb_is_workbook(dir))
        return data_wb_department(c, dir, d);
    if (!bp_dir_exists(dir) && bp_file_exists(dir))
        return bp_fail(e, BP_EINPUT,
                       _("%s: department folder not found (a file, but not a workbook: .xlsx or "
                         ".xls)"),
                       dir);
    if (!bp_dir_exists(dir))
        return bp_fail(e, BP_EINPUT, _("%s: department folder not found"), dir);
    return data_dept_yaml(c, dir, d);
}
