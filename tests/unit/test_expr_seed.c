/* test_expr_seed.c — every figure of the seed's text: each {{ }} of
 * data/zzgx-smartcity-2024/document.md, evaluated against the seed's tables
 * and its previous-year file, prints the figure the published document
 * prints at that place (tests/fixtures/document-figures.txt, taken from the
 * seed's sentences), and nothing of the document is a figure left typed
 * where a table holds it (the fixture has one line per {{ }}). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "expr.h"

#define SEED BP_TEST_SOURCE_DIR "/data/zzgx-smartcity-2024"

typedef struct seed {
    bp_arena a;
    bp_department dept;
    bp_layout_set *set;
    bp_table_data **tables;
    bp_figure_env *env;
} seed;

static seed *load_seed(void)
{
    seed *s = test_calloc(1, sizeof *s);
    bp_arena_init(&s->a);
    bp_error e = {0, ""};
    if (data_load_department(BP_CTX(&s->a, &e), SEED, &s->dept)) fail_msg("%s", e.msg);
    if (spec_load_set(BP_CTX(&s->a, &e), BP_TEST_SOURCE_DIR "/layouts/standard-2024", &s->set))
        fail_msg("%s", e.msg);
    s->tables = bp_alloc(&s->a, (size_t)s->set->ntables * sizeof *s->tables);
    for (int i = 0; i < s->set->ntables; i++)
        if (data_load_table(BP_CTX(&s->a, &e), &s->dept, &s->set->tables[i], &s->tables[i]))
            fail_msg("%s", e.msg);
    s->env = expr_env_new(BP_CTX(&s->a, &e), s->set, &s->dept, s->tables);
    if (!s->env) fail_msg("%s", e.msg);
    return s;
}

/* s without ASCII spaces. */
static void unspace(char *out, const char *s)
{
    for (; *s; s++)
        if (*s != ' ') *out++ = *s;
    *out = 0;
}

static void every_figure_is_the_seeds(void **state)
{
    (void)state;
    seed *s = load_seed();
    bp_error e = {0, ""};
    char *doc, *fix;
    size_t dlen, flen;
    if (bp_read_file(&s->a, SEED "/document.md", &doc, &dlen, &e)) fail_msg("%s", e.msg);
    if (bp_read_file(&s->a, BP_TEST_SOURCE_DIR "/tests/fixtures/document-figures.txt", &fix, &flen,
                     &e))
        fail_msg("%s", e.msg);
    char *fl = fix, *p = doc;
    int line = 1, col = 1, count = 0;
    const char *ls = doc; /* start of the current line */
    for (; *p; p++) {
        if (*p == '\n') {
            line++;
            ls = p + 1;
            continue;
        }
        if (strncmp(p, "{{", 2)) continue;
        char *end = strstr(p, "}}");
        assert_non_null(end);
        col = (int)bp_utf8_count(ls, (size_t)(p - ls)) + 1;
        const char *out;
        if (expr_figure(s->env, p + 2, (size_t)(end - p - 2), "document.md", line, col, &out, &e))
            fail_msg("%s", e.msg);
        /* the fixture's next line that is not a comment */
        while (*fl == '#')
            fl = strchr(fl, '\n') + 1;
        char want[128], words[512], w1[512], w2[128];
        assert_int_equal(sscanf(fl, "%127[^\t]\t%511[^\n]", want, words), 2);
        fl = strchr(fl, '\n') + 1;
        if (strcmp(out, want))
            fail_msg("document.md:%d:%d: {{%.*s}} prints '%s', the seed '%s' (%s)", line, col,
                     (int)(end - p - 2), p + 2, out, want, words);
        unspace(w1, words);
        unspace(w2, want);
        if (strncmp(words, "corrected:", 10)) assert_non_null(strstr(w1, w2));
        count++;
        p = end + 1;
    }
    while (*fl == '#')
        fl = strchr(fl, '\n') + 1;
    assert_int_equal(*fl, 0); /* as many figures as the fixture lists */
    assert_int_equal(count, 36);
    bp_arena_free(&s->a);
    test_free(s);
}

/* The examples of docs/document.md, against the seed. */
static void the_docs_examples(void **state)
{
    (void)state;
    static const struct {
        const char *src, *want;
    } ex[] = {
        {"03[name=合计].project_total", "5209"},
        {"sum(08[#1].abroad, 08[#1].car_total, 08[#1].reception)", "0.2"},
        {"diff(01[in_item=收入总计].in_amount, prev(01[in_item=收入总计].in_amount))", "4590.6"},
        {"pct(06[dept_code=合计].personnel, 06[dept_code=合计].total)", "34.12%"},
        {"share(03[name=合计].basic_total, 03[name=合计].basic_total, 03[name=合计].project_total)",
         "23.72%"},
        {"prev(01[in_item=收入总计].in_amount)", "2237.8"},
        {"change(01[in_item=收入总计].in_amount)", "增加4590.6万元"},
        {"change(08[#1].reception)", "持平"},
        {"prev(08[#1].公务接待费)", "0.2"},
        {"change(06[dept_code=合计].total, 1500)", "增加119.4万元"},
        {"03[name=合计].basic_total + 03[name=合计].project_total", "6828.4"},
        {"17[name=合计].total", "document.md:31:40: no table '17' in the layout set (tables: "
                                "01-income-expense,"},
        {"03[name=合计].totl", "document.md:31:52: figure: no column 'totl' in 03-expenditure.yaml "
                               "(did you mean 'total'?) (in {{ 03[name=合计].totl }})"},
        {"03[name=总计].total", "document.md:31:40: '03[name=总计].total': no row [name=总计] in "
                                "03-expenditure (in {{ 03[name=总计].total }})"},
        {"03[unit_code=\"\"].total", "document.md:31:40: '03[unit_code=\"\"].total': 4 rows match "
                                     "[unit_code=] in 03-expenditure, a figure needs one"},
        {"pcts(1, 2)", "document.md:31:40: unknown function 'pcts' (did you mean 'pct'?)"},
        {"pct(1)", "document.md:31:40: pct takes pct(part, whole) (1 argument given) (in {{ "
                   "pct(1) }})"},
        {"pct(1, 09[name=合计].total)", "document.md:31:47: pct: the whole is zero"},
    };
    seed *s = load_seed();
    for (size_t i = 0; i < sizeof ex / sizeof ex[0]; i++) {
        bp_error e = {0, ""};
        const char *out = NULL;
        if (expr_figure(s->env, ex[i].src, strlen(ex[i].src), "document.md", 31, 38, &out, &e))
            out = e.msg;
        if (strncmp(out, ex[i].want, strlen(ex[i].want)))
            fail_msg("{{ %s }}:\n got  %s\n want %s", ex[i].src, out, ex[i].want);
    }
    bp_arena_free(&s->a);
    test_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_figure_is_the_seeds),
        cmocka_unit_test(the_docs_examples),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
