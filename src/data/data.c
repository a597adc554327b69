/* data.c — CSV decoding and parsing, and binding CSV rows to a table layout
 * (see data.h). department.yaml is data_dept.c's. */
#include "data.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>

#include "data_workbook.h"
#include "in_file.h"
#include "workbook.h"
#include "yamlq.h"
#include "i18n.h"

/* Length of the line end at s[i] (n bytes in all): 2 for CRLF, 1 for LF
 * or a lone CR (old Mac files), 0 when s[i] ends no line. */
static size_t line_end(const char *s, size_t i, size_t n)
{
    if (s[i] == '\n') return 1;
    if (s[i] == '\r') return i + 1 < n && s[i + 1] == '\n' ? 2 : 1;
    return 0;
}

/* Line (CR, LF or CRLF ends one) and the byte offset of its start. */
static int line_of(const char *s, size_t off, size_t *start)
{
    int l = 1;
    *start = 0;
    for (size_t i = 0; i < off;) {
        size_t k = line_end(s, i, off + 1);
        if (k && i + k <= off) {
            l++;
            i += k;
            *start = i;
        } else {
            i++;
        }
    }
    return l;
}

/* Line and column (1-based; column in characters of the valid prefix) of a
 * byte offset. */
static void locate(const char *s, size_t off, int *line, int *col)
{
    size_t start;
    *line = line_of(s, off, &start);
    *col = (int)bp_utf8_count(s + start, off - start) + 1;
}

/* Characters in n bytes of valid GB18030: ASCII is one byte, a four-byte
 * sequence has a digit second byte, the rest are two bytes. */
static size_t gb18030_count(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t count = 0;
    for (size_t i = 0; i < n; count++) {
        if (s[i] < 0x80)
            i++;
        else if (i + 1 < n && s[i + 1] >= 0x30 && s[i + 1] <= 0x39)
            i += 4;
        else
            i += 2;
    }
    return count;
}

static void close_iconv(void *cd)
{
    iconv_close((iconv_t)cd);
}

/* Converts GB18030 to UTF-8 with iconv. */
static int from_gb18030(bp_arena *a, const char *path, const char *in, size_t len, char **out,
                        size_t *outlen, bp_error *e)
{
    bp_cleanup *closer = bp_arena_defer(a, close_iconv); /* the buffer's allocation may jump */
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1) {
        int err = errno;
        if (bp_errno_status(err, BP_EINPUT) == BP_ERESOURCE)
            return bp_fail(e, BP_ERESOURCE, _("%s: cannot convert GB18030: %s"), path,
                           strerror(err));
        return bp_fail(e, BP_EINPUT, _("%s: this system's iconv cannot convert GB18030"), path);
    }
    closer->p = (void *)cd;
    size_t cap = len * 2 + 4;
    char *buf = bp_alloc(a, cap);
    char *ip = (char *)in, *op = buf;
    size_t il = len, ol = cap - 1;
    size_t r = iconv(cd, &ip, &il, &op, &ol);
    int err = errno;
    closer->p = NULL;
    iconv_close(cd);
    if (r == (size_t)-1) {
        size_t off = (size_t)(ip - in), start;
        int line = line_of(in, off, &start);
        return bp_fail(e, BP_EINPUT, _("%s:%d:%zu: byte 0x%02X is not valid GB18030%s"), path, line,
                       gb18030_count(in + start, off - start) + 1, (unsigned char)in[off],
                       err == EINVAL ? _(" (truncated character at end of file)") : "");
    }
    *op = 0;
    *out = buf;
    *outlen = (size_t)(op - buf);
    return BP_OK;
}

typedef struct csv_state {
    bp_arena *a;
    bp_vec fields; /* const char *: every field of every row, in order */
    int row_start; /* the current row's first field in fields */
    bp_vec rows;   /* row_rec */
    int chunk_line;
    int row_line;
    long cells; /* fields so far, for BP_MAX_CELLS */
    const char *path;
    bp_error *e;
    int rc;
} csv_state;

typedef struct row_rec {
    int first, n, line; /* fields[first .. first + n) */
} row_rec;

