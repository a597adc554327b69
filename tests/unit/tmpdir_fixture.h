/* tmpdir_fixture.h — the cmocka fixture of the unit tests that write files:
 * a fresh scratch folder g_dir under /tmp (named after TMPDIR_FIXTURE_NAME)
 * made before each group or test and removed with its contents after.
 * Included by one test file each (static definitions). */
#ifndef BP_TEST_TMPDIR_FIXTURE_H
#define BP_TEST_TMPDIR_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#ifndef TMPDIR_FIXTURE_NAME
#define TMPDIR_FIXTURE_NAME "unit"
#endif

static char g_dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof g_dir, "/tmp/bp-test-%s.XXXXXX", TMPDIR_FIXTURE_NAME);
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

#endif
