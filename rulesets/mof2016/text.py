"""TEXT — figures, shares and changes stated in the explanations (第三部分) agree with the tables and themselves."""

from __future__ import annotations

import re

from gongkai.engine.authoring import (
    Basis,
    Rule,
    Severity,
    against_table,
    change_text,
    ev,
    figure,
    fmt,
    judge_reason,
    pct,
    percent_agrees,
    percent_of,
    rows,
    sev,
    squash,
    statements,
    subject,
    topic_label,
    wan,
)

BASIS_ACCURATE = Basis("财预〔2016〕143号", "第四条（公开内容准确）")
BASIS_CHANGE = Basis(
    "财预〔2016〕143号", "部门预决算公开：预算收支增减变化的说明", via="财政预决算领域基层政务公开标准目录"
)
_FAMILIES = ("income.", "expense.", "fiscal.", "general.", "basic.")
_SHARE_BASE = {
    "income": "income.total",
    "expense": "expense.total",
    "fiscal": "fiscal.total",
    "general": "general.total",
    "basic": "basic.total",
    "sangong": "sangong.total",
}


def _budget_statements(ctx):
    return [s for s in statements(ctx) if s["topic"].startswith(_FAMILIES)]


class TEXT_001(Rule):
    """Every amount stated in the explanations equals the figure in the tables.

    Income and expenditure totals, sources, 基本/项目支出, 财政拨款 and 一般公共预算 figures (down to each
    function class named in prose) are compared with 表1–表6 within the rounding tolerance of one figure.
    """

    title_zh = "说明中的金额与报表一致"
    title_en = "Narrative amounts match the tables"
    aliases = ("NARR-AMOUNTS",)
    severity = Severity.ERROR
    basis = BASIS_ACCURATE
    remedy = "核对情况说明中的每个金额，改为与对应报表一致的数字（或更正报表）。"
    remedy_en = "Make every amount in the explanations equal to the corresponding table figure (or fix the table)."

    def judge(self, doc, ctx):
        judged = 0
        for stmt in _budget_statements(ctx):
            if stmt["amount"] is None or stmt.get("unit") not in ("万元", "元", "亿元"):
                continue
            judged += 1
            subj = subject(ctx, stmt)
            fig = figure(ctx, stmt["topic"], stmt["text"])
            if fig is None:
                ctx.not_applicable(
                    subj,
                    actual=fmt(wan(stmt), "万元"),
                    evidence=[sev(stmt)],
                    note="报表中未找到可核对的对应数字（或有多个同名科目）",
                    note_en="no (unique) table figure to compare with",
                )
                continue
            value, row, where = fig
            against_table(ctx, subj, stmt, fig, topic_label(stmt["topic"]))
        if not judged:
            ctx.not_applicable(
                "说明 金额", note="说明中没有提取到收支金额", note_en="no amounts found in the explanations"
            )


