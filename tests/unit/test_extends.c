/* test_extends.c — layout sets that build on another: the YAML merge rules
 * (src/yqmerge.c: mappings key by key, scalars and lists replace, keyed
 * lists by key, null removes, an override of nothing is an error at its
 * line and column, merged values keep their file), and sets loaded with
 * extends/replace/drop/override and a department's overrides
 * (src/spec_set.c). */
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

#include "spec.h"
#include "yqmerge.h"

static void load(bp_yaml *y, const char *file, const char *text)
{
    bp_error e = {0};
    if (yq_load(y, file, text, strlen(text), &e)) fail_msg("%s", e.msg);
}

static const char *scalar(bp_yaml *y, yaml_node_t *n)
{
    (void)y;
    assert_non_null(n);
    assert_int_equal(n->type, YAML_SCALAR_NODE);
    return (const char *)n->data.scalar.value;
}

static const char *base_text = "a: 1\n"
                               "m: {x: 1, y: 2}\n"
                               "l: [1, 2]\n"
                               "gone: 7\n"
                               "columns:\n"
                               "  - {key: c1, w: 1}\n"
                               "  - {key: c2, w: 2, f: {d: 1, z: \"\"}}\n";

static void merge_rules(void **state)
{
    (void)state;
    bp_yaml base, over, m;
    bp_error e = {0};
    load(&base, "base.yaml", base_text);
    load(&over, "over.yaml",
         "a: 2\n"
         "m: {y: 3, z: 4}\n"
         "l: [9]\n"
         "gone: ~\n"
         "columns: {c2: {f: {d: 2}}, c1: ~}\n"
         "skipme: 1\n");
    static const char *const skip[] = {"skipme", NULL};
    if (yqm_start(&m, "base.yaml", &base, yq_root(&base), &e) ||
        yqm_merge(&m, 1, &over, yq_root(&over), skip, &e))
        fail_msg("%s", e.msg);
    yaml_node_t *r = yq_root(&m);
    /* scalars replace; the value names the file it came from */
    assert_string_equal(scalar(&m, yq_get(&m, r, "a")), "2");
    yq_fail(&m, yq_get(&m, r, "a"), &e, "x");
    assert_string_equal(e.msg, "over.yaml:1:4: x");
    /* mappings merge key by key; kept values keep their file */
    yaml_node_t *mm = yq_get(&m, r, "m");
    assert_string_equal(scalar(&m, yq_get(&m, mm, "x")), "1");
    assert_string_equal(scalar(&m, yq_get(&m, mm, "y")), "3");
    assert_string_equal(scalar(&m, yq_get(&m, mm, "z")), "4");
    yq_fail(&m, yq_get(&m, mm, "x"), &e, "x");
    assert_string_equal(e.msg, "base.yaml:2:8: x");
    /* lists replace */
    yaml_node_t *l = yq_get(&m, r, "l");
    assert_int_equal(yq_seq_len(l), 1);
    assert_string_equal(scalar(&m, yq_seq_item(&m, l, 0)), "9");
    /* null removes a key; skipped keys are not merged */
    assert_null(yq_get(&m, r, "gone"));
    assert_null(yq_get(&m, r, "skipme"));
    /* a keyed list is overridden by key; null removes an item */
    yaml_node_t *cols = yq_get(&m, r, "columns");
    assert_int_equal(yq_seq_len(cols), 1);
    yaml_node_t *c2 = yq_seq_item(&m, cols, 0);
    assert_string_equal(scalar(&m, yq_get(&m, c2, "key")), "c2");
    assert_string_equal(scalar(&m, yq_get(&m, c2, "w")), "2");
    yaml_node_t *f = yq_get(&m, c2, "f");
    assert_string_equal(scalar(&m, yq_get(&m, f, "d")), "2");
    assert_string_equal(scalar(&m, yq_get(&m, f, "z")), "");
    yq_done(&m);
    yq_done(&over);
    yq_done(&base);
}

static void expect_merge_error(const char *over_text, const char *needle)
{
    bp_yaml base, over, m;
    bp_error e = {0};
    load(&base, "base.yaml", base_text);
    load(&over, "over.yaml", over_text);
    if (yqm_start(&m, "base.yaml", &base, yq_root(&base), &e)) fail_msg("%s", e.msg);
    int rc = yqm_merge(&m, 1, &over, yq_root(&over), NULL, &e);
    if (rc != BP_EINPUT || !strstr(e.msg, needle))
        fail_msg("expected '%s', got rc=%d '%s'", needle, rc, e.msg);
    yq_done(&m);
    yq_done(&over);
    yq_done(&base);
}

