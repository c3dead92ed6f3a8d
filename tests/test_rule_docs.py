"""Every rule documents itself (sqlfluff style) and its examples cannot rot: the **Failing** excerpt fails
the rule and the **Passing** excerpt passes it, through the real reader and engine."""
from __future__ import annotations

import re

import pytest

from engine.authoring import Config, Severity
from engine.check import check
from engine.ingest import ReadError, load_bytes
from rulesets import all_packs
from rulesets.catalog import entries
from rulesets.planned import PLANNED

RULES = sorted({r for _, (_, pack) in all_packs().items() for r in pack.rules}, key=lambda r: r.id)
RUNNABLE_FAMILIES = {"TBL", "EMPTY"}
CASED = {"SUM", "XTAB"}      # their examples are cases now (tests/rules/cases), docstrings keep the prose


def _pack_of(rule):
    return next(name for name, (_, pack) in sorted(all_packs().items()) if rule in pack.rules)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_metadata_and_docstring_shape(rule):
    assert rule.title_zh and rule.title_en and rule.remedy and rule.basis.text()
    assert isinstance(rule.severity, Severity)
    doc = rule.__doc__ or ""
    first = doc.strip().splitlines()[0]
    assert first and not first.startswith("**"), "first docstring line states the obligation"
    if rule.family in CASED:
        assert "**Failing**" not in doc and "```" not in doc, "examples live in the cases file"
        return
    assert doc.index("**Failing**") < doc.index("**Passing**")
    assert rule.example("Failing") and rule.example("Passing")


RUNNABLE = [r for r in RULES if r.family in RUNNABLE_FAMILIES]


@pytest.mark.parametrize("rule", RUNNABLE, ids=[r.id for r in RUNNABLE])
def test_examples_fail_and_pass_as_documented(rule):
    for which, want_fail in (("Failing", True), ("Passing", False)):
        excerpt = rule.example(which)
        if excerpt.lstrip().startswith("("):       # a description, not an excerpt (e.g. "all 13 tables")
            continue
        try:
            doc = load_bytes(excerpt.encode("utf-8"), f"{rule.id}-{which}.txt")
        except ReadError as exc:                    # pragma: no cover - shows which example is broken
            pytest.fail(f"{rule.id} {which} example unreadable: {exc}")
        statuses = {f.status for f in check(doc, [_pack_of(rule)], Config()).findings if f.rule_id == rule.id}
        if want_fail:
            assert "fail" in statuses, f"{rule.id}: the Failing example does not fail ({statuses})"
        else:
            assert "fail" not in statuses and "error" not in statuses and statuses, \
                f"{rule.id}: the Passing example does not pass ({statuses})"


def test_ids_are_unique_and_never_both_planned_and_implemented():
    implemented = {r.id for r in RULES}
    planned = {p[0] for p in PLANNED}
    assert not implemented & planned, implemented & planned
    assert len(PLANNED) == len(planned)
    assert all(re.match(r"^[A-Z]+-\d{3}$", e.id) for e in entries())
