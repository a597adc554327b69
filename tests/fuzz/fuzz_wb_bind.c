/* fuzz_wb_bind.c — binding workbook sheets to the standard layouts
 * (data_workbook.h): the department read from the workbook, then every
 * table of standard-2024 bound from it. An input starting with "PK" is an
 * .xlsx archive (workbook_parse_xlsx); any other input is the workbook
 * model written as text, one item a line, so that mutations reach the
 * binder, not the reader:
 *
 *     S name             a visible sheet (H name: a hidden one)
 *     M r0 c0 r1 c1      a merged area of the sheet (0-based, inclusive)
 *     r c T[:fmt] text   a cell: T t text, n number, b bool, e error,
 *                        f formula without a cached value; fmt its number
 *                        format; \n in text a line break
 *
 * (gen-annex-workbook writes a department in this form for an OUT.txt.)
 * The model is made to keep the readers' promises first: cells sorted and
 * unique, texts valid UTF-8. A failure must be BP_EINPUT naming the
 * workbook, and a cell it names in A1 form. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "data_workbook.h"

#define MAX_SHEETS 40
#define MAX_ROW 20000
#define MAX_COL 300

static bp_arena spec_arena;
static bp_layout_set *set;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    bp_arena_init(&spec_arena);
    bp_error e = {0, ""};
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/layouts/standard-2024", fz_source_dir());
    if (spec_load_set(BP_CTX(&spec_arena, &e), dir, &set)) {
        fprintf(stderr, "fuzz_wb_bind: %s\n", e.msg);
        abort();
    }
    return 0;
}

/* s (n bytes) as valid UTF-8, an invalid byte as '?', "\n" as a line break. */
static const char *utf8_text(bp_arena *a, const char *s, size_t n)
{
    char *o = bp_alloc(a, n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int len = bp_utf8_decode(s + i, n - i, &cp);
        if (s[i] == '\\' && i + 1 < n && s[i + 1] == 'n') {
            o[k++] = '\n', i += 2;
        } else if (len <= 0 || s[i] == 0) {
            o[k++] = '?', i++;
        } else {
            memcpy(o + k, s + i, (size_t)len), k += (size_t)len, i += (size_t)len;
        }
    }
    o[k] = 0;
    return o;
}

typedef struct sheet_in {
    bp_wb_sheet s;
    bp_vec cells, merges;
} sheet_in;

static void parse_line(bp_arena *a, const char *line, size_t n, sheet_in *sh, int *nsh)
{
    char head[64];
    size_t h = n < sizeof head - 1 ? n : sizeof head - 1;
    memcpy(head, line, h);
    head[h] = 0;
    if ((line[0] == 'S' || line[0] == 'H') && n >= 2 && line[1] == ' ') {
        if (*nsh == MAX_SHEETS) return;
        sheet_in *t = &sh[(*nsh)++];
        memset(t, 0, sizeof *t);
        t->s.name = utf8_text(a, line + 2, n - 2);
        t->s.hidden = line[0] == 'H';
        bp_vec_init(&t->cells, sizeof(bp_wb_cell));
        bp_vec_init(&t->merges, sizeof(bp_wb_merge));
        return;
    }
    if (!*nsh) return;
    sheet_in *t = &sh[*nsh - 1];
    int r0, c0, r1, c1, used = 0;
    if (sscanf(head, "M %d %d %d %d", &r0, &c0, &r1, &c1) == 4) {
        if (r0 < 0 || c0 < 0 || r1 < r0 || c1 < c0 || r1 > MAX_ROW || c1 > MAX_COL) return;
        *(bp_wb_merge *)bp_vec_push(a, &t->merges) = (bp_wb_merge){r0, c0, r1, c1};
        return;
    }
    char type;
    if (sscanf(head, "%d %d %c%n", &r0, &c0, &type, &used) != 3) return;
    if (r0 < 0 || c0 < 0 || r0 > MAX_ROW || c0 > MAX_COL) return;
    const char *p = line + used, *end = line + n;
    const char *fmt = NULL;
    if (p < end && *p == ':') {
        const char *sp = memchr(p, ' ', (size_t)(end - p));
        if (!sp) sp = end;
        fmt = utf8_text(a, p + 1, (size_t)(sp - p - 1));
        p = sp;
    }
    if (p < end && *p == ' ') p++;
    bp_wb_cell *c = bp_vec_push(a, &t->cells);
    c->row = r0, c->col = c0, c->numfmt = fmt;
    c->text = utf8_text(a, p, (size_t)(end - p));
    c->type = type == 'n'   ? BP_WB_NUMBER
              : type == 'b' ? BP_WB_BOOL
              : type == 'e' ? BP_WB_ERROR
                            : BP_WB_TEXT;
    if (type == 'f') c->formula = c->no_cache = true, c->text = "";
}

