/* test_rules_layers.c — the set's rules built in layers
 * (src/spec/spec_rules_layers.c): a rules file that extends another and
 * adds, drops and overrides rules and built-in severities; set.yaml's and
 * a department's `rules:` as a mapping of changes; each rule keeping the
 * file it was written in; changes that name nothing are errors at their
 * file, line and column. */
#define _XOPEN_SOURCE 700 /* mkdtemp */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rules.h"
#include "spec.h"

#define TMPDIR_FIXTURE_NAME "rules-layers"
#include "tmpdir_fixture.h"

static void put(const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", g_dir, rel);
    char *slash = strrchr(path, '/');
    *slash = 0;
    mkdir(path, 0777);
    *slash = '/';
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static const char *at(const char *rel)
{
    static char buf[4][512];
    static int k;
    char *b = buf[k++ % 4];
    snprintf(b, 512, "%s/%s", g_dir, rel);
    return b;
}

static const char *const table_yaml = "title: 表\ndata: x.csv\n"
                                      "columns:\n  - {key: name, header: [名称]}\n"
                                      "  - {key: total, header: [合计], type: amount}\n";

/* base: a set of one table with three rules; 15 rules would read alike */
static void base_set(void)
{
    put("base/01-a.yaml", table_yaml);
    put("base/set.yaml", "name: base\ntables: [01-a.yaml]\nrules: rules.yaml\n");
    put("base/rules.yaml", "rules:\n"
                           "  - rule: \"01[name=甲].total = 01[name=乙].total\"\n"
                           "    name: one\n"
                           "  - rule: \"01[name=甲].total = 01[name=丙].total\"\n"
                           "    key: two\n"
                           "  - rule: \"01[name=乙].total = 01[name=丙].total\"\n"
                           "builtin: {empty_note: warning, leftovers: \"off\"}\n");
}

static const char *names(bp_arena *a, const bp_set_rules *r)
{
    char *s = bp_strdup(a, "");
    for (int i = 0; i < r->nrules; i++)
        s = bp_sprintf(a, "%s%s%s", s, i ? "|" : "",
                       r->rules[i].name ? r->rules[i].name : r->rules[i].expr.text);
    return s;
}

static void rules_file_extends_another(void **state)
{
    (void)state;
    base_set();
    put("unit/set.yaml", "extends: ../base\nname: unit\nrules: unit-rules.yaml\n");
    put("unit/unit-rules.yaml", "extends: ../base/rules.yaml\n"
                                "drop: [one]\n"
                                "override:\n"
                                "  two: {tolerance: 0}\n"
                                "rules:\n"
                                "  - rule: \"01[name=丙].total = 01[name=丁].total\"\n"
                                "    name: added\n"
                                "builtin: {empty_note: \"off\"}\n");
    bp_arena a;
    bp_arena_init(&a);
    bp_layout_set *s;
    bp_error e = {0};
    if (spec_load_set(BP_CTX(&a, &e), at("unit"), &s)) fail_msg("%s", e.msg);
    assert_non_null(s->rules);
    assert_string_equal(names(&a, s->rules),
                        "01[name=甲].total = 01[name=丙].total|01[name=乙].total = "
                        "01[name=丙].total|added");
    assert_true(s->rules->rules[0].has_tolerance);
    assert_string_equal(s->rules->rules[0].file, at("unit/../base/rules.yaml"));
    assert_string_equal(s->rules->rules[2].file, at("unit/unit-rules.yaml"));
    assert_int_equal(s->rules->builtin[BP_BUILTIN_EMPTY_NOTE], BP_SEV_OFF);
    assert_int_equal(s->rules->builtin[BP_BUILTIN_LEFTOVERS], BP_SEV_OFF); /* kept */
    assert_int_equal(s->rules->nfiles, 3); /* the base's, the unit's, the base's it extends */
    bp_arena_free(&a);
}

static void set_and_department_change_rules(void **state)
{
    (void)state;
    base_set();
    put("unit/set.yaml", "extends: ../base\nname: unit\n"
                         "rules:\n"
                         "  rules:\n"
                         "    - rule: \"01[name=丙].total = 01[name=丁].total\"\n"
                         "  drop: [\"01[name=乙].total = 01[name=丙].total\"]\n");
    put("dept/department.yaml", "name: x\ncode: \"1\"\nyear: 2024\nlayouts: unit\n"
                                "overrides:\n"
                                "  rules:\n"
                                "    builtin: {empty_note: error}\n"
                                "    override: {one: ~}\n");
    bp_arena a;
    bp_arena_init(&a);
    bp_layout_set *s;
    bp_error e = {0};
    if (spec_load_set(BP_CTX(&a, &e), at("unit"), &s)) fail_msg("%s", e.msg);
    assert_int_equal(s->rules->nrules, 3);
    assert_string_equal(s->rules->rules[2].file, at("unit/set.yaml"));
    bp_set_source src = {NULL, at("dept/department.yaml")};
    if (spec_load_set_from(BP_CTX(&a, &e), at("unit"), &src, &s)) fail_msg("%s", e.msg);
    assert_string_equal(names(&a, s->rules),
                        "01[name=甲].total = 01[name=丙].total|01[name=丙].total = "
                        "01[name=丁].total");
    assert_int_equal(s->rules->builtin[BP_BUILTIN_EMPTY_NOTE], BP_SEV_ERROR);
    assert_int_equal(s->rules->builtin[BP_BUILTIN_LEFTOVERS], BP_SEV_OFF);
    bp_arena_free(&a);
}

static void expect_error(const char *set_yaml, const char *needle)
{
    base_set();
    put("bad/set.yaml", set_yaml);
    bp_arena a;
    bp_arena_init(&a);
    bp_layout_set *s;
    bp_error e = {0};
    assert_int_equal(spec_load_set(BP_CTX(&a, &e), at("bad"), &s), BP_EINPUT);
    if (!strstr(e.msg, needle)) fail_msg("'%s' lacks '%s'", e.msg, needle);
    bp_arena_free(&a);
}

static void changes_of_nothing_are_errors(void **state)
{
    (void)state;
    char want[512];
    snprintf(want, sizeof want, "%s:4:10: drop: 'nine' drops nothing", at("bad/set.yaml"));
    expect_error("extends: ../base\nname: bad\nrules:\n  drop: [nine]\n", want);
    snprintf(want, sizeof want, "%s:4:13: unknown key 'empty_notes' in builtin",
             at("bad/set.yaml"));
    expect_error("extends: ../base\nname: bad\nrules:\n  builtin: {empty_notes: \"off\"}\n", want);
    snprintf(want, sizeof want, "%s:1:7: drop: needs extends:", at("bad/r.yaml"));
    put("bad/r.yaml", "drop: [one]\n");
    expect_error("extends: ../base\nname: bad\nrules: r.yaml\n", want);
    put("bad/r.yaml", "extends: r.yaml\n");
    expect_error("extends: ../base\nname: bad\nrules: r.yaml\n", "more than 8 rules files");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(rules_file_extends_another, setup, teardown),
        cmocka_unit_test_setup_teardown(set_and_department_change_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(changes_of_nothing_are_errors, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
