"""Issue #16, data loss: gongkai never writes over a file it reads, never replaces a device or a symlink,
never lets two batches share a results file, and never takes a report for a waiver file."""

from __future__ import annotations

import fcntl
import json
import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongkai.cli.main import app
from gongkai.engine.workflow.batch import BatchError, BatchOptions, expand_inputs, run_batch
from tests.conftest import SAMPLE

runner = CliRunner()


@pytest.fixture()
def doc(tmp_path) -> Path:
    p = tmp_path / "doc.txt"
    p.write_bytes(SAMPLE.read_bytes())
    return p


def _aliases(doc: Path) -> dict[str, Path]:
    """Other names for the same file: a symlink, a path through `..`, a hard link."""
    (doc.parent / "sub").mkdir()
    (doc.parent / "link.txt").symlink_to(doc.name)
    os.link(doc, doc.parent / "hard.txt")
    return {
        "same": doc,
        "symlink": doc.parent / "link.txt",
        "dotdot": doc.parent / "sub" / ".." / doc.name,
        "hardlink": doc.parent / "hard.txt",
    }


@pytest.mark.parametrize("command", [["check"], ["extract"], ["baseline"], ["render"], ["check", "-f", "json"]])
def test_no_command_writes_over_its_input(doc, command):
    before = doc.read_bytes()
    for how, target in _aliases(doc).items():
        r = runner.invoke(app, [*command, str(doc), "-o", str(target)])
        assert r.exit_code == 2, (how, r.output)
        assert "覆盖" in r.stderr and "Traceback" not in r.output
        assert doc.read_bytes() == before, how
    assert (doc.parent / "link.txt").is_symlink()


def test_output_never_replaces_the_waiver_sidecar_or_config(doc):
    sidecar = doc.with_name(doc.name + ".gongkai-waivers.json")
    r = runner.invoke(app, ["check", str(doc), "-o", str(sidecar)])
    assert r.exit_code == 2 and not sidecar.exists()
    cfg = doc.parent / "gongkai.toml"
    cfg.write_text('lang = "zh"\n', encoding="utf-8")
    r = runner.invoke(app, ["check", str(doc), "--config", str(cfg), "-o", str(cfg)])
    assert r.exit_code == 2 and cfg.read_text(encoding="utf-8") == 'lang = "zh"\n'


def test_output_writes_through_a_pipe_and_keeps_the_symlink_to_it(doc, tmp_path):
    """A FIFO in the test's own folder stands in for /dev/full and /dev/stderr: a regression must not
    replace a real device of the machine running the tests."""
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "out-link"
    link.symlink_to(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()))
    reader.start()
    r = runner.invoke(app, ["check", str(doc), "-f", "json", "-o", str(link)])
    reader.join(60)
    assert r.exit_code == 1, r.output  # the sample has failures; the report went down the pipe
    assert json.loads(got[0])["summary"]["fail"] > 0
    assert link.is_symlink() and stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_output_through_a_symlink_replaces_the_target_not_the_link(doc, tmp_path):
    real = tmp_path / "reports" / "r.json"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "r.json"
    link.symlink_to(real)
    assert runner.invoke(app, ["check", str(doc), "-f", "json", "-o", str(link)]).exit_code == 1
    assert link.is_symlink() and json.loads(real.read_text(encoding="utf-8"))["summary"]


def test_written_files_honour_the_umask_and_keep_an_existing_mode(doc, tmp_path):
    old = os.umask(0o022)
    try:
        out = tmp_path / "new.txt"
        runner.invoke(app, ["check", str(doc), "-o", str(out)])
        assert stat.S_IMODE(out.stat().st_mode) == 0o644
        os.chmod(out, 0o640)
        runner.invoke(app, ["check", str(doc), "-o", str(out)])
        assert stat.S_IMODE(out.stat().st_mode) == 0o640
    finally:
        os.umask(old)


# -- batch --------------------------------------------------------------------------------------------


