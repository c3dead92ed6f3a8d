"""`gongkai render --to pdf|docx|xlsx|txt` (or by the output's extension) writes a document `check` reads back."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from gongkai.cli.main import app
from tests.conftest import SAMPLE


def test_render_by_extension_and_by_option(tmp_path):
    runner = CliRunner()
    out = tmp_path / "out.pdf"
    assert runner.invoke(app, ["render", str(SAMPLE), "-o", str(out)]).exit_code == 0
    assert out.read_bytes().startswith(b"%PDF-")
    book = tmp_path / "budget.bin"
    assert runner.invoke(app, ["render", str(SAMPLE), "--to", "xlsx", "-o", str(book)]).exit_code == 0
    checked = runner.invoke(app, ["check", str(book), "--format", "json"])
    text = runner.invoke(app, ["check", str(SAMPLE), "--format", "json"])
    assert checked.exit_code == text.exit_code == 1
    assert json.loads(checked.stdout)["summary"] == json.loads(text.stdout)["summary"]
    words = tmp_path / "budget.docx"
    assert runner.invoke(app, ["render", str(book), "-o", str(words)]).exit_code == 0
    assert runner.invoke(app, ["render", str(words), "--to", "txt"]).stdout.startswith("山西省小企业发展促进局")


def test_render_refuses_unknown_formats_and_the_input_itself(tmp_path):
    runner = CliRunner()
    copy = tmp_path / "sample.txt"
    copy.write_bytes(SAMPLE.read_bytes())
    bad = runner.invoke(app, ["render", str(copy), "--to", "odt", "-o", str(tmp_path / "x.odt")])
    assert bad.exit_code == 2 and "unknown format" in bad.stderr
    same = runner.invoke(app, ["render", str(copy), "--to", "txt", "-o", str(copy)])
    assert same.exit_code == 2 and "overwrite the input" in same.stderr
    assert copy.read_bytes() == SAMPLE.read_bytes()
