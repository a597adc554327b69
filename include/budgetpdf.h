/* budgetpdf.h — the public library API of libbudgetpdf: render a
 * department's budget annex (部门预算表) from layouts and data to PDF. */
#ifndef BUDGETPDF_H
#define BUDGETPDF_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes (also the CLI's exit codes). */
#define BUDGETPDF_OK 0
#define BUDGETPDF_ECHECK 1 /* a check rule failed */
#define BUDGETPDF_EUSAGE 2 /* bad arguments */
#define BUDGETPDF_EINPUT 3 /* bad layout or data */
#define BUDGETPDF_EIO 4    /* output or I/O error */

typedef struct budgetpdf_options {
    /* Layout set folder; NULL: the set department.yaml names, looked up in
     * the department folder, then in layouts_path. */
    const char *layouts_dir;
    /* Folders searched for layout sets by name, ':'-separated; NULL: the
     * BUDGETPDF_LAYOUTS environment variable, then the installed and
     * source layout folders. */
    const char *layouts_path;
    /* Extra font folder searched by fontconfig (NULL: the project's fonts/). */
    const char *fonts_dir;
    /* Called with each warning (NULL: warnings are dropped). */
    void (*warn)(void *ud, const char *msg);
    void *warn_ud;
} budgetpdf_options;

/* Renders the department in dept_dir to out_pdf (written atomically).
 * Returns a status code; on failure err (size errlen) holds a message
 * naming the file, line and column or table cell at fault. */
int budgetpdf_render(const char *dept_dir, const char *out_pdf, const budgetpdf_options *opt,
                     char *err, size_t errlen);

const char *budgetpdf_version(void);

#ifdef __cplusplus
}
#endif
#endif
