"""The review session without a screen: what-if on a copy, undo, waivers through engine/workflow/waivers.py, export."""

from __future__ import annotations

import hashlib
import json

import pytest
from typer.testing import CliRunner

from gongkai.tui import commands
from gongkai.tui.session import SessionError, diff
from tests.tui.support import doc_copy, fresh_session, sample_session  # noqa: F401 (fixtures)


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_what_if_changes_a_copy_reruns_and_undo_restores(fresh_session, doc_copy):
    s = fresh_session
    before = sha(doc_copy)
    base = s.report.model_copy(deep=True)
    edit, change = s.set_value("T10", "公务接待费", "合计", "5.00")
    assert (edit.table, edit.row, edit.column, str(edit.old), str(edit.new), edit.line) == (
        "T10",
        "公务接待费",
        "合计",
        "3.00",
        "5.00",
        381,
    )
    new_fail_keys = {(f.rule_id, f.subject) for f in change.new_fails}
    assert ("SUM-002", "表10 公务接待费 合计=各栏之和") in new_fail_keys  # 合计 5.00 ≠ 3.00 + blanks
    assert all(f.status == "fail" for f in change.new_fails)
    assert change.new_fails == diff(base, s.report).new_fails
    assert s.original.table("T10").rows[1].values["合计"] == 3  # the document as read is untouched
    assert "\t5.00\t" in s.doc.line_text(381) and "\t3.00\t" in s.original.line_text(381)
    undone, back = s.undo()
    assert undone == edit
    assert {(f.rule_id, f.subject) for f in back.new_passes} >= new_fail_keys
    assert [(f.rule_id, f.subject, f.status) for f in s.report.findings] == [
        (f.rule_id, f.subject, f.status) for f in base.findings
    ]
    assert s.undo() is None
    assert sha(doc_copy) == before


@pytest.mark.parametrize(
    "args, message",
    [
        (("T99", "公务接待费", "合计", "1"), "没有这张表"),
        (("T10", "不存在的行", "合计", "1"), "没有行"),
        (("T10", "公务接待费", "不存在的栏", "1"), "没有金额栏"),
        (("T10", "公务接待费", "合计", "abc"), "不是金额"),
    ],
)
def test_what_if_errors_are_plain_messages(sample_session, args, message):
    with pytest.raises(SessionError, match=message):
        sample_session.set_value(*args)


def test_set_command_defaults_the_column_and_reads_loose_labels(fresh_session):
    reply = commands.run("/set 表10 ②公务用车运行维护费 20", fresh_session)
    assert reply.changed and "T10 公务用车运行维护费 合计: 16.00 → 20" in reply.text
    assert "新增不符合" in reply.text
    assert "已撤销" in commands.run("/undo", fresh_session).text
    assert "没有可撤销" in commands.run("/undo", fresh_session).text


def test_bad_commands_answer_with_usage(sample_session):
    assert "用法" in commands.run("/set T10", sample_session).text
    assert "没有命令" in commands.run("/frobnicate", sample_session).text


def test_waiver_is_written_applied_and_honoured_by_check(fresh_session, doc_copy):
    from gongkai.cli.main import app

    failing = next(f for f in fresh_session.report.findings if f.status == "fail" and f.rule_id == "EMPTY-002")
    reply = commands.run(f"/waive EMPTY-002:{failing.subject} 本部门无政府性基金收入", fresh_session)
    assert "已豁免" in reply.text and reply.changed
    stored = json.loads((doc_copy.parent / (doc_copy.name + ".gongkai-waivers.json")).read_text(encoding="utf-8"))
    assert stored["waivers"][0] | {"created": None, "by": None} == {
        "rule_id": "EMPTY-002",
        "subject": failing.subject,
        "reason": "本部门无政府性基金收入",
        "created": None,
        "by": None,
    }
    mine = next(f for f in fresh_session.report.findings if (f.rule_id, f.subject) == ("EMPTY-002", failing.subject))
    assert mine.waived and mine.waiver_reason == "本部门无政府性基金收入"
    result = CliRunner().invoke(app, ["check", str(doc_copy), "--format", "json"])
    report = json.loads(result.stdout)
    waived = [f for f in report["findings"] if f["waived"]]
    assert [(f["rule_id"], f["subject"]) for f in waived] == [("EMPTY-002", failing.subject)]
    assert report["summary"]["waived"] == fresh_session.report.summary.waived == 1


def test_waive_subject_parsing_and_refusals(fresh_session):
    assert commands.split_subject("表7 空表原因 理由在此", ["表7 空表原因", "表7"]) == ("表7 空表原因", "理由在此")
    assert commands.split_subject("“表7 空表原因” 理由", []) == ("表7 空表原因", "理由")
    assert (
        "需要理由" in commands.run("/waive EMPTY-002", fresh_session).text
        or "a waiver needs a reason" in commands.run("/waive EMPTY-002", fresh_session).text
    )
    assert "没有对象" in commands.run("/waive EMPTY-002:表99 空表原因 理由", fresh_session).text


def test_export_json_and_markdown(fresh_session, tmp_path, doc_copy):
    out_json = fresh_session.export(str(tmp_path / "r.json"))
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert data["schema"] == "gongkai.report/1" and data["summary"]["fail"] == fresh_session.report.summary.fail
    fresh_session.set_value("T10", "公务接待费", "合计", "5.00")
    md = fresh_session.export(str(tmp_path / "r.md")).read_text(encoding="utf-8")
    assert "what-if edits in effect" in md and "T10 公务接待费 合计: 3.00 → 5.00" in md
    with pytest.raises(SessionError):
        fresh_session.export(str(doc_copy))
    with pytest.raises(SessionError):
        fresh_session.export(str(tmp_path / "r.txt"))


def test_the_session_sees_what_check_sees(fresh_session, doc_copy):
    """Same settings, same pipeline: the review never disagrees with `gongkai check`."""
    from gongkai.engine.workflow.config import settings_for
    from gongkai.engine.workflow.run import check_path
    from tests.tui.support import TODAY

    commands.run("/waive EMPTY-002 已说明", fresh_session)
    fresh = type(fresh_session).open(doc_copy, today=TODAY)
    expected = check_path(doc_copy, settings_for(doc_copy), today=TODAY)
    key = lambda r: [(f.rule_id, f.subject, f.status, f.waived) for f in r.findings]  # noqa: E731
    assert key(fresh.report) == key(expected) == key(fresh_session.report)
