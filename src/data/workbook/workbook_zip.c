/* workbook_zip.c — one part of an .xlsx archive streamed through expat:
 * read in chunks with zip_fread, never whole, within the limits of
 * workbook.h (an absolute size and a compression ratio, checked on the
 * sizes the archive declares and again on the bytes as they inflate), with
 * every DOCTYPE refused (no entity can be declared, so none can expand).
 * Nothing of the archive is written to disk. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "workbook_xlsx.h"

#define CHUNK (64u << 10)

const char *wb_local_name(const char *n)
{
    const char *l = n; /* names are short: a loop beats strrchr's call */
    for (; *n; n++)
        if (*n == ':') l = n + 1;
    return l;
}

const char *wb_attr(const char **atts, const char *name)
{
    for (; atts && atts[0]; atts += 2)
        if (wb_name_is(wb_local_name(atts[0]), name)) return atts[1];
    return NULL;
}

void wb_xlsx_stop(wb_xlsx *x, int code)
{
    if (!x->rc) x->rc = code;
    XML_StopParser(x->p, XML_FALSE);
}

/* "<workbook>: <place> (<part>:line:col): <msg>", or without a place
 * (neither given nor x->place's) "<workbook>: <part>:line:col: <msg>". */
static int fail_msg(wb_xlsx *x, int code, const char *place, const char *msg)
{
    char here[512] = "";
    if (!place && x->place) {
        x->place(x, here, sizeof here);
        place = here;
    }
    unsigned long line = XML_GetCurrentLineNumber(x->p), col = XML_GetCurrentColumnNumber(x->p) + 1;
    if (place && *place)
        return bp_fail(x->e, code, "%s: %s (%s:%lu:%lu): %s", x->shown, place, x->part, line, col,
                       msg);
    return bp_fail(x->e, code, "%s: %s:%lu:%lu: %s", x->shown, x->part, line, col, msg);
}

static void vfail(wb_xlsx *x, int code, const char *place, const char *fmt, va_list ap)
{
    if (x->rc) return; /* the first error stands */
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    fail_msg(x, code, place, msg);
    wb_xlsx_stop(x, code);
}

void wb_xlsx_fail(wb_xlsx *x, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(x, code, NULL, fmt, ap);
    va_end(ap);
}

void wb_xlsx_fail_at(wb_xlsx *x, int code, const char *place, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(x, code, place, fmt, ap);
    va_end(ap);
}

void wb_text_begin(wb_xlsx *x)
{
    x->collecting = true;
    x->ntext = 0;
}

const char *wb_text_end(wb_xlsx *x)
{
    x->collecting = false;
    if (!x->text) return "";
    x->text[x->ntext] = 0;
    return x->text;
}

static void on_chars(void *ud, const XML_Char *s, int len)
{
    wb_xlsx *x = ud;
    if (!x->collecting || x->rc) return;
    size_t need = x->ntext + (size_t)len + 1;
    if (need > WB_MAX_TEXT_BYTES + 1) {
        wb_xlsx_fail(x, BP_EINPUT, "a text over %d bytes; the limit is %d (docs/limits.md)",
                     WB_MAX_TEXT_BYTES, WB_MAX_TEXT_BYTES);
        return;
    }
    if (need > x->captext) {
        size_t cap = x->captext ? x->captext : 256;
        while (cap < need)
            cap *= 2;
        char *t = bp_alloc(x->a, cap);
        if (x->ntext) memcpy(t, x->text, x->ntext);
        x->text = t, x->captext = cap;
    }
    memcpy(x->text + x->ntext, s, (size_t)len);
    x->ntext += (size_t)len;
}

/* The handlers of one stream: the caller's, called with local names,
 * each under a guard of its own unless the handlers guard what they
 * allocate themselves (self_guarded). */
typedef struct stream {
    wb_xlsx *x;
    wb_start_fn start;
    wb_end_fn end;
    void *ud;
    bool self_guarded;
} stream;

/* One callback of expat, run under a guard of its own: an allocation that
 * fails must not jump out through expat's frames (expat 2.5 then believes
 * it is still inside a handler and XML_ParserFree frees nothing), so it
 * stops the parse with BP_ERESOURCE instead. */
typedef struct callback {
    stream *st;
    const char *name; /* start, end */
    const char **atts;
    const char *s; /* character data */
    int len;
} callback;

static int run_start(bp_arena *a, void *ctx)
{
    (void)a;
    callback *c = ctx;
    c->st->start(c->st->x, c->st->ud, wb_local_name(c->name), c->atts);
    return BP_OK;
}

static int run_end(bp_arena *a, void *ctx)
{
    (void)a;
    callback *c = ctx;
    c->st->end(c->st->x, c->st->ud, wb_local_name(c->name));
    return BP_OK;
}

static int run_chars(bp_arena *a, void *ctx)
{
    (void)a;
    callback *c = ctx;
    on_chars(c->st->x, c->s, c->len);
    return BP_OK;
}

