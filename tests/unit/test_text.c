/* test_text.c — unit tests for the text stage: font resolution through
 * fontconfig, libharu-exact measurement, and line breaking (UAX #14 plus
 * 避头尾 and whole numbers). Needs fonts-arphic-uming and fonts-wqy-zenhei. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "data.h"
#include "text.h"

#include "fonts_fixture.h"

static const bp_font *body(void)
{
    return g_fonts.role[BP_ROLE_BODY];
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static uint32_t first_cp(const char *s, size_t len)
{
    uint32_t cp = 0;
    if (!len || bp_utf8_decode(s, len, &cp) <= 0) return 0;
    return cp;
}

static uint32_t last_cp(const char *s, size_t len)
{
    size_t i = len;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0) return 0;
    uint32_t cp = 0;
    if (bp_utf8_decode(s + i - 1, len - (i - 1), &cp) <= 0) return 0;
    return cp;
}

/* Wraps s (NUL-terminated) with the body font at 10 pt into arena a. */
static int wrap10(bp_arena *a, const char *s, double max_width, bp_line **lines)
{
    int n = -1;
    assert_int_equal(text_wrap(a, body(), 10.0, s, strlen(s), max_width, lines, &n), BP_OK);
    return n;
}

/* Invariants every wrap result must satisfy:
 * - lines are slices of s, in order, and what lies between them is only
 *   spaces and newlines (concatenation gives the text back);
 * - a line's width is font_measure of its slice;
 * - no line ends with a space or newline;
 * - a line wider than max_width holds a single unbreakable piece. */
static void check_wrap_invariants(const char *s, double max_width, const bp_line *lines, int n)
{
    size_t len = strlen(s);
    const char *pos = s;
    for (int i = 0; i <= n; i++) {
        /* What lies between two lines: spaces and newlines only. */
        const char *gap_end = i < n ? lines[i].s : s + len;
        assert_true(gap_end >= pos);
        assert_true(gap_end <= s + len);
        while (pos < gap_end) {
            uint32_t cp = 0;
            int k = bp_utf8_decode(pos, (size_t)(gap_end - pos), &cp);
            assert_true(k > 0);
            if (!(cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000))
                fail_msg("line %d: U+%04X dropped between lines of '%s'", i, cp, s);
            pos += k;
        }
        if (i == n) break;
        const bp_line *l = &lines[i];
        assert_true(l->s + l->len <= s + len);
        assert_true(l->width == font_measure(body(), 10.0, l->s, l->len));
        if (l->len) {
            uint32_t last = last_cp(l->s, l->len);
            assert_true(last != ' ' && last != '\t' && last != '\n' && last != '\r' &&
                        last != 0x3000);
        }
        if (l->width > max_width + BP_TEXT_WIDTH_EPSILON) {
            /* Over-wide: only a single unbreakable piece may be. */
            bp_arena a;
            bp_arena_init(&a);
            bp_line *sub;
            int m = -1;
            assert_int_equal(text_wrap(&a, body(), 10.0, l->s, l->len, 0.0, &sub, &m), BP_OK);
            if (m != 1)
                fail_msg("over-wide line %d (%.2f > %.2f) could have been broken: '%.*s'", i,
                         l->width, max_width, (int)l->len, l->s);
            assert_true(l->width <= text_min_width(NULL, body(), 10.0, s, len));
            bp_arena_free(&a);
        }
        pos = l->s + l->len;
    }
}

/* ---- fonts ---------------------------------------------------------- */

static void test_fonts_default_families(void **state)
{
    (void)state;
    const bp_font *b = g_fonts.role[BP_ROLE_BODY], *t = g_fonts.role[BP_ROLE_TITLE];
    assert_non_null(b);
    assert_non_null(t);
    assert_string_equal(font_family(b), "AR PL UMing CN");
    assert_true(ends_with(font_path(b), "/uming.ttc"));
    assert_int_equal(font_face_index(b), 0);
    assert_string_equal(font_family(t), "WenQuanYi Zen Hei");
    assert_true(ends_with(font_path(t), "/wqy-zenhei.ttc"));
    assert_int_equal(font_face_index(t), 0);
}

static void test_fonts_first_installed_wins(void **state)
{
    (void)state;
    const char *body_list[] = {"No Such Font Budgetpdf", "WenQuanYi Zen Hei", "AR PL UMing CN",
                               NULL};
    const char *title_list[] = {"AR PL UMing CN", NULL};
    const char *const *fams[BP_ROLE_COUNT] = {body_list, title_list};
    bp_fonts fonts;
    bp_error e = {0};
    assert_int_equal(text_fonts_open(&(bp_ctx){.e = &e, .fonts = g_cache}, fams,
                                     "/nonexistent/budgetpdf-fonts", &fonts),
                     BP_OK);
    assert_string_equal(font_family(fonts.role[BP_ROLE_BODY]), "WenQuanYi Zen Hei");
    assert_string_equal(font_family(fonts.role[BP_ROLE_TITLE]), "AR PL UMing CN");
    text_fonts_close(&fonts);
    assert_null(fonts.role[BP_ROLE_BODY]);
}

