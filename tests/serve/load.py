#!/usr/bin/env python3
"""load.py — a bounded load run of budgetpdf serve on 127.0.0.1 (issue 25;
`make bench` runs it at the issue's scale, serve/load_small at a small one).

    python3 tests/serve/load.py [CLERKS [VERSIONS [PUBLISH]]]    (50 5 200)

1. Uploads: CLERKS clerks, each with a department of their own, log in,
   then all upload at once, VERSIONS versions each (the seed's workbook,
   padded so that each is new bytes), each followed by its findings page
   (polled while it shows 检查中…). No request may be lost: every upload is
   answered 303 (no 5xx, no refused connection), every acknowledged version
   is in the store with its bytes under files/ by their sha256, checked,
   and passes; the store holds no other version.
2. Publish: PUBLISH departments approved (the clerks' departments, and
   PUBLISH - CLERKS more whose version is set up in the store as a copy of
   a checked upload of the same bytes: the check of identical bytes gives
   the same result, and 150 more checks would take minutes), each submitted
   and approved through HTTP, then published by the reviewer's POST
   /publish. The publication ends when its folder (publish/DATE[-n]/, see
   docs/server.md) holds index.html; it is polled for, so that a publish run
   as a background job is timed to its end. Every department's PDF must be
   in the set with the bytes of its version's render.
3. Batch: `budgetpdf batch -j JOBS` of the same workbooks (the approved
   versions' bytes), timed; its time per department against the publish's.
   Its PDFs must be the published ones, byte for byte.

Prints one `key=value` line (bench/run.sh's format). Environment: BP,
BUILD, SRC as for the other serve tests; JOBS (the server's --jobs and
batch's -j, 2); LOAD_CONNECTIONS (the server's --connections: by default
none given, the server's own default, 256, with no lower limit for one
address, is what this run shows to be enough); LOAD_KEEP=1 keeps the bureau folder."""
import concurrent.futures
import glob
import hashlib
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from client import Client  # noqa: E402
from harness import BP, SEED_NAME, Server, bp, check, tmpdir, workbook  # noqa: E402

PW = "load-test-pw"


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def setup(b, clerks, publish):
    """Departments 000…PUBLISH-1 (the seed's name: the worker checks the
    workbook's department name), clerk cI for department I < CLERKS, clerk
    cx for every department (submits them all), reviewer rv; through the
    CLI, four at a time (each synced; the store waits for its lock)."""
    n = max(clerks, publish)

    def dept(i):
        r = bp("user", "add-department", b, f"{i:03d}", SEED_NAME)
        check_quiet(r.returncode == 0, f"add-department {i:03d}: {r.stderr}")

    def user(i):
        r = bp("user", "add", b, f"c{i}", "--role", "clerk", "--department", f"{i:03d}",
               stdin=PW + "\n")
        check_quiet(r.returncode == 0, f"user add c{i}: {r.stderr}")

    dept(0)  # creates the store
    with concurrent.futures.ThreadPoolExecutor(4) as ex:
        list(ex.map(dept, range(1, n)))
        list(ex.map(user, range(clerks)))
    codes = ",".join(f"{i:03d}" for i in range(n))
    r = bp("user", "add", b, "cx", "--role", "clerk", "--department", codes, stdin=PW + "\n")
    check_quiet(r.returncode == 0, f"user add cx: {r.stderr}")
    r = bp("user", "add", b, "rv", "--role", "reviewer", stdin=PW + "\n")
    check_quiet(r.returncode == 0, f"user add rv: {r.stderr}")


def check_quiet(cond, msg):
    if not cond:
        check(cond, msg)


def result_of(c, path, deadline):
    """The version page once its check is done: (status, body)."""
    while True:
        st, _, body = c.get(path)
        if st != 200 or "检查中" not in body or time.time() > deadline:
            return st, body
        time.sleep(0.5)