static void on_field(void *data, size_t len, void *st_)
{
    csv_state *st = st_;
    if (st->rc) return;
    const char *s = data ? data : "";
    if (!data) len = 0;
    if (st->fields.n == st->row_start) {
        int nl = 0;
        for (size_t i = 0; i < len;) {
            size_t k = line_end(s, i, len);
            nl += k > 0;
            i += k ? k : 1;
        }
        st->row_line = st->chunk_line - nl;
    }
    if (len > BP_MAX_CELL_BYTES) {
        st->rc = bp_fail(
            st->e, BP_EINPUT,
            _("%s:%d:%d: cell is %zu bytes long; the limit is %d bytes (docs/limits.md)"), st->path,
            st->chunk_line, st->fields.n - st->row_start + 1, len, BP_MAX_CELL_BYTES);
        return;
    }
    if (++st->cells > BP_MAX_CELLS) {
        st->rc = bp_fail(st->e, BP_EINPUT,
                         _("%s:%d: more than %d cells; the limit is %d cells in one file, counting "
                           "every field of every row (docs/limits.md)"),
                         st->path, st->chunk_line, BP_MAX_CELLS, BP_MAX_CELLS);
        return;
    }
    const char **f = bp_vec_push(st->a, &st->fields);
    /* normalise CRLF inside quoted cells to LF */
    char *t = bp_strndup(st->a, s, len);
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (t[i] == '\r' && i + 1 < len && t[i + 1] == '\n') continue;
        /* a tab or a lone CR means nothing in a table cell: a space */
        t[o++] = t[i] == '\t' || t[i] == '\r' ? ' ' : t[i];
    }
    t[o] = 0;
    *f = t;
}

static void on_row(int c, void *st_)
{
    (void)c;
    csv_state *st = st_;
    if (st->rc) return;
    if (st->rows.n >= BP_MAX_ROWS + 1) {
        st->rc = bp_fail(st->e, BP_EINPUT,
                         _("%s:%d: more than %d rows; the limit is %d (docs/limits.md)"), st->path,
                         st->chunk_line, BP_MAX_ROWS, BP_MAX_ROWS);
        return;
    }
    row_rec *r = bp_vec_push(st->a, &st->rows);
    r->first = st->row_start;
    r->n = st->fields.n - st->row_start;
    r->line = r->n ? st->row_line : st->chunk_line;
    st->row_start = st->fields.n;
}

static void free_parser(void *p)
{
    csv_free(p);
}

/* libcsv's failure: out of memory is not the file's fault. */
static int csv_fail(struct csv_parser *p, const char *path, int line, const char *hint, bp_error *e)
{
    if (csv_error(p) == CSV_ENOMEM)
        return bp_fail(e, BP_ERESOURCE, _("%s:%d: out of memory reading CSV"), path, line);
    return bp_fail(e, BP_EINPUT, _("%s:%d: malformed CSV: %s (%s)"), path, line,
                   csv_strerror(csv_error(p)), hint);
}

static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

/* Phase 1 of data_parse_csv: refuse a file over the size limit or holding a NUL byte. */
static int refuse_binary(const char *path, const char *bytes, size_t len, bp_error *e)
{
    if (len > (size_t)BP_MAX_FILE_BYTES)
        return bp_fail(e, BP_EINPUT, _("%s: file is %zu bytes; the limit is %ld (docs/limits.md)"),
                       path, len, BP_MAX_FILE_BYTES);
    if (memchr(bytes, 0, len)) {
        int line, col;
        locate(bytes, (size_t)((const char *)memchr(bytes, 0, len) - bytes), &line, &col);
        return bp_fail(e, BP_EINPUT, _("%s:%d:%d: NUL byte: this is not a text file"), path, line,
                       col);
    }
    return BP_OK;
}

/* A CSV file's text decoded to UTF-8, and the encoding it was in. */
typedef struct decoded {
    const char *text;
    size_t len;
    const char *enc; /* "UTF-8" or "GB18030" */
} decoded;

/* Phase 2 of data_parse_csv: decode the bytes (UTF-8, or GB18030 as declared
 * or guessed) to UTF-8 text without a leading byte order mark. */
