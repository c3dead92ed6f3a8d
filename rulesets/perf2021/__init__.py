"""perf2021 — the 2021 indicator framework (财预〔2021〕101号, 2021-08-18): the classic rules, with the
ones 101号 changes replaced by their subclasses in `perf2021.ind` (same id, like an OpenFisca reform)."""

from gongkai.engine.authoring import Pack
from gongkai.rulesets import collect, perf_classic
from gongkai.rulesets.perf2021 import ind

FAMILIES = [ind]
OWN = {r.id: r for m in FAMILIES for r in collect(m)}

PACK = Pack(
    name="perf2021",
    version="2021.1",
    title="绩效指标（2021框架，财预〔2021〕101号）",
    jurisdiction="CN",
    effective_from="2021-08-18",
    kind="indicator",
    first_year=2022,  # the first budget prepared under it (2022 budgets were drawn up in late 2021)
    rules=[OWN.get(r.id, r) for r in perf_classic.PACK.rules],
    description="财预〔2021〕101号《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》：成本指标为一级指标，"
    "下设经济成本、社会成本、生态环境成本指标。",
)
