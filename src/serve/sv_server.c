/* sv_server.c — budgetpdf serve: the bureau folder made ready (store
 * migrated, temp files and interrupted work swept, checks cut short by a
 * crash run again), libmicrohttpd started with its limits, then served
 * until SIGTERM or SIGINT, when running requests (and their checks) are
 * finished before it returns; and the store's backup. */
#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "serve_priv.h"

static void sweep(const char *dir, const char *prefix, bool dirs)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[PATH_MAX];
    while (d && (e = readdir(d)))
        if (!strncmp(e->d_name, prefix, strlen(prefix)) && strcmp(e->d_name, ".") &&
            strcmp(e->d_name, "..")) {
            if (!sv_path(path, sizeof path, "%s/%s", dir, e->d_name)) continue;
            if (dirs) {
                char *argv[] = {"/bin/rm", "-rf", "--", path, NULL}, why[128];
                sv_spawn(argv, NULL, 60, why, sizeof why);
            } else
                unlink(path);
        }
    if (d) closedir(d);
}

static int prepare(sv_server *s)
{
    char path[PATH_MAX];
    const char *sub[] = {"", "/files", "/tmp", "/work", "/publish"};
    for (int i = 0; i < 5; i++) {
        if (!sv_path(path, sizeof path, "%s%s", s->o.bureau, sub[i]) || sv_mkdirs(path)) {
            perror(path[0] ? path : s->o.bureau);
            return 4;
        }
    }
    if (sv_path(path, sizeof path, "%s/tmp", s->o.bureau)) sweep(path, "", false);
    sqlite3 *db = sv_db_open(s->o.bureau);
    if (!db) return 3;
    sv_publish_recover(s, db); /* an interrupted publish resumes (sv_publish.c) */
    /* before any new upload: only these are checked again (recheck) */
    s->recheck_upto = sv_scalar(db, "SELECT MAX(id) FROM versions WHERE state='checking'", 0, "");
    sqlite3_close(db);
    return 0;
}

/* Checks that a crash cut short, run again (a thread of its own). */
static void *recheck(void *arg)
{
    sv_server *s = arg;
    sqlite3 *db = sv_db_open(s->o.bureau);
    if (!db) return NULL;
    for (;;) {
        long long vid =
            sv_scalar(db, "SELECT id FROM versions WHERE state='checking' LIMIT 1", 0, "");
        if (!vid) break;
        fprintf(stderr, "budgetpdf serve: checking version %lld again (interrupted)\n", vid);
        sv_job_check(s, db, vid);
    }
    sqlite3_close(db);
    return NULL;
}

/* ADDRESS:PORT: an IPv4 address (127.0.0.1:8080) or an IPv6 one in
 * brackets ([::1]:8080); the port 1..65535 in decimal, nothing after it. */
static int parse_listen(const char *listen, struct sockaddr_storage *sa)
{
    char host[INET6_ADDRSTRLEN + 1];
    bool v6 = listen[0] == '[';
    const char *h = listen + v6, *end = v6 ? strchr(h, ']') : strrchr(h, ':');
    if (!end || (v6 && end[1] != ':') || end - h <= 0 || end - h >= (long)sizeof host) return -1;
    memcpy(host, h, (size_t)(end - h));
    host[end - h] = 0;
    const char *p = end + 1 + v6;
    char *stop;
    long port = strtol(p, &stop, 10);
    if (*p < '0' || *p > '9' || *stop || port <= 0 || port > 65535) return -1;
    memset(sa, 0, sizeof *sa);
    if (v6) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)sa;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t)port);
        return inet_pton(AF_INET6, host, &a->sin6_addr) == 1 ? 0 : -1;
    }
    struct sockaddr_in *a = (struct sockaddr_in *)sa;
    a->sin_family = AF_INET;
    a->sin_port = htons((uint16_t)port);
    return inet_pton(AF_INET, host, &a->sin_addr) == 1 ? 0 : -1;
}

static void defaults(sv_server *s, const bp_serve_opts *o)
{
    s->o = *o;
    if (!s->o.listen) s->o.listen = "127.0.0.1:8080";
    if (s->o.threads <= 0) s->o.threads = 256;
    if (s->o.max_jobs <= 0) s->o.max_jobs = 2;
    if (s->o.job_timeout_s <= 0) s->o.job_timeout_s = 120;
    if (s->o.max_upload <= 0) s->o.max_upload = 20LL << 20;
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
}

/* A thread per connection, --connections of them (256), and no lower
 * limit for one address: behind a reverse proxy every clerk is the
 * proxy's address, and an upload holds its connection until its check
 * ends (docs/server.md, Limits). */
