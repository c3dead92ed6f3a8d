"""PROC — 政府采购: the total and its 货物/工程/服务 split are stated and add up."""

from __future__ import annotations

from gongkai.engine.authoring import Basis, Rule, Severity, ev, figure, first, fmt, sev, wan

PARTS = (("proc.goods", "货物"), ("proc.works", "工程"), ("proc.services", "服务"))


class PROC_001(Rule):
    """政府采购预算总额 and the 货物、工程、服务 amounts are all stated, and the three add up to the total."""

    title_zh = "政府采购总额=货物+工程+服务"
    title_en = "Procurement total = goods + works + services"
    aliases = ("PROC-SPLIT",)
    severity = Severity.ERROR
    basis = Basis(
        "《预算法》第十四条第三款",
        via="财政预决算领域基层政务公开标准目录：政府采购预算总金额和货物、工程、服务采购的预算金额",
    )
    remedy = "写明政府采购预算总额及货物、工程、服务三类的预算金额（为0的写0），三者之和等于总额。"
    remedy_en = "State the procurement total and the goods, works and services amounts (0 if none); they must add up."

    def judge(self, doc, ctx):
        subj = "说明 政府采购预算"
        total = first(ctx, "proc.total")
        parts = {name: first(ctx, topic) for topic, name in PARTS}
        found = [s for s in [total] + list(parts.values()) if s]
        if not found:
            ctx.failed(
                subj,
                expected="政府采购预算总额及货物、工程、服务金额",
                actual="说明中未找到",
                note="情况说明没有政府采购预算金额（没有的也应说明“无政府采购预算”）",
                note_en="no procurement figures in the explanation",
            )
            return
        evidence = [sev(s, "说明") for s in found]
        if total is not None and wan(total) == 0 and not any(wan(s) for s in parts.values() if s):
            ctx.passed(subj, expected="总额及分类", actual="无政府采购预算", evidence=evidence)
            return
        missing = [n for n, s in parts.items() if s is None] + ([] if total else ["总额"])
        if missing:
            ctx.failed(
                subj,
                expected="总额及货物、工程、服务三类金额",
                actual="缺少：" + "、".join(missing),
                evidence=evidence,
                note="政府采购预算未按货物、工程、服务分别列示",
                note_en="missing: " + ", ".join(missing),
            )
            return
        ctx.compare(
            subj, wan(total), sum(wan(s) for s in parts.values()), addends=3, evidence=evidence, what="货物+工程+服务"
        )


class PROC_002(Rule):
    """政府采购预算总额 does not exceed the department's total expenditure."""

    title_zh = "政府采购不超过部门支出总额"
    title_en = "Procurement within total expenditure"
    aliases = ("PROC-BOUND",)
    severity = Severity.WARNING
    basis = Basis("practice", "政府采购预算是部门支出预算的一部分")
    remedy = "核对政府采购预算总额：它是部门支出预算的一部分，不能超过支出总计。"
    remedy_en = "Procurement is part of expenditure: it cannot exceed total expenditure."

    def judge(self, doc, ctx):
        subj = "说明 政府采购预算总额不超过支出总计"
        total = first(ctx, "proc.total")
        fig = figure(ctx, "expense.total")
        if total is None or fig is None:
            ctx.not_applicable(
                subj,
                evidence=[e for e in (sev(total),) if e],
                note="缺少政府采购总额或支出总计",
                note_en="procurement total or expenditure missing",
            )
            return
        args = dict(
            expected=f"≤{fmt(fig[0], '万元')}",
            actual=fmt(wan(total), "万元"),
            evidence=[sev(total, "说明"), ev(fig[1], fig[2])],
        )
        if wan(total) <= fig[0]:
            ctx.passed(subj, **args)
        else:
            ctx.failed(
                subj, **args, note="政府采购预算超过部门支出总计", note_en="procurement exceeds total expenditure"
            )
