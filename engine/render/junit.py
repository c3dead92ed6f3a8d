"""JUnit XML for GitLab unit-test reports, Jenkins junit and GitHub test-report actions.

One testsuite per rule pack, one testcase per finding named "RULE-ID subject" (GitLab keys tests by
classname + name and keeps only the first duplicate, so the subject is in the name), classname
`gongkai.FAMILY` (GitLab shows it as the suite). fail → <failure type=severity>, rule crash → <error>,
not applicable and waived → <skipped>, pass → empty testcase. `path:line` is repeated in the body
because GitLab ignores the file/line attributes."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

from gongkai.engine.pipeline.report import Finding, Report
from gongkai.engine.render import RenderOptions, register
from gongkai.engine.render._common import family_of, location, rel_path

_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
LABELS = {
    "zh": {
        "expected": "应为",
        "actual": "实际",
        "note": "说明",
        "basis": "依据",
        "remedy": "整改",
        "evidence": "证据",
        "waived": "已豁免",
        "baselined": "基线已记录（不计入退出码）",
    },
    "en": {
        "expected": "expected",
        "actual": "actual",
        "note": "note",
        "basis": "basis",
        "remedy": "remedy",
        "evidence": "evidence",
        "waived": "waived",
        "baselined": "in baseline (not counted)",
    },
}


def _clean(text: str) -> str:
    return _BAD_XML.sub("", text or "")


def _body(f: Finding, opts: RenderOptions, lab: dict[str, str]) -> str:
    lines = []
    for key in ("expected", "actual", "note"):
        value = getattr(f, key)
        if value:
            lines.append(f"{lab[key]}: {value}")
    for e in f.evidence:
        where = f"{rel_path(e.path, opts.cwd)}:{e.line}" if e.line else rel_path(e.path, opts.cwd)
        lines.append(
            f"{lab['evidence']}: {where}"
            + (f" ({e.table})" if e.table else "")
            + (f" {e.text.strip()}" if e.text else "")
        )
    lines.append(f"{lab['basis']}: {f.basis}")
    if f.remedy:
        lines.append(f"{lab['remedy']}: {f.remedy}")
    if f.baselined:
        lines.append(lab["baselined"])
    return _clean("\n".join(lines))


def _case(f: Finding, name: str, report: Report, opts: RenderOptions, lab: dict[str, str]) -> ET.Element:
    path, line = location(f, report, opts.cwd)
    attrs = {"classname": f"gongkai.{family_of(f)}", "name": _clean(name), "file": path}
    if line:
        attrs["line"] = str(line)
    attrs["time"] = "0"
    case = ET.Element("testcase", attrs)
    if f.waived:
        ET.SubElement(case, "skipped", {"message": _clean(f"{lab['waived']}: {f.waiver_reason or ''}")})
    elif f.status == "fail":
        ET.SubElement(case, "failure", {"message": _clean(f.message), "type": f.severity}).text = _body(f, opts, lab)
    elif f.status == "error":
        ET.SubElement(case, "error", {"message": _clean(f.message), "type": "rule-error"}).text = _body(f, opts, lab)
    elif f.status == "not_applicable":
        ET.SubElement(case, "skipped", {"message": _clean(f.message)})
    return case


def _counts(cases: list[ET.Element]) -> dict[str, str]:
    def n(tag: str) -> int:
        return sum(1 for c in cases if c.find(tag) is not None)

    return {
        "tests": str(len(cases)),
        "failures": str(n("failure")),
        "errors": str(n("error")),
        "skipped": str(n("skipped")),
    }


def build(report: Report, opts: RenderOptions) -> ET.Element:
    lab = LABELS["en" if opts.lang == "en" else "zh"]
    suites: dict[str, list[ET.Element]] = {}
    used: dict[str, int] = {}
    for f in report.findings:
        name = f"{f.rule_id} {f.subject}".strip()
        used[name] = used.get(name, 0) + 1
        if used[name] > 1:  # keep names unique: GitLab drops duplicates
            name = f"{name} ({used[name]})"
        suites.setdefault(f.pack or (report.rulesets[0] if report.rulesets else "gongkai"), []).append(
            _case(f, name, report, opts, lab)
        )
    all_cases = [c for cs in suites.values() for c in cs]
    root = ET.Element("testsuites", {"name": "gongkai", **_counts(all_cases), "time": "0"})
    for pack in sorted(suites):
        suite = ET.SubElement(
            root,
            "testsuite",
            {"name": pack, **_counts(suites[pack]), "time": "0", "file": rel_path(report.document.path, opts.cwd)},
        )
        suite.extend(suites[pack])
    ET.indent(root, space="  ")
    return root


@register("junit")
def render(report: Report, out: TextIO, opts: RenderOptions) -> None:
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(build(report, opts), encoding="unicode"))
    out.write("\n")
