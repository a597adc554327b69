/* layout_whole_plan.c — the order of the whole document's body
 * (layout_whole.h): the text split at its table markers (doc_place.h),
 * each marker's tables found in the set, the annex given the tables placed
 * nowhere else, and the 目录 entries in that order. */
#include "layout_whole.h"

#include <string.h>

#include "doc_place.h"
#include "term.h"

/* Where a marker is, for term_table's messages: its `{{`. */
typedef struct marker_at {
    const char *file;
    int line, col;
} marker_at;

static void marker_place(void *ud, size_t off, const char **file, size_t *line, size_t *col)
{
    (void)off;
    const marker_at *m = ud;
    *file = m->file, *line = (size_t)m->line, *col = (size_t)m->col;
}

/* The plan being made. */
typedef struct planner {
    bp_layout_ctx *ctx;
    const bp_text *body;
    bp_vec runs; /* whole_run */
    int *placed; /* per table of the set: 0, or the line of its marker */
    int annex;   /* the annex's run, -1: none yet */
    marker_at annex_at;
    int level;    /* under the last heading: 0, part 1, section 2 */
    marker_at at; /* the marker being read */
} planner;

static int plan_fail(planner *P, const char *fmt, const char *arg)
{
    return bp_fail(P->ctx->c->e, BP_EINPUT, "%s:%d:%d: %s", P->at.file, P->at.line, P->at.col,
                   bp_sprintf(P->ctx->c->a, fmt, arg));
}

static whole_run *push(planner *P, whole_run_kind kind)
{
    whole_run *r = bp_vec_push(P->ctx->c->a, &P->runs);
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->level = P->level;
    return r;
}

/* `table ID, ID …`: the tables named, each once in the document. */
static int read_tables(planner *P, const char *w, size_t len)
{
    bp_arena *a = P->ctx->c->a;
    bp_term_src src = {a, P->ctx->c->e, P->ctx->set, NULL, marker_place, &P->at, NULL};
    whole_run *r = push(P, WHOLE_TABLES);
    r->tables = bp_alloc(a, (size_t)P->ctx->set->ntables * sizeof *r->tables);
    for (size_t i = strlen("table"); i < len;) {
        while (i < len && (w[i] == ' ' || w[i] == ',' || w[i] == '\t'))
            i++;
        size_t j = i;
        while (j < len && w[j] != ' ' && w[j] != ',' && w[j] != '\t')
            j++;
        if (j == i) break;
        const char *name = bp_strndup(a, w + i, j - i);
        int t;
        BP_TRY(term_table(&src, 0, name, &t));
        if (P->placed[t])
            return plan_fail(P, "table '%s' is placed twice (a table appears once in the document)",
                             name);
        P->placed[t] = P->at.line;
        r->tables[r->ntables++] = t;
        i = j;
    }
    if (!r->ntables)
        return plan_fail(P,
                         "%s: name the tables to place here ({{ table 01 }}, {{ table 01, 02 }})",
                         "{{ table }}");
    return BP_OK;
}

static int read_marker(planner *P, const bp_block *b, const doc_marker *m)
{
    doc_text_place(b, m->off, &P->at.line, &P->at.col);
    const char *w = bp_strndup(P->ctx->c->a, m->words, m->len);
    if (!strncmp(w, "table", 5)) return read_tables(P, w, m->len);
    if (strcmp(w, "annex"))
        return plan_fail(P, "{{ %s }}: a table marker is {{ table 01 }} or {{ annex }}", w);
    if (P->annex >= 0) return plan_fail(P, "%s: the annex is placed twice", "{{ annex }}");
    push(P, WHOLE_ANNEX);
    P->annex = P->runs.n - 1;
    P->annex_at = P->at;
    return BP_OK;
}

static void text_run(planner *P, int from, int to)
{
    if (to <= from) return;
    whole_run *r = push(P, WHOLE_TEXT);
    r->text = *P->body;
    r->text.blocks = P->body->blocks + from;
    r->text.nblocks = to - from;
}

