/* pdf_fontjob.h — private to the PDF backend: the work on one embedded font
 * that needs no libharu object (hb-subset, then compressing the subset as
 * the PDF's font file), done on a thread of its own while the document is
 * built. */
#ifndef BP_PDF_FONTJOB_H
#define BP_PDF_FONTJOB_H

#include "pdf_font.h"

typedef struct pdf_font_job pdf_font_job;

/* Starts subsetting face `index` of `path` to the code points of cps and
 * then compressing the subset: with threaded, on a new thread (in the
 * caller's thread when no thread can be started); otherwise now, in the
 * caller's thread. The input face comes from faces (NULL: none kept).
 * faces, path and cps must stay valid and unchanged until
 * pdf_font_job_free. NULL when out of memory. */
pdf_font_job *pdf_font_job_start(pdf_face_cache *faces, const char *path, int index,
                                 const pdf_cpset *cps, bool threaded);

/* Waits for the subset: *data and *len are the subset font file (valid
 * until pdf_font_job_free). BP_OK, or the subset's error in e. */
int pdf_font_job_subset(pdf_font_job *j, const char **data, unsigned *len, bp_error *e);

/* Waits for the compressed subset (FlateDecode): *data and *len, valid
 * until pdf_font_job_free. BP_OK, or the error in e. */
int pdf_font_job_file(pdf_font_job *j, const unsigned char **data, size_t *len, bp_error *e);

/* Waits for the thread and frees everything of the job. NULL is allowed. */
void pdf_font_job_free(pdf_font_job *j);

#endif
