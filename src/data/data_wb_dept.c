/* data_wb_dept.c — a department given as a workbook: its department.yaml
 * beside it, or else its name, year, unit and code read from the sheets'
 * 部门名称：/编制部门： line, titles and 单位： line; and every table of a
 * layout set bound from the workbook (docs/workbook.md, "The department"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "data_workbook.h"
#include "i18n.h"

/* Rows with content searched for the department's lines. */
#define DEPT_ROWS 10

/* s past its leading spaces (ASCII, U+3000), and without trailing ones. */
static const char *trim(bp_arena *a, const char *s)
{
    for (;;) {
        if (*s == ' ' || *s == '\t')
            s++;
        else if (!strncmp(s, "\xE3\x80\x80", 3))
            s += 3;
        else
            break;
    }
    size_t n = strlen(s);
    for (;;) {
        if (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
            n--;
        else if (n >= 3 && !strncmp(s + n - 3, "\xE3\x80\x80", 3))
            n -= 3;
        else
            break;
    }
    return bp_strndup(a, s, n);
}

/* The text after "WORD：" or "WORD:" when s (as written) starts with one
 * of the words (spaces between allowed), else NULL. A second caption in
 * the same cell ("  单位：万元") is cut off. */
static const char *after_lead(bp_arena *a, const char *s, const char *const *words)
{
    const char *l = data_wb_label(a, s);
    for (int i = 0; words[i]; i++) {
        size_t k = strlen(words[i]);
        if (strncmp(l, words[i], k) || l[k] != ':') continue;
        const char *colon = strstr(s, "："), *ascii = strchr(s, ':');
        const char *p = colon && (!ascii || colon < ascii) ? colon + strlen("：") : ascii + 1;
        const char *rest = trim(a, p);
        for (const char *q = rest; *q; q++) { /* "X    单位：万元" */
            if ((*q == ' ' || !strncmp(q, "\xE3\x80\x80", 3)) &&
                (strstr(q, "单位：") || strstr(q, "单位:"))) {
                rest = trim(a, bp_strndup(a, rest, (size_t)(q - rest)));
                break;
            }
        }
        return rest;
    }
    return NULL;
}

typedef struct found {
    const char *name, *unit, *code;
    int year;
    const char *where_name, *where_unit, *where_code; /* "book.xlsx: sheet S, cell B3" */
} found;

static const char *cell_where(bp_arena *a, const bp_workbook *wb, const bp_wb_sheet *s,
                              const bp_wb_cell *c)
{
    char a1[16];
    return bp_sprintf(a, "%s: sheet %s, cell %s", wb->path, s->name,
                      workbook_a1(a1, c->row, c->col));
}

/* One cell's contribution; next: the cell to its right (the name may be
 * there when the caption cell holds only 部门名称：). */
static void look_at(bp_arena *a, const bp_workbook *wb, const bp_wb_sheet *s, const bp_wb_cell *c,
                    const bp_wb_cell *next, found *f)
{
    static const char *const name_w[] = {"部门名称", "编制部门", "单位名称", "编制单位", NULL};
    static const char *const unit_w[] = {"单位", "金额单位", NULL};
    static const char *const code_w[] = {"部门编码", "部门代码", "单位编码", "单位代码", NULL};
    const char *v;
    if (!f->name && (v = after_lead(a, c->text, name_w))) {
        const bp_wb_cell *from = c;
        if (!*v && next && next->row == c->row && next->type == BP_WB_TEXT)
            v = trim(a, next->text), from = next;
        if (*v) {
            f->name = v;
            f->where_name = cell_where(a, wb, s, from);
        }
    }
    if (!f->unit && (v = after_lead(a, c->text, unit_w)) && *v)
        f->unit = v, f->where_unit = cell_where(a, wb, s, c);
    if (!f->code && (v = after_lead(a, c->text, code_w)) && *v)
        f->code = v, f->where_code = cell_where(a, wb, s, c);
    const char *l = data_wb_label(a, c->text);
    if (!f->year && strstr(l, "表")) {
        for (const char *p = l; *p; p++) {
            int k = 0;
            while (p[k] >= '0' && p[k] <= '9')
                k++;
            if (k == 4 && !strncmp(p + 4, "年", strlen("年"))) {
                f->year = atoi(p);
                break;
            }
            if (k) p += k - 1;
        }
    }
}

/* What the workbook's table sheets say, in their first rows. */
static void scan(bp_arena *a, const bp_workbook *wb, found *f)
{
    for (int i = 0; i < wb->nsheets; i++) {
        const bp_wb_sheet *s = &wb->sheets[i];
        const char *l = data_wb_label(a, s->name);
        if (s->hidden || strstr(l, "封面") || strstr(l, "目录")) continue;
        int rows = 0, last = -1;
        for (int k = 0; k < s->ncells; k++) {
            const bp_wb_cell *c = &s->cells[k];
            if (c->row != last && ++rows > DEPT_ROWS) break;
            last = c->row;
            if (c->type == BP_WB_TEXT)
                look_at(a, wb, s, c, k + 1 < s->ncells ? &s->cells[k + 1] : NULL, f);
        }
    }
}

static bool has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7F) return true;
    return false;
}

