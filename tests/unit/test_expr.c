/* test_expr.c — the figures of the text (expr.h): every function (a term,
 * sums and differences, sum, diff, pct, share, prev, change), formatting
 * and its `figures:` keys, rounding half away from zero, shares that add up
 * to exactly 100.00, the wording of a change by sign, the previous year's
 * file, and every error with its file:line:column. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TMPDIR_FIXTURE_NAME "expr"
#include "expr.h"
#include "tmpdir_fixture.h"

#define MAXT 3

typedef struct fx {
    bp_arena a;
    bp_layout_set set;
    bp_table_spec t[MAXT];
    bp_table_data *d[MAXT];
    bp_department dept;
    bp_figure_env *env;
    bp_error e;
} fx;

static const char *t01 = "title: t1\n"
                         "data: t1.csv\n"
                         "columns:\n"
                         "  - {key: name, header: [名称]}\n"
                         "  - {key: total, header: [合计], type: amount}\n"
                         "  - {key: x, header: [甲项], type: amount}\n"
                         "  - {key: y, header: [乙项], type: amount}\n";
static const char *csv01 = "name,total,x,y\n"
                           "合计,10.0,3.35,6.65\n"
                           "甲,7,1,1\n"
                           "乙,3,0.5,\n"
                           "乙,0,0,\n"
                           "大,1234567.5,-3.3,0.125\n";
static const char *t02 = "title: t2\n"
                         "data: t2.csv\n"
                         "columns:\n"
                         "  - {key: name, header: [名称]}\n"
                         "  - {key: total, header: [合计], type: amount}\n";

static void add_table(fx *f, const char *name, const char *yaml, const char *csv)
{
    int i = f->set.ntables;
    if (spec_parse_table(&f->a, name, yaml, strlen(yaml), &f->t[i], &f->e))
        fail_msg("%s", f->e.msg);
    bp_csv *c;
    if (data_parse_csv(&f->a, "x.csv", csv, strlen(csv), "utf-8", &c, &f->e))
        fail_msg("%s", f->e.msg);
    if (data_bind(&f->a, &f->t[i], c, &f->d[i], &f->e)) fail_msg("%s", f->e.msg);
    f->set.ntables++;
}

static void write_file(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", g_dir, name);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

/* A set of two tables (01-a: rows; 02-b: none) and a department whose
 * previous-year file is `prev` (NULL: none). */
static fx *fx_new(const char *prev)
{
    fx *f = test_calloc(1, sizeof *f);
    bp_arena_init(&f->a);
    f->set.name = "test";
    f->set.dir = ".";
    f->set.tables = f->t;
    f->dept.name = "测试部门";
    f->dept.unit = "万元";
    f->dept.year = 2024;
    f->dept.dir = g_dir;
    f->dept.file = "department.yaml";
    add_table(f, "01-a.yaml", t01, csv01);
    add_table(f, "02-b.yaml", t02, "name,total\n");
    if (prev) {
        write_file("prev.yaml", prev);
        f->dept.previous = "prev.yaml";
        f->dept.previous_line = 7, f->dept.previous_col = 11;
    }
    f->env = expr_env_new(BP_CTX(&f->a, &f->e), &f->set, &f->dept, f->d);
    return f;
}

static void fx_free(fx *f)
{
    bp_arena_free(&f->a);
    test_free(f);
}

/* {{ src }} at document.md:3:5: its text, or "error: message". */
static const char *fig(fx *f, const char *src)
{
    const char *out;
    if (expr_figure(f->env, src, strlen(src), "document.md", 3, 5, &out, &f->e))
        return bp_sprintf(&f->a, "error: %s", f->e.msg);
    return out;
}

