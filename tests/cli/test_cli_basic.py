"""The CLI through Typer's runner: exit codes, bad input, rules and explain."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT, SAMPLE, sample_text
from typer.testing import CliRunner

from gongkai.cli.main import app

runner = CliRunner()


def test_check_prints_failures_with_lines_and_exits_by_policy():
    result = runner.invoke(app, ["check", str(SAMPLE)])
    assert "TBL-003" in result.stdout and "部门公开表9" in result.stdout and ":359" in result.stdout
    assert result.exit_code in (0, 1)
    assert runner.invoke(app, ["check", str(SAMPLE), "--fail-on", "warning"]).exit_code == 1
    assert runner.invoke(app, ["check", str(SAMPLE), "--fail-on", "never"]).exit_code == 0


def test_show_passes_lists_passes_with_evidence():
    result = runner.invoke(app, ["check", str(SAMPLE), "--show-passes", "--fail-on", "never"])
    assert "✓ XTAB-006" in result.stdout and ":284" in result.stdout


def test_english_output():
    result = runner.invoke(app, ["check", str(SAMPLE), "--lang", "en", "--fail-on", "never"])
    assert "expected" in result.stdout and "Tables are in template order" in result.stdout


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02\x03", b"\xff\xfe\xfd\xfc\x80\x81"])
def test_bad_files_give_one_line_and_exit_2(tmp_path, content):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = subprocess.run(
        [sys.executable, "-m", "gongkai.cli.main", "check", str(bad)], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_missing_file_and_unknown_options_exit_2(tmp_path):
    for args in (
        ["check", str(tmp_path / "nope.txt")],
        ["check", str(SAMPLE), "--ruleset", "nope"],
        ["check", str(SAMPLE), "--format", "nope"],
        ["check", str(SAMPLE), "--tolerance", "x"],
        ["explain", "NOPE-001"],
        ["check", str(SAMPLE), "--approved-on", "2024-13-01"],
    ):
        result = subprocess.run(
            [sys.executable, "-m", "gongkai.cli.main", *args], capture_output=True, text=True, cwd=ROOT
        )
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr


def test_check_does_not_modify_the_document_nor_import_textual(tmp_path):
    doc = tmp_path / "d.txt"
    doc.write_text(sample_text(), encoding="utf-8")
    before = doc.read_bytes()
    code = (
        "import sys; from gongkai.cli.main import main; sys.argv=['gongkai','check',%r,'--fail-on','never'];\n"
        "try:\n main()\nexcept SystemExit: pass\nassert 'textual' not in sys.modules, 'check imported textual'"
    ) % str(doc)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert doc.read_bytes() == before


def test_extract_then_check_the_json_gives_the_same_findings(tmp_path):
    out = tmp_path / "doc.json"
    assert runner.invoke(app, ["extract", str(SAMPLE), "-o", str(out)]).exit_code == 0
    a = runner.invoke(app, ["check", str(SAMPLE), "-f", "json", "--fail-on", "never"]).stdout
    b = runner.invoke(app, ["check", str(out), "-f", "json", "--fail-on", "never"]).stdout
    assert a.split('"findings"')[1] == b.split('"findings"')[1]


def test_rules_lists_implemented_and_planned():
    result = runner.invoke(app, ["rules", "--format", "json"])
    import json

    rules = json.loads(result.stdout)
    by_id = {r["id"]: r for r in rules}
    assert by_id["SUM-004"]["implemented"] and "shanxi2024" in by_id["SUM-004"]["rulesets"]
    assert all(r["basis"] and r["title_zh"] and r["title_en"] for r in rules)


def test_explain_reads_like_rule_docs():
    result = runner.invoke(app, ["explain", "HIERARCHY"])  # an alias
    assert result.exit_code == 0
    assert result.stdout.startswith("# SUM-004") and "不符合的例子" in result.stdout and "整改建议" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["check", str(SAMPLE), "--fail-on", "never"],
        ["check", "--help"],
        ["check"],
        ["check", str(SAMPLE), "--bogus"],
        ["check", str(SAMPLE), "--fail-on", "sometimes"],
        ["check", "--version"],
        ["rules", "--format", "json"],
        ["explain", "SUM-002"],
        ["batch", "--help"],
        ["chek", str(SAMPLE)],
        ["--version"],
        [],
    ],
)
def test_the_app_of_one_command_answers_as_the_whole_app(args, monkeypatch, capsys):
    # `gongkai CMD …` runs an app holding only CMD (Typer builds every command at start): same output and exit
    from gongkai.cli import main as cli

    if args[:1] in (["check"], ["rules"]):
        assert [c.callback.__name__ for c in cli._for_command(["gongkai", *args]).registered_commands] == args[:1]
    answers = []
    for whole in (False, True):
        if whole:
            monkeypatch.setattr(cli, "_for_command", lambda argv: cli.app)
        monkeypatch.setattr(sys, "argv", ["gongkai", *args])
        with pytest.raises(SystemExit) as exit_:
            cli._main()
        out = capsys.readouterr()
        answers.append((exit_.value.code, out.out, out.err))
    assert answers[0] == answers[1]


@pytest.mark.parametrize("given, kept", [(None, "1"), ("0", "0")])
def test_main_turns_pydantic_plugins_off_unless_the_environment_says(given, kept):
    # pydantic's plugin lookup read every installed distribution's entry points at the first model class
    import os

    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if given is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = given
    probe = (
        "import os, sys; from gongkai.cli.main import main; sys.argv = ['gongkai', '--version']\n"
        "try:\n main()\nexcept SystemExit: pass\nprint(os.environ['PYDANTIC_DISABLE_PLUGINS'])"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, env=env)
    assert out.stdout.splitlines()[-1] == kept
