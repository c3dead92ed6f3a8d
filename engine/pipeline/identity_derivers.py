"""Forward chaining from reader facts to `identity` facts (engine/pipeline/identities.py documents the fact and the
catalog). `TableIdentities` runs on every table fact, `CrossTableIdentities` once per document; each catalog
entry's `shape` is one function below that finds the figures and states what must equal what. Judging is the
rules' business: nothing here records a finding.

The reading heuristics (which rows are a side's items, where a project table's units are …) live here, next
to the figures they find, and are shared by every rule that needs them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Any

from gongkai.engine.authoring import Deriver
from gongkai.engine.pipeline.figures import (
    FUNCTION_CLASSES,
    amount_roles,
    children,
    code_rows,
    ev,
    evs,
    find,
    has_unique_codes,
    label,
    rows,
    source_parts,
    text,
    tname,
    unnamed_values,
    val,
)
from gongkai.engine.pipeline.identities import CROSS_IDENTITIES, for_table
from gongkai.engine.pipeline.kinds import BASIC, PERSONNEL, PUBLIC, TARGET_KINDS, amount_role
from gongkai.engine.pipeline.numbers import normalize

_SUMMARY = re.compile(r"^(本年收入合计|本年支出合计|收入总计|支出总计|上年结转|年终结转|上年财政拨款结转)")
_TOP = re.compile(r"^\s*[一二三四五六七八九十]+、")
_SUB = re.compile(r"^\s*(其中|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．])")
_ECON_CLASSES = ("工资福利支出", "商品和服务支出", "对个人和家庭的补助", "资本性支出")
_UNIT_NAME = re.compile(
    r"(局|厅|委员会|委|办公室|中心|工会|院|所|站|队|馆|学校|协会|联合会|研究会)(（本级）|\(本级\))?$"
)


class Emit:
    """Asserts identity facts of one kind: the same calls a rule would make on its context, recorded as
    obligations instead of verdicts."""

    def __init__(self, ctx: Any, kind: str, scope: str, tables: tuple[str, ...] = ()) -> None:
        self.ctx, self.kind, self.scope, self.tables = ctx, kind, scope, tables
        self.count = 0

    def identity(
        self,
        subject: str,
        *,
        expected: Any = None,
        actual: Any = None,
        addends: int = 0,
        evidence: Any = (),
        relation: str = "eq",
        na: str = "",
        na_en: str = "",
        error: str = "",
        data: dict[str, Any] | None = None,
    ) -> None:
        self.count += 1
        items = [e for e in evidence if e]
        tables = self.tables or tuple(dict.fromkeys(e["table"] for e in items if e.get("table")))
        self.ctx.derive(
            {
                "id": f"identity:{self.kind}:{self.scope}:{self.count}",
                "type": "identity",
                "kind": self.kind,
                "table": tables[0] if tables else None,
                "tables": list(tables),
                "subject": subject,
                "relation": relation,
                "expected": expected,
                "actual": actual,
                "addends": addends,
                "evidence": items,
                "line": next((e["line"] for e in items if e.get("line")), None),
                "na": na,
                "na_en": na_en,
                "error": error,
                "data": data or {},
            }
        )

    def compare(
        self, subject: str, expected: int | None, actual: int | None, *, addends: int, evidence: Any = ()
    ) -> None:
        self.identity(subject, expected=expected, actual=actual, addends=addends, evidence=evidence)

    def compare_columns(
        self, subject: str, expected: dict[str, int], actual: dict[str, int], *, addends: int, evidence: Any = ()
    ) -> None:
        self.identity(subject, expected=expected, actual=actual, addends=addends, evidence=evidence)

    def total_of_rows(self, subject: str, total, parts, cols, total_label: str, part_label) -> None:
        """A total row equals the sum of its part rows, column by column: one finding citing them all."""
        self.compare_columns(
            subject,
            {c: _sum(parts, c) for c in cols},
            {c: val(total, c) for c in cols},
            addends=len(parts),
            evidence=[ev(total, total_label)] + [ev(r, part_label(r)) for r in parts],
        )

    def not_applicable(self, subject: str, *, note: str, note_en: str, evidence: Any = ()) -> None:
        self.identity(subject, evidence=evidence, na=note, na_en=note_en)


def _sum(rs, column):
    return sum(val(r, column) for r in rs)


def _has_any(rs, columns):
    return any(r["v"].get(c) is not None for r in rs for c in columns)


def coded_name(r):
    return f"{r['code']} {r['name']}" if r.get("code") else label(r["name"]) or "合计"


def _pick(total: str, cols: list[str]) -> str | None:
    """The first printed of the alternatives 'a|b'."""
    return next((c for c in total.split("|") if c in cols), None)


# -- 表1 / 表4: balance tables ------------------------------------------------------------------------------------


def side_items(rs, column, stop):
    """Rows of one side of a two-sided summary table (表1/表4) above its 本年…合计 row. Where the side numbers
    its items 一、二、… and lists sub-items (1.一般公共预算拨款) under them, only the numbered items add up."""
    items = []
    labelled = [r for r in rs if label(text(r, column))]
    if labelled and label(text(labelled[0], column)) == stop:
        # the total printed first ('一、本年支出合计' with its items beneath, up to '二、年终结转结余'; an
        # unnumbered '合计' with the numbered items beneath)
        numbered = _TOP.match(normalize(text(labelled[0], column)))
        for r in labelled[1:]:
            if (numbered and _TOP.match(normalize(text(r, column)))) or _SUMMARY.match(label(text(r, column))):
                break
            items.append(r)
    else:
        for r in rs:
            lab = label(text(r, column))
            if lab == stop:
                break
            if lab and not _SUMMARY.match(lab):
                items.append(r)
    top = [r for r in items if _TOP.match(normalize(text(r, column)))]
    if top and len(top) < len(items):
        return top
    heads = [r for r in items if not _SUB.match(normalize(text(r, column)))]
    if heads and len(heads) < len(items):  # '财政拨款' with '1.一般公共预算拨款' … beneath it
        return heads
    # an expenditure side listing classes with their 款 beneath
    classes = [r for r in items if label(text(r, column)) in FUNCTION_CLASSES]
    return classes if classes and len(classes) < len(items) else items


def _between(rs, side, column, year, grand):
    """What one side of a balance table adds to its 本年 total to reach its 总计: the items printed between
    the two rows (上年结转, 上年实户资金余额, 使用非财政拨款结余 … / 结转下年 …), counting an item's 其中 or
    numbered sub-items only where the item itself is left blank."""
    order = {id(r): i for i, r in enumerate(rs)}
    lo, hi = sorted((order[id(year)], order[id(grand)]))
    between = rs[lo + 1 : hi]
    numbered = [k for k, r in enumerate(between) if _TOP.match(normalize(text(r, side)))]
    if numbered:  # the 本年 block's own items come first when its total heads them
        between = between[numbered[0] :]
    items, subs, parent_valued = [], [], False
    for r in between:
        name = normalize(text(r, side))
        if not name.strip() or r["v"].get(column) is None:
            if not _SUB.match(name):
                parent_valued = False
            continue
        if _SUB.match(name):
            if not parent_valued:
                subs.append(r)
            continue
        items.append(r)
        parent_valued = True
    if len(items) > 1 and sum(val(r, column) for r in items[1:]) == val(items[0], column):
        return items[:1]  # '上年结转结余' followed by its breakdown by fund, unnumbered
    return items + subs


def carry_over(rs):
    """Income carried over from last year: the 上年结转 row, or the fund rows listed under it (表4)."""
    start = next(
        (i for i, r in enumerate(rs) if label(text(r, "收入项目")).startswith(("上年结转", "上年财政拨款结转"))), None
    )
    if start is None:
        return []
    block = []
    for r in rs[start + 1 :]:
        if label(text(r, "收入项目")).endswith("总计"):
            break
        if text(r, "收入项目"):
            block.append(r)
    with_values = [r for r in block if r["v"].get("收入金额") is not None]
    return with_values or [rs[start]]


_YEAR = {"收入项目": ("本年收入合计", "本年收入"), "支出项目": ("本年支出合计", "本年支出")}
_GRAND = {"收入项目": ("收入总计", "总计"), "支出项目": ("支出总计", "总计")}
_PLAIN = {"收入项目": ("收入合计", "合计"), "支出项目": ("支出合计", "合计")}
_CARRY = re.compile(r"^(上年结转|上年结余|上年财政拨款结转|年终结转|结转下年|结转结余|结余分配|上年实户)")
_AMOUNT = {"收入项目": "收入金额", "支出项目": "支出合计"}


def side_totals(rs, side):
    """One side's (本年 total, grand total) rows of a balance table, each None when not printed.

    Besides '本年收入合计' and '收入总计': a valued '一、本年收入' heading its items is the 本年 total; a
    '收入合计' or '合计' is the 本年 total above a 收入总计, else the grand total; and where the side carries
    nothing over (no 上年结转 / 结转下年 row holding money), one total row stands for both."""
    column = _AMOUNT[side]
    labelled = [(label(text(r, side)), r) for r in rs]  # once: each total below is looked for among them

    def valued(names):
        return next((r for lab, r in labelled if lab in names and r["v"].get(column) is not None), None)

    year, grand, plain = valued(_YEAR[side]), valued(_GRAND[side]), valued(_PLAIN[side])
    if plain is not None and plain is not year and plain is not grand:
        if grand is not None and year is None and rs.index(plain) < rs.index(grand):
            year = plain
        elif grand is None:
            grand = plain
    if (year is None) != (grand is None):
        carried = [r for r in rs if _CARRY.match(label(text(r, side)))]
        start = rs.index(carried[0]) if carried else None
        after = rs[start:] if start is not None else []
        if not any(val(r, column) for r in after if r is not (year or grand)):
            year, grand = year or grand, grand or year
    return year, grand


def _balance(emit, spec, table, rs, ctx):
    t = table["table"]
    out_col = "支出合计"
    year_in, grand_in = side_totals(rs, "收入项目")
    year_out, grand_out = side_totals(rs, "支出项目")
    carried = (
        any(val(r, "收入金额") for r in carry_over(rs))
        or any(val(r, out_col) for r in rs if label(text(r, "支出项目")).startswith(("年终结转", "结转下年")))
        or (grand_in is not None and year_in is not None and val(grand_in, "收入金额") != val(year_in, "收入金额"))
    )
    for in_name, out_name, r_in, r_out in (
        ("本年收入合计", "本年支出合计", year_in, year_out),
        ("收入总计", "支出总计", grand_in, grand_out),
    ):
        subject = f"{tname(t)} {in_name}={out_name}"
        if in_name == "本年收入合计" and carried:
            # with money carried in or out, only the grand totals balance (本年 + 结转 on each side)
            continue
        if in_name == "本年收入合计" and r_in is not None and (r_in, r_out) == (grand_in, grand_out):
            continue  # one total row on each side: the grand totals below judge the same two figures
        if r_in is None or r_out is None:
            emit.not_applicable(
                subject,
                evidence=[ev(table, "表标题")],
                note=f"表中未找到“{in_name}”“{out_name}”行，无法核对",
                note_en="total rows not found: not judged",
            )
            continue
        emit.compare(
            subject,
            val(r_in, "收入金额"),
            val(r_out, out_col),
            addends=0,
            evidence=evs(
                ev(r_in, label(text(r_in, "收入项目"))),
                ev(r_out, label(text(r_out, "支出项目"))) if r_out is not r_in else None,
            ),
        )


def _two_sided(emit, spec, table, rs, ctx):
    """Each side's items add up to its 本年 total; 本年 + what lies between adds up to its 总计."""
    t = table["table"]
    cols = amount_roles(table)
    out_cols = ["支出合计"] + [c for c in spec.parts if c in cols]
    r_in, g_in = side_totals(rs, "收入项目")
    r_out, g_out = side_totals(rs, "支出项目")
    income = side_items(rs, "收入项目", label(text(r_in, "收入项目")) if r_in else "本年收入合计")
    expense = side_items(rs, "支出项目", label(text(r_out, "支出项目")) if r_out else "本年支出合计")
    if r_in is not None:
        emit.compare(
            f"{tname(t)} 本年收入合计=各项收入之和",
            _sum(income, "收入金额"),
            val(r_in, "收入金额"),
            addends=len([r for r in income if r["v"].get("收入金额") is not None]),
            evidence=[ev(r_in, label(text(r_in, "收入项目")))]
            + [ev(r, label(text(r, "收入项目"))) for r in income if r["v"].get("收入金额") is not None],
        )
    if r_out is not None:
        used = [r for r in expense if _has_any([r], out_cols)]
        emit.total_of_rows(
            f"{tname(t)} 本年支出合计=各项支出之和",
            r_out,
            used,
            out_cols,
            label(text(r_out, "支出项目")),
            lambda r: label(text(r, "支出项目")),
        )
    for grand, year, side, column, what in (
        (g_in, r_in, "收入项目", "收入金额", "收入总计=本年收入合计+上年结转"),
        (g_out, r_out, "支出项目", out_cols[0], "支出总计=本年支出合计+年终结转"),
    ):
        if grand is None or year is None or grand is year:
            continue
        carry = _between(rs, side, column, year, grand)
        emit.compare(
            f"{tname(t)} {what}",
            val(year, column) + _sum(carry, column),
            val(grand, column),
            addends=1 + len(carry),
            evidence=evs(
                ev(grand, label(text(grand, side))),
                ev(year, label(text(year, side))),
                *[ev(r, label(text(r, side))) for r in carry],
            ),
        )
    if not emit.count:
        return "表中未找到“本年收入合计”“本年支出合计”“收入总计”“支出总计”行", "total rows not found"
    return None