static int by_place(const void *x, const void *y)
{
    const bp_wb_cell *a = x, *b = y;
    return a->row != b->row ? (a->row > b->row) - (a->row < b->row)
                            : (a->col > b->col) - (a->col < b->col);
}

/* The readers' promises: cells sorted by row and column, each place once;
 * nrows and ncols one past the last cell holding a value. */
static void finish(sheet_in *t)
{
    bp_wb_cell *c = t->cells.items;
    if (t->cells.n > 1) qsort(c, (size_t)t->cells.n, sizeof *c, by_place);
    int k = 0;
    for (int i = 0; i < t->cells.n; i++)
        if (!k || by_place(&c[k - 1], &c[i])) c[k++] = c[i];
    t->s.cells = c, t->s.ncells = k;
    for (int i = 0; i < k; i++) {
        if (c[i].row + 1 > t->s.nrows) t->s.nrows = c[i].row + 1;
        if (c[i].col + 1 > t->s.ncols) t->s.ncols = c[i].col + 1;
    }
    t->s.merges = t->merges.items, t->s.nmerges = t->merges.n;
}

static bp_workbook *from_text(bp_arena *a, const uint8_t *data, size_t size)
{
    sheet_in *sh = bp_alloc(a, MAX_SHEETS * sizeof *sh);
    int nsh = 0;
    const char *s = (const char *)data, *end = s + size;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = (size_t)((nl ? nl : end) - s);
        parse_line(a, s, n, sh, &nsh);
        s += n + (nl != NULL);
    }
    bp_workbook *wb = bp_alloc(a, sizeof *wb);
    wb->path = "fuzz.xlsx", wb->format = "xlsx";
    wb->sheets = bp_alloc(a, (size_t)(nsh ? nsh : 1) * sizeof *wb->sheets);
    for (int i = 0; i < nsh; i++) {
        finish(&sh[i]);
        wb->sheets[i] = sh[i].s;
    }
    wb->nsheets = nsh;
    return wb;
}

/* An error that names a cell of one of wb's sheets names it in A1 form
 * ("fuzz.xlsx: sheet S, cell B7: ...", never "cell :"). */
static void named(bp_arena *a, int rc, const bp_error *e, const bp_workbook *wb)
{
    for (int i = 0; rc && wb && i < wb->nsheets; i++) {
        const char *p = bp_sprintf(a, "fuzz.xlsx: sheet %s, cell ", wb->sheets[i].name);
        size_t n = strlen(p);
        if (!strncmp(e->msg, p, n) && !(e->msg[n] >= 'A' && e->msg[n] <= 'Z')) {
            fprintf(stderr, "fuzz_wb_bind: a cell not named: %s\n", e->msg);
            abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int input_only[] = {BP_EINPUT, 0};
    bp_arena a;
    bp_arena_init(&a);
    bp_error e = {0, ""};
    bp_workbook *wb = NULL;
    if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
        int rc = workbook_parse_xlsx(&a, "fuzz.xlsx", data, size, &wb, &e);
        fz_expect("fuzz_wb_bind", rc, &e, "fuzz.xlsx", input_only);
        if (rc) wb = NULL;
    } else {
        wb = from_text(&a, data, size);
    }
    if (wb) {
        bp_department d;
        int rc = data_wb_department_of(BP_CTX(&a, &e), "fuzz.xlsx", wb, &d);
        fz_expect("fuzz_wb_bind", rc, &e, "fuzz.xlsx", input_only);
        named(&a, rc, &e, wb);
        if (rc) d = (bp_department){.name = "部门", .code = "1", .unit = "万元", .year = 2024};
        for (int i = 0; i < set->ntables; i++) {
            bp_table_data *t;
            e = (bp_error){0, ""};
            rc = data_wb_bind(&a, wb, &set->tables[i], &d, &t, &e);
            fz_expect("fuzz_wb_bind", rc, &e, "fuzz.xlsx", input_only);
            named(&a, rc, &e, wb);
            for (int r = 0; !rc && r < t->nrows && r < 3; r++) /* every cell names its place */
                for (int c = 0; c < t->ncols; c++)
                    if (!strstr(data_cell_where(&a, t, r, c), "fuzz.xlsx")) abort();
        }
    }
    bp_arena_free(&a);
    return 0;
}
