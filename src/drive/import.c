/* import.c — budgetpdf_import: the department folder a workbook amounts
 * to (department.yaml and one CSV per table, with the layouts' column
 * keys), written only when every table of the workbook binds, as a new
 * folder put in place whole (out_dir.h), never onto an input. Rendering
 * the folder gives the PDF the workbook gives (docs/workbook.md, "import"). */
#define _XOPEN_SOURCE 700 /* realpath */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "budgetpdf.h"
#include "context.h"
#include "data_workbook.h"
#include "doc_text.h"
#include "in_file.h"
#include "out_dir.h"
#include "render_priv.h"
#include "rules.h"

/* One CSV field: quoted when it holds a comma, a quote, a line break or
 * spaces at its ends. */
static void put_field(bp_arena *a, bp_vec *buf, const char *s)
{
    size_t n = strlen(s);
    bool quote = strpbrk(s, ",\"\r\n") || (n && (s[0] == ' ' || s[n - 1] == ' '));
    size_t need = n * 2 + 3;
    bp_vec_reserve(a, buf, buf->n + (int)need);
    char *o = (char *)buf->items + buf->n;
    size_t k = 0;
    if (quote) o[k++] = '"';
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"' && quote) o[k++] = '"';
        o[k++] = s[i];
    }
    if (quote) o[k++] = '"';
    buf->n += (int)k;
}

static void put_text(bp_arena *a, bp_vec *buf, const char *s)
{
    size_t n = strlen(s);
    if (!n) return;
    bp_vec_reserve(a, buf, buf->n + (int)n);
    memcpy((char *)buf->items + buf->n, s, n);
    buf->n += (int)n;
}

/* The text of a cell as the CSV writes it: a cell inside a merged area
 * without text of its own is the marker '<' (in the area's first row) or
 * '^' (below it). */
static const char *csv_text(const bp_table_data *d, int r, int c)
{
    const bp_cell *cell = data_cell(d, r, c);
    if ((cell->origin_row != r || cell->origin_col != c) && !cell->text[0])
        return cell->origin_row == r ? "<" : "^";
    return cell->text;
}

static void table_csv(bp_arena *a, const bp_table_spec *t, const bp_table_data *d, bp_vec *buf)
{
    bp_vec_init(buf, 1);
    for (int c = 0; c < t->ncolumns; c++) {
        if (c) put_text(a, buf, ",");
        put_field(a, buf, t->columns[c].key);
    }
    put_text(a, buf, "\n");
    for (int r = 0; r < d->nrows; r++) {
        for (int c = 0; c < d->ncols; c++) {
            if (c) put_text(a, buf, ",");
            put_field(a, buf, csv_text(d, r, c));
        }
        put_text(a, buf, "\n");
    }
}

/* A YAML double-quoted scalar. */
static const char *yaml_quoted(bp_arena *a, const char *s)
{
    bp_vec b;
    bp_vec_init(&b, 1);
    put_text(a, &b, "\"");
    for (; *s; s++) {
        char one[2] = {*s, 0};
        put_text(a, &b, *s == '"' ? "\\\"" : *s == '\\' ? "\\\\" : one);
    }
    put_text(a, &b, "\"");
    *(char *)bp_vec_push(a, &b) = 0;
    return b.items;
}

/* The layouts: line: the set's name, or the set's folder (absolute) when
 * it was given as a folder (--layouts, or a path in department.yaml). */
static const char *layouts_line(bp_arena *a, const bp_department *d, const bp_layout_set *set,
                                const budgetpdf_options *opt)
{
    bool by_path = (opt && opt->layouts_dir) || strchr(d->layouts, '/') ||
                   bp_file_exists(bp_path_join(a, bp_path_join(a, d->dir, d->layouts), "set.yaml"));
    if (!by_path) return d->layouts;
    char abs[PATH_MAX];
    return realpath(set->dir, abs) ? bp_strdup(a, abs) : set->dir;
}

static const char *department_yaml(bp_arena *a, const bp_department *d, const bp_layout_set *set,
                                   const budgetpdf_options *opt)
{
    const char *base = strrchr(d->workbook, '/');
    const char *text =
        bp_sprintf(a,
                   "# The department of %s, written by budgetpdf import (docs/workbook.md).\n"
                   "name: %s\ncode: %s\nyear: %d\nunit: %s\nlayouts: %s\nencoding: utf-8\n",
                   base ? base + 1 : d->workbook, yaml_quoted(a, d->name), yaml_quoted(a, d->code),
                   d->year, yaml_quoted(a, d->unit), yaml_quoted(a, layouts_line(a, d, set, opt)));
    if (d->previous) text = bp_sprintf(a, "%sprevious: %s\n", text, yaml_quoted(a, d->previous));
    if (d->date >= 0) {
        long long days = d->date / 86400; /* civil from days (UTC) */
        long long z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
        long long doe = z - era * 146097,
                  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
        long long dd = doy - (153 * mp + 2) / 5 + 1, mm = mp < 10 ? mp + 3 : mp - 9;
        text = bp_sprintf(a, "%sdate: %04lld-%02lld-%02lld\n", text, yoe + era * 400 + (mm <= 2),
                          mm, dd);
    }
    return text;
}

typedef struct import_call {
    budgetpdf_context *ctx;
    const char *workbook, *out_dir;
    const budgetpdf_options *opt;
    bp_error *e;
} import_call;

/* The files of the new folder, in the order they are written. */
typedef struct import_files {
    int n;
    const char **name;
    const void **data;
    size_t *len;
} import_files;

static void add_file(import_files *f, const char *name, const void *data, size_t len)
{
    f->name[f->n] = name;
    f->data[f->n] = data;
    f->len[f->n++] = len;
}

