"""A generated budget as plain data (`Plan`): what a disclosure says, before any layout. The strategies draw it
(testing/strategies.py), the builder lays it out (testing/build.py); both import it, neither imports the other's
internals."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

GEN, FUND, CAP, SPECIAL, OWN = "一般公共预算", "政府性基金", "国有资本经营预算", "财政专户管理资金", "单位资金"
SOURCES = (GEN, FUND, CAP, SPECIAL, OWN)
SANGONG_ITEMS = ("因公出国（境）费", "公务接待费", "公务用车购置费", "公务用车运行维护费")


# -- the plan: everything a disclosure says, as plain data ------------------------------------------------
@dataclass
class Unit:
    name: str
    kind: str  # 行政 / 参公 / 事业


@dataclass
class Leaf:
    """One 项 of the function classification with its amounts (hundredths of 万元) per source."""

    code: str
    name: str
    basic: dict[str, int] = field(default_factory=dict)
    project: dict[str, int] = field(default_factory=dict)
    prev_gen: int = 0  # last year's 一般公共预算 amount (narrative by 项)
    fund: bool = False  # a 政府性基金 leaf (表7/表8)

    def total(self, source: str | None = None) -> int:
        if source is None:
            return sum(self.basic.values()) + sum(self.project.values())
        return self.basic.get(source, 0) + self.project.get(source, 0)


@dataclass
class EconRow:
    dept_item: str  # 部门预算支出经济科目名称 (款)
    gov_item: str  # 政府预算支出经济科目名称
    cls: str  # 类
    personnel: int
    public: int


@dataclass
class Indicator:
    level1: str
    level2: str
    name: str
    value: str
    comparator: str | None
    number: Decimal | None
    unit: str | None
    kind: str  # count / percent / money / deadline / period


@dataclass
class ProjectForm:
    attribute: str  # 项目属性
    years: int  # 项目期; the 实施期 funds are the annual funds × years
    texts: dict[str, str]
    goals: tuple[str, str]  # 总体目标 实施期, 年度
    indicators: dict[str, list[Indicator]]  # group 实施期 / 年度


@dataclass
class Project:
    name: str
    unit: str
    leaf: str  # 项 code it is budgeted under
    amounts: dict[str, int]
    category: str  # 其他运转类 / 特定目标类
    form: ProjectForm | None = None


@dataclass
class WholeForm:
    offices: int  # 内设职能部门数
    quota: int  # 核定的人员编制数
    staff_in: int  # 在编人员数
    staff_other: int  # 其他人员数
    indicators: list[Indicator]
    goal: str
    tasks: list[tuple[str, str]]


@dataclass
class Plan:
    def __repr__(self) -> str:  # the full plan is long; failures print the blob to reproduce it
        return (
            f"<Plan {self.department} {self.year}: {len(self.leaves)} 项, {len(self.projects)} projects, "
            f"{len(self.econ)} 表6 rows>"
        )

    def _repr_pretty_(self, printer, cycle) -> None:  # Hypothesis pretty-prints dataclasses field by field
        printer.text(repr(self))

    department: str
    self_name: str  # 我局 / 我厅 …
    year: int
    province: str | None  # Meta.province as the reader derives it from the department
    framework: str  # classic (88号) / 2021 (101号)
    units: list[Unit]
    leaves: list[Leaf]
    projects: list[Project]
    econ: list[EconRow]
    sangong: dict[str, tuple[int, int]]  # item → (this year, last year)
    sangong_reasons: dict[str, str]
    jgyx: dict[str, int]  # administrative unit → amount
    jgyx_prev: int
    jgyx_reason: str
    prev_total: int
    total_reason: str
    prev_gen: int
    gen_reason: str
    procurement: tuple[int, int, int]  # goods, works, services
    vehicles_quota: int
    vehicles: dict[str, int]
    office_area: Decimal
    equipment: tuple[int, int]  # 50万元以上通用设备, 100万元以上专用设备
    captions: frozenset[int]  # tables printed with a 预算公开表N label
    whole: WholeForm
    duties: list[str]
    template: str = "shanxi2024"  # jurisdiction template (engine/templates/data) laying it out
    unit: str = "万元"  # the tables' money unit (narrative amounts stay in 万元)
    split_codes: bool = False  # function codes printed over 类 | 款 | 项 columns
    sangong_across: bool = False  # the 三公 table printed across (items as columns, one row)

    # -- derived figures used by the builder --------------------------------------------------------------
    @property
    def has_fund(self) -> bool:
        return any(l.fund for l in self.leaves)

    def total(self, source: str | None = None) -> int:
        return sum(l.total(source) for l in self.leaves)

    def basic_total(self, source: str | None = None) -> int:
        return sum(l.basic.get(source, 0) if source else sum(l.basic.values()) for l in self.leaves)

    def project_total(self, source: str | None = None) -> int:
        return sum(l.project.get(source, 0) if source else sum(l.project.values()) for l in self.leaves)

    @property
    def finance_total(self) -> int:
        """财政拨款 = 一般公共预算 + 政府性基金 + 国有资本经营预算."""
        return self.total(GEN) + self.total(FUND) + self.total(CAP)

    def sangong_total(self, year: int = 0) -> int:
        return sum(v[year] for v in self.sangong.values())


def percent(part: int, whole: int) -> Decimal:
    """A share as the narrative states it: ROUND_HALF_UP to 2 decimals."""
    if whole == 0:
        return Decimal(0)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
