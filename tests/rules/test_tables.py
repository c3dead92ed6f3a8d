"""TBL, EMPTY, SUM and XTAB on the sample: each passes or fails for the right reason, and a single edit
makes exactly the right rule fail with the edited line in its evidence (nothing else new fails)."""

from __future__ import annotations

import pytest
from conftest import SAMPLE, check_text, drop_lines, edit, failing, sample_text, statuses

TABLE_FAMILIES = {"TBL", "EMPTY", "SUM", "XTAB"}


def table_fails(report):
    return {
        (f.rule_id, f.subject) for f in report.findings if f.status in ("fail", "error") and f.family in TABLE_FAMILIES
    }


@pytest.fixture(scope="module")
def base():
    return check_text(sample_text(), path=str(SAMPLE))


def test_sample_table_findings_are_the_known_defects(base):
    assert table_fails(base) == {
        ("TBL-003", "表9 顺序与表号"),  # printed as 部门公开表9 (line 359)
        ("EMPTY-002", "表7 空表原因"),
        ("EMPTY-002", "表8 空表原因"),  # bare "注：本表无数据"
        ("EMPTY-002", "表9 空表原因"),
        ("EMPTY-002", "表13 空表原因"),
    }
    by_rule = {f.rule_id for f in base.findings if f.family in TABLE_FAMILIES}
    assert {
        "TBL-001",
        "TBL-004",
        "TBL-005",
        "TBL-006",
        "TBL-007",
        "EMPTY-001",
        "EMPTY-003",
        "SUM-001",
        "SUM-002",
        "SUM-003",
        "SUM-004",
        "SUM-005",
        "SUM-006",
        "SUM-007",
        "XTAB-001",
        "XTAB-002",
        "XTAB-003",
        "XTAB-004",
        "XTAB-005",
        "XTAB-006",
        "XTAB-007",
        "XTAB-008",
        "XTAB-009",
        "XTAB-010",
    } <= by_rule


def test_rounding_differences_pass_with_a_visible_note(base):
    f = next(f for f in base.findings if f.subject == "表1 本年收入合计=各项收入之和")
    assert f.status == "pass" and "舍入" in f.note  # 3803.71 + 1228.09 = 5031.80 vs 5031.81


def test_zero_tolerance_turns_rounding_into_failures():
    strict = check_text(sample_text(), tolerance_per_addend=0)
    assert ("SUM-002", "表1 本年收入合计=各项收入之和") in failing(strict)


EDITS = [
    # (description, line, old, new, expected new failures)
    (
        "T2 leaf",
        138,
        "201.56\t201.56",
        "202.56\t201.56",
        {
            ("SUM-002", "表2 2080501 行政单位离退休 合计=各栏之和"),
            ("SUM-004", "表2 20805 行政事业单位养老支出=下级科目之和"),
        },
    ),
    (
        "T3 basic",
        172,
        "201.56\t201.56",
        "201.56\t200.56",
        {
            ("SUM-003", "表3 2080501 行政单位离退休 合计=基本+项目"),
            ("SUM-004", "表3 20805 行政事业单位养老支出=下级科目之和"),
        },
    ),
    (
        "T10 reception",
        381,
        "公务接待费\t3.00\t3.00",
        "公务接待费\t4.00\t4.00",
        {("SUM-006", "表10 合计=出国+接待+车辆")},
    ),
    (
        "T12 project",
        410,
        "25.60\t25.60",
        "25.70\t25.70",
        {("SUM-007", "表12 单位 山西省小企业发展促进局=所属项目之和")},
    ),
    ("T11 unit", 396, "271.15\t271.15", "272.15\t272.15", {("SUM-002", "表11 部门合计=各单位之和")}),
    (
        "T1 general budget",
        90,
        "3803.71",
        "3803.72",
        {("XTAB-003", "表1一般公共预算=表5合计"), ("XTAB-003", "表1与表4 一般公共预算收入")},
    ),
    ("T5 title year", 241, "2024年", "2023年", {("TBL-004", "表5 表头")}),
    (
        "T6 total",
        284,
        "1598.06\t1316.56",
        "1598.16\t1316.66",
        {("SUM-005", "表6 合计=各类之和"), ("XTAB-006", "表5基本支出=表6合计")},
    ),
    (
        "T4 balance",
        239,
        "支出总计\t3803.71",
        "支出总计\t3813.71",
        {
            ("SUM-001", "表4 收入总计=支出总计"),
            ("SUM-002", "表4 支出总计=本年支出合计+年终结转"),
            ("SUM-002", "表4 支出总计 小计=各资金之和"),
        },
    ),
]