static void test_fonts_family_match_is_case_insensitive(void **state)
{
    (void)state;
    const char *list[] = {"ar pl uming cn", NULL};
    const char *const *fams[BP_ROLE_COUNT] = {list, list};
    bp_fonts fonts;
    bp_error e = {0};
    assert_int_equal(text_fonts_open(&(bp_ctx){.e = &e, .fonts = g_cache}, fams, NULL, &fonts),
                     BP_OK);
    assert_true(ends_with(font_path(fonts.role[BP_ROLE_BODY]), "/uming.ttc"));
    text_fonts_close(&fonts);
}

static void test_fonts_missing_family_is_error(void **state)
{
    (void)state;
    const char *list[] = {"No Such Font Budgetpdf", "Nor This One", NULL};
    const char *const *fams[BP_ROLE_COUNT] = {list, NULL};
    bp_fonts fonts;
    bp_error e = {0};
    assert_int_equal(text_fonts_open(&(bp_ctx){.e = &e, .fonts = g_cache}, fams, NULL, &fonts),
                     BP_EINPUT);
    assert_int_equal(e.code, BP_EINPUT);
    assert_non_null(strstr(e.msg, "'body'"));
    assert_non_null(strstr(e.msg, "No Such Font Budgetpdf"));
    assert_non_null(strstr(e.msg, "Nor This One"));
    assert_null(fonts.role[BP_ROLE_BODY]);
    assert_null(fonts.role[BP_ROLE_TITLE]);

    /* The title role is named too; the body font opened first is released. */
    const char *const *fams2[BP_ROLE_COUNT] = {NULL, list};
    memset(&e, 0, sizeof e);
    assert_int_equal(text_fonts_open(&(bp_ctx){.e = &e, .fonts = g_cache}, fams2, NULL, &fonts),
                     BP_EINPUT);
    assert_non_null(strstr(e.msg, "'title'"));
    assert_null(fonts.role[BP_ROLE_BODY]);
}

static void test_fonts_generic_alias_is_not_accepted(void **state)
{
    (void)state;
    /* fontconfig maps "serif" to some installed face; that face's family is
     * not "serif", so this is not a silent substitute. */
    const char *list[] = {"serif", NULL};
    const char *const *fams[BP_ROLE_COUNT] = {list, NULL};
    bp_fonts fonts;
    bp_error e = {0};
    assert_int_equal(text_fonts_open(&(bp_ctx){.e = &e, .fonts = g_cache}, fams, NULL, &fonts),
                     BP_EINPUT);
    assert_non_null(strstr(e.msg, "'serif'"));
    assert_non_null(strstr(e.msg, "not installed"));
}

/* Writes a copy of DejaVuSans.ttf into dir with its family renamed to
 * new_name (same length as "DejaVu Sans"), the OS/2 fsType set to fs_type,
 * and, if cff, its FFTM table renamed 'CFF ' (so the file claims CFF
 * outlines). Returns false if the source font is not installed. */
static bool write_test_font(const char *dir, const char *file, const char *new_name,
                            unsigned fs_type, bool cff)
{
    const char *src = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    FILE *in = fopen(src, "rb");
    if (!in) return false;
    fseek(in, 0, SEEK_END);
    long n = ftell(in);
    fseek(in, 0, SEEK_SET);
    unsigned char *d = malloc((size_t)n);
    assert_non_null(d);
    assert_int_equal(fread(d, 1, (size_t)n, in), (size_t)n);
    fclose(in);

    const char *old_name = "DejaVu Sans";
    size_t m = strlen(old_name);
    assert_int_equal(strlen(new_name), m);
    for (long i = 0; i + (long)m * 2 <= n; i++) {
        if (memcmp(d + i, old_name, m) == 0) memcpy(d + i, new_name, m);
        bool utf16 = true;
        for (size_t k = 0; k < m && utf16; k++)
            utf16 = d[i + 2 * k] == 0 && d[i + 2 * k + 1] == (unsigned char)old_name[k];
        if (utf16)
            for (size_t k = 0; k < m; k++)
                d[i + 2 * k + 1] = (unsigned char)new_name[k];
    }
    int ntables = d[4] << 8 | d[5];
    for (int t = 0; t < ntables; t++) {
        unsigned char *rec = d + 12 + 16 * t;
        if (memcmp(rec, "OS/2", 4) == 0) {
            unsigned long off = (unsigned long)rec[8] << 24 | (unsigned long)rec[9] << 16 |
                                (unsigned long)rec[10] << 8 | rec[11];
            d[off + 8] = (unsigned char)(fs_type >> 8);
            d[off + 9] = (unsigned char)fs_type;
        }
        if (cff && memcmp(rec, "FFTM", 4) == 0) memcpy(rec, "CFF ", 4);
    }
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    FILE *out = fopen(path, "wb");
    assert_non_null(out);
    assert_int_equal(fwrite(d, 1, (size_t)n, out), (size_t)n);
    fclose(out);
    free(d);
    return true;
}

