/* measure.c — runs a command RUNS times and prints the median wall time
 * (milliseconds, from fork to exit) and the median peak resident set size
 * (kilobytes, the child's ru_maxrss from wait4), and the median processor
 * time (user + system, milliseconds; less sensitive than the wall time to
 * other jobs on the machine) as
 *     ms=23.4 rss_kb=14200 cpu_ms=20.1 runs=5
 * The command's stdout and stderr go to /dev/null unless BENCH_VERBOSE is
 * set. A run that exits non-zero stops the measurement (exit status 1),
 * unless its status is listed in BENCH_OK_STATUS (e.g. "1": a batch run
 * with an expected failure).
 *
 * usage: bench-measure RUNS COMMAND [ARGS...] */
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

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench-measure RUNS COMMAND [ARGS...]\n");
        return 2;
    }
    int runs = atoi(argv[1]);
    if (runs < 1 || runs > 1000) {
        fprintf(stderr, "bench-measure: RUNS must be 1..1000\n");
        return 2;
    }
    double *ms = calloc((size_t)runs, sizeof *ms), *kb = calloc((size_t)runs, sizeof *kb);
    double *cpu = calloc((size_t)runs, sizeof *cpu);
    if (!ms || !kb || !cpu) return 1;
    bool verbose = getenv("BENCH_VERBOSE") != NULL;
    for (int i = 0; i < runs; i++) {
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        pid_t pid = fork();
        if (pid < 0) {
            perror("bench-measure: fork");
            return 1;
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
            execvp(argv[2], argv + 2);
            _exit(127);
        }
        int status;
        struct rusage ru;
        if (wait4(pid, &status, 0, &ru) < 0) {
            perror("bench-measure: wait4");
            return 1;
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        if (!WIFEXITED(status) || !status_ok(WEXITSTATUS(status))) {
            fprintf(stderr, "bench-measure: %s failed (status %d)\n", argv[2],
                    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
            return 1;
        }
        ms[i] = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
        kb[i] = (double)ru.ru_maxrss;
        cpu[i] = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
                 (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
    }
    printf("ms=%.1f rss_kb=%.0f cpu_ms=%.1f runs=%d\n", median(ms, runs), median(kb, runs),
           median(cpu, runs), runs);
    free(ms);
    free(kb);
    free(cpu);
    return 0;
}
