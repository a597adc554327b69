/* test_data.c — CSV loading and binding (src/data.c): UTF-8 with and
 * without BOM, GB18030 (auto-detected and declared), encoding errors,
 * header/layout mismatches, row widths, exact amounts, RFC 4180 quoting
 * with the source line of every row, `<`/`^` merge markers, `merge: true`
 * columns and `group`, the cell size limit and CRLF. Every error must name
 * file:line (and column where there is one). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data.h"

/* ------------------------------------------------------------------ */
/* fixtures                                                            */

/* Line numbers matter: tests check that errors name "t.yaml:LINE". */
static const char *layout_basic = "title: T\n"                                       /* 1 */
                                  "data: t.csv\n"                                    /* 2 */
                                  "columns:\n"                                       /* 3 */
                                  "  - {key: code, header: [科目编码]}\n"            /* 4 */
                                  "  - {key: name, header: [科目名称]}\n"            /* 5 */
                                  "  - {key: total, header: [合计], type: amount}\n" /* 6 */
                                  "  - {key: note, header: [说明]}\n";               /* 7 */

/* A form-like table: four neutral text columns and an amount column. */
static const char *layout_form = "title: F\n"
                                 "data: f.csv\n"
                                 "header: false\n"
                                 "columns:\n"
                                 "  - {key: c1, header: [一]}\n"
                                 "  - {key: c2, header: [二]}\n"
                                 "  - {key: c3, header: [三]}\n"
                                 "  - {key: amt, header: [金额], type: amount}\n";

/* merge: true on code and name, no group. */
static const char *layout_merge = "title: M\n"
                                  "data: m.csv\n"
                                  "columns:\n"
                                  "  - {key: code, header: [编码], merge: true}\n"
                                  "  - {key: name, header: [名称]}\n"
                                  "  - {key: total, header: [合计], type: amount, merge: true}\n";

/* merge: true on the amount, grouped by the project code. */
static const char *layout_group = "title: G\n"
                                  "data: g.csv\n"
                                  "group: proj\n"
                                  "columns:\n"
                                  "  - {key: proj, header: [项目]}\n"
                                  "  - {key: ind, header: [指标]}\n"
                                  "  - {key: amt, header: [金额], type: amount, merge: true}\n";

typedef struct fx {
    bp_arena a;
    bp_table_spec t;
    bp_error e;
    bp_csv *csv;
    bp_table_data *d;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    if (!f) return -1;
    bp_arena_init(&f->a);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    bp_arena_free(&f->a);
    free(f);
    return 0;
}

static void use_layout(fx *f, const char *yaml)
{
    bp_error e = {0, ""};
    int rc = spec_parse_table(&f->a, "t.yaml", yaml, strlen(yaml), &f->t, &e);
    if (rc) print_error("layout fixture does not parse: %s\n", e.msg);
    assert_int_equal(rc, 0);
}

static int parse_n(fx *f, const char *bytes, size_t len, const char *enc)
{
    f->e.code = 0;
    f->e.msg[0] = 0;
    f->csv = NULL;
    return data_parse_csv(&f->a, "t.csv", bytes, len, enc, &f->csv, &f->e);
}

static int parse(fx *f, const char *text, const char *enc)
{
    return parse_n(f, text, strlen(text), enc);
}

/* Parses and binds; returns the first non-zero status. */
static int load(fx *f, const char *text, const char *enc)
{
    int rc = parse(f, text, enc);
    if (rc) return rc;
    f->d = NULL;
    return data_bind(&f->a, &f->t, f->csv, &f->d, &f->e);
}

static void load_ok(fx *f, const char *text, const char *enc)
{
    int rc = load(f, text, enc);
    if (rc) print_error("unexpected error %d: %s\n", rc, f->e.msg);
    assert_int_equal(rc, 0);
    assert_non_null(f->d);
}

/* The message must contain every string given (NULL-terminated). */
static void msg_has_(const bp_error *e, ...)
{
    va_list ap;
    va_start(ap, e);
    for (const char *s; (s = va_arg(ap, const char *));) {
        if (!strstr(e->msg, s)) {
            print_error("error message lacks \"%s\":\n  %s\n", s, e->msg);
            va_end(ap);
            fail();
        }
    }
    va_end(ap);
}
#define msg_has(e, ...) msg_has_((e), __VA_ARGS__, (const char *)NULL)

static void expect_input_error(fx *f, int rc)
{
    if (rc != BP_EINPUT) print_error("expected BP_EINPUT (3), got %d: %s\n", rc, f->e.msg);
    assert_int_equal(rc, BP_EINPUT);
    assert_int_equal(f->e.code, BP_EINPUT);
}

static const char *field(const bp_csv *c, int row, int col)
{
    return c->fields[(size_t)row * (size_t)c->ncols + (size_t)col];
}

/* Index of a layout column by key (fails the test when absent). */
static int col_of(fx *f, const char *key)
{
    int i = spec_column_index(&f->t, key);
    assert_true(i >= 0);
    return i;
}

static void assert_origin(const bp_table_data *d, int r, int c, int orow, int ocol)
{
    const bp_cell *x = data_cell(d, r, c);
    if (x->origin_row != orow || x->origin_col != ocol)
        print_error("cell (%d,%d): origin (%d,%d), expected (%d,%d)\n", r, c, x->origin_row,
                    x->origin_col, orow, ocol);
    assert_int_equal(x->origin_row, orow);
    assert_int_equal(x->origin_col, ocol);
}

static void assert_area(const bp_table_data *d, int r, int c, int rowspan, int colspan)
{
    const bp_cell *x = data_cell(d, r, c);
    assert_origin(d, r, c, r, c);
    if (x->rowspan != rowspan || x->colspan != colspan)
        print_error("cell (%d,%d): %dx%d, expected %dx%d\n", r, c, x->rowspan, x->colspan, rowspan,
                    colspan);
    assert_int_equal(x->rowspan, rowspan);
    assert_int_equal(x->colspan, colspan);
}

/* The invariants the layout engine relies on: every cell's origin is an
 * origin cell (its own origin), the origin's rectangle contains the cell,
 * and every cell of an origin's rectangle points back at that origin. */
