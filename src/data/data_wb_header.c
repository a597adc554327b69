/* data_wb_header.c — a table's header rows in its sheet, found by the
 * layout's header tree, and every layout column mapped to a sheet column
 * by its header path (docs/workbook.md, "Finding the header and the
 * columns"). */
#include <stdio.h>
#include <string.h>

#include "data_wb_priv.h"
#include "i18n.h"

/* Rows where a header may start, and sheet columns a header may use. */
#define HEADER_SEARCH_ROWS 60
#define HEADER_MAX_COLS 2048

const char *wb_where(bp_arena *a, const wb_frame *f, int row, int col)
{
    char a1[16];
    return bp_sprintf(a, "%s: sheet %s, cell %s", f->wb->path, f->s->name,
                      workbook_a1(a1, row, col));
}

const char *wb_range(bp_arena *a, const bp_wb_merge *m)
{
    char p[16], q[16];
    return bp_sprintf(a, "%s:%s", workbook_a1(p, m->row0, m->col0),
                      workbook_a1(q, m->row1, m->col1));
}

const char *wb_quote(bp_arena *a, const char *s)
{
    char buf[256];
    return bp_strdup(a, bp_quote(buf, sizeof buf, s, BP_QUOTE_CHARS));
}

/* The labels of the sheet's first rows, each cell of a merged area given
 * the area's text: lab[r * ncols + x] ("" none) and the row where the
 * area starts (org). */
typedef struct label_grid {
    int nrows, ncols;
    const char **lab;
    int *org;
} label_grid;

static void grid_fill(bp_arena *a, const bp_wb_sheet *s, label_grid *g)
{
    g->nrows = s->nrows < HEADER_SEARCH_ROWS + BP_MAX_HEADER_DEPTH
                   ? s->nrows
                   : HEADER_SEARCH_ROWS + BP_MAX_HEADER_DEPTH;
    g->ncols = s->ncols < HEADER_MAX_COLS ? s->ncols : HEADER_MAX_COLS;
    size_t n = (size_t)(g->nrows > 0 ? g->nrows : 1) * (size_t)(g->ncols > 0 ? g->ncols : 1);
    g->lab = bp_alloc(a, n * sizeof *g->lab);
    g->org = bp_alloc(a, n * sizeof *g->org);
    for (size_t i = 0; i < n; i++)
        g->lab[i] = "", g->org[i] = (int)(i / (size_t)(g->ncols > 0 ? g->ncols : 1));
    for (int i = 0; i < s->ncells && s->cells[i].row < g->nrows; i++) {
        const bp_wb_cell *c = &s->cells[i];
        if (c->col < g->ncols && c->type == BP_WB_TEXT)
            g->lab[c->row * g->ncols + c->col] = data_wb_label(a, c->text);
        else if (c->col < g->ncols && c->type == BP_WB_NUMBER)
            g->lab[c->row * g->ncols + c->col] = c->text;
    }
    for (int m = 0; m < s->nmerges; m++) {
        const bp_wb_merge *mg = &s->merges[m];
        if (mg->row0 >= g->nrows || mg->col0 >= g->ncols) continue;
        const char *text = g->lab[mg->row0 * g->ncols + mg->col0];
        for (int r = mg->row0; r <= mg->row1 && r < g->nrows; r++)
            for (int x = mg->col0; x <= mg->col1 && x < g->ncols; x++) {
                g->lab[r * g->ncols + x] = text;
                g->org[r * g->ncols + x] = mg->row0;
            }
    }
}

/* The header path of sheet column x in rows [h0, h0 + h): its labels top
 * down, empty ones and a repeat of the one above left out, joined by
 * '\x1f'. An area starting above h0 is not part of the header. */
static const char *sheet_path(bp_arena *a, const label_grid *g, int h0, int h, int x)
{
    char buf[1024];
    size_t o = 0;
    const char *prev = "";
    buf[0] = 0;
    for (int r = h0; r < h0 + h && r < g->nrows; r++) {
        const char *l = g->lab[r * g->ncols + x];
        if (g->org[r * g->ncols + x] < h0 || !*l || !strcmp(l, prev)) continue;
        o += (size_t)snprintf(buf + o, o < sizeof buf ? sizeof buf - o : 0, "%s%s", o ? "\x1f" : "",
                              l);
        if (o >= sizeof buf) o = sizeof buf - 1;
        prev = l;
    }
    return bp_strdup(a, buf);
}

