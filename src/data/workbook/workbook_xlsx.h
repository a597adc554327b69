/* workbook_xlsx.h — the .xlsx reader's own state, shared by its files:
 * workbook_zip.c streams one part of the archive through expat within the
 * limits, workbook_xlsx.c reads the workbook's parts (relationships, sheet
 * list, shared strings, styles), workbook_xlsx_sheet.c reads a sheet. */
#ifndef BP_WORKBOOK_XLSX_H
#define BP_WORKBOOK_XLSX_H

#include <expat.h>
#include <string.h>
#include <zip.h>

#include "workbook_priv.h"

/* Longest text of one cell or shared string, in bytes: Excel's 32,767
 * characters at 4 bytes each (docs/limits.md). */
#define WB_MAX_TEXT_BYTES (32767 * 4)
/* All parts of one workbook together, uncompressed: with WB_MAX_CELLS,
 * it bounds the memory a workbook of many large sheets can take. */
#define WB_MAX_BOOK_BYTES (1u << 30)
/* Counts an .xlsx controls (docs/limits.md, docs/workbook.md): each is
 * refused when its element or entry past the limit is read, before
 * anything is kept for it. A budget workbook has a few dozen sheets and
 * parts, a few hundred styles and formats. */
#define WB_MAX_ENTRIES 10000         /* entries (parts) of the zip archive */
#define WB_MAX_SHEETS 1000           /* <sheet> entries of the workbook part */
#define WB_MAX_SHEET_NAME 255        /* bytes of a sheet's name (Excel: 31 characters) */
#define WB_MAX_RELS 10000            /* <Relationship> entries of one .rels part */
#define WB_MAX_XFS 65536             /* <xf> of <cellXfs> (Excel: 64,000 cell formats) */
#define WB_MAX_NUMFMTS 4096          /* <numFmt> (Excel: about 250 custom formats) */
#define WB_MAX_SST_BYTES (64u << 20) /* the text of all shared strings together */
#define WB_MAX_BOOK_MERGES 1000000   /* merged areas of all sheets together */
/* The ratio limit applies once a part has inflated past this many bytes:
 * a small part of repeated markup may compress very well. */
#define WB_RATIO_FLOOR (1u << 20)

typedef struct wb_xlsx {
    bp_arena *a;
    zip_t *z;
    const char *shown; /* the workbook in messages */
    bp_error *e;
    /* the part being streamed */
    const char *part;
    XML_Parser p;
    int rc; /* set by a handler that stopped the parser (wb_xlsx_stop) */
    /* character data gathered while collecting is set */
    bool collecting;
    char *text;
    size_t ntext, captext;
    /* what the workbook's parts give the sheets */
    const char **sst; /* shared strings */
    int nsst;
    size_t sst_bytes;    /* their text, all together */
    long merges;         /* merged areas so far, all sheets */
    const char **xf_fmt; /* number format code per cellXfs index (NULL: General) */
    int nxf;
    long cells;                  /* cells holding a value so far, all sheets */
    unsigned long long inflated; /* bytes of all parts inflated so far */
    char *chunk;                 /* the inflating buffer, one for every part */
    /* where in the part being streamed, for messages ("sheet 表1, cell
     * B7"): set by the reader of a part, NULL for the part's name alone */
    void (*place)(const struct wb_xlsx *x, char *buf, size_t n);
    const void *place_ud;
} wb_xlsx;

/* A start / end handler: local name (prefix dropped) and attributes. */
typedef void (*wb_start_fn)(wb_xlsx *x, void *ud, const char *name, const char **atts);
typedef void (*wb_end_fn)(wb_xlsx *x, void *ud, const char *name);

/* Streams the part name of the archive (case-insensitive) through a new
 * expat parser calling start and end; character data goes to x->text
 * while x->collecting. A missing part: BP_OK with *found false (found may
 * be NULL: then a missing part is an error). */
int wb_xlsx_stream(wb_xlsx *x, const char *name, wb_start_fn start, wb_end_fn end, void *ud,
                   bool *found);
/* The same with handlers called as they are, not each under a guard (a
 * setjmp: 5% of reading a large sheet): they must allocate nothing but
 * inside wb_xlsx_guarded, as an allocation that fails must not jump out
 * through expat's frames (expat 2.5 would leak its parser). Character
 * data is gathered under a guard when x->text grows. */
int wb_xlsx_stream_self_guarded(wb_xlsx *x, const char *name, wb_start_fn start, wb_end_fn end,
                                void *ud, bool *found);
/* Runs fn(x->a, ctx) unless the parse has stopped, under a guard: an
 * allocation that fails stops the parse with BP_ERESOURCE. */
void wb_xlsx_guarded(wb_xlsx *x, int (*fn)(bp_arena *a, void *ctx), void *ctx);
/* Stops the parse with an error: "<workbook>: <part>:line:col: <msg>",
 * or with a place (x->place): "<workbook>: <place> (<part>:line:col): <msg>". */
void wb_xlsx_fail(wb_xlsx *x, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The same at the place given ("sheet 表1, row 1048577"). */
void wb_xlsx_fail_at(wb_xlsx *x, int code, const char *place, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Stops the parse with an error whose message e already holds. */
void wb_xlsx_stop(wb_xlsx *x, int code);

/* Whether the local name n is name: the first characters compared before
 * strcmp is called, as most names differ there (a sheet's elements are
 * compared millions of times). */
static inline bool wb_name_is(const char *n, const char *name)
{
    return n[0] == name[0] && strcmp(n, name) == 0;
}
/* n without its namespace prefix ("x:c" -> "c"). */
const char *wb_local_name(const char *n);
/* The value of the attribute whose local name is name, or NULL. */
const char *wb_attr(const char **atts, const char *name);
/* Starts / ends gathering character data; wb_text_end returns it
 * NUL-terminated (valid until the next wb_text_begin). */
void wb_text_begin(wb_xlsx *x);
const char *wb_text_end(wb_xlsx *x);
/* s with Excel's _xHHHH_ escapes of control characters decoded, in the
 * arena. */
char *wb_unescape(bp_arena *a, const char *s);

/* Reads one sheet part into s (name and hidden set by the caller). */
int wb_xlsx_sheet(wb_xlsx *x, const char *part, bp_wb_sheet *s);

#endif
