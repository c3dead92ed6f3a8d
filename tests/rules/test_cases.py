"""Rule cases as data (sqlfluff style): every case of every cases file, run through the real reader and engine.

One file per rule, `tests/rules/cases/<pack>/<RULE-ID>.yml` (found through engine.authoring.case_files(); format
in tests/rules/cases/README.md). A case's document is read by the text reader, checked with the rule's pack, and
the rule's findings must be exactly the expected (status, subject) multiset. `pytest -k SUM-004` runs one rule.
The meta-tests require a complete cases file (pass, fail and not_applicable) for every registered rule, and no
cases file without a rule.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import fields
from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.engine.authoring import Config, case_files
from gongkai.engine.pipeline.catalog import CaseError, all_packs, case_document, cases_path, load_cases, pack_of
from gongkai.engine.pipeline.ingest import load_bytes
from gongkai.engine.workflow.check import check

RULES = sorted({r for _, (_, pack) in all_packs().items() for r in pack.rules}, key=lambda r: (pack_of(r), r.id))
FILES = sorted(case_files().glob("*/*.yml"))


def _all_cases():
    params = []
    for path in FILES:
        try:
            data = load_cases(path)
        except CaseError as exc:
            params.append(pytest.param(path, None, exc, id=f"{path.stem}::unreadable"))
            continue
        for case in data["cases"]:
            params.append(pytest.param(path, case, None, id=f"{data['rule']}::{case['name']}"))
    return params


def _config(raw: dict | None) -> Config:
    """Optional `config:` of a case: Config fields, Decimal ones given as strings ("0.005")."""
    kinds = {f.name: f.default for f in fields(Config)}
    unknown = set(raw or {}) - set(kinds)
    assert not unknown, f"unknown config fields: {sorted(unknown)}"
    return Config(**{k: Decimal(str(v)) if isinstance(kinds[k], Decimal) else v for k, v in (raw or {}).items()})


def run_case(rule_id: str, pack: str, case: dict) -> list[tuple[str, str, str]]:
    """(status, subject, note) of the rule's findings on the case's document."""
    doc = load_bytes(case_document(case).encode("utf-8"), f"{rule_id}-case.txt")
    report = check(doc, [case.get("pack") or pack], _config(case.get("config")), template=case.get("template"))
    findings = [f for f in report.findings if f.rule_id == rule_id]
    if case.get("scope"):
        from gongkai.engine.pipeline.doc_kind import SCOPES

        assert case["scope"] in SCOPES, f"unknown scope {case['scope']!r} (known: {', '.join(SCOPES)})"
        families = SCOPES[case["scope"]]
        findings = [f for f in findings if not families or f.family in families]
    return [(f.status, f.subject, f.note or "") for f in findings]


def unmatched(expect: list[dict], found: list[tuple[str, str, str]]) -> tuple[list, list]:
    """Match expected findings against found ones as multisets; a subject left out matches any subject.
    Returns (expected but not found, found but not expected)."""
    left = Counter((s, subj) for s, subj, _ in found)
    missing = []
    for e in sorted(expect, key=lambda e: "subject" not in e):  # exact subjects first, then wildcards
        if "subject" in e:
            key = (e["status"], e["subject"])
        else:
            key = next(((s, subj) for (s, subj), n in left.items() if s == e["status"] and n > 0), None)
        if key is not None and left[key] > 0:
            left[key] -= 1
        else:
            missing.append(e)
    return missing, sorted(left.elements())


def case_failure(path: Path, case: dict) -> str:
    """'' when the rule's findings on the case are exactly as expected, else what differs."""
    rule_id, pack = path.stem, path.parent.name
    found = run_case(rule_id, pack, case)
    missing, extra = unmatched(case["expect"], found)
    if missing or extra:
        return f"{rule_id} / {case['name']}: expected but not found {missing}; found but not expected {extra}"
    notes = [n for _, _, n in found]
    if case.get("note_contains") and not any(case["note_contains"] in n for n in notes):
        return f"{rule_id} / {case['name']}: no finding note contains {case['note_contains']!r}: {notes}"
    return ""


def incomplete(rule) -> str:
    """'' when the rule has a cases file covering pass, fail and not_applicable, else what is missing."""
    path = cases_path(rule)
    if not path.is_file():
        return f"{rule.id}: no cases file {path}"
    data = load_cases(path)
    if data["rule"] != rule.id:
        return f"{path.name} says rule: {data['rule']}"
    covered = {e["status"] for c in data["cases"] for e in c["expect"]}
    wanted = {"pass", "fail"} | ({"not_applicable"} if not data.get("never_not_applicable") else set())
    return f"{rule.id}: no case expecting {sorted(wanted - covered)}" if wanted - covered else ""


@pytest.mark.parametrize("path,case,error", _all_cases())
def test_case(path: Path, case: dict | None, error: Exception | None):
    if error is not None:
        pytest.fail(str(error))
    failure = case_failure(path, case)
    assert not failure, failure


@pytest.mark.parametrize("rule", RULES, ids=[f"{pack_of(r)}/{r.id}" for r in RULES])
def test_every_rule_has_complete_cases(rule):
    problem = incomplete(rule)
    assert not problem, problem


def test_no_cases_file_without_a_rule():
    registered = {(pack_of(r), r.id) for r in RULES}
    strays = [p for p in FILES if (p.parent.name, p.stem) not in registered]
    assert not strays, f"cases files for rules no pack registers: {strays}"


def test_matching_is_a_multiset_with_wildcards():
    found = [("pass", "A", ""), ("pass", "B", ""), ("fail", "C", "")]
    assert unmatched([{"status": "pass", "subject": "A"}, {"status": "pass"}, {"status": "fail"}], found) == ([], [])
    assert unmatched([{"status": "pass"}], found)[1] == [("fail", "C"), ("pass", "B")]
    assert unmatched([{"status": "pass", "subject": "A"}] * 2, found[:1]) == ([{"status": "pass", "subject": "A"}], [])


def test_an_edit_of_the_example_must_match_exactly_once():
    edited = case_document(
        {"name": "n", "base": "example", "replace": [["第四部分 名词解释.....", "第四部分 术语....."]]}
    )
    assert "第四部分 术语....." in edited and edited.count("名词解释") == 1
    for old in ("这句话不在示例里", "名词解释"):
        with pytest.raises(CaseError, match="not once"):
            case_document({"name": "n", "base": "example", "replace": [[old, "x"]]})


def test_an_expected_finding_names_only_what_the_runner_compares(tmp_path):
    """`actual: …` in an expected finding would be ignored by the runner: a check that cannot fail."""
    path = tmp_path / "X-001.yml"
    path.write_text(
        'rule: X-001\ncases:\n  - name: n\n    document: "x"\n    expect:\n      - {status: fail, actual: "y"}\n',
        encoding="utf-8",
    )
    with pytest.raises(CaseError, match="status, subject"):
        load_cases(path)
