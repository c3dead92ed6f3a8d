"""Performance forms (绩效目标申报表) from tab-separated text: header fields, funds, and the indicator tree.

The tree is form → column group (实施期 / 年度; the whole-department form has one, 年度) → 一级 → 二级 →
三级 → 指标值. Flattened PDFs print merged-cell labels away from the top of their span, wrap them
("服务对象 满意度指 标"), cut them ("满意度指") and drift them between columns, so labels are found by
their normalised text, not by their column. Placement rules, in order:

1. A label applies to the rows below it until the next label of its level (top-aligned reading).
2. Rows above the first label of a block (the grid's first rows, or rows after a new 一级 printed
   without a 二级) belong to that block's first label: there is no earlier block they could belong to.
3. A 一级 label on a row of its own was printed away from the top of its merged cell (the sample
   prints 产出指标 after its rows), so in that stretch labels are not top-aligned either: rows between
   it and a *different* next 二级 label could belong to either 二级 and are left undetermined.

What cannot be placed stays `None` with a `Problem` naming the lines; nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from gongkai.engine.pipeline.indicators import COST_L2_2021, canon_label, parse_value, squash_label
from gongkai.engine.pipeline.model import FormBranch, FormField, Indicator, PerformanceForm, Problem
from gongkai.engine.pipeline.numbers import normalize, try_amount
from gongkai.engine.pipeline.report import trusted

_SECTION = {"绩效指标", "年度绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "绩效目标"}
_SEPARATOR = re.compile(r"^[\s\-—=|:]*$")

_TEXT_FIELDS = {
    "项目名称": "项目名称",
    "主管部门及代码": "主管部门及代码",
    "实施单位": "实施单位",
    "项目属性": "项目属性",
    "项目期": "项目期",
    "项目概况": "项目概况",
    "立项依据": "立项依据",
    "项目设立必要性": "项目设立必要性",
    "保证项目实施的制度、措施": "保证项目实施的制度、措施",
    "项目实施计划": "项目实施计划",
    "部门名称": "部门名称",
    "部门职责": "部门职责",
    "部门战略目标": "部门战略目标",
    "年度绩效目标": "年度绩效目标",
}
_COUNTS = ("内设职能部门数", "所属预算单位数", "核定的人员编制数", "实际在职人员总数", "在编人员数", "其他人员数")
_PROJECT_FUNDS = {
    "实施期资金总额": "合计",
    "年度资金总额": "合计",
    "中央财政资金": "中央财政资金",
    "省级财政资金": "省级财政资金",
    "市县(区)财政资金": "市县财政资金",
    "市县财政资金": "市县财政资金",
    "单位自筹": "单位自筹",
    "其他资金": "其他资金",
}
_WHOLE_FUNDS = {
    "合计": "合计",
    "一般公共预算资金": "一般公共预算",
    "政府性基金预算资金": "政府性基金预算",
    "国有资本经营预算资金": "国有资本经营预算",
    "社会保险基金预算资金": "社会保险基金预算",
    "专户管理资金": "财政专户管理资金",
    "财政专户管理资金": "财政专户管理资金",
    "单位资金": "单位资金",
    "基本支出": "基本支出",
    "项目支出": "项目支出",
}
_GOALS = "总体目标"
# every label a header row is read by (a text field, a count or a fund), per kind: one look-up a cell
_WHOLE_LABELS = frozenset(_TEXT_FIELDS) | frozenset(_COUNTS) | frozenset(_WHOLE_FUNDS)
_PROJECT_LABELS = frozenset(_TEXT_FIELDS) | frozenset(_COUNTS) | frozenset(_PROJECT_FUNDS)


def extract_forms(lines: list[str], spans: list[tuple[int, int]]) -> list[PerformanceForm]:
    forms = []
    for start, end in spans:
        try:
            forms.append(_FormReader(lines, start, end).read())
        except Exception as exc:  # one unreadable form must not lose the others
            title = normalize(lines[start - 1]).strip()
            forms.append(
                PerformanceForm(
                    kind="whole" if "整体" in title else "project",
                    name=f"第{start}行的绩效目标表",
                    title_line=start,
                    end_line=end,
                    problems=[
                        Problem(
                            what="perf.form",
                            lines=[start],
                            message=f"无法解析第{start}–{end}行的绩效目标申报表（{type(exc).__name__}）",
                        )
                    ],
                )
            )
    return forms


_TAG = re.compile(r"</?\w+[^>]*>")
_WRAP = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])")
_SPACE = re.compile(r"\s")


@lru_cache(maxsize=1 << 14)  # a form repeats its labels and values (产出指标, ≥90%, 合计 …) row after row
def clean_text(text: str) -> str:
    """A cell as text: HTML tags gone, spaces between Chinese characters (PDF wrapping) removed."""
    if not text:  # most cells of a form grid are empty (merged cells)
        return text
    t = normalize(_TAG.sub("", text) if "<" in text else text).strip()
    return _WRAP.sub("", t) if _SPACE.search(t) else t  # _WRAP tests every char; most cells have no space


@lru_cache(maxsize=1 << 14)
def _key(cell: str) -> str:
    """Label form of a header cell: '其中：中央财政资金' → '中央财政资金', '合 计' → '合计'."""
    t = squash_label(cell)
    return t[3:] if t.startswith("其中:") else t


def _field_once(fields: dict[str, FormField], key: str, text: str, line: int) -> None:
    """The field as first printed (a form repeats its header rows): made only when new, and trusted (a str and
    an int)."""
    if key not in fields:
        fields[key] = trusted(FormField, {"text": text, "line": line})


@dataclass
class _Group:
    name: str
    lo: int  # first column of this group in the grid
    hi: int  # one past its last column
    l2_col: int | None = None
    value_col: int | None = None
    l1: str | None = None
    l2: str | None = None
    branch: FormBranch | None = None
    seen_l1: bool = False
    seen_l2: bool = False
    no_l1: list[Indicator] = field(default_factory=list)  # waiting for a 一级 label (rule 2)
    no_l2: list[Indicator] = field(default_factory=list)  # waiting for a 二级 label (rule 2)
    stray: bool = False  # after a lone 一级 label (rule 3)
    stray_rows: list[Indicator] = field(default_factory=list)


class _FormReader:
    def __init__(self, lines: list[str], start: int, end: int) -> None:
        self.start, self.end = start, end
        title = normalize(lines[start - 1]).strip()
        self.kind = "whole" if "整体" in title else "project"
        self.rows = [
            (n, [clean_text(c) if c else c for c in lines[n - 1].split("\t")]) for n in range(start + 1, end + 1)
        ]
        self.form = trusted(  # the values have the field types already
            PerformanceForm,
            {
                "kind": self.kind,
                "name": "",
                "title_line": start,
                "end_line": end,
                "fields": {},
                "funds": {},
                "fund_lines": {},
                "unit": "万元" if self.kind == "whole" else "元",
                "counts": {},
                "branches": [],
                "indicators": [],
                "problems": [],
            },
        )

    def problem(self, what: str, message: str, lines: list[int]) -> None:
        self.form.problems.append(Problem(what=what, message=message, lines=lines))

    def read(self) -> PerformanceForm:
        grid = next((i for i, (_, cells) in enumerate(self.rows) if _is_grid_header(cells)), None)
        self._fields(self.rows if grid is None else self.rows[:grid])
        if grid is None:
            self.problem(
                "perf.grid",
                f"第{self.start}–{self.end}行的绩效目标表中未找到“一级指标/二级指标/三级指标”表头",
                [self.start],
            )
        else:
            self._grid(grid)
        f = self.form
        name_field = f.fields.get("项目名称" if self.kind == "project" else "部门名称")
        f.name = name_field.text if name_field and name_field.text else ""
        if not f.name:
            f.name = f"第{self.start}行的绩效目标表"
            self.problem(
                "perf.name",
                f"第{self.start}行的绩效目标表没有{'项目名称' if self.kind == 'project' else '部门名称'}",
                [self.start],
            )
        return f

    # -- header fields and funds ---------------------------------------------------------------
    def _fields(self, rows: list[tuple[int, list[str]]]) -> None:
        f = self.form
        goal_split = None  # column where the 年度目标 texts start
        fund_split = None  # column where the 年度 fund labels start (project) / 方向 side (whole)
        funds_table = _WHOLE_FUNDS if self.kind == "whole" else _PROJECT_FUNDS
        wanted = _WHOLE_LABELS if self.kind == "whole" else _PROJECT_LABELS
        for n, cells in rows:
            keys = [_key(c) for c in cells]
            if "实施期目标" in keys and "年度目标" in keys:
                goal_split = keys.index("年度目标")
                continue
            if "按资金方向划分" in keys:
                fund_split = keys.index("按资金方向划分")
                continue
            if "年度资金总额" in keys:
                fund_split = keys.index("年度资金总额")
            if keys and keys[0] == _GOALS:
                self._goals(n, cells, goal_split)
                continue
            labels = [i for i, k in enumerate(keys) if k in wanted]
            for pos, i in enumerate(labels):
                stop = labels[pos + 1] if pos + 1 < len(labels) else len(cells)
                value = next((c for c in cells[i + 1 : stop] if c), "")
                k = keys[i]
                if k in _TEXT_FIELDS:
                    _field_once(f.fields, _TEXT_FIELDS[k], value, n)
                elif k in _COUNTS:
                    _field_once(f.counts, k, value, n)
                else:
                    self._fund(n, k, i, value, funds_table, fund_split, pos)

    def _goals(self, n: int, cells: list[str], split: int | None) -> None:
        texts = [(i, c) for i, c in enumerate(cells[1:], start=1) if c]
        if self.kind == "whole":
            _field_once(self.form.fields, "总体目标（年度）", texts[0][1] if texts else "", n)
            return
        if split is not None:
            first = " ".join(c for i, c in texts if i < split)
            second = " ".join(c for i, c in texts if i >= split)
        else:
            first = texts[0][1] if texts else ""
            second = texts[1][1] if len(texts) > 1 else ""
        _field_once(self.form.fields, "总体目标（实施期）", first, n)
        _field_once(self.form.fields, "总体目标（年度）", second, n)

    def _fund(self, n: int, key: str, col: int, value: str, table: dict[str, str], split: int | None, pos: int) -> None:
        f = self.form
        if self.kind == "whole":
            group = "年度"
            name = table[key]
            if name == "合计":
                name = "方向合计" if (col >= split if split is not None else pos > 0) else "来源合计"
        else:
            if key == "实施期资金总额":
                group = "实施期"
            elif key == "年度资金总额":
                group = "年度"
            else:
                group = "年度" if (col >= split if split is not None else pos > 0) else "实施期"
            name = table[key]
        amount = try_amount(value) if value else None
        if value and amount is None:
            amount = try_amount(re.sub(r"(万元|元)$", "", value))
            if amount is None:
                self.problem("perf.funds", f"第{n}行“{key}”不是金额：{value}", [n])
        if name in f.funds.get(group, {}):
            return
        f.funds.setdefault(group, {})[name] = amount
        f.fund_lines.setdefault(group, {})[name] = n

    # -- the indicator grid ----------------------------------------------------------------------
    def _grid(self, header_idx: int) -> None:
        _, head = self.rows[header_idx]
        keys = [_key(c) for c in head]
        l2_cols = [i for i, k in enumerate(keys) if k == "二级指标"]
        value_cols = [i for i, k in enumerate(keys) if k == "指标值"]
        if self.kind == "project" and len(l2_cols) >= 2:
            split = l2_cols[1]
            groups = [
                _Group("实施期", 0, split, l2_cols[0], _first(value_cols, lambda c: c < split)),
                _Group("年度", split, 10**6, l2_cols[1], _first(value_cols, lambda c: c >= split)),
            ]
        else:
            groups = [_Group("年度", 0, 10**6, _first(l2_cols), _first(value_cols))]
            if self.kind == "project":
                self.problem(
                    "perf.grid.groups",
                    f"第{self.rows[header_idx][0]}行的指标表头只有一组列（应有实施期和年度两组）",
                    [self.rows[header_idx][0]],
                )
        self.l1_col = keys.index("一级指标") if "一级指标" in keys else None
        for n, cells in self.rows[header_idx + 1 :]:
            joined = "".join(cells)  # joined once for both tests ('级': _is_grid_header's own quick no)
            if _SEPARATOR.match(joined) or ("级" in joined and _is_grid_header(cells)):
                continue  # every cell blank or a rule (page break, markdown separator), or a repeated header
            seg0 = self._segment(cells, groups[0])
            shared_l1 = next((lab for lvl, lab, _ in seg0[0] if lvl == "1"), None) if seg0[0] else None
            for g in groups:
                labels, rest = seg0 if g is groups[0] else self._segment(cells, g)
                self._row(g, n, labels, rest, shared_l1)
        for g in groups:
            self._finish(g)

    def _segment(self, cells: list[str], g: _Group):
        """This group's labels [(level, label, col)] and other non-empty cells [(col, text)]."""
        labels, rest = [], []
        for col, text in enumerate(cells[g.lo : g.hi], g.lo):
            if not text:
                continue
            key, lab = _label(text)
            if key in _SECTION:
                continue
            if lab is None and key.endswith("指标") and col in (self.l1_col, g.l2_col):
                lab = ("1" if col == self.l1_col else "2", key)  # a label outside the frameworks
            if lab is None:
                rest.append((col, text))
            else:
                labels.append([lab[0], lab[1], col])
        # 成本指标 is a 一级 only when a 2021 cost 二级 (经济成本指标 …) sits beside it
        for entry in labels:
            if entry[0] == "cost":
                entry[0] = "1" if any(o[1] in COST_L2_2021 for o in labels) else "2"
        return [tuple(x) for x in labels], rest

    def _row(self, g: _Group, n: int, labels, rest, shared_l1: str | None) -> None:
        l1, l2 = shared_l1, None  # most rows carry no label: no search
        if labels:
            l1 = next((lab for lvl, lab, _ in labels if lvl == "1"), None) or shared_l1
            l2 = next((lab for lvl, lab, _ in reversed(labels) if lvl == "2"), None)
        if l1 is not None:
            self._set_l1(g, n, l1, opens_l2=l2 is not None, lone=l2 is None and not rest)
        if l2 is not None:
            self._set_l2(g, n, l2)
        if rest:
            self._indicator(g, n, rest)

    def _set_l1(self, g: _Group, n: int, l1: str, opens_l2: bool, lone: bool) -> None:
        if not g.seen_l1:
            waiting_with_l2 = [i for i in g.no_l1 if i.level2 is not None]
            if opens_l2 and waiting_with_l2:
                # the rows above already had their own 二级: they belong to a block whose 一级 is not printed
                self.problem(
                    "perf.level1", f"无法确定第{_lines(waiting_with_l2)}行的一级指标", [i.line for i in waiting_with_l2]
                )
                keep = [i for i in g.no_l1 if i.level2 is None]
            else:
                keep = g.no_l1
            for ind in keep:
                ind.level1 = l1
            for b in self.form.branches:
                if b.group == g.name and b.level1 is None and not (opens_l2 and waiting_with_l2):
                    b.level1 = l1
            g.no_l1 = []
        elif l1 != g.l1 and not opens_l2:
            # a new 一级 without its 二级: the previous 二级 cannot continue under it (rule 2 applies)
            g.l2, g.branch, g.seen_l2 = None, None, False
            g.no_l2 = []
        g.l1, g.seen_l1 = l1, True
        if lone:
            g.stray, g.stray_rows = True, []

    def _set_l2(self, g: _Group, n: int, l2: str) -> None:
        branch = trusted(FormBranch, {"group": g.name, "level1": g.l1, "level2": l2, "line": n})
        self.form.branches.append(branch)
        if g.stray and g.stray_rows and g.l2 is not None and l2 != g.l2:
            rows = g.stray_rows
            self.problem(
                "perf.level2",
                f"无法确定第{_lines(rows)}行的二级指标（{g.l2}或{l2}）：该处合并单元格的标签未对齐",
                [i.line for i in rows],
            )
            for ind in rows:
                ind.level2, ind.branch_line = None, None
        g.stray, g.stray_rows = False, []
        if not g.seen_l2:
            for ind in g.no_l2:
                ind.level2, ind.branch_line = l2, n
                if ind.level1 is None and g.l1 is not None:
                    ind.level1 = g.l1
            g.no_l2 = []
        g.l2, g.branch, g.seen_l2 = l2, branch, True

    def _indicator(self, g: _Group, n: int, rest: list[tuple[int, str]]) -> None:
        if len(rest) == 1:
            col, text = rest[0]
            if col == g.value_col:
                self.problem("perf.name3", f"第{n}行（{g.name}）只有指标值“{text}”，没有三级指标名称", [n])
                return
            name, value = text, ""
        else:
            name, value = rest[0][1], rest[-1][1]
            if len(rest) > 2:
                self.problem(
                    "perf.cells", f"第{n}行（{g.name}）有多余的单元格：{'、'.join(t for _, t in rest[1:-1])}", [n]
                )
        v = parse_value(value)
        # trusted: the values have the field types already (a form's indicators are most of its models)
        ind = trusted(
            Indicator,
            {
                "group": g.name,
                "level1": g.l1,
                "level2": g.l2,
                "name": name,
                "value": value,
                "comparator": v.comparator,
                "number": v.number,
                "unit": v.unit,
                "value_kind": v.kind,
                "line": n,
                "branch_line": g.branch.line if g.branch else None,
            },
        )
        self.form.indicators.append(ind)
        if g.l1 is None:
            g.no_l1.append(ind)
        if not g.seen_l2:
            g.no_l2.append(ind)
        if g.stray:
            g.stray_rows.append(ind)

    def _finish(self, g: _Group) -> None:
        if g.no_l1:
            self.problem("perf.level1", f"无法确定第{_lines(g.no_l1)}行的一级指标", [i.line for i in g.no_l1])
        if g.no_l2:
            self.problem("perf.level2", f"无法确定第{_lines(g.no_l2)}行的二级指标", [i.line for i in g.no_l2])


@lru_cache(maxsize=1 << 14)  # a form's cells repeat row after row
def _label(text: str) -> tuple[str, tuple[str, str] | None]:
    """A grid cell's label form and, when it is a framework label, (level, label)."""
    return squash_label(text), canon_label(text)


def _is_grid_header(cells: list[str]) -> bool:
    if "级" not in "".join(cells):  # a quick no for most rows: the labels below need it
        return False
    keys = {_key(c) for c in cells}
    return "一级指标" in keys and "三级指标" in keys


def _first(values: list[int], cond=lambda c: True) -> int | None:
    return next((v for v in values if cond(v)), None)


def _lines(inds: list[Indicator]) -> str:
    """'566–567' or '566、570'."""
    nums = sorted({i.line for i in inds})
    if nums and nums[-1] - nums[0] == len(nums) - 1 and len(nums) > 1:
        return f"{nums[0]}–{nums[-1]}"
    return "、".join(str(x) for x in nums)
