/* doc_style.h — the document style: how the text parts of a whole
 * 部门预算公开 are set (set.yaml `document:`; docs/layouts.md). Defaults
 * follow GB/T 9704-2012: A4, 版心 156 mm × 225 mm, body 3号 (16 pt) at a
 * fixed line pitch of 22 lines a page, headings by level in 黑体/楷体-style
 * roles, a 2-character first-line indent, "— 1 —" page numbers (on every
 * numbered page of the whole document: one style, one sequence). The page
 * may be landscape (`orientation: landscape`). */
#ifndef BP_DOC_STYLE_H
#define BP_DOC_STYLE_H

#include "role.h"
#include "spec.h"
#include "yamlq.h"

/* How one kind of block is set. */
typedef struct bp_doc_elem {
    bp_role role;
    double size;          /* points */
    bool bold;            /* drawn with a thin outline stroke */
    bp_align align;       /* left (justified for paragraphs), center */
    double indent;        /* first-line indent, in characters of size */
    double before, after; /* space above and below, in lines of the body's pitch */
    double pitch;         /* line pitch in points (0: the document's) */
    bool new_page;        /* starts a new page */
} bp_doc_elem;

typedef enum {
    BP_DOC_PART,
    BP_DOC_SECTION,
    BP_DOC_SUBSECTION,
    BP_DOC_HEADING4,
    BP_DOC_BODY,
    BP_DOC_ITEM,
    BP_DOC_NELEMS
} bp_doc_elem_kind;

typedef struct bp_doc_style {
    double page_w, page_h; /* mm: portrait, or landscape (page_w > page_h) */
    double margin[4];      /* mm: top right bottom left (the text block) */
    double pitch;          /* points from one baseline to the next */
    double max_gap;        /* widest extra gap of a justified line, in characters */
    double line_chars;     /* the grid: characters a full line holds (squeezed when they
                              are wider than the text block); 0: none */
    bp_doc_elem elem[BP_DOC_NELEMS];
    /* numbered lists: the label of item n ({n}: 一, 二 … or 1, 2 …) */
    const char *list_label;
    bool list_chinese; /* {n} in Chinese numerals */
    /* the document's cover, contents and the divider before the tables */
    const bp_template *title; /* cover title (department fields) */
    double title_size;
    const bp_template *contents_title;
    double contents_size;
    const bp_template *annex_entry; /* the contents entry and bookmark of the annex */
    /* the page numbers of the whole document: its text pages, the annex's
     * divider, its table and form pages */
    const bp_template *page_number; /* {page}, {pages}; empty: none */
    double page_number_size;        /* points */
    double page_number_gap;         /* mm from the text block's bottom to the number's top */
} bp_doc_style;

/* The defaults (GB/T 9704-2012), in a. */
const bp_doc_style *doc_style_default(bp_arena *a);
/* Parses the `document:` mapping v over the defaults. */
int doc_style_parse(bp_yaml *y, yaml_node_t *v, bp_arena *a, const bp_doc_style **out, bp_error *e);
/* The set's style, or the defaults when it has no `document:`. */
const bp_doc_style *doc_style_of(bp_arena *a, const bp_layout_set *set);

#endif
