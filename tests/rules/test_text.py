"""TEXT on the sample: every narrative figure, share and change is judged with both lines as evidence; single
edits of the sample make exactly the right TEXT finding fail."""

from __future__ import annotations

import pytest
from conftest import check_text, edit, failing, sample_text


def by(report, rule_id):
    return {f.subject: f for f in report.findings if f.rule_id == rule_id}


def lines(finding):
    return [e.line for e in finding.evidence]


def new_failures(report, base):
    return failing(report) - failing(base)


def test_amounts_match_the_tables_with_both_lines(sample_report):
    found = by(sample_report, "TEXT-001")
    assert all(f.status == "pass" for f in found.values()) and len(found) >= 30
    f = found["说明 一般公共预算拨款收入"]
    assert (f.expected, f.actual, lines(f)) == ("3,803.71万元", "3,803.71万元", [442, 90])
    assert lines(found["说明 财政拨款支出 资源勘探工业信息等支出"]) == [454, 217]  # the figure sits on line 454
    assert lines(found["说明 一般公共预算支出 社会保障和就业支出"]) == [465, 250]
    assert lines(found["说明 人员经费"]) == [476, 284]


@pytest.mark.parametrize(
    "subject,share,lines_",
    [  # (narrative line, part's table line, total's table line)
        ("说明 一般公共预算拨款收入 占比", "75.59%", [442, 90, 123]),
        ("说明 单位资金收入 占比", "24.41%", [442, 94, 123]),
        ("说明 政府性基金预算拨款收入 占比", "0.00%", [442, 91, 123]),
        ("说明 基本支出 占比", "48.41%", [448, 169, 123]),
        ("说明 项目支出 占比", "51.59%", [448, 169, 123]),
        ("说明 一般公共预算支出 社会保障和就业支出 占比", "9.72%", [465, 250, 249]),  # 9.72498 → 9.72
        ("说明 一般公共预算支出 卫生健康支出 占比", "2.55%", [465, 256, 249]),
        ("说明 一般公共预算支出 资源勘探工业信息等支出 占比", "87.72%", [465, 263, 249]),
    ],
)
def test_sample_shares_recompute_half_up_from_the_tables(sample_report, subject, share, lines_):
    f = by(sample_report, "TEXT-002")[subject]
    assert (f.status, f.expected, f.actual, lines(f)) == ("pass", share, share, lines_)
    assert "报表数" in f.note


def test_a_share_without_a_table_uses_the_stated_amounts():
    report = check_text(
        "第三部分 2024年度部门预算情况说明\n\n三、支出预算情况说明\n\n"
        "2024年度某局支出预算200.00万元，其中：基本支出50.00万元，占30.00%。\n"
    )
    f = by(report, "TEXT-002")["说明 基本支出 占比"]
    assert (f.status, f.expected, lines(f)) == ("fail", "25.00%", [5, 5]) and "说明所列金额" in f.note


def test_change_rates_are_consistent_on_the_sample(sample_report):
    found = by(sample_report, "TEXT-003")
    assert {s: f.status for s, f in found.items()} == {
        "说明 预算收入总计（部门预算收支数据变动情况及原因） 增减率": "pass",
        "说明 预算支出总计（部门预算收支数据变动情况及原因） 增减率": "pass",
        "说明 一般公共预算当年支出（一般公共预算当年支出规模变化情况） 增减率": "pass",
        "说明 机关运行经费 增减率": "pass",
    }
    assert "4,039.65" in found["说明 一般公共预算当年支出（一般公共预算当年支出规模变化情况） 增减率"].note


def test_the_unexplained_decrease_of_line_461_is_reported(sample_report):
    found = by(sample_report, "TEXT-004")
    f = found["说明 一般公共预算当年支出"]
    assert f.status == "fail" and lines(f) == [461]
    assert "减少235.94万元（5.84%）" in f.note and "比上年减少235.94万元" in f.note  # item, change, quoted text
    assert found["说明 预算收入总计"].status == "pass" and found["说明 预算支出总计"].status == "pass"
    assert found["说明 财政拨款收支总预算"].status == "pass"  # 因“过紧日子”要求 … 明显减少


def test_composition_and_detail_on_the_sample(sample_report):
    assert {f.status for f in by(sample_report, "TEXT-006").values()} == {"pass"}
    f = by(sample_report, "TEXT-005")["说明 一般公共预算具体使用情况"]
    assert (f.status, f.severity) == ("fail", "info") and lines(f) == [465, 465, 465]


EDITS = [
    (
        "TEXT-001 amount",
        452,
        "当年拨款收入3,803.71万元",
        "当年拨款收入3,830.71万元",
        {("TEXT-001", "说明 当年财政拨款收入")},
    ),
    ("TEXT-002 share", 448, "占48.41%", "占48.14%", {("TEXT-002", "说明 基本支出 占比")}),
    (
        "TEXT-003 rate",
        461,
        "下降5.84%",
        "下降5.48%",
        {("TEXT-003", "说明 一般公共预算当年支出（一般公共预算当年支出规模变化情况） 增减率")},
    ),
    (
        "TEXT-004 reason removed",
        438,
        "，主要原因是按照财政预算管理的统一部署，2024年将公益二类事业单位纳入预算管理，导致当年收入增加；",
        "；",
        {("TEXT-004", "说明 预算收入总计")},
    ),
    ("TEXT-006 item not in 公用经费", 478, "印刷费、", "印刷费、基本工资、", {("TEXT-006", "说明 公用经费构成")}),
]


