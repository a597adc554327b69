/* spec.c — parses layout sets and table layouts (YAML) into bp_table_spec,
 * checking every key, and builds the header grid from header paths. */
#include "spec.h"

#include <math.h>
#include <string.h>

#include "expr_lex.h"
#include "in_file.h"
#include "spec_checks.h"
#include "spec_form.h"
#include "doc_style.h"
#include "spec_priv.h"
#include "yamlq.h"

static int get_template(bp_yaml *y, yaml_node_t *map, const char *key, const char *what,
                        unsigned fields, bp_arena *a, const bp_template **out, bp_error *e)
{
    yaml_node_t *n = yq_get(y, map, key);
    if (!n) return BP_OK;
    return spec_template_node(y, n, what, fields, a, out, e);
}

/* A list of templates (a single text is a list of one). */
static int tpl_list(bp_yaml *y, yaml_node_t *n, const char *what, unsigned fields, bp_arena *a,
                    const bp_template ***out, int *count, bp_error *e)
{
    const char **texts;
    BP_TRY(yq_string_list(y, n, what, a, true, &texts, count, e));
    *out = bp_alloc(a, (size_t)(*count + 1) * sizeof **out);
    for (int i = 0; i < *count; i++) {
        yaml_node_t *it = n->type == YAML_SEQUENCE_NODE ? yq_seq_item(y, n, i) : n;
        BP_TRY(spec_template_node(y, it, what, fields, a, &(*out)[i], e));
    }
    return BP_OK;
}

static int get_number(bp_yaml *y, yaml_node_t *map, const char *key, const char *what, double min,
                      double max, double *out, bp_error *e)
{
    yaml_node_t *n = yq_get(y, map, key);
    if (!n) return BP_OK;
    return yq_number(y, n, what, min, max, out, e);
}

static int parse_align(bp_yaml *y, yaml_node_t *n, const char *what, int *out, bp_error *e)
{
    const char *s;
    int rc = yq_word(y, n, what, &s, e);
    if (!rc) {
        if (!strcmp(s, "left"))
            *out = BP_ALIGN_LEFT;
        else if (!strcmp(s, "center") || !strcmp(s, "centre"))
            *out = BP_ALIGN_CENTER;
        else if (!strcmp(s, "right"))
            *out = BP_ALIGN_RIGHT;
        else
            rc = yq_fail(y, n, e, "%s must be left, center or right, not '%s'", what, s);
    }
    return rc;
}

/* `unit:` of an amount column or a table: the figures' unit, a power of
 * ten of 元. */
static int parse_unit(bp_yaml *y, yaml_node_t *v, bp_arena *a, const char **unit, int *exp,
                      bp_error *e)
{
    const char *s;
    BP_TRY(yq_string(y, v, "unit", a, &s, e));
    *exp = bp_lex_unit_exp(s, strlen(s));
    if (*exp != BP_NO_UNIT) {
        *unit = bp_lex_unit_name(*exp);
        return BP_OK;
    }
    return yq_fail(y, v, e, "unit must be %s, not '%s'", bp_lex_unit_list, s);
}

/* A number format's keys over f; *keys (may be NULL) receives the BP_FMT_*
 * bits of the keys given. */
static int parse_format(bp_yaml *y, yaml_node_t *n, bp_arena *a, bp_numfmt *f, unsigned *keys,
                        bp_error *e)
{
    static const char *const names[] = {"decimals", "max_decimals", "thousands", "zero", NULL};
    BP_TRY(yq_check_map(y, n, "format", names, e));
    unsigned got = 0;
    yaml_node_t *v, *max = yq_get(y, n, "max_decimals");
    if ((v = yq_get(y, n, "decimals"))) {
        long d;
        got |= BP_FMT_DECIMALS;
        if (v->type == YAML_SCALAR_NODE &&
            !strcmp((const char *)v->data.scalar.value, "as_entered"))
            f->as_entered = true, f->decimals = BP_DEC_MAX_SCALE;
        else {
            BP_TRY(yq_int(y, v, "format decimals", 0, 6, &d, e));
            f->as_entered = false, f->decimals = (int)d;
        }
    }
    if (max) {
        long d;
        if (!f->as_entered)
            return yq_fail(y, max, e, "format max_decimals applies to decimals: as_entered only");
        BP_TRY(yq_int(y, max, "format max_decimals", 0, 6, &d, e));
        f->decimals = (int)d;
        got |= BP_FMT_DECIMALS;
    }
    if ((v = yq_get(y, n, "thousands"))) {
        BP_TRY(yq_bool(y, v, "format thousands", &f->thousands, e));
        got |= BP_FMT_THOUSANDS;
    }
    if ((v = yq_get(y, n, "zero"))) {
        BP_TRY(yq_string(y, v, "format zero", a, &f->zero, e));
        f->zero_number = !strcmp(f->zero, "number");
        got |= BP_FMT_ZERO;
    }
    if (keys) *keys = got;
    return BP_OK;
}

