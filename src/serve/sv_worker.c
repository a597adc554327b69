/* sv_worker.c — the isolated check of one upload: a process of its own
 * (budgetpdf serve --worker, started by sv_job.c under limits), so a file
 * that crashes a reader costs only this process. Writes into its job
 * folder findings.tsv (one finding a line), report.pdf (the check report:
 * every finding framed on its page), doc.pdf (the render, when the rules
 * hold) and, last, result.tsv (status, counts, message). */
#include <limits.h>
#include <stdio.h>
#include <string.h>

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
        put_field(out, fields[i], i == n - 1);
}

int bp_serve_worker(const char *jobdir, const char *input, const char *layouts_path)
{
    char path[PATH_MAX], report[PATH_MAX], doc[PATH_MAX], err[4096] = "";
    budgetpdf_options opt = {0};
    if (layouts_path && *layouts_path) opt.layouts_path = layouts_path;
    snprintf(path, sizeof path, "%s/findings.tsv", jobdir);
    snprintf(report, sizeof report, "%s/report.pdf", jobdir);
    snprintf(doc, sizeof doc, "%s/doc.pdf", jobdir);
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        return 4;
    }
    budgetpdf_check_result res = {0};
    int rc = budgetpdf_check_ex(input, &opt, report, on_finding, f, &res, err, sizeof err);
    if (fclose(f)) rc = BUDGETPDF_EIO;
    budgetpdf_render_result rr = {0};
    if (rc == BUDGETPDF_OK) {
        char rerr[4096] = "";
        int r2 = budgetpdf_render_ex(input, doc, &opt, &rr, rerr, sizeof rerr);
        if (r2 != BUDGETPDF_OK) {
            rc = r2;
            snprintf(err, sizeof err, "%s", rerr);
        }
    }
    snprintf(path, sizeof path, "%s/result.tsv", jobdir);
    f = fopen(path, "w");
    if (!f) return 4;
    fprintf(f, "%s\t%d\t%d\t%d\t", budgetpdf_status_word(rc), res.errors,
            res.warnings + res.roundings, rr.pages);
    put_field(f, err, true);
    return fclose(f) ? 4 : 0;
}
