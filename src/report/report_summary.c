/* report_summary.c — the check report's summary pages (report.h): the
 * result (errors, warnings, rounding differences, rules and comparisons),
 * what each colour of the marks means, and every finding, numbered, with a
 * link to the page and cell it marks (or a word that it is not drawn),
 * inserted in front of the document. */
#include "report.h"

#include <string.h>

#include "layout_priv.h"

#define PAGE_W (210 * BP_MM)
#define PAGE_H (297 * BP_MM)
#define MARGIN (20 * BP_MM)
#define SIZE 10.0
#define GAP 4.0 /* points between blocks */

/* One paragraph of the summary. */
typedef struct sblock {
    text_block text;
    double indent; /* points (a legend line leaves room for its sample) */
    int legend;    /* a bp_mark_style sample before the text, -1: none */
    int target;    /* page index the block links to (after the insertion), -1: none */
    double dest_y;
    double gap_before;
    int page;   /* summary page, set by paginate */
    double top; /* y of its top, set by paginate */
} sblock;

typedef struct summary {
    bp_layout_ctx *ctx;
    bp_arena *a;
    const bp_report *r;
    const report_place *places;
    bp_vec blocks; /* sblock */
    int npages;
} summary;

static int add_block(summary *s, const char *text, bp_role role, double size, bool bold,
                     bp_align align, int legend, double gap)
{
    BP_TRY(layout_check_text(s->ctx, role, text, "the check report's summary"));
    sblock *b = bp_vec_push(s->a, &s->blocks);
    b->legend = legend;
    b->target = -1;
    b->gap_before = gap;
    b->indent = legend >= 0 ? 28 : 0;
    b->text.size = size;
    b->text.line_spacing = 1.35;
    b->text.scale = 1;
    b->text.role = role;
    b->text.bold = bold;
    b->text.align = align;
    text_origin o = {"the check report's summary", NULL, NULL, NULL, 0};
    return layout_wrap_block(s->ctx, s->a, &b->text, text, PAGE_W - 2 * MARGIN - b->indent, &o);
}

/* The head: title, department, result, legend. */
static int head_blocks(summary *s)
{
    const bp_department *d = s->ctx->dept;
    const bp_check_stats *st = &s->r->st;
    BP_TRY(add_block(s, "校验报告", BP_ROLE_TITLE, 20, false, BP_ALIGN_CENTER, -1, 0));
    BP_TRY(add_block(
        s,
        "本文件标出预算表中未通过校验的单元格和正文中有问题的文字，供审核使用，不得作为公开文件。",
        BP_ROLE_BODY, SIZE, false, BP_ALIGN_CENTER, -1, GAP));
    const char *code = d->code ? d->code : "";
    const char *who = bp_sprintf(s->a, "部门：%s%s%s%s，%d年", d->name, code[0] ? "（" : "", code,
                                 code[0] ? "）" : "", d->year);
    BP_TRY(add_block(s, who, BP_ROLE_BODY, SIZE, false, BP_ALIGN_LEFT, -1, 3 * GAP));
    BP_TRY(add_block(s, bp_sprintf(s->a, "数据：%s", s->r->dept_dir), BP_ROLE_BODY, SIZE, false,
                     BP_ALIGN_LEFT, -1, 0));
    const char *result = bp_sprintf(
        s->a, "结果：%s。错误 %d 项，警告 %d 项，舍入差异 %d 项；共运行规则 %d 条，比较 %d 次。",
        st->errors ? "未通过" : "通过", st->errors, st->warnings, st->roundings, st->rules,
        st->comparisons);
    BP_TRY(add_block(s, result, BP_ROLE_BODY, SIZE, true, BP_ALIGN_LEFT, -1, GAP));
    BP_TRY(add_block(s, "标记：", BP_ROLE_BODY, SIZE, false, BP_ALIGN_LEFT, -1, 2 * GAP));
    BP_TRY(add_block(s, "红框：规则判定有误的单元格（印出的合计或被检查的数）或正文中的文字",
                     BP_ROLE_BODY, SIZE, false, BP_ALIGN_LEFT, BP_MARK_WRONG, 0));
    BP_TRY(add_block(s, "蓝框：与之比较的单元格（相加的各项、另一张表的数）", BP_ROLE_BODY, SIZE,
                     false, BP_ALIGN_LEFT, BP_MARK_COMPARED, 0));
    BP_TRY(add_block(s, "橙色虚线框：舍入差异或警告（不妨碍发布，供核对）", BP_ROLE_BODY, SIZE,
                     false, BP_ALIGN_LEFT, BP_MARK_QUIET, 0));
    BP_TRY(add_block(s,
                     "紫色虚线框：可能有误的单元格（合计不符，而合计或所加的几个数也未通过其他"
                     "规则，无法判定是哪一个，请逐一核对）",
                     BP_ROLE_BODY, SIZE, false, BP_ALIGN_LEFT, BP_MARK_CANDIDATE, 0));
    return BP_OK;
}