def test_batch_refuses_an_input_as_its_output(doc):
    before = doc.read_bytes()
    assert before.startswith(b"\n")  # a blank first line does not make it an empty results file
    (doc.parent / "other.txt").write_bytes(before)  # so the folder still has something to check
    r = runner.invoke(app, ["batch", str(doc), "--out", str(doc), "--no-progress"])
    assert r.exit_code == 2 and doc.read_bytes() == before
    r = runner.invoke(app, ["batch", str(doc.parent), "--out", str(doc), "--no-progress"])  # found in the folder
    assert r.exit_code == 2 and doc.read_bytes() == before


def test_batch_refuses_to_overwrite_a_file_that_is_not_its_results(doc, tmp_path):
    precious = tmp_path / "elsewhere" / "thesis.md"
    precious.parent.mkdir()
    precious.write_text("my work", encoding="utf-8")
    with pytest.raises(BatchError):
        run_batch([str(doc)], precious, BatchOptions(), jobs=1, progress=False, worker=_fake)
    assert precious.read_text(encoding="utf-8") == "my work"


def _fake(path, opts):
    return {"schema": "gongkai.batch/1", "path": path, "sha256": "x", "options": "o", "exit": 0, "findings": []}


def test_folder_expansion_skips_the_results_file_and_gongkai_sidecars(doc):
    folder = doc.parent
    (folder / "doc.txt.gongkai-waivers.json").write_text("{}", encoding="utf-8")
    (folder / "doc.txt.gongkai-baseline.json").write_text("{}", encoding="utf-8")
    out = folder / "results.json"
    run_batch([str(doc)], out, BatchOptions(), jobs=1, progress=False, worker=_fake)
    assert expand_inputs([str(folder)], out) == [str(doc)]
    assert expand_inputs([str(folder / "*.json")], out) == []


def test_a_second_batch_on_the_same_results_file_is_refused_naming_the_holder(doc, tmp_path):
    out = tmp_path / "results.jsonl"
    out.write_text("", encoding="utf-8")
    with open(out, "rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(BatchError, match=str(os.getpid())):
            run_batch([str(doc)], out, BatchOptions(), jobs=1, progress=False, worker=_fake)
        r = runner.invoke(app, ["batch", str(doc), "--out", str(out), "--no-progress"])
        assert r.exit_code == 2 and str(os.getpid()) in r.stderr
    assert out.read_text(encoding="utf-8") == ""


def test_resume_keeps_the_results_file_mode(doc, tmp_path):
    out = tmp_path / "results.jsonl"
    run_batch([str(doc)], out, BatchOptions(), jobs=1, progress=False, worker=_fake)
    os.chmod(out, 0o644)
    run_batch([str(doc)], out, BatchOptions(), jobs=1, resume=True, progress=False, worker=_fake)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


# -- waivers ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"summary": {"fail": 3}, "findings": []},  # a report exported over it
        {"schema": "gongkai.waivers/1"},  # no waivers list
        {"schema": "gongkai.waivers/1", "waiver": []},  # misspelled key
        {"waivers": []},  # no schema
        {"schema": "gongkai.waivers/1", "waivers": [{"rule_id": "NOPE-001", "reason": "x"}]},  # unknown rule
    ],
)
def test_a_sidecar_that_is_not_a_waiver_file_is_an_input_error(doc, body):
    doc.with_name(doc.name + ".gongkai-waivers.json").write_text(json.dumps(body), encoding="utf-8")
    r = runner.invoke(app, ["check", str(doc)])
    assert r.exit_code == 2, r.output
    assert "gongkai-waivers.json" in r.stderr


def test_review_export_never_targets_a_sidecar_or_the_document(doc):
    from gongkai.tui.commands import run
    from gongkai.tui.session import Session

    session = Session.open(doc)
    sidecar = doc.with_name(doc.name + ".gongkai-waivers.json")
    reply = run(f"/export {sidecar}", session)
    assert "not done" in reply.text and not sidecar.exists()
    (doc.parent / "doc.md").symlink_to(doc.name)
    reply = run(f"/export {doc.parent / 'doc.md'}", session)  # the document, through a link
    assert "not done" in reply.text and doc.read_bytes() == SAMPLE.read_bytes()
    reply = run(f"/export {doc.parent / ('x' * 300 + '.md')}", session)  # a name the file system refuses
    assert "not done" in reply.text
