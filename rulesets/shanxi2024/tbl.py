"""TBL — Shanxi template: all 13 tables, in order, labelled 预算公开表N (engine/templates/data/shanxi2024.toml).

The judging is the baseline's (template-driven TBL-001/TBL-003); the Shanxi rules keep their own titles,
basis and ids, and replace the baseline's."""

from __future__ import annotations

from gongkai.engine.authoring import Basis, Severity
from gongkai.rulesets.mof2016 import (
    tbl as base,  # TBL-001 and TBL-003 are `overridable`: same judgement, Shanxi's titles
)

BASIS_SX = Basis("practice", "山西省省级部门预算公开模板（13张表）", via="财预〔2016〕143号")


class TBL_001(base.TBL_001):
    """All 13 tables of the Shanxi provincial template are published.

    The Shanxi template adds 政府性基金收入, 国有资本经营, 机关运行经费 and two 项目支出 tables to the
    national eight. Empty tables are still published, with a note.
    """

    title_zh = "13张预算公开表齐全"
    title_en = "All 13 Shanxi budget tables are published"
    aliases = ("DISC-TABLES-13",)
    replaces = ("TBL-001", "TBL-002")
    severity = Severity.ERROR
    basis = BASIS_SX
    remedy = "按山西省模板补齐13张表；没有数据的表也要列出空表并注明原因。"
    remedy_en = "Publish all 13 template tables; empty ones with a note."


class TBL_003(base.TBL_003):
    """Tables appear in template order and, where a label is printed, it reads 预算公开表N."""

    title_zh = "表序与表号标签规范"
    title_en = "Tables are in template order and labelled 预算公开表N"
    aliases = ("TABLE-ORDER-LABEL",)
    replaces = ("TBL-003",)
    severity = Severity.WARNING
    basis = Basis("财预〔2016〕143号", "第四条（公开形式规范）")
    remedy = "按模板顺序排列各表，表号统一写作“预算公开表N”，N 与模板序号一致。"
    remedy_en = "Order tables as in the template and label them 预算公开表N."
