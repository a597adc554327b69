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
#define BUDGETPDF_ECHECK 1    /* a check rule failed */
#define BUDGETPDF_EUSAGE 2    /* bad arguments */
#define BUDGETPDF_EINPUT 3    /* bad layout or data */
#define BUDGETPDF_EIO 4       /* output or I/O error */
#define BUDGETPDF_ERESOURCE 5 /* out of memory or of another system resource (file descriptors) */
/* Statuses of a batch's department only (budgetpdf_batch_item.status; never
 * returned by a call nor used as an exit code): its worker process died
 * (a signal, or an exit of its own), or ran past the time limit and was
 * killed. A worker that died out of memory is BUDGETPDF_ERESOURCE. */
#define BUDGETPDF_ECRASHED 6
#define BUDGETPDF_ETIMEOUT 7

/* ---- context: what a caller keeps between calls ----------------------------
 *
 * A context owns the caches that make the second document cheaper than the
 * first: the resolved fonts of each family list (with a fontconfig
 * configuration of its own), the fonts' hb-subset input faces, and parsed
 * layout sets (budgetpdf_options.cache_layouts). Each cache is bounded
 * (entries no document uses are dropped, least recently used first). The
 * library keeps nothing between calls outside a context.
 *
 * Thread safety: every call (budgetpdf_render, _render_ex, _check, _fonts,
 * _batch) may run on several threads at once, sharing one context or each
 * with its own; a context is locked inside, cache by cache. Only
 * budgetpdf_context_free must not run while a call uses the context.
 * A call whose options have no context makes one for itself and frees it
 * before returning (nothing is then reused between calls). */
typedef struct budgetpdf_context budgetpdf_context;

/* A new, empty context; NULL when out of memory. */
budgetpdf_context *budgetpdf_context_new(void);
/* Frees the context and everything it holds (NULL is allowed). */
void budgetpdf_context_free(budgetpdf_context *ctx);

struct budgetpdf_finding; /* below: a violation found by the checks, as data */

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
    /* Keep parsed layout sets in the context for its next calls (a set is
     * parsed again only when one of its files changes); messages then name
     * layout files by their absolute paths. For programs that render many
     * departments with one context (budgetpdf batch sets it). */
    bool cache_layouts;
    /* Do not fsync the written PDF (it is still written to a temporary
     * file and renamed into place): for a caller that syncs once after
     * many files, as budgetpdf batch does. */
    bool no_sync;
    /* No longer used: the work is done on the calling thread unless
     * font_threads is set. */
    bool single_thread;
    /* A 科目 catalogue (CSV of code and name, UTF-8 or GB18030) against which
     * the codes of the columns marked `code:` are checked; it replaces the
     * layout set's `catalogue:` (NULL: the set's, if any). docs/checks.md. */
    const char *catalogue;
    /* The caches to use and keep (see budgetpdf_context_new); NULL: the
     * call makes a context of its own and frees it before returning. */
    budgetpdf_context *context;
    /* Subset and compress the fonts of the document on threads of their own
     * while the pages are drawn (one per font; off by default). This
     * shortens one render by about a tenth when a processor is idle, but
     * each thread allocates from a malloc arena of its own, whose pages
     * are faulted in anew: a program that sets it should keep one arena
     * (glibc: mallopt(M_ARENA_MAX, 1)), as budgetpdf render does. A caller
     * that already keeps every processor busy (budgetpdf batch) leaves it
     * off. The output is the same bytes either way. */
    bool font_threads;
    /* Do not sweep the output folder: a render removes from it, before
     * writing, the temporary files interrupted runs left there
     * ("*.pdf.tmpXXXXXX", "*.csv.tmpXXXXXX", older than the run and not
     * being written; docs/limits.md). For a caller that writes many files
     * into one folder and sweeps it once itself, as budgetpdf batch does
     * at its start (N renders would read the folder N times). */
    bool no_sweep;
    /* budgetpdf import: replace an existing, non-empty output folder whole
     * (its previous content kept as DIR.old, an older DIR.old removed);
     * without it such a folder is refused (BUDGETPDF_EUSAGE). */
    bool force;
    /* Render the annex (部门预算表) alone even when the department folder
     * holds the document's text (document.md; docs/document.md):
     * budgetpdf render --annex-only. */
    bool annex_only;
    /* Called (if not NULL) with each finding of the checks render runs
     * before layout, rounding differences and warnings included, in the
     * order budgetpdf_check reports them (budgetpdf_check_ex), whether or
     * not they stop the render. */
    void (*finding)(void *ud, const struct budgetpdf_finding *f);
    void *finding_ud;
    /* budgetpdf_check: report every warning (a figure typed in the
     * document's text, a built-in check the layout set lowered) as an
     * error (check --strict); rounding warnings stay warnings. */
    bool strict;
    /* budgetpdf_check_ex: also lay the document out as render would (no
     * PDF) to give each finding the boxes where it is drawn
     * (budgetpdf_finding.boxes); the findings then come after the checks
     * and the layout (check --format json). */
    bool finding_boxes;
} budgetpdf_options;

