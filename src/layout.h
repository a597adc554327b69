/* layout.h — pure geometry: column widths, cell wrapping, row heights,
 * pagination with repeated header rows, continuation titles, cover,
 * contents and footers. Produces a display list (dlist.h); no PDF calls. */
#ifndef BP_LAYOUT_H
#define BP_LAYOUT_H

#include "data.h"
#include "dlist.h"
#include "spec.h"
#include "text.h"

#define BP_MM (72.0 / 25.4) /* points per millimetre */

typedef void (*bp_warn_fn)(void *ud, const char *msg);

/* One context argument for the whole layout of a document. */
typedef struct bp_layout_ctx {
    bp_arena *a;
    const bp_fonts *fonts;
    const bp_layout_set *set;
    const bp_department *dept;
    bp_warn_fn warn; /* may be NULL */
    void *warn_ud;
    bp_error *e;
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

/* Expands a template (template.h) with the department's values, the page
 * numbers and the title. page/pages < 0 and title NULL leave those empty. */
const char *layout_expand(bp_arena *a, const bp_template *tmpl, const bp_department *d, int page,
                          int pages, const char *title);

/* ---- pagination, pure numbers (exposed for unit tests) ---- */
typedef struct bp_pag_item {
    double height;       /* points */
    bool keep_with_next; /* never end a page after this item */
} bp_pag_item;

/* Places items on pages: the first page has first_cap points of room, each
 * later page cap. A chain of keep_with_next items moves whole to the next
 * page when it does not fit; a chain longer than a page is broken between
 * items. page_of[i] receives each item's page (0-based); *npages the count.
 * An item taller than cap is an error (BP_EINPUT) naming its index. */
int layout_paginate(const bp_pag_item *items, int n, double first_cap, double cap, int *page_of,
                    int *npages, bp_error *e);

/* A horizontal slice of a table body: a whole row, or some lines of a row
 * taller than a page. */
typedef struct bp_piece {
    int row;
    int line0, line1; /* lines of the row's sliced cells shown in this piece */
    bool sliced;      /* the row is split between lines of its text */
    double height;    /* points */
} bp_piece;

/* Slices row `row` (height h points) for pages whose body holds cap points.
 * A row that fits is one piece. Otherwise its cells of more than
 * per = floor((cap - 2 pad) / lh) lines are cut between lines, `lines`
 * being the longest of them, and each piece is tall enough for its slice
 * and for `repeated`, the longest cell that fits a piece (repeated on each).
 * out needs room for lines + 1 pieces; returns the count, and *per. */
int layout_slice_row(int row, double h, int lines, int repeated, double cap, double lh, double pad,
                     bp_piece *out, int *per);

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
