/* common.c — see common.h. */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef BP_TEST_SOURCE_DIR
#define BP_TEST_SOURCE_DIR "."
#endif

const char *fz_source_dir(void)
{
    return BP_TEST_SOURCE_DIR;
}

static char tmpdir[4096];
#define FZ_SLOTS 8
static char written[FZ_SLOTS][4096 + 64];

static void remove_tmpdir(void)
{
    if (!tmpdir[0]) return;
    /* the files written, then anything a failed run may have left */
    for (int i = 0; i < FZ_SLOTS; i++)
        if (written[i][0]) unlink(written[i]);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) fprintf(stderr, "fuzz: could not remove %s\n", tmpdir);
    tmpdir[0] = 0;
}

const char *fz_tmpdir(void)
{
    if (tmpdir[0]) return tmpdir;
    const char *base = getenv("TMPDIR");
    if (!base || !*base) base = "/tmp";
    snprintf(tmpdir, sizeof tmpdir, "%s/bp-fuzz.XXXXXX", base);
    if (!mkdtemp(tmpdir)) {
        perror("fuzz: mkdtemp");
        abort();
    }
    atexit(remove_tmpdir);
    return tmpdir;
}

const char *fz_write(int slot, const char *name, const void *data, size_t size)
{
    char *path = written[slot];
    snprintf(path, sizeof written[slot], "%s/%s", fz_tmpdir(), name);
    FILE *f = fopen(path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
        perror(path);
        abort();
    }
    return path;
}

void fz_expect(const char *target, int rc, const bp_error *e, const char *must_name,
               const int *allowed)
{
    if (rc == BP_OK) return;
    bool ok = false;
    for (const int *a = allowed; *a; a++)
        ok |= rc == *a;
    if (!ok) {
        fprintf(stderr, "%s: unexpected status %d: %s\n", target, rc, e->msg);
        abort();
    }
    if (!e->msg[0]) {
        fprintf(stderr, "%s: status %d with an empty message\n", target, rc);
        abort();
    }
    if (must_name && !strstr(e->msg, must_name)) {
        fprintf(stderr, "%s: the message does not name %s: %s\n", target, must_name, e->msg);
        abort();
    }
    if (bp_utf8_invalid(e->msg, strlen(e->msg)) >= 0 && strlen(e->msg) + 1 < sizeof e->msg) {
        /* a message cut at the buffer's end may end inside a character */
        fprintf(stderr, "%s: the message is not valid UTF-8: %s\n", target, e->msg);
        abort();
    }
}

static void die_loading(const char *target, const char *what, const bp_error *e)
{
    fprintf(stderr, "%s: cannot load %s: %s\n", target, what, e->msg);
    abort();
}

void fz_load_seed(const char *target, bp_arena *a, bp_layout_set **set, bp_department *dept,
                  bp_table_data ***tables)
{
    bp_error e = {0, ""};
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/layouts/standard-2024", fz_source_dir());
    if (spec_load_set(BP_CTX(a, &e), dir, set)) die_loading(target, dir, &e);
    snprintf(dir, sizeof dir, "%s/data/zzgx-smartcity-2024", fz_source_dir());
    if (data_load_department(BP_CTX(a, &e), dir, dept)) die_loading(target, dir, &e);
    *tables = bp_alloc(a, (size_t)(*set)->ntables * sizeof **tables);
    for (int i = 0; i < (*set)->ntables; i++)
        if (data_load_table(BP_CTX(a, &e), dept, &(*set)->tables[i], &(*tables)[i]))
            die_loading(target, "a table", &e);
}

void fz_check_workbook(const bp_workbook *wb)
{
    for (int i = 0; i < wb->nsheets; i++) {
        const bp_wb_sheet *s = &wb->sheets[i];
        int nrows = 0, ncols = 0;
        if (!s->name || bp_utf8_invalid(s->name, strlen(s->name)) >= 0) __builtin_trap();
        for (int j = 0; j < s->ncells; j++) {
            const bp_wb_cell *c = &s->cells[j];
            if (c->row < 0 || c->col < 0 || c->row >= BP_WB_MAX_ROWS || c->col >= BP_WB_MAX_COLS)
                __builtin_trap();
            if (j > 0 && (c[-1].row > c->row || (c[-1].row == c->row && c[-1].col >= c->col)))
                __builtin_trap(); /* sorted, no duplicates */
            if (workbook_cell(s, c->row, c->col) != c) __builtin_trap();
            if (!c->text || bp_utf8_invalid(c->text, strlen(c->text)) >= 0) __builtin_trap();
            if (c->numfmt && bp_utf8_invalid(c->numfmt, strlen(c->numfmt)) >= 0) __builtin_trap();
            if (c->no_cache && (!c->formula || c->text[0])) __builtin_trap();
            if (c->row >= nrows) nrows = c->row + 1;
            if (c->col >= ncols) ncols = c->col + 1;
        }
        if (s->nrows != nrows || s->ncols != ncols) __builtin_trap();
        for (int j = 0; j < s->nmerges; j++) {
            const bp_wb_merge *m = &s->merges[j];
            if (m->row0 > m->row1 || m->col0 > m->col1 || m->row0 < 0 || m->col0 < 0)
                __builtin_trap();
            if (workbook_merge_at(s, m->row0, m->col0) == NULL) __builtin_trap();
            for (int k = 0; k < j && s->nmerges <= 300; k++) /* no two overlap */
                if (m->row0 <= s->merges[k].row1 && s->merges[k].row0 <= m->row1 &&
                    m->col0 <= s->merges[k].col1 && s->merges[k].col0 <= m->col1)
                    __builtin_trap();
        }
    }
}
