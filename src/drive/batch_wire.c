/* batch_wire.c — a batch department's result as bytes, from the worker
 * process that read or rendered it to the batch (batch_pool.c): status,
 * pages, bytes, milliseconds, signal, code, name, message and findings in
 * one length-prefixed frame. The decoder checks every length against the
 * frame, since a worker about to crash may have written anything. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "batch_priv.h"

typedef struct wbuf {
    char *p;
    size_t n, cap;
    bool oom;
} wbuf;

static void put(wbuf *b, const void *x, size_t n)
{
    if (b->oom) return;
    if (b->n + n > b->cap) {
        size_t cap = (b->n + n) * 2;
        char *p = cap <= BATCH_WIRE_MAX ? realloc(b->p, cap) : NULL;
        if (!p) {
            b->oom = true;
            return;
        }
        b->p = p, b->cap = cap;
    }
    memcpy(b->p + b->n, x, n);
    b->n += n;
}

static void put_i32(wbuf *b, int32_t v)
{
    put(b, &v, sizeof v);
}

/* A string: its length (-1: NULL), then its bytes. */
static void put_str(wbuf *b, const char *s)
{
    put_i32(b, s ? (int32_t)strlen(s) : -1);
    if (s) put(b, s, strlen(s));
}

static void put_finding(wbuf *b, const budgetpdf_finding *f)
{
    const char *strs[] = {f->kind,   f->rule,     f->table_id, f->table_name, f->row,
                          f->column, f->expected, f->found,    f->relation,   f->tolerance,
                          f->unit,   f->where,    f->message};
    put_i32(b, f->severity);
    put_i32(b, f->table);
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        put_str(b, strs[i]);
    put_i32(b, f->ncells);
    for (int i = 0; i < f->ncells; i++) {
        const budgetpdf_finding_cell *c = &f->cells[i];
        int32_t v[4] = {c->table, c->row, c->column, c->wrong};
        put(b, v, sizeof v);
        put_str(b, c->where);
    }
}

char *batch_wire_encode(const batch_dept *d, int index, size_t *len)
{
    wbuf b = {NULL, 0, 0, false};
    put_i32(&b, 0); /* the length, below */
    int32_t head[5] = {index, d->status, d->pages, d->signal, d->findings_lost};
    put(&b, head, sizeof head);
    int64_t bytes = d->bytes;
    put(&b, &bytes, sizeof bytes);
    put(&b, &d->ms, sizeof d->ms);
    put_str(&b, d->code);
    put_str(&b, d->name);
    put_str(&b, d->message);
    put_i32(&b, d->nfindings);
    for (int i = 0; i < d->nfindings; i++)
        put_finding(&b, &d->findings[i]);
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    uint32_t n = (uint32_t)(b.n - sizeof n);
    memcpy(b.p, &n, sizeof n);
    *len = b.n;
    return b.p;
}

/* ---- decoding ---- */

typedef struct rbuf {
    const char *p;
    size_t n, at;
    bool bad;
} rbuf;

static void get(rbuf *r, void *x, size_t n)
{
    if (r->bad || r->n - r->at < n) {
        r->bad = true;
        memset(x, 0, n);
        return;
    }
    memcpy(x, r->p + r->at, n);
    r->at += n;
}

static int32_t get_i32(rbuf *r)
{
    int32_t v;
    get(r, &v, sizeof v);
    return v;
}

/* A string of the frame as a heap copy (NULL for NULL); *oom set when
 * memory runs out (the string is then skipped). */
static char *get_dup(rbuf *r, bool *oom)
{
    int32_t n = get_i32(r);
    if (r->bad || n < 0) return NULL;
    if ((size_t)n > r->n - r->at) {
        r->bad = true;
        return NULL;
    }
    char *s = malloc((size_t)n + 1);
    if (s) {
        memcpy(s, r->p + r->at, (size_t)n);
        s[n] = 0;
    } else {
        *oom = true;
    }
    r->at += (size_t)n;
    return s;
}

/* One finding into d (batch_keep_finding copies it). */
static void get_finding(rbuf *r, batch_dept *d, bool *oom)
{
    enum { NS = 13 };
    char *str[NS];
    budgetpdf_finding f;
    memset(&f, 0, sizeof f);
    f.severity = get_i32(r);
    f.table = get_i32(r);
    for (int i = 0; i < NS; i++)
        str[i] = get_dup(r, oom);
    const char **dst[NS] = {&f.kind,   &f.rule,     &f.table_id, &f.table_name, &f.row,
                            &f.column, &f.expected, &f.found,    &f.relation,   &f.tolerance,
                            &f.unit,   &f.where,    &f.message};
    for (int i = 0; i < NS; i++)
        *dst[i] = str[i];
    int32_t ncells = get_i32(r);
    budgetpdf_finding_cell *cells = NULL;
    /* a cell takes at least 20 bytes of the frame */
    if (!r->bad && (ncells < 0 || (size_t)ncells > (r->n - r->at) / 20)) r->bad = true;
    if (!r->bad && ncells > 0 && !(cells = calloc((size_t)ncells, sizeof *cells))) *oom = true;
    int got = 0;
    for (; !r->bad && cells && got < ncells; got++) {
        int32_t v[4];
        get(r, v, sizeof v);
        cells[got] = (budgetpdf_finding_cell){v[0], v[1], v[2], v[3], get_dup(r, oom)};
    }
    f.cells = cells;
    f.ncells = ncells > 0 ? ncells : 0;
    if (!r->bad && !*oom) batch_keep_finding(d, &f);
    for (int i = 0; i < got; i++)
        free((char *)cells[i].where);
    free(cells);
    for (int i = 0; i < NS; i++)
        free(str[i]);
}

int batch_wire_decode(const char *p, size_t n, int index, batch_dept *t)
{
    rbuf r = {p, n, 0, false};
    int32_t head[5];
    get(&r, head, sizeof head);
    if (r.bad || head[0] != index) return BP_EINPUT;
    int64_t bytes;
    get(&r, &bytes, sizeof bytes);
    get(&r, &t->ms, sizeof t->ms);
    t->status = head[1];
    t->pages = head[2];
    t->signal = head[3];
    t->findings_lost = head[4] != 0;
    t->bytes = bytes;
    bool oom = false;
    char *code = get_dup(&r, &oom), *name = get_dup(&r, &oom), *msg = get_dup(&r, &oom);
    if (code || name) { /* a name job: the department's code and name */
        free(t->code);
        free(t->name);
        t->code = code ? code : batch_strdup("");
        t->name = name ? name : batch_strdup("");
        if (!t->code || !t->name) oom = true;
    }
    free(t->message);
    t->message = msg;
    int32_t nf = get_i32(&r);
    if (!r.bad && (nf < 0 || (size_t)nf > r.n - r.at)) r.bad = true;
    for (int i = 0; !r.bad && !oom && i < nf; i++)
        get_finding(&r, t, &oom);
    if (oom) t->findings_lost = true;
    if (r.bad) return BP_EINPUT;
    return oom && (!t->code || !t->name) ? BP_ERESOURCE : BP_OK;
}
