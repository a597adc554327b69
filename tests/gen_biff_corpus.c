/* gen_biff_corpus.c — tests only: writes the seed corpus of fuzz_biff
 * (Workbook streams, without the compound file) into DIR: the sample
 * workbook of biff_writer.c shaped as LibreOffice, Excel and WPS write
 * it, Excel's with its SST cut small with rich text and phonetic blocks,
 * and the Workbook stream of each .xls given after DIR (the LibreOffice-
 * saved fixture). With --xls, the sample's shapes as whole .xls files
 * (fuzz_workbook's corpus). Run by tests/fuzz/make-corpus.sh. */
#include <stdio.h>
#include <string.h>

#include "biff_writer.h"
#include "workbook_priv.h"

static int write(const char *dir, const char *name, const void *p, size_t n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(p, 1, n, f) != n || fclose(f) != 0) {
        perror(path);
        return 1;
    }
    return 0;
}

static bool whole_files; /* --xls */

static int shape(const char *dir, const char *name, bw_book b)
{
    bw_buf s = {0}, f = {0};
    bw_stream(&s, &b);
    if (whole_files) bw_compound(&f, &s, "Workbook");
    char xls[256]; /* name.bin as name.xls */
    snprintf(xls, sizeof xls, "%.*s.xls", (int)strlen(name) - 4, name);
    int rc = whole_files ? write(dir, xls, f.b, f.n) : write(dir, name, s.b, s.n);
    bw_free(&s), bw_free(&f);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--xls") == 0) whole_files = true, argv++, argc--;
    if (argc < 2) {
        fprintf(stderr, "usage: gen-biff-corpus [--xls] DIR [FILE.xls...]\n");
        return 2;
    }
    int rc = shape(argv[1], "libreoffice-shaped.bin", bw_sample(BW_LIBREOFFICE));
    rc |= shape(argv[1], "excel-shaped.bin", bw_sample(BW_EXCEL));
    rc |= shape(argv[1], "wps-shaped.bin", bw_sample(BW_WPS));
    bw_book b = bw_sample(BW_EXCEL);
    b.sst_max = 23, b.sst_rich = b.sst_mixed = true;
    rc |= shape(argv[1], "excel-sst-cut-rich.bin", b);
    for (int i = 2; i < argc; i++) {
        bp_arena a;
        bp_arena_init(&a);
        bp_error e = {0, ""};
        char *file;
        unsigned char *stream;
        size_t n, len;
        const char *why;
        if (bp_read_file(&a, argv[i], &file, &n, &e) ||
            wb_cfb_stream(&a, file, n, "Workbook", &stream, &len, &why) != 0) {
            fprintf(stderr, "%s: no Workbook stream\n", argv[i]);
            return 1;
        }
        const char *base = strrchr(argv[i], '/');
        rc |= write(argv[1], bp_sprintf(&a, "%s.bin", base ? base + 1 : argv[i]), stream, len);
        bp_arena_free(&a);
    }
    return rc;
}
