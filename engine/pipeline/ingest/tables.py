"""A table read by its own headers: header rows → a header path per column → a role per column; data rows
→ `Row`s with a joined classification code, a name and amounts keyed by role.

Positions mean nothing here: the same rule reads a 收支总表 with four columns (项目 | 预算数 | 项目 | 预算数) or
with six (…支出合计 | 当年预算安排 | 上年结转安排), codes joined (2010301) or split over 类/款/项 columns, with or
without a last-year column. What a header does not name is kept in `cells` but given no role, so no identity
ever reads a column by guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import zip_longest

from gongkai.engine.pipeline import kinds
from gongkai.engine.pipeline.model import Row
from gongkai.engine.pipeline.numbers import squash, try_amount
from gongkai.engine.pipeline.report import trusted

CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")  # 类 3 digits, 款 5, 项 7
_PART = re.compile(r"^\d{2,3}$")
_PERCENT = re.compile(r"^[-+]?\d+(\.\d+)?%$")
TWO_SIDED = ("T01", "T04")
_UNIT_CODE = re.compile(r"(单位|部门)(编码|代码)")
_NAME_HEADER = re.compile(r"名称|项目$|^项目|科目$|单位$|内容|类别|用途")
_CODE_THEN_NAME = re.compile(r"^[\[【]?(\d{3}(?:\d{2}){0,2})[\]】]?\s*[-－—:：]?\s*(\D.*)$")
_SCOPE_ROLES = (kinds.GP, kinds.FUND, kinds.SOE, kinds.BASIC, "财政拨款", "机关运行经费")


@dataclass
class Column:
    index: int
    path: tuple[str, ...]
    role: str | None  # amount role (kinds.amount_role), text role (科目编码/类/款/项/名称…) or None
    text: bool


def header_paths(header: list[list[str]], width: int) -> list[tuple[str, ...]]:
    """One path of header texts per column, top row first. A merged header cell prints its text in its first
    column and leaves the columns it covers empty; it covers them only inside its parent's span (so the cell
    below a vertically merged one does not borrow its left neighbour's text)."""
    paths: list[list[str]] = [[] for _ in range(width)]
    owner_prev = [0] * width  # start column of the span covering each column in the row above
    for r, cells in enumerate(header):
        cells = cells + [""] * (width - len(cells))
        owner = list(range(width))
        start: int | None = None
        for c in range(width):
            text = cells[c].strip()
            if text:
                start = c
                paths[c].append(text)
            elif (
                start is not None and (r == 0 or owner_prev[c] == owner_prev[start]) and not _starts_above(header, r, c)
            ):
                owner[c] = start
                paths[c].append(cells[start].strip())
            else:
                start = None
        owner_prev = owner
    return [tuple(p) for p in paths]


def _starts_above(header: list[list[str]], r: int, c: int) -> bool:
    """Column c has its own text in some row above r: a column of its own, not part of a span to its left."""
    return any(c < len(header[k]) and header[k][c].strip() for k in range(r))


def columns_for(kind: str, header: list[list[str]], data: list[list[str]], year: int | None) -> list[Column]:
    """`header` and `data`: rows of cells as the reader keeps them (normalised, stripped: a blank cell is '')."""
    width = max([len(c) for c in header + data] or [0])
    paths = header_paths(header, width)
    cols: list[Column] = []
    # label-only rows (one cell: a heading row inside the grid) say nothing about what a column holds
    grid_rows = [row for row in data if len(row) - row.count("") > 1] or data
    columns = list(zip_longest(*grid_rows, fillvalue=""))  # the rows' cells column by column
    for c in range(width):
        values = [x for x in columns[c] if x] if c < len(columns) else []
        cols.append(_classify(c, paths[c], values, year))
    if kind == "T10":
        _sangong_items_first(cols, year)
    if kind in TWO_SIDED:
        _two_sided_roles(cols)
    elif not any(c.role == kinds.TOTAL for c in cols):
        # a table of one fund or one use prints its total under that name (一般公共预算 | 基本支出 | 项目支出)
        first = next((c for c in cols if not c.text and c.role), None)
        if first is not None and first.role in _SCOPE_ROLES:
            first.role = kinds.TOTAL
    if any(c.role == kinds.TOTAL and len(c.path) == 1 for c in cols):
        # 总计 | 本年收入 (小计 | 一般公共预算 …) | 上年结转结余 (小计 | …): the 本年 小计 is a part, not the total
        for col in cols:
            if col.role == kinds.TOTAL and len(col.path) > 1 and squash(col.path[0]).startswith("本年"):
                col.role = "本年:" + kinds.TOTAL
    _dedupe(cols)
    return cols


