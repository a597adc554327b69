/* cmd_import.c — `budgetpdf import`: the department folder (department.yaml
 * and one CSV per table) a workbook amounts to (docs/workbook.md). */
#include "cli.h"

#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

void usage_import(FILE *f)
{
    fprintf(f, "Usage: budgetpdf import WORKBOOK -o DIR [OPTIONS]\n"
               "Reads the workbook (.xlsx or .xls, one sheet per table, shaped like the\n"
               "printed tables) as render does, and writes as DIR the department folder it\n"
               "amounts to: department.yaml and one CSV per table with the layouts' column\n"
               "keys. Rendering DIR gives the same PDF as rendering the workbook. When a\n"
               "table cannot be read, nothing is written. The department's name, code and\n"
               "year come from a department.yaml beside the workbook, else from the workbook\n"
               "(its 部门名称：line and titles). DIR is written whole beside its place and\n"
               "renamed into it: a failed or killed import leaves DIR as it was. DIR must\n"
               "be missing or empty unless --force is given, and outside the workbook's\n"
               "folder and the layout set's. See docs/workbook.md.\n"
               "\n"
               "Options:\n"
               "  -o, --output DIR      the department folder to write (required)\n"
               "  -f, --force           replace an existing DIR whole, keeping its previous\n"
               "                        content as DIR.old (an older DIR.old is removed)\n"
               "  -l, --layouts DIR     use the layout set in DIR (written to department.yaml)\n"
               "  -q, --quiet           do not print warnings\n"
               "  -h, --help            show this help\n"
               "\n"
               "Exit codes: 0 ok, 2 usage (also DIR not empty without --force, or DIR\n"
               "among the inputs), 3 bad input (the message names the workbook, the\n"
               "sheet and the cell), 4 output or I/O error, 5 out of memory.\n");
}

int cmd_import(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, 0, 'o'}, {"layouts", required_argument, 0, 'l'},
        {"force", no_argument, 0, 'f'},        {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},         {0, 0, 0, 0}};
    const char *out = NULL;
    budgetpdf_options opt = {0};
    opt.warn = cli_print_warning;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:l:fqh", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            out = optarg;
            break;
        case 'l':
            opt.layouts_dir = optarg;
            break;
        case 'f':
            opt.force = true;
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
    /* past a file size limit (ulimit -f) a write fails (EFBIG, exit 4)
     * instead of the signal killing the import */
    signal(SIGXFSZ, SIG_IGN);
    char err[4096];
    int rc = budgetpdf_import(argv[optind], out, &opt, err, sizeof err);
    if (rc) {
        fprintf(stderr, "%s: %s\n", prog, err);
        return rc;
    }
    return 0;
}
