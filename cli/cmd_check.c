/* cmd_check.c — `budgetpdf check`: validates one department against the
 * rules of its layout set (docs/checks.md) and prints every violation. */
#include "cli.h"

#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

void usage_check(FILE *f)
{
    fprintf(f, "Usage: budgetpdf check DEPT_DIR [OPTIONS]\n"
               "Checks the department in DEPT_DIR against the rules of its layout set: each\n"
               "table's arithmetic (totals, 类/款/项 subtotals), the rules across tables\n"
               "(表间逻辑), 空表 notes, leftover template text, and the year and department\n"
               "name in titles and notes. Prints one line per violation, then a summary.\n"
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
               "  -q, --quiet           print only the errors (no warnings, no summary)\n"
               "  -h, --help            show this help\n"
               "\n"
               "Exit codes: 0 every rule holds (warnings allowed), 1 a rule fails,\n"
               "2 usage, 3 the input cannot be read (layout or data), 4 the report cannot be\n"
               "written, 5 out of memory or of file descriptors.\n");
}

typedef struct check_out {
    bool quiet;
} check_out;

static void print_line(void *ud, const budgetpdf_finding *f)
{
    const check_out *o = ud;
    if (o->quiet && f->severity != BUDGETPDF_CHECK_ERROR) return;
    printf("%s%s\n", f->severity == BUDGETPDF_CHECK_WARNING ? "warning: " : "", f->message);
}

int cmd_check(int argc, char **argv)
{
    static const struct option opts[] = {
        {"layouts", required_argument, 0, 'l'}, {"catalogue", required_argument, 0, 'c'},
        {"quiet", no_argument, 0, 'q'},         {"report", required_argument, 0, 'r'},
        {"help", no_argument, 0, 'h'},          {0, 0, 0, 0}};
    budgetpdf_options opt = {0};
    check_out o = {false};
    const char *report = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "l:c:qr:h", opts, NULL)) != -1) {
        switch (c) {
        case 'l':
            opt.layouts_dir = optarg;
            break;
        case 'c':
            opt.catalogue = optarg;
            break;
        case 'q':
            o.quiet = true;
            break;
        case 'r':
            report = optarg;
            break;
        case 'h':
            usage_check(stdout);
            return 0;
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
    char path[2 * PATH_MAX + 160];
    cli_layouts_path(path, sizeof path);
    if (path[0]) opt.layouts_path = path;
    char err[4096];
    budgetpdf_check_result res = {0, 0, 0, 0, 0};
    const char *dir = argv[optind];
    if (!o.quiet) opt.warn = cli_print_warning; /* the report's layout warnings */
    int rc = budgetpdf_check_ex(dir, &opt, report, print_line, &o, &res, err, sizeof err);
    if (rc && rc != BUDGETPDF_ECHECK) {
        fflush(stdout);
        fprintf(stderr, "%s: %s\n", prog, err);
        return rc;
    }
    if (!o.quiet) {
        char warnings[64] = ""; /* only when there are some: the line is unchanged otherwise */
        if (res.warnings)
            snprintf(warnings, sizeof warnings, ", %d warning%s", res.warnings,
                     res.warnings == 1 ? "" : "s");
        printf("%s: %d error%s%s, %d rounding warning%s (%d rules, %d comparisons)\n", dir,
               res.errors, res.errors == 1 ? "" : "s", warnings, res.roundings,
               res.roundings == 1 ? "" : "s", res.rules, res.comparisons);
    }
    return cli_report_written(rc);
}
