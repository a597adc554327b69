/* data_dept.c — a department folder's department.yaml (data.h): its keys
 * checked and read into bp_department, each error naming its line and
 * column; and which file names are workbooks. */
#include "data.h"

#include <string.h>
#include <strings.h>

#include "data_workbook.h"
#include "in_file.h"
#include "yamlq.h"

bool data_wb_is_workbook(const char *path)
{
    static const char *const ext[] = {".xlsx", ".xlsm", ".xls", ".et", NULL};
    size_t n = strlen(path);
    for (int i = 0; ext[i]; i++) {
        size_t k = strlen(ext[i]);
        if (n > k && !strcasecmp(path + n - k, ext[i])) return true;
    }
    return false;
}

/* A department's own text (name, unit, code) is drawn as it is: no
 * control character (a tab or a newline would be drawn as nothing), no
 * U+FEFF (invisible, and in no CJK font's cmap). */
static int check_dept_text(bp_yaml *y, yaml_node_t *n, const char *what, const char *s, bp_error *e)
{
    size_t len = strlen(s), chars = 0;
    for (size_t i = 0; i < len; chars++) {
        uint32_t cp;
        int k = bp_utf8_decode(s + i, len - i, &cp);
        if (k <= 0) break; /* yq_string checked the encoding */
        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
            return yq_fail(y, n, e, "%s holds the control character U+%04X at character %zu", what,
                           cp, chars + 1);
        if (cp == 0xFEFF)
            return yq_fail(y, n, e,
                           "%s holds U+FEFF (a byte order mark, invisible) at character %zu", what,
                           chars + 1);
        i += (size_t)k;
    }
    return BP_OK;
}

