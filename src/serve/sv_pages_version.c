/* sv_pages_version.c — one uploaded version: its result (通过 / N 项错误 /
 * M 项警告), the findings in a table, and the pages of the document (the
 * render the clerk would publish, or the preview of a failing one) as
 * images with each finding's boxes framed over them (a finding's number
 * and page link to its box); links to the PDF and the report. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve_priv.h"

void sv_result_html(sv_buf *b, sqlite3_stmt *st, int c)
{
    const char *state = sv_col(st, c), *status = sv_col(st, c + 1);
    long long errors = sqlite3_column_int64(st, c + 2), warnings = sqlite3_column_int64(st, c + 3);
    if (!strcmp(state, "checking")) {
        sv_put(b, "<span class=\"warn result\">检查中…</span>");
        return;
    }
    if (!strcmp(status, "ok"))
        sv_put(b, "<span class=\"ok result\">通过</span>");
    else if (!strcmp(status, "check"))
        sv_printf(b, "<span class=\"bad result\">%lld 项错误</span>", errors);
    else {
        sv_put(b, "<span class=\"bad result\">无法检查</span>：");
        sv_esc(b, sv_col(st, c + 4));
        return;
    }
    if (warnings) sv_printf(b, " · <span class=\"warn\">%lld 项警告</span>", warnings);
}

static const char *severity_zh(const char *s)
{
    return !strcmp(s, "error") ? "错误" : !strcmp(s, "rounding") ? "舍入差异" : "警告";
}

/* A finding's row: its number and page link to its box (#fSEQ). */
static void finding_row(sv_buf *b, sqlite3_stmt *st)
{
    long long seq = sqlite3_column_int64(st, 0), page = sqlite3_column_int64(st, 9);
    bool placed = sqlite3_column_int64(st, 10) > 0;
    sv_printf(b, "<tr class=\"finding %s\" id=\"r%lld\"><td>", sv_col(st, 1), seq);
    if (placed)
        sv_printf(
            b, "<a href=\"#f%lld\">%lld</a></td><td class=\"pg\"><a href=\"#f%lld\">第 %lld 页</a>",
            seq, seq + 1, seq, page + 1);
    else
        sv_printf(b, "%lld</td><td class=\"pg\">未绘出", seq + 1);
    sv_printf(b, "</td><td>%s</td>", severity_zh(sv_col(st, 1)));
    for (int i = 2; i <= 8; i++) {
        sv_put(b, "<td>");
        sv_esc(b, sv_col(st, i));
        sv_put(b, "</td>");
    }
    sv_put(b, "</tr>");
}

/* The findings table; fills onpage[p] when page p has boxes. */
static void findings_html(sv_buf *b, sqlite3 *db, long long vid, int *onpage, int npages)
{
    sqlite3_stmt *st =
        sv_query(db,
                 "SELECT f.seq, f.severity, f.table_name, f.row_label, f.column_name, f.expected,"
                 " f.found, f.source, f.message, f.page,"
                 " EXISTS(SELECT 1 FROM finding_boxes b WHERE b.finding_id=f.id) FROM findings f"
                 " WHERE f.version_id=? ORDER BY f.seq",
                 "i", vid);
    sv_put(b, "<h2>检查结果</h2><table id=\"findings\"><tr><th>#</th><th>页</th><th>类别</th>"
              "<th>表</th><th>行</th><th>列</th><th>应为</th><th>实为</th><th>来源</th>"
              "<th>说明</th></tr>");
    while (st && sqlite3_step(st) == SQLITE_ROW)
        finding_row(b, st);
    sv_put(b, "</table>");
    sqlite3_finalize(st);
    st = sv_query(db,
                  "SELECT DISTINCT b.page FROM finding_boxes b JOIN findings f"
                  " ON f.id=b.finding_id WHERE f.version_id=?",
                  "i", vid);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        long long p = sqlite3_column_int64(st, 0);
        if (p >= 0 && p < npages) onpage[p] = 1;
    }
    sqlite3_finalize(st);
}

/* The boxes on page (0-based) as links over its image, placed in percent
 * of the page: a finding's first box is its anchor (#fSEQ, :target
 * marks it), every box links back to the finding's row. */
static void boxes_html(sv_buf *b, sqlite3 *db, long long vid, int page)
{
    sqlite3_stmt *st =
        sv_query(db,
                 "SELECT f.seq, f.severity, b.x0, b.y0, b.x1, b.y1, b.page_w, b.page_h, f.message,"
                 " b.id=(SELECT MIN(id) FROM finding_boxes WHERE finding_id=f.id)"
                 " FROM finding_boxes b JOIN findings f ON f.id=b.finding_id"
                 " WHERE f.version_id=? AND b.page=? AND b.page_w>0 AND b.page_h>0 ORDER BY b.id",
                 "ii", vid, (long long)page);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        long long seq = sqlite3_column_int64(st, 0);
        double x0 = sqlite3_column_double(st, 2), y0 = sqlite3_column_double(st, 3);
        double x1 = sqlite3_column_double(st, 4), y1 = sqlite3_column_double(st, 5);
        double w = sqlite3_column_double(st, 6), h = sqlite3_column_double(st, 7);
        sv_printf(b, "<a class=\"box %s\" ", sv_col(st, 1));
        if (sqlite3_column_int64(st, 9)) sv_printf(b, "id=\"f%lld\" ", seq);
        sv_printf(b,
                  "href=\"#r%lld\" style=\"left:%.3f%%;top:%.3f%%;width:%.3f%%;height:%.3f%%\""
                  " title=\"",
                  seq, 100 * x0 / w, 100 * y0 / h, 100 * (x1 - x0) / w, 100 * (y1 - y0) / h);
        sv_esc(b, sv_col(st, 8));
        sv_put(b, "\"></a>");
    }
    sqlite3_finalize(st);
}

