/* check_findings.c — the findings of a check run (check_priv.h): how a
 * table, a row and a column are named in messages, the cells a finding
 * points at, and the one way a finding is reported (check_emit), at the
 * severity the set gives a built-in check. Every check of the stage reports
 * through here. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "check_priv.h"
#include "number.h"
#include "numbering.h"
#include "term_eval.h"

const char *check_cell_text(const bp_table_data *d, int r, int c)
{
    if (!term_is_origin(d, r, c)) return "";
    return data_cell(d, r, c)->text;
}

const char *check_row_parts(run *R, const bp_table_data *d, int r, const int *cols, int n)
{
    char *s = bp_strdup(R->c->a, "");
    for (int i = 0; i < n; i++)
        s = bp_sprintf(R->c->a, "%s%s", s, check_cell_text(d, r, cols[i]));
    return s;
}

/* The label of a row: its label parts joined by a space; 第N行 when empty. */
static const char *row_label_x(run *R, const bp_table_spec *t, const bp_table_data *d, int r,
                               bool short_form)
{
    const bp_table_checks *c = t->checks;
    char *s = bp_strdup(R->c->a, "");
    if (c && c->label) {
        for (int i = 0; i < c->nlabel; i++) {
            const char *p = check_row_parts(R, d, r, c->label[i].cols, c->label[i].ncols);
            if (!p[0]) continue;
            if (short_form) return p;
            s = bp_sprintf(R->c->a, "%s%s%s", s, s[0] ? " " : "", p);
        }
    } else {
        int used = 0;
        for (int i = 0; i < t->ncolumns && used < 2; i++) {
            if (t->columns[i].type != BP_COL_TEXT) continue;
            used++;
            const char *p = check_cell_text(d, r, i);
            if (!p[0]) continue;
            if (short_form) return p;
            s = bp_sprintf(R->c->a, "%s%s%s", s, s[0] ? " " : "", p);
        }
    }
    if (!s[0]) return c && c->blank ? c->blank : bp_sprintf(R->c->a, "第%d行", r + 1);
    return s;
}

const char *check_row_label(run *R, const bp_table_spec *t, const bp_table_data *d, int r)
{
    return row_label_x(R, t, d, r, false);
}

const char *check_row_short(run *R, const bp_table_spec *t, const bp_table_data *d, int r)
{
    return row_label_x(R, t, d, r, true);
}

/* ---- names and reporting ---------------------------------------------- */

/* A layout text (template.h) for this department: the fields a text
 * may use everywhere ({department}, {code}, {year}, {unit}); page numbers
 * and titles are not known here and expand to "". */
const char *check_expand(run *R, const bp_template *tmpl)
{
    if (!tmpl) return NULL;
    char year[16];
    snprintf(year, sizeof year, "%d", R->dept->year);
    bp_tpl_values v = {{
        [BP_TPL_DEPARTMENT] = R->dept->name,
        [BP_TPL_CODE] = R->dept->code,
        [BP_TPL_YEAR] = year,
        [BP_TPL_UNIT] = R->dept->unit,
    }};
    return tpl_expand(R->c->a, tmpl, &v);
}

/* "05 一般公共预算支出情况表": the table's number (or file stem) and its
 * contents line without the numbering (五、 5. （五）: numbering.h) or its
 * title without the year. */
const char *check_table_name(run *R, const bp_table_spec *t)
{
    const char *s = check_expand(R, t->contents ? t->contents : t->title);
    const char *p = bp_skip_numbering(s);
    if (p != s)
        s = p;
    else if (!t->contents) {
        char year[32];
        snprintf(year, sizeof year, "%d年", R->dept->year);
        if (!strncmp(s, year, strlen(year))) s += strlen(year);
    }
    /* one line: titles may hold \n */
    char *one = bp_strdup(R->c->a, s);
    for (char *q = one; *q; q++)
        if (*q == '\n') *q = ' ';
    return bp_sprintf(R->c->a, "%s %s", check_table_id(R->c->a, t), one);
}

bp_finding check_finding(run *R, const char *kind, const char *rule, const bp_table_spec *t)
{
    bp_finding f;
    memset(&f, 0, sizeof f);
    R->cells.n = 0;
    f.kind = kind;
    f.rule = rule;
    f.table = -1;
    if (t) {
        f.table = (int)(t - R->set->tables);
        f.table_id = check_table_id(R->c->a, t);
        f.table_name = check_table_name(R, t);
    }
    return f;
}

