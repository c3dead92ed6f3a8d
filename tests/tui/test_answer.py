"""The grounded answerer: questions in Chinese and English, answered from the findings, rules and lines.

Assertions check facts that come from the document or the report (table figures, line numbers, rule ids),
so they hold whatever rules colleagues add; no answer text is hard-coded."""

from __future__ import annotations

import re

import pytest

from gongkai.tui.answer import Answerer, GroundedAnswerer, lines_text, parse, st, terms
from tests.tui.support import sample_session  # noqa: F401 (fixtures)

A = GroundedAnswerer()


def ask(session, question):
    return A.reply(question, session)


def failing(session):
    return [f for f in session.report.findings if st(f) in ("fail", "error")]


def test_is_an_answerer_and_deterministic(sample_session):
    answerer: Answerer = A  # the Protocol an external model would implement
    first = answerer.answer("三公经费为什么通过了？", sample_session)
    assert isinstance(first, str)
    assert answerer.answer("三公经费为什么通过了？", sample_session) == first


def test_sangong_cites_the_table_figures_and_lines(sample_session):
    r = ask(sample_session, "三公经费为什么通过了？")
    t10 = sample_session.doc.table("T10")
    for row in t10.rows:  # 表10 lines 380–385, each with its figure
        assert f"| {row.line} |" in r.text
    assert "| 380 | 因公出国（境）费 | 10.00" in r.text
    assert "29.00" in r.text
    assert r.table == "T10"
    assert {380, 385} <= set(r.lines)
    assert "依据" in r.text or "整改" in r.text  # the legal basis (passes) or the remedy (failures)


def test_sangong_in_english(sample_session):
    r = ask(sample_session, "why did sangong pass?")
    assert "Table 10" in r.text and "| 381 | 公务接待费 | 3.00" in r.text


def test_table_question_reports_that_tables_checks(sample_session):
    r = ask(sample_session, "表3 有问题吗")
    t3 = sample_session.doc.table("T03")
    assert f"表3 {t3.title}（第{t3.start_line}–{t3.end_line}行）" in r.text
    bad = [f for f in failing(sample_session) if any(e.table == "T03" for e in f.evidence)]
    assert ("没有发现问题" in r.text) == (not bad)


def test_table_question_in_english(sample_session):
    r = ask(sample_session, "is table 3 ok")
    assert r.table == "T03" and "Table 3" in r.text


def test_show_table(sample_session):
    for q in ("显示表10", "show table 10", "查看 T10", "显示表十"):
        r = ask(sample_session, q)
        assert r.table == "T10", q
        assert "| 381 |" in r.text and "公务接待费" in r.text, q


def test_serious_problems_list_exactly_the_error_failures(sample_session):
    r = ask(sample_session, "哪些是严重问题")
    errors = [f for f in failing(sample_session) if f.severity == "error"]
    if errors:
        assert f"严重（error 级）问题：{len(errors)} 项" in r.text
        assert all(f.rule_id in r.text for f in errors)
    else:
        assert "没有严重" in r.text


def test_serious_problems_in_english(sample_session):
    r = ask(sample_session, "which problems are serious?")
    errors = [f for f in failing(sample_session) if f.severity == "error"]
    assert (f"Serious (error) problems: {len(errors)}" in r.text) if errors else ("No serious" in r.text)


def test_explain_a_rule_gives_the_catalog_text(sample_session):
    from gongkai.engine.pipeline.catalog import find

    r = ask(sample_session, "解释 IND-005")
    entry = find("IND-005")
    assert "IND-005" in r.text and entry.title_zh in r.text
    assert entry.basis.split()[0] in r.text


def test_why_did_a_rule_fail_is_answered_truthfully(sample_session):
    r = ask(sample_session, "why did JGYX-004 fail")
    fs = [f for f in sample_session.report.findings if f.rule_id == "JGYX-004"]
    assert "JGYX-004" in r.text
    if not fs:
        assert "no result for JGYX-004" in r.text
    elif not any(st(f) == "fail" for f in fs):
        assert "did not fail" in r.text
    else:
        assert "expected" in r.text


def test_rule_answer_cites_expected_actual_lines_and_remedy(sample_session):
    f = failing(sample_session)[0]
    r = ask(sample_session, f"{f.rule_id} 为什么不符合")
    assert f"**✗ {f.rule_id}" in r.text
    if f.expected:
        assert f"应为：{f.expected}" in r.text
    line = next(e.line for e in f.evidence if e.line)
    assert f"第{line}行" in r.text
    assert f"依据：{f.basis}" in r.text and f"整改：{f.remedy}" in r.text


def test_rule_id_is_read_loosely(sample_session):
    assert parse("sum 6").rule_ids == ["SUM-006"]
    assert parse("SANGNOG-004").rule_ids == ["SANGONG-004"]
    r = ask(sample_session, "SANGNOG-004")
    assert "理解为 SANGONG-004" in r.text or "as SANGONG-004" in r.text


def test_what_failed_lists_every_failure(sample_session):
    r = ask(sample_session, "what failed?")
    assert all(f.rule_id in r.text for f in failing(sample_session))


def test_summary_counts_match_the_report(sample_session):
    r = ask(sample_session, "总体情况")
    s = sample_session.report.summary
    assert f"✗ 不符合 {s.fail}" in r.text and f"✓ 符合 {s.pass_}" in r.text


def test_running_costs_in_both_languages(sample_session):
    t11 = sample_session.doc.table("T11")
    total = str(t11.rows[0].values["合计"])
    for q in ("机关运行经费", "running costs"):
        r = ask(sample_session, q)
        assert r.table == "T11" and total in r.text, q


def test_whole_department_target_uses_whatever_findings_exist(sample_session):
    """No hard-coded topic: the answer is whatever PERF/IND findings mention 整体绩效目标, plus the
    document's own sentence on line 500."""
    r = ask(sample_session, "整体绩效目标有什么问题")
    perf = [f for f in failing(sample_session) if "整体绩效目标" in (f.title + f.subject)]
    for f in perf[:3]:
        assert f.rule_id in r.text
        if f.actual:
            assert f.actual in r.text
    assert "第500行" in r.text


def test_help_and_unknown_questions(sample_session):
    assert "可以这样问" in ask(sample_session, "你能做什么").text
    assert "You can ask" in ask(sample_session, "help").text
    r = ask(sample_session, "今天天气怎么样")
    assert r.text.startswith("没看懂") and "/set" in r.text
    assert ask(sample_session, "").text.startswith("**可以这样问")


@pytest.mark.parametrize(
    "question, tables",
    [("表3 有问题吗", ["T03"]), ("T10", ["T10"]), ("table 4", ["T04"]), ("第十二张表", ["T12"]), ("SUM-002", [])],
)
def test_table_references(question, tables):
    assert parse(question).tables == tables


def test_terms_strip_question_words():
    assert terms("三公经费为什么通过了？")[0] == ["三公", "公经", "经费"]
    assert terms("为什么")[0] == []
    assert "三公" in terms("why did sangong pass")[0]


def test_lines_text():
    assert lines_text([385, 380, 381, 382], "zh") == "第380–382、385行"
    assert lines_text([7], "en") == "line 7"
    assert lines_text([], "zh") == ""


def test_every_answer_cites_only_lines_of_the_document(sample_session):
    n = len(sample_session.doc.lines)
    for q in ("三公经费为什么通过了？", "表3 有问题吗", "哪些是严重问题", "空表说明", "what failed?"):
        text = ask(sample_session, q).text
        for m in re.finditer(r"第(\d+)(?:–(\d+))?[、行]", text):
            assert 1 <= int(m.group(1)) <= n