static void test_fonts_extra_dir_and_refusals(void **state)
{
    (void)state;
    char dir[] = "/tmp/bp_test_text_XXXXXX";
    assert_non_null(mkdtemp(dir));
    if (!write_test_font(dir, "ok.ttf", "Bpokay Sans", 0x0000, false) ||
        !write_test_font(dir, "restricted.ttf", "Bprstr Sans", 0x0002, false) ||
        !write_test_font(dir, "cff.ttf", "Bpcfff Sans", 0x0000, true)) {
        rmdir(dir);
        skip();
    }

    bp_fonts fonts;
    bp_error e = {0};

    /* A font found only in extra_dir. */
    const char *ok[] = {"Bpokay Sans", NULL};
    const char *const *fams_ok[BP_ROLE_COUNT] = {ok, ok};
    assert_int_equal(text_fonts_open(&(bp_ctx){.e = &e, .fonts = g_cache}, fams_ok, dir, &fonts),
                     BP_OK);
    assert_non_null(strstr(font_path(fonts.role[BP_ROLE_BODY]), dir));
    text_fonts_close(&fonts);
    /* extra_dir belongs to the cache it was opened with: another cache
     * (another budgetpdf_context) does not see the folder's fonts */
    bp_font_cache *other = text_font_cache_new(4);
    assert_int_equal(text_fonts_open(&(bp_ctx){.e = &e, .fonts = other}, fams_ok, NULL, &fonts),
                     BP_EINPUT);
    assert_non_null(strstr(e.msg, "Bpokay Sans"));
    text_font_cache_free(other);

    /* Embedding forbidden by the license bits. */
    const char *restricted[] = {"Bprstr Sans", NULL};
    const char *const *fams_r[BP_ROLE_COUNT] = {restricted, NULL};
    assert_int_equal(text_fonts_open(&(bp_ctx){.e = &e, .fonts = g_cache}, fams_r, dir, &fonts),
                     BP_EINPUT);
    assert_non_null(strstr(e.msg, "Bprstr Sans"));
    assert_non_null(strstr(e.msg, "restricted"));
    assert_non_null(strstr(e.msg, "restricted.ttf"));

    /* CFF outlines. */
    const char *cff[] = {"Bpcfff Sans", NULL};
    const char *const *fams_c[BP_ROLE_COUNT] = {NULL, cff};
    memset(&e, 0, sizeof e);
    assert_int_equal(text_fonts_open(&(bp_ctx){.e = &e, .fonts = g_cache}, fams_c, dir, &fonts),
                     BP_EINPUT);
    assert_non_null(strstr(e.msg, "'title'"));
    assert_non_null(strstr(e.msg, "font 'Bpcfff Sans'"));
    assert_non_null(strstr(e.msg, "CFF (PostScript) outlines"));
    assert_non_null(strstr(e.msg, "AR PL UMing CN"));

    /* A refused font falls through to the next family of the list. */
    const char *fallback[] = {"Bpcfff Sans", "AR PL UMing CN", NULL};
    const char *const *fams_f[BP_ROLE_COUNT] = {fallback, NULL};
    assert_int_equal(text_fonts_open(&(bp_ctx){.e = &e, .fonts = g_cache}, fams_f, dir, &fonts),
                     BP_OK);
    assert_string_equal(font_family(fonts.role[BP_ROLE_BODY]), "AR PL UMing CN");
    text_fonts_close(&fonts);

    char path[512];
    const char *files[] = {"ok.ttf", "restricted.ttf", "cff.ttf"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        unlink(path);
    }
    rmdir(dir);
}

/* ---- measurement ---------------------------------------------------- */

static void test_measure_cjk_and_digits(void **state)
{
    (void)state;
    const char *s = "一二三";
    assert_true(font_measure(body(), 10.0, s, strlen(s)) == 30.0);
    const char *num = "6,828.4";
    assert_true(font_measure(body(), 12.0, num, strlen(num)) == 7 * 500 / 1000.0 * 12.0);
    assert_int_equal(font_advance(body(), '6'), 500);
    assert_int_equal(font_advance(body(), 0x4E00), 1000);
    assert_true(font_measure(body(), 10.0, "", 0) == 0.0);
    /* The mixed string from the libharu notes: TextWidth 36000. */
    const char *mixed = "2024年部门收支总体情况表（续表）“三公”经费：6,828.4万元、合计。ABC abc";
    assert_int_equal(font_measure_units(body(), mixed, strlen(mixed)), 36000);
    assert_true(font_measure(body(), 12.0, mixed, strlen(mixed)) == 432.0);
}

static void test_measure_missing_and_invalid(void **state)
{
    (void)state;
    const bp_font *f = body();
    assert_true(font_face_of(f, 0x4E00) >= 0);
    assert_true(font_face_of(f, 'A') >= 0);
    assert_false(font_face_of(f, 0x0E01) >= 0); /* Thai: not in uming */
    assert_false(font_face_of(f, 0x2B50) >= 0);
    /* Missing characters take the .notdef advance (500 in uming). */
    assert_int_equal(font_advance(f, 0x0E01), 500);
    /* Invalid bytes are skipped. */
    const char bad[] = "A\xE9"
                       "B";
    assert_true(font_measure(f, 10.0, bad, 3) == font_measure(f, 10.0, "AB", 2));
    const char cont[] = "\x80\x80一";
    assert_true(font_measure(f, 10.0, cont, strlen(cont)) == 10.0);
}

