/* batch.c — budgetpdf_batch: every department folder under a root rendered
 * into one output folder, on worker threads, with a CSV summary.
 *
 * The work of a batch is the work of budgetpdf_render once per department:
 * the fonts are opened once per process (text_fonts_open's cache) and the
 * hb-subset input faces are cached too (pdf_font.c), and each render keeps
 * its memory in one arena freed when its PDF is written. Departments are
 * independent, so N threads render N at once; each department's PDF is the
 * same bytes whatever N.
 *
 * Order and names are decided before rendering, over the sorted list of all
 * departments: sharding only picks which of them this run renders, so the
 * shards of a root are disjoint, cover it, and name files identically.
 *
 * Pages are counted from the written file (pdf_page_count): the page tree
 * root's /Count, found through the trailer and the cross-reference table,
 * which budgetpdf's PDFs (libharu) always write uncompressed. */
#define _GNU_SOURCE /* syncfs, sync */
#include "budgetpdf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "data.h"
#include "util.h"

/* ---- file names ------------------------------------------------------------ */

void budgetpdf_batch_file_name(const char *code, const char *name, char out[256])
{
    enum { STEM_MAX = 200 };
    char stem[STEM_MAX + 8];
    size_t n = 0;
    const char *parts[2] = {code ? code : "", name ? name : ""};
    for (int p = 0; p < 2; p++) {
        const char *s = parts[p];
        if (!*s) continue;
        if (p == 1 && n > 0 && n < STEM_MAX) stem[n++] = '-';
        size_t len = strlen(s);
        for (size_t i = 0; i < len && n < STEM_MAX;) {
            unsigned char c = (unsigned char)s[i];
            uint32_t cp;
            int k = c < 0x80 ? 1 : bp_utf8_decode(s + i, len - i, &cp);
            if (k <= 0) { /* invalid UTF-8 */
                stem[n++] = '_';
                i++;
                continue;
            }
            if (k > 1) {
                /* U+0080..U+009F are C1 controls; U+3000 is a full-width space */
                bool bad =
                    cp <= 0xA0 || cp == 0x3000 || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF;
                if (bad) {
                    stem[n++] = '_';
                } else {
                    if (n + (size_t)k > STEM_MAX) break; /* cut at a character boundary */
                    memcpy(stem + n, s + i, (size_t)k);
                    n += (size_t)k;
                }
                i += (size_t)k;
                continue;
            }
            if (c < 0x20 || c == 0x7F || c == ' ' || strchr("/\\:*?\"<>|", c)) c = '_';
            if (c == '.' && n > 0 && stem[n - 1] == '.') { /* no ".." */
                i++;
                continue;
            }
            stem[n++] = (char)c;
            i++;
        }
    }
    stem[n] = 0;
    /* no hidden file, nothing that reads as an option */
    size_t skip = 0;
    while (stem[skip] == '.' || stem[skip] == '-')
        skip++;
    /* no trailing dots or spaces (Windows drops them) */
    while (n > skip && stem[n - 1] == '.')
        stem[--n] = 0;
    snprintf(out, 256, "%s.pdf", stem[skip] ? stem + skip : "department");
}

/* ---- page count of a written PDF ----------------------------------------- */

