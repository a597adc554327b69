/* cmd_batch.c — `budgetpdf batch`: every department folder under a root to
 * one PDF each, in N worker processes (or threads: --no-isolate), with a
 * summary CSV (budgetpdf_batch). */
#include "cli.h"

#include "check_json.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void usage_batch(FILE *f)
{
    fprintf(f, "Usage: budgetpdf batch ROOT -o OUTDIR [OPTIONS]\n"
               "Renders every department folder under ROOT (each direct subfolder holding a\n"
               "department.yaml, and each workbook .xlsx/.xls directly in ROOT) into OUTDIR,\n"
               "one PDF each named <code>-<name>.pdf (made safe for file systems;\n"
               "departments whose names agree get -2, -3 ... in folder\n"
               "order, so none overwrites another). A department that fails (bad data, a\n"
               "failed check, an output error) is reported and skipped; the others are\n"
               "rendered. OUTDIR/summary.csv (UTF-8 with a byte order mark) gets one row per\n"
               "department: folder, code, name, status, pages, bytes, milliseconds, file,\n"
               "message (the error, or the warnings), then one row per folder under ROOT\n"
               "that is not a department (status skipped, the reason in message; every\n"
               "skip is also printed on stderr). Statuses: ok; check (a check rule failed);\n"
               "input (bad layout or data, or a department.yaml that is not a regular\n"
               "file: a dangling symbolic link, a folder); io (a file could not be read\n"
               "or written); resource (out of memory or of file descriptors; the other\n"
               "departments are still rendered); crashed (the department's worker process\n"
               "died: the signal is in message); timeout (it ran past --timeout);\n"
               "skipped. Each department is read and rendered in a worker process of\n"
               "its own (-j of them at once), so that one that crashes, hangs or exhausts\n"
               "memory costs only itself. The summary is written under a\n"
               "temporary name of its own and renamed, so runs into one folder never\n"
               "collide.\n"
               "\n"
               "Options:\n"
               "  -o, --output DIR      the folder to write (created if missing; required)\n"
               "  -j, --jobs N          render N departments at once (default: the number\n"
               "                        of processors)\n"
               "      --shard K/N       render only the K-th of N slices: the departments at\n"
               "                        positions i (0-based, in the sorted list of all\n"
               "                        folders) with i %% N = K-1. The N shards are disjoint,\n"
               "                        cover ROOT and name files alike, so separate machines\n"
               "                        can share the work with no coordination; the summary\n"
               "                        is then OUTDIR/summary-K-of-N.csv\n"
               "      --timeout SECONDS a department still being read or rendered after\n"
               "                        SECONDS (default 300; 0: no limit) is stopped and\n"
               "                        reported with status timeout\n"
               "      --memory-limit MB each department may map MB megabytes of memory\n"
               "                        (default 4096; 0: no limit); one that needs more\n"
               "                        fails with status resource\n"
               "      --no-isolate      render on threads of this process instead of worker\n"
               "                        processes: a department that crashes then ends the\n"
               "                        whole batch, and --timeout and --memory-limit do\n"
               "                        not apply\n"
               "  -l, --layouts DIR     use the layout set in DIR for every department\n"
               "      --fonts-dir DIR   also search DIR for fonts (default: the project's fonts/)\n"
               "  -c, --catalogue FILE  check every department's codes against this 科目\n"
               "                        catalogue instead of the layout sets' catalogue:\n"
               "      --annex-only      the annexes alone, even for folders with a document.md\n"
               "      --no-check        render even when a check rule fails (the failures\n"
               "                        go to the summary's message)\n"
               "      --profile P       screen (default) or print (docs/print.md)\n"
               "      --crop-marks      with --profile print: crop marks around each page\n"
               "      --fonts FILE      a font profile replacing the layout sets' fonts\n"
               "      --allow-missing-glyphs\n"
               "                        a character no font has is a warning, not an error\n"
               "      --date now        use the clock for the PDFs' creation date when neither\n"
               "                        SOURCE_DATE_EPOCH nor department.yaml's date gives one\n"
               "      --format FORMAT   text (the default) or json: one line of JSON on\n"
               "                        stdout per department, as it finishes, with its\n"
               "                        status and every finding of its checks (docs/\n"
               "                        check-report.schema.json); the summary line goes\n"
               "                        to stderr\n"
               "  -q, --quiet           print neither failures nor the summary line\n"
               "  -h, --help            show this help\n"
               "\n"
               "On a terminal a progress line (done/total, failures, elapsed, remaining)\n"
               "is updated in place on stderr; failures are reported on stderr as they\n"
               "happen, and a summary line is printed on stdout at the end.\n"
               "\n"
               "Exit codes: 0 every department rendered, 1 some failed, 2 usage, 3 ROOT\n"
               "holds no department, 4 OUTDIR or the summary cannot be written, 5 out of\n"
               "memory before any department.\n");
}

