/* test_batch.c — the output file names of budgetpdf batch
 * (budgetpdf_batch_file_name), and the page count and summary of a small
 * batch run through the library. */
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

#include "batch_priv.h"
#include "budgetpdf.h"

static void name_is(const char *code, const char *name, const char *want)
{
    char out[256];
    budgetpdf_batch_file_name(code, name, out);
    if (strcmp(out, want))
        fail_msg("file name of (%s, %s) = '%s', want '%s'", code, name, out, want);
}

/* Nothing in a file name can leave the output folder or hide it. */
static void assert_safe(const char *out)
{
    assert_null(strchr(out, '/'));
    assert_null(strchr(out, '\\'));
    assert_null(strstr(out, ".."));
    assert_true(out[0] != '.' && out[0] != '-');
    for (const unsigned char *p = (const unsigned char *)out; *p; p++)
        assert_true(*p >= 0x20 && *p != 0x7F);
    size_t n = strlen(out);
    assert_true(n > 4 && n < 256);
    assert_string_equal(out + n - 4, ".pdf");
}

static void names(void **state)
{
    (void)state;
    name_is("033", "郑州高新技术产业开发区新型智慧城市运行中心",
            "033-郑州高新技术产业开发区新型智慧城市运行中心.pdf");
    name_is("", "财政局", "财政局.pdf");
    name_is("101", "", "101.pdf");
    name_is("", "", "department.pdf");
    name_is("101", "a/b\\c", "101-a_b_c.pdf");
    name_is("101", "../../etc/passwd", "101-._._etc_passwd.pdf");
    name_is("..", "..", "department.pdf"); /* "..-.." → ".-." → leading dots and dashes dropped */
    name_is("1", "x..y...z", "1-x.y.z.pdf");
    name_is("1", "tab\there\nnew", "1-tab_here_new.pdf");
    name_is("1", "a b　c", "1-a_b_c.pdf"); /* ASCII and full-width spaces */
    name_is("1", "q?:*<>|\"", "1-q_______.pdf");
    name_is("1", "end...", "1-end.pdf");
    name_is(".hidden", "x", "hidden-x.pdf");
    name_is("-rf", "x", "rf-x.pdf");
    name_is("1", "bad\xff\xfe utf", "1-bad___utf.pdf");
    name_is("1", "c1\xc2\x85x", "1-c1_x.pdf"); /* U+0085, a C1 control */
}

static void long_names_are_cut_at_a_character(void **state)
{
    (void)state;
    char name[1200] = "";
    for (int i = 0; i < 300; i++)
        strcat(name, "财"); /* 3 bytes each */
    char out[256];
    budgetpdf_batch_file_name("101", name, out);
    assert_safe(out);
    size_t n = strlen(out);
    assert_true(n <= 200 + 4);
    /* "101-" then whole characters only */
    assert_int_equal((n - 4 - 4) % 3, 0);
}

static void every_byte_gives_a_safe_name(void **state)
{
    (void)state;
    char name[4];
    char out[256];
    for (int c = 1; c < 256; c++) {
        for (int pos = 0; pos < 3; pos++) {
            char s[4] = {'a', 'b', 'c', 0};
            s[pos] = (char)c;
            memcpy(name, s, 4);
            budgetpdf_batch_file_name("1", name, out);
            assert_safe(out);
            budgetpdf_batch_file_name(name, name, out);
            assert_safe(out);
        }
    }
}

/* ---- naming: collisions ------------------------------------------------- */

static void colliding_names_get_numbers(void **state)
{
    (void)state;
    batch_names s = {NULL, 0, 0};
    char out[256];
    assert_int_equal(batch_names_take(&s, "a.pdf", out), BP_OK);
    assert_string_equal(out, "a.pdf");
    assert_int_equal(batch_names_take(&s, "A.pdf", out), BP_OK); /* ASCII case agrees */
    assert_string_equal(out, "A-2.pdf");
    assert_int_equal(batch_names_take(&s, "a.pdf", out), BP_OK);
    assert_string_equal(out, "a-3.pdf");
    assert_int_equal(batch_names_take(&s, "a-2.pdf", out), BP_OK); /* taken by the second */
    assert_string_equal(out, "a-2-2.pdf");
    assert_int_equal(batch_names_take(&s, "财政.pdf", out), BP_OK);
    assert_string_equal(out, "财政.pdf");
    /* many names: the set grows, every name stays unique */
    char name[64];
    for (int i = 0; i < 500; i++) {
        snprintf(name, sizeof name, "d%d.pdf", i % 250);
        assert_int_equal(batch_names_take(&s, name, out), BP_OK);
        if (i < 250)
            assert_string_equal(out, name);
        else
            assert_string_not_equal(out, name);
    }
    assert_int_equal((int)s.n, 5 + 500);
    batch_names_free(&s);
}

