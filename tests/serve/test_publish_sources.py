#!/usr/bin/env python3
"""test_publish_sources.py — a version whose text is a clerk's .docx and
whose previous year is last year's workbook is published with the very
bytes its check rendered: the publisher stages a version's files as its
check did (sv_job_inputs), not as document.md and previous.yaml."""
import glob
import hashlib
import os
import shutil
import time

import test_text as T
from client import Client
from harness import PASSWORDS, SEED, Server, check, make_bureau, tmpdir, workbook


def wait_checked(c, loc):
    for _ in range(120):
        st, _, body = c.get(loc)
        if "检查中" not in body:
            return body
        time.sleep(0.5)
    return body


def published_pdfs(bureau, rv, loc):
    for _ in range(240):
        sets = [d for d in glob.glob(os.path.join(bureau, "publish", "*"))
                if not os.path.basename(d).startswith(".")]
        if sets and os.path.exists(os.path.join(sets[0], "index.html")):
            return glob.glob(os.path.join(sets[0], "*.pdf"))
        st, _, body = rv.get(loc)
        if "失败" in body:
            print(body[-1200:])
            return []
        time.sleep(0.5)
    return []


def main():
    tmp = tmpdir("pubsrc")
    bureau = make_bureau(tmp)
    book = T.read(workbook(tmp, "seed.xlsx"))
    last = T.read(T.last_year_workbook(tmp))
    docx = T.gen_docx(os.path.join(SEED, "document.md"), os.path.join(tmp, "document.docx"))
    srv = Server(bureau).start()
    c = Client(srv.base)
    check(c.login("clerk1", PASSWORDS["clerk1"]) == 303, "clerk1 logs in")
    c.get("/d/033")
    st, h, _ = c.upload_files("/d/033/upload", [("workbook", "seed.xlsx", book),
                                                ("text", "document.docx", docx),
                                                ("previous", "book-2023.xlsx", last)])
    check(st == 303, "workbook, .docx text and last year's workbook uploaded")
    loc = h["Location"]
    body = wait_checked(c, loc)
    check("通过" in body, "the version passes")
    st, pdf = c.get_bytes(loc + "/pdf")
    c.get("/d/033")
    check(c.post("/d/033/submit", {})[0] == 303, "submitted")
    rv = Client(srv.base)
    check(rv.login("reviewer", PASSWORDS["reviewer"]) == 303, "the reviewer logs in")
    rv.get("/review")
    check(rv.post("/d/033/approve", {})[0] == 303, "approved")
    st, h, _ = rv.post("/publish", {})
    check(st == 303, "publish started")
    pdfs = published_pdfs(bureau, rv, h["Location"])
    check(len(pdfs) == 1, "the set holds the department's PDF")
    check(hashlib.sha256(T.read(pdfs[0])).digest() == hashlib.sha256(pdf).digest(),
          "the published PDF has the approved version's bytes")
    check(srv.stop() == 0, "the server stops cleanly")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