static void assert_spans_consistent(const bp_table_data *d)
{
    for (int r = 0; r < d->nrows; r++)
        for (int c = 0; c < d->ncols; c++) {
            const bp_cell *x = data_cell(d, r, c);
            assert_in_range(x->origin_row, 0, r);
            assert_in_range(x->origin_col, 0, c);
            const bp_cell *o = data_cell(d, x->origin_row, x->origin_col);
            if (o->origin_row != x->origin_row || o->origin_col != x->origin_col)
                print_error("cell (%d,%d) points at (%d,%d), which is not an origin (it points "
                            "at (%d,%d))\n",
                            r, c, x->origin_row, x->origin_col, o->origin_row, o->origin_col);
            assert_int_equal(o->origin_row, x->origin_row);
            assert_int_equal(o->origin_col, x->origin_col);
            assert_true(r < x->origin_row + o->rowspan);
            assert_true(c < x->origin_col + o->colspan);
            if (x->origin_row == r && x->origin_col == c) {
                assert_true(x->rowspan >= 1 && x->colspan >= 1);
                assert_true(r + x->rowspan <= d->nrows && c + x->colspan <= d->ncols);
                for (int rr = r; rr < r + x->rowspan; rr++)
                    for (int cc = c; cc < c + x->colspan; cc++) {
                        const bp_cell *in = data_cell(d, rr, cc);
                        if (in->origin_row != r || in->origin_col != c)
                            print_error("cell (%d,%d) is inside the %dx%d area of (%d,%d) but "
                                        "points at (%d,%d)\n",
                                        rr, cc, x->rowspan, x->colspan, r, c, in->origin_row,
                                        in->origin_col);
                        assert_int_equal(in->origin_row, r);
                        assert_int_equal(in->origin_col, c);
                    }
            }
        }
}

static void assert_decimal(const bp_cell *x, int64_t units, int scale)
{
    assert_true(x->has_value);
    assert_int_equal(x->value.units, units);
    assert_int_equal(x->value.scale, scale);
}

/* ------------------------------------------------------------------ */
/* encodings                                                           */

static const char *seed_utf8 = "code,name,total,note\n"
                               "206,科学技术支出,1619.4,\n"
                               "2060101,行政运行,1619.4,科目\n";

static void check_seed_rows(fx *f)
{
    assert_int_equal(f->csv->nrows, 3);
    assert_int_equal(f->csv->ncols, 4);
    assert_string_equal(field(f->csv, 0, 0), "code");
    assert_string_equal(field(f->csv, 1, 1), "科学技术支出");
    assert_string_equal(field(f->csv, 2, 3), "科目");
    assert_int_equal(f->csv->lines[0], 1);
    assert_int_equal(f->csv->lines[1], 2);
    assert_int_equal(f->csv->lines[2], 3);
    assert_int_equal(f->d->nrows, 2);
    assert_int_equal(f->d->ncols, 4);
    assert_string_equal(data_cell(f->d, 0, col_of(f, "name"))->text, "科学技术支出");
    assert_decimal(data_cell(f->d, 1, col_of(f, "total")), 16194, 1);
    assert_false(data_cell(f->d, 0, col_of(f, "note"))->has_value);
    assert_string_equal(data_cell(f->d, 0, col_of(f, "note"))->text, "");
    assert_int_equal(data_cell(f->d, 1, 0)->line, 3);
}

static void utf8_without_bom(void **state)
{
    fx *f = *state;
    use_layout(f, layout_basic);
    load_ok(f, seed_utf8, "auto");
    assert_string_equal(f->csv->encoding, "UTF-8");
    check_seed_rows(f);
    /* NULL means auto; an explicit utf-8 works too */
    load_ok(f, seed_utf8, NULL);
    check_seed_rows(f);
    load_ok(f, seed_utf8, "utf-8");
    assert_string_equal(f->csv->encoding, "UTF-8");
    check_seed_rows(f);
}

static void utf8_with_bom(void **state)
{
    fx *f = *state;
    use_layout(f, layout_basic);
    char buf[512];
    snprintf(buf, sizeof buf, "\xEF\xBB\xBF%s", seed_utf8);
    load_ok(f, buf, "auto");
    assert_string_equal(f->csv->encoding, "UTF-8");
    /* the BOM is not part of the first key */
    assert_string_equal(field(f->csv, 0, 0), "code");
    check_seed_rows(f);
    load_ok(f, buf, "utf-8");
    assert_string_equal(field(f->csv, 0, 0), "code");
    check_seed_rows(f);
}

/* seed_utf8 in GB18030, plus a four-byte GB18030 sequence (¥ = 81 30 84 36). */
static const char seed_gb[] = "code,name,total,note\n"
                              "206,\xBF\xC6\xD1\xA7\xBC\xBC\xCA\xF5\xD6\xA7\xB3\xF6,1619.4,\n"
                              "2060101,\xD0\xD0\xD5\xFE\xD4\xCB\xD0\xD0,1619.4,\xBF\xC6\xC4\xBF\n"
                              "212,\xBA\xCF\xBC\xC6,5209.0,\x81\x30\x84\x36"
                              "5\n";

static void check_gb_rows(fx *f)
{
    assert_string_equal(f->csv->encoding, "GB18030");
    assert_int_equal(f->csv->nrows, 4);
    assert_string_equal(field(f->csv, 1, 1), "科学技术支出");
    assert_string_equal(field(f->csv, 2, 1), "行政运行");
    assert_string_equal(field(f->csv, 2, 3), "科目");
    assert_string_equal(field(f->csv, 3, 1), "合计");
    assert_string_equal(field(f->csv, 3, 3), "¥5");
    assert_int_equal(f->csv->lines[3], 4);
    assert_decimal(data_cell(f->d, 2, col_of(f, "total")), 52090, 1);
}

static void gb18030_detected_by_auto(void **state)
{
    fx *f = *state;
    use_layout(f, layout_basic);
    load_ok(f, seed_gb, "auto");
    check_gb_rows(f);
    load_ok(f, seed_gb, NULL);
    check_gb_rows(f);
}

static void gb18030_declared(void **state)
{
    fx *f = *state;
    use_layout(f, layout_basic);
    load_ok(f, seed_gb, "gb18030");
    check_gb_rows(f);
    load_ok(f, seed_gb, "GB18030");
    check_gb_rows(f);
    load_ok(f, seed_gb, "gbk"); /* accepted as an alias by department.yaml */
    check_gb_rows(f);
}

