"""Issue #16, silent wrong answers: 亿元 precision, formula cells without values, a selection that judges
nothing, workers outliving a killed batch, reproducible DOCX/XLSX renders."""

from __future__ import annotations

import io
import multiprocessing
import subprocess
import sys
import zipfile

import pytest
from typer.testing import CliRunner

from gongkai.cli.main import app
from gongkai.engine.pipeline.ingest import ReadError, load_bytes
from tests.conftest import SAMPLE, check_text, sample_text

runner = CliRunner()


def test_a_narrative_amount_in_yi_yuan_keeps_its_precision():
    text = sample_text()
    first = text.index("5,031.81万元", text.index("部门预算收支数据变动情况"))
    yi = text[:first] + "0.503181亿元" + text[first + len("5,031.81万元") :]
    report = check_text(yi)
    totals = [f for f in report.findings if f.rule_id == "TEXT-001" and "收入总计" in f.subject]
    assert totals and all(f.status == "pass" for f in totals), [(f.subject, f.actual) for f in totals]
    wrong = text[:first] + "0.503100亿元" + text[first + len("5,031.81万元") :]  # 5,031.00万元: off by 0.81
    assert any(
        f.status == "fail" for f in check_text(wrong).findings if f.rule_id == "TEXT-001" and "收入总计" in f.subject
    )


def test_xlsx_formulas_without_cached_values_are_named_not_read_as_empty():
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目", "金额"])
    ws.append(["工资福利支出", 10])
    ws.append(["合计", "=SUM(B2:B2)"])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(ReadError, match="formula cells without computed values"):
        load_bytes(buf.getvalue(), "formulas.xlsx")


def test_a_selection_that_judges_nothing_says_so(tmp_path):
    doc = tmp_path / "no-tables.txt"
    doc.write_text("第一部分 部门概况\n\n一、部门职责\n本部门负责中小企业发展促进工作。\n", encoding="utf-8")
    r = runner.invoke(app, ["check", str(doc), "--select", "SUM"])
    assert "所有规则均符合要求" not in r.stdout and "没有任何规则得到判定" in r.stdout
    r = runner.invoke(app, ["check", str(doc), "--select", "SUM", "-f", "markdown", "--lang", "en"])
    assert "Every rule passes" not in r.stdout and "Nothing was judged" in r.stdout


def test_a_worker_exits_when_the_batch_process_dies():
    from gongkai.engine.workflow.batch import _exit_with

    parent = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    ctx = multiprocessing.get_context("spawn")
    worker = ctx.Process(target=_exit_with, args=(parent.pid,))
    worker.start()
    parent.kill()
    parent.wait()
    worker.join(60)  # finished within the limit, not a benchmark
    alive = worker.is_alive()
    if alive:
        worker.kill()
    assert not alive and worker.exitcode == 1


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_docx_and_xlsx_renders_are_reproducible(fmt, monkeypatch):
    from gongkai.engine.publish.disclosure_formats import render_document

    doc = load_bytes(SAMPLE.read_bytes(), "s.txt")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    data = render_document(doc, fmt)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = zf.read("docProps/core.xml").decode("utf-8")
    assert "<dcterms:modified" not in core or "1980-01-01T00:00:00Z</dcterms:modified>" in core
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    with zipfile.ZipFile(io.BytesIO(render_document(doc, fmt))) as zf:
        assert {i.date_time for i in zf.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    assert load_bytes(data, f"s.{fmt}").tables  # still a readable document
