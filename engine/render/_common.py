"""Helpers shared by the machine-format renderers (SARIF, JUnit, GitHub, Markdown).

Not a renderer itself: the registry skips modules whose name starts with '_'."""

from __future__ import annotations

import os
import re
from pathlib import PurePosixPath

from gongkai.engine.pipeline.report import Evidence, Finding, Report

FAMILY_TITLES = {
    "TBL": ("表格齐全与规范", "Mandatory tables"),
    "EMPTY": ("空表说明", "Empty tables"),
    "SUM": ("表内平衡", "Arithmetic within tables"),
    "XTAB": ("表间一致", "Cross-table identities"),
    "TEXT": ("说明与报表一致", "Narrative vs tables"),
    "SANGONG": ("“三公”经费", "三公 expenses"),
    "JGYX": ("机关运行经费", "Running costs"),
    "PROC": ("政府采购", "Procurement"),
    "ASSET": ("国有资产", "State assets"),
    "PERF": ("绩效目标", "Performance targets"),
    "IND": ("绩效指标", "Performance indicators"),
    "SECT": ("说明章节", "Required sections"),
    "META": ("文档整体", "Document level"),
}


def rel_path(path: str, cwd: str | None) -> str:
    """A POSIX path relative to `cwd` (what code-scanning and CI annotations resolve against)."""
    if not path:
        return path
    base = cwd or os.getcwd()
    try:
        rel = os.path.relpath(os.path.abspath(path), base)
    except ValueError:  # another drive on Windows: keep it as given
        rel = path
    return PurePosixPath(*rel.replace("\\", "/").split("/")).as_posix()


def location(f: Finding, report: Report, cwd: str | None) -> tuple[str, int | None]:
    """The finding's primary location: its first evidence line, else the document itself."""
    for e in f.evidence:
        if e.line:
            return rel_path(e.path, cwd), e.line
    path = f.evidence[0].path if f.evidence else report.document.path
    return rel_path(path, cwd), None


def family_of(f: Finding) -> str:
    return f.family or f.rule_id.split("-")[0]


def ordered_families(findings: list[Finding]) -> list[str]:
    from gongkai.engine.authoring import FAMILIES

    fams = {family_of(f) for f in findings}
    return sorted(fams, key=lambda x: (FAMILIES.index(x) if x in FAMILIES else 99, x))


def family_title(family: str, lang: str) -> str:

    return FAMILY_TITLES.get(family, (family, family))[1 if lang == "en" else 0]


# -- what a reader sees first -------------------------------------------------------------------------
SEVERITY_NAMES = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def verdict_line(report: Report, fail_on: str, lang: str) -> str:
    """'结论：不合格（--fail-on error：7 项错误级不符合）' — the one line a busy reader needs."""
    from gongkai.engine.authoring import Severity

    ok = report.exit_code(fail_on) == 0
    en = lang == "en"
    if fail_on == "never":  # no threshold: say so rather than call 25 errors a pass
        return "Verdict: not judged (--fail-on never)" if en else "结论：未判定（--fail-on never）"
    rank = Severity(fail_on).rank
    counted = sum(1 for f in report.failures() if not f.baselined and Severity(f.severity).rank >= rank)
    crashed = len(report.crashed())
    if en:
        head = "Verdict: PASS" if ok else "Verdict: FAIL"
        why = f"--fail-on {fail_on}: {counted} new failure(s) at or above it" + (
            f", {crashed} rule(s) crashed" if crashed else ""
        )
    else:
        head = "结论：合格" if ok else "结论：不合格"
        why = f"--fail-on {fail_on}：{counted} 项达到该级别的新增不符合" + (
            f"，{crashed} 条规则异常" if crashed else ""
        )
    return f"{head}（{why}）" if not en else f"{head} ({why})"


