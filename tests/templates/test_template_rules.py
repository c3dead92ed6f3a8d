"""TBL-001/003 and SECT over templates: the template's tables, in its order, with its labels; a table it does
not list is never failed; sections found by the template's own heading words."""

from __future__ import annotations

from gongkai.engine.workflow.check import check
from tests.templates.helpers import by_rule, central_tables, make_doc

CENTRAL_COVER = ["国家某某局 2026 年度部门预算"]


def test_all_central_tables_present_and_labelled_pass():
    report = check(make_doc(CENTRAL_COVER, central_tables()))
    assert report.template.name == "central"
    tbl1 = by_rule(report, "TBL-001")
    assert len(tbl1) == 9 and set(tbl1.values()) == {"pass"}
    assert set(by_rule(report, "TBL-003").values()) == {"pass"}
    assert "TBL-002" not in {f.rule_id for f in report.findings}  # the national list is not judged twice


def test_a_missing_template_table_fails_once_pointing_at_the_contents_line():
    doc = make_doc(CENTRAL_COVER, central_tables(skip=("T06",)), toc=["六、一般公共预算基本支出表"])
    report = check(doc)
    fails = [f for f in report.findings if f.rule_id in ("TBL-001", "TBL-002", "TBL-003") and f.status == "fail"]
    assert [(f.rule_id, f.subject) for f in fails] == [("TBL-001", "表6 一般公共预算基本支出表")]
    assert [e.line for e in fails[0].evidence] == [2]


def test_a_table_the_template_does_not_list_is_never_failed():
    extra = central_tables() + [("T11", None, "机关运行经费预算表")]
    report = check(make_doc(CENTRAL_COVER, extra))
    assert "fail" not in by_rule(report, "TBL-001").values()
    assert by_rule(report, "TBL-003")["机关运行经费预算表 顺序与表号"] == "not_applicable"
    # and a Shanxi-only table (表7 政府性基金预算收入表) is not required of a central department
    assert not any("政府性基金预算收入" in s for s in by_rule(report, "TBL-001"))


def test_a_wrong_label_fails_tbl_003_with_the_template_label():
    report = check(make_doc(CENTRAL_COVER, central_tables(captions={"T09": "部门公开表9"})))
    f = next(f for f in report.findings if f.rule_id == "TBL-003" and f.status == "fail")
    assert (f.subject, f.expected, f.actual) == ("表8 顺序与表号", "部门公开表8", "部门公开表9")


def test_one_misplaced_table_fails_once():
    tables = central_tables()
    tables.insert(0, tables.pop())  # 部门公开表9 printed first
    report = check(make_doc(CENTRAL_COVER, tables))
    assert {s for s, st in by_rule(report, "TBL-003").items() if st == "fail"} == {"表1 顺序与表号"}


def test_chongqing_labels_are_chinese_numerals():
    tables = [("T01", "表一", "2026 年单位收支总体情况表"), ("T02", "表2", "2026 年单位收入总体情况表")]
    report = check(make_doc(["中共重庆市委宣传部", "2026年部门预算情况说明"], tables))
    assert report.template.name == "chongqing"
    assert by_rule(report, "TBL-003") == {"表1 顺序与表号": "pass", "表2 顺序与表号": "fail"}


def test_the_same_document_judged_against_the_baseline_uses_tbl_002():
    report = check(make_doc(["海南省某某局 2026年部门预算"], central_tables()))
    assert report.template.name == "national"
    assert "TBL-001" not in {f.rule_id for f in report.findings}
    assert by_rule(report, "TBL-002")["表8 政府性基金预算支出表"] == "pass"


SECTION_HEADINGS = ["上海市普陀区人民政府办公室主要职能", "上海市普陀区人民政府办公室机构设置", "名词解释"]


def test_template_synonyms_find_a_section_the_baseline_words_miss():
    cover = ["上海市普陀区2025年区级部门预算"]
    putuo = check(make_doc(cover, headings=SECTION_HEADINGS, year=2025))
    assert putuo.template.name == "shanghai-putuo"
    assert by_rule(putuo, "SECT-001")["说明章节 部门职责"] == "pass"  # 主要职能 is Putuo's word for 职责
    national = check(make_doc(cover, headings=SECTION_HEADINGS, year=2025), template="national")
    assert by_rule(national, "SECT-001")["说明章节 部门职责"] == "fail"


def test_a_section_the_template_does_not_require_is_not_applicable_but_the_law_still_applies():
    report = check(make_doc(["北京市司法局", "2026 年度部门预算信息公开"], headings=["部门职责情况"]))
    assert by_rule(report, "SECT-002")["说明章节 机构设置"] == "not_applicable"  # Beijing lists no 机构设置
    assert by_rule(report, "SECT-005")["说明章节 机关运行经费"] == "fail"  # 《预算法》第十四条: everyone
    assert "说明章节 部门整体支出绩效目标申报表" not in by_rule(report, "SECT-008")  # Beijing: 预算13表 (TBL-001)


