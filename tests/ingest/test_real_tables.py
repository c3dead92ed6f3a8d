"""Every table the 16 real disclosures print is read by its kind, with its unit and all its rows (issue #11).

Pinned after reading the pages: kinds in document order with the number each is called by, the document's money
unit, and the row count of each table (an empty table keeps its 合计 row, or none where the page prints none).
Performance-target tables printed as tables (T24–T26) are read as tables of their kind; a 绩效目标申报表 is a form.
Beijing's 报表 file is read on its own here with `--scope tables`; with its 说明 it is one disclosure.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.engine.workflow.run import read_document

REAL = Path(__file__).resolve().parent.parent / "fixtures" / "real"

EXPECTED = {  # file: (money unit, [(kind, number called by, rows)])
    "03_shanghai-putuo_zhengfubangongshi-dept_2025.pdf": (
        "元",
        [
            ("T01", 1, 10),
            ("T02", 2, 21),
            ("T03", 3, 21),
            ("T04", 4, 5),
            ("T05", 5, 21),
            ("T08", 6, 1),
            ("T09", 7, 1),
            ("T06", 8, 30),
            ("T10", 9, 6),
        ],
    ),
    "05_shanghai-putuo_shangwuwei-dept_2025.pdf": (
        "元",
        [
            ("T01", 1, 10),
            ("T02", 2, 31),
            ("T03", 3, 31),
            ("T04", 4, 8),
            ("T05", 5, 31),
            ("T08", 6, 1),
            ("T09", 7, 1),
            ("T06", 8, 31),
            ("T10", 9, 6),
        ],
    ),
    "10_shanghai-putuo_caizhengju-dept_2025.pdf": (
        "元",
        [
            ("T01", 1, 10),
            ("T02", 2, 20),
            ("T03", 3, 20),
            ("T04", 4, 5),
            ("T05", 5, 20),
            ("T08", 6, 1),
            ("T09", 7, 1),
            ("T06", 8, 30),
            ("T10", 9, 6),
        ],
    ),
    "12_shanghai-city_caizhengju-unit_2025.pdf": (
        "元",
        [
            ("T01", 1, 12),
            ("T02", 2, 24),
            ("T03", 3, 24),
            ("T04", 4, 5),
            ("T05", 5, 24),
            ("T08", 6, 1),
            ("T09", 7, 1),
            ("T06", 8, 35),
            ("T10", 9, 6),
        ],
    ),
    "14_beijing_sifaju-baobiao_2026.pdf": (
        "万元",
        [
            ("T01", 1, 29),
            ("T02", 2, 1),
            ("T03", 3, 133),
            ("T04", 4, 32),
            ("T05", 5, 47),
            ("T06", 6, 60),
            ("T08", 7, 0),
            ("T09", 8, 0),
            ("T10", 9, 6),
            ("T15", 10, 3),
            ("T23", 11, 84),
            ("T24", 12, 238),
            ("T25", 13, 56),
        ],
    ),
    "15_guangdong-shenzhen_shenjiju_2026.pdf": (
        "万元",
        [
            ("T01", 1, 27),
            ("T02", 2, 1),
            ("T03", 3, 23),
            ("T16", 4, 33),
            ("T12", 5, 6),
            ("T04", 6, 28),
            ("T05", 7, 23),
            ("T14", 8, 34),
            ("T10", 9, 6),
            ("T08", 10, 1),
            ("T09", 11, 1),
        ],
    ),
    "16_guangdong-guangzhou_tongjiju_2026.pdf": (
        "万元",
        [
            ("T01", 1, 31),
            ("T02", 2, 4),
            ("T03", 3, 27),
            ("T04", 4, 29),
            ("T05", 5, 24),
            ("T06", 6, 38),
            ("T19", 7, 15),
            ("T10", 8, 7),
            ("T08", 9, 1),
            ("T09", 10, 1),
            ("T16", 11, 16),
            ("T12", 12, 13),
        ],
    ),
    "18_chongqing_shiwei-xuanchuanbu_2026.pdf": (
        "万元",
        [
            ("T01", 1, 10),
            ("T02", 2, 45),
            ("T03", 3, 45),
            ("T04", 4, 13),
            ("T05", 5, 38),
            ("T06", 6, 44),
            ("T08", 7, 8),
            ("T10", 8, 6),
            ("T15", 9, 3),
        ],
    ),
    "19_zhejiang-hangzhou_qixiangju_2026.pdf": (
        "万元",
        [
            ("T01", 1, 20),
            ("T02", 2, 4),
            ("T03", 3, 18),
            ("T04", 4, 20),
            ("T05", 5, 18),
            ("T06", 6, 39),
            ("T10", 7, 6),
            ("T08", 8, 1),
            ("T09", 9, 1),
            ("T12", 10, 4),
            ("T24", 11, 3),
        ],
    ),
    "21_fujian-fuzhou_shangwuju_2026.pdf": (
        "万元",
        [
            ("T01", 1, 29),
            ("T02", 2, 3),
            ("T03", 3, 25),
            ("T04", 4, 27),
            ("T05", 5, 22),
            ("T08", 6, 4),
            ("T09", 7, 1),
            ("T14", 8, 11),
            ("T06", 9, 109),
            ("T10", 10, 6),
            ("T24", 11, 105),
            ("T26", 12, 12),
        ],
    ),
    "23_shandong-yantai_shenjiju_2026.pdf": (
        "万元",
        [
            ("T01", 1, 27),
            ("T02", 2, 23),
            ("T03", 3, 23),
            ("T04", 4, 24),
            ("T05", 5, 22),
            ("T06", 6, 41),
            ("T10", 7, 6),
            ("T08", 8, 0),
            ("T09", 9, 0),
            ("T16", 10, 41),
            ("T12", 11, 7),
            ("T15", 12, 4),
            ("T24", None, 93),
        ],
    ),
    "24_hunan-changsha_xinfangju_2026.pdf": (
        "万元",
        [
            ("T01", 1, 10),
            ("T02", 2, 5),
            ("T03", 3, 5),
            ("T04", 4, 24),
            ("T05", 5, 5),
            ("T06", 6, 30),
            ("T10", 7, 6),
            ("T08", 8, 0),
            ("T24", 9, 79),
            ("T25", 10, 25),
        ],
    ),
    "26_central_guojia-xinfangju_2026.pdf": (
        "万元",
        [
            ("T01", 1, 9),
            ("T02", 2, 1),
            ("T03", 3, 23),
            ("T04", 4, 10),
            ("T05", 5, 26),
            ("T06", 6, 40),
            ("T08", 7, 0),
            ("T09", 8, 0),
            ("T10", 9, 6),
            ("T24", None, 15),
        ],
    ),
    "27_shaanxi-xian_shenjiju-huizong_2026.pdf": (
        "元",
        [
            ("T22", None, 5),
            ("T01", 1, 32),
            ("T02", 2, 4),
            ("T03", 3, 4),
            ("T04", 4, 28),
            ("T05", 5, 23),
            ("T14", 6, 34),
            ("T20", 7, 23),
            ("T06", 8, 34),
            ("T08", 9, 4),
            ("T12", 10, 13),
            ("T21", 11, 1),
            ("T15", 12, 10),
            ("T10", 13, 6),
            ("T24", 14, 67),
            ("T25", 15, 35),
            ("T26", 16, 0),
        ],
    ),
    "30_jiangsu-suzhou_shenjiju_2026.pdf": (
        "万元",
        [
            ("T01", 1, 33),
            ("T02", 2, 3),
            ("T03", 3, 15),
            ("T04", 4, 33),
            ("T17", 5, 15),
            ("T18", 6, 31),
            ("T05", 7, 15),
            ("T06", 8, 31),
            ("T10", 9, 6),
            ("T08", 10, 1),
            ("T09", 11, 1),
            ("T11", 12, 14),
            ("T15", 13, 9),
        ],
    ),
}


def read(name: str):
    return read_document(REAL / name, "tables" if "baobiao" in name else None)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_table_is_read_with_its_kind_unit_and_rows(name):
    unit, tables = EXPECTED[name]
    doc = read(name)
    assert doc.meta.money_unit == unit
    assert [(t.kind or t.id, t.number, len(t.rows)) for t in doc.tables] == tables


def test_columns_get_roles_from_multi_row_headers():
    """部门公开表5 (central, p10): 2025年执行数 | 2026年预算数 (小计 / 基本支出 / 项目支出) | 增减: last year and
    the change are read as such, never as this year's 合计."""
    t5 = read("26_central_guojia-xinfangju_2026.pdf").table("T05")
    assert t5.columns[:7] == [
        "科目编码",
        "名称",
        "上年:合计",
        "其他:扣除中央基建投资后执行数",
        "合计",
        "基本支出",
        "项目支出",
    ]
    row = next(r for r in t5.rows if r.code == "2014001")  # 行政运行
    assert row.values["合计"] == Decimal("5826.21") and row.values["上年:合计"] == Decimal("5555.07")


