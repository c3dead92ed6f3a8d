"""Reader for text extractions of published disclosures (the layout of the Shanxi sample).

Tables are tab-separated rows under a title line; prose is paragraphs under numbered headings;
performance forms are tab-separated grids under a "…绩效目标申报表" title. The reader walks the lines
once, classifying each, and never raises on odd input: what it cannot place becomes a `Problem`.
"""
from __future__ import annotations

import re
from functools import lru_cache
from collections import Counter

from engine import layouts
from engine.model import (Disclosure, Heading, Meta, Note, Paragraph, Problem, Row, SourceInfo, Table,
                          TocEntry)
from engine.numbers import normalize, squash, try_amount

_CN_NUM = "一二三四五六七八九十百零"
_H1 = re.compile(r"^(第[%s]+部分)\s*(.*)$" % _CN_NUM)
_H2 = re.compile(r"^([%s]+)、\s*(.+)$" % _CN_NUM)
_H3 = re.compile(r"^[（(]([%s]+)[）)]\s*(.+)$" % _CN_NUM)
_H4 = re.compile(r"^(\d{1,2})[、.．]\s*(\D.*)$")
_TOC = re.compile(r"^(.+?)\s*\.{3,}\s*(\d+)?\s*$")
_FOOTER = re.compile(r"^\s*([-—–－]+\s*\d+\s*[-—–－]+|第\s*\d+\s*页(\s*[,，]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)\s*$")
_SEPARATOR = re.compile(r"^[\s\-—=|:]+$")
_CAPTION = re.compile(r"^\s*(预算公开表|部门公开表|公开表|附表)\s*(\d+)\s*$")
_DEPT = re.compile(r"部门名称\s*[:：]\s*(.+?)(?:\s+单位\s*[:：].*)?$")
_UNIT = re.compile(r"单位\s*[:：]\s*(万元|元|亿元|千元)")
_YEAR = re.compile(r"(20\d{2})\s*年")
_CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")
# 三公 item labels too: a leading item with no budget (因公出国 = 0) prints as a label-only row, not a header
_DATA_LABEL = re.compile(r"^(合计|总计|小计|本年|上年|收入总计|支出总计|部门合计|因公出国|公务接待|公务用车|[①②]|[%s]+、)"
                         % _CN_NUM)
_NOTE = re.compile(r"^\s*(注|说明)\s*[:：]")
_FORM_TITLE = re.compile(r"绩效目标申报表")
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
    text = normalize(line).strip()
    if (not text or "\t" in line or _TOC.match(text) or len(text) > 40 or text.endswith(("。", "；", ";"))
            or text.count("“") != text.count("”") or text.count("《") != text.count("》")):
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
    doc = Disclosure(source=SourceInfo(path=path, sha256=sha256, encoding=encoding, line_count=len(lines)),
                     meta=reader.meta(), toc=reader.toc, headings=reader.headings, paragraphs=reader.paragraphs,
                     tables=reader.tables, problems=reader.problems, lines=lines)
    _extract_forms(doc, reader.form_spans)
    _extract_statements(doc)
    return doc


def _extract_forms(doc: Disclosure, spans: list[tuple[int, int]]) -> None:
    try:
        from engine.ingest.perf_forms import extract_forms
    except ImportError:
        return
    doc.forms = extract_forms(doc.lines, spans)


def _extract_statements(doc: Disclosure) -> None:
    try:
        from engine.ingest.narrative import extract_statements
    except ImportError:
        return
    doc.statements = extract_statements(doc)


