/* test_context.c — the cache context (budgetpdf_context, context.h): two
 * contexts share nothing, one context reuses what it cached (font chains,
 * hb-subset faces, layout sets), each cache keeps to its bound, and calls
 * on several threads may share a context. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fontconfig/fontconfig.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "budgetpdf.h"
#include "context.h"

#define SEED BP_TEST_SOURCE_DIR "/data/zzgx-smartcity-2024"
#define SET BP_TEST_SOURCE_DIR "/layouts/standard-2024"

static const char *const uming[] = {"AR PL UMing CN", NULL};
static const char *const zenhei[] = {"WenQuanYi Zen Hei", NULL};

static void open_fonts(budgetpdf_context *c, const char *const *body, bp_fonts *out)
{
    const char *const *fams[BP_ROLE_COUNT] = {body, body, body, body};
    bp_error e = {0, ""};
    if (text_fonts_open(&(bp_ctx){.e = &e, .fonts = c->fonts}, fams, NULL, out))
        fail_msg("%s", e.msg);
}

/* dir through c's set cache, held by the new arena *hold until it is
 * freed (as a document holds its set). */
static const bp_layout_set *hold_set(spec_set_cache *c, bp_arena *hold, const char *dir)
{
    bp_arena_init(hold);
    bp_error e = {0, ""};
    const bp_layout_set *s = NULL;
    if (spec_load_set_cached(&(bp_ctx){.a = hold, .e = &e, .sets = c}, dir, NULL, &s))
        fail_msg("%s", e.msg);
    return s;
}

static void two_contexts_share_nothing(void **state)
{
    (void)state;
    budgetpdf_context *a = budgetpdf_context_new(), *b = budgetpdf_context_new();
    assert_non_null(a);
    assert_non_null(b);
    bp_fonts fa, fb;
    open_fonts(a, uming, &fa);
    assert_int_equal(text_font_cache_count(a->fonts), 1);
    assert_int_equal(text_font_cache_count(b->fonts), 0);
    open_fonts(b, uming, &fb);
    /* the same family, but fonts of their own (freeing one context leaves
     * the other's usable) */
    assert_ptr_not_equal(fa.role[BP_ROLE_BODY], fb.role[BP_ROLE_BODY]);
    text_fonts_close(&fa);
    budgetpdf_context_free(a);
    assert_true(font_measure(fb.role[BP_ROLE_BODY], 10, "预算", 6) > 0);
    text_fonts_close(&fb);

    bp_arena ar;
    assert_non_null(hold_set(b->sets, &ar, SET));
    assert_int_equal(spec_set_cache_count(b->sets), 1);
    budgetpdf_context *c = budgetpdf_context_new();
    assert_int_equal(spec_set_cache_count(c->sets), 0);
    budgetpdf_context_free(c);
    bp_arena_free(&ar); /* the document's hold ends before its context */
    budgetpdf_context_free(b);
}

static void one_context_reuses_its_caches(void **state)
{
    (void)state;
    budgetpdf_context *c = budgetpdf_context_new();
    bp_fonts f1, f2;
    open_fonts(c, uming, &f1);
    open_fonts(c, uming, &f2);
    assert_ptr_equal(f1.role[BP_ROLE_BODY], f2.role[BP_ROLE_BODY]);
    assert_int_equal(text_font_cache_count(c->fonts), 1);

    /* the subsetting face of a font file is opened once */
    pdf_cpset *cps = calloc(1, sizeof *cps);
    pdf_cpset_add(cps, 0x9884);
    pdf_cpset_add(cps, 'A');
    bp_error e = {0, ""};
    for (int i = 0; i < 3; i++) {
        hb_blob_t *blob;
        const bp_font *f = f1.role[BP_ROLE_BODY];
        assert_int_equal(
            pdf_font_subset(c->faces, font_path(f), font_face_index(f), cps, &blob, &e), BP_OK);
        assert_true(hb_blob_get_length(blob) > 100);
        hb_blob_destroy(blob);
    }
    assert_int_equal(pdf_face_cache_count(c->faces), 1);
    free(cps);
    text_fonts_close(&f1);
    text_fonts_close(&f2);

    /* a layout set is parsed once while its files do not change */
    bp_arena a1, a2;
    const bp_layout_set *s1 = hold_set(c->sets, &a1, SET);
    const bp_layout_set *s2 = hold_set(c->sets, &a2, SET "/.");
    assert_ptr_equal(s1, s2);
    bp_arena_free(&a1);
    bp_arena_free(&a2);
    assert_int_equal(spec_set_cache_count(c->sets), 1);
    budgetpdf_context_free(c);
}

static void copy_set(const char *to)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "cp -r '%s' '%s'", SET, to);
    assert_int_equal(system(cmd), 0);
}

