/* fuzz_layout.c — the layout parser (src/spec.c over src/yamlq.c): the
 * input is parsed as a table layout from memory, then as a layout set
 * (set.yaml in a scratch folder beside a valid table layout t.yaml).
 * Every failure must be BP_EINPUT with a message naming the file. */
#include <string.h>

#include "common.h"
#include "spec.h"

static const char table_yaml[] = "title: T\n"
                                 "data: t.csv\n"
                                 "columns:\n"
                                 "  - {key: code, header: [A, B]}\n"
                                 "  - {key: n, header: [A, C], type: amount}\n";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fz_write(0, "t.yaml", table_yaml, strlen(table_yaml));
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int allowed[] = {BP_EINPUT, 0};
    bp_arena a;
    bp_error e = {0, ""};
    bp_arena_init(&a);
    bp_table_spec t;
    int rc = spec_parse_table(&a, "fuzz.yaml", (const char *)data, size, &t, &e);
    fz_expect("fuzz_layout (table)", rc, &e, "fuzz.yaml", allowed);
    bp_arena_free(&a);

    bp_arena_init(&a);
    e.code = 0, e.msg[0] = 0;
    const char *set = fz_write(1, "set.yaml", data, size);
    bp_layout_set *s;
    rc = spec_load_set(BP_CTX(&a, &e), fz_tmpdir(), &s);
    /* the message names set.yaml or the table layout it lists */
    fz_expect("fuzz_layout (set)", rc, &e, fz_tmpdir(), allowed);
    (void)set;
    bp_arena_free(&a);
    return 0;
}
