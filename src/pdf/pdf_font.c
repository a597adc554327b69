/* pdf_font.c — fonts for the PDF backend: subsets a TrueType face with
 * hb-subset to the code points a document uses, loads the subset into
 * libharu from memory (libharu 2.3.0 only loads fonts from files, so this
 * uses its internal TTFontDef API), and replaces libharu's broken ToUnicode
 * CMap with a correct one.
 *
 * Between documents of one budgetpdf_context (budgetpdf batch) the hb-subset
 * input face of each font file is cached (pdf_face_cache): the file is mapped and its
 * tables parsed once, and later subsets of the face reuse HarfBuzz's lazily
 * built accelerators (cmap, glyf), which takes subsetting a CJK face from
 * about 10 ms to 2 ms. HarfBuzz faces are immutable and thread-safe once
 * made, so concurrent documents subset the same cached face. */
#include "pdf_font.h"

#include <hb-subset.h>
#include <hb.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pdf_font_tag(const char *path, int index, const pdf_cpset *cps, int slot, char out[7])
{
    bp_hash hs;
    bp_hash_init(&hs);
    bp_hash_put(&hs, path, strlen(path) + 1);
    uint32_t k[2] = {(uint32_t)index, 0};
    bp_hash_put(&hs, k, 4);
    for (size_t i = 0; i < sizeof cps->bits / sizeof cps->bits[0]; i++)
        if (cps->bits[i]) { /* (word index, bits) as this machine stores them */
            k[0] = (uint32_t)i;
            k[1] = cps->bits[i];
            bp_hash_put(&hs, k, sizeof k);
        }
    uint64_t h = bp_hash_final64(&hs);
    for (int i = 0; i < 5; i++) {
        out[i] = (char)('A' + h % 26);
        h /= 26;
    }
    out[5] = (char)('A' + slot % 26);
    out[6] = 0;
}

/* Tables libharu 2.3.0 never reads or writes into the embedded font. */
static const char *const drop_tables[] = {
    "GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "VORG", "vhea", "vmtx", "EBDT",
    "EBLC", "EBSC", "CBDT", "CBLC", "sbix", "SVG ", "COLR", "CPAL", "bdat", "bloc",
    "BDF ", "gasp", "hdmx", "LTSH", "VDMX", "kern", "morx", "mort", "feat", "DSIG",
    "meta", "PCLT", "STAT", "fvar", "gvar", "avar", "cvar", "HVAR", "VVAR", "MVAR",
};

/* ---- the hb-subset input face, cached per file and face index ---------- */

typedef struct face_entry {
    char *path;
    int index;
    hb_face_t *face; /* NULL until loaded; on failure rc and why say why */
    int rc;
    char why[512];
    unsigned long used; /* for eviction: the cache clock at the last use */
    struct face_entry *next;
} face_entry;

struct pdf_face_cache {
    pthread_mutex_t lock; /* guards everything below */
    face_entry *faces;
    unsigned long clock;
    int n, max;
};

pdf_face_cache *pdf_face_cache_new(int max_faces)
{
    pdf_face_cache *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    if (pthread_mutex_init(&c->lock, NULL) != 0) {
        free(c);
        return NULL;
    }
    c->max = max_faces > 0 ? max_faces : 1;
    return c;
}

static void face_entry_free(face_entry *ent)
{
    if (ent->face) hb_face_destroy(ent->face);
    free(ent->path);
    free(ent);
}

void pdf_face_cache_free(pdf_face_cache *c)
{
    if (!c) return;
    while (c->faces) {
        face_entry *ent = c->faces;
        c->faces = ent->next;
        face_entry_free(ent);
    }
    pthread_mutex_destroy(&c->lock);
    free(c);
}

int pdf_face_cache_count(pdf_face_cache *c)
{
    pthread_mutex_lock(&c->lock);
    int n = c->n;
    pthread_mutex_unlock(&c->lock);
    return n;
}

/* Opens face `index` of the file at path and checks it has TrueType
 * outlines; fills ent->face, or ent->rc and ent->why. */