static void figures_and_sums(void **state)
{
    (void)state;
    fx *f = fx_new(NULL);
    assert_non_null(f->env);
    assert_string_equal(fig(f, " 01[name=合计].total "), "10"); /* no trailing .0 */
    assert_string_equal(fig(f, "01[name=合计].x"), "3.35");
    assert_string_equal(fig(f, "01[name=合计].甲项"), "3.35");     /* a column by name */
    assert_string_equal(fig(f, "01-a[name=甲].total"), "7");       /* a table by stem */
    assert_string_equal(fig(f, "01[name=乙][#3].y"), "0");         /* an empty cell */
    assert_string_equal(fig(f, "02[name=合计].total"), "0");       /* a table with no rows */
    assert_string_equal(fig(f, "01[name=大].total"), "1234567.5"); /* no thousands */
    assert_string_equal(fig(f, "01[name=合计].x + 01[name=合计].y"), "10");
    assert_string_equal(fig(f, "01[name=合计].x - 01[name=合计].y"), "-3.3");
    assert_string_equal(fig(f, "sum(01[name=合计].x, 01[name=合计].y, 0.05)"), "10.05");
    assert_string_equal(fig(f, "diff(01[name=合计].total, 01[name=甲].total)"), "3");
    assert_string_equal(fig(f, "diff(0.1 + 0.2, 0.3)"), "0"); /* exact decimals */
    assert_string_equal(fig(f, "01[name=大].x"), "-3.3");
    fx_free(f);
}

static void formatting_keys(void **state)
{
    (void)state;
    fx *f = fx_new(NULL);
    bp_figures k = bp_figures_default;
    f->set.figures = &k;
    f->env = expr_env_new(BP_CTX(&f->a, &f->e), &f->set, &f->dept, f->d);
    k.decimals = 1; /* half away from zero */
    assert_string_equal(fig(f, "01[name=合计].x"), "3.4");
    assert_string_equal(fig(f, "01[name=大].y"), "0.1");
    assert_string_equal(fig(f, "-0.35"), "-0.4");
    assert_string_equal(fig(f, "-0.04"), "0"); /* no "-0" */
    k.trim_zeros = false;
    assert_string_equal(fig(f, "01[name=合计].total"), "10.0");
    k.decimals = -1; /* as written */
    assert_string_equal(fig(f, "01[name=甲].total"), "7");
    assert_string_equal(fig(f, "01[name=合计].total"), "10.0");
    k.thousands = true;
    assert_string_equal(fig(f, "01[name=大].total"), "1,234,567.5");
    assert_string_equal(fig(f, "123"), "123");
    assert_string_equal(fig(f, "1234"), "1,234");
    k.pct_decimals = 1;
    k.pct_suffix = " %";
    assert_string_equal(fig(f, "pct(1, 3)"), "33.3 %");
    fx_free(f);
}

static void percentages(void **state)
{
    (void)state;
    fx *f = fx_new(NULL);
    assert_string_equal(fig(f, "pct(01[name=合计].x, 01[name=合计].total)"), "33.50%");
    assert_string_equal(fig(f, "pct(1, 8)"), "12.50%"); /* decimals kept */
    assert_string_equal(fig(f, "pct(2, 3)"), "66.67%");
    assert_string_equal(fig(f, "pct(1, 800)"), "0.13%"); /* 0.125: half up */
    assert_string_equal(fig(f, "pct(-1, 800)"), "-0.13%");
    assert_string_equal(fig(f, "pct(1, 3) "), "33.33%");
    /* three equal parts: rounded alone they add up to 99.99; as shares to 100.00 */
    assert_string_equal(fig(f, "share(1, 1, 1, 1)"), "33.34%");
    assert_string_equal(fig(f, "share(1 , 1, 1, 1)"), "33.34%"); /* the first of equal parts */
    assert_string_equal(fig(f, "share(2, 1, 2, 3)"), "33.33%");
    assert_string_equal(fig(f, "share(01[name=合计].x, 01[name=合计].x, 01[name=合计].y)"),
                        "33.50%");
    /* 1/7, 2/7, 4/7: 14.285…, 28.571…, 57.142… -> 14.29 + 28.57 + 57.14 = 100.00 */
    assert_string_equal(fig(f, "share(1, 1, 2, 4)"), "14.29%");
    assert_string_equal(fig(f, "share(4, 1, 2, 4)"), "57.14%");
    assert_string_equal(fig(f, "share(0.1, 0.1, 0.2, 0.3, 0.4)"), "10.00%");
    assert_string_equal(fig(f, "share(01[name=甲].x, 01[name=甲].x, 01[name=甲].y, 1)"), "33.34%");
    fx_free(f);
}

