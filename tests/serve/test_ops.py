#!/usr/bin/env python3
"""test_ops.py — running the server (docs/server.md, "Logs and stopping"):
the access log on stderr is one JSON line per request with time, ip,
method, path, user, status, bytes_in and ms, a login's and an upload's
lines carry the user, and no password, session cookie or CSRF token is
ever in it; SIGTERM while an upload's check runs lets that check finish
and be stored, the upload answered, before the process exits 0 — nothing
is left to check again at the next start."""
import json
import os
import shutil
import signal
import sqlite3
import threading
import time

from client import Client
from harness import PASSWORDS, Server, check, make_bureau, tmpdir, workbook


def log_lines(srv):
    """The JSON lines of the server's log, and its whole text."""
    with open(srv.log.name, encoding="utf-8") as f:
        text = f.read()
    return [json.loads(l) for l in text.splitlines() if l.startswith("{")], text


def access_log(tmp, bureau, data):
    srv = Server(bureau).start()
    c = Client(srv.base)
    check(c.login("clerk1", PASSWORDS["clerk1"]) == 303, "clerk1 logs in")
    c.get("/d/033")
    st, h, _ = c.upload("/d/033/upload", "seed.xlsx", data)
    check(st == 303, "an upload answered")
    bad = Client(srv.base)
    check(bad.login("clerk2", "wrong-password-x") == 401, "a wrong password is refused")
    secrets = [PASSWORDS["clerk1"], "wrong-password-x", c.csrf]
    secrets += [ck.value for ck in c.jar] + [ck.value for ck in bad.jar]
    check(srv.stop() == 0, "the server stops cleanly")
    lines, text = log_lines(srv)
    keys = {"time", "ip", "method", "path", "user", "status", "bytes_in", "ms"}
    check(lines and all(keys <= set(l) for l in lines),
          f"{len(lines)} JSON lines, each with {sorted(keys)}")
    logins = [l for l in lines if l["method"] == "POST" and l["path"] == "/login"]
    check(len(logins) == 2, "the two logins are logged")
    ok, refused = logins
    check(ok["status"] == 303 and ok["user"] == "clerk1" and ok["ip"] == "127.0.0.1",
          "the login: POST /login 303 by clerk1 from 127.0.0.1")
    check(refused["status"] == 401 and refused["user"] == "", "the failed login: 401, no user")
    ups = [l for l in lines if l["path"] == "/d/033/upload"]
    check(len(ups) == 1 and ups[0]["method"] == "POST" and ups[0]["status"] == 303 and
          ups[0]["user"] == "clerk1", "the upload: POST /d/033/upload 303 by clerk1")
    check(ups[0]["bytes_in"] >= len(data) and ups[0]["ms"] > 0,
          f"its bytes_in ({ups[0]['bytes_in']}) hold the workbook, its ms ({ups[0]['ms']}) the check")
    check(all(time.strptime(l["time"][:19], "%Y-%m-%dT%H:%M:%S") for l in lines),
          "each time is an ISO date and time")
    leaked = [s for s in secrets if s and s in text]
    check(len(secrets) >= 5 and not leaked,
          f"no password, cookie value or CSRF token in the log ({len(secrets)} looked for)")


def graceful_stop(tmp, bureau, data):
    srv = Server(bureau).start()
    c = Client(srv.base)
    check(c.login("clerk1", PASSWORDS["clerk1"]) == 303, "clerk1 logs in")
    c.get("/d/033")
    answer = []
    t = threading.Thread(target=lambda: answer.append(c.upload("/d/033/upload", "seed.xlsx",
                                                               data + b"\0")))
    t.start()
    end = time.time() + 60
    while not srv.workers() and time.time() < end and not answer:
        time.sleep(0.01)
    workers = srv.workers()
    check(workers and not answer, f"the upload's check is running (worker {workers})")
    srv.proc.send_signal(signal.SIGTERM)
    time.sleep(0.2)
    check(srv.proc.poll() is None, "after SIGTERM the server waits for the check")
    rc = srv.proc.wait(timeout=120)
    t.join(timeout=60)
    check(rc == 0, "then exits 0")
    check(answer and answer[0][0] == 303, "the upload was answered (303) before the exit")
    db = sqlite3.connect(os.path.join(bureau, "budgetpdf.db"))
    row = db.execute("SELECT state, status, pdf_sha256 FROM versions"
                     " ORDER BY id DESC LIMIT 1").fetchone()
    db.close()
    check(row[0] == "done" and row[1] == "ok" and row[2],
          f"the check finished and is stored (state {row[0]}, status {row[1]})")
    check(os.path.exists(os.path.join(bureau, "files", row[2][:2], row[2])), "its PDF is stored")
    _, text = log_lines(srv)
    check("SIGTERM, finishing running requests" in text, "the log says it finishes requests")
    srv = Server(bureau, port=srv.port).start()
    r = Client(srv.base)
    check(r.login("reviewer", PASSWORDS["reviewer"]) == 303, "after a restart the reviewer logs in")
    st, _, body = r.get(answer[0][1]["Location"])
    check(st == 200 and "通过" in body, "the version shows 通过")
    check(srv.stop() == 0, "the server stops cleanly")
    _, text = log_lines(srv)
    check("again (interrupted)" not in text, "nothing was checked again at the restart")


def main():
    tmp = tmpdir("ops")
    bureau = make_bureau(tmp)
    with open(workbook(tmp, "seed.xlsx"), "rb") as f:
        data = f.read()
    access_log(tmp, bureau, data)
    graceful_stop(tmp, bureau, data)
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
