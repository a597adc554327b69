/* check.h — the check stage: the engine that evaluates the rules of the
 * model (rules.h) over bound data with exact decimal arithmetic (check.c).
 * No fonts, no PDF. */
#ifndef BP_CHECK_H
#define BP_CHECK_H

#include "data.h"
#include "rules.h"

typedef void (*bp_check_report)(void *ud, const char *line, int severity);

typedef struct bp_check_stats {
    int rules;       /* rules evaluated, built-in checks included */
    int comparisons; /* amounts compared */
    int errors;
    int roundings;
    int warnings; /* lines of built-in checks the set lowered to warnings */
} bp_check_stats;

/* Evaluates every rule of the set and its tables, and the built-in checks
 * (空表 notes, leftover template text, year and department name, codes and
 * the 科目 catalogue) at the severities of the set's `builtin:`, calling
 * report once per violation. Violations are not errors of the call: it
 * returns BP_OK and counts them in st. catalogue: the path of a 科目
 * catalogue CSV that replaces the set's `catalogue:` (NULL: the set's, if
 * any); a catalogue that cannot be read is an error (BP_EINPUT). */
int check_run(bp_arena *a, const bp_layout_set *set, const bp_department *dept,
              bp_table_data *const *tables, const char *catalogue, bp_check_report report, void *ud,
              bp_check_stats *st, bp_error *e);

#endif