def _expense_rows(emit, spec, table, rs, ctx):
    """表1: each expenditure row's 合计 = 当年 + 结转; 表4: 小计 = Σ funds, where the table prints them."""
    t = table["table"]
    parts = [c for c in spec.parts if c in amount_roles(table)]
    if len(parts) < 2:  # 表1/表4 often print one amount column only: nothing across to add
        return f"表中未分列“{'、'.join(spec.parts[:2])}”等栏", "the part columns are not printed"
    expense = side_items(rs, "支出项目", "本年支出合计")
    totals = [x for x in rs if label(text(x, "支出项目")) in ("本年支出合计", "支出总计")]
    for r in expense + totals:
        if _has_any([r], [spec.total] + parts):
            emit.compare(
                f"{tname(t)} {label(text(r, '支出项目'))} {spec.name}",
                sum(val(r, c) for c in parts),
                val(r, spec.total),
                addends=len(parts),
                evidence=[ev(r, label(text(r, "支出项目")))],
            )


# -- totals, rows and roll-ups ------------------------------------------------------------------------------------


def unit_total(rs):
    """A classified table listed by unit (预算单位 | 科目编码 | 科目名称) that prints one unit only: that unit's
    row, uncoded and above the classified rows, is the whole table ('深圳市审计局' heading its 类/款/项)."""
    valued = [r for r in rs if not r.get("code") and any(v is not None for v in r["v"].values())]
    coded = [i for i, r in enumerate(rs) if r.get("code")]
    if len(valued) != 1 or not coded or not _UNIT_NAME.search(label(valued[0]["name"])):
        return None
    return valued[0] if rs.index(valued[0]) < coded[0] else None


