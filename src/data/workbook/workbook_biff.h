/* workbook_biff.h — what the BIFF8 reader's files (workbook_biff_rec.c,
 * workbook_biff_globals.c, workbook_biff_sheet.c, workbook_xls.c) share:
 * the limits on what an .xls file counts, a reading position that follows a
 * record into its CONTINUE records, the workbook's globals (shared strings,
 * number formats, sheets) and the error every corrupt record gives. */
#ifndef BP_WORKBOOK_BIFF_H
#define BP_WORKBOOK_BIFF_H

#include "workbook_priv.h"

/* Limits on the counts an .xls file controls (docs/limits.md). Cells and
 * merged areas have the limits of every workbook (WB_MAX_CELLS,
 * WB_MAX_MERGES, workbook_priv.h). */
#define XLS_MAX_SHEETS 1000       /* worksheets (BOUNDSHEET records) */
#define XLS_MAX_STRINGS 2000000   /* shared strings (SST), as WB_MAX_CELLS */
#define XLS_MAX_FORMATS 65536     /* FORMAT records (format ids are 16 bits) */
#define XLS_MAX_XFS 65536         /* XF records (cells name theirs in 16 bits) */
#define XLS_MAX_CONTINUES 1000000 /* CONTINUE records of one record (SST) */

/* Record types (MS-XLS 2.3). */
enum {
    BIFF_FORMULA = 0x0006,
    BIFF_EOF = 0x000A,
    BIFF_FILEPASS = 0x002F,
    BIFF_CONTINUE = 0x003C,
    BIFF_BOUNDSHEET = 0x0085,
    BIFF_MULRK = 0x00BD,
    BIFF_RSTRING = 0x00D6,
    BIFF_XF = 0x00E0,
    BIFF_MERGEDCELLS = 0x00E5,
    BIFF_SST = 0x00FC,
    BIFF_LABELSST = 0x00FD,
    BIFF_NUMBER = 0x0203,
    BIFF_LABEL = 0x0204,
    BIFF_BOOLERR = 0x0205,
    BIFF_STRING = 0x0207,
    BIFF_RK = 0x027E,
    BIFF_FORMAT = 0x041E,
    BIFF_BOF = 0x0809,
};

static inline unsigned biff_u16(const unsigned char *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static inline uint32_t biff_u32(const unsigned char *p)
{
    return (uint32_t)biff_u16(p) | (uint32_t)biff_u16(p + 2) << 16;
}

/* A reading position in one record and the CONTINUE records after it:
 * a read past the end of the record goes on in the next CONTINUE, and
 * fails (false) where there is none. */
typedef struct biff_cur {
    const unsigned char *s; /* the Workbook stream */
    size_t n;
    size_t d, len, at; /* the current record's data: offset, length, bytes read */
    long nconts;       /* CONTINUE records entered */
} biff_cur;

/* The record whose header is at offset rec (its data must lie within the
 * stream: the caller has checked), from its data's byte skip. */
void biff_cur_open(biff_cur *c, const unsigned char *s, size_t n, size_t rec, size_t skip);
bool biff_cur_read(biff_cur *c, unsigned char *out, size_t k);
bool biff_cur_skip(biff_cur *c, size_t k);
/* A string (MS-XLS XLUnicodeRichExtendedString and its shorter forms):
 * its count of characters (cchw bytes: 1 or 2), its flags, the counts of
 * its rich-text runs and of its phonetic block, its characters (8 or 16
 * bits each; where they go on in a CONTINUE record, it starts with a new
 * flags byte), then the runs and the block, which are skipped. *out:
 * UTF-8 (bk's arena, as long as it needs). False when it runs past its
 * record and CONTINUEs. */
struct biff_book;
bool biff_cur_string(struct biff_book *bk, biff_cur *c, int cchw, const char **out);

/* A worksheet of the workbook, as its BOUNDSHEET record gives it. */
typedef struct biff_sheet_ref {
    const char *name;
    bool hidden;
    size_t pos; /* its BOF record's offset in the stream */
    size_t rec; /* the BOUNDSHEET record's */
} biff_sheet_ref;

typedef struct biff_book {
    bp_arena *a;
    const char *shown; /* the workbook's name in messages */
    const unsigned char *s;
    size_t n;
    bp_vec sst;          /* const char *: the shared strings */
    bp_vec fmts;         /* biff_fmt: the FORMAT records */
    bp_vec xfs;          /* int: each XF's format id */
    const char **xf_fmt; /* each XF's format code (NULL: General), after the globals */
    bp_vec sheets;       /* biff_sheet_ref, worksheets in the workbook's order */
    size_t globals_end;  /* the offset after the globals' EOF record */
    const char *sheet;   /* the sheet being read (messages), or NULL */
    bp_vec units;        /* uint16_t: scratch for the string being read */
} biff_book;

typedef struct biff_fmt {
    int id;
    const char *code;
} biff_fmt;

/* The record type's name for messages ("SST", "record 0x1234"). */
const char *biff_record_name(bp_arena *a, unsigned type);

/* BP_EINPUT: "<book>[: sheet S[, cell A1]]: the .xls workbook is corrupt:
 * the <REC> record at offset N of its Workbook stream: <why>; ..." (row
 * < 0: no cell). */
int biff_corrupt(biff_book *bk, bp_error *e, unsigned type, size_t off, int row, int col,
                 const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* The globals substream (from the stream's start to its EOF record):
 * FILEPASS, SST, FORMAT, XF, BOUNDSHEET; then each XF's format resolved. */
int biff_read_globals(biff_book *bk, bp_error *e);

/* The worksheet at sheet index i: its cells, merged areas and hidden
 * state into s, its records ending before limit (the next substream).
 * book_cells: the workbook's count of cells so far. */
int biff_read_sheet(biff_book *bk, int i, size_t limit, long *book_cells, bp_wb_sheet *s,
                    bp_error *e);

#endif
