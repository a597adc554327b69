/* json.h — a small JSON writer (json.c): values appended to a growing
 * buffer, commas and nesting kept by the writer, strings escaped (quotes,
 * backslashes, control characters as \uXXXX) and always valid UTF-8 (a
 * byte that is not is written as U+FFFD). One line, no spaces. */
#ifndef BP_CLI_JSON_H
#define BP_CLI_JSON_H

#include <stdbool.h>
#include <stddef.h>

#define JSON_MAX_DEPTH 32

typedef struct json_out {
    char *buf; /* NUL-terminated */
    size_t len, cap;
    bool oom;                       /* a growth failed: the text is cut short */
    int depth;                      /* open objects and arrays */
    bool comma[JSON_MAX_DEPTH + 1]; /* a value was written at this depth */
    bool after_key;
} json_out;

void json_init(json_out *j);
void json_free(json_out *j);
/* Empties the buffer for the next document. */
void json_reset(json_out *j);

void json_object(json_out *j); /* { */
void json_end_object(json_out *j);
void json_array(json_out *j); /* [ */
void json_end_array(json_out *j);
/* A member's name, inside an object (its value follows). */
void json_key(json_out *j, const char *k);
/* A string (NULL: null). */
void json_string(json_out *j, const char *s);
void json_int(json_out *j, long long v);
void json_number(json_out *j, double v); /* two decimals (points on a page) */
void json_bool(json_out *j, bool v);
void json_null(json_out *j);

#endif
