/* sv_publish_run.c — the publisher's work on one department: its approved
 * version's files rendered again in a worker process of its own
 * (budgetpdf serve --render: the check's isolated worker in its cheaper
 * mode, the document alone, under the same limits and in one of the same
 * --jobs slots), the PDF compared with the approved one's sha256 and linked,
 * synced, into the publication's hidden folder; the item's state is
 * committed after each step, so a crash loses at most the department
 * being rendered. */
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "serve_priv.h"

/* The sha256 of the file at path (hex, 65), or -1. */
int sv_publish_hash(const char *path, char out[65])
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    char buf[65536];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        crypto_hash_sha256_update(&h, (unsigned char *)buf, (size_t)n);
    close(fd);
    if (n < 0) return -1;
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&h, d);
    sv_hex(out, d, sizeof d);
    return 0;
}

typedef struct pub_job {
    char dir[PATH_MAX];
    sv_inputs in; /* the version's files, linked as for its check (sv_job_inputs) */
    char status[32], message[1024];
} pub_job;

/* The worker's result.tsv: status and message (its first and last fields). */
static void read_status(pub_job *j)
{
    char path[PATH_MAX + 16], line[2048] = "";
    snprintf(path, sizeof path, "%s/result.tsv", j->dir);
    FILE *f = fopen(path, "r");
    if (!f || !fgets(line, sizeof line, f)) {
        snprintf(j->status, sizeof j->status, "crashed");
        snprintf(j->message, sizeof j->message, "生成进程没有写出结果");
    } else {
        line[strcspn(line, "\n")] = 0;
        char *tab = strchr(line, '\t'), *last = strrchr(line, '\t');
        if (tab) *tab = 0;
        snprintf(j->status, sizeof j->status, "%s", line);
        snprintf(j->message, sizeof j->message, "%s", last ? last + 1 : "");
    }
    if (f) fclose(f);
}

static void run_worker(sv_server *s, pub_job *j)
{
    char log[PATH_MAX + 16], why[256] = "";
    snprintf(log, sizeof log, "%s/worker.log", j->dir);
    char *argv[] = {s->self, "serve", "--render", j->dir, j->in.book, j->in.text, j->in.prev, NULL};
    sv_job_slot(s, 1, true);
    int rc = sv_spawn(argv, log, s->o.job_timeout_s, why, sizeof why);
    sv_job_slot(s, -1, true);
    if (rc < 0) {
        snprintf(j->status, sizeof j->status, "crashed");
        snprintf(j->message, sizeof j->message, "%s", why);
    } else
        read_status(j);
    sv_job_unpath(j->message, j->dir);
}

static int sync_path(const char *path, int flags)
{
    int fd = open(path, O_RDONLY | flags);
    if (fd < 0) return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* The rendered PDF checked and linked into the set as file (sha out). */
static int adopt(pub_job *j, const char *set, const char *file, const char *approved, char sha[65])
{
    char doc[PATH_MAX + 16], dst[PATH_MAX + 512];
    snprintf(doc, sizeof doc, "%s/doc.pdf", j->dir);
    snprintf(dst, sizeof dst, "%s/%s", set, file);
    if (sv_publish_hash(doc, sha)) {
        snprintf(j->message, sizeof j->message, "生成的 PDF 无法读取");
        return -1;
    }
    if (strcmp(sha, approved)) {
        snprintf(j->message, sizeof j->message,
                 "重新生成的 PDF（%.12s）与审核通过的版本（%.12s）不一致", sha, approved);
        return -1;
    }
    unlink(dst);
    if (link(doc, dst) || sync_path(dst, 0) || sync_path(set, O_DIRECTORY)) {
        snprintf(j->message, sizeof j->message, "无法写入发布目录 %s", set);
        return -1;
    }
    return 0;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)ftw;
    if (flag == FTW_DP)
        rmdir(path);
    else
        unlink(path);
    return 0;
}

/* The render folder removed (its files, depth first, links not followed). */
static void remove_dir(const char *dir)
{
    nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

int sv_publish_item(sv_server *s, sqlite3 *db, const sv_pub_item *it, const char *set)
{
    pub_job *j = calloc(1, sizeof *j);
    if (!j) return -1;
    char sha[65] = "";
    sv_exec(db, "UPDATE publication_items SET state='running', message=NULL WHERE id=?", "i",
            it->id);
    snprintf(j->dir, sizeof j->dir, "%s/work/pub-%lld-%lld-%d", s->o.bureau, it->pid, it->id,
             (int)getpid());
    remove_dir(j->dir);
    int rc = -1;
    if (sv_mkdirs(j->dir) || sv_job_inputs(s, db, it->vid, j->dir, &j->in)) {
        snprintf(j->message, sizeof j->message, "无法准备生成目录");
    } else {
        run_worker(s, j);
        if (strcmp(j->status, "ok"))
            snprintf(j->message + strlen(j->message), sizeof j->message - strlen(j->message),
                     "%s（%s）", j->message[0] ? "" : "生成失败", j->status);
        else
            rc = adopt(j, set, it->file, it->approved, sha);
    }
    sv_exec(db, "UPDATE publication_items SET state=?, sha256=?, message=? WHERE id=?", "ttti",
            rc ? "failed" : "done", rc ? NULL : sha, rc ? j->message : NULL, it->id);
    remove_dir(j->dir);
    free(j);
    return rc;
}