def test_codes_split_over_lei_kuan_xiang_are_joined():
    """Shanghai prints 类 | 款 | 项 in three columns ('201 | 03 | 01 | 行政运行')."""
    t3 = read("03_shanghai-putuo_zhengfubangongshi-dept_2025.pdf").table("T03")
    assert [r.code for r in t3.rows[:3]] == ["201", "20103", "2010301"]
    assert t3.rows[2].name == "行政运行"


def test_a_table_in_another_unit_is_scaled_exactly_to_the_documents_unit():
    """Putuo prints its tables in 元 and the 三公 table in 万元 (867.50万元 = 8,675,000.00元)."""
    doc = read("03_shanghai-putuo_zhengfubangongshi-dept_2025.pdf")
    sangong = doc.table("T10")
    assert doc.meta.money_unit == "元" and sangong.unit == "万元"
    total = next(r for r in sangong.rows if r.name == "合计")
    assert total.values["合计"] == Decimal("8675000.00")
    assert any(p.what == "table.T10.unit" for p in doc.problems)


def test_a_sangong_table_printed_across_is_read_item_by_item_with_last_year():
    """Shenzhen 表9: one row per year, one column group per item and fund."""
    rows = {r.name: r.values for r in read("15_guangdong-shenzhen_shenjiju_2026.pdf").table("T10").rows}
    assert rows["合计"] == {"合计": Decimal("35.10"), "上年:合计": Decimal("40.31")}
    assert rows["公务接待费"]["合计"] == Decimal("3.50")


def test_an_empty_table_explained_in_a_contents_grid_carries_that_note():
    """Xi'an's 报表目录 (p23) marks 表9 and 表11 是否空表 = 是, 理由 不涉及."""
    doc = read("27_shaanxi-xian_shenjiju-huizong_2026.pdf")
    assert [n.text for n in doc.table("T08").notes] == ["目录：表9 不涉及"]
