"""docs/rules.md is generated from the rule registry: it must be current, and every rule's SARIF helpUri
must land on that rule's own heading in it."""

from __future__ import annotations

import importlib.util
import json
import re
from io import StringIO
from pathlib import Path

from gongkai.engine.pipeline.catalog import entries
from gongkai.engine.pipeline.report import Finding, Report
from gongkai.engine.render import RenderOptions
from gongkai.engine.render.sarif import help_uri, render

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "rules.md"


def _generator():
    spec = importlib.util.spec_from_file_location("gen_rules", ROOT / "docs" / "gen_rules.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _anchors(markdown: str) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation but '-' and '_' dropped, spaces as '-'."""
    out = set()
    for line in markdown.splitlines():
        m = re.match(r"^#{1,6}\s+(.*)$", line)
        if m:
            out.add(re.sub(r"[^\w\- ]", "", m.group(1).strip().lower()).replace(" ", "-"))
    return out


def test_rules_page_is_current():
    assert PAGE.read_text(encoding="utf-8") == _generator().render(), (
        "docs/rules.md is stale: run `make docs` (python docs/gen_rules.py) and commit it"
    )


def test_every_rule_has_its_own_heading_and_helpuri_lands_on_it():
    anchors = _anchors(PAGE.read_text(encoding="utf-8"))
    missing = [e.id for e in entries() if help_uri(e.id).split("#", 1)[1] not in anchors]
    assert not missing, f"no heading in docs/rules.md for {missing}"


def test_sarif_rules_carry_their_help_uri():
    rule = next(e for e in entries() if e.implemented)
    finding = Finding(
        rule_id=rule.id,
        status="fail",
        severity=rule.severity,
        title=rule.title_zh,
        message="m",
        basis=rule.basis,
        subject="表1 合计",
    )
    report = Report(document={"path": "doc.txt", "sha256": "0" * 64}, rulesets=rule.packs, findings=[finding])
    out = StringIO()
    render(report, out, RenderOptions())
    (descriptor,) = json.loads(out.getvalue())["runs"][0]["tool"]["driver"]["rules"]
    page, anchor = descriptor["helpUri"].split("#", 1)
    assert page.endswith("rules.md") and anchor == rule.id.lower()
