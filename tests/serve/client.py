"""client.py — a small HTTP client for the serve tests (urllib only): a
session with cookies, forms with their CSRF token, multipart uploads."""
import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


class Client:
    def __init__(self, base, timeout=120):
        self.base = base.rstrip("/")
        self.timeout = timeout
        self.jar = http.cookiejar.CookieJar()
        self.op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                              NoRedirect)
        self.csrf = None

    def request(self, path, data=None, headers=None):
        """(status, headers, body text); redirects are not followed."""
        req = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            with self.op.open(req, timeout=self.timeout) as r:
                return r.status, r.headers, r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read().decode("utf-8", "replace")

    def get(self, path):
        st, h, body = self.request(path)
        m = re.search(r'name="csrf" value="([0-9a-f]+)"', body)
        if m and "/login" not in path:
            self.csrf = m.group(1)
        return st, h, body

    def get_bytes(self, path):
        req = urllib.request.Request(self.base + path)
        try:
            with self.op.open(req, timeout=self.timeout) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def post(self, path, fields, csrf=True):
        f = dict(fields)
        if csrf and self.csrf:
            f.setdefault("csrf", self.csrf)
        return self.request(path, urllib.parse.urlencode(f).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded"})

    def upload(self, path, filename, content, csrf=True, field="workbook"):
        return self.upload_files(path, [(field, filename, content)], csrf)

    def upload_files(self, path, files, csrf=True):
        """files: [(field, filename, bytes)]."""
        b = uuid.uuid4().hex
        parts = []
        if csrf and self.csrf:
            parts.append(f'--{b}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n'
                         f'{self.csrf}\r\n'.encode())
        for field, filename, content in files:
            parts.append(f'--{b}\r\nContent-Disposition: form-data; name="{field}"; '
                         f'filename="{filename}"\r\nContent-Type: application/octet-stream'
                         f'\r\n\r\n'.encode() + content + b"\r\n")
        parts.append(f"--{b}--\r\n".encode())
        return self.request(path, b"".join(parts),
                            {"Content-Type": f"multipart/form-data; boundary={b}"})

    def login(self, user, password):
        st, h, body = self.request("/login")
        m = re.search(r'name="csrf" value="([0-9a-f]+)"', body)
        st, h, body = self.post("/login", {"user": user, "password": password,
                                           "csrf": m.group(1)}, csrf=False)
        if st == 303:
            self.get("/")
            st2, h2, b2 = self.get(h["Location"] if h["Location"] != "/" else "/")
        return st
