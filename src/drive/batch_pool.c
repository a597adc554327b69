/* batch_pool.c — the worker processes of an isolated batch: one per -j
 * slot, forked from the calling process (so each starts with its copy of
 * the run's context and the caches warmed so far), each taking one
 * department at a time over a socket and sending back its result
 * (batch_wire.c). A worker that dies (a signal, an exit of its own) or
 * runs past the time limit (then killed) costs only the department it
 * held: that one is reported crashed, timeout or resource (out of memory)
 * with the signal or cause, its temp file removed, and a new worker is
 * forked for the next. Each worker runs under an address-space limit
 * (RLIMIT_AS) and writes no core file. docs/architecture.md, "Batch". */
#define _GNU_SOURCE /* sigabbrev_np, sigdescr_np */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "batch_priv.h"
#include "out_file.h"

#define DEFAULT_TIMEOUT_S 300
#define DEFAULT_MEMORY_MB 4096

typedef struct slot {
    pid_t pid; /* 0: no worker */
    int fd;    /* the parent's end of the worker's socket */
    int job;   /* index into d of the department it holds; -1: idle */
    double deadline;
} slot;

struct batch_pool {
    const budgetpdf_batch_options *opt;
    budgetpdf_context *ctx;
    batch_dept *d;
    int nd; /* departments in d (the frames name one) */
    slot *s;
    int ns;
    int kind;             /* of the jobs being run */
    double timeout_ms;    /* <= 0: none */
    long long memory_lim; /* bytes; <= 0: none */
};

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static bool send_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t w = send(fd, c, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        c += w, n -= (size_t)w;
    }
    return true;
}

static bool recv_all(int fd, void *p, size_t n)
{
    char *c = p;
    while (n) {
        ssize_t r = recv(fd, c, n, 0);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return false;
        c += r, n -= (size_t)r;
    }
    return true;
}

/* ---- the worker ---- */

/* The address space the worker holds now (/proc/self/statm), in bytes;
 * 0 when unknown. */
static long long mapped_now(void)
{
    FILE *f = fopen("/proc/self/statm", "re");
    unsigned long long pages = 0;
    if (f) {
        if (fscanf(f, "%llu", &pages) != 1) pages = 0;
        fclose(f);
    }
    return (long long)pages * sysconf(_SC_PAGESIZE);
}

/* The worker's limits: no core file; at most memory_lim more bytes of
 * address space than it holds when forked (never above the limit it
 * inherited). */
static void limit_worker(const batch_pool *p)
{
    struct rlimit r = {0, 0};
    setrlimit(RLIMIT_CORE, &r);
    if (p->memory_lim <= 0 || getrlimit(RLIMIT_AS, &r) != 0) return;
    rlim_t want = (rlim_t)(mapped_now() + p->memory_lim);
    if (r.rlim_cur == RLIM_INFINITY || want < r.rlim_cur) {
        r.rlim_cur = want;
        setrlimit(RLIMIT_AS, &r);
    }
}

/* A frame with the status alone, when the full one cannot be made (out
 * of memory): batch_wire_encode's layout with no strings nor findings. */
static void send_bare(int fd, const batch_dept *d, int index)
{
    int32_t head[5] = {index, d->status ? d->status : BP_ERESOURCE, 0, 0, 1};
    int64_t bytes = 0;
    double ms = d->ms;
    int32_t tail[4] = {-1, -1, -1, 0}; /* no code, name, message; no findings */
    uint32_t n = (uint32_t)(sizeof head + sizeof bytes + sizeof ms + sizeof tail);
    char frame[sizeof n + sizeof head + sizeof bytes + sizeof ms + sizeof tail], *c = frame;
    memcpy(c, &n, sizeof n), c += sizeof n;
    memcpy(c, head, sizeof head), c += sizeof head;
    memcpy(c, &bytes, sizeof bytes), c += sizeof bytes;
    memcpy(c, &ms, sizeof ms), c += sizeof ms;
    memcpy(c, tail, sizeof tail);
    if (!send_all(fd, frame, sizeof frame)) _exit(1);
}

/* Frees what the job left in the worker's copy of d. */
static void forget(batch_dept *d, int32_t kind)
{
    batch_drop_findings(d);
    free(d->message);
    d->message = NULL;
    if (kind == BATCH_JOB_NAME) {
        free(d->code), free(d->name);
        d->code = d->name = NULL;
    }
}