static void gb18030_declared_utf8_is_an_error(void **state)
{
    fx *f = *state;
    int rc = parse(f, seed_gb, "utf-8");
    expect_input_error(f, rc);
    /* line 2, column 5: after "206," */
    msg_has(&f->e, "t.csv:2:5:", "not valid UTF-8", "0xBF");
}

static void invalid_in_both_encodings(void **state)
{
    fx *f = *state;
    /* 0x80 alone is neither UTF-8 nor GB18030 */
    int rc = parse(f, "code,name,total,note\n1,a,2,\n3,\x80,4,\n", "auto");
    expect_input_error(f, rc);
    msg_has(&f->e, "t.csv:3:");
}

static void bom_in_the_middle(void **state)
{
    fx *f = *state;
    int rc = parse(f,
                   "code,name,total,note\n"
                   "206,a,1,\n"
                   "\xEF\xBB\xBF"
                   "code,name,total,note\n"
                   "207,b,2,\n",
                   "auto");
    expect_input_error(f, rc);
    msg_has(&f->e, "t.csv:3:", "byte order mark");
    /* also after a leading BOM, and in a declared utf-8 file */
    rc = parse(f,
               "\xEF\xBB\xBF"
               "code,name,total,note\n"
               "206,a\xEF\xBB\xBF,1,\n",
               "utf-8");
    expect_input_error(f, rc);
    msg_has(&f->e, "t.csv:2:", "byte order mark");
}

static void empty_file(void **state)
{
    fx *f = *state;
    expect_input_error(f, parse_n(f, "", 0, "auto"));
    msg_has(&f->e, "t.csv", "empty");
    expect_input_error(f, parse(f, "\n\r\n  \n", "auto"));
    msg_has(&f->e, "t.csv", "empty");
    expect_input_error(f, parse(f, "\xEF\xBB\xBF", "auto"));
    msg_has(&f->e, "t.csv", "empty");
    expect_input_error(f, parse(f, "", "gb18030"));
    msg_has(&f->e, "t.csv", "empty");
}

static void header_only_is_a_table_without_rows(void **state)
{
    fx *f = *state;
    use_layout(f, layout_basic);
    load_ok(f, "code,name,total,note\n", "auto");
    assert_int_equal(f->csv->nrows, 1);
    assert_int_equal(f->d->nrows, 0);
    assert_int_equal(f->d->ncols, 4);
    /* no final newline */
    load_ok(f, "note,total,name,code", "auto");
    assert_int_equal(f->d->nrows, 0);
}

/* ------------------------------------------------------------------ */
/* header and row shape                                                */

static void columns_in_any_order(void **state)
{
    fx *f = *state;
    use_layout(f, layout_basic);
    load_ok(f, "total,note,code,name\n1619.4,n,206,科学技术支出\n", "auto");
    assert_string_equal(data_cell(f->d, 0, 0)->text, "206");
    assert_string_equal(data_cell(f->d, 0, 1)->text, "科学技术支出");
    assert_decimal(data_cell(f->d, 0, 2), 16194, 1);
    assert_string_equal(data_cell(f->d, 0, 3)->text, "n");
}

static void unknown_column_suggests(void **state)
{
    fx *f = *state;
    use_layout(f, layout_basic);
    int rc = load(f, "code,nmae,total,note\n206,a,1,\n", "auto");
    expect_input_error(f, rc);
    msg_has(&f->e, "t.csv:1:2:", "'nmae'", "t.yaml", "did you mean 'name'");
    /* nothing close: no suggestion, but still the key and place */
    rc = load(f, "code,name,total,note,zzzzzzzz\n206,a,1,,\n", "auto");
    expect_input_error(f, rc);
    msg_has(&f->e, "t.csv:1:5:", "'zzzzzzzz'");
    assert_null(strstr(f->e.msg, "did you mean"));
}

static void missing_column_names_layout_line(void **state)
{
    fx *f = *state;
    use_layout(f, layout_basic);
    int rc = load(f, "code,name,total\n206,a,1\n", "auto");
    expect_input_error(f, rc);
    /* 'note' is declared on line 7 of the layout */
    msg_has(&f->e, "t.csv:1", "'note'", "t.yaml:7");
    rc = load(f, "name,total,note\na,1,\n", "auto");
    expect_input_error(f, rc);
    msg_has(&f->e, "'code'", "t.yaml:4");
}

static void repeated_column(void **state)
{
    fx *f = *state;
    use_layout(f, layout_basic);
    int rc = load(f, "code,name,total,note,name\n206,a,1,,b\n", "auto");
    expect_input_error(f, rc);
    msg_has(&f->e, "t.csv:1:5:", "'name'");
}

static void too_many_and_too_few_cells(void **state)
{
    fx *f = *state;
    int rc = parse(f, "code,name,total,note\n206,a,1,\n207,b,2,,extra\n208,c,3,\n", "auto");
    expect_input_error(f, rc);
    msg_has(&f->e, "t.csv:3:", "5 cells", "4");
    rc = parse(f, "code,name,total,note\n206,a,1,\n208,c,3,\n207,b,2\n", "auto");
    expect_input_error(f, rc);
    msg_has(&f->e, "t.csv:4:", "3 cells");
    /* after a quoted multi-line cell, the line is still the row's first line */
    rc = parse(f, "code,name,total,note\n206,\"a\nb\",1,\n207,b\n", "auto");
    expect_input_error(f, rc);
    msg_has(&f->e, "t.csv:4:", "2 cells");
}

/* ------------------------------------------------------------------ */
/* amounts                                                             */

static void amounts_parsed_exactly(void **state)
{
    fx *f = *state;
    use_layout(f, layout_basic);
    load_ok(f,
            "code,name,total,note\n"
            "a,a,6828.4,\n"
            "b,b,\"6,828.4\",\n"
            "c,c,-12.5,\n"
            "d,d,0,\n"
            "e,e,,\n"
            "f,f,68284000.00,\n"
            "g,g,0.1,\n",
            "auto");
    int t = col_of(f, "total");
    assert_decimal(data_cell(f->d, 0, t), 68284, 1);
    assert_decimal(data_cell(f->d, 1, t), 68284, 1);
    assert_string_equal(data_cell(f->d, 1, t)->text, "6,828.4");
    assert_decimal(data_cell(f->d, 2, t), -125, 1);
    assert_decimal(data_cell(f->d, 3, t), 0, 0);
    assert_false(data_cell(f->d, 4, t)->has_value); /* empty: blank, not zero */
    assert_decimal(data_cell(f->d, 5, t), 6828400000, 2);
    assert_decimal(data_cell(f->d, 6, t), 1, 1);
}

