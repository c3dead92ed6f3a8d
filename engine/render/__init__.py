"""Report renderers: one module per format behind one small interface (conftest style).

A renderer is `render(report, out, opts)`: pure, writes to the stream it is given, never composes
messages (the report already has them) and never decides the exit code (`Report.exit_code` does)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # annotations only: `check` validates --format before anything is read or judged
    from gongkai.engine.pipeline.report import Report


@dataclass
class RenderOptions:
    show_passes: bool = False
    lang: str = "zh"
    color: bool | None = None  # None: decide from the stream
    width: int | None = None
    cwd: str | None = None  # paths in machine formats are made relative to this
    document: object | None = None  # the Disclosure, for renderers that draw its figures (html)
    fail_on: str = "error"  # the verdict on the first line: 合格 unless a failure at or above this
    group: str = "severity"  # "severity": one list, most important first; "family": by family
    show_baselined: bool = False  # list the failures the baseline knew (otherwise only counted)


Renderer = Callable[["Report", TextIO, RenderOptions], None]
RENDERERS: dict[str, Renderer] = {}


def register(name: str) -> Callable[[Renderer], Renderer]:
    def deco(fn: Renderer) -> Renderer:
        RENDERERS[name] = fn
        return fn

    return deco


# Each format is the module of its name (engine/render/<format>.py), imported only when asked for: a
# `check -f json` does not load the HTML writer. tests/formats checks that this list and the modules agree.
FORMATS = ("github", "html", "json", "junit", "markdown", "sarif", "text")


def formats() -> list[str]:
    return list(FORMATS)


def get(name: str) -> Renderer:
    if name not in FORMATS:
        raise KeyError(name)
    if name not in RENDERERS:
        import importlib

        importlib.import_module(f"{__name__}.{name}")
    return RENDERERS[name]
