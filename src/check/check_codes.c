/* check_codes.c — the built-in checks of 科目编码: the structure of the
 * 功能分类 and 经济分类 codes in the columns a layout marks with `code:`
 * (类 three digits, 款 and 项 two; a child's code begins with its parent's;
 * split 类/款/项 columns agree with the tree), and, with a 科目 catalogue
 * (a CSV of code and name), that every code exists and its name matches. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "check_priv.h"

static const char *const rule_codes = N_("codes are well formed");
static const char *const rule_catalogue = N_("codes and names agree with the catalogue");
static const char *const rule_names = N_("names without codes are 科目 of the catalogue");

/* ---- the catalogue ---------------------------------------------------- */

static int cmp_entry(const void *x, const void *y)
{
    const char *const *a = x, *const *b = y;
    return strcmp(a[0], b[0]);
}

static bool all_digits(const char *s)
{
    if (!*s) return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return false;
    return true;
}

/* A copy of s without ASCII and ideographic spaces. */
static char *squeeze(bp_arena *a, const char *s)
{
    char *out = bp_strdup(a, s), *o = out;
    for (const char *p = s; *p;) {
        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
            p++;
        else if (!strncmp(p, "\xe3\x80\x80", 3))
            p += 3;
        else
            *o++ = *p++;
    }
    *o = 0;
    return out;
}

/* Names compare without spaces, with （） and () alike. */
static const char *name_key(bp_arena *a, const char *s)
{
    char *k = squeeze(a, s), *o = k;
    for (const char *p = k; *p;) {
        if (!strncmp(p, "（", 3)) {
            *o++ = '(';
            p += 3;
        } else if (!strncmp(p, "）", 3)) {
            *o++ = ')';
            p += 3;
        } else {
            *o++ = *p++;
        }
    }
    *o = 0;
    return k;
}

static int find_header(const bp_csv *csv, const char *const *names)
{
    for (int c = 0; c < csv->ncols; c++)
        for (const char *const *n = names; *n; n++)
            if (!strcmp(csv->fields[c], *n)) return c;
    return -1;
}

int check_load_catalogue(bp_ctx *c, const char *path, const bp_catalogue **out)
{
    bp_arena *a = c->a;
    bp_error *e = c->e;
    static const char *const code_names[] = {"code", "科目编码", "编码", NULL};
    static const char *const name_names[] = {"name", "科目名称", "名称", NULL};
    bp_csv *csv;
    BP_TRY(data_load_csv(c, path, NULL, &csv));
    int cc = csv->nrows ? find_header(csv, code_names) : -1;
    int nc = csv->nrows ? find_header(csv, name_names) : -1;
    if (cc < 0 || nc < 0)
        return bp_fail(
            e, BP_EINPUT,
            "%s:1:1: a 科目 catalogue needs a header line with the columns code and name "
            "(or 科目编码 and 科目名称)",
            path);
    bp_catalogue *cat = bp_alloc(a, sizeof *cat);
    cat->path = path;
    const char **pairs = bp_alloc(a, (size_t)(csv->nrows ? csv->nrows : 1) * 2 * sizeof *pairs);
    for (int r = 1; r < csv->nrows; r++) {
        const char *code = squeeze(a, csv->fields[(size_t)r * (size_t)csv->ncols + (size_t)cc]);
        const char *name = csv->fields[(size_t)r * (size_t)csv->ncols + (size_t)nc];
        if (!code[0] && !name[0]) continue;
        if (!all_digits(code) || strlen(code) > 32)
            return bp_fail(e, BP_EINPUT, "%s:%d:%d: the code '%s' is not a 科目编码 (digits)", path,
                           csv->lines[r], cc + 1, code);
        pairs[2 * cat->n] = code;
        pairs[2 * cat->n + 1] = name;
        cat->n++;
    }
    qsort(pairs, (size_t)cat->n, 2 * sizeof *pairs, cmp_entry);
    cat->codes = bp_alloc(a, (size_t)(cat->n ? cat->n : 1) * sizeof *cat->codes);
    cat->names = bp_alloc(a, (size_t)(cat->n ? cat->n : 1) * sizeof *cat->names);
    cat->keys = bp_alloc(a, (size_t)(cat->n ? cat->n : 1) * sizeof *cat->keys);
    for (int i = 0; i < cat->n; i++) {
        cat->codes[i] = pairs[2 * i];
        cat->names[i] = pairs[2 * i + 1];
        cat->keys[i] = name_key(a, cat->names[i]);
        if (i && !strcmp(cat->codes[i], cat->codes[i - 1]))
            return bp_fail(e, BP_EINPUT, "%s: the code %s is listed twice", path, cat->codes[i]);
    }
    *out = cat;
    return BP_OK;
}

