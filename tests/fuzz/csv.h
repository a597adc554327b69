/* csv.h — the body of the two CSV fuzz targets (fuzz_csv_utf8.c,
 * fuzz_csv_gb18030.c): parse the input with the given encodings, then
 * bind it to every table layout of the standard set whose keys it may
 * match (the header line decides; binding fails fast otherwise). */
#ifndef BP_FUZZ_CSV_H
#define BP_FUZZ_CSV_H

#include <stdio.h>
#include <string.h>

#include "common.h"
#include "data.h"
#include "spec.h"

static bp_arena fz_spec_arena;
static bp_table_spec *fz_specs;
static int fz_nspecs;

static void fz_csv_init(void)
{
    static const char *const files[] = {
        "01-income-expense.yaml",
        "02-income.yaml",
        "03-expenditure.yaml",
        "04-fiscal-income-expense.yaml",
        "05-gpb-expenditure.yaml",
        "06-gpb-basic.yaml",
        "07-economic.yaml",
        "08-three-public.yaml",
        "09-fund.yaml",
        "10-projects.yaml",
        "11-dept-performance.yaml",
        "12-project-performance.yaml",
    };
    int n = (int)(sizeof files / sizeof files[0]);
    bp_arena_init(&fz_spec_arena);
    fz_specs = bp_alloc(&fz_spec_arena, (size_t)(n + 1) * sizeof *fz_specs);
    for (int i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/layouts/standard-2024/%s", fz_source_dir(), files[i]);
        bp_error e = {0, ""};
        if (spec_load_table(BP_CTX(&fz_spec_arena, &e), path, &fz_specs[fz_nspecs]) == 0)
            fz_nspecs++;
        else
            fprintf(stderr, "fuzz: %s\n", e.msg);
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/examples/variant-yuan-2024/layouts/%s", fz_source_dir(),
             "gpb-expenditure-yuan.yaml");
    bp_error e = {0, ""};
    if (spec_load_table(BP_CTX(&fz_spec_arena, &e), path, &fz_specs[fz_nspecs]) == 0) fz_nspecs++;
}

static void fz_csv_one(const char *target, const uint8_t *data, size_t size, const char *enc)
{
    static const int allowed[] = {BP_EINPUT, 0};
    bp_arena a;
    bp_error e = {0, ""};
    bp_arena_init(&a);
    bp_csv *csv;
    int rc = data_parse_csv(&a, "fuzz.csv", (const char *)data, size, enc, &csv, &e);
    fz_expect(target, rc, &e, "fuzz.csv", allowed);
    if (!rc) {
        if (csv->nrows < 1 || csv->ncols < 1) __builtin_trap();
        for (int i = 0; i < csv->nrows * csv->ncols; i++) {
            const char *f = csv->fields[i];
            if (!f || bp_utf8_invalid(f, strlen(f)) >= 0) __builtin_trap();
        }
        for (int k = 0; k < fz_nspecs; k++) {
            bp_table_data *d;
            e.code = 0, e.msg[0] = 0;
            rc = data_bind(&a, &fz_specs[k], csv, &d, &e);
            fz_expect(target, rc, &e, "fuzz.csv", allowed);
            if (!rc && (d->nrows != csv->nrows - 1 || d->ncols != fz_specs[k].ncolumns))
                __builtin_trap();
        }
    }
    bp_arena_free(&a);
}

#endif