static void face_load(face_entry *ent)
{
    errno = 0;
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(ent->path);
    if (!blob) {
        /* open, mmap or (failing mmap) malloc failed: out of memory or of
         * file descriptors is not the font's fault */
        int err = errno;
        ent->rc = bp_errno_status(err, BP_EINPUT);
        snprintf(ent->why, sizeof ent->why, "cannot read font file %s%s%s", ent->path,
                 err ? ": " : "", err ? strerror(err) : "");
        return;
    }
    unsigned nfaces = hb_face_count(blob);
    if (ent->index < 0 || (unsigned)ent->index >= nfaces) {
        hb_blob_destroy(blob);
        ent->rc = BP_EINPUT;
        snprintf(ent->why, sizeof ent->why, "font file %s has no face %d (it has %u)", ent->path,
                 ent->index, nfaces);
        return;
    }
    hb_face_t *face = hb_face_create(blob, (unsigned)ent->index);
    hb_blob_destroy(blob);             /* the face keeps its own reference */
    if (face == hb_face_get_empty()) { /* HarfBuzz's answer when its allocation fails */
        ent->rc = BP_ERESOURCE;
        snprintf(ent->why, sizeof ent->why, "out of memory opening font %s", ent->path);
        return;
    }
    hb_blob_t *glyf = hb_face_reference_table(face, HB_TAG('g', 'l', 'y', 'f'));
    bool has_glyf = hb_blob_get_length(glyf) > 0;
    hb_blob_destroy(glyf);
    if (hb_face_get_glyph_count(face) == 0 || !has_glyf) {
        hb_face_destroy(face);
        ent->rc = BP_EINPUT;
        snprintf(ent->why, sizeof ent->why,
                 "font %s (face %d) has no TrueType outlines (glyf table); the PDF "
                 "backend can only embed TrueType fonts",
                 ent->path, ent->index);
        return;
    }
    hb_face_make_immutable(face);
    ent->face = face;
    ent->rc = BP_OK;
}

/* A new entry for path/index, loaded; NULL with e set when it does not load
 * (or memory runs out). */
static face_entry *face_entry_load(const char *path, int index, bp_error *e)
{
    face_entry *ent = calloc(1, sizeof *ent);
    size_t len = strlen(path) + 1;
    if (!ent || !(ent->path = malloc(len))) {
        free(ent);
        bp_fail(e, BP_ERESOURCE, "out of memory while opening font %s", path);
        return NULL;
    }
    memcpy(ent->path, path, len);
    ent->index = index;
    face_load(ent);
    if (!ent->face) {
        bp_fail(e, ent->rc, "%s", ent->why);
        face_entry_free(ent);
        return NULL;
    }
    return ent;
}

/* Drops the least recently used entry. */
static void face_evict_locked(pdf_face_cache *c)
{
    face_entry **oldest = &c->faces;
    for (face_entry **p = &c->faces; *p; p = &(*p)->next)
        if ((*p)->used < (*oldest)->used) oldest = p;
    face_entry *victim = *oldest;
    if (!victim) return;
    *oldest = victim->next;
    face_entry_free(victim);
    c->n--;
}

/* A reference to the face of path/index (release with hb_face_destroy), or
 * NULL with e set: from the cache c, else loaded (and kept in c, when c is
 * not NULL). Entries past c->max are evicted least recently used first; a
 * document still subsetting an evicted face keeps it alive through its own
 * reference. A face that does not load is not cached: the file may be
 * fixed later. */
static hb_face_t *face_get(pdf_face_cache *c, const char *path, int index, bp_error *e)
{
    if (!c) {
        face_entry *ent = face_entry_load(path, index, e);
        if (!ent) return NULL;
        hb_face_t *face = hb_face_reference(ent->face);
        face_entry_free(ent);
        return face;
    }
    pthread_mutex_lock(&c->lock);
    face_entry *ent = c->faces;
    for (; ent; ent = ent->next)
        if (ent->index == index && strcmp(ent->path, path) == 0) break;
    if (!ent) {
        if (!(ent = face_entry_load(path, index, e))) {
            pthread_mutex_unlock(&c->lock);
            return NULL;
        }
        while (c->n >= c->max && c->faces)
            face_evict_locked(c);
        ent->next = c->faces;
        c->faces = ent;
        c->n++;
    }
    ent->used = ++c->clock;
    hb_face_t *face = hb_face_reference(ent->face);
    pthread_mutex_unlock(&c->lock);
    return face;
}

