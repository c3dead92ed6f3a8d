"""perf_classic — the classic indicator framework of the 绩效目标申报表 (财预〔2015〕88号 wording, kept in
the 财预〔2020〕10号 自评表): 产出 → 数量/质量/时效/成本; 效益 → 经济/社会/生态效益、可持续影响; 满意度."""

from gongkai.engine.authoring import Pack
from gongkai.rulesets import collect
from gongkai.rulesets.perf_classic import ind

FAMILIES = [ind]

PACK = Pack(
    name="perf_classic",
    version="2015.1",
    title="绩效指标（经典框架，财预〔2015〕88号）",
    jurisdiction="CN",
    effective_from="2015-05-21",
    kind="indicator",
    rules=[r for m in FAMILIES for r in collect(m)],
    description="绩效目标申报表的指标层级与指标值形式，按财预〔2015〕88号的一级、二级指标框架"
    "（发文日期为背景知识，未经原文核对）。",
)