/* Independent check against FreeType: floor(advance * 1000 / upem) per glyph. */
static void test_measure_matches_freetype(void **state)
{
    (void)state;
    const char *s = "郑州高新技术产业开发区（续表）“三公”经费：6,828.4万元、合计。ABC abc ·—…％";
    for (int r = 0; r < BP_ROLE_COUNT; r++) {
        const bp_font *f = g_fonts.role[r];
        FT_Library lib;
        FT_Face face;
        assert_int_equal(FT_Init_FreeType(&lib), 0);
        assert_int_equal(FT_New_Face(lib, font_path(f), font_face_index(f), &face), 0);
        long sum = 0;
        size_t i = 0, len = strlen(s);
        while (i < len) {
            uint32_t cp;
            int k = bp_utf8_decode(s + i, len - i, &cp);
            assert_true(k > 0);
            FT_UInt gid = FT_Get_Char_Index(face, cp);
            assert_int_equal(FT_Load_Glyph(face, gid, FT_LOAD_NO_SCALE), 0);
            long w = face->glyph->advance.x * 1000 / face->units_per_EM;
            assert_int_equal(font_advance(f, cp), w);
            assert_int_equal(font_face_of(f, cp) >= 0, gid != 0);
            sum += w;
            i += (size_t)k;
        }
        assert_int_equal(font_measure_units(f, s, len), sum);
        assert_true(font_measure(f, 9.0, s, len) == (double)sum * 9.0 / 1000.0);
        FT_Done_Face(face);
        FT_Done_FreeType(lib);
    }
}

static void test_ascent_descent(void **state)
{
    (void)state;
    for (int r = 0; r < BP_ROLE_COUNT; r++) {
        const bp_font *f = g_fonts.role[r];
        double a = font_ascent(f, 10.0), d = font_descent(f, 10.0);
        assert_true(a > 5.0 && a < 12.0);
        assert_true(d < 0.0 && d > -5.0);
        assert_true(font_ascent(f, 20.0) == 2 * a);
        assert_true(font_descent(f, 20.0) == 2 * d);
    }
}

/* ---- line breaking -------------------------------------------------- */

static const char *STACK_EXAMPLE =
    "郑州高新技术产业开发区（续表），“三公”经费：6,828.4万元、合计。2120199其他";
/* The break opportunities documented in notes/stack.md. */
static const char *STACK_PIECES = "郑|州|高|新|技|术|产|业|开|发|区|（续|表），|“三|公”|经|费：|"
                                  "6,828.4|万|元、|合|计。|2120199|其|他";

static void test_wrap_stack_example_breaks_only_where_allowed(void **state)
{
    (void)state;
    /* Byte offsets where a line may start. */
    size_t allowed[64], nallowed = 0, off = 0;
    for (const char *p = STACK_PIECES; *p; p++) {
        if (*p == '|')
            allowed[nallowed++] = off;
        else
            off++;
    }
    assert_int_equal(off, strlen(STACK_EXAMPLE));
    int saw_multi = 0;
    for (double w = 5.0; w <= 400.0; w += 2.5) {
        bp_arena a;
        bp_arena_init(&a);
        bp_line *lines;
        int n = wrap10(&a, STACK_EXAMPLE, w, &lines);
        assert_true(n >= 1);
        check_wrap_invariants(STACK_EXAMPLE, w, lines, n);
        for (int i = 1; i < n; i++) {
            size_t start = (size_t)(lines[i].s - STACK_EXAMPLE);
            bool ok = false;
            for (size_t k = 0; k < nallowed; k++)
                ok = ok || allowed[k] == start;
            if (!ok)
                fail_msg("width %.1f: line %d starts at byte %zu: %.*s", w, i, start,
                         (int)lines[i].len, lines[i].s);
        }
        if (n > 1) saw_multi++;
        bp_arena_free(&a);
    }
    assert_true(saw_multi > 10);
}

static void test_wrap_fills_greedily(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_line *lines;
    /* 45 pt holds four CJK characters at 10 pt. */
    int n = wrap10(&a, STACK_EXAMPLE, 45.0, &lines);
    assert_true(n >= 3);
    assert_int_equal(lines[0].len, strlen("郑州高新"));
    assert_memory_equal(lines[0].s, "郑州高新", lines[0].len);
    assert_true(lines[0].width == 40.0);
    bp_arena_free(&a);
}

static bool is_closing_test(uint32_t c)
{
    static const char *closing = "，。、；：？！）」』】》〉”’％‰·…—:;,.!?)]}";
    for (size_t i = 0; closing[i];) {
        uint32_t cp;
        int k = bp_utf8_decode(closing + i, strlen(closing + i), &cp);
        if (cp == c) return true;
        i += (size_t)k;
    }
    return false;
}

static bool is_opening_test(uint32_t c)
{
    static const char *opening = "（「『【《〈“‘([{";
    for (size_t i = 0; opening[i];) {
        uint32_t cp;
        int k = bp_utf8_decode(opening + i, strlen(opening + i), &cp);
        if (cp == c) return true;
        i += (size_t)k;
    }
    return false;
}