static ssize_t read_at(int fd, char *buf, size_t cap, off_t off)
{
    size_t got = 0;
    while (got < cap) {
        ssize_t r = pread(fd, buf + got, cap - got, off + (off_t)got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        got += (size_t)r;
    }
    buf[got] = 0;
    return (ssize_t)got;
}

/* The last occurrence of key in buf[0..n), or NULL. */
static const char *find_last(const char *buf, size_t n, const char *key)
{
    size_t k = strlen(key);
    for (size_t i = n >= k ? n - k + 1 : 0; i-- > 0;)
        if (!memcmp(buf + i, key, k)) return buf + i;
    return NULL;
}

/* Offset of object num from the cross-reference table at xref, or -1. */
static long long xref_offset(int fd, long long xref, long num)
{
    char head[64];
    if (read_at(fd, head, sizeof head - 1, (off_t)xref) < 10 || strncmp(head, "xref", 4)) return -1;
    char *p = head + 4, *end;
    long first = strtol(p, &end, 10);
    if (end == p) return -1;
    p = end;
    long count = strtol(p, &end, 10);
    if (end == p || num < first || num >= first + count) return -1;
    p = end;
    while (*p == ' ' || *p == '\r' || *p == '\n')
        p++;
    long long entry = xref + (p - head) + 20LL * (num - first);
    char e[24];
    if (read_at(fd, e, 20, (off_t)entry) != 20 || e[17] != 'n') return -1;
    return strtoll(e, NULL, 10);
}

/* The integer after key inside object num (before its endobj), or -1. */
static long object_int(int fd, long long xref, long num, const char *key, size_t cap)
{
    long long off = xref_offset(fd, xref, num);
    if (off < 0) return -1;
    char *buf = malloc(cap + 1); /* another department may hold the memory: no count then */
    if (!buf) return -1;
    ssize_t n = read_at(fd, buf, cap, (off_t)off);
    long v = -1;
    if (n > 0) {
        char *endobj = strstr(buf, "endobj");
        if (endobj) *endobj = 0;
        for (char *k = strstr(buf, key); k; k = strstr(k + 1, key)) {
            char c = k[strlen(key)];
            if (c != ' ' && c != '\n' && c != '\r') continue; /* /Pages, not /PageMode */
            char *end;
            v = strtol(k + strlen(key), &end, 10);
            if (end == k + strlen(key)) v = -1;
            break;
        }
    }
    free(buf);
    return v;
}

/* Pages of the PDF at path: the /Count of the page tree root (trailer
 * /Root → catalog /Pages → /Count), or 0 if it cannot be read. */
static int pdf_page_count(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) return 0;
    struct stat st;
    int pages = 0;
    if (fstat(fd, &st) == 0 && st.st_size > 32) {
        char tail[2048];
        off_t from = st.st_size > (off_t)sizeof tail - 1 ? st.st_size - (off_t)sizeof tail + 1 : 0;
        ssize_t n = read_at(fd, tail, sizeof tail - 1, from);
        const char *sx = n > 0 ? find_last(tail, (size_t)n, "startxref") : NULL;
        const char *root = n > 0 ? find_last(tail, (size_t)n, "/Root ") : NULL;
        if (sx && root) {
            long long xref = strtoll(sx + 9, NULL, 10);
            long catalog = strtol(root + 6, NULL, 10);
            long tree = object_int(fd, xref, catalog, "/Pages", 4096);
            long count = tree > 0 ? object_int(fd, xref, tree, "/Count", 65536) : -1;
            if (count > 0 && count < 10000000) pages = (int)count;
        }
    }
    close(fd);
    return pages;
}

/* ---- the run ---------------------------------------------------------------- */

typedef struct dept {
    char *folder; /* name under root */
    char *dir;    /* root/folder */
    char *code, *name;
    char file[256]; /* output name, "" when the department cannot be named */
    char *out;      /* out_dir/file */
    int status;
    int pages;
    long long bytes;
    double ms;
    char *message; /* heap */
} dept;

typedef struct batch {
    const budgetpdf_batch_options *opt;
    dept *d;
    int *todo; /* indexes into d of this shard */
    int ntodo;
    pthread_mutex_t lock;
    int next, done, failed;
} batch;

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = bp_xmalloc(n);
    memcpy(p, s, n);
    return p;
}

static char *join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *p = bp_xmalloc(a + b + 2);
    memcpy(p, dir, a);
    size_t n = a;
    if (a && dir[a - 1] != '/') p[n++] = '/';
    memcpy(p + n, name, b + 1);
    return p;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The folders under root that hold a department.yaml, sorted. */
