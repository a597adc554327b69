/* check.h — the check stage: the engine that evaluates the rules of the
 * model (rules.h) over bound data with exact decimal arithmetic (check.c).
 * No fonts, no PDF. */
#ifndef BP_CHECK_H
#define BP_CHECK_H

#include "budgetpdf.h"
#include "ctx.h"
#include "data.h"
#include "rules.h"

/* A violation as data (budgetpdf.h): severity, rule, table, row, column,
 * the figures, the cells involved and their sources, and the message line
 * `budgetpdf check` prints. Valid during the report callback only. */
typedef budgetpdf_finding bp_finding;
typedef budgetpdf_finding_cell bp_finding_cell;

typedef void (*bp_check_report)(void *ud, const bp_finding *f);

typedef struct bp_check_stats {
    int rules;       /* rules evaluated, built-in checks included */
    int comparisons; /* amounts compared */
    int errors;
    int roundings;
    int warnings; /* lines of built-in checks the set lowered to warnings */
} bp_check_stats;

/* What a check run reads (the set, the department and its bound tables,
 * in set order), where it reports (report, called with ud, once per
 * finding; the counts in st) and the call's context (ctx.h: arena,
 * error). */
typedef struct bp_check_in {
    bp_ctx *c;
    const bp_layout_set *set;
    const bp_department *dept;
    bp_table_data *const *tables;
    bp_check_report report;
    void *ud;
    bp_check_stats *st;
} bp_check_in;

/* Evaluates every rule of the set and its tables, and the built-in checks
 * (空表 notes, leftover template text, year and department name, codes and
 * the 科目 catalogue) at the severities of the set's `builtin:`, calling
 * report once per violation with its finding (f->message: the line).
 * Violations are not errors of the call: it returns BP_OK and counts them
 * in st. catalogue: the path of a 科目 catalogue CSV that replaces the
 * set's `catalogue:` (NULL: the set's, if any); a catalogue that cannot be
 * read is an error (BP_EINPUT). */
int check_run(const bp_check_in *in, const char *catalogue);

/* A finding's severity (BP_CHECK_*) in the words of the check report:
 * 错误, 警告, 舍入差异 (check_findings.c). */
const char *check_severity_word(int severity);

/* The checks on the department's text (check_text.h), when dept->dir
 * holds document.md: reports what they find as check_run does, adding to
 * the counts in st (not reset: budgetpdf check runs them after check_run;
 * render does not). A document.md that cannot be read or is not UTF-8 is
 * an error of the call (BP_EINPUT, naming file:line:column). */
int check_run_document(const bp_check_in *in);

/* The same over text of len bytes that path names in messages, with st
 * reset first. */
int check_run_text(const bp_check_in *in, const char *path, const char *text, size_t len);

#endif
