/* layout_table_priv.h — the table layouter's phases and the state they
 * hand on (not installed). layout_table() runs them in order:
 *   table_measure      cells: text, style, row flags   (layout_table_measure.c)
 *   table_fit_widths   page, column widths, type size  (layout_table_measure.c)
 *   table_row_heights  wrapped cells, row heights      (layout_table_measure.c)
 *   table_paginate     rows (and notes) onto pages     (layout_table_paginate.c)
 *   table_place        where rows and cell fragments go (layout_table_paginate.c)
 *   table_draw         the display list                (layout_table_draw.c)
 * table_paginate is "simulate, then commit": a merged cell that continues
 * on a later page may need its last row there to be taller; it is checked
 * where it ends, page by page, that row grows, and pagination resumes from
 * the page where that row's keep chain is decided, never from the start
 * (table_paginate_stream). table_place then finds no cell lacking room. */
#ifndef BP_LAYOUT_TABLE_PRIV_H
#define BP_LAYOUT_TABLE_PRIV_H

#include "layout_priv.h"

#define RULE_INNER 0.5
#define RULE_OUTER 0.9

typedef struct cell_box { /* 88 bytes: a long table has tens of thousands */
    text_block text;
    double fill; /* < 0 none */
    int row, col, rowspan, colspan;
    int line; /* source line */
} cell_box;

/* The part of a cell on one page: its box and the lines it shows there. */
typedef struct cell_frag {
    int cell, page;
    int first, count; /* lines [first, first + count) of the cell's text */
    double top, bot;  /* y of the box's top and bottom edges */
    bool repeat;      /* a short label shown again on a page its cell continues on */
    bool copy;        /* a section head row's cell repeated: no provenance box */
} cell_frag;

typedef struct table_job {
    bp_layout_ctx *ctx;
    bp_arena *a; /* the table's scratch arena (ctx->c->a: the document's) */
    const bp_table_spec *t;
    const bp_table_data *d;
    int source;         /* the table's index in the set when d is its data (provenance), else -1 */
    const int *src_row; /* per body row of d its row in the data (-1: padding); NULL: the same */
    const char *title, *cont, *subtitle, *capl, *capr; /* expanded */
    /* table_measure */
    cell_box *cells; /* in row order */
    const char **texts;
    int ncells;
    const char **htext; /* per header cell: its text for this department */
    bool *row_bold;     /* per body row */
    bool *row_keep;     /* per body row: a sub-header row (keep_with_next) */
    bool *row_sect;     /* per body row: a section head (repeated on the pages its rows go on to) */
    int *sect_of;       /* per body row: the section head row over it, -1: none */
    int *row_cell;      /* nrows + 1: the cells of row r start at row_cell[r] */
    /* table_fit_widths */
    grid_geo g; /* its page and columns */
    double size, hsize, pad;
    /* table_row_heights */
    double *rowh; /* per body row */
    cell_box *hcells;
    int nh, hr;    /* header cells, header rows */
    double *headh; /* per header row */
    double header_h;
    /* notes under the table (layout_table.c) */
    text_block *notes;
    int nnotes;
    double notes_h, note_size;
    /* table_paginate */
    double cap;         /* room for the body on the first page */
    double cont_cap;    /* and on the others (no header rows: repeat_header false) */
    double *head;       /* per pager item: its section head's height (repeated above it
                           when it starts a page), else 0 */
    double *extra;      /* per body row: height added so that merged cells fit */
    int grown;          /* the first row whose extra grew in the last table_place; -1: none */
    bp_pag_item *items; /* the pager's items: one per body row, then the notes */
    int nitems;
    bool keep_before_last; /* the row before the last keeps with it (before the 合计 rule) */
    bp_vec partv;          /* bp_piece: parts */
    bp_piece *parts;
    int nparts, nrowparts, npages; /* nrowparts: parts of body rows (the notes come last) */
    int notes_page;                /* -1: no notes */
    int *first_part, *last_part;   /* per body row */
    int *page_part;                /* npages + 1: the row parts of page p start at page_part[p] */
    int *page_sect;                /* per page: the section head row repeated at its top, -1 */
    long visits;                   /* the parts the pager placed, repairs included (its work) */
    int repairs;                   /* rows grown by the first pagination's local repairs */
    int passes;                    /* paginations (1 when the repairs left no cell lacking) */
    /* table_place */
    double body_top;     /* y under the header rows (page 0; every page with repeat_header) */
    double *ptop;        /* per row part: its top y */
    double *page_bottom; /* per page: y under its last row */
    cell_frag *frags;    /* per cell: its fragment on the first page it touches */
    int *page_frag;      /* npages + 1: the cells starting on page p start at page_frag[p] */
    cell_frag *conts;    /* the other fragments (cells continued), by page and cell */
    int *page_cont;      /* npages + 1: the continued fragments of page p start there */
} table_job;

