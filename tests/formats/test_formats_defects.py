"""Hidden defects survive every format: a changed figure (表10 公务接待费), a removed note (表7 注：本表无数据)
and a deleted table (表11) are caught in PDF, DOCX and XLSX exactly as in the text, and the evidence names
the page / table row / cell where the user finds the defect."""

from __future__ import annotations

import re

import pytest

from gongkai.engine.pipeline.ingest import load_bytes
from gongkai.engine.workflow.check import check
from tests.conftest import drop_lines, edit, failing, sample_text
from tests.formats.formats_support import FORMATS, finding_keys, roundtrip, text_at


@pytest.fixture(scope="module")
def defective():
    text = edit(sample_text(), 381, "公务接待费\t3.00\t3.00", "公务接待费\t3.00\t4.00")  # 一般公共预算 ≠ 合计
    text = drop_lines(text, 346, 346)  # 表7's 注：本表无数据
    text = drop_lines(text, 387, 396)  # 表11 gone
    doc = load_bytes(text.encode("utf-8"), "defective.txt")
    return doc, check(doc)


@pytest.fixture(scope="module", params=FORMATS)
def through(request, defective):
    doc, _ = defective
    data, back = roundtrip(doc, request.param, "defective")
    return request.param, data, check(back)


def _finding(report, rule_id, subject):
    return next(f for f in report.findings if f.rule_id == rule_id and f.subject == subject)


def test_the_defects_are_caught_in_the_text(defective, sample_report):
    _, report = defective
    new = failing(report) - failing(sample_report)
    assert {
        ("SUM-002", "表10 公务接待费 合计=各栏之和"),
        ("EMPTY-001", "表7 空表说明"),
        ("TBL-001", "表11 财政拨款安排机关运行经费预算表"),
    } <= new


def test_each_format_reports_exactly_what_the_text_reports(defective, through):
    _, report = defective
    fmt, _, got = through
    assert finding_keys(got) == finding_keys(report), fmt


def test_changed_figure_points_at_its_row(through):
    fmt, data, report = through
    ev = next(e for e in _finding(report, "SUM-002", "表10 公务接待费 合计=各栏之和").evidence if e.table == "T10")
    shown = text_at(fmt, data, ev.page, ev.cell)
    assert "公务接待费" in shown and re.search(r"(^|\s)4(\.00?)?(\s|$)", shown), shown  # the changed figure is there
    if fmt == "xlsx":
        assert ev.cell.startswith("表10!")


def test_removed_note_points_at_the_empty_table(through):
    fmt, data, report = through
    ev = _finding(report, "EMPTY-001", "表7 空表说明").evidence[0]
    assert "政府性基金预算收入表" in text_at(fmt, data, ev.page, ev.cell)
    if fmt == "xlsx":
        assert ev.cell.startswith("表7!")