int pdf_font_subset(pdf_face_cache *faces, const char *path, int index, const pdf_cpset *cps,
                    hb_blob_t **out, bp_error *e)
{
    *out = NULL;
    hb_face_t *face = face_get(faces, path, index, e);
    if (!face) return e ? e->code : BP_EINPUT;

    int rc = BP_OK;
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in) {
        hb_face_destroy(face);
        return bp_fail(e, BP_ERESOURCE, "out of memory while subsetting %s", path);
    }
    hb_set_t *u = hb_subset_input_unicode_set(in);
    for (uint32_t w = 0; w < 65536 / 32; w++) {
        uint32_t bits = cps->bits[w];
        while (bits) {
            int b = __builtin_ctz(bits);
            hb_set_add(u, w * 32 + (uint32_t)b);
            bits &= bits - 1;
        }
    }
    hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (size_t i = 0; i < sizeof drop_tables / sizeof drop_tables[0]; i++) {
        const char *t = drop_tables[i];
        hb_set_add(drop, HB_TAG(t[0], t[1], t[2], t[3]));
    }
    /* NAME_LEGACY keeps Mac-platform names: libharu needs name IDs 2 and 6
     * from (1,0) or (3,1,0x409), and some fonts only have the former. */
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NOTDEF_OUTLINE | HB_SUBSET_FLAGS_NAME_LEGACY |
                                      HB_SUBSET_FLAGS_NO_HINTING);

    hb_face_t *sub = hb_subset_or_fail(face, in);
    hb_subset_input_destroy(in);
    if (!sub) {
        rc = bp_fail(e, BP_EINPUT, "cannot subset font %s (face %d)", path, index);
    } else {
        *out = hb_face_reference_blob(sub);
        hb_face_destroy(sub);
        if (hb_blob_get_length(*out) == 0) {
            hb_blob_destroy(*out);
            *out = NULL;
            rc =
                bp_fail(e, BP_EINPUT, "subsetting font %s (face %d) produced no data", path, index);
        }
    }
    hb_face_destroy(face);
    return rc;
}

/* libharu looks a code point up in the font's format-4 cmap by walking its
 * segments from the first (HPDF_TTFontDef_GetGlyphid), and creating the
 * CIDFontType2 of a UTF-8 font looks up every BMP code point: 65,536
 * walks over the subset's segments, one per run of consecutive code
 * points (hundreds for Chinese text), about 15 ms per CJK font. This
 * replaces the parsed segments (not the embedded cmap table, which libharu
 * copies from the font data) by one segment 0000-FFFE whose glyph array
 * holds libharu's own answer for every code point, computed once per
 * mapped code point, and the segment FFFF: every lookup then takes one
 * step and gives the same glyph as before. */
static void fast_cmap(HPDF_MMgr mmgr, HPDF_FontDef def)
{
    HPDF_TTFontDefAttr attr = (HPDF_TTFontDefAttr)def->attr;
    HPDF_TTF_CmapRange *cm = &attr->cmap;
    unsigned nseg = cm->seg_count_x2 / 2u;
    if (cm->format != 4 || nseg < 2 || cm->end_count[nseg - 1] != 0xFFFF) return;
    /* separate blocks: libharu frees each array when it frees the font */
    HPDF_UINT16 *gids = HPDF_GetMem(mmgr, sizeof(HPDF_UINT16) * 0xFFFF);
    HPDF_UINT16 *end = HPDF_GetMem(mmgr, sizeof(HPDF_UINT16) * 2);
    HPDF_UINT16 *start = HPDF_GetMem(mmgr, sizeof(HPDF_UINT16) * 2);
    HPDF_UINT16 *range = HPDF_GetMem(mmgr, sizeof(HPDF_UINT16) * 2);
    HPDF_INT16 *delta = HPDF_GetMem(mmgr, sizeof(HPDF_INT16) * 2);
    if (!gids || !end || !start || !range || !delta) {
        /* keep the slow cmap (libharu has noted the error) */
        void *blocks[] = {gids, end, start, range, delta};
        for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++)
            if (blocks[i]) HPDF_FreeMem(mmgr, blocks[i]);
        return;
    }
    memset(gids, 0, sizeof(HPDF_UINT16) * 0xFFFF);
    /* Code points outside every segment's range map to 0 whatever the
     * walk; those inside one are asked of libharu itself. */
    for (unsigned i = 0; i < nseg; i++) {
        unsigned lo = cm->start_count[i], hi = cm->end_count[i];
        for (unsigned u = lo; u <= hi && u < 0xFFFF; u++)
            gids[u] = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)u);
    }
    HPDF_UINT16 last = HPDF_TTFontDef_GetGlyphid(def, 0xFFFF);
    end[0] = 0xFFFE, end[1] = 0xFFFF;
    start[0] = 0, start[1] = 0xFFFF;
    /* libharu: gid = glyph_id_array[range/2 + (u - start) - (nseg - i)] */
    range[0] = 4, range[1] = 0;
    delta[0] = 0, delta[1] = (HPDF_INT16)(HPDF_UINT16)(last - 0xFFFFu);
    void *old[] = {cm->end_count, cm->start_count, cm->id_delta, cm->id_range_offset,
                   cm->glyph_id_array};
    for (size_t i = 0; i < sizeof old / sizeof old[0]; i++)
        if (old[i]) HPDF_FreeMem(mmgr, old[i]);
    cm->seg_count_x2 = 4;
    cm->end_count = end;
    cm->start_count = start;
    cm->id_delta = delta;
    cm->id_range_offset = range;
    cm->glyph_id_array = gids;
    cm->glyph_id_array_count = 0xFFFF;
}

