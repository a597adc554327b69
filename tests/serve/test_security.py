#!/usr/bin/env python3
"""test_security.py — budgetpdf serve refuses what it must: another
department's URLs (every route, by code and by version id) are 404 for a
clerk; a POST without the CSRF token is 403; an upload over the limit is
413 and the server keeps serving; a garbage .xls and a worker killed by a
signal cost only their own check; an upload's name cannot leave the
store; a `<script>` in a workbook cell reaches the page as text; five
wrong passwords slow the next try; cookies are HttpOnly, SameSite=Strict
and Secure behind TLS; the store's backup restores."""
import os
import re
import shutil
import socket
import sqlite3
import threading
import zipfile
import time

from client import Client
from harness import (PASSWORDS, Server, bp, check, make_bureau, script_label, tmpdir, workbook)


def login(srv, user):
    c = Client(srv.base)
    st = c.login(user, PASSWORDS[user])
    check(st == 303, f"{user} logs in")
    return c


def rights(srv, clerk1, clerk2):
    st, h, body = clerk2.get("/d/101")
    for path in ["/d/033", "/v/1", "/v/1/pdf", "/v/1/report.pdf", "/v/1/page/1.png",
                 "/d/..%2f033", "/d/033/", "/v/1/../1"]:
        st, _, _ = clerk2.request(path)
        check(st in (403, 404), f"clerk2 GET {path}: {st}")
    for path in ["/d/033/upload", "/d/033/submit", "/d/033/return", "/d/033/approve"]:
        st, _, _ = clerk2.post(path, {"comment": "x"})
        check(st in (403, 404), f"clerk2 POST {path}: {st}")
    st, _, _ = clerk2.request("/review")
    check(st == 403, "a clerk cannot see the reviewer's table")
    st, _, _ = clerk2.post("/publish", {})
    check(st == 403, "a clerk cannot publish")
    st, _, body = clerk1.get("/v/1")
    check(st == 200, "clerk1 sees its own version")
    reviewer = login(srv, "reviewer")
    reviewer.get("/d/101")
    st, _, _ = reviewer.upload("/d/101/upload", "a.xlsx", b"x")
    check(st == 403, "a reviewer cannot upload")
    page = re.search(r'src="(/v/1/page/\d+\.png)"', body).group(1)
    st, png = clerk1.get_bytes(page)
    check(st == 200 and png[:8] == b"\x89PNG\r\n\x1a\n", f"and its page image {page}")
    st, _ = clerk1.get_bytes("/v/1/page/999.png")
    check(st == 404, "a page past the report's end is 404")


def csrf(srv, clerk1):
    st, _, _ = clerk1.upload("/d/033/upload", "a.xlsx", b"x", csrf=False)
    check(st == 403, f"an upload without the CSRF token is refused ({st})")
    st, _, _ = clerk1.post("/d/033/submit", {"csrf": "0" * 64})
    check(st == 403, f"a POST with a wrong CSRF token is refused ({st})")
    anon = Client(srv.base)
    st, _, _ = anon.post("/d/033/submit", {})
    check(st == 403, "a POST without a session is refused")
    st, h, _ = anon.request("/d/033")
    check(st == 303 and h["Location"] == "/login", "a GET without a session goes to /login")


def escaped(clerk1, tmp):
    wb = workbook(tmp, "script.xlsx", script_label)
    with open(wb, "rb") as f:
        st, h, _ = clerk1.upload("/d/033/upload", "../../../evil.xlsx", f.read())
    check(st == 303, "the <script> workbook is accepted")
    st, _, body = clerk1.get(h["Location"])
    check("&lt;script&gt;alert(1)&lt;/script&gt;" in body, "the cell shows as text")
    check("<script>alert(1)" not in body, "no <script> reaches the page")
    # the sum of 06 twice, and 07 基本支出 against 06 by 经济分类 (issue 24)
    check("3 项错误" in body, "its errors are counted")
    check("evil.xlsx" in body and "../" not in body, "the upload's name lost its folders")
    return h["Location"]


def oversize(srv, clerk1):
    st, _, _ = clerk1.upload("/d/033/upload", "big.xlsx", b"\0" * (4 << 20))
    check(st == 413, f"an upload over --max-upload 2 is refused ({st})")
    check(srv.healthy(), "the server serves after it")
    s = socket.create_connection(("127.0.0.1", srv.port))
    s.sendall(b"POST /d/033/upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data;"
              b" boundary=x\r\nContent-Length: 1000000000\r\n\r\n")
    check(b" 413 " in s.recv(200), "a 1 GB Content-Length is refused before its body")
    s.close()


def garbage(srv, clerk1):
    st, h, _ = clerk1.upload("/d/033/upload", "garbage.xls", os.urandom(50000))
    st, _, body = clerk1.get(h["Location"])
    check("无法检查" in body, "a garbage .xls is reported as not checkable")
    check(srv.healthy(), "the server serves after a garbage .xls")


