"""The review app driven as a reviewer would, headless (run_test + Pilot), plus SVG snapshots of the main
screens at fixed sizes. Snapshots use a frozen report (tests/tui/fixtures) so new rules do not move them."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from textual.widgets import Input
from typer.testing import CliRunner

from gongkai.engine.pipeline.report import Report
from gongkai.tui.app import ReviewApp
from gongkai.tui.session import Session
from gongkai.tui.widgets import DocPane, FindingsTree, HelpScreen, Response
from tests.conftest import SAMPLE
from tests.tui.support import TODAY, doc_copy, fresh_session, sample_session  # noqa: F401 (fixtures)

FROZEN = Path(__file__).parent / "fixtures" / "frozen-report.json"


def frozen_app() -> ReviewApp:
    from gongkai.engine.pipeline.ingest import load

    report = Report.model_validate(json.loads(FROZEN.read_text(encoding="utf-8")))
    session = Session(SAMPLE, load(SAMPLE), today=TODAY, report=report)
    return ReviewApp(SAMPLE, session=session)


async def settle(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def ask(app, pilot, text: str) -> str:
    box = app.query_one("#ask", Input)
    box.focus()
    box.value = text  # CJK text: set the value, then press enter
    await pilot.press("enter")
    await settle(app, pilot)
    return app.query(Response).last().source


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


async def test_findings_load_in_a_worker_and_a_question_is_answered(doc_copy):
    app = ReviewApp(doc_copy, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.session is not None and app.ready_after is not None  # findings on screen (time not judged)
        tree = app.query_one("#findings", FindingsTree)
        assert tree.current() is not None and tree.current().status == "fail"  # first failure selected
        assert "✗" in str(tree.border_title)
        answer = await ask(app, pilot, "三公经费为什么通过了？")
        assert "| 380 | 因公出国（境）费 | 10.00" in answer and "| 385 | 合计 | 29.00" in answer
        doc = app.query_one("#doc", DocPane)
        assert "表10" in str(doc.border_title) and doc.line() is not None


async def test_what_if_shows_new_findings_at_once_and_undo(doc_copy):
    before = sha(doc_copy)
    app = ReviewApp(doc_copy, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        fails = app.session.report.summary.fail
        answer = await ask(app, pilot, "/set T10 公务接待费 合计 5.00")
        assert "新增不符合" in answer and "SUM-002" in answer and "表10 公务接待费" in answer
        assert app.session.report.summary.fail > fails
        assert f"✗{app.session.report.summary.fail}" in str(app.query_one("#findings").border_title)
        await pilot.press("escape", "u")  # undo from the keyboard
        await settle(app, pilot)
        assert "已撤销" in app.query(Response).last().source
        assert app.session.report.summary.fail == fails
    assert sha(doc_copy) == before


async def test_what_if_key_prefills_the_set_command_from_a_table_row(doc_copy):
    app = ReviewApp(doc_copy, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await ask(app, pilot, "显示表10")
        doc = app.query_one("#doc", DocPane)
        doc.focus()
        doc.highlighted = next(i for i, o in enumerate(doc.options) if o.id == "L381")
        await pilot.press("s")
        box = app.query_one("#ask", Input)
        assert box.value == "/set T10 公务接待费 合计 3.00" and box.has_focus


async def test_waive_key_and_command_persist_a_waiver_that_check_honours(doc_copy):
    from gongkai.cli.main import app as cli

    app = ReviewApp(doc_copy, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        tree = app.query_one("#findings", FindingsTree)
        target = next(f for f in tree.findings() if f.rule_id == "EMPTY-002")
        tree.goto(target)
        await pilot.pause()
        tree.focus()
        await pilot.press("w")
        box = app.query_one("#ask", Input)
        assert box.value == f"/waive EMPTY-002:{target.subject} "
        box.value += "本部门无政府性基金收入"
        await pilot.press("enter")
        await settle(app, pilot)
        assert "已豁免" in app.query(Response).last().source
        assert app.session.report.summary.waived == 1
    result = CliRunner().invoke(cli, ["check", str(doc_copy), "--format", "json"])
    report = json.loads(result.stdout)
    assert [(f["rule_id"], f["subject"]) for f in report["findings"] if f["waived"]] == [("EMPTY-002", target.subject)]


async def test_keys_help_next_failure_and_quit_leave_the_document_untouched(doc_copy):
    before = sha(doc_copy)
    app = ReviewApp(doc_copy, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        tree = app.query_one("#findings", FindingsTree)
        first = tree.current()
        await pilot.press("n")
        await pilot.pause()
        assert tree.current() is not first and tree.current().status == "fail"
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("z")  # the conversation full screen, escape restores
        await pilot.pause()
        assert app.screen.maximized is app.query_one("#chat")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.maximized is None
        tree.focus()
        await pilot.press("enter")  # explain the selected finding in the chat
        await settle(app, pilot)
        assert tree.current().rule_id in app.query(Response).last().source
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    assert sha(doc_copy) == before
    assert not (doc_copy.parent / (doc_copy.name + ".gongkai-waivers.json")).exists()


def test_review_command_rejects_bad_input_without_starting_the_ui(tmp_path):
    from gongkai.cli.main import app as cli

    result = CliRunner().invoke(cli, ["review", str(tmp_path / "missing.txt")])
    assert result.exit_code != 0
    result = CliRunner().invoke(cli, ["review", str(SAMPLE), "--ruleset", "nope"])
    assert result.exit_code != 0


def test_check_does_not_import_textual():
    import subprocess
    import sys

    code = (
        "import sys, cli.main as m; from typer.testing import CliRunner; "
        f"CliRunner().invoke(m.app, ['check', {str(SAMPLE)!r}]); print('textual' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- snapshots (review the SVG before accepting with --snapshot-update) ---------------------------
def test_snapshot_main_80x24(snap_compare):
    assert snap_compare(frozen_app(), terminal_size=(80, 24), run_before=settle_only)


def test_snapshot_answer_100x30(snap_compare):
    async def run_before(pilot):
        await ask(pilot.app, pilot, "三公经费为什么通过了？")
        await pilot.press("escape")  # focus back on the tree: no blinking cursor
        for _ in range(3):  # the answer's Markdown lays out, then it is scrolled to
            await pilot.pause()
        # under load the welcome text may finish its layout after the scroll: scroll once more, settled
        last = pilot.app.query(Response).last()
        pilot.app.query_one("#chat").scroll_to_widget(last.prompt, top=True, animate=False)
        for _ in range(2):
            await pilot.pause()

    assert snap_compare(frozen_app(), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_help_80x24(snap_compare):
    assert snap_compare(frozen_app(), terminal_size=(80, 24), press=["question_mark"])


async def settle_only(pilot) -> None:
    await settle(pilot.app, pilot)