static void test_wrap_kinsoku(void **state)
{
    (void)state;
    const char *texts[] = {
        STACK_EXAMPLE,
        "一二三，四五六。七八九、十一二；三四五：六七八）九十一」二三四”五六七",
        "收入（一般公共预算）「基金」“三公”经费《预算法》【注】〈附〉‘单引’",
        "其中:基本支出;项目支出,合计.完成!是否?(说明)[附表]{备注}",
        "一二三四五六七八九十一二三四五六七八九十，，，，。。。",
        "说明：……——等·注",
    };
    int checked = 0;
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        const char *s = texts[t];
        for (double w = 10.0; w <= 200.0; w += 5.0) {
            bp_arena a;
            bp_arena_init(&a);
            bp_line *lines;
            int n = wrap10(&a, s, w, &lines);
            check_wrap_invariants(s, w, lines, n);
            for (int i = 0; i < n; i++) {
                if (i > 0 && is_closing_test(first_cp(lines[i].s, lines[i].len)))
                    fail_msg("text %zu width %.0f: line %d starts with closing punctuation: %.*s",
                             t, w, i, (int)lines[i].len, lines[i].s);
                if (is_opening_test(last_cp(lines[i].s, lines[i].len)))
                    fail_msg("text %zu width %.0f: line %d ends with an opening bracket: %.*s", t,
                             w, i, (int)lines[i].len, lines[i].s);
                checked++;
            }
            bp_arena_free(&a);
        }
    }
    assert_true(checked > 500);
}

/* Checks that no line boundary falls strictly inside the byte range of
 * needle's first occurrence in s, for every width from 1 to 120 pt. */
static void assert_never_split(const char *s, const char *needle)
{
    const char *at = strstr(s, needle);
    assert_non_null(at);
    size_t from = (size_t)(at - s), to = from + strlen(needle);
    for (double w = 1.0; w <= 120.0; w += 1.0) {
        bp_arena a;
        bp_arena_init(&a);
        bp_line *lines;
        int n = wrap10(&a, s, w, &lines);
        check_wrap_invariants(s, w, lines, n);
        for (int i = 0; i < n; i++) {
            size_t ls = (size_t)(lines[i].s - s), le = ls + lines[i].len;
            if ((ls > from && ls < to) || (le > from && le < to))
                fail_msg("width %.0f splits '%s': line %d is '%.*s'", w, needle, i,
                         (int)lines[i].len, lines[i].s);
        }
        bp_arena_free(&a);
    }
}

static void test_wrap_numbers_stay_whole(void **state)
{
    (void)state;
    assert_never_split("6,828.4万元", "6,828.4");
    assert_never_split("合计6,828.4万元", "6,828.4");
    assert_never_split("完成率≥90%达标", "≥90%");
    assert_never_split("增长-5.3%，下降+2.0‰", "-5.3%");
    assert_never_split("增长-5.3%，下降+2.0‰", "+2.0‰");
    assert_never_split("金额¥1,000元", "¥1,000");
    assert_never_split("２０２４年预算", "２０２４");
    assert_never_split("2024-2025年度", "2024-2025");
    assert_never_split("2120199其他城乡社区管理事务支出", "2120199");
    assert_never_split("项目41019123000000073113合计", "41019123000000073113");
}

static void test_wrap_code_then_text(void **state)
{
    (void)state;
    const char *s = "2120199其他城乡社区管理事务支出";
    bp_arena a;
    bp_arena_init(&a);
    bp_line *lines;
    /* The code is 35 pt wide; 50 pt holds it and one character. */
    int n = wrap10(&a, s, 50.0, &lines);
    assert_true(n >= 2);
    assert_int_equal(lines[0].len, strlen("2120199其"));
    assert_memory_equal(lines[0].s, "2120199其", lines[0].len);
    /* 40 pt: the code alone on the first line. */
    n = wrap10(&a, s, 40.0, &lines);
    assert_int_equal(lines[0].len, strlen("2120199"));
    assert_true(lines[0].width == 35.0);
    /* Narrower than the code: the code is one over-wide line. */
    n = wrap10(&a, s, 20.0, &lines);
    assert_int_equal(lines[0].len, strlen("2120199"));
    assert_true(lines[0].width > 20.0);
    assert_true(lines[1].width <= 20.0);
    check_wrap_invariants(s, 20.0, lines, n);
    bp_arena_free(&a);
}

static void test_wrap_long_code_is_one_overwide_line(void **state)
{
    (void)state;
    const char *code = "41019123000000073113";
    bp_arena a;
    bp_arena_init(&a);
    bp_line *lines;
    int n = wrap10(&a, code, 30.0, &lines);
    assert_int_equal(n, 1);
    assert_int_equal(lines[0].len, strlen(code));
    assert_true(lines[0].width == 100.0);
    assert_true(text_min_width(NULL, body(), 10.0, code, strlen(code)) == 100.0);

    const char *s = "项目41019123000000073113合计";
    n = wrap10(&a, s, 30.0, &lines);
    assert_int_equal(n, 3);
    assert_memory_equal(lines[0].s, "项目", lines[0].len);
    assert_int_equal(lines[1].len, strlen(code));
    assert_memory_equal(lines[1].s, code, lines[1].len);
    assert_memory_equal(lines[2].s, "合计", lines[2].len);
    check_wrap_invariants(s, 30.0, lines, n);
    bp_arena_free(&a);
}

