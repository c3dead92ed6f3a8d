"""EMPTY — a table without data is still published, with a note, and agrees with the rest of the budget.

Forward chaining: `TableIsEmpty` derives a `table_empty` fact for every table without amounts; the
EMPTY rules judge those derived facts."""

from __future__ import annotations

import re

from gongkai.engine.authoring import Basis, Deriver, Rule, Severity, ev, evs, find, fmt, rows, tname, val

BASIS_EMPTY = Basis("财预〔2016〕143号", via="基层政务公开标准目录：没有数据的表格应当列出空表并说明")
# the note must say the table has nothing to show: any sentence under it is not enough ('本表数据没有经过审计')
_NOTE_OK = re.compile(
    r"无数据|无.*(收入|支出|安排|预算|结转|发生额|此项|该项)|为空|空表|未安排|"
    r"没有.{0,12}(数据|收入|支出|安排|预算|结转|资金|项目|发生)|不涉及"
)


class TableIsEmpty(Deriver):
    """A table whose data rows hold no amount at all is empty."""

    name = "derive_table_empty"
    subject = "table"
    where = {"empty": True}

    def derive(self, table, ctx):
        ctx.derive(
            {
                "id": f"table_empty:{table['table']}",
                "type": "table_empty",
                "table": table["table"],
                "number": table["number"],
                "line": table["line"],
                "notes": table["notes"],
                "note_lines": table["note_lines"],
                "end_line": table["end_line"],
            }
        )


DERIVERS = [TableIsEmpty]


class EMPTY_001(Rule):
    """An empty table carries a note saying it has no data.

    A reader must be able to tell "nothing to report" from "forgot to fill in".
    """

    title_zh = "空表须附说明"
    title_en = "An empty table carries an explanatory note"
    aliases = ("EMPTY-NOTE",)
    severity = Severity.ERROR
    basis = BASIS_EMPTY
    remedy = "在空表下注明“注：本部门2024年无…，故本表无数据”。"
    remedy_en = "Add a note under the empty table saying it has no data and why."
    subject = "table_empty"

    def judge(self, empty, ctx):
        subject = f"{tname(empty['table'])} 空表说明"
        notes = [(t, l) for t, l in zip(empty["notes"], empty["note_lines"]) if _NOTE_OK.search(t)]
        entry = next((e for e in (ctx.fact("template") or {}).get("tables", []) if e["kind"] == empty["table"]), None)
        if not notes and entry is not None and not entry["may_be_empty"]:
            # a table the template never publishes empty (a summary) read without amounts: a reading failure
            ctx.not_applicable(
                subject,
                evidence=[ev(empty, "表标题")],
                note="按模板该表不会是空表，却未读出任何金额：可能是提取问题，请人工核对该表",
                note_en="the template never publishes this table empty: its amounts were not read",
            )
            return
        if notes:
            text, line = notes[0]
            ctx.passed(
                subject,
                expected="空表附说明",
                actual=text,
                evidence=[ev(empty, "空表标题"), {"line": line, "table": empty["table"], "label": "说明"}],
            )
        else:
            ctx.failed(
                subject,
                expected="注：本表无数据（并说明原因）",
                actual="空表无说明",
                evidence=[ev(empty, "空表标题"), {"line": empty["end_line"], "table": empty["table"], "label": "表尾"}],
                note="该表没有任何金额，也没有“注：…无数据”的说明",
                note_en="the table has no amounts and no note saying so",
            )


_FUND_OF = {
    "T07": ("政府性基金预算", "政府性基金预算收入"),
    "T08": ("政府性基金预算", "政府性基金预算支出"),
    "T09": ("国有资本经营预算", "国有资本经营预算收支"),
}


class EMPTY_003(Rule):
    """An empty fund table agrees with the summary tables: 表7/表8 are empty exactly when the department has
    no 政府性基金预算, 表9 exactly when it has no 国有资本经营预算 (表13 is judged by XTAB-010).
    """

    title_zh = "空表与其他报表一致"
    title_en = "Empty fund tables agree with the summary tables"
    aliases = ("EMPTY-CONSISTENT",)
    severity = Severity.ERROR
    basis = Basis("财预〔2016〕143号", "第三条（公开内容真实、完整）")
    remedy = "核对收支总表与相应资金表：有该项资金就填列明细，没有就在收支总表中列为空并在空表下说明。"
    remedy_en = "Either fill the fund table or show the fund as nil in 表1/表4."
    subject = "table"
    where = {"table": tuple(_FUND_OF)}

    def judge(self, table, ctx):
        fund, what = _FUND_OF[table["table"]]
        subject = f"{tname(table['table'])} 与{what}一致"
        t1 = find(rows(ctx, "T01"), "收入项目", fund)
        if t1 is None:
            ctx.not_applicable(
                subject,
                evidence=[ev(table, "表标题")],
                note=f"表1中未找到“{fund}”收入行，无法核对",
                note_en=f"no '{fund}' income row in 表1",
            )
            return
        amount = val(t1, "收入金额")
        evidence = evs(ev(table, "表标题"), ev(t1, f"表1 {fund}"))
        if table["empty"] and amount == 0:
            ctx.passed(subject, expected="空表且无该项资金", actual=f"表1 {fund} 为空", evidence=evidence)
        elif table["empty"]:
            ctx.failed(
                subject,
                expected=f"表1 {fund} 为空（与空表一致）",
                actual=f"表1 {fund} {fmt(amount, '万元')}",
                evidence=evidence,
                note=f"{tname(table['table'])}为空表，但表1列示了{fund}收入",
                note_en="the fund table is empty but 表1 shows this fund",
            )
        elif amount == 0:
            ctx.failed(
                subject,
                expected=f"表1 列示{fund}",
                actual="表1 该项为空",
                evidence=evidence,
                note=f"{tname(table['table'])}有数据，但表1没有{fund}收入",
                note_en="the fund table has data but 表1 shows no such fund",
            )
        else:
            ctx.passed(
                subject, expected="两表均有该项资金", actual=f"表1 {fund} {fmt(amount, '万元')}", evidence=evidence
            )
