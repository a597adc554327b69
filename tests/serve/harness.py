"""harness.py — what the serve tests share: the binaries (BP, BUILD and SRC
from ctest's environment), the test workbooks made from the seed, a bureau
folder with its users, and a server on a free port of 127.0.0.1."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

SRC = os.environ.get("SRC", os.path.abspath(os.path.join(os.path.dirname(__file__), "../..")))
BUILD = os.environ.get("BUILD", os.path.join(SRC, "build"))
BP = os.environ.get("BP", os.path.join(BUILD, "budgetpdf"))
SEED = os.path.join(SRC, "data/zzgx-smartcity-2024")
SEED_NAME = "郑州高新技术产业开发区新型智慧城市运行中心"
PASSWORDS = {"clerk1": "clerk1-demo-pw", "clerk2": "clerk2-demo-pw",
             "reviewer": "reviewer-demo-pw"}


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)
    print("ok:", msg)


def tmpdir(name):
    d = tempfile.mkdtemp(prefix=f"bp-serve-{name}-")
    return d


def workbook(tmp, name, edit=None):
    """tmp/name: the seed's tables as a workbook, with edit(text of
    06-gpb-basic.csv) -> text applied first."""
    dept = os.path.join(tmp, name + ".d")
    shutil.copytree(SEED, dept)
    if edit:
        p = os.path.join(dept, "06-gpb-basic.csv")
        with open(p, encoding="utf-8") as f:
            t = f.read()
        with open(p, "w", encoding="utf-8") as f:
            f.write(edit(t))
    out = os.path.join(tmp, name)
    subprocess.run([os.path.join(BUILD, "gen-annex-workbook"), dept,
                    os.path.join(SRC, "layouts/standard-2024"), out], check=True,
                   stdout=subprocess.DEVNULL)
    return out


ROW = "30101,基本工资,50101,工资奖金津补贴,123.3,123.3,"


def wrong_cell(t):
    return t.replace(ROW, "30101,基本工资,50101,工资奖金津补贴,133.3,123.3,")


def script_label(t):
    return t.replace(ROW, "30101,<script>alert(1)</script>,50101,工资奖金津补贴,133.3,123.3,")


def bp(*args, stdin=None):
    return subprocess.run([BP, *args], input=stdin, capture_output=True, text=True)


def make_bureau(tmp):
    b = os.path.join(tmp, "bureau")
    for code, name in [("033", SEED_NAME), ("101", "示例市财政局第二部门"),
                       ("102", "示例市财政局第三部门")]:
        r = bp("user", "add-department", b, code, name)
        assert r.returncode == 0, r.stderr
    for user, role, depts in [("clerk1", "clerk", "033"), ("clerk2", "clerk", "101,102"),
                              ("reviewer", "reviewer", None)]:
        args = ["user", "add", b, user, "--role", role] + (["--department", depts] if depts else [])
        r = bp(*args, stdin=PASSWORDS[user] + "\n")
        assert r.returncode == 0, r.stderr
    return b


SANITIZER_ERRORS = ("ERROR: LeakSanitizer", "ERROR: AddressSanitizer", "runtime error:")


def sanitizer_reports(bureau, *logs):
    """The sanitizer reports (the asan build: LeakSanitizer, AddressSanitizer,
    UBSan) in the given logs and in the stderr of the server's children
    (BUREAU/work/vN/*.err: the check workers), as (file, first lines)."""
    files = list(logs)
    for root, _, names in os.walk(os.path.join(bureau, "work")):
        files += [os.path.join(root, n) for n in names if n.endswith(".err")]
    out = []
    for p in files:
        try:
            with open(p, encoding="utf-8", errors="replace") as f:
                t = f.read()
        except OSError:
            continue
        at = min((t.find(e) for e in SANITIZER_ERRORS if e in t), default=-1)
        if at >= 0:
            out.append((p, t[at:at + 3000]))
    return out


def check_sanitizers(bureau, *logs):
    """Fails the test on any sanitizer report of the server or its workers."""
    for p, report in sanitizer_reports(bureau, *logs):
        print(report)
        fail(f"a sanitizer report in {p}")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


class Server:
    def __init__(self, bureau, *extra, port=None):
        self.bureau, self.extra = bureau, list(extra)
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(os.path.join(os.path.dirname(bureau), f"serve-{self.port}.log"), "ab")
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen([BP, "serve", self.bureau, "--listen",
                                      f"127.0.0.1:{self.port}", *self.extra],
                                     stdout=self.log, stderr=self.log)
        for _ in range(200):
            if self.healthy():
                return self
            if self.proc.poll() is not None:
                fail(f"server exited with {self.proc.returncode}")
            time.sleep(0.05)
        fail("server did not answer /healthz")

    def healthy(self):
        try:
            with urllib.request.urlopen(self.base + "/healthz", timeout=5) as r:
                return r.status == 200
        except OSError:
            return False

    def stop(self):
        """SIGTERM; the exit status. A sanitizer report in the server's log
        or its workers' (a leak at exit included) fails the test."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=60)
        self.log.flush()
        check_sanitizers(self.bureau, self.log.name)
        return self.proc.returncode

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def workers(self):
        """pids of the server's worker processes (children running --worker)."""
        out = []
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open(f"/proc/{pid}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    cmd = f.read().split(b"\0")
            except OSError:
                continue
            if ppid == self.proc.pid and b"--worker" in cmd:
                out.append(int(pid))
        return out


def named_workbook(tmp, file, name):
    """tmp/file: the seed's tables as a workbook of a department called name."""
    dept = os.path.join(tmp, file + ".d")
    shutil.copytree(SEED, dept)
    p = os.path.join(dept, "department.yaml")
    with open(p, encoding="utf-8") as f:
        t = f.read()
    with open(p, "w", encoding="utf-8") as f:
        f.write(t.replace(SEED_NAME, name))
    out = os.path.join(tmp, file)
    subprocess.run([os.path.join(BUILD, "gen-annex-workbook"), dept,
                    os.path.join(SRC, "layouts/standard-2024"), out], check=True,
                   stdout=subprocess.DEVNULL)
    shutil.rmtree(dept)
    return out


def store_file(bureau, path):
    """Copies the file at path into the bureau's file store; its sha256."""
    import hashlib
    with open(path, "rb") as f:
        data = f.read()
    sha = hashlib.sha256(data).hexdigest()
    d = os.path.join(bureau, "files", sha[:2])
    os.makedirs(d, exist_ok=True)
    if not os.path.exists(os.path.join(d, sha)):  # stored files are never rewritten
        with open(os.path.join(d, sha), "wb") as f:
            f.write(data)
    return sha


def approve_direct(bureau, code, book, pdf, user="reviewer"):
    """A version of department code (its workbook book, its checked PDF pdf)
    recorded as uploaded, passed, submitted and approved, straight into the
    store (the server stopped): the quick way to many approved departments.
    The version's id."""
    import sqlite3
    db = sqlite3.connect(os.path.join(bureau, "budgetpdf.db"))
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    dept = db.execute("SELECT id FROM departments WHERE code=?", (code,)).fetchone()[0]
    uid = db.execute("SELECT id FROM users WHERE name=?", (user,)).fetchone()[0]
    n = db.execute("SELECT COALESCE(MAX(n),0)+1 FROM versions WHERE department_id=?",
                   (dept,)).fetchone()[0]
    cur = db.execute(
        "INSERT INTO versions(department_id, n, user_id, created, filename, sha256, size, state,"
        " status, errors, warnings, message, pdf_sha256, checked) VALUES(?,?,?,?,?,?,?,"
        " 'done','ok',0,0,'',?,?)",
        (dept, n, uid, now, os.path.basename(book), store_file(bureau, book),
         os.path.getsize(book), store_file(bureau, pdf), now))
    vid = cur.lastrowid
    for action in ("submit", "approve"):
        db.execute("INSERT INTO reviews(department_id, version_id, user_id, action, created)"
                   " VALUES(?,?,?,?,?)", (dept, vid, uid, action, now))
    db.commit()
    db.close()
    return vid
