/* cli_common.c — what every budgetpdf command shares: the program name,
 * warning output, and the layout search path derived from the binary. */
#include "cli.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *prog = "budgetpdf";

int cli_report_written(int rc)
{
    errno = 0;
    /* a write that failed earlier leaves the error flag, and nothing for
     * fflush to fail on */
    if (fflush(stdout) == 0 && !ferror(stdout)) return rc;
    int err = errno;
    fprintf(stderr, "%s: cannot write the report to standard output%s%s\n", prog, err ? ": " : "",
            err ? strerror(err) : "");
    return BUDGETPDF_EIO;
}

void cli_print_warning(void *ud, const char *msg)
{
    (void)ud;
    fprintf(stderr, dgettext(BP_CLI_DOMAIN, "%s: warning: %s\n"), prog, msg);
}

/* Layout folders derived from where the binary is: in a build tree
 * (CMakeCache.txt beside it) the source tree's layouts; in an installed
 * tree <prefix>/share/budgetpdf/layouts, wherever the prefix was moved. */
static void exe_layout_dirs(char *out, size_t size)
{
    out[0] = 0;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return;
    exe[n] = 0;
    const char *dir = dirname(exe);
    char probe[PATH_MAX + 64];
    snprintf(probe, sizeof probe, "%s/CMakeCache.txt", dir);
#ifdef BP_SOURCE_LAYOUTS_CLI
    if (access(probe, R_OK) == 0) {
        snprintf(out, size, "%s", BP_SOURCE_LAYOUTS_CLI);
        return;
    }
#endif
    snprintf(probe, sizeof probe, "%s/../share/budgetpdf/layouts", dir);
    if (access(probe, R_OK) == 0) snprintf(out, size, "%s", probe);
}

void cli_layouts_path(char *out, size_t size)
{
    const char *env = getenv("BUDGETPDF_LAYOUTS");
    char exe_dirs[PATH_MAX + 64];
    exe_layout_dirs(exe_dirs, sizeof exe_dirs);
    out[0] = 0;
    if (exe_dirs[0])
        snprintf(out, size, "%s%s%s", env && *env ? env : "", env && *env ? ":" : "", exe_dirs);
}