def class_level_rows(rs):
    """A table's 类 rows: by code (类 level, codes unique), or, where the table prints no codes at all, by name:
    the rows named as a 类 of the function classification, each name once ('其他支出' is a 款 and 项 name too)."""
    if any(r.get("code") for r in rs):
        return code_rows(rs, "类") if has_unique_codes(rs) else []
    named = [r for r in rs if label(r["name"]) in FUNCTION_CLASSES]
    return named if len({label(r["name"]) for r in named}) == len(named) else []


def _total_row_classes(emit, spec, table, rs, ctx):
    t = table["table"]
    subject = f"{tname(t)} {spec.name}"
    classes = class_level_rows(rs)
    if not classes:
        return "表中没有（唯一编码的）类级科目行", "no classified rows"
    total = find(rs, "名称", "合计") or find(rs, "科目编码", "合计") or unit_total(rs)
    if total is None:
        return "表中未找到合计行", "no total row"
    columns = amount_roles(table)
    emit.total_of_rows(
        subject,
        total,
        classes,
        columns,
        "合计行",
        lambda r: f"类 {r.get('code') or label(r['name'])}",
    )
    return None


def _row_parts(emit, table, rs, total_col, parts, name_of, what):
    t = table["table"]
    shown = [total_col] + parts
    for r in rs:
        if not _has_any([r], shown) or unnamed_values(r):
            continue
        name = name_of(r)  # once a row: a project table's names are read from its whole tree
        emit.compare(
            f"{tname(t)} {name} {what}",
            sum(val(r, c) for c in parts),
            val(r, total_col),
            addends=len([c for c in parts if r["v"].get(c) is not None]),
            evidence=[ev(r, name)],
        )


