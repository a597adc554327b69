/* bind_src.c — reading a text's source for bind and draft: the {{ }}
 * figures in it, and the line and column of a byte. */
#include <string.h>

#include "bind_priv.h"

/* The {{ }} figure at or after *i in src: its text [*at, *end) between the
 * braces, *i moved past it; false when there is none. */
bool bind_next_figure(const char *src, size_t len, size_t *i, size_t *open, size_t *close)
{
    const char *p = *i < len ? strstr(src + *i, "{{") : NULL;
    if (!p) return false;
    const char *q = strstr(p + 2, "}}");
    if (!q) return false;
    *open = (size_t)(p - src);
    *close = (size_t)(q - src);
    *i = *close + 2;
    return true;
}

/* Line and column (characters) of byte off of src, from the cursor
 * (*from, *line, *col) before it. */
void bind_line_col(const char *src, size_t off, size_t *from, int *line, int *col)
{
    for (; *from < off; (*from)++) {
        if (src[*from] == '\n')
            (*line)++, *col = 1;
        else if (((unsigned char)src[*from] & 0xC0) != 0x80)
            (*col)++;
    }
}