static const char *dir_of(bp_arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return ".";
    if (slash == path) return "/";
    return bp_strndup(a, path, (size_t)(slash - path));
}

int data_wb_department(bp_ctx *c, const char *path, bp_department *d)
{
    bp_arena *a = c->a;
    const char *dir = dir_of(a, path);
    if (bp_file_exists(bp_path_join(a, dir, "department.yaml"))) {
        BP_TRY(data_dept_yaml(c, dir, d));
        d->workbook = bp_strdup(a, path);
        d->book = NULL;
        return BP_OK;
    }
    bp_workbook *wb;
    BP_TRY(workbook_load(c, path, &wb));
    return data_wb_department_of(c, path, wb, d);
}

int data_wb_department_of(bp_ctx *c, const char *path, bp_workbook *wb, bp_department *d)
{
    bp_arena *a = c->a;
    bp_error *e = c->e;
    const char *dir = dir_of(a, path);
    memset(d, 0, sizeof *d);
    found f = {0};
    scan(a, wb, &f);
    if (!f.name)
        return bp_fail(e, BP_EINPUT,
                       _("%s: no 部门名称：or 编制部门：line above any table, so the department's "
                         "name is unknown (add the line, or put a department.yaml beside the "
                         "workbook; docs/workbook.md)"),
                       path);
    if (!f.year)
        return bp_fail(e, BP_EINPUT,
                       _("%s: no title with a year (2024年…表), so the budget year is unknown (put "
                         "a department.yaml beside the workbook; docs/workbook.md)"),
                       path);
    const char *bad = has_control(f.name)             ? "name"
                      : f.unit && has_control(f.unit) ? "unit"
                      : f.code && has_control(f.code) ? "code"
                                                      : NULL;
    if (bad)
        return bp_fail(e, BP_EINPUT,
                       _("%s: the department's %s holds a control character (a line break in the "
                         "cell?)"),
                       bad[0] == 'n'   ? f.where_name
                       : bad[0] == 'u' ? f.where_unit
                                       : f.where_code,
                       bad);
    d->dir = dir;
    d->file = bp_strdup(a, path);
    d->workbook = d->file;
    d->book = wb;
    d->name = f.name;
    d->code = f.code ? f.code : "";
    d->unit = f.unit ? f.unit : "万元";
    d->year = f.year;
    d->layouts = bp_sprintf(a, "standard-%d", f.year);
    d->encoding = "utf-8";
    d->date = -1;
    return BP_OK;
}

int data_wb_load_tables(bp_ctx *c, const bp_department *dept, const bp_layout_set *set,
                        bp_table_data **tables)
{
    bp_arena *a = c->a;
    bp_error *e = c->e;
    bp_workbook *wb = dept->book;
    if (!wb) BP_TRY(workbook_load(c, dept->workbook, &wb));
    for (int i = 0; i < set->ntables; i++)
        BP_TRY(data_wb_bind(a, wb, &set->tables[i], dept, &tables[i], e));
    return BP_OK;
}
