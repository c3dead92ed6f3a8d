"""IND on the sample's six performance forms: the real defects fail with their lines, correct indicators
pass with their parsed value shown, and the 2021 pack differs from the classic one only where 101号 does."""

from __future__ import annotations

import re

import pytest
from conftest import SAMPLE, check_text, edit, sample_text


def ind_findings(report, status=None):
    return [f for f in report.findings if f.family == "IND" and (status is None or f.status == status)]


def fails_at(report, min_severity=("error", "warning")):
    """(rule, line) of every IND failure at or above the given severities."""
    return sorted((f.rule_id, f.evidence[0].line) for f in ind_findings(report, "fail") if f.severity in min_severity)


@pytest.fixture(scope="module")
def classic():
    return check_text(sample_text(), path=str(SAMPLE))


@pytest.fixture(scope="module")
def p2021():
    return check_text(sample_text(), packs=["perf2021"], path=str(SAMPLE))


def test_classic_pack_is_chosen_for_shanxi(classic):
    assert classic.rulesets == ["shanxi2024", "perf_classic"]


def test_the_sample_defects_fail_with_their_lines(classic):
    """One finding per indicator: the same indicator in 实施期 and 年度 is judged once, citing both places."""
    assert fails_at(classic) == sorted(
        [
            # empty 二级 branches (template rows left blank): 653 年度 成本; 794–798 in both groups of 专项业务费
            ("IND-002", 653),
            *[("IND-002", line) for line in (794, 795, 797, 798)],
            # unit label of a count on a rate name (566, 二级 undetermined) and a bare number for a satisfaction (610)
            ("IND-004", 566),
            ("IND-004", 610),
            # satisfaction values that are not percentages (658: one per group, different indicators)
            ("IND-005", 658),
            ("IND-005", 658),
            ("IND-005", 799),
            # time indicators with non-time values; bare 及时 passes here and is IND-009's hint
            ("IND-006", 691),
            ("IND-006", 793),
            # cost indicators that are not money; unit costs under 社会效益 (655)
            ("IND-007", 655),
            ("IND-007", 655),
            ("IND-007", 692),
            ("IND-007", 734),
            ("IND-007", 735),
            # quality indicators counted in 次 / 个
            ("IND-008", 570),
            ("IND-008", 792),
            # the same 三级 under 满意度 (实施期, 658) and 社会效益 (年度, 656)
            ("IND-012", 658),
        ]
    )


def test_errors_are_wrong_measures_and_vague_values_are_warnings(classic):
    """A count where a percentage or a time is due is an error; a qualitative value where a number is due is
    vague, not wrong: a warning (and IND-009's hint)."""
    errors = sorted(
        (f.rule_id, f.evidence[0].line, f.actual) for f in ind_findings(classic, "fail") if f.severity == "error"
    )
    assert errors == [
        ("IND-005", 658, "“≥2000户” · 计数 · ≥2000 户"),
        ("IND-005", 799, "“≥1次” · 计数 · ≥1 次"),
        ("IND-006", 793, "“≥1次” · 计数 · ≥1 次"),
    ]
    print_cost = next(f for f in ind_findings(classic, "fail") if f.rule_id == "IND-007" and f.evidence[0].line == 692)
    assert (
        print_cost.severity == "warning"
        and "实施期 “符合财政要求”" in print_cost.actual
        and "年度 “符合财政标准”" in print_cost.actual
    )
    timely = [f for f in ind_findings(classic) if f.rule_id == "IND-006" and "及时" in (f.actual or "")]
    assert timely and {f.status for f in timely} == {"pass"} and all("IND-009" in f.note for f in timely)


def test_explanations_show_the_path_the_value_and_why(classic):
    f = next(
        f
        for f in ind_findings(classic, "fail")
        if f.rule_id == "IND-005" and f.subject == "专项业务费 › 满意度指标 › 服务对象满意度指标 › 指导企业工会满意度"
    )
    assert [e.line for e in f.evidence] == [799] and f.evidence[0].label == "实施期、年度指标行"
    assert f.severity == "error" and "指导企业工会满意度 = “≥1次”" in f.note
    assert "应为百分比" in f.note and "计数（单位 次）" in f.note
    cost = next(
        f
        for f in ind_findings(classic, "fail")
        if f.rule_id == "IND-007" and f.evidence[0].line == 655 and "年度" in f.subject
    )
    assert cost.subject.endswith("年度 › 效益指标 › 社会效益指标 › 培训费用标准")
    assert "单位成本（元/人、天）" in cost.note and "不是社会效益指标" in cost.note


