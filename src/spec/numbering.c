/* numbering.c — recognises the numbering forms of published annexes in
 * front of a title: Chinese numerals or digits (ASCII or full width) with
 * a separator (一、 6. 6、 6．), in brackets (（六） (六) （6） (6)), Roman
 * numerals (Ⅵ、) and circled numbers (⑥). */
#include "numbering.h"

#include <string.h>

#include "util.h"

static uint32_t peek(const char *s, int *len)
{
    uint32_t cp = 0;
    *len = bp_utf8_decode(s, strlen(s), &cp);
    return *len ? cp : 0;
}

static bool is_digit(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19); /* ０-９ */
}

static bool is_chinese_numeral(uint32_t c)
{
    static const uint32_t n[] = {
        0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03,
        0x516B, 0x4E5D, 0x5341, 0x3007, 0x96F6, 0x767E, 0x4E24}; /* 一…十〇零百两 */
    for (size_t i = 0; i < sizeof n / sizeof n[0]; i++)
        if (c == n[i]) return true;
    return false;
}

static bool is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == 0x3000;
}

/* Skips a run of code points that pass is(); returns how many. */
static int skip_run(const char **p, bool (*is)(uint32_t))
{
    int n = 0, len;
    while (is(peek(*p, &len)))
        *p += len, n++;
    return n;
}

/* After a number: 、 . ． (a full stop not followed by a digit: 6.5 is a
 * figure) ) ）; the position after it, or NULL. */
static const char *separator(const char *p)
{
    int len, next;
    uint32_t c = peek(p, &len);
    if (c == 0x3001 || c == ')' || c == 0xFF09) return p + len; /* 、 ) ） */
    if ((c == '.' || c == 0xFF0E) && !is_digit(peek(p + len, &next))) return p + len;
    return NULL;
}

static const char *skip_number(const char *s)
{
    const char *p = s;
    int len;
    uint32_t c = peek(p, &len);
    if (c == '(' || c == 0xFF08) { /* ( （ */
        p += len;
        if (!skip_run(&p, is_digit) && !skip_run(&p, is_chinese_numeral)) return NULL;
        c = peek(p, &len);
        return c == ')' || c == 0xFF09 ? p + len : NULL;
    }
    if (c >= 0x2460 && c <= 0x2473) return p + len; /* ①…⑳ */
    if (c >= 0x2160 && c <= 0x217F) {               /* Ⅰ…ⅿ */
        p += len;
        const char *q = separator(p);
        return q ? q : is_space(peek(p, &len)) ? p : NULL;
    }
    if (skip_run(&p, is_digit)) return separator(p);           /* "2024 年" is no numbering */
    if (skip_run(&p, is_chinese_numeral)) return separator(p); /* 一般… is no numbering */
    return NULL;
}

const char *bp_skip_numbering(const char *s)
{
    const char *p = skip_number(s);
    if (!p) return s;
    skip_run(&p, is_space);
    return *p ? p : s;
}
