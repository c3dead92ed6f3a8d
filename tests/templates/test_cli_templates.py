"""`gongkai templates`, `--template` and the `template` config key."""

from __future__ import annotations

import json

from conftest import SAMPLE, sample_text
from typer.testing import CliRunner

from gongkai.cli.main import app

runner = CliRunner()


def test_templates_lists_every_template_with_its_label_and_unit():
    result = runner.invoke(app, ["templates"])
    assert result.exit_code == 0
    assert "central" in result.output and "部门公开表1" in result.output
    assert "shaanxi-xian" in result.output and "· 元 ·" in result.output
    data = json.loads(runner.invoke(app, ["templates", "--format", "json"]).output)
    assert {t["name"] for t in data} >= {"national", "central", "shanxi2024", "beijing", "jiangsu-suzhou"}


def test_check_template_option_overrides_and_bad_names_exit_2():
    result = runner.invoke(
        app, ["check", str(SAMPLE), "--template", "central", "--format", "json", "--fail-on", "never"]
    )
    report = json.loads(result.output)
    assert report["template"]["name"] == "central" and report["template"]["chosen_by"] == "option"
    assert any(f["rule_id"] == "TBL-001" and f["subject"] == "表7 政府性基金预算支出表" for f in report["findings"])
    bad = runner.invoke(app, ["check", str(SAMPLE), "--template", "atlantis"])
    assert bad.exit_code == 2 and "atlantis" in bad.output and "Traceback" not in bad.output


def test_the_config_file_can_name_the_template(tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text(sample_text(), encoding="utf-8")
    (tmp_path / "gongkai.toml").write_text('template = "central"\n', encoding="utf-8")
    report = json.loads(runner.invoke(app, ["check", str(doc), "--format", "json", "--fail-on", "never"]).output)
    assert report["template"]["name"] == "central"
    (tmp_path / "gongkai.toml").write_text('template = "atlantis"\n', encoding="utf-8")
    bad = runner.invoke(app, ["check", str(doc)])
    assert bad.exit_code == 2 and "gongkai.toml:1" in bad.output and "template" in bad.output


def test_the_default_text_report_names_the_template_near_the_top():
    lines = runner.invoke(app, ["check", str(SAMPLE), "--fail-on", "never"]).output.splitlines()
    where = next(i for i, line in enumerate(lines) if line.startswith("模板: shanxi2024"))
    first_section = next(i for i, line in enumerate(lines) if line.startswith("━━"))
    assert where < first_section  # in the header, before any family's findings