static int parse_page(bp_yaml *y, yaml_node_t *n, bp_table_spec *t, bp_error *e)
{
    static const char *const keys[] = {"size", "orientation", "margins", NULL};
    BP_TRY(yq_check_map(y, n, "page", keys, e));
    yaml_node_t *v;
    int rc = BP_OK;
    if ((v = yq_get(y, n, "size"))) {
        if (v->type == YAML_SEQUENCE_NODE) {
            if (yq_seq_len(v) != 2) {
                rc = yq_fail(y, v, e, "page size must be A4, A3, B5 or [width, height] in mm");
            } else {
                rc = yq_number(y, yq_seq_item(y, v, 0), "page width", 50, 2000, &t->page_w, e);
                if (!rc)
                    rc = yq_number(y, yq_seq_item(y, v, 1), "page height", 50, 2000, &t->page_h, e);
            }
        } else {
            const char *s = NULL;
            rc = yq_word(y, v, "page size", &s, e);
            if (!rc) {
                if (!strcmp(s, "A4"))
                    t->page_w = 210, t->page_h = 297;
                else if (!strcmp(s, "A3"))
                    t->page_w = 297, t->page_h = 420;
                else if (!strcmp(s, "B5"))
                    t->page_w = 176, t->page_h = 250;
                else
                    rc = yq_fail(y, v, e,
                                 "page size must be A4, A3, B5 or [width, height], not '%s'", s);
            }
        }
    }
    if (!rc && (v = yq_get(y, n, "orientation"))) {
        const char *s = NULL;
        rc = yq_word(y, v, "page orientation", &s, e);
        if (!rc) {
            double lo = fmin(t->page_w, t->page_h), hi = fmax(t->page_w, t->page_h);
            t->orientation_auto = false;
            if (!strcmp(s, "portrait") || !strcmp(s, "auto"))
                t->page_w = lo, t->page_h = hi, t->orientation_auto = !strcmp(s, "auto");
            else if (!strcmp(s, "landscape"))
                t->page_w = hi, t->page_h = lo;
            else
                rc = yq_fail(y, v, e,
                             "page orientation must be portrait, landscape or auto, not '%s'", s);
        }
    }
    if (!rc && (v = yq_get(y, n, "margins"))) {
        if (v->type != YAML_SEQUENCE_NODE || yq_seq_len(v) != 4)
            rc = yq_fail(y, v, e,
                         "page margins must be a list of four numbers (mm): top, right, "
                         "bottom, left");
        for (int i = 0; !rc && i < 4; i++)
            rc = yq_number(y, yq_seq_item(y, v, i), "page margin", 0, 1000, &t->margin[i], e);
        if (!rc && (t->margin[1] + t->margin[3] > t->page_w - 20 ||
                    t->margin[0] + t->margin[2] > t->page_h - 20))
            rc = yq_fail(
                y, v, e, "page margins (%g, %g, %g, %g mm) leave no room on a %g × %g mm page",
                t->margin[0], t->margin[1], t->margin[2], t->margin[3], t->page_w, t->page_h);
    }
    return rc;
}

static int parse_width(bp_yaml *y, yaml_node_t *v, bp_column *c, bp_error *e)
{
    if (v->type == YAML_SCALAR_NODE) {
        const char *s = (const char *)v->data.scalar.value;
        size_t n = strlen(s);
        if (n > 1 && s[n - 1] == '*') {
            char buf[32];
            if (n - 1 >= sizeof buf) return yq_fail(y, v, e, "column width '%s' is not valid", s);
            memcpy(buf, s, n - 1);
            buf[n - 1] = 0;
            char *end;
            double w = strtod(buf, &end);
            if (*end || !(w > 0) || w > 1000)
                return yq_fail(y, v, e,
                               "column width '%s': a weight must be a positive number "
                               "followed by '*'",
                               s);
            c->weight = w;
            c->width_mm = 0;
            return BP_OK;
        }
    }
    BP_TRY(yq_number(y, v, "column width", 2, 1000, &c->width_mm, e));
    c->weight = 0;
    return BP_OK;
}

/* `code:` (function, economic or name) and `code_part:` (类, 款 or 项). */
static int parse_code(bp_yaml *y, yaml_node_t *n, bp_arena *a, bp_column *c, bp_error *e)
{
    static const char *const kinds[] = {"function", "economic", "name", NULL};
    static const char *const parts[] = {"类", "款", "项", NULL};
    yaml_node_t *v = yq_get(y, n, "code"), *pv = yq_get(y, n, "code_part");
    const char *s;
    if (v) {
        BP_TRY(yq_string(y, v, "column code", a, &s, e));
        int k = 0;
        while (kinds[k] && strcmp(kinds[k], s))
            k++;
        if (!kinds[k])
            return yq_fail(y, v, e, "column code must be function, economic or name, not '%s'", s);
        c->code = (bp_code_kind)(BP_CODE_FUNCTION + k);
    }
    if (pv) {
        BP_TRY(yq_string(y, pv, "column code_part", a, &s, e));
        int k = 0;
        while (parts[k] && strcmp(parts[k], s))
            k++;
        if (!parts[k]) return yq_fail(y, pv, e, "code_part must be 类, 款 or 项, not '%s'", s);
        if (c->code == BP_CODE_NAME)
            return yq_fail(y, pv, e, "code_part belongs to a code column, not to code: name");
        if (c->code == BP_CODE_NONE) c->code = BP_CODE_FUNCTION;
        if (c->code == BP_CODE_ECONOMIC && k == 2)
            return yq_fail(y, pv, e, "an economic classification code has no 项 (类 and 款 only)");
        c->code_part = k + 1;
    }
    if (c->code != BP_CODE_NONE && c->type != BP_COL_TEXT)
        return yq_fail(y, v ? v : pv, e, "column '%s': a code column must be a text column",
                       c->key);
    return BP_OK;
}

/* `digits:` of a text column: the lengths its codes have (a number or a
 * list), so that a code a workbook stores as a number gets its leading
 * zeros back (docs/workbook.md). Default: from code_part (类 3, 款 and 项 2)
 * or code (function 3/5/7, economic 3/5); none otherwise. */