/* Renders the department in dept_dir to out_pdf (written atomically).
 * Returns a status code; on failure err (size errlen) holds a message
 * naming the file, line and column or table cell at fault. */
int budgetpdf_render(const char *dept_dir, const char *out_pdf, const budgetpdf_options *opt,
                     char *err, size_t errlen);

/* What a render wrote. */
typedef struct budgetpdf_render_result {
    int pages;       /* pages of the PDF */
    long long bytes; /* its size */
    int warnings;    /* warnings of the render (passed to opt->warn, if set) */
} budgetpdf_render_result;

/* budgetpdf_render, and on success fills result (if not NULL; zeroed on
 * failure). */
int budgetpdf_render_ex(const char *dept_dir, const char *out_pdf, const budgetpdf_options *opt,
                        budgetpdf_render_result *result, char *err, size_t errlen);

/* Severity of a line reported by budgetpdf_check. */
#define BUDGETPDF_CHECK_ROUNDING 1 /* a difference within rounding: a warning */
#define BUDGETPDF_CHECK_ERROR 2    /* a rule fails */
#define BUDGETPDF_CHECK_WARNING 3  /* a built-in check the layout set lowered to a warning */

/* A cell that may be the wrong one (budgetpdf_finding_cell.wrong). */
#define BUDGETPDF_CELL_CANDIDATE 2

/* A cell a finding involves (budgetpdf_finding.cells). */
typedef struct budgetpdf_finding_cell {
    int table;         /* the table's index in the layout set (set.yaml's order) */
    int row;           /* body row, 0-based (the data rows, in order) */
    int column;        /* layout column, 0-based */
    int wrong;         /* 1: the cell found wrong (the printed total); 0: a cell it
                          was compared with (a summed figure, the other side);
                          BUDGETPDF_CELL_CANDIDATE: one of the cells that may be the
                          wrong one (a sum fails and other errors single out both its
                          total and a summed row, or several rows: which is wrong
                          cannot be told) */
    const char *where; /* its source: "DIR/05-gpb-expenditure.csv:12:3", or for a
                          workbook "BOOK.xlsx: SHEET!C12" */
} budgetpdf_finding_cell;

/* A box where a finding is drawn: on page `page` (0-based, of the
 * document render writes), (x, y) bottom-left to (x2, y2) top-right in PDF
 * points (a landscape page's: in its landscape frame). */
typedef struct budgetpdf_finding_box {
    int page;
    double x, y, x2, y2;
} budgetpdf_finding_box;

/* One violation found by the checks, as data (docs/checks.md, "Findings as
 * data"). Strings are valid during the callback only; NULL where a field
 * does not apply (a built-in check on a title has no row or figures). */
