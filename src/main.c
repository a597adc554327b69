/* main.c — the budgetpdf command line: a thin layer over libbudgetpdf
 * (argument parsing, messages, exit codes). */
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "budgetpdf.h"

static const char *prog = "budgetpdf";

static void usage_main(FILE *f)
{
    fprintf(f,
            "Usage: budgetpdf COMMAND [OPTIONS]\n"
            "Typesets a department's budget annex (部门预算表) as print-ready PDF.\n"
            "\n"
            "Commands:\n"
            "  render DEPT_DIR -o FILE   render one department to a PDF\n"
            "\n"
            "Options:\n"
            "  -h, --help       show this help (budgetpdf render --help for the command's)\n"
            "  -V, --version    print the version\n"
            "\n"
            "Exit codes: 0 ok, 2 usage, 3 bad input (layout or data), 4 output or I/O error.\n");
}

static void usage_render(FILE *f)
{
    fprintf(f,
            "Usage: budgetpdf render DEPT_DIR -o FILE [OPTIONS]\n"
            "Renders the department in DEPT_DIR (department.yaml plus one CSV per table)\n"
            "with the layout set its department.yaml names, to the PDF FILE. The file is\n"
            "written to a temporary name and renamed into place only when complete.\n"
            "\n"
            "Options:\n"
            "  -o, --output FILE     the PDF to write (required)\n"
            "  -l, --layouts DIR     use the layout set in DIR instead of the one named\n"
            "                        by department.yaml\n"
            "      --fonts-dir DIR   also search DIR for fonts (default: the project's fonts/)\n"
            "  -q, --quiet           do not print warnings\n"
            "  -h, --help            show this help\n"
            "\n"
            "Layout sets named in department.yaml are looked up in the department folder,\n"
            "then in $BUDGETPDF_LAYOUTS (':'-separated), then in the installed layouts.\n"
            "SOURCE_DATE_EPOCH, when set, gives the PDF's creation date; otherwise the\n"
            "PDF carries no date, so the same inputs give the same bytes.\n"
            "\n"
            "Exit codes: 0 ok, 2 usage, 3 bad input (layout or data), 4 output or I/O error.\n");
}

static void print_warning(void *ud, const char *msg)
{
    (void)ud;
    fprintf(stderr, "%s: warning: %s\n", prog, msg);
}

/* In a build tree (CMakeCache.txt beside the binary), prefer the source
 * tree's layouts over installed ones. */
static const char *build_tree_layouts(void)
{
    static char buf[PATH_MAX + 64];
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return NULL;
    exe[n] = 0;
    char cache[PATH_MAX + 32];
    snprintf(cache, sizeof cache, "%s/CMakeCache.txt", dirname(exe));
    if (access(cache, R_OK) != 0) return NULL;
#ifdef BP_SOURCE_LAYOUTS_CLI
    snprintf(buf, sizeof buf, "%s", BP_SOURCE_LAYOUTS_CLI);
    return buf;
#else
    (void)buf;
    return NULL;
#endif
}

static int cmd_render(int argc, char **argv)
{
    static const struct option opts[] = {{"output", required_argument, 0, 'o'},
                                         {"layouts", required_argument, 0, 'l'},
                                         {"fonts-dir", required_argument, 0, 'F'},
                                         {"quiet", no_argument, 0, 'q'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *out = NULL;
    budgetpdf_options opt = {0};
    opt.warn = print_warning;
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
        case 'F':
            opt.fonts_dir = optarg;
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
        fprintf(stderr, "%s render: expected one department folder%s\nTry 'budgetpdf render --help'.\n",
                prog, optind < argc - 1 ? ", got several" : "");
        return BUDGETPDF_EUSAGE;
    }
    if (!out) {
        fprintf(stderr, "%s render: missing -o FILE\nTry 'budgetpdf render --help'.\n", prog);
        return BUDGETPDF_EUSAGE;
    }
    const char *env = getenv("BUDGETPDF_LAYOUTS");
    const char *bt = build_tree_layouts();
    char path[2 * PATH_MAX + 2];
    if (bt) {
        snprintf(path, sizeof path, "%s%s%s", env && *env ? env : "", env && *env ? ":" : "", bt);
        opt.layouts_path = path;
    }
    char err[4096];
    int rc = budgetpdf_render(argv[optind], out, &opt, err, sizeof err);
    if (rc) {
        fprintf(stderr, "%s: %s\n", prog, err);
        return rc;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage_main(stderr);
        return BUDGETPDF_EUSAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        usage_main(stdout);
        return 0;
    }
    if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
        printf("budgetpdf %s\n", budgetpdf_version());
        return 0;
    }
    if (!strcmp(cmd, "render")) return cmd_render(argc - 1, argv + 1);
    fprintf(stderr, "%s: unknown command '%s'\n", prog, cmd);
    usage_main(stderr);
    return BUDGETPDF_EUSAGE;
}