static int parse_digits(bp_yaml *y, yaml_node_t *v, bp_column *c, bp_error *e)
{
    static const int part_digits[4] = {0, 3, 2, 2};
    if (!v) {
        if (c->code_part) {
            c->digits[c->ndigits++] = part_digits[c->code_part];
        } else if (c->code == BP_CODE_FUNCTION || c->code == BP_CODE_ECONOMIC) {
            for (int k = 3; k <= (c->code == BP_CODE_FUNCTION ? 7 : 5); k += 2)
                c->digits[c->ndigits++] = k;
        }
        return BP_OK;
    }
    if (c->type != BP_COL_TEXT)
        return yq_fail(y, v, e, "column '%s': digits applies to text (code) columns only", c->key);
    int n = v->type == YAML_SEQUENCE_NODE ? yq_seq_len(v) : 1;
    if (n < 1 || n > BP_MAX_DIGITS)
        return yq_fail(y, v, e, "column '%s': digits takes 1 to %d lengths", c->key, BP_MAX_DIGITS);
    for (int i = 0; i < n; i++) {
        yaml_node_t *it = v->type == YAML_SEQUENCE_NODE ? yq_seq_item(y, v, i) : v;
        long d;
        BP_TRY(yq_int(y, it, "column digits", 1, 15, &d, e));
        if (i && d <= c->digits[i - 1])
            return yq_fail(y, it, e, "column '%s': digits must be in increasing order", c->key);
        c->digits[i] = (int)d;
    }
    c->ndigits = n;
    return BP_OK;
}

static int parse_column(bp_yaml *y, yaml_node_t *n, bp_arena *a, const bp_numfmt *deffmt,
                        bp_column *c, bp_error *e)
{
    static const char *const keys[] = {"key",  "header", "width", "min_width", "align",
                                       "type", "format", "merge", "code",      "code_part",
                                       "unit", "digits", NULL};
    BP_TRY(yq_check_map(y, n, "column", keys, e));
    c->line = (int)n->start_mark.line + 1;
    c->col = (int)n->start_mark.column + 1;
    yaml_node_t *v;
    BP_TRY(yq_require(y, n, "key", "column", &v, e));
    BP_TRY(yq_string(y, v, "column key", a, &c->key, e));
    if (!c->key[0]) return yq_fail(y, v, e, "column key must not be empty");
    for (const char *p = c->key; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p == '-'))
            return yq_fail(y, v, e, "column key '%s' may hold only letters, digits, '_' and '-'",
                           c->key);
    BP_TRY(yq_require(y, n, "header", "column", &v, e));
    const bp_template **path;
    int depth;
    BP_TRY(tpl_list(y, v, "column header", BP_TPL_DEPT_FIELDS, a, &path, &depth, e));
    if (depth < 1) return yq_fail(y, v, e, "column header path must not be empty");
    if (depth > BP_MAX_HEADER_DEPTH)
        return yq_fail(y, v, e, "column header path has %d levels; at most %d are allowed", depth,
                       BP_MAX_HEADER_DEPTH);
    for (int i = 0; i < depth; i++)
        c->header[i] = path[i]->src, c->header_tpl[i] = path[i];
    c->depth = depth;
    c->weight = 1;
    if ((v = yq_get(y, n, "width"))) BP_TRY(parse_width(y, v, c, e));
    if ((v = yq_get(y, n, "min_width")))
        BP_TRY(yq_number(y, v, "column min_width", 2, 1000, &c->min_mm, e));
    c->type = BP_COL_TEXT;
    if ((v = yq_get(y, n, "type"))) {
        const char *s;
        BP_TRY(yq_string(y, v, "column type", a, &s, e));
        if (!strcmp(s, "amount"))
            c->type = BP_COL_AMOUNT;
        else if (strcmp(s, "text"))
            return yq_fail(y, v, e, "column type must be text or amount, not '%s'", s);
    }
    int align = c->type == BP_COL_AMOUNT ? BP_ALIGN_RIGHT : BP_ALIGN_LEFT;
    if ((v = yq_get(y, n, "align"))) BP_TRY(parse_align(y, v, "column align", &align, e));
    c->align = (bp_align)align;
    c->fmt = *deffmt;
    if ((v = yq_get(y, n, "format"))) {
        if (c->type != BP_COL_AMOUNT)
            return yq_fail(y, v, e,
                           "column '%s': format applies to amount columns only (add "
                           "type: amount)",
                           c->key);
        BP_TRY(parse_format(y, v, a, &c->fmt, NULL, e));
    }
    if ((v = yq_get(y, n, "merge"))) BP_TRY(yq_bool(y, v, "column merge", &c->merge, e));
    if ((v = yq_get(y, n, "unit"))) {
        if (c->type != BP_COL_AMOUNT)
            return yq_fail(y, v, e, "column '%s': unit applies to amount columns only", c->key);
        BP_TRY(parse_unit(y, v, a, &c->unit, &c->unit_exp, e));
    }
    BP_TRY(parse_code(y, n, a, c, e));
    return parse_digits(y, yq_get(y, n, "digits"), c, e);
}

static int column_ref(bp_yaml *y, yaml_node_t *v, bp_table_spec *t, const char *what, int *out,
                      bp_error *e)
{
    if (v->type != YAML_SCALAR_NODE) return yq_fail(y, v, e, "%s must be a column key", what);
    const char *s = (const char *)v->data.scalar.value;
    *out = spec_column_index(t, s);
    if (*out < 0) return yq_fail(y, v, e, "%s: no column with key '%s'", what, s);
    return BP_OK;
}

