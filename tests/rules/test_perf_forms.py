"""PERF-003/004/006/007/008/015: the performance forms against the tables and against themselves, on the
sample and on single edits (edit() keeps line numbers)."""

from __future__ import annotations

import pytest
from conftest import SAMPLE, check_text, edit, sample_text

from gongkai.engine.authoring import Config
from gongkai.engine.pipeline.ingest import load_bytes
from gongkai.engine.workflow.check import check

MINE = ("PERF-003", "PERF-004", "PERF-006", "PERF-007", "PERF-008", "PERF-015")


def perf(report, status=None):
    return {f.subject: f for f in report.findings if f.rule_id in MINE and (status is None or f.status == status)}


@pytest.fixture(scope="module")
def base():
    return check_text(sample_text(), path=str(SAMPLE))


def test_sample_form_defects(base):
    fails = perf(base, "fail")
    assert {(f.rule_id, s) for s, f in fails.items()} == {
        ("PERF-004", "部门整体绩效目标表 实际在职人员总数=在编+其他"),  # 97 vs 97 + 1 (516–518)
        ("PERF-007", "专项业务费 单位自筹 年度≤实施期"),  # 600,000 > 280,000 (781)
        ("PERF-008", "专项业务费 保证项目实施的制度、措施"),  # 无 (786)
        ("PERF-008", "专项业务费 项目实施计划"),  # 无 (787)
    }
    staff = fails["部门整体绩效目标表 实际在职人员总数=在编+其他"]
    assert (staff.expected, staff.actual) == ("97+1=98人", "97人") and [e.line for e in staff.evidence] == [
        516,
        517,
        518,
    ]
    own = fails["专项业务费 单位自筹 年度≤实施期"]
    assert own.actual == "600,000.00元" and own.expected == "≤ 280,000.00元" and own.evidence[0].line == 781
    assert [f.evidence[0].line for s, f in fails.items() if f.rule_id == "PERF-008"] == [786, 787]


def test_sample_form_arithmetic_that_holds(base):
    by = perf(base)
    # 专项业务费: both totals are right (420,000 + 280,000 and 100,000 + 600,000 = 700,000)
    assert by["专项业务费 实施期资金总额=各来源之和"].status == "pass"
    assert by["专项业务费 年度资金总额=各来源之和"].status == "pass"
    assert by["专项业务费 省级财政资金 年度≤实施期"].status == "pass"
    # whole form: 3803.71 + 1228.09 = 5031.80 against 5031.81, inside the 2-addend rounding tolerance
    src = by["部门整体绩效目标表 按资金来源合计=各来源之和"]
    assert src.status == "pass" and "舍入" in src.note
    for s in (
        "年度预算合计=表1收入总计",
        "一般公共预算资金=表4",
        "基本支出=表3",
        "项目支出=表3",
        "按来源合计=按方向合计",
    ):
        assert by[f"部门整体绩效目标表 {s}"].status == "pass", s


def test_project_forms_match_table_12(base):
    by = perf(base)
    t12 = {s: f for s, f in by.items() if f.rule_id == "PERF-006"}
    assert len(t12) == 11 and all(f.status == "pass" for f in t12.values())
    svc = t12["中小企业公共服务(山西省小企业发展服务中心) 年度资金总额=表12"]
    assert svc.expected == "436.11万元" and svc.actual == "4,361,080.00元（436.108万元）" and "±50元" in svc.note
    assert [e.line for e in t12["专项业务费 单位自筹=表12单位资金"].evidence] == [781, 417]


@pytest.mark.parametrize(
    "line, old, new, subject, rule",
    [
        (619, "12,640,000││", "12,650,000││", "中小企业发展专项省本级 年度资金总额=表12", "PERF-006"),
        (619, "12,640,000││", "12,650,000││", "中小企业发展专项省本级 年度资金总额=各来源之和", "PERF-007"),
        (
            417,
            "专项业务费\t70.00\t10.00",
            "专项业务费\t70.00\t10.10",
            "专项业务费 省级财政资金=表12一般公共预算",
            "PERF-006",
        ),
        (774, "专项业务费", "专项业务经费", "专项业务经费 年度资金总额=表12", "PERF-006"),
        (523, "3803.71", "3813.71", "部门整体绩效目标表 一般公共预算资金=表4", "PERF-003"),
        (523, "3803.71", "3813.71", "部门整体绩效目标表 按资金来源合计=各来源之和", "PERF-015"),
        (524, "2595.66", "2595.76", "部门整体绩效目标表 项目支出=表3", "PERF-003"),
        (750, "435,000", "535,000", "山西省民营企业工程系列高级职称任职资格评审 实施期资金总额=各来源之和", "PERF-007"),
        (
            785,
            "为政府决策提供依据，构建社会主义和谐劳动关系，促进社会主义经济建设。",
            "无",
            "专项业务费 项目设立必要性",
            "PERF-008",
        ),
    ],
)
def test_single_edit_fails_the_right_check(line, old, new, subject, rule):
    text = edit(sample_text(), line, old.replace("│", "\t"), new.replace("│", "\t"))
    f = perf(check_text(text)).get(subject)
    assert f is not None and f.rule_id == rule and f.status == "fail", (subject, f)
    assert line in [e.line for e in f.evidence] or rule == "PERF-006" and line == 774


@pytest.mark.parametrize(
    "line, old, new, subject",
    [
        (518, "1人", "0人", "部门整体绩效目标表 实际在职人员总数=在编+其他"),
        (781, "280,000", "880,000", "专项业务费 单位自筹 年度≤实施期"),
        (786, "无", "《山西省非公有制企业工会经费管理办法》", "专项业务费 保证项目实施的制度、措施"),
    ],
)
def test_single_edit_fixes_a_sample_defect(line, old, new, subject):
    f = perf(check_text(edit(sample_text(), line, old, new)))[subject]
    assert f.status == "pass", f.message


def test_no_table_12_is_not_applicable():
    form = "\n".join(sample_text().split("\n")[769:799])  # only the 专项业务费 form
    report = check(load_bytes(form.encode("utf-8"), "form.txt"), ["mof2016"], Config())
    f = perf(report)["专项业务费 年度资金总额=表12"]
    assert f.status == "not_applicable"


def test_a_project_financed_by_government_funds_is_compared_with_that_column():
    """彩票公益金 sits in 政府性基金预算, not 一般公共预算: the form's 省级财政资金 is checked against the columns that
    finance the project, and a real difference still fails."""
    doc = """2024年项目支出预算表（本年预算）
部门名称：某局
单位：万元
项目名称	合计	一般公共预算	政府性基金预算	国有资本经营预算	财政专户管理资金	单位资金
福利彩票公益金项目	70.00		70.00

项目支出绩效目标申报表
项目名称		福利彩票公益金项目
项目资金（元）		实施期资金总额：	{total}	年度资金总额：	{total}
		省级财政资金	{total}	省级财政资金	{total}
"""
    ok = check_text(doc.format(total="700,000"))
    got = {f.subject: f for f in ok.findings if f.rule_id == "PERF-006"}
    funds = got["福利彩票公益金项目 省级财政资金=表12政府性基金"]
    assert funds.status == "pass" and funds.expected == "70.00万元"
    bad = check_text(doc.format(total="710,000"))
    assert {f.status for f in bad.findings if f.rule_id == "PERF-006"} == {"fail"}
