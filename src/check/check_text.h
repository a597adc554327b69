/* check_text.h — the checks on the document's text (docs/document.md,
 * "Checks on the text"): figures typed instead of written as {{ }}
 * expressions, shares that do not add up to 100%, years, the department's
 * name, repeated words, clauses and paragraphs, and leftover template text
 * in the department's document.md, reported like the table checks (file,
 * line and column in characters). Part of the check stage: run by
 * check_run_document (check.h), which budgetpdf check calls after
 * check_run. */
#ifndef BP_CHECK_TEXT_H
#define BP_CHECK_TEXT_H

#include "check_priv.h"

/* The document's text, in the department folder. */
#define BP_DOCUMENT_FILE "document.md"

/* Lints R->dept->dir/document.md when the folder has one (nothing when it
 * has none, or when the department has no folder). A file that cannot be
 * read or is not UTF-8 is an error of the call (R->c->e: BP_EINPUT, naming
 * file:line:column); what the checks find is reported through R. */
int check_document(run *R);

/* The same over text already in memory; path names it in messages. */
int check_document_text(run *R, const char *path, const char *text, size_t len);

#endif