static int decode_text(bp_arena *a, const char *path, const char *bytes, size_t len,
                       const char *encoding, decoded *out, bp_error *e)
{
    const char *enc = "UTF-8";
    const char *text = bytes;
    size_t tlen = len;
    bool want_gb = encoding && (!strcasecmp(encoding, "gb18030") || !strcasecmp(encoding, "gbk"));
    bool want_utf8 = encoding && !strcasecmp(encoding, "utf-8");
    if (want_gb) {
        /* UTF-8 read as GB18030 mostly decodes, to the wrong characters:
         * refuse a file that is valid UTF-8 and not ASCII (GB18030 Chinese
         * text is almost never valid UTF-8) */
        size_t k = 0;
        while (k < len && (unsigned char)bytes[k] < 0x80)
            k++;
        if (k < len && bp_utf8_invalid(bytes, len) < 0) {
            int line, col;
            locate(bytes, k, &line, &col);
            return bp_fail(
                e, BP_EINPUT,
                _("%s:%d:%d: department.yaml declares encoding: gb18030, but this file is "
                  "UTF-8 (set encoding: utf-8 or auto)"),
                path, line, col);
        }
    }
    if (!want_gb && tlen >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) text += 3, tlen -= 3;
    long bad = want_gb ? 0 : bp_utf8_invalid(text, tlen);
    if (want_gb || (bad >= 0 && !want_utf8)) {
        char *conv = NULL;
        size_t clen = 0;
        int rc = from_gb18030(a, path, bytes, len, &conv, &clen, e);
        if (rc) {
            if (!want_gb && bad >= 0) {
                int line, col;
                locate(text, (size_t)bad, &line, &col);
                return bp_fail(e, BP_EINPUT,
                               _("%s:%d:%d: byte 0x%02X is not valid UTF-8, and the file is not "
                                 "valid GB18030 either (%s)"),
                               path, line, col, (unsigned char)text[bad], e->msg);
            }
            return rc;
        }
        text = conv;
        tlen = clen;
        enc = "GB18030";
        if (tlen >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) text += 3, tlen -= 3;
    } else if (bad >= 0) {
        int line, col;
        locate(text, (size_t)bad, &line, &col);
        return bp_fail(e, BP_EINPUT,
                       _("%s:%d:%d: byte 0x%02X is not valid UTF-8 (is the file GB18030? set "
                         "encoding: gb18030 or auto in department.yaml)"),
                       path, line, col, (unsigned char)text[bad]);
    }
    *out = (decoded){text, tlen, enc};
    return BP_OK;
}

/* Phase 3 of data_parse_csv: refuse decoded text with a byte order mark
 * inside it, or with nothing but white space. */