static void change_wording(void **state)
{
    (void)state;
    fx *f = fx_new("year: 2023\n"
                   "figures:\n"
                   "  \"01[name=合计].total\": 8.5\n"
                   "  \"01[name=甲].total\": 9\n"
                   "  \"01[name=乙][#3].total\": 3\n"
                   "  \"01[name=合计].x\": 3.35\n");
    if (!f->env) fail_msg("%s", f->e.msg);
    assert_string_equal(fig(f, "prev(01[name=合计].total)"), "8.5");
    assert_string_equal(fig(f, "prev(01[name=合计].合计)"), "8.5"); /* the same term by name */
    assert_string_equal(fig(f, "change(01[name=合计].total)"), "增加1.5万元");
    assert_string_equal(fig(f, "change(01[name=甲].total)"), "减少2万元");
    assert_string_equal(fig(f, "change(01[name=合计].x)"), "持平");
    assert_string_equal(fig(f, "change(01[name=合计].total, 10)"), "持平");
    assert_string_equal(fig(f, "change(01[name=合计].total, 4.75)"), "增加5.25万元");
    assert_string_equal(fig(f, "change(01[name=合计].total + 01[name=甲].total)"), "减少0.5万元");
    assert_string_equal(fig(f, "diff(01[name=合计].total, prev(01[name=合计].total))"), "1.5");
    assert_string_equal(fig(f, "pct(prev(01[name=合计].total), 01[name=合计].total)"), "85.00%");
    /* prev() inside prev() is the same figure, evaluated once more, not twice
     * per level: 31 levels take no time */
    char deep[400] = "";
    for (int i = 0; i < 31; i++)
        strcat(deep, "prev(");
    strcat(deep, "01[name=合计].total");
    for (int i = 0; i < 31; i++)
        strcat(deep, ")");
    assert_string_equal(fig(f, deep), "8.5");
    bp_figures k = bp_figures_default;
    k.change_up = "上升{value}";
    k.change_same = "无变化";
    k.decimals = 0;
    f->set.figures = &k;
    f->env = expr_env_new(BP_CTX(&f->a, &f->e), &f->set, &f->dept, f->d);
    assert_string_equal(fig(f, "change(01[name=合计].total)"), "上升2");
    assert_string_equal(fig(f, "change(10.4, 10)"), "无变化"); /* 0.4 prints as 0 */
    fx_free(f);
}

/* The error of {{ src }} at document.md:3:5 must start with want. */
static void err(fx *f, const char *src, const char *want)
{
    const char *got = fig(f, src);
    if (strncmp(got, want, strlen(want))) fail_msg("{{%s}}:\n got  %s\n want %s…", src, got, want);
    if (!strstr(got, "(in {{") && !strstr(got, "UTF-8")) fail_msg("no (in {{ in %s", got);
}