/* The header path of layout column c, the same way. */
static const char *layout_path(bp_arena *a, const bp_column *c, const bp_tpl_values *vals,
                               const char **labels)
{
    const char *path = "", *prev = "";
    for (int k = 0; k < c->depth; k++) {
        labels[k] = data_wb_label(a, tpl_expand(a, c->header_tpl[k], vals));
        if (!*labels[k] || !strcmp(labels[k], prev)) continue;
        path = bp_sprintf(a, "%s%s%s", path, *path ? "\x1f" : "", labels[k]);
        prev = labels[k];
    }
    return path;
}

/* Maps each layout column to the first free sheet column with its path
 * (rows [h0, h0 + h)); returns how many found one. */
static int match_at(bp_arena *a, const label_grid *g, int h0, int h, const char **lpath, int n,
                    int *col_of, const char **spath)
{
    for (int x = 0; x < g->ncols; x++)
        spath[x] = sheet_path(a, g, h0, h, x);
    bp_arena *scratch = bp_arena_scratch(a);
    bool *taken = bp_alloc(scratch, (size_t)(g->ncols > 0 ? g->ncols : 1));
    int found = 0;
    for (int c = 0; c < n; c++) {
        col_of[c] = -1;
        for (int x = 0; x < g->ncols && col_of[c] < 0; x++)
            if (!taken[x] && *spath[x] && !strcmp(spath[x], lpath[c])) {
                col_of[c] = x, taken[x] = true;
                found++;
            }
    }
    bp_arena_free(scratch);
    return found;
}

/* "基本支出 › 公用经费 › 资本性支出" */
static const char *show_path(bp_arena *a, const char *p)
{
    const char *out = "";
    for (const char *s = p; *s;) {
        const char *end = strchr(s, '\x1f');
        size_t len = end ? (size_t)(end - s) : strlen(s);
        out = bp_sprintf(a, "%s%s%.*s", out, *out ? " › " : "", (int)len, s);
        s += len + (end != NULL);
    }
    return out;
}

/* Phase 3, the layout column c found no sheet column: the first label of
 * its path no sheet column has there, and the nearest label in the header
 * rows. */
static int fail_missing(bp_arena *a, const wb_frame *f, const label_grid *g, const char **spath,
                        int c, const char *lpath, bp_error *e)
{
    const bp_column *col = &f->t->columns[c];
    /* the longest prefix of its path some sheet column has */
    const char *missing = lpath;
    for (const char *cut = lpath;;) {
        const char *next = strchr(cut, '\x1f');
        size_t plen = next ? (size_t)(next - lpath) : strlen(lpath);
        bool have = false;
        for (int x = 0; x < g->ncols && !have; x++)
            have = !strncmp(spath[x], lpath, plen) &&
                   (spath[x][plen] == 0 || spath[x][plen] == '\x1f');
        if (!have) {
            const char *end = strchr(cut, '\x1f');
            missing = bp_strndup(a, cut, end ? (size_t)(end - cut) : strlen(cut));
            break;
        }
        if (!next) break;
        cut = next + 1;
    }
    int best = 1 << 20, br = -1, bx = -1;
    for (int r = f->header0; r < f->header0 + f->nheader && r < g->nrows; r++)
        for (int x = 0; x < g->ncols; x++) {
            const char *l = g->lab[r * g->ncols + x];
            if (!*l || g->org[r * g->ncols + x] != r) continue;
            int d = data_wb_distance(missing, l);
            if (d < best) best = d, br = r, bx = x;
        }
    char a1[16];
    const char *nearest =
        br < 0 ? "the header rows hold no label"
               : bp_sprintf(a, "the nearest label there is '%s' in cell %s",
                            wb_quote(a, g->lab[br * g->ncols + bx]), workbook_a1(a1, br, bx));
    return bp_fail(e, BP_EINPUT,
                   _("%s: sheet %s: the header (rows %d-%d) has no label '%s', which the layout "
                     "%s:%d expects for column '%s' (header %s); %s (correct the label in the "
                     "sheet, or the column's header: in the layout)"),
                   f->wb->path, f->s->name, f->header0 + 1, f->header0 + f->nheader, missing,
                   f->t->file, col->line, col->key, show_path(a, lpath), nearest);
}

/* Phase 4: a sheet column with a header that no layout column takes. */
static int fail_extra(bp_arena *a, const wb_frame *f, const label_grid *g, int x, const char *spath,
                      bp_error *e)
{
    int r = f->header0 + f->nheader - 1;
    while (r > f->header0 && !*g->lab[r * g->ncols + x])
        r--;
    return bp_fail(e, BP_EINPUT,
                   _("%s: the sheet's column with the header %s is no column of the layout %s "
                     "(delete the column from the sheet, or add it to the layout)"),
                   wb_where(a, f, r, x), show_path(a, spath), f->t->file);
}

