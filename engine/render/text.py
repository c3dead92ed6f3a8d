"""Terminal report: the verdict, counts by severity and the top issues first; failures by severity (or by family),
expected vs actual, the source lines cut at clause boundaries, basis, remedy; the same summary closes it.
Rich measures East Asian wide characters, so Chinese columns line up; a report written to a pipe or a file has no
styles and is written without importing Rich (~15 ms of a cold `gongkai check`), byte for byte what Rich writes."""

from __future__ import annotations

import builtins
import os
import unicodedata
from typing import TYPE_CHECKING, TextIO

from gongkai.engine.authoring import FAMILIES
from gongkai.engine.pipeline.report import Finding, Report, by_importance
from gongkai.engine.render import RenderOptions, register
from gongkai.engine.render._common import (
    FAMILY_TITLES,
    SEVERITY_NAMES,
    SEVERITY_STYLE,
    counts_line,
    excerpt,
    focus_terms,
    issue_line,
    unique_evidence,
    verdict_line,
)

if TYPE_CHECKING:
    from rich.console import Console

MARK = {
    "fail": ("✗", "bold red"),
    "pass": ("✓", "green"),
    "not_applicable": ("–", "dim"),
    "error": ("!", "bold magenta"),
    "waived": ("≈", "yellow"),
}
LABELS = {
    "zh": {
        "fail": "不符合",
        "pass": "符合",
        "not_applicable": "不适用",
        "error": "规则异常",
        "waived": "已豁免",
        "expected": "应为",
        "actual": "实际",
        "note": "说明",
        "basis": "依据",
        "remedy": "整改",
        "evidence": "证据",
        "packs": "规则包",
        "none": "所有规则均符合要求。",
        "top": "首要问题：",
        "baselined": "另有 {n} 项不符合已记录在基线中：只计数、不列出（--show-baselined 列出），不计入退出码。",
        "baselined_shown": "其中 {n} 项不符合已记录在基线中：照常列出，但不计入退出码。",
        "closing_new": "共 {fail} 项不符合，其中新增 {new} 项。",
        "in_baseline": "基线",
        "passes_hidden": "（使用 --show-passes 查看每项通过的依据）",
        "crashed": "规则异常（规则本身出错，不是文件的问题）",
    },
    "en": {
        "fail": "fail",
        "pass": "pass",
        "not_applicable": "n/a",
        "error": "rule crashed",
        "waived": "waived",
        "expected": "expected",
        "actual": "actual",
        "note": "note",
        "basis": "basis",
        "remedy": "remedy",
        "evidence": "evidence",
        "packs": "rulesets",
        "none": "Every rule passes.",
        "top": "Top issues:",
        "baselined": "{n} more failures are in the baseline: counted, not listed (--show-baselined lists them), "
        "and they do not count toward the exit code.",
        "baselined_shown": "{n} of the failures are in the baseline: listed as usual, but they do not count toward the exit code.",
        "closing_new": "{fail} failures, {new} of them new.",
        "in_baseline": "baseline",
        "passes_hidden": "(use --show-passes to list each pass with its evidence)",
        "crashed": "rule crashed (a bug in the rule, not a problem of the document)",
    },
}


def judged(report: Report) -> bool:
    """At least one finding passed, failed, errored or was waived (not everything n/a or filtered out)."""
    s = report.summary
    return bool(s.pass_ or s.fail or s.error or s.waived)


def status_of(f: Finding) -> str:
    return "waived" if f.waived else f.status


@register("text")
def render(report: Report, out: TextIO, opts: RenderOptions) -> None:
    """Verdict, severity counts and the top issues first; then the failures, most important first (or by
    family with --group family); the same summary closes the report."""
    lang = "en" if opts.lang == "en" else "zh"
    lab = LABELS[lang]
    console = _Lines(out, opts)
    doc = report.document
    console.print(
        Text(f"gongkai {report.tool.version} · {doc.department or '?'} · {doc.year or '?'} · {doc.path}", style="bold")
    )
    _summary(console, report, opts, lab, lang)
    console.print(f"{lab['packs']}: {', '.join(report.rulesets)}")
    if report.template is not None:  # which jurisdiction template, and why (the baseline says so here)
        t = report.template
        style = "yellow" if t.chosen_by == "default" else ""
        console.print(Text(f"{'template' if opts.lang == 'en' else '模板'}: {t.name} · {t.note}", style=style))
    if report.summary.baselined:  # say why these failures do not fail the run
        key = "baselined_shown" if opts.show_baselined else "baselined"
        console.print(Text(lab[key].format(n=report.summary.baselined), style="yellow"))

    def shown(f: Finding) -> bool:
        if status_of(f) in ("pass", "not_applicable"):
            return opts.show_passes
        return not f.baselined or opts.show_baselined

    if opts.group == "family":
        _by_family(console, report, opts, lab, lang, shown)
    else:
        _by_severity(console, report, opts, lab, lang, shown)
    if not judged(report):  # e.g. --select SUM on a document without tables: no "all pass"
        console.print(
            Text(
                "\n"
                + (
                    "Nothing was judged: every selected rule is not applicable."
                    if lang == "en"
                    else "没有任何规则得到判定：所选规则均不适用。"
                ),
                style="yellow",
            )
        )
    elif not report.failures() and not report.summary.error:
        console.print(Text("\n" + lab["none"], style="green"))
    console.print()
    _summary(console, report, opts, lab, lang, top=False)
    if report.summary.baselined:
        console.print(lab["closing_new"].format(fail=report.summary.fail, new=report.summary.new))
    if not opts.show_passes:
        console.print(Text(lab["passes_hidden"], style="dim"))
    console.flush()


