/* sv_worker.c — the isolated check of one upload: a process of its own
 * (budgetpdf serve --worker, started by sv_job.c under limits), so a file
 * that crashes a reader costs only this process. Writes into its job
 * folder findings.tsv (one finding a line, with its boxes on the rendered
 * document: budgetpdf_options.finding_boxes, as check --format json),
 * report.pdf (the check report), doc.pdf (the render, when the rules hold)
 * or else preview.pdf (the same render with the failures let through: the
 * pages the server shows, never published) and, last, result.tsv (status,
 * counts, pages, message). bp_serve_render is the publisher's cheaper mode
 * (budgetpdf serve --render): the approved version's doc.pdf alone. */
#include <dirent.h>
#include <sys/stat.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "budgetpdf.h"
#include "serve_priv.h"

/* s with tab, newline and backslash escaped (\t \n \\); NULL as "". */
static void put_field(FILE *f, const char *s, bool last)
{
    for (const char *p = s ? s : ""; *p; p++) {
        if (*p == '\t')
            fputs("\\t", f);
        else if (*p == '\n')
            fputs("\\n", f);
        else if (*p == '\\')
            fputs("\\\\", f);
        else if (*p != '\r')
            fputc(*p, f);
    }
    fputc(last ? '\n' : '\t', f);
}

static void on_finding(void *ud, const budgetpdf_finding *f)
{
    FILE *out = ud;
    const char *sev = f->severity == BUDGETPDF_CHECK_ERROR     ? "error"
                      : f->severity == BUDGETPDF_CHECK_WARNING ? "warning"
                                                               : "rounding";
    const char *fields[] = {sev,         f->kind,  f->table_name, f->row,    f->column,
                            f->expected, f->found, f->where,      f->message};
    int n = (int)(sizeof fields / sizeof fields[0]);
    for (int i = 0; i < n; i++)
        put_field(out, fields[i], false);
    /* its boxes: "page x y x2 y2" (page 0-based, PDF points from the
     * bottom left of the page's frame), ';' between them */
    for (int i = 0; i < f->nboxes; i++) {
        const budgetpdf_finding_box *b = &f->boxes[i];
        fprintf(out, "%s%d %.3f %.3f %.3f %.3f", i ? ";" : "", b->page, b->x, b->y, b->x2, b->y2);
    }
    fputc('\n', out);
}

/* The render: doc.pdf when no rule fails; when one does, preview.pdf with
 * the failures let through (opt->no_check), whose pages the server shows
 * with the findings framed (the boxes are of this very layout). */
static int render(const char *jobdir, int check_rc, budgetpdf_options *opt, const char *input,
                  budgetpdf_render_result *rr, char *err, size_t errlen)
{
    char out[PATH_MAX], rerr[4096] = "";
    if (check_rc != BUDGETPDF_OK && check_rc != BUDGETPDF_ECHECK) return check_rc;
    snprintf(out, sizeof out, "%s/%s", jobdir, check_rc ? "preview.pdf" : "doc.pdf");
    opt->no_check = check_rc != BUDGETPDF_OK;
    int rc = budgetpdf_render_ex(input, out, opt, rr, rerr, sizeof rerr);
    if (check_rc) return check_rc; /* a preview that cannot be drawn: no pages */
    if (rc != BUDGETPDF_OK) snprintf(err, errlen, "%s", rerr);
    return rc;
}

/* Removes the flat folder dir (the import's). */
static void remove_flat(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[PATH_MAX];
    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            unlink(path);
        }
    if (d) closedir(d);
    rmdir(dir);
}

/* The department name the workbook gives (its import's department.yaml
 * name:), in name, and that file's settings (name, code, year, unit,
 * layouts, encoding) in head; "" when it cannot be read (the check then
 * says why). */
