"""PERF-001/002/005/009/010…014 on the sample: line 500 states 73659.11 / 71222.96 万元 and 1 unit where the tables say
5031.81 / 2595.66 and 机构设置 and the whole form say 3; line 506 recomputes. Also without extracted forms."""

from __future__ import annotations

from conftest import check_text, edit, failing, sample_text

from gongkai.engine.authoring import Config
from gongkai.engine.pipeline.ingest import dump_json, load_bytes
from gongkai.engine.workflow.check import check


def by(report, rule_id):
    return {f.subject: f for f in report.findings if f.rule_id == rule_id}


def lines(finding):
    return [e.line for e in finding.evidence]


def test_whole_department_amounts_of_line_500(sample_report):
    found = by(sample_report, "PERF-001")
    total, project, basic = (
        found["整体绩效目标 涉及资金"],
        found["整体绩效目标 项目支出"],
        found["整体绩效目标 基本支出"],
    )
    assert (total.status, total.expected, total.actual, lines(total)) == (
        "fail",
        "5,031.81万元",
        "73,659.11万元",
        [500, 169],
    )
    assert (project.status, project.expected, project.actual, lines(project)) == (
        "fail",
        "2,595.66万元",
        "71,222.96万元",
        [500, 169],
    )
    assert (basic.status, lines(basic)) == ("pass", [500, 169])
    assert "相差68,627.30万元" in total.note


def test_unit_count_of_line_500(sample_report):
    found = by(sample_report, "PERF-002")
    f = found["预算单位数 整体绩效目标说明与机构设置"]
    assert (f.status, f.expected, f.actual, lines(f)) == ("fail", "3个（机构设置）", "1个", [500, 76])
    form = found.get("预算单位数 整体绩效目标申报表与机构设置")
    if form is not None:  # present when the form reader gives 所属预算单位数 (line 515)
        assert (form.status, lines(form)) == ("pass", [515, 76])


def test_project_coverage_of_line_506_recomputes(sample_report):
    """PERF-005 (纳入 vs 表12) and the obligations split out of it: kinds (010), published count (011), subset
    (012), published amount (013), share (014) — each its own rule, all passing on line 506."""
    found = by(sample_report, "PERF-005")
    assert set(found) == {"项目绩效目标 纳入项目个数", "项目绩效目标 纳入项目金额"}
    assert {f.status for f in found.values()} == {"pass"}
    assert (found["项目绩效目标 纳入项目个数"].expected, found["项目绩效目标 纳入项目个数"].actual) == ("9个", "9个")
    assert lines(found["项目绩效目标 纳入项目金额"]) == [506, 407]
    share = by(sample_report, "PERF-014")["项目绩效目标 公开金额占比"]
    assert (share.status, share.expected, share.actual) == ("pass", "82.60%", "82.60%")
    published = by(sample_report, "PERF-011")["项目绩效目标 公开个数与申报表"]
    assert (published.status, published.expected, published.actual) == ("pass", "5张", "5张")
    assert by(sample_report, "PERF-012")["项目绩效目标 公开个数不超过纳入个数"].status == "pass"
    kinds = by(sample_report, "PERF-010")
    assert set(kinds) == {f"项目绩效目标 {w}项目分类合计{m}" for w in ("纳入", "公开") for m in ("个数", "金额")}
    assert {f.status for f in kinds.values()} == {"pass"}


def test_corrected_line_500_passes(sample_report):
    text = edit(sample_text(), 500, "73659.11", "5031.81")
    text = edit(text, 500, "71222.96", "2595.66")
    report = check_text(edit(text, 500, "预算单位1个", "预算单位3个"))
    assert not {k for k in failing(report) if k[0] in ("PERF-001", "PERF-002")}


def test_coverage_edits(sample_report):
    report = check_text(edit(sample_text(), 506, "二级项目9个", "二级项目8个"))
    assert failing(report) - failing(sample_report) == {
        ("PERF-005", "项目绩效目标 纳入项目个数"),
        ("PERF-010", "项目绩效目标 纳入项目分类合计个数"),
    }
    report = check_text(edit(sample_text(), 506, "总额的82.60%", "总额的82.06%"))
    assert failing(report) - failing(sample_report) == {("PERF-014", "项目绩效目标 公开金额占比")}
    report = check_text(edit(sample_text(), 506, "公开项目绩效目标5个", "公开项目绩效目标6个"))
    assert ("PERF-011", "项目绩效目标 公开个数与申报表") in failing(report)
    report = check_text(edit(sample_text(), 506, "公开项目绩效目标5个", "公开项目绩效目标10个"))
    assert ("PERF-012", "项目绩效目标 公开个数不超过纳入个数") in failing(report)


def test_published_amount_against_the_forms(sample_report):
    report = check_text(edit(sample_text(), 506, "涉及项目金额2,144.06万元", "涉及项目金额2,414.06万元"))
    got = failing(report) - failing(sample_report)
    assert ("PERF-014", "项目绩效目标 公开金额占比") in got and ("PERF-010", "项目绩效目标 公开项目分类合计金额") in got
    forms = by(report, "PERF-013").get("项目绩效目标 公开金额与申报表")
    if forms is not None:  # present when the form reader gives 年度资金总额
        assert forms.status == "fail" and forms.expected == "2,144.06万元"


def test_without_extracted_forms_the_rules_degrade_gracefully():
    doc = load_bytes(sample_text().encode("utf-8"), "sample.txt")
    doc.forms = []
    report = check(load_bytes(dump_json(doc).encode("utf-8"), "sample.json"), None, Config())
    units = by(report, "PERF-002")
    assert set(units) == {"预算单位数 整体绩效目标说明与机构设置"}
    assert by(report, "PERF-013")["项目绩效目标 公开金额与申报表"].status == "not_applicable"
    assert (
        by(report, "PERF-011")["项目绩效目标 公开个数与申报表"].status == "pass"
    )  # the five form titles are still seen
    assert not by(report, "PERF-009") and not [f for f in report.findings if f.status == "error"]


def test_relevance_hint_is_info_only(sample_report):
    found = by(sample_report, "PERF-009")
    assert found and {f.severity for f in found.values()} == {"info"}
    whole = next(f for s, f in found.items() if "小企业发展促进局" in s)
    assert "省级部门决算套数" in whole.note
