/* sv_users.c — the users and departments of a bureau (budgetpdf user):
 * roles clerk (of one or more departments), reviewer and admin; passwords
 * kept as libsodium crypto_pwhash_str hashes (Argon2id, interactive
 * limits). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve_priv.h"

static sqlite3 *open_bureau(const char *bureau)
{
    if (sv_bureau_check(bureau, "budgetpdf user")) return NULL;
    if (sodium_init() < 0) {
        fprintf(stderr, "budgetpdf: libsodium cannot start\n");
        return NULL;
    }
    if (sv_mkdirs(bureau)) {
        perror(bureau);
        return NULL;
    }
    return sv_db_open(bureau);
}

static int hash_password(const char *password, char out[crypto_pwhash_STRBYTES])
{
    if (strlen(password) < 8) {
        fprintf(stderr, "budgetpdf user: a password needs at least 8 characters\n");
        return -1;
    }
    if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE)) {
        fprintf(stderr, "budgetpdf user: out of memory hashing the password\n");
        return -1;
    }
    return 0;
}

/* Links user uid to each code of depts (comma-separated). 0, or 3. */
static int link_departments(sqlite3 *db, long long uid, const char *depts)
{
    char *copy = strdup(depts ? depts : ""), *save = NULL;
    int rc = 0;
    for (char *c = strtok_r(copy, ",", &save); c && !rc; c = strtok_r(NULL, ",", &save)) {
        long long d = sv_scalar(db, "SELECT id FROM departments WHERE code=?", 0, "t", c);
        if (!d) {
            fprintf(stderr, "budgetpdf user: no department '%s' (budgetpdf user add-department)\n",
                    c);
            rc = 3;
        } else
            sv_exec(db, "INSERT OR IGNORE INTO user_departments VALUES(?,?)", "ii", uid, d);
    }
    free(copy);
    return rc;
}

int bp_user_add(const char *bureau, const char *name, const char *role, const char *depts,
                const char *password)
{
    if (strcmp(role, "clerk") && strcmp(role, "reviewer") && strcmp(role, "admin")) {
        fprintf(stderr, "budgetpdf user: role must be clerk, reviewer or admin, not '%s'\n", role);
        return 2;
    }
    if (!strcmp(role, "clerk") && (!depts || !*depts)) {
        fprintf(stderr, "budgetpdf user: a clerk needs --department CODE[,CODE...]\n");
        return 2;
    }
    char h[crypto_pwhash_STRBYTES], now[32];
    sqlite3 *db = open_bureau(bureau);
    if (!db) return 3;
    int rc = hash_password(password, h) ? 2 : 0;
    sv_now(now);
    sv_exec(db, "BEGIN IMMEDIATE", "");
    if (!rc && sv_scalar(db, "SELECT id FROM users WHERE name=?", 0, "t", name)) {
        fprintf(stderr, "budgetpdf user: user '%s' exists (budgetpdf user passwd)\n", name);
        rc = 2;
    }
    if (!rc && sv_exec(db, "INSERT INTO users(name, role, pwhash, created) VALUES(?,?,?,?)", "tttt",
                       name, role, h, now) != SQLITE_DONE)
        rc = 4;
    if (!rc) rc = link_departments(db, sqlite3_last_insert_rowid(db), depts);
    if (!rc) sv_audit(db, 0, "cli", "user add", name);
    sv_exec(db, rc ? "ROLLBACK" : "COMMIT", "");
    sqlite3_close(db);
    return rc;
}

int bp_user_passwd(const char *bureau, const char *name, const char *password)
{
    char h[crypto_pwhash_STRBYTES];
    sqlite3 *db = open_bureau(bureau);
    if (!db) return 3;
    int rc = hash_password(password, h) ? 2 : 0;
    long long uid = sv_scalar(db, "SELECT id FROM users WHERE name=?", 0, "t", name);
    if (!rc && !uid) {
        fprintf(stderr, "budgetpdf user: no user '%s'\n", name);
        rc = 2;
    }
    if (!rc) {
        sv_exec(db, "UPDATE users SET pwhash=? WHERE id=?", "ti", h, uid);
        sv_exec(db, "DELETE FROM sessions WHERE user_id=?", "i", uid);
        sv_audit(db, 0, "cli", "user passwd", name);
    }
    sqlite3_close(db);
    return rc;
}

int bp_user_list(const char *bureau, FILE *out)
{
    sqlite3 *db = open_bureau(bureau);
    if (!db) return 3;
    sqlite3_stmt *st =
        sv_query(db,
                 "SELECT u.name, u.role, COALESCE(group_concat(d.code, ','), '') FROM users u"
                 " LEFT JOIN user_departments ud ON ud.user_id=u.id"
                 " LEFT JOIN departments d ON d.id=ud.department_id GROUP BY u.id ORDER BY u.name",
                 "");
    while (st && sqlite3_step(st) == SQLITE_ROW)
        fprintf(out, "%s\t%s\t%s\n", sv_col(st, 0), sv_col(st, 1), sv_col(st, 2));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return 0;
}

int bp_department_add(const char *bureau, const char *code, const char *name)
{
    char now[32];
    if (!*code ||
        strspn(code, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_") !=
            strlen(code)) {
        fprintf(stderr, "budgetpdf user: a department code is letters, digits, - and _\n");
        return 2;
    }
    sqlite3 *db = open_bureau(bureau);
    if (!db) return 3;
    sv_now(now);
    int rc = sv_exec(db, "INSERT INTO departments(code, name, created) VALUES(?,?,?)", "ttt", code,
                     name, now) == SQLITE_DONE
                 ? 0
                 : 2;
    if (rc)
        fprintf(stderr, "budgetpdf user: department '%s' exists\n", code);
    else
        sv_audit(db, 0, "cli", "department add", code);
    sqlite3_close(db);
    return rc;
}
