/* check_json.c — a finding as JSON (check_json.h): its fields, its source
 * split into file, line and column (or workbook, sheet and cell) when the
 * location has that form, and the cells it involves. */
#include "check_json.h"

#include <stdlib.h>
#include <string.h>

static const char *severity_word(int severity)
{
    return severity == BUDGETPDF_CHECK_ERROR     ? "error"
           : severity == BUDGETPDF_CHECK_WARNING ? "warning"
                                                 : "rounding";
}

/* The number ending s at end (digits only), or -1; *start: where it begins. */
static long tail_number(const char *s, const char *end, const char **start)
{
    const char *p = end;
    while (p > s && p[-1] >= '0' && p[-1] <= '9')
        p--;
    if (p == end || end - p > 9) return -1;
    *start = p;
    return strtol(p, NULL, 10);
}

static void member_n(json_out *j, const char *key, const char *s, size_t n)
{
    char *t = malloc(n + 1);
    json_key(j, key);
    if (!t) {
        json_null(j);
        return;
    }
    memcpy(t, s, n);
    t[n] = 0;
    json_string(j, t);
    free(t);
}

/* {"where": "...", "file": "...", "line": L, "column": C} for FILE:LINE:COL
 * (a CSV field), {"where", "file", "sheet", "cell"} for "FILE: SHEET!CELL"
 * (a workbook's cell), {"where"} otherwise; null when there is none. */
static void source(json_out *j, const char *where)
{
    if (!where) {
        json_null(j);
        return;
    }
    json_object(j);
    json_key(j, "where");
    json_string(j, where);
    const char *end = where + strlen(where), *c0, *l0;
    long col = tail_number(where, end, &c0), line = -1;
    if (col >= 0 && c0 > where && c0[-1] == ':') line = tail_number(where, c0 - 1, &l0);
    const char *bang = strrchr(where, '!'), *sep = strstr(where, ": ");
    if (line >= 0 && l0 > where && l0[-1] == ':') {
        member_n(j, "file", where, (size_t)(l0 - 1 - where));
        json_key(j, "line");
        json_int(j, line);
        json_key(j, "column");
        json_int(j, col);
    } else if (bang && sep && sep < bang) {
        member_n(j, "file", where, (size_t)(sep - where));
        member_n(j, "sheet", sep + 2, (size_t)(bang - sep - 2));
        json_key(j, "cell");
        json_string(j, bang + 1);
    }
    json_end_object(j);
}

static void member(json_out *j, const char *key, const char *value)
{
    json_key(j, key);
    json_string(j, value);
}

/* "page" (1-based, of the document render writes: where the finding is
 * shown first, or null) and "boxes" (each box it is drawn in), when the
 * check laid the document out (budgetpdf_options.finding_boxes). */
static void boxes(json_out *j, const budgetpdf_finding *f)
{
    json_key(j, "page");
    if (f->nboxes)
        json_int(j, f->boxes[0].page + 1);
    else
        json_null(j);
    json_key(j, "boxes");
    json_array(j);
    for (int i = 0; i < f->nboxes; i++) {
        const budgetpdf_finding_box *b = &f->boxes[i];
        json_object(j);
        json_key(j, "page");
        json_int(j, b->page + 1);
        const char *k[] = {"x", "y", "x2", "y2"};
        double v[] = {b->x, b->y, b->x2, b->y2};
        for (int n = 0; n < 4; n++) {
            json_key(j, k[n]);
            json_number(j, v[n]);
        }
        json_end_object(j);
    }
    json_end_array(j);
}

void check_json_finding(json_out *j, const budgetpdf_finding *f)
{
    json_object(j);
    member(j, "severity", severity_word(f->severity));
    member(j, "kind", f->kind);
    member(j, "rule", f->rule);
    json_key(j, "table");
    if (f->table >= 0) {
        json_object(j);
        json_key(j, "index");
        json_int(j, f->table);
        member(j, "id", f->table_id);
        member(j, "name", f->table_name);
        json_end_object(j);
    } else {
        json_null(j);
    }
    member(j, "row", f->row);
    member(j, "column", f->column);
    member(j, "expected", f->expected);
    member(j, "found", f->found);
    member(j, "relation", f->relation);
    member(j, "tolerance", f->tolerance);
    member(j, "unit", f->unit);
    json_key(j, "source");
    source(j, f->where);
    json_key(j, "cells");
    json_array(j);
    for (int i = 0; i < f->ncells; i++) {
        const budgetpdf_finding_cell *c = &f->cells[i];
        json_object(j);
        json_key(j, "table");
        json_int(j, c->table);
        json_key(j, "row");
        json_int(j, c->row);
        json_key(j, "column");
        json_int(j, c->column);
        member(j, "role",
               c->wrong == BUDGETPDF_CELL_CANDIDATE ? "candidate"
               : c->wrong                           ? "wrong"
                                                    : "compared");
        json_key(j, "source");
        source(j, c->where);
        json_end_object(j);
    }
    json_end_array(j);
    member(j, "message", f->message);
    if (f->boxes || f->text_end > f->text_start) boxes(j, f);
    json_end_object(j);
}

void check_json_counts(json_out *j, const budgetpdf_check_result *r)
{
    const struct {
        const char *key;
        int v;
    } n[] = {{"errors", r->errors},
             {"warnings", r->warnings},
             {"roundings", r->roundings},
             {"rules", r->rules},
             {"comparisons", r->comparisons}};
    for (size_t i = 0; i < sizeof n / sizeof n[0]; i++) {
        json_key(j, n[i].key);
        json_int(j, n[i].v);
    }
}
