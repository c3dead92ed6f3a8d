"""Write a `Disclosure` as a Word document laid out like a published one: centred cover and table titles,
headings, paragraphs, captions, 部门名称/单位 lines, bordered tables ("Table Grid") with merged header
cells, notes under tables.

One text block is one Word paragraph; its hard lines are manual line breaks, so the reader
(engine/pipeline/ingest/docx.py) gets the same lines and the same paragraph boundaries back.
"""

from __future__ import annotations

import io

from gongkai.engine.pipeline.model import Disclosure
from gongkai.engine.publish._layout import Grid, Text, is_amount, parts

FONT = "宋体"
SIZES = {"cover": 18, "title": 14, "heading": 12, "caption": 10.5, "meta": 10.5, "note": 9, "body": 10.5}


def render_docx(doc: Disclosure) -> bytes:
    import docx
    from docx.shared import Cm

    document = docx.Document()
    _default_font(document)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin = section.bottom_margin = Cm(2.2)
    for part in parts(doc):
        for block in part.blocks:
            if isinstance(block, Text):
                _text(document, block)
            else:
                _grid(document, block)
    buf = io.BytesIO()
    document.core_properties.title = doc.meta.title or "部门预算公开"
    document.save(buf)
    return buf.getvalue()


def _default_font(document) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(10.5)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)  # Chinese text uses the East Asian font slot


def _text(document, block: Text) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    style = block.style
    p = document.add_paragraph()
    if style in ("cover", "title"):
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(6)
    for k, line in enumerate(block.lines):
        run = p.add_run(line)
        run.font.size = Pt(SIZES[block.styles[k]])
        run.bold = block.styles[k] in ("cover", "title", "heading")
        if k < len(block.lines) - 1:
            run.add_break()


def _grid(document, g: Grid) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    table = document.add_table(rows=len(g.rows), cols=g.width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    merged_into: set[tuple[int, int]] = set()
    before = table._cells if g.merges else []
    for r, c, r2, c2 in g.merges:  # merges never overlap, so the unmerged cell objects stay valid
        before[r * g.width + c].merge(before[r2 * g.width + c2])
        merged_into |= {(i, j) for i in range(r, r2 + 1) for j in range(c, c2 + 1) if (i, j) != (r, c)}
    cells = table._cells  # one pass over the XML; `table.cell(r, c)` rescans the table every call
    for r, row in enumerate(g.rows):
        for c, text in enumerate(row):
            if (r, c) in merged_into or not text:
                continue
            p = cells[r * g.width + c].paragraphs[0]
            run = p.add_run(text)
            run.font.size = Pt(9)
            if r < g.header:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                run.bold = True
            elif is_amount(text):
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
