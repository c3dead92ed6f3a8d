"""Waivers (sidecar + config) and baselines, through the CLI."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest
from typer.testing import CliRunner

from gongkai.cli.main import app
from gongkai.engine.workflow.waivers import (
    ExpiredWaiver,
    WaiverError,
    add_sidecar_waiver,
    apply_waivers,
    load_waivers,
    sidecar_path,
)
from tests.conftest import SAMPLE

runner = CliRunner()


@pytest.fixture
def doc(tmp_path):
    p = tmp_path / "doc.txt"
    shutil.copy(SAMPLE, p)
    return p


def _json(args):
    r = runner.invoke(app, ["check", *map(str, args), "--format", "json"])
    return r, (json.loads(r.stdout) if r.stdout.strip().startswith("{") else None)


def test_sidecar_waiver_is_honoured_and_counted_separately(doc):
    before = doc.read_bytes()
    r, rep = _json([doc, "--fail-on", "warning"])
    assert r.exit_code == 1
    fails = [f for f in rep["findings"] if f["status"] == "fail"]
    assert fails
    for f in fails:
        add_sidecar_waiver(doc, f["rule_id"], f["subject"], "已与财政部门确认", today=date(2024, 5, 1))
    r, rep = _json([doc, "--fail-on", "warning"])
    assert r.exit_code == 0
    assert rep["summary"]["fail"] == 0 and rep["summary"]["waived"] == len(fails)
    waived = [f for f in rep["findings"] if f["waived"]]
    assert all(f["status"] == "fail" and f["waiver_reason"] == "已与财政部门确认" for f in waived)
    assert doc.read_bytes() == before  # the document is never touched
    stored = json.loads(sidecar_path(doc).read_text(encoding="utf-8"))
    assert stored["schema"] == "gongkai.waivers/1" and stored["waivers"][0]["created"] == "2024-05-01"


def test_rule_wide_waiver_and_replacing_an_entry(doc):
    add_sidecar_waiver(doc, "empty-002", None, "first", today=date(2024, 1, 1))
    add_sidecar_waiver(doc, "EMPTY-002", None, "second", today=date(2024, 1, 2))
    ws = load_waivers(doc)
    assert [(w.rule_id, w.subject, w.reason) for w in ws] == [("EMPTY-002", None, "second")]


def test_expired_waiver_fails_loudly(doc):
    add_sidecar_waiver(doc, "EMPTY-002", None, "old", today=date(2020, 1, 1), expires=date(2020, 12, 31))
    r = runner.invoke(app, ["check", str(doc)])
    assert r.exit_code == 2
    assert "EMPTY-002" in r.stderr and "2020-12-31" in r.stderr and "Traceback" not in r.stderr
    with pytest.raises(ExpiredWaiver):
        apply_waivers(None, load_waivers(doc), date(2021, 1, 1))  # type: ignore[arg-type]
    # still valid on the expiry day itself
    assert not load_waivers(doc)[0].expired(date(2020, 12, 31))


def test_malformed_sidecar_is_an_input_error(doc):
    sidecar_path(doc).write_text(
        '{"schema": "gongkai.waivers/1", "waivers": [{"rule_id": "SUM-001"}]}', encoding="utf-8"
    )
    r = runner.invoke(app, ["check", str(doc)])
    assert r.exit_code == 2 and "reason" in r.stderr
    sidecar_path(doc).write_text("{oops", encoding="utf-8")
    with pytest.raises(WaiverError, match="line 1"):
        load_waivers(doc)


def test_config_waivers_apply(doc, tmp_path):
    (tmp_path / "gongkai.toml").write_text(
        '[[waivers]]\nrule_id = "EMPTY-002"\nreason = "模板如此"\nexpires = 2999-12-31\n', encoding="utf-8"
    )
    r, rep = _json([doc])
    assert rep["summary"]["waived"] >= 1
    assert all(f["waived"] for f in rep["findings"] if f["rule_id"] == "EMPTY-002" and f["status"] == "fail")


def test_expired_config_waiver_names_the_config(doc, tmp_path):
    (tmp_path / "gongkai.toml").write_text(
        '[[waivers]]\nrule_id = "EMPTY-002"\nreason = "x"\nexpires = 2001-01-01\n', encoding="utf-8"
    )
    r = runner.invoke(app, ["check", str(doc)])
    assert r.exit_code == 2 and "gongkai.toml" in r.stderr and "2001-01-01" in r.stderr


def test_baseline_then_only_new_failures_count(doc, tmp_path):
    base = tmp_path / "baseline.json"
    r = runner.invoke(app, ["baseline", str(doc), "-o", str(base)])
    assert r.exit_code == 0, r.stderr
    data = json.loads(base.read_text(encoding="utf-8"))
    assert data["schema"] == "gongkai.baseline/1" and data["entries"]
    assert all(set(e) == {"rule_id", "subject", "fingerprint"} for e in data["entries"])
    assert "sha256" not in base.read_text(encoding="utf-8")

    r, rep = _json([doc, "--baseline", base, "--fail-on", "info"])
    assert r.exit_code == 0
    assert rep["summary"]["fail"] == rep["summary"]["baselined"] == len(data["entries"])
    text = runner.invoke(app, ["check", str(doc), "--baseline", str(base)]).stdout
    assert "基线" in text and "不计入退出码" in text
    text = runner.invoke(app, ["check", str(doc), "--baseline", str(base), "--lang", "en"]).stdout
    assert "do not count toward the exit code" in text

    # a new failure: an empty-table note loses its reason elsewhere → exactly the new one counts
    lines = doc.read_text(encoding="utf-8").split("\n")
    i = next(n for n, l in enumerate(lines) if "收入合计" in l and "\t" in l)
    cells = lines[i].split("\t")
    j = next(k for k in range(len(cells) - 1, 0, -1) if cells[k].replace(".", "").isdigit())
    cells[j] = str(round(float(cells[j]) + 7, 2))
    lines[i] = "\t".join(cells)
    doc.write_text("\n".join(lines), encoding="utf-8")
    r, rep = _json([doc, "--baseline", base])
    new = [f for f in rep["findings"] if f["status"] == "fail" and not f["baselined"] and not f["waived"]]
    assert new and r.exit_code == 1


def test_baseline_survives_line_shifts(doc, tmp_path):
    base = tmp_path / "b.json"
    assert runner.invoke(app, ["baseline", str(doc), "-o", str(base)]).exit_code == 0
    doc.write_text("\n\n\n" + doc.read_text(encoding="utf-8"), encoding="utf-8")
    r, rep = _json([doc, "--baseline", base, "--fail-on", "info"])
    assert r.exit_code == 0 and rep["summary"]["baselined"] == rep["summary"]["fail"]


def test_bad_baseline_file(doc, tmp_path):
    bad = tmp_path / "b.json"
    bad.write_text('{"entries": []}', encoding="utf-8")
    r = runner.invoke(app, ["check", str(doc), "--baseline", str(bad)])
    assert r.exit_code == 2 and "baseline" in r.stderr
    r = runner.invoke(app, ["check", str(doc), "--baseline", str(tmp_path / "missing.json")])
    assert r.exit_code == 2
