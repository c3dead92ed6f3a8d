"""The sample rendered as PDF, DOCX and XLSX and read back gives the same facts and — through
`gongkai check` — the same findings as the text, with evidence pointing at a page, paragraph or cell
that really shows the evidence text."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from gongkai.cli.main import app
from tests.conftest import SAMPLE
from tests.formats.formats_support import FORMATS, fact_set, render, sample_doc, text_at

PLACE = {
    "pdf": re.compile(r"^L\d+$"),
    "docx": re.compile(r"^(P\d+|T\d+:R\d+)$"),
    "xlsx": re.compile(r"^[^!]+![A-Z]+\d+(:[A-Z]+\d+)?$"),
}


@pytest.fixture(scope="module")
def sample_files(tmp_path_factory) -> dict:
    """fmt -> path of the sample rendered in that format."""
    folder = tmp_path_factory.mktemp("formats")
    paths = {}
    for fmt in FORMATS:
        paths[fmt] = folder / f"shanxi-sme-bureau-2024.{fmt}"
        paths[fmt].write_bytes(render(sample_doc(), fmt))
    return paths


@pytest.fixture(scope="module")
def sample_back(sample_files) -> dict:
    """fmt -> the Disclosure read back from the sample's rendering (PDF reading is the slow part: once)."""
    from gongkai.engine.pipeline.ingest import load

    return {fmt: load(path) for fmt, path in sample_files.items()}


def _check_json(path) -> tuple[int, dict]:
    result = CliRunner().invoke(app, ["check", str(path), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


@pytest.fixture(scope="module")
def text_report():
    return _check_json(SAMPLE)


def _keys(data: dict) -> list[tuple]:
    return sorted((f["rule_id"], f["status"], f["subject"], f["expected"], f["actual"]) for f in data["findings"])


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_facts(fmt, sample_back):
    doc = sample_back[fmt]
    assert doc.source.format == fmt
    assert fact_set(doc) == fact_set(sample_doc())
    assert len(doc.locations) == len(doc.lines)
    for loc in doc.locations:
        assert (loc.page is not None) == (fmt == "pdf")
        assert loc.cell is None or PLACE[fmt].match(loc.cell), loc


@pytest.mark.parametrize("fmt", FORMATS)
def test_check_gives_the_same_findings_with_locations(fmt, sample_files, text_report):
    code, data = _check_json(sample_files[fmt])
    want_code, want = text_report
    assert code == want_code
    assert _keys(data) == _keys(want)
    assert data["summary"] == want["summary"]
    placed = [e for f in data["findings"] for e in f["evidence"] if e["line"] and e["text"].strip()]
    assert placed and all(e["cell"] and PLACE[fmt].match(e["cell"]) for e in placed)
    # the caption finding (TBL-003, "部门公开表9"): its location shows that caption in the original file
    caption = next(f for f in data["findings"] if f["rule_id"] == "TBL-003" and f["status"] == "fail")
    ev = caption["evidence"][0]
    assert "部门公开表9" in text_at(fmt, sample_files[fmt].read_bytes(), ev["page"], ev["cell"])


def test_reader_is_chosen_by_content_not_name(sample_files, tmp_path):
    from gongkai.engine.pipeline.ingest import load

    misnamed = tmp_path / "budget.txt"
    misnamed.write_bytes(sample_files["xlsx"].read_bytes())
    assert load(misnamed).source.format == "xlsx"
    as_pdf = tmp_path / "budget.pdf"
    as_pdf.write_bytes(SAMPLE.read_bytes())
    assert load(as_pdf).source.format == "text"


def test_text_input_has_no_locations(sample_report):
    assert all(e.page is None and e.cell is None for f in sample_report.findings for e in f.evidence)
