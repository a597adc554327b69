/* pdf_deflate.c — stream compression for the PDF backend. libharu 2.3.0
 * compresses every stream with zlib at its default level while it saves;
 * for a CJK document that is a third of the whole run (mostly the embedded
 * font). libdeflate compresses the same data to the same size or smaller
 * in half the time. A stream compressed here is handed back to libharu
 * with no filter, so libharu copies the bytes as they are, and a write
 * hook adds the /Filter /FlateDecode entry libharu would have written. */
#include "pdf_deflate.h"
#include "pdf_font.h"

#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf_font.h>
#include <hpdf_fontdef.h>

struct pdf_deflater {
    struct libdeflate_compressor *c;
    unsigned char *in, *out;
    size_t incap, outcap;
};

pdf_deflater *pdf_deflater_new(void)
{
    pdf_deflater *z = calloc(1, sizeof *z);
    if (!z) return NULL;
    z->c = libdeflate_alloc_compressor(PDF_DEFLATE_LEVEL);
    if (!z->c) {
        free(z);
        return NULL;
    }
    return z;
}

void pdf_deflater_free(pdf_deflater *z)
{
    if (!z) return;
    libdeflate_free_compressor(z->c);
    free(z->in);
    free(z->out);
    free(z);
}

/* libharu drops a /Filter entry from a stream it does not filter itself;
 * this writes it back, just before the dictionary closes. */
static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream stream)
{
    (void)dict;
    return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

static int grow(unsigned char **buf, size_t *cap, size_t need)
{
    if (need <= *cap) return 0;
    unsigned char *p = realloc(*buf, need);
    if (!p) return -1;
    *buf = p;
    *cap = need;
    return 0;
}

/* Makes data[n], already compressed, the data of stream dict d, which
 * libharu then writes as it is, with /Filter /FlateDecode. */
static int store(HPDF_Dict d, const unsigned char *data, size_t n, bp_error *e)
{
    HPDF_Stream s = d->stream;
    HPDF_MemStream_FreeData(s);
    HPDF_STATUS st = HPDF_Stream_Write(s, data, (HPDF_UINT)n);
    if (st != HPDF_OK)
        return bp_fail(e, PDF_HPDF_STATUS(st),
                       "libharu: cannot store a compressed stream (error 0x%04X)", (unsigned)st);
    d->filter = HPDF_STREAM_FILTER_NONE;
    d->write_fn = write_flate_filter;
    return BP_OK;
}

/* Replaces the data of a memory stream dict that libharu would deflate by
 * its deflated form. Streams libharu would not compress are left alone. */
static int deflate_dict(pdf_deflater *z, HPDF_Dict d, bp_error *e)
{
    if (!d || !d->stream || d->filter != HPDF_STREAM_FILTER_FLATE_DECODE ||
        d->stream->type != HPDF_STREAM_MEMORY)
        return BP_OK;
    HPDF_Stream s = d->stream;
    size_t size = s->size;
    if (grow(&z->in, &z->incap, size + 1))
        return bp_fail(e, BP_ERESOURCE, "out of memory compressing the PDF");
    size_t off = 0;
    HPDF_UINT nbuf = HPDF_MemStream_GetBufCount(s);
    for (HPDF_UINT i = 0; i < nbuf && off < size; i++) {
        HPDF_UINT len = 0;
        HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(s, i, &len);
        if (!p) break;
        if (len > size - off) len = (HPDF_UINT)(size - off);
        memcpy(z->in + off, p, len);
        off += len;
    }
    if (off != size)
        return bp_fail(e, BP_EIO, "libharu: a stream of %zu bytes holds %zu", size, off);
    const unsigned char *out;
    size_t n;
    int rc = pdf_deflate_buffer(z, z->in, size, &out, &n, e);
    if (rc) return rc;
    return store(d, out, n, e);
}

int pdf_deflate_buffer(pdf_deflater *z, const void *in, size_t len, const unsigned char **out,
                       size_t *outlen, bp_error *e)
{
    size_t bound = libdeflate_zlib_compress_bound(z->c, len);
    if (grow(&z->out, &z->outcap, bound))
        return bp_fail(e, BP_ERESOURCE, "out of memory compressing the PDF");
    size_t n = libdeflate_zlib_compress(z->c, in, len, z->out, bound);
    if (n == 0) return bp_fail(e, BP_EIO, "cannot compress a stream of %zu bytes", len);
    *out = z->out;
    *outlen = n;
    return BP_OK;
}

int pdf_deflate_page(pdf_deflater *z, HPDF_Page page, bp_error *e)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    /* libharu appends ET / Q to an unfinished page when it writes it */
    if (attr->gmode != HPDF_GMODE_PAGE_DESCRIPTION || (attr->gstate && attr->gstate->prev))
        return BP_OK;
    return deflate_dict(z, attr->contents, e);
}

int pdf_deflate_font(pdf_deflater *z, HPDF_Font font, HPDF_Dict file, const unsigned char *zfile,
                     size_t zlen, bp_error *e)
{
    HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
    if (!fa || !fa->fontdef || !font->before_write_fn || !file)
        return bp_fail(e, BP_EIO, "libharu font has no attributes to compress");
    HPDF_TTFontDefAttr def = (HPDF_TTFontDefAttr)fa->fontdef->attr;
    /* The Type0 font's write hook (CIDFontType2) builds the descriptor
     * once, with a rewrite of the loaded font as its font file when the
     * font is "embedding"; on every call it copies the font's filter to the
     * CIDToGIDMap and ToUnicode streams. Run it now without the rewrite,
     * give the descriptor our file, then make the font's filter "none" so
     * that the call while saving keeps the streams as compressed here. */
    if (!fa->fontdef->descriptor) {
        HPDF_BOOL embedding = def->embedding;
        def->embedding = HPDF_FALSE;
        HPDF_STATUS st = font->before_write_fn(font);
        def->embedding = embedding;
        if (st != HPDF_OK || !fa->fontdef->descriptor)
            return bp_fail(e, PDF_HPDF_STATUS(st),
                           "libharu cannot build the font descriptor (error 0x%04X)", (unsigned)st);
        st = HPDF_Dict_Add(fa->fontdef->descriptor, "FontFile2", file);
        if (st != HPDF_OK)
            return bp_fail(e, PDF_HPDF_STATUS(st),
                           "libharu cannot add the font file (error 0x%04X)", (unsigned)st);
    }
    if (!file->stream || file->stream->type != HPDF_STREAM_MEMORY)
        return bp_fail(e, BP_EIO, "libharu font file is not a memory stream");
    int rc;
    if ((rc = store(file, zfile, zlen, e))) return rc;
    if ((rc = deflate_dict(z, fa->map_stream, e))) return rc;
    if ((rc = deflate_dict(z, fa->cmap_stream, e))) return rc;
    font->filter = HPDF_STREAM_FILTER_NONE;
    return BP_OK;
}
