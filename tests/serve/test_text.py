#!/usr/bin/env python3
"""test_text.py — the text beside the workbook: the seed's workbook, its
document.md and its previous year's figures uploaded together are checked
and rendered as one department folder, and the PDF is the seed's whole
document byte for byte; the text without the previous year's figures is
refused naming document.md:LINE:COLUMN (and no server path); a text of
another kind is refused."""
import hashlib
import os
import shutil
import subprocess

from client import Client
from harness import BP, PASSWORDS, SEED, Server, check, make_bureau, tmpdir, workbook


def read(p):
    with open(p, "rb") as f:
        return f.read()


def main():
    tmp = tmpdir("text")
    bureau = make_bureau(tmp)
    book = read(workbook(tmp, "seed.xlsx"))
    text = read(os.path.join(SEED, "document.md"))
    prev = read(os.path.join(SEED, "previous-2023.yaml"))
    srv = Server(bureau).start()
    c = Client(srv.base)
    check(c.login("clerk1", PASSWORDS["clerk1"]) == 303, "clerk1 logs in")
    c.get("/d/033")
    st, h, _ = c.upload_files("/d/033/upload", [("workbook", "seed.xlsx", book),
                                                ("text", "document.md", text),
                                                ("previous", "previous-2023.yaml", prev)])
    check(st == 303, "workbook, text and previous year uploaded together")
    st, _, body = c.get(h["Location"])
    check("通过" in body and "4 项警告" in body, "checked whole: 通过 · 4 项警告")
    check("文本 document.md" in body and "上年数 previous-2023.yaml" in body, "the version names them")
    st, pdf = c.get_bytes(h["Location"] + "/pdf")
    ref = os.path.join(tmp, "ref.pdf")
    subprocess.run([BP, "render", SEED, "-o", ref], check=True)
    check(hashlib.sha256(pdf).digest() == hashlib.sha256(read(ref)).digest(),
          "the PDF is the seed's whole document, byte for byte")
    st, h, _ = c.upload_files("/d/033/upload", [("workbook", "seed.xlsx", book),
                                                ("text", "document.md", text)])
    st, _, body = c.get(h["Location"])
    check("无法检查" in body and "document.md:30:130" in body,
          "without the previous year's figures: refused naming document.md:30:130")
    check(tmp not in body and "/work/" not in body, "no server path on the page")
    st, _, _ = c.upload_files("/d/033/upload", [("workbook", "seed.xlsx", book),
                                                ("text", "document.docx", text)])
    check(st == 400, "a text of another kind is refused")
    check(srv.stop() == 0, "the server stops cleanly")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
