/* cli_memory.c — the malloc tuning of the commands that lay out and write
 * documents (render, batch). It is process-wide, so it belongs to the
 * program, never to the library, and is applied only by those commands,
 * after their options are parsed (not for --help, check or fonts). */
#include "cli.h"

#ifdef __GLIBC__
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

/* Memory a document frees (a table's cells once it is drawn, a whole
 * department in batch) is reused by what comes next instead of being
 * handed back to the system and faulted in again, page by page: large
 * blocks come from the heap, which is not trimmed. The heap is also grown
 * once, by address space only (pages cost nothing until touched), and the
 * kernel may back it with 2 MB pages (what glibc's glibc.malloc.hugetlb=1
 * tunable does): a long table then takes a few hundred page faults instead
 * of thousands. Where transparent huge pages are off the reserve changes
 * nothing. Measured (callgrind, /usr/bin/time minor faults): the
 * 3,000-project table 3,777 -> 779 faults, the seed 1,801 -> 942, for
 * +3.5 MB of peak RSS. */
void cli_memory_for_documents(void)
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 << 20);
#ifdef MADV_HUGEPAGE
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

/* For a render whose fonts are subset on threads of their own: those
 * threads allocate from the main heap, grown and backed by huge pages
 * already, instead of a fresh malloc arena each, every page of which would
 * be faulted in (the seed: 1,397 -> 942 faults). */
void cli_memory_one_arena(void)
{
#ifdef __GLIBC__
    mallopt(M_ARENA_MAX, 1);
#endif
}