@pytest.mark.parametrize("name,line,old,new,expected", EDITS, ids=[e[0] for e in EDITS])
def test_single_edit_fails_exactly_the_right_rule(base, name, line, old, new, expected):
    report = check_text(edit(sample_text(), line, old, new))
    assert table_fails(report) - table_fails(base) == expected
    assert table_fails(base) - table_fails(report) == set()
    for f in report.findings:
        if (f.rule_id, f.subject) in expected:
            assert line in [e.line for e in f.evidence], (f.rule_id, f.subject)
            assert f.expected and f.actual and f.expected != f.actual


def test_deleting_a_table_fails_tbl_001_pointing_at_the_toc():
    report = check_text(drop_lines(sample_text(), 372, 385))  # 表10
    # across every family: the missing table is reported once, by TBL-001
    assert failing(report) - failing(check_text(sample_text())) == {
        ("TBL-001", "表10 财政拨款安排“三公”经费支出预算表")
    }
    f = next(f for f in report.findings if f.rule_id == "TBL-001" and f.status == "fail")
    assert [e.line for e in f.evidence] == [22]


def test_mof2016_pack_judges_the_national_eight_instead():
    report = check_text(drop_lines(sample_text(), 372, 385), packs=["mof2016"])
    assert statuses(report, "TBL-002")["表10 财政拨款安排“三公”经费支出预算表"] == "fail"
    assert "TBL-001" not in statuses(report, "TBL-001") and not statuses(report, "TBL-001")
    assert "TBL-002" not in {f.rule_id for f in check_text(sample_text()).findings}  # replaced in shanxi2024


def test_swapping_two_tables_fails_the_order_rule():
    lines = sample_text().split("\n")
    swapped = lines[:333] + lines[347:358] + lines[333:347] + lines[358:]
    report = check_text("\n".join(swapped))
    assert statuses(report, "TBL-003")["表7 顺序与表号"] == "fail"
    assert table_fails(report) - table_fails(check_text(sample_text())) == {("TBL-003", "表7 顺序与表号")}


def test_removing_an_empty_table_note_fails_empty_001():
    report = check_text(drop_lines(sample_text(), 357, 357))
    assert statuses(report, "EMPTY-001")["表8 空表说明"] == "fail"
    assert statuses(report, "EMPTY-002")["表8 空表原因"] == "not_applicable"


def test_a_reasoned_note_passes_empty_002():
    report = check_text(
        edit(sample_text(), 346, "注：本表无数据", "注：本部门2024年无政府性基金预算收入，故本表无数据。")
    )
    assert statuses(report, "EMPTY-002")["表7 空表原因"] == "pass"


def test_empty_fund_table_contradicting_table_1_fails_empty_003():
    report = check_text(edit(sample_text(), 91, "二、政府性基金预算\t", "二、政府性基金预算\t5.00"))
    assert statuses(report, "EMPTY-003")["表7 与政府性基金预算收入一致"] == "fail"
    assert statuses(report, "EMPTY-003")["表8 与政府性基金预算支出一致"] == "fail"


def test_carry_over_without_table_13_fails_xtab_010():
    report = check_text(edit(sample_text(), 122, "上年结转\t", "上年结转\t5.00"))
    assert statuses(report, "XTAB-010")["表13与表1 上年结转"] == "fail"


def test_function_classification_stopping_at_kuan_fails_tbl_005():
    text = drop_lines(sample_text(), 159, 159)  # 表2 2210201 住房公积金: 22102 loses its only 项
    assert statuses(check_text(text), "TBL-005")["表2 功能分类细化程度"] == "fail"


def test_missing_label_is_not_a_failure(base):
    assert statuses(base, "TBL-003")["表3 顺序与表号"] == "not_applicable"
    assert statuses(base, "TBL-003")["表1 顺序与表号"] == "pass"


def test_vehicle_and_running_cost_bounds(base):
    assert statuses(base, "XTAB-008")["表10与表6 公务用车运行维护费"] == "pass"
    assert statuses(base, "XTAB-009")["表11机关运行经费≤表6公用经费"] == "pass"
    report = check_text(edit(sample_text(), 395, "271.15\t271.15", "291.15\t291.15"))
    assert statuses(report, "XTAB-009")["表11机关运行经费≤表6公用经费"] == "fail"
