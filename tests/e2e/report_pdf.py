#!/usr/bin/env python3
"""report_pdf.py — reads a check report PDF back for test_check_report.sh,
with qpdf --json (annotations, links, boxes) and pdftotext -bbox (where each
word is). Prints tab-separated lines:

    report_pdf.py annots PDF     page, subtype, the words drawn inside the
                                 annotation's rectangle (joined by a space),
                                 its /T, its /Contents (lines joined by " | ")
    report_pdf.py links PDF      page, the 1-based page its destination
                                 shows, the destination's y, the words
                                 inside the link's rectangle
    report_pdf.py slug PDF       page, the words drawn outside the TrimBox
    report_pdf.py marked PDF     page, the characters drawn inside each
                                 Square annotation's rectangle (pdftotext
                                 cropped to it: a phrase of the text, not
                                 whole words), its /Contents (as annots)
"""
import html
import json
import re
import subprocess
import sys


def qpdf_json(pdf):
    return json.loads(subprocess.check_output(["qpdf", "--json", pdf]))


def objects(j):
    objs = j["qpdf"][1]
    return lambda ref: objs["obj:" + ref]["value"]


def words(pdf, rotate):
    """Per page (1-based): (height, [(x0, y0, x1, y1, word)]) in PDF
    coordinates (origin bottom left of the MediaBox). pdftotext gives a
    page as shown: on a page turned by /Rotate 90 (rotate[n]) its x from the
    left is the paper's y and its y from the top the paper's x."""
    out = subprocess.check_output(["pdftotext", "-bbox", pdf, "-"]).decode("utf-8")
    pages = {}
    n = 0
    h = 0
    for m in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">|'
                         r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                         out):
        if m.group(1):
            n += 1
            h = float(m.group(2))
            pages[n] = (h, [])
        else:
            x0, y0, x1, y1 = (float(m.group(k)) for k in range(3, 7))
            word = html.unescape(m.group(7))
            if rotate.get(n, 0) % 360 == 90:
                pages[n][1].append((y0, x0, y1, x1, word))
            else:
                pages[n][1].append((x0, h - y1, x1, h - y0, word))
    return pages


def inside(rect, w, slack=0.5):
    x0, y0, x1, y1 = rect
    cx, cy = (w[0] + w[2]) / 2, (w[1] + w[3]) / 2
    return x0 - slack <= cx <= x1 + slack and y0 - slack <= cy <= y1 + slack


def page_annots(j, get):
    for p in j["pages"]:
        page = get(p["object"])
        annots = page.get("/Annots", [])
        if isinstance(annots, str):
            annots = get(annots)
        for a in annots:
            yield p["pageposfrom1"], page, get(a)


def text(v):
    return v[2:] if isinstance(v, str) and v[:2] in ("u:", "b:") else (v or "")


def main():
    cmd, pdf = sys.argv[1], sys.argv[2]
    j = qpdf_json(pdf)
    get = objects(j)
    rotate = {p["pageposfrom1"]: int(get(p["object"]).get("/Rotate", 0)) for p in j["pages"]}
    w = words(pdf, rotate)
    page_of = {p["object"]: p["pageposfrom1"] for p in j["pages"]}
    if cmd == "annots":
        for n, _, a in page_annots(j, get):
            if a.get("/Subtype") == "/Link":
                continue
            rect = [float(v) for v in a["/Rect"]]
            inner = [x[4] for x in w[n][1] if inside(rect, x)]
            print("\t".join([str(n), a["/Subtype"], " ".join(inner), text(a.get("/T")),
                             text(a.get("/Contents")).replace("\n", " | ")]))
    elif cmd == "links":
        for n, _, a in page_annots(j, get):
            if a.get("/Subtype") != "/Link":
                continue
            dest = a.get("/Dest") or get(a["/A"])["/D"]
            if isinstance(dest, str):  # an indirect array
                dest = get(dest)
            rect = [float(v) for v in a["/Rect"]]
            inner = [x[4] for x in w[n][1] if inside(rect, x)]
            print("\t".join([str(n), str(page_of[dest[0]]), str(dest[3]), " ".join(inner)]))
    elif cmd == "slug":
        for p in j["pages"]:
            n = p["pageposfrom1"]
            trim = [float(v) for v in get(p["object"])["/TrimBox"]]
            outside = [x[4] for x in w[n][1] if not inside(trim, x, 0)]
            print("\t".join([str(n), " ".join(outside)]))
    elif cmd == "marked":
        for n, _, a in page_annots(j, get):
            if a.get("/Subtype") != "/Square":
                continue
            x0, y0, x1, y1 = [float(v) for v in a["/Rect"]]
            h = w[n][0]
            crop = subprocess.check_output(
                ["pdftotext", "-f", str(n), "-l", str(n), "-x", str(round(x0 + 1)), "-y",
                 str(round(h - y1 + 1)), "-W", str(round(x1 - x0 - 2)), "-H",
                 str(round(y1 - y0 - 2)), pdf, "-"]).decode("utf-8")
            print("\t".join([str(n), re.sub(r"\s+", "", crop),
                             text(a.get("/Contents")).replace("\n", " | ")]))
    else:
        sys.exit("report_pdf.py: unknown command " + cmd)


if __name__ == "__main__":
    main()
