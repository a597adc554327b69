/* cmd_check.c — `budgetpdf check`: validates one department against the
 * rules of its layout set (docs/checks.md) and prints every violation. */
#include "cli.h"

#include "check_json.h"

#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

void usage_check(FILE *f)
{
    fprintf(f, "Usage: budgetpdf check DEPT_DIR [OPTIONS]\n"
               "Checks the department in DEPT_DIR (a folder, or a workbook: .xlsx or .xls,\n"
               "docs/workbook.md) against the rules of its layout set: each\n"
               "table's arithmetic (totals, 类/款/项 subtotals), the rules across tables\n"
               "(表间逻辑), 空表 notes, leftover template text, and the year and department\n"
               "name in titles and notes; and, when the folder has document.md, its text\n"
               "(typed figures, shares, years, the name, repeated words, leftovers).\n"
               "Prints one line per violation, then a summary.\n"
               "A difference no larger than the rounding of the printed figures is a\n"
               "rounding warning; anything larger is an error. A built-in check that the\n"
               "layout set lowers to a warning (rules.yaml builtin:) prints 'warning: …'\n"
               "lines, which never fail the check. See docs/checks.md.\n"
               "\n"
               "Options:\n"
               "  -l, --layouts DIR     use the layout set in DIR instead of the one named\n"
               "                        by department.yaml\n"
               "  -c, --catalogue FILE  check the codes of the columns marked code: against\n"
               "                        this 科目 catalogue (CSV of code and name), instead\n"
               "                        of the layout set's catalogue:\n"
               "  -r, --report FILE     also write the check report: the annex as render\n"
               "                        draws it, with every cell a finding involves framed\n"
               "                        on its page, a note per finding and a summary page\n"
               "                        in front (written even when rules fail)\n"
               "      --format FORMAT   text (the default: one line per violation, then a\n"
               "                        summary) or json (one object: every finding with its\n"
               "                        rule, table, row, column, figures and source;\n"
               "                        docs/check-report.schema.json)\n"
               "  -s, --strict          report warnings as errors: a figure typed in the\n"
               "                        text of document.md, a built-in check the set\n"
               "                        lowered to a warning (rounding warnings stay)\n"
               "  -q, --quiet           print only the errors (no warnings, no summary)\n"
               "  -h, --help            show this help\n"
               "\n"
               "Exit codes: 0 every rule holds (warnings allowed), 1 a rule fails,\n"
               "2 usage, 3 the input cannot be read (layout or data), 4 the report cannot be\n"
               "written, 5 out of memory or of file descriptors.\n");
}

typedef struct check_out {
    bool quiet;
    json_out *json; /* --format json: the findings go here */
} check_out;

static void on_finding(void *ud, const budgetpdf_finding *f)
{
    const check_out *o = ud;
    if (o->json) {
        check_json_finding(o->json, f);
        return;
    }
    if (o->quiet && f->severity != BUDGETPDF_CHECK_ERROR) return;
    printf("%s%s\n",
           f->severity == BUDGETPDF_CHECK_WARNING ? dgettext(BP_CLI_DOMAIN, "warning: ") : "",
           f->message);
}

/* The command line of check: 0, 1 after --help, or BUDGETPDF_EUSAGE. */
typedef struct check_args {
    budgetpdf_options opt;
    bool quiet, json;
    const char *report, *dir;
} check_args;

static int parse_check_args(int argc, char **argv, check_args *a)
{
    static const struct option opts[] = {
        {"layouts", required_argument, 0, 'l'}, {"catalogue", required_argument, 0, 'c'},
        {"quiet", no_argument, 0, 'q'},         {"strict", no_argument, 0, 's'},
        {"report", required_argument, 0, 'r'},  {"format", required_argument, 0, 'm'},
        {"help", no_argument, 0, 'h'},          {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "l:c:qsr:h", opts, NULL)) != -1) {
        switch (c) {
        case 'l':
            a->opt.layouts_dir = optarg;
            break;
        case 'c':
            a->opt.catalogue = optarg;
            break;
        case 'q':
            a->quiet = true;
            break;
        case 's':
            a->opt.strict = true;
            break;
        case 'r':
            a->report = optarg;
            break;
        case 'm':
            if (strcmp(optarg, "json") && strcmp(optarg, "text")) {
                fprintf(stderr, "%s check: --format takes text or json, not '%s'\n", prog, optarg);
                return BUDGETPDF_EUSAGE;
            }
            a->json = !strcmp(optarg, "json");
            break;
        case 'h':
            usage_check(stdout);
            return 1;
        default:
            fprintf(stderr, "Try 'budgetpdf check --help'.\n");
            return BUDGETPDF_EUSAGE;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr,
                "%s check: expected one department folder%s\nTry 'budgetpdf check --help'.\n", prog,
                optind < argc - 1 ? ", got several" : "");
        return BUDGETPDF_EUSAGE;
    }
    a->dir = argv[optind];
    return 0;
}

