"""JGYX — 机关运行经费: narrative amount, comparison with last year, reason, scope, definition.

JGYX-001 (the table itself) is Shanxi-template only: see rulesets/shanxi2024/jgyx.py."""

from __future__ import annotations

from gongkai.engine.authoring import (
    Basis,
    Rule,
    Severity,
    against_table,
    change_text,
    count,
    ev,
    figure,
    first,
    glossary_entry,
    judge_reason,
    rows,
    sev,
    squash,
    table,
)

BASIS_14 = Basis("《预算法》第十四条第二款", "部门应当对机关运行经费的安排、使用情况等重要事项作出说明")


def unit_rows(ctx) -> list[dict]:
    """表11 rows naming one unit (not the 部门合计 line). A 表11 laid out by 经济分类 (科目编码 302, 30201 … rows,
    as 苏州 prints it) names no unit: its coded rows are classification lines."""
    return [
        r
        for r in rows(ctx, "T11")
        if not r.get("level") and squash(r["texts"].get("名称", "")) not in ("部门合计", "合计", "")
    ]


class JGYX_002(Rule):
    """The 机关运行经费 amount stated in the explanation equals the 机关运行经费 table."""

    title_zh = "机关运行经费说明金额与表一致"
    title_en = "机关运行经费 narrative amount matches the table"
    aliases = ("JGYX-AMOUNT",)
    severity = Severity.ERROR
    basis = BASIS_14
    remedy = "在情况说明中写明机关运行经费金额，并与机关运行经费预算表一致。"
    remedy_en = "State the 机关运行经费 amount in the explanation, equal to the 机关运行经费 table."

    def judge(self, doc, ctx):
        subj = "说明 机关运行经费"
        stmt = first(ctx, "jgyx.total")
        fig = figure(ctx, "jgyx.total")
        if stmt is None:
            ctx.failed(
                subj,
                expected="说明机关运行经费金额",
                actual="说明中未找到",
                evidence=[ev(fig[1], fig[2])] if fig else [],
                note="情况说明中没有机关运行经费的金额",
                note_en="no 机关运行经费 amount in the explanation",
            )
        elif fig is None:
            ctx.not_applicable(
                subj,
                evidence=[sev(stmt)],
                note="未公开机关运行经费表，无法核对",
                note_en="no 机关运行经费 table to compare with",
            )
        else:
            against_table(ctx, subj, stmt, fig, "机关运行经费")


class JGYX_003(Rule):
    """The 机关运行经费 explanation compares the amount with last year (amount of the change; rate recommended)."""

    title_zh = "机关运行经费与上年比较"
    title_en = "机关运行经费 compared with last year"
    aliases = ("JGYX-COMPARE",)
    severity = Severity.ERROR
    basis = BASIS_14
    remedy = "写明机关运行经费比上年增加或减少的金额和幅度（或与上年持平）。"
    remedy_en = "State the change of 机关运行经费 against last year: amount and rate (or 持平)."

    def judge(self, doc, ctx):
        subj = "说明 机关运行经费 与上年比较"
        stmt = first(ctx, "jgyx.total")
        if stmt is None:
            ctx.failed(
                subj,
                expected="与上年比较",
                actual="说明中未找到机关运行经费",
                note="情况说明中没有机关运行经费",
                note_en="no 机关运行经费 statement",
            )
            return
        d = stmt.get("direction")
        if d == "持平":
            ctx.passed(subj, expected="与上年比较", actual="持平", evidence=[sev(stmt)])
        elif d and stmt.get("change_amount") is not None:
            note = "" if stmt.get("change_percent") is not None else "未写明增减幅度（百分比）"
            ctx.passed(
                subj,
                expected="与上年比较",
                actual=change_text(stmt),
                evidence=[sev(stmt)],
                note=note,
                note_en="rate not stated" if note else "",
            )
        else:
            ctx.failed(
                subj,
                expected="增减金额（或持平）",
                actual=f"只写明{d}" if d else "未比较",
                evidence=[sev(stmt)],
                note=f"机关运行经费{'只写明' + d + '，未说明金额' if d else '未与上年比较'}。原文：「{stmt['text'][:100]}」",
                note_en="no amount of change stated" if d else "no comparison with last year",
            )