typedef struct progress {
    bool tty, quiet;
    double start, last; /* seconds */
    int width;          /* of the progress line last drawn */
    json_out *json;     /* --format json: one line per department on stdout */
} progress;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void clear_line(progress *p)
{
    if (p->width) fprintf(stderr, "\r%*s\r", p->width, "");
    p->width = 0;
}

/* --format json: the department's line (docs/check-report.schema.json,
 * a batch line). */
static void json_line(progress *p, const budgetpdf_batch_item *it)
{
    json_out *j = p->json;
    budgetpdf_check_result r = {0, 0, 0, 0, 0};
    for (int i = 0; i < it->nfindings; i++) {
        int sev = it->findings[i].severity;
        r.errors += sev == BUDGETPDF_CHECK_ERROR;
        r.warnings += sev == BUDGETPDF_CHECK_WARNING;
        r.roundings += sev == BUDGETPDF_CHECK_ROUNDING;
    }
    json_reset(j);
    json_object(j);
    json_key(j, "version");
    json_int(j, CHECK_JSON_VERSION);
    const struct {
        const char *key, *value;
    } m[] = {{"folder", it->folder},
             {"code", it->code},
             {"name", it->name},
             {"status", budgetpdf_status_word(it->status)},
             {"file", it->file[0] ? it->file : NULL},
             {"message", it->message[0] ? it->message : NULL}};
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
        json_key(j, m[i].key);
        json_string(j, m[i].value);
    }
    json_key(j, "index");
    json_int(j, it->index);
    if (it->signal) { /* the signal that ended its worker */
        json_key(j, "signal");
        json_int(j, it->signal);
    }
    json_key(j, "findings_complete");
    json_bool(j, !it->findings_lost);
    json_key(j, "findings");
    json_array(j);
    for (int i = 0; i < it->nfindings; i++)
        check_json_finding(j, &it->findings[i]);
    json_end_array(j);
    for (int i = 0; i < 3; i++) { /* render counts no rules or comparisons */
        json_key(j, i == 0 ? "errors" : i == 1 ? "warnings" : "roundings");
        json_int(j, i == 0 ? r.errors : i == 1 ? r.warnings : r.roundings);
    }
    json_end_object(j);
    if (j->oom) {
        fprintf(stderr, "%s: %s: out of memory writing its JSON line\n", prog, it->folder);
        return;
    }
    printf("%s\n", j->buf);
    fflush(stdout);
}

static void on_department(void *ud, const budgetpdf_batch_item *it, int done, int failed, int total)
{
    progress *p = ud;
    double t = now_s();
    if (p->json) json_line(p, it);
    if (it->status && !p->quiet) {
        if (p->tty) clear_line(p);
        fprintf(stderr, "%s: %s (%s %s): %s\n", prog, it->folder, it->code, it->name, it->message);
    }
    if (!p->tty || (t - p->last < 0.1 && done < total)) return;
    p->last = t;
    double elapsed = t - p->start;
    double left = done ? elapsed / done * (total - done) : 0;
    char line[160];
    int n = snprintf(line, sizeof line, "%d/%d departments, %d failed, %.1f s elapsed, %.1f s left",
                     done, total, failed, elapsed, left);
    fprintf(stderr, "\r%s%*s", line, p->width > n ? p->width - n : 0, "");
    p->width = n;
    fflush(stderr);
}

static void on_skipped(void *ud, const char *folder, const char *why)
{
    progress *p = ud;
    if (!p->quiet) fprintf(stderr, "%s: skipped %s: %s\n", prog, folder, why);
}

static bool parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end || v < lo || v > hi) return false;
    *out = (int)v;
    return true;
}

/* --shard K/N: 1 <= K <= N. False (after a message) when malformed. */
static bool parse_shard(const char *arg, budgetpdf_batch_options *bo)
{
    const char *slash = strchr(arg, '/');
    char k[32];
    if (slash && (size_t)(slash - arg) < sizeof k) {
        memcpy(k, arg, (size_t)(slash - arg));
        k[slash - arg] = 0;
        if (parse_int(k, 1, 1000000, &bo->shard_index) &&
            parse_int(slash + 1, 1, 1000000, &bo->shard_count) &&
            bo->shard_index <= bo->shard_count)
            return true;
    }
    fprintf(stderr, "%s batch: --shard takes K/N with 1 <= K <= N, not '%s'\n", prog, arg);
    return false;
}

/* --timeout SECONDS, --memory-limit MB: a whole number, 0 for none.
 * False (after a message) when malformed. */
static bool parse_limit(int c, const char *arg, budgetpdf_batch_options *bo)
{
    int v;
    if (!parse_int(arg, 0, 1000000, &v)) {
        fprintf(stderr, "%s batch: %s takes a whole number (0: no limit), not '%s'\n", prog,
                c == 'T' ? "--timeout" : "--memory-limit", arg);
        return false;
    }
    *(c == 'T' ? &bo->timeout_seconds : &bo->memory_limit_mb) = v ? v : -1;
    return true;
}

