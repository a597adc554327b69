/* decimal.h — the one exact-decimal module of the stages above: amounts as
 * 128-bit integers at a fixed scale of 10^-BP_EXACT_SCALE (no binary
 * floating point anywhere a figure is compared or printed), scaled by a
 * power of ten for a unit (万元 = 10^4 元), rounded half away from zero, and
 * formatted by one function (bp_exact_format) for the tables' number
 * formats (number.h), the check messages, the text checks and the figures
 * of the document's text. */
#ifndef BP_DECIMAL_H
#define BP_DECIMAL_H

#include "util.h"

/* A figure's own decimals are at most 6 (BP_DEC_MAX_SCALE); one more keeps
 * half of its last unit exact (rounding tolerances). */
#define BP_EXACT_SCALE 7

__extension__ typedef __int128 bp_exact;

/* value = units / 10^scale (the parsed form of an amount's text) */
typedef struct bp_decimal {
    int64_t units;
    int scale;
} bp_decimal;

/* 10^n, 0 <= n <= 36. */
bp_exact bp_exact_pow10(int n);
/* d at BP_EXACT_SCALE; d.scale <= BP_EXACT_SCALE. */
bp_exact bp_exact_of(bp_decimal d);
/* d × 10^exp at BP_EXACT_SCALE: d in a unit of 10^exp of the base unit
 * (a 万元 figure in 元: exp 4); d.scale - exp <= BP_EXACT_SCALE. */
bp_exact bp_exact_in_unit(bp_decimal d, int exp);
/* |v|, v at scale, rounded half away from zero to `decimals` (<= scale):
 * in units of 10^-decimals. */
bp_exact bp_exact_round_abs(bp_exact v, int scale, int decimals);

/* How bp_exact_format writes a value. */
typedef struct bp_exact_style {
    int decimals;     /* rounded half away from zero to this many decimals */
    int min_decimals; /* trailing zeros dropped down to this many (= decimals: kept) */
    bool thousands;   /* 6,828.4 */
} bp_exact_style;

/* v / 10^scale as text into buf (always terminated; cut at size): a '-'
 * unless it rounds to zero, the integer digits (with ',' every three when
 * thousands), then the decimals the style keeps. Returns the length the
 * whole text has. */
size_t bp_exact_format(bp_exact v, int scale, const bp_exact_style *st, char *buf, size_t size);
/* The same, in the arena. */
const char *bp_exact_text(bp_arena *a, bp_exact v, int scale, const bp_exact_style *st);
/* v / 10^scale written exactly: every decimal down to min_decimals, no
 * thousands separators ("5209.05", at min 1 "5209.0"). */
const char *bp_exact_plain(bp_arena *a, bp_exact v, int scale, int min_decimals);

#endif