void wb_xlsx_guarded(wb_xlsx *x, int (*fn)(bp_arena *a, void *ctx), void *ctx)
{
    if (x->rc) return;
    int rc = bp_arena_guard(x->a, fn, ctx, x->shown, x->e);
    if (rc) wb_xlsx_stop(x, rc);
}

static void on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    stream *st = ud;
    callback c = {.st = st, .name = name, .atts = atts};
    if (!st->self_guarded)
        wb_xlsx_guarded(st->x, run_start, &c);
    else if (!st->x->rc)
        run_start(st->x->a, &c);
}

static void on_end(void *ud, const XML_Char *name)
{
    stream *st = ud;
    callback c = {.st = st, .name = name};
    if (!st->end) return;
    if (!st->self_guarded)
        wb_xlsx_guarded(st->x, run_end, &c);
    else if (!st->x->rc)
        run_end(st->x->a, &c);
}

static void on_chars_stream(void *ud, const XML_Char *s, int len)
{
    wb_xlsx *x = ((stream *)ud)->x;
    if (!x->collecting || x->rc) return;
    size_t need = x->ntext + (size_t)len + 1;
    if (need <= x->captext && need <= WB_MAX_TEXT_BYTES + 1) { /* room: nothing to allocate */
        memcpy(x->text + x->ntext, s, (size_t)len);
        x->ntext += (size_t)len;
        return;
    }
    callback c = {.st = ud, .s = s, .len = len};
    wb_xlsx_guarded(x, run_chars, &c);
}

static void on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
                       int has_internal_subset)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
    wb_xlsx_fail(((stream *)ud)->x, BP_EINPUT,
                 "a DOCTYPE declaration, which no spreadsheet writes (entity declarations "
                 "could expand without end or reach outside the file); refused");
}

static void on_entity(void *ud, const XML_Char *name, int is_param, const XML_Char *value,
                      int value_len, const XML_Char *base, const XML_Char *sysid,
                      const XML_Char *pubid, const XML_Char *notation)
{
    (void)is_param, (void)value, (void)value_len, (void)base, (void)sysid, (void)pubid,
        (void)notation;
    wb_xlsx_fail(((stream *)ud)->x, BP_EINPUT, "an entity declaration (%s); refused", name);
}

static void free_parser(void *p)
{
    XML_ParserFree(p);
}

static void close_file(void *p)
{
    zip_fclose(p);
}

/* The declared sizes of part idx, checked against the limits. */
static int check_declared(wb_xlsx *x, zip_int64_t idx, zip_uint64_t *comp)
{
    zip_stat_t zs;
    zip_stat_init(&zs);
    if (zip_stat_index(x->z, (zip_uint64_t)idx, 0, &zs) != 0)
        return bp_fail(x->e, BP_EINPUT, "%s: %s: unreadable zip entry: %s", x->shown, x->part,
                       zip_strerror(x->z));
    *comp = (zs.valid & ZIP_STAT_COMP_SIZE) ? zs.comp_size : 0;
    if (!(zs.valid & ZIP_STAT_SIZE)) return BP_OK;
    if (zs.size > BP_WB_MAX_PART_BYTES)
        return bp_fail(x->e, BP_EINPUT,
                       "%s: %s: the part is %llu bytes uncompressed; the limit is %u "
                       "(docs/limits.md)",
                       x->shown, x->part, (unsigned long long)zs.size, BP_WB_MAX_PART_BYTES);
    if (zs.size > WB_RATIO_FLOOR && zs.size / (*comp ? *comp : 1) > BP_WB_MAX_RATIO)
        return bp_fail(x->e, BP_EINPUT,
                       "%s: %s: the part inflates %llu times (%llu bytes compressed, %llu "
                       "uncompressed); the limit is %d: a zip bomb? (docs/limits.md)",
                       x->shown, x->part, (unsigned long long)(zs.size / (*comp ? *comp : 1)),
                       (unsigned long long)*comp, (unsigned long long)zs.size, BP_WB_MAX_RATIO);
    return BP_OK;
}

/* The limits again on the bytes inflated so far (the declared sizes may
 * lie), and on the whole workbook's. */
static int check_inflated(wb_xlsx *x, zip_uint64_t total, zip_uint64_t comp)
{
    if (x->inflated > WB_MAX_BOOK_BYTES)
        return bp_fail(x->e, BP_EINPUT,
                       "%s: %s: the workbook's parts inflate to more than %u bytes together, "
                       "the limit (docs/limits.md)",
                       x->shown, x->part, WB_MAX_BOOK_BYTES);
    if (total > BP_WB_MAX_PART_BYTES)
        return bp_fail(x->e, BP_EINPUT,
                       "%s: %s: the part inflates to more than %u bytes, the limit "
                       "(docs/limits.md)",
                       x->shown, x->part, BP_WB_MAX_PART_BYTES);
    if (total > WB_RATIO_FLOOR && total / (comp ? comp : 1) > BP_WB_MAX_RATIO)
        return bp_fail(x->e, BP_EINPUT,
                       "%s: %s: the part inflates more than %d times its compressed %llu "
                       "bytes: a zip bomb? (docs/limits.md)",
                       x->shown, x->part, BP_WB_MAX_RATIO, (unsigned long long)comp);
    return BP_OK;
}

