"""`gongkai render` is the inverse of `gongkai extract`: JSON → text the reader reads back to the same tables."""

from __future__ import annotations

from conftest import SAMPLE
from property_support import narrative_content, table_content
from typer.testing import CliRunner

from gongkai.cli.main import app
from gongkai.engine.pipeline.ingest import load


def test_render_cli_roundtrip(tmp_path):
    runner = CliRunner()
    extracted, rendered = tmp_path / "doc.json", tmp_path / "doc.txt"
    assert runner.invoke(app, ["extract", str(SAMPLE), "-o", str(extracted)]).exit_code == 0
    result = runner.invoke(app, ["render", str(extracted), "-o", str(rendered)])
    assert result.exit_code == 0, result.output
    again, original = load(rendered), load(SAMPLE)
    assert table_content(again) == table_content(original)
    assert narrative_content(again)["headings"] == narrative_content(original)["headings"]


def test_render_cli_missing_file_is_an_input_error(tmp_path):
    result = CliRunner().invoke(app, ["render", str(tmp_path / "nope.json")])
    assert result.exit_code == 2