/* The command line into bo, out and pr. Returns -1 to go on, else the
 * exit status (0 after --help). */
static int parse_batch_args(int argc, char **argv, budgetpdf_batch_options *bo, const char **out,
                            progress *pr)
{
    static const struct option opts[] = {{"output", required_argument, 0, 'o'},
                                         {"jobs", required_argument, 0, 'j'},
                                         {"shard", required_argument, 0, 'S'},
                                         {"timeout", required_argument, 0, 'T'},
                                         {"memory-limit", required_argument, 0, 'R'},
                                         {"no-isolate", no_argument, 0, 'I'},
                                         CLI_RENDER_OPTIONS,
                                         {"quiet", no_argument, 0, 'q'},
                                         {"format", required_argument, 0, 'm'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:j:l:c:qh", opts, NULL)) != -1) {
        int taken = cli_render_option("batch", c, optarg, &bo->render);
        if (taken < 0) return BUDGETPDF_EUSAGE;
        if (taken) continue;
        switch (c) {
        case 'o':
            *out = optarg;
            break;
        case 'j':
            if (!parse_int(optarg, 1, 256, &bo->jobs)) {
                fprintf(stderr, "%s batch: -j takes a number from 1 to 256, not '%s'\n", prog,
                        optarg);
                return BUDGETPDF_EUSAGE;
            }
            break;
        case 'S':
            if (!parse_shard(optarg, bo)) return BUDGETPDF_EUSAGE;
            break;
        case 'T':
        case 'R':
            if (!parse_limit(c, optarg, bo)) return BUDGETPDF_EUSAGE;
            break;
        case 'I':
            bo->in_process = true;
            break;
        case 'q':
            pr->quiet = true;
            break;
        case 'm':
            if (strcmp(optarg, "json") && strcmp(optarg, "text")) {
                fprintf(stderr, "%s batch: --format takes text or json, not '%s'\n", prog, optarg);
                return BUDGETPDF_EUSAGE;
            }
            bo->findings = !strcmp(optarg, "json");
            break;
        case 'h':
            usage_batch(stdout);
            return 0;
        default:
            fprintf(stderr, "Try 'budgetpdf batch --help'.\n");
            return BUDGETPDF_EUSAGE;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "%s batch: expected one root folder%s\nTry 'budgetpdf batch --help'.\n",
                prog, optind < argc - 1 ? ", got several" : "");
        return BUDGETPDF_EUSAGE;
    }
    if (!*out) {
        fprintf(stderr, "%s batch: missing -o DIR\nTry 'budgetpdf batch --help'.\n", prog);
        return BUDGETPDF_EUSAGE;
    }
    return -1;
}

int cmd_batch(int argc, char **argv)
{
    const char *out = NULL;
    budgetpdf_batch_options bo;
    memset(&bo, 0, sizeof bo);
    progress pr = {isatty(2) != 0, false, now_s(), 0, 0, NULL};
    int rc = parse_batch_args(argc, argv, &bo, &out, &pr);
    if (rc >= 0) return rc;
    if (pr.quiet) pr.tty = false;
    char path[2 * PATH_MAX + 160];
    if (cli_render_options_done("batch", &bo.render, path, sizeof path)) return BUDGETPDF_EUSAGE;
    bo.progress = on_department;
    bo.progress_ud = &pr;
    json_out json;
    json_init(&json);
    if (bo.findings) pr.json = &json;
    bo.skipped = on_skipped;
    bo.skipped_ud = &pr;

    cli_memory_for_documents();
    budgetpdf_context *ctx = budgetpdf_context_new();
    if (!ctx) {
        fprintf(stderr, "%s: out of memory\n", prog);
        return BUDGETPDF_ERESOURCE;
    }
    bo.render.context = ctx;
    budgetpdf_batch_result res;
    char err[4096];
    rc = budgetpdf_batch(argv[optind], out, &bo, &res, err, sizeof err);
    budgetpdf_context_free(ctx);
    json_free(&json);
    if (pr.tty) clear_line(&pr);
    if (rc && rc != BUDGETPDF_ECHECK) {
        fprintf(stderr, "%s: %s\n", prog, err);
        return rc;
    }
    if (!pr.quiet) { /* with --format json on stderr: stdout holds only the JSON lines */
        double secs = res.milliseconds / 1000;
        fprintf(bo.findings ? stderr : stdout,
                "%d of %d department%s rendered, %d failed, in %.1f s (%.1f per second); "
                "summary: %s\n",
                res.rendered, res.selected, res.selected == 1 ? "" : "s", res.failed, secs,
                secs > 0 ? res.selected / secs : 0.0, res.summary);
    }
    if (fflush(stdout) != 0 || ferror(stdout)) return BUDGETPDF_EIO;
    return rc;
}
