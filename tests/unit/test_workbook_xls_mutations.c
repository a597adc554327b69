/* test_workbook_xls_mutations.c — the LibreOffice-saved .xls fixture
 * (tests/fixtures/workbooks/budget-lo.xls) damaged: the two changes issue
 * 22 found crashing libfreexl in a LibreOffice .xls (the fExtSt flag set
 * on a shared string's header in the SST; a header of 65535 characters
 * with flags 0x7F; on this small fixture libfreexl 1.0.6 happened to
 * refuse them), on every shared string in turn, read through
 * workbook_load; then every byte of the
 * Workbook stream flipped three ways, and 2,000 seeded random changes to
 * the whole file. Each reading is a clean error naming the workbook, or a
 * workbook keeping workbook.h's promises; the sanitizer build (ctest
 * --preset asan) catches any read out of bounds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "workbook_biff.h"

#define TMPDIR_FIXTURE_NAME "workbook-xls-mut"
#include "tmpdir_fixture.h"

typedef struct fixture {
    bp_arena a;
    char *file;
    size_t n;
    unsigned char *stream; /* the Workbook stream, copied out */
    size_t len;
    size_t sst;      /* the SST record's offset in the stream */
    size_t sst_file; /* and in the file (the record lies whole in one run of sectors) */
    size_t sst_len;
} fixture;

static void load_fixture(fixture *f)
{
    char path[512];
    bp_error e = {0, ""};
    const char *why;
    snprintf(path, sizeof path, "%s/tests/fixtures/workbooks/budget-lo.xls", BP_TEST_SOURCE_DIR);
    bp_arena_init(&f->a);
    if (bp_read_file(&f->a, path, &f->file, &f->n, &e)) fail_msg("%s", e.msg);
    assert_int_equal(wb_cfb_stream(&f->a, f->file, f->n, "Workbook", &f->stream, &f->len, &why), 0);
    f->sst = 0;
    for (size_t p = 0; p + 4 <= f->len; p += 4 + biff_u16(f->stream + p + 2))
        if (biff_u16(f->stream + p) == BIFF_SST) {
            f->sst = p;
            break;
        }
    assert_true(f->sst > 0);
    f->sst_len = 4 + biff_u16(f->stream + f->sst + 2);
    assert_true(f->sst_len > 12);
    const unsigned char *at = NULL;
    for (size_t i = 0; i + f->sst_len <= f->n && !at; i++)
        if (memcmp(f->file + i, f->stream + f->sst, f->sst_len) == 0)
            at = (const unsigned char *)f->file + i;
    assert_non_null(at);
    f->sst_file = (size_t)(at - (const unsigned char *)f->file);
}

/* The offsets (in the SST record) of its strings' headers; returns their
 * count. */
static int string_headers(const fixture *f, size_t *at, int max)
{
    const unsigned char *d = f->stream + f->sst + 4;
    size_t len = f->sst_len - 4, p = 8;
    int n = 0;
    uint32_t count = biff_u32(d + 4);
    for (uint32_t i = 0; i < count && n < max && p + 3 <= len; i++) {
        unsigned cch = biff_u16(d + p), flags = d[p + 2];
        size_t runs = flags & 8 ? biff_u16(d + p + 3) : 0;
        size_t ext = flags & 4 ? biff_u32(d + p + 3 + (flags & 8 ? 2 : 0)) : 0;
        at[n++] = 4 + p;
        p += 3 + (flags & 8 ? 2 : 0) + (flags & 4 ? 4 : 0) + cch * ((flags & 1) ? 2u : 1u);
        p += 4 * runs + ext;
    }
    return n;
}

/* The promises of workbook.h a reading keeps (fuzz_workbook checks more). */
static void check_book(const bp_workbook *wb)
{
    for (int i = 0; i < wb->nsheets; i++) {
        const bp_wb_sheet *s = &wb->sheets[i];
        assert_true(bp_utf8_invalid(s->name, strlen(s->name)) < 0);
        for (int k = 0; k < s->ncells; k++) {
            const bp_wb_cell *c = &s->cells[k];
            assert_true(bp_utf8_invalid(c->text, strlen(c->text)) < 0);
            assert_true(c->row < s->nrows && c->col < s->ncols);
            if (k) assert_true(c[-1].row < c->row || (c[-1].row == c->row && c[-1].col < c->col));
        }
        for (int k = 0; k < s->nmerges; k++)
            assert_true(s->merges[k].row0 <= s->merges[k].row1 &&
                        s->merges[k].col0 <= s->merges[k].col1);
    }
}

/* A reading of a damaged file: a workbook, or BP_EINPUT naming it.
 * Returns 1 for an error. */
