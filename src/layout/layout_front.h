/* layout_front.h — the front matter of both documents in one module
 * (layout_front.c, layout_front_toc.c): the one page-style type, the one
 * cover, the one contents (目录) and the one page numbering (page numbers
 * drawn on pages, page labels). The annex (layout_doc.c) and the whole
 * document (layout_whole.c) differ only in the styles they pass. Internal
 * to the layout stage. */
#ifndef BP_LAYOUT_FRONT_H
#define BP_LAYOUT_FRONT_H

#include "doc_style.h"
#include "layout_priv.h"

/* ---- the page style (bp_page_style: layout_priv.h) ------------------------ */

/* The annex's cover and contents pages: A4, portrait or landscape, 25 mm
 * margins. */
bp_page_style page_style_annex(bool landscape);
/* The whole document's pages (set.yaml `document:`). */
bp_page_style page_style_doc(const bp_doc_style *st);
/* The lines of pitch points a page's text block holds below reserve
 * points (at least one). */
int page_style_lines(const bp_page_style *ps, double reserve, double pitch);
/* A new page of the style at the end of doc. */
bp_page *page_style_add(bp_doc *doc, const bp_page_style *ps);

/* ---- the cover ----------------------------------------------------------- */

/* How a centred text is broken into lines. */
typedef enum {
    BP_CENTRE_SHRINK,  /* the whole text shrunk (to 2/3) so that each of its own lines fits,
                          then wrapped; lines 1.5 x size apart, the first 1.5 x size down */
    BP_CENTRE_BALANCE, /* each of its own lines wrapped evenly (layout_wrap_balanced); lines
                          1.6 x size apart, the first on the start */
} bp_centre_mode;

/* What a centred line wider than its width is: fn may fail, naming where
 * the line came from (a run that cannot be set: prose_fit); else the line
 * is set smaller to fit. */
typedef struct bp_too_wide {
    int (*fn)(void *ud, const bp_line *l, double width);
    void *ud;
} bp_too_wide;

/* A cover page: a label at the top left of the text block, the title
 * centred from the height title_at x the page height (measured from the
 * page's bottom) down, then (after a blank line of the title) the lines
 * centred under it. Texts already expanded and checked. */
typedef struct bp_cover {
    bp_page_style page;
    const char *label; /* NULL or "": none */
    double label_size;
    const char *title;
    double title_size, title_at;
    bp_centre_mode mode;
    const char *const *lines;
    int nlines;
    double lines_size;
    const bp_too_wide *title_too_wide; /* NULL: a title line too wide is set smaller */
} bp_cover;

/* Adds the cover page at the end of doc. */
int front_cover(bp_layout_ctx *ctx, bp_doc *doc, const bp_cover *c);

/* text centred on pg line by line from *y down (mode: how it is broken and
 * spaced), in the role at size; *y receives the last baseline (shrink) or
 * the place of the next line (balance). */
typedef struct bp_centred {
    bp_role role;
    double size, width;
    bp_centre_mode mode;
    const struct bp_too_wide *too_wide; /* balance mode: NULL, or asked of a line wider
                                           than width before it is set smaller */
} bp_centred;
int front_centred(bp_layout_ctx *ctx, bp_doc *doc, bp_page *pg, const bp_centred *c,
                  const char *text, double *y);

/* ---- the contents (目录) -------------------------------------------------- */

/* A contents line: its text, indent level and role, where it leads. */
typedef struct bp_toc_entry {
    const char *text;
    int level; /* indented by level x 2 x the entries' size */
    bp_role role;
    int page;       /* the page it leads to */
    int table;      /* 1-based: the annex's table it leads to; 0: none */
    bp_line *lines; /* set by front_contents_plan (wrap) or front_contents_draw */
    int nlines, toc_page;
} bp_toc_entry;

/* How the contents pages are set. */
typedef struct bp_toc_style {
    bp_page_style page;
    const char *title; /* expanded and checked */
    double title_size;
    bool title_each_page; /* the title on every contents page, else on the first */
    double first_entry;   /* points from the top to the first entry's baseline */
    double size, pitch;   /* the entries' size, and from one line to the next */
    int per_page;         /* lines a contents page holds */
    bool wrap;            /* entries wrap (evenly) in their room; else each is one line,
                             shrunk to fit before the page number */
    bool numbers, leaders;
    double leader_gap; /* between a leader and the text or number */
    double link_below; /* the link's bottom under the last baseline */
    bool per_table;    /* a table's entry shows its first page label "N-1" (the annex
                          alone, numbered per table) */
} bp_toc_style;

/* Wraps the entries (when st->wrap; text set and checked) and places them
 * on contents pages through layout_paginate (an entry is never split);
 * *npages receives the count of contents pages (0 without entries). */
int front_contents_plan(bp_layout_ctx *ctx, const bp_toc_style *st, bp_toc_entry *en, int n,
                        int *npages);
/* Draws the planned entries on the contents pages from first_page on, each
 * with its page's number (counted from first_numbered, or its table's
 * first page label "N-1" when numbers restart with each table), a dotted
 * leader and a link. */
int front_contents_draw(bp_layout_ctx *ctx, const bp_toc_style *st, bp_toc_entry *en, int n,
                        int first_page, int first_numbered, bp_doc *doc);

/* ---- page numbers --------------------------------------------------------- */

/* Where a page number goes: centred in the bottom margin (the annex's
 * footer), or under the text block with its top at `at`. */
typedef struct bp_number_style {
    const bp_template *tmpl; /* {page}, {pages} */
    const char *where;       /* the template's place, for messages */
    double size;
    bool under_text;
    double at; /* the bottom margin (in the margin), or the number's top (under the text) */
} bp_number_style;

/* A run of numbered pages [from, to): page i shows number i - first + 1 of
 * total. */
typedef struct bp_number_run {
    int from, to, first, total;
} bp_number_run;

int front_page_numbers(bp_layout_ctx *ctx, bp_doc *doc, const bp_number_style *ns,
                       const bp_number_run *run);
/* The set's footer on every table page, numbered from the document's page
 * first_numbered on, or from each table's first page (numbers per table). */
int front_table_footers(bp_layout_ctx *ctx, bp_doc *doc, const bp_table_pages *tp,
                        int first_numbered);
/* The page labels a viewer shows, agreeing with the page numbers: roman
 * on the pages before first_numbered, decimal from it (always when
 * text_pages: numbered pages before the tables), "N-" from each table's
 * first page when numbers restart with each table (tp not NULL: the annex
 * alone; the whole document is one sequence, tp NULL). */
void front_page_labels(bp_layout_ctx *ctx, bp_doc *doc, int first_numbered, bool text_pages,
                       const bp_table_pages *tp);
/* The document's metadata: its title (on one line), author, subject and
 * keywords. */
void front_metadata(bp_layout_ctx *ctx, bp_doc *doc, const char *title, const char *subject);
/* s with its line breaks made spaces (in a). */
const char *layout_one_line(bp_arena *a, const char *s);

#endif
