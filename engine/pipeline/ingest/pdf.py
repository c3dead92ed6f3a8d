"""PDF reader on PDFium (pypdfium2): characters with their boxes and the ruling lines of the page's paths,
turned into the text layout `read_text` parses.

Per page, tables found from their ruling lines become tab-joined rows (merged cells: text in the first
cell, the cells it covers empty, as the text layout has them; header rows included); the text outside
tables becomes lines. Then, over the whole document: page footers are dropped, a line that runs to the
right edge is joined with the next (a soft wrap, also across a page break), and a blank line marks a
paragraph: a vertical gap wider than the document's usual line pitch (double-spaced prose stays one
paragraph), or an indented first line after a line that stopped short. Each line keeps its page and its
position on the page (`L12` = the 12th line or table row from the top). A rotated page (/Rotate) is read
the way it is displayed.
"""

from __future__ import annotations

import ctypes
import re
import struct
import time
import zlib
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import cache
from itertools import repeat
from typing import Any

from gongkai.engine.pipeline.ingest import limits
from gongkai.engine.pipeline.ingest.text import ReadError
from gongkai.engine.pipeline.model import Loc, Problem

_AMOUNT = re.compile(r"\d\.\d\d(\t|$)")
_FOOTER = re.compile(
    r"^\s*([-—–－]+\s*\d+\s*[-—–－]+|第\s*\d+\s*页(\s*[,，]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d{1,4})\s*$"
)
# a table-of-contents entry: dot (or ellipsis) leaders and the page number end it, however wide the line runs
_LEADERS_END = re.compile(r"(\.{3,}|…{2,}|·{3,}|-{3,})\s*\d{1,4}\s*$")
_ITEM = re.compile(r"^\s*(\d+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、)")
_SENTENCE_END = ("。", "；", ";", "！", "？", "：", ":")
_SNAP = 2.5  # points: ruling lines closer than this are one line (double rules, anti-aliasing offsets)
_THIN = 3.0  # points: a path thinner than this is a ruling line, whatever its length
_SPACE = 3.0  # points: a wider gap between two characters of a line is a space (pdfplumber's default)


@dataclass
class _Item:
    page: int
    top: float
    bottom: float
    x0: float = 0.0
    x1: float = 0.0
    size: float = 10.0
    text: str = ""
    cells: list[str] | None = None  # a table row
    pos: int = 0  # 1-based position on its page
    width: float = 0.0  # the page's width
    table: int = 0  # which table on its page (rows only)


def read_pdf(data: bytes) -> tuple[list[str], list[Loc], list[Problem]]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    _check_streams(data)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == raw.FPDF_ERR_PASSWORD:
            raise ReadError("PDF 已加密，需要密码才能打开 / encrypted PDF: a password is needed to open it") from exc
        raise ReadError(f"PDF 文件已损坏，无法解析 / corrupt PDF: {_short(exc)}") from exc
    try:
        count = len(pdf)
        if count > limits.LIMITS.max_pages:
            raise ReadError(
                f"PDF 页数过多（{count} 页，上限 {limits.LIMITS.max_pages}）/ too many pages "
                f"(limit {limits.LIMITS.max_pages}, set GONGKAI_MAX_PAGES)"
            )
        if count == 0:
            raise ReadError("PDF 没有页面 / the PDF has no pages")
        items, blank_pages = _read_pages(pdf, data, count, raw)
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


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:80]}" if text else type(exc).__name__


# -- hostile input ---------------------------------------------------------------------------------
_STREAM = re.compile(rb"stream\r?\n")


def _check_streams(data: bytes) -> None:
    """Refuse a file with a Flate stream that inflates past the limit, before PDFium inflates it whole
    (a 300 KB file can ask for gigabytes). Streams are found by their keyword, so damaged files are covered."""
    limit = limits.LIMITS.max_stream
    for m in _STREAM.finditer(data):
        start = m.end()
        head = data[start : start + 2]
        if len(head) < 2 or head[0] & 0x0F != 8 or (head[0] << 8 | head[1]) % 31:  # no zlib header: not Flate
            continue
        d = zlib.decompressobj()
        try:
            size = len(d.decompress(data[start : start + limit], limit + 1))
            while size <= limit and d.unconsumed_tail and not d.eof:
                size += len(d.decompress(d.unconsumed_tail, limit + 1 - size))
        except zlib.error:
            continue  # not Flate (or damaged): PDFium decides
        if size > limit:
            raise ReadError(
                f"PDF 中的数据流解压后超过 {limit >> 20} MB，疑似压缩炸弹 / a PDF stream inflates past the "
                "limit: possible decompression bomb (GONGKAI_MAX_STREAM_MB)"
            )