/* A job as the worker receives it: the department's index, what to do,
 * and for a render the length of its output path, which follows (the
 * worker may have been forked before the departments were named). */
typedef struct job_msg {
    int32_t index, kind, outlen;
} job_msg;

static _Noreturn void worker_main(batch_pool *p, int fd)
{
    limit_worker(p);
    for (;;) {
        job_msg m;
        if (!recv_all(fd, &m, sizeof m) || m.index < 0 || m.index >= p->nd || m.outlen < 0 ||
            m.outlen > 1 << 20)
            _exit(0); /* the end */
        char *out = malloc((size_t)m.outlen + 1);
        if (!out || !recv_all(fd, out, (size_t)m.outlen)) _exit(out ? 0 : 1);
        out[m.outlen] = 0;
        batch_dept *d = &p->d[m.index];
        d->message = NULL; /* the parent's, not this process's to free */
        d->findings = NULL;
        d->nfindings = d->capfindings = 0;
        d->status = BP_OK;
        if (m.kind == BATCH_JOB_NAME) {
            d->code = d->name = NULL;
            if (batch_load_name(d)) d->status = BP_ERESOURCE;
        } else {
            d->out = out;
            batch_render_one(p->opt, p->ctx, d);
            d->out = NULL;
        }
        free(out);
        size_t len;
        char *frame = batch_wire_encode(d, m.index, &len);
        if (!frame) {
            send_bare(fd, d, m.index);
        } else {
            if (!send_all(fd, frame, len)) _exit(1);
            free(frame);
        }
        forget(d, m.kind);
    }
}

/* Forks the worker of slot k. False when it cannot be started. */
static bool spawn(batch_pool *p, int k)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) return false;
    fflush(NULL); /* nothing buffered is written twice */
    pid_t pid = fork();
    if (pid < 0) {
        close(sv[0]), close(sv[1]);
        return false;
    }
    if (pid == 0) {
        close(sv[0]);
        for (int j = 0; j < p->ns; j++) /* the other workers' ends */
            if (p->s[j].pid) close(p->s[j].fd);
        worker_main(p, sv[1]);
    }
    close(sv[1]);
    p->s[k] = (slot){pid, sv[0], -1, 0};
    return true;
}

/* ---- the parent ---- */

batch_pool *batch_pool_new(const budgetpdf_batch_options *opt, budgetpdf_context *ctx,
                           batch_dept *d, int nd, int jobs)
{
    batch_pool *p = calloc(1, sizeof *p);
    if (!p || !(p->s = calloc((size_t)jobs, sizeof *p->s))) {
        free(p);
        return NULL;
    }
    p->opt = opt, p->ctx = ctx, p->d = d, p->ns = jobs;
    for (int k = 0; k < jobs; k++)
        p->s[k] = (slot){0, -1, -1, 0};
    p->nd = nd;
    int t = opt->timeout_seconds ? opt->timeout_seconds : DEFAULT_TIMEOUT_S;
    p->timeout_ms = t > 0 ? t * 1000.0 : 0;
    int m = opt->memory_limit_mb ? opt->memory_limit_mb : DEFAULT_MEMORY_MB;
    p->memory_lim = m > 0 ? (long long)m << 20 : 0;
    return p;
}

/* Ends slot k's worker (killing it when kill_it) and reaps it: its wait
 * status and peak memory (KB) in *st and *maxrss_kb. */
static void reap(batch_pool *p, int k, bool kill_it, int *st, long *maxrss_kb)
{
    slot *s = &p->s[k];
    close(s->fd);
    if (kill_it) kill(s->pid, SIGKILL);
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    *st = 0;
    while (wait4(s->pid, st, 0, &ru) < 0 && errno == EINTR) {
    }
    *maxrss_kb = ru.ru_maxrss;
    *s = (slot){0, -1, -1, 0};
}

static void signal_text(int sig, char *buf, size_t n)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 32)
    const char *abbrev = sigabbrev_np(sig), *descr = sigdescr_np(sig);
    if (abbrev) {
        snprintf(buf, n, "signal %d (SIG%s: %s)", sig, abbrev, descr ? descr : "?");
        return;
    }
#endif
    snprintf(buf, n, "signal %d", sig);
}

/* Why a worker is ended while it holds a department. */
enum { DIED, TIMED_OUT, GARBLED };

