"""PROC and ASSET on the sample (lines 494, 805–813) and on single edits."""

from __future__ import annotations

from conftest import check_text, drop_lines, edit, failing, sample_text


def by(report, rule_id):
    return {f.subject: f for f in report.findings if f.rule_id == rule_id}


def lines(finding):
    return [e.line for e in finding.evidence]


def test_sample_procurement(sample_report):
    f = by(sample_report, "PROC-001")["说明 政府采购预算"]
    assert (f.status, f.expected, f.actual, set(lines(f))) == ("pass", "818.31万元", "818.31万元", {494})
    f = by(sample_report, "PROC-002")["说明 政府采购预算总额不超过支出总计"]
    assert (f.status, lines(f)) == ("pass", [494, 123])


def test_procurement_split_must_add_up_and_be_complete(sample_report):
    report = check_text(edit(sample_text(), 494, "政府采购服务预算805.42万元", "政府采购服务预算850.42万元"))
    assert failing(report) - failing(sample_report) == {("PROC-001", "说明 政府采购预算")}
    report = check_text(edit(sample_text(), 494, "、政府采购工程预算0万元", ""))
    f = by(report, "PROC-001")["说明 政府采购预算"]
    assert f.status == "fail" and "工程" in f.actual


def test_procurement_beyond_expenditure(sample_report):
    text = edit(sample_text(), 494, "预算总额818.31万元", "预算总额8,180.31万元")
    report = check_text(edit(text, 494, "政府采购服务预算805.42万元", "政府采购服务预算8,167.42万元"))
    assert failing(report) - failing(sample_report) == {("PROC-002", "说明 政府采购预算总额不超过支出总计")}


def test_sample_assets(sample_report):
    assert {f.status for f in by(sample_report, "ASSET-001").values()} == {"pass"}
    vehicles = by(sample_report, "ASSET-002")
    assert {s: f.status for s, f in vehicles.items()} == {
        "公务用车 实有数=分类之和": "pass",
        "公务用车 实有数不超过编制数": "pass",
    }
    dates = by(sample_report, "ASSET-004")
    assert {f.status for f in dates.values()} == {"pass"} and sorted(lines(f)[0] for f in dates.values()) == [
        805,
        809,
        813,
    ]


def test_sample_prints_the_special_equipment_line_as_general(sample_report):
    wording = by(sample_report, "ASSET-003")
    assert wording["大型设备 50万元以上通用设备"].status == "pass"
    f = wording["大型设备 100万元以上专用设备"]
    assert (f.status, lines(f)) == ("fail", [813]) and "通用设备" in f.actual
    fixed = check_text(edit(sample_text(), 813, "100万元（原值）以上的通用设备", "100万元（原值）以上的专用设备"))
    assert {f.status for f in by(fixed, "ASSET-003").values()} == {"pass"}


def test_vehicle_breakdown_and_quota(sample_report):
    report = check_text(edit(sample_text(), 805, "其他公务用车1辆", "其他公务用车2辆"))
    assert failing(report) - failing(sample_report) == {("ASSET-002", "公务用车 实有数=分类之和")}
    report = check_text(edit(edit(sample_text(), 805, "实有4辆", "实有5辆"), 805, "其他公务用车1辆", "其他公务用车2辆"))
    f = by(report, "ASSET-002")["公务用车 实有数不超过编制数"]
    assert (f.status, f.severity) == ("fail", "warning")
    assert failing(report) - failing(sample_report) == {("ASSET-002", "公务用车 实有数不超过编制数")}


def test_stock_date_and_missing_part(sample_report):
    report = check_text(edit(sample_text(), 809, "截至2023年12月31日", "截至2024年6月30日"))
    assert ("ASSET-004", "国有资产 统计时点（房屋情况）") in failing(report)
    report = check_text(drop_lines(sample_text(), 807, 809))
    assert failing(report) - failing(sample_report) == {("ASSET-001", "国有资产 房屋")}
