"""Write a `Disclosure` as an Excel workbook the way budget tables are published: one sheet per table
(表1 … 表13, its caption, centred title, 部门名称/单位 and notes around a bordered grid with merged header
cells), one per performance form (绩效表N), and the cover and narrative on their own sheets.

Amounts are numeric cells with the number format that shows them as the text does (two decimals,
thousands separators where the text had them), written from Decimal; codes, years and counts stay text.
Text lines are unbordered single cells merged across the sheet, which is how the reader
(engine/pipeline/ingest/xlsx.py) tells them from table rows.
"""

from __future__ import annotations

import io
from decimal import Decimal

from gongkai.engine.pipeline.model import Disclosure
from gongkai.engine.publish._layout import Grid, Text, is_amount, parts


def render_xlsx(doc: Disclosure) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.worksheets[0])  # a new workbook starts with one empty sheet
    used: set[str] = set()
    for part in parts(doc):
        name = part.name[:31]
        k = 2
        while name in used:
            name = f"{part.name[:28]}_{k}"
            k += 1
        used.add(name)
        _sheet(wb.create_sheet(name), part.blocks)
    if not wb.worksheets:
        wb.create_sheet("空")
    wb.properties.title = doc.meta.title or "部门预算公开"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def number(text: str) -> tuple[Decimal, str]:
    """The Decimal value and the number format that displays it exactly as `text`."""
    places = len(text.split(".")[1]) if "." in text else 0
    fmt = ("#,##0" if "," in text else "0") + ("." + "0" * places if places else "")
    return Decimal(text.replace(",", "")), fmt


def _sheet(ws, blocks: list[Text | Grid]) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    width = max([b.width for b in blocks if isinstance(b, Grid)] or [6])
    widths = [6.0] * width
    r = 1
    for block in blocks:
        if r > 1:
            r += 1  # a blank row between blocks
        if isinstance(block, Text):
            for line, style in zip(block.lines, block.styles):
                cell = ws.cell(row=r, column=1, value=line)
                centred = style in ("cover", "title")
                cell.font = Font(
                    name="宋体",
                    size=16 if style == "cover" else 13 if style == "title" else 10.5,
                    bold=style in ("cover", "title", "heading"),
                )
                cell.alignment = Alignment(
                    horizontal="center" if centred else "left", vertical="center", wrap_text=True
                )
                if width > 1:
                    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
                chars = sum(2 if ord(ch) > 255 else 1 for ch in line)
                lines = max(1, -(-chars // int(sum(widths) or 1)))
                if lines > 1:
                    ws.row_dimensions[r].height = 15 * lines
                r += 1
            continue
        merged_into = {
            (i, j)
            for a, b, a2, b2 in block.merges
            for i in range(a, a2 + 1)
            for j in range(b, b2 + 1)
            if (i, j) != (a, b)
        }
        for i, row in enumerate(block.rows):
            for j in range(block.width):
                text = row[j] if j < len(row) else ""
                cell = ws.cell(row=r + i, column=j + 1)
                cell.border = border
                if (i, j) in merged_into or not text:
                    continue
                if i >= block.header and is_amount(text):
                    cell.value, cell.number_format = number(text)
                    cell.alignment = Alignment(horizontal="right", vertical="center")
                else:
                    cell.value = text
                    cell.alignment = Alignment(
                        horizontal="center" if i < block.header else "left", vertical="center", wrap_text=True
                    )
                    if i < block.header:
                        cell.font = Font(bold=True)
                widths[j] = min(max(widths[j], sum(2 if ord(ch) > 255 else 1 for ch in text) * 1.1), 50)
        for a, b, a2, b2 in block.merges:
            ws.merge_cells(start_row=r + a, start_column=b + 1, end_row=r + a2, end_column=b2 + 1)
        r += len(block.rows)
    for j, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(j)].width = w
