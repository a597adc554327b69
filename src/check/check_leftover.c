/* check_leftover.c — leftover template text (XX, ＸＸ, ××, a {placeholder},
 * 待填 and the like, and the set's `leftovers:`), found in a table's cells,
 * a layout's texts and the document's text. */
#include <string.h>

#include "check_priv.h"

static bool ascii_alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static const char *const leftover_words[] = {"ＸＸ",     "××",   "待填", "请填写",
                                             "此处填写", "TODO", NULL};

/* The leftover found in s, or NULL: a run of XX not touching other letters
 * or digits, ＸＸ, ××, a {placeholder} (template.h), or one of the listed
 * words. */
const char *check_find_leftover(run *R, const char *s)
{
    const char *const *words = leftover_words;
    for (const char *p = s; *p; p++) {
        if (*p == 'X' && p[1] == 'X' && (p == s || !ascii_alnum(p[-1]))) {
            const char *q = p;
            while (*q == 'X')
                q++;
            if (!ascii_alnum(*q)) return bp_strndup(R->c->a, p, (size_t)(q - p));
            p = q - 1;
        }
        size_t flen = tpl_field_at(p);
        if (flen) return bp_strndup(R->c->a, p, flen);
    }
    for (const char *const *w = words; *w; w++)
        if (strstr(s, *w)) return *w;
    const bp_set_rules *sr = R->set->rules;
    for (int i = 0; sr && i < sr->nleftovers; i++)
        if (strstr(s, sr->leftovers[i])) return sr->leftovers[i];
    return NULL;
}

size_t check_leftover_at(const run *R, const char *s, const char *p)
{
    if (*p == 'X' && p[1] == 'X' && (p == s || !ascii_alnum(p[-1]))) {
        const char *q = p;
        while (*q == 'X')
            q++;
        if (!ascii_alnum(*q)) return (size_t)(q - p);
    }
    size_t flen = tpl_field_at(p);
    if (flen) return flen;
    for (const char *const *w = leftover_words; *w; w++)
        if (!strncmp(p, *w, strlen(*w))) return strlen(*w);
    const bp_set_rules *sr = R->set->rules;
    for (int i = 0; sr && i < sr->nleftovers; i++)
        if (!strncmp(p, sr->leftovers[i], strlen(sr->leftovers[i])))
            return strlen(sr->leftovers[i]);
    return 0;
}
