/* test_batch_wire.c — a batch department's result as bytes
 * (src/batch_wire.c), from a worker process to the batch: every field and
 * finding comes back as it was sent; a frame cut short anywhere, or naming
 * another department, is refused (the worker is then taken for crashed)
 * and never read past its end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "batch_priv.h"

/* A department as a worker leaves it: a failed check with two findings. */
static void sample(batch_dept *d)
{
    memset(d, 0, sizeof *d);
    d->status = BUDGETPDF_ECHECK;
    d->pages = 0;
    d->bytes = 1234567890123LL;
    d->ms = 12.5;
    d->code = "101";
    d->name = "登封市教育局";
    d->message = "05-gpb-expenditure.csv:3:4: 合计 ≠ 12.3";
    budgetpdf_finding_cell cells[2] = {{4, 2, 3, 1, "DIR/05.csv:3:4"}, {4, 3, 3, 0, NULL}};
    budgetpdf_finding f;
    memset(&f, 0, sizeof f);
    f.severity = BUDGETPDF_CHECK_ERROR;
    f.kind = "column";
    f.rule = "合计 = 基本支出 + 项目支出";
    f.table = 4;
    f.table_id = "05";
    f.expected = "12.3";
    f.found = "12.4";
    f.message = "the line";
    f.cells = cells;
    f.ncells = 2;
    batch_keep_finding(d, &f);
    f.ncells = 0;
    f.cells = NULL;
    f.kind = "leftovers";
    f.severity = BUDGETPDF_CHECK_WARNING;
    batch_keep_finding(d, &f);
}

static void free_decoded(batch_dept *d)
{
    batch_drop_findings(d);
    free(d->code);
    free(d->name);
    free(d->message);
}

static void round_trip(void **state)
{
    (void)state;
    batch_dept a, b;
    sample(&a);
    size_t len;
    char *frame = batch_wire_encode(&a, 7, &len);
    assert_non_null(frame);
    uint32_t n;
    memcpy(&n, frame, sizeof n);
    assert_int_equal(n, len - sizeof n);
    memset(&b, 0, sizeof b);
    assert_int_equal(batch_wire_decode(frame + 4, n, 7, &b), BP_OK);
    assert_int_equal(b.status, BUDGETPDF_ECHECK);
    assert_true(b.bytes == 1234567890123LL);
    assert_true(b.ms == 12.5);
    assert_string_equal(b.code, "101");
    assert_string_equal(b.name, "登封市教育局");
    assert_string_equal(b.message, a.message);
    assert_int_equal(b.nfindings, 2);
    const budgetpdf_finding *f = &b.findings[0];
    assert_string_equal(f->kind, "column");
    assert_string_equal(f->rule, "合计 = 基本支出 + 项目支出");
    assert_string_equal(f->expected, "12.3");
    assert_null(f->row);
    assert_int_equal(f->ncells, 2);
    assert_string_equal(f->cells[0].where, "DIR/05.csv:3:4");
    assert_null(f->cells[1].where);
    assert_int_equal(f->cells[1].row, 3);
    assert_int_equal(f->cells[0].wrong, 1);
    assert_int_equal(b.findings[1].severity, BUDGETPDF_CHECK_WARNING);
    assert_int_equal(b.findings[1].ncells, 0);
    free_decoded(&b);
    batch_drop_findings(&a);
    free(frame);
}

static void short_or_foreign_frames_refused(void **state)
{
    (void)state;
    batch_dept a, b;
    sample(&a);
    size_t len;
    char *frame = batch_wire_encode(&a, 3, &len);
    assert_non_null(frame);
    size_t n = len - 4;
    for (size_t cut = 0; cut < n; cut++) {
        /* a copy of exactly cut bytes: ASan sees any read past it */
        char *p = malloc(cut ? cut : 1);
        memcpy(p, frame + 4, cut);
        memset(&b, 0, sizeof b);
        assert_int_equal(batch_wire_decode(p, cut, 3, &b), BP_EINPUT);
        free_decoded(&b);
        free(p);
    }
    memset(&b, 0, sizeof b);
    assert_int_equal(batch_wire_decode(frame + 4, n, 4, &b), BP_EINPUT);
    assert_int_equal(b.status, 0); /* untouched */
    assert_null(b.message);
    batch_drop_findings(&a);
    free(frame);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip),
        cmocka_unit_test(short_or_foreign_frames_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
