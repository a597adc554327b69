/* fuzz_department.c — the department metadata parser: the input is
 * department.yaml in a scratch folder, loaded with data_load_department;
 * a department that loads has its fields expanded into templates. */
#include <string.h>

#include "common.h"
#include "data.h"
#include "layout.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fz_tmpdir();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int allowed[] = {BP_EINPUT, 0};
    bp_arena a;
    bp_error e = {0, ""};
    bp_arena_init(&a);
    fz_write(0, "department.yaml", data, size);
    bp_department d;
    int rc = data_load_department(BP_CTX(&a, &e), fz_tmpdir(), &d);
    fz_expect("fuzz_department", rc, &e, "department.yaml", allowed);
    if (!rc) {
        const char *s = layout_expand(
            &a, tpl_must(&a, "{department}|{code}|{year}|{unit}|{page}/{pages}|{{x}}"), &d, 3, 9,
            "title");
        if (!s || bp_utf8_invalid(s, strlen(s)) >= 0) {
            /* a value cut at 511 bytes inside a character is caught later
             * (docs/limits.md); anything else is a finding */
            if (strlen(d.name) < 500 && strlen(d.code) < 500 && strlen(d.unit) < 500)
                __builtin_trap();
        }
    }
    bp_arena_free(&a);
    return 0;
}
