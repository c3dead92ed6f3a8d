"""Hypothesis strategies for realistic, internally consistent department budget disclosures.

Rule authors::

    from gongkai.testing.strategies import disclosures, rendered
    @given(rendered())
    def test_my_rule_accepts_valid_budgets(case):
        report = check(case.located)          # what the pipeline sees for the rendered text
        assert not failing(report)

Generation is bottom-up (engineering-notes §4.1): draw the leaves (项 amounts per funding source, 表6 款 rows,
projects, 三公 items, …), then *compute* every 款/类/合计 and every cross-table copy, so all identities of
表1–表13 hold exactly. Amounts are integers in hundredths of 万元 (0.01 万元) until the builder turns them into
2-decimal `Decimal`s; zero cells are blank, as the template prints them. Absent funds give empty tables with a
note that says why (政府性基金 → 表7/表8, 国有资本经营 → 表9, no 上年结转 → 表13).

`plans()` draws a `Plan` (plain data); `build.build_disclosure(plan)` makes the `Disclosure`; `disclosures()`
composes both. Line numbers of a built disclosure only order its parts; `rendered()` also renders the text and
reads it back (`located`), which is what a user's file gives and what rules should be checked on.

Not generated (on purpose): 上年结转 and 国有资本经营预算 amounts. The catalogued identities (XTAB-001/003/004,
SUM-001) are stated for budgets without carry-over and do not say how a carried-over amount enters 表2/表4;
generating it would make "valid" a guess. Their empty tables and notes are generated.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from hypothesis import strategies as st

from gongkai.engine.templates import all_templates
from gongkai.testing import reference as ref
from gongkai.testing.build import BUILT_KINDS, build_disclosure, printable
from gongkai.testing.plan import (  # noqa: F401
    CAP,
    FUND,
    GEN,
    OWN,
    SANGONG_ITEMS,
    SOURCES,
    SPECIAL,
    EconRow,
    Indicator,
    Leaf,
    Plan,
    Project,
    ProjectForm,
    Unit,
    WholeForm,
    percent,
)


# -- small draws ---------------------------------------------------------------------------------------------
def _amount(lo: int = 1, hi: int = 300_000) -> st.SearchStrategy[int]:
    """Hundredths of 万元: 0.01 to 3,000 万元; shrinks towards small amounts."""
    return st.integers(min_value=lo, max_value=hi)


def _maybe(draw, strategy) -> int:
    """Zero (a blank cell) or an amount."""
    return draw(st.one_of(st.just(0), strategy))


def _partition(draw, total: int, parts: int) -> list[int]:
    """`parts` positive integers summing to `total` (total ≥ parts)."""
    if parts <= 1:
        return [total]
    cuts = draw(st.lists(st.integers(1, total - 1), min_size=parts - 1, max_size=parts - 1, unique=True))
    cuts = sorted(cuts)
    bounds = [0] + cuts + [total]
    return [b - a for a, b in zip(bounds, bounds[1:])]


def _indicator(draw, level1: str, level2: str, candidates: list, used: set[str]) -> Indicator:
    """One well-formed 三级 indicator for a 二级 category, name unique within its column group."""
    name, template, kind = draw(st.sampled_from(candidates))
    used.add(name)
    if kind == "count":
        n = draw(st.integers(1, 3000))
        unit = template
        return Indicator(level1, level2, name, f"≥{n}{unit}", "≥", Decimal(n), unit, kind)
    if kind == "percent":
        n = draw(st.sampled_from((80, 85, 90, 95, 98, 100)))
        comp = "=" if n == 100 else "≥"
        return Indicator(level1, level2, name, f"{'' if n == 100 else '≥'}{n}%", comp, Decimal(n), "%", kind)
    if kind == "money":
        n = draw(st.integers(1, 2000))
        return Indicator(level1, level2, name, f"≤{n}{template}", "≤", Decimal(n), template, kind)
    if kind == "money_effect":  # an economic benefit: money, filed under 经济效益指标
        n = draw(st.integers(10, 5000))
        return Indicator(level1, level2, name, f"≥{n}{template}", "≥", Decimal(n), template, "money")
    if kind == "deadline":
        month = draw(st.integers(3, 12))
        value = "年底前" if month == 12 else f"{month}月底前"
        return Indicator(level1, level2, name, value, None, None, None, kind)
    return Indicator(level1, level2, name, "全年", None, None, None, "period")


# name, unit or money unit, kind. Names with 数/人数/次数 carry count units; names with 率 carry %.
_INDICATORS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "数量指标": (
        ("培训人数", "人", "count"),
        ("举办活动次数", "次", "count"),
        ("认定企业数", "个", "count"),
        ("编印宣传资料数", "份", "count"),
        ("监测企业数", "户", "count"),
        ("服务企业数", "家", "count"),
        ("开展调研次数", "次", "count"),
        ("评审项目数", "个", "count"),
    ),
    "质量指标": (
        ("培训结业率", "", "percent"),
        ("数据报送准确率", "", "percent"),
        ("项目验收合格率", "", "percent"),
        ("问题整改完成率", "", "percent"),
    ),
    "时效指标": (
        ("项目完成时间", "", "deadline"),
        ("资金支付完成时间", "", "deadline"),
        ("培训完成时间", "", "deadline"),
        ("监测工作开展时间", "", "period"),
    ),
    "成本指标": (
        ("培训费用标准", "元/人", "money"),
        ("专家评审费标准", "元/人", "money"),
        ("项目总成本", "万元", "money"),
    ),
    "经济成本指标": (
        ("培训费用标准", "元/人", "money"),
        ("专家评审费标准", "元/人", "money"),
        ("项目总成本", "万元", "money"),
    ),
    "经济效益指标": (("带动企业新增营业收入", "万元", "money_effect"),),
    "社会效益指标": (("政策知晓率", "", "percent"), ("服务企业覆盖率", "", "percent"), ("带动就业人数", "人", "count")),
    "生态效益指标": (("绿色示范企业数", "家", "count"),),
    "服务对象满意度指标": (
        ("服务对象满意度", "", "percent"),
        ("培训学员满意度", "", "percent"),
        ("企业满意度", "", "percent"),
    ),
}


def _framework_tree(framework: str) -> list[tuple[str, list[str], list[str]]]:
    """(一级, required 二级, optional 二级) in printing order for the selected indicator framework."""
    if framework == "classic":
        return [
            ("产出指标", ["数量指标", "质量指标", "时效指标"], ["成本指标"]),
            ("效益指标", ["社会效益指标"], ["经济效益指标", "生态效益指标"]),
            ("满意度指标", ["服务对象满意度指标"], []),
        ]
    return [
        ("产出指标", ["数量指标", "质量指标", "时效指标"], []),
        ("成本指标", ["经济成本指标"], []),
        ("效益指标", ["社会效益指标"], ["经济效益指标", "生态效益指标"]),
        ("满意度指标", ["服务对象满意度指标"], []),
    ]


@st.composite
def indicator_sets(draw, framework: str = "classic") -> list[Indicator]:
    """A valid 一级→二级→三级 hierarchy: every 二级 printed has ≥1 三级, names unique, values well formed."""
    used: set[str] = set()
    out: list[Indicator] = []
    for level1, required, optional in _framework_tree(framework):
        chosen = required + [o for o in optional if draw(st.booleans())]
        for level2 in chosen:
            for _ in range(draw(st.integers(1, 2 if level2 == "数量指标" else 1))):
                candidates = [k for k in _INDICATORS[level2] if k[0] not in used]
                if not candidates:
                    break
                out.append(_indicator(draw, level1, level2, candidates, used))
    return out


# -- the plan --------------------------------------------------------------------------------------------------
FIRST_YEAR, LAST_YEAR = 2022, 2026


def generated_templates() -> list[str]:
    """Every jurisdiction template whose tables the builder lays out (testing/build.py `BUILT_KINDS`)."""
    return [name for name, t in all_templates().items() if {e.kind for e in t.tables} <= BUILT_KINDS]


def _years(name: str) -> tuple[int, int]:
    t = all_templates()[name]
    return max(t.years[0], FIRST_YEAR), min(t.years[1], LAST_YEAR)


def framework_of(name: str, year: int) -> str:
    """The indicator framework the template's pack judges (mirrors rulesets.template_packs): classic (88号) or
    2021 (101号)."""
    pack = all_templates()[name].indicator_pack or ("perf_classic" if year < 2022 else "perf2021")
    return "classic" if pack == "perf_classic" else "2021"


def _department(draw, name: str) -> tuple[str, str, str | None]:
    """(department, its short name, Meta.province) named so that the cover selects template `name`."""
    t = all_templates()[name]
    if t.match.cover_pattern:  # central departments: named on the cover, no place
        department, short = draw(st.sampled_from(ref.CENTRAL_BUREAUS))
        return department, short, None
    place = ref.PLACES.get(name) or t.match.words[0]
    bureau, short = draw(st.sampled_from(ref.BUREAUS))
    if not place.endswith("省"):
        bureau = bureau[:-1] + ref.CITY_SUFFIX.get(bureau[-1], bureau[-1])
        short = short[:-1] + ref.CITY_SUFFIX.get(short[-1], short[-1])
    return place + bureau, short, ref.PROVINCES.get(place)


@st.composite
def plans(
    draw,
    year: int | None = None,
    fund: bool | None = None,
    shanxi13: bool | None = None,
    twin: bool = False,
    template: str | None = None,
    split_codes: bool | None = None,
) -> Plan:
    """A consistent budget plan, laid out by a jurisdiction template.

    template names the jurisdiction template (else one of `generated_templates()` is drawn; shanxi13=True picks
    the 13-table Shanxi template, False the Shanxi one before 2024); year / fund fix the budget year and whether
    政府性基金 is present; twin=True guarantees two 项 of one 款 that both carry 一般公共预算 money (for
    mutations that move money between sibling rows); split_codes fixes whether function codes are printed over
    类 | 款 | 项 columns."""
    if template is None:
        template = (
            "shanxi2024"
            if shanxi13
            else "shanxi2016"
            if shanxi13 is False
            else draw(
                st.sampled_from(
                    [n for n in generated_templates() if year is None or _years(n)[0] <= year <= _years(n)[1]]
                )
            )
        )
    if year is None:
        year = draw(st.integers(*_years(template)))
    department, self_name, province = _department(draw, template)
    framework = framework_of(template, year)
    money_unit = all_templates()[template].unit

    # units: the 机关 itself (行政) plus up to two subordinate units
    subs = draw(st.lists(st.sampled_from(ref.SUBUNITS), max_size=2, unique_by=lambda s: s[0]))
    units = [Unit(department, "行政")] + [Unit(department + suffix, kind) for suffix, kind in subs]

    # function leaves: at least one basic and one project leaf
    codes = sorted(ref.LEAVES)
    basic_codes = [c for c in codes if "B" in ref.LEAVES[c][1]]
    project_codes = [c for c in codes if "P" in ref.LEAVES[c][1]]
    chosen = {draw(st.sampled_from(basic_codes)), draw(st.sampled_from(project_codes))}
    chosen |= set(draw(st.lists(st.sampled_from(codes), max_size=3)))
    if twin:
        chosen |= set(draw(st.sampled_from((("2080501", "2080505"), ("2101101", "2101103"), ("2210201", "2210202")))))
    leaves = [Leaf(c, ref.LEAVES[c][0]) for c in sorted(chosen)]
    has_fund = draw(st.booleans()) if fund is None else fund
    if has_fund:
        fund_codes = draw(st.lists(st.sampled_from(sorted(ref.FUND_LEAVES)), min_size=1, max_size=2, unique=True))
        leaves += [Leaf(c, ref.FUND_LEAVES[c], fund=True) for c in fund_codes]
    leaves.sort(key=lambda l: l.code)

    # projects: every project leaf gets at least one; amounts per source
    project_leaves = [l for l in leaves if l.fund or "P" in ref.LEAVES[l.code][1]]
    extra = draw(st.integers(0, 2))
    names = draw(
        st.lists(
            st.sampled_from(ref.PROJECT_NAMES),
            min_size=len(project_leaves) + extra,
            max_size=len(project_leaves) + extra,
            unique=True,
        )
    )
    projects: list[Project] = []
    for k, name in enumerate(names):
        leaf = project_leaves[k] if k < len(project_leaves) else draw(st.sampled_from(project_leaves))
        unit = draw(st.sampled_from(units)).name
        if leaf.fund:
            amounts = {FUND: draw(_amount())}
        else:
            amounts = {
                GEN: _maybe(draw, _amount()),
                OWN: _maybe(draw, _amount()),
                SPECIAL: draw(st.one_of(st.just(0), st.just(0), _amount(1, 50_000))),
            }
            if not any(amounts.values()):
                amounts[GEN] = draw(_amount())
        amounts = {s: v for s, v in amounts.items() if v}
        projects.append(Project(name, unit, leaf.code, amounts, draw(st.sampled_from(ref.PROJECT_CATEGORIES))))
    for p in projects:
        leaf = next(l for l in leaves if l.code == p.leaf)
        for s, v in p.amounts.items():
            leaf.project[s] = leaf.project.get(s, 0) + v

    # 表6: economic rows (一般公共预算 basic spending), at least one 人员经费 and one 公用经费 row
    vehicle_op = draw(st.one_of(st.just(0), _amount(100, 5_000)))
    econ: list[EconRow] = []
    for cls, items in ref.ECON_CLASSES:
        picked = draw(st.lists(st.sampled_from(items), max_size=3, unique=True))
        if cls in ("工资福利支出", "商品和服务支出") and not picked:
            picked = [items[0]]
        for dept_item, gov_item, side in sorted(picked, key=items.index):
            amount = draw(_amount(1, 100_000))
            econ.append(
                EconRow(
                    dept_item, gov_item, cls, amount if side == "人员经费" else 0, amount if side == "公用经费" else 0
                )
            )
        if cls == "商品和服务支出" and vehicle_op:
            econ.append(EconRow(*ref.VEHICLE_OPERATION[:2], cls, 0, vehicle_op))
    basic_gen = sum(r.personnel + r.public for r in econ)
    basic_leaves = [l for l in leaves if not l.fund and "B" in ref.LEAVES[l.code][1]]
    if len(basic_leaves) > basic_gen:
        basic_leaves = basic_leaves[:basic_gen]
    for leaf, part in zip(basic_leaves, _partition(draw, basic_gen, len(basic_leaves))):
        leaf.basic[GEN] = part
    # subordinate 事业 units bring their own funds (单位资金) for basic spending — except where the template
    # publishes basic spending of all funds by economic class (T16), which the plan classifies for 一般公共预算 only
    if len(units) > 1 and all_templates()[template].entry("T16") is None:
        for leaf in basic_leaves:
            own = _maybe(draw, _amount(1, 50_000))
            if own:
                leaf.basic[OWN] = own
    leaves = [l for l in leaves if l.total()]  # a 项 with nothing budgeted is not listed
    for leaf in leaves:
        leaf.prev_gen = 0 if leaf.fund else _prev(draw, leaf.total(GEN))

    # 三公: 运行维护费 is the 表6 row; the rest are drawn; last year's figures and reasons
    current = {
        "因公出国（境）费": _maybe(draw, _amount(50, 3_000)),
        "公务接待费": _maybe(draw, _amount(50, 3_000)),
        "公务用车购置费": _maybe(draw, _amount(1_000, 4_000)),
        "公务用车运行维护费": vehicle_op,
    }
    if not any(current.values()):
        current["公务接待费"] = draw(_amount(50, 3_000))
    sangong = {k: (v, _prev(draw, v)) for k, v in current.items()}
    sangong_reasons = {k: ref.SANGONG_REASONS[k][0 if v[0] > v[1] else 1] for k, v in sangong.items() if v[0] != v[1]}
    total_now, total_prev = sum(v[0] for v in sangong.values()), sum(v[1] for v in sangong.values())
    if total_now != total_prev:
        sangong_reasons["合计"] = draw(
            st.sampled_from(ref.REASONS_UP[:1] if total_now > total_prev else ref.REASONS_DOWN[:2])
        )

    # 机关运行经费: administrative and 参公 units' share of 公用经费
    public_total = sum(r.public for r in econ)
    admin = [u.name for u in units if u.kind in ("行政", "参公")]
    jgyx_total = draw(st.integers(max(1, public_total // 2), public_total))
    admin = admin[:jgyx_total]  # (each listed unit gets at least 0.01 万元)
    jgyx = dict(zip(admin, _partition(draw, jgyx_total, len(admin))))
    jgyx_prev = _prev(draw, jgyx_total)

    total = sum(l.total() for l in leaves)
    prev_total = _prev(draw, total)
    prev_gen = _prev(draw, sum(l.total(GEN) for l in leaves))
    goods = draw(st.integers(0, total // 4))
    works = draw(st.one_of(st.just(0), st.integers(0, total // 4)))
    services = draw(st.integers(0, total // 4))

    quota = draw(st.integers(0, 8))
    vehicle_types = (
        "领导用车",
        "机要通信用车",
        "应急保障用车",
        "执法执勤用车",
        "特种专业技术用车",
        "事业单位业务用车",
        "其他公务用车",
    )
    actual = draw(st.integers(1 if vehicle_op else 0, max(quota, 1 if vehicle_op else 0)))
    quota = max(quota, actual)
    by_type = dict(zip(vehicle_types, [0] * len(vehicle_types)))
    for _ in range(actual):
        by_type[draw(st.sampled_from(vehicle_types))] += 1

    captions = frozenset(n for n in range(1, 14) if draw(st.booleans()))

    # performance: the whole-department form, and forms for a subset of projects (at least one)
    # (a 政府性基金 project has no form: which form line its money belongs to is not settled)
    with_form = [p for p in projects if FUND not in p.amounts]
    for p in with_form:
        if p is with_form[0] or draw(st.booleans()):
            p.form = draw(project_forms(p, framework))
    offices = draw(st.integers(3, 20))
    staff_quota = draw(st.integers(10, 300))
    staff_in = draw(st.integers(1, staff_quota))
    whole = WholeForm(
        offices=offices,
        quota=staff_quota,
        staff_in=staff_in,
        staff_other=draw(st.integers(0, 10)),
        indicators=draw(indicator_sets(framework)),
        goal="围绕部门职责，保障机关正常运转，完成年度重点工作任务，提升服务质量和效率。",
        tasks=[
            ("保障机关正常运转", "保障人员工资和日常公用经费支出。"),
            ("履行部门职责", "按计划完成年度重点业务工作。"),
        ],
    )
    duties = draw(st.lists(st.sampled_from(ref.DUTIES), min_size=1, max_size=4, unique=True))
    return Plan(
        department=department,
        self_name=self_name,
        year=year,
        province=province,
        framework=framework,
        template=template,
        unit=money_unit,
        split_codes=draw(st.booleans()) if split_codes is None else split_codes,
        sangong_across=draw(st.booleans()),
        units=units,
        leaves=leaves,
        projects=projects,
        econ=econ,
        sangong=sangong,
        sangong_reasons=sangong_reasons,
        jgyx=jgyx,
        jgyx_prev=jgyx_prev,
        jgyx_reason=draw(st.sampled_from(ref.JGYX_REASONS)),
        prev_total=prev_total,
        total_reason=draw(st.sampled_from(ref.REASONS_UP if total > prev_total else ref.REASONS_DOWN)),
        prev_gen=prev_gen,
        gen_reason=draw(
            st.sampled_from(ref.REASONS_UP if sum(l.total(GEN) for l in leaves) > prev_gen else ref.REASONS_DOWN)
        ),
        procurement=(goods, works, services),
        vehicles_quota=quota,
        vehicles=by_type,
        office_area=Decimal(draw(st.integers(10_000, 2_000_000))) / 100,
        equipment=(draw(st.integers(0, 3)), draw(st.integers(0, 2))),
        captions=captions,
        whole=whole,
        duties=duties,
    )


def _prev(draw, current: int) -> int:
    """Last year's figure: often the same, else up to ±30 % away (never negative)."""
    if current == 0:
        return draw(st.one_of(st.just(0), _amount(1, 1_000)))
    delta = draw(st.one_of(st.just(0), st.integers(-(current * 3) // 10 - 1, (current * 3) // 10 + 1)))
    return max(current + delta, 0)


@st.composite
def project_forms(draw, project: Project, framework: str) -> ProjectForm:
    years = draw(st.sampled_from((1, 3, 5)))
    texts = {
        "项目概况": f"{project.name}主要用于保障相关业务工作正常开展。",
        "立项依据": "依据部门职责和年度工作计划设立。",
        "项目设立必要性": "为保障部门履职和重点工作任务完成，设立本项目。",
        "保证项目实施的制度、措施": "严格执行财务管理制度和项目管理办法。",
        "项目实施计划": "按年度工作计划分阶段组织实施，年底前完成全部任务。",
    }
    period = draw(indicator_sets(framework))
    annual = draw(indicator_sets(framework))
    return ProjectForm(
        attribute="经常性项目（长期开展）" if years == 1 else "延续性项目（阶段开展）",
        years=years,
        texts=texts,
        goals=("保障项目任务按期完成，发挥资金使用效益。", "完成年度项目任务，提升服务质量。"),
        indicators={"实施期": period, "年度": annual},
    )


def disclosures(**kw):
    """Built disclosures (semantic content; line numbers only order the parts)."""
    return plans(**kw).map(build_disclosure)


@dataclass
class Rendered:
    plan: Plan
    built: object  # Disclosure as built
    text: str  # the rendered text
    located: object  # Disclosure read back from `text`: real line numbers

    def __repr__(self) -> str:  # failing examples print this; the full plan is ~100 kB
        p = self.plan
        return (
            f"<Rendered {p.department} {p.year}: {len(p.leaves)} 项, {len(p.projects)} projects, "
            f"{len(p.econ)} 表6 rows, {len(self.text.splitlines())} lines>"
        )

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(repr(self))


def render_case(plan: Plan) -> Rendered:
    from gongkai.engine.pipeline.ingest import load_bytes
    from gongkai.engine.publish.disclosure_text import render_text

    built = build_disclosure(plan)
    text = render_text(printable(built))
    return Rendered(plan, built, text, load_bytes(text.encode("utf-8"), "generated.txt"))


@st.composite
def rendered(draw, **kw) -> Rendered:
    """Plan, built disclosure, its text and the disclosure read back from that text."""
    return render_case(draw(plans(**kw)))