# -- pages ---------------------------------------------------------------------------------------
def _read_pages(pdf, data: bytes, count: int, raw) -> tuple[list[_Item], list[int]]:
    deadline = time.monotonic() + limits.LIMITS.max_seconds
    items: list[_Item] = []
    blank: list[int] = []
    fallback = _Plumber(data)
    try:
        for number in range(1, count + 1):
            if time.monotonic() > deadline:
                raise ReadError(
                    f"PDF 读取超时（{limits.LIMITS.max_seconds} 秒）/ reading the PDF took too long "
                    "(set GONGKAI_MAX_SECONDS)"
                )
            try:
                page = pdf[number - 1]
            except Exception as exc:
                raise ReadError(f"PDF 第 {number} 页无法解析 / corrupt PDF page {number}: {_short(exc)}") from exc
            try:
                found, has_text = _page_items(page, number, raw, fallback)
            finally:
                page.close()
            if not has_text:
                blank.append(number)
            items += found
    finally:
        fallback.close()
    return items, blank


class _Plumber:
    """pdfplumber (pdfminer), opened only for a page where PDFium lost text (see _rulings): its characters,
    in the same display space, go through the same layout. Real disclosures embed their fonts and never need it."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pdf: Any = None

    def chars(self, number: int) -> list[tuple]:
        import io

        import pdfplumber

        try:
            if self.pdf is None:
                self.pdf = pdfplumber.open(io.BytesIO(self.data))
            page = self.pdf.pages[number - 1]
            out = []
            for c in page.chars:
                text = c["text"]
                if not text or (text.isspace() and text != " ") or text < " ":
                    continue
                # pdfminer applies /Rotate itself: pdfplumber's boxes are already in display space
                box = (float(c["x0"]), float(c["top"]), float(c["x1"]), float(c["bottom"]))
                out.append((*box, text, 0))
            page.close()
            return out
        except Exception as exc:
            raise ReadError(f"PDF 第 {number} 页无法解析 / corrupt PDF page {number}: {_short(exc)}") from exc

    def close(self) -> None:
        # not pdfplumber's close(): it loads every page first (slow on a long file, and it raises on a damaged one)
        self.pdf = None


class _View:
    """Page space (PDF units, y up, /Rotate not applied) → display space (y down from the top-left of the
    page as shown, rotation applied)."""

    def __init__(self, page, raw) -> None:
        box = raw.FS_RECTF()
        if not raw.FPDF_GetPageBoundingBox(page, box):
            box.left, box.bottom, box.right, box.top = 0, 0, raw.FPDF_GetPageWidthF(page), raw.FPDF_GetPageHeightF(page)
        self.x0, self.y1 = box.left, box.top
        self.w, self.h = box.right - box.left, box.top - box.bottom
        self.rot = raw.FPDFPage_GetRotation(page) % 4
        self.width = self.h if self.rot % 2 else self.w
        self.height = self.w if self.rot % 2 else self.h

    def point(self, x: float, y: float) -> tuple[float, float]:
        u, v = x - self.x0, self.y1 - y
        rot = self.rot
        if rot == 0:
            return u, v
        if rot == 1:
            return self.h - v, u
        if rot == 2:
            return self.w - u, self.h - v
        return v, self.w - u

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) in display space."""
        ax, ay = self.point(left, top)
        bx, by = self.point(right, bottom)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def _page_items(page, number: int, raw, fallback: _Plumber) -> tuple[list[_Item], bool]:
    view = _View(page, raw)
    chars, text_page = _chars(page, view, raw)
    try:
        if not chars:
            return [], False
        hs, vs, lost = _rulings(page, view, raw)
        if lost:
            chars = fallback.chars(number)
        tables = _tables(hs, vs)
        found: list[_Item] = []
        free = _fill_tables(tables, chars, number, view.width, found)
        for line in _lines(free):
            ink = [c for c in line if c[4] != " "]
            if not ink:
                continue
            # the size: the line's tallest loose box (ascent to descent: about the font size)
            size = max(c[3] - c[1] for c in ink)
            found.append(
                _Item(
                    number,
                    min(c[1] for c in ink),
                    max(c[3] for c in ink),
                    ink[0][0],
                    ink[-1][2],
                    size,
                    _join(line),
                    width=view.width,
                )
            )
    finally:
        raw.FPDFText_ClosePage(text_page)
    found.sort(key=lambda i: (i.top, i.x0))
    for pos, item in enumerate(found, 1):
        item.pos = pos
    return found, True