def _row_sources(emit, spec, table, rs, ctx):
    cols = amount_roles(table)
    parts = source_parts(cols)
    if spec.total not in cols or len(parts) < 2:
        return f"表中未分列“{spec.total}”及两个以上资金来源栏", "no total and source columns printed"
    kind = table.get("kind", table["table"])
    name_of = coded_name
    if kind in ("T12", "T13"):
        name_of = partial(_role_in, project_tree(ctx, rs))  # the tree read once for the table, not once a row
    _row_parts(emit, table, rs, spec.total, parts, name_of, spec.name)
    return None


def _row_funds(emit, spec, table, rs, ctx):
    cols = amount_roles(table)
    if spec.total not in cols or not all(f in cols for f in spec.parts[:2]):
        return f"表中未分列“{spec.total}”及各资金栏", "no fund columns printed"
    _row_parts(emit, table, rs, spec.total, [f for f in spec.parts if f in cols], coded_name, spec.name)
    return None


def _units(emit, spec, table, rs, ctx):
    cols = ["合计"] + source_parts(amount_roles(table))
    total = find(rs, "名称", "部门合计", "合计")
    units = [r for r in rs if r is not total]
    if total is None or not units:
        return "表中未找到部门合计行及单位行", "no department total and unit rows"
    emit.total_of_rows(
        f"{tname(table['table'])} {spec.name}",
        total,
        units,
        cols,
        "部门合计",
        lambda r: r["name"],
    )
    return None


def _row_sum(emit, spec, table, rs, ctx):
    """total = Σ parts on every row that prints any of them (合计 = 基本 + 项目, 基本 = 人员 + 公用)."""
    t = table["table"]
    cols = amount_roles(table)
    total = _pick(spec.total, cols)
    # 基本支出 printed only as its two sub-columns (基本支出 / 人员支出 | 日常公用支出): their sum stands for it
    parts = [*(p for c in spec.parts for p in ((PERSONNEL, PUBLIC) if c == BASIC and _split_basic(cols) else (c,)))]
    if total is None or not set(parts) <= set(cols):
        shown = "、".join(spec.total.split("|")[:1] + list(spec.parts))
        return f"表中未分列“{shown}”，无法核对", "the columns are not printed"
    named = spec.kind == "personnel_public"
    for row in rs:
        if not _has_any([row], [total, *parts]) or (named and unnamed_values(row)):
            continue
        name = _econ_name(row) if named and not row.get("code") else coded_name(row)
        what = f"{total}{spec.name}" if spec.name.startswith("=") else spec.name
        emit.compare(
            f"{tname(t)} {name} {what}",
            sum(val(row, c) for c in parts),
            val(row, total),
            addends=len(parts),
            evidence=[ev(row, name)],
        )
    return None


def _split_basic(cols):
    return BASIC not in cols and PERSONNEL in cols and PUBLIC in cols


def _code_rollup(emit, spec, table, rs, ctx):
    t = table["table"]
    cols = amount_roles(table)
    if not cols or not has_unique_codes(rs):
        # a detail table lists one code on several rows: no roll-up to judge
        return "同一科目编码出现在多行（明细表），无法逐级汇总", "codes repeat: not a roll-up"
    parents = [(p, kids) for p in code_rows(rs) if p["level"] in ("类", "款") for kids in [children(rs, p)] if kids]
    if not parents:
        return "表中没有分级的科目编码（类、款、项）", "no coded classes with sub-items"
    for parent, kids in parents:
        name = coded_name(parent)
        emit.total_of_rows(
            f"{tname(t)} {name}{spec.name}",
            parent,
            kids,
            cols,
            name,
            coded_name,
        )
    return None


def _econ_name(r):
    gov = text(r, "政府经济科目")
    return f"{r['name']}/{gov}" if gov else r["name"]


def _econ_classes(emit, spec, table, rs, ctx):
    """An economic table listed by name: each class = Σ the rows beneath it, 合计 = Σ classes."""
    t = table["table"]
    cols_all = amount_roles(table)
    basic = _pick(spec.total, cols_all)
    if basic is None or not set(spec.parts) <= set(cols_all):
        return None  # reported once, by the row identity
    if code_rows(rs):
        return None  # coded classes roll up as codes, the 合计 row as a total row
    cols = [basic, *spec.parts]
    starts = [i for i, r in enumerate(rs) if label(r["name"]) in _ECON_CLASSES and not text(r, "政府经济科目")]
    for pos, i in enumerate(starts):
        end = starts[pos + 1] if pos + 1 < len(starts) else len(rs)
        kids = rs[i + 1 : end]
        if kids:
            emit.total_of_rows(
                f"{tname(t)} {rs[i]['name']}{spec.name}",
                rs[i],
                kids,
                cols,
                rs[i]["name"],
                _econ_name,
            )
    total = find(rs, "部门经济科目", "合计") or find(rs, "名称", "合计")
    if total is not None and starts:
        classes = [rs[i] for i in starts]
        emit.total_of_rows(
            f"{tname(t)} 合计=各类之和",
            total,
            classes,
            cols,
            "合计",
            lambda r: r["name"],
        )
    return None


# -- 三公 and projects -------------------------------------------------------------------------------------------