def uploads(srv, clerks, versions, data):
    """Phase 1. Returns (acked [(code, vid, sha)], times, errors, wall)."""
    acked, times, errors = [], [], []
    lock = threading.Lock()
    ready = threading.Barrier(clerks + 1)
    logins = threading.Semaphore(4)  # Argon2id: 64 MB a login

    def clerk(i):
        c, ok = Client(srv.base, timeout=900), False
        try:
            with logins:
                ok = c.login(f"c{i}", PW) == 303
            if not ok:
                errors.append(f"c{i}: login refused")
        except OSError as e:
            errors.append(f"c{i}: login: {e!r}")
        finally:
            ready.wait()
        if not ok:
            return
        try:
            c.get(f"/d/{i:03d}")
        except OSError as e:
            with lock:
                errors.append(f"c{i}: department page: {e!r}")
            return
        for v in range(versions):
            body = data + b"\0" * (i * versions + v)
            t = time.time()
            try:
                st, h, _ = c.upload(f"/d/{i:03d}/upload", "seed.xlsx", body)
            except OSError as e:  # refused, reset, timed out: a request lost
                with lock:
                    errors.append(f"c{i} upload {v}: {e!r}")
                continue
            if st != 303 or not h["Location"].startswith("/v/"):
                with lock:
                    errors.append(f"c{i} upload {v}: HTTP {st}")
                continue
            vid = int(h["Location"][3:])
            with lock:
                acked.append((f"{i:03d}", vid, sha256(body)))
            try:
                st, page = result_of(c, h["Location"], t + 900)
            except OSError as e:
                st, page = repr(e), ""
            if st != 200 or 'class="ok result">通过' not in page:
                with lock:
                    errors.append(f"c{i} version {v} (/v/{vid}): HTTP {st}, not 通过")
                continue
            with lock:
                times.append(time.time() - t)

    threads = [threading.Thread(target=clerk, args=(i,)) for i in range(clerks)]
    for t in threads:
        t.start()
    ready.wait()
    t0 = time.time()
    for t in threads:
        t.join()
    return acked, times, errors, time.time() - t0


def verify_store(b, acked, total):
    """Every acknowledged upload stored with its bytes, checked, passing."""
    db = sqlite3.connect(f"file:{os.path.join(b, 'budgetpdf.db')}?mode=ro", uri=True, timeout=60)
    rows = {vid: (code, sha, state, status) for vid, code, sha, state, status in db.execute(
        "SELECT v.id, d.code, v.sha256, v.state, v.status FROM versions v"
        " JOIN departments d ON d.id = v.department_id")}
    db.close()
    bad = []
    for code, vid, sha in acked:
        row = rows.get(vid)
        path = os.path.join(b, "files", sha[:2], sha)
        if not row or row[:2] != (code, sha):
            bad.append(f"/v/{vid}: not stored as sent ({row})")
        elif row[2:] != ("done", "ok"):
            bad.append(f"/v/{vid}: {row[2]} {row[3]}")
        elif not os.path.exists(path):
            bad.append(f"/v/{vid}: no {path}")
        else:
            with open(path, "rb") as f:
                if sha256(f.read()) != sha:
                    bad.append(f"/v/{vid}: {path} does not have its bytes")
    check(not bad, f"every acknowledged upload stored with its sha256 file, checked, passing {bad[:3]}")
    check(len(rows) == len(acked) == total, f"{total} versions stored ({len(rows)})")


def copy_versions(b, clerks, publish):
    """Departments CLERKS…PUBLISH-1 get version 1: a copy of department
    000's latest checked version (same bytes, same check, same PDF)."""
    if publish <= clerks:
        return
    db = sqlite3.connect(os.path.join(b, "budgetpdf.db"), timeout=60)
    cols = [r[1] for r in db.execute("PRAGMA table_info(versions)")
            if r[1] not in ("id", "department_id", "n", "user_id")]
    src = db.execute("SELECT v.id FROM versions v JOIN departments d ON d.id = v.department_id"
                     " WHERE d.code = '000' ORDER BY v.n DESC LIMIT 1").fetchone()[0]
    cx = db.execute("SELECT id FROM users WHERE name = 'cx'").fetchone()[0]
    c = ", ".join(cols)
    with db:
        for i in range(clerks, publish):
            dept = db.execute("SELECT id FROM departments WHERE code = ?", (f"{i:03d}",)).fetchone()[0]
            db.execute(f"INSERT INTO versions(department_id, n, user_id, {c})"
                       f" SELECT ?, 1, ?, {c} FROM versions WHERE id = ?", (dept, cx, src))
    db.close()


