/* fuzz_biff.c — the BIFF8 reader alone (wb_xls_parse_stream): the input
 * is an .xls file's Workbook stream, without the compound file around it
 * (fuzz_workbook feeds whole .xls files). A failure must be BP_EINPUT
 * naming the workbook; a workbook that reads must keep workbook.h's
 * promises (fz_check_workbook). The seed corpus holds the stream of the
 * LibreOffice-saved fixture and the sample workbook shaped as
 * LibreOffice, Excel (SST across CONTINUE records, MULRK, EXTSST) and WPS
 * (LABEL, NUMBER, another record order) write it (gen_biff_corpus.c). */
#include "common.h"
#include "workbook_priv.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int allowed[] = {BP_EINPUT, 0};
    bp_arena a;
    bp_error e = {0, ""};
    bp_arena_init(&a);
    bp_workbook *wb = NULL;
    int rc = wb_xls_parse_stream(&a, "fuzz.xls", "fuzz.xls", data, size, &wb, &e);
    fz_expect("fuzz_biff", rc, &e, "fuzz.xls", allowed);
    if (!rc) fz_check_workbook(wb);
    bp_arena_free(&a);
    return 0;
}
