/* fuzz_font_profile.c — the font profile parser (--fonts FILE,
 * BUDGETPDF_FONTS; src/spec.c spec_load_font_profile): the input is the
 * profile file in a scratch folder, loaded over default families. A
 * failure must be BP_EINPUT naming the file; a profile that loads leaves
 * every role a NULL-terminated list of one to BP_MAX_FAMILIES non-empty,
 * valid UTF-8 family names. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "spec.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fz_tmpdir();
    return 0;
}

static void check_families(const char *families[BP_ROLE_COUNT][BP_MAX_FAMILIES + 1])
{
    for (int r = 0; r < BP_ROLE_COUNT; r++) {
        int n = 0;
        while (n <= BP_MAX_FAMILIES && families[r][n]) {
            const char *f = families[r][n];
            if (bp_utf8_invalid(f, strlen(f)) >= 0) {
                fprintf(stderr, "fuzz_font_profile: invalid UTF-8 family of role %d\n", r);
                abort();
            }
            n++;
        }
        if (n < 1 || n > BP_MAX_FAMILIES || families[r][n]) {
            fprintf(stderr, "fuzz_font_profile: role %d has %d families\n", r, n);
            abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int allowed[] = {BP_EINPUT, 0};
    const char *families[BP_ROLE_COUNT][BP_MAX_FAMILIES + 1];
    memset(families, 0, sizeof families);
    for (int r = 0; r < BP_ROLE_COUNT; r++)
        families[r][0] = "AR PL UMing CN";
    bp_arena a;
    bp_error e = {0, ""};
    bp_arena_init(&a);
    const char *path = fz_write(0, "profile.yaml", data, size);
    int rc = spec_load_font_profile(BP_CTX(&a, &e), path, families);
    fz_expect("fuzz_font_profile", rc, &e, "profile.yaml", allowed);
    if (!rc) check_families(families);
    bp_arena_free(&a);
    return 0;
}
