/* measure.c — runs a command RUNS times and prints the median wall time
 * (milliseconds, from fork to exit) and the median peak resident set size
 * (kilobytes, the child's ru_maxrss from wait4), and the median processor
 * time (user + system, milliseconds; less sensitive than the wall time to
 * other jobs on the machine) as
 *     ms=23.4 rss_kb=14200 cpu_ms=20.1 runs=5
 * With two commands separated by `--`, their runs alternate (A B A B …,
 * so that both see the same machine) and a line is printed for each, A's
 * first: for a ratio measured in one run (the whole document against the
 * annex alone). The commands' stdout and stderr go to /dev/null unless
 * BENCH_VERBOSE is set. A run that exits non-zero stops the measurement
 * (exit status 1), unless its status is listed in BENCH_OK_STATUS (e.g.
 * "1": a batch run with an expected failure).
 *
 * usage: bench-measure RUNS COMMAND [ARGS...] [-- COMMAND2 [ARGS...]] */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static bool status_ok(int code)
{
    if (code == 0) return true;
    const char *ok = getenv("BENCH_OK_STATUS");
    char want[16];
    snprintf(want, sizeof want, "%d", code);
    return ok && strstr(ok, want);
}

/* One command's figures over its runs. */
typedef struct series {
    char **argv;
    double *ms, *kb, *cpu;
} series;

/* Runs s's command once (run i); false when it fails. */
static bool run_once(series *s, int i, bool verbose)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) {
        perror("bench-measure: fork");
        return false;
    }
    if (pid == 0) {
        if (!verbose) {
            int fd = open("/dev/null", O_WRONLY);
            if (fd >= 0) {
                dup2(fd, 1);
                dup2(fd, 2);
                close(fd);
            }
        }
        execvp(s->argv[0], s->argv);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0) {
        perror("bench-measure: wait4");
        return false;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (!WIFEXITED(status) || !status_ok(WEXITSTATUS(status))) {
        fprintf(stderr, "bench-measure: %s failed (status %d)\n", s->argv[0],
                WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        return false;
    }
    s->ms[i] = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    s->kb[i] = (double)ru.ru_maxrss;
    s->cpu[i] = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
                (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
    return true;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench-measure RUNS COMMAND [ARGS...] [-- COMMAND2 [ARGS...]]\n");
        return 2;
    }
    int runs = atoi(argv[1]);
    if (runs < 1 || runs > 1000) {
        fprintf(stderr, "bench-measure: RUNS must be 1..1000\n");
        return 2;
    }
    series s[2] = {{argv + 2, NULL, NULL, NULL}, {NULL, NULL, NULL, NULL}};
    int ns = 1;
    for (int i = 2; i < argc; i++)
        if (!strcmp(argv[i], "--") && i + 1 < argc) {
            argv[i] = NULL; /* ends the first command */
            s[1].argv = argv + i + 1;
            ns = 2;
            break;
        }
    for (int k = 0; k < ns; k++) {
        s[k].ms = calloc((size_t)runs, sizeof(double));
        s[k].kb = calloc((size_t)runs, sizeof(double));
        s[k].cpu = calloc((size_t)runs, sizeof(double));
        if (!s[k].ms || !s[k].kb || !s[k].cpu) return 1;
    }
    bool verbose = getenv("BENCH_VERBOSE") != NULL;
    for (int i = 0; i < runs; i++)
        for (int k = 0; k < ns; k++)
            if (!run_once(&s[k], i, verbose)) return 1;
    for (int k = 0; k < ns; k++) {
        printf("ms=%.1f rss_kb=%.0f cpu_ms=%.1f runs=%d\n", median(s[k].ms, runs),
               median(s[k].kb, runs), median(s[k].cpu, runs), runs);
        free(s[k].ms);
        free(s[k].kb);
        free(s[k].cpu);
    }
    return 0;
}
