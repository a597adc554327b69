#!/usr/bin/env python3
"""gen_docx.py — a department's document.md written as a .docx the way a
clerk makes one (python3-docx, Debian's python3-docx; tests only), for
tests/e2e/test_docx.sh.

    gen_docx.py DOCUMENT.md OUT.docx [--shape styles|outline|typed]
                [--table N] [--image N]

One paragraph per Markdown paragraph, heading or list item, in the style
of a published 预算公开说明: the title centred, parts and 一、 sections in
黑体, （一） sub-sections in 楷体, body text in 仿宋 16 pt with a first-line
indent, every body paragraph split over several runs (cut anywhere, even
inside a {{ }} figure, as Word's revision marks and spell checking cut
them). Figures ({{ }}) and typed numbers are copied as they are.

Shapes: `styles` (Word: 标题 1/2/3 heading styles, the title in the Title
style); `outline` (LibreOffice / WPS: no heading styles, each heading a
plain paragraph with its outline level, w:outlineLvl); `typed` (neither:
headings are bold paragraphs, known only by their typed numbering; body
paragraphs indented with two full-width spaces).
--table N / --image N put a table / an image after the N-th paragraph."""
import argparse
import re
import struct
import sys
import tempfile
import zlib

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt


def blocks_of(md):
    """(kind, level, text) of each Markdown block: kind 'h' (level 1-4),
    'li' (a list item, its number), 'p'."""
    md = re.sub(r"<!--.*?-->", "", md, flags=re.S)
    out = []
    for block in re.split(r"\n\s*\n", md):
        lines = [ln.rstrip() for ln in block.strip("\n").split("\n") if ln.strip()]
        if not lines:
            continue
        if lines[0].startswith("#"):
            m = re.match(r"(#+)\s+(.*)", lines[0])
            out.append(("h", len(m.group(1)), m.group(2)))
        elif len(lines) > 1 and re.fullmatch(r"=+|-+", lines[-1]):
            out.append(("h", 1 if lines[-1][0] == "=" else 2, "\n".join(lines[:-1])))
        elif re.match(r"\d+\.\s", lines[0]):
            for i, ln in enumerate(lines):
                out.append(("li", i + 1, re.sub(r"^\d+\.\s+", "", ln)))
        else:
            text = ""
            for ln in lines:
                if text and text[-1].isascii() and ln[0].isascii():
                    text += " "
                text += ln.strip()
            out.append(("p", 0, text))
    return out


def font(run, name, size, bold=False):
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)


def runs(par, text, name, size, pieces=1, bold=False):
    """text as `pieces` runs cut at even places (a {{ }} may be cut); a
    line break (a heading's, typed with Shift+Enter) as a break."""
    if "\n" in text:
        for i, line in enumerate(text.split("\n")):
            if i:
                par.add_run().add_break()
            runs(par, line, name, size, pieces, bold)
        return
    n = max(1, len(text) // pieces + 1)
    for i in range(0, len(text), n):
        font(par.add_run(text[i:i + n]), name, size, bold)


def outline(par, level):
    ppr = par._p.get_or_add_pPr()
    el = OxmlElement("w:outlineLvl")
    el.set(qn("w:val"), str(level))
    ppr.append(el)


HEAD_FONT = {1: ("黑体", 22), 2: ("黑体", 16), 3: ("楷体", 16), 4: ("仿宋", 16)}


def heading(doc, shape, level, text):
    name, size = HEAD_FONT[min(level, 4)]
    if shape == "styles":
        par = doc.add_heading("", level=min(level, 4))
    else:
        par = doc.add_paragraph()
    runs(par, text, name, size, bold=shape != "styles")
    if shape == "outline":
        outline(par, level - 1)
    if level == 1:
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER


def body(doc, shape, text, first):
    if first:  # the document's title, before any heading
        par = doc.add_heading("", level=0) if shape == "styles" else doc.add_paragraph()
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        runs(par, text, "方正小标宋简体", 22)
        return
    par = doc.add_paragraph()
    if shape == "typed":
        text = "\u3000\u3000" + text
    else:
        par.paragraph_format.first_line_indent = Pt(32)
    runs(par, text, "仿宋", 16, pieces=3)


def png_1x1():
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("md")
    ap.add_argument("out")
    ap.add_argument("--shape", choices=["styles", "outline", "typed"], default="styles")
    ap.add_argument("--table", type=int, default=0)
    ap.add_argument("--image", type=int, default=0)
    a = ap.parse_args()
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "仿宋"
    normal.font.size = Pt(16)
    seen_heading = False
    for n, (kind, level, text) in enumerate(blocks_of(open(a.md, encoding="utf-8").read()), 1):
        if kind == "h":
            heading(doc, a.shape, level, text)
            seen_heading = True
        elif kind == "li":
            par = doc.add_paragraph()
            par.paragraph_format.first_line_indent = Pt(32)
            runs(par, "%d.%s" % (level, text), "仿宋", 16, pieces=2)
        else:
            body(doc, a.shape, text, not seen_heading and n == 1)
        if n == a.table:
            t = doc.add_table(rows=2, cols=2)
            t.cell(0, 0).text = "项目"
            t.cell(0, 1).text = "金额"
        if n == a.image:
            with tempfile.NamedTemporaryFile(suffix=".png") as f:
                f.write(png_1x1())
                f.flush()
                doc.add_paragraph().add_run().add_picture(f.name)
    doc.save(a.out)


if __name__ == "__main__":
    sys.exit(main())