/* Adds a cell; unique: it is known not to be in the finding yet (the
 * rows of a column rule: thousands). */
void check_add_cell(run *R, bp_finding *f, const bp_table_spec *t, const bp_table_data *d, int row,
                    int col, bool wrong, bool unique)
{
    if (!d || row < 0 || row >= d->nrows || col < 0 || col >= d->ncols) return;
    int ti = (int)(t - R->set->tables);
    bp_finding_cell *c = R->cells.items;
    for (int i = 0; !unique && i < R->cells.n; i++)
        if (c[i].table == ti && c[i].row == row && c[i].column == col) return;
    c = bp_vec_push(R->c->a, &R->cells);
    c->table = ti;
    c->row = row;
    c->column = col;
    c->wrong = wrong;
    c->where = data_cell_where(R->c->a, d, row, col);
    if (wrong && !f->where) {
        f->where = c->where;
        if (!f->row) f->row = check_row_label(R, t, d, row);
        if (!f->column) f->column = check_column_name(R->c->a, t, col);
    }
}

void check_cell(run *R, bp_finding *f, const bp_table_spec *t, const bp_table_data *d, int row,
                int col, bool wrong)
{
    check_add_cell(R, f, t, d, row, col, wrong, false);
}

bool check_builtin_on(const run *R, bp_builtin b)
{
    return R->sev[b] != BP_SEV_OFF;
}

void check_at_column(run *R, bp_finding *f, const bp_table_spec *t, const bp_table_data *d, int col)
{
    if (!d) return;
    const char *ref;
    f->where = data_column_where(R->c->a, d, col, &ref);
    if (col >= 0) f->column = check_column_name(R->c->a, t, col);
    R->at_ref = ref;
}

/* Whether cell c is among the cells of the errors reported so far. */
static bool failed_before(const run *R, const bp_finding_cell *c)
{
    const bp_finding_cell *x = R->failed.items;
    for (int i = 0; i < R->failed.n; i++)
        if (x[i].table == c->table && x[i].row == c->row && x[i].column == c->column) return true;
    return false;
}

/* A sum over rows that fails (a column or hierarchy rule) frames its
 * printed total as wrong; when exactly one of the summed figures (and not
 * the total) is also a cell of an error reported before (a row rule of the
 * changed leaf), that figure is the likely wrong one: it becomes the wrong
 * cell, the total a compared one, and the message says so. When other
 * errors single out several of them, or the total and a summed figure, the
 * message says it cannot tell, and the total and each of those figures
 * become candidates (BUDGETPDF_CELL_CANDIDATE), framed alike. Returns the
 * note to add. */
static const char *blame_leaf(run *R, bp_finding *f)
{
    bp_finding_cell *c = R->cells.items;
    int hit = -1, hits = 0;
    for (int i = 1; i < R->cells.n; i++)
        if (!c[i].wrong && failed_before(R, &c[i])) hit = i, hits++;
    if (!c[0].wrong) return "";
    bool total_failed = failed_before(R, &c[0]);
    if (hits == 0) return "";       /* no other evidence: the printed total, as the rule says */
    if (hits > 1 || total_failed) { /* other rules single out the total and a row, or rows */
        const bp_table_spec *tt = &R->set->tables[c[0].table];
        c[0].wrong = BUDGETPDF_CELL_CANDIDATE;
        for (int i = 1; i < R->cells.n; i++)
            if (!c[i].wrong && failed_before(R, &c[i])) c[i].wrong = BUDGETPDF_CELL_CANDIDATE;
        return bp_sprintf(R->c->a, _("; cannot tell whether %s or a row it sums is wrong"),
                          check_row_short(R, tt, R->tables[c[0].table], c[0].row));
    }
    const bp_table_spec *t = &R->set->tables[c[hit].table];
    const bp_table_data *d = R->tables[c[hit].table];
    bp_finding_cell total = c[0];
    total.wrong = 0;
    c[0] = c[hit];
    c[0].wrong = 1;
    c[hit] = total;
    f->where = c[0].where;
    /* expected and found become the leaf's: its printed figure, and what
     * it would be for its total to hold (the leaf less the difference) */
    bp_decimal e, fd;
    const bp_cell *leaf = data_cell(d, c[0].row, c[0].column);
    if (f->expected && f->found && leaf->has_value &&
        !number_parse(f->expected, strlen(f->expected), &e) &&
        !number_parse(f->found, strlen(f->found), &fd)) {
        const char *dot = strchr(f->found, '.');
        int dec = dot ? (int)strlen(dot + 1) : 0;
        bp_exact v = bp_exact_of(leaf->value);
        f->found = bp_exact_plain(R->c->a, v, BP_EXACT_SCALE, dec);
        f->expected =
            bp_exact_plain(R->c->a, v - (bp_exact_of(e) - bp_exact_of(fd)), BP_EXACT_SCALE, dec);
    }
    return bp_sprintf(R->c->a,
                      _("; %s fails another rule too: it is the likely wrong figure, not the "
                        "total"),
                      check_row_label(R, t, d, c[0].row));
}