/* Texts a table without header rows has above its body. */
static bool is_preamble(bp_arena *a, const bp_table_spec *t, const bp_tpl_values *vals,
                        const char *label)
{
    static const char *const lead[] = {
        "部门名称:", "编制部门:", "单位名称:", "单位:", "金额单位:", NULL};
    const bp_template *own[] = {t->title, t->subtitle, t->caption_left, t->caption_right};
    for (int i = 0; lead[i]; i++)
        if (!strncmp(label, lead[i], strlen(lead[i]))) return true;
    for (size_t i = 0; i < sizeof own / sizeof *own; i++)
        if (own[i] && !strcmp(label, data_wb_label(a, tpl_expand(a, own[i], vals)))) return true;
    return false;
}

/* A table without header rows: its body starts at the first row holding
 * more than its title, subtitle and caption; its columns, in layout order,
 * from the first column that row uses. */
static int by_position(bp_arena *a, wb_frame *f, const bp_tpl_values *vals, bp_error *e)
{
    const bp_wb_sheet *s = f->s;
    int i = 0;
    while (i < s->ncells) {
        const bp_wb_cell *c = &s->cells[i];
        const char *l = c->type == BP_WB_TEXT ? data_wb_label(a, c->text) : c->text;
        if (*l && !is_preamble(a, f->t, vals, l)) break;
        i++;
    }
    if (i == s->ncells)
        return bp_fail(e, BP_EINPUT, _("%s: sheet %s: no rows of the table %s under its title"),
                       f->wb->path, s->name, f->t->file);
    f->body0 = s->cells[i].row;
    int x0 = s->cells[i].col;
    for (int k = i; k < s->ncells; k++)
        if (s->cells[k].col < x0) x0 = s->cells[k].col;
    for (int c = 0; c < f->t->ncolumns; c++)
        f->col_of[c] = x0 + c;
    f->header0 = f->body0;
    f->nheader = 0;
    return BP_OK;
}

int wb_find_columns(bp_arena *a, wb_frame *f, const bp_tpl_values *vals, bp_error *e)
{
    const bp_table_spec *t = f->t;
    int n = t->ncolumns;
    f->col_of = bp_alloc(a, (size_t)(n > 0 ? n : 1) * sizeof *f->col_of);
    if (!t->show_header) return by_position(a, f, vals, e);
    label_grid g;
    grid_fill(a, f->s, &g);
    /* phase 1: the layout's paths */
    const char **lpath = bp_alloc(a, (size_t)(n > 0 ? n : 1) * sizeof *lpath);
    const char *labels[BP_MAX_HEADER_DEPTH];
    for (int c = 0; c < n; c++)
        lpath[c] = layout_path(a, &t->columns[c], vals, labels);
    /* phase 2: the rows where most columns find their path (the first of equals) */
    int h = t->header_rows, best = 0, best_h0 = -1;
    const char **spath = bp_alloc(a, (size_t)(g.ncols > 0 ? g.ncols : 1) * sizeof *spath);
    for (int h0 = 0; h0 < g.nrows && h0 < HEADER_SEARCH_ROWS; h0++) {
        bp_arena *scratch = bp_arena_scratch(a);
        int found =
            match_at(scratch, &g, h0, h, lpath, n, f->col_of,
                     bp_alloc(scratch, (size_t)(g.ncols > 0 ? g.ncols : 1) * sizeof *spath));
        bp_arena_free(scratch);
        if (found > best) best = found, best_h0 = h0;
        if (found == n) break;
    }
    if (best_h0 < 0) {
        const char *want = "";
        for (int c = 0; c < n && c < 4; c++)
            want = bp_sprintf(a, "%s%s'%s'", want, c ? ", " : "", show_path(a, lpath[c]));
        return bp_fail(e, BP_EINPUT,
                       _("%s: sheet %s: the header of the table %s is not in the first %d rows (no "
                         "column headed %s%s found; docs/workbook.md)"),
                       f->wb->path, f->s->name, t->file, HEADER_SEARCH_ROWS, want,
                       n > 4 ? ", …" : "");
    }
    f->header0 = best_h0;
    f->nheader = h;
    f->body0 = best_h0 + h;
    match_at(a, &g, best_h0, h, lpath, n, f->col_of, spath);
    /* phase 3: every layout column found */
    for (int c = 0; c < n; c++)
        if (f->col_of[c] < 0) return fail_missing(a, f, &g, spath, c, lpath[c], e);
    /* phase 4: every headed sheet column taken */
    for (int x = 0; x < g.ncols; x++) {
        if (!*spath[x]) continue;
        bool taken = false;
        for (int c = 0; c < n && !taken; c++)
            taken = f->col_of[c] == x;
        if (!taken) return fail_extra(a, f, &g, x, spath[x], e);
    }
    return BP_OK;
}