static void errors_name_the_place(void **state)
{
    (void)state;
    fx *f = fx_new(NULL);
    /* the {{ is at column 5: the text starts at column 7 */
    err(f, "17[name=合计].total", "error: document.md:3:7: no table '17' in the layout set");
    err(f, " 01[name=合计].totl",
        "error: document.md:3:20: figure: no column 'totl' in 01-a.yaml (did you mean 'total'?)");
    err(f, "01[nam=合计].total", "error: document.md:3:10: row selector: no column 'nam'");
    err(f, "01[name=总计].total",
        "error: document.md:3:7: '01[name=总计].total': no row "
        "[name=总计] in 01-a");
    err(f, "01[name=乙].total",
        "error: document.md:3:7: '01[name=乙].total': 2 rows match [name=乙] in 01-a, a "
        "figure needs one");
    err(f, "1 + pcts(1, 2)",
        "error: document.md:3:11: unknown function 'pcts' (did you mean 'pct'?) "
        "(functions: sum, diff, pct, share, prev, change)");
    err(f, "pct(1)", "error: document.md:3:7: pct takes pct(part, whole) (1 argument given)");
    err(f, "pct(1, 0)", "error: document.md:3:14: pct: the whole is zero");
    err(f, "pct(1, 2) + 1", "error: document.md:3:7: '50.00%' is text");
    err(f, "share(3, 1, 2)", "error: document.md:3:13: share: '3' is not one of the parts");
    err(f, "share(1, 1, -1)", "error: document.md:3:19: share: the part '-1' is negative");
    err(f, "  ", "error: document.md:3:7: an empty figure");
    err(f, "01[name=合计].total 5", "error: document.md:3:25: expected '+', '-' or the end");
    err(f, "sum(1, 2", "error: document.md:3:10: 'sum(' is not closed");
    err(f, "sum(1 2)", "error: document.md:3:13: sum: expected ',' or ')'");
    err(f, "01[name=合计.total", "error: document.md:3:7: unclosed '['");
    char deep[400] = "";
    for (int i = 0; i < 40; i++)
        strcat(deep, "sum(");
    err(f, deep, "error: document.md:3:135: more than 32 functions inside one another");
    err(f, "1 + \xff", "error: document.md:3:11: the figure holds bytes that are not UTF-8");
    /* a line break inside the braces: the next line, from its column 1 */
    err(f, "1 +\n  02[x=1].total", "error: document.md:4:6: row selector: no column 'x'");
    /* previous-year figures without the file */
    err(f, "change(01[name=合计].total)",
        "error: document.md:3:14: '01[name=合计].total': no previous-year figures: "
        "department.yaml names no file of them");
    fx_free(f);
}

/* Products and quotients (issue 23: tables in 元, the text in 万元):
 * exact decimals, a quotient rounded half away from zero at 10^-7 and
 * printed as figures: says; a division by zero names the divisor. */
static void products_and_quotients(void **state)
{
    (void)state;
    fx *f = fx_new(NULL);
    bp_figures k = bp_figures_default;
    f->set.figures = &k;
    f->env = expr_env_new(BP_CTX(&f->a, &f->e), &f->set, &f->dept, f->d);
    assert_string_equal(fig(f, "01[name=大].total / 10000"), "123.45675");
    assert_string_equal(fig(f, "01[name=合计].x * 2 + 1"), "7.7");
    assert_string_equal(fig(f, "(01[name=合计].x + 01[name=合计].y) * 2"), "20");
    assert_string_equal(fig(f, "1 / 3"), "0.3333333");
    assert_string_equal(fig(f, "2 / 3"), "0.6666667"); /* half away from zero */
    assert_string_equal(fig(f, "-2 / 3"), "-0.6666667");
    assert_string_equal(fig(f, "0.1 * 0.2"), "0.02");
    assert_string_equal(fig(f, "10 ÷ 4 × 2"), "5");
    assert_string_equal(fig(f, "pct(01[name=合计].x / 2, 01[name=合计].total)"), "16.75%");
    k.decimals = 2;
    assert_string_equal(fig(f, "01[name=大].total / 10000"), "123.46");
    k.decimals = -1;
    k.trim_zeros = false;
    assert_string_equal(fig(f, "01[name=合计].total / 2"), "5.0"); /* the dividend's decimals */
    assert_string_equal(fig(f, "01[name=合计].total / 4"), "2.5");
    assert_string_equal(fig(f, "2.5 * 2"), "5.0");
    /* errors, at document.md:3:5 (the text from column 7) */
    err(f, "1 / 0", "error: document.md:3:11: '0' is zero: a figure cannot be divided by zero");
    err(f, "01[name=合计].total / (01[name=甲].x - 1)",
        "error: document.md:3:28: '01[name=甲].x - 1' is zero: a figure cannot be divided by zero");
    err(f, "1 / 02[name=合计].total",
        "error: document.md:3:11: '02[name=合计].total' is zero: a figure cannot be divided by "
        "zero");
    err(f, "pct(1, 2) / 2",
        "error: document.md:3:7: '50.00%' is text (a percentage or a change): "
        "'/' takes figures");
    err(f, "100000000000000000 * 100000000000000000",
        "error: document.md:3:26: '*' gives a figure beyond 10^23, too large to compute");
    fx_free(f);
}

