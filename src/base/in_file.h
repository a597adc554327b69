/* in_file.h — opening the run's input files safely: regular files only,
 * never blocking on a FIFO or a device, and the files named inside a
 * folder (department.yaml and the CSVs in the department folder; set.yaml,
 * the table layouts and the rules file in the layout set folder) resolved
 * inside that folder after symbolic links (docs/limits.md: Files). */
#ifndef BP_IN_FILE_H
#define BP_IN_FILE_H

#include "util.h"

/* Reads path like bp_read_file (util.h), and refuses it (BP_EINPUT) unless
 * it resolves, after every symbolic link, to a regular file inside the
 * folder dir; what names dir in the message ("the department folder"). The
 * message never shows the content nor the target of a refused link. */
int bp_read_file_in(bp_arena *a, const char *dir, const char *what, const char *path, char **data,
                    size_t *len, bp_error *e);

/* The same check without reading: BP_OK when path is a regular file
 * inside dir (a workbook a department.yaml names, read by its own
 * reader), else the same error. */
int bp_check_file_in(const char *dir, const char *what, const char *path, bp_error *e);

/* The realpath of path (heap, in *real) when it is inside the folder dir
 * after every symbolic link; else BP_EINPUT with bp_read_file_in's
 * message ("PATH: refused: it leads out of WHAT ..."), or path's own
 * error when it cannot be resolved. Used for the entries of a batch root
 * too. */
int bp_inside(const char *dir, const char *what, const char *path, char **real, bp_error *e);

/* True when name is a plain file name: not empty, no '/', not "." or
 * "..". The names of data and layout files in YAML must be. */
bool bp_plain_file_name(const char *name);

#endif