static void override_of_nothing_is_an_error(void **state)
{
    (void)state;
    expect_merge_error("a: 3\ncolumns: {c3: {w: 1}}\n",
                       "over.yaml:2:11: 'c3' overrides nothing: columns has no item with key 'c3' "
                       "(keys: c1, c2)");
    expect_merge_error("columns: {c1: 5}\n", "over.yaml:1:15: the override of columns 'c1' must "
                                             "be a mapping");
    expect_merge_error("- 1\n", "over.yaml:1:1: an override must be a mapping");
}

/* ---- sets on disk ---------------------------------------------------- */

static char root_dir[64];

static void put(const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", root_dir, rel);
    char *slash = strrchr(path, '/');
    *slash = 0;
    mkdir(path, 0777);
    *slash = '/';
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static const char *table(const char *title)
{
    static char buf[4][512];
    static int k;
    char *b = buf[k++ % 4];
    snprintf(b, 512,
             "title: \"%s\"\ndata: x.csv\nformat: {decimals: 1}\n"
             "columns:\n  - {key: name, header: [名称]}\n"
             "  - {key: total, header: [合计], type: amount}\n",
             title);
    return b;
}

static int setup(void **state)
{
    (void)state;
    snprintf(root_dir, sizeof root_dir, "/tmp/bp-test-extends.XXXXXX");
    if (!mkdtemp(root_dir)) return -1;
    put("base/set.yaml", "name: base\nfooter: \"第 {page} 页\"\ncover: {label: 附件, title: 预算}\n"
                         "tables: [01-a.yaml, 02-b.yaml, 03-c.yaml]\n");
    put("base/01-a.yaml", table("{year}年表一"));
    put("base/02-b.yaml", table("表二"));
    put("base/03-c.yaml", table("表三"));
    put("ext/set.yaml", "extends: base\n"
                        "name: ext\n"
                        "cover: {label: 附件2}\n"
                        "replace: {02-b: b2.yaml}\n"
                        "drop: [03-c]\n"
                        "override:\n"
                        "  01-a:\n"
                        "    title: 表一（无年份）\n"
                        "    columns: {total: {format: {decimals: 2}}}\n");
    put("ext/b2.yaml", table("表二（本地）"));
    /* a set extending ext: a whole new list, with a table of its own */
    put("ext2/set.yaml", "extends: ../ext\n"
                         "tables: [02-b, 04-new.yaml, 01-a]\n"
                         "override:\n"
                         "  04-new: {title: 新表（改）}\n"
                         "  01-a: {notes: [注：二层]}\n");
    put("ext2/04-new.yaml", table("新表"));
    put("dept2/department.yaml", "overrides:\n"
                                 "  replace: {02-b: local-b.yaml}\n"
                                 "  override: {02-b: {subtitle: （本部门）}}\n");
    put("dept2/local-b.yaml", table("表二（部门）"));
    put("dept/department.yaml", "overrides:\n"
                                "  footer: \"— {page} —\"\n"
                                "  override:\n"
                                "    01-a: {columns: {total: {format: {decimals: 0}}}}\n");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root_dir);
    return system(cmd);
}

static const char *at(const char *rel)
{
    static char buf[4][512];
    static int k;
    char *b = buf[k++ % 4];
    snprintf(b, 512, "%s/%s", root_dir, rel);
    return b;
}

static void extends_replaces_drops_overrides(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_layout_set *s;
    bp_error e = {0};
    if (spec_load_set(BP_CTX(&a, &e), at("ext"), &s)) fail_msg("%s", e.msg);
    assert_string_equal(s->name, "ext");
    assert_string_equal(s->cover_label->src, "附件2");
    assert_string_equal(s->cover_title->src, "预算"); /* kept from the base */
    assert_string_equal(s->footer->src, "第 {page} 页");
    assert_int_equal(s->ntables, 2);
    assert_string_equal(s->tables[0].stem, "01-a");
    assert_string_equal(s->tables[0].file, at("base/01-a.yaml"));
    assert_string_equal(s->tables[0].title->src, "表一（无年份）");
    assert_int_equal(s->tables[0].columns[1].fmt.decimals, 2);
    assert_int_equal(s->tables[0].columns[0].fmt.decimals, 1);
    assert_string_equal(s->tables[1].file, at("ext/b2.yaml"));
    assert_string_equal(s->tables[1].title->src, "表二（本地）");
    assert_int_equal(s->nsources, 2);

    /* a department's overrides, over the extending set */
    bp_set_source src = {NULL, at("dept/department.yaml")};
    if (spec_load_set_from(BP_CTX(&a, &e), at("ext"), &src, &s)) fail_msg("%s", e.msg);
    assert_string_equal(s->footer->src, "— {page} —");
    assert_int_equal(s->tables[0].columns[1].fmt.decimals, 0);
    assert_string_equal(s->tables[0].title->src, "表一（无年份）");

    /* a chain of two: tables listed anew, overrides of both layers kept */
    if (spec_load_set(BP_CTX(&a, &e), at("ext2"), &s)) fail_msg("%s", e.msg);
    assert_int_equal(s->nsources, 3);
    assert_int_equal(s->ntables, 3);
    assert_string_equal(s->tables[0].file, at("ext2/../ext/b2.yaml")); /* extends: ../ext */
    assert_string_equal(s->tables[1].file, at("ext2/04-new.yaml"));
    assert_string_equal(s->tables[1].title->src, "新表（改）");
    assert_string_equal(s->tables[2].stem, "01-a");
    assert_string_equal(s->tables[2].title->src, "表一（无年份）");
    assert_int_equal(s->tables[2].columns[1].fmt.decimals, 2);
    assert_int_equal(s->tables[2].nnotes, 1);
    assert_string_equal(s->tables[2].notes[0]->src, "注：二层");
    assert_string_equal(tpl_where(s->tables[2].notes[0], "?"),
                        bp_sprintf(&a, "%s:5:18", at("ext2/set.yaml")));

    /* a department replaces a table with a file of its own folder */
    src.dept_file = at("dept2/department.yaml");
    if (spec_load_set_from(BP_CTX(&a, &e), at("ext2"), &src, &s)) fail_msg("%s", e.msg);
    assert_string_equal(s->tables[0].file, at("dept2/local-b.yaml"));
    assert_string_equal(s->tables[0].title->src, "表二（部门）");
    assert_string_equal(s->tables[0].subtitle->src, "（本部门）");
    bp_arena_free(&a);
}

