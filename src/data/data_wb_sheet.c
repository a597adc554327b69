/* data_wb_sheet.c — which sheet of a workbook holds a table: by the
 * sheet's name, else by its title, against the layout's `sheet:` patterns
 * or the title's (docs/workbook.md, "Finding the sheet"). */
#include <string.h>
#include <strings.h>

#include "data_workbook.h"
#include "i18n.h"

/* Rows with content searched for a sheet's title. */
#define TITLE_ROWS 8

/* Sheets never taken for a table unless a `sheet:` pattern names them. */
static bool is_aside(bp_arena *a, const bp_wb_sheet *s)
{
    static const char *const words[] = {"封面", "目录", "说明", "备注", "注释", NULL};
    static const char *const ascii[] = {"cover", "contents", "notes", "readme", NULL};
    const char *l = data_wb_label(a, s->name);
    for (int i = 0; words[i]; i++)
        if (strstr(l, words[i])) return true;
    for (int i = 0; ascii[i]; i++)
        if (!strcasecmp(l, ascii[i])) return true;
    return false;
}

/* The patterns of t, as title keys: its `sheet:` list, else its title and
 * contents with the department's values. */
static const char **patterns(bp_arena *a, const bp_table_spec *t, const bp_tpl_values *vals, int *n)
{
    const char **p = bp_alloc(a, (size_t)(t->nsheets + 2) * sizeof *p);
    *n = 0;
    for (int i = 0; i < t->nsheets; i++)
        p[(*n)++] = data_wb_title_key(a, t->sheets[i]);
    if (t->nsheets) return p;
    p[(*n)++] = data_wb_title_key(a, tpl_expand(a, t->title, vals));
    if (t->contents) {
        const char *c = data_wb_title_key(a, tpl_expand(a, t->contents, vals));
        if (*c && strcmp(c, p[0])) p[(*n)++] = c;
    }
    return p;
}

static bool matches(const char **pat, int n, const char *key)
{
    for (int i = 0; i < n; i++)
        if (*pat[i] && data_wb_glob(pat[i], key)) return true;
    return false;
}

/* True when a text among the first rows with content of s matches. */
static bool title_matches(bp_arena *a, const bp_wb_sheet *s, const char **pat, int n)
{
    int rows = 0, last = -1;
    for (int i = 0; i < s->ncells; i++) {
        const bp_wb_cell *c = &s->cells[i];
        if (c->row != last) {
            if (++rows > TITLE_ROWS) break;
            last = c->row;
        }
        if (c->type == BP_WB_TEXT && matches(pat, n, data_wb_title_key(a, c->text))) return true;
    }
    return false;
}

/* "部门收支总表, 表2, 封面 (not a table), 旧表 (hidden)" */
static const char *sheet_list(bp_arena *a, const bp_workbook *wb)
{
    const char *list = "";
    for (int i = 0; i < wb->nsheets; i++) {
        const bp_wb_sheet *s = &wb->sheets[i];
        list = bp_sprintf(a, "%s%s%s%s", list, i ? ", " : "", s->name,
                          s->hidden        ? " (hidden)"
                          : is_aside(a, s) ? " (not a table)"
                                           : "");
    }
    return wb->nsheets ? list : "none";
}

int data_wb_find_sheet(bp_arena *a, const bp_workbook *wb, const bp_table_spec *t,
                       const bp_tpl_values *vals, const bp_wb_sheet **out, bp_error *e)
{
    int n;
    const char **pat = patterns(a, t, vals, &n);
    /* 1. a sheet named so; hidden and aside sheets only by a `sheet:` pattern */
    for (int i = 0; i < wb->nsheets; i++) {
        const bp_wb_sheet *s = &wb->sheets[i];
        bool usable = !s->hidden && !is_aside(a, s);
        if ((usable || t->nsheets) && matches(pat, n, data_wb_title_key(a, s->name))) {
            *out = s;
            return BP_OK;
        }
    }
    /* 2. a visible table sheet titled so */
    for (int i = 0; i < wb->nsheets; i++) {
        const bp_wb_sheet *s = &wb->sheets[i];
        if (!s->hidden && !is_aside(a, s) && title_matches(a, s, pat, n)) {
            *out = s;
            return BP_OK;
        }
    }
    const char *want = "";
    for (int i = 0; i < n; i++)
        want = bp_sprintf(a, "%s%s%s", want, i ? " or " : "", pat[i]);
    return bp_fail(e, BP_EINPUT,
                   _("%s: no sheet for the table %s (%s): no visible sheet is named or titled %s; "
                     "the workbook's sheets are: %s (rename the sheet, or name it in the layout's "
                     "sheet: list; docs/workbook.md)"),
                   wb->path, pat[0], t->file, want, sheet_list(a, wb));
}