def _sangong(emit, spec, table, rs, ctx):
    t = table["table"]
    cols = [c for c in spec.parts if c in amount_roles(table)]
    abroad = find(rs, "名称", "因公出国（境）费", "因公出国(境)费", "因公出国（境）费用")
    reception = find(rs, "名称", "公务接待费")
    car = find(rs, "名称", "公务用车购置及运行费", "公务用车购置及运行维护费")
    buy = find(rs, "名称", "公务用车购置费")
    run = find(rs, "名称", "公务用车运行维护费", "公务用车运行费")
    total = find(rs, "名称", "合计")
    if car is not None and (buy is not None or run is not None):
        emit.compare_columns(
            f"{tname(t)} 公务用车购置及运行费=购置费+运行维护费",
            {c: val(buy, c) + val(run, c) for c in cols},
            {c: val(car, c) for c in cols},
            addends=2,
            evidence=evs(ev(car, "公务用车购置及运行费"), ev(buy, "购置费"), ev(run, "运行维护费")),
        )
    elif car is not None:  # the vehicle line is not split: the rule judges that (relation "itemized")
        emit.identity(
            f"{tname(t)} 公务用车购置及运行费=购置费+运行维护费",
            relation="itemized",
            evidence=[ev(car, "公务用车购置及运行费")],
        )
    if total is not None:
        parts = [r for r in (abroad, reception, car) if r is not None]
        emit.total_of_rows(
            f"{tname(t)} 合计=出国+接待+车辆",
            total,
            parts,
            cols,
            "合计",
            lambda r: label(r["name"]),
        )
    return None


def project_tree(ctx, rs):
    """(department row, [(unit row, [project rows])]) of 表12/表13, read from names and order."""
    department = ctx.fact("doc") or {}
    dept_name = label(department.get("department") or "")
    if not rs:
        return None, []
    first = rs[0]
    is_total = label(first["name"]) in ("合计", "部门合计") or (
        label(first["name"]) == dept_name and len(rs) > 1 and label(rs[1]["name"]) == dept_name
    )
    top = first if is_total else None
    body = rs[1:] if is_total else rs
    units: list = []
    for r in body:
        if "(" not in r["name"] and "（" not in r["name"] and _UNIT_NAME.search(label(r["name"])):
            units.append((r, []))
        elif units:
            units[-1][1].append(r)
        else:
            units.append((None, [r]))
    return top, units


def _role_in(tree, row):
    """A row's role in a project tree (project_tree): 部门合计, 单位 or 项目."""
    top, units = tree
    if row is top:
        return "部门合计"
    for unit, _projects in units:
        if row is unit:
            return f"单位 {row['name']}"
    return f"项目 {row['name']}"


def _project_tree(emit, spec, table, rs, ctx):
    t = table["table"]
    cols = amount_roles(table)
    if any(c in table.get("columns", []) for c in ("科目编码", "名称#2")):
        return None  # listed by unit code or with a unit column: the tree is printed, not read from names
    top, units = project_tree(ctx, rs)
    real_units = [u for u, _ in units if u is not None]
    tol = ctx.tolerance(len(rs))
    if (
        top is not None
        and real_units
        and units
        and all(
            any(abs(_sum(group, c) - val(head, c)) > tol for c in cols)
            for head, group in [(top, real_units)] + [(u, p) for u, p in units if u is not None and p]
        )
    ):
        # nothing adds up the way names suggest: the table is laid out otherwise (其他支出 rows, categories)
        emit.not_applicable(
            f"{tname(t)} 项目层级",
            evidence=[ev(table, "表标题")],
            note="按名称无法确定部门/单位/项目层级，未核对",
            note_en="tree not determined from names",
        )
        return None
    for unit, projects in units:
        if unit is None or not projects:
            continue
        emit.total_of_rows(
            f"{tname(t)} 单位 {unit['name']}=所属项目之和",
            unit,
            projects,
            cols,
            unit["name"],
            lambda p: p["name"],
        )
    if top is not None and real_units:
        emit.total_of_rows(
            f"{tname(t)} 部门合计=各单位之和",
            top,
            real_units,
            cols,
            "部门合计",
            lambda u: u["name"],
        )
    return None


# shape → function(emit, spec, table fact, rows, ctx); a returned (note, note_en) means: not derivable here
TABLE_SHAPES: dict[str, Callable[..., Any]] = {
    "balance": _balance,
    "two_sided": _two_sided,
    "expense_rows": _expense_rows,
    "total_row_classes": _total_row_classes,
    "row_sources": _row_sources,
    "row_funds": _row_funds,
    "units": _units,
    "row_sum": _row_sum,
    "code_rollup": _code_rollup,
    "econ_classes": _econ_classes,
    "sangong": _sangong,
    "project_tree": _project_tree,
}


def _failure(exc: Exception) -> str:
    import traceback

    return f"{type(exc).__name__}: {exc}\n" + traceback.format_exc(limit=3)[-400:]


class TableIdentities(Deriver):
    """Every table: the catalog's identities for its kind, as `identity` facts."""

    name = "identities:table"
    subject = "table"

    def derive(self, table, ctx):
        kind = table.get("kind") or table["table"]
        if kind in TARGET_KINDS:
            return  # performance-target tables hold targets, not sums
        rs = rows(ctx, table["table"])
        for n, (spec, declared) in enumerate(for_table(kind)):
            emit = Emit(ctx, spec.kind, f"{table['table']}:{n}", (table["table"],))
            if not rs or (table["empty"] and spec.skip_empty):
                why = ("空表，无数可核", "empty table: nothing to add up")
            else:
                try:
                    why = TABLE_SHAPES[spec.shape](emit, spec, table, rs, ctx)
                except Exception as exc:  # a reading bug must not drop identities silently: the rule says error
                    emit.identity(f"{tname(table['table'])} {spec.label or spec.name}", error=_failure(exc))
                    continue
            if declared and spec.label and not emit.count:
                # a finding for every identity the kind declares: say why this one is not judged here
                why = why or ("表中没有可核对的行", "no rows to judge")
                emit.not_applicable(
                    f"{tname(table['table'])} {spec.label}", evidence=[ev(table, "表标题")], note=why[0], note_en=why[1]
                )


