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
    if (data_load_department(&s->a, SEED, &s->dept, &e)) fail_msg("%s", e.msg);
    if (spec_load_set(&s->a, BP_TEST_SOURCE_DIR "/layouts/standard-2024", &s->set, &e))
        fail_msg("%s", e.msg);
    s->tables = bp_alloc(&s->a, (size_t)s->set->ntables * sizeof *s->tables);
    for (int i = 0; i < s->set->ntables; i++)
        if (data_load_table(&s->a, &s->dept, &s->set->tables[i], &s->tables[i], &e))
            fail_msg("%s", e.msg);
    s->env = expr_env_new(&s->a, s->set, &s->dept, s->tables, &e);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_figure_is_the_seeds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
