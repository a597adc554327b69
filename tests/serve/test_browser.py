#!/usr/bin/env python3
"""test_browser.py — the season in a real browser (Debian's chromium driven
through chromium-driver by python3-selenium): clerk1 logs in, uploads a
workbook with one wrong cell and sees its finding framed on the page of
table 06 where `budgetpdf check --format json` puts it (page and
rectangle), a click on it scrolling there and marking it; uploads the
seed's workbook with a document.md whose typed figure disagrees with table
06 and sees that text finding framed on its text page, as the JSON has it;
uploads the seed and sees 通过 with its four rounding warnings (06 and 07),
submits; the reviewer returns it with a comment; the clerk sees the
comment, uploads again and resubmits; the reviewer approves and publishes,
following the publication on its progress page until it is done;
the publication set holds the PDF with the bytes of the seed's annex.
Screenshots of each step go to the test's folder (SHOTS to keep them)."""
import csv
import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time

from harness import (BP, PASSWORDS, SEED, SEED_NAME, Server, check, make_bureau, tmpdir,
                     workbook, wrong_cell)

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    print("SKIP: python3-selenium is not installed (make deps)")
    sys.exit(77)


class Browser:
    def __init__(self, base, shots):
        o = webdriver.ChromeOptions()
        o.binary_location = "/usr/bin/chromium"
        for a in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                  "--window-size=1300,1000", "--lang=zh-CN"]:
            o.add_argument(a)
        self.d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)
        self.d.set_page_load_timeout(180)
        self.d.implicitly_wait(30)
        self.base, self.shots, self.n = base, shots, 0

    def wait_images(self):
        """Until the page's images are drawn and loaded."""
        self.d.execute_script("document.querySelectorAll('img').forEach(i => i.loading = 'eager')")
        for _ in range(300):
            if self.d.execute_script(
                    "return [...document.images].every(i => i.complete && i.naturalWidth)"):
                break
            time.sleep(0.1)

    def shot(self, name):
        self.wait_images()
        self.n += 1
        p = os.path.join(self.shots, f"{self.n:02d}-{name}.png")
        self.d.save_screenshot(p)
        print("screenshot:", p)

    def click(self, css):
        """Clicks a form's button and waits for the page it leads to."""
        el = self.find(css)
        el.click()

        def gone(d):  # chromium may answer either way while it navigates
            try:
                el.is_enabled()
                return False
            except WebDriverException:
                return True

        def ready(d):
            try:
                return d.execute_script("return document.readyState") == "complete"
            except WebDriverException:
                return False

        WebDriverWait(self.d, 120).until(gone)
        WebDriverWait(self.d, 120).until(ready)

    def go(self, path):
        self.d.get(self.base + path)

    def find(self, css):
        return self.d.find_element(By.CSS_SELECTOR, css)

    def text(self, css):
        return self.find(css).text

    def login(self, user):
        self.go("/login")
        self.find("#user").send_keys(user)
        self.find("#password").send_keys(PASSWORDS[user])
        self.click("#login")

    def logout(self):
        self.d.delete_all_cookies()

    def upload(self, path, text=None, previous=None):
        self.go("/d/033")
        self.find("#workbook").send_keys(path)
        if text:
            self.find("#text").send_keys(text)
        if previous:
            self.find("#previous").send_keys(previous)
        self.click("#upload")
        return self.text("#status")


def check_json(target):
    """The findings of `budgetpdf check TARGET --format json`."""
    r = subprocess.run([BP, "check", target, "--format", "json"], capture_output=True, text=True)
    return json.loads(r.stdout)["findings"]