def _chars(page, view: _View, raw) -> tuple[list[tuple], object]:
    """Every visible character as (x0, top, x1, bottom, text, index) in display space. PDFium's loose box
    (advance width × font ascent/descent) keeps a line's characters the same height, unlike glyph boxes."""
    text_page = raw.FPDFText_LoadPage(page)
    n = raw.FPDFText_CountChars(text_page)
    if n <= 0:
        return [], text_page
    buf = (ctypes.c_ushort * (n + 1))()
    got = raw.FPDFText_GetText(text_page, 0, n, buf)
    text = bytes(buf)[: 2 * max(got - 1, 0)].decode("utf-16-le", "replace")
    if len(text) < n:  # characters outside the BMP: one at a time
        text = "".join(chr(raw.FPDFText_GetUnicode(text_page, k)) for k in range(n))
    rect = raw.FS_RECTF()
    at = ctypes.byref(rect)
    loose = _unchecked("FPDFText_GetLooseCharBox")  # (text page, int, byref(FS_RECTF))
    box = view.box
    x0, y1, upright = view.x0, view.y1, view.rot == 0
    width, height = view.width, view.height
    chars = []
    prev = None
    is_generated = _unchecked("FPDFText_IsGenerated")  # (text page, int)
    for k, ch in enumerate(text[:n]):
        if ch in "\ufffe\x02":
            ch = "-"  # PDFium's mark for a hyphen that ends a line (in Chinese text: a real dash)
        elif ch == " ":
            if is_generated(text_page, k):
                continue  # PDFium's guess; _join decides spacing from the gaps itself
        elif ch.isspace() or ch < " " or ch in "\ufeff\u00ad":
            continue
        if not loose(text_page, k, at):
            continue
        left, top, right, bottom = _RECTF.unpack_from(rect)  # one call, not four field reads
        if upright:  # the common case, without a call per character
            c = (left - x0, y1 - top, right - x0, y1 - bottom, ch, k)
        else:
            c = (*box(left, bottom, right, top), ch, k)
        if not (0 <= (c[0] + c[2]) / 2 <= width and 0 <= (c[1] + c[3]) / 2 <= height):
            continue  # off the page: the overflow of a cell that continues on the next page
        if prev is not None and prev[4] == ch and abs(prev[0] - c[0]) < 1.0 and abs(prev[1] - c[1]) < 1.0:
            continue  # fake bold: the same glyph printed twice, slightly offset
        chars.append(c)
        prev = c
    return chars, text_page


_RECTF = struct.Struct("4f")  # FS_RECTF's fields in order: left, top, right, bottom (C floats)


@cache
def _unchecked(name: str) -> Any:
    """The same PDFium function without its declared argument types, for the calls made once per character
    or page object: ctypes then passes each argument as the C type it already is (a pointer, an int, a byref)
    instead of converting it through argtypes, about 2.4× cheaper a call. Its arguments must be of exactly
    those types (a Python int is passed as a C int). The declared result type is kept."""
    import pypdfium2.raw as raw

    fn = getattr(raw, name)
    bare = type(fn)(ctypes.cast(fn, ctypes.c_void_p).value)
    bare.restype = fn.restype
    return bare


def _join(line: list[tuple]) -> str:
    """A line's characters left to right, a space where the gap is wider than _SPACE."""
    first = line[0]
    out = [first[4]]
    last, right = first[4], first[2]  # out[-1], and where the character before ends
    for c in line[1:]:
        ch = c[4]
        if c[0] - right > _SPACE and last != " ":
            out.append(" ")
            last = " "
        if ch != " " or last != " ":
            out.append(ch)
            last = ch
        right = c[2]
    return "".join(out).strip()


def _lines(chars: list[tuple]) -> list[list[tuple]]:
    """Characters grouped into lines: a character joins the line whose vertical middle it shares."""
    lines: list[list[tuple]] = []
    current: list[tuple] = []
    mid = low = 0.0
    for c in sorted(chars, key=lambda c: c[1] + c[3]):
        cm = (c[1] + c[3]) / 2
        if current and cm <= low:
            current.append(c)
            continue
        if current:
            lines.append(sorted(current))
        current, mid = [c], cm
        low = mid + (c[3] - c[1]) * 0.35
    if current:
        lines.append(sorted(current))
    return lines


