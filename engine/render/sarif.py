"""SARIF 2.1.0 for GitHub code scanning (and Jenkins warnings-ng).

Only failures become results (GitHub turns every result into an alert); waived failures are kept as
suppressed results so the waiver stays visible. Rule crashes go to toolExecutionNotifications.
Paths are relative to `opts.cwd` (the repository root in CI); fingerprints are line-number free."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib.metadata import PackageNotFoundError, metadata
from typing import Any, TextIO

from gongkai.engine.pipeline.report import Finding, Report, fingerprint
from gongkai.engine.render import RenderOptions, register
from gongkai.engine.render._common import family_of, location, rel_path

SCHEMA = "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
PROBLEM = {"error": "error", "warning": "warning", "info": "recommendation"}


RULES_PAGE = "docs/rules.md"  # the rules reference, generated from the registry (docs/gen_rules.py)


@cache
def _rules_page() -> str:
    """Where the rules reference is read: the URL the distribution names as `Rules` in `[project.urls]` once the
    project is published, else the page's path in the repository, relative like the artifact paths."""
    try:
        urls = metadata("gongkai").get_all("Project-URL") or []
    except PackageNotFoundError:
        urls = []
    return next((u.split(",", 1)[1].strip() for u in urls if u.split(",", 1)[0].strip() == "Rules"), RULES_PAGE)


def help_uri(rule_id: str) -> str:
    """The rule's own heading in the rules reference (its anchor is the id in lower case)."""
    return f"{_rules_page()}#{rule_id.lower()}"


def _name(title_en: str, rule_id: str) -> str:
    """SARIF `name` is an identifier-like label: the English title in PascalCase."""
    words = re.findall(r"[A-Za-z0-9]+", title_en)
    return "".join(w[:1].upper() + w[1:] for w in words) or rule_id.replace("-", "")


def _rule(f: Finding, lang: str) -> dict[str, Any]:
    """Rule metadata from the catalog (the same text as `gongkai explain`); from the finding if unknown."""
    from gongkai.engine.pipeline.catalog import explain_markdown, find

    entry = find(f.rule_id)
    if entry is not None and entry.id == f.rule_id:
        title = entry.title_en if lang == "en" else entry.title_zh
        help_md = explain_markdown(entry, lang)
        full = ""
        if entry.rule is not None:
            full = entry.rule.doc_sections().get("", "").strip()
        tags = [entry.family, *entry.packs, *(entry.rule.tags if entry.rule else ())]
        name, severity = _name(entry.title_en, entry.id), entry.severity
        uri: str | None = help_uri(entry.id)
    else:
        title = f.title
        basis, remedy = ("Basis", "Remedy") if lang == "en" else ("依据", "整改")
        help_md = f"# {f.rule_id} — {f.title}\n\n- **{basis}**: {f.basis}\n\n{f.remedy}\n"
        full, tags, name, severity = (
            "",
            [family_of(f), *([f.pack] if f.pack else [])],
            f.rule_id.replace("-", ""),
            f.severity,
        )
        uri = None  # not in the catalog: no page to point at
    return {
        "id": f.rule_id,
        "name": name,
        "shortDescription": {"text": title},
        "fullDescription": {"text": (full or title)[:1000]},
        **({"helpUri": uri} if uri else {}),
        "help": {"text": help_md, "markdown": help_md},
        "defaultConfiguration": {"level": LEVEL.get(severity, "warning")},
        "properties": {
            "tags": list(dict.fromkeys(tags)),
            "precision": "high",
            "problem.severity": PROBLEM.get(severity, "warning"),
        },
    }


def _result(f: Finding, index: int, report: Report, opts: RenderOptions) -> dict[str, Any]:
    uri, line = location(f, report, opts.cwd)
    region: dict[str, Any] = {"startLine": line or 1}
    props: dict[str, Any] = {"subject": f.subject, "severity": f.severity}
    if f.expected is not None:
        props["expected"] = f.expected
    if f.actual is not None:
        props["actual"] = f.actual
    tables = [e.table for e in f.evidence if e.table]
    if tables:
        props["table"] = tables[0]
    if f.baselined:
        props["baselined"] = True
    res: dict[str, Any] = {
        "ruleId": f.rule_id,
        "ruleIndex": index,
        "level": LEVEL.get(f.severity, "warning"),
        "message": {"text": f.message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}],
        "partialFingerprints": {"primaryLocationLineHash": fingerprint(f)},
        "properties": props,
    }
    if f.baselined:
        res["baselineState"] = "unchanged"
    if f.waived:
        res["suppressions"] = [{"kind": "external", "justification": f.waiver_reason or ""}]
    return res


def build(report: Report, opts: RenderOptions) -> dict[str, Any]:
    fails = [f for f in report.findings if f.status == "fail"]
    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for f in sorted(fails, key=lambda f: f.rule_id):
        if f.rule_id not in index:
            index[f.rule_id] = len(rules)
            rules.append(_rule(f, opts.lang))
    notes = [
        {"level": "error", "message": {"text": f"{f.rule_id}: {f.message}"}, "descriptor": {"id": f.rule_id}}
        for f in report.findings
        if f.status == "error"
    ]
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "gongkai", "semanticVersion": report.tool.version, "rules": rules}},
        "automationDetails": {"id": f"gongkai/{'+'.join(report.rulesets) or 'none'}/"},
        "invocations": [{"executionSuccessful": not notes, "toolExecutionNotifications": notes}],
        "artifacts": [
            {
                "location": {"uri": rel_path(report.document.path, opts.cwd)},
                "hashes": {"sha-256": report.document.sha256},
            }
        ],
        "results": [_result(f, index[f.rule_id], report, opts) for f in fails],
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


@register("sarif")
def render(report: Report, out: TextIO, opts: RenderOptions) -> None:
    out.write(json.dumps(build(report, opts), ensure_ascii=False, indent=2) + "\n")
