#!/usr/bin/env python3
"""load.py [CLERKS] [VERSIONS] — a bounded load run of budgetpdf serve on
127.0.0.1 (not a ctest: it takes minutes): CLERKS clerks, each with a
department of their own, upload VERSIONS versions each (the seed's
workbook, padded so that each is new bytes) at once; then every version
must be stored and checked. Prints uploads per second and the p50 / p99
seconds from the start of an upload to its findings page."""
import os
import shutil
import sqlite3
import sys
import threading
import time

from client import Client
from harness import SEED_NAME, Server, bp, check, tmpdir, workbook


def main():
    clerks = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    versions = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    tmp = tmpdir("load")
    b = os.path.join(tmp, "bureau")
    for i in range(clerks):
        bp("user", "add-department", b, f"d{i}", SEED_NAME)  # the workbook's name
        bp("user", "add", b, f"c{i}", "--role", "clerk", "--department", f"d{i}",
           stdin="load-test-pw\n")
    with open(workbook(tmp, "seed.xlsx"), "rb") as f:
        data = f.read()
    srv = Server(b, "--jobs", os.environ.get("JOBS", "2")).start()
    times, errors = [], []

    def clerk(i):
        c = Client(srv.base)
        if c.login(f"c{i}", "load-test-pw") != 303:
            errors.append(f"c{i} login")
            return
        c.get(f"/d/d{i}")
        for v in range(versions):
            t = time.time()
            st, h, _ = c.upload(f"/d/d{i}/upload", "seed.xlsx", data + b"\0" * (i * versions + v))
            if st != 303:
                errors.append(f"c{i} upload {v}: {st}")
                continue
            st, _, body = c.get(h["Location"])
            if st != 200 or "通过" not in body:
                errors.append(f"c{i} version {v}: {st}")
            times.append(time.time() - t)

    t0 = time.time()
    threads = [threading.Thread(target=clerk, args=(i,)) for i in range(clerks)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.time() - t0
    srv.stop()
    db = sqlite3.connect(os.path.join(b, "budgetpdf.db"))
    stored = db.execute("SELECT count(*) FROM versions WHERE state='done'").fetchone()[0]
    times.sort()
    n = len(times)
    print(f"{n} uploads in {wall:.1f} s: {n / wall:.2f} uploads/s; upload to findings "
          f"p50 {times[n // 2]:.2f} s, p99 {times[min(n - 1, int(n * 0.99))]:.2f} s")
    check(not errors, f"no request lost {errors[:3]}")
    check(stored == clerks * versions, f"every version stored and checked ({stored})")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
