"""Reader for text extractions of published disclosures (the layout of the Shanxi sample).

Tables are tab-separated rows under a title line; prose is paragraphs under numbered headings;
performance forms are tab-separated grids under a "…绩效目标申报表" title. The reader walks the lines
once, classifying each, and never raises on odd input: what it cannot place becomes a `Problem`.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from itertools import compress

from gongkai.engine.pipeline import kinds
from gongkai.engine.pipeline.ingest import tables as grid
from gongkai.engine.pipeline.model import (
    SCHEMA,
    Disclosure,
    Heading,
    Meta,
    Note,
    Paragraph,
    Problem,
    SourceInfo,
    Table,
    TocEntry,
)
from gongkai.engine.pipeline.numbers import UNIT_FACTORS, convert, normalize, normalize_text, squash, try_amount
from gongkai.engine.pipeline.report import trusted

_CN_NUM = "一二三四五六七八九十百零"
_H1 = re.compile(r"^(第[%s]+部分)\s*(.*)$" % _CN_NUM)
_H2 = re.compile(r"^([%s]+)、\s*(.+)$" % _CN_NUM)
_H3 = re.compile(r"^[（(]([%s]+)[）)]\s*(.+)$" % _CN_NUM)
_H4 = re.compile(r"^(\d{1,2})[、.．]\s*(\D.*)$")
_TOC = re.compile(r"^(.+?)\s*\.{3,}\s*(\d+)?\s*$")
_FOOTER = re.compile(r"^\s*([-—–－]+\s*\d+\s*[-—–－]+|第\s*\d+\s*页(\s*[,，]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)\s*$")
_SEPARATOR = re.compile(r"^[\s\-—=|:]+$")
_DEPT = re.compile(
    r"(?:部门名称|单位名称|编制部门|编制单位|预算单位|部门（单位）|部门\(单位\)|^部门)\s*[:：]\s*"
    r"(.+?)(?:\s+(?:金额)?单位\s*[:：].*)?$"
)
_UNIT = re.compile(r"单位\s*[:：]\s*(万元|元|亿元|千元)")
_YEAR = re.compile(r"(20\d{2})\s*年")
# 三公 item labels too: a leading item with no budget (因公出国 = 0) prints as a label-only row, not a header
_DATA_LABEL = re.compile(
    r"^(合计|总计|小计|本年|上年|收入总计|支出总计|部门合计|因公出国|公务接待|公务用车|[①②]|[%s]+、)" % _CN_NUM
)
_NOTE = re.compile(r"^\s*[（(]?\s*(注|备注|说明)\s*\d?\s*[:：]|^\s*(本表无数据|本表为空|此表无数据|无数据)")
_COVER_NAMED = re.compile(r"^(?:预算主管部门|主管部门|预算单位|部门名称|单位名称)\s*[:：]\s*(\S.{1,30})$")
_CN_DATE = re.compile(r"[〇零一二三四五六七八九]{4}年|\d{4}年\d{1,2}月")
_COVER_TITLE = re.compile(
    r"^(?:20\d\d\s*年度?)?\s*([\u4e00-\u9fa5（）()]{3,30}?)\s*(?:20\d\d\s*)?年?度?(?:部门|单位)预算(?:公开)?$"
)
_EMPTY_REASON = re.compile(r"不涉及|无数据|空表|无此项|无该项|未安排|没有")
_FORM_TITLE = re.compile(r"绩效目标申报表")
# '（一）收入预算：2026年收入预算3,558.35万元，其中：一般公共预算' is a sentence going on, not a title
_AMOUNT_THEN_CLAUSE = re.compile(r"\d\s*(?:万元|亿元|元)\s*[，,；;]")
_SENTENCE_END = ("。", "；", "！", "？", "：", ";", ".")


class ReadError(Exception):
    """Input that cannot be read at all: the CLI prints the message and exits 2."""


def decode(data: bytes) -> tuple[str, str]:
    """Detect the encoding among UTF-8 (with or without BOM), UTF-16 with BOM and GB18030."""
    if not data.strip():
        raise ReadError("文件为空 / the file is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        raise ReadError("这是二进制文件，不是文本 / binary file, not text")
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise ReadError("无法识别文件编码（支持 UTF-8、GB18030/GBK）/ unknown text encoding")


@lru_cache(maxsize=1 << 14)
def is_heading(line: str) -> Heading | None:
    """A short numbered line that is a title, not a sentence."""
    if "\t" in line:  # a grid row: most lines of a table or form, and nothing to normalise
        return None
    text = normalize(line).strip()
    if (  # the plain tests first: each line of a document is new to the cache, and most stop here
        not text
        or len(text) > 40
        or text.endswith(("。", "；", ";"))
        or text.count("“") != text.count("”")
        or text.count("《") != text.count("》")
        or ("..." in text and _TOC.match(text))  # a contents line: its leaders first
        or _AMOUNT_THEN_CLAUSE.search(text)
    ):
        return None
    for level, pattern in ((1, _H1), (2, _H2), (3, _H3), (4, _H4)):
        m = pattern.match(text)
        if m:
            title = m.group(2).strip().rstrip("：:")
            if level > 1 and not title:
                return None
            if level == 4 and (len(title) > 20 or any(c.isdigit() for c in title[:2])):
                return None
            return Heading(level=level, number=m.group(1), title=title, line=0)
    return None


def read_text(text: str, path: str, sha256: str, encoding: str = "utf-8") -> Disclosure:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    reader = _Reader(lines)
    reader.run()
    reader.attach_contents_notes()
    # trusted: the reader's own models and lists (validating them again copied every list and line)
    doc = trusted(
        Disclosure,
        {
            "schema_": SCHEMA,
            "source": SourceInfo(path=path, sha256=sha256, encoding=encoding, line_count=len(lines)),
            "meta": reader.meta(),
            "toc": reader.toc,
            "headings": reader.headings,
            "paragraphs": reader.paragraphs,
            "tables": reader.tables,
            "statements": [],
            "forms": [],
            "problems": reader.problems,
            "lines": lines,
            "locations": [],
        },
    )
    _scale_to_one_unit(doc)
    _number_unlabelled(doc)
    _extract_forms(doc, reader.form_spans)
    _extract_statements(doc, reader.texts)
    return doc


def _number_unlabelled(doc: Disclosure) -> None:
    """A table that prints no label is called by its kind's number where the document follows the Shanxi
    numbering (every printed label agrees with its kind, T05 = 表5, or a Shanxi document printing none), else by
    its place among the tables. Its `caption` stays None: the number was not printed. (The reader runs before a
    template is chosen, so a template's own numbering is not used here; TBL-003 judges labels by the template.)"""
    printed = [(t.number, t.kind or t.id) for t in doc.tables if t.number is not None]
    by_kind = all(n == _kind_number(k) for n, k in printed) and (bool(printed) or doc.meta.province == "山西")
    for pos, t in enumerate(doc.tables):
        if t.number is None and (by_kind or not printed):
            t.number = (_kind_number(t.kind or t.id) if by_kind else None) or pos + 1
        # else: an unlabelled table among labelled ones (a 会议费 table in the prose) is called by its kind


def _kind_number(kind: str) -> int | None:
    return int(kind[1:]) if kind[1:].isdigit() and int(kind[1:]) <= 13 else None


def _scale_to_one_unit(doc: Disclosure) -> None:
    """Every table amount in one unit, the one most tables print (a 万元 三公 table among 元 tables is scaled
    exactly; the table keeps the unit it printed and a note says so)."""
    units = Counter(t.unit for t in doc.tables if t.unit in UNIT_FACTORS and t.rows)
    if not units:
        return
    money = units.most_common(1)[0][0]
    doc.meta.money_unit = money
    for t in doc.tables:
        if t.unit in UNIT_FACTORS and t.unit != money:
            for row in t.rows:
                row.values = {k: None if v is None else convert(v, t.unit, money) for k, v in row.values.items()}
            doc.problems.append(
                Problem(
                    what=f"table.{t.id}.unit",
                    lines=[t.unit_line or t.title_line],
                    message=f"{_name(t)}以{t.unit}为单位，已换算为{money}与其他表核对",
                )
            )


def _extract_forms(doc: Disclosure, spans: list[tuple[int, int]]) -> None:
    try:
        from gongkai.engine.pipeline.ingest.perf_forms import extract_forms
    except ImportError:
        return
    doc.forms = extract_forms(doc.lines, spans)


def _extract_statements(doc: Disclosure, texts: list[str]) -> None:
    try:
        from gongkai.engine.pipeline.ingest.narrative import extract_statements
    except ImportError:
        return
    doc.statements = extract_statements(doc, texts)


class _Reader:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.toc: list[TocEntry] = []
        self.headings: list[Heading] = []
        self.paragraphs: list[Paragraph] = []
        self.tables: list[Table] = []
        self.problems: list[Problem] = []
        self.form_spans: list[tuple[int, int]] = []
        # each line normalised once (the walk below looks at most lines several times): as printed, and as a
        # plain line when it is a grid row of one cell (_single_cell)
        # normalised by one scan of the document (normalize maps char to char, never to a newline)
        self.normalized = normalize_text("\n".join(lines)).split("\n") if lines else []
        self.texts = list(map(str.strip, self.normalized))
        self.singles = [_single_cell(raw) if "\t" in raw else raw for raw in lines]  # a plain line is its own
        self.single_texts = [
            t if s is raw else normalize(s).strip() for raw, s, t in zip(lines, self.singles, self.texts)
        ]
        self.running = _running_heads(lines, self.single_texts)
        self._empty_reasons: dict[int, Note] = {}
        self._caption: tuple[str, int, int] | None = None  # printed label, its line, its number
        self._grids: dict[int, tuple[list[list[str]], list[tuple[list[str], int]]]] = {}
        # tables read since they were last finished: finished when asked about or at the end, once (a table
        # continued over many pages was otherwise re-finished, all its rows again, after every page)
        self._unfinished: dict[int, Table] = {}
        self._current: Table | None = None
        self._title_line: tuple[str, int] | None = None

    # -- top level -------------------------------------------------------------------------
    def run(self) -> None:
        i, n = 0, len(self.lines)
        while i < n:
            raw = self.singles[i]
            text = self.single_texts[i]
            lineno = i + 1
            if not text or _FOOTER.match(text) or _SEPARATOR.match(text):
                i += 1
                continue
            if (
                self._title_line is None
                and lineno < 20
                and ("预算公开" in text or _COVER_TITLE.match(text))  # '2026年烟台市审计局部门预算' names it too
                and _YEAR.search(text)
            ):
                self._title_line = (text, lineno)
            toc = _TOC.match(text) if "..." in text else None  # its leaders: a quick no for every other line
            if toc:
                page = int(toc.group(2)) if toc.group(2) else None
                self.toc.append(trusted(TocEntry, {"title": squash(toc.group(1)), "page": page, "line": lineno}))
                i += 1
                continue
            if "\t" not in raw:
                label = kinds.split_label(text)
                if label is not None and not label[2]:
                    self._caption = (label[0], lineno, label[1])
                    i += 1
                    continue
                if _FORM_TITLE.search(text):
                    i = self._form(i)
                    continue
                title = _title_of(text, label)
                if title is not None:
                    i = self._table(i, *title)
                    continue
            self._caption = None  # a caption labels only a title that follows it directly
            head = is_heading(raw)
            if head is not None:
                self.headings.append(trusted(Heading, {**head.__dict__, "line": lineno}))  # model_copy is slower
                self._caption = None
                i += 1
                continue
            if "\t" in raw:  # a grid outside any known table (a contents grid, appended material): not prose
                self._contents_row(raw, lineno)
                i += 1
                continue
            i = self._paragraph(i)
        for table in list(self._unfinished.values()):
            self._finish_now(table)

    def meta(self) -> Meta:
        dept_counts = Counter(t.department for t in self.tables if t.department)
        department, dept_line = None, None
        for idx, raw in enumerate(self.lines[:15]):
            text = self.texts[idx]
            named = _COVER_NAMED.match(text)
            if named:  # '预算主管部门：上海市普陀区商务委员会'
                department, dept_line = named.group(1).strip(), idx + 1
                break
            if is_heading(raw):
                continue
            cover = _COVER_TITLE.match(text)
            if cover:  # '国家信访局 年度部门预算' / '2026年深圳市审计局部门预算': the name in the title
                department, dept_line = cover.group(1).strip(), idx + 1
                break
            if (
                text
                and "\t" not in raw
                and "预算" not in text
                and "目" not in text
                and "：" not in text
                and ":" not in text
                and len(text) <= 30
                and not _YEAR.search(text)
                and not _CN_DATE.search(text)
                and not text.isdigit()
            ):
                department, dept_line = text, idx + 1
                break
        if department is None and dept_counts:
            department = dept_counts.most_common(1)[0][0]
            dept_line = next(t.department_line for t in self.tables if t.department == department)
        year = year_line = None
        title = None
        if self._title_line:
            title, year_line = self._title_line
            m = _YEAR.search(title)
            year = int(m.group(1)) if m else None
        if year is None:
            years = Counter(t.year for t in self.tables if t.year)
            if years:
                year = years.most_common(1)[0][0]
        if year is None:  # a cover printing the year on a line of its own ('2026')
            year, year_line = next(
                (
                    (int(normalize(r).strip()), k + 1)
                    for k, r in enumerate(self.lines[:10])
                    if re.fullmatch(r"20\d\d", normalize(r).strip())
                ),
                (None, None),
            )
        province = None
        for name in ("山西", "河北", "山东", "河南", "广东", "江苏", "浙江", "湖北", "湖南", "四川", "陕西"):
            if department and department.startswith(name) or department and department.startswith(name + "省"):
                province = name
        return Meta(
            department=department,
            department_line=dept_line,
            year=year,
            year_line=year_line,
            title=title,
            province=province,
        )

    # -- paragraphs --------------------------------------------------------------------------
    def _paragraph(self, i: int) -> int:
        """Join lines into one paragraph until a sentence ends; blank lines inside a sentence are tolerated."""
        start = i
        parts: list[str] = []
        spans: list[tuple[int, int]] = []
        length = 0  # running length of parts: summing it per line was quadratic
        end = i
        while i < len(self.lines):
            raw = self.lines[i]
            text = self.texts[i]
            if not text or _FOOTER.match(text):
                # a blank line ends the paragraph unless the sentence is visibly unfinished
                if (
                    parts
                    and (len(parts[-1]) >= 30 or re.search("[，、]", parts[-1]))
                    and not parts[-1].endswith(_SENTENCE_END)
                    and self._continues(i)
                ):
                    i += 1
                    continue
                break
            if parts and (is_heading(raw) or "\t" in raw or _starts_table(text) or _FORM_TITLE.search(text)):
                break
            spans.append((i + 1, length))
            parts.append(text)
            length += len(text)
            end = i
            i += 1
        section = self.headings[-1] if self.headings else None
        self.paragraphs.append(
            trusted(  # the values have the field types already
                Paragraph,
                {
                    "text": "".join(parts),
                    "line": start + 1,
                    "end_line": end + 1,
                    "section": section.title if section else "",
                    "section_line": section.line if section else None,
                    "spans": spans,
                },
            )
        )
        return max(i, start + 1)

    def _continues(self, i: int) -> bool:
        """Is the next non-blank line after i plain prose (so a sentence broken by blank lines goes on)?"""
        j = i
        while j < len(self.lines) and not self.texts[j]:
            j += 1
        if j >= len(self.lines) or j - i > 3:
            return False
        raw = self.lines[j]
        text = self.texts[j]
        return not (is_heading(raw) or "\t" in raw or _starts_table(text))

    # -- performance forms ------------------------------------------------------------------
    def _form(self, i: int) -> int:
        """A form runs to the next form title, or the next heading of level ≤ 2."""
        start = i
        i += 1
        while i < len(self.lines):
            raw = self.lines[i]
            text = self.texts[i]
            if "\t" not in raw and _FORM_TITLE.search(text):
                break
            head = is_heading(raw)
            if head is not None and head.level <= 2 and "\t" not in raw:
                break
            i += 1
        end = i
        while end > start + 1 and not self.lines[end - 1].strip():
            end -= 1
        self.form_spans.append((start + 1, end))
        return i

    # -- a contents grid that says why a table is empty ('表9 | … | 是 | 不涉及') -------------------
    def _contents_row(self, raw: str, lineno: int) -> None:
        cells = [normalize(c).strip() for c in raw.split("\t") if c.strip()]
        label = kinds.split_label(cells[0]) if cells else None
        reason = next((c for c in cells[1:] if _EMPTY_REASON.search(c)), None)
        if label is not None and not label[2] and reason:
            self._empty_reasons[label[1]] = Note(text=f"目录：{label[0]} {reason}", line=lineno)

    def attach_contents_notes(self) -> None:
        for t in self.tables:
            note = self._empty_reasons.get(t.number) if t.number is not None else None
            if note is not None and not t.notes:
                t.notes.append(note)

    # -- tables ------------------------------------------------------------------------------
    def _table(self, i: int, kind: str, label: tuple[str, int] | None, title: str) -> int:
        """A table runs from its title to the next title, heading or prose; header rows (before the first data
        row) name the columns, and a title repeated on a continuation page continues the same table."""
        title_line = i + 1
        caption = (label[0], title_line, label[1]) if label else self._caption
        self._caption = None
        ym = _YEAR.search(title)
        table = self._continued(kind, caption, title)
        if table is None:
            table = trusted(  # the values have the field types already
                Table,
                {
                    "id": kind,
                    "kind": kind,
                    "number": caption[2] if caption else None,
                    "title": title,
                    "title_line": title_line,
                    "caption": caption[0] if caption else None,
                    "caption_line": caption[1] if caption else None,
                    "year": int(ym.group(1)) if ym else None,
                    "header": [],
                    "header_lines": [],
                    "columns": [],
                    "column_headers": [],
                    "rows": [],
                    "notes": [],
                    "start_line": caption[1] if caption else title_line,
                    "end_line": title_line,
                },
            )
            header: list[list[str]] = []
            data: list[tuple[list[str], int]] = []
        else:
            header, data = self._grids.pop(id(table))
        self._current = table
        i += 1
        in_data = False
        while i < len(self.lines):
            raw = self.lines[i]
            single = text = self.single_texts[i]
            if single != raw and (
                _starts_table(single)
                or not in_data
                and (_UNIT.search(single) or _DEPT.search(single) or _NOTE.match(single))
            ):
                raw = single  # a title, unit line or note printed inside the grid, not a label-only row
            else:
                text = self.texts[i]
            lineno = i + 1
            if not text or _FOOTER.match(text) or _SEPARATOR.match(text) or text in self.running:
                i += 1
                continue
            if "\t" not in raw or (not in_data and not data and _UNIT.search(text) and not _has_amount(raw)):
                if _NOTE.match(text):
                    table.notes.append(Note(text=text, line=lineno))
                    table.end_line = lineno
                    i += 1
                    continue
                if not in_data and (_DEPT.search(text) or _UNIT.search(text)):
                    self._table_meta(table, text.replace("\t", " "), lineno)
                    i += 1
                    continue
                if (
                    not header
                    and not data
                    and not table.notes
                    and (named := _table_title(text)) is not None
                    and named[0] == kind
                ):
                    # a heading naming the table, then its printed title ('一、收支预算总表' / '2026 年度收支预算总表')
                    table.caption, table.caption_line, table.title = table.title, table.title_line, text
                    table.title_line = table.end_line = lineno
                    ym = _YEAR.search(text)
                    table.year = int(ym.group(1)) if ym else table.year
                    i += 1
                    continue
                if _starts_table(text) or is_heading(raw) or _FORM_TITLE.search(text) or table.notes:
                    break
                if (
                    in_data
                    and len(text) <= 30
                    and not any(p in text for p in "。，；：,;:")
                    and not re.search(r"(说明|情况|概况)$", text)
                ):  # '其他相关情况说明' heads prose
                    # a label-only row whose empty cells (and tabs) the extraction dropped
                    data.append(([text], lineno))
                    table.end_line = lineno
                    i += 1
                    continue
                if in_data or len(text) > 12:
                    break
                # a short stray line before the grid (e.g. a lone label): keep it visible
                self.problems.append(
                    Problem(
                        what=f"table.{table.id}.stray",
                        message=f"{_name(table)}中无法识别的行：{text[:30]}",
                        lines=[lineno],
                    )
                )
                i += 1
                continue
            cells = [c.strip() for c in self.normalized[i].split("\t")]  # raw is the line: tabs kept
            if not in_data and data and cells in header:
                pass  # the header repeated on a continuation page
            elif not in_data and (_is_index_row(cells) or not _is_data_row(cells)):
                if not data:
                    header.append(cells)
                    table.header_lines.append(lineno)
            else:
                in_data = True
                data.append((cells, lineno))
            table.end_line = lineno
            i += 1
        # a title with nothing of a table under it (a contents list naming the tables, then a general note)
        # is a mention, not a table
        if header or data or table.unit_line or table.department_line:
            self._grids[id(table)] = (header, data)
            if not any(t is table for t in self.tables):  # by identity: == compares every row
                self.tables.append(table)
            self._unfinished[id(table)] = table
        return i

    def _continued(self, kind: str, caption: tuple[str, int, int] | None, title: str) -> Table | None:
        """The table this title continues: the same kind already read, under the same printed number if any."""
        for t in self.tables:
            if t.kind == kind and (caption is None or t.number in (None, caption[2])) and self._has_content(t):
                return t
        return None

    def _has_content(self, table: Table) -> bool:
        """`table.rows or table.header` as they are once the table read so far is finished."""
        if id(table) in self._unfinished:
            if self._grids[id(table)][0]:
                return True  # its header rows: _finish keeps them as table.header
            self._finish_now(table)
        return bool(table.rows or table.header)

    def _finish_now(self, table: Table) -> None:
        del self._unfinished[id(table)]
        self._finish(table, *self._grids[id(table)])

    def _finish(self, table: Table, header: list[list[str]], data: list[tuple[list[str], int]]) -> None:
        table.header = header  # as printed, with a column-index row (1 2 3 …) if any
        header = [h for h in header if not _is_index_row(h)]
        year = table.year or max(
            (int(y) for h in header for c in h for y in re.findall(r"(20\d\d)年", c)), default=None
        )
        cols = grid.columns_for(table.kind or table.id, header, [c for c, _ in data], year)
        table.columns = [c.role or "" for c in cols]
        table.column_headers = ["/".join(c.path) for c in cols]
        joiner = grid.CodeJoiner()
        rows = []
        for cells, lineno in data:
            while cells and not cells[-1]:
                cells = cells[:-1]
            if not cells or _is_index_row(cells):
                continue
            if len(cells) == 1 and len(cols) > 1 and not any(c.text for c in cols[:1]):
                continue
            rows.append(grid.make_row(cols, cells, lineno, joiner))
        if (table.kind or table.id) == "T10":
            across = grid.transpose_sangong(cols, rows)
            if across is not None:
                rows = across
                table.columns = ["名称", "合计"]
            else:
                grid.name_sangong_rows(rows, year)
        table.rows = rows

    def _table_meta(self, table: Table, text: str, lineno: int) -> None:
        d = _DEPT.search(text)
        if d:
            table.department = re.sub(r"\s+(?:金额)?单位\s*[:：].*$", "", d.group(1)).strip()
            table.department_line = lineno
        u = _UNIT.search(text)
        if u:
            table.unit = u.group(1)
            table.unit_line = lineno
        table.end_line = lineno


def _name(table: Table) -> str:
    return table.caption or table.title


def _table_title(text: str) -> tuple[str, tuple[str, int] | None, str] | None:
    """(kind, printed label, title) when a line is a table title, with its label inline or not."""
    return _title_of(text, kinds.split_label(text))


def _title_of(text: str, label: tuple[str, int, str] | None) -> tuple[str, tuple[str, int] | None, str] | None:
    """_table_title, given the line's label (kinds.split_label) found already."""
    if label is not None and label[2]:
        kind = kinds.identify(label[2])
        return (kind, (label[0], label[1]), label[2]) if kind else None
    kind = kinds.identify(text)
    return (kind, None, text) if kind else None


def _starts_table(text: str) -> bool:
    """A caption, a table title, or a labelled title of a table no kind names ('预算11表 项目支出绩效目标表')."""
    return kinds.split_label(text) is not None or kinds.identify(text) is not None  # no label: titled by its words


def _running_heads(lines: list[str], single_texts: list[str]) -> set[str]:
    """Running page headers ('苏州市审计局2026年度部门预算公开' atop every page): a line of its own printed on
    three or more pages that is no title, heading, caption or note. Inside a table they are skipped."""
    counts = Counter(compress(single_texts, map(str.strip, lines)))  # the lines not blank
    return {
        text
        for text, n in counts.items()
        if n >= 3
        and 8 <= len(text) <= 40
        and "\t" not in text
        and not _starts_table(text)
        and not is_heading(text)
        and not _NOTE.match(text)
        and not _DATA_LABEL.match(text)
        and try_amount(text) is None
        and not _DEPT.search(text)
        and not _UNIT.search(text)
    }


def _single_cell(raw: str) -> str:
    """A grid row with one filled cell that is not an amount is a plain line: a title, a caption or a unit
    line printed inside a spreadsheet-like page ('\t预算01表 收支总表\t\t')."""
    if "\t" not in raw:
        return raw
    # the line stripped: with a tab left in it, two cells are filled (the first and the last); without, it is
    # the one filled cell (the blank cells and their tabs are stripped with it), or nothing
    filled = raw.strip()
    if filled and "\t" not in filled and try_amount(filled) is None and not grid.CODE.match(filled):
        return filled
    return raw


def _has_amount(raw: str) -> bool:
    return any(try_amount(c.strip()) is not None for c in raw.split("\t"))


_YEAR_ONLY = re.compile(r"20\d{2}")
_INDEX_MARK = re.compile(r"^(栏次|行次|栏|序号|\*+|—+|-+)$")


def _is_index_row(cells: list[str]) -> bool:
    """The column-number row under a header ('1 2 3 …', '栏次 | 1 | 2', '** | ** | 1 | 2')."""
    nums: list[str] = []
    marks = 0
    for c in cells:
        if not c:
            continue
        if _INDEX_MARK.match(c.replace(" ", "")):
            marks += 1
        elif c.isdigit():
            nums.append(c)
        else:
            return False  # a label or an amount: most rows stop at their first cell
    if not nums or [int(c) for c in nums] != list(range(int(nums[0]), int(nums[0]) + len(nums))):
        return False
    return len(nums) >= 3 or bool(marks) and nums[0] == "1"


def _is_data_row(cells: list[str]) -> bool:
    """A row with an amount or a classification code; or a label-only row (合计 / 因公出国…) with nothing else
    in it — a header row names several columns."""
    if any(
        try_amount(c) is not None
        and not _YEAR_ONLY.fullmatch(c)
        and (not grid.CODE.match(c.replace(" ", "")) or "." in c)
        for c in cells
    ):
        return True
    first = next((c for c in cells if c), "")
    words = [c for c in cells if c]
    return bool(grid.CODE.match(first.replace(" ", "")) or _DATA_LABEL.match(first) and len(words) <= 2)