static int list_departments(const char *root, char ***out, int *n, bp_error *e)
{
    DIR *dir = opendir(root);
    if (!dir) return bp_fail(e, BP_EINPUT, "cannot read folder %s: %s", root, strerror(errno));
    char **names = NULL;
    int cnt = 0, cap = 0;
    struct dirent *ent;
    while ((ent = readdir(dir))) {
        if (ent->d_name[0] == '.') continue;
        char *sub = join(root, ent->d_name);
        char *yaml = join(sub, "department.yaml");
        bool ok = bp_dir_exists(sub) && bp_file_exists(yaml);
        free(sub);
        free(yaml);
        if (!ok) continue;
        if (cnt == cap) {
            cap = cap ? cap * 2 : 64;
            names = bp_xrealloc(names, sizeof *names * (size_t)cap);
        }
        names[cnt++] = xstrdup(ent->d_name);
    }
    closedir(dir);
    if (cnt > 1) qsort(names, (size_t)cnt, sizeof *names, cmp_str);
    *out = names;
    *n = cnt;
    return BP_OK;
}

/* ASCII-case-insensitive hash set of the output names taken so far. */
typedef struct name_set {
    char **slot;
    size_t cap, n;
} name_set;

static uint64_t name_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 'A' && c <= 'Z') c = (unsigned char)(c - 'A' + 'a');
        h = (h ^ c) * 1099511628211ull;
    }
    return h;
}

static bool name_equal(const char *a, const char *b)
{
    for (;; a++, b++) {
        unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z') x = (unsigned char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = (unsigned char)(y - 'A' + 'a');
        if (x != y) return false;
        if (!x) return true;
    }
}

/* Adds name unless present; returns whether it was added. */
static bool name_take(name_set *s, const char *name)
{
    if (2 * (s->n + 1) > s->cap) {
        name_set bigger = {NULL, s->cap ? s->cap * 2 : 64, 0};
        bigger.slot = calloc(bigger.cap, sizeof *bigger.slot);
        if (!bigger.slot) abort();
        for (size_t i = 0; i < s->cap; i++)
            if (s->slot[i]) {
                size_t k = name_hash(s->slot[i]) & (bigger.cap - 1);
                while (bigger.slot[k])
                    k = (k + 1) & (bigger.cap - 1);
                bigger.slot[k] = s->slot[i];
                bigger.n++;
            }
        free(s->slot);
        *s = bigger;
    }
    size_t k = name_hash(name) & (s->cap - 1);
    for (; s->slot[k]; k = (k + 1) & (s->cap - 1))
        if (name_equal(s->slot[k], name)) return false;
    s->slot[k] = xstrdup(name);
    s->n++;
    return true;
}

static void name_set_free(name_set *s)
{
    for (size_t i = 0; i < s->cap; i++)
        free(s->slot[i]);
    free(s->slot);
}

typedef struct load_call {
    const char *dir;
    bp_department *dep;
    bp_error *e;
} load_call;

static int load_department(bp_arena *a, void *ctx)
{
    load_call *c = ctx;
    return data_load_department(a, c->dir, c->dep, c->e);
}

/* Reads each department's code and name and gives it its file name. */
static void name_departments(dept *d, int n)
{
    name_set taken = {NULL, 0, 0};
    for (int i = 0; i < n; i++) {
        bp_arena a;
        bp_arena_init(&a);
        bp_department dep;
        bp_error e = {0, ""};
        load_call lc = {d[i].dir, &dep, &e};
        int rc = bp_arena_guard(&a, load_department, &lc, d[i].dir, &e);
        if (rc) {
            d[i].code = xstrdup("");
            d[i].name = xstrdup("");
            d[i].status = rc;
            d[i].message = xstrdup(e.msg);
        } else {
            d[i].code = xstrdup(dep.code);
            d[i].name = xstrdup(dep.name);
            char base[256];
            budgetpdf_batch_file_name(dep.code, dep.name, base);
            snprintf(d[i].file, sizeof d[i].file, "%s", base);
            size_t stem = strlen(base) - 4; /* before ".pdf" */
            for (int k = 2; !name_take(&taken, d[i].file); k++)
                snprintf(d[i].file, sizeof d[i].file, "%.*s-%d.pdf", (int)stem, base, k);
        }
        bp_arena_free(&a);
    }
    name_set_free(&taken);
}

