/* cmd_render.c — `budgetpdf render`: one department to one PDF. */
#include "cli.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

void usage_render(FILE *f)
{
    fprintf(f,
            "Usage: budgetpdf render DEPT_DIR -o FILE [OPTIONS]\n"
            "Renders the department in DEPT_DIR (department.yaml plus one CSV per table,\n"
            "or a workbook: .xlsx or .xls with one sheet per table, docs/workbook.md)\n"
            "with the layout set its department.yaml names, to the PDF FILE. The file is\n"
            "written to a temporary name and renamed into place only when complete.\n"
            "When DEPT_DIR holds document.md (the text parts), the whole 部门预算公开 is\n"
            "rendered: cover, 目录, the text, then the annex (docs/document.md).\n"
            "\n"
            "Options:\n"
            "  -o, --output FILE     the PDF to write (required)\n"
            "  -l, --layouts DIR     use the layout set in DIR instead of the one named\n"
            "                        by department.yaml\n"
            "      --fonts-dir DIR   also search DIR for fonts (default: the project's fonts/)\n"
            "  -c, --catalogue FILE  check the codes of the columns marked code: against\n"
            "                        this 科目 catalogue (CSV of code and name) instead of\n"
            "                        the layout set's catalogue: (as budgetpdf check does)\n"
            "      --annex-only      the annex (部门预算表) alone, even with a document.md\n"
            "      --no-check        render even when a check rule fails (docs/checks.md);\n"
            "                        the failures are printed as warnings\n"
            "      --profile P       screen (default) or print: black overprint for the\n"
            "                        print shop (docs/print.md)\n"
            "      --crop-marks      with --profile print: 10 mm of paper around each page\n"
            "                        with crop marks at the corners of the trim\n"
            "      --fonts FILE      a font profile (YAML: body/title/number/note: [families])\n"
            "                        replacing the layout set's fonts (default: $BUDGETPDF_FONTS)\n"
            "      --allow-missing-glyphs\n"
            "                        a character no font has is a warning and drawn as a\n"
            "                        placeholder box, instead of an error\n"
            "      --date now        use the clock for the PDF's creation date when neither\n"
            "                        SOURCE_DATE_EPOCH nor department.yaml's date gives one\n"
            "  -q, --quiet           do not print warnings\n"
            "  -h, --help            show this help\n"
            "\n"
            "Layout sets named in department.yaml are looked up in the department folder,\n"
            "then in $BUDGETPDF_LAYOUTS (':'-separated), then in the installed layouts.\n"
            "SOURCE_DATE_EPOCH, when set, gives the PDF's creation date, else the date in\n"
            "department.yaml; otherwise the PDF carries no date, so the same inputs give\n"
            "the same bytes.\n"
            "\n"
            "Before layout, the rules of the layout set are checked (as budgetpdf check\n"
            "does): when one fails, nothing is written and the failures are listed.\n"
            "Differences within rounding do not stop it (budgetpdf check lists them).\n"
            "\n"
            "Exit codes: 0 ok, 1 a check rule failed, 2 usage, 3 bad input (layout or\n"
            "data), 4 output or I/O error, 5 out of memory or of file descriptors.\n");
}

int cmd_render(int argc, char **argv)
{
    static const struct option opts[] = {{"output", required_argument, 0, 'o'},
                                         CLI_RENDER_OPTIONS,
                                         {"quiet", no_argument, 0, 'q'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *out = NULL;
    budgetpdf_options opt = {0};
    opt.warn = cli_print_warning;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:l:c:qh", opts, NULL)) != -1) {
        int taken = cli_render_option("render", c, optarg, &opt);
        if (taken < 0) return BUDGETPDF_EUSAGE;
        if (taken) continue;
        switch (c) {
        case 'o':
            out = optarg;
            break;
        case 'q':
            opt.warn = NULL;
            break;
        case 'h':
            usage_render(stdout);
            return 0;
        default:
            fprintf(stderr, "Try 'budgetpdf render --help'.\n");
            return BUDGETPDF_EUSAGE;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr,
                "%s render: expected one department folder%s\nTry 'budgetpdf render --help'.\n",
                prog, optind < argc - 1 ? ", got several" : "");
        return BUDGETPDF_EUSAGE;
    }
    if (!out) {
        fprintf(stderr, "%s render: missing -o FILE\nTry 'budgetpdf render --help'.\n", prog);
        return BUDGETPDF_EUSAGE;
    }
    char path[2 * PATH_MAX + 160];
    if (cli_render_options_done("render", &opt, path, sizeof path)) return BUDGETPDF_EUSAGE;
    /* One document in a process of its own: its fonts are subset on
     * threads while the pages are drawn (the seed: 23.2 -> 19.8 ms at best
     * of 40 interleaved runs), with the process's malloc tuned for it. */
    opt.font_threads = true;
    cli_memory_for_documents();
    cli_memory_one_arena();
    budgetpdf_context *ctx = budgetpdf_context_new();
    if (!ctx) {
        fprintf(stderr, "%s: out of memory\n", prog);
        return BUDGETPDF_ERESOURCE;
    }
    opt.context = ctx;
    char err[4096];
    int rc = budgetpdf_render(argv[optind], out, &opt, err, sizeof err);
    budgetpdf_context_free(ctx);
    if (rc) {
        fprintf(stderr, "%s: %s\n", prog, err);
        return rc;
    }
    return 0;
}