static void bad_amount(fx *f, const char *cell)
{
    char buf[256];
    snprintf(buf, sizeof buf,
             "code,name,total,note\n"
             "206,a,1,\n"
             "207,b,%s,\n",
             cell);
    int rc = load(f, buf, "auto");
    if (rc != BP_EINPUT) print_error("amount cell %s was accepted\n", cell);
    expect_input_error(f, rc);
    msg_has(&f->e, "t.csv:3:3:", "'total'");
}

static void bad_amounts_name_line_column_key(void **state)
{
    fx *f = *state;
    use_layout(f, layout_basic);
    bad_amount(f, "abc");
    msg_has(&f->e, "abc");
    bad_amount(f, "\"1,2,3\"");
    msg_has(&f->e, "1,2,3");
    bad_amount(f, "1e309");
    msg_has(&f->e, "1e309");
    bad_amount(f, "\"68,28.4\"");
    bad_amount(f, "\"6828,4\"");
    bad_amount(f, "5209.0万元");
    bad_amount(f, "—");
    bad_amount(f, "\" \"");
    bad_amount(f, "1.2.3");
    bad_amount(f, "99999999999999999999999");
    /* column index is the CSV's, not the layout's */
    int rc = load(f, "total,note,code,name\n1,,a,b\nx,,c,d\n", "auto");
    expect_input_error(f, rc);
    msg_has(&f->e, "t.csv:3:1:", "'total'");
}

/* docs/data.md: "anything else (—, 5,209.0万元, a space) is an error". An
 * unquoted cell of spaces must not silently become an empty (blank) cell. */
static void amount_of_spaces_is_an_error(void **state)
{
    fx *f = *state;
    use_layout(f, layout_basic);
    bad_amount(f, " ");
    bad_amount(f, "   ");
}

/* ------------------------------------------------------------------ */
/* quoting and line numbers                                            */

static const char *quoted = "code,name,total,note\n"              /* 1 */
                            "1,\"a,b\",1,\"x \"\"y\"\"\"\n"       /* 2 */
                            "2,\"multi\nline\ncell\",2,z\n"       /* 3-5 */
                            "3,after,3,w\n"                       /* 6 */
                            "\"4\nfour\",first,4,v\n"             /* 7-8 */
                            "5,last,5,\"end\nnote\"\n"            /* 9-10 */
                            "6,final,6,\"\"\n"                    /* 11 */
                            "7,\"\"\"一网统管\"\"应用场景\",7,\n" /* 12 */
                            "\"\",empty-first,8,\n";              /* 13 */

static void check_quoted(fx *f)
{
    const bp_csv *c = f->csv;
    assert_int_equal(c->nrows, 9);
    static const int lines[] = {1, 2, 3, 6, 7, 9, 11, 12, 13};
    for (int r = 0; r < 9; r++) {
        if (c->lines[r] != lines[r])
            print_error("row %d: line %d, expected %d\n", r, c->lines[r], lines[r]);
        assert_int_equal(c->lines[r], lines[r]);
    }
    assert_string_equal(field(c, 1, 1), "a,b");
    assert_string_equal(field(c, 1, 3), "x \"y\"");
    assert_string_equal(field(c, 2, 1), "multi\nline\ncell");
    assert_string_equal(field(c, 3, 1), "after");
    assert_string_equal(field(c, 4, 0), "4\nfour");
    assert_string_equal(field(c, 5, 3), "end\nnote");
    assert_string_equal(field(c, 6, 3), "");
    assert_string_equal(field(c, 7, 1), "\"一网统管\"应用场景");
    assert_string_equal(field(c, 8, 0), "");
    for (int r = 0; r < f->d->nrows; r++)
        for (int k = 0; k < f->d->ncols; k++)
            assert_int_equal(data_cell(f->d, r, k)->line, lines[r + 1]);
}

static void quoted_cells_and_line_numbers(void **state)
{
    fx *f = *state;
    use_layout(f, layout_basic);
    load_ok(f, quoted, "auto");
    check_quoted(f);
}

/* Replaces every "\n" by "\r\n". */
static char *crlf(fx *f, const char *s)
{
    size_t n = strlen(s), nl = 0;
    for (size_t i = 0; i < n; i++)
        nl += s[i] == '\n';
    char *o = bp_alloc(&f->a, n + nl + 1), *p = o;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n') *p++ = '\r';
        *p++ = s[i];
    }
    *p = 0;
    return o;
}

static void crlf_line_endings(void **state)
{
    fx *f = *state;
    use_layout(f, layout_basic);
    load_ok(f, crlf(f, seed_utf8), "auto");
    check_seed_rows(f);
    for (int r = 0; r < f->csv->nrows; r++)
        for (int k = 0; k < f->csv->ncols; k++)
            assert_null(strchr(field(f->csv, r, k), '\r'));
    /* quoted cells: CRLF inside a cell becomes LF, lines stay right */
    load_ok(f, crlf(f, quoted), "auto");
    check_quoted(f);
    /* no final line ending */
    load_ok(f, "code,name,total,note\r\n206,a,1,x", "auto");
    assert_string_equal(data_cell(f->d, 0, 3)->text, "x");
    /* an error line is right in a CRLF file too */
    int rc = load(f, crlf(f, "code,name,total,note\n206,\"a\nb\",1,\n207,b,zz,\n"), "auto");
    expect_input_error(f, rc);
    msg_has(&f->e, "t.csv:4:3:", "'total'");
}

static void error_line_after_multiline_cells(void **state)
{
    fx *f = *state;
    use_layout(f, layout_basic);
    char buf[1024];
    snprintf(buf, sizeof buf, "%s14,bad,x1,\n", quoted);
    int rc = load(f, buf, "auto");
    expect_input_error(f, rc);
    msg_has(&f->e, "t.csv:14:3:", "'total'");
}

static void unclosed_quote(void **state)
{
    fx *f = *state;
    int rc = parse(f, "code,name,total,note\n206,\"abc,1,\n207,b,2,\n", "auto");
    expect_input_error(f, rc);
    msg_has(&f->e, "t.csv:2");
}

