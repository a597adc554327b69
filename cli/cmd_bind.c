/* cmd_bind.c — `budgetpdf bind`: the figures typed in a department's
 * text bound to the table figures they stand for (docs/document.md,
 * "bind"). Thin over budgetpdf_bind. */
#include "cli.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

void usage_bind(FILE *f)
{
    fprintf(f, "Usage: budgetpdf bind DEPT_DIR [-o FILE] [OPTIONS]\n"
               "Finds every figure typed in the department's text (document.md, a .docx or\n"
               "the workbook's text sheets, as render reads it: a number before 万元, 元 or\n"
               "%%) and binds it to the table figure its sentence speaks of:\n"
               "the cell holding it (in the text's unit, as the text rounds it) whose row and\n"
               "column the words before it name, in a table the section's heading speaks of;\n"
               "a share (占 X%%) to pct(part, whole); a change against the previous year\n"
               "(比2023年增加 X 万元) to change() or diff(). Prints one line per figure:\n"
               "FILE:LINE:COLUMN, the figure as typed, then the expression, or 'unbound',\n"
               "why and the candidates. With -o, writes the text with each bound figure\n"
               "replaced by its {{ }} expression, every other character kept.\n"
               "\n"
               "Options:\n"
               "  -o, --output FILE     write the bound text to FILE (not the text itself)\n"
               "  -t, --typed           write instead the text with each {{ }} figure\n"
               "                        replaced by what it prints (a typed copy; needs -o)\n"
               "  -l, --layouts DIR     use the layout set in DIR\n"
               "  -q, --quiet           print only the summary\n"
               "  -h, --help            show this help\n"
               "\n"
               "Exit codes: 0 ok (some figures may stay typed: listed), 2 usage (also FILE\n"
               "among the inputs), 3 bad input, 4 output or I/O error, 5 out of memory.\n");
}

typedef struct bind_out {
    bool quiet;
} bind_out;

static void print_binding(void *ud, const budgetpdf_binding *b)
{
    const bind_out *o = ud;
    if (o->quiet) return;
    if (b->expr)
        printf("%s\t%s\t{{ %s }}%s%s\n", b->where, b->typed, b->expr, b->note ? "\t" : "",
               b->note ? b->note : "");
    else
        printf("%s\t%s\tunbound: %s\tcandidates: %s\n", b->where, b->typed, b->note ? b->note : "",
               b->candidates[0] ? b->candidates : "none");
}

int cmd_bind(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, 0, 'o'}, {"layouts", required_argument, 0, 'l'},
        {"typed", no_argument, 0, 't'},        {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},         {0, 0, 0, 0}};
    const char *out = NULL;
    bool typed = false;
    bind_out o = {false};
    budgetpdf_options opt = {0};
    opt.warn = cli_print_warning;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:l:tqh", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            out = optarg;
            break;
        case 'l':
            opt.layouts_dir = optarg;
            break;
        case 't':
            typed = true;
            break;
        case 'q':
            o.quiet = true;
            break;
        case 'h':
            usage_bind(stdout);
            return 0;
        default:
            fprintf(stderr, "Try 'budgetpdf bind --help'.\n");
            return BUDGETPDF_EUSAGE;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "%s bind: expected one department folder\nTry 'budgetpdf bind --help'.\n",
                prog);
        return BUDGETPDF_EUSAGE;
    }
    char path[2 * PATH_MAX + 160];
    cli_layouts_path(path, sizeof path);
    if (path[0]) opt.layouts_path = path;
    char err[4096];
    budgetpdf_bind_result res;
    int rc =
        budgetpdf_bind(argv[optind], out, typed, &opt, print_binding, &o, &res, err, sizeof err);
    if (rc) {
        fprintf(stderr, "%s: %s\n", prog, err);
        return rc;
    }
    if (!typed)
        printf("%d of %d typed figures bound, %d left typed%s%s\n", res.bound, res.figures,
               res.figures - res.bound, out ? "; written to " : "", out ? out : "");
    return cli_report_written(0);
}