typedef struct budgetpdf_finding {
    int severity;           /* BUDGETPDF_CHECK_ROUNDING, _ERROR or _WARNING */
    const char *kind;       /* "row", "column", "hierarchy", "rule" (a selector rule, also
                               across tables), or the built-in check's name ("empty_note",
                               "leftovers", "year", "department_name", "codes", "catalogue",
                               and those of the document's text: "text_figures",
                               "text_shares", "text_repeats") */
    const char *rule;       /* the rule as the message names it (its name:, or as written) */
    int table;              /* the table's index in the layout set; -1: none (the cover) */
    const char *table_id;   /* "05" (the layout file's number, or its stem) */
    const char *table_name; /* "05 一般公共预算支出情况表" */
    const char *row;        /* the row's label ("212 城乡社区支出") */
    const char *column;     /* the column's name ("合计") */
    const char *expected; /* exact decimals as printed: for = the sum, for ≤ ≥ < > the right side */
    const char *found;     /* for = the printed total, for ≤ ≥ < > the left side */
    const char *relation;  /* what holds instead: "≠", "≈" (rounding), ">", "<", "≥", "≤" */
    const char *tolerance; /* the rounding tolerance of the comparison */
    const char *unit;      /* the unit both figures are in, when the rule names one */
    const char *where;     /* source of the wrong cell: "DIR/05-gpb-expenditure.csv:12:3"
                              (a workbook's: "BOOK.xlsx: SHEET!C12");
                              of a finding in the document's text, its place in it
                              ("DIR/document.md:44:103"; the table cell it names, if any,
                              is in cells, not wrong) */
    const budgetpdf_finding_cell *cells; /* the cells involved, the wrong one first */
    int ncells;
    const char *message; /* the line budgetpdf check prints (without "warning: ") */
    /* A finding in the document's text: the bytes [text_start, text_end)
     * of the file `where` names that its phrase was set from (0, 0: none) */
    long long text_start, text_end;
    /* Where it is drawn (the phrase of a text finding, the wrong cell of a
     * table's, each part of a phrase broken across lines or pages): given
     * by budgetpdf_check_ex when it lays the document out (opt->finding_boxes),
     * else NULL, 0 */
    const budgetpdf_finding_box *boxes;
    int nboxes;
} budgetpdf_finding;

typedef struct budgetpdf_check_result {
    int rules;       /* rules evaluated, the built-in checks included */
    int comparisons; /* amounts compared */
    int errors;      /* lines reported with BUDGETPDF_CHECK_ERROR */
    int roundings;   /* lines reported with BUDGETPDF_CHECK_ROUNDING */
    int warnings;    /* lines reported with BUDGETPDF_CHECK_WARNING */
} budgetpdf_check_result;

/* Checks the department in dept_dir against the rules of its layout set
 * (docs/checks.md): calls report (if not NULL) once per violation, with a
 * one-line message and its severity, and fills result (if not NULL).
 * Returns BUDGETPDF_OK when no rule fails (rounding warnings and warnings allowed),
 * BUDGETPDF_ECHECK when one fails, or another status when the input cannot
 * be read (the message in err). opt->warn and opt->no_check are not used. */
int budgetpdf_check(const char *dept_dir, const budgetpdf_options *opt,
                    void (*report)(void *ud, const char *line, int severity), void *ud,
                    budgetpdf_check_result *result, char *err, size_t errlen);

/* budgetpdf_check with each violation as data: calls finding (if not NULL)
 * once per violation, in the order budgetpdf_check reports the lines, with
 * its budgetpdf_finding (valid during the call). With report_pdf (not
 * NULL) it also writes the check report there (atomically, as render
 * writes a PDF; docs/checks.md, "The report"): the document as render
 * draws it, whether or not the rules hold, with summary pages in front and
 * every cell a finding involves framed on its page, a note per finding;
 * opt->warn receives the layout's warnings. Returns as budgetpdf_check
 * does, or the status of a report that cannot be written. */
int budgetpdf_check_ex(const char *dept_dir, const budgetpdf_options *opt, const char *report_pdf,
                       void (*finding)(void *ud, const budgetpdf_finding *f), void *ud,
                       budgetpdf_check_result *result, char *err, size_t errlen);

const char *budgetpdf_version(void);
/* The word for a status code, as batch's summary.csv and the JSON findings
 * print it: ok, check, usage, input, io, resource, crashed, timeout
 * ("error" for any other). */
const char *budgetpdf_status_word(int status);

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

/* Writes as out_dir the department folder a workbook amounts to (budgetpdf
 * import; docs/workbook.md): department.yaml (name, code, year, unit,
 * layouts, date) and one CSV per table of its layout set with the layout's
 * column keys, so that rendering out_dir gives the same PDF as rendering
 * the workbook. Every table is read and bound first: when one cannot be,
 * nothing is written (status and message as budgetpdf_render's). The
 * folder is written whole as a hidden temporary folder beside out_dir,
 * synced, and renamed into place: out_dir is at every instant its old
 * content or the complete new one, and left as it was on failure. An
 * existing, non-empty out_dir is refused (BUDGETPDF_EUSAGE) unless
 * opt->force; so is an out_dir that is, holds or lies inside the folder
 * of a file the import reads. opt: as for budgetpdf_render (layouts_dir,
 * the layout search path, context, warn) and force. */
int budgetpdf_import(const char *workbook, const char *out_dir, const budgetpdf_options *opt,
                     char *err, size_t errlen);