def framed_as_json(b, row, want, what):
    """Clicks the finding's link in row: the page scrolls to its box, which
    :target marks, on the page image and at the rectangle of want (a
    finding of check --format json) within 1% of the page."""
    link = row.find_element(By.CSS_SELECTOR, "a")
    link.click()
    b.wait_images()
    check(b.d.current_url.endswith(link.get_attribute("hash")), f"{what}: the click goes to its box")
    box = b.find(link.get_attribute("hash"))
    page = box.find_element(By.XPATH, "..")
    img = page.find_element(By.TAG_NAME, "img")
    check(page.get_attribute("id") == f"p{want['page']}",
          f"{what}: framed on {page.get_attribute('id')}, the JSON's page {want['page']}")
    loaded = b.d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", img)
    check(loaded and loaded > 500, f"{what}: its page is shown as an image")
    check(box.is_displayed() and box.size["width"] > 10 and box.size["height"] > 5,
          f"{what}: the frame is drawn ({box.size})")
    g = b.d.execute_script(
        "var a=arguments[0].getBoundingClientRect(),p=arguments[1].getBoundingClientRect();"
        "return {x:(a.left-p.left)/p.width, y:(a.top-p.top)/p.height, w:a.width/p.width,"
        " h:a.height/p.height, nw:arguments[1].naturalWidth, nh:arguments[1].naturalHeight,"
        " seen:a.bottom>0&&a.top<window.innerHeight,"
        " marked:getComputedStyle(arguments[0]).outlineStyle};", box, img)
    wpt, hpt = g["nw"] * 72 / 96, g["nh"] * 72 / 96  # mutool draw -r 96
    jb = want["boxes"][0]
    expect = {"x": jb["x"] / wpt, "y": (hpt - jb["y2"]) / hpt, "w": (jb["x2"] - jb["x"]) / wpt,
              "h": (jb["y2"] - jb["y"]) / hpt}
    off = max(abs(g[k] - expect[k]) for k in expect)
    check(off < 0.01, f"{what}: the frame is the JSON's box {jb} (off by {off:.4f} of the page)")
    check(g["seen"], f"{what}: the click scrolled its box into view")
    check(g["marked"] == "solid", f"{what}: the box is marked as the target ({g['marked']})")
    return box


def clerk_uploads(b, wrong, seed, text, text_dept):
    b.login("clerk1")
    check(SEED_NAME in b.find("main").text, "clerk1 sees its department")
    b.shot("clerk-home")
    status = b.upload(wrong)
    check("项错误" in status, f"the wrong cell is found: {status}")
    want = [f for f in check_json(wrong) if f["severity"] == "error"]
    check(want and want[0]["page"] and "30101 基本工资, 合计" in want[0]["message"],
          f"check --format json places the wrong cell first: {want[0]['boxes']}")
    box = framed_as_json(b, b.find("tr.finding.error"), want[0], "the wrong cell")
    img = box.find_element(By.XPATH, "..").find_element(By.TAG_NAME, "img")
    inside = b.d.execute_script(
        "var a=arguments[0].getBoundingClientRect(),p=arguments[1].getBoundingClientRect();"
        "return a.left>=p.left&&a.right<=p.right&&a.top>=p.top&&a.bottom<=p.bottom;", box, img)
    check(inside, "the frame lies on the page image")
    b.shot("wrong-cell-framed")
    status = b.upload(seed, *text)
    check("通过" in status and "5 项警告" in status, f"the typed figure is a warning: {status}")
    want = [f for f in check_json(text_dept) if f["kind"] == "text_figures"]
    check(len(want) == 1 and want[0]["page"], f"check --format json places the text finding: {want}")
    rows = [r for r in b.d.find_elements(By.CSS_SELECTOR, "tr.finding")
            if "document.md:" in r.text]
    check(len(rows) == 1, f"one finding in document.md listed: {[r.text for r in rows]}")
    check("/work/" not in rows[0].text and "/dept/" not in rows[0].text,
          "its source and message name document.md, not the job folder")
    framed_as_json(b, rows[0], want[0], "the typed figure")
    b.shot("text-figure-framed")
    status = b.upload(seed)
    check(status.startswith("检查结果：通过") and "4 项警告" in status, f"the seed: {status}")
    check(len(b.d.find_elements(By.CSS_SELECTOR, "tr.finding.rounding")) == 4,
          "four rounding differences listed")
    b.shot("seed-passed")
    b.go("/d/033")
    b.click("#submit")
    check(b.text("#dept-status") == "待审核", "submitted: 待审核")
    b.shot("submitted")
    b.logout()


def reviewer_returns(b):
    b.login("reviewer")
    rows = b.d.find_elements(By.CSS_SELECTOR, "#departments tr.dept")
    check(len(rows) == 3, "the reviewer sees the three departments")
    check("待审核" in b.text("#departments"), "one is 待审核")
    b.shot("review-table")
    b.d.find_element(By.LINK_TEXT, SEED_NAME).click()
    b.find("#comment").send_keys("请核对表06的说明 <b>不要加粗</b>")
    b.click("#return")
    check(b.text("#dept-status") == "已退回", "returned: 已退回")
    b.logout()