static struct MHD_Daemon *start(sv_server *s, struct sockaddr_storage *sa)
{
    unsigned v6 = sa->ss_family == AF_INET6 ? MHD_USE_IPv6 : 0;
    return MHD_start_daemon(
        MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG | v6, 0,
        NULL, NULL, sv_on_request, s, MHD_OPTION_SOCK_ADDR, sa, MHD_OPTION_LISTENING_ADDRESS_REUSE,
        1u, MHD_OPTION_CONNECTION_LIMIT, (unsigned)s->o.threads, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        (unsigned)s->o.threads, MHD_OPTION_CONNECTION_TIMEOUT, 120u,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(256 * 1024), MHD_OPTION_NOTIFY_COMPLETED,
        sv_on_completed, s, MHD_OPTION_END);
}

/* After a stop signal: waits (at most a check's time and a minute) while
 * requests are being answered, so that an upload whose check is running
 * gets its answer before the connections are closed. */
static void wait_requests(sv_server *s)
{
    for (int i = 0; i < (s->o.job_timeout_s + 60) * 20; i++) {
        pthread_mutex_lock(&s->mu);
        int n = s->requests;
        pthread_mutex_unlock(&s->mu);
        if (!n) return;
        usleep(50000);
    }
}

int bp_serve_run(const bp_serve_opts *o)
{
    if (sv_bureau_check(o->bureau, "budgetpdf serve")) return 2;
    sv_server *s = calloc(1, sizeof *s);
    if (!s) return 5;
    defaults(s, o);
    struct sockaddr_storage sa;
    if (parse_listen(s->o.listen, &sa)) {
        fprintf(stderr,
                "budgetpdf serve: --listen takes ADDRESS:PORT (127.0.0.1:8080, [::1]:8080), "
                "not '%s'\n",
                s->o.listen);
        free(s);
        return 2;
    }
    ssize_t n = readlink("/proc/self/exe", s->self, sizeof s->self - 1);
    if (sodium_init() < 0 || n <= 0) {
        free(s);
        return 4;
    }
    s->self[n] = 0;
    int rc = prepare(s);
    if (rc) {
        free(s);
        return rc;
    }
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGTERM), sigaddset(&sigs, SIGINT), sigaddset(&sigs, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL); /* every thread after this one */
    struct MHD_Daemon *d = start(s, &sa);
    if (!d) {
        fprintf(stderr, "budgetpdf serve: cannot listen on %s\n", s->o.listen);
        free(s);
        return 4;
    }
    pthread_t rt;
    bool rt_ok = !pthread_create(&rt, NULL, recheck, s);
    sv_publish_kick(s);
    fprintf(stderr, "budgetpdf serve: serving %s on http://%s/\n", s->o.bureau, s->o.listen);
    int sig = 0;
    sigdelset(&sigs, SIGPIPE);
    sigwait(&sigs, &sig);
    fprintf(stderr, "budgetpdf serve: %s, finishing running requests\n",
            sig == SIGTERM ? "SIGTERM" : "SIGINT");
    MHD_quiesce_daemon(d);
    wait_requests(s);
    MHD_stop_daemon(d); /* joins the connection threads: their checks end first */
    sv_publish_stop(s); /* after its department; the rest resumes at the next start */
    if (rt_ok) pthread_join(rt, NULL);
    fprintf(stderr, "budgetpdf serve: stopped\n");
    free(s);
    return 0;
}

int bp_serve_backup(const char *bureau, const char *file)
{
    char tmp[PATH_MAX];
    if (sv_bureau_check(bureau, "budgetpdf serve --backup")) return 2;
    if (!sv_path(tmp, sizeof tmp, "%s.tmpXXXXXX", file)) {
        fprintf(stderr, "budgetpdf serve --backup: FILE is too long: %.64s…\n", file);
        return 2;
    }
    int fd = mkstemp(tmp);
    if (fd < 0) {
        perror(file);
        return 4;
    }
    close(fd);
    sqlite3 *src = sv_db_open(bureau), *dst = NULL;
    int rc = src ? 0 : 3;
    if (!rc && sqlite3_open(tmp, &dst)) rc = 4;
    if (!rc) {
        sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
        int st = b ? sqlite3_backup_step(b, -1) : SQLITE_ERROR;
        if (b) sqlite3_backup_finish(b);
        if (st != SQLITE_DONE) {
            fprintf(stderr, "budgetpdf serve --backup: %s\n", sqlite3_errmsg(dst));
            rc = 4;
        }
    }
    sqlite3_close(dst);
    sqlite3_close(src);
    if (!rc && (fd = open(tmp, O_RDONLY)) >= 0) fsync(fd), close(fd);
    if (!rc && rename(tmp, file)) rc = 4;
    if (rc)
        unlink(tmp);
    else
        fprintf(stderr, "budgetpdf serve: store backed up to %s; copy %s/files/ after it\n", file,
                bureau);
    return rc;
}