/* ---- batch: every department of a folder (budgetpdf batch) ---------------- */

/* One department of a batch, as reported to the progress callback and
 * written to the summary. Strings are valid during the callback only. */
typedef struct budgetpdf_batch_item {
    int index;          /* 0-based, in the sorted list of all departments */
    const char *folder; /* the department's folder name under root */
    const char *code;   /* from department.yaml ("" when it cannot be read) */
    const char *name;
    const char *file;    /* output file name in out_dir ("" when none was written) */
    int status;          /* BUDGETPDF_OK, or the status of the failure */
    int pages;           /* pages of the written PDF (0 when none) */
    long long bytes;     /* size of the written PDF */
    double milliseconds; /* wall time of this department's render */
    const char *message; /* the error, or the warnings joined by "; " ("" when none) */
    /* With budgetpdf_batch_options.findings: the department's findings (its
     * checks' violations, rounding differences and warnings included; none
     * when its inputs could not be read), nfindings of them; NULL when they
     * were not kept (or memory ran out: findings_lost). */
    const struct budgetpdf_finding *findings;
    int nfindings;
    bool findings_lost;
    /* The signal that ended the department's worker process (11: SIGSEGV),
     * with BUDGETPDF_ECRASHED, BUDGETPDF_ETIMEOUT (SIGKILL, sent by the
     * batch) or BUDGETPDF_ERESOURCE; else 0. */
    int signal;
} budgetpdf_batch_item;

typedef struct budgetpdf_batch_options {
    /* Options of each render; render.warn is not called (the warnings of
     * each department go to its message). render.context: the context the
     * renders share (NULL: the run makes one and frees it at its end). */
    budgetpdf_options render;
    /* Departments rendered at once, each in a worker process of its own
     * (on a thread of its own with in_process); <= 0: the number of
     * processors. */
    int jobs;
    /* Render only shard shard_index (1-based) of shard_count deterministic
     * slices: the departments whose index in the sorted list of all
     * departments is i with i % shard_count == shard_index - 1. 0 and 0:
     * every department. The shards of one root are disjoint and cover it,
     * and output names are the same whatever the sharding. */
    int shard_index, shard_count;
    /* Called (on one thread at a time, in completion order) after each
     * department, with the counts so far of this run's departments. */
    void (*progress)(void *ud, const budgetpdf_batch_item *item, int done, int failed, int total);
    void *progress_ud;
    /* Called (before any render, on the calling thread) for each folder
     * under root that is not a department, with the reason: hidden, no
     * department.yaml, not a folder. (A folder whose department.yaml is
     * not a readable regular file is a failed department instead.) */
    void (*skipped)(void *ud, const char *folder, const char *why);
    void *skipped_ud;
    /* Keep each department's findings for the progress callback
     * (budgetpdf_batch_item.findings): budgetpdf batch --format json. */
    bool findings;
    /* Render on threads of this process (budgetpdf batch --no-isolate)
     * instead of in worker processes. By default each of the `jobs`
     * departments at once is read and rendered in a worker process forked
     * from the calling one (re-forked when one dies), so that a department
     * that crashes, hangs or exhausts memory is reported (BUDGETPDF_ECRASHED,
     * _ETIMEOUT, _ERESOURCE) and the others are rendered. The callbacks
     * always run in the calling process. While an isolated batch runs, no
     * other thread of the caller may use render.context (its copy is
     * forked). */
    bool in_process;
    /* Seconds a department may take before its worker is killed and the
     * department reported as BUDGETPDF_ETIMEOUT: 0: 300; < 0: no limit.
     * Not applied with in_process. */
    int timeout_seconds;
    /* Megabytes of address space a worker may map beyond what it held
     * when forked (setrlimit RLIMIT_AS); a department that needs more fails
     * as BUDGETPDF_ERESOURCE: 0: 4096; < 0: no limit (the process's own
     * limit still applies). Not applied with in_process. */
    int memory_limit_mb;
} budgetpdf_batch_options;

typedef struct budgetpdf_batch_result {
    int departments; /* every department under root */
    int selected;    /* those of this shard */
    int rendered, failed;
    int skipped;         /* folders under root that are not departments */
    double milliseconds; /* wall time of the whole run */
    char summary[4096];  /* path of the summary CSV written */
} budgetpdf_batch_result;

