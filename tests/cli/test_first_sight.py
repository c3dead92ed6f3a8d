"""Issue #12 "trust at first sight" on the bundled example: every error-level failure is a defect a reviewer
would fix (pinned here with the page evidence), and the report says what matters first."""

from __future__ import annotations

import io
import json

import pytest
from typer.testing import CliRunner

from gongkai.cli.main import app
from gongkai.engine import render
from gongkai.engine.pipeline.report import Evidence, Finding, stake
from gongkai.engine.render._common import excerpt, focus_terms, unique_evidence
from tests.cli.test_outputs import fixed_report
from tests.conftest import SAMPLE, check_text, sample_lines, sample_text

runner = CliRunner()

# Each error-level failure on the example, with the words on its line that make it a defect.
ERRORS = {
    # 说明 line 500: 涉及部门预算资金73659.11万元 vs 表3 合计 5031.81 (line 169): a 68,627.30万元 gap
    ("PERF-001", "整体绩效目标 涉及资金"): (500, "73659.11万元"),
    # the same sentence: 项目支出71222.96万元 vs 表3 项目支出 2595.66
    ("PERF-001", "整体绩效目标 项目支出"): (500, "项目支出71222.96万元"),
    # 机关及下属预算单位1个, while 机构设置 (line 76) lists 3 财务独立核算单位
    ("PERF-002", "预算单位数 整体绩效目标说明与机构设置"): (500, "预算单位1个"),
    # 单位自筹 实施期 280,000 but 年度 600,000: the year cannot exceed the whole period
    ("PERF-007", "专项业务费 单位自筹 年度≤实施期"): (781, "600,000"),
    # a satisfaction target counted in 次, in both column groups
    ("IND-005", "专项业务费 › 满意度指标 › 服务对象满意度指标 › 指导企业工会满意度"): (799, "指导企业工会满意度\t≥1次"),
    # a service count (≥2000户) filed as a satisfaction target
    (
        "IND-005",
        "中小企业发展专项省本级 › 实施期 › 满意度指标 › 服务对象满意度指标 › 服务体系建设活动为企业提供各种服务",
    ): (658, "服务体系建设活动为企业提供各种服务\t≥2000户"),
    # a timeliness target counted in 次
    ("IND-006", "专项业务费 › 产出指标 › 时效指标 › 调研完成情况"): (793, "时效指标\t调研完成情况\t≥1次"),
}


@pytest.fixture(scope="module")
def report():
    return check_text(sample_text(), path=str(SAMPLE))


def test_error_level_failures_are_the_pinned_defects(report):
    errors = {(f.rule_id, f.subject): f for f in report.failures() if f.severity == "error"}
    assert set(errors) == set(ERRORS)
    lines = sample_lines()
    for key, (line, words) in ERRORS.items():
        assert line in [e.line for e in errors[key].evidence], key
        assert words in lines[line - 1], (key, lines[line - 1])  # the page says it


def test_noise_is_folded_not_dropped(report):
    """43 IND-009 rows became one hint per form; each qualitative place is still named."""
    s = report.summary
    assert s.by_severity == {"error": 7, "warning": 27, "info": 12} and s.fail == 46
    assert s.by_rule["IND-009"] == 5 and sum(s.by_rule.values()) == s.fail
    hints = [f for f in report.failures() if f.rule_id == "IND-009"]
    places = {e.line for f in hints for e in f.evidence}
    assert {593, 581, 585, 766, 690} <= places
    # the same indicator in 实施期 and 年度 is one finding: no rule fails twice on one line for one indicator name
    keys = [(f.rule_id, f.evidence[0].line, f.subject.split(" › ")[-1]) for f in report.failures() if f.family == "IND"]
    assert len(keys) == len(set(keys))


def test_first_ten_lines_carry_verdict_counts_and_first_issue():
    result = runner.invoke(app, ["check", str(SAMPLE)])
    assert result.exit_code == 1
    head = result.stdout.splitlines()[:10]
    text = "\n".join(head)
    assert "结论：不合格" in text
    assert "错误 7 · 警告 27 · 提示 12" in text
    assert any("PERF-001" in line and "73,659.11万元" in line for line in head)  # the largest gap first
    tail = result.stdout.splitlines()[-4:]
    assert any("结论：不合格" in line for line in tail)  # and it closes the report


def test_verdict_follows_fail_on_and_english_is_available():
    never = runner.invoke(app, ["check", str(SAMPLE), "--fail-on", "never", "--lang", "en"])
    assert never.exit_code == 0 and never.stdout.splitlines()[1] == "Verdict: not judged (--fail-on never)"
    assert "error 7 · warning 27 · info 12" in never.stdout
    only_errors = runner.invoke(app, ["check", str(SAMPLE), "--lang", "en", "--select", "TBL,EMPTY"])
    assert only_errors.exit_code == 0 and only_errors.stdout.splitlines()[1].startswith("Verdict: PASS")
    warned = runner.invoke(app, ["check", str(SAMPLE), "--select", "TBL,EMPTY", "--fail-on", "warning"])
    assert warned.exit_code == 1 and warned.stdout.splitlines()[1].startswith("结论：不合格（--fail-on warning：5 项")