# -- across tables -----------------------------------------------------------------------------------------------


_TABLE_NUMBER = re.compile(r"表(\d{1,2})(?!\d)")


def _table_name(m: re.Match) -> str:
    return tname(f"T{int(m.group(1)):02d}")


def _k(text_: str) -> str:
    """Identities name tables by their kind's number ('表5' = 一般公共预算支出表); a document prints its own
    numbers, so each is shown as the document numbers it (the Shanxi numbering is then the identity)."""
    return _TABLE_NUMBER.sub(_table_name, text_) if "表" in text_ else text_


def total_row(ctx, table_id):
    """The table's 合计 row (wherever the label is printed), or its one unit's row (unit_total); a one-row
    table is its own total."""
    rs = rows(ctx, table_id)
    found = next((r for r in rs if label(r["name"]) in ("合计", "总计", "部门合计")), None)
    return found or unit_total(rs) or (rs[0] if len(rs) == 1 else None)


def _roles(ctx, table_id):
    return amount_roles(ctx.fact("table", table=table_id))


def _coded(ctx, table_id):
    """A table's rows by classification code, when it is classified at all (a 收入总表 by unit is not)."""
    rs = rows(ctx, table_id)
    return code_rows(rs) if has_unique_codes(rs) else []


def _same(emit, ctx, subject, a, a_col, a_label, b, b_col, b_label):
    """One figure printed in two places (a blank cell reads as zero)."""
    if a is None or b is None:
        emit.not_applicable(
            subject,
            evidence=evs(ev(a, a_label), ev(b, b_label)),
            note=f"未找到{a_label if a is None else b_label}，无法核对",
            note_en="row not found: not judged",
        )
        return
    for row, col, what in ((a, a_col, a_label), (b, b_col, b_label)):
        if col not in ctx.fact("table", table=row["table"]).get("columns", [col]):
            emit.not_applicable(
                subject,
                evidence=evs(ev(a, a_label), ev(b, b_label)),
                note=f"{what.split()[0]}没有“{col}”栏，无法核对",
                note_en="column not printed: not judged",
            )
            return
    emit.compare(subject, val(a, a_col), val(b, b_col), addends=0, evidence=[ev(a, a_label), ev(b, b_label)])


def _summary_totals(emit, ctx, spec):
    t1 = rows(ctx, "T01")
    year, grand = side_totals(t1, "收入项目")
    carried_in = grand is not None and year is not None and val(grand, "收入金额") != val(year, "收入金额")
    if carried_in and any(r in _roles(ctx, "T02") for r in ("上年结转", "上年实户资金余额", "使用非财政拨款结余")):
        # 表2's 合计 then includes the carry-over: it is 表1's 收入总计
        _same(
            emit,
            ctx,
            _k("表1收入总计=表2合计"),
            grand,
            "收入金额",
            _k("表1 收入总计"),
            total_row(ctx, "T02"),
            "合计",
            _k("表2 合计"),
        )
    else:
        _same(
            emit,
            ctx,
            _k("表1本年收入合计=表2合计"),
            year,
            "收入金额",
            _k("表1 本年收入合计"),
            total_row(ctx, "T02"),
            "合计",
            _k("表2 合计"),
        )
    _same(
        emit,
        ctx,
        _k("表1本年支出合计=表3合计"),
        side_totals(t1, "支出项目")[0],
        "支出合计",
        _k("表1 本年支出合计"),
        total_row(ctx, "T03"),
        "合计",
        _k("表3 合计"),
    )


def _class_rows(rs, name_col, value_col):
    """Function classes (类) of a two-sided table's expenditure side, by name, with an amount."""
    out = {}
    for r in rs:
        lab = label(text(r, name_col))
        if lab in FUNCTION_CLASSES and r["v"].get(value_col) is not None:  # not the 款 listed beneath
            out[lab] = r
    return out


def _class_totals(emit, ctx, spec):
    t1 = _class_rows(rows(ctx, "T01"), "支出项目", "支出合计")
    t2 = {label(r["name"]): r for r in class_level_rows(rows(ctx, "T02"))}
    t3 = {label(r["name"]): r for r in class_level_rows(rows(ctx, "T03"))}
    if not t3:
        emit.not_applicable(
            _k("表3 按功能分类类级支出"),
            evidence=[ev(ctx.fact("table", table="T03"), "表标题")],
            note=_k("表3未按功能分类列示类级科目，无法逐类核对"),
            note_en="表3 is not by function class",
        )
        return
    # a class printed in only one table is a difference; a 款 listed under a class on 表1 is not a class
    t1 = {name: r for name, r in t1.items() if name in t3 or name in FUNCTION_CLASSES}
    for name in sorted(set(t1) | set(t2) | set(t3)):
        r3 = t3.get(name)
        for where, table_rows, col in (("表1", t1, "支出合计"), ("表2", t2, "合计")):
            if not table_rows:  # 表1 by 基本/项目 (Hunan), 表2 by unit: not class by class
                continue
            row = table_rows.get(name)
            if row is None and r3 is None:
                continue
            emit.compare(
                _k(f"{where}与表3 {name}"),
                val(r3, "合计"),
                val(row, col),
                addends=0,
                evidence=evs(ev(row, _k(f"{where} {name}")), ev(r3, _k(f"表3 {name}"))),
            )


