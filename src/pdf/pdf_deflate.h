/* pdf_deflate.h — compresses libharu's streams with libdeflate before
 * libharu writes them (page contents, embedded fonts, their CMaps). */
#ifndef BP_PDF_DEFLATE_H
#define BP_PDF_DEFLATE_H

#include <hpdf.h>

#include "util.h"

/* The compression level: libdeflate's 6 makes files a little smaller than
 * zlib's default (libharu's) in half the time. */
#define PDF_DEFLATE_LEVEL 6

typedef struct pdf_deflater pdf_deflater;

/* NULL when out of memory. */
pdf_deflater *pdf_deflater_new(void);
void pdf_deflater_free(pdf_deflater *z);

/* Compresses a finished page's content stream, which libharu then writes
 * as it is, with /Filter /FlateDecode. A page whose text object or saved
 * graphics state is still open is left to libharu (which closes them when
 * it writes the page). */
int pdf_deflate_page(pdf_deflater *z, HPDF_Page page, bp_error *e);

/* Compresses in[len] as a zlib stream (FlateDecode): *out points into z's
 * buffer, valid until z's next use. Needs no libharu object, so a thread
 * with its own z can run it (pdf_fontjob.c). */
int pdf_deflate_buffer(pdf_deflater *z, const void *in, size_t len, const unsigned char **out,
                       size_t *outlen, bp_error *e);

/* Builds the font's descriptor now (libharu would when it writes the
 * font) with `file` as its embedded font file (FontFile2, instead of the
 * font libharu would rewrite from what it loaded), stores zfile[zlen], the
 * compressed subset (pdf_deflate_buffer), as that file's data, and
 * compresses the CIDToGIDMap and the ToUnicode CMap. Call after the font's
 * ToUnicode CMap is final. */
int pdf_deflate_font(pdf_deflater *z, HPDF_Font font, HPDF_Dict file, const unsigned char *zfile,
                     size_t zlen, bp_error *e);

#endif