# what Rich's Text leaves out of a string: bell, backspace, vertical tab, form feed, carriage return
_STRIP = dict.fromkeys((7, 8, 11, 12, 13))


class Text:
    """A line as Rich's `Text` would hold it (a styled start, appended styled parts), made into one only when
    styles are written (`__rich__`): a pipe or a file is written from `plain`, without importing Rich."""

    __slots__ = ("parts", "style")

    def __init__(self, text: str = "", style: str = "") -> None:
        self.style = style
        self.parts: list[tuple[str, str]] = [(text, "")]

    def append(self, text: str, style: str = "") -> None:
        self.parts.append((text, style))

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.parts).translate(_STRIP)

    def __rich__(self):
        from rich.text import Text as RichText

        text = RichText(self.parts[0][0], style=self.style)
        for part, style in self.parts[1:]:
            text.append(part, style=style or None)
        return text


def _cells(text: str) -> int:
    """Terminal cells of a label (a wide character takes two), as Rich's cell_len counts them."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _unstyled(out: TextIO, color: bool | None) -> bool:
    """Rich would write `out` without styles (its color_system is None): --no-color, or no terminal and nothing
    in the environment that makes Rich treat it as one. Unsure cases (e.g. FORCE_COLOR set) return False: Rich
    then decides, as before."""
    if hasattr(builtins, "get_ipython"):  # Rich's Jupyter check
        return False
    if color is not None:
        return not color
    if "TTY_COMPATIBLE" in os.environ or "FORCE_COLOR" in os.environ:
        return False
    isatty = getattr(out, "isatty", None)
    try:
        return isatty is None or not isatty()
    except ValueError:
        return False


class _Lines:
    """Collects the report's lines and prints them with one `Console.print`: Rich's per-call overhead
    (measuring the terminal, entering its buffer) was most of the time; the output is the same."""

    def __init__(self, out: TextIO, opts: RenderOptions) -> None:
        self.out = out
        self.opts = opts
        self._console: Console | None = None
        self.lines: list[object] = []

    @property
    def console(self) -> Console:
        """Rich's console for `out`, made when it is needed: styles to write, or a line only Rich renders."""
        if self._console is None:
            from rich.console import Console

            opts = self.opts
            self._console = Console(
                file=self.out,
                highlight=False,
                soft_wrap=True,
                width=opts.width or 100,
                force_terminal=opts.color,
                no_color=opts.color is False,
                emoji=False,
            )
        return self._console

    def print(self, line: object = "") -> None:
        self.lines.append(line)

    def flush(self) -> None:
        if _unstyled(self.out, self.opts.color) or self.console.color_system is None:  # no styles to write (a
            # file, a pipe, --no-color): Rich's Segments were 3/4 of it
            self.out.write("".join(self._plain(line) + "\n" for line in self.lines))
        else:
            self.console.print(*self.lines, sep="\n")
        self.lines = []

    def _plain(self, line: object) -> str:
        """What `Console.print` writes of one line without styles: markup taken out, tabs expanded (soft wrap:
        nothing is cut or wrapped); tests/formats compares the two. Markup and tabs are left to Rich."""
        assert isinstance(line, (Text, str))
        plain = line.plain if isinstance(line, Text) else None if "[" in line else line.translate(_STRIP)
        if plain is not None and "\t" not in plain:
            return plain
        text = self.console.render_str(line) if isinstance(line, str) else line.__rich__()
        if "\t" in text.plain:
            text = text.copy()
            text.expand_tabs(self.console.tab_size if text.tab_size is None else text.tab_size)
        return text.plain


