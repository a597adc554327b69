/* workbook_biff_globals.c — the globals substream of a BIFF8 Workbook
 * stream, from its BOF to its EOF: the version (BIFF5/7 and older are
 * refused with the way out), a password (FILEPASS, refused), the shared
 * strings (SST and its CONTINUE records), the number formats (FORMAT),
 * the cell formats (XF) and the worksheets (BOUNDSHEET: name, hidden,
 * where their records start). Every count the file gives is bounded
 * (workbook_biff.h) and every read checked against its record. */
#include <stdlib.h>
#include <string.h>

#include "workbook_biff.h"
#include "i18n.h"

static int refuse_version(biff_book *bk, bp_error *e, unsigned type, unsigned vers)
{
    if (type == BIFF_BOF && vers == 0x0500)
        return bp_fail(
            e, BP_EINPUT,
            _("%s: an Excel 5.0/95 workbook (BIFF5), which budgetpdf does not read: open "
              "it in Excel or WPS and save it as .xlsx (or as Excel 97-2003 .xls), then "
              "give that file"),
            bk->shown);
    return bp_fail(e, BP_EINPUT,
                   _("%s: not an Excel 97-2003 workbook (its Workbook stream starts with record "
                     "0x%04X, version 0x%04X: an Excel 2.x-4.0 file?); open it in Excel or WPS and "
                     "save it as .xlsx, then give that file"),
                   bk->shown, type, vers);
}

static int read_sst(biff_book *bk, size_t rec, bp_error *e)
{
    bp_vec_init(&bk->sst, sizeof(const char *));
    biff_cur c;
    biff_cur_open(&c, bk->s, bk->n, rec, 0);
    unsigned char h[8];
    if (!biff_cur_read(&c, h, 8)) return biff_corrupt(bk, e, BIFF_SST, rec, -1, 0, "too short");
    uint32_t count = biff_u32(h + 4);
    if (count > XLS_MAX_STRINGS)
        return biff_corrupt(bk, e, BIFF_SST, rec, -1, 0,
                            "%lu shared strings; the limit is %d (docs/limits.md)",
                            (unsigned long)count, XLS_MAX_STRINGS);
    for (uint32_t i = 0; i < count; i++) {
        const char **s = bp_vec_push(bk->a, &bk->sst);
        if (!biff_cur_string(bk, &c, 2, s))
            return biff_corrupt(bk, e, BIFF_SST, rec, -1, 0,
                                "shared string %lu of %lu runs past the record and its CONTINUE "
                                "records",
                                (unsigned long)i, (unsigned long)count);
    }
    return BP_OK;
}

static int read_boundsheet(biff_book *bk, size_t rec, const unsigned char *d, unsigned len,
                           bp_error *e)
{
    if (len < 8) return biff_corrupt(bk, e, BIFF_BOUNDSHEET, rec, -1, 0, "too short");
    if (d[5] != 0) return BP_OK; /* a chart, macro or VB module sheet */
    if (bk->sheets.n >= XLS_MAX_SHEETS)
        return biff_corrupt(bk, e, BIFF_BOUNDSHEET, rec, -1, 0,
                            "more than %d worksheets; the limit is %d (docs/limits.md)",
                            XLS_MAX_SHEETS, XLS_MAX_SHEETS);
    biff_sheet_ref *s = bp_vec_push(bk->a, &bk->sheets);
    s->pos = biff_u32(d);
    s->rec = rec;
    s->hidden = (d[4] & 3) != 0;
    biff_cur c;
    biff_cur_open(&c, bk->s, bk->n, rec, 6);
    if (!biff_cur_string(bk, &c, 1, &s->name))
        return biff_corrupt(bk, e, BIFF_BOUNDSHEET, rec, -1, 0,
                            "the sheet's name runs past the record");
    return BP_OK;
}

static int read_format(biff_book *bk, size_t rec, const unsigned char *d, unsigned len, bp_error *e)
{
    if (len < 5) return biff_corrupt(bk, e, BIFF_FORMAT, rec, -1, 0, "too short");
    if (bk->fmts.n >= XLS_MAX_FORMATS)
        return biff_corrupt(bk, e, BIFF_FORMAT, rec, -1, 0,
                            "more than %d number formats; the limit is %d (docs/limits.md)",
                            XLS_MAX_FORMATS, XLS_MAX_FORMATS);
    biff_fmt *f = bp_vec_push(bk->a, &bk->fmts);
    f->id = (int)biff_u16(d);
    biff_cur c;
    biff_cur_open(&c, bk->s, bk->n, rec, 2);
    if (!biff_cur_string(bk, &c, 2, &f->code))
        return biff_corrupt(bk, e, BIFF_FORMAT, rec, -1, 0, "the format runs past the record");
    return BP_OK;
}

