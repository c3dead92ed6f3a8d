"""shanxi2024 — 山西省省级部门预算公开模板 (13 tables), extending the national baseline.

A Shanxi rule that supersedes a baseline rule names it in `replaces` (like an OpenFisca reform)."""

from gongkai.engine.authoring import Pack
from gongkai.rulesets import collect, mof2016
from gongkai.rulesets.shanxi2024 import empty, jgyx, tbl

FAMILIES = [tbl, empty, jgyx]
OWN = [r for m in FAMILIES for r in collect(m)]
REPLACED = {rid for r in OWN for rid in getattr(r, "replaces", ())}

PACK = Pack(
    name="shanxi2024",
    version="2024.1",
    title="山西省省级部门预算公开（13张表）",
    jurisdiction="CN-SX",
    effective_from="2024-01-01",
    rules=[r for r in mof2016.PACK.rules if r.id not in REPLACED] + OWN,
    derives=mof2016.PACK.derives,
    derivers=list(mof2016.PACK.derivers) + [d for m in FAMILIES for d in getattr(m, "DERIVERS", [])],
    description="山西省省级部门预算公开模板：在全国基线上要求13张表、表号标签与空表原因说明。",
)
