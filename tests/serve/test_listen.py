#!/usr/bin/env python3
"""test_listen.py — where serve listens (issue 25): --listen with an IPv6
address in brackets ([::1]:PORT) serves the workbench there (a clerk logs
in and sees their department) and not on 127.0.0.1; a malformed --listen,
or a number option that is not a whole number in its range, is refused
with exit 2 naming it. Skipped (77) when the machine has no
IPv6 loopback (::1 cannot be bound: IPv6 disabled in the kernel or the
container)."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from client import Client
from harness import BP, PASSWORDS, check, check_sanitizers, make_bureau, tmpdir


def ipv6_port():
    """A free port of ::1, or None when ::1 cannot be bound (and why)."""
    try:
        s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
        s.bind(("::1", 0))
        p = s.getsockname()[1]
        s.close()
        return p, None
    except OSError as e:
        return None, str(e)


def answers(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status == 200
    except OSError:
        return False


def bad_listen(bureau):
    for bad in ["[::1]8080", "::1:8080", "[::1]:0", "[::1]:70000", "127.0.0.1:80x",
                "[127.0.0.1]:8080", "[::1:8080", "127.0.0.1:", ":8080", "[]:8080"]:
        r = subprocess.run([BP, "serve", bureau, "--listen", bad], capture_output=True,
                           text=True, timeout=30)
        check(r.returncode == 2 and "--listen" in r.stderr and bad in r.stderr,
              f"--listen {bad} is refused (exit 2, named)")


def bad_numbers(bureau):
    for opt, bad in [("--jobs", "abc"), ("--jobs", "0"), ("--timeout", "-5"),
                     ("--max-upload", "99999999999999999999"), ("--max-upload", "2MB"),
                     ("--connections", "")]:
        r = subprocess.run([BP, "serve", bureau, opt, bad], capture_output=True, text=True,
                           timeout=30)
        check(r.returncode == 2 and opt in r.stderr and f"'{bad}'" in r.stderr,
              f"{opt} '{bad}' is refused (exit 2, named), not taken as the default")


def main():
    tmp = tmpdir("listen")
    bureau = make_bureau(tmp)
    bad_listen(bureau)
    bad_numbers(bureau)
    port, why = ipv6_port()
    if port is None:
        print(f"skip: no IPv6 loopback on this machine (binding ::1 fails: {why})")
        shutil.rmtree(tmp)
        sys.exit(77)
    log = open(os.path.join(tmp, "serve.log"), "ab")
    proc = subprocess.Popen([BP, "serve", bureau, "--listen", f"[::1]:{port}"], stdout=log,
                            stderr=log)
    base = f"http://[::1]:{port}"
    for _ in range(200):
        if answers(base + "/healthz") or proc.poll() is not None:
            break
        time.sleep(0.05)
    check(proc.poll() is None and answers(base + "/healthz"), f"/healthz answers on [::1]:{port}")
    check(not answers(f"http://127.0.0.1:{port}/healthz"), "and not on 127.0.0.1")
    c = Client(base)
    check(c.login("clerk1", PASSWORDS["clerk1"]) == 303, "clerk1 logs in over IPv6")
    st, _, body = c.get("/d/033")
    check(st == 200 and "033" in body, "and sees their department")
    proc.send_signal(signal.SIGTERM)
    check(proc.wait(timeout=60) == 0, "the server stops cleanly")
    log.close()
    check_sanitizers(bureau, os.path.join(tmp, "serve.log"))
    with open(os.path.join(tmp, "serve.log"), encoding="utf-8", errors="replace") as f:
        check(f"http://[::1]:{port}/" in f.read(), "its log names the IPv6 address")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
