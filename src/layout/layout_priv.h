/* layout_priv.h — shared internals of the layout stage (not installed). */
#ifndef BP_LAYOUT_PRIV_H
#define BP_LAYOUT_PRIV_H

#include "layout.h"

/* The one page-style type of the stage: a page and its text block, in
 * points (origin bottom-left). The annex's and the whole document's front
 * pages (layout_front.h), a table's and a form's pages (grid_geo). */
typedef struct bp_page_style {
    double w, h;        /* page size */
    double left, right; /* x of the text block's left and right edges */
    double top, bottom; /* y of the text block's top and bottom edges */
    double width;       /* the text block's width */
    double height;      /* the text block's height */
} bp_page_style;

/* A table's (or form's) page of w x h points with its margins
 * (layout_front.c). */
bp_page_style page_style_table(const bp_table_spec *t, double w, double h);

/* A table's or a form's page, and the x of its grid's columns. */
typedef struct grid_geo {
    bp_page_style page;
    double *colx; /* columns + 1 */
} grid_geo;

/* A cell's text, wrapped and styled, ready to be placed in a box. */
typedef struct text_block {
    double size, line_spacing, scale; /* scale < 1 when shrunk to fit */
    double indent;                    /* points */
    bp_line *lines;
    int nlines;
    bp_role role;
    bp_align align;
    bool bold;
    bool balance; /* even out the lengths of wrapped lines */
} text_block;

/* Adds text to the page as runs of the role's font chain: characters the
 * role's font lacks are drawn with the fallback that has them, on the same
 * baseline. */
void layout_text_out(bp_layout_ctx *ctx, bp_doc *doc, bp_page *pg, const bp_text_run *run);
/* A contents line's dotted leader: one run of middle dots (the body role at
 * size) ending at x1, as many as fit between x0 and x1, on baseline y. */
void layout_leader(bp_layout_ctx *ctx, bp_doc *doc, bp_page *pg, double x0, double x1, double y,
                   double size);
int layout_check_text(bp_layout_ctx *ctx, bp_role role, const char *s, const char *where);
/* Where a text comes from, for messages; formatted only when a message is
 * written (a long table has tens of thousands of cells). Either `text`, a
 * ready prefix, or a table cell: "TITLE, PATH line LINE, column 'KEY'". */
typedef struct text_origin {
    const char *text;
    const char *title, *path, *column;
    int line;
} text_origin;
void layout_origin_format(const text_origin *o, char *buf, size_t n);
/* True when every character of s is valid, in the BMP and in a font of the
 * role: layout_check_text would pass without a word. */
bool layout_text_ok(bp_layout_ctx *ctx, bp_role role, const char *s);
/* Wraps text into b->lines, allocated in a. */
int layout_wrap_block(bp_layout_ctx *ctx, bp_arena *a, text_block *b, const char *text,
                      double inner, const text_origin *where);
/* The box a block is drawn in: its left x and top, width and height, and
 * the padding inside it. */
typedef struct bp_cell_box {
    double x, top, w, h, pad;
} bp_cell_box;
/* Draws b's lines in the box (x, top-h)..(x+w, top), vertically centred. */
void layout_draw_lines(bp_layout_ctx *ctx, bp_doc *doc, bp_page *pg, const text_block *b,
                       const bp_cell_box *box);
static inline double block_height(const text_block *b)
{
    return b->nlines * b->size * b->line_spacing * b->scale;
}

/* A rule segment waiting to be merged with its collinear neighbours. */
typedef struct rule_seg {
    bool horizontal;
    double pos;  /* y of a horizontal rule, x of a vertical one */
    double a, b; /* extent along the rule, a < b */
    double width;
} rule_seg;
void rules_add(bp_arena *a, bp_vec *v, double x0, double y0, double x1, double y1, double w);
/* Merges the page's segments and adds them to the display list; empties v. */
void rules_emit(bp_doc *doc, bp_page *pg, bp_vec *v);

/* Lays out one table from a new page on; records its pages. */
int layout_table(bp_layout_ctx *ctx, const bp_table_spec *t, const bp_table_data *d, bp_doc *doc,
                 bp_table_pages *pages);
/* Lays out a table of `kind: form` (layout_form.c): one form per record,
 * each from a new page; marks receives one level-1 bp_outline per record. */
int layout_form(bp_layout_ctx *ctx, const bp_table_spec *t, const bp_table_data *d, bp_doc *doc,
                bp_table_pages *pages, bp_vec *marks);

/* The parts of the annex (layout_doc.c) that the whole document
 * (layout_whole.c) uses too. */
/* The annex's cover page (set.yaml `cover:`), added at the document's end
 * by the one cover (layout_front.h); landscape when its `orientation:` says
 * so or landscape is set (the divider of a landscape whole document). */
int layout_annex_cover(bp_layout_ctx *ctx, bp_doc *doc, bool landscape);
/* Table i's pages (at the document's end), its contents entry and its
 * bookmark at level (a form's records under it). */
int layout_annex_table(bp_layout_ctx *ctx, int i, bp_table_data *const *tables, bp_doc *doc,
                       bp_table_pages *tp, const char **entry, int level);
/* Every table's pages, its contents entry (entries[i]) and its bookmarks,
 * from bookmark level level0 on. */
int layout_annex_tables(bp_layout_ctx *ctx, bp_table_data *const *tables, bp_doc *doc,
                        bp_table_pages *tp, const char **entries, int level0);

#endif
