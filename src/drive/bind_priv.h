/* bind_priv.h — what the files of `budgetpdf bind` and `draft` share
 * (docs/document.md, "bind" and "draft"): the amount cells of the bound
 * tables with the words that name them (bind_cells.c), the scores of a
 * cell for a typed figure (bind_score.c), units and rounding
 * (bind_units.c), shares, changes and 持平 (bind_more.c), the {{ }}
 * figures of a source and its places (bind_src.c), one department's
 * binding (bind.c), budgetpdf_bind (bind_api.c) and the draft of next
 * year's text (draft.c). */
#ifndef BP_BIND_PRIV_H
#define BP_BIND_PRIV_H

#include "budgetpdf.h"
#include "check_typed.h"
#include "data.h"
#include "doc_source.h"
#include "expr.h"
#include "spec.h"

/* An amount cell and the words that name it. */
typedef struct bind_cell {
    int t, r, c;
    bp_exact v;       /* in 10^-7 元 (0 when empty) */
    bool valued;      /* the cell holds a number */
    bool total;       /* its row's label says 合计 or 总计 (the figure a text quotes first) */
    int exp;          /* its unit, a power of ten of 元 */
    const char *term; /* TABLE[SELECTOR].column */
    const char **words;
    int nnames, nwords; /* words[0..nnames): row and column names; then header levels */
} bind_cell;

/* A department loaded for binding. */
typedef struct bind_dept {
    bp_arena *a;
    bp_department dept;
    const bp_layout_set *set;
    bp_table_data **tables;
    bp_figure_env *env;
    bind_cell *cells;
    int ncells;
    int *by_value;            /* the cells' indices by increasing value (then index) */
    const char **title_words; /* per table: its title's distinctive pairs of characters, joined */
    const char *sec_of;       /* the heading whose scores sec holds (bind_section per table) */
    int *sec;
    const char *path; /* the text's file */
    char *src;        /* the text, as Markdown (NULL: none) */
    size_t len;
    const bp_text_map *map; /* a .docx's or text sheets' places (NULL: document.md's own) */
} bind_dept;

/* The outcome for one typed figure. */
typedef struct bind_fig {
    const bp_typed *ty;
    const char *typed;  /* as written, with its unit */
    const char *expr;   /* NULL: left typed */
    size_t from, to;    /* the source bytes the expression replaces */
    const char *prints; /* what expr prints */
    const char *note;   /* why unbound, or a note (a rounding) */
    const char *cands;  /* the candidates considered */
    int cell;           /* the bound cell (bind_dept.cells), -1: none */
    const char *term;   /* the term of an amount bound (for shares and changes) */
} bind_fig;

/* bind_cells.c: dept's cells and the titles' words. */
void bind_index(bind_dept *d);

/* bind_score.c */
/* How much of cell x's names the text s says (1000 a character of a row or
 * column name, 1 of a header level). */
int bind_words(const bind_cell *x, const char *s, bool parts);
/* How much of table t's title the heading says, in percent of the title's
 * characters (in order: the longest common subsequence). */
int bind_section(const bind_dept *d, int t, const char *heading);
/* How many of the distinctive pairs of characters of table t's title the
 * clause says (一般公共预算基本支出 names 一般公共预算基本支出情况表). */
int bind_named(const bind_dept *d, int t, const char *clause);
/* The pairs of characters of s that stand in at most half of the tables'
 * titles (the words that tell tables apart), each followed by '|'. */
void bind_title_pairs(bind_dept *d);

/* bind_units.c */
/* The typed figure in 10^-7 元. */
bp_exact bind_typed_exact(const bp_typed *t);
/* 2: exactly; 1: a rounding or a truncation of v; 0: not v. */
int bind_matches(const bp_typed *t, bp_exact v);
/* The same with the typed figure prepared once (for every cell). */
typedef struct bind_match {
    bp_exact typed, unit; /* in 10^-7 元; unit: that of its last digit */
} bind_match;
bind_match bind_match_of(const bp_typed *t);
int bind_match_is(const bind_match *m, bp_exact v);
/* term scaled from unit exp to the typed unit: "T", "T / 10000", "T * 10". */
const char *bind_scaled(bp_arena *a, const char *term, int exp, int typed_exp);
/* Evaluates an expression on d: its printed text, or NULL with *err. */
const char *bind_eval(bind_dept *d, const char *expr, const char **err);
/* The same for the text between a {{ and its }} at file:line:col (the
 * place of the {{), which messages name. */
typedef struct bind_place {
    const char *src;
    size_t len;
    const char *file;
    int line, col;
} bind_place;
const char *bind_eval_at(bind_dept *d, const bind_place *at, const char **err);

/* bind_more.c: a share (占 X%) and a change (比 2023 年增加 X 万元). */
bool bind_share(bind_dept *d, bind_fig *figs, int i);
bool bind_change(bind_dept *d, bind_fig *figs, int i);
/* 持平 typed (outside {{ }}) after an amount of its paragraph whose change
 * prints 持平: bound to change(term), added to *figs in the order of places. */
void bind_same(bind_dept *d, const char *src, size_t len, bind_fig **figs, int *n);

/* bind.c */
/* Loads dept_dir (its set, tables, figure environment, text and cells) in
 * c's arena, through its caches. */
int bind_load(bp_ctx *c, const char *dept_dir, const budgetpdf_options *opt, bind_dept *d);
/* Binds every typed figure of src: *figs (n of them). */
int bind_text(bind_dept *d, const char *src, size_t len, bind_fig **figs, int *n, bp_error *e);
/* src with the expressions in the places of the bound figures. */
char *bind_apply(bp_arena *a, const char *src, size_t len, const bind_fig *f, int n, size_t *out);
/* Writes text to path through a temp file, refusing an input of d. */
int bind_write(bind_dept *d, const char *path, const char *text, size_t len, bp_error *e);

/* bind_src.c: the {{ }} figure at or after *i in src (open: its "{{",
 * close: its "}}"), *i moved past it; false when there is none. */
bool bind_next_figure(const char *src, size_t len, size_t *i, size_t *open, size_t *close);
/* The line and column (characters) of byte off of src, moving the cursor
 * (*from, *line, *col: a place before off). */
void bind_line_col(const char *src, size_t off, size_t *from, int *line, int *col);

#endif