def approve_all(srv, n):
    """cx submits and rv approves departments 000…n-1, through HTTP."""
    cx, rv = Client(srv.base, timeout=300), Client(srv.base, timeout=300)
    check(cx.login("cx", PW) == 303 and rv.login("rv", PW) == 303, "cx and rv log in")
    rv.get("/review")  # the reviewer's CSRF token

    def one(i):
        st, _, _ = cx.post(f"/d/{i:03d}/submit", {})
        st2, _, _ = rv.post(f"/d/{i:03d}/approve", {})
        return None if (st, st2) == (303, 303) else f"{i:03d}: submit {st}, approve {st2}"

    with concurrent.futures.ThreadPoolExecutor(4) as ex:  # four departments at a time
        bad = [x for x in ex.map(one, range(n)) if x]
    check(not bad, f"{n} departments submitted and approved {bad[:3]}")
    return rv


def published_sets(b):
    return {d for d in glob.glob(os.path.join(b, "publish", "*"))
            if not os.path.basename(d).startswith(".")}


def last_publication(b, col="state"):
    """The latest publication's state (or another column), None if none."""
    db = sqlite3.connect(f"file:{os.path.join(b, 'budgetpdf.db')}?mode=ro", uri=True, timeout=60)
    try:
        row = db.execute(f"SELECT {col} FROM publications ORDER BY id DESC LIMIT 1").fetchone()
    except sqlite3.OperationalError:  # a store without that column
        row = None
    db.close()
    return row[0] if row else None


def publish(b, rv, n, timeout):
    """Phase 2: POST /publish, then waits for the new set's index.html.
    Returns (seconds, the set's folder)."""
    before = published_sets(b)
    t0 = time.time()
    st, h, _ = rv.post("/publish", {})
    check(st < 400, f"publish accepted (HTTP {st})")
    new, state = set(), None
    while time.time() - t0 < timeout and state != "failed":
        new = {d for d in published_sets(b) - before
               if os.path.exists(os.path.join(d, "index.html"))}
        if new:
            break
        time.sleep(0.05)
        state = last_publication(b)
    check(state != "failed", f"the publication is not failed ({last_publication(b, 'reason')})")
    secs = time.time() - t0
    check(len(new) == 1, f"the publication's folder with its index.html within {timeout} s")
    return secs, new.pop()


def verify_set(b, folder, n):
    db = sqlite3.connect(f"file:{os.path.join(b, 'budgetpdf.db')}?mode=ro", uri=True, timeout=60)
    want = {}
    for code, pdf in db.execute(
            "SELECT d.code, v.pdf_sha256 FROM departments d JOIN versions v ON v.department_id = d.id"
            " WHERE v.n = (SELECT max(n) FROM versions WHERE department_id = d.id)"):
        want[code] = pdf
    db.close()
    pdfs = glob.glob(os.path.join(folder, "*.pdf"))
    got = {}
    for p in pdfs:
        with open(p, "rb") as f:
            got[os.path.basename(p).split("-", 1)[0]] = sha256(f.read())
    check(len(pdfs) == n and got == want,
          f"the set holds the {n} departments' PDFs with their renders' bytes ({len(pdfs)})")
    with open(os.path.join(folder, "publication.csv"), encoding="utf-8-sig") as f:
        check(len(f.read().splitlines()) == n + 1, "publication.csv: a row per department")


def pdf_digests(folder):
    out = []
    for p in glob.glob(os.path.join(folder, "*.pdf")):
        with open(p, "rb") as f:
            out.append(sha256(f.read()))
    return sorted(out)


def batch(b, tmp, n, jobs, published):
    """Phase 3: `budgetpdf batch` of the approved versions' workbooks; its
    PDFs must be the published ones, byte for byte."""
    root, out = os.path.join(tmp, "batch-in"), os.path.join(tmp, "batch-out")
    os.makedirs(root)
    db = sqlite3.connect(f"file:{os.path.join(b, 'budgetpdf.db')}?mode=ro", uri=True, timeout=60)
    for code, sha in db.execute(
            "SELECT d.code, v.sha256 FROM departments d JOIN versions v ON v.department_id = d.id"
            " WHERE v.n = (SELECT max(n) FROM versions WHERE department_id = d.id)"):
        shutil.copyfile(os.path.join(b, "files", sha[:2], sha), os.path.join(root, code + ".xlsx"))
    db.close()
    t0, c0 = time.time(), children_cpu_s()
    r = subprocess.run([BP, "batch", root, "-o", out, "-j", str(jobs), "-q"],
                       capture_output=True, text=True)
    secs, cpu = time.time() - t0, children_cpu_s() - c0
    with open(os.path.join(out, "summary.csv"), encoding="utf-8-sig") as f:
        ok = sum(1 for line in f.read().splitlines()[1:] if ",ok," in line)
    check(r.returncode == 0 and ok == n, f"batch renders the {n} workbooks ({ok}; {r.stderr[-300:]})")
    check(pdf_digests(out) == pdf_digests(published), "batch's PDFs are the published ones")
    return secs, cpu


