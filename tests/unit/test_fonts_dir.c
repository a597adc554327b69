/* test_fonts_dir.c — fonts_dir_add: a fonts folder holding a named pipe, a
 * device link and a dangling link is added without blocking, with its
 * regular fonts (also in subfolders) known to fontconfig as application
 * fonts; a clean folder is added whole; out of memory while listing is
 * BP_ERESOURCE. Each case in a child process:
 * fontconfig's configuration is process-wide. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fontconfig/fontconfig.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fonts_dir.h"

#define UMING "/usr/share/fonts/truetype/arphic/uming.ttc"
#define ZENHEI "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"

#define TMPDIR_FIXTURE_NAME "fontsdir"
#include "tmpdir_fixture.h"

/* Application fonts whose file is under g_dir. */
static int app_fonts_in_dir(void)
{
    FcFontSet *set = FcConfigGetFonts(NULL, FcSetApplication);
    int n = 0;
    for (int i = 0; set && i < set->nfont; i++) {
        FcChar8 *file;
        if (FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) == FcResultMatch &&
            strncmp((const char *)file, g_dir, strlen(g_dir)) == 0)
            n++;
    }
    return n;
}

/* Runs fonts_dir_add_in(dir) in a child under a 20 s alarm, the listing's
 * fail_after-th allocation refused (0: none); returns the number of
 * application fonts it found in g_dir, or -1 (hang or crash), and its
 * status in *rc. */
static int add_in_child_failing(const char *dir, long fail_after, int *rc)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        alarm(20); /* a hang ends the child with SIGALRM */
        FcInit();
        bp_arena a;
        bp_arena_init(&a);
        a.fail_after = fail_after;
        bp_error e = {0, ""};
        int r[2] = {fonts_dir_add_in(&a, NULL, dir, &e), 0};
        bp_arena_free(&a);
        if (r[0] == BP_ERESOURCE && !strstr(e.msg, "out of memory")) r[0] = -1;
        r[1] = app_fonts_in_dir();
        if (write(fds[1], r, sizeof r) != (ssize_t)sizeof r) _exit(2);
        _exit(0);
    }
    close(fds[1]);
    int status, r[2] = {-1, -1};
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || read(fds[0], r, sizeof r) != sizeof r)
        r[0] = r[1] = -1;
    close(fds[0]);
    *rc = r[0];
    return r[1];
}

static int add_in_child(const char *dir)
{
    int rc;
    int n = add_in_child_failing(dir, 0, &rc);
    return rc == BP_OK ? n : -1;
}

static void make(const char *fmt, const char *name, int kind)
{
    char path[256];
    snprintf(path, sizeof path, fmt, g_dir, name);
    if (kind == 'd') assert_int_equal(mkdir(path, 0777), 0);
    if (kind == 'p') assert_int_equal(mkfifo(path, 0600), 0);
}

static void link_to(const char *target, const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", g_dir, name);
    assert_int_equal(symlink(target, path), 0);
}

static void test_clean_folder(void **state)
{
    (void)state;
    make("%s/%s", "clean", 'd');
    link_to(UMING, "clean/uming.ttc");
    char dir[128];
    snprintf(dir, sizeof dir, "%s/clean", g_dir);
    assert_true(add_in_child(dir) > 0);
}

static void test_folder_with_pipe(void **state)
{
    (void)state;
    make("%s/%s", "bad", 'd');
    make("%s/%s", "bad/sub", 'd');
    link_to(UMING, "bad/uming.ttc");
    link_to(ZENHEI, "bad/sub/zenhei.ttc");
    make("%s/%s", "bad/x.ttf", 'p');
    make("%s/%s", "bad/sub/y.otf", 'p');
    link_to("/dev/zero", "bad/zero.ttf");
    link_to("nowhere.ttf", "bad/dangling.ttf");
    link_to(".", "bad/sub/loop"); /* a folder link loop: listed once */
    char dir[128];
    snprintf(dir, sizeof dir, "%s/bad", g_dir);
    int n = add_in_child(dir);
    assert_true(n >= 2); /* UMing's faces and Zen Hei's, from the subfolder too */
}

/* Out of memory while listing (in a subfolder, with a pipe around) is
 * BP_ERESOURCE and adds no font, at whichever allocation it happens; the
 * open folders are closed (the asan build checks nothing leaks). */
static void test_out_of_memory(void **state)
{
    (void)state;
    make("%s/%s", "oom", 'd');
    make("%s/%s", "oom/sub", 'd');
    link_to(UMING, "oom/uming.ttc");
    link_to(ZENHEI, "oom/sub/zenhei.ttc");
    make("%s/%s", "oom/sub/y.otf", 'p');
    char dir[128];
    snprintf(dir, sizeof dir, "%s/oom", g_dir);
    long k = 1;
    for (int rc = BP_ERESOURCE; rc == BP_ERESOURCE; k++) {
        assert_true(k < 100);
        int n = add_in_child_failing(dir, k, &rc);
        if (rc == BP_ERESOURCE)
            assert_int_equal(n, 0);
        else {
            assert_int_equal(rc, BP_OK);
            assert_true(n >= 2);
        }
    }
    assert_true(k > 2); /* at least one allocation was refused */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_folder),
        cmocka_unit_test(test_folder_with_pipe),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