static void expect_set_error(const char *set_yaml, const char *needle)
{
    put("bad/set.yaml", set_yaml);
    bp_arena a;
    bp_arena_init(&a);
    bp_layout_set *s;
    bp_error e = {0};
    int rc = spec_load_set(BP_CTX(&a, &e), at("bad"), &s);
    char want[512];
    snprintf(want, sizeof want, "%s/bad/set.yaml:%s", root_dir, needle);
    if (rc != BP_EINPUT || !strstr(e.msg, want))
        fail_msg("expected '%s', got rc=%d '%s'", want, rc, e.msg);
    bp_arena_free(&a);
}

static void set_errors_name_the_overriding_file(void **state)
{
    (void)state;
    expect_set_error("extends: base\noverride:\n  09-x: {title: t}\n",
                     "3:3: override: '09-x' overrides nothing: the set has no table '09-x' (its "
                     "tables: 01-a, 02-b, 03-c)");
    expect_set_error("extends: base\ndrop: [01-a, 04-d]\n", "2:14: drop: '04-d' drops nothing");
    expect_set_error("extends: base\nreplace: {05-e: x.yaml}\n",
                     "2:11: replace: '05-e' replaces nothing");
    expect_set_error("extends: base\nreplace: {02-b: nofile.yaml}\n",
                     "2:17: table layout 'nofile.yaml' does not exist");
    expect_set_error("extends: base\noverride:\n  01-a: {columns: {totl: {width: 3}}}\n",
                     "3:20: 'totl' overrides nothing: columns has no item with key 'totl'");
    /* a bad value in an override is reported where the override wrote it */
    expect_set_error("extends: base\noverride:\n  01-a: {title: \"{yaer}\"}\n",
                     "3:18: title: unknown placeholder '{yaer}'");
    expect_set_error("extends: base\nfooter: \"{title}\"\n", "2:10: footer: '{title}' cannot");
    expect_set_error("extends: nosuch\n", "1:10: extends: layout set 'nosuch' not found");
    expect_set_error("extends: bad\n", "1:10: extends: 'bad' comes back to a set of this chain");
    expect_set_error("name: x\ndrop: [01-a]\ntables: [a.yaml]\n", "2:7: drop: needs extends:");
    expect_set_error("extends: base\ntables: [01-a, zz]\n",
                     "2:16: table 'zz' is neither a file in the layout set folder");
    /* aliases copied out when merging are bounded (docs/limits.md) */
    char bomb[2048] = "extends: base\ncover: {lines: [&a0 [x, x, x, x, x, x, x, x, x, x]";
    for (int i = 1; i < 12; i++) {
        size_t o = strlen(bomb);
        snprintf(bomb + o, sizeof bomb - o, ", &a%d [", i);
        for (int k = 0; k < 10; k++) {
            o = strlen(bomb);
            snprintf(bomb + o, sizeof bomb - o, "%s*a%d", k ? ", " : "", i - 1);
        }
        strcat(bomb, "]");
    }
    strcat(bomb, "]}\n");
    expect_set_error(bomb, "2:31: more than 100000 values, lists and mappings once merged");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(merge_rules),
        cmocka_unit_test(override_of_nothing_is_an_error),
        cmocka_unit_test(extends_replaces_drops_overrides),
        cmocka_unit_test(set_errors_name_the_overriding_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