# -- ruling lines and tables -----------------------------------------------------------------------
def _rulings(page, view: _View, raw) -> tuple[list[tuple], list[tuple], bool]:
    """Horizontal (y, x0, x1) and vertical (x, y0, y1) ruling lines in display space, from the page's path
    objects (also inside form XObjects): a thin path is a line; a stroked path's straight segments are too.
    Also whether PDFium lost text: a text object in a font that is not embedded and that PDFium has no
    metrics for (reportlab's STSong-Light, without a CJK system font) has no size, and PDFium's text page
    drops a one-character run of it."""
    hs: list[tuple] = []
    vs: list[tuple] = []
    lost = False
    obj: Any = None  # the page object being walked: visible() reads its colour
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    matrix = raw.FS_MATRIX()
    x, y = ctypes.c_float(), ctypes.c_float()

    rgba = [ctypes.c_uint() for _ in range(4)]
    # the calls made for every page object go through _unchecked: their pointer arguments passed by byref
    at_bounds = tuple(map(ctypes.byref, (left, bottom, right, top)))
    at_rgba = tuple(map(ctypes.byref, rgba))
    at_fill, at_stroke = ctypes.byref(fill), ctypes.byref(stroke)
    draw_mode = _unchecked("FPDFPath_GetDrawMode")
    stroke_color, fill_color = _unchecked("FPDFPageObj_GetStrokeColor"), _unchecked("FPDFPageObj_GetFillColor")

    def visible(get_color) -> bool:
        """Not white and not transparent: spreadsheet exports draw every cell's border, the hidden ones white."""
        if not get_color(obj, *at_rgba):
            return True
        return rgba[3].value > 0 and min(rgba[0].value, rgba[1].value, rgba[2].value) < 245

    def add(x0: float, y0: float, x1: float, y1: float) -> None:
        if abs(x1 - x0) <= _THIN and abs(y1 - y0) > _THIN:
            vs.append(((x0 + x1) / 2, y0, y1))
        elif abs(y1 - y0) <= _THIN and abs(x1 - x0) > _THIN:
            hs.append(((y0 + y1) / 2, x0, x1))

    get_type, get_bounds = _unchecked("FPDFPageObj_GetType"), _unchecked("FPDFPageObj_GetBounds")
    TEXT, PATH, FORM = raw.FPDF_PAGEOBJ_TEXT, raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM

    def walk(objects, outer) -> None:
        nonlocal obj, lost
        for obj in objects:
            kind = get_type(obj)
            if kind == TEXT:
                if (
                    not lost
                    and get_bounds(obj, *at_bounds)
                    and right.value - left.value < 0.01
                    and not raw.FPDFFont_GetIsEmbedded(raw.FPDFTextObj_GetFont(obj))
                ):
                    lost = True
                continue
            if kind == FORM:
                raw.FPDFPageObj_GetMatrix(obj, matrix)
                inner = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
                form = obj
                walk((raw.FPDFFormObj_GetObject(form, i) for i in range(raw.FPDFFormObj_CountObjects(form))), inner)
                continue
            if kind != PATH:
                continue
            if not get_bounds(obj, *at_bounds):
                continue
            if outer is identity and upright:  # the common case, without the general transforms
                bx0, by1, bx1, by0 = left.value - x0, y1 - top.value, right.value - x0, y1 - bottom.value
            else:
                bx0, by1, bx1, by0 = view.box(*_apply_box(outer, left.value, bottom.value, right.value, top.value))
            if bx1 - bx0 <= _THIN and by0 - by1 <= _THIN:
                continue  # a dot or a tiny mark: no ruling line
            draw_mode(obj, at_fill, at_stroke)
            if bx1 - bx0 <= _THIN or by0 - by1 <= _THIN:  # a line, drawn as a stroke or a thin filled box
                if (stroke.value and visible(stroke_color)) or (fill.value and visible(fill_color)):
                    add(bx0, by1, bx1, by0)
                continue
            if not stroke.value or not visible(stroke_color):
                continue  # a filled area (shading), not a rule
            raw.FPDFPageObj_GetMatrix(obj, matrix)
            m = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
            start = last = None
            for i in range(raw.FPDFPath_CountSegments(obj)):
                seg = raw.FPDFPath_GetPathSegment(obj, i)
                raw.FPDFPathSegment_GetPoint(seg, x, y)
                point = view.point(*_apply(m, x.value, y.value))
                kind = raw.FPDFPathSegment_GetType(seg)
                if kind == raw.FPDF_SEGMENT_LINETO and last is not None:
                    add(min(last[0], point[0]), min(last[1], point[1]), max(last[0], point[0]), max(last[1], point[1]))
                elif kind == raw.FPDF_SEGMENT_MOVETO:
                    start = point
                last = point
                if raw.FPDFPathSegment_GetClose(seg) and start is not None:
                    add(min(last[0], start[0]), min(last[1], start[1]), max(last[0], start[0]), max(last[1], start[1]))
                    last = start

    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    upright, x0, y1 = view.rot == 0, view.x0, view.y1
    handle = page.raw  # the raw handle: a pypdfium2 object converts itself on every call
    get_object = _unchecked("FPDFPage_GetObject")  # (page, int) → the object's pointer
    walk(map(get_object, repeat(handle), range(raw.FPDFPage_CountObjects(handle))), identity)
    return hs, vs, lost