/* ---- summary ---------------------------------------------------------------- */

static void status_words_follow_the_cause(void **state)
{
    (void)state;
    assert_string_equal(batch_status_word(BUDGETPDF_OK), "ok");
    assert_string_equal(batch_status_word(BUDGETPDF_ECHECK), "check");
    assert_string_equal(batch_status_word(BUDGETPDF_EINPUT), "input");
    assert_string_equal(batch_status_word(BUDGETPDF_EIO), "io");
    assert_string_equal(batch_status_word(BUDGETPDF_ERESOURCE), "resource");
    assert_string_equal(batch_status_word(BATCH_SKIPPED), "skipped");
    assert_string_equal(batch_status_word(99), "error");
}

static void summary_rows_and_no_temp_left(void **state)
{
    (void)state;
    char dir[64];
    snprintf(dir, sizeof dir, "/tmp/bp_test_summary_XXXXXX");
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/summary.csv", dir);
    /* a stale summary.csv.tmp (what two runs used to share) changes nothing */
    char stale[160];
    snprintf(stale, sizeof stale, "%s.tmp", path);
    FILE *t = fopen(stale, "w");
    assert_non_null(t);
    fclose(t);
    assert_int_equal(chmod(stale, 0400), 0);
    batch_dept ok = {.folder = "a",
                     .code = "1",
                     .name = "=x",
                     .file = "1-x.pdf",
                     .pages = 3,
                     .bytes = 1234,
                     .ms = 5.25,
                     .message = "w1\nw2"};
    batch_dept res = {.folder = "b",
                      .code = "2",
                      .name = "y",
                      .status = BUDGETPDF_ERESOURCE,
                      .message = "out of memory"};
    batch_dept skip = {.folder = "c", .status = BATCH_SKIPPED, .message = "no department.yaml"};
    const batch_dept *rows[] = {&ok, &res, &skip};
    bp_error e = {0, ""};
    assert_int_equal(batch_write_summary(path, rows, 3, &e), BP_OK);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[512];
    assert_non_null(fgets(line, sizeof line, f)); /* header */
    assert_non_null(fgets(line, sizeof line, f));
    assert_string_equal(line, "a,1,\"'=x\",ok,3,1234,5.2,1-x.pdf,\"w1; w2\"\r\n");
    assert_non_null(fgets(line, sizeof line, f));
    assert_string_equal(line, "b,2,y,resource,0,0,0.0,,out of memory\r\n");
    assert_non_null(fgets(line, sizeof line, f));
    assert_string_equal(line, "c,,,skipped,0,0,0.0,,no department.yaml\r\n");
    fclose(f);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "test $(ls -A '%s' | wc -l) = 2", dir); /* summary + the stale file */
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* ---- a batch through the library ----------------------------------------- */

static char g_root[64], g_out[128];

static void copy_dir(const char *from, const char *to)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "cp -r '%s' '%s' && chmod -R u+w '%s'", from, to, to);
    assert_int_equal(system(cmd), 0);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

typedef struct seen {
    int calls, last_done, failed;
} seen;

static void on_item(void *ud, const budgetpdf_batch_item *it, int done, int failed, int total)
{
    seen *s = ud;
    s->calls++;
    assert_int_equal(total, 3);
    assert_int_equal(done, s->last_done + 1);
    s->last_done = done;
    s->failed = failed;
    if (!strcmp(it->folder, "b-broken")) {
        assert_int_not_equal(it->status, 0);
        assert_string_equal(it->file, "");
        assert_true(it->message[0]);
    } else {
        assert_int_equal(it->status, 0);
        assert_true(it->pages >= 10 && it->pages <= 40); /* 18 as of writing */
        assert_true(it->bytes > 1000);
    }
}