static void nul_and_control_characters(void **state)
{
    fx *f = *state;
    use_layout(f, layout_basic);
    static const char nul[] = "code,name,total,note\n206,a\0b,1,\n";
    int rc = parse_n(f, nul, sizeof nul - 1, "auto");
    expect_input_error(f, rc);
    msg_has(&f->e, "t.csv:2:");
    rc = load(f, "code,name,total,note\n206,a,1,\n207,a\x01z,1,\n", "auto");
    expect_input_error(f, rc);
    msg_has(&f->e, "t.csv:3:2:", "'name'");
}

/* ------------------------------------------------------------------ */
/* merged cells                                                        */

static void markers_make_rectangles(void **state)
{
    fx *f = *state;
    use_layout(f, layout_form);
    /* the example of docs/data.md, plus a 2x2 block, in an amount column too */
    load_ok(f,
            "c1,c2,c3,amt\n"
            "预算情况,部门预算总额（万元）,<,6828.4\n"   /* r0 */
            "^,1、资金来源：,（1）政府预算资金,6828.4\n" /* r1 */
            "^,^,（2）财政专户管理资金,\n"               /* r2 */
            "块,<,x,1\n"                                 /* r3 */
            "^,^,y,^\n"                                  /* r4 */
            "z,<,<,<\n",                                 /* r5 */
            "auto");
    const bp_table_data *d = f->d;
    assert_int_equal(d->nrows, 6);
    assert_area(d, 0, 0, 3, 1);
    assert_origin(d, 1, 0, 0, 0);
    assert_origin(d, 2, 0, 0, 0);
    assert_area(d, 0, 1, 1, 2);
    assert_origin(d, 0, 2, 0, 1);
    assert_area(d, 1, 1, 2, 1);
    assert_origin(d, 2, 1, 1, 1);
    assert_area(d, 1, 2, 1, 1);
    assert_area(d, 2, 2, 1, 1);
    assert_string_equal(data_cell(d, 0, 1)->text, "部门预算总额（万元）");
    assert_string_equal(data_cell(d, 0, 2)->text, ""); /* markers print nothing */
    assert_string_equal(data_cell(d, 1, 0)->text, "");
    assert_area(d, 3, 0, 2, 2);
    assert_origin(d, 3, 1, 3, 0);
    assert_origin(d, 4, 0, 3, 0);
    assert_origin(d, 4, 1, 3, 0);
    assert_area(d, 3, 3, 2, 1); /* '^' in an amount column */
    assert_origin(d, 4, 3, 3, 3);
    assert_false(data_cell(d, 4, 3)->has_value);
    assert_decimal(data_cell(d, 3, 3), 1, 0);
    assert_area(d, 5, 0, 1, 4);
    assert_false(data_cell(d, 5, 3)->has_value);
    assert_spans_consistent(d);
}

static void non_rectangular_markers(void **state)
{
    fx *f = *state;
    use_layout(f, layout_form);
    /* an L: the 2-wide first row continues as one column */
    int rc = load(f, "c1,c2,c3,amt\nA,<,B,1\n^,C,D,2\n", "auto");
    expect_input_error(f, rc);
    msg_has(&f->e, "t.csv:", "rectangle");
    /* the other L */
    rc = load(f, "c1,c2,c3,amt\nA,B,C,1\n^,<,D,2\n", "auto");
    expect_input_error(f, rc);
    msg_has(&f->e, "t.csv:", "rectangle");
    /* a step */
    rc = load(f, "c1,c2,c3,amt\nA,<,<,1\n^,^,E,2\n^,^,^,3\n", "auto");
    expect_input_error(f, rc);
    msg_has(&f->e, "t.csv:", "rectangle");
}

static void marker_at_the_edge(void **state)
{
    fx *f = *state;
    use_layout(f, layout_form);
    int rc = load(f, "c1,c2,c3,amt\nA,B,C,1\n<,B,C,1\n", "auto");
    expect_input_error(f, rc);
    msg_has(&f->e, "t.csv:3:1:", "first column");
    /* '<' in the first CSV column that maps to the first layout column */
    rc = load(f, "amt,c3,c2,c1\n1,C,B,<\n", "auto");
    expect_input_error(f, rc);
    msg_has(&f->e, "t.csv:2:4:", "first column");
    rc = load(f, "c1,c2,c3,amt\nA,^,C,1\n", "auto");
    expect_input_error(f, rc);
    msg_has(&f->e, "t.csv:2:2:", "first row");
}

static void merge_true_joins_equal_neighbours(void **state)
{
    fx *f = *state;
    use_layout(f, layout_merge);
    load_ok(f,
            "code,name,total\n"
            "X,a,5209.0\n" /* r0 */
            "X,b,5209.0\n" /* r1 */
            "X,c,100.0\n"  /* r2 */
            "Y,d,100.0\n"  /* r3 */
            ",e,\n"        /* r4 */
            ",f,\n"        /* r5 */
            "Y,g,100.0\n", /* r6 */
            "auto");
    const bp_table_data *d = f->d;
    assert_area(d, 0, 0, 3, 1);
    assert_origin(d, 1, 0, 0, 0);
    assert_origin(d, 2, 0, 0, 0);
    assert_area(d, 3, 0, 1, 1);
    assert_area(d, 4, 0, 1, 1); /* empty values never merge */
    assert_area(d, 5, 0, 1, 1);
    assert_area(d, 6, 0, 1, 1); /* not a neighbour of r3 */
    /* name has no merge: */
    for (int r = 0; r < 7; r++)
        assert_area(d, r, 1, 1, 1);
    assert_area(d, 0, 2, 2, 1);
    assert_origin(d, 1, 2, 0, 2);
    assert_area(d, 2, 2, 2, 1);
    assert_origin(d, 3, 2, 2, 2);
    assert_area(d, 4, 2, 1, 1);
    assert_spans_consistent(d);
}