static void workbook_name(const char *jobdir, const char *input, const budgetpdf_options *opt,
                          char *name, size_t size, char head[2048])
{
    char dir[PATH_MAX], yaml[PATH_MAX], err[1024], line[1024];
    name[0] = head[0] = 0;
    snprintf(dir, sizeof dir, "%s.import", jobdir);
    remove_flat(dir);
    if (budgetpdf_import(input, dir, opt, err, sizeof err) != BUDGETPDF_OK) return;
    snprintf(yaml, sizeof yaml, "%s/department.yaml", dir);
    FILE *f = fopen(yaml, "r");
    while (f && fgets(line, sizeof line, f)) {
        if (line[0] != '#' && strncmp(line, "previous:", 9) && strncmp(line, "workbook:", 9) &&
            strlen(head) + strlen(line) < 2048)
            strcat(head, line);
        if (!strncmp(line, "name: \"", 7)) {
            char *end = strrchr(line + 7, '"');
            if (end) *end = 0;
            snprintf(name, size, "%s", line + 7);
        }
    }
    if (f) fclose(f);
    remove_flat(dir);
}

/* The last part of path. */
static const char *base_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Links path into folder dir under its own name; 0 or -1. */
static int link_into(const char *dir, const char *path)
{
    char to[PATH_MAX];
    snprintf(to, sizeof to, "%s/%s", dir, base_of(path));
    return link(path, to);
}

/* jobdir/dept: a department folder of the workbook (linked in, named by
 * workbook:), the text (document.md or document.docx, found as the CLI
 * finds it) and the previous year's figures or workbook (previous:), each
 * under the name sv_job.c gave it (a workbook in last-year/), with head's
 * settings. Its path in out; 0 or -1. */
static int make_dept(const char *jobdir, const char *input, const char *text, const char *prev,
                     const char *head, char out[PATH_MAX])
{
    char path[PATH_MAX];
    bool has_prev = prev && *prev;
    snprintf(out, PATH_MAX, "%s/dept", jobdir);
    snprintf(path, sizeof path, "%s/last-year", out);
    remove_flat(path); /* of an earlier run of this job */
    remove_flat(out);
    if (mkdir(out, 0750) || link_into(out, input)) return -1;
    if (text && *text && link_into(out, text)) return -1;
    /* last year's workbook in a folder of its own: one beside department.yaml
     * would be read with this year's settings */
    const char *sub = has_prev && !strstr(base_of(prev), ".yaml") ? "last-year/" : "";
    snprintf(path, sizeof path, "%s/last-year", out);
    if (*sub && mkdir(path, 0750)) return -1;
    if (has_prev && link_into(*sub ? path : out, prev)) return -1;
    snprintf(path, sizeof path, "%s/department.yaml", out);
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    fprintf(f, "# written by budgetpdf serve for a check\n%sworkbook: \"%s\"\n", head,
            base_of(input));
    if (has_prev) fprintf(f, "previous: \"%s%s\"\n", sub, base_of(prev));
    return fclose(f) ? -1 : 0;
}

/* A fault of the .docx text said in Chinese first, naming its place:
 * "文本 document.docx 第 12 段第 51 列有误：" (paragraph and column, as the
 * reader gives them) or "文本 document.docx 无法读取：", then the reader's
 * own words. */
static void docx_lead(char *err, size_t size)
{
    const char *at = strstr(err, "document.docx:");
    if (!at) return;
    char lead[128], *old = strdup(err);
    int para, col;
    if (sscanf(at + 14, "%d:%d:", &para, &col) == 2)
        snprintf(lead, sizeof lead, "文本 document.docx 第 %d 段第 %d 列有误：", para, col);
    else
        snprintf(lead, sizeof lead, "文本 document.docx 无法读取：");
    if (old) snprintf(err, size, "%s%s", lead, old);
    free(old);
}

/* The department folder (a text or last year's given) or the workbook
 * itself: what is checked and rendered. wname: the workbook's name. */
