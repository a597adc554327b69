/* report.h — the check report (budgetpdf check --report): the document as
 * render lays it out, with every cell a finding involves framed on its
 * pages (dlist.h marks: the wrong cell, the cells compared with it, a
 * quieter frame for rounding and warnings), a note (annotation) per
 * finding, summary pages in front listing each finding with a link to its
 * cell, and 校验报告 outside the trim of every page. Layout stage: it adds to
 * a display list laid out with provenance (bp_doc.provenance), no PDF
 * calls. */
#ifndef BP_REPORT_H
#define BP_REPORT_H

#include "check.h"
#include "layout.h"

/* Where a finding is shown: the page and box of its note (-1: not drawn). */
typedef struct report_place {
    int page;
    double top; /* y of the box's top */
    bool wrong; /* the box is the wrong cell's or the text's phrase (else a compared cell's:
                   the wrong one is not drawn, as in a table without rows) */
} report_place;

typedef struct bp_report {
    bp_arena *a;
    bp_vec findings; /* bp_finding, copied with their strings and cells */
    bp_check_stats st;
    const char *dept_dir;
    report_place *places; /* of each finding, once report_locate ran (else NULL) */
} bp_report;

void report_init(bp_report *r, bp_arena *a, const char *dept_dir);
/* Keeps a copy of f (a finding is valid during its callback only). */
void report_keep(bp_report *r, const bp_finding *f);
/* Finds where each kept finding is drawn in the laid-out document (with
 * its sources): a text finding at the characters set from its phrase's
 * bytes (one box per line it was set on), a table finding at its wrong
 * cell (or, when that has no box, its first cell drawn). Fills each
 * finding's boxes (pages before any summary) and r->places. */
void report_locate(bp_report *r, const bp_doc *doc);
/* Turns the laid-out document (with its sources) into the report
 * (report_locate first, when not yet). */
int report_add(bp_layout_ctx *ctx, bp_doc *doc, bp_report *r);

/* ---- shared by report.c and report_summary.c ---- */

/* The summary pages, inserted before the document's first page; places[i]
 * (of finding i) are page indexes before the insertion. */
int report_summary(bp_layout_ctx *ctx, bp_doc *doc, const bp_report *r, const report_place *places);

#endif
