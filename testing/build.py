"""Plan → `Disclosure`: tables by the shared layout (engine/pipeline/layouts.py), narrative in the sample's phrasing.

Line numbers here are ordering keys, not real lines: the renderer writes parts in that order and the reader
gives the real lines back. Every amount is computed from the plan's leaves, so all identities hold exactly.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from functools import partial

from gongkai.engine.pipeline import layouts
from gongkai.engine.pipeline.model import (
    Disclosure,
    FormBranch,
    FormField,
    Heading,
    Indicator,
    Meta,
    Note,
    Paragraph,
    PerformanceForm,
    Row,
    SourceInfo,
    Statement,
    Table,
    TocEntry,
)
from gongkai.engine.pipeline.numbers import squash
from gongkai.engine.templates import all_templates
from gongkai.testing import reference as ref
from gongkai.testing.plan import CAP, FUND, GEN, OWN, SANGONG_ITEMS, SOURCES, SPECIAL, Plan, percent

_CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")
_CN = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 13 → 十三, 21 → 二十一, 30 → 三十."""
    tens, ones = divmod(n, 10)
    out = ("" if tens == 1 else _CN[tens]) + "十" if tens else ""
    return out + (_CN[ones] if ones else "")


def dec(v: int | None) -> Decimal | None:
    """Hundredths → 2-decimal Decimal; zero is a blank cell."""
    return None if not v else (Decimal(v) / 100).quantize(Decimal("0.01"))


def money(v: int) -> str:
    """Narrative amount in the sample's style: '5,031.81万元', '0万元'."""
    return "0万元" if v == 0 else f"{Decimal(v) / 100:,.2f}万元"


def pct(p: Decimal) -> str:
    return "0%" if p == 0 else f"{p}%"


def S(topic: str, amount: int | Decimal | None, unit: str = "万元", **fields) -> tuple[str, dict]:
    """A statement annotation; `amount` in hundredths for 万元 figures, else as stated."""
    if unit == "万元" and isinstance(amount, int):
        amount = dec(amount) or Decimal(0)
    return topic, {"amount": amount, "unit": unit, **fields}


def change_clause(current: int, prev: int, reason: str, same: str = "与上年持平") -> tuple[str, dict]:
    """'比上年增加A万元，增长P%，主要原因是…' and the statement fields it carries."""
    if current == prev:
        return same, {"direction": "持平"}
    delta = abs(current - prev)
    up = current > prev
    p = percent(delta, prev) if prev else None
    text = f"比上年{'增加' if up else '减少'}{money(delta)}"
    if p is not None:
        text += f"，{'增长' if up else '下降'}{pct(p)}"
    text += f"，{reason}"
    return text, {
        "direction": "增加" if up else "减少",
        "change_amount": dec(delta),
        "change_percent": p,
        "reason": reason,
    }


class _Doc:
    """Collects the parts of a disclosure in document order."""

    def __init__(self) -> None:
        self.k = 0
        self.headings: list[Heading] = []
        self.paragraphs: list[Paragraph] = []
        self.tables: list[Table] = []
        self.toc: list[TocEntry] = []
        self.statements: list[Statement] = []
        self.forms: list[PerformanceForm] = []

    def key(self) -> int:
        self.k += 1
        return self.k

    def heading(self, level: int, number: str, title: str) -> None:
        self.headings.append(Heading(level=level, number=number, title=title, line=self.key()))

    def para(self, text: str, *stmts: tuple[str, dict]) -> None:
        line = self.key()
        section = self.headings[-1] if self.headings else None
        self.paragraphs.append(
            Paragraph(
                text=text,
                line=line,
                end_line=line,
                spans=[(line, 0)],
                section=section.title if section else "",
                section_line=section.line if section else None,
            )
        )
        for topic, fields in stmts:
            self.statements.append(
                Statement(
                    topic=topic,
                    text=text,
                    line=line,
                    paragraph_line=line,
                    section=section.title if section else "",
                    **fields,
                )
            )


def row_name(spec: layouts.TableSpec, texts: dict[str, str]) -> str:
    """The row label the reader derives (engine/pipeline/ingest/text.py `_row`)."""
    return (
        texts.get("科目名称")
        or texts.get(spec.name_column or "", "")
        or next((v for v in texts.values() if v and not _CODE.match(v)), "")
    )


def in_unit(v: int | None, unit: str) -> Decimal | None:
    """Hundredths of 万元 → the table's unit (0.01 万元 = 100 元); zero is a blank cell."""
    if unit == "元":
        return None if not v else (Decimal(v) * 100).quantize(Decimal("0.01"))
    return dec(v)


def make_row(spec: layouts.TableSpec, line: int, cells: dict[str, object], unit: str = "万元") -> Row:
    texts: dict[str, str] = {}
    values: dict[str, Decimal | None] = {}
    shown: list[str] = []
    for col, kind in spec.columns:
        if kind == layouts.TEXT:
            texts[col] = str(cells.get(col, ""))
            shown.append(texts[col])
        else:
            values[col] = in_unit(cells.get(col), unit)  # type: ignore[arg-type]
            shown.append("" if values[col] is None else f"{values[col]:.2f}")
    while shown and not shown[-1]:
        shown.pop()
    code = texts.get(spec.code_column) if spec.code_column else None
    return Row(
        line=line,
        cells=shown,
        code=code if code and _CODE.match(code) else None,
        name=row_name(spec, texts),
        texts=texts,
        values=values,
    )


