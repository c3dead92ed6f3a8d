"""PDF reader: pdfplumber's text lines and ruled tables, turned into the text layout `read_text` parses.

Per page, tables found from their ruling lines become tab-joined rows (merged cells: text in the first
cell, the cells it covers empty, as the text layout has them); the text outside tables becomes lines.
Then, over the whole document: page footers are dropped, a line that runs to the right edge is joined
with the next (a soft wrap, also across a page break), and a vertical gap wider than the line spacing
becomes a blank line (the paragraph boundary the text reader needs). Each line keeps its page and its
position on the page (`L12` = the 12th line or table row from the top).
"""
from __future__ import annotations

import io
import re
import time
import zlib
from dataclasses import dataclass

from engine.ingest import limits
from engine.ingest.limits import describe
from engine.ingest.text import ReadError
from engine.model import Loc, Problem

_AMOUNT = re.compile(r"\d\.\d\d(\t|$)")
_FOOTER = re.compile(r"^\s*([-—–－]+\s*\d+\s*[-—–－]+|第\s*\d+\s*页(\s*[,，]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d{1,4})\s*$")


@dataclass
class _Item:
    page: int
    top: float
    bottom: float
    x0: float = 0.0
    x1: float = 0.0
    size: float = 10.0
    text: str = ""
    cells: list[str] | None = None         # a table row
    pos: int = 0                           # 1-based position on its page
    width: float = 0.0                     # the page's width
    table: int = 0                         # which table on its page (rows only)


def read_pdf(data: bytes) -> tuple[list[str], list[Loc], list[Problem]]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    _bound_inflation()
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfplumber wraps every pdfminer failure; the file is unreadable either way
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, ReadError):
            raise cause from exc
        if isinstance(cause, PDFPasswordIncorrect) or "password" in str(cause).lower():
            raise ReadError("PDF 已加密，需要密码才能打开 / encrypted PDF: a password is needed to open it") from exc
        raise ReadError(f"PDF 文件已损坏，无法解析 / corrupt PDF: {describe(cause)}") from exc
    # no `with pdf:` — its close() loads every page first, which is what a page limit must avoid
    count = _page_count(pdf)
    if count > limits.LIMITS.max_pages:
        raise ReadError(f"PDF 页数过多（{count} 页，上限 {limits.LIMITS.max_pages}）/ too many pages "
                        f"(limit {limits.LIMITS.max_pages}, set GONGKAI_MAX_PAGES)")
    if count == 0:
        raise ReadError("PDF 没有页面 / the PDF has no pages")
    try:
        items, blank_pages = _read_pages(pdf)
    finally:
        pdf.close()
    if not any(i.cells is not None or i.text for i in items):
        raise ReadError("PDF 没有文字层（可能是扫描件），不支持 OCR / no text layer; OCR is not supported")
    problems = []
    if blank_pages:
        pages = "、".join(str(p) for p in blank_pages[:20])
        problems.append(Problem(what="pdf.no_text", message=f"PDF 第 {pages} 页没有文字层（可能是扫描页），未读取"))
    lines, locs = _layout(items)
    return lines, locs, problems


def _inflate(data: bytes, strict: bool) -> bytes:
    """zlib inflation with a ceiling: pdfminer inflates every stream whole, so a 1 MB file could ask for 50 GB."""
    limit = limits.LIMITS.max_stream
    d = zlib.decompressobj()
    try:
        out = d.decompress(data, limit + 1)
    except zlib.error:
        if strict:
            raise
        return b""
    if len(out) > limit:
        raise ReadError(f"PDF 中的数据流解压后超过 {limit >> 20} MB，疑似压缩炸弹 / a PDF stream inflates past the limit: "
                        "possible decompression bomb (GONGKAI_MAX_STREAM_MB)")
    if strict and not d.eof:
        raise zlib.error("incomplete or truncated stream")
    return out


class _BoundedZlib:
    """Stands in for the `zlib` module inside pdfminer.pdftypes: `decompress` is bounded, the rest is zlib's."""
    error = zlib.error

    def decompress(self, data: bytes, *args) -> bytes:
        return _inflate(data, strict=True)

    def __getattr__(self, name: str):
        return getattr(zlib, name)


def _bound_inflation() -> None:
    """Replace pdfminer's unbounded inflation (zlib.decompress, and a byte-at-a-time quadratic fallback for
    damaged streams) with `_inflate`. Process-wide and idempotent; only pdfminer's own module is touched."""
    import pdfminer.pdftypes as types

    if not isinstance(types.zlib, _BoundedZlib):
        types.zlib = _BoundedZlib()
        types.decompress_corrupted = lambda data: _inflate(data, strict=False)


def _page_count(pdf) -> int:
    """The page tree's /Count, read without loading every page (a 100,000-page file stays cheap)."""
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(resolve1(pdf.doc.catalog["Pages"])["Count"])
        if isinstance(count, int):
            return count
    except Exception:  # a broken page tree: count the pages the slow way
        pass
    try:
        return len(pdf.pages)
    except Exception as exc:
        raise ReadError(f"PDF 页面结构损坏 / corrupt PDF page tree: {describe(exc)}") from exc