def _classify(c: int, path: tuple[str, ...], values: list[str], year: int | None) -> Column:
    bottom = squash(path[-1]) if path else ""
    joined = squash("".join(path))
    # how many values are amounts or percents, and how many classification codes or parts of one
    numeric, codes = map(sum, zip(*map(_looks, values))) if values else (0, 0)
    if bottom in ("类", "款", "项"):
        return Column(c, path, bottom, True)
    if _UNIT_CODE.search(joined):
        return Column(c, path, "单位编码", True)  # a unit's code (117001), not a classification code
    if ("编码" in joined or "代码" in joined) and not any(len(v) > 12 for v in values):
        return Column(c, path, "科目编码", True)
    if (
        values
        and numeric >= 0.6 * len(values)
        and not (codes and codes == len(values) and not any("." in v for v in values))
    ):
        return Column(c, path, kinds.amount_role(path, year), False)
    if values and codes and codes == len(values) and not path:
        return Column(c, path, "科目编码", True)
    role = kinds.amount_role(path, year)
    name_like = bool(_NAME_HEADER.search(bottom)) and "支出" not in bottom[-4:]
    if not values and role is not None and not name_like:
        return Column(c, path, role, False)
    if values and numeric >= 0.6 * len(values):
        return Column(c, path, role, False)
    if "经济" in joined and "政府" in joined:
        return Column(c, path, "政府经济科目", True)
    if "经济" in joined and "部门" in joined:
        return Column(c, path, "部门经济科目", True)
    return Column(c, path, "名称" if (values or name_like or bottom) else None, True)


@lru_cache(maxsize=1 << 16)  # asked of every cell of every column; cells repeat (0.00, 合计 …)
def _looks(cell: str) -> tuple[bool, bool]:
    """(an amount or a percent, a classification code or a part of one)."""
    text = cell.replace(" ", "")
    return try_amount(cell) is not None or bool(_PERCENT.match(text)), bool(CODE.match(text) or _PART.match(text))


def _two_sided_roles(cols: list[Column]) -> None:
    """收支总表 and 财政拨款收支总表 print income on the left and expenditure on the right: the first label column
    is 收入项目 with its amount 收入金额; the second is 支出项目 and its total 支出合计."""
    labels = [c for c in cols if c.text and c.role in ("名称", None) and c.path]
    if len(labels) < 2:
        labels = [c for c in cols if c.text]
    if len(labels) < 2:
        return
    left, right = labels[0], labels[1]
    left.role, right.role = "收入项目", "支出项目"
    income = [c for c in cols if not c.text and left.index < c.index < right.index]
    for k, c in enumerate(income):
        c.role = "收入金额" if k == 0 else "收入:" + (c.role or f"列{c.index + 1}")
    for k, c in enumerate(x for x in cols if not x.text and x.index > right.index):
        if k == 0:
            c.role = "支出合计"
        elif c.role == kinds.CARRY:
            c.role = "上年结转安排"