def test_correct_indicators_pass_with_the_parsed_value(classic):
    by = {(f.rule_id, f.subject): f for f in ind_findings(classic)}
    sat = by[("IND-005", "业务工作经费 › 满意度指标 › 服务对象满意度指标 › 扶贫对象满意度")]
    assert sat.status == "pass" and sat.actual == "“≥85%” · 百分比 · ≥85 %" and sat.evidence[0].line == 695
    due = by[("IND-006", "部门整体绩效目标 › 年度 › 产出指标 › 时效指标 › 季度中小企业运行分析及及时性")]
    assert due.status == "pass" and due.actual == "“季后15日内” · 时限"
    cost = by[("IND-007", "部门整体绩效目标 › 年度 › 产出指标 › 成本指标 › 企业家能力素质提升培训班使用资金不超过")]
    assert cost.status == "pass" and "≤360 万元" in cost.actual
    unit_cost = by[
        ("IND-007", "中小企业发展专项省本级 › 实施期 › 产出指标 › 成本指标 › 企业家能力四肢提升培训班（长期班）")
    ]
    assert unit_cost.status == "pass" and "通常写成控制上限" in unit_cost.note  # 10800元/人 without ≤


def test_bare_number_satisfaction_passes_with_a_note_and_is_flagged_as_format(classic):
    by = {(f.rule_id, f.subject): f for f in ind_findings(classic)}
    s = "部门整体绩效目标 › 年度 › 满意度指标 › 服务对象满意度指标 › 服务企业满意度"
    assert by[("IND-005", s)].status == "pass" and "未标注“%”" in by[("IND-005", s)].note
    assert by[("IND-004", s)].status == "fail" and "没有计量单位" in by[("IND-004", s)].note


def test_undetermined_rows_are_not_applicable_with_the_reason(classic):
    na = [f for f in ind_findings(classic, "not_applicable") if f.rule_id == "IND-001"]
    assert sorted(f.evidence[0].line for f in na) == [566, 567]
    assert all("无法确定第566–567行的二级指标" in f.note and "（二级未定）" in f.subject for f in na)


def test_qualitative_values_are_info_under_classic_and_warning_under_2021(classic, p2021):
    """One hint per form listing its places (43 rows before: one finding per row and per column group)."""
    q1 = [f for f in ind_findings(classic, "fail") if f.rule_id == "IND-009"]
    q2 = [f for f in ind_findings(p2021, "fail") if f.rule_id == "IND-009"]
    assert len(q1) == len(q2) == 5 and len({f.subject for f in q1}) == 5
    assert {f.severity for f in q1} == {"info"} and {f.severity for f in q2} == {"warning"}
    whole = next(f for f in q1 if f.subject == "部门整体绩效目标 定性指标值")
    assert 593 in [e.line for e in whole.evidence] and "促进中小企业高质量发展“形成典范”" in whole.note
    assert 581 in [e.line for e in whole.evidence] and "“及时”" in whole.note  # dateless 及时 is hinted here
    lines = [e.line for f in q1 for e in f.evidence]
    assert len(lines) == len(set(lines))  # each place once


def test_economic_money_under_social_benefit_is_info(classic):
    econ = sorted(f.evidence[0].line for f in ind_findings(classic, "fail") if f.rule_id == "IND-010")
    assert econ == [598, 603]


def test_2021_pack_moves_cost_to_first_level_and_tolerates_sustainability(classic, p2021):
    assert p2021.rulesets == ["shanxi2024", "perf2021"]
    l1 = [f for f in ind_findings(p2021, "fail") if f.rule_id == "IND-001"]
    assert sorted(f.evidence[0].line for f in l1) == [586, 653, 692, 734, 794]  # one per branch, both groups
    assert {e.label for f in l1 if f.evidence[0].line == 692 for e in f.evidence} == {"实施期、年度二级指标标签"}
    assert all("成本指标 是一级指标" in f.note for f in l1)
    sustain = next(
        f
        for f in ind_findings(p2021)
        if f.rule_id == "IND-001" and f.subject == "部门整体绩效目标 › 年度 › 效益指标 › 可持续影响指标"
    )
    assert sustain.status == "pass" and "101号未列" in sustain.note
    assert not [f for f in ind_findings(classic, "fail") if f.rule_id == "IND-001"]

    # everything else judges the same way in both packs
    def others(r):
        return {(f.rule_id, f.subject, f.status) for f in ind_findings(r) if f.rule_id not in ("IND-001", "IND-009")}

    assert others(classic) == others(p2021)


