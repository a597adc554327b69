/* out_dir.h — writing an output folder atomically (budgetpdf import): the
 * files go into a hidden temp folder beside the target, are synced, and the
 * folder is renamed into place only when complete, so that the target is at
 * every instant either its complete old content or the complete new one.
 * An existing, non-empty target is replaced only when asked (force), its
 * previous content then kept as NAME.old. The temp folders of killed runs
 * are removed by the next run into the same parent folder. An output folder
 * that is, holds or lies inside the folder of one of the run's inputs is
 * refused. docs/workbook.md, "import", says it for users. */
#ifndef BP_OUT_DIR_H
#define BP_OUT_DIR_H

#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>

#include "util.h"

/* The file every temp folder holds while it is written: the sweep removes
 * only an unlocked folder named like a temp that holds it. Unlinked from
 * the new folder just after the folder is in place (a run killed between
 * the two leaves it there, hidden and harmless). */
#define BP_OUT_DIR_MARKER ".budgetpdf-import-temp"

typedef struct bp_out_dir {
    char path[PATH_MAX];     /* the target as given, for messages */
    char real[PATH_MAX];     /* its real path (parent/name) */
    char parent[PATH_MAX];   /* the real path of the folder it is in */
    char name[NAME_MAX + 1]; /* its name in parent */
    char tmp[NAME_MAX + 1];  /* the temp folder's name in parent */
    int parent_fd, fd;       /* fd: the temp folder, locked while it is written */
    bool exists, empty;      /* the target is a folder; it holds nothing */
    mode_t mode;             /* the existing target's permissions */
    bool no_exchange;        /* tests: act as if RENAME_EXCHANGE were missing */
} bp_out_dir;

/* Where path leads: fills d's names (a symbolic link is followed: the
 * folder it leads to is the one replaced). BP_EUSAGE when path is empty,
 * "/", or something other than a folder; BP_EIO (BP_ERESOURCE) when its
 * parent folder cannot be found. Opens nothing. */
int bp_out_dir_resolve(bp_out_dir *d, const char *path, bp_error *e);

/* BP_EUSAGE when the resolved target holds one of the n files inputs[]
 * (NULL entries skipped) or is or lies inside the folder of one, compared
 * by device and inode (symbolic links, bind mounts), else BP_OK. */
int bp_out_dir_check_inputs(const bp_out_dir *d, const char *const *inputs, int n, bp_error *e);

/* BP_EUSAGE when the resolved target exists, is not empty and force is
 * not given (or its name leaves no room for ".old"), else BP_OK. */
int bp_out_dir_check_force(const bp_out_dir *d, bool force, bp_error *e);
/* Starts writing: refuses an existing, non-empty target unless force
 * (BP_EUSAGE), sweeps the parent's stale temp folders, and creates this
 * run's temp folder ".NAME.import-XXXXXX" (locked, with the marker). On
 * failure nothing is left open. */
int bp_out_dir_open(bp_out_dir *d, bool force, bp_error *e);
/* Writes one file (a plain name) into the temp folder, synced. */
int bp_out_dir_write(bp_out_dir *d, const char *name, const void *p, size_t n, bp_error *e);
/* Syncs the temp folder and puts it in place: a missing or empty target
 * is replaced by one rename; a non-empty one is exchanged with it
 * (renameat2 RENAME_EXCHANGE; where missing, renamed aside then the new
 * one in), the old content then named NAME.old (an older NAME.old is
 * removed). On failure the target and NAME.old are as they were and the
 * temp folder is removed. Closes everything either way. */
int bp_out_dir_commit(bp_out_dir *d, bp_error *e);
/* Removes the temp folder and closes everything (after a failure
 * elsewhere); does nothing when d is not open. */
void bp_out_dir_abort(bp_out_dir *d);

/* ---- out_dir_sweep.c ---- */

/* Whether name is a temp folder's name: ".*.import-XXXXXX" (letters and
 * digits for X). */
bool bp_out_dir_is_temp_name(const char *name);
/* Removes from the folder parent_fd the temp folders of killed runs:
 * folders named like a temp, not locked by a live run, and holding the
 * marker (removed with everything in them) or empty and last changed more
 * than BP_OUT_DIR_SWEEP_MARGIN seconds ago (a run killed before it marked
 * its folder). A temp-named folder that holds files but no marker is the
 * previous content of a target, left by a run killed between two renames:
 * it stays. Nothing else is touched; errors are ignored. Returns how many
 * went. */
#define BP_OUT_DIR_SWEEP_MARGIN 2
int bp_out_dir_sweep(int parent_fd);
/* Removes the folder fd (open, named name in parent_fd) and everything in
 * it, never following a symbolic link; the marker goes last, so that a
 * removal cut short is finished by the next sweep. false when something
 * is left. */
bool bp_out_dir_remove(int parent_fd, const char *name, int fd);

#endif
