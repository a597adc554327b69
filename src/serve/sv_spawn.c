/* sv_spawn.c — a child program under limits: its own process (a file that
 * crashes a reader cannot take the server down), an address-space, CPU
 * time and file-size limit, no core file, none of the server's sockets,
 * and a wall-clock limit after which it is killed. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "serve_priv.h"

#ifdef __SANITIZE_ADDRESS__
#define SV_CHILD_MEMORY 0 /* ASan's shadow needs terabytes of address space */
#else
#define SV_CHILD_MEMORY (3LL << 30)
#endif
#define SV_CHILD_FSIZE (1LL << 30)

static void limit(int what, long long v)
{
    struct rlimit rl = {(rlim_t)v, (rlim_t)v};
    setrlimit(what, &rl);
}

/* In the child, between fork and exec: async-signal-safe calls only. */
static void child(char *const argv[], int out, int err, int timeout_s)
{
    dup2(out, 1);
    dup2(err, 2);
    close_range(3, ~0U, 0);
    if (SV_CHILD_MEMORY > 0) limit(RLIMIT_AS, SV_CHILD_MEMORY);
    limit(RLIMIT_CORE, 0);
    limit(RLIMIT_FSIZE, SV_CHILD_FSIZE);
    limit(RLIMIT_CPU, timeout_s);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    execv(argv[0], argv);
    _exit(127);
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int sv_spawn(char *const argv[], const char *out_path, int timeout_s, char *why, size_t size)
{
    char err_path[4200];
    if (!sv_path(err_path, sizeof err_path, "%s.err", out_path ? out_path : "/dev/null")) {
        snprintf(why, size, "path too long: %.64s…", out_path);
        return -1;
    }
    int out =
        open(out_path ? out_path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    int err =
        open(out_path ? err_path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    if (out < 0 || err < 0) {
        snprintf(why, size, "cannot open %s", out_path);
        if (out >= 0) close(out);
        if (err >= 0) close(err);
        return -1;
    }
    pid_t pid = fork();
    if (pid == 0) child(argv, out, err, timeout_s);
    close(out);
    close(err);
    if (pid < 0) {
        snprintf(why, size, "fork failed");
        return -1;
    }
    double end = now_s() + timeout_s;
    int st = 0;
    long nap_ms = 1; /* 1, 2, 4 … 20 ms: a short render is not waited a whole 20 ms */
    for (;;) {
        pid_t w = waitpid(pid, &st, WNOHANG);
        if (w == pid) break;
        if (w < 0) {
            snprintf(why, size, "waitpid failed");
            return -1;
        }
        if (now_s() > end) {
            kill(pid, SIGKILL);
            waitpid(pid, &st, 0);
            snprintf(why, size, "超过时间限制（%d 秒）", timeout_s);
            return -1;
        }
        struct timespec ts = {0, nap_ms * 1000 * 1000};
        nanosleep(&ts, NULL);
        nap_ms = nap_ms < 10 ? nap_ms * 2 : 20;
    }
    if (WIFSIGNALED(st)) {
        snprintf(why, size, "检查进程异常终止（信号 %d %s）", WTERMSIG(st),
                 sigabbrev_np(WTERMSIG(st)) ? sigabbrev_np(WTERMSIG(st)) : "");
        return -1;
    }
    return WEXITSTATUS(st);
}
