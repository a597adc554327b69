/* pdf_font.h — private to the PDF backend (pdf.c, pdf_font.c): code point
 * sets, HarfBuzz subsetting + in-memory loading of a subset into libharu,
 * and the ToUnicode rewrite. Depends on libharu 2.3.0 internals. */
#ifndef BP_PDF_FONT_H
#define BP_PDF_FONT_H

/* hpdf.h without HPDF_SHARED exposes hpdf_doc.h (pdf->mmgr etc.). */
#include <hb.h>
#include <hpdf.h>

#include "util.h"

/* The status of a libharu failure: its allocation failing is a resource
 * (BP_ERESOURCE), anything else an output error. */
#define PDF_HPDF_STATUS(st) ((st) == HPDF_FAILD_TO_ALLOC_MEM ? BP_ERESOURCE : BP_EIO)

/* A set of BMP code points (one bit each, 8 KB). */
typedef struct pdf_cpset {
    uint32_t bits[65536 / 32];
    int count;
} pdf_cpset;

static inline void pdf_cpset_add(pdf_cpset *s, uint32_t cp)
{
    uint32_t m = 1u << (cp & 31);
    if (cp <= 0xFFFF && !(s->bits[cp >> 5] & m)) {
        s->bits[cp >> 5] |= m;
        s->count++;
    }
}

static inline bool pdf_cpset_has(const pdf_cpset *s, uint32_t cp)
{
    return cp <= 0xFFFF && (s->bits[cp >> 5] >> (cp & 31)) & 1;
}

/* The hb-subset input faces kept between documents: the PDF part of a
 * budgetpdf_context (context.h). At most max_faces faces, the least
 * recently used dropped first. Thread-safe. NULL when out of memory. */
typedef struct pdf_face_cache pdf_face_cache;
pdf_face_cache *pdf_face_cache_new(int max_faces);
void pdf_face_cache_free(pdf_face_cache *c);
/* Faces the cache holds: for tests. */
int pdf_face_cache_count(pdf_face_cache *c);

/* Subsets face `index` of the TrueType file at `path` to the code points of
 * cps (plus .notdef, with its outline) with hb-subset: *out receives the
 * subset font file (release with hb_blob_destroy). The input face is taken
 * from faces, or kept there (faces NULL: opened for this call only).
 * Thread-safe. BP_OK, or BP_EINPUT (BP_ERESOURCE) with e set. */
int pdf_font_subset(pdf_face_cache *faces, const char *path, int index, const pdf_cpset *cps,
                    hb_blob_t **out, bp_error *e);

/* Loads the subset font file data[len] (of face `index` of `path`, named in
 * messages) into pdf from memory, tags it (tag: exactly 6 uppercase
 * letters, unique within the document; BaseFont becomes
 * "TAG+PostScriptName") and returns the Type0/Identity-H font for the
 * "UTF-8" encoder. With file, *file receives an empty stream for the font
 * file that pdf_deflate_font fills with the compressed subset; with file
 * NULL, libharu embeds its own rewrite of the font when it saves (as a
 * plain libharu program would: bench/floor.c). On failure returns NULL and
 * sets e (BP_EINPUT for an unusable font, BP_EIO for libharu errors). The
 * caller must have enabled UTF encodings and compression. */
HPDF_Font pdf_font_load(HPDF_Doc pdf, const char *path, int index, const char *data, unsigned len,
                        const char *tag, HPDF_Dict *file, bp_error *e);

/* pdf_font_subset, then pdf_font_load with no file: libharu embeds its
 * own rewrite of the font (bench/floor.c). */
HPDF_Font pdf_font_embed(HPDF_Doc pdf, pdf_face_cache *faces, const char *path, int index,
                         const pdf_cpset *cps, const char *tag, bp_error *e);

/* Replaces the font's (invalid) ToUnicode CMap with an identity CMap of
 * bfchar entries for exactly the code points of cps. Call once per font,
 * after the last text drawn with it and before saving. Returns BP_OK or
 * BP_EIO. */
int pdf_font_fix_tounicode(HPDF_Font font, const pdf_cpset *cps, bp_error *e);

/* A deterministic subset tag: 5 letters hashed from the inputs + the
 * letter 'A' + slot, so that tags of different slots in one document always
 * differ. out must hold 7 bytes. */
/* Rewrites /DW and /W so that only widths differing from the commonest are
 * listed. Call after drawing. */
int pdf_font_compact_widths(HPDF_Font font, const pdf_cpset *cps, bp_error *e);

void pdf_font_tag(const char *path, int index, const pdf_cpset *cps, int slot, char out[7]);

#endif