def _compose(inner: tuple, outer: tuple) -> tuple:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m: tuple, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _apply_box(m: tuple, left: float, bottom: float, right: float, top: float) -> tuple[float, ...]:
    if m == (1.0, 0.0, 0.0, 1.0, 0.0, 0.0):
        return left, bottom, right, top
    xs, ys = zip(*(_apply(m, px, py) for px in (left, right) for py in (bottom, top)))
    return min(xs), min(ys), max(xs), max(ys)


def _merge(segments: list[tuple]) -> list[tuple]:
    """Collinear segments (positions within _SNAP of each other) that touch or overlap, joined into one."""
    out: list[tuple] = []
    group: list[tuple] = []
    for seg in sorted(segments) + [(float("inf"), 0.0, 0.0)]:
        if group and seg[0] - group[-1][0] > _SNAP:
            pos = sum(g[0] for g in group) / len(group)
            start: float | None = None
            end = 0.0  # read only once start is set
            for _, a, b in sorted(group, key=lambda g: g[1]):
                if start is not None and a <= end + _SNAP:
                    end = max(end, b)
                    continue
                if start is not None:
                    out.append((pos, start, end))
                start, end = a, b
            out.append((pos, start, end))
            group = []
        group.append(seg)
    return out


def _snap(values: list[float]) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= _SNAP:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


@dataclass
class _Table:
    xs: list[float]  # column boundaries, left to right
    ys: list[float]  # row boundaries, top to bottom
    hs: list[tuple]
    vs: list[tuple]

    def spans(self, segments: list[tuple], positions: list[float]) -> list[list[tuple]]:
        """For each boundary position, the (start, end) of the segments lying on it."""
        return [[(s[1] - _SNAP, s[2] + _SNAP) for s in segments if abs(s[0] - pos) <= _SNAP] for pos in positions]


def _tables(hs: list[tuple], vs: list[tuple]) -> list[_Table]:
    """Grids: groups of horizontal and vertical lines that cross or touch, with at least two columns.
    A grid open at its sides (no outer vertical border, common in spreadsheet exports) is closed by the ends
    of its horizontal lines, and an open top or bottom by the ends of its vertical lines."""
    hs, vs = _merge(hs), _merge(vs)
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (y, x0, x1) in enumerate(hs):
        for j, (x, y0, y1) in enumerate(vs):
            if x0 - _SNAP <= x <= x1 + _SNAP and y0 - _SNAP <= y <= y1 + _SNAP:
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list, list]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    tables = []
    for gh, gv in groups.values():
        if not gh or not gv:
            continue
        xs = _snap([v[0] for v in gv] + [min(h[1] for h in gh), max(h[2] for h in gh)])
        ys = _snap([h[0] for h in gh] + [min(v[1] for v in gv), max(v[2] for v in gv)])
        if len(xs) >= 3 and len(ys) >= 2:
            tables.append(_Table(xs, ys, gh, gv))
    tables.sort(key=lambda t: (t.ys[0], t.xs[0]))
    return tables


