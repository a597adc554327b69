/* spec_names.c — how tables and columns are named and found, for the
 * parsers of rules and forms, the checks and their messages: a table's id
 * ("05") and file stem, the name a column goes by ("基本支出"), a column by
 * key or by header text (rules.h). */
#include "rules.h"

#include <string.h>

int spec_column_index(const bp_table_spec *t, const char *key)
{
    for (int i = 0; i < t->ncolumns; i++)
        if (!strcmp(t->columns[i].key, key)) return i;
    return -1;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

const char *check_table_stem(bp_arena *a, const bp_table_spec *t)
{
    const char *b = base_name(t->file);
    size_t n = strlen(b);
    if (n > 5 && !strcmp(b + n - 5, ".yaml"))
        n -= 5;
    else if (n > 4 && !strcmp(b + n - 4, ".yml"))
        n -= 4;
    return bp_strndup(a, b, n);
}

const char *check_table_id(bp_arena *a, const bp_table_spec *t)
{
    const char *stem = check_table_stem(a, t);
    size_t n = 0;
    while (stem[n] >= '0' && stem[n] <= '9')
        n++;
    if (n > 0 && (stem[n] == 0 || stem[n] == '-' || stem[n] == '_')) return bp_strndup(a, stem, n);
    return stem;
}

/* Removes ASCII and ideographic spaces (header texts like "合 计"). */
static char *squeeze(bp_arena *a, const char *s)
{
    char *out = bp_strdup(a, s), *o = out;
    for (const char *p = s; *p;) {
        if (*p == ' ' || *p == '\t' || *p == '\n') {
            p++;
        } else if (!strncmp(p, "\xe3\x80\x80", 3)) { /* U+3000 */
            p += 3;
        } else {
            *o++ = *p++;
        }
    }
    *o = 0;
    return out;
}

/* The last k+1 levels of a column's header path; at k = 0 a 小计 leaf is
 * named by its parent (基本支出 for [基本支出, 小计]). */
static const char *name_k(bp_arena *a, const bp_column *c, int k)
{
    int d = c->depth;
    if (k == 0) {
        const char *leaf = squeeze(a, c->header[d - 1]);
        if (!strcmp(leaf, "小计") && d >= 2) return squeeze(a, c->header[d - 2]);
        return leaf;
    }
    if (k > d - 1) k = d - 1;
    char *s = bp_strdup(a, "");
    for (int i = d - 1 - k; i < d; i++)
        s = bp_sprintf(a, "%s%s", s, squeeze(a, c->header[i]));
    return s;
}

const char *check_column_name(bp_arena *a, const bp_table_spec *t, int col)
{
    const bp_column *c = &t->columns[col];
    for (int k = 0; k < c->depth; k++) {
        const char *mine = name_k(a, c, k);
        bool clash = false;
        for (int j = 0; j < t->ncolumns && !clash; j++)
            if (j != col && !strcmp(name_k(a, &t->columns[j], k), mine)) clash = true;
        if (!clash) return mine;
    }
    return bp_sprintf(a, "%s(%s)", name_k(a, c, c->depth - 1), c->key);
}

int check_find_column(bp_arena *a, const bp_table_spec *t, const char *ref)
{
    int i = spec_column_index(t, ref);
    if (i >= 0) return i;
    const char *r = squeeze(a, ref);
    if (!r[0]) return -1;
    for (i = 0; i < t->ncolumns; i++)
        if (!strcmp(check_column_name(a, t, i), r)) return i;
    for (i = 0; i < t->ncolumns; i++)
        if (!strcmp(name_k(a, &t->columns[i], t->columns[i].depth - 1), r)) return i;
    int found = -1, count = 0;
    for (i = 0; i < t->ncolumns; i++)
        if (!strcmp(name_k(a, &t->columns[i], 0), r) ||
            !strcmp(squeeze(a, t->columns[i].header[t->columns[i].depth - 1]), r))
            found = i, count++;
    return count == 1 ? found : -1;
}
