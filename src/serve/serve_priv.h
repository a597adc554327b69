/* serve_priv.h — what the files of the serve stage share: the server, one
 * request, the store's helpers, HTML buffers and the jobs. */
#ifndef BP_SERVE_PRIV_H
#define BP_SERVE_PRIV_H

#include <microhttpd.h>
#include <pthread.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "serve.h"

/* ---- growable text and HTML escaping (sv_buf.c) ---- */
typedef struct sv_buf {
    char *p;
    size_t n, cap;
} sv_buf;
void sv_put(sv_buf *b, const char *s);
void sv_putn(sv_buf *b, const char *s, size_t n);
void sv_printf(sv_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* s with & < > " ' as entities (NULL: nothing). */
void sv_esc(sv_buf *b, const char *s);
/* s percent-encoded for a URL path segment. */
void sv_url(sv_buf *b, const char *s);
char *sv_take(sv_buf *b); /* the text (never NULL), the buffer emptied */
/* now as "2026-12-07T11:25:45Z" (out: 32 bytes). */
void sv_now(char out[32]);
/* the lowercase hex of n bytes (out: 2n+1). */
void sv_hex(char *out, const unsigned char *p, size_t n);
/* a random token of 32 bytes in hex (out: 65). */
void sv_token(char out[65]);

/* ---- the store (sv_store.c) ---- */
/* Opens (creating and migrating) BUREAU_DIR/budgetpdf.db in WAL mode;
 * NULL with a message on stderr. */
sqlite3 *sv_db_open(const char *bureau);
/* Runs sql with its '?' bound from fmt: i (long long), t (text, NULL:
 * null), d (double). SQLITE_DONE/ROW or an error code (logged). */
int sv_exec(sqlite3 *db, const char *sql, const char *fmt, ...);
/* Prepares and binds (as sv_exec); the caller steps and finalizes; NULL on
 * error (logged). */
sqlite3_stmt *sv_query(sqlite3 *db, const char *sql, const char *fmt, ...);
/* The first column of the first row as an integer (dflt when none). */
long long sv_scalar(sqlite3 *db, const char *sql, long long dflt, const char *fmt, ...);
/* sqlite3_column_text as a C string ("" for null). */
const char *sv_col(sqlite3_stmt *st, int i);
/* A line of the audit log. */
void sv_audit(sqlite3 *db, long long user, const char *ip, const char *action, const char *detail);

/* ---- content-addressed files (sv_files.c) ---- */
/* BUREAU_DIR/files/ab/abcdef... of a sha256 (out: PATH_MAX). */
void sv_file_path(const char *bureau, const char *sha, char *out, size_t size);
/* Moves the synced temp file tmp into the store under sha (kept when
 * already there); syncs the folder. 0, or -1 (errno). */
int sv_file_adopt(const char *bureau, const char *tmp, const char *sha);
/* Hashes and stores a copy of the file at path; sha out (65). 0 or -1. */
int sv_file_put_copy(const char *bureau, const char *path, char sha[65]);
/* Writes n bytes to path atomically (temp + fsync + rename). 0 or -1. */
int sv_write_file(const char *path, const char *p, size_t n);
/* mkdir -p (0 or -1). */
int sv_mkdirs(const char *path);

/* ---- paths made from BUREAU_DIR (sv_files.c) ---- */
/* The longest BUREAU_DIR, as a full path: SQLite's unix VFS opens no
 * database whose full path is longer than 512 bytes (MAX_PATHNAME), and
 * the store is BUREAU_DIR/budgetpdf.db (its journal beside it). A longer
 * one is refused (sv_bureau_check); the paths made from a shorter one
 * (files, job folders, uploads' names, publications: under 1024 bytes
 * more) fit in PATH_MAX, and each is formatted by sv_path, never cut. */
#define SV_BUREAU_MAX (512 - (int)sizeof "/budgetpdf.db-journal")
/* Formats a path into out (size bytes): true, or false and out "" (errno
 * ENAMETOOLONG) when it does not fit, so that a cut path is never used. */
bool sv_path(char *out, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* 0 when bureau's full path (the working folder before a relative one;
 * its real path when it exists) is at most SV_BUREAU_MAX bytes, else -1
 * with a message on stderr (who: "budgetpdf serve"). */
int sv_bureau_check(const char *bureau, const char *who);

/* ---- the server and one request (sv_server.c, sv_http.c) ---- */
typedef struct sv_fail {
    char key[160];
    int count;
    double until; /* refused before this time (s since the epoch) */
} sv_fail;

typedef struct sv_server {
    bp_serve_opts o;
    char self[4096]; /* this program, for the workers */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int jobs_running;
    /* the checks' turns for a slot, first come first served (sv_job_slot):
     * tickets given, turns taken; the publisher waits while they differ */
    unsigned long long tickets, turns;
    int requests;           /* being answered (under mu): a stop waits for them */
    long long recheck_upto; /* versions a crash cut short: ids up to this */
    sv_fail fails[256];     /* login failures by user|ip (under mu) */
    /* the publisher thread (sv_publish.c; under mu) */
    pthread_cond_t pub_cv;
    bool pub_active, pub_more, pub_stop;
} sv_server;

#define SV_MAX_FIELDS 16
/* One uploaded file of a form, streamed to BUREAU_DIR/tmp while hashed. */
typedef struct sv_upload_file {
    int fd; /* while it is written; -1 before and after */
    char tmp[4200];
    char name[256]; /* as the browser gave it */
    long long size;
    crypto_hash_sha256_state sha;
    char hex[65]; /* when complete and synced */
    bool failed;
} sv_upload_file;
/* The file fields a form may carry: the workbook, the text (document.md)
 * and the previous year's figures (previous: of department.yaml). */
#define SV_UPLOADS 3
extern const char *const sv_upload_fields[SV_UPLOADS];
typedef struct sv_req {
    sv_server *srv;
    struct MHD_Connection *conn;
    const char *method, *url;
    char ip[64];
    double t0;
    int status;
    sqlite3 *db; /* opened on first use: sv_req_db */
    /* the form: urlencoded or multipart fields, and one uploaded file */
    struct MHD_PostProcessor *pp;
    char *key[SV_MAX_FIELDS], *val[SV_MAX_FIELDS];
    int nfields;
    long long body;
    bool too_large;
    sv_upload_file up[SV_UPLOADS]; /* by field: workbook, text, previous */
    /* who asks (sv_session.c) */
    long long uid;
    char user[64], role[16], csrf[65];
    bool secure;
} sv_req;

sqlite3 *sv_req_db(sv_req *r);
/* A form field's value (NULL when absent). */
const char *sv_field(const sv_req *r, const char *key);

/* libmicrohttpd's callbacks (sv_http.c). */
enum MHD_Result sv_on_request(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *data,
                              size_t *size, void **con_cls);
void sv_on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                     enum MHD_RequestTerminationCode toe);

