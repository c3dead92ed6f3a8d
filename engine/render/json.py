"""The `gongkai.report/1` JSON contract (docs/design.md): deterministic, byte-identical for the same input."""

from __future__ import annotations

from typing import TextIO

from gongkai.engine.pipeline.report import Report
from gongkai.engine.render import RenderOptions, register


@register("json")
def render(report: Report, out: TextIO, opts: RenderOptions) -> None:
    out.write(report.to_json())
