/* main.c — the budgetpdf command line: dispatches to one file per command
 * (cmd_*.c), each a thin layer over libbudgetpdf. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static void usage_main(FILE *f)
{
    fprintf(f, "Usage: budgetpdf COMMAND [OPTIONS]\n"
               "Typesets a department's budget annex (部门预算表) as print-ready PDF.\n"
               "\n"
               "Commands:\n"
               "  render DEPT_DIR -o FILE   render one department to a PDF\n"
               "  check DEPT_DIR            check the annex's arithmetic and cross-table rules\n"
               "  fonts [DEPT_DIR]          the fonts of each role and their coverage\n"
               "  batch ROOT -o DIR         render every department folder under ROOT\n"
               "  import WORKBOOK -o DIR    write the department folder a workbook amounts to\n"
               "  serve BUREAU_DIR          the bureau's workbench in a browser (docs/server.md)\n"
               "  user add|passwd|list      the users of a bureau's workbench\n"
               "  bind DEPT_DIR [-o FILE]   bind the figures typed in the text to the tables\n"
               "  draft DEPT_DIR --from LAST_YEAR_DIR -o FILE\n"
               "                            this year's text from last year's\n"
               "\n"
               "DEPT_DIR may also be a workbook (.xlsx, .xls) holding the tables, and ROOT a\n"
               "folder of workbooks and department folders (docs/workbook.md).\n"
               "\n"
               "Options:\n"
               "  -h, --help       show this help (budgetpdf COMMAND --help for a command's)\n"
               "  -V, --version    print the version\n"
               "\n"
               "Exit codes: 0 ok, 1 a check rule failed, 2 usage, 3 bad input (layout or data),\n"
               "4 output or I/O error, 5 out of memory or of file descriptors.\n");
}

int main(int argc, char **argv)
{
    cli_i18n_init();
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
    if (!strcmp(cmd, "check")) return cmd_check(argc - 1, argv + 1);
    if (!strcmp(cmd, "fonts")) return cmd_fonts(argc - 1, argv + 1);
    if (!strcmp(cmd, "batch")) return cmd_batch(argc - 1, argv + 1);
    if (!strcmp(cmd, "import")) return cmd_import(argc - 1, argv + 1);
    if (!strcmp(cmd, "serve")) return cmd_serve(argc - 1, argv + 1);
    if (!strcmp(cmd, "user")) return cmd_user(argc - 1, argv + 1);
    if (!strcmp(cmd, "bind")) return cmd_bind(argc - 1, argv + 1);
    if (!strcmp(cmd, "draft")) return cmd_draft(argc - 1, argv + 1);
    fprintf(stderr, "%s: unknown command '%s'\n", prog, cmd);
    usage_main(stderr);
    return BUDGETPDF_EUSAGE;
}