def headers(table_id: str, y: int) -> list[list[str]]:
    """Header rows as the template prints them (the sample's layout)."""
    fn3 = [["项目", "", f"{y}年预算数", "", ""], ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]]
    sides = ["", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]
    return (
        {
            "T01": [
                ["收入", "", "支出", "", "", ""],
                ["项目", f"{y}年", "项目", f"{y}年合计", "当年预算安排", "上年结转安排"],
            ],
            "T02": [
                ["项目", "", "本年收入", "", "", "", "", "", "上年结转"],
                [
                    "科目编码",
                    "科目名称",
                    "合计",
                    "一般公共预算",
                    "政府性基金",
                    "国有资本经营预算",
                    "财政专户管理资金",
                    "单位资金",
                    "",
                ],
            ],
            "T03": fn3,
            "T05": fn3,
            "T08": fn3,
            "T04": [
                ["收入", "", "支出", "", "", "", ""],
                ["项目", "金额", "项目", "金额", "", "", ""],
                ["", "", "", "小计", "一般公共预算", "政府性基金预算", "国有资本经营预算"],
            ],
            "T06": [
                ["部门预算支出经济科目名称", "政府预算支出经济科目名称", f"{y}年预算数", "", ""],
                ["", "", "合计", "人员经费", "公用经费"],
            ],
            "T07": [["项目", "", "政府性基金收入预算"], ["收入科目编码", "科目名称", ""]],
            "T09": [
                ["国有资本经营预算收入", "", "", "国有资本经营预算支出", "", "", "", ""],
                ["项目", "", "国有资本经营收入预算", "科目编码", "科目名称", "合计", "基本支出", "项目支出"],
                ["收入科目编码", "科目名称", "", "", "", "", "", ""],
            ],
            "T10": [["项目", f"{y}年预算数", "", "", ""], sides],
            "T11": [["单位名称", f"{y}年预算数", "", "", ""], sides],
            "T12": [
                ["项目名称", "合计", f"{y}年财政拨款", "", "", "财政专户管理资金", "单位资金"],
                ["", "", "一般公共预算", "政府性基金预算", "国有资本经营预算", "", ""],
                ["1", "2", "3", "4", "5", "6", "7"],
            ],
            "T13": [
                ["项目名称", "合计", f"{y}年财政拨款", "", ""],
                ["", "", "一般公共预算", "政府性基金预算", "国有资本经营预算"],
                ["1", "2", "3", "4", "5"],
            ],
        }.get({"T17": "T03", "T18": "T06", "T16": "T06"}.get(table_id, table_id))
        or {
            "T20": [["项目", "", f"{y}年预算数"], ["科目编码", "科目名称", "合计"]],
            "T14": [
                ["部门预算支出经济科目名称", "政府预算支出经济科目名称", f"{y}年预算数", "", ""],
                ["", "", "合计", "基本支出", "项目支出"],
            ],
        }.get(table_id)
        or [["项目", "合计"]]
    )


_EMPTY_NOTES = {
    "T07": "注：本部门{y}年无政府性基金预算收入，故本表无数据。",
    "T08": "注：本部门{y}年无政府性基金预算支出，故本表无数据。",
    "T09": "注：本部门{y}年无国有资本经营预算收支，故本表无数据。",
    "T13": "注：本部门无上年结转项目支出，故本表无数据。",
    "T15": "注：本部门{y}年无政府采购预算，故本表无数据。",
    "T19": "注：本部门{y}年无一般公共预算项目支出经济分类数据，故本表无数据。",
    "T21": "注：本部门无财政拨款上年结转资金，故本表无数据。",
    "T22": "注：本部门{y}年无会议费、培训费预算，故本表无数据。",
    "T23": "注：本部门{y}年无政府购买服务预算，故本表无数据。",
    "T26": "注：本部门{y}年无专项资金，故本表无数据。",
}
# Kinds the builder publishes only empty, with a note (their amounts are not in the plan): one text column.
_EMPTY_ONLY = {
    k: layouts.TableSpec(k, 0, "", layouts._cols("@项目", "合计"), False, name_column="项目")
    for k in ("T15", "T19", "T21", "T22", "T23", "T26")
}
# Kinds of other templates laid out like one of the 13 (same columns and headers, other amounts):
# 财政拨款 by function like 表3, 一般公共预算基本支出 by function with its 合计 only, the basic-spending economic
# tables like 表6, and 一般公共预算 by economic class with 基本/项目 columns.
_ECON_SPLIT = layouts._cols("@部门经济科目", "@政府经济科目", "合计", "基本支出", "项目支出")
_MORE = {
    "T17": layouts.BY_ID["T03"].columns,
    "T20": layouts._cols("@科目编码", "@科目名称", "合计"),
    "T18": layouts.BY_ID["T06"].columns,
    "T16": layouts.BY_ID["T06"].columns,
    "T14": _ECON_SPLIT,
}
_MORE_SPECS = {
    k: layouts.TableSpec(
        k, 0, "", cols, False, *(("科目编码", "科目名称") if "科目编码" in dict(cols) else (None, "部门经济科目"))
    )
    for k, cols in _MORE.items()
}
# Performance-target tables: published as their printed title and the forms that follow it.
_PRINTED_ONLY = ("T24", "T25")
BUILT_KINDS = frozenset(layouts.BY_ID) | frozenset(_EMPTY_ONLY) | frozenset(_MORE) | frozenset(_PRINTED_ONLY)


def spec_of(kind: str) -> layouts.TableSpec:
    return layouts.BY_ID.get(kind) or _MORE_SPECS.get(kind) or _EMPTY_ONLY[kind]


def _amount(v: Decimal | None) -> str:
    return "" if v is None else f"{v:.2f}"


def printable(doc: Disclosure) -> Disclosure:
    """The disclosure as it is printed: rows read from one printed line (a 三公 table across, transposed by the
    reader) print that line once."""
    tables = []
    for t in doc.tables:
        lines = [r.line for r in t.rows]
        if len(set(lines)) < len(lines):
            t = t.model_copy(update={"rows": [r for k, r in enumerate(t.rows) if r.line not in lines[:k]]})
        tables.append(t)
    return doc.model_copy(update={"tables": tables})


def split_codes(head: list[list[str]], rows: list[Row], columns: list[str]):
    """The function-classification code printed over 类 | 款 | 项 columns ('201 | 03 | 01'), as many templates
    do, instead of one 科目编码 column; a 合计 printed in the code column moves to the name column."""
    head = [["类", "款", "项", *h[1:]] if h[0] == "科目编码" else [h[0], "", "", *h[1:]] for h in head]
    out = []
    for r in rows:
        cells = list(r.cells) + [""] * (2 - len(r.cells))
        code, name = cells[0], cells[1]
        if r.code:
            parts = [code[:3], code[3:5], code[5:7]]
        else:
            parts, name = ["", "", ""], name or code
        shown = parts + [name] + cells[2:]
        while shown and not shown[-1]:
            shown.pop()
        out.append(r.model_copy(update={"cells": shown}))
    return head, out, ["类", "款", "项", *columns[1:]]


