/* xls_from_workbook.c — tests only: BOOK (.xlsx or .xls, read by
 * workbook_load) written again as an .xls shaped as LibreOffice, Excel or
 * WPS writes it (tests/biff_writer.c): the same sheets, hidden states,
 * cells (texts, numbers, booleans, error values, formulas' values) with
 * their number formats, and merged areas. The e2e test renders the seed
 * from such an .xls (tests/e2e/test_workbook_xls.sh).
 *     xls-from-workbook BOOK OUT.xls [libreoffice|excel|wps] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "biff_writer.h"
#include "workbook_priv.h"

/* The XF of a number format: XF 16 General, 17 + k the k-th code met. */
static int xf_of(const char *code, const char **codes, int *ncodes)
{
    if (!code) return 16;
    for (int k = 0; k < *ncodes; k++)
        if (strcmp(codes[k], code) == 0) return 17 + k;
    codes[*ncodes] = code;
    return 17 + (*ncodes)++;
}

static char kind_of(const bp_wb_cell *c)
{
    static const char plain[] = {'t', 'n', 'b', 'e'}, formula[] = {'s', 'f', 'B', 'E'};
    return c->formula ? formula[c->type] : plain[c->type];
}

static double value_of(const bp_wb_cell *c)
{
    if (c->type == BP_WB_NUMBER) return wb_strtod(c->text, &(char *){NULL});
    if (c->type == BP_WB_BOOL) return strcmp(c->text, "TRUE") == 0;
    static const char *const errors[] = {"#NULL!", "#DIV/0!", "#VALUE!",
                                         "#REF!",  "#NAME?",  "#NUM!"};
    static const int codes[] = {0x00, 0x07, 0x0F, 0x17, 0x1D, 0x24};
    for (int i = 0; i < 6; i++)
        if (c->type == BP_WB_ERROR && strcmp(c->text, errors[i]) == 0) return codes[i];
    return 0x2A;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: xls-from-workbook BOOK OUT.xls [libreoffice|excel|wps]\n");
        return 2;
    }
    bw_style style = argc > 3 && !strcmp(argv[3], "excel") ? BW_EXCEL
                     : argc > 3 && !strcmp(argv[3], "wps") ? BW_WPS
                                                           : BW_LIBREOFFICE;
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0, ""};
    bp_workbook *wb;
    if (workbook_load(BP_CTX(&a, &e), argv[1], &wb)) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    bw_sheet *sheets = bp_alloc(&a, sizeof *sheets * ((size_t)wb->nsheets + 1));
    const char **codes = bp_alloc(&a, sizeof *codes * 65536);
    int ncodes = 0;
    for (int i = 0; i < wb->nsheets; i++) {
        const bp_wb_sheet *s = &wb->sheets[i];
        bw_cell *cells = bp_alloc(&a, sizeof *cells * ((size_t)s->ncells + 1));
        for (int k = 0; k < s->ncells; k++) {
            const bp_wb_cell *c = &s->cells[k];
            cells[k] = (bw_cell){c->row,  c->col,      kind_of(c),
                                 c->text, value_of(c), xf_of(c->numfmt, codes, &ncodes)};
        }
        sheets[i] = (bw_sheet){s->name, s->hidden, cells, s->ncells, s->merges, s->nmerges, false};
    }
    int *xfs = bp_alloc(&a, sizeof *xfs * ((size_t)ncodes + 17));
    for (int k = 0; k < ncodes; k++)
        xfs[17 + k] = 164 + k;
    bw_book b = {.style = style,
                 .sheets = sheets,
                 .nsheets = wb->nsheets,
                 .formats = codes,
                 .nformats = ncodes,
                 .xf_fmt = xfs,
                 .nxf = 17 + ncodes};
    bw_buf stream = {0}, file = {0};
    bw_stream(&stream, &b);
    bw_compound(&file, &stream, "Workbook");
    FILE *f = fopen(argv[2], "wb");
    int rc = !f || fwrite(file.b, 1, file.n, f) != file.n;
    if (f && fclose(f) != 0) rc = 1;
    if (rc) perror(argv[2]);
    bw_free(&stream), bw_free(&file);
    bp_arena_free(&a);
    return rc;
}