def _fill_tables(
    tables: list[_Table], chars: list[tuple], number: int, width: float, found: list[_Item]
) -> list[tuple]:
    """Put each character into its table cell; add one _Item per non-empty table row to `found`; return the
    characters outside every table."""
    if not tables:
        return chars
    free = []
    inside: list[dict[tuple[int, int], list[tuple]]] = [{} for _ in tables]
    bounds = [
        (t.xs[0], t.xs[-1], t.ys[0], t.ys[-1], t.xs, t.ys, len(t.xs) - 2, len(t.ys) - 2, cells)
        for t, cells in zip(tables, inside)
    ]
    for c in chars:
        cx, cy = (c[0] + c[2]) / 2, (c[1] + c[3]) / 2
        for left, right, top, bottom, xs, ys, last_col, last_row, cells in bounds:
            if left <= cx <= right and top <= cy <= bottom:
                # a character on the grid's bottom or right edge is in its last row or column (min(), spelt
                # out: a builtin call per coordinate was a fifth of this loop)
                row, col = bisect_right(ys, cy) - 1, bisect_right(xs, cx) - 1
                key = (row if row < last_row else last_row, col if col < last_col else last_col)
                cells.setdefault(key, []).append(c)
                break
        else:
            free.append(c)
    for k, (t, cells) in enumerate(zip(tables, inside), 1):
        if not cells:
            continue
        owner = _merged_cells(t)
        texts: dict[tuple[int, int], list[tuple]] = {}
        for key, cs in cells.items():
            texts.setdefault(owner[key], []).extend(cs)
        ncols = len(t.xs) - 1
        for row in range(len(t.ys) - 1):
            row_cells = ["" for _ in range(ncols)]
            for col in range(ncols):
                if (row, col) in texts:
                    row_cells[col] = _cell_text(texts[(row, col)])
            if any(row_cells):
                found.append(
                    _Item(number, t.ys[row], t.ys[row + 1], t.xs[0], t.xs[-1], cells=row_cells, width=width, table=k)
                )
    return free


def _merged_cells(t: _Table) -> dict[tuple[int, int], tuple[int, int]]:
    """Each grid cell → the first (top-left) cell of the merged cell it belongs to: neighbours with no ruling
    line between them are one cell."""
    rows, cols = len(t.ys) - 1, len(t.xs) - 1
    owner = {(r, c): (r, c) for r in range(rows) for c in range(cols)}

    def find(cell):
        while owner[cell] != cell:
            cell = owner[cell]
        return cell

    def union(a, b):
        ra, rb = find(a), find(b)
        if ra != rb:
            first, second = min(ra, rb), max(ra, rb)
            owner[second] = first

    on_x, on_y = t.spans(t.vs, t.xs), t.spans(t.hs, t.ys)
    # (for/else, not any() over a generator: a table has a few hundred cell sides, each asked of every segment)
    for r in range(rows):
        mid_y = (t.ys[r] + t.ys[r + 1]) / 2
        for c in range(cols - 1):
            for a, b in on_x[c + 1]:
                if a <= mid_y <= b:
                    break  # a ruling line between the two cells
            else:
                union((r, c), (r, c + 1))
    for c in range(cols):
        mid_x = (t.xs[c] + t.xs[c + 1]) / 2
        for r in range(rows - 1):
            for a, b in on_y[r + 1]:
                if a <= mid_x <= b:
                    break
            else:
                union((r, c), (r + 1, c))
    return {cell: find(cell) for cell in owner}


def _cell_text(chars: list[tuple]) -> str:
    """A cell's text: its lines joined (Chinese has no spaces to restore), tabs impossible."""
    return "".join(_join(line).strip() for line in _lines(chars)).replace("\t", " ")


