/* report.c — the check report's marks (report.h): keeps the findings of a
 * check run, finds the boxes the layout drew for the cells each involves
 * (the display list's sources), frames them on their pages and adds a note
 * per finding, then the summary pages (report_summary.c) and 校验报告
 * outside the trim of every page. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "layout_priv.h"

#define SLUG_MARGIN (10 * BP_MM) /* paper around the trim for the slug */

static const char *dup_or_null(bp_arena *a, const char *s)
{
    return s ? bp_strdup(a, s) : NULL;
}

void report_init(bp_report *r, bp_arena *a, const char *dept_dir)
{
    memset(r, 0, sizeof *r);
    r->a = a;
    r->dept_dir = dept_dir;
    bp_vec_init(&r->findings, sizeof(bp_finding));
}

void report_keep(bp_report *r, const bp_finding *f)
{
    bp_arena *a = r->a;
    bp_finding *k = bp_vec_push(a, &r->findings);
    *k = *f;
    const char **strs[] = {&k->kind,   &k->rule,     &k->table_id, &k->table_name, &k->row,
                           &k->column, &k->expected, &k->found,    &k->relation,   &k->tolerance,
                           &k->unit,   &k->where,    &k->message};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        *strs[i] = dup_or_null(a, *strs[i]);
    bp_finding_cell *cells = bp_alloc(a, (size_t)(f->ncells ? f->ncells : 1) * sizeof *cells);
    for (int i = 0; i < f->ncells; i++) {
        cells[i] = f->cells[i];
        cells[i].where = dup_or_null(a, f->cells[i].where);
    }
    k->cells = cells;
}

/* ---- the cells' boxes ------------------------------------------------- */

/* The sources sorted by cell, then page (then drawing order): the boxes
 * of a cell are a run. */
typedef struct box_key {
    int table, row, col, page, i; /* i: the index in doc->sources */
} box_key;

typedef struct box_index {
    const bp_dl_source *s; /* doc->sources */
    box_key *keys;
    int n;
} box_index;

static int cmp_cell(const box_key *a, int table, int row, int col)
{
    if (a->table != table) return a->table < table ? -1 : 1;
    if (a->row != row) return a->row < row ? -1 : 1;
    if (a->col != col) return a->col < col ? -1 : 1;
    return 0;
}

