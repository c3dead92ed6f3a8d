"""The 13 tables of the Shanxi provincial template (the national 8 are a subset): how to recognise each
title, and the meaning of each column. Readers and renderers share this, so both speak one layout."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from gongkai.engine.pipeline.numbers import squash

TEXT, AMOUNT = "text", "amount"


@dataclass(frozen=True)
class TableSpec:
    id: str
    number: int
    name: str  # title without the year, as the template prints it
    columns: tuple[tuple[str, str], ...]
    national: bool  # one of the 8 tables of 财预〔2016〕143号
    code_column: str | None = None
    name_column: str | None = None

    def title(self, year: int) -> str:
        return f"{year}年{self.name}"

    @property
    def amount_columns(self) -> list[str]:
        return [c for c, kind in self.columns if kind == AMOUNT]

    @property
    def column_names(self) -> list[str]:
        return [c for c, _ in self.columns]


def _cols(*names: str) -> tuple[tuple[str, str], ...]:
    return tuple((n[1:], TEXT) if n.startswith("@") else (n, AMOUNT) for n in names)


_FUNC = _cols("@科目编码", "@科目名称", "合计", "基本支出", "项目支出")
_SIDES = (
    "一般公共预算",
    "政府性基金",
    "国有资本经营预算",
)  # column roles (engine/pipeline/kinds.py), as the reader names them

TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "T01",
        1,
        "预算收支总表",
        _cols("@收入项目", "收入金额", "@支出项目", "支出合计", "当年预算安排", "上年结转安排"),
        True,
        name_column="收入项目",
    ),
    TableSpec(
        "T02",
        2,
        "预算收入总表",
        _cols(
            "@科目编码",
            "@科目名称",
            "合计",
            "一般公共预算",
            "政府性基金",
            "国有资本经营预算",
            "财政专户管理资金",
            "单位资金",
            "上年结转",
        ),
        True,
        "科目编码",
        "科目名称",
    ),
    TableSpec("T03", 3, "预算支出总表", _FUNC, True, "科目编码", "科目名称"),
    TableSpec(
        "T04",
        4,
        "财政拨款收支总表",
        _cols("@收入项目", "收入金额", "@支出项目", "支出合计", *_SIDES),
        True,
        name_column="收入项目",
    ),
    TableSpec("T05", 5, "一般公共预算支出预算表（不含上年结转）", _FUNC, True, "科目编码", "科目名称"),
    TableSpec(
        "T06",
        6,
        "一般公共预算安排基本支出分经济科目表（不含上年结转）",
        _cols("@部门经济科目", "@政府经济科目", "合计", "人员经费", "公用经费"),
        True,
        name_column="部门经济科目",
    ),
    TableSpec(
        "T07",
        7,
        "政府性基金预算收入表（不含上年结转）",
        _cols("@科目编码", "@科目名称", "合计"),
        False,
        "科目编码",
        "科目名称",
    ),
    TableSpec("T08", 8, "政府性基金预算支出表（不含上年结转）", _FUNC, True, "科目编码", "科目名称"),
    TableSpec(
        "T09",
        9,
        "国有资本经营预算收支预算表（不含上年结转）",
        _cols(
            "@收入科目编码",
            "@收入科目名称",
            "合计",
            "@科目编码",
            "@科目名称",
            "国有资本经营预算",
            "基本支出",
            "项目支出",
        ),
        False,
        "科目编码",
        "收入科目编码",
    ),
    TableSpec("T10", 10, "财政拨款安排“三公”经费支出预算表", _cols("@项目", "合计", *_SIDES), True, name_column="项目"),
    TableSpec(
        "T11", 11, "财政拨款安排机关运行经费预算表", _cols("@单位名称", "合计", *_SIDES), False, name_column="单位名称"
    ),
    TableSpec(
        "T12",
        12,
        "项目支出预算表（本年预算）",
        _cols("@项目名称", "合计", *_SIDES, "财政专户管理资金", "单位资金"),
        False,
        name_column="项目名称",
    ),
    TableSpec(
        "T13", 13, "项目支出预算表（上年结转）", _cols("@项目名称", "合计", *_SIDES), False, name_column="项目名称"
    ),
)
BY_ID = {t.id: t for t in TABLES}
NATIONAL_8 = [t.id for t in TABLES if t.national]


@lru_cache(maxsize=1 << 14)
def identify(title: str) -> TableSpec | None:
    """Which template table a title line names, by normalised keywords (order matters)."""
    t = squash(title)
    if "表" not in t or "绩效" in t or "目录" in t or len(t) > 60:
        return None
    checks = (
        ("T04", "财政拨款收支总表" in t),
        ("T01", "收支总表" in t),
        ("T02", "收入总表" in t),
        ("T03", "支出总表" in t),
        ("T06", "基本支出" in t and "经济" in t),
        ("T05", "一般公共预算支出" in t),
        ("T07", "政府性基金" in t and "收入" in t),
        ("T08", "政府性基金" in t and "支出" in t),
        ("T09", "国有资本经营" in t),
        ("T10", "三公" in t),
        ("T11", "机关运行经费" in t),
        ("T13", "项目支出" in t and "上年结转" in t),
        ("T12", "项目支出" in t and "预算表" in t),
    )
    for table_id, hit in checks:
        if hit:
            return BY_ID[table_id]
    return None
