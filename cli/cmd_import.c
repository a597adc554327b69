/* cmd_import.c — `budgetpdf import`: the department folder (department.yaml
 * and one CSV per table) a workbook amounts to (docs/workbook.md). */
#include "cli.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

void usage_import(FILE *f)
{
    fprintf(f, "Usage: budgetpdf import WORKBOOK -o DIR [OPTIONS]\n"
               "Reads the workbook (.xlsx or .xls, one sheet per table, shaped like the\n"
               "printed tables) as render does, and writes into DIR (created if missing) the\n"
               "department folder it amounts to: department.yaml and one CSV per table with\n"
               "the layouts' column keys. Rendering DIR gives the same PDF as rendering the\n"
               "workbook. When a table cannot be read, nothing is written. The department's\n"
               "name, code and year come from a department.yaml beside the workbook, else\n"
               "from the workbook (its 部门名称：line and titles). See docs/workbook.md.\n"
               "\n"
               "Options:\n"
               "  -o, --output DIR      the department folder to write (required)\n"
               "  -l, --layouts DIR     use the layout set in DIR (written to department.yaml)\n"
               "  -q, --quiet           do not print warnings\n"
               "  -h, --help            show this help\n"
               "\n"
               "Exit codes: 0 ok, 2 usage, 3 bad input (the message names the workbook, the\n"
               "sheet and the cell), 4 output or I/O error, 5 out of memory.\n");
}

int cmd_import(int argc, char **argv)
{
    static const struct option opts[] = {{"output", required_argument, 0, 'o'},
                                         {"layouts", required_argument, 0, 'l'},
                                         {"quiet", no_argument, 0, 'q'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *out = NULL;
    budgetpdf_options opt = {0};
    opt.warn = cli_print_warning;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:l:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            out = optarg;
            break;
        case 'l':
            opt.layouts_dir = optarg;
            break;
        case 'q':
            opt.warn = NULL;
            break;
        case 'h':
            usage_import(stdout);
            return 0;
        default:
            fprintf(stderr, "Try 'budgetpdf import --help'.\n");
            return BUDGETPDF_EUSAGE;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "%s import: expected one workbook%s\nTry 'budgetpdf import --help'.\n",
                prog, optind < argc - 1 ? ", got several" : "");
        return BUDGETPDF_EUSAGE;
    }
    if (!out) {
        fprintf(stderr, "%s import: missing -o DIR\nTry 'budgetpdf import --help'.\n", prog);
        return BUDGETPDF_EUSAGE;
    }
    char path[2 * PATH_MAX + 160];
    cli_layouts_path(path, sizeof path);
    if (path[0]) opt.layouts_path = path;
    char err[4096];
    int rc = budgetpdf_import(argv[optind], out, &opt, err, sizeof err);
    if (rc) {
        fprintf(stderr, "%s: %s\n", prog, err);
        return rc;
    }
    return 0;
}