class _Builder:
    def __init__(self, plan: Plan) -> None:
        self.p = plan
        self.d = _Doc()
        self.template = all_templates()[plan.template]

    # -- tables ------------------------------------------------------------------------------------------------
    def table(self, table_id: str, rows: list[dict[str, object]], note: str | None = None) -> None:
        """Table `table_id` (a kind) under the template's number, title and label (printed for the numbers in
        `plan.captions`), in the plan's unit."""
        p, d = self.p, self.d
        spec = spec_of(table_id)
        entry = self.template.entry(table_id)
        assert entry is not None, f"{self.template.name} has no {table_id}"
        label = self.template.label_for(entry.number)
        caption = label if label and entry.number in p.captions else None
        caption_line = d.key() if caption else None
        title_line = d.key()
        dept_line, unit_line = d.key(), d.key()
        head = headers(table_id, p.year)
        head_lines = [d.key() for _ in head]
        table_rows = [make_row(spec, d.key(), r, p.unit) for r in rows]
        notes = [Note(text=note, line=d.key())] if note else []
        columns, kind = spec.column_names, None
        if p.split_codes and spec.code_column == "科目编码" and rows:
            head, table_rows, columns = split_codes(head, table_rows, columns)
            kind = table_id  # printed from its cells (engine/render/disclosure_text.py)
        d.tables.append(
            Table(
                id=table_id,
                kind=kind,
                number=entry.number,
                title=f"{p.year}年{entry.title}",
                title_line=title_line,
                caption=caption,
                caption_line=caption_line,
                year=p.year,
                department=p.department,
                department_line=dept_line,
                unit=p.unit,
                unit_line=unit_line,
                header=head,
                header_lines=head_lines,
                columns=columns,
                rows=table_rows,
                notes=notes,
                start_line=caption_line or title_line,
                end_line=d.k,
            )
        )

    def empty(self, table_id: str, total_row: bool = True) -> None:
        spec = spec_of(table_id)
        first_text = spec.columns[0][0]
        rows: list[dict[str, object]] = [{first_text: "合计"}] if total_row else []
        self.table(table_id, rows, _EMPTY_NOTES[table_id].format(y=self.p.year))

    def func_tree(self, leaves, columns) -> list[dict[str, object]]:
        """合计, then 类 / 款 / 项 rows; `columns` maps column name → leaf → hundredths."""
        rows: list[dict[str, object]] = [
            {"科目编码": "合计", "科目名称": "", **{c: sum(f(l) for l in leaves) for c, f in columns.items()}}
        ]
        for lei in sorted({l.code[:3] for l in leaves}):
            in_lei = [l for l in leaves if l.code.startswith(lei)]
            rows.append(
                {
                    "科目编码": lei,
                    "科目名称": ref.CLASS_NAMES[lei],
                    **{c: sum(f(l) for l in in_lei) for c, f in columns.items()},
                }
            )
            for kuan in sorted({l.code[:5] for l in in_lei}):
                in_kuan = [l for l in in_lei if l.code.startswith(kuan)]
                rows.append(
                    {
                        "科目编码": kuan,
                        "科目名称": ref.KUAN_NAMES[kuan],
                        **{c: sum(f(l) for l in in_kuan) for c, f in columns.items()},
                    }
                )
                for l in in_kuan:
                    rows.append({"科目编码": l.code, "科目名称": l.name, **{c: f(l) for c, f in columns.items()}})
        return rows

    @staticmethod
    def finance(leaf) -> int:
        """财政拨款 = 一般公共预算 + 政府性基金 + 国有资本经营预算."""
        return leaf.total(GEN) + leaf.total(FUND) + leaf.total(CAP)

    def class_total(self, code: str, source: str | None = None) -> int:
        return sum(l.total(source) for l in self.p.leaves if l.code.startswith(code))

    def t01(self) -> None:
        p = self.p
        income = [
            ("一、一般公共预算", p.total(GEN)),
            ("二、政府性基金预算", p.total(FUND)),
            ("三、国有资本经营预算", p.total(CAP)),
            ("四、财政专户管理资金", p.total(SPECIAL)),
            ("五、单位资金", p.total(OWN)),
        ]
        rows = []
        for i, (code, name) in enumerate(ref.EXPENDITURE_CLASSES):
            amount = self.class_total(code)
            row: dict[str, object] = {
                "支出项目": f"{cn_number(i + 1)}、{name}",
                "支出合计": amount,
                "当年预算安排": amount,
            }
            if i < len(income):
                row.update({"收入项目": income[i][0], "收入金额": income[i][1]})
            rows.append(row)
        total = p.total()
        rows += [
            {
                "收入项目": "本年收入合计",
                "收入金额": total,
                "支出项目": "本年支出合计",
                "支出合计": total,
                "当年预算安排": total,
            },
            {"收入项目": "上年结转", "支出项目": "年终结转"},
            {
                "收入项目": "收入总计",
                "收入金额": total,
                "支出项目": "支出总计",
                "支出合计": total,
                "当年预算安排": total,
            },
        ]
        self.table("T01", rows)

    def t04(self) -> None:
        p = self.p
        income = [
            ("一、一般公共预算", p.total(GEN)),
            ("二、政府性基金预算", p.total(FUND)),
            ("三、国有资本经营预算", p.total(CAP)),
        ]
        rows = []
        for i, (code, name) in enumerate(ref.EXPENDITURE_CLASSES):
            g, f, c = (self.class_total(code, s) for s in (GEN, FUND, CAP))
            row: dict[str, object] = {
                "支出项目": f"{cn_number(i + 1)}、{name}",
                "支出合计": g + f + c,
                "一般公共预算": g,
                "政府性基金": f,
                "国有资本经营预算": c,
            }
            if i < len(income):
                row.update({"收入项目": income[i][0], "收入金额": income[i][1]})
            rows.append(row)
        sums = {
            "支出合计": p.finance_total,
            "一般公共预算": p.total(GEN),
            "政府性基金": p.total(FUND),
            "国有资本经营预算": p.total(CAP),
        }
        rows += [
            {"收入项目": "本年收入合计", "收入金额": p.finance_total, "支出项目": "本年支出合计", **sums},
            {"收入项目": "上年财政拨款结转", "支出项目": "年终结转"},
            {"收入项目": "一、一般公共预算"},
            {"收入项目": "二、政府性基金预算"},
            {"收入项目": "三、国有资本经营预算"},
            {"收入项目": "收入总计", "收入金额": p.finance_total, "支出项目": "支出总计", **sums},
        ]
        self.table("T04", rows)

    def t06(self, kind: str = "T06") -> None:
        """表6, and the tables of other templates with its rows (财政拨款 or all-funds basic spending: the plan
        gives basic spending of no other source to a template that has them)."""
        econ = self.p.econ
        rows: list[dict[str, object]] = [
            {
                "部门经济科目": "合计",
                "合计": sum(r.personnel + r.public for r in econ),
                "人员经费": sum(r.personnel for r in econ),
                "公用经费": sum(r.public for r in econ),
            }
        ]
        for cls, _ in ref.ECON_CLASSES:
            in_cls = [r for r in econ if r.cls == cls]
            if not in_cls:
                continue
            rows.append(
                {
                    "部门经济科目": cls,
                    "合计": sum(r.personnel + r.public for r in in_cls),
                    "人员经费": sum(r.personnel for r in in_cls),
                    "公用经费": sum(r.public for r in in_cls),
                }
            )
            rows += [
                {
                    "部门经济科目": r.dept_item,
                    "政府经济科目": r.gov_item,
                    "合计": r.personnel + r.public,
                    "人员经费": r.personnel,
                    "公用经费": r.public,
                }
                for r in in_cls
            ]
        self.table(kind, rows)

    def t14(self) -> None:
        """一般公共预算 by economic class: 表6's rows as 基本支出, the 一般公共预算 project money as 项目支出 of
        其他商品和服务支出 (the plan does not classify projects economically)."""
        econ = self.p.econ
        project = self.p.project_total(GEN)
        other = ref.ECON_CLASSES[1][1][-1]  # (其他商品和服务支出, 其他商品和服务支出, 公用经费)
        items: list[tuple[str, str, str, int, int]] = [
            (r.cls, r.dept_item, r.gov_item, r.personnel + r.public, 0) for r in econ
        ]
        if project:
            hit = next((i for i, x in enumerate(items) if x[1] == other[0]), None)
            if hit is None:
                items.append(("商品和服务支出", other[0], other[1], 0, project))
            else:
                items[hit] = items[hit][:4] + (project,)
        rows: list[dict[str, object]] = [
            {
                "部门经济科目": "合计",
                "合计": sum(x[3] + x[4] for x in items),
                "基本支出": sum(x[3] for x in items),
                "项目支出": sum(x[4] for x in items),
            }
        ]
        for cls, _ in ref.ECON_CLASSES:
            in_cls = [x for x in items if x[0] == cls]
            if not in_cls:
                continue
            rows.append(
                {
                    "部门经济科目": cls,
                    "合计": sum(x[3] + x[4] for x in in_cls),
                    "基本支出": sum(x[3] for x in in_cls),
                    "项目支出": sum(x[4] for x in in_cls),
                }
            )
            rows += [
                {"部门经济科目": x[1], "政府经济科目": x[2], "合计": x[3] + x[4], "基本支出": x[3], "项目支出": x[4]}
                for x in in_cls
            ]
        self.table("T14", rows)

    def t10(self) -> None:
        sg = {k: v[0] for k, v in self.p.sangong.items()}
        cars = sg["公务用车购置费"] + sg["公务用车运行维护费"]
        items = [
            ("因公出国（境）费", sg["因公出国（境）费"]),
            ("公务接待费", sg["公务接待费"]),
            ("公务用车购置及运行费", cars),
            ("①公务用车购置费", sg["公务用车购置费"]),
            ("②公务用车运行维护费", sg["公务用车运行维护费"]),
            ("合计", sum(sg.values())),
        ]
        if not self.p.sangong_across:
            self.table("T10", [{"项目": name, "合计": v, "一般公共预算": v} for name, v in items])
            return
        # printed across: one row of figures under the items; read, it becomes one row per item (合计 first, then
        # the items in column order), all on that printed line (engine/pipeline/ingest/tables.py `transpose_sangong`)
        y, d = self.p.year, self.d
        head = [
            ["项目", "合计", "因公出国（境）费", "公务用车购置及运行费", "", "", "公务接待费"],
            ["", "", "", "小计", "公务用车购置费", "公务用车运行维护费", ""],
        ]
        order = [
            "合计",
            "因公出国（境）费",
            "公务用车购置及运行费",
            "①公务用车购置费",
            "②公务用车运行维护费",
            "公务接待费",
        ]
        figures = dict(items)
        self.table("T10", [{"项目": f"{y}年预算数", **{f"#{i}": figures[k] for i, k in enumerate(order)}}])
        t = d.tables[-1]
        printed = [f"{y}年预算数"] + [_amount(in_unit(figures[k], self.p.unit)) for k in order]
        while printed and not printed[-1]:
            printed.pop()
        line = t.rows[0].line
        rows = [
            Row(
                line=line,
                cells=printed,
                name=name.lstrip("①②"),
                texts={"名称": name.lstrip("①②")},
                values={"合计": in_unit(figures[name], self.p.unit)},
            )
            for name in order
        ]
        d.tables[-1] = t.model_copy(
            update={
                "kind": "T10",
                "header": head,
                "rows": rows,
                "columns": [
                    "名称",
                    "合计",
                    "因公出国（境）费",
                    "公务用车购置及运行维护费",
                    "公务用车购置费",
                    "公务用车运行维护费",
                    "公务接待费",
                ],
            }
        )

    def t11(self) -> None:
        total = sum(self.p.jgyx.values())
        rows: list[dict[str, object]] = [{"单位名称": "部门合计", "合计": total, "一般公共预算": total}]
        rows += [{"单位名称": u, "合计": v, "一般公共预算": v} for u, v in self.p.jgyx.items()]
        self.table("T11", rows)

    def t12(self) -> None:
        p = self.p
        col = {
            GEN: "一般公共预算",
            FUND: "政府性基金",
            CAP: "国有资本经营预算",
            SPECIAL: "财政专户管理资金",
            OWN: "单位资金",
        }

        def amounts(projects) -> dict[str, object]:
            out: dict[str, object] = {"合计": sum(sum(x.amounts.values()) for x in projects)}
            for s in SOURCES:
                out[col[s]] = sum(x.amounts.get(s, 0) for x in projects)
            return out

        rows = [{"项目名称": p.department, **amounts(p.projects)}]
        for unit in p.units:
            mine = [x for x in p.projects if x.unit == unit.name]
            if mine:
                rows.append({"项目名称": unit.name, **amounts(mine)})
                rows += [{"项目名称": x.name, **amounts([x])} for x in mine]
        self.table("T12", rows)

    def tables(self) -> None:
        """The template's tables, in its order; kinds published only by title (绩效目标表) come with the forms."""
        p = self.p
        general = [l for l in p.leaves if not l.fund]
        funds = [l for l in p.leaves if l.fund]
        build: dict[str, Callable[[], None]] = {
            "T01": self.t01,
            "T02": lambda: self.table(
                "T02",
                self.func_tree(
                    p.leaves,
                    {
                        "合计": lambda l: l.total(),
                        "一般公共预算": lambda l: l.total(GEN),
                        "政府性基金": lambda l: l.total(FUND),
                        "国有资本经营预算": lambda l: l.total(CAP),
                        "财政专户管理资金": lambda l: l.total(SPECIAL),
                        "单位资金": lambda l: l.total(OWN),
                    },
                ),
            ),
            "T03": lambda: self.table(
                "T03",
                self.func_tree(
                    p.leaves,
                    {
                        "合计": lambda l: l.total(),
                        "基本支出": lambda l: sum(l.basic.values()),
                        "项目支出": lambda l: sum(l.project.values()),
                    },
                ),
            ),
            "T04": self.t04,
            "T05": lambda: self.table(
                "T05",
                self.func_tree(
                    general,
                    {
                        "合计": lambda l: l.total(GEN),
                        "基本支出": lambda l: l.basic.get(GEN, 0),
                        "项目支出": lambda l: l.project.get(GEN, 0),
                    },
                ),
            ),
            "T06": self.t06,
            "T07": lambda: (
                self.table(
                    "T07",
                    [
                        {("收入科目编码" if k == "科目编码" else k): v for k, v in r.items()}
                        for r in self.func_tree(funds, {"合计": lambda l: l.total(FUND)})
                    ],
                )
                if funds
                else self.empty("T07")
            ),
            "T08": lambda: (
                self.table(
                    "T08",
                    self.func_tree(
                        funds,
                        {
                            "合计": lambda l: l.total(FUND),
                            "基本支出": lambda l: l.basic.get(FUND, 0),
                            "项目支出": lambda l: l.project.get(FUND, 0),
                        },
                    ),
                )
                if funds
                else self.empty("T08")
            ),
            "T09": lambda: self.empty("T09"),
            "T10": self.t10,
            "T11": self.t11,
            "T12": self.t12,
            "T13": lambda: self.empty("T13", total_row=False),
            "T14": self.t14,
            "T16": lambda: self.t06("T16"),
            "T17": lambda: self.table(
                "T17",
                self.func_tree(
                    [l for l in p.leaves if self.finance(l)],
                    {
                        "合计": self.finance,
                        "基本支出": lambda l: sum(l.basic.get(s, 0) for s in (GEN, FUND, CAP)),
                        "项目支出": lambda l: sum(l.project.get(s, 0) for s in (GEN, FUND, CAP)),
                    },
                ),
            ),
            "T18": lambda: self.t06("T18"),
            "T20": lambda: self.table(
                "T20", self.func_tree([l for l in general if l.basic.get(GEN)], {"合计": lambda l: l.basic.get(GEN, 0)})
            ),
            **{k: partial(self.empty, k, total_row=False) for k in _EMPTY_ONLY},
        }
        for entry in self.template.tables:
            if entry.kind not in _PRINTED_ONLY:
                build[entry.kind]()

    # -- narrative -------------------------------------------------------------------------------------------
    def part1(self) -> None:
        p, d = self.p, self.d
        d.heading(1, "第一部分", "概况")
        d.heading(2, "一", "本部门职责")
        for i, duty in enumerate(p.duties):
            d.para(f"（{cn_number(i + 1)}）{duty}")
        d.heading(2, "二", "机构设置情况")
        names = "、".join(u.name for u in p.units)
        d.para(
            f"{p.self_name}共有{len(p.units)}个财务独立核算单位纳入{p.year}年预算编报工作，分别为：{names}。",
            S("org.units", Decimal(len(p.units)), "个"),
        )

    def part3(self) -> None:
        p, d = self.p, self.d
        y, dept = p.year, p.department
        total = p.total()
        d.heading(1, "第三部分", f"{y}年度部门预算情况说明")

        d.heading(2, "一", "部门预算收支数据变动情况及原因")
        clause, ch = change_clause(total, p.prev_total, p.total_reason)
        d.para(
            f"{y}年度{dept}预算收入总计{money(total)}，其中：本年收入{money(total)}，上年结转0万元，{clause}；"
            f"本年部门预算支出总计{money(total)}，其中：本年预算安排{money(total)}，上年结转0万元，{clause}。",
            S("income.total", total, **ch),
            S("income.current", total),
            S("income.carryover", 0),
            S("expense.total", total, **ch),
            S("expense.current", total),
            S("expense.carryover", 0),
        )

        d.heading(2, "二", "收入预算情况说明")
        parts = [
            ("一般公共预算拨款收入", GEN, "general"),
            ("政府性基金预算拨款收入", FUND, "fund"),
            ("国有资本经营预算拨款收入", CAP, "soe"),
            ("财政专户管理资金收入", SPECIAL, "special_account"),
            ("单位资金", OWN, "unit_funds"),
        ]
        text = "；".join(f"{label}{money(p.total(s))}，占{pct(percent(p.total(s), total))}" for label, s, _ in parts)
        d.para(
            f"{y}年度{dept}预算收入{money(total)}，主要包括{text}；上年结转0万元，占0%。",
            S("income.total", total),
            *[S(f"income.{key}", p.total(s), percent=percent(p.total(s), total)) for _, s, key in parts],
            S("income.carryover", 0, percent=Decimal(0)),
        )

        d.heading(2, "三", "支出预算情况说明")
        b, pr = p.basic_total(), p.project_total()
        d.para(
            f"{y}年度{dept}支出预算{money(total)}，其中：基本支出{money(b)}，占{pct(percent(b, total))}；"
            f"项目支出{money(pr)}，占{pct(percent(pr, total))}。",
            S("expense.total", total),
            S("expense.basic", b, percent=percent(b, total)),
            S("expense.project", pr, percent=percent(pr, total)),
        )

        d.heading(2, "四", "财政拨款收支预算总体情况说明")
        fin = p.finance_total
        fiscal = [
            (name, self.class_total(code, GEN) + self.class_total(code, FUND)) for code, name in ref.EXPENDITURE_CLASSES
        ]
        fiscal = [(name, v) for name, v in fiscal if v]
        by_class = "、".join(f"{name}{money(v)}" for name, v in fiscal)
        d.para(
            f"{y}年度{dept}财政拨款收支总预算{money(fin)}。其中：一般公共预算拨款{money(p.total(GEN))}，"
            f"政府性基金预算拨款{money(p.total(FUND))}，国有资本经营预算拨款0万元。其中：当年拨款收入{money(fin)}，"
            f"上年结转收入0万元。支出包括：{by_class}。",
            S("fiscal.total", fin),
            S("fiscal.general", p.total(GEN)),
            S("fiscal.fund", p.total(FUND)),
            S("fiscal.soe", 0),
            S("fiscal.current", fin),
            S("fiscal.carryover", 0),
            *[S(f"fiscal.class.{name}", v) for name, v in fiscal],
        )

        d.heading(2, "五", "一般公共预算支出情况说明")
        gen = p.total(GEN)
        d.heading(3, "一", "一般公共预算当年支出规模变化情况")
        clause, ch = change_clause(gen, p.prev_gen, p.gen_reason)
        d.para(f"{y}年度{dept}一般公共预算当年支出{money(gen)}，{clause}。", S("general.total", gen, **ch))
        d.heading(3, "二", "一般公共预算当年支出结构情况")
        classes = [
            (code, name, self.class_total(code, GEN))
            for code, name in ref.EXPENDITURE_CLASSES
            if self.class_total(code, GEN)
        ]
        text = "；".join(f"{name}{money(v)}，占{pct(percent(v, gen))}" for _, name, v in classes)
        d.para(
            f"{y}年度{dept}一般公共预算当年支出{money(gen)}，主要用于以下方面：{text}。",
            S("general.total", gen),
            *[S(f"general.class.{name}", v, percent=percent(v, gen)) for _, name, v in classes],
        )
        d.heading(3, "三", "一般公共预算当年支出具体情况")
        for i, leaf in enumerate(l for l in p.leaves if l.total(GEN) or l.prev_gen):
            v = leaf.total(GEN)
            reason = ref.REASONS_UP[0] if v > leaf.prev_gen else ref.REASONS_DOWN[0]
            clause, ch = change_clause(v, leaf.prev_gen, reason)
            d.para(
                f"{i + 1}.{ref.CLASS_NAMES[leaf.code[:3]]}（类）{ref.KUAN_NAMES[leaf.code[:5]]}（款）"
                f"{leaf.name}（项）{money(v)}，{clause}。",
                S(f"general.item.{leaf.name}", v, **ch),
            )

        d.heading(2, "六", "一般公共预算基本支出情况说明")
        personnel = sum(r.personnel for r in p.econ)
        public = sum(r.public for r in p.econ)
        pn = "、".join(r.dept_item for r in p.econ if r.personnel)
        pu = "、".join(r.dept_item for r in p.econ if r.public)
        d.para(
            f"{y}年度{dept}一般公共预算安排基本支出{money(personnel + public)}，其中：人员经费{money(personnel)}，"
            f"主要包括：{pn}；公用经费{money(public)}，主要包括：{pu}。",
            S("basic.total", personnel + public),
            S("basic.personnel", personnel),
            S("basic.public", public),
        )

        self.sangong()
        d.heading(2, "八", "机关运行经费增减变动原因说明")
        jg = sum(p.jgyx.values())
        clause, ch = change_clause(jg, p.jgyx_prev, p.jgyx_reason)
        clause = clause.replace("比上年", f"比{y - 1}年预算")
        d.para(
            f"本部门{y}年所属{p.department}（本级）等{len(p.jgyx)}家行政单位机关运行经费财政拨款预算{money(jg)}，"
            f"{clause}。",
            S("jgyx.units", Decimal(len(p.jgyx)), "家"),
            S("jgyx.total", jg, **ch),
        )

        d.heading(2, "九", "政府采购情况")
        g, w, s = p.procurement
        d.para(
            f"{y}年{dept}政府采购预算总额{money(g + w + s)}。其中：政府采购货物预算{money(g)}、"
            f"政府采购工程预算{money(w)}、政府采购服务预算{money(s)}。",
            S("proc.total", g + w + s),
            S("proc.goods", g),
            S("proc.works", w),
            S("proc.services", s),
        )

        self.performance()
        self.assets()

    def sangong(self) -> None:
        p, d = self.p, self.d
        y = p.year
        d.heading(2, "七", "“三公”经费增减变动原因说明")
        cur, prev = p.sangong_total(0), p.sangong_total(1)
        if cur == prev:
            head = f"与{y - 1}年预算数相同"
            ch: dict = {"direction": "持平"}
        else:
            up = cur > prev
            reason = p.sangong_reasons["合计"]
            head = f"比{y - 1}年预算{'增加' if up else '减少'}{money(abs(cur - prev))}，{reason}"
            ch = {"direction": "增加" if up else "减少", "change_amount": dec(abs(cur - prev)), "reason": reason}
        clauses = []
        stmts = [S("sangong.total", cur, **ch)]
        topics = dict(
            zip(
                SANGONG_ITEMS,
                ("sangong.abroad", "sangong.reception", "sangong.vehicle_purchase", "sangong.vehicle_operation"),
            )
        )
        for item in ("因公出国（境）费", "公务接待费", "公务用车运行维护费", "公务用车购置费"):
            now, before = p.sangong[item]
            if now == before:
                clauses.append(f"{item}{money(now)}，与上年预算数相同")
                fields: dict = {"direction": "持平"}
            else:
                up = now > before
                reason = p.sangong_reasons[item]
                clauses.append(
                    f"{item}{money(now)}，比上年{'增加' if up else '减少'}{money(abs(now - before))}，{reason}"
                )
                fields = {
                    "direction": "增加" if up else "减少",
                    "change_amount": dec(abs(now - before)),
                    "reason": reason,
                }
            stmts.append(S(topics[item], now, **fields))
        d.para(
            f"{y}年{p.department}财政拨款安排的“三公”经费预算{money(cur)}，{head}。其中：{'；'.join(clauses)}。", *stmts
        )

    def performance(self) -> None:
        p, d = self.p, self.d
        y = p.year
        d.heading(2, "十", "绩效管理情况")
        d.heading(4, "1", "整体绩效目标")
        total, b, pr = p.total(), p.basic_total(), p.project_total()
        d.para(
            f"{y}年编报部门整体支出绩效目标，涉及部门预算资金{money(total)}，其中基本支出{money(b)}，"
            f"项目支出{money(pr)}；机关及下属预算单位{len(p.units)}个。",
            S("perf.whole.total", total),
            S("perf.whole.basic", b),
            S("perf.whole.project", pr),
            S("perf.whole.units", Decimal(len(p.units)), "个"),
        )
        d.heading(4, "2", "项目绩效目标")
        cats, cat_stmts = [], []
        for cat in ref.PROJECT_CATEGORIES:
            mine = [x for x in p.projects if x.category == cat]
            if mine:
                amount = sum(sum(x.amounts.values()) for x in mine)
                cats.append(f"{cat}项目{len(mine)}个，涉及金额{money(amount)}")
                cat_stmts += [
                    S(f"perf.projects.kind.{cat}.count", Decimal(len(mine)), "个"),
                    S(f"perf.projects.kind.{cat}.total", amount),
                ]
        published = [x for x in p.projects if x.form]
        pub_amount = sum(sum(x.amounts.values()) for x in published)
        d.para(
            f"{y}年{p.department}纳入绩效目标管理的二级项目{len(p.projects)}个，共计金额{money(pr)}。"
            f"其中：{'；'.join(cats)}。公开项目绩效目标{len(published)}个，涉及项目金额{money(pub_amount)}，"
            f"占部门（单位）项目支出总额的{pct(percent(pub_amount, pr))}。",
            S("perf.projects.count", Decimal(len(p.projects)), "个"),
            S("perf.projects.total", pr),
            *cat_stmts,
            S("perf.published.count", Decimal(len(published)), "个"),
            S("perf.published.total", pub_amount, percent=percent(pub_amount, pr)),
        )
        for entry in self.template.tables:  # the 绩效目标表 the template lists: their titles over the forms
            if entry.kind in _PRINTED_ONLY:  # (a title line between two forms would be read as a form row)
                d.para(f"{y}年{entry.title}")
        self.whole_form()
        for x in published:
            self.project_form(x)

    def whole_form(self) -> None:
        p, d = self.p, self.d
        w = p.whole
        title_line = d.key()
        counts = {}
        for label, value in (
            ("内设职能部门数", f"{w.offices}个"),
            ("所属预算单位数", f"{len(p.units)}个"),
            ("核定的人员编制数", f"{w.quota}人"),
            ("实际在职人员总数", f"{w.staff_in + w.staff_other}人"),
            ("在编人员数", f"{w.staff_in}人"),
            ("其他人员数", f"{w.staff_other}人"),
        ):
            counts[label] = FormField(text=value, line=d.key())
        fields = {
            "部门名称": FormField(text=f"238-{p.department}", line=title_line),
            "部门职责": FormField(
                text="".join(f"（{cn_number(i + 1)}）{t}" for i, t in enumerate(p.duties)), line=d.key()
            ),
            "年度绩效目标": FormField(text=w.goal, line=d.key()),
        }
        sources = {
            "来源合计": p.total(),
            "一般公共预算": p.total(GEN),
            "政府性基金预算": p.total(FUND),
            "国有资本经营预算": p.total(CAP),
            "社会保险基金预算": 0,
            "财政专户管理资金": p.total(SPECIAL),
            "单位资金": p.total(OWN),
            "方向合计": p.total(),
            "基本支出": p.basic_total(),
            "项目支出": p.project_total(),
        }
        funds = {"年度": {k: dec(v) for k, v in sources.items()}}
        fund_lines = {"年度": {k: d.key() for k in sources}}
        branches, indicators = self.indicators(w.indicators, "年度")
        d.forms.append(
            PerformanceForm(
                kind="whole",
                name=f"238-{p.department}",
                title_line=title_line,
                end_line=d.k,
                fields=fields,
                funds=funds,
                fund_lines=fund_lines,
                unit="万元",
                counts=counts,
                branches=branches,
                indicators=indicators,
            )
        )

    def project_form(self, x) -> None:
        p, d = self.p, self.d
        f = x.form
        title_line = d.key()
        annual = {
            "中央财政资金": 0,
            "省级财政资金": x.amounts.get(GEN, 0) * 100,
            "市县财政资金": 0,
            "单位自筹": x.amounts.get(OWN, 0) * 100,
            "其他资金": x.amounts.get(SPECIAL, 0) * 100,
        }
        funds: dict[str, dict[str, Decimal | None]] = {}
        fund_lines: dict[str, dict[str, int]] = {"实施期": {}, "年度": {}}
        for group, factor in (("实施期", f.years), ("年度", 1)):
            g = {k: Decimal(v * factor) for k, v in annual.items()}
            funds[group] = {"合计": sum(g.values(), Decimal(0)), **g}
        for k in ["合计", *annual]:
            line = d.key()
            fund_lines["实施期"][k] = fund_lines["年度"][k] = line
        fields = {"项目名称": FormField(text=x.name, line=title_line)}
        fields["主管部门及代码"] = FormField(text=f"238-{p.department}", line=d.key())
        fields["实施单位"] = FormField(text=x.unit, line=fields["主管部门及代码"].line)
        fields["项目属性"] = FormField(text=f.attribute, line=d.key())
        fields["项目期"] = FormField(text=f"{f.years}年", line=fields["项目属性"].line)
        for k, v in f.texts.items():
            fields[k] = FormField(text=v, line=d.key())
        goal_line = d.key()
        fields["总体目标（实施期）"] = FormField(text=f.goals[0], line=goal_line)
        fields["总体目标（年度）"] = FormField(text=f.goals[1], line=goal_line)
        branches, indicators = self.indicators_two(f.indicators)
        d.forms.append(
            PerformanceForm(
                kind="project",
                name=x.name,
                title_line=title_line,
                end_line=d.k,
                fields=fields,
                funds=funds,
                fund_lines=fund_lines,
                unit="元",
                branches=branches,
                indicators=indicators,
            )
        )

    def indicators(self, plan_inds, group: str):
        d = self.d
        branches, out = [], []
        seen = set()
        for ind in plan_inds:
            line = d.key()
            if (ind.level1, ind.level2) not in seen:
                seen.add((ind.level1, ind.level2))
                branches.append(FormBranch(group=group, level1=ind.level1, level2=ind.level2, line=line))
            out.append(_model_indicator(ind, group, line))
        return branches, out

    def indicators_two(self, groups: dict):
        """Project forms print 实施期 and 年度 side by side, 一级 block by 一级 block."""
        d = self.d
        branches, out = [], []
        level1s = list(dict.fromkeys(i.level1 for g in groups.values() for i in g))
        for level1 in level1s:
            cols = {g: [i for i in inds if i.level1 == level1] for g, inds in groups.items()}
            lines = [d.key() for _ in range(max(len(c) for c in cols.values()))]
            for g, inds in cols.items():
                seen = set()
                for ind, line in zip(inds, lines):
                    if ind.level2 not in seen:
                        seen.add(ind.level2)
                        branches.append(FormBranch(group=g, level1=level1, level2=ind.level2, line=line))
                    out.append(_model_indicator(ind, g, line))
        out.sort(key=lambda i: (i.group != "实施期", i.line))
        branches.sort(key=lambda b: (b.group != "实施期", b.line))
        return branches, out

    def assets(self) -> None:
        p, d = self.p, self.d
        y, dept = p.year, p.department
        d.heading(2, "十一", "国有资产占有使用情况")
        d.heading(4, "1", "车辆情况")
        actual = sum(p.vehicles.values())
        by_type = "，".join(f"{k}{v}辆" for k, v in p.vehicles.items())
        d.para(
            f"截至{y - 1}年12月31日，{dept}共有公务用车编制{p.vehicles_quota}辆，实有{actual}辆，其中：{by_type}。",
            S("asset.vehicles.quota", Decimal(p.vehicles_quota), "辆"),
            S("asset.vehicles.actual", Decimal(actual), "辆"),
            *[S(f"asset.vehicles.{k}", Decimal(v), "辆") for k, v in p.vehicles.items()],
            S("asset.date", Decimal(y - 1), "年"),
        )
        d.heading(4, "2", "房屋情况")
        d.para(
            f"截至{y - 1}年12月31日，{dept}使用的办公用房建筑总面积{p.office_area}平方米。",
            S("asset.building_area", p.office_area, "平方米"),
            S("asset.date", Decimal(y - 1), "年"),
        )
        d.heading(4, "3", "其他国有资产占有使用情况")
        general, special = p.equipment
        d.para(
            f"截至{y - 1}年12月31日，{dept}占有使用价值50万元（原值）以上的通用设备{general}台（套）；"
            f"{dept}占有使用价值100万元（原值）以上的专用设备{special}台（套）。",
            S("asset.equipment.general", Decimal(general), "台（套）"),
            S("asset.equipment.special", Decimal(special), "台（套）"),
            S("asset.date", Decimal(y - 1), "年"),
        )

    def part4(self) -> None:
        d = self.d
        d.heading(1, "第四部分", "名词解释")
        for i, text in enumerate(
            (
                "财政拨款收入：是指省级财政当年拨付的资金，包括一般公共预算拨款、政府性基金预算拨款和国有资本经营预算拨款。",
                "基本支出：是指为保障机构正常运转、完成日常工作任务而发生的人员经费和公用经费。",
                "项目支出：是指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。",
                "“三公”经费：是指用财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。其中，因公出国（境）费"
                "反映单位公务出国（境）的国际旅费、国外城市间交通费、住宿费、伙食费、培训费、公杂费等支出；公务用车购置及运行费"
                "反映单位公务用车车辆购置支出（含车辆购置税）及租用费、燃料费、维修费、过路过桥费、保险费等支出；公务接待费"
                "反映单位按规定开支的各类公务接待（含外宾接待）支出。",
                "机关运行经费：是指为保障行政单位（含参照公务员法管理的事业单位）运行用于购买货物和服务的各项资金，包括办公及印刷费、"
                "邮电费、差旅费、会议费、福利费、日常维修费、专用材料及一般设备购置费、办公用房水电费、办公用房取暖费、办公用房物业管理费、"
                "公务用车运行维护费以及其他费用。",
            )
        ):
            d.para(f"{cn_number(i + 1)}、{text}")

    def build(self) -> Disclosure:
        p, d = self.p, self.d
        title = f"{p.year}年度部门预算公开"
        d.para(p.department)  # the cover lines read back as paragraphs, as on the sample
        d.para(title)
        d.para("目 录")
        dept_line, year_line = d.paragraphs[0].line, d.paragraphs[1].line
        toc_at = d.k
        d.k += 60  # room for the 目录, filled in below once headings are known
        self.part1()
        d.heading(1, "第二部分", f"{p.year}年部门预算报表")
        self.tables()
        self.part3()
        self.part4()
        page, line = 1, toc_at
        for h in d.headings:
            if h.level > 3:
                continue
            line += 1
            d.toc.append(
                TocEntry(
                    title=squash(
                        f"{h.number} {h.title}"
                        if h.level == 1
                        else f"{h.number}、{h.title}"
                        if h.level == 2
                        else f"（{h.number}）{h.title}"
                    ),
                    page=page,
                    line=line,
                )
            )
            if h.title.endswith("报表"):
                for t in d.tables:
                    line += 1
                    d.toc.append(TocEntry(title=squash(f"表{cn_number(t.number or 0)}{t.title}"), page=page, line=line))
            page += 1
        return Disclosure(
            source=SourceInfo(path="generated.txt", sha256=""),
            meta=Meta(
                department=p.department,
                department_line=dept_line,
                year=p.year,
                year_line=year_line,
                title=title,
                province=p.province,
            ),
            toc=d.toc,
            headings=d.headings,
            paragraphs=d.paragraphs,
            tables=d.tables,
            statements=d.statements,
            forms=d.forms,
        )


def _model_indicator(ind, group: str, line: int) -> Indicator:
    return Indicator(
        group=group,
        level1=ind.level1,
        level2=ind.level2,
        name=ind.name,
        value=ind.value,
        comparator=ind.comparator,
        number=ind.number,
        unit=ind.unit,
        value_kind=ind.kind,
        line=line,
    )


def build_disclosure(plan: Plan) -> Disclosure:
    return _Builder(plan).build()
