"""IND under 财预〔2021〕101号: only what the 2021 framework changes, as subclasses of the classic rules
(OpenFisca-reform style). 成本 becomes a 一级 with 经济/社会/生态环境成本; 产出 keeps 数量/质量/时效;
可持续影响 is no longer listed but still seen on local forms (accepted, with a note); qualitative values
weigh more (warning)."""

from __future__ import annotations

from gongkai.engine.authoring import Basis, Severity
from gongkai.rulesets.perf_classic import ind as classic

BASIS_101 = Basis(
    "财预〔2021〕101号《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》",
    "附件1",
    via="lsrwf.cn、qddinggu.cn 转载",
)

FRAMEWORK_2021 = {
    "成本指标": ("经济成本指标", "社会成本指标", "生态环境成本指标"),
    "产出指标": ("数量指标", "质量指标", "时效指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标"),
    "满意度指标": ("服务对象满意度指标",),
}


class IND_001(classic.IND_001):
    """Every (一级, 二级) pair printed on a form is allowed by the 2021 framework (财预〔2021〕101号).

    成本指标 is a 一级 with 经济成本/社会成本/生态环境成本指标; 成本指标 under 产出指标 is the classic layout and
    fails here. 可持续影响指标 is accepted with a note: 101号 does not list it, local forms still use it.
    """

    basis = BASIS_101
    remedy = "按101号框架调整：成本指标作为一级指标，下设经济成本、社会成本、生态环境成本指标；产出指标下只设数量、质量、时效。"
    remedy_en = "Use the 2021 layout: 成本 as a 一级 with 经济/社会/生态环境成本; 产出 → 数量/质量/时效."
    allowed = FRAMEWORK_2021
    tolerated = {("效益指标", "可持续影响指标"): "101号未列可持续影响指标，地方表仍常用，予以接受"}
    framework = "2021框架（财预〔2021〕101号）"


class IND_007(classic.IND_007):
    """经济成本 indicators are money (a total or a unit cost, normally a ceiling ≤); cost-type values are not
    filed under 效益 or 满意度. 社会成本 and 生态环境成本 describe impacts and need not be money.
    """

    basis = BASIS_101
    remedy = "经济成本指标写成金额上限（如 ≤360万元、≤400元/人·天）；人均、单价类金额放在成本指标下。"
    remedy_en = "State 经济成本 as a money ceiling; file unit costs under 成本指标."

    def is_cost(self, ind) -> bool:
        l1, l2 = ind.get("level1"), ind.get("level2")
        if l2 in ("社会成本指标", "生态环境成本指标"):
            return False
        return l2 in ("成本指标", "经济成本指标") or l1 == "成本指标"


class IND_009(classic.IND_009):
    """Qualitative 指标值 (良好, 提高, 形成典范 …) are flagged as a warning: 101号 asks for quantified core
    indicators and graded qualitative values.
    """

    severity = Severity.WARNING
    basis = BASIS_101
