"""JGYX on the sample (line 490 against 表11 and 机构设置) and on single edits."""

from __future__ import annotations

from conftest import check_text, drop_lines, edit, failing, sample_text

REASON = "，原因是因离休人员去世，本年无离休干部工作经费"


def by(report, rule_id):
    return {f.subject: f for f in report.findings if f.rule_id == rule_id}


def lines(finding):
    return [e.line for e in finding.evidence]


def test_sample_passes_with_evidence(sample_report):
    assert by(sample_report, "JGYX-001")["表11 机关运行经费"].status == "pass"
    f = by(sample_report, "JGYX-002")["说明 机关运行经费"]
    assert (f.status, f.expected, f.actual, lines(f)) == ("pass", "271.15万元", "271.15万元", [490, 395])
    f = by(sample_report, "JGYX-003")["说明 机关运行经费 与上年比较"]
    assert (f.status, f.actual) == ("pass", "减少0.72万元（0.26%）")
    f = by(sample_report, "JGYX-004")["说明 机关运行经费"]
    assert f.status == "pass" and "离休人员去世" in f.actual
    scope = by(sample_report, "JGYX-005")
    assert lines(scope["机关运行经费 单位数与表11一致"]) == [490, 396]
    assert lines(scope["机关运行经费 单位数不超过机构设置"]) == [490, 76]
    assert {f.status for f in scope.values()} == {"pass"}
    assert by(sample_report, "JGYX-006")["名词解释 机关运行经费"].status == "pass"


def test_amount_mismatch(sample_report):
    report = check_text(edit(sample_text(), 490, "财政拨款预算271.15万元", "财政拨款预算217.15万元"))
    f = by(report, "JGYX-002")["说明 机关运行经费"]
    assert (f.status, f.expected, f.actual, lines(f)) == ("fail", "271.15万元", "217.15万元", [490, 395])


def test_missing_comparison_and_reason(sample_report):
    report = check_text(edit(sample_text(), 490, "，比2023年预算减少0.72万元，下降0.26%" + REASON, ""))
    assert failing(report) - failing(sample_report) == {("JGYX-003", "说明 机关运行经费 与上年比较")}
    assert by(report, "JGYX-004")["说明 机关运行经费"].status == "not_applicable"
    report = check_text(edit(sample_text(), 490, REASON, ""))
    assert failing(report) - failing(sample_report) == {("JGYX-004", "说明 机关运行经费")}
    f = by(report, "JGYX-004")["说明 机关运行经费"]
    assert "减少0.72万元（0.26%）" in f.note and lines(f) == [490]


def test_unit_count_scope(sample_report):
    report = check_text(edit(sample_text(), 490, "等1家行政单位", "等2家行政单位"))
    assert failing(report) - failing(sample_report) == {("JGYX-005", "机关运行经费 单位数与表11一致")}
    report = check_text(edit(sample_text(), 490, "等1家行政单位", "等4家行政单位"))
    assert ("JGYX-005", "机关运行经费 单位数不超过机构设置") in failing(report)


def test_definition_scope(sample_report):
    report = check_text(edit(sample_text(), 945, "行政单位和参照公务员法管理的事业单位", "各单位"))
    assert failing(report) - failing(sample_report) == {("JGYX-006", "名词解释 机关运行经费")}


def test_table_required_by_the_shanxi_template_only(sample_report):
    text = drop_lines(sample_text(), 387, 396)
    sx = check_text(text)
    # the missing table is TBL-001's finding; JGYX-001 does not report it a second time
    assert by(sx, "TBL-001")["表11 财政拨款安排机关运行经费预算表"].status == "fail"
    assert by(sx, "JGYX-001")["表11 机关运行经费"].status == "not_applicable"
    assert by(sx, "JGYX-002")["说明 机关运行经费"].status == "not_applicable"
    national = check_text(text, packs=["mof2016"])
    assert "JGYX-001" not in {f.rule_id for f in national.findings}