def _sangong_items_first(cols: list[Column], year: int | None) -> None:
    """In a 三公 table the item names the column (因公出国(境)费 / 一般公共预算 is the item's 一般公共预算
    figure): the item is the role, another fund beneath it a qualified role no identity reads."""
    items = set(SANGONG_ITEMS) | {kinds.TOTAL}
    for c in cols:
        if c.text or c.role is None or c.role.startswith(("上年:", "增减")):
            continue
        named = [r for r in (kinds.amount_role(c.path[: k + 1], year) for k in range(len(c.path))) if r in items]
        item = next((r for r in reversed(named) if r != kinds.TOTAL), None)
        if item is None or c.role == item:
            continue
        c.role = item if c.role in (kinds.GP, kinds.TOTAL) else f"{item}:{c.role}"


def _dedupe(cols: list[Column]) -> None:
    """A role names one column: a second column with the same role (e.g. a repeated 合计 under another
    heading) keeps its place but loses the role, so no identity reads the wrong one."""
    seen: set[str] = set()
    for c in cols:
        if c.role is None or c.role in ("类", "款", "项"):
            continue
        if c.role in seen:
            c.role = f"{c.role}#{c.index + 1}"
        seen.add(c.role)


class CodeJoiner:
    """Codes split over 类/款/项 columns ('221 | 02 | 03') or with an upper level left blank on the rows
    below it (' | 01 | 行政单位医疗') become one code ('2210203'); a joined code is kept as it is."""

    def __init__(self) -> None:
        self.last: dict[str, str] = {}

    def join(self, parts: dict[str, str]) -> str | None:
        lei, kuan, xiang = (parts.get(k, "").replace(" ", "") for k in ("类", "款", "项"))
        if not (lei or kuan or xiang):
            return None
        if (
            lei
            and not re.fullmatch(r"\d{3}", lei)
            or kuan
            and not re.fullmatch(r"\d{2}", kuan)
            or (xiang and not re.fullmatch(r"\d{2}", xiang))
        ):
            return None
        lei = lei or self.last.get("类", "")
        if not lei:
            return None
        if kuan:
            self.last = {"类": lei, "款": kuan}
        elif xiang:
            kuan = self.last.get("款", "")
            if not kuan:
                return None
        else:
            self.last = {"类": lei}
        return lei + (kuan or "") + (xiang if kuan else "")


def make_row(cols: list[Column], cells: list[str], line: int, joiner: CodeJoiner) -> Row:
    """One data row; `cells` as the reader keeps them (normalised, stripped)."""
    texts: dict[str, str] = {}
    values: dict[str, Decimal | None] = {}
    parts: dict[str, str] = {}
    code: str | None = None
    names: list[str] = []
    width = len(cells)
    for col in cols:
        index, role = col.index, col.role
        cell = cells[index] if index < width else ""
        if not col.text:  # an amount column (most are)
            if role is not None:
                values[role] = _amount(cell)
            elif cell and _amount(cell):
                values[f"列{index + 1}"] = _amount(cell)  # kept so an identity knows it cannot judge
        elif role in ("类", "款", "项") and names:
            # a second classification after the first one's name (政府经济科目 beside 部门经济科目)
            texts[f"第二{role}"] = cell
        elif role in ("类", "款", "项"):
            parts[role] = cell
        elif role == "科目编码":
            squashed = cell.replace(" ", "")
            if code is None and CODE.match(squashed):
                code = squashed
            elif squashed and not squashed.isdigit():
                names.append(cell)  # '合计' printed in the code column
            texts["科目编码" if "科目编码" not in texts else "科目编码2"] = squashed
        elif role:
            texts[role if role not in texts else f"{role}{index + 1}"] = cell
            if cell or role in ("名称", "部门经济科目", "收入项目"):
                names.append(cell)
    if parts and code is None:
        code = joiner.join(parts)
        if code:
            texts["科目编码"] = code
        else:
            # '合计' printed under 类 (left of the empty 款/项/名称 cells), as it is in the 科目编码 column
            label = next((p.replace(" ", "") for p in parts.values() if p and not p.replace(" ", "").isdigit()), "")
            if label:
                names.append(label)
                texts["科目编码"] = label
    # the first label names the row; a two-sided row with an empty income side is named by its expenditure
    name = next(filter(None, names), "")
    if code is None and name:
        # '2010301 行政运行' / '2040601-行政运行' / '[301]工资福利支出'
        m = _CODE_THEN_NAME.match(name)
        if m:
            code, name = m.group(1), m.group(2).strip()
    # trusted: the values have the field types already (a table's rows are most of the models a reader makes)
    return trusted(Row, {"line": line, "cells": cells, "code": code, "name": name, "texts": texts, "values": values})


