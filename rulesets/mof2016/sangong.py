"""SANGONG — “三公”经费: itemised table, narrative amounts, per-item comparison with last year, reasons, definition."""

from __future__ import annotations

from gongkai.engine.authoring import (
    Basis,
    Need,
    Rule,
    Severity,
    against_table,
    change_text,
    ev,
    figure,
    find,
    first,
    glossary_entry,
    judge_reason,
    rows,
    sev,
    statements,
    table,
    topic_label,
)

BASIS_SG = Basis(
    "财预〔2016〕143号",
    "部门预决算公开：“三公”经费分项公开并说明增减变化",
    via="财政预决算领域基层政务公开标准目录；财政部地方预决算公开专项检查",
)
ITEMS = (
    "sangong.total",
    "sangong.abroad",
    "sangong.reception",
    "sangong.vehicle_purchase",
    "sangong.vehicle_operation",
)
_ROWS = ("因公出国（境）费", "公务接待费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行维护费", "合计")


def _subject(topic: str) -> str:
    return f"三公经费 {topic_label(topic).replace('“三公”经费', '')}"


def _required(ctx) -> list[str]:
    """Items the narrative must state: the vehicle line as one figure or as its two parts."""
    stated = {s["topic"] for s in statements(ctx, "sangong.")}
    if "sangong.vehicle" in stated and not {"sangong.vehicle_purchase", "sangong.vehicle_operation"} <= stated:
        return ["sangong.total", "sangong.abroad", "sangong.reception", "sangong.vehicle"]
    return list(ITEMS)


class SANGONG_001(Rule):
    """The “三公” table lists 因公出国（境）费, 公务接待费 and 公务用车购置及运行费 split into 购置费 and 运行维护费."""

    title_zh = "“三公”经费表分项列示"
    title_en = "三公 table itemised"
    aliases = ("SANGONG-TABLE",)
    severity = Severity.ERROR
    basis = BASIS_SG
    remedy = "“三公”经费表分列因公出国（境）费、公务接待费、公务用车购置及运行费，并将后者细化为购置费和运行维护费。"
    remedy_en = (
        "List 因公出国（境）费, 公务接待费 and 公务用车购置及运行费, the latter split into 购置费 and 运行维护费."
    )

    # the missing table itself is TBL-001/TBL-002's finding
    needs = (
        Need(
            "table",
            {"table": "T10"},
            what="“三公”经费表（由 TBL-001/TBL-002 判定）",
            what_en="the 三公 table (judged by TBL-001/TBL-002)",
            subject="表10 “三公”经费分项",
        ),
    )

    def judge(self, doc, ctx):
        t10 = table(ctx, "T10")
        subj = "表10 “三公”经费分项"
        rs = rows(ctx, "T10")
        found = {name: find(rs, "名称", name) for name in _ROWS}
        missing = [n for n, r in found.items() if r is None]
        if missing:
            ctx.failed(
                subj,
                expected="、".join(_ROWS),
                actual="缺少：" + "、".join(missing),
                evidence=[ev(t10, "表标题")] + [ev(r, "表10") for r in found.values() if r],
                note="“三公”经费未按三项及购置/运行维护细化列示",
                note_en="missing rows: " + ", ".join(missing),
            )
        else:
            ctx.passed(
                subj,
                expected="三项及购置费/运行维护费分列",
                actual="分项齐全",
                evidence=[ev(r, f"表10 {n}") for n, r in found.items()],
            )


class SANGONG_002(Rule):
    """The “三公” total and each item stated in the explanation equal 表10."""

    title_zh = "“三公”经费说明金额与表一致"
    title_en = "三公 narrative amounts match the table"
    aliases = ("SANGONG-NARR",)
    severity = Severity.ERROR
    basis = BASIS_SG
    remedy = "“三公”经费说明中的合计数和各分项金额应与“三公”经费支出预算表一致。"
    remedy_en = "Make the 三公 total and items in the explanation equal to the 三公 table."

    def judge(self, doc, ctx):
        wanted = _required(ctx)
        for topic in dict.fromkeys(wanted + [s["topic"] for s in statements(ctx, "sangong.")]):
            stmt = first(ctx, topic)
            fig = figure(ctx, topic)
            subj = _subject(topic)
            if stmt is None:
                if topic not in wanted:
                    continue
                if fig is not None and fig[0]:
                    ctx.failed(
                        subj,
                        expected=f"说明列出{topic_label(topic)}",
                        actual="说明未列出",
                        evidence=[ev(fig[1], fig[2])],
                        note=f"表10中{topic_label(topic)}有金额，说明中未提及",
                        note_en="the table shows an amount the explanation does not state",
                    )
                elif fig is not None:
                    ctx.passed(
                        subj, expected="与表10一致", actual="说明未列出（表10为0）", evidence=[ev(fig[1], fig[2])]
                    )
                continue
            if fig is None:
                ctx.not_applicable(
                    subj,
                    evidence=[sev(stmt)],
                    note="未找到“三公”经费表中的对应行",
                    note_en="no matching row in the 三公 table",
                )
                continue
            against_table(ctx, subj, stmt, fig, topic_label(topic))