/* Warnings of one render, joined by "; ". */
typedef struct warnings {
    char *buf;
    size_t len, cap;
    int count;
} warnings;

static void collect_warning(void *ud, const char *msg)
{
    warnings *w = ud;
    w->count++;
    size_t n = strlen(msg);
    if (w->len > 4000) return; /* enough to read; the count says the rest */
    if (w->len + n + 3 > w->cap) {
        size_t cap = (w->len + n + 3) * 2;
        char *buf = realloc(w->buf, cap);
        if (!buf) return; /* out of memory: the count says there were more */
        w->buf = buf;
        w->cap = cap;
    }
    if (w->len) {
        memcpy(w->buf + w->len, "; ", 2);
        w->len += 2;
    }
    memcpy(w->buf + w->len, msg, n + 1);
    w->len += n;
}

/* Makes the batch's PDFs durable at once (each is written to a temporary
 * file and renamed, but not fsync'ed): Linux syncs the output folder's
 * file system; elsewhere everything is synced. */
static void sync_outputs(const char *out_dir)
{
#ifdef __linux__
    int fd = open(out_dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        if (syncfs(fd) == 0) {
            close(fd);
            return;
        }
        close(fd);
    }
#else
    (void)out_dir;
#endif
    sync();
}

static void render_one(batch *b, dept *d)
{
    budgetpdf_options ro = b->opt->render;
    /* one parse of each layout set for the whole batch, and one sync of the
     * output folder at its end (sync_outputs) instead of one per file */
    ro.cache_layouts = true;
    ro.no_sync = true;
    /* the fonts' faces are cached after the first department, and their
     * subsets take a millisecond or two: less than threads of their own
     * cost; the departments keep the processors busy (-j) */
    ro.single_thread = true;
    warnings w = {NULL, 0, 0, 0};
    ro.warn = collect_warning;
    ro.warn_ud = &w;
    char err[8192];
    double t0 = now_ms();
    int rc = budgetpdf_render(d->dir, d->out, &ro, err, sizeof err);
    if (!rc) {
        struct stat st;
        d->bytes = stat(d->out, &st) == 0 ? (long long)st.st_size : 0;
        d->pages = pdf_page_count(d->out);
    }
    d->ms = now_ms() - t0;
    d->status = rc;
    /* while another department holds the memory, the message may not be
     * kept (NULL reads as ""): the status still says what happened */
    if (rc) {
        d->message = strdup(err);
        free(w.buf);
    } else {
        d->message = w.buf;
    }
}

static void fill_item(const dept *d, int index, budgetpdf_batch_item *it)
{
    it->index = index;
    it->folder = d->folder;
    it->code = d->code;
    it->name = d->name;
    it->file = d->status ? "" : d->file;
    it->status = d->status;
    it->pages = d->pages;
    it->bytes = d->bytes;
    it->milliseconds = d->ms;
    it->message = d->message ? d->message : "";
}

static void *worker(void *arg)
{
    batch *b = arg;
    for (;;) {
        pthread_mutex_lock(&b->lock);
        int k = b->next < b->ntodo ? b->next++ : -1;
        pthread_mutex_unlock(&b->lock);
        if (k < 0) return NULL;
        int i = b->todo[k];
        dept *d = &b->d[i];
        if (!d->status) render_one(b, d); /* else: department.yaml unreadable */
        pthread_mutex_lock(&b->lock);
        b->done++;
        if (d->status) b->failed++;
        if (b->opt->progress) {
            budgetpdf_batch_item it;
            fill_item(d, i, &it);
            b->opt->progress(b->opt->progress_ud, &it, b->done, b->failed, b->ntodo);
        }
        pthread_mutex_unlock(&b->lock);
    }
}

