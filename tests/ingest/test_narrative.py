"""The narrative extractor: phrasing variants become the right Statement facts, and the sample's explanations
are read as a reviewer reads them (topics, amounts, shares, directions, reasons, lines)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import sample_text

from gongkai.engine.pipeline.ingest import load_bytes
from gongkai.engine.pipeline.numbers import normalize

D = Decimal


def read(section: str, text: str, cover: str = ""):
    doc = f"{cover}\n第三部分 2024年度部门预算情况说明\n\n{section}\n\n{text}\n"
    return load_bytes(doc.encode("utf-8"), "t.txt")


def found(section: str, text: str) -> list[dict]:
    return [s.model_dump() for s in read(section, text).statements if not s.topic.startswith("meta.")]


INCOME, EXPENSE, GENERAL = "二、收入预算情况说明", "三、支出预算情况说明", "五、一般公共预算支出情况说明"
BASIC, SANGONG, JGYX = (
    "六、一般公共预算基本支出情况说明",
    "七、“三公”经费增减变动原因说明",
    "八、机关运行经费增减变动原因说明",
)
PROC, ASSET, PERF = "九、政府采购情况", "十一、国有资产占有使用情况", "2、项目绩效目标"

# (case id, section, text, expected statements: each a dict of the fields that must match, in order)
CASES = [
    (
        "thousands separators and a share",
        INCOME,
        "2024年度某局预算收入5,031.81万元，主要包括一般公共预算拨款收入3,803.71万元，占75.59%。",
        [
            {"topic": "income.total", "amount": D("5031.81")},
            {"topic": "income.general", "amount": D("3803.71"), "percent": D("75.59")},
        ],
    ),
    (
        "no separators",
        EXPENSE,
        "2024年度某局支出预算5031.81万元，其中：基本支出2436.15万元，占48.41%；项目支出2595.66万元，占51.59%。",
        [
            {"topic": "expense.total", "amount": D("5031.81")},
            {"topic": "expense.basic", "amount": D("2436.15"), "percent": D("48.41")},
            {"topic": "expense.project", "amount": D("2595.66"), "percent": D("51.59")},
        ],
    ),
    (
        "full-width digits",
        EXPENSE,
        "２０２４年度某局支出预算５０３１．８１万元，其中：基本支出２４３６．１５万元，占４８．４１％。",
        [
            {"topic": "expense.total", "amount": D("5031.81")},
            {"topic": "expense.basic", "amount": D("2436.15"), "percent": D("48.41")},
        ],
    ),
    (
        "spaces inside the year and before the unit",
        BASIC,
        "2024 年度某局一般公共预算安排基本支出 1,598.06 万元，其中：",
        [{"topic": "basic.total", "amount": D("1598.06")}],
    ),
    (
        "full-width comma as thousands separator",
        INCOME,
        "2024年度某局预算收入5，031.81万元。",
        [{"topic": "income.total", "amount": D("5031.81")}],
    ),
    (
        "several items in one clause list",
        PROC,
        "2024年某局政府采购预算总额818.31万元。其中：政府采购货物预算12.89万元、政府采购工程预算0万元、政府采购服务预算805.42万元。",
        [
            {"topic": "proc.total", "amount": D("818.31")},
            {"topic": "proc.goods", "amount": D("12.89")},
            {"topic": "proc.works", "amount": D(0)},
            {"topic": "proc.services", "amount": D("805.42")},
        ],
    ),
    ("zero stated by omission", PROC, "本年无政府采购预算。", [{"topic": "proc.total", "amount": D(0)}]),
    (
        "unchanged: 与2023年预算数相同 / 与上年持平",
        SANGONG,
        "“三公”经费预算29.00万元与2023年预算数相同。其中：因公出国（境）费10.00万元，与上年持平。",
        [
            {"topic": "sangong.total", "direction": "持平", "change_amount": None},
            {"topic": "sangong.abroad", "direction": "持平"},
        ],
    ),
    (
        "synonyms, 系 reason, and 因公 is not a reason marker",
        SANGONG,
        "“三公”经费预算13.00万元。其中：因公出国(境)经费10.00万元，比上年增加2.00万元，系新增出访任务所致；"
        "公务用车运转维护费3.00万元，比上年减少2.00万元。",
        [
            {"topic": "sangong.total", "direction": None},
            {
                "topic": "sangong.abroad",
                "direction": "增加",
                "change_amount": D("2.00"),
                "reason": "系新增出访任务所致",
            },
            {"topic": "sangong.vehicle_operation", "direction": "减少", "reason": None},
        ],
    ),
    (
        "公务用车运行经费 and 公务用车购置及运行维护费",
        SANGONG,
        "公务用车运行经费5.00万元，与上年相同；公务用车购置及运行维护费16万元，较2023年预算增加2万元，增长14.29%，原因是车辆老化。",
        [
            {"topic": "sangong.vehicle_operation", "direction": "持平"},
            {
                "topic": "sangong.vehicle",
                "amount": D(16),
                "change_amount": D(2),
                "change_percent": D("14.29"),
                "reason": "原因是车辆老化",
            },
        ],
    ),
    (
        "each sub-item with its own change stays with it",
        SANGONG,
        "三公经费预算13.00万元，其中：因公出国（境）费10.00万元，比上年增加1.00万元，公务接待费3.00万元，比上年减少1.00万元。",
        [
            {"topic": "sangong.total", "direction": None},
            {"topic": "sangong.abroad", "direction": "增加", "change_amount": D("1.00")},
            {"topic": "sangong.reception", "direction": "减少", "change_amount": D("1.00")},
        ],
    ),
    (
        "a change after a 其中 list belongs to the head",
        INCOME,
        "预算收入总计5,031.81万元，其中：本年收入5,031.81万元，上年结转0万元，比上年增加914.16万元，增长22.20%，主要原因是纳入新单位。",
        [
            {
                "topic": "income.total",
                "direction": "增加",
                "change_amount": D("914.16"),
                "change_percent": D("22.20"),
                "reason": "主要原因是纳入新单位",
            },
            {"topic": "income.current", "direction": None},
            {"topic": "income.carryover", "amount": D(0)},
        ],
    ),
    (
        "行政经费 = 机关运行经费; an unmarked reason after the change",
        JGYX,
        "本部门行政经费271.15万元，比上年减少0.72万元，下降0.26%，本年无离休干部工作经费。",
        [{"topic": "jgyx.total", "direction": "减少", "change_percent": D("0.26"), "reason": "本年无离休干部工作经费"}],
    ),
    (
        "行政运行经费 and a unit count",
        JGYX,
        "本部门所属某局等1家行政单位行政运行经费财政拨款预算100.00万元，与上年持平。",
        [{"topic": "jgyx.units", "amount": D(1), "unit": "家"}, {"topic": "jgyx.total", "direction": "持平"}],
    ),
    (
        "同比增长 with a rate only",
        GENERAL,
        "一般公共预算当年支出110.00万元，同比增长10.00%。",
        [{"topic": "general.total", "direction": "增加", "change_amount": None, "change_percent": D("10.00")}],
    ),
    (
        "reason in the next sentence",
        GENERAL,
        "一般公共预算当年支出3,803.71万元，比上年减少235.94万元，下降5.84%。主要原因是压减一般性支出。",
        [{"topic": "general.total", "direction": "减少", "reason": "主要原因是压减一般性支出"}],
    ),
    (
        "no reason given",
        GENERAL,
        "一般公共预算当年支出3,803.71万元,比上年减少235.94万元，下降5.84%。",
        [{"topic": "general.total", "direction": "减少", "reason": None}],
    ),
    (
        "reason before the change; the change is the only figure",
        GENERAL,
        "由于新增培训任务，一般公共预算当年支出比上年增加10.00万元。",
        [{"topic": "general.total", "amount": None, "change_amount": D("10.00"), "reason": "由于新增培训任务"}],
    ),
    (
        "direction without any amount",
        INCOME,
        "因“过紧日子”要求，财政拨款收入及支出较上年明显减少。",
        [{"topic": "fiscal.total", "amount": None, "direction": "减少", "reason": "因“过紧日子”要求"}],
    ),
    (
        "classes and a 项 named in prose",
        GENERAL,
        "一般公共预算当年支出110.00万元，主要用于：社会保障和就业支出10.00万元，占9.09%；行政运行（项）支出100.00万元，比上年增加5.00万元，主要原因是人员增加。",
        [
            {"topic": "general.total"},
            {"topic": "general.class.社会保障和就业支出", "percent": D("9.09")},
            {"topic": "general.item.行政运行", "change_amount": D("5.00"), "reason": "主要原因是人员增加"},
        ],
    ),
    (
        "亿元 kept as stated",
        INCOME,
        "2024年度某局预算收入1.2亿元。",
        [{"topic": "income.total", "amount": D("1.2"), "unit": "亿元"}],
    ),
    (
        "人员经费 and 公用经费 in the basic section",
        BASIC,
        "人员经费 1,316.56万元，主要包括：基本工资、津贴补贴；公用经费281.50万元，主要包括：办公费。",
        [{"topic": "basic.personnel", "amount": D("1316.56")}, {"topic": "basic.public", "amount": D("281.50")}],
    ),
    (
        "vehicles by type",
        ASSET,
        "截至2023年12月31日，某局共有公务用车编制4辆，实有3辆，其中：领导用车1辆，其他公务用车2辆。",
        [
            {"topic": "asset.vehicles.quota", "amount": D(4), "unit": "辆"},
            {"topic": "asset.vehicles.actual", "amount": D(3)},
            {"topic": "asset.vehicles.领导用车", "amount": D(1)},
            {"topic": "asset.vehicles.其他公务用车", "amount": D(2)},
            {"topic": "asset.date", "amount": D(2023)},
        ],
    ),
    (
        "floor area and equipment; a 万元 threshold is not an amount",
        ASSET,
        "截至2023年12月31日，某局办公用房建筑总面积3224.04平方米，占有使用价值50万元（原值）以上的通用设备2台（套）；"
        "价值100万元以上的专用设备1台。",
        [
            {"topic": "asset.building_area", "amount": D("3224.04"), "unit": "平方米"},
            {"topic": "asset.equipment.general", "amount": D(2), "unit": "台（套）"},
            {"topic": "asset.equipment.special", "amount": D(1)},
            {"topic": "asset.date"},
        ],
    ),
    (
        "project coverage by kind, published share",
        PERF,
        "纳入绩效目标管理的二级项目9个，共计金额2,595.66万元。其中：其他运转类项目8个，涉及金额1,331.66万元；特定目标类项目1个，"
        "涉及金额1,264.00万元。公开项目绩效目标5个，涉及项目金额2,144.06万元，占部门（单位）项目支出总额的82.60%。"
        "其中：其他运转类项目4个，涉及项目金额880.06万元。",
        [
            {"topic": "perf.projects.count", "amount": D(9)},
            {"topic": "perf.projects.total", "amount": D("2595.66")},
            {"topic": "perf.projects.kind.其他运转类.count", "amount": D(8)},
            {"topic": "perf.projects.kind.其他运转类.total", "amount": D("1331.66")},
            {"topic": "perf.projects.kind.特定目标类.count", "amount": D(1)},
            {"topic": "perf.projects.kind.特定目标类.total", "amount": D("1264.00")},
            {"topic": "perf.published.count", "amount": D(5)},
            {"topic": "perf.published.total", "amount": D("2144.06"), "percent": D("82.60")},
            {"topic": "perf.published.kind.其他运转类.count", "amount": D(4)},
            {"topic": "perf.published.kind.其他运转类.total", "amount": D("880.06")},
        ],
    ),
    (
        "whole-department summary",
        "1、整体绩效目标",
        "2024年编报部门整体支出绩效目标，涉及部门预算资金300.00万元，其中基本支出100.00万元，项目支出200.00万元；"
        "机关及下属预算单位3个，无单位编报单位整体绩效目标，涉及资金0万元。",
        [
            {"topic": "perf.whole.total", "amount": D(300)},
            {"topic": "perf.whole.basic", "amount": D(100)},
            {"topic": "perf.whole.project", "amount": D(200)},
            {"topic": "perf.whole.units", "amount": D(3)},
            {"topic": "perf.units.total", "amount": D(0)},
        ],
    ),
    # -- how real narratives state “unchanged”, reasons and sub-items (issue #11, false failures on real PDFs) --
    (
        "a zero change after the flat word: 与上年相同0万元",
        SANGONG,
        "其中：公务接待费0万元，与上年相同0万元，主要原因是本部门无接待任务；因公出国（境）费1.00万元，较2025年预算持平0.00万元。",
        [{"topic": "sangong.reception", "direction": "持平"}, {"topic": "sangong.abroad", "direction": "持平"}],
    ),
    (
        "nothing in either year: 本年度和上年度均未安排",
        SANGONG,
        "公务用车购置费0万元，本年度和上年度均未安排该项经费；因公出国（境）费0万元，2025年与2026年都没有该项预算。",
        [{"topic": "sangong.vehicle_purchase", "direction": "持平"}, {"topic": "sangong.abroad", "direction": "持平"}],
    ),
    (
        "one comparison for the whole list: 以上各项均与上年持平",
        SANGONG,
        "“三公”经费预算13.00万元。其中：因公出国（境）费10.00万元，公务接待费3.00万元，以上各项均与上年预算持平。",
        [
            {"topic": "sangong.total", "direction": None},
            {"topic": "sangong.abroad", "direction": "持平"},
            {"topic": "sangong.reception", "direction": "持平"},
        ],
    ),
    (
        "a count inside the reason clause is not a new figure",
        SANGONG,
        "公务用车购置及运行费20.00万元，比上年增加10.00万元，主要原因是更新购置执法执勤车2辆。",
        [{"topic": "sangong.vehicle", "direction": "增加", "reason": "主要原因是更新购置执法执勤车2辆"}],
    ),
    (
        "a bracketed breakdown does not end the sentence; the change after it is the bracketed item's",
        SANGONG,
        "其中：公务用车购置及运行费8.00万元（其中：公务用车购置费0万元；公务用车运行维护费8.00万元。）比上年减少1.00万元，"
        "主要原因是压减车辆运行费用；公务接待费10.00万元，比上年增加1.00万元，主要原因是接待任务增加。",
        [
            {
                "topic": "sangong.vehicle",
                "direction": "减少",
                "change_amount": D("1.00"),
                "reason": "主要原因是压减车辆运行费用",
            },
            {"topic": "sangong.vehicle_purchase", "direction": None},
            {"topic": "sangong.vehicle_operation", "direction": None},
            {"topic": "sangong.reception", "direction": "增加", "reason": "主要原因是接待任务增加"},
        ],
    ),
    (
        "an amount right after 较上年 with the verb on the percent: the percent confirms it is the change",
        JGYX,
        "本部门机关运行经费100.00万元，较上年2.00万元，下降1.96%。",
        [{"topic": "jgyx.total", "direction": "减少", "change_amount": D("2.00"), "change_percent": D("1.96")}],
    ),
    (
        "…but an amount the percent does not confirm (a prior-year figure) is not taken as the change",
        JGYX,
        "本部门机关运行经费100.00万元，较上年98.00万元，增长2.04%。",
        [{"topic": "jgyx.total", "direction": "增加", "change_amount": None, "change_percent": D("2.04")}],
    ),
    (
        "a comparison in a later sentence belongs to the figure stated earlier",
        SANGONG,
        "“三公”经费预算数为8.00万元，其中：公务接待费3.00万元，公务用车运行维护费5.00万元。"
        "“三公”经费预算比上年增加1.00万元，主要是新增接待任务。",
        [
            {
                "topic": "sangong.total",
                "amount": D("8.00"),
                "direction": "增加",
                "change_amount": D("1.00"),
                "reason": "主要是新增接待任务",
            },
            {"topic": "sangong.reception"},
            {"topic": "sangong.vehicle_operation"},
        ],
    ),
    (
        "classes listed under 基本支出 are its column, not the class totals",
        GENERAL,
        "（一）基本支出：本年基本支出预算100.00万元，主要是保障机构正常运转的支出，其中：一般公共服务支出80.00万元，"
        "住房保障支出20.00万元。",
        [
            {"topic": "general.basic", "amount": D(100)},
            {"topic": "general.basic.class.一般公共服务支出", "amount": D(80)},
            {"topic": "general.basic.class.住房保障支出", "amount": D(20)},
        ],
    ),
    (
        "a figure after a 7-digit 项 code is that 项, never the total",
        GENERAL,
        "按照支出功能分类，支出规模较大的是2080505机关事业单位基本养老保险缴费支出，预算数为50.00万元，占10.00%。",
        [{"topic": "general.item.机关事业单位基本养老保险缴费支出", "amount": D(50), "percent": D("10.00")}],
    ),
    (
        "a comparison whose subject is a 项级 科目 is not the total's",
        GENERAL,
        "2026年预算数比上年减少较多的项级科目为2010301行政运行，比上年减少5.00万元，主要原因是人员减少。",
        [],
    ),
    (
        "project targets covering the 一般公共预算 part of 项目支出",
        PERF,
        "2026年项目支出全部实行绩效目标管理，涉及一般公共预算拨款300.00万元。",
        [{"topic": "perf.projects.general.total", "amount": D(300)}],
    ),
    (
        "a breakdown given as the reason: each part's change is that part's, not the total's",
        EXPENSE,
        "2026年某局支出预算500.00万元，其中：基本支出300.00万元，项目支出200.00万元；支出比上年减少50.00万元，"
        "主要是基本支出减少30.00万元，项目支出减少20.00万元。",
        [
            {"topic": "expense.total", "change_amount": D(50), "reason": "主要是基本支出减少30.00万元"},
            {"topic": "expense.basic", "direction": "减少", "change_amount": D(30)},
            {"topic": "expense.project", "direction": "减少", "change_amount": D(20)},
        ],
    ),
    (
        "a second comparison on another basis does not overwrite the first, nor does its rate",
        GENERAL,
        "一般公共预算当年支出1000.00万元，比上年减少100.00万元，下降9.09%，扣除一次性项目后比上年增加50.00万元，增长5.26%。",
        [{"topic": "general.total", "direction": "减少", "change_amount": D(100), "change_percent": D("9.09")}],
    ),
    (
        "a change after a partly-read list is the head's when only the head's figures give the rate",
        INCOME,
        "2026年某局预算收入1,000.00万元，其中：一般公共预算拨款800.00万元、上年实户资金余额150.00万元、其他收入50.00万元，"
        "较上年增加100.00万元，增长11.11%。",
        [
            {"topic": "income.total", "direction": "增加", "change_amount": D(100), "change_percent": D("11.11")},
            {"topic": "income.general", "direction": None},
        ],
    ),
    (
        "units counted before the noun; 较上年增加一户",
        "二、机构设置情况",
        "我局共有3个财务独立核算单位纳入2024年预算编报工作，较上年增加一户公益二类事业单位。",
        [{"topic": "org.units", "amount": D(3), "direction": "增加", "change_amount": D(1)}],
    ),
]


@pytest.mark.parametrize("section,text,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_phrasing_variants(section, text, expected):
    got = found(section, text)
    assert [s["topic"] for s in got] == [e["topic"] for e in expected]
    for stmt, want in zip(got, expected):
        for key, value in want.items():
            assert stmt[key] == value, (stmt["topic"], key, stmt[key])


def test_sentence_broken_across_lines_keeps_the_line_of_each_figure():
    doc = read(INCOME, "2024年度某局预算收入5,031.81万元，主要包括一般公共预算拨款收入\n\n3,803.71万元，占75.59%。")
    lines = {s.topic: s.line for s in doc.statements}
    assert lines["income.total"] == 6 and lines["income.general"] == 8
    assert "3,803.71万元" in next(s.text for s in doc.statements if s.topic == "income.general")


def test_glossary_entries_and_department_mentions():
    text = "第四部分 名词解释\n\n一、“三公”经费：指因公出国（境）费、公务用车购置及运行费和公务接待费。\n\n二、机关运行经费：指行政单位的公用经费。\n"
    doc = load_bytes(
        (
            "山西省某局\n\n2024年度部门预算公开\n\n二、收入预算情况说明\n\n2024年度山西省某厅预算收入1.00万元。\n\n"
            + text
        ).encode("utf-8"),
        "g.txt",
    )
    topics = {s.topic: s for s in doc.statements}
    assert topics["def.sangong"].line == 11 and topics["def.jgyx"].line == 13
    assert topics["meta.department"].text == "山西省某厅"
    assert topics["meta.year"].amount == 2024


@pytest.fixture(scope="module")
def sample():
    return load_bytes(sample_text().encode("utf-8"), "sample.txt")


def by_topic(doc, topic):
    return [s for s in doc.statements if s.topic == topic]


def test_sample_income_and_expense_paragraphs(sample):
    total = by_topic(sample, "income.total")
    assert [(s.line, s.amount) for s in total] == [(438, D("5031.81")), (442, D("5031.81"))]
    assert (
        total[0].direction == "增加" and total[0].change_amount == D("914.16") and total[0].change_percent == D("22.20")
    )
    assert total[0].reason.startswith("主要原因是按照财政预算管理的统一部署")
    assert [(s.line, s.percent) for s in by_topic(sample, "income.unit_funds")] == [(442, D("24.41"))]
    assert [(s.line, s.amount) for s in by_topic(sample, "fiscal.class.资源勘探工业信息等支出")] == [
        (454, D("3336.73"))
    ]
    general = by_topic(sample, "general.total")
    assert [(s.line, s.direction, s.reason) for s in general] == [(461, "减少", None), (465, None, None)]


def test_sample_sangong_items_are_unchanged(sample):
    got = {s.topic: (s.amount, s.direction) for s in sample.statements if s.topic.startswith("sangong.")}
    assert got == {
        "sangong.total": (D("29.00"), "持平"),
        "sangong.abroad": (D("10.00"), "持平"),
        "sangong.reception": (D("3.00"), "持平"),
        "sangong.vehicle_operation": (D("16.00"), "持平"),
        "sangong.vehicle_purchase": (D(0), "持平"),
    }


def test_sample_performance_and_assets(sample):
    whole = {s.topic: s.amount for s in sample.statements if s.topic.startswith("perf.whole.")}
    assert whole == {
        "perf.whole.total": D("73659.11"),
        "perf.whole.basic": D("2436.15"),
        "perf.whole.project": D("71222.96"),
        "perf.whole.units": D(1),
    }
    equipment = by_topic(sample, "asset.equipment.general")
    assert len(equipment) == 2 and "100万元" in equipment[1].text  # the 专用设备 line is printed as 通用
    assert {s.line for s in by_topic(sample, "perf.form.project")} == {612, 663, 698, 741, 770}
    assert sorted(s.line for s in by_topic(sample, "meta.appendix")) == [828, 866]
    assert {s.text for s in by_topic(sample, "meta.appendix_group")} == {"小企业发展促进", "林业和草原"}
    assert {s.line for s in by_topic(sample, "meta.typo")} == {540, 576}


def test_extractor_never_crashes_on_odd_prose():
    for text in (
        "",
        "。。。",
        "比上年增加。",
        "占%。",
        "增加1万元增长",
        "其中：",
        "因公",
        "无",
        "12345",
        "万元万元",
        "（。）比上年增加1万元",
        "均与上年持平。",
        "比上年1万元，增加0%",
        "上年及本年均无。",
        "）比上年减少2万元",
        "（（（1万元；）",
        "1万元，比上年0万元，下降100%",
        "2010101，比上年减少",
    ):
        read(INCOME, text or "说明。")


def test_a_total_change_explained_item_by_item():
    """'“三公”经费…较上年减少2.00万元。' then every item with its change and reason: the total is explained by its
    items when their changes add up to it; when they do not, the total keeps no reason."""
    items = (
        "\n\n（一）因公出国（境）费10.00万元，比上年减少1.50万元，主要原因是压减出访任务。"
        "\n\n（二）公务接待费3.00万元，比上年减少0.50万元，主要是厉行节约。"
    )
    doc = read(SANGONG, "2026年“三公”经费预算13.00万元，比上年减少2.00万元。" + items)
    total = by_topic(doc, "sangong.total")[0]
    assert total.direction == "减少" and total.reason.startswith("分项说明") and "压减出访任务" in total.reason
    other = read(SANGONG, "2026年“三公”经费预算13.00万元，比上年减少3.00万元。" + items)
    assert by_topic(other, "sangong.total")[0].reason is None


def _defs(body: str) -> dict[str, str]:
    doc = load_bytes(
        ("某市某局\n\n2026年部门预算\n\n一、部门职责\n\n负责全市某项工作。\n\n" + body).encode("utf-8"), "g.txt"
    )
    return {s.topic: s.text for s in doc.statements if s.topic.startswith("def.") and s.topic != "def.other"}


def test_glossary_under_an_unnumbered_title_with_entries_run_together():
    """'名词解释' printed as a plain line, its entries '（一）…：是…' run into one paragraph, then the next part."""
    defs = _defs(
        "名词解释\n\n（一）财政拨款收入：是本级财政拨付的资金。（二）“三公”经费：是指因公出国（境）费、公务用车购置及运行费"
        "和公务接待费。（三）机关运行经费：指行政单位的公用经费。\n\n2026年部门预算编制说明\n\n"
        "2026年某局收入预算100.00万元。\n"
    )
    assert set(defs) == {"def.sangong", "def.jgyx"}
    assert defs["def.sangong"].startswith("（二）“三公”经费") and "公务接待费" in defs["def.sangong"]


def test_glossary_entries_numbered_with_digits_or_read_as_headings():
    """'2．“三公”经费：…' and an entry whose first line the heading reader took as a title (number stripped)."""
    assert set(
        _defs("七、名词解释\n\n1.机关运行经费：是指各部门的公用经费。\n\n2．“三公”经费：是指因公出国（境）费等。\n")
    ) == {"def.jgyx", "def.sangong"}
    defs = _defs(
        "第四部分\n名词解释\n\n一、财政拨款收入：指财政当年拨付的资金。\n\n十六、“三公”经费：指市级部门安排的因公出国（境）费、\n"
        "公务用车购置及运行费和公务接待费。\n"
    )
    assert "因公出国" in defs["def.sangong"] and "公务接待费" in defs["def.sangong"]


def test_a_reason_citing_amounts_explains_the_change_before_it():
    """重庆 18 p4 '政府性基金预算支出4,066.60万元，…比2025年增加1,066.60万元，主要原因是2025年度结转1,036.60万元，市文化旅游委
    划转…资金30万元。': the amounts are the reason's, the change has one. A change named in the reason ('主要是一般公共预算拨款
    增加800.94万元') stays that part's own."""
    doc = read(
        "三、财政拨款情况说明",
        "2026年政府性基金预算财政拨款收入4,066.60万元，政府性基金预算支出4,066.60万元，主要用于支持"
        "电影事业发展，比2025年增加1,066.60万元，主要原因是2025年度结转1,036.60万元，市文化旅游委划转"
        "讲解员大赛资金30万元。",
    )
    changed = [s for s in doc.statements if s.change_amount == D("1066.60")]
    assert changed and all(
        s.reason and "结转1,036.60万元" in normalize(s.reason).replace("1036.60", "1,036.60") for s in changed
    ), [(s.topic, s.reason) for s in changed]
    parts = read(
        "一、收入预算",
        "2026年年初预算数45,369.18万元，其中：一般公共预算拨款37,891.58万元，政府性基金预算拨款4,066.60万元；"
        "收入比2025年增加1,867.54万元，主要是一般公共预算拨款增加800.94万元，政府性基金预算拨款增加1,066.60万元。",
    )
    assert [s.change_amount for s in by_topic(parts, "income.general")] == [D("800.94")]


def test_income_then_expense_in_one_paragraph():
    """西安 p10 '当年预算收入4,203.47万元，其中：一般公共预算拨款4,005.29万元、…，较上年增加142.30万元，增长3.50%…；
    本部门当年预算支出4,203.47万元，其中：…，较上年增加142.30万元，增长3.50%' and 深圳 '…收入10,737.69万元，…。…支出
    10,737.69万元，…': the 支出 sentence states the expense total, not one more income item."""
    items = "，其中：一般公共预算拨款4,005.29万元、其他收入198.18万元，较上年增加142.30万元，增长3.50%"
    for sep in ("；", "。"):
        doc = read(
            "五、收支预算总体情况说明",
            f"本部门当年预算收入4,203.47万元{items}{sep}本部门当年预算支出4,203.47万元{items}。",
        )
        assert [(s.amount, s.change_amount) for s in by_topic(doc, "expense.total") if s.amount] == [
            (D("4203.47"), D("142.30"))
        ]
        assert [s.change_amount for s in by_topic(doc, "income.general")] == [None]


def test_glossary_entries_unnumbered_each_a_paragraph_naming_its_term():
    """北京 说明 p9: '基本支出：指…' / '“三公”经费财政拨款预算数：指…' / '机关运行经费：指…', one unnumbered paragraph
    each under '六、名词解释': each entry is its own term, not the heading's."""
    defs = _defs(
        "六、名词解释\n\n基本支出：指为保障机构正常运转而发生的人员支出和公用支出。\n\n“三公”经费财政拨款预算数：指本部门"
        "财政拨款安排的因公出国（境）费用、公务接待费、公务用车购置和运行维护费预算数。\n\n机关运行经费：指为保障行政单位"
        "运行用于购买货物和服务的各项资金。\n"
    )
    assert set(defs) == {"def.basic", "def.sangong", "def.jgyx"}
    assert defs["def.sangong"].startswith("“三公”经费财政拨款预算数") and "公务接待费" in defs["def.sangong"]


def test_a_reason_sentence_naming_its_subject_explains_the_changes_just_before():
    """'收入和支出增加的原因是…。' on its own (Shanghai writes '财政拨款收入支出减少的主要原因是…') explains the
    increases stated in the paragraphs just before it; it does not explain a decrease."""
    doc = read(
        "一、部门预算编制说明",
        "2026年某局收入预算100.00万元，比上年增加10.00万元。\n\n支出预算100.00万元，比上年增加10.00万元；"
        "上年结转0万元，比上年减少5.00万元。\n\n收入和支出增加的原因是新增执法任务。",
    )
    reasons = {s.topic: s.reason for s in doc.statements if s.direction}
    assert reasons["income.total"] == reasons["expense.total"] == "收入和支出增加的原因是新增执法任务"
    assert [r for t, r in reasons.items() if t.endswith("carryover")] == [None]


def test_a_reason_heading_sentence_with_its_colon_explains_the_change_before_it():
    doc = read(
        "一、部门预算编制说明",
        "2026年某局收入预算90.00万元，较上年减少10.00万元，下降10.00%。\n\n"
        "预算收支减少主要原因说明：部分信息化项目经费尚未下达。",
    )
    total = next(s for s in doc.statements if s.topic == "income.total")
    assert total.reason == "预算收支减少主要原因说明：部分信息化项目经费尚未下达"


def test_an_income_total_explained_by_the_one_source_that_changed_under_a_sub_heading():
    doc = read(
        "一、收支预算总体情况说明",
        "某局2026年度收入预算总计500.00万元，与上年相比增加20.00万元，增长4.17%。其中：\n"
        "（一）收入预算总计500.00万元。包括：\n"
        "1．一般公共预算拨款收入480.00万元，与上年相比增加20.00万元。主要原因是人员经费增加。\n"
        "2．政府性基金预算拨款收入20.00万元，与上年预算数相同。",
    )
    total = next(s for s in doc.statements if s.topic == "income.total" and s.direction)
    assert total.reason == "分项说明：主要原因是人员经费增加"


def test_every_topic_the_reader_can_give_has_a_label():
    """A finding's subject names its figure in words: '说明 fiscal.project' (重庆 18 p4) had no label."""
    from gongkai.engine.pipeline.ingest import narrative
    from gongkai.engine.pipeline.statements import LABELS

    assert [
        f"{fam}.{t}" for fam, table in narrative._TABLES.items() for _, t in table if f"{fam}.{t}" not in LABELS
    ] == []