/* The image's size (drawn at 96 dpi) when a box gives its page's: the
 * page keeps its place while it loads, so a jump to a box lands on it. */
static void img_size(sv_buf *b, sqlite3 *db, long long vid, int page)
{
    sqlite3_stmt *st = sv_query(db,
                                "SELECT b.page_w, b.page_h FROM finding_boxes b JOIN findings f"
                                " ON f.id=b.finding_id WHERE f.version_id=? AND b.page=? LIMIT 1",
                                "ii", vid, (long long)page);
    if (st && sqlite3_step(st) == SQLITE_ROW)
        sv_printf(b, " width=\"%.0f\" height=\"%.0f\"", sqlite3_column_double(st, 0) * 96 / 72,
                  sqlite3_column_double(st, 1) * 96 / 72);
    sqlite3_finalize(st);
}

static void pages_html(sv_buf *b, sqlite3 *db, long long vid, int npages, const int *onpage,
                       bool all)
{
    sv_printf(b, "<h2>页面（共 %d 页）</h2><p>", npages);
    sv_printf(b,
              all ? "<a href=\"/v/%lld\">只看有问题的页面</a>"
                  : "<a href=\"/v/%lld?pages=all\">显示全部页面</a>",
              vid);
    sv_put(b, "</p>");
    for (int p = 0; p < npages; p++) {
        if (!all && !onpage[p]) continue;
        sv_printf(b,
                  "<div><p>第 %d 页</p><div class=\"page\" id=\"p%d\"><img loading=\"lazy\" "
                  "src=\"/v/%lld/page/%d.png\" alt=\"第 %d 页\"",
                  p + 1, p + 1, vid, p + 1, p + 1);
        img_size(b, db, vid, p);
        sv_put(b, ">");
        boxes_html(b, db, vid, p);
        sv_put(b, "</div></div>");
    }
}

static void head_html(sv_buf *b, sqlite3_stmt *st, long long vid, const sv_dept *d)
{
    sv_put(b, "<p>部门：<a href=\"/d/");
    sv_url(b, d->code);
    sv_put(b, "\">");
    sv_esc(b, d->name);
    sv_printf(b, "</a> · 第 %lld 版 · ", sqlite3_column_int64(st, 5));
    sv_esc(b, sv_col(st, 6));
    if (*sv_col(st, 12)) {
        sv_put(b, " · 文本 ");
        sv_esc(b, sv_col(st, 12));
    }
    if (*sv_col(st, 13)) {
        sv_put(b, " · 上年数 ");
        sv_esc(b, sv_col(st, 13));
    }
    sv_put(b, " · 上传人 ");
    sv_esc(b, sv_col(st, 7));
    sv_put(b, " · ");
    sv_esc(b, sv_col(st, 8));
    sv_put(b, "</p><p id=\"status\">检查结果：");
    sv_result_html(b, st, 0);
    sv_put(b, "</p>");
    if (*sv_col(st, 4) && strcmp(sv_col(st, 1), "ok") && strcmp(sv_col(st, 1), "check")) {
        sv_put(b, "<p class=\"msg\" id=\"message\">");
        sv_esc(b, sv_col(st, 4));
        sv_put(b, "</p>");
    }
    sv_put(b, "<p>");
    if (*sv_col(st, 9)) sv_printf(b, "<a id=\"pdf\" href=\"/v/%lld/pdf\">下载 PDF</a> · ", vid);
    if (*sv_col(st, 10)) sv_printf(b, "<a href=\"/v/%lld/report.pdf\">下载校验报告</a>", vid);
    sv_put(b, "</p>");
}

int sv_version_page(sv_req *r, long long vid, const sv_dept *d)
{
    sqlite3_stmt *st = sv_query(r->db,
                                "SELECT " SV_RESULT_COLS ", v.n, v.filename, u.name, v.created,"
                                " COALESCE(v.pdf_sha256,''), COALESCE(v.report_sha256,''),"
                                " COALESCE(v.pages,0), COALESCE(v.text_name,''),"
                                " COALESCE(v.previous_name,'') FROM versions v JOIN users u"
                                " ON u.id=v.user_id WHERE v.id=?",
                                "i", vid);
    if (!st || sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return sv_reply_error(r, 404, "没有这个版本");
    }
    sv_buf b = {0};
    sv_page_begin(&b, r, "检查结果");
    head_html(&b, st, vid, d);
    int npages = (int)sqlite3_column_int64(st, 11);
    sqlite3_finalize(st);
    int *onpage = calloc((size_t)npages + 1, sizeof *onpage);
    if (!onpage) return MHD_NO;
    findings_html(&b, r->db, vid, onpage, npages);
    const char *q = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "pages");
    pages_html(&b, r->db, vid, npages, onpage, q && !strcmp(q, "all"));
    free(onpage);
    sv_page_end(&b);
    return sv_reply_html(r, 200, &b);
}