class JGYX_004(Rule):
    """A change of 机关运行经费 against last year has a stated reason."""

    title_zh = "机关运行经费增减说明原因"
    title_en = "机关运行经费 change has a reason"
    aliases = ("JGYX-REASON",)
    severity = Severity.ERROR
    basis = BASIS_14
    remedy = "写明机关运行经费增减变化的原因。"
    remedy_en = "State why 机关运行经费 changed."
    subject = "needs_reason"
    where = {"family": "jgyx"}

    def judge(self, need, ctx):
        judge_reason(ctx, need, "说明")


class JGYX_005(Rule):
    """机关运行经费 covers 行政单位 and 参公事业单位 only: the stated number of units matches the table and 机构设置."""

    title_zh = "机关运行经费口径（行政及参公单位）"
    title_en = "机关运行经费 scope"
    aliases = ("JGYX-SCOPE",)
    severity = Severity.WARNING
    basis = Basis("《预算法》第十四条第二款", "机关运行经费口径：行政单位和参照公务员法管理的事业单位")
    remedy = "机关运行经费只统计行政单位和参公事业单位；说明中的单位数应与机关运行经费表及机构设置一致。"
    remedy_en = "Count only administrative and 参公 units; the stated number must match the table and 机构设置."

    def judge(self, doc, ctx):
        stated = first(ctx, "jgyx.units")
        org = first(ctx, "org.units")
        units = unit_rows(ctx)
        n = count(stated)
        subj = "机关运行经费 单位数与表11一致"
        if stated is None or table(ctx, "T11") is None:
            ctx.not_applicable(
                subj,
                evidence=[e for e in (sev(stated),) if e],
                note="说明未给出单位数或未公开机关运行经费表",
                note_en="no unit count or no table",
            )
        elif n == len(units):
            ctx.passed(
                subj,
                expected=f"{len(units)}家",
                actual=f"{n}家",
                evidence=[sev(stated, "说明")] + [ev(r, "表11 单位") for r in units],
            )
        else:
            ctx.failed(
                subj,
                expected=f"{len(units)}家（表11所列单位）",
                actual=f"{n}家",
                evidence=[sev(stated, "说明")] + [ev(r, "表11 单位") for r in units],
                note=f"说明称{n}家单位，表11列出{len(units)}家",
                note_en="unit count differs from 表11",
            )
        subj = "机关运行经费 单位数不超过机构设置"
        n = n if n is not None else (len(units) if units else None)
        if n is None or org is None:
            ctx.not_applicable(subj, note="缺少机关运行经费单位数或机构设置单位数", note_en="a count is missing")
        elif n <= count(org):
            ctx.passed(
                subj,
                expected=f"不超过{count(org)}个",
                actual=f"{n}家",
                evidence=[e for e in (sev(stated, "说明"), sev(org, "机构设置")) if e],
            )
        else:
            ctx.failed(
                subj,
                expected=f"不超过{count(org)}个",
                actual=f"{n}家",
                evidence=[e for e in (sev(stated, "说明"), sev(org, "机构设置")) if e],
                note="机关运行经费涉及的单位多于部门所属单位总数",
                note_en="more units than the department has",
            )


class JGYX_006(Rule):
    """名词解释 defines 机关运行经费 (行政单位和参公事业单位的公用经费, or the older 运转经费 wording)."""

    title_zh = "名词解释中定义机关运行经费"
    title_en = "机关运行经费 defined in 名词解释"
    aliases = ("JGYX-DEF",)
    severity = Severity.INFO
    basis = Basis("practice", "名词解释")
    remedy = "在名词解释中说明机关运行经费的口径（行政单位和参公事业单位使用财政拨款安排的公用经费）。"
    remedy_en = "Define 机关运行经费 in the glossary (public expenses of administrative and 参公 units)."

    def judge(self, doc, ctx):
        subj = "名词解释 机关运行经费"
        entry = glossary_entry(ctx, subj, "def.jgyx", "机关运行经费", "机关运行经费")
        if entry is None:
            return
        text = entry["text"]
        scope_ok = "行政单位" in text and ("参照公务员法" in text or "参公" in text)
        ok = scope_ok and ("公用经费" in text or "运行" in text or "运转" in text)
        if ok:
            ctx.passed(subj, expected="说明口径", actual="已定义", evidence=[sev(entry, "名词解释")])
        else:
            ctx.failed(
                subj,
                expected="行政单位和参公事业单位的公用经费",
                actual=text[:60],
                evidence=[sev(entry, "名词解释")],
                note="定义未说明适用单位范围或经费口径",
                note_en="definition lacks the unit scope or the expense scope",
            )
