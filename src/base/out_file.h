/* out_file.h — writing an output file atomically: a temp file beside the
 * target, unique to this process, written, synced and renamed over the
 * target only when complete (a failed run leaves the target as it was and
 * no temp behind); the temp files of interrupted runs removed by the next
 * run into the folder; an output that is one of the run's inputs refused.
 * Used for the PDF (pdf.c); meant for every file budgetpdf writes. */
#ifndef BP_OUT_FILE_H
#define BP_OUT_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "util.h"

typedef struct bp_out_file {
    char *path; /* the target (heap) */
    char *tmp;  /* the temp file beside it (heap): see bp_out_temp_name */
    int fd;
    bool keep_mode; /* the target existed: it keeps its mode */
    mode_t mode;
} bp_out_file;

/* Creates the temp file of path. The target must not be a folder, a
 * device, a pipe or a socket (BP_EIO). A new file gets the permissions of
 * the umask (0666 less the umask, as any program's new file); an existing
 * target keeps its mode. */
int bp_out_open(bp_out_file *f, const char *path, bp_error *e);
/* bp_out_open whose memory (the names) comes from the heap through a's
 * guard: a failure is BP_ERESOURCE, never an abort (a's fail_after hook
 * refuses it in tests); a may be NULL. Out of memory is BP_ERESOURCE in
 * bp_out_open too. */
int bp_out_open_in(bp_out_file *f, bp_arena *a, const char *path, bp_error *e);
int bp_out_write(bp_out_file *f, const void *p, size_t n, bp_error *e);
/* Syncs (when sync), closes and renames the temp file over the target;
 * on failure removes it (BP_EIO). Frees f's memory either way. */
int bp_out_commit(bp_out_file *f, bool sync, bp_error *e);
/* Closes and removes the temp file (after a failure elsewhere). */
void bp_out_abort(bp_out_file *f);

/* The temp name for a target's file name: "NAME.tmpXXXXXX" (XXXXXX
 * random letters and digits), with NAME shortened, on a character
 * boundary and keeping its extension (.pdf), so that the temp name is at
 * most name_max bytes whenever the target's name is. Returns the heap
 * path of dir/temp with the X's still to fill (their offset in *xs);
 * NULL when out of memory. */
char *bp_out_temp_name(const char *path, long name_max, size_t *xs);

/* Six random letters and digits at x (a temp name's X's; attempt: the
 * how-many-th try, mixed in when the system has no randomness to give). */
void bp_out_fill_random(char *x, unsigned attempt);

/* Removes from the folder of path the temp files of interrupted runs:
 * regular files named like a temp of a PDF or CSV ("*.pdf.tmpXXXXXX",
 * "*.csv.tmpXXXXXX"), last modified more than BP_OUT_SWEEP_MARGIN
 * seconds before `before` (the run's start), and not locked by a live
 * writer (each temp is locked while written). Nothing else is touched;
 * errors (out of memory included) are ignored. Returns how many went. */
#define BP_OUT_SWEEP_MARGIN 2
int bp_out_sweep(const char *path, const struct timespec *before);
/* bp_out_sweep of the folder dir itself (batch: once for all its files). */
int bp_out_sweep_dir(const char *dir, const struct timespec *before);

/* Removes the temp files of the target path that no live writer holds
 * (unlocked), whatever their age: for budgetpdf batch, after the worker
 * process writing path died. Returns how many went. */
int bp_out_remove_temps_of(const char *path);

/* BP_EUSAGE when path names one of the n files inputs[] (same device and
 * inode: the run would replace its own input), else BP_OK. */
int bp_out_check_not_input(const char *path, const char *const *inputs, int n, bp_error *e);

#endif