/* The embedded font file: the subset exactly as hb-subset made it. (libharu
 * would rewrite the font it loaded while saving: slower, and when the
 * rewritten file's size is a multiple of 4096 its checksum pass fails with
 * error 0x1033, about one subset in a thousand.) Made empty here, with the
 * subset's length as /Length1; pdf_deflate_font fills it with the
 * compressed subset and hands it to the font's descriptor. */
static HPDF_Dict font_file(HPDF_Doc pdf, unsigned len)
{
    HPDF_Dict ff = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (!ff) return NULL;
    if (HPDF_Dict_AddNumber(ff, "Length1", (HPDF_INT32)len) != HPDF_OK) return NULL;
    ff->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    return ff;
}

HPDF_Font pdf_font_embed(HPDF_Doc pdf, pdf_face_cache *faces, const char *path, int index,
                         const pdf_cpset *cps, const char *tag, bp_error *e)
{
    hb_blob_t *blob;
    if (pdf_font_subset(faces, path, index, cps, &blob, e) != BP_OK) return NULL;
    unsigned len;
    const char *data = hb_blob_get_data(blob, &len);
    HPDF_Font font = pdf_font_load(pdf, path, index, data, len, tag, NULL, e);
    hb_blob_destroy(blob);
    return font;
}

HPDF_Font pdf_font_load(HPDF_Doc pdf, const char *path, int index, const char *data, unsigned len,
                        const char *tag, HPDF_Dict *file, bp_error *e)
{
    if (file && !(*file = font_file(pdf, len))) {
        bp_fail(e, BP_EIO, "libharu: cannot store the font file of %s (error 0x%04X)", path,
                (unsigned)HPDF_GetError(pdf));
        return NULL;
    }

    /* Four zero bytes after the font data: libharu reads the header of
     * every glyph it measures at the glyph's loca offset, also of an empty
     * glyph, and the offset of an empty last glyph of a glyf table that
     * ends the file is the end of the data, where its memory stream cannot
     * seek or read (HPDF_INVALID_OBJECT while drawing). */
    static const HPDF_BYTE pad[4] = {0, 0, 0, 0};
    HPDF_Stream s = HPDF_MemStream_New(pdf->mmgr, len + sizeof pad);
    if (!s) {
        bp_fail(e, BP_EIO, "libharu: cannot allocate a stream for font %s", path);
        return NULL;
    }
    HPDF_STATUS st = HPDF_Stream_Write(s, (const HPDF_BYTE *)data, len);
    if (st == HPDF_OK) st = HPDF_Stream_Write(s, pad, sizeof pad);
    if (st != HPDF_OK) {
        HPDF_Stream_Free(s);
        bp_fail(e, BP_EIO, "libharu: cannot buffer font %s (error 0x%04X)", path, (unsigned)st);
        return NULL;
    }
    HPDF_FontDef def = HPDF_TTFontDef_Load(pdf->mmgr, s, HPDF_TRUE); /* owns s */
    if (!def) {
        bp_fail(e, BP_EINPUT, "libharu cannot load font %s (face %d): error 0x%04X", path, index,
                (unsigned)HPDF_GetError(pdf));
        return NULL;
    }
    fast_cmap(pdf->mmgr, def);
    HPDF_TTFontDef_SetTagName(def, (char *)tag);
    /* libharu looks fonts up by def->base_font (the PostScript name) and
     * silently returns an existing font of the same name, so two subsets of
     * one face would collide. Register under the tagged name instead, which
     * is unique per document; the written BaseFont is the tagged name too. */
    HPDF_TTFontDefAttr attr = (HPDF_TTFontDefAttr)def->attr;
    char name[sizeof def->base_font];
    snprintf(name, sizeof name, "%s", attr->base_font);
    memcpy(def->base_font, name, sizeof name);
    if (HPDF_Doc_RegisterFontDef(pdf, def) != HPDF_OK) { /* frees def */
        bp_fail(e, BP_EIO, "libharu cannot register font %s as %s: error 0x%04X", path, name,
                (unsigned)HPDF_GetError(pdf));
        return NULL;
    }
    HPDF_Font font = HPDF_GetFont(pdf, name, "UTF-8");
    if (!font) {
        bp_fail(e, BP_EIO, "libharu cannot create font %s from %s: error 0x%04X", name, path,
                (unsigned)HPDF_GetError(pdf));
        return NULL;
    }
    /* libharu writes the CIDFont's /Ordering as (Identity-H), the CMap's
     * name; the character collection of Identity-H is Adobe-Identity-0. */
    HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
    HPDF_Dict info = fa->descendant_font
                         ? HPDF_Dict_GetItem(fa->descendant_font, "CIDSystemInfo", HPDF_OCLASS_DICT)
                         : NULL;
    if (!info ||
        HPDF_Dict_Add(info, "Ordering", HPDF_String_New(pdf->mmgr, "Identity", NULL)) != HPDF_OK) {
        bp_fail(e, BP_EIO, "libharu: cannot set the CIDSystemInfo of font %s: error 0x%04X", name,
                (unsigned)HPDF_GetError(pdf));
        return NULL;
    }
    return font;
}

