/* fuzz_csv_gb18030.c — the CSV loader on input declared GB18030
 * (encoding: gb18030, converted with iconv), then bound to the standard
 * layouts. */
#include "csv.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fz_csv_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_csv_one("fuzz_csv_gb18030", data, size, "gb18030");
    return 0;
}
