"""Write a `Disclosure` as text in the layout of the Shanxi sample (what `engine/pipeline/ingest/text.py` reads).

Parts are written in the order of their line numbers: the cover (department, title), the 目录, headings,
paragraphs (one line each), tables (caption, title, 部门名称, 单位, header rows, tab-separated rows, notes) and
performance forms. Table rows are written from the shared layout (engine/pipeline/layouts.py) so reader and renderer
agree on every column; zero amounts are blank cells, as the template prints them.
"""

from __future__ import annotations

from decimal import Decimal

from gongkai.engine.pipeline import layouts
from gongkai.engine.pipeline.model import Disclosure, Heading, Paragraph, PerformanceForm, Table
from gongkai.engine.pipeline.numbers import squash

FORM_TITLES = {
    "whole": "预算部门（单位）整体支出绩效目标申报表",
    "project": "山西省省级预算部门（单位）项目支出绩效目标申报表",
}
PROJECT_FUND_ROWS = (
    ("合计", "实施期资金总额：", "年度资金总额："),
    ("中央财政资金", "其中：中央财政资金", "其中：中央财政资金"),
    ("省级财政资金", "省级财政资金", "省级财政资金"),
    ("市县财政资金", "市县（区）财政资金", "市县（区）财政资金"),
    ("单位自筹", "单位自筹", "单位自筹"),
    ("其他资金", "其他资金", "其他资金"),
)
PROJECT_TEXTS = ("项目概况", "立项依据", "项目设立必要性", "保证项目实施的制度、措施", "项目实施计划")
# (funds key as engine/pipeline/ingest/perf_forms.py names it, printed label)
WHOLE_SOURCES = (
    ("来源合计", "合 计"),
    ("一般公共预算", "其中:一般公共预算资金"),
    ("政府性基金预算", "政府性基金预算资金"),
    ("国有资本经营预算", "国有资本经营预算资金"),
    ("社会保险基金预算", "社会保险基金预算资金"),
    ("财政专户管理资金", "专户管理资金"),
    ("单位资金", "单位资金"),
)
WHOLE_DIRECTIONS = (("方向合计", "合 计"), ("基本支出", "其中:基本支出"), ("项目支出", "项目支出"))


def render_text(doc: Disclosure) -> str:
    blocks: list[tuple[int, int, list[str]]] = []  # (line, tie-break, lines)
    # A read document carries its cover and the 目录 title as paragraphs; others get them from `meta`.
    texts = {squash(p.text) for p in doc.paragraphs}
    cover = [x for x in (doc.meta.department, doc.meta.title) if x and squash(x) not in texts]
    if cover:
        blocks.append((0, 0, [line for x in cover for line in (x, "")][:-1]))
    if doc.toc:
        head = [] if "目录" in texts else ["目 录", ""]
        blocks.append((doc.toc[0].line, 1, head + [_toc(t.title, t.page) for t in doc.toc]))
    blocks += [(h.line, 2, [heading_text(h)]) for h in doc.headings]
    blocks += [(p.line, 3, [paragraph_text(p)]) for p in doc.paragraphs]
    blocks += [(t.start_line, 4, table_lines(t)) for t in doc.tables]
    blocks += [(f.title_line, 5, form_lines(f, doc.meta.year)) for f in doc.forms]
    out: list[str] = []
    for _, _, lines in sorted(blocks, key=lambda b: (b[0], b[1])):
        out += lines + [""]
    return "\n".join(out)


def _toc(title: str, page: int | None) -> str:
    return f"{title}.....\t{page if page is not None else ''}"


def heading_text(h: Heading) -> str:
    if h.level == 1:
        return f"{h.number} {h.title}"
    if h.level == 3:
        return f"（{h.number}）{h.title}"
    return f"{h.number}、{h.title}"


def paragraph_text(p: Paragraph) -> str:
    return p.text