/* The text summary line. */
static void print_summary(const char *dir, const budgetpdf_check_result *res)
{
    char warnings[128] = ""; /* only when there are some: the line is unchanged otherwise */
    if (res->warnings)
        snprintf(
            warnings, sizeof warnings,
            dngettext(BP_CLI_DOMAIN, ", %d warning", ", %d warnings", (unsigned long)res->warnings),
            res->warnings);
    char errors[128], roundings[128];
    snprintf(errors, sizeof errors,
             dngettext(BP_CLI_DOMAIN, "%d error", "%d errors", (unsigned long)res->errors),
             res->errors);
    snprintf(roundings, sizeof roundings,
             dngettext(BP_CLI_DOMAIN, "%d rounding warning", "%d rounding warnings",
                       (unsigned long)res->roundings),
             res->roundings);
    printf(dgettext(BP_CLI_DOMAIN, "%s: %s%s, %s (%d rules, %d comparisons)\n"), dir, errors,
           warnings, roundings, res->rules, res->comparisons);
}

/* --format json: one object, the findings in the order of the text lines. */
static int check_json(check_args *a, check_out *o)
{
    char err[4096];
    budgetpdf_check_result res = {0, 0, 0, 0, 0};
    json_out j;
    json_init(&j);
    o->json = &j;
    a->opt.finding_boxes = true; /* each finding's page and boxes: the document laid out */
    json_object(&j);
    json_key(&j, "version");
    json_int(&j, CHECK_JSON_VERSION);
    json_key(&j, "department");
    json_string(&j, a->dir);
    json_key(&j, "findings");
    json_array(&j);
    int rc = budgetpdf_check_ex(a->dir, &a->opt, a->report, on_finding, o, &res, err, sizeof err);
    json_end_array(&j);
    json_key(&j, "status");
    json_string(&j, budgetpdf_status_word(rc));
    json_key(&j, "message");
    json_string(&j, rc && rc != BUDGETPDF_ECHECK ? err : NULL);
    json_key(&j, "report");
    json_string(&j, a->report && (!rc || rc == BUDGETPDF_ECHECK) ? a->report : NULL);
    check_json_counts(&j, &res);
    json_end_object(&j);
    if (j.oom) {
        json_free(&j);
        fprintf(stderr, "%s: out of memory\n", prog);
        return BUDGETPDF_ERESOURCE;
    }
    printf("%s\n", j.buf);
    json_free(&j);
    if (rc && rc != BUDGETPDF_ECHECK) {
        fflush(stdout);
        fprintf(stderr, "%s: %s\n", prog, err);
        return rc;
    }
    return cli_report_written(rc);
}

int cmd_check(int argc, char **argv)
{
    check_args a;
    memset(&a, 0, sizeof a);
    int rc = parse_check_args(argc, argv, &a);
    if (rc) return rc == 1 ? 0 : rc;
    char path[2 * PATH_MAX + 160];
    cli_layouts_path(path, sizeof path);
    if (path[0]) a.opt.layouts_path = path;
    if (!a.quiet) a.opt.warn = cli_print_warning; /* the report's layout warnings */
    check_out o = {a.quiet, NULL};
    if (a.json) return check_json(&a, &o);
    char err[4096];
    budgetpdf_check_result res = {0, 0, 0, 0, 0};
    rc = budgetpdf_check_ex(a.dir, &a.opt, a.report, on_finding, &o, &res, err, sizeof err);
    if (rc && rc != BUDGETPDF_ECHECK) {
        fflush(stdout);
        fprintf(stderr, "%s: %s\n", prog, err);
        return rc;
    }
    if (!a.quiet) print_summary(a.dir, &res);
    return cli_report_written(rc);
}
