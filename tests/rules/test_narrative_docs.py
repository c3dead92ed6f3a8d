"""The narrative rule families' documented examples run through the real reader: the **Failing** excerpt fails
the rule and the **Passing** excerpt passes it (the shared doc test runs only the table families)."""
from __future__ import annotations

import pytest

from engine.authoring import Config
from engine.check import check
from engine.ingest import load_bytes
from rulesets import all_packs

MINE = {"TEXT", "SANGONG", "JGYX", "PROC", "ASSET", "SECT", "META"}
MINE_PERF = {"PERF-001", "PERF-002", "PERF-005", "PERF-009"}
RULES = sorted({r for _, (_, pack) in all_packs().items() for r in pack.rules
                if r.family in MINE or r.id in MINE_PERF}, key=lambda r: r.id)


def _pack_of(rule):
    return next(name for name, (_, pack) in sorted(all_packs().items()) if rule in pack.rules)


def test_every_narrative_rule_is_registered():
    ids = {r.id for r in RULES}
    expected = ({f"TEXT-00{i}" for i in range(1, 7)} | {f"SANGONG-00{i}" for i in range(1, 6)}
                | {f"JGYX-00{i}" for i in range(1, 7)} | {"PROC-001", "PROC-002"} | {f"ASSET-00{i}" for i in range(1, 5)}
                | {f"SECT-{i:03d}" for i in range(1, 11)} | {f"META-00{i}" for i in range(1, 7)} | MINE_PERF)
    assert ids == expected


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_examples_fail_and_pass_as_documented(rule):
    for which, want_fail in (("Failing", True), ("Passing", False)):
        excerpt = rule.example(which)
        if excerpt.lstrip().startswith("("):       # a description (dates, forms), tested in the family's file
            continue
        doc = load_bytes(excerpt.encode("utf-8"), f"{rule.id}-{which}.txt")
        statuses = {f.status for f in check(doc, [_pack_of(rule)], Config()).findings if f.rule_id == rule.id}
        if want_fail:
            assert "fail" in statuses, f"{rule.id}: the Failing example does not fail ({statuses})"
        else:
            assert statuses and not statuses & {"fail", "error"}, f"{rule.id}: the Passing example does not pass"
