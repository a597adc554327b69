#!/usr/bin/env python3
"""test_connections.py — the default --connections at the issue's scale
behind a reverse proxy (docs/server.md, "Limits and security"): every
client is 127.0.0.1 and a clerk's upload holds its connection until its
check ends, so 120 connections held open at once from that one address (50
clerks' uploads and more) are all accepted at once (answered last first)
by a server started without --connections. The defaults before (64, half
of them for one address) reset the connections past the 32nd; with
--connections 64 this test fails (those past the 64th wait unaccepted)."""
import shutil
import socket
import time

from harness import Server, check, make_bureau, tmpdir

HELD = 120


def main():
    tmp = tmpdir("conns")
    srv = Server(make_bureau(tmp)).start()
    socks = []
    try:
        # each connection sends half a request and holds it, as an upload
        # whose body is still coming (or whose check runs) holds its own
        for _ in range(HELD):
            s = socket.create_connection(("127.0.0.1", srv.port), timeout=30)
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            socks.append(s)
        time.sleep(1.0)  # a connection over the limit is closed at once
        answered = 0
        # the last first: one over the limit that waits unaccepted (in the
        # listen queue) until others end would time out here
        for s in reversed(socks):
            try:
                s.settimeout(10)
                s.sendall(b"Connection: close\r\n\r\n")
                data = b""
                while True:
                    part = s.recv(65536)
                    if not part:
                        break
                    data += part
                if not data.startswith(b"HTTP/1.1 200"):
                    break
                answered += 1
            except OSError:  # reset, or not accepted in 10 s
                break
        check(answered == HELD, f"{HELD} connections held at once from one address all served"
              f" at once ({answered} answered)")
        check(srv.healthy(), "the server still answers")
    finally:
        for s in socks:
            s.close()
        check(srv.stop() == 0, "the server stops cleanly")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
