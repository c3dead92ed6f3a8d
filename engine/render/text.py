"""Terminal report: grouped by family, failures first, expected vs actual, the source lines, basis, remedy.
Rich measures East Asian wide characters, so Chinese columns line up."""
from __future__ import annotations

from typing import TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from engine.authoring import FAMILIES
from engine.render import RenderOptions, register
from engine.report import Finding, Report

FAMILY_TITLES = {
    "TBL": ("表格齐全与规范", "Mandatory tables"), "EMPTY": ("空表说明", "Empty tables"),
    "SUM": ("表内平衡", "Arithmetic within tables"), "XTAB": ("表间一致", "Cross-table identities"),
    "TEXT": ("说明与报表一致", "Narrative vs tables"), "SANGONG": ("“三公”经费", "三公 expenses"),
    "JGYX": ("机关运行经费", "Running costs"), "PROC": ("政府采购", "Procurement"),
    "ASSET": ("国有资产", "State assets"), "PERF": ("绩效目标", "Performance targets"),
    "IND": ("绩效指标", "Performance indicators"), "SECT": ("说明章节", "Required sections"),
    "META": ("文档整体", "Document level"),
}
MARK = {"fail": ("✗", "bold red"), "pass": ("✓", "green"), "not_applicable": ("–", "dim"), "error": ("!", "bold magenta"),
        "waived": ("≈", "yellow")}
LABELS = {
    "zh": {"fail": "不符合", "pass": "符合", "not_applicable": "不适用", "error": "出错", "waived": "已豁免",
           "expected": "应为", "actual": "实际", "note": "说明", "basis": "依据", "remedy": "整改", "evidence": "证据",
           "packs": "规则包", "none": "所有规则均符合要求。",
           "baselined": "其中 {n} 项不符合已记录在基线中：照常列出，但不计入退出码。", "in_baseline": "基线", "passes_hidden": "（使用 --show-passes 查看每项通过的依据）"},
    "en": {"fail": "fail", "pass": "pass", "not_applicable": "n/a", "error": "error", "waived": "waived",
           "expected": "expected", "actual": "actual", "note": "note", "basis": "basis", "remedy": "remedy",
           "evidence": "evidence", "packs": "rulesets", "none": "Every rule passes.",
           "baselined": "{n} of the failures are in the baseline: listed as usual, but they do not count toward the exit code.",
           "in_baseline": "baseline",
           "passes_hidden": "(use --show-passes to list each pass with its evidence)"},
}


def judged(report: Report) -> bool:
    """At least one finding passed, failed, errored or was waived (not everything n/a or filtered out)."""
    s = report.summary
    return bool(s.pass_ or s.fail or s.error or s.waived)


def status_of(f: Finding) -> str:
    return "waived" if f.waived else f.status


@register("text")
def render(report: Report, out: TextIO, opts: RenderOptions) -> None:
    lab = LABELS["en" if opts.lang == "en" else "zh"]
    console = Console(file=out, highlight=False, soft_wrap=True, width=opts.width or 100,
                      force_terminal=opts.color, no_color=opts.color is False, emoji=False)
    doc = report.document
    console.print(Text(f"gongkai {report.tool.version} · {doc.department or '?'} · {doc.year or '?'} · {doc.path}", style="bold"))
    console.print(f"{lab['packs']}: {', '.join(report.rulesets)}")
    if report.template is not None:   # which jurisdiction template, and why (the baseline says so here)
        t = report.template
        style = "yellow" if t.chosen_by == "default" else None
        console.print(Text(f"{'template' if opts.lang == 'en' else '模板'}: {t.name} · {t.note}", style=style))
    console.print(summary_table(report, lab))
    if report.summary.baselined:      # say why these failures do not fail the run
        console.print(Text(lab["baselined"].format(n=report.summary.baselined), style="yellow"))
    by_family: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_family.setdefault(f.family or f.rule_id.split("-")[0], []).append(f)
    order = {"error": 0, "fail": 1, "waived": 2, "not_applicable": 3, "pass": 4}
    for family in sorted(by_family, key=lambda x: FAMILIES.index(x) if x in FAMILIES else 99):
        items = sorted(by_family[family], key=lambda f: (order[status_of(f)], f.sort_key()))
        counts = {k: sum(1 for f in items if status_of(f) == k) for k in order}
        title = FAMILY_TITLES.get(family, (family, family))[1 if opts.lang == "en" else 0]
        head = Text(f"\n━━ {family} {title}  ", style="bold cyan")
        head.append(" · ".join(f"{lab[k]} {v}" for k, v in counts.items() if v), style="cyan")
        console.print(head)
        for f in items:
            st = status_of(f)
            if st == "pass" and not opts.show_passes:
                continue
            if st == "not_applicable" and not opts.show_passes:
                continue
            _finding(console, f, lab, detailed=st in ("fail", "error", "waived") or opts.show_passes)
    if not judged(report):           # e.g. --select SUM on a document without tables: no "all pass"
        console.print(Text("\n" + ("Nothing was judged: every selected rule is not applicable." if opts.lang == "en"
                                    else "没有任何规则得到判定：所选规则均不适用。"), style="yellow"))
    elif not report.failures() and not report.summary.error:
        console.print(Text("\n" + lab["none"], style="green"))
    if not opts.show_passes:
        console.print(Text(lab["passes_hidden"], style="dim"))


def summary_table(report: Report, lab: dict[str, str]) -> Table:
    s = report.summary
    table = Table(show_header=True, header_style="bold", box=None, padding=(0, 2))
    for key in ("fail", "error", "waived", "pass", "not_applicable"):
        table.add_column(f"{MARK[key][0]} {lab[key]}", justify="right")
    table.add_row(str(s.fail), str(s.error), str(s.waived), str(s.pass_), str(s.not_applicable))
    return table


def _finding(console: Console, f: Finding, lab: dict[str, str], detailed: bool) -> None:
    mark, style = MARK[status_of(f)]
    line = Text(f" {mark} ", style=style)
    line.append(f"{f.rule_id}", style="bold")
    line.append(f" [{f.severity}] ", style="dim")
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
    for i, e in enumerate(f.evidence[:8]):
        line = Text(f"     {lab['evidence'] if i == 0 else ' ' * cell_len(lab['evidence'])} ", style="dim")
        line.append(e.where(), style="underline")
        if e.label:
            line.append(f" {e.label}", style="bold")
        line.append("  " + e.text.strip().replace("\t", " │ ")[:120], style="dim")
        console.print(line)
    if len(f.evidence) > 8:
        console.print(Text(f"          … +{len(f.evidence) - 8}", style="dim"))