/* ---- replies (sv_reply.c) ---- */
/* Sends body (taken: freed by the reply) with status and content type. */
int sv_reply(sv_req *r, int status, const char *type, char *body, size_t n);
int sv_reply_html(sv_req *r, int status, sv_buf *b);
int sv_reply_text(sv_req *r, int status, const char *text);
int sv_redirect(sv_req *r, const char *to, const char *cookie);
/* Sends the file at path (404 when it cannot be opened). */
int sv_reply_file(sv_req *r, const char *path, const char *type, const char *download_name);
/* A page in the house style (title, user bar) around content. */
void sv_page_begin(sv_buf *b, const sv_req *r, const char *title);
void sv_page_end(sv_buf *b);
/* An error page with message. */
int sv_reply_error(sv_req *r, int status, const char *message);

/* ---- sessions and login (sv_session.c) ---- */
/* Reads the session cookie into r (uid > 0 when logged in). */
void sv_session_load(sv_req *r);
/* true when the POST's csrf field matches the session's. */
bool sv_csrf_ok(const sv_req *r);
int sv_login_page(sv_req *r, const char *message, int status);
int sv_login_post(sv_req *r);
int sv_logout(sv_req *r);

/* ---- departments and rights (sv_dept.c) ---- */
typedef struct sv_dept {
    long long id;
    char code[64], name[256];
} sv_dept;
/* The department of code if r's user may see it: 1; else 0 (not found, or
 * not theirs: the caller answers 404 either way). */
int sv_dept_get(sv_req *r, const char *code, sv_dept *d);
/* The department of version vid if r's user may see it: 1, else 0. */
int sv_version_dept(sv_req *r, long long vid, sv_dept *d);
/* The status word of a department (未提交, 有错误, 待审核, 已退回, 已通过, 已发布). */
const char *sv_dept_status(sqlite3 *db, long long dept_id, char *comment, size_t size);
/* The latest review action of a department ("" when none) and its version. */
const char *sv_last_action(sqlite3 *db, long long dept_id, long long *vid);

