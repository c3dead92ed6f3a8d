"""SANGONG on the sample (line 482: every item 与上年预算数相同 → no reason needed) and on single edits."""

from __future__ import annotations

import pytest
from conftest import check_text, drop_lines, edit, failing, sample_text

ITEMS = [
    "三公经费 合计",
    "三公经费 因公出国（境）费",
    "三公经费 公务接待费",
    "三公经费 公务用车购置费",
    "三公经费 公务用车运行维护费",
]


def by(report, rule_id):
    return {f.subject: f for f in report.findings if f.rule_id == rule_id}


def lines(finding):
    return [e.line for e in finding.evidence]


def test_sample_table_and_amounts(sample_report):
    assert by(sample_report, "SANGONG-001")["表10 “三公”经费分项"].status == "pass"
    amounts = by(sample_report, "SANGONG-002")
    assert sorted(amounts) == sorted(ITEMS) and {f.status for f in amounts.values()} == {"pass"}
    f = amounts["三公经费 公务接待费"]
    assert (f.expected, f.actual, lines(f)) == ("3.00万元", "3.00万元", [482, 381])
    assert lines(amounts["三公经费 公务用车购置费"]) == [482, 383]  # blank cell = 0, stated 0万元


def test_sample_items_unchanged_need_no_reason(sample_report):
    compared = by(sample_report, "SANGONG-003")
    assert {s: (f.status, f.actual) for s, f in compared.items()} == {s: ("pass", "持平") for s in ITEMS}
    reasons = by(sample_report, "SANGONG-004")
    assert {f.status for f in reasons.values()} == {"not_applicable"} and len(reasons) == 5
    assert all("无需说明" in f.note and lines(f) == [482] for f in reasons.values())
    assert by(sample_report, "SANGONG-005")["名词解释 “三公”经费"].status == "pass"


def test_narrative_amount_differs_from_table(sample_report):
    report = check_text(edit(sample_text(), 482, "公务接待费3.00万元", "公务接待费4.00万元"))
    assert failing(report) - failing(sample_report) == {("SANGONG-002", "三公经费 公务接待费")}
    f = by(report, "SANGONG-002")["三公经费 公务接待费"]
    assert (f.expected, f.actual, lines(f)) == ("3.00万元", "4.00万元", [482, 381])


def test_item_without_comparison(sample_report):
    report = check_text(edit(sample_text(), 482, "公务接待费3.00万元，与上年预算数相同；", "公务接待费3.00万元；"))
    assert failing(report) - failing(sample_report) == {("SANGONG-003", "三公经费 公务接待费")}
    assert by(report, "SANGONG-004")["三公经费 公务接待费"].status == "not_applicable"


def test_changed_item_needs_a_reason(sample_report):
    changed = edit(sample_text(), 482, "公务接待费3.00万元，与上年预算数相同", "公务接待费3.00万元，比上年减少1.00万元")
    report = check_text(changed)
    assert failing(report) - failing(sample_report) == {("SANGONG-004", "三公经费 公务接待费")}
    f = by(report, "SANGONG-004")["三公经费 公务接待费"]
    assert "减少1.00万元" in f.note and "公务接待费3.00万元，比上年减少1.00万元" in f.note and lines(f) == [482]
    assert by(report, "SANGONG-003")["三公经费 公务接待费"].actual == "减少1.00万元"
    explained = check_text(edit(changed, 482, "比上年减少1.00万元", "比上年减少1.00万元，主要原因是压减接待标准"))
    assert by(explained, "SANGONG-004")["三公经费 公务接待费"].status == "pass"


def test_direction_without_amount_fails_the_comparison(sample_report):
    report = check_text(
        edit(sample_text(), 482, "公务接待费3.00万元，与上年预算数相同", "公务接待费3.00万元，比上年有所减少")
    )
    assert ("SANGONG-003", "三公经费 公务接待费") in failing(report)


def test_synonym_still_matches_the_table(sample_report):
    report = check_text(edit(sample_text(), 482, "因公出国（境）费10.00万元", "因公出国(境)经费10.00万元"))
    assert by(report, "SANGONG-002")["三公经费 因公出国（境）费"].status == "pass"
    assert not failing(report) - failing(sample_report)


def test_table_split_and_definition(sample_report):
    report = check_text(drop_lines(sample_text(), 383, 383))
    assert by(report, "SANGONG-001")["表10 “三公”经费分项"].status == "fail"
    definition = sample_text().split("\n")[942]
    report = check_text(
        edit(
            sample_text(),
            943,
            definition,
            "三、“三公”经费：指用财政拨款安排的因公出国（境）费用、公务用车购置及运行费。",
        )
    )
    f = by(report, "SANGONG-005")["名词解释 “三公”经费"]
    assert f.status == "fail" and "公务接待费" in f.actual and lines(f) == [943]


@pytest.mark.parametrize("packs", [["mof2016"], ["shanxi2024"]])
def test_both_packs_carry_the_family(packs):
    report = check_text(sample_text(), packs=packs)
    assert {f.rule_id for f in report.findings if f.family == "SANGONG"} == {f"SANGONG-00{i}" for i in range(1, 6)}


def test_an_item_not_compared_is_a_warning_when_the_total_is_compared(sample_report):
    """The 标准目录 asks for the change of the 三公 经费 to be explained: with the total compared, an item left
    without its own comparison is a shortfall of detail (warning); with the total not compared either, an error."""
    item = edit(sample_text(), 482, "公务接待费3.00万元，与上年预算数相同；", "公务接待费3.00万元；")
    f = by(check_text(item), "SANGONG-003")["三公经费 公务接待费"]
    assert (f.status, f.severity) == ("fail", "warning") and "合计已" in f.note
    neither = edit(item, 482, "29.00万元与2023年预算数相同。", "29.00万元。")
    f = by(check_text(neither), "SANGONG-003")["三公经费 公务接待费"]
    assert (f.status, f.severity) == ("fail", "error")