def counts_line(report: Report, lang: str) -> str:
    """'不符合 46：错误 7 · 警告 27 · 提示 12 ｜ 规则异常 0 · 已豁免 0 · 符合 959 · 不适用 16'."""
    s, names = report.summary, SEVERITY_NAMES["en" if lang == "en" else "zh"]
    fails = report.failures()  # counted from the findings: a report read back from JSON may predate by_severity
    sev = " · ".join(f"{names[k]} {sum(1 for f in fails if f.severity == k)}" for k in ("error", "warning", "info"))
    if lang == "en":
        rest = f"rule crashed {s.error} · waived {s.waived} · pass {s.pass_} · n/a {s.not_applicable}"
        new = f" · new {s.new}, in baseline {s.baselined}" if s.baselined else ""
        return f"failures {s.fail}: {sev}{new} | {rest}"
    rest = f"规则异常 {s.error} · 已豁免 {s.waived} · 符合 {s.pass_} · 不适用 {s.not_applicable}"
    new = f" · 新增 {s.new}，基线已有 {s.baselined}" if s.baselined else ""
    return f"不符合 {s.fail}：{sev}{new} ｜ {rest}"


def issue_line(f: Finding, lang: str) -> str:
    """One line per top issue: rule, severity, subject, expected vs actual."""
    names = SEVERITY_NAMES["en" if lang == "en" else "zh"]
    what = ""
    if f.expected is not None and f.actual is not None:
        what = f"：应为 {f.expected}，实际 {f.actual}" if lang != "en" else f": expected {f.expected}, found {f.actual}"
    elif f.note:
        what = ("：" if lang != "en" else ": ") + f.note
    return f"{f.rule_id} [{names.get(f.severity, f.severity)}] {f.subject}{what}"


# -- evidence excerpts ------------------------------------------------------------------------------
_CLAUSE_END = re.compile(r"(?<=[，。；;！？!?、])|(?<=,)(?!\d)|(?<= │ )")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def focus_terms(f: Finding) -> list[str]:
    """The words a finding is about: its amounts first, then the parts of its subject."""
    terms: list[str] = []
    for text in (f.actual, f.expected):
        for n in _NUMBER.findall(text or ""):
            if len(n.replace(",", "")) >= 3:
                terms += [n, n.replace(",", "")]
    parts = re.split(r"\s*›\s*|\s+", f.subject or "")
    terms += [p for p in reversed(parts) if len(p) >= 2]
    return terms


def excerpt(text: str, terms: list[str], limit: int = 72) -> str:
    """The line cut to about `limit` characters at clause boundaries, keeping the clause with the first term
    found; '…' marks a cut; a number is never split."""
    text = " ".join(text.strip().replace("\t", " │ ").split())
    if len(text) <= limit:
        return text
    parts = [p for p in _CLAUSE_END.split(text) if p]
    hit = next((i for t in terms for i, p in enumerate(parts) if t and t in p), 0)
    lo = hi = hit
    size = len(parts[hit])
    while True:  # grow right, then left, while it fits
        grown = False
        if hi + 1 < len(parts) and size + len(parts[hi + 1]) <= limit:
            hi += 1
            size += len(parts[hi])
            grown = True
        if lo > 0 and size + len(parts[lo - 1]) <= limit:
            lo -= 1
            size += len(parts[lo])
            grown = True
        if not grown:
            break
    body = "".join(parts[lo : hi + 1]).strip(" │")
    head, tail = lo > 0, hi < len(parts) - 1
    if len(body) > limit:  # one long clause: keep the term in view, never split a number
        pos = next((body.find(t) for t in terms if t and t in body), 0)
        start = max(0, min(pos - limit // 3, len(body) - limit))
        while 0 < start < len(body) and _in_number(body, start):
            start -= 1
        end = min(len(body), start + limit)
        while start < end < len(body) and _in_number(body, end):
            end -= 1
        head, tail = head or start > 0, tail or end < len(body)
        body = body[start:end]
    return ("…" if head else "") + body + ("…" if tail else "")


def _in_number(text: str, i: int) -> bool:
    """Is position i (between text[i-1] and text[i]) inside a number?"""
    digitish = lambda c: c.isdigit() or c in ",."  # noqa: E731
    return digitish(text[i - 1]) and digitish(text[i])


def unique_evidence(f: Finding) -> list[Evidence]:
    """Each place once per finding; labels of the same place are joined."""
    out: dict[tuple, Evidence] = {}
    for e in f.evidence:
        key = (e.path, e.line, e.page, e.cell)
        if key in out:
            first = out[key]
            if e.label and first.label and e.label not in first.label:
                out[key] = first.model_copy(update={"label": f"{first.label}、{e.label}"})
            continue
        out[key] = e
    return list(out.values())
