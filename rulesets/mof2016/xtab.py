"""XTAB — the same figure printed in two tables is the same figure.

Each comparison is a cross-table identity declared in engine/pipeline/identities.py and derived once per document by
engine/pipeline/identity_derivers.py (or derived as not applicable, naming the table the document lacks); each rule
below judges one kind. These are identities of one budget, not sums of rounded parts, so they must match
exactly (`addends=0`), except XTAB-008/009 which are bounds."""

from __future__ import annotations

import re

from gongkai.engine.authoring import Basis, Rule, Severity, fmt, judge_equality, tname

BASIS = Basis("财预〔2016〕143号", "第三条、第四条（公开内容真实、完整、准确）")
_REMEDY = "核对两张表的同一数字，找出录入或取数错误并更正，使各表一致。"
_REMEDY_EN = "Find which table carries the wrong figure and correct it."


def _k(text: str) -> str:
    """'表6' as the document numbers the table of that kind."""
    return re.sub(r"表(\d{1,2})(?!\d)", lambda m: tname(f"T{int(m.group(1)):02d}"), text)


class XTAB_001(Rule):
    """表1's totals equal the totals of 表2 (income) and 表3 (expenditure).

    Not applicable when the document lacks one of the tables compared, or prints them in a way that cannot
    be compared (the note says which).
    """

    title_zh = "收支总表与收入总表、支出总表合计一致"
    title_en = "表1 totals equal 表2 and 表3 totals"
    severity = Severity.ERROR
    basis = BASIS
    remedy = _REMEDY
    remedy_en = _REMEDY_EN
    subject = "identity"
    where = {"kind": "summary_totals"}

    def judge(self, identity, ctx):
        judge_equality(identity, ctx)


class XTAB_002(Rule):
    """Expenditure by function class agrees across 表1, 表2 and 表3.

    Not applicable when the document lacks one of the tables compared, or prints them in a way that cannot
    be compared (the note says which).
    """

    title_zh = "各表按功能分类类级支出一致"
    title_en = "Expenditure by class agrees across 表1, 表2 and 表3"
    severity = Severity.ERROR
    basis = BASIS
    remedy = _REMEDY
    remedy_en = _REMEDY_EN
    subject = "identity"
    where = {"kind": "class_totals"}

    def judge(self, identity, ctx):
        judge_equality(identity, ctx)


class XTAB_003(Rule):
    """The 一般公共预算 figure is the same in 表1, 表4 and 表5.

    The 一般公共预算 row of a 收支总表 is found by its meaning ('1.一般公共预算拨款', '一、一般公共预算资金').
    Where one side counts last year's carried-over 一般公共预算 and the other does not (a 表1 without a 上年结转
    block, a 表5 that spends it), the carried-over row of 表4 or 表1 is added to the side without it.

    Not applicable when the document lacks one of the tables compared, or prints them in a way that cannot
    be compared (the note says which).
    """

    title_zh = "一般公共预算在收支总表、财政拨款收支总表、一般公共预算支出表中一致"
    title_en = "The general budget figure agrees across 表1, 表4 and 表5"
    severity = Severity.ERROR
    basis = BASIS
    remedy = _REMEDY
    remedy_en = _REMEDY_EN
    subject = "identity"
    where = {"kind": "general_budget"}

    def judge(self, identity, ctx):
        judge_equality(identity, ctx)


class XTAB_004(Rule):
    """表4's 一般公共预算 expenditure by class equals the class totals of 表5.

    Not applicable when the document lacks one of the tables compared, or prints them in a way that cannot
    be compared (the note says which).
    """

    title_zh = "财政拨款收支总表与一般公共预算支出表类级一致"
    title_en = "表4 general-budget expenditure by class equals 表5"
    severity = Severity.ERROR
    basis = BASIS
    remedy = _REMEDY
    remedy_en = _REMEDY_EN
    subject = "identity"
    where = {"kind": "fiscal_classes"}

    def judge(self, identity, ctx):
        judge_equality(identity, ctx)


class XTAB_005(Rule):
    """The 一般公共预算 column of 表2 equals the totals of 表5, code by code.

    Not applicable when the document lacks one of the tables compared, or prints them in a way that cannot
    be compared (the note says which).
    """

    title_zh = "收入总表一般公共预算列与一般公共预算支出表逐科目一致"
    title_en = "表2 general-budget column equals 表5, code by code"
    severity = Severity.ERROR
    basis = BASIS
    remedy = _REMEDY
    remedy_en = _REMEDY_EN
    subject = "identity"
    where = {"kind": "general_codes"}

    def judge(self, identity, ctx):
        judge_equality(identity, ctx)


class XTAB_006(Rule):
    """The 基本支出 total of 表5 equals the total of the economic-classification table 表6.

    Not applicable when the document lacks one of the tables compared, or prints them in a way that cannot
    be compared (the note says which).
    """

    title_zh = "一般公共预算基本支出与经济分类表一致"
    title_en = "表5 basic expenditure equals the 表6 total"
    severity = Severity.ERROR
    basis = BASIS
    remedy = _REMEDY
    remedy_en = _REMEDY_EN
    subject = "identity"
    where = {"kind": "basic_total"}

    def judge(self, identity, ctx):
        judge_equality(identity, ctx)


