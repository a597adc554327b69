/* biff_writer.h — tests only: a small writer of BIFF8 Workbook streams
 * and of the OLE2 compound file around them, shaped the ways programs
 * write .xls: LibreOffice (LABELSST, RK or NUMBER one cell a record,
 * EXTSST), Excel (the SST split across CONTINUE records, runs of RK
 * numbers as MULRK) and WPS (LABEL instead of LABELSST, NUMBER for every
 * number, merged areas before the cells, the SST before the sheets, no
 * EXTSST). For the unit tests of the reader (test_workbook_biff.c) and the
 * fuzz corpus (gen_biff_corpus.c). */
#ifndef BP_TEST_BIFF_WRITER_H
#define BP_TEST_BIFF_WRITER_H

#include <stdbool.h>
#include <stddef.h>

#include "workbook.h"

typedef struct bw_buf {
    unsigned char *b;
    size_t n, cap;
} bw_buf;

void bw_free(bw_buf *o);
void bw_bytes(bw_buf *o, const void *p, size_t n);
void bw_u8(bw_buf *o, unsigned v);
void bw_u16(bw_buf *o, unsigned v);
void bw_u32(bw_buf *o, unsigned long v);
void bw_record(bw_buf *o, unsigned type, const bw_buf *data);

typedef enum { BW_LIBREOFFICE, BW_EXCEL, BW_WPS } bw_style;

typedef struct bw_cell {
    int row, col;
    char kind;        /* 't' text, 'n' number, 'b' boolean, 'e' error value; as a
                         formula's cached value: 's' text, 'f' number, 'B', 'E' */
    const char *text; /* 't', 's' (UTF-8) */
    double num;       /* 'n', 'f'; 'b', 'B': 0 or 1; 'e', 'E': the error code */
    int xf;
} bw_cell;

typedef struct bw_sheet {
    const char *name;
    int hidden; /* 0 visible, 1 hidden, 2 very hidden */
    const bw_cell *cells;
    int ncells;
    const bp_wb_merge *merges;
    int nmerges;
    bool chart; /* an embedded chart (its own BOF .. EOF) among the cells */
} bw_sheet;

typedef struct bw_book {
    bw_style style;
    const bw_sheet *sheets;
    int nsheets;
    const char *const *formats; /* FORMAT records, ids 164, 165, ... */
    int nformats;
    const int *xf_fmt; /* the format id of XF 0, 1, ... (none: 16 XFs of General) */
    int nxf;
    size_t sst_max; /* the most data an SST or CONTINUE record holds (0: 8224) */
    bool sst_rich;  /* each shared string with two rich-text runs and a phonetic block */
    bool sst_mixed; /* the characters a CONTINUE goes on with as 16 bits, also 8-bit ones */
} bw_book;

/* A small budget workbook: 封面, 表1 部门支出总体情况表 (merged title and
 * header cells, codes and amounts as numbers with formats #,##0.0 and
 * 0.00_ , formulas with a number, text, boolean and error result, a
 * boolean, an error value, an embedded chart, a character beyond the
 * BMP) and the hidden 说明, in the style given (Excel's SST in records of
 * 64 bytes). */
bw_book bw_sample(bw_style style);

/* The Workbook stream of b. */
void bw_stream(bw_buf *o, const bw_book *b);
/* An OLE2 compound file holding stream as the stream name ("Workbook"). */
void bw_compound(bw_buf *o, const bw_buf *stream, const char *name);

#endif
