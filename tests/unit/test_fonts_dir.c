/* test_fonts_dir.c — fonts_dir_add: a fonts folder holding a named pipe, a
 * device link and a dangling link is added without blocking, with its
 * regular fonts (also in subfolders) known to fontconfig as application
 * fonts; a clean folder is added whole. Each case in a child process:
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

static char g_dir[64];

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

/* Runs fonts_dir_add(dir) in a child under a 20 s alarm; returns the
 * number of application fonts it found in g_dir, or -1 (hang or crash). */
static int add_in_child(const char *dir)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        alarm(20); /* a hang ends the child with SIGALRM */
        FcInit();
        fonts_dir_add(NULL, dir);
        int n = app_fonts_in_dir();
        if (write(fds[1], &n, sizeof n) != (ssize_t)sizeof n) _exit(2);
        _exit(0);
    }
    close(fds[1]);
    int status, n = -1;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || read(fds[0], &n, sizeof n) != sizeof n)
        n = -1;
    close(fds[0]);
    return n;
}

static int setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof g_dir, "/tmp/bp-test-fontsdir.XXXXXX");
    assert_non_null(mkdtemp(g_dir));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", g_dir);
    return system(cmd) == 0 ? 0 : -1;
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_folder),
        cmocka_unit_test(test_folder_with_pipe),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