static void previous_year_file(void **state)
{
    (void)state;
    fx *f = fx_new("year: 2023\nfigures:\n  \"01[name=合计].total\": 8.5\n");
    char want[512];
    snprintf(want, sizeof want,
             "error: document.md:3:12: '01[name=甲].total': %s/prev.yaml has no 2023 figure for it "
             "(add \"01[name=甲].total\": AMOUNT)",
             g_dir);
    err(f, "prev(01[name=甲].total)", want);
    fx_free(f);
    /* the file's own errors name its line and column */
    struct {
        const char *text, *want;
    } bad[] = {
        {"year: 2022\nfigures: {}\n", "prev.yaml:1:7: year 2022 is not the year before"},
        {"figures: {}\n", "prev.yaml:1:1: missing required key 'year' in previous-year figures"},
        {"year: 2023\nfigures:\n  \"01[name=合计].tot\": 1\n",
         "prev.yaml:3:16: figure: no column 'tot' in 01-a.yaml"},
        {"year: 2023\nfigures:\n  \"09[name=合计].total\": 1\n",
         "prev.yaml:3:4: no table '09' in the layout set"},
        {"year: 2023\nfigures:\n  \"01[name=合计].total\": 1..5\n",
         "prev.yaml:3:24: the figure of '01[name=合计].total'"},
        {"year: 2023\nfigures:\n  \"01[name=合计].total\": 1\n  \"01[name=合计].合计\": 2\n",
         "prev.yaml:4:3: '01[name=合计].合计' is given twice (first at line 3)"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        f = fx_new(bad[i].text);
        assert_null(f->env);
        if (!strstr(f->e.msg, bad[i].want)) fail_msg("got %s\nwant …%s…", f->e.msg, bad[i].want);
        fx_free(f);
    }
    /* department.yaml names a file that is not there */
    f = fx_new(NULL);
    f->dept.previous = "gone.yaml";
    f->dept.previous_line = 7, f->dept.previous_col = 11;
    assert_null(expr_env_new(BP_CTX(&f->a, &f->e), &f->set, &f->dept, f->d));
    assert_non_null(strstr(f->e.msg, "department.yaml:7:11: previous: no file 'gone.yaml'"));
    fx_free(f);
}

typedef struct figures_call {
    bp_layout_set *s;
    bp_error *e;
} figures_call;

static int parse_figures_doc(bp_yaml *y, bp_arena *a, void *ctx)
{
    figures_call *c = ctx;
    return spec_parse_figures(y, yq_get(y, yq_root(y), "figures"), a, c->s, c->e);
}

/* set.yaml's figures: mapping, parsed: NULL and the keys, or the error. */
static const char *parse_figures(bp_arena *a, const char *text, bp_layout_set *s)
{
    bp_error e = {0, ""};
    bp_yaml y;
    if (yq_load(&y, "set.yaml", text, strlen(text), &e)) return bp_strdup(a, e.msg);
    figures_call c = {s, &e};
    return yq_run(&y, a, parse_figures_doc, &c, &e) ? bp_strdup(a, e.msg) : NULL;
}

static void figures_key(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_layout_set s;
    memset(&s, 0, sizeof s);
    const char *m0 =
        parse_figures(&a,
                      "figures:\n  decimals: 2\n  trim_zeros: false\n  thousands: true\n"
                      "  percent: {decimals: 1, suffix: ' %'}\n"
                      "  change: {up: '上升{value}{unit}', down: '下降{value}', same: 不变}\n",
                      &s);
    if (m0) fail_msg("%s", m0);
    assert_int_equal(s.figures->decimals, 2);
    assert_false(s.figures->trim_zeros);
    assert_true(s.figures->thousands);
    assert_int_equal(s.figures->pct_decimals, 1);
    assert_string_equal(s.figures->pct_suffix, " %");
    assert_string_equal(s.figures->change_up, "上升{value}{unit}");
    assert_string_equal(s.figures->change_same, "不变");
    assert_null(parse_figures(&a, "figures: {decimals: as_entered}\n", &s));
    assert_int_equal(s.figures->decimals, -1);
    assert_string_equal(
        parse_figures(&a, "figures: {decimal: 2}\n", &s),
        "set.yaml:1:11: unknown key 'decimal' in figures (did you mean 'decimals'?)");
    const char *m = parse_figures(&a, "figures: {decimals: 9}\n", &s);
    assert_non_null(strstr(m, "set.yaml:1:21:"));
    assert_null(parse_figures(&a, "figures: {unit: 万元}\n", &s));
    assert_int_equal(s.figures->unit_exp, 4);
    m = parse_figures(&a, "figures: {unit: 万}\n", &s);
    assert_non_null(strstr(m, "set.yaml:1:17: figures unit must be 元, 千元, 万元"));
    m = parse_figures(&a, "figures:\n  change: {up: '增加{amount}'}\n", &s);
    assert_non_null(strstr(m, "set.yaml:2:16: change up: '增加{amount}' holds an unknown field"));
    bp_arena_free(&a);
}

/* previous: last year's department folder, bound by this year's set. */
static void previous_year_folder(void **state)
{
    (void)state;
    char path[256];
    snprintf(path, sizeof path, "%s/last", g_dir);
    assert_int_equal(mkdir(path, 0755), 0);
    write_file("last/department.yaml", "name: 测试部门\ncode: \"1\"\nyear: 2023\nunit: 元\n"
                                       "layouts: x\n");
    write_file("last/t1.csv", "name,total,x,y\n合计,95000,1,1\n甲,3,1,1\n");
    write_file("last/t2.csv", "name,total\n");
    fx *f = fx_new(NULL);
    f->dept.previous = "last";
    f->dept.previous_line = 7, f->dept.previous_col = 11;
    f->env = expr_env_new(BP_CTX(&f->a, &f->e), &f->set, &f->dept, f->d);
    if (!f->env) fail_msg("%s", f->e.msg);
    /* last year's department is in 元: 95000 元 = 9.5 万元 */
    assert_string_equal(fig(f, "prev(01[name=合计].total)"), "95000");
    assert_string_equal(fig(f, "change(01[name=合计].total)"), "增加0.5万元");
    assert_string_equal(fig(f, "prev(01[name=合计].total) 万元"), "9.5");
    char want[512];
    snprintf(want, sizeof want,
             "error: document.md:3:12: '01[name=大].total': no row [name=大] in 01-a of 2023 "
             "(%s/last)",
             g_dir);
    err(f, "prev(01[name=大].total)", want);
    /* the wrong year, a missing folder: department.yaml's line */
    write_file("last/department.yaml", "name: 测试部门\ncode: \"1\"\nyear: 2022\nlayouts: x\n");
    assert_null(expr_env_new(BP_CTX(&f->a, &f->e), &f->set, &f->dept, f->d));
    assert_non_null(strstr(f->e.msg, "department.yaml:7:11: previous: "));
    assert_non_null(strstr(f->e.msg, "is the department of 2022, not of the year before 2024"));
    f->dept.previous = "nothere";
    assert_null(expr_env_new(BP_CTX(&f->a, &f->e), &f->set, &f->dept, f->d));
    assert_non_null(strstr(f->e.msg, "department.yaml:7:11: previous: last year's department: "));
    fx_free(f);
}

/* Units (issue 23): a table in 元, the text in 万元. */
static const char *t03 = "title: t3\n"
                         "data: t3.csv\n"
                         "columns:\n"
                         "  - {key: name, header: [名称]}\n"
                         "  - {key: total, header: [合计], type: amount, unit: 元}\n"
                         "  - {key: wan, header: [万元栏], type: amount, unit: 万元}\n";
static const char *csv03 = "name,total,wan\n"
                           "合计,12345678.9,25\n"
                           "甲,250000,0.5\n";

static void units_in_figures(void **state)
{
    (void)state;
    fx *f = fx_new("year: 2023\n"
                   "figures:\n"
                   "  \"03[name=合计].total\": 12000000\n"
                   "  \"03[name=合计].wan\": 0\n");
    add_table(f, "03-c.yaml", t03, csv03);
    f->env = expr_env_new(BP_CTX(&f->a, &f->e), &f->set, &f->dept, f->d);
    if (!f->env) fail_msg("%s", f->e.msg);
    /* a trailing unit converts exactly */
    assert_string_equal(fig(f, "03[name=合计].total 万元"), "1234.56789");
    assert_string_equal(fig(f, "03[name=合计].total万元"), "1234.56789");
    assert_string_equal(fig(f, "03[name=合计].total 亿元"), "0.1234568"); /* 10^-7 */
    assert_string_equal(fig(f, "03[name=合计].wan 元"), "250000");
    assert_string_equal(fig(f, "03[name=甲].total 万元 "), "25");
    assert_string_equal(fig(f, "01[name=合计].total 元"), "100000"); /* the department's 万元 */
    /* sums add in the smaller unit, then convert */
    assert_string_equal(fig(f, "03[name=甲].total + 03[name=甲].wan 万元"), "25.5");
    assert_string_equal(fig(f, "03[name=甲].total + 03[name=甲].wan"), "255000");
    assert_string_equal(fig(f, "sum(03[name=甲].wan, 03[name=甲].total) 万元"), "25.5");
    assert_string_equal(fig(f, "diff(03[name=合计].wan, 03[name=甲].total) 万元"), "0");
    assert_string_equal(fig(f, "pct(03[name=甲].total, 03[name=合计].wan)"), "100.00%");
    assert_string_equal(fig(f, "share(03[name=甲].wan, 03[name=甲].wan, 03[name=甲].total)"),
                        "1.96%"); /* 5000 of 255000 元 */
    /* scaled by hand: / 10000 is accepted and not converted again */
    assert_string_equal(fig(f, "03[name=合计].total / 10000"), "1234.56789");
    assert_string_equal(fig(f, "(03[name=合计].total / 10000)"), "1234.56789");
    /* change() words in its column's unit, or in the unit the figure prints in */
    assert_string_equal(fig(f, "change(03[name=合计].wan)"), "增加25万元");
    assert_string_equal(fig(f, "change(03[name=合计].total)"), "增加345678.9元");
    assert_string_equal(fig(f, "change(03[name=合计].total) 万元"), "增加34.56789万元");
    /* a 万元 table in a 元 department: its change in 万元 (was 增加25元) */
    f->dept.unit = "元";
    f->env = expr_env_new(BP_CTX(&f->a, &f->e), &f->set, &f->dept, f->d);
    assert_string_equal(fig(f, "change(03[name=合计].wan)"), "增加25万元");
    assert_string_equal(fig(f, "01[name=合计].total 万元"), "0.001"); /* 10 元 */
    f->dept.unit = "万元";
    /* the unit of the whole text: figures: unit: */
    bp_figures k = bp_figures_default;
    k.unit_exp = 4;
    k.decimals = 2;
    f->set.figures = &k;
    f->env = expr_env_new(BP_CTX(&f->a, &f->e), &f->set, &f->dept, f->d);
    assert_string_equal(fig(f, "03[name=合计].total"), "1234.57");
    assert_string_equal(fig(f, "03[name=合计].total / 10000"), "1234.57"); /* not twice */
    assert_string_equal(fig(f, "03[name=合计].wan"), "25");
    assert_string_equal(fig(f, "03[name=合计].total 元"), "12345678.9"); /* its own unit wins */
    assert_string_equal(fig(f, "change(03[name=合计].total)"), "增加34.57万元");
    assert_string_equal(fig(f, "100"), "100"); /* a number has no unit */
    /* errors */
    err(f, "100 万元", "error: document.md:3:11: '100' has no unit to convert to 万元");
    err(f, "03[name=合计].total / 10000 万元",
        "error: document.md:3:33: '03[name=合计].total / 10000' "
        "has no unit");
    err(f, "pct(03[name=甲].total, 03[name=合计].wan) 万元",
        "error: document.md:3:46: '100.00%' is a "
        "percentage: it takes no unit");
    err(f, "万元", "error: document.md:3:7: '万元': a term here is");
    fx_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(figures_and_sums),      cmocka_unit_test(formatting_keys),
        cmocka_unit_test(percentages),           cmocka_unit_test(change_wording),
        cmocka_unit_test(errors_name_the_place), cmocka_unit_test(previous_year_file),
        cmocka_unit_test(figures_key),           cmocka_unit_test(products_and_quotients),
        cmocka_unit_test(units_in_figures),      cmocka_unit_test(previous_year_folder),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
