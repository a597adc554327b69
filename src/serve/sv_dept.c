/* sv_dept.c — a department as a user may see it (a clerk: only the
 * departments linked to them; a reviewer or admin: all; anything else is
 * answered as not found, so a clerk learns nothing of another department
 * by any URL) and its status in the season. */
#include <stdio.h>
#include <string.h>

#include "serve_priv.h"

static int allowed(sv_req *r, long long dept)
{
    if (r->uid <= 0) return 0;
    if (strcmp(r->role, "clerk")) return 1;
    return sv_scalar(r->db, "SELECT 1 FROM user_departments WHERE user_id=? AND department_id=?", 0,
                     "ii", r->uid, dept) == 1;
}

static int load(sv_req *r, sqlite3_stmt *st, sv_dept *d)
{
    int ok = 0;
    if (st && sqlite3_step(st) == SQLITE_ROW) {
        d->id = sqlite3_column_int64(st, 0);
        snprintf(d->code, sizeof d->code, "%s", sv_col(st, 1));
        snprintf(d->name, sizeof d->name, "%s", sv_col(st, 2));
        ok = 1;
    }
    sqlite3_finalize(st);
    return ok && allowed(r, d->id);
}

int sv_dept_get(sv_req *r, const char *code, sv_dept *d)
{
    if (!sv_req_db(r)) return 0;
    return load(
        r, sv_query(r->db, "SELECT id, code, name FROM departments WHERE code=?", "t", code), d);
}

int sv_version_dept(sv_req *r, long long vid, sv_dept *d)
{
    if (!sv_req_db(r)) return 0;
    return load(r,
                sv_query(r->db,
                         "SELECT d.id, d.code, d.name FROM versions v JOIN departments d"
                         " ON d.id=v.department_id WHERE v.id=?",
                         "i", vid),
                d);
}

const char *sv_last_action(sqlite3 *db, long long dept_id, long long *vid)
{
    static const char *const words[] = {"submit", "return", "approve", "publish"};
    sqlite3_stmt *st = sv_query(db,
                                "SELECT action, version_id FROM reviews WHERE department_id=?"
                                " ORDER BY id DESC LIMIT 1",
                                "i", dept_id);
    const char *w = "";
    if (st && sqlite3_step(st) == SQLITE_ROW) {
        for (int i = 0; i < 4; i++)
            if (!strcmp(sv_col(st, 0), words[i])) w = words[i];
        if (vid) *vid = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    return w;
}

const char *sv_dept_status(sqlite3 *db, long long dept_id, char *comment, size_t size)
{
    const char *last = sv_last_action(db, dept_id, NULL);
    if (comment && size) {
        comment[0] = 0;
        sqlite3_stmt *st = sv_query(db,
                                    "SELECT comment FROM reviews WHERE department_id=? AND"
                                    " action='return' ORDER BY id DESC LIMIT 1",
                                    "i", dept_id);
        if (st && sqlite3_step(st) == SQLITE_ROW && !strcmp(last, "return"))
            snprintf(comment, size, "%s", sv_col(st, 0));
        sqlite3_finalize(st);
    }
    if (!strcmp(last, "publish")) return "已发布";
    if (!strcmp(last, "approve")) return "已通过";
    if (!strcmp(last, "submit")) return "待审核";
    long long bad = sv_scalar(db,
                              "SELECT status<>'ok' FROM versions WHERE department_id=?"
                              " AND state<>'checking' ORDER BY n DESC LIMIT 1",
                              0, "i", dept_id);
    if (bad) return "有错误";
    return !strcmp(last, "return") ? "已退回" : "未提交";
}
