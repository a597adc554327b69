#!/usr/bin/env python3
"""test_publish_crash.py — publishing is a job: 20 approved departments
(made straight in the store from workbooks of their own, with the PDFs
`budgetpdf batch` makes of them), the reviewer's publish answers at once
with a progress page (N / M, the department being rendered); kill -9 in the
middle: no set is in place, and after the restart the publication resumes
and ends with the whole set (20 PDFs with batch's bytes, index.html,
publication.csv), no hidden folder left, and every upload a clerk made
meanwhile that was acknowledged is there. Then a publication whose render
does not match the approved PDF is marked failed with its reason, places
nothing, and can be started again; SIGTERM during a publish stops it after
its department and the next start finishes it."""
import csv
import glob
import hashlib
import os
import re
import shutil
import subprocess
import threading
import time

from client import Client
from harness import (BP, PASSWORDS, Server, approve_direct, bp, check, make_bureau,
                     named_workbook, tmpdir, workbook)

N = 20


def digest(p):
    with open(p, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def departments(tmp, bureau):
    """N departments 201... with a workbook each and batch's PDF of it."""
    root = os.path.join(tmp, "books")
    os.makedirs(root)
    names = {}
    for i in range(N):
        code, name = f"{201 + i}", f"示例市第{i + 1}预算单位"
        r = bp("user", "add-department", bureau, code, name)
        assert r.returncode == 0, r.stderr
        names[code] = (name, named_workbook(root, f"wb{code}.xlsx", name))
    ref = os.path.join(tmp, "batch")
    r = subprocess.run([BP, "batch", root, "-o", ref, "-j", "2"], capture_output=True, text=True)
    check(r.returncode == 0, f"budgetpdf batch renders the {N} workbooks ({r.stderr[-300:]})")
    rows = list(csv.DictReader(open(os.path.join(ref, "summary.csv"), encoding="utf-8-sig")))
    by_name = {}
    for row in rows:
        file = next((v for k, v in row.items() if k and k.strip().lower() == "file"), None)
        name = next((v for k, v in row.items() if k and k.strip().lower() == "name"), None)
        if file and name:
            by_name[name] = os.path.join(ref, os.path.basename(file))
    want = {}
    for code, (name, book) in names.items():
        pdf = by_name.get(name)
        check(pdf and os.path.exists(pdf), f"batch made {name}'s PDF")
        approve_direct(bureau, code, book, pdf)
        want[f"{code}-{name}.pdf"] = digest(pdf)
    return want


def progress(c, pid):
    st, _, body = c.get(f"/publish/{pid}")
    m = re.search(r'id="pub-progress">已生成 <b>(\d+)</b> / (\d+)', body)
    state = re.search(r'id="pub-state">([^<]+)<', body)
    return (int(m.group(1)) if m else -1, int(m.group(2)) if m else -1,
            state.group(1) if state else "", body)


def sets(bureau):
    return sorted(glob.glob(os.path.join(bureau, "publish", "2*")))


def hidden(bureau):
    return glob.glob(os.path.join(bureau, "publish", ".tmp-*"))


def publish(c):
    c.get("/review")
    t = time.time()
    st, h, _ = c.post("/publish", {})
    check(st == 303 and re.match(r"/publish/\d+$", h.get("Location", "")),
          f"publish answers {st} to {h.get('Location')} in {time.time() - t:.2f} s")
    return int(h["Location"].rsplit("/", 1)[1])


def uploader(srv, data, acked, ev):
    """clerk1 logs in (ev["ready"] then), and once ev["go"] is set uploads
    to 033 until ev["stop"]; acknowledged ones in acked. Logging in costs a
    password hash (a second or more): done before the publish starts, so
    the uploads overlap it however fast it renders."""
    c = Client(srv.base)
    if c.login("clerk1", PASSWORDS["clerk1"]) != 303:
        return
    c.get("/d/033")
    ev["ready"].set()
    ev["go"].wait()
    while not ev["stop"].is_set():
        try:
            st, h, _ = c.upload("/d/033/upload", "seed.xlsx", data)
        except OSError:
            return
        if st == 303:
            acked.append((h["Location"], hashlib.sha256(data).hexdigest()))


def kill_mid_publish(srv, bureau, data, acked):
    c = Client(srv.base)
    check(c.login("reviewer", PASSWORDS["reviewer"]) == 303, "the reviewer logs in")
    ev = {k: threading.Event() for k in ("ready", "go", "stop")}
    t = threading.Thread(target=uploader, args=(srv, data, acked, ev), daemon=True)
    t.start()
    check(ev["ready"].wait(60), "clerk1 logs in to upload meanwhile")
    pid = publish(c)
    ev["go"].set()
    _, _, review = c.get("/review")
    check(f'id="publishing">正在发布：<a href="/publish/{pid}">' in review,
          "the reviewers' table links the publication under way")
    seen_current, end = False, time.time() + 240
    while time.time() < end:
        done, total, state, body = progress(c, pid)
        seen_current |= 'id="pub-current">正在生成：' in body
        if done >= 3 and acked:
            break
        time.sleep(0.2)
    check(total == N and 3 <= done < N, f"the progress page shows {done} / {total}")
    check(seen_current and 'http-equiv="refresh"' in body,
          "it names the department being rendered and refreshes itself")
    srv.kill9()
    ev["stop"].set()
    t.join()
    check(sets(bureau) == [], "killed mid-publish and mid-uploads (kill -9): no set is in place")
    check(len(acked) >= 1, f"{len(acked)} uploads were acknowledged meanwhile")
    kept = {f: os.stat(f).st_ino for h in hidden(bureau) for f in glob.glob(h + "/*.pdf")}
    check(len(kept) >= 3, f"{len(kept)} departments' PDFs were in the hidden folder")
    return pid, {os.path.basename(f): ino for f, ino in kept.items()}


def resumed(srv, bureau, pid, want, kept, acked):
    c = Client(srv.base)
    c.login("reviewer", PASSWORDS["reviewer"])
    for loc, sha in acked:
        st, _, body = c.get(loc)
        p = os.path.join(bureau, "files", sha[:2], sha)
        check(st == 200 and "检查结果" in body and digest(p) == sha,
              f"the acknowledged upload {loc} is there, its file whole")
    end = time.time() + 240
    while time.time() < end:
        done, total, state, body = progress(c, pid)
        if state in ("已完成", "失败"):
            break
        time.sleep(0.5)
    check(state == "已完成" and done == N, f"after the restart the publication resumed: {state}")
    s = sets(bureau)
    check(len(s) == 1 and hidden(bureau) == [], f"one set in place, no hidden folder: {s}")
    got = {os.path.basename(p): digest(p) for p in glob.glob(os.path.join(s[0], "*.pdf"))}
    check(sorted(got) == sorted(want), f"the set holds the {N} departments' PDFs")
    check(got == want, "each PDF has the bytes budgetpdf batch makes")
    same = [f for f, ino in kept.items() if os.stat(os.path.join(s[0], f)).st_ino == ino]
    check(len(same) >= len(kept) - 1,
          f"resumed, not redone: {len(same)} of the {len(kept)} PDFs made before the crash kept")
    rows = list(csv.reader(open(os.path.join(s[0], "publication.csv"), encoding="utf-8-sig")))
    check(len(rows) == N + 1 and all(r[2] in want and r[4] == want[r[2]] for r in rows[1:]),
          "publication.csv lists every file with its sha256")
    st, idx = c.get_bytes(f"/publish/{pid}/index.html")
    check(st == 200 and idx.decode().count("<li>") == N, "the index page links every PDF")
    link = re.search(r'href="([^"]+\.pdf)"', idx.decode()).group(1)
    st, pdf = c.get_bytes(f"/publish/{pid}/{link}")
    check(st == 200 and hashlib.sha256(pdf).hexdigest() in want.values(),
          "a PDF of the set downloads through its link")
    st, _ = c.get_bytes(f"/publish/{pid}/..%2Fbudgetpdf.db")
    check(st == 404, "no other file is served under the set")
    clerk = Client(srv.base)
    clerk.login("clerk1", PASSWORDS["clerk1"])
    check(clerk.get_bytes(f"/publish/{pid}")[0] == 403 and
          clerk.get_bytes(f"/publish/{pid}/index.html")[0] == 403,
          "a clerk may not see the progress page nor the set's files")
    _, _, review = c.get("/review")
    check(review.count("class=\"status\">已发布<") == N, "every department is 已发布")
    check(glob.glob(os.path.join(bureau, "work", "pub-*")) == [], "no render folder is left")
    return c


def failed_then_again(srv, bureau, c, want):
    """Approved with a PDF its workbook does not make: failed, then fixed."""
    import sqlite3
    db = sqlite3.connect(os.path.join(bureau, "budgetpdf.db"))
    book = db.execute("SELECT v.sha256, v.filename, v.pdf_sha256 FROM versions v JOIN departments"
                      " d ON d.id=v.department_id WHERE d.code='201'").fetchone()
    other = db.execute("SELECT v.pdf_sha256 FROM versions v JOIN departments d ON"
                       " d.id=v.department_id WHERE d.code='202'").fetchone()[0]
    db.close()
    files = os.path.join(bureau, "files")
    wb = os.path.join(files, book[0][:2], book[0])
    wrong = os.path.join(files, other[:2], other)
    shutil.copy(wb, os.path.join(os.path.dirname(bureau), book[1]))
    vid = approve_direct(bureau, "201", os.path.join(os.path.dirname(bureau), book[1]), wrong)
    pid = publish(c)
    end = time.time() + 120
    while time.time() < end:
        done, total, state, body = progress(c, pid)
        if state in ("已完成", "失败"):
            break
        time.sleep(0.3)
    check(state == "失败" and 'id="pub-reason"' in body and "不一致" in body,
          "a render that differs from the approved PDF fails the publication, with its reason")
    check(len(sets(bureau)) == 1 and hidden(bureau) == [], "nothing placed")
    db = sqlite3.connect(os.path.join(bureau, "budgetpdf.db"))
    db.execute("UPDATE versions SET pdf_sha256=? WHERE id=?", (book[2], vid))
    db.commit()
    db.close()
    c.get(f"/publish/{pid}")
    st, h, _ = c.post("/publish", {})
    pid2 = int(h["Location"].rsplit("/", 1)[1])
    end = time.time() + 120
    while time.time() < end:
        done, total, state, body = progress(c, pid2)
        if state in ("已完成", "失败"):
            break
        time.sleep(0.3)
    check(pid2 != pid and state == "已完成" and len(sets(bureau)) == 2,
          "started again, it publishes a second set")


def reapprove(bureau, code):
    """A new version of code, the same files as its latest, approved."""
    import sqlite3
    db = sqlite3.connect(os.path.join(bureau, "budgetpdf.db"))
    sha, name, pdf = db.execute(
        "SELECT v.sha256, v.filename, v.pdf_sha256 FROM versions v JOIN departments d ON"
        " d.id=v.department_id WHERE d.code=? ORDER BY v.n DESC LIMIT 1", (code,)).fetchone()
    db.close()
    files = os.path.join(bureau, "files")
    book = os.path.join(os.path.dirname(bureau), name)
    shutil.copy(os.path.join(files, sha[:2], sha), book)
    approve_direct(bureau, code, book, os.path.join(files, pdf[:2], pdf))


def sigterm_mid_publish(srv, bureau, c):
    """SIGTERM stops a publish after its department; the next start resumes
    it. All N departments again, so that the publish is still under way
    when SIGTERM comes however fast this machine renders."""
    for i in range(N):
        reapprove(bureau, f"{201 + i}")
    pid = publish(c)
    end = time.time() + 120
    while time.time() < end and progress(c, pid)[0] < 1:
        time.sleep(0.05)
    check(srv.stop() == 0, "SIGTERM during a publish: the server stops cleanly")
    check(len(sets(bureau)) == 2, "no set placed yet")
    srv = Server(bureau, port=srv.port).start()
    c = Client(srv.base)
    c.login("reviewer", PASSWORDS["reviewer"])
    end = time.time() + 120
    while time.time() < end:
        done, total, state, body = progress(c, pid)
        if state in ("已完成", "失败"):
            break
        time.sleep(0.3)
    check(state == "已完成" and done == N and len(sets(bureau)) == 3 and hidden(bureau) == [],
          f"restarted, the publication resumes and ends: {state} {done} / {total}")
    return srv


def main():
    tmp = tmpdir("publish-crash")
    bureau = make_bureau(tmp)
    want = departments(tmp, bureau)
    with open(workbook(tmp, "seed.xlsx"), "rb") as f:
        data = f.read()
    srv = Server(bureau).start()
    acked = []
    pid, kept = kill_mid_publish(srv, bureau, data, acked)
    srv = Server(bureau, port=srv.port).start()
    c = resumed(srv, bureau, pid, want, kept, acked)
    failed_then_again(srv, bureau, c, want)
    srv = sigterm_mid_publish(srv, bureau, c)
    check(srv.stop() == 0, "the server stops cleanly")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
