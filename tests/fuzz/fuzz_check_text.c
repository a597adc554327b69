/* fuzz_check_text.c — the checks on a department's text: the input is
 * linted as the seed department's document.md (src/check_text*.c) against
 * the seed's tables and the standard-2024 layout set. The call must return
 * BP_OK, or BP_EINPUT naming the file when the input is not UTF-8; every
 * finding has its kind and rule, and its message (valid UTF-8) starts
 * with its place (where). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "common.h"

static bp_arena base;
static bp_layout_set *set;
static bp_department dept;
static bp_table_data **tables;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    bp_arena_init(&base);
    fz_load_seed("fuzz_check_text", &base, &set, &dept, &tables);
    return 0;
}

static void on_report(void *ud, const bp_finding *f)
{
    (void)ud;
    const char *line = f->message;
    if (!line || bp_utf8_invalid(line, strlen(line)) >= 0 || f->severity < 1 || !f->kind ||
        !f->rule || !f->where || strncmp(line, f->where, strlen(f->where)) || f->ncells < 0 ||
        (f->ncells && !f->cells)) {
        fprintf(stderr, "fuzz_check_text: bad report (severity %d)\n", f->severity);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int allowed[] = {BP_EINPUT, 0};
    bp_arena a;
    bp_error e = {0, ""};
    bp_check_stats st;
    bp_arena_init(&a);
    int rc =
        check_run_text(&(bp_check_in){BP_CTX(&a, &e), set, &dept, tables, on_report, NULL, &st},
                       "fuzz-document.md", (const char *)data, size);
    fz_expect("fuzz_check_text", rc, &e, "fuzz-document.md", allowed);
    bp_arena_free(&a);
    return 0;
}