@pytest.mark.parametrize("line,old,new,expected", [e[1:] for e in EDITS], ids=[e[0] for e in EDITS])
def test_single_edit_fails_exactly_the_right_finding(sample_report, line, old, new, expected):
    report = check_text(edit(sample_text(), line, old, new))
    assert new_failures(report, sample_report) == expected
    for rule_id, subject in expected:
        f = by(report, rule_id)[subject]
        assert line in lines(f)


def test_amount_mismatch_names_both_figures_and_lines(sample_report):
    report = check_text(edit(sample_text(), 452, "当年拨款收入3,803.71万元", "当年拨款收入3,830.71万元"))
    f = by(report, "TEXT-001")["说明 当年财政拨款收入"]
    assert (f.expected, f.actual, lines(f)) == ("3,803.71万元", "3,830.71万元", [452, 234])
    assert "第452行" in f.note and "第234行" in f.note and "27.00万元" in f.note


def test_personnel_plus_public_must_make_basic(sample_report):
    report = check_text(edit(sample_text(), 476, "1,316.56", "1,361.56"))
    assert new_failures(report, sample_report) == {
        ("TEXT-001", "说明 人员经费"),
        ("TEXT-006", "说明 基本支出=人员经费+公用经费"),
    }


def test_a_stated_reason_and_an_item_level_explanation_pass(sample_report):
    text = edit(sample_text(), 461, "下降5.84%。", "下降5.84%，主要原因是压减一般性支出。")
    text = edit(text, 465, "主要用于以下方面：", "主要用于以下方面：行政运行（项）支出1,035.81万元，用于机关正常运转；")
    report = check_text(text)
    assert not new_failures(report, sample_report)
    assert by(report, "TEXT-004")["说明 一般公共预算当年支出"].status == "pass"
    assert by(report, "TEXT-005")["说明 一般公共预算具体使用情况"].status == "pass"
    assert lines(by(report, "TEXT-001")["说明 一般公共预算支出 行政运行"]) == [465, 265]


T5_TWO_XIANG = """2024年一般公共预算支出预算表（不含上年结转）
部门名称：某局
单位：万元
科目编码\t科目名称\t合计\t基本支出\t项目支出
合计\t\t3.00\t3.00\t
201\t一般公共服务支出\t3.00\t3.00\t
20101\t人大事务\t1.00\t1.00\t
2010101\t行政运行\t1.00\t1.00\t
20103\t政府办公厅（室）及相关机构事务\t2.00\t2.00\t
2010301\t行政运行\t2.00\t2.00\t

第三部分 2024年度部门预算情况说明

五、一般公共预算支出情况说明

1.一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）2.00万元，与上年持平。
"""


def test_a_repeated_xiang_name_is_resolved_by_its_kuan():
    f = by(check_text(T5_TWO_XIANG), "TEXT-001")["说明 一般公共预算支出 行政运行"]
    assert (f.status, lines(f)) == ("pass", [16, 10])  # 2010301, not the first 行政运行 (2010101)


def test_a_share_written_with_one_decimal_is_judged_at_that_precision():
    """369.91 ÷ 3,803.71 = 9.72%: "9.7%" rounds the same (a pass with a note), "9.6%" does not."""

    def share(text):
        report = check_text(text)
        return next(
            f
            for f in report.findings
            if f.rule_id == "TEXT-002" and 465 in [e.line for e in f.evidence] and "社会保障" in f.subject
        )

    coarse = share(edit(sample_text(), 465, "占9.72%", "占9.7%"))
    assert coarse.status == "pass" and "一位小数" in coarse.note and coarse.actual == "9.70%"
    wrong = share(edit(sample_text(), 465, "占9.72%", "占9.6%"))
    assert wrong.status == "fail"


def test_a_change_rate_written_with_one_decimal_is_judged_at_that_precision():
    """235.94 ÷ (3,803.71 + 235.94) = 5.84%: "下降5.8%" rounds the same (pass), "下降5.9%" does not."""

    def rate(text):
        return next(
            f for f in check_text(text).findings if f.rule_id == "TEXT-003" and 461 in [e.line for e in f.evidence]
        )

    assert rate(edit(sample_text(), 461, "下降5.84%", "下降5.8%")).status == "pass"
    assert rate(edit(sample_text(), 461, "下降5.84%", "下降5.9%")).status == "fail"


def test_a_stated_change_is_shown_in_the_unit_the_text_states():
    """西安 27 p10 (tables in 元): '较上年增加142.30万元' was shown as '增加142.30元' — the statement's own unit, not the
    tables' (fmt's '万元' means the tables' unit)."""
    from gongkai.engine.pipeline.numbers import MONEY_UNIT
    from gongkai.engine.pipeline.statements import change_text

    token = MONEY_UNIT.set("元")
    try:
        assert change_text({"direction": "增加", "change_amount": 14230, "unit": "万元"}) == "增加142.30万元"
    finally:
        MONEY_UNIT.reset(token)
