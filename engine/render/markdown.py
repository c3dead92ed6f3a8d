"""A Markdown report a reviewer can paste into a ticket or a merge-request comment.

Verdict, counts by severity and the top issues first; then failures by severity (or by family with
--group family) with expected / actual / evidence / basis / remedy, then crashed rules and waived findings;
the same verdict closes it. Passes are counted, not listed (the JSON report has them)."""

from __future__ import annotations

from typing import TextIO

from gongkai.engine.pipeline.report import Finding, Report, by_importance
from gongkai.engine.render import RenderOptions, register
from gongkai.engine.render._common import (
    SEVERITY_NAMES,
    counts_line,
    excerpt,
    family_of,
    family_title,
    focus_terms,
    issue_line,
    ordered_families,
    rel_path,
    unique_evidence,
    verdict_line,
)

LABELS = {
    "zh": {
        "title": "预算公开合规检查报告",
        "document": "文件",
        "department": "部门",
        "year": "年度",
        "packs": "规则包",
        "summary": "概况",
        "fail": "不符合",
        "error": "规则异常",
        "waived": "已豁免",
        "pass": "符合",
        "not_applicable": "不适用",
        "baselined": "基线已有",
        "failures": "不符合项",
        "errors": "规则异常（规则本身出错）",
        "top": "首要问题",
        "baselined_hidden": "另有 {n} 项不符合已在基线中，只计数不列出（--show-baselined 列出）。",
        "closing_new": "共 {fail} 项不符合，其中新增 {new} 项。",
        "waivers": "已豁免项",
        "expected": "应为",
        "actual": "实际",
        "note": "说明",
        "evidence": "证据",
        "basis": "依据",
        "remedy": "整改",
        "reason": "豁免理由",
        "rule": "规则",
        "subject": "对象",
        "none": "所有规则均符合要求。",
        "in_baseline": "已在基线中，不计入退出码",
    },
    "en": {
        "title": "Budget disclosure compliance report",
        "document": "Document",
        "department": "Department",
        "year": "Year",
        "packs": "Rulesets",
        "summary": "Summary",
        "fail": "fail",
        "error": "rule crashed",
        "waived": "waived",
        "pass": "pass",
        "not_applicable": "n/a",
        "baselined": "in baseline",
        "failures": "Failures",
        "errors": "Rule crashed (a bug in the rule)",
        "top": "Top issues",
        "baselined_hidden": "{n} more failures are in the baseline: counted, not listed (--show-baselined lists them).",
        "closing_new": "{fail} failures, {new} of them new.",
        "waivers": "Waived",
        "expected": "Expected",
        "actual": "Actual",
        "note": "Note",
        "evidence": "Evidence",
        "basis": "Basis",
        "remedy": "Remedy",
        "reason": "Reason",
        "rule": "Rule",
        "subject": "Subject",
        "none": "Every rule passes.",
        "in_baseline": "in the baseline, not counted",
    },
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
        terms = focus_terms(f)
        for e in unique_evidence(f):
            where = e.model_copy(update={"path": rel_path(e.path, opts.cwd)}).where()
            label = f" {e.label}" if e.label else ""
            out.append(f"  - `{where}`{label} {_code(excerpt(e.text, terms, 100))}".rstrip())
    out.append(f"- **{lab['basis']}**: {f.basis}")
    if f.remedy:
        out.append(f"- **{lab['remedy']}**: {f.remedy}")
    return out + [""]


@register("markdown")
def render(report: Report, out: TextIO, opts: RenderOptions) -> None:
    lang = "en" if opts.lang == "en" else "zh"
    lab = LABELS[lang]
    doc, s = report.document, report.summary
    verdict = f"**{verdict_line(report, opts.fail_on, lang)}**"
    lines = [f"## gongkai {lab['title']}", "", verdict, "", counts_line(report, lang), ""]
    top = report.top_issues(3)
    if top:
        lines += [f"**{lab['top']}**", ""] + [f"{k}. {_cell(issue_line(f, lang))}" for k, f in enumerate(top, 1)] + [""]
    lines += [
        f"- **{lab['document']}**: `{rel_path(doc.path, opts.cwd)}` (sha256 `{doc.sha256[:12]}`)",
        f"- **{lab['department']}**: {doc.department or '?'} · **{lab['year']}**: {doc.year or '?'}",
        f"- **{lab['packs']}**: {', '.join(report.rulesets)}",
        "",
        f"### {lab['summary']}",
        "",
        "| " + " | ".join(lab[k] for k in ("fail", "error", "waived", "pass", "not_applicable")) + " |",
        "|---:|---:|---:|---:|---:|",
        f"| {s.fail} | {s.error} | {s.waived} | {s.pass_} | {s.not_applicable} |",
        "",
    ]
    if s.baselined:
        note = (
            lab["baselined_hidden"].format(n=s.baselined)
            if not opts.show_baselined
            else f"{s.baselined} {lab['fail']}: {lab['in_baseline']}"
        )
        lines += [f"> {note}", ""]
    fails = sorted(
        (
            f
            for f in report.findings
            if f.status == "fail" and not f.waived and (opts.show_baselined or not f.baselined)
        ),
        key=by_importance,
    )
    if fails:
        lines += [f"### {lab['failures']}", ""]
        if opts.group == "family":
            sections = [
                (f"{fam} {family_title(fam, opts.lang)}", [f for f in fails if family_of(f) == fam])
                for fam in ordered_families(fails)
            ]
        else:
            sections = [
                (SEVERITY_NAMES[lang][sev], [f for f in fails if f.severity == sev])
                for sev in ("error", "warning", "info")
            ]
        for title, items in sections:
            if items:
                lines += [f"#### {title} ({len(items)})", ""]
                for f in items:
                    lines += _finding(f, lab, opts)
    errors = report.crashed()
    if errors:
        lines += [f"### {lab['errors']}", ""]
        for f in errors:
            lines += _finding(f, lab, opts)
    waived = [f for f in report.findings if f.waived]
    if waived:
        lines += [
            f"### {lab['waivers']}",
            "",
            f"| {lab['rule']} | {lab['subject']} | {lab['reason']} |",
            "|---|---|---|",
        ]
        lines += [f"| {f.rule_id} | {_cell(f.subject)} | {_cell(f.waiver_reason or '')} |" for f in waived]
        lines.append("")
    from gongkai.engine.render.text import judged

    if not judged(report):
        lines += [
            "Nothing was judged: every selected rule is not applicable."
            if opts.lang == "en"
            else "没有任何规则得到判定：所选规则均不适用。",
            "",
        ]
    elif not report.failures() and not errors:
        lines += [lab["none"], ""]
    lines += ["---", "", verdict, "", counts_line(report, lang), ""]
    if s.baselined:
        lines += [lab["closing_new"].format(fail=s.fail, new=s.new), ""]
    out.write("\n".join(lines).rstrip("\n") + "\n")