static void merge_true_stays_inside_groups(void **state)
{
    fx *f = *state;
    use_layout(f, layout_group);
    assert_int_equal(f->t.group_column, 0);
    load_ok(f,
            "proj,ind,amt\n"
            "033,a,5209.0\n"    /* r0: group 033 */
            "033001,b,5209.0\n" /* r1: group 033001: equal amount, not merged */
            "033001,c,5209.0\n" /* r2: merged with r1 */
            "P1,d,100.0\n"      /* r3 */
            "P1,e,100.0\n"      /* r4 */
            "P2,f,100.0\n",     /* r5: equal amount, new group */
            "auto");
    const bp_table_data *d = f->d;
    int amt = col_of(f, "amt");
    assert_area(d, 0, amt, 1, 1);
    assert_area(d, 1, amt, 2, 1);
    assert_origin(d, 2, amt, 1, amt);
    assert_area(d, 3, amt, 2, 1);
    assert_origin(d, 4, amt, 3, amt);
    assert_area(d, 5, amt, 1, 1);
    /* the group column itself has no merge: true here */
    for (int r = 0; r < 6; r++)
        assert_area(d, r, 0, 1, 1);
    assert_spans_consistent(d);
}

/* A merge: true column whose cell is the origin of a '^' area: the value
 * merge must carry the whole area along (3 rows, one origin). */
static void merge_true_with_caret_below(void **state)
{
    fx *f = *state;
    use_layout(f, layout_merge);
    load_ok(f,
            "code,name,total\n"
            "X,a,1\n"
            "X,b,2\n"
            "^,c,3\n",
            "auto");
    const bp_table_data *d = f->d;
    assert_spans_consistent(d);
    assert_area(d, 0, 0, 3, 1);
    assert_origin(d, 1, 0, 0, 0);
    assert_origin(d, 2, 0, 0, 0);
}

/* A merge: true cell that spans two columns ('<' on its right) is not a
 * single-column area, so it must not merge by value with the cell above. */
static void merge_true_not_for_wide_cells(void **state)
{
    fx *f = *state;
    use_layout(f, layout_merge);
    load_ok(f,
            "code,name,total\n"
            "X,a,1\n"
            "X,<,2\n",
            "auto");
    const bp_table_data *d = f->d;
    assert_spans_consistent(d);
    assert_area(d, 0, 0, 1, 1);
    assert_area(d, 1, 0, 1, 2);
    assert_origin(d, 1, 1, 1, 0);
}

/* ------------------------------------------------------------------ */
/* limits                                                              */

static void huge_cell(void **state)
{
    fx *f = *state;
    size_t big = 2u * 1024 * 1024;
    const char *head = "code,name,total,note\n206,a,1,\n207,";
    const char *tail = ",2,\n";
    size_t hl = strlen(head), tl = strlen(tail);
    char *buf = bp_alloc(&f->a, hl + big + tl + 1);
    memcpy(buf, head, hl);
    memset(buf + hl, 'a', big);
    memcpy(buf + hl + big, tail, tl);
    int rc = parse_n(f, buf, hl + big + tl, "auto");
    expect_input_error(f, rc);
    char lim[32];
    snprintf(lim, sizeof lim, "%d", BP_MAX_CELL_BYTES);
    msg_has(&f->e, "t.csv:3", "limit", lim);
    /* exactly at the limit is fine */
    char *ok = bp_alloc(&f->a, hl + BP_MAX_CELL_BYTES + tl + 1);
    memcpy(ok, head, hl);
    memset(ok + hl, 'b', BP_MAX_CELL_BYTES);
    memcpy(ok + hl + BP_MAX_CELL_BYTES, tail, tl);
    rc = parse_n(f, ok, hl + BP_MAX_CELL_BYTES + tl, "auto");
    if (rc) print_error("%s\n", f->e.msg);
    assert_int_equal(rc, 0);
    assert_int_equal(strlen(field(f->csv, 2, 1)), BP_MAX_CELL_BYTES);
}

/* ------------------------------------------------------------------ */
/* files                                                               */

static void load_files_from_the_tree(void **state)
{
    fx *f = *state;
    bp_error e = {0, ""};
    /* the seed's table 5 with its layout */
    int rc =
        spec_load_table(BP_CTX(&f->a, &e),
                        BP_TEST_SOURCE_DIR "/layouts/standard-2024/05-gpb-expenditure.yaml", &f->t);
    if (rc) print_error("%s\n", e.msg);
    assert_int_equal(rc, 0);
    bp_department dept;
    memset(&dept, 0, sizeof dept);
    dept.dir = BP_TEST_SOURCE_DIR "/data/zzgx-smartcity-2024";
    dept.encoding = "auto";
    bp_table_data *d = NULL;
    rc = data_load_table(BP_CTX(&f->a, &e), &dept, &f->t, &d);
    if (rc) print_error("%s\n", e.msg);
    assert_int_equal(rc, 0);
    assert_true(d->nrows >= 2);
    int name = col_of(f, "name"), total = col_of(f, "total");
    assert_string_equal(data_cell(d, 0, name)->text, "合计");
    assert_decimal(data_cell(d, 0, total), 68284, 1);
    /* the variant's GB18030 file, detected */
    bp_csv *c = NULL;
    rc = data_load_csv(BP_CTX(&f->a, &e),
                       BP_TEST_SOURCE_DIR "/examples/variant-yuan-2024/gpb-expenditure-yuan.csv",
                       "auto", &c);
    if (rc) print_error("%s\n", e.msg);
    assert_int_equal(rc, 0);
    assert_string_equal(c->encoding, "GB18030");
    bool found = false;
    for (int r = 1; r < c->nrows; r++)
        for (int k = 0; k < c->ncols; k++)
            found |= !strcmp(field(c, r, k), "合计");
    assert_true(found);
    /* a missing file names its path */
    rc = data_load_csv(BP_CTX(&f->a, &e), BP_TEST_SOURCE_DIR "/data/no-such-file.csv", "auto", &c);
    assert_int_not_equal(rc, 0);
    assert_non_null(strstr(e.msg, "no-such-file.csv"));
}

/* The one definition of an empty table (data_empty.c): no amount cell
 * other than zero; without amount columns, no rows. */
static void empty_means_no_figure(void **state)
{
    fx *f = *state;
    use_layout(f, layout_basic);
    load_ok(f, "code,name,total,note\n", "utf-8");
    assert_true(data_table_is_empty(&f->t, f->d));
    load_ok(f, "code,name,total,note\n,合计,0,\n201,一般公共服务,0.00,\n202,外交,,说明\n", "utf-8");
    assert_true(data_table_is_empty(&f->t, f->d)); /* rows, but no figure */
    load_ok(f, "code,name,total,note\n,合计,0,\n201,一般公共服务,-0.1,\n", "utf-8");
    assert_false(data_table_is_empty(&f->t, f->d));
    use_layout(f, "title: T\ndata: t.csv\ncolumns:\n  - {key: name, header: [名称]}\n");
    load_ok(f, "name\n", "utf-8");
    assert_true(data_table_is_empty(&f->t, f->d));
    load_ok(f, "name\n某项目\n", "utf-8");
    assert_false(data_table_is_empty(&f->t, f->d)); /* no amount columns: rows are figures */
}

