/* text_font.c — font resolution and metrics: finds each role's family with
 * fontconfig, checks the file with FreeType (TrueType outlines, embedding
 * allowed), and keeps per-code-point advances computed exactly as libharu
 * does (looked up in the face once per code point, then kept).
 * Resolved chains are cached in a bp_font_cache (one per budgetpdf_context,
 * see text_fonts_open): fonts are opened, parsed and indexed once per
 * context, however many documents. */
#include "text.h"

#include "fonts_dir.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_MODULE_H
#include FT_ADVANCES_H
#include FT_TRUETYPE_TABLES_H
#include FT_TRUETYPE_TAGS_H

#include <errno.h>
#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define BP_BMP_SIZE 0x10000

struct bp_font {
    char *family; /* the family name as fontconfig spells it */
    char *path;
    int index;
    int upem;
    int ascender, descender; /* font units; descender negative */
    int32_t notdef_w;        /* thousandths of an em */
    /* What each BMP code point maps to, filled as code points are first
     * measured (a document uses a few hundred of a CJK face's 30,000):
     * 0 not looked up yet, 1 not mapped, else the width (thousandths of
     * an em) + 2. Read without the lock, written under it. */
    _Atomic int32_t *bmp;
    pthread_mutex_t lock; /* guards face */
    FT_Library lib;
    FT_Face face;
    /* the library's allocator: FreeType reports a face it could not load
     * for lack of memory as an unknown format, so failures are noted here */
    struct FT_MemoryRec_ ft_memory;
    bool ft_alloc_failed;
    /* the font file, mapped by us (FreeType's own mapping failing for lack
     * of address space reads as an unknown format) */
    void *map;
    size_t map_len;
    bp_font *next; /* fallback chain */
};

static const char *const default_body[] = {"AR PL UMing CN", NULL};
static const char *const default_title[] = {"WenQuanYi Zen Hei", NULL};

/* A heap copy of s, or NULL when out of memory. */
static char *copy_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p) memcpy(p, s, n);
    return p;
}

/* Resolving and loading a family may run out of memory (or of file
 * descriptors): that is the run's resource, not the family's fault. */
typedef struct font_why {
    char text[700];
    bool resource;
} font_why;

/* Family names compare like fontconfig does: ignoring ASCII case and blanks. */
static bool family_equal(const char *a, const char *b)
{
    for (;;) {
        while (*a == ' ')
            a++;
        while (*b == ' ')
            b++;
        unsigned char ca = (unsigned char)*a, cb = (unsigned char)*b;
        if (ca >= 'A' && ca <= 'Z') ca = (unsigned char)(ca - 'A' + 'a');
        if (cb >= 'A' && cb <= 'Z') cb = (unsigned char)(cb - 'A' + 'a');
        if (ca != cb) return false;
        if (!ca) return true;
        a++;
        b++;
    }
}

/* The cache of a context (struct bp_font_cache, below) owns its own
 * fontconfig configuration: a folder added for one context is not seen by
 * another, and nothing of fontconfig's process-wide current configuration
 * is changed. Its lock serialises every use of that configuration. */
#define BP_FC_DIRS 8

typedef struct chain_entry chain_entry;

struct bp_font_cache {
    pthread_mutex_t lock; /* guards everything below */
    FcConfig *fc;         /* made at the first open that needs fontconfig */
    char *dirs[BP_FC_DIRS];
    int ndirs;
    /* The family names of every font fc knows, built once (and again
     * after a folder is added): a family not among them needs no
     * FcFontMatch, which costs about 0.4 ms, to be found missing. */
    FcStrSet *families;
    chain_entry *chains;
    unsigned long clock; /* the cache clock: one tick per open */
    int max;             /* chains kept that no document holds */
};

static int fc_add_dir_locked(bp_font_cache *c, const char *dir, bp_error *e)
{
    if (!dir || !*dir || !bp_dir_exists(dir)) return BP_OK;
    for (int i = 0; i < c->ndirs; i++)
        if (strcmp(c->dirs[i], dir) == 0) return BP_OK;
    /* never lets fontconfig meet a FIFO (fonts_dir.h) */
    BP_TRY(fonts_dir_add(c->fc, dir, e));
    if (c->families) { /* built again with the folder's fonts */
        FcStrSetDestroy(c->families);
        c->families = NULL;
    }
    if (c->ndirs < BP_FC_DIRS && (c->dirs[c->ndirs] = copy_str(dir))) c->ndirs++;
    return BP_OK;
}

