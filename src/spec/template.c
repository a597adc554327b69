/* template.c — parsing layout text templates into pieces, and expanding
 * them (see template.h). A placeholder's name is read as a name of the
 * expression language (expr_lex.h); `{{` and `}}` are literal braces here,
 * where the document's text has its figures (docs/architecture.md, "The
 * expression language"). */
#include "template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr_lex.h"

static const char *const field_names[BP_TPL_NFIELDS] = {
    "department", "code", "year", "unit", "page", "pages", "title",
};

const char *tpl_field_name(bp_tpl_field f)
{
    return f >= 0 && f < BP_TPL_NFIELDS ? field_names[f] : "?";
}

static int tpl_err(bp_tpl_error *err, size_t off, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int tpl_err(bp_tpl_error *err, size_t off, size_t len, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        if (n >= (int)sizeof err->msg) { /* cut: drop a character the cut split */
            size_t k = sizeof err->msg - 1, back = 0;
            while (back < 4 && k > back && ((unsigned char)err->msg[k - 1 - back] & 0xC0) == 0x80)
                back++;
            unsigned char lead = (unsigned char)err->msg[k - 1 - back];
            size_t need = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
            if (lead >= 0xC0 && back < need) err->msg[k - 1 - back] = 0;
        }
        err->offset = off;
        err->len = len;
    }
    return BP_EINPUT;
}

/* "{department}, {code}, {year}, {unit}" for the fields in mask. */
static void list_fields(unsigned mask, char *buf, size_t n)
{
    buf[0] = 0;
    for (int f = 0; f < BP_TPL_NFIELDS; f++) {
        if (!(mask & (1u << f))) continue;
        size_t o = strlen(buf);
        snprintf(buf + o, n - o, "%s{%s}", o ? ", " : "", field_names[f]);
    }
}

/* Where a field is available, for the message when it is not. */
static const char *field_home(int f)
{
    if (f == BP_TPL_PAGE || f == BP_TPL_PAGES) return "the footer";
    if (f == BP_TPL_TITLE) return "continued";
    return "every text";
}

/* Parses the {name} at src + i (src[i] == '{'); sets *field and *end (one
 * past the '}'). */
static int parse_field(const char *src, size_t i, unsigned allowed, int *field, size_t *end,
                       bp_tpl_error *err)
{
    const char *close = strchr(src + i + 1, '}');
    const char *open = strchr(src + i + 1, '{');
    if (!close || (open && open < close))
        return tpl_err(err, i, 1, "unclosed '{' (write '{{' for a brace)");
    size_t len = (size_t)(close - src - i - 1), n = 0;
    *end = (size_t)(close - src) + 1;
    /* a placeholder's name is a name of the expression language */
    while (n < len && (n ? bp_lex_ident_char(src[i + 1 + n]) : bp_lex_ident_start(src[i + 1])))
        n++;
    for (int f = 0; f < BP_TPL_NFIELDS && n == len; f++) {
        if (strlen(field_names[f]) != len || strncmp(field_names[f], src + i + 1, len)) continue;
        if (!(allowed & (1u << f)))
            return tpl_err(err, i, len + 2, "'{%s}' cannot be used here (only in %s)",
                           field_names[f], field_home(f));
        *field = f;
        return BP_OK;
    }
    char known[160];
    list_fields(allowed, known, sizeof known);
    return tpl_err(err, i, len + 2,
                   "unknown placeholder '{%.*s}' (known here: %s; write {{ for a brace)", (int)len,
                   src + i + 1, known);
}

int tpl_parse(bp_arena *a, const char *src, const char *origin, unsigned allowed,
              const bp_template **out, bp_tpl_error *err)
{
    bp_vec pieces;
    bp_vec_init(&pieces, sizeof(bp_tpl_piece));
    size_t i = 0, n = strlen(src);
    char *lit = bp_alloc(a, n + 1); /* literal text with {{ and }} undone */
    size_t lo = 0, lit_start = 0;
    while (i < n) {
        if ((src[i] == '{' && src[i + 1] == '{') || (src[i] == '}' && src[i + 1] == '}')) {
            lit[lo++] = src[i];
            i += 2;
            continue;
        }
        if (src[i] == '}') return tpl_err(err, i, 1, "unmatched '}' (write '}}' for a brace)");
        if (src[i] != '{') {
            lit[lo++] = src[i++];
            continue;
        }
        int field = -1;
        size_t end = i + 1;
        BP_TRY(parse_field(src, i, allowed, &field, &end, err));
        if (lo > lit_start) {
            bp_tpl_piece *p = bp_vec_push(a, &pieces);
            *p = (bp_tpl_piece){-1, lit + lit_start, lo - lit_start};
        }
        lit_start = lo;
        bp_tpl_piece *p = bp_vec_push(a, &pieces);
        *p = (bp_tpl_piece){field, NULL, 0};
        i = end;
    }
    if (lo > lit_start) {
        bp_tpl_piece *p = bp_vec_push(a, &pieces);
        *p = (bp_tpl_piece){-1, lit + lit_start, lo - lit_start};
    }
    bp_template *t = bp_alloc(a, sizeof *t);
    t->src = bp_strdup(a, src);
    t->origin = origin ? bp_strdup(a, origin) : NULL;
    t->pieces = pieces.items;
    t->npieces = pieces.n;
    *out = t;
    return BP_OK;
}

const bp_template *tpl_must(bp_arena *a, const char *src)
{
    const bp_template *t;
    bp_tpl_error err;
    if (tpl_parse(a, src, NULL, (1u << BP_TPL_NFIELDS) - 1, &t, &err)) {
        fprintf(stderr, "tpl_must: %s: %s\n", src, err.msg);
        abort();
    }
    return t;
}

const char *tpl_expand(bp_arena *a, const bp_template *t, const bp_tpl_values *v)
{
    if (!t) return NULL;
    size_t n = 0;
    for (int i = 0; i < t->npieces; i++) {
        const bp_tpl_piece *p = &t->pieces[i];
        const char *s = p->field < 0 ? NULL : v ? v->v[p->field] : NULL;
        n += p->field < 0 ? p->len : s ? strlen(s) : 0;
    }
    char *out = bp_alloc(a, n + 1);
    size_t o = 0;
    for (int i = 0; i < t->npieces; i++) {
        const bp_tpl_piece *p = &t->pieces[i];
        const char *s = p->field < 0 ? p->text : v ? v->v[p->field] : NULL;
        size_t len = p->field < 0 ? p->len : s ? strlen(s) : 0;
        if (len) memcpy(out + o, s, len);
        o += len;
    }
    out[o] = 0;
    return out;
}

const char *tpl_where(const bp_template *t, const char *fallback)
{
    return t && t->origin ? t->origin : fallback;
}

bool tpl_empty(const bp_template *t)
{
    return !t || !t->src[0];
}

size_t tpl_field_at(const char *s)
{
    if (*s != '{') return 0;
    for (size_t i = 1; i < 64 && s[i]; i++) /* the first } after s, as tpl_find_field */
        if (s[i] == '}') return i > 1 ? i + 1 : 0;
    return 0;
}

const char *tpl_find_field(const char *s, size_t *len)
{
    for (const char *p = s; *p; p++) {
        if (*p != '{') continue;
        const char *q = strchr(p + 1, '}');
        if (!q) return NULL; /* nor after any later { */
        if (q > p + 1 && q - p < 64) {
            *len = (size_t)(q - p + 1);
            return p;
        }
    }
    return NULL;
}
