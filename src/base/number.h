/* number.h — exact decimal amounts: parsing CSV amount text (no binary
 * floating point) and formatting with decimals, thousands separators and
 * the zero text of a column's number format. */
#ifndef BP_NUMBER_H
#define BP_NUMBER_H

#include "decimal.h"

#define BP_DEC_MAX_SCALE 6

/* How a column (or a row rule) prints its amounts. */
typedef struct bp_numfmt {
    int decimals; /* fixed: the decimals printed; as_entered: the most printed */
    bool thousands;
    const char *zero; /* text printed for a zero value ("" = blank); see zero_number */
    bool as_entered;  /* print the decimals the figure was written with (up to decimals) */
    bool zero_number; /* print zero like any figure (0.00, as entered: as written), not zero */
} bp_numfmt;

/* The keys of a format, for a format that overrides only some of them (a
 * row rule's `format:`). */
enum {
    BP_FMT_DECIMALS = 1, /* decimals and as_entered */
    BP_FMT_THOUSANDS = 2,
    BP_FMT_ZERO = 4, /* zero and zero_number */
};

/* Parses "6828.4", "-12", "6,828.4" (thousands groups must be exactly three
 * digits). Returns 0 on success, else a static message saying why not. */
const char *number_parse(const char *s, size_t len, bp_decimal *out);
/* Formats v by f into buf (rounded half away from zero). */
void number_format(bp_decimal v, const bp_numfmt *f, char *buf, size_t size);
/* Copies into f the keys (BP_FMT_* bits) that over sets. */
void number_format_override(bp_numfmt *f, const bp_numfmt *over, unsigned keys);
/* Rescales to scale (>= v.scale); false on overflow. */
bool number_rescale(bp_decimal v, int scale, bp_decimal *out);
bool number_is_zero(bp_decimal v);

#endif
