#!/usr/bin/env python3
"""test_paths.py — a BUREAU_DIR too long for the paths made from it (issue
25): serve, serve --backup and user refuse it with a message naming it and
a non-zero exit, creating nothing, where they once failed later (SQLite
opens no store whose path is longer than 512 bytes) or cut its paths to
PATH_MAX; one at the limit serves, and a workbook uploaded there is stored
and checked (every path made from it fits)."""
import os
import shutil
import subprocess

from client import Client
from harness import BP, PASSWORDS, Server, bp, check, make_bureau, tmpdir, workbook

LIMIT = 512 - len("/budgetpdf.db-journal") - 1  # SV_BUREAU_MAX (src/serve/serve_priv.h)


def long_dir(tmp, n):
    """A path of exactly n bytes under tmp (components of up to 200 bytes)."""
    p = os.path.join(tmp, "b")
    while len(p) < n:
        p = os.path.join(p, "d" * min(200, n - len(p) - 1))
    return p


def refused(tmp):
    far = long_dir(tmp, LIMIT + 1)
    for args in [["serve", far], ["serve", "--backup", os.path.join(tmp, "x.db"), far],
                 ["user", "add-department", far, "033", "部门"]]:
        r = bp(*args)
        check(r.returncode != 0 and "BUREAU_DIR is too long" in r.stderr,
              f"{' '.join(a for a in args[:2] if a != far)}: a BUREAU_DIR of {len(far)} bytes "
              "is refused")
    check(not os.path.exists(os.path.join(tmp, "b")), "nothing was created")
    check(bp("serve", far).returncode == 2, "serve exits 2 (usage)")
    rel = os.path.relpath(far, tmp)
    r = subprocess.run([BP, "serve", rel], cwd=tmp, capture_output=True, text=True)
    check(r.returncode == 2 and "BUREAU_DIR is too long" in r.stderr,
          f"a relative BUREAU_DIR ({len(rel)} bytes) counts the working folder")


def at_limit(tmp):
    near = os.path.join(long_dir(tmp, LIMIT - len("/bureau")), "bureau")
    check(len(near) == LIMIT, f"a BUREAU_DIR of {len(near)} bytes, the longest")
    check(make_bureau(os.path.dirname(near)) == near, "user add makes its users there")
    book = workbook(tmp, "seed.xlsx")
    srv = Server(near).start()
    c = Client(srv.base)
    check(c.login("clerk1", PASSWORDS["clerk1"]) == 303, "serves it: clerk1 logs in")
    c.get("/d/033")
    with open(book, "rb") as f:
        st, h, _ = c.upload("/d/033/upload", "seed.xlsx", f.read())
    check(st == 303, "a workbook is uploaded")
    st, _, body = c.get(h["Location"])
    check("通过" in body, "and checked there (通过)")
    check(srv.stop() == 0, "the server stops cleanly")


def main():
    tmp = tmpdir("paths")
    refused(tmp)
    at_limit(tmp)
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