static int parse_rule(bp_yaml *y, yaml_node_t *n, bp_arena *a, bp_table_spec *t, bp_row_rule *r,
                      bp_error *e)
{
    static const char *const keys[] = {"when",           "bold",         "fill",
                                       "align",          "indent",       "format",
                                       "keep_with_next", "section_head", NULL};
    static const char *const when_keys[] = {"column", "equals", "length", "empty", "prefix", NULL};
    static const char *const indent_keys[] = {"column", "level", NULL};
    BP_TRY(yq_check_map(y, n, "row rule", keys, e));
    r->bold = -1, r->fill = -1, r->align = -1, r->indent_column = -1, r->keep_with_next = -1;
    r->section_head = -1;
    yaml_node_t *w, *v;
    BP_TRY(yq_require(y, n, "when", "row rule", &w, e));
    BP_TRY(yq_check_map(y, w, "when", when_keys, e));
    BP_TRY(yq_require(y, w, "column", "when", &v, e));
    BP_TRY(column_ref(y, v, t, "when column", &r->when.column, e));
    int ops = 0;
    if ((v = yq_get(y, w, "equals"))) {
        ops++;
        r->when.op = BP_WHEN_EQUALS;
        BP_TRY(yq_string_list(y, v, "when equals", a, true, &r->when.values, &r->when.nvalues, e));
    }
    if ((v = yq_get(y, w, "length"))) {
        ops++;
        long len;
        r->when.op = BP_WHEN_LENGTH;
        BP_TRY(yq_int(y, v, "when length", 0, 1000, &len, e));
        r->when.length = (int)len;
    }
    if ((v = yq_get(y, w, "empty"))) {
        ops++;
        r->when.op = BP_WHEN_EMPTY;
        BP_TRY(yq_bool(y, v, "when empty", &r->when.empty, e));
    }
    if ((v = yq_get(y, w, "prefix"))) {
        ops++;
        r->when.op = BP_WHEN_PREFIX;
        BP_TRY(yq_string_list(y, v, "when prefix", a, true, &r->when.values, &r->when.nvalues, e));
    }
    if (ops != 1)
        return yq_fail(y, w, e, "when needs exactly one of equals, length, empty or prefix");
    if ((v = yq_get(y, n, "bold"))) {
        bool b;
        BP_TRY(yq_bool(y, v, "bold", &b, e));
        r->bold = b;
    }
    if ((v = yq_get(y, n, "keep_with_next"))) {
        bool b;
        BP_TRY(yq_bool(y, v, "keep_with_next", &b, e));
        r->keep_with_next = b;
    }
    if ((v = yq_get(y, n, "section_head"))) {
        bool b;
        BP_TRY(yq_bool(y, v, "section_head", &b, e));
        r->section_head = b;
    }
    if ((v = yq_get(y, n, "fill"))) BP_TRY(yq_number(y, v, "fill", 0, 1, &r->fill, e));
    if ((v = yq_get(y, n, "align"))) BP_TRY(parse_align(y, v, "row align", &r->align, e));
    if ((v = yq_get(y, n, "indent"))) {
        yaml_node_t *c, *l;
        BP_TRY(yq_check_map(y, v, "indent", indent_keys, e));
        BP_TRY(yq_require(y, v, "column", "indent", &c, e));
        BP_TRY(column_ref(y, c, t, "indent column", &r->indent_column, e));
        BP_TRY(yq_require(y, v, "level", "indent", &l, e));
        long lv;
        BP_TRY(yq_int(y, l, "indent level", 0, 10, &lv, e));
        r->indent_level = (int)lv;
    }
    if ((v = yq_get(y, n, "format"))) {
        bool amounts = false;
        for (int i = 0; i < t->ncolumns; i++)
            amounts = amounts || t->columns[i].type == BP_COL_AMOUNT;
        if (!amounts) return yq_fail(y, v, e, "row rule format: the table has no amount columns");
        BP_TRY(parse_format(y, v, a, &r->fmt, &r->fmt_keys, e));
    }
    return BP_OK;
}

/* `empty:` — what a table with no figures prints above its empty_note. */
static int parse_empty(bp_yaml *y, yaml_node_t *n, bp_arena *a, bp_table_spec *t, bp_error *e)
{
    static const char *const keys[] = {"body", "total_row", "column", NULL};
    BP_TRY(yq_check_map(y, n, "empty", keys, e));
    yaml_node_t *v, *row = yq_get(y, n, "total_row"), *col = yq_get(y, n, "column");
    t->empty_body = row || col ? BP_EMPTY_TOTAL : BP_EMPTY_ROWS;
    if ((v = yq_get(y, n, "body"))) {
        const char *s;
        BP_TRY(yq_string(y, v, "empty body", a, &s, e));
        if (!strcmp(s, "rows"))
            t->empty_body = BP_EMPTY_ROWS;
        else if (!strcmp(s, "none"))
            t->empty_body = BP_EMPTY_NONE;
        else if (!strcmp(s, "total"))
            t->empty_body = BP_EMPTY_TOTAL;
        else
            return yq_fail(y, v, e, "empty body must be rows, none or total, not '%s'", s);
        if ((row || col) && t->empty_body != BP_EMPTY_TOTAL)
            return yq_fail(y, row ? row : col, e,
                           "empty: total_row and column apply to body: total only");
    }
    t->empty_total = "合计";
    if (row) BP_TRY(yq_string(y, row, "empty total_row", a, &t->empty_total, e));
    if (col) BP_TRY(column_ref(y, col, t, "empty column", &t->empty_total_column, e));
    for (int i = t->ncolumns - 1; !col && i >= 0; i--) /* default: the first text column */
        if (t->columns[i].type == BP_COL_TEXT) t->empty_total_column = i;
    return BP_OK;
}

