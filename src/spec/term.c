/* term.c — terms of the expression language shared by check rules and the
 * document's figures (term.h): the parser of TABLE[SELECTOR].column and
 * its row selectors. Their evaluation over bound data is the data stage's
 * (data/term_eval.c). */
#include "term.h"

#include <stdio.h>

#include "expr_lex.h"
#include "i18n.h"
#include <string.h>

int term_vfail(const bp_term_src *s, size_t off, const char *fmt, va_list ap)
{
    char buf[1536];
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    if (n >= (int)sizeof buf) { /* cut: not inside a character */
        size_t len = strlen(buf), start = len;
        while (start > 0 && ((unsigned char)buf[start - 1] & 0xC0) == 0x80)
            start--;
        uint32_t cp;
        if (start > 0 && ((unsigned char)buf[start - 1] & 0x80) &&
            bp_utf8_decode(buf + start - 1, len - start + 1, &cp) == 0)
            buf[start - 1] = 0;
    }
    const char *file = "";
    size_t line = 0, col = 0;
    s->place(s->ctx, off, &file, &line, &col);
    return bp_fail(s->e, BP_EINPUT, _("%s:%zu:%zu: %s"), file, line, col, buf);
}

int term_fail(const bp_term_src *s, size_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = term_vfail(s, off, fmt, ap);
    va_end(ap);
    return rc;
}

