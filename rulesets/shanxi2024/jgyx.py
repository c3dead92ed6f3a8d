"""JGYX — Shanxi template: 机关运行经费 is published as its own table (表11) with an amount."""

from __future__ import annotations

from gongkai.engine.authoring import Basis, Rule, Severity, ev, figure, first, fmt, sev, table
from gongkai.rulesets.shanxi2024.tbl import BASIS_SX


class JGYX_001(Rule):
    """The 机关运行经费 table (表11) is published and shows the department total."""

    title_zh = "机关运行经费表已公开"
    title_en = "机关运行经费 table present"
    aliases = ("JGYX-TABLE",)
    severity = Severity.ERROR
    basis = Basis("《预算法》第十四条第二款", via=BASIS_SX.text())
    remedy = "公开“财政拨款安排机关运行经费预算表”，列出部门合计及各行政（参公）单位金额；没有的应说明原因。"
    remedy_en = "Publish the 机关运行经费 table with the department total and each administrative unit."

    def judge(self, doc, ctx):
        subj = "表11 机关运行经费"
        t11 = table(ctx, "T11")
        fig = figure(ctx, "jgyx.total")
        if t11 is None:  # the missing table itself is TBL-001's finding
            stmt = first(ctx, "jgyx.total")
            ctx.not_applicable(
                subj,
                actual="未找到该表",
                evidence=[sev(stmt)] if stmt else [],
                note="表缺失由 TBL-001 判定",
                note_en="the missing table is judged by TBL-001",
            )
        elif fig is None and t11["empty"] and t11["notes"]:
            ctx.not_applicable(
                subj,
                evidence=[ev(t11, "表标题")],
                actual=t11["notes"][0],
                note="空表并已注明（无行政、参公单位时可为空表）",
                note_en="empty table with a note",
            )
        elif fig is None:
            ctx.failed(
                subj,
                expected="部门合计行有金额",
                actual="未找到部门合计行",
                evidence=[ev(t11, "表标题")],
                note="机关运行经费表没有部门合计",
                note_en="no department total row",
            )
        else:
            ctx.passed(subj, expected="表中列出部门合计", actual=fmt(fig[0], "万元"), evidence=[ev(fig[1], fig[2])])