/* The annex's tables: those placed nowhere else, in the set's order. */
static int annex_tables(planner *P)
{
    const bp_layout_set *set = P->ctx->set;
    int *left = bp_alloc(P->ctx->c->a, (size_t)(set->ntables + 1) * sizeof *left), n = 0;
    for (int i = 0; i < set->ntables; i++)
        if (!P->placed[i]) left[n++] = i;
    if (P->annex < 0 && n) {
        P->level = 0;
        push(P, WHOLE_ANNEX);
        P->annex = P->runs.n - 1;
    }
    if (P->annex < 0) return BP_OK;
    whole_run *r = (whole_run *)P->runs.items + P->annex;
    P->at = P->annex_at;
    if (!n)
        return plan_fail(P, "%s: every table is placed in the text, none is left for the annex",
                         "{{ annex }}");
    r->tables = left, r->ntables = n;
    return BP_OK;
}

int whole_plan_make(bp_layout_ctx *ctx, const bp_text *body, whole_plan *out)
{
    planner P = {.ctx = ctx, .body = body, .annex = -1, .at = {body->file, 0, 0}};
    bp_vec_init(&P.runs, sizeof(whole_run));
    P.placed = bp_alloc(ctx->c->a, (size_t)(ctx->set->ntables + 1) * sizeof *P.placed);
    memset(P.placed, 0, (size_t)(ctx->set->ntables + 1) * sizeof *P.placed);
    int from = 0;
    for (int i = 0; i < body->nblocks; i++) {
        const bp_block *b = &body->blocks[i];
        if (b->kind == BP_DOC_PART || b->kind == BP_DOC_SECTION)
            P.level = b->kind == BP_DOC_PART ? 1 : 2;
        if (!b->place) continue;
        text_run(&P, from, i);
        from = i + 1;
        int n;
        doc_marker *m = doc_place_markers(ctx->c->a, b, &n);
        for (int k = 0; k < n; k++)
            BP_TRY(read_marker(&P, b, &m[k]));
    }
    text_run(&P, from, body->nblocks);
    BP_TRY(annex_tables(&P));
    out->runs = P.runs.items;
    out->nruns = P.runs.n;
    return BP_OK;
}

bool whole_annex_entry(const bp_doc_style *st)
{
    return !tpl_empty(st->annex_entry);
}

static bp_toc_entry *entry(bp_vec *v, bp_arena *a, const char *text, int level, int table)
{
    bp_toc_entry *e = bp_vec_push(a, v);
    memset(e, 0, sizeof *e);
    *e = (bp_toc_entry){.text = text, .level = level, .table = table};
    e->role = level ? BP_ROLE_BODY : BP_ROLE_TITLE;
    return e;
}

static void table_entries(bp_layout_ctx *ctx, bp_vec *v, const whole_run *r, int level)
{
    for (int k = 0; k < r->ntables; k++) {
        const bp_table_spec *ts = &ctx->set->tables[r->tables[k]];
        const char *text = layout_expand(ctx->c->a, ts->contents ? ts->contents : ts->title,
                                         ctx->dept, -1, -1, NULL);
        entry(v, ctx->c->a, text, level, r->tables[k] + 1)->role = BP_ROLE_BODY;
    }
}

int whole_toc_entries(bp_layout_ctx *ctx, const bp_doc_style *st, const whole_plan *p,
                      bp_toc_entry **out, int *n)
{
    bp_arena *a = ctx->c->a;
    bp_vec v;
    bp_vec_init(&v, sizeof(bp_toc_entry));
    for (int i = 0; i < p->nruns; i++) {
        const whole_run *r = &p->runs[i];
        const bp_text *t = &r->text;
        for (int b = 0; r->kind == WHOLE_TEXT && b < t->nblocks; b++)
            if (t->blocks[b].kind == BP_DOC_PART || t->blocks[b].kind == BP_DOC_SECTION)
                entry(&v, a, layout_one_line(a, t->blocks[b].text),
                      t->blocks[b].kind == BP_DOC_PART ? 0 : 1, 0);
        if (r->kind == WHOLE_TABLES) table_entries(ctx, &v, r, r->level);
        if (r->kind != WHOLE_ANNEX) continue;
        bool own = whole_annex_entry(st);
        if (own)
            entry(&v, a, layout_expand(a, st->annex_entry, ctx->dept, -1, -1, NULL), r->level, 0);
        table_entries(ctx, &v, r, r->level + (own ? 1 : 0));
    }
    bp_toc_entry *en = v.items;
    for (int i = 0; i < v.n; i++)
        BP_TRY(layout_check_text(ctx, en[i].role, en[i].text, "a contents entry"));
    *out = en;
    *n = v.n;
    return BP_OK;
}
