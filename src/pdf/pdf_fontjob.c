/* pdf_fontjob.c — one thread per embedded font. Subsetting a CJK face with
 * hb-subset (mapping the font file, building its cmap and glyf accelerators)
 * and compressing the subset (a few hundred KB) are most of the time of a
 * small document's PDF stage; neither touches libharu, which is not thread-
 * safe. So each font's subset and compression run on a thread started when
 * the document's code points are known, while the main thread loads the
 * subsets into libharu in order and draws the pages; it picks up each
 * compressed font file at the end. The output is the same bytes as doing
 * the work in order. */
#include "pdf_fontjob.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_deflate.h"

struct pdf_font_job {
    pdf_face_cache *faces;
    const char *path;
    int index;
    const pdf_cpset *cps;

    pthread_t thread;
    bool threaded, joined;
    pthread_mutex_t lock;
    pthread_cond_t cond;

    /* set by the worker; the subset fields are read once subset_done is
     * seen under lock, the rest once the thread is joined */
    bool subset_done;
    int subset_rc;
    bp_error subset_err;
    hb_blob_t *blob;
    const char *data;
    unsigned len;

    int file_rc;
    bp_error file_err;
    pdf_deflater *z;
    const unsigned char *zdata;
    size_t zlen;
};

static void *job_run(void *arg)
{
    pdf_font_job *j = arg;
    int rc = pdf_font_subset(j->faces, j->path, j->index, j->cps, &j->blob, &j->subset_err);
    if (rc == BP_OK) j->data = hb_blob_get_data(j->blob, &j->len);
    pthread_mutex_lock(&j->lock);
    j->subset_rc = rc;
    j->subset_done = true;
    pthread_cond_signal(&j->cond);
    pthread_mutex_unlock(&j->lock);

    if (rc != BP_OK) {
        j->file_rc = rc;
        j->file_err = j->subset_err;
        return NULL;
    }
    if (!(j->z = pdf_deflater_new())) {
        j->file_rc =
            bp_fail(&j->file_err, BP_ERESOURCE, "out of memory compressing font %s", j->path);
        return NULL;
    }
    j->file_rc = pdf_deflate_buffer(j->z, j->data, j->len, &j->zdata, &j->zlen, &j->file_err);
    return NULL;
}

pdf_font_job *pdf_font_job_start(pdf_face_cache *faces, const char *path, int index,
                                 const pdf_cpset *cps, bool threaded)
{
    pdf_font_job *j = calloc(1, sizeof *j);
    if (!j) return NULL;
    j->faces = faces;
    j->path = path;
    j->index = index;
    j->cps = cps;
    if (pthread_mutex_init(&j->lock, NULL)) {
        free(j);
        return NULL;
    }
    if (pthread_cond_init(&j->cond, NULL)) {
        pthread_mutex_destroy(&j->lock);
        free(j);
        return NULL;
    }
    j->threaded = threaded && pthread_create(&j->thread, NULL, job_run, j) == 0;
    if (!j->threaded) job_run(j); /* no thread to be had: the same work, now */
    return j;
}

static void job_join(pdf_font_job *j)
{
    if (j->threaded && !j->joined) {
        pthread_join(j->thread, NULL);
        j->joined = true;
    }
}

static int copy_error(int rc, const bp_error *from, bp_error *e)
{
    if (rc != BP_OK && e) *e = *from;
    return rc;
}

int pdf_font_job_subset(pdf_font_job *j, const char **data, unsigned *len, bp_error *e)
{
    pthread_mutex_lock(&j->lock);
    while (!j->subset_done)
        pthread_cond_wait(&j->cond, &j->lock);
    pthread_mutex_unlock(&j->lock);
    *data = j->data;
    *len = j->len;
    return copy_error(j->subset_rc, &j->subset_err, e);
}

int pdf_font_job_file(pdf_font_job *j, const unsigned char **data, size_t *len, bp_error *e)
{
    job_join(j);
    *data = j->zdata;
    *len = j->zlen;
    return copy_error(j->file_rc, &j->file_err, e);
}

void pdf_font_job_free(pdf_font_job *j)
{
    if (!j) return;
    job_join(j);
    if (j->blob) hb_blob_destroy(j->blob);
    pdf_deflater_free(j->z);
    pthread_cond_destroy(&j->cond);
    pthread_mutex_destroy(&j->lock);
    free(j);
}
