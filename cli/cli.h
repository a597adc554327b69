/* cli.h — shared declarations of the budgetpdf command line. */
#ifndef BP_CLI_H
#define BP_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "budgetpdf.h"

extern const char *prog;

/* Prints a library warning to stderr. */
void cli_print_warning(void *ud, const char *msg);
/* Layout sets search path: $BUDGETPDF_LAYOUTS, then the folder beside the
 * binary (installed tree) or the source tree (build tree); "" when none. */
void cli_layouts_path(char *out, size_t size);

int cmd_render(int argc, char **argv);
void usage_render(FILE *f);
int cmd_check(int argc, char **argv);
int cmd_fonts(int argc, char **argv);
void usage_fonts(FILE *f);
void usage_check(FILE *f);
int cmd_batch(int argc, char **argv);
void usage_batch(FILE *f);

#endif