class TEXT_002(Rule):
    """Every share stated in the explanations (占X%) recomputes from the tables.

    The share is recomputed as part ÷ whole × 100 from the table figures the text names, rounded half-up to two
    decimals, and must agree within 0.01 percentage point. Where a figure has no table (or no table is found),
    the amounts stated in the same paragraph are used instead.
    """

    title_zh = "说明中的占比可复算"
    title_en = "Stated shares recompute"
    aliases = ("NARR-SHARES",)
    severity = Severity.ERROR
    basis = BASIS_ACCURATE
    remedy = "按“分项金额÷总额×100”重新计算占比，四舍五入保留两位小数。"
    remedy_en = "Recompute each share as part / total × 100, rounded half-up to 2 decimals."

    def judge(self, doc, ctx):
        judged = 0
        for stmt in statements(ctx):
            fam = stmt["topic"].split(".")[0]
            if stmt.get("percent") is None or fam not in _SHARE_BASE or stmt["amount"] is None:
                continue
            judged += 1
            subj = subject(ctx, stmt, " 占比")
            shares = _share_figures(ctx, stmt, _SHARE_BASE[fam])
            if shares is None:
                ctx.not_applicable(
                    subj,
                    evidence=[sev(stmt)],
                    note="找不到计算占比的总额",
                    note_en="no total to compute the share from",
                )
                continue
            other = _other_base(ctx, stmt, shares, fam)
            if other is not None:
                shares = other
            part, whole, evidence, source = shares
            if not whole:
                ctx.not_applicable(subj, evidence=evidence, note="总额为0，占比无意义", note_en="the total is zero")
                continue
            expected, stated = percent_of(part, whole), stmt["percent"]
            args = dict(expected=pct(expected), actual=pct(stated), evidence=evidence)
            if abs(stated - expected) <= round(ctx.config.percent_tolerance * 100):
                ctx.passed(
                    subj,
                    **args,
                    note=f"按{source}计算",
                    note_en="from the tables" if source == "报表数" else "from the stated amounts",
                )
            elif percent_agrees(ctx.config.percent_tolerance, stated, expected):
                # written with one decimal ("1.4%"): right to the precision it was written with
                ctx.passed(
                    subj,
                    **args,
                    note=f"按{source}计算为{pct(expected)}，说明保留一位小数，舍入一致",
                    note_en=f"recomputed {pct(expected)}; stated with one decimal, which rounds the same",
                )
            else:
                ctx.failed(
                    subj,
                    **args,
                    note=f"按{source}：{fmt(part)}÷{fmt(whole)}×100={pct(expected)}，说明写作{pct(stated)}",
                    note_en=f"recomputed {pct(expected)}, stated {pct(stated)}",
                )
        if not judged:
            ctx.not_applicable("说明 占比", note="说明中没有占比表述", note_en="no shares stated")


def _other_base(ctx, stmt, shares, fam):
    """A share is stated of some total, not always the one its section is about (a class of 一般公共预算 支出
    as a share of the 一般公共预算 total, not of all spending): where the first base does not give the stated
    share and another total does, that total is the base."""
    part, whole, _, _ = shares
    if whole and percent_agrees(ctx.config.percent_tolerance, stmt["percent"], percent_of(part, whole)):
        return None
    stated = wan(stmt)
    for base in ("general.total", "fiscal.total", "expense.total", "income.total"):
        whole_fig = figure(ctx, base)
        if base == _SHARE_BASE[fam] or whole_fig is None or not whole_fig[0] or stated is None:
            continue
        if percent_agrees(ctx.config.percent_tolerance, stmt["percent"], percent_of(stated, whole_fig[0])):
            return (
                stated,
                whole_fig[0],
                [sev(stmt, "说明"), ev(whole_fig[1], f"{whole_fig[2]}（基数）")],
                f"说明所列金额，基数为{topic_label(base)}",
            )
    return None


def _share_figures(ctx, stmt, base_topic):
    """(part, whole, evidence, source): the table figures when both exist, else the stated ones."""
    part_fig, whole_fig = figure(ctx, stmt["topic"], stmt["text"]), figure(ctx, base_topic)
    if part_fig and whole_fig:
        return (
            part_fig[0],
            whole_fig[0],
            [sev(stmt, "说明"), ev(part_fig[1], part_fig[2]), ev(whole_fig[1], f"{whole_fig[2]}（基数）")],
            "报表数",
        )
    base = statements(ctx, base_topic)
    here = [s for s in base if s["paragraph_line"] == stmt["paragraph_line"] and s["amount"] is not None]
    whole_stmt = (here or [s for s in base if s["amount"] is not None] or [None])[0]
    if whole_stmt is None:
        return None
    return (
        wan(stmt),
        wan(whole_stmt),
        [sev(stmt, "说明"), sev(whole_stmt, f"说明 {topic_label(base_topic)}（基数）")],
        "说明所列金额",
    )