/* Every file the import reads: the output folder may neither hold one
 * nor lie in the folder of one. */
static int refuse_output_onto_input(bp_arena *a, const bp_out_dir *out, const bp_department *d,
                                    const bp_layout_set *set, bp_error *e)
{
    int n = 0;
    const char **in = bp_alloc(a, (size_t)(6 + set->nsources + set->ntables) * sizeof *in);
    in[n++] = d->workbook;
    in[n++] = d->file;
    in[n++] = bp_path_join(a, d->dir, "department.yaml");
    in[n++] = set->file;
    for (int i = 0; i < set->nsources; i++) /* the sets it extends */
        in[n++] = set->sources[i];
    if (set->rules) in[n++] = set->rules->file;
    for (int i = 0; i < set->ntables; i++)
        in[n++] = set->tables[i].file;
    in[n++] = d->previous ? bp_path_join(a, d->dir, d->previous) : NULL;
    return bp_out_dir_check_inputs(out, in, n, e);
}

static void abort_dir(void *p)
{
    bp_out_dir_abort(p);
}

/* Writes the files into a new folder put in place of c->out_dir whole
 * (out_dir.h): a failure leaves out_dir as it was. */
static int write_folder(bp_arena *a, import_call *c, bp_out_dir *out, const bp_department *d,
                        const bp_layout_set *set, const import_files *f)
{
    BP_TRY(refuse_output_onto_input(a, out, d, set, c->e));
    bp_cleanup *undo = bp_arena_defer(a, abort_dir); /* before: it may fail */
    BP_TRY(bp_out_dir_open(out, c->opt && c->opt->force, c->e));
    undo->p = out;
    int rc = BP_OK;
    for (int i = 0; i < f->n && !rc; i++)
        rc = bp_out_dir_write(out, f->name[i], f->data[i], f->len[i], c->e);
    if (!rc) rc = bp_out_dir_commit(out, c->e);
    bp_out_dir_abort(out); /* after a failure; a commit closed it */
    undo->p = NULL;
    return rc;
}

static int import_guarded(bp_arena *a, void *ctx)
{
    import_call *c = ctx;
    bp_department dept;
    const bp_layout_set *set;
    bp_table_data **tables;
    if (!data_wb_is_workbook(c->workbook) || bp_dir_exists(c->workbook))
        return bp_fail(c->e, BP_EUSAGE, "%s: not a workbook (.xlsx or .xls)", c->workbook);
    /* a folder in the way is refused before the workbook is read: around
     * or inside the workbook's folder, or not empty without --force */
    bp_out_dir *out = bp_alloc(a, sizeof *out);
    BP_TRY(bp_out_dir_resolve(out, c->out_dir, c->e));
    BP_TRY(bp_out_dir_check_inputs(out, &c->workbook, 1, c->e));
    BP_TRY(bp_out_dir_check_force(out, c->opt && c->opt->force, c->e));
    bp_ctx cx = context_ctx(c->ctx, a, c->e);
    if (c->opt) cx.warn = c->opt->warn, cx.warn_ud = c->opt->warn_ud;
    BP_TRY(render_load_inputs(&cx, c->workbook, c->opt, &dept, &set, &tables));
    if (dept.overrides && cx.warn)
        bp_ctx_warn(
            &cx, bp_sprintf(a, "%s: its overrides: are not copied; copy them by hand", dept.file));
    /* everything in memory first: a table that fails writes nothing */
    import_files f = {0, bp_alloc(a, (size_t)(set->ntables + 3) * sizeof *f.name),
                      bp_alloc(a, (size_t)(set->ntables + 3) * sizeof *f.data),
                      bp_alloc(a, (size_t)(set->ntables + 3) * sizeof *f.len)};
    for (int i = 0; i < set->ntables; i++) {
        bp_vec csv;
        table_csv(a, &set->tables[i], tables[i], &csv);
        add_file(&f, set->tables[i].data, csv.items, (size_t)csv.n);
    }
    /* the files beside that the department's render reads too, as they are:
     * the previous year's figures, and the text of the whole document */
    const char *copy[2] = {dept.previous, doc_text_exists(a, dept.dir) ? BP_DOC_TEXT_FILE : NULL};
    for (int i = 0; i < 2; i++) {
        char *bytes = NULL;
        size_t len = 0;
        if (!copy[i]) continue;
        BP_TRY(bp_read_file_in(a, dept.dir, "the department folder",
                               bp_path_join(a, dept.dir, copy[i]), &bytes, &len, c->e));
        add_file(&f, copy[i], bytes, len);
    }
    const char *yaml = department_yaml(a, &dept, set, c->opt);
    add_file(&f, "department.yaml", yaml, strlen(yaml));
    return write_folder(a, c, out, &dept, set, &f);
}

int budgetpdf_import(const char *workbook, const char *out_dir, const budgetpdf_options *opt,
                     char *err, size_t errlen)
{
    bp_error e = {0, ""};
    budgetpdf_context *own;
    budgetpdf_context *ctx = context_of(opt, &own);
    int rc;
    if (!ctx) {
        rc = bp_fail(&e, BP_ERESOURCE, "%s: out of memory", workbook);
    } else {
        bp_arena a;
        bp_arena_init(&a);
        import_call c = {ctx, workbook, out_dir, opt, &e};
        rc = bp_arena_guard(&a, import_guarded, &c, workbook, &e);
        bp_arena_free(&a);
    }
    budgetpdf_context_free(own);
    if (err && errlen) snprintf(err, errlen, "%s", rc ? e.msg : "");
    return rc;
}