void term_node_place(void *ctx, size_t off, const char **file, size_t *line, size_t *col)
{
    bp_term_node *at = ctx;
    yaml_node_t *n = at->n;
    *file = yq_node_origin(at->y, n).file; /* in a merged document, where it was written */
    *line = n->start_mark.line + 1, *col = n->start_mark.column + 1;
    if (n->type == YAML_SCALAR_NODE && n->start_mark.line == n->end_mark.line) {
        yaml_scalar_style_t st = n->data.scalar.style;
        const char *s = (const char *)n->data.scalar.value;
        if (off <= n->data.scalar.length &&
            (st == YAML_PLAIN_SCALAR_STYLE || st == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
             st == YAML_DOUBLE_QUOTED_SCALAR_STYLE))
            *col += bp_utf8_count(s, off) + (st != YAML_PLAIN_SCALAR_STYLE);
    }
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* Trims ASCII spaces from s[*b..*e). */
static void trim(const char *s, size_t *b, size_t *e)
{
    while (*b < *e && bp_lex_space(s[*b]))
        (*b)++;
    while (*e > *b && bp_lex_space(s[*e - 1]))
        (*e)--;
}

/* "did you mean" for an unknown column. */
static const char *suggest_column(const bp_table_spec *t, const char *ref)
{
    const char *best = NULL;
    int bestd = 3;
    for (int i = 0; i < t->ncolumns; i++) {
        int d = yq_distance(ref, t->columns[i].key);
        if (d < bestd) bestd = d, best = t->columns[i].key;
    }
    return best;
}

int term_column(const bp_term_src *src, size_t off, const bp_table_spec *t, const char *ref,
                bool amount, const char *what, int *out)
{
    int i = check_find_column(src->a, t, ref);
    if (i < 0) {
        const char *minus =
            strchr(ref, '-') ? N_(" (write 'a - b', with spaces, to subtract)") : "";
        const char *best = minus[0] ? NULL : suggest_column(t, ref);
        const char *mean = best ? bp_sprintf(src->a, _(" (did you mean '%s'?)"), best) : "";
        return term_fail(src, off, _("%s: no column '%s' in %s%s%s"), _(what), ref,
                         base_name(t->file), mean, minus[0] ? _(minus) : "");
    }
    if (amount && t->columns[i].type != BP_COL_AMOUNT)
        return term_fail(src, off,
                         _("%s: column '%s' of %s is not an amount column (type: amount)"), _(what),
                         t->columns[i].key, base_name(t->file));
    *out = i;
    return BP_OK;
}

int term_table(const bp_term_src *src, size_t off, const char *name, int *out)
{
    const bp_layout_set *set = src->set;
    bp_arena *a = src->a;
    int found = -1, count = 0;
    for (int i = 0; i < set->ntables; i++) {
        const bp_table_spec *t = &set->tables[i];
        if (!strcmp(check_table_stem(a, t), name) || !strcmp(base_name(t->file), name)) {
            *out = i;
            return BP_OK;
        }
    }
    for (int i = 0; i < set->ntables; i++)
        if (!strcmp(check_table_id(a, &set->tables[i]), name)) found = i, count++;
    if (count == 1) {
        *out = found;
        return BP_OK;
    }
    if (count > 1)
        return term_fail(src, off,
                         _("table '%s' is ambiguous: %d tables of the set have that number (write "
                           "the file stem)"),
                         name, count);
    char *list = bp_strdup(a, "");
    for (int i = 0; i < set->ntables; i++)
        list = bp_sprintf(a, "%s%s%s", list, i ? ", " : "", check_table_stem(a, &set->tables[i]));
    return term_fail(src, off, _("no table '%s' in the layout set (tables: %s)"), name, list);
}

/* One selector: "#3", "key=value", "key^=value"; value may be "quoted". */
static int parse_sel(const bp_term_src *src, const char *s, size_t b, size_t e,
                     const bp_table_spec *t, bp_sel *out)
{
    trim(s, &b, &e);
    if (b < e && s[b] == '#') {
        long v = 0;
        size_t i = b + 1;
        if (i == e) return term_fail(src, b, _("row selector '#' needs a row number"));
        for (; i < e; i++) {
            if (s[i] < '0' || s[i] > '9' || v > 1000000)
                return term_fail(src, b, _("row selector '%.*s': '#' takes a row number"),
                                 (int)(e - b), s + b);
            v = v * 10 + (s[i] - '0');
        }
        if (v < 1) return term_fail(src, b, _("row numbers start at #1"));
        out->column = -1;
        out->index = (int)v - 1;
        return BP_OK;
    }
    size_t eq = b;
    while (eq < e && s[eq] != '=')
        eq++;
    if (eq == e)
        return term_fail(src, b,
                         _("row selector '%.*s' must be [column=value], [column^=prefix] or [#n]"),
                         (int)(e - b), s + b);
    size_t kb = b, ke = eq;
    out->prefix = ke > kb && s[ke - 1] == '^';
    if (out->prefix) ke--;
    trim(s, &kb, &ke);
    if (kb == ke) return term_fail(src, b, _("row selector: missing column before '='"));
    const char *key = bp_strndup(src->a, s + kb, ke - kb);
    BP_TRY(term_column(src, kb, t, key, false, N_("row selector"), &out->column));
    size_t vb = eq + 1, ve = e;
    trim(s, &vb, &ve);
    if (ve - vb >= 2 && s[vb] == '"' && s[ve - 1] == '"') vb++, ve--;
    out->value = bp_strndup(src->a, s + vb, ve - vb);
    return BP_OK;
}

/* A phase of term_parse: the selectors [..][..] from s[*i], in table t. */
static int parse_sels(const bp_term_src *src, const char *s, size_t *i, size_t e,
                      const bp_table_spec *t, bp_term *out)
{
    bp_vec sels;
    bp_vec_init(&sels, sizeof(bp_sel));
    while (*i < e && s[*i] == '[') {
        size_t j = *i + 1;
        bool q = false;
        while (j < e && (q || s[j] != ']')) {
            if (s[j] == '"') q = !q;
            j++;
        }
        if (j == e) return term_fail(src, *i, _("unclosed '[' in '%s'"), out->text);
        BP_TRY(parse_sel(src, s, *i + 1, j, t, bp_vec_push(src->a, &sels)));
        *i = j + 1;
    }
    out->sel = sels.items;
    out->nsel = sels.n;
    return BP_OK;
}

int term_parse(const bp_term_src *src, bp_term_mode mode, const char *s, size_t b, size_t e,
               bp_term *out)
{
    out->text = bp_strndup(src->a, s + b, e - b);
    out->table = -1;
    const bp_table_spec *t = src->self;
    size_t i = b;
    if (mode == BP_TERM_ROW) {
        if (memchr(s + b, '[', e - b))
            return term_fail(src, b,
                             _("'%s': a row rule compares the columns of each row; write row "
                               "selectors in a `rule:`"),
                             out->text);
        return term_column(src, b, t, out->text, true, N_("row rule"), &out->column);
    }
    if (mode == BP_TERM_SET) {
        while (i < e && s[i] != '[')
            i++;
        if (i == e || i == b)
            return term_fail(src, b,
                             _("'%s': a term here is TABLE[row].column, for example "
                               "05[name=合计].total"),
                             out->text);
        const char *tname = bp_strndup(src->a, s + b, i - b);
        BP_TRY(term_table(src, b, tname, &out->table));
        t = &src->set->tables[out->table];
    } else if (s[b] != '[') {
        return term_fail(src, b,
                         _("'%s': a term here is [row].column, for example [name=合计].total"),
                         out->text);
    }
    BP_TRY(parse_sels(src, s, &i, e, t, out));
    if (i >= e || s[i] != '.' || i + 1 >= e)
        return term_fail(src, i, _("'%s': expected '.column' after the row selector"), out->text);
    const char *col = bp_strndup(src->a, s + i + 1, e - i - 1);
    return term_column(src, i + 1, t, col, true, src->what ? src->what : N_("rule"), &out->column);
}

/* Whether a term ends at s (outside brackets and quotes). */
static bool term_ends(const char *s, size_t n, unsigned stops)
{
    char ch = s[0];
    if (bp_lex_space(ch) || ch == '+' || bp_lex_cmp(s, n) || bp_lex_mul(s, n) || bp_lex_div(s, n))
        return true;
    if ((stops & BP_TERM_STOP_CALL) && (ch == ',' || ch == '(' || ch == ')')) return true;
    return (stops & BP_TERM_STOP_NEST) && (ch == ',' || ch == ')');
}

int term_scan(const bp_term_src *src, const char *s, size_t len, size_t b, unsigned stops,
              size_t *end)
{
    size_t pos = b;
    int depth = 0;
    bool q = false;
    while (pos < len) {
        char ch = s[pos];
        if (q) {
            if (ch == '"') q = false;
        } else if (ch == '"') {
            q = true;
        } else if (ch == '[') {
            depth++;
        } else if (ch == ']') {
            depth--;
        } else if (depth == 0 && term_ends(s + pos, len - pos, stops)) {
            break;
        }
        pos++;
    }
    if (q || depth) return term_fail(src, b, _("unclosed '[' or '\"' in the rule"));
    if (pos == b)
        return term_fail(src, pos, _("expected a term before '%.*s'"),
                         (int)bp_lex_char_len(s + pos), s + pos);
    *end = pos;
    return BP_OK;
}

const char *term_sel_text(bp_arena *a, const bp_table_spec *t, const bp_term *term)
{
    char *s = bp_strdup(a, "");
    for (int i = 0; i < term->nsel; i++) {
        const bp_sel *sl = &term->sel[i];
        if (sl->column < 0)
            s = bp_sprintf(a, "%s[#%d]", s, sl->index + 1);
        else
            s = bp_sprintf(a, "%s[%s%s%s]", s, t->columns[sl->column].key, sl->prefix ? "^=" : "=",
                           sl->value);
    }
    return s;
}