static bool leap_year(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* date: YYYY-MM-DD, a day that exists, as seconds since 1970 UTC. */
static int parse_date(bp_yaml *y, yaml_node_t *v, bp_arena *a, long long *out, bp_error *e)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const char *ds;
    int yy, mm, dd;
    char tail;
    BP_TRY(yq_string(y, v, "date", a, &ds, e));
    if (sscanf(ds, "%4d-%2d-%2d%c", &yy, &mm, &dd, &tail) != 3 || strlen(ds) != 10 || mm < 1 ||
        mm > 12 || dd < 1 || yy < 1970 || yy > 9999)
        return yq_fail(y, v, e, "date must be YYYY-MM-DD (e.g. 2024-02-01), not '%s'", ds);
    int last = mdays[mm - 1] + (mm == 2 && leap_year(yy));
    if (dd > last)
        return yq_fail(y, v, e, "date '%s' does not exist: %04d-%02d has %d days", ds, yy, mm,
                       last);
    /* days from civil (proleptic Gregorian), midnight UTC */
    int y2 = mm <= 2 ? yy - 1 : yy;
    int era = y2 / 400, yoe = y2 - era * 400;
    int doy = (153 * (mm + (mm > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    *out = ((long long)era * 146097 + doe - 719468) * 86400LL;
    return BP_OK;
}

/* name, code and unit: text drawn on the pages, with its place in the file. */
static int dept_text(bp_yaml *y, yaml_node_t *v, const char *what, bp_arena *a, const char **out,
                     int *line, int *col, bp_error *e)
{
    BP_TRY(yq_string(y, v, what, a, out, e));
    if (line) *line = (int)v->start_mark.line + 1;
    if (col) *col = (int)v->start_mark.column + 1;
    return check_dept_text(y, v, what, *out, e);
}

typedef struct dept_call {
    bp_department *d;
    bp_error *e;
} dept_call;

/* department.yaml's keys, read from its document y. */
static int parse_department(bp_yaml *y, bp_arena *a, void *ctx)
{
    static const char *const keys[] = {"name",     "code",     "year", "unit",
                                       "layouts",  "encoding", "date", "overrides",
                                       "previous", "workbook", "text", NULL};
    bp_department *d = ((dept_call *)ctx)->d;
    bp_error *e = ((dept_call *)ctx)->e;
    yaml_node_t *root = yq_root(y), *v;
    BP_TRY(yq_check_map(y, root, "department.yaml", keys, e));
    BP_TRY(yq_require(y, root, "name", "department.yaml", &v, e));
    BP_TRY(dept_text(y, v, "name", a, &d->name, &d->name_line, &d->name_col, e));
    if (!d->name[0]) return yq_fail(y, v, e, "name must not be empty");
    BP_TRY(yq_require(y, root, "code", "department.yaml", &v, e));
    BP_TRY(dept_text(y, v, "code", a, &d->code, NULL, NULL, e));
    BP_TRY(yq_require(y, root, "year", "department.yaml", &v, e));
    long year = 0;
    BP_TRY(yq_int(y, v, "year", 1949, 2200, &year, e));
    d->year = (int)year;
    d->unit = "万元";
    if ((v = yq_get(y, root, "unit")))
        BP_TRY(dept_text(y, v, "unit", a, &d->unit, &d->unit_line, &d->unit_col, e));
    BP_TRY(yq_require(y, root, "layouts", "department.yaml", &v, e));
    BP_TRY(yq_string(y, v, "layouts", a, &d->layouts, e));
    /* overrides of its layout set: read with the set (spec_set.c) */
    d->overrides = yq_get(y, root, "overrides") != NULL;
    d->encoding = "auto";
    if ((v = yq_get(y, root, "encoding"))) {
        BP_TRY(yq_string(y, v, "encoding", a, &d->encoding, e));
        if (strcasecmp(d->encoding, "auto") && strcasecmp(d->encoding, "utf-8") &&
            strcasecmp(d->encoding, "gb18030") && strcasecmp(d->encoding, "gbk"))
            return yq_fail(y, v, e, "encoding must be auto, utf-8 or gb18030, not '%s'",
                           d->encoding);
    }
    d->date = -1;
    if ((v = yq_get(y, root, "date"))) BP_TRY(parse_date(y, v, a, &d->date, e));
    if ((v = yq_get(y, root, "previous"))) {
        BP_TRY(yq_string(y, v, "previous", a, &d->previous, e));
        /* a file of named figures in the folder, or last year's department
         * (a folder or a workbook, a sibling: ../2024/dept; expr_prev.c) */
        size_t n = strlen(d->previous);
        bool named = (n > 5 && !strcmp(d->previous + n - 5, ".yaml")) ||
                     (n > 4 && !strcmp(d->previous + n - 4, ".yml"));
        if (!d->previous[0] || (named && !bp_plain_file_name(d->previous)))
            return yq_fail(y, v, e,
                           "previous must be a file name in the department folder (figures.yaml), "
                           "or last year's department folder or workbook (../2024/dept), not '%s'",
                           d->previous);
        d->previous_line = (int)v->start_mark.line + 1;
        d->previous_col = (int)v->start_mark.column + 1;
    }
    if ((v = yq_get(y, root, "workbook"))) { /* the tables from a workbook (docs/workbook.md) */
        const char *wb;
        BP_TRY(yq_string(y, v, "workbook", a, &wb, e));
        if (!bp_plain_file_name(wb) || !data_wb_is_workbook(wb))
            return yq_fail(y, v, e,
                           "workbook must name a .xlsx or .xls file in the department folder, "
                           "not '%s'",
                           wb);
        d->workbook = bp_path_join(a, d->dir, wb);
        /* the rule of every input: a regular file inside the folder */
        BP_TRY(bp_check_file_in(d->dir, "the department folder", d->workbook, e));
    }
    if ((v = yq_get(y, root, "text"))) { /* where the text parts come from (docs/document.md) */
        const char *t;
        BP_TRY(yq_string(y, v, "text", a, &t, e));
        if (!bp_plain_file_name(t))
            return yq_fail(y, v, e, "text must be a file name in the department folder, not '%s'",
                           t);
        d->text = bp_path_join(a, d->dir, t);
        d->text_line = (int)v->start_mark.line + 1;
        d->text_col = (int)v->start_mark.column + 1;
        BP_TRY(bp_check_file_in(d->dir, "the department folder", d->text, e));
    }
    return BP_OK;
}

int data_dept_yaml(bp_ctx *cx, const char *dir, bp_department *d)
{
    bp_arena *a = cx->a;
    bp_error *e = cx->e;
    memset(d, 0, sizeof *d);
    d->date = -1;
    d->dir = bp_strdup(a, dir);
    d->file = bp_path_join(a, dir, "department.yaml");
    char *text;
    size_t len;
    BP_TRY(bp_read_file_in(a, dir, "the department folder", d->file, &text, &len, e));
    bp_yaml y;
    BP_TRY(yq_load(&y, d->file, text, len, e));
    dept_call c = {d, e};
    return yq_run(&y, a, parse_department, &c, e);
}
