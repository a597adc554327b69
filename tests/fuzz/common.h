/* common.h — shared by the fuzz targets (tests/fuzz/fuzz_*.c): the
 * libFuzzer entry points, a per-process scratch folder, and the properties
 * every target asserts about a parser's result (a workbook's among them). */
#ifndef BP_FUZZ_COMMON_H
#define BP_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "data.h"
#include "spec.h"
#include "util.h"
#include "workbook.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The source tree (layouts/, fonts/). */
const char *fz_source_dir(void);

/* A scratch folder private to this process, created on first use and
 * removed (with the files fz_write put in it) at exit. */
const char *fz_tmpdir(void);

/* Writes data to fz_tmpdir()/name and returns the path (static storage,
 * one per name slot: valid until the next call with the same slot). */
const char *fz_write(int slot, const char *name, const void *data, size_t size);

/* Aborts (a finding) unless rc is BP_OK or one of the allowed codes
 * (0-terminated list), and, on failure, e->msg is non-empty and names
 * `must_name` (the file at fault), when given. */
void fz_expect(const char *target, int rc, const bp_error *e, const char *must_name,
               const int *allowed);

/* The seed department (data/zzgx-smartcity-2024) bound to standard-2024,
 * loaded in a: its layout set, department and tables (set->ntables).
 * Aborts, naming target, when it cannot be loaded. */
void fz_load_seed(const char *target, bp_arena *a, bp_layout_set **set, bp_department *dept,
                  bp_table_data ***tables);

/* Traps unless a workbook that reads keeps workbook.h's promises: valid
 * UTF-8 names and texts, cells sorted without duplicates and found by
 * workbook_cell, nrows/ncols their bounds, merged areas that are areas. */
void fz_check_workbook(const bp_workbook *wb);

#endif