def _read_pages(pdf) -> tuple[list[_Item], list[int]]:
    deadline = time.monotonic() + limits.LIMITS.max_seconds
    items: list[_Item] = []
    blank: list[int] = []
    try:
        for number, page in enumerate(pdf.pages, 1):
            if number > limits.LIMITS.max_pages:       # /Count lied
                raise ReadError(f"PDF 页数过多（上限 {limits.LIMITS.max_pages}）/ too many pages")
            if time.monotonic() > deadline:
                raise ReadError(f"PDF 读取超时（{limits.LIMITS.max_seconds} 秒）/ reading the PDF took too long "
                                "(set GONGKAI_MAX_SECONDS)")
            found = _page_items(page, number)
            if not found and not page.chars:
                blank.append(number)
            items += found
            page.flush_cache()      # pdfplumber keeps every parsed object otherwise: memory grows per page
            page.close()
    except ReadError:
        raise
    except Exception as exc:
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, ReadError):      # our own limit, raised inside pdfminer and wrapped by pdfplumber
            raise cause from exc
        raise ReadError(f"PDF 内容无法解析 / corrupt PDF content: {describe(exc)}") from exc
    return items, blank


def _page_items(page, number: int) -> list[_Item]:
    if not page.chars:
        return []
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    found: list[_Item] = []
    text_page = page.filter(outside) if boxes else page
    for line in text_page.extract_text_lines(return_chars=True):
        text = line["text"].strip()
        if not text:
            continue
        size = max((c.get("size", 10.0) for c in line["chars"]), default=10.0)
        found.append(_Item(number, line["top"], line["bottom"], line["x0"], line["x1"], size, text, width=page.width))
    for k, table in enumerate(tables, 1):
        rows = table.extract()
        for row, cells in zip(table.rows, rows):
            texts = [_cell(c) for c in cells]
            found.append(_Item(number, row.bbox[1], row.bbox[3], row.bbox[0], row.bbox[2], cells=texts,
                               width=page.width, table=k))
    found.sort(key=lambda i: (i.top, i.x0))
    for pos, item in enumerate(found, 1):
        item.pos = pos
    return found


def _cell(text: str | None) -> str:
    """A cell's text: wrapped lines joined (Chinese has no spaces to restore), tabs impossible."""
    if not text:
        return ""
    return "".join(part.strip() for part in text.split("\n")).replace("\t", " ")


def _layout(items: list[_Item]) -> tuple[list[str], list[Loc]]:
    # page footers: a page number alone at the bottom (or top) of its page
    by_page: dict[int, list[_Item]] = {}
    for item in items:
        by_page.setdefault(item.page, []).append(item)
    kept: list[_Item] = []
    for page_items in by_page.values():
        edge = {id(page_items[0]), id(page_items[-1])}
        kept += [i for i in page_items if not (id(i) in edge and i.cells is None and _FOOTER.match(i.text))]
    texts = [i for i in kept if i.cells is None]
    left = min((i.x0 for i in texts), default=0.0)
    # the text's right edge: where the widest lines end, but never short of a right margin as wide as the
    # left one (if no line is wrapped, the longest line must not look "full" and swallow the next one)
    right = max(max((i.x1 for i in texts), default=0.0), min((i.width for i in texts), default=0.0) - left)

    lines: list[str] = []
    locs: list[Loc] = []
    prev: _Item | None = None
    head: list[list[str]] = []         # header rows of the table being read (its rows before any amount)
    in_head = False
    repeat: int | None = None          # on a continuation page: how many header rows have repeated so far
    for item in kept:
        if item.cells is not None:
            rows_before = prev is not None and prev.cells is not None
            if rows_before and (prev.page, prev.table) == (item.page, item.table):
                if repeat is not None and repeat < len(head) and item.cells == head[repeat]:
                    repeat += 1
                    prev = item
                    continue           # the header printed again at the top of a continuation page
                repeat = None
                in_head = in_head and not _AMOUNT.search("\t".join(item.cells))
                if in_head:
                    head.append(item.cells)
            elif rows_before and item.page == prev.page + 1:
                if head and item.cells == head[0]:
                    repeat = 1
                    prev = item
                    continue
            else:
                in_head = not _AMOUNT.search("\t".join(item.cells))
                head = [item.cells] if in_head else []
                repeat = None
        if prev is not None:
            if _continues(prev, item, left, right):
                lines[-1] += item.text
                prev = item
                continue
            if item.page != prev.page or item.top - prev.bottom > 0.8 * max(prev.size, item.size):
                if not (prev.cells is not None and item.cells is not None and item.page == prev.page):
                    lines.append("")
                    locs.append(Loc(page=item.page))
        if item.cells is not None:
            lines.append("\t".join(item.cells))
        else:
            lines.append(item.text)
        locs.append(Loc(page=item.page, cell=f"L{item.pos}"))
        prev = item
    return lines, locs


def _continues(prev: _Item, item: _Item, left: float, right: float) -> bool:
    """Is `item` the soft-wrapped continuation of `prev`: prev runs to the right edge, item starts at the left."""
    if prev.cells is not None or item.cells is not None or abs(prev.size - item.size) > 0.5:
        return False
    if prev.x1 < right - 1.2 * prev.size or item.x0 > left + 0.5 * item.size:
        return False
    if item.page == prev.page:
        return item.top - prev.bottom <= 0.8 * prev.size
    return item.page == prev.page + 1
