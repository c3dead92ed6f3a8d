"""CLI habits users expect (issue #12): --version, completion, init, did-you-mean, explain FAMILY, metavars,
config errors in both languages with the line number."""

from __future__ import annotations

import tomllib

import pytest
from typer.testing import CliRunner

from gongkai.cli.main import app
from gongkai.engine import __version__
from tests.conftest import SAMPLE

runner = CliRunner()


def test_version_and_completion():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"gongkai {__version__}"
    assert "--install-completion" in runner.invoke(app, ["--help"]).stdout


def test_init_writes_a_commented_config_that_check_accepts(tmp_path):
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 0
    text = (tmp_path / "gongkai.toml").read_text(encoding="utf-8")
    assert tomllib.loads(text) == {}  # everything commented: defaults
    for key in ("packs", "tolerance", "lang", "fail_on", "select", "ignore", "[[waivers]]"):
        assert f"# {key}" in text
    uncommented = "\n".join(
        line[2:]
        if line.startswith("# ") and "=" in line and not line.startswith("# gongkai") and "[[" not in line
        else line
        for line in text.splitlines()
    )
    assert set(tomllib.loads(uncommented)) >= {"packs", "tolerance", "lang", "fail_on", "select", "ignore"}
    again = runner.invoke(app, ["init", str(tmp_path)])
    assert again.exit_code == 2 and "--force" in again.stderr
    assert runner.invoke(app, ["init", str(tmp_path), "--force"]).exit_code == 0


@pytest.mark.parametrize(
    "args, suggestion",
    [
        (["check", str(SAMPLE), "--select", "SUMM"], "SUM"),
        (["check", str(SAMPLE), "--ignore", "IND-09"], "IND-009"),
        (["explain", "SANGONG-01"], "SANGONG-001"),
    ],
)
def test_did_you_mean(args, suggestion):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1 and "did you mean" in line and suggestion in line


def test_explain_a_family_lists_its_rules():
    result = runner.invoke(app, ["explain", "sangong"])
    assert result.exit_code == 0
    ids = [w.strip("*") for w in result.stdout.split() if w.startswith("**SANGONG-")]
    assert ids == [f"SANGONG-00{n}" for n in range(1, 6)]


def test_metavars_name_what_is_expected():
    text = runner.invoke(app, ["check", "--help"], env={"COLUMNS": "200"}).stdout
    for want in ("--tolerance N", "--select RULE", "--ignore RULE", "--output PATH", "--ruleset PACK", "--config PATH"):
        assert want in text, want
    for python_type in ("TEXT", "INTEGER", "<text>", "<int>"):
        assert python_type not in text
    batch = runner.invoke(app, ["batch", "--help"], env={"COLUMNS": "200"}).stdout
    assert "--jobs N" in batch and "<int>" not in batch


def test_config_errors_say_where_in_both_languages(tmp_path):
    doc = tmp_path / "d.txt"
    doc.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "gongkai.toml").write_text('lang = "zh"\n\nfail_on = "sometimes"\n', encoding="utf-8")
    bad_value = runner.invoke(app, ["check", str(doc)])
    assert (
        bad_value.exit_code == 2
        and "gongkai.toml:3" in bad_value.stderr
        and "应为" in bad_value.stderr
        and "expects" in bad_value.stderr
    )
    (tmp_path / "gongkai.toml").write_text('lang = "zh"\nfail_on = \n', encoding="utf-8")
    bad_toml = runner.invoke(app, ["check", str(doc)])
    assert (
        bad_toml.exit_code == 2
        and "gongkai.toml:2" in bad_toml.stderr
        and "第2行" in bad_toml.stderr
        and "invalid TOML" in bad_toml.stderr
    )


def test_explain_renders_markdown_on_a_terminal_and_stays_plain_in_a_pipe(capsys, monkeypatch):
    import sys

    from gongkai.cli.main import _markdown

    _markdown("# SUM\n\n- **SUM-002** 合计等于各项之和")
    plain = capsys.readouterr().out
    assert plain.startswith("# SUM") and "**SUM-002**" in plain
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    _markdown("# SUM\n\n- **SUM-002** 合计等于各项之和")
    shown = capsys.readouterr().out
    assert "SUM-002" in shown and "**" not in shown and "# SUM" not in shown