static void test_wrap_hard_newlines(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_line *lines;
    int n = wrap10(&a, "第一行\n第二行", 1000.0, &lines);
    assert_int_equal(n, 2);
    assert_int_equal(lines[0].len, strlen("第一行"));
    assert_memory_equal(lines[0].s, "第一行", lines[0].len);
    assert_memory_equal(lines[1].s, "第二行", lines[1].len);
    assert_true(lines[1].width == 30.0);

    n = wrap10(&a, "a\r\nb", 1000.0, &lines);
    assert_int_equal(n, 2);
    assert_int_equal(lines[0].len, 1);
    assert_int_equal(lines[1].len, 1);
    assert_int_equal(lines[1].s[0], 'b');

    n = wrap10(&a, "a\n\nb", 1000.0, &lines);
    assert_int_equal(n, 3);
    assert_int_equal(lines[1].len, 0);
    assert_true(lines[1].width == 0.0);

    n = wrap10(&a, "a\n", 1000.0, &lines);
    assert_int_equal(n, 1);
    n = wrap10(&a, "\n", 1000.0, &lines);
    assert_int_equal(n, 1);
    assert_int_equal(lines[0].len, 0);

    /* Hard breaks inside wrapped text. */
    const char *s = "郑州高新技术\n产业开发区";
    n = wrap10(&a, s, 25.0, &lines);
    check_wrap_invariants(s, 25.0, lines, n);
    assert_int_equal(n, 6);
    assert_memory_equal(lines[2].s, "技术", lines[2].len);
    assert_memory_equal(lines[3].s, "产业", lines[3].len);
    bp_arena_free(&a);
}

static void test_wrap_empty(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_line *lines = (bp_line *)&a;
    int n = -1;
    assert_int_equal(text_wrap(&a, body(), 10.0, "", 0, 100.0, &lines, &n), BP_OK);
    assert_int_equal(n, 0);
    assert_null(lines);
    assert_true(text_min_width(NULL, body(), 10.0, "", 0) == 0.0);
    bp_arena_free(&a);
}

static void test_wrap_trailing_spaces(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_line *lines;
    /* "abc def": each word 15 pt, the space 2.5 pt (uming space = 250). */
    const char *s = "abc def ghi  ";
    int n = wrap10(&a, s, 16.0, &lines);
    assert_int_equal(n, 3);
    assert_int_equal(lines[0].len, 3);
    assert_memory_equal(lines[0].s, "abc", 3);
    assert_true(lines[0].width == font_measure(body(), 10.0, "abc", 3));
    assert_memory_equal(lines[1].s, "def", 3);
    assert_int_equal(lines[2].len, 3);
    check_wrap_invariants(s, 16.0, lines, n);

    /* Trailing spaces do not make a line too wide to fit. */
    n = wrap10(&a, "abc    ", lines[0].width, &lines);
    assert_int_equal(n, 1);
    assert_int_equal(lines[0].len, 3);

    /* Leading spaces of a paragraph are kept. */
    n = wrap10(&a, "  abc", 1000.0, &lines);
    assert_int_equal(n, 1);
    assert_int_equal(lines[0].len, 5);
    bp_arena_free(&a);
}

static void test_wrap_widths_within_max(void **state)
{
    (void)state;
    const char *texts[] = {
        STACK_EXAMPLE,
        "一般公共预算财政拨款支出决算明细表（按功能分类科目），单位：万元。本表反映部门本年度"
        "一般公共预算财政拨款实际支出情况，包括基本支出和项目支出。2120199其他城乡社区管理事务支出"
        "合计6,828.4万元，完成率≥90%。",
        "Budget 2024: total 6,828.4 (10k CNY), up 3.5% from 2023; see table A-1 (page 12).",
        "  缩进的段落\n第二段　全角空格\n\n第四段",
    };
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        const char *s = texts[t];
        double minw = text_min_width(NULL, body(), 10.0, s, strlen(s));
        assert_true(minw > 0.0);
        for (double w = 0.0; w <= 600.0; w += 3.7) {
            bp_arena a;
            bp_arena_init(&a);
            bp_line *lines;
            int n = wrap10(&a, s, w, &lines);
            assert_true(n >= 1);
            check_wrap_invariants(s, w, lines, n);
            for (int i = 0; i < n; i++) {
                if (w >= minw) assert_true(lines[i].width <= w + BP_TEXT_WIDTH_EPSILON);
                assert_true(lines[i].width <= (w > minw ? w : minw) + BP_TEXT_WIDTH_EPSILON);
            }
            bp_arena_free(&a);
        }
        /* At exactly the minimum width nothing overflows. */
        bp_arena a;
        bp_arena_init(&a);
        bp_line *lines;
        int n = wrap10(&a, s, minw, &lines);
        bool reached = false;
        for (int i = 0; i < n; i++) {
            assert_true(lines[i].width <= minw);
            reached = reached || lines[i].width == minw;
        }
        assert_true(reached);
        bp_arena_free(&a);
    }
}

static void test_min_width(void **state)
{
    (void)state;
    /* Widest pieces: "6,828.4" and "2120199" (7 × 5 pt) and "表），" (3 × 10 pt). */
    assert_true(text_min_width(NULL, body(), 10.0, STACK_EXAMPLE, strlen(STACK_EXAMPLE)) == 35.0);
    assert_true(text_min_width(NULL, body(), 10.0, "一二三", strlen("一二三")) == 10.0);
    assert_true(text_min_width(NULL, body(), 10.0, "（续表）", strlen("（续表）")) == 20.0);
    assert_true(text_min_width(NULL, body(), 10.0, "abc def", 7) == 15.0);
}

/* Line breaking over every text cell of the seed department's CSVs (long
 * 项目名称, 指标值说明 paragraphs, mixed digits and punctuation) at column
 * widths from narrow to wide: the general invariants, 避头尾, and numbers
 * never cut. */
