/* numbering.h — the numbering in front of a table's title or contents line
 * (一、 6. 6、 （六） (6) Ⅵ. ⑥ …), skipped where a name without it is wanted. */
#ifndef BP_NUMBERING_H
#define BP_NUMBERING_H

/* s past its leading numbering and the spaces after it; s itself when it
 * starts with no numbering, or when nothing but numbering follows. */
const char *bp_skip_numbering(const char *s);

#endif
