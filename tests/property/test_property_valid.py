"""Valid budgets are clean: every generated disclosure passes every implemented rule of the packs it selects.

Rules are found through the pack registry at run time, so a rule that lands later is covered without edits here.
"""
from __future__ import annotations

from hypothesis import given, note

from gongkai.engine.workflow.check import check
from gongkai.testing.strategies import rendered


def _problems(report) -> list[str]:
    return [f"{f.rule_id} {f.status} {f.subject}: {f.message} {f.note[:200]} @ {[e.line for e in f.evidence]}"
            for f in report.findings if f.status in ("fail", "error")]


@given(rendered())
def test_generated_disclosures_pass_every_rule(case):
    report = check(case.located)
    bad = _problems(report)
    if bad:
        note(case.text)
    assert bad == []
    assert report.findings, "no rule judged anything"
