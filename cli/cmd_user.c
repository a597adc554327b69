/* cmd_user.c — `budgetpdf user`: the users and departments of a bureau
 * folder (docs/server.md, "Users and roles"); thin over src/serve/serve.h.
 * Passwords are read from standard input (a line), never from arguments. */
#include "cli.h"

#include "serve.h"

#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

void usage_user(FILE *f)
{
    fprintf(f,
            "Usage: budgetpdf user add BUREAU_DIR NAME --role ROLE [--department CODE[,CODE...]]\n"
            "       budgetpdf user passwd BUREAU_DIR NAME\n"
            "       budgetpdf user list BUREAU_DIR\n"
            "       budgetpdf user add-department BUREAU_DIR CODE NAME\n"
            "Manages the users of a bureau's workbench (budgetpdf serve). ROLE is clerk\n"
            "(of the departments given), reviewer or admin. The password is read from\n"
            "standard input (at least 8 characters; prompted for without echo on a\n"
            "terminal). See docs/server.md.\n");
}

/* A line of standard input without its newline (echo off on a terminal). */
static int read_password(char *out, size_t size)
{
    bool tty = isatty(0);
    struct termios old, quiet;
    if (tty) {
        fprintf(stderr, "密码 (password): ");
        tcgetattr(0, &old);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(0, TCSANOW, &quiet);
    }
    bool ok = fgets(out, (int)size, stdin) != NULL;
    if (tty) {
        tcsetattr(0, TCSANOW, &old);
        fputc('\n', stderr);
    }
    if (!ok) return -1;
    out[strcspn(out, "\r\n")] = 0;
    return 0;
}

static int add(int argc, char **argv)
{
    const char *role = NULL, *depts = NULL;
    if (argc < 4) return -1;
    for (int i = 4; i < argc; i++) {
        if (!strcmp(argv[i], "--role") && i + 1 < argc)
            role = argv[++i];
        else if (!strcmp(argv[i], "--department") && i + 1 < argc)
            depts = argv[++i];
        else
            return -1;
    }
    if (!role) return -1;
    char pw[512];
    if (read_password(pw, sizeof pw)) return -1;
    return bp_user_add(argv[2], argv[3], role, depts, pw);
}

int cmd_user(int argc, char **argv)
{
    int rc = -1;
    const char *sub = argc > 1 ? argv[1] : "";
    if (!strcmp(sub, "-h") || !strcmp(sub, "--help")) {
        usage_user(stdout);
        return 0;
    }
    if (!strcmp(sub, "add"))
        rc = add(argc, argv);
    else if (!strcmp(sub, "passwd") && argc == 4) {
        char pw[512];
        rc = read_password(pw, sizeof pw) ? -1 : bp_user_passwd(argv[2], argv[3], pw);
    } else if (!strcmp(sub, "list") && argc == 3)
        rc = bp_user_list(argv[2], stdout);
    else if (!strcmp(sub, "add-department") && argc == 5)
        rc = bp_department_add(argv[2], argv[3], argv[4]);
    if (rc < 0) {
        usage_user(stderr);
        return BUDGETPDF_EUSAGE;
    }
    return rc;
}