static int outcome(int rc, const bp_error *e, const bp_workbook *wb)
{
    if (rc == BP_OK) {
        check_book(wb);
        return 0;
    }
    if (rc != BP_EINPUT || !strstr(e->msg, "lo.xls")) fail_msg("rc %d: %s", rc, e->msg);
    assert_true(bp_utf8_invalid(e->msg, strlen(e->msg)) < 0);
    return 1;
}

static int load_mutated(const fixture *f, const char *file, bp_error *e)
{
    char path[512];
    snprintf(path, sizeof path, "%s/budget-lo.xls", g_dir);
    FILE *o = fopen(path, "wb");
    assert_non_null(o);
    assert_int_equal(fwrite(file, 1, f->n, o), f->n);
    fclose(o);
    bp_arena a;
    bp_arena_init(&a);
    bp_workbook *wb = NULL;
    int rc = workbook_load(BP_CTX(&a, e), path, &wb);
    int err = outcome(rc, e, wb);
    bp_arena_free(&a);
    return err;
}

/* The two changes of issue 22 that crashed libfreexl, on each string. */
static void the_changes_that_crashed_freexl(void **state)
{
    (void)state;
    fixture f;
    load_fixture(&f);
    size_t at[64];
    int n = string_headers(&f, at, 64);
    assert_true(n >= 10);
    char *copy = malloc(f.n);
    int errors = 0;
    for (int i = 0; i < n; i++)
        for (int change = 0; change < 2; change++) {
            memcpy(copy, f.file, f.n);
            unsigned char *h = (unsigned char *)copy + f.sst_file + at[i];
            if (change == 0)
                h[2] |= 0x04; /* fExtSt */
            else
                h[0] = 0xFF, h[1] = 0xFF, h[2] = 0x7F;
            bp_error e = {0, ""};
            int err = load_mutated(&f, copy, &e);
            errors += err;
            if (i == 0 && !strstr(e.msg, "budget-lo.xls: the .xls workbook is corrupt: the SST "
                                         "record at offset"))
                fail_msg("string %d, change %d: %s", i, change, e.msg);
        }
    assert_true(errors >= n); /* the big header can never fit */
    free(copy);
    bp_arena_free(&f.a);
}

/* Every byte of the Workbook stream flipped (0x01, 0x80, 0xFF). */
static void every_byte_of_the_stream(void **state)
{
    (void)state;
    fixture f;
    load_fixture(&f);
    unsigned char *s = malloc(f.len);
    static const unsigned char masks[3] = {0x01, 0x80, 0xFF};
    int ok = 0, errors = 0;
    for (size_t i = 0; i < f.len; i++)
        for (int m = 0; m < 3; m++) {
            memcpy(s, f.stream, f.len);
            s[i] ^= masks[m];
            bp_arena a;
            bp_arena_init(&a);
            bp_error e = {0, ""};
            bp_workbook *wb = NULL;
            int rc = wb_xls_parse_stream(&a, "budget-lo.xls", "budget-lo.xls", s, f.len, &wb, &e);
            if (outcome(rc, &e, wb))
                errors++;
            else
                ok++;
            bp_arena_free(&a);
        }
    assert_true(ok > 0 && errors > 0);
    free(s);
    bp_arena_free(&f.a);
}

/* 2,000 changes of 1 to 8 bytes anywhere in the file (the compound
 * file's header, FAT and directory too), from a fixed seed. */
static void seeded_random_changes(void **state)
{
    (void)state;
    fixture f;
    load_fixture(&f);
    char *copy = malloc(f.n);
    uint64_t x = 0x9E3779B97F4A7C15u;
    int ok = 0, errors = 0;
    for (int i = 0; i < 2000; i++) {
        memcpy(copy, f.file, f.n);
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        int k = 1 + (int)(x % 8);
        for (int j = 0; j < k; j++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            copy[(x >> 8) % f.n] = (char)(x >> 56);
        }
        bp_arena a;
        bp_arena_init(&a);
        bp_error e = {0, ""};
        bp_workbook *wb = NULL;
        int rc = wb_xls_parse(&a, "budget-lo.xls", "budget-lo.xls", copy, f.n, &wb, &e);
        if (outcome(rc, &e, wb))
            errors++;
        else
            ok++;
        bp_arena_free(&a);
    }
    assert_true(ok > 0 && errors > 0);
    free(copy);
    bp_arena_free(&f.a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(the_changes_that_crashed_freexl, setup, teardown),
        cmocka_unit_test(every_byte_of_the_stream),
        cmocka_unit_test(seeded_random_changes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
