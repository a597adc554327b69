/* cmd_fonts.c — `budgetpdf fonts [DEPT_DIR]`: the file behind each font
 * role, and whether the fonts cover every character of a department. */
#include "cli.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

void usage_fonts(FILE *f)
{
    fprintf(f, "Usage: budgetpdf fonts [DEPT_DIR] [OPTIONS]\n"
               "Prints, for each font role (body, title, number, note, text, kai), the\n"
               "family, file, face index and outline format that fontconfig resolves, and\n"
               "each fallback family of the role. With DEPT_DIR, lays the department's annex\n"
               "out (the whole document when the folder holds document.md; without writing\n"
               "it) and prints, per role, how many distinct characters it uses and which\n"
               "ones no font of the role has. DEPT_DIR may be a workbook (.xlsx, .xls).\n"
               "\n"
               "Options:\n"
               "  -l, --layouts DIR     the layout set (default: the department's, or the\n"
               "                        built-in default families without DEPT_DIR)\n"
               "      --fonts FILE      a font profile replacing the layout set's fonts\n"
               "      --fonts-dir DIR   also search DIR for fonts\n"
               "  -h, --help            show this help\n"
               "\n"
               "Exit codes: 0 every character covered, 1 a character is missing, 2 usage,\n"
               "3 bad input, 4 the report cannot be written, 5 out of memory or of file\n"
               "descriptors.\n");
}

static void print_line(void *ud, const char *text)
{
    (void)ud;
    printf("%s\n", text);
}

int cmd_fonts(int argc, char **argv)
{
    static const struct option opts[] = {{"layouts", required_argument, 0, 'l'},
                                         {"fonts", required_argument, 0, 'f'},
                                         {"fonts-dir", required_argument, 0, 'F'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    budgetpdf_options opt = {0};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "l:h", opts, NULL)) != -1) {
        switch (c) {
        case 'l':
            opt.layouts_dir = optarg;
            break;
        case 'f':
            opt.font_profile = optarg;
            break;
        case 'F':
            opt.fonts_dir = optarg;
            break;
        case 'h':
            usage_fonts(stdout);
            return 0;
        default:
            fprintf(stderr, "Try 'budgetpdf fonts --help'.\n");
            return BUDGETPDF_EUSAGE;
        }
    }
    if (argc - optind > 1) {
        fprintf(stderr, "%s fonts: expected at most one department folder\n", prog);
        return BUDGETPDF_EUSAGE;
    }
    char path[2 * PATH_MAX + 160];
    cli_layouts_path(path, sizeof path);
    if (path[0]) opt.layouts_path = path;
    char err[4096];
    int rc = budgetpdf_fonts(optind < argc ? argv[optind] : NULL, &opt, print_line, NULL, err,
                             sizeof err);
    if (rc && rc != BUDGETPDF_ECHECK) {
        fflush(stdout);
        fprintf(stderr, "%s: %s\n", prog, err);
        return rc;
    }
    return cli_report_written(rc);
}
