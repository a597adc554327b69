#!/usr/bin/env python3
"""test_text.py — the text beside the workbook: the seed's workbook, its
document.md and its previous year's figures uploaded together are checked
and rendered as one department folder, and the PDF is the seed's whole
document byte for byte; the text without the previous year's figures is
refused naming document.md:LINE:COLUMN (and no server path); a text of
another kind, or whose content is not what its name says, is refused.
The text as a clerk's .docx (tests/e2e/gen_docx.py, python3-docx) gives
the same words as document.md, its figures bound; a bad figure in it is
refused naming document.docx:PARAGRAPH:COLUMN, a corrupt one names
document.docx and costs no crash; last year's workbook as the previous
year gives the figures previous-2023.yaml gives."""
import hashlib
import os
import shutil
import subprocess
import sys

from client import Client
from harness import (BP, BUILD, PASSWORDS, SEED, SRC, Server, check, make_bureau, tmpdir,
                     workbook)


def read(p):
    with open(p, "rb") as f:
        return f.read()


def words(pdf):
    """The PDF's text without spaces and line breaks (pdftotext)."""
    out = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, check=True).stdout
    return out.decode("utf-8").translate({ord(ch): None for ch in " \n\f"})


def gen_docx(md, out):
    subprocess.run([sys.executable, os.path.join(SRC, "tests/e2e/gen_docx.py"), md, out,
                    "--shape", "outline"], check=True)
    return read(out)


def paragraph_of(path, phrase):
    import docx
    ps = docx.Document(path).paragraphs
    return next(i for i, p in enumerate(ps, 1) if phrase in p.text)


def version_words(c, tmp, loc):
    st, pdf = c.get_bytes(loc + "/pdf")
    out = os.path.join(tmp, "served.pdf")
    with open(out, "wb") as f:
        f.write(pdf)
    return st, words(out)