static int parse_error(wb_xlsx *x)
{
    if (x->rc) return x->rc;
    enum XML_Error err = XML_GetErrorCode(x->p);
    int code = err == XML_ERROR_NO_MEMORY ? BP_ERESOURCE : BP_EINPUT;
    char msg[256];
    snprintf(msg, sizeof msg, "not well-formed XML: %s", XML_ErrorString(err));
    return fail_msg(x, code, NULL, msg);
}

static XML_Parser new_parser(wb_xlsx *x, stream *st)
{
    XML_Parser p = XML_ParserCreate(NULL);
    if (!p) bp_arena_oom(x->a, 0);
    XML_SetUserData(p, st);
    XML_SetElementHandler(p, on_start, on_end);
    XML_SetCharacterDataHandler(p, on_chars_stream);
    XML_SetStartDoctypeDeclHandler(p, on_doctype);
    XML_SetEntityDeclHandler(p, on_entity);
    XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
    return p;
}

/* Inflates the open part f chunk by chunk into x->p. */
static int pump(wb_xlsx *x, zip_file_t *f, zip_uint64_t comp)
{
    if (!x->chunk)
        x->chunk = bp_alloc(x->a, CHUNK); /* not one per part: a workbook may list
                                             thousands of parts */
    char *buf = x->chunk;
    zip_uint64_t total = 0;
    for (;;) {
        zip_int64_t n = zip_fread(f, buf, CHUNK);
        if (n < 0)
            return bp_fail(x->e, BP_EINPUT, "%s: %s: the zip archive is corrupt or truncated: %s",
                           x->shown, x->part, zip_file_strerror(f));
        total += (zip_uint64_t)n;
        x->inflated += (zip_uint64_t)n;
        BP_TRY(check_inflated(x, total, comp));
        if (XML_Parse(x->p, buf, (int)n, n == 0) != XML_STATUS_OK) return parse_error(x);
        if (x->rc) return x->rc;
        if (n == 0) return BP_OK;
    }
}

static int stream_part(wb_xlsx *x, const char *name, stream st, bool *found)
{
    x->part = name;
    x->rc = 0;
    x->collecting = false;
    zip_int64_t idx = zip_name_locate(x->z, name, ZIP_FL_NOCASE);
    if (found) *found = idx >= 0;
    if (idx < 0) {
        if (found) return BP_OK;
        return bp_fail(x->e, BP_EINPUT, "%s: the part %s is missing: not an .xlsx workbook?",
                       x->shown, name);
    }
    zip_uint64_t comp = 0;
    BP_TRY(check_declared(x, idx, &comp));
    bp_cleanup *pc = bp_arena_defer(x->a, free_parser);
    bp_cleanup *fc = bp_arena_defer(x->a, close_file);
    x->p = new_parser(x, &st);
    pc->p = x->p;
    zip_file_t *f = zip_fopen_index(x->z, (zip_uint64_t)idx, 0);
    int rc;
    if (!f)
        rc = bp_fail(x->e, BP_EINPUT, "%s: %s: cannot read the part: %s", x->shown, name,
                     zip_strerror(x->z));
    else {
        fc->p = f;
        rc = pump(x, f, comp);
        zip_fclose(f);
        fc->p = NULL;
    }
    XML_ParserFree(x->p);
    pc->p = NULL;
    x->p = NULL;
    return rc;
}

int wb_xlsx_stream(wb_xlsx *x, const char *name, wb_start_fn start, wb_end_fn end, void *ud,
                   bool *found)
{
    return stream_part(x, name, (stream){x, start, end, ud, false}, found);
}

int wb_xlsx_stream_self_guarded(wb_xlsx *x, const char *name, wb_start_fn start, wb_end_fn end,
                                void *ud, bool *found)
{
    return stream_part(x, name, (stream){x, start, end, ud, true}, found);
}

/* _xHHHH_ escapes of OOXML text (a character XML cannot hold) undone. */
char *wb_unescape(bp_arena *a, const char *s)
{
    if (!strstr(s, "_x")) return (char *)s;
    char *out = bp_alloc(a, strlen(s) + 1), *o = out;
    while (*s) {
        unsigned v = 0;
        int i = 2;
        if (s[0] == '_' && s[1] == 'x') {
            for (; i < 6; i++) {
                char c = s[i];
                int d = c >= '0' && c <= '9'   ? c - '0'
                        : c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                               : -1;
                if (d < 0) break;
                v = v * 16 + (unsigned)d;
            }
        }
        if (i == 6 && s[6] == '_' && v != 0 && (v < 0xD800 || v > 0xDFFF)) {
            o += bp_utf8_encode(v, o); /* at most 3 bytes for v <= 0xFFFF: fits in 7 */
            s += 7;
        } else
            *o++ = *s++;
    }
    *o = 0;
    return out;
}
