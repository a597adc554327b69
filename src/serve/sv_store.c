/* sv_store.c — the bureau's store: BUREAU_DIR/budgetpdf.db (SQLite, WAL),
 * its schema by version (PRAGMA user_version and the migrations below:
 * never edit one, add the next), and the query helpers. docs/server.md,
 * "The store". */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "serve_priv.h"

/* migrations[i] takes the schema from version i to i + 1 */
static const char *const migrations[] = {
    "CREATE TABLE departments(id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL, created TEXT NOT NULL);"
    "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
    "  role TEXT NOT NULL CHECK(role IN ('clerk','reviewer','admin')),"
    "  pwhash TEXT NOT NULL, created TEXT NOT NULL);"
    "CREATE TABLE user_departments(user_id INTEGER NOT NULL REFERENCES users(id),"
    "  department_id INTEGER NOT NULL REFERENCES departments(id),"
    "  PRIMARY KEY(user_id, department_id));"
    "CREATE TABLE versions(id INTEGER PRIMARY KEY,"
    "  department_id INTEGER NOT NULL REFERENCES departments(id), n INTEGER NOT NULL,"
    "  user_id INTEGER NOT NULL REFERENCES users(id), created TEXT NOT NULL,"
    "  filename TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL,"
    "  state TEXT NOT NULL DEFAULT 'checking' CHECK(state IN ('checking','done','failed')),"
    "  status TEXT, errors INTEGER, warnings INTEGER, message TEXT,"
    "  pdf_sha256 TEXT, report_sha256 TEXT, pages INTEGER, checked TEXT,"
    "  UNIQUE(department_id, n));"
    "CREATE TABLE findings(id INTEGER PRIMARY KEY,"
    "  version_id INTEGER NOT NULL REFERENCES versions(id), seq INTEGER NOT NULL,"
    "  severity TEXT NOT NULL, kind TEXT, table_name TEXT, row_label TEXT, column_name TEXT,"
    "  expected TEXT, found TEXT, source TEXT, message TEXT NOT NULL,"
    "  page INTEGER, x0 REAL, y0 REAL, x1 REAL, y1 REAL, page_w REAL, page_h REAL);"
    "CREATE INDEX findings_version ON findings(version_id);"
    "CREATE TABLE reviews(id INTEGER PRIMARY KEY,"
    "  department_id INTEGER NOT NULL REFERENCES departments(id),"
    "  version_id INTEGER REFERENCES versions(id), user_id INTEGER NOT NULL,"
    "  action TEXT NOT NULL CHECK(action IN ('submit','return','approve','publish')),"
    "  comment TEXT, created TEXT NOT NULL);"
    "CREATE TABLE publications(id INTEGER PRIMARY KEY, created TEXT NOT NULL,"
    "  user_id INTEGER NOT NULL, dir TEXT, state TEXT NOT NULL, departments INTEGER);"
    "CREATE TABLE sessions(token_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL,"
    "  csrf TEXT NOT NULL, expires INTEGER NOT NULL);"
    "CREATE TABLE audit(id INTEGER PRIMARY KEY, at TEXT NOT NULL, user_id INTEGER,"
    "  ip TEXT, action TEXT NOT NULL, detail TEXT);",
    /* 2: the text (document.md) and the previous year's figures beside the workbook */
    "ALTER TABLE versions ADD COLUMN text_name TEXT;"
    "ALTER TABLE versions ADD COLUMN text_sha256 TEXT;"
    "ALTER TABLE versions ADD COLUMN previous_name TEXT;"
    "ALTER TABLE versions ADD COLUMN previous_sha256 TEXT;",
    /* 3: every box of a finding (a phrase over two lines has two), on the
     * pages of the document shown (pages_sha256: the render, or the
     * preview of a failing check); a version checked before keeps its
     * one box, on its check report's pages */
    "CREATE TABLE finding_boxes(id INTEGER PRIMARY KEY,"
    "  finding_id INTEGER NOT NULL REFERENCES findings(id), page INTEGER NOT NULL,"
    "  x0 REAL NOT NULL, y0 REAL NOT NULL, x1 REAL NOT NULL, y1 REAL NOT NULL,"
    "  page_w REAL NOT NULL, page_h REAL NOT NULL);"
    "CREATE INDEX finding_boxes_finding ON finding_boxes(finding_id);"
    "INSERT INTO finding_boxes(finding_id, page, x0, y0, x1, y1, page_w, page_h)"
    "  SELECT id, page, x0, y0, x1, y1, page_w, page_h FROM findings WHERE page_w>0;"
    "UPDATE findings SET page=NULL WHERE NOT page_w>0 OR page_w IS NULL;"
    "ALTER TABLE versions ADD COLUMN pages_sha256 TEXT;",
    /* 4: a publish is a job (queued, running, done, failed) with one item per department */
    "ALTER TABLE publications ADD COLUMN total INTEGER;"
    "ALTER TABLE publications ADD COLUMN reason TEXT;"
    "ALTER TABLE publications ADD COLUMN finished TEXT;"
    "CREATE TABLE publication_items(id INTEGER PRIMARY KEY,"
    "  publication_id INTEGER NOT NULL REFERENCES publications(id), seq INTEGER NOT NULL,"
    "  department_id INTEGER NOT NULL REFERENCES departments(id),"
    "  version_id INTEGER NOT NULL REFERENCES versions(id), code TEXT NOT NULL,"
    "  name TEXT NOT NULL, file TEXT NOT NULL, approved_sha256 TEXT NOT NULL,"
    "  state TEXT NOT NULL DEFAULT 'pending'"
    "    CHECK(state IN ('pending','running','done','failed')),"
    "  sha256 TEXT, message TEXT, UNIQUE(publication_id, seq));",
};
#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