/* How the summary names page p (an index into doc's pages before the
 * summary's): by the page label a viewer shows and the footer prints
 * ("第 6 页", "第 3-2 页"), or by its place in the file when it has no
 * decimal label ("文件第 9 页"); nsum: the summary's pages, before it. */
static const char *page_name(bp_arena *a, const bp_doc *doc, int p, int nsum)
{
    const bp_label *l = doc->labels.items, *in = NULL;
    for (int i = 0; i < doc->labels.n; i++)
        if (l[i].page <= p) in = &l[i];
    if (in && in->style == BP_LABEL_DECIMAL)
        return bp_sprintf(a, "第 %s%d 页", in->prefix ? in->prefix : "", in->first + p - in->page);
    return bp_sprintf(a, "文件第 %d 页", p + nsum + 1);
}

/* A message on the summary: one paragraph (its line breaks, from a
 * cell's text, become spaces), cut after about 300 bytes: every block fits
 * a page, and the note on the cell has it all. */
static const char *summary_line(bp_arena *a, const char *msg)
{
    size_t n = strlen(msg), cut = n > 300 ? 300 : n;
    while (cut < n && ((unsigned char)msg[cut] & 0xC0) == 0x80)
        cut--;
    char *s = bp_sprintf(a, "%.*s%s", (int)cut, msg, cut < n ? "…" : "");
    for (char *p = s; *p; p++)
        if (*p == '\n' || *p == '\t') *p = ' ';
    return s;
}

/* The list: one block per finding, linking to its cell; nsum: the number
 * of summary pages (a page without a label is named by its place in the file,
 * which counts them). */
static int list_blocks(summary *s, const bp_doc *doc, int nsum)
{
    int n = s->r->findings.n;
    const bp_finding *f = s->r->findings.items;
    const char *head =
        n ? bp_sprintf(s->a, "问题清单（%d 项；点击一项转到它所在的页和单元格）", n) : "问题清单";
    BP_TRY(add_block(s, head, BP_ROLE_BODY, SIZE + 1, true, BP_ALIGN_LEFT, -1, 3 * GAP));
    if (!n) return add_block(s, "未发现问题。", BP_ROLE_BODY, SIZE, false, BP_ALIGN_LEFT, -1, GAP);
    for (int i = 0; i < n; i++) {
        const report_place *p = &s->places[i];
        bool in_text = f[i].text_end > f[i].text_start; /* a finding in the document's text */
        const char *where =
            p->page < 0 ? (in_text           ? "正文未绘出"
                           : f[i].ncells     ? "单元格未绘出"
                           : f[i].table >= 0 ? "表中无对应单元格"
                                             : "版式文字")
            : in_text   ? bp_sprintf(s->a, "正文，%s", page_name(s->a, doc, p->page, nsum))
            : p->wrong  ? page_name(s->a, doc, p->page, nsum)
                       : bp_sprintf(s->a, "该单元格未绘出（表无数据行），比较的单元格在%s",
                                    page_name(s->a, doc, p->page, nsum));
        const char *text =
            bp_sprintf(s->a, "%d. [%s] %s：%s", i + 1, check_severity_word(f[i].severity), where,
                       summary_line(s->a, f[i].message));
        BP_TRY(add_block(s, text, BP_ROLE_BODY, SIZE - 1, false, BP_ALIGN_LEFT, -1, GAP));
        sblock *b = (sblock *)s->blocks.items + s->blocks.n - 1;
        if (p->page >= 0) {
            b->target = p->page + nsum;
            b->dest_y = p->top + 36;
        }
    }
    return BP_OK;
}

static double block_h(const sblock *b)
{
    return block_height(&b->text);
}

