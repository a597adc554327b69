/* doc_docx.c — a .docx's paragraphs (workbook_docx.h) as the document's
 * Markdown (doc_source.h): which paragraph is a part, a section or a
 * sub-section heading, which a list item, which body text. A file whose
 * paragraphs have outline levels or heading styles (Word's 标题 1…,
 * LibreOffice's and WPS's outline levels) is read by them alone; a file
 * without any by the numbering a clerk types: 第一部分 a part, 一、 a
 * section, （一） a sub-section, each on a short line (a part's up to 80
 * characters, the others' up to 40) not ending as a sentence.
 * A paragraph typed "1." or "1．", or numbered by Word, is a list item. */
#include <string.h>

#include "doc_source.h"
#include "workbook_docx.h"

#define CN_DIGITS "一二三四五六七八九十百零〇两"

/* The length of the Chinese numeral at s (0: none). */
static size_t cn_numeral(const char *s)
{
    size_t n = 0;
    while (s[n] && (unsigned char)s[n] >= 0xE0) {
        const char *d = strstr(CN_DIGITS, (char[4]){s[n], s[n + 1], s[n + 2], 0});
        if (!d || (d - CN_DIGITS) % 3) break;
        n += 3;
    }
    return n;
}

const char *doc_skip_spaces(const char *s)
{
    for (;;) {
        if (*s == ' ' || *s == '\t')
            s++;
        else if (!strncmp(s, "\xE3\x80\x80", 3))
            s += 3;
        else
            return s;
    }
}

static bool starts(const char *s, const char *p)
{
    return !strncmp(s, p, strlen(p));
}

/* The heading level the numbering typed at the start of t gives: 1 for
 * 第X部分, 2 for X、, 3 for （X）; 0 for none, or a line too long or
 * ending as a sentence to be a heading. */
int doc_typed_level(const char *t)
{
    size_t chars = bp_utf8_count(t, strlen(t));
    if (chars > 80 || strstr(t, "{{")) return 0;
    size_t n = strlen(t);
    while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\n'))
        n--;
    static const char *const stops[] = {"。", "；", "，", "：", ";", ",", ":"};
    for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++) {
        size_t k = strlen(stops[i]);
        if (n >= k && !strncmp(t + n - k, stops[i], k)) return 0;
    }
    size_t k;
    if (starts(t, "第") && (k = cn_numeral(t + 3)) && starts(t + 3 + k, "部分")) return 1;
    if (chars > 40) return 0; /* a part's title may be long, a section's not */
    if ((k = cn_numeral(t)) && starts(t + k, "、")) return 2;
    const char *open = starts(t, "（") ? t + 3 : starts(t, "(") ? t + 1 : NULL;
    if (open && (k = cn_numeral(open)) && (starts(open + k, "）") || starts(open + k, ")")))
        return 3;
    return 0;
}

/* A number typed as a list label at the start of t ("1." "1．" "1)"
 * followed by text): the number, *skip the characters of the label and the
 * space after it. 0: none. */
int doc_typed_number(const char *t, int *skip)
{
    int v = 0, i = 0;
    while (t[i] >= '0' && t[i] <= '9' && i < 4)
        v = v * 10 + (t[i++] - '0');
    if (!i || t[i] == '0') return 0;
    const char *after = NULL;
    if (t[i] == '.' || t[i] == ')')
        after = t + i + 1;
    else if (starts(t + i, "．"))
        after = t + i + 3;
    if (!after || (*after >= '0' && *after <= '9') || !*doc_skip_spaces(after)) return 0;
    *skip = i + 1 + (int)bp_utf8_count(after, (size_t)(doc_skip_spaces(after) - after));
    return v;
}

int doc_docx_markdown(bp_arena *a, const bp_docx *d, bp_text_md *out, bp_error *e)
{
    bool styled = false;
    for (int i = 0; i < d->nparas && !styled; i++)
        styled = d->paras[i].level > 0 && *doc_skip_spaces(d->paras[i].text);
    md_builder b;
    md_builder_init(&b, a);
    int counters[64] = {0};
    for (int i = 0; i < d->nparas; i++) {
        const bp_docx_para *p = &d->paras[i];
        const char *t = doc_skip_spaces(p->text);
        int lead = (int)bp_utf8_count(p->text, (size_t)(t - p->text));
        if (!*t) continue;
        int level = styled ? p->level : doc_typed_level(t), skip = 0, number = 0;
        if (level == 0 && p->numbered)
            number = ++counters[p->num_id > 0 && p->num_id < 64 ? p->num_id : 0];
        else if (level == 0)
            number = doc_typed_number(t, &skip);
        for (int k = 0; k < skip; k++) /* the typed label: the list's number stands for it */
            t += (unsigned char)*t < 0x80 ? 1 : (unsigned char)*t < 0xE0 ? 2 : 3;
        md_builder_para(&b, i + 1, level, number, t, lead + skip);
    }
    BP_TRY(md_builder_finish(&b, out, d->path, e));
    out->kind = BP_TEXT_DOCX;
    out->file = d->path;
    return BP_OK;
}