void check_emit(run *R, int severity, bp_finding *f, const char *fmt, ...)
{
    char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    const char *at_ref = R->at_ref;
    R->at_ref = NULL;
    bool sum = f->kind && (!strcmp(f->kind, "column") || !strcmp(f->kind, "hierarchy"));
    if (severity == BP_CHECK_ERROR && sum && R->cells.n > 1) {
        const char *note = blame_leaf(R, f);
        size_t n = strlen(buf);
        /* inside the rule's closing parenthesis: ')' or, translated, '）' */
        size_t close = n && buf[n - 1] == ')' ? 1 : n >= 3 && !strcmp(buf + n - 3, "）") ? 3 : 0;
        if (note[0] && close && n + strlen(note) < sizeof buf) {
            char tail[4];
            memcpy(tail, buf + n - close, close + 1);
            snprintf(buf + n - close, sizeof buf - n + close, "%s%s", note, tail);
        }
    }
    /* a workbook's findings name their sheet and cell in the text too */
    const bp_finding_cell *first = R->cells.n ? R->cells.items : NULL;
    const char *ref =
        first ? data_cell_ref(R->c->a, R->tables[first->table], first->row, first->column) : at_ref;
    size_t n = strlen(buf);
    if (ref && n + strlen(ref) + 4 < sizeof buf) snprintf(buf + n, sizeof buf - n, " [%s]", ref);
    if (severity >= BP_BUILTIN_LINE(0)) {
        int b = severity - BP_BUILTIN_LINE(0);
        bp_severity s = R->sev[b];
        if (s == BP_SEV_OFF) return;
        severity = s == BP_SEV_WARNING ? BP_CHECK_WARNING : BP_CHECK_ERROR;
        f->kind = bp_builtin_names[b];
    }
    if (severity == BP_CHECK_ERROR)
        R->st->errors++;
    else if (severity == BP_CHECK_WARNING)
        R->st->warnings++;
    else
        R->st->roundings++;
    f->severity = severity;
    f->message = buf;
    f->cells = R->cells.items;
    f->ncells = R->cells.n;
    for (int i = 0; severity == BP_CHECK_ERROR && i < R->cells.n; i++)
        *(bp_finding_cell *)bp_vec_push(R->c->a, &R->failed) =
            ((bp_finding_cell *)R->cells.items)[i];
    if (R->report) R->report(R->ud, f);
    R->cells.n = 0;
}

/* The decimals of a figure's last printed digit: its column's format, with
 * the keys of the row rules that match its row (later rules win). For
 * decimals as entered, the most a figure is printed with: a figure written
 * with fewer has zeros after them, not a rounding. r < 0: no row. */
int check_col_decimals(const bp_table_spec *t, const bp_table_data *d, int r, int c)
{
    bp_numfmt f = t->columns[c].fmt;
    for (int i = 0; r >= 0 && i < t->nrules; i++) {
        const bp_row_rule *rr = &t->rules[i];
        if (rr->fmt_keys && spec_when_matches(&rr->when, check_cell_text(d, r, rr->when.column)))
            number_format_override(&f, &rr->fmt, rr->fmt_keys);
    }
    /* as entered: the decimals the figure itself prints (a whole 元 figure
     * is exact to the 元, not to the cent), as number_format prints it */
    if (f.as_entered && r >= 0 && r < d->nrows && c < d->ncols) {
        const bp_cell *cell = data_cell(d, r, c);
        if (cell->has_value && cell->value.scale < f.decimals) return cell->value.scale;
    }
    return f.decimals;
}

const char *check_severity_word(int severity)
{
    return severity == BP_CHECK_ERROR ? "错误" : severity == BP_CHECK_WARNING ? "警告" : "舍入差异";
}
