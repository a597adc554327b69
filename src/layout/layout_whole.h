/* layout_whole.h — the body of the whole document in order
 * (layout_whole_plan.c): the runs of text between the table markers of
 * document.md ({{ table 01 }}, {{ annex }}: docs/document.md), the tables
 * each marker places and the annex, with the 目录 entries in that order.
 * Internal to the layout stage (layout_whole.c lays the runs out). */
#ifndef BP_LAYOUT_WHOLE_H
#define BP_LAYOUT_WHOLE_H

#include "doc_text.h"
#include "layout_front.h"

typedef enum { WHOLE_TEXT, WHOLE_TABLES, WHOLE_ANNEX } whole_run_kind;

/* One run of the body: text, tables placed in the text, or the annex (its
 * divider, then the tables placed nowhere else). */
typedef struct whole_run {
    whole_run_kind kind;
    bp_text text; /* WHOLE_TEXT: its blocks, a slice of the text's */
    int *tables;  /* WHOLE_TABLES, WHOLE_ANNEX: indexes in the set, in order */
    int ntables;
    int level; /* the 目录 and bookmark level of the tables (WHOLE_TABLES) or of
                  the annex's own entry (WHOLE_ANNEX): one under the heading before */
} whole_run;

typedef struct whole_plan {
    whole_run *runs;
    int nruns;
} whole_plan;

/* Splits body at its marker blocks into runs. A marker naming no table of
 * the set, a table placed twice, a second {{ annex }} or one with no table
 * left for it is an error naming document.md's line and column. Without
 * {{ annex }}, the tables placed nowhere go to an annex at the end. */
int whole_plan_make(bp_layout_ctx *ctx, const bp_text *body, whole_plan *out);

/* True when the annex has an entry and a bookmark of its own (the
 * document style's `annex:` is not empty). */
bool whole_annex_entry(const bp_doc_style *st);

/* The 目录 entries in the body's order: parts and sections, each run's
 * tables, the annex and its tables; each checked against the fonts of its
 * role. */
int whole_toc_entries(bp_layout_ctx *ctx, const bp_doc_style *st, const whole_plan *p,
                      bp_toc_entry **out, int *n);

/* ---- a heading kept with its table (layout_whole_keep.c) ----------------- */

/* The headings that end text t (the blocks above the body's kind at its
 * end): before a table marker, they go with the table. */
int whole_lead_count(const bp_text *t);

/* The room the headings lead take at the top of table t's first page, in
 * *height; -1 when they would take more than a third of it (then they
 * stay in the text). */
int whole_lead_height(bp_layout_ctx *ctx, const bp_doc_style *st, const bp_text *lead, int t,
                      double *height);

/* What whole_keep_table sets: the headings, the room they take, and the
 * table's data, document and bookmark level. */
typedef struct whole_keep {
    const bp_doc_style *st;
    const bp_text *lead;
    double height; /* whole_lead_height */
    bp_table_data *const *tables;
    bp_doc *doc;
    int level;
} whole_keep;

/* Lays table t out (layout_annex_table) from a new page with the headings
 * k->lead at the top of its first page, above its title, the table under
 * them (its later pages as they would be without them). */
int whole_keep_table(bp_layout_ctx *ctx, const whole_keep *k, int t, bp_table_pages *tp);

#endif
