"""The fact model: what a budget disclosure says, each value with the line it came from.

Every reader (text now; PDF, DOCX, XLSX later) returns a `Disclosure`. Amounts are `Decimal` in the
unit the document states (tables in 万元, performance forms in 元); nothing here is a float.
Lines are 1-based line numbers of the source file (for other formats: of its text rendering, with
`page`/`cell` in `Loc` naming the original place).
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA = "gongkai.disclosure/1"


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Loc(Model):
    """Where a value was read: a line, and where known the table, page or spreadsheet cell."""

    line: int | None = None
    table: str | None = None
    page: int | None = None
    cell: str | None = None
    path: str | None = None  # the file, when one disclosure was read from several (engine/pipeline/ingest/join.py)


class Problem(Model):
    """Something the reader could not extract; becomes a META finding, never a crash."""

    what: str  # short key, e.g. "table.T03.header"
    message: str  # Chinese, one sentence
    lines: list[int] = Field(default_factory=list)


class TocEntry(Model):
    title: str
    page: int | None = None
    line: int


class Heading(Model):
    """A section heading: level 1 = 第一部分, 2 = 一、, 3 = （一）, 4 = 1、"""

    level: int
    number: str  # "第三部分", "七", "（一）", "1"
    title: str
    line: int


class Paragraph(Model):
    """A narrative paragraph; `section` is the title of the innermost heading above it."""

    text: str
    line: int
    end_line: int
    section: str = ""
    section_line: int | None = None
    spans: list[tuple[int, int]] = Field(default_factory=list, description="(line, offset in text) per joined line")

    def line_at(self, offset: int) -> int:
        """The source line of the character at `offset` in `text`."""
        line = self.line
        for span_line, start in self.spans:
            if start <= offset:
                line = span_line
        return line


class Note(Model):
    text: str
    line: int


class Row(Model):
    """One table row. `texts` holds label columns, `values` amount columns, keyed by the layout's column names."""

    line: int
    cells: list[str]
    code: str | None = None  # classification code: 类 3 digits, 款 5, 项 7
    name: str = ""
    texts: dict[str, str] = Field(default_factory=dict)
    values: dict[str, Decimal | None] = Field(default_factory=dict)


class Table(Model):
    """A table by its kind (engine/pipeline/kinds.py) with columns by role, whatever the template numbers it."""

    id: str  # the kind code ("T01" …), suffixed for a second table of the same kind
    kind: str | None = None  # the kind code (None in models written before kinds: then `id` is the kind)
    number: int | None = None  # the number printed in the document's label (表3 / 公开03表 / 表三), if any
    title: str
    title_line: int
    caption: str | None = None  # e.g. "预算公开表1"; often lost in extraction
    caption_line: int | None = None
    year: int | None = None
    department: str | None = None
    department_line: int | None = None
    unit: str | None = None
    unit_line: int | None = None
    header: list[list[str]] = Field(default_factory=list)
    header_lines: list[int] = Field(default_factory=list)
    columns: list[str] = Field(default_factory=list, description="the role of each column ('' = none)")
    column_headers: list[str] = Field(default_factory=list, description="each column's header path, top/bottom")
    rows: list[Row] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)
    start_line: int
    end_line: int


class Statement(Model):
    """A figure stated in prose.

    topic: dotted name of what is stated, e.g. ``income.total``, ``sangong.total``, ``sangong.reception``,
    ``jgyx.total``, ``proc.goods``, ``asset.vehicles.actual``, ``perf.whole.total``.
    direction: 增加 / 减少 / 持平 against last year, when stated.
    """

    topic: str
    amount: Decimal | None = None
    unit: str | None = None  # 万元 / 元 / 亿元 / 个 / 辆 / 平方米 …
    percent: Decimal | None = None  # a share ("占75.59%")
    direction: str | None = None
    change_amount: Decimal | None = None
    change_percent: Decimal | None = None
    reason: str | None = None
    text: str  # the clause or sentence it was read from
    line: int
    paragraph_line: int | None = None
    section: str = ""


class FormField(Model):
    text: str
    line: int


class Indicator(Model):
    """One 三级 indicator of a performance form with its parsed 指标值."""

    group: str  # "年度" / "实施期" (the whole-department form has "年度")
    level1: str | None = None  # normalised 一级 label, None if it could not be determined
    level2: str | None = None
    name: str  # 三级
    value: str = ""  # raw 指标值
    comparator: str | None = None  # ≥ ≤ = > <
    number: Decimal | None = None
    unit: str | None = None
    value_kind: str = "empty"  # count / percent / money / deadline / period / qualitative / empty / other
    line: int
    branch_line: int | None = None  # line of the 二级 label (FormBranch) it sits under, None if unknown


class FormBranch(Model):
    """A 二级 label as printed, even when no 三级 sits under it (empty branches are a defect)."""

    group: str
    level1: str | None = None
    level2: str
    line: int


class PerformanceForm(Model):
    kind: str  # "whole" (部门整体) or "project" (项目支出)
    name: str  # project name, or department name for the whole form
    title_line: int
    end_line: int
    fields: dict[str, FormField] = Field(default_factory=dict)
    # funds[group][source] in 元 for project forms (group 实施期/年度; source 合计/中央财政资金/…);
    # for the whole form funds["年度"] in 万元 with sources and directions (基本支出/项目支出).
    funds: dict[str, dict[str, Decimal | None]] = Field(default_factory=dict)
    fund_lines: dict[str, dict[str, int]] = Field(default_factory=dict)
    unit: str = "元"
    counts: dict[str, FormField] = Field(default_factory=dict)  # 所属预算单位数, 实际在职人员总数 …
    branches: list[FormBranch] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)


class SourceInfo(Model):
    path: str
    sha256: str
    encoding: str = "utf-8"
    format: str = "text"
    line_count: int = 0


class Meta(Model):
    department: str | None = None
    department_line: int | None = None
    year: int | None = None
    year_line: int | None = None
    title: str | None = None
    province: str | None = None
    money_unit: str = "万元"  # the unit every table amount is expressed in (the tables' own, most often)


class Disclosure(Model):
    schema_: str = Field(default=SCHEMA, alias="schema")
    source: SourceInfo
    meta: Meta = Field(default_factory=Meta)
    toc: list[TocEntry] = Field(default_factory=list)
    headings: list[Heading] = Field(default_factory=list)
    paragraphs: list[Paragraph] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
    forms: list[PerformanceForm] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)
    lines: list[str] = Field(default_factory=list, description="the source text, one entry per line")
    # PDF/DOCX/XLSX: where each of `lines` sits in the original file (page, paragraph, sheet!cell); empty for text
    locations: list[Loc] = Field(
        default_factory=list, description="per line of `lines`: its place in the original file"
    )

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def table(self, table_id: str) -> Table | None:
        return next((t for t in self.tables if t.id == table_id), None)

    def line_text(self, line: int | None) -> str:
        if line is None or not 1 <= line <= len(self.lines):
            return ""
        return self.lines[line - 1]

    def location(self, line: int | None) -> Loc | None:
        """Where `line` is in the original PDF/DOCX/XLSX (None for text input or an unknown line)."""
        if line is None or not 1 <= line <= len(self.locations):
            return None
        return self.locations[line - 1]