int pdf_font_fix_tounicode(HPDF_Font font, const pdf_cpset *cps, bp_error *e)
{
    HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
    HPDF_Dict cm = fa ? fa->cmap_stream : NULL;
    if (!cm || !cm->stream)
        return bp_fail(e, BP_EIO, "libharu font has no ToUnicode stream to replace");
    HPDF_MemStream_FreeData(cm->stream);
    HPDF_Dict_RemoveElement(cm, "Type");
    HPDF_Dict_RemoveElement(cm, "CMapName");
    HPDF_Dict_RemoveElement(cm, "CIDSystemInfo");
    HPDF_Dict_RemoveElement(cm, "WMode");

    HPDF_STATUS st = HPDF_Stream_WriteStr(
        cm->stream, "/CIDInit /ProcSet findresource begin\n"
                    "12 dict begin\n"
                    "begincmap\n"
                    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                    "/CMapName /Adobe-Identity-UCS def\n"
                    "/CMapType 2 def\n"
                    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    /* CID == Unicode code point with libharu's UTF-8 encoder, so the map is
     * the identity. One bfrange line <XX00> <XXFF> <XX00> per 256-code block
     * that holds a used code point: a third of the size of one bfchar entry
     * per character once compressed; codes never drawn map harmlessly. At
     * most 100 lines per block, as the CMap format asks. */
    char buf[32 + 100 * 24];
    int blocks[256], nb = 0;
    for (uint32_t hi = 0; hi < 256; hi++) {
        bool used = false;
        for (uint32_t lo = 0; lo < 256 && !used; lo++)
            used = pdf_cpset_has(cps, hi << 8 | lo);
        if (used) blocks[nb++] = (int)hi;
    }
    for (int i = 0; st == HPDF_OK && i < nb; i += 100) {
        int n = nb - i < 100 ? nb - i : 100;
        size_t off = (size_t)snprintf(buf, sizeof buf, "%d beginbfrange\n", n);
        for (int k = 0; k < n; k++)
            off += (size_t)snprintf(buf + off, sizeof buf - off, "<%02X00> <%02XFF> <%02X00>\n",
                                    (unsigned)blocks[i + k], (unsigned)blocks[i + k],
                                    (unsigned)blocks[i + k]);
        snprintf(buf + off, sizeof buf - off, "endbfrange\n");
        st = HPDF_Stream_WriteStr(cm->stream, buf);
    }
    if (st == HPDF_OK)
        st = HPDF_Stream_WriteStr(cm->stream, "endcmap\n"
                                              "CMapName currentdict /CMap defineresource pop\n"
                                              "end\n"
                                              "end\n");
    if (st != HPDF_OK)
        return bp_fail(e, PDF_HPDF_STATUS(st),
                       "libharu: cannot write a ToUnicode CMap: error 0x%04X", (unsigned)st);
    return BP_OK;
}

/* libharu writes /DW as the .notdef width (500 for AR PL UMing) and lists
 * in /W every mapped glyph of another width, although almost every CJK
 * glyph is 1000 wide. Rewrite both for the code points actually used: /DW
 * becomes their commonest width and /W lists only the exceptions, as runs
 * "cid [w w ...]" (about 8 KB less per CJK font). Every used code point
 * keeps its width, so layout and viewer agree. */
int pdf_font_compact_widths(HPDF_Font font, const pdf_cpset *cps, bp_error *e)
{
    HPDF_Array desc = HPDF_Dict_GetItem(font, "DescendantFonts", HPDF_OCLASS_ARRAY);
    HPDF_Dict cid = desc ? HPDF_Array_GetItem(desc, 0, HPDF_OCLASS_DICT) : NULL;
    HPDF_Array w = cid ? HPDF_Dict_GetItem(cid, "W", HPDF_OCLASS_ARRAY) : NULL;
    if (!w) return bp_fail(e, BP_EIO, "libharu font has no /W array to compact");
    HPDF_Number dwn = HPDF_Dict_GetItem(cid, "DW", HPDF_OCLASS_NUMBER);
    int dw = dwn ? (int)dwn->value : 1000;

    /* the width of every BMP code: listed in /W, else /DW */
    int *width = malloc(sizeof(int) * 65536);
    if (!width) return bp_fail(e, BP_ERESOURCE, "out of memory compacting a font's widths");
    for (int i = 0; i < 65536; i++)
        width[i] = dw;
    HPDF_UINT items = HPDF_Array_Items(w);
    for (HPDF_UINT i = 0; i + 1 < items; i += 2) {
        HPDF_Number first = HPDF_Array_GetItem(w, i, HPDF_OCLASS_NUMBER);
        HPDF_Array run = HPDF_Array_GetItem(w, i + 1, HPDF_OCLASS_ARRAY);
        if (!first || !run) {
            free(width);
            return bp_fail(e, BP_EIO, "unexpected /W array layout in libharu font");
        }
        HPDF_UINT m = HPDF_Array_Items(run);
        for (HPDF_UINT k = 0; k < m; k++) {
            HPDF_Number v = HPDF_Array_GetItem(run, k, HPDF_OCLASS_NUMBER);
            long c = (long)first->value + (long)k;
            if (v && c >= 0 && c < 65536) width[c] = (int)v->value;
        }
    }
    /* commonest width among the used code points */
    int best = dw, bestc = -1;
    {
        int vals[64], counts[64], nv = 0;
        for (uint32_t c = 0; c < 65536; c++) {
            if (!pdf_cpset_has(cps, c)) continue;
            int k = 0;
            while (k < nv && vals[k] != width[c])
                k++;
            if (k == nv && nv < 64) vals[nv] = width[c], counts[nv++] = 0;
            if (k < nv) counts[k]++;
        }
        for (int k = 0; k < nv; k++)
            if (counts[k] > bestc) best = vals[k], bestc = counts[k];
    }
    HPDF_Array nw = HPDF_Array_New(font->mmgr);
    HPDF_STATUS st = nw ? HPDF_OK : HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_Array run = NULL;
    uint32_t prev = 0;
    for (uint32_t c = 0; c < 65536 && st == HPDF_OK; c++) {
        if (!pdf_cpset_has(cps, c) || width[c] == best) continue;
        if (!run || c != prev + 1) {
            run = HPDF_Array_New(font->mmgr);
            if (!run) {
                st = HPDF_FAILD_TO_ALLOC_MEM;
                break;
            }
            st = HPDF_Array_AddNumber(nw, (HPDF_INT32)c);
            if (st == HPDF_OK) st = HPDF_Array_Add(nw, run);
        }
        if (st == HPDF_OK) st = HPDF_Array_AddNumber(run, width[c]);
        prev = c;
    }
    free(width);
    if (st == HPDF_OK) st = HPDF_Dict_AddNumber(cid, "DW", best);
    if (st == HPDF_OK) st = HPDF_Dict_Add(cid, "W", nw);
    if (st != HPDF_OK)
        return bp_fail(e, PDF_HPDF_STATUS(st), "cannot rewrite the font's /W array (0x%04X)",
                       (unsigned)st);
    return BP_OK;
}
