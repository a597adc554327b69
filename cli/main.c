/* main.c — the budgetpdf command line: dispatches to one file per command
 * (cmd_*.c), each a thin layer over libbudgetpdf. */
#include "cli.h"

#include <stdio.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

static void usage_main(FILE *f)
{
    fprintf(f, "Usage: budgetpdf COMMAND [OPTIONS]\n"
               "Typesets a department's budget annex (部门预算表) as print-ready PDF.\n"
               "\n"
               "Commands:\n"
               "  render DEPT_DIR -o FILE   render one department to a PDF\n"
               "  check DEPT_DIR            check the annex's arithmetic and cross-table rules\n"
               "  fonts [DEPT_DIR]          the fonts of each role and their coverage\n"
               "  batch ROOT -o DIR         render every department folder under ROOT\n"
               "\n"
               "Options:\n"
               "  -h, --help       show this help (budgetpdf COMMAND --help for a command's)\n"
               "  -V, --version    print the version\n"
               "\n"
               "Exit codes: 0 ok, 1 a check rule failed, 2 usage, 3 bad input (layout or data),\n"
               "4 output or I/O error, 5 out of memory or of file descriptors.\n");
}

/* Memory a document frees (a table's cells once it is drawn, a whole
 * department in batch) is reused by what comes next instead of being
 * handed back to the system and faulted in again, page by page: large
 * blocks come from the heap, which is not trimmed. First touches of memory
 * are a good part of a render's time. */
static void keep_freed_memory(void)
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 << 20);
#ifdef MADV_HUGEPAGE
    /* The heap is grown once, by address space only (pages cost nothing
     * until touched), and the kernel may back it with 2 MB pages: a long
     * table then takes a few dozen page faults instead of thousands (what
     * glibc's glibc.malloc.hugetlb=1 tunable does). Where transparent huge
     * pages are off this changes nothing. */
    enum { HEAP_RESERVE = 24 << 20, HUGE = 2 << 20 };
    /* volatile: the compiler would drop a malloc freed unused */
    void *volatile probe = malloc(1); /* the heap exists: what follows extends it */
    free(probe);
    char *before = sbrk(0);
    probe = malloc(HEAP_RESERVE);
    free(probe);
    char *after = sbrk(0);
    if (before != (char *)-1 && after != (char *)-1 && after > before) {
        uintptr_t lo = ((uintptr_t)before + HUGE - 1) & ~(uintptr_t)(HUGE - 1);
        if ((uintptr_t)after > lo) madvise((void *)lo, (uintptr_t)after - lo, MADV_HUGEPAGE);
    }
#endif
#endif
}

int main(int argc, char **argv)
{
    keep_freed_memory();
    if (argc < 2) {
        usage_main(stderr);
        return BUDGETPDF_EUSAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        usage_main(stdout);
        return 0;
    }
    if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
        printf("budgetpdf %s\n", budgetpdf_version());
        return 0;
    }
    if (!strcmp(cmd, "render")) return cmd_render(argc - 1, argv + 1);
    if (!strcmp(cmd, "check")) return cmd_check(argc - 1, argv + 1);
    if (!strcmp(cmd, "fonts")) return cmd_fonts(argc - 1, argv + 1);
    if (!strcmp(cmd, "batch")) return cmd_batch(argc - 1, argv + 1);
    fprintf(stderr, "%s: unknown command '%s'\n", prog, cmd);
    usage_main(stderr);
    return BUDGETPDF_EUSAGE;
}