def test_the_unit_expected_in_table_headers_is_the_templates():
    """A table must print its unit; one other than the template's usual unit is the document's choice (every
    amount is read in its own unit), so it passes with a note naming both."""

    def tbl4(cover, unit):
        doc = make_doc(cover, [("T01", "表1", "2026年部门综合预算收支总表")], department=cover[0])
        doc.tables[0].unit, doc.tables[0].department = unit, cover[0]
        doc.tables[0].year = 2026
        return {f.subject: (f.status, f.expected, f.note) for f in check(doc).findings if f.rule_id == "TBL-004"}

    assert tbl4(["西安市审计局", "2026年部门预算公开说明"], "元")["表1 表头"][0] == "pass"
    status, _, note = tbl4(["西安市审计局", "2026年部门预算公开说明"], "万元")["表1 表头"]
    assert status == "pass" and "模板通常用元" in note
    assert tbl4(["海南省某局", "2026年部门预算"], None)["表1 表头"][:2] == ("fail", "单位：万元")


BEIJING = ["北京市司法局", "2026 年度部门预算信息公开"]


def test_performance_tables_count_where_their_title_is_printed_not_in_the_contents():
    doc = make_doc(
        BEIJING,
        toc=["十三、部门整体支出绩效目标表"],
        plain=["预算12表 项目支出绩效目标表", "详见预算11表 财政拨款政府购买服务明细表"],
    )
    tbl1 = {f.subject: f for f in check(doc).findings if f.rule_id == "TBL-001"}
    assert tbl1["表12 项目支出绩效目标表"].status == "pass"
    assert [e.line for e in tbl1["表12 项目支出绩效目标表"].evidence] == [4]
    assert tbl1["表13 部门整体支出绩效目标表"].status == "fail"  # only its 目录 line
    assert tbl1["表11 财政拨款政府购买服务明细表"].status == "fail"  # a cross-reference is not the table


def test_a_table_marked_not_applicable_in_the_contents_grid_is_not_failed():
    doc = make_doc(["西安市审计局（汇总）", "2026年部门预算公开说明"], plain=["表16 专项资金总体绩效目标表 是 不涉及"])
    tbl1 = {f.subject: f.status for f in check(doc).findings if f.rule_id == "TBL-001"}
    assert tbl1["表16 专项资金总体绩效目标表"] == "not_applicable"


def test_unnumbered_and_run_in_section_titles_are_found():
    doc = make_doc(
        ["上海市普陀区2025年区级部门预算"],
        year=2025,
        plain=[
            "上海市普陀区人民政府办公室主要职能",
            "1.负责区政府会议的准备工作。",
            "（四）国有资产占有使用情况。截至2024年12月，共有车辆3辆。",
            "一、基本支出：指为保障机构正常运转、完成日常工作任务而发生的支出。",
        ],
    )
    report = check(doc)
    assert by_rule(report, "SECT-001")["说明章节 部门职责"] == "pass"
    assert by_rule(report, "SECT-007")["说明章节 国有资产占有使用"] == "pass"
    assert by_rule(report, "SECT-003")["说明章节 一般公共预算基本支出"] == "not_applicable"  # not a Putuo part
    assert by_rule(report, "SECT-009")["说明章节 名词解释"] == "fail"  # a glossary entry is not its heading


def test_a_table_the_template_lays_out_by_funding_source_is_not_failed_for_lacking_basic_project_columns():
    """Xi'an prints its 支出总表 by funding source (表5 carries 基本/项目): its template says so (by_source_only),
    so TBL-007 does not judge that table; the same table under the central template still fails."""
    tables = [("T03", "表3", "部门综合预算支出总表")]
    xian = check(make_doc(["西安市某某局", "2026年部门综合预算"], tables))
    assert xian.template.name == "shaanxi-xian"
    assert by_rule(xian, "TBL-007") == {"表3 基本支出/项目支出分列": "not_applicable"}
    central = check(make_doc(CENTRAL_COVER, [("T03", "部门公开表3", "部门支出总表")]))
    assert by_rule(central, "TBL-007") == {"表3 基本支出/项目支出分列": "fail"}


def test_a_table_the_template_never_publishes_empty_is_not_failed_as_an_empty_table_without_a_note():
    """EMPTY-001 uses the template's may_be_empty: a summary read without any amount is a reading failure to
    check by hand (not applicable), while a fund table printed empty without a note still fails."""
    report = check(
        make_doc(
            CENTRAL_COVER, [("T01", "部门公开表1", "部门收支总表"), ("T08", "部门公开表7", "政府性基金预算支出表")]
        )
    )
    empty = {f.subject: f for f in report.findings if f.rule_id == "EMPTY-001"}
    assert empty["表1 空表说明"].status == "not_applicable" and "提取" in empty["表1 空表说明"].note
    assert empty["表8 空表说明"].status == "fail"
