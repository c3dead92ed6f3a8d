"""A Markdown report a reviewer can paste into a ticket or a merge-request comment.

Summary table, then failures grouped by family with expected / actual / evidence / basis / remedy,
then rule errors and waived findings. Passes are counted, not listed (the JSON report has them)."""
from __future__ import annotations

from typing import TextIO

from engine.render import RenderOptions, register
from engine.render._common import family_of, family_title, ordered_families, rel_path
from engine.report import Finding, Report

LABELS = {
    "zh": {"title": "预算公开合规检查报告", "document": "文件", "department": "部门", "year": "年度", "packs": "规则包",
           "summary": "概况", "fail": "不符合", "error": "出错", "waived": "已豁免", "pass": "符合",
           "not_applicable": "不适用", "baselined": "基线已有", "failures": "不符合项", "errors": "规则出错",
           "waivers": "已豁免项", "expected": "应为", "actual": "实际", "note": "说明", "evidence": "证据",
           "basis": "依据", "remedy": "整改", "reason": "豁免理由", "rule": "规则", "subject": "对象", "none": "所有规则均符合要求。",
           "in_baseline": "已在基线中，不计入退出码"},
    "en": {"title": "Budget disclosure compliance report", "document": "Document", "department": "Department",
           "year": "Year", "packs": "Rulesets", "summary": "Summary", "fail": "fail", "error": "error",
           "waived": "waived", "pass": "pass", "not_applicable": "n/a", "baselined": "in baseline",
           "failures": "Failures", "errors": "Rule errors", "waivers": "Waived", "expected": "Expected",
           "actual": "Actual", "note": "Note", "evidence": "Evidence", "basis": "Basis", "remedy": "Remedy",
           "reason": "Reason", "rule": "Rule", "subject": "Subject", "none": "Every rule passes.", "in_baseline": "in the baseline, not counted"},
}


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    text = text.strip().replace("\t", " │ ")
    fence = "``" if "`" in text else "`"
    return f"{fence}{text}{fence}" if text else ""


def _finding(f: Finding, lab: dict[str, str], opts: RenderOptions) -> list[str]:
    tag = f" _({lab['in_baseline']})_" if f.baselined else ""
    out = [f"**{f.rule_id} {f.subject}** — {f.title} `{f.severity}`{tag}", ""]
    for key in ("expected", "actual", "note"):
        value = getattr(f, key)
        if value:
            out.append(f"- **{lab[key]}**: {value}")
    if f.evidence:
        out.append(f"- **{lab['evidence']}**:")
        for e in f.evidence:
            where = e.model_copy(update={"path": rel_path(e.path, opts.cwd)}).where()
            label = f" {e.label}" if e.label else ""
            out.append(f"  - `{where}`{label} {_code(e.text)}".rstrip())
    out.append(f"- **{lab['basis']}**: {f.basis}")
    if f.remedy:
        out.append(f"- **{lab['remedy']}**: {f.remedy}")
    return out + [""]


@register("markdown")
def render(report: Report, out: TextIO, opts: RenderOptions) -> None:
    lab = LABELS["en" if opts.lang == "en" else "zh"]
    doc, s = report.document, report.summary
    lines = [f"## gongkai {lab['title']}", "",
             f"- **{lab['document']}**: `{rel_path(doc.path, opts.cwd)}` (sha256 `{doc.sha256[:12]}`)",
             f"- **{lab['department']}**: {doc.department or '?'} · **{lab['year']}**: {doc.year or '?'}",
             f"- **{lab['packs']}**: {', '.join(report.rulesets)}", "",
             f"### {lab['summary']}", "",
             "| " + " | ".join(lab[k] for k in ("fail", "error", "waived", "pass", "not_applicable")) + " |",
             "|---:|---:|---:|---:|---:|",
             f"| {s.fail} | {s.error} | {s.waived} | {s.pass_} | {s.not_applicable} |", ""]
    if s.baselined:
        lines += [f"> {s.baselined} {lab['fail']}: {lab['in_baseline']}", ""]
    fails = [f for f in report.findings if f.status == "fail" and not f.waived]
    if fails:
        lines += [f"### {lab['failures']}", ""]
        for fam in ordered_families(fails):
            items = [f for f in fails if family_of(f) == fam]
            lines += [f"#### {fam} {family_title(fam, opts.lang)} ({len(items)})", ""]
            for f in items:
                lines += _finding(f, lab, opts)
    errors = [f for f in report.findings if f.status == "error"]
    if errors:
        lines += [f"### {lab['errors']}", ""]
        for f in errors:
            lines += _finding(f, lab, opts)
    waived = [f for f in report.findings if f.waived]
    if waived:
        lines += [f"### {lab['waivers']}", "", f"| {lab['rule']} | {lab['subject']} | {lab['reason']} |", "|---|---|---|"]
        lines += [f"| {f.rule_id} | {_cell(f.subject)} | {_cell(f.waiver_reason or '')} |" for f in waived]
        lines.append("")
    from engine.render.text import judged

    if not judged(report):
        lines += ["Nothing was judged: every selected rule is not applicable." if opts.lang == "en"
                  else "没有任何规则得到判定：所选规则均不适用。", ""]
    elif not fails and not errors:
        lines += [lab["none"], ""]
    out.write("\n".join(lines).rstrip("\n") + "\n")
