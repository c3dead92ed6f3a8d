"""mof2016 — the national baseline: 财预〔2016〕143号《地方预决算公开操作规程》, 《预算法》and its 实施条例."""

from gongkai.engine.authoring import Pack
from gongkai.rulesets import collect
from gongkai.rulesets.mof2016 import (
    asset,
    empty,
    jgyx,
    meta,
    perf_forms,
    perf_narrative,
    proc,
    sangong,
    sect,
    sum,
    tbl,
    text,
    xtab,
)
from gongkai.rulesets.planned import PLANNED

FAMILIES = [tbl, empty, sum, xtab, perf_forms, text, sangong, jgyx, proc, asset, perf_narrative, sect, meta]

PACK = Pack(
    name="mof2016",
    version="2016.1",
    title="全国基线（财预〔2016〕143号）",
    jurisdiction="CN",
    effective_from="2016-10-01",
    rules=[r for m in FAMILIES for r in collect(m)],
    # engine-side forward chaining: identities (judged by SUM/XTAB) and claims (for the narrative rules)
    derives=("identities", "claims", "needs_reason"),
    derivers=[d for m in FAMILIES for d in getattr(m, "DERIVERS", [])],
    planned=PLANNED,
    description="财政部《地方预决算公开操作规程》及《预算法》《预算法实施条例》的部门预算公开要求。",
)
