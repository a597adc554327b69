/* fonts_fixture.h — the cmocka group fixture of the unit tests that lay
 * text out: the default fonts, opened once per test program through a font
 * cache of their own (g_fonts, g_cache), and closed with fontconfig at the
 * end. Included by one test file each (static definitions). */
#ifndef BP_TEST_FONTS_FIXTURE_H
#define BP_TEST_FONTS_FIXTURE_H

#include <fontconfig/fontconfig.h>
#include <stdio.h>

#include "text.h"

static bp_fonts g_fonts;
static bp_font_cache *g_cache;

static int group_setup(void **state)
{
    (void)state;
    bp_error e = {0};
    if (!(g_cache = text_font_cache_new(16))) return -1;
    if (text_fonts_open(&(bp_ctx){.e = &e, .fonts = g_cache}, NULL, NULL, &g_fonts) != BP_OK) {
        fprintf(stderr, "text_fonts_open: %s\n", e.msg);
        return -1;
    }
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    text_fonts_close(&g_fonts);
    text_font_cache_free(g_cache);
    /* The library never calls FcFini (other fonts may be live); the test
     * process owns fontconfig, and without this valgrind reports a block of
     * fontconfig's configuration as "definitely lost" (its pointers are
     * stored encoded). */
    FcFini();
    return 0;
}

#endif