/* True when the row rules make body row `row` of d bold (a total row). */
bool table_row_bold(const bp_table_spec *t, const bp_table_data *d, int row);
/* The body with t->padding_rows empty ruled rows before its total (its
 * last row when bold; else after its last row), or d itself when it has
 * none; *src_row receives per row of the view its row in d (-1: padding),
 * or NULL for d itself (layout_table_pad.c). */
const bp_table_data *table_padded(bp_arena *a, const bp_table_spec *t, const bp_table_data *d,
                                  const int **src_row);

/* Every phase up to table_place, on a zeroed job with ctx, a, t and d set
 * (layout_table then draws; the unit tests look at the job). */
int table_layout_job(table_job *j);

/* Phase 1: the body cells (text, style, role) and the row flags; checks
 * that every character has a font. */
int table_measure(table_job *j);
/* Phase 2: fits the table to its page: declared orientation, then
 * landscape (orientation: auto), then narrower columns (to min_width), then
 * smaller type (down to min_font_size). Sets g (with column positions),
 * size and hsize. */
int table_fit_widths(table_job *j);
/* Phase 3: wraps body and header cells in their columns, sizes the rows
 * (merged cells spread what they lack over their rows), and the room a
 * page leaves for the body (cap). */
int table_row_heights(table_job *j);
/* Phase 4: rows (heights rowh + extra) and the notes onto pages: rows
 * joined by merged cells keep together when they fit a page, a bold row
 * or a sub-header never ends a page, a final bold row brings the row
 * before it, rows taller than a page break between lines, notes travel
 * with the last row. Run again after table_place grew rows (grown >= 0),
 * it keeps the pages before the one where the first grown row's keep
 * chain is decided and paginates from that page on. */
int table_paginate(table_job *j);
/* table_paginate's first pagination (layout_table_stream.c): the pager
 * stops at each page's end; each merged cell is checked where it ends (its
 * rows all on finished pages), and one lacking room grows its last row and
 * sends the pager back to the page where that row's keep chain is decided
 * (layout_paginate_resume): one pass plus local repairs. */
int table_paginate_stream(table_job *j, bp_pag_job *job);
/* The pager's per-item section heads (from rowh + extra), and the keep
 * flag of the row before a final bold row (layout_table_stream.c). */
void table_section_heads(table_job *j);
void table_keep_final_row(table_job *j);
/* Phase 5: the y of every row part, and each cell's fragments with the
 * lines they show (layout_flow_lines: the one way any cell continues on
 * the next page). Adds to extra[] what a cell continued from an earlier
 * page lacks in its last row; returns the total lacked (0: done). */
double table_place(table_job *j);
/* y under the title, subtitle and caption of every page (as
 * draw_caption_and_title leaves it). */
double table_title_bottom(const table_job *j);
/* y under the header rows of page p (under the title when a page after
 * the first repeats no header: repeat_header false). */
static inline double table_body_top(const table_job *j, int p)
{
    return p == 0 || j->t->repeat_header ? j->body_top : j->body_top + j->header_h;
}
/* Phase 6: the pages into the display list. */
void table_draw(table_job *j, bp_doc *doc);

#endif
