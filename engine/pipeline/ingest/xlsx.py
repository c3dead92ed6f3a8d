"""XLSX reader: openpyxl (read-only) rows as the text layout, sheet after sheet.

A row is a table row (tab-joined cells) when it has two or more filled cells or a bordered cell; a row
with one filled, unbordered cell is a line of text (a title, 部门名称, 单位, a note); an empty row is a
blank line, and so is the gap between sheets. Merged cells need no work: only their top-left cell
holds a value, which is exactly how the text layout writes merged headers.

Numbers: openpyxl gives floats for numeric cells. They are turned into Decimal through `repr` (the
shortest exact decimal) and printed the way the cell's number format shows them (two decimals,
thousands separators) — what the reader of the spreadsheet sees, never a binary float.
Locations: `表10!A5` for a text line, `表10!A5:E5` for a table row.
"""

from __future__ import annotations

import datetime
import io
import re
import time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from gongkai.engine.pipeline.ingest import limits
from gongkai.engine.pipeline.ingest.limits import describe
from gongkai.engine.pipeline.ingest.text import ReadError
from gongkai.engine.pipeline.model import Loc, Problem

_PLAIN_SHEET = re.compile(r"^[\w\u4e00-\u9fff]+$")


def read_xlsx(data: bytes) -> tuple[list[str], list[Loc], list[Problem]]:
    import openpyxl

    missing = uncached_formulas(data)
    if missing:
        where = "、".join(missing[:3]) + ("…" if len(missing) > 3 else "")
        raise ReadError(
            f"{len(missing)} 个公式单元格没有计算结果（{where}）：请用 Excel/WPS 打开并保存后再检查 / "
            "formula cells without computed values (the file was written by a program and never "
            "recalculated): open and save it in a spreadsheet application first"
        )

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken package
        raise ReadError(f"Excel 文件已损坏，无法解析 / corrupt XLSX: {describe(exc)}") from exc
    lines: list[str] = []
    locs: list[Loc] = []
    problems: list[Problem] = []
    lim = limits.LIMITS
    rows_seen = steps = 0
    deadline = time.monotonic() + lim.max_seconds
    try:
        for ws in wb.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                continue
            sheet = ws.title if _PLAIN_SHEET.match(ws.title) else "'" + ws.title.replace("'", "''") + "'"
            block: list[tuple[int, list]] = []  # consecutive table rows: their leading empty columns go together
            gaps: list = []  # openpyxl yields one shared tuple for every missing row
            # a declared dimension of A1:XFD1048576 must not make every row 16,384 cells wide
            width = min(ws.max_column or lim.max_columns, lim.max_columns)
            height = min(ws.max_row or lim.max_rows, lim.max_rows)
            if (ws.max_row or 0) > height:
                problems.append(
                    Problem(
                        what="xlsx.rows",
                        message=f"工作表 {ws.title} 第 {height} 行以后未读取（上限 {height} 行，GONGKAI_MAX_ROWS）",
                    )
                )
            for r, row in enumerate(ws.iter_rows(max_row=height, max_col=width), 1):  # from row 1, column A
                steps += 1
                if steps % 4096 == 0 and time.monotonic() > deadline:
                    raise ReadError(f"Excel 读取超时（{lim.max_seconds} 秒）/ reading the workbook took too long")
                filled = [] if any(row is g for g in gaps) else [c for c in row if _text(c)]
                if not filled:
                    if len(gaps) < 4 and not any(row is g for g in gaps):
                        gaps.append(row)  # strong references: identity stays meaningful
                    _flush(block, sheet, lines, locs)
                    block = []
                    if lines and lines[-1] != "":  # runs of empty rows are one blank line
                        lines.append("")
                        locs.append(Loc(cell=f"{sheet}!A{r}"))
                    continue
                rows_seen += 1
                if rows_seen > lim.max_rows:
                    raise ReadError(f"Excel 行数过多（上限 {lim.max_rows}）/ too many rows")
                if len(filled) >= 2 or _bordered(filled[0]):
                    block.append((r, list(row)))
                    continue
                _flush(block, sheet, lines, locs)
                block = []
                lines.append(_text(filled[0]))
                locs.append(Loc(cell=f"{sheet}!{filled[0].coordinate}"))
            _flush(block, sheet, lines, locs)
            lines.append("")
            locs.append(Loc(cell=f"{sheet}!A1"))
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError(f"Excel 内容无法解析 / corrupt XLSX content: {describe(exc)}") from exc
    finally:
        wb.close()
    return lines, locs, problems


_SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$")
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def uncached_formulas(data: bytes) -> list[str]:
    """`sheet1.xml!B5` for every formula cell that has no cached value (`<f>` without `<v>`): read with
    data_only, such a cell is empty, and a table of formulas would look like an empty table."""
    import xml.etree.ElementTree as ET
    import zipfile

    found: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:  # members already proven honest by limits.open_zip
        for name in sorted(n for n in zf.namelist() if _SHEET_PART.match(n)):
            with zf.open(name) as fh:
                if b"<f" not in fh.read():  # most sheets have no formula at all
                    continue
            with zf.open(name) as fh:
                try:
                    for _, el in ET.iterparse(fh):
                        if el.tag == _NS + "c":
                            f, v = el.find(_NS + "f"), el.find(_NS + "v")
                            if f is not None and (v is None or not (v.text or "").strip()):
                                found.append(f"{name.rsplit('/', 1)[-1]}!{el.get('r', '?')}")
                            el.clear()
                except ET.ParseError:
                    return found  # openpyxl reports the broken sheet itself
    return found


def _flush(block: list[tuple[int, list]], sheet: str, lines: list[str], locs: list[Loc]) -> None:
    """Write a run of table rows, dropping the empty columns left of the table (it may start in column B)."""
    from openpyxl.utils import get_column_letter

    if not block:
        return
    start = min(next(i for i, c in enumerate(cells) if _text(c)) for _, cells in block)
    # the table is as wide as its widest row, counting bordered empty cells: an empty last column stays a column
    end = max(max((i + 1 for i, c in enumerate(cells) if _text(c) or _bordered(c)), default=0) for _, cells in block)
    for r, cells in block:
        texts = [_text(c) for c in cells[start:end]]
        texts += [""] * (end - start - len(texts))
        first = get_column_letter(start + 1)
        ref = f"{first}{r}" if len(texts) <= 1 else f"{first}{r}:{get_column_letter(start + len(texts))}{r}"
        lines.append("\t".join(texts))
        locs.append(Loc(cell=f"{sheet}!{ref}"))


def _bordered(cell) -> bool:
    try:
        b = cell.border
    except Exception:  # an EmptyCell or a style index out of range
        return False
    if b is None:  # cells without a style record
        return False
    return any(getattr(side, "style", None) for side in (b.left, b.right, b.top, b.bottom))


def _text(cell) -> str:
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        return number_text(value, getattr(cell, "number_format", "General") or "General")
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.strftime("%Y-%m-%d")
    text = str(value)
    # wrapped text inside a cell carries no meaning; tabs would split the cell
    return "".join(p.strip() for p in text.replace("\r", "\n").split("\n")).replace("\t", " ").strip()


def number_text(value: int | float, fmt: str) -> str:
    """The number as the cell's format displays it, computed in Decimal (repr is the shortest exact decimal)."""
    try:
        d = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
    except InvalidOperation:
        return str(value)  # inf / nan: show what is there
    if not d.is_finite():
        return str(value)
    section = fmt.split(";")[0]
    percent = "%" in section
    if percent:
        d *= 100
    m = re.search(r"0(?:\.(0+))?", section)
    if m and section.lower() != "general":
        places = len(m.group(1) or "")
        d = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        text = f"{d:,.{places}f}" if "," in section else f"{d:.{places}f}"
    else:
        # General: drop float noise (0.30000000000000004) and a trailing .0, never use exponents
        d = d.quantize(Decimal("1e-10"), rounding=ROUND_HALF_UP).normalize()
        text = f"{d:f}"
    return text + ("%" if percent else "")
