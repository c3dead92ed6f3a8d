"""SECT and META on the sample and on single edits; META-003 with and without the publication dates."""

from __future__ import annotations

import pytest
from conftest import check_text, drop_lines, edit, failing, sample_text


def by(report, rule_id):
    return {f.subject: f for f in report.findings if f.rule_id == rule_id}


def lines(finding):
    return [e.line for e in finding.evidence]


def test_sample_has_every_required_section(sample_report):
    for n in range(1, 11):
        found = by(sample_report, f"SECT-{n:03d}")
        assert found and {f.status for f in found.values()} == {"pass"}, n
    assert lines(by(sample_report, "SECT-004")["说明章节 “三公”经费"]) == [480]
    assert len(by(sample_report, "SECT-003")) == 6
    assert lines(by(sample_report, "SECT-008")["说明章节 项目支出绩效目标申报表"]) == [612]


@pytest.mark.parametrize(
    "first,last,expected",
    [
        (74, 76, {("SECT-002", "说明章节 机构设置")}),
        (471, 478, {("SECT-003", "说明章节 一般公共预算基本支出")}),
        (801, 813, {("SECT-007", "说明章节 国有资产占有使用")}),
    ],
)
def test_a_dropped_section_fails(sample_report, first, last, expected):
    report = check_text(drop_lines(sample_text(), first, last))
    assert expected <= failing(report) - failing(sample_report)


def test_performance_section_needs_more_than_the_forms(sample_report):
    report = check_text(drop_lines(sample_text(), 496, 508))
    assert ("SECT-008", "说明章节 绩效目标") in failing(report)
    assert by(report, "SECT-008")["说明章节 项目支出绩效目标申报表"].status == "pass"


def test_toc_entry_without_body_heading(sample_report):
    report = check_text(edit(sample_text(), 11, "二、机构设置情况", "二、机构编制情况"))
    assert failing(report) - failing(sample_report) == {("SECT-010", "目录 与正文标题")}
    assert lines(by(report, "SECT-010")["目录 与正文标题"]) == [11]


def test_sample_meta(sample_report):
    names = by(sample_report, "META-001")
    assert {f.status for f in names.values()} == {"pass"} and "部门名称 说明与封面一致" in names
    years = by(sample_report, "META-002")
    assert {s: f.status for s, f in years.items()} == {
        "预算年度 说明": "pass",
        "预算年度 与上年比较": "pass",
        "预算年度 资产统计时点": "pass",
        "预算年度 绩效目标申报表": "pass",
    }
    assert by(sample_report, "META-003")["公开时限"].status == "not_applicable"
    assert by(sample_report, "META-004")["金额单位 说明"].status == "pass"


def test_sample_appended_material_and_typos_are_surfaced(sample_report):
    f = by(sample_report, "META-005")["附加材料"]
    assert (f.status, f.severity) == ("fail", "info") and {828, 866, 916} <= set(lines(f))
    assert "林业和草原" in f.actual
    checks = by(sample_report, "META-006")
    assert lines(checks["标题编号"]) == [840]  # 一、严格目录管理 after 十二、其他说明
    assert set(lines(checks["重复标点或字词"])) == {540, 576}  # “；；”, “7.7.”, “及及时性”
    assert {f.severity for f in checks.values()} == {"info"}


def test_department_name_and_year_edits(sample_report):
    report = check_text(edit(sample_text(), 442, "山西省小企业发展促进局", "山西省中小企业发展促进局"))
    assert failing(report) - failing(sample_report) == {("META-001", "部门名称 说明与封面一致")}
    f = by(report, "META-001")["部门名称 说明与封面一致"]
    assert f.actual == "山西省中小企业发展促进局" and lines(f) == [3, 442]
    report = check_text(edit(sample_text(), 448, "2024年度", "2023年度"))
    assert failing(report) - failing(sample_report) == {("META-002", "预算年度 说明")}
    report = check_text(edit(sample_text(), 482, "与2023年预算数相同", "与2022年预算数相同"))
    assert failing(report) - failing(sample_report) == {("META-002", "预算年度 与上年比较")}


@pytest.mark.parametrize(
    "approved,published,status",
    [
        ("2024-02-01", "2024-02-21", "pass"),
        ("2024-02-01", "2024-02-22", "fail"),
        ("2024-02-10", "2024-02-01", "fail"),
        ("2024/02/01", "2024-02-21", "error"),
    ],
)
def test_publication_deadline(approved, published, status):
    report = check_text(sample_text(), approved_on=approved, published_on=published)
    assert by(report, "META-003")["公开时限"].status == status


def test_units_stated_in_yuan_convert_but_are_flagged(sample_report):
    report = check_text(edit(sample_text(), 494, "政府采购货物预算12.89万元", "政府采购货物预算128900元"))
    assert failing(report) - failing(sample_report) == {("META-004", "金额单位 说明")}  # PROC-001 still adds up
    assert lines(by(report, "META-004")["金额单位 说明"]) == [494]


def test_clean_numbering_passes():
    text = (
        "某局\n\n2024年度部门预算公开\n\n第一部分 概况\n\n一、本部门职责\n\n负责某事。\n\n二、机构设置情况\n\n"
        "我局共有1个单位。\n"
    )
    report = check_text(text)
    checks = by(report, "META-006")
    assert checks["标题编号"].status == "pass" and checks["重复标点或字词"].status == "pass"
    assert by(report, "META-005")["附加材料"].status == "pass"