/* What an empty table prints (`empty:`): its rows, none, or one blank
 * total row; a table with a figure always its rows. */
static void empty_view(void **state)
{
    fx *f = *state;
    static const char *zero = "code,name,total,note\n,合计,0,\n201,一般公共服务,0,\n";
    use_layout(f, layout_basic); /* no empty: key: the rows */
    load_ok(f, zero, "utf-8");
    assert_ptr_equal(data_empty_view(&f->a, &f->t, f->d), f->d);
    char *y = malloc(strlen(layout_basic) + 64);
    assert_non_null(y);
    sprintf(y, "%sempty: {total_row: 合计}\n", layout_basic);
    use_layout(f, y);
    assert_int_equal(f->t.empty_total_column, 0); /* default: the first text column */
    sprintf(y, "%sempty: {total_row: 总计, column: name}\n", layout_basic);
    use_layout(f, y);
    load_ok(f, zero, "utf-8");
    const bp_table_data *v = data_empty_view(&f->a, &f->t, f->d);
    assert_int_equal(v->nrows, 1);
    assert_int_equal(v->ncols, 4);
    assert_string_equal(data_cell(v, 0, 1)->text, "总计");
    for (int c = 0; c < 4; c++) {
        assert_false(data_cell(v, 0, c)->has_value);
        if (c != 1) assert_string_equal(data_cell(v, 0, c)->text, "");
        assert_int_equal(data_cell(v, 0, c)->origin_col, c);
        assert_int_equal(data_cell(v, 0, c)->rowspan, 1);
        assert_int_equal(data_cell(v, 0, c)->colspan, 1);
    }
    assert_true(data_table_is_empty(&f->t, v));
    load_ok(f, "code,name,total,note\n,合计,1.5,\n", "utf-8"); /* a figure: the rows */
    assert_ptr_equal(data_empty_view(&f->a, &f->t, f->d), f->d);
    sprintf(y, "%sempty: {body: none}\n", layout_basic);
    use_layout(f, y);
    load_ok(f, zero, "utf-8");
    assert_int_equal(data_empty_view(&f->a, &f->t, f->d)->nrows, 0);
    free(y);
}

/* Old Excel for Mac ends lines with CR alone: rows and line numbers are
 * those of CR, as of LF and CRLF. */
static void cr_line_endings(void **state)
{
    fx *f = *state;
    use_layout(f, layout_basic);
    char *cr = bp_strdup(&f->a, seed_utf8);
    for (char *p = cr; *p; p++)
        if (*p == '\n') *p = '\r';
    load_ok(f, cr, "auto");
    check_seed_rows(f);
    for (int r = 0; r < f->csv->nrows; r++)
        assert_int_equal(f->csv->lines[r], r + 1);
    /* an error on line 4, after a cell of two lines (CR inside quotes) */
    int rc = load(f, "code,name,total,note\r206,\"a\rb\",1,\r207,b,zz,\r", "auto");
    expect_input_error(f, rc);
    msg_has(&f->e, "t.csv:4:3:", "'total'");
    /* a NUL byte is located by CR lines too */
    rc = parse_n(f, "code,name\r1,a\r2,\0\r", 17, "auto");
    expect_input_error(f, rc);
    msg_has(&f->e, "t.csv:3:3: NUL byte");
}

/* A GB18030 decode error gives the column in characters: 科学 is four
 * bytes, two characters. */
static void gb18030_error_column_in_characters(void **state)
{
    fx *f = *state;
    /* line 2: "2,科学" then a lone lead byte 0x81 before a space */
    static const char bad[] = "code,name\n2,\xBF\xC6\xD1\xA7\x81 x\n";
    int rc = parse(f, bad, "gb18030");
    expect_input_error(f, rc);
    msg_has(&f->e, "t.csv:2:5: byte 0x81 is not valid GB18030");
    /* the same on a CR-only file */
    static const char bad_cr[] = "code,name\r2,\xBF\xC6\xD1\xA7\x81 x\r";
    rc = parse(f, bad_cr, "gb18030");
    expect_input_error(f, rc);
    msg_has(&f->e, "t.csv:2:5: byte 0x81");
}

/* ---- department.yaml ------------------------------------------------- */

static char dept_dir[64];

/* Writes department.yaml (the given text) into a fresh folder and loads
 * it; returns the status. */
static int load_dept(fx *f, const char *yaml, size_t len, bp_department *d)
{
    snprintf(dept_dir, sizeof dept_dir, "/tmp/bp-test-data-XXXXXX");
    assert_non_null(mkdtemp(dept_dir));
    char path[128];
    snprintf(path, sizeof path, "%s/department.yaml", dept_dir);
    FILE *out = fopen(path, "wb");
    assert_non_null(out);
    assert_int_equal(fwrite(yaml, 1, len, out), len);
    fclose(out);
    f->e.code = 0;
    f->e.msg[0] = 0;
    int rc = data_load_department(BP_CTX(&f->a, &f->e), dept_dir, d);
    unlink(path);
    rmdir(dept_dir);
    return rc;
}

#define DEPT_HEAD "code: \"033\"\nyear: 2024\nlayouts: standard-2024\n"

static void dept_error(fx *f, const char *yaml, size_t len, const char *want)
{
    bp_department d;
    int rc = load_dept(f, yaml, len, &d);
    expect_input_error(f, rc);
    msg_has(&f->e, "department.yaml", want);
}
#define DEPT_ERROR(f, lit, want) dept_error((f), (lit), sizeof(lit) - 1, (want))

