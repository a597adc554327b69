#!/usr/bin/env python3
"""test_crash.py — kill -9 budgetpdf serve while clerks upload: on restart
every upload that was acknowledged (answered 303) is there, with its file
in the store under its sha256, and every version a crash cut short in its
check is checked again."""
import hashlib
import os
import shutil
import sqlite3
import threading
import time

from client import Client
from harness import PASSWORDS, Server, check, make_bureau, tmpdir, workbook


def uploader(srv, user, dept, data, acked, stop):
    c = Client(srv.base)
    if c.login(user, PASSWORDS[user]) != 303:
        return
    c.get("/d/" + dept)
    while not stop.is_set():
        try:
            st, h, _ = c.upload(f"/d/{dept}/upload", "seed.xlsx", data)
        except OSError:
            return
        if st == 303:
            acked.append((dept, h["Location"], hashlib.sha256(data).hexdigest()))


def main():
    tmp = tmpdir("crash")
    bureau = make_bureau(tmp)
    seed = workbook(tmp, "seed.xlsx")
    with open(seed, "rb") as f:
        data = f.read()
    srv = Server(bureau).start()
    acked, stop = [], threading.Event()
    threads = [threading.Thread(target=uploader, args=(srv, u, d, data + pad, acked, stop))
               for u, d, pad in [("clerk1", "033", b""), ("clerk2", "101", b"\0"),
                                 ("clerk2", "102", b"\0\0")]]
    for t in threads:
        t.start()
    end = time.time() + 60
    while len(acked) < 2 and time.time() < end:
        time.sleep(0.05)
    time.sleep(0.5)  # more uploads under way
    srv.kill9()
    stop.set()
    for t in threads:
        t.join()
    check(len(acked) >= 2, f"{len(acked)} uploads acknowledged before kill -9")
    db = sqlite3.connect(os.path.join(bureau, "budgetpdf.db"))
    checking = db.execute("SELECT count(*) FROM versions WHERE state='checking'").fetchone()[0]
    print(f"versions cut short in their check: {checking}")
    db.close()
    srv = Server(bureau, port=srv.port).start()
    reviewer = Client(srv.base)
    check(reviewer.login("reviewer", PASSWORDS["reviewer"]) == 303, "the reviewer logs in again")
    for dept, loc, sha in acked:
        st, _, body = reviewer.get(loc)
        check(st == 200 and "检查结果" in body, f"acknowledged upload {dept} {loc} is there")
        p = os.path.join(bureau, "files", sha[:2], sha)
        with open(p, "rb") as f:
            check(hashlib.sha256(f.read()).hexdigest() == sha, f"its file is stored whole ({sha[:12]})")
    end = time.time() + 60
    while time.time() < end:
        db = sqlite3.connect(os.path.join(bureau, "budgetpdf.db"))
        left = db.execute("SELECT count(*) FROM versions WHERE state='checking'").fetchone()[0]
        db.close()
        if not left:
            break
        time.sleep(0.2)
    check(left == 0, "every interrupted check ran again after the restart")
    check(os.listdir(os.path.join(bureau, "tmp")) == [], "no temp upload is left")
    check(srv.stop() == 0, "the server stops cleanly")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
