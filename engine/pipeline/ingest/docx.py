"""DOCX reader: python-docx paragraphs and real tables, in body order, as the text layout.

A paragraph becomes its lines (manual line breaks split it) followed by a blank line, the paragraph
boundary the text reader needs; tabs inside a paragraph are alignment, not columns, so they become
spaces. A table row becomes one tab-joined line. Merged cells are read from the XML: a horizontal
merge (gridSpan) keeps its text in the first grid column and leaves the others empty, a vertical merge
continuation is empty — the same shape the text layout gives merged header cells.
Locations: `P12` (the 12th body paragraph), `T3:R5` (row 5 of the 3rd table).
"""

from __future__ import annotations

from gongkai.engine.pipeline.ingest.limits import describe
from gongkai.engine.pipeline.ingest.text import ReadError
from gongkai.engine.pipeline.model import Loc, Problem

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes) -> tuple[list[str], list[Loc], list[Problem]]:
    import io

    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # a package with a word/document.xml python-docx cannot make sense of
        raise ReadError(f"Word 文件已损坏，无法解析 / corrupt DOCX: {describe(exc)}") from exc
    lines: list[str] = []
    locs: list[Loc] = []
    n_par = n_tab = 0
    try:
        for block in document.iter_inner_content():
            if isinstance(block, Paragraph):
                n_par += 1
                text = block.text.replace("\t", " ").replace("\r", "\n")
                if not text.strip():
                    continue
                for part in text.split("\n"):
                    lines.append(part)
                    locs.append(Loc(cell=f"P{n_par}"))
            elif isinstance(block, Table):
                n_tab += 1
                for r, tr in enumerate(block._tbl.tr_lst, 1):
                    lines.append("\t".join(_row_cells(tr)))
                    locs.append(Loc(cell=f"T{n_tab}:R{r}"))
            else:
                continue
            lines.append("")
            locs.append(Loc(cell=locs[-1].cell))
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError(f"Word 文件内容无法解析 / corrupt DOCX content: {describe(exc)}") from exc
    return lines, locs, []


_MAX_SPAN = 64  # a hostile gridSpan of 10^9 must not allocate a billion cells


def _row_cells(tr) -> list[str]:
    cells = [""] * min(tr.grid_before or 0, _MAX_SPAN)
    for tc in tr.tc_lst:
        span = min(max(tc.grid_span or 1, 1), _MAX_SPAN)
        text = "" if tc.vMerge == "continue" else _cell_text(tc)
        cells += [text] + [""] * (span - 1)
    return cells


def _cell_text(tc) -> str:
    """Every paragraph of the cell (nested tables too), joined without separators: wraps carry no spaces."""
    parts = []
    for t in tc.iter(f"{_W}t", f"{_W}tab"):
        if t.tag == f"{_W}t" and t.text:
            parts.append(t.text)
        elif t.tag == f"{_W}tab":
            parts.append(" ")
    return "".join(parts).strip()
