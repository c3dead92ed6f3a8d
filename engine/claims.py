"""Forward chaining from narrative statements: statement × table figure → `claim`; a change → `needs_reason`.

A disclosure states many table figures again in prose ("一般公共预算拨款收入1,234.56万元"). The reader turns each
into a `statement` fact with a topic (engine/ingest/narrative.py); the derivers here pair it with the table
figure that topic names, so a narrative rule judges one claim at a time instead of searching the tables itself.

Derived fact types (asserted behind the evaluate gate, before the rules that judge them):

`claim` — a narrative amount that must equal a table figure::

    {"type": "claim", "id": "claim:<statement id>", "topic": "income.general", "family": "text",  # text|sangong|jgyx|other
     "statement": "<statement id>", "line": 57, "section": "收入预算", "text": "…",
     "stated": 123456,            # the stated amount in hundredths of the tables' money unit (元/万元/亿元 converted)
     "precision": 50,             # half the last digit the prose prints, same unit ('2,180万元' beside 元 tables)
     "figure": 123456 | None,     # the table figure; None = the table does not print it (judge: not applicable)
     "where": "表1 一般公共预算行 收入金额栏",   # how the evidence names the table cell
     "evidence": [{"line": 57, "label": "说明"}, {"line": 130, "table": "T01", "label": "表1 …"}]}

`needs_reason` — a compared figure whose change against last year needs a reason (a 持平 one is carried too,
so the reason rules can say why no reason is needed)::

    {"type": "needs_reason", "id": "needs_reason:<statement id>", "family": "text|sangong|jgyx",
     "topic", "statement", "line", "section", "text", "direction": "增加|减少|持平|None",
     "required": bool, "amount", "unit", "change_amount", "change_percent", "reason": "…|None"}

The topic → figure map below is data: where each narrative topic sits in the tables (kind, label column,
row labels, value column).
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from engine.authoring import Deriver
from engine.figures import ev, find, label, rows, tname
from engine.numbers import MONEY_UNIT, convert, squash

# topic → (table kind, label column, row labels, value column): where a stated figure sits in the tables
FIGURES: dict[str, tuple[str, str, tuple[str, ...], str]] = {
    "income.total": ("T01", "收入项目", ("收入总计",), "收入金额"),
    "income.current": ("T01", "收入项目", ("本年收入合计",), "收入金额"),
    "income.carryover": ("T01", "收入项目", ("上年结转",), "收入金额"),
    "income.general": ("T01", "收入项目", ("一般公共预算",), "收入金额"),
    "income.fund": ("T01", "收入项目", ("政府性基金预算",), "收入金额"),
    "income.soe": ("T01", "收入项目", ("国有资本经营预算",), "收入金额"),
    "income.special_account": ("T01", "收入项目", ("财政专户管理资金",), "收入金额"),
    "income.unit_funds": ("T01", "收入项目", ("单位资金",), "收入金额"),
    "expense.total": ("T01", "支出项目", ("支出总计",), "支出合计"),
    "expense.current": ("T01", "支出项目", ("支出总计",), "当年预算安排"),
    "expense.carryover": ("T01", "支出项目", ("支出总计",), "上年结转安排"),
    "expense.basic": ("T03", "科目编码", ("合计",), "基本支出"),
    "expense.project": ("T03", "科目编码", ("合计",), "项目支出"),
    "fiscal.total": ("T04", "收入项目", ("收入总计",), "收入金额"),
    "fiscal.current": ("T04", "收入项目", ("本年收入合计",), "收入金额"),
    "fiscal.carryover": ("T04", "收入项目", ("上年财政拨款结转", "上年结转"), "收入金额"),
    "fiscal.general": ("T04", "收入项目", ("一般公共预算",), "收入金额"),
    "fiscal.fund": ("T04", "收入项目", ("政府性基金预算",), "收入金额"),
    "fiscal.soe": ("T04", "收入项目", ("国有资本经营预算",), "收入金额"),
    "general.total": ("T05", "科目编码", ("合计",), "合计"),
    "general.basic": ("T05", "科目编码", ("合计",), "基本支出"),
    "general.project": ("T05", "科目编码", ("合计",), "项目支出"),
    "basic.total": ("T06", "部门经济科目", ("合计",), "合计"),
    "basic.personnel": ("T06", "部门经济科目", ("合计",), "人员经费"),
    "basic.public": ("T06", "部门经济科目", ("合计",), "公用经费"),
    "sangong.total": ("T10", "名称", ("合计",), "合计"),
    "sangong.abroad": ("T10", "名称", ("因公出国（境）费",), "合计"),
    "sangong.reception": ("T10", "名称", ("公务接待费",), "合计"),
    "sangong.vehicle": ("T10", "名称", ("公务用车购置及运行费",), "合计"),
    "sangong.vehicle_purchase": ("T10", "名称", ("公务用车购置费",), "合计"),
    "sangong.vehicle_operation": ("T10", "名称", ("公务用车运行维护费",), "合计"),
    "jgyx.total": ("T11", "名称", ("部门合计", "合计"), "合计"),
    "perf.whole.total": ("T03", "科目编码", ("合计",), "合计"),
    "perf.whole.basic": ("T03", "科目编码", ("合计",), "基本支出"),
    "perf.whole.project": ("T03", "科目编码", ("合计",), "项目支出"),
    "perf.projects.total": ("T03", "科目编码", ("合计",), "项目支出"),
}
# function-class rows: topic prefix → (table kind, value column, code level)
CLASS_TABLES = {"expense.class.": ("T03", "合计", "类"), "general.class.": ("T05", "合计", "类"),
                "general.item.": ("T05", "合计", "项")}


def figure(ctx: Any, topic: str, text: str = "") -> tuple[int, dict[str, Any], str] | None:
    """The table figure a narrative topic should equal: (hundredths, row fact, evidence label), or None.

    A 项 name can repeat under different 款 (行政运行): the 款 named in the sentence `text` picks one."""
    if topic in FIGURES:
        table, column, names, value_col = FIGURES[topic]
        row = find(rows(ctx, table), column, *names)
        if row is None or value_col not in ctx.fact("table", table=table).get("columns", [value_col]):
            return None                 # the table does not print that column: nothing to compare with
        value = row.get("v", {}).get(value_col)
        where = f"{tname(table)} {label(row['texts'].get(column))}行 {value_col}栏"
        return (0 if value is None else int(value)), row, where
    if topic.startswith("fiscal.class."):
        name = topic[len("fiscal.class."):]
        row = find(rows(ctx, "T04"), "支出项目", name)
        if row is None:
            return None
        value = row.get("v", {}).get("支出合计")
        return (0 if value is None else int(value)), row, f"{tname('T04')} {name}行 支出合计栏"
    for prefix, (table, value_col, level) in CLASS_TABLES.items():
        if topic.startswith(prefix):
            name = squash(topic[len(prefix):])
            table_rows = rows(ctx, table)
            found = [r for r in table_rows if r.get("level") == level and squash(r["name"]) == name]
            if len(found) > 1:
                names = {r["code"]: squash(r["name"]) for r in table_rows if r.get("code")}
                found = [r for r in found if names.get(r["code"][:5], "\0") in squash(text)]
            if len(found) != 1:
                return None
            row = found[0]
            value = row.get("v", {}).get(value_col)
            return (0 if value is None else int(value)), row, f"{tname(table)} {row['code']} {row['name']} {value_col}"
    return None


def wan(stmt: dict[str, Any], field: str = "amount") -> int | None:
    """A stated money figure in hundredths of the tables' unit (元, 万元 and 亿元 converted, rounded half-up)."""
    value = stmt.get(field)
    if value is None:
        return None
    if stmt.get(field + "_money") is not None:        # converted before rounding (engine/facts.py)
        return stmt[field + "_money"]
    scaled = convert(Decimal(value), stmt.get("unit") or "万元", MONEY_UNIT.get())
    return int(scaled.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def stated_precision(stmt: dict[str, Any]) -> int:
    """Half the last printed digit of a stated amount, in hundredths of the tables' unit."""
    places = stmt.get("amount_places")
    if stmt.get("amount") is None or places is None:
        return 0
    half = convert(Decimal(100) / 2 / Decimal(10) ** places, stmt.get("unit") or "万元", MONEY_UNIT.get())
    return int(half) if half >= 1 else 0


def family(topic: str) -> str | None:
    """The narrative family a topic belongs to (who judges its claims and reasons)."""
    head = topic.split(".")[0]
    if head == "sangong":
        return "sangong"
    if topic == "jgyx.total":
        return "jgyx"
    if head in ("income", "expense", "fiscal", "general", "basic"):
        return "text"
    return None


_MONEY_TOPICS = tuple(FIGURES) + ("fiscal.class.",) + tuple(CLASS_TABLES)


class Claims(Deriver):
    """Every stated money figure whose topic names a table figure becomes a `claim`."""
    name = "claims"
    subject = "statement"

    def derive(self, stmt, ctx):
        topic = stmt.get("topic") or ""
        if stmt.get("amount") is None or not topic.startswith(_MONEY_TOPICS) or topic in ("jgyx.units",):
            return
        if topic not in FIGURES and not any(topic.startswith(p) for p in ("fiscal.class.", *CLASS_TABLES)):
            return
        found = figure(ctx, topic, stmt.get("text", ""))
        value, row, where = found if found else (None, None, "")
        ctx.derive({"id": f"claim:{stmt['id']}", "type": "claim", "topic": topic, "family": family(topic) or "other",
                    "statement": stmt["id"], "line": stmt["line"], "section": stmt.get("section", ""),
                    "text": (stmt.get("text") or "")[:300], "stated": wan(stmt), "precision": stated_precision(stmt),
                    "figure": value, "where": where,
                    "evidence": [e for e in ({"line": stmt["line"], "table": None, "label": "说明"}, ev(row, where)) if e]})


class NeedsReason(Deriver):
    """Every compared figure asserts a `needs_reason` fact (required when it changed)."""
    name = "needs_reason"
    subject = "statement"

    def derive(self, stmt, ctx):
        fam = family(stmt["topic"])
        if fam is None or (fam == "text" and stmt.get("direction") not in ("增加", "减少")):
            return
        if fam != "text" and stmt.get("amount") is None:
            return
        ctx.derive({"id": f"needs_reason:{stmt['id']}", "type": "needs_reason", "family": fam,
                    "topic": stmt["topic"], "statement": stmt["id"], "line": stmt["line"],
                    "section": stmt.get("section", ""), "text": stmt["text"][:300],
                    "direction": stmt.get("direction"),
                    # '比上年增加0.00万元' is no change: nothing to explain
                    "required": stmt.get("direction") in ("增加", "减少") and stmt.get("change_amount") != 0,
                    "amount": stmt.get("amount"), "unit": stmt.get("unit"),
                    "change_amount": stmt.get("change_amount"), "change_percent": stmt.get("change_percent"),
                    "reason": stmt.get("reason")})


DERIVERS = [Claims, NeedsReason]
