"""TBL — Shanxi template: all 13 tables, in order, labelled 预算公开表N."""
from __future__ import annotations

import re

from engine import layouts
from engine.authoring import Basis, Rule, Severity
from engine.figures import ev, tname
from rulesets.mof2016.tbl import BASIS_143, _Presence

BASIS_SX = Basis("practice", "山西省省级部门预算公开模板（13张表）", via="财预〔2016〕143号")


class TBL_001(_Presence):
    """All 13 tables of the Shanxi provincial template are published.

    The Shanxi template adds 政府性基金收入, 国有资本经营, 机关运行经费 and two 项目支出 tables to the
    national eight. Empty tables are still published, with a note.

    **Failing**
    ```
    2024年预算收支总表
    部门名称：某局
    单位：万元
    ```
    **Passing**
    ```
    (all thirteen tables present, from 预算收支总表 to 项目支出预算表（上年结转）)
    ```
    """
    title_zh = "13张预算公开表齐全"
    title_en = "All 13 Shanxi budget tables are published"
    aliases = ("DISC-TABLES-13",)
    replaces = ("TBL-002",)
    severity = Severity.ERROR
    basis = BASIS_SX
    remedy = "按山西省模板补齐13张表；没有数据的表也要列出空表并注明原因。"
    remedy_en = "Publish all 13 template tables; empty ones with a note."
    required = tuple(t.id for t in layouts.TABLES)


class TBL_003(Rule):
    """Tables appear in template order and, where a label is printed, it reads 预算公开表N.

    **Failing**
    ```
    部门公开表9
    2024年国有资本经营预算收支预算表（不含上年结转）
    部门名称：某局
    单位：万元
    ```
    **Passing**
    ```
    预算公开表9
    2024年国有资本经营预算收支预算表（不含上年结转）
    部门名称：某局
    单位：万元
    ```
    """
    title_zh = "表序与表号标签规范"
    title_en = "Tables are in template order and labelled 预算公开表N"
    aliases = ("TABLE-ORDER-LABEL",)
    severity = Severity.WARNING
    basis = Basis("财预〔2016〕143号", "第四条（公开形式规范）")
    remedy = "按模板顺序排列各表，表号统一写作“预算公开表N”，N 与模板序号一致。"
    remedy_en = "Order tables as in the template and label them 预算公开表N."
    subject = "table"

    def judge(self, table, ctx):
        n = table["number"]
        subject = f"{tname(table['table'])} 顺序与表号"
        earlier = [t for t in ctx.facts("table") if t["position"] < table["position"]]
        out_of_order = [t for t in earlier if t["number"] > n]
        caption = table.get("caption")
        evidence = [ev(table, "表标题")]
        if caption:
            evidence.insert(0, {"line": table["caption_line"], "table": table["table"], "label": "表号标签"})
        if out_of_order:
            ctx.failed(subject, expected=f"位于{tname(out_of_order[0]['table'])}之前",
                       actual=f"排在{tname(out_of_order[0]['table'])}之后", evidence=evidence + [ev(out_of_order[0], "位置在前的表")],
                       note="表格顺序与模板不一致", note_en="table out of template order")
        elif caption and re.sub(r"\s", "", caption) != f"预算公开表{n}":
            ctx.failed(subject, expected=f"预算公开表{n}", actual=caption, evidence=evidence,
                       note="表号标签与模板不一致", note_en="label differs from the template")
        elif not caption:
            ctx.not_applicable(subject, evidence=evidence, note="未提取到表号标签（可能在转换中丢失），仅核对了顺序",
                               note_en="no label extracted (possibly lost in conversion); order checked only")
        else:
            ctx.passed(subject, expected=f"预算公开表{n}", actual=caption, evidence=evidence)