bool spec_when_matches(const bp_when *w, const char *s)
{
    switch (w->op) {
    case BP_WHEN_EQUALS:
        for (int i = 0; i < w->nvalues; i++)
            if (!strcmp(s, w->values[i])) return true;
        return false;
    case BP_WHEN_PREFIX:
        for (int i = 0; i < w->nvalues; i++)
            if (!strncmp(s, w->values[i], strlen(w->values[i]))) return true;
        return false;
    case BP_WHEN_LENGTH:
        return (int)bp_utf8_count(s, strlen(s)) == w->length;
    case BP_WHEN_EMPTY:
        return (s[0] == 0) == w->empty;
    }
    return false;
}

int spec_build_header(bp_arena *a, bp_table_spec *t, bp_error *e)
{
    int rows = 0;
    for (int i = 0; i < t->ncolumns; i++)
        if (t->columns[i].depth > rows) rows = t->columns[i].depth;
    t->header_rows = rows;
    bp_vec cells;
    bp_vec_init(&cells, sizeof(bp_header_cell));
    for (int level = 0; level < rows; level++) {
        int i = 0;
        while (i < t->ncolumns) {
            const bp_column *c = &t->columns[i];
            if (c->depth <= level) { /* covered by a shorter path's rowspan */
                i++;
                continue;
            }
            /* extend over neighbours sharing the prefix 0..level */
            int j = i + 1;
            while (j < t->ncolumns) {
                const bp_column *d = &t->columns[j];
                if (d->depth <= level) break;
                bool same = true;
                for (int k = 0; k <= level && same; k++)
                    same = !strcmp(c->header[k], d->header[k]);
                /* a leaf never merges with a longer path, and two leaves
                 * with equal paths stay separate columns */
                if (!same || c->depth == level + 1 || d->depth == level + 1) break;
                j++;
            }
            bp_header_cell *h = bp_vec_push(a, &cells);
            h->text = c->header[level];
            h->tpl = c->header_tpl[level];
            h->row = level;
            h->col = i;
            h->colspan = j - i;
            h->rowspan = c->depth == level + 1 ? rows - level : 1;
            i = j;
        }
    }
    t->header = cells.items;
    t->nheader = cells.n;
    (void)e;
    return BP_OK;
}

/* Phase 1 of spec_parse_table_yaml: the defaults of a table layout. */
static void table_defaults(bp_arena *a, bp_table_spec *t)
{
    t->page_w = 210, t->page_h = 297;
    t->margin[0] = 20, t->margin[1] = 15, t->margin[2] = 15, t->margin[3] = 15;
    t->font_size = 9;
    t->header_font_size = -1;
    t->title_size = 16;
    t->line_spacing = 1.25;
    t->padding = 1.2;
    t->min_row_height = 6;
    t->indent = 3.5;
    t->show_header = true;
    t->repeat_header = true;
    t->group_column = -1;
    t->continued = tpl_must(a, "{title}（续表）");
}

/* What continuation pages repeat (the header rows, short merged labels)
 * and the empty rows before the total. */
static int parse_repeats(bp_yaml *y, yaml_node_t *root, bp_table_spec *t, bp_error *e)
{
    yaml_node_t *v;
    if ((v = yq_get(y, root, "repeat_header")))
        BP_TRY(yq_bool(y, v, "repeat_header", &t->repeat_header, e));
    if ((v = yq_get(y, root, "repeat_labels"))) {
        static const char *const names[] = {"none", "plain", "continued", NULL};
        const char *w;
        BP_TRY(yq_word(y, v, "repeat_labels", &w, e));
        int k = 0;
        while (names[k] && strcmp(names[k], w))
            k++;
        if (!names[k])
            return yq_fail(y, v, e, "repeat_labels is none, plain or continued, not '%s'", w);
        t->repeat_labels = (bp_repeat_labels)k;
    }
    if ((v = yq_get(y, root, "padding_rows"))) {
        const char *w;
        long n;
        if (yq_word(y, v, "padding_rows", &w, e) == BP_OK && !strcmp(w, "as_in_workbook"))
            t->padding_rows = BP_PADDING_AS_IN_SOURCE;
        else {
            BP_TRY(yq_int(y, v, "padding_rows (a count, or as_in_workbook)", 0, 1000, &n, e));
            t->padding_rows = (int)n;
        }
    }
    return BP_OK;
}

/* Phase 2 of spec_parse_table_yaml: the texts (title, contents, subtitle,
 * continued, caption), the data file and the page. */
static int parse_table_texts(bp_yaml *y, yaml_node_t *root, bp_arena *a, bp_table_spec *t,
                             bp_error *e)
{
    static const char *const caption_keys[] = {"left", "right", NULL};
    const unsigned dept = BP_TPL_DEPT_FIELDS;
    yaml_node_t *v;
    BP_TRY(yq_require(y, root, "title", "table layout", &v, e));
    BP_TRY(spec_template_node(y, v, "title", dept, a, &t->title, e));
    BP_TRY(get_template(y, root, "contents", "contents", dept, a, &t->contents, e));
    BP_TRY(get_template(y, root, "subtitle", "subtitle", dept, a, &t->subtitle, e));
    BP_TRY(get_template(y, root, "continued", "continued", BP_TPL_CONTINUED_FIELDS, a,
                        &t->continued, e));
    BP_TRY(yq_require(y, root, "data", "table layout", &v, e));
    BP_TRY(yq_string(y, v, "data", a, &t->data, e));
    if (!bp_plain_file_name(t->data))
        return yq_fail(y, v, e, "data must be a file name in the department folder, not '%s'",
                       t->data);
    if ((v = yq_get(y, root, "sheet")))
        BP_TRY(yq_string_list(y, v, "sheet", a, true, &t->sheets, &t->nsheets, e));
    if ((v = yq_get(y, root, "page"))) BP_TRY(parse_page(y, v, t, e));
    if ((v = yq_get(y, root, "caption"))) {
        BP_TRY(yq_check_map(y, v, "caption", caption_keys, e));
        BP_TRY(get_template(y, v, "left", "caption left", dept, a, &t->caption_left, e));
        BP_TRY(get_template(y, v, "right", "caption right", dept, a, &t->caption_right, e));
    }
    return BP_OK;
}

