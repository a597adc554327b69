/* wb_floor.c — the floor for reading a workbook (bench/run.sh, section 6):
 * every XML part of an .xlsx inflated with libzip and run through expat
 * with empty handlers, nothing kept. No reader can stream the parts with
 * these libraries in less time; budgetpdf's reading of the same workbook
 * is compared with it, as the PDF stage is with bench/floor.c. RUNS times
 * in one process; prints the median and the best time in milliseconds and
 * the bytes inflated:
 *     ms=29.8 best_ms=29.5 runs=5 xml_bytes=3705886
 *
 * usage: bench-wb-floor RUNS BOOK.xlsx */
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void on_start(void *ud, const XML_Char *name, const XML_Char **attr)
{
    (void)ud, (void)name, (void)attr;
}
static void on_end(void *ud, const XML_Char *name)
{
    (void)ud, (void)name;
}
static void on_text(void *ud, const XML_Char *s, int len)
{
    (void)ud, (void)s, (void)len;
}

/* One part through expat; returns the bytes inflated, or -1. */
static long long parse_part(zip_t *z, zip_int64_t i)
{
    zip_file_t *f = zip_fopen_index(z, (zip_uint64_t)i, 0);
    if (!f) return -1;
    XML_Parser p = XML_ParserCreate(NULL);
    XML_SetElementHandler(p, on_start, on_end);
    XML_SetCharacterDataHandler(p, on_text);
    static char buf[65536];
    long long total = 0;
    zip_int64_t k;
    int ok = 1;
    while (ok && (k = zip_fread(f, buf, sizeof buf)) > 0) {
        total += k;
        ok = XML_Parse(p, buf, (int)k, 0) == XML_STATUS_OK;
    }
    ok = ok && XML_Parse(p, buf, 0, 1) == XML_STATUS_OK;
    XML_ParserFree(p);
    zip_fclose(f);
    return ok ? total : -1;
}

/* Every .xml part of the workbook; returns the bytes inflated, or -1. */
static long long read_once(const char *path)
{
    int err;
    zip_t *z = zip_open(path, ZIP_RDONLY, &err);
    if (!z) return -1;
    long long total = 0;
    zip_int64_t n = zip_get_num_entries(z, 0);
    for (zip_int64_t i = 0; i < n && total >= 0; i++) {
        const char *name = zip_get_name(z, (zip_uint64_t)i, 0);
        size_t len = name ? strlen(name) : 0;
        if (len < 4 || strcmp(name + len - 4, ".xml")) continue;
        long long b = parse_part(z, i);
        total = b < 0 ? -1 : total + b;
    }
    zip_close(z);
    return total;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: bench-wb-floor RUNS BOOK.xlsx\n");
        return 2;
    }
    int runs = atoi(argv[1]);
    if (runs < 1 || runs > 1000) runs = 5;
    double *ms = malloc((size_t)runs * sizeof *ms);
    if (!ms) return 1;
    long long bytes = 0;
    for (int r = 0; r < runs; r++) {
        double t0 = now_ms();
        bytes = read_once(argv[2]);
        ms[r] = now_ms() - t0;
        if (bytes < 0) {
            fprintf(stderr, "bench-wb-floor: %s: not a readable .xlsx\n", argv[2]);
            free(ms);
            return 1;
        }
    }
    qsort(ms, (size_t)runs, sizeof *ms, cmp_double);
    printf("ms=%.2f best_ms=%.2f runs=%d xml_bytes=%lld\n", ms[runs / 2], ms[0], runs, bytes);
    free(ms);
    return 0;
}
