/* check_fixture.h — the fixture of the unit tests of the check stage: a
 * layout set of up to four tables parsed from YAML and bound to CSV text,
 * a department, and check_run with every finding collected: its message
 * line as "E|W|R line" (out), its fields as one line (data). Included by
 * one test file each (static definitions). */
#ifndef BP_TEST_CHECK_FIXTURE_H
#define BP_TEST_CHECK_FIXTURE_H

#include <stdio.h>
#include <string.h>

#include "check.h"
#include "spec_checks.h"

#define MAXT 4

typedef struct fx {
    bp_arena a;
    bp_layout_set set;
    bp_table_spec t[MAXT];
    bp_table_data *d[MAXT];
    bp_department dept;
    char out[16384];
    size_t len;
    char data[16384]; /* the findings as data, one line each (describe) */
    size_t dlen;
    bp_check_stats st;
} fx;

static fx *fx_new(void)
{
    fx *f = test_calloc(1, sizeof *f);
    bp_arena_init(&f->a);
    f->set.name = "test";
    f->set.dir = ".";
    f->set.tables = f->t;
    f->dept.name = "测试部门";
    f->dept.code = "001";
    f->dept.unit = "万元";
    f->dept.year = 2024;
    return f;
}

static void fx_free(fx *f)
{
    bp_arena_free(&f->a);
    test_free(f);
}

static void add_table(fx *f, const char *name, const char *yaml, const char *csv)
{
    bp_error e = {0, ""};
    int i = f->set.ntables;
    assert_true(i < MAXT);
    if (spec_parse_table(&f->a, name, yaml, strlen(yaml), &f->t[i], &e)) fail_msg("%s", e.msg);
    bp_csv *c;
    if (data_parse_csv(&f->a, "x.csv", csv, strlen(csv), "utf-8", &c, &e)) fail_msg("%s", e.msg);
    if (data_bind(&f->a, &f->t[i], c, &f->d[i], &e)) fail_msg("%s", e.msg);
    f->set.ntables++;
}

#define OR_(s) ((s) ? (s) : "-")

/* One finding as a line: kind|rule|table|row|column|expected found
 * relation tolerance unit|where|cells (table.row.column, ! = wrong, ? = a
 * candidate, @ its source). */
static void describe(fx *f, const bp_finding *fd)
{
    if (f->dlen + 1024 > sizeof f->data) return;
    f->dlen += (size_t)snprintf(
        f->data + f->dlen, sizeof f->data - f->dlen, "%s|%s|%d %s %s|%s|%s|%s %s %s %s %s|%s|",
        fd->kind, fd->rule, fd->table, OR_(fd->table_id), OR_(fd->table_name), OR_(fd->row),
        OR_(fd->column), OR_(fd->expected), OR_(fd->found), OR_(fd->relation), OR_(fd->tolerance),
        OR_(fd->unit), OR_(fd->where));
    for (int i = 0; i < fd->ncells; i++) {
        const bp_finding_cell *c = &fd->cells[i];
        if (f->dlen + 200 > sizeof f->data) break; /* a sum of 3,000 rows: enough */
        f->dlen += (size_t)snprintf(f->data + f->dlen, sizeof f->data - f->dlen, " %d.%d.%d%s@%s",
                                    c->table, c->row, c->column,
                                    c->wrong == BUDGETPDF_CELL_CANDIDATE ? "?"
                                    : c->wrong                           ? "!"
                                                                         : "",
                                    c->where);
    }
    f->dlen += (size_t)snprintf(f->data + f->dlen, sizeof f->data - f->dlen, "\n");
}

static void collect(void *ud, const bp_finding *fd)
{
    fx *f = ud;
    describe(f, fd);
    f->len += (size_t)snprintf(f->out + f->len, sizeof f->out - f->len, "%s %s\n",
                               fd->severity == BP_CHECK_ERROR     ? "E"
                               : fd->severity == BP_CHECK_WARNING ? "W"
                                                                  : "R",
                               fd->message);
}

static const char *run_checks(fx *f)
{
    bp_error e = {0, ""};
    f->len = f->dlen = 0;
    f->out[0] = f->data[0] = 0;
    assert_int_equal(
        check_run(&(bp_check_in){BP_CTX(&f->a, &e), &f->set, &f->dept, f->d, collect, f, &f->st},
                  NULL),
        0);
    return f->out;
}

static void add_rules(fx *f, const char *yaml)
{
    bp_error e = {0, ""};
    if (spec_parse_rules(&f->a, "rules.yaml", yaml, strlen(yaml), &f->set, &e))
        fail_msg("%s", e.msg);
}

#endif
