"""Performance forms: header fields, funds and the indicator tree from the sample's flattened PDF, and the
grammar of a 指标值."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import edit, sample_text

from gongkai.engine.pipeline.indicators import canon_label, parse_value
from gongkai.engine.pipeline.ingest import load_bytes


def read(text: str):
    return load_bytes(text.encode("utf-8"), "sample.txt")


@pytest.fixture(scope="module")
def doc():
    return read(sample_text())


@pytest.fixture(scope="module")
def forms(doc):
    return {f.name: f for f in doc.forms}


def ind(form, line, group="年度"):
    return next(i for i in form.indicators if i.line == line and i.group == group)


def test_six_forms_with_their_spans(doc):
    assert [(f.kind, f.name, f.title_line, f.end_line) for f in doc.forms] == [
        ("whole", "238-山西省小企业发展促进局", 510, 610),
        ("project", "中小企业发展专项省本级", 612, 661),
        ("project", "业务工作经费", 663, 696),
        ("project", "中小企业公共服务(山西省小企业发展服务中心)", 698, 739),
        ("project", "山西省民营企业工程系列高级职称任职资格评审", 741, 768),
        ("project", "专项业务费", 770, 799),
    ]
    assert [len(f.indicators) for f in doc.forms] == [66, 43, 22, 40, 14, 10]


def test_whole_form_header_counts_and_budget(forms):
    f = forms["238-山西省小企业发展促进局"]
    assert f.unit == "万元"
    assert {k: (v.text, v.line) for k, v in f.counts.items()} == {
        "内设职能部门数": ("12个", 515),
        "所属预算单位数": ("3个", 515),
        "核定的人员编制数": ("112人", 516),
        "实际在职人员总数": ("97人", 516),
        "在编人员数": ("97人", 517),
        "其他人员数": ("1人", 518),
    }
    year = f.funds["年度"]
    assert year["来源合计"] == year["方向合计"] == Decimal("5031.81")
    assert (year["一般公共预算"], year["单位资金"], year["政府性基金预算"]) == (
        Decimal("3803.71"),
        Decimal("1228.09"),
        None,
    )
    assert (year["基本支出"], year["项目支出"]) == (Decimal("2436.15"), Decimal("2595.66"))
    assert f.fund_lines["年度"]["单位资金"] == 528
    assert f.fields["部门职责"].text.startswith("（一）贯彻执行")  # the <p> tag is gone (line 519)


def test_project_header_fields_and_funds(forms):
    f = forms["专项业务费"]
    assert f.fields["实施单位"].text == "山西省非公有制企业工会"
    assert (f.fields["项目期"].text, f.fields["项目属性"].text) == ("99年", "经常性项目（长期开展）")
    assert (f.fields["保证项目实施的制度、措施"].text, f.fields["保证项目实施的制度、措施"].line) == ("无", 786)
    assert (
        f.fields["总体目标（实施期）"].text == f.fields["总体目标（年度）"].text == "指导全省非公有制企业工会开展工作"
    )
    assert f.funds["实施期"] == {
        "合计": 700000,
        "中央财政资金": 0,
        "省级财政资金": 420000,
        "市县财政资金": 0,
        "单位自筹": 280000,
        "其他资金": None,
    }
    assert f.funds["年度"]["单位自筹"] == 600000 and f.fund_lines["年度"]["单位自筹"] == 781
    # the doubled empty cells of form 3 (line 705) and its ASCII colons
    g = forms["中小企业公共服务(山西省小企业发展服务中心)"]
    assert (g.funds["实施期"]["合计"], g.funds["年度"]["合计"]) == (12485200, 4361080)


def test_merged_label_printed_after_its_rows_is_attached_backwards(forms):
    """Line 565 prints 产出指标 after the 数量 rows 542–564: they get it, and so do the rows after it."""
    f = forms["238-山西省小企业发展促进局"]
    assert (ind(f, 542).level1, ind(f, 542).level2) == ("产出指标", "数量指标")
    assert ind(f, 564).level1 == "产出指标"
    assert (ind(f, 569).level1, ind(f, 569).level2) == ("产出指标", "质量指标")
    assert next(b for b in f.branches if b.line == 542).level1 == "产出指标"
    assert all(i.name != "产出指标" for i in f.indicators)


def test_rows_after_a_stray_label_are_left_undetermined_with_a_problem(forms):
    """566–567 sit between the stray 产出指标 (565) and 质量指标 (569): 数量 or 质量 cannot be told."""
    f = forms["238-山西省小企业发展促进局"]
    assert [(i.level1, i.level2, i.branch_line) for i in (ind(f, 566), ind(f, 567))] == [("产出指标", None, None)] * 2
    problem = next(p for p in f.problems if p.lines == [566, 567])
    assert "无法确定第566–567行的二级指标" in problem.message
    assert ind(f, 605).level2 == "生态效益指标"  # no stray label before it: top-aligned reading holds


def test_rows_above_the_first_label_belong_to_it(forms):
    """Lines 633–634 come before the 产出/数量 labels printed on 636 (after a page break)."""
    f = forms["中小企业发展专项省本级"]
    for group in ("实施期", "年度"):
        i = ind(f, 633, group)
        assert (i.level1, i.level2, i.branch_line) == ("产出指标", "数量指标", 636)
    assert ind(f, 634).name == "平台信息采集"
    assert not f.problems


def test_second_level_labels_in_the_first_level_column_and_one_row_labels(forms):
    f = forms["中小企业发展专项省本级"]
    assert ind(f, 649, "实施期").level2 == "质量指标"  # printed in the 一级 column
    assert ind(f, 654, "实施期").level2 == "成本指标"
    # labels read where they are printed (655, 658): the value checks then flag what sits under them
    assert (ind(f, 655, "实施期").level1, ind(f, 655, "实施期").level2) == ("效益指标", "社会效益指标")
    assert ind(f, 658).level2 == "服务对象满意度指标"
    # the 年度 成本指标 of 653 has nothing under it: an empty branch, still recorded
    empty = next(b for b in f.branches if b.group == "年度" and b.level2 == "成本指标")
    assert empty.line == 653 and not [i for i in f.indicators if i.branch_line == 653 and i.group == "年度"]


def test_wrapped_and_truncated_labels_and_the_separator_row(forms):
    f = forms["业务工作经费"]
    i = ind(f, 695)
    assert (i.level1, i.level2, i.name, i.value) == ("满意度指标", "服务对象满意度指标", "扶贫对象满意度", "≥85%")
    assert max(x.line for x in f.indicators) == 695  # line 696 "--\t---" is no indicator
    g = forms["专项业务费"]
    assert (ind(g, 799).level1, ind(g, 799).level2) == (
        "满意度指标",
        "服务对象满意度指标",
    )  # "满意度指", "服务对象满意度指"
    assert [(b.level2, b.line) for b in g.branches if b.group == "年度"][3:] == [
        ("成本指标", 794),
        ("经济效益指标", 795),
        ("社会效益指标", 796),
        ("生态效益指标", 797),
        ("可持续影响指标", 798),
        ("服务对象满意度指标", 799),
    ]


def test_parsed_values_are_stored_on_the_indicator(forms):
    i = ind(forms["中小企业发展专项省本级"], 655)
    assert (i.comparator, i.number, i.unit, i.value_kind) == ("≤", Decimal("400"), "元/人、天", "money")
    j = ind(forms["238-山西省小企业发展促进局"], 576)
    assert (j.value, j.value_kind) == ("季后15日内", "deadline")


def test_an_unplaceable_first_level_is_a_problem_not_a_guess():
    text = sample_text()
    # remove the stray 产出指标 (565): nothing on the page says which 一级 lines 542–564 belong to
    text = edit(text, 565, "产出指标", "")
    f = read(text).forms[0]
    assert ind(f, 542).level1 is None
    assert any("无法确定第" in p.message and "一级指标" in p.message and 542 in p.lines for p in f.problems)


def test_odd_forms_become_problems_not_crashes():
    one_group = (
        "预算部门（单位）项目支出绩效目标申报表\n项目名称\t\t甲\n绩效指标\t一级指标\t二级指标\t三级指标\t指标值\n"
    )
    f = read(one_group).forms[0]
    assert f.name == "甲" and f.indicators == [] and [p.what for p in f.problems] == ["perf.grid.groups"]
    no_grid = "预算部门（单位）项目支出绩效目标申报表\n项目概况\t\t乙\n"
    g = read(no_grid).forms[0]
    assert g.name == "第1行的绩效目标表" and {p.what for p in g.problems} == {"perf.grid", "perf.name"}


@pytest.mark.parametrize(
    "text, level",
    [
        ("满意度 指标", ("1", "满意度指标")),
        ("服务对象 满意度指 标", ("2", "服务对象满意度指标")),
        ("满意度指", ("1", "满意度指标")),
        ("服务对象满意度指", ("2", "服务对象满意度指标")),
        ("成本指标", ("cost", "成本指标")),
        ("经济成本指标", ("2", "经济成本指标")),
        ("效果指标", ("1", "效果指标")),
        ("培训人数", None),
        ("产出", None),
    ],
)
def test_label_normalisation(text, level):
    assert canon_label(text) == level


VALUES = [
    # raw, kind, comparator, number, unit
    ("≥30个", "count", "≥", "30", "个"),
    ("1套", "count", None, "1", "套"),
    ("≥200人次", "count", "≥", "200", "人次"),
    ("11市", "count", None, "11", "市"),
    ("≥4000条", "count", "≥", "4000", "条"),
    ("≥36期", "count", "≥", "36", "期"),
    ("≥1次", "count", "≥", "1", "次"),
    ("≥90%", "percent", "≥", "90", "%"),
    ("100%", "percent", None, "100", "%"),
    ("不低于90%", "percent", "≥", "90", "%"),
    ("95%以上", "percent", "≥", "95", "%"),
    ("≥ 85 ％", "percent", "≥", "85", "%"),
    ("≤360万元", "money", "≤", "360", "万元"),
    ("≤5000元", "money", "≤", "5000", "元"),
    ("10800元/人", "money", None, "10800", "元/人"),
    ("≤400元/人、天", "money", "≤", "400", "元/人、天"),
    ("≥1000万元", "money", "≥", "1000", "万元"),
    ("9月底前", "deadline", None, None, None),
    ("年底前", "deadline", None, None, None),
    ("每年年底前", "deadline", None, None, None),
    ("每月25日前", "deadline", None, None, None),
    ("季后15日内", "deadline", None, None, None),
    ("2024年6月30日前", "deadline", None, None, None),
    ("≤5个工作日", "deadline", "≤", "5", "个工作日"),
    ("15个工作日内", "deadline", "≤", "15", "个工作日"),
    ("及时", "deadline", None, None, None),
    ("全年", "period", None, None, None),
    ("年内", "period", None, None, None),
    ("≥2天", "period", "≥", "2", "天"),
    ("良好", "qualitative", None, None, None),
    ("形成典范", "qualitative", None, None, None),
    ("进一步提升", "qualitative", None, None, None),
    ("符合财政标准", "qualitative", None, None, None),
    ("", "empty", None, None, None),
    ("无", "empty", None, None, None),
    ("≥90", "other", "≥", "90", None),
    ("约3-5", "other", None, None, None),
]


@pytest.mark.parametrize("raw, kind, comparator, number, unit", VALUES, ids=[v[0] or "blank" for v in VALUES])
def test_value_grammar(raw, kind, comparator, number, unit):
    v = parse_value(raw)
    assert (v.kind, v.comparator, v.number, v.unit) == (
        kind,
        comparator,
        None if number is None else Decimal(number),
        unit,
    )


def test_value_details():
    assert parse_value("及时").vague and not parse_value("9月底前").vague
    assert parse_value("≤400元/人、天").per == "人、天"
    r = parse_value("90%-95%")
    assert (r.kind, r.number, r.upper) == ("percent", Decimal(90), Decimal(95))
    assert parse_value("≥1次").show() == "“≥1次” · 计数 · ≥1 次"
