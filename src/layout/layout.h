/* layout.h — pure geometry: column widths, cell wrapping, row heights,
 * pagination with repeated header rows, continuation titles, cover,
 * contents and footers. Produces a display list (dlist.h); no PDF calls. */
#ifndef BP_LAYOUT_H
#define BP_LAYOUT_H

#include "ctx.h"
#include "data.h"
#include "dlist.h"
#include "spec.h"
#include "text.h"

#define BP_MM (72.0 / 25.4) /* points per millimetre */

/* One context argument for the whole layout of a document: the call's
 * context (ctx.h: arena, error, warnings) and what the layout reads. */
typedef struct bp_layout_ctx {
    bp_ctx *c;
    const bp_fonts *fonts;
    const bp_layout_set *set;
    const bp_department *dept;
    /* a character no font of its role has: an error, or (when true) a
     * warning, the character drawn as the font's .notdef box */
    bool allow_missing_glyphs;
} bp_layout_ctx;

/* Where each table starts, filled by layout_document. */
typedef struct bp_table_pages {
    int first_page, npages; /* page indexes in the document */
} bp_table_pages;

/* Lays out the whole annex: cover, contents, every table (tables[i] is the
 * data bound to set->tables[i]). out_pages (may be NULL) receives
 * set->ntables entries. */
int layout_document(bp_layout_ctx *ctx, bp_table_data *const *tables, bp_doc *doc,
                    bp_table_pages *out_pages);

/* Lays out the whole 部门预算公开 (layout_whole.c): its cover, its
 * contents, the text parts of `text` set in the set's document style, then
 * the annex (its cover and every table); landscape pages are turned on
 * portrait paper (bp_page.rotate). */
struct bp_text;
int layout_whole_document(bp_layout_ctx *ctx, bp_table_data *const *tables,
                          const struct bp_text *text, bp_doc *doc);

/* Expands a template (template.h) with the department's values, the page
 * numbers and the title. page/pages < 0 and title NULL leave those empty. */
const char *layout_expand(bp_arena *a, const bp_template *tmpl, const bp_department *d, int page,
                          int pages, const char *title);

/* ---- pagination, pure numbers (exposed for unit tests) ---- */
typedef struct bp_pag_item {
    double height;       /* points */
    bool keep_with_next; /* a chain of these moves whole to the next page when it fits one */
    bool keep_hard;      /* never the last item of a page, even inside a chain longer than a
                            page: it moves to the next page with the item under it (unless it
                            is the first item of the page) */
    /* An item taller than a page is broken between lines: a part holding
     * k lines is k * line_h + frame tall (frame: the padding above and
     * below), the last part what remains. line_h 0: never broken. */
    double line_h, frame;
} bp_pag_item;

/* A part of an item on one page: the whole item, or some lines of an item
 * broken between pages. */
typedef struct bp_piece {
    int item;
    int page;         /* 0-based */
    int line0, line1; /* lines of a broken item in this part (line1 -1: to its end) */
    bool sliced;      /* a part of a broken item */
    double height;    /* points */
} bp_piece;

/* The one pager: every page kind (table rows and notes, form rows, prose
 * lines, contents entries) is placed on pages here. Places items on pages
 * ("simulate, then commit"): the first page has
 * first_cap points of room, each later page cap. A chain of keep_with_next
 * items moves whole to the next page when it fits one; a chain longer than
 * a page starts where its first item fits (a breakable item: where one of
 * its lines fits) and is broken between items, and between the lines of an
 * item taller than a page. A keep_hard item never ends a page unless it
 * is the first of its page. out (bp_piece, allocated in a) receives the
 * parts in order, *npages the page count. An unbreakable item taller than
 * cap is an error (BP_EINPUT) naming its index. */
int layout_paginate(const bp_pag_item *items, int n, double first_cap, double cap, bp_arena *a,
                    bp_vec *out, int *npages, bp_error *e);
/* layout_paginate with what a form needs too: head (NULL: none) gives per
 * item the height of a header drawn above it where its run starts on a
 * page (the page's first item, or the item before it has no head), taking
 * room on that page only: a form's items header. An item with a head is
 * never broken. */
typedef struct bp_pag_job {
    const bp_pag_item *items;
    int n;
    const double *head;
    double first_cap, cap;
    bp_arena *a;
    bp_vec *out; /* bp_piece */
    int npages;  /* out */
    bp_error *e;
    /* Resume a pagination from the start of page from_page, where item
     * from_item begins from its line from_shown; out holds the parts of
     * the pages before it. All 0: from the start. */
    int from_page, from_item, from_shown;
    /* With head: a head takes room only above the first item (or part) of
     * a page, and is part of that piece's height (a table's section head
     * row repeated at the top of a continuation page); items with heads
     * may then break between lines. */
    bool head_on_top;
    /* Without head: space (NULL: none) gives per item the room above it
     * unless it begins a page (dropped there, and part of the piece's
     * height elsewhere): the space between paragraphs (give such items
     * line_h 0: never broken). */
    const double *space;
    /* > 0: stop where page stop_page would begin (the pages before it are
     * final: nothing placed later changes them); from_page, from_item and
     * from_shown then say where to go on, npages counts the pages done and
     * done is false. A job stopped and called again gives the parts one
     * call would (a caller checks each page as it is done: simulate, then
     * commit). */
    int stop_page;
    bool done;   /* out: every item placed */
    long visits; /* out, added to: the parts the pager placed (its work) */
} bp_pag_job;
int layout_paginate_job(bp_pag_job *job);
/* Prepares job to paginate again once items from `changed` on changed
 * (height or flags; those before did not), job->out holding the parts
 * of the last pagination: keeps the pages before the one where the keep
 * chain holding `changed` is first decided (the pager decides nothing
 * before it differently), and sets from_page, from_item and from_shown
 * to go on from that page's start. The result is the parts a pagination
 * from the start would give. */
void layout_paginate_resume(bp_pag_job *job, int changed);

/* The one way a cell continues on the next page: its text (nlines lines of
 * line_h points, pad above and below) is laid out once over its fragments,
 * the boxes of heights h[0..nfrag) its rows occupy on successive pages.
 * Fragment j shows lines [first[j], first[j] + count[j]): what remains when
 * it all fits, else as many lines as the box holds; the text continues
 * where it stopped, never restarts, and no line is shown twice. The last
 * fragment takes all that remains; returns the points it lacks for them
 * (0 when the text fits). */
double layout_flow_lines(int nlines, double line_h, double pad, const double *h, int nfrag,
                         int *first, int *count);

/* Column widths in points that add up to avail: fixed widths first, the
 * rest shared by weight; then columns whose content cannot fit (need[i],
 * points; 0 = no need) or that are below their min_width are widened by
 * taking room from columns with slack. A fixed-width column keeps its
 * declared width unless `narrow` is set: then it may give room down to
 * max(min_width, need). *deficit receives the
 * width still missing (0 when everything fits). */
int layout_column_widths(const bp_table_spec *t, double avail, const double *need, bool narrow,
                         double *out, double *deficit, bp_error *e);

#endif
