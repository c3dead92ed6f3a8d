"""The `gongkai check --format json` contract of docs/design.md, validated by a pydantic model written from the
contract text (not from engine/pipeline/report.py), and byte-identical across runs."""

from __future__ import annotations

import json
import re
from typing import Literal

from conftest import SAMPLE
from pydantic import BaseModel, ConfigDict
from typer.testing import CliRunner

from gongkai.cli.main import app
from gongkai.engine.pipeline.catalog import all_packs


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")  # fields may be added to the contract, never removed


class Evidence(_Open):
    path: str
    line: int | None
    table: str | None
    text: str


class Finding(_Open):
    rule_id: str
    status: Literal["pass", "fail", "not_applicable", "error"]
    severity: Literal["error", "warning", "info"]
    title: str
    message: str
    basis: str
    subject: str
    expected: str | None
    actual: str | None
    waived: bool
    evidence: list[Evidence]


class Contract(_Open):
    schema_: Literal["gongkai.report/1"]
    tool: dict
    document: dict
    rulesets: list[str]
    summary: dict
    findings: list[Finding]


def _run(*args):
    return CliRunner().invoke(app, ["check", str(SAMPLE), "--format", "json", "--fail-on", "never", *args])


def test_json_report_follows_the_contract():
    result = _run()
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    data["schema_"] = data.pop("schema")
    report = Contract.model_validate(data)
    assert report.tool == {"name": "gongkai", "version": "0.1.0"}
    assert report.document["department"] == "山西省小企业发展促进局" and report.document["year"] == 2024
    assert len(report.document["sha256"]) == 64
    assert set(report.summary) >= {"pass", "fail", "not_applicable", "error"}
    assert sum(report.summary[k] for k in ("pass", "fail", "not_applicable", "error")) + report.summary.get(
        "waived", 0
    ) == len(report.findings)
    catalogued = {r.id for name in report.rulesets for r in all_packs()[name][1].rules}
    for f in report.findings:
        # a catalogued rule of a pack the report names, and every finding has evidence
        assert re.fullmatch(r"[A-Z]+-\d{3}", f.rule_id) and f.rule_id in catalogued and f.evidence, f.rule_id
        assert not any(ch.isdigit() and f"第{ch}" in f.subject for ch in "0123456789")


def test_json_report_is_byte_identical_across_runs():
    assert _run().stdout == _run().stdout


def test_subjects_never_carry_line_numbers_and_are_unique_per_rule():
    data = json.loads(_run().stdout)
    seen = set()
    for f in data["findings"]:
        key = (f["rule_id"], f["subject"])
        assert key not in seen, key
        seen.add(key)
        for e in f["evidence"]:
            if e["line"]:
                assert f"{e['line']}行" not in f["subject"] and f":{e['line']}" not in f["subject"]
