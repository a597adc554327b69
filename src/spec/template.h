/* template.h — the text templates of layouts: every text a layout prints
 * (titles, captions, header cells, notes, empty_note, cover, contents,
 * footer) is parsed once, at load time, into literal and field pieces;
 * an unknown or unavailable {name} is an error there. The layout stage
 * expands the pieces with a department's values; the check stage expands
 * them the same way and finds leftover {names} in text with tpl_find_field.
 *
 * Syntax: {name} is replaced by the field's value; {{ and }} print { and }.
 * Names: department, code, year, unit (everywhere), page and pages (the
 * footer), title (the continued title). */
#ifndef BP_TEMPLATE_H
#define BP_TEMPLATE_H

#include "util.h"

typedef enum {
    BP_TPL_DEPARTMENT,
    BP_TPL_CODE,
    BP_TPL_YEAR,
    BP_TPL_UNIT,
    BP_TPL_PAGE,
    BP_TPL_PAGES,
    BP_TPL_TITLE,
    BP_TPL_NFIELDS
} bp_tpl_field;

/* Sets of fields a text may use (bit 1 << field). */
#define BP_TPL_DEPT_FIELDS                                                                         \
    ((1u << BP_TPL_DEPARTMENT) | (1u << BP_TPL_CODE) | (1u << BP_TPL_YEAR) | (1u << BP_TPL_UNIT))
#define BP_TPL_FOOTER_FIELDS (BP_TPL_DEPT_FIELDS | (1u << BP_TPL_PAGE) | (1u << BP_TPL_PAGES))
#define BP_TPL_CONTINUED_FIELDS (BP_TPL_DEPT_FIELDS | (1u << BP_TPL_TITLE))

typedef struct bp_tpl_piece {
    int field; /* -1: literal text */
    const char *text;
    size_t len;
} bp_tpl_piece;

typedef struct bp_template {
    const char *src;    /* the text as written */
    const char *origin; /* "file:line:column" where it was written; NULL: built in */
    const bp_tpl_piece *pieces;
    int npieces;
} bp_template;

/* Where and why a template did not parse: the bad part of src is
 * src[offset, offset + len). */
typedef struct bp_tpl_error {
    size_t offset, len;
    char msg[256];
} bp_tpl_error;

/* The values of the fields for one expansion; NULL expands to "". */
typedef struct bp_tpl_values {
    const char *v[BP_TPL_NFIELDS];
} bp_tpl_values;

/* The name of a field ("department"). */
const char *tpl_field_name(bp_tpl_field f);
/* Parses src, written at origin (NULL: built in); a field outside
 * `allowed` (a set of BP_TPL_* bits) is an error. BP_OK, or BP_EINPUT with
 * err filled. */
int tpl_parse(bp_arena *a, const char *src, const char *origin, unsigned allowed,
              const bp_template **out, bp_tpl_error *err);
/* Where t was written, for messages; fallback when unknown. */
const char *tpl_where(const bp_template *t, const char *fallback);
/* A template of src that must parse with every field allowed (tests, and
 * built-in defaults); aborts otherwise. */
const bp_template *tpl_must(bp_arena *a, const char *src);
/* The text of t with the values; NULL for a NULL template. */
const char *tpl_expand(bp_arena *a, const bp_template *t, const bp_tpl_values *v);
/* True for NULL and for a template of "". */
bool tpl_empty(const bp_template *t);
/* The first {name} left in expanded text (a leftover placeholder: braces
 * around 1..62 bytes), or NULL; *len is its length, braces included. */
const char *tpl_find_field(const char *s, size_t *len);
/* The length of the {name} that tpl_find_field would find starting at s
 * itself, or 0: it reads at most the 64 bytes after s, so scanning a long
 * text for fields at each of its places costs time linear in its length. */
size_t tpl_field_at(const char *s);

#endif
