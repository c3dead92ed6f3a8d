"""`gongkai review --web` without a browser: the page served is offline-safe, loopback by default, a busy port is
an input error, Ctrl+C stops the server. (tests/visual/test_browser.py drives the page in chromium.)"""

from __future__ import annotations

import shlex
import signal
import socket
import subprocess
import sys
import urllib.request

import pytest

from gongkai.tui.web import FONT_ROUTE, HEAD_EXTRA, is_loopback, review_command, url_for
from tests.conftest import SAMPLE
from tests.visual.support import ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "gongkai.cli.main", "review", str(SAMPLE), "--web", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_each_session_runs_this_python_on_the_absolute_path(monkeypatch):
    monkeypatch.chdir(ROOT)  # a relative path, resolved from here
    from gongkai.cli.main import Lang, _review_options

    options = _review_options(
        ruleset=["mof2016"],
        config=None,
        lang=Lang.en,
        select=["SUM", "XTAB"],
        ignore=None,
        template="national",
        baseline=None,
        scope=None,
    )
    argv = shlex.split(review_command(SAMPLE.relative_to(ROOT), options))
    assert argv[:4] == [sys.executable, "-m", "gongkai.cli.main", "review"]
    assert argv[4] == str(SAMPLE.resolve())
    assert argv[5:] == [
        "--ruleset",
        "mof2016",
        "--lang",
        "en",
        "--select",
        "SUM",
        "--select",
        "XTAB",
        "--template",
        "national",
    ]  # every option of `review --web` reaches each tab


@pytest.mark.parametrize(
    "host, loopback",
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("127.0.0.2", True),
        ("0.0.0.0", False),
        ("192.0.2.7", False),
        ("example.org", False),
    ],
)
def test_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_url_brackets_ipv6():
    assert url_for("::1", 8000) == "http://[::1]:8000" and url_for("127.0.0.1", 80) == "http://127.0.0.1:80"


def test_the_page_is_served_offline_and_ctrl_c_stops_the_server():
    port = _free_port()
    server = _serve("--port", str(port))
    try:
        line = server.stdout.readline()
        assert f"http://127.0.0.1:{port}" in line and "Ctrl+C" in line
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30).read().decode("utf-8")
        assert "fonts.googleapis.com" not in page and "https://" not in page.split("<body")[0]
        assert HEAD_EXTRA in page
        font = urllib.request.urlopen(f"http://127.0.0.1:{port}{FONT_ROUTE}", timeout=30)
        assert font.headers["Content-Type"] == "font/otf" and font.read(4) == b"OTTO"
    finally:
        server.send_signal(signal.SIGINT)
        rc = server.wait(timeout=30)
    assert rc == 0


def test_a_busy_port_is_an_input_error():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        server = _serve("--port", str(port))
        try:
            out, err = server.communicate(timeout=60)
        finally:
            if server.poll() is None:
                server.kill()
    assert server.returncode == 2, (out, err)
    assert err.count("\n") == 1 and err.startswith("gongkai: ") and str(port) in err