# -- the document's layout -------------------------------------------------------------------------
def _line_pitch(items: list[_Item]) -> float:
    """The document's usual distance from one prose line to the next, as a multiple of the font size:
    1.2–1.5 for single spacing, about 2 for double spacing."""
    ratios: Counter[float] = Counter()
    for a, b in zip(items, items[1:]):
        if a.cells is None and b.cells is None and a.page == b.page and abs(a.size - b.size) < 0.5 and a.size > 0:
            step = (b.top - a.top) / a.size
            if 0.8 < step < 3.5:
                ratios[round(step * 20) / 20] += 1
    if not ratios:
        return 1.5
    return ratios.most_common(1)[0][0]


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
    margins = _margins(texts)
    pitch = _line_pitch(texts)

    lines: list[str] = []
    locs: list[Loc] = []
    prev: _Item | None = None
    head: list[list[str]] = []  # header rows of the table being read (its rows before any amount)
    in_head = False
    repeat: int | None = None  # on a continuation page: how many header rows have repeated so far
    for item in kept:
        if item.cells is not None:
            rows_before = prev is not None and prev.cells is not None
            if rows_before and prev is not None and (prev.page, prev.table) == (item.page, item.table):
                if repeat is not None and repeat < len(head) and item.cells == head[repeat]:
                    repeat += 1
                    prev = item
                    continue  # the header printed again at the top of a continuation page
                repeat = None
                in_head = in_head and not _AMOUNT.search("\t".join(item.cells))
                if in_head:
                    head.append(item.cells)
            elif rows_before and prev is not None and item.page == prev.page + 1:
                if head and item.cells == head[0]:
                    repeat = 1
                    prev = item
                    continue
            else:
                in_head = not _AMOUNT.search("\t".join(item.cells))
                head = [item.cells] if in_head else []
                repeat = None
        if prev is not None:
            if _continues(prev, item, margins, pitch):
                lines[-1] += item.text
                prev = item
                continue
            if _new_paragraph(prev, item, margins, pitch):
                lines.append("")
                locs.append(Loc(page=item.page))
        if item.cells is not None:
            lines.append("\t".join(item.cells))
        else:
            lines.append(item.text)
        locs.append(Loc(page=item.page, cell=f"L{item.pos}"))
        prev = item
    return lines, locs


def _margins(texts: list[_Item]) -> dict[int, tuple[float, float]]:
    """Per page width (portrait and landscape pages differ): the prose's left margin, the most common line
    start (a centred title must not set it), and its right edge, the most common end of a line (justified
    lines all end there). Without a common end, the widest line's end, but never short of a right margin as
    wide as the left one (if no line is wrapped, the longest line must not look "full" and swallow the next)."""
    groups: dict[int, list[_Item]] = {}
    for item in texts:
        groups.setdefault(round(item.width), []).append(item)
    margins = {}
    for width, group in groups.items():
        start, _ = Counter(round(i.x0) for i in group).most_common(1)[0]
        left = min(i.x0 for i in group if abs(i.x0 - start) <= 2)
        end, seen = (
            Counter(round(i.x1) for i in group if i.x1 > width / 2).most_common(1)[0]
            if any(i.x1 > width / 2 for i in group)
            else (0, 0)
        )
        if seen >= 3:
            right = max(i.x1 for i in group if abs(i.x1 - end) <= 2)
        else:
            right = max(max(i.x1 for i in group), width - left)
        margins[width] = (left, right)
    return margins


def _gap(prev: _Item, item: _Item, pitch: float) -> bool:
    """A vertical gap wider than the usual line pitch (with a quarter line of tolerance)."""
    return item.top - prev.top > (pitch + 0.35) * max(prev.size, item.size)


def _new_paragraph(prev: _Item, item: _Item, margins: dict, pitch: float) -> bool:
    if prev.cells is not None and item.cells is not None:
        return item.page != prev.page or item.table != prev.table
    if item.page != prev.page or _gap(prev, item, pitch):
        return True
    if prev.cells is None and item.cells is None:
        # an indented first line that runs to the right edge (a paragraph, not a centred line) after a
        # line that stopped short of it
        left, right = margins[round(item.width)]
        indented = left + 1.5 * item.size <= item.x0 <= left + 3.5 * item.size and item.x1 >= right - 1.2 * item.size
        return indented and prev.x1 < right - 1.2 * prev.size
    return False


def _continues(prev: _Item, item: _Item, margins: dict, pitch: float) -> bool:
    """Is `item` the soft-wrapped continuation of `prev`: prev runs to the right edge, item starts at the left."""
    if prev.cells is not None or item.cells is not None or abs(prev.size - item.size) > 0.5:
        return False
    if prev.text.endswith(_SENTENCE_END) and _ITEM.match(item.text):
        return False  # a new numbered item that happens to follow a full line
    if _LEADERS_END.search(prev.text):
        return False  # a contents entry runs to the right edge through its leaders: the next is its own
    right, left = margins[round(prev.width)][1], margins[round(item.width)][0]
    if prev.x1 < right - 1.2 * prev.size or item.x0 > left + 0.5 * item.size:
        return False
    if item.page == prev.page:
        return not _gap(prev, item, pitch)
    return item.page == prev.page + 1
