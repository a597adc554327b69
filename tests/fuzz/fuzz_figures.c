/* fuzz_figures.c — the figures of the document's text (parsed by
 * src/spec/expr_parse.c, evaluated by src/data/expr.c): the input is the
 * text between `{{` and `}}`, evaluated against the seed
 * department's tables and previous-year figures. It must print valid UTF-8
 * or fail with BP_EINPUT naming document.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "expr.h"

static bp_arena base;
static bp_figure_env *env0;
static const bp_layout_set *set;
static bp_department dept;
static bp_table_data **tables;

static void die(const char *what, const bp_error *e)
{
    fprintf(stderr, "fuzz_figures: cannot load %s: %s\n", what, e->msg);
    abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    bp_error e = {0, ""};
    bp_arena_init(&base);
    bp_layout_set *s;
    fz_load_seed("fuzz_figures", &base, &s, &dept, &tables);
    set = s;
    env0 = expr_env_new(BP_CTX(&base, &e), set, &dept, tables);
    if (!env0) die("the previous-year figures", &e);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int allowed[] = {BP_EINPUT, 0};
    bp_arena a;
    bp_error e = {0, ""};
    bp_arena_init(&a);
    /* a fresh env per input: its allocations go to this input's arena */
    bp_figure_env *env = expr_env_new(BP_CTX(&a, &e), set, &dept, tables);
    if (!env) die("the previous-year figures", &e);
    const char *out = NULL;
    int rc = expr_figure(env, (const char *)data, size, "document.md", 1, 1, &out, &e);
    fz_expect("fuzz_figures", rc, &e, "document.md", allowed);
    if (getenv("FUZZ_PRINT")) /* replay: what each input gives, to compare builds */
        printf("%d %s\n", rc, rc ? e.msg : out);
    if (!rc && (!out || bp_utf8_invalid(out, strlen(out)) >= 0)) {
        fprintf(stderr, "fuzz_figures: the figure is not valid UTF-8\n");
        abort();
    }
    bp_arena_free(&a);
    return 0;
}
