/* cmd_draft.c — `budgetpdf draft`: this year's text from last year's
 * department (docs/document.md, "draft"). Thin over budgetpdf_draft. */
#include "cli.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

void usage_draft(FILE *f)
{
    fprintf(f, "Usage: budgetpdf draft DEPT_DIR --from LAST_YEAR_DIR -o FILE [OPTIONS]\n"
               "Writes FILE, this year's document.md for DEPT_DIR, from the text of last\n"
               "year's department LAST_YEAR_DIR: its typed figures bound first (as budgetpdf\n"
               "bind binds them), the budget year and the year before advanced to DEPT_DIR's\n"
               "year, every {{ }} figure kept and evaluated on this year's tables. Lists on\n"
               "stdout, as FILE:LINE:COLUMN: why「the sentence」, each sentence whose words\n"
               "no longer fit its figures: a change that turned (增加 now 减少, 持平 now\n"
               "增加), 持平 or 无变化 typed beside a figure that changed, a figure this year's\n"
               "tables cannot give. Rewrite those sentences before rendering.\n"
               "\n"
               "Options:\n"
               "  -f, --from DIR        last year's department folder (required)\n"
               "  -o, --output FILE     the text to write (required; not an input)\n"
               "  -l, --layouts DIR     use the layout set in DIR (for both years)\n"
               "  -h, --help            show this help\n"
               "\n"
               "Exit codes: 0 ok (sentences may be listed), 2 usage, 3 bad input,\n"
               "4 output or I/O error, 5 out of memory.\n");
}

static void print_flag(void *ud, const char *line)
{
    (void)ud;
    printf("%s\n", line);
}

int cmd_draft(int argc, char **argv)
{
    static const struct option opts[] = {{"output", required_argument, 0, 'o'},
                                         {"from", required_argument, 0, 'f'},
                                         {"layouts", required_argument, 0, 'l'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *out = NULL, *from = NULL;
    budgetpdf_options opt = {0};
    opt.warn = cli_print_warning;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:f:l:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            out = optarg;
            break;
        case 'f':
            from = optarg;
            break;
        case 'l':
            opt.layouts_dir = optarg;
            break;
        case 'h':
            usage_draft(stdout);
            return 0;
        default:
            fprintf(stderr, "Try 'budgetpdf draft --help'.\n");
            return BUDGETPDF_EUSAGE;
        }
    }
    if (optind != argc - 1 || !out || !from) {
        fprintf(stderr,
                "%s draft: expected DEPT_DIR, --from LAST_YEAR_DIR and -o FILE\n"
                "Try 'budgetpdf draft --help'.\n",
                prog);
        return BUDGETPDF_EUSAGE;
    }
    char path[2 * PATH_MAX + 160];
    cli_layouts_path(path, sizeof path);
    if (path[0]) opt.layouts_path = path;
    char err[4096];
    budgetpdf_bind_result res;
    int rc =
        budgetpdf_draft(argv[optind], from, out, &opt, print_flag, NULL, &res, err, sizeof err);
    if (rc) {
        fprintf(stderr, "%s: %s\n", prog, err);
        return rc;
    }
    printf("%s written; %d typed figures of last year's text, %d bound; %d sentences to "
           "rewrite\n",
           out, res.figures, res.bound, res.flagged);
    return cli_report_written(0);
}
