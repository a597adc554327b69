/* layout_table.c — one table, from a new page on: the phases of
 * layout_table_priv.h in order (measure, fit widths, row heights,
 * paginate with local repairs where merged cells end, place, draw), plus what they
 * share: the titles and the notes under the table. */
#include "layout_table_priv.h"

#include <stdio.h>
#include <string.h>

/* How many times placing may still find merged cells lacking room after
 * the first pagination's local repairs (none when they are exact), each
 * time pagination resuming from where the first grown row's keep chain is
 * decided (table_paginate). */
#define MAX_PASSES 8

/* The notes under the table (and the empty table's note), wrapped. */
static int table_notes(table_job *j)
{
    const bp_table_spec *t = j->t;
    int rc;
    char where[1024];
    j->notes = bp_alloc(j->a, (size_t)(t->nnotes + 2) * sizeof *j->notes);
    j->nnotes = 0;
    j->notes_h = 0;
    j->note_size = t->font_size;
    for (int i = -1; i < t->nnotes; i++) {
        const bp_template *tmpl =
            i < 0 ? (data_table_is_empty(t, j->d) ? t->empty_note : NULL) : t->notes[i];
        if (!tmpl) continue;
        const char *s = layout_expand(j->ctx->c->a, tmpl, j->ctx->dept, -1, -1, NULL);
        snprintf(where, sizeof where, "%s, note", tpl_where(tmpl, t->file));
        if ((rc = layout_check_text(j->ctx, BP_ROLE_NOTE, s, where))) return rc;
        text_block *b = &j->notes[j->nnotes++];
        memset(b, 0, sizeof *b);
        b->role = BP_ROLE_NOTE;
        b->size = j->note_size;
        b->line_spacing = t->line_spacing;
        b->scale = 1;
        b->align = BP_ALIGN_LEFT;
        text_origin o = {where, NULL, NULL, NULL, 0};
        if ((rc = layout_wrap_block(j->ctx, j->a, b, s, j->g.page.width, &o))) return rc;
        j->notes_h += block_height(b) + j->note_size * 0.4;
    }
    if (j->nnotes) j->notes_h += j->note_size * 0.8;
    return BP_OK;
}

/* The title, continuation title, subtitle and caption, expanded and
 * checked against the fonts. */
static int table_titles(table_job *j)
{
    bp_layout_ctx *ctx = j->ctx;
    const bp_table_spec *t = j->t;
    const bp_department *dept = ctx->dept;
    j->title = layout_expand(ctx->c->a, t->title, dept, -1, -1, NULL);
    j->cont = layout_expand(ctx->c->a, t->continued, dept, -1, -1, j->title);
    j->subtitle = t->subtitle ? layout_expand(ctx->c->a, t->subtitle, dept, -1, -1, NULL) : NULL;
    j->capl =
        t->caption_left ? layout_expand(ctx->c->a, t->caption_left, dept, -1, -1, NULL) : NULL;
    j->capr =
        t->caption_right ? layout_expand(ctx->c->a, t->caption_right, dept, -1, -1, NULL) : NULL;
    char where[1024], quoted[256];
    snprintf(where, sizeof where, "%s (%s)", t->file,
             bp_quote(quoted, sizeof quoted, j->title, BP_QUOTE_CHARS));
    int rc;
    if ((rc = layout_check_text(ctx, BP_ROLE_TITLE, j->title, where))) return rc;
    if ((rc = layout_check_text(ctx, BP_ROLE_TITLE, j->cont, where))) return rc;
    if (j->subtitle && (rc = layout_check_text(ctx, BP_ROLE_BODY, j->subtitle, where))) return rc;
    if (j->capl && (rc = layout_check_text(ctx, BP_ROLE_BODY, j->capl, where))) return rc;
    if (j->capr && (rc = layout_check_text(ctx, BP_ROLE_BODY, j->capr, where))) return rc;
    return BP_OK;
}

int table_layout_job(table_job *j)
{
    int rc;
    if ((rc = table_titles(j)) || (rc = table_measure(j)) || (rc = table_fit_widths(j)) ||
        (rc = table_row_heights(j)) || (rc = table_notes(j)))
        return rc;
    j->extra = bp_alloc(j->a, (size_t)(j->d->nrows + 1) * sizeof *j->extra);
    /* simulate, then commit: the first pagination checks each merged cell
     * where it ends and repairs locally the rows of those that lack room
     * (table_paginate_stream); should placing still find one lacking, its
     * last row grows and pagination goes on from the page where that row's
     * keep chain is decided (the pages before it are kept) */
    for (int pass = 0;; pass++) {
        j->passes++;
        if ((rc = table_paginate(j))) return rc;
        if (table_place(j) == 0 || pass + 1 == MAX_PASSES) break;
    }
    return BP_OK;
}

int layout_table(bp_layout_ctx *ctx, const bp_table_spec *t, const bp_table_data *d, bp_doc *doc,
                 bp_table_pages *pages)
{
    /* Cells, their wrapped lines, parts and rules die with the table: the
     * next table, and the PDF stage, reuse their memory instead of touching
     * new pages. */
    bp_arena *scratch = bp_arena_scratch(ctx->c->a); /* also freed with ctx->c->a */
    table_job j;
    memset(&j, 0, sizeof j);
    /* an empty table prints the body its `empty:` asks for */
    j.ctx = ctx, j.a = scratch, j.t = t, j.d = data_empty_view(scratch, t, d);
    if (j.d == d) j.d = table_padded(scratch, t, d, &j.src_row); /* padding_rows */
    /* the boxes of its cells record where they came from (dlist.h), unless
     * the table prints a body of its own (an empty table's blank row) */
    const bp_layout_set *set = ctx->set;
    bool in_set = set && t >= set->tables && t < set->tables + set->ntables;
    j.source = in_set && (j.d == d || j.src_row) ? (int)(t - set->tables) : -1;
    int rc = table_layout_job(&j);
    if (rc == BP_OK) {
        pages->first_page = dl_page_count(doc);
        pages->npages = j.npages;
        table_draw(&j, doc);
    }
    bp_arena_free(scratch);
    return rc;
}
