/* layout_prose.h — the text parts of the whole document on pages
 * (layout_prose.c): blocks wrapped into justified lines, the lines placed
 * on pages by the widow/orphan and heading rules, drawn at a fixed line
 * pitch. Internal to the layout stage; exposed for unit tests. */
#ifndef BP_LAYOUT_PROSE_H
#define BP_LAYOUT_PROSE_H

#include "doc_text.h"
#include "layout_priv.h"

/* One line of a block, wrapped and placed across the text block. */
typedef struct prose_line {
    int block;     /* index in the text's blocks */
    const char *s; /* the line: a slice of the block's text */
    size_t len;
    double width;      /* its natural width (points) */
    double x;          /* its left edge, from the text block's left */
    double avail;      /* the room it has from x on */
    double gap;        /* extra space at each place it may break (0: set as it is) */
    double scale;      /* < 1: an unbreakable line wider than its room, shrunk */
    const char *label; /* an item's label (its first line), else NULL */
    double label_x;
    bool first, last; /* of its block */
} prose_line;

/* A part or section heading and the page it is on (for the contents and
 * the bookmarks). */
typedef struct prose_head {
    bp_doc_elem_kind kind;
    const char *title; /* one line */
    int page;          /* page index in the document */
} prose_head;

/* The extra space at each of a line's nplaces break places that spreads
 * slack points evenly: 0 for a ragged line (a paragraph's last, one ending
 * in a hard break), a line with no place, and a line whose gaps would
 * each be wider than max_gap points (it is then set ragged, never with
 * holes). */
double layout_justify_gap(double slack, int nplaces, double max_gap, bool ragged);

/* A title, heading or entry broken between words and evened out
 * (text_wrap_title), so that no word is split and the last line is not a
 * lone character. */
int layout_wrap_balanced(bp_arena *a, const bp_font *f, double size, const char *s, size_t len,
                         double width, bp_line **lines, int *nlines);

/* An unbreakable run of the text (a long number, a Latin word, a URL)
 * wider than its line is set smaller to fit, down to PROSE_MIN_SCALE of
 * its size; a line also holds at most PROSE_MAX_ITEM bytes (libharu's
 * HPDF_LIMIT_MAX_STRING_LEN: one PDF text item). */
#define PROSE_MIN_SCALE 0.5
#define PROSE_MAX_ITEM 65535

/* BP_OK when the line s[0..len) of block bi, width points wide, can be set
 * in room points (see PROSE_MIN_SCALE); else an error naming its place,
 * document.md:LINE:COLUMN. */
int prose_fit(bp_layout_ctx *ctx, const bp_text *t, int bi, const char *s, size_t len, double width,
              double room);

/* Wraps every block of t into lines (prose_line) across a text block
 * width points wide; a character no font of its role has is an error
 * naming document.md's line, an unbreakable run that cannot fit one
 * (prose_fit) its line and column. */
int prose_wrap(bp_layout_ctx *ctx, const bp_doc_style *st, const bp_text *t, double width,
               bp_vec *lines);

/* A line for pagination: its height, its block, and what kind of block. */
typedef struct prose_box {
    double height;
    int block;
    bool heading;  /* a heading: kept with what follows, never last on a page */
    bool new_page; /* its block starts a page */
} prose_box;

/* Places line boxes on pages of cap points: no paragraph's first line
 * alone at the bottom of a page, no last line alone at the top (a
 * paragraph of three lines moves whole), a heading never last on a page
 * (it goes with the first two lines under it), a new_page block on a
 * new page. page_of[i] receives box i's page (0-based), *npages the
 * count. */
int layout_prose_paginate(const prose_box *b, int n, double cap, bp_arena *a, int *page_of,
                          int *npages, bp_error *e);

/* For the check report (doc->provenance): the sources of the characters
 * of the cover's title on page `page`, the text items drawn from title
 * (whole's first ncover blocks joined by "\n"): each character's box and
 * the bytes of document.md it was set from, as layout_prose records them
 * for the text's lines. */
void prose_cover_sources(bp_layout_ctx *ctx, bp_doc *doc, int page, const bp_text *whole,
                         int ncover, const char *title);

/* Lays the text out on new pages at the end of doc (portrait, the
 * style's size); heads (initialised by the caller) receives its parts and
 * sections (prose_head). */
int layout_prose(bp_layout_ctx *ctx, const bp_doc_style *st, const bp_text *t, bp_doc *doc,
                 bp_vec *heads);

/* Headings kept with the table after them (layout_whole_keep.c): set at
 * the top of the table's first page, in a text block width points wide
 * whose top left corner is (x0, top) on page `page`. */
typedef struct prose_at {
    int page;
    double x0, top, width;
} prose_at;

/* The room t's blocks (wrapped width points wide) take at the top of a
 * page: their lines, the space between them and after the last. */
int prose_lead_height(bp_layout_ctx *ctx, const bp_doc_style *st, const bp_text *t, double width,
                      double *height);

/* Draws t's blocks at `at`, as layout_prose would at the top of a page;
 * heads receives its parts and sections. */
int prose_lead_draw(bp_layout_ctx *ctx, const bp_doc_style *st, const bp_text *t,
                    const prose_at *at, bp_doc *doc, bp_vec *heads);

#endif