static int migrate(sqlite3 *db, const char *path)
{
    long long v = sv_scalar(db, "PRAGMA user_version", 0, "");
    if (v > NMIGRATIONS) {
        fprintf(stderr, "%s: schema version %lld is newer than this budgetpdf's (%d)\n", path, v,
                NMIGRATIONS);
        return -1;
    }
    for (; v < NMIGRATIONS; v++) {
        char *err = NULL, set[64];
        snprintf(set, sizeof set, "PRAGMA user_version=%lld;", v + 1);
        if (sqlite3_exec(db, "BEGIN IMMEDIATE", 0, 0, &err) ||
            sqlite3_exec(db, migrations[v], 0, 0, &err) || sqlite3_exec(db, set, 0, 0, &err) ||
            sqlite3_exec(db, "COMMIT", 0, 0, &err)) {
            fprintf(stderr, "%s: migration %lld: %s\n", path, v + 1, err ? err : "?");
            sqlite3_free(err);
            sqlite3_exec(db, "ROLLBACK", 0, 0, NULL);
            return -1;
        }
    }
    return 0;
}

sqlite3 *sv_db_open(const char *bureau)
{
    char path[PATH_MAX];
    if (!sv_path(path, sizeof path, "%s/budgetpdf.db", bureau)) { /* sv_bureau_check first */
        fprintf(stderr, "%.64s…/budgetpdf.db: the path is too long\n", bureau);
        return NULL;
    }
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL)) {
        fprintf(stderr, "%s: %s\n", path, db ? sqlite3_errmsg(db) : "cannot open");
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db, 10000);
    /* WAL, and a commit is on disk before it returns (synchronous=FULL) */
    if (sqlite3_exec(db,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", 0,
                     0, NULL) ||
        migrate(db, path)) {
        fprintf(stderr, "%s: %s\n", path, sqlite3_errmsg(db));
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

static sqlite3_stmt *vprep(sqlite3 *db, const char *sql, const char *fmt, va_list ap)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL)) {
        fprintf(stderr, "store: %s: %s\n", sqlite3_errmsg(db), sql);
        return NULL;
    }
    for (int i = 0; fmt[i]; i++) {
        if (fmt[i] == 'i')
            sqlite3_bind_int64(st, i + 1, va_arg(ap, long long));
        else if (fmt[i] == 'd')
            sqlite3_bind_double(st, i + 1, va_arg(ap, double));
        else {
            const char *s = va_arg(ap, const char *);
            if (s)
                sqlite3_bind_text(st, i + 1, s, -1, SQLITE_TRANSIENT);
            else
                sqlite3_bind_null(st, i + 1);
        }
    }
    return st;
}

int sv_exec(sqlite3 *db, const char *sql, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sqlite3_stmt *st = vprep(db, sql, fmt, ap);
    va_end(ap);
    if (!st) return SQLITE_ERROR;
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        fprintf(stderr, "store: %s: %s\n", sqlite3_errmsg(db), sql);
    sqlite3_finalize(st);
    return rc;
}

sqlite3_stmt *sv_query(sqlite3 *db, const char *sql, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sqlite3_stmt *st = vprep(db, sql, fmt, ap);
    va_end(ap);
    return st;
}

long long sv_scalar(sqlite3 *db, const char *sql, long long dflt, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sqlite3_stmt *st = vprep(db, sql, fmt, ap);
    va_end(ap);
    if (!st) return dflt;
    long long v = dflt;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

const char *sv_col(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return s ? s : "";
}

void sv_audit(sqlite3 *db, long long user, const char *ip, const char *action, const char *detail)
{
    char now[32];
    sv_now(now);
    sv_exec(db, "INSERT INTO audit(at, user_id, ip, action, detail) VALUES(?,?,?,?,?)", "tittt",
            now, user, ip, action, detail);
}
