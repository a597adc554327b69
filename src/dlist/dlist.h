/* dlist.h — the display list: what the layout stage produces and the PDF
 * stage draws. Pure data, no behaviour beyond building it. Coordinates are
 * PDF points with the origin at the page's bottom-left corner. */
#ifndef BP_DLIST_H
#define BP_DLIST_H

#include "role.h"
#include "util.h"

typedef enum {
    BP_DL_TEXT, /* one line of text, baseline at (x, y) */
    BP_DL_LINE, /* a straight rule from (x, y) to (x2, y2) */
    BP_DL_RECT, /* a filled rectangle (x, y) .. (x2, y2); gray = fill level */
    BP_DL_LINK, /* a clickable area (x, y)..(x2, y2) jumping to page `target` (at dest_y) */
    BP_DL_MARK, /* a frame (x, y)..(x2, y2) stroked in the colour of its style (`role`:
                   bp_mark_style), line_width wide: the check report's marks */
    BP_DL_NOTE, /* an annotation over (x, y)..(x2, y2) (a Square, in its style's colour)
                   holding `text`, shown on hover and in a viewer's comments */
} bp_dl_kind;

/* The styles of the check report's marks and notes (the `role` of a MARK
 * or NOTE item): the cell a rule found wrong, a cell it was compared with,
 * the quieter mark of a rounding difference or a warning, and a cell that
 * may be the wrong one when a check cannot tell which of several is. */
typedef enum {
    BP_MARK_WRONG,
    BP_MARK_COMPARED,
    BP_MARK_QUIET,
    BP_MARK_CANDIDATE,
    BP_MARK_COUNT
} bp_mark_style;

/* 64 bytes: a long table holds hundreds of thousands of them. */
typedef struct bp_dl_item {
    double x, y, x2, y2;
    union {
        double line_width; /* LINE, MARK */
        double gray;       /* RECT fill: 0 black .. 1 white */
        double size;       /* TEXT font size in points */
        double dest_y;     /* LINK: the y shown at the window's top (0: the page's top) */
    };
    const char *text; /* TEXT: valid UTF-8, no newlines; NOTE: its contents (UTF-8) */
    uint32_t len;
    int target;         /* LINK: destination page index */
    unsigned char kind; /* bp_dl_kind */
    unsigned char role; /* TEXT: bp_role; MARK, NOTE: bp_mark_style */
    signed char face;   /* TEXT: index in the role's font chain (0 = the role's font) */
    bool bold;          /* TEXT: draw with a thin outline stroke (faces have no bold) */
} bp_dl_item;

/* Provenance: where a box the layout drew for a data cell (or a character
 * of the document's text) came from. Kept
 * beside the items (bp_doc.sources, in drawing order), only when the
 * document asks for it (bp_doc.provenance: the check report), so the
 * items stay 64 bytes and a render pays one untaken branch per cell. A
 * cell continued on later pages has one box on each. */
typedef struct bp_dl_source {
    double x, y, x2, y2; /* the box: (x, y) bottom-left, (x2, y2) top-right */
    int page;            /* page index */
    int table;           /* index of the table in the layout set */
    int row, col;        /* the cell (the top-left one of a merged area): body row, layout column */
    int rowspan, colspan;
    /* table -1: a character of the document's text (layout_prose.c), set
     * from the bytes [src_from, src_to) of document.md (a figure's value:
     * its whole `{{ … }}`); row, col, rowspan, colspan unused */
    size_t src_from, src_to;
} bp_dl_source;

typedef struct bp_page {
    double width, height; /* points: the paper */
    bp_vec items;         /* bp_dl_item */
    /* 0, or 90: a landscape page among portrait ones. Its items are in a
     * frame of height × width (landscape), drawn turned so that the frame's
     * top faces the paper's left edge (the binding side, GB/T 9704), and
     * the page carries /Rotate 90 so that a viewer shows it upright. */
    int rotate;
} bp_page;

