"""Issue #12: the review session answers like a colleague. Each intent is driven through the app (Pilot) and
the answer must be on screen after it: scrolled into view, not only appended below the fold."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from gongkai.tui.app import ReviewApp
from gongkai.tui.widgets import Chat, DetailStrip, FindingsTree, Response
from tests.conftest import SAMPLE
from tests.tui.support import TODAY, doc_copy, fresh_session, sample_session  # noqa: F401 (fixtures)
from tests.tui.test_app import ask, settle


def on_screen(app, widget) -> bool:
    """Is the top of `widget` inside the visible part of the conversation?"""
    chat = app.query_one("#chat", Chat)
    try:
        region = app.screen.find_widget(widget).region
    except Exception:  # noqa: BLE001 - NoWidget: not on screen at all
        return False
    view = chat.content_region
    return region.height > 0 and view.y <= region.y < view.bottom


INTENTS = [
    # (question, words the answer must contain)
    ("这份公开合格吗", ["结论：不合格", "错误 7 · 警告 27 · 提示 12", "PERF-001"]),
    ("does it pass", ["Verdict: FAIL", "error 7"]),
    ("先改什么", ["先改这些", "1. **PERF-001**", "68,627.30万元"]),
    ("what should I fix first", ["Fix these first", "68,627.30万元 at stake"]),
    ("总结", ["结论：不合格", "| TBL |"]),
    ("概括一下", ["结论：不合格"]),
    ("summarize", ["Verdict: FAIL", "| family |"]),
    ("IND 类有什么问题", ["IND 绩效指标", "IND-005"]),
    ("表3 有问题吗", ["表3", "PERF-001"]),
    ("explain IND-005", ["IND-005", "满意度"]),
    ("公务接待费是多少", ["**公务接待费**：合计 3.00万元", "表10，第381行"]),
    ("机关运行经费增加了吗", ["不对：机关运行经费 比上年减少0.72万元", "不是增加"]),
    ("blorp zork", ["I did not understand that", "You can ask"]),
]


@pytest.mark.parametrize("question, words", INTENTS, ids=[q for q, _ in INTENTS])
async def test_each_intent_is_answered_on_screen(question, words):
    app = ReviewApp(SAMPLE, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        for _ in range(3):  # a long conversation first: answers pile up
            await ask(app, pilot, "总结")
        answer = await ask(app, pilot, question)
        for w in words:
            assert w in answer, (question, w, answer[:400])
        last = app.query(Response).last()
        assert on_screen(app, last.prompt), question
        first_summary = app.query(Response)[1]  # the welcome is [0]; early answers scrolled away
        assert not on_screen(app, first_summary.prompt)


async def test_the_figure_comes_first():
    app = ReviewApp(SAMPLE, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        answer = await ask(app, pilot, "公务接待费是多少")
        assert answer.startswith("**公务接待费**：合计 3.00万元")


async def test_enter_on_a_finding_scrolls_its_explanation_into_view_and_the_strip_shows_it():
    app = ReviewApp(SAMPLE, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        for _ in range(3):
            await ask(app, pilot, "总结")
        tree = app.query_one("#findings", FindingsTree)
        tree.focus()
        await pilot.pause()
        f = tree.current()
        strip = app.query_one("#detail", DetailStrip)
        assert f.rule_id in strip.source and "应为" in strip.source and "整改" in strip.source
        await pilot.press("enter")
        await settle(app, pilot)
        last = app.query(Response).last()
        assert f.rule_id in last.source and on_screen(app, last.prompt)
        await pilot.press("n")  # another finding: the strip follows
        await pilot.pause()
        assert tree.current().subject in strip.source
        tree.focus()
        await pilot.press("e")
        await settle(app, pilot)
        assert tree.current().rule_id in app.query(Response).last().source
        assert on_screen(app, app.query(Response).last().prompt)


async def test_typing_on_the_findings_tree_starts_a_question():
    app = ReviewApp(SAMPLE, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        tree = app.query_one("#findings", FindingsTree)
        tree.focus()
        await pilot.press("d")  # not a command key
        box = app.query_one("#ask", Input)
        assert box.has_focus and box.value == "d"
        await pilot.press("o", "e", "s", "space", "i", "t", "space", "p", "a", "s", "s", "enter")
        await settle(app, pilot)
        assert "Verdict: FAIL" in app.query(Response).last().source
        tree.focus()
        await pilot.press("n")  # command keys keep their meaning
        await pilot.pause()
        assert tree.has_focus and box.value == ""


def test_waive_records_expiry_who_and_when(fresh_session, doc_copy):
    import json

    from gongkai.tui import commands
    from gongkai.tui.session import os_user

    reply = commands.run("/waive EMPTY-002:表7 空表原因 --until 2025-12-31 本部门无政府性基金收入", fresh_session)
    assert "有效期至 2025-12-31" in reply.text and os_user() in reply.text
    stored = json.loads((doc_copy.parent / (doc_copy.name + ".gongkai-waivers.json")).read_text(encoding="utf-8"))
    w = stored["waivers"][0]
    assert (w["subject"], w["reason"], w["expires"], w["created"], w["by"]) == (
        "表7 空表原因",
        "本部门无政府性基金收入",
        "2025-12-31",
        TODAY.isoformat(),
        os_user(),
    )
    past = commands.run("/waive EMPTY-002:表8 空表原因 --until 2020-01-01 过期", fresh_session)
    assert "有效期已过" in past.text


async def test_export_also_writes_the_conversation(doc_copy, tmp_path):
    app = ReviewApp(doc_copy, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await ask(app, pilot, "这份公开合格吗")
        answer = await ask(app, pilot, f"/export {tmp_path / 'out' / 'review.md'}")
        assert "对话记录" in answer
    talk = (tmp_path / "out" / "review.conversation.md").read_text(encoding="utf-8")
    assert "## **问** 这份公开合格吗" in talk and "结论：不合格" in talk
    assert (tmp_path / "out" / "review.md").exists()


def test_review_takes_lang_select_ignore_and_rejects_unreadable_input(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from gongkai.cli.main import app as cli

    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02 not a disclosure")
    check = CliRunner().invoke(cli, ["check", str(bad)])
    review = CliRunner().invoke(cli, ["review", str(bad)])
    assert review.exit_code == check.exit_code == 2
    assert review.stderr.strip() == check.stderr.strip() and len(review.stderr.strip().splitlines()) == 1
    seen = {}

    def fake_run(self):
        seen.update(lang=self.lang, select=self.settings.select, ignore=self.settings.ignore)

    monkeypatch.setattr(ReviewApp, "run", fake_run)
    ok = CliRunner().invoke(cli, ["review", str(SAMPLE), "--lang", "en", "--select", "IND", "--ignore", "IND-009"])
    assert ok.exit_code == 0, ok.output
    assert seen == {"lang": "en", "select": ["IND"], "ignore": ["IND-009"]}