static const char *input_of(const char *jobdir, const char *input, const budgetpdf_options *opt,
                            const char *text, const char *prev, char wname[512],
                            char dept[PATH_MAX])
{
    char head[2048];
    workbook_name(jobdir, input, opt, wname, 512, head);
    /* with a text or last year's: the department folder of them, checked and rendered whole */
    if (((text && *text) || (prev && *prev)) && *head &&
        make_dept(jobdir, input, text, prev, head, dept) == 0)
        return dept;
    return input;
}

/* result.tsv: status, errors, warnings, pages, message. */
static int write_result(const char *jobdir, int rc, const budgetpdf_check_result *res, int pages,
                        const char *err)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/result.tsv", jobdir);
    FILE *f = fopen(path, "w");
    if (!f) return 4;
    fprintf(f, "%s\t%d\t%d\t%d\t", budgetpdf_status_word(rc), res->errors,
            res->warnings + res->roundings, pages);
    put_field(f, err, true);
    return fclose(f) ? 4 : 0;
}

int bp_serve_worker(const char *jobdir, const char *input, const char *layouts_path,
                    const char *dept_name, const char *text, const char *prev)
{
    char path[PATH_MAX], report[PATH_MAX], err[4096] = "";
    budgetpdf_options opt = {0};
    if (layouts_path && *layouts_path) opt.layouts_path = layouts_path;
    opt.finding_boxes = true; /* each finding's boxes on the rendered document */
    snprintf(path, sizeof path, "%s/findings.tsv", jobdir);
    snprintf(report, sizeof report, "%s/report.pdf", jobdir);
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        return 4;
    }
    budgetpdf_check_result res = {0};
    char wname[512], dept[PATH_MAX];
    int rc = BUDGETPDF_OK;
    input = input_of(jobdir, input, &opt, text, prev, wname, dept);
    if (dept_name && *dept_name && *wname && strcmp(wname, dept_name)) {
        snprintf(err, sizeof err,
                 "工作簿中的部门名称「%s」与本部门「%s」不一致，请上传本部门的工作簿", wname,
                 dept_name);
        rc = BUDGETPDF_EINPUT;
    } else
        rc = budgetpdf_check_ex(input, &opt, report, on_finding, f, &res, err, sizeof err);
    if (fclose(f)) rc = BUDGETPDF_EIO;
    budgetpdf_render_result rr = {0};
    rc = render(jobdir, rc, &opt, input, &rr, err, sizeof err);
    if (rc != BUDGETPDF_OK && rc != BUDGETPDF_ECHECK) docx_lead(err, sizeof err);
    return write_result(jobdir, rc, &res, rr.pages, err);
}

/* The publisher's worker (budgetpdf serve --render): an approved
 * version's document only, jobdir/doc.pdf, from the same inputs and
 * options as its check's render, so the bytes are the approved PDF's (the
 * publisher compares their sha256). No check report, no findings file and
 * no name test (the approved version passed them); the render's own
 * checks still stop it if a rule fails. Then result.tsv. */
int bp_serve_render(const char *jobdir, const char *input, const char *layouts_path,
                    const char *text, const char *prev)
{
    char out[PATH_MAX], err[4096] = "", wname[512], dept[PATH_MAX];
    budgetpdf_options opt = {0};
    if (layouts_path && *layouts_path) opt.layouts_path = layouts_path;
    opt.finding_boxes = true; /* as the check's render */
    if ((text && *text) || (prev && *prev))
        input = input_of(jobdir, input, &opt, text, prev, wname, dept);
    snprintf(out, sizeof out, "%s/doc.pdf", jobdir);
    budgetpdf_check_result res = {0};
    budgetpdf_render_result rr = {0};
    int rc = budgetpdf_render_ex(input, out, &opt, &rr, err, sizeof err);
    if (rc != BUDGETPDF_OK && rc != BUDGETPDF_ECHECK) docx_lead(err, sizeof err);
    return write_result(jobdir, rc, &res, rr.pages, err);
}