static void department_texts_are_checked_at_their_line(void **state)
{
    fx *f = *state;
    /* NUL inside a quoted scalar: the name would end there */
    DEPT_ERROR(f, DEPT_HEAD "name: \"郑州\\0高新\"\n",
               "department.yaml:4:7: name holds a NUL character");
    DEPT_ERROR(f, DEPT_HEAD "name: \"郑州\\t高新\"\n",
               "department.yaml:4:7: name holds the control character U+0009 at character 3");
    DEPT_ERROR(f, DEPT_HEAD "name: \"郑州\\x85高新\"\n",
               "department.yaml:4:7: name holds the control "
               "character U+0085");
    DEPT_ERROR(f, DEPT_HEAD "name: 郑州\xEF\xBB\xBF高新\n",
               "department.yaml:4:7: name holds U+FEFF");
    DEPT_ERROR(f, DEPT_HEAD "name: 郑州\nunit: \"万\\u0007元\"\n",
               "department.yaml:5:7: unit holds the control character U+0007");
    /* CR-only lines: the line is still right */
    DEPT_ERROR(f, "code: \"033\"\ryear: 2024\rlayouts: x\rname: \"a\\tb\"\r",
               "department.yaml:4:7: name holds the control character");
    /* a clean one loads, with the places of name and unit */
    bp_department d;
    static const char ok[] = DEPT_HEAD "name: 郑州高新\nunit: 元\ndate: 2024-02-29\n";
    assert_int_equal(load_dept(f, ok, sizeof ok - 1, &d), BP_OK);
    assert_string_equal(d.name, "郑州高新");
    assert_int_equal(d.name_line, 4);
    assert_int_equal(d.name_col, 7);
    assert_int_equal(d.unit_line, 5);
    assert_int_equal(d.date, 1709164800LL); /* 2024-02-29T00:00:00Z */
}

static void department_dates_must_exist(void **state)
{
    fx *f = *state;
    DEPT_ERROR(f, DEPT_HEAD "name: a\ndate: 2024-02-30\n",
               "department.yaml:5:7: date '2024-02-30' does not exist: 2024-02 has 29 days");
    DEPT_ERROR(f, DEPT_HEAD "name: a\ndate: 2023-02-29\n", "2023-02 has 28 days");
    DEPT_ERROR(f, DEPT_HEAD "name: a\ndate: 2100-02-29\n", "2100-02 has 28 days");
    DEPT_ERROR(f, DEPT_HEAD "name: a\ndate: 2024-04-31\n", "2024-04 has 30 days");
    DEPT_ERROR(f, DEPT_HEAD "name: a\ndate: 2024-4-1\n", "date must be YYYY-MM-DD");
    bp_department d;
    static const char leap[] = DEPT_HEAD "name: a\ndate: 2000-02-29\n";
    assert_int_equal(load_dept(f, leap, sizeof leap - 1, &d), BP_OK);
    assert_int_equal(d.date, 951782400LL);
}

static void department_is_one_yaml_document(void **state)
{
    fx *f = *state;
    DEPT_ERROR(f, DEPT_HEAD "name: a\n---\nname: b\n",
               "department.yaml:5:1: a second YAML document (after ---)");
    DEPT_ERROR(f, "---\n" DEPT_HEAD "name: a\n--- {name: b}\n", "department.yaml:6:1: a second");
    /* an explicit end of the one document is fine */
    bp_department d;
    static const char one[] = "---\n" DEPT_HEAD "name: a\n...\n";
    assert_int_equal(load_dept(f, one, sizeof one - 1, &d), BP_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(utf8_without_bom, setup, teardown),
        cmocka_unit_test_setup_teardown(utf8_with_bom, setup, teardown),
        cmocka_unit_test_setup_teardown(gb18030_detected_by_auto, setup, teardown),
        cmocka_unit_test_setup_teardown(gb18030_declared, setup, teardown),
        cmocka_unit_test_setup_teardown(gb18030_declared_utf8_is_an_error, setup, teardown),
        cmocka_unit_test_setup_teardown(invalid_in_both_encodings, setup, teardown),
        cmocka_unit_test_setup_teardown(bom_in_the_middle, setup, teardown),
        cmocka_unit_test_setup_teardown(empty_file, setup, teardown),
        cmocka_unit_test_setup_teardown(header_only_is_a_table_without_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(columns_in_any_order, setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_column_suggests, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_column_names_layout_line, setup, teardown),
        cmocka_unit_test_setup_teardown(repeated_column, setup, teardown),
        cmocka_unit_test_setup_teardown(too_many_and_too_few_cells, setup, teardown),
        cmocka_unit_test_setup_teardown(amounts_parsed_exactly, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_amounts_name_line_column_key, setup, teardown),
        cmocka_unit_test_setup_teardown(amount_of_spaces_is_an_error, setup, teardown),
        cmocka_unit_test_setup_teardown(quoted_cells_and_line_numbers, setup, teardown),
        cmocka_unit_test_setup_teardown(crlf_line_endings, setup, teardown),
        cmocka_unit_test_setup_teardown(error_line_after_multiline_cells, setup, teardown),
        cmocka_unit_test_setup_teardown(unclosed_quote, setup, teardown),
        cmocka_unit_test_setup_teardown(nul_and_control_characters, setup, teardown),
        cmocka_unit_test_setup_teardown(markers_make_rectangles, setup, teardown),
        cmocka_unit_test_setup_teardown(non_rectangular_markers, setup, teardown),
        cmocka_unit_test_setup_teardown(marker_at_the_edge, setup, teardown),
        cmocka_unit_test_setup_teardown(merge_true_joins_equal_neighbours, setup, teardown),
        cmocka_unit_test_setup_teardown(merge_true_stays_inside_groups, setup, teardown),
        cmocka_unit_test_setup_teardown(merge_true_with_caret_below, setup, teardown),
        cmocka_unit_test_setup_teardown(merge_true_not_for_wide_cells, setup, teardown),
        cmocka_unit_test_setup_teardown(huge_cell, setup, teardown),
        cmocka_unit_test_setup_teardown(load_files_from_the_tree, setup, teardown),
        cmocka_unit_test_setup_teardown(empty_means_no_figure, setup, teardown),
        cmocka_unit_test_setup_teardown(empty_view, setup, teardown),
        cmocka_unit_test_setup_teardown(cr_line_endings, setup, teardown),
        cmocka_unit_test_setup_teardown(gb18030_error_column_in_characters, setup, teardown),
        cmocka_unit_test_setup_teardown(department_texts_are_checked_at_their_line, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(department_dates_must_exist, setup, teardown),
        cmocka_unit_test_setup_teardown(department_is_one_yaml_document, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