static void fc_families_add(FcStrSet *families, FcFontSet *set)
{
    for (int i = 0; set && i < set->nfont; i++) {
        FcChar8 *fam;
        for (int k = 0; FcPatternGetString(set->fonts[i], FC_FAMILY, k, &fam) == FcResultMatch; k++)
            FcStrSetAdd(families, fam);
    }
}

/* False only when no font has this family (compared as family_equal
 * does); the caller then needs no lookup. */
static bool fc_family_known_locked(bp_font_cache *c, const char *family)
{
    if (!c->families) {
        c->families = FcStrSetCreate();
        if (!c->families) return true;
        fc_families_add(c->families, FcConfigGetFonts(c->fc, FcSetSystem));
        fc_families_add(c->families, FcConfigGetFonts(c->fc, FcSetApplication));
    }
    FcStrList *it = FcStrListCreate(c->families);
    if (!it) return true;
    bool found = false;
    for (FcChar8 *f; !found && (f = FcStrListNext(it));)
        found = family_equal((const char *)f, family);
    FcStrListDone(it);
    return found;
}

/* Looks family up. On success sets *path, *index, *matched (heap strings)
 * and returns true; otherwise writes the reason to why. */
static bool fc_resolve_locked(FcConfig *fc, const char *family, char **path, int *index,
                              char **matched, font_why *w)
{
    char *why = w->text;
    size_t whylen = sizeof w->text;
    FcPattern *pat = FcPatternCreate();
    if (!pat) {
        snprintf(why, whylen, "font '%s' could not be looked up (out of memory)", family);
        w->resource = true;
        return false;
    }
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
    FcConfigSubstitute(fc, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res = FcResultNoMatch;
    FcPattern *m = FcFontMatch(fc, pat, &res);
    FcPatternDestroy(pat);
    if (!m && res == FcResultOutOfMemory) {
        snprintf(why, whylen, "font '%s' could not be looked up (out of memory)", family);
        w->resource = true;
        return false;
    }
    if (!m) {
        snprintf(why, whylen, "font '%s' is not installed", family);
        return false;
    }
    FcChar8 *fam = NULL, *found = NULL, *file = NULL;
    for (int i = 0; FcPatternGetString(m, FC_FAMILY, i, &fam) == FcResultMatch; i++) {
        if (family_equal((const char *)fam, family)) {
            found = fam;
            break;
        }
    }
    if (!found) {
        FcChar8 *sub = NULL;
        if (FcPatternGetString(m, FC_FAMILY, 0, &sub) == FcResultMatch)
            snprintf(why, whylen, "font '%s' is not installed (fontconfig would substitute '%s')",
                     family, (const char *)sub);
        else
            snprintf(why, whylen, "font '%s' is not installed", family);
        FcPatternDestroy(m);
        return false;
    }
    if (FcPatternGetString(m, FC_FILE, 0, &file) != FcResultMatch) {
        snprintf(why, whylen, "font '%s' has no file", family);
        FcPatternDestroy(m);
        return false;
    }
    int idx = 0;
    if (FcPatternGetInteger(m, FC_INDEX, 0, &idx) != FcResultMatch) idx = 0;
    *path = copy_str((const char *)file);
    *index = idx & 0xFFFF; /* upper bits name a variable-font instance */
    *matched = copy_str((const char *)found);
    FcPatternDestroy(m);
    if (!*path || !*matched) {
        snprintf(why, whylen, "font '%s' could not be looked up (out of memory)", family);
        w->resource = true;
        return false; /* the caller frees what was copied */
    }
    return true;
}

static bool sfnt_has_table(FT_Face face, FT_ULong tag)
{
    FT_ULong len = 0;
    return FT_Load_Sfnt_Table(face, tag, 0, NULL, &len) == 0 && len > 0;
}

/* libharu: (HPDF_INT16)(HPDF_UINT16)(advance * 1000 / units_per_em). */
static int32_t thousandths(FT_Fixed adv, int upem)
{
    return (int32_t)(int16_t)(uint16_t)((uint32_t)adv * 1000u / (uint32_t)upem);
}

static void *ft_alloc(FT_Memory m, long size)
{
    void *p = malloc((size_t)size);
    if (!p) ((bp_font *)m->user)->ft_alloc_failed = true;
    return p;
}

static void *ft_realloc(FT_Memory m, long cur, long size, void *block)
{
    (void)cur;
    void *p = realloc(block, (size_t)size);
    if (!p) ((bp_font *)m->user)->ft_alloc_failed = true;
    return p;
}

static void ft_free(FT_Memory m, void *block)
{
    (void)m;
    free(block);
}

/* A FreeType library of f's own, allocating through f->ft_memory. */
static FT_Error ft_library_new(bp_font *f, FT_Library *lib)
{
    f->ft_memory.user = f;
    f->ft_memory.alloc = ft_alloc;
    f->ft_memory.realloc = ft_realloc;
    f->ft_memory.free = ft_free;
    FT_Error fe = FT_New_Library(&f->ft_memory, lib);
    if (fe) return fe;
    FT_Add_Default_Modules(*lib);
    FT_Set_Default_Properties(*lib);
    return 0;
}

/* Maps f's file for FreeType: 0, or the errno of a failure that is not
 * the file's to blame on FreeType (it cannot be opened, or there is no
 * room to map it). A file system that cannot map leaves f->map NULL:
 * FreeType then reads the file itself. */
static int map_file(bp_font *f)
{
    int fd = open(f->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) {
        close(fd);
        return 0; /* FreeType says what is wrong with it */
    }
    void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    int err = map == MAP_FAILED ? errno : 0;
    close(fd);
    if (map == MAP_FAILED) return err == ENOMEM ? err : 0;
    f->map = map;
    f->map_len = (size_t)st.st_size;
    return 0;
}

/* Phase 1 of load_face: map f's file and open its face with FreeType. */
static bool open_face(bp_font *f, FT_Library lib, FT_Face *facep, font_why *w)
{
    char *why = w->text;
    size_t whylen = sizeof w->text;
    int err = map_file(f);
    if (err) {
        w->resource = bp_errno_status(err, BP_EINPUT) == BP_ERESOURCE;
        snprintf(why, whylen, "font '%s' (%s): cannot read the file: %s", f->family, f->path,
                 strerror(err));
        return false;
    }
    errno = 0;
    FT_Error fe = f->map ? FT_New_Memory_Face(lib, f->map, (FT_Long)f->map_len, f->index, facep)
                         : FT_New_Face(lib, f->path, f->index, facep);
    if (fe) {
        err = errno;
        if (f->ft_alloc_failed) fe = FT_Err_Out_Of_Memory;
        w->resource =
            fe == FT_Err_Out_Of_Memory ||
            (fe == FT_Err_Cannot_Open_Resource && bp_errno_status(err, BP_EINPUT) == BP_ERESOURCE);
        snprintf(why, whylen, "font '%s' (%s, face %d) could not be opened by FreeType%s%s",
                 f->family, f->path, f->index, w->resource ? ": " : "",
                 w->resource ? (fe == FT_Err_Out_Of_Memory ? "out of memory" : strerror(err)) : "");
        return false;
    }
    return true;
}

/* Phase 2 of load_face: refuse a face the PDF backend cannot embed (not
 * TrueType outlines, a restricted license, no Unicode character map). */
static bool embeddable(const bp_font *f, FT_Face face, font_why *w)
{
    char *why = w->text;
    size_t whylen = sizeof w->text;
    if (!FT_IS_SFNT(face) || face->units_per_EM == 0) {
        snprintf(why, whylen,
                 "font '%s' (%s) is not a TrueType/OpenType font; use a TrueType font such as "
                 "AR PL UMing CN",
                 f->family, f->path);
        return false;
    }
    if (sfnt_has_table(face, TTAG_CFF) || sfnt_has_table(face, TTAG_CFF2)) {
        snprintf(why, whylen,
                 "font '%s' (%s) has CFF (PostScript) outlines, which the PDF backend cannot "
                 "embed; use a TrueType font such as AR PL UMing CN",
                 f->family, f->path);
        return false;
    }
    if (!sfnt_has_table(face, TTAG_glyf) || !sfnt_has_table(face, TTAG_loca)) {
        snprintf(why, whylen,
                 "font '%s' (%s) has no TrueType outlines (glyf table), which the PDF backend "
                 "needs; use a TrueType font such as AR PL UMing CN",
                 f->family, f->path);
        return false;
    }
    TT_OS2 *os2 = FT_Get_Sfnt_Table(face, FT_SFNT_OS2);
    if (os2 && os2->version != 0xFFFFu && (os2->fsType & 0x0002) && !(os2->fsType & 0x000C)) {
        snprintf(why, whylen,
                 "font '%s' (%s) has a restricted license (OS/2 fsType %#x) that forbids "
                 "embedding it in a PDF",
                 f->family, f->path, (unsigned)os2->fsType);
        return false;
    }
    if (!face->charmap || face->charmap->encoding != FT_ENCODING_UNICODE) {
        snprintf(why, whylen, "font '%s' (%s) has no Unicode character map", f->family, f->path);
        return false;
    }
    return true;
}

/* Phase 3 of load_face: f's metrics (em, ascender, descender, .notdef
 * width) and its zeroed table of widths. */
static bool read_metrics(bp_font *f, FT_Face face, font_why *w)
{
    char *why = w->text;
    size_t whylen = sizeof w->text;
    f->upem = face->units_per_EM;
    TT_OS2 *os2 = FT_Get_Sfnt_Table(face, FT_SFNT_OS2);
    TT_HoriHeader *hhea = FT_Get_Sfnt_Table(face, FT_SFNT_HHEA);
    if (os2 && os2->version != 0xFFFFu && (os2->fsSelection & 0x0080)) {
        f->ascender = os2->sTypoAscender;
        f->descender = os2->sTypoDescender;
    } else if (hhea && (hhea->Ascender || hhea->Descender)) {
        f->ascender = hhea->Ascender;
        f->descender = hhea->Descender;
    } else {
        f->ascender = face->ascender;
        f->descender = face->descender;
    }
    if (f->descender > 0) f->descender = -f->descender;

    FT_Fixed adv0 = 0;
    if (face->num_glyphs <= 0 || FT_Get_Advance(face, 0, FT_LOAD_NO_SCALE, &adv0)) {
        snprintf(why, whylen, "font '%s' (%s): glyph advances could not be read", f->family,
                 f->path);
        return false;
    }
    f->notdef_w = thousandths(adv0, f->upem);
    /* zeroed pages: only those of the code points looked up are touched */
    f->bmp = calloc(BP_BMP_SIZE, sizeof *f->bmp);
    if (!f->bmp) {
        snprintf(why, whylen, "font '%s': out of memory", f->family);
        w->resource = true;
        return false;
    }
    return true;
}

/* Opens the file with FreeType, checks it can be embedded, and fills f's
 * metric tables. Returns false with the reason in why. */
static bool load_face(bp_font *f, font_why *w)
{
    FT_Library lib = NULL;
    FT_Face face = NULL;

    FT_Error fe = ft_library_new(f, &lib);
    if (fe) {
        snprintf(w->text, sizeof w->text, "FreeType could not be initialised%s",
                 fe == FT_Err_Out_Of_Memory ? " (out of memory)" : "");
        w->resource = fe == FT_Err_Out_Of_Memory;
        return false;
    }
    if (!open_face(f, lib, &face, w) || !embeddable(f, face, w) || !read_metrics(f, face, w))
        goto out;
    pthread_mutex_init(&f->lock, NULL);
    f->lib = lib;
    f->face = face;
    return true;

out:
    if (face) FT_Done_Face(face);
    FT_Done_Library(lib);
    if (f->map) munmap(f->map, f->map_len);
    f->map = NULL;
    return false;
}

/* The width of cp in f (thousandths of an em), -1 when f does not map it:
 * from the table, else from the face (then kept in the table). */
static int32_t lookup(const bp_font *f, uint32_t cp)
{
    if (cp < BP_BMP_SIZE) {
        int32_t v = atomic_load_explicit(&f->bmp[cp], memory_order_relaxed);
        if (v) return v - 2;
    }
    if (cp > 0x10FFFF) return -1;
    bp_font *m = (bp_font *)f; /* the cache and the face's lock; never a const object */
    pthread_mutex_lock(&m->lock);
    int32_t w = -1;
    FT_UInt gid = FT_Get_Char_Index(m->face, cp);
    FT_Fixed adv = 0;
    if (gid != 0 && (FT_Long)gid < m->face->num_glyphs) {
        w = FT_Get_Advance(m->face, gid, FT_LOAD_NO_SCALE, &adv) ? 0 : thousandths(adv, f->upem);
        if (w < 0) w = 0; /* absurd advance; keep -1 meaning "not mapped" */
    }
    if (cp < BP_BMP_SIZE) atomic_store_explicit(&m->bmp[cp], w + 2, memory_order_relaxed);
    pthread_mutex_unlock(&m->lock);
    return w;
}

static void font_free(bp_font *f)
{
    if (!f) return;
    font_free(f->next);
    free(f->family);
    free(f->path);
    if (f->bmp) { /* a loaded face */
        free((void *)f->bmp);
        pthread_mutex_destroy(&f->lock);
        FT_Done_Face(f->face);
        FT_Done_Library(f->lib);
        if (f->map) munmap(f->map, f->map_len);
    }
    free(f);
}

/* Appends "; " + s to the error list in buf. */
static void append_reason(char *buf, size_t cap, const char *s)
{
    size_t n = strlen(buf);
    if (n + 1 >= cap) return;
    snprintf(buf + n, cap - n, "%s%s", n ? "; " : "", s);
}

/* ---- the cache of role chains (one per budgetpdf_context) ---------------
 *
 * Opening a chain resolves each family with fontconfig and reads every
 * advance of each face with FreeType (about 30 ms for the standard set).
 * A context that renders many documents (budgetpdf batch, or a program
 * linking the library) does it once: each chain is kept, keyed by its
 * family list and the extra font folder, and handed out by reference; a
 * chain is read-only once built, so documents on several threads measure
 * with it at once. text_fonts_close releases the references; chains no
 * document holds stay cached (at most c->max of them, the least recently
 * used going first), so the next document finds them. */

struct chain_entry {
    char *key; /* chain_key: the extra folder and the family list */
    bp_font *chain;
    int refs;
    unsigned long used; /* the cache clock at the last open */
    struct chain_entry *next;
};

bp_font_cache *text_font_cache_new(int max_chains)
{
    bp_font_cache *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    if (pthread_mutex_init(&c->lock, NULL) != 0) {
        free(c);
        return NULL;
    }
    c->max = max_chains > 0 ? max_chains : 1;
    return c;
}

static void chain_entry_free(chain_entry *c)
{
    font_free(c->chain);
    free(c->key);
    free(c);
}

void text_font_cache_free(bp_font_cache *c)
{
    if (!c) return;
    while (c->chains) {
        chain_entry *e = c->chains;
        c->chains = e->next;
        chain_entry_free(e);
    }
    if (c->families) FcStrSetDestroy(c->families);
    if (c->fc) FcConfigDestroy(c->fc);
    for (int i = 0; i < c->ndirs; i++)
        free(c->dirs[i]);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

int text_font_cache_count(bp_font_cache *c)
{
    pthread_mutex_lock(&c->lock);
    int n = 0;
    for (chain_entry *e = c->chains; e; e = e->next)
        n++;
    pthread_mutex_unlock(&c->lock);
    return n;
}

/* "<len>:<extra_dir>" then "<len>:<family>" for each family: no two
 * different lists share a key, whatever bytes the names hold. NULL when
 * out of memory. */
static char *chain_key(const char *const *list, const char *extra_dir)
{
    const char *dir = extra_dir ? extra_dir : "";
    size_t n = strlen(dir) + 24;
    for (int i = 0; list[i]; i++)
        n += strlen(list[i]) + 24;
    char *k = malloc(n), *p = k;
    if (!k) return NULL;
    p += sprintf(p, "%zu:%s", strlen(dir), dir);
    for (int i = 0; list[i]; i++)
        p += sprintf(p, "%zu:%s", strlen(list[i]), list[i]);
    return k;
}

static chain_entry *chain_find_locked(bp_font_cache *cache, const char *key)
{
    for (chain_entry *c = cache->chains; c; c = c->next)
        if (strcmp(c->key, key) == 0) return c;
    return NULL;
}

/* Drops unreferenced chains, least recently used first, until at most
 * keep remain. */
static void chain_evict_locked(bp_font_cache *cache, int keep)
{
    for (;;) {
        int n = 0;
        chain_entry **victim = NULL;
        for (chain_entry **p = &cache->chains; *p; p = &(*p)->next) {
            n++;
            if (!(*p)->refs && (!victim || (*p)->used < (*victim)->used)) victim = p;
        }
        if (n <= keep || !victim) return;
        chain_entry *c = *victim;
        *victim = c->next;
        chain_entry_free(c);
    }
}

static void chain_release_locked(bp_font_cache *cache, const bp_font *f)
{
    for (chain_entry *c = cache->chains; c; c = c->next)
        if (c->chain == f) {
            if (c->refs > 0) c->refs--;
            return;
        }
}

/* Resolves list into a new chain; NULL (with the reasons) when no family
 * of the list is usable. */
static bp_font *chain_build_locked(bp_font_cache *cache, const char *const *list, char *tried,
                                   size_t triedlen, char *reasons, size_t reasonslen, bool quick,
                                   bool *resource)
{
    bp_font *head = NULL, **tail = &head;
    int nchain = 0;
    /* every family that resolves joins the role's chain: the first is
     * the role's font, the others its fallbacks, in order */
    for (int i = 0; list[i] && nchain < BP_MAX_FACES; i++) {
        font_why why = {"", false};
        bp_font *f = calloc(1, sizeof *f);
        if (!f) {
            *resource = true;
            append_reason(reasons, reasonslen, "out of memory");
            font_free(head);
            return NULL;
        }
        size_t tn = strlen(tried);
        snprintf(tried + tn, triedlen - tn, "%s'%s'", tn ? ", " : "", list[i]);
        if (quick && !fc_family_known_locked(cache, list[i])) { /* reasons only matter on failure */
            font_free(f);
            continue;
        }
        if (fc_resolve_locked(cache->fc, list[i], &f->path, &f->index, &f->family, &why) &&
            load_face(f, &why)) {
            bool dup = false;
            for (bp_font *g = head; g; g = g->next)
                dup |= g->index == f->index && strcmp(g->path, f->path) == 0;
            if (dup) {
                font_free(f);
                continue;
            }
            *tail = f;
            tail = &f->next;
            nchain++;
        } else {
            append_reason(reasons, reasonslen, why.text);
            font_free(f);
            if (why.resource) { /* the next family would not fare better */
                *resource = true;
                font_free(head);
                return NULL;
            }
        }
    }
    return head;
}

/* The cache's fontconfig configuration, made (with the fonts of the
 * system and extra_dir) at the first open that needs one. */
static int fc_ready_locked(bp_font_cache *cache, const char *extra_dir, bp_error *e)
{
    if (!cache->fc && !(cache->fc = FcInitLoadConfigAndFonts()))
        return bp_fail(e, BP_EINPUT, "fontconfig could not be initialised");
    return fc_add_dir_locked(cache, extra_dir, e);
}

/* The chain of list (a new reference), from the cache or built. */
static int chain_open_locked(bp_font_cache *cache, bp_role r, const char *const *list,
                             const char *extra_dir, bp_font **out, bp_error *e)
{
    char *key = chain_key(list, extra_dir);
    if (!key) return bp_fail(e, BP_ERESOURCE, "out of memory opening the fonts");
    chain_entry *c = chain_find_locked(cache, key);
    if (!c) {
        int rc = fc_ready_locked(cache, extra_dir, e);
        if (rc) {
            free(key);
            return rc;
        }
        char reasons[1800] = "";
        char tried[600] = "";
        bool resource = false;
        bp_font *chain = chain_build_locked(cache, list, tried, sizeof tried, reasons,
                                            sizeof reasons, true, &resource);
        if (!chain && !resource) { /* again, looking every family up, for the reasons */
            tried[0] = reasons[0] = 0;
            chain = chain_build_locked(cache, list, tried, sizeof tried, reasons, sizeof reasons,
                                       false, &resource);
        }
        if (chain) {
            chain_evict_locked(cache, cache->max - 1);
            if (!(c = calloc(1, sizeof *c))) {
                font_free(chain);
                chain = NULL;
                resource = true;
                snprintf(reasons, sizeof reasons, "out of memory");
            }
        }
        if (!chain) {
            free(key);
            if (resource)
                return bp_fail(e, BP_ERESOURCE, "cannot open the fonts of role '%s': %s",
                               role_name(r), reasons);
            return bp_fail(e, BP_EINPUT, "no usable font for role '%s' (tried: %s): %s",
                           role_name(r), tried, reasons);
        }
        c->key = key;
        c->chain = chain;
        c->next = cache->chains;
        cache->chains = c;
    } else {
        free(key);
    }
    c->refs++;
    c->used = ++cache->clock;
    *out = c->chain;
    return BP_OK;
}

int text_fonts_open(bp_ctx *c, const char *const *families[BP_ROLE_COUNT], const char *extra_dir,
                    bp_fonts *out)
{
    bp_font_cache *cache = c->fonts;
    bp_error *e = c->e;
    memset(out, 0, sizeof *out);
    out->cache = cache;
    pthread_mutex_lock(&cache->lock);
    const char *const *lists[BP_ROLE_COUNT];
    int rc = BP_OK;
    for (int r = 0; r < BP_ROLE_COUNT && !rc; r++) {
        const char *const *list = families ? families[r] : NULL;
        /* number, note, text and kai default to the body's families */
        if ((!list || !list[0]) && r != BP_ROLE_BODY && r != BP_ROLE_TITLE)
            list = lists[BP_ROLE_BODY];
        if (!list || !list[0]) list = r == BP_ROLE_TITLE ? default_title : default_body;
        lists[r] = list;
        /* a role with the same families as an earlier one shares its fonts
         * (the same cache entry: one reference per role) */
        rc = chain_open_locked(cache, (bp_role)r, list, extra_dir, &out->role[r], e);
    }
    pthread_mutex_unlock(&cache->lock);
    if (rc) text_fonts_close(out);
    return rc;
}

void text_fonts_close(bp_fonts *fonts)
{
    if (!fonts || !fonts->cache) return;
    pthread_mutex_lock(&fonts->cache->lock);
    for (int r = 0; r < BP_ROLE_COUNT; r++)
        if (fonts->role[r]) chain_release_locked(fonts->cache, fonts->role[r]);
    pthread_mutex_unlock(&fonts->cache->lock);
    for (int r = 0; r < BP_ROLE_COUNT; r++)
        fonts->role[r] = NULL;
}

const char *font_path(const bp_font *f)
{
    return f->path;
}

int font_face_index(const bp_font *f)
{
    return f->index;
}

const char *font_family(const bp_font *f)
{
    return f->family;
}

static bool own_char(const bp_font *f, uint32_t cp)
{
    return lookup(f, cp) >= 0;
}

const bp_font *font_chain(const bp_font *f, int i)
{
    while (f && i-- > 0)
        f = f->next;
    return f;
}

int font_face_of(const bp_font *f, uint32_t cp)
{
    for (int i = 0; f; f = f->next, i++)
        if (own_char(f, cp)) return i;
    return -1;
}

bool font_covers(const bp_font *f, uint32_t cp)
{
    if (cp < 0x20 || cp == 0x3000 || cp == 0xA0) return true; /* drawn as nothing or space */
    return font_face_of(f, cp) >= 0;
}

int font_advance(const bp_font *f, uint32_t cp)
{
    for (const bp_font *g = f; g; g = g->next) {
        int32_t w = lookup(g, cp);
        if (w >= 0) return w;
    }
    return f->notdef_w;
}

long font_measure_units(const bp_font *f, const char *s, size_t len)
{
    long sum = 0;
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            int32_t w = atomic_load_explicit(&f->bmp[c], memory_order_relaxed) - 2;
            sum += w >= 0 ? w : font_advance(f, c);
            i++;
            continue;
        }
        uint32_t cp;
        int n = bp_utf8_decode(s + i, len - i, &cp);
        if (n <= 0) {
            i++; /* invalid byte: skipped */
            continue;
        }
        sum += font_advance(f, cp);
        i += (size_t)n;
    }
    return sum;
}

double font_measure(const bp_font *f, double size, const char *s, size_t len)
{
    return (double)font_measure_units(f, s, len) * size / 1000.0;
}

double font_ascent(const bp_font *f, double size)
{
    return (double)f->ascender * size / (double)f->upem;
}

double font_descent(const bp_font *f, double size)
{
    return (double)f->descender * size / (double)f->upem;
}