/* ---- checks (sv_job.c) ---- */
/* Checks version vid (its stored upload) in a worker process and records
 * the result, the findings and their boxes on the document shown. */
void sv_job_check(sv_server *s, sqlite3 *db, long long vid);
/* The image of page (1-based) of the document version vid shows (its
 * render, or the preview of a failing one), drawn when first asked for:
 * its path in out. 0, or -1 when it cannot be drawn. */
int sv_job_page(const sv_server *s, sqlite3 *db, long long vid, int page, char *out, size_t size);
/* BUREAU_DIR/work/v<vid> (out: size). */
void sv_job_dir(const sv_server *s, long long vid, char *out, size_t size);
/* A version's files linked into dir as its check and the publisher give
 * them to the worker (sv_job.c): the workbook under its name, the text as
 * document.md or document.docx, the previous year's as previous.yaml,
 * .xlsx or .xls; dept: the department's name. 0 or -1. */
typedef struct sv_inputs {
    char book[PATH_MAX], text[PATH_MAX], prev[PATH_MAX], dept[256];
} sv_inputs;
int sv_job_inputs(const sv_server *s, sqlite3 *db, long long vid, const char *dir, sv_inputs *in);
/* s without the job folder dir in its paths ("DIR/dept/x", "DIR/x": "x"). */
void sv_job_unpath(char *s, const char *dir);
/* Runs argv (argv[0] a path) in a child with limits, stdout to out_path
 * (NULL: /dev/null); its exit status, or -1 (crashed / timed out / failed). */
int sv_spawn(char *const argv[], const char *out_path, int timeout_s, char *why, size_t size);

/* ---- pages (sv_pages_*.c) and actions ---- */
/* The result of a version as HTML: 检查中, 通过, N 项错误, M 项警告. */
void sv_result_html(sv_buf *b, sqlite3_stmt *st, int first_col);
#define SV_RESULT_COLS "v.state, v.status, v.errors, v.warnings, v.message"
int sv_home(sv_req *r);
int sv_dept_page(sv_req *r, const sv_dept *d);
int sv_version_page(sv_req *r, long long vid, const sv_dept *d);
int sv_upload(sv_req *r, const sv_dept *d);
int sv_submit(sv_req *r, const sv_dept *d);
int sv_review_page(sv_req *r);
int sv_review_action(sv_req *r, const sv_dept *d, const char *action);

/* ---- publishing (sv_publish*.c): a job in the store, run by one thread ---- */
/* POST /publish: queues a publication of every approved department (or
 * shows the one under way) and answers with its progress page. */
int sv_publish(sv_req *r);
/* At start, before any thread: a publication a crash interrupted is kept
 * to resume (its departments being rendered go back to waiting), hidden
 * set folders of no such publication and the publisher's job folders are
 * removed. */
void sv_publish_recover(sv_server *s, sqlite3 *db);
/* Starts the publisher thread unless it runs (it then looks again). */
void sv_publish_kick(sv_server *s);
/* The publisher stops after its current department; waits for it. */
void sv_publish_stop(sv_server *s);
/* One department of a publication (a row of publication_items). */
typedef struct sv_pub_item {
    long long id, pid, seq, dept, vid;
    char code[64], name[256], file[400], approved[80], sha[80], state[16];
} sv_pub_item;
/* Renders it again in a worker, checks its bytes against the approved
 * PDF's and links it into the hidden set folder; records the item done or
 * failed (with the reason). 0 or -1 (sv_publish_run.c). */
int sv_publish_item(sv_server *s, sqlite3 *db, const sv_pub_item *it, const char *set);
/* Takes (d 1) or gives back (d -1) one of the --jobs worker slots, waiting
 * while all are taken; checks take them in the order they came, and a
 * publisher's render (publish) waits while a check waits, so uploads go
 * first (sv_job.c). */
void sv_job_slot(sv_server *s, int d, bool publish);
/* The sha256 of the file at path (hex, 65 bytes); 0 or -1. */
int sv_publish_hash(const char *path, char out[65]);
/* Runs the queued and running publications in turn (the thread's body). */
void sv_publish_work(sv_server *s, sqlite3 *db);
/* GET /publish/ID: the progress page; GET /publish/ID/FILE: a file of the set. */
int sv_publish_page(sv_req *r, long long pid);
int sv_publish_file(sv_req *r, long long pid, const char *name);
/* Dispatches one complete request. */
int sv_route(sv_req *r);

#endif
