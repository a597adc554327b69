/* check_json.h — findings as JSON (check_json.c), for `budgetpdf check
 * --format json` and `budgetpdf batch --format json`: the objects that
 * docs/check-report.schema.json describes. */
#ifndef BP_CLI_CHECK_JSON_H
#define BP_CLI_CHECK_JSON_H

#include "budgetpdf.h"
#include "json.h"

/* The version of the JSON report (its "version" member): raised when a
 * member changes meaning or is removed; new members do not raise it. */
#define CHECK_JSON_VERSION 1

/* One finding as an object. */
void check_json_finding(json_out *j, const budgetpdf_finding *f);
/* The counts of a result as members of the open object: errors, warnings,
 * roundings, rules, comparisons. */
void check_json_counts(json_out *j, const budgetpdf_check_result *r);

#endif
