/* cli_i18n.c — the program's side of translated messages (docs/i18n.md):
 * LC_MESSAGES from the environment and the catalogue's folder. Only
 * LC_MESSAGES is set: numbers, character classes and collation stay C's,
 * so the PDFs do not depend on the locale. */
#include "cli.h"

#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef BP_LOCALEDIR
#define BP_LOCALEDIR "/usr/local/share/locale"
#endif

/* The locale the environment asks for messages, as setlocale reads it. */
static const char *wanted(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (int i = 0; i < 3; i++) {
        const char *v = getenv(vars[i]);
        if (v && v[0]) return v;
    }
    return NULL;
}

/* The build tree's catalogues: locale/ beside the program, when it has
 * them (build/budgetpdf and build/locale); an installed program has none
 * there and uses the installed folder. */
static bool locale_beside(char *buf, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", buf, size - 1);
    if (n <= 0) return false;
    buf[n] = 0;
    char *slash = strrchr(buf, '/');
    if (!slash || (size_t)(slash - buf) + 40 > size) return false;
    strcpy(slash, "/locale");
    struct stat st;
    return stat(buf, &st) == 0 && S_ISDIR(st.st_mode);
}

void cli_i18n_init(void)
{
    if (!setlocale(LC_MESSAGES, "")) {
        /* the locale is not installed (zh_CN.UTF-8 on a minimal system):
         * the messages still follow it, through LANGUAGE under C.UTF-8 */
        const char *w = wanted();
        if (w && strcmp(w, "C") && strcmp(w, "POSIX") && setlocale(LC_MESSAGES, "C.UTF-8") &&
            !getenv("LANGUAGE"))
            setenv("LANGUAGE", w, 1);
    }
    const char *dir = getenv("BUDGETPDF_LOCALEDIR");
    char beside[4096];
    if (!(dir && dir[0]) && locale_beside(beside, sizeof beside)) dir = beside;
    bindtextdomain(BP_CLI_DOMAIN, dir && dir[0] ? dir : BP_LOCALEDIR);
    bind_textdomain_codeset(BP_CLI_DOMAIN, "UTF-8");
}