static bool seed_closing(uint32_t c)
{
    return strchr(",.:;!?)]}%", (int)(c < 128 ? c : 1)) != NULL ||
           (c >= 128 && (c == 0xFF0C || c == 0x3002 || c == 0x3001 || c == 0xFF1B || c == 0xFF1A ||
                         c == 0xFF1F || c == 0xFF01 || c == 0xFF09 || c == 0x300D || c == 0x300F ||
                         c == 0x3011 || c == 0x300B || c == 0x201D || c == 0x2019 || c == 0xFF05));
}

static bool seed_opening(uint32_t c)
{
    return c == '(' || c == '[' || c == 0xFF08 || c == 0x300C || c == 0x300E || c == 0x3010 ||
           c == 0x300A || c == 0x201C || c == 0x2018;
}

static bool is_digitlike(uint32_t c)
{
    return (c >= '0' && c <= '9');
}

static void test_wrap_seed_cells(void **state)
{
    (void)state;
    static const char *const files[] = {"01-income-expense.csv",     "02-income.csv",
                                        "03-expenditure.csv",        "04-fiscal-income-expense.csv",
                                        "05-gpb-expenditure.csv",    "06-gpb-basic.csv",
                                        "07-economic.csv",           "08-three-public.csv",
                                        "10-projects.csv",           "11-dept-performance.csv",
                                        "12-project-performance.csv"};
    static const double widths[] = {30, 45, 70, 110, 180, 300};
    int cells = 0, multiline = 0;
    for (size_t fi = 0; fi < sizeof files / sizeof files[0]; fi++) {
        bp_arena a;
        bp_arena_init(&a);
        bp_error e = {0};
        bp_csv *csv;
        char path[512];
        snprintf(path, sizeof path, "%s/data/zzgx-smartcity-2024/%s", BP_TEST_SOURCE_DIR,
                 files[fi]);
        if (data_load_csv(BP_CTX(&a, &e), path, NULL, &csv)) fail_msg("%s", e.msg);
        for (int r = 1; r < csv->nrows; r++)
            for (int c = 0; c < csv->ncols; c++) {
                const char *s = csv->fields[(size_t)r * (size_t)csv->ncols + (size_t)c];
                if (!s[0] || !strcmp(s, "<") || !strcmp(s, "^")) continue;
                cells++;
                for (size_t wi = 0; wi < sizeof widths / sizeof widths[0]; wi++) {
                    bp_line *lines;
                    int n;
                    assert_int_equal(
                        text_wrap(&a, body(), 10.0, s, strlen(s), widths[wi], &lines, &n), BP_OK);
                    check_wrap_invariants(s, widths[wi], lines, n);
                    if (n > 1) multiline++;
                    for (int i = 1; i < n; i++) {
                        uint32_t first, prev_last;
                        if (!lines[i].len || !lines[i - 1].len) continue;
                        bp_utf8_decode(lines[i].s, lines[i].len, &first);
                        prev_last = last_cp(lines[i - 1].s, lines[i - 1].len);
                        bool gap = lines[i].s != lines[i - 1].s + lines[i - 1].len;
                        if (seed_closing(first) && !gap)
                            fail_msg("%s: line starts with U+%04X at width %g: '%s'", files[fi],
                                     first, widths[wi], s);
                        if (seed_opening(prev_last))
                            fail_msg("%s: line ends with U+%04X at width %g: '%s'", files[fi],
                                     prev_last, widths[wi], s);
                        if (is_digitlike(prev_last) && !gap &&
                            (is_digitlike(first) || first == ',' || first == '.'))
                            fail_msg("%s: number cut at width %g: '%.*s' | '%.*s'", files[fi],
                                     widths[wi], (int)lines[i - 1].len, lines[i - 1].s,
                                     (int)lines[i].len, lines[i].s);
                    }
                }
            }
        bp_arena_free(&a);
    }
    assert_true(cells > 200);     /* the seed has ~280 text cells */
    assert_true(multiline > 100); /* and many of them wrap at these widths */
}

/* text_wrap_first(s) is text_wrap(s)'s first line, whatever the text and
 * width, also where its window (256 bytes, doubled) ends inside a piece. */
static void expect_first_line(bp_arena *a, const char *s, size_t len, double width)
{
    bp_line *lines, first;
    int n, k;
    assert_int_equal(text_wrap(a, body(), 10.0, s, len, width, &lines, &n), BP_OK);
    assert_int_equal(text_wrap_first(a, body(), 10.0, s, len, width, &first, &k), BP_OK);
    assert_int_equal(k, n > 0);
    if (!n) return;
    /* where the next line starts, as text_wrap's second line does */
    assert_int_equal(first.next, lines[0].next);
    assert_true(first.next > 0 && first.next <= len);
    if (n > 1) assert_ptr_equal(lines[0].s + lines[0].next, lines[1].s);
    if (first.s != lines[0].s || first.len != lines[0].len || first.width != lines[0].width)
        fail_msg("width %g: first line '%.*s' (%zu bytes), text_wrap's '%.*s' (%zu bytes)", width,
                 (int)(first.len < 80 ? first.len : 80), first.s, first.len,
                 (int)(lines[0].len < 80 ? lines[0].len : 80), lines[0].s, lines[0].len);
}

/* Titles break between words (ICU's dictionary, one-character words kept
 * with the word before) into evened-out lines; a word wider than the line
 * breaks between characters. */