def zip_bomb(srv, clerk1, seed, tmp):
    """The seed with its first sheet inflating to 280 MB (of 300 KB)."""
    bomb = os.path.join(tmp, "bomb.xlsx")
    src = zipfile.ZipFile(seed)
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                z.writestr(info, src.read(info.filename))
                continue
            with z.open(info.filename, "w", force_zip64=True) as f:
                f.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats'
                        b'.org/spreadsheetml/2006/main"><sheetData>')
                for _ in range(70):
                    f.write(b" " * (4 << 20))
                f.write(b"</sheetData></worksheet>")
    with open(bomb, "rb") as f:
        st, h, _ = clerk1.upload("/d/033/upload", "bomb.xlsx", f.read())
    st, _, body = clerk1.get(h["Location"])
    check("无法检查" in body and "limit" in body, "a zip bomb is refused by the reader's limit")
    check(srv.healthy(), "the server serves after a zip bomb")


def killed_worker(srv, clerk1, seed):
    """A worker that dies of a signal mid-check costs only that check."""
    res = {}

    def up():
        with open(seed, "rb") as f:
            res["r"] = clerk1.upload("/d/033/upload", "seed.xlsx", f.read())

    t = threading.Thread(target=up)
    t.start()
    for _ in range(400):
        w = srv.workers()
        if w:
            os.kill(w[0], 11)
            break
        time.sleep(0.01)
    t.join()
    st, h, _ = res["r"]
    st, _, body = clerk1.get(h["Location"])
    check("异常终止" in body and "SEGV" in body, "a worker killed by SIGSEGV is reported")
    check(srv.healthy(), "the server serves after its worker crashed")


def rate_limit(srv):
    c = Client(srv.base)
    for i in range(5):
        st = c.login("reviewer", "wrong-password")
        check(st == 401, f"wrong password {i + 1}: 401")
    t = time.time()
    st = c.login("reviewer", PASSWORDS["reviewer"])
    check(st == 429, f"after five failures even the right password waits ({st})")
    st = Client(srv.base).login("clerk1", PASSWORDS["clerk1"])
    check(st == 303, "another user is not slowed")


def cookies(srv):
    c = Client(srv.base)
    st, h, body = c.request("/login")
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', body).group(1)
    st, h, _ = c.post("/login", {"user": "clerk1", "password": PASSWORDS["clerk1"],
                                 "csrf": csrf}, csrf=False)
    sc = h["Set-Cookie"]
    check("HttpOnly" in sc and "SameSite=Strict" in sc and "Secure" not in sc,
          f"session cookie: {sc[:20]}... HttpOnly; SameSite=Strict")
    c2 = Client(srv.base)
    st, h, body = c2.request("/login", headers={"X-Forwarded-Proto": "https"})
    check("Secure" in h["Set-Cookie"], "Secure behind TLS (X-Forwarded-Proto: https)")


def backup(tmp, bureau):
    f = os.path.join(tmp, "backup.db")
    r = bp("serve", "--backup", f, bureau)
    check(r.returncode == 0, "serve --backup")
    restored = os.path.join(tmp, "restored")
    os.makedirs(restored)
    shutil.copy(f, os.path.join(restored, "budgetpdf.db"))
    shutil.copytree(os.path.join(bureau, "files"), os.path.join(restored, "files"))
    db = sqlite3.connect(os.path.join(restored, "budgetpdf.db"))
    n = db.execute("SELECT count(*) FROM versions").fetchone()[0]
    v = db.execute("PRAGMA user_version").fetchone()[0]
    check(n >= 4 and v == 3, f"the backup holds the {n} versions, schema 3")
    srv = Server(restored).start()
    c = login(srv, "clerk1")
    st, h, body = c.get("/d/033")
    check(st == 200 and body.count("/v/") >= 3, "the restored bureau serves the versions")
    srv.stop()


def main():
    tmp = tmpdir("security")
    bureau = make_bureau(tmp)
    seed = workbook(tmp, "seed.xlsx")
    srv = Server(bureau, "--max-upload", "2").start()
    clerk1, clerk2 = login(srv, "clerk1"), login(srv, "clerk2")
    clerk1.get("/d/033")
    with open(seed, "rb") as f:
        st, h, _ = clerk1.upload("/d/033/upload", "seed.xlsx", f.read())
    check(st == 303 and h["Location"] == "/v/1", "clerk1 uploads the seed")
    rights(srv, clerk1, clerk2)
    with open(seed, "rb") as f:
        st, h, _ = clerk2.upload("/d/101/upload", "seed.xlsx", f.read())
    st, _, body = clerk2.get(h["Location"])
    check("无法检查" in body and "不一致" in body, "another department's workbook is refused")
    csrf(srv, clerk1)
    escaped(clerk1, tmp)
    oversize(srv, clerk1)
    garbage(srv, clerk1)
    zip_bomb(srv, clerk1, seed, tmp)
    killed_worker(srv, clerk1, seed)
    rate_limit(srv)
    cookies(srv)
    check(srv.stop() == 0, "SIGTERM stops the server cleanly")
    backup(tmp, bureau)
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