class TEXT_003(Rule):
    """A stated change is internally consistent: 增长率 = 增减额 ÷ (本年数 ∓ 增减额).

    The prior-year figure is rarely published, but a sentence that gives this year's amount, the change and
    the rate can be checked against itself (rounded half-up to 2 decimals, 0.01 percentage point).
    """

    title_zh = "增减额与增减率自洽"
    title_en = "Stated change amount and rate agree"
    aliases = ("NARR-CHANGE-ARITH",)
    severity = Severity.WARNING
    basis = BASIS_ACCURATE
    remedy = "按“增减额÷上年数×100”重新计算增减率（上年数=本年数∓增减额），或更正增减额。"
    remedy_en = "Recompute the rate as change / prior-year amount × 100, or fix the change amount."

    def judge(self, doc, ctx):
        judged = 0
        for stmt in statements(ctx):
            if stmt.get("change_amount") is None or stmt.get("change_percent") is None or stmt["amount"] is None:
                continue
            if stmt.get("direction") not in ("增加", "减少"):
                continue
            judged += 1
            subj = subject(ctx, stmt, " 增减率")
            amount, change = stmt["amount"], stmt["change_amount"]
            prior = amount - change if stmt["direction"] == "增加" else amount + change
            if prior <= 0:
                ctx.failed(
                    subj,
                    expected="上年数大于0",
                    actual=f"上年数推算为{fmt(prior)}",
                    evidence=[sev(stmt)],
                    note=f"本年数与{change_text(stmt)}推算出的上年数不为正",
                    note_en="the implied prior-year figure is not positive",
                )
                continue
            ctx.compare_percent(
                subj,
                stmt["change_percent"],
                change,
                prior,
                evidence=[sev(stmt, "说明")],
                what="增减额÷上年数",
                note=f"上年数推算为{fmt(prior)}",
                note_en=f"implied prior year {fmt(prior)}",
            )
        if not judged:
            ctx.not_applicable(
                "说明 增减率",
                note="说明中没有同时给出增减额和增减率的表述",
                note_en="no sentence states both a change amount and a rate",
            )


class TEXT_004(Rule):
    """Every increase or decrease of income or expenditure stated in the explanations has a reason."""

    title_zh = "预算收支增减变化说明原因"
    title_en = "Changes in income and expenditure are explained"
    aliases = ("NARR-CHANGE-REASON",)
    severity = Severity.WARNING
    basis = BASIS_CHANGE
    remedy = "在每处“比上年增加/减少”之后写明原因（如“主要原因是……”）。"
    remedy_en = "After each stated increase or decrease, give its cause (e.g. 主要原因是…)."
    subject = "needs_reason"
    where = {"family": "text"}

    def judge(self, need, ctx):
        judge_reason(ctx, need, "说明")


class TEXT_005(Rule):
    """The 一般公共预算 explanation describes the use of funds by 项 (具体使用情况), not only by 类.

    Central-template practice; not confirmed as mandatory for every province, hence info.
    """

    title_zh = "一般公共预算按项说明具体使用情况"
    title_en = "General budget use explained by 项"
    aliases = ("NARR-XIANG-DETAIL",)
    severity = Severity.INFO
    basis = Basis("practice", "中央部门预算公开模板“一般公共预算支出具体使用情况”")
    remedy = "按功能分类项级科目逐项说明一般公共预算支出的具体使用情况及与上年相比的增减。"
    remedy_en = "Explain general-budget spending item by item at 项 level, with changes against last year."

    def judge(self, doc, ctx):
        general = statements(ctx, "general.")
        items = [s for s in general if s["topic"].startswith("general.item.")]
        if items:
            ctx.passed(
                "说明 一般公共预算具体使用情况",
                expected="按项说明",
                actual=f"{len(items)} 个项级科目",
                evidence=[sev(s) for s in items[:5]],
            )
        elif general:
            classes = [s for s in general if s["topic"].startswith("general.class.")]
            ctx.failed(
                "说明 一般公共预算具体使用情况",
                expected="按项级科目说明具体使用情况",
                actual=f"只说明到类级（{len(classes)} 个类）" if classes else "只说明了总额",
                evidence=[sev(s) for s in (classes or general)[:5]],
                note="说明只列出功能分类类级支出，未按项说明具体用途",
                note_en="the explanation stops at 类 level; no 项-level use is described",
            )
        else:
            ctx.not_applicable(
                "说明 一般公共预算具体使用情况",
                note="未找到一般公共预算支出说明",
                note_en="no general-budget explanation found",
            )


_T6_CLASSES = ("工资福利支出", "商品和服务支出", "对个人和家庭的补助", "资本性支出")


def _listed(text: str) -> list[str]:
    """The items after 主要包括：, split at 、."""
    m = re.search(r"(?:主要)?包括[:：]?(.*)$", text)
    if not m:
        return []
    body = re.split(r"[；;。]", m.group(1))[0]
    return [squash(re.sub(r"等$", "", x)) for x in body.split("、") if squash(x)]