/* Renders every department under root (each direct subfolder holding a
 * department.yaml, sorted by folder name in byte order) into out_dir
 * (created if missing), one PDF each named "<code>-<name>.pdf" made safe by
 * budgetpdf_batch_file_name; two departments whose names agree (also in
 * ASCII case) get "-2", "-3"... in folder order, so none overwrites
 * another. Departments that fail (bad data, failed checks, output errors,
 * out of memory) are reported and the others rendered; a folder whose
 * department.yaml is not a regular file (a dangling symbolic link, a
 * folder, a FIFO) is a failed department. Writes the summary
 * out_dir/summary.csv (summary-K-of-N.csv for a shard; written under a
 * temporary name of its own and renamed, so runs into one folder do not
 * collide): UTF-8 with a byte order mark, one row per department of this
 * run, with the columns folder, code, name, status, pages, bytes,
 * milliseconds, file, message, then (unsharded, or in shard 1) one row per
 * folder skipped (status "skipped", the reason in message). Status words:
 * ok, check (a check rule failed), usage, input (bad layout or data), io
 * (a file could not be read or written), resource (out of memory or of
 * file descriptors), crashed (its worker process died: the signal is in
 * message), timeout (it ran past timeout_seconds), skipped.
 * Returns BUDGETPDF_OK when every department was rendered,
 * BUDGETPDF_ECHECK when some failed, BUDGETPDF_EUSAGE for bad options,
 * BUDGETPDF_EINPUT when root cannot be read or holds no department,
 * BUDGETPDF_EIO when out_dir or the summary cannot be written (message in
 * err). */
int budgetpdf_batch(const char *root, const char *out_dir, const budgetpdf_batch_options *opt,
                    budgetpdf_batch_result *result, char *err, size_t errlen);

/* The file name budgetpdf_batch gives a department: "<code>-<name>.pdf"
 * ("<name>.pdf" without a code) with every '/', '\\', control character,
 * invalid UTF-8 byte, space and character Windows forbids (:*?"<>|)
 * replaced by '_', ".." runs reduced to one '.', leading '.' and '-'
 * dropped, and the stem cut to 200 bytes at a character boundary; Chinese
 * is kept. out needs 256 bytes. */
void budgetpdf_batch_file_name(const char *code, const char *name, char out[256]);

/* ---- bind and draft (docs/document.md, "bind" and "draft") ---------- */

/* One figure typed in a department's text and what bind made of it. */
typedef struct budgetpdf_binding {
    const char *where;      /* "FILE:LINE:COLUMN" of its first digit */
    const char *typed;      /* as typed, with its unit ("6828.4万元", "34.12%") */
    const char *expr;       /* the expression written in its place; NULL: left typed */
    const char *prints;     /* what expr prints (NULL when unbound) */
    const char *note;       /* unbound: why; bound: a note (a rounding), or NULL */
    const char *candidates; /* the table figures considered, "; "-joined ("" none) */
} budgetpdf_binding;

typedef struct budgetpdf_bind_result {
    int figures; /* typed figures found */
    int bound;   /* of them bound */
    int flagged; /* draft: sentences listed for the clerk */
} budgetpdf_bind_result;

/* Binds the figures typed in dept_dir's text (document.md) to the table
 * figures their sentences speak of; each is passed to each (may be NULL).
 * out_md: NULL only reports; else the text is written there with the
 * expressions in the places of the bound figures, every other byte kept
 * (a temp file renamed; an input of the run, the text itself included, is
 * refused: BUDGETPDF_EUSAGE). typed: instead of binding, writes the text
 * with each {{ }} figure replaced by what it prints (a clerk's typed
 * copy). */
int budgetpdf_bind(const char *dept_dir, const char *out_md, bool typed,
                   const budgetpdf_options *opt, void (*each)(void *ud, const budgetpdf_binding *b),
                   void *ud, budgetpdf_bind_result *result, char *err, size_t errlen);

/* This year's text from last year's department from_dir: its text (bound
 * first where figures are typed), the budget year and the year before
 * advanced to dept_dir's, every expression evaluated on dept_dir's tables,
 * written to out_md. Each sentence whose words no longer fit its figures
 * (a change that turned from 增加 to 减少, 持平 to a change…) is passed to
 * flag as "FILE:LINE:COLUMN: why" (in out_md's lines). */
int budgetpdf_draft(const char *dept_dir, const char *from_dir, const char *out_md,
                    const budgetpdf_options *opt, void (*flag)(void *ud, const char *line),
                    void *ud, budgetpdf_bind_result *result, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif
#endif