def clerk_resubmits(b, seed):
    b.login("clerk1")
    b.go("/d/033")
    check("请核对表06的说明 <b>不要加粗</b>" in b.text("#return-comment"),
          "the clerk sees the comment (as text)")
    b.shot("returned")
    status = b.upload(seed)
    check("通过" in status, "the new version passes")
    b.go("/d/033")
    b.click("#submit")
    check(b.text("#dept-status") == "待审核", "resubmitted")
    b.logout()


def reviewer_publishes(b):
    b.login("reviewer")
    b.go("/d/033")
    b.click("#approve")
    check(b.text("#dept-status") == "已通过", "approved: 已通过")
    b.go("/review")
    b.click("#publish")
    check("/publish/" in b.d.current_url and b.find("#pub-progress").text.startswith("已生成"),
          f"publishing answers at once with its progress page ({b.text('#pub-state')})")
    b.shot("publish-progress")
    state = ""
    for _ in range(600):  # the page refreshes itself (meta refresh) while it runs
        try:
            state = b.text("#pub-state")
        except WebDriverException:
            state = ""
        if state in ("已完成", "失败"):
            break
        time.sleep(0.5)
    check(state == "已完成" and "index.html" in b.text("#pub-links"),
          f"the progress page ends 已完成 with links to the set ({state})")
    check("1 / 1" in b.text("#pub-progress").replace("已生成 ", ""), "1 / 1 departments")
    b.shot("publish-done")
    b.go("/review")
    check("已发布" in b.text("#departments"), "published: 已发布")
    b.shot("published")


def typed_figure(tmp):
    """A copy of the seed whose document.md types table 06's total as a
    figure no table holds (a text_figures warning)."""
    d = os.path.join(tmp, "typed")
    shutil.copytree(SEED, d)
    p = os.path.join(d, "document.md")
    with open(p, encoding="utf-8") as f:
        t = f.read()
    expr = "{{ 06[dept_code=合计].total }}"
    assert expr in t
    with open(p, "w", encoding="utf-8") as f:
        f.write(t.replace(expr, "9999.9", 1))
    return d


def main():
    tmp = tmpdir("browser")
    shots = os.environ.get("SHOTS") or os.path.join(tmp, "screenshots")
    os.makedirs(shots, exist_ok=True)
    bureau = make_bureau(tmp)
    seed, wrong = workbook(tmp, "seed.xlsx"), workbook(tmp, "wrong.xlsx", wrong_cell)
    text_dept = typed_figure(tmp)
    text = (os.path.join(text_dept, "document.md"), os.path.join(text_dept, "previous-2023.yaml"))
    srv = Server(bureau).start()
    b = Browser(srv.base, shots)
    try:
        clerk_uploads(b, wrong, seed, text, text_dept)
        reviewer_returns(b)
        clerk_resubmits(b, seed)
        reviewer_publishes(b)
    finally:
        b.d.quit()
        srv.stop()
    sets = glob.glob(os.path.join(bureau, "publish", "2*"))
    check(len(sets) == 1, f"one publication set: {sets}")
    pdfs = glob.glob(os.path.join(sets[0], "*.pdf"))
    check([os.path.basename(p) for p in pdfs] == [f"033-{SEED_NAME}.pdf"], "named by department")
    ref = os.path.join(tmp, "ref.pdf")
    subprocess.run([BP, "render", SEED, "--annex-only", "-o", ref], check=True)
    digest = lambda p: hashlib.sha256(open(p, "rb").read()).hexdigest()
    check(digest(pdfs[0]) == digest(ref), "the published PDF has the seed annex's bytes")
    rows = list(csv.reader(open(os.path.join(sets[0], "publication.csv"), encoding="utf-8-sig")))
    check(rows[1][:2] == ["033", SEED_NAME], "publication.csv lists it")
    check(SEED_NAME in open(os.path.join(sets[0], "index.html"), encoding="utf-8").read(),
          "index.html links it")
    if not os.environ.get("SHOTS"):
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