/* The message of a department whose worker ended (why), with the wait
 * status st and peak memory rss_kb; sets d's status and signal. */
static void death_message(const batch_pool *p, batch_dept *d, int why, int st, long rss_kb,
                          char *msg, size_t n)
{
    const char *doing = p->kind == BATCH_JOB_NAME ? "reading its department" : "rendering";
    char sig[96] = "";
    d->signal = why == DIED && WIFSIGNALED(st) ? WTERMSIG(st) : why == TIMED_OUT ? SIGKILL : 0;
    if (d->signal) signal_text(d->signal, sig, sizeof sig);
    /* out of memory: killed by the kernel (a SIGKILL the batch did not
     * send: its out-of-memory killer) */
    bool oom = why == DIED && d->signal == SIGKILL;
    if (why == TIMED_OUT) {
        d->status = BUDGETPDF_ETIMEOUT;
        snprintf(msg, n,
                 "timeout: still %s after %.0f s (the limit, --timeout); its worker process "
                 "was killed (%s), nothing written",
                 doing, p->timeout_ms / 1000, sig);
    } else if (oom) {
        d->status = BUDGETPDF_ERESOURCE;
        snprintf(msg, n,
                 "out of memory: its worker process was killed while %s (%s: by the kernel's "
                 "out-of-memory killer?) with %ld MB in use; nothing written",
                 doing, sig, rss_kb / 1024);
    } else if (why == GARBLED) {
        d->status = BUDGETPDF_ECRASHED;
        snprintf(msg, n,
                 "crashed: its worker process sent a malformed result while %s and was "
                 "killed, nothing written",
                 doing);
    } else if (sig[0]) {
        d->status = BUDGETPDF_ECRASHED;
        snprintf(msg, n,
                 "crashed: its worker process died of %s while %s (%ld MB in use at most), "
                 "nothing written",
                 sig, doing, rss_kb / 1024);
    } else {
        d->status = BUDGETPDF_ECRASHED;
        snprintf(msg, n,
                 "crashed: its worker process exited with status %d while %s, nothing "
                 "written",
                 WIFEXITED(st) ? WEXITSTATUS(st) : -1, doing);
    }
}

/* The department of slot k, whose worker died or is to be killed (why):
 * its status and message; its temp file removed. */
static void worker_ended(batch_pool *p, int k, int why)
{
    int job = p->s[k].job, st;
    long rss_kb;
    reap(p, k, why != DIED, &st, &rss_kb);
    batch_dept *d = &p->d[job];
    char msg[512];
    death_message(p, d, why, st, rss_kb, msg, sizeof msg);
    batch_drop_findings(d);
    free(d->message);
    d->message = batch_strdup(msg);
    if (p->kind == BATCH_JOB_RENDER && d->out) bp_out_remove_temps_of(d->out);
}

/* Hands d[job] to slot k (forking its worker if it has none). False when
 * no worker could take it. */
static bool dispatch(batch_pool *p, int k, int job)
{
    const char *out = p->kind == BATCH_JOB_RENDER && p->d[job].out ? p->d[job].out : "";
    job_msg m = {job, p->kind, (int32_t)strlen(out)};
    for (int attempt = 0; attempt < 2; attempt++) {
        if (!p->s[k].pid && !spawn(p, k)) return false;
        if (send_all(p->s[k].fd, &m, sizeof m) && send_all(p->s[k].fd, out, strlen(out))) {
            p->s[k].job = job;
            p->s[k].deadline = p->timeout_ms > 0 ? now_ms() + p->timeout_ms : 0;
            return true;
        }
        int st; /* it died idle: a new one */
        long rss;
        reap(p, k, true, &st, &rss);
    }
    return false;
}

/* Reads slot k's result: DIED when its worker died instead, GARBLED when
 * the result is malformed, else -1. */
