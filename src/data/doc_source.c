/* doc_source.c — which text a department has and its reading
 * (doc_source.h): department.yaml's `text:` or the default order
 * (document.md, document.docx, the workbook's text sheets), each input a
 * regular file inside the department folder; the source made Markdown and
 * parsed by doc_text.c with its places mapped back. */
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "data_workbook.h"
#include "doc_source.h"
#include "in_file.h"
#include "workbook_docx.h"
#include "i18n.h"

static bool has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && !strcasecmp(s + n - m, suf);
}

static bool present(bp_arena *a, const char *dir, const char *name)
{
    struct stat st;
    return dir && lstat(bp_path_join(a, dir, name), &st) == 0;
}

/* The kind of the file department.yaml's `text:` names. */
static int kind_of_text(const bp_department *d, const bp_layout_set *set, bp_text_kind *kind,
                        bp_error *e)
{
    if (has_suffix(d->text, ".md"))
        *kind = BP_TEXT_MD;
    else if (has_suffix(d->text, ".docx"))
        *kind = BP_TEXT_DOCX;
    else if (data_wb_is_workbook(d->text))
        *kind = BP_TEXT_SHEETS;
    else
        return bp_fail(e, BP_EINPUT,
                       _("%s:%d:%d: text must name a .md, a .docx or a workbook (.xlsx, .xls) with "
                         "text sheets"),
                       d->file, d->text_line, d->text_col);
    if (*kind == BP_TEXT_SHEETS && !(set && set->ntext_sheets))
        return bp_fail(e, BP_EINPUT,
                       _("%s:%d:%d: text names a workbook, but the layout set %s maps no text "
                         "sheets (`text:` in set.yaml, docs/layouts.md)"),
                       d->file, d->text_line, d->text_col, set ? set->file : d->layouts);
    return BP_OK;
}

int doc_source_find(bp_ctx *c, const bp_department *d, const bp_layout_set *set, bp_text_kind *kind,
                    const char **path)
{
    bp_arena *a = c->a;
    bp_error *e = c->e;
    *kind = BP_TEXT_NONE;
    *path = NULL;
    if (d->text) {
        BP_TRY(kind_of_text(d, set, kind, e));
        *path = d->text;
    } else if (present(a, d->dir, BP_DOC_TEXT_FILE)) {
        *kind = BP_TEXT_MD;
        *path = bp_path_join(a, d->dir, BP_DOC_TEXT_FILE);
    } else if (present(a, d->dir, BP_DOC_DOCX_FILE)) {
        *kind = BP_TEXT_DOCX;
        *path = bp_path_join(a, d->dir, BP_DOC_DOCX_FILE);
    } else if (d->workbook && set && set->ntext_sheets) {
        *kind = BP_TEXT_SHEETS;
        *path = d->workbook;
    }
    return BP_OK;
}

int doc_source_markdown(bp_ctx *c, const bp_department *d, const bp_layout_set *set,
                        bp_text_md *out)
{
    bp_arena *a = c->a;
    bp_error *e = c->e;
    memset(out, 0, sizeof *out);
    bp_text_kind kind;
    const char *path;
    BP_TRY(doc_source_find(c, d, set, &kind, &path));
    if (kind == BP_TEXT_NONE) return BP_OK;
    /* the rule of every input: a regular file inside the folder */
    BP_TRY(bp_check_file_in(d->dir, "the department folder", path, e));
    if (kind == BP_TEXT_MD) {
        char *src;
        size_t len;
        BP_TRY(bp_read_file_in(a, d->dir, "the department folder", path, &src, &len, e));
        *out = (bp_text_md){BP_TEXT_MD, path, src, len, {0, NULL, NULL, NULL, NULL}};
        return BP_OK;
    }
    if (kind == BP_TEXT_DOCX) {
        bp_docx *x;
        BP_TRY(docx_load(c, path, &x));
        return doc_docx_markdown(a, x, out, e);
    }
    return doc_sheets_markdown(c, d, set, out);
}

int doc_source_parse(bp_arena *a, const bp_text_md *md, bp_figure_fn fig, void *env, bp_text **out,
                     bp_error *e)
{
    *out = NULL;
    if (md->kind == BP_TEXT_NONE) return BP_OK;
    bp_text *t = bp_alloc(a, sizeof *t);
    BP_TRY(doc_text_parse_mapped(a, md->file, md->md, md->len, fig, env,
                                 md->map.nlines ? &md->map : NULL, t, e));
    *out = t;
    return BP_OK;
}

int doc_source_load(bp_ctx *c, const bp_department *d, const bp_layout_set *set, bp_figure_fn fig,
                    void *env, bp_text **out)
{
    bp_arena *a = c->a;
    bp_error *e = c->e;
    bp_text_md md;
    BP_TRY(doc_source_markdown(c, d, set, &md));
    return doc_source_parse(a, &md, fig, env, out, e);
}
