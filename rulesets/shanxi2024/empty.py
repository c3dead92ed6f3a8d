"""EMPTY — Shanxi template: the empty-table note says why the table is empty."""

from __future__ import annotations

import re

from gongkai.engine.authoring import Basis, Rule, Severity, ev, tname

_REASON = re.compile(r"(本部门|本单位|无.*(基金|国有资本|结转|项目)|没有|未安排|故|因)")


class EMPTY_002(Rule):
    """The note under an empty table names the cause (e.g. no 政府性基金 this year), not only "无数据"."""

    title_zh = "空表说明应写明原因"
    title_en = "The empty-table note gives the reason"
    aliases = ("EMPTY-REASON",)
    severity = Severity.WARNING
    basis = Basis("practice", "山西省省级部门预算公开模板", via="财预〔2016〕143号 空表说明")
    remedy = "把“注：本表无数据”写成“注：本部门2024年无政府性基金预算收入，故本表无数据”。"
    remedy_en = "Say why: e.g. 'the department has no government-fund revenue in 2024, so this table is empty'."
    subject = "table_empty"

    def judge(self, empty, ctx):
        subject = f"{tname(empty['table'])} 空表原因"
        if not empty["notes"]:
            ctx.not_applicable(
                subject,
                evidence=[ev(empty, "空表标题")],
                note="没有说明（由 EMPTY-001 判定）",
                note_en="no note at all (judged by EMPTY-001)",
            )
            return
        text, line = empty["notes"][0], empty["note_lines"][0]
        evidence = [ev(empty, "空表标题"), {"line": line, "table": empty["table"], "label": "说明"}]
        if _REASON.search(text):
            ctx.passed(subject, expected="说明中写明原因", actual=text, evidence=evidence)
        else:
            ctx.failed(
                subject,
                expected="写明无数据的原因（如本部门无该项资金、无结转项目）",
                actual=text,
                evidence=evidence,
                note="说明只写了“无数据”，没有写原因",
                note_en="the note says 'no data' but not why",
            )
