/* fault_preload.c — a fault for the batch isolation tests
 * (tests/e2e/test_batch_isolation.sh), loaded with LD_PRELOAD into
 * budgetpdf; the library has no test hook of its own. When the process
 * opens a CSV file (".csv") whose path holds a marker, it fails there the
 * way a faulty library would:
 *   CRASHME  dies of SIGSEGV (the default action, so that a sanitizer's
 *            handler does not turn it into an exit);
 *   HANGME   sleeps forever;
 *   HOGME    maps and touches memory until it is refused (16 MB at a
 *            time, at most 256 MB; then the heap's free blocks), keeps it
 *            and goes on: what follows finds the memory exhausted (a
 *            department that needs too much);
 *   KILLME   dies of SIGKILL, as the kernel's out-of-memory killer kills.
 * A batch opens CSV files only in the render of a department (its naming
 * reads department.yaml), so a marker in a department folder's name hits
 * that department's render alone. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static void segv(void)
{
    signal(SIGSEGV, SIG_DFL);
    raise(SIGSEGV);
    _exit(99); /* not reached */
}

/* Takes the memory the address-space limit leaves: large mappings, then
 * the heap's free space (large and small blocks), kept; each phase stops
 * at a cap, so that without a limit it ends (and so that a sanitizer's
 * allocator, whose small blocks come from space it reserved at start and
 * so never fail, leaves the machine alone). */
static void hog(void)
{
    enum { CHUNK = 16 << 20 };
    for (int i = 0; i < 16; i++) {
        char *p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) break;
        memset(p, 1, CHUNK);
    }
    static const size_t sizes[] = {256 << 10, 4 << 10, 64};
    for (int k = 0; k < 3; k++)
        for (size_t got = 0; got < (64u << 20);) {
            char *p = malloc(sizes[k]);
            if (!p) break;
            memset(p, 1, sizes[k]);
            got += sizes[k];
        }
}

static void maybe_fail(const char *path)
{
    size_t n = path ? strlen(path) : 0;
    if (n < 4 || strcmp(path + n - 4, ".csv") != 0) return;
    if (strstr(path, "CRASHME")) segv();
    if (strstr(path, "HOGME")) hog();
    if (strstr(path, "KILLME")) raise(SIGKILL);
    if (strstr(path, "HANGME"))
        for (;;)
            pause();
}

/* The mode argument, when the flags ask for one. */
#define MODE_OF(flags, ap, mode)                                                                   \
    do {                                                                                           \
        if ((flags) & (O_CREAT | O_TMPFILE)) {                                                     \
            va_start(ap, flags);                                                                   \
            mode = va_arg(ap, int);                                                                \
            va_end(ap);                                                                            \
        }                                                                                          \
    } while (0)

int open(const char *path, int flags, ...)
{
    va_list ap;
    int mode = 0;
    MODE_OF(flags, ap, mode);
    maybe_fail(path);
    int (*real)(const char *, int, ...) = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
    return real(path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
    va_list ap;
    int mode = 0;
    MODE_OF(flags, ap, mode);
    maybe_fail(path);
    int (*real)(const char *, int, ...) =
        (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open64");
    return real(path, flags, mode);
}

int openat(int dfd, const char *path, int flags, ...)
{
    va_list ap;
    int mode = 0;
    MODE_OF(flags, ap, mode);
    maybe_fail(path);
    int (*real)(int, const char *, int, ...) =
        (int (*)(int, const char *, int, ...))dlsym(RTLD_NEXT, "openat");
    return real(dfd, path, flags, mode);
}