def _fiscal_column(ctx):
    """表4's 一般公共预算 expenditure column, when it covers what 表5 covers: 表4 lists carried-over money
    too, 表5 often only the year's; the class figures compare only when both totals agree."""
    t4 = rows(ctx, "T04")
    column = "一般公共预算" if "一般公共预算" in _roles(ctx, "T04") else "支出合计"
    other_funds = [r for r in t4 if label(text(r, "收入项目")).startswith(("政府性基金", "国有资本经营"))]
    if column == "支出合计" and any(val(r, "收入金额") for r in other_funds):
        return None, "表4唯一的支出栏混合了各项资金，表5只含一般公共预算"
    if not any(val(r, "收入金额") for r in carry_over(t4)):
        return column, ""
    year4, grand4 = side_totals(t4, "支出项目")
    total4 = year4 or grand4
    total5 = total_row(ctx, "T05")
    if total4 is None or total5 is None or val(total4, column) != val(total5, "合计"):
        return None, "表4含上年结转而表5不含，两表口径不同"
    return column, ""


def _fiscal_classes(emit, ctx, spec):
    column, why = _fiscal_column(ctx)
    t4 = _class_rows(rows(ctx, "T04"), "支出项目", column) if column else {}
    t5 = {label(r["name"]): r for r in class_level_rows(rows(ctx, "T05"))}
    if not t4 or not t5:
        why = why or ("表4未按功能分类列示支出" if not t4 else "表5没有类级科目")
        emit.not_applicable(
            _k("表4与表5 按类支出"),
            evidence=evs(ev(ctx.fact("table", table="T04"), "表标题")),
            note=_k(why + "，无法逐类核对"),
            note_en="not comparable class by class",
        )
        return
    for name in sorted(set(t4) | set(t5)):
        a, b = t4.get(name), t5.get(name)
        if val(a, column) == 0 and val(b, "合计") == 0:
            continue
        emit.compare(
            _k(f"表4与表5 {name}"),
            val(b, "合计"),
            val(a, column),
            addends=0,
            evidence=evs(ev(a, _k(f"表4 {name}")), ev(b, _k(f"表5 {name}"))),
        )


def _general_codes(emit, ctx, spec):
    t2 = {r["code"]: r for r in _coded(ctx, "T02")}
    t5 = {r["code"]: r for r in _coded(ctx, "T05")}
    if "一般公共预算" not in _roles(ctx, "T02") or not t2 or not t5:
        why = (
            "表2没有“一般公共预算”栏"
            if "一般公共预算" not in _roles(ctx, "T02")
            else "表2未按科目编码列示"
            if not t2
            else "表5未按科目编码列示"
        )
        emit.not_applicable(
            _k("表2与表5 一般公共预算逐科目"),
            evidence=evs(ev(ctx.fact("table", table="T02"), "表标题")),
            note=_k(why + "，无法逐科目核对"),
            note_en="not comparable code by code",
        )
        return
    for code in sorted(set(t2) | set(t5)):
        a, b = t2.get(code), t5.get(code)
        if val(a, "一般公共预算") == 0 and val(b, "合计") == 0:
            continue
        name = (a or b)["name"]
        emit.compare(
            _k(f"表2与表5 {code} {name}"),
            val(b, "合计"),
            val(a, "一般公共预算"),
            addends=0,
            evidence=evs(ev(a, _k(f"表2 {code}")), ev(b, _k(f"表5 {code}"))),
        )


def _basic_total(emit, ctx, spec):
    roles5 = _roles(ctx, "T05")
    if "基本支出" not in roles5 and {"人员经费", "公用经费"} <= set(roles5):
        t5, t6 = total_row(ctx, "T05"), total_row(ctx, "T06")
        if t5 is None or t6 is None:
            emit.not_applicable(
                _k("表5基本支出=表6合计"),
                evidence=evs(ev(t5, _k("表5 合计")), ev(t6, _k("表6 合计"))),
                note="未找到合计行，无法核对",
                note_en="total row not found: not judged",
            )
            return
        emit.compare(
            _k("表5基本支出=表6合计"),
            val(t6, "合计"),
            val(t5, "人员经费") + val(t5, "公用经费"),
            addends=0,
            evidence=[ev(t5, _k("表5 人员经费+公用经费")), ev(t6, _k("表6 合计"))],
        )
        return
    _same(
        emit,
        ctx,
        _k("表5基本支出=表6合计"),
        total_row(ctx, "T05"),
        "基本支出",
        _k("表5 基本支出"),
        total_row(ctx, "T06"),
        "合计",
        _k("表6 合计"),
    )


def department_row(ctx):
    """The project table's department row; a single unit's row when the table lists one unit only."""
    t12 = rows(ctx, "T12")
    top, units = project_tree(ctx, t12)
    if top is None:  # a single unit: the unit row is the department total
        top = units[0][0] if len(units) == 1 and units[0][0] is not None else (t12[0] if t12 else None)
    return top


def find_role(rs, column, role):
    """The row whose label is `role` or, when none is, the first whose label means it by the column-role
    vocabulary (engine/pipeline/kinds.py): '1.一般公共预算拨款', '一、一般公共预算拨款收入', '其中：一般公共预算资金'
    are the 一般公共预算 row of an income side; '上年结转一般公共预算' is carried-over money, not it."""
    exact = find(rs, column, role)
    if exact is not None:
        return exact
    return next((r for r in rs if label(text(r, column)) and amount_role((label(text(r, column)),)) == role), None)


def _cell_row(ctx, cell):
    if cell.row == "total":
        return total_row(ctx, cell.table)
    if cell.row == "department":
        return department_row(ctx)
    return find_role(rows(ctx, cell.table), cell.by, cell.row)


