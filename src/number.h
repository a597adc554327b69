/* number.h — exact decimal amounts: parsing CSV amount text (no binary
 * floating point) and formatting with decimals, thousands separators and
 * the zero text of a column's number format. */
#ifndef BP_NUMBER_H
#define BP_NUMBER_H

#include "util.h"

#define BP_DEC_MAX_SCALE 6

/* How a column prints its amounts. */
typedef struct bp_numfmt {
    int decimals;
    bool thousands;
    const char *zero; /* text printed for a zero value ("" = blank) */
} bp_numfmt;

/* value = units / 10^scale */
typedef struct bp_decimal {
    int64_t units;
    int scale;
} bp_decimal;

/* Parses "6828.4", "-12", "6,828.4" (thousands groups must be exactly three
 * digits). Returns 0 on success, else a static message saying why not. */
const char *number_parse(const char *s, size_t len, bp_decimal *out);
/* Formats v by f into buf (rounded half away from zero). */
void number_format(bp_decimal v, const bp_numfmt *f, char *buf, size_t size);
/* Rescales to scale (>= v.scale); false on overflow. */
bool number_rescale(bp_decimal v, int scale, bp_decimal *out);
bool number_is_zero(bp_decimal v);

#endif