typedef struct bp_outline {
    const char *title;
    int page;  /* page index */
    int level; /* 0 = top */
} bp_outline;

/* Page labels: what a viewer shows as the page number, from `page` on. */
typedef enum { BP_LABEL_DECIMAL, BP_LABEL_ROMAN, BP_LABEL_NONE } bp_label_style;
typedef struct bp_label {
    int page; /* first page index of the range */
    bp_label_style style;
    const char *prefix; /* may be NULL */
    int first;          /* number of the range's first page */
} bp_label;

/* Output options the PDF backend applies to the whole document. */
typedef struct bp_print {
    double crop_margin; /* points of paper around the trim for crop marks (0: none) */
    double slug_margin; /* points of paper around the trim without marks, for items the
                           layout placed outside the page (the check report's 校验报告) */
    bool overprint;     /* black overprints (print profile) */
} bp_print;

typedef struct bp_doc {
    bp_arena *arena; /* owns everything below */
    bp_vec pages;    /* bp_page */
    bp_vec outlines; /* bp_outline */
    bp_vec labels;   /* bp_label, by increasing page */
    const char *title, *author, *subject, *keywords;
    long long source_date; /* seconds since epoch, or -1 for none */
    bp_print print;
    bool no_sync;      /* the written file is not fsync'ed (the caller syncs) */
    bool font_threads; /* fonts are subset and compressed on threads */
    bool provenance;   /* record sources (the layout stage does, when set) */
    bp_vec sources;    /* bp_dl_source */
} bp_doc;

void dl_init(bp_doc *doc, bp_arena *a);
bp_page *dl_add_page(bp_doc *doc, double width, double height);
bp_page *dl_page(const bp_doc *doc, int i);
/* Turns a landscape page (width > height) into portrait paper with
 * rotate 90, its items kept in their landscape frame. */
void dl_turn_page(bp_page *p);
/* The width and height of the frame a page's items are in (turned pages:
 * the landscape frame). */
static inline double dl_frame_width(const bp_page *p)
{
    return p->rotate ? p->height : p->width;
}
static inline double dl_frame_height(const bp_page *p)
{
    return p->rotate ? p->width : p->height;
}
int dl_page_count(const bp_doc *doc);
/* A run of text as drawn: its baseline's start (x, y), role, size, the
 * thin outline stroke of bold, and its bytes. */
typedef struct bp_text_run {
    double x, y;
    bp_role role;
    double size;
    bool bold;
    const char *s;
    size_t len;
} bp_text_run;

void dl_text(bp_doc *doc, bp_page *p, const bp_text_run *r);
void dl_line(bp_doc *doc, bp_page *p, double x, double y, double x2, double y2, double width);
void dl_rect(bp_doc *doc, bp_page *p, double x, double y, double x2, double y2, double gray);
void dl_link(bp_doc *doc, bp_page *p, double x, double y, double x2, double y2, int target);
/* A link to the point of page target whose y (points) comes at the top. */
void dl_link_to(bp_doc *doc, bp_page *p, double x, double y, double x2, double y2, int target,
                double dest_y);
void dl_mark(bp_doc *doc, bp_page *p, double x, double y, double x2, double y2, bp_mark_style style,
             double width);
void dl_note(bp_doc *doc, bp_page *p, double x, double y, double x2, double y2, bp_mark_style style,
             const char *text);
/* Inserts n blank pages (width × height) before page `at`: the pages
 * after, and every page index that points at them (links, outlines,
 * labels, sources), move by n. */
void dl_insert_pages(bp_doc *doc, int at, int n, double width, double height);
/* Records the box of a data cell on page p (when doc->provenance). */
/* Records where a box of page p came from (s.page is set from p). */
void dl_source(bp_doc *doc, const bp_page *p, bp_dl_source s);
void dl_outline(bp_doc *doc, const char *title, int page, int level);
void dl_label(bp_doc *doc, int page, bp_label_style style, const char *prefix, int first);

#endif