static int cmp_key(const void *x, const void *y)
{
    const box_key *a = x, *b = y;
    int c = cmp_cell(a, b->table, b->row, b->col);
    if (c) return c;
    if (a->page != b->page) return a->page < b->page ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

static void index_boxes(bp_arena *a, const bp_doc *doc, box_index *ix)
{
    ix->s = doc->sources.items;
    ix->n = doc->sources.n;
    ix->keys = bp_alloc(a, (size_t)(ix->n ? ix->n : 1) * sizeof *ix->keys);
    for (int i = 0; i < ix->n; i++) {
        const bp_dl_source *s = &ix->s[i];
        ix->keys[i] = (box_key){s->table, s->row, s->col, s->page, i};
    }
    qsort(ix->keys, (size_t)ix->n, sizeof *ix->keys, cmp_key);
}

/* The first of the run of boxes of cell c in ix->keys, and (*count) its
 * length (0: the cell has no box). */
static int boxes_of(const box_index *ix, const bp_finding_cell *c, int *count)
{
    int lo = 0, hi = ix->n;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (cmp_cell(&ix->keys[mid], c->table, c->row, c->column) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    int end = lo;
    while (end < ix->n && !cmp_cell(&ix->keys[end], c->table, c->row, c->column))
        end++;
    *count = end - lo;
    return lo;
}

/* ---- marks and notes -------------------------------------------------- */

static bool quiet(const bp_finding *f)
{
    return f->severity != BP_CHECK_ERROR;
}

/* The style a finding gives one of its cells. */
static bp_mark_style style_of(const bp_finding *f, const bp_finding_cell *c)
{
    if (quiet(f)) return BP_MARK_QUIET;
    if (c->wrong == BUDGETPDF_CELL_CANDIDATE) return BP_MARK_CANDIDATE;
    return c->wrong ? BP_MARK_WRONG : BP_MARK_COMPARED;
}

/* The style of a finding's notes (and of its phrase's frames): the quiet
 * one, the candidates' when it cannot tell which cell is wrong, else red. */
static bp_mark_style note_style(const bp_finding *f)
{
    if (quiet(f)) return BP_MARK_QUIET;
    for (int k = 0; k < f->ncells; k++)
        if (f->cells[k].wrong == BUDGETPDF_CELL_CANDIDATE) return BP_MARK_CANDIDATE;
    return BP_MARK_WRONG;
}

static const double mark_width[BP_MARK_COUNT] = {1.6, 1.0, 1.0, 1.6};

/* Frames every box of the findings' cells in `style`, once per box. */
static void frame_cells(bp_doc *doc, const bp_report *r, const box_index *ix, bp_mark_style style,
                        unsigned char *done)
{
    const bp_finding *f = r->findings.items;
    for (int i = 0; i < r->findings.n; i++)
        for (int k = 0; k < f[i].ncells; k++) {
            const bp_finding_cell *c = &f[i].cells[k];
            if (style_of(&f[i], c) != style) continue;
            int n, first = boxes_of(ix, c, &n);
            for (int b = first; b < first + n; b++) {
                int si = ix->keys[b].i;
                if (done[si] & (1u << style)) continue;
                done[si] |= (unsigned char)(1u << style);
                const bp_dl_source *s = &ix->s[si];
                /* a candidate inside a red frame where a cell is both */
                double w = mark_width[style], in = w / 2 + (style == BP_MARK_COMPARED    ? 0.8
                                                            : style == BP_MARK_CANDIDATE ? 2.4
                                                                                         : 0.4);
                dl_mark(doc, dl_page(doc, s->page), s->x + in, s->y + in, s->x2 - in, s->y2 - in,
                        style, w);
            }
        }
}

/* A note's text: what the rule says, the figures, the message as check
 * prints it, and where the cell comes from. */
static const char *note_text(bp_arena *a, const bp_finding *f)
{
    const char *s = bp_sprintf(a, "[%s] %s", check_severity_word(f->severity), f->rule);
    const char *u = f->unit ? bp_sprintf(a, " %s", f->unit) : "";
    if (f->expected && f->relation)
        s = bp_sprintf(a, "%s\n应为 %s%s，实为 %s%s（%s，容差 %s）", s, f->expected, u,
                       f->found ? f->found : "", u, f->relation, f->tolerance ? f->tolerance : "0");
    else if (f->expected) /* a figure of the text and the table cell it names */
        s = bp_sprintf(a, "%s\n表中为 %s%s，正文为 %s%s", s, f->expected, u,
                       f->found ? f->found : "", u);
    s = bp_sprintf(a, "%s\n%s", s, f->message);
    if (f->where) s = bp_sprintf(a, "%s\n来源：%s", s, f->where);
    return s;
}

/* ---- the text's characters ------------------------------------------ */

/* The sources of the text's characters (table -1), by their bytes in
 * document.md (then drawing order). */
typedef struct text_key {
    size_t from;
    int i; /* the index in doc->sources */
} text_key;

typedef struct text_index {
    const bp_dl_source *s;
    text_key *k;
    int n;
} text_index;

static int cmp_text(const void *x, const void *y)
{
    const text_key *a = x, *b = y;
    if (a->from != b->from) return a->from < b->from ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

static void index_text(bp_arena *a, const bp_doc *doc, text_index *tx)
{
    tx->s = doc->sources.items;
    tx->k = bp_alloc(a, (size_t)(doc->sources.n ? doc->sources.n : 1) * sizeof *tx->k);
    tx->n = 0;
    for (int k = 0; k < doc->sources.n; k++)
        if (tx->s[k].table < 0) tx->k[tx->n++] = (text_key){tx->s[k].src_from, k};
    qsort(tx->k, (size_t)tx->n, sizeof *tx->k, cmp_text);
}

/* The boxes of the characters set from bytes [from, to) of the text: one
 * per run of characters on one line of one page. */
static void text_boxes(bp_arena *a, const text_index *tx, size_t from, size_t to, bp_vec *out)
{
    int lo = 0, hi = tx->n;
    while (lo < hi) { /* the first character whose bytes begin at or after from */
        int mid = (lo + hi) / 2;
        if (tx->k[mid].from < from)
            lo = mid + 1;
        else
            hi = mid;
    }
    while (lo > 0 && tx->s[tx->k[lo - 1].i].src_to > from) /* a figure that holds from */
        lo--;
    budgetpdf_finding_box *last = NULL;
    for (int k = lo; k < tx->n && tx->k[k].from < to; k++) {
        const bp_dl_source *c = &tx->s[tx->k[k].i];
        if (c->src_to <= from) continue;
        if (last && last->page == c->page && last->y == c->y && c->x >= last->x - 0.01) {
            if (c->x2 > last->x2) last->x2 = c->x2;
            continue;
        }
        last = bp_vec_push(a, out);
        *last = (budgetpdf_finding_box){c->page, c->x, c->y, c->x2, c->y2};
    }
}

/* ---- where each finding is ------------------------------------------- */

static bool in_text(const bp_finding *f)
{
    return f->text_end > f->text_start;
}

/* The boxes of the finding's wrong cell (or of every candidate, or, when
 * it has none, of its first cell drawn), or of its phrase in the text;
 * returns where it goes. */
static report_place locate_one(bp_arena *a, bp_finding *f, const box_index *ix,
                               const text_index *tx)
{
    report_place at = {-1, 0, false};
    bp_vec v;
    bp_vec_init(&v, sizeof(budgetpdf_finding_box));
    if (in_text(f)) {
        text_boxes(a, tx, (size_t)f->text_start, (size_t)f->text_end, &v);
        if (v.n)
            at = (report_place){((budgetpdf_finding_box *)v.items)[0].page,
                                ((budgetpdf_finding_box *)v.items)[0].y2, true};
    }
    for (int pass = 0; pass < 2 && !in_text(f) && at.page < 0; pass++)
        for (int k = 0; k < f->ncells; k++) {
            const bp_finding_cell *c = &f->cells[k];
            if (pass == 0 && !c->wrong) continue;
            if (at.page >= 0 && c->wrong != BUDGETPDF_CELL_CANDIDATE) break;
            int n, first = boxes_of(ix, c, &n);
            for (int b = first; b < first + n; b++) {
                const bp_dl_source *s = &ix->s[ix->keys[b].i];
                *(budgetpdf_finding_box *)bp_vec_push(a, &v) =
                    (budgetpdf_finding_box){s->page, s->x, s->y, s->x2, s->y2};
                if (at.page < 0) at = (report_place){s->page, s->y2, pass == 0};
            }
        }
    f->boxes = v.items;
    f->nboxes = v.n;
    return at;
}

void report_locate(bp_report *r, const bp_doc *doc)
{
    bp_arena *a = r->a;
    box_index ix;
    index_boxes(a, doc, &ix);
    text_index tx;
    index_text(a, doc, &tx);
    r->places = bp_alloc(a, (size_t)(r->findings.n + 1) * sizeof *r->places);
    bp_finding *f = r->findings.items;
    for (int i = 0; i < r->findings.n; i++)
        r->places[i] = locate_one(a, &f[i], &ix, &tx);
}

/* A frame round each box of the text findings' phrases; a note on each
 * box of every finding. */
static void note_findings(bp_arena *a, bp_doc *doc, const bp_report *r)
{
    const bp_finding *f = r->findings.items;
    for (int i = 0; i < r->findings.n; i++) {
        bp_mark_style style = note_style(&f[i]);
        const char *text = f[i].nboxes ? note_text(a, &f[i]) : NULL;
        for (int b = 0; b < f[i].nboxes; b++) {
            const budgetpdf_finding_box *x = &f[i].boxes[b];
            bp_page *pg = dl_page(doc, x->page);
            if (in_text(&f[i]))
                dl_mark(doc, pg, x->x - 1.5, x->y - 1.5, x->x2 + 1.5, x->y2 + 1.5, style,
                        mark_width[style]);
            dl_note(doc, pg, x->x, x->y, x->x2, x->y2, style, text);
        }
    }
}

/* ---- every page ------------------------------------------------------- */

/* 校验报告 in the paper outside the trim (top left), on every page. */
static int add_slug(bp_layout_ctx *ctx, bp_doc *doc)
{
    const char *s = bp_sprintf(ctx->c->a, "校验报告 · 不得作为公开文件 · %s %d年", ctx->dept->name,
                               ctx->dept->year);
    BP_TRY(layout_check_text(ctx, BP_ROLE_BODY, s, "the report's slug"));
    for (int p = 0; p < dl_page_count(doc); p++) {
        bp_page *pg = dl_page(doc, p);
        layout_text_out(ctx, doc, pg,
                        &(bp_text_run){0, dl_frame_height(pg) + SLUG_MARGIN * 0.4, BP_ROLE_BODY, 9,
                                       true, s, strlen(s)});
    }
    doc->print.slug_margin = SLUG_MARGIN;
    return BP_OK;
}

int report_add(bp_layout_ctx *ctx, bp_doc *doc, bp_report *r)
{
    bp_arena *a = ctx->c->a;
    if (!r->places) report_locate(r, doc);
    box_index ix;
    index_boxes(a, doc, &ix);
    unsigned char *done = bp_alloc(a, (size_t)(ix.n ? ix.n : 1));
    /* the quiet frames first, the wrong cells' last: on top where they meet */
    frame_cells(doc, r, &ix, BP_MARK_QUIET, done);
    frame_cells(doc, r, &ix, BP_MARK_COMPARED, done);
    frame_cells(doc, r, &ix, BP_MARK_CANDIDATE, done);
    frame_cells(doc, r, &ix, BP_MARK_WRONG, done);
    note_findings(a, doc, r);
    BP_TRY(report_summary(ctx, doc, r, r->places));
    const char *title = doc->title ? doc->title : "";
    doc->title = bp_sprintf(a, "校验报告：%s", title);
    doc->subject = bp_sprintf(a, "校验报告（budgetpdf check），不得作为公开文件：%s",
                              doc->subject ? doc->subject : title);
    return add_slug(ctx, doc);
}
