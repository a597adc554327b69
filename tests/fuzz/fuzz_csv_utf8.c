/* fuzz_csv_utf8.c — the CSV loader (src/data.c, src/number.c) on input
 * read as UTF-8 (encoding: utf-8) and as auto-detected (encoding: auto,
 * UTF-8 if valid, else GB18030), then bound to the standard layouts. */
#include "csv.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fz_csv_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_csv_one("fuzz_csv_utf8 (utf-8)", data, size, "utf-8");
    fz_csv_one("fuzz_csv_utf8 (auto)", data, size, "auto");
    return 0;
}