class SANGONG_003(Rule):
    """Each “三公” item is compared with last year: direction and amount (持平 needs no amount)."""

    title_zh = "“三公”经费逐项与上年比较"
    title_en = "三公 items compared with last year"
    aliases = ("SANGONG-COMPARE",)
    severity = Severity.ERROR
    basis = BASIS_SG
    remedy = "对“三公”经费合计及每一分项写明与上年相比增加、减少的金额（或持平）。"
    remedy_en = "For the 三公 total and each item, state the increase or decrease against last year (or 持平)."

    def judge(self, doc, ctx):
        for topic in _required(ctx):
            # an item listed twice (its share first, then '与上年预算数相同'): the mention that compares counts
            stmt = next(
                (
                    s
                    for s in statements(ctx, topic)
                    if s["topic"] == topic and s.get("direction") and s.get("amount") is not None
                ),
                first(ctx, topic),
            )
            subj = _subject(topic)
            if stmt is None:
                fig = figure(ctx, topic)
                if fig is not None and not fig[0]:
                    ctx.not_applicable(
                        subj,
                        evidence=[ev(fig[1], fig[2])],
                        note="本年为0且说明未提及该项",
                        note_en="zero this year and not mentioned",
                    )
                else:
                    ctx.failed(
                        subj,
                        expected="与上年比较",
                        actual="说明未列出该项",
                        evidence=[ev(fig[1], fig[2])] if fig else [],
                        note=f"说明未列出{topic_label(topic)}，也未与上年比较",
                        note_en="item not stated, so not compared with last year",
                    )
                continue
            d = stmt.get("direction")
            if d == "持平" or (d and stmt.get("change_amount") is not None):
                ctx.passed(subj, expected="与上年比较", actual=change_text(stmt), evidence=[sev(stmt)])
            elif d:
                ctx.failed(
                    subj,
                    expected="增减金额",
                    actual=f"只写明{d}",
                    evidence=[sev(stmt)],
                    note=f"{topic_label(topic)}只写明{d}，未说明增减金额。原文：「{stmt['text'][:100]}」",
                    note_en="direction stated without the amount of the change",
                )
            elif topic != "sangong.total" and any(s.get("direction") for s in statements(ctx, "sangong.total")):
                # the 三公 total is compared (the 标准目录 obligation); an item not compared on its own is a
                # shortfall of detail (细化程度), graded a warning, not a missing comparison
                ctx.failed(
                    subj,
                    expected="与上年比较（增加/减少金额或持平）",
                    actual="未比较（合计已比较）",
                    evidence=[sev(stmt)],
                    severity=Severity.WARNING,
                    note=f"“三公”经费合计已与上年比较，{topic_label(topic)}未单独比较。原文：「{stmt['text'][:100]}」",
                    note_en="the 三公 total is compared with last year, this item is not",
                )
            else:
                ctx.failed(
                    subj,
                    expected="与上年比较（增加/减少金额或持平）",
                    actual="未比较",
                    evidence=[sev(stmt)],
                    note=f"{topic_label(topic)}未与上年比较。原文：「{stmt['text'][:100]}」",
                    note_en="no comparison with last year",
                )


class SANGONG_004(Rule):
    """Every “三公” item that changed against last year has a stated reason."""

    title_zh = "“三公”经费增减变化均说明原因"
    title_en = "Every 三公 change has a reason"
    aliases = ("SANGONG-EXPLAIN",)
    severity = Severity.ERROR
    basis = BASIS_SG
    remedy = "对每一项有增减变化的“三公”经费，写明增减原因（如“主要原因是……”）。"
    remedy_en = "State the cause of every change in a 三公 item (e.g. 主要原因是…)."
    subject = "needs_reason"
    where = {"family": "sangong"}

    def judge(self, need, ctx):
        judge_reason(ctx, need, "三公经费")


class SANGONG_005(Rule):
    """名词解释 defines “三公”经费 with its three items."""

    title_zh = "名词解释中定义“三公”经费"
    title_en = "三公 defined in 名词解释"
    aliases = ("SANGONG-DEF",)
    severity = Severity.WARNING
    basis = Basis("practice", "名词解释", via="财政预决算领域基层政务公开标准目录“对专业性较强的名词进行解释”")
    remedy = "在名词解释中说明“三公”经费指财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。"
    remedy_en = "Define 三公 in the glossary as 因公出国（境）费, 公务用车购置及运行费 and 公务接待费."

    def judge(self, doc, ctx):
        subj = "名词解释 “三公”经费"
        entry = glossary_entry(ctx, subj, "def.sangong", "“三公”经费", "三公")
        if entry is None:
            return
        text = entry["text"]
        parts = {"因公出国（境）费": "因公出国", "公务用车购置及运行费": "公务用车", "公务接待费": "公务接待"}
        missing = [name for name, key in parts.items() if key not in text]
        if missing:
            ctx.failed(
                subj,
                expected="三项：" + "、".join(parts),
                actual="缺少：" + "、".join(missing),
                evidence=[sev(entry, "名词解释")],
                note="定义未列全三项",
                note_en="definition lacks items",
            )
        else:
            ctx.passed(subj, expected="三项：" + "、".join(parts), actual="三项齐全", evidence=[sev(entry, "名词解释")])
