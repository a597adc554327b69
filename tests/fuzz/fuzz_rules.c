/* fuzz_rules.c — the rules parser and the check engine: the input is
 * parsed as a layout set's rules file (src/spec/spec_checks.c with
 * the expression parser src/spec/expr_parse.c) over the
 * standard-2024 tables, and rules that parse are evaluated (src/check/check.c)
 * over the seed department's data. A parse failure must be BP_EINPUT
 * naming the rules file; evaluation must return BP_OK whatever the rules
 * say (violations are reported, not errors), with every reported line
 * valid UTF-8. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "common.h"
#include "spec_checks.h"

static bp_arena base;
static bp_layout_set *set;
static bp_department dept;
static bp_table_data **tables;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    bp_arena_init(&base);
    fz_load_seed("fuzz_rules", &base, &set, &dept, &tables);
    return 0;
}

static void on_report(void *ud, const bp_finding *f)
{
    (void)ud;
    const char *line = f->message;
    if (!line || bp_utf8_invalid(line, strlen(line)) >= 0 || f->severity < 1 || !f->kind ||
        !f->rule || f->ncells < 0 || (f->ncells && !f->cells)) {
        fprintf(stderr, "fuzz_rules: bad report (severity %d)\n", f->severity);
        abort();
    }
    if (getenv("FUZZ_PRINT")) printf("  %d %s\n", f->severity, line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int allowed[] = {BP_EINPUT, 0};
    bp_arena a;
    bp_error e = {0, ""};
    bp_arena_init(&a);
    bp_layout_set s = *set; /* the rules land in this copy only */
    s.rules = NULL;
    int rc = spec_parse_rules(&a, "fuzz-rules.yaml", (const char *)data, size, &s, &e);
    fz_expect("fuzz_rules (parse)", rc, &e, "fuzz-rules.yaml", allowed);
    if (getenv("FUZZ_PRINT")) /* replay: what each input gives, to compare builds */
        printf("%d %s\n", rc, rc ? e.msg : "ok");
    if (!rc) {
        bp_check_stats st;
        memset(&st, 0, sizeof st);
        /* a catalogue: names a file the input does not hold; its loading is
         * tested in test_check */
        if (s.rules) s.rules->catalogue = NULL;
        rc = check_run(&(bp_check_in){BP_CTX(&a, &e), &s, &dept, tables, on_report, NULL, &st},
                       NULL);
        if (rc) {
            fprintf(stderr, "fuzz_rules: check_run failed (%d): %s\n", rc, e.msg);
            abort();
        }
    }
    bp_arena_free(&a);
    return 0;
}
