"""Configuration: gongkai.toml / [tool.gongkai] found upward from the document, CLI precedence,
--select/--ignore, and clear errors (exit 2 naming the key)."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from gongkai.cli.main import app
from gongkai.engine.workflow.config import ConfigError, find_config, load_settings, settings_for
from tests.conftest import SAMPLE

runner = CliRunner()


@pytest.fixture
def tree(tmp_path):
    """project/gongkai.toml … project/sub/dir/doc.txt"""
    d = tmp_path / "project" / "sub" / "dir"
    d.mkdir(parents=True)
    shutil.copy(SAMPLE, d / "doc.txt")
    return tmp_path / "project", d / "doc.txt"


def report(*args):
    r = runner.invoke(app, ["check", *map(str, args), "--format", "json"])
    assert r.exit_code in (0, 1), r.stderr
    return r, json.loads(r.stdout)


def rule_ids(rep):
    return {f["rule_id"] for f in rep["findings"]}


def test_found_upward_and_applied(tree):
    root, doc = tree
    (root / "gongkai.toml").write_text('select = ["EMPTY"]\nlang = "en"\nfail_on = "never"\n', encoding="utf-8")
    r, rep = report(doc)
    assert r.exit_code == 0
    assert rule_ids(rep) and all(i.startswith("EMPTY-") for i in rule_ids(rep))
    assert all(any(w in f["message"] for w in (": passes", ": fails", ": not applicable")) for f in rep["findings"])


def test_pyproject_tool_table_and_nearest_wins(tree):
    root, doc = tree
    (root / "pyproject.toml").write_text('[tool.gongkai]\nignore = ["SUM"]\n', encoding="utf-8")
    (doc.parent / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")  # no table: skipped
    path, table = find_config(doc)
    assert path == root / "pyproject.toml" and table == {"ignore": ["SUM"]}
    _, rep = report(doc)
    assert not any(i.startswith("SUM-") for i in rule_ids(rep))
    (doc.parent / "gongkai.toml").write_text('ignore = ["EMPTY"]\n', encoding="utf-8")
    _, rep = report(doc)
    assert any(i.startswith("SUM-") for i in rule_ids(rep)) and not any(i.startswith("EMPTY-") for i in rule_ids(rep))


def test_cli_overrides_config(tree):
    root, doc = tree
    (root / "gongkai.toml").write_text('select = ["EMPTY"]\nfail_on = "never"\n', encoding="utf-8")
    r, rep = report(doc, "--select", "SUM,EMPTY-002", "--fail-on", "warning")
    assert {i.split("-")[0] for i in rule_ids(rep)} == {"SUM", "EMPTY"}
    assert {i for i in rule_ids(rep) if i.startswith("EMPTY")} == {"EMPTY-002"}
    assert r.exit_code == 1  # EMPTY-002 is a warning that fails on the sample
    _, rep = report(doc, "--ignore", "EMPTY")
    assert not any(i.startswith("EMPTY-") for i in rule_ids(rep))


def test_tolerance_from_config(tree):
    root, doc = tree
    (root / "gongkai.toml").write_text('tolerance = 0.005\npacks = ["mof2016"]\n', encoding="utf-8")
    s = settings_for(doc)
    assert str(s.tolerance) == "0.005" and s.packs == ["mof2016"]
    _, rep = report(doc)
    assert rep["rulesets"][0] == "mof2016"  # a named pack replaces the automatic one of its kind


@pytest.mark.parametrize(
    "body,needle",
    [
        ("tolerence = 0.01\n", "tolerence"),
        ('\n\nlang = "fr"\n', "gongkai.toml:3"),
        ('tolerance = "abc"\n', "tolerance"),
        ("tolerance = -1\n", "tolerance"),
        ('fail_on = "sometimes"\n', "fail_on"),
        ('select = ["NOPE-999"]\n', "NOPE-999"),
        ("select = 3\n", "select"),
        ('[[waivers]]\nrule_id = "SUM-001"\n', "reason"),
        ('lang = "zh\n', "invalid TOML"),
    ],
)
def test_config_errors_are_exit_2_naming_the_key(tree, body, needle):
    root, doc = tree
    (root / "gongkai.toml").write_text(body, encoding="utf-8")
    r = runner.invoke(app, ["check", str(doc)])
    assert r.exit_code == 2, r.stdout
    assert needle in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_bad_cli_selector_and_explicit_config(tree, tmp_path):
    root, doc = tree
    r = runner.invoke(app, ["check", str(doc), "--select", "SUMX"])
    assert r.exit_code == 2 and "SUMX" in r.stderr
    r = runner.invoke(app, ["check", str(doc), "--config", str(tmp_path / "none.toml")])
    assert r.exit_code == 2
    cfg = tmp_path / "other.toml"
    cfg.write_text('select = ["TBL"]\n', encoding="utf-8")
    _, rep = report(doc, "--config", cfg)
    assert all(i.startswith("TBL-") for i in rule_ids(rep))


def test_aliases_normalise_to_ids(tree):
    root, _ = tree
    (root / "gongkai.toml").write_text('ignore = ["empty-reason", "sum"]\n', encoding="utf-8")
    s = load_settings(root / "gongkai.toml")
    assert s.ignore == ["EMPTY-002", "SUM"]
    with pytest.raises(ConfigError):
        (root / "gongkai.toml").write_text('ignore = ["X"]\n', encoding="utf-8")
        load_settings(root / "gongkai.toml")