def test_failures_are_sorted_by_severity_then_amount():
    out = runner.invoke(app, ["check", str(SAMPLE), "--fail-on", "never"]).stdout
    order = [out.index(h) for h in ("━━ 错误", "━━ 警告", "━━ 提示")]
    assert order == sorted(order)
    assert out.index("PERF-001 [error] 整体绩效目标 涉及资金") < out.index("IND-005 [error]")
    grouped = runner.invoke(app, ["check", str(SAMPLE), "--fail-on", "never", "--group", "family"]).stdout
    assert "━━ TBL 表格齐全与规范" in grouped and "━━ 错误" not in grouped


def test_json_summary_counts_by_severity_and_rule():
    data = json.loads(runner.invoke(app, ["check", str(SAMPLE), "-f", "json", "--fail-on", "never"]).stdout)
    s = data["summary"]
    assert s["by_severity"] == {"error": 7, "warning": 27, "info": 12}
    assert s["by_rule"]["PERF-001"] == 2 and list(s["by_rule"]) == sorted(s["by_rule"])
    assert s["new"] == s["fail"] == 46


def test_stake_ranks_the_material_gap_first(report):
    first = report.top_issues(1)[0]
    assert (first.rule_id, first.subject) == ("PERF-001", "整体绩效目标 涉及资金")
    assert str(stake(first)) == "68627.30"


def render_text(rep, **kw) -> str:
    out = io.StringIO()
    render.get("text")(rep, out, render.RenderOptions(color=False, **kw))
    return out.getvalue()


def test_baselined_failures_are_counted_not_listed_unless_asked():
    rep = fixed_report()
    text = render_text(rep)
    assert "TEXT-903" not in text and "另有 1 项不符合已记录在基线中" in text
    assert "共 2 项不符合，其中新增 1 项。" in text
    shown = render_text(rep, show_baselined=True)
    assert "TEXT-903" in shown


def test_a_crashed_rule_is_not_confused_with_error_severity():
    text = render_text(fixed_report())
    assert "规则异常（规则本身出错，不是文件的问题）" in text and "出错" not in text.replace("规则本身出错", "")
    assert "rule crashed" in render_text(fixed_report(), lang="en")


def test_excerpts_cut_at_clause_boundaries_and_keep_the_words_in_question():
    line = (
        "2024年编报部门整体支出绩效目标，涉及部门预算资金73659.11万元，其中基本支出2436.15万元，"
        "项目支出71222.96万元；机关及下属预算单位1个，无单位编报单位整体绩效目标，涉及资金0万元。"
    )
    f = Finding(
        rule_id="PERF-001",
        status="fail",
        severity="error",
        title="t",
        message="m",
        basis="b",
        subject="整体绩效目标 项目支出",
        expected="2,595.66万元",
        actual="71,222.96万元",
    )
    cut = excerpt(line, focus_terms(f), limit=40)
    assert "71222.96" in cut and len(cut) <= 42
    assert cut.startswith("…") and cut[1] not in "，；。"  # starts at a clause, after a boundary
    long_number = "合计" + "1234567.89" * 10
    for limit in range(5, 40):
        body = excerpt(long_number, [], limit=limit).rstrip("…")
        assert long_number.startswith(body) and not (body[-1].isdigit() and long_number[len(body)].isdigit())


def test_the_same_line_is_shown_once_per_finding():
    ev = [
        Evidence(path="a.txt", line=5, text="x", label="说明"),
        Evidence(path="a.txt", line=5, text="x", label="说明"),
        Evidence(path="a.txt", line=6, text="y"),
    ]
    f = Finding(
        rule_id="TEXT-005", status="fail", severity="info", title="t", message="m", basis="b", subject="s", evidence=ev
    )
    assert [e.line for e in unique_evidence(f)] == [5, 6]


def test_no_internal_labels_or_none_reach_a_reader(report):
    text = render_text(report)
    assert "perf.level2" not in text and "None" not in text


def test_every_excerpt_on_the_example_keeps_the_words_in_question(report):
    """Whenever an evidence line contains an amount or a subject word of its finding, the excerpt keeps one."""
    checked = 0
    for f in report.failures():
        terms = focus_terms(f)
        for e in unique_evidence(f):
            whole = " ".join(e.text.strip().replace("\t", " │ ").split())
            present = [t for t in terms if t in whole]
            if present and len(whole) > 72:
                checked += 1
                assert any(t in excerpt(e.text, terms) for t in present), (f.rule_id, f.subject)
    assert checked >= 5  # long lines were really cut
