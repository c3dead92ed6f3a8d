"""Choosing the template: from the document's cover (most specific place wins), its year and level; by
--template; the national baseline (said so) otherwise. The packs follow the template."""

from __future__ import annotations

import pytest

from gongkai.engine.templates import TemplateError, select_template
from gongkai.engine.workflow.check import check
from gongkai.engine.workflow.registry import auto_packs
from tests.templates.helpers import make_doc

COVERS = [
    (["上海市普陀区2025年区级部门预算", "预算主管部门：上海市普陀区人民政府办公室"], 2025, "shanghai-putuo"),
    (["上海市2025年市级单位预算", "预算单位：上海市财政局"], 2025, "shanghai-city"),
    (["北京市司法局", "2026 年度部门预算信息公开"], 2026, "beijing"),
    (["2026 年深圳市审计局部门预算"], 2026, "guangdong-shenzhen"),
    (["中共重庆市委宣传部", "2026年部门预算情况说明"], 2026, "chongqing"),
    (["西安市审计局（汇总）", "2026年部门预算公开说明"], 2026, "shaanxi-xian"),
    (["苏州市审计局 2026 年度部门预算公开"], 2026, "jiangsu-suzhou"),
    (["国家信访局 2026 年度部门预算", "二〇二六年三月"], 2026, "central"),
    (["山西省小企业发展促进局", "2024年度部门预算公开"], 2024, "shanxi2024"),
    (["山西省小企业发展促进局", "2023年度部门预算公开"], 2023, "shanxi2016"),
]


@pytest.mark.parametrize("cover,year,expected", COVERS, ids=[c[2] + str(c[1]) for c in COVERS])
def test_the_cover_names_the_template(cover, year, expected):
    selection = select_template(make_doc(cover, year=year))
    assert (selection.template.name, selection.chosen_by) == (expected, "document")
    assert selection.template.title_zh in selection.note


def test_a_jurisdiction_without_a_template_gets_the_baseline_and_is_told():
    selection = select_template(make_doc(["海南省某某局", "2026年部门预算"]))
    assert (selection.template.name, selection.chosen_by) == ("national", "default")
    assert "全国基线" in selection.note


def test_a_template_not_yet_in_force_falls_back_and_says_why():
    selection = select_template(make_doc(["北京市司法局", "2020 年度部门预算信息公开"], year=2020))
    assert selection.template.name == "national" and "不适用于2020年" in selection.note


def test_a_unit_budget_is_not_judged_by_a_department_only_template():
    selection = select_template(make_doc(["国家某某局", "2026年单位预算"]))
    assert selection.template.name == "national"


def test_place_words_deep_in_the_body_do_not_choose():
    cover = ["某某县财政局", "2026年部门预算"] + ["正文"] * 40 + ["学习北京市经验"]
    assert select_template(make_doc(cover)).template.name == "national"


def test_template_option_overrides_and_an_unknown_name_is_refused():
    doc = make_doc(["北京市司法局", "2026 年度部门预算信息公开"])
    assert select_template(doc, "central").chosen_by == "option"
    with pytest.raises(TemplateError):
        select_template(doc, "atlantis")


def test_packs_come_from_the_template_and_its_effective_year():
    assert auto_packs(make_doc(["山西省某局", "2024年度部门预算公开"], year=2024)) == ["shanxi2024", "perf_classic"]
    assert auto_packs(make_doc(["山西省某局", "2023年度部门预算公开"], year=2023)) == ["mof2016", "perf_classic"]
    assert auto_packs(make_doc(["北京市司法局", "2026年度部门预算"])) == ["mof2016", "perf2021"]
    # shanxi2024 (effective_from 2024-01-01) is not used for a 2023 document even when its template is forced
    assert auto_packs(make_doc(["某局", "2023年部门预算"], year=2023), "shanxi2024")[0] == "mof2016"


def test_the_report_names_the_template_in_its_first_lines():
    report = check(make_doc(["海南省某某局", "2026年部门预算"]))
    assert report.template.name == "national" and report.template.chosen_by == "default"
    assert '"template"' in report.to_json()[:600]
