"""Issue #16, internal errors that were input errors: each of these used to end in exit 3 (a crash log)
or a dead review session. Now: exit 2 with one line, or it simply works."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongkai.cli.main import app
from gongkai.engine.pipeline.ingest import ReadError, dump_json, load_bytes
from gongkai.engine.workflow.batch import BatchOptions, expand_inputs, run_batch
from tests.conftest import ROOT, SAMPLE, edit, sample_text

runner = CliRunner()
GONGKAI = [sys.executable, "-c", "from gongkai.cli.main import main; main()"]
HUGE = "12345678901234567890123456.00"  # 26 integer digits: InvalidOperation when quantized


def _run(*args: str):
    r = runner.invoke(app, list(args))
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    return r


def _model() -> dict:
    return json.loads(dump_json(load_bytes(SAMPLE.read_bytes(), "sample.txt")))


@pytest.fixture()
def doc(tmp_path) -> Path:
    p = tmp_path / "doc.txt"
    p.write_bytes(SAMPLE.read_bytes())
    return p


# -- amounts ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["table", "narrative"])
def test_a_26_digit_amount_in_text_is_an_input_error(tmp_path, where):
    text = sample_text()
    text = edit(text, 135, "5031.81", HUGE) if where == "table" else text.replace("5,031.81万元", HUGE + "万元", 1)
    p = tmp_path / "huge.txt"
    p.write_text(text, encoding="utf-8")
    r = _run("check", str(p))
    assert r.exit_code == 2 and "amount out of range" in r.stderr


def test_a_budget_over_10_to_the_15_wan_yuan_is_an_input_error(tmp_path):
    p = tmp_path / "over.txt"
    p.write_text(edit(sample_text(), 135, "5031.81", "2000000000000000.00"), encoding="utf-8")  # 2×10¹⁵ 万元
    r = _run("check", str(p))
    assert r.exit_code == 2 and "amount out of range" in r.stderr
    p.write_text(edit(sample_text(), 135, "5031.81", "900000000000000.00"), encoding="utf-8")  # 9×10¹⁴: allowed
    assert _run("check", str(p)).exit_code == 1


@pytest.mark.parametrize("value", ["1e400", "123456789012345678901234567", "-1E+30"])
def test_an_absurd_amount_in_the_json_model_is_an_input_error(tmp_path, value):
    model = _model()
    row = model["tables"][0]["rows"][0]
    row["values"][next(iter(row["values"]))] = value
    p = tmp_path / "m.json"
    p.write_text(json.dumps(model, ensure_ascii=False), encoding="utf-8")
    r = _run("check", str(p))
    assert r.exit_code == 2 and "amount" in r.stderr


def test_an_absurd_amount_in_a_statement_is_an_input_error(tmp_path):
    model = _model()
    stmt = next(s for s in model["statements"] if s.get("amount") is not None)
    stmt["amount"] = HUGE
    p = tmp_path / "m.json"
    p.write_text(json.dumps(model, ensure_ascii=False), encoding="utf-8")
    assert _run("check", str(p)).exit_code == 2


@pytest.mark.parametrize("where", ["fund", "indicator", "statement", "row"])
@pytest.mark.parametrize("value", ["NaN", "sNaN", "-Infinity", "1e30"])
def test_a_non_finite_or_absurd_amount_anywhere_is_an_input_error(where, value):
    """The quick test of every amount at once (_all_small) hands a NaN, an infinity or a huge value to the walk,
    which names it, wherever it sits (a reader's bug could put one there; the JSON model refuses a NaN itself)."""
    from gongkai.engine.pipeline.ingest import _check_amounts

    doc = load_bytes(SAMPLE.read_bytes(), "sample.txt")
    if where == "fund":
        by_source = next(f for f in doc.forms if f.funds).funds["年度"]
        by_source[next(iter(by_source))] = Decimal(value)
    elif where == "indicator":
        next(f for f in doc.forms if f.indicators).indicators[-1].number = Decimal(value)
    elif where == "statement":
        next(s for s in doc.statements if s.percent is None).percent = Decimal(value)
    else:
        row = next(r for t in reversed(doc.tables) for r in t.rows if r.values)
        row.values[next(iter(row.values))] = Decimal(value)
    with pytest.raises(ReadError, match="amount"):
        _check_amounts(doc)


def test_an_amount_over_10_to_the_11_in_bounds_in_its_own_unit_is_read():
    """10¹¹ is in bounds in every unit (the quick test); above it the walk judges by the unit: 5×10¹⁴ 元 is."""
    from gongkai.engine.pipeline.ingest import _check_amounts

    doc = load_bytes(SAMPLE.read_bytes(), "sample.txt")
    form = next(f for f in doc.forms if f.unit == "元" and f.funds)
    by_source = next(iter(form.funds.values()))
    by_source[next(iter(by_source))] = Decimal(5 * 10**14)
    _check_amounts(doc)
    by_source[next(iter(by_source))] = Decimal(5 * 10**19)  # 5×10¹⁵ 万元
    with pytest.raises(ReadError, match="amount out of range"):
        _check_amounts(doc)


def test_the_quick_amount_test_gathers_every_field_that_can_hold_an_amount():
    """_all_small reads these fields by name: a new amount field in the model must be added there too."""
    from gongkai.engine.pipeline import model as m
    from gongkai.engine.pipeline.ingest import _amount_fields

    holders = {
        name: _amount_fields(cls)[1]
        for name, cls in vars(m).items()
        if isinstance(cls, type) and issubclass(cls, m.Model) and _amount_fields(cls)[1]
    }
    assert holders == {
        "Disclosure": ("tables", "statements", "forms"),
        "Table": ("rows",),
        "Row": ("values",),
        "Statement": ("amount", "percent", "change_amount", "change_percent"),
        "PerformanceForm": ("funds", "indicators"),
        "Indicator": ("number",),
    }


def test_an_unknown_table_id_in_the_json_model_is_an_input_error(tmp_path):
    model = _model()
    model["tables"][0]["id"] = "T99"
    p = tmp_path / "m.json"
    p.write_text(json.dumps(model, ensure_ascii=False), encoding="utf-8")
    r = _run("check", str(p))
    assert r.exit_code == 2 and "T99" in r.stderr


# -- deep nesting -------------------------------------------------------------------------------------

DEEP_JSON = "[" * 200_000 + "]" * 200_000


def test_deeply_nested_json_model(tmp_path):
    p = tmp_path / "m.json"
    p.write_text('{"schema": "gongkai.disclosure/1", "tables": ' + DEEP_JSON + "}", encoding="utf-8")
    assert _run("check", str(p)).exit_code == 2


def test_deeply_nested_waiver_sidecar_and_baseline(doc, tmp_path):
    base = tmp_path / "base.json"
    base.write_text('{"schema": "gongkai.baseline/1", "entries": ' + DEEP_JSON + "}", encoding="utf-8")
    assert _run("check", str(doc), "--baseline", str(base)).exit_code == 2
    doc.with_name(doc.name + ".gongkai-waivers.json").write_text('{"waivers": ' + DEEP_JSON + "}", encoding="utf-8")
    assert _run("check", str(doc)).exit_code == 2


def test_deeply_nested_or_non_utf8_config(doc):
    cfg = doc.parent / "gongkai.toml"
    cfg.write_text("a = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    r = _run("check", str(doc))
    assert r.exit_code == 2 and "gongkai.toml" in r.stderr
    cfg.write_bytes(b'lang = "\xff\xfe"\n')
    r = _run("check", str(doc))
    assert r.exit_code == 2 and "UTF-8" in r.stderr


# -- options ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "sNaN", "1e30"])
def test_tolerance_must_be_a_finite_number(doc, value):
    r = _run("check", str(doc), "--tolerance", value)
    assert r.exit_code == 2 and "--tolerance" in r.stderr


@pytest.mark.parametrize("value", ['"NaN"', "inf", "nan"])
def test_tolerance_in_the_config_must_be_finite(doc, value):
    (doc.parent / "gongkai.toml").write_text(f"tolerance = {value}\n", encoding="utf-8")
    r = _run("check", str(doc))
    assert r.exit_code == 2 and "tolerance" in r.stderr


def test_a_full_stdout_is_an_input_error_not_a_crash():
    with open("/dev/full", "w") as full:
        r = subprocess.run(
            [*GONGKAI, "check", str(SAMPLE)], cwd=ROOT, stdout=full, stderr=subprocess.PIPE, text=True, timeout=120
        )
    assert r.returncode == 2 and "standard output" in r.stderr and "Traceback" not in r.stderr


# -- file names that are not UTF-8 --------------------------------------------------------------------


def test_a_file_name_that_is_not_utf8(tmp_path):
    folder = os.fsencode(tmp_path)
    bad = os.path.join(folder, b"bad\xff.txt")
    with open(bad, "wb") as fh:
        fh.write(SAMPLE.read_bytes())
    r = _run("check", os.fsdecode(bad), "-f", "json")
    assert r.exit_code == 1 and json.loads(r.stdout)["summary"]
    good = tmp_path / "good.txt"
    good.write_bytes(SAMPLE.read_bytes())
    out = tmp_path / "r.jsonl"
    files = expand_inputs([str(tmp_path)], out)
    result = run_batch(files, out, BatchOptions(), jobs=1, progress=False)
    recs = [json.loads(line) for line in out.read_bytes().splitlines()]
    assert len(recs) == 2 and not any("error" in r for r in recs)
    assert {r["path"] for r in recs} == set(files)  # names read back exactly
    assert result.exit_code() == 1


# -- the review session -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        "/set T01 一般公共预算 1e30",
        "/set T01 一般公共预算 NaN",
        "/export " + "x" * 300 + ".md",
        "/waive NOPE-001 没有这条规则",
    ],
)
def test_review_commands_reply_instead_of_dying(doc, command, monkeypatch):
    from gongkai.tui.commands import run
    from gongkai.tui.session import Session

    monkeypatch.chdir(doc.parent)
    session = Session.open(doc)
    before = session.report.summary
    reply = run(command, session)
    assert "not done" in reply.text
    assert session.report.summary == before
