/* cmd_serve.c — `budgetpdf serve`: the bureau workbench (docs/server.md),
 * its store's backup, and (internal) the isolated check and publish workers; thin over
 * src/serve/serve.h. */
#include "cli.h"

#include "serve.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

void usage_serve(FILE *f)
{
    fprintf(f, "Usage: budgetpdf serve BUREAU_DIR [OPTIONS]\n"
               "       budgetpdf serve --backup FILE BUREAU_DIR\n"
               "Serves the bureau's workbench (预算公开工作台) over HTTP: clerks upload their\n"
               "department's workbook and see it checked, reviewers return, approve and\n"
               "publish. BUREAU_DIR holds the whole state (budgetpdf.db, files/, publish/);\n"
               "users and departments: budgetpdf user. See docs/server.md.\n"
               "\n"
               "Options:\n"
               "      --listen ADDR:PORT  where to listen (default 127.0.0.1:8080; IPv6 in\n"
               "                          brackets: [::1]:8080)\n"
               "      --secure-cookies    always mark cookies Secure (behind TLS; also when\n"
               "                          the proxy sends X-Forwarded-Proto: https)\n"
               "      --max-upload MB     the largest upload (default 20)\n"
               "      --jobs N            checks run at once (default 2)\n"
               "      --timeout S         a check's time limit in seconds (default 120)\n"
               "      --connections N     connections at once (default 256)\n"
               "      --backup FILE       write a consistent copy of the store to FILE and exit\n"
               "  -h, --help              show this help\n"
               "\n"
               "Exit codes: 0 stopped by SIGTERM or SIGINT, 2 usage (a BUREAU_DIR too long\n"
               "for the paths made from it too), 3 bad store, 4 I/O.\n");
}

/* A whole number of an option, lo..hi; false (after a message) when it is
 * not one: atoi's 0 for "abc" would silently mean the default. */
static bool number(const char *opt, const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end != s && !*end && !errno && v >= lo && v <= hi) {
        *out = v;
        return true;
    }
    fprintf(stderr, "%s serve: %s takes a whole number from %ld to %ld, not '%s'\n", prog, opt, lo,
            hi, s);
    return false;
}

/* The numbers of serve's options (their limits: docs/server.md). */
static bool serve_number(int c, const char *arg, bp_serve_opts *o)
{
    long v = 0;
    switch (c) {
    case 'U':
        if (!number("--max-upload", arg, 1, 4096, &v)) return false;
        o->max_upload = (long long)v << 20;
        return true;
    case 'j':
        if (!number("--jobs", arg, 1, 256, &v)) return false;
        o->max_jobs = (int)v;
        return true;
    case 'T':
        if (!number("--timeout", arg, 1, 86400, &v)) return false;
        o->job_timeout_s = (int)v;
        return true;
    default: /* 'C' */
        if (!number("--connections", arg, 1, 4096, &v)) return false;
        o->threads = (int)v;
        return true;
    }
}

static int worker(int argc, char **argv)
{
    char path[PATH_MAX];
    if (argc < 4 || argc > 7) return BUDGETPDF_EUSAGE;
    cli_layouts_path(path, sizeof path);
    return bp_serve_worker(argv[2], argv[3], path, argc > 4 ? argv[4] : NULL,
                           argc > 5 ? argv[5] : NULL, argc > 6 ? argv[6] : NULL);
}

/* serve --render JOBDIR INPUT [TEXT [PREV]]: the publisher's render. */
static int render_worker(int argc, char **argv)
{
    char path[PATH_MAX];
    if (argc < 4 || argc > 6) return BUDGETPDF_EUSAGE;
    cli_layouts_path(path, sizeof path);
    return bp_serve_render(argv[2], argv[3], path, argc > 4 ? argv[4] : NULL,
                           argc > 5 ? argv[5] : NULL);
}

int cmd_serve(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "--worker")) return worker(argc, argv);
    if (argc >= 2 && !strcmp(argv[1], "--render")) return render_worker(argc, argv);
    static const struct option opts[] = {{"listen", required_argument, 0, 'L'},
                                         {"secure-cookies", no_argument, 0, 'S'},
                                         {"max-upload", required_argument, 0, 'U'},
                                         {"jobs", required_argument, 0, 'j'},
                                         {"timeout", required_argument, 0, 'T'},
                                         {"connections", required_argument, 0, 'C'},
                                         {"backup", required_argument, 0, 'B'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    bp_serve_opts o = {0};
    const char *backup = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'L':
            o.listen = optarg;
            break;
        case 'S':
            o.secure_cookies = true;
            break;
        case 'U':
        case 'j':
        case 'T':
        case 'C':
            if (!serve_number(c, optarg, &o)) return BUDGETPDF_EUSAGE;
            break;
        case 'B':
            backup = optarg;
            break;
        case 'h':
            usage_serve(stdout);
            return 0;
        default:
            usage_serve(stderr);
            return BUDGETPDF_EUSAGE;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "%s serve: give one BUREAU_DIR\n", prog);
        usage_serve(stderr);
        return BUDGETPDF_EUSAGE;
    }
    o.bureau = argv[optind];
    if (backup) return bp_serve_backup(o.bureau, backup);
    return bp_serve_run(&o);
}
