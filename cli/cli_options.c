/* cli_options.c — the rendering options `render` and `batch` share: how
 * each one sets budgetpdf_options, and the checks of their combination
 * once all are read. Their long names are CLI_RENDER_OPTIONS (cli.h). */
#include "cli.h"

#include <stdio.h>
#include <string.h>

int cli_render_option(const char *cmd, int c, const char *arg, budgetpdf_options *opt)
{
    switch (c) {
    case 'l':
        opt->layouts_dir = arg;
        return 1;
    case 'F':
        opt->fonts_dir = arg;
        return 1;
    case 'c':
        opt->catalogue = arg;
        return 1;
    case 'N':
        opt->no_check = true;
        return 1;
    case 'P':
        if (strcmp(arg, "print") && strcmp(arg, "screen")) {
            fprintf(stderr, "%s %s: --profile must be print or screen, not '%s'\n", prog, cmd, arg);
            return -1;
        }
        opt->print_profile = !strcmp(arg, "print");
        return 1;
    case 'C':
        opt->crop_marks = true;
        return 1;
    case 'f':
        opt->font_profile = arg;
        return 1;
    case 'M':
        opt->allow_missing_glyphs = true;
        return 1;
    case 'A':
        opt->annex_only = true;
        return 1;
    case 'D':
        if (strcmp(arg, "now")) {
            fprintf(stderr, "%s %s: --date takes 'now', not '%s'\n", prog, cmd, arg);
            return -1;
        }
        opt->date_now = true;
        return 1;
    default:
        return 0;
    }
}

int cli_render_options_done(const char *cmd, budgetpdf_options *opt, char *path, size_t size)
{
    if (opt->crop_marks && !opt->print_profile) {
        fprintf(stderr, "%s %s: --crop-marks needs --profile print\n", prog, cmd);
        return BUDGETPDF_EUSAGE;
    }
    cli_layouts_path(path, size);
    if (path[0]) opt->layouts_path = path;
    return 0;
}
