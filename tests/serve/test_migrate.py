#!/usr/bin/env python3
"""test_migrate.py — a store of schema 2 (each finding with one box, on the
check report's pages, in findings' own columns; no finding_boxes) opened by
this budgetpdf: migration 3 keeps the box (finding_boxes), the old version
still shows it over its report's page, drawn again from the stored report
once work/ is gone; a finding without a box stays unplaced; a new upload's
findings are framed on the document's own pages."""
import os
import shutil
import sqlite3
import struct

from client import Client
from harness import PASSWORDS, Server, check, make_bureau, tmpdir, workbook, wrong_cell


def png_width(data):
    check(data[:8] == b"\x89PNG\r\n\x1a\n", "a PNG")
    return struct.unpack(">I", data[16:20])[0]


def upload(srv, book):
    c = Client(srv.base)
    check(c.login("clerk1", PASSWORDS["clerk1"]) == 303, "clerk1 logs in")
    c.get("/d/033")
    st, h, _ = c.upload("/d/033/upload", "wrong.xlsx", book)
    check(st == 303, "the wrong cell uploaded")
    return c, h["Location"]


def downgrade(bureau):
    """The store as schema 2 had it (migrations 3 and 4 undone): the first finding's box (on page 1 of
    the report, 600 x 850) in its own columns, the others unplaced."""
    db = sqlite3.connect(os.path.join(bureau, "budgetpdf.db"))
    db.executescript(
        "DROP TABLE publication_items;"
        "ALTER TABLE publications DROP COLUMN total;"
        "ALTER TABLE publications DROP COLUMN reason;"
        "ALTER TABLE publications DROP COLUMN finished;"
        "DROP TABLE finding_boxes;"
        "ALTER TABLE versions DROP COLUMN pages_sha256;"
        "UPDATE findings SET page=0, x0=0, y0=0, x1=0, y1=0, page_w=0, page_h=0;"
        "UPDATE findings SET x0=100, y0=170, x1=220, y1=255, page_w=600, page_h=850"
        " WHERE seq=0;"
        "PRAGMA user_version=2;")
    db.close()
    shutil.rmtree(os.path.join(bureau, "work"))


def main():
    tmp = tmpdir("migrate")
    bureau = make_bureau(tmp)
    with open(workbook(tmp, "wrong.xlsx", wrong_cell), "rb") as f:
        book = f.read()
    srv = Server(bureau).start()
    _, old = upload(srv, book)
    check(srv.stop() == 0, "the server stops")
    downgrade(bureau)

    srv = Server(bureau).start()
    db = sqlite3.connect(os.path.join(bureau, "budgetpdf.db"))
    check(db.execute("PRAGMA user_version").fetchone()[0] == 4, "the store migrated to schema 4")
    boxes = db.execute("SELECT page, x0, y0, x1, y1, page_w, page_h FROM finding_boxes").fetchall()
    check(boxes == [(0, 100.0, 170.0, 220.0, 255.0, 600.0, 850.0)],
          f"the placed finding keeps its box, the others none: {boxes}")
    c, new = upload(srv, book)
    st, _, body = c.get(old)
    check(st == 200 and 'id="f0"' in body and "left:16.667%;top:20.000%" in body,
          "the old version frames its finding where schema 2 put it")
    check('<div class="page" id="p1">' in body and body.count("未绘出") >= 2,
          "on the report's page 1; the unplaced findings say 未绘出")
    st, png = c.get_bytes(old + "/page/1.png")
    check(st == 200 and png_width(png) > 800,
          "its image is the report's page (its margin around the trim), drawn again")
    st, _, body = c.get(new)
    check(st == 200 and 'id="f0"' in body and "未绘出" not in body,
          "the new version frames every finding")
    page = db.execute("SELECT page FROM findings f JOIN versions v ON v.id=f.version_id"
                      " WHERE v.n=2 AND f.seq=0").fetchone()[0]
    st, png = c.get_bytes(f"{new}/page/{page + 1}.png")
    check(st == 200 and png_width(png) == 794, "on the document's A4 page (794 px at 96 dpi)")
    check(srv.stop() == 0, "the server stops cleanly")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