def cpu_s(pid):
    """Processor seconds of process pid and its waited-for children."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def children_cpu_s():
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def pct(sorted_times, p):
    return sorted_times[min(len(sorted_times) - 1, int(len(sorted_times) * p))]


def run(clerks=50, versions=5, npublish=200, jobs=2):
    """The three phases; returns the figures (a dict, bench's keys)."""
    npublish = max(npublish, clerks)
    tmp = tmpdir("load")
    b = os.path.join(tmp, "bureau")
    t0 = time.time()
    setup(b, clerks, npublish)
    with open(workbook(tmp, "seed.xlsx"), "rb") as f:
        data = f.read()
    print(f"phase: set-up {time.time() - t0:.1f} s")
    # --connections: every clerk holds a connection while its check waits,
    # all from one address here; the server's default is meant to suffice
    conns = os.environ.get("LOAD_CONNECTIONS")
    srv = Server(b, "--jobs", str(jobs), *(["--connections", conns] if conns else [])).start()
    try:
        c0 = cpu_s(srv.proc.pid)
        acked, times, errors, wall = uploads(srv, clerks, versions, data)
        up_cpu = cpu_s(srv.proc.pid) - c0
        print(f"phase: {clerks} x {versions} uploads in {wall:.1f} s")
        check(not errors and len(times) == clerks * versions,
              f"no request lost: every upload answered 303 and checked ({len(errors)} lost: {errors[:3]})")
        verify_store(b, acked, clerks * versions)
        t0 = time.time()
        copy_versions(b, clerks, npublish)
        rv = approve_all(srv, npublish)
        print(f"phase: {npublish} submitted and approved in {time.time() - t0:.1f} s")
        c0 = cpu_s(srv.proc.pid)
        pub_s, folder = publish(b, rv, npublish, timeout=600)
        pub_cpu = cpu_s(srv.proc.pid) - c0
        verify_set(b, folder, npublish)
    finally:
        code = srv.stop()
    check(code == 0, "the server stops on SIGTERM with 0")
    batch_s, batch_cpu = batch(b, tmp, npublish, jobs, folder)
    print(f"phase: batch of {npublish} in {batch_s:.1f} s")
    times.sort()
    n = len(times)
    res = {"serve_clerks": clerks, "serve_versions": versions, "serve_jobs": jobs,
           "serve_uploads": n, "serve_upload_wall_s": f"{wall:.1f}",
           "serve_uploads_per_s": f"{n / wall:.2f}",
           "serve_upload_to_findings_p50_s": f"{pct(times, 0.50):.2f}",
           "serve_upload_to_findings_p99_s": f"{pct(times, 0.99):.2f}",
           "serve_cpu_s_per_upload": f"{up_cpu / max(n, 1):.2f}",
           "serve_publish_departments": npublish, "serve_publish_s": f"{pub_s:.3f}",
           "serve_publish_s_per_department": f"{pub_s / npublish:.4f}",
           "serve_publish_cpu_s": f"{pub_cpu:.2f}",
           "batch_same_s": f"{batch_s:.3f}",
           "batch_same_s_per_department": f"{batch_s / npublish:.4f}",
           "batch_same_cpu_s": f"{batch_cpu:.2f}",
           "publish_over_batch": f"{pub_s / batch_s:.3f}"}
    if os.environ.get("LOAD_KEEP"):
        print("kept:", tmp)
    else:
        shutil.rmtree(tmp)
    return res


def main():
    a = [int(x) for x in sys.argv[1:4]]
    clerks, versions, npublish = (a + [50, 5, 200][len(a):])[:3]
    if clerks < 1 or versions < 1:
        sys.exit("usage: load.py [CLERKS [VERSIONS [PUBLISH]]]: at least one clerk and one version")
    res = run(clerks, versions, npublish, int(os.environ.get("JOBS", "2")))
    print(" ".join(f"{k}={v}" for k, v in res.items()) + f" cores={os.cpu_count()}")


if __name__ == "__main__":
    main()
