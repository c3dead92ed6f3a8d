"""Reading figures out of table facts (part of the rule-authoring API).

Amounts are integer hundredths of the table unit; a blank cell reads as 0 (the template leaves zero
cells blank). Labels are compared without their ordinal prefix ("八、社会保障和就业支出" → "社会保障和就业支出").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

from gongkai.engine.pipeline.numbers import squash

_ORDINAL = re.compile(
    r"^([一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|[①②③④⑤⑥⑦⑧⑨⑩]|\(?[0-9]+\)|[0-9]+[、.．]|其中[:：]?)"
)


@lru_cache(maxsize=1 << 14)  # rules and derivers ask for the same row labels thousands of times a document
def label(text: str | None) -> str:
    """'二十、住房保障支出' → '住房保障支出'; '①公务用车购置费' → '公务用车购置费'."""
    t = squash(text or "")
    while True:
        m = _ORDINAL.match(t)
        if not m or not m.group(0):
            return t
        t = t[m.end() :]


_EMPTY: dict[str, Any] = {}  # the default of a missing "v" or "texts", only read: no new dict per call


def val(row: dict[str, Any] | None, column: str) -> int:
    if row is None:
        return 0
    v = row.get("v", _EMPTY).get(column)
    return 0 if v is None else int(v)


def has_val(row: dict[str, Any] | None, column: str) -> bool:
    return row is not None and row.get("v", _EMPTY).get(column) is not None


def text(row: dict[str, Any], column: str) -> str:
    return row.get("texts", _EMPTY).get(column, "")


def rows(ctx: Any, table: str) -> list[dict[str, Any]]:
    """A table's rows in order (sorted once per document; a copy, the caller may change it)."""
    return list(ctx.memo(("rows", table), lambda: sorted(ctx.facts("row", table=table), key=lambda r: r["index"])))


def table(ctx: Any, table_id: str) -> dict[str, Any] | None:
    return ctx.fact("table", table=table_id)


def find(rows_: Iterable[dict[str, Any]], column: str, *names: str) -> dict[str, Any] | None:
    """First row whose label in `column` equals one of `names` (after removing ordinals)."""
    wanted = {squash(n) for n in names}
    for r in rows_:
        if label(text(r, column)) in wanted:
            return r
    return None


def code_rows(rows_: Iterable[dict[str, Any]], level: str | None = None) -> list[dict[str, Any]]:
    return [r for r in rows_ if r.get("code") and (level is None or r.get("level") == level)]


def children(rows_: list[dict[str, Any]], parent: dict[str, Any]) -> list[dict[str, Any]]:
    """Direct children of a 类 (款 rows) or 款 (项 rows) by code prefix."""
    code = parent["code"]
    want = len(code) + 2
    return [r for r in rows_ if r.get("code") and len(r["code"]) == want and r["code"].startswith(code)]


def parent_codes(rows_: Iterable[dict[str, Any]]) -> set[str]:
    """The codes that have `children`: one pass over the rows instead of a scan per parent."""
    return {r["code"][:-2] for r in rows_ if r.get("code")}


def ev(fact: dict[str, Any] | None, label_: str | None = None) -> dict[str, Any] | None:
    """An evidence item for a fact, optionally saying what the line stands for."""
    if fact is None:
        return None
    return {"line": fact.get("line"), "table": fact.get("table"), "label": label_}


def evs(*items: dict[str, Any] | None) -> list[dict[str, Any]]:
    return [i for i in items if i is not None]


# The printed name of each table of the document being judged ("表5", "公开05表" → "表5"), set by build_facts:
# a table is named by the number its document prints, or its place among the tables when none is printed.
TABLE_LABELS: ContextVar[dict[str, str]] = ContextVar("TABLE_LABELS")


def tname(table_id: str) -> str:
    known = TABLE_LABELS.get({}).get(table_id)  # no document being judged: no printed names
    if known:
        return known
    digits = "".join(ch for ch in table_id[1:3] if ch.isdigit())
    return f"表{int(digits)}" if digits else table_id


# -- columns by role -----------------------------------------------------------------------------------------
# Where a table's money comes from (income tables, project tables, the 三公 and 机关运行经费 tables). 财政拨款 is
# the sum of the three budget funds when a table prints it beside them.
SOURCE_ROLES = (
    "财政拨款",
    "一般公共预算",
    "政府性基金",
    "国有资本经营预算",
    "财政专户管理资金",
    "单位资金",
    "事业收入",
    "事业单位经营收入",
    "上级补助收入",
    "附属单位上缴收入",
    "其他收入",
    "使用非财政拨款结余",
    "用事业基金弥补收支差额",
    "上年实户资金余额",
    "上年结转",
)
FISCAL_FUNDS = ("一般公共预算", "政府性基金", "国有资本经营预算")


def amount_roles(table_fact: dict[str, Any] | None) -> list[str]:
    """The budget-year amount columns a table has, by role (no last-year, change, unnamed or repeated ones)."""
    if table_fact is None:
        return []
    return [
        c
        for c in table_fact.get("columns", [])
        if c
        and ":" not in c
        and "#" not in c
        and not c.startswith(("增减", "列"))
        and c
        not in (
            "科目编码",
            "类",
            "款",
            "项",
            "名称",
            "收入项目",
            "支出项目",
            "部门经济科目",
            "政府经济科目",
            "收入金额",
        )
    ]


def source_parts(columns: list[str]) -> list[str]:
    """The source columns that add up to 合计: 财政拨款 stands for the three funds when both are printed."""
    parts = [c for c in SOURCE_ROLES if c in columns]
    if "财政拨款" in parts and any(f in parts for f in FISCAL_FUNDS):
        parts = [c for c in parts if c not in FISCAL_FUNDS]
    return parts


def unnamed_values(row: dict[str, Any]) -> list[str]:
    """Amount cells in columns whose header names no role (or names one twice): an identity that should
    include them cannot be judged on this row."""
    return [k for k, v in row.get("v", _EMPTY).items() if v and (k.startswith("列") or "#" in k)]


def has_unique_codes(rows_: list[dict[str, Any]]) -> bool:
    codes = [r["code"] for r in rows_ if r.get("code")]
    return len(codes) == len(set(codes))


# the 类 of the function classification (政府收支分类科目): a two-sided table's expenditure side lists these,
# sometimes with 款 rows or a 基本/项目 split beside them, which are not classes
FUNCTION_CLASSES = frozenset(
    (
        "一般公共服务支出",
        "外交支出",
        "国防支出",
        "公共安全支出",
        "教育支出",
        "科学技术支出",
        "文化旅游体育与传媒支出",
        "社会保障和就业支出",
        "社会保险基金支出",
        "卫生健康支出",
        "节能环保支出",
        "城乡社区支出",
        "农林水支出",
        "交通运输支出",
        "资源勘探工业信息等支出",
        "商业服务业等支出",
        "金融支出",
        "援助其他地区支出",
        "自然资源海洋气象等支出",
        "住房保障支出",
        "粮油物资储备支出",
        "国有资本经营预算支出",
        "灾害防治及应急管理支出",
        "预备费",
        "其他支出",
        "转移性支出",
        "债务还本支出",
        "债务付息支出",
        "债务发行费用支出",
        "抗疫特别国债安排的支出",
    )
)