/* Phase 3 of spec_parse_table_yaml: font sizes, spacing, padding, indent
 * and whether the header is drawn. */
static int parse_table_sizes(bp_yaml *y, yaml_node_t *root, bp_table_spec *t, bp_error *e)
{
    yaml_node_t *v;
    BP_TRY(get_number(y, root, "font_size", "font_size", 4, 72, &t->font_size, e));
    BP_TRY(get_number(y, root, "header_font_size", "header_font_size", 4, 72, &t->header_font_size,
                      e));
    if (t->header_font_size < 0) t->header_font_size = t->font_size;
    BP_TRY(get_number(y, root, "min_font_size", "min_font_size", 4, 72, &t->min_font_size, e));
    if (t->min_font_size > t->font_size)
        return yq_fail(y, yq_get(y, root, "min_font_size"), e,
                       "min_font_size (%g) is larger than font_size (%g)", t->min_font_size,
                       t->font_size);
    BP_TRY(get_number(y, root, "title_size", "title_size", 4, 72, &t->title_size, e));
    BP_TRY(get_number(y, root, "line_spacing", "line_spacing", 1, 3, &t->line_spacing, e));
    BP_TRY(get_number(y, root, "padding", "padding", 0, 20, &t->padding, e));
    BP_TRY(get_number(y, root, "min_row_height", "min_row_height", 0, 200, &t->min_row_height, e));
    BP_TRY(get_number(y, root, "indent", "indent", 0, 50, &t->indent, e));
    if ((v = yq_get(y, root, "header"))) BP_TRY(yq_bool(y, v, "header", &t->show_header, e));
    return parse_repeats(y, root, t, e);
}

/* Phase 4 of spec_parse_table_yaml: the columns, with the default number
 * format, the default unit and the group column. */
static int parse_table_columns(bp_yaml *y, yaml_node_t *root, bp_arena *a, bp_table_spec *t,
                               bp_error *e)
{
    yaml_node_t *v;
    bp_numfmt deffmt = {.decimals = 1, .thousands = true, .zero = ""};
    if ((v = yq_get(y, root, "format"))) BP_TRY(parse_format(y, v, a, &deffmt, NULL, e));

    yaml_node_t *cols;
    BP_TRY(yq_require(y, root, "columns", "table layout", &cols, e));
    if (cols->type != YAML_SEQUENCE_NODE || yq_seq_len(cols) == 0)
        return yq_fail(y, cols, e, "columns must be a non-empty list");
    t->ncolumns = yq_seq_len(cols);
    if (t->ncolumns > BP_MAX_COLUMNS)
        return yq_fail(y, cols, e, "%d columns; at most %d are allowed (docs/limits.md)",
                       t->ncolumns, BP_MAX_COLUMNS);
    t->columns = bp_alloc(a, (size_t)t->ncolumns * sizeof *t->columns);
    for (int i = 0; i < t->ncolumns; i++) {
        yaml_node_t *cn = yq_seq_item(y, cols, i);
        BP_TRY(parse_column(y, cn, a, &deffmt, &t->columns[i], e));
        for (int j = 0; j < i; j++)
            if (!strcmp(t->columns[j].key, t->columns[i].key))
                return yq_fail(y, cn, e, "column key '%s' is used twice (first at line %d)",
                               t->columns[i].key, t->columns[j].line);
    }
    if ((v = yq_get(y, root, "unit"))) { /* the unit of amount columns without their own */
        const char *unit = NULL;
        int exp = 0;
        BP_TRY(parse_unit(y, v, a, &unit, &exp, e));
        for (int i = 0; i < t->ncolumns; i++)
            if (t->columns[i].type == BP_COL_AMOUNT && !t->columns[i].unit)
                t->columns[i].unit = unit, t->columns[i].unit_exp = exp;
    }
    if ((v = yq_get(y, root, "group"))) BP_TRY(column_ref(y, v, t, "group", &t->group_column, e));
    return BP_OK;
}

/* Phase 5 of spec_parse_table_yaml: row rules, notes and what an empty
 * table shows. */
static int parse_table_rows(bp_yaml *y, yaml_node_t *root, bp_arena *a, bp_table_spec *t,
                            bp_error *e)
{
    const unsigned dept = BP_TPL_DEPT_FIELDS;
    yaml_node_t *v;
    if ((v = yq_get(y, root, "rows"))) {
        if (v->type != YAML_SEQUENCE_NODE) return yq_fail(y, v, e, "rows must be a list of rules");
        t->nrules = yq_seq_len(v);
        if (t->nrules > BP_MAX_ROW_RULES)
            return yq_fail(y, v, e, "%d row rules; at most %d are allowed (docs/limits.md)",
                           t->nrules, BP_MAX_ROW_RULES);
        t->rules = bp_alloc(a, (size_t)t->nrules * sizeof *t->rules);
        for (int i = 0; i < t->nrules; i++)
            BP_TRY(parse_rule(y, yq_seq_item(y, v, i), a, t, &t->rules[i], e));
    }
    if ((v = yq_get(y, root, "notes")))
        BP_TRY(tpl_list(y, v, "note", dept, a, &t->notes, &t->nnotes, e));
    BP_TRY(get_template(y, root, "empty_note", "empty_note", dept, a, &t->empty_note, e));
    if ((v = yq_get(y, root, "empty"))) BP_TRY(parse_empty(y, v, a, t, e));
    return BP_OK;
}