static int read_xf(biff_book *bk, size_t rec, const unsigned char *d, unsigned len, bp_error *e)
{
    if (len < 4) return biff_corrupt(bk, e, BIFF_XF, rec, -1, 0, "too short");
    if (bk->xfs.n >= XLS_MAX_XFS)
        return biff_corrupt(bk, e, BIFF_XF, rec, -1, 0,
                            "more than %d cell formats; the limit is %d (docs/limits.md)",
                            XLS_MAX_XFS, XLS_MAX_XFS);
    *(int *)bp_vec_push(bk->a, &bk->xfs) = (int)biff_u16(d + 2);
    return BP_OK;
}

static int by_id(const void *x, const void *y)
{
    const biff_fmt *a = x, *b = y;
    return (a->id > b->id) - (a->id < b->id);
}

/* Each XF's format code: a FORMAT record's (the first with its id),
 * else Excel's built-in one; "General" is NULL. */
static void resolve_formats(biff_book *bk)
{
    biff_fmt *f = bk->fmts.items;
    size_t nf = (size_t)bk->fmts.n;
    if (nf > 1) qsort(f, nf, sizeof *f, by_id); /* not stable: ids are kept unique below */
    size_t k = 0;
    for (size_t i = 0; i < nf; i++)
        if (k == 0 || f[k - 1].id != f[i].id) f[k++] = f[i];
    bk->xf_fmt = bp_alloc(bk->a, sizeof(const char *) * ((size_t)bk->xfs.n + 1));
    for (int i = 0; i < bk->xfs.n; i++) {
        biff_fmt key = {((const int *)bk->xfs.items)[i], NULL};
        const biff_fmt *d = k ? bsearch(&key, f, k, sizeof *f, by_id) : NULL;
        const char *code = d ? d->code : wb_builtin_format(key.id);
        bk->xf_fmt[i] = code && strcmp(code, "General") != 0 ? code : NULL;
    }
}

static int globals_record(biff_book *bk, size_t rec, unsigned type, const unsigned char *d,
                          unsigned len, bp_error *e)
{
    switch (type) {
    case BIFF_FILEPASS:
        return bp_fail(
            e, BP_EINPUT,
            _("%s: the .xls workbook is password-protected; remove the password in Excel "
              "or WPS and save it as .xlsx"),
            bk->shown);
    case BIFF_SST:
        if (bk->sst.size) return biff_corrupt(bk, e, type, rec, -1, 0, "a second SST record");
        return read_sst(bk, rec, e);
    case BIFF_BOUNDSHEET:
        return read_boundsheet(bk, rec, d, len, e);
    case BIFF_FORMAT:
        return read_format(bk, rec, d, len, e);
    case BIFF_XF:
        return read_xf(bk, rec, d, len, e);
    default:
        return BP_OK;
    }
}

int biff_read_globals(biff_book *bk, bp_error *e)
{
    const unsigned char *s = bk->s;
    bp_vec_init(&bk->fmts, sizeof(biff_fmt));
    bp_vec_init(&bk->xfs, sizeof(int));
    bp_vec_init(&bk->sheets, sizeof(biff_sheet_ref));
    memset(&bk->sst, 0, sizeof bk->sst);
    if (bk->n < 8) return refuse_version(bk, e, bk->n >= 2 ? biff_u16(s) : 0, 0);
    if (biff_u16(s) != BIFF_BOF || biff_u16(s + 4) != 0x0600 || biff_u16(s + 2) < 4)
        return refuse_version(bk, e, biff_u16(s), biff_u16(s + 4));
    if (biff_u16(s + 6) != 0x0005)
        return biff_corrupt(bk, e, BIFF_BOF, 0, -1, 0, "the workbook's globals do not come first");
    for (size_t p = 0; p + 4 <= bk->n;) {
        unsigned type = biff_u16(s + p), len = biff_u16(s + p + 2);
        if (p + 4 + len > bk->n)
            return biff_corrupt(bk, e, type, p, -1, 0, "%u bytes long, past the stream's end", len);
        if (type == BIFF_EOF) {
            bk->globals_end = p + 4 + len;
            if (!bk->sst.size) bp_vec_init(&bk->sst, sizeof(const char *));
            resolve_formats(bk);
            return BP_OK;
        }
        BP_TRY(globals_record(bk, p, type, s + p + 4, len, e));
        p += 4 + len;
    }
    return biff_corrupt(bk, e, BIFF_BOF, 0, -1, 0, "the workbook's globals have no EOF record");
}