def _summary(
    console: _Lines, report: Report, opts: RenderOptions, lab: dict[str, str], lang: str, top: bool = True
) -> None:
    ok = report.exit_code(opts.fail_on) == 0
    console.print(Text(verdict_line(report, opts.fail_on, lang), style="bold green" if ok else "bold red"))
    console.print(counts_line(report, lang))
    issues = report.top_issues(3) if top else []
    if issues:
        console.print(Text(lab["top"], style="bold"))
        for k, f in enumerate(issues, 1):
            line = Text(f" {k}. ")
            line.append(issue_line(f, lang), style=SEVERITY_STYLE.get(f.severity, ""))
            console.print(line)


def _by_severity(console, report, opts, lab, lang, shown) -> None:
    names = SEVERITY_NAMES[lang]
    crashed = [f for f in report.crashed() if shown(f)]
    if crashed:
        console.print(Text(f"\n━━ ! {lab['crashed']} ({len(crashed)})", style="bold magenta"))
        for f in sorted(crashed, key=Finding.sort_key):
            _finding(console, f, lab, detailed=True)
    fails = sorted((f for f in report.failures() if shown(f)), key=by_importance)
    for sev in ("error", "warning", "info"):
        items = [f for f in fails if f.severity == sev]
        if items:
            console.print(Text(f"\n━━ {names[sev]} ({len(items)})", style=SEVERITY_STYLE[sev]))
            for f in items:
                _finding(console, f, lab, detailed=True)
    for status in ("waived", "not_applicable", "pass"):
        items = sorted((f for f in report.findings if status_of(f) == status and shown(f)), key=Finding.sort_key)
        if items:
            console.print(Text(f"\n━━ {lab[status]} ({len(items)})", style="yellow" if status == "waived" else "dim"))
            for f in items:
                _finding(console, f, lab, detailed=status == "waived" or opts.show_passes)


def _by_family(console, report, opts, lab, lang, shown) -> None:
    by_family: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_family.setdefault(f.family or f.rule_id.split("-")[0], []).append(f)
    order = {"error": 0, "fail": 1, "waived": 2, "not_applicable": 3, "pass": 4}
    for family in sorted(by_family, key=lambda x: FAMILIES.index(x) if x in FAMILIES else 99):
        items = sorted(by_family[family], key=lambda f: (order[status_of(f)], by_importance(f)))
        counts = {k: sum(1 for f in items if status_of(f) == k) for k in order}
        title = FAMILY_TITLES.get(family, (family, family))[1 if lang == "en" else 0]
        head = Text(f"\n━━ {family} {title}  ", style="bold cyan")
        head.append(" · ".join(f"{lab[k]} {v}" for k, v in counts.items() if v), style="cyan")
        console.print(head)
        for f in items:
            if shown(f):
                _finding(console, f, lab, detailed=status_of(f) in ("fail", "error", "waived") or opts.show_passes)


def _finding(console: _Lines, f: Finding, lab: dict[str, str], detailed: bool) -> None:
    mark, style = MARK[status_of(f)]
    line = Text(f" {mark} ", style=style)
    line.append(f"{f.rule_id}", style="bold")
    line.append(f" [{f.severity}] ", style=SEVERITY_STYLE.get(f.severity, "dim") if f.status == "fail" else "dim")
    if f.baselined:
        line.append(f"[{lab['in_baseline']}] ", style="yellow")
    line.append(f.subject)
    line.append(f" — {f.title}", style="dim")
    console.print(line)
    if not detailed:
        return
    rows: list[tuple[str, str]] = []
    if f.expected is not None and f.status != "pass":
        rows.append((lab["expected"], f.expected))
    if f.actual is not None:
        rows.append((lab["actual"], f.actual))
    if f.note:
        rows.append((lab["note"], f.note))
    if f.waived and f.waiver_reason:
        rows.append((lab["waived"], f.waiver_reason))
    if f.status != "pass":
        rows.append((lab["basis"], f.basis))
        if f.remedy:
            rows.append((lab["remedy"], f.remedy))
    for key, value in rows:
        line = Text(f"     {key} ", style="dim")
        line.append(value)
        console.print(line)
    evidence, terms = unique_evidence(f), focus_terms(f)
    for i, e in enumerate(evidence[:8]):
        line = Text(f"     {lab['evidence'] if i == 0 else ' ' * _cells(lab['evidence'])} ", style="dim")
        line.append(e.where(), style="underline")
        if e.label:
            line.append(f" {e.label}", style="bold")
        line.append("  " + excerpt(e.text, terms), style="dim")
        console.print(line)
    if len(evidence) > 8:
        console.print(Text(f"          … +{len(evidence) - 8}", style="dim"))
