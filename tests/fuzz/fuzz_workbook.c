/* fuzz_workbook.c — the workbook readers, from memory. An input that
 * starts with "PK" is read as an .xlsx archive (workbook_parse_xlsx); one
 * that starts with the OLE2 header as an .xls (wb_xls_parse: the compound
 * file and the BIFF8 records); any other input is one part of a small valid workbook:
 * its first byte chooses
 * which (sheet, shared strings, styles, workbook, relationships), the rest
 * is the part's XML, stored in a zip built here (so mutations reach the
 * XML handling, not only the zip's checksums). A workbook that reads is
 * checked against the model's promises (workbook.h; merged areas never
 * overlap). */
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "common.h"
#include "workbook_priv.h"

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define RT "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

static const char *const names[5] = {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
                                     "xl/styles.xml", "xl/workbook.xml",
                                     "xl/_rels/workbook.xml.rels"};
static const char *const defaults[5] = {
    "<worksheet " NS "><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
    "<c r=\"B1\" s=\"1\"><v>6828.4</v></c></row></sheetData></worksheet>",
    "<sst " NS "><si><t>合计</t></si></sst>",
    "<styleSheet " NS "><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"4\"/></cellXfs></styleSheet>",
    "<workbook " NS " xmlns:r=\"" RT "\"><sheets><sheet name=\"s\" sheetId=\"1\" r:id=\"rId1\"/>"
    "</sheets></workbook>",
    "<Relationships><Relationship Id=\"rId1\" Type=\"" RT "worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"" RT "sharedStrings\" "
    "Target=\"sharedStrings.xml\"/><Relationship Id=\"rId3\" Type=\"" RT "styles\" "
    "Target=\"styles.xml\"/></Relationships>",
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

/* A stored (uncompressed) zip of the default parts with part k = data. */
static char *build(int k, const uint8_t *data, size_t size, size_t *len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_source_keep(src);
    zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    for (int i = 0; i < 5; i++) {
        const void *d = i == k ? (const void *)data : defaults[i];
        size_t n = i == k ? size : strlen(defaults[i]);
        zip_int64_t idx = zip_file_add(z, names[i], zip_source_buffer(z, d, n, 0), 0);
        zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
    }
    if (zip_close(z) != 0) abort();
    zip_source_open(src);
    zip_source_seek(src, 0, SEEK_END);
    *len = (size_t)zip_source_tell(src);
    zip_source_seek(src, 0, SEEK_SET);
    char *buf = malloc(*len ? *len : 1);
    zip_source_read(src, buf, *len);
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&ze);
    return buf;
}

/* An .xls: the compound file and its BIFF8 records (fuzz_biff.c feeds
 * the Workbook stream alone). */
static void xls(const uint8_t *data, size_t size)
{
    static const int allowed[] = {BP_EINPUT, 0};
    bp_arena a;
    bp_error e = {0, ""};
    bp_arena_init(&a);
    bp_workbook *wb = NULL;
    int rc = wb_xls_parse(&a, "fuzz.xls", "fuzz.xls", data, size, &wb, &e);
    fz_expect("fuzz_workbook", rc, &e, "fuzz.xls", allowed);
    if (!rc) fz_check_workbook(wb);
    bp_arena_free(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t ole2[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    if (size >= 8 && memcmp(data, ole2, 8) == 0) {
        xls(data, size);
        return 0;
    }
    static const int allowed[] = {BP_EINPUT, 0};
    bp_arena a;
    bp_error e = {0, ""};
    bp_arena_init(&a);
    bp_workbook *wb = NULL;
    size_t len = size;
    char *zip = NULL;
    const void *bytes = data;
    if (size > 0 && !(size >= 2 && data[0] == 'P' && data[1] == 'K')) {
        zip = build(data[0] % 5, data + 1, size - 1, &len);
        bytes = zip;
    }
    int rc = workbook_parse_xlsx(&a, "fuzz.xlsx", bytes, len, &wb, &e);
    fz_expect("fuzz_workbook", rc, &e, "fuzz.xlsx", allowed);
    if (!rc) fz_check_workbook(wb);
    bp_arena_free(&a);
    free(zip);
    return 0;
}
