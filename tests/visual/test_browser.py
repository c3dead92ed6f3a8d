"""In a real browser (Debian's chromium, driven by Playwright): the HTML report shows the verdict, the charts and
the first finding in Chinese on a machine without Chinese fonts; `gongkai review --web` serves the review
session, answers a question typed into the page, and stops on Ctrl+C.

The browser is the system's (`apt-get install chromium`, done by .ci/run); without it these tests skip and say
why. Only loopback is contacted: the page's request for a web font elsewhere is refused."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SAMPLE
from tests.visual.support import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (.ci/run: apt-get install chromium)"
)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=ARGS, viewport={"width": 1280, "height": 800}
        )
        context.route(re.compile(r"^(https?|wss?)://(?!127\.0\.0\.1[:/])"), lambda route: route.abort())
        yield context
        context.close()


def _pixels(path: Path):
    from PIL import Image

    return Image.open(path).convert("RGB")


def _near(rgb, target, tol=40) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(rgb, target))


def _rgb(image):
    data = image.tobytes()
    return (data[i : i + 3] for i in range(0, len(data), 3))


def _count(image, box, target, tol=40) -> int:
    x0, y0, x1, y1 = (int(v) for v in box)
    crop = image.crop((max(x0, 0), max(y0, 0), min(x1, image.width), min(y1, image.height)))
    return sum(1 for px in _rgb(crop) if _near(px, target, tol))


# -- the HTML report ------------------------------------------------------------------------------------------
def test_html_report_screenshot_shows_verdict_charts_and_first_finding(browser, tmp_path):
    from typer.testing import CliRunner

    from gongkai.cli.main import app

    out = tmp_path / "report.html"
    assert CliRunner().invoke(app, ["check", str(SAMPLE), "--format", "html", "-o", str(out)]).exit_code == 1
    page = browser.new_page()
    page.goto(out.as_uri())
    page.wait_for_function("document.fonts.status === 'loaded'")
    assert page.evaluate("document.fonts.check('16px GongkaiCJK', '结论不通过')")
    assert page.evaluate("[...document.fonts].some(f => f.family === 'GongkaiCJK' && f.status === 'loaded')")
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    image = _pixels(shot)
    verdict = page.locator("#verdict").bounding_box()
    families = page.locator("#chart-families svg").bounding_box()
    first = page.locator("article.finding").first.bounding_box()
    assert verdict and families and first
    assert verdict["y"] < families["y"] < first["y"] < image.height
    # the verdict's red bar, the family chart's severity colours, the first finding's severity stripe
    assert (
        _count(
            image, (verdict["x"], verdict["y"], verdict["x"] + 12, verdict["y"] + verdict["height"]), (0xC6, 0x28, 0x28)
        )
        > 50
    )
    box = (families["x"], families["y"], families["x"] + families["width"], families["y"] + families["height"])
    for colour in ((0xC6, 0x28, 0x28), (0xE6, 0x77, 0x00), (0x15, 0x65, 0xC0)):
        assert _count(image, box, colour, 30) > 30, colour
    stripe = {"error": (0xC6, 0x28, 0x28), "warning": (0xE6, 0x77, 0x00), "info": (0x15, 0x65, 0xC0)}[
        page.locator("article.finding").first.get_attribute("data-severity")
    ]
    assert _count(image, (first["x"], first["y"], first["x"] + 8, first["y"] + first["height"]), stripe, 30) > 100
    # Chinese glyphs are drawn (not blank boxes): the title has dark pixels across its width
    title = page.locator("h1").bounding_box()
    assert (
        _count(
            image,
            (title["x"], title["y"], title["x"] + title["width"], title["y"] + title["height"]),
            (0x22, 0x22, 0x22),
            60,
        )
        > 200
    )
    # the filters work: unticking 提示 hides the info findings
    infos = page.locator("article.finding[data-severity=info]").count()
    shown_before = int(page.locator("#shown").inner_text())
    page.locator("input[name=severity][value=info]").uncheck()
    assert int(page.locator("#shown").inner_text()) == shown_before - infos
    page.close()


# -- the review session in a browser ------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _screen_text(frames: list[bytes]) -> str:
    """What the app sent to the page: the terminal stream without escape sequences and whitespace."""
    text = b"".join(frames).decode("utf-8", "replace")
    text = re.sub(r"\x1b\][^\x07\x1b]*(\x07|\x1b\\)", "", text)
    text = re.sub(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]", "", text)
    text = re.sub(r"\x1b.", "", text)
    return "".join(text.split())


def _wait(page, predicate, seconds: float, what: str):
    """Poll while letting Playwright deliver events (a plain sleep would hold back the websocket frames)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        page.wait_for_timeout(250)
    raise AssertionError(f"timed out waiting for {what}")


def test_review_in_a_browser_answers_a_question(browser, tmp_path):
    from gongkai.tui.answer import GroundedAnswerer
    from gongkai.tui.session import Session

    doc = tmp_path / SAMPLE.name
    shutil.copyfile(SAMPLE, doc)
    question = "三公经费为什么通过"  # not the input's placeholder, so its echo proves the typing
    expected = GroundedAnswerer().reply(question, Session.open(doc)).text
    first_line = next(line for line in expected.split("\n") if line.strip())
    want = "".join(re.sub(r"[*#`_]", "", first_line).split())[:10]  # the answer's heading, as shown

    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gongkai.cli.main", "review", str(doc), "--web", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        line = server.stdout.readline()
        url = f"http://127.0.0.1:{port}"
        assert url in line, line + server.stderr.read() if server.poll() is not None else line
        frames: list[bytes] = []
        page = browser.new_page()
        page.on(
            "websocket", lambda ws: ws.on("framereceived", lambda f: frames.append(f) if isinstance(f, bytes) else None)
        )
        page.goto(url)
        failing = _wait(page, lambda: re.search(r"✗[A-Z]+-\d{3}", _screen_text(frames)), 120, "the findings tree")
        assert failing
        page.locator(".xterm-screen").click()
        before = len(_screen_text(frames))
        page.keyboard.press("/")  # focus the question box: its border redraws
        _wait(page, lambda: len(_screen_text(frames)) > before, 30, "the question box to take the focus")
        page.wait_for_timeout(500)
        page.keyboard.type(question)
        _wait(page, lambda: question in _screen_text(frames)[before:], 30, "the typed question")
        seen = len(_screen_text(frames))
        page.keyboard.press("Enter")
        try:
            _wait(page, lambda: want in _screen_text(frames)[seen:], 120, f"the answer {want!r}")
        finally:
            page.screenshot(path=str(tmp_path / "review.png"))
            (tmp_path / "stream.txt").write_text(_screen_text(frames)[seen:], encoding="utf-8")
        page.wait_for_timeout(1000)  # let the page draw the last frames
        shot = tmp_path / "review.png"
        page.screenshot(path=str(shot))
        image = _pixels(shot)
        # the findings tree on the left: failures are drawn in the theme's red
        reds = sum(
            1
            for px in _rgb(image.crop((0, 0, image.width // 2, image.height)))
            if px[0] > 170 and px[1] < 90 and px[2] < 120
        )
        assert reds > 500, reds
        page.close()
    finally:
        server.send_signal(signal.SIGINT)  # Ctrl+C stops the server
        try:
            rc = server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            raise
    assert rc == 0, server.stderr.read()