static int refuse_joined_or_empty(const char *path, const char *text, size_t tlen, bp_error *e)
{
    const char *bom = NULL;
    for (size_t i = 0; i + 3 <= tlen && !bom; i++)
        if (!memcmp(text + i, "\xEF\xBB\xBF", 3)) bom = text + i;
    if (bom) {
        int line, col;
        locate(text, (size_t)(bom - text), &line, &col);
        return bp_fail(e, BP_EINPUT,
                       _("%s:%d:%d: byte order mark (U+FEFF) inside the file: were two files "
                         "joined?"),
                       path, line, col);
    }
    size_t i = 0;
    while (i < tlen && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
        i++;
    if (i == tlen)
        return bp_fail(e, BP_EINPUT,
                       _("%s:1:1: file is empty (expected a header line of column keys)"), path);
    return BP_OK;
}

/* Phase 4 of data_parse_csv: run libcsv over the text a line at a time,
 * gathering every field and row into st. */
static int parse_fields(bp_arena *a, const char *path, const char *text, size_t tlen, csv_state *st,
                        bp_error *e)
{
    /* in the arena, freed with it if a cell's allocation runs out of memory */
    bp_cleanup *freer = bp_arena_defer(a, free_parser);
    struct csv_parser *pp = bp_alloc(a, sizeof *pp);
    if (csv_init(pp, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return bp_fail(e, BP_ERESOURCE, _("%s: out of memory"), path);
    freer->p = pp;
    /* cells are kept as written: an amount of spaces is an error, not blank */
    csv_set_space_func(pp, no_space);
    /* libcsv grows a cell's buffer by blk_size bytes at a time (128 by
     * default: a 2 MB cell took minutes under AddressSanitizer) */
    csv_set_blk_size(pp, 4096);
    *st = (csv_state){.a = a, .chunk_line = 1, .path = path, .e = e};
    bp_vec_init(&st->fields, sizeof(const char *));
    bp_vec_init(&st->rows, sizeof(row_rec));
    size_t pos = 0;
    while (pos < tlen && !st->rc) {
        /* a line at a time (for the line numbers), in pieces of at most
         * 64 KiB, so that a cell over the limit is refused before libcsv
         * has gathered all of it */
        size_t piece = tlen - pos < 65536 ? tlen - pos : 65536;
        size_t end = pos, nl = 0;
        while (end < pos + piece && !(nl = line_end(text, end, tlen)))
            end++;
        end += nl; /* past the line end (CR, LF or CRLF), or the piece */
        if (csv_parse(pp, text + pos, end - pos, on_field, on_row, st) != end - pos && !st->rc)
            st->rc = csv_fail(pp, path, st->chunk_line, "check the quotes", e);
        if (!st->rc && pp->entry_pos > BP_MAX_CELL_BYTES)
            st->rc = bp_fail(e, BP_EINPUT,
                             _("%s:%d:%d: cell is more than %d bytes long; the limit is %d bytes "
                               "(docs/limits.md)"),
                             path, st->chunk_line, st->fields.n - st->row_start + 1,
                             BP_MAX_CELL_BYTES, BP_MAX_CELL_BYTES);
        pos = end;
        if (nl) st->chunk_line++;
    }
    if (!st->rc && csv_fini(pp, on_field, on_row, st) != 0)
        st->rc = csv_fail(pp, path, st->row_line, "an unclosed quote?", e);
    freer->p = NULL;
    csv_free(pp);
    return st->rc;
}

/* Phase 5 of data_parse_csv: check every row has the header's cell count
 * and make the nrows x ncols grid. */
static int make_grid(bp_arena *a, const char *path, const char *enc, csv_state *st, bp_csv **out,
                     bp_error *e)
{
    row_rec *rows = st->rows.items;
    if (st->rows.n == 0)
        return bp_fail(e, BP_EINPUT,
                       _("%s:1:1: file is empty (expected a header line of column keys)"), path);
    bp_csv *c = bp_alloc(a, sizeof *c);
    c->path = path;
    c->encoding = enc;
    c->nrows = st->rows.n;
    c->ncols = rows[0].n;
    c->lines = bp_alloc(a, (size_t)c->nrows * sizeof *c->lines);
    for (int r = 0; r < c->nrows; r++) {
        if (rows[r].n != c->ncols)
            return bp_fail(e, BP_EINPUT, _("%s:%d: row has %d cells, but the header line has %d"),
                           path, rows[r].line, rows[r].n, c->ncols);
        c->lines[r] = rows[r].line;
    }
    /* every row has ncols fields: the fields are the nrows x ncols grid */
    c->fields = st->fields.items;
    *out = c;
    return BP_OK;
}

int data_parse_csv(bp_arena *a, const char *path, const char *bytes, size_t len,
                   const char *encoding, bp_csv **out, bp_error *e)
{
    BP_TRY(refuse_binary(path, bytes, len, e));
    decoded d = {NULL, 0, NULL};
    BP_TRY(decode_text(a, path, bytes, len, encoding, &d, e));
    BP_TRY(refuse_joined_or_empty(path, d.text, d.len, e));
    csv_state st;
    BP_TRY(parse_fields(a, path, d.text, d.len, &st, e));
    return make_grid(a, path, d.enc, &st, out, e);
}

int data_load_csv(bp_ctx *c, const char *path, const char *encoding, bp_csv **out)
{
    bp_arena *a = c->a;
    bp_error *e = c->e;
    char *bytes;
    size_t len;
    BP_TRY(bp_read_file(a, path, &bytes, &len, e));
    return data_parse_csv(a, path, bytes, len, encoding, out, e);
}

static bool is_marker(const char *s, char m)
{
    while (*s == ' ')
        s++;
    if (*s != m) return false;
    s++;
    while (*s == ' ')
        s++;
    return *s == 0;
}

/* Sets rowspan/colspan of every origin cell from the cells pointing at it
 * (the bounding box; the caller checks it is filled). */
static void compute_spans(bp_table_data *d)
{
    for (int r = 0; r < d->nrows; r++)
        for (int c = 0; c < d->ncols; c++) {
            bp_cell *cell = data_cell(d, r, c);
            if (cell->origin_row == r && cell->origin_col == c) cell->rowspan = cell->colspan = 0;
        }
    for (int r = 0; r < d->nrows; r++)
        for (int c = 0; c < d->ncols; c++) {
            bp_cell *cell = data_cell(d, r, c);
            bp_cell *o = data_cell(d, cell->origin_row, cell->origin_col);
            int rs = r - cell->origin_row + 1, cs = c - cell->origin_col + 1;
            if (rs > o->rowspan) o->rowspan = rs;
            if (cs > o->colspan) o->colspan = cs;
        }
}

/* Phase 1 of data_bind: map each header key to its layout column (map:
 * csv col -> spec col, back: spec col -> csv col), refusing unknown,
 * repeated and missing columns. */
static int map_header(bp_arena *a, const bp_table_spec *t, const bp_csv *csv, int **map_out,
                      int **back_out, bp_error *e)
{
    int nc = t->ncolumns;
    int *map = bp_alloc(a, (size_t)csv->ncols * sizeof *map); /* csv col -> spec col */
    int *back = bp_alloc(a, (size_t)nc * sizeof *back);       /* spec col -> csv col */
    for (int i = 0; i < nc; i++)
        back[i] = -1;
    for (int j = 0; j < csv->ncols; j++) {
        const char *raw = csv->fields[j];
        while (*raw == ' ')
            raw++;
        size_t kl = strlen(raw);
        while (kl > 0 && raw[kl - 1] == ' ')
            kl--;
        const char *key = bp_strndup(a, raw, kl);
        int k = spec_column_index(t, key);
        if (k < 0) {
            char best[128] = "";
            int bestd = 3;
            for (int i = 0; i < nc; i++) {
                int d = yq_distance(key, t->columns[i].key);
                if (d < bestd) bestd = d, snprintf(best, sizeof best, "%s", t->columns[i].key);
            }
            return bp_fail(e, BP_EINPUT, _("%s:%d:%d: column '%s' is not in the layout %s%s%s%s"),
                           csv->path, csv->lines[0], j + 1, key, t->file,
                           best[0] ? _(" (did you mean '") : "", best, best[0] ? _("'?)") : "");
        }
        if (back[k] >= 0)
            return bp_fail(e, BP_EINPUT, _("%s:%d:%d: column '%s' appears twice"), csv->path,
                           csv->lines[0], j + 1, key);
        map[j] = k;
        back[k] = j;
    }
    for (int i = 0; i < nc; i++)
        if (back[i] < 0)
            return bp_fail(e, BP_EINPUT,
                           _("%s:%d: no column '%s', which the layout %s:%d declares"), csv->path,
                           csv->lines[0], t->columns[i].key, t->file, t->columns[i].line);
    *map_out = map;
    *back_out = back;
    return BP_OK;
}

/* Where field j (0-based) of a row at line is, for a message:
 * "file:line:column", or for a workbook sheet "book.xlsx: sheet S, cell C12". */
static const char *where(char *buf, size_t n, const bp_csv *csv, int line, int j)
{
    if (csv->sheet) {
        char a1[16]; /* (formatted into a1 by workbook_a1 itself: a1 must not be
                        both the output and an argument of snprintf) */
        int col = csv->src_cols ? csv->src_cols[j] : j;
        snprintf(buf, n, "%s: sheet %s, cell %s", csv->path, csv->sheet,
                 workbook_a1(a1, line - 1, col));
    } else {
        snprintf(buf, n, "%s:%d:%d", csv->path, line, j + 1);
    }
    return buf;
}

const char *data_csv_where(bp_arena *a, const bp_csv *csv, int line, int j)
{
    char buf[1200];
    return bp_strdup(a, where(buf, sizeof buf, csv, line, j));
}

/* Phase 2 of data_bind, for one cell: refuse a control character or U+FEFF,
 * and read an amount column's number. */
static int read_cell(const bp_csv *csv, const bp_column *col, int line, int j, bp_cell *cell,
                     bp_error *e)
{
    const char *s = cell->text;
    char w[1200];
    /* the text is valid UTF-8 (checked when read): a control
     * character is its own byte, U+FEFF the bytes EF BB BF */
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned cp = *p < 0x20 && *p != '\n' && *p != '\t'          ? *p
                      : p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF ? 0xFEFF
                                                                     : 0;
        if (cp)
            return bp_fail(e, BP_EINPUT, _("%s: column '%s': control character U+%04X in the cell"),
                           where(w, sizeof w, csv, line, j), col->key, cp);
    }
    if (col->type == BP_COL_AMOUNT && s[0]) {
        const char *why = number_parse(s, strlen(s), &cell->value);
        /* quote at most 40 bytes, cut between characters */
        int cut = strlen(s) > 40 ? 40 : (int)strlen(s);
        while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
            cut--;
        if (why)
            return bp_fail(e, BP_EINPUT, _("%s: column '%s': '%.*s%s' %s"),
                           where(w, sizeof w, csv, line, j), col->key, cut, s, s[cut] ? "…" : "",
                           _(why));
        cell->has_value = true;
    }
    return BP_OK;
}

/* Phase 2 of data_bind: the table's cells in layout column order, read. */
static int fill_cells(bp_arena *a, const bp_table_spec *t, const bp_csv *csv, const int *map,
                      bp_table_data **out, bp_error *e)
{
    int nc = t->ncolumns;
    bp_table_data *d = bp_alloc(a, sizeof *d);
    d->path = csv->path;
    d->nrows = csv->nrows - 1;
    d->ncols = nc;
    d->cells = bp_alloc(a, (size_t)(d->nrows > 0 ? d->nrows : 1) * (size_t)nc * sizeof *d->cells);
    for (int r = 0; r < d->nrows; r++) {
        int line = csv->lines[r + 1];
        for (int j = 0; j < csv->ncols; j++) {
            int c = map[j];
            const char *s = csv->fields[(size_t)(r + 1) * (size_t)csv->ncols + (size_t)j];
            bp_cell *cell = data_cell(d, r, c);
            cell->line = line;
            cell->text = s;
            if (is_marker(s, '<') || is_marker(s, '^')) continue;
            BP_TRY(read_cell(csv, &t->columns[c], line, j, cell, e));
        }
    }
    *out = d;
    return BP_OK;
}

/* Phase 3 of data_bind: resolve the '<' and '^' markers to each cell's
 * origin. */
static int resolve_markers(const bp_csv *csv, bp_table_data *d, const int *back, bp_error *e)
{
    char w[1200];
    for (int r = 0; r < d->nrows; r++)
        for (int c = 0; c < d->ncols; c++) {
            bp_cell *cell = data_cell(d, r, c);
            int j = back[c];
            if (is_marker(cell->text, '<')) {
                if (c == 0)
                    return bp_fail(e, BP_EINPUT,
                                   _("%s: '<' joins the cell to its left, but this is the first "
                                     "column"),
                                   where(w, sizeof w, csv, cell->line, j));
                bp_cell *left = data_cell(d, r, c - 1);
                cell->origin_row = left->origin_row, cell->origin_col = left->origin_col;
                cell->text = "";
            } else if (is_marker(cell->text, '^')) {
                if (r == 0)
                    return bp_fail(e, BP_EINPUT,
                                   _("%s: '^' joins the cell above, but this is the first row"),
                                   where(w, sizeof w, csv, cell->line, j));
                bp_cell *up = data_cell(d, r - 1, c);
                cell->origin_row = up->origin_row, cell->origin_col = up->origin_col;
                cell->text = "";
            } else {
                cell->origin_row = r, cell->origin_col = c;
            }
        }
    return BP_OK;
}

/* Phase 4 of data_bind: merge: true columns. A single-column area joins the
 * single-column area above it when both hold the same non-empty text (within
 * a group, when the table declares one). All cells of the lower area move. */
static void merge_columns(const bp_table_spec *t, bp_table_data *d)
{
    for (int c = 0; c < d->ncols; c++) {
        if (!t->columns[c].merge) continue;
        for (int r = 1; r < d->nrows; r++) {
            bp_cell *cell = data_cell(d, r, c);
            if (cell->origin_row != r || cell->origin_col != c || cell->colspan != 1) continue;
            if (!cell->text[0]) continue;
            bp_cell *up = data_cell(d, r - 1, c);
            bp_cell *uo = data_cell(d, up->origin_row, up->origin_col);
            if (up->origin_col != c || uo->colspan != 1 || strcmp(uo->text, cell->text)) continue;
            if (t->group_column >= 0) {
                int g = t->group_column;
                const bp_cell *ga = data_cell(d, data_cell(d, r, g)->origin_row, g);
                const bp_cell *gb = data_cell(d, data_cell(d, r - 1, g)->origin_row, g);
                if (strcmp(ga->text, gb->text)) continue;
            }
            int rows = cell->rowspan;
            for (int rr = r; rr < r + rows; rr++) {
                bp_cell *in = data_cell(d, rr, c);
                in->origin_row = up->origin_row;
                in->origin_col = up->origin_col;
            }
            uo->rowspan += rows;
            cell->rowspan = cell->colspan = 0;
        }
    }
}

/* The merged area of origin cell o (column c) is no rectangle: cell in
 * (column cc) lies inside its bounds but belongs to another area. A
 * sheet's cells are named in A1 form, a CSV's by line. */
static int fail_rectangle(const bp_table_spec *t, const bp_csv *csv, const bp_cell *o, int c,
                          const bp_cell *in, int cc, const int *back, bp_error *e)
{
    char w[1200], at[32];
    if (csv->sheet) {
        char a1[16];
        int x = csv->src_cols ? csv->src_cols[back[cc]] : back[cc];
        snprintf(at, sizeof at, "cell %s", workbook_a1(a1, in->line - 1, x));
    } else
        snprintf(at, sizeof at, "row at line %d", in->line);
    return bp_fail(e, BP_EINPUT,
                   _("%s: merged cells starting here (column '%s') do not form a rectangle: %s, "
                     "column '%s' is outside it"),
                   where(w, sizeof w, csv, o->line, back[c]), t->columns[c].key, at,
                   t->columns[cc].key);
}

/* Phase 5 of data_bind: every merged area must be a rectangle. */
static int check_rectangles(const bp_table_spec *t, const bp_csv *csv, const bp_table_data *d,
                            const int *back, bp_error *e)
{
    for (int r = 0; r < d->nrows; r++)
        for (int c = 0; c < d->ncols; c++) {
            const bp_cell *o = data_cell(d, r, c);
            if (o->origin_row != r || o->origin_col != c) continue;
            for (int rr = r; rr < r + o->rowspan; rr++)
                for (int cc = c; cc < c + o->colspan; cc++) {
                    const bp_cell *in = data_cell(d, rr, cc);
                    if (in->origin_row != r || in->origin_col != c)
                        return fail_rectangle(t, csv, o, c, in, cc, back, e);
                }
        }
    return BP_OK;
}

int data_bind(bp_arena *a, const bp_table_spec *t, const bp_csv *csv, bp_table_data **out,
              bp_error *e)
{
    int *map = NULL, *back = NULL;
    BP_TRY(map_header(a, t, csv, &map, &back, e));
    bp_table_data *d = NULL;
    BP_TRY(fill_cells(a, t, csv, map, &d, e));
    int *src = bp_alloc(a, (size_t)(t->ncolumns ? t->ncolumns : 1) * sizeof *src);
    for (int c = 0; c < t->ncolumns; c++)
        src[c] = (csv->src_cols ? csv->src_cols[back[c]] : back[c]) + 1;
    d->src_cols = src;
    BP_TRY(resolve_markers(csv, d, back, e));
    compute_spans(d);
    merge_columns(t, d);
    compute_spans(d);
    BP_TRY(check_rectangles(t, csv, d, back, e));
    d->sheet = csv->sheet;
    *out = d;
    return BP_OK;
}

int data_load_table(bp_ctx *c, const bp_department *dept, const bp_table_spec *t,
                    bp_table_data **out)
{
    bp_arena *a = c->a;
    bp_error *e = c->e;
    char *path = bp_path_join(a, dept->dir, t->data);
    char *bytes;
    size_t len;
    BP_TRY(bp_read_file_in(a, dept->dir, "the department folder", path, &bytes, &len, e));
    bp_csv *csv;
    BP_TRY(data_parse_csv(a, path, bytes, len, dept->encoding, &csv, e));
    return data_bind(a, t, csv, out, e);
}