/* mkdir -p */
static int make_dirs(const char *path, bp_error *e)
{
    char *p = xstrdup(path);
    int rc = BP_OK;
    for (char *s = p + 1;; s++) {
        if (*s == '/' || !*s) {
            char c = *s;
            *s = 0;
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                rc = bp_fail(e, BP_EIO, "cannot create folder %s: %s", p, strerror(errno));
                break;
            }
            *s = c;
            if (!c) break;
        }
    }
    free(p);
    if (!rc && !bp_dir_exists(path))
        rc = bp_fail(e, BP_EIO, "cannot create folder %s: a file of that name exists", path);
    return rc;
}

static const char *status_word(int status)
{
    switch (status) {
    case BUDGETPDF_OK:
        return "ok";
    case BUDGETPDF_ECHECK:
        return "check";
    case BUDGETPDF_EUSAGE:
        return "usage";
    case BUDGETPDF_EINPUT:
        return "input";
    case BUDGETPDF_EIO:
        return "io";
    case BUDGETPDF_ERESOURCE:
        return "resource";
    default:
        return "error";
    }
}

/* A CSV text cell: quoted when needed; a leading = + - @ is neutralised
 * with an apostrophe so that spreadsheet programs do not run it as a
 * formula; line breaks of multi-line messages become "; ". */
static void csv_text(FILE *f, const char *raw)
{
    /* a folder's name (or a message naming it) may hold any bytes: the
     * summary stays UTF-8, with \xHH for each byte that is not */
    char s[4 * 8192 + 1];
    bp_utf8_escape(s, sizeof s, raw);
    bool formula = strchr("=+-@", *s) && *s;
    bool quote = formula || strpbrk(s, ",\"\r\n") != NULL;
    if (quote) fputc('"', f);
    if (formula) fputc('\'', f);
    for (const char *p = s; *p; p++) {
        if (*p == '"') {
            fputs("\"\"", f);
        } else if (*p == '\r' || *p == '\n') {
            while (p[1] == '\r' || p[1] == '\n' || p[1] == ' ')
                p++;
            fputs("; ", f);
        } else {
            fputc(*p, f);
        }
    }
    if (quote) fputc('"', f);
}

static int write_summary(const char *path, const batch *b, bp_error *e)
{
    char *tmp = bp_xmalloc(strlen(path) + 8);
    sprintf(tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        int rc = bp_fail(e, BP_EIO, "cannot write %s: %s", tmp, strerror(errno));
        free(tmp);
        return rc;
    }
    fputs("\xEF\xBB\xBF"
          "folder,code,name,status,pages,bytes,milliseconds,file,message\r\n",
          f);
    for (int k = 0; k < b->ntodo; k++) {
        const dept *d = &b->d[b->todo[k]];
        csv_text(f, d->folder);
        fputc(',', f);
        csv_text(f, d->code);
        fputc(',', f);
        csv_text(f, d->name);
        fprintf(f, ",%s,%d,%lld,%.1f,", status_word(d->status), d->pages, d->bytes, d->ms);
        csv_text(f, d->status ? "" : d->file);
        fputc(',', f);
        csv_text(f, d->message ? d->message : "");
        fputs("\r\n", f);
    }
    int err = ferror(f) ? EIO : 0;
    if (fclose(f) != 0 && !err) err = errno;
    if (!err && rename(tmp, path) != 0) err = errno;
    int rc = BP_OK;
    if (err) {
        unlink(tmp);
        rc = bp_fail(e, BP_EIO, "cannot write %s: %s", path, strerror(err));
    }
    free(tmp);
    return rc;
}

