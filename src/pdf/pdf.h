/* pdf.h — the PDF backend: draws a display list with libharu, subsets each
 * font with HarfBuzz before embedding, writes a correct ToUnicode map,
 * bookmarks and metadata. Makes no layout decisions. */
#ifndef BP_PDF_H
#define BP_PDF_H

#include "dlist.h"
#include "text.h"

/* Writes doc to path atomically: a temporary file in the same directory,
 * renamed into place only when complete (removed on any failure). bytes
 * (may be NULL) receives the size of the file written. The fonts are
 * subset from c->faces (NULL: none kept); failures go to c->e. */
int pdf_write(bp_ctx *c, const bp_doc *doc, const bp_fonts *fonts, const char *path,
              long long *bytes);

#endif