class _Reader:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.toc: list[TocEntry] = []
        self.headings: list[Heading] = []
        self.paragraphs: list[Paragraph] = []
        self.tables: list[Table] = []
        self.problems: list[Problem] = []
        self.form_spans: list[tuple[int, int]] = []
        self._caption: tuple[str, int] | None = None
        self._title_line: tuple[str, int] | None = None

    # -- top level -------------------------------------------------------------------------
    def run(self) -> None:
        i, n = 0, len(self.lines)
        while i < n:
            raw = self.lines[i]
            text = normalize(raw).strip()
            lineno = i + 1
            if not text or _FOOTER.match(text) or _SEPARATOR.match(text):
                i += 1
                continue
            if self._title_line is None and lineno < 20 and "预算公开" in text and _YEAR.search(text):
                self._title_line = (text, lineno)
            toc = _TOC.match(text)
            if toc:
                self.toc.append(TocEntry(title=squash(toc.group(1)), page=int(toc.group(2)) if toc.group(2) else None,
                                         line=lineno))
                i += 1
                continue
            cap = _CAPTION.match(text)
            if cap:
                self._caption = (text, lineno)
                i += 1
                continue
            if "\t" not in raw and _FORM_TITLE.search(text):
                i = self._form(i)
                continue
            spec = layouts.identify(text) if "\t" not in raw else None
            if spec is not None and not any(t.id == spec.id for t in self.tables):
                i = self._table(i, spec)
                continue
            self._caption = None      # a caption labels only a title that follows it directly
            head = is_heading(raw)
            if head is not None:
                self.headings.append(head.model_copy(update={"line": lineno}))
                self._caption = None
                i += 1
                continue
            if "\t" in raw:        # a grid outside any known table (appended material): not prose
                i += 1
                continue
            i = self._paragraph(i)

    def meta(self) -> Meta:
        dept_counts = Counter(t.department for t in self.tables if t.department)
        department, dept_line = None, None
        for idx, raw in enumerate(self.lines[:15]):
            text = normalize(raw).strip()
            if (text and "\t" not in raw and "预算" not in text and "目" not in text and "：" not in text
                    and ":" not in text and len(text) <= 30 and not _YEAR.search(text)):
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
        province = None
        for name in ("山西", "河北", "山东", "河南", "广东", "江苏", "浙江", "湖北", "湖南", "四川", "陕西"):
            if department and department.startswith(name) or department and department.startswith(name + "省"):
                province = name
        return Meta(department=department, department_line=dept_line, year=year, year_line=year_line,
                    title=title, province=province)

    # -- paragraphs --------------------------------------------------------------------------
    def _paragraph(self, i: int) -> int:
        """Join lines into one paragraph until a sentence ends; blank lines inside a sentence are tolerated."""
        start = i
        parts: list[str] = []
        spans: list[tuple[int, int]] = []
        length = 0                      # running length of parts: summing it per line was quadratic
        end = i
        while i < len(self.lines):
            raw = self.lines[i]
            text = normalize(raw).strip()
            if not text or _FOOTER.match(text):
                # a blank line ends the paragraph unless the sentence is visibly unfinished
                if parts and len(parts[-1]) >= 30 and not parts[-1].endswith(_SENTENCE_END) and self._continues(i):
                    i += 1
                    continue
                break
            if parts and (is_heading(raw) or "\t" in raw or _CAPTION.match(text) or layouts.identify(text)
                          or _FORM_TITLE.search(text)):
                break
            spans.append((i + 1, length))
            parts.append(text)
            length += len(text)
            end = i
            i += 1
        section = self.headings[-1] if self.headings else None
        self.paragraphs.append(Paragraph(text="".join(parts), line=start + 1, end_line=end + 1,
                                         section=section.title if section else "",
                                         section_line=section.line if section else None, spans=spans))
        return max(i, start + 1)

    def _continues(self, i: int) -> bool:
        """Is the next non-blank line after i plain prose (so a sentence broken by blank lines goes on)?"""
        j = i
        while j < len(self.lines) and not normalize(self.lines[j]).strip():
            j += 1
        if j >= len(self.lines) or j - i > 3:
            return False
        raw = self.lines[j]
        text = normalize(raw).strip()
        return not (is_heading(raw) or "\t" in raw or _CAPTION.match(text) or layouts.identify(text))

    # -- performance forms ------------------------------------------------------------------
    def _form(self, i: int) -> int:
        """A form runs to the next form title, or the next heading of level ≤ 2."""
        start = i
        i += 1
        while i < len(self.lines):
            raw = self.lines[i]
            text = normalize(raw).strip()
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

    # -- tables ------------------------------------------------------------------------------
    def _table(self, i: int, spec: layouts.TableSpec) -> int:
        title = normalize(self.lines[i]).strip()
        title_line = i + 1
        caption, caption_line = self._caption or (None, None)
        self._caption = None
        ym = _YEAR.search(title)
        table = Table(id=spec.id, number=spec.number, title=title, title_line=title_line, caption=caption,
                      caption_line=caption_line, year=int(ym.group(1)) if ym else None,
                      columns=spec.column_names, start_line=caption_line or title_line, end_line=title_line)
        i += 1
        in_data = False
        while i < len(self.lines):
            raw = self.lines[i]
            text = normalize(raw).strip()
            lineno = i + 1
            if not text or _FOOTER.match(text) or _SEPARATOR.match(text):
                i += 1
                continue
            if "\t" not in raw:
                if _NOTE.match(text):
                    table.notes.append(Note(text=text, line=lineno))
                    table.end_line = lineno
                    i += 1
                    continue
                if not in_data and (_DEPT.search(text) or _UNIT.search(text)):
                    self._table_meta(table, text, lineno)
                    i += 1
                    continue
                if (_CAPTION.match(text) or layouts.identify(text) or is_heading(raw) or _FORM_TITLE.search(text)
                        or table.notes):
                    break
                if in_data and len(text) <= 30 and not any(p in text for p in "。，；：,;:"):
                    # a label-only row whose empty cells (and tabs) the extraction dropped
                    row = self._row(spec, [text], lineno)
                    if row is not None:
                        table.rows.append(row)
                    table.end_line = lineno
                    i += 1
                    continue
                if in_data or len(text) > 12:
                    break
                # a short stray line before the grid (e.g. a lone label): keep it visible
                self.problems.append(Problem(what=f"table.{spec.id}.stray",
                                             message=f"表{spec.number}中无法识别的行：{text[:30]}", lines=[lineno]))
                i += 1
                continue
            cells = [normalize(c).strip() for c in raw.split("\t")]
            if not in_data and _is_index_row(cells):
                table.header.append(cells)
                table.header_lines.append(lineno)
            elif not in_data and not _is_data_row(cells):
                table.header.append(cells)
                table.header_lines.append(lineno)
            else:
                in_data = True
                row = self._row(spec, cells, lineno)
                if row is not None:
                    table.rows.append(row)
            table.end_line = lineno
            i += 1
        self.tables.append(table)
        return i

    def _table_meta(self, table: Table, text: str, lineno: int) -> None:
        d = _DEPT.search(text)
        if d:
            table.department = d.group(1).strip()
            table.department_line = lineno
        u = _UNIT.search(text)
        if u:
            table.unit = u.group(1)
            table.unit_line = lineno
        table.end_line = lineno

    def _row(self, spec: layouts.TableSpec, cells: list[str], lineno: int) -> Row | None:
        while cells and not cells[-1]:
            cells = cells[:-1]
        if not cells:
            return None
        names = spec.column_names
        if len(cells) > len(names):
            self.problems.append(Problem(what=f"table.{spec.id}.columns",
                                         message=f"表{spec.number}第{lineno}行有 {len(cells)} 列，模板只有 {len(names)} 列",
                                         lines=[lineno]))
        texts: dict[str, str] = {}
        values: dict[str, object] = {}
        for (col, kind), cell in zip(spec.columns, cells + [""] * (len(names) - len(cells))):
            if kind == layouts.TEXT:
                texts[col] = re.sub(r"\s+", "", cell) if col.endswith("编码") else cell
                continue
            value = try_amount(cell)
            if cell and value is None:
                self.problems.append(Problem(what=f"table.{spec.id}.amount",
                                             message=f"表{spec.number}第{lineno}行“{col}”不是金额：{cell}",
                                             lines=[lineno]))
            values[col] = value
        code = texts.get(spec.code_column) if spec.code_column else None
        if code is not None and not _CODE.match(code):
            code = None
        name = texts.get("科目名称") or texts.get(spec.name_column or "", "") or next(
            (v for v in texts.values() if v and not _CODE.match(v)), "")
        return Row(line=lineno, cells=cells, code=code or None, name=name, texts=texts, values=values)


def _is_index_row(cells: list[str]) -> bool:
    nums = [c for c in cells if c]
    return len(nums) >= 3 and all(c.isdigit() for c in nums) and [int(c) for c in nums] == list(
        range(int(nums[0]), int(nums[0]) + len(nums)))


def _is_data_row(cells: list[str]) -> bool:
    first = cells[0] if cells else ""
    if _CODE.match(first.replace(" ", "")) or _DATA_LABEL.match(first):
        return True
    return any(try_amount(c) is not None and not re.fullmatch(r"20\d{2}", c) for c in cells)