static int run(const char *root, const char *out_dir, const budgetpdf_batch_options *opt,
               budgetpdf_batch_result *res, bp_error *e)
{
    int k = opt->shard_index, n = opt->shard_count;
    if ((k || n) && (n < 1 || k < 1 || k > n))
        return bp_fail(e, BP_EUSAGE, "shard %d/%d: expected K/N with 1 <= K <= N", k, n);
    char **folders = NULL;
    int count = 0;
    int rc = list_departments(root, &folders, &count, e);
    if (rc) return rc;
    if (!count) {
        free(folders);
        return bp_fail(e, BP_EINPUT, "%s: no department folder (a folder holding department.yaml)",
                       root);
    }
    if ((rc = make_dirs(out_dir, e))) {
        for (int i = 0; i < count; i++)
            free(folders[i]);
        free(folders);
        return rc;
    }

    dept *d = calloc((size_t)count, sizeof *d);
    int *todo = bp_xmalloc(sizeof *todo * (size_t)count);
    if (!d) abort();
    for (int i = 0; i < count; i++) {
        d[i].folder = folders[i];
        d[i].dir = join(root, folders[i]);
    }
    free(folders);
    name_departments(d, count);
    int ntodo = 0;
    for (int i = 0; i < count; i++) {
        if (n && i % n != k - 1) continue;
        todo[ntodo++] = i;
        if (d[i].file[0]) d[i].out = join(out_dir, d[i].file);
    }

    batch b = {opt, d, todo, ntodo, PTHREAD_MUTEX_INITIALIZER, 0, 0, 0};
    int jobs = opt->jobs;
    if (jobs <= 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = cpus > 0 ? (int)cpus : 1;
    }
    if (jobs > ntodo) jobs = ntodo > 0 ? ntodo : 1;
    if (jobs > 256) jobs = 256;
    double t0 = now_ms();
    if (jobs == 1) {
        worker(&b);
    } else {
        pthread_t *th = bp_xmalloc(sizeof *th * (size_t)jobs);
        int started = 0;
        for (; started < jobs; started++)
            if (pthread_create(&th[started], NULL, worker, &b) != 0) break;
        if (!started) worker(&b); /* no thread could start: render here */
        for (int i = 0; i < started; i++)
            pthread_join(th[i], NULL);
        free(th);
    }
    res->milliseconds = now_ms() - t0;
    res->departments = count;
    res->selected = ntodo;
    res->failed = b.failed;
    res->rendered = b.done - b.failed;

    sync_outputs(out_dir);
    char name[64] = "summary.csv";
    if (n) snprintf(name, sizeof name, "summary-%d-of-%d.csv", k, n);
    char *summary = join(out_dir, name);
    snprintf(res->summary, sizeof res->summary, "%s", summary);
    rc = write_summary(summary, &b, e);
    free(summary);
    pthread_mutex_destroy(&b.lock);

    for (int i = 0; i < count; i++) {
        free(d[i].folder);
        free(d[i].dir);
        free(d[i].code);
        free(d[i].name);
        free(d[i].out);
        free(d[i].message);
    }
    free(d);
    free(todo);
    if (rc) return rc;
    return res->failed ? BP_ECHECK : BP_OK;
}

int budgetpdf_batch(const char *root, const char *out_dir, const budgetpdf_batch_options *opt,
                    budgetpdf_batch_result *result, char *err, size_t errlen)
{
    budgetpdf_batch_options none;
    if (!opt) {
        memset(&none, 0, sizeof none);
        opt = &none;
    }
    budgetpdf_batch_result local;
    budgetpdf_batch_result *res = result ? result : &local;
    memset(res, 0, sizeof *res);
    bp_error e = {0, ""};
    int rc = run(root, out_dir, opt, res, &e);
    if (err && errlen) snprintf(err, errlen, "%s", rc && rc != BP_ECHECK ? e.msg : "");
    return rc;
}
