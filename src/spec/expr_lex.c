/* expr_lex.c — the characters of the expression language (expr_lex.h). */
#include "expr_lex.h"

#include <string.h>

bool bp_lex_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

size_t bp_lex_cmp(const char *s, size_t n)
{
    if (n == 0) return 0;
    if (n >= 2 && (s[0] == '<' || s[0] == '>') && s[1] == '=') return 2;
    if (s[0] == '=' || s[0] == '<' || s[0] == '>') return 1;
    if (n >= 3 && (!strncmp(s, "≤", 3) || !strncmp(s, "≥", 3))) return 3;
    return 0;
}

bp_op bp_lex_cmp_op(const char *s, size_t len)
{
    if (s[0] == '=') return BP_OP_EQ;
    if (len == 3) return !strncmp(s, "≤", 3) ? BP_OP_LE : BP_OP_GE;
    if (s[0] == '<') return len == 2 ? BP_OP_LE : BP_OP_LT;
    return len == 2 ? BP_OP_GE : BP_OP_GT;
}

size_t bp_lex_mul(const char *s, size_t n)
{
    if (n >= 1 && s[0] == '*') return 1;
    if (n >= 2 && !strncmp(s, "×", 2)) return 2;
    return 0;
}

size_t bp_lex_div(const char *s, size_t n)
{
    if (n >= 1 && s[0] == '/') return 1;
    if (n >= 2 && !strncmp(s, "÷", 2)) return 2;
    return 0;
}

bool bp_lex_ident_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool bp_lex_ident_char(char c)
{
    return bp_lex_ident_start(c) || (c >= '0' && c <= '9');
}

size_t bp_lex_char_len(const char *s)
{
    unsigned char c = (unsigned char)*s;
    size_t n = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    for (size_t i = 1; i < n; i++)
        if (!s[i]) return i;
    return n;
}

static const char *const unit_names[] = {"元",     "十元",   "百元",   "千元", "万元",
                                         "十万元", "百万元", "千万元", "亿元"};
#define NUNITS ((int)(sizeof unit_names / sizeof unit_names[0]))

const char bp_lex_unit_list[] = "元, 千元, 万元, 百万元 or 亿元 (or 十元, 百元, 十万元, 千万元)";

int bp_lex_unit_exp(const char *s, size_t n)
{
    for (int i = 0; s && i < NUNITS; i++)
        if (strlen(unit_names[i]) == n && !memcmp(s, unit_names[i], n)) return i;
    return BP_NO_UNIT;
}

const char *bp_lex_unit_name(int exp)
{
    return exp >= 0 && exp < NUNITS ? unit_names[exp] : NULL;
}

size_t bp_lex_unit_suffix(const char *s, size_t n, int *exp)
{
    size_t best = 0;
    for (int i = 0; i < NUNITS; i++) {
        size_t k = strlen(unit_names[i]);
        if (k <= n && k > best && !memcmp(s + n - k, unit_names[i], k)) best = k, *exp = i;
    }
    return best;
}