static void test_wrap_title(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    const char *s = "2024年郑州高新技术产业开发区新型智慧城市运行中心部门预算公开";
    bp_line *l;
    int n;
    double width = 442; /* the cover: 20 characters of 22 pt */
    assert_int_equal(text_wrap_title(&a, body(), 22, s, strlen(s), width, &l, &n), BP_OK);
    assert_int_equal(n, 2);
    assert_true(l[0].width <= width && l[1].width <= width);
    assert_true(fabs(l[0].width - l[1].width) <= 22 * 2 + 1e-6); /* even */
    assert_true(l[1].width <= l[0].width);                       /* the last not longer */
    const char *w[] = {"开发区", "新型", "智慧", "城市", "中心"};
    for (int k = 0; k < 5; k++) { /* no line ends inside a word */
        size_t from = (size_t)(strstr(s, w[k]) - s), to = from + strlen(w[k]);
        size_t end = (size_t)(l[0].s + l[0].len - s);
        assert_false(end > from && end < to);
    }
    /* no word fits: broken between characters, still evened out */
    const char *t = "中华人民共和国";
    assert_int_equal(text_wrap_title(&a, body(), 10, t, strlen(t), 45, &l, &n), BP_OK);
    assert_int_equal(n, 2);
    assert_true(l[0].width <= 45 && l[1].width <= 45 && l[0].len + l[1].len == strlen(t));
    bp_arena_free(&a);
}

static void test_wrap_first_is_first_line(void **state)
{
    (void)state;
    static const double widths[] = {0, 25, 80, 160, 442, 900, 5000};
    bp_arena a;
    bp_arena_init(&a);
    /* a text of every kind of piece: Han, punctuation, numbers, Latin
     * words, runs of digits and letters from 1 to 700 long, spaces and
     * line breaks of every kind, at random (a fixed LCG) */
    static const char *const pieces[] = {
        "预算",   "，",         "。", "（一）", "6,828.4", "23.72%", " ", "\n",
        "budget", "“一网统管”", "、", "2024年", "\u3000",  "\r"}; /* a full-width space, a CR */
    char *t = bp_alloc(&a, 40000);
    size_t len = 0;
    uint32_t x = 12345;
    while (len < 30000) {
        x = x * 1103515245u + 12345u;
        uint32_t r = (x >> 8) % 100;
        if (r < 8) { /* a run of digits or letters */
            size_t run = 1 + (x >> 16) % 700;
            memset(t + len, r < 4 ? '7' : 'x', run);
            len += run;
        } else {
            const char *p = pieces[r % (sizeof pieces / sizeof pieces[0])];
            memcpy(t + len, p, strlen(p));
            len += strlen(p);
        }
    }
    for (size_t wi = 0; wi < sizeof widths / sizeof widths[0]; wi++)
        for (size_t off = 0; off < len; off += 97) {
            while (off < len && ((unsigned char)t[off] & 0xC0) == 0x80)
                off++;
            expect_first_line(&a, t + off, len - off, widths[wi]);
        }
    /* the seed's text, from each of its lines wrapped one after another */
    char path[512];
    snprintf(path, sizeof path, "%s/data/zzgx-smartcity-2024/document.md", BP_TEST_SOURCE_DIR);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *doc = bp_alloc(&a, 1 << 16);
    size_t dlen = fread(doc, 1, (1 << 16) - 1, f);
    fclose(f);
    for (size_t wi = 0; wi < sizeof widths / sizeof widths[0]; wi++)
        for (size_t off = 0; off < dlen;) {
            expect_first_line(&a, doc + off, dlen - off, widths[wi]);
            bp_line l;
            int k;
            assert_int_equal(
                text_wrap_first(&a, body(), 10.0, doc + off, dlen - off, widths[wi], &l, &k),
                BP_OK);
            off = (size_t)(l.s + l.next - doc);
        }
    bp_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wrap_seed_cells),
        cmocka_unit_test(test_fonts_default_families),
        cmocka_unit_test(test_fonts_first_installed_wins),
        cmocka_unit_test(test_fonts_family_match_is_case_insensitive),
        cmocka_unit_test(test_fonts_missing_family_is_error),
        cmocka_unit_test(test_fonts_generic_alias_is_not_accepted),
        cmocka_unit_test(test_fonts_extra_dir_and_refusals),
        cmocka_unit_test(test_measure_cjk_and_digits),
        cmocka_unit_test(test_measure_missing_and_invalid),
        cmocka_unit_test(test_measure_matches_freetype),
        cmocka_unit_test(test_ascent_descent),
        cmocka_unit_test(test_wrap_stack_example_breaks_only_where_allowed),
        cmocka_unit_test(test_wrap_fills_greedily),
        cmocka_unit_test(test_wrap_kinsoku),
        cmocka_unit_test(test_wrap_numbers_stay_whole),
        cmocka_unit_test(test_wrap_code_then_text),
        cmocka_unit_test(test_wrap_long_code_is_one_overwide_line),
        cmocka_unit_test(test_wrap_hard_newlines),
        cmocka_unit_test(test_wrap_empty),
        cmocka_unit_test(test_wrap_trailing_spaces),
        cmocka_unit_test(test_wrap_widths_within_max),
        cmocka_unit_test(test_min_width),
        cmocka_unit_test(test_wrap_first_is_first_line),
        cmocka_unit_test(test_wrap_title),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