def docx_cases(c, tmp, book, prev, words_ref):
    """The text as a .docx: the seed's words with their figures; a bad
    figure's place; a corrupt file."""
    docx = gen_docx(os.path.join(SEED, "document.md"), os.path.join(tmp, "document.docx"))
    st, h, _ = c.upload_files("/d/033/upload", [("workbook", "seed.xlsx", book),
                                                ("text", "document.docx", docx),
                                                ("previous", "previous-2023.yaml", prev)])
    check(st == 303, "workbook, .docx text and previous year uploaded together")
    st, _, body = c.get(h["Location"])
    check("通过" in body and "文本 document.docx" in body, "the .docx text: 通过, the version names it")
    st, got = version_words(c, tmp, h["Location"])
    check(st == 200 and "收入增加4590.6万元" in got and "6828.4" in got,
          "its figures are bound (收入增加4590.6万元, 6828.4)")
    check(got == words_ref, "the PDF has the words of the seed's document.md render")
    with open(os.path.join(SEED, "document.md"), encoding="utf-8") as f:
        md = f.read()
    bad_md = os.path.join(tmp, "bad.md")
    with open(bad_md, "w", encoding="utf-8") as f:
        f.write(md.replace("01[in_item=收入总计].in_amount }}万元，支出",
                           "01[in_item=收入总计].nosuch }}万元，支出"))
    bad = gen_docx(bad_md, os.path.join(tmp, "bad.docx"))
    para = paragraph_of(os.path.join(tmp, "bad.docx"), "nosuch")
    st, h, _ = c.upload_files("/d/033/upload", [("workbook", "seed.xlsx", book),
                                                ("text", "bad.docx", bad),
                                                ("previous", "previous-2023.yaml", prev)])
    st, _, body = c.get(h["Location"])
    check("无法检查" in body and f"document.docx:{para}:51" in body and "nosuch" in body,
          f"a bad figure in the .docx: 无法检查 naming document.docx:{para}:51")
    check(f"文本 document.docx 第 {para} 段第 51 列有误" in body,
          f"said in Chinese: 文本 document.docx 第 {para} 段第 51 列有误")
    check(tmp not in body and "/work/" not in body, "no server path on the page")
    cut = docx[:len(docx) // 2]
    st, h, _ = c.upload_files("/d/033/upload", [("workbook", "seed.xlsx", book),
                                                ("text", "cut.docx", cut)])
    st, _, body = c.get(h["Location"])
    check("无法检查" in body and "文本 document.docx 无法读取" in body and "异常终止" not in body,
          "a corrupt .docx: 无法检查：文本 document.docx 无法读取, no crash")
    check(tmp not in body and "/work/" not in body, "no server path on the page")


def last_year_workbook(tmp):
    """tmp/book-2023.xlsx: the seed of 2023 with its totals, as in
    tests/e2e/test_text_policy.sh (its path)."""
    last = os.path.join(tmp, "2023")
    shutil.copytree(SEED, last)
    for name in ("document.md", "previous-2023.yaml"):
        os.unlink(os.path.join(last, name))
    edits = {"department.yaml": [("year: 2024", "year: 2023")],
             "01-income-expense.csv": [("收入总计,6828.4,支出总计,6828.4",
                                        "收入总计,2237.8,支出总计,2237.8")],
             "04-fiscal-income-expense.csv": [("收入合计:,6828.4,支出合计,6828.4,6828.4,6828.4,,",
                                               "收入合计:,2237.8,支出合计,2237.8,2237.8,2237.8,,")]}
    for name, subs in edits.items():
        p = os.path.join(last, name)
        with open(p, encoding="utf-8") as f:
            t = f.read()
        for a, b in subs:
            check(a in t, f"the 2023 copy: {name} has '{a}'")
            t = t.replace(a, b)
        if name == "department.yaml":
            t = "".join(l for l in t.splitlines(True) if not l.startswith("previous:"))
        with open(p, "w", encoding="utf-8") as f:
            f.write(t)
    out = os.path.join(tmp, "book-2023.xlsx")
    subprocess.run([os.path.join(BUILD, "gen-annex-workbook"), last,
                    os.path.join(SRC, "layouts/standard-2024"), out], check=True,
                   stdout=subprocess.DEVNULL)
    return out


def previous_workbook(c, tmp, book, text, words_ref):
    """Last year's workbook as the previous year (docs/document.md, "Last
    year's department")."""
    out = last_year_workbook(tmp)
    st, h, _ = c.upload_files("/d/033/upload", [("workbook", "seed.xlsx", book),
                                                ("text", "document.md", text),
                                                ("previous", "book-2023.xlsx", read(out))])
    check(st == 303, "workbook, text and last year's workbook uploaded together")
    st, _, body = c.get(h["Location"])
    check("通过" in body and "上年数 book-2023.xlsx" in body, "last year's workbook: 通过")
    st, got = version_words(c, tmp, h["Location"])
    check(st == 200 and got == words_ref,
          "the PDF has the seed's words: change() from last year's workbook")
    st, h, _ = c.upload_files("/d/033/upload", [("workbook", "seed.xlsx", book),
                                                ("previous", "book-2023.xlsx", read(out))])
    st, _, body = c.get(h["Location"])
    check(st == 200 and "通过" in body and "4 项警告" in body,
          "the workbook with last year's workbook and no text: 通过 · 4 项警告, as alone")


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
                                                ("text", "document.pdf", text)])
    check(st == 400, "a text of another kind is refused")
    st, _, body = c.upload_files("/d/033/upload", [("workbook", "seed.xlsx", book),
                                                   ("text", "document.docx", text)])
    check(st == 400 and "内容与其扩展名不符" in body, "a .docx that is not a zip is refused")
    st, _, body = c.upload_files("/d/033/upload", [("workbook", "seed.xlsx", book),
                                                   ("text", "document.md", book)])
    check(st == 400 and "内容与其扩展名不符" in body, "a .md that is a zip is refused")
    st, _, body = c.upload_files("/d/033/upload", [("workbook", "seed.xlsx", book),
                                                   ("previous", "book-2023.xlsx", prev)])
    check(st == 400 and "内容与其扩展名不符" in body, "a previous .xlsx that is not a zip is refused")
    words_ref = words(ref)
    docx_cases(c, tmp, book, prev, words_ref)
    previous_workbook(c, tmp, book, text, words_ref)
    check(srv.stop() == 0, "the server stops cleanly")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