def test_subjects_are_stable_when_lines_move(classic):
    shifted = check_text("\n" + sample_text(), path=str(SAMPLE))
    before = {(f.rule_id, f.subject, f.status) for f in ind_findings(classic)}
    after = {(f.rule_id, f.subject, f.status) for f in ind_findings(shifted)}
    assert before == after
    assert all(not re.search(r"第\d+行", f.subject) for f in ind_findings(classic))
    assert len({(f.rule_id, f.subject) for f in ind_findings(classic)}) == len(ind_findings(classic))


def test_fixing_and_breaking_values_on_an_edited_copy():
    text = sample_text()
    text = edit(text, 799, "≥1次", "≥90%")  # 实施期 fixed
    text = edit(text, 695, "≥85%", "≥85人")  # 实施期 broken
    text = edit(text, 793, "≥1次", "11月底前")  # 实施期 fixed
    report = check_text(text)
    by = {(f.rule_id, f.subject): f for f in ind_findings(report)}
    # one group fixed, the other not: the pair still fails, and the note says which group
    sat = by[("IND-005", "专项业务费 › 满意度指标 › 服务对象满意度指标 › 指导企业工会满意度")]
    assert sat.status == "fail" and "仅年度目标不符合" in sat.note and sat.actual.startswith("“≥1次”")
    broken = by[("IND-005", "业务工作经费 › 满意度指标 › 服务对象满意度指标 › 扶贫对象满意度")]
    assert broken.status == "fail" and "仅实施期目标不符合" in broken.note
    due = by[("IND-006", "专项业务费 › 产出指标 › 时效指标 › 调研完成情况")]
    assert due.status == "fail" and "仅年度目标不符合" in due.note
    fixed = check_text(edit(text, 799, "≥1次", "≥90%"))  # 年度 fixed too
    assert (
        next(
            f.status
            for f in ind_findings(fixed)
            if f.rule_id == "IND-005"
            and f.subject == "专项业务费 › 满意度指标 › 服务对象满意度指标 › 指导企业工会满意度"
        )
        == "pass"
    )


def test_filling_an_empty_branch_and_duplicating_an_indicator():
    text = edit(sample_text(), 794, "成本指标\t\t\t成本指标", "成本指标\t工会活动经费\t≤7万元\t成本指标")
    text = edit(text, 724, "信息系统及终端设备技术服务次数\t≥360次", "系统日常监测\t≥360次")
    report = check_text(text)
    by = {(f.rule_id, f.subject): f for f in ind_findings(report)}
    branch = by[("IND-002", "专项业务费 › 产出指标 › 成本指标")]
    assert branch.status == "fail" and "仅年度目标不符合" in branch.note
    assert (
        by[("IND-007", "专项业务费 › 实施期 › 产出指标 › 成本指标 › 工会活动经费")].actual
        == "“≤7万元” · 金额 · ≤7 万元"
    )
    dup = by[("IND-011", "中小企业公共服务(山西省小企业发展服务中心) › 实施期 › 系统日常监测")]
    assert dup.status == "fail" and [e.line for e in dup.evidence] == [721, 724]
    assert by[("IND-011", "中小企业公共服务(山西省小企业发展服务中心) › 年度")].status == "pass"


def test_an_indicator_duplicated_in_both_column_groups_is_one_finding():
    text = edit(sample_text(), 724, "信息系统及终端设备技术服务次数\t≥360次", "系统日常监测\t≥360次")  # 实施期
    text = edit(text, 724, "信息采编发布\t≥4000条", "系统日常监测\t≥4000条")  # 年度
    report = check_text(text)
    dups = [f for f in ind_findings(report, "fail") if f.rule_id == "IND-011"]
    assert [(f.subject, sorted({e.line for e in f.evidence})) for f in dups] == [
        ("中小企业公共服务(山西省小企业发展服务中心) › 系统日常监测", [721, 723, 724])
    ]
    assert "实施期出现2次" in dups[0].actual and "年度出现2次" in dups[0].actual
