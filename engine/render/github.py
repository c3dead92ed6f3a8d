"""GitHub Actions workflow commands: one annotation per unwaived failure, then a summary line.

`::error file=…,line=…,title=RULE-ID::message`; warning and info failures become ::warning and
::notice. Works on any repository (code-scanning SARIF needs Advanced Security on private ones)."""

from __future__ import annotations

from typing import TextIO

from gongkai.engine.pipeline.report import Report
from gongkai.engine.render import RenderOptions, register
from gongkai.engine.render._common import location

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    """Escape a command's message (GitHub's toolkit: %, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    """Escape a property value (also ':' and ',')."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def summary_line(report: Report, lang: str) -> str:
    s = report.summary
    total = s.pass_ + s.fail + s.not_applicable + s.error + s.waived
    if lang == "en":
        text = (
            f"gongkai: {total} checks, {s.pass_} passed, {s.fail} failed, {s.waived} waived, "
            f"{s.not_applicable} not applicable, {s.error} rules crashed"
        )
        return text + (f" ({s.baselined} failures in the baseline, not counted)" if s.baselined else "")
    text = f"gongkai：共 {total} 项检查，符合 {s.pass_}，不符合 {s.fail}，已豁免 {s.waived}，不适用 {s.not_applicable}，规则异常 {s.error}"
    return text + (f"（其中 {s.baselined} 项已在基线中，不计入退出码）" if s.baselined else "")


@register("github")
def render(report: Report, out: TextIO, opts: RenderOptions) -> None:
    for f in report.findings:
        if f.waived or f.baselined or f.status not in ("fail", "error"):
            continue
        path, line = location(f, report, opts.cwd)
        cmd = "error" if f.status == "error" else COMMAND.get(f.severity, "warning")
        props = [f"file={_prop(path)}"] + ([f"line={line}"] if line else []) + [f"title={_prop(f.rule_id)}"]
        out.write(f"::{cmd} {','.join(props)}::{_data(f.message)}\n")
    out.write(summary_line(report, opts.lang) + "\n")
