/* cli.h — shared declarations of the budgetpdf command line. */
#ifndef BP_CLI_H
#define BP_CLI_H

#include <getopt.h>
#include <libintl.h>
#include <stddef.h>
#include <stdio.h>

#include "budgetpdf.h"

extern const char *prog;

/* After a command printed its report on stdout: rc, or BUDGETPDF_EIO
 * (reported on stderr) when the report could not be written in full (a
 * full disk, a closed pipe). */
int cli_report_written(int rc);
/* Prints a library warning to stderr. */
void cli_print_warning(void *ud, const char *msg);
/* Layout sets search path: $BUDGETPDF_LAYOUTS, then the folder beside the
 * binary (installed tree) or the source tree (build tree); "" when none. */
void cli_layouts_path(char *out, size_t size);

/* The long options of rendering that render and batch share (-l is the
 * short form of --layouts); the values are those cli_render_option takes. */
#define CLI_RENDER_OPTIONS                                                                         \
    {"layouts", required_argument, 0, 'l'}, {"fonts-dir", required_argument, 0, 'F'},              \
        {"no-check", no_argument, 0, 'N'}, {"profile", required_argument, 0, 'P'},                 \
        {"crop-marks", no_argument, 0, 'C'}, {"fonts", required_argument, 0, 'f'},                 \
        {"allow-missing-glyphs", no_argument, 0, 'M'}, {"catalogue", required_argument, 0, 'c'},   \
        {"annex-only", no_argument, 0, 'A'},                                                       \
    {                                                                                              \
        "date", required_argument, 0, 'D'                                                          \
    }
/* Applies option c (from getopt_long over CLI_RENDER_OPTIONS) with its
 * argument to opt: 1 when taken, 0 when c is not one of them, -1 when the
 * argument is bad (reported on stderr, naming the command cmd). */
int cli_render_option(const char *cmd, int c, const char *arg, budgetpdf_options *opt);
/* After the options: checks their combination and sets the layout search
 * path (kept in path[size]). 0, or BUDGETPDF_EUSAGE (reported). */
int cli_render_options_done(const char *cmd, budgetpdf_options *opt, char *path, size_t size);

/* Process-wide malloc tuning for the commands that write documents
 * (cli_memory.c): keep freed memory and a huge-page heap; one malloc arena
 * for a render whose fonts are subset on threads. */
void cli_memory_for_documents(void);
void cli_memory_one_arena(void);

int cmd_render(int argc, char **argv);
void usage_render(FILE *f);
int cmd_check(int argc, char **argv);
int cmd_fonts(int argc, char **argv);
void usage_fonts(FILE *f);
void usage_check(FILE *f);
int cmd_batch(int argc, char **argv);
void usage_batch(FILE *f);
int cmd_import(int argc, char **argv);
void usage_import(FILE *f);
int cmd_serve(int argc, char **argv);
void usage_serve(FILE *f);
int cmd_user(int argc, char **argv);
void usage_user(FILE *f);
int cmd_bind(int argc, char **argv);
void usage_bind(FILE *f);
int cmd_draft(int argc, char **argv);
void usage_draft(FILE *f);

/* cli_i18n.c: messages in the user's language (docs/i18n.md). The
 * library's and the CLI's messages are in the "budgetpdf" catalogue. */
#define BP_CLI_DOMAIN "budgetpdf"
/* Sets LC_MESSAGES from the environment (LC_ALL, LC_MESSAGES, LANG) and
 * binds the catalogue (BUDGETPDF_LOCALEDIR, else the installed one). */
void cli_i18n_init(void);

#endif