static int collect(batch_pool *p, int k)
{
    uint32_t n;
    slot *s = &p->s[k];
    batch_dept *d = &p->d[s->job];
    if (!recv_all(s->fd, &n, sizeof n)) return DIED;
    if (n > BATCH_WIRE_MAX) return GARBLED;
    char *buf = malloc(n ? n : 1);
    bool ok = true;
    if (!buf) { /* the result is lost; the worker goes on */
        char sink[4096];
        for (uint32_t left = n, c; ok && left; left -= c)
            ok = recv_all(s->fd, sink, c = left < sizeof sink ? left : (uint32_t)sizeof sink);
        if (!ok) return DIED;
        d->status = BP_ERESOURCE;
    } else {
        ok = recv_all(s->fd, buf, n);
        int rc = ok ? batch_wire_decode(buf, n, s->job, d) : BP_OK;
        free(buf);
        if (!ok) return DIED;
        if (rc == BP_EINPUT) return GARBLED;
        if (rc) d->status = d->status ? d->status : BP_ERESOURCE;
    }
    s->job = -1;
    /* a department out of memory may leave its worker's memory spent (a
     * library's leak, a fragmented heap): the next one gets a new worker */
    if (d->status == BP_ERESOURCE) {
        int st;
        long rss;
        reap(p, k, false, &st, &rss);
    }
    return -1;
}

/* The state of one batch_pool_run. */
typedef struct run_state {
    const int *todo;
    int ntodo, next, done, failed;
    bool report;
} run_state;

static void job_done(batch_pool *p, run_state *r, int job)
{
    r->done++;
    if (p->d[job].status) r->failed++;
    if (r->report) batch_report(p->opt, &p->d[job], job, r->done, r->failed, r->ntodo);
}

/* Gives idle slots the next jobs; a department that needs no work (known
 * to fail) is done at once, and so is one no worker could be started
 * for while none is busy. */
static void fill_slots(batch_pool *p, run_state *r)
{
    for (int k = 0; k < p->ns && r->next < r->ntodo; k++) {
        if (p->s[k].job >= 0) continue;
        int job = r->todo[r->next];
        while (p->d[job].status) { /* nothing to do: report it */
            r->next++;
            job_done(p, r, job);
            if (r->next == r->ntodo) return;
            job = r->todo[r->next];
        }
        if (dispatch(p, k, job)) {
            r->next++;
            continue;
        }
        bool busy = false;
        for (int j = 0; j < p->ns; j++)
            busy |= p->s[j].job >= 0;
        if (busy) return; /* try again when one finishes */
        batch_dept *d = &p->d[job];
        d->status = BP_ERESOURCE;
        free(d->message);
        char msg[200];
        snprintf(msg, sizeof msg, "cannot start a worker process: %s", strerror(errno));
        d->message = batch_strdup(msg);
        r->next++;
        job_done(p, r, job);
        k = -1; /* try the next job from the first slot again */
    }
}

/* Waits for a worker's result or the first deadline, and handles what came. */
static void wait_slots(batch_pool *p, run_state *r)
{
    struct pollfd fds[256];
    int at[256], nf = 0;
    double first = 0, t = now_ms();
    for (int k = 0; k < p->ns; k++) {
        if (p->s[k].job < 0) continue;
        fds[nf] = (struct pollfd){p->s[k].fd, POLLIN, 0};
        at[nf++] = k;
        double dl = p->s[k].deadline;
        if (dl > 0 && (first == 0 || dl < first)) first = dl;
    }
    if (!nf) return;
    int wait = first > 0 ? (first > t ? (int)(first - t) + 1 : 0) : -1;
    int ready = poll(fds, (nfds_t)nf, wait);
    if (ready < 0 && errno != EINTR) ready = 0;
    t = now_ms();
    for (int i = 0; i < nf; i++) {
        int k = at[i], job = p->s[k].job;
        int why = -2;
        if (ready > 0 && fds[i].revents)
            why = collect(p, k);
        else if (p->s[k].deadline > 0 && t >= p->s[k].deadline)
            why = TIMED_OUT;
        if (why == -2) continue;
        if (why >= 0) worker_ended(p, k, why);
        job_done(p, r, job);
    }
}

void batch_pool_run(batch_pool *p, int kind, const int *todo, int ntodo, bool report, int *failed)
{
    run_state r = {todo, ntodo, 0, 0, 0, report};
    p->kind = kind;
    while (r.done < r.ntodo) {
        fill_slots(p, &r);
        wait_slots(p, &r);
    }
    *failed = r.failed;
}

void batch_pool_free(batch_pool *p)
{
    if (!p) return;
    for (int k = 0; k < p->ns; k++) {
        if (!p->s[k].pid) continue;
        close(p->s[k].fd); /* the worker reads the end and exits */
        while (waitpid(p->s[k].pid, NULL, 0) < 0 && errno == EINTR) {
        }
    }
    free(p->s);
    free(p);
}
