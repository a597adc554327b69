/* expr_prev_dept.c — the previous year from last year's department:
 * department.yaml's `previous: ../2024/dept` (a folder) or
 * `previous: ../2024/dept.xlsx` (a workbook), read as render reads a
 * department and bound by this year's layout set, so that prev() and
 * change() take last year's cells with this year's terms. The path is the
 * one input allowed outside the department folder (a sibling, deliberately),
 * but it must still be a folder or a regular file; every error names
 * department.yaml's `previous:` line, then the fault. */
#include <string.h>

#include "data_workbook.h"
#include "expr_priv.h"
#include "in_file.h"
#include "i18n.h"

bool expr_prev_is_dept(const char *path)
{
    size_t n = strlen(path);
    bool named =
        (n > 5 && !strcmp(path + n - 5, ".yaml")) || (n > 4 && !strcmp(path + n - 4, ".yml"));
    return !named;
}

/* The parent folder of path (in a). */
static const char *parent_of(bp_arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? (slash == path ? "/" : bp_strndup(a, path, (size_t)(slash - path))) : ".";
}

static int load(bp_arena *a, const bp_layout_set *set, const char *path, expr_prev *p, bp_error *e)
{
    if (!bp_dir_exists(path)) {
        if (!data_wb_is_workbook(path))
            return bp_fail(e, BP_EINPUT,
                           _("'%s' is not a department folder nor a workbook (.xlsx, .xls)"), path);
        /* a workbook: a regular file, not a link that leads elsewhere */
        BP_TRY(bp_check_file_in(parent_of(a, path), "its folder", path, e));
    }
    bp_department *d = bp_alloc(a, sizeof *d);
    BP_TRY(data_load_department(BP_CTX(a, e), path, d));
    bp_table_data **t = bp_alloc(a, (size_t)(set->ntables ? set->ntables : 1) * sizeof *t);
    if (d->workbook) {
        BP_TRY(data_wb_load_tables(BP_CTX(a, e), d, set, t));
    } else {
        for (int i = 0; i < set->ntables; i++)
            BP_TRY(data_load_table(BP_CTX(a, e), d, &set->tables[i], &t[i]));
    }
    p->dept = d;
    p->tables = t;
    p->year = d->year;
    return BP_OK;
}

int expr_prev_load_dept(bp_ctx *c, const bp_layout_set *set, const bp_department *dept,
                        const char *path, expr_prev *p)
{
    bp_arena *a = c->a;
    bp_error *e = c->e;
    bp_error sub = {0, ""};
    const char *where =
        bp_sprintf(a, "%s:%d:%d: previous", dept->file ? dept->file : "department.yaml",
                   dept->previous_line, dept->previous_col);
    int rc = load(a, set, path, p, &sub);
    if (rc) return bp_fail(e, rc, _("%s: last year's department: %s"), where, sub.msg);
    if (p->year != dept->year - 1)
        return bp_fail(e, BP_EINPUT,
                       _("%s: %s is the department of %d, not of the year before %d (%d)"), where,
                       path, p->year, dept->year, dept->year - 1);
    return BP_OK;
}
