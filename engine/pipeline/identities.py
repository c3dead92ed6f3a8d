"""The arithmetic a budget disclosure must satisfy, stated as data: per table kind (engine/pipeline/kinds.py) and column
role, which figures must equal which. The derivers in engine/pipeline/identity_derivers.py read this catalog, find the
figures in the reader's facts (table, row, column role) and assert one `identity` fact per obligation; one
rule per kind of identity judges them (rulesets/mof2016/sum.py, xtab.py).

Derived fact types (forward chaining, asserted behind the evaluate gate before any rule runs on them):

`identity` — what must equal what::

    {"type": "identity", "id": "identity:<kind>:<scope>:<n>", "kind": "total",      # which rule judges it
     "table": "T02", "tables": ["T02"],          # the table(s) the figures come from (first = where it is)
     "subject": "表2 合计行=各类之和",            # the finding's subject (the document's own table numbers)
     "relation": "eq",                           # eq | ge | le (bounds) | itemized | empty_iff (see the rule)
     "expected": 1234 | {"合计": 1234, …},       # hundredths of the table unit; a dict = several columns at once
     "actual":   1230 | {"合计": 1230, …},       # None = that figure was not found
     "addends": 3,                               # rounded figures summed: the tolerance is addends × 0.005
     "evidence": [{"line": 12, "table": "T02", "label": "合计行"}, …],
     "line": 12,                                 # where the identity is (the total's row)
     "na": "", "na_en": "",                      # set: the identity cannot be judged here (why), e.g. the
                                                 # table does not print the column → not_applicable
     "error": "",                                # set: deriving it raised (a bug) → an error finding
     "data": {…}}                                # extra figures a bound or flag rule needs (documented there)

`needs_reason` — a figure whose change against last year needs a reason (engine/pipeline/claims.py).

Kinds of identity and the rule that judges each (ids kept from before the catalog, so waivers and baselines
that name them stay valid):

    balance          SUM-001  income total = expenditure total (表1, 表4)
    total            SUM-002  a total = the sum of what it totals (rows down a column, columns across a row)
    basic_project    SUM-003  合计 = 基本支出 + 项目支出, row by row
    rollup           SUM-004  类 = Σ款, 款 = Σ项 (classification codes)
    personnel_public SUM-005  基本支出 = 人员经费 + 公用经费; economic classes add up
    sangong          SUM-006  the 三公 table adds up
    project_tree     SUM-007  projects → units → department
    summary_totals   XTAB-001 表1 totals = 表2 / 表3 totals
    class_totals     XTAB-002 expenditure by class agrees across 表1, 表2, 表3
    general_budget   XTAB-003 一般公共预算 agrees across 表1, 表4, 表5
    fiscal_classes   XTAB-004 表4 一般公共预算 by class = 表5
    general_codes    XTAB-005 表2 一般公共预算 column = 表5, code by code
    basic_total      XTAB-006 表5 基本支出 = 表6 合计
    project_total    XTAB-007 表3/表5 项目支出 = 表12
    car_running      XTAB-008 表10 车辆运行维护费 ≥ 表6 (bound)
    jgyx_bound       XTAB-009 表11 机关运行经费 ≤ 表6 公用经费 (bound)
    carry_over_table XTAB-010 表13 empty ⇔ 表1 上年结转 = 0
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gongkai.engine.pipeline.kinds import BASIC, FUND, GP, PERSONNEL, PROJECT, PUBLIC, SOE, TOTAL

FUNDS = (GP, FUND, SOE)
# every table kind that holds amounts (not the performance-target tables, which hold targets)
AMOUNT_KINDS = tuple(f"T{n:02d}" for n in range(1, 24))


@dataclass(frozen=True)
class TableIdentity:
    """An obligation inside one table of the given kinds.

    `shape` names how the deriver finds the figures (one function each in engine/pipeline/identity_derivers.py);
    `total`/`parts` are column roles (a row identity: total = Σ parts, row by row; alternatives for the total
    separated by '|', the first printed one used); `name` ends each subject, `label` names the identity as a
    whole (the subject of its not-applicable finding). On a table of a listed kind that does not print what
    the identity needs, the identity is derived as not applicable (`na`); `elsewhere=True` also judges it on
    any other amount table that happens to print it (silently skipping those that do not). `skip_empty`: an
    empty table (blank or zero cells only) is not applicable rather than judged as 0 = 0 + 0."""

    kind: str
    shape: str
    tables: tuple[str, ...]
    name: str = ""
    label: str = ""
    total: str = ""
    parts: tuple[str, ...] = ()
    elsewhere: bool = False
    skip_empty: bool = True


@dataclass(frozen=True)
class Cell:
    """One printed figure: in table `table`, the row labelled `row` in column `by` — or `row="total"`, the
    table's 合计 row, or `row="department"`, the project table's department row — and the column role
    `column`; `label` names it in evidence ('表N' = the table of kind TNN, shown as the document numbers it)."""

    table: str
    row: str
    column: str
    by: str = ""
    label: str = ""


@dataclass(frozen=True)
class Same:
    """The same figure printed in two places: `a` must equal `b` exactly."""

    subject: str
    a: Cell
    b: Cell


@dataclass(frozen=True)
class CrossIdentity:
    """An obligation across tables: `needs` are the table kinds it compares (one missing → not applicable);
    `pairs` state plain cell-to-cell equalities as data (shape "cells"), other shapes find their figures."""

    kind: str
    shape: str
    needs: tuple[str, ...]
    pairs: tuple[Same, ...] = ()


_T1_GP = Cell("T01", "一般公共预算", "收入金额", by="收入项目", label="表1 一般公共预算")


TABLE_IDENTITIES: tuple[TableIdentity, ...] = (
    # 表1 / 表4: both sides balance; each side's items add up to its 本年 total, 本年 + 结转 to its 总计
    TableIdentity("balance", "balance", ("T01", "T04"), label="收入总计=支出总计", skip_empty=False),
    TableIdentity(
        "total", "two_sided", ("T01", "T04"), label="各方合计=各项之和", parts=("当年预算安排", "上年结转安排") + FUNDS
    ),
    TableIdentity(
        "total",
        "expense_rows",
        ("T01",),
        name="合计=当年+结转",
        label="支出合计=当年+结转",
        total="支出合计",
        parts=("当年预算安排", "上年结转安排"),
    ),
    TableIdentity(
        "total",
        "expense_rows",
        ("T04",),
        name="小计=各资金之和",
        label="支出小计=各资金之和",
        total="支出合计",
        parts=FUNDS,
    ),
    # the 合计 row of a classified table = Σ its 类 rows
    TableIdentity(
        "total",
        "total_row_classes",
        ("T02", "T03", "T05", "T07", "T08", "T09", "T17", "T20", "T21"),
        name="合计行=各类之和",
        label="合计行=各类之和",
        elsewhere=True,
    ),
    # a row's 合计 = Σ its source columns (财政拨款 standing for the three funds when both are printed)
    TableIdentity(
        "total",
        "row_sources",
        ("T02", "T10", "T11", "T12", "T13"),
        name="合计=各栏之和",
        label="合计=各栏之和",
        total=TOTAL,
        elsewhere=True,
    ),
    TableIdentity("total", "row_funds", (), name="财政拨款=各栏之和", total="财政拨款", parts=FUNDS, elsewhere=True),
    TableIdentity("total", "units", ("T11",), name="部门合计=各单位之和", label="部门合计=各单位之和"),
    # expenditure tables: 合计 = 基本支出 + 项目支出
    TableIdentity(
        "basic_project",
        "row_sum",
        ("T03", "T05", "T08", "T09", "T14", "T17", "T21"),
        name="合计=基本+项目",
        label="合计=基本+项目",
        total=TOTAL,
        parts=(BASIC, PROJECT),
        skip_empty=False,
    ),
    # classification codes roll up
    TableIdentity(
        "rollup",
        "code_rollup",
        ("T02", "T03", "T05", "T06", "T07", "T08", "T09", "T14", "T16", "T17", "T18", "T19", "T20", "T21"),
        name="=下级科目之和",
        label="科目=下级科目之和",
        skip_empty=False,
    ),
    # basic expenditure = personnel + public, and the economic classes add up
    TableIdentity(
        "personnel_public",
        "row_sum",
        ("T05", "T14", "T17"),
        name="=人员+公用",
        label="基本支出=人员+公用",
        total=BASIC,
        parts=(PERSONNEL, PUBLIC),
    ),
    TableIdentity(
        "personnel_public",
        "row_sum",
        ("T06", "T16", "T18", "T20"),
        name="=人员+公用",
        label="基本支出=人员+公用",
        total=f"{BASIC}|{TOTAL}",
        parts=(PERSONNEL, PUBLIC),
    ),
    TableIdentity(
        "personnel_public",
        "econ_classes",
        ("T06", "T16", "T18", "T20"),
        name="=所属款之和",
        total=f"{BASIC}|{TOTAL}",
        parts=(PERSONNEL, PUBLIC),
    ),  # no label: only for tables by name
    TableIdentity("sangong", "sangong", ("T10",), label="三公经费表内平衡", parts=(TOTAL,) + FUNDS, skip_empty=False),
    TableIdentity("project_tree", "project_tree", ("T12", "T13"), label="项目层级"),
)

CROSS_IDENTITIES: tuple[CrossIdentity, ...] = (
    CrossIdentity("summary_totals", "summary_totals", ("T01", "T02", "T03")),
    CrossIdentity("class_totals", "class_totals", ("T01", "T02", "T03")),
    CrossIdentity(
        "general_budget",
        "cells",
        ("T01", "T04", "T05"),
        pairs=(
            Same(
                "表1与表4 一般公共预算收入",
                _T1_GP,
                Cell("T04", "一般公共预算", "收入金额", by="收入项目", label="表4 一般公共预算"),
            ),
            Same("表1一般公共预算=表5合计", _T1_GP, Cell("T05", "total", "合计", label="表5 合计")),
        ),
    ),
    CrossIdentity("fiscal_classes", "fiscal_classes", ("T04", "T05")),
    CrossIdentity("general_codes", "general_codes", ("T02", "T05")),
    CrossIdentity("basic_total", "basic_total", ("T05", "T06")),
    CrossIdentity(
        "project_total",
        "cells",
        ("T12",),
        pairs=(
            Same(
                "表3项目支出=表12合计",
                Cell("T03", "total", "项目支出", label="表3 项目支出"),
                Cell("T12", "department", "合计", label="表12 部门合计"),
            ),
            Same(
                "表5项目支出=表12一般公共预算",
                Cell("T05", "total", "项目支出", label="表5 项目支出"),
                Cell("T12", "department", "一般公共预算", label="表12 一般公共预算"),
            ),
        ),
    ),
    CrossIdentity("car_running", "car_running", ("T06", "T10")),
    CrossIdentity("jgyx_bound", "jgyx_bound", ("T06", "T11")),
    CrossIdentity("carry_over_table", "carry_over_table", ("T01", "T13")),
)


def for_table(kind: str) -> list[tuple[TableIdentity, bool]]:
    """The identities a table of this kind is judged on, with whether the kind declares them (→ an explicit
    not-applicable when the table does not print what they need) or only `elsewhere`."""
    out = []
    for spec in TABLE_IDENTITIES:
        if kind in spec.tables:
            out.append((spec, True))
        elif spec.elsewhere and kind in AMOUNT_KINDS and kind not in ("T01", "T04"):
            out.append((spec, False))
    return out


def judge_equality(identity: dict[str, Any], ctx: Any) -> None:
    """The judgement of an equality identity: not applicable when it could not be derived, else the amounts
    (one figure or several columns at once) compared with the rounding tolerance for its addends."""
    subject, evidence = identity["subject"] or ctx.rule.title_zh, identity.get("evidence") or []
    if identity.get("error"):  # the deriver failed to read the figures: an internal error, said as such
        ctx.error(
            subject,
            evidence=evidence,
            note=f"无法推导此恒等式：{identity['error']}",
            note_en=f"identity could not be derived: {identity['error']}",
        )
        return
    if identity.get("na"):
        ctx.not_applicable(subject, evidence=evidence, note=identity["na"], note_en=identity.get("na_en", ""))
        return
    expected, actual = identity.get("expected"), identity.get("actual")
    if isinstance(expected, dict):
        ctx.compare_columns(subject, expected, actual, addends=identity.get("addends", 0), evidence=evidence)
    else:
        ctx.compare(subject, expected, actual, addends=identity.get("addends", 0), evidence=evidence)