int spec_parse_table_yaml(bp_yaml *y, yaml_node_t *root, bp_arena *a, bp_table_spec *t, bp_error *e)
{
    static const char *const keys[] = {"title",
                                       "contents",
                                       "subtitle",
                                       "continued",
                                       "data",
                                       "page",
                                       "caption",
                                       "font_size",
                                       "header_font_size",
                                       "title_size",
                                       "line_spacing",
                                       "padding",
                                       "min_row_height",
                                       "header",
                                       "repeat_header",
                                       "repeat_labels",
                                       "padding_rows",
                                       "group",
                                       "min_font_size",
                                       "format",
                                       "columns",
                                       "rows",
                                       "indent",
                                       "notes",
                                       "empty_note",
                                       "empty",
                                       "checks",
                                       "unit",
                                       "kind",
                                       "form",
                                       "sheet",
                                       NULL};
    BP_TRY(yq_check_map(y, root, "table layout", keys, e));
    table_defaults(a, t);
    BP_TRY(parse_table_texts(y, root, a, t, e));
    BP_TRY(parse_table_sizes(y, root, t, e));
    BP_TRY(parse_table_columns(y, root, a, t, e));
    BP_TRY(parse_table_rows(y, root, a, t, e));
    yaml_node_t *v;
    BP_TRY(spec_parse_form(y, root, a, t, e)); /* kind: form (spec_form.c) */
    if ((v = yq_get(y, root, "checks"))) BP_TRY(spec_parse_checks(y, v, a, t, e));
    return spec_build_header(a, t, e);
}

typedef struct table_call {
    bp_table_spec *out;
    bp_error *e;
} table_call;

static int parse_table_doc(bp_yaml *y, bp_arena *a, void *ctx)
{
    table_call *c = ctx;
    return spec_parse_table_yaml(y, yq_root(y), a, c->out, c->e);
}

int spec_parse_table(bp_arena *a, const char *name, const char *text, size_t len,
                     bp_table_spec *out, bp_error *e)
{
    bp_yaml y;
    memset(out, 0, sizeof *out);
    out->file = bp_strdup(a, name);
    BP_TRY(yq_load(&y, out->file, text, len, e));
    table_call c = {out, e};
    return yq_run(&y, a, parse_table_doc, &c, e);
}

int spec_load_table(bp_ctx *c, const char *path, bp_table_spec *out)
{
    bp_arena *a = c->a;
    bp_error *e = c->e;
    char *text;
    size_t len;
    BP_TRY(bp_read_file(a, path, &text, &len, e));
    return spec_parse_table(a, path, text, len, out, e);
}

/* The roles of a `fonts` mapping (body, title, number, note): each a
 * family name or a list of them; roles not given are left as they are. */
static int parse_font_roles(bp_yaml *y, yaml_node_t *v, bp_arena *a,
                            const char *families[BP_ROLE_COUNT][BP_MAX_FAMILIES + 1], bp_error *e)
{
    for (int r = 0; r < BP_ROLE_COUNT; r++) {
        yaml_node_t *f = yq_get(y, v, bp_role_names[r]);
        if (!f) continue;
        const char **fam;
        int n;
        BP_TRY(yq_string_list(y, f, "font families", a, true, &fam, &n, e));
        if (n < 1)
            return yq_fail(y, f, e, "the %s role needs at least one family", bp_role_names[r]);
        if (n > BP_MAX_FAMILIES)
            return yq_fail(y, f, e, "at most %d font families per role", BP_MAX_FAMILIES);
        for (int i = 0; i <= BP_MAX_FAMILIES; i++)
            families[r][i] = i < n ? fam[i] : NULL;
    }
    return BP_OK;
}

typedef struct profile_call {
    const char *(*families)[BP_MAX_FAMILIES + 1];
    bp_error *e;
} profile_call;

static int parse_profile_doc(bp_yaml *y, bp_arena *a, void *ctx)
{
    profile_call *c = ctx;
    BP_TRY(yq_check_map(y, yq_root(y), "font profile", bp_role_names, c->e));
    return parse_font_roles(y, yq_root(y), a, c->families, c->e);
}

int spec_load_font_profile(bp_ctx *cx, const char *path,
                           const char *families[BP_ROLE_COUNT][BP_MAX_FAMILIES + 1])
{
    bp_arena *a = cx->a;
    bp_error *e = cx->e;
    char *text;
    size_t len;
    BP_TRY(bp_read_file(a, path, &text, &len, e));
    bp_yaml y;
    BP_TRY(yq_load(&y, path, text, len, e));
    profile_call c = {families, e};
    return yq_run(&y, a, parse_profile_doc, &c, e);
}

void spec_set_defaults(bp_layout_set *s)
{
    s->cover = (bp_cover_style){.label_size = 16, .title_size = 24, .lines_size = 16};
    s->contents = (bp_contents_style){.title_size = 18,
                                      .entry_size = 12,
                                      .line_height = 26,
                                      .page_numbers = true,
                                      .leaders = true};
}

