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
    /* Render even when a check rule fails: the failures are passed to warn
     * instead of stopping the render (budgetpdf render --no-check). */
    bool no_check;
    /* Print profile (budgetpdf render --profile print): black overprint;
     * with crop_marks, 10 mm of paper around the trim with corner marks. */
    bool print_profile;
    bool crop_marks;
    /* A character no font of its role has: an error (false), or a warning
     * and the font's .notdef box in its place (true). */
    bool allow_missing_glyphs;
    /* A font profile (YAML: body/title/number/note: [families]) whose roles
     * replace the layout set's (NULL: the BUDGETPDF_FONTS environment
     * variable, if set). */
    const char *font_profile;
    /* Use the clock for the creation date when neither SOURCE_DATE_EPOCH
     * nor department.yaml's date gives one (never by default). */
    bool date_now;
} budgetpdf_options;

/* Renders the department in dept_dir to out_pdf (written atomically).
 * Returns a status code; on failure err (size errlen) holds a message
 * naming the file, line and column or table cell at fault. */
int budgetpdf_render(const char *dept_dir, const char *out_pdf, const budgetpdf_options *opt,
                     char *err, size_t errlen);

/* Severity of a line reported by budgetpdf_check. */
#define BUDGETPDF_CHECK_ROUNDING 1 /* a difference within rounding: a warning */
#define BUDGETPDF_CHECK_ERROR 2    /* a rule fails */

typedef struct budgetpdf_check_result {
    int rules;       /* rules evaluated, the built-in checks included */
    int comparisons; /* amounts compared */
    int errors;      /* lines reported with BUDGETPDF_CHECK_ERROR */
    int roundings;   /* lines reported with BUDGETPDF_CHECK_ROUNDING */
} budgetpdf_check_result;

/* Checks the department in dept_dir against the rules of its layout set
 * (docs/checks.md): calls report (if not NULL) once per violation, with a
 * one-line message and its severity, and fills result (if not NULL).
 * Returns BUDGETPDF_OK when no rule fails (rounding warnings allowed),
 * BUDGETPDF_ECHECK when one fails, or another status when the input cannot
 * be read (the message in err). opt->warn and opt->no_check are not used. */
int budgetpdf_check(const char *dept_dir, const budgetpdf_options *opt,
                    void (*report)(void *ud, const char *line, int severity), void *ud,
                    budgetpdf_check_result *result, char *err, size_t errlen);

const char *budgetpdf_version(void);

/* Reports the fonts of each role (budgetpdf fonts): for each role a line
 * with the resolved family, file, face index and outline format, one for
 * each fallback, and, when dept_dir is not NULL, a coverage line: how many
 * distinct characters the department's annex draws with the role and which
 * no font of the role has (as U+XXXX and the character). The layout set is
 * opt->layouts_dir, else the department's, else the built-in default
 * families. Returns BUDGETPDF_OK when everything is covered, BUDGETPDF_ECHECK
 * when a character is missing, another status when the input cannot be read. */
int budgetpdf_fonts(const char *dept_dir, const budgetpdf_options *opt,
                    void (*line)(void *ud, const char *text), void *ud, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif
#endif