@lru_cache(maxsize=1 << 16)  # a pure function of the cell, asked again for every column that holds it
def _amount(cell: str) -> Decimal | None:
    text = cell.replace(" ", "")
    if _PERCENT.match(text):
        return None
    return try_amount(text)


_PRINTED = {"公务用车购置及运行维护费": "公务用车购置及运行费"}  # the item name every template prints
SANGONG_ITEMS = ("因公出国（境）费", "公务接待费", "公务用车购置及运行维护费", "公务用车购置费", "公务用车运行维护费")


def transpose_sangong(cols: list[Column], rows: list[Row]) -> list[Row] | None:
    """A 三公 table printed across (合计 | 因公出国 | 公务接待 | 公务用车 …, one row of figures) becomes the
    rows every rule reads (合计, 因公出国（境）费, …), each with the budget year's figure in 合计 and last year's
    in 上年:合计 where a row says so. None when the table is printed down (items as rows) already."""
    item_cols = [c for c in cols if c.role in SANGONG_ITEMS]
    if len(item_cols) < 2 or not rows:
        return None

    def says(r: Row) -> str:
        return " ".join(v for v in r.texts.values() if v) or r.name

    this_year = next(iter(sorted({int(y) for r in rows for y in re.findall(r"(20\d\d)年", says(r))})[-1:]), None)
    current = [
        r
        for r in rows
        if not re.search(r"上年|20\d\d年|增减|变化", says(r))
        or _this_year(says(r))
        or this_year is not None
        and f"{this_year}年" in says(r)
    ]
    prior = [r for r in rows if r not in current and not re.search(r"增减|变化", says(r))]
    source = next((r for r in current if squash(r.name) in ("合计", "")), current[0] if current else None)
    if source is None:
        return None
    roles = [c.role for c in item_cols if c.role]
    # with 会议费/培训费 beside them, the table's 合计 is not the 三公 total: the column that says 三公 is
    sangong_total = next(
        (
            c
            for c in cols
            if not c.text
            and c.role
            and "三公" in "".join(c.path)
            and re.search(r"合计|小计|总计", c.path[-1])
            and ":" not in c.role
        ),
        None,
    )
    if sangong_total is not None:
        total_role = sangong_total.role
    elif not any(c.role in ("会议费", "培训费") for c in cols):
        total_role = kinds.TOTAL
    else:
        total_role = None
    if total_role is not None:
        roles.insert(0, total_role)
    out = []
    for role in roles:
        values = {kinds.TOTAL: source.values.get(role)}
        if prior:
            values["上年:合计"] = prior[0].values.get(role)
        name = "合计" if role == total_role else _PRINTED.get(role, role)
        out.append(Row(line=source.line, cells=source.cells, name=name, texts={"名称": name}, values=values))
    return out


def name_sangong_rows(rows: list[Row], year: int | None) -> None:
    """A 三公 table printed down names its rows its own way ('其中：（一）因公出国（境）支出', '（2）公务用车运行费',
    '“三公”经费'): each row is named by the item it is, as every rule reads it; the printed label stays in cells."""
    for r in rows:
        label = squash(r.name)
        item: str | None
        if "三公" in label and "其中" not in label[:2] or label in ("合计", "总计", "小计"):
            item = "合计"
        else:
            role = kinds.amount_role((re.sub(r"支出$", "费", label),), year)
            item = _PRINTED.get(role, role) if role in SANGONG_ITEMS else None
        if item:
            r.name = item
            r.texts["名称"] = item


def _this_year(name: str) -> bool:
    return bool(re.search(r"本年|预算数", name))
