"""Reading the narrative's statement facts (part of the rule-authoring API, re-exported by engine.authoring).

Statement facts come from `engine.pipeline.ingest.narrative` (topic vocabulary in its docstring). Amounts are
integer hundredths of the stated unit; `wan()` brings money to hundredths of the tables' unit.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from gongkai.engine.pipeline.figures import ev, find, label, rows, tname
from gongkai.engine.pipeline.numbers import MONEY_UNIT, convert, fmt, squash

LABELS = {
    "income.total": "预算收入总计",
    "income.current": "本年收入",
    "income.carryover": "上年结转收入",
    "income.general": "一般公共预算拨款收入",
    "income.fund": "政府性基金预算拨款收入",
    "income.soe": "国有资本经营预算拨款收入",
    "income.special_account": "财政专户管理资金收入",
    "income.unit_funds": "单位资金收入",
    "expense.total": "预算支出总计",
    "expense.current": "本年预算安排支出",
    "expense.carryover": "上年结转支出",
    "expense.basic": "基本支出",
    "expense.project": "项目支出",
    "fiscal.total": "财政拨款收支总预算",
    "fiscal.current": "当年财政拨款收入",
    "fiscal.carryover": "上年财政拨款结转",
    "fiscal.general": "财政拨款 一般公共预算",
    "fiscal.fund": "财政拨款 政府性基金预算",
    "fiscal.soe": "财政拨款 国有资本经营预算",
    "fiscal.basic": "财政拨款 基本支出",
    "fiscal.project": "财政拨款 项目支出",
    "expense.fund": "政府性基金预算支出",
    "expense.soe": "国有资本经营预算支出",
    "expense.carryover_out": "年终结转结余",
    "general.total": "一般公共预算当年支出",
    "general.basic": "一般公共预算基本支出",
    "general.project": "一般公共预算项目支出",
    "basic.total": "一般公共预算基本支出",
    "basic.personnel": "人员经费",
    "basic.public": "公用经费",
    "sangong.total": "“三公”经费合计",
    "sangong.abroad": "因公出国（境）费",
    "sangong.reception": "公务接待费",
    "sangong.vehicle": "公务用车购置及运行费",
    "sangong.vehicle_purchase": "公务用车购置费",
    "sangong.vehicle_operation": "公务用车运行维护费",
    "jgyx.total": "机关运行经费",
    "jgyx.units": "机关运行经费涉及单位数",
    "proc.total": "政府采购预算总额",
    "proc.goods": "政府采购货物预算",
    "proc.works": "政府采购工程预算",
    "proc.services": "政府采购服务预算",
    "perf.whole.total": "整体绩效目标涉及资金",
    "perf.whole.basic": "整体绩效目标基本支出",
    "perf.whole.project": "整体绩效目标项目支出",
    "perf.whole.units": "整体绩效目标预算单位数",
    "perf.projects.count": "纳入绩效目标管理的项目个数",
    "perf.projects.total": "纳入绩效目标管理的项目金额",
    "perf.projects.general.total": "纳入绩效目标管理的一般公共预算项目金额",
    "perf.published.count": "公开项目绩效目标个数",
    "perf.published.total": "公开项目绩效目标金额",
}
_PREFIX = {
    "expense.class.": "支出 ",
    "fiscal.class.": "财政拨款支出 ",
    "general.class.": "一般公共预算支出 ",
    "general.item.": "一般公共预算支出 ",
    "expense.basic.class.": "基本支出 ",
    "expense.project.class.": "项目支出 ",
    "general.basic.class.": "一般公共预算基本支出 ",
    "general.project.class.": "一般公共预算项目支出 ",
}

# topic → (table, label column, row labels, value column): where a stated figure sits in the tables
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
    "perf.projects.general.total": ("T05", "科目编码", ("合计",), "项目支出"),
}
# function-class rows: topic prefix → (table, value column, code level)
_CLASS_TABLES = {
    "expense.class.": ("T03", "合计", "类"),
    "general.class.": ("T05", "合计", "类"),
    "general.item.": ("T05", "合计", "项"),
    # a class listed under 基本支出/项目支出 (narrative.py): that column of its row
    "expense.basic.class.": ("T03", "基本支出", "类"),
    "expense.project.class.": ("T03", "项目支出", "类"),
    "general.basic.class.": ("T05", "基本支出", "类"),
    "general.project.class.": ("T05", "项目支出", "类"),
}


def topic_label(topic: str) -> str:
    if topic in LABELS:
        return LABELS[topic]
    for prefix, text in _PREFIX.items():
        if topic.startswith(prefix):
            return text + topic[len(prefix) :]
    return topic


def statements(ctx: Any, topic: str = "") -> list[dict[str, Any]]:
    """Statements of one topic, or of a family when `topic` ends with '.' ('' = all), in line order (found and
    sorted once per document: the text rules ask for the same topics again and again)."""
    return list(ctx.memo(("statements_in_line_order", topic), lambda: _statements(ctx, topic)))


def _statements(ctx: Any, topic: str) -> list[dict[str, Any]]:
    if topic and not topic.endswith("."):
        found = ctx.facts("statement", topic=topic)
    else:
        found = [s for s in ctx.facts("statement") if s["topic"].startswith(topic)]
    return sorted(found, key=lambda s: (s["line"], s["id"]))


def first(ctx: Any, topic: str, amount: bool = True) -> dict[str, Any] | None:
    return next((s for s in statements(ctx, topic) if s["amount"] is not None or not amount), None)


def against_table(ctx: Any, subj: str, stmt: dict[str, Any], fig: tuple[int, dict[str, Any], str], what: str) -> None:
    """A figure printed twice (prose and table) must be identical; a mismatch names both lines."""
    value, row, where = fig
    stated = wan(stmt)
    args = dict(expected=fmt(value, "万元"), actual=fmt(stated, "万元"), evidence=[sev(stmt, "说明"), ev(row, where)])
    if stated is None:  # a statement without an amount has nothing to compare
        ctx.not_applicable(subj, evidence=args["evidence"], note="说明没有金额", note_en="no amount stated")
        return
    tolerance = stated_precision(stmt)
    if stated == value:
        ctx.passed(subj, **args)
    elif abs(stated - value) <= tolerance:
        ctx.passed(
            subj,
            **args,
            note=f"说明按{stmt.get('unit') or '万元'}取整，差额在取整误差以内",
            note_en="the text rounds the table figure to its own unit",
        )
    else:
        ctx.failed(
            subj,
            **args,
            note=f"说明（第{stmt['line']}行）写{what}{fmt(stated, '万元')}，{where}（第{row['line']}行）为"
            f"{fmt(value, '万元')}，相差{fmt(abs(stated - value), '万元')}",
            note_en=f"the text says {fmt(stated)}, the table {fmt(value)} (off by {fmt(abs(stated - value))})",
        )


def stated_precision(stmt: dict[str, Any]) -> int:
    """Half the last printed digit of a stated amount, in hundredths of the tables' unit: '2,180万元' beside a
    table in 元 may differ from it by up to 5,000元 and still be the same figure, rounded."""
    places = stmt.get("amount_places")
    if stmt.get("amount") is None or places is None:
        return 0
    return _half_last_digit(places, stmt.get("unit") or "万元", MONEY_UNIT.get())


@lru_cache(maxsize=256)  # a handful of (places, unit) pairs; every text rule asks for every statement
def _half_last_digit(places: int, unit: str, money_unit: str) -> int:
    half = convert(Decimal(100) / 2 / Decimal(10) ** places, unit, money_unit)
    return int(half) if half >= 1 else 0  # hundredths of the tables' unit


def wan(stmt: dict[str, Any], field: str = "amount") -> int | None:
    """A stated money figure in hundredths of the tables' unit (元, 万元 and 亿元 converted, rounded half-up)."""
    value = stmt.get(field)
    if value is None:
        return None
    if stmt.get(field + "_money") is not None:  # converted before rounding (engine/pipeline/facts.py)
        return stmt[field + "_money"]
    # `value` is hundredths of the stated unit; the tables' unit is the document's money unit
    scaled = convert(Decimal(value), stmt.get("unit") or "万元", MONEY_UNIT.get())
    return int(scaled.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def count(stmt: dict[str, Any] | None) -> int | None:
    """A stated count (个/辆/家 …) as an integer."""
    if stmt is None or stmt.get("amount") is None:
        return None
    return int(Decimal(stmt["amount"]) / 100)


def sev(stmt: dict[str, Any] | None, what: str = "说明") -> dict[str, Any] | None:
    return None if stmt is None else {"line": stmt["line"], "table": None, "label": what}


def subject(ctx: Any, stmt: dict[str, Any], suffix: str = "", prefix: str = "说明") -> str:
    """'说明 一般公共预算拨款收入'; the section is added when the same figure is stated in several places."""
    name = topic_label(stmt["topic"])
    where = f"（{stmt['section']}）" if _stated_amounts(ctx).get(stmt["topic"], 0) > 1 and stmt.get("section") else ""
    return f"{prefix} {name}{where}{suffix}"


def _stated_amounts(ctx: Any) -> dict[str, int]:
    """Topic → how many statements state an amount for it, counted once per document."""

    def count_by_topic() -> dict[str, int]:
        counts: dict[str, int] = {}
        for s in ctx.facts("statement"):
            if s.get("amount") is not None:
                counts[s["topic"]] = counts.get(s["topic"], 0) + 1
        return counts

    return ctx.memo(("stated_amounts_by_topic",), count_by_topic)


def figure(ctx: Any, topic: str, text: str = "") -> tuple[int, dict[str, Any], str] | None:
    """The table figure a narrative topic should equal: (hundredths, row fact, evidence label), or None.

    A 项 name can repeat under different 款 (行政运行): the 款 named in the sentence `text` picks one. Worked out
    once per document (the claims and the text rules ask for the same figures)."""
    return ctx.memo(("figure", topic, text), lambda: _figure(ctx, topic, text))


def _figure(ctx: Any, topic: str, text: str) -> tuple[int, dict[str, Any], str] | None:
    if topic in FIGURES:
        table, column, names, value_col = FIGURES[topic]
        row = find(rows(ctx, table), column, *names)
        if row is None or value_col not in ctx.fact("table", table=table).get("columns", [value_col]):
            return None  # the table does not print that column: nothing to compare with
        value = row.get("v", {}).get(value_col)
        where = f"{tname(table)} {label(row['texts'].get(column))}行 {value_col}栏"
        return (0 if value is None else int(value)), row, where
    if topic.startswith("fiscal.class."):
        name = topic[len("fiscal.class.") :]
        row = find(rows(ctx, "T04"), "支出项目", name)
        if row is None:
            return None
        value = row.get("v", {}).get("支出合计")
        return (0 if value is None else int(value)), row, f"{tname('T04')} {name}行 支出合计栏"
    for prefix, (table, value_col, level) in _CLASS_TABLES.items():
        if topic.startswith(prefix):
            name = squash(topic[len(prefix) :])
            table_rows = rows(ctx, table)
            found = [r for r in table_rows if r.get("level") == level and squash(r["name"]) == name]
            if len(found) > 1:
                class_names = {r["code"]: squash(r["name"]) for r in table_rows if r.get("code")}
                found = [r for r in found if class_names.get(r["code"][:5], "\0") in squash(text)]
            if len(found) != 1:
                return None
            row = found[0]
            value = row.get("v", {}).get(value_col)
            return (0 if value is None else int(value)), row, f"{tname(table)} {row['code']} {row['name']} {value_col}"
    return None


def percent_of(part: int, whole: int) -> int:
    """part/whole as a percentage in hundredths (75.59% → 7559), ROUND_HALF_UP."""
    return int((Decimal(part) * 10000 / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent_agrees(tolerance: Decimal | float, stated: int, expected: int) -> bool:
    """A stated percentage (hundredths) is the recomputed one within `tolerance` percentage points, or rounds to it at the
    one decimal it was written with ('下降53.3%' for 53.26…)."""
    if abs(stated - expected) <= round(tolerance * 100):
        return True
    return stated % 10 == 0 and expected >= 0 and stated == (expected + 5) // 10 * 10


def pct(value: int | None) -> str:
    return "（无）" if value is None else f"{fmt(value)}%"


def change_text(stmt: dict[str, Any]) -> str:
    """'减少0.72万元（0.26%）' / '持平' as the narrative states it."""
    d = stmt.get("direction")
    if not d:
        return "未说明"
    if d == "持平":
        return "持平"
    out = d
    if stmt.get("change_amount") is not None:
        out += fmt(stmt["change_amount"]) + (stmt.get("unit") or "")  # the statement's own unit, as printed
    if stmt.get("change_percent") is not None:
        out += f"（{pct(stmt['change_percent'])}）"
    return out


def family(topic: str) -> str | None:
    head = topic.split(".")[0]
    if head == "sangong":
        return "sangong"
    if topic == "jgyx.total":
        return "jgyx"
    if head in ("income", "expense", "fiscal", "general", "basic"):
        return "text"
    return None


def judge_reason(ctx: Any, need: dict[str, Any], what: str) -> None:
    """Shared body of SANGONG-004 / JGYX-004 / TEXT-004."""
    name = topic_label(need["topic"])
    name = name.replace("“三公”经费", "") if what == "三公经费" else name
    same = ctx.facts("needs_reason", topic=need["topic"])
    where = f"（{need['section']}）" if len(same) > 1 and need.get("section") else ""
    subj = f"{what} {name}{where}"
    evidence = [sev(need, "说明")]
    change = change_text(need)
    if not need.get("direction"):
        ctx.not_applicable(
            subj,
            expected="说明增减原因",
            actual="未与上年比较",
            evidence=evidence,
            note="未说明与上年比较的情况（由比较规则报告），无法判断是否需要说明原因",
            note_en="no comparison with last year stated; reported by the comparison rule",
        )
    elif not need["required"]:
        ctx.not_applicable(
            subj,
            expected="增减变化时说明原因",
            actual="与上年持平",
            evidence=evidence,
            note="与上年持平，无需说明增减原因",
            note_en="unchanged from last year: no reason needed",
        )
    elif need.get("reason"):
        ctx.passed(subj, expected="说明增减原因", actual=f"{change}；原因：{need['reason'][:80]}", evidence=evidence)
    else:
        ctx.failed(
            subj,
            expected="说明增减原因",
            actual=f"{change}，未说明原因",
            evidence=evidence,
            note=f"{name}比上年{change}，但未说明原因。原文：「{need['text'][:120]}」",
            note_en=f"{name} changed ({change}) against last year but no reason is given",
        )
