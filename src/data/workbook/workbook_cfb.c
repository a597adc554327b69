/* workbook_cfb.c — one stream of an OLE2 compound file (MS-CFB) held in
 * memory: the header, the FAT (with its DIFAT chain), the directory, the
 * mini stream. Only reading, every chain bounded by the file's size (a
 * cycle or an index past the end is an error, never a loop or a read out
 * of bounds). Used by workbook_xls.c for the "Workbook" stream of .xls. */
#include <string.h>

#include "workbook_priv.h"

#define FREESECT 0xFFFFFFFFu
#define ENDOFCHAIN 0xFFFFFFFEu

typedef struct cfb {
    bp_arena *a;
    const unsigned char *p;
    size_t n;
    unsigned shift; /* sector size: 1 << shift */
    uint32_t *fat;
    size_t nfat;
} cfb;

static uint32_t u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static const unsigned char *sector(const cfb *c, uint32_t s)
{
    size_t off = ((size_t)s + 1) << c->shift;
    if (s >= FREESECT - 5 || off + ((size_t)1 << c->shift) > c->n) return NULL;
    return c->p + off;
}

/* The FAT: the sectors the header's DIFAT and the DIFAT chain list. */
static bool read_fat(cfb *c)
{
    size_t per = ((size_t)1 << c->shift) / 4, nfat_sect = u32(c->p + 0x2C);
    size_t max_sect = c->n >> c->shift;
    if (nfat_sect > max_sect) return false;
    c->nfat = nfat_sect * per;
    c->fat = bp_alloc(c->a, (c->nfat + 1) * sizeof *c->fat);
    uint32_t difat = u32(c->p + 0x44);
    size_t k = 0, hops = 0;
    for (size_t i = 0; i < 109 && k < nfat_sect; i++, k++) {
        const unsigned char *s = sector(c, u32(c->p + 0x4C + 4 * i));
        if (!s) return false;
        for (size_t j = 0; j < per; j++)
            c->fat[k * per + j] = u32(s + 4 * j);
    }
    while (k < nfat_sect) {
        const unsigned char *d = sector(c, difat);
        if (!d || ++hops > max_sect) return false;
        for (size_t i = 0; i + 1 < per && k < nfat_sect; i++, k++) {
            const unsigned char *s = sector(c, u32(d + 4 * i));
            if (!s) return false;
            for (size_t j = 0; j < per; j++)
                c->fat[k * per + j] = u32(s + 4 * j);
        }
        difat = u32(d + 4 * (per - 1));
    }
    return true;
}

/* The chain from start in the FAT, as a copy of want bytes (all of the
 * chain's sectors when want is 0, *len set). */
static unsigned char *read_chain(const cfb *c, uint32_t start, size_t want, size_t *len)
{
    size_t ss = (size_t)1 << c->shift, max = c->n >> c->shift, nsect = 0;
    for (uint32_t s = start; s != ENDOFCHAIN; s = c->fat[s]) {
        if (s >= c->nfat || ++nsect > max) return NULL;
    }
    size_t total = nsect * ss;
    if (want > total) return NULL;
    if (!want) want = total;
    unsigned char *out = bp_alloc(c->a, want + 1), *o = out;
    for (uint32_t s = start; s != ENDOFCHAIN && (size_t)(o - out) < want; s = c->fat[s]) {
        const unsigned char *src = sector(c, s);
        if (!src) return NULL;
        size_t n = want - (size_t)(o - out) < ss ? want - (size_t)(o - out) : ss;
        memcpy(o, src, n);
        o += n;
    }
    *len = want;
    return out;
}

/* A directory entry's name (UTF-16LE) equal to the ASCII name. */
static bool entry_is(const unsigned char *e, const char *name)
{
    size_t n = strlen(name), nb = (size_t)e[0x40] | (size_t)e[0x41] << 8;
    if (nb != 2 * (n + 1)) return false;
    for (size_t i = 0; i < n; i++)
        if (e[2 * i] != (unsigned char)name[i] || e[2 * i + 1] != 0) return false;
    return true;
}

/* The stream idx of the mini stream: mini sectors through the mini FAT. */
static unsigned char *read_mini(const cfb *c, const unsigned char *root, uint32_t start,
                                size_t size)
{
    size_t mlen, flen;
    unsigned char *mini = read_chain(c, u32(root + 0x74), 0, &mlen);
    unsigned char *mfat = read_chain(c, u32(c->p + 0x3C), 0, &flen);
    if (!mini || !mfat) return NULL;
    if ((c->p[0x20] | c->p[0x21] << 8) != 6) return NULL; /* mini sectors are 64 bytes */
    size_t ms = 64, nmf = flen / 4;
    unsigned char *out = bp_alloc(c->a, size + 1), *o = out;
    size_t hops = 0;
    for (uint32_t s = start; (size_t)(o - out) < size; s = u32(mfat + 4 * (size_t)s)) {
        if (s >= nmf || ++hops > nmf || ((size_t)s + 1) * ms > mlen) return NULL;
        size_t n = size - (size_t)(o - out) < ms ? size - (size_t)(o - out) : ms;
        memcpy(o, mini + (size_t)s * ms, n);
        o += n;
    }
    return out;
}

int wb_cfb_stream(bp_arena *a, const void *file, size_t n, const char *name, unsigned char **out,
                  size_t *len, const char **why)
{
    cfb c = {.a = a, .p = file, .n = n};
    *why = "the header";
    if (n < 512) return -1;
    c.shift = c.p[0x1E] | c.p[0x1F] << 8;
    if (c.shift != 9 && c.shift != 12) return -1;
    *why = "the sector allocation table (FAT) or its DIFAT chain";
    if (!read_fat(&c)) return -1;
    size_t dlen;
    *why = "the directory's chain of sectors";
    unsigned char *dir = read_chain(&c, u32(c.p + 0x30), 0, &dlen);
    if (!dir || dlen < 128) return -1;
    for (size_t off = 0; off + 128 <= dlen; off += 128) {
        const unsigned char *e = dir + off;
        if (e[0x42] != 2 || !entry_is(e, name)) continue;
        uint32_t start = u32(e + 0x74);
        size_t size = u32(e + 0x78);
        *why = "the stream's chain of sectors: a sector past the file's end, or a cycle";
        if (size < u32(c.p + 0x38))
            *out = read_mini(&c, dir, start, size);
        else
            *out = read_chain(&c, start, size, len);
        *len = size;
        return *out ? 0 : -1;
    }
    return 1; /* no such stream */
}