/* Blocks onto pages by the one pager (layout_paginate_job, as every page
 * kind): a block moves whole to the next page when it does not fit, the
 * space before it dropped where it begins a page; sets each block's page
 * and top, and s->npages. */
static int paginate(summary *s)
{
    sblock *b = s->blocks.items;
    int n = s->blocks.n;
    bp_pag_item *items = bp_alloc(s->a, (size_t)(n + 1) * sizeof *items);
    double *space = bp_alloc(s->a, (size_t)(n + 1) * sizeof *space);
    for (int i = 0; i < n; i++) {
        items[i].height = block_h(&b[i]);
        space[i] = b[i].gap_before;
    }
    bp_vec out;
    bp_vec_init(&out, sizeof(bp_piece));
    bp_pag_job job = {.items = items,
                      .n = n,
                      .space = space,
                      .first_cap = PAGE_H - 2 * MARGIN,
                      .cap = PAGE_H - 2 * MARGIN,
                      .a = s->a,
                      .out = &out,
                      .e = s->ctx->c->e};
    BP_TRY(layout_paginate_job(&job));
    const bp_piece *pc = out.items;
    double y = 0;
    for (int k = 0; k < out.n; k++) {
        sblock *bk = &b[pc[k].item];
        if (k == 0 || pc[k].page != pc[k - 1].page)
            y = PAGE_H - MARGIN;
        else
            y -= bk->gap_before;
        bk->page = pc[k].page;
        bk->top = y;
        y -= block_h(bk);
    }
    s->npages = job.npages;
    return BP_OK;
}

static int build(summary *s, const bp_doc *doc, int nsum)
{
    s->blocks.n = 0;
    BP_TRY(head_blocks(s));
    BP_TRY(list_blocks(s, doc, nsum));
    return paginate(s);
}

static void draw(summary *s, bp_doc *doc)
{
    const sblock *b = s->blocks.items;
    double w = PAGE_W - 2 * MARGIN;
    for (int i = 0; i < s->blocks.n; i++) {
        bp_page *pg = dl_page(doc, b[i].page);
        double h = block_h(&b[i]), x = MARGIN + b[i].indent;
        layout_draw_lines(s->ctx, doc, pg, &b[i].text,
                          &(bp_cell_box){x, b[i].top, w - b[i].indent, h, 0});
        if (b[i].legend >= 0) {
            double y = b[i].top - h / 2;
            dl_mark(doc, pg, MARGIN + 2, y - 5, MARGIN + 22, y + 5, (bp_mark_style)b[i].legend,
                    b[i].legend == BP_MARK_WRONG || b[i].legend == BP_MARK_CANDIDATE ? 1.6 : 1.0);
        }
        if (b[i].target >= 0) {
            const bp_page *tp = dl_page(doc, b[i].target);
            double dy = b[i].dest_y < tp->height ? b[i].dest_y : 0;
            dl_link_to(doc, pg, MARGIN, b[i].top - h, MARGIN + w, b[i].top, b[i].target, dy);
        }
    }
}

/* A vector's last element moved to its front. */
static void to_front(bp_vec *v)
{
    if (v->n < 2) return;
    char *p = v->items;
    char tmp[64];
    size_t sz = v->size;
    if (sz > sizeof tmp) return;
    memcpy(tmp, p + (size_t)(v->n - 1) * sz, sz);
    memmove(p + sz, p, (size_t)(v->n - 1) * sz);
    memcpy(p, tmp, sz);
}

int report_summary(bp_layout_ctx *ctx, bp_doc *doc, const bp_report *r, const report_place *places)
{
    summary s = {ctx, ctx->c->a, r, places, {0}, 1};
    bp_vec_init(&s.blocks, sizeof(sblock));
    /* page numbers in the list count the summary pages: lay it out until
     * their number holds */
    int nsum = 1;
    for (;;) { /* more pages only make longer numbers: nsum grows, then holds */
        BP_TRY(build(&s, doc, nsum));
        if (s.npages <= nsum) break;
        nsum = s.npages;
    }
    dl_insert_pages(doc, 0, nsum, PAGE_W, PAGE_H);
    draw(&s, doc);
    dl_label(doc, 0, BP_LABEL_DECIMAL, "校验报告-", 1);
    to_front(&doc->labels);
    dl_outline(doc, "校验报告：问题清单", 0, 0);
    to_front(&doc->outlines);
    return BP_OK;
}
