"""`gongkai batch`: a corrupt file yields exactly one error record, every other file a correct one;
resume skips what is already recorded; a worker that dies does not stop the batch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongkai.cli.main import app
from gongkai.engine.workflow.batch import BatchOptions, expand_inputs, run_batch
from tests.conftest import ROOT, SAMPLE

GONGKAI = [sys.executable, "-c", "from gongkai.cli.main import main; main()"]


def make_docs(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    text = SAMPLE.read_text(encoding="utf-8")
    out = []
    for i in range(n):
        p = folder / f"doc{i}.txt"
        p.write_text(text + f"\n（副本 {i}）\n", encoding="utf-8")  # distinct sha256, same findings
        out.append(p)
    return out


def records(path: Path) -> list[dict]:
    return [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("batch") / "in"
    make_docs(d, 3)
    (d / "corrupt.txt").write_bytes(b"\x00\x01\x02 not a disclosure \xff\xfe")
    (d / "doc0.txt.gongkai-waivers.json").write_text(
        '{"schema": "gongkai.waivers/1", "waivers": []}', encoding="utf-8"
    )  # a sidecar, not a doc
    (d / "notes.md").write_text("ignored", encoding="utf-8")
    return d


def test_expand_inputs(folder):
    names = [Path(p).name for p in expand_inputs([str(folder)])]
    assert names == ["corrupt.txt", "doc0.txt", "doc1.txt", "doc2.txt"]
    assert [Path(p).name for p in expand_inputs([str(folder / "doc*.txt"), str(folder / "doc1.txt")])] == [
        "doc0.txt",
        "doc1.txt",
        "doc2.txt",
    ]


def test_batch_with_a_corrupt_file(folder, tmp_path):
    out = tmp_path / "results.jsonl"
    r = subprocess.run(
        [*GONGKAI, "batch", str(folder), "--jobs", "2", "--out", str(out), "--no-progress"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 2, r.stderr  # one file could not be read
    assert "Traceback" not in r.stderr
    recs = records(out)
    assert len(recs) == 4
    errors = [x for x in recs if "error" in x]
    assert len(errors) == 1 and errors[0]["path"].endswith("corrupt.txt") and errors[0]["kind"] == "input"
    single = json.loads(
        subprocess.run(
            [*GONGKAI, "check", str(folder / "doc1.txt"), "-f", "json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout
    )
    for rec in recs:
        if "error" in rec:
            continue
        assert rec["schema"] == "gongkai.batch/1" and len(rec["sha256"]) == 64
        assert rec["summary"] == single["summary"]
        assert {(f["rule_id"], f["subject"]) for f in rec["findings"]} == {
            (f["rule_id"], f["subject"]) for f in single["findings"] if f["status"] in ("fail", "error")
        }
    assert len({x["sha256"] for x in recs}) == 4
    assert "corrupt.txt" in r.stdout  # the summary names the bad file


def test_batch_exit_1_when_documents_fail(folder, tmp_path):
    out = tmp_path / "r.jsonl"
    r = CliRunner().invoke(
        app,
        [
            "batch",
            str(folder / "doc0.txt"),
            "--out",
            str(out),
            "--jobs",
            "1",
            "--fail-on",
            "warning",
            "--no-progress",
            "--lang",
            "en",
        ],
    )
    assert r.exit_code == 1, r.output
    assert "files" in r.stdout and "EMPTY-002" in r.stdout
    r = CliRunner().invoke(
        app,
        ["batch", str(folder / "doc0.txt"), "--out", str(out), "--jobs", "1", "--fail-on", "never", "--no-progress"],
    )
    assert r.exit_code == 0


def test_resume_skips_recorded_files(folder, tmp_path):
    out = tmp_path / "r.jsonl"
    files = expand_inputs([str(folder / "doc*.txt")])
    first = run_batch(files, out, BatchOptions(), jobs=2, progress=False)
    assert first.skipped == 0 and len(records(out)) == 3
    with out.open("a", encoding="utf-8") as fh:
        fh.write('{"schema": "gongkai.batch/1", "path": "tor')  # a torn line from a crash
    again = run_batch(files, out, BatchOptions(), jobs=2, resume=True, progress=False)
    assert again.skipped == 3 and len(records(out)) == 3
    assert again.exit_code() == first.exit_code()
    # other settings: records are not reused
    other = run_batch(files, out, BatchOptions(select=["SUM"]), jobs=2, resume=True, progress=False)
    assert other.skipped == 0
    assert all(
        not rec["findings"] or all(f["rule_id"].startswith("SUM") for f in rec["findings"]) for rec in records(out)
    )


def fake_worker(path: str, opts: BatchOptions) -> dict:
    """Stands in for check_file: dies like a segfault on one document."""
    if path.endswith("crash.txt"):
        os._exit(11)
    return {"schema": "gongkai.batch/1", "path": path, "sha256": "x", "exit": 0, "summary": {}, "findings": []}


def test_a_worker_that_dies_does_not_stop_the_batch(tmp_path):
    files = [str(tmp_path / n) for n in ("a.txt", "b.txt", "crash.txt", "c.txt", "d.txt", "e.txt")]
    for f in files:
        Path(f).write_text("x", encoding="utf-8")
    out = tmp_path / "r.jsonl"
    res = run_batch(files, out, BatchOptions(), jobs=2, progress=False, worker=fake_worker)
    recs = records(out)
    assert [Path(r["path"]).name for r in recs] == [Path(f).name for f in files]  # input order
    bad = [r for r in recs if "error" in r]
    assert len(bad) == 1 and bad[0]["path"].endswith("crash.txt") and bad[0]["kind"] == "internal"
    assert res.exit_code() == 3