def _item_name(row: dict) -> str:
    """A 表6 row's economic item: its 部门经济科目 cell, else the name its row reads ('30101 基本工资')."""
    return squash(row["texts"].get("部门经济科目") or row.get("name") or "")


class TEXT_006(Rule):
    """The 人员经费 / 公用经费 composition stated in prose agrees with 表6.

    The two amounts add up to the stated 基本支出, and every economic item the text lists under 人员经费 or
    公用经费 carries an amount in that column of 表6.
    """

    title_zh = "人员经费、公用经费构成说明与表6一致"
    title_en = "Personnel/public expense composition matches 表6"
    aliases = ("NARR-BASIC-COMPOSITION",)
    severity = Severity.WARNING
    basis = Basis("《预算法实施条例》第五条（基本支出=人员经费+公用经费）")
    remedy = "人员经费与公用经费之和应等于基本支出；所列构成科目应与表6相应栏目中有金额的科目一致。"
    remedy_en = "人员经费 + 公用经费 must equal 基本支出, and the items listed must be those with amounts in 表6."

    def judge(self, doc, ctx):
        t6 = [r for r in rows(ctx, "T06") if _item_name(r) != "合计"]
        printed = (ctx.fact("table", table="T06") or {}).get("columns")
        for topic, column in (("basic.personnel", "人员经费"), ("basic.public", "公用经费")):
            for stmt in [s for s in statements(ctx, topic) if s["topic"] == topic]:
                subj = subject(ctx, stmt, "构成")
                listed = _listed(stmt["text"])
                if not listed:
                    ctx.not_applicable(subj, evidence=[sev(stmt)], note="未列出构成科目", note_en="no items listed")
                    continue
                if not t6:
                    ctx.not_applicable(subj, evidence=[sev(stmt)], note="未找到表6", note_en="表6 not found")
                    continue
                if printed is not None and column not in printed:
                    # 福州 p21: 科目编码 / 科目名称 / 预算数 only — nothing to check the composition against
                    ctx.not_applicable(
                        subj, evidence=[sev(stmt)], note=f"表6未分列“{column}”栏", note_en=f"表6 has no {column} column"
                    )
                    continue
                having = {_item_name(r): r for r in t6 if r.get("v", {}).get(column)}
                absent = [x for x in listed if x not in having]
                unlisted = [k for k in having if k not in listed and k not in _T6_CLASSES]
                evidence = [sev(stmt, "说明")] + [ev(r, f"表6 {column}") for r in list(having.values())[:1]]
                if absent:
                    ctx.failed(
                        subj,
                        expected=f"表6“{column}”栏有金额的科目",
                        actual="、".join(absent),
                        evidence=evidence,
                        note=f"说明列出的{'、'.join(absent)}在表6“{column}”栏中没有金额",
                        note_en=f"listed items without an amount in 表6 {column}: {', '.join(absent)}",
                    )
                else:
                    ctx.passed(
                        subj,
                        expected=f"所列科目在表6“{column}”栏有金额",
                        actual=f"{len(listed)} 个科目均有金额",
                        evidence=evidence,
                        note=("未列出：" + "、".join(unlisted)) if unlisted else "",
                        note_en=f"{len(unlisted)} items with amounts not listed" if unlisted else "",
                    )
        self._sum(ctx)

    @staticmethod
    def _sum(ctx):
        total = next((s for s in statements(ctx, "basic.total") if s["amount"] is not None), None)
        parts = [
            next((s for s in statements(ctx, t) if s["topic"] == t and s["amount"] is not None), None)
            for t in ("basic.personnel", "basic.public")
        ]
        subj = "说明 基本支出=人员经费+公用经费"
        if total is None or None in parts:
            if total or any(parts):
                ctx.not_applicable(
                    subj,
                    evidence=[sev(s) for s in [total] + parts if s],
                    note="基本支出、人员经费、公用经费未全部给出",
                    note_en="not all three figures stated",
                )
            return
        ctx.compare(
            subj,
            wan(total),
            wan(parts[0]) + wan(parts[1]),
            addends=2,
            evidence=[sev(total, "说明 基本支出"), sev(parts[0], "说明 人员经费"), sev(parts[1], "说明 公用经费")],
            what="人员经费+公用经费",
        )