static int cat_find(const bp_catalogue *cat, const char *code)
{
    int lo = 0, hi = cat->n - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2, c = strcmp(cat->codes[mid], code);
        if (!c) return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

static int cat_find_name(run *R, const char *name)
{
    const char *k = name_key(R->c->a, name);
    for (int i = 0; i < R->cat->n; i++)
        if (!strcmp(R->cat->keys[i], k)) return i;
    return -1;
}

/* ---- code columns ------------------------------------------------------ */

static const char *const part_names[] = {"", "类", "款", "项"};
static const int part_len[] = {0, 3, 2, 2};

/* One code: a whole-code column, or the 类/款/项 columns that make it up,
 * with the column of its names (code: name), if any. */
typedef struct group {
    bp_code_kind kind;
    int whole;    /* column, or -1 */
    int parts[4]; /* [1..3]: the 类, 款, 项 columns, or -1 */
    int name;     /* column, or -1 */
} group;

bool check_has_codes(const bp_table_spec *t)
{
    for (int c = 0; c < t->ncolumns; c++)
        if (t->columns[c].code == BP_CODE_FUNCTION || t->columns[c].code == BP_CODE_ECONOMIC)
            return true;
    return false;
}

/* The table's code groups, left to right. */
static int code_groups(run *R, const bp_table_spec *t, group **out)
{
    group *g = bp_alloc(R->c->a, (size_t)t->ncolumns * sizeof *g);
    int n = 0;
    for (int c = 0; c < t->ncolumns; c++) {
        const bp_column *col = &t->columns[c];
        if (col->code == BP_CODE_NONE) continue;
        if (col->code == BP_CODE_NAME) {
            if (n && g[n - 1].name < 0 && g[n - 1].kind != BP_CODE_NAME) {
                g[n - 1].name = c;
            } else { /* names without codes: checked against the catalogue alone */
                group names = {BP_CODE_NAME, -1, {-1, -1, -1, -1}, c};
                g[n++] = names;
            }
            continue;
        }
        bool join = col->code_part && n && g[n - 1].whole < 0 && g[n - 1].kind == col->code &&
                    g[n - 1].parts[col->code_part] < 0 && g[n - 1].name < 0;
        if (!join) {
            group fresh = {col->code, -1, {-1, -1, -1, -1}, -1};
            g[n++] = fresh;
        }
        if (col->code_part)
            g[n - 1].parts[col->code_part] = c;
        else
            g[n - 1].whole = c;
    }
    *out = g;
    return n;
}

static bool has_digit(const char *s)
{
    for (; *s; s++)
        if (*s >= '0' && *s <= '9') return true;
    return false;
}

/* A place in the table: "05 …, 212 城乡社区支出, 科目编码"; starts *f, a
 * finding of rule at that cell. */
static const char *at(run *R, bp_finding *f, const char *rule, const bp_table_spec *t,
                      const bp_table_data *d, int r, int c)
{
    *f = check_finding(R, NULL, rule, t);
    check_cell(R, f, t, d, r, c, true);
    return bp_sprintf(R->c->a, _("%s, %s, %s"), check_table_name(R, t), check_row_label(R, t, d, r),
                      check_column_name(R->c->a, t, c));
}

/* The levels of a code: 类 (3 digits), 款 (5), 项 (7; 功能分类 only). */
static int level_of(bp_code_kind kind, size_t len)
{
    if (len == 3) return 1;
    if (len == 5) return 2;
    if (len == 7 && kind == BP_CODE_FUNCTION) return 3;
    return 0;
}

static const char *kind_name(bp_code_kind kind)
{
    return kind == BP_CODE_FUNCTION ? "功能分类" : "经济分类";
}

/* The row's whole code, or NULL when the row holds none (a label row such
 * as 合计, or blank code cells); "" after a reported error. ctx[1..2] are
 * the codes of the 类 and 款 rows above, which blank 类/款 cells inherit. */
static const char *row_code(run *R, const bp_table_spec *t, const bp_table_data *d, int r,
                            const group *g, char ctx[4][16], int *level, int *col)
{
    bool report = check_builtin_on(R, BP_BUILTIN_CODES);
    bp_finding f;
    if (g->whole >= 0) {
        const char *s = check_cell_text(d, r, g->whole);
        *col = g->whole;
        if (!has_digit(s)) return NULL;
        *level = all_digits(s) ? level_of(g->kind, strlen(s)) : 0;
        if (!*level) {
            if (report)
                check_emit(R, BP_BUILTIN_LINE(BP_BUILTIN_CODES), &f,
                           _("%s: '%s' is not a %s code (%s digits) (%s)"),
                           at(R, &f, _(rule_codes), t, d, r, g->whole), s, kind_name(g->kind),
                           g->kind == BP_CODE_FUNCTION ? _("3, 5 or 7") : _("3 or 5"),
                           _(rule_codes));
            return "";
        }
        return s;
    }
    const char *txt[4] = {"", "", "", ""};
    int deepest = 0;
    bool any = false;
    for (int k = 1; k <= 3; k++)
        if (g->parts[k] >= 0) {
            txt[k] = check_cell_text(d, r, g->parts[k]);
            if (txt[k][0]) deepest = k, *col = g->parts[k];
            any = any || has_digit(txt[k]);
        }
    if (!any) return NULL;
    char code[16] = "";
    for (int k = 1; k <= deepest; k++) {
        const char *p = txt[k];
        if (!p[0]) { /* a blank 类 or 款 cell takes the tree's */
            if (!ctx[k][0] || g->parts[k] < 0) {
                if (report)
                    check_emit(R, BP_BUILTIN_LINE(BP_BUILTIN_CODES), &f,
                               _("%s: %s '%s' has no %s above it (%s)"),
                               at(R, &f, _(rule_codes), t, d, r, g->parts[deepest]),
                               part_names[deepest], txt[deepest], part_names[k], _(rule_codes));
                return "";
            }
            p = ctx[k] + strlen(code);
        } else if (!all_digits(p) || strlen(p) != (size_t)part_len[k]) {
            if (report)
                check_emit(R, BP_BUILTIN_LINE(BP_BUILTIN_CODES), &f,
                           _("%s: %s '%s' is not %s digits (%s)"),
                           at(R, &f, _(rule_codes), t, d, r, g->parts[k]), part_names[k], p,
                           k == 1 ? _("three") : _("two"), _(rule_codes));
            return "";
        }
        strncat(code, p, (size_t)part_len[k]);
    }
    *level = deepest;
    return bp_strdup(R->c->a, code);
}

/* The code against the catalogue: it exists, and its name is the
 * catalogue's. */
static void check_in_catalogue(run *R, const bp_table_spec *t, const bp_table_data *d, int r,
                               const group *g, const char *code, int col)
{
    const bp_catalogue *cat = R->cat;
    bp_finding f;
    const char *name = g->name >= 0 ? check_cell_text(d, r, g->name) : "";
    int i = cat_find(cat, code);
    if (i < 0) {
        int j = name[0] ? cat_find_name(R, name) : -1;
        const char *hint =
            j >= 0 ? bp_sprintf(R->c->a, _("; it has '%s' as %s"), cat->names[j], cat->codes[j])
                   : "";
        check_emit(R, BP_BUILTIN_LINE(BP_BUILTIN_CATALOGUE), &f,
                   _("%s: %s is not in the catalogue %s%s (%s)"),
                   at(R, &f, _(rule_catalogue), t, d, r, col), code, cat->path, hint,
                   _(rule_catalogue));
        return;
    }
    if (g->name < 0 || !name[0]) return;
    if (!strcmp(name_key(R->c->a, name), cat->keys[i])) return;
    check_emit(R, BP_BUILTIN_LINE(BP_BUILTIN_CATALOGUE), &f,
               _("%s: %s is named '%s', the catalogue %s names it '%s' (%s)"),
               at(R, &f, _(rule_catalogue), t, d, r, g->name), code, name, cat->path, cat->names[i],
               _(rule_catalogue));
}

/* Whether a name is a label rather than a 科目 (合计, 总计, 小计, 其中…). */
static bool label_name(const char *s)
{
    return strstr(s, "合计") || strstr(s, "总计") || strstr(s, "小计") || !strncmp(s, "其中", 6);
}

/* A column of 科目 names without a code column (code: name with no code
 * column to its left): each name must be a name of the catalogue. */
static void check_names(run *R, const bp_table_spec *t, const bp_table_data *d, const group *g)
{
    if (!R->cat || !check_builtin_on(R, BP_BUILTIN_CATALOGUE)) return;
    bp_finding f;
    for (int r = 0; r < d->nrows; r++) {
        const char *name = check_cell_text(d, r, g->name);
        if (!name[0] || label_name(name) || cat_find_name(R, name) >= 0) continue;
        check_emit(R, BP_BUILTIN_LINE(BP_BUILTIN_CATALOGUE), &f,
                   _("%s: '%s' is not a 科目 of the catalogue %s (%s)"),
                   at(R, &f, _(rule_names), t, d, r, g->name), name, R->cat->path, _(rule_names));
    }
}

static void check_group(run *R, const bp_table_spec *t, const bp_table_data *d, const group *g)
{
    if (g->kind == BP_CODE_NAME) {
        check_names(R, t, d, g);
        return;
    }
    char ctx[4][16] = {"", "", "", ""}; /* the codes of the rows above, by level */
    bp_finding f;
    for (int r = 0; r < d->nrows; r++) {
        int level = 0, col = -1;
        const char *code = row_code(R, t, d, r, g, ctx, &level, &col);
        if (!code) { /* a row without a code ends the tree */
            memset(ctx, 0, sizeof ctx);
            continue;
        }
        if (!code[0]) continue;
        int k = level - 1;
        while (k > 0 && !ctx[k][0])
            k--;
        if (k > 0 && strncmp(code, ctx[k], strlen(ctx[k])) && check_builtin_on(R, BP_BUILTIN_CODES))
            check_emit(
                R, BP_BUILTIN_LINE(BP_BUILTIN_CODES), &f,
                _("%s: %s does not begin with %s, the code of the %s row above it (a child's code "
                  "begins with its parent's)"),
                at(R, &f, _("a child's code begins with its parent's"), t, d, r, col), code, ctx[k],
                part_names[k]);
        snprintf(ctx[level], sizeof ctx[level], "%s", code);
        for (int j = level + 1; j <= 3; j++)
            ctx[j][0] = 0;
        if (R->cat && check_builtin_on(R, BP_BUILTIN_CATALOGUE))
            check_in_catalogue(R, t, d, r, g, code, col);
    }
}

void check_codes(run *R, const bp_table_spec *t, const bp_table_data *d)
{
    bool names = false;
    for (int c = 0; c < t->ncolumns; c++)
        names = names || t->columns[c].code == BP_CODE_NAME;
    if (!check_has_codes(t) && !names) return;
    if (!check_builtin_on(R, BP_BUILTIN_CODES) &&
        !(R->cat && check_builtin_on(R, BP_BUILTIN_CATALOGUE)))
        return;
    group *g;
    int n = code_groups(R, t, &g);
    for (int i = 0; i < n; i++)
        check_group(R, t, d, &g[i]);
}