def _cells(emit, ctx, spec):
    """The catalog's cell-to-cell equalities (a pair whose other table is not published: not applicable)."""
    for pair in spec.pairs:
        missing = [c.table for c in (pair.a, pair.b) if ctx.fact("table", table=c.table) is None]
        if missing:
            emit.not_applicable(
                _k(pair.subject),
                note=f"缺少{'、'.join(tname(t) for t in missing)}，无法核对",
                note_en="a table is missing",
            )
            continue
        a, b = _cell_row(ctx, pair.a), _cell_row(ctx, pair.b)
        carried = _carried_alike(ctx, pair.a, a, pair.b, b)
        if carried is not None:
            emit.compare(_k(pair.subject), *carried[:2], addends=carried[2], evidence=carried[3])
            continue
        _same(emit, ctx, _k(pair.subject), a, pair.a.column, _k(pair.a.label), b, pair.b.column, _k(pair.b.label))


def _carried_alike(ctx, ca, a, cb, b):
    """One source of money read on both sides, where one side counts what was carried over from last year and
    the other does not: a 收支总表 that prints no 上年结转 block counts the carried-in money in its
    一般公共预算 row, a 一般公共预算支出表 often spends it too, while 表4 (or 表1) lists it under 上年结转.
    Where the plain figures differ and the carried-over row of that source (on an income side) makes them agree,
    the identity is judged with it: (expected, actual, addends, evidence); else None (judged plainly)."""
    if a is None or b is None or val(a, ca.column) == val(b, cb.column):
        return None
    for cell, row, other, other_col in ((ca, a, b, cb.column), (cb, b, a, ca.column)):
        if cell.by != "收入项目":
            continue
        # the carried-over row of that source, on this table or the other 收支总表 (表1 often lists 上年结转 whole)
        carried = next(
            (
                r
                for t in dict.fromkeys((cell.table, "T04", "T01"))
                if (r := find_role(carry_over(rows(ctx, t)), "收入项目", cell.row)) is not None
            ),
            None,
        )
        if carried is None or not val(carried, cell.column):
            continue
        if val(row, cell.column) + val(carried, cell.column) == val(other, other_col):
            own = _k(cell.label)
            evidence = evs(
                ev(row, own),
                ev(carried, f"{tname(carried['table'])} {cell.row}（上年结转）"),
                ev(other, _k((cb if cell is ca else ca).label)),
            )
            return val(other, other_col), val(row, cell.column) + val(carried, cell.column), 2, evidence
    return None


def _car_running(emit, ctx, spec):
    t10 = find(rows(ctx, "T10"), "名称", "公务用车运行维护费", "公务用车运行费")
    t6 = [r for r in rows(ctx, "T06") if label(r["name"]) in ("公务用车运行维护费", "公务用车运行费")]
    basic = sum(val(r, "合计") for r in t6)
    listed = val(t10, "一般公共预算" if "一般公共预算" in _roles(ctx, "T10") else "合计")
    emit.identity(
        _k("表10与表6 公务用车运行维护费"),
        relation="ge",
        expected=basic,
        actual=listed,
        evidence=evs(ev(t10, _k("表10 运行维护费")), *[ev(r, _k("表6 公务用车运行维护费")) for r in t6]),
    )


def _jgyx_bound(emit, ctx, spec):
    t11 = find(rows(ctx, "T11"), "名称", "部门合计", "合计") or next(iter(rows(ctx, "T11")), None)
    t6 = total_row(ctx, "T06")
    jgyx = val(t11, "一般公共预算" if "一般公共预算" in _roles(ctx, "T11") else "合计")
    emit.identity(
        _k("表11机关运行经费≤表6公用经费"),
        relation="le",
        expected=val(t6, "公用经费"),
        actual=jgyx,
        evidence=evs(ev(t11, _k("表11 机关运行经费")), ev(t6, _k("表6 公用经费"))),
    )


def _carry_over_table(emit, ctx, spec):
    t13 = ctx.fact("table", table="T13")
    carry = find(rows(ctx, "T01"), "收入项目", "上年结转")
    emit.identity(
        _k("表13与表1 上年结转"),
        relation="empty_iff",
        expected=val(carry, "收入金额"),
        evidence=evs(ev(t13, _k("表13 标题")), ev(carry, _k("表1 上年结转"))),
        data={"empty": bool(t13["empty"])},
    )


CROSS_SHAPES: dict[str, Callable[..., Any]] = {
    "cells": _cells,
    "summary_totals": _summary_totals,
    "class_totals": _class_totals,
    "fiscal_classes": _fiscal_classes,
    "general_codes": _general_codes,
    "basic_total": _basic_total,
    "car_running": _car_running,
    "jgyx_bound": _jgyx_bound,
    "carry_over_table": _carry_over_table,
}


class CrossTableIdentities(Deriver):
    """Once per document: the identities between tables, or one not-applicable identity naming the table a
    comparison needs and the document does not have."""

    name = "identities:cross"
    subject = "doc"

    def derive(self, doc, ctx):
        present = {t["table"] for t in ctx.facts("table")}
        for spec in CROSS_IDENTITIES:
            emit = Emit(ctx, spec.kind, "doc", spec.needs)
            if not set(spec.needs) <= present:
                missing = "、".join(tname(t) for t in spec.needs if t not in present)
                # subject "": the judging rule names it by its title
                emit.identity("", na=f"缺少{missing}，无法核对", na_en="a table is missing")
                continue
            try:
                CROSS_SHAPES[spec.shape](emit, ctx, spec)
            except Exception as exc:  # as for tables: an error finding, never silence
                emit.identity("", error=_failure(exc))


DERIVERS = [TableIdentities, CrossTableIdentities]