class XTAB_007(Rule):
    """Project expenditure in 表3 and 表5 equals the project table 表12 (total, and its 一般公共预算 column).

    Not applicable when the document lacks one of the tables compared, or prints them in a way that cannot
    be compared (the note says which).
    """

    title_zh = "项目支出与项目支出预算表一致"
    title_en = "Project expenditure equals the project table 表12"
    severity = Severity.ERROR
    basis = BASIS
    remedy = _REMEDY
    remedy_en = _REMEDY_EN
    subject = "identity"
    where = {"kind": "project_total"}

    def judge(self, identity, ctx):
        judge_equality(identity, ctx)


class XTAB_008(Rule):
    """The vehicle running cost in the 三公 table (表10) covers at least the 公务用车运行维护费 of basic
    expenditure (表6); they are equal when no project pays for vehicles.

    Not applicable when the document lacks one of the tables compared, or prints them in a way that cannot
    be compared (the note says which).
    """

    title_zh = "“三公”表公务用车运行维护费不少于基本支出中的该项"
    title_en = "表10 vehicle running cost covers the 表6 figure"
    severity = Severity.WARNING
    basis = BASIS
    remedy = _REMEDY
    remedy_en = _REMEDY_EN
    subject = "identity"
    where = {"kind": "car_running"}

    def judge(self, identity, ctx):
        if identity.get("na") or identity.get("error"):
            judge_equality(identity, ctx)
            return
        subject, evidence = identity["subject"], identity["evidence"]
        basic, listed = identity["expected"], identity["actual"]
        if listed >= basic:
            note = "" if listed == basic else _k(f"表10多出 {fmt(listed - basic, '万元')}，应为项目支出安排的部分")
            ctx.passed(
                subject, expected=f"≥ {fmt(basic, '万元')}", actual=fmt(listed, "万元"), evidence=evidence, note=note
            )
        else:
            ctx.failed(
                subject,
                expected=_k(f"≥ {fmt(basic, '万元')}（表6）"),
                actual=fmt(listed, "万元"),
                evidence=evidence,
                note="“三公”经费中的运行维护费少于基本支出中已安排的数额",
                note_en="the 三公 figure is below what basic expenditure already spends",
            )


class XTAB_009(Rule):
    """机关运行经费 (表11, 一般公共预算) does not exceed the 公用经费 of basic expenditure (表6).

    Not applicable when the document lacks one of the tables compared, or prints them in a way that cannot
    be compared (the note says which).
    """

    title_zh = "机关运行经费不超过基本支出公用经费"
    title_en = "机关运行经费 does not exceed basic public expenses"
    severity = Severity.WARNING
    basis = BASIS
    remedy = _REMEDY
    remedy_en = _REMEDY_EN
    subject = "identity"
    where = {"kind": "jgyx_bound"}

    def judge(self, identity, ctx):
        if identity.get("na") or identity.get("error"):
            judge_equality(identity, ctx)
            return
        subject, evidence = identity["subject"], identity["evidence"]
        public, jgyx = identity["expected"], identity["actual"]
        if jgyx <= public:
            ctx.passed(subject, expected=f"≤ {fmt(public, '万元')}", actual=fmt(jgyx, "万元"), evidence=evidence)
        else:
            ctx.failed(
                subject,
                expected=_k(f"≤ {fmt(public, '万元')}（表6 公用经费）"),
                actual=fmt(jgyx, "万元"),
                evidence=evidence,
                note="机关运行经费是公用经费的一部分，不应更多",
                note_en="机关运行经费 is part of 公用经费 and cannot exceed it",
            )


class XTAB_010(Rule):
    """The carry-over project table 表13 is empty exactly when 表1 shows no 上年结转.

    Not applicable when the document lacks one of the tables compared, or prints them in a way that cannot
    be compared (the note says which).
    """

    title_zh = "上年结转项目表与收支总表一致"
    title_en = "表13 is empty exactly when 表1 shows no carry-over"
    severity = Severity.ERROR
    basis = BASIS
    remedy = _REMEDY
    remedy_en = _REMEDY_EN
    subject = "identity"
    where = {"kind": "carry_over_table"}

    def judge(self, identity, ctx):
        if identity.get("na") or identity.get("error"):
            judge_equality(identity, ctx)
            return
        subject, evidence = identity["subject"], identity["evidence"]
        amount, empty = identity["expected"], identity["data"]["empty"]
        if empty == (amount == 0):
            ctx.passed(
                subject,
                expected="一致",
                actual=_k(f"表13{'为空' if empty else '有数据'}，表1上年结转 {fmt(amount, '万元')}"),
                evidence=evidence,
            )
        else:
            ctx.failed(
                subject,
                expected=_k(f"表13{'有数据' if amount else '为空'}"),
                actual=_k(f"表13{'为空' if empty else '有数据'}"),
                evidence=evidence,
                note=_k(f"表1上年结转 {fmt(amount, '万元')}，与表13不一致"),
                note_en=_k("表1 carry-over and 表13 disagree"),
            )
