"""What the PDF, DOCX and XLSX renderers share: a disclosure cut into printable blocks.

The source is the disclosure's own text (`doc.lines` when it was read from a file, else its text
rendering), so the three formats print exactly what the text layout says. Blocks:
- `Text`: consecutive non-blank lines (each a hard line), styled by what the first one is;
- `Grid`: consecutive tab-separated lines (blank lines inside a grid are dropped), padded to one width,
  with merges: a header label over empty cells spans them (down when the cell below is empty, across
  when the row below has labels there); a long text in a form row spans the empty cells after it.
`Part`s say which table or form a line belongs to (the XLSX renderer gives each its own sheet).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gongkai.engine.pipeline import kinds
from gongkai.engine.pipeline.ingest.text import _FORM_TITLE, _SEPARATOR, _TOC, is_heading, read_text
from gongkai.engine.pipeline.model import Disclosure
from gongkai.engine.pipeline.numbers import normalize

_AMOUNT = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


@dataclass
class Text:
    lines: list[str]
    styles: list[str]  # per line: cover, title, heading, caption, meta, note, body
    first: int  # 1-based line number of the first line

    @property
    def style(self) -> str:
        return self.styles[0]


@dataclass
class Grid:
    rows: list[list[str]]
    header: int  # number of leading header rows
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # (row, col, last_row, last_col)
    first: int = 0
    form: bool = False  # a performance form grid (no template columns)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass
class Part:
    kind: str  # "front", "table", "form", "text"
    name: str  # sheet name: 表10, 绩效表1, 说明2 …
    blocks: list[Text | Grid]


def source(doc: Disclosure) -> tuple[list[str], Disclosure]:
    """The lines to print and the disclosure read from exactly those lines (for spans and header rows).

    A disclosure read from a file prints its own lines (the text layout, whatever the file's format);
    one built in memory (tests, strategies) is written by the text renderer first."""
    if doc.lines:
        return doc.lines, doc
    from gongkai.engine.publish.disclosure_text import render_text

    located = read_text(render_text(doc), doc.source.path, doc.source.sha256)
    return located.lines, located


def is_amount(text: str) -> bool:
    """A figure worth storing as a number: has a decimal point or thousands separators (codes and years stay text)."""
    return bool(_AMOUNT.match(text)) and ("." in text or "," in text)


def parts(doc: Disclosure) -> list[Part]:
    lines, located = source(doc)
    owner: dict[int, tuple[str, str]] = {}
    for t in located.tables:
        for n in range(t.start_line, t.end_line + 1):
            owner[n] = ("table", f"表{t.number}")
    for k, f in enumerate(located.forms, 1):
        for n in range(f.title_line, f.end_line + 1):
            owner[n] = ("form", f"绩效表{k}")
    header_lines = {n for t in located.tables for n in t.header_lines}
    groups: list[tuple[tuple[str, str], list[int]]] = []
    for n in range(1, len(lines) + 1):
        key = owner.get(n)
        if key is None:
            if not lines[n - 1].strip() and groups:  # blank lines stay with what they follow
                groups[-1][1].append(n)
                continue
            key = ("text", "")
        if groups and groups[-1][0] == key:
            groups[-1][1].append(n)
        else:
            groups.append((key, [n]))
    result: list[Part] = []
    n_text = 0
    for (kind, name), numbers in groups:
        if not any(lines[n - 1].strip() for n in numbers):
            continue
        if kind == "text":
            n_text += 1
            kind, name = ("front", "封面目录") if not result else ("text", f"说明{n_text}")
        result.append(Part(kind, name, _blocks(lines, numbers, header_lines, kind == "form")))
    return result


def _blocks(lines: list[str], numbers: list[int], header_lines: set[int], form: bool) -> list[Text | Grid]:
    blocks: list[Text | Grid] = []
    text: list[str] = []
    styles: list[str] = []
    text_first = 0
    grid: list[tuple[int, list[str]]] = []

    def end_text() -> None:
        nonlocal text, styles
        if text:
            blocks.append(Text(text, styles, text_first))
            text, styles = [], []

    def end_grid() -> None:
        nonlocal grid
        if grid:
            blocks.append(make_grid([c for _, c in grid], sum(n in header_lines for n, _ in grid), grid[0][0], form))
            grid = []

    for n in numbers:
        raw = lines[n - 1]
        plain = normalize(raw).strip()
        if not plain or _SEPARATOR.match(plain):
            end_text()
            continue  # a blank line inside a grid does not end it
        if "\t" in raw and not _TOC.match(plain):
            end_text()
            grid.append((n, [normalize(c).strip() for c in raw.split("\t")]))
            continue
        end_grid()
        if not text:
            text_first = n
        text.append(" ".join(raw.split("\t")).strip() if "\t" in raw else raw.strip())
        styles.append(_style(raw, n))
    end_text()
    end_grid()
    return blocks


def _style(line: str, number: int) -> str:
    plain = normalize(line).strip()
    label = kinds.split_label(plain)
    if label is not None and not label[2]:
        return "caption"
    if kinds.identify(plain) or _FORM_TITLE.search(plain):
        return "title"
    if is_heading(line):
        return "heading"
    if plain.startswith(("部门名称", "单位：", "单位:")):
        return "meta"
    if re.match(r"^(注|说明)\s*[:：]", plain):
        return "note"
    if number <= 15 and len(plain) <= 30 and not _TOC.match(plain):
        return "cover"
    return "body"


def make_grid(rows: list[list[str]], header: int, first: int, form: bool) -> Grid:
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    covered: set[tuple[int, int]] = set()
    merges: list[tuple[int, int, int, int]] = []
    for r in range(header):
        for c in range(width):
            if not rows[r][c] or (r, c) in covered:
                continue
            down = r
            while down + 1 < header and not rows[down + 1][c] and (down + 1, c) not in covered:
                down += 1
            right = c
            if down == r and r + 1 < header:  # a group label: spans the empty cells whose sub-labels sit below
                while (
                    right + 1 < width
                    and not rows[r][right + 1]
                    and rows[r + 1][right + 1]
                    and (r, right + 1) not in covered
                ):
                    right += 1
            if down > r or right > c:
                merges.append((r, c, down, right))
                covered |= {(i, j) for i in range(r, down + 1) for j in range(c, right + 1)}
    if form:
        for r in range(header, len(rows)):
            for c in range(width):
                if len(rows[r][c]) < 24 or (r, c) in covered:
                    continue
                right = c
                while right + 1 < width and not rows[r][right + 1] and (r, right + 1) not in covered:
                    right += 1
                if right > c:
                    merges.append((r, c, r, right))
                    covered |= {(r, j) for j in range(c, right + 1)}
    return Grid(rows, header, merges, first, form)
