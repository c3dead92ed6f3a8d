"""Knowing what you were given (not a budget → exit 2 with the reason, or a scoped check on request),
traditional characters converted and noted, and one disclosure read from several files."""

from __future__ import annotations

import json

import opencc
import pytest
from conftest import sample_lines, sample_text
from typer.testing import CliRunner

from gongkai.cli.main import app
from gongkai.engine.pipeline.ingest.join import group_parts, pair_key
from gongkai.engine.workflow.config import Settings
from gongkai.engine.workflow.run import check_path

runner = CliRunner()


def write(tmp_path, name: str, lines: list[str]):
    p = tmp_path / name
    p.write_text("\n".join(lines), encoding="utf-8")
    return p


def run(*args):
    return runner.invoke(app, ["check", *map(str, args), "--format", "json", "--fail-on", "never"])


def test_a_final_accounts_document_is_refused_with_the_reason(tmp_path):
    lines = sample_lines()
    lines[:30] = [x.replace("预算", "决算") for x in lines[:30]]
    p = write(tmp_path, "juesuan.txt", lines)
    result = run(p)
    assert result.exit_code == 2 and "决算" in result.output and "Traceback" not in result.output
    assert run(p, "--scope", "all").exit_code == 0  # the user may insist


def test_a_contents_page_alone_is_refused(tmp_path):
    result = run(write(tmp_path, "toc.txt", sample_lines()[:30]))
    assert result.exit_code == 2 and "只有目录" in result.output


def test_a_notice_is_refused(tmp_path):
    p = write(
        tmp_path, "notice.txt", ["关于公开2024年部门预算的通知", "", "一、公开范围", "各单位应于规定时间内公开。"]
    )
    result = run(p)
    assert result.exit_code == 2 and "通知" in result.output


def test_tables_alone_are_refused_unless_scoped_to_tables(tmp_path):
    p = write(tmp_path, "baobiao.txt", sample_lines()[77:433])
    result = run(p)
    assert result.exit_code == 2 and "--scope tables" in result.output
    scoped = run(p, "--scope", "tables")
    assert scoped.exit_code == 0
    families = {f["family"] for f in json.loads(scoped.output)["findings"]}
    assert families and families <= {"TBL", "EMPTY", "SUM", "XTAB"}


def test_a_standalone_sangong_page_is_checked_only_when_asked(tmp_path):
    p = write(tmp_path, "sangong.txt", ["某局2024年“三公”经费预算公开", ""] + sample_lines()[371:385])
    assert run(p).exit_code == 2
    scoped = run(p, "--scope", "sangong")
    assert scoped.exit_code == 0
    assert {f["family"] for f in json.loads(scoped.output)["findings"]} == {"SANGONG"}


def test_an_unknown_scope_is_a_usage_error(tmp_path):
    result = run(write(tmp_path, "a.txt", sample_lines()), "--scope", "everything")
    assert result.exit_code == 2 and "--scope" in result.output


def _judged(report):
    return {(f.rule_id, f.subject, f.status) for f in report.findings}


@pytest.fixture(scope="module")
def whole(tmp_path_factory):
    p = tmp_path_factory.mktemp("whole") / "sample.txt"
    p.write_text(sample_text(), encoding="utf-8")
    return check_path(p, Settings())


def test_traditional_characters_are_converted_and_noted(tmp_path, whole):
    p = write(tmp_path, "fanti.txt", [opencc.OpenCC("s2t").convert(x) for x in sample_lines()])
    assert "預算" in p.read_text(encoding="utf-8")
    report = check_path(p, Settings())
    note = [f for f in report.findings if f.rule_id == "META-006" and "繁体" in (f.note or "")]
    assert note, "the conversion is said in the report"
    assert not any(c in f.note for f in report.findings for c in "預單萬"), "no note about the unconverted text"
    assert _judged(report) - {(f.rule_id, f.subject, f.status) for f in note} <= _judged(whole) | {
        (f.rule_id, f.subject, "pass") for f in note
    }
    assert report.summary.fail >= whole.summary.fail


def test_one_disclosure_in_two_files_gives_the_findings_of_the_whole(tmp_path, whole):
    lines = sample_lines()
    a = write(tmp_path, "附件1说明.txt", lines[:433])
    b = write(tmp_path, "附件2报表.txt", lines[433:])
    joined = check_path([a, b], Settings())
    assert _judged(joined) == _judged(whole)
    assert joined.template.name == "shanxi2024"
    # evidence names the file the line is in, and the line in that file
    t10 = next(f for f in joined.findings if f.rule_id == "SANGONG-001" or f.subject.startswith("表10"))
    assert all(e.path in (str(a), str(b)) for e in t10.evidence)
    late = [e for f in joined.findings for e in f.evidence if e.path == str(b)]
    assert late and all(e.cell and int(e.cell[1:]) <= len(lines) - 433 for e in late)


def test_the_cli_checks_several_files_as_one(tmp_path):
    lines = sample_lines()
    a = write(tmp_path, "shuoming.txt", lines[:433])
    b = write(tmp_path, "baobiao.txt", lines[433:])
    result = run(a, b)
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["document"]["path"] == f"{a} + {b}"
    missing = runner.invoke(app, ["check", str(a), str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2 and "nope.txt" in missing.output


def test_batch_pairs_files_by_name():
    files = [
        "d/13_beijing_sifaju-shuoming_2026.pdf",
        "d/14_beijing_sifaju-baobiao_2026.pdf",
        "d/other.pdf",
        "x/北京市某局附件2报表.pdf",
        "x/北京市某局附件1说明.pdf",
    ]
    assert pair_key(files[0]) == pair_key(files[1]) and pair_key(files[2]) is None
    assert group_parts(files) == [
        "d/13_beijing_sifaju-shuoming_2026.pdf + d/14_beijing_sifaju-baobiao_2026.pdf",
        "d/other.pdf",
        "x/北京市某局附件1说明.pdf + x/北京市某局附件2报表.pdf",
    ]


def test_batch_join_parts_checks_the_pair_as_one_document(tmp_path):
    lines = sample_lines()
    write(tmp_path, "某局附件1说明.txt", lines[:433])
    write(tmp_path, "某局附件2报表.txt", lines[433:])
    out = tmp_path / "out.jsonl"
    result = runner.invoke(
        app,
        [
            "batch",
            str(tmp_path),
            "--out",
            str(out),
            "--jobs",
            "1",
            "--no-progress",
            "--join-parts",
            "--fail-on",
            "never",
        ],
    )
    assert result.exit_code == 0, result.output
    records = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines() if x.strip()]
    records = [r for r in records if r.get("schema") == "gongkai.batch/1"]
    assert len(records) == 1 and " + " in records[0]["path"] and "附件1" in records[0]["path"].split(" + ")[0]
    assert records[0]["rulesets"][0] == "shanxi2024"


def test_the_explanation_without_its_tables_is_refused_unless_scoped(tmp_path):
    lines = sample_lines()
    p = write(tmp_path, "shuoming.txt", lines[:77] + lines[433:])
    result = run(p)
    assert result.exit_code == 2 and "--scope narrative" in result.output
    scoped = run(p, "--scope", "narrative")
    assert scoped.exit_code == 0
    families = {f["family"] for f in json.loads(scoped.output)["findings"]}
    assert "SECT" in families and not families & {"TBL", "SUM", "XTAB", "EMPTY"}