def amount(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def table_lines(t: Table) -> list[str]:
    spec = layouts.BY_ID.get(t.id) if t.kind is None else None  # a table read from a document keeps its cells
    lines: list[str] = []
    if t.caption:
        lines += [t.caption, ""]
    lines += [t.title, ""]
    if t.department is not None:
        lines += [f"部门名称：{t.department}", ""]
    if t.unit is not None:
        lines += [f"单位：{t.unit}", ""]
    lines += ["\t".join(row) for row in t.header]
    for row in t.rows:
        if spec is None:  # padded to the table's width: a label-only row stays a row, not a heading
            lines.append("\t".join(row.cells + [""] * (len(t.columns) - len(row.cells))))
            continue
        cells = [
            row.texts.get(col, "") if kind == layouts.TEXT else amount(row.values.get(col))
            for col, kind in spec.columns
        ]
        cells += row.cells[len(cells) :]  # cells beyond the template's columns, as read
        lines.append("\t".join(cells))
    if t.notes:
        lines += [""] + [n.text for n in t.notes]
    return lines


def _yuan(value: Decimal | None) -> str:
    return "" if value is None else f"{value:,.0f}"


def form_lines(f: PerformanceForm, year: int | None) -> list[str]:
    if f.kind == "whole":
        return _whole_form(f, year)
    return _project_form(f, year)


def _field(f: PerformanceForm, key: str) -> str:
    field = f.fields.get(key)
    return field.text if field else ""


def _whole_form(f: PerformanceForm, year: int | None) -> list[str]:
    c = {k: v.text for k, v in f.counts.items()}
    funds = f.funds.get("年度", {})
    lines = [
        FORM_TITLES["whole"],
        "",
        f"（{year or ''}）年度",
        "",
        f"部门基本信息\t部门名称\t{_field(f, '部门名称')}\t\t",
        f"\t内设职能部门数\t{c.get('内设职能部门数', '')}\t所属预算单位数\t{c.get('所属预算单位数', '')}",
        f"\t核定的人员编制数\t{c.get('核定的人员编制数', '')}\t实际在职人员总数\t{c.get('实际在职人员总数', '')}",
        f"\t\t\t其中:在编人员数\t{c.get('在编人员数', '')}",
        f"\t\t\t其他人员数\t{c.get('其他人员数', '')}",
        f"部门职责\t{_field(f, '部门职责')}\t\t\t",
        "年度预算情况\t按资金来源划分\t资金总额（万元）\t按资金方向划分\t资金总额（万元）",
    ]
    for i, (key, label) in enumerate(WHOLE_SOURCES):
        direction = WHOLE_DIRECTIONS[i] if i < len(WHOLE_DIRECTIONS) else ("", "")
        lines.append(
            f"\t{label}\t{amount(funds.get(key))}\t{direction[1]}\t"
            f"{amount(funds.get(direction[0])) if direction[0] else ''}"
        )
    lines += [f"年度绩效目标\t{_field(f, '年度绩效目标')}\t\t\t", "\t一级指标\t二级指标\t三级指标\t指标值"]
    rows = _indicator_rows(f, ("年度",))
    for k, cells in enumerate(rows):
        lines.append("\t".join([("年度绩效指标" if k == 0 else "")] + cells))
    return lines


def _project_form(f: PerformanceForm, year: int | None) -> list[str]:
    period, annual = f.funds.get("实施期", {}), f.funds.get("年度", {})
    lines = [
        FORM_TITLES["project"],
        "",
        f"（{year or ''}年度）",
        "",
        f"项目名称\t\t\t{_field(f, '项目名称') or f.name}\t\t\t\t",
        f"主管部门及代码\t\t\t{_field(f, '主管部门及代码')}\t\t实施单位\t{_field(f, '实施单位')}\t",
        f"项目属性\t\t\t{_field(f, '项目属性')}\t\t项目期\t{_field(f, '项目期')}\t",
    ]
    for k, (key, left, right) in enumerate(PROJECT_FUND_ROWS):
        head = "项目资金（元）" if k == 0 else ""
        lines.append(f"{head}\t\t\t{left}\t{_yuan(period.get(key))}\t{right}\t{_yuan(annual.get(key))}")
    lines += [f"{key}\t\t\t{_field(f, key)}\t\t\t\t" for key in PROJECT_TEXTS]
    lines += [
        "实施期目标\t\t\t\t年度目标\t\t\t",
        f"总体目标\t{_field(f, '总体目标（实施期）')}\t\t\t\t{_field(f, '总体目标（年度）')}\t\t",
        "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\t二级指标\t三级指标\t指标值",
    ]
    for cells in _indicator_rows(f, ("实施期", "年度")):
        lines.append("\t".join([""] + cells))
    return lines


def _indicator_rows(f: PerformanceForm, groups: tuple[str, ...]) -> list[list[str]]:
    """One printed row per indicator line: 一级 once per block, each group's 二级 once per run.

    A branch without indicators (an empty 二级, a defect) still prints its label on its own line."""
    by_line: dict[int, dict[str, tuple[str | None, str, str, str]]] = {}
    for ind in f.indicators:
        by_line.setdefault(ind.line, {})[ind.group] = (ind.level1, ind.level2 or "", ind.name, ind.value)
    covered = {(i.group, i.level1, i.level2) for i in f.indicators}
    for b in f.branches:
        if (b.group, b.level1, b.level2) not in covered:
            by_line.setdefault(b.line, {})[b.group] = (b.level1, b.level2, "", "")
    rows: list[list[str]] = []
    last1: str | None = None
    last2: dict[str, str | None] = {g: None for g in groups}
    for line in sorted(by_line):
        cells = by_line[line]
        level1 = next((c[0] for c in cells.values() if c[0]), None)
        row = [(level1 or "") if level1 != last1 else ""]
        if level1 != last1:
            last2 = {g: None for g in groups}
        last1 = level1
        for g in groups:
            l1, l2, name, value = cells.get(g, (None, "", "", ""))
            show2 = l2 if l2 and l2 != last2[g] else ""
            if l2:
                last2[g] = l2
            row += [show2, name, value]
        rows.append(row)
    return rows
