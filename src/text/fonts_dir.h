/* fonts_dir.h — adding a fonts folder (--fonts-dir, the project's fonts/)
 * to fontconfig without letting fontconfig meet a FIFO, a device or a
 * socket, on which its own folder scan would block forever. */
#ifndef BP_FONTS_DIR_H
#define BP_FONTS_DIR_H

#include <fontconfig/fontconfig.h>

#include "util.h"

/* Adds the fonts of dir and of its subfolders to the configuration fc
 * (NULL: fontconfig's current one) as application fonts. The folder tree is listed here
 * first: when it holds only regular files and folders, fontconfig scans it
 * (and keeps its cache of it); otherwise each regular file is handed to
 * fontconfig one by one and everything else is left out. Call with
 * fc's use serialised (the font cache's lock, text_font.c). Out of
 * memory while listing is BP_ERESOURCE (e says so) and adds nothing; a
 * dir that is not a folder adds nothing (BP_OK). */
int fonts_dir_add(FcConfig *fc, const char *dir, bp_error *e);
/* fonts_dir_add listing in a (freed by the caller), under a guard of its
 * own: a's fail_after hook refuses its memory in tests. */
int fonts_dir_add_in(bp_arena *a, FcConfig *fc, const char *dir, bp_error *e);

#endif
