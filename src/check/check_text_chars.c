/* check_text_chars.c — the small readers every check of the text shares,
 * below them all: a character, a space (ASCII, U+3000, U+00A0), a Han
 * character, and a number with its unit (亿元, 万元, 千元, 元, %). */
#include <string.h>

#include "check_text_priv.h"

uint32_t tx_cp(const char *s, size_t *len)
{
    uint32_t cp = 0;
    size_t n = *s ? (size_t)bp_utf8_decode(s, 4, &cp) : 0;
    if (*s && !n) n = 1, cp = (unsigned char)*s;
    *len = n;
    return cp;
}

bool tx_is_space(const char *s, size_t *len)
{
    if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') return *len = 1, true;
    if (!strncmp(s, "\xE3\x80\x80", 3)) return *len = 3, true; /* U+3000 */
    if (!strncmp(s, "\xC2\xA0", 2)) return *len = 2, true;     /* U+00A0 */
    return false;
}

bool tx_is_han(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3134F);
}

bool tx_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool ascii_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The units a figure in the text is written with, longest first. */
static const struct {
    const char *text;
    int exp;
} units[] = {{"亿元", 8}, {"万元", 4},       {"千元", 3},
             {"元", 0},   {"%", TX_PERCENT}, {"％", TX_PERCENT}};

size_t tx_skip_space(const char *t, size_t i)
{
    size_t n;
    while (t[i] && tx_is_space(t + i, &n))
        i += n;
    return i;
}

bool tx_number_at(const char *t, size_t i, tx_num *out)
{
    if (!tx_is_digit(t[i])) return false;
    if (i > 0 && (tx_is_digit(t[i - 1]) || ascii_alpha(t[i - 1]) || t[i - 1] == '.' ||
                  t[i - 1] == ',' || t[i - 1] == '_'))
        return false;
    size_t j = i;
    while (tx_is_digit(t[j]))
        j++;
    while (t[j] == ',' && tx_is_digit(t[j + 1]) && tx_is_digit(t[j + 2]) && tx_is_digit(t[j + 3]) &&
           !tx_is_digit(t[j + 4]))
        j += 4;
    if (t[j] == '.' && tx_is_digit(t[j + 1]))
        for (j++; tx_is_digit(t[j]);)
            j++;
    if (ascii_alpha(t[j])) return false;
    out->at = i;
    out->end = j;
    out->parsed = !number_parse(t + i, j - i, &out->v);
    out->unit_exp = TX_NO_UNIT;
    out->unit_at = out->unit_end = j;
    size_t k = tx_skip_space(t, j);
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++)
        if (!strncmp(t + k, units[u].text, strlen(units[u].text))) {
            out->unit_exp = units[u].exp;
            out->unit_at = k;
            out->unit_end = k + strlen(units[u].text);
            break;
        }
    return true;
}