/* `orientation:` of the cover or the contents page. */
static int parse_front_orientation(bp_yaml *y, yaml_node_t *map, const char *what, bool *landscape,
                                   bp_error *e)
{
    yaml_node_t *v = yq_get(y, map, "orientation");
    if (!v) return BP_OK;
    if (v->type == YAML_SCALAR_NODE && !strcmp((const char *)v->data.scalar.value, "portrait"))
        *landscape = false;
    else if (v->type == YAML_SCALAR_NODE &&
             !strcmp((const char *)v->data.scalar.value, "landscape"))
        *landscape = true;
    else
        return yq_fail(y, v, e, "%s orientation must be portrait or landscape", what);
    return BP_OK;
}

static int parse_cover(bp_yaml *y, yaml_node_t *v, bp_arena *a, bp_layout_set *s, bp_error *e)
{
    static const char *const keys[] = {"label",      "title", "orientation", "label_size",
                                       "title_size", "lines", "lines_size",  NULL};
    bp_cover_style *c = &s->cover;
    BP_TRY(yq_check_map(y, v, "cover", keys, e));
    s->cover_label = tpl_must(a, "");
    BP_TRY(get_template(y, v, "label", "cover label", BP_TPL_DEPT_FIELDS, a, &s->cover_label, e));
    yaml_node_t *t;
    BP_TRY(yq_require(y, v, "title", "cover", &t, e));
    BP_TRY(get_template(y, v, "title", "cover title", BP_TPL_DEPT_FIELDS, a, &s->cover_title, e));
    BP_TRY(parse_front_orientation(y, v, "cover", &c->landscape, e));
    BP_TRY(get_number(y, v, "label_size", "cover label_size", 4, 72, &c->label_size, e));
    BP_TRY(get_number(y, v, "title_size", "cover title_size", 4, 72, &c->title_size, e));
    BP_TRY(get_number(y, v, "lines_size", "cover lines_size", 4, 72, &c->lines_size, e));
    if ((t = yq_get(y, v, "lines")))
        BP_TRY(tpl_list(y, t, "cover line", BP_TPL_DEPT_FIELDS, a, &c->lines, &c->nlines, e));
    return BP_OK;
}

static int parse_contents(bp_yaml *y, yaml_node_t *v, bp_arena *a, bp_layout_set *s, bp_error *e)
{
    static const char *const keys[] = {"title",       "orientation",  "title_size", "entry_size",
                                       "line_height", "page_numbers", "leaders",    NULL};
    bp_contents_style *c = &s->contents;
    BP_TRY(yq_check_map(y, v, "contents", keys, e));
    yaml_node_t *t;
    BP_TRY(yq_require(y, v, "title", "contents", &t, e));
    BP_TRY(get_template(y, v, "title", "contents title", BP_TPL_DEPT_FIELDS, a, &s->contents_title,
                        e));
    BP_TRY(parse_front_orientation(y, v, "contents", &c->landscape, e));
    BP_TRY(get_number(y, v, "title_size", "contents title_size", 4, 72, &c->title_size, e));
    BP_TRY(get_number(y, v, "entry_size", "contents entry_size", 4, 72, &c->entry_size, e));
    if ((t = yq_get(y, v, "line_height"))) {
        double mm;
        BP_TRY(yq_number(y, t, "contents line_height", 3, 100, &mm, e));
        c->line_height = mm * 72.0 / 25.4; /* points */
    }
    if ((t = yq_get(y, v, "page_numbers")))
        BP_TRY(yq_bool(y, t, "contents page_numbers", &c->page_numbers, e));
    if ((t = yq_get(y, v, "leaders"))) BP_TRY(yq_bool(y, t, "contents leaders", &c->leaders, e));
    if (c->line_height < c->entry_size)
        return yq_fail(y, yq_get(y, v, "line_height"), e,
                       "contents line_height (%.3g mm) is smaller than its entry_size (%g pt)",
                       c->line_height * 25.4 / 72.0, c->entry_size);
    return BP_OK;
}

const char *const spec_set_keys[] = {
    "name",    "cover",   "contents", "footer",   "page_numbers", "fonts",    "tables", "rules",
    "extends", "replace", "drop",     "override", "figures",      "document", "text",   NULL};

int spec_parse_set_head(bp_yaml *y, yaml_node_t *root, bp_arena *a, bp_layout_set *s, bp_error *e)
{
    BP_TRY(yq_check_map(y, root, "layout set", spec_set_keys, e));
    yaml_node_t *v;
    BP_TRY(yq_require(y, root, "name", "layout set", &v, e));
    BP_TRY(yq_string(y, v, "name", a, &s->name, e));
    if ((v = yq_get(y, root, "cover"))) BP_TRY(parse_cover(y, v, a, s, e));
    if ((v = yq_get(y, root, "contents"))) BP_TRY(parse_contents(y, v, a, s, e));
    BP_TRY(get_template(y, root, "footer", "footer", BP_TPL_FOOTER_FIELDS, a, &s->footer, e));
    if ((v = yq_get(y, root, "page_numbers"))) {
        const char *pn;
        BP_TRY(yq_string(y, v, "page_numbers", a, &pn, e));
        if (!strcmp(pn, "table"))
            s->numbers_per_table = true;
        else if (strcmp(pn, "document"))
            return yq_fail(y, v, e, "page_numbers must be document or table, not '%s'", pn);
    }
    if ((v = yq_get(y, root, "fonts"))) {
        BP_TRY(yq_check_map(y, v, "fonts", bp_role_names, e));
        BP_TRY(parse_font_roles(y, v, a, s->families, e));
    }
    if ((v = yq_get(y, root, "document"))) BP_TRY(doc_style_parse(y, v, a, &s->document, e));
    return BP_OK;
}
