/* text.h — fonts and text measurement: resolves font families through
 * fontconfig (plus the project's fonts/ folder), measures text with
 * FreeType, breaks lines by UAX #14 (libunibreak) with Chinese 避头尾 rules.
 * No PDF calls here. */
#ifndef BP_TEXT_H
#define BP_TEXT_H

#include "ctx.h"
#include "role.h"
#include "util.h"

typedef struct bp_font bp_font;

/* Resolved font chains kept between documents: the fonts part of a
 * budgetpdf_context (context.h). It owns its own fontconfig configuration
 * (the system's fonts plus each extra folder opened with it). At most
 * max_chains chains that no document holds are kept, the least recently
 * used dropped first. Thread-safe: documents on several threads open and
 * close fonts through one cache at once. NULL when out of memory. */
typedef struct bp_font_cache bp_font_cache;
bp_font_cache *text_font_cache_new(int max_chains);
/* Frees the cache and every chain; no document may still hold fonts of it. */
void text_font_cache_free(bp_font_cache *c);
/* Chains the cache holds (referenced or not): for tests. */
int text_font_cache_count(bp_font_cache *c);

/* One font per role, shared with every document that opens the same
 * families through the same cache. */
typedef struct bp_fonts {
    bp_font *role[BP_ROLE_COUNT];
    bp_font_cache *cache; /* where they were opened */
} bp_fonts;

/* Resolves each role's families in order (first installed family wins;
 * families[r] is a NULL-terminated list). extra_dir (may be NULL) is added
 * to the cache's fontconfig search path. A family that cannot be found, a
 * file that is not a TrueType font (CFF outlines cannot be embedded by the
 * PDF backend) is an error naming the role and family. The chains are
 * cached (keyed by family list and extra_dir): a later open of the same
 * lists through the same cache (c->fonts) returns the same read-only fonts without
 * fontconfig or FreeType. Thread-safe; text_fonts_close releases the
 * references. */
int text_fonts_open(bp_ctx *c, const char *const *families[BP_ROLE_COUNT], const char *extra_dir,
                    bp_fonts *out);
void text_fonts_close(bp_fonts *fonts);

const char *font_path(const bp_font *f);
int font_face_index(const bp_font *f);
const char *font_family(const bp_font *f);
/* Each role's font carries its fallback chain: the role's other families
 * that resolved, in order. A character the first font lacks is measured
 * and drawn with the first font of the chain that has it. */
#define BP_MAX_FACES 8
/* The chain's i-th font (0 = f itself), or NULL past its end. */
const bp_font *font_chain(const bp_font *f, int i);
/* Index in f's chain of the font that draws cp, or -1 if none has it. */
int font_face_of(const bp_font *f, uint32_t cp);
/* The one coverage rule of the project: true when the annex can draw cp
 * with f's chain, that is when some font of the chain maps it to a glyph,
 * or when it needs none (a control character, U+3000 or U+00A0, which are
 * drawn as blank space). U+0020 needs a glyph like any other character. */
bool font_covers(const bp_font *f, uint32_t cp);

/* Width in points of UTF-8 text at size, computed exactly as the PDF
 * backend will (per glyph: floor(advance * 1000 / units_per_em)). */
double font_measure(const bp_font *f, double size, const char *s, size_t len);
/* Advance of cp in thousandths of an em, as libharu computes it
 * (floor(advance * 1000 / units_per_em)); the .notdef advance when the font
 * lacks cp. */
int font_advance(const bp_font *f, uint32_t cp);
/* Sum of font_advance over the code points of s (invalid bytes count 0):
 * font_measure == font_measure_units * size / 1000. */
long font_measure_units(const bp_font *f, const char *s, size_t len);
/* Ascent (positive) and descent (negative) in points at size, from the
 * font's own metrics (hhea / OS/2). */
double font_ascent(const bp_font *f, double size);
double font_descent(const bp_font *f, double size);

/* text_wrap treats a line as fitting when width <= max_width +
 * BP_TEXT_WIDTH_EPSILON (points), so that rounding in the caller's column
 * arithmetic never pushes a character to the next line. Compare with the
 * same tolerance when checking text_wrap's output. */
#define BP_TEXT_WIDTH_EPSILON 1e-6

/* A line of wrapped text: a slice of the input, and how far from s the
 * next line starts (past the spaces and the newline that end this one;
 * text_wrap and text_wrap_first set it, other line makers may leave 0). */
typedef struct bp_line {
    const char *s;
    size_t len;
    double width;
    size_t next;
} bp_line;

/* Breaks UTF-8 text into lines no wider than max_width (points) at
 * positions UAX #14 allows, with the Chinese rules of 避头尾 (no line starts
 * with closing punctuation such as ，。、；：？！）」” and no line ends with
 * an opening bracket or quote); numbers such as 6,828.4 and codes such as
 * 2120199 stay whole. Hard newlines ("\n") force breaks. A single unbreakable
 * piece wider than max_width is returned on a line of its own (its width
 * then exceeds max_width: the caller decides). Trailing spaces are not
 * counted in a line's width. Lines are allocated in arena a. */
int text_wrap(bp_arena *a, const bp_font *f, double size, const char *s, size_t len,
              double max_width, bp_line **lines, int *nlines);

/* A title, a heading or a contents entry broken into lines between words
 * and evened out (GB/T 9704: 词意完整，排列对称): it breaks only at ICU's
 * dictionary word boundaries (zh) where text_wrap may break, and inside a
 * word wider than max_width where text_wrap may; in the fewest lines
 * those places allow, the widest as narrow as it can be, the lines as
 * even as they can be and the last no longer than needed. A text with a
 * hard newline, or very long, is wrapped by text_wrap. */
int text_wrap_title(bp_arena *a, const bp_font *f, double size, const char *s, size_t len,
                    double max_width, bp_line **lines, int *nlines);

/* The first line text_wrap(s, len, max_width) gives (*nlines 0 for an
 * empty text, else 1), found by reading no more of s than that line, its
 * next piece and a few characters more (a window of s, doubled until it
 * decides the line): a long text wrapped line by line, each line at its
 * own width (the first line of what is left), costs time linear in its
 * length. */
int text_wrap_first(bp_arena *a, const bp_font *f, double size, const char *s, size_t len,
                    double max_width, bp_line *line, int *nlines);

/* The places inside s where text_wrap may break a line: byte offsets
 * (0 < off < len, increasing) after which a break is allowed. A justified
 * line spreads its slack over them (layout_prose.c). *offs is allocated
 * in a. */
int text_break_offsets(bp_arena *a, const bp_font *f, const char *s, size_t len, size_t **offs,
                       int *n);

/* Width of the widest unbreakable piece of s (what the column must hold
 * to avoid overflow). */
double text_min_width(bp_arena *a, const bp_font *f, double size, const char *s, size_t len);

#endif