static void batch_run(void **state)
{
    (void)state;
    const char *seed = BP_TEST_SOURCE_DIR "/data/zzgx-smartcity-2024";
    snprintf(g_root, sizeof g_root, "/tmp/bp_test_batch_XXXXXX");
    assert_non_null(mkdtemp(g_root));
    char a[128], b[128], c[128];
    snprintf(a, sizeof a, "%s/a", g_root);
    snprintf(b, sizeof b, "%s/b-broken", g_root);
    snprintf(c, sizeof c, "%s/c", g_root);
    copy_dir(seed, a);
    copy_dir(seed, b);
    copy_dir(seed, c);
    char path[256];
    snprintf(path, sizeof path, "%s/08-three-public.csv", b);
    write_file(path, "total,abroad,car_total,car_purchase,car_running,reception\n9.9,,,,,0.2\n");
    snprintf(path, sizeof path, "%s/not-a-department", g_root);
    assert_int_equal(mkdir(path, 0755), 0);
    snprintf(g_out, sizeof g_out, "%s/out/pdf", g_root);

    budgetpdf_batch_options opt;
    memset(&opt, 0, sizeof opt);
    opt.render.layouts_path = BP_TEST_SOURCE_DIR "/layouts";
    opt.jobs = 2;
    seen s = {0, 0, 0};
    opt.progress = on_item;
    opt.progress_ud = &s;
    budgetpdf_batch_result res;
    char err[1024];
    assert_int_equal(budgetpdf_batch(g_root, g_out, &opt, &res, err, sizeof err), BUDGETPDF_ECHECK);
    assert_int_equal(res.departments, 3);
    assert_int_equal(res.selected, 3);
    assert_int_equal(res.rendered, 2);
    assert_int_equal(res.failed, 1);
    assert_int_equal(res.skipped, 1); /* out/ is made after the listing */
    assert_int_equal(s.calls, 3);
    assert_int_equal(s.failed, 1);

    /* a, b and c are the same department: b (broken, but named all the
     * same, so that names never depend on which departments fail) gets -2,
     * c gets -3 */
    char pdf[512];
    struct stat st;
    snprintf(pdf, sizeof pdf, "%s/033-郑州高新技术产业开发区新型智慧城市运行中心.pdf", g_out);
    assert_int_equal(stat(pdf, &st), 0);
    snprintf(pdf, sizeof pdf, "%s/033-郑州高新技术产业开发区新型智慧城市运行中心-3.pdf", g_out);
    assert_int_equal(stat(pdf, &st), 0);
    snprintf(pdf, sizeof pdf, "%s/033-郑州高新技术产业开发区新型智慧城市运行中心-2.pdf", g_out);
    assert_int_equal(stat(pdf, &st), -1);

    /* the summary: BOM, header, one row per department in folder order */
    snprintf(path, sizeof path, "%s/summary.csv", g_out);
    assert_string_equal(res.summary, path);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[8192];
    assert_non_null(fgets(line, sizeof line, f));
    assert_string_equal(line, "\xEF\xBB\xBF"
                              "folder,code,name,status,pages,bytes,milliseconds,file,message\r\n");
    assert_non_null(fgets(line, sizeof line, f));
    assert_non_null(strstr(line, "a,033,郑州高新技术产业开发区新型智慧城市运行中心,ok,"));
    assert_true(line[0] == 'a');
    assert_non_null(fgets(line, sizeof line, f));
    assert_true(!strncmp(line, "b-broken,033,", 13));
    assert_non_null(strstr(line, ",check,0,0,"));
    assert_non_null(fgets(line, sizeof line, f));
    assert_true(!strncmp(line, "c,033,", 6));
    assert_non_null(strstr(line, "-3.pdf,"));
    /* then the folders that are no department, each with its reason */
    assert_non_null(fgets(line, sizeof line, f));
    assert_string_equal(line, "not-a-department,,,skipped,0,0,0.0,,no department.yaml\r\n");
    assert_null(fgets(line, sizeof line, f));
    fclose(f);

    /* bad shard options */
    opt.shard_index = 4;
    opt.shard_count = 3;
    assert_int_equal(budgetpdf_batch(g_root, g_out, &opt, &res, err, sizeof err), BUDGETPDF_EUSAGE);
    /* a root with no department */
    opt.shard_index = opt.shard_count = 0;
    snprintf(path, sizeof path, "%s/not-a-department", g_root);
    assert_int_equal(budgetpdf_batch(path, g_out, &opt, &res, err, sizeof err), BUDGETPDF_EINPUT);
    assert_non_null(strstr(err, "no department folder"));

    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_root);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names),
        cmocka_unit_test(long_names_are_cut_at_a_character),
        cmocka_unit_test(every_byte_gives_a_safe_name),
        cmocka_unit_test(colliding_names_get_numbers),
        cmocka_unit_test(status_words_follow_the_cause),
        cmocka_unit_test(summary_rows_and_no_temp_left),
        cmocka_unit_test(batch_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