static void caches_keep_to_their_bounds(void **state)
{
    (void)state;
    budgetpdf_context *c = context_new(1, 1, 2);
    assert_non_null(c);

    /* fonts: a chain no document holds is dropped for the next one */
    bp_fonts f1, f2;
    open_fonts(c, uming, &f1);
    open_fonts(c, zenhei, &f2); /* f1 is held: both stay */
    assert_int_equal(text_font_cache_count(c->fonts), 2);
    text_fonts_close(&f1);
    text_fonts_close(&f2);
    open_fonts(c, uming, &f1); /* found again */
    text_fonts_close(&f1);
    assert_int_equal(text_font_cache_count(c->fonts), 2);
    open_fonts(c, zenhei, &f2);
    text_fonts_close(&f2);
    const char *const both[] = {"WenQuanYi Zen Hei", "AR PL UMing CN", NULL};
    open_fonts(c, both, &f1); /* a third list: the two unheld ones go */
    assert_int_equal(text_font_cache_count(c->fonts), 1);

    /* faces: at most one */
    pdf_cpset *cps = calloc(1, sizeof *cps);
    pdf_cpset_add(cps, 'A');
    bp_error e = {0, ""};
    for (int i = 0; i < 2; i++) {
        const bp_font *f = font_chain(f1.role[BP_ROLE_BODY], i);
        assert_non_null(f);
        hb_blob_t *blob;
        assert_int_equal(
            pdf_font_subset(c->faces, font_path(f), font_face_index(f), cps, &blob, &e), BP_OK);
        hb_blob_destroy(blob);
        assert_int_equal(pdf_face_cache_count(c->faces), 1);
    }
    free(cps);
    text_fonts_close(&f1);

    /* layout sets: at most two; a set in use is never dropped, and a set
     * asked for while both are in use is loaded into the document instead */
    char dir[64];
    snprintf(dir, sizeof dir, "/tmp/bp_test_context_XXXXXX");
    assert_non_null(mkdtemp(dir));
    char sets[3][128];
    for (int i = 0; i < 3; i++) {
        snprintf(sets[i], sizeof sets[i], "%s/set%d", dir, i);
        copy_set(sets[i]);
    }
    bp_arena held[3];
    for (int i = 0; i < 3; i++)
        assert_non_null(hold_set(c->sets, &held[i], sets[i]));
    assert_int_equal(spec_set_cache_count(c->sets), 2); /* the third went to its document */
    for (int i = 0; i < 3; i++)
        bp_arena_free(&held[i]);
    assert_non_null(hold_set(c->sets, &held[2], sets[2])); /* now cached, in set0's place */
    bp_arena_free(&held[2]);
    assert_int_equal(spec_set_cache_count(c->sets), 2);

    /* a changed set is parsed again; the old one goes at its last release */
    bp_arena hold_old, hold_fresh;
    const bp_layout_set *old = hold_set(c->sets, &hold_old, sets[2]);
    char path[200];
    snprintf(path, sizeof path, "%s/set.yaml", sets[2]);
    FILE *f = fopen(path, "a");
    assert_non_null(f);
    fputs("# changed\n", f);
    fclose(f);
    const bp_layout_set *fresh = hold_set(c->sets, &hold_fresh, sets[2]);
    assert_ptr_not_equal(old, fresh);
    bp_arena_free(&hold_fresh);
    assert_int_equal(spec_set_cache_count(c->sets), 2); /* the old one, still held, and fresh */
    bp_arena_free(&hold_old);
    assert_int_equal(spec_set_cache_count(c->sets), 1); /* fresh (set1 made room for it) */

    budgetpdf_context_free(c);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* ---- through the library ------------------------------------------------ */

typedef struct job {
    budgetpdf_options opt;
    char out[128];
    int rc;
    budgetpdf_render_result res;
} job;

static void *render_job(void *arg)
{
    job *j = arg;
    char err[4096];
    j->rc = budgetpdf_render_ex(SEED, j->out, &j->opt, &j->res, err, sizeof err);
    if (j->rc) fprintf(stderr, "render: %s\n", err);
    return NULL;
}

static long long size_of(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

static void renders_share_a_context_across_threads(void **state)
{
    (void)state;
    char dir[64];
    snprintf(dir, sizeof dir, "/tmp/bp_test_context_XXXXXX");
    assert_non_null(mkdtemp(dir));
    budgetpdf_context *c = budgetpdf_context_new();
    job jobs[3];
    memset(jobs, 0, sizeof jobs);
    for (int i = 0; i < 3; i++) {
        jobs[i].opt.layouts_path = BP_TEST_SOURCE_DIR "/layouts";
        jobs[i].opt.context = i < 2 ? c : NULL; /* the third makes its own */
        jobs[i].opt.cache_layouts = i == 0;
        snprintf(jobs[i].out, sizeof jobs[i].out, "%s/%d.pdf", dir, i);
    }
    pthread_t th[3];
    for (int i = 0; i < 3; i++)
        assert_int_equal(pthread_create(&th[i], NULL, render_job, &jobs[i]), 0);
    for (int i = 0; i < 3; i++)
        pthread_join(th[i], NULL);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(jobs[i].rc, BUDGETPDF_OK);
        /* the result is what was written */
        assert_int_equal(jobs[i].res.bytes, size_of(jobs[i].out));
        assert_int_equal(jobs[i].res.pages, jobs[0].res.pages);
        assert_int_equal(jobs[i].res.bytes, jobs[0].res.bytes);
    }
    assert_true(jobs[0].res.pages >= 10);
    /* the lists of body, title and the text parts (text, kai: the seed has document.md) */
    assert_int_equal(text_font_cache_count(c->fonts), 4);
    assert_int_equal(spec_set_cache_count(c->sets), 1); /* cache_layouts of job 0 */
    budgetpdf_context_free(c);

    /* a failed render reports nothing written */
    budgetpdf_render_result res = {7, 7, 7};
    char err[4096];
    assert_int_equal(budgetpdf_render_ex(dir, jobs[0].out, NULL, &res, err, sizeof err),
                     BUDGETPDF_EINPUT);
    assert_int_equal(res.pages, 0);
    assert_int_equal(res.bytes, 0);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* budgetpdf_fonts on two threads at once, sharing a context: each gets the
 * report a lone call gets (no static buffer between them). */
typedef struct report {
    budgetpdf_options opt;
    char text[8192];
    size_t len;
    int rc;
} report;

static void add_line(void *ud, const char *line)
{
    report *r = ud;
    r->len += (size_t)snprintf(r->text + r->len, sizeof r->text - r->len, "%s\n", line);
}

static void *fonts_job(void *arg)
{
    report *r = arg;
    char err[1024];
    for (int i = 0; i < 3 && !r->rc; i++) {
        r->len = 0;
        r->rc = budgetpdf_fonts(SEED, &r->opt, add_line, r, err, sizeof err);
    }
    return NULL;
}

static void fonts_reports_on_two_threads(void **state)
{
    (void)state;
    static report lone, r[2];
    lone.opt.layouts_path = BP_TEST_SOURCE_DIR "/layouts";
    fonts_job(&lone);
    assert_int_equal(lone.rc, BUDGETPDF_OK);
    assert_non_null(strstr(lone.text, "coverage"));
    budgetpdf_context *c = budgetpdf_context_new();
    pthread_t th[2];
    for (int i = 0; i < 2; i++) {
        r[i].opt = lone.opt;
        r[i].opt.context = c;
        assert_int_equal(pthread_create(&th[i], NULL, fonts_job, &r[i]), 0);
    }
    for (int i = 0; i < 2; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(r[i].rc, BUDGETPDF_OK);
        assert_string_equal(r[i].text, lone.text);
    }
    budgetpdf_context_free(c);
}

static void warnings_are_counted(void **state)
{
    (void)state;
    /* --no-check with a failing rule: each failure is a warning */
    char dir[64];
    snprintf(dir, sizeof dir, "/tmp/bp_test_context_XXXXXX");
    assert_non_null(mkdtemp(dir));
    char cmd[512];
    snprintf(
        cmd, sizeof cmd,
        "cp -r '%s' '%s/d' && chmod -R u+w '%s/d' && sed -i '2s/^\\([^,]*,\\)[0-9.]*/\\1 1.0/' "
        "'%s/d/08-three-public.csv'",
        SEED, dir, dir, dir);
    assert_int_equal(system(cmd), 0);
    char d[128], out[128];
    snprintf(d, sizeof d, "%s/d", dir);
    snprintf(out, sizeof out, "%s/d.pdf", dir);
    budgetpdf_options opt;
    memset(&opt, 0, sizeof opt);
    opt.layouts_path = BP_TEST_SOURCE_DIR "/layouts";
    opt.no_check = true;
    budgetpdf_render_result res;
    char err[4096];
    assert_int_equal(budgetpdf_render_ex(d, out, &opt, &res, err, sizeof err), BUDGETPDF_OK);
    assert_true(res.warnings >= 1);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(two_contexts_share_nothing),
        cmocka_unit_test(one_context_reuses_its_caches),
        cmocka_unit_test(caches_keep_to_their_bounds),
        cmocka_unit_test(renders_share_a_context_across_threads),
        cmocka_unit_test(fonts_reports_on_two_threads),
        cmocka_unit_test(warnings_are_counted),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    FcFini();
    return rc;
}
