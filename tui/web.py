"""`gongkai review FILE --web`: the same review session, served to a browser by textual-serve.

textual-serve runs a small aiohttp server; each browser tab gets its own `gongkai review FILE` process,
whose Textual app talks to the page over a websocket (xterm.js draws it). It listens on loopback unless told
otherwise; nothing but the review session is served. Ctrl+C (SIGINT) or SIGTERM stops the server and its
sessions."""

from __future__ import annotations

import ipaddress
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

LOOPBACK = "127.0.0.1"


def review_command(path: Path, options: Sequence[str] = ()) -> str:
    """The shell command each browser session runs: this Python, this gongkai, the terminal review, with the
    options `gongkai review --web` was given (rulesets, config, language, selection, template, baseline)."""
    argv = [sys.executable, "-m", "gongkai.cli.main", "review", str(Path(path).resolve()), *options]
    return subprocess.list2cmdline(argv) if os.name == "nt" else shlex.join(argv)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_for(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


FONT_ROUTE = "/gongkai/cjk-font.otf"
ROBOTO = "/static/fonts/RobotoMono-VariableFont_wght.ttf"  # shipped by textual-serve
CJK_RANGES = "U+2E80-2FDF,U+3000-303F,U+3400-4DBF,U+4E00-9FFF,U+F900-FAFF,U+FE30-FE4F,U+FF00-FFEF"
# What the page gets on top of textual-serve's template:
# - its request for Roboto Mono from a public web-font service is dropped (offline it would hold the page's
#   start until it timed out); the copy textual-serve ships is declared instead;
# - the terminal draws with 'Roboto Mono' and the browser's fallbacks, so a machine without Chinese fonts would
#   show boxes: Noto Sans SC (the font the reports embed) joins that family for the CJK ranges, served from
#   this same server. Both faces carry the same descriptors, so the browser treats them as one font;
# - the terminal caches each glyph as first drawn, so the page's start (window.onload) waits for the fonts.
REMOTE_FONT = re.compile(r"<link[^>]*fonts\.googleapis\.com[^>]*>", re.S)
HEAD_EXTRA = (
    "<style>"
    f'@font-face{{font-family:"Roboto Mono";font-weight:100 900;src:url("{ROBOTO}") format("truetype");'
    "unicode-range:U+0000-2E7F}"
    f'@font-face{{font-family:"Roboto Mono";font-weight:100 900;src:url("{FONT_ROUTE}") format("opentype");'
    f"unicode-range:{CJK_RANGES}}}"
    "</style>"
    "<script>(function(){var start=window.onload;if(!start||!document.fonts)return;"
    "window.onload=function(e){var go=function(){start(e)};"
    "document.fonts.load(\"16px 'Roboto Mono'\",'公开 gongkai').then(go,go)}})();</script>"
)


async def _font(request):
    from aiohttp import web

    from gongkai.engine.render._fonts import font_path

    return web.FileResponse(font_path(), headers={"Content-Type": "font/otf", "Cache-Control": "max-age=86400"})


def _with_cjk_font_factory():
    from aiohttp import web

    @web.middleware
    async def with_cjk_font(request, handler):
        response = await handler(request)
        if request.path == "/" and getattr(response, "text", None) and "</head>" in response.text:
            page = REMOTE_FONT.sub("", response.text)
            response.text = page.replace("</head>", HEAD_EXTRA + "</head>", 1)
        return response

    return with_cjk_font


def make_server(path: Path, host: str = LOOPBACK, port: int = 8000, options: Sequence[str] = ()):
    from aiohttp import web
    from textual_serve.server import Server

    class ReviewServer(Server):
        async def on_startup(self, app) -> None:  # no banner: the URL line is printed once listening
            pass

        def serve(self, debug: bool = False) -> None:
            """textual-serve's serve(), saying where to go only once the socket is bound."""
            import asyncio
            import signal

            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            try:
                loop.add_signal_handler(signal.SIGINT, self.request_exit)
                loop.add_signal_handler(signal.SIGTERM, self.request_exit)
            except NotImplementedError:  # Windows: Ctrl+C arrives as KeyboardInterrupt
                pass
            # shutdown_timeout: Ctrl+C closes open tabs' connections after 2 s instead of waiting for them
            web.run_app(
                self._make_app(),
                host=self.host,
                port=self.port,
                handle_signals=False,
                loop=loop,
                shutdown_timeout=2.0,
                print=lambda _message: print(
                    f"gongkai review: 在浏览器中打开 / open in a browser: {self.public_url}   (Ctrl+C 停止 / to stop)",
                    flush=True,
                ),
            )

        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            app.router.add_get(FONT_ROUTE, _font)
            app.middlewares.append(_with_cjk_font_factory())
            return app

    server = ReviewServer(
        review_command(path, options),
        host=host,
        port=port,
        title=f"gongkai review {Path(path).name}",
        public_url=url_for(host, port),
    )
    return server


def serve(path: Path, host: str = LOOPBACK, port: int = 8000, options: Sequence[str] = ()) -> None:
    """Run until Ctrl+C. Raises OSError when the address cannot be bound (the caller says so, exit 2)."""
    if not is_loopback(host):
        print(
            f"gongkai review: 注意：{host} 不是本机回环地址，同一网络中的其他人也能打开此审阅会话 / "
            f"warning: {host} is not loopback, others on the network can open this session",
            file=sys.stderr,
            flush=True,
        )
    make_server(path, host, port, options).serve()
