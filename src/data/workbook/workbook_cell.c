/* workbook_cell.c — the lookups and names of the model (workbook.h), below
 * every reader: a cell and a merged area at (row, col), a cell's A1 name,
 * and a workbook's path as messages show it. */
#include <stdio.h>
#include <string.h>

#include "workbook_priv.h"

const char *wb_shown(bp_arena *a, const char *path)
{
    size_t n = 4 * strlen(path) + 1;
    char *s = bp_alloc(a, n);
    return bp_utf8_escape(s, n, path);
}

const bp_wb_cell *workbook_cell(const bp_wb_sheet *s, int row, int col)
{
    int lo = 0, hi = s->ncells;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        const bp_wb_cell *c = &s->cells[mid];
        if (c->row < row || (c->row == row && c->col < col))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < s->ncells && s->cells[lo].row == row && s->cells[lo].col == col) return &s->cells[lo];
    return NULL;
}

const bp_wb_merge *workbook_merge_at(const bp_wb_sheet *s, int row, int col)
{
    for (int i = 0; i < s->nmerges; i++) {
        const bp_wb_merge *m = &s->merges[i];
        if (row >= m->row0 && row <= m->row1 && col >= m->col0 && col <= m->col1) return m;
    }
    return NULL;
}

char *workbook_a1(char *buf, int row, int col)
{
    char letters[8];
    int n = 0;
    if (col < 0 || row < 0) {
        strcpy(buf, "?");
        return buf;
    }
    for (int c = col + 1; c > 0 && n < 7; c = (c - 1) / 26)
        letters[n++] = (char)('A' + (c - 1) % 26);
    char *o = buf;
    while (n > 0)
        *o++ = letters[--n];
    snprintf(o, 16 - (size_t)(o - buf), "%d", row + 1);
    return buf;
}
